"""Figures for topic models (:mod:`corpus_utils.topics`).

Like :mod:`corpus_utils.plots`, the ``*_data`` functions build exactly the table a
figure shows (save it beside the figure with :func:`corpus_utils.save_figure`), and the
``plot_*`` functions take that table and an optional ``ax`` and return the ``Axes`` or
``Figure``:

- :func:`plot_k_selection`: coherence and stability against the number of topics;
- :func:`plot_topic_terms`: one small bar chart of top terms per topic;
- :func:`plot_unit_topics`: a heatmap of topic shares, units in article and date order
  (articles or a random sample of articles when there are too many units to show);
- :func:`plot_prevalence`: the topic mix per article or per metadata group;
- :func:`plot_prevalence_over_time`: each topic's share of the coverage per period.

>>> from corpus_utils import topics
>>> from corpus_utils.plots import topicplots
>>> tm = topics.fit_topics(corpus, k=4)
>>> fig = topicplots.plot_topic_terms(topicplots.topic_terms_data(tm, lam=0.6))
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import matplotlib.colors as mcolors
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
    document_topics,
    eligible_k,
    given_dates,
    relevant_terms,
    topic_prevalence,
)
from . import PER_ARTICLE_LIMIT, article_label
from .figures import PALETTE

MAX_HEATMAP_ROWS = 300


def topic_colours(k: int) -> list[str]:
    """One colour per topic: the colour-blind-safe palette up to 8 topics, tab10 up to 10.

    Beyond 10, tab20's dark shades come first and its light ones after, so topics next to
    each other never get two shades of one hue (tab20 pairs them: dark blue, light blue).

    >>> topic_colours(12)[:3]
    ['#1f77b4', '#ff7f0e', '#2ca02c']
    """
    if k <= len(PALETTE):
        return PALETTE[:k]
    if k <= 10:
        return [mcolors.to_hex(plt.get_cmap("tab10")(i)) for i in range(k)]
    cmap = plt.get_cmap("tab20")
    order = [*range(0, 20, 2), *range(1, 20, 2)]
    return [mcolors.to_hex(cmap(order[i % 20])) for i in range(k)]


def _short(text: str, width: int) -> str:
    return textwrap.shorten(str(text), width=width, placeholder="…")


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


MAX_FIGURE_HEIGHT = 12.0  # inches


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
        ax.set_yticks(y, [_short(x, 22) for x in d[shown]], fontsize=8)
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


# --------------------------------------------------------------------------- heatmap


def _order_docs(frame: pd.DataFrame) -> pd.DataFrame:
    """Articles by publication date given by the data (undated last), then doc_id."""
    if "published_start" not in frame.columns:
        return frame.sort_values("doc_id", kind="stable")
    dates = frame["doc_id"].map(given_dates(frame)[0])
    order = frame.assign(_d=dates.to_numpy())
    order = order.sort_values(["_d", "doc_id"], na_position="last", kind="stable")
    return order.drop(columns="_d")


def unit_topics_data(
    result: TopicModel, *, max_rows: int = MAX_HEATMAP_ROWS, seed: int = 0
) -> pd.DataFrame:
    """The table :func:`plot_unit_topics` shows: one row per unit, article or sampled article.

    Rows are units in article order (articles by publication date, undated last) when
    there are at most ``max_rows`` modelled units; otherwise articles (each the
    word-weighted mean of its units, :func:`topics.document_topics`); and when there are
    more than ``max_rows`` articles, a random sample of ``max_rows`` of them (``seed``).
    The ``shown`` column says which, in words.

    Returns:
        ``row, doc_id, unit_id`` (NA for article rows), ``article`` (label),
        ``published_start``, ``topic_1 ... topic_k`` (shares), ``level``, ``shown``.
    """
    unit_kind = str(result.params.get("unit", "unit"))
    noun = {"paragraph": "paragraphs", "sentences": "sentence windows", "document": "articles"}
    unit_noun = noun.get(unit_kind, "units")
    docs = result.units.drop_duplicates("doc_id").set_index("doc_id")
    titles = docs["title"] if "title" in docs.columns else pd.Series(pd.NA, index=docs.index)
    dates = (  # dates inferred from the text only bound the date: not used to order
        given_dates(result.units)[0]
        if "published_start" in docs.columns
        else pd.Series(pd.NaT, index=docs.index)
    )
    k = result.k
    topic_cols = [f"topic_{t}" for t in range(1, k + 1)]
    n_units = len(result.unit_topics)
    if n_units <= max_rows and unit_kind != "document":
        mod = result.modelled
        df = pd.DataFrame(result.unit_topics.to_numpy(), columns=topic_cols)
        df.insert(0, "doc_id", mod["doc_id"].to_numpy())
        df.insert(1, "unit_id", mod["unit_id"].to_numpy())
        level = unit_kind
        shown = f"all {n_units:,} modelled {unit_noun}"
    else:
        doc = document_topics(result)
        df = pd.DataFrame(doc.to_numpy(), columns=topic_cols)
        df.insert(0, "doc_id", doc.index.to_numpy())
        df.insert(1, "unit_id", pd.array([pd.NA] * len(df), dtype="Int64"))
        level = "article"
        n_docs = len(df)
        avg = "" if unit_kind == "document" else f" (each the mean of its {unit_noun})"
        shown = f"all {n_docs:,} articles{avg}"
        if n_docs > max_rows:
            rng = np.random.default_rng(seed)
            keep = np.sort(rng.choice(n_docs, size=max_rows, replace=False))
            df = df.iloc[keep]
            shown = f"a random sample of {max_rows:,} of {n_docs:,} articles{avg}"
    df["published_start"] = df["doc_id"].map(dates).to_numpy()
    df["article"] = [
        article_label(d, titles.get(d), 40) + ("" if pd.isna(t) else f" ({t:%Y-%m-%d})")
        for d, t in zip(df["doc_id"], df["published_start"], strict=True)
    ]
    df["_pos"] = np.arange(len(df))
    df = df.sort_values(["published_start", "doc_id", "_pos"], na_position="last", kind="stable")
    df = df.drop(columns="_pos")
    df.insert(0, "row", np.arange(len(df)))
    df["level"] = level
    df["shown"] = shown
    cols = ["row", "doc_id", "unit_id", "article", "published_start", *topic_cols, "level", "shown"]
    return df[cols].reset_index(drop=True)


def _date_ticks(ax: Axes, data: pd.DataFrame, n: int = 6) -> None:
    """Too many rows to name: a few ticks with the publication date of their row."""
    dates = pd.to_datetime(data["published_start"])
    rows = np.flatnonzero(dates.notna().to_numpy())
    if len(rows) == 0:
        ax.set_yticks([])
        return
    picks = rows[np.unique(np.linspace(0, len(rows) - 1, n).round().astype(int))]
    ax.set_yticks(picks, [f"{dates.iloc[i]:%Y-%m-%d}" for i in picks], fontsize=8)


def plot_unit_topics(
    data: pd.DataFrame, ax: Axes | None = None, *, labels: Mapping[int, str] | None = None
) -> Axes:
    """Heatmap of topic shares: rows are units (or articles), columns topics.

    Units of one article sit together, separated by lines and labelled with the article;
    articles run by publication date. When rows are articles (or a sample of them), the
    title says so.

    Args:
        data: :func:`unit_topics_data`.
        labels: topic labels for the columns (e.g. ``result.labels()``).
    """
    topic_cols = [c for c in data.columns if c.startswith("topic_")]
    k = len(topic_cols)
    n = len(data)
    by_article = data["level"].iloc[0] == "article"
    dated = bool(pd.to_datetime(data["published_start"]).notna().any())
    own_figure = ax is None
    if ax is None:
        height = min(MAX_FIGURE_HEIGHT, max(3.5, 0.12 * n + 2.0))
        _, ax = plt.subplots(figsize=(min(16.0, max(6.0, 1.1 * k + 4.5)), height))
    m = data[topic_cols].to_numpy(dtype=float)
    im = ax.imshow(m, aspect="auto", cmap="Blues", vmin=0, vmax=1, interpolation="nearest")
    cbar = ax.figure.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label("Topic share of the row (0 to 1)")
    names = [
        (labels or {}).get(int(c.split("_")[1]), f"topic {c.split('_')[1]}") for c in topic_cols
    ]
    ax.set_xticks(range(k), [_short(x, 32) for x in names], rotation=30, ha="right", fontsize=8)
    ax.grid(False)
    docs = data["doc_id"].to_numpy()
    starts = [0] + [i for i in range(1, n) if docs[i] != docs[i - 1]]
    n_docs = len(starts)
    if not by_article:
        for s in starts[1:]:
            ax.axhline(s - 0.5, color="#333333", lw=0.8)
        if n_docs <= PER_ARTICLE_LIMIT:
            bounds = [*starts, n]
            mids = [(a + b - 1) / 2 for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
            ax.set_yticks(mids, [data["article"].iloc[s] for s in starts], fontsize=8)
        else:
            _date_ticks(ax, data)
        noun = {"paragraph": "paragraph", "sentences": "sentence window"}.get(
            str(data["level"].iloc[0]), "unit"
        )
        by_date = "by date" if dated else "in corpus order"
        ax.set_ylabel(f"{noun.capitalize()}s in text order, grouped by article ({by_date})")
        what = f"Which topics each {noun} carries, article by article"
    else:
        if n <= PER_ARTICLE_LIMIT:
            ax.set_yticks(range(n), data["article"], fontsize=8)
        else:
            _date_ticks(ax, data)
        ax.set_ylabel(
            "Articles, by publication date (undated last)"
            if dated
            else "Articles, in corpus order (no publication dates given by the data)"
        )
        what = "Topic mix of each article"
    ax.set_xlabel("Topic")
    title = f"{what} (rows: {data['shown'].iloc[0]})"
    if own_figure:  # over the whole figure: the axes are narrow beside long row labels
        width = int(ax.figure.get_size_inches()[0] * 8)  # about 8 bold 11-pt characters/inch
        ax.figure.suptitle(
            textwrap.fill(title, width=width), fontsize=11, fontweight="bold", x=0.01, ha="left"
        )
    else:
        ax.set_title(textwrap.fill(title, width=60), fontsize=11)
    return ax


# --------------------------------------------------------------------------- prevalence


def _pool_small_groups(result: TopicModel, prev: pd.DataFrame, by: str, top: int) -> pd.DataFrame:
    """The ``top`` largest groups, then one row group "(others: N)" pooling the rest."""
    sizes = prev.drop_duplicates(by).set_index(by)
    order = sizes["articles"].sort_values(ascending=False, kind="stable").index
    keep, rest = list(order[:top]), list(order[top:])
    if not rest:
        return prev
    doc = document_topics(result)
    groups = result.units.drop_duplicates("doc_id").set_index("doc_id")[by]
    groups = groups.astype("string").fillna("(unknown)").reindex(doc.index)
    mix = doc[groups.isin(rest).to_numpy()].mean()
    others = pd.DataFrame(
        {
            by: f"(others: {len(rest):,} groups)",
            "topic": mix.index.astype("int64"),
            "prevalence": mix.to_numpy(),
            "articles": int(sizes.loc[rest, "articles"].sum()),
            "units": int(sizes.loc[rest, "units"].sum()),
        }
    )
    kept = prev[prev[by].isin(keep)]
    kept = kept.assign(_o=kept[by].map({g: i for i, g in enumerate(keep)}))
    kept = kept.sort_values(["_o", "topic"], kind="stable").drop(columns="_o")
    return pd.concat([kept, others], ignore_index=True)


def _group_label(by: str, group: object, articles: int) -> str:
    """``Newsweek (4 articles)``; a number is named with its column: ``labels = 1 (418 articles)``.

    >>> _group_label("labels", "1", 418), _group_label("outlet", "AFP", 1)
    ('labels = 1 (418 articles)', 'AFP (1 article)')
    """
    name = str(group)
    try:
        float(name)  # a bare number says nothing without its column
        name = f"{by} = {name}"
    except ValueError:
        pass
    return f"{name} ({articles:,} article{'' if articles == 1 else 's'})"


def prevalence_data(
    result: TopicModel, *, by: str = "doc_id", top: int | None = None
) -> pd.DataFrame:
    """The table :func:`plot_prevalence` shows: :func:`topics.topic_prevalence` plus labels.

    Args:
        by: ``"doc_id"`` or a document metadata column.
        top: for a metadata column with more groups than this: the ``top`` groups with
            the most articles, largest first, then one row "(others: N groups)": the mean
            topic mix of the other groups' articles.

    Returns:
        ``<by>, label, topic, prevalence, articles, units``; groups in display order
        (articles by date; other groups by name, or by size when ``top`` is given).

    >>> from corpus_utils.topics import fit_topics
    >>> prev = prevalence_data(fit_topics(corpus, k=4), by="outlet", top=12)
    >>> prev["label"].unique().tolist()
    ['Daily Caller News Foundation (1 article)', 'Newsweek (4 articles)']
    """
    prev = topic_prevalence(result, by=by)
    if top is not None and by != "doc_id":
        prev = _pool_small_groups(result, prev, by, top)
        counts = prev.drop_duplicates(by).set_index(by)["articles"]
        lab = {g: _group_label(by, g, counts[g]) for g in counts.index}
        return prev.assign(label=prev[by].map(lab))[
            [by, "label", "topic", "prevalence", "articles", "units"]
        ].reset_index(drop=True)
    if by == "doc_id":
        docs = result.units.drop_duplicates("doc_id").set_index("doc_id")
        order = _order_docs(docs.reset_index())["doc_id"].tolist()
        titles = docs["title"] if "title" in docs.columns else pd.Series(pd.NA, index=docs.index)
        lab = {d: article_label(d, titles.get(d), 40) for d in prev["doc_id"].unique()}
    else:
        order = sorted(prev[by].unique(), key=str)
        counts = prev.drop_duplicates(by).set_index(by)["articles"]
        lab = {g: _group_label(by, g, counts[g]) for g in order}
    prev = prev.assign(label=prev[by].map(lab))
    rank = {g: i for i, g in enumerate(o for o in order if o in lab)}
    prev = prev.assign(_o=prev[by].map(rank)).sort_values(["_o", "topic"], kind="stable")
    cols = [by, "label", "topic", "prevalence", "articles", "units"]
    return prev.drop(columns="_o")[cols].reset_index(drop=True)


def plot_prevalence(
    data: pd.DataFrame, ax: Axes | None = None, *, labels: Mapping[int, str] | None = None
) -> Axes:
    """The topic mix per article or group: stacked bars (a heatmap when there are many).

    Args:
        data: :func:`prevalence_data`.
        labels: topic labels for the legend (e.g. ``result.labels()``).
    """
    by = data.columns[0]
    wide = data.pivot_table(index="label", columns="topic", values="prevalence", sort=False)
    groups = list(dict.fromkeys(data["label"]))
    wide = wide.loc[groups]
    k_topics = list(wide.columns)
    names = [(labels or {}).get(int(t), f"topic {t}") for t in k_topics]
    n = len(groups)
    noun = "article" if by == "doc_id" else by
    if ax is None:
        _, ax = plt.subplots(figsize=(9, min(MAX_FIGURE_HEIGHT, max(3.0, 0.4 * n + 1.8))))
    if n <= PER_ARTICLE_LIMIT:
        colours = topic_colours(int(max(k_topics)))
        left = np.zeros(n)
        y = np.arange(n)[::-1]
        for t, name in zip(k_topics, names, strict=True):
            vals = wide[t].to_numpy()
            ax.barh(y, vals, left=left, color=colours[int(t) - 1], height=0.7, label=name)
            for yi, v, lft in zip(y, vals, left, strict=True):
                if v >= 0.08:
                    ax.text(lft + v / 2, yi, f"{v:.0%}", ha="center", va="center", fontsize=7)
            left += vals
        ax.set_yticks(y, groups, fontsize=8)
        ax.set_ylabel("Article" if by == "doc_id" else by.replace("_", " ").capitalize())
        ax.set_xlim(0, 1)
        ax.set_xlabel(
            "Share of the article's words given to each topic"
            if by == "doc_id"
            else "Mean share of the articles' words given to each topic"
        )
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        ax.grid(axis="y", visible=False)
    else:
        im = ax.imshow(
            wide.to_numpy(), aspect="auto", cmap="Blues", vmin=0, interpolation="nearest"
        )
        ax.figure.colorbar(im, ax=ax, fraction=0.04, pad=0.02).set_label("Topic share")
        ax.set_xticks(range(len(k_topics)), [_short(x, 28) for x in names], rotation=30, ha="right")
        ax.set_yticks([] if n > 80 else range(n), [] if n > 80 else groups, fontsize=7)
        ax.set_xlabel("Topic")
        order = ", by the date the data gives (the rest after)" if by == "doc_id" else ""
        ax.set_ylabel(f"{noun.capitalize()}s ({n:,}){order}")
        ax.grid(False)
    ax.set_title(
        f"Topic mix per {noun}: which topics each {noun} is about"
        if by == "doc_id"
        else f"Topic mix by {by}: mean over the articles in each group"
    )
    return ax


# --------------------------------------------------------------------------- over time

MAX_TOPIC_PANELS = 12  # topics drawn one panel each; the rest are named, not drawn
MAX_TOPIC_LINES = MAX_TOPIC_PANELS  # the old name


def over_time_data(data: pd.DataFrame, *, top: int = MAX_TOPIC_PANELS) -> pd.DataFrame:
    """The table :func:`plot_prevalence_over_time` shows: the periods plus ``shown``.

    ``shown`` is True for the ``top`` topics with the largest mean share over the dated
    periods (each gets a panel; ties to the lower topic number) and False for the rest,
    which the figure names but does not draw.

    Args:
        data: :func:`topics.topic_prevalence_over_time`.
        top: topics drawn one panel each.

    >>> d = pd.DataFrame({"period": pd.to_datetime(["2020-01-01"] * 3), "freq": "M",
    ...                   "topic": [1, 2, 3], "prevalence": [0.2, 0.5, 0.3],
    ...                   "articles": 4, "units": 4})
    >>> over_time_data(d, top=2)["shown"].tolist()
    [False, True, True]
    """
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    dated = data[data["period"].notna()]
    mean = dated.groupby("topic", sort=True)["prevalence"].mean()
    order = mean.sort_values(ascending=False, kind="stable").index[:top]
    return data.assign(shown=data["topic"].isin(order).to_numpy())


def plot_prevalence_over_time(
    data: pd.DataFrame,
    *,
    labels: Mapping[int, str] | None = None,
    top: int = MAX_TOPIC_PANELS,
) -> Figure:
    """Each topic's share of the coverage per period, one small panel per topic.

    Small multiples (a panel per topic, a shared time axis and a shared share axis) for
    the ``top`` topics with the largest mean share over the periods (or the ``shown``
    column of :func:`over_time_data`); the topics left out are counted in the title, with
    the share of the coverage they hold together. A dotted line in each panel is the
    topic's mean share. The title says how many articles had no date given by the data
    (the table's NaT rows), which the chart cannot place. At most ``MAX_FIGURE_HEIGHT``
    tall.

    Args:
        data: :func:`over_time_data` or :func:`topics.topic_prevalence_over_time`.
        labels: topic labels for the panel titles (e.g. ``result.labels()``).
        top: topics drawn, when ``data`` has no ``shown`` column.

    Returns:
        The figure; its first axes are the panels, in topic order (topic 1, the largest
        share of the modelled text, first).
    """
    if "shown" not in data.columns:
        data = over_time_data(data, top=top)
    dated = data[data["period"].notna()]
    undated = data[data["period"].isna()].drop_duplicates("period")
    wide = dated.pivot_table(index="period", columns="topic", values="prevalence", sort=True)
    order = wide.mean().sort_values(ascending=False, kind="stable").index
    shown_topics = set(data.loc[data["shown"].astype(bool), "topic"])
    shown = sorted(t for t in order if t in shown_topics)  # by number: largest topic first
    rest = [t for t in order if t not in shown_topics]
    n = max(1, len(shown))  # 3 columns up to 6 panels, then 4 (3 rows at most for 12)
    ncols = n if n <= 3 else (3 if n <= 6 else 4)
    nrows = math.ceil(n / ncols)
    height = min(MAX_FIGURE_HEIGHT, 1.6 + 2.1 * nrows)
    width = max(8.0, 3.0 * ncols + 1.0)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(width, height), sharex=True, sharey=True, squeeze=False
    )
    colours = topic_colours(int(max(wide.columns)) if len(wide.columns) else 1)
    marker = "o" if len(wide) <= 40 else None
    freq = str(data["freq"].iloc[0]) if len(data) else ""
    unit = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}.get(freq, freq)
    flat = axes.ravel()
    for i, ax in enumerate(flat):
        if i >= len(shown):
            ax.set_visible(False)
            continue
        t = shown[i]
        name = (labels or {}).get(int(t), f"topic {t}")
        ax.plot(wide.index, wide[t], color=colours[int(t) - 1], marker=marker, ms=3, lw=1.2)
        ax.axhline(float(wide[t].mean()), color="#777777", lw=0.8, ls=":")
        ax.set_title(textwrap.fill(_short(name, 60), width=32), fontsize=9, loc="left")
        ax.grid(axis="y", visible=True, alpha=0.3)
        ax.tick_params(labelsize=8)
        if i % ncols == 0:
            ax.set_ylabel("Share of words", fontsize=8)
        if i + ncols >= len(shown):  # the lowest panel of its column
            ax.set_xlabel(f"Publication date (per {unit})", fontsize=8)
            ax.tick_params(axis="x", labelbottom=True, labelrotation=30)
    flat[0].set_ylim(bottom=0)
    n_undated = int(undated["articles"].sum()) if len(undated) else 0
    n_articles = int(dated.drop_duplicates("period")["articles"].sum())
    note = (
        f"; {n_undated:,} article{'' if n_undated == 1 else 's'} without a date given by the "
        "data not shown"
        if n_undated
        else ""
    )
    lines = [
        f"Which topics the coverage holds over time: each topic's mean share of the "
        f"articles' words per {unit} ({n_articles:,} dated articles{note})"
    ]
    if rest:
        held = float(wide[rest].sum(axis=1).mean())
        lines.append(
            f"The {len(shown)} topics with the largest mean share; the other {len(rest)} "
            f"(together {held:.0%} of the coverage on average) are not drawn"
        )
    lines.append("(dotted line: the topic's mean over the periods)")
    chars = int(8 * width)  # about 8 bold 11-pt characters per inch
    fig.suptitle(
        "\n".join(textwrap.fill(line, width=chars) for line in lines),
        fontsize=11,
        fontweight="bold",
        x=0.01,
        ha="left",
    )
    return fig
