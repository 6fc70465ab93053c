"""The load stage's whole-body and whole-array shortcuts give what the one-by-one way gives.

Sentence keys hashed for a body's sentences at once, shingle words found by a code
point table rather than a regular expression, pattern literals looked up from a body's
two-character pieces: each is compared with the function it replaces on every body of
the shared corpora and on random text (white space, digits, NUL, case-changing and
non-BMP characters, lone surrogates).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.prepare import boilerplate

BBC = paths.SHARED_CORPORA / "bbc"
FAKES = paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv"
needs_shared = pytest.mark.skipif(
    not (BBC.is_dir() and FAKES.is_file()), reason="../shared/corpora is not beside the project"
)

# text that exercises the folding: white space of every kind, digits of other scripts,
# characters whose case folding is longer (ß, ŉ, ﬁ), İ, NUL, astral characters
ODD = st.text(
    alphabet=st.sampled_from(
        list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000\u200b")
        + list("aZ09٣۵߁.,!?'\"|©-")
        + list("ßŉﬁİıſKΣς\x00")
        + ["\U0001f600", "\U00010400"]
    ),
    max_size=60,
)


@functools.cache
def _shared_bodies() -> tuple[str, ...]:
    texts = list(cu.load_corpus("data/articles", progress=False).docs["text"])
    if FAKES.is_file():
        texts += list(pd.read_csv(FAKES)["article_content"].astype(str))
    if BBC.is_dir():
        files = sorted(BBC.rglob("*.txt"))
        texts += [p.read_bytes().decode("utf-8", errors="replace") for p in files]
    return tuple(texts)


def _one_by_one_keys(body: str, spans: list[tuple[int, int]], group: str) -> list[int]:
    return [boilerplate.segment_key(body[a:b], group) for a, b in spans]


# ---------------------------------------------------------------- sentence keys


def test_segment_keys_by_hand():
    body = "Follow  us\ton Twitter.\n\nDay 12 of ２０.  \u00a0"
    spans = [(0, 22), (24, len(body))]
    keys = boilerplate.segment_keys(body, spans, "bbc")
    assert keys.dtype == np.uint64
    assert keys.tolist() == _one_by_one_keys(body, spans, "bbc")
    # the normalised forms the keys hash: single spaces, digits as 0, folded
    assert boilerplate.normalise(body[24:]) == "day 0 of 0."
    assert keys[0] == boilerplate.segment_key("follow us on twitter.", "bbc")
    assert keys[0] != boilerplate.segment_key("follow us on twitter.", "trt")  # per group
    assert boilerplate.segment_keys(body, [], "bbc").tolist() == []


def test_segment_keys_with_a_nul_in_the_body():
    body = "A\x00B 1.\x00 two 3"
    spans = [(0, 6), (6, 13), (0, 0)]
    assert boilerplate.segment_keys(body, spans, "").tolist() == _one_by_one_keys(body, spans, "")


@settings(max_examples=400, deadline=None)
@given(texts=st.lists(ODD, min_size=1, max_size=6), group=ODD)
def test_segment_keys_equal_one_by_one_on_random_text(texts, group):
    body = "".join(texts)
    spans, pos = [], 0
    for t in texts:
        spans.append((pos, pos + len(t)))
        pos += len(t)
    assert boilerplate.segment_keys(body, spans, group).tolist() == _one_by_one_keys(
        body, spans, group
    )


@needs_shared
def test_segment_keys_equal_one_by_one_on_the_shared_corpora():
    n = 0
    for body in _shared_bodies():
        spans = list(boilerplate.sentence_segments(body))
        assert boilerplate.segment_keys(body, spans, "g").tolist() == _one_by_one_keys(
            body, spans, "g"
        )
        n += len(spans)
    assert n > 50_000
