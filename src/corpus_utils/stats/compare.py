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

:func:`compare` applies it to any two selections of a corpus's words: by a document
column (``{"outlet": "Newsweek"}``), by voice (``{"voice": ["quote", "partial"]}`` vs
``{"voice": "narration"}``), or both at once (``{"outlet": "Newsweek", "voice":
"narration"}``). :func:`log_odds_between_groups` and :func:`compare_voices` are the two
usual calls. Every count is read from the document-term matrices of
:func:`corpus_utils.stats.dtm.dtm` (one per voice asked for), never from the token table.

:func:`log_odds_by_group` compares MANY groups at once, each against all the others
(every outlet against the rest, left / centre / right, BBC sections), as tidylo's
``bind_log_odds`` does in R (its 0.1 form, Monroe et al.'s eq. 16 with group ``j`` the
complement of ``i``): for group ``i`` and word ``w``, ``y_i`` the word's count in the
group, ``y_j`` its count in all other groups together, ``n_i``, ``n_j`` their word
totals, and the prior the whole corpus's counts (``alpha_w = y_i + y_j``, ``alpha_0 =
n_i + n_j``), the z-score above is ``log_odds_weighted``. Groups with fewer than
``min_docs`` articles are computed but flagged ``too_small``; articles without a group
value are left out (and counted in ``attrs["n_missing_docs"]``), never made a group.

:func:`doc_similarity` is tf-idf cosine similarity (scikit-learn) over the package's
own tokens, with the one tf-idf of :func:`corpus_utils.stats.frequency.tfidf_weights`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.neighbors import NearestNeighbors

from ..options import TokenOptions, token_options
from ..report import MIN_GROUP_DOCS, is_missing
from .dtm import DocTermMatrix, GroupBy, debris_of, doc_groups, dtm, term_debris
from .frequency import COUNTING, term_frequencies, tfidf_weights
from .keyness import term_display

COMPARE = TokenOptions(drop_stop=False)
"""The default of :func:`compare`: every word counts, stop words included."""

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

    >>> lo = log_odds({"terrorists": 8, "said": 2}, {"terrorists": 1, "said": 9})
    >>> lo[["term", "count_a", "count_b", "z"]].round(2)
             term  count_a  count_b     z
    0  terrorists        8        1  2.41
    1        said        2        9 -2.70
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


def _values(value: object) -> list:
    """A selector's value as a list of values (a string is one value)."""
    return [value] if isinstance(value, str) or not isinstance(value, Sequence) else list(value)


def _describe(selector: Mapping[str, object] | None) -> str:
    if selector is None:
        return "the rest"
    parts = []
    for col, value in selector.items():
        v = value if isinstance(value, str) or not isinstance(value, Sequence) else value
        shown = v if isinstance(v, str) else " or ".join(map(str, v))  # type: ignore[arg-type]
        parts.append(f"{col} = {shown}")
    return ", ".join(parts)


class _Sides:
    """Term counts of selections of a corpus's tokens, read from its document-term matrices.

    A selection is the conjunction of selectors (``{"outlet": "Newsweek"}``,
    ``{"voice": "narration"}``): document columns pick matrix rows, ``voice`` picks the
    matrix of those voices. Counts are aligned with the all-voices matrix's terms.
    """

    def __init__(self, corpus, opts: TokenOptions, selectors: list[Mapping[str, object]]):
        for sel in selectors:
            for col in sel:
                if col != "voice" and (col not in corpus.docs.columns or col == "text"):
                    raise KeyError(
                        f"cannot select on {col!r}: selections name 'voice' or a document "
                        f"column ({', '.join(corpus.metadata_columns())})"
                    )
        self.corpus = corpus
        self.opts = opts
        self.base = dtm(corpus, tokens=opts)

    def counts(self, *selectors: Mapping[str, object] | None) -> np.ndarray:
        docs = self.corpus.docs
        rows = np.ones(len(docs), bool)
        voices: set[str] | None = None
        for sel in selectors:
            for col, value in (sel or {}).items():
                if col == "voice":
                    chosen = {str(v) for v in _values(value)}
                    voices = chosen if voices is None else voices & chosen
                else:
                    rows &= docs[col].isin(_values(value)).to_numpy(bool)
        if voices is not None and not voices:
            return np.zeros(len(self.base.terms), np.int64)
        m = self.base if voices is None else dtm(self.corpus, tokens=self.opts, voice=voices)
        return _align(m, self.base, rows.astype(np.int64) @ m.counts)


