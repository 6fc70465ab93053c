"""The builder that collects documents, removals and report rows while inputs are read,
and runs the two passes of :mod:`corpus_utils.prepare.articles` over them in chunks.

With ``keep=True`` (what ``load_corpus`` uses) each chunk's cleaned articles and scans
stay in the process whose first pass made them, and its second pass runs there: a local
worker process (:mod:`corpus_utils.prepare.slots`) or a Dask worker
(:mod:`corpus_utils.prepare.kept`); the loading process receives each body once, after
the removal. With ``keep=False`` they come to the loading process after the first pass
and go out again with the second (the round trip, kept to compare against).
"""

from __future__ import annotations

import itertools
import uuid
import warnings
from collections import Counter, deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future

import numpy as np
import pandas as pd

from ..corpus import PROGRESS_MIN_DOCS, chunk_bounds, n_workers, progress_bar, run_chunks
from . import articles, boilerplate, kept
from .articles import _finalise_chunk, _process_chunk
from .clean import REPEATED_TITLE, TEXT_TITLE, Cleaned, Removal
from .duplicates import NearDuplicates
from .parallel import _ENGINE, ClusterError, DaskEngine
from .slots import IN_FLIGHT, Slots

# what the second pass gives back for one article: its body, removals, digest (None: the
# body the first pass made), MinHash signature and shingles, sentences
# body, removals, digest (None: unchanged), MinHash, sentences, whether it has no headline
Final = tuple[str, list[Removal], str | None, tuple, object, bool]


