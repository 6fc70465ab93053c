"""Topic models that say how far they can be trusted: NMF and LDA over the package's tokens.

Five articles are far too few documents for a topic model, so by default the model sees
*paragraphs* (``unit="paragraph"``); windows of consecutive sentences
(``unit="sentences"``) and whole articles (``unit="document"``) are the other choices.
Every unit keeps its ``doc_id``, its character offsets into ``Corpus.docs.text`` and the
article's metadata, so any topic can be traced back to the text it came from.

The terms are the package's own tokens (:meth:`Corpus.tokens`): stop words and
punctuation out, actor names merged (``ISIS``, ``SDF``), tokens without a letter
(numbers, dates) and one-character tokens out. scikit-learn's vectorizers only count
them (``analyzer=`` a function that returns the unit's terms), so the topic model and
every other analysis in the notebooks agree on what a word is.

How to choose and judge a model:

- :func:`select_k` fits a range of ``k`` and reports, for each, topic *coherence* (NPMI of
  each topic's top terms, counted over the units themselves) and *stability* (do the
  topics come back when the model is refitted with other seeds on a resample of the
  units?). Plot it with :func:`corpus_utils.topicplots.plot_k_selection`.
- :func:`fit_topics` fits one model and returns a :class:`TopicModel`.
- :func:`stability` and :func:`stability_statement` say, per topic, whether it can be
  trusted, in plain words.
- :func:`top_terms`, :func:`relevant_terms` (LDAvis relevance with a ``lam`` knob),
  :func:`representative_units` and :func:`topic_prevalence` describe the topics.

>>> import corpus_utils as cu
>>> from corpus_utils import topics
>>> corpus = cu.load_corpus("data/articles")
>>> table = topics.select_k(corpus, ks=range(2, 4))
>>> table["k"].tolist()
[2, 3]
>>> tm = topics.fit_topics(corpus, k=4)
>>> print(topics.stability_statement(topics.stability(tm)))  # doctest: +ELLIPSIS
No topic is stable: ...
"""

from __future__ import annotations

import html
import math
import re
import time
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any, Literal

import numpy as np
import pandas as pd
import sklearn
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from threadpoolctl import threadpool_limits

from .corpus import Corpus
from .dtm import DocTermMatrix, dtm
from .options import TokenOptions
from .report import INFERRED_DATE_PREFIXES, is_inferred

UnitKind = Literal["paragraph", "sentences", "document"]
ModelKind = Literal["nmf", "lda"]

UNIT_KINDS: tuple[str, ...] = ("paragraph", "sentences", "document")
DOMINANT_SHARE = 0.6  # a topic holding more of the text than this is not a theme
_LETTER = re.compile(r"[^\W\d_]")  # any letter, in any script

# Reasons a unit is left out of the model; every unit left out carries one.
REASON_DUPLICATE = "article is a duplicate of {dup} (flagged by the loader)"
REASON_NO_TERMS = (
    "no content words (after removing stop words, punctuation, tokens without a letter "
    "and tokens shorter than {min_len} characters)"
)
REASON_NO_VOCAB = "none of its words is in the vocabulary (min_df={min_df}, max_df={max_df})"


def exclusion_counts(units: pd.DataFrame) -> pd.DataFrame:
    """How many units were left out for each kind of reason (one row per kind).

    The reasons in ``units["excluded"]`` name the article a duplicate repeats, so there
    are as many distinct reasons as duplicates; here each reason is counted under its
    template with the particulars left out ("article is a duplicate of … (flagged by the
    loader)"), with one full reason as an example.

    >>> u = pd.DataFrame({"excluded": [pd.NA, REASON_DUPLICATE.format(dup="a"),
    ...                                REASON_DUPLICATE.format(dup="b")]})
    >>> exclusion_counts(u)["units"].tolist()
    [2]
    """
    reasons = units["excluded"].dropna().astype(str)

    def kind(reason: str) -> str:
        for template in (REASON_DUPLICATE, REASON_NO_TERMS, REASON_NO_VOCAB):
            head, _, rest = template.partition("{")
            if reason.startswith(head):
                if template == REASON_DUPLICATE:
                    return head + "…" + rest.partition("}")[2]
                return head.split(" (")[0]  # the settings in brackets go to the example
        return reason

    table = pd.DataFrame({"reason": reasons.map(kind).to_numpy(), "example": reasons.to_numpy()})
    out = table.groupby("reason", sort=False).agg(
        units=("example", "size"), example=("example", "first")
    )
    return out.sort_values("units", ascending=False, kind="stable").reset_index()


# --------------------------------------------------------------------------- units


def topic_units(
    corpus: Corpus,
    *,
    unit: UnitKind = "paragraph",
    window: int = 3,
    metadata: bool | Sequence[str] = True,
) -> pd.DataFrame:
    """The units a topic model sees, one row each, with offsets and article metadata.

    Args:
        corpus: the corpus.
        unit: ``"paragraph"`` (default), ``"sentences"`` (windows of ``window``
            consecutive sentences of one article, not overlapping; the last window of an
            article may be shorter) or ``"document"`` (whole articles).
        window: sentences per window when ``unit="sentences"``.
        metadata: ``True`` adds every article metadata column, a list the columns named,
            ``False`` none.

    Returns:
        ``unit_id`` (0, 1, ... in corpus order), ``doc_id``, ``para_id`` (paragraph units;
        the first paragraph of a sentence window), ``sent_id`` and ``sent_end`` (sentence
        windows: first sentence and one past the last), ``text``, ``start``, ``end`` and the
        metadata. ``start``/``end`` index ``corpus.text_of(doc_id)`` and
        ``text == corpus.text_of(doc_id)[start:end]``.

    >>> units = topic_units(corpus, unit="sentences", window=3)
    >>> u = units.iloc[0]
    >>> corpus.text_of(u["doc_id"])[u["start"] : u["end"]] == u["text"]
    True
    """
    if unit == "paragraph":
        df = corpus.paragraphs[["doc_id", "para_id", "text", "start", "end"]].copy()
    elif unit == "sentences":
        if window < 1:
            raise ValueError(f"window must be at least 1 sentence, got {window}")
        s = corpus.sentences
        key = s["sent_id"] // window
        g = s.assign(_w=key).groupby(["doc_id", "_w"], sort=False)
        df = pd.DataFrame(
            {
                "doc_id": g["doc_id"].first(),
                "para_id": g["para_id"].first(),
                "sent_id": g["sent_id"].min(),
                "sent_end": g["sent_id"].max() + 1,
                "start": g["start"].min(),
                "end": g["end"].max(),
            }
        ).reset_index(drop=True)
        texts = [
            corpus.text_of(d)[a:b]
            for d, a, b in zip(df["doc_id"], df["start"], df["end"], strict=True)
        ]
        df.insert(4, "text", pd.array(texts, dtype="string"))
    elif unit == "document":
        texts = corpus.docs["text"]
        df = pd.DataFrame(
            {
                "doc_id": corpus.docs["doc_id"],
                "text": texts,
                "start": np.zeros(len(texts), dtype="int32"),
                "end": texts.str.len().to_numpy(dtype="int32"),
            }
        )
    else:
        raise ValueError(f"unit must be one of {', '.join(UNIT_KINDS)}; got {unit!r}")
    df.insert(0, "unit_id", np.arange(len(df), dtype="int64"))
    df = df.astype({"doc_id": "string", "text": "string", "start": "int32", "end": "int32"})
    if metadata:
        cols = corpus.metadata_columns() if metadata is True else list(metadata)
        df = corpus.with_metadata(df, cols)
    return df


