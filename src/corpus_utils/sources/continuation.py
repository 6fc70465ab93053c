"""Quotation continuation: a quotation sentence with no cue takes the speaker before it.

News writing often reports a speaker's words in a sentence of its own, then quotes them
in the next one with no reporting verb at all::

    Mr Gopinath said the planes will connect regional Indian cities. "After an
    evaluation of both aircraft, we have chosen the ATR aircraft."

Rule-based attribution systems resolve these as *floating quotes*: the Gender Gap
Tracker's quote extractor (``extract_floating_quotes``) gives a sentence that is wholly a
quotation the speaker of the quotation in the sentence just before it. Here the sentence
before need not hold a quotation: any statement with one resolved speaker counts, as
reported speech is the same speaker's words. The rule is kept narrow:

- the quotation opens its first sentence and runs to the end of its last one (nothing
  but closing punctuation after the mark): a quotation inside narration (``described as
  "idle speculation"``) or followed by a cue of its own is not continued;
- the sentence just before the quotation's first sentence holds statements, in the same
  or the previous paragraph, and all of them name one and the same resolved speaker;
  an unresolved statement there, two speakers, or narration (no statement) leave the
  earlier rules to decide (a quotation after a heading or after a paragraph of narration
  is not continued by this rule).

:func:`previous_statement` is called by :func:`corpus_utils.sources.attribution.
_attach_quotes` when a quotation has no cue in its own sentences.
"""

from __future__ import annotations

from typing import NamedTuple

#: Characters that may follow a quotation's closing mark at the end of its sentence.
_TRAILING = " \t\r\n.!?,;:)\u2026"


class SentenceSpan(NamedTuple):
    """A sentence's start offset in ``docs.text`` and its text."""

    start: int
    text: str


def fills_its_sentences(
    start: int, end: int, sent_ids: list[int], spans: dict[int, SentenceSpan]
) -> bool:
    """Whether a quotation ``[start, end)`` opens its first sentence and ends its last.

    >>> spans = {3: SentenceSpan(10, '"We will win."'), 4: SentenceSpan(25, 'He left.')}
    >>> fills_its_sentences(10, 24, [3], spans)
    True
    >>> fills_its_sentences(25, 28, [4], spans)  # not a quotation that fills it
    False
    """
    if not sent_ids or sent_ids[0] not in spans or sent_ids[-1] not in spans:
        return False
    first, last = spans[sent_ids[0]], spans[sent_ids[-1]]
    head = first.text[: max(start - first.start, 0)]
    if start < first.start or head.strip():
        return False
    tail = last.text[max(end - last.start, 0) :]
    return end <= last.start + len(last.text) and not tail.strip(_TRAILING)


def previous_statement(
    statements: list,
    by_sent: dict[int, list[int]],
    sent_ids: list[int],
    para_id: int,
) -> int | None:
    """The index in ``statements`` of the statement a continued quotation takes.

    ``by_sent``: indexes of ``statements`` by ``sent_id``; ``sent_ids`` and ``para_id``:
    the quotation's sentences and first paragraph. Returns the first statement of the
    sentence just before when every statement there names one resolved speaker (its
    ``speaker.source``) and it lies in the same or the previous paragraph, else None.
    """
    if not sent_ids:
        return None
    before = by_sent.get(sent_ids[0] - 1)
    if not before:
        return None
    sources = {statements[i].speaker.source for i in before}
    if len(sources) != 1 or not all(sources):
        return None
    if any(statements[i].resolved_by == "unresolved" for i in before):
        return None
    first = before[0]
    if not 0 <= para_id - statements[first].para_id <= 1:
        return None
    return first
