"""Per-article work of the source tables on forked worker processes.

The attribution ledger (:mod:`corpus_utils.sources.attribution`) and name finding
(:mod:`corpus_utils.sources.name_finding`) each have a corpus-wide part (the token
table's selections and counts, the entity merge across the corpus, the genders learned
from the corpus, the name resolver) and a part that reads one article (or sentence) at
a time. The corpus-wide part runs once, in the calling process; its results are
registered in :data:`_SHARED` before the worker processes are forked, so each worker
inherits them (no pickling of the corpus) and a job carries only its key and the range
of articles to do, as :mod:`corpus_utils.topics.refits` shares its matrix. The results
come back in article order and are joined there, so the table is the same at any
number of processes.

Workers: the corpus's ``n_jobs`` (None: up to 2, as the tokens stage), one process when
the platform does not fork (the state is not sent to spawned workers), on a Dask engine,
or below a measured number of articles where starting the pool costs more than it saves.

The Python garbage collector is paused while these tables are built (:func:`no_gc`):
they allocate millions of small objects that live until the table is made, and the
collector's passes over them cost a quarter of the CPU time (BBC: ledger 8.1 and 6.5
CPU-s with it, 5.7 and 5.1 without).
"""

from __future__ import annotations

import gc
import multiprocessing
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..prepare.parallel import _ENGINE, chunk_bounds, n_workers, run_chunks

_SHARED: dict[str, Any] = {}
"""The corpus-wide state of the tables in flight, by key: forked workers inherit it."""


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused inside the block (restored after it, also
    on error; left off when it was off before).

    >>> with no_gc():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def workers_for(corpus: object, n_docs: int, min_docs: int) -> int:
    """Processes for ``n_docs`` articles of ``corpus``: its ``n_jobs`` (see
    :func:`~corpus_utils.prepare.parallel.n_workers`), 1 below ``min_docs`` articles, on
    a Dask engine or where worker processes are not forked.

    >>> workers_for(None, 10, 100)
    1
    """
    if n_docs < min_docs or _ENGINE.get() is not None:
        return 1
    if getattr(corpus, "engine", None) is not None:
        return 1
    if multiprocessing.get_start_method(allow_none=False) != "fork":
        return 1
    return n_workers(getattr(corpus, "n_jobs", None), n_docs)


def map_ranges(func: Callable[[Any, int, int], list], state: Any, n: int, workers: int) -> list:
    """``func(state, a, b)`` for ranges ``[a, b)`` covering ``range(n)`` in order, their
    lists joined: all in this process for one worker, else in chunks on ``workers``
    forked processes that inherit ``state``. ``func`` must be a module-level function.

    >>> map_ranges(lambda s, a, b: s[a:b], [1, 2, 3], 3, 1)
    [1, 2, 3]
    """
    if workers <= 1 or n == 0:
        return func(state, 0, n)
    key = uuid.uuid4().hex
    _SHARED[key] = state
    try:
        jobs = ((key, func, a, b) for a, b in chunk_bounds(n, workers, split=True))
        out: list = []
        for part in run_chunks(_run, jobs, workers):
            out.extend(part)
        return out
    finally:
        del _SHARED[key]


def _run(key: str, func: Callable[[Any, int, int], list], a: int, b: int) -> list:
    """A worker's job: ``func`` on the state it inherited."""
    with no_gc():
        return func(_SHARED[key], a, b)
