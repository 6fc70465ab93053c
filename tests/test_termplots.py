"""Figure helpers: titles, labelled axes, and bounded output on a many-article corpus."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import corpus_utils as cu
from corpus_utils.plots import termplots
from corpus_utils.stats.collocations import collocates, collocations
from corpus_utils.stats.frequency import (
    dispersion,
    term_frequencies,
    tfidf,
    top_tfidf,
    zipf_table,
)
from corpus_utils.stats.keyness import keyness_between_groups, keyness_vs_english

WORDS = [
    "rebels",
    "airstrikes",
    "convoy",
    "ceasefire",
    "militants",
    "desert",
    "offensive",
    "border",
    "talks",
    "refugees",
]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> cu.Corpus:
    """60 short articles from three outlets over five years, with a metadata sidecar."""
    root = tmp_path_factory.mktemp("many")
    rows = []
    for i in range(60):
        doc_id = f"art_{i:03d}"
        w = [WORDS[(i + k) % len(WORDS)] for k in range(6)]
        body = (
            f"Russia said {w[0]} and {w[1]} moved near Raqqa. ISIS attacked the {w[2]}.\n\n"
            f"Officials said the {w[3]} held while {w[4]} crossed the {w[5]}. "
            f"The Islamic State lost ground; {w[0]} reported {i % 7 + 1} dead."
        )
        (root / f"{doc_id}.txt").write_text(f"Report Number {i} From Syria\n\n{body}\n")
        year = 2017 + i % 5
        rows.append(
            (doc_id, ["Outlet A", "Outlet B", "Outlet C"][i % 3], f"{year}-0{i % 9 + 1}-15")
        )
    pd.DataFrame(rows, columns=["doc_id", "outlet", "published"]).to_csv(
        root / "metadata.csv", index=False
    )
    corpus = cu.load_corpus(root)
    assert len(corpus) == 60
    return corpus


def assert_labelled(ax: Axes) -> None:
    assert isinstance(ax, Axes)
    assert ax.get_title().strip()
    assert ax.get_xlabel().strip()


def test_top_terms(corpus):
    ax = termplots.plot_top_terms(term_frequencies(corpus), k=12)
    assert_labelled(ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 12 and labels[-1] == "syrian"  # most frequent at the top
    notes = [t.get_text() for t in ax.texts]
    assert any("in 5/5 articles" in n for n in notes)


def test_top_terms_refuses_several_groups(corpus):
    with pytest.raises(ValueError, match="several"):
        termplots.plot_top_terms(term_frequencies(corpus, by="outlet"))
    one = term_frequencies(corpus, by="outlet").query("outlet == 'Newsweek'")
    assert_labelled(termplots.plot_top_terms(one))


def test_zipf(corpus):
    ax = termplots.plot_zipf(zipf_table(corpus))
    assert_labelled(ax)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert ax.get_ylabel()


def test_tfidf_panels(corpus):
    labels = {
        d: cu.plots.article_label(d, t)
        for d, t in zip(corpus.docs["doc_id"], corpus.docs["title"], strict=True)
    }
    fig = termplots.plot_tfidf_panels(top_tfidf(tfidf(corpus), k=5), k=5, labels=labels)
    assert isinstance(fig, Figure)
    panels = [ax for ax in fig.axes if ax.axison]
    assert len(panels) == 5
    assert all(ax.get_title() and ax.get_xlabel() for ax in panels)
    assert fig._suptitle is not None and "tf-idf" in fig._suptitle.get_text()


def test_keyness_plots(corpus):
    between = keyness_between_groups(corpus, by="outlet", target="Daily Caller News Foundation")
    ax = termplots.plot_keyness(between, k=8, target_label="DCNF", reference_label="Newsweek")
    assert_labelled(ax)
    assert len(ax.get_yticklabels()) <= 16
    assert any(" vs " in t.get_text() for t in ax.texts)
    ax = termplots.plot_keyness(keyness_vs_english(corpus), score="g2")
    assert_labelled(ax)


def test_collocate_plots(corpus):
    ax = termplots.plot_collocates(collocates(corpus, "ISIS"), node="ISIS")
    assert_labelled(ax)
    assert "ISIS" in ax.get_title()
    ax = termplots.plot_collocates(collocations(corpus), measure="pmi")
    assert_labelled(ax)
    with pytest.raises(ValueError, match="no 'dice' column"):
        termplots.plot_collocates(collocations(corpus), measure="dice")


def test_dispersion_plot(corpus):
    data = dispersion(corpus, ["ISIS", "russia", "coalition"])
    ax = termplots.plot_dispersion(data, articles=corpus.docs)
    assert_labelled(ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 5 and labels[0].startswith("002")  # the earliest article on top
    assert len(ax.get_legend().get_texts()) == 3


def test_many_articles(many):
    data = dispersion(many, ["ISIS", "ceasefire"])
    ax = termplots.plot_dispersion(data, articles=many.docs, max_articles=20)
    assert_labelled(ax)
    assert len(ax.get_yticklabels()) == 20
    assert any("of 60 articles" in t.get_text() for t in ax.texts)
    last = termplots.plot_dispersion(data, max_articles=10, keep="last")
    assert len(last.get_yticklabels()) == 10

    fig = termplots.plot_tfidf_panels(tfidf(many), k=5, max_panels=6)
    assert len([a for a in fig.axes if a.axison]) == 6
    assert "6 of 60" in fig._suptitle.get_text()

    assert_labelled(termplots.plot_top_terms(term_frequencies(many)))
    assert_labelled(termplots.plot_zipf(zipf_table(many)))
    # the 60 articles differ only in their numbers, which keyness leaves out by default
    key = keyness_between_groups(many, by="outlet", target="Outlet A", drop_debris=False)
    assert_labelled(termplots.plot_keyness(key))
    empty = termplots.plot_keyness(keyness_between_groups(many, by="outlet", target="Outlet A"))
    assert empty.get_title() and any(t.get_text() == "No terms to show" for t in empty.texts)
    assert_labelled(termplots.plot_collocates(collocates(many, "russia"), node="russia"))


def test_empty_tables_draw_a_message(corpus):
    empty = term_frequencies(corpus, min_count=10_000)
    ax = termplots.plot_top_terms(empty)
    assert not ax.axison and ax.texts


def _hand_dispersion(bases: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three articles, c (2015) then a (2016) then b (2017) by date; a, b, c as loaded."""
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "title": ["Alpha story", "Beta story", "Gamma story"],
            "published_start": pd.to_datetime(["2016-05-01", "2017-05-01", "2015-05-01"]),
            "published_basis": bases,
        }
    )
    data = pd.DataFrame(
        {
            "doc_rank": [1, 2, 0],
            "doc_id": ["a", "b", "c"],
            "term": ["ISIS"] * 3,
            "position": [0, 5, 9],
            "rel_pos": [0.0, 0.5, 1.0],
            "n_words": [10, 11, 10],
            "token_id": [0, 5, 9],
            "start": [0, 20, 40],
            "end": [4, 24, 44],
            "published_start": docs["published_start"].iloc[[0, 1, 2]].to_numpy(),
        }
    )
    return data, docs


