"""Display forms counted per chunk of documents (as the matrix's tasks count them on a Dask
cluster) and merged must be the table :func:`display_forms` makes from the whole token
table; :func:`display_terms` (Arrow kernels) must show every term as a plain dictionary
lookup per term and per word does. Expected forms are worked out by hand from the texts;
on BBC the partitioned forms are compared with the whole-corpus ones."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.options import TokenOptions
from corpus_utils.stats import display
from corpus_utils.stats.keyness import (
    choose_forms,
    display_forms,
    display_terms,
    form_counts,
    merge_form_counts,
)

DTM = sys.modules["corpus_utils.stats.dtm"]

TEXTS = {
    # "Apple" starts three sentences here: no inner use of "apple" in this document
    "a/1": "Apple sold phones. Apple won. Apple lost. Phones sold well.",
    # the corpus's inner uses of "apple": "apple" twice, "Apple" once
    "b/2": "They met apple and Apple and apple. Then they left.",
    "b/3": "Officials said Russia struck. Officials met U.S. envoys. The officials left.",
}


def _write(folder, texts=TEXTS):
    for name, text in texts.items():
        path = folder / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return cu.load_corpus(folder, cache=False, progress=False)


def _partitioned(corpus, options: TokenOptions, bounds) -> pd.Series:
    """The forms as the matrix's tasks make them: counted per chunk, merged."""
    toks = corpus.tokens(**options.normalisation())
    doc = DTM._doc_rows(pd.Index(corpus.docs["doc_id"]), toks["doc_id"])
    punct = toks["is_punct"].to_numpy(bool)
    flags = np.zeros(len(toks), bool)
    _, _, forms = DTM.partitioned_counts(
        doc,
        toks["sent_id"].to_numpy(),
        toks["norm"],
        flags,
        flags,
        1,
        bounds,
        forms=(punct, toks["token"], toks["actor"].notna().to_numpy()),
    )
    return forms


def _reference_display(terms, forms: pd.Series) -> list[str]:
    """What display_terms documents: the term whole, else each word, else as it is."""
    lookup = forms.to_dict()
    out = []
    for term in terms:
        term = str(term)
        shown = lookup.get(term)
        if shown is None:
            shown = " ".join(str(lookup.get(w, w)) for w in term.split(" "))
        out.append(str(shown))
    return out


def test_a_word_used_inside_a_sentence_in_any_chunk_is_judged_on_those_uses(tmp_path):
    """By hand: "apple" is used inside sentences only in b/2 (apple twice, Apple once), so
    its form is "apple", even when a/1 (three sentence-initial "Apple", no inner use) is
    a chunk of its own: judged chunk by chunk, "Apple" would win 4 to 2. "phones" is used
    inside a sentence once ("phones"); "Phones" only starts one."""
    corpus = _write(tmp_path)
    whole = display_forms(corpus)
    assert whole["apple"] == "apple" and whole["phones"] == "phones"
    assert whole["officials"] == "officials" and whole["then"] == "Then"
    for bounds in ([(0, 3)], [(0, 1), (1, 3)], [(0, 1), (1, 2), (2, 3)], [(0, 2), (2, 3)]):
        pd.testing.assert_series_equal(_partitioned(corpus, TokenOptions(), bounds), whole)


def test_merged_counts_are_the_sums_of_the_parts():
    """Two parts worked by hand: the pair (x, X) counted inside sentences in the first
    and at a start in the second; (x, x) at a start only; the actor united."""
    norms = np.array(["x", "Bashar al-Assad"], dtype=object)
    surface = np.array(["X", "x", "Assad"], dtype=object)
    one = form_counts(
        np.array([0, 0, 1]), norms, np.array([0, 1, 2]), surface,
        np.array([False, True, False]), np.array([False, False, True]),
    )  # fmt: skip
    two = form_counts(
        np.array([0]), norms, np.array([0]), surface, np.array([True]), np.array([False])
    )
    counts, actors = merge_form_counts([one, two])
    got = counts.set_index(["norm", "token"]).sort_index()
    assert got.loc[("x", "X")].tolist() == [1, 1]  # inner, initial
    assert got.loc[("x", "x")].tolist() == [0, 1]
    assert actors.tolist() == ["Bashar al-Assad"]
    forms = choose_forms(counts, actors)
    # x has an inner use (X): judged on it alone, though x and X tie at starts
    assert forms.to_dict() == {"Bashar al-Assad": "Bashar al-Assad", "x": "X"}