def _align(m: DocTermMatrix, base: DocTermMatrix, vec: np.ndarray) -> np.ndarray:
    """``vec`` over ``m``'s terms, placed on ``base``'s terms (a superset)."""
    if m is base:
        return np.asarray(vec).ravel()
    out = np.zeros(len(base.terms), np.int64)
    out[base.terms.get_indexer(m.terms)] = np.asarray(vec).ravel()
    return out


def compare(
    corpus,
    a: Mapping[str, object],
    b: Mapping[str, object] | None = None,
    *,
    within: Mapping[str, object] | None = None,
    term: str = "norm",
    tokens: TokenOptions | None = None,
    min_count: int = 1,
    alpha0: float | None = None,
    drop_debris: bool = True,
    **token_kwargs: object,
) -> pd.DataFrame:
    """Log-odds of the words of selection ``a`` against ``b`` (default: everything else).

    Selections map ``"voice"`` or document columns to a value or list of values:
    ``{"outlet": "Newsweek"}``, ``{"voice": ["quote", "partial"]}``. ``within``
    restricts both sides first (``within={"outlet": "Newsweek"}`` compares voices inside
    one outlet). The prior is the word counts after ``within``. Counts come from the
    document-term matrices (:func:`corpus_utils.stats.dtm.dtm`), one per voice asked for.

    ``tokens`` default to ``TokenOptions(drop_stop=False)`` (every word, punctuation
    out); the old keywords (``drop_stop=True``, ``stem=True``...) work too. ``term`` is
    ``"norm"`` (the only form counted). Tokenizer debris and numbers are left out unless
    ``drop_debris=False`` (see :func:`~corpus_utils.stats.keyness.is_debris`).

    Returns the :func:`log_odds` table (``count_a`` is ``a``) restricted to words used at
    least ``min_count`` times, plus ``display`` (the word's usual surface form, see
    :func:`~corpus_utils.stats.keyness.display_forms`), with ``attrs["a"]``, ``attrs["b"]``
    describing the sides and ``attrs["n_a"]``, ``attrs["n_b"]`` their word counts.

    >>> quoted = compare(corpus, {"voice": ["quote", "partial"]}, {"voice": "narration"})
    >>> quoted.columns.tolist()
    ['term', 'display', 'count_a', 'count_b', 'count', 'prior', 'delta', 'se', 'z']
    """
    if term != "norm":
        raise ValueError(f"term={term!r}: only 'norm' is counted; see TokenOptions(lowercase=...)")
    opts = token_options(tokens, default=COMPARE, **token_kwargs)
    sides = _Sides(corpus, opts, [a, b or {}, within or {}])
    prior = sides.counts(within)
    count_a = sides.counts(within, a)
    if b is None:
        count_b = prior - count_a
    else:
        count_b = sides.counts(within, b) - sides.counts(within, b, a)
    keep = ~term_debris(corpus, sides.base) if drop_debris else True
    terms = sides.base.terms

    def series(values: np.ndarray) -> pd.Series:
        used = (values > 0) & keep
        return pd.Series(values[used], index=terms[used], dtype="int64")

    ca, cb = series(count_a), series(count_b)
    if ca.empty or cb.empty:
        raise ValueError(
            f"nothing to compare: {_describe(a)} has {int(ca.sum())} words, "
            f"{_describe(b)} has {int(cb.sum())}"
        )
    out = log_odds(ca, cb, prior=series(prior), alpha0=alpha0)
    out = out[out["count"] >= min_count].reset_index(drop=True)
    out.insert(1, "display", term_display(corpus, out["term"], tokens=opts))
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


