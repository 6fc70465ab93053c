"""Beat packs: lexicons of one beat's actors, labels and rules, and where they apply.

:func:`load_pack` reads a shipped pack (``resources/packs/<name>/``) or a user's folder
(aliases, types, labels, anchor terms); :func:`beat_coverage` says which articles belong
to the pack's beat, so that its rules (``implied`` and the like) apply only there, and
:func:`context_ok` whether a ``context = group`` alias (the upper-case ``IS``) counts in
its sentence. Re-exported by :mod:`corpus_utils.sources.entities`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import resources
from ..prepare.tokenization import fold

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
    label_kinds = ("label", "actor", "modifier", "implied", "not_before", "verb_form")
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


SHOUTED = 0.6  # a sentence with at least this share of words in capitals is shouted


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
