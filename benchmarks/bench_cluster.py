"""The Dask engine against the local one, on the scrape-like CSV of ``bench_scrape.py``.

Each engine runs the full prepare (``load_corpus``, ``.sentences``, ``.tokens()``,
``.tokens(voice=True)``, as ``bench_scrape.py``'s ``ours``), then the document-term
matrices of words and bigrams (on the cluster: per chunk of documents on the workers) and
the counting analyses that read them (term frequencies by outlet, tf-idf, keyness,
weighted log-odds), in its own process:

- ``local``: ``load_corpus(csv, n_jobs=2)``, the process pool;
- ``dask-1`` and ``dask-2``: ``load_corpus(csv, cluster=client)`` on a ``LocalCluster`` of
  one and of two worker processes (one thread each), started (and the package imported
  on its workers) before the clock starts; that start-up is reported apart.

Reported: wall seconds and each stage's, the speed-up from one to two workers, the peak
resident memory of the main process and of each worker (VmHWM, read from every worker
process at the end: an exact peak, not a sample), and the peak of the whole process tree
(summed PSS, sampled every 0.25 s, as ``bench_scrape.py`` measures it). The counts of
documents, sentences and tokens must agree between the engines.

    python benchmarks/bench_cluster.py                 # 23 MB
    python benchmarks/bench_cluster.py --sizes 23 230  # 230 MB: for a quiet machine

Results: ``benchmarks/results/cluster.csv`` and ``cluster.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_scrape import RESULTS, _emit, _peak_mb, _tree, _tree_mb

ENGINES = ("local", "dask-1", "dask-2")
STAGES = ("load", "sentences", "tokens", "voices", "matrix", "analyses")


def _own_peak_mb() -> float:
    """Peak RSS of the calling process (runs on each Dask worker: self-contained)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _cpu_s() -> float:
    """CPU seconds of the calling process alone (a worker's, or the main process's)."""
    t = os.times()
    return t.user + t.system


def _warm() -> None:
    """Import the package's loader on a worker (spawned workers start without it)."""
    import corpus_utils.prepare.load  # noqa: F401


def _analyses(corpus) -> int:
    """The counting analyses of the notebooks, each read from the matrix: term
    frequencies by outlet, tf-idf, keyness of the largest outlet against the rest,
    weighted log-odds by outlet. Returns their rows (compared between the engines)."""
    from corpus_utils.stats import compare, frequency, keyness

    largest = corpus.docs["outlet"].value_counts().index[0]
    tables = (
        frequency.term_frequencies(corpus, by="outlet"),
        frequency.tfidf(corpus),
        keyness.keyness_between_groups(corpus, by="outlet", target=largest),
        compare.log_odds_by_group(corpus, by="outlet"),
    )
    return sum(len(t) for t in tables)


