"""Document-term matrices saved in a corpus's cache entry, beside its tables.

``<entry>/dtm/<name>.cells.parquet`` (the CSR ``data`` and ``indices``),
``<name>.indptr.parquet`` and ``<name>.json`` (shape, checksums, the build's options);
every array is checked when read back, and anything that does not check out is counted
again (:func:`load_matrix` returns None and warns). Split from
:mod:`corpus_utils.prepare.cache`, which owns the entry and its tables.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from scipy import sparse

from ..corpus import Corpus
from .cache import FORMAT, _LazyTables, _read_no_links
from .walk import why

# --- document-term matrices, saved beside the tables ---------------------------------

MATRIX_DIR = "dtm"  # inside a cache entry: <name>.<table>.parquet, <name>.json
# the CSR arrays, as two Parquet files (zstd): ``cells`` (data, indices) and ``indptr``.
# scipy's save_npz (zlib) took 8.0 CPU-s for the 17.9 million cells of the 230 MB
# scrape's matrix (37 MB); zstd 0.6 CPU-s (36 MB), uncompressed 0.2 (205 MB)
MATRIX_ARRAYS = {"cells": ("data", "indices"), "indptr": ("indptr",)}


def entry_folder(corpus: Corpus) -> Path | None:
    """The cache entry a corpus was opened from or saved to; None without a cache."""
    stored = corpus._stored
    return stored.folder if isinstance(stored, _LazyTables) else None


def _matrix_folder(corpus: Corpus) -> Path | None:
    entry = entry_folder(corpus)
    if entry is None or os.path.islink(entry):
        return None
    folder = entry / MATRIX_DIR
    return None if os.path.islink(folder) else folder


def save_matrix(
    corpus: Corpus,
    name: str,
    matrix: sparse.csr_matrix,
    tables: Mapping[str, pd.DataFrame],
    info: Mapping[str, object],
) -> bool:
    """Keep a sparse matrix and its tables in the corpus's cache entry; False without one.

    The matrix goes to ``dtm/<name>.cells.parquet`` (its ``data`` and ``indices``) and
    ``dtm/<name>.indptr.parquet`` (zstd; no object arrays, no pickle), each table to
    ``dtm/<name>.<table>.parquet``; ``dtm/<name>.json``, written last, records ``info``,
    the shape and every file's size and SHA-256. Each file is written to a temporary
    name and renamed into place. A folder that cannot be written
    is a warning (the matrix is kept in memory all the same).
    """
    folder = _matrix_folder(corpus)
    if folder is None or not _is_name(name) or not all(_is_name(t) for t in tables):
        return False
    try:
        folder.mkdir(exist_ok=True)
        files = {}
        csr = matrix.tocsr()
        for part, arrays in MATRIX_ARRAYS.items():
            arrow = pa.table({a: getattr(csr, a) for a in arrays})
            files[f"{name}.{part}.parquet"] = _write_atomic(
                folder,
                f"{name}.{part}.parquet",
                lambda p, arrow=arrow: pq.write_table(arrow, p, compression="zstd"),
            )
        for table, df in tables.items():
            files[f"{name}.{table}.parquet"] = _write_atomic(
                folder,
                f"{name}.{table}.parquet",
                lambda p, df=df: df.to_parquet(p, index=False, compression="zstd"),
            )
        meta = {
            "format": FORMAT,
            "info": dict(info),
            "tables": sorted(tables),
            "shape": list(matrix.shape),
            "files": files,
        }
        blob = json.dumps(meta, sort_keys=True, default=str).encode()
        _write_atomic(folder, f"{name}.json", lambda p: Path(p).write_bytes(blob))
    except OSError as err:
        warnings.warn(
            f"corpus cache {folder}: the document-term matrix could not be saved ({why(err)})",
            stacklevel=3,
        )
        return False
    return True


def _is_name(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c == "_" for c in name)


def _write_atomic(folder: Path, name: str, write) -> dict[str, object]:
    """Write ``folder/name`` through a temporary file; its size and SHA-256."""
    tmp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
    try:
        write(str(tmp))
        with open(tmp, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        size = tmp.stat().st_size
        os.replace(tmp, folder / name)
    finally:
        tmp.unlink(missing_ok=True)
    return {"bytes": size, "sha256": digest}


def load_matrix(
    corpus: Corpus, name: str, info: Mapping[str, object]
) -> tuple[sparse.csr_matrix, dict[str, pd.DataFrame]] | None:
    """A matrix and its tables saved by :func:`save_matrix` for the same ``info``.

    None when there is none; when its ``json`` is not what this package writes, records
    other ``info``, or a file does not match its size and SHA-256 (stale or tampered
    with), or its arrays are not a valid CSR matrix of the recorded shape (every index
    checked), None with a warning, and the caller builds the matrix again. Nothing is
    unpickled; no path is taken from the files, and a symbolic link in a file's place is
    refused.
    """
    folder = _matrix_folder(corpus)
    if folder is None or not _is_name(name):
        return None
    try:
        text = _read_no_links(folder / f"{name}.json")
    except FileNotFoundError:
        return None
    except OSError as err:
        return _stale(folder, name, f"its record is unreadable ({why(err)})")
    try:
        meta = json.loads(text)
        problem = _check_matrix_meta(meta, name, info)
    except ValueError as err:
        problem = f"its record is not valid JSON ({err})"
    if problem:
        return _stale(folder, name, problem)
    try:
        blobs = {}
        for file, spec in meta["files"].items():
            data = _read_no_links(folder / file)
            if len(data) != spec["bytes"] or hashlib.sha256(data).hexdigest() != spec["sha256"]:
                return _stale(folder, name, f"{file} does not match its checksum")
            blobs[file] = data
        matrix = _csr_from_parquet(
            {part: blobs[f"{name}.{part}.parquet"] for part in MATRIX_ARRAYS}, meta["shape"]
        )
        tables = {
            t: pq.read_table(pa.BufferReader(blobs[f"{name}.{t}.parquet"])).to_pandas()
            for t in meta["tables"]
        }
    except (OSError, ValueError, KeyError, pa.ArrowException) as err:
        return _stale(folder, name, f"a file is unreadable ({err})")
    if list(matrix.shape) != meta["shape"]:
        return _stale(folder, name, "the matrix is not the shape recorded")
    return matrix, tables


def _check_matrix_meta(meta: object, name: str, info: Mapping[str, object]) -> str:
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        return "its record is not this package's format"
    if json.dumps(meta.get("info"), sort_keys=True, default=str) != json.dumps(
        dict(info), sort_keys=True, default=str
    ):
        return "it was counted with other options"
    tables, files, shape = meta.get("tables"), meta.get("files"), meta.get("shape")
    if not isinstance(tables, list) or not all(isinstance(t, str) and _is_name(t) for t in tables):
        return "its record names no valid tables"
    parts = (*MATRIX_ARRAYS, *tables)
    if len(set(parts)) != len(parts):
        return "its record names a table after the matrix's arrays"
    want = {f"{name}.{t}.parquet" for t in parts}
    if not isinstance(files, dict) or set(files) != want:
        return "its record does not list its files"
    for spec in files.values():
        if (
            not isinstance(spec, dict)
            or type(spec.get("bytes")) is not int
            or not isinstance(spec.get("sha256"), str)
        ):
            return "its record of a file is not a size and checksum"
    if not isinstance(shape, list) or len(shape) != 2 or not all(type(x) is int for x in shape):
        return "its record has no shape"
    return ""


def _csr_from_parquet(blobs: Mapping[str, bytes], shape: list[int]) -> sparse.csr_matrix:
    """A CSR matrix from the Parquet files :func:`save_matrix` writes, checked in full
    (index array lengths, ``indptr`` from 0 to the number of cells and never falling,
    every column index within the shape): ``ValueError`` when it is not one."""
    arrays = {}
    for part, names in MATRIX_ARRAYS.items():
        table = pq.read_table(pa.BufferReader(blobs[part]))
        if table.column_names != list(names):
            raise ValueError(f"{part}: columns {table.column_names}, not {list(names)}")
        for a in names:
            if table.column(a).null_count:
                raise ValueError(f"{part}: {a} has missing values")
            arrays[a] = table.column(a).to_numpy()
        del table
    data, indices, indptr = arrays["data"], arrays["indices"], arrays["indptr"]
    if (
        data.dtype.kind not in "iu"
        or indices.dtype.kind not in "iu"
        or indptr.dtype.kind not in "iu"
    ):
        raise ValueError("a matrix array is not of integers")
    n_rows, n_cols = shape
    if len(indptr) != n_rows + 1 or indptr[0] != 0 or indptr[-1] != len(data):
        raise ValueError("indptr does not span the cells of the recorded rows")
    if len(indices) != len(data) or (len(indptr) > 1 and (np.diff(indptr) < 0).any()):
        raise ValueError("indices and indptr do not agree")
    if len(indices) and (indices.min() < 0 or indices.max() >= n_cols):
        raise ValueError("a column index is outside the recorded shape")
    return sparse.csr_matrix((data, indices, indptr), shape=(n_rows, n_cols))


def _stale(folder: Path, name: str, problem: str) -> None:
    warnings.warn(
        f"corpus cache {folder}: the saved document-term matrix {name} cannot be used "
        f"({problem}); counting it again",
        stacklevel=4,
    )
    (folder / f"{name}.json").unlink(missing_ok=True)
    return None
