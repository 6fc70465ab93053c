"""Hostile inputs for the file walker and the cache: every entry gets a report row,
nothing outside the corpus folder is read or written through a link, a damaged or
tampered cache is rebuilt with a warning, and a cache that cannot be written never
throws the prepared corpus away.

The tests run as root, where ``chmod 000`` does not stop reads: unreadable entries are
simulated by monkeypatching ``os.scandir`` / ``open`` to raise ``PermissionError`` for
one path, as the tests below say.
"""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils.corpus import run_chunks
from corpus_utils.prepare import cache, walk

ARTICLE = "Headline {n} about the talks\n\nThe council met on {n} March. Ministers spoke.\n"


def write_articles(folder: Path, names: list[str]) -> None:
    for i, name in enumerate(names):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE.format(n=i + 1), encoding="utf-8")


def report_rows(corpus: cu.Corpus) -> dict[str, tuple[str, str]]:
    r = corpus.report
    return dict(zip(r["path"], zip(r["status"], r["reason"], strict=True), strict=True))


@pytest.fixture
def corpus_dir(tmp_path):
    root = tmp_path / "corpus"
    write_articles(root, ["a.txt", "sub/b.txt"])
    return root


@pytest.fixture
def store(tmp_path):
    return tmp_path / "cache"


