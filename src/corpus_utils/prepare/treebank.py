"""NLTK's Treebank-family word tokenizer, fast: its decisions in one compiled pass.

Part of :mod:`corpus_utils.prepare.tokenization` (whose names these stay importable
from). :func:`word_spans` tokenizes one sentence; :func:`_tokenize_sentences` many
sentences at once for the token table, a batch of sentences joined into one text and
tokenized by one ``findall``. Both give exactly the tokens of
``nltk.tokenize.NLTKWordTokenizer`` (``tests/test_tokenization.py`` and
``tests/test_tokens_batch.py`` compare them with NLTK and with each other).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from functools import cache
from itertools import chain

import numpy as np
from nltk.tokenize import NLTKWordTokenizer

# The tokenizer knows straight apostrophes only ("won't" -> "wo", "n't"); curly ones are
# swapped for straight ones of the same length before tokenizing, so offsets still hold.


def _straight(text: str) -> str:
    """``text`` with its curly apostrophes straight (same length: offsets hold); two
    ``replace`` passes, far faster than ``translate``."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


_FALLBACK = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


_RE_FLAGS = re.I | re.M | re.S | re.U | re.X  # the same bits in ``re`` and ``regex``


def _stdlib(pattern: object) -> re.Pattern:
    """One of NLTK's tokenizer patterns compiled with the standard ``re`` engine."""
    if isinstance(pattern, re.Pattern):
        return pattern
    return re.compile(pattern.pattern, pattern.flags & _RE_FLAGS)  # type: ignore[attr-defined]


class TreebankTokenizer(NLTKWordTokenizer):
    """NLTK's ``NLTKWordTokenizer``, its own patterns run by the standard ``re`` engine.

    NLTK 3.10 routes every pattern through ``nltk.redos`` (the ``regex`` engine under a
    time limit), a defence against patterns supplied by callers; these are NLTK's fixed,
    reviewed tokenizer patterns, and run about 1.6 times faster under ``re``. Tokens and
    offsets are the same as ``NLTKWordTokenizer``'s (``tests/test_tokenization.py``
    compares them on every sentence of the project's corpus and on random text).
    """

    base = NLTKWordTokenizer
    STARTING_QUOTES = [(_stdlib(p), r) for p, r in base.STARTING_QUOTES]
    ENDING_QUOTES = [(_stdlib(p), r) for p, r in base.ENDING_QUOTES]
    PUNCTUATION = [(_stdlib(p), r) for p, r in base.PUNCTUATION]
    PARENS_BRACKETS = (_stdlib(base.PARENS_BRACKETS[0]), base.PARENS_BRACKETS[1])
    CONVERT_PARENTHESES = [(_stdlib(p), r) for p, r in base.CONVERT_PARENTHESES]
    DOUBLE_DASHES = (_stdlib(base.DOUBLE_DASHES[0]), base.DOUBLE_DASHES[1])
    CONTRACTIONS2 = [_stdlib(p) for p in base.CONTRACTIONS2]
    CONTRACTIONS3 = [_stdlib(p) for p in base.CONTRACTIONS3]
    del base


@cache
def _word_tokenizer() -> NLTKWordTokenizer:
    return TreebankTokenizer()


