"""Which boilerplate patterns may match where: the literals a pattern needs, found fast.

A pattern of ``resources/web_boilerplate.csv`` runs on a sentence only when one of the
strings every match of it contains (:func:`required_literals`, read off the parsed
regular expression) stands in the sentence's :func:`literal_view` (lower case).
:class:`LiteralIndex` finds every occurrence of every such literal in a body at once:
it hashes the body's two- and three-character pieces with numpy, and checks only the
places whose piece is a literal's rarest one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import numpy as np

try:  # the standard library's regular-expression parser (for the literal prefilter)
    import re._constants as _sre_constants
    import re._parser as _sre_parser
except ImportError:  # pragma: no cover - older layouts: sre_parse
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parser  # type: ignore[no-redef]


# Characters that match a printable ASCII character under re.IGNORECASE without being one
# (Turkish dotted and dotless i, long s, the Kelvin sign), as the ASCII letter they match;
# tests/test_load_speed.py checks the list against re over every code point.
_ICASE_ASCII = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_ICASE_ODD = re.compile("[" + "".join(_ICASE_ASCII) + "]")
_ICASE_TABLE = str.maketrans(_ICASE_ASCII)


def literal_view(text: str) -> str:
    """The form a pattern's needed literals are looked up in: lower case, with the few
    characters that match an ASCII letter under ``re.IGNORECASE`` as that letter. It has
    the length of ``text`` (so a slice of a body's view is its sentence's view).

    >>> literal_view("Sign Up for ſpecial offers"), len(literal_view("\u0130stanbul"))
    ('sign up for special offers', 8)
    """
    if _ICASE_ODD.search(text) is not None:
        text = text.translate(_ICASE_TABLE)
    return text.lower()


def required_literals(regex: re.Pattern[str]) -> tuple[str, ...]:
    """Strings (in :func:`literal_view` form) one of which every match of ``regex``
    contains, read off its parsed form; ``()`` when none can be told. A prefilter: a text
    whose view holds none of them is one the pattern cannot match.

    >>> required_literals(re.compile(r"(?i)^\\W{0,3}(?:click|tap) here\\b"))
    (' here',)
    >>> required_literals(re.compile(r"[A-Z]\\w+"))
    ()
    """
    try:
        tree = _sre_parser.parse(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 - an unknown parser version: no prefilter, same results
        return ()
    found = _needed(list(tree), bool(tree.state.flags & re.IGNORECASE))
    if not found:
        return ()
    # a literal holding another needed one adds nothing: "related news" beside "related"
    kept = [x for x in found if not any(y != x and y in x for y in found)]
    return tuple(sorted(kept, key=lambda x: (len(x), x)))


def _selectivity(found: frozenset[str]) -> int:
    """How rare a text holding one of ``found`` is, roughly: the shortest literal's
    length, a character outside ASCII (©) counting three."""
    return min(len(x) + 2 * sum(not ch.isascii() for ch in x) for x in found)


def _needed(items: list, icase: bool) -> frozenset[str] | None:
    """Literals one of which a match of the parsed sequence ``items`` contains, or None.

    A run of literal characters is needed as a whole; a group, a branch (each of its
    alternatives needs one of its own), a repeat of at least one: what they need.
    Anything else (classes, anchors, look-arounds) needs nothing and ends a run. Of the
    candidates the one whose shortest literal is longest is kept (the most selective)."""
    c = _sre_constants
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if not found or "" in found:
            return
        if best is None or _selectivity(found) > _selectivity(best):
            best = found

    def close() -> None:
        if run:
            consider(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            ch = chr(av)
            if icase and not (" " <= ch <= "~"):  # its case partners are not all known
                close()
            else:
                run.append(literal_view(ch))
            continue
        close()
        if op is c.SUBPATTERN:
            _group, add, remove, sub = av
            consider(_needed(list(sub), (icase or bool(add & re.I)) and not remove & re.I))
        elif op is c.ATOMIC_GROUP:
            consider(_needed(list(av), icase))
        elif op is c.BRANCH:
            alternatives = [_needed(list(alt), icase) for alt in av[1]]
            if all(alternatives):
                consider(frozenset().union(*alternatives))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_needed(list(av[2]), icase))
    close()
    return best


# How common a character is in English text, most common first (any other is rarer), and
# the commonest English three-letter pieces: a literal is looked up by a piece that is in
# neither if it has one. Only speed depends on them (how many places are checked).
_COMMON = " etaoinsrhldcumwfgypbvkjxqz"
_COMMON_PIECES = frozenset(
    "the and ing ion tio ent ati for her ter hat tha ere ate his con res ver all ons nce men "
    "ith ted ers pro thi wit are ess not ive was ect rea com eve per int est sta cti ica ist "
    "ear ain one our iti rat ine tin din ere ore ted ngs ine ial nte str ort ous out ill ies "
    "ces art ont ers ren eri tor age ble lic ari rin nes ard ran ect ant ide cou ven ome man "
    "red use ell ist ome ave ato pre sed ili ame red".split()
)
_PIECE_MULT = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D], dtype=np.uint32)
_HASH_BITS = 20


def _rarity(piece: str) -> tuple[bool, int]:
    common = piece in _COMMON_PIECES or " " in piece
    return not common, sum(_COMMON.find(ch) if ch in _COMMON else len(_COMMON) for ch in piece)


def piece_hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """A 20-bit hash of each ``n``-character piece of a text given as its code points
    (uint32), one per start ``0 .. len(codes) - n`` (multiply-shift: wraps modulo 2**32).

    >>> codes = np.frombuffer("abcab".encode("utf-32-le"), dtype="<u4")
    >>> h = piece_hashes(codes, 2)
    >>> len(h), bool(h[0] == h[3]), bool(h[0] == h[1])
    (4, True, False)
    """
    m = len(codes) - n + 1
    h = codes[:m] * _PIECE_MULT[0]
    for j in range(1, n):
        h = h + codes[j : j + m] * _PIECE_MULT[j]
    return h >> np.uint32(32 - _HASH_BITS)


class LiteralIndex:
    """Where the literals of a list of patterns stand in a text and its sentences.

    ``needs`` holds each pattern's needed literals (``()``: none known, the pattern may
    match anywhere). Each literal of three characters or more is looked up by its rarest
    piece of three characters: a body's pieces are hashed at once with numpy, and only
    the places whose hash is such a piece's are checked with ``startswith``, so every
    occurrence of every literal is found once, without one scan of the text per literal.
    A literal of one or two characters is found with ``str.find``.

    >>> index = LiteralIndex([("follow", "twitter"), ("sign up",)])
    >>> index.occurrences("follow us on twitter; follow")
    {'follow': [0, 22], 'twitter': [13]}
    >>> index.by_sentence("the army. follow us on twitter", [0, 10], [9, 30])
    {1: [0]}
    """

    def __init__(self, needs: Sequence[tuple[str, ...]]) -> None:
        self.needs = [tuple(x) for x in needs]
        literals = sorted({x for group in self.needs for x in group})
        self._patterns_of: dict[str, list[int]] = {}
        for j, group in enumerate(self.needs):
            for lit in group:
                self._patterns_of.setdefault(lit, []).append(j)
        self.short = [x for x in literals if len(x) < 3]
        self._tables = {3: np.zeros(1 << _HASH_BITS, dtype=bool)}
        self._buckets: dict[int, dict[int, list[tuple[str, int]]]] = {3: {}}
        for lit in literals:
            if len(lit) < 3:
                continue
            n = 3
            k = max(range(len(lit) - n + 1), key=lambda k: (_rarity(lit[k : k + n]), -k))
            codes = np.array([ord(ch) for ch in lit[k : k + n]], dtype=np.uint32)
            key = int(piece_hashes(codes, n)[0])
            self._tables[n][key] = True
            self._buckets[n].setdefault(key, []).append((lit, k))

    def occurrences(self, text: str) -> dict[str, list[int]]:
        """Every start of every literal in ``text`` (overlapping ones too), by literal."""
        found: dict[str, list[int]] = {}
        for lit in self.short:
            q = text.find(lit)
            while q >= 0:
                found.setdefault(lit, []).append(q)
                q = text.find(lit, q + 1)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        for n, bucket in self._buckets.items():
            if len(codes) < n or not bucket:
                continue
            h = piece_hashes(codes, n)
            at = np.flatnonzero(self._tables[n][h])
            for p, key in zip(at.tolist(), h[at].tolist(), strict=True):
                for lit, k in bucket[key]:
                    q = p - k
                    if q >= 0 and text.startswith(lit, q):
                        found.setdefault(lit, []).append(q)
        return found

    def by_sentence(self, text: str, starts: list[int], ends: list[int]) -> dict[int, list[int]]:
        """The patterns (their indices, in order) one of whose literals stands inside each
        sentence ``text[starts[i]:ends[i]]`` (sentences in order, not overlapping); a
        sentence no pattern may match has no entry."""
        out: dict[int, list[int]] = {}
        everywhere = [j for j, needs in enumerate(self.needs) if not needs]
        if everywhere:
            out = {i: list(everywhere) for i in range(len(starts))}
            if len(everywhere) == len(self.needs):
                return out
        where: dict[int, set[int]] = {}  # pattern -> sentences holding one of its literals
        for lit, found in self.occurrences(text).items():
            for q in found:
                i = bisect.bisect_right(starts, q) - 1
                if i >= 0 and q + len(lit) <= ends[i]:
                    for j in self._patterns_of[lit]:
                        where.setdefault(j, set()).add(i)
        for j in sorted(where):
            for i in where[j]:
                out.setdefault(i, []).append(j)
        if everywhere:  # in pattern order within each sentence
            out = {i: sorted(js) for i, js in out.items()}
        return out
