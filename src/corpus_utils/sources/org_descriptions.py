"""``the company``, ``the firm``, ``the airline``: a business description resolved in its article.

Business news names a company once, often with a description before the name
(``Channel Tunnel operator Eurotunnel``, ``Irish airline Ryanair``, ``oil giant Shell``),
and then speaks of it as ``the company`` or ``the firm``. Rule-based coreference
systems resolve such definite descriptions to an earlier entity whose *kind* agrees
with the head noun, and prefer the most salient candidate (in a news article, the one
mentioned most). This module does both, after every rule of
:mod:`corpus_utils.sources.resolve` has failed:

1. the nearest earlier organisation written with the description's own head word just
   before its name (``Irish airline Ryanair`` for ``the airline``; the head words are
   ``resources/business_descriptions.txt``). Another business word is not enough: in
   ``security firm Sophos`` the firm is not ``the company`` of an article about
   Microsoft;
2. else the organisation the article mentions most before the description, when it is
   mentioned at least twice and more often than any other that fits.

A name fits when it is an organisation's (or one capitalised word of unknown kind that
names no person and is no surname), is not a news outlet (``told the BBC``), a state,
an official, military or monitoring body of the actor lexicon, and does not end in a
word that makes it another kind of organisation (``Ministry``, ``Party``, ``Court``:
``resources/not_business_words.txt``). A tie, or nothing that fits, leaves the
description unresolved.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING

from .. import resources
from .speaker_tokens import _NP, _lexicon, _Speaker
from .speakers_np import _org_words

if TYPE_CHECKING:
    from .resolve import _Names, _Statement

_MAX_BACK = 60  # mentions read back from a description (a bounded look back)
_DESCRIPTOR_WORDS = 3  # lower-case words before a name read as its description
_NOT_FITTING_TYPES = frozenset("state official military monitor".split())


@cache
def business_heads() -> frozenset[str]:
    """``company``, ``firm``, ``group`` ... (``resources/business_descriptions.txt``)."""
    return resources.word_list("business_descriptions.txt")


@cache
def _not_business() -> frozenset[str]:
    return resources.word_list("not_business_words.txt")


def _descriptor(text: str, name_start: int) -> list[str]:
    """The lower-case words written just before a name (``Channel Tunnel operator``
    before ``Eurotunnel``: ``["operator"]``).

    >>> _descriptor("Channel Tunnel operator Eurotunnel", 24)
    ['operator']
    >>> _descriptor("said Eurotunnel", 5)
    ['said']
    """
    words = text[max(0, name_start - 60) : name_start].split()[-_DESCRIPTOR_WORDS:]
    out: list[str] = []
    for w in reversed(words):
        if not (w.isalpha() and w.islower()):
            break
        out.insert(0, w)
    return out


def _fits(at, j: int, persons: set[str]) -> bool:
    """Whether mention ``j`` may be a business (see the module notes)."""
    entity, kind = at.entity[j], at.kind[j]
    lex = _lexicon()
    if entity.lower() in lex.outlets or lex.actor_types.get(entity) in _NOT_FITTING_TYPES:
        return False
    words = entity.split()
    if words[-1].lower() in _not_business():
        return False
    if kind == "organisation":
        return True
    if kind != "other" or entity in persons:
        return False
    if len(words) == 1:
        return at.full_name(j) is None  # "Wenger" after "Arsene Wenger" is a person
    return any(w.lower() in _org_words() for w in words)  # "Acme Telecom Group"


def by_business(st: _Statement, np_: _NP, names: _Names | None) -> bool:
    """Resolve ``the company`` (a business head noun after ``the``) as the module notes
    say; False, leaving it unresolved, when nothing fits or two fit equally."""
    words = [t for t in np_.toks if not t.punct]
    at = names.at if names is not None else None
    if at is None or len(words) != 2 or words[0].low != "the":
        return False
    head = words[1].low
    if not words[1].text.islower() or head not in business_heads():
        return False
    text = getattr(names.corpus, "_texts", {}).get(names.doc_id, "")
    persons = {e for _, e in at.persons}
    k = bisect_right(at.starts, np_.start - 1)
    fitting = [j for j in range(max(0, k - _MAX_BACK), k) if _fits(at, j, persons)]
    exact = [j for j in fitting if head in _descriptor(text, at.name_starts[j])]
    entity = at.entity[exact[-1]] if exact else None
    if entity is None:
        counts = Counter(at.entity[j] for j in fitting).most_common(2)
        top = counts[0] if counts else None
        if top is None or top[1] < 2 or (len(counts) > 1 and counts[1][1] == top[1]):
            return False
        entity = top[0]
    sp = st.speaker
    atype = _lexicon().actor_types.get(entity) or sp.source_type
    st.speaker = _Speaker(entity, atype, sp.speaker_text, sp.how, False, sp.refers, sp.types)
    st.resolved_by = "antecedent"
    return True
