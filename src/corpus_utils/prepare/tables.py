"""Reading tables and JSON as they come: the parsing half of loading.

Every reader returns a :class:`Table`: the rows as a DataFrame of strings, the line (or
row) each one starts on, and report rows for what could not be read or was changed.
Nothing here knows about articles; :mod:`corpus_utils.prepare.rows` turns rows into them.

- CSV/TSV: the standard ``csv`` module with an explicit dialect. The delimiter of a
  ``.csv`` is sniffed among ``,`` ``;`` tab and ``|``; a ``.tsv`` is read without CSV
  quoting unless its cells are visibly quoted. A stray quote mark never swallows the
  rows after it: the region it spoils is read again line by line. A header row is
  detected (or given with ``header=``), so the first article is never lost.
- JSON Lines, a JSON file (one object or a list of objects), Parquet: nested objects
  are flattened to ``a.b`` columns, lists of strings joined with ``"; "`` (a list of
  paragraphs in the text column becomes paragraphs), anything else dropped with a
  report row naming the field. Numbers keep the form they were written in (``1``, not
  ``1.0``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .. import resources
from .clean import normalise_newlines
from .records import (  # the JSON readers and the cells, importable from here as before
    Table,
    TableError,
    _read_jsonl,
    cell_strings,
    flatten,
    json_records,
    records_table,
)

TABLE_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".parquet")
ROLES = ("doc_id", "text", "title", "outlet", "published", "url")
_DELIMITERS = (",", ";", "\t", "|")
_NUMERIC = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_URLISH = re.compile(r"(?i:https?://|www\.)\S")
# a TSV cell wrapped in quote marks with a doubled quote, tab or newline inside: only CSV
# quoting explains it
_QUOTED_TSV_CELL = re.compile(r'(?:^|\t)"(?:[^"]|"")*(?:""|\t|\n)(?:[^"]|"")*"(?=\t|\n|$)', re.M)


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes; returns ``(text, note)`` where ``note`` names any fallback.

    UTF-8 (with or without BOM), UTF-32 and UTF-16 with BOM are read as such; anything
    else is read as cp1252 and the note says so, so the report shows it.

    >>> decode("café".encode("cp1252"))
    ('café', 'not valid UTF-8; decoded as cp1252')
    >>> decode("hi".encode("utf-32"))
    ('hi', 'decoded as UTF-32 (byte-order mark)')
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32"), "decoded as UTF-32 (byte-order mark)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "decoded as UTF-16 (byte-order mark)"
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(
            utf16
        ), f"decoded as {utf16.upper()} (no byte-order mark; every other byte is NUL)"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as err:
        detected = _detect_non_western(data)
        if detected:
            return data.decode(detected), f"not valid UTF-8; decoded as {detected} (detected)"
        try:
            return data.decode("cp1252"), "not valid UTF-8; decoded as cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), f"not valid UTF-8 ({err.reason}); decoded as latin-1"


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` for text saved as UTF-16 without a byte-order
    mark (mostly ASCII: every other byte is NUL), else None.

    >>> utf16_without_bom("Hello there".encode("utf-16-le"))
    'utf-16-le'
    """
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    for name, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= 0.9 * len(zeros) and other.count(0) <= 0.1 * len(other):
            try:
                data.decode(name)
            except UnicodeDecodeError:
                return None
            return name
    return None


_MULTIBYTE = (
    "gb18030", "gb2312", "gbk", "big5", "big5hkscs", "cp932", "shift_jis", "euc_jp",
    "iso2022_jp", "euc_kr", "cp949", "johab", "cp950", "hz",
)  # fmt: skip


def _detect_non_western(data: bytes) -> str | None:
    """A legacy encoding of a non-Latin script that charset-normalizer finds: a CJK
    multi-byte one (GB18030, Shift-JIS, EUC-KR, Big5...), or a single-byte one (Cyrillic,
    Arabic, Greek...) when most of the text is outside ASCII; else None (cp1252, as for
    Western text with a few accented letters, where guessing is unreliable)."""
    from charset_normalizer import from_bytes

    sample = data[:200_000]
    best = from_bytes(sample).best()
    if best is None or best.encoding in ("ascii", "utf_8"):
        return None
    non_ascii = sum(b > 127 for b in sample) / max(len(sample), 1)
    if best.encoding not in _MULTIBYTE and (
        non_ascii < 0.3
        or best.encoding.startswith(("cp1252", "latin", "iso8859_1", "iso8859_15", "mac_roman"))
    ):
        return None
    try:
        data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return best.encoding


