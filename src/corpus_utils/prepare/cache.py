"""A corpus cache on disk: reopen a loaded corpus in seconds, safely.

``load_corpus(path, cache=True)`` keeps what loading, cleaning, segmentation and
tokenization produced in ``<project root>/.cache/corpus/<key>/`` (or under
``$CORPUS_UTILS_CACHE_DIR``, or under the folder ``cache=`` names):

- ``docs``, ``report``, ``removed``, ``paragraphs``, ``sentences`` and the two base
  token tables (``base_tokens_actors`` and ``base_tokens_words``: actor names merged or
  not, before :func:`~corpus_utils.prepare.tokenization.normalise`), one Parquet file each;
  the token tables hold ``doc_id``, ``token`` and ``actor`` as int32 codes, each into
  its vocabulary in ``<table>_vocab`` (``column, value``), and are read memory-mapped;
- ``meta.json``: the format, the key, what went into the key, and every table's row
  count, columns, dtypes (restored exactly when the cache is read), size and SHA-256;
- ``dtm/``: document-term matrices, added when first counted (:func:`save_matrix`):
  the CSR arrays as Parquet (``<name>.cells.parquet``: ``data, indices``;
  ``<name>.indptr.parquet``), its vocabulary and row tables as Parquet, and
  ``<name>.json`` with the options it was counted with and each file's size and
  SHA-256; a matrix that does not match its record is counted again with a warning.

Nothing is pickled, so opening a cache never runs code. The key is a hash of everything
that decides the tables: every input the file walker (:func:`scan_files`) meets, with
each file's path and bytes (a changed file changes the key, whatever its size or
modification time) and each entry it does not read with the reason, the ``metadata``
sidecar and the outlet alias file, the ``load_corpus`` options, the package's code and
resource files (``resources/``: the lexicons), and the versions of the libraries that
shape the text (NLTK, ftfy, datasketch, pandas, pyarrow). A cache is written to a
temporary folder (named after the writing process and host, so a killed run's folder is
swept by the next run) and renamed into place when complete, so an interrupted run never
leaves a half cache.

On a hit, ``docs``, ``report`` and ``removed`` are read and checked against their
checksums at once; paragraphs, sentences and token tables when first used. An entry
whose ``meta.json`` is not what this package writes, or whose table does not match its
checksum, is rebuilt with a warning. A cache that cannot be written (read-only folder,
full disk, ...) is a warning: the corpus is returned with ``cache_info["status"] ==
"not cached"`` and the reason. No path is taken from a cache file or a symbolic link
without checking it: table names are the package's own, links in the cache are never
followed, and the walker does not leave the corpus folder. ``Corpus.cache_info`` says
what happened.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import tempfile
import time
import uuid
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from importlib import metadata as _metadata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import paths
from ..corpus import BASE_TABLES, Corpus, progress_bar
from . import tokenization
from .walk import input_files as input_files  # the loader's import, kept
from .walk import scan_files, why

FORMAT = 3  # bump when the layout or the meaning of a stored table changes
ENV_VAR = "CORPUS_UTILS_CACHE_DIR"
EAGER_TABLES = ("docs", "report", "removed")  # read when the cache is opened
CODED_TABLES = tuple(BASE_TABLES.values())  # categoricals stored as int32 codes + vocabulary
VOCAB_SUFFIX = "_vocab"  # <table>_vocab: ``column, value`` rows, each column's in code order
LAZY_TABLES = (  # read when first used
    "paragraphs",
    "sentences",
    *CODED_TABLES,
    *(t + VOCAB_SUFFIX for t in CODED_TABLES),
)
_LIBRARIES = ("corpus_utils", "nltk", "ftfy", "datasketch", "pandas", "pyarrow", "numpy", "regex")
RACY_NS = 2_000_000_000  # a digest taken this soon after a change is not reused
_STALE_PARTIAL_SECONDS = 24 * 3600  # a temporary folder this old was left by a killed run
_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the corpus_utils package


def default_root() -> Path:
    """``$CORPUS_UTILS_CACHE_DIR``, else ``<project root>/.cache/corpus``."""
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser() if env else paths.PROJECT_ROOT / ".cache" / "corpus"


def cache_root(cache: bool | str | os.PathLike[str]) -> Path | None:
    """The folder that holds the caches for a ``cache=`` argument; None when off."""
    if cache is False or cache is None:
        return None
    if cache is True:
        return default_root()
    return Path(cache).expanduser()


class _Digests:
    """File digests remembered between runs, reused while a file's stat is unchanged.

    Like git's index: a file whose size, modification and change times (in ns) and
    inode are those recorded is not read again. A digest recorded less than two
    seconds after the file last changed is not trusted (a write within the same
    clock tick could go unseen). Kept as JSON beside the caches, one file per corpus,
    in ``<cache>/inputs/``, which must be a real folder: a symbolic link planted there
    is never written through (nor read: links are not followed).
    """

    def __init__(self, cache_dir: Path, source: Path) -> None:
        name = hashlib.blake2b(os.fsencode(source.resolve()), digest_size=10).hexdigest()
        self.folder = cache_dir / "inputs"
        self.path = self.folder / f"{name}.json"
        try:
            if self.folder.is_symlink():
                raise NotADirectoryError(f"{self.folder} is a symbolic link")
            known = json.loads(_read_no_links(self.path))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            known = {}
        self.known: dict = known if isinstance(known, dict) else {}
        self.now: dict[str, list] = {}
        self.changed = False

    def digest(self, rel: str, path: str) -> tuple[str, int]:
        """``(digest, size)`` of one input file."""
        try:
            st = os.stat(path)
        except OSError as err:
            return f"unreadable: {err.strerror or err}", 0
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        old = self.known.get(rel)
        if _trusted(old, stamp, max(st.st_mtime_ns, st.st_ctime_ns)):
            self.now[rel] = old
            return old[4], st.st_size
        digest = _file_digest(path)
        self.now[rel] = [*stamp, digest, time.time_ns()]
        self.changed = True
        return digest, st.st_size

    def save(self) -> None:
        """Write the digests (atomically); raises OSError when the folder is unusable."""
        if not self.changed and len(self.now) == len(self.known):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.folder.is_symlink() or not self.folder.is_dir():
            raise NotADirectoryError(f"{self.folder} is not a folder of its own")
        tmp = self.folder / f".{self.path.stem}.{uuid.uuid4().hex}.tmp"
        try:
            tmp.write_text(json.dumps({"files": self.now}), encoding="utf-8")
            os.replace(tmp, self.path)  # replaces a link planted there, never its target
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _trusted(old: object, stamp: list[int], changed_ns: int) -> bool:
    """Whether a remembered ``[size, mtime, ctime, inode, digest, taken]`` still holds."""
    return (
        isinstance(old, list)
        and len(old) == 6
        and old[:4] == stamp
        and isinstance(old[4], str)
        and isinstance(old[5], int)
        and old[5] - changed_ns > RACY_NS
    )


def _read_no_links(path: Path) -> bytes:
    """A file's bytes; a symbolic link in its place is refused (``OSError``)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def _file_digest(path: str | os.PathLike[str]) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "blake2b").hexdigest()
    except OSError as err:  # the loader reports it as unreadable; the key says so too
        return f"unreadable: {err.strerror or err}"


