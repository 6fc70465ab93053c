"""Attribution: who says what, through which channel, with which reporting verb.

:func:`ledger` gives one row per attributed statement: a sentence's reporting cue
(``said``, ``added``, ``told Newsweek``, ``according to``, ``reported``, ``wrote``,
``claimed``, ``issued a statement`` ...) with its speaker. The cue lexicon is
``resources/reporting_verbs.csv``; speakers are named through the actor lexicon
(``resources/actors.csv``: ``Tass Russian News Agency`` -> ``TASS``, ``Rudskoi`` ->
``Sergei Rudskoi``) and the outlet list (``resources/outlets.csv``: ``Reuters``).

How a speaker is found (heuristics, no parser):

- a reporting verb's speaker is the noun phrase just before it (``the SOHR reported``),
  skipping an appositive between commas (``Sergei Rudskoi, head of ..., said``) and
  adverbs or auxiliaries (``has also said``); after a closing quotation mark the order
  may be inverted (``," said Rudskoi``, also when the quotation ended the sentence
  before: ``... a transition?" said Mohamad Sabra``); a noun phrase after a preposition
  is no speaker (``Dr Hashem Darwish head of ... in Turkey described``: the clause's
  named subject speaks; ``a spokesman for the Pentagon said``: the Pentagon); an
  acronym in brackets after a name (``(QRCS)``, ``[MSF]``) belongs to it and is left
  out of ``source``; coordinated speakers each get a row
  (``Syria, Russia and Iran have accused``); after ``and``/``but`` (``... and said``)
  the speaker is the clause's subject;
- a participle (``, saying``, ``, adding``; without the comma when a quotation or
  ``that`` follows, as in FA-KES text) takes the speaker of the sentence's earlier
  cue, or the sentence subject;
- ``issued``/``released`` + ``a statement``/``a report``: the subject is the speaker;
- ``according to X``: X is the speaker, unless the sentence names another speaker; then
  X is the *channel* (``via``). The same holds for ``cited in X`` and for a
  sentence-final tag (``ISIS claimed responsibility ..., the SOHR reported``: ISIS
  claimed, via SOHR; the SOHR's report is a row of its own). So the chain ``"...,"
  Rudskoi ... said, according to the state-run Tass Russian News Agency`` is one row:
  ``source = Sergei Rudskoi``, ``via = TASS``. ``via`` is recorded only where the
  sentence states it (``"...," he added.`` has no ``via``).
- a named speaker gets the article's canonical name from the mention table of
  :mod:`corpus_utils.sources.entities` (``Kinshchak`` after ``Alexander Kinshchak``, ``Mr.
  Trump`` and ``President Trump`` -> ``Donald Trump``); the words as written stay in
  ``speaker_text`` and a role written with the name in ``speaker_role`` (``Justice and
  Development Party lawmaker Mehmet Mehdi Eker``: ``Mehmet Mehdi Eker``, role
  ``Justice and Development Party lawmaker``); lower-case words before a name make a
  role, not a longer name (``BT chief executive Ben Verwaayen``: ``Ben Verwaayen``). A
  one-word name takes the one earlier full name of the article ending in it (``said
  Fitch`` after ``Dana Fitch``; two such names: left as written). A document named with
  its author speaks for the author (``the Kok report``, ``Mr Kok's report``: ``Wim
  Kok``). Names keep their particles
  (``Bashar al-Jaafari``, ``Staffan de Mistura``). Words that name nobody (``The``)
  leave the speaker unresolved;
- a definite description of a person (``the diplomat``, ``the UN envoy``, ``the Russian
  leader``) goes to the nearest earlier person of the article seen with a role it fits
  (``resources/role_words.csv``: ``ambassador`` and ``envoy`` are diplomats, a
  ``President`` a leader), its capitalised words seen with that name too (``UN envoy
  Staffan de Mistura``); ``resolved_by = "role"``. No such person: unresolved;
- an unnamed spokesman (``a spokesman said``) speaks for the organisation that spoke in
  this or the previous sentence; ``his report``, ``her statement`` are resolved as
  ``he``/``she``; an organisation description holding one acronym (``the state-run
  SANA news agency``) is that organisation;
- pronouns (``he``, ``it``, ``they``) and other descriptions (``the group``, ``the statement``,
  ``the Russian colonel general``) take the source of the *nearest earlier* statement
  in the article when that statement lies in the same or one of the two previous
  paragraphs, has exactly one named source, and fits (``he`` a person, ``it`` an
  organisation, ``the group`` a group or monitor, ``the general`` the military). Any
  doubt leaves them unresolved (``source`` is NA, ``resolved_by = "unresolved"``): an
  unresolved statement in between blocks resolution across it. A description's types
  restrict only candidates whose type is known (``the body`` fits the ``National
  Coalition``, an organisation the lexicon does not hold). When the nearest statement
  is a person, ``it`` and organisation descriptions (``the paper``) take the one
  organisation named from two sentences before up to them; ``he``/``she`` with no
  statement just before take the one person named there.
- quotations attach to the statement in their sentences whose cue is nearest, or, when
  their sentences have none and the sentence before ends with a colon (``Rudskoi said
  in a statement:`` closing a paragraph, the quotation opening the next), to that
  sentence's statement; a quotation paragraph with no cue continues the previous
  quotation's speaker when it follows in the same or next paragraph (``resolved_by =
  "carried over"``).

- rules written to hold on any beat (``tests/test_attribution.py`` has made-up US
  politics, sport and business sentences for each): an organisation's unnamed spokesman
  is the organisation (``a Google spokesman``, ``said a spokesman for Ofcom``, and the
  ``he`` after him); ``the company``, ``the council``, ``It`` with no statement to follow
  take the one organisation that spoke, or was named, with that word ending its name,
  else the one organisation named just before; a role between a club and a name is a
  role (``said Arsenal coach Mikel Arteta``); ``the Spaniard``, ``the 27-year-old`` and
  ``he`` take the speaker before, or the one person named since the statement before
  (a name of unknown kind that has not spoken counts, so two leave it open); a colon
  after a clause with no cue introduces the quotation after it (``Coach Dan Hill was
  blunt: "..."``; cue ``colon``, kept only with a quotation); a cue sentence split off
  after ``Sen. Elizabeth Warren (D-Mass.)`` is read with the sentence before; ``Gary
  Schnaible of the PCO told`` is the person, ``Friends of the Earth`` one name; an
  organisation led by a place or a people (``Turkey's foreign ministry``, ``the Russias
  defence ministry``) is the organisation that spoke before when its name fits, else
  named as written, never the state; a cue word after a determiner or another cue is a
  noun (``denied reports``).

- stop-13 rules (``tests/test_attribution.py``, ``STOP13``): a name may end in a month or
  modal (``Theresa May``; ``resources/name_tails.txt``); ``The Shadow Secretary ...,
  Theresa May, said`` is the name between the commas, and a parenthesis between dashes
  is skipped (``Gerry Conlon - who ... - said``); a person description with no role seen
  (``the Arsenal boss``, ``the star of Rain Man and Tootsie``) resolves as ``he`` would
  when its capitalised words are written near that person; ``he``/``she`` prefer the
  name that opens a sentence over names inside one, take the person opening their own
  sentence (``Germaine Greer quit ... what she called``) and never one written with an
  honorific of the other gender (:mod:`corpus_utils.sources.antecedents`); ``SOHR
  director Rami Abdel Rahman`` is the person; ``Mr Blair's official spokesman`` speaks
  for Tony Blair.

- stop-16 mechanisms, general ones of rule-based attribution and coreference, each in a
  module of its own (``tests/test_speakers_s16.py``): a quotation filling its sentences
  with no cue takes the one resolved speaker of the sentence just before (floating
  quotes, :mod:`corpus_utils.sources.continuation`); ``he``/``she`` left unresolved
  take the nearest sentence subject of their gender, the gender learned from the
  corpus's honorifics and pronouns, and never a person of the other
  (:mod:`corpus_utils.sources.gender`); ``the company``, ``the firm`` left unresolved
  take the business written with that word before its name, else the article's most
  mentioned organisation that fits (:mod:`corpus_utils.sources.org_descriptions`).

``speaker_name`` is the name as the article gives it: ``source`` but for a lexicon actor,
whose longest written form it takes (the gold set's convention); ``source`` stays the
canonical name that groups the corpus.

``kind`` is ``direct quote`` when a direct quotation (voice ``quote``) belongs to the
statement, ``partial quote`` for an embedded partial quote, else ``paraphrase``.

The corpus-wide part (the cue sentences' tokens and voices, the mention index, the
genders learned from the corpus, the name resolver) is made once (:func:`_state`); the
articles are then read in chunks on the corpus's ``n_jobs`` worker processes, forked so
that they inherit it (:mod:`corpus_utils.sources.by_article`); one process below
:data:`LEDGER_MIN_DOCS` articles. The rows are the same at any number of processes.
Quotations are given to statements in :mod:`corpus_utils.sources.quote_links`.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..prepare.tokenization import fold
from ..prepare.voices import UNPAIRED, quotes, token_voices
from . import by_article, entities
from .continuation import SentenceSpan
from .cues import _colon_cue, _Cue, _find_cues, _is_final_tag, _left_speakers, _subject
from .gender import person_genders
from .quote_links import _attach_quotes
from .resolve import _continued, _History, _Names, _resolve, _Statement
from .speaker_names import _written_names
from .speaker_tokens import _COLON, _COORDINATED, _INVERTED, _NP, _lexicon, _Sent, _Tok
from .speakers_np import _according_np, _coordinated_forward, _identify, _np_forward

LEDGER_COLUMNS = [
    "doc_id",
    "statement_id",
    "sent_id",
    "para_id",
    "source",
    "source_type",
    "speaker_text",
    "speaker_name",
    "speaker_role",
    "resolved_by",
    "via",
    "via_type",
    "cue",
    "cues",
    "cue_text",
    "kind",
    "quote_ids",
    "text",
    "cue_start",
    "cue_end",
]


def _doc_statements(
    doc_id: str,
    sents: list[tuple[int, int, str]],
    toks_by_sent: dict[int, _Sent],
    names: _Names | None = None,
) -> list[_Statement]:
    """An article's statements; ``sents`` is its ``(sent_id, para_id, text)`` in order."""
    history: list[list[_Statement]] = _History()
    out: list[_Statement] = []
    paras = {sent_id: para_id for sent_id, para_id, _ in sents}
    for sent_id, para_id, text in sents:
        T, offset = _continued(toks_by_sent, int(sent_id), paras)
        if not T:
            continue
        has_speech = any(t.voice != "narration" for t in T)
        cues = [c for c in _find_cues(T, has_speech) if c.i >= offset] or _colon_cue(T, offset)
        if not cues:
            continue
        sent_st: list[tuple[_Statement, _NP, _Cue]] = []
        according: list[tuple[_Cue, list[_NP]]] = []
        last: list[_NP] | None = None
        for c in cues:
            vias: list[_NP] = []
            if c.kind == "according":
                np_ = _according_np(T, c.j)
                if np_ is not None:
                    according.append((c, _coordinated_forward(T, np_)))
                continue
            if c.kind == "participle":
                speakers = last or _subject(T, c.i)
            elif c.kind == _COLON:
                speakers = _subject(T, c.i)
            else:
                left = _left_speakers(T, c.i, c.j)
                if left == _INVERTED:
                    np_ = _according_np(T, c.j)  # "said a statement by the ministry"
                    speakers = [np_] if np_ is not None else None
                elif left == _COORDINATED:
                    speakers = last or _subject(T, c.i)
                else:
                    speakers = left  # type: ignore[assignment]
                if c.kind == "via":
                    np_ = _np_forward(T, c.j)
                    vias = _coordinated_forward(T, np_) if np_ is not None else []
            if not speakers:
                continue
            last = speakers
            group = len(history) + len(sent_st) + 1
            for np_ in speakers:
                st = _Statement(doc_id, int(sent_id), int(para_id), _identify(np_), [c], text)
                st.via = [_identify(v) for v in vias]
                st.group = group
                sent_st.append((st, np_, c))
        if sent_st:
            acc = [_identify(n) for _, nps in according for n in nps]
            finals = [
                (st, np_) for st, np_, c in sent_st if c.kind == "verb" and _is_final_tag(T, c, np_)
            ]
            for st, np_, _c in sent_st:
                if not st.via and acc:
                    st.via = list(acc)
                if not st.via:
                    for fst, fnp in finals:
                        if fnp is not np_ and fst.group != st.group:
                            st.via = [fst.speaker]
                            break
        else:
            for c, nps in according:
                group = len(history) + len(sent_st) + 1
                for np_ in nps:
                    st = _Statement(doc_id, int(sent_id), int(para_id), _identify(np_), [c], text)
                    st.group = group
                    sent_st.append((st, np_, c))
        # resolve in order; the speakers of one cue are one step of history
        groups: dict[int, list[tuple[_Statement, _NP]]] = {}
        for st, np_, _c in sent_st:
            groups.setdefault(st.group, []).append((st, np_))
        dropped: set[int] = set()
        for items in groups.values():
            for st, np_ in items:
                _resolve(st, history, T, np_, names)
                if st.speaker.how == "relative" and st.resolved_by == "unresolved":
                    dropped.add(id(st))  # "the jihadis who once claimed ...": no speaker
            kept = [st for st, _ in items if id(st) not in dropped]
            if kept:
                history.append(kept)
        sent_st = [x for x in sent_st if id(x[0]) not in dropped]
        out.extend(_merge([s for s, _, _ in sent_st]))
    return out


