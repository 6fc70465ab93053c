"""Stop-16 speaker mechanisms (issue 11), each on made-up sentences.

The mechanisms are general ones of rule-based attribution systems, not rules fitted to
gold misses: a quotation sentence with no cue continues the speaker of the sentence
before it (the Gender Gap Tracker's *floating quotes*;
:mod:`corpus_utils.sources.continuation`); ``he``/``she`` take the nearest sentence
subject of their gender, learned from the corpus's own honorifics and pronouns
(:mod:`corpus_utils.sources.gender`); ``the company`` takes the business the article
names with such a word or mentions most (:mod:`corpus_utils.sources.org_descriptions`).
Every case is one article and the
``speaker_name`` of each of its ledger rows in text order (``None``: the article does
not name the speaker); cases that must stay as they are guard against the mechanism
reaching too far. The beats vary on purpose.
"""

from __future__ import annotations

import pytest

from corpus_utils.sources.attribution import ledger, quote_speakers

CASES = {
    # --- a quotation sentence after reported speech: the same speaker's words
    "continued_same_paragraph": (
        "The airline ordered ten planes on Monday. Chief executive Asha Rao said the "
        'planes would serve regional cities. "We chose the aircraft best suited to '
        'short routes."\n',
        ["Asha Rao", "Asha Rao"],
    ),
    "continued_next_paragraph": (
        "The committee met on Tuesday.\n\n"
        "Committee chairman Peter Lund said drink was no excuse for violence.\n\n"
        '"Being drunk should make a sentence heavier, not lighter."\n',
        ["Peter Lund", "Peter Lund"],
    ),
    "continued_over_two_sentences": (
        "Coach Dan Hill said the squad was tired after the long season. "
        '"We played four games in ten days. Nobody can keep that up."\n',
        ["Dan Hill", "Dan Hill"],
    ),
    # --- where the quotation is not continued
    "narration_between": (
        "Minister Jo Bell said the schools would reopen.\n\n"
        "The buildings were damaged in the storm last week.\n\n"
        '"It is a disgrace."\n',
        ["Jo Bell"],
    ),
    "quotation_inside_narration": (
        "Mayor Lena Park said the bridge would be rebuilt. The new bridge will carry a "
        '"smart toll" system.\n',
        ["Lena Park"],
    ),
    "unresolved_speaker_before": (
        'The markets fell sharply on Friday. They said the rally was over. "Sell now."\n',
        [None],
    ),
    # --- he / she by the gender the corpus gives a person (sources/gender.py)
    "gender_nearest_subject": (
        "Coach Mark Dale said the team was ready.\n\n"
        "Jane Moss, who won two of her three matches, is in good form. "
        '"I feel strong," she said.\n',
        ["Mark Dale", "Jane Moss"],
    ),
    "gender_skips_the_other": (
        "Coach Mark Dale said the team was ready.\n\n"
        "Tom Hart has won his last three matches. Jane Moss, who lost her opening "
        'match, is in good form. "I was lucky," he said.\n',
        ["Mark Dale", "Tom Hart"],
    ),
    # no pronoun ever follows Lina Ford: her gender is unknown, "she" is not guessed
    "gender_unknown_stays_open": (
        "Coach Mark Dale said the team was ready.\n\n"
        'Lina Ford, who won two matches, is in good form. "I feel strong," she said.\n',
        ["Mark Dale", None],
    ),
    # the corpus writes Alex Kim as "he" (EVIDENCE): "she" is someone else
    "gender_rules_out": (
        'Alex Kim said the vote was unfair.\n\n"It was rigged," she added.\n',
        ["Alex Kim", None],
    ),
    # mixed evidence (his in one article of EVIDENCE, her in another): "he" left open
    "gender_mixed_open": (
        "Coach Mark Dale said the team was ready.\n\n"
        'Sam Lee, who won a race, is in good form. "I feel strong," he said.\n',
        ["Mark Dale", None],
    ),
    # --- the company / the firm: the business the article names (org_descriptions.py)
    "business_by_its_description": (
        "Budget airline Skyjet cut fares on Monday. Passengers at Leeds welcomed the "
        "news.\n\nMarket analyst Ben Hart said prices would fall further.\n\n"
        "The airline said demand was strong.\n",
        ["Ben Hart", "Skyjet"],
    ),
    "business_most_mentioned": (
        "Voltra posted record sales on Monday.\n\nVoltra will open a plant in Spain. "
        "Its rival Kestrel Motors struggled. Shares in Voltra rose 5%.\n\n"
        "Market analyst Ben Hart said the results were strong.\n\n"
        "The company said it would hire 500 staff.\n",
        ["Ben Hart", "Voltra"],
    ),
    # (the names lie beyond the sentences the older rules read, so only this one decides)
    "business_tie_stays_open": (
        "Voltra and Kestrel Motors agreed a merger. Shares in Voltra and Kestrel Motors "
        "rose.\n\nShops were busy. Prices rose.\n\n"
        "Market analyst Ben Hart said the deal was good.\n\n"
        "The company said jobs were safe.\n",
        ["Ben Hart", None],
    ),
    "business_not_a_ministry": (
        "The Finance Ministry raised taxes. The Finance Ministry also cut spending.\n\n"
        "Shops were busy. Prices rose.\n\n"
        "Market analyst Ben Hart said the plan was bold.\n\nThe company said it would cope.\n",
        ["Ben Hart", None],
    ),
}


#: Articles with no statement that give the corpus its evidence for a person's gender.
EVIDENCE = {
    "evidence_kim": "Alex Kim lost his seat in the 2010 election.\n",
    "evidence_lee_his": "Sam Lee won his race on Sunday.\n",
    "evidence_lee_her": "Sam Lee won her race on Monday.\n",
}


@pytest.fixture(scope="module")
def corpus(case_corpus):
    return case_corpus("s16_speakers", {**{n: t for n, (t, _) in CASES.items()}, **EVIDENCE})


@pytest.mark.parametrize("doc", sorted(CASES))
def test_speakers_found_by_the_stop16_mechanisms(corpus, speaker_names, doc):
    assert speaker_names(ledger(corpus), doc) == CASES[doc][1]


def test_continued_quotation_is_carried_over(corpus):
    qs = quote_speakers(corpus)
    q = qs[(qs["doc_id"] == "continued_next_paragraph") & (qs["kind"] == "quote")]
    assert q["speaker_name"].tolist() == ["Peter Lund"]
    assert q["resolved_by"].tolist() == ["carried over"]


def test_quotation_after_narration_stays_unclaimed(corpus):
    qs = quote_speakers(corpus)
    q = qs[(qs["doc_id"] == "narration_between") & (qs["kind"] == "quote")]
    assert len(q) == 1 and q["statement_id"].isna().all()


@pytest.mark.parametrize(
    ("text", "start", "end", "want"),
    [
        ('"We will win."', 0, 14, True),
        ('"We will win".', 0, 13, True),  # the stop after the closing mark
        ('"We will win," he said.', 0, 14, False),  # a cue after the mark
        ('So "we will win".', 3, 16, False),  # words before the mark
    ],
)
def test_fills_its_sentences(text, start, end, want):
    from corpus_utils.sources.continuation import SentenceSpan, fills_its_sentences

    spans = {7: SentenceSpan(100, text)}
    assert fills_its_sentences(100 + start, 100 + end, [7], spans) is want
