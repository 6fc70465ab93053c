"""Merging name variants into entities, their kinds, and the mention table.

Within an article (a surname or a short form after the full name, an acronym after its
definition) and then across the corpus; :func:`mentions` is the table of every mention
with its entity and the basis of the merge (see :mod:`corpus_utils.sources.entities`).
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from functools import cache

import numpy as np
import pandas as pd
import wordfreq

from ..prepare.tokenization import fold
from .name_finding import (
    _ADJECTIVE_ENDINGS,
    _CONNECTORS,
    _LOWER_WORDS,
    _find,
    _known_word,
    _Lists,
    _lists,
    _Mention,
)
from .packs import Pack, PackLike, load_pack

MENTION_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "mention",
    "name",
    "role",
    "name_start",
    "entity",
    "kind",
    "basis",
    "first_token",
    "last_token",
]


_NATIONALITY_ENDINGS = _ADJECTIVE_ENDINGS  # "syrian", "lebanese", "kurdish", "iraqi"


ADJECTIVAL = 0.5  # a one-word name used before a lower-case noun this often is an adjective
_TYPE_KIND = {
    "official": "person",
    "military": "person",
    "anonymous": "person",
    "group": "organisation",
    "agency": "organisation",
    "monitor": "organisation",
    "media": "organisation",
    "state": "place",
}


COMMON_SURNAME_ZIPF = 4.0  # 1 per 10,000 words: "french", "health", "john", "brown"
SURNAME_ROLES = 0.4  # share of a common word's mentions with a role for it to be a surname


# --- merging ----------------------------------------------------------------------------


def _alias_lookup(p: Pack) -> tuple[dict[str, str], dict[str, str]]:
    """``variant -> canonical``: case-sensitive ones, and the rest in lower case."""
    a = p.aliases[p.aliases["context"].ne("group")]
    cs = a["case_sensitive"].astype(bool)
    exact = dict(zip(a.loc[cs, "variant"].map(fold), a.loc[cs, "canonical"], strict=True))
    lower = dict(
        zip(a.loc[~cs, "variant"].map(fold).str.lower(), a.loc[~cs, "canonical"], strict=True)
    )
    return exact, lower


def _is_full(m: _Mention, lists: _Lists) -> bool:
    """A name of two or more words that may be a person's (not an organisation or place)."""
    return (
        len(m.words) >= 2
        and m.canonical is None
        and not any(w in _CONNECTORS for w in m.words)
        and lists.entity_words.get(m.words[-1]) is None
        and " ".join(m.words) not in lists.places
        and m.words[-1] not in lists.places
    )


def _may_be_surname(m: _Mention, lists: _Lists) -> bool:
    """A short name that may stand for a longer one (not a place, acronym or org word)."""
    return (
        not m.acronym
        and m.canonical is None
        and " ".join(m.words) not in lists.places
        and lists.entity_words.get(m.words[-1]) is None
    )


