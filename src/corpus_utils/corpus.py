"""The Corpus: tidy pandas tables over one set of articles.

Every table carries ``doc_id``; offsets (``start``, ``end``) always index into
``Corpus.docs.text`` of the same document, so any sentence or token can be shown in
context with ``corpus.text_of(doc_id)[start:end]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import segment, tokenization


class Corpus:
    """Articles as tidy tables.

    Attributes:
        docs: one row per article (``doc_id, title, outlet, published, published_start,
            published_end, text`` and the ``*_basis`` columns, plus any sidecar columns).
        report: one row per input file (``path, doc_id, status, reason``).
        removed: one row per removed boilerplate span (``doc_id, kind, rule, text, start,
            end, body_pos``); ``start``/``end`` index the raw file text, ``body_pos`` the
            place in ``docs.text`` where the span stood.
    """

    def __init__(
        self, docs: pd.DataFrame, report: pd.DataFrame, removed: pd.DataFrame, *, source: Path
    ) -> None:
        self.docs = docs.reset_index(drop=True)
        self.report = report
        self.removed = removed
        self.source = source
        self._texts = dict(zip(self.docs["doc_id"], self.docs["text"], strict=True))
        self._base_tokens: dict[bool, pd.DataFrame] = {}
        self._norm_tokens: dict[tuple, pd.DataFrame] = {}  # one per option set, never handed out

    def __len__(self) -> int:
        return len(self.docs)

    def __repr__(self) -> str:
        counts = self.report["status"].value_counts().to_dict()
        parts = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
        return f"<Corpus {self.source.name!r}: {len(self)} articles ({parts})>"

    def text_of(self, doc_id: str) -> str:
        """The cleaned text of one article."""
        return self._texts[doc_id]

    @cached_property
    def paragraphs(self) -> pd.DataFrame:
        """One row per paragraph: ``doc_id, para_id, text, start, end``."""
        rows = []
        for doc_id, text in self._texts.items():
            for i, (a, b) in enumerate(segment.paragraph_spans(text)):
                rows.append((doc_id, i, text[a:b], a, b))
        return _frame(rows, ["doc_id", "para_id", "text", "start", "end"])

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """One row per sentence: ``doc_id, sent_id, para_id, text, start, end``.

        Sentences never cross a paragraph boundary; ``sent_id`` counts from 0 in each
        article.
        """
        rows = []
        for doc_id, para_id, _text, p_start, p_end in self.paragraphs.itertuples(index=False):
            text = self._texts[doc_id]
            for a, b in segment.sentence_spans(text, p_start, p_end):
                rows.append((doc_id, para_id, text[a:b], a, b))
        df = _frame(rows, ["doc_id", "para_id", "text", "start", "end"])
        df.insert(1, "sent_id", df.groupby("doc_id", sort=False).cumcount().astype("int32"))
        return df

    def tokens(
        self,
        *,
        lowercase: bool = True,
        stem: bool = False,
        lemma: bool = False,
        merge_actors: bool = True,
        stopwords: Iterable[str] | None = None,
        drop_stop: bool = False,
        drop_punct: bool = False,
        metadata: bool | Sequence[str] = False,
        voice: bool = False,
    ) -> pd.DataFrame:
        """One row per token: ``doc_id, sent_id, token_id, token, norm, start, end, is_stop``.

        Also ``is_punct`` and ``actor`` (the canonical actor name, or NA); with
        ``voice=True`` also ``voice`` (``narration``, ``quote`` or ``partial``: see
        :mod:`corpus_utils.voices`), ``quote_id`` and ``is_name``.

        Args:
            lowercase: ``norm`` in lower case (actors keep their canonical name).
            stem: ``norm`` is the Snowball (English) stem.
            lemma: ``norm`` is the WordNet lemma; needs NLTK's wordnet data and raises
                :class:`~corpus_utils.tokenization.MissingNLTKData` without it.
            merge_actors: merge multi-word actor names from the actor lexicon.
            stopwords: replace the package's stop-word list.
            drop_stop, drop_punct: leave out stop words / punctuation tokens.
            metadata: ``True`` adds every document metadata column (all but ``text``);
                a list adds the columns named.
            voice: add whose words each token is: the reporter's narration or a quote.

        >>> corpus.tokens(drop_stop=True, metadata=["outlet"])  # doctest: +SKIP
        """
        key = (
            merge_actors,
            lowercase,
            stem,
            lemma,
            None if stopwords is None else frozenset(stopwords),
        )
        df = self._norm_tokens.get(key)
        if df is None:
            base = self._base_tokens.get(merge_actors)
            if base is None:
                base = tokenization.tokenize_sentences(
                    self._texts, self.sentences, actors=merge_actors
                )
                self._base_tokens[merge_actors] = base
            df = tokenization.normalise(
                base, lowercase=lowercase, stem=stem, lemma=lemma, stopwords=key[4]
            )
            self._norm_tokens[key] = df
        if drop_stop:
            df = df[~df["is_stop"]]
        if drop_punct:
            df = df[~df["is_punct"]]
        cols = [
            "doc_id",
            "sent_id",
            "token_id",
            "token",
            "norm",
            "start",
            "end",
            "is_stop",
            "is_punct",
            "actor",
        ]
        df = df[cols].reset_index(drop=True)  # a new frame: callers may change it freely
        if voice:
            from .voices import token_voices

            df = token_voices(self, df)
        if metadata:
            return self.with_metadata(df, None if metadata is True else metadata)
        return df

    def metadata_columns(self) -> list[str]:
        """Document columns that can group an analysis (all but ``doc_id`` and ``text``)."""
        return [c for c in self.docs.columns if c not in ("doc_id", "text")]

    def with_metadata(
        self, table: pd.DataFrame, columns: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Join document metadata columns onto any table that has ``doc_id``."""
        columns = list(self.metadata_columns() if columns is None else columns)
        unknown = [c for c in columns if c not in self.docs.columns]
        if unknown:
            raise KeyError(
                f"no document column {', '.join(unknown)}; "
                f"available: {', '.join(self.metadata_columns())}"
            )
        return table.merge(
            self.docs[["doc_id", *columns]], on="doc_id", how="left", validate="many_to_one"
        )

    def overview(self) -> pd.DataFrame:
        """One row per article: headline, outlet, publication window and size counts."""
        toks = self.tokens(merge_actors=False)  # a word count: actor names count word by word
        words = toks[~toks["is_punct"]].groupby("doc_id").size()
        d = self.docs.set_index("doc_id")
        out = pd.DataFrame(
            {
                "title": d["title"].fillna("(no headline)"),
                "outlet": d["outlet"].fillna("(unknown)"),
                "published": d["published"].fillna("(unknown)"),
                "words": words.reindex(d.index, fill_value=0),
                "paragraphs": self.paragraphs.groupby("doc_id")
                .size()
                .reindex(d.index, fill_value=0),
                "sentences": self.sentences.groupby("doc_id").size().reindex(d.index, fill_value=0),
                "removed_spans": self.removed.groupby("doc_id")
                .size()
                .reindex(d.index, fill_value=0),
                "removed_words": self.removed.assign(n=self.removed["text"].str.split().str.len())
                .groupby("doc_id")["n"]
                .sum()
                .reindex(d.index, fill_value=0),
            }
        )
        return out.astype(
            {
                c: "int64"
                for c in ("words", "paragraphs", "sentences", "removed_spans", "removed_words")
            }
        )


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    df = df.astype({"doc_id": "string", "text": "string", "start": "int32", "end": "int32"})
    if "para_id" in df:
        df["para_id"] = df["para_id"].astype("int32")
    return df
