"""The corpus cache (Parquet, keyed by inputs and options) and processing on several
processes: both must give exactly the tables a plain, one-process load gives."""

from __future__ import annotations

import random
import warnings

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.corpus import PARALLEL_MIN_DOCS

TABLES = ("docs", "report", "removed", "paragraphs", "sentences")
TOKEN_OPTIONS = ({}, {"merge_actors": False}, {"stem": True, "drop_stop": True})


def assert_same_corpus(a: cu.Corpus, b: cu.Corpus) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    for opts in TOKEN_OPTIONS:
        pd.testing.assert_frame_equal(a.tokens(**opts), b.tokens(**opts), obj=f"tokens {opts}")


@pytest.fixture
def seed_copy(tmp_path):
    """The five seed articles and their sidecar, copied so the test can change them."""
    src = paths.PROJECT_ROOT / "data" / "articles"
    dst = tmp_path / "articles"
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_a_cache_hit_gives_the_same_tables_as_a_plain_load(seed_copy, tmp_path):
    store = tmp_path / "cache"
    first = cu.load_corpus(seed_copy, cache=store)
    assert first.cache_info["status"] == "miss"
    again = cu.load_corpus(seed_copy, cache=store)
    assert again.cache_info["status"] == "hit"
    assert again.cache_info["key"] == first.cache_info["key"]
    plain = cu.load_corpus(seed_copy)
    assert plain.cache_info["status"] == "off"
    assert_same_corpus(again, plain)
    assert_same_corpus(first, plain)  # the corpus that wrote the cache reads it back


def test_the_cache_holds_parquet_and_json_only(seed_copy, tmp_path):
    store = tmp_path / "cache"
    c = cu.load_corpus(seed_copy, cache=store)
    files = sorted(p.name for p in (store / c.cache_info["key"]).iterdir())
    assert "meta.json" in files
    assert {p.rsplit(".", 1)[1] for p in files} == {"parquet", "json"}
    assert "base_tokens_actors.parquet" in files and "base_tokens_words.parquet" in files