def _key(st: _Statement) -> str:
    return st.speaker.source or f"?{st.speaker.speaker_text.lower()}"


def _merge(sts: list[_Statement]) -> list[_Statement]:
    """One statement per speaker and sentence; cues in order."""
    merged: dict[str, _Statement] = {}
    for st in sts:
        k = _key(st)
        if k in merged:
            m = merged[k]
            m.cues.extend(st.cues)
            if not m.via:
                m.via = st.via
        else:
            merged[k] = st
    return list(merged.values())


# --- public -------------------------------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


LEDGER_MIN_DOCS = 1000
"""Below this many articles the ledger runs in one process. Forking the pool costs about
1 CPU-s (BBC subsets of 1,000 and 2,000 articles: 3.4-3.6 against 4.7-4.9 and 6.7-7.3
against 7.5-8.0 CPU-s for mentions and ledger together); the workers' part is about 1.3
ms of CPU per article (23 MB: 14.4 CPU-s for 10,774), half of it saved on a free second
core: even at about 800 articles. Wall seconds could not show it on the shared machine
(load 8: no core free, two processes slower at every size)."""


def _cue_tokens(corpus) -> pd.DataFrame:
    """Tokens of the sentences that hold a cue word, with their voices, in text order."""
    toks = corpus.tokens()
    first_words = {k[0] for k in _lexicon().cues} | {":"}
    # tests on the vocabulary (categories), not on every token; a sentence is one int64
    # key (article code, sent_id), so selecting its tokens is one isin, not a merge
    has_cue = _in_categories(toks["norm"], lambda c: c.str.lower().isin(first_words))
    doc = toks["doc_id"].astype("category").cat.codes.to_numpy().astype(np.int64)
    key = (doc << 32) | toks["sent_id"].to_numpy().astype(np.int64)
    cue_keys = np.unique(key[has_cue])
    # a sentence that opens with a lower-case word continues the one before it (a split
    # after "(D-Mass.)"): that one is read too (see _continued)
    first = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])  # tokens are in text order
    lower = _in_categories(toks["token"], lambda c: c.astype(str).str.match(r"[a-z]"))
    first = first[lower[first] & np.isin(key[first], cue_keys)]
    keep = np.isin(key, np.union1d(cue_keys, key[first] - 1))
    return token_voices(corpus, toks[keep].reset_index(drop=True))


