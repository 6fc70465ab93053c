"""The attachment rules of :func:`~corpus_utils.sources.framing.label_evidence`, per sentence.

A beat pack's lexicon (:class:`_Lex`: labels, actor groups, modifier words, implied
sides, ``not_before`` and ``verb_form`` words, from ``resources/labels.csv`` and the
pack) and the rules that decide, inside one sentence of tokens (:class:`_T`), whether a
label word is a label at all (:func:`_in_name`, :func:`_as_verb`) and which actor it is
applied to (:func:`_attach`: rules 1-6 of :mod:`corpus_utils.sources.framing`, where they
are described with examples). No corpus here: :mod:`~corpus_utils.sources.framing` reads
the tokens, runs these rules on each sentence and builds the tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import resources
from . import entities

UNATTACHED = "(unattached)"
_HEADS = frozenset("group organization organisation movement faction network".split())
_LISTS = (("such", "as"), ("including",), ("like",))
_ARTICLES = frozenset("the a an its their".split())
_POSSESSIVE = frozenset(["'s", "\u2019s"])


@dataclass(frozen=True)
class _Lex:
    labels: dict[str, str]  # word form -> label
    label_order: tuple[str, ...]
    actors: dict[str, str]  # actor canonical -> group
    modifiers: dict[str, str]  # lower-case word -> group
    implied: dict[str, str]  # label -> group
    group_order: tuple[str, ...]
    not_before: frozenset[str]
    verb_forms: frozenset[str] = frozenset()  # label words that are also verbs ("forces")
    any_actor: bool = False  # every token's actor (an entity of the corpus) is its own group


def _lexicon(pack: entities.PackLike = "syria") -> _Lex:
    p = entities.load_pack(pack)
    return _pack_lexicon(p.name if not isinstance(pack, entities.Pack) else id(p), p)


@cache
def _pack_lexicon(_key: object, p: entities.Pack) -> _Lex:
    df = p.labels
    get = {k: g for k, g in df.groupby("kind", sort=False)}

    def mapping(kind: str, lower: bool = True) -> dict[str, str]:
        g = get.get(kind, df.iloc[:0])
        terms = g["term"].str.strip()
        if lower:
            terms = terms.str.lower()
        return dict(zip(terms, g["maps_to"].str.strip(), strict=True))

    labels = mapping("label")
    actors = mapping("actor", lower=False)
    groups = list(dict.fromkeys([*actors.values(), *mapping("modifier").values()]))
    return _Lex(
        labels=labels,
        label_order=tuple(dict.fromkeys(labels.values())),
        actors=actors,
        modifiers=mapping("modifier"),
        implied=mapping("implied"),
        group_order=tuple(groups),
        not_before=frozenset(mapping("not_before")),
        verb_forms=frozenset(mapping("verb_form")),
    )


def _outside(lex: _Lex) -> _Lex:
    """The lexicon outside the beat: the same labels, no pack actors, modifiers or implied
    sides; the corpus's own entities are the actors."""
    return _Lex(
        labels=lex.labels,
        label_order=lex.label_order,
        actors={},
        modifiers={},
        implied={},
        group_order=(),
        not_before=lex.not_before,
        verb_forms=lex.verb_forms,
        any_actor=True,
    )


@dataclass
class _T:
    token: str
    low: str
    actor: str | None
    start: int
    end: int
    token_id: int
    punct: bool
    stop: bool
    voice: str
    a_text: str | None = None  # the whole entity name the token is part of (outside the beat)
    a_start: int | None = None
    a_end: int | None = None

    @property
    def cap(self) -> bool:
        return self.token[:1].isupper()


def _ref(t: _T, lex: _Lex) -> tuple[str, bool] | None:
    """``(group, strong)`` when the token names an actor group (strong) or hints at one."""
    if t.actor and lex.any_actor:
        return t.actor, True
    if t.actor and t.actor in lex.actors:
        return lex.actors[t.actor], True
    if t.low in lex.modifiers:
        return lex.modifiers[t.low], False
    return None


def _in_name(T: list[_T], i: int) -> bool:
    """A capitalised label inside a proper name (``Syrian Democratic Forces``)."""
    t = T[i]
    if not t.cap:
        return False
    first = i == 0 or all(x.punct for x in T[:i])
    prev_cap = i > 0 and not first and T[i - 1].cap and not T[i - 1].punct
    next_cap = i + 1 < len(T) and T[i + 1].cap and not T[i + 1].punct and not T[i + 1].stop
    return prev_cap or next_cap


@cache
def _reporting_verbs() -> frozenset[str]:
    """The one-word reporting verbs and participles of ``reporting_verbs.csv``."""
    t = resources.table("reporting_verbs.csv")
    words = t.loc[t["kind"].isin(["verb", "participle"]), "term"].str.strip().str.lower()
    return frozenset(w for w in words if " " not in w)


