"""Term frequencies, n-grams, tf-idf, dispersion and Zipf tables, by any document column.

What the numbers mean (the same in every function here):

- **count**: occurrences of the term.
- **rel_freq**: occurrences per 1,000 words (``RATE_PER`` words). The denominator,
  ``n_words``, is every word token of the group: punctuation excluded, stop words
  INCLUDED (whatever ``drop_stop`` says), a merged actor name counting as one word.
  n-grams use the same denominator, so ``rel_freq`` of a bigram reads "occurrences per
  1,000 words of text".
- **doc_freq**: how many articles of the group use the term at least once, beside
  ``n_docs``, the articles in the group, and ``doc_share = doc_freq / n_docs``. A term
  with a high count but ``doc_freq`` 1 is one article's repetition, not a theme.

Every row of ``corpus.docs`` counts as an article, including rows that the loader marked
as duplicates of another (``duplicate_of`` set), so a syndicated copy counts twice.

Counts, document frequencies and ``n_words`` are read from the document-term matrix
(:func:`corpus_utils.stats.dtm.dtm`, built once per token options and kept), summed by group;
token options are one :class:`~corpus_utils.options.TokenOptions` (``tokens=``), the old
keywords (``drop_stop=False``...) still accepted.

How n-grams are formed (``n=2, 3``): from consecutive tokens of ONE sentence, on the
full token stream, so every n-gram is a phrase that stands in the text (a KWIC search
for it finds it). An n-gram is dropped when it contains punctuation (with
``drop_punct``, the default: a comma or a sentence end breaks a phrase) or when it
BEGINS or ENDS with a stop word (with ``drop_stop``, the default). Stop words inside
are kept: ``"battle against ISIS"`` is a trigram, ``"against ISIS"`` is not a bigram.
Removed words are never bridged, unlike quanteda's ``tokens_remove`` followed by
``tokens_ngrams``, which builds n-grams that never occur in the text. An n-gram's
``term`` is its words' ``norm`` joined by single spaces; a merged actor name is one
word, so ``"syrian president Bashar al-Assad"`` is a trigram.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer

from ..corpus import Corpus
from ..options import TokenOptions, token_options
from .dtm import DocTermMatrix, GroupBy, doc_groups, dtm, ngram_starts, term_codes
from .kwic import find, query_patterns

RATE_PER = 1000
"""``rel_freq`` is occurrences per this many words."""

COUNTING = TokenOptions()
"""The default token options of the counting analyses: stop words and punctuation out."""

ZIPF = TokenOptions(drop_stop=False)
"""The default of :func:`zipf_table`: every word, stop words included."""

_groups = doc_groups  # the name keyness and compare used; doc_groups is the one to use


def ngram_occurrences(
    tokens: pd.DataFrame,
    *,
    n: int = 1,
    drop_stop: bool = True,
    drop_punct: bool = True,
    terms: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every occurrence of every term (word or n-gram) in a full token table.

    Args:
        tokens: :meth:`Corpus.tokens` with nothing dropped, in document order.
        n: 1 for words, 2 for bigrams, 3 for trigrams...
        drop_stop: leave out words that are stop words; n-grams that begin or end with one.
        drop_punct: leave out punctuation, and any n-gram containing it.
        terms: only the occurrences of these terms (``None``: every term). They are
            picked by integer codes (:func:`~corpus_utils.stats.dtm.term_codes`) before any
            string is built, so the cost of the strings follows the terms asked for,
            not the corpus.

    Returns:
        ``doc_id, sent_id, token_id, term, start, end`` (``token_id`` of the first word;
        ``start``/``end`` span the whole term in ``docs.text``). n-gram terms are the
        ``norm`` values joined by single spaces.
    """
    punct = tokens["is_punct"].to_numpy(dtype=bool)
    stop = tokens["is_stop"].to_numpy(dtype=bool)
    inner_bad = punct if drop_punct else np.zeros(len(tokens), bool)
    edge_bad = inner_bad | stop if drop_stop else inner_bad
    doc = pd.factorize(tokens["doc_id"])[0]
    rows = ngram_starts(doc, tokens["sent_id"].to_numpy(), edge_bad, inner_bad, n)
    if terms is not None:
        rows = rows[_picked(tokens["norm"], rows, n, terms)]
    norm = tokens["norm"].astype(object).to_numpy()
    term = pd.Series(norm[rows], dtype="string")
    if n > 1:
        term = term.str.cat([pd.Series(norm[rows + j], dtype="string") for j in range(1, n)], " ")
    return pd.DataFrame(
        {
            "doc_id": pd.array(tokens["doc_id"].iloc[rows].to_numpy(dtype=object), dtype="string"),
            "sent_id": tokens["sent_id"].to_numpy()[rows],
            "token_id": tokens["token_id"].to_numpy()[rows],
            "term": term.to_numpy(),
            "start": tokens["start"].to_numpy()[rows],
            "end": tokens["end"].to_numpy()[rows + n - 1],
        }
    )


