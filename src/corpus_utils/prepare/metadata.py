"""Document metadata: outlet and publication date, from a sidecar or inferred from the text.

Every value comes with a ``*_basis`` saying what it rests on. Publication dates are
windows: ``2017-09-20`` (a day), ``2017-09-20/2017-09-21`` (a closed window) or
``2017-09-06/..`` (on or after a date, open-ended, as ISO 8601-2 writes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import pandas as pd
from pandas.errors import OutOfBoundsDatetime

from .. import resources

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
    can check, and a date given by the input always wins (``load_corpus`` uses the
    text's dates only when the input has no date source at all).

    >>> infer_published("Officials met on September 6, 2017, and again in March 2016.")[0]
    '2017-09-06/..'
    >>> infer_published("Officials met on September 6, 2017.")[1]
    'inferred: latest date in the text: "September 6, 2017" (published on or after it)'
    """
    mentions = date_mentions(text)
    if not mentions:
        return None, "no fully specified date or month-year in the text"
    latest = max(mentions, key=lambda m: (m.earliest, m.precision == "day"))
    basis = f'{INFERRED}latest date in the text: "{latest.text}" (published on or after it)'
    return f"{latest.earliest.isoformat()}/..", basis


_LIST_JOINT = re.compile(r",? (?:and |or )?(?:the )?")
INFERRED = "inferred: "  # how every basis of a value read from the article's own text starts


def infer_outlet(text: str, implied: list[str] | None = None) -> tuple[str | None, str]:
    """The outlet an article names as itself, from cues in ``resources/outlet_cues.csv``.

    The rules, so that an article citing another outlet is not given to it:

    - *self* cues (``Newsweek contacted``, ``Newsweek could not verify``, ``in an email
      to Newsweek``) and ``implied`` outlets (a removed syndication footer) count;
    - a *weak* cue (``told Newsweek``, ``speaking to Newsweek``), which is also how an
      outlet quotes another's interview, counts only if the text never cites that
      outlet (``according to X``, ``X reported``, ``X news agency``, ``quoted by X``...)
      and either a self cue names the same outlet or no other outlet is named in the
      text except where it is cited;
    - the outlet with most counted cues wins; a tie gives no outlet.

    The basis of a value starts with ``"inferred: "``.

    >>> infer_outlet("A spokesman told Newsweek that the talks had failed.")
    ('Newsweek', 'inferred: cue in text: "told Newsweek"')
    >>> infer_outlet("He told Reuters, the Reuters news agency said.")[0] is None
    True
    """
    aliases = resources.outlet_aliases()
    found: dict[str, list[tuple[str, str, tuple[int, int]]]] = {"self": [], "weak": []}
    cited: set[str] = set()
    cited_spans: set[tuple[int, int]] = set()
    for cue in resources.outlet_cue_patterns():
        for m in cue.regex.finditer(text):
            outlet = aliases[m.group("outlet")]
            if cue.kind == "citation":
                cited.add(outlet)
                cited_spans.add(m.span("outlet"))
                _cited_list(text, m.end("outlet"), aliases, cited, cited_spans)
            else:
                found[cue.kind].append((outlet, f'"{m.group(0)}"', m.span("outlet")))
    named = {
        aliases[m.group("outlet")]
        for m in resources.outlet_name_pattern().finditer(text)
        if m.span("outlet") not in cited_spans
    }
    votes: dict[str, list[str]] = {}
    for outlet in implied or []:
        votes.setdefault(outlet, []).append("syndication footer")
    for outlet, shown, _ in found["self"]:
        votes.setdefault(outlet, []).append(shown)
    weak_for = {outlet for outlet, _, _ in found["weak"]}
    for outlet, shown, _ in found["weak"]:
        if outlet in cited:
            continue
        if outlet in votes or not (named - {outlet}):
            votes.setdefault(outlet, []).append(shown)
    if not votes:
        if len(weak_for - cited) > 1:
            return None, f"conflicting outlet cues ({', '.join(sorted(weak_for - cited))})"
        if weak_for:
            shown = "; ".join(dict.fromkeys(s for _, s, _ in found["weak"]))
            if weak_for <= cited:
                names = ", ".join(sorted(weak_for))
                return None, f"no self-reference cue ({shown}: the text also cites {names})"
            return None, f"no self-reference cue ({shown} may cite another outlet)"
        return None, "no outlet cue in the text"
    ranked = sorted(votes.items(), key=lambda kv: -len(kv[1]))
    if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
        names = ", ".join(o for o, _ in ranked)
        return None, f"conflicting outlet cues ({names})"
    outlet, cues = ranked[0]
    shown = "; ".join(dict.fromkeys(cues))
    return outlet, f"{INFERRED}cue in text: {shown}"


def _cited_list(
    text: str, end: int, aliases: dict[str, str], cited: set[str], spans: set[tuple[int, int]]
) -> None:
    """Outlets listed after a cited one (``cited in CNN and Agence France-Presse``) are
    cited too."""
    names = resources.outlet_name_pattern()
    while True:
        joint = _LIST_JOINT.match(text, end)
        if joint is None:
            return
        m = names.match(text, joint.end())
        if m is None:
            return
        cited.add(aliases[m.group("outlet")])
        spans.add(m.span("outlet"))
        end = m.end()


