"""Loading: the report on every file, odd files, duplicates, sidecars and sub-folders."""

from __future__ import annotations

import hashlib
import os

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import paths

ARTICLES = paths.PROJECT_ROOT / "data" / "articles"
BODY = "Syrian troops advanced on the town on Monday, the monitor said.\n"


def _report(corpus) -> dict[str, tuple[str, str]]:
    """path -> (status, reason) for files (the sidecar's unmatched rows excluded)."""
    r = corpus.report[corpus.report["status"] != "unmatched"]
    assert r["path"].is_unique
    return {
        p: (s, reason) for p, s, reason in zip(r["path"], r["status"], r["reason"], strict=True)
    }


# --- the project corpus ---------------------------------------------------------------


def test_report_has_one_row_per_file(corpus):
    files = sorted(os.listdir(ARTICLES))
    assert len(files) == 6
    assert sorted(corpus.report["path"]) == files
    assert list(corpus.report.columns) == ["path", "doc_id", "status", "reason"]


def test_report_statuses(corpus):
    rep = _report(corpus)
    assert rep.pop("metadata.csv")[0] == "metadata"
    assert {s for s, _ in rep.values()} == {"loaded"}
    loaded = corpus.report[corpus.report["status"] == "loaded"]
    assert list(loaded["doc_id"] + ".txt") == list(loaded["path"])
    assert (loaded["reason"] == "").all()


def test_report_with_metadata_false(inferred_corpus):
    status, reason = _report(inferred_corpus)["metadata.csv"]
    assert status == "skipped"
    assert "metadata=False" in reason


def test_docs_of_the_project_corpus(corpus, raw_texts):
    assert len(corpus) == 5
    assert list(corpus.docs["doc_id"]) == sorted(raw_texts)
    assert list(corpus.docs["path"]) == [f"{d}.txt" for d in sorted(raw_texts)]
    assert corpus.docs["duplicate_of"].isna().all()
    assert "folder" not in corpus.docs.columns  # no sub-folders, no folder column
    for col in ("doc_id", "title", "outlet", "published", "published_start", "published_end",
                "text", "title_basis", "outlet_basis", "published_basis", "path"):  # fmt: skip
        assert col in corpus.docs.columns


def test_overview_has_one_row_per_article(corpus):
    ov = corpus.overview()
    assert list(ov.index) == list(corpus.docs["doc_id"])
    assert (ov["words"] > 100).all()
    assert (ov["sentences"] >= ov["paragraphs"]).all()


