"""The ledger and name finding per chunk of articles on forked workers (issue 13).

The corpus-wide state is made once and inherited by the workers; the tables must be
exactly equal at one and two processes, and the corpus's ``n_jobs`` is respected.
"""

from __future__ import annotations

import gc
import os
import threading

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils.prepare import parallel
from corpus_utils.sources import attribution, by_article, name_finding, name_merging

_MAP_RANGES = by_article.map_ranges
N_ARTICLES = 240  # above the package's PARALLEL_MIN_DOCS (200)

_TEMPLATES = [
    'Sen. Mary Holt{k} told reporters on Monday that the bill "will pass" this week. '
    "She added that the Harbour Council {k} would vote on it.\n\n"
    '"We have the numbers," Holt{k} said. The council said it had no comment.\n',
    "Arsenal coach Mikel Arteta{k} said the squad was tired after the match.\n\n"
    "The Spaniard added that two players were injured, according to the club's "
    "website. Mr Arteta{k}, 41, has been in charge since 2019.\n",
    "A spokesman for the Acme Corporation {k} said the plant would close. The company "
    'said in a statement: "Demand has fallen."\n\n'
    '"We regret the decision," said John Reyes{k}, the firm\'s chief executive.\n',
]


def _articles(n: int) -> dict[str, str]:
    # one letter-only tag per article keeps every text distinct (no near-duplicates)
    def tag(k: int) -> str:
        out = ""
        while True:
            out = chr(ord("a") + k % 26) + out
            k //= 26
            if not k:
                return out

    return {
        f"a{k:04d}": _TEMPLATES[k % len(_TEMPLATES)].replace("{k}", tag(k).capitalize() * 2)
        for k in range(n)
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("by_article")
    for name, text in _articles(N_ARTICLES).items():
        (d / f"{name}.txt").write_text(text, encoding="utf-8")
    return d


def _tables(folder, n_jobs: int, monkeypatch) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    calls = []
    real = _MAP_RANGES

    def recording(func, state, n, workers):
        calls.append((func.__name__, workers))
        return real(func, state, n, workers)

    monkeypatch.setattr(by_article, "map_ranges", recording)
    # the pool from N_ARTICLES on (the break-evens are larger: a test corpus stays small)
    monkeypatch.setattr(attribution, "LEDGER_MIN_DOCS", N_ARTICLES)
    monkeypatch.setattr(name_finding, "FIND_MIN_DOCS", N_ARTICLES)
    c = cu.load_corpus(folder, progress=False, n_jobs=n_jobs)
    return name_merging.mentions(c), attribution.ledger(c), calls


def test_tables_equal_at_one_and_two_processes(folder, monkeypatch):
    m1, l1, calls1 = _tables(folder, 1, monkeypatch)
    m2, l2, calls2 = _tables(folder, 2, monkeypatch)
    assert len(m1) > 2 * N_ARTICLES and len(l1) > 2 * N_ARTICLES  # the texts have names, cues
    assert l1["source"].notna().mean() > 0.5
    pd.testing.assert_frame_equal(m1, m2)
    pd.testing.assert_frame_equal(l1, l2)
    assert sorted(calls1) == [("_chunk_rows", 1), ("_find_sentences", 1)]
    assert sorted(calls2) == [("_chunk_rows", 2), ("_find_sentences", 2)]


def test_one_process_below_the_break_even(tmp_path, monkeypatch):
    for name, text in list(_articles(20).items()):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    _, led, calls = _tables(tmp_path, 2, monkeypatch)
    assert len(led) > 0
    assert sorted(calls) == [("_chunk_rows", 1), ("_find_sentences", 1)]


class _Corpus:
    def __init__(self, n_jobs, engine=None):
        self.n_jobs, self.engine = n_jobs, engine


def test_workers_for_respects_n_jobs_and_the_minimum():
    assert by_article.workers_for(_Corpus(2), 1000, 200) == 2
    assert by_article.workers_for(_Corpus(None), 1000, 200) == min(2, parallel.cores())
    assert by_article.workers_for(_Corpus(1), 1000, 200) == 1
    assert by_article.workers_for(_Corpus(2), 199, 200) == 1
    assert by_article.workers_for(_Corpus(2, engine=object()), 1000, 200) == 1
    with pytest.raises(ValueError, match="n_jobs"):
        by_article.workers_for(_Corpus(0), 1000, 200)


def _spans(state, a: int, b: int) -> list:
    return [(a, b, os.getpid(), state["value"])]


def test_map_ranges_in_order_on_workers_that_inherit_the_state():
    # a lock cannot be pickled: the state reaches the workers only by being inherited
    state = {"value": 7, "lock": threading.Lock()}
    parts = by_article.map_ranges(_spans, state, 1000, 2)
    assert parts[0][0] == 0 and parts[-1][1] == 1000
    assert all(p[1] == q[0] for p, q in zip(parts, parts[1:], strict=False))
    assert {p[3] for p in parts} == {7}
    assert os.getpid() not in {p[2] for p in parts}
    assert not by_article._SHARED  # released after the run
    assert by_article.map_ranges(_spans, state, 10, 1) == [(0, 10, os.getpid(), 7)]


def _fails(state, a: int, b: int) -> list:
    raise RuntimeError(f"chunk {a}:{b}")


def test_a_worker_error_reaches_the_caller_and_the_state_is_released():
    with pytest.raises(RuntimeError, match="chunk"):
        by_article.map_ranges(_fails, {}, 500, 2)
    assert not by_article._SHARED


def test_no_gc_pauses_and_restores():
    assert gc.isenabled()
    with by_article.no_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), by_article.no_gc():
        raise KeyError("x")
    assert gc.isenabled()
    gc.disable()
    try:
        with by_article.no_gc():
            pass
        assert not gc.isenabled()  # left off as it was
    finally:
        gc.enable()
