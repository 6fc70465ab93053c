"""The Dask engine (``load_corpus(..., cluster=...)``): on a LocalCluster of two worker
processes it must give exactly the tables, matrices and analyses the local engine gives,
write the same cache, and fail clearly on a bad address or a dead worker."""

from __future__ import annotations

import csv
import os
import time

import dask
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from sklearn.metrics import normalized_mutual_info_score

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.prepare import builder, parallel
from corpus_utils.stats import compare, frequency, keyness
from corpus_utils.stats.dtm import dtm
from corpus_utils.topics.describe import document_topics
from corpus_utils.topics.fit import fit_topics

TABLES = ("docs", "report", "removed", "paragraphs", "sentences")
TOKEN_OPTIONS = ({}, {"merge_actors": False, "stem": True, "drop_stop": True})
BBC_SECTIONS = ("business", "entertainment", "politics", "sport", "tech")


def _cluster(n: int, **config: object) -> tuple[LocalCluster, Client]:
    with dask.config.set(config):
        cluster = parallel.local_cluster(n)
    return cluster, Client(cluster)


@pytest.fixture(scope="module")
def client():
    """Two worker processes; a task whose worker dies is not retried (the last test)."""
    cluster, client = _cluster(2, **{"distributed.scheduler.allowed-failures": 0})
    yield client
    client.close()
    cluster.close()


def _mixed_rows() -> list[tuple[str, ...]]:
    """333 articles: 150 BBC articles (30 per section, headline on the first line, no
    title column value, outlet BBC), 180 FA-KES rows (every 4th: 15 outlets with their
    boilerplate, their own titles and dates), a BBC article repeated exactly and two
    near-copies of BBC articles (one sentence added)."""
    rows = []
    bbc = paths.SHARED_CORPORA / "bbc"
    for section in BBC_SECTIONS:
        for f in sorted((bbc / section).glob("*.txt"))[:30]:
            data = f.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:  # one BBC file is Latin-1
                text = data.decode("latin-1")
            rows.append((f"{section}/{f.stem}", "", text, "BBC", "", section))
    with open(paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv", encoding="utf-8") as fh:
        fakes = list(csv.DictReader(fh))
    for r in fakes[::4][:180]:
        rows.append(
            (
                f"fakes{r['unit_id']}",
                r["article_title"],
                r["article_content"],
                r["source"],
                r["date"],
                "",
            )
        )
    rows.append(("copy-exact", "", rows[0][2], "BBC", "", "business"))
    for i, src in enumerate((rows[31], rows[95])):
        near = src[2] + "\n\nThe story was updated on Monday with more detail.\n"
        rows.append((f"copy-near{i}", "", near, "BBC", "", src[5]))
    return rows


def _write_csv(path: os.PathLike, rows: list[tuple[str, ...]]) -> os.PathLike:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text", "outlet", "date", "section"])
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def mixed_csv(tmp_path_factory) -> os.PathLike:
    return _write_csv(tmp_path_factory.mktemp("mixed") / "mixed.csv", _mixed_rows())


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory) -> os.PathLike:
    """40 BBC and 40 FA-KES rows of the same corpus (the cache test writes it twice)."""
    rows = _mixed_rows()
    return _write_csv(tmp_path_factory.mktemp("small") / "small.csv", rows[:40] + rows[150:190])


@pytest.fixture(scope="module")
def local(mixed_csv) -> cu.Corpus:
    return cu.load_corpus(mixed_csv, n_jobs=2, progress=False)


@pytest.fixture(scope="module")
def cluster_load(mixed_csv, client) -> tuple[cu.Corpus, list[tuple[bool, bool]]]:
    """The load on the cluster, and for each first-pass result the loading process
    recorded: (whether the builder keeps chunks on the workers, whether the result
    carried the article's cleaned form or scan)."""
    seen = []
    real = builder._Builder._record

    def spy(self, row, note, folder, given, extra, doc_id, result, group=""):
        seen.append((self.keep, "cleaned" in result or "segments" in result))
        return real(self, row, note, folder, given, extra, doc_id, result, group)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(builder._Builder, "_record", spy)
        corpus = cu.load_corpus(mixed_csv, cluster=client, progress=False)
    return corpus, seen


