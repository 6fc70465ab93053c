"""Tokens with offsets: NLTK's Treebank-family tokenizer, actor names merged.

Tokens are those of :class:`nltk.tokenize.NLTKWordTokenizer` (the improved Treebank
tokenizer behind ``word_tokenize``) on each sentence, found in one compiled pass
(:func:`word_spans`; NLTK itself, as :class:`TreebankTokenizer`, for the few sentences
the pass does not model), so every token's ``start``/``end`` slice back to it in
``Corpus.docs.text``. :func:`base_tables` builds the token tables from arrays.
Multi-word actor names from ``resources/actors.csv`` (``Syrian Democratic Forces`` ->
``SDF``) are merged into one token whose ``norm`` is the canonical name.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from itertools import chain

import numpy as np
import pandas as pd
import pyarrow as pa
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import NLTKWordTokenizer

from . import resources

# The tokenizer knows straight apostrophes only ("won't" -> "wo", "n't"); curly ones are
# swapped for straight ones of the same length before tokenizing, so offsets still hold.
_APOSTROPHE = str.maketrans({"\u2019": "'", "\u2018": "'"})  # same length: offsets hold
# for comparing: apostrophes straightened, invisible characters (clean.INVISIBLE) dropped
_FOLD = str.maketrans(
    {"\u2019": "'", "\u2018": "'"}
    | dict.fromkeys([*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065),
                     *range(0x2066, 0x206A), 0xFEFF, 0x00AD])
)  # fmt: skip
_FALLBACK = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


class MissingNLTKData(LookupError):
    """An optional feature needs an NLTK data package that is not installed."""


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
    return _prepared_spans(text.translate(_APOSTROPHE))


def nltk_word_spans(text: str) -> list[tuple[int, int]]:
    """:func:`word_spans` computed by NLTK's tokenizer alone (the reference, slower).

    >>> t = "He cannot go."
    >>> [t[a:b] for a, b in nltk_word_spans(t)] == [t[a:b] for a, b in word_spans(t)]
    True
    """
    return _nltk_spans(text.translate(_APOSTROPHE))


def fold(token: str) -> str:
    """The comparison form of a token: curly apostrophes straightened, invisible
    characters (zero-width, bidi marks, soft hyphens) dropped.

    >>> fold("Pu\u200btin\u2019s")
    "Putin's"
    """
    return token.translate(_FOLD)


def is_punct(token: str) -> bool:
    """True when every character is punctuation or a symbol."""
    return all(unicodedata.category(ch)[0] in "PS" for ch in token)


@cache
def _actor_index() -> dict[str, list[tuple[tuple[str, ...], str, bool]]]:
    """Lexicon variants as token sequences, keyed by their first token, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    for row in resources.actors().itertuples(index=False):
        toks = tuple(fold(row.variant[a:b]) for a, b in word_spans(row.variant))
        if not row.case_sensitive:
            toks = tuple(t.lower() for t in toks)
        index.setdefault(toks[0].lower(), []).append((toks, row.canonical, row.case_sensitive))
    for cands in index.values():
        cands.sort(key=lambda c: -len(c[0]))
    return index


SHOUTED = 0.6  # a sentence with at least this share of its words in capitals is shouted


@cache
def _actor_context() -> dict[tuple[str, ...], frozenset[str]]:
    """``resources/actor_context.csv``: aliases that need a context word in their sentence
    (the upper-case ``IS``), as token sequences -> the context words and phrases."""
    words: dict[tuple[str, ...], set[str]] = {}
    for variant, word in resources.table("actor_context.csv")[["variant", "word"]].itertuples(
        index=False
    ):
        key = tuple(fold(variant[a:b]) for a, b in word_spans(variant))
        words.setdefault(key, set()).add(" ".join(word.lower().split()))
    return {k: frozenset(v) for k, v in words.items()}


