"""Loading articles into a Corpus, with every input accounted for.

Inputs:

- a folder of ``.txt`` files (searched recursively; the sub-folder becomes a ``folder``
  column), optionally with a ``metadata.csv`` sidecar; or a single ``.txt`` file;
- a table: CSV, TSV, JSON Lines or Parquet, one article per row. Columns are found by
  their common names (``text``/``content``/``body``/``article_content``,
  ``title``/``headline``, ``outlet``/``source``/``publication``,
  ``date``/``published``, ``id``; see ``resources/columns.csv``), and a ``columns``
  mapping overrides the guess.

Every file, and every row of a table, gets a row in ``Corpus.report``: loaded, skipped
with the reason, a duplicate of another article, or the metadata sidecar itself.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path

import ftfy
import pandas as pd

from . import paths, resources
from .cache import CorpusCache, cache_root, input_files
from .clean import clean_text, normalise_newlines
from .corpus import PROGRESS_MIN_DOCS, Corpus, chunk_bounds, n_workers, progress_bar, run_chunks
from .duplicates import near_duplicates, signature
from .metadata import infer_outlet, infer_published, parse_window

SIDECAR = "metadata.csv"
_RESERVED = {
    "doc_id",
    "title",
    "outlet",
    "published",
    "published_start",
    "published_end",
    "text",
    "title_basis",
    "outlet_basis",
    "published_basis",
    "folder",
    "path",
    "duplicate_of",
    "near_duplicate_of",
    "published_raw",
}  # an input column of one of these names is kept as <name>_input
_NOT_ARTICLES = {"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG"}
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
_META_COLUMNS = ("title", "outlet", "published")
_DOC_COLUMNS = [
    "doc_id",
    "title",
    "outlet",
    "published",
    "text",
    "title_basis",
    "outlet_basis",
    "published_basis",
    "folder",
    "path",
    "duplicate_of",
    "near_duplicate_of",
]


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes; returns ``(text, note)`` where ``note`` names any fallback.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read as such; anything else is
    read as cp1252 and the note says so, so the report shows it.

    >>> decode("café".encode("cp1252"))
    ('café', 'not valid UTF-8; decoded as cp1252')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "decoded as UTF-16 (byte-order mark)"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as err:
        try:
            return data.decode("cp1252"), "not valid UTF-8; decoded as cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), f"not valid UTF-8 ({err.reason}); decoded as latin-1"


def _process(raw: str, has_title: bool) -> dict:
    """The per-article work of loading, with no shared state (it runs in worker processes).

    Returns ``{"skip": reason}`` or the repaired text's note, the cleaned article, the
    inferred outlet and date (each ``(value, basis)``) and a digest of the body.
    """
    raw = normalise_newlines(raw)
    if not raw.strip():
        return {"skip": "only white space" if raw else "empty text"}
    note = ""
    repaired = ftfy.fix_encoding(raw)  # mojibake only: quotes and spacing stay as given
    if repaired != raw:
        changed = sum(a != b for a, b in zip(raw, repaired, strict=False))
        changed += abs(len(raw) - len(repaired))
        note = f"mojibake repaired by ftfy (~{changed} characters changed)"
        raw = repaired
    cleaned = clean_text(raw, headline=not has_title)
    if not cleaned.body:
        return {"cleaned": cleaned}
    implied = [r.implies_outlet for r in cleaned.removed if r.implies_outlet]
    return {
        "note": note,
        "cleaned": cleaned,
        "outlet": infer_outlet(cleaned.body, implied),
        "published": infer_published(raw),
        "digest": hashlib.sha1(cleaned.body.encode("utf-8")).hexdigest(),
        "minhash": signature(cleaned.body),
    }


def _process_chunk(items: list[tuple[str, bool]]) -> list[dict]:
    return [_process(raw, has_title) for raw, has_title in items]


class _Builder:
    """Collects documents, removals and report rows while inputs are read.

    Articles handed to :meth:`add` are processed (repaired, cleaned, their metadata
    inferred) in chunks, on ``n_jobs`` processes, and recorded in input order, so the
    result is the same whatever the number of processes. Report rows keep the order
    the inputs were met in.
    """

    FLUSH_EVERY = 20_000  # articles held unprocessed at most: bounds the raw text in memory

    def __init__(
        self, *, n_jobs: int | None = None, progress: bool | None = None, total: int | None = None
    ) -> None:
        self.docs: list[dict] = []
        self.minhash: list = []  # one MinHash signature per entry of docs
        self.removed: list[dict] = []
        self.report: list[dict] = []
        self._bodies: dict[str, str] = {}
        self._ids: set[str] = set()
        self._pending: list[tuple[dict, str, str, str, dict, Mapping | None, str]] = []
        self.n_jobs = n_jobs
        self._bar = None
        self.done = 0
        self._progress = progress
        self.total = total  # inputs to read, for the progress bar: set by the reader

    def skip(self, rel: str, reason: str, status: str = "skipped", doc_id: object = pd.NA) -> None:
        self.report.append({"path": rel, "doc_id": doc_id, "status": status, "reason": reason})
        self._tick(1)

    def _tick(self, n: int) -> None:
        """Count finished inputs; the bar starts with the first processed chunk, when the
        number of inputs (``total``, set by the reader) is known."""
        self.done += n
        if self._bar is not None:
            self._bar.update(n)

    def _start_bar(self) -> None:
        if self._bar is None:
            show = self._progress
            if show is None:
                show = (self.total or 0) > PROGRESS_MIN_DOCS
            self._bar = progress_bar(self.total, "loading", enabled=bool(show), unit="input")
            self._bar.update(self.done)

    def add(
        self,
        doc_id: str,
        raw: str,
        rel: str,
        *,
        note: str = "",
        given: Mapping[str, tuple[str, str]] | None = None,
        extra: Mapping[str, object] | None = None,
        folder: str = "",
    ) -> None:
        """Queue one article; ``given`` maps a field to (value, basis)."""
        row = {"path": rel, "doc_id": doc_id, "status": "pending", "reason": ""}
        self.report.append(row)  # filled in when the article is processed
        self._pending.append((row, raw, note, folder, dict(given or {}), extra, doc_id))
        if len(self._pending) >= self.FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Process the queued articles and record them, in order."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        self._start_bar()
        workers = n_workers(self.n_jobs, len(pending))
        bounds = chunk_bounds(len(pending), workers, split=workers > 1)
        jobs = (
            ([(p[1], bool(p[4].get("title", ("", ""))[0])) for p in pending[a:b]],)
            for a, b in bounds
        )
        for (a, b), results in zip(bounds, run_chunks(_process_chunk, jobs, workers), strict=True):
            for (row, _raw, note, folder, given, extra, doc_id), result in zip(
                pending[a:b], results, strict=True
            ):
                self._record(row, note, folder, given, extra, doc_id, result)
            self._tick(b - a)

    def close(self) -> None:
        """Process what is queued; later report rows (the sidecar's) need no progress."""
        self.flush()
        if self._bar is not None:
            self._bar.close()
        self._bar = progress_bar(None, "", enabled=False)

    def _record(
        self,
        row: dict,
        note: str,
        folder: str,
        given: dict,
        extra: Mapping[str, object] | None,
        doc_id: str,
        result: dict,
    ) -> None:
        rel = row["path"]
        if "skip" in result:
            row.update(status="skipped", reason=result["skip"])
            return
        note = "; ".join(x for x in (note, result.get("note", "")) if x)
        if doc_id in self._ids:  # keep the article under a new id rather than lose it
            n = 2
            while f"{doc_id}#{n}" in self._ids:
                n += 1
            note = "; ".join(
                x for x in (f"id {doc_id!r} repeated in the input; kept as {doc_id}#{n}", note) if x
            )
            doc_id = f"{doc_id}#{n}"
        row["doc_id"] = doc_id
        cleaned = result["cleaned"]
        if not cleaned.body:
            kinds = ", ".join(sorted({r.kind for r in cleaned.removed})) or "nothing"
            row.update(
                status="skipped", reason=f"no body text left after cleaning (removed: {kinds})"
            )
            return
        self._ids.add(doc_id)
        duplicate_of: str | None = self._bodies.setdefault(result["digest"], doc_id)
        status, reason = "loaded", note
        if duplicate_of != doc_id:
            status = "duplicate"
            reason = "; ".join(x for x in (f"same body text as {duplicate_of}", note) if x)
        else:
            duplicate_of = None
        if "published_note" in given:
            reason = "; ".join(x for x in (reason, given.pop("published_note")[0]) if x)
        row.update(status=status, reason=reason)

        values = {
            "title": (cleaned.title, cleaned.title_basis),
            "outlet": result["outlet"],
            "published": result["published"],
        }
        for field, (value, basis) in given.items():
            if value:
                values[field] = (value, basis)
        doc = {
            "doc_id": doc_id,
            "text": cleaned.body,
            "folder": folder,
            "path": rel,
            "duplicate_of": duplicate_of,
        }
        for field, (value, basis) in values.items():
            doc[field] = value
            doc[f"{field}_basis"] = basis
        doc.update(extra or {})
        self.docs.append(doc)
        self.minhash.append(result["minhash"])
        for r in cleaned.removed:
            self.removed.append(
                {
                    "doc_id": doc_id,
                    "kind": r.kind,
                    "rule": r.rule,
                    "text": r.text,
                    "start": r.start,
                    "end": r.end,
                    "body_pos": r.body_pos,
                }
            )


def load_corpus(
    path: str | os.PathLike[str] = paths.DEFAULT_CORPUS,
    *,
    metadata: str | os.PathLike[str] | bool = True,
    columns: Mapping[str, str] | None = None,
    drop_duplicates: bool = False,
    outlet_aliases: str | os.PathLike[str] | Mapping[str, str] | None = None,
    cache: bool | str | os.PathLike[str] = False,
    n_jobs: int | None = None,
    progress: bool | None = None,
    follow_links: bool = False,
) -> Corpus:
    """Read articles into a :class:`Corpus`.

    Args:
        path: a folder of ``.txt`` files (searched recursively), one ``.txt`` file, or a
            table (``.csv``, ``.tsv``, ``.jsonl``/``.ndjson``, ``.parquet``) with one
            article per row. A relative path that does not exist from the working
            directory is looked up under the project root.
        metadata: for a folder: ``True`` reads ``metadata.csv`` in it when there is one;
            a path names another sidecar; ``False`` ignores any sidecar, so every value
            is inferred from the text.
        columns: for a table: ``{"text": "body_html", "outlet": "site", ...}`` maps the
            roles ``doc_id, text, title, outlet, published`` to column names, overriding
            the guess from common names.
        drop_duplicates: leave exact and near-duplicates (syndicated copies; estimated
            Jaccard >= 0.8 over word 5-grams) out of ``docs`` (their report rows say so).
            By default they stay, flagged in ``docs.duplicate_of`` and
            ``docs.near_duplicate_of``, and count in every analysis.
        outlet_aliases: a mapping or CSV (``alias, outlet``) that merges outlet names;
            names differing only in case and spacing are merged anyway.
        cache: ``True`` keeps the prepared corpus (documents, report, removals,
            paragraphs, sentences, tokens) as Parquet files under ``.cache/corpus/`` in
            the project (or ``$CORPUS_UTILS_CACHE_DIR``; a path names another folder),
            and reopens it in seconds the next time the same inputs are loaded with the
            same options and the same package version. Any changed input byte, option,
            lexicon or library version makes a new cache entry. ``corpus.cache_info``
            says whether it was a hit. A damaged or tampered entry is rebuilt with a
            warning; a cache that cannot be written (read-only folder, full disk) is a
            warning too, and ``cache_info["status"]`` is then ``"not cached"`` with the
            reason. See :mod:`corpus_utils.cache`.
        n_jobs: processes for cleaning, sentences and tokens (None: up to 2; -1: every
            core). Corpora under 200 articles use one. Results never depend on it.
        progress: progress bars (tqdm; widgets in JupyterLab). None shows them for
            corpora over 500 articles.
        follow_links: also follow symbolic links that lead out of the corpus folder
            (by default such a link gets a report row and is not read, so a link to
            ``~/.ssh/id_rsa`` never becomes an article). Links inside the folder are
            always followed; loops, dangling links and unlistable folders get a row.

    The ``doc_id`` of a text file is its path below the folder without ``.txt``
    (``business/001`` for ``bbc/business/001.txt``); of a table row, its id column, or
    ``line<N>`` (the line the record starts on; ``row<N>`` in Parquet) when there is none.
    Report paths name the same place: ``news.csv:line 12``.

    >>> corpus = load_corpus("data/articles")  # doctest: +SKIP
    >>> fakes = load_corpus("../shared/corpora/fa-kes/FA-KES-Dataset.csv")  # doctest: +SKIP
    """
    root = paths.resolve(path)
    if not root.exists():
        raise FileNotFoundError(f"no corpus at {path!s} (looked for {root})")
    if root.is_file() and root.suffix.lower() not in (*TABLE_SUFFIXES, ".txt"):
        raise ValueError(
            f"{root}: load_corpus reads a folder of .txt files, a .txt file, or a table "
            f"({', '.join(TABLE_SUFFIXES)}); {root.suffix or 'this'} files are not supported"
        )
    if n_jobs is not None:
        n_workers(n_jobs, 0)  # a bad value fails here, not after the files are read
    options = {
        "metadata": metadata,
        "columns": dict(columns or {}),
        "drop_duplicates": drop_duplicates,
        "outlet_aliases": outlet_aliases,
    }
    if follow_links:
        options["follow_links"] = True  # only when set: existing cache keys stay valid
    cache_dir = cache_root(cache)
    entry = None
    if cache_dir is not None:
        t0 = time.perf_counter()
        entry = CorpusCache.for_inputs(cache_dir, root, options, progress=bool(progress))
        corpus = entry.open(root)
        if corpus is not None:
            corpus.n_jobs, corpus.progress = n_jobs, progress
            corpus.cache_info = entry.info("hit", time.perf_counter() - t0)
            return corpus
    t0 = time.perf_counter()
    build = _Builder(n_jobs=n_jobs, progress=progress)
    sidecar = None
    if root.is_file() and root.suffix.lower() in TABLE_SUFFIXES:
        _read_table(root, build, columns or {})
    else:
        walk = {"skip": (cache_dir,) if cache_dir else (), "follow_links": follow_links}
        sidecar = _read_folder(root, build, metadata, walk)
    corpus = _finish(build, root, sidecar, drop_duplicates, outlet_aliases)
    corpus.n_jobs, corpus.progress = n_jobs, progress
    if entry is not None:  # computes sentences and tokens on the way, streamed to disk
        entry.store(corpus, t0)  # a cache that cannot be written is a warning
    return corpus


def _read_folder(
    root: Path, build: _Builder, metadata: object, walk: Mapping[str, object]
) -> tuple[pd.DataFrame, Path] | None:
    base, entries = input_files(root, **walk)  # the cache key lists the same entries
    sidecar_path: Path | None = None
    listed = {rel for rel, _, problem in entries if not problem}  # a link out is not read
    if metadata is True and root.is_dir() and SIDECAR in listed and (base / SIDECAR).is_file():
        sidecar_path = base / SIDECAR
    elif metadata not in (True, False):
        sidecar_path = paths.resolve(metadata)  # type: ignore[arg-type]
        if not sidecar_path.is_file():
            raise FileNotFoundError(f"metadata sidecar not found: {metadata}")
    sidecar = _read_sidecar(sidecar_path) if sidecar_path else None

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
        if f.suffix.lower() != ".txt":
            build.skip(rel, f"not a .txt file ({f.suffix or 'no extension'})")
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
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            build.skip(rel, "binary file (contains NUL bytes)", doc_id=doc_id)
            continue
        raw, note = decode(data)
        if not raw.strip():
            build.skip(rel, "only white space", doc_id=doc_id)
            continue
        folder = Path(rel).parent.as_posix()
        build.add(doc_id, raw, rel, note=note, folder="" if folder == "." else folder)
    return (sidecar, sidecar_path) if sidecar is not None and sidecar_path else None


def _read_sidecar(path: Path) -> pd.DataFrame:
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
    if "published" in meta.columns:  # fail early, naming the row, rather than deep in pandas
        for doc_id, value in zip(meta["doc_id"], meta["published"], strict=True):
            try:
                parse_window(value)
            except ValueError as err:
                raise ValueError(f"{path}: doc_id {doc_id}, column published: {err}") from err
    return meta.set_index("doc_id")


def guess_columns(found: list[str], given: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map the roles ``doc_id, text, title, outlet, published`` to a table's columns.

    Names are matched case-insensitively against ``resources/columns.csv``; ``given``
    wins. A missing text column is a clear error naming the columns found.

    >>> guess_columns(["unit_id", "article_title", "article_content", "source", "date"])
    {'doc_id': 'unit_id', 'text': 'article_content', 'title': 'article_title', \
'outlet': 'source', 'published': 'date'}
    """
    given = dict(given or {})
    unknown_roles = set(given) - {"doc_id", "text", "title", "outlet", "published"}
    if unknown_roles:
        raise ValueError(
            f"columns= takes the roles doc_id, text, title, outlet, published; "
            f"got {', '.join(sorted(unknown_roles))}"
        )
    missing = [c for c in given.values() if c not in found]
    if missing:
        raise ValueError(
            f"columns= names {', '.join(missing)}, not in the table; "
            f"columns found: {', '.join(found)}"
        )
    by_lower = {c.lower().strip(): c for c in found}
    mapping: dict[str, str] = {}
    aliases = resources.table("columns.csv")
    for role in ("doc_id", "text", "title", "outlet", "published"):
        if role in given:
            mapping[role] = given[role]
            continue
        for alias in aliases.loc[aliases["role"] == role, "alias"]:
            col = by_lower.get(alias)
            if col is not None and col not in mapping.values():
                mapping[role] = col
                break
    if "text" not in mapping:
        raise ValueError(
            "no text column found; columns found: "
            + ", ".join(found)
            + ". Name it with columns={'text': '<column>'}"
        )
    return mapping


def _read_table(path: Path, build: _Builder, columns: Mapping[str, str]) -> None:
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        table = pd.read_parquet(path)
        table = table.astype({c: "string" for c in table.columns})
        line_of = None
    elif suffix in (".jsonl", ".ndjson"):
        table, line_of = _read_jsonl(path, build)
    else:
        table, line_of = _read_delimited(path, build, "\t" if suffix == ".tsv" else ",")
    mapping = guess_columns(list(table.columns), columns)
    dates = None
    if "published" in mapping:
        values = table[mapping["published"]].astype("string").str.strip()
        dates = pd.to_datetime(values, format="mixed", errors="coerce")
    other = [c for c in table.columns if c not in mapping.values()]
    build.total = build.done + len(table)  # rows already reported (malformed) + rows read
    seen_ids: dict[str, int] = {}
    for i, row in enumerate(table.itertuples(index=False)):
        rec = dict(zip(table.columns, row, strict=True))
        line = line_of[i] if line_of else i + 1
        unit = "row" if line_of is None else "line"  # Parquet rows; text files' lines
        rel = f"{name}:{unit} {line}"
        raw_id = rec.get(mapping.get("doc_id", ""), None)
        doc_id = f"{unit}{line}" if _blank(raw_id) else str(raw_id).strip()
        seen_ids[doc_id] = seen_ids.get(doc_id, 0) + 1
        text = rec[mapping["text"]]
        if _blank(text):
            build.skip(rel, f"empty text in column {mapping['text']}", doc_id=doc_id)
            continue
        given: dict[str, tuple[str, str]] = {}
        for role in ("title", "outlet"):
            if role in mapping and not _blank(rec[mapping[role]]):
                value = " ".join(str(rec[mapping[role]]).split())
                given[role] = (value, f"column {mapping[role]}")
        if dates is not None and not _blank(rec[mapping["published"]]):
            stamp = dates.iloc[i]
            given_value = str(rec[mapping["published"]]).strip()
            if pd.isna(stamp):
                given["published_note"] = (
                    f"date {given_value!r} not understood; kept as published_raw",
                    "",
                )
            else:
                basis = f"column {mapping['published']}: {given_value!r}"
                given["published"] = (stamp.date().isoformat(), basis)
        extra = {(f"{c}_input" if c in _RESERVED else c): rec[c] for c in other}
        if "published" in mapping:
            extra["published_raw"] = rec[mapping["published"]]
        build.add(doc_id, str(text), rel, given=given, extra=extra)


def _blank(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and pd.isna(value))
        or not str(value).strip()
    )


def _read_delimited(path: Path, build: _Builder, sep: str) -> tuple[pd.DataFrame, list[int]]:
    """A CSV/TSV read with the standard csv module, so a broken row is reported, not lost."""
    text, note = decode(path.read_bytes())
    if note:
        build.skip(path.name, note, status="note")
    reader = csv.reader(io.StringIO(normalise_newlines(text), newline=""), delimiter=sep)
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError(f"{path}: the table is empty (no header row)") from None
    except csv.Error as err:
        raise ValueError(f"{path}: cannot read the header row: {err}") from err
    rows, lines = [], []
    while True:
        start_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            build.skip(f"{path.name}:line {start_line}", f"malformed row: {err}")
            continue
        if not any(cell.strip() for cell in row):
            continue  # a blank line between rows is not an input
        if len(row) != len(header):
            build.skip(
                f"{path.name}:line {start_line}",
                f"malformed row: {len(row)} fields where the header has {len(header)}",
            )
            continue
        rows.append(row)
        lines.append(start_line)
    return pd.DataFrame(rows, columns=header, dtype="string"), lines


def _read_jsonl(path: Path, build: _Builder) -> tuple[pd.DataFrame, list[int]]:
    text, note = decode(path.read_bytes())
    if note:
        build.skip(path.name, note, status="note")
    records, lines = [], []
    for n, line in enumerate(normalise_newlines(text).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            build.skip(f"{path.name}:line {n}", f"not valid JSON: {err.msg}")
            continue
        if not isinstance(rec, dict):
            build.skip(f"{path.name}:line {n}", "not a JSON object")
            continue
        records.append(rec)
        lines.append(n)
    table = pd.DataFrame.from_records(records)
    return table.astype({c: "string" for c in table.columns}), lines


def _finish(
    build: _Builder,
    root: Path,
    sidecar: tuple[pd.DataFrame, Path] | None,
    drop_duplicates: bool,
    outlet_aliases: str | os.PathLike[str] | Mapping[str, str] | None = None,
) -> Corpus:
    build.close()
    near = near_duplicates(
        [d["doc_id"] for d in build.docs],
        hashvalues=build.minhash,
        skip=[bool(d["duplicate_of"]) for d in build.docs],
    )
    near_of = dict(zip(near["doc_id"], near["near_duplicate_of"], strict=True))
    similarity = dict(zip(near["doc_id"], near["similarity"], strict=True))
    for d in build.docs:
        d["near_duplicate_of"] = near_of.get(d["doc_id"])
    for row in build.report:
        if row["doc_id"] in near_of and row["status"] == "loaded":
            row["status"] = "near-duplicate"
            flag = (
                f"near-duplicate of {near_of[row['doc_id']]} (estimated Jaccard "
                f"{similarity[row['doc_id']]:.2f} over word 5-grams)"
            )
            row["reason"] = "; ".join(x for x in (flag, row["reason"]) if x)
    if drop_duplicates:
        dropped = {d["doc_id"] for d in build.docs if d["duplicate_of"] or d["near_duplicate_of"]}
        build.docs = [d for d in build.docs if d["doc_id"] not in dropped]
        build.removed = [r for r in build.removed if r["doc_id"] not in dropped]
        for row in build.report:
            if row["status"] in ("duplicate", "near-duplicate"):
                row["reason"] += " (dropped: drop_duplicates=True)"
    extra_cols = [c for d in build.docs for c in d if c not in _DOC_COLUMNS]
    docs = pd.DataFrame(build.docs, columns=_DOC_COLUMNS + list(dict.fromkeys(extra_cols)))
    if sidecar is not None:
        docs = _apply_sidecar(docs, sidecar[0], build, sidecar[1])
    docs["outlet"] = normalise_outlets(docs["outlet"], aliases=outlet_aliases)
    starts, ends = [], []
    for value in docs["published"]:
        start, end = parse_window(value)
        starts.append(start)
        ends.append(end)
    docs.insert(4, "published_start", pd.Series(starts, dtype="datetime64[ns]"))
    docs.insert(5, "published_end", pd.Series(ends, dtype="datetime64[ns]"))
    if not docs["folder"].astype(bool).any():
        docs = docs.drop(columns="folder")
    for col in docs.columns:
        if docs[col].dtype == object:
            docs[col] = docs[col].astype("string")
    report = pd.DataFrame(build.report, columns=["path", "doc_id", "status", "reason"])
    removed = pd.DataFrame(
        build.removed, columns=["doc_id", "kind", "rule", "text", "start", "end", "body_pos"]
    ).astype(
        {
            "doc_id": "string",
            "kind": "string",
            "rule": "string",
            "text": "string",
            "start": "int32",
            "end": "int32",
            "body_pos": "int32",
        }
    )
    return Corpus(docs, report.astype("string"), removed, source=root)


def normalise_outlets(
    outlets: pd.Series, *, aliases: str | os.PathLike[str] | Mapping[str, str] | None = None
) -> pd.Series:
    """Merge outlet names that differ only in case and spacing, and listed aliases.

    Spellings that fold to the same name (``"Reuters"``, ``"reuters "``) become the most
    frequent one; ``aliases`` (a mapping, or a CSV with columns ``alias, outlet``) merges
    names that differ otherwise (``"AP"`` -> ``"Associated Press"``).

    >>> normalise_outlets(pd.Series(["Reuters", "reuters ", "Reuters", "AP"]),
    ...                   aliases={"AP": "Associated Press"}).tolist()
    ['Reuters', 'Reuters', 'Reuters', 'Associated Press']
    """
    if isinstance(aliases, (str, os.PathLike)):
        table = pd.read_csv(paths.resolve(aliases), dtype=str, keep_default_na=False)
        if not {"alias", "outlet"} <= set(table.columns):
            raise ValueError(
                f"{aliases}: an outlet alias file needs the columns alias, outlet; "
                f"found {', '.join(table.columns)}"
            )
        aliases = dict(zip(table["alias"], table["outlet"], strict=True))
    spaced = outlets.astype("string").str.split().str.join(" ")
    if aliases:
        folded_aliases = {" ".join(k.split()).casefold(): v for k, v in aliases.items()}
        spaced = spaced.map(
            lambda o: folded_aliases.get(o.casefold(), o) if isinstance(o, str) else o
        ).astype("string")
    key = spaced.str.casefold()
    counts = (
        spaced.groupby(key).agg(lambda v: v.value_counts().index[0])
        if spaced.notna().any()
        else pd.Series(dtype="string")
    )
    return key.map(counts).astype("string").where(spaced.notna())


def _apply_sidecar(
    docs: pd.DataFrame, sidecar: pd.DataFrame, build: _Builder, sidecar_path: Path
) -> pd.DataFrame:
    """Sidecar values win over inferred ones; the basis says which it was."""
    name = sidecar_path.name
    known = set(docs["doc_id"])
    for doc_id in sidecar.index:
        if doc_id not in known:
            build.skip(
                name,
                f"{name} has a row for {doc_id} but no such article was loaded",
                status="unmatched",
                doc_id=doc_id,
            )
    side = sidecar.reindex(docs["doc_id"])
    side.index = docs.index
    for col in _META_COLUMNS:
        if col not in side.columns:
            continue
        given = side[col].fillna("").str.strip().ne("")
        docs[col] = docs[col].where(~given, side[col])
        basis_col = f"{col}_basis"
        if basis_col in side.columns:
            note = side[basis_col].fillna("").str.strip()
            label = (f"{name}: " + note).where(note.ne(""), name)
        else:
            label = pd.Series(name, index=side.index)
        docs[basis_col] = docs[basis_col].where(~given, label)
    extra = [c for c in side.columns if c not in docs.columns and not c.endswith("_basis")]
    for col in extra:
        docs[col] = side[col]
    return docs
