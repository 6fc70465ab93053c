"""Figures for term frequency, tf-idf, keyness, collocates and dispersion.

Each helper takes the table a :mod:`~corpus_utils.stats.frequency`,
:mod:`~corpus_utils.stats.keyness` or :mod:`~corpus_utils.stats.collocations` function
returned, plus an optional ``ax``, and returns the ``Axes`` (:func:`plot_tfidf_panels`
returns the ``Figure``). Titles say what
is shown, axes carry units, and document frequencies ("in 2/5 articles") sit beside
counts so a term one article repeats is not read as a corpus-wide theme.

With thousands of articles the per-article figures show a bounded number of rows or
panels (``max_articles``, ``max_panels``) and say so on the figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..report import INFERRED_DATE_PREFIXES, is_inferred
from . import article_label
from .figures import PALETTE, figure_height

OVERUSE = PALETTE[0]
UNDERUSE = PALETTE[3]
ONE_ARTICLE = "#AAAAAA"
MARKERS = ["|", "o", "s", "^", "D", "v", "x", "P"]
_DISPERSION_COLUMNS = {
    "doc_rank",
    "doc_id",
    "term",
    "position",
    "rel_pos",
    "n_words",
    "token_id",
    "start",
    "end",
}


def _nothing_to_show(ax: Axes, message: str) -> Axes:
    """An empty chart: ``message`` in its middle, no axes (a corpus too small for it)."""
    ax.text(0.5, 0.5, message, ha="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


def _new_ax(height: float, width: float = 8.0) -> Axes:
    _, ax = plt.subplots(figsize=(width, height))
    return ax


def _single_group(table: pd.DataFrame) -> pd.DataFrame:
    extra = list(table.columns[: list(table.columns).index("term")])
    for col in extra:
        if table[col].nunique(dropna=False) > 1:
            raise ValueError(
                f"the table has several {col!r} groups; plot one at a time, e.g. "
                f"table[table[{col!r}] == value]"
            )
    return table


def _shown(table: pd.DataFrame, column: str = "term") -> pd.Series:
    """The labels to draw: the ``display`` column when the table has one, else ``column``."""
    return table["display" if "display" in table.columns else column].astype(str)


def _note(ax: Axes, text: str) -> None:
    ax.annotate(
        text,
        xy=(1, 0),
        xycoords="axes fraction",
        xytext=(0, -32),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=8,
        color="#444444",
    )


def plot_top_terms(
    freq: pd.DataFrame, *, k: int = 20, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Bars of the ``k`` most frequent terms, each labelled "in d/n articles".

    Args:
        freq: :func:`~corpus_utils.stats.frequency.term_frequencies` for one group (or the
            whole corpus).
        k: how many terms.
        ax: where to draw; a new figure by default.
        title: replaces the default title.

    Terms used in a single article are drawn in grey: their count is one article's
    repetition.
    """
    freq = _single_group(freq)
    top = freq.sort_values(["count", "term"], ascending=[False, True], kind="stable").head(k)
    ax = ax if ax is not None else _new_ax(figure_height(len(top), 0.32, 1.5))
    if top.empty:
        return _nothing_to_show(ax, "No terms to show")
    d = top.iloc[::-1]
    y = np.arange(len(d))
    colours = [ONE_ARTICLE if df == 1 else OVERUSE for df in d["doc_freq"]]
    ax.barh(y, d["count"], color=colours, height=0.7)
    for yi, (count, df, n) in enumerate(zip(d["count"], d["doc_freq"], d["n_docs"], strict=True)):
        ax.text(count, yi, f"  {count:,} · in {df:,}/{n:,} articles", va="center", fontsize=8)
    ax.set_yticks(y, _shown(d))
    ax.set_xlim(0, d["count"].max() * 1.45)
    ax.set_xlabel("Occurrences (count); label: articles that use the term")
    ax.set_ylabel("")
    if (top["doc_freq"] == 1).any():
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in (OVERUSE, ONE_ARTICLE)]
        ax.legend(
            handles, ["in several articles", "in one article only"], loc="lower right", fontsize=8
        )
    n_docs, n_words = int(top["n_docs"].iloc[0]), int(top["n_words"].iloc[0])
    ax.set_title(
        title or f"The {len(top)} most frequent terms in {n_docs:,} article(s) ({n_words:,} words)"
    )
    return ax


