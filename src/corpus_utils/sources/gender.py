"""Persons' grammatical gender learned from the corpus, and ``he``/``she`` resolved by it.

No name list is downloaded: a person's gender is what the corpus itself says of them.

- *Honorifics*: a mention written with ``Mr``, ``Sir``, ``Lord`` or with ``Mrs``, ``Ms``,
  ``Miss``, ``Lady``, ``Dame`` (``resources/honorifics.csv``, its ``gender`` column) is
  evidence for that gender (worth :data:`HONORIFIC_VOTES` pronouns).
- *Pronouns after a subject*: when a person's mention opens its sentence (its subject
  by position), the first third-person singular pronoun in the rest of that sentence and
  the next one (``he``, ``his``, ``himself`` / ``she``, ``her``, ``hers``,
  ``herself``; capitalised only where it opens a sentence, not in a title such as ``She
  Hate Me``) is one vote, unless another name or a quotation mark comes first (``Ann
  Holt praised Tom Reyes's "courage in keeping his word"``: no vote). Corpus counts of
  which pronouns follow a name are how coreference systems have learned gender without
  name lists (Bergsma and Lin's 2006 gender counts); here they are read without a parser.

Votes from mentions written with the full name (``Jane Moss``) are pooled over the whole
corpus; those of a surname (``Moss``, ``Ms Moss``) count only in their own article, since
the corpus merges surnames with full names of other articles (``Mr Knight`` of one story
and ``Beverley Knight`` of another). A gender is assigned only when one side has
:data:`MIN_VOTES` or more and at least :data:`MAJORITY` times the other's votes;
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

# "him" is left out: an object pronoun is seldom its own clause's subject ("Janie
# Hendrix said the road would be named after him": her brother)
_PRONOUN = re.compile(r"\b(he|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
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


def _votes(names: _Names, corpus: dict[str, list[int]], local: dict[str, list[int]]) -> None:
    """Add one article's evidence (full name -> [male, female]): to ``corpus`` from the
    mentions written with the full name, to ``local`` (this article only) from the others.

    A surname is merged with a full name across the corpus (``Mr Knight`` of one article
    and ``Beverley Knight`` of another, ``Lord Justice May`` and ``Theresa May``): its
    evidence counts only in its own article, where the surname is that person's."""
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
        written = at.names[j] if j < len(at.names) else ""
        votes = corpus if " " in full and written.casefold() == full.casefold() else local
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
        if hit is not None and _a_pronoun(names, text, hit.start()):
            votes[full][_GENDER_OF[hit.group(1).lower()] == "female"] += 1


def _a_pronoun(names: _Names, text: str, pos: int) -> bool:
    """Whether the word at ``pos`` is a pronoun: lower case, or capitalised where it
    opens its sentence (``The She Hate Me director``: a title, no vote)."""
    if text[pos].islower():
        return True
    return not text[_sentence_start(names, pos) : pos].strip(" \"'\u201c\u2018(")


class Genders:
    """The genders one article reads: the corpus's votes plus the article's own.

    ``get(name, default)`` as a dict's (``"male"``, ``"female"`` or ``default``)."""

    def __init__(self, corpus: dict[str, list[int]], local: dict[str, list[int]]) -> None:
        self.corpus, self.local = corpus, local

    def __bool__(self) -> bool:
        return bool(self.corpus or self.local)

    def get(self, name: str | None, default: str | None = None) -> str | None:
        m, f = self.corpus.get(name, (0, 0))
        lm, lf = self.local.get(name, (0, 0))
        return _decide(m + lm, f + lf) or default


def _decide(m: int, f: int) -> str | None:
    """``male``/``female`` when one side has enough votes and a clear majority."""
    if m >= MIN_VOTES and m >= MAJORITY * f:
        return "male"
    if f >= MIN_VOTES and f >= MAJORITY * m:
        return "female"
    return None


def person_genders(all_names: dict[str, _Names]) -> dict[str, Genders]:
    """Each article's :class:`Genders` (see the module notes): votes pooled over the
    corpus from full names, and the article's own from its other mentions.

    ``all_names``: each article's :class:`~corpus_utils.sources.resolve._Names`.
    """
    corpus: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    local: dict[str, dict[str, list[int]]] = {}
    for doc_id, names in all_names.items():
        local[doc_id] = defaultdict(lambda: [0, 0])
        _votes(names, corpus, local[doc_id])
    shared = dict(corpus)
    return {doc_id: Genders(shared, dict(v)) for doc_id, v in local.items()}


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
