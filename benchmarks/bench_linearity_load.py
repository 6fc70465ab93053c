"""Is preparing one article linear in its length? Time and peak memory at 1, 2, 4, 8 MB.

Two inputs per size, each a one-file corpus loaded in a fresh process (load, clean,
boilerplate, sentences, tokens, voices):

- ``article``: one article of real paragraphs (the seed corpus's, repeated);
- ``white space``: one short sentence, a run of spaces of the given size, another.

Prints seconds, MB/s, peak resident memory of the whole run (and above what the
interpreter held after its imports, per input byte), and for each stage alone the peak
resident memory above what the process held when the stage began (Linux: the peak is
reset through ``/proc/self/clear_refs`` before each stage), also per input byte: loading
with sentences, the token stage (``corpus.tokens()``; beside it the table's size as
pandas' deep ``memory_usage`` counts it, a shared Python string once per row) and the
voice stage (``corpus.tokens(voice=True)`` after it). ``cost_per_MB_vs_1MB`` is the time
per MB relative to the smallest size (1.0 is linear; 2.0 at twice the size would be
quadratic). Run by ``make bench`` (``--sizes 1 2 4 8 16 32`` adds sizes); writes
benchmarks/results/linearity_load.csv.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from corpus_utils import paths

SIZES_MB = (1, 2, 4, 8)
RESULTS = Path(__file__).resolve().parent / "results"
_CHILD = """
import gc, json, re, resource, sys, time
import corpus_utils as cu

def status(key):
    with open("/proc/self/status") as f:
        return int(re.search(key + r":\\s+(\\d+)", f.read()).group(1)) / 1024

def stage(func):
    gc.collect()
    before = status("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset the peak resident memory (VmHWM) to the current one
    t = time.perf_counter()
    out = func()
    return out, time.perf_counter() - t, status("VmHWM") - before

base_mb = status("VmRSS")  # the interpreter and the imported packages
t0 = time.perf_counter()
(c, n_sent), load_s, load_mb = stage(lambda: (c := cu.load_corpus(sys.argv[1], progress=False),
                                              len(c.sentences)))
toks, tok_s, tok_mb = stage(c.tokens)
n_tok = len(toks)
table_mb = sum(toks[k].copy().memory_usage(index=False, deep=True) for k in toks) / 2**20
del toks
voiced, voice_s, voice_mb = stage(lambda: c.tokens(voice=True))
del voiced
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "base_mb": base_mb,
                  "load_s": load_s, "load_peak_mb": load_mb, "tokens_s": tok_s,
                  "tokens_peak_mb": tok_mb, "table_mb": table_mb, "voices_s": voice_s,
                  "voices_peak_mb": voice_mb, "sentences": n_sent, "tokens": n_tok}))
"""


def _paragraphs() -> list[str]:
    out = []
    for f in sorted((paths.PROJECT_ROOT / "data" / "articles").glob("*.txt")):
        out += [p.strip() for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return out


def _article(n_bytes: int, paras: list[str]) -> str:
    parts, size, i = ["Headline of a very long article"], 0, 0
    while size < n_bytes:
        p = paras[i % len(paras)]
        parts.append(p)
        size += len(p.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(parts)


def _run(text: str, folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "one.txt").write_text(text, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(folder)], capture_output=True, text=True
    )
    if out.returncode:
        raise RuntimeError(f"the measuring process failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES_MB), metavar="MB")
    parser.add_argument("--inputs", nargs="+", default=["article", "white space"])
    args = parser.parse_args(argv)
    paras = _paragraphs()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            n = mb * 1_000_000
            for kind in args.inputs:
                if kind == "article":
                    text = _article(n, paras)
                else:
                    text = "The army advanced." + " " * n + "It held the town."
                r = _run(text, Path(tmp) / f"{kind}-{mb}")
                del text
                rows.append({"input": kind, "MB": mb, **r})
                print(
                    f"{kind:<12} {mb:>3} MB  {r['seconds']:7.2f} s  {r['peak_mb']:7.0f} MB peak"
                    f"  tokens {r['tokens_s']:6.2f} s {r['tokens_peak_mb']:6.0f} MB"
                    f" (table {r['table_mb']:.0f} MB)"
                    f"  voices {r['voices_s']:6.2f} s {r['voices_peak_mb']:6.0f} MB",
                    flush=True,
                )
    table = pd.DataFrame(rows)
    table["MB_per_s"] = table["MB"] / table["seconds"]
    first = table.groupby("input")["seconds"].transform("first") / table.groupby("input")[
        "MB"
    ].transform("first")
    table["cost_per_MB_vs_1MB"] = (table["seconds"] / table["MB"]) / first
    table["above_base_mb"] = table["peak_mb"] - table["base_mb"]
    for col in ("above_base_mb", "load_peak_mb", "tokens_peak_mb", "voices_peak_mb"):
        table[col.replace("_mb", "_per_input_byte")] = table[col] / table["MB"] * 1.048576
    RESULTS.mkdir(exist_ok=True)
    table.round(3).to_csv(RESULTS / "linearity_load.csv", index=False)
    shown = [
        "input", "MB", "seconds", "MB_per_s", "cost_per_MB_vs_1MB", "peak_mb",
        "above_base_per_input_byte", "load_peak_per_input_byte", "tokens_peak_mb",
        "tokens_peak_per_input_byte",
        "voices_peak_mb", "voices_peak_per_input_byte",
    ]  # fmt: skip
    print(table[shown].round(2).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
