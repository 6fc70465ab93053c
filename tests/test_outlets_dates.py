"""Outlets from the data first (URL domains), text cues only as self-reference, and
dates that are never invented (empty cells stay undated, a plausible date window)."""

from __future__ import annotations

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils.prepare.metadata import DateWindow, infer_outlet, outlet_from_url, read_date_cell

T = pd.Timestamp


def _write_csv(path, rows: list[dict]) -> None:
    pd.DataFrame(rows).to_csv(path, index=False)


def _docs(corpus: cu.Corpus) -> pd.DataFrame:
    return corpus.docs.set_index("doc_id")


def _reason(corpus: cu.Corpus, doc_id: str) -> str:
    rows = corpus.report[corpus.report["doc_id"] == doc_id]
    return "; ".join(rows["reason"])


# --- outlet from a URL ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "outlet", "host"),
    [
        ("https://tass.com/politics/1234", "TASS", "tass.com"),
        ("http://www.aljazeera.com/news/2017/4/5/x", "Al Jazeera", "aljazeera.com"),
        ("https://www.bbc.co.uk/news/world-1", "BBC", "bbc.co.uk"),
        ("https://news.bbc.co.uk/2/hi/middle_east/1.stm", "BBC", "news.bbc.co.uk"),
        ("https://m.bbc.com/news/x", "BBC", "bbc.com"),
        ("https://www.rte.ie/news/2017/0405/x.html", "RTÉ", "rte.ie"),
        ("https://amp.cnn.com/cnn/2017/04/05/x", "CNN", "cnn.com"),
        ("english.alarabiya.net/en/News/2017/x.html", "Al Arabiya", "english.alarabiya.net"),
        ("https://WWW.SANA.SY/en/?p=1", "SANA", "sana.sy"),
        ("http://nna-leb.gov.lb/en/1", "National News Agency (Lebanon)", "nna-leb.gov.lb"),
        ("https://english.ahram.org.eg/News/1.aspx", "Ahram Online", "english.ahram.org.eg"),
        ("https://gate.ahram.org.eg/News/1.aspx", "Al-Ahram", "gate.ahram.org.eg"),
        ("https://www.gazette.example/a/b", "gazette.example", "gazette.example"),
    ],
)  # fmt: skip
def test_outlet_from_url(url, outlet, host):
    assert outlet_from_url(url) == (outlet, host)


@pytest.mark.parametrize("url", ["", None, "not a url", "n/a", float("nan")])
def test_outlet_from_a_non_url_is_none(url):
    assert outlet_from_url(url) == (None, None)


def test_every_fakes_outlet_domain_is_in_the_table():
    for domain in ["ahram.org.eg", "almanar.com.lb", "alalam.ir", "alaraby.co.uk",
                   "dailysabah.com", "sana.sy", "sputniknews.com", "etilaf.org",
                   "trtworld.com", "jordantimes.com", "reuters.com", "english.alarabiya.net",
                   "nna-leb.gov.lb", "aawsat.com", "tass.com"]:  # fmt: skip
        outlet, host = outlet_from_url(f"https://{domain}/x")
        assert host == domain and outlet != domain, domain


def test_url_column_gives_the_outlet_and_stays_a_column(tmp_path):
    f = tmp_path / "scrape.csv"
    _write_csv(
        f,
        [
            {"id": "1", "link": "https://tass.com/world/1", "text": "Talks resumed in Astana."},
            {"id": "2", "link": "https://www.somepaper.example/x", "text": "A second story."},
            {"id": "3", "link": "", "text": "The third story told Newsweek nothing."},
        ],
    )
    c = cu.load_corpus(f)
    docs = _docs(c)
    assert docs.loc["1", "outlet"] == "TASS"
    assert docs.loc["1", "outlet_basis"] == "domain of column link: tass.com"
    assert docs.loc["2", "outlet"] == "somepaper.example"
    assert docs.loc["1", "link"] == "https://tass.com/world/1"
    # the input has an outlet source (a URL column): text cues are not read for row 3
    assert pd.isna(docs.loc["3", "outlet"])
    assert docs.loc["3", "outlet_basis"].startswith("none: column link gives this article no")


