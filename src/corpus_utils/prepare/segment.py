"""Paragraphs and sentences with character offsets into the cleaned text.

Sentences come from NLTK's Punkt algorithm with parameters the package ships
(``resources/abbreviations.txt``, ``resources/sentence_starters.txt``), so no NLTK
data download is involved and ``U.S.-led``, ``U.S. officials``, ``Gen. Sergei
Surovikin`` and ``Jan. 17`` never end a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

import numpy as np
from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer

from .. import resources
from .tokenization import _stdlib

MEMO_SIZE = 200_000  # break decisions remembered per process (then forgotten at once)


class _StdlibLangVars(PunktLanguageVars):
    """Punkt's language variables, its own fixed patterns run by the standard ``re``
    engine rather than through ``nltk.redos`` (the ``regex`` engine under a time limit),
    as :class:`corpus_utils.prepare.tokenization.TreebankTokenizer` does for the word
    tokenizer. The two engines read these patterns alike except for ``\\s`` on the
    separators U+001C to U+001F (white space to ``re``, not to ``regex``): a text holding
    one goes to NLTK's own (:func:`sentence_spans`)."""

    re_boundary_realignment = _stdlib(PunktLanguageVars.re_boundary_realignment)

    def period_context_re(self) -> re.Pattern[str]:
        found = self.__dict__.get("_stdlib_period_context")
        if found is None:
            found = self.__dict__["_stdlib_period_context"] = _stdlib(super().period_context_re())
        return found

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        found = self.__dict__.get("_stdlib_word_tokenizer")
        if found is None:
            found = self.__dict__["_stdlib_word_tokenizer"] = _stdlib(super()._word_tokenizer_re())
        return found


_ASCII_SPACE = frozenset(" \t\n\r\x0b\x0c")  # string.whitespace, as Punkt's own test
_ENGINES_DIFFER = re.compile("[\x1c-\x1f]")  # where \s differs between re and regex


class _MemoPunkt(PunktSentenceTokenizer):
    """NLTK Punkt that remembers its decision for each candidate break's context.

    Punkt decides whether a ``.``, ``?`` or ``!`` ends a sentence from its context alone
    (the word before, the token after) and the parameters, which an untrained tokenizer
    never changes: the same context always gets the same answer, so it is worked out
    once ("said. The", "U.S. officials" recur in every corpus).
    """

    def __init__(self, params: PunktParameters, *, stdlib: bool = True) -> None:
        super().__init__(params, lang_vars=_StdlibLangVars() if stdlib else None)
        self._breaks: dict[str, bool] = {}

    def span_tokenize(
        self, text: str, realign_boundaries: bool = True
    ) -> Iterator[tuple[int, int]]:
        """NLTK's ``span_tokenize``, its generators of slices fused into two loops over
        plain lists (the same spans: ``tests/test_load_speed.py`` compares them), about
        a quarter less CPU."""
        if not realign_boundaries:
            yield from super().span_tokenize(text, realign_boundaries)
            return
        spans = self._break_spans(text)
        realign_re = self._lang_vars.re_boundary_realignment
        realign = 0
        last = len(spans) - 1
        for k, (a, b) in enumerate(spans):
            a += realign
            if k == last:
                if a < b:  # NLTK: if text[a:b]
                    yield a, b
                break
            c, d = spans[k + 1]
            # matching text[c:d] from c with endpos d: the same match ($, the lookahead
            # and \s+ see the end at d either way), offsets in text
            m = realign_re.match(text, c, d)
            if m:
                yield a, c + len(m.group(0).rstrip())
                realign = m.end() - c
            else:
                realign = 0
                if a < b:
                    yield a, b

    def _break_spans(self, text: str) -> list[tuple[int, int]]:
        """NLTK's ``_slices_from_text`` as ``(start, stop)`` pairs, with its
        ``_match_potential_end_contexts`` inlined: the word before each candidate end
        found by stepping back to the last ASCII white space (``string.whitespace``, as
        NLTK's ``_get_last_whitespace_index``, whose answer 0 for a white space at the
        very start of the gap means "none" there too), without a slice of the gap."""
        out: list[tuple[int, int]] = []
        last_break = 0
        prev_start = prev_stop = 0
        previous = None
        for match in self._lang_vars.period_context_re().finditer(text):
            start = match.start()
            i = start - 1
            while i >= prev_stop and text[i] not in _ASCII_SPACE:
                i -= 1
            word_start = i + 1 if i > prev_stop else prev_start
            if previous is not None and prev_stop <= word_start:
                last_break = self._candidate(text, prev_start, prev_stop, previous, last_break, out)
            previous = match
            prev_start, prev_stop = word_start, start
        if previous is not None:
            last_break = self._candidate(text, prev_start, prev_stop, previous, last_break, out)
        out.append((last_break, len(text.rstrip())))
        return out

    def _candidate(
        self,
        text: str,
        word_start: int,
        word_stop: int,
        match: re.Match[str],
        last_break: int,
        out: list[tuple[int, int]],
    ) -> int:
        """One candidate end of :meth:`_break_spans` (the word before it at
        ``text[word_start:word_stop]``): its span added to ``out`` when Punkt breaks
        there; where the next sentence starts (``last_break`` when it does not)."""
        context = text[word_start:word_stop] + match.group() + match.group("after_tok")
        if not self.text_contains_sentbreak(context):
            return last_break
        out.append((last_break, match.end()))
        return match.start("next_tok") if match.group("next_tok") else match.end()

    def text_contains_sentbreak(self, text: str) -> bool:
        if plain_break(text, self._params):
            return True
        found = self._breaks.get(text)
        if found is None:
            if len(self._breaks) >= MEMO_SIZE:
                self._breaks.clear()
            found = self._breaks[text] = super().text_contains_sentbreak(text)
        return found


