"""The document-term matrix: the one table of counts every counting analysis reads.

:func:`dtm` counts each term (``norm``, or an n-gram of norms) in each document once per
token option set, n-gram size and voice, as quanteda's ``dfm`` and scattertext's
``TermDocMatrix`` do, and keeps the result on the corpus; with a cache
(``load_corpus(cache=...)``) it is also written beside the corpus's tables (see
:func:`corpus_utils.prepare.matrix_store.save_matrix`) and read back, checked, on the next load.

A :class:`DocTermMatrix` holds:

- ``counts``: a SciPy CSR matrix of int64 counts, one row per document (or per group),
  one column per term;
- ``terms``: the vocabulary, sorted, and ``display``: each term's usual surface form
  (:func:`corpus_utils.stats.keyness.display_forms`: ``u.s.`` -> ``U.S.``);
- ``rows``: one row per matrix row: ``doc_id`` (or the group column), ``n_docs``,
  ``n_tokens`` (every token, punctuation included) and ``n_words`` (punctuation
  excluded, stop words INCLUDED whatever ``drop_stop`` says: the denominator of every
  relative frequency). With ``voice`` both count the tokens of that voice only.

Terms are formed as :mod:`corpus_utils.stats.frequency` describes: n-grams from consecutive
tokens of one sentence, dropped when they contain punctuation (``drop_punct``) or begin
or end with a stop word (``drop_stop``); with ``voice`` every word of an n-gram must be
in the voice.

Grouping (``by=``): rows are summed per value of any document column in one sparse
product, as quanteda's ``dfm_group``; ``doc_freq`` then counts the documents of each
group that use each term. Documents whose group is missing (NA) form their own row,
last, with the value NA; ``dropna=True`` leaves them out instead (their number is in
``attrs["n_missing_docs"]``). Every row of ``corpus.docs`` counts, duplicates included.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse

from ..corpus import Corpus
from ..options import TokenOptions, token_options
from ..prepare.parallel import chunk_bounds, n_workers, using
from .chunks import (  # noqa: F401  (the counting primitives and the matrix per chunk)
    DEBRIS_CHUNK,
    _count_chunk,
    _count_matrix,
    _csr,
    _local_codes,
    coded,
    coded_terms,
    debris_of,
    merge_partitions,
    ngram_starts,
    partitioned_counts,
    term_debris,
    word_matrix,
)

GroupBy = str | pd.Series | None
Voice = str | tuple[str, ...] | list[str] | None
FORMAT = 2  # bump when the meaning or the layout of a stored matrix changes (2: Parquet, not .npz)


@dataclass(frozen=True, eq=False)
class DocTermMatrix:
    """Counts of terms in documents (or groups), with the vocabulary and row metadata.

    Attributes:
        counts: CSR matrix, ``len(rows) x len(terms)``, int64.
        terms: the vocabulary (``norm`` values or n-grams of them), sorted.
        display: each term's display form, aligned with ``terms``.
        rows: ``doc_id`` (or the ``by`` column), ``n_docs``, ``n_tokens``, ``n_words``.
        options: the token options the terms were counted with.
        n: 1 for words, 2 for bigrams...
        voice: the voices counted (None: every token).
        doc_freq: for grouped matrices, how many documents of each group use each term
            (CSR, like ``counts``); for a document matrix, ``counts > 0``.
        attrs: ``by`` (the group column's name, ``""`` for documents) and
            ``n_missing_docs`` (documents left out by ``dropna=True``).

    >>> m = dtm(corpus, by="outlet")
    >>> m.rows[["outlet", "n_docs"]]
                             outlet  n_docs
    0  Daily Caller News Foundation       1
    1                      Newsweek       4
    >>> m.frame().columns.tolist()
    ['outlet', 'term', 'count', 'doc_freq']
    """

    counts: sparse.csr_matrix
    terms: pd.Index
    display: np.ndarray
    rows: pd.DataFrame
    options: TokenOptions
    n: int = 1
    voice: tuple[str, ...] | None = None
    doc_freq_matrix: sparse.csr_matrix | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, terms)``."""
        return self.counts.shape  # type: ignore[return-value]

    @property
    def doc_freq(self) -> sparse.csr_matrix:
        """Documents using each term in each row (a document matrix: 1 or 0)."""
        if self.doc_freq_matrix is not None:
            return self.doc_freq_matrix
        out = self.counts.copy()
        out.data = (out.data > 0).astype(np.int64)
        return out

    def group(self, labels: pd.Series, *, name: str = "group", dropna: bool = False):
        """Rows summed by group: ``labels`` gives each row's group (aligned with ``rows``).

        Groups are sorted; NA (when not ``dropna``) is the last row. See the module notes.
        """
        values = pd.Series(np.asarray(labels, dtype=object))
        missing = values.isna().to_numpy()
        if dropna:
            values = values.where(~missing)
        codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=dropna)
        keep = codes >= 0
        n_groups = len(uniques)
        member = sparse.csr_matrix(
            (np.ones(int(keep.sum()), np.int64), (codes[keep], np.flatnonzero(keep))),
            shape=(n_groups, len(values)),
        )
        rows = pd.DataFrame({name: np.asarray(uniques, dtype=object)})
        for col in ("n_docs", "n_tokens", "n_words"):
            rows[col] = (member @ self.rows[col].to_numpy(np.int64)).astype("int64")
        return DocTermMatrix(
            counts=_csr(member @ self.counts),
            terms=self.terms,
            display=self.display,
            rows=rows,
            options=self.options,
            n=self.n,
            voice=self.voice,
            doc_freq_matrix=_csr(member @ self.doc_freq),
            attrs={"by": name, "n_missing_docs": int(missing.sum()) if dropna else 0},
        )

    def frame(self) -> pd.DataFrame:
        """The non-zero cells as a tidy table: row label, ``term, count, doc_freq``.

        In row order, then term order.
        """
        counts, docs = self.counts, self.doc_freq  # both CSR with sorted indices
        same = np.array_equal(counts.indptr, docs.indptr) and np.array_equal(
            counts.indices, docs.indices
        )
        r = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        k = counts.indices
        doc_freq = docs.data if same else np.asarray(docs[r, k]).ravel()
        label = self.rows.columns[0]
        return pd.DataFrame(
            {
                label: self.rows[label].to_numpy()[r],
                "term": pd.array(np.asarray(self.terms, dtype=object)[k], dtype="string"),
                "count": counts.data.astype("int64"),
                "doc_freq": doc_freq.astype("int64"),
            }
        )