def _merge(ms: list[_Mention], p: Pack, lower_words: frozenset[str] = frozenset()) -> None:
    """Set ``entity`` and ``basis`` of every mention (rules 1-5 of the module notes).

    A one-word mention left to stand for itself that the corpus mostly writes in lower
    case (``lower_words``: ``... the dollar Analysts said``, a lost full stop) gets the
    entity ``""``: it is no name, and :func:`_build` drops it."""
    lists = _lists()
    exact, lower = _alias_lookup(p)
    by_doc: dict[str, list[_Mention]] = defaultdict(list)
    for m in ms:
        by_doc[m.doc_id].append(m)
        if m.canonical is not None:
            m.entity, m.basis = m.canonical, "pack"
            continue
        key = fold(m.name)
        hit = exact.get(key) or lower.get(key.lower())
        if hit is not None:
            m.canonical = hit
            m.entity, m.basis = hit, "pack"
    corpus_defs: dict[str, Counter] = defaultdict(Counter)
    # names seen with a person's role or honorific ("Mr Blair", "President Trump")
    persons = {m.words for m in ms if m.person}
    corpus_heads: dict[str, Counter] = defaultdict(Counter)
    long_words: dict[str, set[str]] = defaultdict(set)  # long name -> its words
    rare_surname = _rare_surname_test(ms, lists)
    one_word = {m.words[0] for m in ms if len(m.words) == 1} | {
        v.split()[-1] for v in lower
    }  # one-word names, and the last words of the pack's aliases ("assad")
    for doc_ms in by_doc.values():
        fulls: dict[str, list[tuple[int, _Mention]]] = defaultdict(list)
        acronyms: dict[str, str] = {}
        heads: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for k, m in enumerate(doc_ms):
            if not m.basis and _is_full(m, lists):
                fulls[m.words[-1]].append((k, m))
                bare = _without_particle(m.words[-1], lists)
                if bare != m.words[-1]:
                    fulls[bare].append((k, m))  # "Zaatari" after "Ali al-Zaatari"
            if m.defines:
                acronyms[m.defines] = m.canonical or m.name
                corpus_defs[m.defines][m.canonical or m.name] += 1
            head = _head_noun(m)
            if head is not None:
                heads[head].append((k, m.canonical or m.name))
                corpus_heads[head][m.canonical or m.name] += 1
                long_words[m.canonical or m.name] |= set(fold(m.name).lower().split())
        for k, m in enumerate(doc_ms):
            if m.basis:
                continue
            if m.acronym and m.name in acronyms:
                m.entity, m.basis = acronyms[m.name], "article"
                continue
            spelled = _spelled_out(m, doc_ms[:k]) if m.acronym else None
            if spelled is not None:  # "RICS" after "the Royal Institute of Chartered Surveyors"
                m.entity, m.basis = spelled, "article"
                continue
            short = _short_form_of(m, heads, long_words)
            if short is not None:
                before = [c for c in short if c[0] < k]
                m.entity, m.basis = (before[-1] if before else short[0])[1], "article"
                continue
            words = m.words
            if len(words) == 2 and m.name.split()[0].isupper() and not m.acronym:
                words = words[1:]  # "state TV Barazi" after "Governor Talal Barazi"
            cands = [
                (j, f)
                for j, f in fulls.get(m.words[-1], ())
                if len(f.words) > len(words)
                and (
                    f.words[-len(words) :] == words
                    or (len(words) == 1 and _without_particle(f.words[-1], lists) == words[0])
                )
                and (
                    f.words in persons
                    or words in persons
                    or (rare_surname(words) and _given_name_first(f, lists, lower_words, one_word))
                )
            ]
            if words not in persons and not any(f.words in persons for _, f in cands):
                # a rare surname with no role: only after its one full name of the article
                cands = [c for c in cands if c[0] < k]
                if len({f.words for _, f in cands}) > 1:
                    cands = []  # two full names share it: it stays as written
            if cands and _may_be_surname(m, lists):
                before = [c for c in cands if c[0] < k]
                _, f = before[-1] if before else cands[0]
                m.entity, m.basis = f.name, "article"
            elif len(m.words) >= 2:
                m.entity, m.basis = m.name, "name"
    # the corpus: surnames and acronyms not resolved in their article
    surname_like = _surname_test(ms)
    long_names = {h: _corpus_head(c) for h, c in corpus_heads.items()}
    full_counts: dict[str, Counter] = defaultdict(Counter)
    person_entities = {m.entity for m in ms if m.person}
    for m in ms:
        if m.basis == "name" and _is_full(m, lists):
            full_counts[m.words[-1]][m.entity] += 1
        elif m.basis == "article" and m.entity != m.name:
            full_counts[m.words[-1]][m.entity] += 1
    for m in ms:
        if m.basis == "name" and len(m.words) <= 3:
            short = _short_form_of(m, long_names, long_words)  # "the Syrian Observatory"
            if short is not None and short[0][1] != m.name:
                m.entity, m.basis = short[0][1], "corpus"
            continue
        if m.basis:
            continue
        m.entity, m.basis = m.name, "self"
        if len(m.words) == 1 and not m.acronym and corpus_defs.get(m.name.upper()):
            m.entity = corpus_defs[m.name.upper()].most_common(1)[0][0]  # "Sana" for "SANA"
            m.basis = "corpus"
            continue
        short = _short_form_of(m, long_names, long_words)
        if short is None and len(m.words) == 1 and not (m.acronym or m.person):
            if m.words[0] in lower_words:
                m.entity = ""
                continue
        if short is not None:
            m.entity, m.basis = short[0][1], "corpus"
            continue
        if m.acronym:
            defs = corpus_defs.get(m.name)
            if defs:
                m.entity, m.basis = defs.most_common(1)[0][0], "corpus"
            continue
        if len(m.words) == 1 and _may_be_surname(m, lists) and surname_like(m.words[0]):
            top = full_counts.get(m.words[0], Counter()).most_common(2)
            evidence = m.words in persons or (top and top[0][0] in person_entities)
            if top and evidence and (len(top) == 1 or top[0][1] >= 2 * top[1][1]):
                m.entity, m.basis = top[0][0], "corpus"
    _lost_apostrophes(ms, lists, exact, lower)
    _nationality_dropped(ms, lists)


