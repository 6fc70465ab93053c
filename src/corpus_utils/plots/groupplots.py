"""Figures for many-group comparison: which words set each group apart from all the others.

Both figures read the table of :func:`corpus_utils.stats.compare.log_odds_by_group`. Each
``*_data`` function builds exactly the table a figure shows (save it beside the figure
with :func:`corpus_utils.save_figure`); each ``plot_*`` function takes that table and
returns the ``Figure`` or ``Axes``. They stay readable at any number of groups: the
``max_groups`` largest groups are shown and the rest are named on the figure as
"(others: N ...)"; groups with fewer articles than the package rule
(:data:`corpus_utils.report.MIN_GROUP_DOCS`) are shown as too small, without words;
figures are never taller than :data:`MAX_HEIGHT` inches.

>>> from corpus_utils.stats.compare import log_odds_by_group
>>> table = log_odds_by_group(corpus, by="outlet")
>>> fig = plot_group_terms(group_terms_data(table))
>>> ax = plot_group_heatmap(group_heatmap_data(table))
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure

from ..stats.compare import group_sizes_of
from . import group_label
from .figures import MAX_HEIGHT, PALETTE

MAX_GROUPS = 12
"""Groups drawn at most; the others are named on the figure."""

Z_CLEAR = 1.96
"""``|z|`` above this reads "clearly more (less) used than in the rest"."""

_COLUMNS = [
    "group",
    "rank",
    "term",
    "display",
    "count_in_group",
    "count_rest",
    "docs_in_group",
    "log_odds_weighted",
    "n_docs_in_group",
    "too_small",
]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else _many(word)}"


def _many(word: str) -> str:
    """``outlet`` -> ``outlets``; ``labels`` and ``news`` stay as they are."""
    return word if word.endswith("s") else word + "s"


def _shown_groups(result: pd.DataFrame, max_groups: int) -> tuple[pd.DataFrame, dict]:
    """The ``max_groups`` largest groups, and the figure facts (others, missing, by)."""
    if max_groups < 1:
        raise ValueError("max_groups must be 1 or more")
    sizes = group_sizes_of(result)
    shown, rest = sizes.head(max_groups), sizes.iloc[max_groups:]
    facts = {
        "by": result.attrs.get("by") or "group",
        "n_missing_docs": int(result.attrs.get("n_missing_docs", 0)),
        "min_docs": int(result.attrs.get("min_docs", 0)),
        "groups": shown.to_dict("records"),
        "other_groups": len(rest),
        "other_docs": int(rest["n_docs"].sum()),
    }
    return shown, facts


def group_terms_data(
    result: pd.DataFrame, *, k: int = 8, max_groups: int = MAX_GROUPS
) -> pd.DataFrame:
    """The ``k`` words most characteristic of each of the ``max_groups`` largest groups.

    Words with a positive z-score only (more used in the group than in the rest), best
    first, ``rank`` 1 to ``k``; groups flagged ``too_small`` get no words. ``attrs``
    hold what the figure also says: ``by``, ``groups`` (the groups shown, with sizes),
    ``other_groups`` and ``other_docs`` (left out), ``n_missing_docs``, ``min_docs``.

    Both seed outlets have fewer than ``min_docs`` articles, so no term is shown:

    >>> from corpus_utils.stats.compare import log_odds_by_group
    >>> len(group_terms_data(log_odds_by_group(corpus, by="outlet"), k=5))
    0
    """
    shown, facts = _shown_groups(result, max_groups)
    d = result[result["group"].isin(shown["group"]) & ~result["too_small"]]
    d = d[d["log_odds_weighted"] > 0]
    order = {g: i for i, g in enumerate(shown["group"])}
    d = d.assign(_o=d["group"].map(order)).sort_values(
        ["_o", "log_odds_weighted", "term"], ascending=[True, False, True], kind="stable"
    )
    d = d.assign(rank=d.groupby("group", sort=False).cumcount() + 1)
    out = d[d["rank"] <= k][_COLUMNS].reset_index(drop=True)
    out.attrs.update(facts)
    return out


def group_heatmap_data(
    result: pd.DataFrame, *, k: int = 4, max_groups: int = MAX_GROUPS
) -> pd.DataFrame:
    """Cells of the heatmap: the top ``k`` words of each shown group, in every shown group.

    Rows ``term, display, group, log_odds_weighted, count_in_group, count_rest,
    too_small, top_of, term_order``: a word chosen for one group (``top_of``) is also
    given its z-score in every other shown group; a group that never uses it has no
    z-score (NA, count 0). ``term_order`` is the row of the heatmap (words of the
    largest group first). ``attrs`` as in :func:`group_terms_data`.
    """
    top = group_terms_data(result, k=k, max_groups=max_groups)
    facts = dict(top.attrs)
    chosen = top.drop_duplicates("term")[["term", "display", "group"]]
    chosen = chosen.rename(columns={"group": "top_of"}).reset_index(drop=True)
    chosen["term_order"] = np.arange(len(chosen), dtype="int64")
    groups = pd.DataFrame(facts["groups"])
    grid = chosen.merge(groups[["group", "too_small"]], how="cross")
    cells = result[["group", "term", "log_odds_weighted", "count_in_group", "count_rest"]]
    out = grid.merge(cells, on=["group", "term"], how="left", validate="one_to_one")
    # a group that never uses the word: count 0, the rest holds all its uses
    uses = out["count_in_group"].fillna(0) + out["count_rest"].fillna(0)
    out["count_rest"] = out["count_rest"].fillna(uses.groupby(out["term"]).transform("max"))
    out["count_rest"] = out["count_rest"].astype("int64")
    out["count_in_group"] = out["count_in_group"].fillna(0).astype("int64")
    out = out[
        [
            "term",
            "display",
            "group",
            "log_odds_weighted",
            "count_in_group",
            "count_rest",
            "too_small",
            "top_of",
            "term_order",
        ]
    ]
    out.attrs.update(facts)
    return out


def _others_note(facts: dict) -> str:
    by = facts["by"]
    parts = []
    if facts["other_groups"]:
        parts.append(
            f"(others: {facts['other_groups']:,} more "
            f"{group_label(by, many=facts['other_groups'] != 1)}, "
            f"{_plural(facts['other_docs'], 'article')}, not shown)"
        )
    if facts["n_missing_docs"]:
        missing = _plural(facts["n_missing_docs"], "article")
        parts.append(f"{missing} without {_a(by)} {by} left out")
    return "; ".join(parts)


def _a(word: str) -> str:
    """The indefinite article for ``word``: ``an outlet``, ``a folder``."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def _top_words(k: int, data: pd.DataFrame, by: str) -> str:
    """``Top 8 words per outlet.``; nothing when no group has a word to show."""
    if data.empty:
        return ""
    return f"Top {_plural(k, 'word')} per {group_label(by)}."


