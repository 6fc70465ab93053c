"""Many-group figures: small multiples and heatmap of log_odds_by_group, on hand-made corpora."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import corpus_utils as cu  # noqa: E402
from corpus_utils.plots import groupplots  # noqa: E402
from corpus_utils.stats.compare import log_odds_by_group  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def thirteen(tmp_path_factory) -> cu.Corpus:
    """One folder of 5 articles about Aleppo, twelve folders of one article each."""
    root = tmp_path_factory.mktemp("thirteen")
    (root / "big").mkdir()
    for i in range(5):
        (root / "big" / f"b{i}.txt").write_text(
            f"Rebels shelled Aleppo. Aleppo shelters filled on day {i}.", encoding="utf-8"
        )
    for j in range(12):
        (root / f"g{j:02d}").mkdir()
        (root / f"g{j:02d}" / "s.txt").write_text(
            "Farmers harvested wheat near Homs. Wheat prices fell.", encoding="utf-8"
        )
    return cu.load_corpus(root)


@pytest.fixture(scope="module")
def table(thirteen):
    return log_odds_by_group(thirteen, by="folder")


def test_group_terms_data(table):
    d = groupplots.group_terms_data(table, k=3, max_groups=12)
    # big (5 articles) first, then g00..g10 (1 article each, by name); g11 is left out
    assert [g["group"] for g in d.attrs["groups"]][:3] == ["big", "g00", "g01"]
    assert len(d.attrs["groups"]) == 12
    assert (d.attrs["other_groups"], d.attrs["other_docs"]) == (1, 1)
    # only big is large enough (MIN_GROUP_DOCS = 5): the one-article folders get no words
    assert set(d["group"]) == {"big"}
    # big writes aleppo 10 times, rebels, shelled, shelters, filled, day 5 times each,
    # and no other folder uses them: aleppo first, then the five others by name
    assert d["term"].tolist() == ["aleppo", "day", "filled"]
    assert d["display"].tolist() == ["Aleppo", "day", "filled"]
    assert d["rank"].tolist() == [1, 2, 3]
    assert (d["log_odds_weighted"] > 0).all()
    assert d["count_in_group"].tolist() == [10, 5, 5]


def test_small_multiples(table):
    d = groupplots.group_terms_data(table, k=3)
    fig = groupplots.plot_group_terms(d)
    assert isinstance(fig, Figure)
    assert fig.get_size_inches()[1] <= groupplots.MAX_HEIGHT
    title = fig._suptitle.get_text()
    assert "each folder apart from all the others" in title
    assert "(others: 1 more folder, 1 article, not shown)" in title
    panels = [ax for ax in fig.axes if ax.axison]
    assert len(panels) == 12
    assert panels[0].get_title(loc="left") == "big (5 articles)"
    assert [t.get_text() for t in panels[0].get_yticklabels()] == ["filled", "day", "Aleppo"]
    assert panels[0].get_xlabel()
    # the eleven one-article folders are shown as too small, without words
    small = [ax for ax in panels[1:] if any("too small" in t.get_text() for t in ax.texts)]
    assert len(small) == 11
    assert all(not ax.get_yticklabels() for ax in small)


def test_heatmap(table):
    h = groupplots.group_heatmap_data(table, k=2, max_groups=4)
    assert h["term"].drop_duplicates().tolist() == ["aleppo", "day"]
    assert set(h["group"]) == {"big", "g00", "g01", "g02"}
    # no one-article folder writes "aleppo": count 0, all 10 uses in the rest, no z-score
    cell = h.set_index(["term", "group"]).loc[("aleppo", "g00")]
    assert cell["count_in_group"] == 0 and cell["count_rest"] == 10
    assert cell["log_odds_weighted"] != cell["log_odds_weighted"]  # NaN
    ax = groupplots.plot_group_heatmap(h)
    assert ax.figure.get_size_inches()[1] <= groupplots.MAX_HEIGHT
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Aleppo", "day"]
    xlabels = [t.get_text() for t in ax.get_xticklabels()]
    assert xlabels[0] == "big (5 articles)"
    assert xlabels[1] == "g00 (1 article)\ntoo small"
    assert "(others: 9 more folders, 9 articles, not shown)" in ax.get_title()
    assert ax.get_xlabel() and ax.get_ylabel()


def test_missing_values_are_named_on_the_figure(thirteen):
    by = thirteen.docs.set_index("doc_id")["folder"].copy()
    by[by.index.str.startswith("g0")] = None
    r = log_odds_by_group(thirteen, by=by, min_docs=1)
    d = groupplots.group_terms_data(r)
    assert [g["group"] for g in d.attrs["groups"]] == ["big", "g10", "g11"]
    fig = groupplots.plot_group_terms(d)
    assert "10 articles without a folder left out" in fig._suptitle.get_text()


def test_heatmap_of_groups_all_too_small(corpus):
    # the five articles: Newsweek 4, Daily Caller News Foundation 1, both under 5
    r = log_odds_by_group(corpus, by="outlet")
    assert r["too_small"].all()
    ax = groupplots.plot_group_heatmap(groupplots.group_heatmap_data(r))
    assert any("fewer than 5 articles" in t.get_text() for t in ax.texts)
    assert "each outlet apart" in ax.get_title()
    fig = groupplots.plot_group_terms(groupplots.group_terms_data(r))
    assert sum("too small" in t.get_text() for a in fig.axes for t in a.texts) == 2


def test_plots_refuse_other_tables(table):
    with pytest.raises(ValueError, match="group_terms_data"):
        groupplots.plot_group_terms(table.head())
    with pytest.raises(ValueError, match="max_groups"):
        groupplots.group_terms_data(table, max_groups=0)


@pytest.fixture(scope="module")
def labelled(tmp_path_factory) -> cu.Corpus:
    """A table with a numeric label column, as FA-KES has (1 = credible, 0 = fake)."""
    root = tmp_path_factory.mktemp("labelled")
    rows = ["id,text,labels"]
    for i in range(6):
        rows.append(f"r{i},Rebels shelled Aleppo and shelters filled on day {i}.,1")
        rows.append(f"f{i},Farmers harvested wheat near Homs while prices fell {i}.,0")
    (root / "news.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return cu.load_corpus(root / "news.csv", cache=False)


def test_numeric_groups_are_named_with_their_column(labelled):
    from corpus_utils.plots import sourceplots
    from corpus_utils.stats.compare import log_odds_between_groups

    pair = log_odds_between_groups(labelled, by="labels", a="1", b="0")
    ax = sourceplots.plot_log_odds(pair, label_a="1", label_b="0")
    assert ax.get_title().startswith("Words that set labels = 1 apart from labels = 0")
    assert ax.get_ylabel() == "z-score: ↑ more in labels = 1, ↓ more in labels = 0"
    named = sourceplots.plot_log_odds(pair, label_a="credible", label_b="fake")
    assert named.get_title().startswith("Words that set credible apart from fake")

    each = log_odds_by_group(labelled, by="labels", min_docs=2)
    fig = groupplots.plot_group_terms(groupplots.group_terms_data(each, k=3))
    panels = sorted(a.get_title(loc="left") for a in fig.axes if a.get_title(loc="left"))
    assert panels == ["labels = 0 (6 articles)", "labels = 1 (6 articles)"]
    ax = groupplots.plot_group_heatmap(groupplots.group_heatmap_data(each, k=2))
    ticks = sorted(t.get_text() for t in ax.get_xticklabels())
    assert ticks == ["labels = 0 (6 articles)", "labels = 1 (6 articles)"]
    # a plural column name reads in the titles too: never "each labels"
    title = fig._suptitle.get_text().replace("\n", " ")
    assert "Which words set each value of labels apart from all the others?" in title
    assert "Top 3 words per value of labels." in title
    assert "each labels" not in title and "each labels" not in ax.get_title()
    heading = ax.get_title().replace("\n", " ")
    assert "The top 2 words of each value of labels, shown in every one." in heading
    assert ax.get_ylabel() == "top words of each value of labels, largest first"


def test_titles_when_every_group_is_too_small(corpus):
    """The five articles: Newsweek 4, Daily Caller 1, both too small: no words to show."""
    r = log_odds_by_group(corpus, by="outlet")
    fig = groupplots.plot_group_terms(groupplots.group_terms_data(r))
    title = fig._suptitle.get_text().replace("\n", " ")
    assert "Top 1 words" not in title
    assert title.startswith("Which words set each outlet apart from all the others? z-score")
    facts = {"by": "outlet", "other_groups": 0, "other_docs": 0, "n_missing_docs": 1}
    assert groupplots._others_note(facts) == "1 article without an outlet left out"
    facts = {"by": "folder", "other_groups": 2, "other_docs": 7, "n_missing_docs": 3}
    assert groupplots._others_note(facts) == (
        "(others: 2 more folders, 7 articles, not shown); 3 articles without a folder left out"
    )
