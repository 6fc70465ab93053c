"""Time and peak memory of the full prepare (load, clean, sentences, tokens) per corpus.

Each corpus runs in its own process, so peak memory (max RSS) is that corpus's alone.
Run with ``make bench``; results go to ``benchmarks/results/prepare.csv`` and stdout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from corpus_utils import paths

CORPORA = {
    "seed (data/articles)": paths.PROJECT_ROOT / "data" / "articles",
    "bbc": paths.SHARED_CORPORA / "bbc",
}
RESULTS = Path(__file__).resolve().parent / "results"

_CHILD = """
import json, resource, sys, time
import corpus_utils as cu
from pathlib import Path
path = Path(sys.argv[1])
mb = sum(p.stat().st_size for p in path.rglob("*.txt")) / 1e6
t0 = time.perf_counter(); c = cu.load_corpus(path); t1 = time.perf_counter()
n_sent = len(c.sentences); t2 = time.perf_counter()
n_tok = len(c.tokens()); t3 = time.perf_counter()
print(json.dumps({"articles": len(c), "input_mb": round(mb, 2), "sentences": n_sent,
                  "tokens": n_tok, "load_s": t1 - t0, "sentences_s": t2 - t1,
                  "tokens_s": t3 - t2, "total_s": t3 - t0,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> int:
    rows = []
    for name, path in CORPORA.items():
        if not path.exists():
            print(f"skipped {name}: {path} not found")
            continue
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True, text=True
        )
        row = {"corpus": name, **json.loads(out.stdout.strip().splitlines()[-1])}
        row["wall_s_with_imports"] = time.perf_counter() - t0
        row["mb_per_s"] = row["input_mb"] / row["total_s"]
        rows.append(row)
    df = pd.DataFrame(rows).round(2)
    RESULTS.mkdir(exist_ok=True)
    df.to_csv(RESULTS / "prepare.csv", index=False)
    print(df.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