def test_no_parts_give_no_forms():
    counts, actors = merge_form_counts([])
    assert len(counts) == 0 and len(actors) == 0
    assert len(choose_forms(counts, actors)) == 0


@pytest.fixture(scope="module")
def bbc():
    return cu.load_corpus(paths.SHARED_CORPORA / "bbc", cache=False, progress=False)


@pytest.mark.parametrize(
    "options",
    [TokenOptions(), TokenOptions(lowercase=False), TokenOptions(stem=True, merge_actors=False)],
    ids=["default", "cased", "stem-words"],
)
def test_on_bbc_the_partitioned_forms_are_the_whole_corpus_forms(bbc, options):
    whole = display_forms(bbc, tokens=options)
    assert len(whole) > 10_000
    n = len(bbc)
    bounds = [(a, min(a + 300, n)) for a in range(0, n, 300)]
    pd.testing.assert_series_equal(_partitioned(bbc, options, bounds), whole)


def test_display_terms_is_a_lookup_per_term_then_per_word():
    forms = pd.Series(
        {"russia": "Russia", "u.s.": "U.S.", "bashar al-assad": "Bashar al-Assad", "": "(e)"}
    )
    terms = ["russia", "u.s. troops", "bashar al-assad", "bashar al-assad says", "a  b", " x",
             "", "é u.s.", 7, "unseen"]  # fmt: skip
    assert display_terms(terms, forms) == _reference_display(terms, forms)
    assert display_terms(terms, forms)[3] == "bashar al-assad says"  # not whole: word by word
    assert display_terms([], forms) == []


def test_display_terms_of_bbc_bigrams_match_the_lookup(bbc):
    m = DTM.dtm(bbc, n=2)
    forms = display_forms(bbc)
    terms = list(m.terms)
    assert len(terms) > 100_000
    assert display_terms(terms, forms) == _reference_display(terms, forms)
    np.testing.assert_array_equal(m.display, np.asarray(_reference_display(terms, forms), object))


def test_one_table_of_forms_serves_every_matrix_of_a_normalisation(tmp_path, monkeypatch):
    """Words and bigrams (and another drop_stop) share the forms: counted once."""
    corpus = _write(tmp_path)
    calls = []
    real = display.display_forms
    monkeypatch.setattr(display, "display_forms", lambda *a, **k: calls.append(1) or real(*a, **k))
    DTM.dtm(corpus)
    DTM.dtm(corpus, n=2)
    DTM.dtm(corpus, drop_stop=False)
    assert len(calls) == 1
    DTM.dtm(corpus, stem=True)
    assert len(calls) == 2


@pytest.mark.parametrize("one_norm", [True, False])
def test_form_counts_by_token_equal_the_counted_pairs(one_norm):
    """Counting tokens (each with one norm, as normalise makes them) gives the table of
    the (norm, token) pairs counted by sorting them; a token with two norms falls back."""
    from corpus_utils.stats import display

    rng = np.random.default_rng(7 if one_norm else 8)
    n_tok, rows = 400, 20_000
    surface = np.array([f"T{i}" if i % 3 else f"t{i}" for i in range(n_tok)], dtype=object)
    norm_of_token = rng.integers(0, 150, n_tok)
    token_code = rng.integers(0, n_tok - 7, rows)  # the last tokens unused
    norm_code = norm_of_token[token_code]
    if not one_norm:
        norm_code[::97] = (norm_code[::97] + 1) % 150
    norms = np.array([f"n{i}" for i in range(150)], dtype=object)
    initial = rng.random(rows) < 0.2
    is_actor = rng.random(rows) < 0.05
    got, actors = display.form_counts(norm_code, norms, token_code, surface, initial, is_actor)
    words = ~is_actor
    pairs = pd.DataFrame(
        {
            "norm": norms[norm_code[words]],
            "token": surface[token_code[words]],
            "key": norm_code[words].astype(np.int64) * n_tok + token_code[words],
            "inner": (~initial[words]).astype(np.int64),
            "initial": initial[words].astype(np.int64),
        }
    )
    want = (
        pairs.groupby("key", sort=True)
        .agg({"norm": "first", "token": "first", "inner": "sum", "initial": "sum"})
        .reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(got, want)
    assert sorted(actors) == sorted(set(norms[norm_code[is_actor]]))
    by_token = display._pairs_by_token(norm_code[words], token_code[words], initial[words], n_tok)
    assert (by_token is not None) == one_norm
