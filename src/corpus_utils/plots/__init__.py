"""Plot helpers for the corpus overview. Each takes the data it plots and an optional ``ax``.

The ``*_data`` functions build exactly the table a figure shows, so the notebook can
save it beside the figure with :func:`corpus_utils.save_figure`. With many articles
(more than ``PER_ARTICLE_LIMIT``) the figures switch from one bar per article to
distributions and monthly counts.
"""

from __future__ import annotations

import re
import textwrap

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from ..corpus import Corpus
from .figures import PALETTE, figure_height

# boxplot's ``vert`` is deprecated from Matplotlib 3.11; ``orientation`` exists from 3.10
_HORIZONTAL = (
    {"orientation": "horizontal"}
    if tuple(int(x) for x in re.findall(r"\d+", mpl.__version__)[:2]) >= (3, 10)
    else {"vert": False}
)

PER_ARTICLE_LIMIT = 40
_NUMBERED_ID = re.compile(r"^\d+_[0-9a-f]{8,}$")
OTHER = "(other outlets)"
UNKNOWN = "(unknown)"


def _is_pooled(label: object) -> bool:
    return str(label).startswith("(other") or label == UNKNOWN


def _outlet_colours(outlets: pd.Series, top: int = 7) -> dict[str, str]:
    order = outlets.value_counts().index.tolist()
    named = [o for o in order if not _is_pooled(o)][:top]
    colours = {o: PALETTE[i % len(PALETTE)] for i, o in enumerate(named)}
    colours.update({o: "#999999" for o in order if str(o).startswith("(other")})
    colours[OTHER] = "#999999"
    colours[UNKNOWN] = "#BBBBBB"
    return colours


def _top_outlets(outlets: pd.Series, top: int = 7) -> pd.Series:
    """The ``top`` largest outlets by name; the rest as ``(others: N outlets)``."""
    outlets = outlets.fillna(UNKNOWN)
    counts = outlets[outlets.ne(UNKNOWN)].value_counts()
    keep = counts.index[:top]
    rest = len(counts) - len(keep)
    pooled = f"(others: {rest:,} outlet{'' if rest == 1 else 's'})"
    return outlets.where(outlets.isin(keep) | outlets.eq(UNKNOWN), pooled)


def article_label(doc_id: str, title: object, width: int = 48) -> str:
    """A short label for one article: its doc_id prefix and shortened headline."""
    # the seed corpus's ids are NNN_<hash>: the number is enough; other ids stay whole
    short_id = str(doc_id).split("_")[0] if _NUMBERED_ID.match(str(doc_id)) else str(doc_id)
    head = "(no headline)" if pd.isna(title) else str(title)
    return f"{short_id} · {textwrap.shorten(head, width=width, placeholder='…')}"


def article_lengths_data(corpus: Corpus) -> pd.DataFrame:
    """Per article: label, outlet, body words and words removed as boilerplate.

    Outlets beyond the largest are pooled as ``(others: N outlets)``: beyond 7 when
    there are few articles (one coloured bar each, a colour per outlet), beyond 12 when
    the figure is a box per outlet (named on the axis, no colour needed).
    """
    top = 7 if len(corpus.docs) <= PER_ARTICLE_LIMIT else 12
    ov = corpus.overview().reset_index()
    return pd.DataFrame(
        {
            "doc_id": ov["doc_id"],
            "label": [
                article_label(d, t) for d, t in zip(ov["doc_id"], corpus.docs["title"], strict=True)
            ],
            "outlet": _top_outlets(corpus.docs["outlet"], top=top).to_numpy(),
            "body_words": ov["words"],
            "removed_words": ov["removed_words"],
        }
    )


