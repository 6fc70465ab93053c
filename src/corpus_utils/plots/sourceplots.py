"""Figures for source comparison: who is cited, how much is quoted, which words and labels.

Each ``*_data`` function builds exactly the table a figure shows (save it beside the
figure with :func:`corpus_utils.save_figure`); each ``plot_*`` function takes that table
and an optional ``ax`` and returns the ``Axes`` (or the ``Figure`` for multi-panel
plots). Figures stay readable on large corpora: sources, articles and outlets beyond a
cap are pooled or left out, and a note under the axes says so.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from ..prepare.voices import token_voices
from . import article_label, group_label
from .figures import PALETTE, figure_height
from .groupplots import is_bare_number

OTHER_SOURCES = "(other sources)"
UNRESOLVED = "(unresolved speaker)"
OTHER_CUES = "(other cues)"
PER_ITEM_LIMIT = 40
_VOICE_COLOURS = {"narration": "#BBBBBB", "partial": PALETTE[1], "quote": PALETTE[0]}
_HEAT = LinearSegmentedColormap.from_list("counts", ["#FFFFFF", PALETTE[0]])


def _title(ax: Axes, text: str, **kwargs) -> None:
    """A title wrapped to the width of the figure, so it is never cut off."""
    ax.set_title(text, wrap=True, **kwargs)


def _count(n: object) -> str:
    """``78156`` -> ``78,156``; anything not a number as it is (``?`` when missing)."""
    return f"{int(n):,}" if isinstance(n, int | np.integer) else ("?" if n is None else str(n))


def _note(ax: Axes, text: str) -> None:
    """A note under the x-axis label (however many lines it has), from the axes' left."""
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -6),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=8,
        color="#444444",
    )


def _source_name(ledger: pd.DataFrame) -> pd.Series:
    src = ledger["source"].astype("string")
    typed = ledger["source_type"].astype("string")
    fallback = (UNRESOLVED[:-1] + ", " + typed + ")").where(typed.notna(), UNRESOLVED)
    return src.fillna(fallback)


# --- who is cited, how ----------------------------------------------------------------------

GROUP_SUFFIX = " (group)"


def label_group_sources(ledger: pd.DataFrame, entity_table: pd.DataFrame) -> pd.DataFrame:
    """The ledger with each source of kind ``group`` in ``entity_table``
    (:func:`corpus_utils.sources.entities.entities`: ``Tories``, ``Democrats``) written
    ``Tories (group)``, so a figure never shows a collective as one named source.

    >>> led = pd.DataFrame({"source": ["Tories", "Tony Blair", None]})
    >>> table = pd.DataFrame({"entity": ["Tories", "Tony Blair"], "kind": ["group", "person"]})
    >>> label_group_sources(led, table)["source"].tolist()
    ['Tories (group)', 'Tony Blair', None]
    """
    groups = set(entity_table.loc[entity_table["kind"] == "group", "entity"].astype(str))
    src = ledger["source"]
    marked = src.map(lambda x: f"{x}{GROUP_SUFFIX}" if x in groups else x, na_action="ignore")
    return ledger.assign(source=marked.where(src.notna(), None))


def sources_data(
    ledger: pd.DataFrame, *, top: int = 12, top_cues: int = 6, by: str | None = None
) -> pd.DataFrame:
    """Statements per source and cue: ``[by,] source, cue, statements``.

    Sources beyond the ``top`` most cited are pooled as ``(other sources)``, cues beyond
    ``top_cues`` as ``(other cues)``; unresolved speakers are grouped by their type.
    ``by`` keeps a ledger column (``doc_id``, or ``outlet`` after
    ``corpus.with_metadata(ledger, ["outlet"])``).
    """
    d = ledger.assign(source=_source_name(ledger), cue=ledger["cue"].fillna("(carried over)"))
    keep = d["source"].value_counts().index[:top]
    d["source"] = d["source"].where(d["source"].isin(keep), OTHER_SOURCES)
    cues = d["cue"].value_counts().index[:top_cues]
    d["cue"] = d["cue"].where(d["cue"].isin(cues), OTHER_CUES)
    keys = [*([by] if by else []), "source", "cue"]
    out = d.groupby(keys, observed=True).size().rename("statements").reset_index()
    out.attrs["n_statements"] = len(ledger)
    out.attrs["n_docs"] = int(ledger["doc_id"].nunique()) if len(ledger) else 0
    out.attrs["pooled_sources"] = int(ledger.shape[0] and (~_source_name(ledger).isin(keep)).sum())
    return out