def doc_groups(corpus: Corpus, by: GroupBy) -> tuple[str, pd.Series]:
    """The group column's name and each article's group (a Series indexed by doc_id).

    ``by`` is None (one group, ``"(all)"``), a ``docs`` column name, or a Series indexed
    by ``doc_id`` (articles it does not list get NA).

    >>> doc_groups(corpus, "outlet")[0]
    'outlet'
    """
    doc_ids = corpus.docs["doc_id"]
    if by is None:
        return "", pd.Series("(all)", index=doc_ids.to_numpy())
    if isinstance(by, pd.Series):
        name = str(by.name) if by.name is not None else "group"
        return name, by.reindex(doc_ids.to_numpy())
    if not isinstance(by, str) or by not in corpus.docs.columns or by == "text":
        raise KeyError(
            f"no document column {by!r}; available: doc_id, {', '.join(corpus.metadata_columns())}"
        )
    return by, pd.Series(corpus.docs[by].to_numpy(), index=doc_ids.to_numpy())


def _doc_rows(doc_index: pd.Index, doc_id: pd.Series) -> np.ndarray:
    """Each token's row in ``doc_index``: a categorical is looked up once per category.

    >>> _doc_rows(pd.Index(["a", "b"]), pd.Series(pd.Categorical(["b", "a", "b"]))).tolist()
    [1, 0, 1]
    """
    if isinstance(doc_id.dtype, pd.CategoricalDtype):
        codes = doc_id.array.codes
        at = doc_index.get_indexer(doc_id.cat.categories).astype(_row_dtype(len(doc_index)))
        return np.concatenate((at, np.array([-1], at.dtype)))[codes]  # code -1: -1
    return doc_index.get_indexer(doc_id)


ROW_COUNT_CHUNK = 1 << 20  # token rows per step of _row_counts


def _row_counts(doc: np.ndarray, keep: np.ndarray, drop: np.ndarray | None, n: int):
    """int64 number of tokens per row ``0 .. n - 1`` among those ``keep`` and not ``drop``,
    :data:`ROW_COUNT_CHUNK` tokens at a time (no masked copy of the whole column).

    >>> _row_counts(np.array([0, 1, 1, 2]), np.array([1, 1, 1, 0], bool), None, 4).tolist()
    [1, 2, 0, 0]
    """
    out = np.zeros(n, np.int64)
    for lo in range(0, len(doc), ROW_COUNT_CHUNK):
        sl = slice(lo, lo + ROW_COUNT_CHUNK)
        mask = keep[sl] if drop is None else keep[sl] & ~drop[sl]
        out += np.bincount(doc[sl][mask], minlength=n)
    return out


