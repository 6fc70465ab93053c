"""Web boilerplate: sentences a corpus repeats that are not journalism, and common patterns.

Scraped articles carry their site's furniture: sign-up prompts, share and follow lines,
copyright notices, "about us" blurbs, lists of related headlines, credits. Two sources
find it, each removal recorded in ``Corpus.removed`` with kind ``boilerplate`` and the
rule that fired:

- **patterns** (``resources/web_boilerplate.csv``): a sentence or line of at most a few
  dozen words that matches a named pattern (``newsletter_signup``, ``copyright``,
  ``follow_us``...) is removed wherever it stands;
- **repetition learned from the corpus**: a sentence (after folding case, digits and
  white space) that recurs in at least :data:`MIN_DOCS` articles of the same outlet (of
  the whole corpus when the outlet is not known at load time) is removed when it does
  not read like journalism. The rule says so: ``repeated in 19 articles of trt``.

Repetition alone never removes a sentence. A repeated sentence is kept when it reads as
prose (at least six words, function words among them, not mostly capitalised, ending
like a sentence) or carries a quotation: background paragraphs and quotes that several
articles share are journalism. Prose is removed only when it repeats, names the outlet
itself and stands in the article's leading or trailing run of boilerplate (an "about
us" blurb at the foot of every article).

The work is split so that the expensive part runs on worker processes:
:func:`scan_segments` (per article: sentence spans, their keys, pattern hits) and
:func:`candidates` with :func:`removals` (per article, given the corpus-wide counts:
whether a sentence reads as prose is asked only of the sentences that repeat).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from .. import resources
from . import segment
from .literals import LiteralIndex, literal_view, required_literals

MIN_DOCS = 3  # a sentence must recur in this many articles of a group to be learned
MIN_SHARE = 0.005  # ... and in this share of the group's articles (12 of BBC's 2,225)
MAX_SEGMENT_WORDS = 60  # prose longer than this is never removed as an outlet blurb
MIN_PROSE_WORDS = 6
LEARN_MEMO = 20_000  # repeated sentences whose form is remembered, per process
LEARN_MEMO_CHARS = 1_000  # ... of at most this length (a memo of bounded size)
KIND = "boilerplate"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DIGITS = re.compile(r"\d+")
_ENDS_LIKE_SENTENCE = re.compile(r"""[.!?…]["'”’)\]]*$""")
_QUOTED = re.compile(r"""["“”„«»][^"“”„«»]{12,}["“”„«»]""")
_NOT_ALNUM = re.compile(r"[\W_]+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_ADDRESS = re.compile(r"\b(?:[Ww]e|[Oo]ur|us|[Yy]ou|[Yy]our)\b")  # a site to its reader (not "US")


@dataclass(frozen=True)
class Pattern:
    """One named pattern from ``resources/web_boilerplate.csv``."""

    rule: str
    scope: str  # "sentence": the whole sentence goes; "match": only the matched text
    regex: re.Pattern[str]
    max_words: int
    description: str
    # every match contains one of these (in :func:`literal_view` form); empty: not known
    needs: tuple[str, ...] = ()

    def may_match(self, view: str) -> bool:
        """False when the pattern certainly does not match the text ``view`` is the
        :func:`literal_view` of (none of the literals it needs is in it)."""
        return not self.needs or any(s in view for s in self.needs)


@cache
def patterns() -> tuple[Pattern, ...]:
    """The web-boilerplate patterns, compiled, in file order (the first match names the rule).

    >>> [p.rule for p in patterns()][:2]
    ['newsletter_signup', 'subscribe']
    >>> patterns()[1].needs
    ('subscribe',)
    """
    out = []
    for r in resources.table("web_boilerplate.csv").itertuples(index=False):
        regex = re.compile(r.pattern)
        needs = required_literals(regex)
        out.append(Pattern(r.rule, r.scope, regex, int(r.max_words), r.description, needs))
    return tuple(out)


def pattern_match(text: str, view: str | None = None) -> tuple[str, int, int] | None:
    """The first pattern that matches a sentence: ``(rule, start, end)`` of what goes (the
    whole sentence, or the match for a pattern of scope ``match``), else None.

    >>> pattern_match("Sign up for our daily newsletter")
    ('newsletter_signup', 0, 32)
    >>> pattern_match("Read also Stop the war, UN pleads as the army took the town on Monday")
    ('read_more_cue', 0, 10)
    >>> pattern_match("The ministry said the convoy had been hit twice.") is None
    True

    ``view`` is the text's :func:`literal_view` when it is known (a slice of its body's).
    """
    return _first_match(text, literal_view(text) if view is None else view, patterns())


def _first_match(
    text: str, view: str, candidates: Iterable[Pattern]
) -> tuple[str, int, int] | None:
    """:func:`pattern_match` over ``candidates`` (in file order): a pattern runs only
    where its needed literals are in the text."""
    n_words = len(text.split())
    for p in candidates:
        if p.needs and not any(s in view for s in p.needs):
            continue
        m = p.regex.search(text)
        if m is None:
            continue
        if p.scope == "match":
            if n_words <= p.max_words:
                return p.rule, m.start(), m.end()
            continue
        # a prompt glued to a story sentence with no full stop between them, at its start
        # or its end: only the prompt goes when the rest is prose that does not address
        # the reader (a promotion goes on with "our", "you": SUBSCRIBE ... to our channel)
        rest = text[m.end() :] if m.start() <= 3 else ""
        if m.end() >= len(text.rstrip()) - 1:
            rest = text[: m.start()]
        if rest and is_prose(rest) and not _ADDRESS.search(_QUOTED.sub("", rest)):
            return p.rule, m.start(), m.end()
        if n_words <= p.max_words:
            return p.rule, 0, len(text)
    return None


def normalise(text: str) -> str:
    """The form repetition is counted on: lower case, digits as ``0``, single spaces.

    >>> normalise("Copyright © 2018  TRT World.")
    'copyright © 0 trt world.'
    """
    # str.split() splits where re's \s matches (both use str.isspace): no regex needed
    return " ".join(_DIGITS.sub("0", text.casefold()).split())


def group_key(outlet: object) -> str:
    """The group an article's repetitions are counted in: its outlet, folded; ``""`` for
    an article whose outlet is not known when it is loaded (the whole corpus)."""
    return " ".join(str(outlet).split()).casefold() if isinstance(outlet, str) else ""


def segment_key(text: str, group: str) -> int:
    """A 64-bit key of a sentence's normalised form within its group (stable across runs)."""
    digest = hashlib.blake2b(f"{group}\x00{normalise(text)}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


_ASCII_DIGITS = bytes.maketrans(b"123456789", b"000000000")
_ZEROS = re.compile(rb"00+")


def _digits_as_zero(text: str) -> str:
    """``_DIGITS.sub("0", text)``: an ASCII text's digits turned to 0 by a byte table, then
    each run of zeros made one (every digit run becomes one 0, as the regex makes it)."""
    if not text.isascii():
        return _DIGITS.sub("0", text)
    return _ZEROS.sub(b"0", text.encode("ascii").translate(_ASCII_DIGITS)).decode("ascii")


def segment_keys(body: str, spans: Iterable[tuple[int, int]], group: str) -> np.ndarray:
    """:func:`segment_key` of each sentence ``body[a:b]``, as a uint64 array: the
    sentences are folded, their digits and white space normalised in one pass over
    them joined by NUL (each step maps characters on their own, NUL is no white space,
    no digit and folds to itself), each then hashed alone.

    >>> body = "Follow us.  Day 12 of 30."
    >>> segment_keys(body, [(0, 10), (12, 25)], "g").tolist() == [
    ...     segment_key("Follow us.", "g"), segment_key("Day 12 of 30.", "g")]
    True
    """
    texts = [body[a:b] for a, b in spans]
    if not texts:
        return np.zeros(0, dtype=np.uint64)
    if "\x00" in body:  # a NUL of the text's own: one sentence at a time
        return np.array([segment_key(t, group) for t in texts], dtype=np.uint64)
    # white space: runs to one space by str.split (the NULs stay inside the words); what
    # is left at a sentence's ends is one space, stripped
    joined = " ".join(_digits_as_zero("\x00".join(texts).casefold()).split())
    prefix = group + "\x00"
    parts = [(prefix + t.strip(" ")).encode() for t in joined.split("\x00")]
    digests = b"".join([hashlib.blake2b(t, digest_size=8).digest() for t in parts])
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def is_prose(text: str) -> bool:
    """Whether a sentence reads like journalism rather than site furniture.

    Prose has at least six words, a few of them function words, is not mostly
    capitalised words (menus, credits, lists of headlines are) and ends like a sentence.

    >>> is_prose("The ministry said the convoy had been hit twice on Tuesday.")
    True
    >>> is_prose("TRT World Watch Live TV Schedule Where to Watch Connect with TRT World")
    False
    """
    return _is_prose(text, _WORD.findall(text))


def _is_prose(text: str, words: list[str]) -> bool:
    """:func:`is_prose` given the text's ``_WORD`` matches."""
    if len(words) < MIN_PROSE_WORDS or text.count("|") >= 2:
        return False
    if not _ENDS_LIKE_SENTENCE.search(text.rstrip()):
        return False
    stop = resources.stopwords()
    n_stop = n_content = n_capitalised = 0
    for w in words:
        if w.casefold() in stop:
            n_stop += 1
        else:
            n_content += 1
            n_capitalised += w[0].isupper()
    return n_stop / len(words) >= 0.1 and n_capitalised / max(n_content, 1) <= 0.75


def shape(text: str) -> str:
    """How much of a sentence a repetition may remove: ``"fragment"`` (a piece the
    sentence splitter cut off: it starts in lower case or is only punctuation; never
    learned), ``"short"`` (under three words or two words of letters: a byline, a code,
    a credit; learned only at the article's edges) or ``"line"``.

    >>> shape("he said."), shape("SSH 11"), shape("Follow us on Instagram.")
    ('fragment', 'short', 'line')
    """
    return _shape(text, None)


def _shape(text: str, words: list[str] | None) -> str:
    """:func:`shape`, given the text's ``_WORD`` matches when they are known."""
    first = _LETTER_OR_DIGIT.search(text)
    if first is None or first.group(0).islower():
        return "fragment"
    if len(text.split()) < 3:
        return "short"
    if len(_WORD.findall(text) if words is None else words) < 2:
        return "short"
    return "line"


@cache
def _reporting_words() -> frozenset[str]:
    table = resources.table("reporting_verbs.csv")
    return frozenset(table.loc[table["kind"].isin(["verb", "participle"]), "term"].str.lower())


def is_blurb(text: str, group: str) -> bool:
    """Prose an outlet writes about itself: it names the outlet whose articles repeat it
    and reports nobody's words (``Asharq Al-Awsat is the world's premier ...``, not
    ``Local sources told SANA ...``).

    >>> is_blurb("Asharq Al-Awsat is the world's premier pan-Arab daily.", "asharqalawsat")
    True
    >>> is_blurb("Local sources told SANA that shells fell on the town.", "sana")
    False
    """
    return names_group(text, group) and not _reports(_WORD.findall(text))


def _reports(words: list[str]) -> bool:
    """Whether one of ``words`` is a reporting verb (said, told, according...)."""
    return not _reporting_words().isdisjoint(w.casefold() for w in words)


def names_group(text: str, group: str) -> bool:
    """Whether a sentence names the outlet whose articles it repeats in.

    >>> names_group("Asharq Al-Awsat is the world's premier pan-Arab daily.", "asharqalawsat")
    True
    """
    spelled = _spelled(group)
    return spelled is not None and spelled.search(text.casefold()) is not None


@cache
def _spelled(group: str) -> re.Pattern[str] | None:
    """The group's letters and digits (folded) in a row, anything else between them:
    what finds them in a folded text without squashing the text first. None for a
    group of fewer than three."""
    squashed = _NOT_ALNUM.sub("", group)
    if len(squashed) < 3:
        return None
    return re.compile(r"[\W_]*".join(map(re.escape, squashed)))


@dataclass
class Segments:
    """What :func:`scan_segments` finds in one article body.

    ``keys`` are the article's distinct sentence keys (what the corpus counts, the
    headline's among them); ``sentence_keys`` the key of each sentence, in order;
    ``hits`` the removal candidates a pattern gives, by sentence index (an empty list:
    a pattern matches the whole sentence, but it carries a quotation, so it stays);
    ``n`` the number of sentences. What repetition may remove is worked out only for
    the sentences whose key turns out to repeat (:func:`candidates`).
    """

    keys: np.ndarray
    hits: dict[int, list[tuple[int, int, int, int, str, str]]]
    n: int
    title_key: int | None = None  # the headline line's key: a repeated one is no headline
    # the sentence split it made: ``(line start, line end, start, end)`` per sentence, so
    # the sentence stage need not split the lines that cleaning leaves as they were
    sentences: np.ndarray | None = None
    sentence_keys: np.ndarray | None = None


def sentence_segments(body: str) -> Iterable[tuple[int, int]]:
    """Sentence spans of a cleaned body, line by line (a line is at least one).

    >>> body = "Home | News\\nThe army advanced. It held the town.\\n\\nLast line"
    >>> [body[a:b] for a, b in sentence_segments(body)]
    ['Home | News', 'The army advanced.', 'It held the town.', 'Last line']
    """
    for _a, _b, spans in line_sentences(body):
        yield from spans


def line_sentences(body: str) -> Iterable[tuple[int, int, list[tuple[int, int]]]]:
    """``(line start, line end, sentence spans)`` of every line that is not blank."""
    pos = 0
    for line in body.split("\n"):
        if line.strip():
            yield pos, pos + len(line), list(segment.sentence_spans(body, pos, pos + len(line)))
        pos += len(line) + 1


def patterns_by_sentence(view: str, starts: list[int], ends: list[int]) -> dict[int, list[Pattern]]:
    """The patterns that may match each sentence ``view[starts[i]:ends[i]]`` (sentences in
    order, not overlapping), in file order: those one of whose needed literals occurs
    inside it, every literal's occurrences found at once (:class:`LiteralIndex`) rather
    than one test per sentence and pattern. A sentence no pattern may match has no entry.

    >>> body = "The army took the town. Follow us on Twitter"
    >>> found = patterns_by_sentence(literal_view(body), [0, 24], [23, 44])
    >>> {i: [p.rule for p in ps] for i, ps in found.items()}
    {1: ['follow_us']}
    """
    every = patterns()
    found = _literal_index().by_sentence(view, starts, ends)
    return {i: [every[j] for j in js] for i, js in found.items()}


@cache
def _literal_index() -> LiteralIndex:
    return LiteralIndex([p.needs for p in patterns()])


def _learn(text: str, group: str, may_name: Callable[[], bool]) -> str | None:
    """What repetition may do to a sentence: ``"any"`` (remove it wherever it stands),
    ``"edge"`` (only in the article's leading or trailing run), ``""`` (nothing), or None
    for a sentence with a quotation (never removed whole, not even by a pattern).
    ``may_name()`` says whether the body may name the outlet at all."""
    form = _learn_form if len(text) <= LEARN_MEMO_CHARS else _learn_form.__wrapped__
    learn, if_named = form(text, group)
    if if_named:  # an outlet blurb, when the body may name the outlet
        return "edge" if may_name() else ""
    return learn


@lru_cache(maxsize=LEARN_MEMO)
def _learn_form(text: str, group: str) -> tuple[str | None, bool]:
    """:func:`_learn` without the body: its answer, or ``("", True)`` for prose short
    enough that names the group and reports nobody (an outlet blurb: ``"edge"`` when the
    body may name the outlet). Remembered: the sentences asked about are the ones the
    corpus repeats, so the same ones come back."""
    if _QUOTED.search(text):
        return None, False
    words = _WORD.findall(text)
    form = _shape(text, words)
    if form == "fragment":
        return "", False
    if form == "short":
        return "edge", False
    if not _is_prose(text, words):
        return "any", False
    blurb = (
        len(text.split()) <= MAX_SEGMENT_WORDS
        and names_group(text, group)
        and not _reports(words)  # is_blurb
    )
    return "", blurb  # prose is journalism, however often it repeats


def scan_segments(body: str, group: str, title: str | None = None) -> Segments:
    """Sentence keys and pattern hits of one article (runs on worker processes).

    >>> s = scan_segments("The army said it had taken the town.\\n\\nFollow us on Twitter", "")
    >>> s.n, {i: [(c[4], c[5]) for c in cs] for i, cs in s.hits.items()}
    (2, {1: [('follow_us', 'any')]})
    """
    split = [(la, lb, a, b) for la, lb, spans in line_sentences(body) for a, b in spans]
    sentence_keys = segment_keys(body, [(a, b) for _la, _lb, a, b in split], group)
    keys = sentence_keys.tolist()
    view = literal_view(body)
    maybe = patterns_by_sentence(view, [x[2] for x in split], [x[3] for x in split])
    may_name = _Once(lambda: names_group(body, group))
    hits: dict[int, list[tuple[int, int, int, int, str, str]]] = {}
    for i in sorted(maybe):
        _la, _lb, a, b = split[i]
        text = body[a:b]
        hit = _first_match(text, view[a:b], maybe[i])
        if hit is None:
            continue
        rule, x, y = hit
        if (x, y) != (0, len(text)):  # only part of the sentence goes
            hits[i] = [(-1, a + x, a + y, keys[i], rule, "")]
            continue
        learn = _learn(text, group, may_name)
        hits[i] = [] if learn is None else [(i, a, b, keys[i], rule, learn)]
    title_key = segment_key(title, group) if title else None
    if title_key is not None:
        keys.append(title_key)
    return Segments(
        np.unique(np.array(keys, dtype=np.uint64)),
        hits,
        len(split),
        title_key,
        np.array(split, dtype=np.int32).reshape(-1, 4),
        sentence_keys,
    )


class _Once:
    """A value worked out on first use (a body-wide test most articles never need)."""

    def __init__(self, func: Callable[[], bool]) -> None:
        self._func = func
        self._value: bool | None = None

    def __call__(self) -> bool:
        if self._value is None:
            self._value = self._func()
        return self._value


def candidates(
    seg: Segments, body: str, group: str, repeated: Mapping[int, int]
) -> list[tuple[int, int, int, int, str, str]]:
    """The removal candidates of one article body, in sentence order, given the keys the
    corpus repeats: its pattern hits, and each other sentence whose key is in
    ``repeated`` with what repetition may do to it (:func:`_learn`), as ``(index, start,
    end, key, pattern rule or "", "any" | "edge" | "")`` (index -1: part of a sentence).
    A sentence that neither a pattern nor repetition can remove is left out.

    >>> body = "The army said it had taken the town.\\n\\nHome | News | Sport"
    >>> seg = scan_segments(body, "")
    >>> found = candidates(seg, body, "", {int(seg.sentence_keys[1]): 5})
    >>> [(c[0], body[c[1] : c[2]], c[4], c[5]) for c in found]
    [(1, 'Home | News | Sport', '', 'any')]
    """
    if seg.sentence_keys is None or seg.sentences is None:
        raise ValueError("candidates needs the sentence keys and split of scan_segments")
    todo = set(seg.hits)
    if repeated:
        wanted = np.fromiter(repeated, dtype=np.uint64, count=len(repeated))
        todo.update(np.flatnonzero(np.isin(seg.sentence_keys, wanted)).tolist())
    may_name = _Once(lambda: names_group(body, group))
    out = []
    for i in sorted(todo):
        if i in seg.hits:
            out.extend(seg.hits[i])
            continue
        a, b = int(seg.sentences[i, 2]), int(seg.sentences[i, 3])
        learn = _learn(body[a:b], group, may_name)
        if learn:
            out.append((i, a, b, int(seg.sentence_keys[i]), "", learn))
    return out


def min_docs(n_articles: int) -> int:
    """How many of a group's articles must repeat a sentence for it to be learned.

    >>> min_docs(42), min_docs(2225)
    (3, 12)
    """
    return max(MIN_DOCS, math.ceil(MIN_SHARE * n_articles))


def repeated_keys(segments: Iterable[tuple[str, Segments]]) -> dict[int, int]:
    """Keys that recur in at least :func:`min_docs` articles of their group, with counts.

    ``segments`` are ``(group, Segments)`` per article; each article counts a key once.
    Pass only one copy of exact-duplicate articles.
    """
    return repeated_in((group, seg.keys) for group, seg in segments)


def repeated_in(keys: Iterable[tuple[str, np.ndarray]]) -> dict[int, int]:
    """:func:`repeated_keys` given each article's ``(group, Segments.keys)``."""
    by_group: dict[str, list[np.ndarray]] = {}
    for group, these in keys:
        by_group.setdefault(group, []).append(these)
    out: dict[int, int] = {}
    for arrays in by_group.values():
        keys, counts = np.unique(np.concatenate(arrays), return_counts=True)
        keep = counts >= min_docs(len(arrays))
        out.update(zip(keys[keep].tolist(), counts[keep].tolist(), strict=True))
    return out


def learned_rule(n: int, group_label: str) -> str:
    """The rule a learned removal records.

    >>> learned_rule(19, "trt (42 articles)")
    'repeated in 19 articles of trt (42 articles)'
    """
    return f"repeated in {n} articles of {group_label or 'the corpus'}"


def removals(
    cands: list[tuple[int, int, int, int, str, str]],
    n: int,
    repeated: Mapping[int, int],
    group_label: str,
) -> list[tuple[int, int, str]]:
    """The ``(start, end, rule)`` spans to remove from one article body of ``n``
    sentences, given its :func:`candidates`.

    A pattern match goes wherever it stands; a repeated line that is not prose goes
    wherever it stands; a repeated short piece (a byline, a code) or outlet blurb goes
    only inside the article's leading or trailing run of removable sentences.
    """

    def rule_of(c: tuple, at_edge: bool) -> str:
        _i, _a, _b, key, rule, learn = c
        if rule:
            return rule
        n = repeated.get(key, 0)
        if not n or not learn or (learn == "edge" and not at_edge):
            return ""
        return learned_rule(n, group_label)

    by_index = {c[0]: c for c in cands if c[0] >= 0}
    parts = [(c[1], c[2], c[4]) for c in cands if c[0] < 0]  # part-sentence matches
    chosen: dict[int, str] = {}
    for order in (range(n), range(n - 1, -1, -1)):  # leading, then trailing run
        for i in order:
            c = by_index.get(i)
            rule = rule_of(c, at_edge=True) if c else ""
            if not rule:
                break
            chosen[i] = rule
    for i, c in by_index.items():
        if i not in chosen:
            rule = rule_of(c, at_edge=False)
            if rule:
                chosen[i] = rule
    whole = [(by_index[i][1], by_index[i][2], chosen[i]) for i in sorted(chosen)]
    return sorted(whole + parts)
