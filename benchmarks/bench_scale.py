"""Scale benchmark: the full prepare on a corpus of hundreds of MB, against other tools.

The corpus is built under ``build/bench_corpus/<N>MB/`` by replicating the shared
corpora (BBC ``*/*.txt``, the FA-KES ``article_content`` column with its title, the seed
articles): one article per ``.txt`` file (headline, blank line, body), each copy ending
in an extra sentence `` Copy N.`` so that no two files are exact duplicates (copies are
still flagged as near-duplicates of their first round, which the loader reports). A
corpus is reused when ``build/bench_corpus/<N>MB.manifest.json`` matches it.

Every tool reads the same files, each in its own process (so its peak memory is its
own: the max RSS, or with worker processes the peak of their summed PSS), timed from
after its imports to its output held in memory:

- ``corpus_utils``: ``load_corpus(path)``, ``.sentences``, ``.tokens()`` (the full prepare);
- NLTK: ``sent_tokenize`` then ``word_tokenize(sentence, preserve_line=True)``, with the
  Punkt data from ``../shared/nltk_data``; the token lists are kept;
- spaCy: ``spacy.blank("en")`` and ``nlp.pipe`` over the texts; the ``Doc`` objects are kept;
- scikit-learn: ``CountVectorizer().fit_transform`` over the texts.

``ratio_to_ours`` is a tool's MB/s divided by ours on the same corpus (above 1: faster
than ours). Sizes: the full size (``--mb``, env ``BENCH_MB``, default 200) and a subset
(``--subset-mb``, env ``BENCH_SUBSET_MB``, default 20), so there is always a number. A
tool is stopped after ``--timeout`` seconds (env ``BENCH_TIMEOUT``, default 900) or when
its memory passes ``--mem-cap-mb`` (env ``BENCH_MEM_CAP_MB``, default 60% of RAM), or the
machine runs short of memory; its row says so. The cached reopen
(``load_corpus(path, cache=True)``, timed in a fresh process after a warm-up one) is
measured once ``load_corpus`` takes ``cache``.

Run with ``make bench`` or ``python benchmarks/bench_scale.py [--mb 200]``; results go to
``benchmarks/results/scale.csv`` (and ``scale.md``) and stdout.
``python benchmarks/bench_scale.py --profile --mb 5`` profiles our prepare with cProfile.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Only the standard library at module level: tool processes re-run this file with
# --child, and must not carry corpus_utils' imports into another tool's peak memory.
PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUILD = PROJECT_ROOT / "build" / "bench_corpus"
RESULTS = Path(__file__).resolve().parent / "results"
MANIFEST_VERSION = 1
TARGETS = {"mb": 200, "seconds": 120, "peak_mb": 4096, "reopen_s": 5}
TOOLS = {
    "ours": "corpus_utils prepare (ours)",
    "nltk": "NLTK sent_tokenize + word_tokenize",
    "spacy": "spaCy blank('en') tokenizer",
    "sklearn": "scikit-learn CountVectorizer",
}
LOW_MEMORY_MB = 1024  # stop a tool when the machine has less than this available


# --------------------------------------------------------------------------- corpus


def _source_articles(shared: Path) -> list[tuple[str, str]]:
    """(name, text) of every source article, in a fixed order."""
    from corpus_utils.load import decode

    out = []
    for f in sorted((shared / "seed").glob("*.txt")):
        out.append((f"seed-{f.stem}", decode(f.read_bytes())[0]))
    for f in sorted((shared / "bbc").glob("*/*.txt")):
        out.append((f"bbc-{f.parent.name}-{f.stem}", decode(f.read_bytes())[0]))
    fakes = shared / "fa-kes" / "FA-KES-Dataset.csv"
    if fakes.is_file():
        with fakes.open(encoding="utf-8", errors="replace", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                body = (row.get("article_content") or "").strip()
                if not body:
                    continue
                title = " ".join((row.get("article_title") or "").split())
                out.append((f"fakes-{i:04d}", f"{title}\n\n{body}" if title else body))
    texts = [(n, t.replace("\r\n", "\n").replace("\r", "\n").strip()) for n, t in out]
    return [(n, t) for n, t in texts if t]


def _fingerprint(articles: list[tuple[str, str]]) -> str:
    h = hashlib.sha1()
    for name, text in articles:
        h.update(name.encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()


def _scan(folder: Path) -> tuple[int, int]:
    files = list(folder.rglob("*.txt"))
    return len(files), sum(f.stat().st_size for f in files)


def build_corpus(target_mb: float) -> dict:
    """The corpus folder of at least ``target_mb`` MB (10^6 bytes); built or reused."""
    from corpus_utils import paths

    label = f"{target_mb:g}MB"
    folder = BUILD / label
    manifest_path = BUILD / f"{label}.manifest.json"
    articles = _source_articles(paths.SHARED_CORPORA)
    if not articles:
        raise SystemExit(f"no source articles under {paths.SHARED_CORPORA}")
    fingerprint = _fingerprint(articles)
    if manifest_path.is_file() and folder.is_dir():
        m = json.loads(manifest_path.read_text())
        if (
            m.get("version") == MANIFEST_VERSION
            and m.get("target_mb") == target_mb
            and m.get("sources") == fingerprint
            and _scan(folder) == (m["files"], m["bytes"])
        ):
            return {**m, "path": folder, "reused": True}
    t0 = time.perf_counter()
    BUILD.mkdir(parents=True, exist_ok=True)
    tmp = BUILD / f".{label}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    target = int(target_mb * 1e6)
    written = n_files = copy = 0
    while written < target:
        sub = tmp / f"r{copy:03d}"
        sub.mkdir(parents=True)
        for name, text in articles:
            data = f"{text} Copy {copy}.\n".encode()
            (sub / f"{name}_{copy:03d}.txt").write_bytes(data)
            written += len(data)
            n_files += 1
            if written >= target:
                break
        copy += 1
    shutil.rmtree(folder, ignore_errors=True)
    manifest_path.unlink(missing_ok=True)
    tmp.rename(folder)
    m = {
        "version": MANIFEST_VERSION,
        "target_mb": target_mb,
        "bytes": written,
        "files": n_files,
        "copies": copy,
        "source_articles": len(articles),
        "sources": fingerprint,
    }
    manifest_path.write_text(json.dumps(m, indent=1) + "\n")
    return {**m, "path": folder, "reused": False, "build_s": time.perf_counter() - t0}


# --------------------------------------------------------------------------- tool processes


def _emit(**kw: object) -> None:
    print(json.dumps(kw), flush=True)


def _peak_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries the parent's RSS at
    fork into a child's ru_maxrss across exec, which would add the parent's memory."""
    peak = _proc_status_mb(os.getpid(), "VmHWM")
    if peak:
        return peak
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _texts(path: Path):
    for f in sorted(path.rglob("*.txt")):
        yield f.read_text(encoding="utf-8")


