"""Keyword in context (KWIC): every occurrence of a word, phrase or actor, in its sentence.

A query is matched on the same tokens the rest of the package counts, so the KWIC
lines for a term are exactly the occurrences that
:func:`~corpus_utils.stats.frequency.term_frequencies` counted:

- a word (``"russia"``) matches tokens whose ``norm`` is that word, in any case;
- a phrase (``"de facto"``) matches consecutive tokens of one sentence;
- an actor name in any listed form (``"ISIS"``, ``"Islamic State"``, ``"Daesh"``) is
  merged through the actor lexicon exactly like the text, so it matches every mention
  of that actor;
- a glob (``"terror*"``, ``"russia?"``) matches each whitespace-separated piece against
  the token ``norm``; a compiled regular expression matches one token's ``norm`` in
  full.

Left and right contexts are slices of the article text itself (white space collapsed),
never crossing into another article, and ``start``/``end`` give the node's offsets,
so ``corpus.text_of(doc_id)[start:end] == node`` for every line.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..options import TokenOptions, token_options
from ..prepare import tokenization

KWIC_COLUMNS = ["doc_id", "sent_id", "token_id", "left", "node", "right", "start", "end"]
_SPACE = re.compile(r"\s+")
_GLOB = re.compile(r"[*?\[]")

Query = str | re.Pattern[str]


def query_patterns(
    query: Query,
    *,
    by_norm: bool = True,
    case_sensitive: bool = False,
    merge_actors: bool = True,
    stem: bool = False,
) -> list[re.Pattern[str]]:
    """One compiled pattern per query token, each to be matched in full.

    A plain query is tokenised, actor-merged and normalised exactly like the corpus, so
    ``"Islamic State"`` becomes the one token ``ISIS`` and ``"Forces"`` becomes
    ``forces`` (or its stem with ``stem=True``).

    >>> [p.pattern for p in query_patterns("the Islamic State")]
    ['the', 'ISIS']
    """
    flags = 0 if case_sensitive else re.IGNORECASE
    if isinstance(query, re.Pattern):
        return [query if case_sensitive else re.compile(query.pattern, query.flags | flags)]
    if not query.strip():
        raise ValueError("empty query")
    if _GLOB.search(query):
        return [re.compile(fnmatch.translate(p), flags) for p in query.split()]
    spans = tokenization.word_spans(query)
    surface = [query[a:b] for a, b in spans]
    groups = (
        tokenization.merge_actors(surface)
        if merge_actors
        else ((i, i + 1, None) for i in range(len(spans)))
    )
    tokens, actors = [], []
    for first, last, canonical in groups:
        tokens.append(query[spans[first][0] : spans[last - 1][1]])
        actors.append(canonical)
    base = pd.DataFrame(
        {"token": pd.array(tokens, dtype="string"), "actor": pd.array(actors, dtype="string")}
    )
    if by_norm:
        words = tokenization.normalise(base, stem=stem)["norm"].tolist()
    else:
        words = [tokenization.fold(t) for t in tokens]
    return [re.compile(re.escape(w), flags) for w in words]


def find(
    tokens: pd.DataFrame,
    patterns: Sequence[re.Pattern[str]],
    *,
    by_norm: bool = True,
) -> pd.DataFrame:
    """Rows of ``tokens`` where the patterns match consecutive tokens of one sentence.

    Args:
        tokens: a full token table from :meth:`Corpus.tokens` (nothing dropped, in
            document order), so consecutive rows are consecutive tokens.
        patterns: from :func:`query_patterns`.
        by_norm: match ``norm``; otherwise the token as written (apostrophes folded).

    Returns:
        ``first, last``: row positions of the first and last token of each match.
    """
    n = len(patterns)
    m = len(tokens) - n + 1
    if m <= 0:
        return pd.DataFrame({"first": np.array([], int), "last": np.array([], int)})
    values = tokens["norm"] if by_norm else tokens["token"].map(tokenization.fold)
    codes, uniques = pd.factorize(values)  # a categorical: its codes, no string per row
    doc = pd.factorize(tokens["doc_id"])[0]
    sent = tokens["sent_id"].to_numpy()
    hit = np.ones(m, dtype=bool)
    for j, pattern in enumerate(patterns):
        ok = np.fromiter((bool(pattern.fullmatch(str(u))) for u in uniques), bool, len(uniques))
        hit &= ok[codes[j : j + m]]
        if j:
            hit &= (doc[j : j + m] == doc[:m]) & (sent[j : j + m] == sent[:m])
    first = np.flatnonzero(hit)
    return pd.DataFrame({"first": first, "last": first + n - 1})


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def kwic(
    corpus: Corpus,
    query: Query,
    *,
    window: int = 8,
    unit: Literal["tokens", "chars"] = "tokens",
    by_norm: bool = True,
    case_sensitive: bool = False,
    tokens: TokenOptions | None = None,
    metadata: bool | Sequence[str] = False,
    **token_kwargs: object,
) -> pd.DataFrame:
    """Keyword-in-context lines: ``doc_id, sent_id, token_id, left, node, right, start, end``.

    Args:
        corpus: the corpus.
        query: a word, a phrase, an actor name in any listed form, a glob (``"terror*"``)
            or a compiled regular expression (one token, matched in full).
        window: context size on each side, in tokens (punctuation tokens count) or, with
            ``unit="chars"``, in characters. Contexts stop at the article's edges.
        unit: ``"tokens"`` or ``"chars"``.
        by_norm: match the normalised form (lower case, canonical actor name, stem with
            ``stem=True``); ``False`` matches the words as written (case-insensitively
            unless ``case_sensitive``), so ``"Islamic State"`` finds only that wording.
        case_sensitive: match case exactly.
        tokens: token options; two matter here (the old keywords work too):
            ``merge_actors`` merges actor names in the text and the query (the
            default), ``stem`` compares Snowball stems (``"attacks"`` also finds
            ``attacked``). Every token stays in the context, whatever ``drop_stop``.
        metadata: add document columns, as in :meth:`Corpus.tokens`.

    Returns:
        One row per occurrence, in document order. ``node`` is the text exactly as it
        stands in the article (``corpus.text_of(doc_id)[start:end]``); ``left`` and
        ``right`` have white space collapsed to single spaces. ``token_id`` is the
        node's first token.

    The node matches the actor's other names too (``merge_actors``):

    >>> lines = kwic(corpus, "Islamic State", window=5)
    >>> lines[["node", "right"]].head(2).values.tolist()
    [['Islamic State', 'militant group (ISIS)'], ['ISIS', ') was nearing its conclusion']]
    """
    if window < 0:
        raise ValueError("window must be 0 or more")
    if unit not in ("tokens", "chars"):
        raise ValueError("unit must be 'tokens' or 'chars'")
    opts = token_options(tokens, **token_kwargs)
    merge_actors, stem = opts.merge_actors, opts.stem
    toks = corpus.tokens(merge_actors=merge_actors, stem=stem)
    patterns = query_patterns(
        query, by_norm=by_norm, case_sensitive=case_sensitive, merge_actors=merge_actors, stem=stem
    )
    hits = find(toks, patterns, by_norm=by_norm)
    first, last = hits["first"].to_numpy(), hits["last"].to_numpy()
    doc_ids = toks["doc_id"].iloc[first].to_numpy(dtype=object)
    starts = toks["start"].to_numpy()
    ends = toks["end"].to_numpy()
    node_start, node_end = starts[first], ends[last]
    if unit == "tokens":
        token_id = toks["token_id"].to_numpy()
        doc_first = np.arange(len(toks)) - token_id  # rows are contiguous per article
        doc_size = (
            toks.groupby("doc_id", sort=False, observed=True)["token_id"]
            .transform("size")
            .to_numpy()
        )
        lo = np.maximum(first - window, doc_first[first])
        hi = np.minimum(last + window, doc_first[last] + doc_size[last] - 1)
        left_start, right_end = starts[lo], ends[hi]
    else:
        lengths = np.array([len(corpus.text_of(d)) for d in doc_ids], dtype=int)
        left_start = np.maximum(node_start - window, 0)
        right_end = np.minimum(node_end + window, lengths)
    rows = []
    for d, a, b, ls, re_ in zip(doc_ids, node_start, node_end, left_start, right_end, strict=True):
        text = corpus.text_of(d)
        rows.append((_squash(text[ls:a]), text[a:b], _squash(text[b:re_])))
    left, node, right = (list(c) for c in zip(*rows, strict=True)) if rows else ([], [], [])
    out = pd.DataFrame(
        {
            "doc_id": pd.array(doc_ids, dtype="string"),
            "sent_id": toks["sent_id"].to_numpy()[first],
            "token_id": toks["token_id"].to_numpy()[first],
            "left": pd.array(left, dtype="string"),
            "node": pd.array(node, dtype="string"),
            "right": pd.array(right, dtype="string"),
            "start": pd.array(node_start, dtype="int32"),
            "end": pd.array(node_end, dtype="int32"),
        },
        columns=KWIC_COLUMNS,
    )
    if metadata:
        out = corpus.with_metadata(out, None if metadata is True else metadata)
    return out
