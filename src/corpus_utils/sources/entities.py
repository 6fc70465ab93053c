"""Entities: the people, organisations and places a corpus names, variants merged.

No downloaded model: names are found in the token table (``Corpus.tokens()``, with its
offsets) by their form, and merged by rules a reader can check.

What a name is:

- a run of capitalised tokens in a sentence (``Tony Blair``, ``Bank of England``),
  going on across name particles (``Osama bin Laden``, ``Ursula von der Leyen``,
  ``resources/name_particles.txt``) and ``of``/``for``/``and`` when a capitalised
  token follows; hyphenated prefixes (``al-Assad``) are name tokens; a run stops at
  punctuation and at a possessive ``'s``;
- a sentence-initial token only when the same form is seen capitalised mid-sentence
  somewhere in the corpus, and never a function word, sentence starter or
  ``resources/not_names.txt`` word (``The``, ``Monday``): ``The`` is never an entity;
- sentences written in capitals or in title case (headlines) are skipped, but for
  actor names of the lexicon;
- never a name on its own: one letter (``Plan B``), a media word of ``not_names.txt``
  (``TV``, ``PC``), an acronym with a plural ``-s`` (``MPs``, ``DVDs``) or the singular
  of one the corpus writes so (``TV`` beside ``TVs``; not one it defines in brackets),
  and a one-word name the corpus mostly writes in lower case (``Analysts`` after a lost
  full stop: :func:`lower_case_words`);
- honorifics and roles (``resources/honorifics.csv``: ``Mr``, ``Dr.``, ``Gen.``,
  ``President``, ``Prime Minister``, ``Trade and Industry Secretary``, a lower-case
  ``spokesman`` just before the name) go to their own column, ``role``;
- an actor of the beat pack (``resources/packs/``; the tokenizer merges the shipped
  pack's aliases, ``Syrian Democratic Forces`` -> ``SDF``) keeps its canonical name and
  type. An alias marked ``context = group`` (the upper-case ``IS``) counts only in a
  sentence about the group: another anchor or label of the pack in the sentence, and
  the sentence not written in capitals.

How variants are merged (``basis`` column of :func:`mentions`):

1. ``pack``: a pack alias -> its canonical name (``Putin`` -> ``Vladimir Putin``);
2. ``name``: a name of two or more words stands for itself;
3. ``article``: a short form of an organisation's long name in the same article, its
   head noun and words of it (``the Observatory``, ``the Syrian Observatory`` after
   ``the Syrian Observatory for Human Rights``; ``the Institute`` after ``the Lumbridge
   Institute for Fiscal Studies``); a shorter name that ends another person's name
   (``Blair``, ``Mr Blair`` after ``Tony Blair``; ``state TV Barazi``, an acronym glued
   to the surname, after ``Talal Barazi``) -> the nearest such name before it (or the
   first after it); an acronym defined in the article (``Syrian Democratic Forces
   (SDF)``; its letters in order among the initials: ``International Federation of Red
   Cross and Red Crescent Societies (IFRC)``) -> the long form;
4. ``corpus``: a surname never given in full in its article -> the corpus's full name
   that ends in it when that one is at least twice as frequent as any other (a word
   common in English, ``French``, ``Health``, only when it carries a role in at least
   ``SURNAME_ROLES`` of its mentions), an acronym -> its most frequent definition in the
   corpus, a short form -> the long name most frequent with that head noun, and a
   possessive that lost its apostrophe (``Syrias``, ``Bashar Assads``) -> the name;
5. ``self``: anything else stands for itself.

So ``Donald Trump``, ``Trump``, ``Mr. Trump``, ``President Trump`` and ``President
Donald Trump`` are one entity, ``Donald Trump``. Every mention is kept with its offsets.

Kinds: ``person``, ``organisation``, ``place``, ``nationality``, ``other`` and
``group``: a capitalised plural of one word beside its adjective or nationality
(``Tories`` beside ``Tory leader``, ``Democrats`` beside ``Democratic``, ``Americans``
beside ``American``): people as a collective, never one person (no ``he``/``she``).

Beats: :func:`beat_coverage` tells which articles belong to a pack's beat (anchor terms,
counted per article); :mod:`corpus_utils.sources.framing` applies the pack's rules only there.
:func:`focus_entities` picks the entities a framing or dispersion view should show: the
pack's actors when the pack covers the corpus, else the corpus's own most frequent
people, organisations and places.

For the attribution ledger: :func:`canonical_names` (one row per mention, with offsets)
and :func:`resolve_name` (the entity a speaker's words name in one article).
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from collections.abc import Sequence

import pandas as pd

from ..prepare.tokenization import fold, word_spans
from .name_finding import (
    _PLURAL_ACRONYM,
    COMMON_ZIPF,
    KNOWN_ZIPF,
    _lists,
    _role_end,
    abbreviates,
    lower_case_words,
)
from .name_merging import (
    ADJECTIVAL,
    COMMON_SURNAME_ZIPF,
    MENTION_COLUMNS,
    SURNAME_ROLES,
    _pack_key,
    mentions,
)
from .packs import (
    SHOUTED,
    Pack,
    PackError,
    PackLike,
    beat_coverage,
    context_ok,
    coverage,
    coverage_sentence,
    in_beat_docs,
    load_pack,
    shipped_packs,
)
from .speaker_names import ArticleNames, article_names, place_words, role_fits, role_words

# the public surface of the entity modules, named here as before the split into
# packs, name_finding, name_merging and speaker_names
__all__ = [
    "ADJECTIVAL",
    "COMMON_SURNAME_ZIPF",
    "COMMON_ZIPF",
    "ENTITY_COLUMNS",
    "KINDS",
    "KNOWN_ZIPF",
    "MENTION_COLUMNS",
    "SHOUTED",
    "SURNAME_ROLES",
    "ArticleNames",
    "Pack",
    "PackError",
    "PackLike",
    "abbreviates",
    "article_names",
    "beat_coverage",
    "canonical_names",
    "context_ok",
    "coverage",
    "coverage_sentence",
    "entities",
    "focus_entities",
    "in_beat_docs",
    "is_name",
    "load_pack",
    "lower_case_words",
    "mentions",
    "place_words",
    "resolve_name",
    "role_fits",
    "role_words",
    "shipped_packs",
]


ENTITY_COLUMNS = ["entity", "kind", "variants", "roles", "mentions", "articles", "pack_type"]
KINDS = ("person", "organisation", "group", "place", "nationality", "other")


def entities(
    corpus, *, pack: PackLike = "syria", kinds: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per entity, most mentioned first.

    Columns: ``entity, kind``, ``variants`` (the names it is written as, most frequent
    first, ``; ``-joined), ``roles`` (the roles and honorifics seen with it),
    ``mentions``, ``articles`` (in how many it is named), ``pack_type`` (its type in the
    pack, NA when it is not a pack actor).

    Args:
        pack: the beat pack whose aliases and types enrich the names found.
        kinds: keep only these kinds (``["person", "organisation", "place"]``).

    >>> entities(corpus).columns.tolist()
    ['entity', 'kind', 'variants', 'roles', 'mentions', 'articles', 'pack_type']
    """
    m = mentions(corpus, pack=pack)
    if kinds is not None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kind(s) {sorted(unknown)}; choose from {list(KINDS)}")
        m = m[m["kind"].isin(list(kinds))]
    if m.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype="int64" if c in ("mentions", "articles") else "string")
                for c in ENTITY_COLUMNS
            }
        )
    types = load_pack(pack).types()

    def joined(col: str) -> pd.Series:
        """Distinct values of ``col`` per entity, most frequent first, ``; ``-joined."""
        c = m.groupby(["entity", col], sort=False).size().rename("n").reset_index()
        c = c.sort_values(["entity", "n", col], ascending=[True, False, True], kind="stable")
        return c.groupby("entity", sort=False)[col].agg("; ".join)

    g = m.groupby("entity", sort=False)
    out = pd.DataFrame(
        {
            "kind": g["kind"].first(),
            "mentions": g.size(),
            "articles": g["doc_id"].nunique(),
        }
    )
    out["variants"] = joined("name").reindex(out.index)
    out["roles"] = joined("role").reindex(out.index).fillna("")
    out = out.rename_axis("entity").reset_index()
    out["pack_type"] = pd.array([types.get(e) or None for e in out["entity"]], dtype="string")
    out = out.sort_values(["mentions", "entity"], ascending=[False, True], kind="stable")
    out = out.astype(
        {"entity": "string", "kind": "string", "variants": "string", "roles": "string"}
    )
    return out[ENTITY_COLUMNS].reset_index(drop=True)


