"""Quotation marks in hostile text: lost apostrophes, unpairable marks, long articles.

Expected values are worked out by hand from the made-up sentences below. The linearity
checks count work, not time: the number of Python lines executed (``sys.settrace``)
while quotes and the ledger are computed, for an article and for the same article
twice as long. Linear work doubles; the quadratic scans this replaced quadrupled.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import resources
from corpus_utils.prepare import quote_kinds, quote_marks, voices
from corpus_utils.prepare.voices import (
    quote_problems,
    quotes,
    scan_text,
    sentence_voices,
    token_voices,
)
from corpus_utils.sources import attribution
from corpus_utils.sources.attribution import ledger


def _load(tmp_path, text: str) -> cu.Corpus:
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    return cu.load_corpus(tmp_path, progress=False)


# --- lost apostrophes --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'The rebels don"t trust the army.',
        'Syria"s army advanced on Monday.',
        'Assad"?s allies met in Moscow.',
        'Assad"\ufffds allies met in Moscow.',  # the replacement character, as decoded
        'The rebels don"t trust Syria"s army or Assad"?s allies.',
    ],
)
def test_a_mark_between_letters_is_an_apostrophe(text):
    scan = scan_text(text)
    assert scan.quotes.empty
    assert scan.problems.empty


def test_real_quotation_beside_lost_apostrophes_is_still_found():
    text = 'Syria"s foreign minister said "we will respond" after Assad"?s speech.'
    q = scan_text(text).quotes
    assert q["text"].tolist() == ['"we will respond"']
    # after "said", inside the reporter's sentence: embedded speech
    assert q["kind"].tolist() == ["partial"]
    assert q["start"].tolist() == [text.index('"we')]
    assert q["unbalanced"].tolist() == [False]


def test_lost_apostrophe_inside_a_quotation_does_not_close_it():
    text = 'He said: "We don"t retreat," the aide added.'
    q = scan_text(text).quotes
    assert q["text"].tolist() == ['"We don"t retreat,"']
    assert q["kind"].tolist() == ["quote"]  # follows a colon
    assert scan_text(text).problems.empty


def test_garbled_apostrophe_article_is_not_all_quoted_speech(tmp_path):
    # before: the mark in don"t opened a quotation that ran to the paragraph end
    text = (
        'The rebels don"t trust the army. They left the town on Monday. '
        "The army took the hills. Officials counted the dead."
    )
    c = _load(tmp_path, text)
    assert quotes(c).empty and quote_problems(c).empty
    sv = sentence_voices(c)
    assert len(sv) == 4
    assert (sv["quote_share"] == 0).all()
    assert (sv["voice"] == "narration").all()


# --- unpairable marks --------------------------------------------------------------------

# one paragraph, as scraped articles (FA-KES) come: the closing mark was lost
UNPAIRED = (
    'Among the dead were four staff. "The bombing is an outrage said the charity '
    "manager. Hospitals have been targeted in the war."
)


def test_unpaired_mark_records_a_problem_and_is_not_speech(tmp_path):
    c = _load(tmp_path, UNPAIRED)
    problems = quote_problems(c)
    assert len(problems) == 1
    row = problems.iloc[0]
    assert row["pos"] == UNPAIRED.index('"')
    assert row["mark"] == '"'
    assert "not closed" in row["problem"]
    q = quotes(c)
    assert len(q) == 1
    assert q["kind"].iloc[0] == "unpaired"
    assert bool(q["unbalanced"].iloc[0])
    assert q["start"].iloc[0] == UNPAIRED.index('"')
    assert q["end"].iloc[0] == len(UNPAIRED)  # the rest of the paragraph, recorded
    # ...but not counted: three sentences, no word in speech marks
    sv = sentence_voices(c)
    assert len(sv) == 3
    assert sv["quote_share"].tolist() == [0.0, 0.0, 0.0]
    assert sv["voice"].tolist() == ["narration"] * 3
    toks = token_voices(c, c.tokens())
    assert set(toks["voice"]) == {"narration"}
    assert not toks["is_name"].any()
    assert quotes(c, kinds=("quote", "partial")).empty


def test_unpaired_mark_gives_the_ledger_no_quotation(tmp_path):
    c = _load(tmp_path, UNPAIRED)
    led = ledger(c)
    assert "direct quote" not in set(led["kind"])
    assert all(ids == [] for ids in led["quote_ids"])


def test_paired_quotation_after_an_unpaired_one_is_still_speech(tmp_path):
    # the second paragraph is well formed: its quotation counts (it does not open with
    # a mark, so the unpaired one does not run on into it)
    text = UNPAIRED + '\n\nThe doctor said: "We need help."'
    c = _load(tmp_path, text)
    q = quotes(c).sort_values("start")
    assert q["kind"].tolist() == ["unpaired", "quote"]
    assert q["text"].iloc[1] == '"We need help."'
    sv = sentence_voices(c)
    assert sv["voice"].tolist() == ["narration", "narration", "narration", "quote"]
    # "We need help" is 3 of the 6 words of the last sentence
    assert sv["quote_share"].iloc[-1] == pytest.approx(3 / 6)


def test_opening_inside_an_open_quotation_keeps_the_second_as_speech():
    scan = scan_text('"We won, he said. "We will win again," he added.')
    q = scan.quotes.sort_values("start")
    assert q["kind"].tolist() == ["unpaired", "quote"]
    assert len(scan.problems) == 1


# --- the ledger: the nearest cue takes the quotation -------------------------------------


def test_quotation_attaches_to_the_nearest_cue(tmp_path):
    text = 'Rudskoi said the strikes worked, while the SOHR said "dozens died" in Idlib.'
    led = ledger(_load(tmp_path, text)).set_index("source")
    assert led.loc["SOHR", "kind"] == "partial quote"
    assert list(led.loc["SOHR", "quote_ids"]) == [0]
    assert led.loc["Sergei Rudskoi", "kind"] == "paraphrase"


def test_segments_outside_uses_only_the_spans_it_meets():
    spans = [voices._Span(a, b, '"', '"') for a, b in [(10, 20), (30, 40), (95, 120)]]
    ends = [s.end for s in spans]
    assert voices._segments_outside(0, 100, spans, ends) == [(0, 10), (20, 30), (40, 95)]
    assert voices._segments_outside(15, 35, spans, ends) == [(20, 30)]
    assert voices._segments_outside(40, 95, spans, ends) == [(40, 95)]
    assert voices._segments_outside(96, 110, spans, ends) == []


# --- linear work -------------------------------------------------------------------------


def _lines_run(fn: Callable[[], object]) -> int:
    """Python lines executed by ``fn()`` (every module, pandas included)."""
    n = 0

    def tracer(frame, event, arg):
        nonlocal n
        if event == "line":
            n += 1
        return tracer

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(old)
    return n


def _work(text: str, tmp_path, name: str) -> tuple[int, int]:
    """Lines run by quote finding and by the ledger for a one-article corpus."""
    folder = tmp_path / name
    folder.mkdir()
    c = _load(folder, text)
    c.tokens(), c.tokens(merge_actors=False)  # prepared before counting
    return _lines_run(lambda: quotes(c)), _lines_run(lambda: ledger(c))


QUOTED = (
    '"We will hold the line," the commander said. Officials said the army '
    '"held the line" near Idlib, and the monitor "counted 12 dead." '
)


def test_quotes_and_ledger_work_doubles_with_the_article(tmp_path):
    # one paragraph (as scraped articles come) of 3 sentences x n, a quotation in each
    _work(QUOTED, tmp_path, "warm")  # one-time costs (lexicons, compiled patterns) first
    one = _work(QUOTED * 150, tmp_path, "one")
    two = _work(QUOTED * 300, tmp_path, "two")
    for a, b in zip(one, two, strict=True):
        assert 1.5 < b / a < 2.3, (a, b)  # quadratic scans gave 3.6 and 3.8


def test_thousands_of_said_in_one_sentence_is_linear(tmp_path):
    def article(n: int) -> str:
        return " and ".join('the official said "strikes continue"' for _ in range(n)) + "."

    _work(article(1), tmp_path, "warm")  # one-time costs (lexicons, compiled patterns) first
    one = _work(article(400), tmp_path, "one")
    two = _work(article(800), tmp_path, "two")
    for a, b in zip(one, two, strict=True):
        assert 1.5 < b / a < 2.3, (a, b)  # quadratic scans gave 3.6 and 3.8


# --- regular expressions -----------------------------------------------------------------

_ALPHABET = frozenset(
    [chr(i) for i in range(32, 127)] + ["\t", "\n", "\x00", "\u00a0", "\u2019", "\u201d", "é"]
)
_MAX = re._constants.MAXREPEAT  # type: ignore[attr-defined]
_C = re._constants  # type: ignore[attr-defined]
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_C.AT, _C.ASSERT, _C.ASSERT_NOT)
_CATEGORIES = {
    _C.CATEGORY_DIGIT: str.isdigit,
    _C.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
    _C.CATEGORY_SPACE: str.isspace,
    _C.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    _C.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    _C.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


def _cased(c: str) -> set[str]:
    return {c, c.lower(), c.upper()}


def _chars(item) -> frozenset[str]:
    """Characters an item of a parsed pattern can consume (over a sample alphabet)."""
    op, av = item
    if op == _C.LITERAL:
        return frozenset(_cased(chr(av)))
    if op == _C.NOT_LITERAL:
        return _ALPHABET - {chr(av)}
    if op == _C.ANY:
        return _ALPHABET
    if op == _C.IN:
        out: set[str] = set()
        negate = False
        for sub, val in av:
            if sub == _C.NEGATE:
                negate = True
            elif sub == _C.LITERAL:
                out |= _cased(chr(val))
            elif sub == _C.RANGE:
                out |= {c for c in _ALPHABET if val[0] <= ord(c) <= val[1]}
            elif sub == _C.CATEGORY:
                out |= {c for c in _ALPHABET if _CATEGORIES[val](c)}
        return frozenset(_ALPHABET - out if negate else out)
    if op in _REPEATS:
        return _seq_chars(av[2])
    if op == _C.SUBPATTERN:
        return _seq_chars(av[3])
    if op == _C.BRANCH:
        return frozenset().union(*(_seq_chars(s) for s in av[1]))
    return frozenset()  # zero width: anchors, lookarounds, \b


def _seq_chars(seq) -> frozenset[str]:
    return frozenset().union(*(_chars(i) for i in seq)) if len(seq) else frozenset()


def _nullable(item) -> bool:
    op, av = item
    if op in _ZERO_WIDTH:
        return True
    if op in _REPEATS:
        return av[0] == 0 or all(_nullable(i) for i in av[2])
    if op == _C.SUBPATTERN:
        return all(_nullable(i) for i in av[3])
    if op == _C.BRANCH:
        return any(all(_nullable(i) for i in s) for s in av[1])
    return False


_SINGLE = (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN)


def _ends(seq, at_end: bool) -> frozenset[str]:
    """Characters a match of ``seq`` can end (or start) with."""
    out: set[str] = set()
    for item in reversed(list(seq)) if at_end else seq:
        op, av = item
        if op in _SINGLE:
            out |= _chars(item)
        elif op in _REPEATS:
            out |= _ends(av[2], at_end)
        elif op == _C.SUBPATTERN:
            out |= _ends(av[3], at_end)
        elif op == _C.BRANCH:
            out |= frozenset().union(*(_ends(s, at_end) for s in av[1]))
        if not _nullable(item):
            break
    return frozenset(out)


def _edge(item, at_end: bool) -> frozenset[str]:
    """Characters an unbounded run at the end (or start) of ``item`` can consume."""
    op, av = item
    if op in _REPEATS:
        return _ends(av[2], at_end) if av[1] == _MAX else _seq_edge(av[2], at_end)
    if op == _C.SUBPATTERN:
        return _seq_edge(av[3], at_end)
    if op == _C.BRANCH:
        return frozenset().union(*(_seq_edge(s, at_end) for s in av[1]))
    return frozenset()


def _seq_edge(seq, at_end: bool) -> frozenset[str]:
    out: set[str] = set()
    for item in reversed(list(seq)) if at_end else seq:
        out |= _edge(item, at_end)
        if not _nullable(item):
            break
    return frozenset(out)


def _unbounded(item) -> bool:
    op, av = item
    if op in _REPEATS:
        return av[1] == _MAX or any(_unbounded(i) for i in av[2])
    if op == _C.SUBPATTERN:
        return any(_unbounded(i) for i in av[3])
    if op == _C.BRANCH:
        return any(_unbounded(i) for s in av[1] for i in s)
    return False


def _unsafe(seq, at_start: bool = True) -> list[str]:
    """Nested or adjacent unbounded quantifiers over shared characters in ``seq``.

    Nested: an unbounded repeat whose body can end in a run of characters that it can
    also start with (``(?:\\s+x?)*``: where one iteration ends is ambiguous). Adjacent: a
    run at the end of one item meets, through optional items, a run at the start of an
    unbounded one over shared characters (``\\s*\\s+``); for the first item of a pattern
    its own characters count, since ``search`` retries at every position
    (``[.!?]\\W*$`` on a long run of ``!``).
    """
    found: list[str] = []
    items = list(seq)
    for p, item in enumerate(items):
        op, av = item
        subs = []
        if op in _REPEATS:
            subs = [av[2]]
        elif op == _C.SUBPATTERN:
            subs = [av[3]]
        elif op == _C.BRANCH:
            subs = list(av[1])
        for s in subs:
            found += _unsafe(s, at_start=False)
        body = list(av[2]) if op in _REPEATS else []
        if (
            op in _REPEATS
            and av[1] == _MAX
            and any(_unbounded(i) for i in body)
            and _ends(body, True) & _ends(body, False)
        ):
            found.append("nested")
        mine = _edge(item, at_end=True)
        if at_start and p == 0 and op in _SINGLE:
            mine = _chars(item)
        if not mine:
            continue
        for q in items[p + 1 :]:
            if _unbounded(q) and _edge(q, at_end=False) & mine:
                found.append("adjacent")
            if not _nullable(q):
                break
    return found


def unsafe_quantifiers(pattern: re.Pattern[str]) -> list[str]:
    """Problems of a compiled pattern: ``[]`` when it is safe on long runs."""
    return _unsafe(re._parser.parse(pattern.pattern, pattern.flags))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "bad",
    [r"\s+\s+", r"\s*\s+x", r"(?:\s+)*$", r"(?:\s+x?)+y", r"[.!?]\W*$", r"known\s+\s+as"],
)
def test_the_quantifier_check_catches_known_bad_patterns(bad):
    assert unsafe_quantifiers(re.compile(bad))


def _module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = [
        (f"{m.__name__}.{name}", v)
        for m in (voices, quote_marks, quote_kinds, attribution)  # voices is split in three
        for name, v in vars(m).items()
        if isinstance(v, re.Pattern)
    ]
    cue = voices._cue_patterns()
    names = voices._name_cues()
    return (
        found
        + [(f"voices._cue_patterns()[{i}]", p) for i, p in enumerate(cue)]
        + [("voices._name_cues().title", names.title)]
        + [("voices._name_cues().title_capitalised", names.title_capitalised)]
        + [("voices._name_cues().gloss_after", names.gloss_after)]
    )


def test_every_pattern_of_voices_and_attribution_is_safe_on_long_runs():
    patterns = _module_patterns()
    assert len(patterns) >= 11  # _WORD, _SENTENCE_INSIDE, _LETTERS, 2 mark finders, 6 cues
    bad = {name: unsafe_quantifiers(p) for name, p in patterns if unsafe_quantifiers(p)}
    assert bad == {}


def test_cue_terms_with_odd_spacing_compile_safely(monkeypatch):
    real = resources.table("reporting_verbs.csv")
    odd = pd.concat(
        [real, pd.DataFrame([{"term": " dubbed   locally ", "kind": "naming", "cue": ""}])],
        ignore_index=True,
    ).fillna("")
    monkeypatch.setattr(resources, "table", lambda name: odd)
    voices._cue_patterns.cache_clear()
    try:
        gloss, naming, call_object, tag = voices._cue_patterns()
        assert naming.search("the town dubbed \t locally ")  # one \s+ per gap
        for p in (gloss, naming, call_object, tag):
            assert unsafe_quantifiers(p) == []
    finally:
        voices._cue_patterns.cache_clear()


def test_sentence_mark_at_the_end_of_a_span():
    # the loop that replaced re.search(r"[.!?]\W*$"): a mark, then only non-word chars
    assert voices._ends_with_sentence_mark("We won!")
    assert voices._ends_with_sentence_mark('We won." ')
    assert not voices._ends_with_sentence_mark("!" * 5000 + "X")
    assert not voices._ends_with_sentence_mark("Deterring Aggression")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a speech tag after a long blank is still read: speech
        ('"Victory"' + " " * 5000 + "he said.", "quote"),
        # a naming cue before a long blank is still read: a name
        ("The operation, known as" + " " * 5000 + '"Olive Branch", began.', "name"),
        # call + object before the span, a long blank after it: a name
        ('Rebels call the offensive "Deterring Aggression"' + " " * 5000 + "now.", "name"),
    ],
)
def test_cues_across_long_white_space(text, kind):
    assert scan_text(text).quotes["kind"].tolist() == [kind]


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # apostrophes in names and elisions never open a quotation
        ("The rock 'n' roll show sold out, O'Brien said.", []),
        ("Ms O'Neill and Mr D'Souza met in Sana'a.", []),
        ("Fish 'n' chips, he said, were 'the best in town'.", [("'the best in town'", "partial")]),
        ("Guns N' Roses played 'Paradise City' last night.", [("'Paradise City'", "name")]),
        (
            "He said \"rock 'n' roll is dead\" on Monday.",
            [("\"rock 'n' roll is dead\"", "partial")],
        ),
    ],
)
def test_apostrophes_in_names_and_elisions_open_no_quotation(text, spans):
    q = scan_text(text).quotes
    assert list(zip(q["text"], q["kind"], strict=True)) == spans


def _doubles(text: str) -> tuple[list[tuple], list[str]]:
    from corpus_utils.prepare import segment

    problems: list[dict] = []
    spans = quote_marks._pair_doubles(text, segment.paragraph_spans(text), problems)
    return (
        [(s.start, s.end, s.open_mark, s.close_mark, s.unbalanced, s.paras) for s in spans],
        [p["problem"].split(";")[0] for p in problems],
    )


def test_double_marks_paired_across_paragraphs_without_marks():
    """Paragraphs without a double mark are passed over unless a quotation runs on into
    them: an unclosed quotation ends at its paragraph's end, a closed one in a later
    paragraph pairs there, a run-on quotation pairs across the paragraph break."""
    text = 'He said "we go.\n\nNo marks here.\n\n"They ran," she said.'
    spans, problems = _doubles(text)
    assert spans == [(8, 15, '"', "", True, [0]), (33, 44, '"', '"', False, [2])]
    assert problems == [
        "quotation not closed by the end of its paragraph, and the next paragraph does not "
        "reopen it"
    ]
    text = 'He said "we go.\n\n"And we stay," he said.\n\nNo marks.'
    spans, problems = _doubles(text)
    assert spans == [(8, 31, '"', '"', False, [0, 1])] and problems == []
    assert _doubles("No marks at all.\n\nNone here.") == ([], [])
    spans, problems = _doubles('Plain.\n\nA closing mark" first.')
    assert spans == [] and problems == ["closing mark with no opening mark"]
