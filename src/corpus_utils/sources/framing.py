"""Framing: which labels are applied to which actors, in whose voice, in which outlet.

Labels (``militants``, ``jihadists``, ``terrorists``, ``rebels``, ``forces`` ...), the
actor groups they can be applied to (ISIS, HTS, the SDF, the Syrian government, Russia,
the U.S.-led coalition, rebels/opposition, Iran-backed militias) and the modifier words
that point to a group (``Syrian``, ``Russian``, ``Iran-backed``) are all in
``resources/labels.csv``; named actors come from the token table's ``actor`` column
(``resources/actors.csv``).

When a label counts as *applied to* an actor (one sentence, no parser; first rule that
matches wins, a named actor before a modifier word):

1. ``of``/``from``: ``militants of Hayat Tahreer al-Sham``, ``Kurdish militias of the
   Syrian Democratic Forces``, ``fighters from Russia's North Caucasus region``: the
   actor (or modifier) within three tokens after ``of``/``from``, skipping articles.
2. ``such as``/``including``/``like``: ``jihadist groups such as ISIS and Hayat Tahrir
   al-Sham``: every named actor in the list (one head noun may stand between).
3. name after a head noun: ``the terrorist group Islamic State``.
4. pre-modifier: a named actor or modifier word at most three tokens before the label,
   with only content words between (``ISIS fighters``, ``Islamic State militant group``,
   ``Syrian government forces``, ``Russian special forces``, ``Iran-backed militants``).
   Modifier words do not attach to labels that name their own side (``Syrian rebels``
   stays with rebels/opposition).
5. implied: ``regime`` names the Syrian government, ``rebels``/``opposition`` the
   rebels/opposition, when nothing else is attached.
6. only with ``window=N``: the nearest actor or modifier within N tokens in the
   sentence (rule ``window``; noisy, off by default).

Beats: the actor groups, modifier words and ``implied`` sides are the rules of a beat
pack (``resources/packs/syria.csv``, which includes ``labels.csv``) and apply only in
the articles of its beat (:func:`corpus_utils.sources.entities.beat_coverage`). Outside it the
same rules 1-4 (and 6) attach labels to the corpus's own entities
(:func:`corpus_utils.sources.entities.mentions`: ``Zimbabwe's regime`` -> ``Zimbabwe``), with
no modifier words and no implied side: ``the opposition in Congress`` is not the Syrian
opposition. An upper-case ``IS`` is ISIS only in a sentence about the group.

Anything else is ``(unattached)``. Limits: predicates and appositives (``HTS ... has been
designated as a terrorist organization``), pronouns (``its forces``) and coordination
(``Russian and Syrian special forces`` attaches to the nearest, Syrian) are missed; a
capitalised label inside a name (``Syrian Democratic Forces``, ``Popular Mobilization
Forces``) is not a label, nor is one directly before an equipment word listed as
``not_before`` (``fighter jets``). Every count comes with its evidence row, so read them.

The rules above, per sentence, are in :mod:`corpus_utils.sources.label_rules`; this
module reads the tokens, runs them sentence by sentence and builds the tables.

Hedging: :func:`hedge_hits` and :func:`hedging` (in :mod:`corpus_utils.sources.hedging`,
re-exported here) count the patterns of ``resources/hedges.csv`` (reportedly, allegedly,
claimed, said, could not be verified ...) per outlet (or any document column) and voice,
per 1,000 words.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..prepare.tokenization import fold
from ..prepare.voices import DOUBLE_MARKS, SINGLE_MARKS, token_voices
from . import entities
from .hedging import hedge_hits, hedging
from .label_rules import _T, UNATTACHED, _as_verb, _attach, _in_name, _lexicon, _outside

__all__ = [
    "EVIDENCE_COLUMNS",
    "FOCUS_KINDS",
    "UNATTACHED",
    "actor_groups",
    "actor_label_table",
    "hedge_hits",
    "hedging",
    "kwic_terms",
    "label_evidence",
    "labels",
    "labels_sentence",
]

EVIDENCE_COLUMNS = [
    "doc_id",
    "sent_id",
    "token_id",
    "label",
    "token",
    "start",
    "end",
    "actor",
    "actor_text",
    "actor_start",
    "actor_end",
    "rule",
    "voice",
    "in_beat",
    "text",
]


def labels(pack: entities.PackLike = "syria") -> list[str]:
    """The labels of a beat pack (the shipped one: ``resources/labels.csv``), in file order."""
    return list(_lexicon(pack).label_order)


def actor_groups(pack: entities.PackLike = "syria") -> list[str]:
    """The actor groups of a beat pack (``resources/labels.csv``), in file order."""
    return list(_lexicon(pack).group_order)


# --- evidence ------------------------------------------------------------------------------


def label_evidence(
    corpus,
    *,
    window: int = 0,
    metadata: bool | Sequence[str] = ("outlet",),
    pack: entities.PackLike = "syria",
    outside: str = "entities",
) -> pd.DataFrame:
    """One row per (label occurrence, actor it is applied to).

    Columns: ``doc_id, sent_id, token_id, label`` (canonical), ``token`` (as written),
    ``start, end`` (the label's offsets in ``docs.text``), ``actor`` (the actor group, or
    ``(unattached)``), ``actor_text, actor_start, actor_end`` (the words that name it;
    NA for implied or unattached), ``rule`` (``of``, ``such as``, ``head + name``,
    ``premodifier``, ``implied``, ``window``, ``unattached``), ``voice`` (of the label
    token: narration, partial or quote), ``in_beat`` (the article is in the pack's beat:
    :func:`corpus_utils.sources.entities.beat_coverage`), ``text`` (the sentence), plus the
    document ``metadata`` columns (default ``outlet``).

    The pack's actor groups, modifier words and ``implied`` sides apply only in articles
    of its beat. Elsewhere (``outside="entities"``) the same attachment rules apply to
    the corpus's own entities (:func:`corpus_utils.sources.entities.mentions`: ``Zimbabwe's
    regime`` -> ``Zimbabwe``), and a label with none stays unattached;
    ``outside="pack"`` applies the pack everywhere (the old behaviour, for a corpus
    known to be of the beat).

    Args:
        window: also attach to the nearest actor within this many tokens (rule 6).
        metadata: document columns to add (``True``: all, ``False``: none).
        pack: the beat pack (name, CSV path or :class:`~corpus_utils.sources.entities.Pack`).
        outside: ``"entities"`` or ``"pack"``, as above.
    """
    if outside not in ("entities", "pack"):
        raise ValueError(f"outside must be 'entities' or 'pack', not {outside!r}")
    lex = _lexicon(pack)
    other = _outside(lex)
    beat = entities.in_beat_docs(corpus, pack=pack) if outside == "entities" else None
    toks = corpus.tokens()
    toks["actor"] = toks["actor"].where(entities.context_ok(corpus, toks, pack=pack))
    is_label = toks["norm"].str.lower().isin(list(lex.labels)) & toks["actor"].isna()
    keys = toks.loc[is_label, ["doc_id", "sent_id"]].drop_duplicates()
    toks = token_voices(corpus, toks.merge(keys, on=["doc_id", "sent_id"], how="inner"))
    names = _entity_tokens(corpus, toks, beat, pack) if beat is not None else {}
    rows = []
    cols = [
        "doc_id",
        "sent_id",
        "token_id",
        "token",
        "norm",
        "actor",
        "start",
        "end",
        "is_punct",
        "is_stop",
        "voice",
    ]
    sentence: list[_T] = []
    key = None
    records = toks[cols].assign(norm=_folded_lower(toks["token"])).itertuples(index=False)

    def flush(sent: list[_T], k) -> None:
        inside = beat is None or k[0] in beat
        use = lex if inside else other
        for i, t in enumerate(sent):
            if t.low not in use.labels or t.actor or _in_name(sent, i):
                continue
            if i + 1 < len(sent) and sent[i + 1].low in use.not_before:
                continue  # "fighter jets"
            if t.low in use.verb_forms and _as_verb(sent, i, use):
                continue  # "the act forces companies to ...": a verb, not a label
            for a, group, rule in _attach(sent, i, use, window):
                rows.append(
                    {
                        "doc_id": k[0],
                        "sent_id": k[1],
                        "token_id": t.token_id,
                        "label": use.labels[t.low],
                        "token": t.token,
                        "start": t.start,
                        "end": t.end,
                        "actor": group,
                        "actor_text": pd.NA if a is None else (a.a_text or a.token),
                        "actor_start": pd.NA if a is None else (a.a_start or a.start),
                        "actor_end": pd.NA if a is None else (a.a_end or a.end),
                        "rule": rule,
                        "voice": t.voice,
                        "in_beat": inside,
                    }
                )

    for doc_id, sent_id, token_id, token, low, actor, a, b, punct, stop, voice in records:
        k = (doc_id, sent_id)
        if k != key:
            if sentence:
                flush(sentence, key)
            sentence, key = [], k
        name = names.get((doc_id, int(token_id)))
        if beat is not None and doc_id not in beat:
            actor = name[0] if name else None
        sentence.append(
            _T(
                str(token),
                low,
                None if actor is None or pd.isna(actor) else str(actor),
                int(a),
                int(b),
                int(token_id),
                bool(punct) or token in DOUBLE_MARKS or token in SINGLE_MARKS,
                bool(stop),
                str(voice),
                *(name[1:] if name else ()),
            )
        )
    if sentence:
        flush(sentence, key)
    df = pd.DataFrame(rows, columns=[c for c in EVIDENCE_COLUMNS if c != "text"])
    df = df.astype(
        {
            "doc_id": "string",
            "sent_id": "int32",
            "token_id": "int32",
            "label": "string",
            "token": "string",
            "start": "int32",
            "end": "int32",
            "actor": "string",
            "actor_text": "string",
            "actor_start": "Int32",
            "actor_end": "Int32",
            "rule": "string",
            "voice": "string",
            "in_beat": "bool",
        }
    )
    sents = corpus.sentences[["doc_id", "sent_id", "text"]]
    df = df.merge(sents, on=["doc_id", "sent_id"], how="left", validate="many_to_one")
    if metadata:
        df = corpus.with_metadata(df, None if metadata is True else list(metadata))
    return df.sort_values(["doc_id", "start", "actor"], kind="stable").reset_index(drop=True)


def _folded_lower(tokens: pd.Series) -> pd.Series:
    """``fold(token).lower()`` of every token, computed once per distinct token."""
    if isinstance(tokens.dtype, pd.CategoricalDtype) and not tokens.isna().any():
        forms = np.array([fold(str(t)).lower() for t in tokens.cat.categories], dtype=object)
        return pd.Series(forms[tokens.cat.codes.to_numpy()], index=tokens.index, dtype=object)
    return tokens.map(lambda t: fold(str(t)).lower()).astype(object)


def _entity_tokens(
    corpus, toks: pd.DataFrame, beat: frozenset[str], pack: entities.PackLike
) -> dict[tuple[str, int], tuple[str, str, int, int]]:
    """``(doc_id, token_id) -> (entity, name, start, end)`` for the tokens of the
    corpus's own entity names in the sentences of ``toks``, outside the beat."""
    m = entities.mentions(corpus, pack=pack)
    m = m[~m["doc_id"].isin(list(beat)) & m["kind"].ne("nationality")]
    m = m.merge(toks[["doc_id", "sent_id"]].drop_duplicates(), on=["doc_id", "sent_id"])
    out = {}
    for doc_id, entity, name, start, b, first, last in m[
        ["doc_id", "entity", "name", "name_start", "end", "first_token", "last_token"]
    ].itertuples(index=False):
        for t in range(int(first), int(last) + 1):
            out[(str(doc_id), t)] = (str(entity), str(name), int(start), int(b))
    return out