def _nationality_dropped(ms: list[_Mention], lists: _Lists) -> None:
    """A person's name of three or four words written after a nationality adjective is the
    person without it (``Australian Lynton Crosby`` when ``Mr Crosby`` merged into it):
    only when one of the entity's mentions has a person's role or honorific, since an
    organisation's name opens with one too (``Iranian Revolutionary Guards``)."""
    renamed = {}
    for e in {m.entity for m in ms if m.person and m.basis != "pack"}:
        words = e.split()
        if 3 <= len(words) <= 4 and words[1][:1].isupper() and _demonym(words[0].lower(), lists):
            renamed[e] = " ".join(words[1:])
    for m in ms:
        if m.entity in renamed:
            m.entity = renamed[m.entity]


def _without_particle(word: str, lists: _Lists) -> str:
    """``al-zaatari`` -> ``zaatari``, ``el-saleh`` -> ``saleh``: a surname without the
    hyphenated particle that opens it (``resources/name_particles.txt``); any other
    word as it is."""
    head, sep, tail = word.partition("-")
    return tail if sep and tail and head in lists.particles else word


PLACE_SHARE = 0.2  # a one-word name after "in", "near", "from" this often is a place


def _one_word_counts(ms: list[_Mention], flag: str) -> tuple[Counter, Counter]:
    """Each one-word name's mentions, and how many of them have ``flag`` set
    (``person``: a role or honorific; ``place_prep``: after ``in``, ``near`` ...)."""
    n: Counter = Counter()
    flagged: Counter = Counter()
    for m in ms:
        if len(m.words) == 1:
            n[m.words[0]] += 1
            flagged[m.words[0]] += getattr(m, flag)
    return n, flagged


def _rare_surname_test(ms: list[_Mention], lists: _Lists):
    """Whether a one-word short form may be a surname with no role seen: a word rare in
    general English (wordfreq below :data:`COMMON_SURNAME_ZIPF`: ``Henman``, ``Millan``,
    ``Kinshchak``) that is no listed place and that the corpus puts after a place
    preposition less than :data:`PLACE_SHARE` of the time (``in Ghouta``, ``near Idleb``);
    a common word (``Brown``, ``May``) still needs a role."""
    n, placed = _one_word_counts(ms, "place_prep")

    def test(words: tuple[str, ...]) -> bool:
        if len(words) != 1:
            return False
        w = words[0]
        return (
            w not in lists.places
            and placed[w] < PLACE_SHARE * n[w]
            and wordfreq.zipf_frequency(w, "en") < COMMON_SURNAME_ZIPF
        )

    return test


def _given_name_first(
    f: _Mention, lists: _Lists, lower_words: frozenset[str], one_word: set[str]
) -> bool:
    """A full name of two or three words that opens like a person's: its first word no
    particle (``Al Mayadin``, ``al-Hamadaniyeh``), demonym (``Syrian Kurdish``), word the
    corpus mostly writes in lower case (``Province Al-Qaryatayn``, ``Days Near Efrin``)
    or possessive that lost its apostrophe (``Assads Alawite``: ``one_word`` holds the
    corpus's one-word names), and none of its words a place (``Syrias Deir``), an
    organisation's word (``Observatory Reuters``) or a function word (``Chechen The
    Pentagon``, a headline run)."""
    if not 2 <= len(f.words) <= 3:
        return False
    first = f.words[0]
    return (
        first not in lower_words
        and first.split("-")[0] not in lists.particles
        and not (first.endswith("s") and first[:-1] in one_word)
        and not any(
            w in lists.places
            or w.rstrip("s") in lists.places
            or w in lists.entity_words
            or w in lists.not_names
            for w in f.words
        )
        and not _demonym(first, lists)
    )


