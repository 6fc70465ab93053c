"""The benchmark users can believe: a scrape-like CSV, every tool in its own process.

The corpus is one CSV, one article per row, recombined from the shared corpora's
paragraphs by ``benchmarks/scrape_corpus.py`` (no two articles near-duplicates; outlets,
lengths and boilerplate as in the shared corpora). Every tool reads the same CSV in its
own process, timed from after its imports to its output held in memory (reading the
CSV included):

- ``ours``: corpus_utils' full prepare: ``load_corpus(csv, n_jobs=2)``, ``.sentences``,
  ``.tokens()``, ``.tokens(voice=True)`` (load, clean, dedup, sentences, tokens, voices);
- ``nltk``: ``sent_tokenize`` then ``word_tokenize(s, preserve_line=True)`` per sentence,
  Punkt data from ``../shared/nltk_data``; token lists kept;
- ``spacy``: ``spacy.blank("en")`` over the texts (``nlp.pipe``), Docs kept; only when
  spaCy is installed (``pip install -e '.[bench]'``);
- ``sklearn``: ``CountVectorizer().fit_transform``;
- ``regex``: one ``re.finditer(r"\\w+|[^\\w\\s]")`` pass, spans into int32 arrays.

Peak memory includes worker processes: the process tree's summed PSS (RSS for one
process), sampled every 0.25 s, or the process's own peak RSS when larger. CPU seconds
include reaped workers. Each size of the series (default 23, 70 and 230 MB of article
text) prints a table with MB/s, the ratio to NLTK (above 1: faster than NLTK), our stage
times, and at the end the cost per MB of each tool at every size (super-linear growth
shows as a rising cost).

    python benchmarks/bench_scrape.py                   # 23, 70, 230 MB
    python benchmarks/bench_scrape.py --sizes 23 --tools ours,nltk
    python benchmarks/bench_scrape.py --stages --sizes 23    # our stages: wall and CPU s
    python benchmarks/bench_scrape.py --profile --sizes 5 23  # cProfile of our load stage:
                                       # CPU-s per MB of each sub-stage at each size

Results: ``benchmarks/results/scrape.csv`` (and ``scrape.md``, ``scrape_profile.txt``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Only the standard library at module level: tool processes re-run this file with
# --child, and must not carry corpus_utils' imports into another tool's peak memory.
HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
RESULTS = HERE / "results"
NLTK_DATA = PROJECT_ROOT.parent / "shared" / "nltk_data"
SIZES = (23, 70, 230)
TOOLS = {
    "ours": "corpus_utils full prepare (load, clean, dedup, sentences, tokens, voices; 2 procs)",
    "nltk": "NLTK sent_tokenize + word_tokenize, one process",
    "spacy": 'spaCy blank("en"), one process',
    "sklearn": "scikit-learn CountVectorizer",
    "regex": r"one re.finditer(r'\w+|[^\w\s]') pass, spans into int32 arrays",
}
STAGES = ("load", "sentences", "tokens", "voices")  # of our prepare, timed one by one
STAGE_UNITS = ("_s", "_cpu_s")  # wall and CPU seconds
LOW_MEMORY_MB = 1024  # stop a tool when the machine has less than this available


# --------------------------------------------------------------------------- tool processes


def _emit(**kw: object) -> None:
    print(json.dumps(kw), flush=True)


def _peak_mb() -> float:
    """This process's peak RSS (VmHWM: ru_maxrss would carry the parent's RSS at fork)."""
    return _proc_status_mb(os.getpid(), "VmHWM")


def _texts(path: Path) -> list[str]:
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh)]


def _cpu_s(*, own: bool = False) -> float:
    """CPU seconds of this process and of its reaped children (the loader's pool is shut
    down at the end of each parallel step, so its workers are counted); ``own``: of this
    process alone (the work no worker shares)."""
    t = os.times()
    return t.user + t.system + (0 if own else t.children_user + t.children_system)


def _ours(path: Path, profile: bool) -> dict:
    """Our full prepare, stage by stage (wall and CPU seconds of each); ``profile``:
    cProfile the load stage alone (one process) into results/scrape_profile.txt."""
    import corpus_utils as cu

    _emit(stage="imported", rss_mb=_peak_mb(), t=time.monotonic())
    stages: dict[str, float] = {}
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile(time.process_time)  # CPU seconds: fair on a busy machine
    t0, c0 = time.perf_counter(), _cpu_s()

    def stage(name: str, func):
        t, c, m = time.perf_counter(), _cpu_s(), _cpu_s(own=True)
        out = func()
        stages[f"{name}_s"] = time.perf_counter() - t
        stages[f"{name}_cpu_s"] = _cpu_s() - c
        stages[f"{name}_main_cpu_s"] = _cpu_s(own=True) - m
        _emit(stage=name, s=stages[f"{name}_s"], rss_mb=_peak_mb(), t=time.monotonic())
        return out

    def load():
        if prof is not None:
            prof.enable()
        out = cu.load_corpus(path, n_jobs=1 if profile else 2, cache=False, progress=False)
        if prof is not None:
            prof.disable()
        return out

    c = stage("load", load)
    n_sent = stage("sentences", lambda: len(c.sentences))
    n_tok = stage("tokens", lambda: len(c.tokens()))
    voiced = stage("voices", lambda: c.tokens(voice=True))
    seconds = time.perf_counter() - t0
    substages = {}
    if prof is not None:
        _write_profile(prof, RESULTS / "scrape_profile.txt", stages)
        substages = _substages(prof)
    status = c.report["status"].value_counts().to_dict()
    return {
        "seconds": seconds,
        "ours_cpu_s": _cpu_s() - c0,
        "docs": len(c),
        "sentences": n_sent,
        "tokens": n_tok,
        "quoted_tokens": int((voiced["voice"] != "narration").sum()),
        "report": status,
        "substages": substages,
        **stages,
    }


# the load stage's parts: (module, function) whose cumulative CPU time the profile reports
SUBSTAGES = (
    ("rows.py", "_read_table", "read the CSV"),
    ("articles.py", "first_pass", "first pass (repair, clean, metadata, scan)"),
    ("clean.py", "fix_encoding", "ftfy where it may change the text"),
    ("clean.py", "clean_text", "clean (paragraph rules)"),
    ("boilerplate.py", "scan_segments", "boilerplate scan (keys, patterns)"),
    ("boilerplate.py", "line_sentences", "  in it: Punkt, line by line"),
    ("boilerplate.py", "repeated_in", "count repeated sentences"),
    ("articles.py", "second_pass", "second pass (removal, sentences, MinHash)"),
    ("boilerplate.py", "candidates", "what repetition may remove"),
    ("clean.py", "drop_spans", "remove the spans"),
    ("segment.py", "paragraph_sentences", "sentences of the final bodies"),
    ("duplicates.py", "fingerprint", "MinHash signature and shingles"),
    ("duplicates.py", "near_duplicates", "near-duplicate banding and checks"),
    ("finish.py", "_settle_metadata", "metadata from the columns"),
    ("load.py", "load_corpus", "the whole load stage"),
)


def _substages(prof) -> dict[str, float]:
    """Cumulative CPU seconds of each of :data:`SUBSTAGES` in a load-stage profile."""
    import pstats

    out = dict.fromkeys((f"{m}:{f}" for m, f, _ in SUBSTAGES), 0.0)
    for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in pstats.Stats(prof).stats.items():
        key = f"{Path(file).name}:{name}"
        if key in out:
            out[key] += ct
    return out


def substage_table(results: list[tuple[float, dict]]) -> str:
    """CPU seconds per MB of each load sub-stage at each profiled size (one process)."""
    head = " | ".join(f"{mb:.1f} MB: CPU-s (per MB)" for mb, _ in results)
    lines = [f"| load sub-stage | {head} | largest / smallest per MB |", "|---|"
             + "---:|" * (len(results) + 1)]  # fmt: skip
    for module, func, label in SUBSTAGES:
        key = f"{module}:{func}"
        per = [sub.get(key, 0.0) / mb for mb, sub in results]
        cells = " | ".join(
            f"{sub.get(key, 0.0):.2f} ({x:.3f})" for (_mb, sub), x in zip(results, per, strict=True)
        )
        ratio = f"{per[-1] / per[0]:.2f}" if per[0] > 0 and len(per) > 1 else ""
        lines.append(f"| {label} (`{func}`) | {cells} | {ratio} |")
    return "\n".join(lines)


def _write_profile(prof, out: Path, stages: dict[str, float], top: int = 20) -> None:
    """The load stage's cProfile: the top functions by own time, then by cumulative time."""
    import pstats

    with out.open("w") as fh:
        fh.write(
            f"cProfile of load_corpus(n_jobs=1), {stages['load_s']:.1f} s wall under the "
            f"profiler; top {top} by own time, then by cumulative time\n"
        )
        st = pstats.Stats(prof, stream=fh)
        st.sort_stats("tottime").print_stats(top)
        st.sort_stats("cumulative").print_stats(top)