@cache
def code_digest() -> str:
    """A hash of the package's code and resource files (the lexicons change results).

    Once per process: the code and lexicons a process runs are those it loaded first.
    """
    h = hashlib.blake2b(digest_size=20)
    files = sorted(
        p
        for p in _PACKAGE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )
    for p in files:
        h.update(p.relative_to(_PACKAGE_DIR).as_posix().encode() + b"\0")
        h.update(_file_digest(p).encode() + b"\0")
    return h.hexdigest()


@cache
def _versions() -> dict[str, str]:
    out = {}
    for name in _LIBRARIES:
        try:
            out[name] = _metadata.version(name)
        except _metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _option(value: object) -> object:
    """An option as JSON: mappings sorted, paths by name and content."""
    if isinstance(value, Mapping):
        return sorted([str(k), str(v)] for k, v in value.items())
    if isinstance(value, (str, os.PathLike)):
        p = paths.resolve(value)
        return {"file": p.name, "blake2b": _file_digest(p)}
    return value


class CorpusCache:
    """One cache entry: the folder ``<root>/<key>`` for one corpus and option set.

    Build it with :meth:`for_inputs`; :meth:`open` returns the cached corpus or None;
    :meth:`save` writes a loaded corpus (computing sentences and tokens on the way).
    """

    def __init__(self, root: Path, key: str, components: dict[str, object]) -> None:
        self.root = root
        self.key = key
        self.components = components
        self.path = root / key

    @classmethod
    def for_inputs(
        cls,
        root_dir: Path,
        source: Path,
        options: Mapping[str, object],
        *,
        progress: bool = False,
    ) -> CorpusCache:
        """Hash the inputs under ``source`` with the ``load_corpus`` ``options``.

        The inputs are what :func:`scan_files` lists (with the cache folder skipped when
        it is inside the corpus, and ``options["follow_links"]``): every file's path and
        digest, and every entry that is not read with its reason, so a folder that
        becomes readable changes the key.
        """
        if source.is_dir() and os.path.realpath(root_dir) == os.path.realpath(source):
            raise ValueError(
                f"cache={root_dir!s} names the corpus folder itself; name another folder "
                "(or one inside it, which is then not read as part of the corpus)"
            )
        try:  # made now, so the first listing already skips it when it is inside the corpus
            root_dir.mkdir(parents=True, exist_ok=True)
        except OSError:  # unusable: loading goes on, and saving says why
            pass
        files = scan_files(
            source, skip=(root_dir,), follow_links=bool(options.get("follow_links", False))
        )
        digests = _Digests(root_dir, source)
        h = hashlib.blake2b(digest_size=20)
        n_bytes = 0
        with progress_bar(len(files), "checking inputs", enabled=progress, unit="file") as bar:
            for rel, full, problem in files:
                if problem:
                    digest, size = f"not read: {problem}", 0
                else:
                    digest, size = digests.digest(rel, full)
                h.update(os.fsencode(rel) + b"\0" + os.fsencode(digest) + b"\0")
                n_bytes += size
                bar.update(1)
        try:
            digests.save()
        except OSError:  # a read-only cache folder: the key is right, only slower next time
            pass
        components: dict[str, object] = {
            "format": FORMAT,
            "inputs": {"files": len(files), "bytes": n_bytes, "blake2b": h.hexdigest()},
            "input_kind": "file" if source.is_file() else "folder",
            "options": {k: _option(v) for k, v in sorted(options.items())},
            "code": code_digest(),
            "versions": _versions(),
        }
        blob = json.dumps(components, sort_keys=True, default=str).encode()
        return cls(root_dir, hashlib.blake2b(blob, digest_size=20).hexdigest(), components)

    def info(self, status: str, seconds: float, reason: str = "") -> dict[str, object]:
        """What ``Corpus.cache_info`` holds: ``status`` ("hit", "miss" or "not cached",
        with the ``reason``), key, folder, time."""
        out: dict[str, object] = {
            "status": status,
            "hit": status == "hit",
            "key": self.key,
            "path": str(self.path),
            "seconds": round(seconds, 3),
        }
        if reason:
            out["reason"] = reason
        return out

    # reading ------------------------------------------------------------------------

    def _meta(self) -> tuple[dict | None, str]:
        """``(meta, problem)``: the checked ``meta.json``, or None and why it cannot be
        used (``""`` when there is simply no entry for this key)."""
        if not os.path.lexists(self.path):
            return None, ""
        if os.path.islink(self.path):
            return None, "the entry is a symbolic link (not used)"
        try:
            text = _read_no_links(self.path / "meta.json")
        except FileNotFoundError:
            return None, "meta.json is missing"
        except OSError as err:
            return None, f"meta.json is unreadable ({why(err)})"
        try:
            meta = json.loads(text)
        except ValueError as err:  # truncated, or not UTF-8
            return None, f"meta.json is not valid JSON ({err})"
        problem = check_meta(meta, self.key)
        return (None, problem) if problem else (meta, "")

    def open(self, source: Path) -> Corpus | None:
        """The cached corpus, or None when there is no usable cache for this key.

        A damaged entry (a ``meta.json`` that is not what this package writes, a table
        whose bytes do not match the checksum recorded for it) is removed with a warning,
        and the corpus is built again.
        """
        meta, problem = self._meta()
        if meta is not None:
            try:
                docs, report, removed = (
                    read_table(self.path, t, meta["tables"][t]) for t in EAGER_TABLES
                )
            except (OSError, ValueError, pa.ArrowException) as err:
                problem = f"a table is unreadable ({err})"
        if problem:
            warnings.warn(f"corpus cache {self.path}: {problem}; rebuilding it", stacklevel=3)
            self._discard()
            return None
        if meta is None:
            return None
        corpus = Corpus(docs, report, removed, source=source)
        corpus._stored = _LazyTables(self.path, meta["tables"])
        return corpus

    # writing ------------------------------------------------------------------------

    def store(self, corpus: Corpus, started: float) -> None:
        """:meth:`save`, and set ``corpus.cache_info``; a cache that cannot be written
        (a read-only folder, ``cache=`` naming a file, a full disk, a file name that is
        not valid UTF-8) is a warning, not an error: the corpus is prepared all the same.
        """
        try:
            self.save(corpus)
        except (OSError, UnicodeError) as err:
            reason = f"{type(err).__name__}: {err}"
            warnings.warn(
                f"corpus cache {self.path} could not be written ({reason}); "
                "the corpus is loaded but not cached",
                stacklevel=3,
            )
            corpus.cache_info = self.info("not cached", time.perf_counter() - started, reason)
            return
        corpus.cache_info = self.info("miss", time.perf_counter() - started)

    def save(self, corpus: Corpus) -> None:
        """Write ``corpus`` atomically, with its sentences and both base token tables.

        Sentences and tokens are computed here, chunk by chunk, and streamed to disk;
        afterwards the corpus reads them from the cache when first used, so they are not
        held in memory twice. Each file's size and SHA-256 go into ``meta.json``. The
        temporary folder is named after this process and host, so a later run removes
        it at once if this one is killed. Errors propagate after it is removed.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        _sweep(self.root)
        prefix = f".{self.key}.{os.getpid()}@{_host()}."
        tmp = Path(tempfile.mkdtemp(prefix=prefix, suffix=".partial", dir=self.root))
        writer = _TableWriter(tmp)
        try:
            for name in EAGER_TABLES:
                writer.write(name, getattr(corpus, name))
            had_paragraphs = "paragraphs" in corpus.__dict__
            writer.write("paragraphs", corpus.paragraphs)
            if corpus._sent_spans is not None or corpus._held_sentences() is not None:
                # known already: _prepare will not redo it
                writer.write("sentences", corpus.sentences)
            corpus._prepare(tuple(BASE_TABLES), sink=writer.write)
            if not had_paragraphs:  # read from the cache when used: not held in memory
                corpus.__dict__.pop("paragraphs", None)
            tables = writer.close()
            meta = {
                "format": FORMAT,
                "key": self.key,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "source": str(corpus.source),
                "components": self.components,
                "tables": tables,
            }
            text = json.dumps(meta, indent=1, sort_keys=True, default=str)
            (tmp / "meta.json").write_text(text, encoding="utf-8")  # last: marks it complete
            self._publish(tmp)
        except BaseException:
            writer.abort()
            _remove(tmp)
            raise
        corpus._stored = _LazyTables(self.path, tables)

    def _publish(self, tmp: Path) -> None:
        try:
            os.rename(tmp, self.path)
            return
        except OSError:
            if self._meta()[0] is not None:  # another process wrote the same cache first
                _remove(tmp)
                return
        # an unusable folder under this key (a damaged copy, a planted link): replace it
        self._discard()
        os.rename(tmp, self.path)

    def _discard(self) -> None:
        """Move this key's folder aside and delete it (a reader of it keeps its files)."""
        old = self.root / f".{self.key}.{uuid.uuid4().hex}.old"
        try:
            os.rename(self.path, old)
        except OSError:
            return
        _remove(old)


