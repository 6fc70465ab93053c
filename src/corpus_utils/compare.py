"""Comparisons: which words set one group of text apart from another, and how alike articles are.

:func:`log_odds` is the weighted log-odds ratio with an informative Dirichlet prior of
Monroe, Colaresi and Quinn (2008, "Fightin' Words", *Political Analysis* 16(4)), on two
count vectors. For a word ``w`` with counts ``y_a, y_b`` in groups of ``n_a, n_b`` words,
and prior counts ``alpha_w`` summing to ``alpha_0``::

    delta_w = log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w))
            - log((y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w))
    var(delta_w) ~= 1 / (y_a + alpha_w) + 1 / (y_b + alpha_w)
    z_w = delta_w / sqrt(var(delta_w))

A positive ``z`` leans to group ``a``; ``|z| > 1.96`` is the usual reading of "clearly
more frequent". The prior shrinks rare words toward zero, so one-off words do not top
the list. By default the prior is the word counts of the whole token table the groups
come from (the corpus), as Monroe et al. use a background corpus.

:func:`compare` applies it to any two selections of the token table: by a document
column (``{"outlet": "Newsweek"}``), by voice (``{"voice": ["quote", "partial"]}`` vs
``{"voice": "narration"}``), or both at once (``{"outlet": "Newsweek", "voice":
"narration"}``). :func:`compare_groups` and :func:`compare_voices` are the two usual
calls. :func:`doc_similarity` is tf-idf cosine similarity (scikit-learn) over the
package's own tokens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.neighbors import NearestNeighbors

from .voices import token_voices

MAX_SQUARE_DOCS = 2000


def log_odds(
    counts_a: Mapping[str, float] | pd.Series,
    counts_b: Mapping[str, float] | pd.Series,
    *,
    prior: Mapping[str, float] | pd.Series | None = None,
    alpha0: float | None = None,
) -> pd.DataFrame:
    """Weighted log-odds with an informative Dirichlet prior (Monroe et al. 2008).

    Args:
        counts_a, counts_b: word -> count for the two groups.
        prior: word -> prior count (the background); default ``counts_a + counts_b``.
            Words of the groups missing from it get a prior of 0.01.
        alpha0: rescale the prior to this total (a weaker or stronger prior); default:
            the prior counts as given.

    Returns:
        One row per word used by either group, sorted by ``z`` (largest first):
        ``term, count_a, count_b, count, prior, delta, se, z``.

    >>> log_odds({"terrorists": 8, "said": 2}, {"terrorists": 1, "said": 9})  # doctest: +SKIP
    """
    a = pd.Series(counts_a, dtype="float64")
    b = pd.Series(counts_b, dtype="float64")
    terms = a.index.union(b.index)
    a = a.reindex(terms, fill_value=0.0)
    b = b.reindex(terms, fill_value=0.0)
    keep = (a + b) > 0
    a, b = a[keep], b[keep]
    prior_s = (a + b) if prior is None else pd.Series(prior, dtype="float64")
    prior_s = prior_s[prior_s > 0]
    if alpha0 is not None:
        if alpha0 <= 0:
            raise ValueError("alpha0 must be positive")
        prior_s = prior_s * (alpha0 / prior_s.sum())
    alpha = prior_s.reindex(a.index).fillna(0.01)
    a0 = float(prior_s.sum() + alpha[~a.index.isin(prior_s.index)].sum())
    n_a, n_b = float(a.sum()), float(b.sum())
    if n_a == 0 or n_b == 0:
        raise ValueError("both groups need at least one word")
    la = np.log((a + alpha) / (n_a + a0 - a - alpha))
    lb = np.log((b + alpha) / (n_b + a0 - b - alpha))
    delta = la - lb
    se = np.sqrt(1.0 / (a + alpha) + 1.0 / (b + alpha))
    out = pd.DataFrame(
        {
            "term": a.index.astype(str),
            "count_a": a.to_numpy().astype("int64"),
            "count_b": b.to_numpy().astype("int64"),
            "count": (a + b).to_numpy().astype("int64"),
            "prior": alpha.to_numpy(),
            "delta": delta.to_numpy(),
            "se": se.to_numpy(),
            "z": (delta / se).to_numpy(),
        }
    )
    out = out.sort_values(["z", "term"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def _select(df: pd.DataFrame, selector: Mapping[str, object]) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for col, value in selector.items():
        values = [value] if isinstance(value, str) or not isinstance(value, Sequence) else value
        mask &= df[col].isin(list(values))
    return mask


def _describe(selector: Mapping[str, object] | None) -> str:
    if selector is None:
        return "the rest"
    parts = []
    for col, value in selector.items():
        v = value if isinstance(value, str) or not isinstance(value, Sequence) else value
        shown = v if isinstance(v, str) else " or ".join(map(str, v))  # type: ignore[arg-type]
        parts.append(f"{col} = {shown}")
    return ", ".join(parts)


def _token_table(
    corpus,
    columns: set[str],
    *,
    term: str,
    drop_stop: bool,
    drop_punct: bool,
    merge_actors: bool,
    stem: bool,
) -> pd.DataFrame:
    toks = corpus.tokens(merge_actors=merge_actors, stem=stem)
    if "voice" in columns:
        toks = token_voices(corpus, toks)
    if drop_stop:
        toks = toks[~toks["is_stop"]]
    if drop_punct:
        toks = toks[~toks["is_punct"]]
    meta = [c for c in columns if c not in toks.columns]
    if meta:
        toks = corpus.with_metadata(toks, meta)
    return toks.assign(term=toks[term].astype(str))


def compare(
    corpus,
    a: Mapping[str, object],
    b: Mapping[str, object] | None = None,
    *,
    within: Mapping[str, object] | None = None,
    term: str = "norm",
    drop_stop: bool = False,
    drop_punct: bool = True,
    merge_actors: bool = True,
    stem: bool = False,
    min_count: int = 1,
    alpha0: float | None = None,
) -> pd.DataFrame:
    """Log-odds of the words of selection ``a`` against ``b`` (default: everything else).

    Selections map token-table or document columns to a value or list of values:
    ``{"outlet": "Newsweek"}``, ``{"voice": ["quote", "partial"]}``. ``within``
    restricts both sides first (``within={"outlet": "Newsweek"}`` compares voices inside
    one outlet). The prior is the word counts of the token table after ``within``.

    Returns the :func:`log_odds` table (``count_a`` is ``a``) restricted to words used at
    least ``min_count`` times, with ``attrs["a"]``, ``attrs["b"]`` describing the sides
    and ``attrs["n_a"]``, ``attrs["n_b"]`` their word counts.

    >>> compare(corpus, {"voice": ["quote", "partial"]}, {"voice": "narration"})  # doctest: +SKIP
    """
    columns = set(a) | set(b or {}) | set(within or {})
    toks = _token_table(
        corpus,
        columns,
        term=term,
        drop_stop=drop_stop,
        drop_punct=drop_punct,
        merge_actors=merge_actors,
        stem=stem,
    )
    if within:
        toks = toks[_select(toks, within)]
    in_a = _select(toks, a)
    in_b = _select(toks, b) & ~in_a if b is not None else ~in_a
    ca = toks.loc[in_a, "term"].value_counts()
    cb = toks.loc[in_b, "term"].value_counts()
    if ca.empty or cb.empty:
        raise ValueError(
            f"nothing to compare: {_describe(a)} has {int(ca.sum())} words, "
            f"{_describe(b)} has {int(cb.sum())}"
        )
    prior = toks["term"].value_counts()
    out = log_odds(ca, cb, prior=prior, alpha0=alpha0)
    out = out[out["count"] >= min_count].reset_index(drop=True)
    out.attrs.update(
        {
            "a": _describe(a),
            "b": _describe(b),
            "within": _describe(within) if within else "",
            "n_a": int(ca.sum()),
            "n_b": int(cb.sum()),
        }
    )
    return out


def compare_groups(corpus, by: str, a: object, b: object | None = None, **kwargs) -> pd.DataFrame:
    """Log-odds between documents whose ``by`` column is ``a`` and those where it is ``b``.

    >>> compare_groups(corpus, "outlet", "Newsweek")  # doctest: +SKIP
    """
    return compare(corpus, {by: a}, None if b is None else {by: b}, **kwargs)


def compare_voices(
    corpus,
    a: str | Sequence[str] = ("quote", "partial"),
    b: str | Sequence[str] = "narration",
    *,
    within: Mapping[str, object] | None = None,
    **kwargs,
) -> pd.DataFrame:
    """Log-odds of quoted speech (``a``) against the reporter's narration (``b``).

    ``within={"outlet": "Newsweek"}`` makes the comparison per outlet.
    """
    return compare(corpus, {"voice": a}, {"voice": b}, within=within, **kwargs)


# --- document similarity --------------------------------------------------------------------


def _tfidf(
    corpus,
    *,
    term: str,
    drop_stop: bool,
    voice: str | Sequence[str] | None,
    merge_actors: bool,
) -> tuple[list[str], sparse.csr_matrix]:
    toks = corpus.tokens(merge_actors=merge_actors)
    toks = toks[~toks["is_punct"]]
    if drop_stop:
        toks = toks[~toks["is_stop"]]
    if voice is not None:
        voices = [voice] if isinstance(voice, str) else list(voice)
        toks = token_voices(corpus, toks)
        toks = toks[toks["voice"].isin(voices)]
    doc_ids = corpus.docs["doc_id"].astype(str).tolist()
    row_of = {d: i for i, d in enumerate(doc_ids)}
    rows = toks["doc_id"].astype(str).map(row_of).to_numpy()
    cols, _vocab = pd.factorize(toks[term].astype(str))
    counts = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(doc_ids), max(len(_vocab), 1))
    )
    tfidf = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=False)
    return doc_ids, tfidf.fit_transform(counts)


def doc_similarity(
    corpus,
    *,
    term: str = "norm",
    drop_stop: bool = True,
    voice: str | Sequence[str] | None = None,
    merge_actors: bool = True,
    max_docs: int = MAX_SQUARE_DOCS,
) -> pd.DataFrame:
    """Cosine similarity of the articles' tf-idf vectors: a square ``doc_id x doc_id`` table.

    Word tokens (punctuation dropped; stop words dropped by default; actor names as one
    term) weighted by scikit-learn's ``TfidfTransformer`` (smoothed idf, l2 norm). With
    ``voice="narration"`` only the reporter's words count. An article with no words has
    similarity 0 to everything, itself included. Above ``max_docs`` articles use
    :func:`nearest_docs` instead (a square table grows with the square of the corpus).
    """
    if len(corpus.docs) > max_docs:
        raise ValueError(
            f"{len(corpus.docs):,} articles: a square similarity table would have "
            f"{len(corpus.docs) ** 2:,} cells; use nearest_docs(corpus, k=...) or raise max_docs"
        )
    doc_ids, m = _tfidf(
        corpus, term=term, drop_stop=drop_stop, voice=voice, merge_actors=merge_actors
    )
    sim = cosine_similarity(m)
    out = pd.DataFrame(sim, index=pd.Index(doc_ids, name="doc_id"), columns=doc_ids)
    out.columns.name = "other"
    return out


def nearest_docs(
    corpus,
    *,
    k: int = 5,
    term: str = "norm",
    drop_stop: bool = True,
    voice: str | Sequence[str] | None = None,
    merge_actors: bool = True,
) -> pd.DataFrame:
    """For each article its ``k`` most similar others: ``doc_id, rank, other, similarity``.

    The same tf-idf cosine similarity as :func:`doc_similarity`, for corpora of any size.
    """
    doc_ids, m = _tfidf(
        corpus, term=term, drop_stop=drop_stop, voice=voice, merge_actors=merge_actors
    )
    n = len(doc_ids)
    k = min(k, n - 1)
    if k <= 0:
        return pd.DataFrame(columns=["doc_id", "rank", "other", "similarity"])
    nn = NearestNeighbors(n_neighbors=k + 1, metric="cosine", algorithm="brute").fit(m)
    dist, idx = nn.kneighbors(m)
    rows = []
    for i in range(n):
        others = [(j, 1.0 - d) for j, d in zip(idx[i], dist[i], strict=True) if j != i][:k]
        for rank, (j, s) in enumerate(others, start=1):
            rows.append((doc_ids[i], rank, doc_ids[j], float(s)))
    return pd.DataFrame(rows, columns=["doc_id", "rank", "other", "similarity"])