def _nltk(path: Path) -> dict:
    import nltk
    from nltk.tokenize import sent_tokenize, word_tokenize

    nltk.data.path.insert(0, str(NLTK_DATA))
    _emit(stage="imported", rss_mb=_peak_mb())
    t0 = time.perf_counter()
    out = [
        [word_tokenize(s, preserve_line=True) for s in sent_tokenize(text)] for text in _texts(path)
    ]
    return {
        "seconds": time.perf_counter() - t0,
        "docs": len(out),
        "sentences": sum(len(d) for d in out),
        "tokens": sum(len(s) for d in out for s in d),
    }


def _spacy(path: Path) -> dict:
    import spacy

    _emit(stage="imported", rss_mb=_peak_mb())
    t0 = time.perf_counter()
    nlp = spacy.blank("en")
    docs = list(nlp.pipe(_texts(path)))
    return {
        "seconds": time.perf_counter() - t0,
        "docs": len(docs),
        "tokens": sum(len(d) for d in docs),
    }


def _sklearn(path: Path) -> dict:
    from sklearn.feature_extraction.text import CountVectorizer

    _emit(stage="imported", rss_mb=_peak_mb())
    t0 = time.perf_counter()
    vec = CountVectorizer()
    x = vec.fit_transform(_texts(path))
    return {
        "seconds": time.perf_counter() - t0,
        "docs": x.shape[0],
        "tokens": int(x.sum()),
        "terms": len(vec.vocabulary_),
    }