def _row_dtype(n: int) -> type:
    """int32 for row numbers below 2**31 (a token column of them is half the size)."""
    return np.int32 if n < np.iinfo(np.int32).max else np.int64


def term_codes(norm: pd.Series, starts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, terms)``: each n-gram starting at ``starts`` as a code into ``terms``.

    ``terms`` (sorted, object strings) are the norms of the n tokens joined by spaces.

    >>> codes, terms = term_codes(pd.Series(["b", "a", "b", "a"]), np.array([0, 1, 2]), 2)
    >>> terms.tolist(), codes.tolist()
    (['a b', 'b a'], [1, 0, 1])
    """
    word, words = coded(norm)  # a categorical's own codes: no factorising of every row
    return coded_terms(word, words, starts, n)


def _general_counts(doc, sent, norm: pd.Series, edge_bad, inner_bad, n: int, n_rows: int):
    """``(counts, terms)`` of the n-grams of a whole token table: their start rows,
    their codes, then the counts."""
    starts = ngram_starts(doc, sent, edge_bad, inner_bad, n)
    codes, terms = term_codes(norm, starts, n)
    at = doc[starts]
    del starts  # (a row per n-gram: let go before the counting's temporaries)
    return _count_matrix(at, codes, n_rows, len(terms)), terms


def _voices(voice: Voice) -> tuple[str, ...] | None:
    if voice is None:
        return None
    values = (voice,) if isinstance(voice, str) else tuple(voice)
    if not values or not all(isinstance(v, str) for v in values):
        raise ValueError(f"voice must be a voice name or a list of them, not {voice!r}")
    return tuple(sorted(set(values)))


def build(
    corpus: Corpus,
    options: TokenOptions,
    *,
    n: int = 1,
    voice: Voice = None,
    bounds: list[tuple[int, int]] | None = None,
):
    """A document matrix computed from the token table (:func:`dtm` keeps and caches it).

    Locally all the tokens are counted at once. On a Dask cluster (``corpus.engine``)
    each chunk of whole documents is counted on a worker with its own vocabulary and
    the chunks are merged (:func:`partitioned_counts`): the same matrix. ``bounds``
    (document rows ``(start, stop)``, in order) sets the chunks on either engine. The
    terms' display forms are one table per normalisation, kept on the corpus for every
    matrix; where the matrix is counted per chunk, the chunks' tasks count them too
    (:func:`~corpus_utils.stats.display.form_counts`) and they are merged: the table
    :func:`~corpus_utils.stats.display.display_forms` gives.
    """
    from .display import display_forms, display_terms

    voices = _voices(voice)
    toks = corpus.tokens(**options.normalisation(), voice=voices is not None)
    doc_index = pd.Index(corpus.docs["doc_id"])
    doc = _doc_rows(doc_index, toks["doc_id"])
    punct = toks["is_punct"].to_numpy(dtype=bool)
    stop = toks["is_stop"].to_numpy(dtype=bool)
    in_voice = (
        np.ones(len(toks), bool) if voices is None else toks["voice"].isin(voices).to_numpy(bool)
    )
    inner_bad = (punct if options.drop_punct else np.zeros(len(toks), bool)) | ~in_voice
    edge_bad = inner_bad | stop if options.drop_stop else inner_bad
    sent = toks["sent_id"].to_numpy()
    # the display forms depend on the normalisation only: one table for every matrix
    forms_key = dataclasses.replace(options, drop_stop=False, drop_punct=False)
    known_forms: dict = corpus.__dict__.setdefault("_display_forms", {})
    forms = known_forms.get(forms_key)
    if corpus.engine is None and bounds is None:
        if forms is None:  # first, so its temporaries are gone before the counting's
            forms = display_forms(corpus, tokens=options)
        direct = None
        if n == 1:  # single words: counted a chunk of documents at a time
            word, words = coded(toks["norm"])
            direct = word_matrix(doc, word, words, ~edge_bad, len(doc_index))
        if direct is not None:
            counts, terms = direct
        else:
            counts, terms = _general_counts(
                doc, sent, toks["norm"], edge_bad, inner_bad, n, len(doc_index)
            )
        del edge_bad
    else:  # on a Dask cluster: per chunk of documents, on the workers
        with using(corpus.engine):
            workers = n_workers(None, len(doc_index)) if corpus.engine is not None else 1
            bounds = bounds or chunk_bounds(len(doc_index), workers)
            counts, terms, made = partitioned_counts(
                doc,
                sent,
                toks["norm"],
                edge_bad,
                inner_bad,
                n,
                bounds,
                workers=workers,
                forms=None
                if forms is not None
                else (punct, toks["token"], toks["actor"].notna().to_numpy()),
            )
        forms = made if forms is None else forms
    known_forms[forms_key] = forms
    rows = pd.DataFrame(
        {
            "doc_id": corpus.docs["doc_id"].to_numpy(),
            "n_docs": np.ones(len(doc_index), np.int64),
            "n_tokens": _row_counts(doc, in_voice, None, len(doc_index)),
            "n_words": _row_counts(doc, in_voice, punct, len(doc_index)),
        }
    )
    return DocTermMatrix(
        counts=counts,
        terms=pd.Index(terms, dtype=object, name="term"),
        display=np.asarray(display_terms(terms, forms), dtype=object),
        rows=rows,
        options=options,
        n=n,
        voice=voices,
        attrs={"by": "", "n_missing_docs": 0},
    )


def matrix_info(options: TokenOptions, n: int, voice: tuple[str, ...] | None) -> dict:
    """What a document matrix was counted with, as JSON values (kept in its record)."""
    return {"format": FORMAT, "options": options.as_key(), "n": n, "voice": voice}


def matrix_name(info: dict) -> str:
    """A file-name-safe digest of :func:`matrix_info`.

    >>> len(matrix_name(matrix_info(TokenOptions(), 1, None)))
    24
    """
    blob = json.dumps(info, sort_keys=True)
    return hashlib.blake2b(blob.encode(), digest_size=12).hexdigest()


def _stored_or_built(
    corpus: Corpus, options: TokenOptions, n: int, voices: tuple[str, ...] | None
) -> DocTermMatrix:
    """From the corpus's cache when a checked copy is there, else built (and saved)."""
    from ..prepare import matrix_store

    info = matrix_info(options, n, voices)
    name = matrix_name(info)
    stored = matrix_store.load_matrix(corpus, name, info)
    if stored is not None:
        counts, tables = stored
        terms, rows = tables["terms"], tables["rows"]
        same_docs = (
            rows["doc_id"].astype(str).tolist() == corpus.docs["doc_id"].astype(str).tolist()
        )
        if same_docs and counts.shape == (len(rows), len(terms)):
            return DocTermMatrix(
                counts=_csr(counts),
                terms=pd.Index(terms["term"].to_numpy(dtype=object), dtype=object, name="term"),
                display=terms["display"].to_numpy(dtype=object),
                rows=rows.assign(doc_id=corpus.docs["doc_id"].to_numpy()),
                options=options,
                n=n,
                voice=voices,
                attrs={"by": "", "n_missing_docs": 0},
            )
    m = build(corpus, options, n=n, voice=voices)
    terms = pd.DataFrame(
        {"term": pd.array(m.terms, dtype="string"), "display": pd.array(m.display, dtype="string")}
    )
    rows = m.rows.assign(doc_id=m.rows["doc_id"].astype("string"))
    matrix_store.save_matrix(corpus, name, m.counts, {"terms": terms, "rows": rows}, info)
    return m


