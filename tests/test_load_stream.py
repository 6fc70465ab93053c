"""The load stage while the inputs are still read (stop 16).

On two or more local processes the builder sends each chunk to a worker as soon as it is
queued, instead of reading every input (or 20,000 of them) first; chunks come back and
are recorded in input order. Near-duplicates are found as the second pass returns each
article (``duplicates.NearDuplicates``), not in a pass over the whole corpus afterwards.
Both must decide exactly what the batch forms decide.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from test_load_passes import _stories, _tables

import corpus_utils as cu
from corpus_utils.prepare import builder
from corpus_utils.prepare.duplicates import (
    NearDuplicates,
    fingerprint,
    near_duplicates,
    signature,
)


def _table(tmp_path, texts):
    path = tmp_path / "scrape.csv"
    pd.DataFrame(
        {
            "id": [f"a{i:04d}" for i in range(len(texts))],
            "outlet": ["Example News" if i % 2 else "Other Times" for i in range(len(texts))],
            "text": texts,
        }
    ).to_csv(path, index=False)
    return path


def test_chunks_go_to_the_workers_while_the_table_is_still_read(tmp_path, monkeypatch):
    """With 2 processes the first chunks are recorded before the last row is queued,
    and the tables equal a one-process load."""
    texts = _stories(230)
    texts += [texts[7], texts[8] + " One more sentence at the end of it."]  # copies
    path = _table(tmp_path, texts)
    queued_at_record = []
    real_add, real_collect = builder._Builder.add, builder._Builder._collect

    def add(self, *args, **kwargs):
        self.queued = getattr(self, "queued", 0) + 1
        return real_add(self, *args, **kwargs)

    def collect(self, most):
        before = len(self.docs)
        real_collect(self, most)
        if len(self.docs) > before:
            queued_at_record.append(self.queued)

    monkeypatch.setattr(builder._Builder, "add", add)
    monkeypatch.setattr(builder._Builder, "_collect", collect)
    two = cu.load_corpus(path, n_jobs=2, progress=False, cache=False)
    assert queued_at_record and min(queued_at_record) < len(texts)  # before reading ended
    monkeypatch.undo()
    one = cu.load_corpus(path, n_jobs=1, progress=False, cache=False)
    assert len(two) == len(one) > 200
    for a, b in zip(_tables(two).values(), _tables(one).values(), strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    statuses = two.report.set_index("doc_id")["status"]
    assert statuses["a0230"] == "duplicate"  # texts[7] again


def test_a_read_error_after_chunks_were_sent_lets_the_workers_go(tmp_path, monkeypatch):
    """An error raised while rows are still queued (chunks in flight) reaches the caller,
    and the worker processes end."""
    path = _table(tmp_path, _stories(230))
    made = []
    real_send = builder._Builder._send

    def send(self, size, workers):
        real_send(self, size, workers)
        made.append(self)
        if len(made) == 2:
            raise RuntimeError("the disk went away")

    monkeypatch.setattr(builder._Builder, "_send", send)
    with pytest.raises(RuntimeError, match="the disk went away"):
        cu.load_corpus(path, n_jobs=2, progress=False, cache=False)
    assert made and len(made[0]._slots) == 0 and not made[0]._inflight


def _edited(rng: random.Random, words: list[str]) -> list[str]:
    out = list(words)
    for _ in range(rng.randrange(0, 4)):  # 0 to 3 words changed: Jaccard near 0.8
        out[rng.randrange(len(out))] = rng.choice(["alpha", "beta", "gamma", "delta"])
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_near_duplicates_one_at_a_time_equal_the_whole_list(seed):
    """NearDuplicates fed in order, with skips, gives the rows near_duplicates gives on
    the whole list: exact (shingles given, or found from the texts) and estimated."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(300)]
    bases = [[rng.choice(vocab) for _ in range(rng.randrange(40, 160))] for _ in range(25)]
    texts, skip = [], []
    for _ in range(120):
        words = _edited(rng, rng.choice(bases)) if rng.random() < 0.6 else bases[0][:0]
        if not words:
            words = [rng.choice(vocab) for _ in range(rng.randrange(0, 60))]
        texts.append(" ".join(words))
        skip.append(rng.random() < 0.1)
    ids = [f"d{i}" for i in range(len(texts))]
    prints = [fingerprint(t) for t in texts]
    hvs = [np.asarray(p[0]) for p in prints]
    given = [p[1] for p in prints]
    whole = near_duplicates(ids, texts, skip=skip)
    assert len(whole) > 5 and whole["similarity"].lt(1).any()  # not only exact copies
    for exact, shingles, of in ((True, given, None), (True, None, "texts"), (False, None, None)):
        near = NearDuplicates(
            exact=exact,
            shingles_of=(lambda i: fingerprint(texts[i])[1]) if of else None,
        )
        for i, doc in enumerate(ids):
            near.add(doc, hvs[i], None if shingles is None else shingles[i], skip=skip[i])
        want = (
            whole if exact else near_duplicates(ids, hashvalues=[signature(t) for t in texts],
                                                 skip=skip)
        )  # fmt: skip
        pd.testing.assert_frame_equal(near.frame(), want, check_exact=True)


def test_an_exact_check_without_shingles_is_a_clear_error():
    near = NearDuplicates(exact=True)
    with pytest.raises(TypeError, match="shingles"):
        near.add("a", signature("one two three four five six seven"))