def _regex(path: Path) -> dict:
    import re
    from array import array

    _emit(stage="imported", rss_mb=_peak_mb())
    t0 = time.perf_counter()
    pattern = re.compile(r"\w+|[^\w\s]")
    spans = []
    for text in _texts(path):
        starts, ends = array("i"), array("i")
        for m in pattern.finditer(text):
            a, b = m.span()
            starts.append(a)
            ends.append(b)
        spans.append((starts, ends))
    return {
        "seconds": time.perf_counter() - t0,
        "docs": len(spans),
        "tokens": sum(len(s) for s, _ in spans),
    }


def child(tool: str, path: Path) -> None:
    """Run one tool on the CSV; JSON lines on stdout, the last one is the result."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    if tool in ("ours", "ours-profile"):
        res = _ours(path, profile=tool == "ours-profile")
    else:
        res = {"nltk": _nltk, "spacy": _spacy, "sklearn": _sklearn, "regex": _regex}[tool](path)
    _emit(result={**res, "peak_rss_mb": _peak_mb()})


def _proc_status_mb(pid: int, field: str) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _mem_available_mb() -> float:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("inf")


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (a tool may start worker processes)."""
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    stack.extend(int(x) for x in fh.read().split())
        except OSError:
            pass
    return out


def _pss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return _proc_status_mb(pid, "VmRSS")


def _tree_mb(pids: list[int]) -> float:
    """Memory of a process tree: RSS of one process; of several, the sum of their PSS
    (forked workers share their parent's pages, which RSS would count twice)."""
    if len(pids) == 1:
        return _proc_status_mb(pids[0], "VmRSS")
    return sum(_pss_mb(p) for p in pids)