def test_outlet_column_wins_over_the_url_and_an_empty_cell_falls_back_to_it(tmp_path):
    f = tmp_path / "t.csv"
    _write_csv(
        f,
        [
            {"text": "One.", "source": "Al Manar", "url": "https://tass.com/1"},
            {"text": "Two.", "source": "", "url": "https://www.reuters.com/2"},
        ],
    )
    docs = _docs(cu.load_corpus(f))
    assert docs.loc["line2", "outlet"] == "Al Manar"
    assert docs.loc["line2", "outlet_basis"] == "column source"
    assert docs.loc["line3", "outlet"] == "Reuters"
    assert docs.loc["line3", "outlet_basis"] == "domain of column url: reuters.com"


def test_url_outlet_is_the_given_outlet_handed_to_the_builder(tmp_path, monkeypatch):
    """The boilerplate learner groups articles by the given outlet: a URL-derived
    outlet must be in it, not added afterwards."""
    from corpus_utils.prepare import load

    seen = []
    real_add = load._Builder.add

    def spy(self, doc_id, raw, rel, **kw):
        seen.append((doc_id, (kw.get("given") or {}).get("outlet")))
        return real_add(self, doc_id, raw, rel, **kw)

    monkeypatch.setattr(load._Builder, "add", spy)
    f = tmp_path / "t.csv"
    _write_csv(f, [{"id": "a", "url": "https://www.aljazeera.com/x", "text": "Story."}])
    cu.load_corpus(f)
    assert seen == [("a", ("Al Jazeera", "domain of column url: aljazeera.com"))]


def test_sidecar_url_column_gives_the_outlet(tmp_path):
    (tmp_path / "a.txt").write_text("Fighting continued near Aleppo.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Talks resumed in Astana.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,canonical_link\na,https://www.dailysabah.com/x\nb,\n", encoding="utf-8"
    )
    docs = _docs(cu.load_corpus(tmp_path))
    assert docs.loc["a", "outlet"] == "Daily Sabah"
    assert (
        docs.loc["a", "outlet_basis"]
        == "domain of metadata.csv column canonical_link: dailysabah.com"
    )
    assert docs.loc["a", "canonical_link"] == "https://www.dailysabah.com/x"
    assert pd.isna(docs.loc["b", "outlet"])


# --- text cues only as self-reference -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        # an Al Jazeera article quoting a Reuters interview: Reuters is cited elsewhere
        ("A commander told Reuters the town fell. Reuters reported heavy shelling.", None),
        ("He told the Reuters news agency that talks had failed.", None),
        ("A spokesman told Reuters on Monday, according to Reuters.", None),
        # another outlet named (not cited) beside the "told": either could be the cited one
        ("An official told Reuters the town fell. Al Jazeera's reporter saw the damage.", None),
        # "told" backed by a self-reference cue for the same outlet
        ("An official told Newsweek the town fell. Newsweek contacted the ministry.", "Newsweek"),
        # other outlets only cited: "told" stands
        ("According to Reuters, the town fell. A commander told Newsweek it was over.", "Newsweek"),
        ("Officials cited in CNN and Agence France-Presse blamed Israel; a spokesman told "
         "Newsweek it was false.", "Newsweek"),
        ("STRINGER/AFP/Getty Images\n\nA spokesman told Newsweek it was false.", "Newsweek"),
        # a self-reference cue alone
        ("Al Jazeera could not independently verify the footage.", "Al Jazeera"),
    ],
)  # fmt: skip
def test_told_counts_only_as_self_reference(text, outlet):
    got, basis = infer_outlet(text)
    assert got == outlet
    if outlet is not None:
        assert basis.startswith("inferred: cue in text: ")


