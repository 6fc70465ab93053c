"""Hostile text files: encodings that are not UTF-8, documents of other kinds, invisible
text, CJK articles, long white space. Each loads with its text intact or gets a report
row with a reason a user understands."""

from __future__ import annotations

import pytest

import corpus_utils as cu
from corpus_utils.prepare.clean import clean_text
from corpus_utils.prepare.tables import decode, not_an_article, utf16_without_bom

ZH = (
    "叙利亚政府军周一进入该镇，居民说供水已经中断了三天，"
    "救援机构警告说食品库存将在两周内耗尽，联合国呼吁各方允许人道主义车队通行。"
)
JA = (
    "シリア政府軍は月曜日に町に入った。住民によると、水の供給は三日間止まっており、"
    "支援団体は食料の備蓄が二週間以内に尽きると警告した。"
)


@pytest.mark.parametrize(
    ("text", "encoding", "named"),
    [(ZH, "gb18030", "gb18030"), (JA, "shift_jis", ("cp932", "shift_jis"))],
)
def test_cjk_legacy_encodings_are_detected_not_read_as_cp1252(text, encoding, named):
    got, note = decode(text.encode(encoding))
    assert got == text
    assert note.startswith("not valid UTF-8; decoded as ")
    assert note.split(" as ")[1].split(" ")[0] in (named if isinstance(named, tuple) else (named,))


def test_western_text_that_is_not_utf8_stays_cp1252():
    text = "Café owners said the market reopened on Monday — after the attack."
    assert decode(text.encode("cp1252")) == (text, "not valid UTF-8; decoded as cp1252")


def test_utf16_without_a_bom_is_recognised_and_not_called_binary(tmp_path):
    (tmp_path / "a.txt").write_bytes("Headline\n\nThe army took the town.".encode("utf-16-be"))
    assert utf16_without_bom("The army took the town.".encode("utf-16-le")) == "utf-16-le"
    corpus = cu.load_corpus(tmp_path)
    assert corpus.docs.loc[0, "text"] == "The army took the town."
    assert "UTF-16-BE" in corpus.report.loc[0, "reason"]


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "an SVG image"),
        (b"\n<!DOCTYPE html>\n<html><body><p>The army advanced.</p></body></html>", "an HTML page"),
        (b"<div class='x'><body><p>The army advanced.</p></body></div>", "an HTML page"),
    ],
)
def test_documents_of_other_kinds_are_skipped_with_their_kind(tmp_path, data, why):
    (tmp_path / "doc.txt").write_bytes(data)
    (tmp_path / "ok.txt").write_text("The army took the town on Monday.", encoding="utf-8")
    corpus = cu.load_corpus(tmp_path)
    report = corpus.report.set_index("path")
    assert report.loc["doc.txt", "status"] == "skipped"
    assert report.loc["doc.txt", "reason"].startswith(why)
    assert list(corpus.docs["doc_id"]) == ["ok"]


def test_text_that_mentions_html_is_an_article():
    assert not_an_article(b"Officials said the <html> tag was found in the leaked page.") is None


def test_a_file_of_only_invisible_characters_is_skipped(tmp_path):
    (tmp_path / "zw.txt").write_text("\u200b\u200c\u200d\u2060\u00ad\u200e\u202e", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("The army took the town on Monday.", encoding="utf-8")
    corpus = cu.load_corpus(tmp_path)
    row = corpus.report.set_index("path").loc["zw.txt"]
    assert row["status"] == "skipped" and row["reason"].startswith("only invisible characters")


def test_a_cjk_article_keeps_its_first_paragraph_and_says_it_is_not_split(tmp_path):
    (tmp_path / "zh.txt").write_text(f"{ZH}\n\n{JA}", encoding="utf-8")
    corpus = cu.load_corpus(tmp_path)
    doc = corpus.docs.iloc[0]
    assert doc["text"] == f"{ZH}\n\n{JA}"  # the long first paragraph is no headline
    assert "sentences and words are not split" in corpus.report.loc[0, "reason"]


def test_a_short_cjk_first_line_can_still_be_a_headline():
    c = clean_text("叙利亚军队进入该镇\n\n" + ZH)
    assert (c.title, c.body) == ("叙利亚军队进入该镇", ZH)


def test_a_run_of_white_space_before_an_inline_link_is_removed_with_it():
    c = clean_text("Title\n\nThe army advanced" + " " * 50_000 + "(RELATED: other story) today.")
    assert c.body == "The army advanced today."
    assert [r.rule for r in c.removed] == ["related_inline"]


def test_a_date_window_or_a_month_in_a_table_stays_a_window(tmp_path):
    import pandas as pd

    rows = {
        "id": ["a", "b", "c"],
        "text": ["The army took the town.", "Residents fled the town.", "Aid arrived there."],
        "date": ["2017-09-20/2017-09-21", "2017-09", "2017-09-06/.."],
    }
    pd.DataFrame(rows).to_csv(tmp_path / "t.csv", index=False)
    docs = cu.load_corpus(tmp_path / "t.csv").docs.set_index("doc_id")

    def window(doc_id):
        start, end = docs.loc[doc_id, "published_start"], docs.loc[doc_id, "published_end"]
        return str(start.date()), None if pd.isna(end) else str(end.date())

    assert window("a") == ("2017-09-20", "2017-09-21")
    assert window("b") == ("2017-09-01", "2017-09-30")
    assert window("c") == ("2017-09-06", None)


def test_invisible_characters_do_not_split_actors_or_outlets_and_offsets_hold(tmp_path):
    import pandas as pd

    text = "Vladimir Pu\u200btin met Bashar al-\u00adAssad in Damascus."
    rows = {"id": ["a", "b"], "outlet": ["Reu\u200bters", "Reuters"], "text": [text, "Putin left."]}
    pd.DataFrame(rows).to_csv(tmp_path / "t.csv", index=False)
    corpus = cu.load_corpus(tmp_path / "t.csv")
    assert corpus.docs["outlet"].tolist() == ["Reuters", "Reuters"]
    toks = corpus.tokens()
    first = toks[toks["doc_id"] == "a"]
    assert first["actor"].dropna().tolist() == ["Vladimir Putin", "Bashar al-Assad"]
    for t in first.itertuples():
        assert text[t.start : t.end] == t.token  # offsets still index the text as given
