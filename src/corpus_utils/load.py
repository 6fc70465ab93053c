"""Loading: a folder of .txt articles (plus an optional ``metadata.csv``) into a Corpus.

Every file under the folder gets a row in ``Corpus.report``: loaded, skipped with the
reason, a duplicate of another article, or the metadata sidecar itself.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from . import paths
from .clean import clean_text, normalise_newlines
from .corpus import Corpus
from .metadata import infer_outlet, infer_published, parse_window

SIDECAR = "metadata.csv"
_META_COLUMNS = ("title", "outlet", "published")


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
    for col in ("published", "published_start"):
        if col in meta.columns:  # fail early, naming the row, rather than deep in pandas
            for doc_id, value in zip(meta["doc_id"], meta[col], strict=True):
                try:
                    parse_window(value)
                except ValueError as err:
                    raise ValueError(f"{path}: doc_id {doc_id}, column {col}: {err}") from err
    return meta.set_index("doc_id")


def _skip(rows: list[dict], rel: str, reason: str, status: str = "skipped") -> None:
    rows.append({"path": rel, "doc_id": pd.NA, "status": status, "reason": reason})


def load_corpus(
    path: str | os.PathLike[str] = paths.DEFAULT_CORPUS,
    *,
    metadata: str | os.PathLike[str] | bool = True,
) -> Corpus:
    """Read a folder of ``.txt`` articles (searched recursively) into a :class:`Corpus`.

    Args:
        path: a folder of ``.txt`` files, or one ``.txt`` file. A relative path that does
            not exist from the working directory is looked up under the project root.
        metadata: ``True`` reads ``metadata.csv`` in the folder when there is one; a path
            names another sidecar; ``False`` ignores any sidecar, so every value is
            inferred from the text.

    The ``doc_id`` of an article is its path below the folder without ``.txt``
    (``business/001`` for ``bbc/business/001.txt``); articles in sub-folders get a
    ``folder`` column.

    >>> corpus = load_corpus("data/articles")  # doctest: +SKIP
    """
    root = paths.resolve(path)
    if not root.exists():
        raise FileNotFoundError(f"no corpus at {path!s} (looked for {root})")
    if root.is_file():
        if root.suffix.lower() != ".txt":
            raise ValueError(
                f"{root}: load_corpus reads a folder of .txt files or a single .txt file; "
                f"{root.suffix or 'this'} files are not supported yet"
            )
        files, base = [root], root.parent
    else:
        files = sorted(p for p in root.rglob("*") if p.is_file())
        base = root

    report: list[dict] = []
    sidecar_path: Path | None = None
    if metadata is True and (base / SIDECAR).is_file() and root.is_dir():
        sidecar_path = base / SIDECAR
    elif metadata not in (True, False):
        sidecar_path = paths.resolve(metadata)  # type: ignore[arg-type]
        if not sidecar_path.is_file():
            raise FileNotFoundError(f"metadata sidecar not found: {metadata}")
    sidecar = _read_sidecar(sidecar_path) if sidecar_path else None

    docs: list[dict] = []
    removed: list[dict] = []
    seen_bodies: dict[str, str] = {}
    for f in files:
        rel = f.relative_to(base).as_posix()
        if sidecar_path is not None and f.resolve() == sidecar_path.resolve():
            report.append(
                {
                    "path": rel,
                    "doc_id": pd.NA,
                    "status": "metadata",
                    "reason": "metadata sidecar: one row per doc_id",
                }
            )
            continue
        if metadata is False and root.is_dir() and rel == SIDECAR:
            _skip(report, rel, "metadata sidecar ignored (metadata=False)")
            continue
        if any(part.startswith(".") for part in Path(rel).parts):
            _skip(report, rel, "hidden file")
            continue
        if f.suffix.lower() != ".txt":
            _skip(report, rel, f"not a .txt file ({f.suffix or 'no extension'})")
            continue
        try:
            data = f.read_bytes()
        except OSError as err:
            _skip(report, rel, f"unreadable: {err.strerror or err}")
            continue
        if not data:
            _skip(report, rel, "empty file")
            continue
        if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            _skip(report, rel, "binary file (contains NUL bytes)")
            continue
        raw, note = decode(data)
        raw = normalise_newlines(raw)
        if not raw.strip():
            _skip(report, rel, "only white space")
            continue
        doc_id = rel[: -len(f.suffix)]
        cleaned = clean_text(raw)
        if not cleaned.body:
            kinds = ", ".join(sorted({r.kind for r in cleaned.removed})) or "nothing"
            _skip(report, rel, f"no body text left after cleaning (removed: {kinds})")
            continue
        digest = hashlib.sha1(cleaned.body.encode("utf-8")).hexdigest()
        duplicate_of = seen_bodies.setdefault(digest, doc_id)
        status, reason = "loaded", note
        if duplicate_of != doc_id:
            status = "duplicate"
            reason = "; ".join(x for x in (f"same body text as {duplicate_of}", note) if x)
        else:
            duplicate_of = None
        report.append({"path": rel, "doc_id": doc_id, "status": status, "reason": reason})

        implied = [r.implies_outlet for r in cleaned.removed if r.implies_outlet]
        outlet, outlet_basis = infer_outlet(cleaned.body, implied)
        published, published_basis = infer_published(raw)
        folder = Path(rel).parent.as_posix()
        docs.append(
            {
                "doc_id": doc_id,
                "title": cleaned.title,
                "outlet": outlet,
                "published": published,
                "text": cleaned.body,
                "title_basis": cleaned.title_basis,
                "outlet_basis": outlet_basis,
                "published_basis": published_basis,
                "folder": "" if folder == "." else folder,
                "path": rel,
                "duplicate_of": duplicate_of,
            }
        )
        for r in cleaned.removed:
            removed.append(
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

    docs_df = pd.DataFrame(
        docs,
        columns=[
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
        ],
    )
    if sidecar is not None:
        docs_df = _apply_sidecar(docs_df, sidecar, report, sidecar_path)
    starts, ends = (
        zip(*docs_df["published"].map(parse_window), strict=True) if len(docs_df) else ((), ())
    )
    docs_df.insert(4, "published_start", pd.to_datetime(pd.Series(starts, dtype="datetime64[ns]")))
    docs_df.insert(5, "published_end", pd.to_datetime(pd.Series(ends, dtype="datetime64[ns]")))
    if not docs_df["folder"].astype(bool).any():
        docs_df = docs_df.drop(columns="folder")
    for col in docs_df.columns:
        if docs_df[col].dtype == object:
            docs_df[col] = docs_df[col].astype("string")

    report_df = pd.DataFrame(report, columns=["path", "doc_id", "status", "reason"]).astype(
        "string"
    )
    removed_df = pd.DataFrame(
        removed, columns=["doc_id", "kind", "rule", "text", "start", "end", "body_pos"]
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
    return Corpus(docs_df, report_df, removed_df, source=root)


def _apply_sidecar(
    docs: pd.DataFrame, sidecar: pd.DataFrame, report: list[dict], sidecar_path: Path | None
) -> pd.DataFrame:
    """Sidecar values win over inferred ones; the basis says which it was."""
    name = sidecar_path.name if sidecar_path else SIDECAR
    known = set(docs["doc_id"])
    for doc_id in sidecar.index:
        if doc_id not in known:
            report.append(
                {
                    "path": name,
                    "doc_id": doc_id,
                    "status": "unmatched",
                    "reason": f"{name} has a row for {doc_id} but no such article was loaded",
                }
            )
    side = sidecar.reindex(docs["doc_id"])
    side.index = docs.index
    for col in _META_COLUMNS:
        if col not in side.columns:
            continue
        given = side[col].fillna("").str.strip().ne("")
        docs[col] = docs[col].where(~given, side[col])
        basis_col = f"{col}_basis"
        side_basis = (
            side[basis_col] if basis_col in side.columns else pd.Series("", index=side.index)
        )
        side_basis = side_basis.fillna("")
        label = side_basis.where(side_basis.str.strip().ne(""), "")
        docs[basis_col] = docs[basis_col].where(
            ~given, (f"{name}: " + label).str.rstrip(": ").where(label.ne(""), name)
        )
    extra = [c for c in side.columns if c not in docs.columns and not c.endswith("_basis")]
    for col in extra:
        docs[col] = side[col]
    return docs
