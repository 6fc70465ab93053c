"""Persons a pronoun or a person description may stand for, by position in the article.

Who was named since the statement before and where (a name that opens a sentence is its
subject and may be ``he``; one inside a sentence is not), who spoke, the one person
named in a window, the person opening the pronoun's own sentence, and an honorific of
the other gender that rules a person out. Used by :mod:`corpus_utils.sources.resolve`.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache
from typing import TYPE_CHECKING

from .. import resources
from ..prepare.tokenization import fold
from . import entities
from .speaker_names import _seen_with
from .speaker_tokens import (
    _DETERMINERS,
    _MAX_HEAD_MENTIONS,
    _MENTION_SENTENCES,
    _NP,
    _lexicon,
    _Speaker,
)
from .speakers_np import _org_words

if TYPE_CHECKING:
    from .resolve import _Names, _Statement


def _named_between(
    prev: _Statement, st: _Statement, names: _Names | None, source: str | None
) -> bool:
    """Whether another person is named in a sentence between the sentence of ``prev``
    and that of ``st`` (names quoted in ``st``'s own sentence do not count)."""
    if names is None or names.at is None or source is None or prev.sent_id + 1 >= st.sent_id:
        return False
    lo = names.sent_starts.get(prev.sent_id + 1)
    hi = names.sent_starts.get(st.sent_id)
    if lo is None or hi is None:
        return False
    others = names.at.other_names(lo, hi, source)
    # a name that opens its sentence may be "he"; one named inside it ("patched things up
    # with actress Brigitte Nielsen", "stars Robert De Niro") is not the one spoken of
    return others is None or any(
        _opens_sentence(names, names.at.starts[j]) and not _same_person(names.at.entity[j], source)
        for j in others
    )


def _same_person(entity: str, full: str | None) -> bool:
    """Whether a mention's entity is ``full`` or its surname (``Hoffman`` for ``Dustin
    Hoffman``: an article's later mentions may keep the surname as their entity)."""
    return bool(full) and (entity == full or full.endswith(f" {entity}"))


_SENTENCE_OPENERS = frozenset("but and so then however meanwhile also".split())
_MAX_ROLE_PREFIX = 2  # lower-case words of a role before a name ("Feminist icon")


_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}


@cache
def _honorific_genders() -> dict[str, str]:
    """``mr`` -> ``male``, ``mrs`` -> ``female`` (``resources/honorifics.csv``)."""
    hon = resources.table("honorifics.csv")
    return {
        t.strip().lower().rstrip("."): g
        for t, g in zip(hon["term"], hon["gender"], strict=True)
        if g.strip()
    }


def _gender_clash(sp: _Speaker, entity: str | None, names: _Names | None) -> bool:
    """Whether ``he``/``she`` cannot be ``entity``: the article writes that person with
    an honorific of the other gender (``Mr Lush`` for ``she``), or the corpus gives that
    person the other gender (``names.genders``, :mod:`corpus_utils.sources.gender`)."""
    words = sp.speaker_text.lower().split()
    want = _PRONOUN_GENDER.get(words[0]) if len(words) == 1 else None
    at = names.at if names is not None else None
    if want is None or not entity or at is None:
        return False
    learned = getattr(names, "genders", None) or {}
    if learned.get(entity, want) != want:
        return True
    genders = _honorific_genders()
    for e, role in zip(at.entity, at.role, strict=False):
        if role and (e == entity or entity.endswith(f" {e}")):
            g = genders.get(role.split()[0].lower().rstrip("."))
            if g is not None and g != want:
                return True
    return False


def _by_sentence_subject(st: _Statement, np_: _NP, names: _Names | None) -> bool:
    """``he``/``she`` inside a sentence that a person's name opens: that person
    (``Feminist icon Germaine Greer quit the show over what she called "bullying"``)."""
    at = names.at if names is not None else None
    begin = names.sent_starts.get(st.sent_id) if names is not None else None
    if at is None or begin is None or np_.start <= begin:
        return False
    k = bisect_right(at.starts, begin - 1)
    if k >= len(at.starts) or at.starts[k] >= np_.start:
        return False
    entity = at.entity[k]
    if not (at.kind[k] == "person" and " " in entity) and not _may_be_persons(at.kind[k], entity):
        return False
    if at.kind[k] != "person" and _written_as_place(names, entity):
        return False  # "Al Bab is strategically important ... he told AFP": not Al Bab
    if not _opens_sentence(names, at.starts[k]) or _gender_clash(st.speaker, entity, names):
        return False
    sp = st.speaker
    st.speaker = _Speaker(entity, None, sp.speaker_text, sp.how, True, sp.refers, sp.types)
    st.resolved_by = "antecedent"
    return True


