"""The matrix's counting done with less memory must give what the one-step construction
gives: ``_count_matrix`` a chunk of whole rows at a time (tokens in document order) equal
to one COO matrix of every pair, and single words coded by their own codes
(``_word_codes``) equal to factorising a key per token. Expected matrices are counted here
with a plain dictionary over made-up pairs."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from scipy import sparse

from corpus_utils.stats import chunks


def _pairs(seed: int, n: int = 3_000, n_rows: int = 50, n_terms: int = 80, ordered=True):
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, n_rows, n).astype(np.int32)
    if ordered:
        rows = np.sort(rows)
    rows[rows == 7] = 8  # a document without a pair
    return rows, rng.integers(0, n_terms, n).astype(np.int64), n_rows, n_terms


@pytest.mark.parametrize("chunk", [1, 5, 333, 1 << 22])
@pytest.mark.parametrize("ordered", [True, False])
def test_chunked_count_matrix_equals_the_pair_counts(chunk, ordered):
    rows, codes, n_rows, n_terms = _pairs(11, ordered=ordered)
    got = chunks._count_matrix(rows, codes, n_rows, n_terms, chunk=chunk)
    want = Counter(zip(rows.tolist(), codes.tolist(), strict=True))
    coo = got.tocoo()
    assert (
        dict(
            zip(
                zip(coo.row.tolist(), coo.col.tolist(), strict=True), coo.data.tolist(), strict=True
            )
        )
        == want
    )
    assert got.shape == (n_rows, n_terms) and got.has_sorted_indices
    one = sparse.csr_matrix(
        sparse.coo_matrix((np.ones(len(rows), np.int64), (rows, codes)), shape=got.shape),
        dtype=np.int64,
    )
    one.sort_indices()
    for name in ("data", "indices", "indptr"):
        a, b = getattr(got, name), getattr(one, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name


def test_count_matrix_chunk_must_be_positive():
    with pytest.raises(ValueError, match="chunk"):
        chunks._count_matrix(*_pairs(1), chunk=0)


def test_word_codes_equal_factorised_keys():
    rng = np.random.default_rng(5)
    words = np.array([f"w{i:03d}" for i in rng.permutation(200)], dtype=object)
    word = rng.integers(0, 190, 4_000)
    starts = np.flatnonzero(rng.random(4_000) < 0.7)
    codes, terms = chunks._word_codes(word, words, starts)
    assert terms.tolist() == sorted(set(words[word[starts]]))
    assert terms[codes].tolist() == words[word[starts]].tolist()
    assert codes.dtype == np.int32  # half the int64 codes' memory
    # the general path (factorised int64 keys) of the old code, for n = 2 then cut down
    uniq, inverse = np.unique(words[word[starts]].astype(str), return_inverse=True)
    assert np.array_equal(codes, inverse.ravel()) and terms.tolist() == uniq.tolist()


def test_word_codes_leave_missing_codes_and_shared_norms_to_the_general_path():
    words = np.array(["a", "b", "a"], dtype=object)
    assert chunks._word_codes(np.array([0, 2, 1]), words, np.arange(3)) is None
    assert chunks._word_codes(np.array([0, -1]), words[:2], np.arange(2)) is None
    codes, terms = chunks.coded_terms(np.array([0, 2, 1]), words, np.arange(3), 1)
    assert terms.tolist() == ["a", "a", "b"] and sorted(codes.tolist()) == [0, 1, 2]


@pytest.mark.parametrize("bad", [-1, 50])
def test_chunked_count_matrix_refuses_a_row_out_of_range(bad):
    rows, codes, n_rows, n_terms = _pairs(2)
    rows[0 if bad < 0 else -1] = bad
    with pytest.raises(ValueError):
        chunks._count_matrix(rows, codes, n_rows, n_terms, chunk=10)


@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
def test_row_counts_by_chunk_equal_the_masked_bincount(chunk, monkeypatch):
    dtm = __import__("sys").modules["corpus_utils.stats.dtm"]
    monkeypatch.setattr(dtm, "ROW_COUNT_CHUNK", chunk)
    rng = np.random.default_rng(9)
    doc = np.sort(rng.integers(0, 30, 2_000)).astype(np.int32)
    keep, drop = rng.random(2_000) < 0.8, rng.random(2_000) < 0.3
    want_tokens = Counter(doc[keep].tolist())
    want_words = Counter(doc[keep & ~drop].tolist())
    got_tokens = dtm._row_counts(doc, keep, None, 32)
    got_words = dtm._row_counts(doc, keep, drop, 32)
    assert got_tokens.dtype == got_words.dtype == np.int64
    assert got_tokens.tolist() == [want_tokens.get(i, 0) for i in range(32)]
    assert got_words.tolist() == [want_words.get(i, 0) for i in range(32)]


def _old_word_counts(doc, word, words, keep, n_rows):
    """The one-step construction of the old code: start rows, their codes, the counts."""
    starts = np.flatnonzero(keep)
    codes, terms = chunks.coded_terms(word, words, starts, 1)
    ones = np.ones(len(starts), np.int64)
    m = sparse.csr_matrix(
        sparse.coo_matrix((ones, (doc[starts], codes)), shape=(n_rows, len(terms))),
        dtype=np.int64,
    )
    m.sort_indices()
    return m, terms


@pytest.mark.parametrize("chunk", [1, 17, 500, 1 << 20])
def test_word_matrix_by_documents_equals_the_one_step_counts(chunk):
    rng = np.random.default_rng(21)
    words = np.array([f"w{i:03d}" for i in rng.permutation(120)], dtype=object)
    doc = np.sort(rng.integers(0, 40, 6_000)).astype(np.int32)
    doc[doc == 5] = 6  # a document without tokens
    word = rng.integers(0, 110, 6_000).astype(np.int32)
    keep = rng.random(6_000) < 0.6
    got, terms = chunks.word_matrix(doc, word, words, keep, 42, chunk=chunk)
    want, want_terms = _old_word_counts(doc, word, words, keep, 42)
    assert terms.tolist() == want_terms.tolist()
    assert got.shape == want.shape
    for name in ("data", "indices", "indptr"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
    cells = Counter(zip(doc[keep].tolist(), words[word[keep]].tolist(), strict=True))
    coo = got.tocoo()
    assert {
        (r, terms[c]): v
        for r, c, v in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True)
    } == cells


def test_word_matrix_leaves_what_it_cannot_count_exactly_to_the_general_path():
    words = np.array(["a", "b"], dtype=object)
    keep = np.ones(4, bool)
    # documents out of order, a row out of range, a missing code, no tokens
    assert chunks.word_matrix(np.array([1, 0, 0, 1]), np.zeros(4, int), words, keep, 2) is None
    assert chunks.word_matrix(np.array([0, 0, 1, 2]), np.zeros(4, int), words, keep, 2) is None
    assert chunks.word_matrix(np.zeros(4, int), np.array([0, -1, 1, 0]), words, keep, 1) is None
    assert chunks.word_matrix(np.zeros(0, int), np.zeros(0, int), words, keep[:0], 1) is None
