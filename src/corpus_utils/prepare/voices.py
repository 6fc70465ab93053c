"""Voices: the reporter's own narration and the words of the sources it quotes.

The module finds the spans between quotation marks, decides which of them are speech,
and gives every sentence and every token a *voice*. Offsets index ``Corpus.docs.text``.

Rules a notebook author should know:

Quotation marks
    Double marks are the straight ``"``, the curly ``“ ”``, the low ``„`` and guillemets
    ``« »``. Whether a mark opens or closes is read from its neighbours, not its shape
    (a space or line start before it and a non-space after it opens; a non-space before
    it and a space or punctuation after it closes), because real articles mix shapes:
    000 opens a quotation with a straight mark and closes it with a curly one. Only when
    the neighbours cannot tell does the shape decide (a straight mark then alternates).
    A double mark between two letters is a lost apostrophe, not a quotation mark
    (scraped ``don"t``, ``Syria"s``, and ``Assad"?s`` with a garbled second byte).
    Single marks (``' ‘ ’``) count as quotation marks only in pairs: inside a double
    quotation (a nested quote) or, outside one, within one sentence. A single mark
    between two letters or digits, or a closing-looking one with nothing open, is an
    apostrophe (``terrorists’ offensive``, ``rebels' first``).
Paragraphs and unbalanced marks
    A quotation that reaches the end of its paragraph unclosed continues when the next
    paragraph opens with a quotation mark (news style for long quotes: one ``quote`` row
    spanning both paragraphs). Otherwise it ends at the paragraph end, is flagged
    ``unbalanced`` and :func:`quote_problems` gets a row. An opening mark inside an open
    quotation ends the earlier one just before it (flagged, recorded); a closing mark
    with nothing open is recorded and ignored. An unbalanced span has kind
    ``unpaired``: where its quotation really ended is unknown (in a one-paragraph
    scraped article it would be the whole rest of the article), so its words stay
    narration and do not count in ``quote_share``. Nothing raises: the rest of the
    article still gets its voices.
Kinds of quoted span
    ``name``: not speech: a name, gloss or scare quote. A span of at most six words is a
    name when it follows a gloss word (``jazeera, or "island,"``) or a naming cue
    (``known as``, ``so-called``, ``dubbed``...), or when all its words are capitalised
    and either ``call`` plus an object precedes it (``calling the rebel offensive
    "Deterring Aggression"``) or no speech tag (``," he said``) follows it. A lower-case
    word after ``call`` stays speech (``Russia called "unprecedented,"``).
    ``quote``: a direct quotation: the span opens its sentence (or follows a colon) or
    covers more than one sentence.
    ``unpaired``: an unbalanced span (above); not speech.
    ``partial``: speech embedded in the reporter's sentence (``told Newsweek that the
    SDF likely controlled "more than 90 percent" of Raqqa``).
    Scare quotes, titles and glossed terms are ``name`` too (word lists in
    ``resources/quote_name_cues.csv``): a span of up to twelve words right after a
    word naming a work (``the documentary "For Sama"``); a span of up to three words
    followed by a gloss (``the "shabiha" (pro-government militias)``); and a span of up
    to three words inside the reporter's sentence whose sentence has no speech cue
    outside paired quotation marks (``said``, ``according to``, ``called``,
    ``described``... the verbs, participles and via cues of ``reporting_verbs.csv`` and
    the ``speech`` words of ``quote_name_cues.csv``) and which does not end in ``!``
    or ``?``: ``the regime's "reforms" changed nothing`` is a scare quote, ``the SOHR
    said the army used "barrel bombs"`` a partial quote. Kind ``name`` is chosen for all
    of these (there is no separate ``scare`` kind): none is speech, so none counts in
    the ledger or in ``quote_share``. A short span in a sentence that does report
    speech stays ``partial`` even when the cue comes after it (``"clay and adobe"
    homes ..., Amnesty said``): on FA-KES, calling those scare quotes moved ten partial
    quotes to names for four real scare quotes. With :data:`PREVIOUS_SENTENCE_CUE` on,
    it stays ``partial`` too when the sentence before reports speech *and* quotes
    someone (a stretch of that speaker's words); off by default (measured: a coin flip).
    More name rules (issue 11; every word list a kind of ``quote_name_cues.csv``):
    a naming verb (``dubbed``, ``termed``, ``called``, ``described as``...) names the
    span unless a speaking subject gives it: an object after the verb (``the senator
    called the bill "a betrayal"``), a pronoun, a capitalised name or an auxiliary
    before it (``what he termed``, ``critics have called``) or ``by`` + agent after the
    span make it ``partial``; ``a militia dubbed "the tigers"``, ``the midfielder,
    widely described as "the new Zidane"`` stay names (title-case spans always do).
    A span of up to three words governed by a verb of opinion (``labels ... as
    "extremists"``, ``considers``; ``stance``) with no speech cue before that verb, or
    the object of a verb that makes a thing (``declared a "people's republic"``,
    ``imposed a``; ``act``) in a sentence with no other cue, is a scare quote. A span
    after a copula whose subject is a naming noun (``the team motto is "never give
    up"``; ``a phrase for it. It is 'game management'``) is a cited term; a ballot
    option (``a "yes" vote``, ``voted "no"``) a name; a title-case span after
    ``campaign``, ``operation``, ``video``... a title; ``the "yips", the sudden loss of
    ...`` a glossed term. A span of up to three words opening a sentence, without
    punctuation of its own, that the reporter's sentence goes on from in lower case with
    no speech tag and no cue in the sentence before (``"Deep fake" videos are
    spreading``) is a term, not a direct quote. Two single marks around one letter
    (``rock 'n' roll``) are apostrophes, like the one in ``O'Brien``.
Voices
    Token: a token inside a top-level ``quote`` span has voice ``quote``, inside a
    ``partial`` span ``partial``; everything else, including words inside ``name``
    spans (flagged ``is_name``), is ``narration``. The quotation marks belong to their
    span. Sentence: ``quote`` when any of its tokens has voice ``quote`` (a direct
    quotation sentence; the rest of such a sentence is its attribution tag, as in
    ``"...," he added.``), ``partial`` when any has voice ``partial``, else
    ``narration``. ``quote_share`` gives the share of word tokens inside speech marks
    for anyone who prefers a threshold.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import resources
from . import segment, tokenization

DOUBLE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'
SINGLE_MARKS = "'\u2018\u2019"
_OPEN_SHAPES = "\u201c\u201e\u00ab"
_CLOSE_SHAPES = "\u201d\u00bb"
_LEFT_OPEN = set("([{\u2014\u2013-/:") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
_RIGHT_CLOSE = set(".,;:!?)]}\u2014\u2013-\u2026") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
_WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")
_SENTENCE_INSIDE = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+[\"'\u201c\u2018(]*[A-Z]")
_DOUBLE_RX = re.compile("[" + DOUBLE_MARKS + "]")
_SINGLE_RX = re.compile("[" + SINGLE_MARKS + "]")
_GARBLE = "?\ufffd"  # what a lost apostrophe's second byte often became: Assad"?s
_SMALL_WORDS = frozenset(
    "a an and at by de del el for in of on or the to with al bin von van".split()
)

MAX_NAME_WORDS = 6
MAX_SCARE_WORDS = 3  # a scare quote or glossed term: at most this many words
MAX_TITLE_WORDS = 12
MAX_SINGLE_WORDS = 40
CUE_WINDOW = 200  # characters before/after a span that its cue patterns read
UNPAIRED = "unpaired"
KINDS = ("quote", "partial", "name", UNPAIRED)
VOICES = ("narration", "partial", "quote")
SPEECH = ("quote", "partial")

QUOTE_COLUMNS = [
    "doc_id",
    "quote_id",
    "kind",
    "level",
    "parent_id",
    "text",
    "start",
    "end",
    "sent_ids",
    "para_ids",
    "open_mark",
    "close_mark",
    "unbalanced",
    "n_words",
]
PROBLEM_COLUMNS = ["doc_id", "para_id", "pos", "mark", "problem", "context"]


# --- lexicon ------------------------------------------------------------------------------


@cache
def _cue_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(gloss-before, naming-before, call-object-before, speech-tag-after) patterns."""
    lex = resources.table("reporting_verbs.csv")

    def alt(kind: str) -> str:
        # one \s+ between words, however the CSV spaces them: "known  as" must not
        # become known\s+\s+as (adjacent quantifiers over the same characters)
        terms = {" ".join(t.split()) for t in lex.loc[lex["kind"] == kind, "term"]}
        terms = sorted(terms - {""}, key=lambda t: (-len(t), t))
        return "|".join(r"\s+".join(map(re.escape, t.split())) for t in terms)

    gloss = re.compile(rf"(?:(?:^|[\s,(])(?:{alt('gloss')})|\()\s*$", re.I)
    naming = re.compile(rf"(?:^|[\s(])(?:{alt('naming')})\s*$", re.I)
    call_object = re.compile(
        r"\bcall(?:s|ed|ing)?\s+(?:the|a|an|this|that|these|those|its|their|his|her)\s+"
        r"(?:[\w'\u2019.\-]+\s+){0,3}$",
        re.I,
    )
    verbs = alt("verb") + "|" + alt("participle")
    tag = re.compile(
        r"^[\s,]*(?!(?:and|but|or|while|as)\b)"
        r"(?:[\w'\u2019.\-]+\s+){0,5}?"
        rf"(?:{verbs})\b",
        re.I,
    )
    return gloss, naming, call_object, tag


