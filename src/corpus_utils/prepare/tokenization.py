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

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache

import numpy as np
import pandas as pd
from nltk.stem.snowball import SnowballStemmer

from .. import resources
from .parallel import release_free_memory

# the tokenizer itself lives in treebank.py; its names stay importable from here
from .treebank import (  # noqa: F401
    _CONTRACTIONS,
    _CONTRACTIONS_LOWER,
    _FALLBACK,
    Codes,
    TreebankTokenizer,
    _fast_spans,
    _prepared_spans,
    _stdlib,
    _straight,
    _tokenize_sentences,
    _unmodelled,
    nltk_word_spans,
    word_spans,
)


class MissingNLTKData(LookupError):
    """An optional feature needs an NLTK data package that is not installed."""


# for comparing: apostrophes straightened, invisible characters (clean.INVISIBLE) dropped
_FOLD = str.maketrans(
    {"\u2019": "'", "\u2018": "'"}
    | dict.fromkeys([*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2065),
                     *range(0x2066, 0x206A), 0xFEFF, 0x00AD])
)  # fmt: skip


def fold(token: str) -> str:
    """The comparison form of a token: curly apostrophes straightened, invisible
    characters (zero-width, bidi marks, soft hyphens) dropped.

    >>> fold("Pu\u200btin\u2019s")
    "Putin's"
    """
    if token.isascii():  # what _FOLD maps is all beyond ASCII
        return token
    return token.translate(_FOLD)


def is_punct(token: str) -> bool:
    """True when every character is punctuation or a symbol."""
    return all(unicodedata.category(ch)[0] in "PS" for ch in token)


PS_LIMIT = 0x10000  # code points below: looked up in a table; above: asked one by one


@cache
def _ps_table() -> np.ndarray:
    """For each code point below :data:`PS_LIMIT`: is it punctuation or a symbol
    (Unicode category P* or S*)."""
    return np.array([unicodedata.category(chr(c))[0] in "PS" for c in range(PS_LIMIT)], dtype=bool)


def punct_flags(tokens: Sequence[str]) -> np.ndarray:
    """:func:`is_punct` of each of ``tokens``, for all of them at once: their characters
    looked up in one table, not a Python call per character.

    >>> punct_flags(["--", "U.S.", "", "\u201c", "\U0001f600", "a\U0001f600"]).tolist()
    [True, False, True, True, True, False]
    """
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    joined = "".join(tokens)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    high = np.flatnonzero(points >= PS_LIMIT)
    flags = _ps_table()[np.minimum(points, PS_LIMIT - 1)]
    if len(high):  # beyond the table (emoji, rare scripts): asked one by one
        flags[high] = [is_punct(chr(c)) for c in points[high].tolist()]
    other = np.concatenate(([0], np.cumsum(~flags)))  # characters neither P nor S, so far
    ends = np.cumsum(lengths)
    return other[ends] - other[ends - lengths] == 0


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


PIECE_CHARS = 250_000
"""Sentences are tokenized in pieces of about this many characters of text (whole
sentences; a piece may span documents, and a long article is several pieces), so the
working memory beyond the finished table is bounded by the piece, not the article."""


def base_tables(
    docs_text: Mapping[str, str], sentences: pd.DataFrame, *, variants: Iterable[bool] = (True,)
) -> dict[bool, pd.DataFrame]:
    """Base token tables for each ``actors`` setting in ``variants``, tokenizing once.

    Sentences are tokenized in pieces of about :data:`PIECE_CHARS` characters (never
    splitting a sentence; offsets are the article's, as every sentence's are), each
    piece's tokens coded into one vocabulary as they are found and kept as int32
    arrays; actor names are looked for only in sentences holding a word that can start
    one. The result is the same for any piece size. Columns: ``doc_id, sent_id,
    token_id, token, start, end, actor``; ``doc_id``, ``token`` and ``actor`` are
    categoricals (their categories the values used, sorted), offsets and ids int32.

    >>> t = base_tables({"a": "Syrian Democratic Forces won."}, pd.DataFrame(
    ...     {"doc_id": ["a"], "sent_id": [0], "start": [0], "end": [29]}))[True]
    >>> t["token"].tolist(), t["actor"].tolist(), t["end"].tolist()
    (['Syrian Democratic Forces', 'won', '.'], ['SDF', nan, nan], [24, 28, 29])
    """
    variants = tuple(dict.fromkeys(variants))
    if not variants:
        return {}
    doc_codes, doc_names = pd.factorize(sentences["doc_id"].to_numpy(dtype=object))
    names = doc_names.tolist()
    doc_codes = doc_codes.astype(_code_dtype(len(names)))  # one byte a token, mostly
    s_starts = sentences["start"].to_numpy(dtype=np.int32)
    s_ends = sentences["end"].to_numpy(dtype=np.int32)
    s_ids = sentences["sent_id"].to_numpy(dtype=np.int32)
    vocab = _Vocab()
    actors = _Vocab()  # canonical actor names
    parts: dict[bool, list[dict[str, np.ndarray]]] = {v: [] for v in variants}
    for a, b in _pieces(s_starts, s_ends):
        rows = slice(a, b)
        words = _piece_words(
            docs_text, names, doc_codes[rows], s_starts[rows], s_ends[rows], s_ids[rows], vocab
        )
        if True in variants:
            parts[True].append(_merge_actor_rows(docs_text, names, words, vocab, actors))
        if False in variants:
            parts[False].append(words)
        del words
    return {v: _base_frame(parts[v], names, vocab, actors) for v in variants}


