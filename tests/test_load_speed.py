"""The load stage's shortcuts decide exactly what the long way decides.

Each speed-up of the loader (the literal prefilter before the boilerplate patterns, the
lines Punkt need not see, Punkt's remembered break decisions, ISO dates read without
pandas) is checked against the long way on hand-made edge cases and on every sentence
of the shared corpora; and one small corpus with boilerplate and real sentences is
loaded end to end against tables worked out by hand.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
import sys
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

import corpus_utils as cu
from corpus_utils import paths, resources
from corpus_utils.prepare import boilerplate, literals, metadata, segment

BBC = paths.SHARED_CORPORA / "bbc"
FAKES = paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv"
needs_shared = pytest.mark.skipif(
    not (BBC.is_dir() and FAKES.is_file()), reason="../shared/corpora is not beside the project"
)


def _plain_punkt() -> PunktSentenceTokenizer:
    """NLTK's Punkt with the package's parameters and nothing else (the long way)."""
    params = PunktParameters()
    params.abbrev_types = set(resources.abbreviations())
    params.sent_starters = set(resources.sentence_starters())
    return PunktSentenceTokenizer(params)


@functools.cache
def _every_pattern() -> list[boilerplate.Pattern]:
    return [dataclasses.replace(p, needs=()) for p in boilerplate.patterns()]


def _unfiltered(text: str) -> tuple[str, int, int] | None:
    """pattern_match with every pattern searched (no literal prefilter)."""
    return boilerplate._first_match(text, "", _every_pattern())


# ---------------------------------------------------------------- literal prefilter


def test_the_characters_that_match_ascii_under_ignorecase_are_all_mapped():
    """Every non-ASCII character that re.IGNORECASE matches to a printable ASCII one is
    in the view's table, as the lower-case letter it matches (checked over all of
    Unicode, so a new Python's case tables cannot slip past the prefilter)."""
    printable = re.compile(r"(?i)[\x20-\x7e]")
    partners = {
        chr(c) for c in range(128, sys.maxunicode + 1) if printable.fullmatch(chr(c)) is not None
    }
    assert partners == set(literals._ICASE_ASCII)
    for ch, letter in literals._ICASE_ASCII.items():
        assert re.fullmatch("(?i)" + letter, ch)
        assert boilerplate.literal_view(ch) == letter


def test_the_view_has_the_length_of_the_text():
    text = "\u0130stanbul, Ka\u017fim and the \u212aelvin scale: ÄÖÜ ẞ ß"
    view = boilerplate.literal_view(text)
    assert len(view) == len(text)
    assert view.startswith("istanbul, kasim and the kelvin scale")


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"(?i)^\W{0,3}(?:click|tap) here\b", (" here",)),
        (r"abc|de", ("de", "abc")),
        (r"a?bc", ("bc",)),
        (r"x*yz", ("yz",)),
        (r"(?:ab)+c", ("ab",)),  # a repeat of at least one: its own literal
        (r"(?:ab)*", ()),  # may match nothing
        (r"[A-Z]\w+", ()),
        (r"(?i)stra\u00dfe", ("stra",)),  # ß's case partners are not all known: cut there
        (r"(?i:Sign) Up", ("sign",)),  # case-sensitive literals are looked up lowered too
        (r"Reporting|Editing", ("editing", "reporting")),
        (r"(?=abc)d", ("d",)),  # a look-ahead needs nothing of its own
        (r"related|related news", ("related",)),  # a longer one holding it adds nothing
        (r"©\s{0,3}(?:19|20)\d{2}", ("©",)),  # the rarer: a character outside ASCII
    ],
)
def test_required_literals_read_off_the_parsed_pattern(pattern, needs):
    assert boilerplate.required_literals(re.compile(pattern)) == needs


def test_every_pattern_needs_literals():
    """The prefilter covers every pattern of the resource (none is searched blind)."""
    assert all(p.needs for p in boilerplate.patterns())


