"""Reporting cues in a sentence and the speaker each one points to.

:func:`_find_cues` finds the cue words of ``resources/reporting_verbs.csv`` (a verb, a
participle, ``according to``, ``issued a statement``), :func:`_colon_cue` a colon that
introduces a quotation, and :func:`_left_speakers` / :func:`_subject` the noun phrases
that speak: before the cue, after a closing quotation mark (inverted), or the clause's
subject. The rules are described in :mod:`corpus_utils.sources.attribution`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import wordfreq

from ..prepare.voices import DOUBLE_MARKS, SINGLE_MARKS
from . import entities
from .name_finding import NAME_WORD_ZIPF
from .speaker_tokens import (
    _APPOSITIVE_COMMAS,
    _COLON,
    _COORDINATED,
    _DETERMINERS,
    _INVERTED,
    _NP,
    _OBJECT_PREPS,
    _OF_PREPS,
    _lexicon,
    _Sent,
    _Tok,
)
from .speakers_np import (
    _coordinated_back,
    _coordinated_forward,
    _identify,
    _is_role_word,
    _np_back,
    _np_forward,
    _org_words,
    _person_name,
)

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


_FIRST_WORDS: dict[int, tuple[object, frozenset]] = {}


def _first_words(lex) -> frozenset:
    """The first words of the lexicon's cues, worked out once per lexicon."""
    got = _FIRST_WORDS.get(id(lex.cues))
    if got is None or got[0] is not lex.cues:
        got = _FIRST_WORDS[id(lex.cues)] = (lex.cues, frozenset(w[0] for w in lex.cues))
    return got[1]


def _find_cues(T: list[_Tok], has_speech: bool) -> list[_Cue]:
    lex = _lexicon()
    firsts = _first_words(lex)
    out: list[_Cue] = []
    i = 0
    n = len(T)
    while i < n:
        if T[i].voice != "narration":
            # '"... in the open field said Kirkuki."': a tag the writer left inside the
            # quotation marks, a verb and the name that ends the quotation
            k = _tag_in_quotation(T, i)
            if k:
                out.append(_Cue("verb", lex.cues[(T[i].low,)][1], i, i + 1, T[i].text, *k))
            i += 1
            continue
        hit = None
        if T[i].low not in firsts:  # no cue starts with this word: no tuple to look up
            i += 1
            continue
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


_SENTENCE_END = frozenset(".!?")
# cues that take no object: a name after them is their speaker ("said Mr Straw."), where
# after "told", "asked" or "accused" it is whom they address ("told The New Arab.")
_NO_OBJECT = frozenset(
    "said added wrote claimed stressed recalled noted insisted explained contended "
    "concluded argued remarked continued observed replied responded declared".split()
)


def _final_name(T: list[_Tok], j: int) -> _NP | None:
    """The name just after a cue when it ends its sentence or its quotation (``, said Mr
    Straw.``, ``... attacks said Kirkuki.``): a noun phrase of capitalised words that
    names someone (not ``Sunday``); None otherwise."""
    np_ = _np_forward(T, j)
    if np_ is None or np_.toks[0].k != j:
        return None
    end = np_.toks[-1].k + 1
    if end < len(T) and T[end].text not in _SENTENCE_END and not T[end].mark:
        # "said Rami Abdel Rahman of the Syrian Observatory ...": a person's name and
        # what they belong to close the sentence (no cue after it)
        of_org = T[end].low == "of" and _person_name(np_)
        # "..., said David Theriault, standards and regulatory liaison for Ubisense.": a
        # person's name, then a lower-case appositive that closes the sentence
        appositive = (
            T[end].text == ","
            and end + 1 < len(T)
            and T[end + 1].text[:1].islower()
            and _person_name(np_)
        )
        if not ((of_org or appositive) and _no_cue_after(T, end)):
            return None
    words = [t for t in np_.toks if not t.punct]
    if not words or not all(t.cap or t.actor or t.low in _lexicon().particles for t in words):
        return None
    if _identify(np_).how != "named" or not entities.is_name(np_.text):
        return None
    return np_


