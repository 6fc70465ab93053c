"""Every notebook runs on odd corpora (no outlet, no date, one article, one outlet) without an
error: a figure that needs what is missing is replaced by a sentence saying why.

Two corpora cover the cases, to keep the run short: a folder of 41 short .txt articles with
no sidecar, no outlet cue and no date (over the 40-article limit, so the notebooks take their
large-corpus paths, where grouping by outlet used to crash), and a CSV with a single article
from a single outlet and no date column.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from corpus_utils import notebook_runner, paths

WORDS = "river park council school storm road bridge market library water family city".split()


def _no_outlet_no_date(folder):
    folder.mkdir()
    for i in range(41):  # each article its own word order: no article repeats another
        rng = random.Random(i)
        a = " ".join(rng.sample(WORDS, 8))
        b = " ".join(rng.sample(WORDS, 6))
        (folder / f"{i:03d}.txt").write_text(
            f"Story {i}\n\nThe {a} stayed calm. Officials said the {b} would open.\n\n"
            f"Residents spoke of the {b}.\n",
            encoding="utf-8",
        )
    return folder


def _one_article_one_outlet(path):
    path.write_text(
        "id,outlet,title,text\n"
        '1,Daily Post,Bridge reopens,"The old bridge reopened after repairs. '
        'Drivers said the wait was long.\n\nThe work cost more than planned."\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    root = tmp_path_factory.mktemp("odd")
    return {
        "no_outlet_no_date": _no_outlet_no_date(root / "no_outlet_no_date"),
        "one_article_one_outlet": _one_article_one_outlet(root / "one.csv"),
    }


def _errors(executed) -> list[str]:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return [
        f"{o['ename']}: {o['evalue']}"
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def _text(executed) -> str:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    parts = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            parts.append("".join(data.get("text/markdown", "")) + "".join(o.get("text", "")))
    return "\n".join(parts)


@pytest.mark.parametrize("case", ["no_outlet_no_date", "one_article_one_outlet"])
@pytest.mark.parametrize("notebook", notebook_runner.notebooks(), ids=lambda p: p.name[:2])
def test_notebook_runs_on_an_odd_corpus(odd, case, notebook, tmp_path):
    out = tmp_path / "out"
    notebook_runner.run(
        str(odd[case]), only=[notebook.name[:2]], output_dir=out, figures_dir=tmp_path / "f"
    )
    executed = out / notebook.name
    assert _errors(executed) == []
    text = _text(executed)
    assert "Newsweek" not in text  # nothing speaks of the seed corpus
    if case == "no_outlet_no_date" and notebook.name.startswith("00"):
        assert "No article repeats another" in text  # all 41 are analysed
        assert "None of the 41 articles has a known publication date" in text
        assert not (tmp_path / "f" / "00_corpus_overview__timeline.png").exists()
        assert "41 of 41 articles have no outlet and are left out" in text
    if case == "one_article_one_outlet" and notebook.name.startswith("03"):
        assert "Only one outlet (Daily Post, 1 article): no comparison between outlets." in text
        assert not (tmp_path / "f" / "03_source_comparison__log_odds_outlet.png").exists()


def test_a_failing_notebook_is_one_line_and_exit_status_1(tmp_path):
    missing = tmp_path / "no_such_corpus"
    done = subprocess.run(
        [sys.executable, "-m", "corpus_utils.notebook_runner", "--corpus", str(missing)]
        + ["--only", "00"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1
    failed = [ln for ln in done.stderr.splitlines() if ln.startswith("failed:")]
    assert failed == [
        "failed: 00_corpus_overview.ipynb, cell 2 (`import pandas as pd`): "
        f"FileNotFoundError: no corpus at {missing} (looked for {missing})"
    ]
    # no papermill traceback from the runner (a kernel shutting down may still log its
    # own zmq noise to the inherited stderr: that is not the runner's report)
    assert "PapermillExecutionError" not in done.stderr
    assert "papermill/" not in done.stderr and "corpus_utils/notebook_runner.py" not in done.stderr


def test_runner_passes_only_declared_parameters():
    nbs = {p.name[:2]: p for p in notebook_runner.notebooks()}
    assert {"corpus", "cache", "group_by"} <= notebook_runner.declared_parameters(nbs["00"])
    assert "k_range" in notebook_runner.declared_parameters(nbs["02"])
    assert "k_range" not in notebook_runner.declared_parameters(nbs["00"])
    assert notebook_runner.parse_value("bias") == "bias"
    assert notebook_runner.parse_value("30") == 30
    assert notebook_runner.parse_value("[2, 3]") == [2, 3]


def test_runner_rejects_corpus_as_a_parameter(capsys):
    with pytest.raises(SystemExit):
        notebook_runner.main(["-p", "corpus", "x"])
    assert "--corpus" in capsys.readouterr().err


def test_runner_parameters_reach_the_notebook(tmp_path):
    """-p group_by title: notebook 00 groups its removal summary by the title column."""
    out = tmp_path / "out"
    notebook_runner.run(
        str(paths.PROJECT_ROOT / "data" / "articles"),
        only=["00"],
        output_dir=out,
        figures_dir=tmp_path / "f",
        parameters={"group_by": "title", "k_range": [2]},  # k_range: not declared in 00
    )
    nb = json.loads((out / "00_corpus_overview.ipynb").read_text(encoding="utf-8"))
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    source = "".join(injected[0]["source"])
    assert 'group_by = "title"' in source and "k_range" not in source