def url_host(url: object) -> str | None:
    """The host name of a URL, lower case, without ``www.``, ``m.`` or ``amp.``.

    A URL without a scheme (``tass.com/world/1``) is read as one.

    >>> url_host("https://www.bbc.co.uk/news/world-123")
    'bbc.co.uk'
    >>> url_host("not a url") is None
    True
    """
    if url is None or url is pd.NA or (isinstance(url, float) and pd.isna(url)):
        return None
    text = str(url).strip()
    if not text:
        return None
    if "://" not in text:
        text = "//" + text.removeprefix("//")
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host or "." not in host or " " in host:
        return None
    host = host.rstrip(".")
    while True:
        for prefix in ("www.", "m.", "amp.", "mobile."):
            if host.startswith(prefix) and host.count(".") > 1:
                host = host[len(prefix) :]
                break
        else:
            return host


def outlet_from_url(url: object) -> tuple[str | None, str | None]:
    """``(outlet, host)`` for a URL: the outlet of the longest suffix of its host in
    ``resources/domains.csv`` (``news.bbc.co.uk`` -> BBC), else the host itself.

    >>> outlet_from_url("https://news.bbc.co.uk/2/hi/middle_east/1.stm")
    ('BBC', 'news.bbc.co.uk')
    >>> outlet_from_url("https://www.example-news.org/a")
    ('example-news.org', 'example-news.org')
    """
    host = url_host(url)
    if host is None:
        return None, None
    domains = resources.outlet_domains()
    labels = host.split(".")
    for i in range(len(labels) - 1):
        outlet = domains.get(".".join(labels[i:]))
        if outlet is not None:
            return outlet, host
    return host, host


@dataclass(frozen=True)
class DateWindow:
    """The plausible publication dates: ``start`` to ``end`` inclusive.

    >>> DateWindow.of(("1990-01-01", "2020-12-31")).contains(pd.Timestamp("1989-12-31"))
    False
    """

    start: pd.Timestamp
    end: pd.Timestamp

    @classmethod
    def of(cls, window: tuple[object, object] | None) -> DateWindow:
        """From ``(start, end)``; ``None`` for an end means today, for a start the
        earliest day pandas can hold (1677-09-22). The window never reaches past the
        days pandas can hold (to 2262-04-11)."""
        lo, hi = window if window is not None else (None, None)
        try:
            start = pd.Timestamp(lo).normalize() if lo is not None else pd.Timestamp.min.ceil("D")
            end = (
                pd.Timestamp(hi).normalize() if hi is not None else pd.Timestamp.today().normalize()
            )
        except (ValueError, TypeError) as err:
            raise ValueError(
                f"date_window takes (start, end) as dates (YYYY-MM-DD) or None; got {window!r}"
            ) from err
        if end < start:
            raise ValueError(f"date_window ends before it starts: {window!r}")
        lowest, highest = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")
        return cls(max(start, lowest), min(end.normalize(), highest))

    def contains(self, stamp: pd.Timestamp) -> bool:
        """Whether a day lies in the window (an unknown day, NaT, does)."""
        return pd.isna(stamp) or self.start <= stamp <= self.end

    def __str__(self) -> str:
        return f"{self.start.date().isoformat()} to {self.end.date().isoformat()}"


_ISO_DAY = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_ISO_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_PERIOD = re.compile(rf"\d{{4}}(?:-\d{{2}})?|{_ISO_DAY}/(?:\.\.|{_ISO_DAY})?")


def read_date_cell(value: object, window: DateWindow) -> tuple[str | None, str]:
    """A date cell of a table, as ``(YYYY-MM-DD, "")`` or ``(None, problem)``.

    The day is the one written (a time-zone offset does not move it). An empty cell,
    an unreadable value and a date outside ``window`` each give ``None`` and say why.

    >>> w = DateWindow.of(("1990-01-01", "2030-12-31"))
    >>> read_date_cell("2017-09-20T23:30:00-05:00", w)
    ('2017-09-20', '')
    >>> read_date_cell("2017-09-20/2017-09-21", w), read_date_cell("2017-09", w)
    (('2017-09-20/2017-09-21', ''), ('2017-09', ''))
    >>> read_date_cell("1500-01-01", w)
    (None, "date '1500-01-01' is outside the date window 1990-01-01 to 2030-12-31")
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None, "empty date cell"
    text = str(value).strip()
    if not text:
        return None, "empty date cell"
    if _ISO_PERIOD.fullmatch(text):  # a month, a year or a window stays one
        start, _end = parse_window(text)
        if pd.isna(start) or not window.start <= start <= window.end:
            return None, f"date {text!r} is outside the date window {window}"
        return text, ""
    try:
        day = _read_day(text)
    except (ValueError, OverflowError):
        return None, f"date {text!r} not understood"
    if not window.start.date() <= day <= window.end.date():
        return None, f"date {text!r} is outside the date window {window}"
    return day.isoformat(), ""


def _read_day(text: str) -> date:
    if _ISO_DATE.fullmatch(text):  # what pandas reads the same, without guessing a format
        return date.fromisoformat(text)
    try:
        return pd.to_datetime(text).date()
    except OutOfBoundsDatetime:  # a date pandas cannot hold (1500-01-01): read ISO dates anyway
        return date.fromisoformat(text[:10])


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
    if _ISO_DATE.fullmatch(text) and "1678" <= text[:4] <= "2261":  # pandas' range
        try:  # the day pandas reads from the string, without its parser
            return pd.Timestamp(date.fromisoformat(text))
        except ValueError:
            pass  # not a day (2017-02-30): pandas' error below
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
