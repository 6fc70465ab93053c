"""Metadata: date mentions, date windows, outlet cues, and inference against the sidecar."""

from __future__ import annotations

import csv
import re
from datetime import date

import pandas as pd
import pytest

from corpus_utils import paths
from corpus_utils.prepare.metadata import date_mentions, infer_outlet, infer_published, parse_window

D000 = "000_16ead6e19a73726d"
D001 = "001_bfcef8d604e55000"
D002 = "002_2c5ac41f2e091863"
D003 = "003_194850a5e2a51b40"
D004 = "004_cb82cf225181bd3a"
DOC_IDS = [D000, D001, D002, D003, D004]

T = pd.Timestamp
NaT = pd.NaT

# What each article says about who published it, from reading the text:
#   000 "...told Newsweek that..."; 001 "Newsweek contacted ..." and "Newsweek is unable to
#   independently verify"; 002 never names its outlet (it cites the Associated Press, The
#   Telegraph and Russian state media, none as itself); 003 "...coalition told Newsweek...";
#   004 only its syndication footer ("All content created by the Daily Caller News
#   Foundation...").
INFERRED_OUTLET = {
    D000: "Newsweek",
    D001: "Newsweek",
    D002: None,
    D003: "Newsweek",
    D004: "Daily Caller News Foundation",
}

# The latest fully specified date (or month-year) each raw file mentions, from reading:
#   000 caption "September 6, 2017"; 001 "March 2020" and "March 2023"; 002 only dates
#   without a year ("August 13", "April 3 and July 6"); 003 "November 20, 2017",
#   "September 2015" and "24/6/2018"; 004 "March 2019" ("Jan. 17" has no year).
INFERRED_FROM = {
    D000: "2017-09-06",
    D001: "2023-03-01",
    D002: None,
    D003: "2018-06-24",
    D004: "2019-03-01",
}


@pytest.fixture(scope="module")
def sidecar() -> dict[str, dict[str, str]]:
    """The hand-made sidecar, read with the csv module (not the package)."""
    with open(paths.PROJECT_ROOT / "data" / "articles" / "metadata.csv", encoding="utf-8") as fh:
        return {row["doc_id"]: row for row in csv.DictReader(fh)}


# --- date_mentions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on September 6, 2017, officials met", [date(2017, 9, 6)]),
        ("on Sept. 6, 2017, officials met", [date(2017, 9, 6)]),
        ("on Sept 6 2017", [date(2017, 9, 6)]),
        ("Jan. 17th, 2021", [date(2021, 1, 17)]),
        ("on 6 September 2017", [date(2017, 9, 6)]),
        ("on 2017-09-06", [date(2017, 9, 6)]),
        ("as of 24/6/2018.", [date(2018, 6, 24)]),
        ("as of 6/24/2018.", [date(2018, 6, 24)]),
        ("on 5/6/2018", [date(2018, 5, 6)]),  # 5 June or May 6: the earlier reading
        ("in March 2019", [date(2019, 3, 1)]),
        ("it may 2020 be", []),  # lower-case "may" is the verb
        ("on February 30, 2017", []),  # no such day
        ("on 31/2/2017", []),
        ("on August 13 and July 6", []),  # no year: not fully specified
        ("since 2014", []),
    ],
)
def test_date_mentions(text, expected):
    assert [m.earliest for m in date_mentions(text)] == expected


def test_date_mentions_precision_text_and_order():
    found = date_mentions("In March 2019, and later on September 6, 2017.")
    assert [(m.text, m.precision) for m in found] == [
        ("March 2019", "month"),
        ("September 6, 2017", "day"),
    ]


def test_full_date_is_not_also_read_as_a_month():
    assert len(date_mentions("September 6, 2017")) == 1


def test_infer_published_takes_the_latest_mention():
    window, basis = infer_published("Talks in March 2016; a strike on September 6, 2017.")
    assert window == "2017-09-06/.."
    assert "September 6, 2017" in basis
    assert infer_published("No dates here at all.")[0] is None


# --- parse_window ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-09-20", (T("2017-09-20"), T("2017-09-20"))),
        ("2017-09-20/2017-09-21", (T("2017-09-20"), T("2017-09-21"))),
        ("2017-09-06/..", (T("2017-09-06"), NaT)),
        ("2017-09", (T("2017-09-01"), T("2017-09-30"))),
        ("2016-02", (T("2016-02-01"), T("2016-02-29"))),
        ("2017", (T("2017-01-01"), T("2017-12-31"))),
        (" 2017-09-20 ", (T("2017-09-20"), T("2017-09-20"))),
    ],
)
def test_parse_window(value, expected):
    start, end = parse_window(value)
    assert start == expected[0]
    assert (end is NaT and expected[1] is NaT) or end == expected[1]


@pytest.mark.parametrize("value", [None, "", "   ", float("nan"), pd.NA])
def test_parse_window_unknown(value):
    start, end = parse_window(value)
    assert start is NaT and end is NaT


@pytest.mark.parametrize("value", ["next Tuesday", "2017-13-45", "yesterday/..", "2017-09-20/soon"])
def test_parse_window_bad_value(value):
    with pytest.raises(ValueError, match="YYYY-MM-DD") as info:
        parse_window(value)
    assert "START/END" in str(info.value)


