"""The four notebooks on a scrape-like CSV: wall, CPU and peak memory of every cell.

Issue 13's last target: all four notebooks on a real scrape finish with their default
parameters in <= 5 minutes in all, kernel peak <= 4 GB. This benchmark builds a scrape
CSV of the given size (``benchmarks/scrape_corpus.py``), prepares it once into a cache
(its own process, not counted), then runs each notebook in its own fresh process: the
notebook's code cells in order, in one namespace, as a kernel would (papermill's
parameter injection: the ``parameters`` cell, then ``corpus = <the CSV>``). Per cell it
records wall seconds, CPU seconds (``time.process_time`` of the notebook's process plus
``RUSAGE_CHILDREN``: the worker processes a cell started and joined, such as
``select_k``'s fits on 2 processes; ``cpu_self_s`` and ``cpu_children_s`` give the two
parts), the peak resident set size of the notebook's process while the cell ran
(``peak_rss_mb``) and of its process tree (``tree_peak_mb``: the process plus every live
descendant, summed; forked workers share pages with their parent, so this is an upper
bound), both sampled every 20 ms by a thread, and the notebook's peak (``ru_maxrss``, with
the largest worker's beside it).

Printed as one table per size and written to ``benchmarks/results/notebooks_<N>MB.csv``
(every cell) and ``notebooks_<N>MB.json`` (the totals, the load average).

    python benchmarks/bench_notebooks.py                 # 23 MB (about 10,800 articles)
    python benchmarks/bench_notebooks.py --mb 5 --mb 23  # a size series
    python benchmarks/bench_notebooks.py --only 02       # one notebook

Whole notebooks through papermill (``python -m corpus_utils.notebook_runner --corpus X``)
add the kernel start and output rendering; the cells' own costs are what this measures.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
RESULTS = HERE / "results"
NOTEBOOKS = PROJECT_ROOT / "notebooks"
TARGET_SECONDS = 300  # issue 13: all four notebooks, default parameters
TARGET_PEAK_MB = 4096


PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def _rss_mb(pid: int | str = "self") -> float:
    """Resident set size of ``pid`` in MB; 0 when it has ended."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE_MB
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


