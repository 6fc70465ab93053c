"""Near-duplicate articles: syndicated copies of one story with small edits.

Exact copies are caught by the loader (same cleaned text). Near-duplicates are found
with MinHash signatures of word 5-grams and locality-sensitive hashing (the
``datasketch`` library), so the cost grows with the number of articles, not its square.
Each article is compared only with articles before it, and is flagged as a near-duplicate
of the earliest one whose Jaccard similarity reaches the threshold. When the texts are
at hand, the candidates LSH proposes (at a lower threshold, so that few true pairs are
missed) are checked on their exact shingle sets, so the decision does not depend on the
noise of a 64-value estimate (about 0.05 near 0.8).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+")
NUM_PERM = 64
CANDIDATE_THRESHOLD = 0.5  # LSH threshold for candidates that are then checked exactly
SHINGLE = 5


MAX_WORDS = 3000  # an article's opening is enough to recognise a copy, and keeps huge inputs cheap
_MASK64 = (1 << 64) - 1
_BASE = 0x100000001B3  # odd: invertible modulo 2**64
_BASE_INV = pow(_BASE, -1, 1 << 64)
_SHINGLE_MULT = np.array(  # one odd multiplier per position of a word in its shingle
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)


def _words(text: str) -> list[str]:
    return _WORD.findall(text[: MAX_WORDS * 12].lower())[:MAX_WORDS]


@cache
def _is_word_char() -> np.ndarray:
    """For every code point, whether ``re``'s ``\\w`` matches it (str patterns): read off
    ``re`` itself, so the table and the regular expression cannot disagree."""
    table = np.zeros(sys.maxunicode + 1, dtype=bool)
    codes = np.arange(sys.maxunicode + 1, dtype="<u4")  # one string, not a million
    everything = codes.tobytes().decode("utf-32-le", "surrogatepass")
    for m in _WORD.finditer(everything):
        table[m.start() : m.end()] = True
    return table


def _word_codes(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code points of ``text``'s lower-cased opening and the ``(starts, ends)`` of its
    first :data:`MAX_WORDS` words in them: :func:`_words`' words, found by a table of
    the characters ``\\w`` matches instead of one Python string per word."""
    codes = np.frombuffer(
        text[: MAX_WORDS * 12].lower().encode("utf-32-le", "surrogatepass"), dtype="<u4"
    )
    flags = np.zeros(len(codes) + 2, dtype=np.int8)
    flags[1:-1] = _is_word_char()[codes]
    edges = np.diff(flags)
    starts = np.flatnonzero(edges == 1)[:MAX_WORDS]
    ends = np.flatnonzero(edges == -1)[:MAX_WORDS]
    return codes, starts, ends


def _mix64(h: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: an avalanching bijection on 64-bit integers (wraps)."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before its permutations."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@cache
def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``BASE**k`` and ``BASE**-k`` modulo 2**64 for k < n (n rounded up to a power of 2)."""
    with np.errstate(over="ignore"):
        up = np.cumprod(np.full(n, _BASE, dtype=np.uint64))
        down = np.cumprod(np.full(n, _BASE_INV, dtype=np.uint64))
    one = np.ones(1, dtype=np.uint64)
    return np.concatenate([one, up[:-1]]), np.concatenate([one, down[:-1]])


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of a text's lower-cased word ``size``-grams, computed with numpy.

    Words are found by a table of the code points ``\\w`` matches (:func:`_word_codes`);
    each is hashed as a polynomial over its code points (prefix sums, so one
    vectorised pass for all words), each shingle as a combination of its words' hashes
    with one multiplier per position; both are mixed with SplitMix64's finaliser. The
    values are stable across processes and runs (no Python ``hash``). A text of fewer
    than ``size`` words is one shingle of all its words; a text without words has none.

    >>> a = shingle_hashes("One two three four five six")
    >>> b = shingle_hashes("ONE two, three four five! six")
    >>> len(a), bool((a == b).all()), len(shingle_hashes("..."))
    (2, True, 0)
    """
    codes32, starts, ends = _word_codes(text)
    if not len(starts):
        return np.zeros(0, dtype=np.uint32)
    if size > len(_SHINGLE_MULT):
        raise ValueError(f"shingles of at most {len(_SHINGLE_MULT)} words")
    codes = codes32[: ends[-1]].astype(np.uint64)  # nothing after the last word counts
    lens = ends - starts
    n = 1 << int(len(codes) + 1).bit_length()
    up, down = _powers(n)
    with np.errstate(over="ignore"):
        prefix = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(codes * up[: len(codes)])])
        # a word's polynomial over its own code points, wherever it stands (BASE**-start)
        h = (prefix[ends] - prefix[starts]) * down[starts]
        h = _mix64(h ^ lens.astype(np.uint64))
        k = min(size, len(starts))
        m = len(starts) - k + 1
        s = np.zeros(m, dtype=np.uint64)
        for t in range(k):
            s += h[t : t + m] * _SHINGLE_MULT[t]
        s = _mix64(s + np.uint64(k))
    return (s >> np.uint64(32)).astype(np.uint32)


