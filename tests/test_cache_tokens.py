"""The token tables in the cache: int32 codes into a vocabulary, streamed chunk by chunk.

A corpus of 240 BBC articles is prepared on two processes (several chunks, each with
its own categories), cached, and reopened: both token tables and every option set read
back equal to a load without a cache. A damaged vocabulary or a code outside it is
caught, and the table is computed again.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.prepare import cache, parallel

SECTIONS = ("business", "entertainment", "politics", "sport", "tech")


@pytest.fixture(scope="module")
def bbc240(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bbc240")
    for section in SECTIONS:
        (folder / section).mkdir()
        for f in sorted((paths.SHARED_CORPORA / "bbc" / section).glob("*.txt"))[40:88]:
            (folder / section / f.name).write_bytes(f.read_bytes())
    return folder


@pytest.fixture(scope="module")
def plain(bbc240):
    return cu.load_corpus(bbc240, n_jobs=1, progress=False)


@pytest.fixture(scope="module")
def cached(bbc240, tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    cu.load_corpus(bbc240, n_jobs=2, cache=store, progress=False)  # written in chunks
    again = cu.load_corpus(bbc240, n_jobs=2, cache=store, progress=False)
    assert again.cache_info["status"] == "hit"
    return again


def _entry(corpus):
    return cache.entry_folder(corpus)


def test_the_tokens_were_written_in_several_chunks(plain):
    assert len(plain) == 240
    assert len(parallel.chunk_bounds(len(plain), parallel.n_workers(2, len(plain)))) > 1


def test_the_token_files_hold_int_codes_and_a_vocabulary(cached):
    folder = _entry(cached)
    meta = json.loads((folder / "meta.json").read_text())
    for name in ("base_tokens_actors", "base_tokens_words"):
        schema = pq.read_schema(folder / f"{name}.parquet")
        for col in ("doc_id", "token", "actor"):
            assert str(schema.field(col).type) == "int32", (name, col)
        assert meta["tables"][name]["coded"] == ["actor", "doc_id", "token"]
        vocab = pq.read_table(folder / f"{name}_vocab.parquet").to_pandas()
        assert not vocab.duplicated().any()  # each value once per column
    words = pq.read_table(folder / "base_tokens_words_vocab.parquet").to_pandas()
    assert set(words["column"]) == {"doc_id", "token"}  # words: no actor merged
    assert (words["column"] == "doc_id").sum() == 240
    actors = pq.read_table(folder / "base_tokens_actors_vocab.parquet").to_pandas()
    assert set(actors["column"]) == {"actor", "doc_id", "token"}


@pytest.mark.parametrize(
    "options",
    [{}, {"merge_actors": False}, {"stem": True, "drop_stop": True}, {"lowercase": False}],
)
def test_reopened_token_tables_equal_a_load_without_cache(cached, plain, options):
    pd.testing.assert_frame_equal(cached.tokens(**options), plain.tokens(**options))


def test_reopened_base_tables_have_sorted_categories(cached):
    for merge in (True, False):
        base = cached._base(merge)
        for col in ("doc_id", "token", "actor"):
            cats = base[col].cat.categories
            assert cats.is_monotonic_increasing and cats.dtype == object


def test_a_damaged_vocabulary_is_caught_and_the_tokens_computed_again(bbc240, plain, tmp_path):
    store = tmp_path / "store"
    cu.load_corpus(bbc240, n_jobs=2, cache=store, progress=False)
    again = cu.load_corpus(bbc240, n_jobs=2, cache=store, progress=False)
    vocab = _entry(again) / "base_tokens_actors_vocab.parquet"
    data = bytearray(vocab.read_bytes())
    data[len(data) // 2] ^= 0xFF
    vocab.write_bytes(bytes(data))
    with pytest.warns(UserWarning, match="cannot read base_tokens_actors"):
        toks = again.tokens()
    pd.testing.assert_frame_equal(toks, plain.tokens())


def test_a_code_outside_the_vocabulary_is_refused():
    vocab = pd.DataFrame({"column": ["token", "token"], "value": ["b", "a"]})
    ok = cache._decoded("t", "token", pd.Series(np.array([1, 0, -1], np.int32)), vocab)
    assert ok.tolist() == ["a", "b", np.nan] and ok.categories.tolist() == ["a", "b"]
    with pytest.raises(cache.CacheDamaged, match="outside its vocabulary"):
        cache._decoded("t", "token", pd.Series(np.array([0, 2], np.int32)), vocab)


def test_the_writer_codes_chunks_into_one_vocabulary(tmp_path):
    """Two chunks with their own categories: codes in order of first appearance."""
    w = cache._TableWriter(tmp_path)
    for tokens in (["b", "a", "b"], ["c", "a"]):
        w.write(
            "base_tokens_words",
            pd.DataFrame({"token": pd.Categorical(tokens), "start": np.arange(len(tokens))}),
        )
    specs = w.close()
    got = pq.read_table(tmp_path / "base_tokens_words.parquet").to_pandas()
    # chunk 1 categories [a, b] -> a 0, b 1; chunk 2 categories [a, c] -> c 2
    assert got["token"].tolist() == [1, 0, 1, 2, 0]
    vocab = pq.read_table(tmp_path / "base_tokens_words_vocab.parquet").to_pandas()
    assert vocab["value"].tolist() == ["a", "b", "c"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = cache._LazyTables(tmp_path, specs)("base_tokens_words")
    assert back["token"].tolist() == ["b", "a", "b", "c", "a"]
    assert back["start"].tolist() == [0, 1, 2, 0, 1]