_PLACE_BEFORE = ("in", "on", "at", "near", "into", "outside", "around", "across", "towards")


def _written_as_place(names: _Names, entity: str) -> bool:
    """Whether the article writes a name of unknown kind after a preposition of place
    (``on Al Bab``, ``in Al Bab``): a place, not a person ``he`` may stand for."""
    text = getattr(names.corpus, "_texts", {}).get(names.doc_id, "")
    return any(f" {w} {entity}" in text for w in _PLACE_BEFORE)


def _opens_sentence(names: _Names, pos: int) -> bool:
    """Whether the mention at offset ``pos`` is its sentence's subject by position: only
    an opening conjunction, a determiner, capitalised words and at most two lower-case
    role words come before it (``But Hollywood legend``, ``Feminist icon``), no function
    word (``On Friday police arrested``) and no punctuation."""
    if not names.sent_starts:
        return False
    if names.sorted_starts is None:
        names.sorted_starts = sorted(names.sent_starts.values())
    k = bisect_right(names.sorted_starts, pos) - 1
    begin = names.sorted_starts[k] if k >= 0 else 0
    text = getattr(names.corpus, "_texts", {}).get(names.doc_id, "")
    words = fold(text[begin:pos]).strip("\"'`“‘ ").split()
    if words and words[0].lower() in _SENTENCE_OPENERS:
        words = words[1:]
    if words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    n_lower = 0
    stop = _lexicon().boundary
    prev_cap = False
    for w in words:
        if prev_cap and w in ("and", "&"):
            continue  # coordinated subjects: "Wim Kok and Ana Ruiz met"
        w = w.rstrip(",") if prev_cap else w  # "Wim Kok, Ana Ruiz and ..."
        if not w.replace("-", "").replace("'", "").isalnum() or w.lower() in stop:
            return False
        prev_cap = w[:1].isupper() and not n_lower
        if w[:1].islower():
            n_lower += 1
        elif n_lower:
            return False  # a capitalised word after a lower-case one: no role
    return n_lower <= _MAX_ROLE_PREFIX


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
    spoke = getattr(history, "spoke", set())  # a _History keeps who spoke
    found |= _speakers_named(names.at, lo, np_.start, spoke)  # who spoke is a candidate too
    unknown = _unknown_full_names(names.at, lo, np_.start, spoke, found)
    if len(found | unknown) > 1:
        # several: the one that opens a sentence (its subject) is the one spoken of
        subjects = _subjects_named(names, lo, np_.start, found | unknown)
        if len(subjects & found) > 1 and _opens_sentence(names, np_.start):
            # "Ann Holt spoke. Mr Reyes quit. He said": a subject pronoun continues the
            # subject of the nearest sentence a known person opens (one person there
            # only; a name of unknown kind there leaves it open)
            nearest = _subjects_named(names, lo, np_.start, subjects, nearest=True)
            subjects = nearest if nearest <= found else subjects
        if len(subjects) == 1:
            found, unknown = subjects, set()
    if found and unknown:
        return False  # "John Baird met Tom Reyes": two who may be "he"
    if not found and not history:
        found = unknown  # "Charles Kennedy spoke on Sunday. ... he asked": nobody spoke yet
    if len(found) != 1 or _gender_clash(sp, next(iter(found)), names):
        return False
    entity = found.pop()
    atype = _lexicon().actor_types.get(entity)
    st.speaker = _Speaker(entity, atype, sp.speaker_text, sp.how, True, sp.refers, sp.types)
    st.resolved_by = "antecedent"
    return True


def _subjects_named(
    names: _Names, lo: int, hi: int, cands: set[str], nearest: bool = False
) -> set[str]:
    """Those of ``cands`` with a mention in ``[lo, hi)`` that opens its sentence; with
    ``nearest``, only those opening the last such sentence before ``hi``."""
    at = names.at
    out: set[str] = set()
    if at is None:
        return out
    k = bisect_right(at.starts, lo - 1)
    last = min(len(at.starts), k + _MAX_HEAD_MENTIONS)
    begin = None
    while k < last and at.starts[k] < hi:
        same = [c for c in cands if _same_person(at.entity[k], c)]
        if len(same) == 1 and _opens_sentence(names, at.starts[k]):
            here = _sentence_begin(names, at.starts[k])
            if nearest and here != begin:
                out, begin = set(), here  # a later sentence: its subject replaces
            out.add(same[0])
        k += 1
    return out