@pytest.fixture(scope="module")
def on_cluster(cluster_load) -> cu.Corpus:
    return cluster_load[0]


def _kept() -> int:
    """Chunks and counts a worker keeps (none after a load: ``forget`` ran everywhere)."""
    from corpus_utils.prepare import articles

    return len(articles._KEPT) + len(articles._COUNTS)


def _prefixes(client: Client) -> set[str]:
    return set(client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.task_prefixes)))


def test_the_corpus_has_what_the_engines_must_agree_on(local):
    """The input is not trivial: both kinds of article, removals, duplicates of both
    kinds, several outlets (worked out from the CSV above: 333 rows, 16 outlets)."""
    assert len(local.report) == 333
    assert local.docs["outlet"].nunique() == 16
    assert local.docs.set_index("doc_id").loc["copy-exact", "duplicate_of"] == "business/001"
    near = local.docs.set_index("doc_id")["near_duplicate_of"]
    assert near.loc["copy-near0"] == "entertainment/002"
    assert near.loc["copy-near1"] == "sport/006"
    assert len(local.removed) > 0
    assert local.docs["title"].notna().all()  # BBC rows' headlines split from the text


def test_load_runs_on_the_workers_and_gives_the_local_tables(local, cluster_load, client):
    """Both passes run on the workers, which keep each chunk's articles between them:
    the loading process receives no cleaned article or scan of the 333 it records, and
    at the end no worker keeps anything."""
    on_cluster, seen = cluster_load
    prefixes = _prefixes(client)
    assert {"first_pass", "second_pass"} <= prefixes
    assert not {"process_chunk", "finalise_chunk"} & prefixes  # not the round trip
    assert len(seen) == 333 and all(keep and not whole for keep, whole in seen)
    assert client.run(_kept) == dict.fromkeys(client.scheduler_info(n_workers=-1)["workers"], 0)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(local, name), getattr(on_cluster, name), obj=name)
    assert on_cluster.engine is not None and on_cluster.engine.client is client


def test_tokens_are_prepared_on_the_workers_and_equal(local, on_cluster, client):
    for opts in TOKEN_OPTIONS:
        pd.testing.assert_frame_equal(
            local.tokens(**opts), on_cluster.tokens(**opts), obj=f"tokens {opts}"
        )
    assert "prepare_chunk" in _prefixes(client)  # the corpus kept its engine for tokens
    pd.testing.assert_frame_equal(local.tokens(voice=True), on_cluster.tokens(voice=True))


def test_the_matrix_and_every_counting_analysis_are_equal(local, on_cluster, client):
    """The cluster's matrix is counted per chunk of documents on the workers (tasks
    ``_count_chunk``), each with its own vocabulary, and merged: the same CSR arrays."""
    for kwargs in ({}, {"by": "outlet"}, {"n": 2, "by": "section"}, {"voice": "quote"}):
        a, b = dtm(local, **kwargs), dtm(on_cluster, **kwargs)
        for part in ("indptr", "indices", "data"):
            np.testing.assert_array_equal(getattr(a.counts, part), getattr(b.counts, part))
            np.testing.assert_array_equal(getattr(a.doc_freq, part), getattr(b.doc_freq, part))
        assert a.counts.shape == b.counts.shape and a.counts.nnz > 0
        pd.testing.assert_index_equal(a.terms, b.terms)
        np.testing.assert_array_equal(a.display, b.display)
        pd.testing.assert_frame_equal(a.rows, b.rows)
    assert "count_chunk" in _prefixes(client)
    assert len(on_cluster) == 333 and len(dtm(on_cluster).terms) > 1000
    analyses = {
        "frequency": lambda c: frequency.term_frequencies(c, by="outlet"),
        "tfidf": lambda c: frequency.tfidf(c),
        "keyness": lambda c: keyness.keyness_between_groups(c, by="outlet", target="BBC"),
        "log-odds": lambda c: compare.log_odds_by_group(c, by="outlet"),
    }
    for name, run in analyses.items():
        a, b = run(local), run(on_cluster)
        assert len(a) > 0, name
        pd.testing.assert_frame_equal(a, b, obj=name)
    assert "doc_freq" in analyses["frequency"](local).columns