@cache
def _place_stems(places: frozenset[str]) -> frozenset[str]:
    return frozenset(p[:5] for p in places if len(p) >= 5)


def _demonym(word: str, lists: _Lists) -> bool:
    """``syrian``, ``lebanese`` (a nationality ending on a place's first five letters),
    ``french`` (``resources/demonyms.csv``); not ``brian`` or ``julian``."""
    from .speaker_names import _demonym_places

    if word in _demonym_places():
        return True
    return word.endswith(_NATIONALITY_ENDINGS) and word[:5] in _place_stems(lists.places)


def _spelled_out(m: _Mention, before: list[_Mention]) -> str | None:
    """The one earlier name of the article that an acronym of three or more letters
    spells exactly by the initials of its capitalised words (``RICS``: ``Royal
    Institute of Chartered Surveyors``), where no brackets define it; None otherwise."""
    if len(m.name) < 3 or not m.name.isalpha():
        return None
    found = {
        b.canonical or b.name
        for b in before
        if not b.acronym and "".join(w[:1] for w in b.name.split() if w[:1].isupper()) == m.name
    }
    return found.pop() if len(found) == 1 else None


def _lost_apostrophes(
    ms: list[_Mention], lists: _Lists, exact: dict[str, str], lower: dict[str, str]
) -> None:
    """``Syrias``, ``Bashar Assads``: a possessive whose apostrophe was lost in scraping
    is the name without its ``s`` when that name is a pack alias or actor, a place or a person's
    name of two or more words (seen with a role) (``basis = "corpus"``). A one-word
    ``Williams`` stays itself (``William`` may be someone else), and so do ``Tories``,
    ``Americans`` and ``Liberal Democrats``.
    """
    named: dict[str, Counter] = defaultdict(Counter)
    persons = set()  # entities seen with a role or honorific
    for m in ms:
        named[m.name][m.entity] += 1
        if m.person:
            persons.add(m.entity)
    pack_entities = {m.entity for m in ms if m.basis == "pack"}
    for m in ms:
        if m.basis == "pack" or not m.name.endswith("s") or m.name.endswith("ss"):
            continue
        stem = m.name[:-1]
        alias = exact.get(fold(stem)) or lower.get(fold(stem).lower())
        if (stem not in named and alias is None) or m.name.isupper():
            continue
        if _known_word(m.name.split()[-1]):
            continue
        entity = alias or named[stem].most_common(1)[0][0]
        person = " " in stem and entity in persons
        if alias or entity in pack_entities or stem.lower() in lists.places or person:
            m.entity, m.basis = entity, "corpus"


def _head_noun(m: _Mention) -> str | None:
    """The head noun of an organisation's long name, lower case: the word before its
    first ``of``/``for`` (``observatory`` of ``Syrian Observatory for Human Rights``,
    ``bank`` of ``Bank of England``), or the last word of a name that defines an acronym
    (``union`` of ``Northern Fishing Union (NFU)``); None for any other mention."""
    words = fold(m.name).lower().split()
    if len(words) < 2:
        return None
    cut = next((k for k, w in enumerate(words) if w in ("of", "for")), None)
    if cut is not None and cut > 0:
        return words[cut - 1]
    return words[-1] if m.defines else None