def _pieces(starts: np.ndarray, ends: np.ndarray) -> list[tuple[int, int]]:
    """``(first, stop)`` rows of the sentences in pieces of about :data:`PIECE_CHARS`
    characters each (at least one sentence a piece).

    >>> _pieces(np.array([0, 5, 10]), np.array([5, 10, 15]))
    [(0, 3)]
    """
    n = len(starts)
    if n == 0:
        return []
    total = np.cumsum((ends - starts).astype(np.int64))
    out, a = [], 0
    while a < n:
        base = total[a - 1] if a else 0
        b = int(np.searchsorted(total, base + PIECE_CHARS, side="right"))
        b = max(b, a + 1)
        out.append((a, b))
        a = b
    return out


class _Vocab:
    """Distinct strings in order of first appearance, each with its int code."""

    def __init__(self) -> None:
        self.code: dict[str, int] = Codes()
        self.flagged = 0  # entries whose actor-name flags are computed
        self.flags = np.zeros((3, 0), dtype=bool)

    def add(self, value: str) -> int:
        return self.code.setdefault(value, len(self.code))

    def values(self) -> np.ndarray:
        return np.array(list(self.code), dtype=object)

    def name_flags(self) -> np.ndarray:
        """:func:`_name_word_flags` of every entry, computed once per entry."""
        if self.flagged < len(self.code):
            new = list(self.code)[self.flagged :]
            self.flags = np.concatenate((self.flags, _name_word_flags(new)), axis=1)
            self.flagged = len(self.code)
        return self.flags


def _piece_words(
    docs_text: Mapping[str, str],
    names: list[str],
    doc: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    sent_ids: np.ndarray,
    vocab: _Vocab,
) -> dict[str, np.ndarray]:
    """The word rows of a piece of sentences: int32 arrays ``doc`` (into ``names``),
    ``sent_id, start, end, code`` (into ``vocab``) and each sentence's ``counts``."""
    rel_start, rel_end, counts, codes = _tokenize_sentences(
        docs_text, names, doc, starts, ends, vocab.code
    )
    offset = np.repeat(starts, counts)  # int32 throughout: no 8-byte array per token
    rel_start += offset
    rel_end += offset
    return {
        "doc": np.repeat(doc, counts),
        "sent_id": np.repeat(sent_ids, counts),
        "start": rel_start,
        "end": rel_end,
        "code": codes,
        "counts": counts,
    }