class _NameCues(NamedTuple):
    title: re.Pattern[str]  # a work's title follows: "the film "
    title_capitalised: re.Pattern[str]  # a title in capitals follows: "the campaign "
    gloss_after: re.Pattern[str]  # a gloss follows the span: (, or, meaning
    speech_words: frozenset[str]  # words that make a short span someone's words
    words: dict[str, frozenset[str]]  # the one-word kinds of quote_name_cues.csv
    acts: tuple[tuple[str, ...], ...]  # verbs that make a thing, as word tuples


_WORD_KINDS = (
    "stance",
    "determiner",
    "naming_verb",
    "subject_pronoun",
    "passive",
    "copula",
    "naming_noun",
    "ballot_option",
    "ballot_after",
    "ballot_before",
    "auxiliary",
    "adverb",
)


@cache
def _name_cues() -> _NameCues:
    """Cues that tell a scare quote, a title or a glossed term from a partial quote."""
    lex = resources.table("quote_name_cues.csv")
    verbs = resources.table("reporting_verbs.csv")

    def terms(kind: str) -> list[str]:
        found = {" ".join(t.lower().split()) for t in lex.loc[lex["kind"] == kind, "term"]}
        return sorted(found - {""}, key=lambda t: (-len(t), t))

    def alt(words: list[str]) -> str:
        out = []
        for t in words:
            rx = r"\s+".join(map(re.escape, t.split()))
            out.append(rx + (r"\b" if t[-1].isalnum() else ""))
        return "|".join(out)

    def before(kind: str) -> re.Pattern[str]:
        return re.compile(rf"(?:^|[\s(])(?:{alt(terms(kind))})\s*$", re.I)

    gloss_after = re.compile(rf"^(?:{alt(terms('gloss_after'))})", re.I)
    cue_kinds = ("verb", "participle", "according", "via", "release")
    words = {t.split()[0] for t in terms("speech")}
    words |= {
        t.strip().lower().split()[0] for t in verbs.loc[verbs["kind"].isin(cue_kinds), "term"]
    }
    kinds = {k: frozenset(terms(k)) for k in _WORD_KINDS}
    acts = tuple(tuple(t.split()) for t in terms("act"))
    return _NameCues(
        before("title"), before("title_capitalised"), gloss_after, frozenset(words), kinds, acts
    )