def _short_form_of(
    m: _Mention, heads: dict[str, list[tuple[int, str]]], words: dict[str, set[str]]
) -> list[tuple[int, str]] | None:
    """The long names a short organisation mention may stand for: its last word is
    their head noun and its other words are among theirs, or participles (``the
    Observatory``, ``the Syrian Observatory``, ``the Britain-based Observatory`` after
    ``the Syrian Observatory for Human Rights``). ``heads`` maps a head noun to the
    ``(position, entity)`` of the long names that have it, ``words`` an entity to the
    words of its long names."""
    if m.acronym or m.canonical is not None or not 1 <= len(m.words) <= 3:
        return None
    found = heads.get(m.words[-1])
    if not found:
        return None
    mods = [w for w in m.words[:-1] if not w.rsplit("-", 1)[-1].endswith("ed")]
    fits = [(k, e) for k, e in found if all(w in words.get(e, ()) for w in mods)]
    return fits or None


def _corpus_head(found: Counter) -> list[tuple[int, str]]:
    """The corpus's long name for a head noun: the most frequent, when it is at least
    twice as frequent as the next (else none)."""
    top = found.most_common(2)
    if not top or (len(top) > 1 and top[0][1] < 2 * top[1][1]):
        return []
    return [(0, top[0][0])]


def _surname_test(ms: list[_Mention]):
    """Whether a one-word name may stand for a full name across the corpus: a word
    common in general English (wordfreq: ``French``, ``Health``, ``John``) only when at
    least ``SURNAME_ROLES`` of its one-word mentions carry a role or honorific (``Mr
    Brown``, ``President Bush``), so ``French`` of ``French troops`` is not the critic
    Philip French named in one article."""
    n, roled = _one_word_counts(ms, "person")

    def test(word: str) -> bool:
        if wordfreq.zipf_frequency(word, "en") < COMMON_SURNAME_ZIPF:
            return True
        return roled[word] >= SURNAME_ROLES * n[word]

    return test


def _kinds(ms: list[_Mention], p: Pack) -> dict[str, str]:
    """The kind of each entity, from the pack's type, its roles, its words and contexts."""
    lists = _lists()
    types = p.types()
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in ms:
        v = votes[m.entity]
        v["n"] += 1
        v["person"] += m.person
        v["place"] += m.place_prep
        v["adj"] += m.adjectival
        # a surname merged into a full name ("Howard" -> "Michael Howard"), not a short
        # form or an acronym of an organisation ("the Institute", "LIFS")
        v["merged"] += (
            m.basis in ("article", "corpus")
            and m.entity != m.name
            and m.words[-1] == m.entity.lower().split()[-1]
        )
        v["acronym"] += m.acronym
        v["defines"] += m.defines is not None  # "Lumbridge Institute for ... (LIFS)"
    out = {}
    for entity, v in votes.items():
        words = entity.lower().split()
        last = lists.entity_words.get(words[-1].rstrip(".")) if words else None
        atype = types.get(entity)
        if atype:
            kind = _TYPE_KIND.get(atype, "other")
            if kind == "person" and any(lists.entity_words.get(w) for w in words):
                kind = "organisation"  # "Russian Defense Ministry"
        elif v["person"] and v["person"] >= 0.2 * v["n"]:
            kind = "person"
        elif last == "place" or entity.lower() in lists.places:
            kind = "place"
        elif last == "organisation" or v["defines"] or v["acronym"] >= 0.5 * v["n"]:
            kind = "organisation"
        elif v["merged"] and len(words) >= 2:
            kind = "person"
        elif (
            len(words) == 1 and words[0].endswith(_NATIONALITY_ENDINGS) and v["adj"] >= 0.5 * v["n"]
        ):
            kind = "nationality"
        elif v["place"] >= 0.5 * v["n"]:
            kind = "place"
        elif v["person"]:
            kind = "person"
        else:
            kind = "other"
        out[entity] = kind
    # "Labour" beside "Labour Party", "Acme" beside "Acme Corp": the organisation's name
    heads = {
        e.split()[0]
        for e, k in out.items()
        if k == "organisation"
        and len(e.split()) == 2
        and lists.entity_words.get(e.split()[1].lower().rstrip(".")) == "organisation"
    }
    for entity, kind in out.items():
        if kind == "other" and entity in heads:
            out[entity] = "organisation"
        if kind in ("other", "place", "person") and not types.get(entity) and _is_group(entity):
            singular = [(w, votes[w]) for w in _singulars(entity) if w in votes]
            if any(
                out.get(w) == "nationality" or (v["adj"] >= ADJECTIVAL * v["n"] and not v["person"])
                for w, v in singular
            ):
                out[entity] = "group"
    return out


