"""Speakers resolved within an article: names, roles, descriptions and pronouns.

A one-word name to the article's full name, a description (``the diplomat``) to the
nearest earlier person seen with a fitting role, ``he``/``it``/``the company`` to the
statement before or the organisation named before, an unnamed spokesman to their
organisation. What cannot be resolved stays unresolved. The rules are described in
:mod:`corpus_utils.sources.attribution`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ..prepare.tokenization import fold
from . import entities
from .antecedents import (
    _by_mention,
    _by_organisation_name,
    _by_sentence_subject,
    _gender_clash,
    _modifiers_seen,
    _named_between,
    _organisation_subject,
    _window_start,
)
from .cues import _Cue, _relative_antecedent
from .gender import by_gender
from .org_descriptions import by_business
from .speaker_names import _seen_with
from .speaker_tokens import (
    _CONNECTORS,
    _DEFINITE,
    _DETERMINERS,
    _MAX_HEAD_MENTIONS,
    _MAX_RESOLVE_PARAS,
    _NP,
    _POSSESSIVE,
    _POSSESSIVE_PRONOUNS,
    _SPOKES,
    _lexicon,
    _Sent,
    _Speaker,
    _Tok,
)
from .speakers_np import _has_role_word, _identify, _is_role_word, _org_words

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
    if sp.how == "pronoun" and sp.speaker_text.lower() == "they" and cand.person is True:
        return False  # "they" is no one person ("..." Mr Macklin said. They have noted)
    if sp.refers == "organisation" and cand.person is True:
        return False
    if sp.types == ("anonymous",) and cand.person is True:
        return False  # "The security sources said": not the person named before
    if sp.types and cand.source_type is None:
        # a one-word name of unknown kind ("Contrack said ... the firm denied") is no
        # person's full name: it may be an organisation
        one_word = cand.person is None and " " not in (cand.source or " ")
        return sp.refers != "organisation" or cand.person is False or one_word
    return not (sp.types and cand.source_type not in sp.types)


def _role_before(np_: _NP, name_start: int, person: bool = True) -> bool:
    """Whether the words of ``np_`` before ``name_start`` hold a lower-case word that
    joins no name (``BT chief executive`` before ``Ben Verwaayen``), a possessive or a
    person's role word (``Labour MSP``, ``Foreign Secretary``, ``Singer`` in ``Singer Sam
    Endicott said``): they are then a role, not the first words of a longer name
    (``Syrian Army and Armed Forces``)."""
    lex = _lexicon()
    before = [t for t in np_.toks if t.end <= name_start]
    if before and before[-1].low in _CONNECTORS:
        return False  # "The MP for Ealing North": a role of a place, not a title
    for t in before:
        if t.low in _DETERMINERS or t.low in _CONNECTORS:
            continue
        if t.text.islower() and t.low not in lex.particles:
            return True
        if person and (t.low in _POSSESSIVE or t.text in ("'", "\u2019")):
            return True  # "Acme Records' Jan Kowalski": the owner, then the person
        if t.text[:1].isupper() and _is_role_word(t.low):
            return True
    return False


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
    titled = (
        at is not None
        and k is not None
        and kind not in ("place", "nationality")  # "President Musharraf of Pakistan"
        and _role_before(np_, at.name_starts[k], _may_be_person(kind, at.entity[k]))
    )
    if (
        at is not None
        and k is not None
        and kind != "person"
        and len(at.entity[k]) < len(sp.source or "")
        and not titled
        and not _place_led(np_, at.name_starts[k])
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


def _place_led(np_: _NP, name_start: int) -> bool:
    """Whether the words of a noun phrase before the name at ``name_start`` are one or
    more places, or organisation words with a lost apostrophe, alone or after lower-case
    words (``the coordinator in Syria Ali al-Zaatari``, ``the Observatorys Rami Abdel
    Rahman``): the name holds, not the longer capitalised run."""
    from .name_finding import _lists

    lists = _lists()
    caps = [t.low for t in np_.toks if t.start < name_start and t.text[:1].isupper()]
    return bool(caps) and all(
        w in lists.places
        or (w.endswith("s") and (w[:-1] in lists.places or w[:-1] in lists.entity_words))
        for w in caps
    )


def _may_be_person(kind: str, entity: str) -> bool:
    """A mention that may be a person's name: a person's, or two or more words of
    unknown kind not ending in an organisation word (``Jan Kowalski``, not ``Office``)."""
    if kind == "person":
        return True
    words = entity.split()
    return kind == "other" and len(words) >= 2 and words[-1].lower() not in _org_words()


def _same_person(full: _Speaker, np_: _NP) -> bool:
    """Whether an article's name for the words ``np_`` is a person's full name ending in
    their last capitalised word (``Peter Mandelson`` for ``Mr Mandelson``; not ``World
    Economic Forum`` for ``Forum``)."""
    caps = [t for t in np_.toks if t.cap]
    if full.how != "named" or not full.source or not caps:
        return False
    last = full.source.split()[-1]
    return last.casefold() == caps[-1].text.casefold() and last.lower() not in _org_words()


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
    # other articles' roles count only for a description of role words, capitalised
    # modifiers and "former" ("the 2003 champion" is not every champion of the corpus)
    plain = all(t.text[:1].isupper() or t.low == "former" for t in words[: len(words) - len(tail)])
    entity = names.at.by_role(heads, mods, np_.start, corpus=plain)
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


_AFTER_SPOKES = frozenset("at in of for from with".split())


def _spokesman_of(
    st: _Statement, history: list[list[_Statement]], np_: _NP, names: _Names | None = None
) -> bool:
    """``AOL backed the cuts. "...," a spokesman said.``: an unnamed spokesman speaks for
    the one organisation that spoke in this or the previous sentence (the annotation
    conventions: an unnamed spokesman of a named organisation speaks for it). With
    ``names``: for the organisation that opens the sentence just before one the
    spokesman opens (``But the Home Office defended the measures. A spokesman said``)."""
    words = [t.low for t in np_.toks if not t.punct]
    if len(words) != 2 or words[0] not in ("a", "an") or words[1] not in _SPOKES:
        return False
    last = np_.toks[-1]
    after = last.src[last.end : last.end + 6].split()[:1] if last.src else []
    if after and after[0].lower() in _AFTER_SPOKES:
        return False  # "A spokesman at the hospital in Idlib said": someone else's
    if names is not None:
        if names.at is None:
            return False
        org = _organisation_subject(names, _window_start(st, np_, names), np_, spokes=True)
        if org is None:
            return False
        lex = _lexicon()
        atype = lex.actor_types.get(org) or ("media" if org.lower() in lex.outlets else None)
        st.speaker = _Speaker(org, atype, st.speaker.speaker_text, st.speaker.how, False)
        st.resolved_by = "antecedent"
        return True
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


def _owner_spoke_before(sp: _Speaker, history: list[list[_Statement]]) -> bool:
    """Whether the speaker before is the owner a written organisation description opens
    with (``Russia`` before ``the Russias defence ministry``, ``Russia's foreign
    ministry``): the ministry is not its country, so the description is named as written."""
    prev = history[-1][0].speaker.source if history and history[-1] else None
    if not prev or not sp.written:
        return False
    owner = fold(sp.written).split()[0].lower().removesuffix("'s").removesuffix("\u2019s")
    prev = fold(prev).lower()
    return owner in (prev, prev + "s")


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
    return bool(mods) and all(_seen_with(m, words) for m in mods)


def _organisation_spokesman(st: _Statement, np_: _NP, names: _Names | None) -> bool:
    """``a Google spokesman``, ``a Foreign Ministry spokeswoman``, ``the Kremlin's
    spokesman``: the organisation named in the words before the spokes-word (an unnamed
    spokesman of a named organisation speaks for it). A nationality (``a Russian
    spokesman``) or a person's name names no organisation."""
    words = [t for t in np_.toks if not t.punct]
    if len(words) < 2 or words[-1].low not in _SPOKES or names is None or names.at is None:
        return False
    owner = words[:-1]
    while owner and owner[-1].text.islower() and owner[-1].low not in _POSSESSIVE:
        owner = owner[:-1]  # "Mr Blair's official spokesman": the owner before "official"
    possessive = bool(owner) and owner[-1].low in _POSSESSIVE
    run = [t for t in owner if t.low not in _DETERMINERS and t.low not in _POSSESSIVE]
    if not run or not run[0].cap or not all(t.cap or t.low in _CONNECTORS for t in run):
        return False
    k = names.at.at(run[-1].start)
    # a person's spokesman speaks for that person when the name owns him ("Mr Blair's")
    barred = ("nationality", "place") if possessive else ("nationality", "person", "place")
    if k is None or names.at.kind[k] in barred:
        return False
    org = _named(_identify(_NP(run)), _NP(run), names)
    if org.how != "named" or (org.person is True and not possessive):
        return False
    sp = st.speaker
    st.speaker = _Speaker(org.source, org.source_type, sp.speaker_text, sp.how, org.person)
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
            if a.how == "named" and _same_person(full := _named(a, ante, names), ante):
                a = full  # "denied by Mr Mandelson, who said": Peter Mandelson
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
        _organisation_spokesman(st, np_, names)
        or _spokesman_of(st, history, np_)
        or _spokesman_of(st, history, np_, names)
    ):
        return
    if sp.how == "description":
        sp = st.speaker = _possessive_document(sp, np_)
    if sp.written:
        if not _owner_spoke_before(sp, history):
            _by_statement(st, history, np_, names) or _as_written(st)
        else:
            _as_written(st)  # "Russia denied ... said the Russias defence ministry"
        return
    if sp.how == "pronoun" and sp.refers == "person" and _by_sentence_subject(st, np_, names):
        return
    if sp.how == "description" and np_.toks[0].low not in _DEFINITE:
        return  # "a top Russian general" introduces someone new
    if sp.how == "description" and (by_role := _by_role(st, np_, names)) is not None:
        # a person description: by a role seen with a name; else, as "he" would be, the
        # person who spoke before or the one named since, when the description's own
        # capitalised words ("the Arsenal boss") are seen with that person
        if not by_role and not (
            _by_statement(st, history, np_, names) and _modifiers_seen(st, np_, names)
        ):
            st.speaker, st.resolved_by = sp, "unresolved"
            if history and _by_mention(st, np_, names, history, since=history[-1][0].sent_id):
                if not _modifiers_seen(st, np_, names):
                    st.speaker, st.resolved_by = sp, "unresolved"
        return
    if _by_statement(st, history, np_, names):
        return
    if sp.how == "description" and _by_head_noun(st, history, np_, names):
        return
    if sp.how == "description" and _by_organisation_name(st, np_, names):
        return
    if sp.refers == "organisation":
        # "Acme Corp cut jobs. "...," the company said": no statement to follow, or one
        # that does not fit (a person): the one organisation named just before
        _by_organisation(st, np_, names) or by_business(st, np_, names)
    elif sp.refers == "person" and history:
        # "The authority said Captain Tom Reyes was rescued. "...," he said": the
        # statement before is an organisation's: the one person named since it began
        _by_mention(st, np_, names, history, since=history[-1][0].sent_id)
    if st.resolved_by == "unresolved" and sp.how == "pronoun":
        by_gender(st, np_, names)  # the nearest subject of the pronoun's gender


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
    written = cand.speaker_text.lower()
    spokes = written.split()[-1:] in ([w] for w in _SPOKES) or any(
        f"{w} for {written}" in prev[0].text.lower() for w in _SPOKES
    )  # "The Ofcom spokesman said", "A spokesman for the UK Film Council said"
    # "Mr Crosby's statement said ... It added": the statement, its author's
    document = (
        sp.refers == "organisation"
        and written.split()[-1:] in ([w] for w in _lexicon().nouns)
        and ("'s " in written or "\u2019s " in written)  # not "The report said ... it said"
    )
    if not _fits(sp, cand) and not (sp.refers == "person" and spokes) and not document:
        return False  # "The Ofcom spokesman said ... "...," he said": Ofcom
    if not _modifiers_fit(sp, cand) or _gender_clash(sp, cand.source, names):
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
    entity = names.at.sole_organisation(lo, np_.start) or _organisation_subject(names, lo, np_)
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
    sorted_starts: list[int] | None = None  # the values of sent_starts, sorted once
    genders: object = None  # gender.Genders: learned over the corpus and the article


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
