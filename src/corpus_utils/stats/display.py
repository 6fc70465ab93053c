"""Display forms: the form a term is SHOWN in, its most frequent surface form in the corpus.

``u.s.`` -> ``U.S.``, ``russia`` -> ``Russia``; actor names keep their canonical form
(``Bashar al-Assad``). Tables keep ``term`` (the lower-cased key) and add ``display``
(see :mod:`corpus_utils.stats.keyness`, which re-exports these functions).

The forms are counted (:func:`form_counts`) and then chosen (:func:`choose_forms`), so
that the counts of chunks of whole documents, summed (:func:`merge_form_counts`), give
the forms of the whole corpus: on a Dask cluster the matrix's tasks count their chunk's
forms (:func:`corpus_utils.stats.dtm.partitioned_counts`) and the main process merges.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..options import TokenOptions, token_options
from .chunks import coded


def display_forms(
    corpus: Corpus, *, tokens: TokenOptions | None = None, **token_kwargs: object
) -> pd.Series:
    """The display form of every word: its most frequent surface form (``norm -> display``).

    Counted over the corpus's word tokens, leaving out the first word of each sentence
    (capitalised by position, not by usage) unless the word only ever starts sentences.
    Ties go to the lower-case form, then alphabetically. An actor keeps its canonical
    name (``Bashar al-Assad``); with ``stem=True`` a stem is shown as its commonest word.
    Of ``tokens`` (or the old keywords) only the normalisation matters (``lowercase``,
    ``stem``, ``lemma``, ``merge_actors``), not what is dropped.

    >>> display_forms(corpus)[["u.s.", "russia", "syrian"]].tolist()
    ['U.S.', 'Russia', 'Syrian']
    """
    opts = token_options(tokens, **token_kwargs)
    toks = corpus.tokens(**opts.normalisation())
    norm_code, norms = coded(toks["norm"])
    token_code, surface = coded(toks["token"])
    counts, actors = word_form_counts(
        coded(toks["doc_id"])[0],
        toks["sent_id"].to_numpy(),
        toks["is_punct"].to_numpy(dtype=bool),
        norm_code,
        norms,
        token_code,
        surface,
        toks["actor"].notna().to_numpy(),
    )
    return choose_forms(counts, actors)


FORM_CHUNK = 1 << 20  # token rows per step of word_form_counts (its temporaries' size)


def word_form_counts(
    doc: np.ndarray,
    sent: np.ndarray,
    punct: np.ndarray,
    norm_code: np.ndarray,
    norms: np.ndarray,
    token_code: np.ndarray,
    surface: np.ndarray,
    is_actor: np.ndarray,
    *,
    chunk: int = FORM_CHUNK,
) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`form_counts` of a whole token table's words (rows not ``punct``), their
    sentence starts found from ``doc`` and ``sent``, counted :data:`FORM_CHUNK` rows at
    a time into per-token counts, so that no temporary is as long as the table (on 40
    million tokens the word columns' copies were about 1.5 GB). The same table as
    ``form_counts(norm_code[w], norms, token_code[w], surface,
    sentence_starts(doc[w], sent[w]), is_actor[w])`` with ``w = ~punct``; when a token
    has two norms (or a code is missing) it is that call.
    """
    if chunk < 1:
        raise ValueError(f"chunk must be 1 or more, not {chunk!r}")
    norms, surface = np.asarray(norms, dtype=object), np.asarray(surface, dtype=object)
    width = max(len(surface), 1)
    inner = np.zeros(width, np.int64)
    start = np.zeros(width, np.int64)
    norm_of = np.full(width, -1, np.int64)  # each token's norm, -1 until seen
    actor_used = np.zeros(len(norms), bool)
    last = None  # (doc, sentence) of the last word before the chunk
    for lo in range(0, len(punct), chunk):
        words = ~np.asarray(punct[lo : lo + chunk], dtype=bool)
        d, s = np.asarray(doc[lo : lo + chunk])[words], np.asarray(sent[lo : lo + chunk])[words]
        if not len(d):
            continue
        first = sentence_starts(d, s)
        if last is not None:
            first[0] = bool(d[0] != last[0] or s[0] != last[1])
        last = (d[-1], s[-1])
        n = np.asarray(norm_code[lo : lo + chunk])[words]
        t = np.asarray(token_code[lo : lo + chunk])[words]
        act = np.asarray(is_actor[lo : lo + chunk], dtype=bool)[words]
        if (n < 0).any() or (t < 0).any():
            return _whole_form_counts(
                doc, sent, punct, norm_code, norms, token_code, surface, is_actor
            )
        actor_used[n[act]] = True
        n, t, first = n[~act], t[~act], first[~act]
        seen = norm_of[t]
        if ((seen >= 0) & (seen != n)).any():
            return _whole_form_counts(
                doc, sent, punct, norm_code, norms, token_code, surface, is_actor
            )
        norm_of[t] = n
        if not np.array_equal(norm_of[t], n):  # two norms of one token in this chunk
            return _whole_form_counts(
                doc, sent, punct, norm_code, norms, token_code, surface, is_actor
            )
        inner += np.bincount(t[~first], minlength=width)
        start += np.bincount(t[first], minlength=width)
    both, inner, start = _pairs_of_tokens(np.maximum(norm_of, 0), inner, start, width)
    return _counts_frame(norms, surface, both, inner, start, width), norms[
        np.flatnonzero(actor_used)
    ]