_OUTLINE = [patheffects.withStroke(linewidth=2, foreground="#333333")]
COUNT_INSIDE = 0.9  # a bar past this share of the axis has its count inside it (the tallest
# bar of an uncut axis ends at 1/1.12 of it, so its count stays after it)
SOURCE_TICK_CHARS = 36  # a longer source name is wrapped onto two lines, then shortened


def _count_in_bar(ax: Axes, x: float, y: float, text: str) -> None:
    """A bar's count written inside its end at ``x``: white with a dark outline, readable
    on a light bar (yellow) as on a dark one."""
    ax.text(
        x,
        y,
        text,
        va="center",
        ha="right",
        fontsize=8,
        color="white",
        fontweight="bold",
        path_effects=_OUTLINE,
    )


def source_tick(name: object, width: int = SOURCE_TICK_CHARS) -> str:
    """A source's name as a tick label: at most two lines of ``width`` characters.

    >>> source_tick("Syrian National Coalition of Revolutionary and Opposition Forces")
    'Syrian National Coalition of\\nRevolutionary and Opposition Forces'
    >>> source_tick("Tony Blair")
    'Tony Blair'
    """
    text = str(name)
    if len(text) <= width:
        return text
    lines = textwrap.wrap(text, width)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "\n".join(lines)


