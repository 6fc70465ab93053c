"""Is preparing one article linear in its length? Time and peak memory at 1, 2, 4, 8 MB.

Two inputs per size, each a one-file corpus loaded in a fresh process (load, clean,
boilerplate, sentences, tokens):

- ``article``: one article of real paragraphs (the seed corpus's, repeated);
- ``white space``: one short sentence, a run of spaces of the given size, another.

Prints seconds, MB/s, peak resident memory and the time per MB relative to 1 MB (1.0 is
linear; 2.0 at 2 MB would be quadratic). Run by ``make bench``; writes
benchmarks/results/linearity_load.csv.
"""

from __future__ import annotations

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
import json, resource, sys, time
import corpus_utils as cu
t0 = time.perf_counter()
c = cu.load_corpus(sys.argv[1], progress=False)
n_sent = len(c.sentences)
n_tok = len(c.tokens())
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "sentences": n_sent, "tokens": n_tok}))
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
        [sys.executable, "-c", _CHILD, str(folder)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    paras = _paragraphs()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in SIZES_MB:
            n = mb * 1_000_000
            inputs = {
                "article": _article(n, paras),
                "white space": "The army advanced." + " " * n + "It held the town.",
            }
            for kind, text in inputs.items():
                r = _run(text, Path(tmp) / f"{kind}-{mb}")
                rows.append({"input": kind, "MB": mb, **r})
                print(f"{kind:<12} {mb} MB  {r['seconds']:7.2f} s  {r['peak_mb']:7.0f} MB peak")
    table = pd.DataFrame(rows)
    table["MB_per_s"] = table["MB"] / table["seconds"]
    first = table.groupby("input")["seconds"].transform("first") / table.groupby("input")[
        "MB"
    ].transform("first")
    table["cost_per_MB_vs_1MB"] = (table["seconds"] / table["MB"]) / first
    RESULTS.mkdir(exist_ok=True)
    table.round(3).to_csv(RESULTS / "linearity_load.csv", index=False)
    print(table.round(2).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
