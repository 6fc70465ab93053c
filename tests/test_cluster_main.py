"""What the main process does on a cluster load: work it can leave undone or do once."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import corpus_utils


def _run(code: str) -> str:
    """``code`` in a fresh interpreter importing this same package; its stdout."""
    env = {**os.environ, "PYTHONPATH": str(Path(corpus_utils.__file__).parents[1])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return out.stdout.strip()


def test_a_hidden_progress_bar_does_not_import_the_notebook_widgets():
    code = (
        "import sys\n"
        "from corpus_utils.prepare.parallel import progress_bar\n"
        "with progress_bar(3, 'quiet', enabled=False) as bar:\n"
        "    bar.update(3)\n"
        "print(bar.disable, 'tqdm.notebook' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    assert _run(code) == "True False False"


def test_a_shown_progress_bar_outside_a_notebook_is_the_terminal_one():
    code = (
        "import tqdm.notebook, tqdm.std\n"
        "from corpus_utils.prepare.parallel import progress_bar\n"
        "bar = progress_bar(3, 'shown', enabled=True)\n"
        "print(isinstance(bar, tqdm.std.tqdm), isinstance(bar, tqdm.notebook.tqdm), bar.disable)\n"
        "bar.close()"
    )
    assert _run(code) == "True False False"


def _articles(n: int, seed: int) -> list[dict]:
    """A chunk's results as a first or second pass makes them: small arrays per article."""
    rng = np.random.default_rng(seed)
    return [{"minhash": rng.integers(0, 2**32, 8), "spans": rng.integers(0, 99, (3, 2))}
            for _ in range(n)]  # fmt: skip


def test_a_task_result_is_sent_as_one_pickle_without_out_of_band_buffers():
    from corpus_utils.prepare.parallel import Sealed

    result = _articles(50, 1)
    plain: list = []
    pickle.dumps(result, protocol=5, buffer_callback=plain.append)
    assert len(plain) == 100  # what Dask would send as 100 frames
    sealed: list = []
    data = pickle.dumps(Sealed(result), protocol=5, buffer_callback=sealed.append)
    assert sealed == []
    back = pickle.loads(data)
    assert isinstance(back, list) and len(back) == 50
    for a, b in zip(result, back, strict=True):
        assert a.keys() == b.keys()
        assert all(np.array_equal(a[k], b[k]) and a[k].dtype == b[k].dtype for k in a)


@pytest.mark.parametrize("processes", [True, False])
def test_the_engine_hands_back_the_results_themselves(processes):
    from distributed import Client, LocalCluster

    from corpus_utils.prepare import kept
    from corpus_utils.prepare.parallel import DaskEngine

    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=processes, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        engine = DaskEngine(client, str(cluster.scheduler_address))
        jobs = [(30, k) for k in range(3)]
        got = list(engine.run(_articles, jobs, 1))
        where = list(kept.run_where(engine, _articles, jobs, 1))
        pinned = list(kept.run_on(engine, [(where[0][0], _articles, (30, 0), "chunk 0")], 1))
    want = [_articles(*job) for job in jobs]
    assert [type(x) for x in got] == [list] * 3
    for chunk in (*got, *(r for _a, r in where), *pinned):
        assert type(chunk) is list
    for a, b in zip([*want, *want, want[0]], [*got, *(r for _a, r in where), *pinned], strict=True):
        assert len(a) == len(b) == 30
        assert all(np.array_equal(x["minhash"], y["minhash"]) for x, y in zip(a, b, strict=True))
