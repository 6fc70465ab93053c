"""Coherence and stability of topic models, and the k search."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from ..corpus import Corpus
from .fit import (
    TopicModel,
    _build,
    _defaults,
    _Design,
    _design,
    _distributions,
    _model_matrix,
    _prepared,
)
from .refits import FitJob, Fitted, refit_jobs, run_fits
from .units import DOMINANT_SHARE, ModelKind, UnitTerms


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
    weights, display = result.topic_terms.to_numpy(), result.display  # once, not per topic
    for t in range(result.k):
        idx = np.argsort(-weights[t], kind="stable")[:top_n]
        m = npmi_matrix(result.counts, idx)
        rows.append(
            {
                "topic": t + 1,
                "npmi": float(np.nanmean(m)) if len(idx) > 1 else np.nan,
                "top_terms": ", ".join(display[idx]),
            }
        )
    return pd.DataFrame(rows)


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
    max_units: int | None = None,
    n_jobs: int | None = None,
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
        max_units: each run sees at most this many units (``None``: no limit): above
            ``max_units / subsample`` modelled units the runs are random samples of
            ``max_units`` units, so their cost stops growing with the corpus; the
            reference model keeps every unit. :func:`stability_statement` says so.
        n_jobs: processes the refits run on (:func:`~corpus_utils.topics.refits.run_fits`:
            ``None`` up to 2, ``-1`` every core, 1 this process); the table is the same.

    Returns:
        One row per reference topic: ``topic, runs, reappears`` (runs in which it
        reappears), ``share`` (reappears / runs), ``mean_similarity``, ``min_similarity``,
        ``threshold``, ``subsample``, ``centred``, ``text_share`` (the topic's share of the
        modelled text), ``units`` (the units each run saw) and ``units_total`` (the
        modelled units). Read it with :func:`stability_statement`.
    """
    p = result.params
    jobs, size = refit_jobs(
        result.matrix.shape[0],
        k=result.k,
        model=p["model"],
        seeds=_run_seeds(p["seed"], seeds),
        subsample=subsample,
        max_iter=p["max_iter"] if max_iter is None else max_iter,
        alpha=p["doc_topic_prior"],
        tol=tol,
        max_units=max_units,
    )
    return _stability_table(
        result, run_fits(result.matrix, jobs, n_jobs), size, threshold, subsample, centre
    )