def child(tool: str, path: Path, nltk_data: str) -> None:
    """Run one tool on the corpus folder; JSON lines on stdout, the last is the result."""
    if tool.startswith("ours"):
        import inspect

        import corpus_utils as cu

        _emit(stage="imported", rss_mb=_peak_mb())
        kwargs = {"cache": True} if tool.startswith("ours-cache") else {}
        if tool == "ours" and "cache" in inspect.signature(cu.load_corpus).parameters:
            kwargs = {"cache": False}  # the full prepare, whatever the default becomes
        if tool == "ours-profile":
            import cProfile
            import pstats

            prof = cProfile.Profile()
            t0 = time.perf_counter()
            prof.enable()
            c = cu.load_corpus(path)
            if hasattr(c, "n_jobs"):
                c.n_jobs = 1  # one process, so the profile sees all of the work
            _ = c.sentences
            c.tokens()
            prof.disable()
            seconds = time.perf_counter() - t0
            out = RESULTS / "scale_profile.txt"
            with out.open("w") as fh:
                pstats.Stats(prof, stream=fh).sort_stats("cumulative").print_stats(40)
            _emit(result={"seconds": seconds, "docs": len(c), "peak_rss_mb": _peak_mb()})
            return
        stages = {}
        t0 = time.perf_counter()
        c = cu.load_corpus(path, **kwargs)
        stages["load_s"] = time.perf_counter() - t0
        _emit(stage="load", s=stages["load_s"], rss_mb=_peak_mb())
        t1 = time.perf_counter()
        n_sent = len(c.sentences)
        stages["sentences_s"] = time.perf_counter() - t1
        _emit(stage="sentences", s=stages["sentences_s"], rss_mb=_peak_mb())
        t2 = time.perf_counter()
        n_tok = len(c.tokens())
        stages["tokens_s"] = time.perf_counter() - t2
        seconds = time.perf_counter() - t0
        if tool == "ours-cache-reopen":  # the reopen is the load_corpus call alone
            stages["prepare_after_reopen_s"] = seconds - stages["load_s"]
            seconds = stages["load_s"]
        status = c.report["status"].value_counts().to_dict()
        _emit(
            result={
                "seconds": seconds,
                "docs": len(c),
                "sentences": n_sent,
                "tokens": n_tok,
                "report": status,
                **stages,
                "peak_rss_mb": _peak_mb(),
            }
        )
    elif tool == "nltk":
        import nltk
        from nltk.tokenize import sent_tokenize, word_tokenize

        nltk.data.path.insert(0, nltk_data)
        _emit(stage="imported", rss_mb=_peak_mb())
        t0 = time.perf_counter()
        out = []
        for text in _texts(path):
            out.append([word_tokenize(s, preserve_line=True) for s in sent_tokenize(text)])
        seconds = time.perf_counter() - t0
        _emit(
            result={
                "seconds": seconds,
                "docs": len(out),
                "sentences": sum(len(d) for d in out),
                "tokens": sum(len(s) for d in out for s in d),
                "peak_rss_mb": _peak_mb(),
            }
        )
    elif tool == "spacy":
        import spacy

        _emit(stage="imported", rss_mb=_peak_mb())
        t0 = time.perf_counter()
        nlp = spacy.blank("en")
        docs = list(nlp.pipe(_texts(path)))
        seconds = time.perf_counter() - t0
        _emit(
            result={
                "seconds": seconds,
                "docs": len(docs),
                "tokens": sum(len(d) for d in docs),
                "peak_rss_mb": _peak_mb(),
            }
        )
    elif tool == "sklearn":
        from sklearn.feature_extraction.text import CountVectorizer

        _emit(stage="imported", rss_mb=_peak_mb())
        t0 = time.perf_counter()
        vec = CountVectorizer()
        x = vec.fit_transform(_texts(path))
        seconds = time.perf_counter() - t0
        _emit(
            result={
                "seconds": seconds,
                "docs": x.shape[0],
                "tokens": int(x.sum()),
                "terms": len(vec.vocabulary_),
                "peak_rss_mb": _peak_mb(),
            }
        )
    else:
        raise SystemExit(f"unknown tool {tool}")


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