def dtm(
    corpus: Corpus,
    *,
    by: GroupBy = None,
    voice: Voice = None,
    n: int = 1,
    tokens: TokenOptions | None = None,
    dropna: bool = False,
    **token_kwargs: object,
) -> DocTermMatrix:
    """The document-term matrix of a corpus, built once per options, ``n`` and voice.

    Args:
        corpus: the corpus.
        by: None (one row per document, in ``corpus.docs`` order), a ``docs`` column or
            a Series indexed by ``doc_id``: one row per group (see the module notes).
        voice: count only tokens of this voice or these voices (``"narration"``,
            ``"quote"``, ``"partial"``; see :mod:`corpus_utils.prepare.voices`).
        n: 1 for words, 2 for bigrams, 3 for trigrams.
        tokens: the token options (default ``TokenOptions()``: stop words and
            punctuation out, actor names merged).
        dropna: with ``by``, leave out documents without a group instead of making
            them a group of their own.
        **token_kwargs: token options as keywords (``drop_stop=False``), applied on
            top of ``tokens``.

    >>> m = dtm(corpus, by="outlet", tokens=TokenOptions(stem=True))
    >>> m.counts.shape[0], m.rows["outlet"].tolist()
    (2, ['Daily Caller News Foundation', 'Newsweek'])
    """
    options = token_options(tokens, **token_kwargs)
    voices = _voices(voice)
    key = (options, n, voices)
    store: dict = corpus.__dict__.setdefault("_dtms", {})
    m = store.get(key)
    if m is None:
        m = _stored_or_built(corpus, options, n, voices)
        store[key] = m
    if by is None:
        return m
    label, groups = doc_groups(corpus, by)
    return m.group(groups, name=label or "group", dropna=dropna)
