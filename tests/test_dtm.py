"""The document-term matrix, TokenOptions, the matrix in the cache, and the token table
handed out without a copy. Expected counts are worked out by hand from the texts; on the
seed articles and 250 BBC articles the analyses are checked against counts taken
straight from the token table with pandas (the way they were computed before)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sys
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.options import TokenOptions, token_options
from corpus_utils.stats import compare, frequency
from corpus_utils.stats.dtm import dtm

DTM = sys.modules["corpus_utils.stats.dtm"]  # the module (the name dtm is the function)

TEXTS = {
    "north/n1": "Farmers grow wheat. The farmers sell wheat.",
    "north/n2": "Wheat prices rose.",
    "south/s1": "The miners dig coal, and the miners sell coal.",
}
TERMS = ["coal", "dig", "farmers", "grow", "miners", "prices", "rose", "sell", "wheat"]


def write_corpus(folder, texts=TEXTS):
    for name, text in texts.items():
        path = folder / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture()
def small(tmp_path):
    return cu.load_corpus(write_corpus(tmp_path / "small"))


def dense(m) -> dict[str, dict[str, int]]:
    """``row label -> {term: count}`` of the non-zero cells."""
    label = m.rows.columns[0]
    out = {}
    for i, row in enumerate(m.counts.toarray()):
        key = m.rows[label].iloc[i]
        out["NA" if pd.isna(key) else key] = {
            t: int(c) for t, c in zip(m.terms, row, strict=True) if c
        }
    return out


# --- TokenOptions ------------------------------------------------------------------------


def test_token_options_are_frozen_hashable_and_checked():
    a = TokenOptions(stopwords=["b", "a"])
    assert a.stopwords == frozenset({"a", "b"})
    assert hash(a) == hash(TokenOptions(stopwords={"a", "b"}))
    assert {a: 1}[TokenOptions(stopwords=("a", "b"))] == 1
    with pytest.raises(AttributeError):
        a.stem = True  # type: ignore[misc]
    with pytest.raises(ValueError, match="not both"):
        TokenOptions(stem=True, lemma=True)
    with pytest.raises(TypeError, match="one string"):
        TokenOptions(stopwords="the")
    with pytest.raises(TypeError, match="True or False"):
        TokenOptions(drop_stop="yes")  # type: ignore[arg-type]


def test_token_options_applies_old_keywords_and_rejects_unknown_ones():
    base = TokenOptions(stem=True)
    assert token_options(base, drop_stop=False) == TokenOptions(stem=True, drop_stop=False)
    assert token_options(None, default=base) is base
    assert token_options(None) == TokenOptions()
    with pytest.raises(TypeError, match="unknown token options drop_stops, stemm"):
        token_options(None, drop_stops=True, stemm=True)
    with pytest.raises(TypeError, match="takes a TokenOptions"):
        token_options({"stem": True})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unknown token option colour"):
        frequency.term_frequencies(
            cu.load_corpus(paths.PROJECT_ROOT / "data" / "articles"), colour=1
        )


# --- the matrix, by hand -----------------------------------------------------------------


def test_a_document_matrix_by_hand(small):
    m = dtm(small)
    assert list(m.terms) == TERMS
    assert m.counts.dtype == np.int64 and m.shape == (3, 9)
    assert dense(m) == {
        "north/n1": {"farmers": 2, "grow": 1, "sell": 1, "wheat": 2},
        "north/n2": {"prices": 1, "rose": 1, "wheat": 1},
        "south/s1": {"coal": 2, "dig": 1, "miners": 2, "sell": 1},
    }
    # "Farmers grow wheat . The farmers sell wheat ." : 9 tokens, 7 words
    assert m.rows["n_tokens"].tolist() == [9, 4, 11]
    assert m.rows["n_words"].tolist() == [7, 3, 9]
    assert m.rows["n_docs"].tolist() == [1, 1, 1]
    # each term's usual form: "Wheat" and "Farmers" only ever start a sentence beside
    # uses in lower case, which decide
    assert list(m.display) == TERMS


def test_grouping_sums_rows_and_counts_the_documents_using_each_term(small):
    m = dtm(small, by="folder")
    assert m.rows["folder"].tolist() == ["north", "south"]
    assert dense(m) == {
        "north": {"farmers": 2, "grow": 1, "prices": 1, "rose": 1, "sell": 1, "wheat": 3},
        "south": {"coal": 2, "dig": 1, "miners": 2, "sell": 1},
    }
    docs = dict(zip(m.terms, m.doc_freq.toarray()[0], strict=True))
    assert docs["wheat"] == 2 and docs["farmers"] == 1 and docs["coal"] == 0
    assert m.rows[["n_docs", "n_tokens", "n_words"]].values.tolist() == [[2, 13, 10], [1, 11, 9]]
    assert dtm(small) is dtm(small)  # built once, kept on the corpus


def test_documents_without_a_group_are_a_row_of_their_own_or_left_out(small):
    label = pd.Series({"north/n1": "x", "south/s1": "y"}, name="label")  # n2 has none
    m = dtm(small, by=label)
    assert m.rows["label"].iloc[:2].tolist() == ["x", "y"] and pd.isna(m.rows["label"].iloc[2])
    assert dense(m)["NA"] == {"prices": 1, "rose": 1, "wheat": 1}
    kept = dtm(small, by=label, dropna=True)
    assert kept.rows["label"].tolist() == ["x", "y"]
    assert kept.attrs["n_missing_docs"] == 1
    assert int(kept.counts.sum()) == 6 + 6  # n1's and s1's terms only
    with pytest.raises(KeyError, match="no document column 'colour'"):
        dtm(small, by="colour")


def test_bigrams_stay_inside_a_sentence_and_skip_stop_words_and_punctuation(small):
    m = dtm(small, n=2, by="folder")
    assert dense(m) == {
        "north": {
            "farmers grow": 1,
            "grow wheat": 1,
            "farmers sell": 1,
            "sell wheat": 1,
            "wheat prices": 1,
            "prices rose": 1,
        },
        "south": {"miners dig": 1, "dig coal": 1, "miners sell": 1, "sell coal": 1},
    }
    with_stop = dense(dtm(small, n=2, tokens=TokenOptions(drop_stop=False)))
    assert with_stop["south/s1"]["the miners"] == 2
    assert with_stop["south/s1"]["and the"] == 1
    assert with_stop["north/n1"]["the farmers"] == 1
    assert "wheat the" not in with_stop["north/n1"]  # a sentence end is never bridged


def test_options_shape_the_terms(small):
    stems = dtm(small, tokens=TokenOptions(stem=True))
    assert {"farmer", "miner", "price"} <= set(stems.terms)
    kept = dtm(small, drop_stop=False, drop_punct=False)  # the old keywords
    row = dense(kept)["south/s1"]
    assert row["the"] == 2 and row[","] == 1 and row["."] == 1 and row["and"] == 1
    assert "grow" not in dtm(small, tokens=TokenOptions(stopwords=["grow"])).terms


def test_voice_counts_only_the_tokens_of_that_voice(tmp_path):
    c = cu.load_corpus(
        write_corpus(tmp_path / "v", {"a": 'The mayor said: "Wheat is cheap." Farmers agreed.'})
    )
    assert dense(dtm(c, voice="quote")) == {"a": {"cheap": 1, "wheat": 1}}
    assert dense(dtm(c, voice="narration")) == {
        "a": {"agreed": 1, "farmers": 1, "mayor": 1, "said": 1}
    }
    assert dtm(c, voice="quote").rows["n_words"].tolist() == [3]  # Wheat is cheap
    both = dtm(c, voice=["narration", "quote"])
    assert int(both.counts.sum()) == int(dtm(c).counts.sum())
    with pytest.raises(ValueError, match="voice must be"):
        dtm(c, voice=[1])


# --- the matrix in the cache -------------------------------------------------------------


def _matrix_files(store, key):
    return sorted(p.name for p in (store / key / "dtm").iterdir())


def _cached(tmp_path):
    """``(source, store, dtm folder, counts)`` of a small corpus whose matrix is cached."""
    src, store = write_corpus(tmp_path / "c"), tmp_path / "store"
    first = cu.load_corpus(src, cache=store)
    return src, store, store / first.cache_info["key"] / "dtm", dense(dtm(first))


def test_the_matrix_is_saved_in_the_cache_and_read_back(tmp_path, monkeypatch):
    src, store = write_corpus(tmp_path / "c"), tmp_path / "store"
    first = cu.load_corpus(src, cache=store)
    built = dtm(first)
    files = _matrix_files(store, first.cache_info["key"])
    name = files[0].split(".")[0]
    assert files == sorted(
        [f"{name}.{t}.parquet" for t in ("cells", "indptr", "terms", "rows")] + [f"{name}.json"]
    )
    again = cu.load_corpus(src, cache=store)

    def no_build(*args, **kwargs):
        raise AssertionError("the matrix should come from the cache")

    monkeypatch.setattr(DTM, "build", no_build)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read = dtm(again)
    assert (read.counts != built.counts).nnz == 0
    assert list(read.terms) == list(built.terms) and list(read.display) == list(built.display)
    pd.testing.assert_frame_equal(read.rows, built.rows, check_dtype=False)
    assert dense(dtm(again, by="folder")) == dense(dtm(first, by="folder"))


def test_a_tampered_matrix_is_counted_again_with_a_warning(tmp_path):
    src, store, folder, want = _cached(tmp_path)
    cells = next(folder.glob("*.cells.parquet"))
    cells.write_bytes(cells.read_bytes()[:-8] + b"tampered")
    with pytest.warns(UserWarning, match="does not match its checksum"):
        assert dense(dtm(cu.load_corpus(src, cache=store))) == want
    with warnings.catch_warnings():  # the rebuilt matrix was saved again
        warnings.simplefilter("error")
        assert dense(dtm(cu.load_corpus(src, cache=store))) == want


def _replace_cells(folder, data, indices, indptr=None):
    """The saved matrix's arrays replaced, its record updated to match their checksums
    (as someone who can write the cache could): only the checks of the arrays remain."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    cells = next(folder.glob("*.cells.parquet"))
    record = folder / cells.name.replace(".cells.parquet", ".json")
    meta = json.loads(record.read_text())
    parts = {cells: pa.table({"data": data, "indices": indices})}
    if indptr is not None:
        parts[folder / cells.name.replace(".cells.", ".indptr.")] = pa.table({"indptr": indptr})
    for path, table in parts.items():
        buf = io.BytesIO()
        pq.write_table(table, buf)
        path.write_bytes(buf.getvalue())
        meta["files"][path.name] = {
            "bytes": len(buf.getvalue()),
            "sha256": hashlib.sha256(buf.getvalue()).hexdigest(),
        }
    record.write_text(json.dumps(meta))


