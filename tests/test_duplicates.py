"""Near-duplicate signatures: numpy shingle hashing, its MinHash estimates and the flags."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_utils.prepare import duplicates
from corpus_utils.prepare.duplicates import near_duplicates, shingle_hashes, signature


def _words(lo: int, hi: int) -> str:
    return " ".join(f"w{i}" for i in range(lo, hi))


def _estimate(a: str, b: str) -> float:
    return float(np.mean(signature(a) == signature(b)))


def test_shingles_ignore_case_punctuation_and_spacing():
    a = shingle_hashes("The army took the town on Monday")
    b = shingle_hashes("THE army,  took the town -- on Monday!")
    assert len(a) == 3  # 7 words: 3 five-word shingles
    assert a.tolist() == b.tolist()


def test_word_order_matters():
    assert set(shingle_hashes(_words(0, 6)).tolist()).isdisjoint(
        shingle_hashes(" ".join(f"w{i}" for i in reversed(range(6)))).tolist()
    )


def test_short_and_empty_texts():
    assert len(shingle_hashes("two words")) == 1  # fewer than five words: one shingle
    assert shingle_hashes("two words").tolist() != shingle_hashes("two word").tolist()
    assert len(shingle_hashes("... !!! ---")) == 0
    empty = signature("... !!!")
    assert (empty == np.iinfo(np.uint32).max).all()  # datasketch's empty MinHash


def test_distinct_shingles_get_distinct_hashes():
    # 3,000 words (the cap) give 2,996 distinct shingles: no 32-bit collision expected
    h = shingle_hashes(_words(0, 3000))
    assert len(h) == 2996 and len(set(h.tolist())) == 2996


def test_words_past_the_cap_are_not_read():
    assert shingle_hashes(_words(0, 3100)).tolist() == shingle_hashes(_words(0, 3000)).tolist()


def test_hashes_are_the_same_in_another_process():
    text = "Russia said on Wednesday its forces killed 850 jihadists near Deir ez-Zor."
    code = (
        "from corpus_utils.prepare.duplicates import shingle_hashes; "
        f"print(shingle_hashes({text!r}).tolist())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == str(shingle_hashes(text).tolist())


@pytest.mark.parametrize(
    ("a", "b", "jaccard"),
    [
        # words 0-99 against 50-149: 46 shared shingles of 96 + 96 - 46 = 146
        (_words(0, 100), _words(50, 150), 46 / 146),
        # one word of 200 changed: 5 of 196 shingles differ; 191 / (196 + 5)
        (_words(0, 200), _words(0, 100) + " changed " + _words(101, 200), 191 / 201),
        (_words(0, 100), _words(100, 200), 0.0),
    ],
)
def test_estimate_is_close_to_the_true_jaccard(a, b, jaccard):
    # 64 permutations: standard error at most 0.0625
    assert abs(_estimate(a, b) - jaccard) < 0.2


def test_a_copy_with_one_changed_word_is_flagged_and_an_unrelated_text_is_not():
    original = _words(0, 200)
    copy = _words(0, 100) + " changed " + _words(101, 200)
    other = _words(500, 700)
    near = near_duplicates(["a", "b", "c"], [original, copy, other])
    assert near[["doc_id", "near_duplicate_of"]].values.tolist() == [["b", "a"]]
    assert near["similarity"].iloc[0] >= 0.8


@pytest.mark.parametrize("text", [_words(0, 50), "Only three words", _words(0, 3000)])
def test_signature_is_datasketchs_minhash_over_the_shingle_hashes(text):
    """The permutation step is datasketch's own (affine32): fed our shingle hashes, its
    MinHash holds the same values."""
    m = MinHash(num_perm=duplicates.NUM_PERM, seed=1, scheme="affine32", hashfunc=int)
    m.update_batch(shingle_hashes(text).tolist())
    assert signature(text).tolist() == m.hashvalues.tolist()


def _near_duplicates_with_datasketch_lsh(ids, texts, threshold=0.8, skip=None, exact=True):
    """The flags as datasketch's MinHashLSH finds the candidates (the long way)."""
    from datasketch import MinHashLSH

    sigs = [duplicates._new(duplicates.NUM_PERM, signature(t)) for t in texts]
    lsh = MinHashLSH(
        threshold=min(threshold, duplicates.CANDIDATE_THRESHOLD) if exact else threshold,
        num_perm=duplicates.NUM_PERM,
    )
    empty = duplicates._template(duplicates.NUM_PERM).hashvalues
    rows = []
    for i, (doc_id, sig) in enumerate(zip(ids, sigs, strict=True)):
        if (skip and skip[i]) or np.array_equal(sig.hashvalues, empty):
            continue
        best = None
        for c in sorted(lsh.query(sig), key=ids.index):
            if exact:
                mine, theirs = (
                    set(shingle_hashes(t).tolist()) for t in (texts[i], texts[ids.index(c)])
                )
                sim = len(mine & theirs) / max(len(mine | theirs), 1)
            else:
                sim = sig.jaccard(sigs[ids.index(c)])
            if sim >= threshold:
                best = (c, sim)
                break
        if best:
            rows.append([doc_id, best[0], round(float(best[1]), 3)])
        else:
            lsh.insert(doc_id, sig)
    return rows