def test_dispersion_orders_by_date_only_when_the_data_gives_dates():
    data, docs = _hand_dispersion(["column published", "column published", "column published"])
    ax = termplots.plot_dispersion(data, articles=docs)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [lab.split(" · ")[0] for lab in labels] == ["c", "a", "b"]
    assert labels[0].endswith("(2015-05-01)")
    assert " ".join(ax.get_ylabel().split()) == "Article, by publication date (earliest first)"


def test_dispersion_keeps_corpus_order_when_every_date_is_inferred():
    inferred = "inferred: latest date in the text (a lower bound)"
    data, docs = _hand_dispersion([inferred] * 3)
    ax = termplots.plot_dispersion(data, articles=docs)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [lab.split(" · ")[0] for lab in labels] == ["a", "b", "c"]
    assert not any("(20" in lab for lab in labels), "an inferred date is no dateline"
    assert " ".join(ax.get_ylabel().split()) == (
        "Article, in corpus order (no publication dates given)"
    )
    assert "in corpus order" in ax.get_title()


def test_dispersion_puts_articles_without_a_given_date_last():
    inferred = "inferred: latest date in the text (a lower bound)"
    data, docs = _hand_dispersion(["column published", "column published", inferred])
    ax = termplots.plot_dispersion(data, articles=docs)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [lab.split(" · ")[0] for lab in labels] == ["a", "b", "c"]
    assert " ".join(ax.get_ylabel().split()) == (
        "Article, by publication date (earliest first; 1 without a given date last)"
    )


def test_twelve_tfidf_panels_fit_in_max_height():
    """Four rows of eight terms were 15.4 in tall on BBC; now at most 12 in."""
    from corpus_utils.plots.figures import MAX_HEIGHT

    scores = pd.DataFrame(
        {
            "doc_id": [f"d{i:02d}" for i in range(12) for _ in range(8)],
            "term": [f"w{j}" for _ in range(12) for j in range(8)],
            "tfidf": [1.0 - j / 10 for _ in range(12) for j in range(8)],
        }
    )
    fig = termplots.plot_tfidf_panels(scores, k=8)
    assert fig.get_size_inches()[1] == MAX_HEIGHT
    assert sum(ax.axison for ax in fig.axes) == 12


def test_dispersion_can_show_the_articles_that_mention_the_terms_most():
    """keep="most": the articles with the most mentions, in their own (corpus) order."""
    data = pd.DataFrame(
        {
            "doc_rank": [1, 2, 2, 2, 4, 4, 5],
            "doc_id": ["a", "b", "b", "b", "d", "d", "e"],
            "term": ["X", "X", "Y", "X", "X", "Y", "Z"],
            "rel_pos": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
        }
    )
    docs = pd.DataFrame({"doc_id": list("abcde"), "title": list("ABCDE")})
    # mentions of X and Y: a 1, b 3, c 0, d 2, e 0 (its Z is not drawn)
    ax = termplots.plot_dispersion(
        data, terms=["X", "Y"], articles=docs, max_articles=2, keep="most"
    )
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["b · B", "d · D"]
    notes = [t.get_text() for t in ax.texts]
    assert notes == [
        "showing the 2 of 5 articles that mention these most; "
        "in corpus order (no publication dates given)"
    ]
    assert ax.figure.get_size_inches()[1] <= 12


def test_plots_show_the_display_form_when_the_table_has_one(corpus):
    from corpus_utils.stats.keyness import with_display

    freq = with_display(corpus, term_frequencies(corpus))
    ax = termplots.plot_top_terms(freq, k=12)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "Syrian" and "U.S." in labels and "u.s." not in labels
    top = with_display(corpus, top_tfidf(tfidf(corpus), k=5))
    fig = termplots.plot_tfidf_panels(top, k=5)
    assert "top 5 per article" in fig._suptitle.get_text()
    shown = {t.get_text() for ax in fig.axes for t in ax.get_yticklabels()}
    assert "Syrian" in shown and "syrian" not in shown
    near = with_display(corpus, collocates(corpus, "ISIS"), column="collocate")
    ax = termplots.plot_collocates(near, node="ISIS")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Russia-backed" in labels and "russia-backed" not in labels