# lines each pattern fires on, in odd cases and spellings (ſ, K, ı, İ match ASCII
# letters under re.IGNORECASE: the prefilter must not rule them out)
ODD_CASE = [
    "SIGN UP FOR OUR DAILY NEWSLETTER",
    "\u017fign up for our daily newsletter",
    "Subscribe to our YouTube channel",
    "follow us on TWITTER",
    "Follow us on \u0130nstagram",
    "L\u0131ke us on Facebook",
    "We won't spam you",
    "COPYRIGHT © 2019 Example LLC",
    "© 2019",
    "Click here for reprint permission",
    "Click here",
    "Story continues below",
    "ADVERTISEMENT",
    "Read more",
    "Read also Rebels shell the airport as talks stall in Geneva and the army advances",
    "Share on Facebook",
    "This article was originally published in The Conversation.",
    "Photo: AFP",
    "hide caption",
    "Source: TRT World and agencies",
    "Reporting by Tom Perry; Editing by Alison Williams",
    "Our Standards: The Thomson Reuters Trust Principles.",
    "Get short URL 0 0 0",
    "Discussion Comment via Facebook Comment via Sputnik",
    "Last Update: Saturday 7 October 2017 KSA 16:06 - GMT 13:06",
    "Wed 05 Apr 2017 the army advanced",
    "Home | News | Sport | Weather",
    "Download our app",
    "We use cookies",
    "Leave a comment",
    "3 Comments",
    "Li\u212ae us on Facebook",
]


@pytest.mark.parametrize("line", ODD_CASE)
def test_the_prefilter_never_hides_a_match(line):
    found = _unfiltered(line)
    assert found is not None  # each line is boilerplate of some pattern
    assert boilerplate.pattern_match(line) == found
    for p in boilerplate.patterns():
        if p.regex.search(line):
            assert p.may_match(boilerplate.literal_view(line)), p.rule


def _sentences_of(texts):
    for body in texts:
        for a, b in boilerplate.sentence_segments(body):
            yield body[a:b]


def _shared_texts() -> list[str]:
    texts = list(cu.load_corpus("data/articles", progress=False).docs["text"])
    if FAKES.is_file():
        texts += list(pd.read_csv(FAKES)["article_content"].astype(str))
    if BBC.is_dir():
        texts += [
            p.read_bytes().decode("utf-8", errors="replace")
            for p in sorted(BBC.rglob("*.txt"))[::2]  # every section, half its articles
        ]
    return texts


@pytest.fixture(scope="module")
def shared_texts() -> list[str]:
    return _shared_texts()


@needs_shared
def test_prefiltered_patterns_decide_as_all_patterns_on_the_shared_corpora(shared_texts):
    sentences = list(_sentences_of(shared_texts))
    assert len(sentences) > 10_000
    fired = 0
    for s in sentences:
        want = _unfiltered(s)
        assert boilerplate.pattern_match(s) == want, s
        fired += want is not None
    assert fired > 50  # FA-KES' furniture: the comparison covers matches, not only misses


def _scan_long_way(body: str, group: str) -> list[tuple]:
    """scan_segments' candidates as the public functions give them, sentence by
    sentence, with plain Punkt and no prefilter (the loader before the speed-ups)."""
    plain = _plain_punkt()
    out = []
    i = -1
    pos = 0
    spans = []
    for line in body.split("\n"):
        if line.strip():
            spans += [(pos + a, pos + b) for a, b in plain.span_tokenize(line)]
        pos += len(line) + 1
    for i, (a, b) in enumerate(spans):
        text = body[a:b]
        key = boilerplate.segment_key(text, group)
        hit = _unfiltered(text)
        rule = hit[0] if hit else ""
        if hit and (hit[1], hit[2]) != (0, len(text)):
            out.append((-1, a + hit[1], a + hit[2], key, rule, ""))
            continue
        if boilerplate._QUOTED.search(text):
            continue
        form = boilerplate.shape(text)
        if form == "fragment":
            learn = ""
        elif form == "short":
            learn = "edge"
        elif not boilerplate.is_prose(text):
            learn = "any"
        elif len(text.split()) <= boilerplate.MAX_SEGMENT_WORDS and boilerplate.is_blurb(
            text, group
        ):
            learn = "edge"
        else:
            learn = ""
        if rule or learn:
            out.append((i, a, b, key, rule, learn))
    return out


