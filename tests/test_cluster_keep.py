"""On a Dask cluster the workers keep each chunk's articles between the loader's two
passes (issue 15): the first pass runs on any worker, the second is pinned to the worker
that holds the chunk. A worker lost in between takes its chunks with it: that must be a
clear ``ClusterError`` naming the chunk and the worker, never a silent drop or a wait for
ever, and what the other workers keep must still be let go."""

from __future__ import annotations

import os
import time
from pathlib import Path

import dask
import pandas as pd
import pytest
from distributed import Client

import corpus_utils as cu
from corpus_utils.prepare import articles, builder, kept, parallel

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"


def _kept() -> int:
    """Chunks and counts a worker keeps."""
    from corpus_utils.prepare import articles

    return len(articles._KEPT) + len(articles._COUNTS)


@pytest.fixture
def client():
    """A fresh cluster of two worker processes for each test (each loses a worker), with
    Dask's default retries: a task whose worker died is tried again where it may run."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 3}):
        cluster = parallel.local_cluster(2)
    client = Client(cluster)
    client.wait_for_workers(2, timeout=60)
    yield client
    client.close()
    cluster.close()


@pytest.fixture
def folder(tmp_path) -> Path:
    """80 BBC business stories: four chunks of 25, 25, 25 and 5 on two workers."""
    if not BBC.is_dir():
        pytest.fail(f"the shared BBC corpus is missing: {BBC}")
    for f in sorted(BBC.glob("business/*.txt"))[:80]:
        data = f.read_bytes().decode("utf-8", errors="replace")
        (tmp_path / f.name).write_text(data, encoding="utf-8")
    return tmp_path


def _workers(client: Client) -> set[str]:
    return set(client.scheduler_info(n_workers=-1)["workers"])


def test_each_chunks_second_pass_runs_on_the_worker_that_kept_it(client, folder, monkeypatch):
    """The first pass says where each chunk is kept; every second pass is pinned there
    (the engine is asked for exactly those workers), and the tables are the local ones."""
    pinned = []
    real = kept.run_on

    def spy(engine, jobs, workers):
        jobs = list(jobs)
        pinned.extend((address, what) for address, _f, _a, what in jobs)
        return real(engine, jobs, workers)

    monkeypatch.setattr(kept, "run_on", spy)
    on_cluster = cu.load_corpus(folder, cluster=client, progress=False)
    local = cu.load_corpus(folder, n_jobs=2, progress=False)
    assert len(pinned) == 4  # 80 articles: 4 chunks, each its own pinned task
    assert {address for address, _ in pinned} <= _workers(client)
    assert all(what.startswith("chunk ") for _, what in pinned)
    for name in ("docs", "report", "removed", "sentences"):
        pd.testing.assert_frame_equal(
            getattr(local, name), getattr(on_cluster, name), check_exact=True, obj=name
        )
    assert client.run(_kept) == dict.fromkeys(_workers(client), 0)
    assert articles._KEPT == {} and articles._COUNTS == {}


def test_a_worker_lost_between_the_passes_is_an_error_naming_chunk_and_worker(
    client, folder, monkeypatch
):
    """The worker holding the first chunk is retired after the first pass: the load
    stops with a ClusterError naming that chunk and worker (at once: it is checked before
    the pinned task would wait for a worker that never comes), and the worker left keeps
    nothing afterwards."""
    lost = []
    real = builder._Builder._second_on_cluster

    def lose_one(self, repeated, labels):
        key, address, _n = self._chunks[0]
        lost.append((key, address))
        client.retire_workers([address], close_workers=True)
        deadline = time.monotonic() + 30
        while address in _workers(client) and time.monotonic() < deadline:
            time.sleep(0.1)
        yield from real(self, repeated, labels)

    monkeypatch.setattr(builder._Builder, "_second_on_cluster", lose_one)
    t0 = time.perf_counter()
    with pytest.raises(parallel.ClusterError) as err:
        cu.load_corpus(folder, cluster=client, progress=False)
    assert time.perf_counter() - t0 < 60
    (key, address), message = lost[0], str(err.value)
    assert f"lost worker {address}, which held chunk {key}" in message
    assert address not in _workers(client)
    assert client.run(_kept) == dict.fromkeys(_workers(client), 0)  # forget ran there


def test_a_worker_dying_under_its_pinned_task_is_an_error_not_a_hang(client):
    """A pinned task whose worker dies (``os._exit``) cannot run anywhere else: the
    scheduler tries again, the worker (restarted by its nanny) has a new address, and the
    engine says the worker is lost instead of waiting for it for ever."""
    engine = parallel.engine_for(client)
    address = sorted(_workers(client))[0]
    t0 = time.perf_counter()
    with pytest.raises(parallel.ClusterError) as err:
        list(kept.run_on(engine, [(address, os._exit, (1,), "chunk test:0")], 1))
    assert time.perf_counter() - t0 < 90
    message = str(err.value)
    assert address in message and "chunk test:0" in message
