"""Document metadata: outlet and publication date, from a sidecar or inferred from the text.

Every value comes with a ``*_basis`` saying what it rests on. Publication dates are
windows: ``2017-09-20`` (a day), ``2017-09-20/2017-09-21`` (a closed window) or
``2017-09-06/..`` (on or after a date, open-ended, as ISO 8601-2 writes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from . import resources

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Capitalised only, so that the verb "may" is never read as a month.
_MONTH = (
    r"(?P<month>" + "|".join(m.title() for m in sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_PATTERNS = [
    # September 6, 2017 / Sept. 6 2017 / Jan. 17th, 2021
    ("day", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b")),
    # 6 September 2017
    ("day", re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH},?\s+{_YEAR}\b")),
    # 2017-09-06
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    # 24/6/2018 or 6/24/2018 (day and month told apart where one is over 12)
    ("numeric", re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d{2})\b")),
    # March 2019
    ("month", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b")),
]


@dataclass(frozen=True)
class DateMention:
    """A date the text mentions, as the earliest day it can mean."""

    earliest: date
    text: str
    precision: str  # "day" or "month"


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def date_mentions(text: str) -> list[DateMention]:
    """Fully specified dates and month-year mentions in ``text``.

    A numeric date where both parts could be the month (``5/6/2018``) counts as the
    earlier of its two readings, so it stays a safe lower bound.

    >>> [m.earliest.isoformat() for m in date_mentions("on 24/6/2018 and in March 2019")]
    ['2018-06-24', '2019-03-01']
    """
    found: dict[tuple[int, int], DateMention] = {}
    covered: set[int] = set()  # character positions already read as part of a date
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(text):
            if m.start() in covered:
                continue  # already read as part of a longer date
            g = m.groupdict()
            y = int(g["year"])
            if kind == "day":
                d = _safe_date(y, _MONTHS[g["month"].lower()], int(g["day"]))
                prec = "day"
            elif kind == "iso":
                d = _safe_date(y, int(g["m"]), int(g["d"]))
                prec = "day"
            elif kind == "numeric":
                a, b = int(g["a"]), int(g["b"])
                readings = [x for x in (_safe_date(y, b, a), _safe_date(y, a, b)) if x]
                d = min(readings) if readings else None
                prec = "day"
            else:
                d = date(y, _MONTHS[g["month"].lower()], 1)
                prec = "month"
            if d is not None:
                found[(m.start(), m.end())] = DateMention(d, m.group(0), prec)
                covered.update(range(m.start(), m.end()))
    return [found[k] for k in sorted(found)]


def infer_published(text: str) -> tuple[str | None, str]:
    """A lower bound on the publication date from the dates the text mentions.

    Returns ``(window, basis)``, the window open-ended (``2017-09-06/..``): an article
    is published on or after the latest date it mentions in full. Month-year mentions
    (``March 2019``) count from the first of the month. A text that looks ahead
    (``elections due in March 2026``) breaks this: the basis quotes the date so a reader
    can check, and a sidecar value always wins.

    >>> infer_published("Officials met on September 6, 2017, and again in March 2016.")
    ('2017-09-06/..', 'latest date in the text: "September 6, 2017" (published on or after it)')
    """
    mentions = date_mentions(text)
    if not mentions:
        return None, "no fully specified date or month-year in the text"
    latest = max(mentions, key=lambda m: (m.earliest, m.precision == "day"))
    basis = f'latest date in the text: "{latest.text}" (published on or after it)'
    return f"{latest.earliest.isoformat()}/..", basis


def infer_outlet(text: str, implied: list[str] | None = None) -> tuple[str | None, str]:
    """The outlet an article names as itself: ``told Newsweek``, ``Newsweek contacted``...

    ``implied`` are outlets implied by removed boilerplate (a syndication footer); they
    count like cues. With cues for more than one outlet, the one with most cues wins;
    a tie gives no outlet.

    >>> infer_outlet("A spokesman told Newsweek that the talks had failed.")
    ('Newsweek', 'cue in text: "told Newsweek"')
    """
    votes: dict[str, list[str]] = {}
    for outlet in implied or []:
        votes.setdefault(outlet, []).append("syndication footer")
    for _cue, rx, aliases in resources.outlet_cue_patterns():
        for m in rx.finditer(text):
            votes.setdefault(aliases[m.group("outlet")], []).append(f'"{m.group(0)}"')
    if not votes:
        return None, "no outlet cue in the text"
    ranked = sorted(votes.items(), key=lambda kv: -len(kv[1]))
    if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
        names = ", ".join(o for o, _ in ranked)
        return None, f"conflicting outlet cues ({names})"
    outlet, cues = ranked[0]
    shown = "; ".join(dict.fromkeys(cues))
    return outlet, f"cue in text: {shown}"


def parse_window(value: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    """``(start, end)`` of a date window; ``NaT`` for an open or unknown end.

    >>> parse_window("2017-09-20/2017-09-21")
    (Timestamp('2017-09-20 00:00:00'), Timestamp('2017-09-21 00:00:00'))
    >>> parse_window("2017-09")
    (Timestamp('2017-09-01 00:00:00'), Timestamp('2017-09-30 00:00:00'))
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return pd.NaT, pd.NaT
    text = str(value).strip()
    if not text:
        return pd.NaT, pd.NaT
    left, _, right = text.partition("/")
    start = _parse_point(left, end=False)
    if not _:
        return start, _parse_point(left, end=True)
    end = pd.NaT if right in ("..", "") else _parse_point(right, end=True)
    return start, end


def _parse_point(text: str, *, end: bool) -> pd.Timestamp:
    text = text.strip()
    if text in ("", ".."):
        return pd.NaT
    if re.fullmatch(r"\d{4}", text):
        return pd.Timestamp(f"{text}-12-31" if end else f"{text}-01-01")
    if re.fullmatch(r"\d{4}-\d{2}", text):
        ts = pd.Timestamp(f"{text}-01")
        return ts + pd.offsets.MonthEnd(0) if end else ts
    try:
        return pd.Timestamp(text).normalize()
    except ValueError as err:
        raise ValueError(
            f"cannot read the date {text!r}: write YYYY-MM-DD, YYYY-MM, YYYY, "
            "or a window START/END (END may be '..')"
        ) from err