def quiet_load(*args, **kwargs) -> cu.Corpus:
    """load_corpus where any warning fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return cu.load_corpus(*args, **kwargs)


# ----------------------------------------------------------------- the file walker


def test_a_folder_that_cannot_be_listed_gets_a_report_row(corpus_dir, store, monkeypatch):
    """Simulated: os.scandir raises PermissionError for corpus/locked (as root, chmod 000
    would not stop the listing)."""
    write_articles(corpus_dir, ["locked/c.txt", "locked/deeper/d.txt"])
    locked = str(corpus_dir / "locked")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    c = quiet_load(corpus_dir, cache=store)
    rows = report_rows(c)
    assert rows == {
        "a.txt": ("loaded", ""),
        "locked": ("skipped", "folder not listed: Permission denied"),
        "sub/b.txt": ("loaded", ""),
    }
    assert sorted(c.docs["doc_id"]) == ["a", "sub/b"]
    key = c.cache_info["key"]
    monkeypatch.setattr(os, "scandir", real_scandir)  # readable again: a new key
    again = quiet_load(corpus_dir, cache=store)
    assert again.cache_info["status"] == "miss" and again.cache_info["key"] != key
    assert sorted(again.docs["doc_id"]) == ["a", "locked/c", "locked/deeper/d", "sub/b"]


def _deep_chain(base: Path, name_len: int, depth: int) -> str:
    """Folders ``x...x/x...x/...`` made with dir_fd (each path step stays short), an
    article in the last; returns the full path of the last folder."""
    fd = os.open(base, os.O_RDONLY)
    name = "x" * name_len
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
        out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, ARTICLE.format(n=9).encode())
        os.close(out)
    finally:
        os.close(fd)
    return os.path.join(base, *[name] * depth)


def test_a_path_longer_than_path_max_gets_a_report_row(corpus_dir, store):
    path_max = os.pathconf("/", "PC_PATH_MAX")
    name_len = 200
    depth = path_max // (name_len + 1) + 2  # the last folders' paths exceed PATH_MAX
    try:
        _deep_chain(corpus_dir, name_len, depth)
    except OSError as err:  # a file system that refuses the chain: simulate it instead
        pytest.fail(f"could not build a folder chain deeper than PATH_MAX: {err}")
    base_len = len(str(corpus_dir)) + 1
    # the first folder whose full path is longer than PATH_MAX - 1 cannot be listed
    lengths = [base_len + k * (name_len + 1) - 1 for k in range(1, depth + 1)]
    first_long = next(k for k, n in enumerate(lengths, start=1) if n >= path_max)
    c = quiet_load(corpus_dir, cache=store)
    rows = report_rows(c)
    deep_rows = {p: v for p, v in rows.items() if p.startswith("x")}
    assert len(deep_rows) == 1  # one row, for the folder, none lost and no crash
    ((path, (status, reason)),) = deep_rows.items()
    assert status == "skipped" and reason == "folder not listed: File name too long"
    assert path.count("/") + 1 == first_long
    assert quiet_load(corpus_dir, cache=store).cache_info["status"] == "hit"


def test_a_symlinked_folder_inside_the_corpus_is_listed_once(corpus_dir, store):
    os.symlink("sub", corpus_dir / "alias")
    c = quiet_load(corpus_dir, cache=store)
    rows = report_rows(c)
    assert rows["alias"] == (
        "skipped",
        "symbolic link to the folder sub (to sub); its files are listed there",
    )
    assert sorted(c.docs["doc_id"]) == ["a", "sub/b"]  # not twice


def test_a_symlinked_folder_outside_is_not_followed_unless_asked(corpus_dir, tmp_path, store):
    outside = tmp_path / "outside"
    write_articles(outside, ["o.txt"])
    os.symlink(outside, corpus_dir / "linked")
    c = quiet_load(corpus_dir, cache=store)
    assert report_rows(c)["linked"] == (
        "skipped",
        f"symbolic link to a folder outside the corpus (to {outside}); not followed",
    )
    assert sorted(c.docs["doc_id"]) == ["a", "sub/b"]
    followed = quiet_load(corpus_dir, cache=store, follow_links=True)
    assert followed.cache_info["key"] != c.cache_info["key"]
    assert sorted(followed.docs["doc_id"]) == ["a", "linked/o", "sub/b"]


def test_follow_links_lists_each_outside_folder_once_and_reports_loops(corpus_dir, tmp_path):
    outside = tmp_path / "outside"
    write_articles(outside, ["o.txt"])
    os.symlink(outside, outside / "again")  # a loop, outside the corpus
    os.symlink(outside, corpus_dir / "one")
    os.symlink(outside, corpus_dir / "two")  # the same folder by a second link
    c = quiet_load(corpus_dir, follow_links=True)
    rows = report_rows(c)
    assert rows["one/again"] == (
        "skipped",
        f"symbolic link loop (to {outside}, a folder that contains it); not followed",
    )
    assert rows["two"] == (
        "skipped",
        f"symbolic link to a folder already listed (to {outside}); not followed",
    )
    assert sorted(c.docs["doc_id"]) == ["a", "one/o", "sub/b"]


def test_a_corpus_folder_that_cannot_be_listed_gets_one_row(corpus_dir, monkeypatch):
    """Simulated: os.scandir raises PermissionError for the corpus folder itself."""
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(corpus_dir):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert walk.scan_files(corpus_dir) == [
        (".", str(corpus_dir), "folder not listed: Permission denied")
    ]


def test_dangling_links_loops_and_fifos_get_report_rows(corpus_dir, store):
    os.symlink("nowhere.txt", corpus_dir / "dangling.txt")
    os.symlink("self.txt", corpus_dir / "self.txt")  # ELOOP
    os.symlink("ping.txt", corpus_dir / "pong.txt")
    os.symlink("pong.txt", corpus_dir / "ping.txt")
    os.symlink("..", corpus_dir / "sub" / "up")  # a folder that contains the link
    os.symlink(".", corpus_dir / "here")
    os.mkfifo(corpus_dir / "pipe.txt")
    c = quiet_load(corpus_dir, cache=store)
    rows = report_rows(c)
    skipped = {p: reason for p, (status, reason) in rows.items() if status == "skipped"}
    assert skipped == {
        "dangling.txt": "dangling symbolic link (to nowhere.txt); nothing to read",
        "here": "symbolic link loop (to ., a folder that contains it); not followed",
        "ping.txt": "symbolic link loop (pong.txt); not followed",
        "pipe.txt": "not a regular file (a FIFO, socket or device); not read",
        "pong.txt": "symbolic link loop (ping.txt); not followed",
        "self.txt": "symbolic link loop (self.txt); not followed",
        "sub/up": "symbolic link loop (to .., a folder that contains it); not followed",
    }
    assert sorted(c.docs["doc_id"]) == ["a", "sub/b"]
    assert quiet_load(corpus_dir, cache=store).cache_info["status"] == "hit"


def test_a_link_to_a_file_outside_the_corpus_is_not_read(corpus_dir, tmp_path, store):
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY MATERIAL\n\nDo not load this file. Ever.\n", encoding="utf-8")
    os.symlink(secret, corpus_dir / "article.txt")
    os.symlink("a.txt", corpus_dir / "same.txt")  # inside: read under its own name
    c = quiet_load(corpus_dir, cache=store)
    rows = report_rows(c)
    assert rows["article.txt"] == (
        "skipped",
        f"symbolic link to a file outside the corpus (to {secret}); not read",
    )
    assert rows["same.txt"] == ("duplicate", "same body text as a")
    assert not c.docs["text"].str.contains("PRIVATE").any()
    again = quiet_load(corpus_dir, cache=store)
    assert again.cache_info["status"] == "hit"
    assert not again.docs["text"].str.contains("PRIVATE").any()
    # the digest record names no path outside the corpus
    (record,) = (store / "inputs").iterdir()
    assert sorted(json.loads(record.read_text())["files"]) == ["a.txt", "same.txt", "sub/b.txt"]


def test_a_metadata_sidecar_linked_from_outside_is_not_read(corpus_dir, tmp_path):
    side = tmp_path / "elsewhere.csv"
    side.write_text("doc_id,outlet\na,Planted Outlet\n", encoding="utf-8")
    os.symlink(side, corpus_dir / "metadata.csv")
    c = quiet_load(corpus_dir)
    assert "Planted Outlet" not in set(c.docs["outlet"].dropna())
    assert report_rows(c)["metadata.csv"][1].startswith("symbolic link to a file outside")


def test_an_unreadable_file_gets_a_report_row(corpus_dir, store, monkeypatch):
    """Simulated: open raises PermissionError for sub/b.txt (root could read it)."""
    target = str(corpus_dir / "sub" / "b.txt")
    real_open = io.open

    def guarded(file, *args, **kwargs):
        if os.fspath(file) == target:
            raise PermissionError(errno.EACCES, "Permission denied", file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", guarded)
    monkeypatch.setattr("builtins.open", guarded)
    c = quiet_load(corpus_dir, cache=store)
    assert report_rows(c)["sub/b.txt"] == ("skipped", "unreadable: Permission denied")
    assert c.docs["doc_id"].tolist() == ["a"]


def test_a_cache_folder_inside_the_corpus_is_skipped_and_a_hit(corpus_dir):
    inner = corpus_dir / "cache"
    first = quiet_load(corpus_dir, cache=inner)
    assert report_rows(first)["cache"] == ("skipped", "the corpus cache folder (cache=); not read")
    again = quiet_load(corpus_dir, cache=inner)
    assert again.cache_info["status"] == "hit"
    assert report_rows(again) == report_rows(first)
    with pytest.raises(ValueError, match="names the corpus folder itself"):
        cu.load_corpus(corpus_dir, cache=corpus_dir)


# ----------------------------------------------------------------- links into the cache


def test_a_link_planted_at_cache_inputs_is_not_written_through(corpus_dir, tmp_path, store):
    elsewhere = tmp_path / "victim"
    elsewhere.mkdir()
    store.mkdir()
    os.symlink(elsewhere, store / "inputs")
    quiet_load(corpus_dir, cache=store)
    assert list(elsewhere.iterdir()) == []
    assert quiet_load(corpus_dir, cache=store).cache_info["status"] == "hit"
    assert list(elsewhere.iterdir()) == []


def test_a_link_planted_as_a_cache_entry_is_replaced_not_followed(corpus_dir, tmp_path, store):
    key = quiet_load(corpus_dir, cache=store).cache_info["key"]
    decoy = tmp_path / "decoy"
    os.rename(store / key, decoy)
    os.symlink(decoy, store / key)
    with pytest.warns(UserWarning, match="symbolic link"):
        c = cu.load_corpus(corpus_dir, cache=store)
    assert c.cache_info["status"] == "miss"
    assert not (store / key).is_symlink() and (store / key / "meta.json").is_file()
    assert (decoy / "meta.json").is_file()  # the link's target was not touched


# ----------------------------------------------------------------- tampered entries


@pytest.fixture
def two_caches(tmp_path, store):
    """Two corpora of the same size (so their tables have the same row counts), cached."""
    one, two = tmp_path / "one", tmp_path / "two"
    write_articles(one, ["a.txt", "b.txt"])
    write_articles(two, ["a.txt", "b.txt"])
    (two / "b.txt").write_text("Other headline\n\nA different body. Two sentences.\n", "utf-8")
    return one, two, quiet_load(one, cache=store), quiet_load(two, cache=store)


def test_another_corpus_docs_table_is_not_served(two_caches, store):
    one, _, c_one, c_two = two_caches
    entry_one, entry_two = (store / c.cache_info["key"] for c in (c_one, c_two))
    (entry_one / "docs.parquet").write_bytes((entry_two / "docs.parquet").read_bytes())
    with pytest.warns(UserWarning, match="does not match its checksum"):
        c = cu.load_corpus(one, cache=store)
    assert c.cache_info["status"] == "miss"
    pd.testing.assert_frame_equal(c.docs, cu.load_corpus(one).docs)
    assert quiet_load(one, cache=store).cache_info["status"] == "hit"


def test_every_single_byte_flip_in_a_table_is_caught(two_caches, store):
    _, _, c_one, _ = two_caches
    entry = store / c_one.cache_info["key"]
    meta = json.loads((entry / "meta.json").read_text())
    good = (entry / "docs.parquet").read_bytes()
    for i in range(0, len(good), max(1, len(good) // 60)):  # 60 positions over the file
        flipped = bytearray(good)
        flipped[i] ^= 0x01
        (entry / "docs.parquet").write_bytes(bytes(flipped))
        with pytest.raises(cache.CacheDamaged, match="checksum"):
            cache.read_table(entry, "docs", meta["tables"]["docs"])
    (entry / "docs.parquet").write_bytes(good)
    pd.testing.assert_frame_equal(
        cache.read_table(entry, "docs", meta["tables"]["docs"]), c_one.docs
    )


def test_a_flipped_byte_in_a_lazily_read_table_is_caught_on_first_use(two_caches, store):
    one, _, c_one, _ = two_caches
    entry = store / c_one.cache_info["key"]
    data = bytearray((entry / "sentences.parquet").read_bytes())
    data[len(data) // 2] ^= 0x20
    (entry / "sentences.parquet").write_bytes(bytes(data))
    c = quiet_load(one, cache=store)  # opening checks only the tables it reads
    assert c.cache_info["status"] == "hit"
    with pytest.warns(UserWarning, match="checksum"):
        sentences = c.sentences
    pd.testing.assert_frame_equal(sentences, cu.load_corpus(one).sentences)
    with pytest.warns(UserWarning, match="meta.json is missing"):  # rebuilt next time
        assert cu.load_corpus(one, cache=store).cache_info["status"] == "miss"
    assert quiet_load(one, cache=store).cache_info["status"] == "hit"


def _set(meta: dict, path: tuple, value: object) -> None:
    for k in path[:-1]:
        meta = meta[k]
    meta[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("tables",), [], "tables is not an object"),
        (("format",), "1", "format is '1'"),
        (("format",), True, "format is True"),
        (("tables", "docs", "rows"), "2", "rows is not a count"),
        (("tables", "docs", "bytes"), -1, "bytes is not a count"),
        (("tables", "docs", "dtypes"), ["string"], "dtypes does not name the columns"),
        (("tables", "report"), None, "table report: not an object"),
        (("tables", "docs", "columns"), [1, 2], "columns is not a list of names"),
        (("tables", "docs", "sha256"), 7, "sha256 is not a SHA-256 digest"),
        (("tables", "../../outside"), {}, "unknown: ../../outside"),
        (("key",), {"a": 1}, "its key is not this entry's"),
    ],
)
def test_a_meta_json_with_wrong_types_is_rebuilt_with_a_warning(
    corpus_dir, store, path, value, message
):
    key = quiet_load(corpus_dir, cache=store).cache_info["key"]
    meta_file = store / key / "meta.json"
    meta = json.loads(meta_file.read_text())
    _set(meta, path, value)
    meta_file.write_text(json.dumps(meta))
    with pytest.warns(UserWarning, match=message.replace("(", r"\(").replace(".", r"\.")):
        c = cu.load_corpus(corpus_dir, cache=store)
    assert c.cache_info["status"] == "miss"
    pd.testing.assert_frame_equal(c.docs, cu.load_corpus(corpus_dir).docs)
    assert quiet_load(corpus_dir, cache=store).cache_info["status"] == "hit"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: f.write_bytes(f.read_bytes()[:50]), "not valid JSON"),
        (lambda f: f.write_text("[1, 2]"), "does not hold an object"),
        (lambda f: f.unlink(), "meta.json is missing"),
    ],
    ids=["truncated", "a list", "missing"],
)
def test_a_truncated_or_missing_meta_json_warns(corpus_dir, store, damage, message):
    key = quiet_load(corpus_dir, cache=store).cache_info["key"]
    damage(store / key / "meta.json")
    with pytest.warns(UserWarning, match=message):
        c = cu.load_corpus(corpus_dir, cache=store)
    assert c.cache_info["status"] == "miss"
    assert quiet_load(corpus_dir, cache=store).cache_info["status"] == "hit"


# ----------------------------------------------------------------- failed cache writes


def assert_returned_uncached(c: cu.Corpus, corpus_dir: Path, reason: str) -> None:
    assert c.cache_info["status"] == "not cached" and c.cache_info["hit"] is False
    assert reason in c.cache_info["reason"]
    plain = cu.load_corpus(corpus_dir)
    for name in ("docs", "report", "sentences"):
        pd.testing.assert_frame_equal(getattr(c, name), getattr(plain, name))
    pd.testing.assert_frame_equal(c.tokens(), plain.tokens())


def test_a_read_only_cache_folder_warns_and_returns_the_corpus(corpus_dir, store, monkeypatch):
    """Simulated: creating the temporary folder raises PermissionError (root could write)."""

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(store))

    monkeypatch.setattr(cache.tempfile, "mkdtemp", refuse)
    with pytest.warns(UserWarning, match="could not be written"):
        c = cu.load_corpus(corpus_dir, cache=store)
    assert_returned_uncached(c, corpus_dir, "PermissionError")


def test_cache_naming_a_file_warns_and_returns_the_corpus(corpus_dir, tmp_path):
    a_file = tmp_path / "not_a_folder"
    a_file.write_text("x", encoding="utf-8")
    with pytest.warns(UserWarning, match="could not be written"):
        c = cu.load_corpus(corpus_dir, cache=a_file)
    assert_returned_uncached(c, corpus_dir, "FileExistsError")
    assert a_file.read_text(encoding="utf-8") == "x"


def test_a_full_disk_warns_and_leaves_no_partial_folder(corpus_dir, store, monkeypatch):
    """Simulated: every table write raises OSError(ENOSPC), every time it is tried."""
    calls = []

    def full(self, name, df):
        calls.append(name)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache._TableWriter, "write", full)
    for _ in range(2):
        with pytest.warns(UserWarning, match="No space left on device"):
            c = cu.load_corpus(corpus_dir, cache=store)
        assert_returned_uncached(c, corpus_dir, "No space left on device")
    assert calls == ["docs", "docs"]  # tried once per load, no retry loop
    assert [p.name for p in store.iterdir()] == ["inputs"]  # no .partial left behind


def test_a_file_name_that_is_not_utf8_warns_and_returns_the_corpus(corpus_dir, store):
    name = os.fsdecode(b"caf\xe9.txt")  # a surrogate escape: not encodable as UTF-8
    (corpus_dir / name).write_text(ARTICLE.format(n=7), encoding="utf-8")
    with pytest.warns(UserWarning, match="could not be written"):
        c = cu.load_corpus(corpus_dir, cache=store)
    assert_returned_uncached(c, corpus_dir, "UnicodeEncodeError")
    assert report_rows(c)[name] == ("loaded", "")


# ----------------------------------------------------------------- killed runs


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has exited (a zombie nobody reaped counts as exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in (b"Z", b"X")


def test_a_killed_build_leaves_a_partial_folder_swept_at_once(corpus_dir, store):
    script = textwrap.dedent(
        """
        import os, signal, sys
        import corpus_utils as cu
        from corpus_utils.prepare import cache, walk
        def die(self):
            os.kill(os.getpid(), signal.SIGKILL)
        cache._TableWriter.close = die
        cu.load_corpus(sys.argv[1], cache=sys.argv[2])
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(corpus_dir), str(store)])
    assert proc.wait(timeout=120) == -signal.SIGKILL
    (partial,) = store.glob(".*.partial")
    assert cache._owner(partial.name) == (proc.pid, cache._host())
    alive = store / f".{'0' * 40}.{os.getpid()}@{cache._host()}.abc.partial"  # a running build
    alive.mkdir()
    other_host = store / f".{'0' * 40}.{proc.pid}@another-host.abc.partial"
    other_host.mkdir()
    c = quiet_load(corpus_dir, cache=store)
    assert c.cache_info["status"] == "miss"
    assert not partial.exists()  # its process is gone: removed now, not after a day
    assert alive.is_dir() and other_host.is_dir()


