"""A corpus cache on disk: reopen a loaded corpus in seconds, safely.

``load_corpus(path, cache=True)`` keeps what loading, cleaning, segmentation and
tokenization produced in ``<project root>/.cache/corpus/<key>/`` (or under
``$CORPUS_UTILS_CACHE_DIR``, or under the folder ``cache=`` names):

- ``docs``, ``report``, ``removed``, ``paragraphs``, ``sentences`` and the two base
  token tables (``base_tokens_actors`` and ``base_tokens_words``: actor names merged or
  not, before :func:`~corpus_utils.tokenization.normalise`), one Parquet file each;
- ``meta.json``: the format, the key, what went into the key, and every column's dtype,
  which is restored exactly when the cache is read.

Nothing is pickled, so opening a cache never runs code. The key is a hash of everything
that decides the tables: every input file's path and bytes (a changed file changes
the key, whatever its size or modification time), the ``metadata`` sidecar and the
outlet alias file, the ``load_corpus`` options, the package's code and resource files
(``resources/``: the lexicons), and the versions of the libraries that shape the text
(NLTK, ftfy, datasketch, pandas, pyarrow). A cache is written to a temporary folder and
renamed into place when complete, so an interrupted run never leaves a half cache.

On a hit, ``docs``, ``report`` and ``removed`` are read at once; paragraphs, sentences
and token tables only when first used. ``Corpus.cache_info`` says what happened.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from importlib import metadata as _metadata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import paths
from .corpus import BASE_TABLES, Corpus, progress_bar

FORMAT = 1  # bump when the layout or the meaning of a stored table changes
ENV_VAR = "CORPUS_UTILS_CACHE_DIR"
EAGER_TABLES = ("docs", "report", "removed")  # read when the cache is opened
LAZY_TABLES = ("paragraphs", "sentences", *BASE_TABLES.values())  # read when first used
_LIBRARIES = ("corpus_utils", "nltk", "ftfy", "datasketch", "pandas", "pyarrow", "numpy", "regex")
RACY_NS = 2_000_000_000  # a digest taken this soon after a change is not reused
_STALE_PARTIAL_SECONDS = 24 * 3600  # a temporary folder this old was left by a killed run
_PACKAGE_DIR = Path(__file__).resolve().parent


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


def scan_files(root: Path) -> list[tuple[str, str]]:
    """``(relative path, full path)`` of every file ``load_corpus`` reads under ``root``.

    The loader lists a folder with this function too (through :func:`input_files`),
    so the cache key covers exactly the files that are read: a recursive ``os.scandir``
    (symbolic links to folders are not followed, to files are), sorted as paths are.
    Plain strings rather than ``Path`` objects: a corpus can have 100,000 files.
    """
    if root.is_file():
        return [(root.name, str(root))]
    found: list[tuple[tuple[str, ...], str, str]] = []
    stack: list[tuple[str, tuple[str, ...]]] = [(str(root), ())]
    while stack:
        folder, parts = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                stack.append((e.path, (*parts, e.name)))
            elif e.is_file():
                key = (*parts, e.name)
                found.append((key, "/".join(key), e.path))
    found.sort(key=lambda item: item[0])
    return [(rel, full) for _, rel, full in found]


def input_files(root: Path) -> tuple[Path, list[Path]]:
    """``(base, files)``: the files ``load_corpus`` reads for ``root``, in its order."""
    base = root.parent if root.is_file() else root
    return base, [Path(full) for _, full in scan_files(root)]


class _Digests:
    """File digests remembered between runs, reused while a file's stat is unchanged.

    Like git's index: a file whose size, modification and change times (in ns) and
    inode are those recorded is not read again. A digest recorded less than two
    seconds after the file last changed is not trusted (a write within the same
    clock tick could go unseen). Kept as JSON beside the caches, one file per corpus.
    """

    def __init__(self, cache_dir: Path, source: Path) -> None:
        name = hashlib.blake2b(str(source.resolve()).encode(), digest_size=10).hexdigest()
        self.path = cache_dir / "inputs" / f"{name}.json"
        try:
            self.known: dict = json.loads(self.path.read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            self.known = {}
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
        if old and old[:4] == stamp and old[5] - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            self.now[rel] = old
            return old[4], st.st_size
        digest = _file_digest(path)
        self.now[rel] = [*stamp, digest, time.time_ns()]
        self.changed = True
        return digest, st.st_size

    def save(self) -> None:
        if not self.changed and len(self.now) == len(self.known):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps({"files": self.now}), encoding="utf-8")
        os.replace(tmp, self.path)


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
        """Hash the inputs under ``source`` with the ``load_corpus`` ``options``."""
        files = scan_files(source)
        digests = _Digests(root_dir, source)
        h = hashlib.blake2b(digest_size=20)
        n_bytes = 0
        with progress_bar(len(files), "checking inputs", enabled=progress, unit="file") as bar:
            for rel, full in files:
                digest, size = digests.digest(rel, full)
                h.update(rel.encode() + b"\0" + digest.encode() + b"\0")
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

    def info(self, status: str, seconds: float) -> dict[str, object]:
        """What ``Corpus.cache_info`` holds: ``status`` ("hit" or "miss"), key, folder, time."""
        return {
            "status": status,
            "hit": status == "hit",
            "key": self.key,
            "path": str(self.path),
            "seconds": round(seconds, 3),
        }

    # reading ------------------------------------------------------------------------

    def _meta(self) -> dict | None:
        try:
            meta = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if meta.get("format") != FORMAT or meta.get("key") != self.key:
            return None
        tables = meta.get("tables", {})
        if not all(t in tables for t in (*EAGER_TABLES, *LAZY_TABLES)):
            return None
        if not all((self.path / f"{t}.parquet").is_file() for t in tables):
            return None
        return meta

    def open(self, source: Path) -> Corpus | None:
        """The cached corpus, or None when there is no complete cache for this key."""
        meta = self._meta()
        if meta is None:
            return None
        try:
            docs, report, removed = (
                read_table(self.path, t, meta["tables"][t]) for t in EAGER_TABLES
            )
        except (OSError, ValueError, KeyError, pa.ArrowException) as err:
            warnings.warn(
                f"corpus cache {self.path} is unreadable ({err}); rebuilding it", stacklevel=3
            )
            self._discard()
            return None
        corpus = Corpus(docs, report, removed, source=source)
        corpus._stored = _LazyTables(self.path, meta["tables"])
        return corpus

    # writing ------------------------------------------------------------------------

    def save(self, corpus: Corpus) -> None:
        """Write ``corpus`` atomically, with its sentences and both base token tables.

        Sentences and tokens are computed here, chunk by chunk, and streamed to disk;
        afterwards the corpus reads them from the cache when first used, so they are not
        held in memory twice. Errors propagate after the temporary folder is removed.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        _sweep(self.root)
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.key}.", suffix=".partial", dir=self.root))
        writer = _TableWriter(tmp)
        try:
            for name in EAGER_TABLES:
                writer.write(name, getattr(corpus, name))
            writer.write("paragraphs", corpus.paragraphs)
            if "sentences" in corpus.__dict__:  # computed already: _prepare will not redo it
                writer.write("sentences", corpus.sentences)
            corpus._prepare(tuple(BASE_TABLES), sink=writer.write)
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
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        corpus._stored = _LazyTables(self.path, tables)

    def _publish(self, tmp: Path) -> None:
        try:
            os.rename(tmp, self.path)
            return
        except OSError:
            if self._meta() is not None:  # another process wrote the same cache first
                shutil.rmtree(tmp, ignore_errors=True)
                return
        # an unusable folder under this key (an older format, a damaged copy): replace it
        self._discard()
        os.rename(tmp, self.path)

    def _discard(self) -> None:
        """Move this key's folder aside and delete it (a reader of it keeps its files)."""
        old = self.root / f".{self.key}.{uuid.uuid4().hex}.old"
        try:
            os.rename(self.path, old)
        except OSError:
            return
        shutil.rmtree(old, ignore_errors=True)


