"""Tables (CSV, TSV, JSON Lines, Parquet) as corpora: columns, bad rows, nothing lost."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import paths

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
