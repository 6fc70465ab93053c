"""Voices: the reporter's own narration and the words of the sources it quotes.

The module finds the spans between quotation marks, decides which of them are speech,
and gives every sentence and every token a *voice*. Offsets index ``Corpus.docs.text``.
Pairing the marks is :mod:`~corpus_utils.prepare.quote_marks`, deciding a span's kind
:mod:`~corpus_utils.prepare.quote_kinds`; a corpus is scanned in chunks of whole
documents on its processes (a document's scan reads only that document).

Rules a notebook author should know:

Quotation marks
    Double marks are the straight ``"``, the curly ``“ ”``, the low ``„`` and guillemets
    ``« »``. Whether a mark opens or closes is read from its neighbours, not its shape
    (a space or line start before it and a non-space after it opens; a non-space before
    it and a space or punctuation after it closes), because real articles mix shapes:
    000 opens a quotation with a straight mark and closes it with a curly one. Only when
    the neighbours cannot tell does the shape decide (a straight mark then alternates).
    A double mark between two letters is a lost apostrophe, not a quotation mark
    (scraped ``don"t``, ``Syria"s``, and ``Assad"?s`` with a garbled second byte).
    Single marks (``' ‘ ’``) count as quotation marks only in pairs: inside a double
    quotation (a nested quote) or, outside one, within one sentence. A single mark
    between two letters or digits, or a closing-looking one with nothing open, is an
    apostrophe (``terrorists’ offensive``, ``rebels' first``).
Paragraphs and unbalanced marks
    A quotation that reaches the end of its paragraph unclosed continues when the next
    paragraph opens with a quotation mark (news style for long quotes: one ``quote`` row
    spanning both paragraphs). Otherwise it ends at the paragraph end, is flagged
    ``unbalanced`` and :func:`quote_problems` gets a row. An opening mark inside an open
    quotation ends the earlier one just before it (flagged, recorded); a closing mark
    with nothing open is recorded and ignored. An unbalanced span has kind
    ``unpaired``: where its quotation really ended is unknown (in a one-paragraph
    scraped article it would be the whole rest of the article), so its words stay
    narration and do not count in ``quote_share``. Nothing raises: the rest of the
    article still gets its voices.
Kinds of quoted span
    ``name``: not speech: a name, gloss or scare quote. A span of at most six words is a
    name when it follows a gloss word (``jazeera, or "island,"``) or a naming cue
    (``known as``, ``so-called``, ``dubbed``...), or when all its words are capitalised
    and either ``call`` plus an object precedes it (``calling the rebel offensive
    "Deterring Aggression"``) or no speech tag (``," he said``) follows it. A lower-case
    word after ``call`` stays speech (``Russia called "unprecedented,"``).
    ``quote``: a direct quotation: the span opens its sentence (or follows a colon) or
    covers more than one sentence.
    ``unpaired``: an unbalanced span (above); not speech.
    ``partial``: speech embedded in the reporter's sentence (``told Newsweek that the
    SDF likely controlled "more than 90 percent" of Raqqa``).
    Scare quotes, titles and glossed terms are ``name`` too (word lists in
    ``resources/quote_name_cues.csv``): a span of up to twelve words right after a
    word naming a work (``the documentary "For Sama"``); a span of up to three words
    followed by a gloss (``the "shabiha" (pro-government militias)``); and a span of up
    to three words inside the reporter's sentence whose sentence has no speech cue
    outside paired quotation marks (``said``, ``according to``, ``called``,
    ``described``... the verbs, participles and via cues of ``reporting_verbs.csv`` and
    the ``speech`` words of ``quote_name_cues.csv``) and which does not end in ``!``
    or ``?``: ``the regime's "reforms" changed nothing`` is a scare quote, ``the SOHR
    said the army used "barrel bombs"`` a partial quote. Kind ``name`` is chosen for all
    of these (there is no separate ``scare`` kind): none is speech, so none counts in
    the ledger or in ``quote_share``. A short span in a sentence that does report
    speech stays ``partial`` even when the cue comes after it (``"clay and adobe"
    homes ..., Amnesty said``): on FA-KES, calling those scare quotes moved ten partial
    quotes to names for four real scare quotes. With :data:`PREVIOUS_SENTENCE_CUE` on,
    it stays ``partial`` too when the sentence before reports speech *and* quotes
    someone (a stretch of that speaker's words); off by default (measured: a coin flip).
    More name rules (issue 11; every word list a kind of ``quote_name_cues.csv``):
    a naming verb (``dubbed``, ``termed``, ``called``, ``described as``...) names the
    span unless a speaking subject gives it: an object after the verb (``the senator
    called the bill "a betrayal"``), a pronoun, a capitalised name or an auxiliary
    before it (``what he termed``, ``critics have called``) or ``by`` + agent after the
    span make it ``partial``; ``a militia dubbed "the tigers"``, ``the midfielder,
    widely described as "the new Zidane"`` stay names (title-case spans always do).
    A span of up to three words governed by a verb of opinion (``labels ... as
    "extremists"``, ``considers``; ``stance``) with no speech cue before that verb, or
    the object of a verb that makes a thing (``declared a "people's republic"``,
    ``imposed a``; ``act``) in a sentence with no other cue, is a scare quote. A span
    after a copula whose subject is a naming noun (``the team motto is "never give
    up"``; ``a phrase for it. It is 'game management'``) is a cited term; a ballot
    option (``a "yes" vote``, ``voted "no"``) a name; a title-case span after
    ``campaign``, ``operation``, ``video``... a title; ``the "yips", the sudden loss of
    ...`` a glossed term. A span of up to three words opening a sentence, without
    punctuation of its own, that the reporter's sentence goes on from in lower case with
    no speech tag and no cue in the sentence before (``"Deep fake" videos are
    spreading``) is a term, not a direct quote. Two single marks around one letter
    (``rock 'n' roll``) are apostrophes, like the one in ``O'Brien``. The rules of stop
    15 (capitals, naming verbs with no object, cued whole sentences) are in the notes
    of :mod:`~corpus_utils.prepare.quote_kinds`.
Voices
    Token: a token inside a top-level ``quote`` span has voice ``quote``, inside a
    ``partial`` span ``partial``; everything else, including words inside ``name``
    spans (flagged ``is_name``), is ``narration``. The quotation marks belong to their
    span. Sentence: ``quote`` when any of its tokens has voice ``quote`` (a direct
    quotation sentence; the rest of such a sentence is its attribution tag, as in
    ``"...," he added.``), ``partial`` when any has voice ``partial``, else
    ``narration``. ``quote_share`` gives the share of word tokens inside speech marks
    for anyone who prefers a threshold.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import segment, tokenization
from .parallel import TextList, chunk_bounds, n_workers, run_chunks, using

# the scan is split in two modules; their names stay importable from here
from .quote_kinds import (  # noqa: F401
    _LETTERS,
    CUE_WINDOW,
    MAX_NAME_WORDS,
    MAX_SCARE_WORDS,
    MAX_TITLE_WORDS,
    UNPAIRED,
    _classify,
    _cue_patterns,
    _ends_with_sentence_mark,
    _name_cues,
    _SentenceCues,
)
from .quote_marks import (  # noqa: F401
    _SINGLE_RX,
    _WORD,
    DOUBLE_MARKS,
    MAX_SINGLE_WORDS,
    SINGLE_MARKS,
    _context,
    _pair_doubles,
    _pair_singles,
    _segments_outside,
    _sentence_of,
    _Span,
)

KINDS = ("quote", "partial", "name", UNPAIRED)
VOICES = ("narration", "partial", "quote")
SPEECH = ("quote", "partial")

QUOTE_COLUMNS = [
    "doc_id",
    "quote_id",
    "kind",
    "level",
    "parent_id",
    "text",
    "start",
    "end",
    "sent_ids",
    "para_ids",
    "open_mark",
    "close_mark",
    "unbalanced",
    "n_words",
]
PROBLEM_COLUMNS = ["doc_id", "para_id", "pos", "mark", "problem", "context"]

# Whether a cue in the sentence before (one that also quotes someone) keeps a short span
# speech. Off: on 3,000 unlabelled BBC and FA-KES articles it turned 86 spans from
# names into partial quotes, and read by hand 15 of 32 sampled were someone's words and
# 17 names or scare quotes; on the development gold it changed nothing. Read when a
# scan starts (and handed to the chunks of a corpus scan).
PREVIOUS_SENTENCE_CUE = False


class QuoteScan(NamedTuple):
    """The result of :func:`scan_text`: quoted spans and recorded problems."""

    quotes: pd.DataFrame
    problems: pd.DataFrame


def _prepare(
    text: str,
    paragraphs: list[tuple[int, int]] | None,
    sentences: list[tuple[int, int]] | None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    paras = paragraphs if paragraphs is not None else segment.paragraph_spans(text)
    if sentences is None:
        sentences = [s for a, b in paras for s in segment.sentence_spans(text, a, b)]
    return list(paras), list(sentences)


def _scan(
    text: str,
    paras: list[tuple[int, int]],
    sents: list[tuple[int, int]],
    *,
    previous_cue: bool = False,
) -> tuple[list[_Span], list[dict]]:
    problems: list[dict] = []
    spans = _pair_doubles(text, paras, problems)
    top = list(spans)  # in text order, not overlapping
    # nested single quotes, piece by piece of each double quotation (one per paragraph)
    for idx, s in enumerate(top):
        for k in s.paras:
            lo, hi = paras[k]
            a, b = max(lo, s.start + 1), min(hi, s.end - (1 if s.close_mark else 0))
            for x, y, om, cm in _pair_singles(text, a, b, MAX_SINGLE_WORDS):
                spans.append(_Span(x, y, om, cm, level=1, parent=idx, paras=[k]))
    # top-level single quotes: paired within one sentence, outside double quotations
    top_ends = [s.end for s in top]
    para_starts = [a for a, _ in paras]
    singles = [m.start() for m in _SINGLE_RX.finditer(text)]
    for a, b in sents:
        if bisect_left(singles, b) - bisect_left(singles, a) < 2:
            continue  # a pair needs two single marks in the sentence
        for x0, y0 in _segments_outside(a, b, top, top_ends):
            for x, y, om, cm in _pair_singles(text, x0, y0, 12):
                k = max(bisect_right(para_starts, x) - 1, 0)
                spans.append(_Span(x, y, om, cm, paras=[k]))
    if sents and spans:
        starts = np.fromiter((a for a, _ in sents), dtype=np.int64, count=len(sents))
        first = _sentence_of(starts, np.array([s.start for s in spans]))
        last = _sentence_of(starts, np.array([max(s.start, s.end - 1) for s in spans]))
        for s, f, g in zip(spans, first.tolist(), last.tolist(), strict=True):
            s.sents = list(range(f, g + 1))
    cue_words = _name_cues().speech_words
    naming_nouns = _name_cues().words["naming_noun"]
    cue_of: dict[int, _SentenceCues] = {}
    paired = [s for s in top if not s.unbalanced]  # an unpaired span is narration
    paired_ends = [s.end for s in paired]
    quoted = {k for s in paired for k in s.sents}

    def cues(k: int) -> _SentenceCues:
        """Sentence ``k``'s speech cues outside paired double quotations (read once)."""
        if k not in cue_of:
            a, b = sents[k]
            found = []
            # a naming noun counts inside quotation marks too ('a good phrase' in a quote); _WORD
            # keeps 'long-term' whole
            noun = not naming_nouns.isdisjoint(map(str.lower, _WORD.findall(text, a, b)))
            for x, y in _segments_outside(a, b, paired, paired_ends):
                if cue_words.isdisjoint(map(str.lower, _LETTERS.findall(text, x, y))):
                    continue  # no cue word here: no match object per word
                found += [
                    m.start()
                    for m in _LETTERS.finditer(text, x, y)
                    if m.group().lower() in cue_words
                ]
            first, last = (found[0], found[-1]) if found else (-1, -1)
            cue_of[k] = _SentenceCues(first, last, len(found), noun, k in quoted)
        return cue_of[k]

    for s in spans:
        s.kind = _classify(text, s, sents, cues, previous_cue=previous_cue)
    for p in problems:
        p["context"] = _context(text, p["pos"])
    return spans, problems


