"""Cleaning: split off the headline and remove news boilerplate, recording every removal.

The rules (captions, cross-links, embed markers, syndication footers) are regular
expressions in ``resources/boilerplate.csv``. Nothing is dropped silently: each removed
span comes back with its kind, the rule that matched and its offsets in the raw text.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass, field
from functools import cache

import ftfy

from .. import resources
from . import boilerplate, literals

# zero-width spaces and joiners, bidi marks and isolates, word joiners, BOM, soft hyphen:
# invisible, yet they split names ("Pu\u200btin") and outlet names when compared
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"""[.,;:]["'”’)\]]*$""")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")

# What ftfy's mojibake test (ftfy.badness.BADNESS_RE) needs at least: every one of its
# alternatives matches two adjacent non-ASCII characters, a C1 control, the ligature
# Œ/œ, or Â/Ã (each of its character categories is non-ASCII). A text without any of
# these is one ftfy.fix_encoding returns unchanged (tests/test_clean.py checks it
# against ftfy itself). Two searches of one character class each scan faster than
# their alternation.
_MAY_BE_MOJIBAKE = (
    re.compile("[^\x00-\x7f]{2}"),
    re.compile("[\x80-\x9f\u0152\u0153\u00c2\u00c3]"),
)

MAX_HEADLINE_CHARS = 300
MAX_HEADLINE_WORDS = 30
MAX_UNSPACED_HEADLINE_CHARS = 60


@dataclass
class Removal:
    """One span taken out of an article's body."""

    kind: str
    rule: str
    text: str
    start: int  # offset in the raw text
    end: int
    body_pos: int = -1  # where in the cleaned body the span stood
    implies_outlet: str = ""


@dataclass
class Cleaned:
    """The result of :func:`clean_text`."""

    title: str | None
    title_basis: str
    body: str
    removed: list[Removal] = field(default_factory=list)
    # where the body's characters come from: (body start, raw start, length), in order;
    # the characters between pieces are the separators the body was joined with
    pieces: list[tuple[int, int, int]] = field(default_factory=list)
    title_start: int = -1  # raw offset of the headline line

    def raw_offset(self, pos: int) -> int:
        """The raw-text offset of body offset ``pos`` (a separator maps to the next piece)."""
        i = bisect.bisect_right(self.pieces, (pos, sys.maxsize, 0)) - 1
        if i < 0:
            return self.pieces[0][1] if self.pieces else pos
        b0, r0, n = self.pieces[i]
        if pos <= b0 + n:
            return r0 + (pos - b0)
        return self.pieces[i + 1][1] if i + 1 < len(self.pieces) else r0 + n


def may_be_mojibake(text: str) -> bool:
    """Whether ftfy could find mojibake in a text (False: it certainly finds none).

    >>> may_be_mojibake("Putin’s “plan” costs £5"), may_be_mojibake("PutinÃ¢â‚¬â„¢s plan")
    (False, True)
    """
    if text.isascii():  # every character both tests look for is outside ASCII
        return False
    return any(rx.search(text) is not None for rx in _MAY_BE_MOJIBAKE)


def fix_encoding(text: str) -> str:
    """``ftfy.fix_encoding(text)``, skipped where :func:`may_be_mojibake` says it would
    change nothing (most texts: ftfy's own test is a long regular expression).

    >>> fix_encoding("sÃ³lo"), fix_encoding("plain text")
    ('sólo', 'plain text')
    """
    return ftfy.fix_encoding(text) if may_be_mojibake(text) else text