def _picked(norm: pd.Series, starts: np.ndarray, n: int, terms: Iterable[str]) -> np.ndarray:
    """Whether the n-gram starting at each of ``starts`` is one of ``terms`` (booleans).

    Compared as integers: each term asked for is split into ``n`` words of the
    vocabulary in every way its spaces allow (a merged actor's norm may hold a space),
    each split is one integer key, and each n-gram's key is made from its words' codes;
    no n-gram string is built, so the cost follows the tokens and the terms asked for,
    not the number of distinct n-grams. The same rows as matching the joined strings.
    Words (``n=1``), a missing norm or too large a vocabulary: by the terms' codes.

    >>> norm = pd.Series(["a", "b c", "d", "a"])
    >>> _picked(norm, np.array([0, 1, 2]), 2, ["a b c", "d a", "b"]).tolist()
    [True, False, True]
    """
    word, words = pd.factorize(norm)
    size = max(len(words), 1)
    if n == 1 or (word < 0).any() or size**n >= 2**62:  # words: their codes are as cheap
        codes, vocab = term_codes(norm, starts, n)
        wanted = pd.Index(vocab).get_indexer(pd.Index(list(terms), dtype=object).unique())
        return np.isin(codes, wanted[wanted >= 0])
    index = {str(w): i for i, w in enumerate(words)}
    keys = set()
    for term in {str(t) for t in terms}:
        parts = term.split(" ")
        for cut in combinations(range(1, len(parts)), n - 1):
            bounds = (0, *cut, len(parts))
            pieces = zip(bounds[:-1], bounds[1:], strict=True)
            codes = [index.get(" ".join(parts[a:b])) for a, b in pieces]
            if None not in codes:
                key = 0
                for c in codes:
                    key = key * size + c
                keys.add(key)
    key = np.zeros(len(starts), np.int64)
    for j in range(n):
        key = key * size + word[starts + j].astype(np.int64)
    return np.isin(key, np.fromiter(keys, np.int64, len(keys)))


def term_occurrences(
    corpus: Corpus,
    *,
    n: int = 1,
    tokens: TokenOptions | None = None,
    terms: Iterable[str] | None = None,
    **token_kwargs: object,
) -> pd.DataFrame:
    """Every occurrence behind :func:`term_frequencies`, with its offsets.

    ``doc_id, sent_id, token_id, term, start, end``: filter on ``term`` to see where a
    count came from (``corpus.text_of(doc_id)[start:end]`` is the occurrence as written).
    ``tokens`` (or the old keywords ``drop_stop=``, ``stem=``...) as in
    :func:`term_frequencies`; ``terms``: only these terms' occurrences (see
    :func:`ngram_occurrences`).

    >>> occ = term_occurrences(corpus, n=2)
    >>> first = occ[occ["term"] == "syrian military"].iloc[0]
    >>> corpus.text_of(first["doc_id"])[first["start"] : first["end"]]
    'Syrian military'
    """
    opts = token_options(tokens, default=COUNTING, **token_kwargs)
    toks = corpus.tokens(**opts.normalisation())
    return ngram_occurrences(
        toks, n=n, drop_stop=opts.drop_stop, drop_punct=opts.drop_punct, terms=terms
    )


