"""The corpus quote scan in chunks of documents, and token voices found in one search.

On the five seed articles plus 150 BBC and 150 FA-KES articles (one CSV): the scan on two
processes gives the same tables as on one, and both the same as scanning each document
on its own with :func:`scan_text` (what the corpus scan did before it was chunked);
every token's voice is the one a plain loop over the spans gives.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.prepare import parallel, voices

BBC_SECTIONS = ("business", "entertainment", "politics", "sport", "tech")


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for f in sorted(paths.DATA_DIR.joinpath("articles").glob("*.txt")):
        rows.append((f"seed-{f.stem}", "", f.read_text(encoding="utf-8"), ""))
    for section in BBC_SECTIONS:
        for f in sorted((paths.SHARED_CORPORA / "bbc" / section).glob("*.txt"))[:30]:
            data = f.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:  # one BBC file is Latin-1
                text = data.decode("latin-1")
            rows.append((f"{section}/{f.stem}", "", text, "BBC"))
    with open(paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv", encoding="utf-8") as fh:
        fakes = list(csv.DictReader(fh))
    for r in fakes[::5][:150]:
        rows.append((f"fakes{r['unit_id']}", r["article_title"], r["article_content"], r["source"]))
    return rows


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> cu.Corpus:
    path = tmp_path_factory.mktemp("voices") / "mixed.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text", "outlet"])
        w.writerows(_rows())
    return cu.load_corpus(path, n_jobs=2, progress=False)


def _scan(corpus: cu.Corpus, n_jobs: int) -> voices.QuoteScan:
    voices._CACHE.pop(corpus, None)
    corpus.n_jobs = n_jobs
    try:
        return voices._corpus_scan(corpus)
    finally:
        voices._CACHE.pop(corpus, None)
        corpus.n_jobs = None


def test_the_mixed_corpus_is_scanned_in_several_chunks(mixed):
    assert len(mixed) == 305
    workers = parallel.n_workers(2, len(mixed))
    assert workers == 2
    assert len(parallel.chunk_bounds(len(mixed), workers)) > 1


def test_two_processes_give_the_tables_of_one(mixed):
    one, two = _scan(mixed, 1), _scan(mixed, 2)
    pd.testing.assert_frame_equal(one.quotes, two.quotes)
    pd.testing.assert_frame_equal(one.problems, two.problems)
    assert len(one.quotes) > 500  # BBC and FA-KES quote a lot: the test compares something
    assert set(one.quotes["kind"]) == {"quote", "partial", "name", "unpaired"}


def test_the_chunked_scan_is_each_document_scanned_alone(mixed):
    """The reference: every document through scan_text with the corpus's own paragraphs
    and sentences, joined in document order (the loop the corpus scan was)."""
    paras, sents = mixed.paragraphs, mixed.sentences
    quotes, problems = [], []
    for doc_id in mixed.docs["doc_id"]:
        p = paras[paras["doc_id"] == doc_id]
        s = sents[sents["doc_id"] == doc_id]
        one = voices.scan_text(
            mixed.text_of(doc_id),
            paragraphs=list(zip(p["start"].tolist(), p["end"].tolist(), strict=True)),
            sentences=list(zip(s["start"].tolist(), s["end"].tolist(), strict=True)),
            doc_id=doc_id,
        )
        quotes.append(one.quotes)
        problems.append(one.problems)
    want_q = pd.concat(quotes, ignore_index=True)
    want_p = pd.concat(problems, ignore_index=True)
    got = _scan(mixed, 2)
    pd.testing.assert_frame_equal(got.quotes, want_q)
    pd.testing.assert_frame_equal(got.problems, want_p)
    assert len(want_p) > 0  # FA-KES has unbalanced marks: the problems are compared too


def test_token_voices_are_those_of_a_loop_over_the_spans(mixed):
    toks = mixed.tokens(voice=True)
    top = voices.quotes(mixed, nested=False)
    voice = np.array(["narration"] * len(toks), dtype=object)
    qid = np.full(len(toks), -1)
    name = np.zeros(len(toks), dtype=bool)
    rows_of = {d: g.index.to_numpy() for d, g in toks.groupby("doc_id", observed=True)}
    starts = toks["start"].to_numpy()
    for r in top.itertuples(index=False):
        rows = rows_of.get(r.doc_id, np.zeros(0, dtype=int))
        inside = rows[(starts[rows] >= r.start) & (starts[rows] < r.end)]
        voice[inside] = r.kind if r.kind in ("quote", "partial") else "narration"
        qid[inside] = r.quote_id
        name[inside] = r.kind == "name"
    assert toks["voice"].astype(object).tolist() == voice.tolist()
    assert toks["quote_id"].fillna(-1).astype(int).tolist() == qid.tolist()
    assert toks["is_name"].tolist() == name.tolist()
    assert (voice == "quote").sum() > 1000 and (voice == "partial").sum() > 100


def test_span_index_of_rows_in_any_order():
    spans = pd.DataFrame(
        {"doc_id": ["b", "a", "a", "c"], "start": [2, 0, 10, 0], "end": [4, 5, 12, 9]}
    )
    doc_ids = pd.Series(["a", "b", "a", "a", "b", "x", "a"])
    starts = np.array([11, 3, 4, 5, 4, 1, 0])
    # a@11 in span 2; b@3 in span 0; a@4 in span 1; a@5 ends span 1 (end exclusive);
    # b@4 ends span 0; no spans for x; a@0 opens span 1
    assert voices.span_index(doc_ids, starts, spans).tolist() == [2, 0, 1, -1, -1, -1, 1]
    cat = pd.Series(pd.Categorical(doc_ids, categories=["x", "b", "a"]))
    assert voices.span_index(cat, starts, spans).tolist() == [2, 0, 1, -1, -1, -1, 1]