def _some_keys(seg: boilerplate.Segments, k: int) -> dict[int, int]:
    """Three sets of "repeated" keys: none, every sentence's, every other sentence's."""
    keys = seg.sentence_keys.tolist()
    return [{}, dict.fromkeys(keys, 3), dict.fromkeys(keys[k % 2 :: 2], 3)][k % 3]


@needs_shared
def test_scan_segments_decides_as_the_long_way_on_the_shared_corpora(shared_texts):
    """The body-wide shortcuts (each pattern's literals searched once per body, outlet
    mentions ruled out once per body, word matches shared, prose asked only of repeated
    sentences) give every sentence what it gets on its own: the candidates are the long
    way's, less those that neither a pattern nor repetition can remove. The outlets are
    ones these texts name, so outlet blurbs are in play."""
    n = n_learned = 0
    for k, body in enumerate(shared_texts[:1500]):
        group = ("sana", "reuters", "bbc")[k % 3]
        seg = boilerplate.scan_segments(body, group)
        repeated = _some_keys(seg, k // 3)
        got = boilerplate.candidates(seg, body, group, repeated)
        want = [c for c in _scan_long_way(body, group) if c[4] or c[3] in repeated]
        assert got == want
        n += len(got)
        n_learned += sum(not c[4] for c in got)
    assert n > 100 and n_learned > 100


def test_candidates_by_hand():
    """A menu line, a sign-up prompt glued to a story sentence, a quoted sentence a
    pattern matches, prose: which are candidates with which repeated keys."""
    body = (
        "Home | News | Sport\n\n"
        'The army took the town on Monday. "Follow us on Twitter for updates," he said.\n\n'
        "Sign up for our daily newsletter"
    )
    seg = boilerplate.scan_segments(body, "")
    texts = [body[a:b] for _la, _lb, a, b in seg.sentences.tolist()]
    assert texts == [
        "Home | News | Sport",
        "The army took the town on Monday.",
        '"Follow us on Twitter for updates," he said.',
        "Sign up for our daily newsletter",
    ]
    # the sign-up line is a pattern hit; the quoted sentence matches follow_us but stays
    assert seg.hits == {
        2: [],
        3: [(3, 101, 133, int(seg.sentence_keys[3]), "newsletter_signup", "any")],
    }
    keys = seg.sentence_keys.tolist()
    assert boilerplate.candidates(seg, body, "", {}) == seg.hits[3]
    every = boilerplate.candidates(seg, body, "", dict.fromkeys(keys, 4))
    # the menu may go anywhere; the prose sentence and the quoted one never
    assert every == [(0, 0, 19, keys[0], "", "any"), *seg.hits[3]]
    assert boilerplate.removals(every, seg.n, dict.fromkeys(keys, 4), "x (9 articles)") == [
        (0, 19, "repeated in 4 articles of x (9 articles)"),
        (101, 133, "newsletter_signup"),  # 19 + 2 + 33 + 1 + 44 + 2 = 101
    ]


def test_patterns_by_sentence_equal_the_per_sentence_test(shared_texts):
    """One search per literal finds exactly the patterns whose literals each sentence's
    own view holds (what Pattern.may_match tells sentence by sentence)."""
    n = 0
    for body in shared_texts[:800] + ODD_CASE:
        split = [(a, b) for a, b in boilerplate.sentence_segments(body)]
        view = boilerplate.literal_view(body)
        found = boilerplate.patterns_by_sentence(view, [a for a, _ in split], [b for _, b in split])
        for i, (a, b) in enumerate(split):
            want = [p for p in boilerplate.patterns() if p.may_match(view[a:b])]
            assert found.get(i, []) == want
            n += len(want)
    assert n > 200


# ---------------------------------------------------------------- sentence split


EDGE_LINES = [
    "",
    "   ",
    "No sentence end at all",
    "One sentence.",
    "One sentence.   ",
    "Two? Yes!",
    "Wow!!! Really.",
    "Ends in a quote.\u201d",
    '"Quoted," he said.',
    "U.S. officials met Gen. Sergei Surovikin on Jan. 17. They left.",
    "A trailing ellipsis...",
    "Mid... ellipsis here",
    "(Sent1.) Sent2.",
    "x.",
    ".",
    "?!",
    "Tabs\tand  spaces. Then\u00a0more.",
    "Numbers 1.5 and 2. Then text.",
    "The U.S.",
    "Is it?",
]


@pytest.mark.parametrize("line", EDGE_LINES)
def test_sentence_spans_equal_plain_punkt_on_edge_cases(line):
    assert list(segment.sentence_spans(line)) == list(_plain_punkt().span_tokenize(line))


@needs_shared
def test_sentence_spans_equal_plain_punkt_on_every_line_of_the_shared_corpora(shared_texts):
    plain = _plain_punkt()
    n = 0
    for text in shared_texts:
        for line in text.split("\n"):
            assert list(segment.sentence_spans(line)) == list(plain.span_tokenize(line)), line
            n += 1
    assert n > 5_000


@pytest.mark.parametrize(
    ("context", "by_shape"),
    [
        ("said. The", True),  # a plain word and a period: a break
        ("said.\n\nThe", True),
        ("officials. they", True),  # Punkt breaks before a lower-case word too
        ("said? No", True),
        ("it! Then", True),
        ("Gen. Sergei", False),  # an abbreviation: Punkt decides
        ("Jan. 17", False),
        ("A. Smith", False),  # an initial: Punkt decides
        ("1990. The", False),  # a number: Punkt decides
        ("U.S. officials", False),
        ("said.) The", False),  # punctuation after the end: Punkt decides
        ("said.", False),  # nothing after it
        ("Zürich. The", False),  # not ASCII: Punkt decides
    ],
)
def test_break_contexts_decided_by_their_shape(context, by_shape):
    """The shortcut answers only where Punkt's answer is a break, and leaves the rest."""
    params = segment.sentence_tokenizer()._params
    assert segment.plain_break(context, params) is by_shape
    if by_shape:
        assert _plain_punkt().text_contains_sentbreak(context) is True


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abcdeHIJKLMNrstuvyz", min_size=1, max_size=8),
    st.sampled_from([".", "?", "!"]),
    st.text(alphabet=" \n\t", min_size=1, max_size=3),
    st.text(alphabet="aZ1.,\"()?!-'", min_size=1, max_size=6),
)
def test_break_contexts_by_shape_agree_with_punkt_on_random_words(word, end, space, after):
    context = word + end + space + after
    if segment.plain_break(context, segment.sentence_tokenizer()._params):
        assert _plain_punkt().text_contains_sentbreak(context), context