#: the head nouns of the descriptions that :func:`_organisation_subject` resolves: an
#: organisation of any beat ("the firm", "the group", "the body"), not a part of one nor
#: a document or a government ("the report", "the committee", "the government")
_GENERIC_ORGANISATION = frozenset(
    "company firm group organisation organization body bank agency charity insurer "
    "network broadcaster union federation association coalition opposition monitor "
    "watchdog regulator retailer airline carrier operator club".split()
)


def _organisation_subject(names: _Names, lo: int, np_: _NP, spokes: bool = False) -> str | None:
    """``And the United Nations has raised concern ... It said``: the organisation that
    opens the sentence just before a pronoun or description opening its own sentence
    (``It``, ``the firm``: :data:`_GENERIC_ORGANISATION`), within ``[lo, np_.start)``.
    A sentence before it opened by no name, a person, a place, two names, or a name of
    unknown kind with no organisation word leave it open (None)."""
    at = names.at
    words = [t.low for t in np_.toks]
    generic = words[-1] in _GENERIC_ORGANISATION or words == ["it"]
    if not (generic or spokes):  # spokes: "A spokesman said", checked by the caller
        return None  # "the report", "the government", "the select committee": not these
    if any(t.cap for t in np_.toks[1:]):
        return None  # "The Reporters Without Borders group": it names itself
    if at is None or not _opens_sentence(names, np_.start):
        return None
    text = getattr(names.corpus, "_texts", {}).get(names.doc_id, "")
    if text[np_.toks[-1].end :][:2] in ("'s", "\u2019s"):
        return None  # "It's all well and good ...": no one
    begin = _sentence_begin(names, np_.start)
    k = bisect_right(at.starts, lo - 1)
    last = min(len(at.starts), k + _MAX_HEAD_MENTIONS)
    persons = {e for _, e in at.persons}
    best: tuple[int, set[str]] | None = None
    while k < last and at.starts[k] < np_.start:
        pos = at.starts[k]
        if pos < begin and _opens_sentence(names, pos):
            here = _sentence_begin(names, pos)
            if best is None or here != best[0]:
                best = (here, set())
            entity, kind = at.entity[k], at.kind[k]
            org_word = entity.split()[-1].lower() in _org_words()
            known = kind == "organisation" or (kind == "other" and org_word)
            # a person, a place, a name of unknown kind with no organisation word
            # ("Carol Lam", "Borussia Dortmund"): the sentence's subject is not known
            best[1].add(entity if known and entity not in persons else "")
        k += 1
    if best is None or len(best[1]) != 1 or "" in best[1]:
        return None
    starts = names.sorted_starts or []
    k = bisect_right(starts, begin - 1)
    if k == 0 or starts[k - 1] != best[0]:
        return None  # "But the Treasury said ... In January the IFS said ... It": not next
    return next(iter(best[1]))


def _sentence_begin(names: _Names, pos: int) -> int:
    """The offset where the sentence holding offset ``pos`` begins."""
    if names.sorted_starts is None:
        names.sorted_starts = sorted(names.sent_starts.values())
    k = bisect_right(names.sorted_starts, pos) - 1
    return names.sorted_starts[k] if k >= 0 else 0


def _speakers_named(
    at: entities.ArticleNames, lo: int, hi: int, spoke: set[str | None]
) -> set[str]:
    """Persons' names (a person's, or two or more words of unknown kind with no
    organisation word) mentioned in ``[lo, hi)`` that have spoken in the article
    (``Jackie Stallone said: ...``): candidates for ``she`` beside the persons found."""
    k = bisect_right(at.starts, lo - 1)
    out: set[str] = set()
    while k < len(at.starts) and at.starts[k] < hi and len(out) < 3:
        name = at.entity[k]
        if name in spoke and (at.kind[k] == "person" or _may_be_persons(at.kind[k], name)):
            out.add(name)
        k += 1
    return out


def _may_be_persons(kind: str, name: str) -> bool:
    """A name of unknown kind that may be a person's: two or more words, the last no
    organisation word (``John Baird``, not ``Supreme Council``)."""
    if kind != "other" or " " not in name:
        return False
    last = name.split()[-1].lower()
    return last not in _org_words() and last not in _lexicon().descriptions


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
        if name not in spoke and name not in found and _may_be_persons(at.kind[k], name):
            out.add(name)
        k += 1
    return out


_SEEN_CHARS = 120  # a description's modifier counts as seen this near a person's mention


