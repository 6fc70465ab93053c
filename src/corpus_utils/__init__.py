"""corpus_utils: load, clean, segment and tokenize news articles for the notebooks.

>>> import corpus_utils as cu
>>> corpus = cu.load_corpus("data/articles")  # doctest: +SKIP
>>> corpus.docs, corpus.report, corpus.removed, corpus.sentences  # doctest: +SKIP
>>> corpus.tokens(drop_stop=True, metadata=["outlet"])  # doctest: +SKIP
>>> from corpus_utils import dtm
>>> dtm.dtm(corpus, by="outlet", tokens=cu.TokenOptions(stem=True))  # doctest: +SKIP
"""

from . import paths, plots
from .corpus import Corpus
from .dtm import DocTermMatrix
from .figures import save_figure, set_style
from .load import EmptyCorpusError, load_corpus
from .options import TokenOptions
from .tokenization import MissingNLTKData

__all__ = [
    "Corpus",
    "DocTermMatrix",
    "EmptyCorpusError",
    "MissingNLTKData",
    "load_corpus",
    "paths",
    "plots",
    "save_figure",
    "set_style",
    "TokenOptions",
]
__version__ = "0.1.0"
