"""Term frequencies, n-grams, tf-idf, dispersion and Zipf tables.

Expected counts come from regular expressions over ``corpus.docs.text`` or from small
hand-made corpora whose words are counted by hand, never from the code under test.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

import corpus_utils as cu
from corpus_utils import resources
from corpus_utils.stats.frequency import (
    RATE_PER,
    dispersion,
    term_frequencies,
    term_occurrences,
    tfidf,
    top_tfidf,
    zipf_table,
)

# Every way the articles name ISIS, as the actor lexicon lists them: the acronyms only in
# upper case, the names in any case; a token boundary is not a letter, digit or hyphen
# (the tokenizer keeps "ISIS-held" as one word).
ISIS = re.compile(
    r"(?<![\w-])(?:ISIS|ISIL|IS)(?![\w-])|(?<![\w-])(?i:islamic\s+state|daesh)(?![\w-])"
)


def actor_names() -> re.Pattern[str]:
    """Every variant in the actor lexicon (the data file), as a regex over the text.

    Words inside an actor name become part of one actor token ("the" in "Ministry of
    Defense of the Russian Federation"), so the word counts below leave them out.
    """
    parts = []
    for variant, case_sensitive in sorted(
        zip(resources.actors()["variant"], resources.actors()["case_sensitive"], strict=True),
        key=lambda vc: -len(vc[0]),
    ):
        body = re.escape(variant).replace("'", "['’]").replace(r"\ ", r"\s+")
        parts.append(body if case_sensitive else f"(?i:{body})")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


ACTOR_NAMES = actor_names()


def word(w: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'’-]){re.escape(w)}(?![\w-])", re.IGNORECASE)


def count_outside_actors(pattern: re.Pattern[str], text: str) -> int:
    inside = [m.span() for m in ACTOR_NAMES.finditer(text)]
    return sum(1 for m in pattern.finditer(text) if not any(a <= m.start() < b for a, b in inside))


def make_corpus(tmp_path, texts: dict[str, str]) -> cu.Corpus:
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    corpus = cu.load_corpus(tmp_path)
    for name, text in texts.items():  # the hand-made texts are bodies, with no headline
        assert corpus.text_of(name) == text
    return corpus


def per_doc(table: pd.DataFrame, term: str, doc_ids) -> dict[str, int]:
    s = table[table["term"] == term].set_index("doc_id")["count"]
    return {d: int(s.get(d, 0)) for d in doc_ids}


@pytest.fixture(scope="module")
def by_doc(corpus):
    return term_frequencies(corpus, by="doc_id", drop_stop=False)


# --- counts on the five articles ------------------------------------------------------


def test_isis_per_article_matches_a_regex_over_the_text(corpus, by_doc):
    expected = {
        d: len(ISIS.findall(t))
        for d, t in zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True)
    }
    assert sum(expected.values()) > 30  # the pattern finds the mentions at all
    assert per_doc(by_doc, "ISIS", corpus.docs["doc_id"]) == expected


def test_isis_overall_count_and_document_frequency(corpus):
    texts = corpus.docs["text"]
    counts = [len(ISIS.findall(t)) for t in texts]
    row = term_frequencies(corpus).set_index("term").loc["ISIS"]
    assert row["count"] == sum(counts)
    assert row["doc_freq"] == sum(c > 0 for c in counts)
    assert row["n_docs"] == len(texts) == 5
    assert row["doc_share"] == pytest.approx(row["doc_freq"] / 5)


@pytest.mark.parametrize("term", ["russia", "syrian", "coalition", "said"])
def test_plain_words_per_article_match_a_case_insensitive_whole_word_regex(corpus, by_doc, term):
    expected = {
        d: count_outside_actors(word(term), t)
        for d, t in zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True)
    }
    assert sum(expected.values()) > 0
    assert per_doc(by_doc, term, corpus.docs["doc_id"]) == expected


def test_russia_inside_an_actor_name_is_not_counted_as_russia(corpus, by_doc):
    d002 = "002_2c5ac41f2e091863"
    text = corpus.text_of(d002)
    assert re.search(r"(?i)russia['’]s defense ministry", text)
    assert per_doc(by_doc, "russia", [d002])[d002] == len(word("russia").findall(text)) - 1


def test_stop_words_are_counted_only_when_asked(corpus, by_doc):
    the = sum(count_outside_actors(word("the"), t) for t in corpus.docs["text"])
    assert the > 200
    assert by_doc.loc[by_doc["term"] == "the", "count"].sum() == the
    kept = term_frequencies(corpus)
    stop = resources.stopwords()
    assert not kept["term"].str.lower().isin(stop).any()
    assert not kept["term"].map(lambda t: all(not ch.isalnum() for ch in t)).any()


def test_rel_freq_is_per_thousand_words_of_the_group(corpus):
    tf = term_frequencies(corpus, by="doc_id", merge_actors=False)
    words = corpus.overview()["words"]  # word tokens, actor names word by word
    n_words = tf.groupby("doc_id")["n_words"].first()
    assert n_words.to_dict() == words.to_dict()
    assert np.allclose(tf["rel_freq"], tf["count"] / tf["n_words"] * 1000)
    assert RATE_PER == 1000


def test_grouped_counts_add_up_to_the_overall_counts(corpus):
    overall = term_frequencies(corpus).set_index("term")
    outlet = term_frequencies(corpus, by="outlet")
    summed = outlet.groupby("term")[["count", "doc_freq"]].sum()
    assert summed["count"].to_dict() == overall["count"].to_dict()
    assert summed["doc_freq"].to_dict() == overall["doc_freq"].to_dict()
    n_docs = outlet.groupby("outlet")["n_docs"].first()
    assert n_docs.to_dict() == corpus.docs["outlet"].value_counts().to_dict()
    assert set(outlet.columns[:2]) == {"outlet", "term"}


def test_grouping_by_a_year_series(corpus):
    year = corpus.docs.set_index("doc_id")["published_start"].dt.year.rename("year")
    tf = term_frequencies(corpus, by=year)
    assert tf.columns[0] == "year"
    assert tf.groupby("year")["n_docs"].first().to_dict() == year.value_counts().to_dict()
    isis_2017 = sum(
        len(ISIS.findall(t))
        for t, y in zip(corpus.docs["text"], year.to_numpy(), strict=True)
        if y == 2017
    )
    assert tf[(tf["year"] == 2017) & (tf["term"] == "ISIS")]["count"].item() == isis_2017


def test_unknown_group_column_is_a_clear_error(corpus):
    with pytest.raises(KeyError, match="no document column"):
        term_frequencies(corpus, by="publisher")


def test_sorted_by_count_then_term_and_min_count(corpus):
    tf = term_frequencies(corpus, min_count=3)
    assert (tf["count"] >= 3).all()
    keys = list(zip(-tf["count"], tf["term"], strict=True))
    assert keys == sorted(keys)
    assert term_frequencies(corpus).equals(term_frequencies(corpus))


# --- hand-made corpora ----------------------------------------------------------------


def test_counts_and_denominators_on_a_hand_made_corpus(tmp_path):
    corpus = make_corpus(
        tmp_path,
        {
            "a": "Alpha beta alpha. The alpha gamma!",  # 6 words, 3 alpha
            "b": "Beta beta, delta.",  # 3 words
        },
    )
    tf = term_frequencies(corpus, by="doc_id").set_index(["doc_id", "term"])
    assert tf.loc[("a", "alpha"), "count"] == 3
    assert tf.loc[("a", "alpha"), "n_words"] == 6  # "the" counts as a word
    assert tf.loc[("a", "alpha"), "rel_freq"] == pytest.approx(3 / 6 * 1000)
    assert tf.loc[("b", "beta"), "count"] == 2
    assert ("a", "the") not in tf.index
    overall = term_frequencies(corpus).set_index("term")
    assert overall.loc["beta", ["count", "doc_freq", "n_docs", "n_words"]].tolist() == [3, 2, 2, 9]
    assert overall.loc["delta", "doc_share"] == 0.5


def test_ngrams_never_span_a_sentence_or_punctuation(tmp_path):
    corpus = make_corpus(
        tmp_path,
        {
            "a": "The rebels will end. Start talks now.\n\nTalks end, start again.",
            "b": "Rebels end start talks. Rebels end start talks.",
        },
    )
    bigrams = term_frequencies(corpus, n=2, by="doc_id")
    a = set(bigrams.loc[bigrams["doc_id"] == "a", "term"])
    assert "end start" not in a  # "end. Start" and "end, start"
    assert {"start talks", "talks end"} <= a
    b = bigrams[bigrams["doc_id"] == "b"].set_index("term")["count"]
    assert b.to_dict() == {"end start": 2, "rebels end": 2, "start talks": 2}
    assert "talks rebels" not in b  # "talks. Rebels"
    for occ in term_occurrences(corpus, n=2).itertuples(index=False):
        sent = corpus.sentences.set_index(["doc_id", "sent_id"]).loc[(occ.doc_id, occ.sent_id)]
        assert sent["start"] <= occ.start < occ.end <= sent["end"]


def test_ngrams_drop_stop_words_at_the_edges_only(tmp_path):
    corpus = make_corpus(tmp_path, {"a": "Battle against Raqqa began. The battle against Raqqa."})
    bi = term_frequencies(corpus, n=2).set_index("term")["count"].to_dict()
    tri = term_frequencies(corpus, n=3).set_index("term")["count"].to_dict()
    assert bi == {"raqqa began": 1}  # "battle against", "against raqqa", "the battle" dropped
    assert tri == {"battle against raqqa": 2}  # a stop word inside is kept
    with_stop = term_frequencies(corpus, n=2, drop_stop=False).set_index("term")["count"]
    assert with_stop["the battle"] == 1 and with_stop["against raqqa"] == 2


def test_bigram_counts_on_the_articles_match_a_regex(corpus):
    bigrams = term_frequencies(corpus, n=2).set_index("term")
    de_facto = sum(len(re.findall(r"(?i)\bde facto\b", t)) for t in corpus.docs["text"])
    assert de_facto == 2
    assert bigrams.loc["de facto", "count"] == de_facto
    human_rights = sum(
        count_outside_actors(re.compile(r"(?i)\bhuman rights\b"), t) for t in corpus.docs["text"]
    )  # "Syrian Observatory for Human Rights" is the actor SOHR, not the bigram
    assert human_rights == 3
    assert bigrams.loc["human rights", "count"] == human_rights


def test_term_occurrences_slice_back_to_the_text(corpus):
    occ = term_occurrences(corpus, n=2)
    hits = occ[occ["term"] == "syrian military"]
    assert len(hits) > 0
    for row in hits.itertuples(index=False):
        assert corpus.text_of(row.doc_id)[row.start : row.end].lower() == "syrian military"


@pytest.mark.parametrize("n", [1, 2, 3])
def test_term_occurrences_of_some_terms_are_those_rows_of_all(corpus, n):
    every = term_occurrences(corpus, n=n)
    counts = every["term"].value_counts()
    # a frequent term, a rare one, an actor name with a space in it (n=1), one unknown
    asked = [counts.index[0], counts.index[-1], "Syrian Observatory for Human Rights", "zz qq"]
    some = term_occurrences(corpus, n=n, terms=asked)
    expected = every[every["term"].isin(asked)].reset_index(drop=True)
    assert len(some) > 0
    pd.testing.assert_frame_equal(some, expected)
    assert term_occurrences(corpus, n=n, terms=[]).empty


def test_stem_merges_inflections(corpus):
    stems = term_frequencies(corpus, stem=True).set_index("term")["count"]
    pattern = re.compile(r"(?<![\w'’-])attack(?:s|ed|ing|er|ers)?(?![\w-])", re.IGNORECASE)
    assert stems["attack"] == sum(len(pattern.findall(t)) for t in corpus.docs["text"])


# --- tf-idf ---------------------------------------------------------------------------


def test_tfidf_agrees_with_scikit_learn_on_a_hand_made_case(tmp_path):
    texts = {
        "a": "Rebels attacked convoys near Aleppo. Rebels retreated.",
        "b": "Aircraft attacked rebels near Idlib.",
        "c": "Convoys moved north. Aircraft returned.",
    }
    corpus = make_corpus(tmp_path, texts)
    ours = tfidf(corpus).set_index(["doc_id", "term"])
    vec = TfidfVectorizer()  # scikit-learn's own tokenizer: the words are simple here
    matrix = vec.fit_transform(list(texts.values())).toarray()
    vocab = vec.get_feature_names_out()
    expected = {
        (doc, term): matrix[i, j]
        for i, doc in enumerate(texts)
        for j, term in enumerate(vocab)
        if matrix[i, j] > 0
    }
    assert set(ours.index) == set(expected)
    for key, value in expected.items():
        assert ours.loc[key, "tfidf"] == pytest.approx(value)
    # idf by hand: ln((1 + n) / (1 + df)) + 1
    assert ours.loc[("a", "rebels"), "idf"] == pytest.approx(math.log(4 / 3) + 1)
    assert ours.loc[("a", "aleppo"), "idf"] == pytest.approx(math.log(4 / 2) + 1)
    assert ours.loc[("a", "rebels"), ["tf", "df"]].tolist() == [2, 2]


def test_tfidf_rows_have_unit_length_and_top_k(corpus):
    scores = tfidf(corpus)
    norms = scores.groupby("doc_id")["tfidf"].apply(lambda s: float(np.sqrt((s**2).sum())))
    assert np.allclose(norms, 1.0)
    top = top_tfidf(scores, k=3)
    assert top.groupby("doc_id").size().tolist() == [3] * 5
    assert top["rank"].tolist() == [1, 2, 3] * 5
    for doc_id, group in top.groupby("doc_id"):
        best = scores[scores["doc_id"] == doc_id]["tfidf"].max()
        assert group["tfidf"].iloc[0] == best


def test_tfidf_by_outlet_treats_each_outlet_as_a_document(corpus):
    scores = tfidf(corpus, by="outlet")
    assert set(scores["outlet"]) == set(corpus.docs["outlet"])
    assert scores["df"].max() == 2
    syrian = scores[scores["term"] == "syrian"].set_index("outlet")["tf"]
    by_outlet = {
        o: sum(count_outside_actors(word("syrian"), t) for t in g["text"])
        for o, g in corpus.docs.groupby("outlet")
    }
    assert syrian.to_dict() == by_outlet


# --- dispersion and Zipf --------------------------------------------------------------


def test_dispersion_rows_positions_and_order(corpus):
    disp = dispersion(corpus, ["ISIS", "de facto"])
    assert (disp["term"] == "ISIS").sum() == sum(len(ISIS.findall(t)) for t in corpus.docs["text"])
    assert (disp["term"] == "de facto").sum() == 2
    for row in disp.itertuples(index=False):
        node = corpus.text_of(row.doc_id)[row.start : row.end]
        assert ISIS.fullmatch(node) if row.term == "ISIS" else node.lower() == "de facto"
    assert disp["rel_pos"].between(0, 1).all()
    dates = corpus.docs.sort_values("published_start")["doc_id"].tolist()
    ranks = disp.drop_duplicates("doc_id").set_index("doc_id")["doc_rank"]
    assert all(ranks[d] == dates.index(d) for d in ranks.index)
    assert disp["doc_rank"].is_monotonic_increasing


def test_dispersion_positions_on_a_hand_made_text(tmp_path):
    corpus = make_corpus(tmp_path, {"a": "Alpha, beta gamma. Delta alpha."})
    disp = dispersion(corpus, "alpha", order_by=None)
    assert disp["position"].tolist() == [0, 4]  # words only: the comma does not count
    assert disp["rel_pos"].tolist() == [0.0, 1.0]
    assert disp["n_words"].tolist() == [5, 5]


def test_zipf_table(corpus):
    z = zipf_table(corpus)
    assert z["rank"].tolist() == list(range(1, len(z) + 1))
    assert z["count"].is_monotonic_decreasing
    assert z["term"].iloc[0] == "the"
    tf = term_frequencies(corpus, drop_stop=False)
    assert z["count"].sum() == tf["n_words"].iloc[0]  # every word token is ranked


@pytest.mark.parametrize("by", ["doc_id", "outlet"])
def test_tfidf_rows_are_in_group_score_term_order(corpus, by):
    # the order comes from the matrix's row and column numbers; it must be the order of
    # the values: group, tf-idf (highest first), then term alphabetically
    scores = tfidf(corpus, by=by)
    by_value = scores.sort_values(
        [by, "tfidf", "term"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)
    pd.testing.assert_frame_equal(scores, by_value)
    assert scores[by].is_monotonic_increasing