@cache
def _template(num_perm: int) -> MinHash:
    """A seeded MinHash whose permutations are drawn once rather than for every article."""
    return MinHash(num_perm=num_perm, seed=1, scheme="affine32")


def _new(num_perm: int, hashvalues: np.ndarray | None = None) -> MinHash:
    t = _template(num_perm)
    return MinHash(
        num_perm=num_perm,
        seed=1,
        hashvalues=hashvalues,
        permutations=t.permutations,
        scheme=t.scheme,
    )


def signature(text: str, *, num_perm: int = NUM_PERM, size: int = SHINGLE) -> np.ndarray:
    """The MinHash values of one text's lower-cased word ``size``-grams.

    An array of ``num_perm`` unsigned integers: cheap to send between processes (the
    loader computes it beside the cleaning, in worker processes). The shingles are
    hashed with :func:`shingle_hashes`, then mixed and permuted exactly as datasketch's
    ``affine32`` scheme does (MurmurHash3's finaliser, ``a * h + b`` modulo 2**32), all
    in numpy: the values are datasketch's ``MinHash(hashfunc=<those hashes>)``.

    >>> sig = signature("The army said it had taken the town on Monday.")
    >>> sig.shape, sig.dtype.name
    ((64,), 'uint32')
    """
    return _minhash(shingle_hashes(text, size), num_perm)


def fingerprint(
    text: str, *, num_perm: int = NUM_PERM, size: int = SHINGLE
) -> tuple[np.ndarray, np.ndarray]:
    """A text's :func:`signature` and its distinct shingle hashes, sorted (what the exact
    check of a candidate pair compares), from one hashing pass. The signature of the
    distinct hashes is the signature of all of them (a minimum ignores repeats).

    >>> sig, shingles = fingerprint("one two three four five six one two three four five")
    >>> bool((sig == signature("one two three four five six one two three four five")).all())
    True
    >>> len(shingles), len(shingle_hashes("one two three four five six one two three four five"))
    (6, 7)
    """
    hv = shingle_hashes(text, size)
    hv.sort()  # np.unique's result, without its overhead on these short arrays
    distinct = hv[np.concatenate(([True], hv[1:] != hv[:-1]))] if len(hv) > 1 else hv
    return _minhash(distinct, num_perm), distinct


BATCH_CHARS = 1 << 15  # characters hashed in one vectorised batch (a few MB of arrays)