def not_an_article(data: bytes) -> str | None:
    """Why a file's bytes are a document of another kind (PDF, SVG, HTML), or None.

    >>> not_an_article(b"%PDF-1.4 ...")
    'a PDF file: not read as an article (extract its text first)'
    >>> not_an_article(b"<!DOCTYPE html><html><body>Hi</body></html>")
    'an HTML page: not read as an article (extract the article text first)'
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "a PDF file: not read as an article (extract its text first)"
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "an SVG image: not read as an article"
    if head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and b"<body" in data[:65536].lower()
    ):
        return "an HTML page: not read as an article (extract the article text first)"
    return None


def not_text(data: bytes) -> str | None:
    """Why bytes are not a text file (a ZIP/Excel or other binary file), or None.

    >>> not_text(b"PK\\x03\\x04rest")
    'not a text table (looks like a ZIP/Excel file)'
    """
    if data.startswith(b"PK\x03\x04"):
        return "not a text table (looks like a ZIP/Excel file)"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "not a text table (looks like an old Excel/Word file)"
    if data.startswith(b"PAR1"):
        return "not a text table (looks like a Parquet file: name it .parquet)"
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\0\0\xfe\xff")):
        return "binary file (contains NUL bytes)"
    return None


def read_table(path: Path, *, header: bool | None = None) -> Table:
    """Read a ``.csv``, ``.tsv``, ``.json``, ``.jsonl``/``.ndjson`` or ``.parquet`` file.

    Raises:
        TableError: the file is not a table of that kind at all (binary, not JSON).
    """
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _read_parquet(path)
    data = path.read_bytes()
    problem = not_text(data)
    if problem:
        raise TableError(f"{path}: {problem}")
    text, note = decode(data)
    del data  # the bytes are not kept beside the text while it is parsed
    notes = [(path.name, note)] if note else []
    text = normalise_newlines(text)
    if suffix in (".jsonl", ".ndjson"):
        table = _read_jsonl(text, path.name)
    elif suffix == ".json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as err:
            raise TableError(f"{path}: not valid JSON ({err.msg}, line {err.lineno})") from err
        records, places, skipped = json_records(value, path.name)
        if not records and skipped:
            raise TableError(f"{path}: {skipped[0][1]}")
        table = records_table(records, places)
        table.unit = "record"
        table.skipped[:0] = skipped
    else:
        table = _read_delimited(text, path.name, tsv=suffix == ".tsv", header=header)
    table.notes[:0] = notes
    return table


# --- CSV / TSV ------------------------------------------------------------------------


def _read_delimited(text: str, name: str, *, tsv: bool, header: bool | None) -> Table:
    if not text.strip():
        raise TableError(f"{name}: the table is empty")
    csv.field_size_limit(max(csv.field_size_limit(), min(len(text) + 1, sys.maxsize // 2)))
    notes: list[tuple[str, str]] = []
    if tsv:
        quoted = bool(_QUOTED_TSV_CELL.search(text))
        sep, quoting = "\t", csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE
        if not quoted:
            notes.append((name, "TSV read without CSV quoting: quote marks are text"))
    else:
        sep, quoting = sniff_delimiter(text), csv.QUOTE_MINIMAL
        if sep != ",":
            notes.append((name, f"delimiter {sep!r} (sniffed)"))
    lines_of_text = Lines(text)  # offsets only: the lines are cut when read
    records, skipped = _csv_records(lines_of_text, name, sep, quoting, notes)
    if not records:
        raise TableError(f"{name}: the table is empty")
    first_line, _, first = records[0]
    if header is None:
        header = looks_like_header(first)
    if header:
        names = unique_names([c.strip() for c in first], notes, name)
        body = records[1:]
    else:
        names = [f"col{i}" for i in range(1, len(first) + 1)]
        body = records
    id_shape = _id_shape(body)
    rows, lines = [], []
    queue = list(reversed(body))
    while queue:
        start, end, row = queue.pop()
        if not any(cell.strip() for cell in row):
            continue  # a blank line between rows is not an input
        region = lines_of_text[start - 1 : end]
        if end > start and (
            len(row) != len(names) or _swallows(region, sep, quoting, len(names), id_shape)
        ):
            # a quote mark opened in one row and closed rows later: read its lines alone
            again: list[Record] = []
            for n in range(start, end + 1):
                one_line(lines_of_text[n - 1], n, f"{name}:line {n}", sep, quoting, None,
                         again, skipped, notes)  # fmt: skip
            queue.extend(reversed(again))
            continue
        if len(row) != len(names):
            what = "the header has" if header else "the first row has"
            skipped.append(
                (
                    f"{name}:line {start}",
                    f"malformed row: {len(row)} fields where {what} {len(names)}",
                )
            )
            continue
        rows.append(row)
        lines.append(start)
    skipped.sort(key=lambda s: _line_of(s[0]))
    frame = pd.DataFrame(rows, columns=names, dtype="string")
    table = Table(frame, lines, skipped=skipped, notes=notes)
    if not header:
        table.roles = guess_headerless(frame)
        shown = ", ".join(f"{r}={c}" for r, c in table.roles.items())
        table.notes.append(
            (f"{name}:line {first_line}", f"no header row: columns named col1..col{len(names)}; "
             f"guessed from the content: {shown}")
        )  # fmt: skip
    return table


def physical_lines(text: str) -> list[str]:
    """Lines ending in ``\\n`` only (``str.splitlines`` also splits on ``\\x1e``, ``\\x85``
    and others, which the csv module keeps inside cells).

    >>> physical_lines("a\\x1eb\\nc")
    ['a\\x1eb\\n', 'c']
    """
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    return out + [parts[-1]] if parts[-1] else out


class Lines:
    """The physical lines of a text (as :func:`physical_lines` gives them), cut out of
    the text when asked for: only their start offsets are kept, 8 bytes a line, not a
    second copy of the text.

    >>> lines = Lines("a\\x1eb\\nc")
    >>> len(lines), lines[0], lines[0:2], list(lines.iter_from(1))
    (2, 'a\\x1eb\\n', ['a\\x1eb\\n', 'c'], ['c'])
    """

    def __init__(self, text: str) -> None:
        self.text = text
        starts = array("q", [0])
        find, pos = text.find, text.find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        if starts[-1] == len(text):  # a text ending in a newline has no empty last line
            starts.pop()
        starts.append(len(text))  # the end of the last line
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            text, starts = self.text, self._starts
            return [text[starts[k] : starts[k + 1]] for k in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError("line index out of range")
        i %= len(self)
        return self.text[self._starts[i] : self._starts[i + 1]]

    def iter_from(self, first: int) -> Iterator[str]:
        """The lines from index ``first`` on, one at a time."""
        text, starts = self.text, self._starts
        for k in range(first, len(self)):
            yield text[starts[k] : starts[k + 1]]


def _id_shape(body: list[Record]) -> re.Pattern[str] | None:
    """The shape of the first column when the one-line records agree on one (digits)."""
    firsts = [row[0].strip() for start, end, row in body if start == end and row]
    if firsts and sum(f.isdigit() for f in firsts) >= 0.8 * len(firsts):
        return re.compile(r"\d{1,20}")
    return None


def _swallows(
    region: list[str], sep: str, quoting: int, width: int, id_shape: re.Pattern[str] | None
) -> bool:
    """A multi-line record that opens a quote on its first line and holds lines that
    read as records of this table on their own (the right number of fields, an id of
    the table's shape first): a stray quote mark that swallowed rows."""
    if id_shape is None or quoting == csv.QUOTE_NONE or region[0].count('"') % 2 == 0:
        return False
    for line in region[1:]:
        row = next(csv.reader([line], delimiter=sep, quoting=quoting), [])
        if len(row) == width and id_shape.fullmatch(row[0].strip()):
            return True
    return False


def _line_of(where: str) -> int:
    _, _, line = where.rpartition("line ")
    return int(line) if line.isdigit() else 0


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV: of ``, ; tab |``, the one that splits most of the first
    records into as many fields (more than one) as the first record has.

    >>> sniff_delimiter("id;text\\n1;Hello, world.\\n2;Bye.\\n")
    ';'
    """
    sample = text[:65536]
    if len(text) > len(sample):
        sample = sample[: sample.rfind("\n") + 1] or sample
    best, best_share = ",", 0.0
    for sep in _DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=sep)
        try:
            counts = [len(r) for _, r in zip(range(50), reader, strict=False) if r]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        share = sum(c == counts[0] for c in counts) / len(counts)
        if share > best_share:
            best, best_share = sep, share
    return best


Record = tuple[int, int, list[str]]  # first line, last line, cells


def _csv_records(
    lines: Lines, name: str, sep: str, quoting: int, notes: list[tuple[str, str]]
) -> tuple[list[Record], list[tuple[str, str]]]:
    """Every record with the lines it spans; a record the csv module rejects (a quote
    never closed, text after a closing quote) is read again one physical line at a time,
    so a stray quote mark costs its own row only."""
    records: list[Record] = []
    skipped: list[tuple[str, str]] = []
    pos = 0  # lines consumed
    while pos < len(lines):
        reader = csv.reader(lines.iter_from(pos), delimiter=sep, quoting=quoting, strict=True)
        done = pos
        try:
            for row in reader:
                start, done = done + 1, pos + reader.line_num
                records.append((start, done, row))
            pos = len(lines)
        except csv.Error as err:
            end = max(pos + reader.line_num, done + 1)
            for n in range(done + 1, end + 1):
                where = f"{name}:line {n}"
                one_line(lines[n - 1], n, where, sep, quoting, err, records, skipped, notes)
            pos = end
    return records, skipped


def one_line(
    line: str,
    n: int,
    where: str,
    sep: str,
    quoting: int,
    err: Exception | None,
    records: list[Record],
    skipped: list[tuple[str, str]],
    notes: list[tuple[str, str]],
) -> None:
    """One physical line read as a record: strictly, else leniently (noted), else
    reported as malformed."""
    try:
        row = next(csv.reader([line], delimiter=sep, quoting=quoting, strict=True), None)
        if row is not None and quoting != csv.QUOTE_NONE and line.count('"') % 2:
            notes.append((where, "stray quote mark: row read as written, check it"))
    except csv.Error as line_err:
        if line.count('"') % 2:
            why = err or line_err
            skipped.append((where, f"malformed row: a quote mark is never closed ({why})"))
            return
        row = next(csv.reader([line], delimiter=sep, quoting=quoting), None)
        if row is not None:
            notes.append((where, "stray quote mark: row read leniently, check it"))
    if row is not None:
        records.append((n, n, row))


def looks_like_header(row: list[str]) -> bool:
    """Whether the first record of a CSV is a header: it names a known column, or
    nothing in it looks like data (a long cell, a sentence, a number).

    >>> looks_like_header(["id", "body"]), looks_like_header(["3", "A Title", "Text."])
    (True, False)
    """
    known = set(resources.table("columns.csv")["alias"])
    if any(c.strip().lower() in known for c in row):
        return True
    return not any(
        len(c) > 40 or "\n" in c or ". " in c or _NUMERIC.fullmatch(c.strip()) for c in row
    )


def unique_names(names: list[str], notes: list[tuple[str, str]], where: str) -> list[str]:
    """Column names made unique (``text``, ``text_2``) and non-empty (``col3``); each
    change is noted."""
    out: list[str] = []
    for i, col in enumerate(names, start=1):
        new = col or f"col{i}"
        n = 1
        while new in out:
            n += 1
            new = f"{col}_{n}"
        if new != col:
            what = f"column {i} has no name" if not col else f"column name {col!r} repeated"
            notes.append((where, f"{what}: kept as {new}"))
        out.append(new)
    return out


def guess_headerless(frame: pd.DataFrame) -> dict[str, str]:
    """Roles of the columns of a table without a header, from their content: ``text``
    the longest on average, ``url`` links, ``published`` dates, ``doc_id`` the first
    column of unique single words, ``title`` the most words that is not the text.

    >>> f = pd.DataFrame({"col1": ["1", "2"], "col2": ["A Short Title", "Other Title Here"],
    ...                   "col3": ["A long body. Of text.", "Another much longer body."]})
    >>> guess_headerless(f)
    {'text': 'col3', 'doc_id': 'col1', 'title': 'col2'}
    """
    sample = frame.head(500).fillna("")
    mean_len = {c: sample[c].str.len().mean() for c in sample.columns}
    roles: dict[str, str] = {}
    left = list(sample.columns)

    def take(role: str, col: str) -> None:
        roles[role] = col
        left.remove(col)

    take("text", max(left, key=lambda c: (mean_len[c], -left.index(c))))
    for col in list(left):
        values = sample[col][sample[col].str.strip().ne("")]
        if values.empty:
            continue
        if "url" not in roles and values.str.match(_URLISH).mean() >= 0.9:
            take("url", col)
        elif (
            "published" not in roles
            and not values.str.fullmatch(r"\s*\d+\s*").any()
            and pd.to_datetime(values, format="mixed", errors="coerce").notna().mean() >= 0.9
        ):
            take("published", col)
    for col in left:
        values = sample[col]
        if (
            values.str.strip().ne("").all()
            and values.is_unique
            and not values.str.contains(r"\s").any()
        ):
            take("doc_id", col)
            break
    words = {c: sample[c].str.split().str.len().mean() for c in left}
    titles = [c for c in left if words[c] >= 3 and not sample[c].str.fullmatch(_NUMERIC).any()]
    if titles:
        take("title", max(titles, key=lambda c: words[c]))
    return roles


# --- Parquet (JSON and the cells: prepare.records) ---------------------------------


def _read_parquet(path: Path) -> Table:
    try:
        frame = pd.read_parquet(path, dtype_backend="numpy_nullable")
    except (OSError, ValueError) as err:
        raise TableError(f"{path}: cannot read as Parquet: {err}") from err
    notes = []
    names = unique_names([str(c) for c in frame.columns], notes, path.name)
    frame.columns = names
    return Table(frame.astype(object), list(range(1, len(frame) + 1)), unit="row", notes=notes)


__all__ = [
    "Lines",
    "Table",
    "TableError",
    "cell_strings",
    "decode",
    "flatten",
    "json_records",
    "read_table",
    "records_table",
]