def plot_zipf(zipf: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Rank against count on log-log axes, with Zipf's ideal ``count = C / rank``.

    Args:
        zipf: :func:`~corpus_utils.stats.frequency.zipf_table`.
    """
    ax = ax if ax is not None else _new_ax(4.5, 7.5)
    if zipf.empty:
        return _nothing_to_show(ax, "No terms to show")
    ax.loglog(zipf["rank"], zipf["count"], ".", ms=3, color=OVERUSE, label="terms")
    c = float(zipf["count"].iloc[0])
    ranks = np.array([1, zipf["rank"].max()], dtype=float)
    ax.loglog(ranks, c / ranks, "--", color="#777777", lw=1, label="Zipf's law: count ∝ 1/rank")
    ax.set_xlabel("Rank of the term (1 = most frequent; log scale)")
    ax.set_ylabel("Occurrences (log scale)")
    ax.grid(True, which="major", axis="both", alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(
        title or f"Zipf plot: {len(zipf):,} distinct terms, {int(zipf['count'].sum()):,} tokens"
    )
    return ax


def plot_tfidf_panels(
    scores: pd.DataFrame,
    *,
    k: int = 10,
    groups: Sequence[object] | None = None,
    labels: Mapping[object, str] | None = None,
    max_panels: int = 12,
    ncols: int = 3,
    title: str | None = None,
    xlabel: str = "tf-idf (unit-length per group)",
) -> Figure:
    """Small multiples: one panel per group (article) with its ``k`` highest tf-idf terms.

    Args:
        scores: :func:`~corpus_utils.stats.frequency.tfidf` or
            :func:`~corpus_utils.stats.frequency.top_tfidf` (group column first).
        k: terms per panel.
        groups: which groups to show, in order (default: table order).
        labels: panel titles by group value (e.g. ``{doc_id: headline}``).
        max_panels: at most this many panels; the figure says how many were left out.
        ncols: panels per row.
        title: replaces the default overall title.
        xlabel: each panel's x axis label (say what the score is, e.g. a mean over
            a group's articles).
    """
    group = scores.columns[0]
    if group == "term":
        raise ValueError("pass the table returned by tfidf() or top_tfidf() (group column first)")
    present = list(dict.fromkeys(scores[group].tolist()))
    chosen = list(groups) if groups is not None else present
    shown = chosen[:max_panels]
    n = max(len(shown), 1)
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(4.2 * ncols, figure_height(nrows, 0.28 * k + 1.4, 0.8)),
        squeeze=False,
    )
    flat = axes.ravel()
    for ax, value in zip(flat, shown, strict=False):
        part = scores[scores[group] == value]
        part = part.sort_values(["tfidf", "term"], ascending=[False, True], kind="stable").head(k)
        d = part.iloc[::-1]
        ax.barh(np.arange(len(d)), d["tfidf"], color=OVERUSE, height=0.7)
        ax.set_yticks(np.arange(len(d)), _shown(d), fontsize=8)
        name = labels.get(value, str(value)) if labels is not None else str(value)
        ax.set_title(textwrap.shorten(name, width=45, placeholder="…"), fontsize=9)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
    for ax in flat[len(shown) :]:
        ax.set_axis_off()
    per = "article" if group == "doc_id" else f"value of {group}"
    heading = title or f"Most distinctive terms by tf-idf: top {k} per {per}"
    if len(chosen) > len(shown):
        many = "articles" if group == "doc_id" else f"values of {group}"
        heading += f"\n(first {len(shown)} of {len(chosen):,} {many} shown)"
    fig.suptitle(heading, fontweight="bold", x=0.01, ha="left")
    return fig


def plot_keyness(
    table: pd.DataFrame,
    *,
    k: int = 15,
    score: Literal["log_ratio", "g2"] = "log_ratio",
    target_label: str = "target",
    reference_label: str = "reference",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Diverging bars: the ``k`` strongest overused and underused terms.

    Terms are chosen by G2 (the evidence) and drawn by ``score``: the log ratio (effect
    size, default) or G2 with the sign of the direction. Each bar is labelled with the
    counts behind it (target vs reference); faded bars are not significant at p < 0.05.

    Args:
        table: :func:`~corpus_utils.stats.keyness.keyness` or its wrappers.
        k: terms per side.
        score: ``"log_ratio"`` or ``"g2"``.
        target_label, reference_label: names for the two sides (used in the title).
    """
    if score not in ("log_ratio", "g2"):
        raise ValueError("score must be 'log_ratio' or 'g2'")
    over = table[table["direction"] == "overuse"].nlargest(k, "g2", keep="first")
    under = table[table["direction"] == "underuse"].nlargest(k, "g2", keep="first")
    shown = pd.concat([under, over], ignore_index=True)
    if score == "log_ratio":
        shown["bar_value"] = shown["log_ratio"].astype(float)
    else:
        shown["bar_value"] = np.where(shown["direction"] == "underuse", -shown["g2"], shown["g2"])
    # underused at the bottom (most negative lowest), overused above (strongest on top)
    shown["bar_side"] = (shown["direction"] == "overuse").astype(int)
    shown = shown.sort_values(["bar_side", "bar_value"], kind="stable").reset_index(drop=True)
    ax = ax if ax is not None else _new_ax(figure_height(len(shown), 0.3, 1.8))
    if shown.empty:
        _nothing_to_show(ax, "No terms to show")
        ax.set_title(title or f"Key terms: {target_label} compared with {reference_label}")
        return ax
    y = np.arange(len(shown))
    colours = [OVERUSE if d == "overuse" else UNDERUSE for d in shown["direction"]]
    alphas = np.where(shown["p_value"] < 0.05, 1.0, 0.35) if "p_value" in shown else np.ones(len(y))
    for yi, v, c, a in zip(y, shown["bar_value"], colours, alphas, strict=True):
        ax.barh(yi, v, color=c, alpha=a, height=0.7)
    span = float(np.abs(shown["bar_value"]).max()) or 1.0
    for yi, row in zip(y, shown.itertuples(index=False), strict=True):
        ref = row.reference_count
        ref_txt = f"{ref:,.0f}" if float(ref) >= 1 or float(ref) == 0 else f"{ref:.2g}"
        label = f" {row.target_count:,} vs {ref_txt} "
        ax.text(
            row.bar_value,
            yi,
            label,
            va="center",
            ha="left" if row.bar_value >= 0 else "right",
            fontsize=7,
            color="#333333",
        )
    ax.set_yticks(y, shown["display" if "display" in shown else "term"].astype(str))
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-span * 1.5 if len(under) else -span * 0.1, span * 1.5)
    if score == "log_ratio":
        ax.set_xlabel(
            f"Log ratio: log2(rate in {target_label} / rate in {reference_label}); "
            "+1 = twice as frequent\nlabels: count in target vs count in reference; "
            "faded: not significant (p ≥ 0.05)"
        )
    else:
        ax.set_xlabel(
            "Log-likelihood G2, signed (+ overused, − underused in the target)\n"
            "labels: count in target vs count in reference; faded: p ≥ 0.05"
        )
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in (OVERUSE, UNDERUSE)]
    ax.legend(
        handles,
        [f"more frequent in {target_label}", f"less frequent in {target_label}"],
        loc="lower right",
        fontsize=8,
    )
    ax.set_title(title or f"Key terms: {target_label} compared with {reference_label}")
    return ax