def _merge_actor_rows(
    docs_text: Mapping[str, str],
    names: list[str],
    words: dict[str, np.ndarray],
    vocab: _Vocab,
    actors: _Vocab,
) -> dict[str, np.ndarray]:
    """A piece's word rows with actor names merged into one row each (its code the
    merged surface's), and ``actor``: the canonical name's code in ``actors``, or -1."""
    codes, counts = words["code"], words["counts"]
    single, first, second = vocab.name_flags()
    ends = np.cumsum(counts)
    begins = ends - counts
    # a name can only be in a sentence with a one-word name, or a name's first word
    # followed by a name's second word (a superset of what merge_actors will find)
    hit = single[codes]
    hit[:-1] |= first[codes[:-1]] & second[codes[1:]]
    with_name = np.zeros(len(counts), dtype=bool)
    with_name[np.searchsorted(ends, np.flatnonzero(hit), side="right")] = True
    del hit
    keep = np.ones(len(codes), dtype=bool)
    codes = codes.copy()  # the word rows keep their own
    end = words["end"].copy()
    actor = np.full(len(codes), -1, dtype=_code_dtype(_n_canonicals()))
    doc, start = words["doc"], words["start"]
    for k in np.flatnonzero(with_name).tolist():
        g = int(begins[k])
        text = docs_text[names[doc[g]]]
        rows = slice(g, int(ends[k]))
        surface = [text[x:y] for x, y in zip(start[rows].tolist(), end[rows].tolist(), strict=True)]
        for lo, hi, canonical in merge_actors(surface):
            if canonical is None:
                continue
            a, b = g + lo, g + hi
            end[a] = end[b - 1]
            keep[a + 1 : b] = False
            actor[a] = actors.add(canonical)
            codes[a] = vocab.add(text[start[a] : end[a]])
    out = {c: words[c][keep] for c in ("doc", "sent_id", "start")}
    out.update(end=end[keep], code=codes[keep], actor=actor[keep])
    return out


@cache
def _n_canonicals() -> int:
    """How many canonical actor names the lexicon has (the width of actor codes)."""
    return len({canonical for cands in _actor_index().values() for _, canonical, _ in cands})


def _name_word_flags(vocab: list[str]) -> np.ndarray:
    """For each vocabulary entry: is it a one-word actor name, the first word of a longer
    name, a second word of one (case as the lexicon says; second words in any case)."""
    index = _actor_index()
    seconds = {toks[1].lower() for cands in index.values() for toks, _, _ in cands if len(toks) > 1}
    flags = np.zeros((3, len(vocab)), dtype=bool)
    for i, token in enumerate(vocab):
        folded = fold(token)
        lower = folded.lower()
        for toks, _, case_sensitive in index.get(lower, ()):
            if toks[0] == (folded if case_sensitive else lower):
                flags[0 if len(toks) == 1 else 1, i] = True
        flags[2, i] = lower in seconds
    return flags


def _joined(parts: list[dict[str, np.ndarray]], column: str) -> np.ndarray:
    """One column of every piece, concatenated; the pieces' arrays are let go as it goes."""
    arrays = [p.pop(column) for p in parts]
    if not arrays:
        return np.zeros(0, dtype=np.int32)
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


def _base_frame(
    parts: list[dict[str, np.ndarray]], names: list[str], vocab: _Vocab, actors: _Vocab
) -> pd.DataFrame:
    doc_id = categorical([p["doc"] for p in parts], names)
    columns = {
        "doc_id": doc_id,
        "sent_id": _joined(parts, "sent_id"),
        "token_id": _positions_in_doc(doc_id.codes),
        "token": categorical([p.pop("code") for p in parts], vocab.values()),
        "start": _joined(parts, "start"),
        "end": _joined(parts, "end"),
    }
    if parts and "actor" in parts[0]:
        columns["actor"] = categorical([p.pop("actor") for p in parts], actors.values())
    else:
        columns["actor"] = categorical(np.full(len(columns["start"]), -1, np.int8), [])
    # copy=False: the frame keeps these arrays (each made for it) instead of copying
    # them into one block, which would need the table's memory twice
    return pd.DataFrame(columns, copy=False)


BLOCK_ROWS = 1 << 16  # rows per block where a whole column is mapped: bounded temporaries


def _code_dtype(n: int) -> type:
    """The code width pandas uses for ``n`` categories (``coerce_indexer_dtype``)."""
    for dtype in (np.int8, np.int16, np.int32):
        if n < np.iinfo(dtype).max:
            return dtype
    return np.int64


def _blocks(codes: np.ndarray | Sequence[np.ndarray]) -> Callable[[], Iterator[np.ndarray]]:
    """A function giving the blocks of ``codes`` (views of an array, or the arrays of a
    list, such as one column of a table's pieces), anew at each call."""
    if isinstance(codes, np.ndarray):
        return lambda: (codes[i : i + BLOCK_ROWS] for i in range(0, len(codes), BLOCK_ROWS))
    return lambda: iter(codes)