# --- for the attribution ledger, framing and dispersion views ------------------------------


def canonical_names(corpus, *, pack: PackLike = "syria") -> pd.DataFrame:
    """``doc_id, start, end, mention, entity, kind``: every mention, role included in the
    span, for the attribution ledger to name its speakers by (see :func:`resolve_name`).

    >>> canonical_names(corpus).columns.tolist()
    ['doc_id', 'start', 'end', 'mention', 'entity', 'kind']
    """
    return mentions(corpus, pack=pack)[["doc_id", "start", "end", "mention", "entity", "kind"]]


_RESOLVERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_SURNAME = "\x00surname:"  # key prefix of the surname index (no form starts so)


def _resolver(corpus, pack: PackLike) -> tuple[dict, dict, dict]:
    per = _RESOLVERS.setdefault(corpus, {})
    key = _pack_key(pack)
    if key not in per:
        m = mentions(corpus, pack=pack)
        in_doc: dict[tuple[str, str], Counter] = defaultdict(Counter)
        anywhere: dict[str, Counter] = defaultdict(Counter)
        cols = [m[c].tolist() for c in ("doc_id", "name", "mention", "entity", "kind")]
        for doc_id, name, mention, entity, kind in zip(*cols, strict=True):
            for form in {fold(str(name)).lower(), fold(str(mention)).lower()}:
                in_doc[(str(doc_id), form)][str(entity)] += 1
                anywhere[form][str(entity)] += 1
            words = fold(str(entity)).lower().split()
            if len(words) >= 2 and kind in ("person", "other"):
                # "Mr. Putin" in an article that only writes "President Vladimir Putin"
                in_doc[(str(doc_id), f"{_SURNAME}{words[-1]}")][str(entity)] += 1
        kinds = dict(zip(cols[3], cols[4], strict=True))
        per[key] = (in_doc, anywhere, kinds)
    return per[key]