def _stability_table(
    result: TopicModel,
    fits: Sequence[Fitted],
    size: int,
    threshold: float,
    subsample: float,
    centre: bool,
) -> pd.DataFrame:
    """:func:`stability`'s table from the refits: each paired with the reference topics."""
    p = result.params
    reference = result.topic_terms.to_numpy()
    if centre:
        reference = reference - result.term_prior.to_numpy()
    n = result.matrix.shape[0]
    sims = np.zeros((len(fits), result.k))
    for r, fitted in enumerate(fits):
        p_t, p_wt = _distributions(fitted.w, fitted.h, p["model"])
        other = p_wt - p_t @ p_wt if centre else p_wt
        _, sims[r] = match_topics(reference, other)
    reappears = (sims >= threshold).sum(axis=0)
    return pd.DataFrame(
        {
            "topic": np.arange(1, result.k + 1),
            "runs": len(fits),
            "reappears": reappears,
            "share": reappears / len(fits),
            "mean_similarity": sims.mean(axis=0),
            "min_similarity": sims.min(axis=0),
            "threshold": threshold,
            "subsample": subsample,
            "centred": centre,
            "text_share": result.topic_share.to_numpy(),
            "units": size,
            "units_total": n,
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
    if {"units", "units_total"} <= set(full.columns):
        seen, total = int(full["units"].iloc[0]), int(full["units_total"].iloc[0])
        if seen < round(sub * total):  # capped by max_units
            data = f"a random {seen:,} of the {total:,} units"
    thr = float(full["threshold"].iloc[0])
    centred = bool(full["centred"].iloc[0]) if "centred" in full else False
    weights = "term weights (relative to the whole corpus)" if centred else "term weights"
    text += (
        f" Each run refits the model with another seed on {data}; a topic reappears when a run"
        f" has a topic whose {weights} have a cosine similarity of at least {thr:g} with it."
    )
    return text


def search_check_statement(
    selection: pd.DataFrame, table: pd.DataFrame, *, k: int, min_share: float = 0.8
) -> str:
    """Say so when the k search and the final stability check count stable topics apart.

    :func:`select_k` counts a ``k``'s stable topics on its own refits: a sample of the
    units, at most ``search_features`` terms and a looser NMF tolerance, to keep the
    search cheap. The model finally used is refitted again by :func:`stability` on its
    whole vocabulary. A topic near the ``min_share`` line can pass one and not the other;
    without a word the two statements read as a contradiction. Returns ``""`` when they
    agree, or when ``k`` was not in the search.

    >>> sel = pd.DataFrame({"k": [3], "stable_topics": [3], "runs": [10], "terms": [5000]})
    >>> stab = pd.DataFrame({"topic": [1, 2, 3], "runs": 10, "share": [1.0, 0.9, 0.7]})
    >>> print(search_check_statement(sel, stab, k=3))  # doctest: +NORMALIZE_WHITESPACE
    The k search counted 3 of 3 topics stable at k = 3 on its own 10 refits (5,000
    terms, a looser fit); the check of the model used counts 2 of 3. The check is
    the one to read: a topic that passes one and not the other lies close to the line.
    """
    row = selection[selection["k"] == k]
    if row.empty:
        return ""
    row = row.iloc[0]
    searched = int(row["stable_topics"])
    checked = int((table["share"] >= min_share - 1e-9).sum())
    if searched == checked:
        return ""
    terms = f"{int(row['terms']):,} terms, " if "terms" in row else ""
    return (
        f"The k search counted {searched} of {k} topics stable at k = {k} on its own "
        f"{int(row['runs'])} refits ({terms}a looser fit); the check of the model used counts "
        f"{checked} of {k}. The check is the one to read: a topic that passes one and not "
        "the other lies close to the line."
    )


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
    n_jobs: int | None = None,
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
        n_jobs: processes the fits run on (every k's fits are independent; ``None`` up
            to 2, ``-1`` every core, 1 this process): the table is the same whatever the
            number, but for ``seconds``.

    Returns:
        One row per k: ``k, coherence`` (mean NPMI over topics), ``coherence_min`` (the
        least coherent topic), ``stability`` (mean cosine similarity of matched topics over
        runs and topics), ``stable_topics`` (topics reappearing in >= ``min_share`` of the
        runs), ``stable_share`` (stable_topics / k), ``largest_share`` (the largest topic's
        share of the text), ``units`` (units the search saw), ``units_total`` (modelled
        units), ``terms``, ``model``, ``runs``, ``threshold``, ``subsample``, ``seconds``
        (the time the row's fits and scores took, added over the processes). Plot it with
        :func:`corpus_utils.plots.topicplots.plot_k_selection`; pick from it with :func:`choose_k`.
    """
    prepared = _prepared(source, unit_options)
    design = _design(prepared, min_df=min_df, max_df=max_df, max_features=max_features)
    n_total = design.counts.shape[0]
    design = _sample_design(design, max_units=max_units, seed=seed)
    init, max_iter = _defaults(model, init, max_iter)
    limit = min(design.counts.shape)
    ks = list(ks)
    fitted_ks = [k for k in ks if 1 <= k <= limit]
    matrix = _model_matrix(design, model, sublinear_tf)  # one tf-idf for every fit
    n = matrix.shape[0]
    jobs: list[list[FitJob]] = []  # per k: the model it is judged by, then its refits
    sizes = []  # per k: the units each refit sees
    for k in fitted_ks:
        refits, size = refit_jobs(
            n,
            k=k,
            model=model,
            seeds=_run_seeds(seed, _seeds_for_k(seeds, k, large_k, large_k_seeds)),
            subsample=subsample,
            max_iter=max_iter,
            alpha=1.0 / k if model == "lda" else None,
            tol=refit_tol,
        )
        jobs.append([FitJob(k, model, seed, init, max_iter, None, 1e-4), *refits])
        sizes.append(size)
    fits = run_fits(matrix, [j for per_k in jobs for j in per_k], n_jobs)
    rows = []
    for k, per_k, size in zip(fitted_ks, jobs, sizes, strict=True):
        started = time.perf_counter()
        done, fits = fits[: len(per_k)], fits[len(per_k) :]
        first = done[0]
        tm = _build(
            design,
            k=k,
            model=model,
            seed=seed,
            init=init,
            max_iter=max_iter,
            sublinear_tf=sublinear_tf,
            alpha=None,
            matrix=matrix,
            fitted=(first.estimator, first.w, first.h),
        )
        coh = topic_coherence(tm, top_n=top_n)
        stab = _stability_table(tm, done[1:], size, threshold, subsample, centre=True)
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
                "seconds": time.perf_counter() - started + sum(f.seconds for f in done),
            }
        )
    if not rows:
        raise ValueError(f"no k in {list(ks)} fits {limit} units/terms")
    return pd.DataFrame(rows)


def dominant_topic_warning(result: TopicModel, *, threshold: float = DOMINANT_SHARE) -> str | None:
    """A warning when one topic holds most of the text (``None`` when none does).

    Such a topic is the corpus's common vocabulary, not a theme: the model has not split
    the text (typically short units or too few topics for a large corpus). The share is
    the topic's share of the modelled text (``result.topic_share``) or of the units whose
    main topic it is, whichever is larger.

    When one topic holds most of the text the warning reads ``'Topic 1 holds 98% of the
    modelled text ...'``; the seed corpus's four topics share it out:

    >>> from corpus_utils.topics import fit_topics
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
