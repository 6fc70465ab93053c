"""What cleaning removes, per outlet (or folder), on the shared corpora.

For each outlet of FA-KES, each BBC section and the seed's two outlets: the share of
characters removed and the three most removed lines with their rule, so a reader can
see that boilerplate goes and journalism stays. Run by ``make bench``; writes
benchmarks/results/cleaning.csv (one row per group and removed line).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pandas as pd

import corpus_utils as cu
from corpus_utils import paths, report

CORPORA = {
    "seed": (paths.PROJECT_ROOT / "data" / "articles", "outlet"),
    "fa-kes": (paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv", "outlet"),
    "bbc": (paths.SHARED_CORPORA / "bbc", "folder"),
}
RESULTS = Path(__file__).resolve().parent / "results"


def _print(name: str, table: pd.DataFrame) -> None:
    print(f"\n== {name}: share of characters removed, and the three most removed lines")
    for group, rows in table.groupby("group", sort=False):
        first = rows.iloc[0]
        print(f"{group:<28} {first['articles']:>5} articles  {100 * first['share']:6.2f} % removed")
        for r in rows[rows["rank"] > 0].itertuples():
            line = textwrap.shorten(str(r.text), 70, placeholder=" ...")
            print(f"    {r.count:>4} x  {line}  [{r.rule}]")


def main() -> int:
    frames = []
    for name, (path, by) in CORPORA.items():
        if not path.exists():
            print(f"skipped {name}: {path} not found")
            continue
        corpus = cu.load_corpus(path, progress=False)
        table = report.removal_summary(corpus, by=by, top=3)
        _print(name, table)
        frames.append(table.assign(corpus=name))
    RESULTS.mkdir(exist_ok=True)
    pd.concat(frames, ignore_index=True).to_csv(RESULTS / "cleaning.csv", index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
