"""Records of JSON and JSON Lines as tables, and every cell of a table as a string.

The :class:`Table` every reader of :mod:`corpus_utils.prepare.tables` returns is defined
here (and importable from there): nested objects are flattened to ``a.b`` columns, lists
of strings joined with ``"; "`` (a list of paragraphs in the text column becomes
paragraphs), anything else dropped with a report row naming the field. Numbers keep the
form they were written in (``1``, not ``1.0``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


class TableError(ValueError):
    """A file that cannot be read as a table at all."""


@dataclass
class Table:
    """Rows read from one file.

    Attributes:
        frame: one row per record, every cell a string or NA.
        lines: the line each record starts on (1-based), or the record number.
        unit: ``"line"`` (text files) or ``"row"`` (Parquet), for report paths.
        skipped: ``(where, reason)`` of records that could not be read.
        notes: ``(where, reason)`` of changes worth a report row (decoding, renamed or
            dropped columns, a header-less file).
        roles: roles guessed from the content of a header-less table.
    """

    frame: pd.DataFrame
    lines: list[int]
    unit: str = "line"
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)


# --- JSON, JSON Lines, Parquet --------------------------------------------------------


def json_records(value: object, where: str) -> tuple[list[dict], list[int], list[tuple[str, str]]]:
    """The article records a parsed JSON document holds: one object, a list of objects,
    or an object whose only list of objects is the records (``{"articles": [...]}``).

    Returns the records, their places in the list (from 1) and ``(where, reason)`` for
    items that are not objects.

    >>> json_records({"articles": [{"text": "A"}, 5, {"text": "B"}]}, "x.json")
    ([{'text': 'A'}, {'text': 'B'}], [1, 3], [('x.json:2', 'not a JSON object')])
    """
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1 and not any(isinstance(v, str) and len(v) > 200 for v in value.values()):
            value = lists[0]
        else:
            return [value], [1], []
    if not isinstance(value, list):
        kind = type(value).__name__
        return [], [], [(where, f"a JSON {kind}, not an object or a list of objects")]
    records, places, skipped = [], [], []
    for n, item in enumerate(value, start=1):
        if isinstance(item, dict):
            records.append(item)
            places.append(n)
        else:
            skipped.append((f"{where}:{n}", "not a JSON object"))
    return records, places, skipped


def _read_jsonl(text: str, name: str) -> Table:
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array saved as .jsonl
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, list):
            records, places, skipped = json_records(value, name)
            table = records_table(records, places)
            table.unit = "record"
            table.skipped[:0] = skipped
            table.notes.append((name, "a JSON array, not JSON Lines: read as a list of records"))
            return table
    records, lines, skipped = [], [], []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            skipped.append((f"{name}:line {n}", f"not valid JSON: {err.msg}"))
            continue
        if not isinstance(rec, dict):
            skipped.append((f"{name}:line {n}", "not a JSON object"))
            continue
        records.append(rec)
        lines.append(n)
    table = records_table(records, lines)
    table.skipped[:0] = skipped
    return table


def records_table(records: list[dict], lines: list[int]) -> Table:
    """JSON records as a table, nested objects flattened (see :func:`flatten`)."""
    flat = [flatten(r) for r in records]
    columns = list(dict.fromkeys(k for r in flat for k in r))
    frame = pd.DataFrame(  # object columns: 2 stays 2 beside 0.5, an id stays an int
        {c: pd.Series([r.get(c) for r in flat], dtype=object) for c in columns},
        index=range(len(flat)),
    )
    return Table(frame, lines)


def flatten(record: dict, prefix: str = "") -> dict[str, object]:
    """Nested objects as ``a.b`` keys; other values unchanged.

    >>> flatten({"id": 1, "author": {"name": "X", "links": {"web": "y"}}})
    {'id': 1, 'author.name': 'X', 'author.links.web': 'y'}
    """
    out: dict[str, object] = {}
    for key, value in record.items():
        if isinstance(value, dict) and value:
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def cell_strings(table: Table, text_col: str, where: str) -> pd.DataFrame:
    """Every cell of a table as a string or NA: numbers as written (``1``, ``1.5``,
    ``true``), bytes decoded, a list of strings joined with ``"; "`` (with blank lines:
    paragraphs, in ``text_col``). A column holding anything else (a list of objects) is
    dropped with a note naming it.
    """
    frame = table.frame
    out = {}
    for col in frame.columns:
        values = [_cell(v, col == text_col) for v in frame[col].tolist()]
        bad = sum(v is _DROP for v in values)
        if bad:
            table.notes.append(
                (where, f"field {col!r} dropped: {bad} cell(s) hold nested lists or objects")
            )
            if col != text_col:
                continue
            values = [pd.NA if v is _DROP else v for v in values]
        out[col] = pd.array(values, dtype="string")
    return pd.DataFrame(out, index=frame.index)


_DROP = object()


def _cell(value: object, is_text: bool) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return pd.NA
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        from .tables import decode  # (tables imports this module)

        return decode(bytes(value))[0]
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        if not value:
            return pd.NA
        if all(isinstance(v, str) for v in value):
            return ("\n\n" if is_text else "; ").join(v.strip() for v in value)
        if not is_text and all(isinstance(v, (int, float, bool)) for v in value):
            return "; ".join(json.dumps(v) for v in value)
        return _DROP
    if isinstance(value, dict):
        return pd.NA if not value else _DROP
    if isinstance(value, (bool, int, float, np.integer, np.floating, np.bool_)):
        return json.dumps(value.item() if isinstance(value, np.generic) else value)
    return str(value)