def assert_workers_exit_with_their_loader(tmp_path, setup: str, call: str) -> None:
    """Start a loader (a new Python) whose two worker processes each write their pid into
    ``tmp_path`` and sleep (``setup`` imports what ``call`` runs, ``work(folder)`` is the
    job); kill the loader; the workers must exit within 10 s."""
    script = textwrap.dedent(
        f"""
        import os, sys, time
        {setup}
        def work(folder):
            open(os.path.join(folder, str(os.getpid())), "w").close()
            time.sleep(120)
        {call}
        """
    )
    loader = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)])
    deadline = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [int(p.name) for p in tmp_path.iterdir()]
    try:
        assert len(workers) == 2 and loader.pid not in workers
        loader.send_signal(signal.SIGKILL)
        loader.wait(timeout=10)
        deadline = time.monotonic() + 10
        while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(_gone(pid) for pid in workers)
    finally:
        for pid in workers:  # never leave them behind, whatever the outcome
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
        if loader.poll() is None:
            loader.kill()


def test_workers_exit_when_the_loader_is_killed(tmp_path):
    assert_workers_exit_with_their_loader(
        tmp_path,
        "from corpus_utils.corpus import run_chunks",
        "list(run_chunks(work, [(sys.argv[1],)] * 2, 2))",
    )


def test_run_chunks_still_gives_results_in_order():
    assert list(run_chunks(pow, [(2, 3), (3, 2), (5, 1)], 2)) == [8, 9, 5]


def test_a_table_in_a_folder_is_reported_with_the_call_that_reads_it(tmp_path):
    folder = tmp_path / "scrape"
    folder.mkdir()
    pd.DataFrame({"text": ["The council met on Monday. Ministers spoke."]}).to_csv(
        folder / "articles.csv", index=False
    )
    with pytest.raises(cu.EmptyCorpusError) as info:
        cu.load_corpus(folder)
    message = str(info.value)
    assert "1 not a .txt or .json file" in message
    assert f"load_corpus({str(folder / 'articles.csv')!r})" in message
    assert len(cu.load_corpus(folder / "articles.csv")) == 1  # the call it names works
    write_articles(folder, ["a.txt"])  # beside articles, the table is skipped with its reason
    corpus = cu.load_corpus(folder)
    status, reason = report_rows(corpus)["articles.csv"]
    assert status == "skipped" and "a table, read when its own path is loaded" in reason