# --- infer_outlet ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("A spokesman told Newsweek that the talks had failed.", "Newsweek"),
        ("Newsweek contacted the ministry for comment.", "Newsweek"),
        ("Newsweek has reached out to the Pentagon.", "Newsweek"),
        ("Newsweek could not independently verify the claims.", "Newsweek"),
        ("The minister said in an email to Reuters that it was false.", "Reuters"),
        ("He denied it, speaking to BBC News on Monday.", "BBC"),
        # two outlets told: either may be the one cited, so neither is taken
        ("A spokesman told Reuters and later told Reuters again; he told Newsweek.", None),
        ("According to Reuters, the town fell.", None),  # citing is not a self-reference
        ("The Associated Press reported the clashes.", None),
    ],
)
def test_infer_outlet_cues(text, outlet):
    assert infer_outlet(text)[0] == outlet


def test_infer_outlet_tie_gives_none():
    outlet, basis = infer_outlet("One official told Reuters; another told Newsweek.")
    assert outlet is None
    assert "conflicting" in basis and "Reuters" in basis and "Newsweek" in basis


def test_infer_outlet_basis_quotes_the_cue():
    outlet, basis = infer_outlet("A spokesman told Newsweek that the talks had failed.")
    assert outlet == "Newsweek"
    assert basis == 'inferred: cue in text: "told Newsweek"'


def test_infer_outlet_from_an_implied_footer():
    outlet, basis = infer_outlet("No cue in this text.", ["Daily Caller News Foundation"])
    assert outlet == "Daily Caller News Foundation"
    assert "syndication footer" in basis
    assert infer_outlet("No cue in this text.") == (None, "no outlet cue in the text")


# --- inference on the five articles versus the sidecar --------------------------------


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_inferred_outlet_agrees_with_the_sidecar_where_the_text_has_a_cue(
    doc_id, inferred_corpus, sidecar
):
    row = inferred_corpus.docs.set_index("doc_id").loc[doc_id]
    expected = INFERRED_OUTLET[doc_id]
    if expected is None:
        assert pd.isna(row["outlet"])
        assert "no outlet cue" in row["outlet_basis"]
    else:
        assert row["outlet"] == expected == sidecar[doc_id]["outlet"]
        assert row["outlet_basis"].startswith("inferred: cue in text")


def test_sentence_initial_speaking_to_is_a_cue():
    assert infer_outlet("Speaking to Newsweek, a U.S. official denied the report.")[0] == "Newsweek"


def test_002_never_names_its_outlet(raw_texts):
    raw = raw_texts[D002]
    assert "Newsweek" not in raw
    # its only "told" is Shoigu who "told state media"
    assert re.findall(r"\btold \w+ \w+", raw) == ["told state media"]


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_inferred_published_lower_bound(doc_id, inferred_corpus, sidecar):
    row = inferred_corpus.docs.set_index("doc_id").loc[doc_id]
    expected = INFERRED_FROM[doc_id]
    if expected is None:
        assert pd.isna(row["published"])
        assert pd.isna(row["published_start"]) and pd.isna(row["published_end"])
        return
    assert row["published"] == f"{expected}/.."
    assert row["published_start"] == T(expected)
    assert pd.isna(row["published_end"])
    side_start = T(sidecar[doc_id]["published"].split("/")[0])
    assert row["published_start"] <= side_start


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_sidecar_values_win(doc_id, corpus, sidecar):
    row = corpus.docs.set_index("doc_id").loc[doc_id]
    side = sidecar[doc_id]
    assert row["outlet"] == side["outlet"]
    assert row["outlet_basis"] == f"metadata.csv: {side['outlet_basis']}"
    assert row["published"] == side["published"]
    assert row["published_basis"] == f"metadata.csv: {side['published_basis']}"
    start, _, end = side["published"].partition("/")
    assert row["published_start"] == T(start)
    assert row["published_end"] == T(end)
    if side["title"]:
        assert row["title"] == side["title"]
        assert row["title_basis"] == "metadata.csv"
    else:  # an empty sidecar cell does not overwrite: there is still no title
        assert pd.isna(row["title"])
        assert row["title_basis"] == "no headline line"


def test_sidecar_fills_what_the_text_cannot_tell(corpus, inferred_corpus):
    assert pd.isna(inferred_corpus.docs.set_index("doc_id").loc[D002, "outlet"])
    assert corpus.docs.set_index("doc_id").loc[D002, "outlet"] == "Newsweek"


def test_sidecar_without_basis_columns_says_metadata_csv(tmp_path):
    import corpus_utils as cu

    (tmp_path / "a.txt").write_text("A spokesman told Reuters the town fell.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,outlet,published,desk\na,Newsweek,2020-05,world\n", encoding="utf-8"
    )
    docs = cu.load_corpus(tmp_path).docs.set_index("doc_id")
    assert docs.loc["a", "outlet"] == "Newsweek"
    assert docs.loc["a", "outlet_basis"] == "metadata.csv"
    assert docs.loc["a", "published_start"] == T("2020-05-01")
    assert docs.loc["a", "published_end"] == T("2020-05-31")
    assert docs.loc["a", "desk"] == "world"  # extra sidecar columns come along