_LETTERS = re.compile(r"[^\W\d_]+")


# --- scanning -------------------------------------------------------------------------


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


class QuoteScan(NamedTuple):
    """The result of :func:`scan_text`: quoted spans and recorded problems."""

    quotes: pd.DataFrame
    problems: pd.DataFrame


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
    for k, (lo, hi) in enumerate(paras):
        marks = [
            m.start()
            for m in _DOUBLE_RX.finditer(text, lo, hi)
            if not _is_apostrophe(text, m.start(), lo, hi)
        ]
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


def _is_title_case(words: list[str]) -> bool:
    alpha = [w for w in words if w[0].isalpha()]
    if not alpha or not alpha[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or _particle_name(w) for w in alpha)


def _particle_name(word: str) -> bool:
    """``al-Baghdadi``, ``el-Saleh``: a particle, a hyphen and a capitalised name."""
    head, _, rest = word.partition("-")
    return head.lower() in _SMALL_WORDS and rest[:1].isupper()


def _ends_with_sentence_mark(inner: str) -> bool:
    r"""Whether ``inner`` ends in ``.``, ``!`` or ``?`` followed only by non-word characters.

    A loop from the end, not ``re.search(r"[.!?]\W*$")``, which restarts at every mark
    of a long run of punctuation and goes quadratic.
    """
    i = len(inner)
    while i > 0 and not (inner[i - 1].isalnum() or inner[i - 1] == "_"):
        if inner[i - 1] in ".!?":
            return True
        i -= 1
    return False


def _skip_back(text: str, lo: int, pos: int) -> int:
    """``pos`` moved back over white space, not past ``lo``."""
    while pos > lo and text[pos - 1].isspace():
        pos -= 1
    return pos


def _window_before(text: str, lo: int, pos: int) -> str:
    r"""The text of the sentence before a span, as its cue patterns need it.

    The patterns are anchored at the end (``...\s*$``), so only the tail can match:
    white space before the span is read once and kept as one space (``\s*``/``\s+``
    match either the same), and at most :data:`CUE_WINDOW` characters before it are
    kept, behind a sentinel (a NUL, which no pattern matches) that stops ``^`` matching
    at the cut. A sentence of thousands of quotations stays linear.
    """
    end = _skip_back(text, lo, pos)
    blank = " " if end < pos else ""
    if end - lo <= CUE_WINDOW:
        return text[lo:end] + blank
    return "\x00" + text[end - CUE_WINDOW : end] + blank


def _window_after(text: str, pos: int, hi: int) -> str:
    r"""The sentence after a span, as the speech-tag pattern (``^[\s,]*...``) needs it.

    Leading white space and commas are skipped in one pass, then at most
    :data:`CUE_WINDOW` characters are kept.
    """
    while pos < hi and (text[pos].isspace() or text[pos] == ","):
        pos += 1
    return text[pos : min(hi, pos + CUE_WINDOW)]