def test_a_column_index_outside_the_shape_is_refused_even_with_matching_checksums(tmp_path):
    src, store, folder, want = _cached(tmp_path)
    again = cu.load_corpus(src, cache=store)
    m = dtm(again)
    indices = m.counts.indices.copy()
    indices[-1] = m.counts.shape[1] + 5
    _replace_cells(folder, m.counts.data, indices)
    with pytest.warns(UserWarning, match="a column index is outside the recorded shape"):
        assert dense(dtm(cu.load_corpus(src, cache=store))) == want


def test_an_indptr_that_does_not_span_the_cells_is_refused(tmp_path):
    src, store, folder, want = _cached(tmp_path)
    m = dtm(cu.load_corpus(src, cache=store))
    indptr = m.counts.indptr.copy()
    indptr[-1] -= 1
    _replace_cells(folder, m.counts.data, m.counts.indices, indptr)
    with pytest.warns(UserWarning, match="indptr does not span"):
        assert dense(dtm(cu.load_corpus(src, cache=store))) == want


def test_cells_of_strings_are_refused(tmp_path):
    src, store, folder, want = _cached(tmp_path)
    m = dtm(cu.load_corpus(src, cache=store))
    data = np.array([str(x) for x in m.counts.data], dtype=object)
    _replace_cells(folder, data, m.counts.indices)
    with pytest.warns(UserWarning, match="not of integers"):
        assert dense(dtm(cu.load_corpus(src, cache=store))) == want