@needs_shared
def test_break_contexts_by_shape_agree_with_punkt_on_the_shared_corpora(shared_texts):
    """Every candidate break of every line of the shared corpora: where the shortcut
    answers, plain Punkt gives the same answer; it answers most of them."""
    plain = _plain_punkt()
    params = segment.sentence_tokenizer()._params
    n = decided = 0
    for text in shared_texts:
        for line in text.split("\n"):
            for _, context in plain._match_potential_end_contexts(line):
                n += 1
                if segment.plain_break(context, params):
                    decided += 1
                    assert plain.text_contains_sentbreak(context), context
    assert n > 20_000 and decided > n / 2


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet="aZ1 .?!,;:'\"()-\n\t\x1c\x1f\x85\xa0\u2028\u2019\u201d",
        max_size=60,
    )
)
def test_punkt_under_re_splits_as_nltk_under_regex_on_random_text(text):
    """Punkt's patterns run by ``re`` (and, for a text with U+001C to U+001F, by NLTK's
    own ``regex``) split any text as plain NLTK Punkt does."""
    assert list(segment.sentence_spans(text)) == list(_plain_punkt().span_tokenize(text))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "He",
                " ",
                "said",
                ".",
                "?",
                "!",
                ")",
                '"',
                "'",
                "\u2019",
                "\u201d",
                "]",
                "--",
                "\n",
                "\t",
                "Gen.",
                "U.S.",
                "Jan.",
                "17",
                "a",
                "(",
                "...",
                "  ",
                "x.)",
                "\u00bb",
            ]
        ),  # fmt: skip
        max_size=25,
    ).map("".join)
)
def test_fused_span_tokenize_splits_as_nltk_where_boundaries_realign(text):
    """The fused ``span_tokenize`` (break spans, then realignment over a list) against
    NLTK's generators, on text dense in closing quotes and brackets after an end (the
    realignment), gaps without white space and abbreviations."""
    tok = segment._MemoPunkt(_plain_punkt()._params)
    plain = _plain_punkt()
    assert list(tok.span_tokenize(text)) == list(plain.span_tokenize(text))
    assert list(tok.span_tokenize(text, False)) == list(plain.span_tokenize(text, False))
    spans = [(s.start, s.stop) for s in plain._slices_from_text(text)]
    assert tok._break_spans(text) == spans


