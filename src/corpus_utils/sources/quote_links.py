"""Quotations given to the ledger's statements (:mod:`corpus_utils.sources.attribution`).

The nearest cue in the quotation's sentences, a colon before it, a cue opening the next
sentence, a floating quotation, or the speaker of the quotation before (see
:func:`_attach_quotes` and the attribution module notes).
"""

from __future__ import annotations

from bisect import bisect_right

from ..prepare.voices import UNPAIRED
from .continuation import SentenceSpan, fills_its_sentences, previous_statement
from .resolve import _Statement


class _CueIndex:
    """The cues of an article's statements by sentence, sorted, for nearest-cue lookups.

    Per sentence: cue spans in text order (cues of one sentence do not overlap) and, for
    each, the first statement (in ``doc_st`` order) that holds it; coordinated speakers
    share one cue. A lookup bisects, so attaching Q quotations to S statements costs
    about (Q + S) log S, not Q x S.
    """

    def __init__(self, doc_st: list[_Statement]) -> None:
        spans: dict[int, dict[tuple[int, int], int]] = {}
        for n, st in enumerate(doc_st):
            by_pos = spans.setdefault(st.sent_id, {})
            for c in st.cues:
                by_pos.setdefault((c.start, c.end), n)
        self.cues = {sid: sorted(by_pos.items()) for sid, by_pos in spans.items()}
        self.ends = {sid: [e for (_, e), _ in cues] for sid, cues in self.cues.items()}

    def nearest(self, sent_ids: list[int], start: int, end: int) -> int | None:
        """The statement whose cue is nearest ``[start, end)`` in these sentences.

        Distance is the gap between the spans (0 when they touch or overlap); a tie
        goes to the statement that comes first, as ``min`` over the statements would.
        """
        best: tuple[int, int] | None = None  # (distance, statement index)
        for sid in sent_ids:
            cues = self.cues.get(sid)
            if not cues:
                continue
            # the last cue ending at or before start, then each cue ending after it up to
            # the first starting at or after end: all others are farther away
            j = max(bisect_right(self.ends[sid], start) - 1, 0)
            while j < len(cues):
                (a, b), n = cues[j]
                d = max(start - b, a - end, 0)
                if best is None or (d, n) < best:
                    best = (d, n)
                if a >= end:
                    break
                j += 1
        return None if best is None else best[1]


def _attach_quotes(
    doc_st: list[_Statement],
    doc_quotes: list,
    colon_sents: frozenset[int] = frozenset(),
    spans: dict[int, SentenceSpan] | None = None,
) -> list[_Statement]:
    """Give each quotation to a statement; return the statements made for carried-over ones.

    A quotation goes to the statement whose cue is nearest in its own sentences; else,
    when the sentence before it ends with a colon (``colon_sents``: ``Rudskoi said in a
    statement:`` and the quotation in the next paragraph), to that sentence's nearest
    statement; else it continues the previous quotation's speaker when it follows in
    the same or the next paragraph. Before that last rule, a quotation that fills its
    sentences (``spans``: each sentence's start and text) takes the one resolved speaker
    of the sentence just before it (:mod:`corpus_utils.sources.continuation`). An
    unpaired span (a reopened paragraph of a long
    quotation, kind ``unpaired``) gets no statement but passes its speaker on: the
    speaker of ``He said: "... / "... / "..."`` is the one of its last piece, not the
    speaker of the quotation before ``He said``. ``doc_quotes`` are the article's rows
    of :func:`~corpus_utils.prepare.voices.quotes` (named tuples), sorted by ``start``.
    """
    extra: list[_Statement] = []
    prev_q: tuple[_Statement, list[int]] | None = None
    index = _CueIndex(doc_st)
    by_sent: dict[int, list[int]] = {}
    for k, st in enumerate(doc_st):
        by_sent.setdefault(st.sent_id, []).append(k)
    for q in doc_quotes:
        sents = list(q.sent_ids)
        n = index.nearest(sents, q.start, q.end)
        if n is None and sents and sents[0] - 1 in colon_sents:
            n = index.nearest([sents[0] - 1], q.start, q.end)
        if n is None and sents:
            # '"... a transition?" said Mohamad Sabra': the cue opens the next sentence
            m = index.nearest([sents[-1] + 1], q.end, q.end)
            tag = 3
            if m is not None and doc_st[m].speaker.how == "pronoun":
                tag += 1 + len(doc_st[m].speaker.speaker_text)  # '"... law?" he asked
            if m is not None and doc_st[m].cues and doc_st[m].cues[0].start - q.end <= tag:
                n = m
        floating = None  # "X said ... . "<a sentence of quotation>"": X's words go on
        if n is None and spans and fills_its_sentences(q.start, q.end, sents, spans):
            floating = previous_statement(doc_st, by_sent, sents, int(q.para_ids[0]))
        if q.kind == UNPAIRED:
            # no speech of its own (an opening mark of a quotation running over several
            # paragraphs): the speaker it follows carries on past it to the next piece
            if n is not None:
                prev_q = (doc_st[n], list(q.para_ids))
            elif floating is not None:
                prev_q = (doc_st[floating], list(q.para_ids))
            elif prev_q is not None and q.para_ids[0] - prev_q[1][-1] <= 1:
                prev_q = (prev_q[0], list(q.para_ids))
            else:
                prev_q = None
            continue
        if n is not None:
            best = doc_st[n]
            best.quote_ids.append(int(q.quote_id))
            best.quote_kinds.append(q.kind)
            prev_q = (best, list(q.para_ids))
        elif floating is not None or (prev_q is not None and q.para_ids[0] - prev_q[1][-1] <= 1):
            src = doc_st[floating] if floating is not None else prev_q[0]  # type: ignore[index]
            st = _Statement(
                src.doc_id,
                sents[0],
                int(q.para_ids[0]),
                src.speaker,
                [],
                "",
                resolved_by="carried over",
                via=list(src.via),
            )
            st.quote_ids.append(int(q.quote_id))
            st.quote_kinds.append(q.kind)
            extra.append(st)
            prev_q = (st, list(q.para_ids))
    return extra