def log_odds_between_groups(
    corpus, *, by: str, a: object, b: object | None = None, **kwargs
) -> pd.DataFrame:
    """Log-odds between documents whose ``by`` column is ``a`` and those where it is ``b``
    (default: every other document); the other arguments as in :func:`compare`.

    >>> table = log_odds_between_groups(corpus, by="outlet", a="Newsweek")
    >>> bool((table["count"] == table["count_a"] + table["count_b"]).all())
    True
    """
    return compare(corpus, {by: a}, None if b is None else {by: b}, **kwargs)


def compare_groups(corpus, by: str, a: object, b: object | None = None, **kwargs) -> pd.DataFrame:
    """Deprecated: :func:`log_odds_between_groups`, which takes ``by``, ``a``, ``b`` by name."""
    warnings.warn(
        "compare_groups(corpus, by, a, b) is now log_odds_between_groups(corpus, by=..., a=...)",
        DeprecationWarning,
        stacklevel=2,
    )
    return log_odds_between_groups(corpus, by=by, a=a, b=b, **kwargs)


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


# --- many groups, each against the rest -----------------------------------------------------


def _z_vs_rest(y_i, y_w, n_i, n_total):
    """Monroe et al.'s z of each word in group ``i`` against the rest, prior = the corpus."""
    y_j, n_j = y_w - y_i, n_total - n_i
    alpha, alpha0 = y_w, n_total
    delta = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha)) - np.log(
        (y_j + alpha) / (n_j + alpha0 - y_j - alpha)
    )
    se = np.sqrt(1.0 / (y_i + alpha) + 1.0 / (y_j + alpha))
    return delta, delta / se


def _known_groups(corpus, by: GroupBy) -> tuple[str, pd.Series, int]:
    """The group column's name, each known article's group (as text), articles left out."""
    if by is None:
        raise ValueError("log_odds_by_group needs groups: pass by='outlet' or another column")
    name, groups = doc_groups(corpus, by)
    missing = is_missing(groups)
    known = groups[~missing.to_numpy()].astype("string").str.strip()
    return name, known, int(missing.sum())


