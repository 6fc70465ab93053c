"""Topic-model units (paragraphs, sentence windows, documents) and their terms."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..corpus import Corpus
from ..options import TokenOptions
from ..stats.dtm import DocTermMatrix, dtm

UnitKind = Literal["paragraph", "sentences", "document"]


ModelKind = Literal["nmf", "lda"]


UNIT_KINDS: tuple[str, ...] = ("paragraph", "sentences", "document")


DOMINANT_SHARE = 0.6  # a topic holding more of the text than this is not a theme


_LETTER = re.compile(r"[^\W\d_]")  # any letter, in any script


# Reasons a unit is left out of the model; every unit left out carries one.
REASON_DUPLICATE = "article is a duplicate of {dup} (flagged by the loader)"


REASON_NO_TERMS = (
    "no content words (after removing stop words, punctuation, tokens without a letter "
    "and tokens shorter than {min_len} characters)"
)


REASON_NO_VOCAB = "none of its words is in the vocabulary (min_df={min_df}, max_df={max_df})"


def exclusion_counts(units: pd.DataFrame) -> pd.DataFrame:
    """How many units were left out for each kind of reason (one row per kind).

    The reasons in ``units["excluded"]`` name the article a duplicate repeats, so there
    are as many distinct reasons as duplicates; here each reason is counted under its
    template with the particulars left out ("article is a duplicate of … (flagged by the
    loader)"), with one full reason as an example.

    >>> u = pd.DataFrame({"excluded": [pd.NA, REASON_DUPLICATE.format(dup="a"),
    ...                                REASON_DUPLICATE.format(dup="b")]})
    >>> exclusion_counts(u)["units"].tolist()
    [2]
    """
    reasons = units["excluded"].dropna().astype(str)

    def kind(reason: str) -> str:
        for template in (REASON_DUPLICATE, REASON_NO_TERMS, REASON_NO_VOCAB):
            head, _, rest = template.partition("{")
            if reason.startswith(head):
                if template == REASON_DUPLICATE:
                    return head + "…" + rest.partition("}")[2]
                return head.split(" (")[0]  # the settings in brackets go to the example
        return reason

    table = pd.DataFrame({"reason": reasons.map(kind).to_numpy(), "example": reasons.to_numpy()})
    out = table.groupby("reason", sort=False).agg(
        units=("example", "size"), example=("example", "first")
    )
    return out.sort_values("units", ascending=False, kind="stable").reset_index()


def topic_units(
    corpus: Corpus,
    *,
    unit: UnitKind = "paragraph",
    window: int = 3,
    metadata: bool | Sequence[str] = True,
) -> pd.DataFrame:
    """The units a topic model sees, one row each, with offsets and article metadata.

    Args:
        corpus: the corpus.
        unit: ``"paragraph"`` (default), ``"sentences"`` (windows of ``window``
            consecutive sentences of one article, not overlapping; the last window of an
            article may be shorter) or ``"document"`` (whole articles).
        window: sentences per window when ``unit="sentences"``.
        metadata: ``True`` adds every article metadata column, a list the columns named,
            ``False`` none.

    Returns:
        ``unit_id`` (0, 1, ... in corpus order), ``doc_id``, ``para_id`` (paragraph units;
        the first paragraph of a sentence window), ``sent_id`` and ``sent_end`` (sentence
        windows: first sentence and one past the last), ``text``, ``start``, ``end`` and the
        metadata. ``start``/``end`` index ``corpus.text_of(doc_id)`` and
        ``text == corpus.text_of(doc_id)[start:end]``.

    >>> units = topic_units(corpus, unit="sentences", window=3)
    >>> u = units.iloc[0]
    >>> corpus.text_of(u["doc_id"])[u["start"] : u["end"]] == u["text"]
    True
    """
    if unit == "paragraph":
        df = corpus.paragraphs[["doc_id", "para_id", "text", "start", "end"]].copy()
    elif unit == "sentences":
        if window < 1:
            raise ValueError(f"window must be at least 1 sentence, got {window}")
        s = corpus.sentences
        key = s["sent_id"] // window
        g = s.assign(_w=key).groupby(["doc_id", "_w"], sort=False)
        df = pd.DataFrame(
            {
                "doc_id": g["doc_id"].first(),
                "para_id": g["para_id"].first(),
                "sent_id": g["sent_id"].min(),
                "sent_end": g["sent_id"].max() + 1,
                "start": g["start"].min(),
                "end": g["end"].max(),
            }
        ).reset_index(drop=True)
        texts = [
            corpus.text_of(d)[a:b]
            for d, a, b in zip(df["doc_id"], df["start"], df["end"], strict=True)
        ]
        df.insert(4, "text", pd.array(texts, dtype="string"))
    elif unit == "document":
        texts = corpus.docs["text"]
        df = pd.DataFrame(
            {
                "doc_id": corpus.docs["doc_id"],
                "text": texts,
                "start": np.zeros(len(texts), dtype="int32"),
                "end": texts.str.len().to_numpy(dtype="int32"),
            }
        )
    else:
        raise ValueError(f"unit must be one of {', '.join(UNIT_KINDS)}; got {unit!r}")
    df.insert(0, "unit_id", np.arange(len(df), dtype="int64"))
    df = df.astype({"doc_id": "string", "text": "string", "start": "int32", "end": "int32"})
    if metadata:
        cols = corpus.metadata_columns() if metadata is True else list(metadata)
        df = corpus.with_metadata(df, cols)
    return df


@dataclass
class UnitTerms:
    """Units and the terms of each, ready to be counted.

    Attributes:
        units: every unit (:func:`topic_units`) plus ``n_terms`` (content words kept) and
            ``excluded`` (why the unit is left out of the model, or NA). Units are never
            dropped silently: a unit without a reason is modelled.
        terms: the terms of each unit, in the order of ``units``.
        options: how the units and terms were made (recorded in every model's params).
        display: each term's display form, its most frequent surface form (``u.s.`` ->
            ``U.S.``), as the corpus's document-term matrix gives it
            (:attr:`corpus_utils.stats.dtm.DocTermMatrix.display`); a term it lacks is shown
            as it is.
        matrix: the corpus's document-term matrix (:func:`corpus_utils.stats.dtm.dtm`) with
            the units' token options; whole-article units are counted from it.
    """

    units: pd.DataFrame
    terms: list[list[str]]
    options: dict[str, Any]
    display: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))
    matrix: DocTermMatrix | None = None

    def display_of(self, terms: Iterable[str]) -> np.ndarray:
        """The display forms of ``terms`` (each term itself when it has none)."""
        terms = np.asarray(list(terms), dtype=object)
        shown = self.display.reindex(terms).to_numpy(dtype=object)
        missing = pd.isna(shown)
        shown[missing] = terms[missing]
        return shown

    @property
    def excluded(self) -> pd.DataFrame:
        """The units left out before counting, with the reason."""
        return self.units[self.units["excluded"].notna()]


def prepare_units(
    corpus: Corpus,
    *,
    unit: UnitKind = "paragraph",
    window: int = 3,
    stem: bool = False,
    stopwords: Iterable[str] | None = None,
    min_len: int = 2,
    drop_numbers: bool = True,
    drop_duplicates: bool = True,
    metadata: bool | Sequence[str] = True,
) -> UnitTerms:
    """Units (:func:`topic_units`) and their terms, from the package's own tokens.

    Terms are ``Corpus.tokens(...)["norm"]`` with stop words and punctuation removed and
    actor names merged into one term with the canonical name (``ISIS``, ``SDF``).

    Args:
        corpus: the corpus.
        unit, window, metadata: as in :func:`topic_units`.
        stem: Snowball stems instead of lower-cased words.
        stopwords: replace the package's stop-word list.
        min_len: drop terms shorter than this (actor names are always kept).
        drop_numbers: drop tokens without a letter (``2017``, ``3,000``, ``24/6/2018``).
        drop_duplicates: leave out the units of articles the loader flagged as exact
            duplicates (``docs.duplicate_of``), so repeated text does not make a topic.

    Returns:
        A :class:`UnitTerms`; ``excluded`` says why any unit is left out.
    """
    units = topic_units(corpus, unit=unit, window=window, metadata=metadata)
    stopwords = None if stopwords is None else sorted(set(stopwords))
    matrix = dtm(corpus, tokens=TokenOptions(stem=stem, stopwords=stopwords))
    toks = corpus.tokens(stem=stem, stopwords=stopwords, drop_stop=True, drop_punct=True)
    norm, keep = _term_values(toks, min_len=min_len, drop_numbers=drop_numbers)
    terms = _unit_terms(corpus, toks, keep, norm, units, unit=unit, window=window)

    units = units.copy()
    units["n_terms"] = np.array([len(t) for t in terms], dtype="int64")
    reason = pd.Series(pd.NA, index=units.index, dtype="string")
    reason[units["n_terms"].eq(0)] = REASON_NO_TERMS.format(min_len=min_len)
    if drop_duplicates and "duplicate_of" in corpus.docs.columns:
        dup_of = corpus.docs.set_index("doc_id")["duplicate_of"]
        dup = units["doc_id"].map(dup_of)
        is_dup = dup.notna().to_numpy()
        reason[is_dup] = [REASON_DUPLICATE.format(dup=d) for d in dup[is_dup]]
    units["excluded"] = reason
    options = {
        "unit": unit,
        "window": window if unit == "sentences" else None,
        "stem": stem,
        "stopwords": (
            "package list" if stopwords is None else f"custom list ({len(stopwords)} words)"
        ),
        "min_len": min_len,
        "drop_numbers": drop_numbers,
        "drop_duplicates": drop_duplicates,
        "corpus": str(corpus.source),
        "articles": len(corpus),
    }
    display = pd.Series(matrix.display, index=matrix.terms.to_numpy(dtype=object), dtype=object)
    return UnitTerms(units=units, terms=terms, options=options, display=display, matrix=matrix)


def _term_values(
    toks: pd.DataFrame, *, min_len: int, drop_numbers: bool
) -> tuple[np.ndarray, np.ndarray]:
    """``(norm, keep)``: every token's term (a ``str``) and whether it is kept (a letter,
    at least ``min_len`` characters, or an actor name). Decided once per distinct
    ``norm`` (a categorical's categories), not once per token."""
    column = toks["norm"]
    if isinstance(column.dtype, pd.CategoricalDtype) and not column.isna().any():
        codes = column.cat.codes.to_numpy()
        values = pd.Series(column.cat.categories.astype(str), dtype=object)
    else:
        codes, uniques = pd.factorize(column.astype(str).to_numpy(dtype=object))
        values = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    ok = np.ones(len(values), dtype=bool)
    if drop_numbers:
        ok &= values.str.contains(_LETTER).to_numpy(dtype=bool)
    if min_len > 1:
        ok &= (values.str.len() >= min_len).to_numpy()
    keep = ok[codes] | toks["actor"].notna().to_numpy() if len(codes) else np.zeros(0, bool)
    return values.to_numpy(dtype=object)[codes], keep


def _unit_terms(
    corpus: Corpus,
    toks: pd.DataFrame,
    keep: np.ndarray,
    norm: np.ndarray,
    units: pd.DataFrame,
    *,
    unit: str,
    window: int,
) -> list[list[str]]:
    """The kept terms of each unit (a row of ``units``), in text order.

    Each token's unit is found by integer keys (the article's position, then its
    paragraph or sentence window); the tokens are grouped by a stable sort, so each
    unit's terms keep their order in the text. A token in no unit raises ``KeyError``.
    """
    toks = toks.loc[keep, ["doc_id", "sent_id"]]
    doc_ids = pd.Index(pd.unique(units["doc_id"].astype(str).to_numpy(dtype=object)))
    tok_doc = doc_ids.get_indexer(toks["doc_id"].astype(str).to_numpy(dtype=object))
    unit_doc = doc_ids.get_indexer(units["doc_id"].astype(str).to_numpy(dtype=object))
    if unit == "paragraph":
        sent_para = corpus._sentence_offsets()[["doc_id", "sent_id", "para_id"]]  # no text
        para = toks.merge(sent_para, on=["doc_id", "sent_id"], how="left", validate="many_to_one")
        tok_sub, unit_sub = para["para_id"], units["para_id"]
    elif unit == "sentences":
        tok_sub, unit_sub = toks["sent_id"] // window, units["sent_id"] // window
    else:
        tok_sub = unit_sub = None
    if tok_sub is None:
        tok_key, unit_key = tok_doc.astype(np.int64), unit_doc.astype(np.int64)
    else:
        if tok_sub.isna().any() or unit_sub.isna().any():
            raise KeyError("a token or a unit without a paragraph or sentence number")
        tok_sub = tok_sub.to_numpy(dtype=np.int64)
        unit_sub = unit_sub.to_numpy(dtype=np.int64)
        span = int(max(tok_sub.max(initial=0), unit_sub.max(initial=0))) + 1
        tok_key = tok_doc.astype(np.int64) * span + tok_sub
        unit_key = unit_doc.astype(np.int64) * span + unit_sub
    index = pd.Index(unit_key)
    if not index.is_unique:
        raise ValueError("two units with the same article and paragraph (or window)")
    at = index.get_indexer(tok_key)
    if (tok_doc < 0).any() or (at < 0).any():
        raise KeyError("a token of an article or paragraph that is not a unit")
    order = np.argsort(at, kind="stable")  # by unit, text order within each
    bounds = np.searchsorted(at[order], np.arange(len(units) + 1))
    words = norm[keep][order]
    return [words[a:b].tolist() for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
