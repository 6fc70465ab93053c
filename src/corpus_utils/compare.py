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
calls.

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
own tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.neighbors import NearestNeighbors

from .frequency import GroupBy, _groups, term_frequencies
from .keyness import debris_mask, display_forms, display_terms
from .report import MIN_GROUP_DOCS, is_missing
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
    drop_debris: bool = True,
) -> pd.DataFrame:
    """Log-odds of the words of selection ``a`` against ``b`` (default: everything else).

    Selections map token-table or document columns to a value or list of values:
    ``{"outlet": "Newsweek"}``, ``{"voice": ["quote", "partial"]}``. ``within``
    restricts both sides first (``within={"outlet": "Newsweek"}`` compares voices inside
    one outlet). The prior is the word counts of the token table after ``within``.

    Tokenizer debris and numbers are left out unless ``drop_debris=False`` (see
    :func:`~corpus_utils.keyness.is_debris`).

    Returns the :func:`log_odds` table (``count_a`` is ``a``) restricted to words used at
    least ``min_count`` times, plus ``display`` (the word's usual surface form, see
    :func:`~corpus_utils.keyness.display_forms`), with ``attrs["a"]``, ``attrs["b"]``
    describing the sides and ``attrs["n_a"]``, ``attrs["n_b"]`` their word counts.

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
    if drop_debris:
        toks = toks[~debris_mask(toks["term"])]
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
    forms = display_forms(corpus, merge_actors=merge_actors, stem=stem)
    out.insert(1, "display", display_terms(out["term"], forms))
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
    name, groups = _groups(corpus, by)
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
    drop_stop: bool = True,
    drop_punct: bool = True,
    drop_debris: bool = True,
    merge_actors: bool = True,
    stem: bool = False,
    stopwords: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Weighted log-odds of every group against all the other groups together.

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
        n, drop_stop, drop_punct, merge_actors, stem, stopwords: as in
            :func:`~corpus_utils.frequency.term_frequencies`.
        drop_debris: leave out tokenizer debris and numbers
            (:func:`~corpus_utils.keyness.is_debris`).

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

    >>> log_odds_by_group(corpus, by="outlet").head()  # doctest: +SKIP
    """
    name, known, n_missing = _known_groups(corpus, by)
    sizes = known.value_counts()
    if len(sizes) < 2:
        raise ValueError(
            f"comparing each {name or 'group'} with the rest needs two groups or more; "
            f"found {len(sizes)} ({', '.join(map(str, sizes.index)) or 'none'}), and "
            f"{n_missing:,} articles without a value"
        )
    tf = term_frequencies(
        corpus,
        by=known.rename("_group"),
        n=n,
        drop_stop=drop_stop,
        drop_punct=drop_punct,
        merge_actors=merge_actors,
        stem=stem,
        stopwords=stopwords,
    )
    tf = tf[tf["_group"].notna()]
    if drop_debris:
        tf = tf[~debris_mask(tf["term"])]
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
    forms = display_forms(corpus, merge_actors=merge_actors, stem=stem, stopwords=stopwords)
    out.insert(2, "display", display_terms(out["term"], forms))
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

    >>> group_size_sentence(log_odds_by_group(corpus, by="outlet"))  # doctest: +SKIP
    '2 outlets compared, each against the rest; 2 have fewer than 5 articles ...'
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
