"""Topic models: units traceable to the text, nothing dropped silently, fixed seeds,
hand-computed NPMI and relevance, topic matching, and recovery of planted topics.

Synthetic corpora are written by the tests themselves: two clearly separated
vocabularies (football and cooking) that a topic model must split exactly, and a corpus
of random words in which no topic is real, so stability must come out low.
"""

from __future__ import annotations

import math
import sys

import matplotlib
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

import corpus_utils as cu
from corpus_utils import topics
from corpus_utils.plots import topicplots

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Perfectly separated toy vocabularies make NMF's coordinate descent creep towards exact
# zeros until max_iter; the fit is already exact (the tests check it), so the warning is noise.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Maximum number of iterations:sklearn.exceptions.ConvergenceWarning"
)

FOOTBALL = (
    "goal striker referee penalty midfield keeper league match stadium coach defender "
    "corner offside tackle season fans scored winger captain trophy"
).split()
COOKING = (
    "oven flour butter garlic recipe simmer sauce onion pepper roast dough knife bake salt "
    "pan stir chef kitchen lemon herbs"
).split()


def _article(rng: np.random.Generator, vocab: list[str]) -> str:
    """Three paragraphs of two sentences of 6-9 words drawn from ``vocab``."""
    paras = []
    for _ in range(3):
        sents = [
            " ".join(rng.choice(vocab, size=rng.integers(6, 10))).capitalize() + "."
            for _ in range(2)
        ]
        paras.append(" ".join(sents))
    return "\n\n".join(paras) + "\n"


