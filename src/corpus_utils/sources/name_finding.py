"""Finding names in the token table: the candidate mentions of people, organisations and places.

Capitalised token runs with particles and connectors, roles and honorifics split off,
sentence-initial words kept only when the corpus writes them capitalised mid-sentence,
shouted and title-case sentences skipped (see :mod:`corpus_utils.sources.entities`).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import wordfreq

from .. import resources
from ..prepare.tokenization import fold, word_spans
from . import by_article
from .packs import SHOUTED, Pack, context_ok, load_pack

_CONNECTORS = frozenset(["of", "for", "and", "&"])
# a nationality written as an adjective ("Australian", "Lebanese", "Iraqi") also opens
# organisations' names ("Iranian Revolutionary Guards"); a noun ("Spaniard", "Briton",
# "Frenchman", "Scot") opens a person's
_ADJECTIVE_ENDINGS = ("ian", "ese", "ish", "an", "i")
_PLACE_PREPS = frozenset("in from to across near at into outside inside throughout".split())
_OPENERS = frozenset(['"', "``", "'", "`", "(", "[", ":", "-", "--", "\u2014", "\u2013"])


_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,7}s")


COMMON_ZIPF = 5.0  # wordfreq's Zipf scale: 5 = 10 per million words ("later", "former")
# a word of a person's name after a place ("Syria Staffan de Mistura") is rarer than this;
# "Civil", "Health", "Police", "University" are not
NAME_WORD_ZIPF = 4.5


KNOWN_ZIPF = 2.5  # wordfreq's Zipf scale: about 1 per 3 million words


# --- word lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lists:
    roles: dict[str, list[tuple[str, ...]]]  # first token -> role phrases, longest first
    honorifics: frozenset[tuple[str, ...]]  # role phrases that take no words before them
    lower_roles: frozenset[str]
    lead_roles: frozenset[str]  # one word, written capitalised before a name: a role
    of_heads: frozenset[str]
    particles: frozenset[str]
    not_names: frozenset[str]
    entity_words: dict[str, str]  # last word -> kind
    places: frozenset[str]


@cache
def _lists() -> _Lists:
    hon = resources.table("honorifics.csv")
    roles: dict[str, list[tuple[str, ...]]] = {}
    lower = set()
    honorifics = set()
    for term, kind in zip(hon["term"].str.strip(), hon["kind"], strict=True):
        padded = term + " x"  # so that a final "Mr." keeps its dot, as inside a sentence
        toks = tuple(fold(padded[a:b]) for a, b in word_spans(padded)[:-1])
        if term[:1].islower():
            lower.add(term)
        roles.setdefault(toks[0], []).append(toks)
        if kind == "honorific":
            honorifics.add(toks)
    for phrases in roles.values():
        phrases.sort(key=len, reverse=True)
    words = resources.table("entity_words.csv")
    verbs = resources.table("reporting_verbs.csv")
    demonyms = set(verbs.loc[verbs["kind"] == "demonym", "term"].str.strip().str.lower())
    return _Lists(
        roles=roles,
        honorifics=frozenset(honorifics),
        lower_roles=frozenset(lower),
        lead_roles=frozenset(t for t in lower if " " not in t)
        | frozenset(d for d in demonyms if not d.endswith(_ADJECTIVE_ENDINGS)),
        of_heads=resources.word_list("of_heads.txt") | frozenset(words["word"].str.lower()),
        particles=resources.word_list("name_particles.txt"),
        not_names=resources.word_list("not_names.txt")
        | resources.stopwords()
        | resources.sentence_starters(),
        entity_words=dict(zip(words["word"].str.lower(), words["kind"], strict=True)),
        places=resources.word_list("places.txt"),
    )


def _role_span(surface: list[str], lists: _Lists) -> tuple[int, int]:
    """``(begin, end)`` of the role words at the head of a run (``(0, 0)``: none).

    The last role phrase counts, with the words before it (``UK Prime Minister``,
    ``Trade and Industry Secretary``), but an honorific takes none (``BBC`` + ``Mr``):
    ``begin`` is where the role starts. A run of roles alone ends at its length.
    """
    best = (0, 0)
    k = 0
    n = len(surface)
    while k < n:
        step = 1
        for phrase in lists.roles.get(surface[k], ()):
            if tuple(surface[k : k + len(phrase)]) == phrase:
                best = (k if phrase in lists.honorifics else 0, k + len(phrase))
                step = len(phrase)
                break
        k += step
    return best


def abbreviates(acronym: str, initials: str) -> bool:
    """Whether ``acronym`` abbreviates a name with these initials: the same first letter,
    and its letters in order among the initials (``IFRC`` for ``International Federation
    of Red Cross and Red Crescent Societies``, initials ``IFRCRCS``).

    >>> abbreviates("SDF", "SDF"), abbreviates("IFRC", "IFRCRCS"), abbreviates("UN", "NU")
    (True, True, False)
    """
    letters = acronym.replace(".", "").upper()
    initials = initials.upper()
    if len(letters) < 2 or not initials or letters[0] != initials[0]:
        return False
    pos = 0
    for ch in letters:
        pos = initials.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


def _one_organisation(low: list[str], q: int, a: int, b: int, lists: _Lists) -> bool:
    """Whether the ``and`` at ``q`` is inside one organisation's name: an ``of``/``for``
    comes before it in the run and the run ends in an organisation word (singular or
    plural: ``Societies``), as in ``International Federation of Red Cross and Red
    Crescent Societies``."""
    last = low[b - 1]
    singular = last[:-3] + "y" if last.endswith("ies") else last.rstrip("s")
    is_org = "organisation" in (lists.entity_words.get(last), lists.entity_words.get(singular))
    return is_org and any(w in ("of", "for") for w in low[a:q])


def _role_end(surface: list[str], lists: _Lists) -> int:
    """Where the role words of a run end (0: none)."""
    return _role_span(surface, lists)[1]


@cache
def _known_word(word: str) -> bool:
    """A word general English writes at least once per 3 million words (wordfreq):
    ``Hamas``, ``Williams`` and ``Wales`` are words of their own, ``Syrias`` is not."""
    return wordfreq.zipf_frequency(word, "en") >= KNOWN_ZIPF


@cache
def _common_word(word: str) -> bool:
    """A word general English uses at least 10 times per million words (wordfreq)."""
    return wordfreq.zipf_frequency(word, "en") >= COMMON_ZIPF


# --- finding names ----------------------------------------------------------------------


@dataclass
class _Mention:
    doc_id: str
    sent_id: int
    start: int  # with the role
    end: int
    name_start: int
    role: str
    name: str
    words: tuple[str, ...]  # lower-case name tokens
    canonical: str | None  # pack alias
    first: int  # token ids of the name
    last: int
    acronym: bool
    person: bool  # had a role or honorific
    place_prep: bool
    adjectival: bool
    defines: str | None = None  # the acronym in brackets after it
    entity: str = ""
    basis: str = ""


def _token_flags(toks: pd.DataFrame, lists: _Lists) -> dict[str, np.ndarray]:
    """Per-token properties, computed once per distinct token form."""
    codes, distinct = pd.factorize(toks["token"])
    forms = [fold(str(t)) for t in distinct]
    cap = []
    acro = []
    for f in forms:
        head, _, tail = f.rpartition("-")
        if head and head.lower() in lists.particles and tail[:1].isupper():
            cap.append(True)  # al-Assad
        elif head and tail[:1].islower():
            cap.append(False)  # U.S.-led, Iran-backed
        else:
            cap.append(f[:1].isupper())
        bare = f.replace(".", "")
        acro.append(bare.isalpha() and bare.isupper() and 2 <= len(bare) <= 7)
    lower = [f.lower() for f in forms]
    # an acronym with a plural -s ("MPs", "PCs", "DVDs") is a common noun, and so is its
    # singular when the corpus writes that plural ("TV" beside "TVs")
    plural = {f for f in forms if _PLURAL_ACRONYM.fullmatch(f)}
    common = plural | {f[:-1] for f in plural}
    return {
        "common_acronym": np.array([f in common for f in forms], dtype=bool)[codes],
        "form": np.array(forms, dtype=object)[codes],
        "low": np.array(lower, dtype=object)[codes],
        "cap": np.array(cap, dtype=bool)[codes],
        "acronym": np.array(acro, dtype=bool)[codes],
        "stop": np.array([w in lists.not_names for w in lower], dtype=bool)[codes],
        "particle": np.array([w in lists.particles for w in lower], dtype=bool)[codes],
        "alpha": np.array([any(ch.isalpha() for ch in f) for f in forms], dtype=bool)[codes],
        "upper": np.array([f.isupper() and len(f) > 1 for f in forms], dtype=bool)[codes],
    }


def _sentence_skips(toks: pd.DataFrame, flags: dict[str, np.ndarray]) -> np.ndarray:
    """Per token: its sentence is written in capitals or in title case (a headline)."""
    word = ~toks["is_punct"].to_numpy(dtype=bool) & flags["alpha"]
    upper = word & flags["upper"]
    content = word & ~flags["stop"]
    cap_content = content & flags["cap"]
    frame = pd.DataFrame(
        {"d": toks["doc_id"], "s": toks["sent_id"], "w": word, "u": upper}
        | {"c": content, "cc": cap_content}
    )
    g = frame.groupby(["d", "s"], sort=False, observed=True)
    stats = g[["w", "u", "c", "cc"]].transform("sum")
    shouted = (stats["w"] >= 3) & (stats["u"] >= SHOUTED * stats["w"])
    titled = (stats["c"] >= 5) & (stats["cc"] == stats["c"])
    return (shouted | titled).to_numpy()


def _name_tails(
    form: np.ndarray, cap: np.ndarray, stop: np.ndarray, punct: np.ndarray, new_sent: np.ndarray
) -> np.ndarray:
    """Per token: a capitalised word of ``resources/name_tails.txt`` (a month or modal
    that is also a surname) just after a capitalised name word of the same sentence,
    which ends a name there (``Theresa May``, ``Mrs May``) rather than stopping it."""
    after_name = np.zeros(len(form), dtype=bool)
    after_name[1:] = cap[:-1] & ~punct[:-1] & ~stop[:-1] & ~new_sent[1:]
    tails = resources.word_list("name_tails.txt")
    codes, distinct = pd.factorize(form)  # each test once per distinct form
    titled = np.array([f[1:2].islower() and f.lower() in tails for f in distinct], dtype=bool)
    digit = np.array([f[:1].isdigit() for f in distinct], dtype=bool)[codes]
    titled = titled[codes]
    date = np.zeros(len(form), dtype=bool)  # "Syria June 5": a dateline, no name
    date[:-1] = digit[1:]
    return stop & cap & titled & after_name & ~date


def _find(corpus, p: Pack) -> list[_Mention]:
    """Every candidate mention of the corpus, in text order: the corpus-wide tests
    (:func:`_find_state`) once, then each sentence's runs (:func:`_find_sentences`), in
    chunks of sentences on the corpus's worker processes above
    :data:`FIND_MIN_DOCS` articles (:mod:`corpus_utils.sources.by_article`)."""
    with by_article.no_gc():
        state = _find_state(corpus, p)
        if state is None:
            return []
        n = len(state.bounds) - 1
        workers = by_article.workers_for(corpus, len(corpus._texts), FIND_MIN_DOCS)
        if workers > 1:
            _common_word("the")  # wordfreq's table loaded once, here, not in each worker
        return by_article.map_ranges(_find_sentences, state, n, workers)


FIND_MIN_DOCS = 2000
"""Below this many articles name finding runs in one process: the workers' part is about
0.36 ms of CPU per article (23 MB: 3.9 CPU-s for 10,774), so the half saved on a second
core pays for the pool's start (about 0.5 CPU-s) from about 2,000 articles (see
:data:`corpus_utils.sources.attribution.LEDGER_MIN_DOCS`)."""


@dataclass
class _FindState:
    """What :func:`_find_sentences` reads: per-token lists of the whole corpus (a run
    may look one token past its sentence) and the corpus-wide word sets."""

    n: int
    lists: _Lists
    doc: list
    sent: list
    tid: list
    start: list
    end: list
    punct: list
    actor: list
    form: list
    low: list
    cap: list
    acro: list
    stop: list
    particle: list
    namey: list
    initial: list
    new_sent: list
    bounds: list[int]  # first token of each sentence, then n
    midcap: set[str]
    lowercase_seen: set[str]
    role_first: set[str]
    ctx: frozenset[str]
    pack_words: set[str]
    texts: dict[str, str]
    lower_words: frozenset[str]  # words the corpus mostly writes in lower case


def _find_state(corpus, p: Pack) -> _FindState | None:
    """The corpus-wide part of name finding (None: no tokens); records the corpus's
    lower-case words (:func:`lower_case_words`)."""
    lists = _lists()
    toks = corpus.tokens()
    n = len(toks)
    if n == 0:
        return None
    flags = _token_flags(toks, lists)
    skip = _sentence_skips(toks, flags)
    ok_ctx = context_ok(corpus, toks, pack=p)
    doc = toks["doc_id"].to_numpy(dtype=object)
    sent = toks["sent_id"].to_numpy()
    tid = toks["token_id"].to_numpy()
    start = toks["start"].to_numpy()
    end = toks["end"].to_numpy()
    punct = toks["is_punct"].to_numpy(dtype=bool)
    actor = toks["actor"].to_numpy(dtype=object, na_value=None)
    actor = np.where(ok_ctx, actor, None)
    form, low = flags["form"], flags["low"]
    cap, acro, stop, particle = flags["cap"], flags["acronym"], flags["stop"], flags["particle"]
    new_sent = np.ones(n, dtype=bool)
    new_sent[1:] = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
    stop = stop & ~_name_tails(form, cap, stop, punct, new_sent)
    # sentence-initial: the first word of a sentence, or the first after an opening mark
    initial = np.zeros(n, dtype=bool)
    seen_word = False
    flags_iter = zip(new_sent.tolist(), punct.tolist(), form.tolist(), strict=True)
    for i, (first, pu, f) in enumerate(flags_iter):
        if first:
            seen_word = False
        if pu:
            if f in _OPENERS:
                seen_word = False
            continue
        initial[i] = not seen_word
        seen_word = True
    # a common-noun acronym ("TV", "MPs") neither starts nor continues a name, unless the
    # corpus defines it in brackets ("Syrian Arab News Agency (SANA)": its "SANAs" is a
    # possessive that lost its apostrophe)
    bracketed = np.zeros(n, dtype=bool)
    bracketed[1:-1] = (form[:-2] == "(") & (form[2:] == ")") & acro[1:-1]
    # a hash lookup: np.isin sorts the whole object column
    defined = pd.Series(form).isin(set(form[bracketed].tolist())).to_numpy()
    namey = cap & ~punct & ~skip & ~(flags["common_acronym"] & ~defined)
    # a sentence-initial form is a name when it is capitalised mid-sentence more often
    # than it is written in lower case ("Former" is not, "Blair" is)
    mid = pd.Series(form[namey & ~initial & ~stop]).value_counts()
    lowered = pd.Series(low[~cap & ~punct]).value_counts()
    low_of_mid = lowered.reindex([f.lower() for f in mid.index], fill_value=0).to_numpy()
    midcap = set(mid.index[mid.to_numpy() > low_of_mid])
    lowercase_seen = set(lowered.index)
    mid_low = mid.groupby([f.lower() for f in mid.index]).sum()
    more_lower = lowered.to_numpy() > mid_low.reindex(lowered.index, fill_value=0).to_numpy()
    lower_words = frozenset(lowered.index[more_lower])
    _LOWER_WORDS[corpus] = lower_words
    role_first = set(lists.roles)
    ctx = p.context_variants()
    pack_words = {fold(v).lower() for v in p.aliases["variant"] if " " not in v} - ctx
    bounds = [*np.flatnonzero(new_sent).tolist(), n]
    # plain lists: element access in the loops below is several times faster than numpy's
    doc, sent, tid, start, end = (
        doc.tolist(),
        sent.tolist(),
        tid.tolist(),
        start.tolist(),
        end.tolist(),
    )
    punct, actor, form, low = punct.tolist(), actor.tolist(), form.tolist(), low.tolist()
    cap, acro, stop, particle = cap.tolist(), acro.tolist(), stop.tolist(), particle.tolist()
    namey, initial, new_sent = namey.tolist(), initial.tolist(), new_sent.tolist()
    return _FindState(
        n,
        lists,
        doc,
        sent,
        tid,
        start,
        end,
        punct,
        actor,
        form,
        low,
        cap,
        acro,
        stop,
        particle,
        namey,
        initial,
        new_sent,
        bounds,
        midcap,
        lowercase_seen,
        role_first,
        ctx,
        pack_words,
        corpus._texts,
        lower_words,
    )


def _find_sentences(st: _FindState, first: int, last: int) -> list[_Mention]:
    """The mentions of sentences ``first:last`` (numbered in token order)."""
    n, lists, texts = st.n, st.lists, st.texts
    doc, sent, tid, start, end = st.doc, st.sent, st.tid, st.start, st.end
    punct, actor, form, low = st.punct, st.actor, st.form, st.low
    cap, acro, stop, particle = st.cap, st.acro, st.stop, st.particle
    namey, initial, new_sent = st.namey, st.initial, st.new_sent
    midcap, lowercase_seen, role_first = st.midcap, st.lowercase_seen, st.role_first
    ctx, pack_words, lower_words = st.ctx, st.pack_words, st.lower_words
    out: list[_Mention] = []
    bounds = st.bounds[first : last + 1]

    def startable(i: int) -> bool:
        if actor[i] is not None:
            return True
        if not namey[i] or (acro[i] and form[i] in ctx):
            return False
        if initial[i]:
            if form[i] in role_first or low[i] in pack_words or low[i] in lists.places:
                return True
            if acro[i] and not stop[i]:
                return True  # an acronym after a quotation or a bracket: '," IFRC said
            if stop[i]:
                return False
            if form[i] in midcap:
                return True
            # "Osama bin Laden said": a form never written in lower case, before a name,
            # and no common English word ("Later Nick Brown said")
            nxt = i + 1 < n and not new_sent[i + 1] and (namey[i + 1] or particle[i + 1])
            return nxt and low[i] not in lowercase_seen and not _common_word(low[i])
        return True

    def make(ra: int, a: int, b: int) -> _Mention:
        """The mention of tokens ``a:b`` with the role from ``ra``."""
        while ra < a and (
            stop[ra]
            or punct[ra]
            or (
                initial[ra]
                and form[ra] not in midcap
                and form[ra] not in role_first
                and not (ra + 1 == a and low[ra] in lists.lead_roles)
            )
        ):
            ra += 1  # "Thursday" of "on Thursday Syrian President", "Later" of "Later President"
        text = texts[doc[a]]
        name = " ".join(text[start[a] : end[b - 1]].split())
        role = " ".join(text[start[ra] : start[a]].split()) if ra < a else ""
        canonical = actor[a] if b - a == 1 else None
        nxt = b if b < n and not new_sent[b] else None
        defines = None
        if b + 2 < n and form[b] == "(" and form[b + 2] == ")" and acro[b + 1] and b - a > 1:
            initials = "".join(f[:1] for f, w in zip(form[a:b], cap[a:b], strict=True) if w)
            if abbreviates(form[b + 1], initials):
                defines = str(form[b + 1])
        return _Mention(
            doc_id=doc[a],
            sent_id=int(sent[a]),
            start=int(start[ra]),
            end=int(end[b - 1]),
            name_start=int(start[a]),
            role=role,
            name=name,
            words=tuple(low[a:b]),
            canonical=canonical,
            first=int(tid[a]),
            last=int(tid[b - 1]),
            acronym=b - a == 1 and bool(acro[a]),
            person=bool(role),
            place_prep=a > 0
            and not new_sent[a]
            and low[a - 1] in _PLACE_PREPS
            and not (a > 1 and low[a - 2] == "according"),  # "according to X": a source
            adjectival=nxt is not None
            and not punct[nxt]
            and not cap[nxt]
            and not stop[nxt]
            and form[nxt][:1].isalpha(),
            defines=defines,
        )

    def emit(ra: int, x: int, y: int) -> None:
        """A mention of tokens ``x:y`` (role from ``ra``), function words trimmed."""
        same = ra == x
        # a capitalised particle opening a name stays ("Abu Mustafa", "Al Jazeera")
        while x < y and (stop[x] or (particle[x] and not cap[x]) or low[x] in _CONNECTORS):
            x += 1
        while y > x and (particle[y - 1] or low[y - 1] in _CONNECTORS or stop[y - 1]):
            y -= 1
        if y - x == 1 and len(form[x].strip(".")) == 1:
            return  # one letter alone ("T", "Q") is no name
        if x < y:
            out.append(make(x if same else min(ra, x), x, y))

    for s, e in zip(bounds[:-1], bounds[1:], strict=True):
        runs: list[tuple[int, int]] = []
        i = s
        while i < e:
            if not startable(i):
                i += 1
                continue
            if actor[i] is not None:
                runs.append((i, i + 1))
                i += 1
                continue
            j = i + 1
            while j < e and actor[j] is None:
                if low[j] == "according" and j + 1 < e and low[j + 1] == "to":
                    break  # a title-case run: "... Executed Christians According to X"
                if namey[j] and not (acro[j] and form[j] in ctx):
                    j += 1
                elif (
                    (
                        particle[j]
                        or low[j] in ("and", "&")
                        or (low[j] in ("of", "for") and low[j - 1] in lists.of_heads)
                    )
                    and j + 1 < e
                    and (namey[j + 1] or (particle[j] and particle[j + 1]))
                    and actor[j + 1] is None
                ):
                    j += 1
                else:
                    break
            runs.append((i, j))
            i = j
        for r, (a, b) in enumerate(runs):
            if actor[a] is not None:
                role_a = a
                if r and runs[r - 1][1] == a and actor[runs[r - 1][0]] is None:
                    pa, pb = runs[r - 1]
                    if _role_end(list(form[pa:pb]), lists) == pb - pa:
                        role_a = pa  # "President" + "Vladimir Putin"
                out.append(make(role_a, a, b))
                continue
            if r + 1 < len(runs) and runs[r + 1][0] == b and actor[b] is not None:
                if _role_end(list(form[a:b]), lists) == b - a:
                    continue  # a role of the actor that follows
            # split "Blair and Brown" ("Trade and Industry Secretary X" stays one role),
            # not "Federation of Red Cross and Red Crescent Societies" (an organisation
            # word ends the words after "and" and an "of" comes before it)
            pieces, cur = [], a
            for q in range(a, b):
                if low[q] == "and" and not _one_organisation(low, q, a, b, lists):
                    pieces.append((cur, q))
                    cur = q + 1
            pieces.append((cur, b))
            spans = [_role_span(list(form[x:y]), lists) for x, y in pieces]
            role_start = None  # "Trade" of "Trade and Industry Secretary Patricia Hewitt"
            for q, ((x, y), (rb, re_)) in enumerate(zip(pieces, spans, strict=True)):
                nxt_role = q + 1 < len(pieces) and spans[q + 1][0] == 0 and spans[q + 1][1] > 0
                if re_ == 0 and y - x <= 2 and nxt_role:
                    role_start = x if role_start is None else role_start
                    continue
                if re_ and lists.entity_words.get(low[y - 1]) == "organisation":
                    rb = re_ = 0  # "General Motors"
                if re_ == y - x:
                    role_start = None
                    continue  # a role alone ("the Prime Minister said")
                if rb:
                    emit(x, x, x + rb)  # "BBC" of "told the BBC Mr Howard"
                ra, na = x + rb, x + re_
                if re_ and rb == 0 and role_start is not None:
                    ra = role_start
                if re_ == 0 and na > s and form[na - 1] in lists.lower_roles and y - na >= 2:
                    ra = na - 1  # "spokesman Ned Price"
                elif re_ == 0 and _lead_role(low, x, y, initial[x], lists, lower_words):
                    na = x + 1  # "Singer Sam Endicott" opening a sentence, "Spaniard Rafael Nadal"
                role_start = None
                if ra == na and (
                    _place_before_name(low, na, y, s, lists, lower_words)
                    or _possessive_before_name(form, low, na, y, midcap, lists, lower_words)
                ):
                    emit(na, na, na + 1)  # "Syria" of "envoy for Syria Staffan de Mistura"
                    ra = na = na + 1
                emit(ra, na, y)

    return out


def _lead_role(
    low: list[str], x: int, y: int, initial: bool, lists: _Lists, lower_words: frozenset[str]
) -> bool:
    """Whether the first word of the run ``x:y`` is a role and the rest a person's name of
    two or three words: a lower-case role capitalised because it opens the sentence
    (``Singer Sam Endicott said``, ``Lawyer Maria Ostrova``) or a nationality written as a
    noun anywhere (``Spaniard Rafael Nadal``, ``Briton Tim Henman``), when no word of the
    rest is a place, a connector or a word the corpus mostly writes in lower case and no
    organisation's word ends it."""
    first = low[x]
    return (
        first in lists.lead_roles
        and (initial or first not in lists.lower_roles)  # a nationality noun: anywhere
        and _person_words(low[x + 1 : y], lists, lower_words)
    )


