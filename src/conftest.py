"""Doctest fixtures: the names the package's docstring examples use.

``pytest`` collects the docstrings under ``src/corpus_utils`` (``--doctest-modules``, see
pyproject.toml). Examples that need a prepared corpus find ``corpus`` (the five seed
articles in data/articles, with the metadata sidecar) in their namespace, loaded once per
session with its cache in a temporary folder, never in the project's ``.cache/``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import corpus_utils as cu
from corpus_utils import paths


@pytest.fixture(scope="session")
def _doctest_corpus(tmp_path_factory) -> cu.Corpus:
    """The seed corpus, prepared once, its cache in a temporary folder."""
    cache = tmp_path_factory.mktemp("doctest-cache")
    return cu.load_corpus(paths.PROJECT_ROOT / "data" / "articles", cache=cache)


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace, _doctest_corpus) -> Iterator[None]:
    """``cu``, ``pd`` and ``corpus`` for every docstring example; the figures an example
    draws are closed after it."""
    import matplotlib.pyplot as plt
    import pandas as pd

    doctest_namespace["cu"] = cu
    doctest_namespace["pd"] = pd
    doctest_namespace["corpus"] = _doctest_corpus
    yield
    plt.close("all")
