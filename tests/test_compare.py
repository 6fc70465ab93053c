"""Log-odds with an informative Dirichlet prior, group and voice comparisons, similarity."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

import corpus_utils as cu  # noqa: E402
from corpus_utils import sourceplots  # noqa: E402
from corpus_utils.compare import (  # noqa: E402
    compare,
    compare_groups,
    compare_voices,
    doc_similarity,
    log_odds,
    nearest_docs,
)


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
    words = int((~toks["is_punct"]).sum())
    assert voices_result.attrs["n_a"] + voices_result.attrs["n_b"] == words
    assert voices_result["count"].sum() == words


def test_compare_outlets(corpus):
    r = compare_groups(corpus, "outlet", "Newsweek")
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
    labels = [t.get_text() for t in ax.texts if isinstance(t, Annotation)]
    assert len(labels) == 10
    assert "said" in labels  # the most narration-leaning word, by the counts above


def test_similarity_figure_caps_many_articles(corpus):
    sim = doc_similarity(corpus)
    ax = sourceplots.plot_similarity(sim, docs=corpus.docs, limit=3)
    assert len(ax.get_xticklabels()) == 3
    assert any("only the first 3 of 5" in t.get_text() for t in ax.texts)
    assert ax.get_title()