_TOKEN_COLUMNS = ["doc_id", "sent_id", "token", "actor", "start", "end", "voice", "is_punct"]


def _sentence_tokens(toks: pd.DataFrame, texts: dict[str, str]) -> dict[str, dict[int, _Sent]]:
    """``toks`` (rows of :func:`_cue_tokens`) as :class:`_Sent` lists by article and
    sentence."""
    lists: dict[str, dict[int, list[_Tok]]] = {}
    lows = {u: fold(u).lower() for u in toks["token"].astype(str).unique()}
    data = [toks[c].astype(object).where(toks[c].notna(), None).tolist() for c in _TOKEN_COLUMNS]
    for doc_id, sent_id, token, actor, a, b, voice, punct in zip(*data, strict=True):
        t = _Tok(token, lows[token], actor, int(a), int(b), voice, bool(punct), texts[doc_id])
        lists.setdefault(doc_id, {}).setdefault(int(sent_id), []).append(t)
    return {d: {k: _Sent(v) for k, v in by.items()} for d, by in lists.items()}


def _tokens_by_sentence(corpus) -> dict[str, dict[int, _Sent]]:
    """Tokens of the sentences that hold a cue word, by article and sentence."""
    texts = dict(zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True))
    return _sentence_tokens(_cue_tokens(corpus), texts)


