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
    rows = ~toks["is_punct"].to_numpy(dtype=bool)  # words, in text order (a mask: no index)
    # the words' documents and sentences are let go once their starts are known
    initial = sentence_starts(coded(toks["doc_id"])[0][rows], toks["sent_id"].to_numpy()[rows])
    norm_code, norms = coded(toks["norm"])
    token_code, surface = coded(toks["token"])
    counts, actors = form_counts(
        norm_code[rows],
        norms,
        token_code[rows],
        surface,
        initial,
        toks["actor"].notna().to_numpy()[rows],
    )
    return choose_forms(counts, actors)


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
    both, inner, start = counted
    counts = pd.DataFrame(
        {
            "norm": norms[both // width],
            "token": surface[both % width],
            "inner": inner,
            "initial": start,
        }
    )
    return counts, actors


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
    norm_of = norm_of.astype(np.int64)  # for the keys: norm * width + token
    inner = np.bincount(t[~first], minlength=width)
    start = np.bincount(t[first], minlength=width)
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
