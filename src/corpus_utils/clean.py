"""Cleaning: split off the headline and remove news boilerplate, recording every removal.

The rules (captions, cross-links, embed markers, syndication footers) are regular
expressions in ``resources/boilerplate.csv``. Nothing is dropped silently: each removed
span comes back with its kind, the rule that matched and its offsets in the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import resources

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"""[.,;:]["'”’)\]]*$""")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")

MAX_HEADLINE_CHARS = 300
MAX_HEADLINE_WORDS = 30


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


def normalise_newlines(text: str) -> str:
    """CRLF and CR line ends to LF; a leading byte-order mark removed."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _is_title_case(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if len(w) >= 4]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def looks_like_headline(line: str) -> bool:
    """A headline is one short line that does not end like a sentence.

    A line ending in ``.``, ``,``, ``;`` or ``:`` is body text; one ending in ``?`` or
    ``!`` counts as a headline only when it is in title case.

    >>> looks_like_headline("Russia and Syria Target ISIS Territory As Big As Two U.S. States")
    True
    >>> looks_like_headline("Russian forces faced an attack in Syria, Reuters reported.")
    False
    """
    line = line.strip()
    if not line or len(line) > MAX_HEADLINE_CHARS or len(line.split()) > MAX_HEADLINE_WORDS:
        return False
    if _SENTENCE_END.search(line):
        return False
    if line.rstrip("\"'”’").endswith(("?", "!")):
        return _is_title_case(line)
    return True


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
    if not looks_like_headline(line):
        return None, 0
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


def _paragraph_rule(para: str, *, only_paragraph: bool):
    n_words = len(para.split())
    for r in resources.boilerplate_rules():
        if r.scope != "paragraph" or n_words < r.min_words:
            continue
        if r.max_words is not None and n_words > r.max_words:
            continue
        if only_paragraph and r.kind == "caption":
            continue  # an article that is one paragraph is not a caption, whatever it ends with
        if r.regex.search(para):
            return r
    return None


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
    title_basis = "first line, followed by a blank line" if title else "no headline line"
    removed: list[Removal] = []
    kept: list[str] = []
    body_len = 0  # length of the body built so far, to place removals in it
    inline_rules = [r for r in resources.boilerplate_rules() if r.scope == "inline"]
    spans = raw_paragraph_spans(raw, body_start)

    for a, b in spans:
        para = raw[a:b]
        here = body_len + (2 if kept else 0)
        hit = _paragraph_rule(para, only_paragraph=len(spans) == 1)
        if hit:
            removed.append(Removal(hit.kind, hit.rule, para, a, b, here, hit.implies_outlet))
            continue
        pieces = sorted(
            (m.start(), m.end(), r) for r in inline_rules for m in r.regex.finditer(para)
        )
        out: list[str] = []
        pos = 0
        for s, e, r in pieces:
            if s < pos:
                continue
            out.append(para[pos:s])
            text = para[s:e]
            lead = len(text) - len(text.lstrip())
            at = here + sum(map(len, out))
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
        out.append(para[pos:])
        new_para = "".join(out).strip()
        if not new_para:
            continue
        kept.append(new_para)
        body_len = here + len(new_para)
    body = "\n\n".join(kept)
    for r in removed:  # a span removed after the last kept paragraph stands at the end
        r.body_pos = min(r.body_pos, len(body))
    return Cleaned(title, title_basis, body, removed)