def log_odds_by_group(
    corpus,
    *,
    by: GroupBy,
    min_docs: int = MIN_GROUP_DOCS,
    min_count: int = 3,
    n: int = 1,
    tokens: TokenOptions | None = None,
    drop_debris: bool = True,
    **token_kwargs: object,
) -> pd.DataFrame:
    """Weighted log-odds of every group against all the other groups together.

    Counts come from the document-term matrix (:func:`corpus_utils.stats.dtm.dtm`), summed by
    group.

    Args:
        corpus: the corpus.
        by: a ``docs`` column (``"outlet"``, ``"folder"``, a label column such as
            ``"labels"`` or ``"leaning"``) or a Series indexed by ``doc_id``. Articles
            with no value (NA, empty, ``"(unknown)"``) are left out of every group and of
            the prior; ``attrs["n_missing_docs"]`` says how many.
        min_docs: a group with fewer articles is flagged ``too_small`` (default: the
            package rule :data:`corpus_utils.report.MIN_GROUP_DOCS`); its words still
            count in the rest of every other group.
        min_count: keep words used at least this often in the whole corpus (the
            z-scores are computed on all words first).
        n, tokens: as in :func:`~corpus_utils.stats.frequency.term_frequencies` (the old
            keywords ``drop_stop=``, ``stem=``... work too).
        drop_debris: leave out tokenizer debris and numbers
            (:func:`~corpus_utils.stats.keyness.is_debris`).

    Returns:
        One row per group and word the group uses: ``group, term, display,
        count_in_group, count_rest, docs_in_group, log_odds, log_odds_weighted,
        n_docs_in_group, n_words_in_group, too_small``. ``log_odds_weighted`` is the
        z-score (> 1.96: clearly more used in the group than in the rest); ``log_odds``
        the unweighted log-odds ratio; ``n_words_in_group`` the words counted (after
        the filters above). Groups come largest first (articles, then name), words by
        z-score. ``attrs``: ``by``, ``n_missing_docs``, ``min_docs`` and ``groups``
        (one dict per group, largest first: ``group, n_docs, n_words, too_small``; as a
        table: :func:`group_sizes_of`).

    Raises:
        ValueError: fewer than two groups have a known value.

    >>> table = log_odds_by_group(corpus, by="outlet")
    >>> table.groupby("group")["n_docs_in_group"].first().to_dict()
    {'Daily Caller News Foundation': 1, 'Newsweek': 4}
    """
    opts = token_options(tokens, default=COUNTING, **token_kwargs)
    name, known, n_missing = _known_groups(corpus, by)
    sizes = known.value_counts()
    if len(sizes) < 2:
        raise ValueError(
            f"comparing each {name or 'group'} with the rest needs two groups or more; "
            f"found {len(sizes)} ({', '.join(map(str, sizes.index)) or 'none'}), and "
            f"{n_missing:,} articles without a value"
        )
    tf = term_frequencies(corpus, by=known.rename("_group"), n=n, tokens=opts)
    tf = tf[tf["_group"].notna()]
    if drop_debris:
        tf = tf[~debris_of(corpus, tf["term"], n=n, tokens=opts)]
    y_i = tf["count"].to_numpy(dtype=float)
    y_w = tf.groupby("term", sort=False)["count"].transform("sum").to_numpy(dtype=float)
    words = tf.groupby("_group")["count"].sum()
    n_i = tf["_group"].map(words).to_numpy(dtype=float)
    delta, z = _z_vs_rest(y_i, y_w, n_i, float(words.sum()))
    order = sorted(sizes.index, key=lambda g: (-int(sizes[g]), str(g)))
    summary = pd.DataFrame(
        {
            "group": order,
            "n_docs": [int(sizes[g]) for g in order],
            "n_words": [int(words.get(g, 0)) for g in order],
        }
    )
    summary["too_small"] = summary["n_docs"] < min_docs
    out = pd.DataFrame(
        {
            "group": tf["_group"].to_numpy(),
            "term": tf["term"].to_numpy(),
            "count_in_group": y_i.astype("int64"),
            "count_rest": (y_w - y_i).astype("int64"),
            "docs_in_group": tf["doc_freq"].to_numpy(),
            "log_odds": delta,
            "log_odds_weighted": z,
        }
    )
    out = out[(out["count_in_group"] + out["count_rest"]) >= min_count]
    info = summary.set_index("group")
    out["n_docs_in_group"] = out["group"].map(info["n_docs"]).astype("int64")
    out["n_words_in_group"] = out["group"].map(info["n_words"]).astype("int64")
    out["too_small"] = out["group"].map(info["too_small"]).astype(bool)
    out["_rank"] = out["group"].map({g: i for i, g in enumerate(order)})
    out = out.sort_values(
        ["_rank", "log_odds_weighted", "term"], ascending=[True, False, True], kind="stable"
    ).drop(columns="_rank")
    out.insert(2, "display", term_display(corpus, out["term"], n=n, tokens=opts))
    out = out.reset_index(drop=True)
    out.attrs.update(
        {
            "by": name,
            "n_missing_docs": n_missing,
            "min_docs": int(min_docs),
            "groups": summary.to_dict("records"),
        }
    )
    return out


def group_sizes_of(result: pd.DataFrame) -> pd.DataFrame:
    """The groups of a :func:`log_odds_by_group` table: ``group, n_docs, n_words, too_small``.

    Largest first, with every group, also one that uses none of the words kept.
    """
    groups = result.attrs.get("groups")
    if groups is None:
        raise ValueError("pass the table returned by log_odds_by_group()")
    return pd.DataFrame(groups, columns=["group", "n_docs", "n_words", "too_small"])