@dataclass
class UnitTerms:
    """Units and the terms of each, ready to be counted.

    Attributes:
        units: every unit (:func:`topic_units`) plus ``n_terms`` (content words kept) and
            ``excluded`` (why the unit is left out of the model, or NA). Units are never
            dropped silently: a unit without a reason is modelled.
        terms: the terms of each unit, in the order of ``units``.
        options: how the units and terms were made (recorded in every model's params).
        display: each term's display form, its most frequent surface form (``u.s.`` ->
            ``U.S.``), as the corpus's document-term matrix gives it
            (:attr:`corpus_utils.dtm.DocTermMatrix.display`); a term it lacks is shown
            as it is.
        matrix: the corpus's document-term matrix (:func:`corpus_utils.dtm.dtm`) with
            the units' token options; whole-article units are counted from it.
    """

    units: pd.DataFrame
    terms: list[list[str]]
    options: dict[str, Any]
    display: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    matrix: DocTermMatrix | None = None

    def display_of(self, terms: Iterable[str]) -> np.ndarray:
        """The display forms of ``terms`` (each term itself when it has none)."""
        terms = np.asarray(list(terms), dtype=object)
        shown = self.display.reindex(terms).to_numpy(dtype=object)
        missing = pd.isna(shown)
        shown[missing] = terms[missing]
        return shown

    @property
    def excluded(self) -> pd.DataFrame:
        """The units left out before counting, with the reason."""
        return self.units[self.units["excluded"].notna()]