def _person_words(rest: list[str], lists: _Lists, lower_words: frozenset[str]) -> bool:
    """Whether the words ``rest`` may be a person's name of two or three words: no place,
    connector or word the corpus mostly writes in lower case among them, no particle
    first, no organisation's word last."""
    return (
        2 <= len(rest) <= 3
        and lists.entity_words.get(rest[-1]) is None
        and not any(w in _CONNECTORS or w in lists.places or w in lower_words for w in rest)
        and rest[0] not in lists.particles
    )


def _possessive_before_name(
    form: list[str],
    low: list[str],
    a: int,
    b: int,
    midcap: set[str],
    lists: _Lists,
    lower_words: frozenset[str],
) -> bool:
    """Whether the run ``a:b`` opens with a possessive that lost its apostrophe, then a
    person's name of two or three words (``the Observatorys Rami Abdel Rahman said``, a
    scrape without apostrophes): the first word ends in ``s``, is no English word
    (wordfreq below :data:`KNOWN_ZIPF`; not ``News``, ``Williams``) and without its ``s``
    is a form the corpus capitalises mid-sentence (``Observatory``). The possessive is
    then a mention of its own (its owner, merged as lost apostrophes are)."""
    first = form[a]
    return (
        first.endswith("s")
        and not first.endswith("ss")
        and first[:-1] in midcap
        and _person_words(low[a + 1 : b], lists, lower_words)
        and wordfreq.zipf_frequency(low[a], "en") < KNOWN_ZIPF
    )


