"""Chunks kept on the Dask worker that made them, for the loader's two passes.

On local processes :class:`corpus_utils.prepare.slots.Slots` keeps each chunk's cleaned
articles and scans in the worker process whose first pass made them. On a Dask cluster
(:class:`corpus_utils.prepare.parallel.DaskEngine`) the same scheme: the first pass runs
as a task on any worker, and its result says which (:func:`run_where`); the second pass
of that chunk is then a task pinned to that worker (:func:`run_on`), and what the loader
must tell every worker holding chunks (the corpus-wide counts, and at the end ``forget``)
goes to each once, outside the task graph (:func:`run_everywhere`).

A worker lost between the passes takes its chunks with it: that is a
:class:`~corpus_utils.prepare.parallel.ClusterError` naming the chunk and the worker
(checked before anything is sent there, and every few seconds while a pinned task waits),
never a silent drop or a task waiting for ever for a worker that is gone.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from .parallel import (
    WATCH_SECONDS,
    ClusterError,
    DaskEngine,
    Packed,
    _call,
    _is_cluster_failure,
    opened,
)

T = TypeVar("T")


def run_where(
    engine: DaskEngine, func: Callable[..., T], jobs: Iterable[tuple], workers: int
) -> Iterator[tuple[str, T]]:
    """As :meth:`DaskEngine.run`, each result with the address of the worker that made
    it: ``(address, func(*job))`` in job order (a task whose worker died runs again
    elsewhere, and then names that one)."""
    return engine.run(_Where(func), jobs, workers)


def run_on(
    engine: DaskEngine, jobs: Iterable[tuple[str, Callable[..., T], tuple, str]], workers: int
) -> Iterator[T]:
    """``func(*args)`` for each ``(address, func, args, what)``, pinned to the worker at
    ``address`` (never run elsewhere: what it needs is there); results in job order, at
    most ``2 * workers`` in flight.

    A worker that is gone (or goes while its task waits) raises :class:`ClusterError`
    naming ``what`` (e.g. the chunk) and the worker; an exception raised by ``func``
    itself is re-raised as it is."""
    limit = 2 * max(1, workers)
    pending: deque[tuple[Any, str, str, str]] = deque()
    live = _live(engine)
    try:
        for address, func, args, what in jobs:
            name = getattr(func, "__name__", "chunk")
            if address not in live:
                live = _live(engine)  # once more: a worker may have joined since
                if address not in live:
                    raise _lost(engine, what, address, name)
            pending.append((_submit_to(engine, address, func, args, name), address, what, name))
            if len(pending) >= limit:
                yield _pinned_result(engine, *pending.popleft())
        while pending:
            yield _pinned_result(engine, *pending.popleft())
    finally:
        if pending:  # stopped early: pinned tasks left waiting would wait for ever
            engine.client.cancel([job[0] for job in pending])


def run_everywhere(
    engine: DaskEngine, func: Callable[..., Any], *args: object, only: Iterable[str] = ()
) -> dict:
    """``func(*args)`` on every worker now (or on those of ``only``), outside the task
    graph (``Client.run``); ``{address: result}``. A cluster failure is a
    :class:`ClusterError`."""
    workers = sorted(set(only)) or None
    try:
        return engine.client.run(func, *args, workers=workers)
    except Exception as err:
        if _is_cluster_failure(err):
            what = getattr(func, "__name__", func)
            raise ClusterError(
                f"the Dask cluster at {engine.address} failed while running {what} on its "
                f"workers: {type(err).__name__}: {err}"
            ) from err
        raise


def check_held(engine: DaskEngine, held: Iterable[tuple[str, str]], name: str) -> None:
    """Raise :class:`ClusterError` for the first ``(what, address)`` of ``held`` whose
    worker is no longer on the cluster (before ``name`` is sent there: a broadcast to a
    worker that is gone waits for Dask's connect timeout first)."""
    live = _live(engine)
    for what, address in held:
        if address not in live:
            raise _lost(engine, what, address, name)


def _live(engine: DaskEngine) -> set[str]:
    return set(engine.client.scheduler_info(n_workers=-1)["workers"])


def _lost(engine: DaskEngine, what: str, address: str, name: str) -> ClusterError:
    return ClusterError(
        f"the Dask cluster at {engine.address} lost worker {address}, which held {what}, "
        f"and {name} cannot run elsewhere (what that worker kept is gone with it)"
    )


def _submit_to(
    engine: DaskEngine, address: str, func: Callable[..., T], args: tuple, name: str
) -> Any:
    key = f"{name}-{uuid.uuid4().hex}"  # arguments packed as DaskEngine.run packs them
    return engine.client.submit(
        _call, func, Packed(args), key=key, pure=False, workers=[address], allow_other_workers=False
    )


def _pinned_result(engine: DaskEngine, future: Any, address: str, what: str, name: str) -> Any:
    """The result of a task pinned to ``address``; checks every :data:`WATCH_SECONDS` *
    10 that the worker is still there."""
    from distributed import wait

    while True:
        try:
            wait([future], timeout=10 * WATCH_SECONDS)
            break
        except TimeoutError:
            if address not in _live(engine):
                raise _lost(engine, what, address, name) from None
    try:
        result = opened(future.result())
    except Exception as err:
        if _is_cluster_failure(err):
            raise ClusterError(
                f"the Dask cluster at {engine.address} failed while running {name} for "
                f"{what} on worker {address}: {type(err).__name__}: {err}"
            ) from err
        raise
    future.release()
    return result


class _Where:
    """``func`` run as a task, its result with the address of the worker it ran on."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func
        self.__name__ = getattr(func, "__name__", "chunk")  # the tasks' key prefix

    def __call__(self, *args: object) -> tuple[str, Any]:
        from distributed import get_worker

        return get_worker().address, self.func(*args)
