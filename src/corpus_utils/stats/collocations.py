"""Collocations (word pairs that go together) and the collocates of one term, by NLTK.

:func:`collocations` counts with NLTK's
:class:`~nltk.collocations.BigramCollocationFinder`, run on each SENTENCE's full token
stream (sentences are padded apart, as ``from_documents`` does, so no pair spans two
sentences); scores are NLTK's :class:`~nltk.metrics.association.BigramAssocMeasures`.
:func:`collocates` counts the words in a node's window region itself (each token once,
see there) and scores them with the same NLTK measures.

- ``window=2`` counts adjacent pairs; a larger window counts ordered pairs up to
  ``window - 1`` tokens apart, and NLTK scales the pair count by ``1 / (window - 1)``
  before scoring (Church & Hanks 1990).
- Stop words and punctuation stay in the stream while pairs are counted and are then
  filtered out of the results (NLTK's ``apply_word_filter``, as in
  ``nltk.Text.collocations``), so a pair is always two words actually that close in one
  sentence, never two words brought together by removing what stood between them, and
  the total N counts all tokens.
- ``pmi`` favours rare pairs (a pair seen twice of words seen twice scores highest);
  ``likelihood_ratio`` (Dunning's G2) balances evidence and strength. ``min_freq``
  guards against one-off pairs; with five articles, read ``doc_freq`` too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Literal, get_args

import numpy as np
import pandas as pd
from nltk.collocations import BigramCollocationFinder
from nltk.metrics.association import BigramAssocMeasures
from nltk.probability import FreqDist

from ..corpus import Corpus
from ..options import TokenOptions, token_options
from .kwic import query_patterns

Measure = Literal[
    "pmi",
    "likelihood_ratio",
    "chi_sq",
    "student_t",
    "phi_sq",
    "poisson_stirling",
    "dice",
    "jaccard",
    "mi_like",
    "raw_freq",
]
MEASURES: tuple[str, ...] = get_args(Measure)  # NLTK BigramAssocMeasures names


def _measure(name: str):
    if name not in MEASURES:
        raise ValueError(f"unknown measure {name!r}; choose one of {', '.join(MEASURES)}")
    return getattr(BigramAssocMeasures, name)


def _padded_docs(toks: pd.DataFrame, pad: int) -> Iterator[list[str | None]]:
    """Per article, its token norms with ``pad`` ``None`` after every sentence."""
    norms = toks["norm"].astype(object).to_numpy()
    doc = pd.factorize(toks["doc_id"])[0]
    sent = toks["sent_id"].to_numpy()
    breaks = np.flatnonzero((doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])) + 1
    edges = [0, *breaks.tolist(), len(norms)]
    current: list[str | None] = []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        if a == b:
            continue
        if current and doc[a] != doc[a - 1]:
            yield current
            current = []
        current.extend(norms[a:b].tolist())
        current.extend([None] * pad)
    if current:
        yield current


def _finder(
    toks: pd.DataFrame, window: int
) -> tuple[BigramCollocationFinder, Counter[tuple[str, str]]]:
    """One NLTK finder over all sentences, and the number of articles with each pair."""
    word_fd: FreqDist = FreqDist()
    pair_fd: FreqDist = FreqDist()
    doc_freq: Counter[tuple[str, str]] = Counter()
    for stream in _padded_docs(toks, window - 1):
        f = BigramCollocationFinder.from_words(stream, window_size=window)
        word_fd.update(f.word_fd)
        pair_fd.update(f.ngram_fd)
        doc_freq.update(f.ngram_fd.keys())
    return BigramCollocationFinder(word_fd, pair_fd, window_size=window), doc_freq


def _excluded(toks: pd.DataFrame, *, drop_stop: bool, drop_punct: bool) -> frozenset[str]:
    mask = np.zeros(len(toks), dtype=bool)
    if drop_stop:
        mask |= toks["is_stop"].to_numpy(dtype=bool)
    if drop_punct:
        mask |= toks["is_punct"].to_numpy(dtype=bool)
    return frozenset(toks.loc[mask, "norm"].astype(object))


def collocations(
    corpus: Corpus,
    *,
    measure: Measure = "pmi",
    min_freq: int = 2,
    window: int = 2,
    tokens: TokenOptions | None = None,
    **token_kwargs: object,
) -> pd.DataFrame:
    """Word pairs that occur together more than chance, within sentences.

    Args:
        corpus: the corpus.
        measure: the NLTK ``BigramAssocMeasures`` score to rank by (``"pmi"``,
            ``"likelihood_ratio"``, ``"chi_sq"``, ``"student_t"``, ...).
        min_freq: keep pairs seen at least this often.
        window: 2 for adjacent pairs; ``w`` for ordered pairs up to ``w - 1`` apart.
        tokens: token options (:class:`~corpus_utils.options.TokenOptions`; the old
            keywords ``drop_stop=``, ``stem=``... work too): ``drop_stop`` and
            ``drop_punct`` leave out pairs with a stop word / punctuation; the others
            shape the words as in :meth:`Corpus.tokens`.

    Returns:
        ``w1, w2, count, w1_count, w2_count, doc_freq`` then the score columns
        (``pmi``, ``likelihood_ratio`` and, if different, ``measure``), sorted by
        ``measure`` (descending), count (descending), then ``w1, w2``. ``w1`` comes
        before ``w2`` in the text; ``doc_freq`` is how many articles have the pair.

    >>> collocations(corpus, measure="likelihood_ratio", min_freq=3)[["w1", "w2", "count"]].head(2)
           w1        w2  count
    0  syrian  military     13
    1    deir     ezzor      4
    """
    if window < 2:
        raise ValueError("window must be at least 2 (adjacent words)")
    _measure(measure)  # fail early on an unknown name
    opts = token_options(tokens, **token_kwargs)
    toks = corpus.tokens(**opts.normalisation())
    finder, doc_freq = _finder(toks, window)
    excluded = _excluded(toks, drop_stop=opts.drop_stop, drop_punct=opts.drop_punct)
    finder.apply_word_filter(lambda w: w in excluded)
    finder.apply_freq_filter(min_freq)
    names = list(dict.fromkeys(["pmi", "likelihood_ratio", measure]))
    scores = {name: dict(finder.score_ngrams(_measure(name))) for name in names}
    pairs = list(scores[measure])
    out = pd.DataFrame(
        {
            "w1": pd.array([p[0] for p in pairs], dtype="string"),
            "w2": pd.array([p[1] for p in pairs], dtype="string"),
            "count": np.array([finder.ngram_fd[p] for p in pairs], dtype="int64"),
            "w1_count": np.array([finder.word_fd[p[0]] for p in pairs], dtype="int64"),
            "w2_count": np.array([finder.word_fd[p[1]] for p in pairs], dtype="int64"),
            "doc_freq": np.array([doc_freq[p] for p in pairs], dtype="int64"),
            **{name: np.array([scores[name][p] for p in pairs], dtype=float) for name in names},
        }
    )
    out = out.sort_values(
        [measure, "count", "w1", "w2"], ascending=[False, False, True, True], kind="stable"
    )
    return out.reset_index(drop=True)


def collocates(
    corpus: Corpus,
    node: str,
    *,
    window: int = 5,
    side: Literal["both", "left", "right"] = "both",
    measure: Measure = "likelihood_ratio",
    min_freq: int = 2,
    tokens: TokenOptions | None = None,
    **token_kwargs: object,
) -> pd.DataFrame:
    """The words found near one term, within ``window`` tokens in the same sentence.

    The node is matched like a KWIC query of one token: any case, any listed form of an
    actor (``"Islamic State"`` -> ``ISIS``), or a glob (``"terror*"``: all matching
    words together).

    Counting follows Evert (2008, "surface co-occurrence"): the node's *window region*
    is every token within ``window`` tokens of an occurrence of the node, in the same
    sentence, on the chosen side(s), the node itself excluded; a token in the windows
    of two nearby mentions belongs to the region once. ``count`` is how many of the
    collocate's ``collocate_freq`` occurrences lie in the region, ``window_tokens`` the
    size of the region, ``N`` all tokens. Scores are NLTK's ``BigramAssocMeasures`` on
    that 2x2 table (``n_ii = count``, ``n_ix = window_tokens``, ``n_xi =
    collocate_freq``, ``n_xx = N``), so ``pmi = log2(count * N / (window_tokens *
    collocate_freq))``. (NLTK's finder counts pairs instead, so a word between two
    mentions would count twice and the table would no longer add up.)

    Args:
        corpus: the corpus.
        node: the term whose collocates are wanted.
        window: tokens on each side (punctuation and stop words count as tokens).
        side: ``"both"``, ``"left"`` (words before the node) or ``"right"``.
        measure: the score to rank by.
        min_freq: keep collocates co-occurring at least this often.
        tokens: token options (the old keywords work too): ``drop_stop`` and
            ``drop_punct`` leave out stop words / punctuation as collocates (they still
            count as tokens of the region); the others as in :meth:`Corpus.tokens`.

    Returns:
        ``collocate, count, left, right, collocate_freq, doc_freq, node_freq,
        window_tokens`` then the scores (``pmi``, ``likelihood_ratio`` and, if
        different, ``measure``), sorted by ``measure`` (descending), count (descending),
        collocate. ``left``/``right``: occurrences before / after a mention (one
        between two mentions counts on both sides, once in ``count``); ``doc_freq``:
        articles in which the two co-occur.

    >>> collocates(corpus, "ISIS", window=5)[["collocate", "count", "left", "right"]].head(2)
      collocate  count  left  right
    0  militant      3     3      3
    1     siege      3     1      2
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    if side not in ("both", "left", "right"):
        raise ValueError("side must be 'both', 'left' or 'right'")
    _measure(measure)
    opts = token_options(tokens, **token_kwargs)
    patterns = query_patterns(node, merge_actors=opts.merge_actors, stem=opts.stem)
    if len(patterns) != 1:
        raise ValueError(f"the node must be one token (an actor name counts as one): {node!r}")
    toks = corpus.tokens(**opts.normalisation())
    codes, vocab = pd.factorize(toks["norm"])
    is_node_word = np.fromiter((bool(patterns[0].fullmatch(str(w))) for w in vocab), bool)
    is_node = is_node_word[codes] if len(codes) else np.zeros(0, bool)
    doc = pd.factorize(toks["doc_id"])[0]
    sent = toks["sent_id"].to_numpy(dtype="int64")
    sentence = doc.astype("int64") * (int(sent.max(initial=0)) + 1) + sent
    n_all = len(codes)
    left_of = _reach(is_node, sentence, window, direction=-1) if side != "right" else None
    right_of = _reach(is_node, sentence, window, direction=1) if side != "left" else None
    no = np.zeros(n_all, bool)
    in_left = (left_of if left_of is not None else no) & ~is_node
    in_right = (right_of if right_of is not None else no) & ~is_node
    region = in_left | in_right
    window_tokens = int(region.sum())
    if window_tokens + int(is_node.sum()) >= n_all:
        raise ValueError(
            f"the windows around {node!r} cover the whole corpus; use a smaller window"
        )
    freq = np.bincount(codes, minlength=len(vocab))
    count = np.bincount(codes[region], minlength=len(vocab))
    left = np.bincount(codes[in_left], minlength=len(vocab))
    right = np.bincount(codes[in_right], minlength=len(vocab))
    pairs = pd.DataFrame({"doc": doc[region], "code": codes[region]}).drop_duplicates()
    doc_freq = np.bincount(pairs["code"].to_numpy(), minlength=len(vocab))
    excluded = _excluded(toks, drop_stop=opts.drop_stop, drop_punct=opts.drop_punct)
    names = list(dict.fromkeys(["pmi", "likelihood_ratio", measure]))
    rows = []
    for i in np.flatnonzero(count >= max(min_freq, 1)):
        w = vocab[i]
        if w in excluded:
            continue
        c, f = int(count[i]), int(freq[i])
        scores = [_measure(name)(c, (window_tokens, f), n_all) for name in names]
        rows.append((w, c, int(left[i]), int(right[i]), f, int(doc_freq[i]), *scores))
    cols = ["collocate", "count", "left", "right", "collocate_freq", "doc_freq"]
    out = pd.DataFrame(rows, columns=[*cols, *names])
    out = out.astype({c: "int64" for c in cols[1:]} | {n: float for n in names})
    out["collocate"] = out["collocate"].astype("string")
    out.insert(len(cols), "node_freq", int(is_node.sum()))
    out.insert(len(cols) + 1, "window_tokens", window_tokens)
    out = out.sort_values(
        [measure, "count", "collocate"], ascending=[False, False, True], kind="stable"
    )
    return out.reset_index(drop=True)


def _reach(is_node: np.ndarray, sentence: np.ndarray, window: int, *, direction: int) -> np.ndarray:
    """Tokens up to ``window`` before (``direction=-1``) or after (1) a node, same sentence."""
    n = len(is_node)
    reach = np.zeros(n, bool)
    pos = np.flatnonzero(is_node)
    for k in range(1, window + 1):
        target = pos - k if direction < 0 else pos + k
        ok = (target >= 0) & (target < n)
        src, target = pos[ok], target[ok]
        same = sentence[target] == sentence[src]
        reach[target[same]] = True
    return reach
