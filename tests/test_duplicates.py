"""Near-duplicate signatures: numpy shingle hashing, its MinHash estimates and the flags."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from datasketch import MinHash

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
