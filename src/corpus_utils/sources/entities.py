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

import bisect
import re
import weakref
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import wordfreq

from .. import resources
from ..prepare.tokenization import fold, word_spans

MENTION_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "mention",
    "name",
    "role",
    "name_start",
    "entity",
    "kind",
    "basis",
    "first_token",
    "last_token",
]
ENTITY_COLUMNS = ["entity", "kind", "variants", "roles", "mentions", "articles", "pack_type"]
KINDS = ("person", "organisation", "group", "place", "nationality", "other")
_CONNECTORS = frozenset(["of", "for", "and", "&"])
_PLACE_PREPS = frozenset("in from to across near at into outside inside throughout".split())
_POSSESSIVE = frozenset(["'s", "'"])
_OPENERS = frozenset(['"', "``", "'", "`", "(", "[", ":", "-", "--", "\u2014", "\u2013"])
_NATIONALITY_ENDINGS = ("ian", "ese", "ish", "an", "i")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,7}s")
ADJECTIVAL = 0.5  # a one-word name used before a lower-case noun this often is an adjective
_TYPE_KIND = {
    "official": "person",
    "military": "person",
    "anonymous": "person",
    "group": "organisation",
    "agency": "organisation",
    "monitor": "organisation",
    "media": "organisation",
    "state": "place",
}


# --- packs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pack:
    """A beat pack (``resources/packs/<name>.csv``; see the README there).

    Attributes:
        name: the pack's name (its file stem).
        title: what the beat is.
        anchors: lower-case words and canonical actor names that mark the beat.
        aliases: ``variant, canonical, type, case_sensitive, context`` rows.
        labels: ``kind, term, maps_to`` rows (the columns of ``labels.csv``).
        settings: ``min_anchors``, ``min_anchor_hits``, ``min_coverage``.
    """

    name: str
    title: str
    anchors: frozenset[str]
    aliases: pd.DataFrame = field(compare=False, repr=False)
    labels: pd.DataFrame = field(compare=False, repr=False)
    min_anchors: int = 2
    min_anchor_hits: int = 3
    min_coverage: float = 0.3

    def context_variants(self) -> frozenset[str]:
        """Alias forms that count only in a sentence about the group (``IS``)."""
        a = self.aliases
        return frozenset(a.loc[a["context"].eq("group"), "variant"])

    def types(self) -> dict[str, str]:
        """``canonical -> actor type``."""
        a = self.aliases.drop_duplicates("canonical")
        return dict(zip(a["canonical"], a["type"], strict=True))


class PackError(ValueError):
    """A beat pack that cannot be read: unknown name, missing column, bad setting."""


PackLike = str | Path | Pack


def load_pack(pack: PackLike = "syria") -> Pack:
    """A beat pack by name (``resources/packs/<name>.csv``), CSV path, or as given.

    >>> load_pack("syria").min_anchors
    2
    """
    if isinstance(pack, Pack):
        return pack
    return _load_pack(str(pack))