def _modifiers_seen(st: _Statement, np_: _NP, names: _Names | None) -> bool:
    """Whether each capitalised word of a person description (``Arsenal`` in ``the
    Arsenal boss``, ``Russian`` in ``the Russian leader``) is written near an earlier
    mention of the person it was resolved to (``Russian`` matches ``Russia``)."""
    mods = [t.text for t in np_.toks if t.text[:1].isupper() and t.low not in _DETERMINERS]
    if not mods:
        return True
    at = names.at if names is not None else None
    src = np_.toks[0].src
    near: set[str] = set()
    source = st.speaker.source or ""
    if at is not None and src:
        for j, entity in enumerate(at.entity):
            if at.starts[j] >= np_.start:
                break
            if _same_person(entity, source):  # "Wenger" for "Arsene Wenger"
                end = min(at.ends[j] + _SEEN_CHARS, np_.start)  # not the description itself
                window = src[max(0, at.starts[j] - _SEEN_CHARS) : end]
                near.update(fold(window).lower().replace("'s", " ").split())
    return all(_seen_with(m, near) for m in mods)


# --- organisations a description stands for ------------------------------------------------

#: Description types an organisation of the lexicon may be found by alone: an article
#: seldom names two monitors or two news agencies, but often two governments or armies.
_TYPES_ALONE = frozenset("monitor agency media".split())


def _by_organisation_name(st: _Statement, np_: _NP, names: _Names | None) -> bool:
    """``the observatory``, ``the monitor``, ``the Britain-based organisation``: the one
    organisation named earlier in the article with the description's head word among
    the words of its name (``the Syrian Observatory for Human Rights``), else the one
    of a type the description names that the lexicon knows it by (``SOHR`` is a
    monitor; only monitor, agency and media descriptions, or those types of one placed
    somewhere, ``the Britain-based organisation``); its capitalised words must be seen in
    that name. Two or more: False."""
    sp = st.speaker
    words = [t for t in np_.toks if not t.punct]
    if sp.refers != "organisation" or names is None or names.at is None or len(words) < 2:
        return False
    if words[0].low not in ("the", "this") or not words[-1].text.islower():
        return False
    at = names.at
    k = bisect_right(at.starts, np_.start - 1)
    mods = [t.text for t in words[1:-1] if t.text[:1].isupper() and not _located(t.low)]
    head = words[-1].low
    found = {
        at.entity[j]
        for j in range(max(0, k - _MAX_HEAD_MENTIONS), k)
        if at.kind[j] in ("organisation", "other")
        and _head_in_name(head, at.names[j], at.kind[j] == "organisation")
    }
    entity = found.pop() if len(found) == 1 else None
    # "the Britain-based organisation": an organisation placed so is looked for among the
    # monitors, agencies and media its types allow
    located = any(_located(t.low) for t in words[1:-1])
    alone = set(sp.types) & _TYPES_ALONE if located else set(sp.types)
    if entity is None and alone and alone <= _TYPES_ALONE:
        types = _lexicon().actor_types
        found = {
            at.entity[j]
            for j in range(max(0, k - _MAX_HEAD_MENTIONS), k)
            if at.kind[j] != "person" and types.get(at.entity[j]) in alone
        }
        entity = found.pop() if len(found) == 1 else None
    words_of = set(fold(entity or "").lower().replace("-", " ").split())
    if entity is None or not all(_seen_with(m, words_of) for m in mods):
        return False  # "the Kurdish Asayesh security forces" are no "Syrian Democratic Forces"
    atype = _lexicon().actor_types.get(entity) or sp.source_type
    st.speaker = _Speaker(entity, atype, sp.speaker_text, sp.how, False, sp.refers, sp.types)
    st.resolved_by = "antecedent"
    return True


def _located(low: str) -> bool:
    """``Britain-based``, ``based``: where an organisation sits, not part of its name."""
    return low == "based" or low.endswith("-based")


def _head_in_name(head: str, name: str, organisation: bool = True) -> bool:
    """Whether a description's head word is a word of an organisation's name of two or
    more words, after its first word or first before ``of``/``for`` (``the observatory``:
    ``Syrian Observatory for Human Rights``; ``the bank``: ``Bank of Mexico``; not the
    ``Monitor AFP`` of a flattened dateline). A name of unknown kind must read as an
    organisation's: ``of``/``for`` in it, or an organisation word ending it (not the
    ``YouTube Opposition`` of a flattened caption)."""
    words = name.casefold().split()
    if len(words) < 2 or head not in words:
        return False
    k = words.index(head)
    if not (k > 0 or words[1] in ("of", "for")):
        return False
    return organisation or "of" in words or "for" in words or words[-1] in _org_words()
