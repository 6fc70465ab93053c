"""The tokens stage's main process: chunk tables joined as they arrive (ChunkJoin),
jobs taken as they finish (run_chunks_as_done), punctuation flags of a vocabulary at
once (punct_flags), and the voices stage reading the kept quote scan."""

from __future__ import annotations

import random
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_utils.prepare import parallel, tokenization, voices


def _chunk(rng: random.Random, n: int, vocab: list[str]) -> pd.DataFrame:
    """A chunk table as base_tables makes one: sorted categoricals of the values used,
    some missing, and int32 columns."""
    words = [rng.choice(vocab) if rng.random() > 0.15 else None for _ in range(n)]
    actors = [rng.choice(["SDF", "ISIS"]) if rng.random() < 0.05 else None for _ in range(n)]
    codes, uniques = pd.factorize(pd.Series(words, dtype=object))
    a_codes, a_uniques = pd.factorize(pd.Series(actors, dtype=object))
    return pd.DataFrame(
        {
            "token": tokenization.categorical(codes.astype(np.int32), list(uniques)),
            "start": np.array([rng.randrange(10**6) for _ in range(n)], dtype=np.int32),
            "actor": tokenization.categorical(a_codes.astype(np.int32), list(a_uniques)),
        }
    )


@pytest.mark.parametrize("seed", range(8))
def test_chunks_joined_in_any_order_equal_concat_tables_in_chunk_order(seed):
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(rng.randrange(1, 400))] + ["Z", "a", "\u00e9", "", "--"]
    sizes = [rng.randrange(0, 300) for _ in range(rng.randrange(1, 8))]
    chunks = [_chunk(rng, n, vocab) for n in sizes]
    expected = tokenization.concat_tables([c.copy() for c in chunks])
    join = tokenization.ChunkJoin()
    arrival = list(range(len(chunks)))
    rng.shuffle(arrival)
    for k in arrival:
        join.add(k, chunks[k].copy())
    got = join.table()
    pd.testing.assert_frame_equal(got, expected)
    for col in ("token", "actor"):  # the code width too, not only the values
        assert got[col].array.codes.dtype == expected[col].array.codes.dtype
        assert got[col].cat.categories.is_monotonic_increasing


def test_chunks_joined_by_hand():
    join = tokenization.ChunkJoin()
    join.add(1, pd.DataFrame({"t": pd.Categorical(["b", "a"]), "n": np.array([3, 4], np.int32)}))
    join.add(0, pd.DataFrame({"t": pd.Categorical([None, "c"]), "n": np.array([1, 2], np.int32)}))
    got = join.table()
    assert got["t"].tolist()[1:] == ["c", "b", "a"] and pd.isna(got["t"].iloc[0])
    assert got["t"].cat.categories.tolist() == ["a", "b", "c"]
    assert got["n"].tolist() == [1, 2, 3, 4] and got["n"].dtype == np.int32


def test_one_chunk_is_kept_as_it_is():
    table = pd.DataFrame({"t": pd.Categorical(["x"]), "n": [1]})
    join = tokenization.ChunkJoin()
    join.add(0, table)
    assert join.table() is table


def test_chunk_join_refuses_gaps_repeats_and_mixed_columns():
    t = pd.DataFrame({"t": pd.Categorical(["x"]), "n": [1]})
    join = tokenization.ChunkJoin()
    join.add(0, t.copy())
    join.add(2, t.copy())
    with pytest.raises(ValueError, match="without gaps"):
        join.table()
    join = tokenization.ChunkJoin()
    join.add(0, t.copy())
    join.add(1, t.copy())
    with pytest.raises(ValueError, match="given twice"):
        join.add(1, t.copy())
    join = tokenization.ChunkJoin()
    join.add(0, t.copy())
    with pytest.raises(TypeError, match="categorical in some chunks only"):
        join.add(1, t.assign(t="x"))
    with pytest.raises(ValueError, match="no tables"):
        tokenization.ChunkJoin().table()


def _slow_square(x: int, delay: float) -> int:
    import time

    time.sleep(delay)
    return x * x


def test_run_chunks_as_done_gives_every_result_once_numbered_by_its_job():
    jobs = [(x, 0.3 if x == 0 else 0.0) for x in range(7)]
    got = list(parallel.run_chunks_as_done(_slow_square, jobs, 2))
    assert sorted(got) == [(k, k * k) for k in range(7)]
    # the slow first job does not hold back the ones after it
    assert [k for k, _ in got].index(0) > 0


def test_run_chunks_as_done_in_one_process_is_in_order_and_raises_the_jobs_error():
    assert list(parallel.run_chunks_as_done(pow, [(2, 3), (3, 2)], 1)) == [(0, 8), (1, 9)]
    with pytest.raises(ValueError):
        list(parallel.run_chunks_as_done(int, [("12",), ("twelve",)], 2))


_CHARS = st.characters(codec="utf-8")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_CHARS, max_size=6), max_size=40))
def test_punct_flags_equal_is_punct(tokens):
    assert tokenization.punct_flags(tokens).tolist() == [tokenization.is_punct(t) for t in tokens]


def test_punct_flags_on_every_code_point_category():
    points = [c for c in range(0, 0x110000, 7) if not 0xD800 <= c < 0xE000] + [0xD800]
    tokens = [chr(c) for c in points]
    expected = [unicodedata.category(t)[0] in "PS" for t in tokens]
    assert tokenization.punct_flags(tokens).tolist() == expected
    assert tokenization.punct_flags([]).tolist() == []


def test_token_voices_reads_the_kept_scan_and_cuts_no_quote_text(corpus, monkeypatch):
    toks = corpus.tokens()
    cut = []
    monkeypatch.setattr(voices, "_with_text", lambda c, q: cut.append(len(q)) or q)
    got = voices.token_voices(corpus, toks)
    assert cut == []  # no quote's text was cut from the articles for it
    monkeypatch.undo()
    # a token's voice, by hand: the top-level span holding its start, if any
    top = voices.quotes(corpus, nested=False)
    spans: dict[str, list[tuple[int, int, str, int]]] = {}
    for q in top.itertuples(index=False):
        spans.setdefault(q.doc_id, []).append((q.start, q.end, q.kind, q.quote_id))
    voice, qid, name = [], [], []
    for d, a in zip(toks["doc_id"].astype(str), toks["start"].tolist(), strict=True):
        hit = [s for s in spans.get(d, []) if s[0] <= a < s[1]]
        assert len(hit) <= 1
        kind = hit[0][2] if hit else None
        voice.append(kind if kind in ("quote", "partial") else "narration")
        qid.append(hit[0][3] if hit else None)
        name.append(kind == "name")
    assert {"quote", "narration"} <= set(voice)
    assert got["voice"].tolist() == voice
    assert [None if pd.isna(x) else int(x) for x in got["quote_id"]] == qid
    assert got["is_name"].tolist() == name