def _whole_form_counts(doc, sent, punct, norm_code, norms, token_code, surface, is_actor):
    """:func:`word_form_counts` as one call of :func:`form_counts` on every word."""
    rows = ~np.asarray(punct, dtype=bool)
    initial = sentence_starts(np.asarray(doc)[rows], np.asarray(sent)[rows])
    return form_counts(
        np.asarray(norm_code)[rows],
        norms,
        np.asarray(token_code)[rows],
        surface,
        initial,
        np.asarray(is_actor, dtype=bool)[rows],
    )


def sentence_starts(doc: np.ndarray, sent: np.ndarray) -> np.ndarray:
    """Whether each word (rows in text order) is the first word of its sentence.

    >>> sentence_starts(np.array([0, 0, 1]), np.array([0, 0, 0])).tolist()
    [True, False, True]
    """
    doc, sent = np.asarray(doc), np.asarray(sent)  # integers of any width: compared only
    out = np.empty(len(doc), dtype=bool)
    out[:1] = True
    np.not_equal(doc[1:], doc[:-1], out=out[1:])
    out[1:] |= sent[1:] != sent[:-1]
    return out


def form_counts(
    norm_code: np.ndarray,
    norms: np.ndarray,
    token_code: np.ndarray,
    surface: np.ndarray,
    initial: np.ndarray,
    is_actor: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray]:
    """What :func:`display_forms` counts, for words given as codes into ``norms`` and
    ``surface``: ``(counts, actors)``, with ``counts`` one row per ``(norm, token)`` pair
    of the non-actor words, ``inner`` (uses not at a sentence start) and ``initial``
    (uses at one), and ``actors`` the actor norms used.

    Counts of whole documents add up: the tables of parts of a corpus, summed per pair
    (:func:`merge_form_counts`), are the table of the whole, and :func:`choose_forms`
    gives the same forms from either.
    """
    norms, surface = np.asarray(norms, dtype=object), np.asarray(surface, dtype=object)
    is_actor = np.asarray(is_actor, dtype=bool)
    actors = norms[np.unique(norm_code[is_actor])]
    words = ~is_actor
    n, t, first = norm_code[words], token_code[words], initial[words]
    width = max(len(surface), 1)
    counted = _pairs_by_token(n, t, first, width)
    if counted is None:  # a token with more than one norm: count the pairs themselves
        counted = _pairs_sorted(n, t, first, width)
    return _counts_frame(norms, surface, *counted, width), actors


