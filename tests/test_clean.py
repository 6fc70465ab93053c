"""Cleaning: headlines and boilerplate removal, checked against the articles as read by hand.

Every expected value below was written down from reading the raw files in data/articles
(``cat -A``), not from the package's output.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from corpus_utils.prepare.clean import clean_text, looks_like_headline, split_headline

DOC_IDS = [
    "000_16ead6e19a73726d",
    "001_bfcef8d604e55000",
    "002_2c5ac41f2e091863",
    "003_194850a5e2a51b40",
    "004_cb82cf225181bd3a",
]
D000, D001, D002, D003, D004 = DOC_IDS

# The headline lines, typed from the files.
TITLES = {
    D000: "Russia Claims to Kill Hundreds of Militants in One Day as U.S. Battle Against ISIS "
    "Nears End",
    D001: None,
    D002: "Russia and Syria Target ISIS Territory As Big As Two U.S. States",
    D003: "What Happened to ISIS? U.S. and Syria Near Total Victory Over Jihadis, but May Turn "
    "on Each Other Next",
    D004: None,
}

# Every span that is boilerplate, in file order: (kind, how the removed text begins).
REMOVED = {
    D000: [
        ("cross_link", "Related: War in Syria: Assad thanks Iran"),
        ("caption", "GettyImages-843250882 Russian Colonel-General"),
    ],
    D001: [],
    D002: [
        ("cross_link", "Related:\u00a0What Is ISIS Fighting for Now?"),
        ("caption", "GettyImages-831061356 An Islamic State"),
        ("caption", "RTS1ATHM A map shows the change"),
    ],
    D003: [
        ("caption", "Members of the pro-Syrian government forces pose"),
        ("cross_link", "Related: Who is U.S. fighting in Syria?"),
        ("caption", "U.S.-led coalition forces fire an M777 Howitzer"),
    ],
    D004: [
        ("embed", "WATCH:"),
        ("cross_link", "(RELATED: ISIS Has 10,000 Members"),
        ("footer", "All content created by the Daily Caller News Foundation"),
    ],
}

# How the removed spans end (captions end in a credit with no full stop).
REMOVED_ENDINGS = {
    D000: ["opposed to U.S.", "KIRILL KUDRYAVTSEV/AFP/Getty Images"],
    D001: [],
    D002: [
        "Lives On in the Middle East",
        "Stringer/AFP/Reuters",
        "Institute for the Study of War/Reuters",
    ],
    D003: [
        "STRINGER/AFP/Getty Images",
        "attacks coalition near base condemned by Russia and Iran",
        "Army Staff Sergeant Timothy R. Koster/Department of Defense",
    ],
    D004: ["WATCH:", "UN Warns)", "licensing@dailycallernewsfoundation.org."],
}

# The in-line cross-link in 004, as it stands in the file (with the space before it).
INLINE_004 = (
    " (RELATED: ISIS Has 10,000 Members And Has Bolstered Propaganda Efforts, Attacks During "
    "The Pandemic, UN Warns)"
)


def raw_paragraphs(raw: str) -> list[str]:
    """Split a raw file into paragraphs independently of the package.

    000, 002 and 003 separate paragraphs by a blank line; 001 and 004 have one paragraph
    per line and no blank line at all.
    """
    raw = raw.replace("\r\n", "\n")
    parts = re.split(r"\n\s*\n", raw) if "\n\n" in raw else raw.split("\n")
    return [p.strip() for p in parts if p.strip()]


def body_paragraphs(doc_id: str, raw: str) -> list[str]:
    """The paragraphs that should survive cleaning, worked out from REMOVED by hand."""
    paras = raw_paragraphs(raw)
    if TITLES[doc_id] is not None:
        assert paras[0] == TITLES[doc_id]
        paras = paras[1:]
    starts = [prefix for kind, prefix in REMOVED[doc_id] if kind != "cross_link" or doc_id != D004]
    kept = [p for p in paras if not any(p.startswith(s) for s in starts)]
    if doc_id == D004:
        assert sum(INLINE_004 in p for p in kept) == 1
        kept = [p.replace(INLINE_004, "") for p in kept]
    return kept


def test_the_hand_made_expectations_match_the_files(raw_texts):
    """Guard for the expectations themselves: each prefix occurs in its file exactly once."""
    assert sorted(raw_texts) == DOC_IDS
    for doc_id, spans in REMOVED.items():
        raw = raw_texts[doc_id]
        for (_kind, prefix), ending in zip(spans, REMOVED_ENDINGS[doc_id], strict=True):
            assert raw.count(prefix) == 1, (doc_id, prefix)
            assert raw.count(ending) == 1, (doc_id, ending)


# --- titles ---------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_title_of_each_article(doc_id, raw_texts, inferred_corpus):
    expected = TITLES[doc_id]
    assert clean_text(raw_texts[doc_id]).title == expected
    row = inferred_corpus.docs.set_index("doc_id").loc[doc_id]
    if expected is None:
        assert pd.isna(row["title"])
        assert row["title_basis"] == "no headline line"
    else:
        assert row["title"] == expected
        assert row["title_basis"] == "first line, followed by a blank line"


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_title_never_reaches_the_body(doc_id, corpus):
    text = corpus.text_of(doc_id)
    if TITLES[doc_id] is not None:
        assert TITLES[doc_id] not in text
    # 001 and 004 start straight with their first sentence.
    first_words = {
        D000: "Russia said Wednesday its forces",
        D001: "Russian forces faced an attack in Syria",
        D002: "The Syrian military and its allies, including Russia",
        D003: "The Syrian military and the U.S.-backed Syrian Democratic Forces",
        D004: "Over 95 Russian airstrikes landed on ISIS hideouts",
    }
    assert text.startswith(first_words[doc_id])


# --- removed spans --------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_removed_spans_of_each_article(doc_id, corpus):
    rows = corpus.removed[corpus.removed["doc_id"] == doc_id].sort_values("start")
    got = [(k, t) for k, t in zip(rows["kind"], rows["text"], strict=True)]
    expected = REMOVED[doc_id]
    assert [k for k, _ in got] == [k for k, _ in expected]
    for (_, text), (_, prefix), ending in zip(got, expected, REMOVED_ENDINGS[doc_id], strict=True):
        assert text.startswith(prefix)
        assert text.endswith(ending)


def test_removed_kinds_and_rules_are_from_the_documented_sets(corpus):
    assert set(corpus.removed["kind"]) <= {"caption", "cross_link", "embed", "footer"}
    assert corpus.removed["rule"].notna().all()
    assert (corpus.removed["rule"].str.len() > 0).all()


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_removed_text_is_gone_from_the_body(doc_id, corpus):
    text = corpus.text_of(doc_id)
    for removed in corpus.removed.loc[corpus.removed["doc_id"] == doc_id, "text"]:
        assert removed not in text
    for _kind, prefix in REMOVED[doc_id]:
        assert prefix not in text
    for ending in REMOVED_ENDINGS[doc_id]:
        if ending != "WATCH:":
            assert ending not in text


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_real_paragraph_survives_unchanged(doc_id, raw_texts, corpus):
    expected = body_paragraphs(doc_id, raw_texts[doc_id])
    text = corpus.text_of(doc_id)
    for para in expected:
        assert para in text
    # ...and nothing else: the body is exactly those paragraphs, in order.
    assert text == "\n\n".join(expected)


def test_004_keeps_the_paragraph_with_the_inline_link(corpus):
    text = corpus.text_of(D004)
    expected = (
        "ISIS was nearly eradicated after losing its last physical territory in March 2019, "
        "the SOHR reported. Hundreds of ISIS supporters reportedly fled to the surrounding "
        "desert areas to continue planning attacks."
    )
    assert expected in text.split("\n\n")
    assert "RELATED" not in text


@pytest.mark.parametrize(
    "doc_id",
    [
        D000,
        D001,
        D002,
        D003,
        D004,
    ],
)
def test_removed_offsets_slice_the_raw_text(doc_id, raw_texts, corpus):
    raw = raw_texts[doc_id].replace("\r\n", "\n")
    rows = corpus.removed[corpus.removed["doc_id"] == doc_id]
    for start, end, text in zip(rows["start"], rows["end"], rows["text"], strict=True):
        assert raw[start:end] == text


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_removed_offsets_point_at_the_right_place_in_the_body(doc_id, raw_texts, corpus):
    """``body_pos``: the body text before it is the cleaned text of everything before it."""
    raw = raw_texts[doc_id]
    kept = body_paragraphs(doc_id, raw)
    # where each kept paragraph stands in the raw file (004's keeps its in-line link there)
    originals = [p + INLINE_004 if p.endswith("continue planning attacks.") else p for p in kept]
    positions = [raw.index(o) for o in originals]
    text = corpus.text_of(doc_id)
    rows = corpus.removed[corpus.removed["doc_id"] == doc_id]
    assert len(rows) == len(REMOVED[doc_id])
    for start, body_pos in zip(rows["start"], rows["body_pos"], strict=True):
        before = []
        for para, orig, pos in zip(kept, originals, positions, strict=True):
            if pos + len(orig) <= start:
                before.append(para)
            elif pos < start:  # the removal is inside this paragraph (an in-line link)
                before.append(raw[pos:start].rstrip())
        assert text[:body_pos].rstrip() == "\n\n".join(before)


@pytest.mark.parametrize(
    "doc_id",
    [
        D000,
        D001,
        D002,
        D003,
        D004,
    ],
)
def test_body_pos_lies_within_the_body(doc_id, corpus):
    n = len(corpus.text_of(doc_id))
    rows = corpus.removed[corpus.removed["doc_id"] == doc_id]
    assert ((rows["body_pos"] >= 0) & (rows["body_pos"] <= n)).all()


def test_overview_counts_match_the_hand_count(corpus, raw_texts):
    ov = corpus.overview()
    for doc_id in DOC_IDS:
        assert ov.loc[doc_id, "removed_spans"] == len(REMOVED[doc_id])
        assert ov.loc[doc_id, "paragraphs"] == len(body_paragraphs(doc_id, raw_texts[doc_id]))
    assert ov.loc[D001, "title"] == "(no headline)"


# --- hand-made cases: what must NOT be removed ----------------------------------------

HEAD = "A Test Headline\n\n"


@pytest.mark.parametrize(
    "para",
    [
        "Syria/Iraq",  # a short line with a slash is not a photo credit
        "Fans of the band said the Moscow concert was the loudest they had heard since AC/DC.",
        "The map was drawn by analysts at the Institute for the Study of War/Reuters.",
        "Watch: the video shows the convoy leaving the base before dawn.",
        "Officials said the two attacks were related: both used the same drones.",
        "MH17 was shot down over eastern Ukraine in July 2014, investigators said.",
        "Russian jets struck the town 24/7 for a week, residents told reporters on Monday.",
    ],
)
def test_legitimate_paragraph_is_kept(para):
    c = clean_text(HEAD + "First paragraph of the story.\n\n" + para + "\n\nLast paragraph.")
    assert c.removed == []
    assert c.body == "First paragraph of the story.\n\n" + para + "\n\nLast paragraph."


@pytest.mark.parametrize(
    ("para", "kind"),
    [
        (
            "GettyImages-123456789 Men walk past rubble in Aleppo. John Doe/AFP/Getty Images",
            "caption",
        ),
        ("Smoke rises over the eastern districts on Monday. Jane Roe/Reuters", "caption"),
        ("Related: Who is fighting whom in Syria", "cross_link"),
        ("READ MORE: The war in numbers", "cross_link"),
        ("WATCH:", "embed"),
        ("All content created by the Daily Caller News Foundation is free to use.", "footer"),
    ],
)
def test_boilerplate_paragraph_is_removed(para, kind):
    c = clean_text(HEAD + "First paragraph.\n\n" + para + "\n\nLast paragraph.")
    assert [r.kind for r in c.removed] == [kind]
    assert c.removed[0].text == para
    assert c.body == "First paragraph.\n\nLast paragraph."


def test_inline_related_link_is_cut_out_of_its_paragraph():
    raw = HEAD + "Troops advanced on Monday. (RELATED: Another story here) They met no resistance."
    c = clean_text(raw)
    assert c.body == "Troops advanced on Monday. They met no resistance."
    assert [r.kind for r in c.removed] == ["cross_link"]
    assert c.removed[0].text == "(RELATED: Another story here)"


def test_paragraph_that_is_only_an_inline_link_disappears():
    c = clean_text(HEAD + "Body text.\n\n(RELATED: Another story)")
    assert c.body == "Body text."
    assert [r.kind for r in c.removed] == ["cross_link"]


# --- hand-made cases: headlines -------------------------------------------------------


def test_first_line_ending_in_a_full_stop_is_not_a_headline():
    raw = "Russian forces faced an attack in Syria.\n\nSecond paragraph."
    assert split_headline(raw) == (None, 0)
    c = clean_text(raw)
    assert c.title is None
    assert c.body == raw


@pytest.mark.parametrize("line", ["Rebels take the city,", "What we know so far:", "He said;"])
def test_lines_ending_like_a_sentence_are_not_headlines(line):
    assert not looks_like_headline(line)


def test_title_case_question_is_a_headline():
    raw = "What Happened to ISIS in Syria?\n\nBody text follows."
    title, start = split_headline(raw)
    assert title == "What Happened to ISIS in Syria?"
    assert raw[start:] == "Body text follows."


@pytest.mark.parametrize(
    "line",
    ["Could rivalry overshadow election?", "UKIP's secret weapon?", "Time to get tough!"],
)
def test_short_sentence_case_question_is_a_headline(line):
    """BBC writes "Could rivalry overshadow election?" above the story: a headline."""
    raw = f"{line}\n\nTony Blair and Gordon Brown spoke on Monday."
    c = clean_text(raw)
    assert (c.title, c.body) == (line, "Tony Blair and Gordon Brown spoke on Monday.")


@pytest.mark.parametrize(
    "line",
    [
        "Is this the moment that the whole country finally turned against him?",  # long
        '"We will never give up!"',  # a quotation opens the body
        "so what went wrong?",  # lower case
    ],
)
def test_long_or_quoted_question_opens_the_body(line):
    raw = f"{line}\n\nThe second paragraph."
    assert clean_text(raw).title is None
    assert clean_text(raw).body == raw


def test_lower_case_question_is_not_a_headline():
    assert not looks_like_headline("who is really fighting whom in syria now?")


def test_no_blank_line_after_the_first_line_means_no_headline():
    raw = "Russia and Syria Target ISIS Territory\nThe Syrian military advanced.\n"
    assert split_headline(raw) == (None, 0)
    assert clean_text(raw).title is None


def test_headline_with_crlf_and_leading_blank_lines():
    raw = "\n\nRussia and Syria Target ISIS\r\n\r\nBody.".replace("\r\n", "\n")
    assert clean_text(raw).title == "Russia and Syria Target ISIS"
    assert clean_text(raw).body == "Body."


def test_overlong_first_line_is_not_a_headline():
    line = " ".join(["Word"] * 40)
    assert not looks_like_headline(line)
    assert clean_text(line + "\n\nBody.").title is None


# --- the ftfy gate: ftfy only where a cheap exact test says the text can change -------

from ftfy import fix_encoding as ftfy_fix_encoding  # noqa: E402
from ftfy.badness import MOJIBAKE_CATEGORIES, is_bad  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corpus_utils.prepare.clean import fix_encoding, may_be_mojibake  # noqa: E402


def _category_chars() -> str:
    """Every character ftfy's mojibake heuristic names (ranges expanded)."""
    chars = set()
    for spec in MOJIBAKE_CATEGORIES.values():
        cls = re.compile(f"[{spec}]")
        chars.update(chr(c) for c in range(0x80, 0x3000) if cls.match(chr(c)))
    return "".join(sorted(chars))


