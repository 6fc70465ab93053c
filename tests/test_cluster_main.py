"""What the main process does on a cluster load: work it can leave undone or do once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import corpus_utils


def _run(code: str) -> str:
    """``code`` in a fresh interpreter importing this same package; its stdout."""
    env = {**os.environ, "PYTHONPATH": str(Path(corpus_utils.__file__).parents[1])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return out.stdout.strip()


def test_a_hidden_progress_bar_does_not_import_the_notebook_widgets():
    code = (
        "import sys\n"
        "from corpus_utils.prepare.parallel import progress_bar\n"
        "with progress_bar(3, 'quiet', enabled=False) as bar:\n"
        "    bar.update(3)\n"
        "print(bar.disable, 'tqdm.notebook' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    assert _run(code) == "True False False"


def test_a_shown_progress_bar_outside_a_notebook_is_the_terminal_one():
    code = (
        "import tqdm.notebook, tqdm.std\n"
        "from corpus_utils.prepare.parallel import progress_bar\n"
        "bar = progress_bar(3, 'shown', enabled=True)\n"
        "print(isinstance(bar, tqdm.std.tqdm), isinstance(bar, tqdm.notebook.tqdm), bar.disable)\n"
        "bar.close()"
    )
    assert _run(code) == "True False False"