def _span_rows(text: str, spans: list[_Span]) -> list[dict]:
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].level))
    new_id = {old: new for new, old in enumerate(order)}
    rows = []
    for old in order:
        s = spans[old]
        inner = text[s.start + 1 : s.end - (1 if s.close_mark else 0)]
        rows.append(
            {
                "quote_id": new_id[old],
                "kind": s.kind,
                "level": s.level,
                "parent_id": new_id[s.parent] if s.parent is not None else pd.NA,
                "text": text[s.start : s.end],
                "start": s.start,
                "end": s.end,
                "sent_ids": s.sents,
                "para_ids": s.paras,
                "open_mark": s.open_mark,
                "close_mark": s.close_mark,
                "unbalanced": s.unbalanced,
                "n_words": len(_WORD.findall(inner)),
            }
        )
    return rows


def _quote_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return df.astype(
        {
            "doc_id": "string",
            "quote_id": "int32",
            "kind": "string",
            "level": "int8",
            "parent_id": "Int32",
            "text": "string",
            "start": "int32",
            "end": "int32",
            "open_mark": "string",
            "close_mark": "string",
            "unbalanced": "bool",
            "n_words": "int32",
        }
    )


def _problem_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    return df.astype(
        {
            "doc_id": "string",
            "para_id": "int32",
            "pos": "int32",
            "mark": "string",
            "problem": "string",
            "context": "string",
        }
    )


