"""Where the project keeps its data and figures.

One module knows the project root; environment variables override the folders
(tests point ``CORPUS_UTILS_FIGURES_DIR`` at a temporary folder):

- ``CORPUS_UTILS_DATA_DIR``: the data folder (default ``<root>/data``)
- ``CORPUS_UTILS_FIGURES_DIR``: where :func:`corpus_utils.save_figure` writes
  (default ``<root>/figures``)
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The data folder, honouring ``CORPUS_UTILS_DATA_DIR``."""
    return Path(os.environ.get("CORPUS_UTILS_DATA_DIR", PROJECT_ROOT / "data"))


def figures_dir() -> Path:
    """The figures folder, honouring ``CORPUS_UTILS_FIGURES_DIR``."""
    return Path(os.environ.get("CORPUS_UTILS_FIGURES_DIR", PROJECT_ROOT / "figures"))


DATA_DIR = data_dir()
FIGURES_DIR = figures_dir()
DEFAULT_CORPUS = DATA_DIR / "articles"
SHARED_CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"


def resolve(path: str | os.PathLike[str]) -> Path:
    """Resolve a user-given path: as given if it exists, else relative to the project root.

    Notebooks run with the ``notebooks/`` folder as working directory, so a parameter
    such as ``corpus="data/articles"`` is found under the project root.

    >>> resolve("data/articles").resolve() == PROJECT_ROOT / "data" / "articles"
    True
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p
    candidate = PROJECT_ROOT / p
    return candidate if candidate.exists() else p