def child(engine: str, path: Path) -> None:
    """The full prepare on one engine; JSON lines on stdout, the last one the result."""
    import corpus_utils as cu
    from corpus_utils.stats.dtm import dtm

    client = cluster = None
    start_s = 0.0
    procs: list[subprocess.Popen] = []
    apart = os.environ.get("BENCH_CLUSTER_SCHEDULER") == "process"
    if engine != "local":
        from distributed import Client

        from corpus_utils.prepare.parallel import local_cluster

        t = time.perf_counter()
        n = int(engine.split("-")[1])
        if apart:
            client, procs = _cluster_apart(n)
        else:
            cluster = local_cluster(n)
            client = Client(cluster)
        client.run(_warm)  # the local engine's forked workers have these imports already
        start_s = time.perf_counter() - t
    s0 = client.run_on_scheduler(_cpu_s) if apart else 0.0
    _emit(stage="ready", rss_mb=_peak_mb())
    stages: dict[str, float] = {}
    t0, c0, m0 = time.perf_counter(), _cpu_s(), time.thread_time()

    def workers_cpu() -> dict:
        """CPU seconds so far of each Dask worker, or of the local engine's pool (its
        processes, ended and waited for, as children of this one)."""
        if client is not None:
            return client.run(_cpu_s)
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {"pool": ru.ru_utime + ru.ru_stime}

    w0 = workers_cpu()

    profile_dir = os.environ.get("BENCH_CLUSTER_PROFILE")

    def stage(name: str, func):
        t, c, m = time.perf_counter(), _cpu_s(), time.thread_time()
        wa = workers_cpu()
        if profile_dir:  # the main thread's CPU by function (the scheduler's threads apart)
            import cProfile

            prof = cProfile.Profile(time.thread_time)
            out = prof.runcall(func)
            prof.dump_stats(str(Path(profile_dir) / f"{engine}-{name}.prof"))
        else:
            out = func()
        stages[f"{name}_s"] = time.perf_counter() - t
        stages[f"{name}_main_cpu_s"] = _cpu_s() - c
        stages[f"{name}_thread_cpu_s"] = time.thread_time() - m  # the main thread's alone
        wb = workers_cpu()
        stages[f"{name}_workers_cpu_s"] = sum(wb[a] - wa.get(a, 0.0) for a in wb)
        _emit(stage=name, s=stages[f"{name}_s"], rss_mb=_peak_mb())
        return out

    c = stage(
        "load",
        lambda: cu.load_corpus(path, n_jobs=2, cache=False, progress=False, cluster=client),
    )
    n_sent = stage("sentences", lambda: len(c.sentences))
    n_tok = stage("tokens", lambda: len(c.tokens()))
    voiced = stage("voices", lambda: c.tokens(voice=True))
    prepare_s = time.perf_counter() - t0
    matrices = stage("matrix", lambda: (dtm(c), dtm(c, n=2)))
    n_rows = stage("analyses", lambda: _analyses(c))
    seconds = time.perf_counter() - t0
    main_cpu_s = _cpu_s() - c0
    main_thread_cpu_s = time.thread_time() - m0  # without the scheduler's and comms' threads
    w1 = workers_cpu()
    scheduler_cpu_s = client.run_on_scheduler(_cpu_s) - s0 if apart else None
    workers = client.run(_own_peak_mb) if client is not None else {}
    result = {
        "engine": engine,
        "seconds": seconds,
        "prepare_s": prepare_s,
        "cluster_start_s": start_s,
        "docs": len(c),
        "sentences": n_sent,
        "tokens": n_tok,
        "quoted_tokens": int((voiced["voice"] != "narration").sum()),
        "matrix_cells": [int(m.counts.nnz) for m in matrices],
        "matrix_terms": [len(m.terms) for m in matrices],
        "analysis_rows": n_rows,
        "main_cpu_s": main_cpu_s,
        "main_thread_cpu_s": main_thread_cpu_s,
        "scheduler_cpu_s": scheduler_cpu_s,
        "workers_cpu_s": sum(w1[a] - w0.get(a, 0.0) for a in w1),
        "main_peak_mb": _peak_mb(),
        "worker_peak_mb": max(workers.values(), default=0.0),
        "worker_peaks_mb": sorted(round(v) for v in workers.values()),
        **stages,
    }
    if client is not None:
        client.close()
    if cluster is not None:
        cluster.close()
    for proc in procs:  # the scheduler and workers this run started, by their own pids
        proc.terminate()
        proc.wait(timeout=30)
    _emit(result=result)


def _cluster_apart(n: int):
    """A scheduler process and ``n`` worker processes (one thread, no nanny), as on a real
    cluster, where the scheduler is not in the client's process; the client connected."""
    from distributed import Client

    folder = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    info = folder / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__WORKER_TTL": "None"}
    quiet = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    cli = [sys.executable, "-m"]
    procs = [
        subprocess.Popen(
            [*cli, "distributed.cli.dask_scheduler", "--scheduler-file", str(info),
             "--no-dashboard", "--port", "0"], **quiet,
        )
    ]  # fmt: skip
    deadline = time.monotonic() + 120
    while not info.exists():
        if time.monotonic() > deadline:
            raise RuntimeError("the scheduler did not start within 120 s")
        time.sleep(0.2)
    for _ in range(n):
        procs.append(
            subprocess.Popen(
                [*cli, "distributed.cli.dask_worker", "--scheduler-file", str(info),
                 "--nthreads", "1", "--no-nanny", "--no-dashboard"], **quiet,
            )
        )  # fmt: skip
    client = Client(scheduler_file=str(info))
    client.wait_for_workers(n, timeout=300)
    return client, procs


