"""Near-duplicate agreement: numpy shingle hashing against datasketch's sha1 per shingle.

The loader signs every article with :func:`corpus_utils.prepare.duplicates.signature` (word
5-gram hashes computed with numpy). Before, each shingle was hashed with datasketch's
default ``sha1_hash32`` (``MinHash.update_batch``). This script loads BBC and FA-KES,
computes both signatures of every loaded body (exact duplicates skipped, as the loader
does), runs :func:`~corpus_utils.prepare.duplicates.near_duplicates` on each, and lists the
pairs found by one and not the other, with both estimates and the true Jaccard
similarity of the two articles' shingle sets. It also times both signatures.

    python benchmarks/bench_near_duplicates.py

Results: ``benchmarks/results/near_duplicates.csv`` (the pairs) and stdout.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.prepare import duplicates

RESULTS = Path(__file__).resolve().parent / "results"
CORPORA = {
    "bbc": paths.SHARED_CORPORA / "bbc",
    "fa-kes": paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv",
}


def sha1_signature(text: str) -> object:
    """The reference: datasketch's own hashing (sha1 of each ``" "``-joined shingle)."""
    words = duplicates._words(text)
    size = duplicates.SHINGLE
    if len(words) < size:
        shingles = [" ".join(words).encode()] if words else []
    else:
        shingles = [" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)]
    m = duplicates._new(duplicates.NUM_PERM)
    if shingles:
        m.update_batch(shingles)
    return m.hashvalues


def true_jaccard(a: str, b: str) -> float:
    sa, sb = set(duplicates.shingle_hashes(a).tolist()), set(duplicates.shingle_hashes(b).tolist())
    return len(sa & sb) / max(len(sa | sb), 1)


def main() -> int:
    rows, pairs = [], []
    for name, path in CORPORA.items():
        c = cu.load_corpus(path, progress=False)
        docs = c.docs
        skip = docs["duplicate_of"].notna().tolist()
        texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
        found = {}
        for how, func in (("sha1", sha1_signature), ("numpy", duplicates.signature)):
            t0 = time.perf_counter()
            sigs = [func(t) for t in docs["text"]]
            seconds = time.perf_counter() - t0
            near = duplicates.near_duplicates(docs["doc_id"], hashvalues=sigs, skip=skip)
            found[how] = dict(
                zip(
                    near["doc_id"],
                    zip(near["near_duplicate_of"], near["similarity"], strict=True),
                    strict=True,
                )
            )
            rows.append(
                {
                    "corpus": name,
                    "hashing": how,
                    "articles": len(docs),
                    "seconds": seconds,
                    "ms_per_article": 1e3 * seconds / len(docs),
                    "near_duplicates": len(near),
                }
            )
        keys = sorted(set(found["sha1"]) | set(found["numpy"]))
        for k in keys:
            a, b = found["sha1"].get(k), found["numpy"].get(k)
            of = (a or b)[0]
            pairs.append(
                {
                    "corpus": name,
                    "doc_id": k,
                    "sha1_of": a[0] if a else "",
                    "sha1_estimate": a[1] if a else None,
                    "numpy_of": b[0] if b else "",
                    "numpy_estimate": b[1] if b else None,
                    "same": a is not None and b is not None and a[0] == b[0],
                    "true_jaccard": round(true_jaccard(texts[k], texts[of]), 3),
                }
            )
    RESULTS.mkdir(exist_ok=True)
    timing = pd.DataFrame(rows).round(3)
    agree = pd.DataFrame(pairs)
    agree.to_csv(RESULTS / "near_duplicates.csv", index=False)
    print(timing.to_string(index=False))
    print()
    for name, part in agree.groupby("corpus") if len(agree) else []:
        n_same = int(part["same"].sum())
        print(
            f"{name}: {len(part)} articles flagged by either, {n_same} flagged by both with "
            f"the same original"
        )
    diff = agree[~agree["same"]] if len(agree) else agree
    if len(diff):
        print("\nflagged by one hashing only (or with another original):")
        print(diff.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