@needs_shared
def test_fused_span_tokenize_splits_as_nltk_on_the_shared_corpora(shared_texts):
    """Every paragraph of the shared corpora, split by the package's Punkt and by NLTK's
    own generators: the same spans."""
    tok = segment._MemoPunkt(_plain_punkt()._params)
    plain = _plain_punkt()
    n = 0
    for text in shared_texts:
        for para in text.split("\n\n"):
            assert list(tok.span_tokenize(para)) == list(plain.span_tokenize(para)), para
            n += 1
    assert n > 5_000


def test_the_separators_where_the_engines_differ_go_to_nltk():
    text = "He left.\x1cThen she came. It rained."
    assert segment._ENGINES_DIFFER.search(text)
    assert list(segment.sentence_spans(text)) == list(_plain_punkt().span_tokenize(text))


def test_remembered_break_decisions_survive_a_full_memo(monkeypatch):
    """The memo is forgotten when full; the answers stay the same."""
    monkeypatch.setattr(segment, "MEMO_SIZE", 3)
    tok = segment._MemoPunkt(_plain_punkt()._params)
    text = "Gen. Lee came. He left. The U.S. Army stayed. Mr. Smith said so. Then it rained."
    first = list(tok.span_tokenize(text))
    assert len(tok._breaks) <= 3
    assert list(tok.span_tokenize(text)) == first == list(_plain_punkt().span_tokenize(text))


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("cell", "want"),
    [
        ("2004-07-27", ("2004-07-27", "")),
        ("2016-02-29", ("2016-02-29", "")),
        ("2017-02-30", (None, "date '2017-02-30' not understood")),
        ("2004-13-01", (None, "date '2004-13-01' not understood")),
        (
            "1500-01-01",
            (None, "date '1500-01-01' is outside the date window 1990-01-01 to 2030-12-31"),
        ),
    ],
)
def test_iso_date_cells_read_as_pandas_reads_them(cell, want):
    window = metadata.DateWindow.of(("1990-01-01", "2030-12-31"))
    assert metadata.read_date_cell(cell, window) == want
    if want[0]:
        assert pd.to_datetime(cell).date() == date.fromisoformat(want[0])


@pytest.mark.parametrize(
    "day", ["2004-07-27", "2016-02-29", "1678-01-01", "2261-12-31", "1500-01-01", "2999-01-01"]
)
def test_iso_days_become_the_timestamps_pandas_parses(day):
    start, end = metadata.parse_window(day)
    assert start == end == pd.Timestamp(day).normalize()
    assert start.unit == pd.Timestamp(day).unit


def test_an_iso_string_that_is_no_day_is_still_an_error():
    with pytest.raises(ValueError, match="cannot read the date '2017-02-30'"):
        metadata.parse_window("2017-02-30")


# ---------------------------------------------------------------- end to end, by hand