def _sweep(root: Path) -> None:
    """Remove temporary folders left by runs that were killed mid-write."""
    now = time.time()
    for p in root.glob(".*.partial"):
        try:
            if now - p.stat().st_mtime > _STALE_PARTIAL_SECONDS:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass
    for p in root.glob(".*.old"):
        shutil.rmtree(p, ignore_errors=True)


def dtype_name(dtype: object) -> str:
    """A dtype's exact name: ``string[python]`` and ``string[pyarrow]`` kept apart.

    >>> dtype_name(pd.StringDtype("pyarrow")), dtype_name(pd.Series([1]).dtype)
    ('string[pyarrow]', 'int64')
    """
    if isinstance(dtype, pd.StringDtype):
        return f"string[{dtype.storage}]"
    return str(dtype)


class _TableWriter:
    """Parquet files written a table or a chunk at a time, with their dtypes recorded."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._tables: dict[str, dict] = {}

    def write(self, name: str, df: pd.DataFrame) -> None:
        table = pa.Table.from_pandas(df, preserve_index=False)
        dtypes = {str(c): dtype_name(t) for c, t in df.dtypes.items()}
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

    def close(self) -> dict[str, dict]:
        for w in self._writers.values():
            w.close()
        self._writers.clear()
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


def read_table(folder: Path, name: str, spec: Mapping[str, object]) -> pd.DataFrame:
    """One stored table, with the exact dtypes and row count recorded when it was written."""
    df = pq.read_table(folder / f"{name}.parquet").to_pandas(types_mapper=_arrow_strings)
    dtypes: dict[str, str] = dict(spec["dtypes"])  # type: ignore[arg-type]
    if list(df.columns) != list(spec["columns"]) or len(df) != spec["rows"]:  # type: ignore[arg-type]
        raise ValueError(f"{name}.parquet does not match meta.json")
    for col, want in dtypes.items():
        if dtype_name(df[col].dtype) != want:
            df[col] = df[col].astype(want)
    return df


class _LazyTables:
    """``name -> DataFrame | None``: a stored table read on first use (None if it is gone)."""

    def __init__(self, folder: Path, tables: Mapping[str, Mapping[str, object]]) -> None:
        self.folder = folder
        self.tables = dict(tables)

    def __call__(self, name: str) -> pd.DataFrame | None:
        spec = self.tables.get(name)
        if spec is None:
            return None
        try:
            return read_table(self.folder, name, spec)
        except (OSError, ValueError, KeyError, pa.ArrowException) as err:
            warnings.warn(
                f"corpus cache {self.folder}: cannot read {name} ({err}); computing it again",
                stacklevel=4,
            )
            return None