def _words_per_doc(toks: pd.DataFrame, doc_ids: pd.Index) -> pd.Series:
    words = toks.loc[~toks["is_punct"].astype(bool), "doc_id"]
    return words.value_counts().reindex(doc_ids, fill_value=0).astype("int64")


def _matrix(corpus: Corpus, by: GroupBy, n: int, opts: TokenOptions) -> DocTermMatrix:
    """The document-term matrix grouped ``by`` (None: one group, ``(all)``)."""
    m = dtm(corpus, n=n, tokens=opts)
    name, groups = doc_groups(corpus, by)
    return m.group(groups, name=name or "_group")


def term_frequencies(
    corpus: Corpus,
    *,
    by: GroupBy = None,
    n: int = 1,
    tokens: TokenOptions | None = None,
    min_count: int = 1,
    **token_kwargs: object,
) -> pd.DataFrame:
    """Counts, relative frequencies and document frequencies of words or n-grams.

    Read from the document-term matrix (:func:`corpus_utils.stats.dtm.dtm`), summed by group.

    Args:
        corpus: the corpus.
        by: ``None`` for the whole corpus, the name of any ``docs`` column (``"outlet"``,
            ``"doc_id"``, ``"folder"``...), or a Series indexed by ``doc_id`` (e.g. a year:
            ``corpus.docs.set_index("doc_id")["published_start"].dt.year.rename("year")``).
            Articles whose group is missing form their own group (NA).
        n: 1 for words, 2 for bigrams, 3 for trigrams (see the module notes).
        tokens: the token options (:class:`~corpus_utils.options.TokenOptions`; default:
            stop words and punctuation left out, actor names merged). n-grams: those
            that begin or end with a stop word, or contain punctuation, are left out.
        min_count: keep terms occurring at least this often in their group.
        **token_kwargs: the old keywords (``drop_stop``, ``drop_punct``,
            ``merge_actors``, ``stem``, ``stopwords``...), applied on top of ``tokens``.

    Returns:
        ``[by], term, count, rel_freq, doc_freq, n_docs, doc_share, n_words``, sorted by
        group, then count (descending), then term. ``rel_freq`` is per 1,000 words of
        the group; ``n_words`` is that denominator (see the module notes).

    >>> freq = term_frequencies(corpus, by="outlet")
    >>> freq.groupby("outlet")["n_docs"].first().to_dict()
    {'Daily Caller News Foundation': 1, 'Newsweek': 4}
    """
    opts = token_options(tokens, default=COUNTING, **token_kwargs)
    m = _matrix(corpus, by, n, opts)
    key = m.rows.columns[0]
    out = m.frame()
    out = out[out["count"] >= min_count]
    out = out.merge(m.rows[[key, "n_docs", "n_words"]], on=key, how="left", validate="many_to_one")
    out["rel_freq"] = out["count"] / out["n_words"].where(out["n_words"] > 0) * RATE_PER
    out["doc_share"] = out["doc_freq"] / out["n_docs"]
    cols = ["term", "count", "rel_freq", "doc_freq", "n_docs", "doc_share", "n_words"]
    out = out.sort_values(
        [key, "count", "term"], ascending=[True, False, True], na_position="last", kind="stable"
    )
    return out[[key, *cols] if by is not None else cols].reset_index(drop=True)


