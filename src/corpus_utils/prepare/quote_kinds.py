"""What a quoted span is: a direct quote, a partial quote, or a name (scare quote,
title, gloss), read from the words around it.

Part of :mod:`corpus_utils.prepare.voices` (its module notes give the rules); the word
lists are ``resources/reporting_verbs.csv`` and ``resources/quote_name_cues.csv``.

Rules added at stop 15 (issue 11; each one checked by reading every span of BBC and
FA-KES it changes): a span in capitals inside the reporter's sentence is a ``name`` even
with a speech tag after it (``the FAO report on the "State of ... 2004" said``), and so
is one opening with a particle name (``"al-Nusra Front"``); an active naming verb with no
object names the span when the capitalised word before it opens the sentence or stands
before a comma (``Homs once dubbed the "capital"``), and a title-case span of up to
twelve words after a naming verb is a name; a capitalised name, a comma or a dash and
``or`` gloss a span of up to six words (``the Jinshajiang - or "river of golden
sand"``); a cue word after the hyphen of a compound (``self-declared``, ``so-called``)
reports nothing; an act's object may follow its determiner and two modifiers
(``declared an Islamic "caliphate"``). A whole sentence inside the reporter's sentence
is a direct ``quote`` when a cue introduces it without a colon (``he said "The war will
go on."``) or a tag after it attributes it (six words or more, a capital first, the
reporter's full stop lost before it, or a headline or caption before it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from .. import resources
from .quote_marks import _WORD, _Span

_SENTENCE_INSIDE = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+[\"'\u201c\u2018(]*[A-Z]")
_SMALL_WORDS = frozenset(
    "a an and at by de del el for in of on or the to with al bin von van".split()
)

MAX_NAME_WORDS = 6
MAX_SCARE_WORDS = 3  # a scare quote or glossed term: at most this many words
MAX_TITLE_WORDS = 12
CUE_WINDOW = 200  # characters before/after a span that its cue patterns read
UNPAIRED = "unpaired"


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
    # "known as the "White Helmets"": an article may stand between cue and name
    naming = re.compile(rf"(?:^|[\s(])(?:{alt('naming')})(?:\s+(?:the|a|an))?\s*$", re.I)
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
    "verb_particle",
    "object_verb",
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


# the words a sentence's speech cues are looked for in (voices): runs of letters, but not
# the part after the hyphen of a compound, which is a modifier, not a verb that reports
# (the self-declared "caliphate", a so-called "truce", a much-publicised "plan")
_LETTERS = re.compile(r"(?<![^\W\d_])(?<![^\W_][-\u2010])[^\W\d_]+")


# --- kinds -----------------------------------------------------------------------------


def _is_title_case(words: list[str]) -> bool:
    alpha = [w for w in words if w[0].isalpha()]
    if not alpha or not (alpha[0][0].isupper() or _particle_name(alpha[0])):
        return False  # "al-Nusra Front" opens with a particle name
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
# a translation or gloss of a name, up to MAX_NAME_WORDS: a capitalised word, a comma or
# a dash, "or" ("the Jinshajiang - or "river of golden sand"", "Television Numerique pour
# Tous, or "digital television for all""); no comma or dash ("AutoLink or "tricked into
# using it"") or a lower-case word ("the new laws or "the destruction of records"") can be
# the second half of a coordination, which stays speech
_NAME_OR = re.compile(r"\b[A-Z][\w.\-]*(?:,|\s+[-\u2013\u2014])\s*or\s*$")
_APPOSITIVE = re.compile(r",\s{0,3}(?:the|a|an)\s", re.I)
_ARTICLES = frozenset(("the", "a", "an", "either", "both"))
CUE_LOOKBACK = 12  # words before a short span in which a stance verb governs it
ACT_MODIFIERS = 2  # words between an act's determiner and its quoted object
CITED_WINDOW = 5  # words before a copula in which a naming noun introduces a term
BY_WINDOW = 60  # characters after a named span in which ``by`` gives its speaker


def _strip_words(prior: list[str], end: int, words: frozenset[str]) -> int:
    """The index after the last word of ``prior[:end]`` that is not in ``words``."""
    while end > 0 and prior[end - 1] in words:
        end -= 1
    return end


def _named_by(
    prior: list[str], cased: list[str], after: str, before: str = "", first: str = ""
) -> str | None:
    """``name``, ``speech`` or None: what a naming verb before a span makes of it.

    ``prior`` are the sentence's words before the span (lower case; ``cased`` as
    written), ``after`` the text after it. A naming verb (``dubbed``, ``termed``,
    ``described``...) at most six words before the span, with only an object, ``as``
    and an article between, names it. Its subject decides: an object after the verb
    (``Trump dubbed the report``, ``called this``), a pronoun or a capitalised name
    before it (``what he termed``, ``it could call``), or ``by`` + agent after the span
    make the words someone's (``speech``); a noun, a comma or a passive before it (``a
    militia dubbed``, ``the plan, described as``, ``is called``) make it a ``name``.
    An active naming verb needs an object: with none between verb and span, a
    capitalised word that opens the sentence (``before``: the sentence's text before
    the span, which opens it unless cut behind a NUL) or stands before a comma
    (``Homs, once dubbed``; ``Originally dubbed``) is the thing named, not a speaker:
    a ``name``; a capitalised word after other words (``a move Russia called``, whose
    object ``move`` comes first) still speaks. ``first``, the span's first word: a
    particle (``called "for calm"``) makes the verb phrasal, which takes no object;
    ``described`` may take the span itself as its object (``Officials described "a
    quiet night"``): both keep the capitalised word a speaker.

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
    if prior[at - 1] in w["subject_pronoun"]:
        return "speech"
    if not cased[at - 1][:1].isupper():
        return "name"
    if first.lower() in w["verb_particle"] or prior[verb] in w["object_verb"]:
        return "speech"  # "Blair called "for calm"", "Officials described "a quiet night""
    opens = at == 1 and before[:1] != "\x00"
    if opens or _comma_between(before, len(cased) - at + 1, len(cased) - verb):
        return "name"  # "Homs once dubbed the", "Homs, once dubbed": the thing named
    return "speech"


def _comma_between(before: str, left: int, right: int) -> bool:
    """Whether a comma stands between the ``left``-th and the ``right``-th word from the
    end of ``before`` (1: its last word), counted as :data:`_WORD` finds words.

    >>> _comma_between("Homs, once dubbed the ", 4, 3), _comma_between("Homs once dubbed ", 3, 2)
    (True, False)
    """
    found = list(_WORD.finditer(before))
    if left > len(found) or right < 1:
        return False
    return "," in before[found[-left].end() : found[-right].start()]


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
    >>> _governed(["declaring", "an", "islamic"], frozenset({"declaring"}), 1)
    'act'
    """
    cues = _name_cues()
    det = cues.words["determiner"]
    ends = [_strip_words(prior, len(prior), det)]
    # up to ACT_MODIFIERS words between a determiner and the span: "declaring an Islamic"
    for m in range(1, ACT_MODIFIERS + 1):
        k = len(prior) - m
        if k > 0 and prior[k - 1] in det and not det.intersection(prior[k:]):
            ends.append(_strip_words(prior, k, det))
    for j in ends:
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


_EMBEDDING = frozenset(
    "that as of to for the a an and or but with by from in on at whether if because about "
    "than like into over".split()
)
CUED_LOOKBACK = 4  # words before a span among which a cue introduces a whole sentence
MIN_SENTENCE_WORDS = 3
LONG_SENTENCE_WORDS = 6


def _cued_sentence(
    text: str, lo: int, end: int, inner: str, n: int, speech_words: frozenset[str]
) -> bool:
    """Whether a span inside the reporter's sentence is a whole sentence a cue introduces,
    without the colon news style would put before it: ``he said "The war will go on."``,
    ``the sources said adding "All were killed."``, ``said Mr Ingram "It is no issue."``.

    It opens with a capital, ends in ``.``, ``!`` or ``?``, holds at least
    :data:`MIN_SENTENCE_WORDS` words, and a speech cue stands among the last
    :data:`CUED_LOOKBACK` words before it, the last of them not a word that embeds what
    follows (``that``, ``as``, ``of``...: ``said that "Britain will win."`` is partial).
    ``end``: where the text before the span ends (white space skipped), ``lo`` its
    sentence's start.

    >>> _cued_sentence('He said "We won."', 0, 7, "We won.", 2, frozenset({"said"}))
    False
    >>> _cued_sentence('He said "We won it."', 0, 7, "We won it.", 3, frozenset({"said"}))
    True
    """
    if n < MIN_SENTENCE_WORDS or not inner.lstrip()[:1].isupper():
        return False
    prior = [w.lower() for w in _WORD.findall(text, max(lo, end - CUE_WINDOW), end)]
    last = prior[-CUED_LOOKBACK:]
    if not last or last[-1] in _EMBEDDING:
        return False
    if not _ends_with_sentence_mark(inner):
        return n >= LONG_SENTENCE_WORDS and last[-1] in speech_words
    return any(w in speech_words for w in last)


def _tagged_sentence(text: str, lo: int, end: int, inner: str, n: int) -> bool:
    """Whether a span inside the reporter's sentence reads as a whole sentence that a
    speech tag after it attributes (the caller matches the tag): at least
    :data:`LONG_SENTENCE_WORDS` words, a capital first (its last mark may be lost
    too, as in FA-KES: ``caption text "The toll has risen to 42 dead including seven
    children" said the Observatory``), and no word that embeds it just before
    (``goals "The chap that's gone has scored 9.3 goals a season," said Souness``: the
    reporter's full stop was lost).

    >>> _tagged_sentence('goals "The chap has scored nine a season,"', 0, 5,
    ...                  "The chap has scored nine a season,", 7)
    True
    >>> _tagged_sentence('said that "The chap has scored nine a season,"', 0, 9,
    ...                  "The chap has scored nine a season,", 7)
    False
    """
    if n < LONG_SENTENCE_WORDS or not inner.lstrip()[:1].isupper():
        return False
    prior = _WORD.findall(text, max(lo, end - 40), end)
    return not prior or prior[-1].lower() not in _EMBEDDING


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
    *,
    previous_cue: bool = False,
) -> str:
    """The kind of a span (see the module notes); ``cues(k)``: sentence ``k``'s cues;
    ``previous_cue``: :data:`corpus_utils.prepare.voices.PREVIOUS_SENTENCE_CUE`."""
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
    raw_after = text[span.end : min(s_close[1], span.end + BY_WINDOW)]
    titled = not multi and 0 < n and _is_title_case(words) and not _ends_with_sentence_mark(inner)
    if (
        titled
        and MAX_NAME_WORDS < n <= MAX_TITLE_WORDS
        and (naming.search(before) or _named_by(prior, cased, raw_after, before, words[0]))
    ):
        return "name"  # a long title given a name: 'Originally dubbed "Jerry's Guide to ..."'
    if not multi and 0 < n <= MAX_NAME_WORDS:
        if (n <= 3 and gloss.search(before)) or _NAME_OR.search(before):
            return "name"  # a gloss: "dubbed "Otoku" or "bargain"", "the Jinshajiang - or""
        # inside the reporter's sentence (not opening it, not after a colon) a span in
        # capitals is a name even with a speech tag after it (the FAO report on the
        # "State of Agricultural Commodity Markets 2004" said; Kurdish News Media "KDK
        # News" reported): there is no direct quotation it could open
        opened = _skip_back(text, s_open[0], span.start)
        inside = opened > s_open[0] and text[opened - 1] not in ":.!?"
        given = _named_by(prior, cased, raw_after, before, words[0])
        if given is not None:
            return "name" if given == "name" or titled else "partial"
        if (
            naming.search(before)
            or (titled and (call_object.search(before) or not tag.match(after) or inside))
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
    if span.level == 0 and (
        _cued_sentence(text, s_open[0], end, inner, n, nc.speech_words)
        or _tagged_sentence(text, s_open[0], end, inner, n)
        and tag.match(_window_after(text, span.end, s_close[1]))
    ):
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
        earlier = previous_cue and prev is not None and prev.first >= 0 and prev.quotes
        if not clause and not earlier and inner.rstrip()[-1:] not in ("!", "?"):
            return "name"
    return "partial"