def test_a_matrix_recorded_with_other_options_is_not_used(tmp_path):
    src, store, folder, want = _cached(tmp_path)
    record = next(folder.glob("*.json"))
    meta = json.loads(record.read_text())
    meta["info"]["options"]["stem"] = True
    record.write_text(json.dumps(meta))
    with pytest.warns(UserWarning, match="other options"):
        assert dense(dtm(cu.load_corpus(src, cache=store))) == want


def test_without_a_cache_nothing_is_written(tmp_path):
    src = write_corpus(tmp_path / "c")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    dtm(cu.load_corpus(src))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


# --- the token table is not copied -------------------------------------------------------


def test_tokens_share_the_kept_table_and_cannot_change_it(small):
    a, b = small.tokens(), small.tokens()
    assert a is not b
    assert np.shares_memory(a["start"].to_numpy(), b["start"].to_numpy())
    a["extra"] = 1  # a new column goes to this frame only
    a["start"] = a["start"] + 100  # so does a replaced one
    assert "extra" not in small.tokens().columns
    assert small.tokens()["start"].iloc[0] == 0
    with pytest.raises(ValueError, match="read-only"):
        b.loc[0, "end"] = 99
    c = b.copy()
    c.loc[0, "end"] = 99
    assert small.tokens()["end"].iloc[0] != 99
    filtered = small.tokens(drop_stop=True)
    filtered.loc[0, "end"] = 99  # a filtered table is a copy of its own
    assert small.tokens()["end"].iloc[0] != 99