class _Builder:
    """Collects documents, removals and report rows while inputs are read.

    Articles handed to :meth:`add` are processed (repaired, cleaned, their metadata
    inferred) in chunks, on ``n_jobs`` processes, and recorded in input order, so the
    result is the same whatever the number of processes. Report rows keep the order
    the inputs were met in. ``keep``: the worker processes keep each chunk's articles
    between the two passes (see the module's docstring), and
    :meth:`release` ends them.
    """

    FLUSH_EVERY = 20_000  # articles held unprocessed at most: bounds the raw text in memory

    def __init__(
        self,
        *,
        n_jobs: int | None = None,
        progress: bool | None = None,
        total: int | None = None,
        keep: bool = False,
    ) -> None:
        self.docs: list[dict] = []
        # near-duplicates, found in finish() as each article's second pass comes back
        self.near = NearDuplicates()
        self.removed: list[dict] = []
        self.report: list[dict] = []
        # per entry of docs until finish(): its report row, distinct sentence keys,
        # boilerplate group, and (round trip only) its cleaned article and scan
        self._rows: list[dict] = []
        self._keys: list[np.ndarray] = []
        self._groups: list[str] = []
        self._held: list[tuple[Cleaned, boilerplate.Segments]] = []
        # keep: the articles stay where their first pass ran, by chunk: (key, worker
        # process or None for this one, documents recorded from it)
        self.keep = keep
        self._run = uuid.uuid4().hex
        self._chunks: list[tuple[str, int | str | None, int]] = []  # str: a Dask worker
        self._made = itertools.count()  # chunk numbers
        self._slots = Slots()
        # chunks sent while the inputs are still read (local processes, keep=True):
        # (queued entries, chunk key, worker process, future), in input order
        self._inflight: deque[tuple[list, str, int, Future]] = deque()
        self._plan: tuple | None = None  # what _streaming() worked out, and for which total
        self._engine: DaskEngine | None = None  # the Dask cluster whose workers keep chunks
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
        workers, size = self._streaming()
        if workers:
            if len(self._pending) >= size:
                self._send(size, workers)
        elif len(self._pending) >= self.FLUSH_EVERY:
            self.flush()

    def _streaming(self) -> tuple[int, int]:
        """``(worker processes, articles per chunk)`` when chunks go to local worker
        processes while the inputs are still read, else ``(0, 0)`` (the queued articles
        wait for :meth:`flush`). Streaming needs the number of inputs (``total``, which
        sizes the chunks as :func:`chunk_bounds` sizes the whole input), ``keep`` and
        more than one local process; the Dask path and the round trip run in flushes.
        Worked out once per ``total`` (it is asked for every article queued)."""
        key = (self.total, _ENGINE.get() is None)
        if self._plan is None or self._plan[0] != key:
            plan = (0, 0)
            if self.keep and self.total is not None and _ENGINE.get() is None:
                workers = n_workers(self.n_jobs, max(self.total, 1))
                if workers > 1:
                    a, b = chunk_bounds(max(self.total, 1), workers, split=True)[0]
                    plan = (workers, max(b - a, 1))
            self._plan = (key, plan)
        return self._plan[1]

    def _send(self, size: int, workers: int) -> None:
        """Send the first ``size`` queued articles as one chunk to a worker process, then
        record the chunks already back (at most ``IN_FLIGHT`` per process in flight)."""
        self._start_bar()
        chunk, self._pending = self._pending[:size], self._pending[size:]
        items = [(p[1], bool(p[4].get("title", ("", ""))[0]), p[7]) for p in chunk]
        key = f"{self._run}:{next(self._made)}"
        running = ((slot, future) for _c, _k, slot, future in self._inflight)
        slot, future = self._slots.submit_anywhere(
            articles.first_pass, (items, self.infer, key), workers, running
        )
        self._inflight.append((chunk, key, slot, future))
        self._collect(IN_FLIGHT * workers - 1)

    def _collect(self, most: int) -> None:
        """Record the chunks in flight that are back, in input order, and wait for the
        oldest until at most ``most`` are in flight."""
        while self._inflight and (len(self._inflight) > most or self._inflight[0][3].done()):
            chunk, key, slot, future = self._inflight.popleft()
            results = future.result()
            before = len(self.docs)
            for (row, _raw, note, folder, given, extra, doc_id, group), result in zip(
                chunk, results, strict=True
            ):
                self._record(row, note, folder, given, extra, doc_id, result, group)
            self._chunks.append((key, slot, len(self.docs) - before))
            self._tick(len(chunk))

    def flush(self) -> None:
        """Process the queued articles and record them, in order."""
        workers, size = self._streaming()
        if workers or self._inflight:
            if not workers:  # no longer streaming, chunks still in flight: the last size
                workers, size = len(self._slots), max(len(self._pending), 1)
            while self._pending:
                self._send(size, workers)
            self._collect(0)
            return
        pending, self._pending = self._pending, []
        if not pending:
            return
        self._start_bar()
        workers = n_workers(self.n_jobs, len(pending))
        bounds = chunk_bounds(len(pending), workers, split=workers > 1)
        items = (
            [(p[1], bool(p[4].get("title", ("", ""))[0]), p[7]) for p in pending[a:b]]
            for a, b in bounds
        )
        for (a, b), (where, results) in zip(bounds, self._first(items, workers), strict=True):
            before = len(self.docs)
            for (row, _raw, note, folder, given, extra, doc_id, group), result in zip(
                pending[a:b], results, strict=True
            ):
                if self.keep:
                    self._record(row, note, folder, given, extra, doc_id, result, group)
                    continue
                small, big = articles.compact(result)
                if self._record(row, note, folder, given, extra, doc_id, small, group):
                    self._held.append(big)  # type: ignore[arg-type]
            if where is not None:
                self._chunks.append((*where, len(self.docs) - before))
            pending[a:b] = [None] * (b - a)  # type: ignore[list-item]  # the raw texts go
            self._tick(b - a)

    def _first(
        self, items: Iterator[list[tuple[str, bool, str]]], workers: int
    ) -> Iterator[tuple[tuple[str, int | None] | None, list[dict]]]:
        """The first pass of each chunk: ``((chunk key, worker process), results)`` with
        ``keep`` (the process None: this one), else ``(None, results)`` (the round trip,
        on whichever engine ``run_chunks`` uses)."""
        if not self.keep:
            jobs = ((chunk, self.infer) for chunk in items)
            for results in run_chunks(_process_chunk, jobs, workers):
                yield None, results
            return
        if _ENGINE.get() is not None:
            yield from self._first_on_cluster(items, workers)
            return
        keys = (f"{self._run}:{n}" for n in self._made)
        if workers == 1:
            for chunk, key in zip(items, keys, strict=False):
                yield (key, None), articles.first_pass(chunk, self.infer, key)
            return
        jobs = [(chunk, self.infer, key) for chunk, key in zip(items, keys, strict=False)]
        ran = self._slots.run_anywhere(articles.first_pass, iter(jobs), workers)
        for (_chunk, _infer, key), (slot, results) in zip(jobs, ran, strict=True):
            yield (key, slot), results

    def _first_on_cluster(
        self, items: Iterator[list[tuple[str, bool, str]]], workers: int
    ) -> Iterator[tuple[tuple[str, str], list[dict]]]:
        """The first pass of each chunk as a task on any worker of the Dask cluster, which
        keeps the chunk's articles: ``((chunk key, worker address), results)``."""
        engine = self._engine = _ENGINE.get()
        assert engine is not None
        keys: deque[str] = deque()

        def jobs() -> Iterator[tuple]:
            for chunk in items:
                keys.append(f"{self._run}:{next(self._made)}")
                yield chunk, self.infer, keys[-1]

        for address, results in kept.run_where(engine, articles.first_pass, jobs(), workers):
            yield (keys.popleft(), address), results

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
    ) -> bool:
        """Record one article's first-pass result (:func:`articles.compact` form);
        whether it became a document."""
        rel = row["path"]
        if "skip" in result:
            row.update(status="skipped", reason=result["skip"])
            return False
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
        if "cleaned" in result:  # only an article left without a body comes whole
            removed = result["cleaned"].removed
            kinds = ", ".join(sorted({r.kind for r in removed})) or "nothing"
            row.update(
                status="skipped", reason=f"no body text left after cleaning (removed: {kinds})"
            )
            return False
        self._ids.add(doc_id)
        reason = note
        if "published_note" in given:
            reason = "; ".join(x for x in (reason, given.pop("published_note")[0]) if x)
        row.update(status="loaded", reason=reason)  # duplicates are found in finish()

        values = {
            "title": result["title"],
            "outlet": result["outlet"],
            "published": result["published"],
        }
        for field, (value, basis) in given.items():
            if value:
                values[field] = (value, basis)
        doc = {
            "doc_id": doc_id,
            "text": None,  # the body after the boilerplate removal, in finish()
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
        self._keys.append(result["keys"])
        self._groups.append(group)
        return True

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
            repeated = boilerplate.repeated_in(
                (self._groups[i], self._keys[i]) for i in first.values()
            )
        self._keys = []
        sizes = Counter(self._groups)
        labels = {g: f"{g} ({sizes[g]} articles)" if g else "" for g in sizes}
        if self.keep:
            results = self._second_kept(repeated, labels)
        else:
            results = self._second_round_trip(repeated, labels, digests)
        bodies: dict[str, str] = {}
        for i, (doc, row, (body, removed, digest, minhash, sentences, untitled)) in enumerate(
            zip(self.docs, self._rows, results, strict=True)
        ):
            doc["text"] = body
            if untitled and doc["title_basis"] == TEXT_TITLE:  # its first line many share
                doc["title"], doc["title_basis"] = None, REPEATED_TITLE
            doc["_sentences"] = sentences
            original = bodies.setdefault(digests[i] if digest is None else digest, doc["doc_id"])
            if original != doc["doc_id"]:
                doc["duplicate_of"] = original
                reason = "; ".join(x for x in (f"same body text as {original}", row["reason"]) if x)
                row.update(status="duplicate", reason=reason)
            # candidates are checked on their exact shingles; exact duplicates are left out
            self.near.add(doc["doc_id"], minhash[0], minhash[1], skip=bool(doc["duplicate_of"]))
            for r in removed:
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
        self._rows, self._groups = [], []
        self.release()

    def _second_kept(self, repeated: dict[int, int], labels: dict[str, str]) -> Iterator[Final]:
        """The second pass where each chunk's first pass kept its articles: every process
        holding chunks gets the counts once, then each chunk only its key."""
        if self._engine is not None:
            yield from self._second_on_cluster(repeated, labels)
            return
        run = self._run
        holders = {slot for _key, slot, _n in self._chunks}
        for slot in sorted(holders - {None}):  # type: ignore[type-var]
            self._slots.call(slot, articles.set_counts, run, repeated, labels)
        if None in holders:
            articles.set_counts(run, repeated, labels)
        jobs = ((slot, articles.second_pass, (key, run)) for key, slot, _n in self._chunks)
        for (key, _slot, n), out in zip(self._chunks, self._slots.run_on(jobs), strict=True):
            if len(out) != n:
                raise RuntimeError(f"chunk {key}: {len(out)} articles kept, {n} recorded")
            yield from out

    def _second_on_cluster(
        self, repeated: dict[int, int], labels: dict[str, str]
    ) -> Iterator[Final]:
        """The second pass of each chunk pinned to the Dask worker that kept it, the
        counts sent once to each worker holding chunks; a worker lost since is a
        ``ClusterError`` naming the chunk and the worker."""
        engine, run = self._engine, self._run
        assert engine is not None
        # a worker lost since the first pass: said before the counts are sent
        kept.check_held(engine, ((f"chunk {k}", a) for k, a, _n in self._chunks), "second_pass")
        holders = {address for _key, address, _n in self._chunks}
        if holders:
            kept.run_everywhere(engine, articles.set_counts, run, repeated, labels, only=holders)
        jobs = (
            (address, articles.second_pass, (key, run), f"chunk {key}")
            for key, address, _n in self._chunks
        )
        workers = n_workers(self.n_jobs, max(1, len(self._chunks)))
        for (key, address, n), out in zip(
            self._chunks, kept.run_on(engine, jobs, workers), strict=True
        ):
            if len(out) != n:
                raise RuntimeError(
                    f"chunk {key}: {len(out)} articles kept on {address}, {n} recorded"
                )
            yield from out

    def _second_round_trip(
        self, repeated: dict[int, int], labels: dict[str, str], digests: list[str]
    ) -> Iterator[Final]:
        """The second pass with each article's cleaned form and scan sent out again."""

        def item(i: int) -> tuple[Cleaned, boilerplate.Segments, dict[int, int], str, str]:
            (cleaned, segs), group = self._held[i], self._groups[i]
            return cleaned, segs, articles.own_keys(segs, repeated), labels[group], group

        n = len(self._held)
        workers = n_workers(self.n_jobs, n)
        bounds = chunk_bounds(n, workers, split=workers > 1)
        jobs = (([item(i) for i in range(a, b)],) for a, b in bounds)
        # each chunk's results are taken in as they come (in order), and an article's
        # scan and cleaned form let go of then: a changed body is not held twice for
        # the whole corpus
        results = (r for chunk in run_chunks(_finalise_chunk, jobs, workers) for r in chunk)
        for i, (cleaned, digest, minhash, sentences) in enumerate(results):
            if cleaned is None:  # unchanged by the removal
                cleaned, digest = self._held[i][0], None
            self._held[i] = None  # type: ignore[call-overload]  # keys, splits used up
            yield cleaned.body, cleaned.removed, digest, minhash, sentences, cleaned.title is None
        self._held = []

    def release(self) -> None:
        """End the worker processes that keep articles, and forget this run's articles
        kept in this process (after finish(), or when loading stopped)."""
        self._slots.close()
        self._inflight.clear()  # an error while reading: what was sent goes with them
        articles.forget(self._run)
        self._chunks = []
        engine, self._engine = self._engine, None
        if engine is None:
            return
        try:  # on every worker now: a first pass may have run again on another one
            kept.run_everywhere(engine, articles.forget, self._run)
        except ClusterError as err:  # its workers are gone, and what they kept with them
            warnings.warn(f"kept chunks not let go on the cluster: {err}", RuntimeWarning, 2)