def _descendants(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (children of each of its threads, recursively)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except FileNotFoundError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{parent}/task/{tid}/children") as fh:
                    kids = [int(k) for k in fh.read().split()]
            except (FileNotFoundError, ProcessLookupError):
                continue
            found += kids
            todo += kids
    return found


def _tree_rss_mb() -> float:
    me = os.getpid()
    return _rss_mb(me) + sum(_rss_mb(k) for k in _descendants(me))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class PeakRSS:
    """The largest resident set size seen between ``start()`` and ``stop()``: of this
    process (``peak``) and of its process tree (``tree_peak``)."""

    def __init__(self, every: float = 0.02) -> None:
        self.every, self.peak, self.tree_peak, self._run = every, 0.0, 0.0, False
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        self.peak = max(self.peak, _rss_mb())
        self.tree_peak = max(self.tree_peak, _tree_rss_mb())

    def _loop(self) -> None:
        while self._run:
            self._sample()
            time.sleep(self.every)

    def start(self) -> None:
        self.peak, self.tree_peak, self._run = 0.0, 0.0, True
        self._sample()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> tuple[float, float]:
        self._run = False
        if self._thread is not None:
            self._thread.join()
        self._sample()
        return self.peak, self.tree_peak


def _first_line(source: str) -> str:
    for line in source.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line[:60]
    return ""


def run_notebook(notebook: Path, corpus: str) -> list[dict]:
    """Execute ``notebook``'s code cells in this process; one row per cell."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    namespace: dict = {"__name__": "__main__"}
    rows = []
    os.chdir(NOTEBOOKS)  # papermill runs a notebook in its own folder
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source += f"\ncorpus = {corpus!r}\n"
        code = compile(source, f"<{notebook.stem} cell {index}>", "exec")
        sampler = PeakRSS()
        sampler.start()
        wall, cpu, kids = time.perf_counter(), time.process_time(), _children_cpu()
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)  # noqa: S102 - the project's own notebook
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        kids = _children_cpu() - kids  # workers the cell started and joined
        peak, tree_peak = sampler.stop()
        plt.close("all")
        rows.append(
            {
                "notebook": notebook.stem,
                "cell": index,
                "call": _first_line(cell.source),
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu + kids, 2),
                "cpu_self_s": round(cpu, 2),
                "cpu_children_s": round(kids, 2),
                "peak_rss_mb": round(peak, 1),
                "tree_peak_mb": round(tree_peak, 1),
            }
        )
    return rows


def _child(args: argparse.Namespace) -> int:
    rows = run_notebook(NOTEBOOKS / f"{args.child}.ipynb", args.corpus)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    json.dump({"rows": rows, "maxrss_mb": maxrss, "worker_maxrss_mb": worker}, sys.stdout)
    return 0


def _prepare(corpus: Path, env: dict) -> float:
    code = (
        "import sys, corpus_utils as cu; "
        "cu.load_corpus(sys.argv[1], cache=True, drop_duplicates=True, progress=False)"
    )
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(corpus)], check=True, env=env)
    return time.perf_counter() - t


def _scrape(mb: float) -> Path:
    out = subprocess.run(
        [sys.executable, str(HERE / "scrape_corpus.py"), "--mb", f"{mb:g}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return Path(out.split(":")[0].strip())


def bench_size(mb: float, only: list[str] | None, env: dict) -> tuple[list[dict], dict]:
    corpus = _scrape(mb)
    prepare_s = _prepare(corpus, env)
    names = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    names = [n for n in names if not only or any(n.startswith(o) for o in only)]
    rows, totals = [], {}
    for name in names:
        wall = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--child", name, "--corpus", str(corpus)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        wall = time.perf_counter() - wall
        result = json.loads(done.stdout)
        rows += [{"mb": mb, **r} for r in result["rows"]]
        totals[name] = {
            "process_wall_s": round(wall, 1),
            "cells_wall_s": round(sum(r["wall_s"] for r in result["rows"]), 1),
            "cells_cpu_s": round(sum(r["cpu_s"] for r in result["rows"]), 1),
            "cells_cpu_children_s": round(sum(r["cpu_children_s"] for r in result["rows"]), 1),
            "peak_rss_mb": round(result["maxrss_mb"], 1),
            "worker_peak_rss_mb": round(result["worker_maxrss_mb"], 1),
            "tree_peak_mb": round(max(r["tree_peak_mb"] for r in result["rows"]), 1),
        }
    summary = {
        "mb": mb,
        "corpus": corpus.name,
        "prepare_wall_s": round(prepare_s, 1),
        "notebooks": totals,
        "load_average": os.getloadavg(),
    }
    return rows, summary


def _print(rows: list[dict], summary: dict, top: int) -> None:
    print(f"\n{summary['corpus']} (prepared in {summary['prepare_wall_s']} s, not counted)")
    print(
        f"{'notebook':<22} {'cell':>4} {'wall s':>8} {'CPU s':>8} {'workers':>8} "
        f"{'peak MB':>8} {'tree MB':>8}  call"
    )
    heavy = sorted(rows, key=lambda r: -r["cpu_s"])[:top]
    for r in sorted(heavy, key=lambda r: (r["notebook"], r["cell"])):
        print(
            f"{r['notebook']:<22} {r['cell']:>4} {r['wall_s']:>8.1f} {r['cpu_s']:>8.1f} "
            f"{r['cpu_children_s']:>8.1f} {r['peak_rss_mb']:>8.0f} {r['tree_peak_mb']:>8.0f}"
            f"  {r['call']}"
        )
    print(
        f"\n{'notebook':<22} {'process wall s':>14} {'cells CPU s':>12} {'workers':>8} "
        f"{'peak MB':>8} {'tree MB':>8}"
    )
    for name, t in summary["notebooks"].items():
        print(
            f"{name:<22} {t['process_wall_s']:>14.1f} {t['cells_cpu_s']:>12.1f} "
            f"{t['cells_cpu_children_s']:>8.1f} {t['peak_rss_mb']:>8.0f} "
            f"{t['tree_peak_mb']:>8.0f}"
        )
    wall = sum(t["process_wall_s"] for t in summary["notebooks"].values())
    cpu = sum(t["cells_cpu_s"] for t in summary["notebooks"].values())
    kids = sum(t["cells_cpu_children_s"] for t in summary["notebooks"].values())
    peak = max((t["peak_rss_mb"] for t in summary["notebooks"].values()), default=0)
    tree = max((t["tree_peak_mb"] for t in summary["notebooks"].values()), default=0)
    print(
        f"{'all':<22} {wall:>14.1f} {cpu:>12.1f} {kids:>8.1f} {peak:>8.0f} {tree:>8.0f}"
        "\ntarget: "
        f"<= {TARGET_SECONDS} s, <= {TARGET_PEAK_MB} MB; load average "
        + ", ".join(f"{x:.1f}" for x in summary["load_average"])
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, action="append", help="scrape size (default 23)")
    parser.add_argument("--only", action="append", help="notebook prefix, e.g. 02")
    parser.add_argument("--cache", help="cache folder (default a temporary one)")
    parser.add_argument("--figures", help="where the figures go (default a temporary folder)")
    parser.add_argument("--top", type=int, default=15, help="heaviest cells printed")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    cache = args.cache or tempfile.mkdtemp(prefix="bench-notebooks-")
    env = {
        **os.environ,
        "CORPUS_UTILS_CACHE_DIR": cache,
        "CORPUS_UTILS_FIGURES_DIR": args.figures
        or tempfile.mkdtemp(prefix="bench-notebooks-figures-"),
        "MPLBACKEND": "Agg",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    for mb in args.mb or [23.0]:
        rows, summary = bench_size(mb, args.only, env)
        _print(rows, summary, args.top)
        stem = RESULTS / f"notebooks_{mb:g}MB"
        with stem.with_suffix(".csv").open("w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        stem.with_suffix(".json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
