"""How much text cleaning removes, per outlet (or folder), on the shared corpora.

Cleaning rules were written from the seed corpus's two outlets; this checks they do not
eat other outlets' text. Run by ``make bench``; writes benchmarks/results/cleaning.csv.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

import corpus_utils as cu
from corpus_utils import paths

CORPORA = {
    "seed": (paths.PROJECT_ROOT / "data" / "articles", "outlet"),
    "fa-kes": (paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv", "outlet"),
    "bbc": (paths.SHARED_CORPORA / "bbc", "folder"),
}
RESULTS = Path(__file__).resolve().parent / "results"


def removal_by_group(corpus: cu.Corpus, by: str) -> pd.DataFrame:
    """Characters kept and removed per group, by kind of removal."""
    docs = corpus.docs[["doc_id", by, "text"]].assign(kept=lambda d: d["text"].str.len())
    removed = corpus.removed.assign(chars=corpus.removed["text"].str.len())
    per_doc = removed.pivot_table(index="doc_id", columns="kind", values="chars", aggfunc="sum")
    table = docs.merge(per_doc, on="doc_id", how="left").fillna(0)
    kinds = [c for c in per_doc.columns]
    out = table.groupby(by)[["kept", *kinds]].sum()
    out.insert(0, "articles", table.groupby(by).size())
    out["removed_share_%"] = 100 * out[kinds].sum(axis=1) / (out["kept"] + out[kinds].sum(axis=1))
    out["articles_touched"] = table.assign(t=table[kinds].sum(axis=1) > 0).groupby(by)["t"].sum()
    return out.reset_index().rename(columns={by: "group"})


def main() -> int:
    frames = []
    for name, (path, by) in CORPORA.items():
        if not path.exists():
            print(f"skipped {name}: {path} not found")
            continue
        table = removal_by_group(cu.load_corpus(path), by)
        frames.append(table.assign(corpus=name))
    result = pd.concat(frames, ignore_index=True).fillna(0).round(2)
    cols = ["corpus", "group", "articles", "articles_touched", "removed_share_%"]
    RESULTS.mkdir(exist_ok=True)
    result.to_csv(RESULTS / "cleaning.csv", index=False)
    print(result[cols + [c for c in result.columns if c not in cols]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
