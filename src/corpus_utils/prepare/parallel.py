"""Running chunks of whole articles in parallel, and showing their progress.

Every parallel step of the package (cleaning, metadata, near-duplicate signatures and
sentences in :mod:`corpus_utils.prepare.load`; sentences, tokens and voices in
:meth:`corpus_utils.corpus.Corpus._prepare`) splits the corpus into chunks of whole
articles (:func:`chunk_bounds`) and hands a module-level function and its chunks to
:func:`run_chunks`, which returns the results in chunk order. A chunk never splits a
document, so the result is the same whatever the number of processes.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
PARALLEL_MIN_DOCS = 200  # below this, starting processes costs more than it saves
PROGRESS_MIN_DOCS = 500  # progress=None shows bars above this many articles


def n_workers(n_jobs: int | None, n_docs: int) -> int:
    """Processes to use for ``n_docs`` articles: ``n_jobs`` (None: up to 2; -1: every core).

    One process below :data:`PARALLEL_MIN_DOCS` articles, where start-up would cost more
    than it saves.

    >>> n_workers(4, 10)
    1
    """
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
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

    >>> chunk_bounds(5, 1), chunk_bounds(60, 1, split=True)
    ([(0, 5)], [(0, 25), (25, 50), (50, 60)])
    """
    size = n if workers == 1 and not split else min(1000, max(25, -(-n // (8 * workers))))
    return [(a, min(a + size, n)) for a in range(0, n, max(size, 1))] or [(0, 0)]


def run_chunks(func: Callable[..., T], jobs: Iterable[tuple], workers: int) -> Iterator[T]:
    """``func(*job)`` for each job, in order, on ``workers`` processes.

    At most ``2 * workers`` jobs are in flight, so a long stream of jobs (chunks of
    articles) is never all in memory at once. ``func`` must be a module-level function.
    """
    if workers == 1:
        for job in jobs:
            yield func(*job)
        return
    # the platform's default start method: fork on Linux up to Python 3.13 (no start-up
    # cost, no `if __name__ == "__main__"` needed in scripts), forkserver or spawn elsewhere
    with ProcessPoolExecutor(workers, initializer=_exit_with, initargs=(os.getpid(),)) as pool:
        pending: deque = deque()
        for job in jobs:
            pending.append(pool.submit(func, *job))
            if len(pending) >= 2 * workers:  # bounded: texts are pickled only when sent
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


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


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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

    try:
        from tqdm.notebook import tqdm_notebook
    except ImportError:  # no IPython / ipywidgets: tqdm.auto is the terminal bar
        in_notebook = False
    else:
        in_notebook = issubclass(tqdm, tqdm_notebook)
    widget = enabled and in_notebook

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
