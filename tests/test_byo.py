"""Bring your own corpus: encodings, repairs, duplicates, outlet names, big files, and
the invariant that cleaning plus segmentation never loses or duplicates a character."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpus_utils as cu
from corpus_utils.prepare.clean import clean_text, normalise_newlines
from corpus_utils.prepare.segment import paragraph_spans, sentence_spans


def _report(corpus: cu.Corpus) -> dict[str, tuple[str, str]]:
    r = corpus.report
    return {p: (s, why) for p, s, why in zip(r["path"], r["status"], r["reason"], strict=True)}


def test_encodings_and_mojibake(tmp_path):
    (tmp_path / "bom8.txt").write_bytes("\ufeffA UTF-8 file with a BOM.".encode())
    (tmp_path / "bom16.txt").write_bytes("A UTF-16 file, café.".encode("utf-16"))
    # UTF-8 bytes of "It’s a café" read as cp1252 and saved again: classic mojibake
    (tmp_path / "moji.txt").write_text("It’s a café.".encode().decode("cp1252"), encoding="utf-8")
    (tmp_path / "crlf.txt").write_bytes(b"Line one.\r\n\r\nLine two.\r\n")
    c = cu.load_corpus(tmp_path)
    text = dict(zip(c.docs["doc_id"], c.docs["text"], strict=True))
    assert text["bom8"] == "A UTF-8 file with a BOM."
    assert text["bom16"] == "A UTF-16 file, café."
    assert text["moji"] == "It’s a café."
    assert text["crlf"] == "Line one.\n\nLine two."
    report = _report(c)
    assert "UTF-16" in report["bom16.txt"][1]
    assert "mojibake repaired by ftfy" in report["moji.txt"][1]
    assert report["crlf.txt"] == ("loaded", "")


def test_ftfy_leaves_the_seed_articles_unchanged(corpus, raw_texts):
    """Curly quotes and non-breaking spaces are the articles' own, not mojibake."""
    loaded = corpus.report[corpus.report["status"] == "loaded"]
    assert len(loaded) == 5 and (loaded["reason"] == "").all()  # no repair recorded
    quote = "“Russian fighter jets destroyed the secret compounds"
    assert quote in raw_texts["004_cb82cf225181bd3a"]
    assert quote in corpus.text_of("004_cb82cf225181bd3a")


STORY = (
    "Russian jets struck targets near Idlib on Monday, the monitor said, adding that "
    "at least twelve fighters were killed and dozens wounded in the raids. The strikes "
    "followed an attack on a government checkpoint on Sunday. Local residents said the "
    "bombardment lasted several hours and damaged a market and two schools nearby."
)


def test_near_duplicates_are_flagged_and_can_be_dropped(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace("Monday", "Tuesday"), encoding="utf-8")
    (tmp_path / "c.txt").write_text("A different story about the economy and trade talks.")
    c = cu.load_corpus(tmp_path)
    near = dict(zip(c.docs["doc_id"], c.docs["near_duplicate_of"], strict=True))
    assert near["b"] == "a" and pd.isna(near["a"]) and pd.isna(near["c"])
    status, reason = _report(c)["b.txt"]
    assert status == "near-duplicate" and "near-duplicate of a" in reason
    dropped = cu.load_corpus(tmp_path, drop_duplicates=True)
    assert dropped.docs["doc_id"].tolist() == ["a", "c"]
    assert "dropped" in _report(dropped)["b.txt"][1]


def test_outlet_names_are_normalised_and_aliases_merged(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text(
        "id,text,source\n1,One.,Reuters\n2,Two.,reuters \n3,Three.,Reuters\n4,Four.,AP\n"
        "5,Five.,Associated  Press\n",
        encoding="utf-8",
    )
    c = cu.load_corpus(f)
    assert c.docs["outlet"].tolist() == ["Reuters"] * 3 + ["AP", "Associated Press"]
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,outlet\nAP,Associated Press\n", encoding="utf-8")
    c = cu.load_corpus(f, outlet_aliases=aliases)
    assert c.docs["outlet"].tolist() == ["Reuters"] * 3 + ["Associated Press"] * 2


def test_a_50_mb_single_file_loads_whole(tmp_path):
    para = ("The convoy moved north before dawn, officials said. " * 40).strip()
    n = 50_000_000 // (len(para) + 2) + 1
    (tmp_path / "huge.txt").write_text("\n\n".join([para] * n), encoding="utf-8")
    c = cu.load_corpus(tmp_path)
    assert c.report["status"].tolist() == ["loaded"]
    text = c.text_of("huge")
    assert len(text) >= 50_000_000
    assert text.count(para) == n  # no paragraph lost or repeated


# --- property: nothing lost, nothing duplicated -------------------------------------

_WORDS = st.sampled_from(
    ["Russia", "said", "the", "U.S.", "Gen.", "forces", "Jan.", "17", "ISIS", "“quoted”",
     '"word"', "Aleppo.", "Related:", "(RELATED: link)", "WATCH:", "GettyImages-123456",
     "KIRILL/AFP/Getty Images", "end.", "Why?", "'s", "\u00a0", "—"]
)  # fmt: skip
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=25).map(" ".join)
_ARTICLE = st.lists(_PARAGRAPH, min_size=1, max_size=8)
_SEP = st.sampled_from(["\n\n", "\n", "\n \n", "\r\n\r\n"])


def _chars(*texts: str) -> Counter:
    return Counter(ch for t in texts for ch in t if not ch.isspace())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ARTICLE, _SEP, st.booleans())
def test_cleaning_never_loses_or_duplicates_a_character(paragraphs, sep, headline):
    raw = normalise_newlines(("A Headline Line\n\n" if headline else "") + sep.join(paragraphs))
    cleaned = clean_text(raw)
    kept = _chars(cleaned.title or "", cleaned.body, *(r.text for r in cleaned.removed))
    assert kept == _chars(raw)
    for r in cleaned.removed:  # every removal points at its own text in the raw input
        assert raw[r.start : r.end] == r.text


@settings(max_examples=150, deadline=None)
@given(_ARTICLE)
def test_sentences_cover_every_paragraph_exactly_once(paragraphs):
    body = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    covered = []
    for a, b in paragraph_spans(body):
        spans = list(sentence_spans(body, a, b))
        assert all(s1[1] <= s2[0] for s1, s2 in zip(spans, spans[1:], strict=False))
        covered.extend(body[s:e] for s, e in spans)
        assert _chars(*(body[s:e] for s, e in spans)) == _chars(body[a:b])
    assert _chars(*covered) == _chars(body)