def run_engine(engine: str, path: Path, *, timeout: float) -> dict:
    """One engine in its own process; the process tree's memory sampled meanwhile."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", engine, str(path)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, start_new_session=True)
        tree_peak, n_procs = 0.0, 1
        while proc.poll() is None:
            pids = _tree(proc.pid)
            n_procs = max(n_procs, len(pids))
            tree_peak = max(tree_peak, _tree_mb(pids))
            if time.monotonic() - start > timeout:
                os.killpg(proc.pid, 9)
                proc.wait()
                return {"engine": engine, "stopped": f"timed out after {timeout:g} s"}
            time.sleep(0.25)
        out.seek(0)
        lines = [json.loads(x) for x in out.read().splitlines() if x.startswith("{")]
        results = [x["result"] for x in lines if "result" in x]
        if proc.returncode != 0 or not results:
            err.seek(0)
            tail = err.read()[-800:]
            return {"engine": engine, "stopped": f"exit {proc.returncode}: {tail}"}
        return {**results[-1], "tree_peak_mb": tree_peak, "processes": n_procs}


COLUMNS = (
    ("engine", "engine", "{}"),
    ("seconds", "seconds", "{:.1f}"),
    ("speedup", "speed-up vs dask-1", "{:.2f}x"),
    ("load_s", "load s", "{:.1f}"),
    ("sentences_s", "sentences s", "{:.1f}"),
    ("tokens_s", "tokens s", "{:.1f}"),
    ("voices_s", "voices s", "{:.1f}"),
    ("prepare_s", "prepare s", "{:.1f}"),
    ("matrix_s", "matrix s (words, bigrams)", "{:.1f}"),
    ("analyses_s", "counting analyses s", "{:.1f}"),
    ("cluster_start_s", "cluster start s", "{:.1f}"),
    ("main_cpu_s", "main process CPU s", "{:.1f}"),
    ("main_thread_cpu_s", "of which main thread", "{:.1f}"),
    ("scheduler_cpu_s", "scheduler process CPU s", "{:.1f}"),
    ("workers_cpu_s", "workers CPU s (Dask, or the local pool)", "{:.1f}"),
    ("main_peak_mb", "main peak MB", "{:,.0f}"),
    ("worker_peak_mb", "peak per worker MB", "{:,.0f}"),
    ("tree_peak_mb", "all processes MB", "{:,.0f}"),
    ("tokens", "tokens", "{:,}"),
)


def table(rows: list[dict], corpus: dict, load: str) -> str:
    head = (
        f"{corpus['text_bytes'] / 1e6:.0f} MB of text, {corpus['articles']:,} articles, "
        f"{corpus['outlets']} outlets; load average before the run {load}\n\n"
    )
    lines = ["| " + " | ".join(h for _, h, _ in COLUMNS) + " |"]
    lines.append("|" + "|".join("---" if k == "engine" else "---:" for k, _, _ in COLUMNS) + "|")
    for r in rows:
        if "stopped" in r:
            lines.append(f"| {r['engine']} | {r['stopped']} |")
            continue
        cells = [fmt.format(r[k]) if r.get(k) not in (None, "") else "" for k, _, fmt in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    done = [r for r in rows if "stopped" not in r]
    keys = ("docs", "sentences", "tokens", "quoted_tokens", "matrix_cells", "matrix_terms")
    same = len({json.dumps([r.get(k) for k in (*keys, "analysis_rows")]) for r in done}) == 1
    tail = (
        "\nthe engines' docs, sentences, tokens, quoted tokens, matrix cells and terms "
        "and analysis rows " + ("agree\n" if same else "DIFFER\n")
    )
    return head + "\n".join(lines) + "\n" + tail + "\n" + cpu_table(done)


def cpu_table(rows: list[dict]) -> str:
    """CPU seconds of the main process (of which its main thread: the rest is a local
    cluster's scheduler and the comms' threads) and of the Dask workers, stage by stage,
    and the main process's share of the whole (what bounds the speed-up from more
    workers)."""
    head = "| engine | " + " | ".join(f"{s} main (thread) / workers" for s in STAGES)
    lines = [head + " | main share of CPU |", "|---|" + "---:|" * (len(STAGES) + 1)]
    for r in rows:
        cells = [
            f"{r.get(f'{s}_main_cpu_s', 0):.1f} ({r.get(f'{s}_thread_cpu_s', 0):.1f}) / "
            f"{r.get(f'{s}_workers_cpu_s', 0):.1f}"
            for s in STAGES
        ]
        total = r["main_cpu_s"] + r["workers_cpu_s"]
        share = r["main_cpu_s"] / total if total else 0.0
        lines.append(f"| {r['engine']} | " + " | ".join(cells) + f" | {share:.0%} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import scrape_corpus

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=float, nargs="+", default=[23])
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--timeout", type=float, default=3600)
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run the engines this many times, in turn forward and back (local, dask-1, "
        "dask-2, dask-2, dask-1, local...), so a load that changes during the run "
        "weighs on each; the speed-up is then from each engine's best run",
    )
    p.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    p.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="profile each stage's main thread (cProfile, thread CPU clock) into "
        "DIR/<engine>-<stage>.prof",
    )
    p.add_argument(
        "--scheduler-process",
        action="store_true",
        help="run the Dask scheduler and workers as processes of their own (dask scheduler, "
        "dask worker), not a LocalCluster in the client's process: the main process's CPU "
        "is then the client's alone, as on a real cluster",
    )
    p.add_argument("--child", nargs=2, metavar=("ENGINE", "CSV"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.scheduler_process:
        os.environ["BENCH_CLUSTER_SCHEDULER"] = "process"
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
        os.environ["BENCH_CLUSTER_PROFILE"] = str(args.profile.resolve())
    engines = tuple(e for e in ENGINES if e in args.engines)
    all_rows, text = [], ""
    for size in args.sizes:
        corpus = scrape_corpus.build(size, seed=args.seed)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        order = [e for i in range(args.repeat) for e in (engines[::-1] if i % 2 else engines)]
        rows = [run_engine(e, corpus["path"], timeout=args.timeout) for e in order]
        best = {}
        for r in rows:
            if "seconds" in r and r["seconds"] < best.get(r["engine"], float("inf")):
                best[r["engine"]] = r["seconds"]
        for r in rows:
            if "dask-1" in best and "seconds" in r:
                r["speedup"] = best["dask-1"] / r["seconds"]
            r["size_mb"] = size
        part = table(rows, corpus, load)
        part += "best run: " + ", ".join(f"{e} {t:.1f} s" for e, t in best.items())
        if "dask-1" in best and "dask-2" in best:
            part += f"; speed-up 1 -> 2 workers {best['dask-1'] / best['dask-2']:.2f}x"
        part += f"; load average after the run {', '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
        print(part, flush=True)
        text += part + "\n"
        all_rows += rows
    keys = ["size_mb"] + [k for k, _, _ in COLUMNS] + ["docs", "sentences", "quoted_tokens"]
    keys += ["matrix_cells", "matrix_terms", "analysis_rows"]
    keys += [f"{s}_{w}_cpu_s" for s in STAGES for w in ("main", "thread", "workers")]
    with (RESULTS / "cluster.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[*keys, "stopped"], extrasaction="ignore")
        w.writeheader()
        w.writerows(all_rows)
    (RESULTS / "cluster.md").write_text(text)
    print(f"written: {RESULTS / 'cluster'}.csv and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
