"""Reading a folder of ``.txt`` and ``.json`` articles, and its ``metadata.csv`` sidecar."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import paths
from . import tables
from .builder import _Builder
from .cache import input_files
from .clean import normalise_newlines
from .metadata import DateWindow, outlet_from_url, parse_window
from .rows import _add_rows, guess_columns
from .tables import TABLE_SUFFIXES, decode

SIDECAR = "metadata.csv"

_NOT_ARTICLES = {"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG"}
_ARTICLE_SUFFIXES = (".txt", ".json")  # what a folder's articles are


def _read_folder(
    root: Path,
    build: _Builder,
    metadata: object,
    window: DateWindow,
    walk: Mapping[str, object],
) -> tuple[tuple[pd.DataFrame, Path] | None, dict[str, str]]:
    """Read the articles of a folder (or one ``.txt``/``.json`` file); returns the
    sidecar to apply and the metadata sources found (see :func:`_settle_metadata`)."""
    base, entries = input_files(root, **walk)  # the cache key lists the same entries
    sidecar_path: Path | None = None
    listed = {rel for rel, _, problem in entries if not problem}  # a link out is not read
    if metadata is True and root.is_dir() and SIDECAR in listed and (base / SIDECAR).is_file():
        sidecar_path = base / SIDECAR
    elif metadata not in (True, False):
        sidecar_path = paths.resolve(metadata)  # type: ignore[arg-type]
        if not sidecar_path.is_file():
            raise FileNotFoundError(f"metadata sidecar not found: {metadata}")
    sidecar = _read_sidecar(sidecar_path, window) if sidecar_path else None
    side = _SidecarGiven(sidecar, sidecar_path.name) if sidecar is not None else None
    sources = side.sources() if side is not None else {}
    build.infer = ("outlet" not in sources, "published" not in sources)

    build.total = len(entries)
    for rel, f, problem in entries:
        if problem:  # not listable, a link that leads out or nowhere, not a regular file
            build.skip(rel, problem)
            continue
        if sidecar_path is not None and f.resolve() == sidecar_path.resolve():
            build.skip(rel, "metadata sidecar: one row per doc_id", status="metadata")
            continue
        if metadata is False and root.is_dir() and rel == SIDECAR:
            build.skip(rel, "metadata sidecar ignored (metadata=False)")
            continue
        if any(part.startswith(".") for part in Path(rel).parts):
            build.skip(rel, "hidden file")
            continue
        suffix = f.suffix.lower()
        if suffix not in _ARTICLE_SUFFIXES:
            kind = f.suffix or "no extension"
            if suffix in TABLE_SUFFIXES:  # a table in a folder of articles: say how to read it
                kind = f"{f.suffix}: a table, read when its own path is loaded"
            build.skip(rel, f"not a .txt or .json file ({kind})")
            continue
        if f.stem.upper() in _NOT_ARTICLES:
            build.skip(rel, f"{f.name} documents the folder; not read as an article")
            continue
        doc_id = rel[: -len(f.suffix)]  # a skipped article file still names its would-be id
        try:
            data = f.read_bytes()
        except OSError as err:
            build.skip(rel, f"unreadable: {err.strerror or err}", doc_id=doc_id)
            continue
        if not data:
            build.skip(rel, "empty file", doc_id=doc_id)
            continue
        other = tables.not_an_article(data)
        if other:
            build.skip(rel, other, doc_id=doc_id)
            continue
        binary = b"\x00" in data and not data.startswith(
            (b"\xff\xfe", b"\xfe\xff", b"\0\0\xfe\xff")
        )
        if binary and not tables.utf16_without_bom(data):
            build.skip(rel, "binary file (contains NUL bytes)", doc_id=doc_id)
            continue
        raw, note = decode(data)
        if not raw.strip():
            build.skip(rel, "only white space", doc_id=doc_id)
            continue
        folder = Path(rel).parent.as_posix()
        folder = "" if folder == "." else folder
        if suffix == ".json":
            _read_json_article(raw, rel, doc_id, build, note, folder, side, window, sources)
            continue
        given = side.given(doc_id) if side is not None else None
        build.add(doc_id, raw, rel, note=note, given=given, folder=folder)
    return ((sidecar, sidecar_path) if sidecar is not None and sidecar_path else None), sources


class _SidecarGiven:
    """What a sidecar gives an article before it is processed: its outlet (from the
    outlet column, else the domain of a URL column) and a note on a date it lacks."""

    def __init__(self, sidecar: pd.DataFrame, name: str) -> None:
        self.sidecar, self.name = sidecar, name
        found = [str(c) for c in sidecar.columns if not str(c).endswith("_basis")]
        self.roles = guess_columns(found, {}, need_text=False)
        self.roles.pop("title", None)

    def sources(self) -> dict[str, str]:
        out = {}
        if "published" in self.sidecar.columns:
            out["published"] = f"{self.name} (column published)"
        if "outlet" in self.sidecar.columns or "url" in self.roles:
            col = "outlet" if "outlet" in self.sidecar.columns else self.roles["url"]
            out["outlet"] = f"{self.name} (column {col})"
        return out

    def given(self, doc_id: str, has_date: bool = False) -> dict[str, tuple[str, str]]:
        side = self.sidecar
        row = side.loc[doc_id] if doc_id in side.index else None
        given: dict[str, tuple[str, str]] = {}
        outlet = row.get("outlet", "").strip() if row is not None else ""
        if outlet:
            note = str(row.get("outlet_basis", "")).strip()
            given["outlet"] = (outlet, f"{self.name}: {note}" if note else self.name)
        elif row is not None and "url" in self.roles:
            url_col = self.roles["url"]
            name, host = outlet_from_url(row[url_col])
            if name:
                given["outlet"] = (name, f"domain of {self.name} column {url_col}: {host}")
        if "published" in side.columns and not has_date:
            if row is None:
                given["published_note"] = (f"no row in {self.name}: left undated", "")
            elif not str(row["published"]).strip():
                why = side.attrs.get("date_problems", {}).get(doc_id)
                why = why or f"empty published cell in {self.name}"
                given["published_note"] = (f"{why}: left undated", "")
        return given


def _read_json_article(
    raw: str,
    rel: str,
    doc_id: str,
    build: _Builder,
    note: str,
    folder: str,
    side: _SidecarGiven | None,
    window: DateWindow,
    sources: dict[str, str],
) -> None:
    """One ``.json`` file of a folder: one object is one article, a list many."""
    try:
        value = json.loads(normalise_newlines(raw))
    except json.JSONDecodeError as err:
        build.skip(rel, f"not valid JSON: {err.msg} (line {err.lineno})", doc_id=doc_id)
        return
    records, places, bad = tables.json_records(value, rel)
    for where, reason in bad:
        build.skip(where, reason)
    if not records:
        if not bad:
            build.skip(rel, "a JSON list with no objects", doc_id=doc_id)
        return
    many = isinstance(value, list) or len(records) > 1
    table = tables.records_table(records, places)
    try:
        mapping = guess_columns(list(table.frame.columns), {})
    except ValueError:
        fields = ", ".join(table.frame.columns) or "none"
        build.skip(rel, f"no text field in the JSON; fields found: {fields}", doc_id=doc_id)
        return
    mapping.pop("doc_id", None)  # the file names the article; an id field stays a column
    frame = tables.cell_strings(table, mapping["text"], rel)
    table.frame = frame.iloc[:0]  # its cells live on in frame only
    for where, reason in table.notes:
        build.skip(where, reason, status="note")
    if note:
        build.skip(rel, note, status="note")
    for role, what in (("published", "published"), ("outlet", "outlet"), ("url", "outlet")):
        if role in mapping and what not in sources:
            sources[what] = f"the JSON field {mapping[role]}"
    ids = [f"{doc_id}:{n}" if many else doc_id for n in table.lines]
    rels = [f"{rel}:{n}" if many else rel for n in table.lines]
    _add_rows(build, frame, mapping, ids, rels, window, side=side, folder=folder)


def _read_sidecar(path: Path, window: DateWindow) -> pd.DataFrame:
    try:
        meta = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: cannot read the metadata sidecar: {err}") from err
    if "doc_id" not in meta.columns:
        raise ValueError(
            f"{path}: the metadata sidecar needs a 'doc_id' column (the file name without "
            f".txt); columns found: {', '.join(meta.columns) or 'none'}"
        )
    dup = meta["doc_id"][meta["doc_id"].duplicated()].unique().tolist()
    if dup:
        raise ValueError(f"{path}: doc_id repeated in the metadata sidecar: {', '.join(dup)}")
    problems: dict[str, str] = {}
    if "published" in meta.columns:  # fail early, naming the row, rather than deep in pandas
        raw = meta["published"].copy()
        for i, (doc_id, value) in enumerate(zip(meta["doc_id"], raw, strict=True)):
            try:
                start, end = parse_window(value)
            except ValueError as err:
                raise ValueError(f"{path}: doc_id {doc_id}, column published: {err}") from err
            if not (window.contains(start) and window.contains(end)):
                problems[doc_id] = (
                    f"date {str(value).strip()!r} in {path.name} is outside the date "
                    f"window {window}"
                )
                meta.loc[i, "published"] = ""
        if problems:
            meta["published_raw"] = raw
    meta = meta.set_index("doc_id")
    meta.attrs["date_problems"] = problems
    return meta