def _family(seed: int, n: int) -> list[str]:
    """Copies of a few stories with edits of every extent (none to most words), cut at
    either end: pairs at every similarity; and two texts without shingles."""
    rng = np.random.default_rng(seed)
    stories = [[f"w{x}" for x in rng.integers(0, 5000, 150)] for _ in range(8)]
    out = []
    for _ in range(n):
        words = stories[int(rng.integers(0, 8))]
        words = words[int(rng.integers(0, 20)) : len(words) - int(rng.integers(0, 20))]
        p = rng.choice([0.0, 0.005, 0.02, 0.05, 0.5])
        out.append(" ".join(w if rng.random() >= p else "x" for w in words))
    return out + ["", "..."]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_banding_finds_the_candidates_datasketchs_lsh_finds(seed):
    texts = _family(seed, 120)
    lsh_sigs = [duplicates._new(duplicates.NUM_PERM, signature(t)) for t in texts]
    from datasketch import MinHashLSH

    for threshold in (0.5, 0.8):
        lsh = MinHashLSH(threshold=threshold, num_perm=duplicates.NUM_PERM)
        bands = duplicates.Bands(threshold, duplicates.NUM_PERM)
        assert (bands.b, bands.r) == (lsh.b, lsh.r)
        n_found = 0
        for i, sig in enumerate(lsh_sigs):
            want = set(lsh.query(sig))
            assert {f"t{c}" for c in bands.query(sig.hashvalues)} == want
            n_found += len(want)
            if i % 3:  # some are left out, as the loader leaves near-duplicates out
                lsh.insert(f"t{i}", sig)
                bands.insert(i, sig.hashvalues)
        assert n_found > 50  # the comparison covers hits, not only misses


@pytest.mark.parametrize("seed", [0, 1])
def test_near_duplicates_flag_what_datasketchs_lsh_flags(seed):
    texts = _family(seed, 150)
    ids = [f"d{i}" for i in range(len(texts))]
    skip = [i % 17 == 5 for i in range(len(texts))]
    want = _near_duplicates_with_datasketch_lsh(ids, texts, skip=skip)
    got = near_duplicates(ids, texts, skip=skip)
    assert got.values.tolist() == want
    assert len(want) > 10
    # as the loader calls it: signatures and distinct shingles from one pass, no texts
    prints = [duplicates.fingerprint(t) for t in texts]
    got = near_duplicates(
        ids, hashvalues=[p[0] for p in prints], shingles=[p[1] for p in prints], skip=skip
    )
    assert got.values.tolist() == want
    # the MinHash estimate alone (no texts), at another threshold
    hv = [signature(t) for t in texts]
    want = _near_duplicates_with_datasketch_lsh(ids, texts, threshold=0.6, exact=False)
    got = near_duplicates(ids, hashvalues=hv, threshold=0.6)
    assert got.values.tolist() == want
    assert len(want) > 10


def test_fingerprint_is_the_signature_and_the_set_of_shingles():
    for text in _family(3, 40):
        sig, distinct = duplicates.fingerprint(text)
        assert sig.tolist() == signature(text).tolist()
        assert distinct.tolist() == sorted(set(shingle_hashes(text).tolist()))


def test_jaccard_of_sorted_arrays_by_hand():
    a, b = np.array([1, 5, 9, 12]), np.array([5, 9, 13])
    assert duplicates.jaccard(a, b) == 2 / 5  # {5, 9} of {1, 5, 9, 12, 13}
    assert duplicates.jaccard(a, a) == 1.0
    assert duplicates.jaccard(np.array([]), np.array([])) == 0.0


def test_fingerprints_of_a_batch_are_each_texts_own_fingerprint():
    texts = [
        "One two three four five six seven, one two three four five.",
        "",
        "...",
        "one",
        "a b c d",
        "word " * 3500,  # more than MAX_WORDS words: only the opening counts
        "İstanbul İİ and KELVIN ſ letters",
        "a\x00b c d e f g",
        "The army said it had taken the town on Monday. " * 40,
    ] * 3
    for size in (duplicates.BATCH_CHARS, 64):  # one batch, and texts split over many
        old = duplicates.BATCH_CHARS
        duplicates.BATCH_CHARS = size
        try:
            got = duplicates.fingerprints(texts)
        finally:
            duplicates.BATCH_CHARS = old
        assert len(got) == len(texts)
        for text, (sig, shingles) in zip(texts, got, strict=True):
            want_sig, want_shingles = duplicates.fingerprint(text)
            assert sig.dtype == want_sig.dtype and shingles.dtype == want_shingles.dtype
            assert sig.tolist() == want_sig.tolist()
            assert shingles.tolist() == want_shingles.tolist()


@given(st.lists(st.text(alphabet="ab .\n\x00İ", max_size=60), max_size=12))
@settings(max_examples=200, deadline=None)
def test_fingerprints_agree_with_fingerprint_on_hypothesis_text(texts):
    got = duplicates.fingerprints(texts)
    for text, (sig, shingles) in zip(texts, got, strict=True):
        want_sig, want_shingles = duplicates.fingerprint(text)
        assert sig.tolist() == want_sig.tolist()
        assert shingles.tolist() == want_shingles.tolist()