# --- the fast path: NLTK's decisions in one compiled pass --------------------------------
# NLTKWordTokenizer runs ~25 regex substitutions per sentence, each inserting spaces,
# then splits on white space and aligns the tokens back to the text. Every substitution
# only pads characters with spaces (the quote conversions are undone by span_tokenize),
# so its tokens are the text's non-space runs cut at the places the rules pad. The
# pattern below finds those runs directly ("pre-tokens": every rule but the final period
# and the clitic rules), ``_fast_spans`` then applies the final-period rule (PUNCTUATION
# 1 and 7) and the clitic rules (PUNCTUATION 9, ENDING_QUOTES 5 and 6) to the few tokens
# they touch. Checked equal to NLTK on every sentence of the shared corpora and on
# random text (tests/test_tokenization.py).
_PADDED = '«“„»”;@#$%&\u2012-\u2015?!*\\[\\](){}<>"'  # each always a token of its own
_CLITIC = r"(?i:re|ve|ll|m|t|s|d|n)\b"  # STARTING_QUOTES 5 leaves 're, 's, ... joined
_PRE_TOKEN = re.compile(
    # a plain word that ends its pre-token (the common case, tried first)
    rf"\w++(?=[\s{_PADDED}]|$|--|\.\.|[:,](?!\d))"
    rf"|--|\.{{2,}}|[:,](?!\d)|[{_PADDED}]"  # double dash, ellipsis, , : before a non-digit
    rf"|(?<!\w)'(?=\w)(?!{_CLITIC})"  # an opening single quote: 'Hello -> ' Hello
    # any other run: single dots and hyphens, , : before a digit, word-internal quotes
    rf"|(?:[^\s{_PADDED}.,:'`\-]|\.(?!\.)|-(?!-)|[:,](?=\d)|(?<=\w)'|'(?!\w)|'(?={_CLITIC}))+"
)
# The same run after any white space, as its one group: where sentences are joined into
# one text, each match starts at the end of the one before (no failed attempt at every
# space between tokens: about twice as fast), and ``findall`` gives the pre-tokens.
_PRE_TOKEN_AFTER_SPACE = re.compile(rf"\s*+({_PRE_TOKEN.pattern})")
# What the fast path does not model; such sentences go to NLTK itself: backticks and
# '' (STARTING_QUOTES 2-4 and ENDING_QUOTES 2 turn them into quote tokens), a run of
# , and : (PUNCTUATION 2 consumes the second one), and the MacIntyre contractions
# (CONTRACTIONS2/3: cannot -> can not, gonna -> gon na, 'tis -> 't is, ...).
_CONTRACTIONS = "cannot|d'ye|gimme|gonna|gotta|lemme|more'n|wanna|'t(?:is|was)"
_CONTRACTIONS_LOWER = re.compile(_CONTRACTIONS)
_CONTRACTIONS_ANY_CASE = re.compile(f"(?i:{_CONTRACTIONS})")
# PUNCTUATION 1: the last period, if only closing brackets, quotes and spaces follow it
_AFTER_FINAL_PERIOD = re.compile(r"[\]\)}>\"'»” ]*+\s*$")
# PUNCTUATION 9 pads ' before a space; these characters are padded before it runs
_SPACE_BEFORE_RULE_9 = frozenset(" «“„;@#$%&?!\u2012\u2013\u2014\u2015.,:")
_CLITIC_E5 = frozenset("sSmMdD")  # ENDING_QUOTES 5: 's 'm 'd (and a lone ')
_CLITIC_E6 = frozenset(("'ll", "'LL", "'re", "'RE", "'ve", "'VE", "n't", "N'T"))
_QUOTE = re.compile("'")


def _unmodelled(text: str) -> bool:
    """True when ``text`` holds a construct the fast path leaves to NLTK."""
    if "`" in text or "''" in text or ",," in text or ",:" in text or ":," in text or "::" in text:
        return True
    if "\u0130" in text or "\u0131" in text:  # İ and ı match (?i)i but lower() differently
        return _CONTRACTIONS_ANY_CASE.search(text) is not None
    return _CONTRACTIONS_LOWER.search(text.lower()) is not None