def _in_categories(col: pd.Series, test) -> np.ndarray:
    """``test`` (categories -> booleans) per row of a categorical column; NA is False."""
    codes = col.cat.codes.to_numpy()
    hit = np.append(np.asarray(test(col.cat.categories), dtype=bool), False)
    return hit[codes]  # code -1 (NA) reads the appended False


@dataclass
class _State:
    """The corpus-wide part of the ledger, made once and read by every chunk of
    articles (inherited by forked workers: :mod:`corpus_utils.sources.by_article`)."""

    doc_ids: list[str]  # the articles, in the sentence table's order
    toks: pd.DataFrame  # cue sentences' tokens, grouped by article in that order
    doc_pos: np.ndarray  # per token row: its article's position in doc_ids
    texts: dict[str, str]
    sents: dict[str, list[tuple[int, int, str, int]]]
    speech: dict[str, list]
    names: dict[str, _Names]  # genders set
    written: dict[tuple[str, str], str]


def _state(corpus) -> _State:
    toks = _cue_tokens(corpus)
    # unpaired spans too: a paragraph of a long quotation that reopens with a mark has
    # no partner; it is no speech, but it carries its speaker on (see _attach_quotes)
    speech = quotes(corpus, kinds=("quote", "partial", UNPAIRED), nested=False)
    # one pass over each table into plain rows by article: no per-article DataFrames
    speech_by_doc: dict[str, list] = {}
    speech = speech.sort_values(["doc_id", "start"], kind="stable")
    for q in speech.itertuples(index=False):
        speech_by_doc.setdefault(str(q.doc_id), []).append(q)
    sentences = corpus.sentences
    sents_by_doc: dict[str, list[tuple[int, int, str, int]]] = {}
    for d, sid, pid, text, start in zip(
        sentences["doc_id"].tolist(),
        sentences["sent_id"].astype(int).tolist(),
        sentences["para_id"].astype(int).tolist(),
        sentences["text"].tolist(),
        sentences["start"].astype(int).tolist(),
        strict=True,
    ):
        sents_by_doc.setdefault(str(d), []).append((sid, pid, text, start))
    article_names = entities.article_names(corpus)
    written = _written_names(corpus)
    all_names = {
        doc_id: _Names(corpus, doc_id, article_names.get(doc_id), {s[0]: s[3] for s in sents})
        for doc_id, sents in sents_by_doc.items()
    }
    genders = person_genders(all_names)  # votes pooled over the corpus, and each article's
    for doc_id, names in all_names.items():
        names.genders = genders[doc_id]
    # the corpus-wide name resolver, built here once rather than by each forked worker
    entities._resolver(corpus, "syria")
    doc_ids = list(sents_by_doc)
    # an article's token rows are contiguous and in doc_ids order, so a range of
    # articles is a range of rows (a stable sort keeps each article's token order)
    pos = pd.Index(doc_ids).get_indexer(toks["doc_id"].astype(str))
    if pos.size and (pos.min() < 0 or (np.diff(pos) < 0).any()):
        order = np.argsort(pos, kind="stable")
        toks, pos = toks.iloc[order].reset_index(drop=True), pos[order]
        toks, pos = toks[pos >= 0].reset_index(drop=True), pos[pos >= 0]  # no sentences
    texts = dict(zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True))
    return _State(doc_ids, toks, pos, texts, sents_by_doc, speech_by_doc, all_names, written)


