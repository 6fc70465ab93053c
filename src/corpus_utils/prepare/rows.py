"""Turning the rows of a table (or of a JSON file) into queued articles: the columns
guessed from their names, each row's given title, outlet and date."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import resources
from ..corpus import TOKEN_COLUMNS
from . import tables
from .builder import _Builder
from .finish import _DOC_COLUMNS
from .metadata import DateWindow, outlet_from_url, read_date_cell

if TYPE_CHECKING:
    from .folders import _SidecarGiven


_RESERVED = {
    *_DOC_COLUMNS,
    "published_start",
    "published_end",
    "published_raw",
    # the columns of the package's other tables, which document columns may join
    "para_id",
    *TOKEN_COLUMNS,
    "voice",
    "quote_id",
    "is_name",
    "kind",
    "rule",
    "body_pos",
    "status",
    "reason",
}  # an input column of one of these names is kept as <name>_input


def guess_columns(
    found: list[str], given: Mapping[str, str] | None = None, *, need_text: bool = True
) -> dict[str, str]:
    """Map the roles ``doc_id, text, title, outlet, published, url`` to a table's columns.

    Names are matched case-insensitively against ``resources/columns.csv``; ``given``
    wins. A missing text column is a clear error naming the columns found.

    >>> guess_columns(["unit_id", "article_title", "article_content", "source", "date"])
    {'doc_id': 'unit_id', 'text': 'article_content', 'title': 'article_title', \
'outlet': 'source', 'published': 'date'}
    """
    given = dict(given or {})
    unknown_roles = set(given) - set(tables.ROLES)
    if unknown_roles:
        raise ValueError(
            f"columns= takes the roles {', '.join(tables.ROLES)}; "
            f"got {', '.join(sorted(unknown_roles))}"
        )
    missing = [c for c in given.values() if c not in found]
    if missing:
        raise ValueError(
            f"columns= names {', '.join(missing)}, not in the table; "
            f"columns found: {', '.join(found)}"
        )
    mapping: dict[str, str] = {}
    for role in tables.ROLES:
        if role in given:
            mapping[role] = given[role]
            continue
        for col in column_candidates(found, role):
            if col not in mapping.values() and col not in given.values():
                mapping[role] = col
                break
    if need_text and "text" not in mapping:
        raise ValueError(
            "no text column found; columns found: "
            + ", ".join(found)
            + ". Name it with columns={'text': '<column>'}"
        )
    return mapping


def column_candidates(found: list[str], role: str) -> list[str]:
    """The columns of ``found`` whose names are aliases of ``role``, best first.

    >>> column_candidates(["date", "published", "id"], "published")
    ['published', 'date']
    """
    by_lower = {c.lower().strip(): c for c in found}
    aliases = resources.table("columns.csv")
    cols = [by_lower.get(a) for a in aliases.loc[aliases["role"] == role, "alias"]]
    return [c for c in cols if c is not None]


def _read_table(
    path: Path,
    build: _Builder,
    columns: Mapping[str, str],
    header: bool | None,
    window: DateWindow,
) -> dict[str, str]:
    """Read one table file; returns the metadata sources it has (role -> description)."""
    name = path.name
    table = tables.read_table(path, header=header)
    found = list(table.frame.columns)
    try:
        mapping = guess_columns(found, {**table.roles, **columns})
    except ValueError as err:
        if "no text column" in str(err) and path.suffix.lower() in (".csv", ".tsv"):
            longest = max(range(len(found)), key=lambda i: len(found[i])) + 1
            raise ValueError(
                f"{err}. If the first row is an article, not a header, pass "
                f"header=False, columns={{'text': 'col{longest}'}}"
            ) from None
        raise
    for role, col in mapping.items():
        others = [c for c in column_candidates(found, role) if c != col]
        if others and role not in columns:
            table.notes.append(
                (name, f"{col} used as the {role} column; {', '.join(others)} kept as columns")
            )
    frame = tables.cell_strings(table, mapping["text"], name)
    table.frame = frame.iloc[:0]  # its cells live on in frame only
    for where, reason in table.notes:
        build.skip(where, reason, status="note")
    for where, reason in table.skipped:
        build.skip(where, reason)
    sources = {}
    if "published" in mapping:
        sources["published"] = f"column {mapping['published']}"
    if "outlet" in mapping or "url" in mapping:
        sources["outlet"] = f"column {mapping.get('outlet') or mapping['url']}"
    unit = table.unit
    ids = []
    for line, raw_id in zip(
        table.lines,
        frame[mapping["doc_id"]] if "doc_id" in mapping else [None] * len(frame),
        strict=True,
    ):
        ids.append(f"{unit}{line}" if _blank(raw_id) else str(raw_id).strip())
    rels = [f"{name}:{unit} {line}" for line in table.lines]
    build.total = build.done + len(frame)  # rows already reported (malformed) + rows read
    build.infer = ("outlet" not in sources, "published" not in sources)
    _add_rows(build, frame, mapping, ids, rels, window)
    return sources


def _add_rows(
    build: _Builder,
    frame: pd.DataFrame,
    mapping: Mapping[str, str],
    ids: list[str],
    rels: list[str],
    window: DateWindow,
    *,
    side: _SidecarGiven | None = None,
    folder: str = "",
) -> None:
    """Queue one article per row: the roles become given values, the other columns
    (and the URL column) document columns."""
    keep = [c for c in frame.columns if c not in mapping.values() or c == mapping.get("url")]
    taken = set(frame.columns)
    names = {}
    for c in keep:
        new = c
        while new in _RESERVED or (new != c and new in taken):
            new = f"{new}_input"
        names[c] = new
        taken.add(new)
    dates: dict[str, tuple[str | None, str]] = {}
    # the text column leaves the frame (the caller's too) and each text leaves the list
    # once queued: a raw text is then held only until its chunk is processed
    text_col = mapping["text"]
    texts = frame[text_col].tolist()
    alone = list(mapping.values()).count(text_col) == 1 and text_col not in keep
    if alone and len(frame.columns) > 1:  # (a frame of no columns would have no rows)
        del frame[text_col]
    cols = list(frame.columns)
    for k, (doc_id, rel, values) in enumerate(
        zip(ids, rels, frame.itertuples(index=False, name=None), strict=True)
    ):
        rec = dict(zip(cols, values, strict=True))
        text, texts[k] = texts[k], None
        if _blank(text):
            build.skip(rel, f"empty text in column {text_col}", doc_id=doc_id)
            continue
        given = _given(rec, mapping, window, dates)
        if side is not None:
            extra_given = side.given(doc_id, has_date="published" in given)
            given.update(extra_given)
        extra = {names[c]: rec[c] for c in keep}
        if "published" in mapping:
            extra["published_raw"] = rec[mapping["published"]]
        build.add(doc_id, str(text), rel, given=given, extra=extra, folder=folder)


def _given(
    rec: Mapping[str, object],
    mapping: Mapping[str, str],
    window: DateWindow,
    dates: dict[str, tuple[str | None, str]],
) -> dict[str, tuple[str, str]]:
    """Title, outlet (the outlet column, else the domain of the URL column) and date of
    one row, each with its basis; a date cell that cannot be used gives a note."""
    given: dict[str, tuple[str, str]] = {}
    for role in ("title", "outlet"):
        if role in mapping and not _blank(rec[mapping[role]]):
            value = " ".join(str(rec[mapping[role]]).split())
            given[role] = (value, f"column {mapping[role]}")
    if "outlet" not in given and "url" in mapping:
        outlet, host = outlet_from_url(rec[mapping["url"]])
        if outlet:
            given["outlet"] = (outlet, f"domain of column {mapping['url']}: {host}")
    if "published" in mapping:
        col = mapping["published"]
        cell = rec[col]
        key = "" if _blank(cell) else str(cell).strip()
        if key not in dates:
            dates[key] = read_date_cell(key, window)
        day, problem = dates[key]
        if day:
            given["published"] = (day, f"column {col}: {key!r}")
        else:
            kept = "; kept as published_raw" if key else ""
            given["published_note"] = (f"{problem} in column {col}: left undated{kept}", "")
    return given


def _blank(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and pd.isna(value))
        or not str(value).strip()
    )
