"""Rows appended to resources/web_boilerplate.csv by the topic work: each removes the
furniture it was added for and keeps real sentences that look like it."""

from __future__ import annotations

import pytest

import corpus_utils as cu
from corpus_utils.prepare import boilerplate

# the opening of a FA-KES dailysabah article (unit 1924058121), as the dataset has it
SHARED = (
    "SEND httpsabahdai.ly9x2W4z A man rides a bicycle past burning tyres which activists "
    "said are used to create smoke cover from warplanes in Aleppo Syria August 1 2016"
)


def test_share_link_row_removes_the_button_and_its_link_only():
    rule, start, end = boilerplate.pattern_match(SHARED)
    assert rule == "share_link"
    assert SHARED[start:end] == "SEND httpsabahdai.ly9x2W4z"


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said they would SEND aid convoys to eastern Aleppo on Monday.",
        "Activists send https links to reporters on Telegram every day.",
        "The ministry said it would send www addresses of the camps to the UN.",
    ],
)
def test_share_link_row_keeps_real_sentences(sentence):
    assert boilerplate.pattern_match(sentence) is None


def test_share_link_is_removed_on_load_and_recorded(tmp_path):
    body = SHARED + ". Ten civilians were killed on Tuesday when warplanes struck a town."
    (tmp_path / "a.txt").write_text("Warplanes strike Aleppo town\n\n" + body + "\n")
    corpus = cu.load_corpus(tmp_path)
    text = corpus.docs["text"].iloc[0]
    assert "SEND" not in text and "sabahdai" not in text
    assert "A man rides a bicycle past burning tyres" in text
    assert "Ten civilians were killed on Tuesday" in text
    removed = corpus.removed
    assert removed["text"].str.contains("SEND httpsabahdai.ly9x2W4z", regex=False).any()
    assert removed.loc[removed["text"].str.contains("SEND"), "rule"].iloc[0] == "share_link"


@pytest.mark.parametrize(
    ("sentence", "credit"),
    [
        # FA-KES dailysabah and jordantimes captions, as the dataset has them
        (
            "Smoke rises over Aleppo on July 21 2015. (AFP Photo) At least 18 were killed.",
            "(AFP Photo)",
        ),
        (
            "Rescue workers search the rubble (IHA Photo) Qamishli is near the border.",
            "(IHA Photo)",
        ),
        ("The square after the blast (File photo) The council met on Monday.", "(File photo)"),
        ("Delegates arrive in Geneva (Photo by Jane Doe) Talks resumed.", "(Photo by Jane Doe)"),
    ],
)
def test_photo_credit_row_removes_the_credit_only(sentence, credit):
    rule, start, end = boilerplate.pattern_match(sentence)
    assert rule == "photo_credit" and sentence[start:end] == credit


@pytest.mark.parametrize(
    "sentence",
    [
        "He showed reporters a photo of the damaged hospital on Monday.",
        "The ministry (which released the photos) denied the report.",
        "Photographers (AFP, Reuters) were kept away from the site.",
    ],
)
def test_photo_credit_row_keeps_real_sentences(sentence):
    assert boilerplate.pattern_match(sentence) is None