def categorical(
    codes: np.ndarray | Sequence[np.ndarray] | Callable[[], Iterator[np.ndarray]], values
) -> pd.Categorical:
    """The rows ``values[codes]`` (code -1: missing) as a categorical whose categories
    are the distinct values used, sorted (so sorting and grouping by the column order
    rows as sorting the strings would). ``values`` may repeat a value.

    ``codes`` is an array, a list of arrays (taken one after the other) or a function
    giving such blocks anew at each call; rows are mapped a block at a time into the
    result's codes, so no temporary array is as long as the column.

    >>> categorical(np.array([2, 0, -1, 1]), ["b", "a", "b"]).tolist()
    ['b', 'b', nan, 'a']
    >>> categorical([np.array([2, 0]), np.array([-1, 1])], ["b", "a", "b"]).categories.tolist()
    ['a', 'b']
    """
    blocks = codes if callable(codes) else _blocks(codes)
    values = np.asarray(values, dtype=object)
    distinct_of, distinct = pd.factorize(values)
    distinct = np.asarray(distinct, dtype=object)
    lookup = np.append(distinct_of, len(distinct)).astype(np.int32)  # -1 -> the last
    used = np.zeros(len(distinct) + 1, dtype=bool)  # the last entry: missing
    n = 0
    for block in blocks():
        used[lookup[block]] = True
        n += len(block)
    kept = np.flatnonzero(used[:-1])
    order = kept[np.argsort(distinct[kept], kind="stable")]
    dtype = _code_dtype(len(order))
    final = np.full(len(distinct) + 1, -1, dtype=dtype)  # distinct value -> its code
    final[order] = np.arange(len(order), dtype=dtype)
    to_final = final[lookup]  # a code into ``values`` -> the result's code
    out = np.empty(n, dtype=dtype)
    pos = 0
    for block in blocks():
        np.take(to_final, block, out=out[pos : pos + len(block)])
        pos += len(block)
    return pd.Categorical.from_codes(
        out, categories=pd.Index(distinct[order], dtype=object), validate=False
    )


def compact(base: pd.DataFrame) -> pd.DataFrame:
    """A base token table with ``doc_id``, ``token`` and ``actor`` as categoricals of
    sorted categories (as :func:`base_tables` makes them), from a table whose columns
    are strings or categoricals in another order (a cache written by another version,
    or chunks joined with their categories unified). Other columns are shared.

    >>> compact(pd.DataFrame({"doc_id": ["b", "a"], "token": ["x", "y"],
    ...                       "actor": [None, "Z"]}))["doc_id"].cat.categories.tolist()
    ['a', 'b']
    """
    columns = {c: base[c] for c in base.columns}
    for col in ("doc_id", "token", "actor"):
        if col in base:
            columns[col] = as_sorted_categorical(base[col])
    return pd.DataFrame(columns, index=base.index, copy=False)


