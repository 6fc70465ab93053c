"""The words and records attribution reads speakers with.

The cue lexicon (``resources/reporting_verbs.csv``: reporting verbs, participles,
``according to``, cue nouns, pronouns, descriptions), the actor and outlet lists, the
name particles; and the token, noun-phrase and speaker records that
:mod:`corpus_utils.sources.speakers_np`, :mod:`~corpus_utils.sources.cues`,
:mod:`~corpus_utils.sources.resolve` and :mod:`~corpus_utils.sources.attribution` share.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import resources
from ..prepare.voices import DOUBLE_MARKS, SINGLE_MARKS

_DETERMINERS = frozenset(
    "the a an another this these those its their his her our some any each every all many "
    "several".split()
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


@dataclass(slots=True)  # millions are made: no per-instance dict
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
    in_name: bool = False  # a function word that ends a name here ("Theresa May")

    @property
    def mark(self) -> bool:
        return self.text in DOUBLE_MARKS or self.text in SINGLE_MARKS or self.text in ("``", "''")

    @property
    def cap(self) -> bool:
        if self.text[:1].isupper():
            return self.in_name or self.low not in _lexicon().boundary
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
        _names_with_function_words(toks)


_TITLE_CASE = 0.6  # a sentence with this share of capitalised words is a headline


def _names_with_function_words(toks: list[_Tok]) -> None:
    """Mark a capitalised word of ``resources/name_tails.txt`` (``May``, ``Will``) just
    after a capitalised name word as part of the name (``Theresa May``, ``Brian May``),
    except in a title-case sentence (``Putin Will Visit``)."""
    tails = resources.word_list("name_tails.txt")
    if not any(t.low in tails for t in toks):
        return  # nothing to mark (most sentences): no share of capitals to count
    words = [t for t in toks if not t.punct]
    caps = sum(1 for t in words if t.text[:1].isupper())
    if not words or caps >= _TITLE_CASE * len(words):
        return
    for k, (prev, t) in enumerate(zip(toks, toks[1:], strict=False), start=1):
        if k + 1 < len(toks) and toks[k + 1].text[:1].isdigit():
            continue  # "Syria June 5": a dateline, no name
        if t.low in tails and t.text[:1].isupper() and t.text[1:2].islower():
            t.in_name = not prev.punct and prev.text[:1].isupper() and prev.cap


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
