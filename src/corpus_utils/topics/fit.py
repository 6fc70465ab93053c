"""Fit NMF or LDA topic models on prepared units."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any, Literal

import numpy as np
import pandas as pd
import sklearn
from scipy import sparse
from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from threadpoolctl import threadpool_limits

from ..corpus import Corpus
from .units import REASON_NO_VOCAB, ModelKind, UnitTerms, prepare_units

Estimator = Literal["auto", "batch", "streaming"]
STREAMING_MIN_UNITS = 50_000  # estimator="auto": more modelled units than this stream
STREAM_BATCH = 2_048  # units per partition of the streaming fit
STREAM_FORGET = 0.7  # MiniBatchNMF's forget factor over one pass of the whole matrix
STREAM_TOL = 1e-3  # a pass that changes the topics (H) by less than this ends the fit
STREAM_PASSES = 200  # at most, by default (MiniBatchNMF's own max_iter default)


def _identity(terms: list[str]) -> list[str]:
    """The vectorizer's analyzer: units arrive already tokenised (picklable, unlike a lambda)."""
    return terms


@dataclass
class _Design:
    """The counted units: what every fit of one select_k / stability run shares."""

    prepared: UnitTerms
    vectorizer: CountVectorizer
    counts: sparse.csr_matrix  # modelled units x vocabulary
    rows: np.ndarray  # positions in prepared.units of the modelled units
    units: pd.DataFrame  # prepared.units with the vocabulary exclusions added
    min_df: float
    max_df: float
    max_features: int | None = None


def _document_counts(
    prepared: UnitTerms, cand: np.ndarray, *, min_df: float, max_df: float, limit: int | None
) -> tuple[sparse.csr_matrix, np.ndarray] | None:
    """Whole-article units counted from the corpus's document-term matrix.

    The matrix's columns are restricted to the terms the units keep (content words with a
    letter, long enough, or actor names) and pruned as ``CountVectorizer`` prunes them:
    terms in ``min_df`` to ``max_df`` units (a count, or a share of the units), then the
    ``limit`` most frequent. ``None`` when the matrix does not hold these units.
    """
    m = prepared.matrix
    if m is None or prepared.options.get("unit") != "document":
        return None
    if m.rows["doc_id"].astype(str).tolist() != prepared.units["doc_id"].astype(str).tolist():
        return None
    kept = np.array(sorted({t for i in cand for t in prepared.terms[i]}), dtype=object)
    cols = m.terms.get_indexer(kept)
    if (cols < 0).any():
        return None
    x = m.counts[cand][:, cols].tocsr()
    n = x.shape[0]
    high = max_df if isinstance(max_df, Integral) else max_df * n
    low = min_df if isinstance(min_df, Integral) else min_df * n
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    df = np.bincount(x.indices, minlength=x.shape[1])
    mask = (df <= high) & (df >= low)
    if limit is not None and mask.sum() > limit:  # as sklearn: the most frequent terms
        tfs = np.asarray(x.sum(axis=0)).ravel()
        top = np.flatnonzero(mask)[(-tfs[mask]).argsort()[:limit]]
        mask = np.zeros(len(df), dtype=bool)
        mask[top] = True
    keep = np.flatnonzero(mask)
    if len(keep) == 0:
        raise ValueError("After pruning, no terms remain.")
    return x[:, keep].tocsr(), kept[keep]


def _design(
    prepared: UnitTerms, *, min_df: float, max_df: float, max_features: int | None = None
) -> _Design:
    """The units counted over the vocabulary (``min_df``, ``max_df``, ``max_features``).

    Whole articles are read from the corpus's document-term matrix (``prepared.matrix``),
    as every counting analysis reads it; paragraphs and sentence windows, which that
    matrix does not split, are counted from their terms with scikit-learn's
    ``CountVectorizer``. Both give the same counts and the same sorted vocabulary.
    """
    units = prepared.units.copy()
    cand = np.flatnonzero(units["excluded"].isna().to_numpy())
    if len(cand) == 0:
        raise ValueError("no unit has any content word: nothing to model")
    if max_features is not None and max_features < 1:
        raise ValueError(f"max_features must be at least 1 (or None), got {max_features}")
    try:
        read = _document_counts(prepared, cand, min_df=min_df, max_df=max_df, limit=max_features)
        if read is not None:
            counts, vocab = read
            # a vectorizer with the fixed vocabulary counts new units the same way
            vec = CountVectorizer(analyzer=_identity, lowercase=False, vocabulary=list(vocab))
            vec.fit([])
        else:
            vec = CountVectorizer(
                analyzer=_identity,
                lowercase=False,
                min_df=min_df,
                max_df=max_df,
                max_features=max_features,
            )
            counts = vec.fit_transform([prepared.terms[i] for i in cand]).tocsr()
    except ValueError as err:  # "After pruning, no terms remain"
        raise ValueError(
            f"no term is left after min_df={min_df}, max_df={max_df} over {len(cand)} units; "
            "lower min_df or raise max_df"
        ) from err
    empty = np.asarray(counts.sum(axis=1)).ravel() == 0
    if empty.any():
        units.loc[units.index[cand[empty]], "excluded"] = REASON_NO_VOCAB.format(
            min_df=min_df, max_df=max_df
        )
    rows = cand[~empty]
    return _Design(
        prepared=prepared,
        vectorizer=vec,
        counts=counts[~empty],
        rows=rows,
        units=units,
        min_df=min_df,
        max_df=max_df,
        max_features=max_features,
    )