def run_tool(tool: str, path: Path, *, timeout: float, cap_mb: float, nltk_data: str) -> dict:
    """One tool in its own process (and its workers), stopped at the timeout or the cap.

    Peak memory is the larger of the process's own peak RSS and the peak of its process
    tree's memory, sampled every 0.25 s; CPU time includes reaped worker processes.
    """
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", tool, str(path), nltk_data]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        cpu0 = _children_cpu_s()
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, start_new_session=True)
        stopped, hwm, tree_peak, n_procs = "", 0.0, 0.0, 1
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


# --------------------------------------------------------------------------- report


def _fmt(x: float | None, nd: int = 2) -> str:
    return "" if x is None else f"{x:,.{nd}f}"


def _row(tool: str, label: str, corpus: dict, res: dict, timeout: float) -> dict:
    mb = corpus["bytes"] / 1e6
    row = {"tool": label, "MB": round(mb, 2), "status": res["status"], "key": tool}
    if res["status"] == "ok":
        row["seconds"] = res["seconds"]
        row["MB_per_s"] = mb / res["seconds"]
    elif res["status"] == "timed out":
        row["seconds_lower_bound"] = timeout
        row["MB_per_s_upper_bound"] = mb / timeout
    row["peak_rss_MB"] = res.get("peak_rss_mb")
    row["import_rss_MB"] = res.get("import_rss_mb")
    row["cpu_s"] = res.get("cpu_s")
    row["processes"] = res.get("processes")
    for k in ("docs", "sentences", "tokens", "terms", "load_s", "sentences_s", "tokens_s"):
        if k in res:
            row[k] = res[k]
    notes = []
    if res.get("cpu_s") is not None:
        procs = res.get("processes", 1)
        notes.append(f"CPU {res['cpu_s']:.1f} s" + (f" in {procs} processes" if procs > 1 else ""))
    if res["status"] != "ok":
        notes.append(res["error"])
        if res.get("peak_rss_mb"):
            notes.append("peak RSS is the last seen before the stop")
    elif tool == "ours":
        notes.append(
            f"{res['docs']:,} docs, {res['sentences']:,} sentences, {res['tokens']:,} tokens; "
            f"load {res['load_s']:.1f} s, sentences {res['sentences_s']:.1f} s, "
            f"tokens {res['tokens_s']:.1f} s"
        )
        near = res.get("report", {}).get("near-duplicate")
        if near:
            notes.append(f"{near:,} flagged near-duplicate")
    elif tool == "nltk":
        notes.append(f"{res['sentences']:,} sentences, {res['tokens']:,} tokens; lists kept")
    elif tool == "spacy":
        notes.append(f"{res['tokens']:,} tokens; Docs kept")
    elif tool == "sklearn":
        notes.append(f"{res['tokens']:,} tokens counted, {res['terms']:,} terms")
    row["notes"] = "; ".join(notes)
    return row


