"""Naming speakers: an article's mentions by position and the roles seen with them.

:func:`article_names` gives per article an :class:`ArticleNames` index that the
attribution resolver asks for the full name a surname stands for, the person a role
description (``the diplomat``) fits, and the persons named in a window;
:func:`role_words` and :func:`role_fits` read ``resources/role_words.csv``.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from .. import resources
from ..prepare.tokenization import fold
from .name_finding import _lists
from .name_merging import _without_particle, mentions
from .packs import PackLike
from .speaker_tokens import _SPOKES, _lexicon

# --- naming speakers: an article's mentions by position, and the roles seen with them ----

_DETERMINER_WORDS = frozenset("the a an this that these those its their his her".split())
_ROLE_WINDOW = 40  # characters before a mention read for words like "UN" in "UN envoy X"
_APPOSITIVE_CHARS = 90  # ", the Russian ambassador to Syria," after a name
_MAX_WINDOW_PERSONS = 30  # mentions a pronoun's window reads (a longer window: no answer)
# one-word roles that other articles' names do not settle alone: most are part of longer
# titles ("the secretary" of state or general; "the official" of any body)
_GENERIC_ROLES = frozenset(
    "official officer secretary minister director head chief member source aide adviser "
    "representative".split()  # (a spokesman never: _SPOKES)
)
_MAX_ROLE_STEPS = 20  # earlier mentions a description looks at when its modifiers fail


@cache
def role_fits() -> dict[str, frozenset[str]]:
    """``resources/role_words.csv``: a description word -> the role words it may stand for.

    A description fits a role word when the two are the same word or the pair is
    listed (``the diplomat`` fits an ``ambassador``, ``the Russian leader`` a
    ``President``).

    >>> "ambassador" in role_fits()["diplomat"]
    True
    """
    fits: dict[str, set[str]] = defaultdict(set)
    table = resources.table("role_words.csv")
    for role, desc in table[["role", "description"]].itertuples(index=False):
        fits[desc.strip().lower()].add(role.strip().lower())
    return {d: frozenset(r) for d, r in fits.items()}


def place_words() -> frozenset[str]:
    """``resources/places.txt`` in lower case (``us``, ``uk``, ``syria``).

    >>> "syria" in place_words()
    True
    """
    return frozenset(w.lower() for w in _lists().places)


def role_words() -> frozenset[str]:
    """Every role word of ``role_words.csv`` and the lower-case roles of
    ``honorifics.csv`` (``spokesman``): words that say a name is a person's.

    >>> "ambassador" in role_words()
    True
    """
    return _role_vocabulary() | _lists().lower_roles


@cache
def _role_vocabulary() -> frozenset[str]:
    """Every role word of ``role_words.csv`` (a name seen with one is a person)."""
    fits = role_fits()
    return frozenset(fits) | frozenset(r for roles in fits.values() for r in roles)


def _phrases(words: list[str]) -> set[str]:
    """The words and the two- and three-word phrases of ``words`` (lower case)."""
    low = [w.lower() for w in words]
    out = set(low) | {w.rstrip(".") for w in low}
    for n in (2, 3):
        out |= {" ".join(low[k : k + n]) for k in range(len(low) - n + 1)}
    return out


def _words_before(text: str, start: int) -> list[str]:
    """Up to three words just before ``start`` in its clause (``UN`` in ``UN envoy X``)."""
    chunk = text[max(0, start - _ROLE_WINDOW) : start]
    cut = max(chunk.rfind(c) for c in '.!?,;:"()\n\u201c\u201d')
    return chunk[cut + 1 :].split()[-3:]


def _appositive(text: str, end: int) -> list[str]:
    """The words of an appositive after a name: ``, the Russian ambassador to Syria,``
    or ``, head of the Main Operations Department,`` (it opens with a lower-case word)."""
    chunk = text[end : end + _APPOSITIVE_CHARS]
    stripped = chunk.lstrip(" ")
    if not stripped.startswith(","):
        return []
    body = stripped[1:]
    stops = [k for k in (body.find(c) for c in ',.;:"()\n\u201c\u201d') if k >= 0]
    if not stops:
        return []
    words = body[: min(stops)].split()
    if not words or not words[0].isalpha() or not words[0].islower():
        return []  # "Kinshchak, 55," or a list of names: no role
    return words[1:] if words[0] in _DETERMINER_WORDS else words


@dataclass
class ArticleNames:
    """One article's name mentions by position, for naming the speakers of its ledger.

    Built by :func:`article_names`; ``at(pos)`` is the mention covering a character
    offset, ``by_role`` the nearest earlier person seen with a role a description fits.
    """

    starts: list[int]
    ends: list[int]
    name_starts: list[int]
    entity: list[str]
    kind: list[str]
    role: list[str]
    context: dict[str, set[str]] = field(default_factory=dict)  # entity -> words with it
    by_role_word: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    persons: list[tuple[int, str]] = field(default_factory=list)  # (start, entity), sorted
    names: list[str] = field(default_factory=list)  # each mention's name as written
    # entity -> role words seen with it in any article (one dict shared by all articles)
    corpus_context: dict[str, set[str]] = field(default_factory=dict)
    _fulls: dict[str, list[tuple[int, str]]] | None = field(default=None, repr=False)

    def other_names(self, lo: int, hi: int, entity: str) -> list[int] | None:
        """The mention indices of persons (or names of unknown kind) other than
        ``entity`` in ``[lo, hi)``; None for a stretch longer than the window read."""
        k = bisect.bisect_left(self.starts, lo)
        last = min(len(self.starts), k + _MAX_WINDOW_PERSONS)
        out = []
        for j in range(k, last):
            if self.starts[j] >= hi:
                return out
            if self.kind[j] in ("person", "other") and self.entity[j] != entity:
                out.append(j)
        return None if last < len(self.starts) and self.starts[last] < hi else out

    def sole_person(self, lo: int, hi: int) -> str | None:
        """The one person mentioned in ``[lo, hi)``; None when none or more than one."""
        k = bisect.bisect_left(self.persons, (lo, ""))
        found: set[str] = set()
        for pos, entity in self.persons[k : k + _MAX_WINDOW_PERSONS]:
            if pos >= hi:
                break
            found.add(entity)
            if len(found) > 1:
                return None
        return found.pop() if len(found) == 1 else None

    def full_name(self, k: int) -> str | None:
        """The longer name a one-word mention ``k`` stands for: the one person (or name of
        unknown kind) mentioned earlier in the article whose name ends in that word
        (``Wenger`` after ``Arsene Wenger``, ``Zaatari`` after ``Ali al-Zaatari``); None
        when there is none or more than one.

        >>> n = ArticleNames([0, 30], [13, 36], [0, 30], ["Arsene Wenger", "Wenger"],
        ...                  ["other", "other"], ["", ""])
        >>> n.full_name(1)
        'Arsene Wenger'
        """
        word = self.entity[k]
        if " " in word:
            return None
        if self.kind[k] == "organisation" or (
            self.kind[k] == "other" and _lists().entity_words.get(word.lower()) == "organisation"
        ):
            return self._organisation_with(word, k)
        if self.kind[k] not in ("person", "other"):
            return None
        return self.full_name_of(word, self.starts[k])

    def full_name_of(self, word: str, before: int) -> str | None:
        """The one person (or name of unknown kind) of two or more words mentioned
        before offset ``before`` whose name ends in ``word`` (case aside: the
        sentence-initial ``Al-Faris`` after ``Leys al-Faris``); None when none or more.

        >>> n = ArticleNames([0], [13], [0], ["Leys al-Faris"], ["other"], [""])
        >>> n.full_name_of("Al-Faris", 40)
        'Leys al-Faris'
        """
        if self._fulls is None:  # last word -> [(first mention index, full name)], once
            fulls: dict[str, dict[str, int]] = defaultdict(dict)
            for j, (e, kind) in enumerate(zip(self.entity, self.kind, strict=True)):
                if kind in ("person", "other") and " " in e:
                    last = e.split()[-1].casefold()
                    fulls[last].setdefault(e, j)
                    bare = _without_particle(last, _lists())
                    if bare != last:
                        fulls[bare].setdefault(e, j)  # "Zaatari" after "Ali al-Zaatari"
            self._fulls = {w: sorted((j, e) for e, j in d.items()) for w, d in fulls.items()}
        k = bisect.bisect_left(self.starts, before)
        found = [e for j, e in self._fulls.get(word.casefold(), ())[:2] if j < k]
        return found[0] if len(found) == 1 else None

    def _organisation_with(self, word: str, k: int) -> str | None:
        """``the Observatory`` after ``the Syrian Observatory for Human Rights``: the one
        organisation named before mention ``k`` with ``word`` among its words."""
        w = word.casefold()
        found = {
            self.entity[j]
            for j in range(k)
            if self.kind[j] in ("organisation", "other")
            and j < len(self.names)
            and " " in self.names[j]
            and w in self.names[j].casefold().split()
        }
        return found.pop() if len(found) == 1 else None

    def sole_organisation(self, lo: int, hi: int) -> str | None:
        """The one organisation mentioned in ``[lo, hi)``; None when none or more. A name
        of unknown kind (``Acme Telecom``, not a person's) may be an organisation too:
        it leaves the answer open (None), it is never the answer."""
        k = bisect.bisect_left(self.starts, lo)
        found: set[str] = set()
        persons = {e for _, e in self.persons}
        for j in range(k, min(len(self.starts), k + _MAX_WINDOW_PERSONS)):
            if self.starts[j] >= hi:
                break
            if self.kind[j] == "other" and self.entity[j] not in persons:
                return None
            if self.kind[j] == "organisation":
                found.add(self.entity[j])
                if len(found) > 1:
                    return None
        return found.pop() if len(found) == 1 else None

    def at(self, pos: int) -> int | None:
        """The index of the mention covering offset ``pos``, or None."""
        k = bisect.bisect_right(self.starts, pos) - 1
        if k >= 0 and pos < self.ends[k]:
            return k
        return None

    def by_role(
        self, heads: Sequence[str], modifiers: Sequence[str], before: int, corpus: bool = True
    ) -> str | None:
        """The person nearest before ``before`` seen with a role a description fits.

        ``heads`` are the description's role phrases, longest first (``colonel
        general``, ``general``): a person seen with the longer phrase wins over a nearer
        one seen only with the shorter. ``modifiers`` (the capitalised words of the
        description: ``Russian``, ``UN``) must each be seen with that person too
        (``Russian`` matches ``Russia``). None when no person fits: a description is
        never guessed. With ``corpus``, a person seen with the role only in other
        articles counts too (:meth:`_corpus_fit`).
        """
        for head in heads:
            found = self._nearest(head.lower(), modifiers, before)
            if found is not None:
                return found
        return self._corpus_fit(heads, modifiers, before) if corpus else None

    def _corpus_fit(
        self, heads: Sequence[str], modifiers: Sequence[str], before: int
    ) -> str | None:
        """The one person named before ``before`` whom other articles of the corpus write
        with the description's role (``the prime minister told`` in an article that names
        Tony Blair without a role and Gordon Brown, where other articles write ``Prime
        Minister Tony Blair``); None when no person or more than one fits. Only the
        description's whole role phrase counts (``the former cabinet secretary`` is no
        ``secretary`` of another article), never a spokesman's, and only roles written
        with the name itself or in an appositive after it (``Mr Howard's spokesman`` is
        no role of Mr Howard's)."""
        head = heads[0].lower() if heads else ""
        if not head or head.split()[-1] in _SPOKES:
            return None  # "his spokesman", "the executive spokeswoman": someone else
        if " " not in head and not modifiers and head in _GENERIC_ROLES:
            return None  # "the secretary": of state, general, of a party ...
        k = bisect.bisect_left(self.persons, (before, ""))
        named = {e for _, e in self.persons[:k]}
        fits = {head} | role_fits().get(head, frozenset())
        found = {
            e
            for e in named
            if fits & (seen := self.corpus_context.get(e, set()))
            and all(_seen_with(m, seen) for m in modifiers)
        }
        return found.pop() if len(found) == 1 else None

    def _nearest(self, head: str, modifiers: Sequence[str], before: int) -> str | None:
        fits = {head} | role_fits().get(head, frozenset())
        best: tuple[int, str] | None = None
        for word in sorted(fits):
            hits = self.by_role_word.get(word, [])
            k = bisect.bisect_left(hits, (before, "")) - 1
            stop = max(-1, k - _MAX_ROLE_STEPS)
            while k > stop:
                pos, entity = hits[k]
                if all(_seen_with(m, self.context.get(entity, set())) for m in modifiers):
                    if best is None or pos > best[0]:
                        best = (pos, entity)
                    break
                k -= 1
        return None if best is None else best[1]


@cache
def _demonym_places() -> dict[str, frozenset[str]]:
    """``french`` -> ``{france}`` (``resources/demonyms.csv``): the adjectives whose
    country a five-letter stem does not find."""
    t = resources.table("demonyms.csv")
    out: dict[str, set[str]] = defaultdict(set)
    for adj, place in zip(t["adjective"].str.lower(), t["place"].str.lower(), strict=True):
        out[adj].add(place)
    return {k: frozenset(v) for k, v in out.items()}


def _seen_with(word: str, context: set[str]) -> bool:
    """Whether a modifier (``Russian``) matches a word seen with a name (``Russia``;
    ``French`` matches ``France`` by ``resources/demonyms.csv``)."""
    w = fold(word).lower().rstrip(".")
    stem = w[:5] if len(w) > 5 else w
    if any(c == w or (len(c) >= len(stem) and c.startswith(stem)) for c in context):
        return True
    return bool(_demonym_places().get(w, frozenset()) & context)


def article_names(corpus, *, pack: PackLike = "syria") -> dict[str, ArticleNames]:
    """Every article's :class:`ArticleNames`, by ``doc_id``.

    The roles seen with a person are the role or honorific of each mention (``UN
    envoy Staffan de Mistura``: ``envoy``), up to three words before it in its clause
    (``UN``) and an appositive after it (``Alexander Kinshchak, the Russian ambassador
    to Syria,``: ``Russian ambassador to Syria``), pooled over the article.

    >>> article_names(corpus)["001_bfcef8d604e55000"].entity[:2]
    ['Russian', 'Syria']
    """
    m = mentions(corpus, pack=pack).sort_values(["doc_id", "start"], kind="stable")
    texts = corpus._texts
    out: dict[str, ArticleNames] = {}
    corpus_seen: dict[str, set[str]] = defaultdict(set)  # entity -> roles, all articles
    cols = ["doc_id", "start", "end", "name_start", "entity", "kind", "role", "name"]
    col = {c: m[c].tolist() for c in cols}  # plain lists, sliced per article (sorted)
    docs = col["doc_id"]
    bounds = [i for i in range(1, len(docs)) if docs[i] != docs[i - 1]]
    for a, b in zip([0, *bounds], [*bounds, len(docs)], strict=True):
        if a == b:
            continue  # no mentions at all
        doc_id = str(docs[a])
        text = texts[doc_id]
        roles = [str(r) if isinstance(r, str) else "" for r in col["role"][a:b]]
        names = ArticleNames(
            col["start"][a:b],
            col["end"][a:b],
            col["name_start"][a:b],
            [str(e) for e in col["entity"][a:b]],
            [str(k) for k in col["kind"][a:b]],
            roles,
            names=[str(x) for x in col["name"][a:b]],
        )
        seen: dict[str, set[str]] = defaultdict(set)
        own: dict[str, set[str]] = defaultdict(set)  # from mentions with a role of their own
        firsts: dict[str, list[int]] = defaultdict(list)
        # a name of two or more words the article also writes by its last word
        # ("Arsene Wenger", then "Wenger") reads as a person's, role or not; the short
        # mentions count for the full name
        fulls = [
            names.full_name_of(e, a) if k == "other" and " " not in e else None
            for e, k, a in zip(names.entity, names.kind, names.starts, strict=True)
        ]
        surnamed = {f for f in fulls if f is not None}
        for j, (a, b, kind, role) in enumerate(
            zip(names.starts, names.ends, names.kind, roles, strict=True)
        ):
            if kind not in ("person", "other"):
                continue
            ent = fulls[j] or names.entity[j]
            appositive = _appositive(text, b)
            before = _words_before(text, a)
            words = role.split() + before + appositive
            phrases = _phrases(words)
            if kind == "other" and not phrases & _role_vocabulary() and ent not in surnamed:
                continue  # "Maria Zakharova, the ... spokeswoman," is a person
            seen[ent] |= phrases
            firsts[ent].append(a)
            if appositive or _phrases(role.split() + before[-1:]) & _role_vocabulary():
                # a role written with the name ("United boss Sir Alex Ferguson"), not
                # one the name is the object of ("a spokesman for Mr Howard")
                own[ent] |= phrases
        names.context = dict(seen)
        names.persons = sorted((a, e) for e, starts in firsts.items() for a in starts)
        index: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for ent, words in seen.items():
            for w in words:
                index[w].extend((a, ent) for a in firsts[ent])
        names.by_role_word = {w: sorted(v) for w, v in index.items()}
        out[doc_id] = names
        for ent, words in own.items():
            corpus_seen[ent] |= words
    for names in out.values():
        names.corpus_context = corpus_seen
    return out


_NAMED_TYPES = frozenset("official military group monitor agency media".split())  # not states


def _written_names(corpus) -> dict[tuple[str, str], str]:
    """``(doc_id, actor) -> the longest form of that lexicon actor written in the
    article`` (``Syrian Observatory for Human Rights`` for ``SOHR``, ``Bashar Assad``
    in an article that never writes ``Bashar al-Assad``), for persons and
    organisations; a state (``Russia``, also written ``Moscow``) keeps its name."""
    toks = corpus.tokens()
    tagged = toks.loc[toks["actor"].notna(), ["doc_id", "token_id", "actor", "start", "end"]]
    types = _lexicon().actor_types
    tagged = tagged[tagged["actor"].map(lambda a: types.get(a) in _NAMED_TYPES)]
    if tagged.empty:
        return {}
    doc, actor = tagged["doc_id"].astype(str), tagged["actor"].astype(str)
    new_run = (
        doc.ne(doc.shift())
        | actor.ne(actor.shift())
        | tagged["token_id"].ne(tagged["token_id"].shift() + 1)
    )
    runs = tagged.assign(doc=doc, act=actor, run=new_run.cumsum()).groupby("run")
    spans = runs.agg(
        doc=("doc", "first"), act=("act", "first"), a=("start", "min"), b=("end", "max")
    )
    texts = corpus._texts
    out: dict[tuple[str, str], str] = {}
    for d, a, start, end in spans[["doc", "act", "a", "b"]].itertuples(index=False):
        written = texts[d][start:end]
        written = written[4:] if written.lower().startswith("the ") else written
        key = (d, a)
        if len(written) > len(out.get(key, "")):
            out[key] = written
    return out