@cache
def _load_pack(pack: str) -> Pack:
    path = Path(pack)
    if path.suffix.lower() == ".csv":
        if not path.is_file():
            raise PackError(f"no beat pack file {path}")
        with path.open(encoding="utf-8") as fh:
            df = pd.read_csv(fh, dtype=str, keep_default_na=False)
        name = path.stem
    else:
        try:
            df = resources.table(f"packs/{pack}.csv")
        except FileNotFoundError:
            raise PackError(
                f"no beat pack {pack!r}; shipped: {', '.join(shipped_packs())} "
                "(or give the path of a pack CSV)"
            ) from None
        name = pack
    missing = {"kind", "term"} - set(df.columns)
    if missing:
        raise PackError(f"beat pack {name!r} lacks the column(s) {', '.join(sorted(missing))}")
    for col in ("maps_to", "type", "case_sensitive", "context", "note"):
        if col not in df.columns:
            df[col] = ""
    df = df.apply(lambda s: s.str.strip())
    aliases, labels = [], []
    for inc in df.loc[df["kind"].eq("include"), "term"]:
        if inc == "actors.csv":
            a = resources.table("actors.csv")
            aliases.append(
                pd.DataFrame(
                    {
                        "variant": a["variant"],
                        "canonical": a["canonical"],
                        "type": a["actor_type"],
                        "case_sensitive": a["case_sensitive"].str.lower().eq("true"),
                        "context": "",
                    }
                )
            )
        elif inc == "labels.csv":
            labels.append(resources.table("labels.csv")[["kind", "term", "maps_to"]])
        else:
            raise PackError(f"beat pack {name!r}: cannot include {inc!r}")
    own = df[df["kind"].eq("alias")]
    aliases.append(
        pd.DataFrame(
            {
                "variant": own["term"],
                "canonical": own["maps_to"].where(own["maps_to"].ne(""), own["term"]),
                "type": own["type"],
                "case_sensitive": own["case_sensitive"].str.lower().eq("true"),
                "context": own["context"].str.lower(),
            }
        )
    )
    label_kinds = ("label", "actor", "modifier", "implied", "not_before")
    labels.append(df.loc[df["kind"].isin(label_kinds), ["kind", "term", "maps_to"]])
    alias_df = pd.concat(aliases, ignore_index=True).drop_duplicates("variant", keep="last")
    rows = df[df["kind"].eq("setting")]
    settings = dict(zip(rows["term"], rows["maps_to"], strict=True))
    try:
        return Pack(
            name=name,
            title=settings.get("title", name),
            anchors=frozenset(_anchor_key(t) for t in df.loc[df["kind"].eq("anchor"), "term"]),
            aliases=alias_df.reset_index(drop=True),
            labels=pd.concat(labels, ignore_index=True),
            min_anchors=int(settings.get("min_anchors", 2)),
            min_anchor_hits=int(settings.get("min_anchor_hits", 3)),
            min_coverage=float(settings.get("min_coverage", 0.3)),
        )
    except ValueError as exc:
        raise PackError(f"beat pack {name!r}: a setting is not a number ({exc})") from None


def shipped_packs() -> list[str]:
    """The names of the packs in ``resources/packs/``.

    >>> "syria" in shipped_packs()
    True
    """
    folder = resources._path("packs")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".csv"))


def _anchor_key(term: str) -> str:
    return fold(term).lower()


# --- beats ------------------------------------------------------------------------------


def beat_coverage(corpus, *, pack: PackLike = "syria") -> pd.DataFrame:
    """Which articles belong to the pack's beat: one row per article.

    Columns: ``doc_id, anchor_hits`` (occurrences of anchor terms), ``anchors``
    (distinct anchors), ``in_beat`` (at least the pack's ``min_anchors`` distinct and
    ``min_anchor_hits`` occurrences). An ``IS`` that fails its context test is no anchor.

    >>> float(beat_coverage(corpus)["in_beat"].mean())
    1.0
    """
    p = load_pack(pack)
    toks = corpus.tokens()
    codes, distinct = pd.factorize(toks["norm"])
    keys = np.array([_anchor_key(str(t)) for t in distinct], dtype=object)
    # "syrias": a possessive that lost its apostrophe in scraping counts as its anchor
    keys = np.array(
        [
            k[:-1] if k not in p.anchors and k.endswith("s") and k[:-1] in p.anchors else k
            for k in keys
        ],
        dtype=object,
    )
    is_anchor = np.array([k in p.anchors for k in keys], dtype=bool)
    key = pd.Series(keys[codes] if len(codes) else [], index=toks.index, dtype=object)
    hit = is_anchor[codes] & (codes >= 0) & context_ok(corpus, toks, pack=p)
    hits = toks.loc[hit, ["doc_id"]].assign(key=key[hit])
    n_hits = hits.groupby("doc_id", observed=True).size()
    n_distinct = hits.groupby("doc_id", observed=True)["key"].nunique()
    ids = pd.Index(corpus.docs["doc_id"])
    out = pd.DataFrame(
        {
            "doc_id": pd.array(ids, dtype="string"),
            "anchor_hits": n_hits.reindex(ids, fill_value=0).to_numpy(dtype="int64"),
            "anchors": n_distinct.reindex(ids, fill_value=0).to_numpy(dtype="int64"),
        }
    )
    out["in_beat"] = (out["anchors"] >= p.min_anchors) & (out["anchor_hits"] >= p.min_anchor_hits)
    return out


def coverage(corpus, *, pack: PackLike = "syria") -> float:
    """The share of articles in the pack's beat (0 for an empty corpus)."""
    cov = beat_coverage(corpus, pack=pack)
    return float(cov["in_beat"].mean()) if len(cov) else 0.0