def _counts_frame(norms, surface, both, inner, start, width: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "norm": norms[both // width],
            "token": surface[both % width],
            "inner": inner,
            "initial": start,
        }
    )


def _pairs_sorted(n: np.ndarray, t: np.ndarray, first: np.ndarray, width: int):
    """``(pairs, inner, initial)``: each ``(norm, token)`` pair used, as the sorted
    keys ``norm * width + token``, with its counts away from and at sentence starts."""
    pair = n.astype(np.int64) * width + t
    pairs, at_start = [], []
    for rows in (~first, first):
        p, size = np.unique(pair[rows], return_counts=True)
        pairs.append(p)
        at_start.append(size)
    both = np.union1d(pairs[0], pairs[1])
    inner = np.zeros(len(both), np.int64)
    inner[np.searchsorted(both, pairs[0])] = at_start[0]
    start = np.zeros(len(both), np.int64)
    start[np.searchsorted(both, pairs[1])] = at_start[1]
    return both, inner, start


def _pairs_by_token(n: np.ndarray, t: np.ndarray, first: np.ndarray, width: int):
    """:func:`_pairs_sorted` by counting tokens (``bincount``, no sort of the rows) when
    every token has one norm (as ``normalise`` makes them: a norm per distinct token);
    None when one has two.

    >>> n, t = np.array([1, 0, 1, 1]), np.array([2, 0, 2, 1])
    >>> [x.tolist() for x in _pairs_by_token(n, t, np.array([1, 0, 0, 0], bool), 3)]
    [[0, 4, 5], [1, 1, 1], [0, 0, 1]]
    >>> _pairs_by_token(np.array([0, 1]), np.array([2, 2]), np.zeros(2, bool), 3) is None
    True
    """
    if not len(t):
        return _pairs_sorted(n, t, first, width)
    norm_of = np.zeros(width, dtype=n.dtype)
    norm_of[t] = n  # one of each token's norms; all of them equal when each has one
    if not np.array_equal(norm_of[t], n):
        return None
    inner = np.bincount(t[~first], minlength=width)
    start = np.bincount(t[first], minlength=width)
    return _pairs_of_tokens(norm_of, inner, start, width)


def _pairs_of_tokens(norm_of: np.ndarray, inner: np.ndarray, start: np.ndarray, width: int):
    """``(pairs, inner, initial)`` of :func:`_pairs_sorted` from each token's norm and
    counts away from and at sentence starts (tokens never used are left out)."""
    norm_of = norm_of.astype(np.int64)  # for the keys: norm * width + token
    used = np.flatnonzero((inner > 0) | (start > 0))
    keys = norm_of[used] * width + used
    order = np.argsort(keys, kind="stable")
    used = used[order]
    return keys[order], inner[used].astype(np.int64), start[used].astype(np.int64)


FORM_COLUMNS = ("norm", "token", "inner", "initial")


def _form_schema():
    import pyarrow as pa

    return pa.schema(
        [("norm", pa.large_string()), ("token", pa.large_string()),
         ("inner", pa.int64()), ("initial", pa.int64())]
    )  # fmt: skip


