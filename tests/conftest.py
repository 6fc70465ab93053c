"""Shared fixtures: the project's five-article corpus, loaded once per test session."""

from __future__ import annotations

import os

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