def coverage_sentence(corpus, *, pack: PackLike = "syria") -> str:
    """One sentence for a notebook: how much of the corpus the pack's beat covers."""
    p = load_pack(pack)
    cov = beat_coverage(corpus, pack=p)
    n, k = len(cov), int(cov["in_beat"].sum())
    share = k / n if n else 0.0
    tail = (
        f"its rules apply in those articles only; the framing and dispersion views use "
        f"{'the pack' if share >= p.min_coverage else 'the corpus' + chr(39) + 's own entities'}."
    )
    return (
        f"{k:,} of {n:,} articles ({share:.0%}) are in the beat of the {p.name!r} pack "
        f"({p.title}); {tail}"
    )


def in_beat_docs(corpus, *, pack: PackLike = "syria") -> frozenset[str]:
    """The ``doc_id`` of every article in the pack's beat."""
    cov = beat_coverage(corpus, pack=pack)
    return frozenset(cov.loc[cov["in_beat"], "doc_id"].astype(str))


COMMON_ZIPF = 5.0  # wordfreq's Zipf scale: 5 = 10 per million words ("later", "former")
SHOUTED = 0.6  # a sentence with at least this share of words in capitals is shouted
KNOWN_ZIPF = 2.5  # wordfreq's Zipf scale: about 1 per 3 million words
COMMON_SURNAME_ZIPF = 4.0  # 1 per 10,000 words: "french", "health", "john", "brown"
SURNAME_ROLES = 0.4  # share of a common word's mentions with a role for it to be a surname


def context_ok(corpus, toks: pd.DataFrame, *, pack: PackLike = "syria") -> np.ndarray:
    """Per row of a token table: False for an actor token written as a context alias of
    the pack (the upper-case ``IS``) in a sentence not about the group.

    About the group: another anchor or a label of the pack is in the sentence, and the
    sentence is not written in capitals (``THE ILIAD IS THE ...``).
    """
    p = load_pack(pack)
    ok = np.ones(len(toks), dtype=bool)
    ctx = p.context_variants()
    if not ctx:
        return ok
    codes, distinct = pd.factorize(toks["token"])
    ctx_form = np.array([fold(str(t)) in ctx for t in distinct], dtype=bool)
    is_ctx = toks["actor"].notna().to_numpy() & ctx_form[codes] & (codes >= 0)
    if not is_ctx.any():
        return ok
    sent = toks.loc[is_ctx, ["doc_id", "sent_id"]].drop_duplicates()
    sub = toks.merge(sent, on=["doc_id", "sent_id"], how="inner")
    key = sub["norm"].map(_anchor_key, na_action="ignore")
    labels = set(p.labels.loc[p.labels["kind"].eq("label"), "term"].str.lower())
    sub_ctx = sub["actor"].notna() & sub["token"].map(fold).isin(ctx)
    cue = (key.isin(p.anchors) | key.isin(labels)) & ~sub_ctx
    word = ~sub["is_punct"] & sub["token"].str.contains(r"[A-Za-z]", regex=True)
    upper = word & sub["token"].str.isupper() & (sub["token"].str.len() > 1)
    g = sub.assign(cue=cue, word=word, upper=upper).groupby(["doc_id", "sent_id"], observed=True)
    stats = g[["cue", "word", "upper"]].sum()
    shouted = stats["upper"] >= SHOUTED * stats["word"]
    good = stats.index[(stats["cue"] > 0) & ~shouted]
    good_keys = set(good)
    pos = np.flatnonzero(is_ctx)
    d = toks["doc_id"].to_numpy(dtype=object)[pos]
    s = toks["sent_id"].to_numpy()[pos]
    ok[pos] = [(a, int(b)) in good_keys for a, b in zip(d, s, strict=True)]
    return ok


