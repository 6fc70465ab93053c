"""Token options: which tokens an analysis counts, and in which form, in one value.

Every counting or searching analysis takes ``tokens=TokenOptions(...)`` instead of a
block of keyword arguments. What each field does:

============  =========  ===============================================================
field         default    effect
============  =========  ===============================================================
lowercase     True       ``norm`` in lower case (actor names keep their canonical form)
stem          False      ``norm`` is the Snowball (English) stem of the word
lemma         False      ``norm`` is the WordNet lemma (needs NLTK's wordnet data)
merge_actors  True       multi-word actor names from the lexicon are one token
stopwords     None       a frozenset replacing the package's stop-word list (None: the
                         package's list)
drop_stop     True       leave out stop words (n-grams: those beginning or ending with one)
drop_punct    True       leave out punctuation (n-grams: those containing it)
============  =========  ===============================================================

``stem`` and ``lemma`` exclude each other. Options are frozen and hashable, so they key
the document-term matrices a corpus keeps (:func:`corpus_utils.stats.dtm.dtm`).

The old keyword arguments (``drop_stop=True, stem=True, ...``) still work: each
analysis passes them to :func:`token_options`, which applies them on top of ``tokens``
(or of the analysis's own default) and rejects any other name with a ``TypeError``.

>>> TokenOptions(stem=True, stopwords=["the", "a"]).stopwords == frozenset({"the", "a"})
True
>>> token_options(None, drop_stop=False).drop_stop
False
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TokenOptions:
    """Which tokens are counted, and in which form (see the module table)."""

    lowercase: bool = True
    stem: bool = False
    lemma: bool = False
    merge_actors: bool = True
    stopwords: frozenset[str] | None = None
    drop_stop: bool = True
    drop_punct: bool = True

    def __post_init__(self) -> None:
        if self.stopwords is not None and not isinstance(self.stopwords, frozenset):
            if isinstance(self.stopwords, str):
                raise TypeError("stopwords must be a collection of words, not one string")
            object.__setattr__(self, "stopwords", frozenset(self.stopwords))
        for name in ("lowercase", "stem", "lemma", "merge_actors", "drop_stop", "drop_punct"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"TokenOptions.{name} must be True or False")
        if self.stem and self.lemma:
            raise ValueError("choose stem=True or lemma=True, not both")

    def normalisation(self) -> dict[str, Any]:
        """The keyword arguments of :meth:`Corpus.tokens` that shape ``norm``.

        >>> TokenOptions(stem=True).normalisation()["stem"]
        True
        """
        return {
            "lowercase": self.lowercase,
            "stem": self.stem,
            "lemma": self.lemma,
            "merge_actors": self.merge_actors,
            "stopwords": self.stopwords,
        }

    def as_key(self) -> dict[str, object]:
        """The options as plain JSON values (stop words sorted), for cache keys.

        >>> TokenOptions(stopwords={"b", "a"}).as_key()["stopwords"]
        ['a', 'b']
        """
        out: dict[str, object] = dataclasses.asdict(self)
        out["stopwords"] = None if self.stopwords is None else sorted(self.stopwords)
        return out


FIELDS = frozenset(f.name for f in dataclasses.fields(TokenOptions))


def token_options(
    tokens: TokenOptions | None = None,
    *,
    default: TokenOptions | None = None,
    **kwargs: object,
) -> TokenOptions:
    """The options an analysis uses: ``tokens`` (or ``default``) with ``kwargs`` applied.

    Args:
        tokens: the caller's options, or None for the analysis's ``default``.
        default: the analysis's own default (``TokenOptions()`` when None).
        **kwargs: old-style keyword arguments (``drop_stop=False``, ``stopwords=[...]``),
            each replacing that field.

    Raises:
        TypeError: a keyword is not a token option, or ``tokens`` is not TokenOptions.

    >>> opts = token_options(TokenOptions(stem=True), merge_actors=False)
    >>> opts.stem, opts.merge_actors
    (True, False)
    >>> token_options(colour=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    TypeError: unknown token option colour; token options are: drop_punct, ...
    """
    unknown = sorted(set(kwargs) - FIELDS)
    if unknown:
        raise TypeError(
            f"unknown token option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"token options are: {', '.join(sorted(FIELDS))}"
        )
    if tokens is not None and not isinstance(tokens, TokenOptions):
        raise TypeError(f"tokens= takes a TokenOptions, not {type(tokens).__name__}")
    base = tokens if tokens is not None else (default or TokenOptions())
    given: Mapping[str, object] = kwargs
    return dataclasses.replace(base, **given) if given else base  # type: ignore[arg-type]