def _split_clitics(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The pre-token ``text[a:b]`` cut as PUNCTUATION 9 and ENDING_QUOTES 5, 6 cut it."""
    e = b
    tail: list[tuple[int, int]] = []
    if text[b - 1] == "'":  # a closing ' is cut off (rule 9 or rule 5) ...
        tail.append((b - 1, b))
        e = b - 1
        # ... and only when rule 9 did it (a space came next) may rule 5 cut again
        again = b < len(text) and text[b] in _SPACE_BEFORE_RULE_9
    else:
        again = True
    if again and e - a >= 3 and text[e - 2] == "'" and text[e - 1] in _CLITIC_E5:
        tail.insert(0, (e - 2, e))
        e -= 2
    if e - a >= 4 and text[e - 3 : e] in _CLITIC_E6 and text[e - 4] != "'":
        tail.insert(0, (e - 3, e))
        e -= 3
    return [(a, e), *tail]


def _fast_spans(text: str) -> list[tuple[int, int]] | None:
    """NLTK's spans for ``text`` (apostrophes already straight), or None when ``text``
    holds a construct this path does not model (see ``_unmodelled``)."""
    if _unmodelled(text):
        return None
    spans = [m.span() for m in _PRE_TOKEN.finditer(text)]
    p = text.rfind(".")
    if p > 0 and text[p - 1] != "." and _AFTER_FINAL_PERIOD.match(text, p + 1):
        if ' "' not in text[p + 1 :]:  # STARTING_QUOTES 4 made that " a `` first
            for i in range(len(spans) - 1, -1, -1):
                a, b = spans[i]
                if a <= p:
                    cut = ((a, p), (p, p + 1), (p + 1, b))
                    spans[i : i + 1] = [s for s in cut if s[0] < s[1]]
                    break
    if "'" in text:
        done = len(text)  # quotes at or after this offset belong to a token already cut
        for q in reversed([m.start() for m in _QUOTE.finditer(text)]):
            if q >= done:
                continue
            i = bisect_right(spans, (q, done + 1)) - 1
            a, b = spans[i]
            done = a
            if b - a >= 2:
                spans[i : i + 1] = _split_clitics(text, a, b)
    return spans


def _nltk_spans(prepared: str) -> list[tuple[int, int]]:
    try:
        return list(_word_tokenizer().span_tokenize(prepared))
    except ValueError:
        # NLTK could not align its tokens to the text (rare quote patterns): fall back
        # to a plain word/punctuation split of this one sentence rather than fail.
        return [m.span() for m in _FALLBACK.finditer(prepared)]


def _prepared_spans(prepared: str) -> list[tuple[int, int]]:
    spans = _fast_spans(prepared)
    return _nltk_spans(prepared) if spans is None else spans


def word_spans(text: str) -> list[tuple[int, int]]:
    """Token offsets in ``text``, exactly as NLTK's Treebank-family tokenizer gives them.

    One compiled pass reproduces ``NLTKWordTokenizer.span_tokenize``; the few sentences
    with a construct it does not model (backticks, ``''``, ``,,``, the MacIntyre
    contractions such as ``cannot``) go to NLTK itself.

    >>> t = "ISIS's fighters won’t leave the U.S.-led zone."
    >>> [t[a:b] for a, b in word_spans(t)]
    ['ISIS', "'s", 'fighters', 'wo', 'n’t', 'leave', 'the', 'U.S.-led', 'zone', '.']
    """
    return _prepared_spans(_straight(text))


def nltk_word_spans(text: str) -> list[tuple[int, int]]:
    """:func:`word_spans` computed by NLTK's tokenizer alone (the reference, slower).

    >>> t = "He cannot go."
    >>> [t[a:b] for a, b in nltk_word_spans(t)] == [t[a:b] for a, b in word_spans(t)]
    True
    """
    return _nltk_spans(_straight(text))


SPACE_LIMIT = 0x3001  # every white-space character is below (tests/test_tokenization.py)


@cache
def _is_space() -> np.ndarray:
    """For each code point below :data:`SPACE_LIMIT`, and one past it (any above):
    whether ``str.isspace`` (and so ``re``'s ``\\s``) holds for it."""
    return np.array([chr(c).isspace() for c in range(SPACE_LIMIT + 1)], dtype=bool)


_UNMODELLED_MARKS = ("`", "''", ",,", ",:", ":,", "::")
# every string _CONTRACTIONS_LOWER matches (tests/test_tokens_batch.py checks the two agree)
_CONTRACTION_WORDS = ("cannot", "d'ye", "gimme", "gonna", "gotta", "lemme", "more'n", "wanna")
_CONTRACTION_WORDS += ("'tis", "'twas")


def _find_all(text: str, needles: Iterable[str]) -> list[int]:
    """Where each of ``needles`` starts in ``text`` (``str.find``: no regex attempt at
    every character)."""
    out = []
    for needle in needles:
        pos = text.find(needle)
        while pos >= 0:
            out.append(pos)
            pos = text.find(needle, pos + 1)
    return out


def _unmodelled_among(prepared: str, sents: list[str], sent_at: np.ndarray) -> list[int]:
    """The sentences (indexes into ``sents``) for which :func:`_unmodelled` holds.

    ``prepared`` is ``sents`` joined by newlines, apostrophes straight, ``sent_at`` each
    sentence's offset in it. The constructs are looked for in the whole text at once;
    only the sentences where one is found are tested one by one (a sentence's own
    finding is a finding in the whole, so none is missed).
    """
    hits = _find_all(prepared, _UNMODELLED_MARKS)
    lowered = prepared.lower()
    if "\u0130" in prepared or "\u0131" in prepared or len(lowered) != len(prepared):
        candidates = range(len(sents))  # lower() moved the offsets: every one
    else:
        hits += _find_all(lowered, _CONTRACTION_WORDS)
        candidates = sorted(set((np.searchsorted(sent_at, hits, side="right") - 1).tolist()))
    return [k for k in candidates if _unmodelled(_straight(sents[k]))]


def _split_tokens(
    start: np.ndarray,
    end: np.ndarray,
    toks: list[str],
    text: str,
    which: list[int],
    counts: np.ndarray,
    flat: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Tokens (``start``, ``end`` into ``text``, and their strings ``toks``) with token
    ``which[i]`` (in increasing order) replaced by ``counts[i]`` spans, the rows of
    ``flat`` (``(start, end)`` each, the pieces of every split token in turn)."""
    if not which:
        return start, end, toks
    n_pieces = np.ones(len(start), dtype=np.int64)
    n_pieces[which] = counts
    at = (np.cumsum(n_pieces) - n_pieces)[which]  # where each split token's pieces go
    start, end = np.repeat(start, n_pieces), np.repeat(end, n_pieces)
    rows = np.repeat(at - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    start[rows], end[rows] = flat[:, 0], flat[:, 1]
    pieces = [text[a:b] for a, b in flat.tolist()]
    out: list[str] = []
    done = used = 0
    for i, n in zip(which, counts.tolist(), strict=True):
        out += toks[done:i]
        out += pieces[used : used + n]
        done, used = i + 1, used + n
    out += toks[done:]
    return start, end, out


def _final_periods(
    sents: list[str], code_points: np.ndarray, sent_at: np.ndarray, sent_len: np.ndarray
) -> list[int]:
    """Where PUNCTUATION 1 cuts each sentence (offsets in the joined text, in order):
    its last period, if only closing brackets, quotes and spaces follow it. A sentence
    ending in a period (the usual case) is decided from the code points at once: cut
    unless the period is its first character or follows another period."""
    last = sent_at + sent_len - 1
    long = sent_len >= 2
    ends_period = np.zeros(len(sents), dtype=bool)
    ends_period[long] = code_points[last[long]] == ord(".")
    cut = ends_period.copy()
    cut[ends_period] = code_points[last[ends_period] - 1] != ord(".")
    finals = last[cut].tolist()
    rest = np.flatnonzero(~ends_period & (sent_len > 0)).tolist()
    if rest:
        for k in rest:
            sent = sents[k]
            p = sent.rfind(".")
            # the rule reads the text with its curly apostrophes straight, as the
            # reference does: "it.’" ends in a period before a closing quote
            if (
                p > 0
                and sent[p - 1] != "."
                and _AFTER_FINAL_PERIOD.match(_straight(sent[p + 1 :]))
                and ' "' not in sent[p + 1 :]  # STARTING_QUOTES 4 made that " a `` first
            ):
                finals.append(int(sent_at[k]) + p)
        finals.sort()
    return finals


def _joined_spans(sents: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]] | None:
    """NLTK's tokens of sentences the fast path models (:func:`_unmodelled` false for
    each), found in all of them at once: ``(sentence, start, end, token)`` of every
    token (numbers as arrays, offsets sentence-relative, the strings as written); None
    when the pre-tokens do not cover the non-space characters exactly (not expected:
    the caller then takes the sentences one by one).

    The sentences are joined by newlines and :data:`_PRE_TOKEN` runs once over the
    whole (its matches never hold white space, and a newline looks to every one of its
    rules as the end or the start of the text does), giving the pre-tokens as strings,
    without a match object each. Every non-space character is in one pre-token, so the
    offsets follow from the tokens' lengths. The final-period rule and the clitic rules
    then cut the few tokens they touch, as :func:`_fast_spans` does one sentence at a
    time.
    """
    original = "\n".join(sents)
    text = _straight(original)
    # white space at the end is left out: the possessive \s*+ would try each of its
    # characters in turn (the end of the text looks to the rules as the end of a sentence)
    toks = _PRE_TOKEN_AFTER_SPACE.findall(text, 0, len(text.rstrip()))
    lengths = np.fromiter(map(len, toks), dtype=np.int64, count=len(toks))
    code_points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    solid = np.flatnonzero(~_is_space()[np.minimum(code_points, SPACE_LIMIT)])
    if lengths.sum() != len(solid):
        return None
    first = np.cumsum(lengths) - lengths  # each token's first non-space character
    start = solid[first]
    end = solid[first + lengths - 1] + 1
    if not np.array_equal(end - start, lengths):
        return None
    sent_len = np.fromiter(map(len, sents), dtype=np.int64, count=len(sents))
    sent_at = np.cumsum(sent_len + 1) - sent_len - 1  # each sentence's offset in text
    # PUNCTUATION 1: the token holding a sentence's last period, cut around it (the
    # non-empty ones of: before it, the period, after it)
    finals = np.array(_final_periods(sents, code_points, sent_at, sent_len), dtype=np.int64)
    at = np.searchsorted(start, finals, side="right") - 1
    cand = np.stack((start[at], finals, finals, finals + 1, finals + 1, end[at]), axis=1).reshape(
        -1, 3, 2
    )
    keep = cand[:, :, 0] < cand[:, :, 1]
    start, end, toks = _split_tokens(
        start, end, toks, text, at.tolist(), keep.sum(axis=1), cand[keep]
    )
    # the clitic rules: every token of two or more characters holding a quote, once
    quotes = np.flatnonzero(code_points == ord("'"))
    if len(quotes):
        held = np.unique(np.searchsorted(start, quotes, side="right") - 1)
        which = held[(end[held] - start[held]) >= 2].tolist()
        pieces = [_split_clitics(text, int(start[i]), int(end[i])) for i in which]
        counts = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        flat = np.array(list(chain.from_iterable(pieces)), dtype=start.dtype).reshape(-1, 2)
        start, end, toks = _split_tokens(start, end, toks, text, which, counts, flat)
        if text != original:  # curly apostrophes: those tokens as written
            held = np.unique(np.searchsorted(start, quotes, side="right") - 1).tolist()
            for i, a, b in zip(held, start[held].tolist(), end[held].tolist(), strict=True):
                toks[i] = original[a:b]
    sent = np.searchsorted(sent_at, start, side="right") - 1
    base = sent_at[sent]
    return sent, (start - base).astype(np.int32), (end - base).astype(np.int32), toks


class Codes(dict):
    """Strings to int codes in order of first appearance: a missing string gets the
    next code when it is looked up, so ``map(codes.__getitem__, tokens)`` codes a
    batch with no Python call per token already known (about 1.5 times faster than
    ``setdefault(t, len(codes))`` per token)."""

    def __missing__(self, key: str) -> int:
        self[key] = value = len(self)
        return value


def _codes_of(toks: list[str], code: dict[str, int]) -> np.ndarray:
    """Each token's code in ``code`` (new ones added in order of first appearance), as
    int32; any dict works, a :class:`Codes` fastest."""
    if isinstance(code, Codes):
        return np.fromiter(map(code.__getitem__, toks), dtype=np.int32, count=len(toks))
    code_of = code.setdefault  # the dict's own method: no Python call per token
    return np.array([code_of(t, len(code)) for t in toks], dtype=np.int32)


def _batch_tokens(
    sents: list[str], code: dict[str, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_tokenize_sentences` of a few sentences (their texts).

    The sentences the fast path models are tokenized all at once
    (:func:`_joined_spans`), the others by NLTK one by one (:func:`_prepared_spans`);
    the tokens are coded in order of appearance once the batch is tokenized, so only
    the distinct ones are kept as Python strings.
    """
    sent_len = np.fromiter(map(len, sents), dtype=np.int64, count=len(sents))
    sent_at = np.cumsum(sent_len + 1) - sent_len - 1  # each sentence's offset, joined
    alone = _unmodelled_among(_straight("\n".join(sents)), sents, sent_at)  # to NLTK
    modelled = np.setdiff1d(np.arange(len(sents)), alone)
    found = _joined_spans([sents[k] for k in modelled.tolist()]) if len(modelled) else None
    if found is None and len(modelled):  # not expected: every sentence by its spans
        alone = list(range(len(sents)))
    if found is not None:
        sent, start, end, toks = modelled[found[0]], found[1], found[2], found[3]
    else:
        sent, start, end, toks = np.zeros(0, np.int64), np.zeros(0, np.int32), None, []
        end = start
    if alone:
        parts = [(sent, start, end)]
        for k in alone:
            spans = np.array(_prepared_spans(_straight(sents[k])), dtype=np.int32)
            spans = spans.reshape(-1, 2)
            parts.append((np.full(len(spans), k, dtype=np.int64), spans[:, 0], spans[:, 1]))
            toks += [sents[k][a:b] for a, b in spans.tolist()]
        sent, start, end = (np.concatenate(c) for c in zip(*parts, strict=True))
        order = np.argsort(sent, kind="stable")  # sentence order (each in text order)
        sent, start, end = sent[order], start[order], end[order]
        toks = list(map(toks.__getitem__, order.tolist()))
    codes = _codes_of(toks, code)
    counts = np.bincount(sent, minlength=len(sents)).astype(np.int32)
    return start.astype(np.int32), end.astype(np.int32), counts, codes


BATCH_CHARS = 1 << 14
"""Within a piece, sentences are tokenized in batches of about this many characters:
a batch's token strings and per-character arrays are the working memory."""


def _tokenize_sentences(
    docs_text: Mapping[str, str],
    names: list[str],
    doc: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    code: dict[str, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every token's sentence-relative start and end, each sentence's number of tokens
    and every token's code in ``code`` (strings to codes, new ones added), as int32
    arrays in sentence order, a batch of about :data:`BATCH_CHARS` characters of
    sentences at a time (:func:`_batch_tokens`).
    """
    out: tuple[list[np.ndarray], ...] = ([], [], [], [])
    batch: list[str] = []
    chars = 0
    current = -1
    text = ""
    for d, a, b in zip(doc.tolist(), starts.tolist(), ends.tolist(), strict=True):
        if d != current:
            current = d
            text = docs_text[names[d]]
        batch.append(text[a:b])
        chars += b - a
        if chars >= BATCH_CHARS:
            for column, values in zip(out, _batch_tokens(batch, code), strict=True):
                column.append(values)
            batch, chars = [], 0
    if batch or not out[0]:
        for column, values in zip(out, _batch_tokens(batch, code), strict=True):
            column.append(values)
    start, end, counts, codes = (c[0] if len(c) == 1 else np.concatenate(c) for c in out)
    return start, end, counts, codes