def check_meta(meta: object, key: str) -> str:
    """What is wrong with a parsed ``meta.json`` for ``key``; ``""`` when nothing is.

    Every field the reader uses is checked for its type, so a file that is valid JSON
    but not what this package wrote is rebuilt, not a ``TypeError`` later. Only the
    package's own table names are accepted (a name is never a path).

    >>> check_meta({"format": FORMAT, "key": "k", "tables": []}, "k")
    'meta.json: tables is not an object'
    """
    if not isinstance(meta, dict):
        return "meta.json does not hold an object"
    if type(meta.get("format")) is not int or meta["format"] != FORMAT:
        return f"meta.json: format is {meta.get('format')!r}, not {FORMAT}"
    if meta.get("key") != key:
        return "meta.json: its key is not this entry's"
    tables = meta.get("tables")
    if not isinstance(tables, dict):
        return "meta.json: tables is not an object"
    want = {*EAGER_TABLES, *LAZY_TABLES}
    if set(tables) != want:
        odd = sorted(set(tables) ^ want, key=str)
        return f"meta.json: tables missing or unknown: {', '.join(map(str, odd))}"
    for name, spec in tables.items():
        problem = _check_spec(spec)
        if problem:
            return f"meta.json: table {name}: {problem}"
    return ""


def _check_spec(spec: object) -> str:
    if not isinstance(spec, dict):
        return "not an object"
    for field in ("rows", "bytes"):
        if type(spec.get(field)) is not int or spec[field] < 0:
            return f"{field} is not a count"
    digest = spec.get("sha256")
    if not isinstance(digest, str) or len(digest) != 64 or digest.strip("0123456789abcdef"):
        return "sha256 is not a SHA-256 digest"
    columns, dtypes = spec.get("columns"), spec.get("dtypes")
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        return "columns is not a list of names"
    if not isinstance(dtypes, dict) or sorted(dtypes) != sorted(columns):  # stored sorted
        return "dtypes does not name the columns"
    if not all(isinstance(t, str) for t in dtypes.values()):
        return "a dtype is not a name"
    coded = spec.get("coded", [])
    if not isinstance(coded, list) or not set(coded) <= set(columns):
        return "coded does not name columns"
    return ""