def as_sorted_categorical(col: pd.Series) -> pd.Series:
    """``col`` as a categorical of its used values, sorted; unchanged when it is one."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = col.cat.categories
        if cats.is_monotonic_increasing and cats.dtype == object:
            return col
        cat = col.array
        return pd.Series(categorical(cat.codes, np.asarray(cats, dtype=object)), index=col.index)
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    return pd.Series(
        categorical(codes.astype(np.int32), np.asarray(uniques, dtype=object)), index=col.index
    )


def concat_tables(parts: list[pd.DataFrame], *, consume: bool = False) -> pd.DataFrame:
    """Token tables (of chunks of documents) one after the other, categorical columns
    with their categories united and sorted.

    ``consume``: the parts are the caller's to give up; each column is deleted from them
    once joined, so the memory needed beyond the joined table is one column of the
    parts, not the whole table a second time (the parts are left without columns).

    >>> a = pd.DataFrame({"t": pd.Categorical(["x"]), "n": [1]})
    >>> b = pd.DataFrame({"t": pd.Categorical(["w"]), "n": [2]})
    >>> concat_tables([a, b])["t"].cat.categories.tolist()
    ['w', 'x']
    """
    if len(parts) == 1:
        return parts[0]
    if not parts:
        raise ValueError("no tables to join")
    columns = {}
    for col in list(parts[0].columns):
        if isinstance(parts[0][col].dtype, pd.CategoricalDtype):
            columns[col] = _union_categoricals(parts, col, consume=consume)
        else:
            columns[col] = np.concatenate([p[col].to_numpy() for p in parts])
            if consume:
                for p in parts:
                    del p[col]
        if consume:
            release_free_memory()  # the parts' pages of this column, freed on the heap
    return pd.DataFrame(columns, copy=False)


class ChunkJoin:
    """Base token tables of chunks of documents joined as they arrive, in any order:
    :meth:`add` each chunk's table with its place, then :meth:`table` gives the table
    :func:`concat_tables` would give of them in that order.

    :meth:`add` does the work a chunk needs at once, while the next chunks are still
    being tokenized: a categorical column's categories (the chunk's vocabulary) are
    coded into one vocabulary kept for the column (in order of first appearance) and
    its codes mapped onto it, an int32 array; other columns are kept as they are. The
    chunk's table is let go. :meth:`table` then sorts each vocabulary once and maps the
    rows a block at a time (:func:`categorical`), and joins the other columns one at a
    time, the chunks' arrays freed as each is joined.

    >>> j = ChunkJoin()
    >>> j.add(1, pd.DataFrame({"t": pd.Categorical(["w"]), "n": [2]}))
    >>> j.add(0, pd.DataFrame({"t": pd.Categorical(["x", None]), "n": [1, 0]}))
    >>> t = j.table()
    >>> t["t"].tolist(), t["t"].cat.categories.tolist(), t["n"].tolist()
    (['x', nan, 'w'], ['w', 'x'], [1, 0, 2])
    """

    def __init__(self) -> None:
        self._first: tuple[int, pd.DataFrame] | None = None  # one chunk: kept as it is
        # column -> chunk -> its array, or for a categorical (its codes, code -> vocab code)
        self._columns: dict[str, dict[int, np.ndarray | tuple[np.ndarray, np.ndarray]]] = {}
        self._vocab: dict[str, dict] = {}  # categorical column -> value -> code
        self._kind: dict[str, bool] = {}  # column -> categorical
        self._order: list[str] = []

    def add(self, k: int, table: pd.DataFrame) -> None:
        """Chunk ``k``'s table (``k`` its place among the chunks)."""
        if self._first is None and not self._order:
            self._first = (k, table)
            self._order = list(table.columns)
            return
        if self._first is not None:
            first, self._first = self._first, None
            self._take(*first)
        self._take(k, table)

    def _take(self, k: int, table: pd.DataFrame) -> None:
        if list(table.columns) != self._order:
            raise ValueError(f"chunk {k} has columns {list(table.columns)}, not {self._order}")
        for col in self._order:
            arrays = self._columns.setdefault(col, {})
            if k in arrays:
                raise ValueError(f"chunk {k} given twice")
            values = table[col].array
            is_cat = isinstance(values, pd.Categorical)
            if self._kind.setdefault(col, is_cat) != is_cat:
                raise TypeError(f"{col}: categorical in some chunks only (chunk {k})")
            if is_cat:
                if values.ordered or values.categories.dtype != object:
                    raise TypeError(f"{col}: an unordered categorical of strings expected")
                vocab = self._vocab.setdefault(col, {})
                code_of = vocab.setdefault
                lookup = np.fromiter(
                    (code_of(v, len(vocab)) for v in values.categories.tolist()),
                    dtype=np.int32,
                    count=len(values.categories),
                )
                # the chunk's own (narrow) codes and where each goes, -1 (missing) the last
                arrays[k] = (values.codes, np.append(lookup, -1).astype(np.int32))
            else:
                arrays[k] = np.asarray(values)
        del table

    def table(self) -> pd.DataFrame:
        """The chunks' rows in their order, categories sorted; the chunks are let go."""
        if self._first is not None:
            return self._first[1]
        if not self._order:
            raise ValueError("no tables to join")
        n_chunks = {len(a) for a in self._columns.values()}
        if len(n_chunks) != 1 or set(next(iter(self._columns.values()))) != set(
            range(n_chunks.pop())
        ):
            raise ValueError("the chunks given are not numbered 0, 1, ... without gaps")
        columns = {}
        for col in self._order:
            arrays = self._columns.pop(col)
            parts = [arrays.pop(k) for k in sorted(arrays)]
            if self._kind[col]:
                vocab = self._vocab.pop(col)
                columns[col] = categorical(_recoded(parts), np.array(list(vocab), dtype=object))
            else:
                columns[col] = parts[0] if len(parts) == 1 else np.concatenate(parts)
            del parts
            release_free_memory()  # the chunks' pages of this column, freed on the heap
        return pd.DataFrame(columns, copy=False)


def _recoded(parts: list[tuple[np.ndarray, np.ndarray]]) -> Callable[[], Iterator[np.ndarray]]:
    """The blocks of codes into a joined vocabulary: each chunk's ``lookup[codes]``, made
    anew at each call (no array as long as the column is kept)."""
    return lambda: (lookup[codes] for codes, lookup in parts)