def _chunk_rows(state: _State, a: int, b: int) -> list[tuple]:
    """The ledger rows (tuples in :data:`LEDGER_COLUMNS` order) of articles ``a:b``."""
    lo, hi = np.searchsorted(state.doc_pos, [a, b])
    by_doc = _sentence_tokens(state.toks.iloc[lo:hi], state.texts)
    rows: list[tuple] = []
    for doc_id in state.doc_ids[a:b]:
        rows.extend(_doc_rows(state, doc_id, by_doc.get(doc_id, {})))
    return rows


def _doc_rows(state: _State, doc_id: str, toks_by_sent: dict[int, _Sent]) -> list[tuple]:
    sents = state.sents[doc_id]
    written = state.written
    sts = _doc_statements(doc_id, [r[:3] for r in sents], toks_by_sent, state.names[doc_id])
    texts = {sid: text for sid, _, text, _ in sents}
    dq = state.speech.get(doc_id)
    if dq is not None:
        colons = frozenset(k for k, t in texts.items() if str(t).rstrip().endswith(":"))
        spans = {sid: SentenceSpan(start, str(t)) for sid, _, t, start in sents}
        sts = sts + _attach_quotes(sts, dq, colons, spans)
    # a colon is a cue only for the quotation it introduces
    sts = [st for st in sts if st.quote_ids or not st.cues or st.cues[0].kind != _COLON]
    sts.sort(key=lambda s: (s.sent_id, s.cues[0].start if s.cues else -1))
    rows = []
    for n, st in enumerate(sts):
        sp = st.speaker
        kinds = set(st.quote_kinds)
        kind = (
            "direct quote"
            if "quote" in kinds
            else "partial quote"
            if "partial" in kinds
            else "paraphrase"
        )
        rows.append(
            (
                doc_id,
                n,
                st.sent_id,
                st.para_id,
                sp.source,
                sp.source_type,
                sp.speaker_text,
                written.get((doc_id, sp.source), sp.source) if sp.source else pd.NA,
                sp.role or pd.NA,
                st.resolved_by,
                "; ".join(v.source or v.speaker_text for v in st.via) or pd.NA,
                "; ".join(v.source_type or "" for v in st.via).strip("; ") or pd.NA,
                st.cues[0].cue if st.cues else pd.NA,
                "; ".join(dict.fromkeys(c.cue for c in st.cues)) or pd.NA,
                st.cues[0].text if st.cues else pd.NA,
                kind,
                sorted(st.quote_ids),
                texts.get(st.sent_id, ""),
                st.cues[0].start if st.cues else pd.NA,
                st.cues[0].end if st.cues else pd.NA,
            )
        )
    return rows