def _children_cpu_s() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_tool(tool: str, path: Path, *, timeout: float, cap_mb: float) -> dict:
    """One tool in its own process (and its workers), stopped at the timeout or the cap.

    Peak memory is the larger of the process's own peak RSS and the peak of its process
    tree's memory, sampled every 0.25 s; CPU time includes reaped worker processes.
    """
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", tool, str(path)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        cpu0 = _children_cpu_s()
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, start_new_session=True)
        stopped, hwm, tree_peak, n_procs = "", 0.0, 0.0, 1
        samples: list[tuple[float, float, float]] = []  # (time, tree MB, main process MB)
        try:
            while True:
                try:
                    proc.wait(timeout=0.25)
                    break
                except subprocess.TimeoutExpired:
                    pass
                pids = _tree(proc.pid)
                n_procs = max(n_procs, len(pids))
                now = _tree_mb(pids)
                samples.append((time.monotonic(), now, _pss_mb(proc.pid)))
                tree_peak = max(tree_peak, now)
                hwm = max(hwm, _proc_status_mb(proc.pid, "VmHWM"), tree_peak)
                if time.monotonic() - start > timeout:
                    stopped = f"timed out after {timeout:g} s"
                elif now > cap_mb:
                    stopped = f"stopped at the memory cap ({cap_mb:.0f} MB)"
                elif _mem_available_mb() < LOW_MEMORY_MB:
                    stopped = f"stopped: machine below {LOW_MEMORY_MB} MB available memory"
                if stopped:
                    break
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)  # its own session: this tool only
                proc.wait()
        wall = time.monotonic() - start
        cpu = _children_cpu_s() - cpu0
        out.seek(0)
        err.seek(0)
        lines = [json.loads(x) for x in out.read().splitlines() if x.startswith("{")]
        err_text = err.read().strip()
    res = next((x["result"] for x in reversed(lines) if "result" in x), None)
    stages = [x for x in lines if "stage" in x]
    imported = next((x["rss_mb"] for x in stages if x["stage"] == "imported"), None)
    common = {"wall_s": wall, "cpu_s": cpu, "processes": n_procs, "import_rss_mb": imported}
    common.update(_stage_peaks(stages, samples))
    if res is not None:
        res["peak_rss_mb"] = max(res["peak_rss_mb"], tree_peak)
        return {"status": "ok", **common, **res}
    done = ", ".join(f"{x['stage']} {x['s']:.1f} s" for x in stages if "s" in x)
    if stopped:
        note = f"{stopped}; stopped after {wall:.0f} s" + (f" (finished: {done})" if done else "")
        status = "timed out" if stopped.startswith("timed") else "memory"
    else:
        last = err_text.splitlines()[-1] if err_text else f"exit code {proc.returncode}"
        note, status = f"failed: {last}", "error"
    return {"status": status, **common, "peak_rss_mb": hwm or None, "error": note}


def _stage_peaks(stages: list[dict], samples: list[tuple[float, float, float]]) -> dict:
    """Peak memory of the process tree, and of the main process alone, during each stage:
    the samples between the end of the stage before (the imports for the first) and its
    own end (``{stage}_peak_mb``, ``{stage}_main_peak_mb``)."""
    out: dict[str, float] = {}
    marks = [x for x in stages if "t" in x]
    for before, this in zip(marks, marks[1:], strict=False):
        inside = [s for s in samples if before["t"] < s[0] <= this["t"]]
        if inside:
            out[f"{this['stage']}_peak_mb"] = max(s[1] for s in inside)
            out[f"{this['stage']}_main_peak_mb"] = max(s[2] for s in inside)
    return out


# --------------------------------------------------------------------------- report


def _row(tool: str, corpus: dict, res: dict) -> dict:
    mb = corpus["text_bytes"] / 1e6
    row = {"size": corpus["target_mb"], "MB": round(mb, 2), "key": tool, "tool": TOOLS[tool]}
    row["status"] = res["status"]
    for k in ("seconds", "peak_rss_mb", "cpu_s", "processes", "import_rss_mb", "docs"):
        if res.get(k) is not None:
            row[k] = res[k]
    for k in ("sentences", "tokens", "terms", *(f"{s}{u}" for s in STAGES for u in STAGE_UNITS)):
        if k in res:
            row[k] = res[k]
    if "seconds" in res:
        row["MB_per_s"] = mb / res["seconds"]
        row["s_per_MB"] = res["seconds"] / mb
        row["cpu_s_per_MB"] = res["cpu_s"] / mb
    if res.get("tokens"):
        row["peak_bytes_per_token"] = res["peak_rss_mb"] * 2**20 / res["tokens"]
    notes = []
    if res["status"] != "ok":
        notes.append(res.get("error", res["status"]))
    elif tool == "ours":
        near = res.get("report", {}).get("near-duplicate", 0)
        dup = res.get("report", {}).get("duplicate", 0)
        notes.append(
            f"load {res['load_s']:.1f} s, sentences {res['sentences_s']:.1f} s, tokens "
            f"{res['tokens_s']:.1f} s, voices {res['voices_s']:.1f} s; {res['docs']:,} docs "
            f"({dup} exact, {near} near-duplicates flagged), {res['tokens']:,} tokens"
        )
    elif "tokens" in res:
        notes.append(f"{res['tokens']:,} tokens")
    if res.get("processes", 1) > 1:
        notes.append(f"CPU {res['cpu_s']:.0f} s in {res['processes']} processes")
    row["notes"] = "; ".join(notes)
    return row


