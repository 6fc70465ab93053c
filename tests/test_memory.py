"""What the main process keeps while preparing a corpus: no second copy of the texts.

Pickling a ``str`` that is not pure ASCII makes CPython keep a UTF-8 copy of it inside
the object; the chunks sent to worker processes carry their texts as UTF-8 bytes
instead (:class:`~corpus_utils.prepare.parallel.TextsByDoc`, ``TextList``), so the
corpus's texts are the same size after the tokens and voices stages as before.
"""

from __future__ import annotations

import csv
import pickle
import random
import sys

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils.prepare import parallel

ODD = [
    "caf\u00e9 \u201cquoted\u201d, na\u00efve",  # Latin-1 and curly quotes
    "emoji \U0001f600 and \u4e2d\u6587",  # astral and CJK characters
    "a lone surrogate \ud800 here",  # survives: surrogatepass
    "",
    "plain ASCII",
]


def test_texts_by_doc_round_trips_every_string_exactly():
    texts = parallel.TextsByDoc({f"d{i}": t for i, t in enumerate(ODD)})
    back = pickle.loads(pickle.dumps(texts))
    assert type(back) is dict
    assert back == dict(texts)
    assert list(back) == list(texts)


def test_text_list_round_trips_every_string_exactly():
    back = pickle.loads(pickle.dumps(parallel.TextList(ODD)))
    assert type(back) is list
    assert back == ODD


@pytest.mark.parametrize("wrap", ["dict", "list"])
def test_pickling_the_chunk_leaves_no_utf8_copy_in_the_strings(wrap):
    texts = ["".join(["caf\u00e9 \u201cword\u201d "] * 200) + str(i) for i in range(5)]
    before = [sys.getsizeof(t) for t in texts]
    chunk = (
        parallel.TextsByDoc({str(i): t for i, t in enumerate(texts)})
        if wrap == "dict"
        else parallel.TextList(texts)
    )
    pickle.dumps(chunk)
    assert [sys.getsizeof(t) for t in texts] == before


WORDS = (
    "the minister said talks would resume after officials met in the capital on "
    "monday while rebels held the northern town and aid groups warned of shortages"
).split()


def _article(rng: random.Random, i: int) -> str:
    paras = []
    for _ in range(3):
        sents = []
        for _ in range(4):
            words = rng.choices(WORDS, k=12)
            words[0] = words[0].capitalize()
            sents.append(" ".join(words) + ".")
        sents.append(f"\u201cWe will go,\u201d he said of caf\u00e9 {i}.")
        paras.append(" ".join(sents))
    return "\n\n".join(paras)


@pytest.fixture(scope="module")
def non_ascii_corpus(tmp_path_factory) -> cu.Corpus:
    """240 articles with curly quotes: above PARALLEL_MIN_DOCS, so two processes run."""
    rng = random.Random(13)
    path = tmp_path_factory.mktemp("memory") / "scrape.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text", "outlet"])
        for i in range(240):
            w.writerow([f"a{i}", f"Title {i}", _article(rng, i), "Outlet"])
    c = cu.load_corpus(path, n_jobs=2, cache=False, progress=False)
    assert len(c) == 240
    return c


def test_tokens_and_voices_on_two_processes_leave_the_texts_their_size(non_ascii_corpus):
    c = non_ascii_corpus
    assert parallel.n_workers(c.n_jobs, len(c)) == 2
    texts = c.docs["text"].tolist()
    assert all(not t.isascii() for t in texts)
    before = [sys.getsizeof(t) for t in texts]
    assert len(c.tokens()) > 0
    assert (c.tokens(voice=True)["voice"] == "quote").any()
    assert [sys.getsizeof(t) for t in texts] == before


# --- the sentence table: offsets kept, text cut when read ------------------------------


def _fresh(c: cu.Corpus, *, known: bool) -> cu.Corpus:
    """A new corpus over the same tables, with the loader's spans or without (Punkt)."""
    from corpus_utils.corpus import Corpus

    out = Corpus(c.docs, c.report, c.removed, source=c.source)
    out.n_jobs = c.n_jobs
    if known:
        out._known_sentences = {
            d: t[["para_id", "start", "end"]].to_numpy()
            for d, t in c.sentences.groupby("doc_id", sort=False)
        }
    return out


def _punkt_table(c: cu.Corpus):
    from corpus_utils import corpus as corpus_module

    return corpus_module._sentence_frame(c._texts, c.paragraphs)