def resolve_name(corpus, doc_id: str, text: str, *, pack: PackLike = "syria") -> str | None:
    """The entity that ``text`` (a speaker's words: ``Mr. Trump``, ``the SDF``,
    ``President Trump``) names in article ``doc_id``, or None when it names none.

    Looked up among the article's own mentions first (so ``Mr Brown`` is the Brown of
    that article), then the corpus's; a leading ``the`` and a role or honorific are
    dropped first (``Prime Minister Tony Blair`` -> ``Tony Blair``). Function words are
    never names: ``resolve_name(corpus, d, "The")`` is None.

    >>> resolve_name(corpus, "001_bfcef8d604e55000", "Mr. Assad")
    'Bashar al-Assad'
    """
    in_doc, anywhere, _ = _resolver(corpus, pack)
    lists = _lists()
    spans = word_spans(text + " x")[:-1]
    words = [fold(text[a:b]) for a, b in spans]
    while words and words[0].lower() in lists.not_names:
        words = words[1:]
    if not words:
        return None
    k = _role_end(words, lists)
    candidates = [" ".join(words).lower()]
    if 0 < k < len(words):
        candidates.append(" ".join(words[k:]).lower())
    plain = [w for w in words[k:] if not w.rsplit("-", 1)[-1].endswith("ed")]
    if 0 < len(plain) < len(words[k:]):  # "the Britain-based Observatory": "Observatory"
        candidates.append(" ".join(plain).lower())
    for form in candidates:
        for table in (in_doc.get((str(doc_id), form)), anywhere.get(form)):
            if table:
                return sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    rest = words[k:] if 0 < k < len(words) else words
    if len(rest) == 1:  # a surname, alone or after a role, that one full name ends in
        table = in_doc.get((str(doc_id), f"{_SURNAME}{rest[0].lower()}"))
        if table and len(table) == 1:
            return next(iter(table))
    return None


def is_name(text: str, *, corpus=None) -> bool:
    """False when ``text`` holds no name: only function words, sentence starters,
    weekdays or roles (``The``, ``This``, ``the Prime Minister``), a plural acronym
    (``MPs``: a common noun), or, given the corpus, one word that the corpus writes in
    lower case more often than capitalised mid-sentence (``Analysts``, ``Officials``:
    :func:`lower_case_words`).

    >>> is_name("The"), is_name("the Prime Minister"), is_name("Mr Blair"), is_name("MPs")
    (False, False, True, False)
    """
    lists = _lists()
    spans = word_spans(text + " x")[:-1]
    words = [fold(text[a:b]) for a, b in spans]
    words = [w for w in words if w[:1].isalnum()]
    while words and words[0].lower() in lists.not_names:
        words = words[1:]
    k = _role_end(words, lists)
    rest = [w for w in (words[k:] if k < len(words) else []) if w.lower() not in lists.not_names]
    if len(rest) == 1 and _PLURAL_ACRONYM.fullmatch(rest[0].replace(".", "")):
        return False
    if len(rest) == 1 and corpus is not None and not rest[0].isupper():
        return rest[0].lower() not in lower_case_words(corpus)
    return bool(rest)


def focus_entities(
    corpus,
    *,
    k: int = 6,
    pack: PackLike = "syria",
    kinds: Sequence[str] = ("person", "organisation", "place"),
) -> pd.DataFrame:
    """The entities a framing or dispersion view should show, and why.

    When the pack's beat covers at least its ``min_coverage`` share of the articles, the
    pack's actors most mentioned in the beat's articles (``basis = "pack"``); else the
    corpus's own most mentioned entities of ``kinds`` (``basis = "corpus"``), so a
    politics corpus is not drawn as Iran, Putin and ISIS.

    Returns:
        ``entity, kind, mentions, articles, basis``, at most ``k`` rows, most mentioned
        first (ties by name).

    >>> len(focus_entities(corpus, k=6))
    6
    """
    p = load_pack(pack)
    m = mentions(corpus, pack=p)
    share = coverage(corpus, pack=p)
    if share >= p.min_coverage:
        beat = in_beat_docs(corpus, pack=p)
        pick = m[m["doc_id"].isin(list(beat)) & m["basis"].eq("pack")]
        basis = "pack"
    else:
        pick = m[m["kind"].isin(list(kinds))]
        basis = "corpus"
    g = pick.groupby("entity", sort=False)
    out = pd.DataFrame(
        {"kind": g["kind"].first(), "mentions": g.size(), "articles": g["doc_id"].nunique()}
    )
    out = out.rename_axis("entity").reset_index()
    out = out.sort_values(["mentions", "entity"], ascending=[False, True], kind="stable").head(k)
    out["basis"] = basis
    return out.astype({"entity": "string", "kind": "string", "basis": "string"}).reset_index(
        drop=True
    )
