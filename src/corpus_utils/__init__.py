"""corpus_utils: load, clean, segment and tokenize news articles for the notebooks.

>>> import corpus_utils as cu
>>> corpus = cu.load_corpus("data/articles")  # doctest: +SKIP
>>> corpus.docs, corpus.report, corpus.removed, corpus.sentences  # doctest: +SKIP
>>> corpus.tokens(drop_stop=True, metadata=["outlet"])  # doctest: +SKIP
"""

from . import paths, plots
from .corpus import Corpus
from .figures import save_figure, set_style
from .load import EmptyCorpusError, load_corpus
from .tokenization import MissingNLTKData

__all__ = [
    "Corpus",
    "EmptyCorpusError",
    "MissingNLTKData",
    "load_corpus",
    "paths",
    "plots",
    "save_figure",
    "set_style",
]
__version__ = "0.1.0"
