"""The Corpus: tidy pandas tables over one set of articles.

Every table carries ``doc_id``; offsets (``start``, ``end``) always index into
``Corpus.docs.text`` of the same document, so any sentence or token can be shown in
context with ``corpus.text_of(doc_id)[start:end]``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .prepare import segment, tokenization

# the process-pool code lives in prepare/parallel.py; these names stay importable from
# here (load.py, cache.py and tests import them from corpus_utils.corpus)
from .prepare.parallel import (  # noqa: F401
    PARALLEL_MIN_DOCS,
    PROGRESS_MIN_DOCS,
    DaskEngine,
    TextsByDoc,
    chunk_bounds,
    n_workers,
    progress_bar,
    release_free_memory,
    run_chunks,
    run_chunks_as_done,
    using,
)


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
        self.n_jobs: int | None = None  # processes for sentences and tokens; None: up to 2
        # the Dask cluster sentences and tokens are prepared on (load_corpus(cluster=...));
        # None: local processes. Either gives the same tables.
        self.engine: DaskEngine | None = None
        self.progress: bool | None = None  # progress bars; None: above PROGRESS_MIN_DOCS articles
        # how load_corpus got this corpus: {"status": "hit" | "miss" | "not cached" | "off",
        # "hit", "key", "path", "seconds", "reason" (when not cached)}; see prepare/cache.py
        self.cache_info: dict[str, object] = {"status": "off", "hit": False, "key": None}
        self._stored: Callable[[str], pd.DataFrame | None] | None = None  # tables on disk
        # (para_id, start, end) rows per document, when the loader split them already;
        # made into self._sent_spans (and let go) when sentences are first needed
        self._known_sentences: Mapping[str, np.ndarray] | None = None
        # the sentence table without its text (doc_id, sent_id, para_id, start, end):
        # what the corpus keeps; .sentences cuts the text from docs.text when read
        self._sent_spans: pd.DataFrame | None = None
        self._sentences_ref: weakref.ref[pd.DataFrame] | None = None  # the last handed out
        self._made_sentences: pd.DataFrame | None = None  # from _prepare(segment_only=True)

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
        stored = self._from_store("paragraphs")
        if stored is not None:
            return stored
        rows = []
        for doc_id, text in self._texts.items():
            for i, (a, b) in enumerate(segment.paragraph_spans(text)):
                rows.append((doc_id, i, text[a:b], a, b))
        return _frame(rows, ["doc_id", "para_id", "text", "start", "end"])

    @property
    def sentences(self) -> pd.DataFrame:
        """One row per sentence: ``doc_id, sent_id, para_id, text, start, end``.

        Sentences never cross a paragraph boundary; ``sent_id`` counts from 0 in each
        article.

        The corpus keeps the sentences' offsets, not their text (a second copy of every
        article): ``text`` is cut from ``docs.text`` when the table is read. While a
        caller holds the table, reading it again gives the same frame; once no one
        does, it is let go, and the next read builds an equal one (a new frame).
        """
        held = self._held_sentences()
        if held is not None:
            return held
        if self._sent_spans is not None or self._known_sentences is not None:
            df = _with_text(self._texts, self._sentence_offsets())
        elif (stored := self._from_store("sentences")) is not None:
            df = stored
            self._sent_spans = _offsets(stored)
        else:
            return self._computed_sentences()
        self._sentences_ref = weakref.ref(df)
        return df

    def _held_sentences(self) -> pd.DataFrame | None:
        """The sentence table last handed out, while someone still holds it."""
        return None if self._sentences_ref is None else self._sentences_ref()

    def _sentence_offsets(self, *, compute: bool = True) -> pd.DataFrame | None:
        """The sentence table without ``text`` (``doc_id, sent_id, para_id, start,
        end``), which the prepare stages read; kept by the corpus once known.

        From the loader's spans, the cache, or Punkt (``compute=False``: None when only
        Punkt would give them).
        """
        if self._sent_spans is not None:
            return self._sent_spans
        held = self._held_sentences()
        if held is not None:
            self._sent_spans = _offsets(held)
        elif self._known_sentences is not None:
            self._sent_spans = sentence_offsets_from_spans(self._texts, self._known_sentences)
            self._known_sentences = None  # the table holds them now
        elif (stored := self._from_store("sentences")) is not None:
            self._sent_spans = _offsets(stored)
        elif compute:
            self._computed_sentences()
        return self._sent_spans

    def _computed_sentences(self) -> pd.DataFrame:
        """The sentence table split by Punkt now (in chunks on ``n_jobs`` processes or
        the engine, or here), its offsets kept."""
        if self.engine is not None or n_workers(self.n_jobs, len(self._texts)) > 1:
            self._prepare((), segment_only=True)
            df, self._made_sentences = self._made_sentences, None
        else:
            df = _sentence_frame(self._texts, self.paragraphs)
        self._sent_spans = _offsets(df)
        self._sentences_ref = weakref.ref(df)
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
        :mod:`corpus_utils.prepare.voices`), ``quote_id`` and ``is_name``.

        Without a filter (``drop_stop``, ``drop_punct``), ``metadata`` or ``voice``, the
        table is not copied: it shares its columns with the one the corpus keeps for
        these options (a shallow copy), and their values are read-only. Adding,
        replacing or dropping columns is fine (the corpus's table is not changed);
        changing values in place (``toks.loc[i, "norm"] = ...``) raises ``ValueError:
        assignment destination is read-only``: call ``.copy()`` first. Counting
        analyses read :func:`corpus_utils.stats.dtm.dtm` instead of this table.

        Args:
            lowercase: ``norm`` in lower case (actors keep their canonical name).
            stem: ``norm`` is the Snowball (English) stem.
            lemma: ``norm`` is the WordNet lemma; needs NLTK's wordnet data and raises
                :class:`~corpus_utils.prepare.tokenization.MissingNLTKData` without it.
            merge_actors: merge multi-word actor names from the actor lexicon.
            stopwords: replace the package's stop-word list.
            drop_stop, drop_punct: leave out stop words / punctuation tokens.
            metadata: ``True`` adds every document metadata column (all but ``text``);
                a list adds the columns named.
            voice: add whose words each token is: the reporter's narration or a quote.

        >>> toks = corpus.tokens(drop_stop=True, metadata=["outlet"])
        >>> bool(toks["is_stop"].any()), toks["outlet"].unique().tolist()
        (False, ['Newsweek', 'Daily Caller News Foundation'])
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
            base = self._base(merge_actors)
            df = tokenization.normalise(
                base, lowercase=lowercase, stem=stem, lemma=lemma, stopwords=key[4]
            )
            df = _read_only(df, TOKEN_COLUMNS)
            self._norm_tokens[key] = df
        if drop_stop or drop_punct:
            keep = np.ones(len(df), bool)
            if drop_stop:
                keep &= ~df["is_stop"].to_numpy(bool)
            if drop_punct:
                keep &= ~df["is_punct"].to_numpy(bool)
            df = df[keep]  # a new frame (a copy): callers may change it freely
            df.index = pd.RangeIndex(len(df))  # not reset_index(), which would copy it again
        else:
            df = df.copy(deep=False)  # new columns go to this frame, not the corpus's
        if voice:
            from .prepare.voices import token_voices

            df = token_voices(self, df)
        if metadata:
            return self.with_metadata(df, None if metadata is True else metadata)
        return df

    def entities(self, *, pack="syria", kinds: Sequence[str] | None = None) -> pd.DataFrame:
        """People, organisations and places named in the corpus, variants merged.

        ``entity, kind, variants, roles, mentions, articles, pack_type``; see
        :func:`corpus_utils.sources.entities.entities` (``pack`` names the beat pack whose
        aliases and types enrich the names found).
        """
        from .sources import entities

        return entities.entities(self, pack=pack, kinds=kinds)

    def mentions(self, *, pack="syria") -> pd.DataFrame:
        """Every name mention with its offsets, role and merged entity; see
        :func:`corpus_utils.sources.entities.mentions`."""
        from .sources import entities

        return entities.mentions(self, pack=pack)

    def _from_store(self, name: str) -> pd.DataFrame | None:
        """A table kept on disk by the cache, or None (no cache, or the table is gone)."""
        return None if self._stored is None else self._stored(name)

    def _base(self, merge_actors: bool) -> pd.DataFrame:
        """The base token table (before ``normalise``): from memory, the cache, or computed."""
        base = self._base_tokens.get(merge_actors)
        if base is None:
            base = self._from_store(BASE_TABLES[merge_actors])
            if base is None:
                self._prepare((merge_actors,))
                base = self._base_tokens[merge_actors]
            else:  # chunks read back with their categories united: sorted again
                base = tokenization.compact(base)
            self._base_tokens[merge_actors] = base
        return base

    def _prepare(
        self,
        variants: Iterable[bool] = (True,),
        *,
        sink: Callable[[str, pd.DataFrame], None] | None = None,
        segment_only: bool = False,
    ) -> None:
        """Sentences and base token tables, in chunks of documents, on ``n_jobs`` processes.

        Sentences are computed with the tokens when not known yet (their offsets are then
        kept, as :meth:`_sentence_offsets`). Without ``sink`` the base tables go to
        ``self._base_tokens``; with it, every chunk's ``sentences`` and base tables (named by
        :data:`BASE_TABLES`) are handed to ``sink(name, chunk)`` in corpus order and
        nothing stays in memory (the cache streams them to disk). The result is the same
        whatever the number of processes or chunks, or the engine (:attr:`engine`): a
        document is never split.
        """
        with using(self.engine):
            self._prepare_chunks(variants, sink=sink, segment_only=segment_only)

    def _prepare_chunks(
        self,
        variants: Iterable[bool],
        *,
        sink: Callable[[str, pd.DataFrame], None] | None,
        segment_only: bool,
    ) -> None:
        variants = tuple(dict.fromkeys(variants))
        sentences = self._sent_spans  # offsets only: the text is not needed here
        if sentences is None and self._sentences_ref is not None:
            sentences = self._sentence_offsets(compute=False)  # of a table held now
        if sentences is None and self._known_sentences is not None:
            sentences = self._sentence_offsets()  # from the loader's spans: no Punkt
            if sink is not None:
                sink("sentences", self.sentences)
        if sentences is None and sink is None and self._stored is not None and not segment_only:
            sentences = self._sentence_offsets()  # from the cache, or computed
        doc_ids = list(self._texts)
        n = len(doc_ids)
        workers = n_workers(self.n_jobs, n)
        show = n > PROGRESS_MIN_DOCS if self.progress is None else bool(self.progress)
        bounds = chunk_bounds(n, workers, split=show)
        index = pd.Index(doc_ids)
        if sentences is None:  # paragraphs only to split: a second copy of every text
            paragraphs = self.paragraphs
            p_pos = index.get_indexer(paragraphs["doc_id"])
            p_cols = paragraphs[["doc_id", "para_id", "start", "end"]]
        else:
            s_pos = index.get_indexer(sentences["doc_id"])
            s_cols = sentences[["doc_id", "sent_id", "start", "end"]]

        def jobs():
            for a, b in bounds:
                # sent as UTF-8 bytes: pickling the str would leave a UTF-8 copy in it
                texts = TextsByDoc({d: self._texts[d] for d in doc_ids[a:b]})
                if sentences is None:
                    i, j = p_pos.searchsorted([a, b])
                    yield texts, p_cols.iloc[i:j], None, variants
                else:
                    i, j = s_pos.searchsorted([a, b])
                    yield texts, None, s_cols.iloc[i:j], variants

        if sentences is not None:
            what = "tokens"
        else:
            what = "sentences and tokens" if variants else "sentences"
        sent_parts: dict[int, pd.DataFrame] = {}
        # without a sink, each chunk's tables are joined as the chunk arrives (in any
        # order), while the next chunks are tokenized; a sink takes them in corpus order
        joins = {v: tokenization.ChunkJoin() for v in variants}
        with progress_bar(n, what, enabled=show) as bar:
            if sink is None:
                results = run_chunks_as_done(_prepare_chunk, jobs(), workers)
            else:
                results = enumerate(run_chunks(_prepare_chunk, jobs(), workers))
            for k, (sents, tables) in results:
                if sink is not None:
                    if sents is not None:
                        sink("sentences", sents)
                    for v in variants:
                        sink(BASE_TABLES[v], tables[v])
                else:
                    if sents is not None:
                        sent_parts[k] = sents
                    for v in variants:
                        joins[v].add(k, tables[v])
                del sents, tables
                a, b = bounds[k]
                bar.update(b - a)
        if sink is None:
            if sentences is None:
                made = _concat([sent_parts.pop(k) for k in sorted(sent_parts)])
                self._sent_spans = _offsets(made)
                if segment_only:  # for _computed_sentences, which hands it out
                    self._made_sentences = made
                del made  # with tokens: only the offsets are kept
            for v in variants:
                self._base_tokens[v] = joins.pop(v).table()

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
        """One row per article: headline, outlet, publication window and size counts.

        A missing outlet stays missing (NA), so it is never counted as an outlet.
        """
        toks = self.tokens(merge_actors=False)  # a word count: actor names count word by word
        words = toks[~toks["is_punct"]].groupby("doc_id", observed=True).size()
        d = self.docs.set_index("doc_id")
        out = pd.DataFrame(
            {
                "title": d["title"].fillna("(no headline)"),
                "outlet": d["outlet"],
                "published": d["published"].fillna("(unknown)"),
                "words": words.reindex(d.index, fill_value=0),
                "paragraphs": self.paragraphs.groupby("doc_id")
                .size()
                .reindex(d.index, fill_value=0),
                "sentences": self._sentence_offsets()
                .groupby("doc_id")
                .size()
                .reindex(d.index, fill_value=0),
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


TOKEN_COLUMNS = (
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
)
"""The columns of :meth:`Corpus.tokens`, in order (before ``voice`` and metadata)."""


def _read_only(df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``df[columns]`` sharing its data, NumPy columns and categorical codes made
    read-only, with a RangeIndex.

    Nothing is copied: a column's values are a read-only view of ``df``'s, so a frame
    handed out as a shallow copy cannot change the corpus's table in place.
    """
    data = {}
    for col in columns:
        values = df[col].array
        if isinstance(df[col].dtype, np.dtype):
            values = df[col].to_numpy().view()
            values.flags.writeable = False
        elif isinstance(values, pd.Categorical):
            codes = values.codes  # a read-only view of the codes: shared, not copied
            values = pd.Categorical.from_codes(codes, dtype=values.dtype, validate=False)
        data[col] = values
    return pd.DataFrame(data, index=pd.RangeIndex(len(df)), copy=False)


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    df = df.astype({"doc_id": "string", "text": "string", "start": "int32", "end": "int32"})
    if "para_id" in df:
        df["para_id"] = df["para_id"].astype("int32")
    return df