def test_the_display_forms_are_counted_by_the_matrix_tasks_not_the_main_process(
    local, on_cluster, monkeypatch
):
    """On the cluster the matrix's tasks count the display forms of their chunk and the
    main process merges them; it never reads the whole token table for them."""
    from corpus_utils.stats import display as display_module

    options = {"lowercase": False, "stem": True}  # a normalisation no other test counts
    expected = dtm(local, n=2, **options)

    def refuse(*args, **kwargs):
        raise AssertionError("display_forms ran in the main process")

    monkeypatch.setattr(display_module, "display_forms", refuse)
    got = dtm(on_cluster, n=2, **options)
    np.testing.assert_array_equal(expected.display, got.display)
    pd.testing.assert_index_equal(expected.terms, got.terms)
    assert len(got.terms) > 1000 and (got.display != np.asarray(got.terms)).any()


@pytest.mark.parametrize("estimator", ["auto", "streaming"])
def test_topics_agree_at_the_same_seed_and_k(local, on_cluster, estimator):
    """The batch NMF (``auto`` at this size, on both engines) and the streaming one
    (MiniBatchNMF over partitions of at most 500 units) agree between the engines."""
    fits = [
        fit_topics(c, k=6, seed=0, estimator=estimator, batch_size=500) for c in (local, on_cluster)
    ]
    assert {f.params["estimator"] for f in fits} == {
        "batch" if estimator == "auto" else "streaming"
    }
    a, b = (document_topics(f).idxmax(axis=1) for f in fits)
    pd.testing.assert_index_equal(a.index, b.index)
    assert normalized_mutual_info_score(a, b) >= 0.95


def test_topic_selection_inside_the_cluster_engine_gives_the_local_table(local, client):
    """``select_k``'s fits (``topics/refits.py``: ``run_fits``) run as tasks on the
    cluster inside ``using(engine)``, and every number of the table is the local one
    (the fits are seeded and single-threaded wherever they run); only ``seconds``, the
    time the fits took, may differ."""
    from corpus_utils.topics.quality import select_k

    options = {"ks": [3, 4], "seeds": 2, "max_units": 250, "unit": "document"}
    expected = select_k(local, n_jobs=1, **options)
    engine = parallel.engine_for(client)
    before = _prefixes(client)
    with parallel.using(engine):
        got = select_k(local, **options)
    assert "run" not in before and "run" in _prefixes(client)  # the fits ran as tasks
    assert len(expected) == 2 and expected["k"].tolist() == [3, 4]
    pd.testing.assert_frame_equal(
        expected.drop(columns="seconds"), got.drop(columns="seconds"), check_exact=True
    )


def test_a_cache_written_on_the_cluster_reopens_locally_and_back(small_csv, client, tmp_path):
    cluster_first = tmp_path / "cluster-first"
    written = cu.load_corpus(small_csv, cluster=client, cache=cluster_first, progress=False)
    assert written.cache_info["status"] == "miss"
    reopened = cu.load_corpus(small_csv, cache=cluster_first, progress=False)
    assert reopened.cache_info["status"] == "hit"
    assert reopened.cache_info["key"] == written.cache_info["key"]

    local_first = tmp_path / "local-first"
    plain = cu.load_corpus(small_csv, cache=local_first, progress=False)
    assert plain.cache_info["status"] == "miss"
    back = cu.load_corpus(small_csv, cluster=client, cache=local_first, progress=False)
    assert back.cache_info["status"] == "hit"
    assert back.cache_info["key"] == written.cache_info["key"]  # one key for both engines
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(reopened, name), getattr(back, name), obj=name)
    pd.testing.assert_frame_equal(reopened.tokens(), back.tokens())