def scan_text(
    text: str,
    *,
    paragraphs: list[tuple[int, int]] | None = None,
    sentences: list[tuple[int, int]] | None = None,
    doc_id: str = "",
) -> QuoteScan:
    """Quoted spans and quotation-mark problems in one text.

    Paragraphs default to blank-line separated blocks and sentences to the package's
    Punkt segmenter, as :class:`~corpus_utils.Corpus` makes them; ``sent_ids`` and
    ``para_ids`` count from 0 in this text.

    >>> scan_text('"We won," he said.').quotes[["kind", "text"]].values.tolist()
    [['quote', '"We won,"']]
    """
    paras, sents = _prepare(text, paragraphs, sentences)
    return _scan_texts([text], [doc_id], [paras], [sents], PREVIOUS_SENTENCE_CUE)


def _scan_texts(
    texts: list[str],
    doc_ids: list[str],
    paras: list[list[tuple[int, int]]],
    sents: list[list[tuple[int, int]]],
    previous_cue: bool,
) -> QuoteScan:
    """The quote and problem tables of a few documents (each scanned on its own)."""
    q_rows: list[dict] = []
    p_rows: list[dict] = []
    for text, doc_id, p, s in zip(texts, doc_ids, paras, sents, strict=True):
        spans, problems = _scan(text, p, s, previous_cue=previous_cue)
        for r in _span_rows(text, spans):
            r["doc_id"] = doc_id
            q_rows.append(r)
        for pr in problems:
            pr["doc_id"] = doc_id
            p_rows.append(pr)
    return QuoteScan(_quote_frame(q_rows), _problem_frame(p_rows))


