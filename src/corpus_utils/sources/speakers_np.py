"""Noun phrases read as speakers: walking a phrase back or forward from a cue.

:func:`_np_back` and :func:`_np_forward` find the noun phrase before or after a token
(names with particles, a bracketed acronym after a name, coordinated speakers), and
:func:`_identify` says what it is (a named person or organisation, a pronoun, a
description, an anonymous source) and names it through the actor lexicon and the outlet
list. The rules are described in :mod:`corpus_utils.sources.attribution`.
"""

from __future__ import annotations

from functools import cache

from .. import resources
from . import entities
from .speaker_tokens import (
    _CONNECTORS,
    _DEFINITE,
    _DETERMINERS,
    _MAX_NP_TOKENS,
    _MAX_PAREN_TOKENS,
    _NP,
    _NP_INNER,
    _OF_PREPS,
    _OPEN_BRACKETS,
    _POSSESSIVE,
    _QUANT_OF,
    _SPOKES,
    _is_person,
    _lexicon,
    _Speaker,
    _Tok,
)

_LEAD_ARTICLES = frozenset("The A An".split())  # a capitalised article opening a phrase


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
        elif t.in_name:
            toks.insert(0, t)  # "Theresa May"
        elif (low in lex.boundary or low in lex.pronouns or low in lex.relatives) and not (
            t.text.isupper() and len(t.text) > 1  # "The WHO said": no relative "who"
        ):
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
        if not head and not toks and t.text in _LEAD_ARTICLES:
            toks.append(t)  # "The head of the Red Cross said": "The" is no name
        elif t.actor or t.cap:
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
        elif head and not head_desc and toks[-1].cap and _owner_of_name(T, i, stop):
            toks.append(t)  # "said Iron Maiden's Bruce Dickinson", "Ladbrokes' Warren Lush"
        elif t.punct or t.mark:
            break
        elif low in lex.descriptions or last in lex.descriptions:
            if head and not head_desc:
                if _appositive_role(T, toks, i, stop):
                    break  # "said Rami Abdel Rahman director of the ...": comma lost
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
            if toks[:1] and toks[0].text in _LEAD_ARTICLES and "-" not in low:
                # "The raids hit Hass ...": after a sentence's opening article only
                # descriptions and hyphenated words ("The state-run SANA") lead to a name
                toks.append(t)
                break
            toks.append(t)
            n_lower += 1
        i += 1
    if not head:
        # "The guitarist with ... has quit, saying": the words stand, naming nobody
        opens = len(toks) > 1 and toks[0].low in _DETERMINERS and toks[0].text[:1].isupper()
        return _NP(toks) if opens else None
    return _NP(toks)


_APPOSITIVE_PREPS = frozenset("of at for with".split())


def _appositive_role(T: list[_Tok], toks: list[_Tok], i: int, stop: int) -> bool:
    """Whether the person's role word at ``i`` opens an appositive whose commas were lost
    (``Rami Abdel Rahman director of the Observatory``, ``Ann Roe head of the union``):
    a name of two or more capitalised words with no article before it, the role word,
    then a preposition. ``the UN envoy for Syria`` is a description, not a name."""
    if len(toks) < 2 or not all(t.cap for t in toks) or any(t.actor for t in toks):
        return False
    after = T[i + 1] if i + 1 < stop else None
    if after is None or after.low not in _APPOSITIVE_PREPS or not _is_role_word(T[i].low):
        return False
    # "Liberal Democrat spokeswoman for women Sandra Gidley said": the role's own name
    # closes the phrase (two capitalised words just before its end), so no appositive
    k = stop
    while k > i + 2 and T[k - 1].cap and not T[k - 1].punct:
        k -= 1
    return stop - k < 2


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
    in ``BT chief executive Ben Verwaayen``), also before a capitalised role and a name
    (``nationalist`` in ``Welsh nationalist MP Hywel Williams``); 0 when they do not."""
    for m in range(1, 4):
        k = i + m
        if k >= stop or not T[k - 1].text.isalpha() or not T[k - 1].text.islower():
            return 0
        if not (T[k].cap and T[k].text[:1].isupper()):
            continue
        if _is_role_word(T[k - 1].low):
            return m
        if k + 1 < stop and _is_role_word(T[k].low) and T[k + 1].cap:
            return m  # "Welsh nationalist MP Hywel Williams"
    return 0


def _owner_of_name(T: list[_Tok], i: int, stop: int) -> bool:
    """Whether the possessive at ``i`` joins an owner to a person's name after it:
    ``'s`` or an apostrophe glued to a plural (``Ladbrokes' Warren Lush``), then two or
    more capitalised words that end the phrase (``Iron Maiden's Bruce Dickinson``)."""
    t = T[i]
    glued = t.text in ("'", "’") and i > 0 and T[i - 1].end == t.start
    if not (t.low in _POSSESSIVE or (glued and T[i - 1].low.endswith("s"))):
        return False
    n = _name_run(T, i + 1)
    after = T[i + 1 + n] if i + 1 + n < stop else None
    ends = after is None or after.punct or after.mark
    return n >= 2 and i + 1 + n <= stop and ends and not any(T[i + 1 + m].actor for m in range(n))


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
        if len(out) == 1 and _role_split_by_and(T, prev, np_):
            break
        out.insert(0, prev)
        i = prev.toks[0].k - 1
    return out


def _role_split_by_and(T: list[_Tok], prev: _NP, np_: _NP) -> bool:
    """Whether ``prev and np_`` is one role written in lower case after its first word
    (``Work and pensions minister Alan Johnson``, ``Culture and media secretary``): one
    capitalised word opening the sentence, then a lower-case role word before a name."""
    k = prev.toks[0].k
    opens = k == 0 or T[k - 1].punct or T[k - 1].mark
    words = [t for t in np_.toks if not t.punct]
    role = [t for t in words if t.text.islower()]
    return (
        len(prev.toks) == 1
        and bool(opens)
        and not prev.toks[0].actor
        and bool(role)
        and words[0].text.islower()
        and any(_is_role_word(t.low) for t in role)
        and words[-1].cap
    )


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
    if actors and _person_after_role(toks):
        actors = []  # "SOHR director Rami Abdel Rahman": the person, the rest a role
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
    if len(toks) == 1 and lows[0] in lex.pronouns and not toks[0].text.isupper():
        return _Speaker(None, None, text, "pronoun", None, lex.pronouns[lows[0]])
    if len(toks) == 1 and lows[0] in lex.relatives and not toks[0].text.isupper():
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


def _person_after_role(toks: list[_Tok]) -> bool:
    """Whether lexicon actors of a noun phrase are followed by a lower-case role word and
    then a person's name of two or more words (``SOHR director Rami Abdel Rahman``,
    ``Kremlin spokesman Dmitry Peskov``): the person speaks, not the organisation."""
    last = max(k for k, t in enumerate(toks) if t.actor)
    rest = [t for t in toks[last + 1 :] if not t.punct]
    k = 0
    while k < len(rest) and rest[k].text.islower() and _is_role_word(rest[k].low):
        k += 1
    name = rest[k:]
    return k > 0 and len(name) >= 2 and all(t.cap and not t.actor for t in name)


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
    if words[0].low.endswith("-based") or (len(words) > 2 and words[1].low == "based"):
        return None  # "the Britain-based organisation": where it sits, not who owns it
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