# --- the matrix per chunk of documents (as on a Dask cluster) ----------------------------


def _same_matrix(a, b) -> None:
    """The same CSR arrays (not only the same values), terms and rows."""
    for part in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(a.counts, part), getattr(b.counts, part))
    assert a.counts.shape == b.counts.shape and a.counts.dtype == b.counts.dtype
    pd.testing.assert_index_equal(a.terms, b.terms)
    np.testing.assert_array_equal(a.display, b.display)
    pd.testing.assert_frame_equal(a.rows, b.rows)


def test_merging_chunks_counted_with_their_own_vocabulary():
    """Worked by hand: chunk 1 has one document (a: 1, c: 2), chunk 2 two documents
    (b: 3; c: 1) and chunk 3 none; the union of the vocabularies is a, b, c."""
    sp = DTM.sparse
    parts = [
        (sp.csr_matrix(np.array([[1, 2]])), np.array(["a", "c"], dtype=object)),
        (sp.csr_matrix(np.array([[3, 0], [0, 1]])), np.array(["b", "c"], dtype=object)),
        (sp.csr_matrix((0, 0), dtype=np.int64), np.array([], dtype=object)),
    ]
    counts, terms = DTM.merge_partitions(parts)
    assert terms.tolist() == ["a", "b", "c"]
    assert counts.toarray().tolist() == [[1, 0, 2], [0, 3, 0], [0, 0, 1]]
    assert counts.dtype == np.int64 and counts.has_sorted_indices


def test_one_chunk_per_document_gives_the_matrix_by_hand(small):
    """Each of the three documents counted alone: n1 has no coal, so its own vocabulary
    differs from the others'; merged, the matrix is the one worked out above."""
    m = DTM.build(small, TokenOptions(), bounds=[(0, 1), (1, 2), (2, 3)])
    assert list(m.terms) == TERMS
    assert dense(m) == {
        "north/n1": {"farmers": 2, "grow": 1, "sell": 1, "wheat": 2},
        "north/n2": {"prices": 1, "rose": 1, "wheat": 1},
        "south/s1": {"coal": 2, "dig": 1, "miners": 2, "sell": 1},
    }
    bigrams = DTM.build(small, TokenOptions(), n=2, bounds=[(0, 2), (2, 3)])
    assert dense(bigrams)["north/n2"] == {"wheat prices": 1, "prices rose": 1}
    assert dense(bigrams)["south/s1"] == {
        "miners dig": 1,
        "dig coal": 1,
        "miners sell": 1,
        "sell coal": 1,
    }


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("voice", [None, "quote"])
def test_chunks_of_documents_give_exactly_the_local_matrix(seed, n, voice):
    """On the seed articles, counted in chunks of one, two and five documents (the
    last chunk shorter): the same CSR arrays, vocabulary, display forms and rows."""
    whole = DTM.build(seed, TokenOptions(), n=n, voice=voice)
    assert whole.counts.nnz > 0
    for size in (1, 2, 5):
        bounds = [(a, min(a + size, len(seed))) for a in range(0, len(seed), size)]
        _same_matrix(whole, DTM.build(seed, TokenOptions(), n=n, voice=voice, bounds=bounds))


# --- the analyses equal counts taken straight from the token table -----------------------


@pytest.fixture(scope="module")
def bbc250(tmp_path_factory):
    src = paths.SHARED_CORPORA / "bbc"
    dst = tmp_path_factory.mktemp("bbc250")
    for section in ("business", "entertainment", "politics", "sport", "tech"):
        (dst / section).mkdir()
        for f in sorted((src / section).glob("*.txt"))[:50]:
            shutil.copy(f, dst / section / f.name)
    return cu.load_corpus(dst)


@pytest.fixture(scope="module")
def seed():
    return cu.load_corpus(paths.PROJECT_ROOT / "data" / "articles")