BANNER = "Daily Planet Live TV Schedule Newsletters Podcasts"
BLURB = "Daily Planet is the region's leading independent daily newspaper, founded in 1990."
ARTICLES = {
    "a1": [
        BANNER,
        "The U.S. Army said on Jan. 17 it had taken the town. Gen. Mark Lee visited the "
        "troops on Monday.",
        "Follow us on Twitter",
        '"We will stay until the job is done," the general told reporters.',
        BLURB,
    ],
    "a2": [
        BANNER,
        "Read also Rebels shell the airport as talks stall in Geneva and the army retakes "
        "two villages",
        "Aid workers reached the besieged district on Tuesday. They brought food for 2,000 "
        "families.",
        "Copyright © 2019 Daily Planet Media. All rights reserved.",
    ],
    "a3": [
        BANNER,
        "Updated: 5 July 2016 The convoy left Aleppo at dawn and reached the border by noon.",
        "Officials said the road had been cleared of mines. Follow us on Twitter",
        BLURB,
    ],
    "a4": [
        BANNER,
        "Gen. Mark Lee said the U.S. would send more troops. The decision was taken in Washington.",
        BLURB,
    ],
}


@pytest.fixture(scope="module")
def planet(tmp_path_factory):
    path = tmp_path_factory.mktemp("planet") / "planet.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "outlet", "date", "title", "text"])
        for i, (doc_id, paras) in enumerate(ARTICLES.items()):
            w.writerow([doc_id, "Daily Planet", f"2017-03-0{i + 1}", f"Story {doc_id}",
                        "\n\n".join(paras)])  # fmt: skip
    return cu.load_corpus(path, progress=False)


def test_hand_made_scrape_keeps_the_journalism(planet):
    docs = planet.docs.set_index("doc_id")
    assert docs.loc["a1", "text"] == (
        "The U.S. Army said on Jan. 17 it had taken the town. Gen. Mark Lee visited the "
        "troops on Monday.\n\n"
        '"We will stay until the job is done," the general told reporters.'
    )
    assert docs.loc["a2", "text"] == (
        "Rebels shell the airport as talks stall in Geneva and the army retakes two villages"
        "\n\nAid workers reached the besieged district on Tuesday. They brought food for "
        "2,000 families."
    )
    assert docs.loc["a3", "text"] == (
        "The convoy left Aleppo at dawn and reached the border by noon.\n\n"
        "Officials said the road had been cleared of mines."
    )
    assert docs.loc["a4", "text"] == (
        "Gen. Mark Lee said the U.S. would send more troops. The decision was taken in Washington."
    )
    assert planet.report["status"].tolist() == ["loaded"] * 4


def test_hand_made_scrape_removes_each_piece_of_furniture_by_its_rule(planet):
    banner = "repeated in 4 articles of daily planet (4 articles)"
    blurb = "repeated in 3 articles of daily planet (4 articles)"
    want = [
        ("a1", banner, BANNER),
        ("a1", "follow_us", "Follow us on Twitter"),
        ("a1", blurb, BLURB),
        ("a2", banner, BANNER),
        ("a2", "read_more_cue", "Read also "),
        ("a2", "copyright", "Copyright © 2019 Daily Planet Media."),
        ("a2", "copyright", "All rights reserved."),
        ("a3", banner, BANNER),
        ("a3", "dateline_label", "Updated: 5 July 2016"),
        ("a3", "follow_us", "Follow us on Twitter"),
        ("a3", blurb, BLURB),
        ("a4", banner, BANNER),
        ("a4", blurb, BLURB),
    ]
    got = planet.removed[["doc_id", "rule", "text"]].itertuples(index=False, name=None)
    assert list(got) == want
    assert set(planet.removed["kind"]) == {"boilerplate"}


def test_hand_made_scrape_sentences(planet):
    got = planet.sentences.groupby("doc_id", sort=True)["text"].apply(list).to_dict()
    assert got == {
        "a1": [
            "The U.S. Army said on Jan. 17 it had taken the town.",
            "Gen. Mark Lee visited the troops on Monday.",
            '"We will stay until the job is done," the general told reporters.',
        ],
        "a2": [
            "Rebels shell the airport as talks stall in Geneva and the army retakes two villages",
            "Aid workers reached the besieged district on Tuesday.",
            "They brought food for 2,000 families.",
        ],
        "a3": [
            "The convoy left Aleppo at dawn and reached the border by noon.",
            "Officials said the road had been cleared of mines.",
        ],
        "a4": [
            "Gen. Mark Lee said the U.S. would send more troops.",
            "The decision was taken in Washington.",
        ],
    }