def _ratios(rows: list[dict]) -> None:
    nltk = {r["size"]: r for r in rows if r["key"] == "nltk" and "MB_per_s" in r}
    for r in rows:
        base = nltk.get(r["size"])
        if base is not None and "MB_per_s" in r:
            r["vs_nltk"] = r["MB_per_s"] / base["MB_per_s"]


def _fmt(x: float | None, nd: int = 2) -> str:
    return "" if x is None else f"{x:,.{nd}f}"


def markdown(rows: list[dict]) -> str:
    """One table per size: seconds, MB/s, ratio to NLTK, peak memory, notes."""
    out = []
    for size in sorted({r["size"] for r in rows}):
        part = [r for r in rows if r["size"] == size]
        docs = max(r.get("docs", 0) for r in part)  # a tool that stopped has none
        out.append(f"**{part[0]['MB']:.1f} MB, {docs:,} articles**\n")
        out.append("| tool, same texts | seconds | MB/s | vs NLTK | peak memory (MB) | notes |")
        out.append("|---|---:|---:|---:|---:|---|")
        for r in part:
            secs = _fmt(r.get("seconds"), 1) or r["status"]
            cells = [
                r["tool"],
                secs,
                _fmt(r.get("MB_per_s")),
                _fmt(r.get("vs_nltk")),
                _fmt(r.get("peak_rss_mb"), 0),
                r.get("notes", ""),
            ]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def series(rows: list[dict]) -> str:
    """Cost per MB (wall and CPU seconds) of each tool at every size, and its growth."""
    sizes = sorted({r["size"] for r in rows})
    head = " | ".join(f"{s:g} MB: s/MB (CPU-s/MB)" for s in sizes)
    out = [f"| tool | {head} | largest / smallest |", "|---|" + "---:|" * (len(sizes) + 1)]
    for key in TOOLS:
        mine = {r["size"]: r for r in rows if r["key"] == key and "s_per_MB" in r}
        if not mine:
            continue
        cells = [
            f"{mine[s]['s_per_MB']:.3f} ({mine[s]['cpu_s_per_MB']:.3f})" if s in mine else ""
            for s in sizes
        ]
        have = [s for s in sizes if s in mine]
        growth = mine[have[-1]]["s_per_MB"] / mine[have[0]]["s_per_MB"] if len(have) > 1 else None
        out.append(f"| {key} | " + " | ".join(cells) + f" | {_fmt(growth)} |")
    return "\n".join(out)


COLUMNS = (
    "size MB key tool status seconds MB_per_s vs_nltk s_per_MB cpu_s cpu_s_per_MB peak_rss_mb "
    "peak_bytes_per_token import_rss_mb processes docs sentences tokens terms load_s "
    "sentences_s tokens_s voices_s load_cpu_s sentences_cpu_s tokens_cpu_s voices_cpu_s notes"
).split()