def _no_cue_after(T: list[_Tok], k: int) -> bool:
    """Whether no reporting verb follows token ``k`` in its sentence."""
    cues = _lexicon().cues
    return not any((t.low,) in cues for t in T[k:])


def _names_nobody(np_: _NP) -> bool:
    """Whether a noun phrase names no speaker: no name, pronoun or description
    (``such surprise attacks``), or capitalised words that are no name (``March``)."""
    how = _identify(np_).how
    return how == "other" or (
        how == "named" and not any(t.actor for t in np_.toks) and not entities.is_name(np_.text)
    )


def _inverted_tag(T: list[_Tok], i: int, end: int) -> bool:
    """Whether the cue ``T[i:end]`` takes no object and a name after it ends the sentence."""
    cue = _lexicon().cues.get(tuple(t.low for t in T[i:end]))
    return cue is not None and cue[1] in _NO_OBJECT and _final_name(T, end) is not None


def _tag_in_quotation(T: list[_Tok], i: int) -> tuple[int, int] | None:
    """``(start, end)`` of a one-word reporting verb at ``i`` inside a quotation that a
    name closes (``"... in the open field said Kirkuki."``), else None."""
    lex = _lexicon()
    cue = lex.cues.get((T[i].low,))
    if cue is None or cue[0] != "verb" or cue[1] not in _NO_OBJECT or i == 0:
        return None
    if T[i - 1].voice == "narration":
        return None
    if T[i - 1].punct or T[i - 1].mark:
        return None  # '"Yes," said Ann Lee, "..."': the verb opens no inner tag
    np_ = _final_name(T, i + 1)
    if np_ is None:
        return None
    end = np_.toks[-1].k + 1
    if end < len(T) and T[end].text in _SENTENCE_END:
        end += 1
    if end < len(T) and not T[end].mark:
        return None
    return T[i].start, T[i].end


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


def _left_speakers(T: list[_Tok], i: int, end: int | None = None) -> list[_NP] | str | None:
    """Speakers before the cue at token ``i`` (ending before token ``end``); or
    ``_INVERTED``/``_COORDINATED``.

    Inverted too: a cue inside a quotation (:func:`_tag_in_quotation`), and a cue that a
    name after it closes the sentence with when a comma comes before the cue (``...
    would be the key themes, said Mr Straw.``) or when the words before it name nobody
    (FA-KES text that lost its commas: ``... such surprise attacks said Kirkuki.``).
    """
    lex = _lexicon()
    end = i + 1 if end is None else end
    if T[i].voice != "narration":
        return _INVERTED
    j = i - 1
    # a passive word before a cue that passed (only "is quoted as saying" does) is skipped
    while j >= 0 and (T[j].low in lex.skip or T[j].low in lex.passive):
        j -= 1
    j = _before_dashes(T, j)
    if j < 0:
        # "... a transition?" said Mohamad Sabra: the quotation ended the sentence before
        return _INVERTED if T and _after_closing_mark(T[0]) else None
    if T[j].mark:
        return _INVERTED
    if T[j].low in ("and", "but", "or"):
        return _COORDINATED
    if (T[j].low in lex.pronouns or T[j].low in lex.relatives) and not _acronym(T[j]):
        return [_NP([T[j]])]
    if T[j].text == ",":
        if (j > 0 and T[j - 1].mark) or _inverted_tag(T, i, end):
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
            if n == 0 and np_ is not None and (_role_before_name(np_) or _role_of(T, np_)):
                inner = _appositive_name(T, k, j)
                if inner is not None and _person_name(inner):
                    return [inner]  # "The Shadow Secretary for the Family, Theresa May, said"
            if np_ is not None and _identify(np_).how in ("named", "anonymous"):
                return [np_]
            if n == 0 and np_ is not None and (inner := _appositive_name(T, k, j)):
                return [inner]  # "her lawyer, Perry Wander, said": the name between commas
            fallback = fallback or np_
        return [fallback] if fallback is not None else None
    np_ = _np_back(T, j)
    if np_ is None:
        return None
    if _names_nobody(np_) and _inverted_tag(T, i, end):
        return _INVERTED  # "... such surprise attacks said Kirkuki."
    if _after_preposition(T, np_) and _inverted_tag(T, i, end) and _ends_sentence(T, end):
        return _INVERTED  # "... a village south of Jarabulus said Rami Abdel Rahman."
    name = _name_before_role(T, np_)
    if name is not None:
        return [name]
    person = _person_of_organisation(T, np_)
    if person is not None:
        return [person]
    subject = _subject_over_object(T, np_, i)
    if subject is not None:
        return subject
    coords = _coordinated_back(T, np_, np_.toks[0].k)
    head = _person_head_of(T, coords)
    return [head] if head is not None else coords


