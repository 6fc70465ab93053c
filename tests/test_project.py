"""Project hygiene: environment files agree, notebooks are committed without outputs."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from corpus_utils import paths

ROOT = paths.PROJECT_ROOT
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_same_packages_as_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["dev"]}
    listed = set()
    in_deps = False
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"^  - ([A-Za-z0-9_.-]+)", line)
        if in_deps and m and m.group(1) not in ("python", "pip"):
            listed.add(_name(m.group(1)))
    assert listed == wanted, (
        f"only in environment.yml: {sorted(listed - wanted)}; "
        f"only in pyproject.toml: {sorted(wanted - listed)}"
    )


def test_environment_yml_pins_the_same_bounds_as_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = (
        pyproject["project"]["dependencies"] + pyproject["project"]["optional-dependencies"]["dev"]
    )
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for req in reqs:
        assert f"  - {req}\n" in env, f"environment.yml does not pin {req!r} as pyproject.toml does"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    dirty = [
        i
        for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert not dirty, f"{notebook.name}: cells {dirty} carry outputs; run `make strip`"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_have_a_parameters_cell_with_corpus(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters' (papermill)"
    assert re.search(r"^corpus\s*=", "".join(tagged[0]["source"]), re.M)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_use_no_relative_data_paths_or_installs(notebook):
    text = notebook.read_text(encoding="utf-8")
    for bad in ("../data", "sys.path", "!pip", "%pip"):
        assert bad not in text, f"{notebook.name} contains {bad!r}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_sources_by_outlet_joins_the_document_column(corpus):
    from corpus_utils.plots import sourceplots
    from corpus_utils.sources import attribution

    ledger = attribution.ledger(corpus)
    table = sourceplots.sources_by_group_data(ledger, by="outlet", docs=corpus.docs)
    outlets_with_statements = set(corpus.docs.set_index("doc_id").loc[ledger["doc_id"], "outlet"])
    assert set(table.columns) == outlets_with_statements