# ASCII, every mojibake character, the letters and marks real news text has, and mojibake
# made by hand (UTF-8 read as cp1252 / latin-1), so that both sides of the gate are drawn
_MOJIBAKE = [
    s.encode("utf-8").decode(enc, errors="replace")
    for s in ("Putin’s “plan”", "café — naïve", "São Paulo", "Zürich €5", "حلب")
    for enc in ("cp1252", "latin-1")
]
_TEXT = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=8),
        st.text(alphabet=_category_chars(), max_size=3),
        st.text(alphabet="éèüöçñ’‘“”—–…£€°·ØÙÃÂœŒ×²ВГРСΒΓΞΟ", max_size=3),
        st.sampled_from(_MOJIBAKE),
        st.text(max_size=3),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(_TEXT)
def test_the_gate_never_skips_a_text_ftfy_would_change(text):
    if not may_be_mojibake(text):
        assert not is_bad(text)  # ftfy's own first test would stop here too
        assert ftfy_fix_encoding(text) == text
    assert fix_encoding(text) == ftfy_fix_encoding(text)


@pytest.mark.parametrize("text", _MOJIBAKE)
def test_the_gate_lets_mojibake_through(text):
    assert may_be_mojibake(text)


@pytest.mark.parametrize(
    "text",
    ["plain ASCII text", "Putin’s “plan” costs £5 — or €6.", "Erdoğan met Lavrov in Sochi"],
)
def test_the_gate_skips_ordinary_text(text):
    assert not may_be_mojibake(text) and ftfy_fix_encoding(text) == text