def _ratios(rows: list[dict]) -> None:
    ours = {r["MB"]: r for r in rows if r["key"] == "ours"}
    for r in rows:
        base = ours.get(r["MB"])
        if base is None or r["key"] not in TOOLS:
            continue
        if r["key"] == "ours":
            r["ratio_to_ours"] = 1.0 if r["status"] == "ok" else None
        elif "MB_per_s" in r and "MB_per_s" in base:
            r["ratio_to_ours"] = r["MB_per_s"] / base["MB_per_s"]
        elif "MB_per_s" in r and "MB_per_s_upper_bound" in base:
            r["ratio_to_ours_lower_bound"] = r["MB_per_s"] / base["MB_per_s_upper_bound"]


def markdown(rows: list[dict]) -> str:
    head = ["tool", "MB", "seconds", "MB/s", "ratio_to_ours", "peak_rss_MB", "notes"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * 5 + ["---"]) + "|"]
    for r in rows:
        if "seconds" in r:
            secs = _fmt(r["seconds"], 1 if r["seconds"] >= 10 else 2)
            mbps = _fmt(r["MB_per_s"])
        elif "seconds_lower_bound" in r:
            secs = f"> {r['seconds_lower_bound']:g}"
            mbps = f"< {r['MB_per_s_upper_bound']:.2f}"
        else:
            secs = mbps = "stopped" if r["status"] == "memory" else r["status"]
        if r.get("ratio_to_ours") is not None:
            ratio = _fmt(r["ratio_to_ours"])
        elif "ratio_to_ours_lower_bound" in r:
            ratio = f"> {r['ratio_to_ours_lower_bound']:.2f}"
        else:
            ratio = "n/a"
        peak = r.get("peak_rss_MB")
        peak_s = (
            "" if peak is None else (f"{peak:,.0f}" if r["status"] == "ok" else f">= {peak:,.0f}")
        )
        cells = [r["tool"], f"{r['MB']:.2f}", secs, mbps, ratio, peak_s, r.get("notes", "")]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def targets(rows: list[dict], cache_available: bool) -> list[str]:
    """Pass/fail against the issue's targets, from the largest run of ours."""
    ours = sorted((r for r in rows if r["key"] == "ours"), key=lambda r: r["MB"])
    out = []
    if not ours:
        return ["(our prepare was not run: no targets checked)"]
    big = ours[-1]
    at_target = big["MB"] >= TARGETS["mb"]
    scale = TARGETS["mb"] / big["MB"]
    how = "" if at_target else f", extrapolated linearly from {big['MB']:.2f} MB"
    # time
    if "seconds" in big:
        est = big["seconds"] * (1 if at_target else scale)
        ok = est < TARGETS["seconds"]
        detail = f"{big['seconds']:.1f} s for {big['MB']:.2f} MB" + (
            "" if at_target else f" -> ~{est:.0f} s for {TARGETS['mb']} MB"
        )
    elif "seconds_lower_bound" in big:
        ok, detail = False, f"over {big['seconds_lower_bound']:g} s for {big['MB']:.2f} MB"
    else:
        ok, detail = None, big["notes"]
    out.append(
        _verdict(
            ok, how, f"full prepare of {TARGETS['mb']} MB under {TARGETS['seconds']} s", detail
        )
    )
    # memory
    peak = big.get("peak_rss_MB")
    if peak is None:
        ok, detail = None, big["notes"]
    elif big["status"] == "ok":
        base = big.get("import_rss_MB") or 0.0  # the imports do not grow with the corpus
        est = peak if at_target else base + (peak - base) * scale
        ok = est < TARGETS["peak_mb"]
        detail = f"peak RSS {peak:,.0f} MB at {big['MB']:.2f} MB" + (
            "" if at_target else f" -> ~{est:,.0f} MB at {TARGETS['mb']} MB"
        )
    else:
        ok = False if peak >= TARGETS["peak_mb"] else None
        detail = f"at least {peak:,.0f} MB before the stop"
    out.append(_verdict(ok, how, f"peak memory under {TARGETS['peak_mb'] / 1024:g} GB", detail))
    # cached reopen
    reopen = [r for r in rows if r["key"] == "ours-cache-reopen"]
    if not cache_available:
        out.append(
            f"- [not measured] cached reopen under {TARGETS['reopen_s']} s: "
            "cache: not available yet"
        )
    elif not reopen or "seconds" not in reopen[-1]:
        note = reopen[-1]["notes"] if reopen else "not run"
        out.append(f"- [FAIL] cached reopen under {TARGETS['reopen_s']} s: {note}")
    else:
        r = reopen[-1]
        ok = r["seconds"] < TARGETS["reopen_s"]
        detail = f"{r['seconds']:.2f} s at {r['MB']:.2f} MB"
        h = "" if r["MB"] >= TARGETS["mb"] else f", measured at {r['MB']:.2f} MB only"
        out.append(_verdict(ok, h, f"cached reopen under {TARGETS['reopen_s']} s", detail))
    # vs NLTK, at the largest size where both have a number
    nltk = {r["MB"]: r for r in rows if r["key"] == "nltk"}
    pair = [(o, nltk[o["MB"]]) for o in ours if o["MB"] in nltk and "MB_per_s" in nltk[o["MB"]]]
    pair = [(o, n) for o, n in pair if "MB_per_s" in o or "MB_per_s_upper_bound" in o]
    if not pair:
        out.append("- [not measured] throughput at least NLTK's: no size where both finished")
    else:
        o, n = pair[-1]
        ours_mbps = o.get("MB_per_s", o.get("MB_per_s_upper_bound"))
        bound = "" if "MB_per_s" in o else "< "
        ok = ours_mbps >= n["MB_per_s"] if not bound else False
        detail = (
            f"ours {bound}{ours_mbps:.2f} MB/s vs NLTK {n['MB_per_s']:.2f} MB/s at {o['MB']:.2f} MB"
        )
        out.append(_verdict(ok, "", "our throughput at least NLTK's", detail))
    return out