def test_a_blocked_told_is_explained():
    outlet, basis = infer_outlet("A commander told Reuters the town fell. Reuters reported it.")
    assert outlet is None
    assert basis == 'no self-reference cue ("told Reuters": the text also cites Reuters)'
    outlet, basis = infer_outlet("An official told Reuters. Al Jazeera's reporter saw it.")
    assert basis == 'no self-reference cue ("told Reuters" may cite another outlet)'


def test_table_outlet_column_means_no_text_cues(tmp_path):
    f = tmp_path / "t.csv"
    _write_csv(
        f,
        [
            {"id": "1", "outlet": "SANA", "text": "An official told Newsweek it was false."},
            {"id": "2", "outlet": "", "text": "An official told Newsweek it was false."},
        ],
    )
    docs = _docs(cu.load_corpus(f))
    assert docs.loc["1", "outlet"] == "SANA"
    assert pd.isna(docs.loc["2", "outlet"])  # not "Newsweek" from the text


def test_folder_without_outlet_source_infers_and_marks_it(tmp_path):
    (tmp_path / "a.txt").write_text("An official told Newsweek it was false.", encoding="utf-8")
    docs = _docs(cu.load_corpus(tmp_path))
    assert docs.loc["a", "outlet"] == "Newsweek"
    assert docs.loc["a", "outlet_basis"] == 'inferred: cue in text: "told Newsweek"'


# --- dates never invented -------------------------------------------------------------


def test_empty_date_cell_stays_undated_not_the_body_date(tmp_path):
    f = tmp_path / "t.csv"
    _write_csv(
        f,
        [
            {"id": "1", "date": "2017-04-05", "text": "The armistice of November 11, 1918."},
            {"id": "2", "date": "", "text": "The armistice of November 11, 1918 and March 2016."},
            {"id": "3", "date": "someday", "text": "On September 6, 2017 it rained."},
        ],
    )
    c = cu.load_corpus(f)
    docs = _docs(c)
    assert docs.loc["1", "published"] == "2017-04-05"
    assert docs.loc["1", "published_start"] == T("2017-04-05")
    for doc_id in ("2", "3"):
        assert pd.isna(docs.loc[doc_id, "published"])
        assert pd.isna(docs.loc[doc_id, "published_start"])
        assert pd.isna(docs.loc[doc_id, "published_end"])
        assert docs.loc[doc_id, "published_basis"].startswith("none: column date gives")
    assert "empty date cell in column date: left undated" in _reason(c, "2")
    assert "date 'someday' not understood in column date" in _reason(c, "3")
    assert docs.loc["3", "published_raw"] == "someday"


def test_dates_outside_the_window_are_flagged_not_plotted(tmp_path):
    f = tmp_path / "t.csv"
    _write_csv(
        f,
        [
            {"id": "old", "date": "1500-01-01", "text": "One."},
            {"id": "ww1", "date": "1918-11-11", "text": "Two."},
            {"id": "ok", "date": "1995-06-30", "text": "Three."},
            {"id": "future", "date": "2999-01-01", "text": "Four."},
        ],
    )
    c = cu.load_corpus(f)
    docs = _docs(c)
    assert docs.loc["ok", "published_start"] == T("1995-06-30")
    for doc_id, raw in (("old", "1500-01-01"), ("ww1", "1918-11-11"), ("future", "2999-01-01")):
        assert pd.isna(docs.loc[doc_id, "published_start"])
        assert docs.loc[doc_id, "published_raw"] == raw
        assert f"date {raw!r} is outside the date window 1990-01-01 to" in _reason(c, doc_id)
    wide = cu.load_corpus(f, date_window=("1900-01-01", "3000-01-01"))
    assert _docs(wide).loc["ww1", "published_start"] == T("1918-11-11")
    # no window reaches past the days pandas can hold (2262-04-11): no crash either
    for doc_id in ("old", "future"):
        assert pd.isna(_docs(wide).loc[doc_id, "published_start"])
    assert "window 1900-01-01 to 2262-04-11" in _reason(wide, "future")