def _union_categoricals(parts: list[pd.DataFrame], col: str, *, consume: bool) -> pd.Categorical:
    """``union_categoricals`` of ``col`` (categories sorted), its codes written part by
    part into one array (``consume``: a part's column deleted once copied): no recoded
    copies of every part nor their concatenation, as pandas' makes.

    >>> a, b = pd.DataFrame({"t": pd.Categorical(["x", None])}), pd.DataFrame({"t": ["w"]})
    >>> _union_categoricals([a, b.astype("category")], "t", consume=False).tolist()
    ['x', nan, 'w']
    """
    dtypes = [p[col].dtype for p in parts]
    if any(d.ordered for d in dtypes) or len({d.categories.dtype for d in dtypes}) > 1:
        out = pd.api.types.union_categoricals([p[col].array for p in parts], sort_categories=True)
    else:  # as pandas does it: categories appended, made unique, sorted; codes recoded
        categories = dtypes[0].categories.append([d.categories for d in dtypes[1:]])
        categories = categories.unique().sort_values()
        codes = np.empty(sum(len(p) for p in parts), dtype=_code_dtype(len(categories)))
        pos = 0
        for p, d in zip(parts, dtypes, strict=True):  # -1 (missing) takes the last: -1
            lookup = np.append(categories.get_indexer(d.categories), -1).astype(codes.dtype)
            np.take(lookup, p[col].array.codes, out=codes[pos : pos + len(p)])
            pos += len(p)
            if consume:
                del p[col]
        out = pd.Categorical.from_codes(
            codes, dtype=pd.CategoricalDtype(categories), validate=False
        )
    if consume:
        for p in parts:
            if col in p:
                del p[col]
    return out


def _positions_in_doc(doc: np.ndarray) -> np.ndarray:
    """Each row's position within its document (rows of a document need not be adjacent).

    >>> _positions_in_doc(np.array([0, 0, 1, 0])).tolist()
    [0, 1, 0, 2]
    """
    n = len(doc)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    change = np.flatnonzero(doc[1:] != doc[:-1]) + 1
    run_starts = np.concatenate(([0], change)).astype(np.int32)
    if len(set(doc[run_starts].tolist())) < len(run_starts):  # a document comes back
        return pd.Series(doc).groupby(doc, sort=False).cumcount().to_numpy(np.int32)
    out = np.arange(n, dtype=np.int32)
    for a, b in zip(run_starts.tolist(), [*run_starts[1:].tolist(), n], strict=True):
        out[a:b] -= a  # in place: no second array as long as the column
    return out


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
    base = compact(base)
    token = base["token"].array
    actor = base["actor"].array
    # every new column is computed once per distinct token (a category) and taken by
    # the rows' codes; the base columns are shared with ``base``, not copied
    uniq = pd.Series(np.asarray(token.categories, dtype=object), dtype=object)
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
    codes = token.codes
    actor_codes = actor.codes
    is_actor = actor_codes >= 0
    # actor tokens take their canonical name: codes past the token norms
    values = np.concatenate(
        (norm.to_numpy(dtype=object), np.asarray(actor.categories, dtype=object))
    )
    n_norm = len(norm)

    def norm_blocks() -> Iterator[np.ndarray]:
        for i in range(0, len(codes), BLOCK_ROWS):
            a = actor_codes[i : i + BLOCK_ROWS]
            yield np.where(a >= 0, a.astype(np.int32) + n_norm, codes[i : i + BLOCK_ROWS])

    norm_col = categorical(norm_blocks, values)
    is_stop = _flags(lower.isin(stop).to_numpy(dtype=bool), codes, is_actor)
    punct = _flags(punct_flags(uniq.tolist()), codes, is_actor)
    columns = {c: base[c] for c in base.columns}
    columns.update(norm=norm_col, is_stop=is_stop, is_punct=punct)
    return pd.DataFrame(columns, index=base.index, copy=False)


def _flags(of_token: np.ndarray, codes: np.ndarray, is_actor: np.ndarray) -> np.ndarray:
    """``of_token[codes] & ~is_actor``, a block of rows at a time (no temporary as long
    as the column)."""
    out = np.empty(len(codes), dtype=bool)
    for i in range(0, len(codes), BLOCK_ROWS):
        j = i + BLOCK_ROWS
        np.logical_and(of_token[codes[i:j]], ~is_actor[i:j], out=out[i:j])
    return out
