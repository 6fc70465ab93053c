"""Progress bars in a notebook leave plain text behind, not a widget with no saved model."""

from __future__ import annotations

import re

from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from corpus_utils import paths

WIDGET = "application/vnd.jupyter.widget-view+json"


def test_a_closed_bar_is_replaced_by_one_line_of_text(tmp_path):
    nb = new_notebook(
        cells=[
            new_code_cell(
                "from corpus_utils.corpus import progress_bar\n"
                "with progress_bar(4, 'loading', enabled=True, unit='input') as bar:\n"
                "    for _ in range(4):\n"
                "        bar.update(1)"
            ),
            new_code_cell(
                "bar = progress_bar(4, 'reading', enabled=True, unit='file')\n"
                "bar.update(1)\n"
                "bar.close()"
            ),
            new_code_cell(
                "with progress_bar(4, 'quiet', enabled=False) as bar:\n    bar.update(4)"
            ),
        ]
    )
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(paths.PROJECT_ROOT)}},
    ).execute()
    done, stopped, quiet = (c["outputs"] for c in nb.cells)
    for outputs in (done, stopped):
        assert len(outputs) == 1, outputs
        assert WIDGET not in outputs[0]["data"]
    assert re.fullmatch(r"loading: 4 of 4 inputs in \d+\.\d s", done[0]["data"]["text/plain"])
    assert re.fullmatch(
        r"reading: 1 of 4 files in \d+\.\d s \(stopped before the end\)",
        stopped[0]["data"]["text/plain"],
    )
    assert quiet == []