def _place_before_name(
    low: list[str], a: int, b: int, s: int, lists: _Lists, lower_words: frozenset[str]
) -> bool:
    """Whether the run ``a:b`` is a one-word place after a preposition and then a name of
    two or more words that no organisation's word ends and that has no word the corpus
    mostly writes in lower case or general English uses often (:data:`NAME_WORD_ZIPF`):
    ``in Syria Ali al-Zaatari``, ``for Syria Staffan de Mistura``, written as one
    capitalised run. The place is then a mention of its own. Not
    ``Damascus University``, ``Berlin Film Festival``, ``Aleppo Health Directorate``,
    nor a run the sentence opens."""
    return (
        b - a >= 3
        and not any(
            w not in lists.particles
            and (w in lower_words or wordfreq.zipf_frequency(w, "en") >= NAME_WORD_ZIPF)
            for w in low[a + 1 : b]
        )
        and not any(w in lists.places for w in low[a + 1 : b])
        and a > s
        and low[a] in lists.places
        and (low[a - 1] in _PLACE_PREPS or low[a - 1] in ("for", "of"))
        and low[a + 1] not in lists.places
        and low[a + 1] not in lists.particles
        and lists.entity_words.get(low[b - 1]) is None
    )


_LOWER_WORDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def lower_case_words(corpus) -> frozenset[str]:
    """The words ``corpus`` writes in lower case more often than capitalised inside a
    sentence: its common nouns and verbs (``analysts``, ``officials``), never a name it
    writes mid-sentence with a capital (``blair``).

    >>> "said" in lower_case_words(corpus), "russia" in lower_case_words(corpus)
    (True, False)
    """
    if corpus not in _LOWER_WORDS:
        _find(corpus, load_pack("syria"))
    return _LOWER_WORDS.get(corpus, frozenset())