def prepare_units(
    corpus: Corpus,
    *,
    unit: UnitKind = "paragraph",
    window: int = 3,
    stem: bool = False,
    stopwords: Iterable[str] | None = None,
    min_len: int = 2,
    drop_numbers: bool = True,
    drop_duplicates: bool = True,
    metadata: bool | Sequence[str] = True,
) -> UnitTerms:
    """Units (:func:`topic_units`) and their terms, from the package's own tokens.

    Terms are ``Corpus.tokens(...)["norm"]`` with stop words and punctuation removed and
    actor names merged into one term with the canonical name (``ISIS``, ``SDF``).

    Args:
        corpus: the corpus.
        unit, window, metadata: as in :func:`topic_units`.
        stem: Snowball stems instead of lower-cased words.
        stopwords: replace the package's stop-word list.
        min_len: drop terms shorter than this (actor names are always kept).
        drop_numbers: drop tokens without a letter (``2017``, ``3,000``, ``24/6/2018``).
        drop_duplicates: leave out the units of articles the loader flagged as exact
            duplicates (``docs.duplicate_of``), so repeated text does not make a topic.

    Returns:
        A :class:`UnitTerms`; ``excluded`` says why any unit is left out.
    """
    units = topic_units(corpus, unit=unit, window=window, metadata=metadata)
    stopwords = None if stopwords is None else sorted(set(stopwords))
    matrix = dtm(corpus, tokens=TokenOptions(stem=stem, stopwords=stopwords))
    toks = corpus.tokens(stem=stem, stopwords=stopwords, drop_stop=True, drop_punct=True)
    norm = toks["norm"].astype(str)
    keep = np.ones(len(toks), dtype=bool)
    is_actor = toks["actor"].notna().to_numpy()
    if drop_numbers:
        keep &= norm.str.contains(_LETTER).to_numpy() | is_actor
    if min_len > 1:
        keep &= (norm.str.len() >= min_len).to_numpy() | is_actor
    toks = toks.loc[keep, ["doc_id", "sent_id"]].assign(norm=norm[keep])

    if unit == "paragraph":
        sent_para = corpus.sentences[["doc_id", "sent_id", "para_id"]]
        toks = toks.merge(sent_para, on=["doc_id", "sent_id"], how="left", validate="many_to_one")
        key_tok = list(zip(toks["doc_id"], toks["para_id"], strict=True))
        key_unit = list(zip(units["doc_id"], units["para_id"], strict=True))
    elif unit == "sentences":
        key_tok = list(zip(toks["doc_id"], toks["sent_id"] // window, strict=True))
        key_unit = list(zip(units["doc_id"], units["sent_id"] // window, strict=True))
    else:
        key_tok = list(toks["doc_id"])
        key_unit = list(units["doc_id"])
    position = {k: i for i, k in enumerate(key_unit)}
    terms: list[list[str]] = [[] for _ in key_unit]
    for k, term in zip(key_tok, toks["norm"], strict=True):
        terms[position[k]].append(term)

    units = units.copy()
    units["n_terms"] = np.array([len(t) for t in terms], dtype="int64")
    reason = pd.Series(pd.NA, index=units.index, dtype="string")
    reason[units["n_terms"].eq(0)] = REASON_NO_TERMS.format(min_len=min_len)
    if drop_duplicates and "duplicate_of" in corpus.docs.columns:
        dup_of = corpus.docs.set_index("doc_id")["duplicate_of"]
        dup = units["doc_id"].map(dup_of)
        is_dup = dup.notna().to_numpy()
        reason[is_dup] = [REASON_DUPLICATE.format(dup=d) for d in dup[is_dup]]
    units["excluded"] = reason
    options = {
        "unit": unit,
        "window": window if unit == "sentences" else None,
        "stem": stem,
        "stopwords": (
            "package list" if stopwords is None else f"custom list ({len(stopwords)} words)"
        ),
        "min_len": min_len,
        "drop_numbers": drop_numbers,
        "drop_duplicates": drop_duplicates,
        "corpus": str(corpus.source),
        "articles": len(corpus),
    }
    display = pd.Series(matrix.display, index=matrix.terms.to_numpy(dtype=object), dtype=object)
    return UnitTerms(units=units, terms=terms, options=options, display=display, matrix=matrix)


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


# --------------------------------------------------------------------------- models


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
) -> tuple[Any, np.ndarray, np.ndarray]:
    """Fit one estimator; returns ``(estimator, W, H)`` (LDA: unnormalised gamma, lambda).

    The fit runs on one thread (BLAS and OpenMP limited with threadpoolctl): its dense
    products are k x k and units x k, too small to gain from threads, and on a machine
    whose cores are busy, BLAS threads that wait for each other made a k = 20 fit on
    2,000 BBC articles take 18 s instead of 2.4 s.
    """
    if model not in ("nmf", "lda"):
        raise ValueError(f"model must be 'nmf' or 'lda', got {model!r}")
    with threadpool_limits(limits=1):
        if model == "nmf":
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
) -> TopicModel:
    n_units, n_terms = design.counts.shape
    if not 1 <= k <= min(n_units, n_terms):
        raise ValueError(
            f"k={k} topics cannot be fitted to {n_units} units and {n_terms} terms; "
            f"choose 1 <= k <= {min(n_units, n_terms)}"
        )
    matrix = _model_matrix(design, model, sublinear_tf)
    est, w, h = _fit_matrix(
        matrix, k=k, model=model, seed=seed, init=init, max_iter=max_iter, alpha=alpha
    )
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


def _defaults(model: ModelKind, init: str | None, max_iter: int | None) -> tuple[str | None, int]:
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
        max_iter: iterations; default 1000 (NMF, stops earlier on convergence) or 50 (LDA).
        alpha: LDA's document-topic prior; default ``1/k``.
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
    init, max_iter = _defaults(model, init, max_iter)
    return _build(
        design,
        k=k,
        model=model,
        seed=seed,
        init=init,
        max_iter=max_iter,
        sublinear_tf=sublinear_tf,
        alpha=alpha,
    )


# --------------------------------------------------------------------------- coherence


def npmi_matrix(presence: sparse.spmatrix | np.ndarray, terms: Sequence[int]) -> np.ndarray:
    """Normalised pointwise mutual information between terms, from unit co-occurrence.

    ``P(w)`` is the share of units that contain ``w``, ``P(w1, w2)`` the share that
    contain both; ``NPMI = log(P(w1,w2) / (P(w1) P(w2))) / -log P(w1,w2)``, which runs
    from -1 (never together) through 0 (independent) to 1 (always together). Pairs that
    never co-occur get -1 (the limit), pairs that are in every unit get 1.

    Args:
        presence: units x terms, counts or 0/1 (any non-zero counts as present).
        terms: the column indices to compare.

    Returns:
        A square array; the diagonal is NaN.
    """
    x = sparse.csc_matrix(presence)[:, list(terms)]
    x = (x > 0).astype(np.float64)
    n = x.shape[0]
    co = np.asarray((x.T @ x).todense())
    p = np.diag(co) / n
    p_ij = co / n
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(p_ij) - np.log(np.outer(p, p))
        out = pmi / -np.log(p_ij)
    out[p_ij == 0] = -1.0
    out[np.isclose(p_ij, 1.0)] = 1.0
    np.fill_diagonal(out, np.nan)
    return out


def topic_coherence(result: TopicModel, *, top_n: int = 10) -> pd.DataFrame:
    """NPMI coherence of each topic's top terms, counted over the modelled units.

    Coherence asks whether a topic's top terms actually occur together in the corpus: the
    mean NPMI over all pairs of its ``top_n`` terms (Bouma 2009; Lau, Newman and Baldwin
    2014 found NPMI closest to human judgements). It is computed here by hand, with
    numpy and scipy.sparse, rather than with gensim's ``CoherenceModel``: gensim is not a
    dependency (a heavy one for ~20 lines of arithmetic), and its ``c_npmi`` counts
    co-occurrence in sliding word windows over its own tokenisation, whereas this counts
    it over exactly the units and terms the model was fitted on (a term pair co-occurs
    when one unit contains both), so the score judges the model on its own data.

    Returns:
        ``topic, npmi, top_terms`` (one row per topic).
    """
    rows = []
    for t in range(result.k):
        idx = np.argsort(-result.topic_terms.to_numpy()[t], kind="stable")[:top_n]
        m = npmi_matrix(result.counts, idx)
        rows.append(
            {
                "topic": t + 1,
                "npmi": float(np.nanmean(m)) if len(idx) > 1 else np.nan,
                "top_terms": ", ".join(result.display[idx]),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- stability


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        sim = (a @ b.T) / (na * nb.T)
    return np.nan_to_num(sim, nan=0.0)


def match_topics(reference: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pair each reference topic with one topic of another run (Hungarian matching).

    Topics are compared by the cosine similarity of their topic-term vectors, and the
    one-to-one pairing with the largest total similarity is found with
    :func:`scipy.optimize.linear_sum_assignment`.

    Args:
        reference: k x terms.
        other: k' x terms (same term columns), k' >= k.

    Returns:
        ``(match, similarity)``: reference topic ``i`` is ``other[match[i]]``, with cosine
        similarity ``similarity[i]``.
    """
    sim = _cosine(np.asarray(reference, dtype=float), np.asarray(other, dtype=float))
    rows, cols = linear_sum_assignment(sim, maximize=True)
    match = np.full(sim.shape[0], -1, dtype=np.int64)
    match[rows] = cols
    similarity = np.zeros(sim.shape[0])
    similarity[rows] = sim[rows, cols]
    return match, similarity


def _run_seeds(seed: int, seeds: int | Sequence[int]) -> list[int]:
    if isinstance(seeds, int):
        if seeds < 1:
            raise ValueError("seeds must be at least 1")
        return [seed + 1 + i for i in range(seeds)]
    return [int(s) for s in seeds]


def stability(
    result: TopicModel,
    *,
    seeds: int | Sequence[int] = 10,
    subsample: float = 0.8,
    threshold: float = 0.8,
    centre: bool = True,
    tol: float = 1e-4,
    max_iter: int | None = None,
) -> pd.DataFrame:
    """Does each topic come back when the model is refitted with other seeds?

    Each run refits the same model (same k, same vocabulary) with another seed, which
    changes the starting point (NMF: random initialisation, since the default ``nndsvd``
    start does not depend on a seed; LDA: its random start), on a random ``subsample``
    of the units drawn with that seed. The run's topics are paired one-to-one with the
    reference topics (``result``) by :func:`match_topics`. A reference topic *reappears*
    in a run when its partner has cosine similarity >= ``threshold``.

    With ``centre=True`` (the default) topics are compared by how they differ from the
    corpus-wide term distribution, ``p(term | topic) - p(term)``, not by
    ``p(term | topic)`` itself: every topic shares the corpus's common words, and that
    shared profile alone makes raw cosine similarities high (about 0.85 between
    topics fitted to *random* words). Centred, random-word topics score about 0.3-0.6
    and real topics stay above 0.9.

    Args:
        result: the reference model.
        seeds: the number of runs (seeds ``seed+1 ...``) or the seeds themselves.
        subsample: share of the units each run sees; ``1.0`` tests only the starting point.
        threshold: cosine similarity for a topic to count as reappearing.
        centre: compare topics centred on p(term) (see above); ``False`` compares raw
            p(term | topic).
        tol, max_iter: NMF's stopping rule for the refits (default: the tolerance of
            :func:`fit_topics` and the reference model's ``max_iter``). A looser ``tol``
            (:func:`select_k` uses 1e-3) stops a random start once its topics have
            settled, which is what the comparison needs, at a third of the iterations.

    Returns:
        One row per reference topic: ``topic, runs, reappears`` (runs in which it
        reappears), ``share`` (reappears / runs), ``mean_similarity``, ``min_similarity``,
        ``threshold``, ``subsample``, ``centred``, ``text_share`` (the topic's share of the
        modelled text). Read it with :func:`stability_statement`.
    """
    if not 0 < subsample <= 1:
        raise ValueError(f"subsample must be in (0, 1], got {subsample}")
    p = result.params
    run_seeds = _run_seeds(p["seed"], seeds)
    reference = result.topic_terms.to_numpy()
    if centre:
        reference = reference - result.term_prior.to_numpy()
    n = result.matrix.shape[0]
    size = max(result.k, int(round(subsample * n)))
    sims = np.zeros((len(run_seeds), result.k))
    init = "random" if p["model"] == "nmf" else None
    for r, s in enumerate(run_seeds):
        rng = np.random.default_rng(s)
        rows = np.sort(rng.choice(n, size=size, replace=False)) if size < n else np.arange(n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            _, w, h = _fit_matrix(
                result.matrix[rows],
                k=result.k,
                model=p["model"],
                seed=s,
                init=init,
                max_iter=p["max_iter"] if max_iter is None else max_iter,
                alpha=p["doc_topic_prior"],
                tol=tol,
            )
        p_t, p_wt = _distributions(w, h, p["model"])
        other = p_wt - p_t @ p_wt if centre else p_wt
        _, sims[r] = match_topics(reference, other)
    reappears = (sims >= threshold).sum(axis=0)
    return pd.DataFrame(
        {
            "topic": np.arange(1, result.k + 1),
            "runs": len(run_seeds),
            "reappears": reappears,
            "share": reappears / len(run_seeds),
            "mean_similarity": sims.mean(axis=0),
            "min_similarity": sims.min(axis=0),
            "threshold": threshold,
            "subsample": subsample,
            "centred": centre,
            "text_share": result.topic_share.to_numpy(),
        }
    )


def _ranges(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``"1–3 and 5"``."""
    parts: list[str] = []
    nums = sorted(numbers)
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j == i:
            parts.append(str(nums[i]))
        elif j == i + 1:
            parts.extend([str(nums[i]), str(nums[j])])
        else:
            parts.append(f"{nums[i]}–{nums[j]}")
        i = j + 1
    return _listing(parts)


def _listing(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _topics_word(numbers: Sequence[int]) -> str:
    return ("topic " if len(numbers) == 1 else "topics ") + _ranges(numbers)


def stability_statement(
    table: pd.DataFrame, *, min_share: float = 0.8, max_text_share: float = DOMINANT_SHARE
) -> str:
    """The stability table (:func:`stability`) in plain words.

    A topic is called stable when it reappears in at least ``min_share`` of the runs.
    Every number comes from the table: the runs, the counts, the subsample and the
    threshold measured. A topic that holds more than ``max_text_share`` of the modelled
    text (column ``text_share``) is named apart, however stable: it reappears because it
    is the vocabulary every unit shares, so it is not reported as a theme.

    >>> t = pd.DataFrame({"topic": [1, 2, 3, 4], "runs": 10, "reappears": [10, 9, 9, 3],
    ...                   "threshold": 0.8, "subsample": 0.8})
    >>> print(stability_statement(t))  # doctest: +NORMALIZE_WHITESPACE
    Topics 1–3 reappear in at least 9 of 10 runs; topic 4 does not (it reappears in only 3 of
    10 runs): do not interpret it. Each run refits the model with another seed on a random
    80% of the units; a topic reappears when a run has a topic whose term weights have a
    cosine similarity of at least 0.8 with it.
    """
    runs = int(table["runs"].iloc[0])
    need = min_share * runs
    full = table
    if "text_share" in table:
        big = table["text_share"] > max_text_share
        dominant, table = table[big], table[~big]
    else:
        dominant = table.iloc[:0]
    stable = table[table["reappears"] >= need - 1e-9]
    unstable = table[table["reappears"] < need - 1e-9]
    sentences = []
    if len(stable):
        lo, hi = int(stable["reappears"].min()), int(stable["reappears"].max())
        how = (
            f"in all {runs} runs"
            if lo == runs
            else (f"in {lo} of {runs} runs" if lo == hi else f"in at least {lo} of {runs} runs")
        )
        nums = stable["topic"].tolist()
        verb = "reappears" if len(nums) == 1 else "reappear"
        sentences.append(f"{_topics_word(nums).capitalize()} {verb} {how}")
    if len(unstable):
        nums = unstable["topic"].tolist()
        counts = [int(r) for r in unstable["reappears"]]
        if len(nums) == 1:
            details = (
                "it reappears in none of the runs"
                if counts[0] == 0
                else f"it reappears in only {counts[0]} of {runs} runs"
            )
        else:
            details = (
                f"they reappear in only {_listing([str(c) for c in counts])} of {runs} runs"
                + (" respectively" if len(set(counts)) > 1 else "")
            )
        it = "it" if len(nums) == 1 else "them"
        does = "does not" if len(nums) == 1 else "do not"
        if not len(stable):
            lead = (
                ("No other" if len(dominant) else "No") + " topic is stable: " + _topics_word(nums)
            )
            sentences.append(f"{lead} {does} reappear reliably ({details}): do not interpret {it}")
        else:
            sentences.append(f"{_topics_word(nums)} {does} ({details}): do not interpret {it}")
    text = "".join(
        f"Topic {int(row.topic)} holds {float(row.text_share):.0%} of the modelled text: it is "
        "the vocabulary the units share, not a theme, whether or not it reappears "
        f"({int(row.reappears)} of {runs} runs). "
        for row in dominant.itertuples(index=False)
    )
    text += "; ".join(sentences) + "." if sentences else ""
    text = text.strip()
    sub = float(full["subsample"].iloc[0]) if "subsample" in full else 1.0
    data = "all the units" if sub >= 1 else f"a random {sub:.0%} of the units"
    thr = float(full["threshold"].iloc[0])
    centred = bool(full["centred"].iloc[0]) if "centred" in full else False
    weights = "term weights (relative to the whole corpus)" if centred else "term weights"
    text += (
        f" Each run refits the model with another seed on {data}; a topic reappears when a run"
        f" has a topic whose {weights} have a cosine similarity of at least {thr:g} with it."
    )
    return text


# --------------------------------------------------------------------------- choosing k


def _sample_design(design: _Design, *, max_units: int | None, seed: int) -> _Design:
    """The design restricted to a random sample of ``max_units`` units (same vocabulary)."""
    n = design.counts.shape[0]
    if max_units is None or n <= max_units:
        return design
    if max_units < 2:
        raise ValueError(f"max_units must be at least 2 (or None), got {max_units}")
    keep = np.sort(np.random.default_rng(seed).choice(n, size=max_units, replace=False))
    return _Design(
        prepared=design.prepared,
        vectorizer=design.vectorizer,
        counts=design.counts[keep],
        rows=design.rows[keep],
        units=design.units,
        min_df=design.min_df,
        max_df=design.max_df,
        max_features=design.max_features,
    )


def _seeds_for_k(
    seeds: int | Sequence[int], k: int, large_k: int | None, large_k_seeds: int
) -> int | Sequence[int]:
    """The refits for one k: fewer from ``large_k`` on (their fits cost the most)."""
    if large_k is None or k < large_k:
        return seeds
    if large_k_seeds < 1:
        raise ValueError(f"large_k_seeds must be at least 1, got {large_k_seeds}")
    return min(seeds, large_k_seeds) if isinstance(seeds, int) else list(seeds)[:large_k_seeds]


def select_k(
    source: Corpus | UnitTerms,
    ks: Iterable[int] = range(2, 11),
    *,
    model: ModelKind = "nmf",
    seed: int = 0,
    seeds: int | Sequence[int] = 10,
    subsample: float = 0.8,
    threshold: float = 0.8,
    min_share: float = 0.8,
    top_n: int = 10,
    min_df: float = 2,
    max_df: float = 0.5,
    max_features: int | None = None,
    max_units: int | None = None,
    sublinear_tf: bool = True,
    init: str | None = None,
    max_iter: int | None = None,
    refit_tol: float = 1e-3,
    large_k: int | None = None,
    large_k_seeds: int = 3,
    **unit_options: Any,
) -> pd.DataFrame:
    """Coherence and stability for each number of topics ``k``.

    A good ``k`` has coherent topics (their top terms occur together) that come back
    when the model is refitted: look for the largest ``k`` before stability drops, and
    prefer fewer topics when the numbers are close. On a handful of articles expect no
    clear answer, and say so.

    The cost is bounded by ``max_units``: on a large corpus the search runs on a random
    sample of that many units (drawn with ``seed``; the vocabulary is still counted over
    every unit), since which ``k`` the data supports shows at a few thousand units, and
    each fit costs time in proportion to the units (``1 + seeds`` fits per ``k``).
    :func:`topic_plan` gives sizes that keep the search to minutes.

    Args:
        source, model, seed, min_df, max_df, max_features, sublinear_tf, init, max_iter,
            unit_options: as in :func:`fit_topics`.
        ks: the numbers of topics to try (values larger than the data allows are skipped).
        seeds, subsample, threshold: as in :func:`stability`.
        max_units: search on a random sample of at most this many units (``None``: all).
        min_share: share of the runs in which a topic must reappear to count as stable.
        top_n: top terms per topic for coherence.
        refit_tol: NMF's tolerance for the stability refits (see :func:`stability`); the
            model each k is judged by is fitted to the usual 1e-4.
        large_k, large_k_seeds: from ``k = large_k`` on, only ``large_k_seeds`` refits
            (a fit's cost grows with k squared; ``None``: ``seeds`` refits for every k).

    Returns:
        One row per k: ``k, coherence`` (mean NPMI over topics), ``coherence_min`` (the
        least coherent topic), ``stability`` (mean cosine similarity of matched topics over
        runs and topics), ``stable_topics`` (topics reappearing in >= ``min_share`` of the
        runs), ``stable_share`` (stable_topics / k), ``largest_share`` (the largest topic's
        share of the text), ``units`` (units the search saw), ``units_total`` (modelled
        units), ``terms``, ``model``, ``runs``, ``threshold``, ``subsample``, ``seconds``
        (the time the row took). Plot it with
        :func:`corpus_utils.topicplots.plot_k_selection`; pick from it with :func:`choose_k`.
    """
    prepared = _prepared(source, unit_options)
    design = _design(prepared, min_df=min_df, max_df=max_df, max_features=max_features)
    n_total = design.counts.shape[0]
    design = _sample_design(design, max_units=max_units, seed=seed)
    init, max_iter = _defaults(model, init, max_iter)
    limit = min(design.counts.shape)
    rows = []
    for k in ks:
        if not 1 <= k <= limit:
            continue
        started = time.perf_counter()
        tm = _build(
            design,
            k=k,
            model=model,
            seed=seed,
            init=init,
            max_iter=max_iter,
            sublinear_tf=sublinear_tf,
            alpha=None,
        )
        coh = topic_coherence(tm, top_n=top_n)
        stab = stability(
            tm,
            seeds=_seeds_for_k(seeds, k, large_k, large_k_seeds),
            subsample=subsample,
            threshold=threshold,
            tol=refit_tol,
        )
        stable = int((stab["share"] >= min_share - 1e-9).sum())
        rows.append(
            {
                "k": k,
                "coherence": float(coh["npmi"].mean()),
                "coherence_min": float(coh["npmi"].min()),
                "stability": float(stab["mean_similarity"].mean()),
                "stable_topics": stable,
                "stable_share": stable / k,
                "largest_share": float(tm.topic_share.max()),
                "units": design.counts.shape[0],
                "units_total": n_total,
                "terms": design.counts.shape[1],
                "model": model,
                "runs": int(stab["runs"].iloc[0]),
                "threshold": threshold,
                "subsample": subsample,
                "seconds": time.perf_counter() - started,
            }
        )
    if not rows:
        raise ValueError(f"no k in {list(ks)} fits {limit} units/terms")
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- sizing to the corpus

# The rules topic_plan applies; each is overridable by a parameter of topic_plan.
DOCUMENT_UNITS_FROM = 300  # articles: from here on whole articles are the units
K_MAX = 40  # the largest k ever searched by default
K_FINE_UP_TO = 10  # every k up to here is tried; beyond, the coarser grid below
K_COARSE = (12, 15, 20, 25, 30, 35, 40)
UNITS_PER_MIN_DF = 1000  # min_df grows by one per this many units (never below 2)
MAX_DF = 0.5
MAX_FEATURES = 20_000
SEARCH_UNITS = 2_000  # the k search sees at most this many units (a random sample)
SEEDS_BY_UNITS = ((1_000, 10), (10_000, 5))  # up to this many units: this many refits; else 3
SEEDS_LARGE = 3
SEARCH_FEATURES = 5_000  # the k search counts at most this many of the most frequent terms
LARGE_K = K_FINE_UP_TO + 1  # from this k on, the search refits only LARGE_K_SEEDS times
LARGE_K_SEEDS = 3


@dataclass(frozen=True)
class TopicPlan:
    """How a topic model is sized to a corpus (:func:`topic_plan`).

    Attributes:
        unit: what the model sees: ``"paragraph"``, ``"sentences"`` or ``"document"``.
        k_candidates: the numbers of topics :func:`select_k` compares (one value when ``k``
            was given).
        min_df, max_df, max_features: the vocabulary limits (as in :func:`fit_topics`).
        seeds: refits per ``k`` in the search and in the final :func:`stability` check.
        search_units: the k search runs on a random sample of this many units (``None``:
            all units).
        units: the number of units the plan was sized for (before exclusions).
        articles: the number of articles (exact duplicates not counted).
        reason: the plan in plain words, one sentence per choice, saying which were
            set by a parameter.
    """

    unit: UnitKind
    k_candidates: tuple[int, ...]
    min_df: int
    max_df: float
    max_features: int | None
    seeds: int
    search_units: int | None
    units: int
    articles: int
    reason: str
    search_features: int | None = SEARCH_FEATURES
    large_k: int | None = LARGE_K
    large_k_seeds: int = LARGE_K_SEEDS

    def fit_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`fit_topics` (vocabulary limits)."""
        return {"min_df": self.min_df, "max_df": self.max_df, "max_features": self.max_features}

    def search_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`select_k`: ``ks``, refits, sample and vocabulary.

        The search counts at most ``search_features`` terms (the most frequent): a fit's
        cost grows with the vocabulary, and which k the data supports shows in its
        common terms; the final model (:meth:`fit_options`) keeps the whole vocabulary.
        """
        caps = [c for c in (self.max_features, self.search_features) if c is not None]
        return {
            "ks": list(self.k_candidates),
            "seeds": self.seeds,
            "max_units": self.search_units,
            **self.fit_options(),
            "max_features": min(caps) if caps else None,
            "large_k": self.large_k,
            "large_k_seeds": self.large_k_seeds,
        }


def _k_grid(k_max: int) -> tuple[int, ...]:
    fine = range(2, min(k_max, K_FINE_UP_TO) + 1)
    return tuple(sorted({*fine, *(k for k in K_COARSE if k <= k_max)}))


def plan_for_sizes(
    *,
    articles: int,
    paragraphs: int,
    sentence_windows: int | None = None,
    unit: UnitKind | None = None,
    k: int | None = None,
    k_range: Iterable[int] | None = None,
    seeds: int | None = None,
    min_df: int | None = None,
    max_features: int | None | Literal["auto"] = "auto",
) -> TopicPlan:
    """The rules of :func:`topic_plan`, applied to the corpus's sizes alone.

    - unit: whole articles from ``DOCUMENT_UNITS_FROM`` (300) articles up, where there are
      enough documents for a topic model and paragraphs would only split each article's
      subject across units; paragraphs below that;
    - k: every k from 2 to ``min(10, k_max)`` then 12, 15, 20, 25, 30, 35, 40 up to
      ``k_max = min(40, floor(sqrt(units / 2)))`` (at least 2): a few hundred units
      support about ten topics, a few thousand about forty;
    - vocabulary: ``min_df = max(2, units // 1000)``, ``max_df = 0.5``, at most
      20,000 terms;
    - cost: 10 refits per k up to 1,000 units, 5 up to 10,000, 3 beyond, and 3 at most
      from k = 11 on; the k search on a random 2,000 units and the 5,000 most frequent
      terms at most (the final model keeps the whole vocabulary).

    >>> p = plan_for_sizes(articles=2225, paragraphs=20000)
    >>> p.unit, p.k_candidates[0], p.k_candidates[-1], p.min_df, p.seeds, p.search_units
    ('document', 2, 30, 2, 5, 2000)
    >>> p.search_options()["max_features"], p.fit_options()["max_features"]
    (5000, 20000)
    >>> plan_for_sizes(articles=5, paragraphs=60).k_candidates
    (2, 3, 4, 5)
    """
    if articles < 0 or paragraphs < 0:
        raise ValueError("articles and paragraphs must be counts (>= 0)")
    why = []
    if unit is None:
        unit = "document" if articles >= DOCUMENT_UNITS_FROM else "paragraph"
        why.append(
            f"Units: whole articles ({articles:,} articles, at least {DOCUMENT_UNITS_FROM})."
            if unit == "document"
            else f"Units: paragraphs ({articles:,} articles are too few documents for a topic "
            f"model; from {DOCUMENT_UNITS_FROM} on, whole articles are used)."
        )
    elif unit not in UNIT_KINDS:
        raise ValueError(f"unit must be one of {', '.join(UNIT_KINDS)}; got {unit!r}")
    else:
        why.append(f"Units: {unit} (set by the `unit` parameter).")
    if unit == "document":
        n_units = articles
    elif unit == "paragraph":
        n_units = paragraphs
    else:
        if sentence_windows is None:
            raise ValueError("unit='sentences' needs the number of sentence windows")
        n_units = sentence_windows
    k_max = min(K_MAX, max(2, math.isqrt(n_units // 2)))
    if k is not None:
        ks: tuple[int, ...] = (int(k),)
        why.append(f"k = {k} (set by the `k` parameter).")
    elif k_range is not None:
        ks = tuple(sorted({int(x) for x in k_range}))
        if not ks:
            raise ValueError("k_range is empty")
        why.append(f"k from {_listing([str(x) for x in ks])} (set by the `k_range` parameter).")
    else:
        ks = _k_grid(k_max)
        why.append(
            f"k from {ks[0]} to {ks[-1]} ({len(ks)} values; about sqrt(units / 2) = {k_max} "
            f"topics at most for {n_units:,} units, never more than {K_MAX})."
        )
    if min_df is None:
        min_df = max(2, n_units // UNITS_PER_MIN_DF)
        df_how = "from the number of units"
    else:
        df_how = "set by the `min_df` parameter"
    if max_features == "auto":
        max_features = MAX_FEATURES
    why.append(
        f"Vocabulary: terms in at least {min_df} units ({df_how}) and at most "
        f"{MAX_DF:.0%} of them"
        + (f", the {max_features:,} most frequent at most." if max_features else ".")
    )
    if seeds is None:
        seeds = next((s for limit, s in SEEDS_BY_UNITS if n_units <= limit), SEEDS_LARGE)
        seeds_how = f"{seeds} refits per k ({n_units:,} units)"
    else:
        seeds_how = f"{seeds} refits per k (set by the `seeds` parameter)"
    search = SEARCH_UNITS if n_units > SEARCH_UNITS else None
    large = seeds > LARGE_K_SEEDS and max(ks) >= LARGE_K
    why.append(
        "Stability: "
        + seeds_how
        + (f", {LARGE_K_SEEDS} from k = {LARGE_K} on" if large else "")
        + "; the k search on "
        + (f"a random {search:,} of the {n_units:,} units" if search else "every unit")
        + f" and at most the {SEARCH_FEATURES:,} most frequent terms."
    )
    return TopicPlan(
        unit=unit,
        k_candidates=ks,
        min_df=int(min_df),
        max_df=MAX_DF,
        max_features=max_features,
        seeds=int(seeds),
        search_units=search,
        units=int(n_units),
        articles=int(articles),
        reason=" ".join(why),
    )


def topic_plan(
    corpus: Corpus,
    *,
    unit: UnitKind | None = None,
    k: int | None = None,
    k_range: Iterable[int] | None = None,
    window: int = 3,
    seeds: int | None = None,
    min_df: int | None = None,
    max_features: int | None | Literal["auto"] = "auto",
) -> TopicPlan:
    """Unit, k range, vocabulary limits and refits sized to the corpus.

    The defaults fit the corpus, from five articles (paragraphs, k = 2-5, ten refits) to
    tens of thousands (whole articles, k up to 40, three refits, the k search on a
    sample); every choice can be forced by its parameter, and the plan's ``reason`` says
    which were. The rules are in :func:`plan_for_sizes`. Exact duplicates flagged by the
    loader are not counted (they are left out of the model too).

    >>> plan = topic_plan(corpus)
    >>> plan.unit, plan.articles
    ('paragraph', 5)
    >>> selection = select_k(corpus, unit=plan.unit, **plan.search_options())
    >>> k, why = choose_k(selection)
    >>> k in plan.k_candidates
    True
    """
    docs = corpus.docs
    keep = set(docs["doc_id"])
    if "duplicate_of" in docs.columns:
        keep = set(docs.loc[docs["duplicate_of"].isna(), "doc_id"])
    n_paras = n_windows = 0
    if unit == "paragraph" or (unit is None and len(keep) < DOCUMENT_UNITS_FROM):
        n_paras = int(corpus.paragraphs["doc_id"].isin(keep).sum())
    if unit == "sentences":
        if window < 1:
            raise ValueError(f"window must be at least 1 sentence, got {window}")
        s = corpus.sentences
        last = s[s["doc_id"].isin(keep)].groupby("doc_id")["sent_id"].max()
        n_windows = int((last // window + 1).sum())
    return plan_for_sizes(
        articles=len(keep),
        paragraphs=n_paras,
        sentence_windows=n_windows,
        unit=unit,
        k=k,
        k_range=k_range,
        seeds=seeds,
        min_df=min_df,
        max_features=max_features,
    )


def _dominated(table: pd.DataFrame, max_share: float) -> pd.Series:
    """Rows (values of k) in which one topic holds more than ``max_share`` of the text."""
    if "largest_share" not in table:
        return pd.Series(False, index=table.index)
    return table["largest_share"] > max_share


def eligible_k(
    table: pd.DataFrame, *, max_share: float = DOMINANT_SHARE, min_stable_share: float = 1.0
) -> pd.Series:
    """Which values of k pass :func:`choose_k`'s two tests (a boolean per row of ``table``).

    A k passes when no topic holds more than ``max_share`` of the text (``largest_share``)
    and at least ``min_stable_share`` of its topics are stable (``stable_share``).
    :func:`choose_k` takes the most coherent of them.

    >>> t = pd.DataFrame({"k": [2, 3, 4], "stable_share": [1.0, 1.0, 0.75],
    ...                   "largest_share": [0.7, 0.4, 0.3]})
    >>> eligible_k(t).tolist()
    [False, True, False]
    """
    stable = table["stable_share"] >= min_stable_share - 1e-9
    return (stable & ~_dominated(table, max_share)).rename("eligible")


def choose_k_rule(
    *, max_share: float = DOMINANT_SHARE, min_stable_share: float = 1.0, min_stable: float = 0.8
) -> str:
    """:func:`choose_k`'s rule in a few words, for a figure's legend.

    >>> choose_k_rule()
    'the most coherent k whose topics all reappear in ≥ 80% of refits, no topic > 60% of the text'
    """
    every = "all" if min_stable_share >= 1 else f"{min_stable_share:.0%} of them"
    return (
        f"the most coherent k whose topics {every} reappear in ≥ {min_stable:.0%} of refits, "
        f"no topic > {max_share:.0%} of the text"
    )


def choose_k(
    table: pd.DataFrame,
    *,
    max_share: float = DOMINANT_SHARE,
    min_stable_share: float = 1.0,
    min_stable: float = 0.8,
) -> tuple[int, str]:
    """The k to use, from the table of :func:`select_k`, and why.

    The rule: *the most coherent k whose topics all reproduce*.

    1. leave out every k in which one topic holds more than ``max_share`` of the text
       (``largest_share``): such a topic is the corpus's common vocabulary, not a theme;
    2. keep the k in which every topic (``min_stable_share`` of them; default all)
       reappears in at least ``min_stable`` of the refits (``stable_share``, measured by
       :func:`select_k`): a k with even one topic that does not come back has split the
       text somewhere the data does not support;
    3. of those, take the most coherent (mean NPMI; the smaller k on a tie).

    When no k has all its topics reproducible, the k with the largest share of stable
    topics is taken (the most coherent of those) and the reason says to read its topics
    as hints at most.

    Why not the most stable k: mean stability is highest at the fewest topics (two topics
    always come back; 0.99 at k = 2 and 3 on BBC, 0.94 at k = 5), so "the most coherent
    of the ks near the best stability" kept only k = 2-3 and chose 3, merging five
    sections into three. Why not coherence alone: it keeps rising with k (BBC 0.34 at
    k = 5, 0.42 at k = 10, 0.43 at k = 25) as topics narrow to a few words. Requiring
    *every* topic to reproduce is what stops the climb. With :func:`topic_plan`'s
    search: on BBC (2,092 articles, five sections) only k = 3 and 5 pass (k = 2 has a
    topic holding 64% of the text; k = 6 has 5 of 6 topics stable, k = 15 11 of 15), and
    the rule takes 5; on FA-KES (787 articles, no topic labels) k = 3, 4, 5, 6 and 10
    pass and it takes 10 (mean NPMI 0.28, against 0.22-0.24 for 3-6); on the five seed
    articles' 54 paragraphs only k = 2 passes.

    Args:
        table: :func:`select_k`'s table (``k, coherence, stability, stable_share``,
            ``largest_share``).
        max_share: the largest share of the text one topic may hold.
        min_stable_share: the share of a k's topics that must be stable (1.0: all).
        min_stable: the share of refits a stable topic reappears in (the ``min_share``
            select_k counted ``stable_share`` with; used in the reason).

    Returns:
        ``(k, reason)``: the reason is one sentence with the numbers it rests on.

    >>> t = pd.DataFrame({"k": [2, 3, 4, 5], "coherence": [0.20, 0.31, 0.30, 0.45],
    ...                   "stability": [1.0, 0.99, 0.95, 0.80],
    ...                   "stable_share": [1.0, 1.0, 1.0, 0.4],
    ...                   "largest_share": [0.7, 0.4, 0.3, 0.25]})
    >>> choose_k(t)[0]
    3
    """
    need = {"k", "coherence", "stability", "stable_share"}
    if missing := need - set(table.columns):
        raise KeyError(f"the k selection table lacks {', '.join(sorted(missing))}")
    if not len(table):
        raise ValueError("the k selection table is empty")
    largest = (
        table["largest_share"] if "largest_share" in table else pd.Series(0.0, index=table.index)
    )
    ok = table[~_dominated(table, max_share)]
    if not len(ok):
        row = table.loc[largest.idxmin()]
        k = int(row["k"])
        return k, (
            f"k = {k}, but no k splits the corpus: in every k tried one topic holds more than "
            f"{max_share:.0%} of the text (at k = {k}, {float(largest.min()):.0%}). Do not "
            "report its topics as themes; try whole articles as units or larger k."
        )
    if len(table) == 1:
        k = int(table["k"].iloc[0])
        return k, f"k = {k}, the only value compared (no topic holds more than {max_share:.0%})."
    passing = table[eligible_k(table, max_share=max_share, min_stable_share=min_stable_share)]
    pool = passing if len(passing) else ok[ok["stable_share"] >= ok["stable_share"].max() - 1e-9]
    top = pool.sort_values(["coherence", "k"], ascending=[False, True], kind="stable").iloc[0]
    k = int(top["k"])
    n_stable = int(round(float(top["stable_share"]) * k))
    every = "all" if min_stable_share >= 1 else f"at least {min_stable_share:.0%}"
    left_out = len(table) - len(ok)
    dropped = (
        f"; {left_out} value{'s' if left_out > 1 else ''} of k left out because one topic "
        f"held more than {max_share:.0%} of the text"
        if left_out
        else ""
    )
    if len(passing):
        ks = _listing([str(int(x)) for x in sorted(passing["k"])])
        return k, (
            f"k = {k}: the most coherent (mean NPMI {float(top['coherence']):.2f}) of the "
            f"values of k whose topics {every} reappear in at least {min_stable:.0%} of the "
            f"refits (k = {ks}, of {len(table)} compared; at k = {k}, {n_stable} of {k} "
            f"topics, mean stability {float(top['stability']):.2f}){dropped}."
        )
    return k, (
        f"k = {k}, but no k has {every} of its topics reappearing in at least "
        f"{min_stable:.0%} of the refits: at k = {k} (the most coherent of the best, mean "
        f"NPMI {float(top['coherence']):.2f}) {n_stable} of {k} topics do{dropped}. "
        "Read the topics as hints at most."
    )


def dominant_topic_warning(result: TopicModel, *, threshold: float = DOMINANT_SHARE) -> str | None:
    """A warning when one topic holds most of the text (``None`` when none does).

    Such a topic is the corpus's common vocabulary, not a theme: the model has not split
    the text (typically short units or too few topics for a large corpus). The share is
    the topic's share of the modelled text (``result.topic_share``) or of the units whose
    main topic it is, whichever is larger.

    When one topic holds most of the text the warning reads ``'Topic 1 holds 98% of the
    modelled text ...'``; the seed corpus's four topics share it out:

    >>> dominant_topic_warning(fit_topics(corpus, k=4)) is None
    True
    """
    if result.k < 2:
        return None
    dom = result.modelled["topic"].dropna()
    unit_share = dom.value_counts(normalize=True) if len(dom) else pd.Series(dtype=float)
    rows = []
    for t in result.topic_share.index:
        text = float(result.topic_share.loc[t])
        units = float(unit_share.get(t, 0.0))
        if max(text, units) > threshold:
            rows.append((int(t), text, units))
    if not rows:
        return None
    t, text, units = rows[0]
    return (
        f"Topic {t} holds {text:.0%} of the modelled text and is the main topic of {units:.0%} "
        f"of the units: the model has not split the corpus into themes, so topic {t} is the "
        "vocabulary the units share, not a finding. Use whole articles as units "
        '(`unit="document"`) or more topics, and do not report this topic as a theme.'
    )


# --------------------------------------------------------------------------- summaries


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


def representative_units(
    result: TopicModel, *, n: int = 3, topics: Iterable[int] | None = None, min_terms: int = 1
) -> pd.DataFrame:
    """The units most devoted to each topic, with their text, to read before naming it.

    Ranked by the unit's share of the topic, then its raw weight (a longer unit on the
    topic wins a tie).

    Args:
        n: units per topic.
        topics: topic numbers (default all).
        min_terms: skip units with fewer content words (very short units get shares of 1
            easily).

    Returns:
        ``topic, rank, unit_id, doc_id, share, text, start, end`` plus ``para_id``/
        ``sent_id`` when the units have them and ``title`` when the corpus has it.
    """
    mod = result.modelled.reset_index(drop=True)
    share = result.unit_topics.to_numpy()
    weight = result.weights
    extra = [c for c in ("para_id", "sent_id", "title") if c in mod.columns]
    wanted = range(1, result.k + 1) if topics is None else topics
    frames = []
    ok = (mod["n_terms"] >= min_terms).to_numpy()
    for t in wanted:
        s = np.nan_to_num(share[:, int(t) - 1], nan=-1.0)
        w = weight[:, int(t) - 1]
        idx = np.lexsort((mod["unit_id"].to_numpy(), -w, -s))
        idx = [i for i in idx if ok[i] and s[i] > 0][:n]
        sel = mod.iloc[idx]
        frames.append(
            pd.DataFrame(
                {
                    "topic": int(t),
                    "rank": np.arange(1, len(idx) + 1),
                    "unit_id": sel["unit_id"].to_numpy(),
                    "doc_id": sel["doc_id"].to_numpy(),
                    **{c: sel[c].to_numpy() for c in extra},
                    "share": s[idx],
                    "text": sel["text"].to_numpy(),
                    "start": sel["start"].to_numpy(),
                    "end": sel["end"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def document_topics(result: TopicModel) -> pd.DataFrame:
    """Each article's topic mix (wide: index ``doc_id``, one column per topic).

    An article's share of a topic is the mean of its units' shares weighted by their
    number of counted words, i.e. the share of its words the model gives that topic.
    Articles with no modelled unit are absent (see ``result.excluded``).
    """
    mod = result.modelled
    share = result.unit_topics.to_numpy()
    w = np.asarray(result.counts.sum(axis=1)).ravel()
    good = ~np.isnan(share).any(axis=1)
    df = pd.DataFrame(share[good] * w[good, None], columns=result.unit_topics.columns)
    df["doc_id"] = mod["doc_id"].to_numpy()[good]
    df["_w"] = w[good]
    g = df.groupby("doc_id", sort=False).sum()
    out = g.drop(columns="_w").div(g["_w"], axis=0)
    order = [d for d in result.units["doc_id"].drop_duplicates() if d in out.index]
    out = out.loc[order]
    out.columns.name = "topic"
    return out


def topic_prevalence(result: TopicModel, *, by: str = "doc_id") -> pd.DataFrame:
    """How much of each article, or each group of articles, is about each topic.

    Args:
        by: ``"doc_id"`` (per article) or any document metadata column (``outlet``,
            ``folder``, ``published``...). Within a group every article counts once (the
            mean of the articles' topic mixes, :func:`document_topics`), so one long
            article does not stand for its outlet.

    Returns:
        Tidy: ``<by>, topic, prevalence, articles, units`` (missing group values become
        ``"(unknown)"``); prevalence sums to 1 within each group.
    """
    doc = document_topics(result)
    units_per_doc = result.modelled.groupby("doc_id").size()
    if by == "doc_id":
        long = doc.reset_index().melt(id_vars="doc_id", var_name="topic", value_name="prevalence")
        long["articles"] = 1
        long["units"] = long["doc_id"].map(units_per_doc).to_numpy()
        long["topic"] = long["topic"].astype("int64")
        return long[["doc_id", "topic", "prevalence", "articles", "units"]]
    if by not in result.units.columns:
        meta = [c for c in result.units.columns if c not in ("text",)]
        raise KeyError(f"no column {by!r} in the units; available: {', '.join(meta)}")
    groups = result.units.drop_duplicates("doc_id").set_index("doc_id")[by]
    groups = groups.astype("string").fillna("(unknown)")
    g = doc.assign(_g=groups.reindex(doc.index).to_numpy())
    mean = g.groupby("_g", sort=True).mean()
    articles = g.groupby("_g", sort=True).size()
    n_units = units_per_doc.reindex(doc.index).groupby(g["_g"].to_numpy()).sum()
    long = mean.reset_index().melt(id_vars="_g", var_name="topic", value_name="prevalence")
    long["articles"] = long["_g"].map(articles).to_numpy()
    long["units"] = long["_g"].map(n_units).to_numpy()
    long["topic"] = long["topic"].astype("int64")
    return long.rename(columns={"_g": by}).reset_index(drop=True)


def _auto_freq(dates: pd.Series) -> str:
    """A period length that gives a readable number of points: week, month, quarter or year."""
    span = (dates.max() - dates.min()).days if len(dates) else 0
    if span <= 120:
        return "W"
    if span <= 3 * 365:
        return "M"
    if span <= 12 * 365:
        return "Q"
    return "Y"


def given_dates(
    units: pd.DataFrame, *, date: str = "published_start", inferred_dates: bool = False
) -> tuple[pd.Series, int]:
    """Each article's date (indexed by ``doc_id``) and how many inferred dates were left out.

    A date the loader inferred from the article's own text (its ``published_basis``
    starts "inferred:") is the latest date the article mentions: a lower bound, often
    years before publication, so it is NaT here unless ``inferred_dates``.

    Args:
        units: any table with ``doc_id``, the ``date`` column and, when the corpus has
            one, ``published_basis`` (e.g. ``TopicModel.units``).
        date: the date column.
        inferred_dates: keep the inferred dates.

    >>> u = pd.DataFrame({"doc_id": ["a", "b"], "published_start": ["2020-01-02", "1991-03-03"],
    ...                   "published_basis": ["column date", 'inferred: latest date in the text']})
    >>> dates, n = given_dates(u)
    >>> dates.dt.year.tolist(), n
    ([2020.0, nan], 1)
    """
    docs = units.drop_duplicates("doc_id").set_index("doc_id")
    dates = pd.to_datetime(docs[date], errors="coerce")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert(None)
    basis = "published_basis" if date.startswith("published") else f"{date}_basis"
    if inferred_dates or basis not in docs.columns:
        return dates, 0
    guessed = is_inferred(docs[basis], INFERRED_DATE_PREFIXES).to_numpy(bool)
    return dates.where(~guessed), int((guessed & dates.notna().to_numpy()).sum())


def topic_prevalence_over_time(
    result: TopicModel,
    *,
    freq: str = "auto",
    date: str = "published_start",
    inferred_dates: bool = False,
) -> pd.DataFrame:
    """How much of the coverage each topic holds in each period, when dates exist.

    As in :func:`topic_prevalence`, every article counts once in its period (the mean
    of the articles' topic mixes). Articles without a date are not dropped silently:
    they form one row group with ``period`` NaT.

    Args:
        result: the model.
        freq: a pandas period alias (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``), or
            ``"auto"``: weeks up to a span of 120 days, months up to 3 years, quarters up
            to 12 years, years beyond.
        date: the document column with the date (default ``published_start``, the
            first day a published date can be).
        inferred_dates: also place articles whose date was inferred from their own
            text (``published_basis`` starting "inferred:"). Off by default: such a date
            is the latest date the article mentions, a lower bound that can lie years
            before publication (BBC articles of 2004-5 "dated" 1991), so those articles
            join the undated ones.

    Returns:
        Tidy: ``period`` (the period's first day; NaT for undated articles), ``freq``,
        ``topic``, ``prevalence``, ``articles``, ``units``; prevalence sums to 1 within
        each period. Raises ``ValueError`` when no article has a date (given by the
        data, unless ``inferred_dates``), or when all dated articles fall in one period.

    >>> over_time = topic_prevalence_over_time(fit_topics(corpus, k=4), freq="M")
    >>> over_time.columns.tolist()
    ['period', 'freq', 'topic', 'prevalence', 'articles', 'units']
    """
    if date not in result.units.columns:
        raise KeyError(
            f"no column {date!r} in the units: the corpus has no dates to follow topics over"
        )
    doc = document_topics(result)
    modelled = result.units[result.units["doc_id"].isin(doc.index)]
    dates, n_inferred = given_dates(modelled, date=date, inferred_dates=inferred_dates)
    dates = dates.reindex(doc.index)
    if dates.notna().sum() == 0:
        why = (
            f" ({n_inferred:,} dates were inferred from the articles' text, which only bounds "
            "them; `inferred_dates=True` uses them)"
            if n_inferred
            else ""
        )
        raise ValueError(
            f"no modelled article has a date given by the data in {date!r}{why}: topics "
            "cannot be followed over time"
        )
    if freq == "auto":
        freq = _auto_freq(dates.dropna())
    period = dates.dt.to_period(freq).dt.start_time
    if period.nunique() < 2:
        raise ValueError(
            f"every dated article falls in one period ({freq}): no change over time to show"
        )
    key = period.to_numpy()
    units_per_doc = result.modelled.groupby("doc_id").size().reindex(doc.index)
    g = doc.assign(_p=key)
    mean = g.groupby("_p", sort=True, dropna=False).mean()
    articles = g.groupby("_p", sort=True, dropna=False).size()
    n_units = units_per_doc.groupby(key, sort=True, dropna=False).sum()
    long = mean.reset_index().melt(id_vars="_p", var_name="topic", value_name="prevalence")
    long["articles"] = long["_p"].map(articles).to_numpy()
    long["units"] = long["_p"].map(n_units).to_numpy()
    long["topic"] = long["topic"].astype("int64")
    long.insert(1, "freq", freq)
    long = long.rename(columns={"_p": "period"})
    long = long.sort_values(["period", "topic"], na_position="last", kind="stable")
    return long.reset_index(drop=True)


# --------------------------------------------------------------------------- explorer


def _terms_html(result: TopicModel, topic: int, lam: float, n: int) -> str:
    t = relevant_terms(result, lam=lam, n=n, topics=[topic])
    top = t["p_term_topic"].max() if len(t) else 1.0
    rows = "".join(
        "<tr>"
        f"<td style='text-align:right;padding-right:6px'>{r.rank}</td>"
        f"<td style='padding-right:8px'>{html.escape(str(r.display))}</td>"
        "<td><div style='background:#0072B2;height:10px;"
        f"width:{160 * r.p_term_topic / top:.0f}px'></div></td>"
        f"<td style='text-align:right;padding-left:8px'>{r.p_term_topic:.3f}</td>"
        f"<td style='text-align:right;padding-left:8px'>{r.lift:.1f}</td>"
        "</tr>"
        for r in t.itertuples(index=False)
    )
    share = result.topic_share.loc[topic]
    return (
        f"<b>Topic {topic}</b> ({share:.0%} of the modelled text): top {n} terms by relevance, "
        f"&lambda; = {lam:.2f}<br><small>&lambda; = 1 ranks by p(term | topic); lower &lambda; "
        "favours terms specific to this topic (lift = p(term | topic) / p(term)).</small>"
        "<table><tr><th>#</th><th>term</th><th>p(term | topic)</th><th></th><th>lift</th></tr>"
        f"{rows}</table>"
    )


EXPLORER_NOTE = (
    "The table below is a static view of each topic's most relevant terms, kept in a saved "
    "copy of this notebook. The interactive explorer under it needs a running kernel: a "
    "saved or shared copy cannot draw it (JupyterLab says the widget's model is missing). "
    "Re-run this cell to use it."
)


def terms_table(result: TopicModel, *, n: int = 10, lam: float = 0.6) -> pd.DataFrame:
    """One row per topic: its share of the text and its ``n`` most relevant terms.

    The static counterpart of :func:`topic_explorer` (a saved notebook keeps it), ranked
    by :func:`relevant_terms` with ``lam``.

    Returns:
        ``topic, share, terms`` (the terms' display forms joined by ", ", most relevant
        first).
    """
    shown = relevant_terms(result, lam=lam, n=n)
    rel = shown.assign(term=shown["display"])  # the table lists the display forms
    joined = rel.groupby("topic", sort=True)["term"].agg(", ".join)
    return pd.DataFrame(
        {
            "topic": joined.index.astype("int64"),
            "share": result.topic_share.reindex(joined.index).round(3).to_numpy(),
            "terms": joined.to_numpy(),
        }
    )


def topic_explorer(result: TopicModel, *, n_terms: int = 15, lam: float = 0.6) -> Any:
    """An interactive view for JupyterLab: pick a topic, move lambda, read the terms.

    Needs ``ipywidgets``; without it, returns ``None`` and warns how to install it.
    Nothing is displayed by the call itself: the notebook shows the returned widget as a
    cell's last value, and a headless run (papermill, tests) just builds it.

    Returns:
        An ``ipywidgets.VBox`` (topic dropdown, lambda slider, the ranked terms), or None.
    """
    try:
        import ipywidgets as widgets
    except ImportError:
        warnings.warn(
            "topic_explorer needs ipywidgets, which is not installed: "
            "`pip install ipywidgets` (then reload JupyterLab). "
            "Meanwhile, relevant_terms(result, lam=...) gives the same table.",
            stacklevel=2,
        )
        return None
    labels = result.labels(3)
    topic = widgets.Dropdown(
        options=[(labels[t], t) for t in range(1, result.k + 1)], value=1, description="Topic"
    )
    slider = widgets.FloatSlider(
        value=lam, min=0.0, max=1.0, step=0.05, description="λ", continuous_update=False
    )
    out = widgets.HTML(_terms_html(result, 1, lam, n_terms))

    def _update(_change: Any = None) -> None:
        out.value = _terms_html(result, int(topic.value), float(slider.value), n_terms)

    topic.observe(_update, names="value")
    slider.observe(_update, names="value")
    return widgets.VBox([widgets.HBox([topic, slider]), out])