def test_local_starts_no_cluster_for_a_cache_hit(small_csv, tmp_path):
    store = tmp_path / "cache"
    cu.load_corpus(small_csv, cache=store, progress=False)
    hit = cu.load_corpus(small_csv, cache=store, cluster="local", progress=False)
    assert hit.cache_info["status"] == "hit"
    assert hit.engine is parallel.engine_for("local")  # one per process
    assert hit.engine._client is None  # nothing asked for a worker yet


def test_progress_bars_move_on_the_cluster(small_csv, client, capsys, monkeypatch):
    import functools

    import tqdm.std

    # every update drawn: tqdm's 0.1 s redraw limit would hide steps of chunks that
    # finish close together (a timing flake, seen once in CI)
    init = functools.partialmethod(tqdm.std.tqdm.__init__, mininterval=0, miniters=1)
    monkeypatch.setattr(tqdm.std.tqdm, "__init__", init)
    corpus = cu.load_corpus(small_csv, cluster=client, progress=True)
    corpus.tokens()
    loading, tokens = capsys.readouterr().err.split("tokens:", 1)
    # 80 rows on 2 workers: chunks of 25, 25, 25 and 5 articles; a finished chunk moves
    # the bar (which is cleared at the end)
    steps = ("| 25/80 [", "| 50/80 [", "| 75/80 [")
    assert "loading:" in loading and any(step in loading for step in steps)
    assert any(step in tokens for step in steps)


def test_on_a_cluster_chunks_are_fewer_and_larger(client):
    """About 4 chunks per worker thread on the cluster (8 locally), of 25 to 2,000
    articles: 2,266 articles on 2 workers are 8 chunks of 284 (the last 278) instead of
    16 of 142; 100,000 articles are 50 chunks of 2,000; 80 articles 4 of 25 (3 and 5)."""
    assert parallel.chunk_bounds(2266, 2, split=True)[:2] == [(0, 142), (142, 284)]
    with parallel.using(parallel.engine_for(client)):
        bounds = parallel.chunk_bounds(2266, 2)
        assert len(bounds) == 8 and bounds[1] == (284, 568) and bounds[-1] == (1988, 2266)
        big = parallel.chunk_bounds(100_000, 2)
        assert len(big) == 50 and {b - a for a, b in big} == {2000}
        assert parallel.chunk_bounds(80, 2) == [(0, 25), (25, 50), (50, 75), (75, 80)]
        assert parallel.chunk_bounds(10, 1) == [(0, 10)]  # one worker: still one task


def _sampling(dask_worker) -> bool:
    return "profile" in dask_worker.periodic_callbacks


def test_the_local_clusters_workers_run_no_statistical_profiler(client):
    """local_cluster's workers do not sample their threads' stacks every 10 ms (for a
    dashboard it does not start); a worker started with Dask's defaults does."""
    assert set(client.run(_sampling).values()) == {False}
    from distributed import Worker

    assert dask.config.get("distributed.worker.profile.enabled") is True  # the default
    assert "profile" in Worker(client.scheduler.address, validate=False).periodic_callbacks


def _total(xs: list[int], ys: list[str]) -> int:
    return sum(xs) + len(ys)


