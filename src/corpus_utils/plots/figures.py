"""Saving figures reproducibly, and the project's shared look."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import matplotlib as mpl
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from .. import paths

_NAME = re.compile(r"^\d{2}_[a-z0-9_]+__[a-z0-9_]+$")

MAX_HEIGHT = 12.0
"""No figure is taller than this many inches: more rows get thinner, or are summarised."""


def figure_height(rows: int, per_row: float, extra: float, *, minimum: float = 3.0) -> float:
    """A figure's height in inches for ``rows`` rows: ``per_row`` each plus ``extra``,
    at least ``minimum`` and at most :data:`MAX_HEIGHT`.

    >>> figure_height(5, 0.5, 1.8), figure_height(1, 0.5, 1.8), figure_height(40, 0.55, 1.6)
    (4.3, 3.0, 12.0)
    """
    return round(min(MAX_HEIGHT, max(minimum, per_row * rows + extra)), 4)


# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


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


def shorten(text: object, width: int) -> str:
    """``text`` cut to ``width`` characters at a word, ending in an ellipsis."""
    return textwrap.shorten(str(text), width=width, placeholder="…")


def set_style() -> None:
    """Apply the project's figure style (readable sizes, colour-blind-safe colours)."""
    mpl.rcParams.update(
        {
            "figure.figsize": (8, 4.5),
            "figure.dpi": 100,
            "figure.constrained_layout.use": True,
            "font.size": 10,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.titlelocation": "left",
            "axes.labelsize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.grid.axis": "x",
            "grid.alpha": 0.3,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "legend.frameon": False,
            "savefig.dpi": 200,
            "svg.hashsalt": "corpus_utils",  # stable ids inside SVG files
            "svg.fonttype": "path",
        }
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def escape_formulas(data: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``data`` whose text cells cannot run as spreadsheet formulas.

    A string starting with ``= + - @``, a tab or a carriage return gets a leading single
    quote, as OWASP's CSV-injection advice says; numbers (also negative ones) and other
    non-text values are left as they are. Column names are escaped the same way.

    >>> escape_formulas(pd.DataFrame({"t": ["=1+2", "ok", "-x"], "n": [-1, 2, 3]}))
           t  n
    0  '=1+2 -1
    1     ok  2
    2    '-x  3
    """
    out = data.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].cat.rename_categories(_escape_cell)
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_escape_cell)
    out.columns = [_escape_cell(c) for c in out.columns]
    return out


def save_figure(
    fig: Figure,
    name: str,
    data: pd.DataFrame | None = None,
    *,
    figures_dir: str | Path | None = None,
) -> dict[str, Path]:
    """Write ``<name>.png`` (200 dpi), ``<name>.svg`` and, with ``data``, ``<name>.csv``.

    Files carry no timestamps and no software version, so the same figure and data give
    byte-identical files. ``name`` follows ``NN_notebook__figure`` (the notebook number,
    a double underscore, a short snake-case name).

    Args:
        fig: the matplotlib figure.
        name: the file stem, e.g. ``"00_corpus_overview__article_lengths"``.
        data: exactly the data plotted; written without the index, so reset a
            meaningful index into a column first. Text cells that a spreadsheet would
            run as a formula are escaped (:func:`escape_formulas`).
        figures_dir: where to write; default ``figures/`` (or ``CORPUS_UTILS_FIGURES_DIR``).

    Returns:
        The paths written, keyed by extension.
    """
    out_dir = _checked_dir(name, figures_dir)
    written = {
        "png": out_dir / f"{name}.png",
        "svg": out_dir / f"{name}.svg",
    }
    with mpl.rc_context({"svg.hashsalt": "corpus_utils"}):
        fig.savefig(written["png"], dpi=200, metadata={"Software": None})
        fig.savefig(written["svg"], metadata={"Date": None, "Creator": None})
    if data is not None:
        written["csv"] = _write_csv(data, out_dir / f"{name}.csv")
    return written


def _checked_dir(name: str, figures_dir: str | Path | None) -> Path:
    if not _NAME.match(name):
        raise ValueError(
            f"figure name {name!r} should look like 'NN_notebook__short_name' "
            "(two digits, snake case, a double underscore)"
        )
    out_dir = Path(figures_dir) if figures_dir is not None else paths.figures_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def _write_csv(data: pd.DataFrame, path: Path) -> Path:
    # 12 significant digits: the last bits of a float differ between BLAS thread
    # schedules, and the file must be the same on every run
    escape_formulas(data).to_csv(path, index=False, lineterminator="\n", float_format="%.12g")
    return path


def save_table(data: pd.DataFrame, name: str, *, figures_dir: str | Path | None = None) -> Path:
    """Write a whole table as ``<name>.csv`` beside the figures (no figure).

    For the tables a notebook shows narrowed to what a reader needs at notebook width
    (a few columns, the first rows): the CSV keeps every row and column. Written as
    :func:`save_figure` writes its data (no index, formulas escaped, the same bytes on
    every run), under the same naming rule, e.g. ``01_term_frequency__keyness_table``.

    Returns:
        The path written.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = save_table(pd.DataFrame({"t": ["a"], "n": [1]}), "01_x__t", figures_dir=tmp)
    ...     print(path.name, path.read_text().split())
    01_x__t.csv ['t,n', 'a,1']
    """
    return _write_csv(data, _checked_dir(name, figures_dir) / f"{name}.csv")