def _in_context(lowered: list[str], folded: list[str], needs: frozenset[str]) -> bool:
    """Whether a sentence (its ``lowered`` and ``folded`` tokens) is about the actor of a
    context alias: it holds one of ``needs`` (a word, a phrase, or the last part of a
    hyphenated token: ``ISIS-held``) and is not written in capitals. One pass."""
    phrases = [w.split() for w in needs if " " in w]
    found = False
    for k, t in enumerate(lowered):
        if t in needs or ("-" in t and t.rsplit("-", 1)[-1] in needs):
            found = True
            break
        if any(p[0] == t and lowered[k : k + len(p)] == p for p in phrases):
            found = True
            break
    if not found:
        return False
    words = [t for t in folded if len(t) > 1 and any(c.isalpha() for c in t)]
    upper = sum(t.isupper() for t in words)
    return not (words and upper >= SHOUTED * len(words))


def merge_actors(tokens: list[str]) -> Iterator[tuple[int, int, str | None]]:
    """Group token positions into actor names: ``(first, last_exclusive, canonical)``.

    Longest match wins; tokens outside any name come back one by one with ``None``.
    ``tokens`` is one sentence: an alias of ``resources/actor_context.csv`` (the
    upper-case ``IS``) is an actor only when the sentence holds one of its context
    words (``militants``, ``Raqqa``, ``Islamic State`` ...) and is not written in
    capitals (``THE ILIAD IS THE OLDEST BOOK`` is no ISIS).

    >>> list(merge_actors(["the", "Syrian", "Democratic", "Forces", "said"]))
    [(0, 1, None), (1, 4, 'SDF'), (4, 5, None)]
    >>> [c for _, _, c in merge_actors(["IS", "fighters", "fled"])]
    ['ISIS', None, None]
    >>> [c for _, _, c in merge_actors(["He", "said", "IS", "was", "a", "word"])]
    [None, None, None, None, None, None]
    """
    index = _actor_index()
    context = _actor_context()
    folded = [fold(t) for t in tokens]
    lowered = [t.lower() for t in folded]
    about: dict[tuple[str, ...], bool] = {}  # per context alias: is the sentence about it
    i = 0
    n = len(tokens)
    while i < n:
        for toks, canonical, case_sensitive in index.get(lowered[i], ()):
            k = len(toks)
            window = folded[i : i + k] if case_sensitive else lowered[i : i + k]
            if tuple(window) != toks:
                continue
            needs = context.get(toks)
            if needs is not None:
                if toks not in about:
                    about[toks] = _in_context(lowered, folded, needs)
                if not about[toks]:
                    continue
            yield i, i + k, canonical
            i += k
            break
        else:
            yield i, i + 1, None
            i += 1


def base_tables(
    docs_text: Mapping[str, str], sentences: pd.DataFrame, *, variants: Iterable[bool] = (True,)
) -> dict[bool, pd.DataFrame]:
    """Base token tables for each ``actors`` setting in ``variants``, tokenizing once.

    Built column by column: every sentence's spans go into one int32 array, sentence
    and document columns are repeated from the sentence table, tokens become codes into
    the chunk's vocabulary, and actor names are looked for only in sentences holding a
    word that can start one. Columns: ``doc_id, sent_id, token_id, token, start, end,
    actor``; ``token`` is an Arrow string column, offsets and ids are int32.
    """
    variants = tuple(dict.fromkeys(variants))
    if not variants:
        return {}
    doc_ids = sentences["doc_id"].to_numpy(dtype=object)
    s_starts = sentences["start"].to_numpy(dtype=np.int32)
    spans, counts, codes, vocab = _tokenize_sentences(
        docs_text, doc_ids, s_starts, sentences["end"]
    )
    offset = np.repeat(s_starts, counts)  # int32 throughout: no 8-byte array per token
    words = {
        "doc_id": np.repeat(doc_ids, counts),
        "sent_id": np.repeat(sentences["sent_id"].to_numpy(dtype=np.int32), counts),
        "start": spans[0::2] + offset,
        "end": spans[1::2] + offset,
    }
    del spans, offset
    out = {}
    for actors in variants:
        if actors:
            out[actors] = _base_frame(*_merge_actor_rows(docs_text, words, codes, vocab, counts))
        else:
            out[actors] = _base_frame(words, codes, list(vocab), None)
    return out