@dataclass(repr=False)
class TopicModel:
    """A fitted topic model and everything needed to read, trace and reproduce it.

    Topics are numbered 1..k, largest first (by their share of the modelled text).

    Attributes:
        model: the fitted scikit-learn estimator (``NMF`` or ``LatentDirichletAllocation``);
            its components are in the same order as the topics here, so
            ``model.transform(matrix)`` gives columns 1..k.
        vectorizer: the fitted ``CountVectorizer`` (its analyzer expects a list of terms).
        vocabulary: the terms, in the column order of ``counts`` and ``topic_terms``.
        units: every unit (modelled or not): ``unit_id, doc_id, ..., text, start, end``,
            metadata, ``n_terms``, ``excluded`` (reason, or NA when modelled), ``topic``
            (the dominant topic, NA when excluded) and ``topic_share``.
        unit_topics: wide table, one row per modelled unit (index ``unit_id``), one column
            per topic: the unit's topic shares (each row sums to 1).
        topic_terms: k x vocabulary: p(term | topic) (rows sum to 1).
        term_prior: p(term), the model's marginal term distribution.
        topic_share: p(topic), each topic's share of the modelled text.
        weights: the raw unit-topic weights (NMF's W; LDA's unnormalised gamma).
        counts: the unit-term counts (modelled units x vocabulary).
        matrix: what the model was fitted on (tf-idf for NMF, counts for LDA).
        params: every setting, recorded for reproducibility.
    """

    model: NMF | LatentDirichletAllocation
    vectorizer: CountVectorizer
    vocabulary: np.ndarray
    units: pd.DataFrame
    unit_topics: pd.DataFrame
    topic_terms: pd.DataFrame
    term_prior: pd.Series
    topic_share: pd.Series
    weights: np.ndarray
    counts: sparse.csr_matrix
    matrix: sparse.csr_matrix
    params: dict[str, Any]
    _design: _Design = field(repr=False)

    def __repr__(self) -> str:
        p = self.params
        return (
            f"<TopicModel {p['model'].upper()} k={p['k']} seed={p['seed']}: "
            f"{p['units_modelled']:,} {p['unit']} units modelled, {p['units_excluded']:,} "
            f"excluded, {p['terms']:,} terms>"
        )

    @property
    def k(self) -> int:
        """The number of topics."""
        return len(self.topic_share)

    @property
    def display(self) -> np.ndarray:
        """Each vocabulary term's display form (``u.s.`` -> ``U.S.``), as ``vocabulary``."""
        return self._design.prepared.display_of(self.vocabulary)

    @property
    def excluded(self) -> pd.DataFrame:
        """The units left out of the model, with the reason (``excluded``)."""
        return self.units[self.units["excluded"].notna()]

    @property
    def modelled(self) -> pd.DataFrame:
        """The units the model saw, in the row order of ``unit_topics``."""
        return self.units[self.units["excluded"].isna()]

    def unit_topics_long(self) -> pd.DataFrame:
        """The unit-topic shares as a tidy table: ``unit_id, doc_id, topic, share``."""
        wide = self.unit_topics.copy()
        wide.insert(0, "doc_id", self.modelled.set_index("unit_id")["doc_id"])
        long = wide.reset_index().melt(
            id_vars=["unit_id", "doc_id"], var_name="topic", value_name="share"
        )
        long["topic"] = long["topic"].astype("int64")
        return long.sort_values(["unit_id", "topic"], kind="stable").reset_index(drop=True)

    def labels(self, n: int = 3, *, lam: float = 0.6) -> dict[int, str]:
        """A short label per topic: its number and ``n`` most relevant terms.

        Ranked by :func:`relevant_terms` with ``lam`` (default 0.6, as in LDAvis), so words
        common to every topic (``said``) do not name one; terms in their display form.
        ``{1: "1: SDF, U.S., Turkey"}``
        """
        shown = relevant_terms(self, lam=lam, n=n)
        terms = shown.assign(term=shown["display"])  # the display forms name the topic
        return {
            int(t): f"{t}: " + ", ".join(g["term"]) for t, g in terms.groupby("topic", sort=True)
        }


