"""Keyness: G2 and log ratio checked by hand on small integers and hand-made corpora."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
import wordfreq
from scipy.stats import chi2

import corpus_utils as cu
from corpus_utils.stats.keyness import (
    display_forms,
    display_terms,
    english_frequency,
    is_debris,
    keyness,
    keyness_between,
    keyness_between_groups,
    keyness_vs_english,
)


def g2_by_hand(a: float, b: float, c: float, d: float) -> float:
    """Rayson & Garside (2000), written out term by term."""
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    total = 0.0
    if a:
        total += a * math.log(a / e1)
    if b:
        total += b * math.log(b / e2)
    return 2 * total


def make_corpus(tmp_path, texts: dict[str, str]) -> cu.Corpus:
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    corpus = cu.load_corpus(tmp_path)
    for name, text in texts.items():
        assert corpus.text_of(name) == text
    return corpus


# --- the core on count Series ---------------------------------------------------------


def test_g2_log_ratio_and_p_value_for_one_term_by_hand():
    target = pd.Series({"isis": 10, "other": 990})  # 1,000 words
    reference = pd.Series({"isis": 2, "other": 1998})  # 2,000 words
    row = keyness(target, reference).set_index("term").loc["isis"]
    # E1 = 1000 * 12 / 3000 = 4, E2 = 8; G2 = 2 (10 ln(10/4) + 2 ln(2/8))
    expected = 2 * (10 * math.log(10 / 4) + 2 * math.log(2 / 8))
    assert expected == pytest.approx(12.8, abs=0.1)
    assert row["g2"] == pytest.approx(expected)
    assert row["g2"] == pytest.approx(g2_by_hand(10, 2, 1000, 2000))
    assert row["log_ratio"] == pytest.approx(math.log2((10 / 1000) / (2 / 2000)))
    assert row["p_value"] == pytest.approx(chi2.sf(expected, 1))
    assert row["direction"] == "overuse"
    assert row["target_rel"] == pytest.approx(10.0)  # per 1,000 words
    assert row["reference_rel"] == pytest.approx(1.0)
    assert (row["target_count"], row["reference_count"]) == (10, 2)


def test_underuse_and_symmetry():
    t = pd.Series({"a": 3, "b": 97})
    r = pd.Series({"a": 30, "b": 70})
    key = keyness(t, r).set_index("term")
    back = keyness(r, t).set_index("term")
    assert key.loc["a", "direction"] == "underuse"
    assert back.loc["a", "direction"] == "overuse"
    assert key.loc["a", "g2"] == pytest.approx(back.loc["a", "g2"])
    assert key.loc["a", "log_ratio"] == pytest.approx(-back.loc["a", "log_ratio"])
    assert key.loc["a", "g2"] == pytest.approx(g2_by_hand(3, 30, 100, 100))


def test_zero_count_uses_half_a_count_in_the_log_ratio_only():
    t = pd.Series({"new": 5, "x": 995})
    r = pd.Series({"x": 500})
    row = keyness(t, r).set_index("term").loc["new"]
    assert row["reference_count"] == 0
    assert row["log_ratio"] == pytest.approx(math.log2((5 / 1000) / (0.5 / 500)))
    assert row["g2"] == pytest.approx(g2_by_hand(5, 0, 1000, 500))
    assert math.isfinite(row["g2"]) and row["g2"] > 0


def test_explicit_totals_and_sorting_by_signed_g2():
    t = pd.Series({"up": 20, "flat": 10, "down": 1})
    r = pd.Series({"up": 5, "flat": 10, "down": 30})
    out = keyness(t, r, target_total=1000, reference_total=1000)
    assert out["term"].tolist() == ["up", "flat", "down"]
    assert out.set_index("term").loc["flat", "g2"] == pytest.approx(0)
    assert out.set_index("term").loc["flat", "direction"] == "equal"
    up = out.set_index("term").loc["up"]
    assert up["g2"] == pytest.approx(g2_by_hand(20, 5, 1000, 1000))
    by_lr = keyness(t, r, target_total=1000, reference_total=1000, sort_by="log_ratio")
    assert by_lr["log_ratio"].is_monotonic_decreasing


def test_min_count_filters_on_both_sides_together():
    t = pd.Series({"a": 1, "b": 5})
    r = pd.Series({"a": 1, "b": 5, "c": 2})
    assert set(keyness(t, r, min_count=3)["term"]) == {"b"}
    assert set(keyness(t, r, min_count=2)["term"]) == {"a", "b", "c"}


# --- between groups of a corpus -------------------------------------------------------


@pytest.fixture()
def two_folders(tmp_path):
    texts = {
        "kremlin/a1": "Russia struck rebels. Russia struck again.",  # 6 words
        "kremlin/a2": "Russia denied strikes.",  # 3 words
        "pentagon/b1": "The coalition struck ISIS. Russia denied it.",  # 7 words
        "pentagon/b2": "The coalition advanced. The coalition waited.",  # 6 words
    }
    return make_corpus(tmp_path, texts)


def test_keyness_between_folders_by_hand(two_folders):
    key = keyness_between_groups(two_folders, by="folder", target="kremlin", min_count=1).set_index(
        "term"
    )
    # russia: 3 of 9 words in kremlin, 1 of 13 in pentagon (stop words count as words)
    row = key.loc["russia"]
    assert (row["target_count"], row["reference_count"]) == (3, 1)
    assert row["g2"] == pytest.approx(g2_by_hand(3, 1, 9, 13))
    assert row["log_ratio"] == pytest.approx(math.log2((3 / 9) / (1 / 13)))
    assert row["direction"] == "overuse"
    assert (row["target_docs"], row["reference_docs"]) == (2, 1)
    assert (row["target_n_docs"], row["reference_n_docs"]) == (2, 2)
    coalition = key.loc["coalition"]
    assert (coalition["target_count"], coalition["reference_count"]) == (0, 3)
    assert coalition["direction"] == "underuse"
    assert coalition["g2"] == pytest.approx(g2_by_hand(0, 3, 9, 13))
    assert coalition["log_ratio"] == pytest.approx(math.log2((0.5 / 9) / (3 / 13)))
    assert key.index[0] == "russia"  # the strongest overuse first
    assert key.index[-1] == "coalition"  # the strongest underuse last


def test_keyness_between_vs_rest_equals_the_explicit_other_group(two_folders):
    rest = keyness_between_groups(two_folders, by="folder", target="kremlin", min_count=1)
    explicit = keyness_between_groups(
        two_folders, by="folder", target="kremlin", reference="pentagon", min_count=1
    )
    pd.testing.assert_frame_equal(rest, explicit)
    with pytest.raises(ValueError, match="no article"):
        keyness_between_groups(two_folders, by="folder", target="moscow")


def test_keyness_between_outlets_on_the_articles(corpus):
    key = keyness_between_groups(
        corpus, by="outlet", target="Daily Caller News Foundation"
    ).set_index("term")
    dcnf = corpus.docs[corpus.docs["outlet"] == "Daily Caller News Foundation"]["text"]
    others = corpus.docs[corpus.docs["outlet"] != "Daily Caller News Foundation"]["text"]
    pattern = re.compile(r"(?<![\w-])airstrikes(?![\w-])", re.IGNORECASE)
    a = sum(len(pattern.findall(t)) for t in dcnf)
    b = sum(len(pattern.findall(t)) for t in others)
    assert key.loc["airstrikes", ["target_count", "reference_count"]].tolist() == [a, b]
    assert key.loc["airstrikes", "direction"] == "overuse"
    assert key.loc["airstrikes", "target_n_docs"] == 1


# --- against general English ----------------------------------------------------------


def test_keyness_vs_english_reference_is_wordfreq_times_the_notional_size(corpus):
    key = keyness_vs_english(corpus).set_index("term")
    f = wordfreq.word_frequency("syrian", "en")
    row = key.loc["syrian"]
    assert row["reference_count"] == pytest.approx(f * 1e9)
    assert row["reference_rel"] == pytest.approx(f * 1000)
    c = row["target_count"] / row["target_rel"] * 1000  # the corpus' word total
    assert row["g2"] == pytest.approx(g2_by_hand(row["target_count"], f * 1e9, c, 1e9))
    assert row["log_ratio"] == pytest.approx(math.log2(row["target_rel"] / 1000 / f))
    assert row["direction"] == "overuse" and row["in_wordfreq"]


def test_keyness_vs_english_counts_single_words_by_default(corpus):
    key = keyness_vs_english(corpus, min_count=1).set_index("term")
    isis = sum(len(re.findall(r"(?<![\w-])ISIS(?![\w-])", t)) for t in corpus.docs["text"])
    assert key.loc["isis", "target_count"] == isis  # the word, not the merged actor
    assert "ISIS" not in key.index and "islamic" in key.index
    assert (key["lookup_tokens"] >= 1).all()


def test_unknown_words_get_the_floor_and_are_flagged():
    eng = english_frequency(["rudskoi", "the", "u.s.-led coalition"]).set_index("term")
    assert wordfreq.word_frequency("rudskoi", "en") == 0
    assert eng.loc["rudskoi", "frequency"] == 1e-8
    assert not eng.loc["rudskoi", "in_wordfreq"]
    assert eng.loc["the", "frequency"] == wordfreq.word_frequency("the", "en")
    assert eng.loc["u.s.-led coalition", "lookup_tokens"] == 3


def test_reference_size_moves_g2_but_not_the_log_ratio(corpus):
    big = keyness_vs_english(corpus).set_index("term")
    huge = keyness_vs_english(corpus, reference_size=1e12).set_index("term")
    small = keyness_vs_english(corpus, reference_size=1e5).set_index("term")
    assert big["log_ratio"].to_dict() == pytest.approx(huge["log_ratio"].to_dict())
    assert big["log_ratio"].to_dict() == pytest.approx(small["log_ratio"].to_dict())
    # the documented claim: the shortfall from the limit is of the order of a / b,
    # under 0.1% for words wordfreq rates at one in a million or more
    gap = (big["g2"] / huge["g2"].reindex(big.index) - 1).abs()
    assert (gap < 2 * big["target_count"] / big["reference_count"]).all()
    assert (gap[big["reference_count"] >= 1000] < 1e-3).all()
    assert gap.max() < 0.02
    assert small.loc["syrian", "g2"] < big.loc["syrian", "g2"]


def test_merged_actors_are_looked_up_lower_cased(corpus):
    key = keyness_vs_english(corpus, merge_actors=True, min_count=1).set_index("term")
    row = key.loc["U.S.-led coalition"]
    assert row["lookup_tokens"] == 3
    assert row["reference_rel"] == pytest.approx(
        wordfreq.word_frequency("u.s.-led coalition", "en") * 1000
    )


# --- debris and display forms ----------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "debris"),
    [
        ("-and", True),  # a hyphen left at the front
        (".-the", True),
        ("'s", True),  # a clitic split off by the Treebank tokenizer
        ("rebel-", True),
        ("zain/", True),
        ("\ufffd\ufffdthe", True),  # mojibake in front of a word
        ("stayed.-the", True),  # two sentences glued together
        ("2016", True),  # no letter at all
        ("3,000", True),
        ("24/6/2018", True),
        ("said.", True),  # "said" is no abbreviation
        ("russia", False),
        ("u.s.", False),  # an initialism keeps its final period
        ("jan.", False),  # listed in abbreviations.txt
        ("al-qaeda's", False),
        ("U.S.-led coalition", False),
        ("bbc.co.uk", False),
        ("£35bn", False),
        ("syrian -and", True),  # an n-gram with a debris word
        ("battle against ISIS", False),
    ],
)
def test_debris_rule(term, debris):
    assert is_debris(term) is debris


DEBRIS_TEXTS = {
    "kremlin/a": "Troops moved in 2016 -and stayed.-the end. Russia denied it.",
    "pentagon/b": "Russia moved. The army of Russia waited.",
}


def test_keyness_leaves_debris_out_but_counts_it_as_words(tmp_path):
    corpus = make_corpus(tmp_path, DEBRIS_TEXTS)
    kept = keyness_between_groups(corpus, by="folder", target="kremlin", min_count=1).set_index(
        "term"
    )
    raw = keyness_between_groups(
        corpus, by="folder", target="kremlin", min_count=1, drop_debris=False
    )
    raw = raw.set_index("term")
    assert {"-and", "stayed.-the", "2016"} <= set(raw.index)
    assert not {"-and", "stayed.-the", "2016"} & set(kept.index)
    # kremlin: troops moved in 2016 -and stayed.-the end russia denied it = 10 words,
    # debris included; pentagon: russia moved the army of russia waited = 7 words
    assert kept.loc["russia", "target_rel"] == pytest.approx(1 / 10 * 1000)
    assert kept.loc["russia", "reference_rel"] == pytest.approx(2 / 7 * 1000)
    assert kept.loc["russia", "g2"] == pytest.approx(g2_by_hand(1, 2, 10, 7))
    assert kept.loc["russia", "display"] == "Russia"
    english = keyness_vs_english(corpus, min_count=1)
    assert not {"-and", "stayed.-the", "2016"} & set(english["term"])


def test_display_forms_by_hand(tmp_path):
    corpus = make_corpus(
        tmp_path,
        {
            "a": "Officials said Russia struck. Officials met U.S. envoys. The officials left.",
            "b": "Kurdish units met kurdish and Kurdish militias. Meanwhile troops waited.",
        },
    )
    forms = display_forms(corpus)
    # "Officials" twice, but only at sentence starts; "officials" once inside a sentence
    assert forms["officials"] == "officials"
    assert forms["russia"] == "Russia"
    assert forms["u.s."] == "U.S."
    # inside sentences "kurdish" once and "Kurdish" once: a tie goes to lower case
    assert forms["kurdish"] == "kurdish"
    # a word that only ever starts a sentence keeps that form
    assert forms["meanwhile"] == "Meanwhile"
    assert display_terms(["u.s. envoys", "russia", "unseen"], forms) == [
        "U.S. envoys",
        "Russia",
        "unseen",
    ]


def test_display_forms_on_the_articles(corpus):
    key = keyness_vs_english(corpus).set_index("term")
    # by reading: the articles write U.S., Russia and Syrian with capitals
    assert key.loc["u.s.", "display"] == "U.S."
    assert key.loc["russia", "display"] == "Russia"
    assert key.loc["syrian", "display"] == "Syrian"
    merged = keyness_between_groups(corpus, by="outlet", target="Newsweek", min_count=1).set_index(
        "term"
    )
    # an actor keeps its canonical name
    assert merged.loc["U.S.-led coalition", "display"] == "U.S.-led coalition"


def test_the_old_positional_keyness_between_warns_and_gives_the_same_table(two_folders):
    new = keyness_between_groups(
        two_folders, by="folder", target="kremlin", reference="pentagon", min_count=1
    )
    with pytest.warns(DeprecationWarning, match="keyness_between_groups"):
        old = keyness_between(two_folders, "folder", "kremlin", "pentagon", min_count=1)
    pd.testing.assert_frame_equal(old, new)
    with pytest.raises(TypeError, match="positional"):
        keyness_between_groups(two_folders, "folder", "kremlin")  # by is keyword-only


def test_old_token_keywords_and_token_options_give_the_same_table(two_folders):
    from corpus_utils.options import TokenOptions

    old = keyness_between_groups(
        two_folders, by="folder", target="kremlin", min_count=1, drop_stop=False, stem=True
    )
    new = keyness_between_groups(
        two_folders,
        by="folder",
        target="kremlin",
        min_count=1,
        tokens=TokenOptions(drop_stop=False, stem=True),
    )
    pd.testing.assert_frame_equal(old, new)
    assert "the" in set(new["term"])  # stop words kept: "The coalition ..." in pentagon
    with pytest.raises(TypeError, match="unknown token option drop_stops"):
        keyness_between_groups(two_folders, by="folder", target="kremlin", drop_stops=True)