def merge_form_counts(
    parts: Iterable[tuple[pd.DataFrame, np.ndarray]],
) -> tuple[pd.DataFrame, np.ndarray]:
    """The :func:`form_counts` of parts of a corpus (whole documents each), as the table
    of the whole: counts summed per ``(norm, token)``, actors united."""
    import pyarrow as pa

    tables = []
    actors = []
    for counts, used in parts:
        if not isinstance(counts, pa.Table):
            counts = pa.Table.from_pandas(counts[list(FORM_COLUMNS)], preserve_index=False)
        tables.append(counts.cast(_form_schema()))
        actors.append(
            np.asarray(
                used.to_numpy(zero_copy_only=False) if isinstance(used, pa.Array) else used,
                dtype=object,
            )
        )
    if not tables:
        tables.append(_form_schema().empty_table())
    summed = (
        pa.concat_tables(tables)
        .group_by(["norm", "token"], use_threads=False)
        .aggregate([("inner", "sum"), ("initial", "sum")])
    )
    counts = pd.DataFrame(
        {
            "norm": summed["norm"].to_numpy(),
            "token": summed["token"].to_numpy(),
            "inner": summed["inner_sum"].to_numpy().astype(np.int64),
            "initial": summed["initial_sum"].to_numpy().astype(np.int64),
        }
    )
    used = pd.unique(np.concatenate(actors)) if actors else np.array([], dtype=object)
    return counts, np.asarray(used, dtype=object)


def choose_forms(counts: pd.DataFrame, actors: np.ndarray) -> pd.Series:
    """The display forms (``norm -> display``) from :func:`form_counts` of a corpus.

    A word seen anywhere but at a sentence start is judged on those uses only; its most
    frequent form wins, ties to the lower-case form, then alphabetically; an actor is
    shown as its canonical name.
    """
    inner = counts.groupby("norm", sort=False)["inner"].transform("sum").to_numpy() > 0
    n = np.where(inner, counts["inner"].to_numpy(), counts["initial"].to_numpy())
    keep = n > 0
    counts = pd.DataFrame(
        {
            "norm": counts["norm"].to_numpy(dtype=object)[keep],
            "token": counts["token"].to_numpy(dtype=object)[keep],
            "n": n[keep].astype(np.int64),
        }
    ).astype({"norm": str, "token": str})
    counts["lower"] = counts["token"] == counts["norm"]
    counts = counts.sort_values(
        ["norm", "n", "lower", "token"], ascending=[True, False, False, True], kind="stable"
    ).drop_duplicates("norm")
    actors = pd.Series(np.asarray(actors, dtype=object), dtype=object)
    out = pd.Series(counts["token"].to_numpy(), index=counts["norm"].to_numpy(), dtype=object)
    out = pd.concat([out, pd.Series(actors.to_numpy(), index=actors.astype(str), dtype=object)])
    out = out[~out.index.duplicated(keep="last")].sort_index()
    return out.rename("display").rename_axis("term")


def display_terms(terms: Iterable[str], forms: pd.Series) -> list[str]:
    """Display forms of terms, words or n-grams, from a :func:`display_forms` table.

    A term the table knows is looked up whole (words, actor names); an n-gram word by
    word; a word the table does not know is shown as it is.

    >>> forms = pd.Series({"russia": "Russia", "u.s.": "U.S."})
    >>> display_terms(["russia", "u.s. troops", "Bashar al-Assad"], forms)
    ['Russia', 'U.S. troops', 'Bashar al-Assad']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    # a dictionary lookup per term and per word, in Arrow's kernels (a bigram vocabulary
    # has a million terms): a term found whole, else each of its words found or kept
    values = [t if type(t) is str else str(t) for t in terms]
    if not values:
        return []
    forms = forms[~forms.index.duplicated(keep="last")]  # as a dict of the Series keeps
    keys = pa.array([str(k) for k in forms.index], pa.large_string())
    shown = pa.array([str(v) for v in forms.to_numpy(dtype=object)], pa.large_string())
    arr = pa.array(values, pa.large_string())
    words = pc.split_pattern(arr, " ")
    flat = pc.list_flatten(words)
    at = pc.index_in(flat, value_set=keys)
    flat = pc.if_else(pc.is_null(at), flat, pc.take(shown, at))
    joined = pc.binary_join(type(words).from_arrays(words.offsets, flat), pa.scalar(" ", flat.type))
    whole = pc.index_in(arr, value_set=keys)
    return pc.if_else(pc.is_null(whole), joined, pc.take(shown, whole)).to_pylist()