def test_a_chunks_arguments_reach_dask_whole_not_walked_element_by_element(client, monkeypatch):
    """Dask looks inside a task's list and tuple arguments for futures, element by
    element: a chunk of thousands of articles cost a third of the main process's CPU
    that way. The engine hands each chunk over as one object: the count of Dask's
    future checks does not grow with the chunk, and the results are unchanged."""
    from dask import _task_spec

    seen = []
    real = _task_spec._is_dask_future
    monkeypatch.setattr(_task_spec, "_is_dask_future", lambda x: seen.append(1) or real(x))
    jobs = [(list(range(n)), ["text"] * n) for n in (50_000, 20_000, 3)]
    with parallel.using(parallel.engine_for(client)):
        assert list(parallel.run_chunks(_total, jobs, 2)) == [
            sum(range(50_000)) + 50_000,
            sum(range(20_000)) + 20_000,
            6,
        ]
    assert len(seen) < 100


def test_an_error_in_a_chunk_function_is_re_raised_as_it_is(client):
    with parallel.using(parallel.engine_for(client)):
        with pytest.raises(ValueError, match="invalid literal for int"):
            list(parallel.run_chunks(int, [("12",), ("twelve",)], 2))
        assert list(parallel.run_chunks(pow, [(2, 3), (3, 2), (5, 1)], 2)) == [8, 9, 5]


def test_a_bad_address_is_a_clear_error_within_the_timeout(monkeypatch, mixed_csv):
    monkeypatch.setattr(parallel, "CONNECT_SECONDS", 2)
    address = "tcp://127.0.0.1:9"  # the discard port: nothing listens
    t0 = time.perf_counter()
    with pytest.raises(parallel.ClusterError, match="tcp://127.0.0.1:9.*within 2 s"):
        cu.load_corpus(mixed_csv, cluster=address)
    assert time.perf_counter() - t0 < 15
    assert address not in parallel._ENGINES  # a later call tries again


@pytest.mark.filterwarnings("ignore:Port .* is already in use:UserWarning")
def test_a_scheduler_without_workers_is_a_clear_error(monkeypatch, mixed_csv):
    monkeypatch.setattr(parallel, "CONNECT_SECONDS", 2)
    empty = LocalCluster(n_workers=0, processes=False, dashboard_address=None)
    try:
        address = empty.scheduler_address
        with pytest.raises(parallel.ClusterError, match=f"{address} has no worker"):
            cu.load_corpus(mixed_csv, cluster=address)
    finally:
        empty.close()


def test_a_cluster_argument_of_the_wrong_kind_is_refused(mixed_csv):
    with pytest.raises(TypeError, match="cluster must be None, 'local'"):
        cu.load_corpus(mixed_csv, cluster=2)


@pytest.mark.filterwarnings("ignore:Port .* is already in use:UserWarning")
def test_a_cluster_left_without_workers_is_an_error_not_a_hang(monkeypatch):
    """All workers gone (retired, so no nanny brings them back): the chunks would wait
    for ever; after WORKERLESS_SECONDS the engine says so, naming the address."""
    monkeypatch.setattr(parallel, "WORKERLESS_SECONDS", 1)
    cluster = LocalCluster(n_workers=1, processes=False, dashboard_address=None)
    client = Client(cluster)
    try:
        client.retire_workers(list(client.scheduler_info(n_workers=-1)["workers"]))
        engine = parallel.engine_for(client)
        t0 = time.perf_counter()
        with parallel.using(engine), pytest.raises(parallel.ClusterError) as err:
            list(parallel.run_chunks(pow, [(2, 3)], 1))
        assert f"{engine.address} has had no worker" in str(err.value)
        assert time.perf_counter() - t0 < 30
    finally:
        client.close()
        cluster.close()


def test_a_dead_worker_is_a_clear_error_naming_the_address(client):
    """A chunk that kills its worker (``os._exit``): with no retry allowed (the fixture's
    cluster) the scheduler gives up at once, and the error names the cluster's address.
    Last in the module: the worker comes back, but nothing needs it."""
    engine = parallel.engine_for(client)
    with parallel.using(engine), pytest.raises(parallel.ClusterError) as err:
        list(parallel.run_chunks(os._exit, [(3,)], 1))
    assert engine.address in str(err.value)
    assert "KilledWorker" in str(err.value) and "_exit" in str(err.value)
