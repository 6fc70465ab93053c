"""Execute the notebooks in order, each in a fresh kernel, with papermill.

``make figures`` calls this; so does the test suite. Executed copies go to
``build/executed/`` (ignored by git); the committed notebooks stay without outputs.

Usage::

    python -m corpus_utils.notebook_runner --corpus data/articles
    python -m corpus_utils.notebook_runner --corpus ../shared/corpora/bbc --only 00
"""

from __future__ import annotations

import argparse
import os
import sys
import time
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
) -> list[tuple[Path, float]]:
    """Execute each notebook with ``corpus`` as its parameter; returns (output, seconds).

    Raises papermill's ``PapermillExecutionError`` on the first failing cell.
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
            t0 = time.perf_counter()
            pm.execute_notebook(
                str(nb),
                str(out),
                parameters={"corpus": str(corpus)},
                cwd=str(NOTEBOOKS_DIR),
                kernel_name="python3",
                progress_bar=False,
                log_output=log_output,
            )
            done.append((out, time.perf_counter() - t0))
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
    args = parser.parse_args(argv)
    target = figures_dir_for(args.corpus)
    print(f"corpus: {args.corpus}  ->  figures: {target}")
    for out, secs in run(args.corpus, only=args.only):
        copy = out.relative_to(paths.PROJECT_ROOT)
        print(f"  ran {out.name} in {secs:.1f} s  (executed copy: {copy})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