def _is_group(entity: str) -> bool:
    """A capitalised plural of one word (``Tories``, ``Democrats``), no acronym."""
    return " " not in entity and entity.endswith("s") and not entity[:-1].isupper()


def _singulars(word: str) -> list[str]:
    """The forms whose plural ``word`` may be, adjectives included: ``Tories`` ->
    ``Tory``; ``Democrats`` -> ``Democrat``, ``Democratic``; ``Kurds`` -> ``Kurdish``.

    >>> _singulars("Tories")[:2], _singulars("Kurds")[-1]
    (['Tory', 'Torie'], 'Kurdish')
    """
    stem = word[:-1]
    out = [stem[:-2] + "y"] if word.endswith("ies") else []
    return [*out, stem, stem + "ic", stem + "ish"]


# --- public tables ----------------------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


_KEPT: dict[int, Pack] = {}  # every pack a key was made of, so that its id is never reused


def _pack_key(pack: PackLike) -> int:
    """The cache key of a pack: the loaded pack's identity, so that a pack's name and the
    pack it loads share one key (``"syria"`` and ``load_pack("syria")``: the notebooks
    pass both, and the mentions were built twice)."""
    p = load_pack(pack)
    _KEPT[id(p)] = p
    return id(p)


def mentions(corpus, *, pack: PackLike = "syria") -> pd.DataFrame:
    """Every name mention: one row each, in text order.

    Columns: ``doc_id, sent_id``, ``start, end`` (offsets in ``docs.text`` of the whole
    mention, role included), ``mention`` (its text: ``President Donald Trump``),
    ``name`` (without the role: ``Donald Trump``), ``role`` (``President``, ``Mr``,
    ``spokesman``; NA when none), ``name_start`` (where the name begins), ``entity``
    (the merged name), ``kind`` (``person``, ``organisation``, ``place``,
    ``nationality``, ``other``), ``basis`` (``pack``, ``name``, ``article``,
    ``corpus``, ``self``: see the module notes),
    ``first_token, last_token`` (``token_id`` of the name's first and last token in
    ``corpus.tokens()``).

    >>> mentions(corpus)[["mention", "entity", "basis"]].head(2)
      mention  entity basis
    0  Russia  Russia  self
    1  Syrian  Syrian  self
    """
    per = _CACHE.setdefault(corpus, {})
    key = _pack_key(pack)
    if key not in per:
        per[key] = _build(corpus, load_pack(pack))
    return per[key].copy()


def _build(corpus, p: Pack) -> pd.DataFrame:
    ms = _find(corpus, p)
    _merge(ms, p, _LOWER_WORDS.get(corpus, frozenset()))
    ms = [m for m in ms if m.entity]
    kinds = _kinds(ms, p)
    texts = corpus._texts
    df = pd.DataFrame(
        {
            "doc_id": pd.array([m.doc_id for m in ms], dtype="string"),
            "sent_id": np.array([m.sent_id for m in ms], dtype="int32"),
            "start": np.array([m.start for m in ms], dtype="int32"),
            "end": np.array([m.end for m in ms], dtype="int32"),
            "mention": pd.array(
                [" ".join(texts[m.doc_id][m.start : m.end].split()) for m in ms], dtype="string"
            ),
            "name": pd.array([m.name for m in ms], dtype="string"),
            "role": pd.array([m.role or None for m in ms], dtype="string"),
            "name_start": np.array([m.name_start for m in ms], dtype="int32"),
            "entity": pd.array([m.entity for m in ms], dtype="string"),
            "kind": pd.array([kinds[m.entity] for m in ms], dtype="string"),
            "basis": pd.array([m.basis for m in ms], dtype="string"),
            "first_token": np.array([m.first for m in ms], dtype="int32"),
            "last_token": np.array([m.last for m in ms], dtype="int32"),
        },
        columns=MENTION_COLUMNS,
    )
    return df