def _fit_matrix(
    matrix: sparse.csr_matrix,
    *,
    k: int,
    model: ModelKind,
    seed: int,
    init: str | None,
    max_iter: int,
    alpha: float | None = None,
    tol: float = 1e-4,
    streaming: bool = False,
    batch_size: int = STREAM_BATCH,
) -> tuple[Any, np.ndarray, np.ndarray]:
    """Fit one estimator; returns ``(estimator, W, H)`` (LDA: unnormalised gamma, lambda).

    ``streaming`` (NMF only): :func:`_stream_nmf`, partitions of ``batch_size`` rows.

    The fit runs on one thread (BLAS and OpenMP limited with threadpoolctl): its dense
    products are k x k and units x k, too small to gain from threads, and on a machine
    whose cores are busy, BLAS threads that wait for each other made a k = 20 fit on
    2,000 BBC articles take 18 s instead of 2.4 s.
    """
    if model not in ("nmf", "lda"):
        raise ValueError(f"model must be 'nmf' or 'lda', got {model!r}")
    if streaming and model != "nmf":
        raise ValueError("the streaming estimator is for model='nmf' (MiniBatchNMF)")
    with threadpool_limits(limits=1):
        if streaming:
            est, w = _stream_nmf(
                matrix,
                k=k,
                seed=seed,
                init=init,
                max_iter=max_iter,
                tol=STREAM_TOL,
                batch_size=batch_size,
            )
        elif model == "nmf":
            est = NMF(n_components=k, init=init, random_state=seed, max_iter=max_iter, tol=tol)
            w = est.fit_transform(matrix)
        else:
            est = LatentDirichletAllocation(
                n_components=k,
                learning_method="batch",
                max_iter=max_iter,
                random_state=seed,
                doc_topic_prior=alpha,
            )
            est.fit(matrix)
            w = est.transform(matrix, normalize=False)
    return est, w, est.components_


