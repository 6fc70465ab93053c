"""Counting analyses on BBC News: time and peak memory of term frequencies, keyness,
each-group log-odds and tf-idf, read from the token table (before) or the dtm (after).

The corpus is loaded from its cache (``cache=`` a folder given as the second argument,
default a temporary one) and its token table read once before timing, so the numbers
are the analyses' own. Then, in one process: wall-clock seconds of the four calls (the
first builds the document-term matrix, the others reuse it), and peak Python memory of
a second, fresh run measured with ``tracemalloc`` (numpy and pandas report their
buffers to it), plus the process's maximum resident set size.

Run: ``python benchmarks/bench_dtm.py [corpus_folder] [cache_folder]``.
"""

from __future__ import annotations

import gc
import resource
import sys
import tempfile
import time
import tracemalloc

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.stats import compare, frequency, keyness


def _run(corpus: cu.Corpus) -> dict[str, float]:
    seconds = {}
    t = time.perf_counter()
    frequency.term_frequencies(corpus, by="folder")
    seconds["term_frequencies"] = time.perf_counter() - t
    t = time.perf_counter()
    keyness.keyness_between_groups(corpus, by="folder", target="politics")
    seconds["keyness"] = time.perf_counter() - t
    t = time.perf_counter()
    compare.log_odds_by_group(corpus, by="folder")
    seconds["log_odds_by_group"] = time.perf_counter() - t
    t = time.perf_counter()
    frequency.tfidf(corpus)
    seconds["tfidf"] = time.perf_counter() - t
    seconds["total"] = sum(seconds.values())
    return seconds


def _fresh(source, cache) -> cu.Corpus:
    corpus = cu.load_corpus(source, cache=cache)
    corpus.tokens()  # the token table read from the cache, outside the timing
    return corpus


def main() -> None:
    source = sys.argv[1] if len(sys.argv) > 1 else paths.SHARED_CORPORA / "bbc"
    cache = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="bench-dtm-")
    corpus = _fresh(source, cache)
    seconds = _run(corpus)
    del corpus
    gc.collect()
    corpus = _fresh(source, cache)
    tracemalloc.start()
    _run(corpus)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(corpus.docs):,}")
    for name, s in seconds.items():
        print(f"{name:>18}: {s:7.2f} s")
    print(f"{'peak (tracemalloc)':>18}: {peak / 2**20:7.1f} MB")
    print(f"{'max RSS':>18}: {maxrss:7.1f} MB")


if __name__ == "__main__":
    main()