def tfidf(
    corpus: Corpus,
    *,
    by: str | pd.Series = "doc_id",
    n: int = 1,
    tokens: TokenOptions | None = None,
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    norm: str | None = "l2",
    **token_kwargs: object,
) -> pd.DataFrame:
    """tf-idf of each term in each group, by scikit-learn's ``TfidfTransformer``.

    Each group (by default each article) is one "document" for scikit-learn; its counts
    are the rows of the document-term matrix (:func:`corpus_utils.stats.dtm.dtm`) summed by
    group, the same terms as :func:`term_frequencies`, so scikit-learn's tokenizer and
    stop list play no part. With the defaults ``idf = ln((1 + n_groups) / (1 + df)) + 1``
    and each group's tf-idf vector has unit length (``norm="l2"``), as in scikit-learn.

    Args:
        by: a ``docs`` column name or a Series indexed by ``doc_id``, as in
            :func:`term_frequencies`. Grouping by outlet treats each outlet as one
            document (quanteda's ``dfm_group`` before ``dfm_tfidf``).
        n, tokens, **token_kwargs: as in :func:`term_frequencies`.
        smooth_idf, sublinear_tf, norm: passed to ``TfidfTransformer``.

    Returns:
        ``by, term, tf, df, idf, tfidf``: ``tf`` is the raw count in the group, ``df``
        the number of groups that use the term. Only terms present in a group are
        listed; sorted by group, tf-idf (descending), term.

    Caveat: with five articles, idf takes only five values; a term is "distinctive"
    merely for being absent from the other four.
    """
    if by is None:
        raise ValueError("tf-idf needs groups to compare: pass by='doc_id' or another column")
    opts = token_options(tokens, default=COUNTING, **token_kwargs)
    m = _matrix(corpus, by, n, opts)
    weights, idf = tfidf_weights(
        m.counts, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, norm=norm
    )
    counts = m.counts.tocoo()
    w = weights.tocsr()
    df = np.bincount(counts.col, minlength=m.shape[1])
    key = m.rows.columns[0]
    out = pd.DataFrame(
        {
            key: m.rows[key].to_numpy()[counts.row],
            "term": pd.array(np.asarray(m.terms, dtype=object)[counts.col], dtype="string"),
            "tf": counts.data.astype("int64"),
            "df": df[counts.col].astype("int64"),
            "idf": idf[counts.col],
            "tfidf": np.asarray(w[counts.row, counts.col]).ravel(),
        }
    )
    order = _by_row_score_term(m, counts.row, counts.col, out["tfidf"].to_numpy())
    if order is None:
        out = out.sort_values(
            [key, "tfidf", "term"], ascending=[True, False, True], na_position="last", kind="stable"
        )
    else:
        out = out.iloc[order]
    return out.reset_index(drop=True)


def _by_row_score_term(
    m: DocTermMatrix, row: np.ndarray, col: np.ndarray, score: np.ndarray
) -> np.ndarray | None:
    """The order of cells by group, score (descending), term, from integer codes.

    The matrix's groups are sorted (NA last) and its terms are sorted, so ordering by
    their row and column numbers is ordering by their values, without comparing a
    million strings. ``None`` when that does not hold (then sort by value). The cells
    come in row order, columns ascending within a row (CSR with sorted indices), so a
    stable sort by row and score keeps the columns of equal scores in order: two keys,
    not three.
    """
    key = m.rows[m.rows.columns[0]]
    na = key.isna().to_numpy()
    n_na = int(na.sum())
    if n_na and not na[len(na) - n_na :].all():
        return None
    try:
        groups_sorted = pd.Index(key[~na].to_numpy(dtype=object)).is_monotonic_increasing
    except TypeError:
        return None
    unique = key[~na].is_unique and m.terms.is_unique
    if not (groups_sorted and unique and m.terms.is_monotonic_increasing):
        return None
    if np.isnan(score).any():
        return None
    if not (m.counts.has_sorted_indices and (np.diff(row) >= 0).all()):
        return np.lexsort((col, -score, row))
    return np.lexsort((-score, row))  # stable: within a row and score, column order


