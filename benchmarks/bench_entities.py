"""Entities and beat coverage on the shared corpora: time, coverage, the top names.

For the seed, BBC (2,225 articles, no Syria content) and FA-KES (804 articles on the
war in Syria): the seconds ``corpus.entities()`` takes on a prepared corpus (tokens
already built, as in a notebook), the share of articles in the Syria pack's beat, the
labels attached to a Syria-pack actor outside the beat (the target is 0) and the ten
most mentioned entities with their variants. Not run by ``make bench`` yet (the lead
adds it); run it as ``python benchmarks/bench_entities.py``.
"""

from __future__ import annotations

import sys
import time

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.sources import entities, framing

CORPORA = {
    "seed": paths.PROJECT_ROOT / "data" / "articles",
    "bbc": paths.SHARED_CORPORA / "bbc",
    "fa-kes": paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv",
}


def main() -> int:
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"{name}: {path} is missing", file=sys.stderr)
            return 1
        corpus = cu.load_corpus(path, progress=False)
        corpus.tokens()  # prepared, as a notebook has it before asking for entities
        t0 = time.perf_counter()
        table = corpus.entities()
        seconds = time.perf_counter() - t0
        n_mentions = int(table["mentions"].sum())
        share = entities.coverage(corpus)
        ev = framing.label_evidence(corpus)
        groups = set(framing.actor_groups())
        leaks = int((~ev["in_beat"] & ev["actor"].isin(groups)).sum())
        print(
            f"\n== {name}: {len(corpus):,} articles, entities() {seconds:.1f} s, "
            f"{len(table):,} entities, {n_mentions:,} mentions; Syria beat {share:.1%}; "
            f"labels on Syria-pack actors outside the beat: {leaks}"
        )
        for r in table.head(10).itertuples():
            print(f"  {r.mentions:>6}  {r.entity:<28} {r.kind:<13} {r.variants[:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