def partitions(n: int, batch_size: int, seed: int) -> list[np.ndarray]:
    """The rows of each partition of the streaming fit: the ``n`` rows in an order shuffled
    with ``seed`` (a corpus is often sorted by outlet or section, and an online fit
    would forget the first ones), cut into the fewest partitions of at most
    ``batch_size`` rows, of sizes that differ by one at most. The same on every engine.

    >>> parts = partitions(7, 3, seed=0)
    >>> [len(p) for p in parts], sorted(np.concatenate(parts).tolist())
    ([3, 2, 2], [0, 1, 2, 3, 4, 5, 6])
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, max(1, -(-n // batch_size)))


def _stream_nmf(
    matrix: sparse.csr_matrix,
    *,
    k: int,
    seed: int,
    init: str | None,
    max_iter: int,
    tol: float,
    batch_size: int,
) -> tuple[MiniBatchNMF, np.ndarray]:
    """NMF fitted one partition of rows at a time: scikit-learn's ``MiniBatchNMF``,
    ``partial_fit`` on each partition (:func:`partitions`), pass after pass over the
    matrix until the topic-term matrix H changes by less than ``tol`` (relative
    Frobenius norm) in a pass, or ``max_iter`` passes; then W, one partition at a time.

    Only one partition's rows and the k x terms statistics are worked on at once. H
    starts from ``init`` on the first partition. The forget factor is set so that one
    pass over the whole matrix weighs past partitions as ``MiniBatchNMF.fit`` would
    (:data:`STREAM_FORGET` per pass): ``partial_fit`` alone would forget them at every
    partition.
    """
    parts = partitions(matrix.shape[0], max(batch_size, k), seed)
    size = len(parts[0])
    est = MiniBatchNMF(
        n_components=k,
        init=init,
        batch_size=size,
        forget_factor=STREAM_FORGET ** (size / matrix.shape[0]),
        random_state=seed,
        max_iter=max_iter,
        tol=tol,
    )
    previous = None
    est.n_iter_ = 0  # passes over the matrix
    while est.n_iter_ < max_iter:
        for rows in parts:
            est.partial_fit(matrix[rows])
        est.n_iter_ += 1
        h = est.components_
        if previous is not None:
            change = np.linalg.norm(h - previous) / max(np.linalg.norm(previous), 1e-12)
            if change < tol:
                break
        previous = h.copy()
    w = np.zeros((matrix.shape[0], k))
    for rows in parts:
        w[rows] = est.transform(matrix[rows])
    return est, w


def _row_normalise(a: np.ndarray) -> np.ndarray:
    sums = a.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = a / sums
    out[~np.isfinite(out)] = np.nan
    return out


def _distributions(w: np.ndarray, h: np.ndarray, model: str) -> tuple[np.ndarray, np.ndarray]:
    """``(p(topic), p(term | topic))`` from a fit's unit-topic and topic-term weights.

    p(topic) is the topic's share of the (reconstructed) matrix: for NMF the sum of
    ``W[:, t] * H[t]``; for LDA gamma already counts the words given to each topic.
    """
    mass = w.sum(axis=0) * (h.sum(axis=1) if model == "nmf" else 1.0)
    total = mass.sum()
    p_t = mass / total if total > 0 else np.full(len(mass), 1.0 / len(mass))
    p_wt = np.nan_to_num(_row_normalise(h), nan=1.0 / h.shape[1])  # all-zero topic: uniform
    return p_t, p_wt


def _model_matrix(design: _Design, model: ModelKind, sublinear_tf: bool) -> sparse.csr_matrix:
    if model == "nmf":
        return TfidfTransformer(sublinear_tf=sublinear_tf).fit_transform(design.counts).tocsr()
    return design.counts.astype(np.float64)


def _build(
    design: _Design,
    *,
    k: int,
    model: ModelKind,
    seed: int,
    init: str | None,
    max_iter: int,
    sublinear_tf: bool,
    alpha: float | None,
    estimator: Estimator = "batch",
    batch_size: int = STREAM_BATCH,
    matrix: sparse.csr_matrix | None = None,
    fitted: tuple[Any, np.ndarray, np.ndarray] | None = None,
) -> TopicModel:
    """The model of ``design``; ``matrix`` (its tf-idf or counts) and ``fitted`` (the
    fit's ``(estimator, W, H)`` on that matrix), when given, are used as they are."""
    n_units, n_terms = design.counts.shape
    streaming = _streams(estimator, model, n_units)
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if not 1 <= k <= min(n_units, n_terms):
        raise ValueError(
            f"k={k} topics cannot be fitted to {n_units} units and {n_terms} terms; "
            f"choose 1 <= k <= {min(n_units, n_terms)}"
        )
    if matrix is None:
        matrix = _model_matrix(design, model, sublinear_tf)
    if fitted is None:
        fitted = _fit_matrix(
            matrix,
            k=k,
            model=model,
            seed=seed,
            init=init,
            max_iter=max_iter,
            alpha=alpha,
            streaming=streaming,
            batch_size=batch_size,
        )
    est, w, h = fitted
    p_t, p_wt = _distributions(w, h, model)
    order = np.argsort(-p_t, kind="stable")
    w, p_t, p_wt = w[:, order], p_t[order], p_wt[order]
    est.components_ = est.components_[order]
    if model == "lda":
        est.exp_dirichlet_component_ = est.exp_dirichlet_component_[order]

    topic_ids = pd.Index(np.arange(1, k + 1), name="topic")
    p_w = p_t @ p_wt
    vocab = design.vectorizer.get_feature_names_out()
    share = _row_normalise(w)

    units = design.units.copy()
    modelled_ids = units["unit_id"].to_numpy()[design.rows]
    unit_topics = pd.DataFrame(share, index=pd.Index(modelled_ids, name="unit_id"))
    unit_topics.columns = topic_ids
    dominant = pd.Series(pd.NA, index=units.index, dtype="Int64")
    dom_share = pd.Series(np.nan, index=units.index, dtype="float64")
    ok = ~np.isnan(share).any(axis=1)
    dominant.iloc[design.rows[ok]] = share[ok].argmax(axis=1) + 1
    dom_share.iloc[design.rows[ok]] = share[ok].max(axis=1)
    units["topic"] = dominant
    units["topic_share"] = dom_share

    params = {
        "model": model,
        "k": k,
        "seed": seed,
        "init": init if model == "nmf" else None,
        "max_iter": max_iter,
        "estimator": "streaming" if streaming else "batch",
        "batch_size": min(max(batch_size, k), n_units) if streaming else None,
        "passes": int(est.n_iter_) if streaming else None,
        "weighting": (f"tf-idf (sublinear_tf={sublinear_tf}, l2)" if model == "nmf" else "counts"),
        "doc_topic_prior": (alpha if alpha is not None else 1.0 / k) if model == "lda" else None,
        "min_df": design.min_df,
        "max_df": design.max_df,
        "max_features": design.max_features,
        **design.prepared.options,
        "units_total": len(units),
        "units_modelled": int(len(design.rows)),
        "units_excluded": int(units["excluded"].notna().sum()),
        "terms": int(len(vocab)),
        "scikit_learn": sklearn.__version__,
    }
    return TopicModel(
        model=est,
        vectorizer=design.vectorizer,
        vocabulary=vocab,
        units=units,
        unit_topics=unit_topics,
        topic_terms=pd.DataFrame(p_wt, index=topic_ids, columns=vocab),
        term_prior=pd.Series(p_w, index=vocab, name="p_term"),
        topic_share=pd.Series(p_t, index=topic_ids, name="share"),
        weights=w,
        counts=design.counts,
        matrix=matrix,
        params=params,
        _design=design,
    )


def _streams(estimator: Estimator, model: ModelKind, n_units: int) -> bool:
    """Whether a fit streams: ``"streaming"``; ``"auto"``: NMF on more than
    :data:`STREAMING_MIN_UNITS` units (the size, never the engine, decides: a notebook
    gives the same topics on a laptop and on a cluster).

    >>> _streams("auto", "nmf", 2_225), _streams("auto", "nmf", 60_000)
    (False, True)
    """
    if estimator not in ("auto", "batch", "streaming"):
        raise ValueError(f"estimator must be 'auto', 'batch' or 'streaming', got {estimator!r}")
    if estimator == "auto":
        return model == "nmf" and n_units > STREAMING_MIN_UNITS
    return estimator == "streaming"


def _defaults(
    model: ModelKind, init: str | None, max_iter: int | None, streaming: bool = False
) -> tuple[str | None, int]:
    if streaming:
        return ("nndsvd" if init is None else init), (
            STREAM_PASSES if max_iter is None else max_iter
        )
    if model == "nmf":
        return ("nndsvd" if init is None else init), (1000 if max_iter is None else max_iter)
    return None, (50 if max_iter is None else max_iter)


def _prepared(source: Corpus | UnitTerms, unit_options: dict[str, Any]) -> UnitTerms:
    if isinstance(source, UnitTerms):
        if unit_options:
            raise TypeError(
                f"{', '.join(unit_options)}: unit options go to prepare_units(), not here, "
                "when the source is already a UnitTerms"
            )
        return source
    if isinstance(source, Corpus):
        return prepare_units(source, **unit_options)
    raise TypeError(f"source must be a Corpus or UnitTerms, got {type(source).__name__}")


def fit_topics(
    source: Corpus | UnitTerms,
    *,
    k: int,
    model: ModelKind = "nmf",
    seed: int = 0,
    min_df: float = 2,
    max_df: float = 0.5,
    max_features: int | None = None,
    sublinear_tf: bool = True,
    init: str | None = None,
    max_iter: int | None = None,
    alpha: float | None = None,
    estimator: Estimator = "auto",
    batch_size: int = STREAM_BATCH,
    **unit_options: Any,
) -> TopicModel:
    """Fit one topic model.

    Args:
        source: a corpus, or units already made by :func:`prepare_units` (faster when
            fitting several models).
        k: the number of topics (see :func:`select_k`).
        model: ``"nmf"`` (non-negative matrix factorisation of tf-idf; the default: on
            short units it gives sharper, more stable topics) or ``"lda"`` (latent
            Dirichlet allocation of counts, batch variational Bayes).
        seed: the random seed; the same seed gives the same model.
        min_df: drop terms in fewer units than this (a count, or a share when < 1). A term
            in one unit only cannot tie units together.
        max_df: drop terms in more than this share of units (or count, when > 1): terms
            that are everywhere say nothing about topics.
        max_features: keep only this many of the most frequent terms (after min_df/max_df);
            ``None`` keeps them all. Bounds the cost of a fit on a large corpus.
        sublinear_tf: NMF: tf-idf with ``1 + log(tf)``, so one repeated word does not
            dominate a unit.
        init: NMF initialisation; default ``"nndsvd"`` (deterministic, sparse).
        max_iter: iterations; default 1000 (NMF, stops earlier on convergence) or 50 (LDA);
            passes for the streaming estimator.
        alpha: LDA's document-topic prior; default ``1/k``.
        estimator: ``"batch"`` (scikit-learn's ``NMF`` or batch LDA: the whole matrix
            at every iteration), ``"streaming"`` (NMF only: ``MiniBatchNMF`` with
            ``partial_fit`` over partitions of ``batch_size`` units, in an order shuffled
            with ``seed``, pass after pass until a pass changes the topics by less than
            :data:`STREAM_TOL`; ``max_iter`` then counts passes, default
            :data:`STREAM_PASSES`) or ``"auto"`` (the default): streaming for
            NMF on more than :data:`STREAMING_MIN_UNITS` units, batch otherwise. The
            corpus's size decides, not the engine: a corpus on a Dask cluster gets the
            same model as locally. ``params["estimator"]`` records which ran.
        batch_size: units per partition of the streaming fit (at least ``k``).
        **unit_options: passed to :func:`prepare_units` when ``source`` is a corpus
            (``unit``, ``window``, ``stem``, ``drop_duplicates``, ...).

    Returns:
        A :class:`TopicModel`. Units left out (duplicates, no content words, no term in
        the vocabulary) are in ``.excluded`` with the reason.

    >>> tm = fit_topics(corpus, k=4, unit="paragraph")
    >>> tm.k
    4
    """
    prepared = _prepared(source, unit_options)
    design = _design(prepared, min_df=min_df, max_df=max_df, max_features=max_features)
    streaming = _streams(estimator, model, design.counts.shape[0])
    init, max_iter = _defaults(model, init, max_iter, streaming)
    return _build(
        design,
        k=k,
        model=model,
        seed=seed,
        init=init,
        max_iter=max_iter,
        sublinear_tf=sublinear_tf,
        alpha=alpha,
        estimator=estimator,
        batch_size=batch_size,
    )


def relevant_terms(
    result: TopicModel,
    *,
    lam: float = 0.6,
    n: int = 10,
    topics: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Terms ranked by LDAvis relevance (Sievert and Shirley 2014).

    ``relevance = lam * log p(w|t) + (1 - lam) * log(p(w|t) / p(w))``: ``lam=1`` ranks by
    probability within the topic (frequent words everywhere rise to the top); lower
    values favour terms specific to the topic (lift). Sievert and Shirley found ``0.6``
    best for interpretation. For NMF, p(w|t) is the topic's row of term weights scaled
    to sum to 1 and p(w) the model's marginal over topics (not counts: NMF is fitted
    on tf-idf).

    Returns:
        ``topic, rank, term, display, relevance, p_term_topic, p_term, lift``; ``display``
        is the term's display form (:attr:`TopicModel.display`: ``U.S.`` for ``u.s.``);
        terms with zero weight in a topic are not listed for it.
    """
    if not 0 <= lam <= 1:
        raise ValueError(f"lam must be between 0 and 1, got {lam}")
    p_wt = result.topic_terms.to_numpy()
    p_w = result.term_prior.to_numpy()
    display = result.display
    wanted = range(1, result.k + 1) if topics is None else topics
    frames = []
    for t in wanted:
        row = p_wt[int(t) - 1]
        nonzero = np.flatnonzero(row > 0)
        lift = np.zeros_like(row)
        rel = np.full_like(row, -np.inf)
        lift[nonzero] = row[nonzero] / p_w[nonzero]
        rel[nonzero] = lam * np.log(row[nonzero]) + (1 - lam) * np.log(lift[nonzero])
        idx = nonzero[np.lexsort((nonzero, -row[nonzero], -rel[nonzero]))][:n]
        frames.append(
            pd.DataFrame(
                {
                    "topic": int(t),
                    "rank": np.arange(1, len(idx) + 1),
                    "term": result.vocabulary[idx],
                    "display": display[idx],
                    "relevance": rel[idx],
                    "p_term_topic": row[idx],
                    "p_term": p_w[idx],
                    "lift": lift[idx],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def top_terms(result: TopicModel, *, n: int = 10) -> pd.DataFrame:
    """The ``n`` most probable terms of each topic: ``topic, rank, term, display, weight``.

    ``weight`` is p(term | topic); the same ranking as ``relevant_terms(lam=1)``.
    """
    t = relevant_terms(result, lam=1.0, n=n)
    cols = ["topic", "rank", "term", "display", "p_term_topic"]
    return t[cols].rename(columns={"p_term_topic": "weight"})