def _verb_like(low: str) -> bool:
    """A word between an actor and a label that ends the pre-modifier search: a
    reporting verb (``Katvi said terrorists ...``) or a participle, hyphenated or not
    (``the US deemed terrorist acts``, ``Nusra Front Western-backed rebels``: the label
    is not the earlier actor's).

    >>> _verb_like("said"), _verb_like("western-backed"), _verb_like("government")
    (True, True, False)
    """
    return low in _reporting_verbs() or (len(low) > 4 and low.rsplit("-", 1)[-1].endswith("ed"))


_OBJECT_STARTS = frozenset(
    "a an the these those his her its their our my your him them us me it some any every "
    "each".split()
)  # words that open a verb's object: closed-class English ("that" is left out: "forces
# that have ..." is the noun with a relative clause)
_VERB_BEFORE = frozenset(
    "to will would could can may might must should shall not".split()
)  # the base form after these is a verb: "to force a halt", "could force a shutdown"
_SUBJECTS = frozenset("it he she this which who that".split())  # "it forces them out"


def _as_verb(T: list[_T], i: int, lex: _Lex) -> bool:
    """True when the label word at ``i`` (one of the pack's ``verb_form`` words) is a verb.

    The base form after ``to`` or a modal (``to force an immediate halt``), or after
    ``and``/``or`` before its object (``or force a shutdown``); the ``-s`` form after a
    subject pronoun or a lower-case word that names no actor, before its object: a
    determiner or pronoun (``the law forces the banks``) or a plural noun and ``to``
    (``the act forces companies to be ...``). A name or an actor word before the ``-s``
    form makes it the noun (``Kurdish forces a monitor said``, ``al-Assads forces``, with
    commas and apostrophes lost), as do ``to forces loyal to ...`` and ``forces that ...``.
    """
    prev = T[i - 1] if i > 0 else None
    nxt = T[i + 1] if i + 1 < len(T) else None
    if prev is None or prev.punct or nxt is None or nxt.punct:
        return False
    takes_object = nxt.low in _OBJECT_STARTS
    if not T[i].low.endswith("s"):
        return prev.low in _VERB_BEFORE or (prev.low in ("and", "or") and takes_object)
    if prev.low not in _SUBJECTS and (
        any(ch.isupper() for ch in prev.token)
        or prev.stop
        or prev.low in lex.labels
        or _ref(prev, lex) is not None
    ):
        return False
    if takes_object:
        return True
    after = T[i + 2] if i + 2 < len(T) else None
    plural = nxt.low.endswith("s") and not nxt.low.endswith("ss") and not nxt.cap
    return plural and not nxt.stop and after is not None and after.low == "to"


def _attach(T: list[_T], i: int, lex: _Lex, window: int) -> list[tuple[_T | None, str, str]]:
    """``[(actor token, group, rule)]`` for the label at ``i``."""
    label = lex.labels[T[i].low]
    n = len(T)
    # 1. of/from
    weak_of = None
    if i + 1 < n and T[i + 1].low in ("of", "from"):
        for p in range(i + 2, min(n, i + 5)):
            t = T[p]
            if t.low in _ARTICLES:
                continue
            r = _ref(t, lex)
            if r is not None:
                if r[1]:
                    return [(t, r[0], "of")]
                weak_of = (t, r[0], "of")
                break
            if t.punct or t.stop:
                break
    # 2. such as / including / like
    for skip in (1, 2):
        p = i + skip
        for words in _LISTS:
            if tuple(x.low for x in T[p : p + len(words)]) == words:
                out = []
                q = p + len(words)
                while q < n:
                    r = _ref(T[q], lex)
                    if r is not None and r[1]:
                        out.append((T[q], r[0], "such as"))
                    elif T[q].low not in (",", "and", "or") and T[q].low not in _ARTICLES:
                        break
                    q += 1
                if out:
                    return out
        if skip == 1 and (i + 1 >= n or T[i + 1].punct or T[i + 1].stop):
            break
    # 3. head noun + name: "the terrorist group Islamic State"
    if i + 2 < n and T[i + 1].low in _HEADS:
        r = _ref(T[i + 2], lex)
        if r is not None and r[1]:
            return [(T[i + 2], r[0], "head + name")]
    # 4. pre-modifier
    weak = None
    for p in range(i - 1, max(-1, i - 4), -1):
        t = T[p]
        r = _ref(t, lex)
        if r is not None:
            if r[1]:
                return [(t, r[0], "premodifier")]
            weak = (t, r[0], "premodifier")
            break
        if t.punct or (t.stop and t.low not in _POSSESSIVE) or _verb_like(t.low):
            break
    implied = lex.implied.get(label)
    if implied is None:
        if weak is not None:
            return [weak]
        if weak_of is not None:
            return [weak_of]
    else:
        return [(None, implied, "implied")]
    # 6. window
    if window > 0:
        best = None
        for p in range(max(0, i - window), min(n, i + window + 1)):
            if p == i:
                continue
            r = _ref(T[p], lex)
            if r is not None and (best is None or abs(p - i) < abs(best[0] - i)):
                best = (p, r[0])
        if best is not None:
            return [(T[best[0]], best[1], "window")]
    return [(None, UNATTACHED, "unattached")]
