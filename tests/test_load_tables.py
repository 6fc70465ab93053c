"""Tables (CSV, TSV, JSON Lines, Parquet) as corpora: columns, bad rows, nothing lost."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.prepare import tables

ROWS = [
    {"id": "a1", "headline": "Strikes Hit Idlib", "body": "Russian jets struck Idlib on Monday.",
     "source": "Reuters", "date": "2017-09-20", "region": "idlib"},
    {"id": "a2", "headline": "Talks Resume",
     "body": "Talks resumed in Astana. Both sides attended.",
     "source": "TASS", "date": "9/21/17", "region": "astana"},
    {"id": "a3", "headline": "", "body": "   ", "source": "SANA", "date": "Wed 05 Apr 2017",
     "region": "damascus"},
    {"id": "a4", "headline": "Aleppo", "body": "Fighting continued near Aleppo.",
     "source": "SANA", "date": "sometime in spring", "region": "aleppo"},
]  # fmt: skip


def _by_id(corpus: cu.Corpus) -> dict[str, dict]:
    return {r["doc_id"]: r for r in corpus.docs.to_dict("records")}


def _check_table_corpus(corpus: cu.Corpus, name: str, where: str) -> None:
    docs = _by_id(corpus)
    assert sorted(docs) == ["a1", "a2", "a4"]
    assert docs["a1"]["title"] == "Strikes Hit Idlib"
    assert docs["a1"]["title_basis"] == "column headline"
    assert docs["a1"]["text"] == "Russian jets struck Idlib on Monday."
    assert docs["a1"]["outlet"] == "Reuters"
    assert docs["a1"]["published"] == "2017-09-20"
    assert docs["a2"]["published"] == "2017-09-21"  # 9/21/17, month first
    assert docs["a1"]["region"] == "idlib"  # other columns become metadata
    # an unparseable date is kept as text and named in the report, not guessed
    assert docs["a4"]["published_raw"] == "sometime in spring"
    assert pd.isna(docs["a4"]["published_start"])
    report = corpus.report.set_index("doc_id")
    assert "not understood" in report.loc["a4", "reason"]
    assert report.loc["a3", "status"] == "skipped"
    assert "empty text" in report.loc["a3", "reason"]
    assert report.loc["a3", "path"] == f"{name}:{where}"
    assert len(corpus.sentences[corpus.sentences["doc_id"] == "a2"]) == 2


def test_csv(tmp_path):
    f = tmp_path / "news.csv"
    pd.DataFrame(ROWS).to_csv(f, index=False)
    _check_table_corpus(cu.load_corpus(f), "news.csv", "line 4")  # header is line 1


def test_tsv(tmp_path):
    f = tmp_path / "news.tsv"
    pd.DataFrame(ROWS).to_csv(f, index=False, sep="\t")
    _check_table_corpus(cu.load_corpus(f), "news.tsv", "line 4")


def test_jsonl(tmp_path):
    f = tmp_path / "news.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    _check_table_corpus(cu.load_corpus(f), "news.jsonl", "line 3")


def test_parquet(tmp_path):
    f = tmp_path / "news.parquet"
    pd.DataFrame(ROWS).to_parquet(f, index=False)
    _check_table_corpus(cu.load_corpus(f), "news.parquet", "row 3")


def test_broken_csv_row_is_reported_and_the_rest_loads(tmp_path):
    f = tmp_path / "broken.csv"
    f.write_text(
        "id,text,source\n"
        "1,First article text.,Reuters\n"
        "2,This row has,one field,too many\n"
        "3,Third article text.,AP\n",
        encoding="utf-8",
    )
    c = cu.load_corpus(f)
    assert c.docs["doc_id"].tolist() == ["1", "3"]
    bad = c.report[c.report["status"] == "skipped"]
    assert bad["path"].tolist() == ["broken.csv:line 3"]
    assert "4 fields where the header has 3" in bad["reason"].iloc[0]


def test_bad_jsonl_line_is_reported(tmp_path):
    f = tmp_path / "x.jsonl"
    f.write_text('{"text": "One article."}\n{not json}\n[1, 2]\n{"text": "Two."}\n', "utf-8")
    c = cu.load_corpus(f)
    assert c.docs["doc_id"].tolist() == ["line1", "line4"]  # no id column: the line number
    reasons = dict(zip(c.report["path"], c.report["reason"], strict=True))
    assert "not valid JSON" in reasons["x.jsonl:line 2"]
    assert reasons["x.jsonl:line 3"] == "not a JSON object"


def test_missing_text_column_names_the_columns_found(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,words,site\n1,hello,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"no text column found; columns found: id, words, site"):
        cu.load_corpus(f)


def test_explicit_column_mapping_overrides_the_guess(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,words,text,site\n1,The real article.,a teaser,Al Manar\n", encoding="utf-8")
    c = cu.load_corpus(f, columns={"text": "words", "outlet": "site"})
    assert c.docs["text"].tolist() == ["The real article."]
    assert c.docs["outlet"].tolist() == ["Al Manar"]
    assert c.docs["outlet_basis"].tolist() == ["column site"]
    with pytest.raises(ValueError, match="not in the table"):
        cu.load_corpus(f, columns={"text": "nope"})


def test_repeated_ids_are_kept_under_new_ids(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,text\n7,First story.\n7,A different story.\n", encoding="utf-8")
    c = cu.load_corpus(f)
    assert c.docs["doc_id"].tolist() == ["7", "7#2"]
    assert "repeated" in c.report.set_index("doc_id").loc["7#2", "reason"]


def test_a_table_title_keeps_the_first_line_in_the_body(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text('id,title,text\n1,Given Title,"Short Line\n\nBody sentence here."\n', "utf-8")
    c = cu.load_corpus(f)
    assert c.docs["title"].tolist() == ["Given Title"]
    assert c.docs["text"].iloc[0].startswith("Short Line")


FAKES = paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv"


@pytest.mark.skipif(
    not FAKES.is_file(), reason="../shared/corpora/fa-kes is not beside the project"
)
def test_fakes_every_row_accounted_for():
    raw = pd.read_csv(FAKES, dtype=str)  # independent read of the same file
    c = cu.load_corpus(FAKES)
    rows = c.report[c.report["path"].str.startswith("FA-KES-Dataset.csv:line")]
    assert len(rows) == len(raw)
    assert set(c.docs["outlet"]) == set(raw["source"].str.strip())
    assert c.docs["published_start"].notna().all()
    # no article of another outlet may be swallowed whole by a cleaning rule
    assert not (rows["status"] == "skipped").any()


def test_drop_duplicates_leaves_copies_out_but_reports_them(tmp_path):
    (tmp_path / "a.txt").write_text("One story about Aleppo.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("One story about Aleppo.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Another story.", encoding="utf-8")
    kept = cu.load_corpus(tmp_path)
    assert kept.docs["doc_id"].tolist() == ["a", "b", "c"]
    assert kept.docs["duplicate_of"].tolist()[1] == "a"
    dropped = cu.load_corpus(tmp_path, drop_duplicates=True)
    assert dropped.docs["doc_id"].tolist() == ["a", "c"]
    row = dropped.report.set_index("path").loc["b.txt"]
    assert row["status"] == "duplicate" and "dropped" in row["reason"]


def test_a_readme_in_the_folder_is_not_an_article(tmp_path):
    (tmp_path / "README.TXT").write_text("This folder holds articles.", encoding="utf-8")
    (tmp_path / "001.txt").write_text("An article.", encoding="utf-8")
    c = cu.load_corpus(tmp_path)
    assert c.docs["doc_id"].tolist() == ["001"]
    assert "not read as an article" in c.report.set_index("path").loc["README.TXT", "reason"]


# --- header-less tables ---------------------------------------------------------------

HEADERLESS = (
    "3,Strikes Hit Idlib Again,Russian jets struck Idlib on Monday. Rescuers searched.\n"
    "4,Talks Resume In Astana,Talks resumed in Astana on Tuesday. Both sides attended.\n"
)


def test_a_headerless_csv_keeps_its_first_row(tmp_path):
    f = tmp_path / "h.csv"
    f.write_text(HEADERLESS, encoding="utf-8")
    c = cu.load_corpus(f)
    docs = c.docs.set_index("doc_id")
    assert docs.index.tolist() == ["3", "4"]
    assert docs.loc["3", "title"] == "Strikes Hit Idlib Again"
    assert docs.loc["3", "text"] == "Russian jets struck Idlib on Monday. Rescuers searched."
    assert c.report["path"].tolist()[-2:] == ["h.csv:line 1", "h.csv:line 2"]
    note = c.report[c.report["status"] == "note"]["reason"].iloc[0]
    assert note.startswith("no header row: columns named col1..col3")
    assert "text=col3" in note and "doc_id=col1" in note and "title=col2" in note


def test_header_false_with_columns(tmp_path):
    f = tmp_path / "h.tsv"
    f.write_text("x\tFirst body text.\ny\tSecond body text.\n", encoding="utf-8")
    c = cu.load_corpus(f, header=False, columns={"text": "col2", "doc_id": "col1"})
    assert c.docs["doc_id"].tolist() == ["x", "y"]
    assert c.docs["text"].tolist() == ["First body text.", "Second body text."]


def test_an_unknown_header_is_refused_with_the_header_false_advice(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("a,b,words of it\nx,y,z\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        cu.load_corpus(f)
    assert "no text column found; columns found: a, b, words of it" in str(info.value)
    assert "header=False, columns={'text': 'col3'}" in str(info.value)


def test_header_true_keeps_a_data_looking_first_row_as_the_header(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("1,text\n2,Second.\n", encoding="utf-8")
    c = cu.load_corpus(f, header=True)
    assert c.docs["text"].tolist() == ["Second."]


# --- hostile tables -------------------------------------------------------------------


def test_a_stray_quote_costs_its_own_row_only(tmp_path):
    f = tmp_path / "q.csv"
    f.write_text('id,text\n1,"Open quote\n2,Second.\n3,Third.\n', encoding="utf-8")
    c = cu.load_corpus(f)
    assert c.docs["doc_id"].tolist() == ["2", "3"]
    bad = c.report[c.report["status"] == "skipped"]
    assert bad["path"].tolist() == ["q.csv:line 2"]
    assert bad["reason"].iloc[0].startswith("malformed row: a quote mark is never closed")


def test_a_quote_closed_rows_later_does_not_swallow_them(tmp_path):
    f = tmp_path / "q.csv"
    f.write_text('id,text\n1,"Open quote\n2,Second.\n3,Third."\n4,Fourth.\n', encoding="utf-8")
    c = cu.load_corpus(f)
    assert c.docs["doc_id"].tolist() == ["2", "3", "4"]
    assert c.docs["text"].tolist() == ["Second.", 'Third."', "Fourth."]
    bad = c.report[c.report["status"] == "skipped"]
    assert bad["path"].tolist() == ["q.csv:line 2"]
    notes = c.report[c.report["status"] == "note"]
    assert notes["path"].tolist() == ["q.csv:line 4"]
    assert "stray quote mark" in notes["reason"].iloc[0]


def test_text_after_a_closing_quote_is_read_leniently_and_noted(tmp_path):
    f = tmp_path / "q.csv"
    f.write_text('id,text\n1,"We won," he said.\n2,Second.\n', encoding="utf-8")
    c = cu.load_corpus(f)
    assert c.docs["doc_id"].tolist() == ["1", "2"]
    notes = c.report[c.report["status"] == "note"]
    assert notes["path"].tolist() == ["q.csv:line 2"]
    assert "stray quote mark" in notes["reason"].iloc[0]


def test_tsv_without_csv_quoting_keeps_quote_marks(tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text('id\ttext\n1\t"We won," he said.\n2\t"Quoted" at the start.\n', "utf-8")
    c = cu.load_corpus(f)
    assert c.docs["text"].tolist() == ['"We won," he said.', '"Quoted" at the start.']


def test_tsv_written_with_csv_quoting_is_unquoted(tmp_path):
    f = tmp_path / "t.tsv"
    rows = [{"id": "1", "text": 'He said "no".\n\nThen left.'}, {"id": "2", "text": "Plain."}]
    pd.DataFrame(rows).to_csv(f, sep="\t", index=False)
    c = cu.load_corpus(f)
    assert c.docs["text"].tolist() == ['He said "no".\n\nThen left.', "Plain."]


def test_a_cell_longer_than_the_csv_module_default(tmp_path):
    f = tmp_path / "big.csv"
    body = "word " * 40_000  # 200,000 characters, over csv's 131,072 default
    pd.DataFrame([{"id": "1", "text": body.strip()}, {"id": "2", "text": "Small."}]).to_csv(
        f, index=False
    )
    c = cu.load_corpus(f)
    assert c.docs["doc_id"].tolist() == ["1", "2"]
    assert len(c.docs["text"].iloc[0]) == len(body.strip())


def test_repeated_column_names_are_kept_and_noted(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("id,text,text\n1,The body.,A second text.\n", encoding="utf-8")
    c = cu.load_corpus(f)
    assert c.docs["text"].tolist() == ["The body."]
    assert c.docs["text_2"].tolist() == ["A second text."]
    notes = c.report[c.report["status"] == "note"]["reason"].tolist()
    assert "column name 'text' repeated: kept as text_2" in notes


def test_columns_named_like_the_package_own_are_renamed(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(
        "id,text,start,end,token,sent_id,norm,voice,path,path_input\n1,Body.,s,e,t,i,n,v,p,pi\n",
        encoding="utf-8",
    )
    row = cu.load_corpus(f).docs.iloc[0]
    for name, value in [("start", "s"), ("end", "e"), ("token", "t"), ("sent_id", "i"),
                        ("norm", "n"), ("voice", "v")]:  # fmt: skip
        assert row[f"{name}_input"] == value
    assert row["path"] == "r.csv:line 2"  # the package's own column
    assert row["path_input"] == "pi"  # an input column of that name keeps it
    assert row["path_input_input"] == "p"


def test_utf32_with_bom(tmp_path):
    f = tmp_path / "u.csv"
    f.write_bytes("id,text\n1,Caf\u00e9 society.\n".encode("utf-32"))
    c = cu.load_corpus(f)
    assert c.docs["text"].tolist() == ["Caf\u00e9 society."]
    assert "decoded as UTF-32 (byte-order mark)" in c.report["reason"].tolist()


def test_semicolon_csv_is_sniffed(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("id;text;source\n1;Hello, world.;Reuters\n2;Bye, then.;AP\n", "utf-8")
    c = cu.load_corpus(f)
    assert c.docs["text"].tolist() == ["Hello, world.", "Bye, then."]
    assert c.docs["outlet"].tolist() == ["Reuters", "AP"]


def test_an_excel_file_renamed_csv_is_named_as_such(tmp_path):
    f = tmp_path / "x.csv"
    f.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00binary")
    with pytest.raises(ValueError, match=r"not a text table \(looks like a ZIP/Excel file\)"):
        cu.load_corpus(f)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=8),
            st.text(
                alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\x00"),
                min_size=1,
                max_size=60,
            ).filter(lambda t: t.strip()),
        ),
        min_size=1,
        max_size=6,
        unique_by=lambda r: r[0].strip(),
    ).filter(lambda rows: all(r[0].strip() for r in rows))
)
def test_any_table_written_by_pandas_reads_back(tmp_path_factory, rows):
    f = tmp_path_factory.mktemp("prop") / "t.csv"
    pd.DataFrame([{"id": i, "text": t} for i, t in rows]).to_csv(f, index=False)
    table = tables.read_table(f)
    assert table.skipped == []
    assert table.frame["id"].tolist() == [i for i, _ in rows]
    assert table.frame["text"].tolist() == [t.replace("\r", "") for _, t in rows]


# --- the text is not read for an outlet or a date the table's columns give -----------


def _refuse(*args, **kwargs):
    raise AssertionError("inference ran although the table has the column")


def test_no_inference_when_the_table_has_outlet_and_date_columns(tmp_path, monkeypatch):
    from corpus_utils.prepare import articles, load

    # the per-article work (prepare.articles) is where the inference would run
    monkeypatch.setattr(articles, "infer_outlet", _refuse)
    monkeypatch.setattr(articles, "infer_published", _refuse)
    p = tmp_path / "news.csv"
    p.write_text(
        "id,outlet,date,text\n"
        'a,Reuters,2017-04-05,"Told Newsweek on Monday, March 3, 2016, that it ended."\n'
        'b,,,"Newsweek reported the strike on 4 April 2017."\n'
    )
    c = load.load_corpus(p)
    docs = c.docs.set_index("doc_id")
    assert docs.loc["a", "outlet"] == "Reuters" and docs.loc["a", "published"] == "2017-04-05"
    # b's blank cells: no outlet, no date, the same basis as when the text was read
    assert pd.isna(docs.loc["b", "outlet"]) and pd.isna(docs.loc["b", "published"])
    assert docs.loc["b", "outlet_basis"].startswith("none: column outlet gives this article")
    assert docs.loc["b", "published_basis"].startswith("none: column date gives this article")


def test_inference_still_runs_for_a_table_without_those_columns(tmp_path, monkeypatch):
    from corpus_utils.prepare import articles, load

    calls = []
    real = articles.infer_outlet
    monkeypatch.setattr(articles, "infer_outlet", lambda *a: calls.append(1) or real(*a))
    p = tmp_path / "news.csv"
    p.write_text('id,text\nb,"Newsweek reported the strike on 4 April 2017."\n')
    c = load.load_corpus(p)
    assert calls == [1]
    assert c.docs["published"].tolist() == ["2017-04-04/.."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("\n", ["\n"]),
        ("a", ["a"]),
        ("a\n", ["a\n"]),
        ("a\n\nb\n", ["a\n", "\n", "b\n"]),
        ("a\x1eb\x85c\nd", ["a\x1eb\x85c\n", "d"]),  # only \n ends a line
    ],
)
def test_line_offsets_give_the_physical_lines(text: str, expected: list[str]) -> None:
    """The CSV reader keeps line offsets, not the lines: the same lines as the list."""
    lines = tables.Lines(text)
    assert tables.physical_lines(text) == expected
    assert list(lines.iter_from(0)) == expected
    assert len(lines) == len(expected)
    assert [lines[i] for i in range(len(lines))] == expected
    assert lines[1:] == expected[1:]
    assert list(lines.iter_from(1)) == expected[1:]
    if expected:
        assert lines[-1] == expected[-1]
    with pytest.raises(IndexError):
        lines[len(expected)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab\n\r\x1e\x85 ", max_size=40), st.integers(0, 6))
def test_line_offsets_equal_the_list_on_any_text(text: str, first: int) -> None:
    whole = tables.physical_lines(text)
    lines = tables.Lines(text)
    assert list(lines.iter_from(first)) == whole[first:]
    assert lines[first : first + 3] == whole[first : first + 3]