def _tokenize_sentences(
    docs_text: Mapping[str, str], doc_ids: np.ndarray, starts: np.ndarray, ends: pd.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every sentence's token spans (flat ``[a0, b0, a1, b1, ...]``, sentence-relative),
    its number of tokens, each token's code and the vocabulary the codes index (tokens
    in order of first appearance), in sentence order.

    Tokens are coded as they are found, so only the distinct ones are kept as Python
    strings: memory is 16 bytes a token (four int32), not a string object a token.
    """
    flat = array("i")
    counts = array("i")
    codes = array("i")
    vocab: dict[str, int] = {}
    code_of = vocab.setdefault
    doc = None
    text = prepared = ""
    for doc_id, a, b in zip(doc_ids.tolist(), starts.tolist(), ends.tolist(), strict=True):
        if doc_id != doc:
            doc = doc_id
            text = docs_text[doc_id]
            prepared = text.translate(_APOSTROPHE)  # once per document, not per sentence
        spans = _prepared_spans(prepared[a:b])
        counts.append(len(spans))
        flat.extend(chain.from_iterable(spans))
        sent = text[a:b]
        codes.extend([code_of(sent[x:y], len(vocab)) for x, y in spans])
    return (
        np.frombuffer(flat, dtype=np.int32),
        np.frombuffer(counts, dtype=np.int32),
        np.frombuffer(codes, dtype=np.int32),
        np.array(list(vocab), dtype=object),
    )


def _merge_actor_rows(
    docs_text: Mapping[str, str],
    words: dict[str, np.ndarray],
    codes: np.ndarray,
    vocab: np.ndarray,
    counts: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray, list[str], pa.Array]:
    """The word table's arrays with actor names merged into one row each, and the actor
    column (the canonical name, or null) as an Arrow string array."""
    single, first, second = _name_word_flags(vocab)
    ends = np.cumsum(counts)
    begins = ends - counts
    # a name can only be in a sentence with a one-word name, or a name's first word
    # followed by a name's second word (a superset of what merge_actors will find)
    hit = single[codes]
    hit[:-1] |= first[codes[:-1]] & second[codes[1:]]
    with_name = np.zeros(len(counts), dtype=bool)
    with_name[np.searchsorted(ends, np.flatnonzero(hit), side="right")] = True
    del hit
    vocab_list = list(vocab)
    new_code: dict[str, int] = {}
    keep = np.ones(len(codes), dtype=bool)
    codes = codes.astype(np.int32)  # a copy: the word table keeps its own
    end = words["end"].copy()
    actor = np.full(len(codes), -1, dtype=np.int32)  # into ``canonicals``; -1: none
    canonicals: dict[str, int] = {}
    doc_ids = words["doc_id"]
    for k in np.flatnonzero(with_name).tolist():
        g = int(begins[k])
        surface = [vocab_list[c] for c in codes[g : ends[k]].tolist()]
        for first, last, canonical in merge_actors(surface):
            if canonical is None:
                continue
            a, b = g + first, g + last
            end[a] = end[b - 1]
            keep[a + 1 : b] = False
            actor[a] = canonicals.setdefault(canonical, len(canonicals))
            merged = docs_text[doc_ids[a]][words["start"][a] : end[a]]
            code = new_code.get(merged)
            if code is None:
                code = new_code[merged] = len(vocab_list)
                vocab_list.append(merged)
            codes[a] = code
    cols = {c: v[keep] for c, v in words.items() if c != "end"}
    cols["end"] = end[keep]
    names = pa.array(list(canonicals), type=pa.large_string())
    actor = actor[keep]
    return cols, codes[keep], vocab_list, names.take(pa.array(actor, mask=actor < 0))


def _name_word_flags(vocab: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each vocabulary entry: is it a one-word actor name, the first word of a longer
    name, a second word of one (case as the lexicon says; second words in any case)."""
    index = _actor_index()
    seconds = {toks[1].lower() for cands in index.values() for toks, _, _ in cands if len(toks) > 1}
    flags = np.zeros((3, len(vocab)), dtype=bool)
    for i, token in enumerate(vocab.tolist()):
        folded = fold(token)
        lower = folded.lower()
        for toks, _, case_sensitive in index.get(lower, ()):
            if toks[0] == (folded if case_sensitive else lower):
                flags[0 if len(toks) == 1 else 1, i] = True
        flags[2, i] = lower in seconds
    return flags[0], flags[1], flags[2]


