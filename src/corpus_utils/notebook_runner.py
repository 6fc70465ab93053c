"""Execute the notebooks in order, each in a fresh kernel, with papermill.

``make figures`` calls this; so does the test suite. Executed copies go to
``build/executed/`` (ignored by git); the committed notebooks stay without outputs.

Usage::

    python -m corpus_utils.notebook_runner --corpus data/articles
    python -m corpus_utils.notebook_runner --corpus ../shared/corpora/bbc --only 00
    python -m corpus_utils.notebook_runner --corpus news.csv -p group_by bias -p top_k 30
    python -m corpus_utils.notebook_runner --corpus news.csv --set GROUP_BY=bias --set K=5
    python -m corpus_utils.notebook_runner --list-parameters

Each parameter reaches every notebook whose ``parameters`` cell declares it; a name no
notebook declares is refused before anything runs, with the list of valid names.
``make figures GROUP_BY=bias K=5`` passes its command-line variables as ``--set``.

A failing notebook stops the run with one short message (the notebook, the cell and
the error), not papermill's traceback; the command then exits with status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
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
    return set(_inspect(notebook))


def _inspect(notebook: Path) -> dict[str, dict[str, str]]:
    import papermill as pm

    return pm.inspect_notebook(str(notebook))


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: its name, who declares it, its default and its comment."""

    name: str
    notebooks: tuple[str, ...]  # the two-digit prefixes of the notebooks declaring it
    default: str  # as written in the first notebook declaring it
    help: str  # that notebook's comment on the line

    @property
    def make_variable(self) -> str:
        """The ``make figures`` variable that sets it: the upper-case name."""
        return self.name.upper()


def notebook_parameters(nbs: list[Path] | None = None) -> list[Parameter]:
    """Every parameter the notebooks declare (``corpus`` first), with who declares it.

    Read from each notebook's ``parameters`` cell, so the list cannot go stale; the
    README's parameter table is checked against it, and ``--list-parameters`` prints it.

    Args:
        nbs: the notebooks to read (default all of the project's).

    >>> [p.name for p in notebook_parameters()][:2]
    ['corpus', 'cache']
    """
    found: dict[str, dict] = {}
    for nb in nbs if nbs is not None else notebooks():
        for name, info in _inspect(nb).items():
            entry = found.setdefault(name, {"nbs": [], "default": {}, "help": {}})
            entry["nbs"].append(nb.name[:2])
            entry["default"].setdefault(info["default"], []).append(nb.name[:2])
            if info.get("help"):
                entry["help"].setdefault(info["help"], []).append(nb.name[:2])
    return [
        Parameter(name, tuple(e["nbs"]), _joined(e["default"]), _joined(e["help"]))
        for name, e in found.items()
    ]


def _joined(values: dict[str, list[str]]) -> str:
    """One default or comment as it is; several (notebooks differ) each with its notebooks.

    >>> _joined({"terms per ranking": ["01"]})
    'terms per ranking'
    >>> _joined({"groups shown": ["02"], "sources shown": ["03"]})
    '02: groups shown; 03: sources shown'
    """
    if len(values) == 1:
        return next(iter(values))
    return "; ".join(f"{', '.join(nbs)}: {text}" for text, nbs in values.items())


def check_parameters(names: list[str], nbs: list[Path] | None = None) -> None:
    """Refuse a parameter name that no notebook declares, listing the valid names.

    Raises:
        ValueError: naming each unknown parameter, its nearest valid name where there
            is one, and every parameter the notebooks declare.

    >>> check_parameters(["group_by", "top_k"])
    >>> try:
    ...     check_parameters(["groupby"])
    ... except ValueError as err:
    ...     print(str(err).split(";")[0])
    no notebook has a parameter 'groupby' (did you mean 'group_by'?)
    """
    import difflib

    valid = sorted(p.name for p in notebook_parameters(nbs) if p.name != "corpus")
    unknown = [n for n in names if n not in valid]
    if not unknown:
        return
    parts = []
    for name in unknown:
        near = difflib.get_close_matches(name, valid, n=1)
        parts.append(f"{name!r}" + (f" (did you mean {near[0]!r}?)" if near else ""))
    raise ValueError(
        f"no notebook has a parameter {', '.join(parts)}; the parameters are: "
        f"{', '.join(valid)} (and corpus, given with --corpus / CORPUS=)"
    )


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


def corpus_name(corpus: str) -> str:
    """A corpus's short name: its folder's name, or its file's name without the suffix.

    >>> corpus_name("data/articles"), corpus_name("../shared/corpora/fa-kes/FA-KES-Dataset.csv")
    ('articles', 'FA-KES-Dataset')
    """
    resolved = paths.resolve(corpus).resolve()
    return resolved.name.removesuffix(resolved.suffix)


def figures_dir_for(corpus: str) -> Path:
    """``figures/`` for the project's own corpus; ``figures/<corpus-name>/`` for any other.

    So running on another corpus never overwrites the committed figures.
    """
    if paths.resolve(corpus).resolve() == paths.DEFAULT_CORPUS.resolve():
        return paths.figures_dir()
    return paths.figures_dir() / corpus_name(corpus)


