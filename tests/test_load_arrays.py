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
from corpus_utils.prepare import boilerplate, clean, duplicates, literals

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


@pytest.mark.parametrize(
    "text", ["", "0", "no digits", "1 2 3", "a100b 007 x9", "12\x0034", "٣ and 12", "1٣2 ９"]
)
def test_digits_become_one_zero_a_run(text):
    assert boilerplate._digits_as_zero(text) == boilerplate._DIGITS.sub("0", text)


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


# ---------------------------------------------------------------- shingle words


def _shingles_long_way(text: str, size: int = duplicates.SHINGLE) -> np.ndarray:
    """shingle_hashes as it was: the words by the regular expression, each word's code
    points hashed in the words joined by NUL."""
    words = duplicates._words(text)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    lens = np.array([len(w) for w in words], dtype=np.int64)
    ends = np.cumsum(lens + 1) - 1
    starts = ends - lens
    codes = np.frombuffer("\x00".join(words).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    up, down = duplicates._powers(1 << int(len(codes) + 1).bit_length())
    with np.errstate(over="ignore"):
        prefix = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(codes * up[: len(codes)])])
        h = duplicates._mix64(
            ((prefix[ends] - prefix[starts]) * down[starts]) ^ lens.astype(np.uint64)
        )
        k = min(size, len(words))
        m = len(words) - k + 1
        s = np.zeros(m, dtype=np.uint64)
        for t in range(k):
            s += h[t : t + m] * duplicates._SHINGLE_MULT[t]
        s = duplicates._mix64(s + np.uint64(k))
    return (s >> np.uint64(32)).astype(np.uint32)


def test_the_word_table_is_what_the_regular_expression_matches():
    table = duplicates._is_word_char()
    assert table[ord("a")] and table[ord("_")] and table[ord("٣")] and table[0x1D400]
    assert not table[ord(" ")] and not table[ord("-")] and not table[0xD800]
    some = "".join(chr(c) for c in range(0, 0x110000, 7))
    marks = np.zeros(len(some), dtype=bool)
    for m in duplicates._WORD.finditer(some):
        marks[m.start() : m.end()] = True
    assert np.array_equal(table[np.array([ord(c) for c in some])], marks)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "...",
        "one",
        "One two three four five six",
        "İstanbul ŞEHİR ß ǅ ﬁne",  # lower() changes the length
        "tail without end " * 400 + "x" * 50,  # beyond the 3,000-word and 36,000-char cuts
        "a\ud800b c\udfffd e f g",  # lone surrogates are not word characters
        "\U0001d400\U0001d401 two three four five",
    ],
)
def test_shingle_hashes_by_hand(text):
    assert np.array_equal(duplicates.shingle_hashes(text), _shingles_long_way(text))
    for size in (1, 3, 8):
        assert np.array_equal(duplicates.shingle_hashes(text, size), _shingles_long_way(text, size))


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_shingle_hashes_equal_the_long_way_on_random_text(text):
    assert np.array_equal(duplicates.shingle_hashes(text), _shingles_long_way(text))


@needs_shared
def test_shingle_hashes_equal_the_long_way_on_the_shared_corpora():
    bodies = _shared_bodies()
    assert len(bodies) > 3000
    for body in bodies:
        assert np.array_equal(duplicates.shingle_hashes(body), _shingles_long_way(body))


# ---------------------------------------------------------------- pattern literals


def _find_all(text: str, literal: str) -> list[int]:
    out, q = [], text.find(literal)
    while q >= 0:
        out.append(q)
        q = text.find(literal, q + 1)
    return out


def _occurrences_long_way(index: literals.LiteralIndex, text: str) -> dict[str, list[int]]:
    lits = {x for needs in index.needs for x in needs}
    return {x: _find_all(text, x) for x in sorted(lits) if x in text}


def _sorted(found: dict[str, list[int]]) -> dict[str, list[int]]:
    return {k: sorted(v) for k, v in sorted(found.items())}