def fingerprints(
    texts: Iterable[str], *, num_perm: int = NUM_PERM, size: int = SHINGLE
) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`fingerprint` of each text, the texts hashed together in batches of about
    :data:`BATCH_CHARS` characters: the same values (``tests/test_duplicates.py``
    compares them), without numpy's per-call overhead paid for every short article.

    The texts' lower-cased openings are joined by NUL (no word character, so no word
    spans two texts); a word's polynomial hash does not depend on where it stands
    (:func:`shingle_hashes`), each text keeps its first :data:`MAX_WORDS` words and its
    shingles never span two texts; the distinct values are sorted within each text and
    each MinHash row is a minimum over each text's columns (``np.minimum.reduceat``).

    >>> a, b = fingerprints(["one two three four five six", "..."])
    >>> bool((a[0] == fingerprint("one two three four five six")[0]).all()), len(b[1])
    (True, 0)
    """
    if size > len(_SHINGLE_MULT):
        raise ValueError(f"shingles of at most {len(_SHINGLE_MULT)} words")
    out: list[tuple[np.ndarray, np.ndarray]] = []
    batch: list[str] = []
    chars = 0
    for text in texts:
        opening = text[: MAX_WORDS * 12].lower()
        if batch and chars + len(opening) > BATCH_CHARS:
            out.extend(_batch_fingerprints(batch, num_perm, size))
            batch, chars = [], 0
        batch.append(opening)
        chars += len(opening) + 1
    if batch:
        out.extend(_batch_fingerprints(batch, num_perm, size))
    return out


def _batch_fingerprints(
    openings: list[str], num_perm: int, size: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`fingerprints` of texts' lower-cased openings, all in one set of arrays."""
    n_docs = len(openings)
    codes32 = np.frombuffer("\x00".join(openings).encode("utf-32-le", "surrogatepass"), "<u4")
    lengths = np.fromiter(map(len, openings), dtype=np.int64, count=n_docs)
    doc_start = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))  # each opening's offset
    flags = np.zeros(len(codes32) + 2, dtype=np.int8)
    flags[1:-1] = _is_word_char()[codes32]
    edges = np.diff(flags)
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    # each word's text, then its rank there: only the first MAX_WORDS of each are kept
    word_doc = np.searchsorted(doc_start, starts, side="right") - 1
    first_word = np.searchsorted(word_doc, np.arange(n_docs))
    keep = np.arange(len(starts)) - first_word[word_doc] < MAX_WORDS
    starts, ends, word_doc = starts[keep], ends[keep], word_doc[keep]
    n_words = np.bincount(word_doc, minlength=n_docs)
    codes = codes32[: ends[-1] if len(ends) else 0].astype(np.uint64)
    up, down = _powers(1 << int(len(codes) + 1).bit_length())
    k = np.minimum(n_words, size)  # words per shingle of each text
    n_shingles = np.where(n_words > 0, n_words - k + 1, 0)
    with np.errstate(over="ignore"):
        prefix = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(codes * up[: len(codes)])])
        h = (prefix[ends] - prefix[starts]) * down[starts]
        h = _mix64(h ^ (ends - starts).astype(np.uint64))
        # the shingles of each text start at its first word and the next n_shingles - 1;
        # a text of fewer than ``size`` words has one, of all its words (fixed below)
        shingle_doc = np.repeat(np.arange(n_docs), n_shingles)
        text_first = np.concatenate(([0], np.cumsum(n_words)[:-1]))
        shingle_first = np.concatenate(([0], np.cumsum(n_shingles)[:-1]))
        at = np.arange(len(shingle_doc)) - shingle_first[shingle_doc] + text_first[shingle_doc]
        h = np.concatenate([h, np.zeros(size, dtype=np.uint64)])
        s = h[at] * _SHINGLE_MULT[0]
        for t in range(1, size):
            s += h[at + t] * _SHINGLE_MULT[t]
        s += np.uint64(size)
        short = np.flatnonzero(k[shingle_doc] < size)
        if len(short):
            k_short = k[shingle_doc[short]]
            fixed = np.full(len(short), 0, dtype=np.uint64)
            for t in range(size):
                fixed += np.where(k_short > t, h[at[short] + t] * _SHINGLE_MULT[t], 0)
            s[short] = fixed + k_short.astype(np.uint64)
        s = _mix64(s)
    hv = (s >> np.uint64(32)).astype(np.uint32)
    # each MinHash row's minimum over each text's columns: over all its shingles (a
    # minimum ignores repeats); the distinct ones are sorted text by text (short sorts)
    bounds = np.concatenate((shingle_first, [len(hv)]))
    t = _template(num_perm)
    a, b = _columns(num_perm)
    phv = a * _fmix32(hv)[None, :]  # uint32: wraps, as datasketch's affine32
    phv += b
    has = np.flatnonzero(bounds[1:] > bounds[:-1])
    mins = np.minimum.reduceat(phv, bounds[has], axis=1) if len(has) else None
    out: list[tuple[np.ndarray, np.ndarray]] = []
    column = dict(zip(has.tolist(), range(len(has)), strict=True))
    for d, (lo, hi) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)):
        distinct = hv[lo:hi].copy()
        distinct.sort()
        if len(distinct) > 1:
            distinct = distinct[np.concatenate(([True], distinct[1:] != distinct[:-1]))]
        j = column.get(d)
        if j is None:
            out.append((t.hashvalues.copy(), distinct))
        else:
            out.append((np.minimum(mins[:, j], t.hashvalues), distinct))  # type: ignore[index]
    return out


