"""Counting the document-term matrix: the primitives, and the matrix per chunk of
documents (the tasks a Dask cluster runs), re-exported by :mod:`corpus_utils.stats.dtm`.

On a cluster each chunk of whole documents is counted on a worker with its own
vocabulary (:func:`partitioned_counts`, tasks :func:`_count_chunk`), together with the
chunk's display-form counts (:mod:`corpus_utils.stats.display`), and the main process
merges the vocabularies, the rows and the form counts; a vocabulary is checked for
tokenizer debris by the workers too, once per matrix (:func:`term_debris`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import sparse

from ..options import TokenOptions
from ..prepare.parallel import n_workers, run_chunks, using

if TYPE_CHECKING:
    from ..corpus import Corpus
    from .dtm import DocTermMatrix


def _csr(m) -> sparse.csr_matrix:
    out = sparse.csr_matrix(m, dtype=np.int64)
    out.sort_indices()
    return out


def ngram_starts(
    doc: np.ndarray, sent: np.ndarray, edge_bad: np.ndarray, inner_bad: np.ndarray, n: int
) -> np.ndarray:
    """Rows of a token table where an n-gram of ``n`` tokens may start.

    All ``n`` tokens are in one document (``doc`` codes) and one sentence; none is
    ``inner_bad`` and neither end is ``edge_bad`` (which includes ``inner_bad``).

    >>> bad = np.array([False, True, False, False])
    >>> ngram_starts(np.zeros(4), np.zeros(4), bad, bad, 2).tolist()
    [2]
    """
    if n < 1:
        raise ValueError("n must be 1 or more")
    m = len(doc) - n + 1
    if m <= 0:
        return np.array([], dtype=np.int64)
    keep = ~edge_bad[:m] & ~edge_bad[n - 1 : n - 1 + m]
    for j in range(1, n):
        keep &= ~inner_bad[j : j + m] & (doc[j : j + m] == doc[:m]) & (sent[j : j + m] == sent[:m])
    return np.flatnonzero(keep)


def coded_terms(
    word: np.ndarray, words: np.ndarray, starts: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`term_codes` for tokens already coded: ``words[word[i]]`` is token i's norm.

    Any coding gives the same result (the terms are sorted at the end).

    >>> words = np.array(["b", "a"], dtype=object)  # the tokens: a b a
    >>> codes, terms = coded_terms(np.array([1, 0, 1]), words, np.array([0, 1]), 2)
    >>> terms.tolist(), codes.tolist()
    (['a b', 'b a'], [0, 1])
    """
    if n == 1:
        direct = _word_codes(word, words, starts)
        if direct is not None:
            return direct
        key = word[starts].astype(np.int64)
    else:
        parts = np.stack([word[starts + j] for j in range(n)], axis=1).astype(np.int64)
        if len(words) ** n < 2**62:
            key = np.zeros(len(starts), np.int64)
            for j in range(n):
                key = key * max(len(words), 1) + parts[:, j]
        else:  # too many distinct n-grams for one integer: rows of codes
            _, key = np.unique(parts, axis=0, return_inverse=True)
            key = key.ravel()
    codes, uniq_keys = pd.factorize(key)
    first = np.zeros(len(uniq_keys), np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # an occurrence of each distinct term
    rows = starts[first]
    terms = words[word[rows]]
    for j in range(1, n):
        terms = terms + " " + words[word[rows + j]]
    order = np.argsort(terms, kind="stable")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], terms[order]


def _word_codes(word: np.ndarray, words: np.ndarray, starts: np.ndarray):
    """:func:`coded_terms` of single words, by the words' own codes (no factorising of
    an int64 key per token): each used word's rank among the used words' sorted norms.
    None when a code is missing (-1) or two codes share a norm.

    >>> c, t = _word_codes(np.array([2, 0, 2]), np.array(["c", "x", "a"], object), np.arange(3))
    >>> t.tolist(), c.tolist()
    (['a', 'c'], [0, 1, 0])
    """
    w = word[starts]
    if len(w) and w.min() < 0:
        return None
    ranked = _ranked_terms(np.bincount(w, minlength=max(len(words), 1)), words)
    if ranked is None:
        return None
    rank, terms = ranked
    return rank[w], terms


