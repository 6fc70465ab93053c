"""Quotation marks: which marks open and close, and the quoted spans they pair into.

Part of :mod:`corpus_utils.prepare.voices` (its module notes give the rules): double
marks are paired per paragraph (a quotation may run on into the next one), single marks
only inside a double quotation or within one sentence. Offsets index the text given.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import numpy as np

DOUBLE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'
SINGLE_MARKS = "'\u2018\u2019"
_OPEN_SHAPES = "\u201c\u201e\u00ab"
_CLOSE_SHAPES = "\u201d\u00bb"
_LEFT_OPEN = set("([{\u2014\u2013-/:") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
_RIGHT_CLOSE = set(".,;:!?)]}\u2014\u2013-\u2026") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
_WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")
_DOUBLE_RX = re.compile("[" + DOUBLE_MARKS + "]")
_SINGLE_RX = re.compile("[" + SINGLE_MARKS + "]")
_GARBLE = "?\ufffd"  # what a lost apostrophe's second byte often became: Assad"?s
MAX_SINGLE_WORDS = 40


@dataclass
class _Span:
    start: int
    end: int
    open_mark: str
    close_mark: str
    unbalanced: bool = False
    level: int = 0
    parent: int | None = None  # index into the span list
    kind: str = ""
    paras: list[int] = field(default_factory=list)
    sents: list[int] = field(default_factory=list)


def _is_apostrophe(text: str, i: int, lo: int, hi: int) -> bool:
    """Whether the double mark at ``text[i]`` stands for a lost apostrophe.

    A mark between two letters (``don"t``, ``Syria"s``), or between a letter and a
    ``?``/replacement character before a letter (``Assad"?s``), is no quotation mark.

    >>> _is_apostrophe('Syria"s war', 5, 0, 11), _is_apostrophe('said "We', 5, 0, 8)
    (True, False)
    """
    if i <= lo or i + 1 >= hi or not text[i - 1].isalpha():
        return False
    nxt = text[i + 1]
    if nxt.isalpha():
        return True
    return nxt in _GARBLE and i + 2 < hi and text[i + 2].isalpha()


def _double_role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'either' for the double mark at ``text[i]`` in ``[lo, hi)``."""
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    left_open = prev == "" or prev.isspace() or prev in _LEFT_OPEN
    right_open = nxt != "" and not nxt.isspace()
    left_close = prev != "" and not prev.isspace()
    right_close = nxt == "" or nxt.isspace() or nxt in _RIGHT_CLOSE
    opener = left_open and right_open
    closer = left_close and right_close
    if opener and not closer:
        return "open"
    if closer and not opener:
        return "close"
    ch = text[i]
    if ch in _OPEN_SHAPES:
        return "open"
    if ch in _CLOSE_SHAPES:
        return "close"
    return "either"


def _single_role(text: str, i: int, lo: int, hi: int) -> str | None:
    """'open', 'close' or None (an apostrophe) for the single mark at ``text[i]``."""
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    if prev.isalnum() and nxt.isalnum():
        return None  # don't, Syria's
    opener = (prev == "" or prev.isspace() or prev in _LEFT_OPEN) and nxt.isalpha()
    closer = (
        prev != "" and not prev.isspace() and (nxt == "" or nxt.isspace() or nxt in _RIGHT_CLOSE)
    )
    if opener and not closer:
        return "open"
    if closer and not opener:
        return "close"
    return None


def _first_char(text: str, lo: int, hi: int) -> int | None:
    for i in range(lo, hi):
        if not text[i].isspace():
            return i
    return None


def _trim_end(text: str, lo: int, end: int) -> int:
    while end > lo and text[end - 1].isspace():
        end -= 1
    return end


def _context(text: str, pos: int, width: int = 40) -> str:
    a, b = max(0, pos - width), min(len(text), pos + width)
    return text[a:b].replace("\n", " ")


def _pair_doubles(text: str, paras: list[tuple[int, int]], problems: list[dict]) -> list[_Span]:
    spans: list[_Span] = []
    open_at: tuple[int, str, int] | None = None  # (pos, mark, para index)
    # every double mark of the text found once; a paragraph takes its own by bisection
    # (a character class: the marks in [lo, hi) are those a search of it finds), and one
    # without marks, with no quotation running on into it, is passed over
    every = [m.start() for m in _DOUBLE_RX.finditer(text)]
    for k, (lo, hi) in enumerate(paras):
        a, b = bisect_left(every, lo), bisect_left(every, hi)
        if a == b and open_at is None:
            continue
        marks = [i for i in every[a:b] if not _is_apostrophe(text, i, lo, hi)]
        skip_first = open_at is not None  # the mark reopening a quotation carried over
        for n, i in enumerate(marks):
            if skip_first and n == 0:
                continue
            role = _double_role(text, i, lo, hi)
            if open_at is None:
                if role == "close":
                    problems.append(
                        {
                            "para_id": k,
                            "pos": i,
                            "mark": text[i],
                            "problem": "closing mark with no opening mark; ignored",
                        }
                    )
                    continue
                open_at = (i, text[i], k)
            elif role == "open":
                o, mark, pk = open_at
                end = _trim_end(text, o + 1, i)
                spans.append(_Span(o, end, mark, "", True, paras=list(range(pk, k + 1))))
                problems.append(
                    {
                        "para_id": k,
                        "pos": o,
                        "mark": mark,
                        "problem": "quotation not closed before another opening mark; "
                        "ended just before it",
                    }
                )
                open_at = (i, text[i], k)
            else:
                o, mark, pk = open_at
                spans.append(_Span(o, i + 1, mark, text[i], paras=list(range(pk, k + 1))))
                open_at = None
        if open_at is not None:
            nxt = paras[k + 1] if k + 1 < len(paras) else None
            first = _first_char(text, *nxt) if nxt else None
            if (
                first is not None
                and text[first] in DOUBLE_MARKS
                and _double_role(text, first, *nxt) != "close"  # type: ignore[misc]
            ):
                continue  # news style: the quotation runs on into the next paragraph
            o, mark, pk = open_at
            spans.append(
                _Span(o, _trim_end(text, o, hi), mark, "", True, paras=list(range(pk, k + 1)))
            )
            problems.append(
                {
                    "para_id": k,
                    "pos": o,
                    "mark": mark,
                    "problem": "quotation not closed by the end of its paragraph, and the next "
                    "paragraph does not reopen it; ended at the paragraph end",
                }
            )
            open_at = None
    return spans


def _is_elision(inner: str) -> bool:
    """Whether single marks around ``inner`` are apostrophes of an elided word.

    >>> _is_elision("n"), _is_elision("no")
    (True, False)
    """
    return len(inner) == 1 and inner.isalpha()


def _pair_singles(text: str, lo: int, hi: int, max_words: int) -> list[tuple[int, int, str, str]]:
    """Single-quoted spans inside ``[lo, hi)``: ``(start, end, open_mark, close_mark)``."""
    out = []
    pending: int | None = None
    for m in _SINGLE_RX.finditer(text, lo, hi):
        i = m.start()
        role = _single_role(text, i, lo, hi)
        if role == "open":
            pending = i
        elif role == "close" and pending is not None:
            inner = text[pending + 1 : i]
            if _is_elision(inner):
                pass  # rock 'n' roll: two apostrophes around a letter, no quotation
            elif 0 < len(_WORD.findall(inner)) <= max_words:
                out.append((pending, i + 1, text[pending], text[i]))
            pending = None
    return out


def _segments_outside(
    lo: int, hi: int, spans: list[_Span], ends: list[int]
) -> list[tuple[int, int]]:
    """Parts of ``[lo, hi)`` not covered by ``spans``.

    ``spans`` are sorted by start and do not overlap (top-level quotations); ``ends``
    are their ends. A bisect finds the first span ending after ``lo`` and the scan stops
    at the first starting at or after ``hi``: a call costs the spans it meets plus a
    logarithm, not all the article's spans.
    """
    out = []
    pos = lo
    j = bisect_right(ends, lo)
    while j < len(spans) and spans[j].start < hi:
        if spans[j].start > pos:
            out.append((pos, spans[j].start))
        pos = max(pos, spans[j].end)
        j += 1
    if pos < hi:
        out.append((pos, hi))
    return out


def _sentence_of(starts: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """The sentence holding each position (the last sentence starting at or before it)."""
    return np.maximum(np.searchsorted(starts, pos, side="right") - 1, 0)
