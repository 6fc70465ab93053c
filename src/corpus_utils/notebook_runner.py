"""Execute the notebooks in order, each in a fresh kernel, with papermill.

``make figures`` calls this; so does the test suite. Executed copies go to
``build/executed/`` (ignored by git); the committed notebooks stay without outputs.

Usage::

    python -m corpus_utils.notebook_runner --corpus data/articles
    python -m corpus_utils.notebook_runner --corpus ../shared/corpora/bbc --only 00
    python -m corpus_utils.notebook_runner --corpus news.csv -p group_by bias -p top_k 30

A failing notebook stops the run with one short message (the notebook, the cell and
the error), not papermill's traceback; the command then exits with status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import paths

NOTEBOOKS_DIR = paths.PROJECT_ROOT / "notebooks"
EXECUTED_DIR = paths.PROJECT_ROOT / "build" / "executed"


def notebooks(only: list[str] | None = None) -> list[Path]:
    """The project's notebooks ``NN_theme.ipynb`` in order, optionally only some prefixes."""
    found = sorted(p for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    if only:
        found = [p for p in found if any(p.name.startswith(o) for o in only)]
    return found


class NotebookError(RuntimeError):
    """A notebook failed: ``str(err)`` names the notebook, the cell and the error.

    The full traceback stays in the executed copy (``err.executed``).
    """

    def __init__(self, notebook: Path, executed: Path, cell: int, source: str, error: str):
        first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
        if len(first) > 70:
            first = first[:69] + "…"
        super().__init__(f"{notebook.name}, cell {cell} (`{first}`): {error}")
        self.notebook, self.executed, self.cell, self.error = notebook, executed, cell, error


def declared_parameters(notebook: Path) -> set[str]:
    """The names a notebook's ``parameters`` cell assigns (papermill's own reading)."""
    import papermill as pm

    return set(pm.inspect_notebook(str(notebook)))


def parse_value(text: str) -> object:
    """A ``-p name value`` value: a Python literal when it reads as one, else the string.

    >>> parse_value("30"), parse_value("bias"), parse_value("[2, 3]"), parse_value("None")
    (30, 'bias', [2, 3], None)
    """
    import ast

    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _source_cell(notebook: Path, index: int) -> int:
    """The index in the committed notebook of papermill's cell ``index``.

    Papermill runs the notebook with its injected parameters cell right after the
    ``parameters`` cell; cells after it are one further down than in the notebook.
    """
    import json

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    tagged = [
        i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    return index - 1 if tagged and index > tagged[0] else index


def figures_dir_for(corpus: str) -> Path:
    """``figures/`` for the project's own corpus; ``figures/<corpus-name>/`` for any other.

    So running on another corpus never overwrites the committed figures.
    """
    resolved = paths.resolve(corpus).resolve()
    if resolved == paths.DEFAULT_CORPUS.resolve():
        return paths.figures_dir()
    return paths.figures_dir() / resolved.name.removesuffix(resolved.suffix)


def run(
    corpus: str = "data/articles",
    *,
    only: list[str] | None = None,
    output_dir: Path | None = None,
    figures_dir: Path | None = None,
    log_output: bool = False,
    parameters: dict[str, object] | None = None,
    on_done: Callable[[Path, float], None] | None = None,
) -> list[tuple[Path, float]]:
    """Execute each notebook with ``corpus`` as its parameter; returns (output, seconds).

    Args:
        corpus: the corpus path, every notebook's ``corpus`` parameter.
        only: notebook prefixes to run (``["00", "03"]``); default all.
        output_dir: where the executed copies go (default ``build/executed/``).
        figures_dir: where figures go (default :func:`figures_dir_for` the corpus).
        log_output: stream the kernel's output (papermill's ``log_output``).
        parameters: more parameters (``{"group_by": "bias"}``); each notebook gets those
            its ``parameters`` cell declares and no other.
        on_done: called with ``(executed copy, seconds)`` after each notebook.

    Raises:
        NotebookError: on the first failing cell, naming the notebook, cell and error.
    """
    import papermill as pm

    figures_dir = figures_dir or figures_dir_for(corpus)
    if output_dir is None:  # executed copies for another corpus go beside, not over, ours
        other = figures_dir != paths.figures_dir()
        output_dir = EXECUTED_DIR / figures_dir.name if other else EXECUTED_DIR
    output_dir.mkdir(parents=True, exist_ok=True)
    done = []
    old = os.environ.get("CORPUS_UTILS_FIGURES_DIR")
    os.environ["CORPUS_UTILS_FIGURES_DIR"] = str(figures_dir)  # the kernel inherits it
    try:
        for nb in notebooks(only):
            out = output_dir / nb.name
            declared = declared_parameters(nb)
            given = {k: v for k, v in (parameters or {}).items() if k in declared}
            t0 = time.perf_counter()
            try:
                pm.execute_notebook(
                    str(nb),
                    str(out),
                    parameters={**given, "corpus": str(corpus)},
                    cwd=str(NOTEBOOKS_DIR),
                    kernel_name="python3",
                    progress_bar=False,
                    log_output=log_output,
                )
            except pm.PapermillExecutionError as err:
                error = f"{err.ename}: {err.evalue}".strip()
                cell = _source_cell(nb, err.cell_index)
                raise NotebookError(nb, out, cell, err.source, error) from None
            done.append((out, time.perf_counter() - t0))
            if on_done is not None:
                on_done(*done[-1])
    finally:
        if old is None:
            os.environ.pop("CORPUS_UTILS_FIGURES_DIR", None)
        else:
            os.environ["CORPUS_UTILS_FIGURES_DIR"] = old
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", default="data/articles", help="corpus path (the notebooks' parameter)"
    )
    parser.add_argument("--only", nargs="*", help="notebook prefixes to run, e.g. 00 01")
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter for every notebook that declares it, e.g. -p group_by bias",
    )
    args = parser.parse_args(argv)
    params = {name: parse_value(value) for name, value in args.parameter}
    if "corpus" in params:
        parser.error("give the corpus with --corpus, not -p corpus")
    target = figures_dir_for(args.corpus)
    shown = "".join(f"  {k}={v!r}" for k, v in params.items())
    print(f"corpus: {args.corpus}  ->  figures: {target}{shown}", flush=True)

    def report(out: Path, secs: float) -> None:
        copy = (
            out.relative_to(paths.PROJECT_ROOT) if out.is_relative_to(paths.PROJECT_ROOT) else out
        )
        print(f"  ran {out.name} in {secs:.1f} s  (executed copy: {copy})", flush=True)

    try:
        run(args.corpus, only=args.only, parameters=params, on_done=report)
    except NotebookError as err:
        print(f"failed: {err}", file=sys.stderr)
        print(f"  (full traceback in {err.executed})", file=sys.stderr)
        return 1
    except FileNotFoundError as err:  # raised before any notebook starts (figures_dir_for)
        print(f"failed: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