@pytest.mark.parametrize("n_jobs", [1, 2])
@pytest.mark.parametrize("known", [True, False])
def test_sentences_read_equal_the_punkt_table_and_the_corpus_keeps_no_text(
    non_ascii_corpus, n_jobs, known
):
    c = _fresh(non_ascii_corpus, known=known)
    c.n_jobs = n_jobs
    expected = _punkt_table(non_ascii_corpus)
    pd.testing.assert_frame_equal(c.sentences, expected)
    assert c._held_sentences() is None  # the table read above is gone
    assert "text" not in c._sent_spans.columns
    assert c._known_sentences is None
    pd.testing.assert_frame_equal(c.sentences, expected)  # built again: equal


def test_a_held_sentence_table_is_read_again_and_a_changed_one_changes_nothing(
    non_ascii_corpus,
):
    c = _fresh(non_ascii_corpus, known=True)
    s = c.sentences
    assert c.sentences is s  # held: the same frame
    expected = s.copy()
    s.loc[0, "start"] = 99
    s["end"] += 1
    s["extra"] = 1
    del s
    pd.testing.assert_frame_equal(c.sentences, expected)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_tokens_and_voices_read_offsets_and_build_no_sentence_text(non_ascii_corpus, n_jobs):
    c = _fresh(non_ascii_corpus, known=False)
    c.n_jobs = n_jobs
    toks = c.tokens(voice=True)
    assert c._held_sentences() is None
    assert c._made_sentences is None
    assert "text" not in c._sent_spans.columns
    ref = non_ascii_corpus.tokens(voice=True)
    pd.testing.assert_frame_equal(toks, ref)
    pd.testing.assert_frame_equal(c.sentences, _punkt_table(non_ascii_corpus))


# --- token chunks joined without a second copy of the categorical codes ---------------


@pytest.mark.parametrize("seed", range(6))
def test_joined_categoricals_equal_pandas_union_categoricals(seed):
    from corpus_utils.prepare import tokenization

    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(300)] + ["Z", "a", "\u00e9"]

    def part(n: int) -> pd.DataFrame:
        words = [rng.choice(vocab) if rng.random() > 0.1 else None for _ in range(n)]
        return pd.DataFrame({"t": pd.Categorical(words), "n": list(range(n))})

    sizes = [rng.randrange(0, 400) for _ in range(rng.randrange(2, 7))]
    made = [part(n) for n in sizes]
    expected = pd.api.types.union_categoricals([p["t"].array for p in made], sort_categories=True)
    joined = tokenization.concat_tables([p.copy() for p in made], consume=True)
    got = joined["t"].array
    pd.testing.assert_index_equal(got.categories, expected.categories)
    assert got.codes.dtype == expected.codes.dtype
    assert got.codes.tolist() == expected.codes.tolist()
    assert joined["n"].tolist() == [i for n in sizes for i in range(n)]


def test_the_kept_quote_scan_has_no_text_and_quotes_cut_it_from_the_articles(
    non_ascii_corpus,
):
    from corpus_utils.prepare import voices

    c = non_ascii_corpus
    q = voices.quotes(c)
    assert "text" not in voices._kept_scan(c).quotes.columns
    assert list(q.columns) == voices.QUOTE_COLUMNS
    assert len(q) >= 240  # one quotation an article at least
    cut = [c.text_of(d)[a:b] for d, a, b in zip(q["doc_id"], q["start"], q["end"], strict=True)]
    assert q["text"].tolist() == cut
    assert q["text"].str.startswith("\u201c").all()
    top = voices.quotes(c, kinds=("quote",), nested=False)
    speech = (q["kind"] == "quote") & (q["level"] == 0)
    assert top["text"].tolist() == q.loc[speech, "text"].tolist()


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


def test_release_free_memory_gives_freed_chunk_pages_back():
    """Arrays of a few MB freed between live small ones stay in the process's memory
    (glibc's free bins) until trimmed; without the trim, RSS does not fall here."""
    import numpy as np

    assert parallel._malloc_trim() is not None  # this project runs on glibc (Linux)
    big = np.ones(20 * 2**20, dtype=np.uint8)
    del big  # freeing it raises glibc's mmap threshold: 1 MB arrays go to the heap
    arrays, pins = [], []
    for _ in range(200):  # 200 MB on the heap, each array followed by a small live one
        arrays.append(np.ones(2**20, dtype=np.uint8))
        pins.append(np.ones(2**10, dtype=np.uint8))
    before = _rss_mb()
    del arrays
    parallel.release_free_memory()
    assert _rss_mb() < before - 150
    del pins
