"""Persons' grammatical gender learned from the corpus, and ``he``/``she`` resolved by it.

No name list is downloaded: a person's gender is what the corpus itself says of them.

- *Honorifics*: a mention written with ``Mr``, ``Sir``, ``Lord`` or with ``Mrs``, ``Ms``,
  ``Miss``, ``Lady``, ``Dame`` (``resources/honorifics.csv``, its ``gender`` column) is
  evidence for that gender (worth :data:`HONORIFIC_VOTES` pronouns).
- *Pronouns after a subject*: when a person's mention opens its sentence (its subject
  by position), the first third-person singular pronoun in the rest of that sentence and
  the next one (``he``, ``him``, ``his``, ``himself`` / ``she``, ``her``, ``hers``,
  ``herself``) is one vote, unless another name or a quotation mark comes first (``Ann
  Holt praised Tom Reyes's "courage in keeping his word"``: no vote). Corpus counts of
  which pronouns follow a name are how coreference systems have learned gender without
  name lists (Bergsma and Lin's 2006 gender counts); here they are read without a parser.

Votes are pooled over the whole corpus by the article's full name for the person
(``Moss`` counts for ``Jane Moss``). A gender is assigned only when one
side has :data:`MIN_VOTES` or more and at least :data:`MAJORITY` times the other's votes;
mixed or thin evidence leaves the person without one (never guessed).

:func:`by_gender` resolves ``he``/``she`` that every other rule of
:mod:`corpus_utils.sources.resolve` left unresolved, as Hobbs-style resolvers do: the
nearest earlier sentence subject within the window a pronoun reads (its own sentence and
the two before), skipping persons of the other gender; a subject of unknown gender, or
none, leaves it unresolved. Only a pronoun that opens its sentence or follows a closing
quotation mark (``"...," he said``) is resolved so (``Asked about the vote, he said``
is not). :func:`other_gender` tells the other rules that a candidate
is ruled out (``he`` never takes a person the corpus writes as ``she``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from typing import TYPE_CHECKING

from .antecedents import (
    _honorific_genders,
    _may_be_persons,
    _opens_sentence,
    _window_start,
)
from .speaker_tokens import _NP, _lexicon, _Speaker

if TYPE_CHECKING:
    from .resolve import _Names, _Statement

HONORIFIC_VOTES = 3  # one "Mrs Holt" outweighs two stray "he"s after her name
MIN_VOTES = 1
MAJORITY = 3  # one side needs three times the other's votes
_MAX_BACK = 12  # mentions read back from a pronoun (a bounded look back)

_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_GENDER_OF = {
    **dict.fromkeys(("he", "him", "his", "himself"), "male"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "female"),
}
_QUOTE_MARKS = frozenset('"\u201c\u201d\u2018\u2019`')
_QUOTE_MARK = re.compile('["\u201c\u201d`]')
_OTHER = {"male": "female", "female": "male"}


def _is_person(at, j: int) -> bool:
    """A person's mention, or one of unknown kind whose full name may be a person's."""
    return at.kind[j] == "person" or _may_be_persons(at.kind[j], _full(at, j))


def _full(at, j: int) -> str:
    """The article's full name for mention ``j`` (``Wenger`` -> ``Arsene Wenger``)."""
    return (at.full_name(j) if " " not in at.entity[j] else None) or at.entity[j]


def _next_sentence_end(names: _Names, pos: int, text: str) -> int:
    """Where the sentence after the one holding ``pos`` ends (the text's end if none)."""
    starts = names.sorted_starts or []
    k = bisect_right(starts, pos)  # starts[k] begins the next sentence
    return starts[k + 1] if k + 1 < len(starts) else len(text)