def _ranked_terms(seen: np.ndarray, words: np.ndarray):
    """``(rank, terms)``: the norms of the word codes ``seen`` (a count per code) sorted,
    and each code's rank among them; None when two used codes share a norm."""
    used = np.flatnonzero(seen)
    terms = np.asarray(words, dtype=object)[used]
    order = np.argsort(terms, kind="stable")
    terms = terms[order]
    if len(terms) > 1 and (terms[1:] == terms[:-1]).any():
        return None
    rank = np.zeros(len(seen), np.int32 if len(seen) < 2**31 else np.int64)
    rank[used[order]] = np.arange(len(used))
    return rank, terms


COUNT_CHUNK = 1 << 20  # (row, term) pairs per step of _count_matrix


def _count_matrix(
    rows: np.ndarray, codes: np.ndarray, n_rows: int, n_terms: int, *, chunk: int | None = None
):
    """CSR int64 counts of the (row, term code) pairs, indices sorted.

    When ``rows`` never decrease (tokens in document order) the pairs are counted
    :data:`COUNT_CHUNK` at a time, each step whole rows, and the parts put end to end:
    no temporary of a COO matrix of every pair (int64 ones, an unsummed CSR copy).
    """
    chunk = COUNT_CHUNK if chunk is None else chunk
    if chunk < 1:
        raise ValueError(f"chunk must be 1 or more, not {chunk!r}")
    if len(rows) <= chunk or (rows[1:] < rows[:-1]).any() or not 0 <= rows[0] <= rows[-1] < n_rows:
        # (a row out of range: the error of the one-step construction)
        ones = np.ones(len(rows), np.int64)
        return _csr(sparse.coo_matrix((ones, (rows, codes)), shape=(n_rows, n_terms)))
    bounds = _whole_row_bounds(rows, chunk)
    return _cells_of_parts(((rows[a:b], codes[a:b]) for a, b in bounds), n_rows, n_terms, len(rows))


