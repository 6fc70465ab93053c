"""The display forms' counts taken a chunk of token rows at a time
(:func:`~corpus_utils.stats.display.word_form_counts`, which keeps no temporary as long as
the token table) must be the table of the old construction: every word's row masked out
of the whole table, its sentence starts found on the words, ``form_counts`` on those.
Expected tables are counted here by a plain loop over made-up tokens."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corpus_utils.stats import display


def _tokens(seed: int, rows: int = 5_000, two_norms: bool = False):
    rng = np.random.default_rng(seed)
    n_tok, n_norm = 300, 120
    surface = np.array([f"T{i}" if i % 3 else f"t{i}" for i in range(n_tok)], dtype=object)
    norms = np.array([f"n{i}" for i in range(n_norm)], dtype=object)
    norm_of_token = rng.integers(0, n_norm, n_tok)
    token = rng.integers(0, n_tok - 5, rows)  # the last tokens never used
    norm = norm_of_token[token]
    if two_norms:
        norm[::53] = (norm[::53] + 1) % n_norm
    doc = np.sort(rng.integers(0, 40, rows)).astype(np.int16)
    sent = np.zeros(rows, np.int32)
    for i in range(1, rows):  # sentences numbered within each document
        sent[i] = 0 if doc[i] != doc[i - 1] else sent[i - 1] + (rng.random() < 0.08)
    punct = rng.random(rows) < 0.3
    punct[100:180] = True  # a run of punctuation over a chunk's edge
    actor = rng.random(rows) < 0.05
    return doc, sent, punct, norm, norms, token, surface, actor


def _by_loop(doc, sent, punct, norm, norms, token, surface, actor):
    """The counts per (norm, token) pair and the actor norms, one row at a time."""
    counts: dict[tuple[str, str], list[int]] = {}
    actors = set()
    last = None
    for i in range(len(doc)):
        if punct[i]:
            continue
        first = last is None or last != (doc[i], sent[i])
        last = (doc[i], sent[i])
        if actor[i]:
            actors.add(norms[norm[i]])
            continue
        c = counts.setdefault((norms[norm[i]], surface[token[i]]), [0, 0])
        c[1 if first else 0] += 1
    return counts, actors


def _as_dict(table: pd.DataFrame):
    return {
        (r.norm, r.token): [int(r.inner), int(r.initial)] for r in table.itertuples(index=False)
    }


@pytest.mark.parametrize("chunk", [1, 7, 64, 999, 1 << 20])
@pytest.mark.parametrize("two_norms", [False, True])
def test_chunked_counts_equal_the_whole_table_counts(chunk, two_norms):
    cols = _tokens(3 if two_norms else 4, two_norms=two_norms)
    got, actors = display.word_form_counts(*cols, chunk=chunk)
    counts, want_actors = _by_loop(*cols)
    assert _as_dict(got) == counts
    assert sorted(actors) == sorted(want_actors)
    assert list(got.columns) == ["norm", "token", "inner", "initial"]
    # and row for row (order and dtypes) the old construction's table
    doc, sent, punct, norm, norms, token, surface, actor = cols
    w = ~punct
    old, old_actors = display.form_counts(
        norm[w], norms, token[w], surface, display.sentence_starts(doc[w], sent[w]), actor[w]
    )
    pd.testing.assert_frame_equal(got, old)
    assert list(actors) == list(old_actors)
    assert display.choose_forms(got, actors).equals(display.choose_forms(old, old_actors))


def test_chunked_counts_of_no_words():
    doc = np.zeros(4, np.int16)
    cols = (doc, doc, np.ones(4, bool), doc, np.array(["a"], object), doc,
            np.array(["a"], object), np.zeros(4, bool))  # fmt: skip
    got, actors = display.word_form_counts(*cols, chunk=2)
    assert got.empty and len(actors) == 0


def test_chunk_must_be_positive():
    with pytest.raises(ValueError, match="chunk"):
        display.word_form_counts(*_tokens(5, rows=10), chunk=0)