_BY_AGENT = re.compile(r"\bby\s")
_APPOSITIVE = re.compile(r",\s{0,3}(?:the|a|an)\s", re.I)
_ARTICLES = frozenset(("the", "a", "an", "either", "both"))
CUE_LOOKBACK = 12  # words before a short span in which a stance verb governs it
CITED_WINDOW = 5  # words before a copula in which a naming noun introduces a term
BY_WINDOW = 60  # characters after a named span in which ``by`` gives its speaker
# Whether a cue in the sentence before (one that also quotes someone) keeps a short span
# speech. Off: on 3,000 unlabelled BBC and FA-KES articles it turned 86 spans from
# names into partial quotes, and read by hand 15 of 32 sampled were someone's words and
# 17 names or scare quotes; on the development gold it changed nothing.
PREVIOUS_SENTENCE_CUE = False


def _strip_words(prior: list[str], end: int, words: frozenset[str]) -> int:
    """The index after the last word of ``prior[:end]`` that is not in ``words``."""
    while end > 0 and prior[end - 1] in words:
        end -= 1
    return end


def _named_by(prior: list[str], cased: list[str], after: str) -> str | None:
    """``name``, ``speech`` or None: what a naming verb before a span makes of it.

    ``prior`` are the sentence's words before the span (lower case; ``cased`` as
    written), ``after`` the text after it. A naming verb (``dubbed``, ``termed``,
    ``described``...) at most six words before the span, with only an object, ``as``
    and an article between, names it. Its subject decides: an object after the verb
    (``Trump dubbed the report``, ``called this``), a pronoun or a capitalised name
    before it (``what he termed``, ``it could call``), or ``by`` + agent after the span
    make the words someone's (``speech``); a noun, a comma or a passive before it (``a
    militia dubbed``, ``the plan, described as``, ``is called``) make it a ``name``.

    >>> _named_by(["a", "militia", "dubbed"], ["a", "militia", "dubbed"], " attacked")
    'name'
    >>> _named_by(["what", "he", "termed"], ["what", "he", "termed"], ".")
    'speech'
    """
    w = _name_cues().words
    j = _strip_words(prior, len(prior), _ARTICLES)
    if j and prior[j - 1] == "as":
        j = _strip_words(prior, j - 1, _ARTICLES)
    verb = next((v for v in range(j - 1, max(-1, j - 7), -1) if prior[v] in w["naming_verb"]), None)
    if verb is None:
        return None
    if verb + 1 < j or _BY_AGENT.search(after[:BY_WINDOW]):
        return "speech"  # an object between verb and span, or an agent after it
    if verb > 0 and prior[verb - 1] in w["passive"]:
        return "name"  # "is called", "widely dubbed": no speaking subject
    at = _strip_words(prior, verb, w["auxiliary"] | w["adverb"])
    if any(x in w["auxiliary"] for x in prior[at:verb]):
        return "speech"  # a finite verb: "critics have called", "it could call"
    if at == 0:
        return "name"
    if prior[at - 1] in w["subject_pronoun"] or cased[at - 1][:1].isupper():
        return "speech"
    return "name"


def _is_cited_term(prior: list[str], previous: bool, speech_words: frozenset[str]) -> bool:
    """Whether a span after a copula is a term a naming noun introduces.

    A copula right before the span and a naming noun (``phrase``, ``slogan``,
    ``word``...) among the few words before the copula (``the slogan of the campaign
    was``), or, when only a pronoun stands before the copula (``It is``), in the sentence
    before (``previous``): ``a good phrase. It is 'bringing the game into disrepute'``.

    >>> words = frozenset({"said"})
    >>> _is_cited_term(["the", "slogan", "was"], False, words)
    True
    >>> _is_cited_term(["it", "is"], True, words)
    True
    >>> _is_cited_term(["term", "said", "be"], False, words)
    False
    """
    w = _name_cues().words
    if not prior:
        return False
    last = prior[-1]
    if not (last in w["copula"] or last.endswith(("'s", "\u2019s"))):
        return False
    if len(prior) == 2 and prior[0] in w["subject_pronoun"]:
        return previous
    for x in reversed(prior[-1 - CITED_WINDOW : -1]):
        if x in speech_words:
            return False  # "the long term and said there would be": a cue between
        if x in w["naming_noun"]:
            return True
    return False


def _is_ballot(words: list[str], prior: list[str], after: str) -> bool:
    """Whether the span is a ballot option: ``a "yes" vote``, ``voted "No"``.

    >>> _is_ballot(["yes"], ["back", "a"], "vote.")
    True
    """
    w = _name_cues().words
    if not all(x.lower() in w["ballot_option"] for x in words):
        return False
    nxt = _WORD.match(after)
    if nxt and nxt.group().lower() in w["ballot_after"]:
        return True
    j = _strip_words(prior, len(prior), w["determiner"])
    return j > 0 and prior[j - 1] in w["ballot_before"]


