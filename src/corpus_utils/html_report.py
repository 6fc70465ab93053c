"""Render a corpus's executed notebooks as one self-contained HTML site.

``make report`` (after ``make figures``) calls this: every executed copy the runner
wrote (``build/executed/`` for the project's corpus, ``build/executed/<name>/`` for
another) becomes one page under ``build/report/<name>/`` with nbconvert's HTML
exporter, code hidden (``exclude_input``), figures embedded as ``data:`` URIs and no
script fetched from the network; ``index.html`` is the contents page linking each page.

Usage::

    python -m corpus_utils.html_report --corpus data/articles
    python -m corpus_utils.html_report --corpus ../shared/corpora/bbc
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from . import notebook_runner, paths
from . import resources as res

REPORT_DIR = paths.PROJECT_ROOT / "build" / "report"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    "(An interactive widget: open the notebook in JupyterLab and run it to use it; "
    "a static page cannot show it.)"
)


@dataclass(frozen=True)
class Page:
    """One rendered notebook: its source, the page written and what the index says."""

    notebook: Path
    page: Path
    title: str
    parameters: dict[str, object]
    errors: int


def corpus_name(corpus: str) -> str:
    """The folder name under ``build/report/`` for a corpus (the runner's short name).

    >>> corpus_name("data/articles"), corpus_name("../shared/corpora/fa-kes/FA-KES-Dataset.csv")
    ('articles', 'FA-KES-Dataset')
    """
    return notebook_runner.corpus_name(corpus)


def executed_dir_for(corpus: str) -> Path:
    """Where :func:`corpus_utils.notebook_runner.run` writes a corpus's executed copies."""
    return notebook_runner.executed_dir_for(corpus)


def notebook_title(nb: dict, fallback: str) -> str:
    """The first Markdown heading of a notebook (without ``#``), else ``fallback``.

    >>> notebook_title({"cells": [{"cell_type": "markdown", "source": "# 00 · Overview\\nx"}]}, "?")
    '00 · Overview'
    """
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for line in "".join(cell.get("source", "")).splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return fallback


def _without_widgets(nb) -> int:
    """Replace widget outputs by a note, and drop the saved widget state.

    Returns how many outputs were replaced. The page loads no script from the network,
    so a widget (even one whose state papermill saved) could show only its ``repr``
    (``VBox(children=...)``); the state would only make the page heavier.
    """
    nb.metadata.pop("widgets", None)
    replaced = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME in data:
                out["data"] = {"text/plain": WIDGET_NOTE}
                replaced += 1
    return replaced


def render_page(executed: Path, page: Path) -> Page:
    """Render one executed notebook to ``page``: code hidden, images embedded.

    Raises:
        ValueError: ``executed`` is not a notebook nbformat can read.
    """
    import nbformat
    from nbconvert import HTMLExporter

    try:
        nb = nbformat.read(executed, as_version=4)
    except (json.JSONDecodeError, nbformat.reader.NotJSONError) as err:
        raise ValueError(f"{executed} is not a readable notebook: {err}") from None
    _without_widgets(nb)
    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        exclude_anchor_links=True,
    )
    exporter.raw_template = res.text("report_page.html.j2")
    meta = {"name": executed.stem, "path": str(executed.parent)}  # markdown images resolve here
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": meta})
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(body, encoding="utf-8")
    errors = sum(
        out.get("output_type") == "error" for cell in nb.cells for out in cell.get("outputs", [])
    )
    return Page(
        notebook=executed,
        page=page,
        title=notebook_title(nb, executed.stem),
        parameters=dict(nb.metadata.get("papermill", {}).get("parameters", {})),
        errors=errors,
    )


def index_html(pages: list[Page], missing: list[str], *, title: str) -> str:
    """The contents page: one link per page, its parameters, and any notebook not run."""
    esc = html.escape
    rows = []
    for p in pages:
        params = ", ".join(f"{k} = {v!r}" for k, v in p.parameters.items())
        flag = f" <strong>({p.errors} cell error(s))</strong>" if p.errors else ""
        rows.append(
            f'<li><a href="{esc(p.page.name)}">{esc(p.title)}</a>{flag}'
            f"<br><small>parameters: {esc(params) or 'the defaults'}</small></li>"
        )
    rows += [
        f"<li>{esc(name)}: not run for this corpus (run <code>make figures</code>)</li>"
        for name in missing
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n</head>\n"
        '<body style="font-family: sans-serif; max-width: 50em; margin: 2em auto;">\n'
        f"<h1>{esc(title)}</h1>\n<ol>\n" + "\n".join(rows) + "\n</ol>\n</body>\n</html>\n"
    )


def build_report(
    executed_dir: Path, out_dir: Path, *, title: str, names: list[str] | None = None
) -> list[Page]:
    """Render every executed notebook in ``executed_dir`` to ``out_dir`` with an index.

    Args:
        executed_dir: the folder of executed notebooks (``NN_theme.ipynb``).
        out_dir: the site's folder; ``index.html`` and one ``NN_theme.html`` per notebook.
        title: the contents page's heading.
        names: the notebook file names expected (default the project's notebooks); those
            not in ``executed_dir`` are listed on the index as not run.

    Returns:
        The pages written, in notebook order.

    Raises:
        FileNotFoundError: no executed notebook is there (``make figures`` first).
    """
    names = names if names is not None else [p.name for p in notebook_runner.notebooks()]
    found = [executed_dir / n for n in names if (executed_dir / n).is_file()]
    if not found:
        raise FileNotFoundError(
            f"no executed notebook in {executed_dir}: run `make figures` for this corpus first"
        )
    pages = [render_page(nb, out_dir / f"{nb.stem}.html") for nb in found]
    missing = [n for n in names if not (executed_dir / n).is_file()]
    (out_dir / "index.html").write_text(index_html(pages, missing, title=title), encoding="utf-8")
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="data/articles", help="the corpus `make figures` ran")
    parser.add_argument("--out", type=Path, help="the site's folder (default build/report/<name>)")
    args = parser.parse_args(argv)
    name = corpus_name(args.corpus)
    out = args.out or REPORT_DIR / name
    try:
        pages = build_report(executed_dir_for(args.corpus), out, title=f"Coverage report: {name}")
    except (FileNotFoundError, ValueError) as err:
        print(f"failed: {err}", file=sys.stderr)
        return 1
    for p in pages:
        note = f"  ({p.errors} cell error(s))" if p.errors else ""
        print(f"  wrote {p.page}{note}", flush=True)
    print(f"report: {out / 'index.html'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
