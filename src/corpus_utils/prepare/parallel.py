"""Running chunks of whole articles in parallel, and showing their progress.

Every parallel step of the package (cleaning, metadata, near-duplicate signatures and
sentences in :mod:`corpus_utils.prepare.load`; sentences and tokens in
:meth:`corpus_utils.corpus.Corpus._prepare`) splits the corpus into chunks of whole
articles (:func:`chunk_bounds`) and hands a module-level function and its chunks to
:func:`run_chunks`, which returns the results in chunk order (or to
:func:`run_chunks_as_done`, which returns each numbered by its chunk as it finishes: the
tokens stage joins a chunk's table while the next chunks run). A chunk never splits a
document, so the result is the same whatever the number of processes.

Two engines run the chunks: local worker processes (a ``ProcessPoolExecutor``, the
default), or the workers of a Dask cluster (:class:`DaskEngine`, from
``load_corpus(..., cluster=...)``), where each chunk is one task. Inside
``with using(engine):`` :func:`n_workers`, :func:`chunk_bounds` and :func:`run_chunks`
use the cluster; everything that combines chunks (boilerplate counts, near-duplicate
banding, ids, the cache) stays in the calling process, so both engines give the same
tables.
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import logging
import os
import pickle
import threading
import time
import uuid
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import CancelledError, ProcessPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
PARALLEL_MIN_DOCS = 200  # below this, starting processes costs more than it saves
PROGRESS_MIN_DOCS = 500  # progress=None shows bars above this many articles
CLUSTER_CHUNKS_PER_WORKER = 4  # on a Dask cluster: chunks per worker thread (see chunk_bounds)
CLUSTER_MAX_CHUNK = 2000  # articles: a few MB of text per task at most


def n_workers(n_jobs: int | None, n_docs: int) -> int:
    """Processes to use for ``n_docs`` articles: ``n_jobs`` (None: up to 2; -1: every core).

    One process below :data:`PARALLEL_MIN_DOCS` articles, where start-up would cost more
    than it saves.

    Inside ``with using(engine):`` (a Dask cluster) it is the cluster's worker threads,
    whatever ``n_jobs`` and the corpus size.

    >>> n_workers(4, 10)
    1
    """
    engine = _ENGINE.get()
    if engine is not None:
        return max(1, min(engine.workers(), n_docs))
    available = cores()
    if n_jobs is None:
        n_jobs = min(2, available)
    elif n_jobs < 0:
        n_jobs = max(1, available + 1 + n_jobs)
    elif n_jobs == 0:
        raise ValueError("n_jobs must be a positive number of processes, -1 (all cores) or None")
    return 1 if n_docs < PARALLEL_MIN_DOCS else max(1, min(n_jobs, n_docs))


def chunk_bounds(n: int, workers: int, *, split: bool = False) -> list[tuple[int, int]]:
    """``(start, stop)`` of the chunks ``n`` articles are processed in.

    One chunk when there is one worker and no progress to show (``split=False``); else
    about eight chunks per worker, of 25 to 1,000 articles, so a progress bar moves and
    memory in flight stays bounded.

    On a Dask cluster the corpus is always split, so no task holds it all, into fewer,
    larger chunks: about :data:`CLUSTER_CHUNKS_PER_WORKER` per worker thread, of 25 to
    :data:`CLUSTER_MAX_CHUNK` articles. Every task costs the main process (which also
    hosts a local cluster's scheduler) a submission, a result to deserialise and a
    merge; a chunk's own fixed costs are paid once per task on the workers.

    >>> chunk_bounds(5, 1), chunk_bounds(60, 1, split=True)
    ([(0, 5)], [(0, 25), (25, 50), (50, 60)])
    """
    on_cluster = _ENGINE.get() is not None
    per, most = (CLUSTER_CHUNKS_PER_WORKER, CLUSTER_MAX_CHUNK) if on_cluster else (8, 1000)
    if workers == 1 and not (split or on_cluster):
        size = n
    else:
        size = min(most, max(25, -(-n // (per * workers))))
    return [(a, min(a + size, n)) for a in range(0, n, max(size, 1))] or [(0, 0)]


def run_chunks(func: Callable[..., T], jobs: Iterable[tuple], workers: int) -> Iterator[T]:
    """``func(*job)`` for each job, in order, on ``workers`` processes.

    At most ``2 * workers`` jobs are in flight, so a long stream of jobs (chunks of
    articles) is never all in memory at once. ``func`` must be a module-level function.
    Inside ``with using(engine):`` the jobs are tasks on the Dask cluster instead.

    >>> list(run_chunks(pow, [(2, 3), (3, 2)], 1))
    [8, 9]
    """
    engine = _ENGINE.get()
    if engine is not None:
        yield from engine.run(func, jobs, workers)
        return
    if workers == 1:
        for job in jobs:
            yield func(*job)
        return
    # the platform's default start method: fork on Linux up to Python 3.13 (no start-up
    # cost, no `if __name__ == "__main__"` needed in scripts), forkserver or spawn elsewhere
    # gc.freeze(): the objects this process holds (the corpus) move to a generation the
    # workers' collections never visit, so forked workers do not copy every page of
    # them by writing their gc headers (the Python docs' advice before fork)
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, initializer=_exit_with, initargs=(os.getpid(),)) as pool:
            pending: deque = deque()
            for job in jobs:
                pending.append(pool.submit(func, *job))
                if len(pending) >= 2 * workers:  # bounded: texts are pickled only when sent
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    finally:
        gc.unfreeze()


def run_chunks_as_done(
    func: Callable[..., T], jobs: Iterable[tuple], workers: int
) -> Iterator[tuple[int, T]]:
    """``(k, func(*job_k))`` for each job, as the jobs finish (not in job order), on
    ``workers`` processes: the caller works on a result while later jobs run, and a
    slow job does not hold back the ones after it.

    At most ``2 * workers`` jobs are in flight (running, queued or finished and not yet
    taken), as in :func:`run_chunks`. On a Dask cluster, and in one process, the
    results come in job order.

    >>> sorted(run_chunks_as_done(pow, [(2, 3), (3, 2)], 1))
    [(0, 8), (1, 9)]
    """
    if workers == 1 or _ENGINE.get() is not None:
        yield from enumerate(run_chunks(func, jobs, workers))
        return
    gc.freeze()  # as in run_chunks: the forked workers do not copy the corpus's pages
    try:
        with ProcessPoolExecutor(workers, initializer=_exit_with, initargs=(os.getpid(),)) as pool:
            number: dict = {}  # the jobs in flight: future -> its job's number
            todo = iter(jobs)
            submitted = 0
            while True:
                while len(number) < 2 * workers:
                    job = next(todo, None)
                    if job is None:
                        break
                    number[pool.submit(func, *job)] = submitted
                    submitted += 1
                if not number:
                    return
                done, _ = futures.wait(number, return_when=futures.FIRST_COMPLETED)
                for future in sorted(done, key=number.__getitem__):
                    yield number.pop(future), future.result()
    finally:
        gc.unfreeze()


class TextsByDoc(dict):
    """A chunk's ``{doc_id: text}`` that pickles its texts as UTF-8 bytes.

    Pickling a ``str`` that is not pure ASCII makes CPython keep a UTF-8 copy of it
    inside the string object for the rest of its life (``PyUnicode_AsUTF8AndSize``), so
    sending the corpus's texts to worker processes (or Dask workers) would leave the main
    process holding a second copy of every non-ASCII article. Encoding to a temporary
    ``bytes`` object instead caches nothing; the worker gets an equal plain ``dict``
    (``surrogatepass``: any ``str`` round-trips exactly). In the calling process
    (one worker) it is a dict like any other, and nothing is encoded.

    >>> import pickle
    >>> pickle.loads(pickle.dumps(TextsByDoc({"a": "caf\u00e9 \u201cquoted\u201d"})))
    {'a': 'caf\u00e9 \u201cquoted\u201d'}
    """

    __slots__ = ()

    def __reduce__(self) -> tuple:
        return _texts_by_doc, (list(self), encode_texts(self.values()))


class TextList(list):
    """A chunk's texts in a list, pickled as UTF-8 bytes (see :class:`TextsByDoc`)."""

    __slots__ = ()

    def __reduce__(self) -> tuple:
        return decode_texts, (encode_texts(self),)


def encode_texts(texts: Iterable[str]) -> list[bytes]:
    return [t.encode("utf-8", "surrogatepass") for t in texts]


def decode_texts(data: list[bytes]) -> list[str]:
    return [b.decode("utf-8", "surrogatepass") for b in data]


def _texts_by_doc(keys: list[str], data: list[bytes]) -> dict[str, str]:
    return dict(zip(keys, decode_texts(data), strict=True))


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; a no-op
    elsewhere).

    Arrays of a few MB (a chunk's columns, as unpickled from a worker) live on the C
    heap, and glibc keeps their pages when they are freed; the joined column they are
    copied into is a new mapping. Without this, a table joined from its chunks holds
    the chunks' pages as well until the process ends.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


WATCH_SECONDS = 0.5  # how often a worker checks that the process that started it lives


def _exit_with(parent: int) -> None:
    """Worker initializer: end this worker soon after the loading process is gone.

    A loader killed with SIGKILL cannot shut its pool down, and its workers would run
    on. A daemon thread polls every :data:`WATCH_SECONDS` whether ``parent`` (the
    loader's pid) still exists and whether this worker's parent is still the one it
    started with (orphans are re-parented), and exits the worker when not. Portable
    (no ``prctl``), and unaffected by the thread the pool was started from.
    """
    first = os.getppid()
    threading.Thread(
        target=_watch, args=(parent, first), daemon=True, name="corpus-utils-watch"
    ).start()


def _watch(parent: int, first_ppid: int) -> None:
    while True:
        if os.getppid() != first_ppid or not _exists(parent):
            os._exit(1)
        time.sleep(WATCH_SECONDS)


def cores() -> int:
    """The CPU cores this process may run on.

    >>> cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- the Dask engine -------------------------------------------------------------------

CONNECT_SECONDS = 10  # how long to wait for a scheduler, and for its first worker
WORKERLESS_SECONDS = 120  # a cluster with no worker this long while chunks wait: an error
CLUSTER_FAILURES = (OSError, TimeoutError, CancelledError)  # + KilledWorker (distributed)


class ClusterError(RuntimeError):
    """A Dask cluster could not be reached, has no workers, or lost its workers; the
    message names the scheduler's address."""


class DaskEngine:
    """Runs chunk functions as tasks on the workers of a Dask cluster.

    Made by :func:`engine_for` from a ``distributed.Client``, a scheduler address or
    ``"local"``. Each chunk is one task (its articles travel with it, so a chunk whose
    worker died can run again elsewhere); the results come back in chunk order
    (gathered as they complete, at most ``2 * workers`` chunks in flight). Only the
    chunk functions run on the workers, so the package must be importable there, at
    the same version (``pip install corpus_utils`` on the workers' image).
    """

    def __init__(self, client: Any, address: str, *, start: Callable[[], Any] | None = None):
        self._client = client
        self.address = address
        self._start = start  # "local": the cluster starts when first needed

    @property
    def client(self) -> Any:
        """The ``distributed.Client`` (for ``"local"``, the cluster starts here)."""
        if self._client is None and self._start is not None:
            self._client = self._start()
            self.address = str(self._client.scheduler.address)
        return self._client

    def __repr__(self) -> str:
        return f"<DaskEngine {self.address}: {self.workers()} worker threads>"

    def workers(self) -> int:
        """Worker threads on the cluster now (at least 1)."""
        info = self.client.scheduler_info(n_workers=-1)
        return max(1, sum(w.get("nthreads", 1) for w in info["workers"].values()))

    def run(self, func: Callable[..., T], jobs: Iterable[tuple], workers: int) -> Iterator[T]:
        """``func(*job)`` for each job as a task on the cluster; results in job order.

        A lost worker, scheduler or connection raises :class:`ClusterError` naming the
        address, and so does a cluster left without any worker for
        :data:`WORKERLESS_SECONDS` (its tasks would wait forever); an exception raised
        by ``func`` itself is re-raised as it is (as the local engine does).
        """
        limit = 2 * max(1, workers)
        pending = iter(jobs)
        order: dict[str, int] = {}
        done: dict[int, T] = {}
        running: set = set()
        submitted = yielded = 0
        name = getattr(func, "__name__", "chunk")
        try:
            while True:
                while submitted - yielded < limit:
                    job = next(pending, None)
                    if job is None:
                        break
                    future = self._submit(func, job, name)
                    order[future.key] = submitted
                    running.add(future)
                    submitted += 1
                if yielded == submitted:
                    return
                while yielded not in done:
                    for future in self._finished(running, name):
                        running.discard(future)
                        done[order.pop(future.key)] = opened(future.result())
                        future.release()
                yield done.pop(yielded)
                yielded += 1
        except Exception as err:
            if _is_cluster_failure(err):
                raise ClusterError(
                    f"the Dask cluster at {self.address} failed while running {name}: "
                    f"{type(err).__name__}: {err}"
                ) from err
            raise
        finally:
            running.clear()

    def _finished(self, running: set, name: str) -> set:
        """The futures of ``running`` that have finished, as soon as one has (gathered
        as they complete); checks every :data:`WATCH_SECONDS` * 10 that the cluster still
        has a worker."""
        from distributed import wait

        workerless = 0.0
        while True:
            try:
                return wait(running, timeout=10 * WATCH_SECONDS, return_when="FIRST_COMPLETED")[0]
            except TimeoutError:  # none finished yet: is anyone working on them?
                pass
            if self.client.scheduler_info(n_workers=-1)["workers"]:
                workerless = 0.0
                continue
            workerless += 10 * WATCH_SECONDS
            if workerless >= WORKERLESS_SECONDS:
                raise ClusterError(
                    f"the Dask cluster at {self.address} has had no worker for "
                    f"{workerless:.0f} s while running {name} ({len(running)} chunks waiting)"
                )

    def _submit(self, func: Callable[..., T], job: tuple, name: str) -> Any:
        # the chunk travels inside its task (not scattered to one worker), so the
        # scheduler can run it again elsewhere when a worker dies; a chunk of up to 1,000
        # articles is a few MB, above Dask's "large graph" warning only for long texts
        import dask

        # the arguments go inside one opaque object: Dask otherwise walks every element
        # of every list of the job looking for futures to wait on (186,770 calls of
        # ``_is_dask_future`` for 24 chunks of a 5 MB corpus: a third of the main
        # process's CPU); a chunk's arguments never hold futures
        with dask.config.set({"distributed.admin.large-graph-warning-threshold": "512MB"}):
            key = f"{name}-{uuid.uuid4().hex}"
            return self.client.submit(_call, func, Packed(job), key=key, pure=False)


class Packed:
    """A chunk's arguments, held so that Dask sends them whole without looking inside."""

    __slots__ = ("args",)

    def __init__(self, args: tuple) -> None:
        self.args = args

    def __reduce__(self) -> tuple:
        return (Packed, (self.args,))


def _call(func: Callable[..., T], packed: Packed) -> T:
    """``func(*args)`` on a worker, the arguments unpacked (see :class:`Packed`), the
    result sent back as one frame (see :class:`Sealed`); the caller gets the result
    itself."""
    return Sealed(func(*packed.args))  # type: ignore[return-value]


class Sealed:
    """A task's result, pickled whole (its arrays inside the one pickle, not beside it)
    when Dask sends it; unpickled, it is the result itself.

    Dask pickles a result with protocol 5 and sends every array in it as a frame of its
    own, each read, checked and deserialised apart by the receiving process: a chunk of
    first or second passes holds a few small arrays per article, so gathering the 40
    results of a 23 MB corpus's load meant 10,838 frames, 1.7 CPU-s of the main
    process's event loop (which a local cluster's scheduler shares). Pickled whole, a
    result is one frame; its arrays are copied into it once.

    >>> import pickle
    >>> import numpy as np
    >>> pickle.loads(pickle.dumps(Sealed([np.arange(3), "a"])))
    [array([0, 1, 2]), 'a']
    """

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __reduce__(self) -> tuple:
        return (_unseal, (pickle.dumps(self.value, protocol=pickle.HIGHEST_PROTOCOL),))

    def __sizeof__(self) -> int:  # Dask's memory accounting of a result kept on a worker
        return _size(self.value)


def _unseal(data: bytes) -> object:
    return pickle.loads(data)


def opened(result: object) -> Any:
    """A task's result as the caller wants it: a :class:`Sealed` that reached it without
    being pickled (a worker thread in this process: ``LocalCluster(processes=False)``)
    opened."""
    return result.value if isinstance(result, Sealed) else result


def _size(value: object) -> int:
    from dask.sizeof import sizeof

    return int(sizeof(value))


def _is_cluster_failure(err: BaseException) -> bool:
    from distributed.scheduler import KilledWorker

    return isinstance(err, (KilledWorker, *CLUSTER_FAILURES))


_ENGINE: ContextVar[DaskEngine | None] = ContextVar("corpus_utils_engine", default=None)
_ENGINES: dict[str, DaskEngine] = {}  # by address, kept for the process ("local" too)


def engine_for(cluster: object) -> DaskEngine | None:
    """The engine for ``load_corpus``'s ``cluster`` argument.

    Args:
        cluster: None (local worker processes: returns None); a ``distributed.Client``;
            a scheduler address (``"tcp://host:8786"``: a client connects, waiting at
            most :data:`CONNECT_SECONDS` for the scheduler and for a worker); or
            ``"local"``: a ``LocalCluster`` with one worker process per core and one
            thread each, started when a chunk first needs it (a cache hit starts none),
            once per process, and closed when the process exits.

    Raises:
        ClusterError: the scheduler cannot be reached or has no worker.
        TypeError: ``cluster`` is none of these.

    >>> engine_for(None) is None
    True
    """
    if cluster is None or isinstance(cluster, DaskEngine):
        return cluster
    if isinstance(cluster, str):
        key = cluster.strip()
        if key not in _ENGINES:
            _ENGINES[key] = _local_engine() if key == "local" else _connect(key)
        return _ENGINES[key]
    try:
        from distributed import Client
    except ImportError:
        Client = None  # noqa: N806
    if Client is not None and isinstance(cluster, Client):
        return DaskEngine(cluster, str(cluster.scheduler.address))
    raise TypeError(
        "cluster must be None, 'local', a scheduler address ('tcp://host:8786') or a "
        f"distributed.Client, not {type(cluster).__name__}"
    )


@contextmanager
def using(engine: DaskEngine | None) -> Iterator[None]:
    """Run :func:`run_chunks` (and size chunks) on ``engine`` inside the block; None:
    local processes."""
    token = _ENGINE.set(engine)
    try:
        yield
    finally:
        _ENGINE.reset(token)


def _distributed():
    try:
        import distributed
    except ImportError as err:
        raise ImportError(
            "cluster= needs Dask's distributed scheduler: pip install 'corpus_utils[scale]' "
            "(or pip install 'dask[distributed]')"
        ) from err
    return distributed


def _connect(address: str) -> DaskEngine:
    distributed = _distributed()
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(
            f"no Dask scheduler reachable at {address!r} within {CONNECT_SECONDS} s: {err}"
        ) from err
    _wait_for_workers(client, address)
    return DaskEngine(client, address)


def _wait_for_workers(client: Any, address: str) -> None:
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as err:
        client.close()
        raise ClusterError(
            f"the Dask scheduler at {address} has no worker (waited {CONNECT_SECONDS} s)"
        ) from err


def _local_engine() -> DaskEngine:
    """``"local"``: a LocalCluster started when a chunk first needs it (a cache hit
    starts none)."""
    _distributed()  # not installed: fails now, not at the first chunk
    return DaskEngine(None, "local", start=_start_local)


LOCAL_CLUSTER_CONFIG = {  # the Dask settings of the clusters local_cluster starts
    "distributed.scheduler.worker-ttl": None,
    "distributed.worker.profile.enabled": False,
}


def local_cluster(n_workers: int | None = None) -> Any:
    """A Dask ``LocalCluster`` as ``"local"`` starts it: ``n_workers`` worker processes
    (None: one per core), one thread each, no dashboard nor the workers' statistical
    profiler that feeds it, and Dask's own logs silenced
    below CRITICAL: a busy machine makes workers log missed heartbeats, and closing at
    exit makes them log the scheduler gone; what matters reaches the caller as
    :class:`ClusterError`.

    Another cluster's HTTP port in use is not worth a warning: Dask takes a free one.
    """
    distributed = _distributed()
    import dask

    # no time-to-live for silent workers: on a machine this busy a local worker can miss
    # its heartbeats for minutes, and one removed for that is not started again (its
    # chunks would wait; see WORKERLESS_SECONDS). A local worker that dies, its nanny restarts.
    # No statistical profiler on the workers (it samples every thread's stack every 10 ms,
    # for a dashboard this cluster does not have): an idle worker's CPU over 20 s went
    # from 0.6 to 0.37 CPU-s. On the 23 MB bench the difference is within the noise of a
    # shared machine (one worker 22.7 -> 20.4 CPU-s at load 3, none seen at load 6 to 10).
    with warnings.catch_warnings(), dask.config.set(LOCAL_CLUSTER_CONFIG):
        warnings.filterwarnings("ignore", "Port .* is already in use", UserWarning)
        return distributed.LocalCluster(
            n_workers=n_workers or cores(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )


def _start_local() -> Any:
    cluster = local_cluster()
    client = _distributed().Client(cluster)
    atexit.register(_close, client, cluster)
    return client


def _close(client: Any, cluster: Any) -> None:
    client.close()
    cluster.close()


def progress_bar(total: int | None, desc: str, *, enabled: bool, unit: str = "doc"):
    """A tqdm bar (``tqdm.auto``: a widget in JupyterLab, stderr elsewhere); a disabled
    one (tqdm's own no-op) when ``enabled`` is false.

    The bar is removed when done (``leave=False``) and starts no monitor thread, so
    worker processes are forked from a single-threaded process where possible. In a
    notebook the widget is shown through a display handle that, when the bar closes,
    is replaced by one line of plain text (``loading: 5 of 5 inputs in 0.3 s``): a saved
    notebook keeps that line, not a widget whose model is gone when it is reopened
    ("Error displaying widget: model not found").

    >>> with progress_bar(3, "demo", enabled=False) as bar:
    ...     bar.update(3)
    """
    from tqdm.auto import tqdm

    # tqdm.notebook is imported only for a bar that is shown: it imports ipywidgets
    # (0.2-0.4 s of the main process, serial, on every load with progress=False)
    widget = enabled and _in_notebook(tqdm)

    class _Bar(tqdm):  # type: ignore[misc, valid-type]
        monitor_interval = 0
        _handle = None  # the display handle of the widget, in a notebook

        def __init__(self, **kwargs):
            super().__init__(**kwargs, **({"display": False} if widget else {}))
            if widget and not self.disable:
                from IPython.display import display

                self._handle = display(self.container, display_id=True)

        def close(self) -> None:
            # the text replaces the widget's output first, then the widget closes
            if not self.disable and self._handle is not None:
                handle, self._handle = self._handle, None
                handle.update({"text/plain": _progress_summary(self)}, raw=True)
            super().close()

    return _Bar(
        total=total, desc=desc, unit=unit, leave=False, dynamic_ncols=True, disable=not enabled
    )


def _in_notebook(tqdm: type) -> bool:
    """Whether ``tqdm`` (``tqdm.auto``'s) is the notebook widget bar."""
    try:
        from tqdm.notebook import tqdm_notebook
    except ImportError:  # no IPython / ipywidgets: tqdm.auto is the terminal bar
        return False
    return issubclass(tqdm, tqdm_notebook)


def _progress_summary(bar) -> str:
    """One line for a finished (or stopped) tqdm bar: what, how many, how long.

    >>> import io
    >>> from tqdm import tqdm
    >>> bar = tqdm(total=5, desc="loading", unit="input", file=io.StringIO())
    >>> _ = bar.update(5)
    >>> _progress_summary(bar).split(" in ")[0]
    'loading: 5 of 5 inputs'
    """
    fmt = bar.format_dict
    n, total, unit = int(fmt["n"]), fmt["total"], fmt["unit"]
    done = f"{n:,} of {int(total):,}" if total else f"{n:,}"
    stopped = " (stopped before the end)" if total and n < total else ""
    return f"{fmt['prefix'] or bar.desc}: {done} {unit}s in {fmt['elapsed']:.1f} s{stopped}"