def _host() -> str:
    """This machine's name as it can stand in a file name (no dots or slashes)."""
    return "".join(c if c.isalnum() or c == "-" else "-" for c in socket.gethostname()) or "host"


def _owner(name: str) -> tuple[int, str] | None:
    """``(pid, host)`` from a temporary folder's name ``.<key>.<pid>@<host>.<random>.partial``."""
    parts = name.split(".")
    if len(parts) != 5 or "@" not in parts[2]:
        return None
    pid, _, host = parts[2].partition("@")
    return (int(pid), host) if pid.isdigit() else None


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (a zombie does not)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in (b"Z", b"X")


def _sweep(root: Path) -> None:
    """Remove temporary folders left by runs that were killed mid-write: at once when
    the run that made one (its pid and host are in the name) is gone from this host,
    else after a day."""
    now = time.time()
    host = _host()
    for p in root.glob(".*.partial"):
        owner = _owner(p.name)
        try:
            dead = owner is not None and owner[1] == host and not _alive(owner[0])
            if dead or now - p.lstat().st_mtime > _STALE_PARTIAL_SECONDS:
                _remove(p)
        except OSError:
            pass
    for p in root.glob(".*.old"):
        _remove(p)


def _remove(path: Path) -> None:
    """Delete a folder; a symbolic link in its place is unlinked, never followed."""
    try:
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass


def dtype_name(dtype: object) -> str:
    """A dtype's exact name: ``string[python]`` and ``string[pyarrow]`` kept apart.

    >>> dtype_name(pd.StringDtype("pyarrow")), dtype_name(pd.Series([1]).dtype)
    ('string[pyarrow]', 'int64')
    """
    if isinstance(dtype, pd.StringDtype):
        return f"string[{dtype.storage}]"
    return str(dtype)


class _TableWriter:
    """Parquet files written a table or a chunk at a time, with their dtypes recorded.

    A table of :data:`CODED_TABLES` (the token tables) is written with its categorical
    columns as int32 codes into one vocabulary per column, kept across its chunks (codes
    in order of first appearance; -1 missing); :meth:`close` writes the vocabularies as
    ``<table>_vocab`` and the table's spec names its ``coded`` columns.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._tables: dict[str, dict] = {}
        self._vocabs: dict[str, dict[str, dict[str, int]]] = {}

    def write(self, name: str, df: pd.DataFrame) -> None:
        dtypes = {str(c): dtype_name(t) for c, t in df.dtypes.items()}
        if name in CODED_TABLES:
            df = self._coded(name, df)
        table = pa.Table.from_pandas(df, preserve_index=False)
        if name not in self._writers:
            self._writers[name] = pq.ParquetWriter(
                self.folder / f"{name}.parquet", table.schema, compression="zstd"
            )
            self._tables[name] = {"rows": 0, "columns": list(dtypes), "dtypes": dtypes}
        elif dtypes != self._tables[name]["dtypes"]:
            raise ValueError(f"{name}: a chunk's dtypes differ from the first chunk's")
        else:
            table = table.cast(self._writers[name].schema)
        self._writers[name].write_table(table)
        self._tables[name]["rows"] += len(df)

    def _coded(self, name: str, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` with each categorical column as int32 codes into the table's vocabulary."""
        vocabs = self._vocabs.setdefault(name, {})
        columns = {}
        for col in df.columns:
            values = df[col].array
            if not isinstance(values, pd.Categorical):
                columns[col] = df[col]
                continue
            vocab = vocabs.setdefault(str(col), {})
            add = vocab.setdefault
            cats = values.categories.tolist()
            known = np.fromiter((add(v, len(vocab)) for v in cats), np.int32, count=len(cats))
            columns[col] = np.append(known, np.int32(-1))[values.codes]  # code -1 stays -1
        return pd.DataFrame(columns, copy=False)

    def close(self) -> dict[str, dict]:
        """Finish every file; each table's spec gets the file's size and SHA-256."""
        for name, vocabs in self._vocabs.items():
            self._tables[name]["coded"] = sorted(vocabs)
            rows = [(col, v) for col in sorted(vocabs) for v in vocabs[col]]
            vocab = pd.DataFrame(rows, columns=["column", "value"], dtype=object)
            self.write(name + VOCAB_SUFFIX, vocab.astype("string"))
        self._vocabs.clear()
        for w in self._writers.values():
            w.close()
        self._writers.clear()
        for name, spec in self._tables.items():
            with open(self.folder / f"{name}.parquet", "rb") as fh:
                spec["sha256"] = hashlib.file_digest(fh, "sha256").hexdigest()
            spec["bytes"] = (self.folder / f"{name}.parquet").stat().st_size
        return self._tables

    def abort(self) -> None:
        for w in self._writers.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001 - the folder is removed anyway
                pass
        self._writers.clear()