def actor_label_table(
    evidence: pd.DataFrame,
    *,
    by: str | Sequence[str] = (),
    attached_only: bool = True,
    pack: entities.PackLike = "syria",
) -> pd.DataFrame:
    """Counts of labels (columns) applied to each actor (rows), per ``by`` group.

    ``by`` names evidence columns, e.g. ``"voice"``, ``"outlet"`` or ``["outlet",
    "voice"]``; the row index is ``(*by, actor)``. Every actor group and label of the
    lexicon appears (zeros included), actors and labels in lexicon order. Filter the
    evidence (``ev[(ev.actor == "ISIS") & (ev.label == "terrorists")]``) to read a cell.
    Entities of the corpus that labels were applied to outside the pack's beat follow
    the pack's groups, alphabetically.
    """
    lex = _lexicon(pack)
    by = [by] if isinstance(by, str) else list(by)
    ev = evidence
    if attached_only:
        ev = ev[ev["actor"] != UNATTACHED]
    actors = [*lex.group_order, *([] if attached_only else [UNATTACHED])]
    actors += sorted(set(ev["actor"].dropna()) - set(actors))
    counts = ev.groupby([*by, "actor", "label"], observed=True).size().unstack("label")
    counts = counts.reindex(columns=list(lex.label_order), fill_value=0).fillna(0)
    if by:
        groups = ev[by].drop_duplicates().sort_values(by)
        full = pd.MultiIndex.from_tuples(
            [(*g, a) for g in groups.itertuples(index=False) for a in actors],
            names=[*by, "actor"],
        )
    else:
        full = pd.Index(actors, name="actor")
    out = counts.reindex(full, fill_value=0).fillna(0).astype("int64")
    out.columns.name = "label"
    return out