def _minhash(hv: np.ndarray, num_perm: int) -> np.ndarray:
    t = _template(num_perm)
    if not len(hv):
        return t.hashvalues.copy()  # datasketch's empty signature (every value at its maximum)
    a, b = _columns(num_perm)
    hv = _fmix32(hv)  # datasketch's pre-mix of every input hash
    phv = a * hv[None, :]  # uint32: wraps, as datasketch's affine32
    phv += b
    # one row per permutation: each minimum over contiguous memory (about 20 % faster
    # than a minimum down the columns of the transposed product)
    return np.minimum(phv.min(axis=1), t.hashvalues)


@cache
def _columns(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The template's permutation parameters ``a`` and ``b`` as contiguous columns."""
    a, b = _template(num_perm).permutations
    return np.ascontiguousarray(a[:, None]), np.ascontiguousarray(b[:, None])


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sets given as sorted arrays of distinct values (0 for
    two empty sets).

    >>> jaccard(np.array([1, 2, 3]), np.array([2, 3, 4]))
    0.5
    """
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / max(len(a) + len(b) - inter, 1)


def signatures(texts: Iterable[str], *, num_perm: int = NUM_PERM, size: int = SHINGLE):
    """One MinHash per text, over its lower-cased word ``size``-grams."""
    return [_new(num_perm, signature(t, num_perm=num_perm, size=size)) for t in texts]


@cache
def _band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band datasketch's ``MinHashLSH`` picks for a threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


class Bands:
    """MinHash LSH banding as datasketch's ``MinHashLSH`` does it (its number of bands and
    rows for the threshold; a band's values, as bytes, are its bucket), over plain dicts
    of article indices: the same candidates without its storage layers and per-band
    byte swaps (tests/test_duplicates.py compares the two).

    >>> bands = Bands(0.5, 64)
    >>> a = signature("one two three four five six seven")
    >>> bands.insert(0, a)
    >>> bands.query(a), bands.query(signature("something else entirely, five words"))
    ({0}, set())
    """

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.b, self.r = _band_shape(threshold, num_perm)
        self._tables: list[dict[bytes, list[int]]] = [{} for _ in range(self.b)]

    def _buckets(self, hv: np.ndarray) -> list[bytes]:
        raw, width = hv.tobytes(), self.r * hv.itemsize  # each band's bytes, cut from one
        return [raw[k * width : (k + 1) * width] for k in range(self.b)]

    def insert(self, i: int, hv: np.ndarray) -> None:
        """Index article ``i`` by its signature ``hv``."""
        for table, bucket in zip(self._tables, self._buckets(hv), strict=True):
            table.setdefault(bucket, []).append(i)

    def query(self, hv: np.ndarray) -> set[int]:
        """The indexed articles that share at least one band with ``hv``."""
        out: set[int] = set()
        for table, bucket in zip(self._tables, self._buckets(hv), strict=True):
            found = table.get(bucket)
            if found:
                out.update(found)
        return out


def near_duplicates(
    doc_ids: Iterable[str],
    texts: Iterable[str] | None = None,
    *,
    hashvalues: Iterable[np.ndarray] | None = None,
    shingles: Iterable[np.ndarray] | None = None,
    threshold: float = 0.8,
    skip: Iterable[bool] | None = None,
    num_perm: int = NUM_PERM,
) -> pd.DataFrame:
    """Flag texts that nearly repeat an earlier one.

    Args:
        doc_ids, texts: the articles, in corpus order.
        hashvalues: their :func:`signature` values (computed from ``texts`` when not
            given). With ``texts`` too, candidates are checked on their exact shingle
            sets and ``similarity`` is their Jaccard similarity; with ``hashvalues``
            alone, it is the MinHash estimate.
        shingles: each text's distinct shingle hashes, sorted (:func:`fingerprint`):
            the exact check then reads them instead of hashing ``texts`` again (which
            may be left out). A pair whose sizes alone rule out the threshold is not
            compared (Jaccard is at most the smaller size over the larger).
        threshold: Jaccard similarity of word 5-gram sets at which an article counts
            as a near-duplicate (0.8: a syndicated copy with a changed paragraph).
        skip: True for articles to leave out (exact duplicates, already flagged).

    Returns:
        One row per near-duplicate: ``doc_id, near_duplicate_of, similarity``.

    >>> texts = ["one two three four five six seven", "one two three four five six"]
    >>> near_duplicates(["a", "b"], texts, threshold=0.5).values.tolist()
    [['b', 'a', 0.667]]
    """
    ids = list(doc_ids)
    text_list = list(texts) if texts is not None else None
    if hashvalues is not None:
        values = [np.asarray(h) for h in hashvalues]
    elif text_list is not None:
        values = [signature(t, num_perm=num_perm) for t in text_list]
    else:
        raise TypeError("near_duplicates needs texts or hashvalues")
    skipped = list(skip) if skip is not None else [False] * len(ids)
    given = list(shingles) if shingles is not None else None
    found: dict[int, np.ndarray] = {}  # from the texts: for articles that meet a candidate

    def of(i: int) -> np.ndarray:
        if i not in found:
            found[i] = np.unique(shingle_hashes(text_list[i]))  # type: ignore[index]
        return found[i]

    near = NearDuplicates(
        threshold=threshold,
        num_perm=num_perm,
        exact=given is not None or text_list is not None,
        shingles_of=of if given is None and text_list is not None else None,
    )
    for i, (doc_id, hv, is_skipped) in enumerate(zip(ids, values, skipped, strict=True)):
        near.add(doc_id, hv, None if given is None else given[i], skip=is_skipped)
    return near.frame()


class NearDuplicates:
    """:func:`near_duplicates` one article at a time, in corpus order: the loader feeds
    each article as its second pass returns it, so the banding runs while the worker
    processes still work on later chunks (the same rows as the whole-list call).

    ``exact``: candidates are checked on their exact shingle sets, given to :meth:`add`
    (or found by ``shingles_of(i)``, the article's index); else on the MinHash estimate.
    Only articles that become candidates (originals) are kept.

    >>> near = NearDuplicates(threshold=0.5, exact=False)
    >>> near.add("a", signature("one two three four five six seven eight nine"))
    >>> near.add("b", signature("one two three four five six seven eight nine ten"))
    >>> near.frame()["near_duplicate_of"].tolist()
    ['a']
    """

    def __init__(
        self,
        *,
        threshold: float = 0.8,
        num_perm: int = NUM_PERM,
        exact: bool = True,
        shingles_of=None,
    ) -> None:
        self.threshold, self.exact, self._of = threshold, exact, shingles_of
        self._bands = Bands(min(threshold, CANDIDATE_THRESHOLD) if exact else threshold, num_perm)
        self._empty = _template(num_perm).hashvalues
        self._ids: list[str] = []
        # originals: their shingles (exact; None: shingles_of(i) when first needed) or
        # their signature
        self._kept: dict[int, np.ndarray | None] = {}
        self._rows: list[tuple[str, str, float]] = []

    def _shingles(self, i: int, known: np.ndarray | None) -> np.ndarray:
        return known if known is not None else self._of(i)  # type: ignore[misc]

    def add(
        self, doc_id: str, hv: np.ndarray, shingles: np.ndarray | None = None, *, skip: bool = False
    ) -> None:
        """The next article: its signature, its distinct shingle hashes (``exact``), and
        ``skip`` when it is left out (an exact duplicate, already flagged)."""
        if self.exact and shingles is None and self._of is None:
            raise TypeError("an exact check needs each article's shingles (or shingles_of)")
        i = len(self._ids)
        self._ids.append(doc_id)
        hv = np.asarray(hv)
        if skip or np.array_equal(hv, self._empty):
            return  # exact duplicate, or no words at all
        threshold = self.threshold
        mine = None
        best = None
        for c in sorted(self._bands.query(hv)):
            if self.exact:
                if mine is None:
                    mine = self._shingles(i, shingles)
                theirs = self._shingles(c, self._kept[c])
                small, large = sorted((len(mine), len(theirs)))
                if small / max(large, 1) < threshold:
                    continue  # Jaccard <= small / large: the sizes rule it out
                sim = jaccard(mine, theirs)
            else:
                sim = float(np.count_nonzero(hv == self._kept[c])) / len(hv)  # MinHash.jaccard
            if sim >= threshold:
                best = (self._ids[c], sim)
                break
        if best:
            self._rows.append((doc_id, best[0], round(float(best[1]), 3)))
            return
        self._bands.insert(i, hv)  # only originals are candidates for later articles
        if self.exact:
            self._kept[i] = shingles if mine is None else mine
        else:
            self._kept[i] = hv

    def frame(self) -> pd.DataFrame:
        """One row per near-duplicate so far: ``doc_id, near_duplicate_of, similarity``."""
        return pd.DataFrame(self._rows, columns=["doc_id", "near_duplicate_of", "similarity"])