def _build(corpus) -> pd.DataFrame:
    hit = _CACHE.get(corpus)
    if hit is not None:
        return hit
    with by_article.no_gc():
        state = _state(corpus)
        n = len(state.doc_ids)
        workers = by_article.workers_for(corpus, n, LEDGER_MIN_DOCS)
        rows = by_article.map_ranges(_chunk_rows, state, n, workers)
        del state
        df = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
    df = df.astype(
        {
            "doc_id": "string",
            "statement_id": "int32",
            "sent_id": "int32",
            "para_id": "int32",
            "source": "string",
            "source_type": "string",
            "speaker_text": "string",
            "speaker_name": "string",
            "speaker_role": "string",
            "resolved_by": "string",
            "via": "string",
            "via_type": "string",
            "cue": "string",
            "cues": "string",
            "cue_text": "string",
            "kind": "string",
            "text": "string",
            "cue_start": "Int32",
            "cue_end": "Int32",
        }
    )
    _CACHE[corpus] = df
    return df


def ledger(corpus) -> pd.DataFrame:
    """One row per attributed statement (see the module notes for the rules).

    Columns: ``doc_id, statement_id`` (per article, in text order), ``sent_id, para_id``,
    ``source`` (canonical name; NA when unresolved), ``source_type`` (official, military,
    agency, monitor, media, group, state, anonymous; NA when unknown), ``speaker_text``
    (the words naming the speaker in the sentence, as written), ``speaker_name`` (the
    speaker's full name as this article gives it: ``source`` but for a lexicon actor,
    whose longest form written in the article it is: ``Syrian Observatory for Human
    Rights`` for ``SOHR``, ``Bashar Assad`` for ``Bashar al-Assad``; ``source`` is the
    name to group the corpus by), ``speaker_role`` (a
    role or title written with a person's name: ``UN envoy``; NA when none),
    ``resolved_by`` (``name``, ``antecedent``, ``role`` (a description resolved by a
    role seen with a name), ``relative``, ``carried over``, ``anonymous`` (``unnamed officials``:
    no name by design), ``unresolved``), ``via`` and
    ``via_type`` (the channel: ``according to X`` beside another speaker, ``cited in X``,
    a sentence-final ``X reported``), ``cue`` (the first cue, normalised: said, added,
    told, reported, according to, statement, ...), ``cues`` (all, ``; ``-joined),
    ``cue_text`` (as written, with the recipient of ``told``), ``kind`` (``direct
    quote``, ``partial quote``, ``paraphrase``), ``quote_ids`` (the speech spans of
    :func:`corpus_utils.prepare.voices.quotes` it carries), ``text`` (the sentence),
    ``cue_start, cue_end`` (offsets of the first cue in ``docs.text``).
    """
    return _build(corpus).copy()


def quote_speakers(corpus) -> pd.DataFrame:
    """Each top-level speech quotation with its statement's speaker.

    The columns of :func:`corpus_utils.prepare.voices.quotes` plus ``statement_id, source,
    source_type, speaker_text, speaker_name, resolved_by, via, cue``; quotations that no statement
    claims keep NA there.
    """
    q = quotes(corpus, kinds=("quote", "partial"), nested=False)
    led = _build(corpus)
    links = led[["doc_id", "statement_id", "quote_ids"]].explode("quote_ids").dropna()
    links = links.rename(columns={"quote_ids": "quote_id"}).astype({"quote_id": "int32"})
    cols = ["source", "source_type", "speaker_text", "speaker_name", "resolved_by", "via", "cue"]
    links = links.merge(led[["doc_id", "statement_id", *cols]], on=["doc_id", "statement_id"])
    out = q.merge(links, on=["doc_id", "quote_id"], how="left", validate="one_to_one")
    return out