def _arrow_strings(t: pa.DataType) -> pd.StringDtype | None:
    return pd.StringDtype("pyarrow") if pa.types.is_large_string(t) else None


class CacheDamaged(ValueError):
    """A stored table that is not the one ``meta.json`` records (size or checksum)."""


def read_table(
    folder: Path,
    name: str,
    spec: Mapping[str, object],
    vocab: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One stored table, checked against its size and SHA-256, with the exact dtypes
    and row count recorded when it was written.

    The file is opened once (a symbolic link in its place is refused), read through
    for its checksum and then decoded from the same open file, so what is decoded is
    what was checked, and the file is never held whole in memory. A table with
    ``coded`` columns (the token tables) needs its ``vocab`` table and is read a column
    and a row group at a time into arrays of the table's full length
    (:func:`_read_coded`): no Arrow copy of the whole table, no temporary as long as a
    column. Only the package's own table names are read: no path is taken from a cache
    file or a link.
    """
    if name not in (*EAGER_TABLES, *LAZY_TABLES):
        raise CacheDamaged(f"{name!r} is not a table of the cache")
    coded = list(spec.get("coded", ()))  # type: ignore[call-overload]
    if coded and vocab is None:
        raise CacheDamaged(f"{name}.parquet: coded columns without a vocabulary")
    with _open_checked(folder / f"{name}.parquet", spec) as fh:
        pf = pq.ParquetFile(fh)
        if pf.metadata.num_rows != spec["rows"] or pf.schema_arrow.names != spec["columns"]:
            raise CacheDamaged(f"{name}.parquet does not match meta.json")
        if coded:
            df = _read_coded(pf, name, spec, vocab)  # type: ignore[arg-type]
        else:
            df = pf.read().to_pandas(types_mapper=_arrow_strings)
    # the Arrow buffers decoded are freed to Arrow's pool (mimalloc or jemalloc), which
    # keeps their pages (272 MB after the eager tables of 230 MB of text): given back
    pa.default_memory_pool().release_unused()
    dtypes: dict[str, str] = dict(spec["dtypes"])  # type: ignore[arg-type]
    if list(df.columns) != list(spec["columns"]) or len(df) != spec["rows"]:  # type: ignore[arg-type]
        raise CacheDamaged(f"{name}.parquet does not match meta.json")
    for col, want in dtypes.items():
        if dtype_name(df[col].dtype) != want:
            try:
                df[col] = df[col].astype(want)
            except (TypeError, ValueError) as err:
                raise CacheDamaged(f"{name}.parquet: column {col} is not {want} ({err})") from err
    return df


def _open_checked(path: Path, spec: Mapping[str, object]) -> io.BufferedReader:
    """``path`` opened for reading, at its start, after its size and SHA-256 were found
    to be those of ``spec`` (else :class:`CacheDamaged`); a symbolic link in its place
    is refused (``OSError``). The checksum is taken reading through the open file, a
    block at a time, so the bytes decoded after it are the bytes checked."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    fh = os.fdopen(fd, "rb")
    try:
        if os.fstat(fd).st_size != spec["bytes"] or (
            hashlib.file_digest(fh, "sha256").hexdigest() != spec["sha256"]
        ):
            raise CacheDamaged(f"{path.name} does not match its checksum in meta.json")
        fh.seek(0)
    except BaseException:
        fh.close()
        raise
    return fh


_PLAIN_KINDS = "biuf"  # numpy dtype kinds a coded table's other columns are read into


def _read_coded(
    pf: pq.ParquetFile, name: str, spec: Mapping[str, object], vocab: pd.DataFrame
) -> pd.DataFrame:
    """A table of :data:`CODED_TABLES`: each coded column a categorical of its sorted
    vocabulary (:func:`_vocabulary`), the others NumPy arrays of their recorded dtypes.

    Every column is made as one array of the table's length, filled a row group at a
    time (the group's columns decoded together, on Arrow's threads, and let go once
    copied or recoded), so the memory needed is the table's own plus one row group.
    """
    n = int(spec["rows"])  # type: ignore[call-overload]
    coded = set(spec["coded"])  # type: ignore[call-overload]
    dtypes: Mapping[str, str] = spec["dtypes"]  # type: ignore[assignment]
    names: list[str] = list(spec["columns"])  # type: ignore[call-overload]
    out: dict[str, np.ndarray] = {}
    ranks: dict[str, tuple[pd.Index, np.ndarray]] = {}
    other: list[str] = []  # columns not of a NumPy dtype: read whole, as pandas makes them
    for col in names:
        if col in coded:
            ranks[col] = _vocabulary(name, col, vocab)
            out[col] = np.empty(n, dtype=ranks[col][1].dtype)
            continue
        try:
            dtype = np.dtype(dtypes[col])
        except TypeError:  # not a NumPy dtype
            dtype = None
        if dtype is not None and dtype.kind in _PLAIN_KINDS:
            out[col] = np.empty(n, dtype=dtype)
        else:
            other.append(col)
    pos = 0
    for group in range(pf.num_row_groups):
        table = pf.read_row_group(group, columns=list(out))
        size = table.num_rows
        if pos + size > n:
            raise CacheDamaged(f"{name}.parquet does not match meta.json")
        for col, whole in out.items():
            values = table.column(col)
            if values.null_count:
                raise CacheDamaged(f"{name}.parquet: column {col} has missing values")
            block = whole[pos : pos + size]
            piece = values.to_numpy()  # one chunk: no copy of an int column; bool unpacked
            if col in ranks:
                categories, rank = ranks[col]
                if size and (piece.min() < -1 or piece.max() >= len(categories)):
                    raise CacheDamaged(f"{name}.parquet: a code of {col} is outside its vocabulary")
                np.take(rank, piece, out=block, mode="wrap")  # -1 (missing): rank[-1] == -1
            else:
                block[...] = piece
        pos += size
        del table
    if pos != n:
        raise CacheDamaged(f"{name}.parquet does not match meta.json")
    columns: dict[str, object] = {}
    for col in names:
        if col in ranks:
            columns[col] = pd.Categorical.from_codes(
                out[col], categories=ranks[col][0], validate=False
            )
        elif col in out:
            columns[col] = out[col]
        else:
            columns[col] = pf.read(columns=[col]).column(0).to_pandas()
    return pd.DataFrame(columns, copy=False)


def _vocabulary(name: str, col: str, vocab: pd.DataFrame) -> tuple[pd.Index, np.ndarray]:
    """``(categories, rank)`` of a coded column: its vocabulary sorted, and for each
    stored code (the vocabulary's order, -1 missing: the last entry) its code among the
    sorted categories, in the width pandas uses for that many categories.

    >>> v = pd.DataFrame({"column": ["t", "t", "t"], "value": ["b", "c", "a"]})
    >>> cats, rank = _vocabulary("x", "t", v)
    >>> cats.tolist(), rank.tolist(), rank.dtype.name
    (['a', 'b', 'c'], [1, 2, 0, -1], 'int8')
    """
    values = vocab.loc[vocab["column"] == col, "value"].to_numpy(dtype=object)
    order = np.argsort(values, kind="stable")
    rank = np.empty(len(values) + 1, dtype=tokenization._code_dtype(len(values)))
    rank[order] = np.arange(len(values))
    rank[-1] = -1  # code -1 (missing) stays missing
    return pd.Index(values[order], dtype=object), rank


def _decoded(name: str, col: str, codes: pd.Series, vocab: pd.DataFrame) -> pd.Categorical:
    """Stored codes (into the column's vocabulary, -1 missing) as a categorical whose
    categories are the vocabulary sorted.

    >>> v = pd.DataFrame({"column": ["t", "t", "t"], "value": ["b", "c", "a"]})
    >>> _decoded("x", "t", pd.Series([0, 2, -1, 1], dtype="int32"), v).tolist()
    ['b', 'a', nan, 'c']
    """
    categories, rank = _vocabulary(name, col, vocab)
    codes_np = codes.to_numpy()
    if len(codes_np) and (codes_np.min() < -1 or codes_np.max() >= len(categories)):
        raise CacheDamaged(f"{name}.parquet: a code of {col} is outside its vocabulary")
    return pd.Categorical.from_codes(rank[codes_np], categories=categories, validate=False)


class _LazyTables:
    """``name -> DataFrame | None``: a stored table read (and checked) on first use.

    None when it cannot be read or does not match its checksum: the caller computes
    it again, and the entry's ``meta.json`` is removed so the next load rebuilds it.
    """

    def __init__(self, folder: Path, tables: Mapping[str, Mapping[str, object]]) -> None:
        self.folder = folder
        self.tables = dict(tables)

    def __call__(self, name: str) -> pd.DataFrame | None:
        spec = self.tables.get(name)
        if spec is None:
            return None
        try:
            vocab = None
            if spec.get("coded"):
                vocab_name = name + VOCAB_SUFFIX
                vocab = read_table(self.folder, vocab_name, self.tables[vocab_name])
            return read_table(self.folder, name, spec, vocab)
        except (OSError, ValueError, KeyError, pa.ArrowException) as err:
            warnings.warn(
                f"corpus cache {self.folder}: cannot read {name} ({err}); computing it again",
                stacklevel=4,
            )
            if not os.path.islink(self.folder):  # the other tables are checked when read
                (self.folder / "meta.json").unlink(missing_ok=True)
            return None
