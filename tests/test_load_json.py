"""JSON as it comes: a folder of .json files, a .json table, nested fields, JSON Lines ids."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import corpus_utils as cu


def _dump(path, value) -> None:
    path.write_text(json.dumps(value), encoding="utf-8")


def _docs(corpus: cu.Corpus) -> pd.DataFrame:
    return corpus.docs.set_index("doc_id")


def test_folder_of_json_files_loads_like_rows(tmp_path):
    _dump(
        tmp_path / "a.json",
        {
            "headline": "Strikes Hit Idlib",
            "content": ["Russian jets struck Idlib.", "Rescuers searched the rubble."],
            "url": "https://www.reuters.com/world/x",
            "date": "2017-09-20",
            "author": {"name": "A. Writer", "desk": {"city": "Beirut"}},
            "tags": ["syria", "idlib"],
            "id": 77,
        },
    )
    _dump(
        tmp_path / "b.json",
        [
            {"text": "Talks resumed in Astana.", "source": "TASS"},
            {"text": "Both sides attended.", "source": "TASS", "date": ""},
        ],
    )
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    c = cu.load_corpus(tmp_path)
    docs = _docs(c)
    assert sorted(docs.index) == ["a", "b:1", "b:2"]
    assert docs.loc["a", "title"] == "Strikes Hit Idlib"
    assert docs.loc["a", "text"] == "Russian jets struck Idlib.\n\nRescuers searched the rubble."
    assert docs.loc["a", "outlet"] == "Reuters"
    assert docs.loc["a", "outlet_basis"] == "domain of column url: reuters.com"
    assert docs.loc["a", "published"] == "2017-09-20"
    assert docs.loc["a", "author.name"] == "A. Writer"
    assert docs.loc["a", "author.desk.city"] == "Beirut"
    assert docs.loc["a", "tags"] == "syria; idlib"
    assert docs.loc["a", "id"] == "77"  # an id field stays a column; the file names the article
    assert docs.loc["b:1", "outlet"] == "TASS"
    assert len(c.paragraphs[c.paragraphs["doc_id"] == "a"]) == 2
    paths = dict(zip(c.report["path"], c.report["status"], strict=True))
    assert paths["b.json:1"] == "loaded" and paths["a.json"] == "loaded"
    assert paths["notes.md"] == "skipped"


def test_json_file_problems_are_reported_not_raised(tmp_path):
    (tmp_path / "good.json").write_text('{"body": "A good article."}', encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"body": "unterminated', encoding="utf-8")
    _dump(tmp_path / "notext.json", {"title": "Only a title", "views": 3})
    _dump(tmp_path / "mixed.json", [{"body": "First."}, "a string", {"body": "Third."}])
    c = cu.load_corpus(tmp_path)
    assert sorted(c.docs["doc_id"]) == ["good", "mixed:1", "mixed:3"]  # ids by place in the list
    rep = c.report.set_index("path")
    assert rep.loc["broken.json", "reason"].startswith("not valid JSON")
    assert rep.loc["notext.json", "reason"] == (
        "no text field in the JSON; fields found: title, views"
    )
    assert rep.loc["mixed.json:2", "reason"] == "not a JSON object"


def test_nested_list_of_objects_is_dropped_with_a_note(tmp_path):
    f = tmp_path / "t.jsonl"
    rows = [
        {"id": 1, "text": "One.", "images": [{"src": "a.jpg"}], "score": 0.5, "ok": True},
        {"id": 2, "text": "Two.", "images": [], "score": 2, "ok": False},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    c = cu.load_corpus(f)
    docs = _docs(c)
    assert "images" not in docs.columns
    assert docs.loc["1", "score"] == "0.5" and docs.loc["2", "score"] == "2"
    assert docs.loc["1", "ok"] == "true"
    notes = c.report[c.report["status"] == "note"]["reason"].tolist()
    assert notes == ["field 'images' dropped: 1 cell(s) hold nested lists or objects"]


def test_a_json_table_passed_directly(tmp_path):
    f = tmp_path / "news.json"
    _dump(f, [{"id": "x1", "text": "One."}, {"id": "x2", "text": "Two."}, {"text": "Three."}])
    c = cu.load_corpus(f)
    assert c.docs["doc_id"].tolist() == ["x1", "x2", "record3"]
    assert c.report["path"].tolist() == ["news.json:record 1", "news.json:record 2",
                                         "news.json:record 3"]  # fmt: skip


def test_a_json_object_holding_the_records(tmp_path):
    f = tmp_path / "export.json"
    _dump(f, {"count": 2, "articles": [{"body": "One."}, {"body": "Two."}]})
    assert cu.load_corpus(f).docs["text"].tolist() == ["One.", "Two."]


def test_a_json_file_that_is_not_records_is_refused(tmp_path):
    f = tmp_path / "x.json"
    f.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(ValueError, match="not a JSON object"):
        cu.load_corpus(f)
    f.write_text("{broken", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        cu.load_corpus(f)


def test_jsonl_ids_are_kept_as_written(tmp_path):
    f = tmp_path / "t.jsonl"
    f.write_text(
        '{"id": 1, "text": "One."}\n'
        '{"id": null, "text": "Two."}\n'
        '{"id": 9007199254740993, "text": "Three."}\n'
        '{"id": "007", "text": "Four."}\n',
        encoding="utf-8",
    )
    c = cu.load_corpus(f)
    assert c.docs["doc_id"].tolist() == ["1", "line2", "9007199254740993", "007"]


def test_a_json_array_saved_as_jsonl_is_read(tmp_path):
    f = tmp_path / "t.jsonl"
    f.write_text('[\n  {"text": "One."},\n  {"text": "Two."}\n]\n', encoding="utf-8")
    c = cu.load_corpus(f)
    assert c.docs["text"].tolist() == ["One.", "Two."]
    notes = c.report[c.report["status"] == "note"]["reason"].tolist()
    assert notes == ["a JSON array, not JSON Lines: read as a list of records"]


def test_parquet_ids_bytes_and_lists(tmp_path):
    f = tmp_path / "t.parquet"
    big = 2**53 + 1
    pd.DataFrame(
        {
            "id": pd.array([1, big, None], dtype="Int64"),
            "text": [b"Bytes text one.", "Caf\u00e9 two.".encode(), b"Three."],
            "tags": [["a", "b"], [], ["c"]],
        }
    ).to_parquet(f, index=False)
    c = cu.load_corpus(f)
    docs = _docs(c)
    assert docs.index.tolist() == ["1", str(big), "row3"]
    assert docs.loc["1", "text"] == "Bytes text one."
    assert docs.loc[str(big), "text"] == "Caf\u00e9 two."
    assert docs.loc["1", "tags"] == "a; b"
    assert pd.isna(docs.loc[str(big), "tags"])
