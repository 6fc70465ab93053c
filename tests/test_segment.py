"""Paragraphs and sentences: boundaries checked against the articles as read by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from corpus_utils.prepare import segment

D000 = "000_16ead6e19a73726d"
D001 = "001_bfcef8d604e55000"
D002 = "002_2c5ac41f2e091863"
D003 = "003_194850a5e2a51b40"
D004 = "004_cb82cf225181bd3a"

# Abbreviations followed by a word that does not start a sentence: no boundary inside.
NO_BREAK = [
    (D000, "U.S.-led fighters"),
    (D000, "U.K.-based monitor"),
    (D000, "the U.S. switched the focus"),
    (D002, "A U.N. war crimes chief"),
    (D002, "U.K.-based monitoring group"),
    (D003, "Unnamed U.S. officials cited in CNN"),
    (D003, "The U.S. established a coalition"),
    (D003, "backed by the U.S., Turkey and Gulf Arab states"),
    (D003, "called on the U.S. and Turkey"),
    (D004, "the SOHR reported Jan. 17."),
    (D001, "by the U.S. and has been the target"),
]

# Whole sentences, typed from the files (000 has a no-break space after 'controlled').
SENTENCES = [
    (
        D000,
        "The news came shortly after U.S.-led fighters said their separate, increasingly rival "
        "campaign against the de facto capital of the Islamic State militant group (ISIS) was "
        "nearing its conclusion.",
    ),
    (
        D000,
        "The Syrian Observatory for Human Rights, a U.K.-based monitor with ties to Syria's "
        "opposition, told Newsweek that the Syrian Democratic Forces likely controlled\u00a0"
        '"more than 90 percent" of Raqqa.',
    ),
    (D001, "Newsweek is unable to independently verify the report."),
    (
        D001,
        "In July, Russian forces were attacked in Syria by Ukrainian special forces.",
    ),
    (
        D002,
        "ISIS has closely documented and proliferated its own atrocities via social media since "
        "taking nearly half of Iraq and Syria in 2014.",
    ),
    (
        D002,
        "A U.N. war crimes chief resigned last week over what she said was the international "
        "community's failure to take action against human rights abuses in more than six years "
        'of war in Syria, where she said "everyone is bad now," according to The Telegraph.',
    ),
    (
        D003,
        "Unnamed U.S. officials cited in CNN and Agence France-Presse pointed the blame to "
        "Israel, which has struck Iranian and pro-Iran assets in Syria with greater frequency "
        "in recent months.",
    ),
    (
        D003,
        "The U.S. established a coalition of friendly powers in 2014 and began bombing ISIS in "
        "Iraq and Syria.",
    ),
    (
        D004,
        "Around 40 Russian airstrikes targeted ISIS cells in the Syrian cities of Aleppo, Hama "
        "and Raqqa last week after 10 Syrian troops were killed by a landmine attack, the SOHR "
        "reported Jan. 17.",
    ),
    (
        D004,
        "\u201cRussian fighter jets destroyed the secret compounds and several vehicles that "
        "were reportedly involved in the attack,\u201d according to the SOHR.",
    ),
]

# Counted by hand: 001 has 12 one-line paragraphs holding 16 sentences; 004 keeps 7 of its
# 9 lines (WATCH: and the DCNF footer go) holding 12 sentences.
COUNTS = {D001: (12, 16), D004: (7, 12)}


def _boundaries(corpus, doc_id):
    s = corpus.sentences[corpus.sentences["doc_id"] == doc_id]
    return set(s["start"]) | set(s["end"])


@pytest.mark.parametrize(("doc_id", "phrase"), NO_BREAK)
def test_abbreviation_does_not_end_a_sentence(corpus, doc_id, phrase):
    text = corpus.text_of(doc_id)
    found = [m.start() for m in re.finditer(re.escape(phrase), text)]
    assert found, f"{phrase!r} not in {doc_id}"
    bounds = _boundaries(corpus, doc_id)
    for a in found:
        inside = [b for b in bounds if a < b < a + len(phrase)]
        # a phrase ending in '.' may end where the sentence ends, nowhere else
        assert not inside, f"{doc_id}: sentence boundary inside {phrase!r}"


def test_no_sentence_ends_in_a_known_abbreviation(corpus):
    abbreviations = ("U.S.", "U.K.", "U.N.", "Gen.", "Jan.", "Col.")
    for doc_id, text in zip(corpus.sentences["doc_id"], corpus.sentences["text"], strict=True):
        assert not text.endswith(abbreviations), (doc_id, text)


@pytest.mark.parametrize(("doc_id", "sentence"), SENTENCES)
def test_sentence_is_segmented_as_read(corpus, doc_id, sentence):
    s = corpus.sentences
    assert sentence in list(s.loc[s["doc_id"] == doc_id, "text"])


@pytest.mark.parametrize("doc_id", sorted(COUNTS))
def test_paragraph_and_sentence_counts(corpus, doc_id):
    n_para, n_sent = COUNTS[doc_id]
    assert (corpus.paragraphs["doc_id"] == doc_id).sum() == n_para
    assert (corpus.sentences["doc_id"] == doc_id).sum() == n_sent


def test_001_sentences_per_line(corpus, raw_texts):
    """001 has one paragraph per line; sentences per line counted by reading."""
    per_line = [1, 2, 1, 2, 1, 1, 2, 1, 1, 1, 1, 2]
    lines = raw_texts[D001].split("\n")
    assert len(lines) == len(per_line)
    s = corpus.sentences[corpus.sentences["doc_id"] == D001]
    assert list(s.groupby("para_id").size()) == per_line
    assert list(corpus.paragraphs.loc[corpus.paragraphs["doc_id"] == D001, "text"]) == lines


def test_sentence_offsets_slice_back(corpus):
    for doc_id, text, a, b in corpus.sentences[["doc_id", "text", "start", "end"]].itertuples(
        index=False
    ):
        assert corpus.text_of(doc_id)[a:b] == text
        assert text == text.strip() and text


def test_paragraph_offsets_slice_back(corpus):
    for doc_id, text, a, b in corpus.paragraphs[["doc_id", "text", "start", "end"]].itertuples(
        index=False
    ):
        assert corpus.text_of(doc_id)[a:b] == text
    for doc_id in corpus.docs["doc_id"]:
        p = corpus.paragraphs[corpus.paragraphs["doc_id"] == doc_id]
        assert list(p["text"]) == corpus.text_of(doc_id).split("\n\n")
        assert list(p["para_id"]) == list(range(len(p)))


def test_sentences_never_cross_paragraphs(corpus):
    paras = corpus.paragraphs.set_index(["doc_id", "para_id"])
    for doc_id, para_id, text, a, b in corpus.sentences[
        ["doc_id", "para_id", "text", "start", "end"]
    ].itertuples(index=False):
        p = paras.loc[(doc_id, para_id)]
        assert p["start"] <= a < b <= p["end"]
        assert "\n" not in text


def test_sentences_cover_each_paragraph_in_order(corpus):
    """Only white space lies between consecutive sentences of a paragraph."""
    for (doc_id, _para_id), group in corpus.sentences.groupby(["doc_id", "para_id"]):
        text = corpus.text_of(doc_id)
        ends = list(group["end"])
        starts = list(group["start"])
        for e, s in zip(ends[:-1], starts[1:], strict=True):
            assert e <= s and text[e:s].strip() == ""


def test_sent_id_counts_from_zero_in_each_article(corpus):
    for _doc_id, group in corpus.sentences.groupby("doc_id"):
        assert list(group["sent_id"]) == list(range(len(group)))


# --- hand-made cases ------------------------------------------------------------------


def _split(text):
    return [text[a:b] for a, b in segment.sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gen. Sergei Surovikin arrived. He left.", ["Gen. Sergei Surovikin arrived.", "He left."]),
        (
            "The delegation flew to the U.S. He said talks went well.",
            ["The delegation flew to the U.S.", "He said talks went well."],
        ),
        (
            "U.S. officials said the U.S.-led coalition struck on Jan. 17. They gave no toll.",
            ["U.S. officials said the U.S.-led coalition struck on Jan. 17.", "They gave no toll."],
        ),
        (
            "A U.N. war crimes chief resigned. The U.K.-based monitor said so.",
            ["A U.N. war crimes chief resigned.", "The U.K.-based monitor said so."],
        ),
        ('"We won," he said. "They lost."', ['"We won," he said.', '"They lost."']),
    ],
)
def test_hand_made_sentences(text, expected):
    assert _split(text) == expected


def test_sentence_spans_with_offsets_into_a_larger_text():
    text = "Intro.\n\nFirst one. Second one."
    start = text.index("First")
    spans = list(segment.sentence_spans(text, start, len(text)))
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one."]


def test_paragraph_spans_of_a_cleaned_body():
    body = "One.\n\nTwo two.\n\nThree."
    assert [body[a:b] for a, b in segment.paragraph_spans(body)] == ["One.", "Two two.", "Three."]


# --- one sentence split shared by the boilerplate scan and the sentence table ----------

from corpus_utils import corpus as corpus_module  # noqa: E402
from corpus_utils import load_corpus  # noqa: E402

_ODD = {
    # a paragraph of several lines (the scan splits each line, the table the paragraph)
    "lines.txt": "Headline here\n\nThe army advanced. It held\nthe town for a day.\n\nLast one.",
    # a sign-up prompt cut out of the middle of a paragraph: that paragraph changes
    "prompt.txt": "Another headline\n\nThe talks ended. Sign up for our daily newsletter. "
    "Both sides left.\n\nU.S. officials met Gen. Sergei Surovikin on Jan. 17. They left.",
    # the same line twice, and lines with spaces at their ends
    "twice.txt": "Third headline\n\nThe same line. Again.\n\nThe same line. Again.\n\n"
    "  Spaces around.  \n\nMr. Smith said so.",
}


def _resplit(c):
    return corpus_module._sentence_frame(c._texts, c.paragraphs)


def test_shared_split_equals_splitting_every_paragraph_again(tmp_path):
    for name, text in _ODD.items():
        (tmp_path / name).write_text(text)
    c = load_corpus(tmp_path)
    pd.testing.assert_frame_equal(c.sentences, _resplit(c))
    assert "Sign up" not in c.text_of("prompt")  # the prompt was removed, the rest split
    assert c.sentences[c.sentences["doc_id"] == "prompt"]["text"].tolist() == [
        "The talks ended.",
        "Both sides left.",
        "U.S. officials met Gen. Sergei Surovikin on Jan. 17.",
        "They left.",
    ]


def test_shared_split_on_the_seed_articles(corpus):
    pd.testing.assert_frame_equal(corpus.sentences, _resplit(corpus))


def test_the_sentence_table_runs_no_punkt_after_loading(tmp_path, monkeypatch):
    for name, text in _ODD.items():
        (tmp_path / name).write_text(text)
    c = load_corpus(tmp_path)

    def refuse(*args, **kwargs):
        raise AssertionError("Punkt ran again")

    monkeypatch.setattr(segment, "sentence_spans", refuse)
    assert len(c.sentences) == 3 + 4 + 6  # lines, prompt, twice