BASE_TABLES = {True: "base_tokens_actors", False: "base_tokens_words"}  # by merge_actors


def _prepare_chunk(
    texts: dict[str, str],
    paragraphs: pd.DataFrame | None,
    sentences: pd.DataFrame | None,
    variants: tuple[bool, ...],
) -> tuple[pd.DataFrame | None, dict[bool, pd.DataFrame]]:
    """Sentences (when not given) and base token tables for a few whole documents.

    A worker first gives the C heap's free pages back (:func:`release_free_memory`): the
    last chunk's arrays and strings, freed, would otherwise stay in the worker's memory
    for the rest of the stage (measured at 70 MB: 131 -> 88-96 MB private per worker).
    """
    release_free_memory()
    made = None
    if sentences is None:
        made = sentences = _sentence_frame(texts, paragraphs)
    return made, tokenization.base_tables(texts, sentences, variants=variants)


def _sentence_frame(texts: Mapping[str, str], paragraphs: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for doc_id, para_id, p_start, p_end in paragraphs[
        ["doc_id", "para_id", "start", "end"]
    ].itertuples(index=False):
        text = texts[doc_id]
        for a, b in segment.sentence_spans(text, p_start, p_end):
            rows.append((doc_id, para_id, text[a:b], a, b))
    df = _frame(rows, ["doc_id", "para_id", "text", "start", "end"])
    df.insert(1, "sent_id", df.groupby("doc_id", sort=False).cumcount().astype("int32"))
    return df


SENTENCE_OFFSETS = ("doc_id", "sent_id", "para_id", "start", "end")
"""The columns the corpus keeps of its sentence table (all but ``text``)."""


def _offsets(sentences: pd.DataFrame) -> pd.DataFrame:
    """The :data:`SENTENCE_OFFSETS` columns of a sentence table, copied (a few bytes a
    row: the caller's table may be changed without changing the corpus's)."""
    columns = {c: sentences[c].array.copy() for c in SENTENCE_OFFSETS}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(sentences)), copy=False)