def _governed(prior: list[str], speech_words: frozenset[str], n_cues: int) -> str:
    """``stance``, ``act`` or ``""``: the verb that governs a short span.

    ``act``: the span is the object of a verb that makes a thing (``declared``,
    ``imposed a``), and the sentence holds no speech cue (``n_cues``) but maybe that
    verb; ``stance``: the nearest stance or speech word among the last
    :data:`CUE_LOOKBACK` words is a verb of opinion (``labels ... as``, ``considers``)
    and no speech word comes before it (``Alloush said Damascus was considered a``
    reports his words).

    >>> _governed(["kurds", "declared"], frozenset({"declared"}), 1)
    'act'
    """
    cues = _name_cues()
    j = _strip_words(prior, len(prior), cues.words["determiner"])
    for act in cues.acts:
        if j >= len(act) and tuple(prior[j - len(act) : j]) == act:
            if n_cues == 0 or (n_cues == 1 and act[0] in speech_words):
                return "act"
    for i in range(len(prior) - 1, max(-1, len(prior) - 1 - CUE_LOOKBACK), -1):
        if prior[i] in speech_words:
            break
        if prior[i] in cues.words["stance"]:
            return "" if any(x in speech_words for x in prior[:i]) else "stance"
    return ""


class _SentenceCues(NamedTuple):
    """What a sentence holds outside paired double quotation marks."""

    first: int  # position of its first speech cue word, -1 when none
    last: int  # position of its last speech cue word, -1 when none
    n: int  # how many cue words
    naming_noun: bool  # whether it holds a naming noun (phrase, slogan...), quoted or not
    quotes: bool  # whether a paired double quotation touches it


_ANY_CUE = _SentenceCues(0, 1 << 62, 2, False, True)


def _classify(
    text: str,
    span: _Span,
    sents: list[tuple[int, int]],
    cues: Callable[[int], _SentenceCues] = lambda k: _ANY_CUE,
) -> str:
    """The kind of a span (see the module notes); ``cues(k)``: sentence ``k``'s cues."""
    if span.unbalanced:
        return UNPAIRED
    gloss, naming, call_object, tag = _cue_patterns()
    nc = _name_cues()
    inner_end = span.end - (1 if span.close_mark else 0)
    inner = text[span.start + 1 : inner_end]
    words = _WORD.findall(inner)
    n = len(words)
    s_open = sents[span.sents[0]] if span.sents else (span.start, span.end)
    s_close = sents[span.sents[-1]] if span.sents else (span.start, span.end)
    k = span.sents[0] if span.sents else -1
    multi = len(span.paras) > 1 or len(span.sents) > 1 or bool(_SENTENCE_INSIDE.search(inner))
    before = after = ""
    cased: list[str] = []
    if not multi and 0 < n <= MAX_TITLE_WORDS:
        before = _window_before(text, s_open[0], span.start)
        after = _window_after(text, span.end, s_close[1])
        if nc.title.search(before) or (
            nc.title_capitalised.search(before) and _is_title_case(words)
        ):
            return "name"
        cased = _WORD.findall(before)
    prior = [x.lower() for x in cased]
    if not multi and 0 < n <= MAX_NAME_WORDS:
        raw_after = text[span.end : min(s_close[1], span.end + BY_WINDOW)]
        titled = _is_title_case(words) and not _ends_with_sentence_mark(inner)
        if n <= 3 and gloss.search(before):
            return "name"  # a gloss: "dubbed "Otoku" or "bargain""
        given = _named_by(prior, cased, raw_after)
        if given is not None:
            return "name" if given == "name" or titled else "partial"
        if (
            naming.search(before)
            or (titled and (call_object.search(before) or not tag.match(after)))
            or (
                _is_cited_term(prior, k > 0 and cues(k - 1).naming_noun, nc.speech_words)
                and not tag.match(after)
            )
            or _is_ballot(words, prior, after)
        ):
            return "name"
    end = _skip_back(text, s_open[0], span.start)
    short = span.level == 0 and 0 < n <= MAX_SCARE_WORDS
    if multi or end == s_open[0] or text[end - 1] in ":.!?":
        if (
            short
            and not multi
            and text[end - 1 : end] != ":"
            and inner.rstrip()[-1:].isalnum()
            and after[:1].islower()
            and not tag.match(after)
            and not (k > 0 and cues(k - 1).first >= 0)
        ):
            return "name"  # a title or term the reporter's sentence goes on from
        return "quote"
    if short:
        # a short span inside the reporter's sentence: a glossed term, a stance's or an
        # act's object, or, when nothing in its clause reports speech, a scare quote
        raw_after = text[span.end : span.end + 8]
        if nc.gloss_after.match(after) or (
            prior[-1:]
            and prior[-1] in _ARTICLES
            and _APPOSITIVE.match(raw_after)
            and not tag.match(after)
        ):
            return "name"
        if _governed(prior, nc.speech_words, cues(k).n if k >= 0 else 2):
            return "name"
        own = cues(k) if k >= 0 else _ANY_CUE
        clause = 0 <= own.first < span.start or own.last >= span.end
        prev = cues(k - 1) if k > 0 else None
        earlier = PREVIOUS_SENTENCE_CUE and prev is not None and prev.first >= 0 and prev.quotes
        if not clause and not earlier and inner.rstrip()[-1:] not in ("!", "?"):
            return "name"
    return "partial"