def _votes(names: _Names, votes: dict[str, list[int]]) -> None:
    """Add one article's evidence to ``votes`` (full name -> [male, female])."""
    at = names.at
    text = getattr(names.corpus, "_texts", {}).get(names.doc_id, "")
    if at is None or not text:
        return
    if names.sorted_starts is None:
        names.sorted_starts = sorted(names.sent_starts.values())
    honorifics = _honorific_genders()
    for j in range(len(at.starts)):
        if not _is_person(at, j):
            continue
        full = _full(at, j)
        role = at.role[j].split()[:1] if at.role[j] else []
        g = honorifics.get(role[0].lower().rstrip(".")) if role else None
        if g is not None:
            votes[full][g == "female"] += HONORIFIC_VOTES
        if not _opens_sentence(names, at.starts[j]):
            continue
        end = _next_sentence_end(names, at.starts[j], text)
        if j + 1 < len(at.starts):
            end = min(end, at.starts[j + 1])  # "Ann Holt praised Tom Reyes's ... his"
        mark = _QUOTE_MARK.search(text, at.ends[j], end)
        end = mark.start() if mark is not None else end  # a pronoun quoted is someone's
        hit = _PRONOUN.search(text, at.ends[j], end)
        if hit is not None:
            votes[full][_GENDER_OF[hit.group(1).lower()] == "female"] += 1


def person_genders(all_names: dict[str, _Names]) -> dict[str, str]:
    """``full name -> "male" | "female"`` over a corpus (see the module notes); persons
    with mixed or no evidence are left out.

    ``all_names``: each article's :class:`~corpus_utils.sources.resolve._Names`.
    """
    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for names in all_names.values():
        _votes(names, votes)
    out = {}
    for name, (m, f) in votes.items():
        if m >= MIN_VOTES and m >= MAJORITY * f:
            out[name] = "male"
        elif f >= MIN_VOTES and f >= MAJORITY * m:
            out[name] = "female"
    return out


def _wanted(sp: _Speaker) -> str | None:
    words = sp.speaker_text.lower().split()
    return _GENDER_OF.get(words[0]) if len(words) == 1 and words[0] in ("he", "she") else None


def by_gender(st: _Statement, np_: _NP, names: _Names | None) -> bool:
    """Resolve an unresolved ``he``/``she`` to the nearest earlier sentence subject of
    its gender (see the module notes); False, leaving it as it is, when there is none."""
    sp = st.speaker
    want = _wanted(sp)
    at = names.at if names is not None else None
    if want is None or at is None or not names.genders:
        return False
    text = getattr(names.corpus, "_texts", {}).get(names.doc_id, "")
    before = text[_sentence_start(names, np_.start) : np_.start].rstrip(" ,")
    if before and before[-1] not in _QUOTE_MARKS and not _opens_sentence(names, np_.start):
        return False  # "Asked about the vote, he said": not the subject of a cue
    lo = _window_start(st, np_, names)
    k = bisect_right(at.starts, np_.start - 1) - 1
    persons = {e for _, e in at.persons}
    subjects: dict[int, set[str]] = {}  # sentence start -> its subjects' full names
    for j in range(k, max(-1, k - _MAX_BACK), -1):
        pos = at.starts[j]
        if pos < lo:
            break
        if at.ends[j] > np_.start or not _opens_sentence(names, pos):
            continue
        begin = _sentence_start(names, pos)
        if _QUOTE_MARKS & set(text[begin:pos]):
            continue  # a name inside a quotation is no subject of the narration
        if not (_is_person(at, j) or at.entity[j] in persons):
            return False  # an organisation or place opens the sentence: not guessed past
        subjects.setdefault(begin, set()).add(_full(at, j))
    for begin in sorted(subjects, reverse=True):  # the nearest sentence first
        found = {names.genders.get(e) for e in subjects[begin]}
        if found == {_OTHER[want]}:
            continue  # "Jane Moss ... her matches. ... he said": not her
        fits = [e for e in subjects[begin] if names.genders.get(e) == want]
        if len(fits) != 1 or len(found) > 1:
            return False  # unknown or mixed, or two who fit ("Bob and Tom left"): open
        atype = _lexicon().actor_types.get(fits[0])
        st.speaker = _Speaker(fits[0], atype, sp.speaker_text, sp.how, True, sp.refers, sp.types)
        st.resolved_by = "antecedent"
        return True
    return False


def _sentence_start(names: _Names, pos: int) -> int:
    starts = names.sorted_starts or []
    k = bisect_right(starts, pos) - 1
    return starts[k] if k >= 0 else 0
