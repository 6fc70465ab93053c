"""Shared fixtures: the project's five-article corpus, loaded once per test session."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import paths

SHARED_CORPORA = paths.SHARED_CORPORA


@pytest.fixture(scope="session", autouse=True)
def _corpus_cache_in_a_temporary_folder(tmp_path_factory):
    """Notebooks load with cache=True; in tests their cache goes to a temporary folder
    (kernels inherit the variable), never to the project's .cache/."""
    old = os.environ.get("CORPUS_UTILS_CACHE_DIR")
    os.environ["CORPUS_UTILS_CACHE_DIR"] = str(tmp_path_factory.mktemp("corpus-cache"))
    yield
    if old is None:
        os.environ.pop("CORPUS_UTILS_CACHE_DIR", None)
    else:
        os.environ["CORPUS_UTILS_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def corpus() -> cu.Corpus:
    """The five seed articles in data/articles, with the metadata sidecar."""
    return cu.load_corpus(paths.PROJECT_ROOT / "data" / "articles")


@pytest.fixture(scope="session")
def inferred_corpus() -> cu.Corpus:
    """The same articles with the sidecar ignored: every value inferred from the text."""
    return cu.load_corpus(paths.PROJECT_ROOT / "data" / "articles", metadata=False)


@pytest.fixture(scope="session")
def raw_texts() -> dict[str, str]:
    """The raw article files, read independently of the package (doc_id -> text)."""
    folder = paths.PROJECT_ROOT / "data" / "articles"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="session")
def case_corpus(tmp_path_factory):
    """A function: made-up articles (``{name: text}``) -> a corpus of them, one ``.txt``
    file each, in a new temporary folder named after ``label``."""

    def make(label: str, texts: dict[str, str]) -> cu.Corpus:
        folder = tmp_path_factory.mktemp(label)
        for name, text in texts.items():
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        return cu.load_corpus(folder, progress=False)

    return make


@pytest.fixture(scope="session")
def speaker_names():
    """A function: a ledger and a ``doc_id`` -> the ``speaker_name`` of each of the
    article's rows in statement order (``None`` where the article names no speaker)."""

    def names(led, doc: str) -> list[str | None]:
        rows = led[led["doc_id"] == doc].sort_values("statement_id")
        return [None if pd.isna(s) else str(s) for s in rows["speaker_name"]]

    return names