def _prepare(
    text: str,
    paragraphs: list[tuple[int, int]] | None,
    sentences: list[tuple[int, int]] | None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    paras = paragraphs if paragraphs is not None else segment.paragraph_spans(text)
    if sentences is None:
        sentences = [s for a, b in paras for s in segment.sentence_spans(text, a, b)]
    return list(paras), list(sentences)


def _scan(
    text: str, paras: list[tuple[int, int]], sents: list[tuple[int, int]]
) -> tuple[list[_Span], list[dict]]:
    problems: list[dict] = []
    spans = _pair_doubles(text, paras, problems)
    top = list(spans)  # in text order, not overlapping
    # nested single quotes, piece by piece of each double quotation (one per paragraph)
    for idx, s in enumerate(top):
        for k in s.paras:
            lo, hi = paras[k]
            a, b = max(lo, s.start + 1), min(hi, s.end - (1 if s.close_mark else 0))
            for x, y, om, cm in _pair_singles(text, a, b, MAX_SINGLE_WORDS):
                spans.append(_Span(x, y, om, cm, level=1, parent=idx, paras=[k]))
    # top-level single quotes: paired within one sentence, outside double quotations
    top_ends = [s.end for s in top]
    para_starts = [a for a, _ in paras]
    for a, b in sents:
        for x0, y0 in _segments_outside(a, b, top, top_ends):
            for x, y, om, cm in _pair_singles(text, x0, y0, 12):
                k = max(bisect_right(para_starts, x) - 1, 0)
                spans.append(_Span(x, y, om, cm, paras=[k]))
    if sents and spans:
        starts = np.fromiter((a for a, _ in sents), dtype=np.int64, count=len(sents))
        first = _sentence_of(starts, np.array([s.start for s in spans]))
        last = _sentence_of(starts, np.array([max(s.start, s.end - 1) for s in spans]))
        for s, f, g in zip(spans, first.tolist(), last.tolist(), strict=True):
            s.sents = list(range(f, g + 1))
    cue_words = _name_cues().speech_words
    naming_nouns = _name_cues().words["naming_noun"]
    cue_of: dict[int, _SentenceCues] = {}
    paired = [s for s in top if not s.unbalanced]  # an unpaired span is narration
    paired_ends = [s.end for s in paired]
    quoted = {k for s in paired for k in s.sents}

    def cues(k: int) -> _SentenceCues:
        """Sentence ``k``'s speech cues outside paired double quotations (read once)."""
        if k not in cue_of:
            a, b = sents[k]
            found = []
            # a naming noun counts inside quotation marks too ('a good phrase' in a quote); _WORD
            # keeps 'long-term' whole
            noun = any(m.group().lower() in naming_nouns for m in _WORD.finditer(text, a, b))
            for x, y in _segments_outside(a, b, paired, paired_ends):
                found += [
                    m.start()
                    for m in _LETTERS.finditer(text, x, y)
                    if m.group().lower() in cue_words
                ]
            first, last = (found[0], found[-1]) if found else (-1, -1)
            cue_of[k] = _SentenceCues(first, last, len(found), noun, k in quoted)
        return cue_of[k]

    for s in spans:
        s.kind = _classify(text, s, sents, cues)
    for p in problems:
        p["context"] = _context(text, p["pos"])
    return spans, problems


def _span_rows(text: str, spans: list[_Span]) -> list[dict]:
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].level))
    new_id = {old: new for new, old in enumerate(order)}
    rows = []
    for old in order:
        s = spans[old]
        inner = text[s.start + 1 : s.end - (1 if s.close_mark else 0)]
        rows.append(
            {
                "quote_id": new_id[old],
                "kind": s.kind,
                "level": s.level,
                "parent_id": new_id[s.parent] if s.parent is not None else pd.NA,
                "text": text[s.start : s.end],
                "start": s.start,
                "end": s.end,
                "sent_ids": s.sents,
                "para_ids": s.paras,
                "open_mark": s.open_mark,
                "close_mark": s.close_mark,
                "unbalanced": s.unbalanced,
                "n_words": len(_WORD.findall(inner)),
            }
        )
    return rows


def _quote_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return df.astype(
        {
            "doc_id": "string",
            "quote_id": "int32",
            "kind": "string",
            "level": "int8",
            "parent_id": "Int32",
            "text": "string",
            "start": "int32",
            "end": "int32",
            "open_mark": "string",
            "close_mark": "string",
            "unbalanced": "bool",
            "n_words": "int32",
        }
    )


def _problem_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    return df.astype(
        {
            "doc_id": "string",
            "para_id": "int32",
            "pos": "int32",
            "mark": "string",
            "problem": "string",
            "context": "string",
        }
    )


def scan_text(
    text: str,
    *,
    paragraphs: list[tuple[int, int]] | None = None,
    sentences: list[tuple[int, int]] | None = None,
    doc_id: str = "",
) -> QuoteScan:
    """Quoted spans and quotation-mark problems in one text.

    Paragraphs default to blank-line separated blocks and sentences to the package's
    Punkt segmenter, as :class:`~corpus_utils.Corpus` makes them; ``sent_ids`` and
    ``para_ids`` count from 0 in this text.

    >>> scan_text('"We won," he said.').quotes[["kind", "text"]].values.tolist()
    [['quote', '"We won,"']]
    """
    paras, sents = _prepare(text, paragraphs, sentences)
    spans, problems = _scan(text, paras, sents)
    rows = _span_rows(text, spans)
    for r in rows:
        r["doc_id"] = doc_id
    for p in problems:
        p["doc_id"] = doc_id
    return QuoteScan(_quote_frame(rows), _problem_frame(problems))


