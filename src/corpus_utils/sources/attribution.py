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

``speaker_name`` is the name as the article gives it: ``source`` but for a lexicon actor,
whose longest written form it takes (the gold set's convention); ``source`` stays the
canonical name that groups the corpus.

``kind`` is ``direct quote`` when a direct quotation (voice ``quote``) belongs to the
statement, ``partial quote`` for an embedded partial quote, else ``paraphrase``.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from .. import resources
from ..prepare.tokenization import fold
from ..prepare.voices import DOUBLE_MARKS, SINGLE_MARKS, UNPAIRED, quotes, token_voices
from . import entities

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

_DETERMINERS = frozenset(
    "the a an this these those its their his her our some any each every all many several".split()
)
_NP_INNER = frozenset("other own same few more most 's ’s".split())
_DEFINITE = frozenset("the this that these those its their his her".split())
_QUANT_OF = frozenset(
    "number group coalition alliance handful dozens hundreds thousands some many most several "
    "all both members".split()
)
_CONNECTORS = frozenset("and of for al".split())
_POSSESSIVE = frozenset("'s ’s".split())
_APPOSITIVE_COMMAS = 3
_MAX_NP_TOKENS = 16  # a noun phrase walk stops here (names are shorter; "Said Said ..." is not)
_MAX_PAREN_TOKENS = 12  # "(SOHR)", "(the Syrian Arab News Agency)"
_MAX_RESOLVE_PARAS = 2
_MAX_HEAD_MENTIONS = 300  # "the council": the mentions looked back over for its name
_MENTION_SENTENCES = 2  # a pronoun with no statement before it: the one person named here
# a noun phrase after one of these is a prepositional object, not the speaker: in "Dr
# Hashem Darwish head of the health program in Turkey described", Turkey does not speak
_OBJECT_PREPS = frozenset(
    "in at from on with into near across inside outside over during under between against "
    "among".split()
)
_OF_PREPS = frozenset("of for".split())  # "head of the Red Cross", "a spokesman for AOL"
_POSSESSIVE_PRONOUNS = {"his": "person", "her": "person", "its": "organisation"}
_SPOKES = frozenset("spokesman spokeswoman spokesperson".split())
_OPEN_BRACKETS = {")": "(", "]": "["}
_INVERTED = "inverted"
_COORDINATED = "coordinated"
_COLON = "colon"  # the kind of a cue that is a colon before a quotation


# --- lexicon ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    cues: dict[tuple[str, ...], tuple[str, str, bool]]  # words -> (kind, cue, needs_quote)
    max_cue_len: int
    nouns: dict[str, str]
    pronouns: dict[str, str]
    relatives: dict[str, str]
    descriptions: dict[str, tuple[str, tuple[str, ...]]]
    anonymous: frozenset[str]
    skip: frozenset[str]
    passive: frozenset[str]
    boundary: frozenset[str]
    actor_types: dict[str, str]
    outlets: dict[str, str]
    particles: frozenset[str]  # name particles: "de", "bin", "al" ("Staffan de Mistura")
    demonyms: frozenset[str]  # "the Spaniard", "the Scot": one person, resolved as "he"


@cache
def _lexicon() -> _Lexicon:
    lex = resources.table("reporting_verbs.csv")
    cues: dict[tuple[str, ...], tuple[str, str, bool]] = {}
    nouns: dict[str, str] = {}
    pronouns: dict[str, str] = {}
    relatives: dict[str, str] = {}
    descriptions: dict[str, tuple[str, tuple[str, ...]]] = {}
    sets: dict[str, set[str]] = {
        "anonymous": set(),
        "skip": set(),
        "passive": set(),
        "demonym": set(),
    }
    for r in lex.itertuples(index=False):
        term = r.term.strip().lower()
        if r.kind in ("verb", "participle", "according", "via", "release"):
            cues[tuple(term.split())] = (r.kind, r.cue, r.needs_quote.strip().lower() == "true")
        elif r.kind == "noun":
            nouns[term] = r.cue
        elif r.kind == "pronoun":
            pronouns[term] = r.refers_to or "any"
        elif r.kind == "relative":
            relatives[term] = r.refers_to or "any"
        elif r.kind == "description":
            types = tuple(t for t in r.source_type.split(";") if t)
            descriptions[term] = (r.refers_to or "any", types)
        elif r.kind in sets:
            sets[r.kind].add(term)
    actors = resources.actors()
    actor_types = dict(
        actors.drop_duplicates("canonical")[["canonical", "actor_type"]].itertuples(index=False)
    )
    outlets = resources.table("outlets.csv")
    outlet_map = {a.lower(): o for o, a in outlets[["outlet", "alias"]].itertuples(index=False)}
    for o in outlets["outlet"]:
        outlet_map.setdefault(o.lower(), o)
    keep = _DETERMINERS | _NP_INNER | set(pronouns) | set(relatives)
    boundary = (resources.stopwords() - keep) | sets["skip"] | sets["passive"]
    return _Lexicon(
        cues=cues,
        max_cue_len=max(len(k) for k in cues),
        nouns=nouns,
        pronouns=pronouns,
        relatives=relatives,
        descriptions=descriptions,
        anonymous=frozenset(sets["anonymous"]),
        skip=frozenset(sets["skip"]),
        passive=frozenset(sets["passive"]),
        boundary=frozenset(boundary),
        actor_types=actor_types,
        outlets=outlet_map,
        particles=resources.word_list("name_particles.txt"),
        demonyms=frozenset(sets["demonym"]),
    )


def _is_person(canonical: str, actor_type: str | None) -> bool | None:
    """True for a person, False for an organisation, None when unknown."""
    lex = _lexicon()
    words = canonical.lower().replace("-", " ").split()
    if any(lex.descriptions.get(w, ("", ()))[0] == "organisation" for w in words):
        return False
    if actor_type in ("official", "military", "anonymous"):
        return True
    if actor_type:
        return False
    return None


# --- tokens and noun phrases ------------------------------------------------------------


@dataclass
class _Tok:
    text: str
    low: str
    actor: str | None
    start: int
    end: int
    voice: str
    punct: bool
    src: str = ""  # the article text the offsets index
    k: int = -1  # position in its sentence's token list (no list.index scans)

    @property
    def mark(self) -> bool:
        return self.text in DOUBLE_MARKS or self.text in SINGLE_MARKS or self.text in ("``", "''")

    @property
    def cap(self) -> bool:
        if self.text[:1].isupper():
            return self.low not in _lexicon().boundary
        # a name with a hyphenated particle: "al-Jaafari", "el-Saleh"
        head, dash, tail = self.text.partition("-")
        return bool(dash) and tail[:1].isupper() and head.lower() in _lexicon().particles


class _Sent(list):
    """A sentence's tokens, with where each clause starts and where its commas are.

    ``clause[i]`` is the index just after the last ``,``/``;``/dash/quotation mark
    before token ``i`` (0 when there is none); ``commas`` lists the indices of commas.
    Computed once per sentence so that finding a clause subject is not a walk back.
    """

    def __init__(self, toks: list[_Tok]) -> None:
        super().__init__(toks)
        self.clause: list[int] = []
        self.commas: list[int] = []
        start = 0
        for k, t in enumerate(toks):
            t.k = k
            self.clause.append(start)
            if t.text in (",", ";", "\u2014") or t.mark:
                start = k + 1
            if t.text == ",":
                self.commas.append(k)


@dataclass
class _NP:
    toks: list[_Tok]

    @property
    def text(self) -> str:
        first, last = self.toks[0], self.toks[-1]
        if first.src:
            return first.src[first.start : last.end]
        return " ".join(t.text for t in self.toks)

    @property
    def start(self) -> int:
        return self.toks[0].start


@dataclass
class _Speaker:
    source: str | None
    source_type: str | None
    speaker_text: str
    how: str  # named, pronoun, description, relative, anonymous, other
    person: bool | None = None
    refers: str = "any"
    types: tuple[str, ...] = ()
    fixed: bool = False  # named by the actor lexicon or the outlet list
    role: str = ""  # the role or title written with the name ("UN envoy")
    written: str = ""  # an organisation description's own name ("Turkey's foreign ministry")


def _np_back(T: list[_Tok], j: int) -> _NP | None:
    """The noun phrase ending at token ``j`` (walking left)."""
    lex = _lexicon()
    if j < 0:
        return None
    toks: list[_Tok] = []
    i = j
    if T[i].text in _OPEN_BRACKETS:  # at the end: "The Syrian Observatory ... (SOHR)",
        opener = _OPEN_BRACKETS[T[i].text]  # "Doctors Without Borders [MSF]"
        k = i
        while k >= 0 and T[k].text != opener and i - k < _MAX_PAREN_TOKENS:
            k -= 1
        if k <= 0 or T[k].text != opener:
            return None
        toks = T[k : i + 1]
        i = k - 1
    n_lower = 0
    while i >= 0 and len(toks) < _MAX_NP_TOKENS:
        t = T[i]
        low = t.low
        if t.actor:
            toks.insert(0, t)
        elif t.text in _OPEN_BRACKETS and toks and (k := _bracket_after_name(T, i)) is not None:
            toks[:0] = T[k : i + 1]  # "The Islamic State (IS) group said"
            i = k
        elif t.punct or t.mark:
            break
        elif low == "the" and toks and toks[0].cap and _of_the_joins(T, i):
            toks[:0] = T[i - 1 : i + 1]  # "Friends of the Earth", "Ministry of the Interior"
            i -= 2
            continue
        elif low in _DETERMINERS:
            toks.insert(0, t)
            break
        elif low in _NP_INNER:
            toks.insert(0, t)
        elif low == "of" and i > 0 and T[i - 1].low in _QUANT_OF:
            toks.insert(0, t)
        elif toks and _joins_name(T, i):
            toks.insert(0, t)
        elif toks and i > 0 and toks[0].cap and t.text[:1].isupper() and T[i - 1].cap:
            toks.insert(
                0, t
            )  # a capitalised function word inside a name: "Doctors Without Borders"
        elif low in lex.boundary or low in lex.pronouns or low in lex.relatives:
            break
        elif t.cap:
            toks.insert(0, t)
        else:
            if n_lower >= 4:
                break
            toks.insert(0, t)
            n_lower += 1
        i -= 1
    return _NP(toks) if toks else None


def _bracket_after_name(T: list[_Tok], i: int) -> int | None:
    """Where the brackets closing at ``i`` open, when they follow a capitalised word
    (``Islamic State (IS) group``); None otherwise."""
    opener = _OPEN_BRACKETS[T[i].text]
    k = i - 1
    while k > 0 and T[k].text != opener and i - k < _MAX_PAREN_TOKENS:
        k -= 1
    if k > 0 and T[k].text == opener and (T[k - 1].cap or T[k - 1].actor):
        return k
    return None


def _of_the_joins(T: list[_Tok], i: int) -> bool:
    """Whether ``of the`` (or ``for the``) at ``i - 1, i`` joins one name: a capitalised
    word before it that is no person's name (``Friends of the Earth``; ``Gary Schnaible
    of the PCO`` is two)."""
    if i < 2 or T[i - 1].low not in _OF_PREPS or not T[i - 2].cap or not T[i - 1].text.islower():
        return False
    k = i - 2
    while k > 0 and T[k - 1].cap and T[k - 1].text[:1].isupper() and i - k < 6:
        k -= 1
    return not _person_name(_NP(T[k : i - 1]))


def _name_run(T: list[_Tok], i: int) -> int:
    n = 0
    while i < len(T) and (T[i].cap or T[i].actor):
        n += 1
        i += 1
    return n


def _joins_name(T: list[_Tok], i: int) -> bool:
    """Whether the lower-case word at ``i`` joins one name between capitalised words.

    ``of``/``for`` always do (``Ministry of Defense``); ``and`` only when the words after
    it end in an organisation word (``Syrian Army and Armed Forces General Command``),
    so that ``Russia and Iran`` stay two speakers.
    """
    t = T[i]
    lex = _lexicon()
    if not t.text.islower() or (t.low not in _CONNECTORS and t.low not in lex.particles):
        return False
    if i == 0 or not (T[i - 1].cap or T[i - 1].actor):
        return False
    n = _name_run(T, i + 1)
    if n == 0:
        return False
    if t.low != "and":
        return True
    # the run after "and" ends in an organisation word, or one follows it
    lasts = [T[i + n - 1].low] + ([T[i + n].low] if i + n < len(T) else [])
    return any(
        lex.descriptions.get(w.split("-")[-1], ("", ()))[0] == "organisation"
        or w.split("-")[-1] in _org_words()
        for w in lasts
    )


@cache
def _org_words() -> frozenset[str]:
    """Last words that make a name an organisation (``Party``, ``Front``: entity_words.csv)."""
    words = resources.table("entity_words.csv")
    return frozenset(words.loc[words["kind"].eq("organisation"), "word"].str.lower())


def _np_forward(T: list[_Tok], i: int, stop: int | None = None) -> _NP | None:
    """The noun phrase starting at token ``i`` (walking right)."""
    lex = _lexicon()
    stop = len(T) if stop is None else stop
    toks: list[_Tok] = []
    head = False
    head_desc = False
    n_lower = 0
    while i < stop and len(toks) < _MAX_NP_TOKENS:
        t = T[i]
        low = t.low
        last = low.split("-")[-1]
        if t.actor or t.cap:
            toks.append(t)
            head, head_desc = True, False
        elif not head and toks and _is_demonym(t):
            toks.append(t)  # "said the 30-year-old", "said the Spaniard"
            head = head_desc = True
        elif t.text in ("(", "[") and head:
            closer = ")" if t.text == "(" else "]"
            k = i
            while k < stop and T[k].text != closer and k - i < _MAX_PAREN_TOKENS:
                k += 1
            if k < stop and T[k].text != closer:
                break  # no closing parenthesis near: not an acronym in brackets
            toks.extend(T[i : k + 1])
            i = k + 1
            continue
        elif t.punct or t.mark:
            break
        elif low in lex.descriptions or last in lex.descriptions:
            if head and not head_desc:
                if low in lex.descriptions and toks and toks[-1].cap:
                    toks.append(t)  # "the U.S. allies"
                    head_desc = True
                    i += 1
                    continue
                break
            toks.append(t)
            head, head_desc = True, True
        elif low in _DETERMINERS and not head:
            toks.append(t)
        elif head and toks and toks[-1].cap and _joins_name(T, i):
            toks.append(t)
        elif head and not head_desc and toks[-1].cap and (m := _org_head_run(T, i, stop)):
            toks.extend(T[i : i + m])  # "the Russias defence ministry"
            break
        elif head and toks and toks[-1].cap and (m := _role_run(T, i, stop)):
            toks.extend(T[i : i + m])  # "said Lyon head coach Pierre Blanc": a role inside
            head_desc = True
            i += m
            continue
        elif head:
            if head_desc and low == "the" and i + 1 < stop and (T[i + 1].cap or T[i + 1].actor):
                toks.append(t)  # "the online outlet the Insider"
                head_desc = False
            else:
                break
        elif low in lex.boundary or low in lex.pronouns:
            break
        else:
            if n_lower >= 4:
                break
            toks.append(t)
            n_lower += 1
        i += 1
    if not head:
        return None
    return _NP(toks)


def _org_head_run(T: list[_Tok], i: int, stop: int) -> int:
    """How many lower-case words from ``i`` (at most three) end in an organisation's
    head word (``defence ministry`` in ``the Russias defence ministry``); 0 if none."""
    descriptions = _lexicon().descriptions
    for m in range(1, 4):
        t = T[i + m - 1] if i + m - 1 < stop else None
        if t is None or not t.text.isalpha() or not t.text.islower():
            return 0
        if t.low in _DETERMINERS:
            return 0
        if descriptions.get(t.low, ("", ()))[0] == "organisation":
            after = T[i + m] if i + m < stop else None  # the head ends the phrase
            lower_after = after is not None and after.text.isalpha() and after.text.islower()
            return 0 if lower_after and after.low not in _lexicon().boundary else m
    return 0


def _role_run(T: list[_Tok], i: int, stop: int) -> int:
    """How many lower-case words from ``i`` (at most three) make a role between a name
    and a person's name (``coach`` in ``Lyon coach Pierre Blanc``, ``chief executive``
    in ``BT chief executive Ben Verwaayen``); 0 when they do not."""
    for m in range(1, 4):
        k = i + m
        if k >= stop or not T[k - 1].text.isalpha() or not T[k - 1].text.islower():
            return 0
        if _is_role_word(T[k - 1].low) and T[k].cap and T[k].text[:1].isupper():
            return m
    return 0


_ISSUED_BY = frozenset("by from of".split())


def _according_np(T: list[_Tok], j: int) -> _NP | None:
    """The source after ``according to``: in ``according to a statement by Amnesty
    International`` (or ``a report from``, ``a video of``) the issuer, not the document;
    in ``said a spokesman for Ofcom`` the organisation."""
    np_ = _np_forward(T, j)
    if np_ is None:
        return None
    k = np_.toks[-1].k + 1
    head = np_.toks[-1].low
    by = _ISSUED_BY | _OF_PREPS if head in _SPOKES else _ISSUED_BY  # "a spokesman for Ofcom"
    if k + 1 < len(T) and T[k].low in by and (head in _lexicon().nouns or head in _SPOKES):
        issuer = _np_forward(T, k + 1)
        if issuer is not None and (
            (sp := _identify(issuer)).how in ("named", "anonymous") or sp.written
        ):
            return issuer
    return np_


def _coordinated_back(T: list[_Tok], np_: _NP, first: int) -> list[_NP]:
    """Further speakers joined to ``np_`` by ``and`` or commas (``Syria, Russia and Iran``)."""
    out = [np_]
    i = first - 1
    while len(out) < 5 and i >= 1 and T[i].low in ("and", ","):
        if len(out) == 1 and T[i].low != "and":
            break  # "in Syria, the Associated Press reported" is no list
        prev = _np_back(T, i - 1)
        if prev is None or _identify(prev).how not in ("named", "anonymous", "description"):
            break
        out.insert(0, prev)
        i = prev.toks[0].k - 1
    return out


def _coordinated_forward(T: list[_Tok], np_: _NP) -> list[_NP]:
    out = [np_]
    i = np_.toks[-1].k + 1
    while len(out) < 5 and i + 1 < len(T) and T[i].low == "and":
        nxt = _np_forward(T, i + 1)
        if nxt is None or _identify(nxt).how not in ("named", "anonymous"):
            break
        out.append(nxt)
        i = nxt.toks[-1].k + 1
    return out


def _identify(np_: _NP) -> _Speaker:
    lex = _lexicon()
    toks = np_.toks
    text = np_.text
    actors = [t.actor for t in toks if t.actor]
    if actors:
        canonical = actors[-1]
        atype = lex.actor_types.get(canonical)
        last = toks[-1]
        org_head = lex.descriptions.get(last.low, ("", ()))[0] == "organisation"
        if atype == "state" and not last.actor and last.text.islower() and org_head:
            name = _owned_organisation(toks)  # "Turkey's foreign ministry": not Turkey
            if name:
                types = lex.descriptions[last.low][1]
                t0 = types[0] if types else None
                return _Speaker(
                    None, t0, text, "description", None, "organisation", types, written=name
                )
        return _Speaker(canonical, atype, text, "named", _is_person(canonical, atype), fixed=True)
    lows = [t.low for t in toks]
    if any(w in lex.anonymous for w in lows):
        return _Speaker(None, "anonymous", text, "anonymous", None)
    if len(toks) == 1 and lows[0] in lex.pronouns:
        return _Speaker(None, None, text, "pronoun", None, lex.pronouns[lows[0]])
    if len(toks) == 1 and lows[0] in lex.relatives:
        return _Speaker(None, None, text, "relative", None, lex.relatives[lows[0]])
    words = [t for t in toks if not t.punct]
    head = words[-1] if words else toks[-1]
    head_last = head.text.split("-")[-1]
    if len(words) == 2 and words[0].low in _DEFINITE and _is_demonym(head):
        # "the Spaniard added", "the 27-year-old said": one person, resolved as "he"
        return _Speaker(None, None, text, "description", None, "person")
    if head.low in lex.nouns and head.low in lex.descriptions:
        # a document with its author's name: "Mr Kok's report", "the Kok report"
        owner = [t for t in toks[: head.k - toks[0].k] if t.low not in _DETERMINERS | _POSSESSIVE]
        if owner and all(t.cap for t in owner):
            sp = _identify(_NP(owner))
            if sp.how == "named":
                sp.speaker_text = text
                return sp
    if head_last[:1].islower() and head_last.lower() in lex.descriptions:
        refers, types = lex.descriptions[head_last.lower()]
        acronym = _acronym_in(toks, head) if refers == "organisation" else None
        if acronym is not None:  # "the state-run SANA news agency": SANA
            return _Speaker(acronym.text, types[0] if types else None, text, "named", False)
        if refers == "organisation" and (name := _owned_organisation(toks)):
            # "Russia's foreign ministry", "the Turkish army": the one that spoke before
            # if its name fits, else named as written (see _resolve)
            t0 = types[0] if types else None
            return _Speaker(None, t0, text, "description", None, refers, types, written=name)
        return _Speaker(None, types[0] if types else None, text, "description", None, refers, types)
    if head.cap:
        first = next(k for k, t in enumerate(toks) if t.cap)
        run = toks[first:]
        if run[-1].text in _OPEN_BRACKETS:  # "Qatar Red Crescent Society (QRCS)": the name
            opener = next(
                (k for k in range(len(run) - 1, 0, -1) if run[k].text in ("(", "[")), None
            )
            if opener is not None and any(t.cap for t in run[:opener]):
                run = run[:opener]
        name = _NP(run).text
        bare = name[4:] if name.lower().startswith("the ") else name
        outlet = lex.outlets.get(name.lower()) or lex.outlets.get(bare.lower())
        if outlet:
            return _Speaker(outlet, "media", text, "named", False, fixed=True)
        head_word = head.low.split("-")[-1]
        refers, types = lex.descriptions.get(head_word, ("any", ()))
        person = False if refers == "organisation" else None
        return _Speaker(bare, types[0] if types else None, text, "named", person)
    return _Speaker(None, None, text, "other", None)


def _owned_organisation(toks: list[_Tok]) -> str | None:
    """The name of an organisation description led by a place, a people or a name
    (``Russia's foreign ministry``, ``the Turkish army``, ``the Russias defence
    ministry``), as written without the article; None for ``a``/``an`` (``a Turkish
    military source``) or when no capitalised word leads it."""
    words = [t for t in toks if not t.punct or t.low in _POSSESSIVE]
    if not words or words[0].low in ("a", "an"):
        return None
    if words[0].low in _DETERMINERS:
        words = words[1:]
    if len(words) < 2 or not (words[0].cap or words[0].actor) or words[0].low in _DETERMINERS:
        return None
    if not all(t.text.islower() or t.low in _POSSESSIVE for t in words[1:] if not t.cap):
        return None
    first, last = words[0], words[-1]
    if last.low.endswith("s"):
        return None  # "the U.S. allies", "Syrian forces": no one organisation
    return first.src[first.start : last.end] if first.src else " ".join(t.text for t in words)


def _is_demonym(t: _Tok) -> bool:
    """A word that describes one person by origin or age (``Spaniard``, ``27-year-old``)."""
    return t.low in _lexicon().demonyms or t.low.endswith("-year-old")


def _acronym_in(toks: list[_Tok], head: _Tok) -> _Tok | None:
    """The one acronym (``SANA``, ``SOHR``; capitals only, not a place) before the head
    of an organisation description: the description names that organisation."""
    places = entities.place_words()
    found = [
        t
        for t in toks
        if t.start < head.start
        and t.text.isalpha()
        and t.text.isupper()
        and len(t.text) >= 2
        and t.low not in places
        and t.low not in _lexicon().boundary
    ]
    return found[0] if len(found) == 1 else None


# --- cues -------------------------------------------------------------------------------


@dataclass
class _Cue:
    kind: str
    cue: str
    i: int  # first token
    j: int  # one past the last token
    text: str
    start: int
    end: int


def _find_cues(T: list[_Tok], has_speech: bool) -> list[_Cue]:
    lex = _lexicon()
    out: list[_Cue] = []
    i = 0
    n = len(T)
    while i < n:
        if T[i].voice != "narration":
            i += 1
            continue
        hit = None
        for k in range(min(lex.max_cue_len, n - i), 0, -1):
            words = tuple(t.low for t in T[i : i + k])
            if words in lex.cues and all(t.voice == "narration" for t in T[i : i + k]):
                hit = (k, *lex.cues[words])
                break
        if hit is None:
            i += 1
            continue
        k, kind, cue, needs_quote = hit
        j = i + k
        cue_words = [t.low for t in T[i:j]]
        ok = True
        if needs_quote and not has_speech:
            ok = False
        if kind == "verb" and i > 0 and (T[i - 1].low in _DETERMINERS or (out and out[-1].j == i)):
            ok = False  # a noun: "denied reports", "the claims", "his says"
        if kind == "verb":
            p = i - 1
            while p >= 0 and T[p].low in lex.skip:
                p -= 1
            if p >= 0 and T[p].low in lex.passive and cue_words[0] != "quoted":
                ok = False  # "are reported to have outposts" ("is quoted as saying" is speech)
        if kind == "participle":
            prev = T[i - 1].low if i > 0 else ""
            near_noun = any(t.low in lex.nouns for t in T[max(0, i - 2) : i])
            # FA-KES text has lost its commas: "condemned the attack saying those
            # responsible should be "held to account"": "that" or a quotation follows
            follows = (j < n and T[j].low == "that") or any(
                T[m].voice != "narration" for m in range(j, n)
            )
            ok = prev == "," or near_noun or follows
        if kind == "release":
            noun = next(
                (m for m in range(j, min(n, j + 4)) if T[m].low in lex.nouns),
                None,
            )
            if noun is None:
                ok = False
            else:
                cue = lex.nouns[T[noun].low]
                j = noun + 1
        if ok:
            text = " ".join(t.text for t in T[i:j])
            if cue == "told":
                rec = _np_forward(T, j)
                if rec is not None:
                    text = f"{text} {rec.text}"
            out.append(_Cue(kind, cue, i, j, text, T[i].start, T[j - 1].end))
        i = j
    return out


def _colon_cue(T: list[_Tok], offset: int = 0) -> list[_Cue]:
    """A colon introducing a quotation in a sentence with no reporting cue (``Coach Dan
    Hill was blunt: "We played badly."``, or a colon closing the sentence before the
    quotation's paragraph): the clause's subject is the speaker. A statement made so
    that gets no quotation is dropped (:func:`_build`)."""
    for k in range(offset, len(T)):
        t = T[k]
        if t.text != ":" or t.voice != "narration":
            continue
        if k + 1 == len(T) or T[k + 1].mark or T[k + 1].voice != "narration":
            return [_Cue(_COLON, "colon", k, k + 1, ":", t.start, t.end)]
    return []


def _left_speakers(T: list[_Tok], i: int) -> list[_NP] | str | None:
    """Speakers before the cue at token ``i``; or ``_INVERTED``/``_COORDINATED``."""
    lex = _lexicon()
    j = i - 1
    # a passive word before a cue that passed (only "is quoted as saying" does) is skipped
    while j >= 0 and (T[j].low in lex.skip or T[j].low in lex.passive):
        j -= 1
    if j < 0:
        # "... a transition?" said Mohamad Sabra: the quotation ended the sentence before
        return _INVERTED if T and _after_closing_mark(T[0]) else None
    if T[j].mark:
        return _INVERTED
    if T[j].low in ("and", "but", "or"):
        return _COORDINATED
    if T[j].low in lex.pronouns or T[j].low in lex.relatives:
        return [_NP([T[j]])]
    if T[j].text == ",":
        if j > 0 and T[j - 1].mark:
            return _INVERTED
        k = j - 1
        fallback = None
        for n in range(_APPOSITIVE_COMMAS):
            k -= 1
            while k >= 0 and T[k].text != "," and not T[k].mark and T[k].text != ";":
                k -= 1
            if k < 0 or T[k].text != ",":
                break
            np_ = _np_back(T, k - 1)
            if np_ is not None and _identify(np_).how in ("named", "anonymous"):
                return [np_]
            if n == 0 and np_ is not None and (inner := _appositive_name(T, k, j)):
                return [inner]  # "her lawyer, Perry Wander, said": the name between commas
            fallback = fallback or np_
        return [fallback] if fallback is not None else None
    np_ = _np_back(T, j)
    if np_ is None:
        return None
    name = _name_before_role(T, np_)
    if name is not None:
        return [name]
    subject = _subject_over_object(T, np_, i)
    if subject is not None:
        return subject
    return _coordinated_back(T, np_, np_.toks[0].k)


def _appositive_name(T: list[_Tok], a: int, b: int) -> _NP | None:
    """The name that fills the commas at ``a`` and ``b`` (``her lawyer, Perry Wander,
    said``), when the words before the first comma name nobody."""
    inner = _np_back(T, b - 1)
    if inner is None or inner.toks[0].k != a + 1 or _identify(inner).how != "named":
        return None
    return inner if all(t.cap for t in inner.toks) else None


def _name_before_role(T: list[_Tok], np_: _NP) -> _NP | None:
    """The person's name just before a role description that lost its commas (FA-KES:
    ``Rami Abdel-Rahman the organizations head said``); None when there is none."""
    first = np_.toks[0].k
    words = [t for t in np_.toks if not t.punct]
    if first < 2 or not words or words[0].low not in _DETERMINERS or len(words) < 2:
        return None
    if not _is_role_word(words[-1].low) or not T[first - 1].cap:
        return None
    name = _np_back(T, first - 1)
    return name if name is not None and _person_name(name) else None


def _after_closing_mark(t: _Tok) -> bool:
    """Whether the text just before token ``t`` (spaces skipped) is a quotation mark."""
    before = t.src[max(0, t.start - 3) : t.start].rstrip() if t.src else ""
    return bool(before) and (before[-1] in DOUBLE_MARKS or before[-1] in SINGLE_MARKS)


def _subject_over_object(T: list[_Tok], np_: _NP, i: int) -> list[_NP] | None:
    """The clause's named subject when ``np_`` (just before the cue at ``i``) is the
    object of a preposition: ``Dr Hashem Darwish head of the program in Turkey
    described`` (Turkey does not speak), ``Peter Maurer head of the International
    Committee of the Red Cross said`` (``of`` after a role word). ``a spokesman for
    AOL said`` keeps AOL: its subject names nobody. None: ``np_`` stands."""
    first = np_.toks[0].k
    if first < 2 or not isinstance(T, _Sent):
        return None
    before = T[first - 1].low
    if before in _OF_PREPS:
        # past a chain of names: "head of the International Committee of the Red Cross"
        for _ in range(3):
            if _is_role_word(T[first - 2].low):
                break
            outer = _np_back(T, first - 2)
            if outer is not None and _person_name(outer):
                return [outer]  # "Gary Schnaible of the PCO told": the person
            if outer is None or outer.toks[0].k < 2 or T[outer.toks[0].k - 1].low not in _OF_PREPS:
                return None
            first = outer.toks[0].k
        else:
            return None
    elif before not in _OBJECT_PREPS:
        return None
    subject = _subject(T, i)
    if not subject or len(subject) != 1 or subject[0].toks[-1].k >= first - 1:
        return None
    if any(t.voice != "narration" for t in subject[0].toks):
        return None  # words of the quotation are no subject
    if _identify(subject[0]).how != "named":
        return None
    return subject


def _person_name(np_: _NP) -> bool:
    """Whether ``np_`` reads as a person's name: two or more capitalised words (no
    determiner before them), the last no organisation word (``Gary Schnaible``, not
    ``Supreme Council``)."""
    toks = np_.toks
    if len(toks) < 2 or not all(t.cap and t.text[:1].isupper() and not t.actor for t in toks):
        return False
    last = toks[-1].low
    return last not in _org_words() and last not in _lexicon().descriptions


def _has_role_word(role: str) -> bool:
    """Whether a role written with a name holds a person's role word (``chief
    executive``, ``spokesman``, ``Foreign Secretary``)."""
    words = role.lower().split()
    phrases = set(words) | {" ".join(words[k : k + 2]) for k in range(len(words) - 1)}
    return bool(phrases & entities.role_words())


def _is_role_word(low: str) -> bool:
    """A person's role word (``head``, ``chief``, ``spokesman``, ``director``)."""
    lex = _lexicon()
    return lex.descriptions.get(low, ("", ()))[0] == "person" or low in entities.role_words()


def _subject(T: _Sent, i: int) -> list[_NP] | None:
    """The subject of the clause holding token ``i``, read forward from the clause start."""
    lex = _lexicon()
    clause = T.clause[i]
    starts = [clause, 0] if clause > 0 else [0]
    for s in starts:
        while s < i and T[s].punct:
            s += 1
        if s >= i:
            continue
        first = T[s].low
        if s == 0 and (first in lex.boundary or first.endswith("ing")):
            # a leading phrase ("In a span of 24 hours, ..."): the subject follows its comma
            n = bisect_right(T.commas, s - 1)  # the first comma at or after s
            if n == len(T.commas) or T.commas[n] >= i:
                continue
            s = T.commas[n] + 1
        np_ = _np_forward(T, s, i)
        if np_ is None:
            continue
        how = _identify(np_).how
        if how == "description" and s > 0 and np_.toks[0].low not in _DETERMINERS:
            continue  # an appositive ("X, managing director of Y said"): X is the subject
        if how != "other":
            return _coordinated_forward(T, np_)
    return None


def _relative_antecedent(T: list[_Tok], np_: _NP) -> _NP | None:
    j = np_.toks[0].k - 1
    if j >= 0 and T[j].text == ",":
        j -= 1
    return _np_back(T, j)


def _is_final_tag(T: list[_Tok], cue: _Cue, speaker: _NP) -> bool:
    lex = _lexicon()
    first = speaker.toks[0].k
    if first == 0 or T[first - 1].text != ",":
        return False
    # at most two words after the cue, each capitalised or a number; the walk stops at
    # the first word that fails, so a long sentence is not read to its end for each cue
    n_rest = 0
    for m in range(cue.j, len(T)):
        t = T[m]
        if t.punct or t.low in lex.skip:
            continue
        n_rest += 1
        if n_rest > 2 or not (t.text[:1].isupper() or t.text[:1].isdigit()):
            return False
    return True


# --- statements -------------------------------------------------------------------------


@dataclass
class _Statement:
    doc_id: str
    sent_id: int
    para_id: int
    speaker: _Speaker
    cues: list[_Cue]
    text: str
    resolved_by: str = "name"
    via: list[_Speaker] = field(default_factory=list)
    quote_ids: list[int] = field(default_factory=list)
    quote_kinds: list[str] = field(default_factory=list)
    group: int = 0  # statements from one cue share a group (coordinated speakers)


def _fits(sp: _Speaker, cand: _Speaker) -> bool:
    """Whether ``cand`` may be what ``sp`` (a pronoun or description) refers to.

    The description's types (``the group``: group, monitor, media, agency) restrict a
    candidate whose type is known; one of unknown type (a name the lexicon does not
    hold, ``National Coalition``) fits when it is of the right kind (``the body`` an
    organisation, not a person).
    """
    if sp.refers == "person" and cand.person is False:
        return False
    if sp.refers == "organisation" and cand.person is True:
        return False
    if sp.types and cand.source_type is None:
        # a one-word name of unknown kind ("Contrack said ... the firm denied") is no
        # person's full name: it may be an organisation
        one_word = cand.person is None and " " not in (cand.source or " ")
        return sp.refers != "organisation" or cand.person is False or one_word
    return not (sp.types and cand.source_type not in sp.types)


def _role_before(np_: _NP, name_start: int) -> bool:
    """Whether the words of ``np_`` before ``name_start`` hold a lower-case word that
    joins no name (``BT chief executive`` before ``Ben Verwaayen``): they are then a
    role, not the first words of a longer name (``Syrian Army and Armed Forces``)."""
    lex = _lexicon()
    return any(
        t.end <= name_start
        and t.text.islower()
        and t.low not in _CONNECTORS
        and t.low not in _DETERMINERS
        and t.low not in lex.particles
        for t in np_.toks
    )


def _named(sp: _Speaker, np_: _NP, names: _Names | None) -> _Speaker:
    """A named speaker with the article's canonical name (``Kinshchak`` -> ``Alexander
    Kinshchak``, ``Mr. Trump`` -> ``Donald Trump``) and the role written with it.

    The mention table of :mod:`corpus_utils.sources.entities` at the name's last capitalised
    token names it; where it has none, :func:`~corpus_utils.sources.entities.resolve_name` on
    the words, else the words themselves when they hold a name (``The`` does not: the
    speaker is then unresolved). Lexicon actors and outlets keep their names.
    """
    if sp.fixed or names is None:
        return sp
    lex = _lexicon()
    at = names.at
    found = (at.at(t.start) for t in reversed(np_.toks) if t.cap) if at is not None else ()
    k = next((x for x in found if x is not None), None)
    kind = at.kind[k] if at is not None and k is not None else ""
    caps = [t for t in np_.toks if t.cap]
    if kind == "nationality" and np_.toks[0].low in _DEFINITE and len(caps) == 1:
        if not caps[0].low.endswith("s"):  # "the Spaniard", "the Frenchman": a person
            return _Speaker(None, None, sp.speaker_text, "description", None, "person")
    titled = at is not None and k is not None and _role_before(np_, at.name_starts[k])
    if (
        at is not None
        and k is not None
        and kind != "person"
        and len(at.entity[k]) < len(sp.source or "")
        and not titled
    ):
        k = None  # "Syrian Army and Armed Forces General Command": the longer name holds
    if at is not None and k is not None:
        entity = at.full_name(k) or at.entity[k]  # "said Saeed" after "Mohammed Saeed"
        written = np_.toks[0].src[np_.start : at.name_starts[k]] if np_.toks[0].src else ""
        role = " ".join(w for w in written.split() if w.lower() not in _DETERMINERS).strip(" ,")
        if kind == "person":
            role = role or at.role[k]
        elif kind != "other" or not titled:
            role = ""  # an organisation's own words are no role
        person = {"person": True, "organisation": False, "place": False}.get(kind, sp.person)
        if person is None and _has_role_word(role):
            person = True  # "chief executive Ben Vale": no "it"
    else:
        bare = sp.source or sp.speaker_text
        entity = None
        if at is not None and len(bare.split()) == 1:
            entity = at.full_name_of(bare, np_.start)  # "Al-Faris" after "Leys al-Faris"
        entity = entity or entities.resolve_name(names.corpus, names.doc_id, bare)
        if entity is None and entities.is_name(bare, corpus=names.corpus):
            entity = bare
        role, person = "", sp.person
    if entity is None:
        return _Speaker(None, None, sp.speaker_text, "other", None)
    atype = lex.actor_types.get(entity) or sp.source_type
    return _Speaker(entity, atype, sp.speaker_text, "named", person, sp.refers, sp.types, role=role)


def _by_role(st: _Statement, np_: _NP, names: _Names | None) -> bool | None:
    """Resolve a person description (``the diplomat``, ``the UN envoy``) by the roles
    seen with the article's earlier names; None when it is no role description."""
    lex = _lexicon()
    words = [t for t in np_.toks if not t.punct and t.low not in _DETERMINERS]
    if not words:
        return None
    head = words[-1].low.split("-")[-1]
    if lex.descriptions.get(head, ("", ()))[0] != "person":
        return None
    if names is None or names.at is None:
        return False
    mods = [t.text for t in words[:-1] if t.text[:1].isupper()]
    tail = [head]  # the lower-case role words ending the description, longest phrase first
    for t in reversed(words[:-1]):
        if not t.text.islower():
            break
        tail.insert(0, t.low)
    heads = [" ".join(tail[k:]) for k in range(len(tail))]
    entity = names.at.by_role(heads, mods, np_.start)
    if entity is None:
        return False
    sp = st.speaker
    atype = lex.actor_types.get(entity) or sp.source_type
    st.speaker = _Speaker(entity, atype, sp.speaker_text, sp.how, True, sp.refers, sp.types)
    st.resolved_by = "role"
    return True


def _by_head_noun(
    st: _Statement, history: list[list[_Statement]], np_: _NP, names: _Names | None
) -> bool:
    """``the ministry``, ``the council``: the one organisation that spoke earlier in the
    article with that word ending its name (``the Finance and Economy Ministry said``),
    else the one organisation named so (``Darlington Council``). Two such names, or
    none: False."""
    words = [t for t in np_.toks if not t.punct]
    if len(words) != 2 or words[0].low not in _DEFINITE or not words[1].text.islower():
        return False
    head = words[1].low
    if _lexicon().descriptions.get(head, ("", ()))[0] == "person":
        return False

    def ends_in_head(name: str | None) -> bool:
        return bool(name) and " " in name and name.casefold().split()[-1] == head

    found = set(history.by_last.get(head, ())) if isinstance(history, _History) else set()
    at = names.at if names is not None else None
    if not found and at is not None:
        k = bisect_right(at.starts, np_.start - 1)
        found = {
            at.entity[j]
            for j in range(max(0, k - _MAX_HEAD_MENTIONS), k)  # a bounded look back
            if at.kind[j] == "organisation" and ends_in_head(at.entity[j])
        }
    if len(found) != 1:
        return False
    entity = str(found.pop())
    sp = st.speaker
    atype = _lexicon().actor_types.get(entity) or sp.source_type
    st.speaker = _Speaker(entity, atype, sp.speaker_text, sp.how, False, sp.refers, sp.types)
    st.resolved_by = "antecedent"
    return True


def _named_between(
    prev: _Statement, st: _Statement, names: _Names | None, source: str | None
) -> bool:
    """Whether another person is named in a sentence between the sentence of ``prev``
    and that of ``st`` (names quoted in ``st``'s own sentence do not count)."""
    if names is None or names.at is None or source is None or prev.sent_id + 1 >= st.sent_id:
        return False
    lo = names.sent_starts.get(prev.sent_id + 1)
    hi = names.sent_starts.get(st.sent_id)
    return lo is not None and hi is not None and names.at.other_name(lo, hi, source)


def _window_start(st: _Statement, np_: _NP, names: _Names) -> int:
    """Where the sentences a pronoun looks back over begin: the sentence
    ``_MENTION_SENTENCES`` before the statement's (or the nearest later one known)."""
    for back in range(_MENTION_SENTENCES, -1, -1):
        if st.sent_id - back in names.sent_starts:
            return names.sent_starts[st.sent_id - back]
    return np_.start


def _by_mention(
    st: _Statement,
    np_: _NP,
    names: _Names | None,
    history: list[list[_Statement]],
    since: int = -1,
) -> bool:
    """Resolve ``he``/``she`` to the one person named from the start of the sentence two
    before (or of sentence ``since``, if later) up to the pronoun (two or more:
    unresolved; a name of unknown kind that has not spoken counts as a person too)."""
    sp = st.speaker
    if sp.how not in ("pronoun", "description") or sp.refers != "person":
        return False  # person descriptions that reach here name no role: "the Spaniard"
    if names is None or names.at is None:
        return False
    lo = max(_window_start(st, np_, names), names.sent_starts.get(since, -1))
    persons = names.at.persons
    k = bisect_right(persons, (lo, ""))
    found = {e for pos, e in persons[k : k + 8] if pos < np_.start}
    spoke = history.spoke if isinstance(history, _History) else set()
    unknown = _unknown_full_names(names.at, lo, np_.start, spoke, found)
    if found and unknown:
        return False  # "John Baird met Tom Reyes": two who may be "he"
    if not found and not history:
        found = unknown  # "Charles Kennedy spoke on Sunday. ... he asked": nobody spoke yet
    if len(found) != 1:
        return False
    entity = found.pop()
    atype = _lexicon().actor_types.get(entity)
    st.speaker = _Speaker(entity, atype, sp.speaker_text, sp.how, True, sp.refers, sp.types)
    st.resolved_by = "antecedent"
    return True


def _unknown_full_names(
    at: entities.ArticleNames, lo: int, hi: int, spoke: set[str | None], found: set[str]
) -> set[str]:
    """Names of unknown kind that may be a person's (two or more words, no organisation
    word: ``John Baird`` in ``John Baird met Tom Reyes``) that have not spoken and are
    not in ``found``, mentioned in ``[lo, hi)``: candidates for ``he`` beside the
    persons found."""
    out: set[str] = set()
    k = bisect_right(at.starts, lo - 1)
    while k < len(at.starts) and at.starts[k] < hi and len(out) < 3:
        name = at.entity[k]
        if at.kind[k] == "other" and name not in spoke and name not in found and " " in name:
            last = name.split()[-1].lower()
            if last not in _org_words() and last not in _lexicon().descriptions:
                out.add(name)
        k += 1
    return out


def _possessive_document(sp: _Speaker, np_: _NP) -> _Speaker:
    """``his report``, ``her statement``, ``its statement``: resolved as ``he``, ``she``,
    ``it`` would be (a document speaks for its author); any other description as is."""
    lex = _lexicon()
    words = [t for t in np_.toks if not t.punct]
    if len(words) < 2 or words[-1].low not in lex.nouns:
        return sp
    refers = _POSSESSIVE_PRONOUNS.get(words[0].low)
    if refers is None:
        return sp
    return _Speaker(None, None, sp.speaker_text, "pronoun", None, refers)


def _spokesman_of(st: _Statement, history: list[list[_Statement]], np_: _NP) -> bool:
    """``AOL backed the cuts. "...," a spokesman said.``: an unnamed spokesman speaks for
    the one organisation that spoke in this or the previous sentence (the annotation
    conventions: an unnamed spokesman of a named organisation speaks for it)."""
    words = [t.low for t in np_.toks if not t.punct]
    if len(words) != 2 or words[0] not in ("a", "an") or words[1] not in _SPOKES:
        return False
    if not history or history[-1][0].sent_id < st.sent_id - 1:
        return False
    prev = history[-1]
    if len({p.speaker.source for p in prev}) != 1 or prev[0].speaker.person is True:
        return False
    cand, sp = prev[0].speaker, st.speaker
    if cand.source is None:
        return False
    st.speaker = _Speaker(cand.source, cand.source_type, sp.speaker_text, sp.how, False)
    st.resolved_by = "antecedent"
    return True


def _as_written(st: _Statement) -> bool:
    """An organisation description no earlier speaker fits, named as written."""
    sp = st.speaker
    st.speaker = _Speaker(sp.written, sp.source_type, sp.speaker_text, "named", False, fixed=True)
    st.resolved_by = "name"
    return True


def _modifiers_fit(sp: _Speaker, cand: _Speaker) -> bool:
    """Whether the capitalised words of an organisation description's own name
    (``Syrian`` in ``the Syrian military``) are seen in the candidate's name (``Syrian
    Army ... Command``; ``Turkey's foreign ministry`` is no ``Russian Defense Ministry``)."""
    if not sp.written:
        return True
    mods = [w.split("'")[0].split("’")[0] for w in sp.written.split() if w[:1].isupper()]
    words = set(fold(cand.source or "").lower().replace("-", " ").split())
    return bool(mods) and all(entities._seen_with(m, words) for m in mods)


def _organisation_spokesman(st: _Statement, np_: _NP, names: _Names | None) -> bool:
    """``a Google spokesman``, ``a Foreign Ministry spokeswoman``, ``the Kremlin's
    spokesman``: the organisation named in the words before the spokes-word (an unnamed
    spokesman of a named organisation speaks for it). A nationality (``a Russian
    spokesman``) or a person's name names no organisation."""
    words = [t for t in np_.toks if not t.punct]
    if len(words) < 2 or words[-1].low not in _SPOKES or names is None or names.at is None:
        return False
    run = [t for t in words[:-1] if t.low not in _DETERMINERS and t.low not in _POSSESSIVE]
    if not run or not run[0].cap or not all(t.cap or t.low in _CONNECTORS for t in run):
        return False
    k = names.at.at(run[-1].start)
    if k is None or names.at.kind[k] in ("nationality", "person", "place"):
        return False
    org = _named(_identify(_NP(run)), _NP(run), names)
    if org.how != "named" or org.person is True:
        return False
    sp = st.speaker
    st.speaker = _Speaker(org.source, org.source_type, sp.speaker_text, sp.how, False)
    st.resolved_by = "name"
    return True


def _resolve(
    st: _Statement,
    history: list[list[_Statement]],
    T: list[_Tok],
    np_: _NP,
    names: _Names | None = None,
) -> None:
    sp = st.speaker
    if sp.how == "named":
        st.speaker = sp = _named(sp, np_, names)
    if sp.how == "relative":
        ante = _relative_antecedent(T, np_)
        if ante is not None:
            a = _identify(ante)
            if a.how in ("named", "anonymous"):
                st.speaker = _Speaker(
                    a.source, a.source_type, f"{ante.text}, {sp.speaker_text}", a.how, a.person
                )
                st.resolved_by = "relative"
                return
        st.resolved_by = "unresolved"
        return
    if sp.how not in ("pronoun", "description"):
        st.resolved_by = {"named": "name", "anonymous": "anonymous"}.get(sp.how, "unresolved")
        return
    st.resolved_by = "unresolved"
    if sp.how == "description" and (
        _organisation_spokesman(st, np_, names) or _spokesman_of(st, history, np_)
    ):
        return
    if sp.how == "description":
        sp = st.speaker = _possessive_document(sp, np_)
    if sp.written:
        _by_statement(st, history, np_, names) or _as_written(st)
        return
    if sp.how == "description" and np_.toks[0].low not in _DEFINITE:
        return  # "a top Russian general" introduces someone new
    if sp.how == "description" and _by_role(st, np_, names) is not None:
        return  # a person description: by a role seen with a name, or unresolved
    if _by_statement(st, history, np_, names):
        return
    if sp.how == "description" and _by_head_noun(st, history, np_, names):
        return
    if sp.refers == "organisation":
        # "Acme Corp cut jobs. "...," the company said": no statement to follow, or one
        # that does not fit (a person): the one organisation named just before
        _by_organisation(st, np_, names)
    elif sp.refers == "person" and history:
        # "The authority said Captain Tom Reyes was rescued. "...," he said": the
        # statement before is an organisation's: the one person named since it began
        _by_mention(st, np_, names, history, since=history[-1][0].sent_id)


def _by_statement(
    st: _Statement, history: list[list[_Statement]], np_: _NP, names: _Names | None
) -> bool:
    """Resolve a pronoun or description to the source of the nearest earlier statement
    (or, with no statement in this or the sentence before, ``he``/``she`` to the one
    person named since: "Maria Zakharova ... spoke. She condemned the strike")."""
    sp = st.speaker
    prev = history[-1] if history else None
    if (prev is None or prev[0].sent_id < st.sent_id - 1) and _by_mention(st, np_, names, history):
        return True
    if prev is None:
        return False
    sources = {p.speaker.source for p in prev}
    if st.para_id - prev[0].para_id > _MAX_RESOLVE_PARAS or len(sources) != 1 or None in sources:
        return False
    cand = prev[0].speaker
    if sp.refers == "person" and _named_between(prev[0], st, names, cand.source):
        return False  # "Rudskoi said ... Trump met Macron. He said": not guessed
    spokes = cand.speaker_text.lower().split()[-1:] in ([w] for w in _SPOKES)
    if not _fits(sp, cand) and not (sp.refers == "person" and spokes):
        return False  # "The Ofcom spokesman said ... "...," he said": Ofcom
    if not _modifiers_fit(sp, cand):
        return False
    st.speaker = _Speaker(
        cand.source, cand.source_type, sp.speaker_text, sp.how, cand.person, sp.refers, sp.types
    )
    st.resolved_by = "antecedent"
    return True


def _by_organisation(st: _Statement, np_: _NP, names: _Names | None) -> bool:
    """``It added``, ``the paper said`` when the previous speaker does not fit (a person):
    the one organisation named from the sentence two before up to the words (two or
    more: unresolved). A description's types (a paper is media) must fit one the
    lexicon knows."""
    sp = st.speaker
    if names is None or names.at is None:
        return False
    lo = _window_start(st, np_, names)
    entity = names.at.sole_organisation(lo, np_.start)
    if entity is None:
        return False
    lex = _lexicon()
    atype = lex.actor_types.get(entity) or ("media" if entity.lower() in lex.outlets else None)
    if sp.types and atype is not None and atype not in sp.types:
        return False
    st.speaker = _Speaker(entity, atype, sp.speaker_text, sp.how, False, sp.refers, sp.types)
    st.resolved_by = "antecedent"
    return True


@dataclass
class _Names:
    """What names an article's speakers: its mention index and the corpus to look in."""

    corpus: object
    doc_id: str
    at: entities.ArticleNames | None
    sent_starts: dict[int, int] = field(default_factory=dict)


class _History(list):
    """The statements of an article so far, one list per cue, with the sources that
    spoke (``spoke``) and the organisation sources by the last word of their name
    (``by_last``), kept as statements are added so that no lookup walks the article."""

    def __init__(self) -> None:
        super().__init__()
        self.spoke: set[str | None] = set()
        self.by_last: dict[str, set[str]] = {}

    def append(self, sts: list[_Statement]) -> None:
        super().append(sts)
        for p in sts:
            source = p.speaker.source
            self.spoke.add(source)
            if source and " " in source and p.speaker.person is not True:
                self.by_last.setdefault(source.casefold().split()[-1], set()).add(source)


def _continued(
    toks_by_sent: dict[int, _Sent], sent_id: int, paras: dict[int, int]
) -> tuple[_Sent, int]:
    """A sentence's tokens and where its own begin: a sentence opening with a lower-case
    word (``said the bill was ...`` after a split at ``Sen. Elizabeth Warren (D-Mass.)``)
    is read after the sentence before it in its paragraph, so that its cue finds the
    speaker there; its cues are those from the offset on."""
    T = toks_by_sent.get(sent_id, _Sent([]))
    prev = toks_by_sent.get(sent_id - 1)
    if not T or not prev or paras.get(sent_id - 1) != paras.get(sent_id):
        return T, 0
    first = T[0].text
    if not (first[:1].isalpha() and first[:1].islower()):
        return T, 0
    return _Sent([*prev, *T]), len(prev)


def _doc_statements(
    doc_id: str, sents: pd.DataFrame, toks_by_sent: dict[int, _Sent], names: _Names | None = None
) -> list[_Statement]:
    history: list[list[_Statement]] = _History()
    out: list[_Statement] = []
    paras = dict(zip(sents["sent_id"].astype(int), sents["para_id"].astype(int), strict=True))
    for sent_id, para_id, text in sents[["sent_id", "para_id", "text"]].itertuples(index=False):
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
                left = _left_speakers(T, c.i)
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


# --- quotes ------------------------------------------------------------------------------


class _CueIndex:
    """The cues of an article's statements by sentence, sorted, for nearest-cue lookups.

    Per sentence: cue spans in text order (cues of one sentence do not overlap) and, for
    each, the first statement (in ``doc_st`` order) that holds it; coordinated speakers
    share one cue. A lookup bisects, so attaching Q quotations to S statements costs
    about (Q + S) log S, not Q x S.
    """

    def __init__(self, doc_st: list[_Statement]) -> None:
        spans: dict[int, dict[tuple[int, int], int]] = {}
        for n, st in enumerate(doc_st):
            by_pos = spans.setdefault(st.sent_id, {})
            for c in st.cues:
                by_pos.setdefault((c.start, c.end), n)
        self.cues = {sid: sorted(by_pos.items()) for sid, by_pos in spans.items()}
        self.ends = {sid: [e for (_, e), _ in cues] for sid, cues in self.cues.items()}

    def nearest(self, sent_ids: list[int], start: int, end: int) -> int | None:
        """The statement whose cue is nearest ``[start, end)`` in these sentences.

        Distance is the gap between the spans (0 when they touch or overlap); a tie
        goes to the statement that comes first, as ``min`` over the statements would.
        """
        best: tuple[int, int] | None = None  # (distance, statement index)
        for sid in sent_ids:
            cues = self.cues.get(sid)
            if not cues:
                continue
            # the last cue ending at or before start, then each cue ending after it up to
            # the first starting at or after end: all others are farther away
            j = max(bisect_right(self.ends[sid], start) - 1, 0)
            while j < len(cues):
                (a, b), n = cues[j]
                d = max(start - b, a - end, 0)
                if best is None or (d, n) < best:
                    best = (d, n)
                if a >= end:
                    break
                j += 1
        return None if best is None else best[1]


def _attach_quotes(
    doc_st: list[_Statement], doc_quotes: pd.DataFrame, colon_sents: frozenset[int] = frozenset()
) -> list[_Statement]:
    """Give each quotation to a statement; return the statements made for carried-over ones.

    A quotation goes to the statement whose cue is nearest in its own sentences; else,
    when the sentence before it ends with a colon (``colon_sents``: ``Rudskoi said in a
    statement:`` and the quotation in the next paragraph), to that sentence's nearest
    statement; else it continues the previous quotation's speaker when it follows in
    the same or the next paragraph. An unpaired span (a reopened paragraph of a long
    quotation, kind ``unpaired``) gets no statement but passes its speaker on: the
    speaker of ``He said: "... / "... / "..."`` is the one of its last piece, not the
    speaker of the quotation before ``He said``.
    """
    extra: list[_Statement] = []
    prev_q: tuple[_Statement, list[int]] | None = None
    index = _CueIndex(doc_st)
    for q in doc_quotes.itertuples(index=False):
        sents = list(q.sent_ids)
        n = index.nearest(sents, q.start, q.end)
        if n is None and sents and sents[0] - 1 in colon_sents:
            n = index.nearest([sents[0] - 1], q.start, q.end)
        if n is None and sents:
            # '"... a transition?" said Mohamad Sabra': the cue opens the next sentence
            m = index.nearest([sents[-1] + 1], q.end, q.end)
            tag = 3
            if m is not None and doc_st[m].speaker.how == "pronoun":
                tag += 1 + len(doc_st[m].speaker.speaker_text)  # '"... law?" he asked
            if m is not None and doc_st[m].cues and doc_st[m].cues[0].start - q.end <= tag:
                n = m
        if q.kind == UNPAIRED:
            # no speech of its own (an opening mark of a quotation running over several
            # paragraphs): the speaker it follows carries on past it to the next piece
            if n is not None:
                prev_q = (doc_st[n], list(q.para_ids))
            elif prev_q is not None and q.para_ids[0] - prev_q[1][-1] <= 1:
                prev_q = (prev_q[0], list(q.para_ids))
            else:
                prev_q = None
            continue
        if n is not None:
            best = doc_st[n]
            best.quote_ids.append(int(q.quote_id))
            best.quote_kinds.append(q.kind)
            prev_q = (best, list(q.para_ids))
        elif prev_q is not None and q.para_ids[0] - prev_q[1][-1] <= 1:
            src = prev_q[0]
            st = _Statement(
                src.doc_id,
                sents[0],
                int(q.para_ids[0]),
                src.speaker,
                [],
                "",
                resolved_by="carried over",
                via=list(src.via),
            )
            st.quote_ids.append(int(q.quote_id))
            st.quote_kinds.append(q.kind)
            extra.append(st)
            prev_q = (st, list(q.para_ids))
    return extra


# --- public -------------------------------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _tokens_by_sentence(corpus) -> dict[str, dict[int, _Sent]]:
    """Tokens of the sentences that hold a cue word, by article and sentence."""
    toks = corpus.tokens()
    first_words = {k[0] for k in _lexicon().cues} | {":"}
    has_cue = toks["norm"].str.lower().isin(first_words)
    keys = toks.loc[has_cue, ["doc_id", "sent_id"]].drop_duplicates()
    # a sentence that opens with a lower-case word continues the one before it (a split
    # after "(D-Mass.)"): that one is read too (see _continued)
    firsts = toks.drop_duplicates(["doc_id", "sent_id"]).merge(keys, on=["doc_id", "sent_id"])
    lower = firsts["token"].astype(str).str.match(r"[a-z]")
    before = firsts.loc[lower, ["doc_id", "sent_id"]].assign(sent_id=lambda d: d["sent_id"] - 1)
    keys = pd.concat([keys, before]).drop_duplicates()
    toks = toks.merge(keys, on=["doc_id", "sent_id"], how="inner")
    toks = token_voices(corpus, toks)
    lists: dict[str, dict[int, list[_Tok]]] = {}
    cols = ["doc_id", "sent_id", "token", "actor", "start", "end", "voice", "is_punct"]
    texts = dict(zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True))
    lows = {u: fold(u).lower() for u in toks["token"].astype(str).unique()}
    data = [toks[c].astype(object).where(toks[c].notna(), None).tolist() for c in cols]
    for doc_id, sent_id, token, actor, a, b, voice, punct in zip(*data, strict=True):
        t = _Tok(token, lows[token], actor, int(a), int(b), voice, bool(punct), texts[doc_id])
        lists.setdefault(doc_id, {}).setdefault(int(sent_id), []).append(t)
    return {d: {k: _Sent(v) for k, v in by.items()} for d, by in lists.items()}


