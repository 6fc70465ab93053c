"""Hedging: how often each outlet (or any document column) reports without vouching.

:func:`hedge_hits` finds every phrase of ``resources/hedges.csv`` (reportedly,
allegedly, claimed, said, could not be verified ...) in the sentences, with the voice it
stands in; :func:`hedging` gives their rates per group and voice, per 1,000 words. Both
are re-exported by :mod:`corpus_utils.sources.framing`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

from .. import resources
from ..prepare.voices import quotes, span_index, token_voices


@cache
def _hedges() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    df = resources.table("hedges.csv")
    return tuple(
        (r.term, r.category, re.compile(r.pattern, re.I)) for r in df.itertuples(index=False)
    )


def hedge_hits(corpus) -> pd.DataFrame:
    """Every hedge or attribution phrase: ``doc_id, sent_id, term, category, start, end,
    match, voice``.

    Patterns come from ``resources/hedges.csv``; where two overlap, the row listed first
    in the file wins (``is said to`` is a hedge, not also a ``said``). ``voice`` is the
    voice where the phrase starts (a ``reportedly`` inside a quotation is the source's).
    """
    rows = []
    pats = _hedges()
    for doc_id, sent_id, text, s0 in corpus.sentences[
        ["doc_id", "sent_id", "text", "start"]
    ].itertuples(index=False):
        taken: list[tuple[int, int]] = []
        for term, category, rx in pats:
            for m in rx.finditer(text):
                a, b = m.span()
                if any(a < y and x < b for x, y in taken):
                    continue
                taken.append((a, b))
                rows.append((doc_id, sent_id, term, category, s0 + a, s0 + b, m.group(0)))
    df = pd.DataFrame(
        rows, columns=["doc_id", "sent_id", "term", "category", "start", "end", "match"]
    )
    df = df.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    top = quotes(corpus, nested=False).sort_values(["doc_id", "start"]).reset_index(drop=True)
    idx = span_index(df["doc_id"].astype(str), df["start"].to_numpy(), top)
    kinds = top["kind"].to_numpy(dtype=object)
    kind = np.where(idx >= 0, kinds[np.clip(idx, 0, None)] if len(top) else "", "")
    df["voice"] = np.where(np.isin(kind, ("quote", "partial")), kind, "narration")
    return df.astype(
        {
            "doc_id": "string",
            "sent_id": "int32",
            "term": "string",
            "category": "string",
            "start": "int32",
            "end": "int32",
            "match": "string",
            "voice": "string",
        }
    )


def hedging(
    corpus, *, by: str = "outlet", voice: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Hedge and attribution rates per group: ``<by>, term, category, count, words, per_1000``.

    ``words`` counts word tokens (punctuation excluded, actor names word by word) of the
    group, in the chosen ``voice`` (``"narration"``, ``["quote", "partial"]``...) when
    given; every term of ``resources/hedges.csv`` gets a row per group, zeros included.
    """
    voices = None if voice is None else ([voice] if isinstance(voice, str) else list(voice))
    hits = hedge_hits(corpus)
    toks = corpus.tokens(merge_actors=False)
    toks = toks[~toks["is_punct"]]
    if voices is not None:
        toks = token_voices(corpus, toks)
        toks = toks[toks["voice"].isin(voices)]
        hits = hits[hits["voice"].isin(voices)]
    if by != "doc_id":
        toks = corpus.with_metadata(toks[["doc_id"]], [by])
        hits = corpus.with_metadata(hits, [by])
    key = toks[by].astype("string").fillna("(unknown)")
    words = key.value_counts()
    hkey = hits[by].astype("string").fillna("(unknown)")
    counts = hits.assign(**{by: hkey}).groupby([by, "term"]).size()
    terms = [(t, c) for t, c, _ in _hedges()]
    groups = sorted(set(words.index) | set(hkey))
    rows = []
    for g in groups:
        w = int(words.get(g, 0))
        for term, cat in terms:
            n = int(counts.get((g, term), 0))
            rows.append((g, term, cat, n, w, 1000 * n / w if w else np.nan))
    return pd.DataFrame(rows, columns=[by, "term", "category", "count", "words", "per_1000"])
