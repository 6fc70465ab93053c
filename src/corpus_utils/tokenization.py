"""Tokens with offsets: NLTK's Treebank-family tokenizer, actor names merged.

Tokens come from :class:`nltk.tokenize.NLTKWordTokenizer` (the improved Treebank
tokenizer behind ``word_tokenize``; see :class:`TreebankTokenizer`) run on each
sentence, so every token's ``start``/``end`` slice back to it in ``Corpus.docs.text``.
Multi-word actor names from ``resources/actors.csv`` (``Syrian Democratic Forces`` ->
``SDF``) are merged into one token whose ``norm`` is the canonical name.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Mapping
from functools import cache

import numpy as np
import pandas as pd
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


def word_spans(text: str) -> list[tuple[int, int]]:
    """Token offsets in ``text``, by NLTK's Treebank-family tokenizer.

    >>> t = "ISIS's fighters won’t leave the U.S.-led zone."
    >>> [t[a:b] for a, b in word_spans(t)]
    ['ISIS', "'s", 'fighters', 'wo', 'n’t', 'leave', 'the', 'U.S.-led', 'zone', '.']
    """
    prepared = text.translate(_APOSTROPHE)
    try:
        return list(_word_tokenizer().span_tokenize(prepared))
    except ValueError:
        # NLTK could not align its tokens to the text (rare quote patterns): fall back
        # to a plain word/punctuation split of this one sentence rather than fail.
        return [m.span() for m in _FALLBACK.finditer(prepared)]


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

    The tokenizer (the slow part) runs once per sentence, whatever the number of
    variants; :func:`merge_actors` runs once per variant. Columns: ``doc_id, sent_id,
    token_id, token, start, end, actor``.
    """
    variants = tuple(dict.fromkeys(variants))
    if not variants:
        return {}
    # offsets and sentence numbers as C ints (4 bytes each), not lists of int objects
    rows: dict[bool, tuple] = {
        v: ([], array("i"), [], array("i"), array("i"), []) for v in variants
    }
    first_tokens = _actor_index().keys()
    for doc_id, sent_id, s_start, s_end in sentences[
        ["doc_id", "sent_id", "start", "end"]
    ].itertuples(index=False):
        text = docs_text[doc_id]
        sent = text[s_start:s_end]
        spans = word_spans(sent)
        n = len(spans)
        surface = [sent[a:b] for a, b in spans]
        starts = [s_start + a for a, _ in spans]
        ends = [s_start + b for _, b in spans]
        for actors in variants:
            rows_doc, rows_sent, rows_tok, rows_start, rows_end, rows_actor = rows[actors]
            if not actors or not any(fold(t).lower() in first_tokens for t in surface):
                # no token can start an actor name: every token stands alone
                rows_doc.extend([doc_id] * n)
                rows_sent.extend([sent_id] * n)
                rows_tok.extend(surface)
                rows_start.extend(starts)
                rows_end.extend(ends)
                rows_actor.extend([None] * n)
                continue
            for first, last, canonical in merge_actors(surface):
                a = starts[first]
                b = ends[last - 1]
                rows_doc.append(doc_id)
                rows_sent.append(sent_id)
                rows_tok.append(text[a:b])
                rows_start.append(a)
                rows_end.append(b)
                rows_actor.append(canonical)
    return {actors: _base_frame(*rows[actors]) for actors in variants}


def _base_frame(
    rows_doc: list,
    rows_sent: array,
    rows_tok: list,
    rows_start: array,
    rows_end: array,
    rows_actor: list,
) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "doc_id": rows_doc,
            "sent_id": np.frombuffer(rows_sent, dtype=np.int32),
            "token": pd.array(rows_tok, dtype="string[pyarrow]"),  # compact: no object per token
            "start": np.frombuffer(rows_start, dtype=np.int32),
            "end": np.frombuffer(rows_end, dtype=np.int32),
            "actor": pd.array(rows_actor, dtype="string"),
        }
    )
    df.insert(2, "token_id", df.groupby("doc_id", sort=False).cumcount().astype("int32"))
    return df


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
