"""Corpus facts, caveats and the "is there enough to draw this?" checks, on small corpora."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import plots, report


def _csv(tmp_path: Path, rows: list[dict], name: str = "news.csv") -> Path:
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture
def mixed(tmp_path) -> cu.Corpus:
    """Five articles: two from Alpha, one from Beta, one with an empty outlet, one missing."""
    rows = [
        {"id": "a1", "outlet": "Alpha", "date": "2020-03-01", "text": "Rain fell on the town."},
        {"id": "a2", "outlet": "Alpha", "date": "2021-05-02", "text": "The bridge was closed."},
        {"id": "b1", "outlet": "Beta", "date": "", "text": "The market opened early."},
        {"id": "u1", "outlet": " ", "date": "", "text": "A school reopened today."},
        {"id": "u2", "outlet": None, "date": "", "text": "Roads were flooded again."},
    ]
    return cu.load_corpus(_csv(tmp_path, rows))


def test_missing_values_are_not_groups(mixed):
    assert report.is_missing(pd.Series(["A", None, "", " ", "(unknown)"])).tolist() == [
        False,
        True,
        True,
        True,
        True,
    ]
    sizes = report.group_sizes(mixed, "outlet")
    assert sizes.to_dict() == {"Alpha": 2, "Beta": 1}
    assert report.known_mask(mixed, "outlet").tolist() == [True, True, True, False, False]


def test_group_sentence_counts_missing_and_inferred(mixed, tmp_path):
    assert report.group_sentence(mixed, "outlet") == (
        "2 of 5 articles have no outlet and are left out of the outlet comparison."
    )  # none is inferred, so there is no clause about inferred outlets
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "a.txt").write_text(
        'Storm hits coast\n\nThe storm "was the worst in years," a resident told Newsweek.\n',
        encoding="utf-8",
    )
    (folder / "b.txt").write_text("Park opens\n\nThe new park opened on the river.\n")
    txt = cu.load_corpus(folder, metadata=False)
    assert txt.docs["outlet"].tolist()[0] == "Newsweek"
    assert report.group_sentence(txt, "outlet") == (
        "1 of 2 articles has no outlet and is left out of the outlet comparison; "
        "the outlet of 1 article is inferred from the text, not given by the data."
    )


def test_is_inferred_reads_both_basis_styles():
    basis = pd.Series(['inferred: "told CNN"', 'cue in text: "told CNN"', "column source", None])
    assert report.is_inferred(basis).tolist() == [True, True, False, False]


def test_can_compare(mixed, tmp_path):
    ok, why = report.can_compare(mixed, by="outlet")
    assert ok
    assert why == (
        "2 outlets to compare: Alpha (2 articles), Beta (1 article). "
        "2 articles without a known outlet are left out."
    )
    assert report.can_compare(mixed, by="outlet", min_docs=2) == (
        False,
        "Fewer than 2 outlets have 2 articles or more (2 outlets in all): no comparison "
        "between outlets. 2 articles without a known outlet are left out.",
    )
    ok, why = report.can_compare(mixed, by="bias")
    assert not ok and why.startswith("The corpus has no `bias` column")
    one = cu.load_corpus(_csv(tmp_path, [{"outlet": "Alpha", "text": "One short article."}]))
    assert report.can_compare(one, by="outlet") == (
        False,
        "Only one outlet (Alpha, 1 article): no comparison between outlets.",
    )
    none = cu.load_corpus(_csv(tmp_path, [{"outlet": "", "text": "Nobody wrote this."}], "n.csv"))
    assert report.can_compare(none, by="outlet") == (
        False,
        "No article has a known outlet: no comparison between outlets.",
    )


def test_drop_missing_keeps_known_rows():
    table = pd.DataFrame({"outlet": ["A", "(unknown)", None, "B"], "n": [1, 2, 3, 4]})
    assert report.drop_missing(table, "outlet")["n"].tolist() == [1, 4]


def test_can_draw_timeline(mixed, tmp_path):
    assert report.can_draw_timeline(mixed) == (True, "2 of 5 articles have a known date.")
    undated = cu.load_corpus(_csv(tmp_path, [{"outlet": "A", "text": "No date here."}], "u.csv"))
    assert report.can_draw_timeline(undated) == (
        False,
        "None of the 1 article has a known publication date (no date column, and no full "
        "date in the text): no timeline.",
    )


def test_can_rank():
    assert report.can_rank(pd.DataFrame({"term": []}), "three-word sequences") == (
        False,
        "No three-word sequences occur in this corpus: no chart.",
    )
    assert report.can_rank(pd.DataFrame({"term": ["a", "b"]}), "terms")[0]


def test_can_model_topics():
    # "a" is in both units (above max_df = 50%), "b" and "c" in one (below min_df = 2)
    ok, why = report.can_model_topics([["a", "b"], ["a", "c"]], ks=[2])
    assert not ok and why.startswith("Only 0 terms occur in at least 2 and at most 50%")
    ok, why = report.can_model_topics([["a", "b"], ["a", "b"], ["c", "d"], ["c", "d"]], ks=[2, 3])
    assert (ok, why) == (True, "4 units and 4 terms to model.")
    ok, why = report.can_model_topics([["a"], []], ks=[2])
    assert not ok and why.startswith("Only 1 unit with content words")


def test_can_compare_voices(tmp_path):
    rows = [{"outlet": "A", "text": "The council met. It voted to build a park by the river."}]
    plain = cu.load_corpus(_csv(tmp_path, rows))
    ok, why = report.can_compare_voices(plain)
    assert not ok and why.startswith("The corpus has 0 words in quotation marks")


def test_caveats_are_computed(mixed):
    lines = report.caveats(mixed, by="outlet")
    assert lines[0].startswith("**5 articles, 2 outlets, 2020–2021.** A corpus this small")
    assert lines[1].startswith(
        "**Unbalanced groups.** The largest outlet, Alpha, has 2 articles (40% of the corpus); "
        "the smallest, Beta, has 1 article."
    )
    assert lines[2].startswith("**Small groups.** 2 outlets (Alpha, Beta) have fewer than 5")
    assert lines[3].startswith("**Missing and inferred outlets.** 2 of 5 articles have no outlet")
    assert lines[4] == "**Dates.** 2 of 5 articles have a publication date."
    assert lines[5] == "**Cleaning.** Nothing was removed as boilerplate."
    md = report.as_markdown(lines)
    assert md.count("\n- ") == len(lines) - 1 and md.startswith("- **5 articles")


def test_caveats_on_the_seed_corpus(corpus):
    lines = report.caveats(corpus, by="outlet")
    assert lines[0].startswith("**5 articles, 2 outlets, 2017–2024.**")
    assert "Newsweek, has 4 articles (80% of the corpus)" in lines[1]
    assert lines[-1].startswith("**Cleaning.** 11 spans")


def test_summary_sentence_counts_known_outlets_only(mixed):
    text = report.summary_sentence(mixed, by="outlet")
    assert text.startswith(
        "**5 articles** by **2 outlets** (Alpha: 2, Beta: 1); 2 without a known outlet, "
        "published 2020–2021, from 5 input files"
    )
    assert "(unknown)" not in text


def test_overview_keeps_a_missing_outlet_missing(mixed):
    assert mixed.overview()["outlet"].isna().tolist() == [False, False, False, True, True]


def _hand_made() -> cu.Corpus:
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "outlet": ["X", "X", None],
            "text": ["abcdefghij", "a" * 20, "abcde"],
        }
    )
    removed = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "kind": ["cross_link", "embed", "cross_link"],
            "rule": ["related_paragraph", "embed_marker", "related_paragraph"],
            "text": ["Related: foo", "WATCH:", "Related:\n foo"],
            "start": [0, 20, 0],
            "end": [12, 26, 13],
            "body_pos": [0, 10, 0],
        }
    )
    rep = pd.DataFrame({"path": ["a", "b", "c"], "doc_id": ["a", "b", "c"], "status": "loaded"})
    return cu.Corpus(docs, rep, removed, source=Path("hand-made"))


def test_removal_summary_by_hand():
    table = report.removal_summary(_hand_made(), by="outlet", top=3)
    # X: kept 10 + 20 chars; removed 12 + 6 + 13 = 31 chars; "Related: foo" twice
    # (white space collapsed), "WATCH:" once. The article without an outlet comes last.
    assert table["group"].tolist() == ["X", "X", "(no outlet)"]
    x = table.iloc[0]
    assert (x["articles"], x["spans"], x["chars_before"], x["chars_removed"]) == (2, 3, 61, 31)
    assert x["share"] == pytest.approx(31 / 61)
    assert table[["rank", "text", "count", "kind", "rule"]].iloc[:2].values.tolist() == [
        [1, "Related: foo", 2, "cross_link", "related_paragraph"],
        [2, "WATCH:", 1, "embed", "embed_marker"],
    ]
    last = table.iloc[2]
    assert (last["articles"], last["spans"], last["chars_before"], last["rank"]) == (1, 0, 5, 0)
    assert last["share"] == 0.0
    assert report.removal_sentence(table) == (
        "Cleaning removed 31 of 66 characters (47.0%) in 3 spans; the most in X "
        "(50.8% of its characters)."
    )


def test_removed_share_data_pools_the_rest():
    summary = pd.DataFrame(
        {
            "group": list("ABCDE"),
            "articles": [5, 4, 3, 2, 1],
            "spans": [1, 1, 1, 1, 1],
            "chars_before": [100, 80, 60, 40, 20],
            "chars_removed": [10, 8, 6, 4, 2],
            "share": [0.1, 0.1, 0.1, 0.1, 0.1],
        }
    )
    data = plots.removed_share_data(summary, top=2)
    assert data["group"].tolist() == ["A", "B", "(others: 3)"]
    assert data.iloc[2][["articles", "spans", "chars_before", "chars_removed"]].tolist() == [
        6,
        3,
        120,
        12,
    ]
    assert data["share"].iloc[2] == pytest.approx(0.1)
    assert len(plots.removed_share_data(summary, top=4)) == 5  # never pool a single group
    ax = plots.plot_removed_share(data)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["(others: 3)", "B", "A"]
    assert ax.figure.get_size_inches()[1] <= 9.0


def _sections(tmp_path: Path, outlet_cue: bool) -> cu.Corpus:
    """Four articles in two section folders; with ``outlet_cue`` three name an outlet."""
    root = tmp_path / "sections"
    texts = {
        "business/001.txt": "Shares rise\n\nShares rose on Monday, a trader told Reuters.\n",
        "business/002.txt": "Oil falls\n\nOil prices fell again this week.\n",
        "sport/001.txt": "Cup final\n\nThe final was played in the rain.\n",
        "sport/002.txt": "New coach\n\nThe club named a new coach on Friday.\n",
    }
    if not outlet_cue:
        texts["business/001.txt"] = "Shares rise\n\nShares rose on Monday.\n"
    for rel, text in texts.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return cu.load_corpus(root, metadata=False)


def test_choose_group_by_takes_the_folders_when_the_data_gives_no_outlet(tmp_path):
    corpus = _sections(tmp_path, outlet_cue=True)
    # the one outlet ("told Reuters") is read from the text: it does not count as given
    assert corpus.docs["folder"].tolist() == ["business", "business", "sport", "sport"]
    assert report.choose_group_by(corpus) == (
        "folder",
        "only 0 of 4 articles have an outlet given by the data; "
        "the files sit in 2 folders: grouped by folder.",
    )
    assert report.choose_group_by(corpus, "outlet") == ("outlet", "grouped by `outlet`, as asked.")


def test_choose_group_by_keeps_the_outlet_when_most_articles_have_one(mixed, tmp_path):
    # mixed: 3 of 5 articles have an outlet from the CSV column
    assert report.choose_group_by(mixed) == (
        "outlet",
        "3 of 5 articles have an outlet given by the data: grouped by outlet.",
    )
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.txt").write_text("Title\n\nBody text here.\n", encoding="utf-8")
    flat = cu.load_corpus(one, metadata=False)  # no outlet, no folders: outlet, nothing to compare
    assert report.choose_group_by(flat)[0] == "outlet"


def test_group_sentence_is_short_when_nothing_is_missing_or_inferred(tmp_path):
    corpus = _sections(tmp_path, outlet_cue=False)
    assert report.group_sentence(corpus, "folder") == (
        "All 4 articles have a folder, given by the data."
    )


def test_removed_share_title_reads_for_tiny_shares_and_pooled_groups():
    """BBC: 45 of 4,290,519 characters removed, all in articles with no outlet."""
    data = pd.DataFrame(
        {
            "group": ["BBC", "(no outlet)"],
            "articles": [235, 1961],
            "spans": [0, 1],
            "chars_before": [614074, 4290519],
            "chars_removed": [0, 45],
            "share": [0.0, 45 / 4290519],
        }
    )
    ax = plots.plot_removed_share(data, by="outlet")
    assert ax.get_title().replace("\n", " ") == (
        "What cleaning removed per outlet: up to 0.001% of the characters in (no outlet)"
    )
    labelled = plots.plot_removed_share(data.assign(share=[0.24, 0.0]), by="labels")
    assert labelled.get_title().replace("\n", " ") == (
        "What cleaning removed per value of labels: up to 24% of the characters (BBC)"
    )
    ones = data.assign(group=["1", "0"], share=[0.024, 0.02])
    labelled = plots.plot_removed_share(ones, by="labels")
    assert labelled.get_title().replace("\n", " ") == (
        "What cleaning removed per value of labels: up to 2% of the characters (labels = 1)"
    )
    # the bars are drawn bottom-up, so the last row is the lowest tick
    assert [t.get_text() for t in labelled.get_yticklabels()] == ["labels = 0", "labels = 1"]


def test_article_lengths_name_up_to_twelve_outlets_when_there_are_many_articles(tmp_path):
    """50 articles from 15 outlets: 12 by name, the 3 smallest as "(others: 3 outlets)"."""
    rows = [
        {"id": f"a{i:02d}", "outlet": f"Outlet {i % 15:02d}", "text": f"Story {i} about rain."}
        for i in range(50)
    ]
    corpus = cu.load_corpus(_csv(tmp_path, rows))
    data = plots.article_lengths_data(corpus)
    names = set(data["outlet"])
    # outlets 00-04 have 4 articles, 05-14 have 3: ties in order of appearance keep 05-11
    assert len(names) == 13 and "(others: 3 outlets)" in names
    assert {"Outlet 12", "Outlet 13", "Outlet 14"}.isdisjoint(names)
    ax = plots.plot_article_lengths(data)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) == 13 and "(others: 3 outlets) (n=9)" in ticks
    assert ax.figure.get_size_inches()[1] <= 12


def test_sentences_about_groups_read_for_a_plural_column_name(tmp_path):
    """A column named in the plural ("labels") is never written "labelss"."""
    rows = [
        {"id": "a", "labels": "1", "text": "Rain fell on the town."},
        {"id": "b", "labels": "1", "text": "The bridge was closed."},
        {"id": "c", "labels": "0", "text": "The market opened early."},
    ]
    c = cu.load_corpus(_csv(tmp_path, rows), cache=False)
    ok, why = report.can_compare(c, by="labels")
    assert (ok, why) == (True, "2 values of labels to compare: 1 (2 articles), 0 (1 article).")
    assert not report.can_compare(c, by="labels", min_groups=3)[1].count("labelss")
    assert "labelss" not in " ".join(report.caveats(c, by="labels"))


def test_duplicates_sentence_says_whether_copies_count(tmp_path):
    story = "Rain fell on the town all day and the river rose over the bank."
    rows = [
        {"id": "a1", "outlet": "Alpha", "text": story},
        {"id": "a2", "outlet": "Alpha", "text": story},  # the same outlet again
        {"id": "b1", "outlet": "Beta", "text": story},  # the story in another outlet
        {"id": "b2", "outlet": "Beta", "text": "The market opened early and traders were calm."},
    ]
    path = _csv(tmp_path, rows)
    kept = report.duplicates_sentence(cu.load_corpus(path, cache=False))
    assert kept.startswith("**2 articles repeat another**: 2 exact copies")
    assert "count in every analysis** (`drop_duplicates=False`)" in kept
    assert kept.endswith("1 of the 2 copies repeats an article of another outlet.")
    dropped = report.duplicates_sentence(cu.load_corpus(path, cache=False, drop_duplicates=True))
    assert "**left out of every analysis** (`drop_duplicates=True`)" in dropped
    assert "another outlet" not in dropped


def test_duplicates_sentence_without_copies(mixed):
    assert report.duplicates_sentence(mixed).startswith("No article repeats another")
