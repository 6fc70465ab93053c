"""Figures for topic models (:mod:`corpus_utils.topics`).

Like :mod:`corpus_utils.plots`, the ``*_data`` functions build exactly the table a
figure shows (save it beside the figure with :func:`corpus_utils.save_figure`), and the
``plot_*`` functions take that table and an optional ``ax`` and return the ``Axes`` or
``Figure``:

- :func:`plot_k_selection`: coherence and stability against the number of topics;
- :func:`plot_topic_terms`: one small bar chart of top terms per topic;
- and, re-exported from :mod:`corpus_utils.plots.topicmix` (where topics occur):
  :func:`plot_unit_topics` (topic shares per unit), :func:`plot_prevalence` (the topic mix
  per article or group) and :func:`plot_prevalence_over_time` (each topic per period).

>>> from corpus_utils import topics
>>> from corpus_utils.plots import topicplots
>>> tm = topics.fit_topics(corpus, k=4)
>>> fig = topicplots.plot_topic_terms(topicplots.topic_terms_data(tm, lam=0.6))
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..topics import (
    DOMINANT_SHARE,
    TopicModel,
    choose_k_rule,
    eligible_k,
    relevant_terms,
)
from .figures import MAX_HEIGHT, PALETTE, shorten, topic_colours
from .topicmix import (  # re-exported: the notebooks' one module for topic figures
    MAX_HEATMAP_ROWS,
    MAX_TOPIC_LINES,
    MAX_TOPIC_PANELS,
    over_time_data,
    plot_prevalence,
    plot_prevalence_over_time,
    plot_unit_topics,
    prevalence_data,
    unit_topics_data,
)

__all__ = [
    "MAX_HEATMAP_ROWS",
    "MAX_TOPIC_LINES",
    "MAX_TOPIC_PANELS",
    "over_time_data",
    "plot_prevalence",
    "plot_prevalence_over_time",
    "plot_unit_topics",
    "prevalence_data",
    "unit_topics_data",
    "k_selection_data",
    "plot_k_selection",
    "terms_shown",
    "topic_terms_data",
    "plot_topic_terms",
    "topic_colours",
]

# --------------------------------------------------------------------------- choosing k


WALL_CLOCK_COLUMNS = ("seconds",)  # timings: true of one run only, kept out of figure files


def k_selection_data(
    table: pd.DataFrame,
    *,
    chosen: int | None = None,
    rule: str | None = None,
    max_share: float = DOMINANT_SHARE,
    min_stable_share: float = 1.0,
    min_stable: float = 0.8,
) -> pd.DataFrame:
    """The table :func:`plot_k_selection` shows: :func:`topics.select_k`'s, without timings.

    The ``seconds`` column is left out (a wall-clock time differs on every run, so the
    figure's CSV would too). ``eligible`` says which k pass :func:`topics.choose_k`'s
    tests (:func:`topics.eligible_k`, with the same arguments), ``chosen`` marks the k
    used, ``max_share`` is the most of the text one topic may hold and ``rule`` states
    the rule (:func:`topics.choose_k_rule`).

    Args:
        table: :func:`topics.select_k`'s table.
        chosen: the k used (``None``: nothing is marked).
        rule: how ``chosen`` was chosen, when not by the rule (``"set by the k parameter"``).
        max_share, min_stable_share, min_stable: as in :func:`topics.choose_k`.

    >>> t = pd.DataFrame({"k": [2, 3], "stable_share": [1.0, 0.5], "seconds": [1.2, 3.4]})
    >>> k_selection_data(t, chosen=2)[["k", "eligible", "chosen"]].to_dict("list")
    {'k': [2, 3], 'eligible': [True, False], 'chosen': [True, False]}
    """
    out = table.drop(columns=[c for c in WALL_CLOCK_COLUMNS if c in table.columns])
    out = out.sort_values("k", kind="stable").reset_index(drop=True)
    out["eligible"] = eligible_k(out, max_share=max_share, min_stable_share=min_stable_share)
    out["chosen"] = out["k"].eq(chosen) if chosen is not None else False
    out["max_share"] = max_share
    out["rule"] = rule or choose_k_rule(
        max_share=max_share, min_stable_share=min_stable_share, min_stable=min_stable
    )
    return out


def _mark_choice(axes: list[Axes], t: pd.DataFrame, columns: list[str]) -> str | None:
    """Ring the eligible k on each panel, draw a line at the chosen k; its legend text."""
    if "eligible" not in t.columns:
        return None
    ok = t[t["eligible"].astype(bool)]
    for ax, col in zip(axes, columns, strict=True):
        style = {"ms": 11, "mfc": "none", "mec": "#333333", "mew": 1.2, "zorder": 3}
        ax.plot(ok["k"], ok[col], "o", label="passes the rule", **style)
    chosen = t[t["chosen"].astype(bool)] if "chosen" in t.columns else t.iloc[:0]
    if not len(chosen):
        return None
    k = int(chosen["k"].iloc[0])
    for ax in axes:
        ax.axvline(k, color="#333333", lw=1.5, alpha=0.6, zorder=1, label=f"chosen: k = {k}")
    rule = str(t["rule"].iloc[0]) if "rule" in t.columns else ""
    return f"Chosen: k = {k}, {rule}" if rule else f"Chosen: k = {k}"


def plot_k_selection(table: pd.DataFrame, ax: Axes | None = None) -> Figure:
    """Coherence and stability against k (:func:`k_selection_data` or select_k's table).

    Without ``ax``: two panels side by side, coherence (mean and least coherent topic)
    and stability (mean matched similarity and share of stable topics). With ``ax``:
    one panel, coherence on the left axis and stability on a twin right axis. With
    :func:`k_selection_data`'s columns, every k that passes the choice rule is ringed,
    a vertical line marks the chosen k and the title states the rule.

    Returns:
        The figure.
    """
    t = table.sort_values("k")
    k = t["k"].to_numpy()
    model = str(t["model"].iloc[0]).upper()
    runs, thr = int(t["runs"].iloc[0]), float(t["threshold"].iloc[0])
    fewer = t[t["runs"] != runs]
    refits = f"{runs} refits per k" + (
        f" up to k = {int(t.loc[t['runs'] == runs, 'k'].max())}, "
        f"{int(fewer['runs'].iloc[0])} from k = {int(fewer['k'].iloc[0])} on"
        if len(fewer)
        else ""
    )
    what = f"{model} on {int(t['units'].iloc[0]):,} units, {refits}"
    c_coh, c_stab, c_share = PALETTE[0], PALETTE[3], PALETTE[2]
    if ax is None:
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 5.2), sharex=True)
        a1.plot(k, t["coherence"], "o-", color=c_coh, label="mean over topics")
        a1.plot(k, t["coherence_min"], "o--", color=c_coh, alpha=0.5, label="least coherent topic")
        a1.axhline(0, color="#777777", lw=0.8)
        a1.set_xlabel("Number of topics (k)")
        a1.set_ylabel("Coherence (NPMI of top terms, -1 to 1)")
        a1.set_title("Coherence: do a topic's top terms occur together?", fontsize=10)
        a2.plot(k, t["stability"], "o-", color=c_stab, label="mean similarity of matched topics")
        a2.plot(k, t["stable_share"], "s--", color=c_share, label="share of topics that are stable")
        if "largest_share" in t.columns:
            a2.plot(
                k, t["largest_share"], "^:", color=PALETTE[4], label="largest topic's share of text"
            )
        if "max_share" in t.columns:
            limit = float(t["max_share"].iloc[0])
            a2.axhline(
                limit,
                color=PALETTE[4],
                lw=0.8,
                ls="--",
                label=f"one topic at most {limit:.0%}",
            )
        a2.axhline(thr, color="#777777", lw=0.8, ls=":")
        a2.set_ylim(0, 1.05)
        a2.set_xlabel("Number of topics (k)")
        a2.set_ylabel("Similarity or share (0 to 1)")
        a2.set_title("Stability: do the topics come back when refitted?", fontsize=10)
        choice = _mark_choice([a1, a2], t, ["coherence", "stable_share"])
        for a in (a1, a2):  # under the panels: the lines fill every corner
            a.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
        for a in (a1, a2):
            a.set_xticks(k)
            a.tick_params(axis="x", labelsize=8 if len(k) > 12 else 10)
            a.grid(axis="y", visible=True, alpha=0.3)
        title = (
            f"Choosing the number of topics: coherence and stability for k = {k.min()}–{k.max()}"
            f"\n({what}; dotted line: similarity {thr:g})"
        )
        if choice:
            title += "\n" + textwrap.fill(choice, width=110)
        fig.suptitle(title, fontsize=11, fontweight="bold", x=0.01, ha="left")
        return fig
    fig = ax.figure
    ax.plot(k, t["coherence"], "o-", color=c_coh, label="coherence (mean NPMI)")
    ax.set_xlabel("Number of topics (k)")
    ax.set_ylabel("Coherence (mean NPMI of top terms)", color=c_coh)
    ax.set_xticks(k)
    tw = ax.twinx()
    tw.plot(k, t["stability"], "s--", color=c_stab, label="stability (mean matched similarity)")
    tw.set_ylim(0, 1.05)
    tw.set_ylabel("Stability (mean similarity of matched topics)", color=c_stab)
    tw.spines["right"].set_visible(True)
    tw.grid(False)
    choice = _mark_choice([ax], t, ["coherence"])
    lines = ax.get_lines() + tw.get_lines()
    lines = [ln for ln in lines if not ln.get_label().startswith("_")]
    ax.legend(lines, [ln.get_label() for ln in lines], fontsize=8, loc="best")
    title = f"Coherence and stability by number of topics\n({what})"
    ax.set_title(title + ("\n" + textwrap.fill(choice, width=80) if choice else ""))
    return fig


# --------------------------------------------------------------------------- top terms


MAX_FIGURE_HEIGHT = MAX_HEIGHT  # inches


def terms_shown(k: int, *, n: int = 10) -> int:
    """How many terms per topic :func:`plot_topic_terms` can show for ``k`` topics.

    ``n`` (default 10) up to 12 topics; fewer beyond, so that the figure stays within
    ``MAX_FIGURE_HEIGHT`` (never fewer than 4).

    >>> terms_shown(5), terms_shown(20), terms_shown(30)
    (10, 7, 4)
    """
    nrows = math.ceil(k / _ncols(k))
    fit = int((MAX_FIGURE_HEIGHT - 0.6 - 1.1 * nrows) / (0.24 * nrows))
    return max(4, min(n, fit))


def _ncols(k: int) -> int:
    return min(4 if k <= 12 else 6, k)


def topic_terms_data(
    result: TopicModel,
    *,
    n: int = 10,
    lam: float = 0.6,
    stability: pd.DataFrame | None = None,
    min_share: float = 0.8,
) -> pd.DataFrame:
    """Per topic, its ``n`` top terms by relevance (:func:`topics.relevant_terms`).

    ``lam=1`` ranks by p(term | topic) alone; the default 0.6 (LDAvis) moves words that
    are frequent in every topic down. The bars always show p(term | topic).

    Args:
        stability: :func:`topics.stability` of ``result``: adds ``reappears``, ``runs``
            and ``stable`` (reappears in at least ``min_share`` of the runs), which the
            panel titles then show.

    Returns:
        ``topic, rank, term, display, p_term_topic, relevance, lift, topic_share, lam``
        (and the stability columns); the panels show ``display``, the term's usual
        surface form (``U.S.``, ``Russia``).
    """
    t = relevant_terms(result, lam=lam, n=n)
    t["topic_share"] = t["topic"].map(result.topic_share).to_numpy()
    t["lam"] = lam
    if stability is not None:
        st = stability.set_index("topic")
        t["reappears"] = t["topic"].map(st["reappears"]).astype("int64").to_numpy()
        t["runs"] = t["topic"].map(st["runs"]).astype("int64").to_numpy()
        t["stable"] = (t["reappears"] >= min_share * t["runs"] - 1e-9).to_numpy()
    return t


def plot_topic_terms(data: pd.DataFrame, *, ncols: int | None = None) -> Figure:
    """One small horizontal bar chart per topic: its top terms and p(term | topic).

    Args:
        data: :func:`topic_terms_data` (or :func:`topics.top_terms`, column ``weight``).
        ncols: panels per row (default: up to 4).

    Returns:
        The figure.
    """
    value = "p_term_topic" if "p_term_topic" in data.columns else "weight"
    shown = "display" if "display" in data.columns else "term"  # the usual surface form
    topics = sorted(data["topic"].unique())
    k = len(topics)
    n = int(data.groupby("topic").size().max())
    ncols = ncols or _ncols(k)
    nrows = math.ceil(k / ncols)
    height = min(MAX_FIGURE_HEIGHT, 0.24 * n * nrows + 1.1 * nrows + 0.6)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, height), squeeze=False)
    colours = topic_colours(max(topics))
    for i, ax in enumerate(axes.ravel()):
        if i >= k:
            ax.set_visible(False)
            continue
        t = topics[i]
        d = data[data["topic"] == t].sort_values("rank")
        y = np.arange(len(d))[::-1]
        ax.barh(y, d[value], color=colours[t - 1], height=0.7)
        ax.set_yticks(y, [shorten(x, 22) for x in d[shown]], fontsize=8)
        ax.set_ylim(-0.6, n - 0.4)
        ax.tick_params(axis="x", labelsize=7)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3))  # ticks that never overlap
        title = f"Topic {t}"
        if "topic_share" in d.columns:
            title += f" ({d['topic_share'].iloc[0]:.0%} of the text)"
        if "reappears" in d.columns:
            first = d.iloc[0]
            how = "stable" if bool(first["stable"]) else "UNSTABLE"
            title += f"\n{how}: in {int(first['reappears'])} of {int(first['runs'])} refits"
        unstable = "stable" in d.columns and not bool(d["stable"].iloc[0])
        ax.set_title(title, fontsize=9, color="#B22222" if unstable else "black")
        if i // ncols == nrows - 1 or i + ncols >= k:
            ax.set_xlabel("p(term | topic)", fontsize=8)
    lam = float(data["lam"].iloc[0]) if "lam" in data.columns else 1.0
    how = "by probability within the topic" if lam == 1 else f"by relevance, λ = {lam:g}"
    fig.suptitle(
        textwrap.fill(
            f"What the {k} topics are made of: top {n} terms of each ({how})",
            width=max(30, int(3.2 * ncols * 8)),  # about 8 bold 11-pt characters per inch
        ),
        fontsize=11,
        fontweight="bold",
        x=0.01,
        ha="left",
    )
    return fig
