"""Log-odds with an informative Dirichlet prior, group and voice comparisons, similarity."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

import corpus_utils as cu  # noqa: E402
from corpus_utils.plots import sourceplots  # noqa: E402
from corpus_utils.report import MIN_GROUP_DOCS  # noqa: E402
from corpus_utils.stats.compare import (  # noqa: E402
    compare,
    compare_groups,
    compare_voices,
    doc_similarity,
    group_size_sentence,
    group_sizes_of,
    log_odds,
    log_odds_between_groups,
    log_odds_by_group,
    nearest_docs,
)
from corpus_utils.stats.keyness import is_debris  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _monroe(ya: float, yb: float, na: float, nb: float, alpha: float, alpha0: float) -> float:
    """z of Monroe, Colaresi and Quinn (2008), eq. 16 and 18, written out by hand."""
    delta = math.log((ya + alpha) / (na + alpha0 - ya - alpha)) - math.log(
        (yb + alpha) / (nb + alpha0 - yb - alpha)
    )
    return delta / math.sqrt(1 / (ya + alpha) + 1 / (yb + alpha))


# --- the formula --------------------------------------------------------------------------

A = {"terrorists": 8, "said": 2, "the": 10}
B = {"terrorists": 1, "said": 9, "the": 10}


def test_log_odds_sign_and_size_on_a_hand_made_pair():
    r = log_odds(A, B).set_index("term")
    # prior = pooled counts: alpha = 9, 11, 20; alpha0 = 40; n_a = n_b = 20
    # terrorists: log(17/43) - log(10/50) = 0.6815; se = sqrt(1/17 + 1/10) = 0.3985
    assert r.loc["terrorists", "delta"] == pytest.approx(0.6815, abs=1e-4)
    assert r.loc["terrorists", "se"] == pytest.approx(0.3985, abs=1e-4)
    assert r.loc["terrorists", "z"] == pytest.approx(1.710, abs=1e-3)
    assert r.loc["terrorists", "z"] == pytest.approx(_monroe(8, 1, 20, 20, 9, 40))
    assert r.loc["said", "z"] == pytest.approx(_monroe(2, 9, 20, 20, 11, 40))
    assert r.loc["said", "z"] < -1.3  # leans to B
    assert r.loc["the", "z"] == pytest.approx(0.0)  # same count on both sides
    assert list(r.index) == ["terrorists", "the", "said"]  # sorted by z, largest first
    assert r["count"].tolist() == [9, 20, 11]


def test_log_odds_with_a_rescaled_prior():
    # a uniform prior rescaled to alpha0 = 3: alpha = 1 for each word
    r = log_odds(A, B, prior={w: 5 for w in A}, alpha0=3).set_index("term")
    assert r.loc["terrorists", "prior"] == pytest.approx(1.0)
    assert r.loc["terrorists", "z"] == pytest.approx(_monroe(8, 1, 20, 20, 1, 3))
    # a weaker prior shrinks less: the z of a lopsided word grows
    assert r.loc["terrorists", "z"] > log_odds(A, B).set_index("term").loc["terrorists", "z"]


def test_log_odds_is_antisymmetric_and_refuses_an_empty_side():
    ab = log_odds(A, B).set_index("term")["z"]
    ba = log_odds(B, A).set_index("term")["z"]
    assert np.allclose(ab.sort_index(), -ba.sort_index())
    with pytest.raises(ValueError, match="at least one word"):
        log_odds(A, {})


# --- on the corpus ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def voices_result(corpus):
    return compare_voices(corpus)


def test_quoted_speech_against_narration(voices_result):
    r = voices_result.set_index("term")
    # by reading: "terrorists" is only ever quoted (Rudskoi, 000); "jihadists" and
    # "said" belong to the reporters' narration
    assert r.loc["terrorists", "count_a"] == 2 and r.loc["terrorists", "count_b"] == 0
    assert r.loc["terrorists", "z"] > 0
    assert r.loc["jihadists", "count_a"] == 0 and r.loc["jihadists", "z"] < 0
    assert r.loc["said", "count_a"] == 0 and r.loc["said", "z"] < 0
    assert voices_result.attrs["a"] == "voice = quote or partial"
    assert voices_result.attrs["b"] == "voice = narration"


def test_voice_sides_add_up_to_the_corpus(corpus, voices_result):
    toks = corpus.tokens()
    words = toks.loc[~toks["is_punct"], "norm"]
    everything = compare_voices(corpus, drop_debris=False)
    assert everything.attrs["n_a"] + everything.attrs["n_b"] == len(words)
    assert everything["count"].sum() == len(words)
    # by default tokenizer debris and numbers ("'s", "2015", "3,000") are left out
    debris = int(sum(is_debris(w) for w in words))
    assert debris > 0
    assert voices_result.attrs["n_a"] + voices_result.attrs["n_b"] == len(words) - debris
    assert not voices_result["term"].map(is_debris).any()


def test_compare_outlets(corpus):
    r = log_odds_between_groups(corpus, by="outlet", a="Newsweek")
    assert r.attrs["b"] == "the rest"
    t = r.set_index("term")
    # by reading: the Daily Caller piece never writes "said"; it uses "according to"
    # three times in 265 words against six times in Newsweek's 2,743
    assert t.loc["said", "count_b"] == 0 and t.loc["said", "z"] > 0
    assert t.loc["according", "count_b"] == 3 and t.loc["according", "z"] < 0


def test_compare_voices_within_one_outlet(corpus):
    r = compare_voices(corpus, within={"outlet": "Daily Caller News Foundation"})
    # 004 quotes one sentence of 17 words: "Russian fighter jets destroyed ... attack,"
    assert r.attrs["n_a"] == 17
    assert r.attrs["within"] == "outlet = Daily Caller News Foundation"


def test_compare_refuses_an_empty_selection(corpus):
    with pytest.raises(ValueError, match="nothing to compare"):
        compare(corpus, {"outlet": "No Such Outlet"})


# --- many groups, each against the rest ---------------------------------------------------

THREE_FOLDERS = {
    "a/a1": "Rebels rebels army.",
    "a/a2": "Rebels oil.",
    "b/b1": "Army army oil.",
    "c/c1": "Oil oil rebels army.",
}


def _folder_corpus(tmp_path, texts):
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return cu.load_corpus(tmp_path)


def test_log_odds_by_group_by_hand(tmp_path):
    c = _folder_corpus(tmp_path, THREE_FOLDERS)
    r = log_odds_by_group(c, by="folder", min_count=1, min_docs=2)
    # counts: a: rebels 3, army 1, oil 1 (5 words); b: army 2, oil 1 (3); c: oil 2,
    # rebels 1, army 1 (4). Every word is used 4 times: alpha_w = 4, alpha_0 = 12.
    row = r.set_index(["group", "term"]).loc[("a", "rebels")]
    # a vs the rest: y_i = 3, n_i = 5; y_j = 1, n_j = 7
    # delta = log((3 + 4) / (5 + 12 - 3 - 4)) - log((1 + 4) / (7 + 12 - 1 - 4))
    delta = math.log(7 / 10) - math.log(5 / 14)
    assert row["log_odds"] == pytest.approx(delta)
    assert row["log_odds_weighted"] == pytest.approx(delta / math.sqrt(1 / 7 + 1 / 5))
    assert row["log_odds_weighted"] == pytest.approx(1.1493, abs=1e-4)
    assert (row["count_in_group"], row["count_rest"], row["docs_in_group"]) == (3, 1, 2)
    assert (row["n_docs_in_group"], row["n_words_in_group"]) == (2, 5)
    assert row["display"] == "rebels"
    # c, oil: y_i = 2, n_i = 4, y_j = 2, n_j = 8: log(6/10) - log(6/14), se sqrt(1/6 + 1/6)
    oil = r.set_index(["group", "term"]).loc[("c", "oil"), "log_odds_weighted"]
    assert oil == pytest.approx(math.log(14 / 10) / math.sqrt(1 / 3))
    # b never writes "rebels": no row; groups largest first, words by z
    assert ("b", "rebels") not in set(zip(r["group"], r["term"], strict=True))
    assert r["group"].drop_duplicates().tolist() == ["a", "b", "c"]
    # in a, army and oil have the same counts (1 of 5, 3 in the rest): a tie, by name
    assert r[r["group"] == "a"]["term"].tolist() == ["rebels", "army", "oil"]
    # b and c have one article each, fewer than min_docs = 2
    assert r.groupby("group")["too_small"].first().to_dict() == {"a": False, "b": True, "c": True}
    sizes = group_sizes_of(r)
    assert sizes.to_dict("list") == {
        "group": ["a", "b", "c"],
        "n_docs": [2, 1, 1],
        "n_words": [5, 3, 4],
        "too_small": [False, True, True],
    }


def test_log_odds_by_group_agrees_with_the_two_group_formula(tmp_path):
    c = _folder_corpus(tmp_path, THREE_FOLDERS)
    r = log_odds_by_group(c, by="folder", min_count=1)
    a = {"rebels": 3, "army": 1, "oil": 1}
    rest = {"rebels": 1, "army": 3, "oil": 3}
    two = log_odds(a, rest, prior={"rebels": 4, "army": 4, "oil": 4}).set_index("term")["z"]
    mine = r[r["group"] == "a"].set_index("term")["log_odds_weighted"]
    assert mine.sort_index().to_numpy() == pytest.approx(two.sort_index().to_numpy())


def test_log_odds_by_group_leaves_missing_groups_out(tmp_path):
    c = _folder_corpus(tmp_path, {**THREE_FOLDERS, "c/c2": "Oil oil oil army."})
    by = c.docs.set_index("doc_id")["folder"].copy()
    by["c/c2"] = "(unknown)"
    r = log_odds_by_group(c, by=by, min_count=1, min_docs=2)
    assert r.attrs["n_missing_docs"] == 1
    assert set(r["group"]) == {"a", "b", "c"}  # never a group called "(unknown)"
    # the article without a group is out of the prior too: the hand numbers stand
    row = r.set_index(["group", "term"]).loc[("a", "rebels")]
    assert row["log_odds_weighted"] == pytest.approx(1.1493, abs=1e-4)
    assert r.set_index(["group", "term"]).loc[("c", "oil"), "count_in_group"] == 2


def test_log_odds_by_group_on_a_label_column(tmp_path):
    rows = [
        ("l1", "Left Post", "left", "Workers rallied. Unions marched."),
        ("l2", "Left Post", "left", "Unions rallied again."),
        ("c1", "Centre Times", "centre", "Parliament voted. Parliament adjourned."),
        ("r1", "Right Daily", "right", "Taxes fell. Markets rallied."),
        ("r2", "Right Daily", "right", "Markets rose as taxes fell."),
        ("x1", "Other Wire", "", "Unions and markets rallied."),
    ]
    path = tmp_path / "leaning.csv"
    pd.DataFrame(rows, columns=["doc_id", "outlet", "leaning", "text"]).to_csv(path, index=False)
    c = cu.load_corpus(path)
    r = log_odds_by_group(c, by="leaning", min_count=1)
    assert r.attrs["by"] == "leaning" and r.attrs["n_missing_docs"] == 1
    assert r["group"].drop_duplicates().tolist() == ["left", "right", "centre"]
    t = r.set_index(["group", "term"])["log_odds_weighted"]
    # "unions" is used only on the left (3 times; x1 has no leaning), "markets" only on
    # the right (2 times): each leans to its own side, against the rest
    assert t[("left", "unions")] > 0 and t[("right", "markets")] > 0
    assert ("right", "unions") not in t.index
    # the package rule: fewer than MIN_GROUP_DOCS articles is too small to say anything
    assert r.attrs["min_docs"] == MIN_GROUP_DOCS
    assert r["too_small"].all()  # 2, 2 and 1 articles
    by_outlet = log_odds_by_group(c, by="outlet", min_count=1, min_docs=2)
    assert set(by_outlet["group"]) == {"Left Post", "Centre Times", "Right Daily", "Other Wire"}


def test_group_size_sentence(tmp_path):
    c = _folder_corpus(tmp_path, {**THREE_FOLDERS, "c/c2": "Oil oil oil army."})
    by = c.docs.set_index("doc_id")["folder"].copy()
    by["c/c2"] = None
    r = log_odds_by_group(c, by=by.rename("section"), min_count=1, min_docs=2)
    assert group_size_sentence(r) == (
        "3 sections compared, each against all the others; 2 have fewer than 2 articles "
        "and are shown as too small to say anything: b (1), c (1); 1 article with no "
        "section is left out."
    )


def test_log_odds_by_group_needs_two_groups(tmp_path):
    c = _folder_corpus(tmp_path, {"a/a1": "Rebels army.", "a/a2": "Oil army."})
    with pytest.raises(ValueError, match="two groups or more; found 1"):
        log_odds_by_group(c, by="folder")
    with pytest.raises(KeyError, match="no document column"):
        log_odds_by_group(c, by="leaning")


# --- similarity ------------------------------------------------------------------------------


def test_similarity_of_the_five_articles(corpus):
    sim = doc_similarity(corpus)
    assert sim.shape == (5, 5)
    assert list(sim.index) == list(corpus.docs["doc_id"])
    assert np.allclose(np.diag(sim), 1.0)
    assert np.allclose(sim.to_numpy(), sim.to_numpy().T)
    assert ((sim.to_numpy() > 0) & (sim.to_numpy() <= 1 + 1e-9)).all()


def test_similarity_on_hand_made_articles(tmp_path):
    (tmp_path / "a.txt").write_text("Rebels shelled the airport near Aleppo.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Near Aleppo the airport rebels shelled.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Monsoon floods closed schools in Dhaka.", encoding="utf-8")
    c = cu.load_corpus(tmp_path)
    sim = doc_similarity(c)
    assert sim.loc["a", "b"] == pytest.approx(1.0)  # the same words in another order
    assert sim.loc["a", "c"] == pytest.approx(0.0)  # no word in common
    nn = nearest_docs(c, k=1)
    assert nn.set_index("doc_id").loc["a", "other"] == "b"
    with pytest.raises(ValueError, match="nearest_docs"):
        doc_similarity(c, max_docs=2)


def test_nearest_docs_agrees_with_the_square_table(corpus):
    sim = doc_similarity(corpus)
    nn = nearest_docs(corpus, k=2)
    assert len(nn) == 10
    for doc_id, rank, other, s in nn.itertuples(index=False):
        assert s == pytest.approx(sim.loc[doc_id, other])
        row = sim.loc[doc_id].drop(doc_id).sort_values(ascending=False)
        assert other == row.index[rank - 1]


# --- figures ---------------------------------------------------------------------------------


def test_log_odds_figure(voices_result):
    ax = sourceplots.plot_log_odds(voices_result, top=5, min_count=1)
    assert isinstance(ax, Axes)
    assert "quote or partial" in ax.get_title() and "narration" in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()
    labels = [t.get_text() for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch]
    assert len(labels) == 10
    assert "said" in labels  # the most narration-leaning word, by the counts above


def test_similarity_figure_caps_many_articles(corpus):
    sim = doc_similarity(corpus)
    ax = sourceplots.plot_similarity(sim, docs=corpus.docs, limit=3)
    assert len(ax.get_xticklabels()) == 3
    assert "only the first 3 of 5" in ax.get_title()  # in the title, clear of the tick labels
    assert ax.get_title()


def test_the_old_positional_compare_groups_warns_and_gives_the_same_table(corpus):
    new = log_odds_between_groups(corpus, by="outlet", a="Newsweek", drop_stop=True)
    with pytest.warns(DeprecationWarning, match="log_odds_between_groups"):
        old = compare_groups(corpus, "outlet", "Newsweek", drop_stop=True)
    pd.testing.assert_frame_equal(old, new)
    assert old.attrs == new.attrs


def test_compare_selects_only_voice_and_document_columns(corpus):
    with pytest.raises(KeyError, match="cannot select on 'is_name'"):
        compare(corpus, {"is_name": True})
    with pytest.raises(ValueError, match="only 'norm'"):
        compare(corpus, {"outlet": "Newsweek"}, term="token")
