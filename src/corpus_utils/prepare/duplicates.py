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

    Each word is hashed as a polynomial over its code points (prefix sums, so one
    vectorised pass for all words), each shingle as a combination of its words' hashes
    with one multiplier per position; both are mixed with SplitMix64's finaliser. The
    values are stable across processes and runs (no Python ``hash``). A text of fewer
    than ``size`` words is one shingle of all its words; a text without words has none.

    >>> a = shingle_hashes("One two three four five six")
    >>> b = shingle_hashes("ONE two, three four five! six")
    >>> len(a), bool((a == b).all()), len(shingle_hashes("..."))
    (2, True, 0)
    """
    words = _words(text)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    if size > len(_SHINGLE_MULT):
        raise ValueError(f"shingles of at most {len(_SHINGLE_MULT)} words")
    lens = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    ends = np.cumsum(lens + 1) - 1  # words joined by one separator
    starts = ends - lens
    codes = np.frombuffer("\x00".join(words).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    n = 1 << int(len(codes) + 1).bit_length()
    up, down = _powers(n)
    with np.errstate(over="ignore"):
        prefix = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(codes * up[: len(codes)])])
        h = (prefix[ends] - prefix[starts]) * down[starts]
        h = _mix64(h ^ lens.astype(np.uint64))
        k = min(size, len(words))
        m = len(words) - k + 1
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
    t = _template(num_perm)
    hv = shingle_hashes(text, size)
    if not len(hv):
        return t.hashvalues.copy()  # datasketch's empty signature (every value at its maximum)
    a, b = t.permutations
    hv = _fmix32(hv)  # datasketch's pre-mix of every input hash
    phv = hv[:, None] * a[None, :] + b[None, :]  # uint32: wraps, as datasketch's affine32
    return np.minimum(phv.min(axis=0), t.hashvalues)


def _shingle_set(text: str) -> set[int]:
    return set(shingle_hashes(text).tolist())


def signatures(texts: Iterable[str], *, num_perm: int = NUM_PERM, size: int = SHINGLE):
    """One MinHash per text, over its lower-cased word ``size``-grams."""
    return [_new(num_perm, signature(t, num_perm=num_perm, size=size)) for t in texts]


def near_duplicates(
    doc_ids: Iterable[str],
    texts: Iterable[str] | None = None,
    *,
    hashvalues: Iterable[np.ndarray] | None = None,
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
        sigs = [_new(num_perm, h) for h in hashvalues]
    elif text_list is not None:
        sigs = signatures(text_list, num_perm=num_perm)
    else:
        raise TypeError("near_duplicates needs texts or hashvalues")
    skipped = list(skip) if skip is not None else [False] * len(ids)
    exact = text_list is not None
    lsh = MinHashLSH(threshold=min(threshold, CANDIDATE_THRESHOLD) if exact else threshold,
                     num_perm=num_perm)  # fmt: skip
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    empty = _template(num_perm).hashvalues
    rows = []
    for doc_id, sig, is_skipped in zip(ids, sigs, skipped, strict=True):
        if is_skipped or np.array_equal(sig.hashvalues, empty):
            continue  # exact duplicate, or no words at all
        candidates = [c for c in lsh.query(sig)]
        best = None
        mine = _shingle_set(text_list[order[doc_id]]) if exact and candidates else None
        for c in sorted(candidates, key=order.__getitem__):
            if mine is not None:
                theirs = _shingle_set(text_list[order[c]])
                sim = len(mine & theirs) / max(len(mine | theirs), 1)
            else:
                sim = sig.jaccard(sigs[order[c]])
            if sim >= threshold:
                best = (c, sim)
                break
        if best:
            rows.append((doc_id, best[0], round(float(best[1]), 3)))
        else:
            lsh.insert(doc_id, sig)  # only originals are candidates for later articles
    return pd.DataFrame(rows, columns=["doc_id", "near_duplicate_of", "similarity"])
