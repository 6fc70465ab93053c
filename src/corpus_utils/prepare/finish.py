"""The end of loading: near-duplicates, the document, report and removal tables, the
sidecar's values, outlet names merged, and inferred metadata giving way to the data."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import paths
from ..corpus import Corpus
from .builder import _Builder
from .clean import INVISIBLE
from .duplicates import NearDuplicates
from .metadata import INFERRED, DateWindow, parse_window

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

_META_COLUMNS = ("title", "outlet", "published")


def _settle_metadata(corpus: Corpus, sources: Mapping[str, str], window: DateWindow) -> None:
    """Values read from the text give way to the data: where the input has an outlet
    (or URL) source or a date source, an article it gives none stays without one rather
    than take a guess from its text. Without a date source, inferred lower bounds
    outside ``window`` are dropped, with a note in the report."""
    docs = corpus.docs
    notes: dict[str, str] = {}
    for field in ("outlet", "published"):
        basis = docs[f"{field}_basis"].fillna("")
        guessed = basis.str.startswith(INFERRED) | docs[field].isna()
        if field in sources:
            what = "an outlet" if field == "outlet" else "a date"
            docs.loc[guessed, field] = pd.NA
            docs.loc[guessed, f"{field}_basis"] = (
                f"none: {sources[field]} gives this article no {field}; the text is not "
                f"read for {what} when the input has a {field} source"
            )
    if "published" not in sources:
        starts = docs["published_start"]
        out = docs["published_basis"].fillna("").str.startswith(INFERRED) & ~starts.map(
            window.contains
        )
        for i in docs.index[out]:
            shown = starts[i].date().isoformat()
            notes[docs.at[i, "doc_id"]] = (
                f"inferred date {shown} is outside the date window {window}: dropped"
            )
            docs.at[i, "published_basis"] = (
                f"{docs.at[i, 'published_basis']}; dropped: {shown} is outside the date "
                f"window {window}"
            )
        docs.loc[out, "published"] = pd.NA
    undated = docs["published"].isna()
    docs.loc[undated, "published_start"] = pd.NaT
    docs.loc[undated, "published_end"] = pd.NaT
    if notes:
        report = corpus.report
        for i in report.index:
            note = notes.get(report.at[i, "doc_id"])
            if note and report.at[i, "status"] in ("loaded", "duplicate", "near-duplicate"):
                report.at[i, "reason"] = "; ".join(x for x in (report.at[i, "reason"], note) if x)


def empty_message(root: Path, report: pd.DataFrame) -> str:
    """One line saying why no article was read: the inputs and their reasons, counted.

    >>> rep = pd.DataFrame({"status": ["skipped"] * 3, "reason": [
    ...     "not a .txt or .json file (.md)", "not a .txt or .json file (.pdf)", "empty file"]})
    >>> empty_message(Path("x"), rep)
    'no readable article in x: 3 inputs (2 not a .txt or .json file, 1 empty file)'
    """
    inputs = report[~report["status"].isin(["note", "metadata", "unmatched"])]
    if inputs.empty:
        return f"no readable article in {root}: no input files"
    short = (
        inputs["reason"]
        .fillna("")
        .str.split(r" \(|: ", n=1, regex=True)
        .str[0]
        .replace("", "no reason given")
    )
    counts = short.value_counts(sort=False)
    counts = counts.sort_values(ascending=False, kind="stable")
    parts = ", ".join(f"{n} {reason}" for reason, n in counts.items())
    noun = "input" if len(inputs) == 1 else "inputs"
    is_table = inputs["reason"].fillna("").str.contains(": a table,", regex=False)
    tables_here = inputs.loc[is_table, "path"] if "path" in inputs else []
    hint = ""
    if len(tables_here):  # the folder holds a table of articles: name the call that reads it
        first = Path(root) / str(tables_here.iloc[0])
        hint = f"; to read a table of articles, load its path: load_corpus({str(first)!r})"
    return f"no readable article in {root}: {len(inputs)} {noun} ({parts}){hint}"


def _finish(
    build: _Builder,
    root: Path,
    sidecar: tuple[pd.DataFrame, Path] | None,
    drop_duplicates: bool,
    outlet_aliases: str | os.PathLike[str] | Mapping[str, str] | None = None,
    learn_boilerplate: bool = True,
) -> Corpus:
    build.finish(learn=learn_boilerplate)
    near = build.near.frame()  # found as the second pass came back (builder.finish)
    build.near = NearDuplicates()
    near_of = dict(zip(near["doc_id"], near["near_duplicate_of"], strict=True))
    similarity = dict(zip(near["doc_id"], near["similarity"], strict=True))
    for d in build.docs:
        d["near_duplicate_of"] = near_of.get(d["doc_id"])
    for row in build.report:
        if row["doc_id"] in near_of and row["status"] == "loaded":
            row["status"] = "near-duplicate"
            flag = (
                f"near-duplicate of {near_of[row['doc_id']]} (Jaccard "
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
    sentences = {d["doc_id"]: d.pop("_sentences") for d in build.docs}
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
    corpus = Corpus(docs, report.astype("string"), removed, source=root)
    corpus._known_sentences = sentences  # split while cleaning: .sentences needs no Punkt
    return corpus


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
    spaced = outlets.astype("string").str.replace(INVISIBLE, "", regex=True)
    spaced = spaced.str.split().str.join(" ")
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