def group_size_sentence(result: pd.DataFrame) -> str:
    """What a :func:`log_odds_by_group` table can say: groups compared, too small, left out.

    >>> group_size_sentence(log_odds_by_group(corpus, by="outlet"))  # doctest: +ELLIPSIS
    '2 outlets compared, each against all the others; 2 have fewer than 5 articles ...'
    """
    sizes = group_sizes_of(result)
    by = result.attrs.get("by") or "group"
    many = by if by.endswith("s") else by + "s"
    small = sizes[sizes["too_small"]]
    text = f"{len(sizes):,} {many} compared, each against all the others"
    if len(small):
        named = [
            f"{g} ({int(n):,})"
            for g, n in zip(small["group"][:5], small["n_docs"][:5], strict=True)
        ]
        shown = ", ".join(named) + (f" and {len(small) - 5:,} more" if len(small) > 5 else "")
        verb = "has" if len(small) == 1 else "have"
        text += (
            f"; {len(small):,} {verb} fewer than {result.attrs.get('min_docs')} articles and "
            f"{'is' if len(small) == 1 else 'are'} shown as too small to say anything: {shown}"
        )
    missing = int(result.attrs.get("n_missing_docs", 0))
    text += (
        f"; {missing:,} article{'' if missing == 1 else 's'} with no {by} "
        f"{'is' if missing == 1 else 'are'} left out."
    )
    return text


# --- document similarity --------------------------------------------------------------------


SIMILARITY = TokenOptions()
"""The default of :func:`doc_similarity`: words, stop words and punctuation out."""


def _tfidf(
    corpus, *, term: str, voice: str | Sequence[str] | None, opts: TokenOptions
) -> tuple[list[str], sparse.csr_matrix]:
    """Each article's tf-idf vector (rows in ``docs`` order), by :func:`tfidf_weights`."""
    if term != "norm":
        raise ValueError(f"term={term!r}: only 'norm' is counted; see TokenOptions(lowercase=...)")
    m = dtm(corpus, tokens=opts, voice=voice)
    counts = m.counts if m.shape[1] else sparse.csr_matrix((m.shape[0], 1), dtype=np.int64)
    weights, _ = tfidf_weights(counts)
    return corpus.docs["doc_id"].astype(str).tolist(), weights


def doc_similarity(
    corpus,
    *,
    term: str = "norm",
    voice: str | Sequence[str] | None = None,
    tokens: TokenOptions | None = None,
    max_docs: int = MAX_SQUARE_DOCS,
    **token_kwargs: object,
) -> pd.DataFrame:
    """Cosine similarity of the articles' tf-idf vectors: a square ``doc_id x doc_id`` table.

    Word tokens (by default punctuation and stop words dropped, actor names as one
    term: ``TokenOptions()``; the old keywords ``drop_stop=``, ``merge_actors=`` work
    too) counted in the document-term matrix and weighted by scikit-learn's
    ``TfidfTransformer`` (smoothed idf, l2 norm), as :func:`~corpus_utils.stats.frequency.tfidf`
    does. With ``voice="narration"`` only the reporter's words count. An article with
    no words has similarity 0 to everything, itself included. Above ``max_docs``
    articles use :func:`nearest_docs` instead (a square table grows with the square of
    the corpus).
    """
    if len(corpus.docs) > max_docs:
        raise ValueError(
            f"{len(corpus.docs):,} articles: a square similarity table would have "
            f"{len(corpus.docs) ** 2:,} cells; use nearest_docs(corpus, k=...) or raise max_docs"
        )
    opts = token_options(tokens, default=SIMILARITY, **token_kwargs)
    doc_ids, m = _tfidf(corpus, term=term, voice=voice, opts=opts)
    sim = cosine_similarity(m)
    out = pd.DataFrame(sim, index=pd.Index(doc_ids, name="doc_id"), columns=doc_ids)
    out.columns.name = "other"
    return out


def nearest_docs(
    corpus,
    *,
    k: int = 5,
    term: str = "norm",
    voice: str | Sequence[str] | None = None,
    tokens: TokenOptions | None = None,
    **token_kwargs: object,
) -> pd.DataFrame:
    """For each article its ``k`` most similar others: ``doc_id, rank, other, similarity``.

    The same tf-idf cosine similarity as :func:`doc_similarity`, for corpora of any size.
    """
    opts = token_options(tokens, default=SIMILARITY, **token_kwargs)
    doc_ids, m = _tfidf(corpus, term=term, voice=voice, opts=opts)
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
