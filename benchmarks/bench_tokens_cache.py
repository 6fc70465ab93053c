"""The tokens and voices stages, and a cached reopen, on the scrape-like CSV.

The load stage (ftfy, boilerplate, Punkt) is not what this measures, and the cache key
changes with every change of the package's code, so the loaded tables are kept apart
once (``prepare``: ``docs, report, removed, paragraphs, sentences`` as Parquet under
``build/bench/prep_<MB>MB/``) and every later step starts from them:

- ``stages``: a Corpus from those tables, then ``tokens()`` (tokenization on ``--jobs``
  processes, ``normalise``) and ``tokens(voice=True)`` (the quote scan, ``token_voices``),
  wall and CPU seconds (this process and its reaped workers) and peak RSS; ``--profile``
  runs them on one process under cProfile and writes the top functions by own time to
  ``benchmarks/results/tokens_profile_<MB>MB.txt``;
- ``reopen``: writes a cache entry of that corpus (one process, as ``load_corpus(...,
  cache=True)`` does after loading), then in a fresh process opens it and times the
  reopen, the first ``tokens()``, ``tokens(merge_actors=False)`` and
  ``tokens(voice=True)``, with the peak RSS of that process;
- ``matrix``: in a fresh process opens that entry (with its saved matrices removed) and
  times the first ``tokens()``, then the first ``dtm()`` (counted and saved: ``save``
  is the writing alone), with the process's peak RSS after each and the saved files'
  sizes; then in another fresh process the first ``dtm()`` again, now read from the
  saved matrix.

Every step runs in its own process (peak memory is its own); one JSON line each.

    python benchmarks/bench_tokens_cache.py prepare --mb 23
    python benchmarks/bench_tokens_cache.py stages --mb 23 --jobs 2
    python benchmarks/bench_tokens_cache.py stages --mb 5 --profile
    python benchmarks/bench_tokens_cache.py reopen --mb 23
    python benchmarks/bench_tokens_cache.py matrix --mb 23   # after reopen
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILD = HERE.parent / "build" / "bench"
RESULTS = HERE / "results"
PREP_TABLES = ("docs", "report", "removed", "paragraphs", "sentences")


def _prep_dir(mb: float) -> Path:
    return BUILD / f"prep_{mb:g}MB"


def _cpu_s() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_main_mb": round(own, 1), "peak_worker_mb": round(kids, 1)}


def _main_cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def _timed(out: dict, name: str, func):
    """Wall and CPU seconds of ``func()`` (CPU: this process and its reaped workers, and
    this process alone), and this process's peak RSS so far."""
    t, c, m = time.perf_counter(), _cpu_s(), _main_cpu_s()
    value = func()
    out[f"{name}_s"] = round(time.perf_counter() - t, 2)
    out[f"{name}_cpu_s"] = round(_cpu_s() - c, 2)
    out[f"{name}_main_cpu_s"] = round(_main_cpu_s() - m, 2)
    out[f"{name}_peak_main_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    return value


def prepare(mb: float) -> dict:
    """Load the CSV once (two processes, no cache) and keep its tables as Parquet."""
    sys.path.insert(0, str(HERE))
    import scrape_corpus

    import corpus_utils as cu
    from corpus_utils.prepare.cache import _TableWriter

    csv = scrape_corpus.build(mb)["path"]
    out: dict = {"step": "prepare", "mb": mb}
    corpus = _timed(out, "load", lambda: cu.load_corpus(csv, n_jobs=2, progress=False))
    _timed(out, "sentences", lambda: corpus.sentences)
    folder = _prep_dir(mb)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    writer = _TableWriter(folder)
    for name in PREP_TABLES:
        writer.write(name, getattr(corpus, name))
    specs = writer.close()
    (folder / "tables.json").write_text(json.dumps({"csv": str(csv), "tables": specs}))
    out["docs"] = len(corpus)
    return out


def _corpus(mb: float, *, sentences: bool = True):
    """The Corpus of ``prepare``'s tables (paragraphs and sentences already known)."""
    from corpus_utils.corpus import Corpus
    from corpus_utils.prepare.cache import read_table

    folder = _prep_dir(mb)
    meta = json.loads((folder / "tables.json").read_text())
    t = {n: read_table(folder, n, meta["tables"][n]) for n in PREP_TABLES}
    corpus = Corpus(t["docs"], t["report"], t["removed"], source=Path(meta["csv"]))
    corpus.__dict__["paragraphs"] = t["paragraphs"]
    if sentences:
        corpus.__dict__["sentences"] = t["sentences"]
    corpus.progress = False
    return corpus


def stages(mb: float, jobs: int, profile: bool) -> dict:
    """``tokens()`` then ``tokens(voice=True)`` on a corpus whose sentences are known."""
    import corpus_utils  # noqa: F401 - imports outside the timings

    corpus = _corpus(mb)
    corpus.n_jobs = 1 if profile else jobs
    out: dict = {"step": "stages", "mb": mb, "jobs": corpus.n_jobs, "docs": len(corpus)}
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    toks = _timed(out, "tokens", corpus.tokens)
    voiced = _timed(out, "voices", lambda: corpus.tokens(voice=True))
    if prof is not None:
        prof.disable()
        _write_profile(prof, RESULTS / f"tokens_profile_{mb:g}MB.txt", out)
    out["tokens"] = len(toks)
    out["quoted_tokens"] = int((voiced["voice"] != "narration").sum())
    return out


def _write_profile(prof, path: Path, out: dict, top: int = 30) -> None:
    import io
    import pstats

    RESULTS.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    buf.write(
        f"cProfile of tokens() ({out['tokens_s']} s) and tokens(voice=True) "
        f"({out['voices_s']} s), one process, load average {os.getloadavg()[0]:.2f}\n\n"
    )
    for order in ("tottime", "cumulative"):  # own time, then with the calls made
        pstats.Stats(prof, stream=buf).sort_stats(order).print_stats(top)
    path.write_text(buf.getvalue())


def write_cache(mb: float) -> dict:
    """A cache entry of the prepared corpus (tokens computed and streamed to disk)."""
    from corpus_utils.prepare.cache import CorpusCache

    corpus = _corpus(mb)
    corpus.n_jobs = 2
    root = BUILD / f"cache_{mb:g}MB"
    shutil.rmtree(root, ignore_errors=True)
    entry = CorpusCache(root, "bench", {})
    out: dict = {"step": "write_cache", "mb": mb}
    _timed(out, "save", lambda: entry.save(corpus))
    out["bytes"] = sum(f.stat().st_size for f in (root / "bench").iterdir())
    return out


def reopen(mb: float) -> dict:
    """Open the entry ``write_cache`` made; the first token tables after it."""
    import corpus_utils  # noqa: F401 - imports outside the timings
    from corpus_utils.prepare.cache import CorpusCache

    meta = json.loads((_prep_dir(mb) / "tables.json").read_text())
    entry = CorpusCache(BUILD / f"cache_{mb:g}MB", "bench", {})
    out: dict = {"step": "reopen", "mb": mb}
    corpus = _timed(out, "reopen", lambda: entry.open(Path(meta["csv"])))
    corpus.progress = False
    toks = _timed(out, "first_tokens", corpus.tokens)
    out["tokens"] = len(toks)
    del toks
    _timed(out, "tokens_words", lambda: corpus.tokens(merge_actors=False))
    _timed(out, "voices", lambda: corpus.tokens(voice=True))
    return out


def first_dtm(mb: float, *, fresh: bool) -> dict:
    """The first ``dtm()`` after opening ``write_cache``'s entry: counted and saved
    (``fresh``: the entry's saved matrices removed first) or read from the saved one."""
    import corpus_utils  # noqa: F401 - imports outside the timings
    from corpus_utils.prepare import cache, matrix_store
    from corpus_utils.stats.dtm import dtm

    meta = json.loads((_prep_dir(mb) / "tables.json").read_text())
    entry = cache.CorpusCache(BUILD / f"cache_{mb:g}MB", "bench", {})
    saved = entry.path / matrix_store.MATRIX_DIR
    if fresh:
        shutil.rmtree(saved, ignore_errors=True)
    out: dict = {"step": "dtm_built" if fresh else "dtm_read", "mb": mb}
    corpus = _timed(out, "reopen", lambda: entry.open(Path(meta["csv"])))
    corpus.progress = False
    save_matrix = matrix_store.save_matrix

    def timed_save(*args, **kwargs):
        return _timed(out, "save", lambda: save_matrix(*args, **kwargs))

    matrix_store.save_matrix = timed_save
    if fresh:  # the token table apart: first_dtm is then the counting (and saving)
        _timed(out, "first_tokens", corpus.tokens)
    m = _timed(out, "first_dtm", lambda: dtm(corpus))
    out["shape"] = list(m.shape)
    out["nnz"] = int(m.counts.nnz)
    out["saved_bytes"] = {
        p.name.split(".", 1)[1]: p.stat().st_size for p in sorted(saved.glob("*"))
    }
    return out


def _child(args: list[str]) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = [x for x in res.stdout.splitlines() if x.startswith("{")]
    if res.returncode or not lines:
        raise SystemExit(f"{' '.join(args)} failed:\n{res.stderr[-3000:]}")
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument(
        "step",
        choices=(
            "prepare",
            "stages",
            "reopen",
            "write_cache",
            "open",
            "matrix",
            "dtm_built",
            "dtm_read",
        ),
    )
    p.add_argument("--mb", type=float, default=23)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--profile", action="store_true")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if not a.child:
        steps = {"reopen": ["write_cache", "open"], "matrix": ["dtm_built", "dtm_read"]}.get(
            a.step, [a.step]
        )
        load0 = os.getloadavg()[0]
        for step in steps:
            extra = ["--jobs", str(a.jobs)] + (["--profile"] if a.profile else [])
            res = _child([step, "--mb", str(a.mb), *extra])
            res["load_avg"] = [round(load0, 2), round(os.getloadavg()[0], 2)]
            sys.stdout.write(json.dumps(res) + "\n")
        return 0
    if a.step == "prepare":
        res = prepare(a.mb)
    elif a.step == "stages":
        res = stages(a.mb, a.jobs, a.profile)
    elif a.step == "write_cache":
        res = write_cache(a.mb)
    elif a.step in ("dtm_built", "dtm_read"):
        res = first_dtm(a.mb, fresh=a.step == "dtm_built")
    else:
        res = reopen(a.mb)
    res.update(_peak_mb())
    sys.stdout.write(json.dumps(res) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
