"""The notebooks' analysis tables, written out and compared exactly between versions.

A speed-up of an analysis the notebooks call (hedging, label evidence, n-grams,
collocations, keyness, log-odds, topics at a fixed seed...) must not change a row. This
script prepares the seed articles, BBC, FA-KES and any extra corpus given (a scrape CSV
from ``benchmarks/scrape_corpus.py``) with the ``corpus_utils`` that is imported (set
``PYTHONPATH`` to choose the version), writes each table of :data:`TABLES` (or those
named by ``--tables``) as a pickle with the CPU seconds it took, and compares two such
folders table by table, exactly (values, order, dtypes), with ``load_decisions.compare``.

    git archive <old commit> src | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src python benchmarks/notebook_decisions.py write /tmp/nbd-old \
        --extra build/bench/scrape_5MB_seed13.csv --cache /tmp/nbd-cache
    PYTHONPATH=src python benchmarks/notebook_decisions.py write /tmp/nbd-new \
        --extra build/bench/scrape_5MB_seed13.csv --cache /tmp/nbd-cache
    python benchmarks/notebook_decisions.py compare /tmp/nbd-old /tmp/nbd-new

With ``--cache`` each version prepares a corpus once and reopens it on later runs (the
cache key includes the package's code, so two versions never share prepared tables or
document-term matrices); every table is computed by the version that writes it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_decisions import CORPORA, cli  # noqa: E402


def _group(c) -> str:
    from corpus_utils import report

    return report.choose_group_by(c, None)[0]


def _collocates(c) -> pd.DataFrame:
    from corpus_utils.sources import entities, framing
    from corpus_utils.stats import collocations

    nodes = entities.focus_entities(c, k=2, kinds=framing.FOCUS_KINDS)["entity"].tolist()
    parts = []
    for node in nodes or ["said"]:
        try:
            t = collocations.collocates(c, node, window=5, min_freq=2)
        except ValueError:
            node = str(node).split()[-1]
            t = collocations.collocates(c, node, window=5, min_freq=2)
        parts.append(t.assign(node=node))
    return pd.concat(parts, ignore_index=True)


def _units(c, unit: str) -> pd.DataFrame:
    """The units of ``prepare_units`` with each unit's terms (a tuple) as a column."""
    from corpus_utils import topics

    prepared = topics.prepare_units(c, unit=unit, window=3)
    return prepared.units.assign(terms=[tuple(t) for t in prepared.terms])


def _tables() -> dict[str, Callable]:
    from corpus_utils.sources import framing
    from corpus_utils.stats import compare, frequency, keyness

    return {
        "hedge_hits": framing.hedge_hits,
        "hedging": lambda c: framing.hedging(c, by=_group(c)),
        "hedging_doc_narration": lambda c: framing.hedging(c, by="doc_id", voice="narration"),
        "hedging_quoted": lambda c: framing.hedging(c, voice=["quote", "partial"]),
        "label_evidence": framing.label_evidence,
        "display_forms": lambda c: keyness.display_forms(c).reset_index(),
        "display_forms_stem": lambda c: keyness.display_forms(c, stem=True).reset_index(),
        "display_forms_unmerged": lambda c: keyness.display_forms(
            c, merge_actors=False
        ).reset_index(),
        "units_paragraph": lambda c: _units(c, "paragraph"),
        "units_sentences": lambda c: _units(c, "sentences"),
        "units_document": lambda c: _units(c, "document"),
        "bigrams": lambda c: frequency.term_frequencies(c, n=2),
        "trigrams": lambda c: frequency.term_frequencies(c, n=3),
        "tfidf": frequency.tfidf,
        "keyness_vs_english": keyness.keyness_vs_english,
        "collocates": _collocates,
        "compare_voices": lambda c: compare.compare_voices(c, drop_stop=True),
        "log_odds_by_group": lambda c: compare.log_odds_by_group(c, by=_group(c)),
    }


def write(out: Path, extra: list[Path], cache: str | bool, only: list[str] | None) -> None:
    """Prepare every corpus (cached), then write each table with the imported corpus_utils."""
    import corpus_utils as cu

    out.mkdir(parents=True, exist_ok=True)
    corpora = {**CORPORA, **{p.stem: p for p in extra}}
    tables = _tables()
    unknown = sorted(set(only or ()) - set(tables))
    if unknown:
        raise SystemExit(f"unknown tables {unknown}; known: {', '.join(tables)}")
    for name, path in corpora.items():
        c = cu.load_corpus(path, cache=cache, drop_duplicates=True, progress=False)
        c.tokens()
        times = []
        for table, fn in tables.items():
            if only and table not in only:
                continue
            t0 = time.process_time()
            df = fn(c)
            times.append(f"{table} {time.process_time() - t0:.1f} CPU-s ({len(df):,} rows)")
            df.to_pickle(out / f"{name}.{table}.pkl")
        print(f"{name}: {len(c):,} docs; " + ", ".join(times) + f" ({cu.__file__})", flush=True)


def main(argv: list[str] | None = None) -> int:
    def options(w) -> None:
        w.add_argument("--cache", default=False, help="cache folder for the prepared corpora")
        w.add_argument("--tables", nargs="*", help="only these tables (default: all)")

    return cli(
        argv,
        __doc__,
        "prepare the corpora, write their tables",
        options,
        lambda a: write(a.out, a.extra, a.cache, a.tables),
    )


if __name__ == "__main__":
    sys.exit(main())