# --- word lists -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lists:
    roles: dict[str, list[tuple[str, ...]]]  # first token -> role phrases, longest first
    honorifics: frozenset[tuple[str, ...]]  # role phrases that take no words before them
    lower_roles: frozenset[str]
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
    return _Lists(
        roles=roles,
        honorifics=frozenset(honorifics),
        lower_roles=frozenset(lower),
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


def _find(corpus, p: Pack) -> list[_Mention]:
    lists = _lists()
    toks = corpus.tokens()
    n = len(toks)
    if n == 0:
        return []
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
    defined = np.isin(form, np.unique(form[bracketed]))
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
    _LOWER_WORDS[corpus] = frozenset(lowered.index[more_lower])
    role_first = set(lists.roles)
    ctx = p.context_variants()
    pack_words = {fold(v).lower() for v in p.aliases["variant"] if " " not in v} - ctx
    texts = corpus._texts
    out: list[_Mention] = []
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
            or (initial[ra] and form[ra] not in midcap and form[ra] not in role_first)
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
            place_prep=a > 0 and not new_sent[a] and low[a - 1] in _PLACE_PREPS,
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
                role_start = None
                emit(ra, na, y)

    return out


# --- merging ----------------------------------------------------------------------------


def _alias_lookup(p: Pack) -> tuple[dict[str, str], dict[str, str]]:
    """``variant -> canonical``: case-sensitive ones, and the rest in lower case."""
    a = p.aliases[p.aliases["context"].ne("group")]
    cs = a["case_sensitive"].astype(bool)
    exact = dict(zip(a.loc[cs, "variant"].map(fold), a.loc[cs, "canonical"], strict=True))
    lower = dict(
        zip(a.loc[~cs, "variant"].map(fold).str.lower(), a.loc[~cs, "canonical"], strict=True)
    )
    return exact, lower


def _is_full(m: _Mention, lists: _Lists) -> bool:
    """A name of two or more words that may be a person's (not an organisation or place)."""
    return (
        len(m.words) >= 2
        and m.canonical is None
        and not any(w in _CONNECTORS for w in m.words)
        and lists.entity_words.get(m.words[-1]) is None
        and " ".join(m.words) not in lists.places
        and m.words[-1] not in lists.places
    )


def _may_be_surname(m: _Mention, lists: _Lists) -> bool:
    """A short name that may stand for a longer one (not a place, acronym or org word)."""
    return (
        not m.acronym
        and m.canonical is None
        and " ".join(m.words) not in lists.places
        and lists.entity_words.get(m.words[-1]) is None
    )


def _merge(ms: list[_Mention], p: Pack, lower_words: frozenset[str] = frozenset()) -> None:
    """Set ``entity`` and ``basis`` of every mention (rules 1-5 of the module notes).

    A one-word mention left to stand for itself that the corpus mostly writes in lower
    case (``lower_words``: ``... the dollar Analysts said``, a lost full stop) gets the
    entity ``""``: it is no name, and :func:`_build` drops it."""
    lists = _lists()
    exact, lower = _alias_lookup(p)
    by_doc: dict[str, list[_Mention]] = defaultdict(list)
    for m in ms:
        by_doc[m.doc_id].append(m)
        if m.canonical is not None:
            m.entity, m.basis = m.canonical, "pack"
            continue
        key = fold(m.name)
        hit = exact.get(key) or lower.get(key.lower())
        if hit is not None:
            m.canonical = hit
            m.entity, m.basis = hit, "pack"
    corpus_defs: dict[str, Counter] = defaultdict(Counter)
    # names seen with a person's role or honorific ("Mr Blair", "President Trump")
    persons = {m.words for m in ms if m.person}
    corpus_heads: dict[str, Counter] = defaultdict(Counter)
    long_words: dict[str, set[str]] = defaultdict(set)  # long name -> its words
    for doc_ms in by_doc.values():
        fulls: dict[str, list[tuple[int, _Mention]]] = defaultdict(list)
        acronyms: dict[str, str] = {}
        heads: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for k, m in enumerate(doc_ms):
            if not m.basis and _is_full(m, lists):
                fulls[m.words[-1]].append((k, m))
            if m.defines:
                acronyms[m.defines] = m.canonical or m.name
                corpus_defs[m.defines][m.canonical or m.name] += 1
            head = _head_noun(m)
            if head is not None:
                heads[head].append((k, m.canonical or m.name))
                corpus_heads[head][m.canonical or m.name] += 1
                long_words[m.canonical or m.name] |= set(fold(m.name).lower().split())
        for k, m in enumerate(doc_ms):
            if m.basis:
                continue
            if m.acronym and m.name in acronyms:
                m.entity, m.basis = acronyms[m.name], "article"
                continue
            short = _short_form_of(m, heads, long_words)
            if short is not None:
                before = [c for c in short if c[0] < k]
                m.entity, m.basis = (before[-1] if before else short[0])[1], "article"
                continue
            words = m.words
            if len(words) == 2 and m.name.split()[0].isupper() and not m.acronym:
                words = words[1:]  # "state TV Barazi" after "Governor Talal Barazi"
            cands = [
                (j, f)
                for j, f in fulls.get(m.words[-1], ())
                if len(f.words) > len(words)
                and f.words[-len(words) :] == words
                and (f.words in persons or words in persons)
            ]
            if cands and _may_be_surname(m, lists):
                before = [c for c in cands if c[0] < k]
                _, f = before[-1] if before else cands[0]
                m.entity, m.basis = f.name, "article"
            elif len(m.words) >= 2:
                m.entity, m.basis = m.name, "name"
    # the corpus: surnames and acronyms not resolved in their article
    surname_like = _surname_test(ms)
    long_names = {h: _corpus_head(c) for h, c in corpus_heads.items()}
    full_counts: dict[str, Counter] = defaultdict(Counter)
    person_entities = {m.entity for m in ms if m.person}
    for m in ms:
        if m.basis == "name" and _is_full(m, lists):
            full_counts[m.words[-1]][m.entity] += 1
        elif m.basis == "article" and m.entity != m.name:
            full_counts[m.words[-1]][m.entity] += 1
    for m in ms:
        if m.basis == "name" and len(m.words) <= 3:
            short = _short_form_of(m, long_names, long_words)  # "the Syrian Observatory"
            if short is not None and short[0][1] != m.name:
                m.entity, m.basis = short[0][1], "corpus"
            continue
        if m.basis:
            continue
        m.entity, m.basis = m.name, "self"
        if len(m.words) == 1 and not m.acronym and corpus_defs.get(m.name.upper()):
            m.entity = corpus_defs[m.name.upper()].most_common(1)[0][0]  # "Sana" for "SANA"
            m.basis = "corpus"
            continue
        short = _short_form_of(m, long_names, long_words)
        if short is None and len(m.words) == 1 and not (m.acronym or m.person):
            if m.words[0] in lower_words:
                m.entity = ""
                continue
        if short is not None:
            m.entity, m.basis = short[0][1], "corpus"
            continue
        if m.acronym:
            defs = corpus_defs.get(m.name)
            if defs:
                m.entity, m.basis = defs.most_common(1)[0][0], "corpus"
            continue
        if len(m.words) == 1 and _may_be_surname(m, lists) and surname_like(m.words[0]):
            top = full_counts.get(m.words[0], Counter()).most_common(2)
            evidence = m.words in persons or (top and top[0][0] in person_entities)
            if top and evidence and (len(top) == 1 or top[0][1] >= 2 * top[1][1]):
                m.entity, m.basis = top[0][0], "corpus"
    _lost_apostrophes(ms, lists, exact, lower)


def _lost_apostrophes(
    ms: list[_Mention], lists: _Lists, exact: dict[str, str], lower: dict[str, str]
) -> None:
    """``Syrias``, ``Bashar Assads``: a possessive whose apostrophe was lost in scraping
    is the name without its ``s`` when that name is a pack alias or actor, a place or a person's
    name of two or more words (seen with a role) (``basis = "corpus"``). A one-word
    ``Williams`` stays itself (``William`` may be someone else), and so do ``Tories``,
    ``Americans`` and ``Liberal Democrats``.
    """
    named: dict[str, Counter] = defaultdict(Counter)
    persons = set()  # entities seen with a role or honorific
    for m in ms:
        named[m.name][m.entity] += 1
        if m.person:
            persons.add(m.entity)
    pack_entities = {m.entity for m in ms if m.basis == "pack"}
    for m in ms:
        if m.basis == "pack" or not m.name.endswith("s") or m.name.endswith("ss"):
            continue
        stem = m.name[:-1]
        alias = exact.get(fold(stem)) or lower.get(fold(stem).lower())
        if (stem not in named and alias is None) or m.name.isupper():
            continue
        if _known_word(m.name.split()[-1]):
            continue
        entity = alias or named[stem].most_common(1)[0][0]
        person = " " in stem and entity in persons
        if alias or entity in pack_entities or stem.lower() in lists.places or person:
            m.entity, m.basis = entity, "corpus"


def _head_noun(m: _Mention) -> str | None:
    """The head noun of an organisation's long name, lower case: the word before its
    first ``of``/``for`` (``observatory`` of ``Syrian Observatory for Human Rights``,
    ``bank`` of ``Bank of England``), or the last word of a name that defines an acronym
    (``union`` of ``Northern Fishing Union (NFU)``); None for any other mention."""
    words = fold(m.name).lower().split()
    if len(words) < 2:
        return None
    cut = next((k for k, w in enumerate(words) if w in ("of", "for")), None)
    if cut is not None and cut > 0:
        return words[cut - 1]
    return words[-1] if m.defines else None


def _short_form_of(
    m: _Mention, heads: dict[str, list[tuple[int, str]]], words: dict[str, set[str]]
) -> list[tuple[int, str]] | None:
    """The long names a short organisation mention may stand for: its last word is
    their head noun and its other words are among theirs, or participles (``the
    Observatory``, ``the Syrian Observatory``, ``the Britain-based Observatory`` after
    ``the Syrian Observatory for Human Rights``). ``heads`` maps a head noun to the
    ``(position, entity)`` of the long names that have it, ``words`` an entity to the
    words of its long names."""
    if m.acronym or m.canonical is not None or not 1 <= len(m.words) <= 3:
        return None
    found = heads.get(m.words[-1])
    if not found:
        return None
    mods = [w for w in m.words[:-1] if not w.rsplit("-", 1)[-1].endswith("ed")]
    fits = [(k, e) for k, e in found if all(w in words.get(e, ()) for w in mods)]
    return fits or None


def _corpus_head(found: Counter) -> list[tuple[int, str]]:
    """The corpus's long name for a head noun: the most frequent, when it is at least
    twice as frequent as the next (else none)."""
    top = found.most_common(2)
    if not top or (len(top) > 1 and top[0][1] < 2 * top[1][1]):
        return []
    return [(0, top[0][0])]


def _surname_test(ms: list[_Mention]):
    """Whether a one-word name may stand for a full name across the corpus: a word
    common in general English (wordfreq: ``French``, ``Health``, ``John``) only when at
    least ``SURNAME_ROLES`` of its one-word mentions carry a role or honorific (``Mr
    Brown``, ``President Bush``), so ``French`` of ``French troops`` is not the critic
    Philip French named in one article."""
    n: Counter = Counter()
    roled: Counter = Counter()
    for m in ms:
        if len(m.words) == 1:
            n[m.words[0]] += 1
            roled[m.words[0]] += m.person

    def test(word: str) -> bool:
        if wordfreq.zipf_frequency(word, "en") < COMMON_SURNAME_ZIPF:
            return True
        return roled[word] >= SURNAME_ROLES * n[word]

    return test


def _kinds(ms: list[_Mention], p: Pack) -> dict[str, str]:
    """The kind of each entity, from the pack's type, its roles, its words and contexts."""
    lists = _lists()
    types = p.types()
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in ms:
        v = votes[m.entity]
        v["n"] += 1
        v["person"] += m.person
        v["place"] += m.place_prep
        v["adj"] += m.adjectival
        # a surname merged into a full name ("Howard" -> "Michael Howard"), not a short
        # form or an acronym of an organisation ("the Institute", "LIFS")
        v["merged"] += (
            m.basis in ("article", "corpus")
            and m.entity != m.name
            and m.words[-1] == m.entity.lower().split()[-1]
        )
        v["acronym"] += m.acronym
        v["defines"] += m.defines is not None  # "Lumbridge Institute for ... (LIFS)"
    out = {}
    for entity, v in votes.items():
        words = entity.lower().split()
        last = lists.entity_words.get(words[-1].rstrip(".")) if words else None
        atype = types.get(entity)
        if atype:
            kind = _TYPE_KIND.get(atype, "other")
            if kind == "person" and any(lists.entity_words.get(w) for w in words):
                kind = "organisation"  # "Russian Defense Ministry"
        elif v["person"] and v["person"] >= 0.2 * v["n"]:
            kind = "person"
        elif last == "place" or entity.lower() in lists.places:
            kind = "place"
        elif last == "organisation" or v["defines"] or v["acronym"] >= 0.5 * v["n"]:
            kind = "organisation"
        elif v["merged"] and len(words) >= 2:
            kind = "person"
        elif (
            len(words) == 1 and words[0].endswith(_NATIONALITY_ENDINGS) and v["adj"] >= 0.5 * v["n"]
        ):
            kind = "nationality"
        elif v["place"] >= 0.5 * v["n"]:
            kind = "place"
        elif v["person"]:
            kind = "person"
        else:
            kind = "other"
        out[entity] = kind
    # "Labour" beside "Labour Party", "Acme" beside "Acme Corp": the organisation's name
    heads = {
        e.split()[0]
        for e, k in out.items()
        if k == "organisation"
        and len(e.split()) == 2
        and lists.entity_words.get(e.split()[1].lower().rstrip(".")) == "organisation"
    }
    for entity, kind in out.items():
        if kind == "other" and entity in heads:
            out[entity] = "organisation"
        if kind in ("other", "place", "person") and not types.get(entity) and _is_group(entity):
            singular = [(w, votes[w]) for w in _singulars(entity) if w in votes]
            if any(
                out.get(w) == "nationality" or (v["adj"] >= ADJECTIVAL * v["n"] and not v["person"])
                for w, v in singular
            ):
                out[entity] = "group"
    return out


def _is_group(entity: str) -> bool:
    """A capitalised plural of one word (``Tories``, ``Democrats``), no acronym."""
    return " " not in entity and entity.endswith("s") and not entity[:-1].isupper()


def _singulars(word: str) -> list[str]:
    """The forms whose plural ``word`` may be, adjectives included: ``Tories`` ->
    ``Tory``; ``Democrats`` -> ``Democrat``, ``Democratic``; ``Kurds`` -> ``Kurdish``.

    >>> _singulars("Tories")[:2], _singulars("Kurds")[-1]
    (['Tory', 'Torie'], 'Kurdish')
    """
    stem = word[:-1]
    out = [stem[:-2] + "y"] if word.endswith("ies") else []
    return [*out, stem, stem + "ic", stem + "ish"]


# --- public tables ----------------------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
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


def _pack_key(pack: PackLike) -> object:
    return id(pack) if isinstance(pack, Pack) else str(pack)


def mentions(corpus, *, pack: PackLike = "syria") -> pd.DataFrame:
    """Every name mention: one row each, in text order.

    Columns: ``doc_id, sent_id``, ``start, end`` (offsets in ``docs.text`` of the whole
    mention, role included), ``mention`` (its text: ``President Donald Trump``),
    ``name`` (without the role: ``Donald Trump``), ``role`` (``President``, ``Mr``,
    ``spokesman``; NA when none), ``name_start`` (where the name begins), ``entity``
    (the merged name), ``kind`` (``person``, ``organisation``, ``place``,
    ``nationality``, ``other``), ``basis`` (``pack``, ``name``, ``article``,
    ``corpus``, ``self``: see the module notes),
    ``first_token, last_token`` (``token_id`` of the name's first and last token in
    ``corpus.tokens()``).

    >>> mentions(corpus)[["mention", "entity", "basis"]].head(2)
      mention  entity basis
    0  Russia  Russia  self
    1  Syrian  Syrian  self
    """
    per = _CACHE.setdefault(corpus, {})
    key = _pack_key(pack)
    if key not in per:
        per[key] = _build(corpus, load_pack(pack))
    return per[key].copy()


def _build(corpus, p: Pack) -> pd.DataFrame:
    ms = _find(corpus, p)
    _merge(ms, p, _LOWER_WORDS.get(corpus, frozenset()))
    ms = [m for m in ms if m.entity]
    kinds = _kinds(ms, p)
    texts = corpus._texts
    df = pd.DataFrame(
        {
            "doc_id": pd.array([m.doc_id for m in ms], dtype="string"),
            "sent_id": np.array([m.sent_id for m in ms], dtype="int32"),
            "start": np.array([m.start for m in ms], dtype="int32"),
            "end": np.array([m.end for m in ms], dtype="int32"),
            "mention": pd.array(
                [" ".join(texts[m.doc_id][m.start : m.end].split()) for m in ms], dtype="string"
            ),
            "name": pd.array([m.name for m in ms], dtype="string"),
            "role": pd.array([m.role or None for m in ms], dtype="string"),
            "name_start": np.array([m.name_start for m in ms], dtype="int32"),
            "entity": pd.array([m.entity for m in ms], dtype="string"),
            "kind": pd.array([kinds[m.entity] for m in ms], dtype="string"),
            "basis": pd.array([m.basis for m in ms], dtype="string"),
            "first_token": np.array([m.first for m in ms], dtype="int32"),
            "last_token": np.array([m.last for m in ms], dtype="int32"),
        },
        columns=MENTION_COLUMNS,
    )
    return df


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
        cols = ["doc_id", "name", "mention", "entity", "kind"]
        for doc_id, name, mention, entity, kind in m[cols].itertuples(index=False):
            for form in {fold(str(name)).lower(), fold(str(mention)).lower()}:
                in_doc[(str(doc_id), form)][str(entity)] += 1
                anywhere[form][str(entity)] += 1
            words = fold(str(entity)).lower().split()
            if len(words) >= 2 and kind in ("person", "other"):
                # "Mr. Putin" in an article that only writes "President Vladimir Putin"
                in_doc[(str(doc_id), f"{_SURNAME}{words[-1]}")][str(entity)] += 1
        kinds = dict(zip(m["entity"], m["kind"], strict=False))
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


# --- naming speakers: an article's mentions by position, and the roles seen with them ----

_DETERMINER_WORDS = frozenset("the a an this that these those its their his her".split())
_ROLE_WINDOW = 40  # characters before a mention read for words like "UN" in "UN envoy X"
_APPOSITIVE_CHARS = 90  # ", the Russian ambassador to Syria," after a name
_MAX_WINDOW_PERSONS = 30  # mentions a pronoun's window reads (a longer window: no answer)
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
    _fulls: dict[str, list[tuple[int, str]]] | None = field(default=None, repr=False)

    def other_name(self, lo: int, hi: int, entity: str) -> bool:
        """Whether a person (or a name of unknown kind) other than ``entity`` is
        mentioned in ``[lo, hi)`` (a long stretch of names counts as one)."""
        k = bisect.bisect_left(self.starts, lo)
        last = min(len(self.starts), k + _MAX_WINDOW_PERSONS)
        for j in range(k, last):
            if self.starts[j] >= hi:
                return False
            if self.kind[j] in ("person", "other") and self.entity[j] != entity:
                return True
        return last < len(self.starts) and self.starts[last] < hi

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
        (``Wenger`` after ``Arsene Wenger``); None when there is none or more than one.

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
                    fulls[e.split()[-1].casefold()].setdefault(e, j)
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

    def by_role(self, heads: Sequence[str], modifiers: Sequence[str], before: int) -> str | None:
        """The person nearest before ``before`` seen with a role a description fits.

        ``heads`` are the description's role phrases, longest first (``colonel
        general``, ``general``): a person seen with the longer phrase wins over a nearer
        one seen only with the shorter. ``modifiers`` (the capitalised words of the
        description: ``Russian``, ``UN``) must each be seen with that person too
        (``Russian`` matches ``Russia``). None when no person fits: a description is
        never guessed.
        """
        for head in heads:
            found = self._nearest(head.lower(), modifiers, before)
            if found is not None:
                return found
        return None

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


def _seen_with(word: str, context: set[str]) -> bool:
    """Whether a modifier (``Russian``) matches a word seen with a name (``Russia``)."""
    w = fold(word).lower().rstrip(".")
    stem = w[:5] if len(w) > 5 else w
    return any(c == w or (len(c) >= len(stem) and c.startswith(stem)) for c in context)


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
    cols = ["doc_id", "start", "end", "name_start", "entity", "kind", "role", "name"]
    for doc_id, g in m[cols].groupby("doc_id", sort=False):
        doc_id = str(doc_id)
        text = texts[doc_id]
        roles = [str(r) if isinstance(r, str) else "" for r in g["role"].tolist()]
        names = ArticleNames(
            g["start"].tolist(),
            g["end"].tolist(),
            g["name_start"].tolist(),
            [str(e) for e in g["entity"]],
            [str(k) for k in g["kind"]],
            roles,
            names=[str(x) for x in g["name"]],
        )
        seen: dict[str, set[str]] = defaultdict(set)
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
            words = role.split() + _words_before(text, a) + _appositive(text, b)
            phrases = _phrases(words)
            if kind == "other" and not phrases & _role_vocabulary() and ent not in surnamed:
                continue  # "Maria Zakharova, the ... spokeswoman," is a person
            seen[ent] |= phrases
            firsts[ent].append(a)
        names.context = dict(seen)
        names.persons = sorted((a, e) for e, starts in firsts.items() for a in starts)
        index: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for ent, words in seen.items():
            for w in words:
                index[w].extend((a, ent) for a in firsts[ent])
        names.by_role_word = {w: sorted(v) for w, v in index.items()}
        out[doc_id] = names
    return out