def test_meta_json_records_each_table_s_size_and_sha256(seed_copy, tmp_path):
    import hashlib
    import json

    store = tmp_path / "cache"
    entry = store / cu.load_corpus(seed_copy, cache=store).cache_info["key"]
    tables = json.loads((entry / "meta.json").read_text(encoding="utf-8"))["tables"]
    assert set(tables) == {p.stem for p in entry.glob("*.parquet")}
    for name, spec in tables.items():
        data = (entry / f"{name}.parquet").read_bytes()
        assert spec["bytes"] == len(data)
        assert spec["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_changed_file_invalidates_the_cache(seed_copy, tmp_path):
    store = tmp_path / "cache"
    first = cu.load_corpus(seed_copy, cache=store)
    f = seed_copy / "001_bfcef8d604e55000.txt"
    f.write_text(f.read_text(encoding="utf-8") + "\n\nA paragraph added later.", encoding="utf-8")
    second = cu.load_corpus(seed_copy, cache=store)
    assert second.cache_info["status"] == "miss"
    assert second.cache_info["key"] != first.cache_info["key"]
    assert second.text_of("001_bfcef8d604e55000").endswith("A paragraph added later.")
    assert "A paragraph added later." in set(second.sentences["text"])


def test_a_changed_sidecar_invalidates_the_cache(seed_copy, tmp_path):
    store = tmp_path / "cache"
    cu.load_corpus(seed_copy, cache=store)
    meta = pd.read_csv(seed_copy / "metadata.csv", dtype=str, keep_default_na=False)
    meta.loc[meta["doc_id"] == "004_cb82cf225181bd3a", "outlet"] = "Another Outlet"
    meta.to_csv(seed_copy / "metadata.csv", index=False)
    c = cu.load_corpus(seed_copy, cache=store)
    assert c.cache_info["status"] == "miss"
    assert c.docs.set_index("doc_id").loc["004_cb82cf225181bd3a", "outlet"] == "Another Outlet"


@pytest.mark.parametrize(
    "options",
    [{"metadata": False}, {"drop_duplicates": True}, {"outlet_aliases": {"Newsweek": "NW"}}],
)
def test_a_changed_option_uses_another_cache_entry(seed_copy, tmp_path, options):
    store = tmp_path / "cache"
    base = cu.load_corpus(seed_copy, cache=store)
    other = cu.load_corpus(seed_copy, cache=store, **options)
    assert other.cache_info["status"] == "miss"
    assert other.cache_info["key"] != base.cache_info["key"]
    assert_same_corpus(other, cu.load_corpus(seed_copy, **options))
    assert cu.load_corpus(seed_copy, cache=store).cache_info["status"] == "hit"  # base kept


def test_an_alias_file_is_keyed_by_its_content(seed_copy, tmp_path):
    store = tmp_path / "cache"
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,outlet\nNewsweek,NW\n", encoding="utf-8")
    first = cu.load_corpus(seed_copy, cache=store, outlet_aliases=aliases)
    aliases.write_text("alias,outlet\nNewsweek,News Week\n", encoding="utf-8")
    second = cu.load_corpus(seed_copy, cache=store, outlet_aliases=aliases)
    assert second.cache_info["status"] == "miss"
    assert "News Week" in set(second.docs["outlet"])
    assert first.cache_info["key"] != second.cache_info["key"]


def test_a_damaged_cache_is_rebuilt_with_a_warning(seed_copy, tmp_path):
    store = tmp_path / "cache"
    key = cu.load_corpus(seed_copy, cache=store).cache_info["key"]
    (store / key / "docs.parquet").write_bytes(b"not parquet")
    with pytest.warns(UserWarning, match="unreadable"):
        c = cu.load_corpus(seed_copy, cache=store)
    assert c.cache_info["status"] == "miss"
    assert_same_corpus(c, cu.load_corpus(seed_copy))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cu.load_corpus(seed_copy, cache=store).cache_info["status"] == "hit"


def test_a_lazily_read_table_that_went_missing_is_computed_again(seed_copy, tmp_path):
    store = tmp_path / "cache"
    key = cu.load_corpus(seed_copy, cache=store).cache_info["key"]
    c = cu.load_corpus(seed_copy, cache=store)
    assert c.cache_info["status"] == "hit"
    (store / key / "base_tokens_actors.parquet").unlink()
    with pytest.warns(UserWarning, match="computing it again"):
        tokens = c.tokens()
    pd.testing.assert_frame_equal(tokens, cu.load_corpus(seed_copy).tokens())


def test_the_cache_environment_variable_names_the_folder(seed_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_UTILS_CACHE_DIR", str(tmp_path / "elsewhere"))
    c = cu.load_corpus(seed_copy, cache=True)
    assert c.cache_info["path"].startswith(str(tmp_path / "elsewhere"))
    assert (tmp_path / "elsewhere" / c.cache_info["key"] / "meta.json").is_file()


# ----------------------------------------------------------------- several processes

WORDS = (
    "army rebels city talks monitor strike border council minister aid convoy ceasefire "
    "province airbase troops statement market bridge hospital election budget bank trade "
    "court police report village river oil port"
).split()


@pytest.fixture
def many_articles(tmp_path):
    """A folder of 260 short articles (more than PARALLEL_MIN_DOCS) with odd cases mixed
    in: an empty file, an exact copy, a file that is only a cross-link, sub-folders."""
    rng = random.Random(7)
    root = tmp_path / "many"
    for i in range(PARALLEL_MIN_DOCS + 60):
        sub = root / ("a" if i % 2 else "b")
        sub.mkdir(parents=True, exist_ok=True)
        paras = []
        for _ in range(rng.randint(1, 4)):
            sents = [
                " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))).capitalize() + "."
                for _ in range(rng.randint(1, 4))
            ]
            paras.append(" ".join(sents))
        text = f"Headline number {i} about the war\n\n" + "\n\n".join(paras)
        if i % 37 == 0:
            text += "\n\nRelated: Another story about the war"
        (sub / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    (root / "a" / "empty.txt").write_bytes(b"")
    (root / "b" / "copy.txt").write_bytes((root / "b" / "010.txt").read_bytes())
    (root / "a" / "only_link.txt").write_text("Related: A story elsewhere", encoding="utf-8")
    return root


def test_two_processes_give_exactly_what_one_gives(many_articles):
    one = cu.load_corpus(many_articles, n_jobs=1, progress=False)
    two = cu.load_corpus(many_articles, n_jobs=2, progress=True)
    assert len(one.report) == PARALLEL_MIN_DOCS + 60 + 3
    statuses = one.report.set_index("path")["status"]
    assert statuses["a/empty.txt"] == "skipped"
    assert statuses["b/copy.txt"] == "duplicate"
    assert statuses["a/only_link.txt"] == "skipped"
    assert_same_corpus(one, two)


def test_the_report_keeps_the_order_inputs_were_met_in(many_articles):
    c = cu.load_corpus(many_articles, n_jobs=2)
    expected = sorted(p.relative_to(many_articles).as_posix() for p in many_articles.rglob("*"))
    assert c.report["path"].tolist() == [p for p in expected if p.endswith(".txt")]


def test_a_table_on_two_processes_keeps_repeated_ids_apart(tmp_path):
    rows = [
        {"id": f"r{i % 150}", "text": f"Story {i}. " + " ".join(WORDS[i % 7 :] * 3)}
        for i in range(PARALLEL_MIN_DOCS + 20)
    ]
    path = tmp_path / "news.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    one = cu.load_corpus(path, n_jobs=1)
    two = cu.load_corpus(path, n_jobs=2)
    assert_same_corpus(one, two)
    assert "r0#2" in set(two.docs["doc_id"])


def test_n_jobs_zero_is_refused():
    with pytest.raises(ValueError, match="n_jobs"):
        cu.load_corpus(paths.PROJECT_ROOT / "data" / "articles", n_jobs=0)


def test_unchanged_files_are_not_read_again_to_check_the_cache(seed_copy, tmp_path, monkeypatch):
    from corpus_utils.prepare import cache

    monkeypatch.setattr(cache, "RACY_NS", -(10**18))  # trust digests however recent
    store = tmp_path / "cache"
    cu.load_corpus(seed_copy, cache=store)
    read = []
    real = cache._file_digest
    monkeypatch.setattr(cache, "_file_digest", lambda p: read.append(str(p)) or real(p))
    assert cu.load_corpus(seed_copy, cache=store).cache_info["status"] == "hit"
    assert read == []  # six files in the folder, none read: their stat is unchanged


def test_a_same_size_edit_with_the_old_mtime_is_still_seen(seed_copy, tmp_path, monkeypatch):
    import os

    from corpus_utils.prepare import cache

    monkeypatch.setattr(cache, "RACY_NS", -(10**18))
    store = tmp_path / "cache"
    f = seed_copy / "004_cb82cf225181bd3a.txt"
    first = cu.load_corpus(seed_copy, cache=store)
    st = f.stat()
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("Russian", "Rushian", 1), encoding="utf-8")  # same length
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # the old mtime; ctime moves on
    assert f.stat().st_size == st.st_size and f.stat().st_mtime_ns == st.st_mtime_ns
    second = cu.load_corpus(seed_copy, cache=store)
    assert second.cache_info["key"] != first.cache_info["key"]
    assert "Rushian" in second.text_of("004_cb82cf225181bd3a")