def plot_article_lengths(data: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Bars of words per article (and boilerplate removed), or a histogram when many."""
    if ax is None:
        n = len(data)
        _, ax = plt.subplots(
            figsize=(9, figure_height(n, 0.55, 1.6))
            if n <= PER_ARTICLE_LIMIT
            else (8, figure_height(data["outlet"].nunique(), 0.4, 1.6, minimum=4.5))
        )
    colours = _outlet_colours(data["outlet"])
    if len(data) <= PER_ARTICLE_LIMIT:
        d = data.iloc[::-1]  # first article at the top
        y = range(len(d))
        ax.barh(y, d["body_words"], color=[colours[o] for o in d["outlet"]], height=0.6)
        ax.barh(
            y,
            d["removed_words"],
            left=d["body_words"],
            color="white",
            edgecolor="#777777",
            hatch="///",
            height=0.6,
            label="removed as boilerplate",
        )
        for yi, (body, rem) in enumerate(zip(d["body_words"], d["removed_words"], strict=True)):
            note = f"{body:,}" + (f" (+{rem:,} removed)" if rem else "")
            ax.text(body + rem, yi, "  " + note, va="center", fontsize=9)
        ax.set_yticks(list(y), d["label"])
        ax.set_xlim(0, (d["body_words"] + d["removed_words"]).max() * 1.35)
        ax.set_xlabel("Words in the article body (word tokens, punctuation excluded)")
        ax.set_ylabel("")
        handles = [
            plt.Rectangle((0, 0), 1, 1, color=colours[o]) for o in dict.fromkeys(data["outlet"])
        ]
        handles.append(
            plt.Rectangle((0, 0), 1, 1, facecolor="white", edgecolor="#777777", hatch="///")
        )
        labels = [*dict.fromkeys(data["outlet"]), "removed as boilerplate"]
        ax.legend(handles, labels, loc="lower right", fontsize=9)
        lo, hi = data["body_words"].min(), data["body_words"].max()
        ax.set_title(f"Article length: the {len(data)} articles run from {lo:,} to {hi:,} words")
    else:
        order = data["outlet"].value_counts().index.tolist()[::-1]  # largest group on top
        groups = [data.loc[data["outlet"] == o, "body_words"] for o in order]
        box = ax.boxplot(
            groups,
            **_HORIZONTAL,
            patch_artist=True,
            widths=0.6,
            flierprops={"marker": ".", "markersize": 3, "alpha": 0.4},
            medianprops={"color": "black"},
        )
        for patch, outlet in zip(box["boxes"], order, strict=True):
            patch.set_facecolor("#AAAAAA" if _is_pooled(outlet) else PALETTE[0])
            patch.set_alpha(0.8)
        ax.set_yticks(
            range(1, len(order) + 1),
            [f"{o} (n={len(g):,})" for o, g in zip(order, groups, strict=True)],
        )
        ax.set_xlabel(
            "Words in the article body (word tokens, punctuation excluded)\n"
            "box: middle half of the articles; line: median; dots: outliers"
        )
        med = int(data["body_words"].median())
        ax.set_title(f"Article length: {len(data):,} articles, median {med:,} words")
    return ax


def timeline_data(corpus: Corpus) -> pd.DataFrame:
    """Per article: label, outlet, publication window (start, end) and its basis."""
    docs = corpus.docs
    return pd.DataFrame(
        {
            "doc_id": docs["doc_id"],
            "label": [
                article_label(d, t, 40) for d, t in zip(docs["doc_id"], docs["title"], strict=True)
            ],
            "outlet": _top_outlets(docs["outlet"]).to_numpy(),
            "published": docs["published"].fillna(UNKNOWN),
            "published_start": docs["published_start"],
            "published_end": docs["published_end"],
        }
    ).sort_values(["published_start", "doc_id"], na_position="last", kind="stable")


def plot_timeline(data: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Each article's publication window on a date axis, or monthly counts when many."""
    dated = data.dropna(subset=["published_start"])
    if ax is None:
        n = len(dated)
        _, ax = plt.subplots(
            figsize=(9, figure_height(n, 0.5, 1.8)) if n <= PER_ARTICLE_LIMIT else (9, 4.5)
        )
    colours = _outlet_colours(data["outlet"])
    if dated.empty:
        ax.text(
            0.5, 0.5, "No article has a known publication date", ha="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return ax
    if len(dated) <= PER_ARTICLE_LIMIT:
        d = dated.iloc[::-1]
        span = dated["published_start"].max() - dated["published_start"].min()
        open_len = max(span * 0.04, pd.Timedelta(days=30))
        mid = dated["published_start"].min() + span / 2
        for yi, row in enumerate(d.itertuples(index=False)):
            c = colours[row.outlet]
            end = row.published_end
            if pd.isna(end):  # open window: an arrow says "on or after"
                ax.annotate(
                    "",
                    xy=(row.published_start + open_len, yi),
                    xytext=(row.published_start, yi),
                    arrowprops={"arrowstyle": "->", "color": c, "lw": 1.5},
                )
            elif end > row.published_start:
                ax.plot([row.published_start, end], [yi, yi], color=c, lw=4, solid_capstyle="butt")
            ax.plot(row.published_start, yi, "o", color=c, ms=7)
            right_half = row.published_start > mid
            ax.annotate(
                row.published,
                (row.published_start, yi),
                xytext=(-6 if right_half else 6, 7),
                ha="right" if right_half else "left",
                textcoords="offset points",
                fontsize=8,
                color="#444444",
            )
        ax.set_yticks(range(len(d)), d["label"])
        pad = max(span * 0.08, pd.Timedelta(days=60))
        ax.set_xlim(dated["published_start"].min() - pad, dated["published_start"].max() + pad * 2)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_xlabel(
            "Publication date (dot: earliest possible day; bar: window; arrow: on or after)"
        )
        handles = [
            plt.Line2D([], [], color=colours[o], marker="o", lw=0)
            for o in dict.fromkeys(d["outlet"])
        ]
        ax.legend(handles, list(dict.fromkeys(d["outlet"])), loc="upper right", fontsize=9)
        first, last = dated["published_start"].min().year, dated["published_start"].max().year
        ax.set_title(f"When the articles were published: {len(dated)} articles, {first}–{last}")
        ax.grid(axis="y", visible=False)
    else:
        closed = dated["published_end"].notna()
        shown = dated[closed] if closed.any() else dated
        freq, unit = _period(shown["published_start"])
        period = shown["published_start"].dt.to_period(freq).dt.to_timestamp()
        counts = (
            shown.assign(period=period)
            .groupby(["period", "outlet"])
            .size()
            .unstack(fill_value=0)
            .sort_index()
        )
        bottom = None
        width = 25 if freq == "M" else 300
        for outlet in counts.sum().sort_values(ascending=False).index:
            ax.bar(
                counts.index,
                counts[outlet],
                width=width,
                bottom=bottom,
                color=colours[outlet],
                label=outlet,
                align="edge",
            )
            bottom = counts[outlet] if bottom is None else bottom + counts[outlet]
        ax.set_ylabel(f"Articles per {unit}")
        ax.legend(fontsize=9)
        if closed.any():
            ax.set_xlabel(f"{unit.title()} of publication (start of each article's window)")
            ax.set_title(
                f"When the articles were published: {len(shown):,} dated articles by {unit}"
            )
            dated = shown
        else:
            ax.set_xlabel(f"{unit.title()} of the latest date each article mentions")
            ax.set_title(
                f"No publication dates given: the latest date each article mentions, by {unit}\n"
                "(a lower bound on publication, unless the article looks ahead to that date)"
            )
    missing = len(data) - len(dated)
    if missing:
        ax.text(
            1,
            -0.18,
            f"{missing:,} article(s) without a known date are not shown",
            transform=ax.transAxes,
            ha="right",
            fontsize=8,
            color="#444444",
        )
    return ax


def _period(dates: pd.Series) -> tuple[str, str]:
    """Months for a corpus spanning up to six years, years beyond that."""
    span = dates.max() - dates.min()
    return ("M", "month") if span <= pd.Timedelta(days=6 * 366) else ("Y", "year")


def timeline_counts_data(data: pd.DataFrame) -> pd.DataFrame:
    """The counts the large-corpus timeline shows: ``period, outlet, articles, basis``."""
    dated = data.dropna(subset=["published_start"])
    closed = dated["published_end"].notna()
    shown = dated[closed] if closed.any() else dated
    freq, _unit = _period(shown["published_start"])
    period = shown["published_start"].dt.to_period(freq).astype(str)
    out = (
        shown.assign(period=period)
        .groupby(["period", "outlet"])
        .size()
        .rename("articles")
        .reset_index()
    )
    out["basis"] = (
        "publication window start" if closed.any() else "latest date mentioned (lower bound)"
    )
    return out


PLAIN_GROUPS = ("outlet", "folder", "section")
"""Columns whose name reads as a noun for one group ("each outlet", "per folder")."""


def group_label(by: str, *, many: bool = False) -> str:
    """How a title names one group of ``by`` (or several), for any column name.

    ``doc_id`` is an article; ``outlet``, ``folder`` and ``section`` read as they are;
    any other column (``labels``, ``bias``) as "value of ...", so a plural name reads.

    >>> group_label("outlet"), group_label("labels"), group_label("doc_id", many=True)
    ('outlet', 'value of labels', 'articles')
    >>> group_label("folder", many=True), group_label("bias", many=True)
    ('folders', 'values of bias')
    """
    if by == "doc_id":
        return "articles" if many else "article"
    if by in PLAIN_GROUPS:
        return by + "s" if many else by
    return f"{'values' if many else 'value'} of {by}"


def removed_share_data(summary: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """The removal figure's rows: one per group, the ``top`` largest plus ``(others: N)``.

    ``summary`` is :func:`corpus_utils.report.removal_summary`; groups are kept in its
    order (largest first, articles without a group last), the rest pooled into one row
    whose share is computed from the pooled characters. Columns: ``group, articles,
    spans, chars_before, chars_removed, share``.
    """
    cols = ["group", "articles", "spans", "chars_before", "chars_removed", "share"]
    groups = summary.drop_duplicates("group")[cols].reset_index(drop=True)
    if len(groups) <= top + 1:  # pooling one group would hide its name for nothing
        return groups
    shown, rest = groups.iloc[:top], groups.iloc[top:]
    pooled = rest[["articles", "spans", "chars_before", "chars_removed"]].sum()
    before = int(pooled["chars_before"])
    other = {
        "group": f"(others: {len(rest):,})",
        **{k: int(v) for k, v in pooled.items()},
        "share": pooled["chars_removed"] / before if before else 0.0,
    }
    return pd.concat([shown, pd.DataFrame([other])], ignore_index=True)


def _named_group(group: str, by: str) -> str:
    """A bare number is named with its column ("labels = 1"); other groups as they are.

    >>> _named_group("1", "labels"), _named_group("0.5", "bias"), _named_group("BBC", "outlet")
    ('labels = 1', 'bias = 0.5', 'BBC')
    """
    return f"{by} = {group}" if group.replace(".", "", 1).isdigit() else group


def plot_removed_share(data: pd.DataFrame, ax: Axes | None = None, *, by: str = "outlet") -> Axes:
    """Horizontal bars: the share of each group's characters removed by cleaning.

    Each bar is labelled with the characters removed, the spans and the articles behind
    it; the height is bounded by the rows of ``data`` (see :func:`removed_share_data`).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(9, figure_height(len(data), 0.42, 1.6, minimum=2.6)))
    d = data.iloc[::-1]
    y = range(len(d))
    pooled = d["group"].str.startswith(("(others:", "(no "))
    colours = ["#999999" if p else PALETTE[0] for p in pooled]
    ax.barh(y, d["share"] * 100, color=colours, height=0.6)
    for yi, row in enumerate(d.itertuples(index=False)):
        note = (
            f"  {row.chars_removed:,} of {row.chars_before:,} chars · "
            f"{row.spans:,} span{'' if row.spans == 1 else 's'} · "
            f"{row.articles:,} article{'' if row.articles == 1 else 's'}"
        )
        ax.text(row.share * 100, yi, note, va="center", fontsize=8, color="#333333")
    ticks = [textwrap.shorten(_named_group(str(g), by), 34, placeholder="…") for g in d["group"]]
    ax.set_yticks(list(y), ticks)
    top = float(data["share"].max() * 100) if len(data) else 0.0
    ax.set_xlim(0, max(top * 1.9, 1.0))
    ax.set_xlabel("Share of the characters removed as boilerplate (%; labels: counts)")
    ax.grid(axis="y", visible=False)
    if len(data) and top > 0:
        worst = data.loc[data["share"].idxmax()]
        share = float(worst["share"])
        shown = f"{share:.0%}" if share >= 0.01 else f"{share * 100:.2g}%"
        group = str(worst["group"])
        where = f"in {group}" if group.startswith("(") else f"({_named_group(group, by)})"
        title = (
            f"What cleaning removed per {group_label(by)}: up to {shown} of the characters {where}"
        )
    else:
        title = f"What cleaning removed per {group_label(by)}: nothing"
    ax.set_title("\n".join(textwrap.wrap(title, 58)))
    return ax