def test_relative_path_is_found_under_the_project_root(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert len(cu.load_corpus("data/articles")) == 5


def test_single_file(tmp_path):
    c = cu.load_corpus(ARTICLES / "001_bfcef8d604e55000.txt")
    assert list(c.docs["doc_id"]) == ["001_bfcef8d604e55000"]
    assert list(c.report["status"]) == ["loaded"]


# --- hand-made corpora ----------------------------------------------------------------


@pytest.fixture
def odd_corpus(tmp_path):
    """A folder with one file of each odd kind, beside one ordinary article."""
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n\u00a0\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (tmp_path / "cafe.txt").write_bytes(
        "Caf\u00e9 owners said \u201cthe market reopened\u201d on Friday.".encode("cp1252")
    )
    (tmp_path / "notes.md").write_text(BODY, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "good_copy.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "boiler.txt").write_text("Related: Another story\nWATCH:\n", encoding="utf-8")
    (tmp_path / "crlf.txt").write_bytes(
        b"A Headline Here\r\n\r\nFirst paragraph here.\r\n\r\nSecond paragraph here.\r\n"
    )
    (tmp_path / "bom.txt").write_bytes("\ufeffBOM Headline\n\nBody with a BOM.".encode())
    (tmp_path / "utf16.txt").write_bytes("Wide Headline\n\nWide body.".encode("utf-16"))
    return cu.load_corpus(tmp_path)


def test_every_file_gets_a_report_row(odd_corpus, tmp_path):
    files = sorted(p.name for p in tmp_path.iterdir())
    assert sorted(odd_corpus.report["path"]) == files


@pytest.mark.parametrize(
    ("name", "status", "reason_part"),
    [
        ("empty.txt", "skipped", "empty file"),
        ("blank.txt", "skipped", "only white space"),
        ("binary.txt", "skipped", "binary"),
        ("notes.md", "skipped", "not a .txt or .json file (.md)"),
        (".hidden.txt", "skipped", "hidden"),
        ("boiler.txt", "skipped", "no body text left after cleaning"),
        ("cafe.txt", "loaded", "cp1252"),
        ("good.txt", "loaded", ""),
        ("crlf.txt", "loaded", ""),
        ("good_copy.txt", "duplicate", "good"),
    ],
)
def test_odd_file_status_and_reason(odd_corpus, name, status, reason_part):
    got_status, reason = _report(odd_corpus)[name]
    assert got_status == status
    assert reason_part in reason
    if status == "skipped":
        # a skipped .txt file names the doc_id it would have had; other files name none
        row = odd_corpus.report[odd_corpus.report["path"] == name]
        stem = name.rsplit(".", 1)[0]
        if name.endswith(".txt") and not name.startswith("."):
            assert row["doc_id"].tolist() == [stem]
        else:
            assert row["doc_id"].isna().all()
        assert stem not in set(odd_corpus.docs["doc_id"])


def test_all_boilerplate_reason_names_what_was_removed(odd_corpus):
    reason = _report(odd_corpus)["boiler.txt"][1]
    assert "cross_link" in reason and "embed" in reason


def test_cp1252_text_is_decoded(odd_corpus):
    text = odd_corpus.text_of("cafe")
    assert text == "Caf\u00e9 owners said \u201cthe market reopened\u201d on Friday."


def test_duplicate_names_the_original(odd_corpus):
    docs = odd_corpus.docs.set_index("doc_id")
    assert docs.loc["good_copy", "duplicate_of"] == "good"
    assert pd.isna(docs.loc["good", "duplicate_of"])
    assert "same body text as good" in _report(odd_corpus)["good_copy.txt"][1]


def test_crlf_file(odd_corpus):
    docs = odd_corpus.docs.set_index("doc_id")
    assert docs.loc["crlf", "title"] == "A Headline Here"
    assert docs.loc["crlf", "text"] == "First paragraph here.\n\nSecond paragraph here."
    assert not odd_corpus.docs["text"].str.contains("\r").any()


def test_bom_and_utf16(odd_corpus):
    docs = odd_corpus.docs.set_index("doc_id")
    assert docs.loc["bom", "title"] == "BOM Headline"
    assert docs.loc["bom", "text"] == "Body with a BOM."
    assert docs.loc["utf16", "title"] == "Wide Headline"
    assert docs.loc["utf16", "text"] == "Wide body."
    assert "UTF-16" in _report(odd_corpus)["utf16.txt"][1]


def test_loaded_docs_are_exactly_the_loaded_and_duplicate_rows(odd_corpus):
    rep = odd_corpus.report
    kept = rep[rep["status"].isin(["loaded", "duplicate"])]
    assert sorted(odd_corpus.docs["doc_id"]) == sorted(kept["doc_id"])
    assert sorted(odd_corpus.docs["doc_id"]) == [
        "bom",
        "cafe",
        "crlf",
        "good",
        "good_copy",
        "utf16",
    ]


def test_sub_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "name.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "top.txt").write_text("A different article about Aleppo.", encoding="utf-8")
    c = cu.load_corpus(tmp_path)
    docs = c.docs.set_index("doc_id")
    assert sorted(docs.index) == ["sub/name", "top"]
    assert docs.loc["sub/name", "folder"] == "sub"
    assert docs.loc["top", "folder"] == ""
    assert docs.loc["sub/name", "path"] == "sub/name.txt"


def test_hidden_folder_is_skipped(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    c = cu.load_corpus(tmp_path)
    assert list(c.docs["doc_id"]) == ["a"]
    assert _report(c)[".git/x.txt"] == ("skipped", "hidden file")


# --- sidecars -------------------------------------------------------------------------


def test_sidecar_without_doc_id_column(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("id,title\na,A Title\n", encoding="utf-8")
    with pytest.raises(ValueError, match="doc_id") as info:
        cu.load_corpus(tmp_path)
    assert "id, title" in str(info.value)


def test_sidecar_repeated_doc_id(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,X\na,Y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="repeated"):
        cu.load_corpus(tmp_path)


def test_sidecar_bad_date_names_the_row(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,published\na,next week\n", encoding="utf-8")
    with pytest.raises(ValueError, match="doc_id a, column published"):
        cu.load_corpus(tmp_path)


def test_sidecar_row_for_a_missing_article(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,outlet\na,Newsweek\nghost,Reuters\n", encoding="utf-8"
    )
    c = cu.load_corpus(tmp_path)
    unmatched = c.report[c.report["status"] == "unmatched"]
    assert list(unmatched["doc_id"]) == ["ghost"]
    assert list(unmatched["path"]) == ["metadata.csv"]
    assert "ghost" in unmatched["reason"].iloc[0]
    assert list(c.docs["doc_id"]) == ["a"]
    assert c.docs["outlet"].tolist() == ["Newsweek"]


def test_sidecar_given_as_a_path(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(BODY, encoding="utf-8")
    side = tmp_path / "elsewhere.csv"
    side.write_text("doc_id,outlet\na,Reuters\n", encoding="utf-8")
    c = cu.load_corpus(tmp_path / "corpus", metadata=side)
    assert c.docs["outlet"].tolist() == ["Reuters"]
    assert c.docs["outlet_basis"].tolist() == ["elsewhere.csv"]
    with pytest.raises(FileNotFoundError, match="sidecar"):
        cu.load_corpus(tmp_path / "corpus", metadata=tmp_path / "nope.csv")


def test_metadata_false_ignores_the_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,Reuters\n", encoding="utf-8")
    c = cu.load_corpus(tmp_path, metadata=False)
    assert c.docs["outlet"].isna().all()


# --- bad paths ------------------------------------------------------------------------


def test_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="no corpus"):
        cu.load_corpus(tmp_path / "does_not_exist")


def test_unsupported_file_type_is_refused(tmp_path):
    f = tmp_path / "articles.docx"
    f.write_bytes(b"PK\x03\x04")
    with pytest.raises(ValueError, match=r"\.docx"):
        cu.load_corpus(f)


def test_empty_folder_is_one_clear_error(tmp_path):
    with pytest.raises(cu.EmptyCorpusError, match="no input files") as info:
        cu.load_corpus(tmp_path)
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)


def test_folder_without_a_readable_article_says_what_it_found(tmp_path):
    (tmp_path / "notes.md").write_text(BODY, encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(cu.EmptyCorpusError) as info:
        cu.load_corpus(tmp_path)
    assert str(info.value) == (
        f"no readable article in {tmp_path}: 3 inputs (2 not a .txt or .json file, 1 empty file)"
    )


def test_an_article_the_removal_leaves_alone_is_not_sent_back():
    """The second step of cleaning returns a changed article with its new body and
    digest, an unchanged one as (None, None): the loader keeps its own copy (the same
    body and digest, so the result is the same)."""
    from corpus_utils.prepare import load

    story = "The army advanced on the town. It held the town."
    out = []
    for raw in (story + "\n\nFollow us on Twitter", story):
        first = load._process(raw, True, "")
        out.append(load._finalise_chunk([(first["cleaned"], first["segments"], {}, "", "")])[0])
    (changed, digest, _, sentences), (same, no_digest, _, same_sentences) = out
    assert changed.body == story  # the pattern's sentence went
    assert digest == hashlib.sha1(story.encode()).hexdigest()
    assert (same, no_digest) == (None, None)
    assert sentences.tolist() == same_sentences.tolist() == [[0, 0, 30], [0, 31, 48]]