def test_literal_index_by_hand():
    index = literals.LiteralIndex([("aaa", "ab"), (), ("©", "the thomson reuters trust")])
    text = "aaaaab © x. the thomson reuters trust"
    assert _sorted(index.occurrences(text)) == {
        "aaa": [0, 1, 2],  # overlapping occurrences too
        "ab": [4],
        "©": [7],
        "the thomson reuters trust": [12],
    }
    # the pattern without literals may match every sentence; the others where theirs stand
    assert index.by_sentence(text, [0, 9], [11, 37]) == {0: [0, 1, 2], 1: [1, 2]}
    assert index.by_sentence(text, [0, 4], [3, 6]) == {0: [0, 1], 1: [0, 1]}  # "aaa" in 0; "ab"
    assert literals.LiteralIndex([("xyz",)]).by_sentence("", [], []) == {}


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("abc d©\U0001f600İ")), max_size=80),
    lits=st.lists(st.text(alphabet=st.sampled_from(list("abc d©\U0001f600")), min_size=1,
                          max_size=5), min_size=1, max_size=6),
)  # fmt: skip
def test_literal_index_finds_every_occurrence_on_random_text(text, lits):
    index = literals.LiteralIndex([tuple(lits[:3]), tuple(lits[3:])])
    assert _sorted(index.occurrences(text)) == _occurrences_long_way(index, text)


@needs_shared
def test_literal_index_finds_every_occurrence_on_the_shared_corpora():
    index = boilerplate._literal_index()
    n = 0
    for body in _shared_bodies():
        view = boilerplate.literal_view(body)
        found = _sorted(index.occurrences(view))
        assert found == _occurrences_long_way(index, view)
        n += sum(map(len, found.values()))
    assert n > 10_000


# ---------------------------------------------------------------- cleaning rules


def _rule_long_way(para: str, only_paragraph: bool):
    """clean._paragraph_rule with every rule's regex searched (no literal test)."""
    none = dict.fromkeys(clean._caseless_needs(), ())
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(clean, "_caseless_needs", lambda: none)
        return clean._paragraph_rule(para, only_paragraph=only_paragraph)


def test_the_caseless_literal_test_by_hand():
    assert clean._caseless_needs()["photo_credit"] == ("/",)
    credit = "Soldiers stand guard near the border crossing on Tuesday Reuters/Ammar Abdullah"
    assert clean._paragraph_rule(credit, only_paragraph=False).rule == "photo_credit"
    no_slash = credit.replace("/", " ")
    assert clean._paragraph_rule(no_slash, only_paragraph=False) is None
    assert _rule_long_way(no_slash, False) is None


@needs_shared
def test_cleaning_rules_decide_as_the_long_way_on_the_shared_corpora():
    n = fired = 0
    for body in _shared_bodies():
        raw = clean.normalise_newlines(body)
        for a, b in clean.raw_paragraph_spans(raw):
            para = raw[a:b]
            for only in (False, True):
                want = _rule_long_way(para, only)
                assert clean._paragraph_rule(para, only_paragraph=only) == want, para
                fired += want is not None
            n += 1
    assert n > 10_000 and fired >= 3, (n, fired)  # FA-KES photo credits and captions


# ---------------------------------------------------------------- LSH bands


@pytest.mark.parametrize(
    "hv",
    [
        duplicates.signature("one two three four five six seven"),
        np.arange(64, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15),  # datasketch's dtype
        np.arange(128, dtype=np.uint32)[::2],  # not contiguous
    ],
)
def test_band_buckets_are_each_bands_bytes(hv):
    bands = duplicates.Bands(0.5, 64)
    r = bands.r
    assert bands._buckets(hv) == [hv[k * r : (k + 1) * r].tobytes() for k in range(bands.b)]


# ---------------------------------------------------------------- remembered learning


@pytest.mark.parametrize(
    ("text", "group", "named", "want"),
    [
        ('He said "the convoy was hit twice" on Monday.', "", True, None),
        ("he said.", "", True, ""),
        ("SSH 11", "", True, "edge"),
        ("Home | News | Sport | Weather", "", True, "any"),
        ("Asharq Al-Awsat is the world's premier pan-Arab daily newspaper.", "asharqalawsat",
         True, "edge"),
        ("Asharq Al-Awsat is the world's premier pan-Arab daily newspaper.", "asharqalawsat",
         False, ""),
        ("Local sources told SANA that shells fell on the town of Douma.", "sana", True, ""),
        ("The ministry said the convoy had been hit twice on Tuesday.", "", True, ""),
    ],
)  # fmt: skip
def test_learn_by_hand_asked_twice(text, group, named, want):
    before = boilerplate._learn_form.cache_info()
    for _ in range(2):  # the second answer comes from the memo
        assert boilerplate._learn(text, group, lambda: named) == want
    assert boilerplate._learn_form.cache_info().hits >= before.hits + 1
    long = text + " x" * boilerplate.LEARN_MEMO_CHARS  # past the memo's length: not kept
    before = boilerplate._learn_form.cache_info()
    boilerplate._learn(long, group, lambda: named)
    after = boilerplate._learn_form.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)
