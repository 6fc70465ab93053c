"""The independent fits of :func:`select_k` and :func:`stability`, on ``n_jobs`` processes.

Every fit of a k search (the model each k is judged by, and its refits with other seeds
on subsamples) depends only on the shared tf-idf (or count) matrix, k and its seed, so
the fits run in any order and on any process. They run on the package's own workers
(:func:`~corpus_utils.prepare.parallel.run_chunks`: forked on Linux, so they start with
the package already imported, and end with the process that started them), each on one
BLAS/OpenMP thread as in the main process (:func:`~corpus_utils.topics.fit._fit_matrix`):
a fit gives the same numbers, to the last bit, wherever it runs, and the tables are
those of a run on one process.

The shared matrix is not sent with every job: on forked workers it is registered before
the workers start (:data:`_SHARED`), so each inherits it and a job carries only its key
and its rows; a job for a worker that was not forked (``spawn``, a Dask cluster) carries
the matrix itself, as before.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import uuid
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning

from ..prepare.parallel import _ENGINE, n_workers, run_chunks
from .fit import _fit_matrix
from .units import ModelKind


@dataclass(frozen=True)
class FitJob:
    """One fit: ``k`` topics on ``rows`` of the shared matrix (``None``: every row).

    ``quiet``: the fit's ``ConvergenceWarning`` is dropped (a refit with a loose ``tol``
    stops early on purpose); other warnings are passed on to the caller.
    """

    k: int
    model: ModelKind
    seed: int
    init: str | None
    max_iter: int
    alpha: float | None
    tol: float
    rows: np.ndarray | None = None
    quiet: bool = False


@dataclass
class Fitted:
    """A job's estimator, its ``W`` and ``H``, the seconds it took, its warnings and the
    process that ran it."""

    estimator: Any
    w: np.ndarray
    h: np.ndarray
    seconds: float
    warnings: list[tuple[str, type[Warning]]]
    pid: int


_SHARED: dict[str, sparse.csr_matrix] = {}
"""Matrices of the fits in flight, by key: forked workers inherit them (see the module notes)."""


@contextmanager
def _shared(matrix: sparse.csr_matrix, workers: int) -> Iterator[str | sparse.csr_matrix]:
    """What each job sends for ``matrix``: a key into :data:`_SHARED` when the workers are
    forked from this process after this point, else the matrix itself."""
    forked = (
        workers > 1
        and _ENGINE.get() is None
        and multiprocessing.get_start_method(allow_none=False) == "fork"
    )
    if not forked:
        yield matrix
        return
    key = uuid.uuid4().hex
    _SHARED[key] = matrix
    try:
        yield key
    finally:
        del _SHARED[key]


def _run(matrix: sparse.csr_matrix | str, job: FitJob) -> Fitted:
    started = time.perf_counter()
    if isinstance(matrix, str):  # a forked worker: the matrix it inherited
        matrix = _SHARED[matrix]
    x = matrix if job.rows is None else matrix[job.rows]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if job.quiet:
            warnings.simplefilter("ignore", ConvergenceWarning)
        est, w, h = _fit_matrix(
            x,
            k=job.k,
            model=job.model,
            seed=job.seed,
            init=job.init,
            max_iter=job.max_iter,
            alpha=job.alpha,
            tol=job.tol,
        )
    said = [(str(c.message), c.category) for c in caught]
    return Fitted(est, w, h, time.perf_counter() - started, said, os.getpid())


def refit_jobs(
    n: int,
    *,
    k: int,
    model: ModelKind,
    seeds: Sequence[int],
    subsample: float,
    max_iter: int,
    alpha: float | None,
    tol: float,
    max_units: int | None = None,
) -> tuple[list[FitJob], int]:
    """The stability refits of a k-topic model fitted on ``n`` units, and their size.

    Run ``s`` fits a random ``subsample`` of the units (at least k, at most
    ``max_units``), drawn with seed ``s``, from a random start (NMF) or LDA's own.
    """
    if not 0 < subsample <= 1:
        raise ValueError(f"subsample must be in (0, 1], got {subsample}")
    size = max(k, int(round(subsample * n)))
    if max_units is not None:
        if max_units < k:
            raise ValueError(f"max_units must be at least k = {k}, got {max_units}")
        size = min(size, max_units)
    jobs = []
    for s in seeds:
        rng = np.random.default_rng(s)
        rows = np.sort(rng.choice(n, size=size, replace=False)) if size < n else None
        init = "random" if model == "nmf" else None
        jobs.append(FitJob(k, model, s, init, max_iter, alpha, tol, rows=rows, quiet=True))
    return jobs, size


def run_fits(matrix: sparse.csr_matrix, jobs: Sequence[FitJob], n_jobs: int | None) -> list:
    """``Fitted`` for each job, in the order of ``jobs``, on ``n_jobs`` processes.

    ``n_jobs``: ``None`` up to 2 (as loading a corpus), ``-1`` every core, 1 this process
    only; one process below 200 units, where starting workers costs more than the fits.
    The largest fits are sent first, so that no process is left with one at the end.
    Warnings the fits raised (other than the refits' ``ConvergenceWarning``) are
    raised again here.
    """
    workers = min(n_workers(n_jobs, matrix.shape[0]), len(jobs))
    size = [matrix.shape[0] if j.rows is None else len(j.rows) for j in jobs]
    order = sorted(range(len(jobs)), key=lambda i: (-jobs[i].k * size[i], i))
    out: list = [None] * len(jobs)
    with _shared(matrix, workers) as sent:
        done = run_chunks(_run, ((sent, jobs[i]) for i in order), workers)
        for i, fitted in zip(order, done, strict=True):
            out[i] = fitted
    for fitted in out:
        for message, category in fitted.warnings:
            warnings.warn(message, category, stacklevel=3)
    return out
