"""Local worker processes that keep state between jobs, for the loader's two passes.

:func:`corpus_utils.prepare.parallel.run_chunks` sends each job to whichever process of a
fresh pool is free, so nothing a job leaves in a process can be found by a later job.
The loader's second pass needs what its first pass made (each chunk's cleaned articles
and boilerplate scans): rather than send it all to the loading process and back again,
each worker process keeps its chunks (:mod:`corpus_utils.prepare.articles`), and the
second pass of a chunk is sent to the process that holds it. :class:`Slots` does that
with one single-process ``ProcessPoolExecutor`` per worker (the standard library's pool
cannot be told which of its processes runs a job). Results come back in job order, at
most two jobs per process in flight, as with ``run_chunks``.

Only for the local engine: on a Dask cluster the same scheme is in
:mod:`corpus_utils.prepare.kept` (tasks pinned to the worker that holds the chunk).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from .parallel import _exit_with

IN_FLIGHT = 2  # jobs sent ahead per process, as run_chunks does


class Slots:
    """Worker processes addressed by number (0, 1, ...), started when first needed and
    kept until :meth:`close`.

    >>> with Slots() as slots:
    ...     [slot for slot, _ in slots.run_anywhere(pow, [(2, 3), (3, 2)], 1)]
    [0, 0]
    """

    def __init__(self) -> None:
        self._pools: list[ProcessPoolExecutor] = []

    def __len__(self) -> int:
        return len(self._pools)

    def __enter__(self) -> Slots:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def grow(self, n: int) -> None:
        """Have at least ``n`` worker processes."""
        while len(self._pools) < n:
            self._pools.append(
                ProcessPoolExecutor(1, initializer=_exit_with, initargs=(os.getpid(),))
            )

    def run_anywhere(
        self, func: Callable[..., Any], jobs: Iterable[tuple], workers: int
    ) -> Iterator[tuple[int, Any]]:
        """``func(*job)`` for each job, each on whichever of the first ``workers``
        processes has the fewest unfinished jobs; yields ``(slot, result)`` in job order."""
        pending: deque[tuple[int, Future]] = deque()
        for job in jobs:
            pending.append(self.submit_anywhere(func, job, workers, pending))
            if len(pending) >= IN_FLIGHT * workers:
                first, future = pending.popleft()
                yield first, future.result()
        while pending:
            first, future = pending.popleft()
            yield first, future.result()

    def submit_anywhere(
        self,
        func: Callable[..., Any],
        args: tuple,
        workers: int,
        running: Iterable[tuple[int, Future]] = (),
    ) -> tuple[int, Future]:
        """Send ``func(*args)`` to whichever of the first ``workers`` processes has the
        fewest unfinished jobs among ``running`` (``(slot, future)`` pairs): ``(slot,
        future)``, at once (the caller takes the result when it wants it)."""
        self.grow(workers)
        busy = [0] * workers
        for slot, future in running:
            busy[slot] += not future.done()
        slot = min(range(workers), key=busy.__getitem__)
        return slot, self._pools[slot].submit(func, *args)

    def run_on(self, jobs: Iterable[tuple[int | None, Callable[..., Any], tuple]]) -> Iterator:
        """``func(*args)`` for each ``(slot, func, args)`` on that process (None: in this
        process, when its turn comes); results in job order."""
        limit = IN_FLIGHT * max(1, len(self._pools))
        pending: deque[tuple[int | None, Any]] = deque()

        def result(slot: int | None, job: Any) -> Any:
            if slot is None:
                func, args = job
                return func(*args)
            return job.result()

        for slot, func, args in jobs:
            if slot is None:
                pending.append((None, (func, args)))
            else:
                if not 0 <= slot < len(self._pools):
                    raise ValueError(f"no worker process {slot} (there are {len(self._pools)})")
                pending.append((slot, self._pools[slot].submit(func, *args)))
            if len(pending) >= limit:
                yield result(*pending.popleft())
        while pending:
            yield result(*pending.popleft())

    def call(self, slot: int, func: Callable[..., Any], *args: object) -> Any:
        """``func(*args)`` on process ``slot``, waited for."""
        return self._pools[slot].submit(func, *args).result()

    def close(self) -> None:
        """End the worker processes (what they keep goes with them)."""
        pools, self._pools = self._pools, []
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
