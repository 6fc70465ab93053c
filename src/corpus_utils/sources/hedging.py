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


SEPARATOR = "\x00"
"""Joins the sentences for one regex pass per pattern: no pattern match may contain it."""

_SEES_BEYOND = re.compile(r"\(\?<?[=!]|\^|\$|\\[AZz]")
"""Lookarounds and anchors: they may read the separator without matching it."""


def _hits_by_sentence(texts: Sequence[str], pats) -> list[tuple[int, int, int, int]]:
    """``(sentence, pattern, start, end)`` of every kept match, sentence by sentence: the
    reference for :func:`_hits_joined`; where two overlap in a sentence, the pattern
    listed first wins."""
    out = []
    for s, text in enumerate(texts):
        taken: list[tuple[int, int]] = []
        for k, (_term, _category, rx) in enumerate(pats):
            for m in rx.finditer(text):
                a, b = m.span()
                if any(a < y and x < b for x, y in taken):
                    continue
                taken.append((a, b))
                out.append((s, k, a, b))
    return out


def _hits_joined(texts: Sequence[str], pats) -> list[tuple[int, int, int, int]] | None:
    """The same as :func:`_hits_by_sentence`, from one ``finditer`` per pattern over the
    sentences joined by :data:`SEPARATOR` (12 passes instead of 12 per sentence).

    Exact when no sentence contains the separator, no pattern has a lookaround or an
    anchor (``\\b`` sees the separator as it sees a string's end: a non-word), and no
    match is empty or spans the separator; ``None`` otherwise (the caller then goes
    sentence by sentence). Matches of one pattern never overlap, and sentences are
    disjoint in the joined text, so "the first pattern wins" is one interval test
    against the matches kept from earlier patterns (sorted, disjoint).

    >>> pats = (("said", "a", re.compile(r"\\bsaid\\b")),)
    >>> _hits_joined(["He said.", "said"], pats) == _hits_by_sentence(["He said.", "said"], pats)
    True
    """
    if any(_SEES_BEYOND.search(rx.pattern) for _t, _c, rx in pats):
        return None
    joined = SEPARATOR.join(texts)
    if joined.count(SEPARATOR) != max(len(texts) - 1, 0):
        return None
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    offsets = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
    kept_a, kept_b = np.empty(0, np.int64), np.empty(0, np.int64)  # sorted, disjoint
    parts = []
    for k, (_term, _category, rx) in enumerate(pats):
        spans = np.array([m.span() for m in rx.finditer(joined)], dtype=np.int64).reshape(-1, 2)
        a, b = spans[:, 0], spans[:, 1]
        sent = np.searchsorted(offsets, a, side="right") - 1
        if (a == b).any() or (b > offsets[sent] + lengths[sent]).any():
            return None  # an empty match, or one across the separator
        j = np.searchsorted(kept_a, b, side="left") - 1  # the last kept match starting before b
        clash = (
            (j >= 0) & (kept_b[np.clip(j, 0, None)] > a) if len(kept_a) else np.zeros(len(a), bool)
        )
        a, b, sent = a[~clash], b[~clash], sent[~clash]
        order = np.argsort(np.concatenate([kept_a, a]), kind="stable")
        kept_a, kept_b = np.concatenate([kept_a, a])[order], np.concatenate([kept_b, b])[order]
        parts.append((sent, np.full(len(a), k), a - offsets[sent], b - offsets[sent]))
    if not parts:
        return []
    sent, pat, a, b = (np.concatenate(x) for x in zip(*parts, strict=True))
    order = np.lexsort((a, pat, sent))  # sentence, then pattern, then position: as by sentence
    return list(
        zip(
            sent[order].tolist(),
            pat[order].tolist(),
            a[order].tolist(),
            b[order].tolist(),
            strict=True,
        )
    )


def hedge_hits(corpus) -> pd.DataFrame:
    """Every hedge or attribution phrase: ``doc_id, sent_id, term, category, start, end,
    match, voice``.

    Patterns come from ``resources/hedges.csv``; where two overlap, the row listed first
    in the file wins (``is said to`` is a hedge, not also a ``said``). ``voice`` is the
    voice where the phrase starts (a ``reportedly`` inside a quotation is the source's).
    Patterns match within one sentence.
    """
    pats = _hedges()
    sents = corpus.sentences
    texts = sents["text"].astype(str).tolist()
    found = _hits_joined(texts, pats)
    if found is None:
        found = _hits_by_sentence(texts, pats)
    s, k, a, b = (
        (np.array(x, dtype=np.int64) for x in zip(*found, strict=True))
        if found
        else (np.empty(0, np.int64) for _ in range(4))
    )
    s0 = sents["start"].to_numpy(dtype=np.int64)[s]
    terms = np.array([t for t, _c, _r in pats] or [""], dtype=object)
    cats = np.array([c for _t, c, _r in pats] or [""], dtype=object)
    df = pd.DataFrame(
        {
            "doc_id": sents["doc_id"].to_numpy(dtype=object)[s],
            "sent_id": sents["sent_id"].to_numpy()[s],
            "term": terms[k],
            "category": cats[k],
            "start": s0 + a,
            "end": s0 + b,
            "match": [
                texts[i][x:y] for i, x, y in zip(s.tolist(), a.tolist(), b.tolist(), strict=True)
            ],
        }
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
    word = ~toks["is_punct"].to_numpy(dtype=bool)
    if voices is not None:
        voiced = token_voices(corpus, toks)
        word &= voiced["voice"].isin(voices).to_numpy()
        hits = hits[hits["voice"].isin(voices)]
    if by != "doc_id":
        hits = corpus.with_metadata(hits, [by])
    words = _words_by_group(corpus, toks["doc_id"], word, by)
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


def _words_by_group(corpus, doc_id: pd.Series, word: np.ndarray, by: str) -> pd.Series:
    """Word tokens (``word`` true) per ``by`` group of their document, as a string-keyed
    count (missing groups ``(unknown)``), counted per document, then summed per group;
    only groups with words appear."""
    codes, uniques = pd.factorize(doc_id)  # no copy of the token table, no merge per token
    per_doc = np.bincount(codes[word & (codes >= 0)], minlength=len(uniques))
    docs = pd.Index(pd.Series(uniques, dtype="string"), name="doc_id")
    if by == "doc_id":
        key = pd.Series(docs, index=docs, dtype="string")
    else:
        key = corpus.docs.drop_duplicates("doc_id").set_index("doc_id")[by].astype("string")
        key = key.reindex(docs)
    key = key.fillna("(unknown)")
    words = pd.Series(per_doc, index=key.to_numpy()).groupby(level=0).sum()
    return words[words > 0]