def plot_sources(data: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Horizontal bars: statements per source, split by reporting cue."""
    wide = data.pivot_table(
        index="source", columns="cue", values="statements", aggfunc="sum", fill_value=0
    )
    order = wide.sum(axis=1).sort_values().index
    pooled = [s for s in (OTHER_SOURCES,) if s in order]
    order = pooled + [s for s in order if s not in pooled]  # pooled rows at the bottom
    wide = wide.loc[order]
    cue_order = wide.sum().sort_values(ascending=False).index
    wide = wide[cue_order]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, figure_height(len(wide), 0.42, 1.8)))
    left = np.zeros(len(wide))
    for k, cue in enumerate(wide.columns):
        colour = "#999999" if cue == OTHER_CUES else PALETTE[k % len(PALETTE)]
        ax.barh(range(len(wide)), wide[cue], left=left, color=colour, label=cue, height=0.65)
        left += wide[cue].to_numpy()
    # pooled and unresolved rows can dwarf every named source: the axis then ends a
    # little past the most cited named source, and a longer bar is cut, its count given
    is_named = np.array([not str(s).startswith("(") for s in wide.index])
    top_named = float(left[is_named].max()) if is_named.any() else 0.0
    xmax = top_named * 1.35 if top_named and left.max() > 2 * top_named else left.max() * 1.12
    ax.set_xlim(0, max(xmax, 1.0))
    cut = False
    for y, total in enumerate(left):
        if total > xmax:
            cut = True
            _count_in_bar(ax, xmax, y, f"{int(total):,} ▸ ")
        elif total > xmax * COUNT_INSIDE:  # no room after the bar: the count goes inside
            _count_in_bar(ax, total, y, f"{int(total):,} ")
        else:
            ax.text(total, y, f" {int(total):,}", va="center", fontsize=8)
    ax.set_yticks(range(len(wide)), [source_tick(s) for s in wide.index])
    xlabel = "Attributed statements (one per speaker and sentence)"
    ax.set_xlabel(xlabel + (";\n▸ bar cut, its count written in it" if cut else ""))
    ax.legend(
        title="Reporting cue",
        fontsize=8,
        title_fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
    )
    n, docs = data.attrs.get("n_statements", int(left.sum())), data.attrs.get("n_docs", 0)
    named = [s for s in wide.index[::-1] if s != OTHER_SOURCES and not s.startswith("(")]
    most = f"; most cited: {named[0]}" if named else ""
    _title(ax, f"Who is cited, and how: {n:,} statements in {docs:,} articles{most}")
    ax.grid(axis="y", visible=False)
    pooled_n = data.attrs.get("pooled_sources", 0)
    if pooled_n:
        _note(ax, f"{pooled_n:,} statements by less-cited sources are pooled as {OTHER_SOURCES}")
    return ax


def sources_by_group_data(
    ledger: pd.DataFrame,
    *,
    by: str = "doc_id",
    top_sources: int = 15,
    top_groups: int = 30,
    docs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A ``source x group`` table of statement counts (groups: articles or outlets).

    Keeps the ``top_sources`` most cited sources and the ``top_groups`` groups with the
    most statements (``attrs["dropped_groups"]`` counts the rest). With ``by="doc_id"``
    and ``docs`` (``corpus.docs``), columns are short article labels.
    """
    if by not in ledger.columns:  # a document column: join it from docs
        if docs is None or by not in docs.columns:
            raise KeyError(f"{by!r} is neither a ledger column nor a docs column (pass docs=)")
        ledger = ledger.merge(docs[["doc_id", by]], on="doc_id", how="left")
    d = ledger.assign(source=_source_name(ledger))
    keep = d["source"].value_counts().index[:top_sources]
    d = d[d["source"].isin(keep)]
    groups = ledger[by].value_counts().index
    shown = groups[:top_groups]
    wide = (
        d[d[by].isin(shown)]
        .groupby(["source", by], observed=True)
        .size()
        .unstack(by, fill_value=0)
        .reindex(index=keep, columns=sorted(shown), fill_value=0)
    )
    if by == "doc_id" and docs is not None:
        titles = dict(zip(docs["doc_id"], docs["title"], strict=True))
        wide.columns = [article_label(c, titles.get(c), 28) for c in wide.columns]
    wide.attrs["dropped_groups"] = max(len(groups) - len(shown), 0)
    wide.attrs["by"] = by
    return wide


def plot_sources_by_group(data: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Heat map of statements per source (rows) and article or outlet (columns)."""
    if ax is None:
        _, ax = plt.subplots(
            figsize=(max(6.0, 0.55 * data.shape[1] + 3.5), figure_height(data.shape[0], 0.4, 2.2))
        )
    vals = data.to_numpy()
    by = data.attrs.get("by", "group")
    what = group_label(by)
    if vals.size == 0:  # no statement, or no group with a known value
        ax.text(
            0.5, 0.5, f"No attributed statement in any {what}", ha="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return ax
    ax.imshow(vals, cmap=_HEAT, aspect="auto", vmin=0, vmax=max(vals.max(), 1))
    if vals.size <= 600:
        for (i, j), v in np.ndenumerate(vals):
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=8)
    ax.set_xticks(range(data.shape[1]), data.columns, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(data.shape[0]), data.index, fontsize=8)
    ax.set_xlabel("Article" if by == "doc_id" else by)
    ax.set_ylabel("Source (canonical name)")
    title = f"Which sources each {what} cites (attributed statements)"
    if data.attrs.get("dropped_groups"):  # in the title, clear of the rotated labels
        dropped = data.attrs["dropped_groups"]
        title += f"\n{dropped:,} {group_label(by, many=True)} with fewer statements not shown"
    _title(ax, title)
    ax.grid(False)
    return ax


# --- how much is quoted -----------------------------------------------------------------------


def quote_share_data(corpus, *, by: str = "doc_id") -> pd.DataFrame:
    """Word tokens per voice for each article (or outlet...): ``<by>, label, narration,
    partial, quote, words, quoted_share``.

    ``quoted_share`` is the share of words inside speech quotation marks (quote +
    partial). Actor names count word by word; punctuation is left out.
    """
    toks = corpus.tokens(merge_actors=False)
    toks = token_voices(corpus, toks[~toks["is_punct"]])
    if by != "doc_id":
        toks = corpus.with_metadata(toks, [by])
    key = toks[by].astype("string").fillna("(unknown)")
    wide = (
        toks.assign(**{by: key})
        .groupby([by, "voice"], observed=True)
        .size()
        .unstack("voice", fill_value=0)
        .reindex(columns=["narration", "partial", "quote"], fill_value=0)
    )
    wide.columns.name = None
    wide["words"] = wide.sum(axis=1)
    wide["quoted_share"] = (wide["partial"] + wide["quote"]) / wide["words"].where(
        wide["words"] > 0
    )
    out = wide.reset_index()
    if by == "doc_id":
        titles = dict(zip(corpus.docs["doc_id"], corpus.docs["title"], strict=True))
        out.insert(1, "label", [article_label(d, titles.get(d), 40) for d in out["doc_id"]])
    else:
        out.insert(1, "label", out[by])
    return out


def plot_quote_share(data: pd.DataFrame, ax: Axes | None = None, *, limit: int = PER_ITEM_LIMIT):
    """Stacked bars of each article's words by voice, or a histogram of shares when many."""
    n = len(data)
    if ax is None:
        height = figure_height(n, 0.45, 1.8) if n <= limit else 4.5  # a histogram when many
        _, ax = plt.subplots(figsize=(9, height))
    if n <= limit:
        d = data.iloc[::-1]
        left = np.zeros(n)
        for voice, name in (
            ("quote", "direct quotation"),
            ("partial", "partial quote"),
            ("narration", "narration"),
        ):
            share = (d[voice] / d["words"].where(d["words"] > 0)).fillna(0).to_numpy()
            ax.barh(range(n), share * 100, left=left, color=_VOICE_COLOURS[voice], label=name)
            left += share * 100
        for y, s in enumerate(d["quoted_share"].fillna(0)):
            ax.text(101, y, f"{s:.0%}", va="center", fontsize=8)
        ax.set_yticks(range(n), d["label"])
        ax.set_xlim(0, 110)
        ax.set_xlabel("Share of the article's words (%)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
        shares = data["quoted_share"].dropna()
        span = f": from {shares.min():.0%} to {shares.max():.0%}" if len(shares) else ""
        _title(ax, f"Share of each article's words inside speech quotation marks{span}")
        ax.grid(axis="y", visible=False)
    else:
        shares = data["quoted_share"].dropna() * 100
        ax.hist(shares, bins=20, color=PALETTE[0])
        ax.set_xlabel("Share of the article's words inside speech quotation marks (%)")
        ax.set_ylabel("Articles")
        _title(
            ax,
            f"Share of each article's words inside speech quotation marks: {n:,} articles, "
            f"median {shares.median():.0f}%",
        )
    return ax


# --- distinctive words -----------------------------------------------------------------------


def _spread(targets: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Move sorted positions apart to at least ``gap``, staying inside ``[lo, hi]``."""
    pos = list(targets)
    for i in range(1, len(pos)):
        pos[i] = max(pos[i], pos[i - 1] + gap)
    if pos and pos[-1] > hi:
        pos[-1] = hi
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - gap)
    if pos and pos[0] < lo:
        shift = lo - pos[0]
        pos = [p + shift for p in pos]
    return pos


def _side_name(label: str | None, described: str | None, default: str) -> str:
    """A log-odds side as titles name it: the label given, unless it is a bare number
    (``"1"``), which says nothing without its column (``"labels = 1"``, from the result).

    >>> _side_name("1", "labels = 1", "group a"), _side_name("Newsweek", "outlet = Newsweek", "")
    ('labels = 1', 'Newsweek')
    """
    if label is None or (described and is_bare_number(label)):
        return described or default
    return label


def plot_log_odds(
    result: pd.DataFrame,
    ax: Axes | None = None,
    *,
    top: int = 10,
    min_count: int = 2,
    label_a: str | None = None,
    label_b: str | None = None,
) -> Axes:
    """Scatter of word frequency (x, log scale) against log-odds z (y), top words labelled.

    The ``top`` words at each end (``|z|`` largest, used at least ``min_count`` times)
    are labelled in two columns at the right, lines leading to their points, so labels
    do not overlap however many points there are.
    """
    d = result[result["count"] >= min_count]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 6))
    a = _side_name(label_a, result.attrs.get("a"), "group a")
    b = _side_name(label_b, result.attrs.get("b"), "group b")
    sig = d["z"].abs() >= 1.96
    ax.scatter(d.loc[~sig, "count"], d.loc[~sig, "z"], s=8, color="#BBBBBB", lw=0)
    ax.scatter(
        d.loc[sig & (d["z"] > 0), "count"], d.loc[sig & (d["z"] > 0), "z"], s=12, color=PALETTE[0]
    )
    ax.scatter(
        d.loc[sig & (d["z"] < 0), "count"], d.loc[sig & (d["z"] < 0), "z"], s=12, color=PALETTE[3]
    )
    ax.set_xscale("log")
    for y in (1.96, -1.96):
        ax.axhline(y, color="#777777", lw=0.8, ls="--")
    ax.axhline(0, color="#333333", lw=0.6)
    if len(d):
        xmax = d["count"].max()
        ax.set_xlim(0.8, xmax * 12)
        zlim = max(2.5, d["z"].abs().max() * 1.15)
        ax.set_ylim(-zlim, zlim)
        fig = ax.figure
        fig.canvas.draw_idle()
        # a label every ~13 points of height, converted to data units
        h_px = ax.get_window_extent().height or 400
        gap = 13 * (2 * zlim) / h_px
        x_text = xmax * 2.2
        for part, colour, lo, hi in (
            (d[d["z"] > 0].nlargest(top, "z"), PALETTE[0], 0.15 * zlim, zlim * 0.98),
            (d[d["z"] < 0].nsmallest(top, "z"), PALETTE[3], -zlim * 0.98, -0.15 * zlim),
        ):
            part = part.sort_values("z")
            ys = _spread(part["z"].tolist(), gap, lo, hi)
            label = "display" if "display" in part else "term"
            for (x, z, term), yt in zip(
                part[["count", "z", label]].itertuples(index=False), ys, strict=True
            ):
                ax.annotate(
                    str(term),
                    (x, z),
                    xytext=(x_text, yt),
                    textcoords="data",
                    fontsize=8,
                    color=colour,
                    va="center",
                    arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5},
                )
    ax.set_xlabel("Times the word is used in both groups (log scale)")
    ax.set_ylabel(f"z-score: ↑ more in {a}, ↓ more in {b}")
    within = result.attrs.get("within")
    ax.set_title(
        f"Words that set {a} apart from {b}"
        + (f" ({within})" if within else "")
        + "\nweighted log-odds, informative Dirichlet prior (Monroe et al. 2008)",
        fontsize=11,
    )
    _note(
        ax,
        f"dashed lines: |z| = 1.96; words used fewer than {min_count} times are not shown; "
        f"{_count(result.attrs.get('n_a'))} vs {_count(result.attrs.get('n_b'))} words",
    )
    return ax


# --- similarity -------------------------------------------------------------------------------


def plot_similarity(
    sim: pd.DataFrame,
    ax: Axes | None = None,
    *,
    docs: pd.DataFrame | None = None,
    limit: int = PER_ITEM_LIMIT,
) -> Axes:
    """Heat map of article similarity (from :func:`corpus_utils.stats.compare.doc_similarity`).

    Above ``limit`` articles only the first ``limit`` are shown, with a note.
    """
    n = len(sim)
    shown = sim.iloc[:limit, :limit]
    if ax is None:
        k = len(shown)
        _, ax = plt.subplots(
            figsize=(min(14.0, max(5.0, 0.5 * k + 3.5)), figure_height(k, 0.5, 2.5, minimum=4.0))
        )
    labels = list(shown.index)
    if docs is not None:
        titles = dict(zip(docs["doc_id"], docs["title"], strict=True))
        labels = [article_label(d, titles.get(d), 30) for d in labels]
    vals = shown.to_numpy(dtype=float)
    im = ax.imshow(vals, cmap=_HEAT, vmin=0, vmax=1)
    if len(shown) <= 12:
        for (i, j), v in np.ndenumerate(vals):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(shown)), labels, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(shown)), labels, fontsize=8)
    ax.figure.colorbar(im, ax=ax, label="Cosine similarity of tf-idf vectors")
    every = sim.to_numpy(dtype=float)  # the median over every pair, not only those shown
    off = every[~np.eye(len(every), dtype=bool)] if len(every) > 1 else np.array([0.0])
    title = f"How alike the articles' vocabularies are (median pair {np.median(off):.2f})"
    if n > limit:  # in the title: a note under the axes would sit on the rotated labels
        title += f"\nonly the first {limit} of {n:,} articles are shown; use nearest_docs()"
    _title(ax, title)
    ax.grid(False)
    return ax


# --- labels applied to actors ----------------------------------------------------------------


def plot_actor_labels(
    evidence: pd.DataFrame,
    *,
    voices: Sequence[Sequence[str]] = (("narration",), ("quote", "partial")),
    titles: Sequence[str] = ("Reporter's narration", "Quoted speech"),
    fig: Figure | None = None,
) -> Figure:
    """One heat map per voice: how often each label (columns) is applied to each actor.

    ``evidence`` comes from :func:`corpus_utils.sources.framing.label_evidence`; all panels share
    one colour scale; empty cells are left blank.
    """
    from ..sources.framing import UNATTACHED, actor_label_table

    ev = evidence[evidence["actor"] != UNATTACHED]
    tables = []
    for vs in voices:
        t = actor_label_table(ev[ev["voice"].isin(list(vs))])
        tables.append(t)
    # the voices' tables may hold different actors (outside a pack's beat they are the
    # corpus's own names): align them on every actor and label any of them has
    rows = list(dict.fromkeys(r for t in tables for r in t.index))
    cols = list(dict.fromkeys(c for t in tables for c in t.columns))
    tables = [t.reindex(index=rows, columns=cols, fill_value=0) for t in tables]
    used_cols = [c for c in tables[0].columns if any(t[c].sum() for t in tables)]
    used_rows = [r for r in tables[0].index if any(t.loc[r].sum() for t in tables)]
    used_cols = used_cols or list(tables[0].columns)
    used_rows = used_rows or list(tables[0].index)
    vmax = max(1, *(int(t.loc[used_rows, used_cols].to_numpy().max()) for t in tables))
    if fig is None:
        fig = plt.figure(
            figsize=(
                min(14.0, max(7.0, 0.6 * len(used_cols) * len(voices) + 3)),
                figure_height(len(used_rows), 0.45, 2.4),
            )
        )
    axes = fig.subplots(1, len(voices), sharey=True, squeeze=False)[0]
    for ax, t, title, vs in zip(axes, tables, titles, voices, strict=True):
        vals = t.loc[used_rows, used_cols].to_numpy()
        ax.imshow(vals, cmap=_HEAT, vmin=0, vmax=vmax, aspect="auto")
        for (i, j), v in np.ndenumerate(vals):
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=8)
        ax.set_xticks(range(len(used_cols)), used_cols, rotation=40, ha="right", fontsize=8)
        ax.set_yticks(range(len(used_rows)), used_rows, fontsize=8)
        n = int(ev["voice"].isin(list(vs)).sum())
        ax.set_title(f"{title} ({n:,} label{'' if n == 1 else 's'} attached)", fontsize=10)
        ax.set_xlabel("Label")
        ax.grid(False)
    axes[0].set_ylabel("Actor the label is applied to")
    fig.suptitle(
        "Who is called what, in the reporter's words and in the sources' words",
        fontweight="bold",
    )
    return fig


# --- hedging ----------------------------------------------------------------------------------


def plot_hedging(
    rates: pd.DataFrame,
    ax: Axes | None = None,
    *,
    by: str | None = None,
    categories: Sequence[str] = ("hedge", "distancing", "verification"),
    top_groups: int = 12,
) -> Axes:
    """Grouped bars: hedges per 1,000 words in each outlet (or other group).

    ``rates`` comes from :func:`corpus_utils.sources.framing.hedging`; terms outside
    ``categories`` and terms never used are left out; only the ``top_groups`` groups
    with the most words are shown (with a note).
    """
    by = by or rates.columns[0]
    d = rates[rates["category"].isin(list(categories))]
    used = d.groupby("term")["count"].sum()
    d = d[d["term"].isin(used[used > 0].index)]
    words = rates.drop_duplicates(by).set_index(by)["words"].sort_values(ascending=False)
    groups = list(words.index[:top_groups])
    d = d[d[by].isin(groups)]
    terms = list(dict.fromkeys(d["term"]))
    if ax is None:
        _, ax = plt.subplots(
            figsize=(9, figure_height(len(groups), 0.5 * max(1, len(terms)) ** 0.5, 2))
        )
    if not terms:
        ax.text(
            0.5, 0.5, "No hedge of these kinds in the corpus", ha="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return ax
    h = 0.8 / len(terms)
    for k, term in enumerate(terms):
        t = d[d["term"] == term].set_index(by).reindex(groups)
        y = np.arange(len(groups)) + k * h - 0.4 + h / 2
        ax.barh(y, t["per_1000"].fillna(0), height=h, color=PALETTE[k % len(PALETTE)], label=term)
        for yi, (rate, n) in enumerate(
            zip(t["per_1000"].fillna(0), t["count"].fillna(0), strict=True)
        ):
            if n:
                ax.text(rate, y[yi], f" {int(n)}", va="center", fontsize=7)
    ax.set_yticks(
        range(len(groups)), [f"{g}\n({int(words[g]):,} words)" for g in groups], fontsize=8
    )
    ax.invert_yaxis()
    ax.set_xlabel("Occurrences per 1,000 words (numbers at the bar ends: raw counts)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    _title(ax, f"Hedges, distancing and unverified claims per {group_label(by)} (per 1,000 words)")
    ax.grid(axis="y", visible=False)
    if len(words) > top_groups:
        many = group_label(by, many=True)
        _note(ax, f"only the {top_groups} {many} with most words of {len(words):,} are shown")
    return ax
