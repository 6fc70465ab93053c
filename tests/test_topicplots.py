"""Topic figures: stability in the panel titles, bounded size, many groups as top-N + others."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import topics
from corpus_utils.plots import topicplots

FOOTBALL = "goal striker referee penalty midfield keeper league match stadium coach".split()
COOKING = "oven flour butter garlic recipe simmer sauce onion pepper roast".split()


def _write(root, groups: dict[str, tuple[list[str], int]]):
    rng = np.random.default_rng(0)
    for folder, (vocab, n) in groups.items():
        (root / folder).mkdir(parents=True)
        for i in range(n):
            words = rng.choice(vocab, size=40)
            (root / folder / f"{i:03d}.txt").write_text(
                f"Headline {i}\n\n" + " ".join(words) + ".", encoding="utf-8"
            )
    return root


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    root = _write(
        tmp_path_factory.mktemp("grouped"),
        {
            "football": (FOOTBALL, 6),
            "cook_a": (COOKING, 3),
            "cook_b": (COOKING, 2),
            "cook_c": (COOKING, 1),
        },
    )
    corpus = cu.load_corpus(root)
    return topics.fit_topics(corpus, k=2, unit="document", max_df=1.0)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_many_groups_are_shown_as_the_largest_then_others(grouped):
    data = topicplots.prevalence_data(grouped, by="folder", top=2)
    groups = list(dict.fromkeys(data["folder"]))
    # 6 and 3 articles first, then cook_b (2) and cook_c (1) pooled
    assert groups == ["football", "cook_a", "(others: 2 groups)"]
    others = data[data["folder"] == "(others: 2 groups)"]
    assert others["articles"].unique().tolist() == [3]
    assert others["label"].iloc[0] == "(others: 2 groups) (3 articles)"
    # the pooled articles are all cooking: one topic holds (nearly) all of their words
    assert others["prevalence"].max() > 0.9
    assert others["prevalence"].sum() == pytest.approx(1.0)
    cooking_topic = int(others.loc[others["prevalence"].idxmax(), "topic"])
    football = data[(data["folder"] == "football") & (data["topic"] == cooking_topic)]
    assert football["prevalence"].iloc[0] < 0.1
    ax = topicplots.plot_prevalence(data)
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "(others: 2 groups) (3 articles)"
    # top larger than the number of groups: every group, nothing pooled
    assert data.shape[0] < topicplots.prevalence_data(grouped, by="folder", top=10).shape[0]


def test_panel_titles_show_the_stability_that_was_measured(grouped):
    stab = pd.DataFrame({"topic": [1, 2], "runs": [10, 10], "reappears": [9, 3]})
    data = topicplots.topic_terms_data(grouped, n=4, stability=stab)
    assert data.drop_duplicates("topic")["stable"].tolist() == [True, False]
    fig = topicplots.plot_topic_terms(data)
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert "stable: in 9 of 10 refits" in titles[0]
    assert "UNSTABLE: in 3 of 10 refits" in titles[1]
    # without a stability table the titles promise nothing about it
    plain = topicplots.plot_topic_terms(topicplots.topic_terms_data(grouped, n=4))
    assert not any("refits" in ax.get_title() for ax in plain.axes)


def test_topic_terms_figure_stays_within_twelve_inches():
    # 30 topics of 4 terms (terms_shown(30) == 4): 6 columns, 5 rows
    rows = [
        {"topic": t, "rank": r, "term": f"w{t}_{r}", "p_term_topic": 0.1, "topic_share": 1 / 30}
        for t in range(1, 31)
        for r in range(1, topicplots.terms_shown(30) + 1)
    ]
    fig = topicplots.plot_topic_terms(pd.DataFrame(rows))
    width, height = fig.get_size_inches()
    assert height <= 12.0 and width == pytest.approx(3.2 * 6)
    assert topicplots.terms_shown(30) == 4 and topicplots.terms_shown(8) == 10


def test_k_selection_title_says_where_the_refits_drop():
    table = pd.DataFrame(
        {
            "k": [2, 10, 12],
            "coherence": [0.2, 0.3, 0.3],
            "coherence_min": [0.1, 0.2, 0.2],
            "stability": [0.99, 0.9, 0.85],
            "stable_share": [1.0, 1.0, 0.8],
            "units": 787,
            "model": "nmf",
            "runs": [10, 10, 3],
            "threshold": 0.8,
        }
    )
    fig = topicplots.plot_k_selection(table)
    assert "10 refits per k up to k = 10, 3 from k = 12 on" in fig._suptitle.get_text()


def test_per_article_figures_stay_within_twelve_inches():
    # 500 articles of 30 topics, made by hand: the heatmaps keep a bounded size
    rng = np.random.default_rng(0)
    shares = rng.dirichlet(np.ones(30), size=500)
    prev = pd.DataFrame(
        {
            "doc_id": np.repeat([f"d{i:03d}" for i in range(500)], 30),
            "label": np.repeat([f"d{i:03d}" for i in range(500)], 30),
            "topic": np.tile(np.arange(1, 31), 500),
            "prevalence": shares.ravel(),
            "articles": 1,
            "units": 1,
        }
    )
    ax = topicplots.plot_prevalence(prev)
    assert ax.figure.get_size_inches()[1] <= 12.0


def test_k_selection_marks_the_chosen_k_and_the_rule_that_chose_it():
    table = pd.DataFrame(
        {
            "k": [2, 3, 4, 5],
            "coherence": [0.20, 0.31, 0.40, 0.45],
            "coherence_min": [0.1, 0.2, 0.2, 0.3],
            "stability": [1.0, 0.99, 0.95, 0.80],
            "stable_share": [1.0, 1.0, 1.0, 0.4],
            "largest_share": [0.7, 0.4, 0.3, 0.25],
            "units": 100,
            "model": "nmf",
            "runs": 10,
            "threshold": 0.8,
            "seconds": [0.5, 0.7, 0.9, 1.1],
        }
    )
    k, _ = topics.choose_k(table)
    # k = 2 has a topic with 70% of the text, k = 5 only 2 of 5 stable topics: of 3 and 4,
    # 4 is the more coherent
    assert k == 4
    data = topicplots.k_selection_data(table, chosen=k)
    assert "seconds" not in data.columns  # a timing would make the CSV differ on every run
    assert data["eligible"].tolist() == [False, True, True, False]
    assert data["chosen"].tolist() == [False, False, True, False]
    assert data["rule"].iloc[0] == topics.choose_k_rule()
    fig = topicplots.plot_k_selection(data)
    assert "Chosen: k = 4, the most coherent k whose topics all reappear" in fig.get_suptitle()
    for ax in fig.axes:
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        assert list(lines["chosen: k = 4"].get_xdata()) == [4, 4]
        assert lines["passes the rule"].get_xdata().tolist() == [3, 4]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "chosen: k = 4" in legend and "passes the rule" in legend
    # nothing chosen: nothing marked, the title states no choice
    plain = topicplots.plot_k_selection(topicplots.k_selection_data(table))
    assert "Chosen" not in plain.get_suptitle()
    assert not any("chosen" in ln.get_label() for ax in plain.axes for ln in ax.get_lines())