_NAMED_TYPES = frozenset("official military group monitor agency media".split())  # not states


def _written_names(corpus) -> dict[tuple[str, str], str]:
    """``(doc_id, actor) -> the longest form of that lexicon actor written in the
    article`` (``Syrian Observatory for Human Rights`` for ``SOHR``, ``Bashar Assad``
    in an article that never writes ``Bashar al-Assad``), for persons and
    organisations; a state (``Russia``, also written ``Moscow``) keeps its name."""
    toks = corpus.tokens()
    tagged = toks.loc[toks["actor"].notna(), ["doc_id", "token_id", "actor", "start", "end"]]
    types = _lexicon().actor_types
    tagged = tagged[tagged["actor"].map(lambda a: types.get(a) in _NAMED_TYPES)]
    if tagged.empty:
        return {}
    doc, actor = tagged["doc_id"].astype(str), tagged["actor"].astype(str)
    new_run = (
        doc.ne(doc.shift())
        | actor.ne(actor.shift())
        | tagged["token_id"].ne(tagged["token_id"].shift() + 1)
    )
    runs = tagged.assign(doc=doc, act=actor, run=new_run.cumsum()).groupby("run")
    spans = runs.agg(
        doc=("doc", "first"), act=("act", "first"), a=("start", "min"), b=("end", "max")
    )
    texts = corpus._texts
    out: dict[tuple[str, str], str] = {}
    for d, a, start, end in spans[["doc", "act", "a", "b"]].itertuples(index=False):
        written = texts[d][start:end]
        written = written[4:] if written.lower().startswith("the ") else written
        key = (d, a)
        if len(written) > len(out.get(key, "")):
            out[key] = written
    return out