def _write(root, groups: dict[str, tuple[list[str], int]], seed: int = 0):
    rng = np.random.default_rng(seed)
    for folder, (vocab, n) in groups.items():
        (root / folder).mkdir(parents=True)
        for i in range(n):
            (root / folder / f"{i:03d}.txt").write_text(_article(rng, vocab), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def separated(tmp_path_factory) -> cu.Corpus:
    root = tmp_path_factory.mktemp("separated")
    return cu.load_corpus(_write(root, {"football": (FOOTBALL, 30), "cooking": (COOKING, 30)}))


@pytest.fixture(scope="module")
def random_words(tmp_path_factory) -> cu.Corpus:
    rng = np.random.default_rng(1)
    cons, vow = list("bcdfghklmnprstvz"), list("aeiou")
    words = sorted(
        {"".join([*rng.choice(cons, 2), rng.choice(vow), *rng.choice(cons, 2)]) for _ in range(400)}
    )[:200]
    root = tmp_path_factory.mktemp("random")
    return cu.load_corpus(_write(root, {"noise": (words, 60)}, seed=2))


@pytest.fixture(scope="module")
def seed_model(corpus) -> topics.TopicModel:
    return topics.fit_topics(corpus, k=4)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- units


def test_paragraph_units_are_the_corpus_paragraphs_and_slice_back(corpus):
    units = topics.topic_units(corpus)
    paras = corpus.paragraphs
    assert len(units) == len(paras)
    assert units["unit_id"].tolist() == list(range(len(paras)))
    assert list(zip(units["doc_id"], units["para_id"], strict=True)) == list(
        zip(paras["doc_id"], paras["para_id"], strict=True)
    )
    for row in units.itertuples(index=False):
        assert corpus.text_of(row.doc_id)[row.start : row.end] == row.text
    outlet = corpus.docs.set_index("doc_id")["outlet"]
    assert (units["outlet"].to_numpy() == units["doc_id"].map(outlet).to_numpy()).all()


def test_sentence_windows_cover_every_sentence_once(corpus):
    units = topics.topic_units(corpus, unit="sentences", window=3)
    sents = corpus.sentences
    per_doc = sents.groupby("doc_id").size()
    assert len(units) == sum(math.ceil(n / 3) for n in per_doc)
    assert (units["sent_end"] - units["sent_id"]).between(1, 3).all()
    assert (units["sent_end"] - units["sent_id"]).sum() == len(sents)
    first = sents.set_index(["doc_id", "sent_id"])
    for row in units.itertuples(index=False):
        assert row.sent_id % 3 == 0
        assert corpus.text_of(row.doc_id)[row.start : row.end] == row.text
        assert first.loc[(row.doc_id, row.sent_id), "start"] == row.start
        assert first.loc[(row.doc_id, row.sent_end - 1), "end"] == row.end


def test_document_units_are_the_articles(corpus):
    units = topics.topic_units(corpus, unit="document", metadata=["outlet"])
    assert units["doc_id"].tolist() == corpus.docs["doc_id"].tolist()
    assert units["text"].tolist() == corpus.docs["text"].tolist()
    assert (units["start"] == 0).all()
    assert list(units.columns) == ["unit_id", "doc_id", "text", "start", "end", "outlet"]


def test_unknown_unit_kind_is_an_error(corpus):
    with pytest.raises(ValueError, match="unit must be one of"):
        topics.topic_units(corpus, unit="chapter")


def test_terms_leave_out_stop_words_punctuation_numbers_and_short_tokens(tmp_path):
    (tmp_path / "a.txt").write_text(
        "The Syrian Democratic Forces said 850 fighters, x and ISIS fled in 2017.\n",
        encoding="utf-8",
    )
    prepared = topics.prepare_units(cu.load_corpus(tmp_path))
    assert prepared.terms == [["SDF", "said", "fighters", "ISIS", "fled"]]
    assert prepared.units["n_terms"].tolist() == [5]
    kept = topics.prepare_units(cu.load_corpus(tmp_path), drop_numbers=False, min_len=1)
    assert kept.terms == [["SDF", "said", "850", "fighters", "x", "ISIS", "fled", "2017"]]
    own = topics.prepare_units(cu.load_corpus(tmp_path), stopwords=(w for w in ["SAID", "the"]))
    assert own.terms == [["SDF", "fighters", "and", "ISIS", "fled", "in"]]
    assert own.options["stopwords"] == "custom list (2 words)"


# sklearn's reconstruction error on a 4-unit matrix can round to a tiny negative number
@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
def test_every_unit_is_modelled_or_excluded_with_its_reason(tmp_path):
    football = " ".join(FOOTBALL[:8]).capitalize() + "."
    cooking = " ".join(COOKING[:8]).capitalize() + "."
    (tmp_path / "a.txt").write_text(
        f"{football}\n\nIt was 2017 and we were there.\n\n{cooking}\n\nZyzzyva quokka.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(f"{cooking}\n\n{football}\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(f"{cooking}\n\n{football}\n", encoding="utf-8")  # = b
    corpus = cu.load_corpus(tmp_path)
    tm = topics.fit_topics(corpus, k=2, min_df=2, max_df=1.0)
    units = tm.units
    assert len(units) == len(corpus.paragraphs) == 8
    assert len(tm.modelled) + len(tm.excluded) == len(units)
    reason = dict(zip(units["text"], units["excluded"], strict=True))
    assert "no content words" in reason["It was 2017 and we were there."]
    assert "vocabulary (min_df=2" in reason["Zyzzyva quokka."]
    dup = units[units["doc_id"] == "c"]
    assert dup["excluded"].str.contains("duplicate of b").all()
    assert tm.unit_topics.index.tolist() == tm.modelled["unit_id"].tolist()
    assert tm.modelled["doc_id"].tolist() == ["a", "a", "b", "b"]
    assert tm.excluded["topic"].isna().all()
    assert tm.params["units_excluded"] == 4
    kept = topics.fit_topics(corpus, k=2, min_df=2, max_df=1.0, drop_duplicates=False)
    assert kept.modelled["doc_id"].tolist() == ["a", "a", "b", "b", "c", "c"]


def test_sentence_window_units_can_be_modelled(corpus):
    tm = topics.fit_topics(corpus, k=2, unit="sentences", window=3)
    assert len(tm.units) == len(topics.topic_units(corpus, unit="sentences", window=3))
    assert tm.params["window"] == 3 and tm.params["unit"] == "sentences"
    rep = topics.representative_units(tm, n=1)
    assert {"sent_id", "para_id"} <= set(rep.columns)


def _terms_token_by_token(corpus, unit, window, min_len=2):
    """Each unit's terms by reading the token table row by row (the reference)."""
    units = topics.topic_units(corpus, unit=unit, window=window)
    toks = corpus.tokens(drop_stop=True, drop_punct=True)
    toks = toks.merge(corpus.sentences[["doc_id", "sent_id", "para_id"]], on=["doc_id", "sent_id"])
    key = {"paragraph": ["doc_id", "para_id"], "sentences": ["doc_id", "sent_id"]}.get(
        unit, ["doc_id"]
    )

    def unit_key(row):
        k = [str(row[c]) if c == "doc_id" else int(row[c]) for c in key]
        if unit == "sentences":
            k[1] //= window
        return tuple(k)

    found = {unit_key(r): [] for _, r in units.iterrows()}
    for _, r in toks.iterrows():
        norm = str(r["norm"])
        is_actor = pd.notna(r["actor"])
        if is_actor or (any(ch.isalpha() for ch in norm) and len(norm) >= min_len):
            found[unit_key(r)].append(norm)
    return [found[unit_key(r)] for _, r in units.iterrows()]


@pytest.mark.parametrize("unit", ["paragraph", "sentences", "document"])
def test_unit_terms_are_the_kept_tokens_of_each_unit_in_text_order(corpus, unit):
    prepared = topics.prepare_units(corpus, unit=unit, window=2)
    assert prepared.terms == _terms_token_by_token(corpus, unit, 2)
    assert prepared.units["n_terms"].tolist() == [len(t) for t in prepared.terms]


def test_prepared_units_take_no_unit_options(corpus):
    prepared = topics.prepare_units(corpus)
    with pytest.raises(TypeError, match="prepare_units"):
        topics.fit_topics(prepared, k=2, unit="document")


# --------------------------------------------------------------------------- models


@pytest.mark.parametrize("model", ["nmf", "lda"])
def test_a_fixed_seed_gives_identical_results(corpus, model):
    a = topics.fit_topics(corpus, k=3, model=model, seed=7)
    b = topics.fit_topics(corpus, k=3, model=model, seed=7)
    pd.testing.assert_frame_equal(a.unit_topics, b.unit_topics)
    pd.testing.assert_frame_equal(a.topic_terms, b.topic_terms)
    assert a.params == b.params


def test_result_records_its_parameters_and_shapes(seed_model, corpus):
    tm = seed_model
    p = tm.params
    assert (p["model"], p["k"], p["seed"], p["unit"], p["min_df"]) == ("nmf", 4, 0, "paragraph", 2)
    assert p["articles"] == len(corpus)
    assert tm.topic_terms.shape == (4, len(tm.vocabulary)) == (4, p["terms"])
    np.testing.assert_allclose(tm.topic_terms.sum(axis=1), 1.0)
    np.testing.assert_allclose(tm.unit_topics.sum(axis=1), 1.0)
    np.testing.assert_allclose(tm.term_prior.sum(), 1.0)
    assert tm.topic_share.is_monotonic_decreasing  # topic 1 is the largest
    assert tm.counts.shape == (len(tm.modelled), len(tm.vocabulary))
    long = tm.unit_topics_long()
    assert len(long) == len(tm.modelled) * 4
    assert set(long["topic"]) == {1, 2, 3, 4}


@pytest.mark.parametrize("model", ["nmf", "lda"])
def test_the_estimator_is_in_the_same_topic_order(corpus, model):
    tm = topics.fit_topics(corpus, k=3, model=model)
    again = tm.model.transform(tm.matrix)
    if model == "lda":
        np.testing.assert_allclose(again, tm.unit_topics.to_numpy(), atol=1e-6)
    else:
        assert (again.argmax(axis=1) + 1 == tm.modelled["topic"].to_numpy()).mean() > 0.95


def test_too_many_topics_is_an_error(corpus):
    with pytest.raises(ValueError, match="cannot be fitted"):
        topics.fit_topics(corpus, k=500)


@pytest.mark.parametrize(("unit", "model"), [("document", "nmf"), ("paragraph", "lda")])
def test_two_separated_vocabularies_are_recovered(separated, unit, model):
    tm = topics.fit_topics(separated, k=2, unit=unit, model=model)
    doc = topics.document_topics(tm)
    label = separated.docs.set_index("doc_id")["folder"].reindex(doc.index)
    predicted = doc.to_numpy().argmax(axis=1)
    assert normalized_mutual_info_score(label, predicted) == pytest.approx(1.0)
    assert adjusted_rand_score(label, predicted) == pytest.approx(1.0)
    top = topics.top_terms(tm, n=10)
    for _, g in top.groupby("topic"):
        assert set(g["term"]) <= set(FOOTBALL) or set(g["term"]) <= set(COOKING)


# --------------------------------------------------------------------------- streaming

FIT = sys.modules["corpus_utils.topics.fit"]


def test_streaming_recovers_the_separated_vocabularies_in_partitions(separated):
    """60 articles in partitions of at most 8 (8 partitions of 7 or 8, a shuffled order
    mixing both vocabularies): MiniBatchNMF's partial_fit on each still splits them
    exactly, and each topic's top terms come from one vocabulary."""
    tm = topics.fit_topics(separated, k=2, unit="document", estimator="streaming", batch_size=8)
    assert isinstance(tm.model, FIT.MiniBatchNMF)
    p = tm.params
    assert (p["estimator"], p["batch_size"]) == ("streaming", 8)
    assert 1 <= p["passes"] <= p["max_iter"] == 200
    assert tm.model.n_steps_ == 8 * p["passes"]  # one partial_fit per partition per pass
    doc = topics.document_topics(tm)
    label = separated.docs.set_index("doc_id")["folder"].reindex(doc.index)
    assert normalized_mutual_info_score(label, doc.to_numpy().argmax(axis=1)) == pytest.approx(1.0)
    for _, g in topics.top_terms(tm, n=10).groupby("topic"):
        assert set(g["term"]) <= set(FOOTBALL) or set(g["term"]) <= set(COOKING)
    np.testing.assert_allclose(tm.unit_topics.sum(axis=1), 1.0)
    again = topics.fit_topics(separated, k=2, unit="document", estimator="streaming", batch_size=8)
    np.testing.assert_array_equal(tm.weights, again.weights)  # same seed: the same fit


def test_auto_streams_above_the_threshold_only(separated, monkeypatch):
    small = topics.fit_topics(separated, k=2, unit="document")
    assert small.params["estimator"] == "batch" and small.params["passes"] is None
    assert type(small.model) is FIT.NMF
    batch = topics.fit_topics(separated, k=2, unit="document", estimator="batch")
    np.testing.assert_array_equal(small.weights, batch.weights)
    monkeypatch.setattr(FIT, "STREAMING_MIN_UNITS", 59)  # 60 articles: above
    assert topics.fit_topics(separated, k=2, unit="document").params["estimator"] == "streaming"
    monkeypatch.setattr(FIT, "STREAMING_MIN_UNITS", 60)  # not above
    assert topics.fit_topics(separated, k=2, unit="document").params["estimator"] == "batch"
    lda = topics.fit_topics(separated, k=2, unit="document", model="lda")  # auto: LDA is batch
    assert lda.params["estimator"] == "batch"


def test_streaming_options_are_checked(separated):
    with pytest.raises(ValueError, match="streaming estimator is for model='nmf'"):
        topics.fit_topics(separated, k=2, unit="document", model="lda", estimator="streaming")
    with pytest.raises(ValueError, match="estimator must be 'auto', 'batch' or 'streaming'"):
        topics.fit_topics(separated, k=2, unit="document", estimator="online")
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        FIT.partitions(10, 0, seed=0)
    with pytest.raises(ValueError, match="batch_size must be at least 1, got 0"):
        topics.fit_topics(separated, k=2, unit="document", estimator="streaming", batch_size=0)


# --------------------------------------------------------------------------- coherence


def test_npmi_by_hand():
    # units x terms a, b, c, d (in every unit), e (exactly where b is)
    x = np.array(
        [
            [1, 1, 0, 1, 1],
            [2, 1, 0, 1, 1],
            [1, 0, 0, 1, 0],
            [0, 0, 3, 1, 0],
        ]
    )
    m = topics.npmi_matrix(x, [0, 1, 2, 3, 4])
    # P(a)=3/4, P(b)=1/2, P(a,b)=1/2: log((1/2)/(3/8)) / -log(1/2)
    assert m[0, 1] == pytest.approx(math.log(4 / 3) / math.log(2))
    assert m[0, 2] == -1.0  # never together
    assert m[0, 3] == pytest.approx(0.0)  # d is everywhere: independent of a
    assert m[1, 4] == pytest.approx(1.0)  # always together
    assert m[3, 3] != m[3, 3]  # NaN diagonal
    np.testing.assert_allclose(m, m.T)


def test_planted_topics_are_more_coherent_than_random_ones(separated, random_words):
    planted = topics.topic_coherence(topics.fit_topics(separated, k=2, unit="document"))
    noise = topics.topic_coherence(topics.fit_topics(random_words, k=2, unit="document"))
    assert planted["npmi"].min() > 0.5
    assert noise["npmi"].max() < 0.3


# --------------------------------------------------------------------------- stability


def test_matching_finds_a_permutation_of_topics():
    rng = np.random.default_rng(3)
    ref = rng.random((5, 40)) ** 4
    perm = np.array([3, 0, 4, 1, 2])
    match, sim = topics.match_topics(ref, ref[perm])
    # reference topic i sits at the position j where perm[j] == i
    assert match.tolist() == np.argsort(perm).tolist()
    np.testing.assert_allclose(sim, 1.0)


def test_planted_topics_are_stable_and_random_ones_are_not(separated, random_words):
    good = topics.stability(topics.fit_topics(separated, k=2, unit="document"), seeds=5)
    assert good["reappears"].tolist() == [5, 5]
    assert good["mean_similarity"].min() > 0.95
    bad = topics.stability(topics.fit_topics(random_words, k=3, unit="document"), seeds=5)
    assert bad["mean_similarity"].max() < 0.8
    assert (bad["share"] < 0.8).all()


def test_select_k_prefers_the_planted_number_of_topics(separated):
    table = topics.select_k(separated, [2, 3], unit="document", seeds=5)
    assert table["k"].tolist() == [2, 3]
    two, three = table.iloc[0], table.iloc[1]
    assert two["stable_share"] == 1.0
    assert three["stable_share"] < 1.0
    assert two["stability"] > three["stability"]
    assert table["coherence"].between(-1, 1).all()


def test_stability_statement_in_plain_words():
    table = pd.DataFrame(
        {
            "topic": [1, 2, 3, 4],
            "runs": 10,
            "reappears": [10, 9, 9, 3],
            "threshold": 0.8,
            "subsample": 0.8,
            "centred": True,
        }
    )
    text = topics.stability_statement(table)
    assert text.startswith("Topics 1–3 reappear in at least 9 of 10 runs; topic 4 does not")
    assert "only 3 of 10 runs" in text
    assert "random 80% of the units" in text
    table["reappears"] = [10, 10, 0, 2]
    text = topics.stability_statement(table)
    assert text.startswith("Topics 1 and 2 reappear in all 10 runs; topics 3 and 4 do not")
    assert "they reappear in only 0 and 2 of 10 runs respectively" in text
    table["reappears"] = [1, 0, 0, 2]
    assert topics.stability_statement(table).startswith("No topic is stable: topics 1–4")


# --------------------------------------------------------------------------- summaries


def test_relevance_with_lambda_one_ranks_by_probability(seed_model):
    tm = seed_model
    rel = topics.relevant_terms(tm, lam=1.0, n=12)
    for t, g in rel.groupby("topic"):
        row = tm.topic_terms.loc[t].to_numpy()
        expected = tm.vocabulary[np.argsort(-row, kind="stable")[:12]]
        assert g["term"].tolist() == expected.tolist()
    assert topics.top_terms(tm, n=12)["term"].tolist() == rel["term"].tolist()


def test_relevance_with_lambda_zero_ranks_by_lift_and_follows_the_formula(seed_model):
    tm = seed_model
    p_w = tm.term_prior
    rel = topics.relevant_terms(tm, lam=0.0, n=8, topics=[2])
    p = tm.topic_terms.loc[2]
    lift = (p / p_w)[p > 0]
    shown = lift[rel["term"]].to_numpy()
    # ranked by lift: the 8 largest lifts, largest first (ties may come in any order)
    np.testing.assert_allclose(shown, np.sort(lift.to_numpy())[::-1][:8])
    np.testing.assert_allclose(rel["lift"], shown)
    mid = topics.relevant_terms(tm, lam=0.6, n=5, topics=[1])
    for r in mid.itertuples(index=False):
        pwt, pw = tm.topic_terms.loc[1, r.term], tm.term_prior[r.term]
        assert r.relevance == pytest.approx(0.6 * math.log(pwt) + 0.4 * math.log(pwt / pw))


def test_representative_units_are_the_units_most_on_the_topic(seed_model, corpus):
    rep = topics.representative_units(seed_model, n=3)
    assert sorted(rep["topic"].unique()) == [1, 2, 3, 4]
    for t, g in rep.groupby("topic"):
        assert g["share"].is_monotonic_decreasing
        best = seed_model.unit_topics[t].max()
        assert g["share"].iloc[0] == pytest.approx(best)
    for row in rep.itertuples(index=False):
        assert corpus.text_of(row.doc_id)[row.start : row.end] == row.text


def test_prevalence_per_article_and_per_group(seed_model):
    per_doc = topics.topic_prevalence(seed_model)
    sums = per_doc.groupby("doc_id")["prevalence"].sum()
    np.testing.assert_allclose(sums, 1.0)
    assert per_doc.groupby("doc_id")["units"].first().sum() == len(seed_model.modelled)
    by_outlet = topics.topic_prevalence(seed_model, by="outlet")
    np.testing.assert_allclose(by_outlet.groupby("outlet")["prevalence"].sum(), 1.0)
    news = by_outlet[by_outlet["outlet"] == "Newsweek"].set_index("topic")["prevalence"]
    outlet = seed_model.units.drop_duplicates("doc_id").set_index("doc_id")["outlet"]
    newsweek_docs = outlet[outlet == "Newsweek"].index
    mean_of_articles = (
        per_doc[per_doc["doc_id"].isin(newsweek_docs)].groupby("topic")["prevalence"].mean()
    )
    pd.testing.assert_series_equal(news, mean_of_articles, check_names=False)
    assert by_outlet.groupby("outlet")["articles"].first().to_dict() == {
        "Daily Caller News Foundation": 1,
        "Newsweek": 4,
    }
    with pytest.raises(KeyError, match="no column"):
        topics.topic_prevalence(seed_model, by="colour")


def test_a_planted_group_is_all_its_own_topic(separated):
    tm = topics.fit_topics(separated, k=2)
    prev = topics.topic_prevalence(tm, by="folder").pivot(
        index="folder", columns="topic", values="prevalence"
    )
    assert sorted(prev.max(axis=1).round(2).tolist()) == [1.0, 1.0]
    assert prev.idxmax(axis=1).nunique() == 2


# --------------------------------------------------------------------------- explorer


def test_explorer_without_ipywidgets_returns_none_and_says_why(seed_model, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails
    with pytest.warns(UserWarning, match="pip install ipywidgets"):
        assert topics.topic_explorer(seed_model) is None


def test_explorer_builds_a_widget_headless(seed_model):
    pytest.importorskip("ipywidgets", reason="ipywidgets not installed (optional)")
    box = topics.topic_explorer(seed_model, n_terms=5, lam=1.0)
    (topic, slider), html = box.children[0].children, box.children[1]
    first = topics.relevant_terms(seed_model, lam=1.0, n=5, topics=[1])["display"].iloc[0]
    assert first in html.value
    topic.value = 3
    slider.value = 0.0
    lift_first = topics.relevant_terms(seed_model, lam=0.0, n=5, topics=[3])["display"].iloc[0]
    assert "Topic 3" in html.value and lift_first in html.value


# --------------------------------------------------------------------------- figures


def _labels_top_down(ax) -> list[str]:
    pairs = zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    return [label.get_text() for _, label in sorted(pairs, key=lambda p: -p[0])]


def _texts(ax):
    return ax.get_title(), ax.get_xlabel(), ax.get_ylabel()


def test_k_selection_figure(separated):
    table = topics.select_k(separated, [2, 3], unit="document", seeds=3)
    fig = topicplots.plot_k_selection(table)
    a1, a2 = fig.axes
    assert all(_texts(a1)) and all(_texts(a2))
    assert "k = 2–3" in fig.get_suptitle()
    assert a1.lines[0].get_xdata().tolist() == [2, 3]
    _, ax = plt.subplots()
    twin = topicplots.plot_k_selection(table, ax=ax)
    assert len(twin.axes) == 2  # the axis and its twin


def test_topic_terms_figure_has_one_panel_per_topic(seed_model):
    data = topicplots.topic_terms_data(seed_model, n=6, lam=0.6)
    fig = topicplots.plot_topic_terms(data)
    panels = [a for a in fig.axes if a.get_visible()]
    assert len(panels) == 4
    for t, ax in enumerate(panels, start=1):
        shown = _labels_top_down(ax)
        assert shown == data[data["topic"] == t]["display"].tolist()
        assert ax.get_title().startswith(f"Topic {t}")
    assert "λ = 0.6" in fig.get_suptitle()


def test_unit_heatmap_groups_units_by_article(seed_model, corpus):
    data = topicplots.unit_topics_data(seed_model)
    assert len(data) == len(seed_model.modelled)
    assert data["level"].iloc[0] == "paragraph"
    dates = data.drop_duplicates("doc_id")["published_start"]
    assert dates.is_monotonic_increasing
    ax = topicplots.plot_unit_topics(data, labels=seed_model.labels())
    separators = [ln for ln in ax.lines if len(set(ln.get_ydata())) == 1]
    assert len(separators) == len(corpus) - 1
    assert len(ax.get_yticklabels()) == len(corpus)
    assert ax.get_xlabel() and ax.get_ylabel()
    # the title spans the figure (the axes are narrow beside the article labels), wrapped
    title = ax.figure.get_suptitle()
    assert title.startswith("Which topics each paragraph carries") and "\n" in title
    assert [t.get_text() for t in ax.get_xticklabels()] == list(seed_model.labels().values())


def test_unit_heatmap_aggregates_or_samples_when_too_many_rows(seed_model):
    articles = topicplots.unit_topics_data(seed_model, max_rows=10)
    assert articles["level"].eq("article").all() and len(articles) == 5
    assert articles["shown"].iloc[0] == "all 5 articles (each the mean of its paragraphs)"
    sample = topicplots.unit_topics_data(seed_model, max_rows=3)
    assert len(sample) == 3
    assert sample["shown"].iloc[0].startswith("a random sample of 3 of 5 articles")
    ax = topicplots.plot_unit_topics(sample)
    assert "random sample of 3 of 5" in " ".join(ax.figure.get_suptitle().split())


def test_prevalence_figure_stacks_to_one(seed_model):
    data = topicplots.prevalence_data(seed_model, by="outlet")
    ax = topicplots.plot_prevalence(data, labels=seed_model.labels())
    widths = pd.DataFrame([(p.get_y(), p.get_width()) for p in ax.patches], columns=["y", "w"])
    np.testing.assert_allclose(widths.groupby("y")["w"].sum(), 1.0)
    assert _labels_top_down(ax) == [
        "Daily Caller News Foundation (1 article)",
        "Newsweek (4 articles)",
    ]
    assert all(_texts(ax))


# --------------------------------------------------------------------------- sized to the corpus


def test_plan_for_five_articles_models_paragraphs_with_few_topics():
    plan = topics.plan_for_sizes(articles=5, paragraphs=60)
    # sqrt(60 / 2) = 5.48 -> at most 5 topics
    assert plan.unit == "paragraph"
    assert plan.k_candidates == (2, 3, 4, 5)
    assert (plan.min_df, plan.max_df, plan.seeds, plan.search_units) == (2, 0.5, 10, None)
    assert plan.units == 60
    assert "paragraphs" in plan.reason and "5 articles" in plan.reason


def test_plan_switches_to_documents_at_three_hundred_articles():
    assert topics.plan_for_sizes(articles=299, paragraphs=3000).unit == "paragraph"
    plan = topics.plan_for_sizes(articles=300, paragraphs=3000)
    assert plan.unit == "document" and plan.units == 300
    # sqrt(300 / 2) = 12.2 -> 2..10 then 12
    assert plan.k_candidates == (2, 3, 4, 5, 6, 7, 8, 9, 10, 12)


def test_plan_for_a_large_corpus_sizes_k_to_the_search_sample_at_bounded_cost():
    plan = topics.plan_for_sizes(articles=37_000, paragraphs=916_331)
    assert plan.unit == "document"
    # the search sees 2,000 units: isqrt(1000) = 31 -> up to 30
    assert plan.k_candidates == (2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 25, 30)
    assert "31 topics at most for the 2,000 units the k search sees" in plan.reason
    assert "a random sample of the 37,000" in plan.reason
    assert plan.min_df == 37  # 37,000 // 1,000
    assert (plan.seeds, plan.search_units, plan.max_features) == (3, 2000, 20_000)
    every = topics.plan_for_sizes(articles=37_000, paragraphs=0, k_sized_to="units")
    assert every.k_candidates == (*plan.k_candidates, 35, 40)  # isqrt(18,500) = 136 -> 40
    assert "40 topics at most for 37,000 units" in every.reason
    mid = topics.plan_for_sizes(articles=2500, paragraphs=30_000)
    assert mid.k_candidates[-1] == 30
    units = topics.plan_for_sizes(articles=2500, paragraphs=0, k_sized_to="units")
    assert units.k_candidates[-1] == 35  # isqrt(1250) = 35
    assert (mid.min_df, mid.seeds, mid.search_units) == (2, 5, 2000)
    assert mid.search_options()["max_units"] == 2000
    assert mid.fit_options() == {"min_df": 2, "max_df": 0.5, "max_features": 20_000}
    with pytest.raises(ValueError, match="k_sized_to"):
        topics.plan_for_sizes(articles=2500, paragraphs=0, k_sized_to="all")


def test_plan_k_range_is_the_same_either_way_up_to_the_search_sample():
    # below 2,450 units isqrt(units / 2) < 35: the grid ends at 30 (or lower) either way
    for n in (5, 60, 299, 300, 787, 2000, 2001, 2225, 2449):
        a = topics.plan_for_sizes(articles=n, paragraphs=0, unit="document")
        b = topics.plan_for_sizes(articles=n, paragraphs=0, unit="document", k_sized_to="units")
        assert a.k_candidates == b.k_candidates, n
    assert topics.plan_for_sizes(articles=2450, paragraphs=0).k_candidates[-1] == 30
    wide = topics.plan_for_sizes(articles=2450, paragraphs=0, k_sized_to="units")
    assert wide.k_candidates[-1] == 35


def test_plan_parameters_override_the_rules_and_say_so():
    plan = topics.plan_for_sizes(articles=5, paragraphs=60, unit="document")
    assert plan.unit == "document" and plan.units == 5 and plan.k_candidates == (2,)
    assert "set by the `unit` parameter" in plan.reason
    plan = topics.plan_for_sizes(articles=5000, paragraphs=60_000, k=7, seeds=2, min_df=4)
    assert plan.k_candidates == (7,) and plan.seeds == 2 and plan.min_df == 4
    assert "set by the `k` parameter" in plan.reason and "`seeds`" in plan.reason
    plan = topics.plan_for_sizes(articles=5, paragraphs=60, k_range=[6, 2, 4, 4])
    assert plan.k_candidates == (2, 4, 6)
    win = topics.plan_for_sizes(articles=5, paragraphs=60, unit="sentences", sentence_windows=40)
    assert win.units == 40
    with pytest.raises(ValueError, match="sentence windows"):
        topics.plan_for_sizes(articles=5, paragraphs=60, unit="sentences")
    with pytest.raises(ValueError, match="unit must be one of"):
        topics.plan_for_sizes(articles=5, paragraphs=60, unit="chapter")
    with pytest.raises(ValueError, match="k_range is empty"):
        topics.plan_for_sizes(articles=5, paragraphs=60, k_range=[])


def test_topic_plan_counts_the_corpus_and_leaves_out_duplicates(separated, tmp_path):
    plan = topics.topic_plan(separated)
    # 60 articles of 3 paragraphs: 180 units, isqrt(90) = 9 topics at most
    assert (plan.articles, plan.unit, plan.units) == (60, "paragraph", 180)
    assert plan.k_candidates == tuple(range(2, 10))
    windows = topics.topic_plan(separated, unit="sentences", window=4)
    assert windows.units == 120  # 6 sentences per article -> 2 windows of at most 4
    root = _write(tmp_path / "dups", {"a": (FOOTBALL, 3)})
    (root / "a" / "copy.txt").write_text((root / "a" / "000.txt").read_text(), encoding="utf-8")
    dup = cu.load_corpus(root)
    assert len(dup) == 4 and topics.topic_plan(dup).articles == 3


BBC_LIKE = pd.DataFrame(  # the shape of select_k on the BBC documents (seeds=3)
    {
        "k": [3, 4, 5, 6, 7, 8, 10, 12, 15],
        "coherence": [0.257, 0.285, 0.336, 0.332, 0.328, 0.388, 0.417, 0.407, 0.409],
        "stability": [0.992, 0.839, 0.992, 0.990, 0.905, 0.828, 0.785, 0.901, 0.902],
        "stable_share": [1.0, 0.5, 1.0, 1.0, 0.71, 0.5, 0.7, 0.75, 0.87],
        "largest_share": [0.44, 0.31, 0.23, 0.22, 0.20, 0.20, 0.19, 0.17, 0.10],
    }
)


def test_choose_k_takes_the_most_coherent_k_whose_topics_all_reproduce():
    k, why = topics.choose_k(BBC_LIKE)
    # every topic stable (stable_share 1.0): k = 3, 5, 6; most coherent of them: 5 (0.336)
    assert k == 5
    assert why.startswith(
        "k = 5: the most coherent (mean NPMI 0.34) of the values of k whose topics all "
        "reappear in at least 80% of the refits (k = 3, 5 and 6, of 9 compared; at k = 5, "
        "5 of 5 topics, mean stability 0.99)."
    )
    # coherence alone would take k = 10 (0.417); allowing 85% of the topics to be stable
    # adds k = 15 (0.87, coherence 0.409), which then wins
    assert topics.choose_k(BBC_LIKE, min_stable_share=0.85)[0] == 15


def test_choose_k_is_not_drawn_to_the_fewest_topics_by_their_stability():
    # the shape of the BBC search: k = 2, 3 the most stable (0.99), k = 5 all stable at 0.94
    table = pd.DataFrame(
        {
            "k": [2, 3, 4, 5, 6, 15],
            "coherence": [0.154, 0.266, 0.289, 0.341, 0.333, 0.401],
            "stability": [0.991, 0.991, 0.858, 0.935, 0.881, 0.842],
            "stable_share": [1.0, 1.0, 0.5, 1.0, 5 / 6, 14 / 15],
            "largest_share": [0.63, 0.43, 0.31, 0.23, 0.22, 0.10],
        }
    )
    # k = 2 has a topic of 63% (> 60%): out; all stable: 3 and 5; 5 is the more coherent
    k, why = topics.choose_k(table)
    assert k == 5 and "(k = 3 and 5, of 6 compared;" in why
    assert "1 value of k left out because one topic held more than 60%" in why


def test_choose_k_never_picks_a_k_with_a_dominant_topic():
    table = BBC_LIKE.copy()
    table.loc[len(table)] = {
        "k": 2,
        "coherence": 0.5,
        "stability": 1.0,
        "stable_share": 1.0,
        "largest_share": 0.98,
    }
    k, why = topics.choose_k(table)
    assert k == 5 and "1 value of k left out because one topic held more than 60%" in why
    every = table.assign(largest_share=[0.9, 0.8, 0.7, 0.95, 0.99, 0.65, 0.97, 0.9, 0.9, 0.98])
    k, why = topics.choose_k(every)
    assert k == 8 and why.startswith("k = 8, but no k splits the corpus") and "65%" in why


def test_choose_k_says_when_no_k_is_well_supported():
    table = pd.DataFrame(
        {
            "k": [2, 3],
            "coherence": [0.1, 0.2],
            "stability": [0.70, 0.69],
            "stable_share": [0.5, 0.0],
            "largest_share": [0.45, 0.4],
        }
    )
    k, why = topics.choose_k(table)
    # no k has all topics stable: the largest stable share is k = 2's (1 of 2 topics)
    assert k == 2 and why.startswith("k = 2, but no k has all of its topics reappearing")
    assert "1 of 2 topics do." in why and "hints at most" in why
    k, why = topics.choose_k(table.iloc[:1])
    assert k == 2 and why.startswith("k = 2, the only value compared")
    with pytest.raises(KeyError, match="stability"):
        topics.choose_k(table.drop(columns="stability"))
    with pytest.raises(KeyError, match="stable_share"):
        topics.choose_k(table.drop(columns="stable_share"))


def test_dominant_topic_warning_flags_a_topic_holding_most_of_the_text(separated, tmp_path):
    assert topics.dominant_topic_warning(topics.fit_topics(separated, k=2, unit="document")) is None
    lopsided = cu.load_corpus(
        _write(tmp_path / "lop", {"football": (FOOTBALL, 27), "cooking": (COOKING, 3)})
    )
    # max_df=1.0: with the default 0.5 the football words (in 27 of 30 articles) are dropped
    tm = topics.fit_topics(lopsided, k=2, unit="document", max_df=1.0)
    # 27 of the 30 articles are about football: that topic is the main one of 90% of them
    assert (tm.modelled["topic"] == 1).sum() == 27
    text = topics.dominant_topic_warning(tm)
    assert text.startswith("Topic 1 holds") and "is the main topic of 90% of the units" in text
    assert topics.dominant_topic_warning(tm, threshold=0.95) is None


def test_stability_statement_names_a_dominant_topic_apart():
    table = pd.DataFrame(
        {
            "topic": [1, 2],
            "runs": 3,
            "reappears": [3, 1],
            "threshold": 0.8,
            "subsample": 0.8,
            "centred": True,
            "text_share": [0.98, 0.02],
        }
    )
    text = topics.stability_statement(table)
    assert text.startswith(
        "Topic 1 holds 98% of the modelled text: it is the vocabulary the units share, not a "
        "theme, whether or not it reappears (3 of 3 runs). No other topic is stable: topic 2"
    )
    assert "only 1 of 3 runs" in text and "reappear in at least" not in text


def test_stability_table_carries_each_topics_share_of_text(separated):
    tm = topics.fit_topics(separated, k=2, unit="document")
    stab = topics.stability(tm, seeds=2)
    np.testing.assert_allclose(stab["text_share"], tm.topic_share.to_numpy())
    assert stab["text_share"].sum() == pytest.approx(1.0)


def test_stability_refits_see_at_most_max_units_and_say_so(separated, monkeypatch):
    from corpus_utils.topics import refits

    tm = topics.fit_topics(separated, k=2, unit="document")  # 60 documents: one process
    seen = []
    real = refits._fit_matrix
    monkeypatch.setattr(
        refits, "_fit_matrix", lambda m, **kw: seen.append(m.shape[0]) or real(m, **kw)
    )
    capped = topics.stability(tm, seeds=3, max_units=20)
    assert seen == [20, 20, 20]
    assert capped["units"].eq(20).all() and capped["units_total"].eq(60).all()
    assert "on a random 20 of the 60 units;" in topics.stability_statement(capped)
    seen.clear()
    loose = topics.stability(tm, seeds=3, max_units=1_000)  # above 80% of 60: no cap
    assert seen == [48, 48, 48]
    pd.testing.assert_frame_equal(loose, topics.stability(tm, seeds=3))
    assert "on a random 80% of the units;" in topics.stability_statement(loose)
    with pytest.raises(ValueError, match="at least k"):
        topics.stability(tm, seeds=1, max_units=1)


def test_plan_caps_the_final_stability_refits_above_a_size():
    big = topics.plan_for_sizes(articles=40_000, paragraphs=0)
    assert big.stability_options() == {"seeds": 3, "max_units": topics.STABILITY_UNITS}
    assert f"refits on a random {topics.STABILITY_UNITS:,} of them." in big.reason
    # 0.8 x 12,500 units = 10,000: every refit already within the cap, nothing said
    edge = topics.plan_for_sizes(articles=12_500, paragraphs=0)
    assert "refits on a random" not in edge.reason and edge.reason.endswith("terms.")


def test_select_k_searches_a_sample_of_units_and_reports_it(separated):
    table = topics.select_k(separated, [2, 3], unit="document", seeds=2, max_units=20)
    assert table["units"].tolist() == [20, 20]
    assert table["units_total"].tolist() == [60, 60]
    assert table["largest_share"].between(1 / 3, 1).all()
    assert (table["seconds"] > 0).all()
    full = topics.select_k(separated, [2], unit="document", seeds=2)
    assert full["units"].tolist() == [60]


def test_max_features_keeps_the_most_frequent_terms(separated):
    tm = topics.fit_topics(separated, k=2, unit="document", max_features=10)
    assert tm.params["terms"] == 10 and tm.params["max_features"] == 10
    with pytest.raises(ValueError, match="max_features"):
        topics.fit_topics(separated, k=2, unit="document", max_features=0)


def test_prevalence_over_time_by_hand(tmp_path):
    root = _write(tmp_path / "dated", {"football": (FOOTBALL, 4), "cooking": (COOKING, 4)})
    rows = []
    for folder in ("football", "cooking"):
        for i in range(4):
            # football in January 2020 and February 2020; cooking in February only; one undated
            day = "2020-01-15" if folder == "football" and i < 2 else "2020-02-10"
            rows.append({"doc_id": f"{folder}/{i:03d}", "published": "" if i == 3 else day})
    pd.DataFrame(rows).to_csv(root / "metadata.csv", index=False)
    corpus = cu.load_corpus(root)
    tm = topics.fit_topics(corpus, k=2, unit="document")
    football = int(
        tm.modelled.loc[tm.modelled["doc_id"].str.startswith("football"), "topic"].iloc[0]
    )
    got = topics.topic_prevalence_over_time(tm, freq="M")
    assert set(got["freq"]) == {"M"}
    jan = got[got["period"] == pd.Timestamp("2020-01-01")]
    feb = got[got["period"] == pd.Timestamp("2020-02-01")]
    undated = got[got["period"].isna()]
    assert jan["articles"].tolist() == [2, 2] and feb["articles"].tolist() == [4, 4]
    assert undated["articles"].tolist() == [2, 2]
    # January: the two football articles only; February: one football, three cooking
    assert jan.set_index("topic").loc[football, "prevalence"] == pytest.approx(1.0, abs=0.01)
    assert feb.set_index("topic").loc[football, "prevalence"] == pytest.approx(0.25, abs=0.01)
    assert got.groupby("period", dropna=False)["prevalence"].sum().tolist() == pytest.approx(
        [1, 1, 1]
    )
    assert topics.topic_prevalence_over_time(tm)["freq"].iloc[0] == "W"  # 26 days: weeks
    fig = topicplots.plot_prevalence_over_time(got, labels=tm.labels())
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == [tm.labels()[1], tm.labels()[2]]
    # each panel: the topic's line over the two months, and its mean (dotted)
    line, mean = panels[football - 1].get_lines()
    np.testing.assert_allclose(line.get_ydata(), [1.0, 0.25], atol=0.01)
    assert mean.get_ydata()[0] == pytest.approx(np.mean(line.get_ydata()))
    title = " ".join(fig.get_suptitle().split())  # the title wraps
    assert "2 articles without a date given by the data not shown" in title


def test_prevalence_over_time_needs_dates(separated):
    tm = topics.fit_topics(separated, k=2, unit="document")
    with pytest.raises((KeyError, ValueError), match="date"):
        topics.topic_prevalence_over_time(tm)


def test_prevalence_over_time_draws_the_largest_topics_and_counts_the_rest():
    data = pd.DataFrame(
        {
            "period": pd.to_datetime(["2020-01-01"] * 4 + ["2020-02-01"] * 4),
            "freq": "M",
            "topic": [1, 2, 3, 4] * 2,
            "prevalence": [0.4, 0.3, 0.2, 0.1, 0.5, 0.2, 0.2, 0.1],
            "articles": 3,
            "units": 3,
        }
    )
    shown = topicplots.over_time_data(data, top=2)
    assert shown.loc[shown["shown"], "topic"].unique().tolist() == [1, 2]
    fig = topicplots.plot_prevalence_over_time(shown)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == ["topic 1", "topic 2"]
    np.testing.assert_allclose(panels[1].get_lines()[0].get_ydata(), [0.3, 0.2])
    # topics 3 and 4 hold 0.2 + 0.1 of each month: 30% together, named in the title
    title = " ".join(fig.get_suptitle().split())
    assert "the other 2 (together 30% of the coverage on average) are not drawn" in title


def test_prevalence_over_time_stays_small_at_forty_topics():
    rng = np.random.default_rng(0)
    periods = pd.date_range("2012-01-01", periods=24, freq="MS")
    shares = rng.dirichlet(np.ones(40), size=len(periods))
    data = pd.DataFrame(
        {
            "period": np.repeat(periods, 40),
            "freq": "M",
            "topic": np.tile(np.arange(1, 41), len(periods)),
            "prevalence": shares.ravel(),
            "articles": 5,
            "units": 5,
        }
    )
    fig = topicplots.plot_prevalence_over_time(data)
    assert sum(ax.get_visible() for ax in fig.axes) == 12
    assert fig.get_size_inches()[1] <= 12.0
    assert "the other 28" in " ".join(fig.get_suptitle().split())


# --------------------------------------------------------------------------- cheaper search


def test_select_k_refits_fewer_times_from_large_k_on(separated):
    table = topics.select_k(
        separated, [2, 3, 4], unit="document", seeds=4, large_k=3, large_k_seeds=2
    )
    # k = 2: the 4 seeds; k = 3 and 4 (>= large_k): 2 refits each
    assert table["runs"].tolist() == [4, 2, 2]
    listed = topics.select_k(separated, [3], unit="document", seeds=[7, 8, 9], large_k=2)
    assert listed["runs"].tolist() == [3]  # large_k_seeds=3: all three listed seeds
    with pytest.raises(ValueError, match="large_k_seeds"):
        topics.select_k(separated, [2], unit="document", seeds=2, large_k=2, large_k_seeds=0)


def test_plan_searches_a_smaller_vocabulary_than_it_fits():
    plan = topics.plan_for_sizes(articles=2225, paragraphs=20000)
    opts = plan.search_options()
    assert (opts["max_features"], plan.fit_options()["max_features"]) == (5000, 20_000)
    assert (opts["large_k"], opts["large_k_seeds"]) == (11, 3)
    assert "3 from k = 11 on" in plan.reason
    # a vocabulary cap below the search's is kept; no cap at all still searches 5,000
    assert (
        topics.plan_for_sizes(articles=400, paragraphs=0, max_features=800).search_options()[
            "max_features"
        ]
        == 800
    )
    assert (
        topics.plan_for_sizes(articles=400, paragraphs=0, max_features=None).search_options()[
            "max_features"
        ]
        == 5000
    )
    # five articles: no k reaches 11, so the reason does not mention fewer refits
    assert "from k = 11" not in topics.plan_for_sizes(articles=5, paragraphs=60).reason


def test_terms_table_gives_each_topic_its_own_words(separated):
    tm = topics.fit_topics(separated, k=2, unit="document")
    table = topics.terms_table(tm, n=5)
    assert table["topic"].tolist() == [1, 2]
    assert table["share"].sum() == pytest.approx(1.0, abs=0.002)
    words = [set(t.split(", ")) for t in table["terms"]]
    assert all(len(w) == 5 for w in words)
    # one topic is the football articles, the other the cooking ones
    assert sorted((w <= set(FOOTBALL), w <= set(COOKING)) for w in words) == [
        (False, True),
        (True, False),
    ]
    assert "Re-run this cell" in topics.EXPLORER_NOTE


def test_exclusion_counts_groups_duplicates_of_different_articles():
    units = pd.DataFrame(
        {
            "excluded": [
                pd.NA,
                topics.REASON_DUPLICATE.format(dup="a/1"),
                topics.REASON_DUPLICATE.format(dup="b/2"),
                topics.REASON_NO_VOCAB.format(min_df=2, max_df=0.5),
            ]
        }
    )
    table = topics.exclusion_counts(units)
    assert table["reason"].tolist() == [
        "article is a duplicate of … (flagged by the loader)",
        "none of its words is in the vocabulary",
    ]
    assert table["units"].tolist() == [2, 1]
    assert table["example"].iloc[0] == "article is a duplicate of a/1 (flagged by the loader)"


# --------------------------------------------------------------------------- display forms


@pytest.fixture(scope="module")
def named(tmp_path_factory) -> cu.Corpus:
    """Football articles that name Russia, cooking ones that name Paris and the U.S."""
    rng = np.random.default_rng(3)
    root = tmp_path_factory.mktemp("named")
    for folder, vocab, names in (
        ("football", FOOTBALL, ["Russia"]),
        ("cooking", COOKING, ["Paris", "U.S."]),
    ):
        (root / folder).mkdir()
        for i in range(12):
            sents = [
                "The " + " ".join([*rng.choice(vocab, size=6), *names, *rng.choice(vocab, 2)]) + "."
                for _ in range(3)
            ]
            (root / folder / f"{i:02d}.txt").write_text(" ".join(sents) + "\n", encoding="utf-8")
    return cu.load_corpus(root)


def test_topics_name_their_terms_in_the_usual_surface_form(named):
    tm = topics.fit_topics(named, k=2, unit="document", max_df=1.0)
    # the model counts folded terms; every table a reader sees shows the written form
    assert {"russia", "paris", "u.s."} <= set(tm.vocabulary)
    shown = dict(zip(tm.vocabulary, tm.display, strict=True))
    assert (shown["russia"], shown["paris"], shown["u.s."]) == ("Russia", "Paris", "U.S.")
    assert shown["striker"] == "striker"
    rel = topics.relevant_terms(tm, lam=1.0, n=30)
    assert rel.loc[rel["term"] == "russia", "display"].unique().tolist() == ["Russia"]
    labels = " ".join(tm.labels(n=30).values())
    table = " ".join(topics.terms_table(tm, n=30)["terms"])
    coherence = " ".join(topics.topic_coherence(tm, top_n=30)["top_terms"])
    for text in (labels, table, coherence):
        assert "Russia" in text and "U.S." in text and "Paris" in text
        assert "russia" not in text and "u.s." not in text and "paris" not in text
    fig = topicplots.plot_topic_terms(topicplots.topic_terms_data(tm, n=30))
    ticks = {t.get_text() for ax in fig.axes for t in ax.get_yticklabels()}
    assert {"Russia", "Paris", "U.S."} <= ticks and not {"russia", "paris", "u.s."} & ticks


def test_prevalence_over_time_needs_more_than_one_period(tmp_path):
    root = _write(tmp_path / "one_month", {"football": (FOOTBALL, 3), "cooking": (COOKING, 3)})
    rows = [
        {"doc_id": f"{f}/{i:03d}", "published": f"2020-03-{i + 1:02d}"}
        for f in ("football", "cooking")
        for i in range(3)
    ]
    pd.DataFrame(rows).to_csv(root / "metadata.csv", index=False)
    tm = topics.fit_topics(cu.load_corpus(root), k=2, unit="document")
    with pytest.raises(ValueError, match="one period"):
        topics.topic_prevalence_over_time(tm, freq="M")
    assert topics.topic_prevalence_over_time(tm, freq="D")["period"].nunique() == 3


def test_prevalence_over_time_leaves_out_dates_inferred_from_the_text(tmp_path):
    root = _write(tmp_path / "inferred", {"football": (FOOTBALL, 4), "cooking": (COOKING, 4)})
    for folder, day in (("football", "15 January 2020"), ("cooking", "3 March 1991")):
        for f in sorted((root / folder).glob("*.txt")):
            f.write_text(f.read_text() + f"\nIt was first reported on {day}.\n")
    corpus = cu.load_corpus(root)  # no sidecar: the loader reads a date from the text
    assert corpus.docs["published_basis"].str.startswith("inferred:").all()
    tm = topics.fit_topics(corpus, k=2, unit="document")
    # such a date only bounds the publication date: by default nothing is drawn, and why
    with pytest.raises(ValueError, match="8 dates were inferred from the articles' text"):
        topics.topic_prevalence_over_time(tm)
    every = topics.topic_prevalence_over_time(tm, freq="M", inferred_dates=True)
    assert every["period"].unique().tolist() == [
        pd.Timestamp("1991-03-01"),
        pd.Timestamp("2020-01-01"),
    ]
    assert every.drop_duplicates("period")["articles"].tolist() == [4, 4]


@pytest.mark.parametrize(
    "limits",
    [
        {"min_df": 2, "max_df": 0.5, "max_features": None},
        {"min_df": 0.05, "max_df": 10, "max_features": 12},
    ],
)
def test_whole_articles_are_counted_from_the_document_term_matrix(named, limits):
    """The dtm path gives what CountVectorizer gives over the units' own terms."""
    from sklearn.feature_extraction.text import CountVectorizer

    from corpus_utils.topics.fit import _design

    prepared = topics.prepare_units(named, unit="document")
    design = _design(prepared, **limits)
    assert design.vectorizer.fixed_vocabulary_  # read from the matrix, not re-counted
    keep = np.flatnonzero(prepared.units["excluded"].isna().to_numpy())
    vec = CountVectorizer(analyzer=lambda t: t, lowercase=False, **limits)
    expected = vec.fit_transform([prepared.terms[i] for i in keep]).tocsr()
    assert (
        design.vectorizer.get_feature_names_out().tolist() == vec.get_feature_names_out().tolist()
    )
    assert (design.counts != expected).nnz == 0
    # paragraphs are not in the document matrix: counted from their terms
    paragraphs = _design(topics.prepare_units(named, unit="paragraph"), **limits)
    assert not paragraphs.vectorizer.fixed_vocabulary_


def test_search_and_final_check_disagreeing_is_said_not_left_as_a_contradiction():
    selection = pd.DataFrame(
        {"k": [9, 10], "stable_topics": [7, 10], "runs": [10, 10], "terms": [5000, 5000]}
    )
    final = pd.DataFrame({"topic": range(1, 11), "runs": 10, "share": [1.0] * 7 + [0.7, 0.8, 0.9]})
    text = topics.search_check_statement(selection, final, k=10)
    # 10 counted by the search, 9 of the shares reach 0.8 in the final check
    assert "counted 10 of 10 topics stable at k = 10" in text
    assert "counts 9 of 10" in text and "5,000 terms" in text
    agree = final.assign(share=1.0)
    assert topics.search_check_statement(selection, agree, k=10) == ""
    assert topics.search_check_statement(selection, final, k=12) == ""  # k not searched


def _parallel_from(monkeypatch, units: int) -> None:
    """Fits on several processes from ``units`` units on (the default starts at 200)."""
    from corpus_utils.prepare import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_DOCS", units)


def test_select_k_and_stability_on_two_processes_give_the_one_process_tables(
    separated, monkeypatch
):
    _parallel_from(monkeypatch, 1)
    prepared = topics.prepare_units(separated, unit="document")
    kw = {"seeds": 3, "large_k": 3, "large_k_seeds": 2, "min_df": 2}
    one = topics.select_k(prepared, [2, 3, 4], n_jobs=1, **kw)
    two = topics.select_k(prepared, [2, 3, 4], n_jobs=2, **kw)
    assert one["runs"].tolist() == [3, 2, 2]
    pd.testing.assert_frame_equal(
        one.drop(columns="seconds"), two.drop(columns="seconds"), check_exact=True
    )
    tm = topics.fit_topics(prepared, k=3)
    pd.testing.assert_frame_equal(
        topics.stability(tm, seeds=4, n_jobs=1),
        topics.stability(tm, seeds=4, n_jobs=2),
        check_exact=True,
    )


def test_run_fits_uses_the_worker_processes_and_keeps_the_job_order(monkeypatch):
    import os

    from scipy import sparse

    from corpus_utils.topics import refits

    _parallel_from(monkeypatch, 1)
    x = sparse.random(120, 40, density=0.2, random_state=3, format="csr")
    jobs = [
        refits.FitJob(k, "nmf", s, "random", 200, None, 1e-3) for k in (2, 5, 3) for s in (1, 2)
    ]
    one = refits.run_fits(x, jobs, n_jobs=1)
    two = refits.run_fits(x, jobs, n_jobs=2)
    assert {f.pid for f in one} == {os.getpid()}
    assert os.getpid() not in {f.pid for f in two}
    for job, a, b in zip(jobs, one, two, strict=True):
        assert a.h.shape == (job.k, 40)
        np.testing.assert_array_equal(a.w, b.w)
        np.testing.assert_array_equal(a.h, b.h)


def test_run_fits_sends_forked_workers_a_key_not_the_matrix(monkeypatch):
    import pickle

    from scipy import sparse

    from corpus_utils.topics import refits

    _parallel_from(monkeypatch, 1)
    x = sparse.random(120, 40, density=0.2, random_state=3, format="csr")
    jobs = [refits.FitJob(k, "nmf", 1, "random", 200, None, 1e-3) for k in (2, 3, 4)]
    sent, real = [], refits.run_chunks

    def spy(func, args, workers):
        args = list(args)
        sent.extend(len(pickle.dumps(a)) for a in args)
        assert all(isinstance(a[0], str) and a[0] in refits._SHARED for a in args)
        return real(func, args, workers)

    monkeypatch.setattr(refits, "run_chunks", spy)
    two = refits.run_fits(x, jobs, n_jobs=2)
    assert len(sent) == 3 and max(sent) < len(pickle.dumps(x)) / 10
    assert refits._SHARED == {}  # released once the fits are back
    monkeypatch.setattr(refits, "run_chunks", real)
    for a, b in zip(refits.run_fits(x, jobs, n_jobs=1), two, strict=True):
        np.testing.assert_array_equal(a.w, b.w)
        np.testing.assert_array_equal(a.h, b.h)
    # a worker that is not forked gets the matrix itself
    monkeypatch.setattr(refits.multiprocessing, "get_start_method", lambda allow_none: "spawn")
    with refits._shared(x, 2) as what:
        assert what is x and refits._SHARED == {}


def test_run_fits_passes_a_workers_warnings_on_but_not_a_quiet_refits(monkeypatch):
    import warnings

    from scipy import sparse
    from sklearn.exceptions import ConvergenceWarning

    from corpus_utils.topics import refits

    _parallel_from(monkeypatch, 1)
    x = sparse.random(120, 40, density=0.2, random_state=3, format="csr")
    loud = refits.FitJob(4, "nmf", 1, "random", 1, None, 1e-9)  # one iteration: no convergence
    quiet = refits.FitJob(4, "nmf", 2, "random", 1, None, 1e-9, quiet=True)
    with pytest.warns(ConvergenceWarning):
        refits.run_fits(x, [loud, quiet], n_jobs=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        refits.run_fits(x, [quiet, quiet], n_jobs=2)