def _title(by: str, what: str, facts: dict, width: float) -> str:
    lines = [
        f"Which words set each {group_label(by)} apart from all the others? {what}",
        "z-score of the weighted log-odds, informative Dirichlet prior "
        "(Monroe et al. 2008), each against the rest",
    ]
    note = _others_note(facts)
    if note:
        lines.append(note)
    chars = max(40, int(width * 12))
    return "\n".join(textwrap.fill(line, chars) for line in lines)


def is_bare_number(value: object) -> bool:
    """True for a group value that names nothing on its own: ``1``, ``"0"``, ``"2.5"``.

    >>> is_bare_number("1"), is_bare_number(0), is_bare_number("Newsweek")
    (True, True, False)
    """
    try:
        float(str(value).strip())
    except ValueError:
        return False
    return True


def group_name(value: object, by: str) -> str:
    """A group as titles name it: its value, with the column when the value is a number.

    >>> group_name("Newsweek", "outlet"), group_name("1", "labels")
    ('Newsweek', 'labels = 1')
    """
    return f"{by} = {value}" if is_bare_number(value) else str(value)


def _group_label(g: dict, by: str) -> str:
    return f"{group_name(g['group'], by)} ({_plural(int(g['n_docs']), 'article')})"


def plot_group_terms(data: pd.DataFrame, *, ncols: int | None = None) -> Figure:
    """Small multiples: one panel per group, its most characteristic words as bars.

    Bars are z-scores (longer: more clearly the group's word); dark bars pass
    ``z > 1.96``; each bar is labelled with the word's count in the group against its
    count in all the other groups. A too-small group's panel says so instead.

    Args:
        data: :func:`group_terms_data`.
        ncols: panels per row (default: up to 4).
    """
    groups = data.attrs.get("groups")
    if groups is None or "rank" not in data.columns:
        raise ValueError("pass the table returned by group_terms_data()")
    by = data.attrs.get("by", "group")
    n = len(groups)
    ncols = ncols or min(4, n)
    nrows = math.ceil(n / ncols)
    k = int(data["rank"].max()) if len(data) else 1
    height = min(MAX_HEIGHT, nrows * (0.26 * k + 1.2) + 1.5)
    width = max(7.0, 3.4 * ncols + 0.6)
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), squeeze=False)
    for ax in axes.ravel()[n:]:
        ax.set_axis_off()
    for ax, g in zip(axes.ravel(), groups, strict=False):
        ax.set_title(_group_label(g, by), fontsize=9, loc="left")
        rows = data[data["group"] == g["group"]].sort_values("rank", ascending=False)
        if g["too_small"]:
            _empty_panel(
                ax,
                "too small to say anything:\n"
                f"fewer than {data.attrs.get('min_docs', '?')} articles",
            )
            continue
        if rows.empty:
            _empty_panel(ax, "no word more used\nthan in the rest")
            continue
        y = np.arange(len(rows))
        z = rows["log_odds_weighted"].to_numpy(dtype=float)
        colours = [PALETTE[0] if v > Z_CLEAR else "#9DB9D3" for v in z]
        ax.barh(y, z, color=colours, height=0.7)
        for yi, v, a, b in zip(y, z, rows["count_in_group"], rows["count_rest"], strict=True):
            ax.text(v, yi, f" {a:,}/{b:,}", va="center", ha="left", fontsize=6, color="#333333")
        ax.set_yticks(y, rows["display"].astype(str), fontsize=8)
        ax.set_xlim(0, float(z.max()) * 1.45)
        ax.set_xlabel("z (weighted log-odds)", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
    fig.suptitle(
        _title(by, _top_words(k, data, by), data.attrs, width),
        fontsize=10,
        x=0.01,
        ha="left",
        fontweight="bold",
    )
    fig.supxlabel(
        f"bar labels: uses in the group / uses in all the others; dark bars: z > {Z_CLEAR}",
        fontsize=8,
        color="#444444",
    )
    return fig


def plot_group_heatmap(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Heatmap of z-scores: rows are the top words of each group, columns the groups.

    Orange: more used in the column's group than in all the other groups; purple: less
    used; grey with a dash: the group never uses the word; a hatched column is a group
    too small to say anything (its cells are left blank). Each cell shows its z-score
    when there are few enough cells to read.

    Args:
        data: :func:`group_heatmap_data`.
        ax: draw into this axes (default: a new figure sized to the table, at most
            :data:`MAX_HEIGHT` inches tall).
    """
    groups = data.attrs.get("groups")
    if groups is None or "term_order" not in data.columns:
        raise ValueError("pass the table returned by group_heatmap_data()")
    by = data.attrs.get("by", "group")
    names = [g["group"] for g in groups]
    terms = data.drop_duplicates("term").sort_values("term_order")
    z = (
        data.pivot(index="term", columns="group", values="log_odds_weighted")
        .reindex(index=terms["term"], columns=names)
        .to_numpy(dtype=float)
    )
    small = np.array([bool(g["too_small"]) for g in groups])
    if terms.empty:
        ax = ax if ax is not None else plt.subplots(figsize=(7.0, 2.5))[1]
        why = (
            f"every {group_label(by)} shown has fewer than {data.attrs.get('min_docs', '?')} "
            "articles"
            if small.all()
            else f"no {group_label(by)} uses a word more than the others do"
        )
        ax.text(0.5, 0.5, f"No words to show: {why}.", ha="center", transform=ax.transAxes)
        ax.set_axis_off()
        ax.set_title(_title(by, "", data.attrs, 6.0), fontsize=10)
        return ax
    if ax is None:
        height = min(MAX_HEIGHT, 0.24 * max(len(terms), 1) + 2.6)
        _, ax = plt.subplots(figsize=(min(14.0, max(7.0, 0.9 * len(names) + 3.5)), height))
    ax.grid(False)
    shown = np.where(small[None, :], np.nan, z)
    finite = shown[np.isfinite(shown)]
    vmax = max(float(np.abs(finite).max()) if finite.size else 1.0, Z_CLEAR)
    cmap = plt.get_cmap("PuOr_r").with_extremes(bad="#EEEEEE")
    image = ax.imshow(
        np.ma.masked_invalid(shown),
        cmap=cmap,
        norm=TwoSlopeNorm(vcenter=0.0, vmin=-vmax, vmax=vmax),
        aspect="auto",
        interpolation="nearest",
    )
    annotate = shown.size <= 320
    for i in range(shown.shape[0]):
        for j in range(shown.shape[1]):
            if small[j]:
                continue
            v = shown[i, j]
            if not np.isfinite(v):
                ax.text(j, i, "–", ha="center", va="center", fontsize=7, color="#888888")
            elif annotate:
                colour = "white" if abs(v) > 0.6 * vmax else "#222222"
                ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=6, color=colour)
    for j in np.flatnonzero(small):
        ax.add_patch(
            plt.Rectangle(
                (j - 0.5, -0.5), 1, len(terms), fill=False, hatch="///", color="#BBBBBB", lw=0
            )
        )
    labels = [_group_label(g, by) + ("\ntoo small" if g["too_small"] else "") for g in groups]
    ax.set_xticks(np.arange(len(names)), labels, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(np.arange(len(terms)), terms["display"].astype(str), fontsize=8)
    ax.set_xlabel(f"{by} (articles)")
    ax.set_ylabel(f"top words of each {group_label(by)}, largest first")
    colorbar = ax.figure.colorbar(image, ax=ax, shrink=0.6, pad=0.02)
    colorbar.set_label("z: ← less used   more used →\n(than in all the other groups)", fontsize=8)
    per = int(data.groupby("top_of")["term"].nunique().max()) if len(data) else 0
    ax.set_title(
        _title(
            by,
            f"The top {per} words of each {group_label(by)}, shown in every one.",
            data.attrs,
            ax.figure.get_size_inches()[0] * 0.8,
        ),
        fontsize=10,
    )
    return ax


def _empty_panel(ax: Axes, message: str) -> None:
    """A small-multiples panel with a grey message instead of bars."""
    ax.text(
        0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes,
        fontsize=8, color="#666666",
    )  # fmt: skip
    ax.set_xticks([])
    ax.set_yticks([])
