"""The builder that collects documents, removals and report rows while inputs are read,
and runs the two passes of :mod:`corpus_utils.prepare.articles` over them in chunks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd

from ..corpus import PROGRESS_MIN_DOCS, chunk_bounds, n_workers, progress_bar, run_chunks
from . import boilerplate
from .articles import _finalise_chunk, _process_chunk
from .clean import Cleaned


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