_PLACE_PREPOSITIONS = frozenset("of in at from near to into on across outside inside".split())


def _after_preposition(T: list[_Tok], np_: _NP) -> bool:
    """Whether a noun phrase follows a preposition (``south of Jarabulus``, ``in
    Aleppo``): the object of a phrase, not a subject that speaks."""
    k = np_.toks[0].k - 1
    return k >= 0 and T[k].low in _PLACE_PREPOSITIONS


def _ends_sentence(T: list[_Tok], j: int) -> bool:
    """Whether the name after the cue ending at ``j`` closes the sentence itself, not a
    quotation or clause after it (``... group says Daesh "mined ..."``: Daesh is the
    subject of what was said)."""
    np_ = _final_name(T, j)
    if np_ is None:
        return False
    end = np_.toks[-1].k + 1
    while end < len(T) and T[end].low != "." and not T[end].mark:
        end += 1  # past "of the Syrian Observatory for Human Rights"
    return end >= len(T) or T[end].text in _SENTENCE_END


def _acronym(t: _Tok) -> bool:
    """An upper-case word of two or more letters (``WHO``, the World Health
    Organization): no pronoun or relative (``who``) however it folds."""
    return len(t.text) > 1 and t.text.isalpha() and t.text.isupper()


_DASHES = frozenset(["-", "--", "\u2014", "\u2013"])


def _before_dashes(T: list[_Tok], j: int) -> int:
    """The token before a parenthesis set off by dashes that ends at token ``j``
    (``Gerry Conlon - who was wrongly convicted - said``: the index of ``Conlon``);
    ``j`` itself when token ``j`` is no closing dash or no opening dash comes before it
    in the sentence."""
    if j < 1 or T[j].text not in _DASHES:
        return j
    for k in range(j - 1, 0, -1):
        if T[k].text in _DASHES:
            return k - 1
        if T[k].mark:
            break
    return j


def _role_before_name(np_: _NP) -> bool:
    """Whether a noun phrase before an appositive reads as a role: it opens with a
    determiner (``The Shadow Secretary of State for the Family``) or ends in a role
    word (``Acme's chief executive``)."""
    words = [t for t in np_.toks if not t.punct]
    return bool(words) and (words[0].low in _DETERMINERS or _is_role_word(words[-1].low))


def _person_of_organisation(T: list[_Tok], np_: _NP) -> _NP | None:
    """The person's name before ``of``/``from``/``at`` and the organisation before a cue
    (``Laura Brownlees of Save the Children said``, ``John Smith of the RSPB said``): the
    person speaks. An organisation's name with ``the`` inside (``Save the Children``) is
    read whole. None when the words before ``of`` are no person's name of two or more
    words (``the head of the Red Cross said`` stays with :func:`_person_head_of`)."""
    k = np_.toks[0].k - 1
    if np_.toks[0].low == "the" and k >= 0 and T[k].cap and not T[k].actor:
        k -= 1  # "Save" of "Save the Children"
    if k < 1 or T[k].low not in ("of", "from", "at"):
        return None
    before = _np_back(T, k - 1)
    if before is None or not _person_name(before) or before.toks[-1].k != k - 1:
        return None
    return before


