"""Loading articles into a Corpus, with every input accounted for.

Inputs:

- a folder of ``.txt`` files (searched recursively; the sub-folder becomes a ``folder``
  column), optionally with a ``metadata.csv`` sidecar; or a single ``.txt`` file;
- a folder of ``.json`` files (scraper output): a file holding one object is one
  article, a list of objects many (ids ``<file>:<n>``); fields are found by the same
  names as table columns;
- a table: CSV, TSV, JSON, JSON Lines or Parquet, one article per row. Columns are
  found by their common names (``text``/``content``/``body``/``article_content``,
  ``title``/``headline``, ``outlet``/``source``/``publication``,
  ``date``/``published``, ``url``/``link``, ``id``; see ``resources/columns.csv``), and
  a ``columns`` mapping overrides the guess. A table without a header row is detected
  (see :mod:`corpus_utils.prepare.tables`).

Metadata comes from the data first: an outlet column, else the domain of a URL column
(``resources/domains.csv``), else, only when the input has neither, self-reference
cues in the text (basis ``inferred: ...``). Dates come from a date column or sidecar;
the dates an article mentions are used (as a lower bound) only when the input has no
date source at all, and dates outside ``date_window`` are left out and reported.

Every file, and every row of a table, gets a row in ``Corpus.report``: loaded, skipped
with the reason, a duplicate of another article, or the metadata sidecar itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import paths, resources
from ..corpus import (
    PROGRESS_MIN_DOCS,
    TOKEN_COLUMNS,
    Corpus,
    chunk_bounds,
    n_workers,
    progress_bar,
    run_chunks,
)
from . import boilerplate, segment, tables
from .cache import CorpusCache, cache_root, input_files
from .clean import (
    INVISIBLE,
    Cleaned,
    Removal,
    clean_text,
    drop_spans,
    fix_encoding,
    normalise_newlines,
)
from .duplicates import fingerprint, near_duplicates
from .metadata import (
    INFERRED,
    DateWindow,
    infer_outlet,
    infer_published,
    outlet_from_url,
    parse_window,
    read_date_cell,
)
from .parallel import engine_for, using
from .tables import TABLE_SUFFIXES, decode

__all__ = ["EmptyCorpusError", "decode", "guess_columns", "load_corpus", "normalise_outlets"]


class EmptyCorpusError(ValueError):
    """No input held a readable article; the one-line message says what was found."""


SIDECAR = "metadata.csv"
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
_NOT_ARTICLES = {"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG"}
_ARTICLE_SUFFIXES = (".txt", ".json")  # what a folder's articles are
_META_COLUMNS = ("title", "outlet", "published")


_NOT_INFERRED = (None, "not read from the text: the input has its own column")


def _process(
    raw: str, has_title: bool, group: str, infer: tuple[bool, bool] = (True, True)
) -> dict:
    """The per-article work of loading, with no shared state (it runs in worker processes).

    Returns ``{"skip": reason}`` or the repaired text's note, the cleaned article, the
    inferred outlet and date (each ``(value, basis)``), a digest of the body and its
    sentences' boilerplate keys and candidates (counted within ``group``).
    ``infer`` says whether the outlet and the date are to be read from the text: not
    when the input has its own outlet (or URL) or date source, which
    :func:`_settle_metadata` lets win anyway.
    """
    raw = normalise_newlines(raw)
    if not raw.strip():
        return {"skip": "only white space" if raw else "empty text"}
    if not INVISIBLE.sub("", raw).strip():
        return {"skip": "only invisible characters (zero-width spaces, joiners, bidi marks)"}
    note = ""
    if _is_cjk(raw):
        note = (
            "Chinese, Japanese or Korean text: kept whole, but sentences and words are not "
            "split (the tokenizer is for languages written with spaces)"
        )
    repaired = fix_encoding(raw)  # mojibake only: quotes and spacing stay as given
    if repaired != raw:
        changed = sum(a != b for a, b in zip(raw, repaired, strict=False))
        changed += abs(len(raw) - len(repaired))
        repair = f"mojibake repaired by ftfy (~{changed} characters changed)"
        note = "; ".join(x for x in (repair, note) if x)
        raw = repaired
    cleaned = clean_text(raw, headline=not has_title)
    if not cleaned.body:
        return {"cleaned": cleaned}
    implied = [r.implies_outlet for r in cleaned.removed if r.implies_outlet]
    return {
        "note": note,
        "cleaned": cleaned,
        "outlet": infer_outlet(cleaned.body, implied) if infer[0] else _NOT_INFERRED,
        "published": infer_published(raw) if infer[1] else _NOT_INFERRED,
        "digest": _digest(cleaned.body),
        "segments": boilerplate.scan_segments(cleaned.body, group, cleaned.title),
    }


_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _is_cjk(text: str) -> bool:
    """Whether most letters of a text's opening are Chinese, Japanese or Korean."""
    head = text[:2000]
    if _CJK.search(head) is None:  # the usual case, without counting letters one by one
        return False
    letters = sum(ch.isalpha() for ch in head)
    return letters > 0 and len(_CJK.findall(head)) / letters > 0.5


