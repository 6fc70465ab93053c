"""The load stage's decisions, written out and compared exactly between two versions.

A speed-up of the loader must not change what it decides: which articles load, what is
removed (kind, rule, offsets), where sentences break, what the report says. This script
loads the seed articles, BBC and FA-KES (and any extra corpus given) with the
``corpus_utils`` that is imported (set ``PYTHONPATH`` to choose the version), writes
``docs``, ``report``, ``removed`` and ``sentences`` of each as pickles, and compares two
such folders table by table with ``pandas.testing.assert_frame_equal`` (exact: values,
order, dtypes).

    git archive <old commit> src | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src python benchmarks/load_decisions.py write /tmp/decisions-old
    PYTHONPATH=src python benchmarks/load_decisions.py write /tmp/decisions-new
    python benchmarks/load_decisions.py compare /tmp/decisions-old /tmp/decisions-new
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared" / "corpora"
CORPORA = {
    "seed": PROJECT_ROOT / "data" / "articles",
    "bbc": SHARED / "bbc",
    "fa-kes": SHARED / "fa-kes" / "FA-KES-Dataset.csv",
}
TABLES = ("docs", "report", "removed", "sentences")


def write(out: Path, extra: list[Path], n_jobs: int | None) -> None:
    """Load every corpus with the imported corpus_utils; one pickle per table."""
    import corpus_utils as cu

    out.mkdir(parents=True, exist_ok=True)
    corpora = {**CORPORA, **{p.stem: p for p in extra}}
    for name, path in corpora.items():
        t0 = time.perf_counter()
        c = cu.load_corpus(path, cache=False, progress=False, n_jobs=n_jobs)
        for table in TABLES:
            getattr(c, table).to_pickle(out / f"{name}.{table}.pkl")
        seconds = time.perf_counter() - t0
        print(f"{name}: {len(c):,} docs, {len(c.removed):,} removed, "
              f"{len(c.sentences):,} sentences; {seconds:.1f} s ({cu.__file__})")  # fmt: skip


def compare(a: Path, b: Path) -> int:
    """Exact comparison of every table written in both folders; the number that differ
    (a table written in one folder only counts as different)."""
    in_a, in_b = {p.name for p in a.glob("*.pkl")}, {p.name for p in b.glob("*.pkl")}
    names = sorted(in_a & in_b)
    if not names:
        print(f"nothing to compare: no common tables in {a} and {b}")
        return 1
    bad = len(in_a ^ in_b)
    for name in sorted(in_a ^ in_b):
        print(f"{name}: only in {a if name in in_a else b}")
    rows = 0
    for name in names:
        x, y = pd.read_pickle(a / name), pd.read_pickle(b / name)
        try:
            pd.testing.assert_frame_equal(x, y, check_exact=True)
            rows += len(x)
            print(f"{name}: equal ({len(x):,} rows)")
        except AssertionError as err:
            bad += 1
            print(f"{name}: DIFFERENT\n{err}")
    only = len(in_a ^ in_b)
    print(
        f"{len(names) - (bad - only)} of {len(names)} tables equal, {rows:,} rows compared"
        + (f"; {only} written in one folder only" if only else "")
    )
    return bad


def cli(argv, description: str, write_help: str, option, write) -> int:
    """The command line the decisions scripts share: ``write OUT [--extra CSV ...]`` plus
    the script's own option (``option(parser)``), then ``write(args)``; or ``compare A B``
    (exit status 1 when a table differs)."""
    p = argparse.ArgumentParser(description=description.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write", help=write_help)
    w.add_argument("out", type=Path)
    w.add_argument("--extra", type=Path, nargs="*", default=[], help="more corpora to load")
    option(w)
    c = sub.add_parser("compare", help="compare two folders written by `write`")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = p.parse_args(argv)
    if args.cmd == "write":
        write(args)
        return 0
    return 1 if compare(args.a, args.b) else 0


def main(argv: list[str] | None = None) -> int:
    return cli(
        argv,
        __doc__,
        "load the corpora, write their tables",
        lambda w: w.add_argument("--n-jobs", type=int, default=None),
        lambda a: write(a.out, a.extra, a.n_jobs),
    )


if __name__ == "__main__":
    sys.exit(main())