def test_date_window_is_checked():
    with pytest.raises(ValueError, match="date_window"):
        DateWindow.of(("soon", None))
    with pytest.raises(ValueError, match="ends before it starts"):
        DateWindow.of(("2020-01-01", "2010-01-01"))


def test_read_date_cell_keeps_the_written_day_and_names_problems():
    w = DateWindow.of(("1990-01-01", "2030-12-31"))
    assert read_date_cell("2017-09-20T23:30:00-05:00", w) == ("2017-09-20", "")
    assert read_date_cell("2017-09-21T01:30:00+03:00", w) == ("2017-09-21", "")
    assert read_date_cell("", w) == (None, "empty date cell")
    assert read_date_cell("soon", w) == (None, "date 'soon' not understood")


def test_date_column_mixing_offsets_and_empty_cells(tmp_path):
    f = tmp_path / "t.csv"
    _write_csv(
        f,
        [
            {"id": "a", "published": "2017-09-20T23:30:00-05:00", "text": "One."},
            {"id": "b", "published": "", "text": "Two."},
            {"id": "c", "published": "2017-09-21T01:30:00+03:00", "text": "Three."},
            {"id": "d", "published": "2017-09-22 08:00:00Z", "text": "Four."},
        ],
    )
    docs = _docs(cu.load_corpus(f))
    assert docs["published_start"].tolist()[0] == T("2017-09-20")
    assert pd.isna(docs.loc["b", "published_start"])
    assert docs.loc["c", "published_start"] == T("2017-09-21")
    assert docs.loc["d", "published_start"] == T("2017-09-22")


def test_two_date_columns_one_used_the_other_kept_and_noted(tmp_path):
    f = tmp_path / "t.csv"
    _write_csv(f, [{"id": "a", "date": "2017-01-02", "published": "2017-01-03", "text": "One."}])
    c = cu.load_corpus(f)
    docs = _docs(c)
    assert docs.loc["a", "published"] == "2017-01-03"  # published ranks before date
    assert docs.loc["a", "date"] == "2017-01-02"
    notes = c.report[c.report["status"] == "note"]["reason"].tolist()
    assert "published used as the published column; date kept as columns" in notes


def test_sidecar_date_out_of_window_does_not_crash_and_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("Fighting on September 6, 2017.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Talks on September 7, 2017.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("A strike on September 8, 2017.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,published\na,1500-01-01\nb,2017-09-20\nc,\n", encoding="utf-8"
    )
    c = cu.load_corpus(tmp_path)
    docs = _docs(c)
    assert pd.isna(docs.loc["a", "published_start"])
    assert docs.loc["a", "published_raw"] == "1500-01-01"
    assert "'1500-01-01' in metadata.csv is outside the date window" in _reason(c, "a")
    assert docs.loc["b", "published_start"] == T("2017-09-20")
    # an empty sidecar cell stays undated: the body's September 8, 2017 is not used
    assert pd.isna(docs.loc["c", "published"])
    assert "empty published cell in metadata.csv: left undated" in _reason(c, "c")


def test_body_dates_only_without_a_date_source_and_inside_the_window(tmp_path):
    (tmp_path / "a.txt").write_text("Fighting on September 6, 2017.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The armistice of November 11, 1918.", encoding="utf-8")
    c = cu.load_corpus(tmp_path)
    docs = _docs(c)
    assert docs.loc["a", "published"] == "2017-09-06/.."
    assert docs.loc["a", "published_start"] == T("2017-09-06")
    assert pd.isna(docs.loc["b", "published"])
    assert pd.isna(docs.loc["b", "published_start"])
    assert docs.loc["b", "published_basis"].startswith(
        'inferred: latest date in the text: "November'
    )
    assert (
        "dropped: 1918-11-11 is outside the date window 1990-01-01"
        in docs.loc["b", "published_basis"]
    )
    assert "inferred date 1918-11-11 is outside the date window" in _reason(c, "b")
