"""Topic models that say how far they can be trusted: NMF and LDA over the package's tokens.

Five articles are far too few documents for a topic model, so by default the model sees
*paragraphs* (``unit="paragraph"``); windows of consecutive sentences
(``unit="sentences"``) and whole articles (``unit="document"``) are the other choices.
Every unit keeps its ``doc_id``, its character offsets into ``Corpus.docs.text`` and the
article's metadata, so any topic can be traced back to the text it came from.

The terms are the package's own tokens (:meth:`Corpus.tokens`): stop words and
punctuation out, actor names merged (``ISIS``, ``SDF``), tokens without a letter
(numbers, dates) and one-character tokens out. scikit-learn's vectorizers only count
them (``analyzer=`` a function that returns the unit's terms), so the topic model and
every other analysis in the notebooks agree on what a word is.

How to choose and judge a model:

- :func:`select_k` fits a range of ``k`` and reports, for each, topic *coherence* (NPMI of
  each topic's top terms, counted over the units themselves) and *stability* (do the
  topics come back when the model is refitted with other seeds on a resample of the
  units?). Plot it with :func:`corpus_utils.plots.topicplots.plot_k_selection`.
- :func:`fit_topics` fits one model and returns a :class:`TopicModel`.
- :func:`stability` and :func:`stability_statement` say, per topic, whether it can be
  trusted, in plain words.
- :func:`top_terms`, :func:`relevant_terms` (LDAvis relevance with a ``lam`` knob),
  :func:`representative_units` and :func:`topic_prevalence` describe the topics.

>>> import corpus_utils as cu
>>> from corpus_utils import topics
>>> corpus = cu.load_corpus("data/articles")
>>> table = topics.select_k(corpus, ks=range(2, 4))
>>> table["k"].tolist()
[2, 3]
>>> tm = topics.fit_topics(corpus, k=4)
>>> print(topics.stability_statement(topics.stability(tm)))  # doctest: +ELLIPSIS
No topic is stable: ...
"""

from .describe import (
    document_topics,
    given_dates,
    representative_units,
    topic_prevalence,
    topic_prevalence_over_time,
)
from .explorer import EXPLORER_NOTE, terms_table, topic_explorer
from .fit import TopicModel, fit_topics, relevant_terms, top_terms
from .plan import (
    DOCUMENT_UNITS_FROM,
    K_COARSE,
    K_FINE_UP_TO,
    K_MAX,
    LARGE_K,
    LARGE_K_SEEDS,
    MAX_DF,
    MAX_FEATURES,
    SEARCH_FEATURES,
    SEARCH_UNITS,
    SEEDS_BY_UNITS,
    SEEDS_LARGE,
    STABILITY_UNITS,
    UNITS_PER_MIN_DF,
    TopicPlan,
    choose_k,
    choose_k_rule,
    eligible_k,
    plan_for_sizes,
    topic_plan,
)
from .quality import (
    dominant_topic_warning,
    match_topics,
    npmi_matrix,
    search_check_statement,
    select_k,
    stability,
    stability_statement,
    topic_coherence,
)
from .units import (
    DOMINANT_SHARE,
    REASON_DUPLICATE,
    REASON_NO_TERMS,
    REASON_NO_VOCAB,
    UNIT_KINDS,
    ModelKind,
    UnitKind,
    UnitTerms,
    exclusion_counts,
    prepare_units,
    topic_units,
)

__all__ = [
    "UnitKind",
    "ModelKind",
    "UNIT_KINDS",
    "DOMINANT_SHARE",
    "REASON_DUPLICATE",
    "REASON_NO_TERMS",
    "REASON_NO_VOCAB",
    "exclusion_counts",
    "topic_units",
    "UnitTerms",
    "prepare_units",
    "TopicModel",
    "fit_topics",
    "relevant_terms",
    "top_terms",
    "npmi_matrix",
    "topic_coherence",
    "match_topics",
    "stability",
    "stability_statement",
    "search_check_statement",
    "select_k",
    "dominant_topic_warning",
    "DOCUMENT_UNITS_FROM",
    "K_MAX",
    "K_FINE_UP_TO",
    "K_COARSE",
    "UNITS_PER_MIN_DF",
    "MAX_DF",
    "MAX_FEATURES",
    "SEARCH_UNITS",
    "SEEDS_BY_UNITS",
    "SEEDS_LARGE",
    "SEARCH_FEATURES",
    "LARGE_K",
    "LARGE_K_SEEDS",
    "STABILITY_UNITS",
    "TopicPlan",
    "plan_for_sizes",
    "topic_plan",
    "eligible_k",
    "choose_k_rule",
    "choose_k",
    "representative_units",
    "document_topics",
    "topic_prevalence",
    "given_dates",
    "topic_prevalence_over_time",
    "EXPLORER_NOTE",
    "terms_table",
    "topic_explorer",
]