def _whole_row_bounds(rows: np.ndarray, chunk: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of about ``chunk`` entries of non-decreasing ``rows``, each
    ending where a row ends."""
    bounds, lo = [], 0
    while lo < len(rows):
        hi = min(lo + chunk, len(rows))
        if hi < len(rows):  # to the end of the last row begun
            hi = int(np.searchsorted(rows, rows[hi - 1], side="right"))
        bounds.append((lo, hi))
        lo = hi
    return bounds


def _cells_of_parts(parts: Iterable, n_rows: int, n_terms: int, n_pairs: int):
    """The CSR int64 counts of ``(rows, codes)`` parts of at most ``n_pairs`` pairs in
    all, each part whole rows, the rows increasing from part to part.

    Each part is written in place into arrays as long as the pairs (there are no more
    cells than pairs); np.empty's pages are only taken as written, so the unused end
    costs no memory, and the matrix keeps views of the cells written.
    """
    row_nnz = np.zeros(n_rows, np.int64)
    index_dtype = np.int32 if n_terms < 2**31 and n_pairs < 2**31 else np.int64
    all_data = np.empty(n_pairs, np.int64)
    all_indices = np.empty(n_pairs, index_dtype)
    at = 0
    for rows, codes in parts:
        if not len(rows):
            continue
        r0, r1 = int(rows[0]), int(rows[-1]) + 1
        ones = np.ones(len(rows), np.int64)
        part = _csr(sparse.coo_matrix((ones, (rows - r0, codes)), shape=(r1 - r0, n_terms)))
        row_nnz[r0:r1] = np.diff(part.indptr)
        all_data[at : at + part.nnz] = part.data
        all_indices[at : at + part.nnz] = part.indices
        at += part.nnz
    indptr = np.concatenate(([0], np.cumsum(row_nnz)))
    out = sparse.csr_matrix((all_data[:at], all_indices[:at], indptr), shape=(n_rows, n_terms))
    return _csr(out)


def word_matrix(
    doc: np.ndarray,
    word: np.ndarray,
    words: np.ndarray,
    keep: np.ndarray,
    n_rows: int,
    *,
    chunk: int | None = None,
):
    """``(counts, terms)`` of single words, the tokens ``keep`` counted: what
    ``_count_matrix(doc[s], *coded_terms(word, words, s, 1), ...)`` gives with
    ``s = np.flatnonzero(keep)``, a chunk of whole documents at a time, with no array
    of a row per counted token. None where that is not exact (``doc`` decreasing or
    out of ``0 .. n_rows - 1``, a missing code, two codes of one norm): the caller
    takes the general path.
    """
    chunk = COUNT_CHUNK if chunk is None else chunk
    if chunk < 1:
        raise ValueError(f"chunk must be 1 or more, not {chunk!r}")
    if not len(doc) or (doc[1:] < doc[:-1]).any() or not 0 <= doc[0] <= doc[-1] < n_rows:
        return None
    bounds = _whole_row_bounds(doc, chunk)
    seen = np.zeros(max(len(words), 1), np.int64)
    for a, b in bounds:
        w = word[a:b][keep[a:b]]
        if len(w) and w.min() < 0:
            return None
        seen += np.bincount(w, minlength=len(seen))
    ranked = _ranked_terms(seen, words)
    if ranked is None:
        return None
    rank, terms = ranked
    parts = ((doc[a:b][keep[a:b]], rank[word[a:b][keep[a:b]]]) for a, b in bounds)
    return _cells_of_parts(parts, n_rows, len(terms), int(seen.sum())), terms


# --- the matrix per partition (a Dask cluster) ------------------------------------------


def _count_chunk(
    doc: np.ndarray,
    sent: np.ndarray,
    word: np.ndarray,
    words: Any,
    edge_bad: np.ndarray,
    inner_bad: np.ndarray,
    n: int,
    n_rows: int,
    forms: tuple | None = None,
) -> tuple[sparse.csr_matrix, Any, tuple | None]:
    """One chunk of whole documents counted with its own vocabulary (a task on a worker).

    ``doc`` are the tokens' rows within the chunk (0 to ``n_rows - 1``), ``word`` codes
    into ``words`` (the chunk's norms, an Arrow string array). Returns the chunk's counts,
    its sorted terms (as Arrow strings: compact to send back) and, when ``forms`` is
    given (``is_punct``, ``token`` codes into ``surface``, an Arrow string array, and
    ``is_actor``, per token), the chunk's :func:`~corpus_utils.stats.keyness.form_counts`
    (as an Arrow table), from which the display forms of the corpus are merged.
    """
    import pyarrow as pa

    words = np.asarray(words.to_numpy(zero_copy_only=False), dtype=object)
    starts = ngram_starts(doc, sent, edge_bad, inner_bad, n)
    codes, terms = coded_terms(word, words, starts, n)
    counts = _count_matrix(doc[starts], codes, n_rows, len(terms))
    made = None
    if forms is not None:
        from .display import form_counts, sentence_starts

        punct, token, surface, is_actor = forms
        rows = np.flatnonzero(~punct)  # words, in text order
        table, actors = form_counts(
            word[rows],
            words,
            token[rows],
            np.asarray(surface.to_numpy(zero_copy_only=False), dtype=object),
            sentence_starts(doc[rows], sent[rows]),
            is_actor[rows],
        )
        made = (
            pa.table(
                {
                    "norm": pa.array(table["norm"].to_numpy(), pa.large_string()),
                    "token": pa.array(table["token"].to_numpy(), pa.large_string()),
                    "inner": table["inner"].to_numpy(),
                    "initial": table["initial"].to_numpy(),
                }
            ),
            pa.array(actors, pa.large_string()),
        )
    return counts, pa.array(terms, type=pa.large_string()), made


def _local_codes(codes: np.ndarray, n_values: int) -> tuple[np.ndarray, np.ndarray]:
    """``(used, local)``: the values ``codes`` use, sorted, and each code as an index into
    them (``np.unique(codes, return_inverse=True)``, by a table of the values instead of
    a sort).

    >>> [x.tolist() for x in _local_codes(np.array([5, 2, 5]), 7)]
    [[2, 5], [1, 0, 1]]
    """
    seen = np.zeros(n_values, dtype=bool)
    seen[codes] = True
    used = np.flatnonzero(seen)
    rank = np.cumsum(seen, dtype=np.int64) - 1
    return used, rank[codes].astype(np.int32)


def merge_partitions(
    parts: list[tuple[sparse.csr_matrix, Any]],
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Row blocks counted with their own sorted vocabularies, as one matrix: the union
    of the vocabularies (sorted), each block's columns mapped into it, rows stacked in
    block order. The same matrix as counting all the rows at once.

    The terms (Arrow string arrays, or arrays of str) are merged with Arrow's hash
    kernels and sorted by their UTF-8 bytes, which is the order of Python's ``<`` on
    ``str`` (code points): the vocabulary :func:`build` sorts locally.

    >>> a = sparse.csr_matrix(np.array([[1, 2]])), np.array(["a", "c"], dtype=object)
    >>> b = sparse.csr_matrix(np.array([[3, 0], [0, 1]])), np.array(["b", "c"], dtype=object)
    >>> counts, terms = merge_partitions([a, b])
    >>> terms.tolist(), counts.toarray().tolist()
    (['a', 'b', 'c'], [[1, 0, 2], [0, 3, 0], [0, 0, 1]])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not parts:
        return _csr(sparse.csr_matrix((0, 0))), np.array([], dtype=object)
    arrays = [
        t.cast(pa.large_string()) if isinstance(t, pa.Array) else pa.array(t, pa.large_string())
        for _, t, *_ in parts
    ]
    uniq = pc.unique(pa.chunked_array(arrays, type=pa.large_string()))
    vocab = uniq.take(pc.sort_indices(uniq))
    blocks = []
    for (counts, *_), terms in zip(parts, arrays, strict=True):
        cols = pc.index_in(terms, value_set=vocab).to_numpy(zero_copy_only=False)
        cols = cols.astype(np.int64)
        block = sparse.csr_matrix(
            (counts.data, cols[counts.indices], counts.indptr),
            shape=(counts.shape[0], len(vocab)),
        )
        blocks.append(block)  # cols rise with the terms: each row's indices stay sorted
    merged = _csr(sparse.vstack(blocks, format="csr"))
    return merged, np.asarray(vocab.to_numpy(zero_copy_only=False), dtype=object)


def partitioned_counts(
    doc: np.ndarray,
    sent: np.ndarray,
    norm: pd.Series,
    edge_bad: np.ndarray,
    inner_bad: np.ndarray,
    n: int,
    bounds: list[tuple[int, int]],
    *,
    workers: int = 1,
    forms: tuple[np.ndarray, pd.Series, np.ndarray] | None = None,
) -> tuple[sparse.csr_matrix, np.ndarray, pd.Series | None]:
    """The counts of :func:`build`, one task per chunk of documents (``bounds``: document
    rows ``(start, stop)``, in order) run by :func:`~corpus_utils.prepare.parallel.run_chunks`
    on ``workers`` (inside ``using(engine)``: tasks on the cluster), merged by
    :func:`merge_partitions`; with ``forms`` (each token's ``is_punct``, ``token`` and
    whether it is an actor), also the corpus's display forms, counted per chunk by the
    same tasks and merged (:func:`~corpus_utils.stats.keyness.merge_form_counts`): the
    table :func:`~corpus_utils.stats.keyness.display_forms` gives. Returns ``(counts,
    terms, forms)`` (``forms`` None when not asked for).

    Each task gets its tokens as arrays (document row within the chunk, sentence, norm
    code, token code) and the norms and tokens it uses as Arrow string arrays, not pandas
    objects. A chunk holds whole documents, and an n-gram never crosses a document, nor a
    sentence start a chunk's edge, so every count is the one :func:`build` makes locally.
    """
    import pyarrow as pa

    if len(doc) and np.any(np.diff(doc) < 0):
        raise ValueError("the token table is not in document order")
    word_all, vocab = coded(norm)
    if (word_all < 0).any():
        raise ValueError("the token table has tokens without a norm")
    if forms is not None:
        punct, token, is_actor = forms
        token_all, surface_all = coded(token)
    at = np.searchsorted(doc, [a for a, _ in bounds] + [bounds[-1][1]])

    def jobs():
        for (a, b), i, j in zip(bounds, at[:-1], at[1:], strict=True):
            used, word = _local_codes(word_all[i:j], len(vocab))
            job = (
                (doc[i:j] - a).astype(np.int32),
                sent[i:j],
                word,
                pa.array(vocab[used], type=pa.large_string()),
                edge_bad[i:j],
                inner_bad[i:j],
                n,
                b - a,
            )
            if forms is not None:
                seen, tok = _local_codes(token_all[i:j], len(surface_all))
                surface = pa.array(surface_all[seen], type=pa.large_string())
                job += ((punct[i:j], tok, surface, is_actor[i:j]),)
            yield job

    parts = list(run_chunks(_count_chunk, jobs(), workers))
    counts, terms = merge_partitions(parts)
    if forms is None:
        return counts, terms, None
    from .display import choose_forms, merge_form_counts

    return counts, terms, choose_forms(*merge_form_counts(p[2] for p in parts))


def coded(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, values)`` of a column: a categorical's own (no factorising), else
    factorised."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        return col.array.codes, np.asarray(col.cat.categories, dtype=object)
    codes, values = pd.factorize(col)
    return codes, np.asarray(values, dtype=object)


DEBRIS_CHUNK = 20_000  # terms per task when a cluster checks a vocabulary for debris


def term_debris(corpus: Corpus, m: DocTermMatrix) -> np.ndarray:
    """:func:`~corpus_utils.stats.keyness.is_debris` of every term of ``m``'s vocabulary,
    aligned with ``m.terms``: checked once per vocabulary (every table grouped from one
    matrix shares it; kept on the corpus), on a Dask cluster (``corpus.engine``) by the
    workers, one task per :data:`DEBRIS_CHUNK` terms (sent as Arrow strings).
    """
    from .keyness import debris_mask

    store: dict = corpus.__dict__.setdefault("_debris", {})
    kept = store.get(id(m.terms))
    if kept is not None and kept[0] is m.terms:
        return kept[1]
    terms = np.asarray(m.terms, dtype=object)
    if corpus.engine is None or len(terms) <= DEBRIS_CHUNK:
        flags = np.asarray(debris_mask(pd.Series(terms, dtype=object)), dtype=bool)
    else:
        import pyarrow as pa

        with using(corpus.engine):
            jobs = (
                (pa.array(terms[i : i + DEBRIS_CHUNK], pa.large_string()),)
                for i in range(0, len(terms), DEBRIS_CHUNK)
            )
            parts = list(run_chunks(_debris_chunk, jobs, n_workers(None, len(terms))))
        flags = np.concatenate(parts) if parts else np.zeros(0, bool)
    store[id(m.terms)] = (m.terms, flags)
    return flags


def _debris_chunk(terms: Any) -> np.ndarray:
    """A chunk of a vocabulary checked for debris (a task on a worker)."""
    from .keyness import debris_mask

    values = pd.Series(np.asarray(terms.to_numpy(zero_copy_only=False), dtype=object))
    return np.asarray(debris_mask(values), dtype=bool)


def debris_of(corpus: Corpus, terms: pd.Series, *, n: int, tokens: TokenOptions) -> np.ndarray:
    """``debris_mask(terms)`` for the terms of a table read from the corpus's matrix of
    ``n``-grams and ``tokens`` (:func:`term_debris`: each term checked once per matrix);
    a term the matrix does not hold is checked as it is."""
    from .dtm import dtm
    from .keyness import debris_mask

    m = dtm(corpus, n=n, tokens=tokens)
    values = terms.to_numpy(dtype=object)
    at = m.terms.get_indexer(values)
    flags = term_debris(corpus, m)
    out = flags[np.maximum(at, 0)] if len(flags) else np.zeros(len(at), bool)
    if (at < 0).any():
        out[at < 0] = debris_mask(pd.Series(values[at < 0], dtype=object))
    return out