def _with_text(texts: Mapping[str, str], offsets: pd.DataFrame) -> pd.DataFrame:
    """The sentence table: ``offsets`` with ``text`` cut from each article (between
    ``para_id`` and ``start``); its other columns are copies, not the corpus's arrays."""
    starts = offsets["start"].to_numpy()
    ends = offsets["end"].to_numpy()
    doc_ids = offsets["doc_id"].to_numpy(dtype=object)
    text_col = [
        texts[d][a:b]
        for d, a, b in zip(doc_ids.tolist(), starts.tolist(), ends.tolist(), strict=True)
    ]
    return pd.DataFrame(
        {
            "doc_id": offsets["doc_id"].array.copy(),
            "sent_id": offsets["sent_id"].to_numpy(copy=True),
            "para_id": offsets["para_id"].to_numpy(copy=True),
            "text": pd.array(text_col, dtype="string"),
            "start": starts.copy(),
            "end": ends.copy(),
        },
        copy=False,
    )


def sentence_offsets_from_spans(
    texts: Mapping[str, str], spans: Mapping[str, np.ndarray]
) -> pd.DataFrame:
    """The sentence table without ``text`` (:data:`SENTENCE_OFFSETS`) from ``(para_id,
    start, end)`` rows per document, in ``texts``' order, built column by column."""
    ids = list(texts)
    parts = [np.asarray(spans[d], dtype=np.int32).reshape(-1, 3) for d in ids]
    counts = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    rows = np.concatenate(parts) if parts else np.zeros((0, 3), dtype=np.int32)
    firsts = np.repeat(np.cumsum(counts) - counts, counts)
    return pd.DataFrame(
        {
            "doc_id": pd.array(np.repeat(np.array(ids, dtype=object), counts), dtype="string"),
            "sent_id": (np.arange(len(rows)) - firsts).astype(np.int32),
            "para_id": rows[:, 0].copy(),
            "start": rows[:, 1].copy(),
            "end": rows[:, 2].copy(),
        }
    )


def sentence_frame_from_spans(
    texts: Mapping[str, str], spans: Mapping[str, np.ndarray]
) -> pd.DataFrame:
    """The sentence table from ``(para_id, start, end)`` rows per document, built
    column by column (the same table as splitting every paragraph again).

    >>> sentence_frame_from_spans({"a": "One. Two."}, {"a": np.array([[0, 0, 4], [0, 5, 9]])})
      doc_id  sent_id  para_id  text  start  end
    0      a        0        0  One.      0    4
    1      a        1        0  Two.      5    9
    """
    return _with_text(texts, sentence_offsets_from_spans(texts, spans))


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