# --- corpus level ---------------------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _corpus_scan(corpus) -> QuoteScan:
    """Every document's quotes and problems (the quotes with their ``text``)."""
    scan = _kept_scan(corpus)
    return QuoteScan(_with_text(corpus, scan.quotes), scan.problems)


def _with_text(corpus, quotes: pd.DataFrame) -> pd.DataFrame:
    """``quotes`` (kept without ``text``) with ``text`` cut from ``docs.text`` again, in
    its place among :data:`QUOTE_COLUMNS`."""
    doc_ids = quotes["doc_id"].to_numpy(dtype=object).tolist()
    spans = zip(doc_ids, quotes["start"].tolist(), quotes["end"].tolist(), strict=True)
    text = pd.array([corpus.text_of(d)[a:b] for d, a, b in spans], dtype="string")
    out = quotes.copy(deep=False)
    out.insert(QUOTE_COLUMNS.index("text"), "text", text)
    return out


def _kept_scan(corpus) -> QuoteScan:
    """Every document's quotes (without ``text``: the corpus keeps no copy of its
    quoted words) and problems, scanned in chunks of whole documents on the corpus's
    processes (``n_jobs``) or cluster, joined in document order; kept for the corpus.

    A document's scan reads only its own text, paragraphs and sentences (quote ids count
    in each document), so the result is the same whatever the number of chunks. A
    chunk carries its sentences' offsets as arrays and finds its documents' paragraphs
    itself (``segment.paragraph_spans``, as ``Corpus.paragraphs`` does), so the main
    process holds no span tuple per sentence and builds no paragraph table.
    """
    hit = _CACHE.get(corpus)
    if hit is not None:
        return hit
    doc_ids = corpus.docs["doc_id"].tolist()
    # the sentences' offsets, not the table with its text (a copy of every article)
    starts, ends, bounds = _spans_by_doc(corpus._sentence_offsets(), doc_ids)
    workers = n_workers(corpus.n_jobs, len(doc_ids))
    previous_cue = PREVIOUS_SENTENCE_CUE  # read here: a worker has its own module

    def jobs():
        for a, b in chunk_bounds(len(doc_ids), workers):
            ids = doc_ids[a:b]
            texts = TextList(corpus.text_of(d) for d in ids)  # pickled as UTF-8 bytes
            i, j = bounds[a], bounds[b]
            yield texts, ids, starts[i:j], ends[i:j], bounds[a : b + 1] - i, previous_cue

    with using(corpus.engine):
        parts = list(run_chunks(_scan_chunk, jobs(), workers))
    if len(parts) == 1:
        result = parts[0]
    else:
        result = QuoteScan(
            pd.concat([p.quotes for p in parts], ignore_index=True),
            pd.concat([p.problems for p in parts], ignore_index=True),
        )
    del parts
    result = QuoteScan(result.quotes.drop(columns="text"), result.problems)
    _CACHE[corpus] = result
    return result


