"""The attribution stage's decisions, written out and compared exactly between versions.

A speed-up of :func:`corpus_utils.sources.attribution.ledger` or
:func:`corpus_utils.sources.name_merging.mentions` must not change a row. This script
prepares the seed articles, BBC, FA-KES and any extra corpus given (a scrape CSV from
``benchmarks/scrape_corpus.py``) with the ``corpus_utils`` that is imported (set
``PYTHONPATH`` to choose the version), writes ``ledger``, ``mentions`` and ``hedging``
of each as pickles with the CPU seconds each took, and compares two such folders table
by table, exactly (values, order, dtypes), with ``load_decisions.compare``.

    git archive <old commit> src | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src python benchmarks/ledger_decisions.py write /tmp/led-old \
        --extra build/bench/scrape_5MB_seed13.csv
    PYTHONPATH=src python benchmarks/ledger_decisions.py write /tmp/led-new \
        --extra build/bench/scrape_5MB_seed13.csv
    python benchmarks/ledger_decisions.py compare /tmp/led-old /tmp/led-new

``--n-jobs N`` loads each corpus with ``n_jobs=N``: the tables' worker processes too
(:mod:`corpus_utils.sources.by_article`), so ``--n-jobs 1`` against ``--n-jobs 2`` shows
that the processes change no row.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_decisions import CORPORA, cli  # noqa: E402


def write(out: Path, extra: list[Path], cache: str | bool, n_jobs: int | None = None) -> None:
    """Prepare every corpus with the imported corpus_utils; one pickle per table."""
    import corpus_utils as cu
    from corpus_utils.sources import attribution, framing, name_merging

    out.mkdir(parents=True, exist_ok=True)
    corpora = {**CORPORA, **{p.stem: p for p in extra}}
    for name, path in corpora.items():
        c = cu.load_corpus(path, cache=cache, drop_duplicates=True, progress=False, n_jobs=n_jobs)
        c.tokens()
        times = []
        for table, fn in (
            ("mentions", name_merging.mentions),
            ("ledger", attribution.ledger),
            ("hedging", framing.hedging),
        ):
            t0 = time.process_time()
            df = fn(c)
            times.append(f"{table} {time.process_time() - t0:.1f} CPU-s ({len(df):,} rows)")
            df.to_pickle(out / f"{name}.{table}.pkl")
        print(f"{name}: {len(c):,} docs; " + ", ".join(times) + f" ({cu.__file__})")


def _options(w) -> None:
    w.add_argument("--cache", default=False, help="cache folder for the prepared corpora")
    w.add_argument(
        "--n-jobs", type=int, default=None, help="processes (the corpus's n_jobs; default: up to 2)"
    )


def main(argv: list[str] | None = None) -> int:
    return cli(
        argv,
        __doc__,
        "prepare the corpora, write their tables",
        _options,
        lambda a: write(a.out, a.extra, a.cache, a.n_jobs),
    )


if __name__ == "__main__":
    sys.exit(main())
