"""Near-duplicate articles: syndicated copies of one story with small edits.

Exact copies are caught by the loader (same cleaned text). Near-duplicates are found
with MinHash signatures of word 5-grams and locality-sensitive hashing (the
``datasketch`` library), so the cost grows with the number of articles, not its square.
Each article is compared only with articles before it, and is flagged as a near-duplicate
of the earliest one whose estimated Jaccard similarity reaches the threshold.
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
SHINGLE = 5


MAX_WORDS = 3000  # an article's opening is enough to recognise a copy, and keeps huge inputs cheap


def _shingles(text: str, size: int) -> list[bytes]:
    words = _WORD.findall(text[: MAX_WORDS * 12].lower())[:MAX_WORDS]
    if len(words) < size:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)]


@cache
def _template(num_perm: int) -> MinHash:
    """A seeded MinHash whose permutations are drawn once rather than for every article."""
    return MinHash(num_perm=num_perm, seed=1)


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
    loader computes it beside the cleaning, in worker processes).
    """
    m = _new(num_perm)
    shingles = _shingles(text, size)
    if shingles:
        m.update_batch(shingles)
    return m.hashvalues


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
        hashvalues: instead of ``texts``, their :func:`signature` values.
        threshold: estimated Jaccard similarity of word 5-gram sets at which an article
            counts as a near-duplicate (0.8: a syndicated copy with a changed paragraph).
        skip: True for articles to leave out (exact duplicates, already flagged).

    Returns:
        One row per near-duplicate: ``doc_id, near_duplicate_of, similarity``.

    >>> texts = ["one two three four five six", "one two three four five six seven"]
    >>> near_duplicates(["a", "b"], texts, threshold=0.5)  # doctest: +SKIP
    """
    ids = list(doc_ids)
    if hashvalues is not None:
        sigs = [_new(num_perm, h) for h in hashvalues]
    elif texts is not None:
        sigs = signatures(texts, num_perm=num_perm)
    else:
        raise TypeError("near_duplicates needs texts or hashvalues")
    skipped = list(skip) if skip is not None else [False] * len(ids)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    rows = []
    for doc_id, sig, is_skipped in zip(ids, sigs, skipped, strict=True):
        if is_skipped or np.all(sig.hashvalues == np.iinfo(np.uint64).max):
            continue  # exact duplicate, or no words at all
        candidates = [c for c in lsh.query(sig)]
        best = None
        for c in sorted(candidates, key=order.__getitem__):
            sim = sig.jaccard(sigs[order[c]])
            if sim >= threshold:
                best = (c, sim)
                break
        if best:
            rows.append((doc_id, best[0], round(float(best[1]), 3)))
        else:
            lsh.insert(doc_id, sig)  # only originals are candidates for later articles
    return pd.DataFrame(rows, columns=["doc_id", "near_duplicate_of", "similarity"])