def normalise_newlines(text: str) -> str:
    """CRLF and CR line ends to LF; a leading byte-order mark removed."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _is_title_case(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if len(w) >= 4]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


TEXT_TITLE = "first line, followed by a blank line"  # the title_basis of a headline line
REPEATED_TITLE = "first line repeated in many articles"  # ... and of one dropped as boilerplate


def looks_like_headline(line: str) -> bool:
    """A headline is one short line that does not end like a sentence.

    A line ending in ``.``, ``,``, ``;`` or ``:`` is body text; one ending in ``?`` or
    ``!`` counts as a headline when it is in title case, or when it is a short question
    or exclamation in sentence case (at most :data:`MAX_QUESTION_HEADLINE_WORDS` words,
    an upper-case first letter, no double quotation marks: "Could rivalry overshadow
    election?"), as news sites write them; a longer one, or one in quotation marks, is
    the body's first sentence.

    >>> looks_like_headline("Russia and Syria Target ISIS Territory As Big As Two U.S. States")
    True
    >>> looks_like_headline("Russian forces faced an attack in Syria, Reuters reported.")
    False
    """
    line = line.strip()
    if not line or len(line) > MAX_HEADLINE_CHARS or len(line.split()) > MAX_HEADLINE_WORDS:
        return False
    if len(line) > MAX_UNSPACED_HEADLINE_CHARS and len(line.split()) < 3:
        return False  # a paragraph of text written without spaces (Chinese, Japanese)
    if _SENTENCE_END.search(line):
        return False
    if line.rstrip("\"'”’").endswith(("?", "!")):
        return _is_title_case(line) or _short_question(line)
    return True


MAX_QUESTION_HEADLINE_WORDS = 8


def _short_question(line: str) -> bool:
    """A sentence-case question or exclamation short enough to be a headline.

    >>> _short_question("Could rivalry overshadow election?"), _short_question("so?")
    (True, False)
    """
    words = line.split()
    return (
        len(words) <= MAX_QUESTION_HEADLINE_WORDS
        and line[:1].isupper()
        and not any(q in line for q in '"“”')
    )


def split_headline(text: str) -> tuple[str | None, int]:
    """Return ``(headline or None, offset where the body starts)``.

    The headline is the first line when a blank line follows it and it does not end
    like a sentence; an article without one gets no invented title.
    """
    lead = len(text) - len(text.lstrip())
    m = _BLANK_LINE.search(text, lead)
    first_nl = text.find("\n", lead)
    if m is None or first_nl != m.start():
        return None, 0
    line = text[lead:first_nl]
    if not looks_like_headline(line) or boilerplate.pattern_match(line.strip()):
        return None, 0  # a menu or a sign-up line above the story is not its headline
    return line.strip(), m.end()


def raw_paragraph_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Paragraph ``(start, end)`` offsets in ``text[start:]``, whitespace trimmed.

    Paragraphs are separated by blank lines; a text with no blank line at all (one
    paragraph per line, as some scrapes are) is split at every line end.
    """
    sep = _BLANK_LINE if _BLANK_LINE.search(text, start) else re.compile(r"\n")
    spans = []
    pos = start
    for m in sep.finditer(text, start):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        chunk = text[a:b]
        stripped = chunk.strip()
        if stripped:
            a2 = a + (len(chunk) - len(chunk.lstrip()))
            out.append((a2, a2 + len(stripped)))
    return out


@cache
def _caseless_needs() -> dict[str, tuple[str, ...]]:
    """Rule name -> strings one of which every match of the rule contains, when they are
    all ASCII characters other than letters (``/`` of ``photo_credit``): a paragraph
    holding none of them is one the rule cannot match, told without the regex or case
    folding. ``()``: no such test."""
    out = {}
    for r in resources.boilerplate_rules():
        needs = literals.required_literals(r.regex)
        plain = all(ch.isascii() and not ch.isalpha() for x in needs for ch in x)
        out[r.rule] = needs if plain else ()
    return out


def _paragraph_rule(para: str, *, only_paragraph: bool):
    n_words = len(para.split())
    needs = _caseless_needs()
    for r in resources.boilerplate_rules():
        if r.scope != "paragraph" or n_words < r.min_words:
            continue
        if r.max_words is not None and n_words > r.max_words:
            continue
        if only_paragraph and r.kind == "caption":
            continue  # an article that is one paragraph is not a caption, whatever it ends with
        found = needs[r.rule]
        if found and not any(x in para for x in found):
            continue
        if r.regex.search(para):
            return r
    return None


def _strip_intervals(raw: str, intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop empty intervals and trim white space at the start of the first and the end of
    the last, so that joining them gives the stripped paragraph."""
    out = [(x, y) for x, y in intervals if y > x]
    while out and not raw[out[0][0] : out[0][1]].strip():
        out.pop(0)
    while out and not raw[out[-1][0] : out[-1][1]].strip():
        out.pop()
    if not out:
        return out
    x, y = out[0]
    out[0] = (x + len(raw[x:y]) - len(raw[x:y].lstrip()), y)
    x, y = out[-1]
    out[-1] = (x, y - (len(raw[x:y]) - len(raw[x:y].rstrip())))
    return out


def clean_text(raw: str, *, headline: bool = True) -> Cleaned:
    """Split the headline and remove boilerplate from one article.

    Kept paragraphs are joined by a blank line, each unchanged but for in-line
    cross-links taken out of it. ``headline=False`` (the title is known from elsewhere,
    such as a table column) keeps the first line as body text.

    >>> c = clean_text("A Headline\\n\\nFirst paragraph.\\n\\nRelated: Another story")
    >>> c.title, c.body, [r.kind for r in c.removed]
    ('A Headline', 'First paragraph.', ['cross_link'])
    """
    title, body_start = split_headline(raw) if headline else (None, 0)
    title_basis = TEXT_TITLE if title else "no headline line"
    removed: list[Removal] = []
    kept: list[str] = []
    body_len = 0  # length of the body built so far, to place removals in it
    inline_rules = [r for r in resources.boilerplate_rules() if r.scope == "inline"]
    spans = raw_paragraph_spans(raw, body_start)

    pieces: list[tuple[int, int, int]] = []
    for a, b in spans:
        para = raw[a:b]
        here = body_len + (2 if kept else 0)
        hit = _paragraph_rule(para, only_paragraph=len(spans) == 1)
        if hit:
            removed.append(Removal(hit.kind, hit.rule, para, a, b, here, hit.implies_outlet))
            continue
        matches = sorted(
            (m.start(), m.end(), r) for r in inline_rules for m in r.regex.finditer(para)
        )
        intervals: list[tuple[int, int]] = []  # kept parts of the paragraph, raw offsets
        pos = 0
        for s, e, r in matches:
            if s < pos:
                continue
            while s > pos and para[s - 1].isspace():  # the space before an in-line link goes too
                s -= 1
            intervals.append((a + pos, a + s))
            text = para[s:e]
            lead = len(text) - len(text.lstrip())
            at = here + sum(y - x for x, y in intervals)
            removed.append(
                Removal(
                    r.kind,
                    r.rule,
                    text.strip(),
                    a + s + lead,
                    a + s + lead + len(text.strip()),
                    at,
                    r.implies_outlet,
                )
            )
            pos = e
        intervals.append((a + pos, b))
        intervals = _strip_intervals(raw, intervals)
        if not intervals:
            continue
        kept.append("".join(raw[x:y] for x, y in intervals))
        cursor = here
        for x, y in intervals:
            pieces.append((cursor, x, y - x))
            cursor += y - x
        body_len = cursor
    body = "\n\n".join(kept)
    for r in removed:  # a span removed after the last kept paragraph stands at the end
        r.body_pos = min(r.body_pos, len(body))
    title_start = len(raw) - len(raw.lstrip()) if title else -1
    return Cleaned(title, title_basis, body, removed, pieces, title_start)


def drop_spans(cleaned: Cleaned, spans: list[tuple[int, int, str, str]]) -> Cleaned:
    """Remove ``(start, end, kind, rule)`` spans of the cleaned body, recording each.

    Spans index ``cleaned.body`` and lie within one paragraph each (sentences). What is
    left of a paragraph is joined by single spaces; a paragraph left empty goes with its
    separator. Each removal gets its offsets in the raw text (through
    ``cleaned.pieces``), and earlier removals keep their place in the new body.

    >>> c = clean_text("Title\\n\\nThe army advanced. Follow us on Twitter. It held the town.")
    >>> d = drop_spans(c, [(19, 40, "boilerplate", "follow_us")])
    >>> d.body, [(r.text, r.start, r.body_pos) for r in d.removed]
    ('The army advanced. It held the town.', [('Follow us on Twitter.', 26, 19)])
    """
    if not spans:
        return cleaned
    body = cleaned.body
    cuts = sorted((a, b) for a, b, _k, _r in spans)
    old_pieces: list[tuple[int, int]] = []  # kept intervals of the old body, in order
    new_parts: list[str] = []
    new_starts: list[int] = []  # new-body start of each kept interval
    length = 0
    ci = 0
    pos = 0
    paragraphs = []
    for part in body.split("\n\n"):
        paragraphs.append((pos, pos + len(part)))
        pos += len(part) + 2
    for pa, pb in paragraphs:
        kept: list[tuple[int, int]] = []
        cur = pa
        while ci < len(cuts) and cuts[ci][0] < pb:
            a, b = cuts[ci]
            if a > cur:
                kept.append((cur, a))
            cur = max(cur, b)
            ci += 1
        if cur < pb:
            kept.append((cur, pb))
        kept = _strip_intervals(body, [(x, y) for x, y in kept if body[x:y].strip()])
        kept = [_trim(body, x, y) for x, y in kept]
        if not kept:
            continue
        if new_parts:
            new_parts.append("\n\n")
            length += 2
        for j, (x, y) in enumerate(kept):
            if j:
                new_parts.append(" ")
                length += 1
            old_pieces.append((x, y))
            new_starts.append(length)
            new_parts.append(body[x:y])
            length += y - x
    new_body = "".join(new_parts)

    def new_pos(old: int) -> int:
        i = bisect.bisect_right(old_pieces, (old, sys.maxsize)) - 1
        if i >= 0 and old <= old_pieces[i][1]:
            return new_starts[i] + (old - old_pieces[i][0])
        return new_starts[i + 1] if i + 1 < len(new_starts) else len(new_body)

    removed = [
        Removal(r.kind, r.rule, r.text, r.start, r.end, new_pos(r.body_pos), r.implies_outlet)
        for r in cleaned.removed
    ]
    for a, b, kind, rule in sorted(spans):
        start, end = cleaned.raw_offset(a), cleaned.raw_offset(b - 1) + 1
        removed.append(Removal(kind, rule, body[a:b], start, end, new_pos(a)))
    removed.sort(key=lambda r: r.start)
    pieces = []
    j = 0  # both lists are in body order: one pass splits along the old pieces
    for (x, y), at in zip(old_pieces, new_starts, strict=True):
        while j < len(cleaned.pieces) and cleaned.pieces[j][0] + cleaned.pieces[j][2] <= x:
            j += 1
        k = j
        while k < len(cleaned.pieces) and cleaned.pieces[k][0] < y:
            b0, r0, n = cleaned.pieces[k]
            lo, hi = max(x, b0), min(y, b0 + n)
            if lo < hi:
                pieces.append((at + lo - x, r0 + lo - b0, hi - lo))
            k += 1
    return Cleaned(
        cleaned.title, cleaned.title_basis, new_body, removed, pieces, cleaned.title_start
    )


def _trim(text: str, x: int, y: int) -> tuple[int, int]:
    """``(x, y)`` narrowed to exclude white space at both ends."""
    while x < y and text[x].isspace():
        x += 1
    while y > x and text[y - 1].isspace():
        y -= 1
    return x, y
