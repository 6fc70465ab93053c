"""Size the topic model to the corpus: units, vocabulary limits, the k to search."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from ..corpus import Corpus
from .quality import _listing
from .units import DOMINANT_SHARE, UNIT_KINDS, UnitKind

# The rules topic_plan applies; each is overridable by a parameter of topic_plan.
DOCUMENT_UNITS_FROM = 300  # articles: from here on whole articles are the units


K_MAX = 40  # the largest k ever searched by default


K_FINE_UP_TO = 10  # every k up to here is tried; beyond, the coarser grid below


K_COARSE = (12, 15, 20, 25, 30, 35, 40)


UNITS_PER_MIN_DF = 1000  # min_df grows by one per this many units (never below 2)


MAX_DF = 0.5


MAX_FEATURES = 20_000


SEARCH_UNITS = 2_000  # the k search sees at most this many units (a random sample)


KSized = Literal["search", "units"]


K_SIZED_TO: KSized = "search"  # k_max from the units the k search sees (its sample), or all


SEEDS_BY_UNITS = ((1_000, 10), (10_000, 5))  # up to this many units: this many refits; else 3


SEEDS_LARGE = 3


SEARCH_FEATURES = 5_000  # the k search counts at most this many of the most frequent terms


LARGE_K = K_FINE_UP_TO + 1  # from this k on, the search refits only LARGE_K_SEEDS times


LARGE_K_SEEDS = 3


STABILITY_UNITS = 10_000  # the final model's stability refits see at most this many units


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
    stability_units: int | None = STABILITY_UNITS

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

    def stability_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`stability` on the model finally fitted.

        ``seeds`` refits, each on a random 80% of the units, at most ``stability_units``
        of them: above that a refit's cost would grow with the corpus, while whether a
        topic comes back shows on ten thousand units (the search judges k on two
        thousand). The reference model keeps every unit.
        """
        return {"seeds": self.seeds, "max_units": self.stability_units}


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
    k_sized_to: KSized = K_SIZED_TO,
) -> TopicPlan:
    """The rules of :func:`topic_plan`, applied to the corpus's sizes alone.

    - unit: whole articles from ``DOCUMENT_UNITS_FROM`` (300) articles up, where there are
      enough documents for a topic model and paragraphs would only split each article's
      subject across units; paragraphs below that;
    - k: every k from 2 to ``min(10, k_max)`` then 12, 15, 20, 25, 30, 35, 40 up to
      ``k_max = min(40, floor(sqrt(units / 2)))`` (at least 2): a few hundred units
      support about ten topics, a few thousand about forty. ``units`` are the units the
      k search sees (``k_sized_to="search"``, the default): above ``SEARCH_UNITS``
      (2,000) the search judges each k on a random 2,000 units, which by the same rule
      support about 31 topics (so k up to 30), and a k = 35 or 40 fitted on them (the
      most costly fits of the search) has about 50 units per topic; below 2,450 units
      the grid is the same either way. ``k_sized_to="units"`` sizes k to every unit;
    - vocabulary: ``min_df = max(2, units // 1000)``, ``max_df = 0.5``, at most
      20,000 terms;
    - cost: 10 refits per k up to 1,000 units, 5 up to 10,000, 3 beyond, and 3 at most
      from k = 11 on; the k search on a random 2,000 units and the 5,000 most frequent
      terms at most (the final model keeps the whole vocabulary); the final model's
      stability refits on at most ``STABILITY_UNITS`` (10,000) units.

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
    if k_sized_to not in ("search", "units"):
        raise ValueError(f"k_sized_to must be 'search' or 'units', got {k_sized_to!r}")
    search = SEARCH_UNITS if n_units > SEARCH_UNITS else None
    sized = search if search is not None and k_sized_to == "search" else n_units
    k_max = min(K_MAX, max(2, math.isqrt(sized // 2)))
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
        on = (
            f"the {sized:,} units the k search sees (a random sample of the {n_units:,})"
            if sized < n_units
            else f"{n_units:,} units"
        )
        why.append(
            f"k from {ks[0]} to {ks[-1]} ({len(ks)} values; about sqrt(units / 2) = {k_max} "
            f"topics at most for {on}, never more than {K_MAX})."
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
    large = seeds > LARGE_K_SEEDS and max(ks) >= LARGE_K
    why.append(
        "Stability: "
        + seeds_how
        + (f", {LARGE_K_SEEDS} from k = {LARGE_K} on" if large else "")
        + "; the k search on "
        + (f"a random {search:,} of the {n_units:,} units" if search else "every unit")
        + f" and at most the {SEARCH_FEATURES:,} most frequent terms"
        + (
            f"; the check of the model used refits on a random {STABILITY_UNITS:,} of them."
            if n_units * 0.8 > STABILITY_UNITS
            else "."
        )
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
    k_sized_to: KSized = K_SIZED_TO,
) -> TopicPlan:
    """Unit, k range, vocabulary limits and refits sized to the corpus.

    The defaults fit the corpus, from five articles (paragraphs, k = 2-5, ten refits) to
    tens of thousands (whole articles, k up to 40, three refits, the k search on a
    sample); every choice can be forced by its parameter, and the plan's ``reason`` says
    which were. The rules are in :func:`plan_for_sizes`. Exact duplicates flagged by the
    loader are not counted (they are left out of the model too).

    >>> from corpus_utils.topics import select_k
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
        k_sized_to=k_sized_to,
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
