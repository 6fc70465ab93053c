"""The token table's batch path (sentences joined, one regex pass) against the reference
path: ``word_spans`` one sentence at a time, and NLTK itself."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize import NLTKWordTokenizer

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.prepare import tokenization, treebank
from corpus_utils.prepare.tokenization import word_spans

FAKES = paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv"
BBC = paths.SHARED_CORPORA / "bbc"


def _batch(sents: list[str]) -> list[list[tuple[int, int, str]]]:
    """Each sentence's ``(start, end, token)`` from the batch path."""
    code: dict[str, int] = {}
    start, end, counts, codes = treebank._batch_tokens(sents, code)
    values = list(code)
    out, i = [], 0
    for n in counts.tolist():
        out.append(
            [
                (int(a), int(b), values[c])
                for a, b, c in zip(start[i : i + n], end[i : i + n], codes[i : i + n], strict=True)
            ]  # fmt: skip
        )
        i += n
    return out


def _reference(sents: list[str]) -> list[list[tuple[int, int, str]]]:
    return [[(a, b, s[a:b]) for a, b in word_spans(s)] for s in sents]


def _assert_same(sents: list[str]) -> None:
    got, expected = _batch(sents), _reference(sents)
    different = [s for s, g, e in zip(sents, got, expected, strict=True) if g != e]
    assert not different[:5]


_PIECES = st.sampled_from(
    list("asdntIS9.'\"-:,;) (]}?!*\n\t\u00a0\u3000\u00bb\u201d\u201c\u2019\u2018\u00e9`")
    + ["'s", "'S", "'m", "'d", "n't", "N'T", "'ll", "'re", "'ve", "..", "--", "''", "cannot"]
    + ["U.S.", "won\u2019t", "Syria's", "\u0130", " . ", "gonna", "'tis", "a.", ",,", "::"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=14).map("".join), max_size=8))
def test_batch_tokens_equal_word_spans_sentence_by_sentence(sents):
    """Several sentences at once, dense in what the rules treat by hand: final periods
    before closing quotes, clitics, curly apostrophes, white space of every kind at
    either end, sentences left to NLTK (backticks, ``''``, ``cannot``), empty ones."""
    _assert_same(sents)


def test_batch_tokens_by_hand():
    sents = [
        "ISIS's fighters won\u2019t leave the U.S.-led zone.",
        "He cannot go.",  # left to NLTK
        "",
        '"We won," he said.  ',
        "Rock 'n' roll\u2019s 'best' year.",
    ]
    _assert_same(sents)
    got = _batch(sents)
    assert [t for _, _, t in got[0]][-3:] == ["U.S.-led", "zone", "."]
    assert [t for _, _, t in got[1]] == ["He", "can", "not", "go", "."]
    assert got[2] == []


def test_batch_tokens_fall_back_when_the_pretokens_miss_characters(monkeypatch):
    """Were a pattern to leave a non-space character out of every pre-token, offsets
    from lengths would be wrong: the batch is then tokenized sentence by sentence."""
    monkeypatch.setattr(treebank, "_PRE_TOKEN_AFTER_SPACE", re.compile(r"\s*+(\w+)"))
    sents = ["The end, they said.", "Another one (here)."]
    assert treebank._joined_spans(sents) is None
    _assert_same(sents)


def test_every_white_space_character_is_below_the_limit():
    """``_is_space`` covers code points below SPACE_LIMIT; none above it is white space
    (Python's own ``str.isspace``, which ``re``'s ``\\s`` follows)."""
    limit = treebank.SPACE_LIMIT
    assert not any(chr(c).isspace() for c in range(limit, 0x110000))
    table = treebank._is_space()
    assert [c for c in range(limit) if table[c]] == [c for c in range(limit) if chr(c).isspace()]
    assert not table[limit]


@pytest.mark.skipif(
    not (FAKES.is_file() and BBC.is_dir()), reason="../shared/corpora is not beside the project"
)
def test_batch_tokens_equal_word_spans_on_the_shared_corpora(corpus):
    """Every sentence of the seed articles, BBC and FA-KES, in batches as the token
    table makes them, against ``word_spans`` one sentence at a time (itself checked
    against NLTK on the same sentences in test_tokenization.py)."""
    sentences = corpus.sentences["text"].tolist()
    for source in (BBC, FAKES):
        sentences += cu.load_corpus(source).sentences["text"].tolist()
    assert len(sentences) > 50_000
    size = 0
    batch: list[str] = []
    for s in sentences:
        batch.append(s)
        size += len(s)
        if size >= treebank.BATCH_CHARS:
            _assert_same(batch)
            batch, size = [], 0
    _assert_same(batch)