def _reference_frequencies(corpus: cu.Corpus, by: str) -> pd.DataFrame:
    """``by, term, count, doc_freq, n_words`` grouped from the token table."""
    toks = corpus.tokens(metadata=[by])
    toks = toks[toks[by].notna()]
    words = toks[~toks["is_punct"]]
    n_words = words.groupby(by).size().rename("n_words")
    kept = words[~words["is_stop"]].assign(term=lambda d: d["norm"].astype(str))
    out = kept.groupby([by, "term"]).agg(count=("doc_id", "size"), doc_freq=("doc_id", "nunique"))
    return out.reset_index().merge(n_words.reset_index(), on=by)


@pytest.mark.parametrize("which, by", [("seed", "outlet"), ("bbc250", "folder")])
def test_term_frequencies_equal_counts_from_the_token_table(which, by, request):
    corpus = request.getfixturevalue(which)
    want = _reference_frequencies(corpus, by).sort_values([by, "term"]).reset_index(drop=True)
    got = frequency.term_frequencies(corpus, by=by)
    got = got[got[by].notna()].sort_values([by, "term"]).reset_index(drop=True)
    for col in (by, "term", "count", "doc_freq", "n_words"):
        assert got[col].astype(str).tolist() == want[col].astype(str).tolist(), col
    assert np.allclose(got["rel_freq"], want["count"] / want["n_words"] * 1000)


@pytest.mark.parametrize("which", ["seed", "bbc250"])
def test_tfidf_and_similarity_equal_scikit_learn_on_the_token_table(which, request):
    corpus = request.getfixturevalue(which)
    toks = corpus.tokens()
    words = toks[~toks["is_punct"] & ~toks["is_stop"]]
    per_doc = words.groupby("doc_id", sort=False, observed=True)["norm"].apply(
        lambda s: s.astype(str).tolist()
    )
    doc_ids = corpus.docs["doc_id"].tolist()
    vec = TfidfVectorizer(analyzer=lambda terms: terms, lowercase=False)
    matrix = vec.fit_transform([per_doc.get(d, []) for d in doc_ids])
    coo, names = matrix.tocoo(), vec.get_feature_names_out()
    want = {(doc_ids[r], names[c]): v for r, c, v in zip(coo.row, coo.col, coo.data, strict=True)}
    got = frequency.tfidf(corpus)
    got = dict(zip(zip(got["doc_id"], got["term"], strict=True), got["tfidf"], strict=True))
    assert got.keys() == want.keys()
    assert np.allclose([got[k] for k in want], list(want.values()), rtol=1e-12)
    sim = compare.doc_similarity(corpus)
    assert np.allclose(sim.to_numpy(), cosine_similarity(matrix), atol=1e-12)


@pytest.mark.parametrize("which", ["seed", "bbc250"])
def test_voice_comparison_counts_equal_the_token_table(which, request):
    corpus = request.getfixturevalue(which)
    toks = corpus.tokens(voice=True)
    words = toks[~toks["is_punct"]].assign(term=lambda d: d["norm"].astype(str))
    quoted = words[words["voice"].isin(["quote", "partial"])]["term"].value_counts()
    narrated = words[words["voice"] == "narration"]["term"].value_counts()
    got = compare.compare_voices(corpus, drop_debris=False).set_index("term")
    assert got["count_a"].to_dict() == {t: int(quoted.get(t, 0)) for t in got.index}
    assert got["count_b"].to_dict() == {t: int(narrated.get(t, 0)) for t in got.index}
    assert set(got.index) == set(quoted.index) | set(narrated.index)


def test_doc_rows_are_int32_and_term_codes_of_a_categorical_equal_the_factorised():
    """The counting's per-token arrays: row numbers in 4 bytes, not 8; a categorical's
    own codes (unused and unsorted categories included) give the terms of its strings."""
    from corpus_utils.stats import dtm as DTM

    docs = pd.Index(["d0", "d1", "d2"])
    doc_id = pd.Series(
        pd.Categorical(["d2", "d0", "d2", "d1"], categories=["d2", "dX", "d0", "d1"])
    )
    rows = DTM._doc_rows(docs, doc_id)
    assert rows.dtype == np.int32 and rows.tolist() == [2, 0, 2, 1]
    words = ["war", "the", "war", "peace", "the", "war"]
    cat = pd.Series(pd.Categorical(words, categories=["zz", "war", "the", "peace"]))
    starts = np.array([0, 1, 2, 3, 4])
    for n in (1, 2, 3):
        got = DTM.term_codes(cat, starts[: len(words) - n + 1], n)
        want = DTM.term_codes(pd.Series(words, dtype=object), starts[: len(words) - n + 1], n)
        assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
