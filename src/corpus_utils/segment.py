"""Paragraphs and sentences with character offsets into the cleaned text.

Sentences come from NLTK's Punkt algorithm with parameters the package ships
(``resources/abbreviations.txt``, ``resources/sentence_starters.txt``), so no NLTK
data download is involved and ``U.S.-led``, ``U.S. officials``, ``Gen. Sergei
Surovikin`` and ``Jan. 17`` never end a sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from . import resources


@cache
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """NLTK Punkt, untrained, with the package's abbreviations and sentence starters."""
    params = PunktParameters()
    params.abbrev_types = set(resources.abbreviations())
    params.sent_starters = set(resources.sentence_starters())
    return PunktSentenceTokenizer(params)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """Paragraph offsets in a cleaned body (paragraphs are joined by a blank line)."""
    spans = []
    pos = 0
    for part in body.split("\n\n"):
        if part.strip():
            spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return spans


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Sentence offsets in ``text[start:end]``, as offsets into ``text``.

    >>> t = "U.S. officials met Gen. Sergei Surovikin on Jan. 17. They left."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['U.S. officials met Gen. Sergei Surovikin on Jan. 17.', 'They left.']
    """
    end = len(text) if end is None else end
    for a, b in sentence_tokenizer().span_tokenize(text[start:end]):
        yield start + a, start + b
