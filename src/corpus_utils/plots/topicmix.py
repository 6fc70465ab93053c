"""Where the topics of a model occur (:mod:`corpus_utils.topics`): per unit, per group, per period.

The ``*_data`` functions build exactly the table a figure shows, the ``plot_*`` functions
draw it (the conventions of :mod:`corpus_utils.plots.topicplots`, which re-exports them):

- :func:`plot_unit_topics`: a heatmap of topic shares, units in article and date order
  (articles or a random sample of articles when there are too many units to show);
- :func:`plot_prevalence`: the topic mix per article or per metadata group;
- :func:`plot_prevalence_over_time`: each topic's share of the coverage per period.

>>> from corpus_utils import topics
>>> from corpus_utils.plots import topicmix
>>> tm = topics.fit_topics(corpus, k=4)
>>> ax = topicmix.plot_prevalence(topicmix.prevalence_data(tm))
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..topics import (
    TopicModel,
    document_topics,
    given_dates,
    topic_prevalence,
)
from . import PER_ARTICLE_LIMIT, article_label
from .figures import MAX_HEIGHT as MAX_FIGURE_HEIGHT
from .figures import shorten, topic_colours

MAX_HEATMAP_ROWS = 300


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
    ax.set_xticks(range(k), [shorten(x, 32) for x in names], rotation=30, ha="right", fontsize=8)
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
        ax.set_xticks(
            range(len(k_topics)), [shorten(x, 28) for x in names], rotation=30, ha="right"
        )
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
        ax.set_title(textwrap.fill(shorten(name, 60), width=32), fontsize=9, loc="left")
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