def _build(corpus) -> pd.DataFrame:
    hit = _CACHE.get(corpus)
    if hit is not None:
        return hit
    by_doc = _tokens_by_sentence(corpus)
    # unpaired spans too: a paragraph of a long quotation that reopens with a mark has
    # no partner; it is no speech, but it carries its speaker on (see _attach_quotes)
    speech = quotes(corpus, kinds=("quote", "partial", UNPAIRED), nested=False)
    speech_by_doc = {
        str(d): g.sort_values("start") for d, g in speech.groupby("doc_id", sort=False)
    }
    sentences = corpus.sentences
    article_names = entities.article_names(corpus)
    written = _written_names(corpus)
    rows = []
    for doc_id, sents in sentences.groupby("doc_id", sort=False):
        doc_id = str(doc_id)
        starts = dict(zip(sents["sent_id"].astype(int), sents["start"].astype(int), strict=True))
        names = _Names(corpus, doc_id, article_names.get(doc_id), starts)
        sts = _doc_statements(doc_id, sents, by_doc.get(doc_id, {}), names)
        texts = dict(zip(sents["sent_id"].astype(int), sents["text"], strict=True))
        dq = speech_by_doc.get(doc_id)
        if dq is not None:
            colons = frozenset(k for k, t in texts.items() if str(t).rstrip().endswith(":"))
            sts = sts + _attach_quotes(sts, dq, colons)
        # a colon is a cue only for the quotation it introduces
        sts = [st for st in sts if st.quote_ids or not st.cues or st.cues[0].kind != _COLON]
        sts.sort(key=lambda s: (s.sent_id, s.cues[0].start if s.cues else -1))
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
                {
                    "doc_id": doc_id,
                    "statement_id": n,
                    "sent_id": st.sent_id,
                    "para_id": st.para_id,
                    "source": sp.source,
                    "source_type": sp.source_type,
                    "speaker_text": sp.speaker_text,
                    "speaker_name": written.get((doc_id, sp.source), sp.source)
                    if sp.source
                    else pd.NA,
                    "speaker_role": sp.role or pd.NA,
                    "resolved_by": st.resolved_by,
                    "via": "; ".join(v.source or v.speaker_text for v in st.via) or pd.NA,
                    "via_type": "; ".join(v.source_type or "" for v in st.via).strip("; ") or pd.NA,
                    "cue": st.cues[0].cue if st.cues else pd.NA,
                    "cues": "; ".join(dict.fromkeys(c.cue for c in st.cues)) or pd.NA,
                    "cue_text": st.cues[0].text if st.cues else pd.NA,
                    "kind": kind,
                    "quote_ids": sorted(st.quote_ids),
                    "text": texts.get(st.sent_id, ""),
                    "cue_start": st.cues[0].start if st.cues else pd.NA,
                    "cue_end": st.cues[0].end if st.cues else pd.NA,
                }
            )
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