def _digest(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def _process_chunk(
    items: list[tuple[str, bool, str]], infer: tuple[bool, bool] = (True, True)
) -> list[dict]:
    return [_process(raw, has_title, group, infer) for raw, has_title, group in items]


def _finalise_chunk(
    items: list[tuple[Cleaned, boilerplate.Segments, dict[int, int], str, str]],
) -> list[tuple[Cleaned | None, str | None, object, object]]:
    """Boilerplate removal given the corpus-wide counts, then the body's digest, MinHash
    signature and sentences (on worker processes). The sentences reuse the boilerplate
    scan's split of every line the removal left unchanged. An article the removal does
    not change comes back as ``(None, None, ...)``: the caller keeps its own cleaned
    article and digest (no second copy of the body is sent back)."""
    out = []
    for cleaned, segs, repeated, label, group in items:
        scanned = cleaned.body
        changed = False
        if cleaned.title and segs.title_key in repeated:  # a first line many articles share
            cleaned.removed.insert(
                0,
                Removal(
                    boilerplate.KIND,
                    boilerplate.learned_rule(repeated[segs.title_key], label),
                    cleaned.title,
                    cleaned.title_start,
                    cleaned.title_start + len(cleaned.title),
                    0,
                ),
            )
            cleaned.title, cleaned.title_basis = None, "first line repeated in many articles"
            changed = True
        cands = boilerplate.candidates(segs, scanned, group, repeated)
        spans = boilerplate.removals(cands, segs.n, repeated, label)
        if spans:
            trial = drop_spans(cleaned, [(a, b, boilerplate.KIND, r) for a, b, r in spans])
            if not trial.body.strip():  # never empty an article by learning: patterns only
                spans = [x for x in spans if not x[2].startswith("repeated in")]
                trial = drop_spans(cleaned, [(a, b, boilerplate.KIND, r) for a, b, r in spans])
            cleaned, changed = trial, True
        known = segment.known_lines(scanned, segs.sentences) if segs.sentences is not None else {}
        sentences = segment.paragraph_sentences(cleaned.body, known)
        minhash = fingerprint(cleaned.body)  # signature and distinct shingles
        if changed:
            out.append((cleaned, _digest(cleaned.body), minhash, sentences))
        else:
            out.append((None, None, minhash, sentences))
    return out


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
        self.shingles: list = []  # and its distinct shingle hashes (the exact check)
        self.removed: list[dict] = []
        self.report: list[dict] = []
        # per entry of docs until finish(): its report row, cleaned article, sentence
        # keys and candidates, boilerplate group
        self._rows: list[dict] = []
        self._cleaned: list[Cleaned] = []
        self._segments: list[boilerplate.Segments] = []
        self._groups: list[str] = []
        self._ids: set[str] = set()
        self._pending: list[tuple[dict, str, str, str, dict, Mapping | None, str, str]] = []
        self.n_jobs = n_jobs
        self._bar = None
        self.done = 0
        self._progress = progress
        self.total = total  # inputs to read, for the progress bar: set by the reader
        self.infer = (True, True)  # read outlet, date from the text; the reader may say no

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
        group: object = None,
    ) -> None:
        """Queue one article; ``given`` maps a field to (value, basis).

        ``group`` is the outlet boilerplate repetition is counted in (default: the given
        outlet; none: the whole corpus)."""
        given = dict(given or {})
        if group is None:
            group = given.get("outlet", ("", ""))[0]
        row = {"path": rel, "doc_id": doc_id, "status": "pending", "reason": ""}
        self.report.append(row)  # filled in when the article is processed
        key = boilerplate.group_key(group) if group else ""
        self._pending.append((row, raw, note, folder, given, extra, doc_id, key))
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
            (
                [(p[1], bool(p[4].get("title", ("", ""))[0]), p[7]) for p in pending[a:b]],
                self.infer,
            )
            for a, b in bounds
        )
        for (a, b), results in zip(bounds, run_chunks(_process_chunk, jobs, workers), strict=True):
            for (row, _raw, note, folder, given, extra, doc_id, group), result in zip(
                pending[a:b], results, strict=True
            ):
                self._record(row, note, folder, given, extra, doc_id, result, group)
            pending[a:b] = [None] * (b - a)  # type: ignore[list-item]  # the raw texts go
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
        group: str = "",
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
        reason = note
        if "published_note" in given:
            reason = "; ".join(x for x in (reason, given.pop("published_note")[0]) if x)
        row.update(status="loaded", reason=reason)  # duplicates are found in finish()

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
            "duplicate_of": None,
            "_digest": result["digest"],
        }
        for field, (value, basis) in values.items():
            doc[field] = value
            doc[f"{field}_basis"] = basis
        doc.update(extra or {})
        self.docs.append(doc)
        self._rows.append(row)
        self._cleaned.append(cleaned)
        self._segments.append(result["segments"])
        self._groups.append(group)

    def finish(self, *, learn: bool = True) -> None:
        """Remove web boilerplate (patterns, and with ``learn`` the sentences each outlet
        repeats), then find exact duplicates on the final bodies and record removals."""
        self.close()
        first: dict[str, int] = {}
        digests = [d.pop("_digest") for d in self.docs]  # of the bodies before removal
        for i, digest in enumerate(digests):
            first.setdefault(digest, i)
        repeated: dict[int, int] = {}
        if learn:  # one copy of each exact duplicate counts
            repeated = boilerplate.repeated_keys(
                (self._groups[i], self._segments[i]) for i in first.values()
            )
        sizes = Counter(self._groups)
        labels = {g: f"{g} ({sizes[g]} articles)" if g else "" for g in sizes}

        def item(i: int) -> tuple[Cleaned, boilerplate.Segments, dict[int, int], str, str]:
            segs, group = self._segments[i], self._groups[i]
            mine = {k: repeated[k] for k in segs.keys.tolist() if k in repeated}
            return self._cleaned[i], segs, mine, labels[group], group

        n = len(self._cleaned)
        workers = n_workers(self.n_jobs, n)
        bounds = chunk_bounds(n, workers, split=workers > 1)
        jobs = (([item(i) for i in range(a, b)],) for a, b in bounds)
        # each chunk's results are taken in as they come (in order), and an article's
        # scan and cleaned form let go of then: a changed body is not held twice for
        # the whole corpus
        results = (r for chunk in run_chunks(_finalise_chunk, jobs, workers) for r in chunk)
        bodies: dict[str, str] = {}
        for i, (doc, row, (cleaned, digest, minhash, sentences)) in enumerate(
            zip(self.docs, self._rows, results, strict=True)
        ):
            if cleaned is None:  # unchanged by the removal
                cleaned, digest = self._cleaned[i], digests[i]
            self._cleaned[i] = None  # type: ignore[call-overload]
            self._segments[i] = None  # type: ignore[call-overload]  # keys, splits used up
            doc["text"] = cleaned.body
            doc["_sentences"] = sentences
            self.minhash.append(minhash[0])
            self.shingles.append(minhash[1])
            original = bodies.setdefault(digest, doc["doc_id"])
            if original != doc["doc_id"]:
                doc["duplicate_of"] = original
                reason = "; ".join(x for x in (f"same body text as {original}", row["reason"]) if x)
                row.update(status="duplicate", reason=reason)
            for r in cleaned.removed:
                self.removed.append(
                    {
                        "doc_id": doc["doc_id"],
                        "kind": r.kind,
                        "rule": r.rule,
                        "text": r.text,
                        "start": r.start,
                        "end": r.end,
                        "body_pos": r.body_pos,
                    }
                )
        self._rows, self._cleaned, self._segments, self._groups = [], [], [], []


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
    learn_boilerplate: bool = True,
    header: bool | None = None,
    date_window: tuple[object, object] | None = ("1990-01-01", None),
    follow_links: bool = False,
    cluster: object = None,
) -> Corpus:
    """Read articles into a :class:`Corpus`.

    Args:
        path: a folder of ``.txt`` and ``.json`` files (searched recursively), one
            ``.txt`` file, or a table (``.csv``, ``.tsv``, ``.json``,
            ``.jsonl``/``.ndjson``, ``.parquet``) with one article per row. A relative
            path that does not exist from the working directory is looked up under the
            project root.
        metadata: for a folder: ``True`` reads ``metadata.csv`` in it when there is one;
            a path names another sidecar; ``False`` ignores any sidecar, so every value
            is inferred from the text.
        columns: for a table: ``{"text": "body_html", "outlet": "site", ...}`` maps the
            roles ``doc_id, text, title, outlet, published, url`` to column names,
            overriding the guess from common names.
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
            reason. See :mod:`corpus_utils.prepare.cache`.
        n_jobs: processes for cleaning, sentences and tokens (None: up to 2; -1: every
            core). Corpora under 200 articles use one. Results never depend on it.
        progress: progress bars (tqdm; widgets in JupyterLab). None shows them for
            corpora over 500 articles.
        learn_boilerplate: also remove the sentences an outlet repeats across its
            articles when they do not read as journalism (sign-up boxes, "about us"
            blurbs, credits, menus); see :mod:`corpus_utils.prepare.boilerplate`. The patterns in
            ``resources/web_boilerplate.csv`` apply either way. Each removal is a row of
            ``corpus.removed`` naming its rule (``repeated in 19 articles of trt``).
        header: for a CSV/TSV: ``False`` when the first row is an article (columns are
            then ``col1``, ``col2``...; name roles with ``columns={"text": "col3"}``),
            ``True`` when it is a header; None detects it.
        date_window: ``(start, end)`` of plausible publication dates (``None`` for the
            end: today). A given date outside it is left out (``published_start`` and
            ``_end`` NaT, the value kept in ``published_raw``) with a report note; an
            inferred lower bound outside it is dropped.
        cluster: where the per-article work (cleaning, metadata, near-duplicate
            signatures, sentences, and later the tokens) runs: None, local processes
            (``n_jobs``); ``"local"``, a Dask ``LocalCluster`` with one worker process per
            core, started when first needed and closed at exit; a scheduler address
            (``"tcp://host:8786"``); or a ``distributed.Client``. Needs the ``scale``
            extra. The corpus keeps it for its tokens. The tables, the near-duplicate
            decisions and the cache entry are the same whichever is used (the cache key
            does not include it). See :mod:`corpus_utils.prepare.parallel`.

    Raises:
        EmptyCorpusError: no input held a readable article.
        ClusterError: the cluster cannot be reached (within 10 s), has no worker, or
            lost its workers; the message names the address.
        follow_links: also follow symbolic links that lead out of the corpus folder
            (by default such a link gets a report row and is not read, so a link to
            ``~/.ssh/id_rsa`` never becomes an article). Links inside the folder are
            always followed; loops, dangling links and unlistable folders get a row.

    The ``doc_id`` of a text file is its path below the folder without ``.txt``
    (``business/001`` for ``bbc/business/001.txt``); of a table row, its id column, or
    ``line<N>`` (the line the record starts on; ``row<N>`` in Parquet) when there is none.
    Report paths name the same place: ``news.csv:line 12``. A ``.json`` file of a
    folder is ``<path>`` (one object) or ``<path>:<n>`` (the n-th of a list).

    >>> corpus = load_corpus("data/articles")
    >>> len(corpus), corpus.report["status"].value_counts().to_dict()
    (5, {'loaded': 5, 'metadata': 1})

    A table is loaded the same way, one article a row::

        fakes = load_corpus("../shared/corpora/fa-kes/FA-KES-Dataset.csv")
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
    window = DateWindow.of(date_window)  # a bad window fails here too
    engine = engine_for(cluster)  # so does a bad scheduler address (after a timeout)
    options = {
        "metadata": metadata,
        "columns": dict(columns or {}),
        "drop_duplicates": drop_duplicates,
        "outlet_aliases": outlet_aliases,
        "learn_boilerplate": learn_boilerplate,
        "header": header,
        "date_window": [str(window.start.date()), None if date_window is None or
                        date_window[1] is None else str(window.end.date())],
    }  # fmt: skip
    if follow_links:
        options["follow_links"] = True  # only when set: existing cache keys stay valid
    cache_dir = cache_root(cache)
    entry = None
    if cache_dir is not None:
        t0 = time.perf_counter()
        entry = CorpusCache.for_inputs(cache_dir, root, options, progress=bool(progress))
        corpus = entry.open(root)
        if corpus is not None:
            corpus.n_jobs, corpus.progress, corpus.engine = n_jobs, progress, engine
            corpus.cache_info = entry.info("hit", time.perf_counter() - t0)
            return corpus
    t0 = time.perf_counter()
    build = _Builder(n_jobs=n_jobs, progress=progress)
    sidecar = None
    with using(engine):  # the builder's chunks run on the cluster, when there is one
        if root.is_file() and root.suffix.lower() in TABLE_SUFFIXES:
            sources = _read_table(root, build, columns or {}, header, window)
        else:
            walk = {"skip": (cache_dir,) if cache_dir else (), "follow_links": follow_links}
            sidecar, sources = _read_folder(root, build, metadata, window, walk)
        corpus = _finish(build, root, sidecar, drop_duplicates, outlet_aliases, learn_boilerplate)
    if len(corpus) == 0:
        raise EmptyCorpusError(empty_message(root, corpus.report))
    _settle_metadata(corpus, sources, window)
    corpus.n_jobs, corpus.progress, corpus.engine = n_jobs, progress, engine
    if entry is not None:  # computes sentences and tokens on the way, streamed to disk
        entry.store(corpus, t0)  # a cache that cannot be written is a warning
    return corpus


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
    near = near_duplicates(
        [d["doc_id"] for d in build.docs],
        hashvalues=build.minhash,
        shingles=build.shingles,  # candidates are checked on their exact shingles
        skip=[bool(d["duplicate_of"]) for d in build.docs],
    )
    build.minhash, build.shingles = [], []
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