def executed_dir_for(corpus: str, *, figures_dir: Path | None = None) -> Path:
    """Where :func:`run` writes a corpus's executed copies (when not told otherwise).

    ``build/executed/`` beside the committed figures, ``build/executed/<name>/`` beside
    ``figures/<name>/``: executed copies for another corpus never overwrite ours.

    Args:
        corpus: the corpus path.
        figures_dir: the figures folder the run writes to (default
            :func:`figures_dir_for` the corpus).
    """
    figures = figures_dir or figures_dir_for(corpus)
    return EXECUTED_DIR if figures == paths.figures_dir() else EXECUTED_DIR / figures.name


OUTPUT_SUFFIXES = (".png", ".svg", ".csv")


def clear_outputs(figures_dir: Path, notebook: Path) -> list[Path]:
    """Delete the figure and table files an earlier run of ``notebook`` left in ``figures_dir``.

    A notebook names its files ``<notebook stem>__<name>`` (:func:`corpus_utils.save_figure`),
    so these are exactly its ``.png``, ``.svg`` and ``.csv`` files. Run before the notebook,
    so a figure the new run no longer draws (a view skipped on this corpus, a renamed file)
    does not stay beside the new ones as if it had been. Other files are left alone.

    Returns:
        The files deleted.
    """
    if not figures_dir.is_dir():
        return []
    stale = sorted(
        f
        for f in figures_dir.glob(f"{notebook.stem}__*")
        if f.suffix in OUTPUT_SUFFIXES and f.is_file()
    )
    for f in stale:
        f.unlink()
    return stale


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
        figures_dir: where figures go (default :func:`figures_dir_for` the corpus). Each
            notebook's files from an earlier run are deleted before it runs
            (:func:`clear_outputs`).
        log_output: stream the kernel's output (papermill's ``log_output``).
        parameters: more parameters (``{"group_by": "bias"}``); each notebook gets those
            its ``parameters`` cell declares and no other.
        on_done: called with ``(executed copy, seconds)`` after each notebook.

    Raises:
        ValueError: a parameter that none of the project's notebooks declares (before
            any notebook runs; :func:`check_parameters`).
        NotebookError: on the first failing cell, naming the notebook, cell and error.
    """
    import papermill as pm

    check_parameters(list(parameters or {}))
    figures_dir = figures_dir or figures_dir_for(corpus)
    output_dir = output_dir or executed_dir_for(corpus, figures_dir=figures_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    done = []
    old = os.environ.get("CORPUS_UTILS_FIGURES_DIR")
    os.environ["CORPUS_UTILS_FIGURES_DIR"] = str(figures_dir)  # the kernel inherits it
    try:
        for nb in notebooks(only):
            out = output_dir / nb.name
            declared = declared_parameters(nb)
            given = {k: v for k, v in (parameters or {}).items() if k in declared}
            clear_outputs(figures_dir, nb)
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


def parameters_table(params: list[Parameter] | None = None) -> str:
    """The notebooks' parameters as a Markdown table (the README's, ``--list-parameters``).

    One row per parameter: its name, the ``make figures`` variable that sets it, the
    notebooks that declare it, its default and the comment beside it in the notebook.
    """
    rows = [
        "| parameter | `make figures` | notebooks | default | what it sets |",
        "|---|---|---|---|---|",
    ]
    for p in params if params is not None else notebook_parameters():
        make = "`CORPUS=`" if p.name == "corpus" else f"`{p.make_variable}=`"
        help_ = p.help.replace("|", "\\|")
        rows.append(f"| `{p.name}` | {make} | {', '.join(p.notebooks)} | `{p.default}` | {help_} |")
    return "\n".join(rows) + "\n"


def _given_parameters(args: argparse.Namespace) -> dict[str, object]:
    """``-p name value`` and ``--set NAME=value`` (make's upper-case variables) as one dict."""
    pairs = [(name, value) for name, value in args.parameter]
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"--set wants NAME=VALUE, got {item!r}")
        pairs.append((name.lower(), value))
    return {name: parse_value(value) for name, value in pairs}


def _parser() -> argparse.ArgumentParser:
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
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="the same, the name in any case: what `make figures GROUP_BY=bias K=5` passes",
    )
    parser.add_argument(
        "--list-parameters",
        action="store_true",
        help="print every notebook parameter (a Markdown table) and exit",
    )
    return parser


def parse_command_line(argv: list[str] | None = None) -> tuple[argparse.Namespace, dict]:
    """The runner's arguments and the notebook parameters they give, checked.

    Exits (status 2, argparse's way) with a clear message on ``-p corpus``, a malformed
    ``--set`` or a name no notebook declares (:func:`check_parameters`).

    >>> parse_command_line(["-p", "top_n", "20", "--set", "GROUP_BY=labels"])[1]
    {'top_n': 20, 'group_by': 'labels'}
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.list_parameters:
        return args, {}
    try:
        params = _given_parameters(args)
    except ValueError as err:
        parser.error(str(err))
    if "corpus" in params:
        parser.error("give the corpus with --corpus, not -p corpus")
    try:
        check_parameters(list(params))
    except ValueError as err:
        parser.error(str(err))
    return args, params


def main(argv: list[str] | None = None) -> int:
    args, params = parse_command_line(argv)
    if args.list_parameters:
        print(parameters_table(), end="")
        return 0
    running = notebooks(args.only)
    declared = {p.name: p.notebooks for p in notebook_parameters()}
    for name in params:
        if not set(declared[name]) & {nb.name[:2] for nb in running}:
            print(f"note: {name} is a parameter of {', '.join(declared[name])} only, not run")
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