def _verdict(ok: bool | None, how: str, what: str, detail: str) -> str:
    word = {True: "PASS", False: "FAIL", None: "unknown"}[ok]
    return f"- [{word}{how}] {what}: {detail}"


# --------------------------------------------------------------------------- main


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1], Path(argv[2]), argv[3])
        return 0
    total_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mb", type=float, default=_env_float("BENCH_MB", 200))
    p.add_argument("--subset-mb", type=float, default=_env_float("BENCH_SUBSET_MB", 20))
    p.add_argument("--timeout", type=float, default=_env_float("BENCH_TIMEOUT", 900))
    p.add_argument(
        "--mem-cap-mb", type=float, default=_env_float("BENCH_MEM_CAP_MB", 0.6 * total_mb)
    )
    p.add_argument(
        "--tools", default=",".join(TOOLS), help="comma-separated subset of " + ",".join(TOOLS)
    )
    p.add_argument("--profile", action="store_true", help="cProfile our prepare at --mb and exit")
    args = p.parse_args(argv)

    import inspect

    import corpus_utils as cu
    from corpus_utils import paths

    nltk_data = str(paths.SHARED_CORPORA.parent / "nltk_data")
    RESULTS.mkdir(exist_ok=True)
    kw = {"timeout": args.timeout, "cap_mb": args.mem_cap_mb, "nltk_data": nltk_data}

    if args.profile:
        corpus = build_corpus(args.mb)
        res = run_tool("ours-profile", corpus["path"], **kw)
        print(f"profiled our prepare on {corpus['bytes'] / 1e6:.2f} MB: {res}")
        print((RESULTS / "scale_profile.txt").read_text())
        return 0 if res["status"] == "ok" else 1

    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(tools) - set(TOOLS)
    if unknown:
        p.error(f"unknown tools: {', '.join(sorted(unknown))}")
    cache_available = "cache" in inspect.signature(cu.load_corpus).parameters
    sizes = sorted({min(args.subset_mb, args.mb), args.mb})
    load0 = os.getloadavg()
    print(
        f"bench_scale: {os.cpu_count()} cores, {total_mb / 1024:.0f} GB RAM, load average "
        f"{load0[0]:.2f}; Python {platform.python_version()}; timeout {args.timeout:g} s, "
        f"memory cap {args.mem_cap_mb:,.0f} MB per tool",
        flush=True,
    )
    rows = []
    for size in sizes:
        corpus = build_corpus(size)
        how = "reused" if corpus["reused"] else f"built in {corpus['build_s']:.1f} s"
        print(
            f"corpus {corpus['path'].relative_to(PROJECT_ROOT)}: {corpus['bytes'] / 1e6:.2f} MB "
            f"({corpus['bytes']:,} bytes) in {corpus['files']:,} files, {corpus['copies']} "
            f"copies of {corpus['source_articles']:,} articles ({how})",
            flush=True,
        )
        for tool in tools:
            if tool == "spacy" and _missing("spacy"):
                res = {"status": "not installed", "error": "pip install -e '.[bench]'"}
            else:
                res = run_tool(tool, corpus["path"], **kw)
            rows.append(_row(tool, TOOLS[tool], corpus, res, args.timeout))
            secs = rows[-1].get("seconds")
            print(f"  {TOOLS[tool]}: " + (f"{secs:.1f} s" if secs else res["status"]), flush=True)
        if "ours" in tools:
            label = "corpus_utils cached reopen"
            if not cache_available:
                rows.append(
                    {
                        "tool": label,
                        "key": "ours-cache-reopen",
                        "MB": round(corpus["bytes"] / 1e6, 2),
                        "status": "n/a",
                        "notes": "cache: not available yet",
                    }
                )
                print("  cache: not available yet", flush=True)
            else:
                warm = run_tool("ours-cache-warm", corpus["path"], **kw)
                res = run_tool("ours-cache-reopen", corpus["path"], **kw)
                row = _row("ours-cache-reopen", label, corpus, res, args.timeout)
                if res["status"] == "ok":
                    row["notes"] = (
                        f"load_corpus(path, cache=True) in a fresh process; then sentences + "
                        f"tokens {res['prepare_after_reopen_s']:.1f} s; warm-up run "
                        + (f"{warm['seconds']:.1f} s" if warm["status"] == "ok" else warm["error"])
                    )
                rows.append(row)
                secs = row.get("seconds")
                print(
                    "  cached reopen: " + (f"{secs:.2f} s" if secs else res["status"]), flush=True
                )
    _ratios(rows)
    table = markdown(rows)
    verdicts = targets(rows, cache_available)
    load1 = os.getloadavg()
    print()
    print(table)
    print()
    print(f"Targets (load average {load0[0]:.2f} at start, {load1[0]:.2f} at end):")
    print("\n".join(verdicts))
    print("ratio_to_ours: the tool's MB/s over ours on the same files (above 1: faster).")
    cols = (
        "tool MB seconds MB_per_s ratio_to_ours peak_rss_MB notes status seconds_lower_bound "
        "MB_per_s_upper_bound ratio_to_ours_lower_bound docs sentences tokens terms load_s "
        "sentences_s tokens_s import_rss_MB cpu_s processes"
    ).split()
    with (RESULTS / "scale.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()})
    (RESULTS / "scale.md").write_text(table + "\n\n" + "\n".join(verdicts) + "\n")
    print(f"written: {RESULTS / 'scale.csv'}, {RESULTS / 'scale.md'}")
    return 0


def _missing(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is None


if __name__ == "__main__":
    sys.exit(main())
