"""The package's word lists and lexicons, read once from ``resources/``.

Every list the pipeline uses lives in a CSV or TXT file beside this module, so a user
can read, extend or replace it for another beat or conflict.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources as _res
from typing import NamedTuple

import pandas as pd


def _path(name: str):
    return _res.files("corpus_utils").joinpath("resources", name)


@cache
def word_list(name: str) -> frozenset[str]:
    """A one-word-per-line list (``#`` starts a comment), lowercased.

    >>> "u.s" in word_list("abbreviations.txt")
    True
    """
    text = _path(name).read_text(encoding="utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(w.lower() for w in words if w)


def table(name: str) -> pd.DataFrame:
    """A CSV resource as a DataFrame of strings (a fresh copy each call)."""
    return _table(name).copy()


@cache
def _table(name: str) -> pd.DataFrame:
    with _path(name).open(encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def stopwords() -> frozenset[str]:
    """The package's English stop-word list (function words only)."""
    return word_list("stopwords_en.txt")


def abbreviations() -> frozenset[str]:
    """Abbreviations that do not end a sentence, plus every single letter (initials)."""
    return word_list("abbreviations.txt") | frozenset("abcdefghijklmnopqrstuvwxyz")


def sentence_starters() -> frozenset[str]:
    """Words that start a new sentence when capitalised after an abbreviation."""
    return word_list("sentence_starters.txt")


def actors() -> pd.DataFrame:
    """The actor lexicon: ``canonical, variant, actor_type, case_sensitive, note``."""
    df = table("actors.csv")
    df["case_sensitive"] = df["case_sensitive"].str.lower().eq("true")
    return df


class Rule(NamedTuple):
    """One cleaning rule from ``boilerplate.csv``."""

    kind: str
    scope: str  # "paragraph" (the whole paragraph goes) or "inline" (the match goes)
    rule: str
    regex: re.Pattern[str]
    min_words: int
    max_words: int | None  # a paragraph longer than this is never removed by the rule
    implies_outlet: str


@cache
def boilerplate_rules() -> tuple[Rule, ...]:
    """Compiled cleaning rules, in file order (the first paragraph rule that fits wins)."""
    df = _table("boilerplate.csv")
    return tuple(
        Rule(
            r.kind,
            r.scope,
            r.rule,
            re.compile(r.pattern),
            int(r.min_words or 0),
            int(r.max_words) if r.max_words else None,
            r.implies_outlet,
        )
        for r in df.itertuples(index=False)
    )


class OutletCue(NamedTuple):
    """One outlet cue from ``outlet_cues.csv``: its name, kind and compiled pattern."""

    cue: str
    kind: str  # "self" (the outlet names itself), "weak" ("told X") or "citation"
    regex: re.Pattern[str]  # with a group ``outlet`` matching any alias in outlets.csv


@cache
def outlet_aliases() -> dict[str, str]:
    """``alias -> outlet`` from ``outlets.csv``."""
    outlets = _table("outlets.csv")
    return dict(zip(outlets["alias"], outlets["outlet"], strict=True))


@cache
def outlet_name_pattern() -> re.Pattern[str]:
    """Any alias of ``outlets.csv`` as a whole word (group ``outlet``), longest first."""
    alternation = "|".join(re.escape(a) for a in sorted(outlet_aliases(), key=len, reverse=True))
    return re.compile(rf"\b(?P<outlet>{alternation})\b")


@cache
def outlet_cue_patterns() -> tuple[OutletCue, ...]:
    """The cues of ``outlet_cues.csv``, compiled, in file order."""
    alternation = outlet_name_pattern().pattern[2:-2]  # the (?P<outlet>...) group
    cues = _table("outlet_cues.csv")
    return tuple(
        OutletCue(c.cue, c.kind, re.compile(c.pattern.replace("{outlet}", alternation)))
        for c in cues.itertuples(index=False)
    )


@cache
def outlet_domains() -> dict[str, str]:
    """``domain -> outlet`` from ``domains.csv`` (lower-case host names, no ``www.``)."""
    table = _table("domains.csv")
    return dict(zip(table["domain"].str.lower(), table["outlet"], strict=True))


def text(name: str) -> str:
    """A resource file's text, as stored (templates such as ``report_page.html.j2``).

    >>> "extends" in text("report_page.html.j2")
    True
    """
    return _path(name).read_text(encoding="utf-8")