def stage_table(corpus: dict, res: dict, load0: float, load1: float) -> str:
    """Wall and CPU seconds of each stage of our prepare (CPU: all processes)."""
    mb = corpus["text_bytes"] / 1e6
    out = [
        f"our prepare on {mb:.1f} MB ({corpus['articles']:,} articles), load average "
        f"{load0:.2f} at the start, {load1:.2f} at the end: {res['status']}",
        "",
        "| stage | wall s | CPU s (all processes) | of it, main process | CPU / wall "
        "| peak MB (all processes) | of it, main process |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    if res["status"] != "ok":
        return "\n".join([*out, res.get("error", "")])
    for name in STAGES:
        wall, cpu, main = res[f"{name}_s"], res[f"{name}_cpu_s"], res[f"{name}_main_cpu_s"]
        peak, main_peak = res.get(f"{name}_peak_mb"), res.get(f"{name}_main_peak_mb")
        out.append(
            f"| {name} | {wall:.2f} | {cpu:.2f} | {main:.2f} | {cpu / max(wall, 1e-9):.2f} "
            f"| {_fmt(peak, 0)} | {_fmt(main_peak, 0)} |"
        )
    out.append(
        f"| total | {res['seconds']:.2f} | {res['ours_cpu_s']:.2f} | | "
        f"{res['ours_cpu_s'] / res['seconds']:.2f} |"
    )
    out.append(f"\npeak memory {res['peak_rss_mb']:,.0f} MB; {res['docs']:,} docs")
    return "\n".join(out)


def _missing(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1], Path(argv[2]))
        return 0
    sys.path.insert(0, str(HERE))
    import scrape_corpus

    total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument(
        "--sizes",
        nargs="+",
        default=[",".join(map(str, SIZES))],
        help="MB of article text (23 70, or 23,70)",
    )
    p.add_argument("--tools", default=",".join(TOOLS), help="subset of " + ",".join(TOOLS))
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--mem-cap-mb", type=float, default=0.6 * total_mb)
    p.add_argument(
        "--profile",
        action="store_true",
        help="cProfile our load stage (one process): top 20 into results/scrape_profile.txt",
    )
    p.add_argument(
        "--stages",
        action="store_true",
        help="only our prepare: wall and CPU seconds of each stage (load, sentences, ...)",
    )
    p.add_argument("--name", default="scrape", help="results/<name>.csv and .md (default scrape)")
    args = p.parse_args(argv)
    sizes = [float(s) for arg in args.sizes for s in arg.split(",") if s.strip()]
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(tools) - set(TOOLS)
    if unknown:
        p.error(f"unknown tools: {', '.join(sorted(unknown))}")
    RESULTS.mkdir(exist_ok=True)
    kw = {"timeout": args.timeout, "cap_mb": args.mem_cap_mb}
    if args.profile:
        profiled = []
        for size in sizes:
            corpus = scrape_corpus.build(size, seed=args.seed)
            load0 = os.getloadavg()[0]
            res = run_tool("ours-profile", corpus["path"], **kw)
            if res["status"] != "ok":
                print(f"{size:g} MB: {res['status']}")
                return 1
            mb = corpus["text_bytes"] / 1e6
            print(f"profiled our load stage (one process) on {mb:.1f} MB, load average "
                  f"{load0:.2f} to {os.getloadavg()[0]:.2f}")  # fmt: skip
            print((RESULTS / "scrape_profile.txt").read_text())
            profiled.append((mb, res["substages"]))
        table = substage_table(profiled)
        print(table)
        (RESULTS / "scrape_substages.md").write_text(table + "\n")
        return 0
    if args.stages:
        ok = True
        for size in sizes:
            corpus = scrape_corpus.build(size, seed=args.seed)
            load0 = os.getloadavg()[0]
            res = run_tool("ours", corpus["path"], **kw)
            print(stage_table(corpus, res, load0, os.getloadavg()[0]), flush=True)
            ok = ok and res["status"] == "ok"
        return 0 if ok else 1
    load0 = os.getloadavg()
    print(
        f"bench_scrape: {os.cpu_count()} cores, {total_mb / 1024:.0f} GB RAM, load average "
        f"{load0[0]:.2f}; Python {platform.python_version()}",
        flush=True,
    )
    rows = []
    for size in sizes:
        corpus = scrape_corpus.build(size, seed=args.seed)
        print(
            f"{corpus['path'].relative_to(PROJECT_ROOT)}: {corpus['articles']:,} articles, "
            f"{corpus['outlets']} outlets, {corpus['text_bytes'] / 1e6:.1f} MB of text",
            flush=True,
        )
        for tool in tools:
            if tool == "spacy" and _missing("spacy"):
                res = {
                    "status": "not installed",
                    "error": "not installed: pip install -e '.[bench]'",
                }
            else:
                res = run_tool(tool, corpus["path"], **kw)
            rows.append(_row(tool, corpus, res))
            print(f"  {tool}: " + (_fmt(res.get("seconds"), 1) or res["status"]), flush=True)
    _ratios(rows)
    load1 = os.getloadavg()
    text = (
        markdown(rows)
        + "\nCost per MB (wall seconds, CPU seconds in brackets):\n\n"
        + series(rows)
        + f"\n\nLoad average {load0[0]:.2f} at the start, {load1[0]:.2f} at the end.\n"
    )
    print()
    print(text)
    with (RESULTS / f"{args.name}.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()})
    (RESULTS / f"{args.name}.md").write_text(text)
    print(f"written: {RESULTS / args.name}.csv and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