def plot_collocates(
    table: pd.DataFrame,
    *,
    k: int = 15,
    measure: str | None = None,
    node: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Bars of the ``k`` best-scoring collocates (or collocations), labelled with counts.

    Args:
        table: :func:`~corpus_utils.stats.collocations.collocates` (one node's collocates) or
            :func:`~corpus_utils.stats.collocations.collocations` (word pairs).
        k: how many bars.
        measure: the score column to draw (default ``likelihood_ratio``).
        node: the node term, for the title.
    """
    measure = measure or "likelihood_ratio"
    if measure not in table.columns:
        raise ValueError(f"no {measure!r} column; columns: {', '.join(table.columns)}")
    top = table.sort_values([measure, "count"], ascending=[False, False], kind="stable").head(k)
    ax = ax if ax is not None else _new_ax(figure_height(len(top), 0.3, 1.5))
    if top.empty:
        return _nothing_to_show(ax, "No collocates to show")
    d = top.iloc[::-1]
    labels = (
        _shown(d, "collocate")
        if "collocate" in d.columns
        else d["w1"].astype(str) + " " + d["w2"].astype(str)
    )
    y = np.arange(len(d))
    colours = [ONE_ARTICLE if df == 1 else OVERUSE for df in d["doc_freq"]]
    ax.barh(y, d[measure], color=colours, height=0.7)
    for yi, (v, c, df) in enumerate(zip(d[measure], d["count"], d["doc_freq"], strict=True)):
        ax.text(max(v, 0), yi, f"  {c:,}× · in {df:,} article(s)", va="center", fontsize=8)
    ax.set_yticks(y, labels)
    lo = min(0.0, float(d[measure].min()))
    ax.set_xlim(lo, float(d[measure].max()) * 1.45 if d[measure].max() > 0 else 1)
    names = {"likelihood_ratio": "log-likelihood (G2)", "pmi": "PMI (bits)"}
    ax.set_xlabel(f"Association: {names.get(measure, measure)}; label: co-occurrences, articles")
    if (d["doc_freq"] == 1).any():
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in (OVERUSE, ONE_ARTICLE)]
        ax.legend(
            handles, ["in several articles", "in one article only"], loc="lower right", fontsize=8
        )
    what = f"Words near “{node}”" if node else "Word pairs that go together"
    ax.set_title(title or f"{what}: top {len(top)} by {names.get(measure, measure)}")
    return ax


def _dispersion_rows(
    data: pd.DataFrame, articles: pd.DataFrame | None, order_col: str | None
) -> tuple[pd.DataFrame, str]:
    """The articles of a dispersion plot in row order, and how they are ordered.

    ``shown_date`` holds each row's given date (NaT for none or one read from the text).
    """
    if articles is None:
        rows = data.drop_duplicates("doc_id").sort_values("doc_rank", kind="stable")
        rows = rows.assign(shown_date=rows[order_col] if order_col else pd.NaT)
        how = f"by {order_col} (earliest first)" if order_col else "in corpus order"
        return rows.reset_index(drop=True), how
    rows = articles.copy()
    when = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns]")
    if order_col and order_col in rows.columns:
        when = pd.to_datetime(rows[order_col], errors="coerce")
        if "published_basis" in rows.columns:
            when = when.mask(is_inferred(rows["published_basis"], INFERRED_DATE_PREFIXES))
    rows = rows.assign(shown_date=when)
    if when.isna().all():
        return rows.reset_index(drop=True), "in corpus order (no publication dates given)"
    rows = rows.sort_values(["shown_date", "doc_id"], na_position="last", kind="stable")
    undated = int(when.isna().sum())
    how = "by publication date (earliest first"
    how += f"; {undated:,} without a given date last)" if undated else ")"
    return rows.reset_index(drop=True), how


def plot_dispersion(
    data: pd.DataFrame,
    *,
    terms: Sequence[str] | None = None,
    articles: pd.DataFrame | None = None,
    max_articles: int = 40,
    keep: Literal["first", "last", "most"] = "first",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Lexical dispersion by article: one row per article, x = place in the article.

    Like NLTK's ``dispersion_plot``, but each row is an article (first at the top) and
    x runs from the first word (0) to the last (1), so articles of different lengths
    line up. Rows are in date order only when the data gives dates: a date read from the
    text (``published_basis`` "inferred: ...", a lower bound) orders nothing, and a
    corpus without given dates keeps its own order; the y axis says which.

    Args:
        data: :func:`~corpus_utils.stats.frequency.dispersion`.
        terms: the terms to draw, in legend order (default: as they first occur in
            ``data``); a term without occurrences still gets a legend entry.
        articles: the articles to show as rows, e.g. ``corpus.docs`` (so articles where
            no term occurs get an empty row); with a ``title`` column the rows carry
            headlines. Ordered by ``data``'s ``order_by`` column (then ``doc_id``)
            where it holds a given date (see above), else as given. Default: only the
            articles in ``data``, by ``doc_rank``.
        max_articles: at most this many rows; the figure says how many were left out.
        keep: show the ``"first"`` (earliest) or ``"last"`` (latest) articles, or the
            ``"most"`` mentioning ones (most mentions of the terms drawn; ties in row
            order), kept in row order: with thousands of articles the first 40 of one
            section say little, the 40 that name the actors most say where they appear.
    """
    order_cols = [c for c in data.columns if c not in _DISPERSION_COLUMNS]
    order_col = order_cols[0] if order_cols else None
    rows, by = _dispersion_rows(data, articles, order_col)
    total = len(rows)
    if keep == "most":
        drawn = data if terms is None else data[data["term"].isin(list(terms))]
        hits = rows["doc_id"].map(drawn["doc_id"].value_counts()).fillna(0).to_numpy()
        best = np.argsort(-hits, kind="stable")[:max_articles]
        rows = rows.iloc[np.sort(best)]
    elif keep == "first":
        rows = rows.head(max_articles)
    else:
        rows = rows.tail(max_articles)
    rows = rows.reset_index(drop=True)
    ax = ax if ax is not None else _new_ax(figure_height(len(rows), 0.3, 1.8), 9.0)
    if rows.empty:
        return _nothing_to_show(ax, "No article to show")
    y_of = {d: i for i, d in enumerate(rows["doc_id"])}
    terms = list(terms) if terms is not None else list(dict.fromkeys(data["term"].tolist()))
    offsets = np.linspace(-0.25, 0.25, len(terms)) if len(terms) > 1 else np.zeros(1)
    for i, term in enumerate(terms):
        part = data[(data["term"] == term) & data["doc_id"].isin(y_of)]
        ys = part["doc_id"].map(y_of).to_numpy(dtype=float) + offsets[i]
        ax.plot(
            part["rel_pos"],
            ys,
            MARKERS[i % len(MARKERS)],
            color=PALETTE[i % len(PALETTE)],
            ms=9 if MARKERS[i % len(MARKERS)] == "|" else 4,
            mew=1.5,
            ls="none",
            label=f"{term} ({len(part):,})",
        )
    labels = []
    short = rows["doc_id"].astype(str).str.split("_").str[0]
    unique_prefix = short.is_unique  # "000_16ead6…" -> "000"; otherwise the whole doc_id
    for row in rows.itertuples(index=False):
        title_ = getattr(row, "title", None)
        if title_ is not None and unique_prefix:
            label = article_label(row.doc_id, title_, 36)
        elif title_ is not None and not pd.isna(title_):
            label = f"{row.doc_id} · {textwrap.shorten(str(title_), 36, placeholder='…')}"
        else:
            label = str(row.doc_id)
        when = getattr(row, "shown_date", None)
        if isinstance(when, pd.Timestamp) and not pd.isna(when):
            label += f" ({when:%Y-%m-%d})"
        labels.append(label)
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first article at the top
    ax.set_xlim(-0.02, 1.02)
    ax.set_xlabel("Place in the article (0 = first word, 1 = last word)")
    height = ax.figure.get_size_inches()[1] * ax.get_position().height  # inches of axis
    ax.set_ylabel(textwrap.fill(f"Article, {by}", max(20, int(height * 9))), fontsize=9)
    ax.grid(axis="y", visible=False)
    ax.legend(
        title="term (occurrences shown)",
        fontsize=8,
        title_fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    short = by.split(" (")[0]  # the axis label has the details
    ax.set_title(title or f"Where the terms occur: {len(rows):,} article(s), {short}", wrap=True)
    if len(rows) < total and keep == "most":
        _note(ax, f"showing the {len(rows):,} of {total:,} articles that mention these most; {by}")
    elif len(rows) < total:
        which = "first" if keep == "first" else "last"
        _note(ax, f"showing the {which} {len(rows):,} of {total:,} articles ({by})")
    return ax