# A break context (the word before a candidate end, the end, what follows) of the most
# common shape: a plain ASCII word then ". ", "? " or "! " and another token. Punkt's
# words of it are "word." (or "word", "?") and the token after; the first pass marks
# the end a break unless "word" is a known abbreviation (for "."), and the second pass
# changes only abbreviations, ellipses, initials (one letter), numbers and known
# collocations (the package ships none): the answer is "a break" without Punkt.
_PLAIN_PERIOD = re.compile(r"([A-Za-z]{2,})\.\s+\S+")
_PLAIN_QUESTION = re.compile(r"[A-Za-z]+[?!]\s+\S+")


def plain_break(context: str, params: PunktParameters) -> bool:
    """True when Punkt's ``text_contains_sentbreak(context)`` is sure to be True by the
    shape of ``context`` alone (see above); False means "ask Punkt".

    >>> params = sentence_tokenizer()._params
    >>> plain_break("said. The", params), plain_break("Gen. Sergei", params)
    (True, False)
    """
    if params.collocations:
        return False
    m = _PLAIN_PERIOD.fullmatch(context)
    if m is not None:
        return m.group(1).lower() not in params.abbrev_types
    return _PLAIN_QUESTION.fullmatch(context) is not None


@cache
def sentence_tokenizer(*, stdlib: bool = True) -> PunktSentenceTokenizer:
    """NLTK Punkt, untrained, with the package's abbreviations and sentence starters;
    its patterns run by ``re`` (``stdlib=False``: by NLTK's ``redos``)."""
    params = PunktParameters()
    params.abbrev_types = set(resources.abbreviations())
    params.sent_starters = set(resources.sentence_starters())
    return _MemoPunkt(params, stdlib=stdlib)


@cache
def _sentence_end() -> re.Pattern[str]:
    """Any of the characters Punkt may end a sentence with."""
    return re.compile(
        "[" + re.escape("".join(sentence_tokenizer()._lang_vars.sent_end_chars)) + "]"
    )


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
    piece = text[start:end]
    last = len(piece.rstrip())
    # Punkt considers a break only after a sentence-end character that something other
    # than white space follows; with none before the last character, its answer is the
    # whole (right-stripped) text, worked out here without it
    if _sentence_end().search(piece, 0, max(last - 1, 0)) is None:
        if last:
            yield start, start + last
        return
    punkt = sentence_tokenizer(stdlib=_ENGINES_DIFFER.search(piece) is None)
    for a, b in punkt.span_tokenize(piece):
        yield start + a, start + b


def paragraph_sentences(
    body: str, known: Mapping[str, list[tuple[int, int]]] | None = None
) -> np.ndarray:
    """``(para_id, start, end)`` of every sentence of a cleaned body, as an int32 array.

    ``known`` maps a paragraph's text to its sentence spans (relative to the paragraph)
    when they were split before (the boilerplate scan splits each line): Punkt's
    decisions depend only on the text it is given, so a paragraph that is such a line,
    unchanged, gets the same spans without being split again.

    >>> paragraph_sentences("One. Two.\\n\\nThree.").tolist()
    [[0, 0, 4], [0, 5, 9], [1, 11, 17]]
    """
    rows: list[tuple[int, int, int]] = []
    for para_id, (a, b) in enumerate(paragraph_spans(body)):
        rel = known.get(body[a:b]) if known else None
        if rel is None:
            rows.extend((para_id, x, y) for x, y in sentence_spans(body, a, b))
        else:
            rows.extend((para_id, a + x, a + y) for x, y in rel)
    return np.array(rows, dtype=np.int32).reshape(-1, 3)


def known_lines(body: str, split: np.ndarray) -> dict[str, list[tuple[int, int]]]:
    """Line text -> its sentence spans relative to the line, from ``(line start, line end,
    start, end)`` rows (as :class:`corpus_utils.prepare.boilerplate.Segments` keeps them)."""
    by_line: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for la, lb, a, b in split.tolist():
        by_line.setdefault((la, lb), []).append((a - la, b - la))
    return {body[la:lb]: spans for (la, lb), spans in by_line.items()}