# --- corpus level ---------------------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _corpus_scan(corpus) -> QuoteScan:
    hit = _CACHE.get(corpus)
    if hit is not None:
        return hit
    paras = corpus.paragraphs
    sents = corpus.sentences
    para_spans = {
        d: list(zip(g["start"].tolist(), g["end"].tolist(), strict=True))
        for d, g in paras.groupby("doc_id", sort=False)
    }
    sent_spans = {
        d: list(zip(g["start"].tolist(), g["end"].tolist(), strict=True))
        for d, g in sents.groupby("doc_id", sort=False)
    }
    q_rows: list[dict] = []
    p_rows: list[dict] = []
    for doc_id in corpus.docs["doc_id"]:
        text = corpus.text_of(doc_id)
        p = para_spans.get(doc_id, [])
        s = sent_spans.get(doc_id, [])
        spans, problems = _scan(text, p, s)
        for r in _span_rows(text, spans):
            r["doc_id"] = doc_id
            q_rows.append(r)
        for pr in problems:
            pr["doc_id"] = doc_id
            p_rows.append(pr)
    result = QuoteScan(_quote_frame(q_rows), _problem_frame(p_rows))
    _CACHE[corpus] = result
    return result


def quotes(corpus, *, kinds: tuple[str, ...] | None = None, nested: bool = True) -> pd.DataFrame:
    """One row per quoted span in the corpus.

    Columns: ``doc_id, quote_id, kind`` (``quote``, ``partial``, ``name`` or
    ``unpaired``: an unbalanced span, not speech), ``level``
    (0 top level, 1 nested inside another quotation), ``parent_id`` (the enclosing
    quotation's ``quote_id``), ``text`` (with its marks), ``start, end`` (offsets into
    ``docs.text``, marks included), ``sent_ids`` and ``para_ids`` (lists), ``open_mark,
    close_mark`` (the characters used; ``close_mark`` is empty when none was found),
    ``unbalanced`` and ``n_words``.

    Args:
        kinds: keep only these kinds, e.g. ``("quote", "partial")`` for speech.
        nested: keep nested (level 1) spans.
    """
    df = _corpus_scan(corpus).quotes
    if kinds is not None:
        df = df[df["kind"].isin(kinds)]
    if not nested:
        df = df[df["level"] == 0]
    return df.reset_index(drop=True)


def quote_problems(corpus) -> pd.DataFrame:
    """Unbalanced or stray quotation marks: ``doc_id, para_id, pos, mark, problem, context``."""
    return _corpus_scan(corpus).problems.copy()


def span_index(doc_ids: pd.Series, starts: np.ndarray, spans: pd.DataFrame) -> np.ndarray:
    """For each ``(doc_id, position)``, the row of ``spans`` containing it, or -1.

    ``spans`` needs ``doc_id, start, end``, a default index, rows sorted by ``start``
    within each document and no overlaps (top-level quotations). ``doc_ids`` may be a
    categorical (the token table's), read by its codes.

    >>> spans = pd.DataFrame({"doc_id": ["a", "a"], "start": [0, 10], "end": [5, 12]})
    >>> span_index(pd.Series(["a", "a", "b"]), np.array([3, 7, 3]), spans).tolist()
    [0, -1, -1]
    """
    if spans.empty or len(starts) == 0:
        return np.full(len(starts), -1, dtype=np.int64)
    codes, names = _doc_codes(doc_ids)
    return _rows_in_spans(codes, names, starts, _spans_by_doc(spans))


def _doc_codes(doc_ids: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each row's document as a code into a list of names (a categorical's own codes)."""
    if isinstance(doc_ids.dtype, pd.CategoricalDtype):
        return doc_ids.array.codes, [str(d) for d in doc_ids.cat.categories]
    codes, uniques = pd.factorize(doc_ids.to_numpy())
    return codes, [str(d) for d in uniques]


def _spans_by_doc(spans: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``doc_id -> (starts, ends, rows)`` of ``spans``."""
    return {
        str(d): (g["start"].to_numpy(), g["end"].to_numpy(), g.index.to_numpy())
        for d, g in spans.groupby("doc_id", sort=False, observed=True)
    }


