"""The word tokenizer and the base token tables, before and after the one-pass tokenizer.

On every sentence of the shared BBC and FA-KES corpora (``/work/shared/corpora``, split
by the package's own sentence splitter):

- tokenizer: NLTK's ``NLTKWordTokenizer.span_tokenize``, the previous ``word_spans``
  (the same class run by the standard ``re`` engine: ``nltk_word_spans`` here) and the
  new ``word_spans`` (one compiled pass; NLTK for the sentences it does not model):
  seconds (CPU and wall), tokens per second, the ratio to NLTK, and how often the
  fast path hands a sentence to NLTK;
- base tables: ``tokenization.base_tables`` for both actor settings, built by this
  checkout and by another checkout's package (``--before``, default ``/work/main/src``,
  run in a subprocess on the same sentences): seconds and bytes per token
  (``df.memory_usage(deep=True).sum() / len(df)``).

CPU seconds are given beside wall seconds because the machine may be shared.

    python benchmarks/bench_tokenize.py [--before /work/main/src]

Results go to ``benchmarks/results/tokenize.csv`` and stdout.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nltk
import pandas as pd

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.prepare import tokenization

RESULTS = Path(__file__).resolve().parent / "results"
SOURCES = {
    "bbc": paths.SHARED_CORPORA / "bbc",
    "fa-kes": paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv",
}

_CHILD = """
import json, pickle, sys, time
from corpus_utils.prepare import tokenization
texts, sentences = pickle.load(open(sys.argv[1], "rb"))
w0, c0 = time.perf_counter(), time.process_time()
tables = tokenization.base_tables(texts, sentences, variants=(True, False))
wall, cpu = time.perf_counter() - w0, time.process_time() - c0
df = tables[True]
print(json.dumps({"wall": wall, "cpu": cpu, "rows": len(df),
                  "bytes_per_token": float(df.memory_usage(deep=True).sum() / len(df)),
                  "dtypes": {c: str(t) for c, t in df.dtypes.items()}}))
"""


def _timed(fn, *args):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, time.perf_counter() - w0, time.process_time() - c0


def _count_tokens(tokenize, sentences: list[str]) -> int:
    return sum(len(tokenize(s)) for s in sentences)


def _tokenizer_rows(sentences: list[str]) -> list[dict]:
    nltk_class = nltk.tokenize.NLTKWordTokenizer()
    straight = str.maketrans({"\u2019": "'", "\u2018": "'"})
    tools = {
        "NLTK NLTKWordTokenizer": lambda s: list(nltk_class.span_tokenize(s.translate(straight))),
        "before: word_spans (NLTK class, re engine)": tokenization.nltk_word_spans,
        "after: word_spans (one pass)": tokenization.word_spans,
    }
    rows = []
    for name, fn in tools.items():
        n, wall, cpu = _timed(_count_tokens, fn, sentences)
        rows.append({"what": "tokenizer", "tool": name, "tokens": n, "wall_s": round(wall, 2),
                     "cpu_s": round(cpu, 2), "tokens_per_cpu_s": round(n / cpu)})  # fmt: skip
    base = rows[0]["cpu_s"]
    for r in rows:
        r["ratio_to_nltk"] = round(base / r["cpu_s"], 2)
    return rows


def _child(data: Path, src: Path) -> dict:
    """Run ``base_tables`` on the pickled input with the package under ``src``."""
    env = dict(os.environ, PYTHONPATH=str(src))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data)], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"base_tables from {src} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _base_table_rows(texts: dict, sentences: pd.DataFrame, before: Path) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "input.pkl"
        pd.to_pickle((texts, sentences), data)
        here = Path(tokenization.__file__).resolve().parents[1]
        rows = [
            {"what": "base_tables", "tool": f"before ({before})", **_child(data, before)},
            {"what": "base_tables", "tool": "after (this checkout)", **_child(data, here)},
        ]
    for r in rows:
        r["ratio_to_before"] = round(rows[0]["cpu"] / r["cpu"], 2)
        r["wall"], r["cpu"] = round(r["wall"], 2), round(r["cpu"], 2)
        r["bytes_per_token"] = round(r["bytes_per_token"], 1)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, default=Path("/work/main/src"))
    args = parser.parse_args()
    texts: dict[str, str] = {}
    frames = []
    for path in SOURCES.values():
        c = cu.load_corpus(path)
        if not texts.keys().isdisjoint(c.docs["doc_id"]):
            raise SystemExit(f"{path}: a document id is also in another corpus")
        texts.update(zip(c.docs["doc_id"], c.docs["text"], strict=True))
        frames.append(c.sentences[["doc_id", "sent_id", "text", "start", "end"]])
    sentences = pd.concat(frames, ignore_index=True)
    sent_text = sentences["text"].tolist()
    straight = str.maketrans({"\u2019": "'", "\u2018": "'"})
    fallback = sum(tokenization._fast_spans(s.translate(straight)) is None for s in sent_text)
    print(f"{len(sent_text):,} sentences; the fast path hands {fallback:,} to NLTK "
          f"({fallback / len(sent_text):.2%})")  # fmt: skip
    rows = _tokenizer_rows(sent_text)
    rows += _base_table_rows(texts, sentences.drop(columns="text"), args.before)
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    RESULTS.mkdir(exist_ok=True)
    keys = list(dict.fromkeys(k for r in rows for k in r if k != "dtypes"))
    with open(RESULTS / "tokenize.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=keys, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