def tfidf_weights(
    counts, *, smooth_idf: bool = True, sublinear_tf: bool = False, norm: str | None = "l2"
):
    """``(weights, idf)``: scikit-learn's tf-idf of a count matrix (rows = documents).

    The one tf-idf of the package: :func:`tfidf` and the similarity of
    :mod:`corpus_utils.stats.compare` both use it.

    >>> from scipy import sparse
    >>> w, idf = tfidf_weights(sparse.csr_matrix([[1, 0], [1, 1]]))
    >>> idf.round(3).tolist()
    [1.0, 1.405]
    """
    transformer = TfidfTransformer(norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
    weights = transformer.fit_transform(counts.astype(np.float64))
    return weights, transformer.idf_


def top_tfidf(scores: pd.DataFrame, *, k: int = 10) -> pd.DataFrame:
    """The ``k`` highest tf-idf terms of each group, with their ``rank`` (1 = highest).

    Args:
        scores: the table from :func:`tfidf` (its first column is the group).
        k: terms per group; ties are broken by term, alphabetically.

    >>> top = top_tfidf(tfidf(corpus), k=2)
    >>> len(top), top["rank"].tolist()[:2]
    (10, [1, 2])
    """
    if "term" not in scores.columns or scores.columns[0] == "term":
        raise ValueError("pass the table returned by tfidf() (group column first)")
    group = scores.columns[0]
    ordered = scores.sort_values(
        [group, "tfidf", "term"], ascending=[True, False, True], na_position="last", kind="stable"
    )
    ordered = ordered.assign(rank=ordered.groupby(group, dropna=False, sort=False).cumcount() + 1)
    return ordered[ordered["rank"] <= k].reset_index(drop=True)


def dispersion(
    corpus: Corpus,
    terms: str | Sequence[str],
    *,
    order_by: str | None = "published_start",
    tokens: TokenOptions | None = None,
    entities: bool = False,
    pack: str = "syria",
    **token_kwargs: object,
) -> pd.DataFrame:
    """Where in each article each term occurs: one row per occurrence.

    Terms are matched like :func:`~corpus_utils.stats.kwic.kwic` queries (a word, a phrase, an
    actor name in any listed form, a glob such as ``"terror*"``). With
    ``entities=True`` a term that is an entity of :func:`corpus_utils.sources.entities.entities`
    (``"Tony Blair"``) is placed at every mention of it, in any variant (``Mr Blair``,
    ``Prime Minister Tony Blair``); an upper-case ``IS`` outside a sentence about the
    group is then no ``ISIS``.

    Args:
        terms: the terms to place.
        order_by: the ``docs`` column that orders the articles (``None``: corpus order).
            Articles without a value come last; ties are broken by ``doc_id``.
        tokens: the token options; only ``merge_actors`` and ``stem`` matter here (old
            keywords ``merge_actors=``, ``stem=`` work too).
        entities: place entity names at their mentions (see above).
        pack: the beat pack for ``entities=True``.

    Returns:
        ``doc_rank, doc_id, term, position, rel_pos, n_words, token_id, start, end`` (plus
        the ``order_by`` column). ``term`` is the query as given; ``position`` counts the
        article's words (punctuation excluded) from 0; ``rel_pos = position / (n_words -
        1)``, 0 at the first word and 1 at the last; ``doc_rank`` is the article's place
        in ``order_by`` order (0 = first), over all articles of the corpus.

    >>> hits = dispersion(corpus, ["ISIS", "russia", "coalition"])
    >>> bool(hits["rel_pos"].between(0, 1).all()), hits["doc_rank"].nunique()
    (True, 5)
    """
    terms = [terms] if isinstance(terms, str) else list(terms)
    if not terms:
        raise ValueError("give at least one term")
    docs = corpus.docs[["doc_id"] + ([order_by] if order_by else [])].copy()
    sort_cols = [order_by, "doc_id"] if order_by else []
    if sort_cols:
        docs = docs.sort_values(sort_cols, na_position="last", kind="stable")
    rank = pd.Series(np.arange(len(docs)), index=docs["doc_id"].to_numpy())
    opts = token_options(tokens, **token_kwargs)
    merge_actors, stem = opts.merge_actors, opts.stem
    toks = corpus.tokens(merge_actors=merge_actors, stem=stem)
    is_word = ~toks["is_punct"].to_numpy(dtype=bool)
    word_pos = (
        toks.assign(_w=is_word).groupby("doc_id", sort=False, observed=True)["_w"].cumsum()
    ).to_numpy() - 1
    word_pos = np.maximum(word_pos, 0)  # a leading punctuation token sits at word 0
    n_words = _words_per_doc(toks, pd.Index(corpus.docs["doc_id"]))
    parts = []
    by_entity = _entity_hits(corpus, toks, terms, pack) if entities else {}
    for term in terms:
        if term in by_entity:
            first, last = by_entity[term]
        else:
            hits = find(toks, query_patterns(term, merge_actors=merge_actors, stem=stem))
            first, last = hits["first"].to_numpy(), hits["last"].to_numpy()
        doc_ids = toks["doc_id"].iloc[first].to_numpy(dtype=object)
        nw = n_words.reindex(doc_ids).to_numpy()
        pos = word_pos[first]
        parts.append(
            pd.DataFrame(
                {
                    "doc_rank": rank.reindex(doc_ids).to_numpy(),
                    "doc_id": pd.array(doc_ids, dtype="string"),
                    "term": pd.array([term] * len(first), dtype="string"),
                    "position": pos.astype("int64"),
                    "rel_pos": pos / np.maximum(nw - 1, 1),
                    "n_words": nw.astype("int64"),
                    "token_id": toks["token_id"].to_numpy()[first],
                    "start": toks["start"].to_numpy()[first],
                    "end": toks["end"].to_numpy()[last],
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["doc_rank", "start", "term"], kind="stable").reset_index(drop=True)
    if order_by:
        out = corpus.with_metadata(out, [order_by])
    return out


def _entity_hits(
    corpus: Corpus, toks: pd.DataFrame, terms: list[str], pack: str
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``term -> (first, last)`` token rows of every mention of the entity named ``term``."""
    from ..sources.entities import mentions

    m = mentions(corpus, pack=pack)
    m = m[m["entity"].isin(terms)]
    if m.empty:
        return {}
    rows = pd.DataFrame(
        {"doc_id": toks["doc_id"], "start": toks["start"], "end": toks["end"]}
    ).reset_index(names="row")
    first = m[["entity", "doc_id", "name_start", "end"]].merge(
        rows[["doc_id", "start", "row"]].rename(columns={"start": "name_start"}),
        on=["doc_id", "name_start"],
        how="inner",
    )
    both = first.merge(
        rows[["doc_id", "end", "row"]], on=["doc_id", "end"], how="inner", suffixes=("", "_last")
    )
    return {
        str(e): (g["row"].to_numpy(), g["row_last"].to_numpy())
        for e, g in both.groupby("entity", sort=False)
    }


def zipf_table(
    corpus: Corpus, *, tokens: TokenOptions | None = None, **token_kwargs: object
) -> pd.DataFrame:
    """Rank-frequency table for a Zipf plot: ``rank, term, count, rel_freq``.

    Stop words are kept by default (``TokenOptions(drop_stop=False)``): Zipf's law is
    about the whole vocabulary. Ranks are ordinal (1, 2, 3, ...); terms with equal
    counts are ranked alphabetically.
    """
    opts = token_options(tokens, default=ZIPF, **token_kwargs)
    tf = term_frequencies(corpus, tokens=opts)
    out = tf[["term", "count", "rel_freq"]].copy()
    out.insert(0, "rank", np.arange(1, len(out) + 1, dtype="int64"))
    return out