def _base_frame(
    cols: dict[str, np.ndarray], codes: np.ndarray, vocab: list[str], actor: pa.Array | None
) -> pd.DataFrame:
    n = len(codes)
    # the token column decoded from the codes by Arrow: no Python object per row
    tokens = pa.array(vocab, type=pa.large_string()).take(pa.array(codes, type=pa.int32()))
    doc_id = cols["doc_id"]
    columns = {
        "doc_id": doc_id,
        "sent_id": cols["sent_id"],
        "token_id": _positions_in_doc(doc_id),
        "token": pd.arrays.ArrowStringArray(tokens),
        "start": cols["start"],
        "end": cols["end"],
        "actor": pd.arrays.ArrowStringArray(
            pa.nulls(n, pa.large_string()) if actor is None else actor
        ),
    }
    # copy=False: the frame keeps these arrays (each made for it) instead of copying
    # them into one block, which would need the table's memory twice
    return pd.DataFrame(columns, copy=False)


def _positions_in_doc(doc_id: np.ndarray) -> np.ndarray:
    """Each row's position within its document (rows of a document need not be adjacent)."""
    n = len(doc_id)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    change = np.flatnonzero(doc_id[1:] != doc_id[:-1]) + 1
    run_starts = np.concatenate(([0], change)).astype(np.int32)
    if len(set(doc_id[run_starts].tolist())) < len(run_starts):  # a document comes back
        return pd.Series(doc_id).groupby(doc_id, sort=False).cumcount().to_numpy(np.int32)
    lengths = np.diff(np.concatenate((run_starts, [n])))
    return np.arange(n, dtype=np.int32) - np.repeat(run_starts, lengths)


def _check_wordnet() -> None:
    import nltk

    for name in ("corpora/wordnet", "corpora/wordnet.zip"):
        try:
            nltk.data.find(name)
            return
        except LookupError:
            continue
    raise MissingNLTKData(
        "lemma=True needs NLTK's WordNet data, which is not installed. Get it with "
        "`python -m nltk.downloader wordnet`, or point the NLTK_DATA environment variable "
        "at a folder that holds corpora/wordnet (this project's CI uses ../shared/nltk_data). "
        "Without it, use stem=True (Snowball, no data needed)."
    )


def normalise(
    base: pd.DataFrame,
    *,
    lowercase: bool = True,
    stem: bool = False,
    lemma: bool = False,
    stopwords: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Add ``norm``, ``is_stop`` and ``is_punct`` to a base token table.

    Actor tokens keep their canonical name as ``norm`` and are never stop words.
    """
    if stem and lemma:
        raise ValueError("choose stem=True or lemma=True, not both")
    stop = resources.stopwords() if stopwords is None else frozenset(w.lower() for w in stopwords)
    # each token's row in the table of its distinct values (pyarrow's dictionary
    # encoding for Arrow strings: fast, and no Python object per row)
    codes, distinct = pd.factorize(base["token"])
    uniq = pd.Series(distinct)
    folded = uniq.map(fold)
    lower = folded.str.lower()
    if stem:
        stemmer = SnowballStemmer("english")
        norm = lower.map(stemmer.stem)
    elif lemma:
        _check_wordnet()
        from nltk.stem import WordNetLemmatizer

        lemmatizer = WordNetLemmatizer()
        norm = lower.map(lemmatizer.lemmatize)
    else:
        norm = lower if lowercase else folded
    # the new columns are taken from the table of distinct tokens by ``codes``; the
    # base columns are shared with ``base``, not copied
    is_actor = base["actor"].notna().to_numpy()
    norm_col = pd.Series(norm.to_numpy(dtype=object)[codes], index=base.index, dtype="string")
    norm_col = norm_col.where(~is_actor, base["actor"])
    is_stop = lower.isin(stop).to_numpy()[codes] & ~is_actor
    punct = uniq.map(is_punct).to_numpy(dtype=bool)[codes] & ~is_actor
    columns = {c: base[c] for c in base.columns}
    columns.update(norm=norm_col, is_stop=is_stop, is_punct=punct)
    return pd.DataFrame(columns, index=base.index, copy=False)
