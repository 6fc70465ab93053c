"""corpus_utils: load, clean, segment and tokenize news articles for the notebooks.

>>> import corpus_utils as cu
>>> corpus = cu.load_corpus("data/articles")
>>> corpus.docs["outlet"].value_counts().to_dict()
{'Newsweek': 4, 'Daily Caller News Foundation': 1}
>>> corpus.report["status"].tolist()  # five article files and the metadata sidecar
['loaded', 'loaded', 'loaded', 'loaded', 'loaded', 'metadata']
>>> corpus.tokens(drop_stop=True, metadata=["outlet"]).columns.tolist()
... # doctest: +NORMALIZE_WHITESPACE
['doc_id', 'sent_id', 'token_id', 'token', 'norm', 'start', 'end', 'is_stop', 'is_punct',
 'actor', 'outlet']
>>> from corpus_utils.stats import dtm
>>> dtm.dtm(corpus, by="outlet", tokens=cu.TokenOptions(stem=True)).rows["n_docs"].tolist()
[1, 4]
"""

from . import paths, plots
from .corpus import Corpus
from .options import TokenOptions
from .plots.figures import save_figure, save_table, set_style
from .prepare.load import EmptyCorpusError, load_corpus
from .prepare.parallel import ClusterError
from .prepare.tokenization import MissingNLTKData
from .stats.dtm import DocTermMatrix

__all__ = [
    "ClusterError",
    "Corpus",
    "DocTermMatrix",
    "EmptyCorpusError",
    "MissingNLTKData",
    "load_corpus",
    "paths",
    "plots",
    "save_figure",
    "save_table",
    "set_style",
    "TokenOptions",
]
__version__ = "0.1.0"
