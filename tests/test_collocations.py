"""Collocations and collocates: counts and scores by hand on hand-made texts."""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils.stats.collocations import collocates, collocations
from corpus_utils.stats.frequency import term_frequencies


def make_corpus(tmp_path, texts: dict[str, str]) -> cu.Corpus:
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    corpus = cu.load_corpus(tmp_path)
    for name, text in texts.items():
        assert corpus.text_of(name) == text
    return corpus


def g2_table(o11: float, o12: float, o21: float, o22: float) -> float:
    """Dunning's G2 of a 2x2 table, written out."""
    n = o11 + o12 + o21 + o22
    rows, cols = (o11 + o12, o21 + o22), (o11 + o21, o12 + o22)
    cells = ((o11, 0, 0), (o12, 0, 1), (o21, 1, 0), (o22, 1, 1))
    return 2 * sum(o * math.log(o / (rows[r] * cols[c] / n)) for o, r, c in cells if o > 0)


@pytest.fixture()
def new_york(tmp_path):
    # tokens: new york police met . | new york police left . | york is far .  (N = 14)
    return make_corpus(
        tmp_path, {"a": "New York police met. New York police left.", "b": "York is far."}
    )


def test_pair_counts_pmi_and_likelihood_by_hand(new_york):
    out = collocations(new_york, min_freq=2).set_index(["w1", "w2"])
    assert set(out.index) == {("new", "york"), ("york", "police")}
    row = out.loc[("new", "york")]
    assert row[["count", "w1_count", "w2_count", "doc_freq"]].tolist() == [2, 2, 3, 1]
    assert row["pmi"] == pytest.approx(math.log2(2 * 14 / (2 * 3)))
    # new york: 2; new, not york: 0; york, not after new: 1; the rest: 11
    assert row["likelihood_ratio"] == pytest.approx(g2_table(2, 0, 1, 11), rel=1e-6)


def test_pairs_never_cross_a_sentence(new_york):
    out = collocations(new_york, min_freq=1, window=4, drop_stop=False, drop_punct=False)
    pairs = set(zip(out["w1"], out["w2"], strict=True))
    assert ("police", "met") in pairs and ("york", "met") in pairs  # within the window
    assert ("met", "new") not in pairs and (".", "new") not in pairs  # "met. New"
    assert ("left", "york") not in pairs  # across two articles
    assert out.set_index(["w1", "w2"]).loc[("new", "police"), "count"] == 2  # two apart


def test_stop_words_and_punctuation_are_filtered_after_counting(new_york):
    out = collocations(new_york, min_freq=1)
    pairs = set(zip(out["w1"], out["w2"], strict=True))
    assert ("york", "far") not in pairs  # "york is far": never adjacent, "is" stood between
    assert not any(w in {".", "is"} for pair in pairs for w in pair)


def test_adjacent_pairs_match_the_bigram_counts(corpus):
    pairs = collocations(corpus, min_freq=1)
    bigrams = term_frequencies(corpus, n=2)
    assert Counter(
        dict(zip(pairs["w1"] + " " + pairs["w2"], pairs["count"], strict=True))
    ) == Counter(dict(zip(bigrams["term"], bigrams["count"], strict=True)))
    by_doc = term_frequencies(corpus, n=2, by="doc_id").groupby("term").size()
    assert (pairs["w1"] + " " + pairs["w2"]).map(by_doc).tolist() == pairs["doc_freq"].tolist()


def test_sorted_by_the_measure(corpus):
    for measure in ("pmi", "likelihood_ratio", "student_t"):
        out = collocations(corpus, measure=measure)
        assert out[measure].is_monotonic_decreasing
        assert (out["count"] >= 2).all()
    with pytest.raises(ValueError, match="unknown measure"):
        collocations(corpus, measure="t-score")


# --- collocates of one node -----------------------------------------------------------


def test_collocates_by_hand(tmp_path):
    # rebels fought ISIS near raqqa . | ISIS fled , rebels said . | raqqa fell .  (N = 15)
    corpus = make_corpus(
        tmp_path,
        {"a": "Rebels fought ISIS near Raqqa. ISIS fled, rebels said.", "b": "Raqqa fell."},
    )
    out = collocates(corpus, "Islamic State", window=2, min_freq=1).set_index("collocate")
    # windows: rebels fought [ISIS] near raqqa | [ISIS] fled ,  -> 6 tokens
    assert set(out.index) == {"rebels", "fought", "near", "raqqa", "fled"}
    assert out["window_tokens"].unique().tolist() == [6]
    assert out["node_freq"].unique().tolist() == [2]
    raqqa = out.loc["raqqa"]
    assert raqqa[["count", "left", "right", "collocate_freq", "doc_freq"]].tolist() == [
        1,
        0,
        1,
        2,
        1,
    ]
    assert raqqa["pmi"] == pytest.approx(math.log2(1 * 15 / (6 * 2)))
    # in window and raqqa: 1; in window, other: 5; raqqa outside: 1; the rest: 8
    assert raqqa["likelihood_ratio"] == pytest.approx(g2_table(1, 5, 1, 8), rel=1e-6)
    assert out.loc["rebels", ["count", "left", "right"]].tolist() == [1, 1, 0]


def test_a_word_between_two_mentions_counts_once(tmp_path):
    corpus = make_corpus(tmp_path, {"a": "ISIS near ISIS fled. Nothing else here."})
    out = collocates(corpus, "ISIS", window=2, min_freq=1, drop_punct=False)
    near = out.set_index("collocate").loc["near"]
    assert near[["count", "left", "right"]].tolist() == [1, 1, 1]
    assert out["window_tokens"].iloc[0] == 3  # near, fled, "."


def test_one_sided_windows(tmp_path):
    corpus = make_corpus(tmp_path, {"a": "Rebels fought ISIS near Raqqa. Rebels left."})
    left = collocates(corpus, "ISIS", window=2, side="left", min_freq=1)
    right = collocates(corpus, "ISIS", window=2, side="right", min_freq=1)
    assert set(left["collocate"]) == {"rebels", "fought"}
    assert set(right["collocate"]) == {"near", "raqqa"}
    assert (right["left"] == 0).all() and (left["right"] == 0).all()


def test_collocates_on_the_articles(corpus):
    isis = collocates(corpus, "ISIS")
    pd.testing.assert_frame_equal(isis, collocates(corpus, "Islamic State"))
    assert isis["likelihood_ratio"].is_monotonic_decreasing
    assert (isis["doc_freq"] <= isis["count"]).all() and (isis["count"] >= 2).all()
    everything = collocates(corpus, "ISIS", min_freq=1, drop_stop=False, drop_punct=False)
    assert everything["count"].sum() == everything["window_tokens"].iloc[0]
    assert (everything["count"] <= everything["collocate_freq"]).all()
    with pytest.raises(ValueError, match="one token"):
        collocates(corpus, "de facto")