# --- which terms a notebook reads in context ----------------------------------------------

FOCUS_KINDS = ("person", "organisation", "group")


def kwic_terms(
    corpus, *, terms: Sequence[str] | None = None, pack: entities.PackLike = "syria", k: int = 6
) -> tuple[list[str], str]:
    """The terms whose KWIC lines a notebook shows, and one sentence saying which and why.

    ``terms`` given: those. Else, when the pack's beat covers at least its
    ``min_coverage`` share of the articles, the pack's labels used most in the beat's
    articles (``militants``, ``rebels`` ...); below it the labels would be read outside
    their beat (*opposition* to a takeover, *forces* of a law), so the terms are the
    people, organisations and groups the corpus names most, each in its most frequent
    written form (``Blair`` for Tony Blair, ``EU`` for the European Union).

    >>> kwic_terms(corpus, terms=["Putin"])[0]
    ['Putin']
    """
    if terms is not None:
        given = [str(t) for t in terms]
        return given, f"KWIC lines for the terms given as a parameter: {_listed(given)}."
    p = entities.load_pack(pack)
    cov = entities.beat_coverage(corpus, pack=p)
    n, n_in = len(cov), int(cov["in_beat"].sum())
    share = n_in / n if n else 0.0
    head = (
        f"{n_in:,} of {n:,} articles ({share:.0%}) are in the beat of the {p.name!r} pack "
        f"({p.title})"
    )
    if n and share >= p.min_coverage:
        toks = corpus.tokens()
        beat = toks["doc_id"].isin(list(cov.loc[cov["in_beat"], "doc_id"]))
        forms = _lexicon(p).labels
        used = toks.loc[beat, "norm"].astype(str).str.lower().map(forms).dropna().value_counts()
        chosen = sorted(used.index, key=lambda t: (-int(used[t]), t))[:k]
        return chosen, (
            f"{head}: the KWIC lines are for the pack's labels used most in those articles "
            f"({_listed(chosen) or 'none'})."
        )
    focus = entities.focus_entities(corpus, k=k, pack=p, kinds=FOCUS_KINDS)
    table = entities.entities(corpus, pack=p).set_index("entity")
    chosen = [str(table.loc[e, "variants"]).split("; ")[0] for e in focus["entity"]]
    why = (
        f"{head}, below its threshold of {p.min_coverage:.0%}: its labels would be read "
        "outside their beat, so the KWIC lines are for the people, organisations and "
        f"groups the corpus names most ({_listed(chosen) or 'none found'})."
    )
    return chosen, why


def _listed(terms: Sequence[str]) -> str:
    return ", ".join(f"*{t}*" for t in terms)


def labels_sentence(corpus, evidence: pd.DataFrame, *, pack: entities.PackLike = "syria") -> str:
    """One sentence on the labels of ``evidence`` (:func:`label_evidence`): how many, how
    many in quotes, and how many inside the pack's beat, which says what they can mean.

    >>> labels_sentence(corpus, label_evidence(corpus)).endswith("all in articles of its beat.")
    True
    """
    p = entities.load_pack(pack)
    n = len(evidence)
    quoted = int((evidence["voice"] != "narration").sum()) if n else 0
    inside = int(evidence["in_beat"].sum()) if n else 0
    out = f"The {p.name!r} pack's labels occur {n:,} times, {quoted:,} of them inside quotes"
    if n == 0 or inside == n:
        return out + "; all in articles of its beat."
    return out + (
        f"; {n - inside:,} of them outside its beat ({p.title}), where they are ordinary "
        "words (an *opposition* to a plan, the *forces* of a law) attached only to the "
        "corpus's own names."
    )