def _scan_chunk(
    texts: list[str],
    doc_ids: list[str],
    starts: np.ndarray,
    ends: np.ndarray,
    bounds: np.ndarray,
    previous_cue: bool,
) -> QuoteScan:
    """:func:`_scan_texts` of a chunk: document ``k``'s sentences are rows
    ``bounds[k]:bounds[k + 1]`` of ``starts`` and ``ends``; paragraphs are found here."""
    pairs = list(zip(starts.tolist(), ends.tolist(), strict=True))
    at = bounds.tolist()
    sents = [pairs[at[k] : at[k + 1]] for k in range(len(texts))]
    paras = [segment.paragraph_spans(t) for t in texts]
    return _scan_texts(texts, doc_ids, paras, sents, previous_cue)


def _spans_by_doc(
    table: pd.DataFrame, doc_ids: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``start`` and ``end`` of ``table``'s rows grouped by document (in ``doc_ids``
    order, table order within one), and where each document's rows begin (one more
    entry: the end); rows of other documents are left out.

    >>> t = pd.DataFrame({"doc_id": ["b", "a", "b"], "start": [0, 0, 5], "end": [4, 3, 9]})
    >>> [x.tolist() for x in _spans_by_doc(t, ["a", "b", "c"])]
    [[0, 0, 5], [3, 4, 9], [0, 1, 3, 3]]
    """
    code = pd.Index(doc_ids).get_indexer(table["doc_id"].to_numpy(dtype=object))
    order = np.argsort(code, kind="stable")  # each document's rows together, in order
    bounds = np.searchsorted(code[order], np.arange(len(doc_ids) + 1))
    first = bounds[0]  # rows before it belong to no document of doc_ids
    starts = table["start"].to_numpy()[order][first:]
    ends = table["end"].to_numpy()[order][first:]
    return starts, ends, bounds - first


def quotes(corpus, *, kinds: tuple[str, ...] | None = None, nested: bool = True) -> pd.DataFrame:
    """One row per quoted span in the corpus.

    Columns: ``doc_id, quote_id, kind`` (``quote``, ``partial``, ``name`` or
    ``unpaired``: an unbalanced span, not speech), ``level``
    (0 top level, 1 nested inside another quotation), ``parent_id`` (the enclosing
    quotation's ``quote_id``), ``text`` (with its marks), ``start, end`` (offsets into
    ``docs.text``, marks included), ``sent_ids`` and ``para_ids`` (lists), ``open_mark,
    close_mark`` (the characters used; ``close_mark`` is empty when none was found),
    ``unbalanced`` and ``n_words``.

    Args:
        kinds: keep only these kinds, e.g. ``("quote", "partial")`` for speech.
        nested: keep nested (level 1) spans.
    """
    df = _kept_scan(corpus).quotes
    if kinds is not None:
        df = df[df["kind"].isin(kinds)]
    if not nested:
        df = df[df["level"] == 0]
    return _with_text(corpus, df.reset_index(drop=True))


def quote_problems(corpus) -> pd.DataFrame:
    """Unbalanced or stray quotation marks: ``doc_id, para_id, pos, mark, problem, context``."""
    return _kept_scan(corpus).problems.copy()


def span_index(doc_ids: pd.Series, starts: np.ndarray, spans: pd.DataFrame) -> np.ndarray:
    """For each ``(doc_id, position)``, the row of ``spans`` containing it, or -1.

    ``spans`` needs ``doc_id, start, end``, a default index, rows sorted by ``start``
    within each document and no overlaps (top-level quotations). ``doc_ids`` may be a
    categorical (the token table's), read by its codes.

    >>> spans = pd.DataFrame({"doc_id": ["a", "a"], "start": [0, 10], "end": [5, 12]})
    >>> span_index(pd.Series(["a", "a", "b"]), np.array([3, 7, 3]), spans).tolist()
    [0, -1, -1]
    """
    if spans.empty or len(starts) == 0:
        return np.full(len(starts), -1, dtype=np.int64)
    codes, names = _doc_codes(doc_ids)
    return _rows_in_spans(codes, starts, _span_keys(names, spans))


def _doc_codes(doc_ids: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each row's document as a code into a list of names (a categorical's own codes)."""
    if isinstance(doc_ids.dtype, pd.CategoricalDtype):
        return doc_ids.array.codes, [str(d) for d in doc_ids.cat.categories]
    codes, uniques = pd.factorize(doc_ids.to_numpy())
    return codes, [str(d) for d in uniques]


class _SpanKeys(NamedTuple):
    """Spans as sorted int64 keys ``doc code << 32 | start`` (a document's code in the
    rows' list of names), with each span's document code, end and row in ``spans``."""

    key: np.ndarray
    doc: np.ndarray
    end: np.ndarray
    row: np.ndarray


def _span_keys(names: list[str], spans: pd.DataFrame) -> _SpanKeys:
    """The :class:`_SpanKeys` of ``spans`` (``doc_id, start, end``, a default index);
    spans of documents not in ``names`` are left out."""
    doc = pd.Index(names).get_indexer(spans["doc_id"].to_numpy(dtype=object))
    row = np.flatnonzero(doc >= 0)
    doc = doc[row].astype(np.int64)
    key = (doc << 32) | spans["start"].to_numpy(dtype=np.int64)[row]
    order = np.argsort(key, kind="stable")
    end = spans["end"].to_numpy(dtype=np.int64)[row]
    return _SpanKeys(key[order], doc[order], end[order], row[order])


def _rows_in_spans(codes: np.ndarray, starts: np.ndarray, spans: _SpanKeys) -> np.ndarray:
    """For each row (its document's code, its start), the row of the span holding it, or
    -1: one search of the rows' keys among the spans' keys, no loop over documents.
    Positions are offsets into an article (below 2**31), so a key orders rows by
    document, then position."""
    codes = codes.astype(np.int64)
    key = (codes << 32) | starts.astype(np.int64)
    j = np.searchsorted(spans.key, key, side="right") - 1
    at = np.clip(j, 0, None)
    if len(spans.key) == 0:
        return np.full(len(codes), -1, dtype=np.int64)
    ok = (j >= 0) & (spans.doc[at] == codes) & (starts < spans.end[at])
    return np.where(ok, spans.row[at], -1)


def token_voices(corpus, tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` (any table with ``doc_id, start``) plus ``voice, quote_id, is_name``.

    ``voice`` is ``quote`` or ``partial`` inside a top-level speech span, else
    ``narration`` (a categorical of those three); ``is_name`` marks words inside
    name/gloss/scare-quote marks, which stay narration; ``quote_id`` names the span (NA
    outside any). The token table is not copied: the result shares its columns (a
    shallow copy with three new ones), and the new columns are filled a block of rows
    at a time, so no other array as long as the table is made.

    >>> sorted(token_voices(corpus, corpus.tokens())["voice"].unique())
    ['narration', 'partial', 'quote']
    """
    # the kept scan's top-level spans as they are: no text cut for them, and no sort
    # (_span_keys orders them by document and start itself)
    kept = _kept_scan(corpus).quotes
    top = kept[kept["level"].to_numpy() == 0].reset_index(drop=True)
    out = tokens
    n = len(out)
    voice = np.zeros(n, dtype=np.int8)  # codes into VOICES: narration
    qid = np.zeros(n, dtype=np.int32)
    outside = np.ones(n, dtype=bool)  # the mask of quote_id
    is_name = np.zeros(n, dtype=bool)
    if len(top) and n:
        codes, names = _doc_codes(out["doc_id"])
        starts = out["start"].to_numpy()
        keys = _span_keys(names, top)
        kind = pd.Index(KINDS).get_indexer(top["kind"].to_numpy(dtype=object))
        # per span: its voice code (its kind when speech, else narration), whether a name
        span_voice = np.array([VOICES.index(k) if k in SPEECH else 0 for k in KINDS], np.int8)
        span_voice = span_voice[kind]
        span_name = kind == KINDS.index("name")
        span_qid = top["quote_id"].to_numpy(dtype=np.int32)
        for i in range(0, n, tokenization.BLOCK_ROWS):
            rows = slice(i, i + tokenization.BLOCK_ROWS)
            idx = _rows_in_spans(codes[rows], starts[rows], keys)
            inside = idx >= 0
            at = idx[inside]
            voice[rows][inside] = span_voice[at]
            qid[rows][inside] = span_qid[at]
            outside[rows] = ~inside
            is_name[rows][inside] = span_name[at]
    # a new frame of the shared columns and the new ones (copy=False): assigning them
    # (``out["voice"] = ...``) would copy each new array once more. A column of one of
    # these names already in ``tokens`` keeps its place, as assignment would.
    columns = {c: out[c] for c in out.columns}
    columns.update(
        voice=pd.Categorical.from_codes(voice, categories=list(VOICES), validate=False),
        quote_id=pd.arrays.IntegerArray(qid, outside),
        is_name=is_name,
    )
    return pd.DataFrame(columns, index=out.index, copy=False)


def sentence_voices(corpus) -> pd.DataFrame:
    """One row per sentence: ``doc_id, sent_id, para_id, voice, quote_share, n_words, quote_ids``.

    ``voice`` is ``quote`` when the sentence holds words of a direct quotation,
    ``partial`` when it holds only words of embedded (partial) quotes, else
    ``narration`` (see the module notes). ``quote_share`` is the share of its word
    tokens inside speech marks; ``quote_ids`` lists the speech spans it touches.
    """
    toks = token_voices(corpus, corpus.tokens(merge_actors=False))
    words = toks[~toks["is_punct"]]
    keys = ["doc_id", "sent_id"]
    flags = words[keys].assign(
        quoted=(words["voice"] != "narration").to_numpy(dtype=int),
        q=(words["voice"] == "quote").to_numpy(),
        p=(words["voice"] == "partial").to_numpy(),
    )
    g = flags.groupby(keys, sort=False, observed=True)
    n_words = g.size()
    n_quoted = g["quoted"].sum()
    has_quote = g["q"].any()
    has_partial = g["p"].any()
    ids = (
        words[words["voice"] != "narration"]
        .groupby(keys, sort=False, observed=True)["quote_id"]
        .agg(lambda s: sorted({int(x) for x in s}))
    )
    out = corpus._sentence_offsets()[["doc_id", "sent_id", "para_id"]].copy()
    idx = pd.MultiIndex.from_frame(out[keys].astype({"doc_id": object}))
    nw = n_words.reindex(idx, fill_value=0).to_numpy()
    nq = n_quoted.reindex(idx, fill_value=0).to_numpy()
    hq = has_quote.reindex(idx, fill_value=False).to_numpy(dtype=bool)
    hp = has_partial.reindex(idx, fill_value=False).to_numpy(dtype=bool)
    out["voice"] = pd.array(
        np.where(hq, "quote", np.where(hp, "partial", "narration")), dtype="string"
    )
    out["quote_share"] = np.where(nw > 0, nq / np.maximum(nw, 1), 0.0)
    out["n_words"] = nw.astype("int32")
    id_lists = ids.reindex(idx)
    out["quote_ids"] = [x if isinstance(x, list) else [] for x in id_lists]
    return out.reset_index(drop=True)
