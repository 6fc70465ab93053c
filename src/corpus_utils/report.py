"""Facts and caveats computed from a corpus, and the "is there enough to draw this?" checks.

Every sentence a notebook states about its corpus (how many articles, outlets and
years, how unbalanced the groups are, what was inferred or removed, which groups are
too small) comes from here, so it is true of whatever corpus the notebook runs on.
Each ``can_*`` function returns ``(ok, reason)``: when ``ok`` is false the notebook
shows ``reason`` instead of the figure.

A missing group value (NA, an empty string or ``"(unknown)"``) is never a group: it is
left out of every comparison, and the sentences say how many articles that leaves out.

>>> ok, reason = can_compare(corpus, by="outlet")
>>> ok
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .corpus import Corpus
from .plots import group_label

Verdict = tuple[bool, str]

UNKNOWN = "(unknown)"
# outlet_basis of a value read from the text, not from a column or sidecar
INFERRED_PREFIXES = ("inferred:", "cue in text:")
# published_basis of a date read from the text (a lower bound)
INFERRED_DATE_PREFIXES = ("inferred:", "latest date in the text")
MIN_GROUP_DOCS = 5  # a group with fewer articles is flagged as too small to compare
SMALL_CORPUS = 30  # below this many articles, results describe these articles only


def _groups(n: int, by: str) -> str:
    """``"2 outlets"``, ``"1 value of labels"``, ``"3 values of labels"``: groups of ``by``.

    >>> _groups(2, "outlet"), _groups(1, "labels"), _groups(3, "labels")
    ('2 outlets', '1 value of labels', '3 values of labels')
    """
    return f"{n:,} {group_label(by, many=n != 1)}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    """``"1 article"``, ``"2 articles"``, with a thousands separator.

    >>> _plural(1, "article"), _plural(1200, "outlet")
    ('1 article', '1,200 outlets')
    """
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def is_missing(values: pd.Series) -> pd.Series:
    """True where a group value is missing: NA, empty or ``"(unknown)"``.

    >>> is_missing(pd.Series(["BBC", None, " ", "(unknown)"])).tolist()
    [False, True, True, True]
    """
    codes, uniques = pd.factorize(values)  # decided once per distinct value (NA: -1)
    if len(codes) == 0:
        return pd.Series(False, index=values.index, name=values.name, dtype=bool)
    text = pd.Series(uniques).astype("string").str.strip()
    flags = (text.isna() | text.eq("") | text.eq(UNKNOWN)).fillna(True).to_numpy(dtype=bool)
    out = np.where(codes < 0, True, flags[np.maximum(codes, 0)] if len(flags) else True)
    return pd.Series(out, index=values.index, name=values.name, dtype=bool)


def is_inferred(basis: pd.Series, prefixes: Sequence[str] = INFERRED_PREFIXES) -> pd.Series:
    """True where a ``*_basis`` says the value was read from the text.

    >>> is_inferred(pd.Series(['inferred: "told CNN"', 'cue in text: x', "column source"])).tolist()
    [True, True, False]
    """
    text = basis.astype("string").str.strip().str.lower()
    return text.str.startswith(tuple(prefixes)).fillna(False).astype(bool)


def group_sizes(corpus: Corpus, by: str = "outlet") -> pd.Series:
    """Articles per known value of ``by``, largest first (ties by name); missing left out.

    Raises:
        KeyError: ``by`` is not a document column.
    """
    _check_column(corpus, by)
    values = corpus.docs[by]
    known = values[~is_missing(values)].astype("string").str.strip()
    counts = known.value_counts()
    order = sorted(counts.index, key=lambda g: (-counts[g], str(g)))
    return counts.reindex(order).rename("articles").rename_axis(by).astype("int64")


def _check_column(corpus: Corpus, by: str) -> None:
    if by not in corpus.docs.columns:
        raise KeyError(
            f"no document column {by!r}; available: {', '.join(corpus.metadata_columns())}"
        )


def known_mask(corpus: Corpus, by: str = "outlet") -> pd.Series:
    """Per article (in ``docs`` order): True where ``by`` has a known value."""
    _check_column(corpus, by)
    return ~is_missing(corpus.docs[by])


def drop_missing(table: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """The rows of ``table`` whose ``by`` value is known (for tables grouped by ``by``).

    >>> drop_missing(pd.DataFrame({"outlet": ["A", "(unknown)", None]})).outlet.tolist()
    ['A']
    """
    return table[~is_missing(table[by])]


def choose_group_by(corpus: Corpus, group_by: str | None = None) -> tuple[str, str]:
    """The document column the notebooks group by, and a sentence saying why.

    A ``group_by`` given is used as it is. With ``None``: ``outlet`` when at least half
    of the articles have an outlet the data gives (a column, a sidecar or a URL, not one
    read from the article's text); else ``folder`` when the corpus's files sit in two or
    more folders that hold at least half of the articles (a corpus sorted into sections,
    such as BBC's business / politics / ...); else ``outlet`` all the same, and the
    comparisons then say there is nothing to compare.

    >>> choose_group_by(corpus)
    ('outlet', '5 of 5 articles have an outlet given by the data: grouped by outlet.')
    >>> choose_group_by(corpus, "title")[0]
    'title'
    """
    if group_by is not None:
        return group_by, f"grouped by `{group_by}`, as asked."
    docs, n = corpus.docs, len(corpus.docs)
    given = 0
    if "outlet" in docs.columns:
        known = ~is_missing(docs["outlet"])
        if "outlet_basis" in docs.columns:
            known &= ~is_inferred(docs["outlet_basis"])
        given = int(known.sum())
    have = f"{given:,} of {_plural(n, 'article')} have an outlet given by the data"
    if n and given * 2 >= n:
        return "outlet", f"{have}: grouped by outlet."
    if "folder" in docs.columns:
        folders = docs["folder"][~is_missing(docs["folder"])]
        if folders.nunique() >= 2 and len(folders) * 2 >= n:
            return "folder", (
                f"only {have}; the files sit in {folders.nunique():,} folders: grouped by folder."
            )
    return "outlet", f"{have}: grouped by outlet."


def group_sentence(corpus: Corpus, by: str = "outlet") -> str:
    """How many articles have no ``by`` value (left out) and how many values are inferred.

    When every article has a value the data gives, it says so in one short sentence.

    >>> group_sentence(corpus, by="outlet")
    'All 5 articles have an outlet, given by the data.'
    """
    _check_column(corpus, by)
    n = len(corpus)
    missing = int(is_missing(corpus.docs[by]).sum())
    basis = f"{by}_basis"
    inferred = 0
    if basis in corpus.docs.columns:
        inferred = int((is_inferred(corpus.docs[basis]) & ~is_missing(corpus.docs[by])).sum())
    if missing == 0 and inferred == 0:
        every = f"All {n:,} articles have" if n != 1 else "The one article has"
        return f"{every} {'an' if by[:1] in 'aeiou' else 'a'} {by}, given by the data."
    verb, are = ("has", "is") if missing == 1 else ("have", "are")
    parts = []
    if missing:
        parts.append(
            f"{missing:,} of {_plural(n, 'article')} {verb} no {by} and {are} left out of the "
            f"{by} comparison"
        )
    if inferred:
        parts.append(
            f"the {by} of {_plural(inferred, 'article')} is inferred from the text, not given "
            "by the data"
        )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def can_compare(
    corpus: Corpus, by: str = "outlet", *, min_groups: int = 2, min_docs: int = 1
) -> Verdict:
    """Whether there are at least ``min_groups`` known values of ``by`` to compare.

    Only groups of at least ``min_docs`` articles count. The reason names the groups
    (or says why there are none) and how many articles have no value.

    >>> can_compare(corpus, by="outlet")  # doctest: +NORMALIZE_WHITESPACE
    (True, '2 outlets to compare: Newsweek (4 articles),
     Daily Caller News Foundation (1 article).')
    """
    if by not in corpus.docs.columns:
        cols = ", ".join(corpus.metadata_columns())
        return False, f"The corpus has no `{by}` column (available: {cols}): nothing to compare."
    sizes = group_sizes(corpus, by)
    big = sizes[sizes >= min_docs]
    missing = len(corpus) - int(sizes.sum())
    are = "is" if missing == 1 else "are"
    left = f" {_plural(missing, 'article')} without a known {by} {are} left out." if missing else ""
    if len(big) >= min_groups:
        shown = ", ".join(f"{g} ({_plural(int(c), 'article')})" for g, c in big.head(5).items())
        more = f" and {len(big) - 5:,} more" if len(big) > 5 else ""
        return True, f"{_groups(len(big), by)} to compare: {shown}{more}.{left}"
    groups = group_label(by, many=True)
    if sizes.empty:
        return False, f"No article has a known {by}: no comparison between {groups}."
    if len(sizes) == 1:
        g, c = sizes.index[0], int(sizes.iloc[0])
        return False, (
            f"Only one {by} ({g}, {_plural(c, 'article')}): no comparison between {groups}.{left}"
        )
    return False, (
        f"Fewer than {min_groups} {groups} have {_plural(min_docs, 'article')} or more "
        f"({len(sizes):,} {groups} in all): no comparison between {groups}.{left}"
    )


def can_draw_timeline(corpus: Corpus) -> Verdict:
    """Whether any article has a known (or inferred) publication date."""
    if "published_start" not in corpus.docs.columns:
        return False, "The corpus has no publication dates: no timeline."
    dated = int(corpus.docs["published_start"].notna().sum())
    if dated == 0:
        return False, (
            f"None of the {_plural(len(corpus), 'article')} has a known publication date "
            "(no date column, and no full date in the text): no timeline."
        )
    return True, f"{dated:,} of {_plural(len(corpus), 'article')} have a known date."


def can_rank(table: pd.DataFrame, what: str) -> Verdict:
    """Whether a ranking table (terms, n-grams, collocates...) has any row to draw.

    >>> can_rank(pd.DataFrame({"term": []}), "three-word sequences")[1]
    'No three-word sequences occur in this corpus: no chart.'
    """
    if len(table) == 0:
        return False, f"No {what} occur in this corpus: no chart."
    return True, f"{_plural(len(table), 'row')} of {what}."


def can_compare_voices(corpus: Corpus) -> Verdict:
    """Whether there are words both in quotes and in the reporter's narration."""
    toks = corpus.tokens(voice=True)
    words = toks[~toks["is_punct"]]
    quoted = int(words["voice"].isin(["quote", "partial"]).sum())
    narration = int(words["voice"].eq("narration").sum())
    if quoted == 0 or narration == 0:
        return False, (
            f"The corpus has {_plural(quoted, 'word')} in quotation marks and "
            f"{_plural(narration, 'word')} of narration: no comparison of the two voices."
        )
    return True, f"{quoted:,} quoted words against {narration:,} words of narration."


def can_model_topics(
    units_terms: Sequence[Sequence[str]],
    *,
    ks: Iterable[int] = (2,),
    min_df: float = 2,
    max_df: float = 0.5,
) -> Verdict:
    """Whether a topic model with the smallest ``k`` in ``ks`` can be fitted.

    ``units_terms`` are the terms of each modelled unit (``UnitTerms.terms`` of the units
    not excluded). Terms are counted as the topic model counts them (scikit-learn's
    ``CountVectorizer`` with the same ``min_df``/``max_df``); the model needs at least
    ``k`` units and ``k`` terms.

    >>> can_model_topics([["a", "b"], ["a", "c"]], ks=[2])[0]
    False
    """
    from sklearn.feature_extraction.text import CountVectorizer

    k = min(ks, default=2)
    docs = [list(t) for t in units_terms if len(t)]
    if len(docs) < k:
        return False, (
            f"Only {_plural(len(docs), 'unit')} with content words: a topic model needs at "
            f"least {k}. No topic model on this corpus."
        )
    vec = CountVectorizer(analyzer=list, lowercase=False, min_df=min_df, max_df=max_df)
    try:
        counts = vec.fit_transform(docs)
    except ValueError:  # "After pruning, no terms remain" or min_df/max_df crossed
        n_terms = n_rows = 0
    else:
        n_terms, n_rows = counts.shape[1], int((counts.getnnz(axis=1) > 0).sum())
    if n_terms < k or n_rows < k:
        return False, (
            f"Only {_plural(n_terms, 'term')} occur in at least {min_df} and at most "
            f"{max_df:.0%} of the {len(docs):,} units ({_plural(n_rows, 'unit')} keep any): "
            "too few words shared between units for a topic model. No topic model on this "
            "corpus."
        )
    return True, f"{n_rows:,} units and {n_terms:,} terms to model."


# --------------------------------------------------------------------------- removal


def _shorten_space(text: pd.Series) -> pd.Series:
    """White space collapsed, so the same line counts once however it was wrapped."""
    return text.astype("string").str.split().str.join(" ")


def removal_summary(corpus: Corpus, *, by: str = "outlet", top: int = 3) -> pd.DataFrame:
    """What cleaning removed per group: characters and the most removed texts.

    One row per group and removed text (``rank`` 1..``top``); a group with nothing
    removed has one row with ``rank`` 0. Columns: ``group, articles, spans,
    chars_before, chars_removed, share, rank, text, count, kind, rule``. ``chars_before``
    is the kept text plus the removed spans (the spans' own lengths; separators between
    them are not counted, so it is approximate), ``share`` is ``chars_removed /
    chars_before``; ``count`` is how many times ``text`` (white space collapsed) was
    removed in the group by ``rule`` (of ``kind``). Articles without a ``by`` value form
    the group ``(no <by>)``, listed last. Groups are ordered by ``chars_before``.

    >>> removal_summary(corpus, by="outlet", top=3)[["group", "articles", "rank"]].head(2)
          group  articles  rank
    0  Newsweek         4     1
    1  Newsweek         4     2
    """
    _check_column(corpus, by)
    docs = corpus.docs
    label = f"({'no ' + by})"
    group = docs[by].astype("string").str.strip().where(~is_missing(docs[by]), label)
    group = pd.Series(group.to_numpy(), index=docs["doc_id"].to_numpy())
    kept = pd.Series(docs["text"].str.len().to_numpy(), index=docs["doc_id"].to_numpy())
    rem = corpus.removed
    rem = rem[rem["doc_id"].isin(group.index)]
    rem = rem.assign(
        group=rem["doc_id"].map(group).to_numpy(),
        chars=rem["text"].astype("string").str.len().fillna(0).astype("int64"),
        line=_shorten_space(rem["text"]),
    )
    per_group = pd.DataFrame(
        {
            "articles": group.groupby(group).size(),
            "kept": kept.groupby(group).sum(),
        }
    )
    per_group["spans"] = rem.groupby("group").size().reindex(per_group.index, fill_value=0)
    per_group["chars_removed"] = (
        rem.groupby("group")["chars"].sum().reindex(per_group.index, fill_value=0)
    )
    per_group["chars_before"] = per_group["kept"] + per_group["chars_removed"]
    before = per_group["chars_before"].where(per_group["chars_before"] > 0)
    per_group["share"] = (per_group["chars_removed"] / before).fillna(0.0)
    per_group = per_group.rename_axis("group").reset_index()
    per_group["_missing"] = per_group["group"].eq(label)
    per_group = per_group.sort_values(
        ["_missing", "chars_before", "group"], ascending=[True, False, True], kind="stable"
    )
    lines = (
        rem.groupby(["group", "line", "kind", "rule"], dropna=False)
        .size()
        .rename("count")
        .reset_index()
        .sort_values(["group", "count", "line"], ascending=[True, False, True], kind="stable")
    )
    lines["rank"] = lines.groupby("group").cumcount() + 1
    lines = lines[lines["rank"] <= top].rename(columns={"line": "text"})
    cols = ["group", "articles", "spans", "chars_before", "chars_removed", "share"]
    out = per_group[cols].merge(lines, on="group", how="left", sort=False)
    out["rank"] = out["rank"].fillna(0).astype("int64")
    out["count"] = out["count"].fillna(0).astype("int64")
    out = out[[*cols, "rank", "text", "count", "kind", "rule"]].reset_index(drop=True)
    return out.astype({c: "int64" for c in ("articles", "spans", "chars_before", "chars_removed")})


def removal_sentence(summary: pd.DataFrame) -> str:
    """One sentence on how much cleaning removed, from :func:`removal_summary`."""
    groups = summary.drop_duplicates("group")
    before, removed = int(groups["chars_before"].sum()), int(groups["chars_removed"].sum())
    spans = int(groups["spans"].sum())
    if removed == 0:
        return "Cleaning removed nothing from these articles."
    share = removed / before if before else 0.0
    top = groups.sort_values(["share", "group"], ascending=[False, True]).iloc[0]
    return (
        f"Cleaning removed {removed:,} of {before:,} characters ({share:.1%}) in "
        f"{_plural(spans, 'span')}; the most in {top['group']} "
        f"({top['share']:.1%} of its characters)."
    )


# --------------------------------------------------------------------------- caveats


def _years(corpus: Corpus) -> pd.Series:
    if "published_start" not in corpus.docs.columns:
        return pd.Series([], dtype="int64")
    return corpus.docs["published_start"].dropna().dt.year.astype("int64")


def size_sentence(corpus: Corpus, by: str = "outlet") -> str:
    """``"5 articles, 2 outlets, 2017–2024."`` (groups and years only as far as known)."""
    parts = [_plural(len(corpus), "article")]
    if by in corpus.docs.columns:
        parts.append(_groups(len(group_sizes(corpus, by)), by))
    years = _years(corpus)
    if len(years):
        lo, hi = int(years.min()), int(years.max())
        parts.append(str(lo) if lo == hi else f"{lo}–{hi}")
    else:
        parts.append("no known dates")
    return ", ".join(parts) + "."


def caveats(corpus: Corpus, *, by: str = "outlet", min_docs: int = MIN_GROUP_DOCS) -> list[str]:
    """What this corpus can and cannot support, as sentences (markdown), all computed.

    Covers size (articles, groups, years), the balance of the groups, articles without
    a group, inferred groups and dates, groups smaller than ``min_docs`` articles and how
    much cleaning removed.

    >>> caveats(corpus, by="outlet")[0]  # doctest: +ELLIPSIS
    '**5 articles, 2 outlets, 2017–2024.** ...'
    """
    n = len(corpus)
    out = []
    size = f"**{size_sentence(corpus, by)}**"
    if n < SMALL_CORPUS:
        size += (
            " A corpus this small describes these articles, not the coverage they come "
            "from: differences between groups are differences between these articles."
        )
    out.append(size)
    if by in corpus.docs.columns:
        sizes = group_sizes(corpus, by)
        if len(sizes) >= 2:
            big, small = sizes.iloc[0], sizes.iloc[-1]
            out.append(
                f"**Unbalanced groups.** The largest {by}, {sizes.index[0]}, has "
                f"{_plural(int(big), 'article')} ({big / n:.0%} of the corpus); the smallest, "
                f"{sizes.index[-1]}, has {_plural(int(small), 'article')}. Pooled counts "
                f"lean toward the largest {by}."
                if big >= 2 * small
                else f"**Groups.** The {_groups(len(sizes), by)} have {int(small):,} to "
                f"{int(big):,} articles each."
            )
            tiny = sizes[sizes < min_docs]
            if len(tiny):
                names = ", ".join(str(g) for g in tiny.index[:5])
                more = f" and {len(tiny) - 5:,} more" if len(tiny) > 5 else ""
                out.append(
                    f"**Small groups.** {_groups(len(tiny), by)} ({names}{more}) "
                    f"{'has' if len(tiny) == 1 else 'have'} fewer than {min_docs} articles: "
                    "a comparison with them rests on a handful of texts."
                )
        elif len(sizes) == 1:
            out.append(
                f"**One {group_label(by)}.** Every article with a known {by} is from "
                f"{sizes.index[0]}: nothing here compares {group_label(by, many=True)}."
            )
        out.append(
            f"**Missing and inferred {group_label(by, many=True)}.** {group_sentence(corpus, by)}"
        )
    out.append(_date_caveat(corpus))
    removed = corpus.removed
    if len(removed):
        kept = int(corpus.docs["text"].str.len().sum())
        chars = int(removed["text"].astype("string").str.len().sum())
        kinds = removed["kind"].value_counts()
        out.append(
            f"**Cleaning.** {_plural(len(removed), 'span')} ({chars / (kept + chars):.1%} of "
            f"the characters) were removed as boilerplate from "
            f"{_plural(int(removed['doc_id'].nunique()), 'article')}, most often of kind "
            f"`{kinds.index[0]}`; check `removed` before trusting a count, since a rule that "
            "fires on a real paragraph removes words from the analyses (never from the record)."
        )
    else:
        out.append("**Cleaning.** Nothing was removed as boilerplate.")
    return out


def _date_caveat(corpus: Corpus) -> str:
    n = len(corpus)
    docs = corpus.docs
    dated = int(docs["published_start"].notna().sum()) if "published_start" in docs else 0
    if dated == 0:
        return f"**No dates.** None of the {_plural(n, 'article')} has a known publication date."
    inferred = 0
    if "published_basis" in docs.columns:
        inferred = int(
            (
                is_inferred(docs["published_basis"], INFERRED_DATE_PREFIXES)
                & docs["published_start"].notna()
            ).sum()
        )
    text = f"**Dates.** {dated:,} of {_plural(n, 'article')} have a publication date"
    if inferred:
        text += (
            f"; {inferred:,} of them are inferred from the latest date the text mentions "
            "(a lower bound, not a dateline)"
        )
    return text + "."


def topic_size_caveat(units: pd.DataFrame, n_articles: int) -> str:
    """The size of what a topic model was fitted on, with a warning when small.

    >>> topic_size_caveat(pd.DataFrame({"doc_id": ["a", "a", "b"]}), 2)[:31]
    '**3 units from 2 articles.** A '
    """
    n = len(units)
    text = f"**{_plural(n, 'unit')} from {_plural(n_articles, 'article')}.**"
    if n_articles < SMALL_CORPUS or n < 200:
        text += (
            " A topic model at this size is fragile; the stability statement is part of "
            "the result, and topics that do not reappear across refits are not themes."
        )
    return text


def summary_sentence(corpus: Corpus, *, by: str = "outlet") -> str:
    """The corpus in one paragraph (markdown): articles, groups, years, inputs, words, removals.

    Groups are known values of ``by`` only; articles without one are counted apart.

    >>> summary_sentence(corpus)  # doctest: +ELLIPSIS
    '**5 articles** by **2 outlets** (Newsweek: 4, Daily Caller News Foundation: 1), ...'
    """
    report = corpus.report
    inputs = report[report["status"] != "metadata"]
    n_dup = int((inputs["status"] == "duplicate").sum())
    n_skipped = int((inputs["status"] == "skipped").sum())
    ov = corpus.overview()
    text = f"**{_plural(len(corpus), 'article')}**"
    if by in corpus.docs.columns:
        sizes = group_sizes(corpus, by)
        listed = ", ".join(f"{g}: {int(n):,}" for g, n in sizes.head(5).items())
        more = f", and {len(sizes) - 5:,} more" if len(sizes) > 5 else ""
        text += f" by **{_groups(len(sizes), by)}**" + (f" ({listed}{more})" if listed else "")
        missing = len(corpus) - int(sizes.sum())
        if missing:
            text += f"; {missing:,} without a known {by}"
    years = _years(corpus)
    if len(years):
        lo, hi = int(years.min()), int(years.max())
        text += f", published {lo}" if lo == hi else f", published {lo}–{hi}"
    else:
        text += ", with no known publication date"
    removed = corpus.removed
    words = int(removed["text"].astype("string").str.split().str.len().sum()) if len(removed) else 0
    return (
        f"{text}, from {_plural(len(inputs), 'input file')} ({n_dup:,} flagged as exact "
        f"duplicates, {n_skipped:,} skipped, each with its reason in the report). They hold "
        f"**{int(ov['words'].sum()):,} words** in {int(ov['sentences'].sum()):,} sentences; "
        f"cleaning removed {_plural(len(removed), 'boilerplate span')} ({words:,} words), "
        "each kept in `removed`."
    )


def duplicates_sentence(corpus: Corpus, *, by: str = "outlet") -> str:
    """How many articles repeat another, and whether the analyses count them (markdown).

    Read from the load report (``duplicate``: the same cleaned text; ``near-duplicate``: a
    syndicated copy with small edits) and from whether those articles are still in
    ``docs`` (``load_corpus(..., drop_duplicates=...)``). When the copies are kept, it also
    counts those whose original has another value of ``by`` (the same story in two outlets).

    >>> duplicates_sentence(corpus)
    'No article repeats another: no exact or near-duplicate copy was found.'
    """
    report = corpus.report
    copies = report[report["status"].isin(["duplicate", "near-duplicate"])]
    if not len(copies):
        return "No article repeats another: no exact or near-duplicate copy was found."
    exact = int((copies["status"] == "duplicate").sum())
    near = len(copies) - exact
    text = (
        f"**{_plural(len(copies), 'article')} repeat{'s' if len(copies) == 1 else ''} "
        f"another**: {exact:,} exact {'copy' if exact == 1 else 'copies'} (the same cleaned "
        f"text) and {_plural(near, 'near-duplicate')} (estimated Jaccard >= 0.8 over word "
        "5-grams: a syndicated copy with small edits), each with its row in the report."
    )
    docs = corpus.docs
    kept = copies["doc_id"].isin(docs["doc_id"])
    if not kept.any():
        return text + (
            " They are **left out of every analysis** (`drop_duplicates=True`), so a story is "
            "counted once; set `drop_duplicates = False` to count every copy (for instance "
            "to credit each outlet that ran a syndicated story)."
        )
    text += (
        f" {'They stay' if kept.all() else f'{int(kept.sum()):,} of them stay'} in and "
        "**count in every analysis** (`drop_duplicates=False`): a repeated story weighs "
        "as many times as it was copied; set `drop_duplicates = True` to count it once."
    )
    if by in docs.columns:
        d = docs.set_index("doc_id")
        original = d["duplicate_of"].fillna(d["near_duplicate_of"]).dropna()
        original = original[original.isin(d.index)]
        copy_of = d.loc[original.index, by].astype("string").reset_index(drop=True)
        first = d.loc[original.to_numpy(), by].astype("string").reset_index(drop=True)
        other = (copy_of != first).fillna(False)  # a missing value is no other group
        n = int(other.sum())
        text += (
            f" {n:,} of the {_plural(len(original), 'copy', 'copies')} repeat"
            f"{'s' if n == 1 else ''} an article of another {by}."
        )
    return text


def as_markdown(lines: Iterable[str]) -> str:
    """Sentences as a markdown bullet list.

    >>> as_markdown(["a.", "b."])
    '- a.\\n- b.'
    """
    return "\n".join(f"- {line}" for line in lines)
