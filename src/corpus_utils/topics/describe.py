"""Describe fitted topics: terms, representative units, prevalence."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..report import INFERRED_DATE_PREFIXES, is_inferred
from .fit import TopicModel


def representative_units(
    result: TopicModel, *, n: int = 3, topics: Iterable[int] | None = None, min_terms: int = 1
) -> pd.DataFrame:
    """The units most devoted to each topic, with their text, to read before naming it.

    Ranked by the unit's share of the topic, then its raw weight (a longer unit on the
    topic wins a tie).

    Args:
        n: units per topic.
        topics: topic numbers (default all).
        min_terms: skip units with fewer content words (very short units get shares of 1
            easily).

    Returns:
        ``topic, rank, unit_id, doc_id, share, text, start, end`` plus ``para_id``/
        ``sent_id`` when the units have them and ``title`` when the corpus has it.
    """
    mod = result.modelled.reset_index(drop=True)
    share = result.unit_topics.to_numpy()
    weight = result.weights
    extra = [c for c in ("para_id", "sent_id", "title") if c in mod.columns]
    wanted = range(1, result.k + 1) if topics is None else topics
    frames = []
    ok = (mod["n_terms"] >= min_terms).to_numpy()
    for t in wanted:
        s = np.nan_to_num(share[:, int(t) - 1], nan=-1.0)
        w = weight[:, int(t) - 1]
        idx = np.lexsort((mod["unit_id"].to_numpy(), -w, -s))
        idx = [i for i in idx if ok[i] and s[i] > 0][:n]
        sel = mod.iloc[idx]
        frames.append(
            pd.DataFrame(
                {
                    "topic": int(t),
                    "rank": np.arange(1, len(idx) + 1),
                    "unit_id": sel["unit_id"].to_numpy(),
                    "doc_id": sel["doc_id"].to_numpy(),
                    **{c: sel[c].to_numpy() for c in extra},
                    "share": s[idx],
                    "text": sel["text"].to_numpy(),
                    "start": sel["start"].to_numpy(),
                    "end": sel["end"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def document_topics(result: TopicModel) -> pd.DataFrame:
    """Each article's topic mix (wide: index ``doc_id``, one column per topic).

    An article's share of a topic is the mean of its units' shares weighted by their
    number of counted words, i.e. the share of its words the model gives that topic.
    Articles with no modelled unit are absent (see ``result.excluded``).
    """
    mod = result.modelled
    share = result.unit_topics.to_numpy()
    w = np.asarray(result.counts.sum(axis=1)).ravel()
    good = ~np.isnan(share).any(axis=1)
    df = pd.DataFrame(share[good] * w[good, None], columns=result.unit_topics.columns)
    df["doc_id"] = mod["doc_id"].to_numpy()[good]
    df["_w"] = w[good]
    g = df.groupby("doc_id", sort=False).sum()
    out = g.drop(columns="_w").div(g["_w"], axis=0)
    order = [d for d in result.units["doc_id"].drop_duplicates() if d in out.index]
    out = out.loc[order]
    out.columns.name = "topic"
    return out


def topic_prevalence(result: TopicModel, *, by: str = "doc_id") -> pd.DataFrame:
    """How much of each article, or each group of articles, is about each topic.

    Args:
        by: ``"doc_id"`` (per article) or any document metadata column (``outlet``,
            ``folder``, ``published``...). Within a group every article counts once (the
            mean of the articles' topic mixes, :func:`document_topics`), so one long
            article does not stand for its outlet.

    Returns:
        Tidy: ``<by>, topic, prevalence, articles, units`` (missing group values become
        ``"(unknown)"``); prevalence sums to 1 within each group.
    """
    doc = document_topics(result)
    units_per_doc = result.modelled.groupby("doc_id").size()
    if by == "doc_id":
        long = doc.reset_index().melt(id_vars="doc_id", var_name="topic", value_name="prevalence")
        long["articles"] = 1
        long["units"] = long["doc_id"].map(units_per_doc).to_numpy()
        long["topic"] = long["topic"].astype("int64")
        return long[["doc_id", "topic", "prevalence", "articles", "units"]]
    if by not in result.units.columns:
        meta = [c for c in result.units.columns if c not in ("text",)]
        raise KeyError(f"no column {by!r} in the units; available: {', '.join(meta)}")
    groups = result.units.drop_duplicates("doc_id").set_index("doc_id")[by]
    groups = groups.astype("string").fillna("(unknown)")
    g = doc.assign(_g=groups.reindex(doc.index).to_numpy())
    mean = g.groupby("_g", sort=True).mean()
    articles = g.groupby("_g", sort=True).size()
    n_units = units_per_doc.reindex(doc.index).groupby(g["_g"].to_numpy()).sum()
    long = mean.reset_index().melt(id_vars="_g", var_name="topic", value_name="prevalence")
    long["articles"] = long["_g"].map(articles).to_numpy()
    long["units"] = long["_g"].map(n_units).to_numpy()
    long["topic"] = long["topic"].astype("int64")
    return long.rename(columns={"_g": by}).reset_index(drop=True)


def _auto_freq(dates: pd.Series) -> str:
    """A period length that gives a readable number of points: week, month, quarter or year."""
    span = (dates.max() - dates.min()).days if len(dates) else 0
    if span <= 120:
        return "W"
    if span <= 3 * 365:
        return "M"
    if span <= 12 * 365:
        return "Q"
    return "Y"


def given_dates(
    units: pd.DataFrame, *, date: str = "published_start", inferred_dates: bool = False
) -> tuple[pd.Series, int]:
    """Each article's date (indexed by ``doc_id``) and how many inferred dates were left out.

    A date the loader inferred from the article's own text (its ``published_basis``
    starts "inferred:") is the latest date the article mentions: a lower bound, often
    years before publication, so it is NaT here unless ``inferred_dates``.

    Args:
        units: any table with ``doc_id``, the ``date`` column and, when the corpus has
            one, ``published_basis`` (e.g. ``TopicModel.units``).
        date: the date column.
        inferred_dates: keep the inferred dates.

    >>> u = pd.DataFrame({"doc_id": ["a", "b"], "published_start": ["2020-01-02", "1991-03-03"],
    ...                   "published_basis": ["column date", 'inferred: latest date in the text']})
    >>> dates, n = given_dates(u)
    >>> dates.dt.year.tolist(), n
    ([2020.0, nan], 1)
    """
    docs = units.drop_duplicates("doc_id").set_index("doc_id")
    dates = pd.to_datetime(docs[date], errors="coerce")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert(None)
    basis = "published_basis" if date.startswith("published") else f"{date}_basis"
    if inferred_dates or basis not in docs.columns:
        return dates, 0
    guessed = is_inferred(docs[basis], INFERRED_DATE_PREFIXES).to_numpy(bool)
    return dates.where(~guessed), int((guessed & dates.notna().to_numpy()).sum())


def topic_prevalence_over_time(
    result: TopicModel,
    *,
    freq: str = "auto",
    date: str = "published_start",
    inferred_dates: bool = False,
) -> pd.DataFrame:
    """How much of the coverage each topic holds in each period, when dates exist.

    As in :func:`topic_prevalence`, every article counts once in its period (the mean
    of the articles' topic mixes). Articles without a date are not dropped silently:
    they form one row group with ``period`` NaT.

    Args:
        result: the model.
        freq: a pandas period alias (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``), or
            ``"auto"``: weeks up to a span of 120 days, months up to 3 years, quarters up
            to 12 years, years beyond.
        date: the document column with the date (default ``published_start``, the
            first day a published date can be).
        inferred_dates: also place articles whose date was inferred from their own
            text (``published_basis`` starting "inferred:"). Off by default: such a date
            is the latest date the article mentions, a lower bound that can lie years
            before publication (BBC articles of 2004-5 "dated" 1991), so those articles
            join the undated ones.

    Returns:
        Tidy: ``period`` (the period's first day; NaT for undated articles), ``freq``,
        ``topic``, ``prevalence``, ``articles``, ``units``; prevalence sums to 1 within
        each period. Raises ``ValueError`` when no article has a date (given by the
        data, unless ``inferred_dates``), or when all dated articles fall in one period.

    >>> from corpus_utils.topics import fit_topics
    >>> over_time = topic_prevalence_over_time(fit_topics(corpus, k=4), freq="M")
    >>> over_time.columns.tolist()
    ['period', 'freq', 'topic', 'prevalence', 'articles', 'units']
    """
    if date not in result.units.columns:
        raise KeyError(
            f"no column {date!r} in the units: the corpus has no dates to follow topics over"
        )
    doc = document_topics(result)
    modelled = result.units[result.units["doc_id"].isin(doc.index)]
    dates, n_inferred = given_dates(modelled, date=date, inferred_dates=inferred_dates)
    dates = dates.reindex(doc.index)
    if dates.notna().sum() == 0:
        why = (
            f" ({n_inferred:,} dates were inferred from the articles' text, which only bounds "
            "them; `inferred_dates=True` uses them)"
            if n_inferred
            else ""
        )
        raise ValueError(
            f"no modelled article has a date given by the data in {date!r}{why}: topics "
            "cannot be followed over time"
        )
    if freq == "auto":
        freq = _auto_freq(dates.dropna())
    period = dates.dt.to_period(freq).dt.start_time
    if period.nunique() < 2:
        raise ValueError(
            f"every dated article falls in one period ({freq}): no change over time to show"
        )
    key = period.to_numpy()
    units_per_doc = result.modelled.groupby("doc_id").size().reindex(doc.index)
    g = doc.assign(_p=key)
    mean = g.groupby("_p", sort=True, dropna=False).mean()
    articles = g.groupby("_p", sort=True, dropna=False).size()
    n_units = units_per_doc.groupby(key, sort=True, dropna=False).sum()
    long = mean.reset_index().melt(id_vars="_p", var_name="topic", value_name="prevalence")
    long["articles"] = long["_p"].map(articles).to_numpy()
    long["units"] = long["_p"].map(n_units).to_numpy()
    long["topic"] = long["topic"].astype("int64")
    long.insert(1, "freq", freq)
    long = long.rename(columns={"_p": "period"})
    long = long.sort_values(["period", "topic"], na_position="last", kind="stable")
    return long.reset_index(drop=True)
