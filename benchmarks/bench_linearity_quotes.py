"""Time and peak memory of quote finding and the attribution ledger on one long article.

Articles of 1, 2, 4 and 8 MB are built by repeating the FA-KES sentences that hold a
paired quotation (``/work/shared/corpora/fa-kes``, one paragraph per article, as in
that corpus), plus one article whose single sentence holds 8,000 ``said``. Each article
runs in its own process: it is loaded and tokenized first (not timed here; see
``bench_prepare.py``), then ``voices.quotes`` and ``attribution.ledger`` are timed, then
run again under ``tracemalloc`` for their peak memory (the caches cleared in between;
``--no-memory`` skips that pass).
A linear algorithm doubles its time when the article doubles; the ``ratio`` column is
the time over the previous size's time.

    python benchmarks/bench_linearity_quotes.py [--sizes 1 2 4 8] [--timeout 900] [--no-memory]

Results go to ``benchmarks/results/linearity_quotes.csv`` and stdout.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from corpus_utils import paths

RESULTS = Path(__file__).resolve().parent / "results"
FAKES = paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv"
SAID_COUNT = 8_000

_CHILD = """
import gc, json, sys, time, tracemalloc
from pathlib import Path
import corpus_utils as cu
from corpus_utils.sources import attribution
from corpus_utils.prepare import voices
folder = Path(sys.argv[1])
memory = sys.argv[2] == "1"
t0 = time.perf_counter()
c = cu.load_corpus(folder, progress=False)
c.tokens(); c.tokens(merge_actors=False)
t1 = time.perf_counter()
q = voices.quotes(c); t2 = time.perf_counter()
led = attribution.ledger(c); t3 = time.perf_counter()
q_peak = l_peak = float("nan")
if memory:
    voices._CACHE.clear(); attribution._CACHE.clear(); gc.collect()
    tracemalloc.start()
    voices.quotes(c); _, q_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    attribution.ledger(c); _, l_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
print(json.dumps({"chars": len(c.docs["text"].iloc[0]), "sentences": len(c.sentences),
    "quotes": len(q), "statements": len(led), "prepare_s": t1 - t0,
    "quotes_s": t2 - t1, "ledger_s": t3 - t2,
    "quotes_peak_mb": q_peak / 2**20, "ledger_peak_mb": l_peak / 2**20}))
"""


def quoted_sentences(path: Path = FAKES) -> list[str]:
    """FA-KES sentences holding a paired straight quotation (two marks, some words)."""
    df = pd.read_csv(path, encoding="utf-8", encoding_errors="replace")
    out: list[str] = []
    for text in df["article_content"].astype(str):
        for sent in re.split(r"(?<=[.!?]) (?=[A-Z\"])", text):
            if sent.count('"') == 2 and re.search(r'"\w[^"]{5,}"', sent):
                out.append(sent.strip())
    return sorted(set(out))


def article_of(mb: int, sentences: list[str]) -> str:
    """One paragraph of ``mb`` megabytes (characters) of repeated quoted sentences."""
    target = mb * 1_000_000
    parts: list[str] = []
    n = 0
    while n < target:
        for s in sentences:
            parts.append(s)
            n += len(s) + 1
            if n >= target:
                break
    return "Headline of the long article\n\n" + " ".join(parts) + "\n"


def said_article() -> str:
    """One sentence with 8,000 ``said``, each beside a short partial quotation."""
    body = " and ".join('the official said "strikes continue"' for _ in range(SAID_COUNT))
    return "Headline of the said article\n\nIn the city " + body + ".\n"


def run(name: str, text: str, timeout: float, memory: bool = True) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        try:
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, tmp, "1" if memory else "0"],
                check=True,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return {"article": name, "mb": round(len(text) / 1e6, 2), "status": "timeout"}
        row = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "article": name,
        "mb": round(len(text) / 1e6, 2),
        "status": "ok",
        **row,
        "wall_s": time.perf_counter() - t0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1, 2, 4, 8])
    ap.add_argument("--timeout", type=float, default=900, help="seconds per article")
    ap.add_argument("--no-said", action="store_true", help="skip the 8,000-said article")
    ap.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    ap.add_argument("--fakes", type=Path, default=FAKES, help="the FA-KES CSV")
    ap.add_argument("--out", type=Path, default=RESULTS / "linearity_quotes.csv")
    args = ap.parse_args(argv)
    sentences = quoted_sentences(args.fakes)
    rows = []
    prev = None
    for mb in args.sizes:
        row = run(f"fa-kes x {mb} MB", article_of(mb, sentences), args.timeout, not args.no_memory)
        t = row.get("quotes_s", 0) + row.get("ledger_s", 0)
        row["ratio"] = round(t / prev, 2) if prev and t else None
        prev = t or None
        rows.append(row)
    if not args.no_said:
        rows.append(run(f"{SAID_COUNT:,} said", said_article(), args.timeout, not args.no_memory))
    df = pd.DataFrame(rows).round(3)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(args.out, index=False, quoting=csv.QUOTE_MINIMAL)
    cols = [c for c in ["article", "mb", "status", "quotes", "statements", "quotes_s"] if c in df]
    cols += [c for c in ["ledger_s", "ratio", "quotes_peak_mb", "ledger_peak_mb"] if c in df]
    sys.stdout.write(df[cols].to_string(index=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