def _rows_in_spans(
    codes: np.ndarray,
    names: list[str],
    starts: np.ndarray,
    by_doc: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> np.ndarray:
    out = np.full(len(starts), -1, dtype=np.int64)
    order = np.argsort(codes, kind="stable")  # rows of each document together, in order
    bounds = np.searchsorted(codes[order], np.arange(len(names) + 1), side="left")
    for k, doc_id in enumerate(names):
        found = by_doc.get(doc_id)
        if found is None or bounds[k] == bounds[k + 1]:
            continue
        s, e, rows = found
        idx = order[bounds[k] : bounds[k + 1]]
        pos = starts[idx]
        j = np.searchsorted(s, pos, side="right") - 1
        ok = (j >= 0) & (pos < e[np.clip(j, 0, None)])
        out[idx[ok]] = rows[j[ok]]
    return out


def token_voices(corpus, tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` (any table with ``doc_id, start``) plus ``voice, quote_id, is_name``.

    ``voice`` is ``quote`` or ``partial`` inside a top-level speech span, else
    ``narration`` (a categorical of those three); ``is_name`` marks words inside
    name/gloss/scare-quote marks, which stay narration; ``quote_id`` names the span (NA
    outside any). The token table is not copied: the result shares its columns (a
    shallow copy with three new ones), and the new columns are filled a block of rows
    at a time, so no other array as long as the table is made.

    >>> sorted(token_voices(corpus, corpus.tokens())["voice"].unique())
    ['narration', 'partial', 'quote']
    """
    top = quotes(corpus, nested=False).sort_values(["doc_id", "start"]).reset_index(drop=True)
    out = tokens.copy(deep=False)  # new columns go to this frame, not to ``tokens``
    n = len(out)
    voice = np.zeros(n, dtype=np.int8)  # codes into VOICES: narration
    qid = np.zeros(n, dtype=np.int32)
    outside = np.ones(n, dtype=bool)  # the mask of quote_id
    is_name = np.zeros(n, dtype=bool)
    if len(top) and n:
        codes, names = _doc_codes(out["doc_id"])
        starts = out["start"].to_numpy()
        by_doc = _spans_by_doc(top)
        kind = pd.Index(KINDS).get_indexer(top["kind"].to_numpy(dtype=object))
        # per span: its voice code (its kind when speech, else narration), whether a name
        span_voice = np.array([VOICES.index(k) if k in SPEECH else 0 for k in KINDS], np.int8)
        span_voice = span_voice[kind]
        span_name = kind == KINDS.index("name")
        span_qid = top["quote_id"].to_numpy(dtype=np.int32)
        for i in range(0, n, tokenization.BLOCK_ROWS):
            rows = slice(i, i + tokenization.BLOCK_ROWS)
            idx = _rows_in_spans(codes[rows], names, starts[rows], by_doc)
            inside = idx >= 0
            at = idx[inside]
            voice[rows][inside] = span_voice[at]
            qid[rows][inside] = span_qid[at]
            outside[rows] = ~inside
            is_name[rows][inside] = span_name[at]
    out["voice"] = pd.Categorical.from_codes(voice, categories=list(VOICES), validate=False)
    out["quote_id"] = pd.arrays.IntegerArray(qid, outside)
    out["is_name"] = is_name
    return out


def sentence_voices(corpus) -> pd.DataFrame:
    """One row per sentence: ``doc_id, sent_id, para_id, voice, quote_share, n_words, quote_ids``.

    ``voice`` is ``quote`` when the sentence holds words of a direct quotation,
    ``partial`` when it holds only words of embedded (partial) quotes, else
    ``narration`` (see the module notes). ``quote_share`` is the share of its word
    tokens inside speech marks; ``quote_ids`` lists the speech spans it touches.
    """
    toks = token_voices(corpus, corpus.tokens(merge_actors=False))
    words = toks[~toks["is_punct"]]
    keys = ["doc_id", "sent_id"]
    flags = words[keys].assign(
        quoted=(words["voice"] != "narration").to_numpy(dtype=int),
        q=(words["voice"] == "quote").to_numpy(),
        p=(words["voice"] == "partial").to_numpy(),
    )
    g = flags.groupby(keys, sort=False, observed=True)
    n_words = g.size()
    n_quoted = g["quoted"].sum()
    has_quote = g["q"].any()
    has_partial = g["p"].any()
    ids = (
        words[words["voice"] != "narration"]
        .groupby(keys, sort=False, observed=True)["quote_id"]
        .agg(lambda s: sorted({int(x) for x in s}))
    )
    out = corpus.sentences[["doc_id", "sent_id", "para_id"]].copy()
    idx = pd.MultiIndex.from_frame(out[keys].astype({"doc_id": object}))
    nw = n_words.reindex(idx, fill_value=0).to_numpy()
    nq = n_quoted.reindex(idx, fill_value=0).to_numpy()
    hq = has_quote.reindex(idx, fill_value=False).to_numpy(dtype=bool)
    hp = has_partial.reindex(idx, fill_value=False).to_numpy(dtype=bool)
    out["voice"] = pd.array(
        np.where(hq, "quote", np.where(hp, "partial", "narration")), dtype="string"
    )
    out["quote_share"] = np.where(nw > 0, nq / np.maximum(nw, 1), 0.0)
    out["n_words"] = nw.astype("int32")
    id_lists = ids.reindex(idx)
    out["quote_ids"] = [x if isinstance(x, list) else [] for x in id_lists]
    return out.reset_index(drop=True)