def _role_of(T: list[_Tok], np_: _NP) -> bool:
    """Whether a noun phrase is the object of a person's role (``A spokesman for DLF
    Builders``, ``the lawyer of Acme``): the name in the commas after it is the role's
    holder, who speaks (``A spokesman for DLF Builders, Dr Vancheshwar, told``)."""
    k = np_.toks[0].k
    return k >= 2 and T[k - 1].low in ("for", "of", "at") and _is_role_word(T[k - 2].low)


def _person_head_of(T: list[_Tok], coords: list[_NP]) -> _NP | None:
    """The person description whose ``of`` governs the names before a cue (``The star
    of Rain Man and Tootsie said``: ``The star``; resolved later as descriptions are).
    None when there is none, or when a name is an organisation's (``the head of the
    Red Cross said``: the organisation speaks)."""
    first = coords[0].toks[0].k
    if first < 2 or T[first - 1].low != "of":
        return None
    head = _np_back(T, first - 2)
    words = [t for t in head.toks if not t.punct] if head is not None else []
    if len(words) < 2 or words[0].low not in _DETERMINERS:
        return None
    if _lexicon().descriptions.get(words[-1].low, ("", ()))[0] != "person":
        return None
    for c in coords:
        sp = _identify(c)
        if sp.person is False or c.toks[-1].low in _org_words() or sp.how != "named":
            return None
    return head


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
    if _place_then_person(np_):
        return None  # "the UN envoy for Syria Staffan de Mistura said": the person
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
    if _identify(subject[0]).how == "named":
        return subject
    words = [t for t in np_.toks if t.low not in _DETERMINERS]
    place = " ".join(t.low for t in words) in entities.place_words()
    named = bool(words) and all(t.cap or t.actor for t in words)
    # after "of", "for", or a spokesman "from", "at", "with" (a spokesperson from Icstis)
    # only a known place gives way; else anything but an organisation does ("an activist
    # from Deir Hafer")
    spokes = subject[0].toks[-1].low in _SPOKES_LIKE
    of_like = before in _OF_PREPS or (before in _MEMBER_PREPS and spokes)
    if named and (place if of_like else not _organisation_np(np_)):
        # "A regime source in Hassakeh told AFP", "The new health minister for Wales
        # says": the unnamed subject speaks, never the place after the preposition (it
        # stays unresolved); "A source at Aleppo Police Command told" keeps the command,
        # "The head of the Red Cross said" the organisation
        return subject
    return None


def _place_then_person(np_: _NP) -> bool:
    """A one-word place run together with a name of two or more capitalised words, none
    of them a lexicon actor or a common English word (wordfreq below
    :data:`NAME_WORD_ZIPF`: ``Syria Staffan de Mistura``, ``Idlib Leys el-Faris``, a
    scrape's lost comma): the name. Not ``Hama Human Rights Watch`` nor ``Aleppo Health
    Directorate``."""
    words = [t for t in np_.toks if t.low not in _DETERMINERS and not t.punct]
    rest = words[1:]
    caps = [t for t in rest if t.cap]
    return (
        len(caps) >= 2
        and words[0].low in entities.place_words()
        and rest[0].cap
        and rest[-1].cap
        and not any(t.actor for t in rest)
        and all(
            wordfreq.zipf_frequency(t.low.rsplit("-", 1)[-1], "en") < NAME_WORD_ZIPF for t in caps
        )
    )


_MEMBER_PREPS = frozenset("from at with".split())  # "a spokesperson from Icstis"
_SPOKES_LIKE = frozenset("spokesman spokeswoman spokesperson official representative".split())


def _organisation_np(np_: _NP) -> bool:
    """Whether a noun phrase names an organisation, not a place: its last word is an
    organisation word (``Police Command``, ``the Syrian army``), or it is an actor of
    the lexicon that is no state, or an outlet."""
    lex = _lexicon()
    last = np_.toks[-1].low.split("-")[-1]
    if last in _org_words() or lex.descriptions.get(last, ("", ()))[0] == "organisation":
        return True
    sp = _identify(np_)
    return sp.source_type is not None and sp.source_type != "state"


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
        if s == 0 and np_.toks[0].low in _DETERMINERS:
            return [np_]  # "The guitarist with Korn has quit, saying": unresolved
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