def test_a_token_table_is_the_same_in_any_batch_size(corpus, monkeypatch):
    """Batches are a working-memory bound only: tiny batches give the same table."""
    texts = {d: corpus.text_of(d) for d in corpus.docs["doc_id"]}
    sents = corpus.sentences
    expected = tokenization.base_tables(texts, sents)[True]
    monkeypatch.setattr(treebank, "BATCH_CHARS", 50)
    got = tokenization.base_tables(texts, sents)[True]
    assert got.equals(expected)
    assert np.array_equal(got["start"].to_numpy(), expected["start"].to_numpy())


def test_the_contraction_words_are_what_the_pattern_matches():
    """The batch path finds contractions by their words; the per-sentence test by its
    pattern. Each word is a match, and the pattern matches nothing the words miss."""
    words = treebank._CONTRACTION_WORDS
    assert all(treebank._CONTRACTIONS_LOWER.fullmatch(w) for w in words)
    alternatives = treebank._CONTRACTIONS.replace("'t(?:is|was)", "'tis|'twas").split("|")
    assert sorted(alternatives) == sorted(words)


def test_a_final_period_before_a_curly_closing_quote_is_cut_as_nltk_cuts_it():
    # found by the hypothesis test above (``a.\u2019``): the batch path read the final
    # period rule on the text with its curly apostrophes, NLTK and the reference on the
    # straightened text
    sents = ["He said a.\u2019", "She called it \u2018absurd.\u2019", "It ended.\u2019 \u2019"]
    _assert_same(sents)
    assert [t for _, _, t in _batch(sents)[1]][-3:] == ["absurd", ".", "\u2019"]
    nltk_tokens = NLTKWordTokenizer().tokenize(sents[0])
    assert nltk_tokens == ["He", "said", "a", ".", "\u2019"]


def _final_period_reference(sent: str) -> int | None:
    """PUNCTUATION 1 on one sentence, as NLTK's rule reads: the last period, if it is
    not the first character nor follows a period, and only closing brackets, quotes
    and spaces follow it (no ``' "'``: that quote became a `` first)."""
    straight = sent.replace("\u2019", "'").replace("\u2018", "'")
    p = sent.rfind(".")
    if p <= 0 or sent[p - 1] == ".":
        return None
    rest = straight[p + 1 :]
    if re.fullmatch(r"[\])}>\"'»” ]*\s*", rest) is None or ' "' in rest:
        return None
    return p


_FINAL_PIECES = st.sampled_from(["a", ".", " ", ")", '"', "'", "\u2019", "x.", "..", "\t", "b"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_FINAL_PIECES, max_size=6).map("".join), max_size=8))
def test_final_periods_of_joined_sentences_are_each_sentences_own(sents):
    """The final periods found for a batch at once (sentences ending in a period from
    their code points) are those of the rule read sentence by sentence."""
    joined = "\n".join(sents).replace("\u2019", "'").replace("\u2018", "'")
    code_points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    sent_len = np.array([len(s) for s in sents], dtype=np.int64)
    sent_at = np.cumsum(sent_len + 1) - sent_len - 1
    expected = [
        int(at) + p
        for s, at in zip(sents, sent_at, strict=True)
        if (p := _final_period_reference(s)) is not None
    ]
    assert treebank._final_periods(sents, code_points, sent_at, sent_len) == expected


def test_final_periods_by_hand():
    sents = ["It ended.", ".", "", "Wait..", "U.S.", "He left.) ", "a.b", 'x. "y']
    joined = "\n".join(sents)
    code_points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    sent_len = np.array([len(s) for s in sents], dtype=np.int64)
    sent_at = np.cumsum(sent_len + 1) - sent_len - 1
    found = treebank._final_periods(sents, code_points, sent_at, sent_len)
    # "It ended." at 8; "U.S." (starts at 20) at 23; "He left.) " (starts at 25) at 32
    assert found == [8, 23, 32]


def test_codes_number_strings_in_order_of_first_appearance():
    """A Codes dict and a plain dict code a batch alike: each new string the next code,
    in order of first appearance, across batches."""
    batches = [["the", "army", "the", "."], ["army", "town", ".", "town"]]
    fast, plain = treebank.Codes(), {}
    got = [treebank._codes_of(b, fast).tolist() for b in batches]
    assert got == [[0, 1, 0, 2], [1, 3, 2, 3]]
    assert [treebank._codes_of(b, plain).tolist() for b in batches] == got
    expected = [("the", 0), ("army", 1), (".", 2), ("town", 3)]
    assert list(fast.items()) == list(plain.items()) == expected
    assert treebank._codes_of([], fast).dtype == np.int32
