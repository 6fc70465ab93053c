"""The runner's parameters: from `make figures NAME=value` and `-p`, to the notebooks."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess

import pytest

from corpus_utils import html_report, notebook_runner, paths

RUNNER = "corpus_utils.notebook_runner"


def make_figures_argv(*variables: str) -> list[str]:
    """The runner's arguments as `make -n figures VAR=value ...` would pass them.

    `make -n` only prints the recipe; nothing is built or run.
    """
    assert shutil.which("make"), "make is needed (the README's commands are make targets)"
    done = subprocess.run(
        ["make", "-n", "figures", *variables],
        cwd=paths.PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(ln for ln in done.stdout.splitlines() if f"-m {RUNNER}" in ln)
    argv = shlex.split(line)
    return argv[argv.index(RUNNER) + 1 :]


def test_make_variables_become_the_notebooks_parameters():
    argv = make_figures_argv(
        "CORPUS=../shared/corpora/fa-kes/FA-KES-Dataset.csv",
        "GROUP_BY=labels",
        "TOP_N=20",
        "K_RANGE=[5, 10]",
        'COLLOCATE_NODES=["O\'Neill", "Blair"]',  # a quote inside survives the shell
    )
    args, params = notebook_runner.parse_command_line(argv)
    assert args.corpus == "../shared/corpora/fa-kes/FA-KES-Dataset.csv"
    assert params == {
        "group_by": "labels",
        "top_n": 20,
        "k_range": [5, 10],
        "collocate_nodes": ["O'Neill", "Blair"],
    }


def test_make_passes_no_parameter_when_none_is_given():
    argv = make_figures_argv()
    assert argv == ["--corpus", "data/articles"]
    assert notebook_runner.parse_command_line(argv)[1] == {}


def test_a_name_no_notebook_declares_is_refused_listing_the_valid_names(capsys):
    argv = make_figures_argv("GROUPBY=labels")
    with pytest.raises(SystemExit) as exc:
        notebook_runner.parse_command_line(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "no notebook has a parameter 'groupby' (did you mean 'group_by'?)" in err
    listed = re.search(r"the parameters are: ([a-z_, ]+)", err).group(1).split(", ")
    assert {"cache", "group_by", "top_k", "top_n", "k", "unit"} <= set(listed)
    assert "corpus" not in listed  # given with --corpus / CORPUS=, and said so
    with pytest.raises(ValueError, match="'colour'"):  # run() refuses it too, before running
        notebook_runner.run("data/articles", parameters={"colour": "red"})


def test_malformed_set_is_refused(capsys):
    with pytest.raises(SystemExit):
        notebook_runner.parse_command_line(["--set", "K"])
    assert "--set wants NAME=VALUE, got 'K'" in capsys.readouterr().err


def test_a_parameter_from_make_reaches_the_notebook_that_declares_it(tmp_path):
    """GROUP_BY and CACHE reach notebook 00; TOP_K (declared by 01 only) does not."""
    _, params = notebook_runner.parse_command_line(
        make_figures_argv("GROUP_BY=title", "CACHE=False", "TOP_K=5")
    )
    out = tmp_path / "out"
    notebook_runner.run(
        "data/articles",
        only=["00"],
        output_dir=out,
        figures_dir=tmp_path / "f",
        parameters=params,
    )
    nb = json.loads((out / "00_corpus_overview.ipynb").read_text(encoding="utf-8"))
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    source = "".join(injected[0]["source"])
    assert 'group_by = "title"' in source and "cache = False" in source
    assert "top_k" not in source
    assert nb["metadata"]["papermill"]["parameters"]["group_by"] == "title"


def test_parameters_are_read_from_every_notebook():
    found = {p.name: p for p in notebook_runner.notebook_parameters()}
    nbs = [nb.name[:2] for nb in notebook_runner.notebooks()]
    assert found["corpus"].notebooks == tuple(nbs)  # every notebook takes a corpus
    assert found["group_by"].notebooks == tuple(nbs)
    assert found["top_k"].notebooks == ("01",)
    assert found["top_k"].default == "20" and found["top_k"].make_variable == "TOP_K"


def _readme_rows() -> dict[str, list[str]]:
    """The README's parameter table: parameter name -> its cells."""
    text = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    head = "| parameter | `make figures` | notebooks | default | what it sets |"
    assert head in text, "the README has no parameter table"
    rows = {}
    for line in text[text.index(head) :].splitlines()[2:]:
        if not line.startswith("| `"):
            break
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        rows[cells[0].strip("`")] = cells
    return rows


def test_every_declared_parameter_is_in_the_readme_table():
    """The table in README "Notebooks" says who declares each parameter and its default.

    `python -m corpus_utils.notebook_runner --list-parameters` prints the current table.
    """
    rows = _readme_rows()
    for p in notebook_runner.notebook_parameters():
        assert p.name in rows, f"README parameter table lacks {p.name} (--list-parameters)"
        _, make, nbs, default, _ = rows[p.name]
        assert make == ("`CORPUS=`" if p.name == "corpus" else f"`{p.make_variable}=`")
        assert nbs == ", ".join(p.notebooks), f"README: {p.name} is declared by {p.notebooks}"
        assert default == f"`{p.default}`", f"README: {p.name} defaults to {p.default}"
    declared = {p.name for p in notebook_runner.notebook_parameters()}
    assert set(rows) <= declared, f"README lists parameters no notebook has: {set(rows) - declared}"


def test_list_parameters_prints_the_table(capsys):
    assert notebook_runner.main(["--list-parameters"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].startswith("| parameter |")
    assert "| `group_by` | `GROUP_BY=` |" in printed


def test_the_report_reads_the_executed_copies_where_the_runner_writes_them():
    for corpus in ("data/articles", str(paths.SHARED_CORPORA / "bbc")):
        assert html_report.executed_dir_for(corpus) == notebook_runner.executed_dir_for(corpus)
    bbc = notebook_runner.executed_dir_for(str(paths.SHARED_CORPORA / "bbc"))
    assert bbc == notebook_runner.EXECUTED_DIR / "bbc"
    assert notebook_runner.executed_dir_for("data/articles") == notebook_runner.EXECUTED_DIR
