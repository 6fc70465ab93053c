"""Stop-15 speaker rules (issue 11): constructions, each on made-up sentences.

Every case is one article and the ``speaker_name`` of each of its ledger rows in text
order, as a reader would give them (``None``: the article does not name the speaker).
The cases that must stay ``None`` guard against a rule that turns an unresolved
speaker into a wrong name. The beats vary on purpose (politics, sport, business,
health, conflict) so that a rule fitted to one gold sentence shows up as a failure.
"""

from __future__ import annotations

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils.sources.attribution import ledger

CASES = {
    # --- a title before a name is a role, named by its head noun, whatever its words
    "title_adviser": (
        "The talks ended on Friday.\n\n"
        "National Security Adviser Karen Holt said the deal was close.\n",
        ["Karen Holt"],
    ),
    "title_coordinator": (
        "Aid reached the valley on Monday.\n\n"
        "Regional Flood Relief Coordinator Tomas Berg said more trucks were coming.\n",
        ["Tomas Berg"],
    ),
    "title_editor": (
        'Sales of the magazine fell.\n\n"We will fight on," said Deputy Editor Mia Lund.\n',
        ["Mia Lund"],
    ),
    # a lower-case role word between a place or team and the name
    "team_doctor_name": (
        'Dan Price limped off in the second half.\n\n"He has a fracture," said Wales '
        "doctor Owen Rees.\n",
        ["Owen Rees"],
    ),
    "based_activist_name": (
        'Shelling hit the market again.\n\n"Many were killed," said Homs-based activist '
        "Abu Salim.\n",
        ["Abu Salim"],
    ),
    # the role words alone name nobody
    "title_alone_is_nobody": (
        "The board met on Monday.\n\nThe Chief Financial Officer said costs had risen.\n",
        [None],
    ),
    # --- an appositive whose commas were lost (FA-KES): name, role word, preposition
    "lost_comma_role_of_after_said": (
        '"Sales are up" said Lars Berg director of the retail federation.\n',
        ["Lars Berg"],
    ),
    "lost_comma_head_of_before_said": (
        "Ann Roe head of the nurses union said pay was too low.\n",
        ["Ann Roe"],
    ),
    # ... but a role with its own name closing the phrase is one speaker
    "role_for_topic_then_name": (
        "Green Party spokeswoman for transport Jo Marsh said the fares were too high.\n",
        ["Jo Marsh"],
    ),
    # a description with a role word and a preposition names nobody
    "envoy_for_place_stays_unresolved": (
        'Talks resumed in Geneva.\n\n"We will see," said the UN envoy for Yemen.\n',
        [None],
    ),
    # --- a subject pronoun continues the subject of the nearest sentence a person opens
    "pronoun_takes_nearest_subject": (
        "Union leader Petra Novak said the talks had failed.\n\n"
        "Mr Karel Dvorak quit the board last week after months of rows.\n\n"
        'He said he was "ashamed" of the company.\n',
        ["Petra Novak", "Karel Dvorak"],
    ),
    "pronoun_nearest_subject_sport": (
        "Coach Luis Ortega named his side on Friday.\n\n"
        "Club captain Marco Bellini missed training with a knee injury.\n\n"
        'He said: "I will be fit for Sunday."\n',
        ["Marco Bellini"],
    ),
    # two persons opening the same sentence leave it open
    "pronoun_two_subjects_stay_unresolved": (
        "Ann Holt spoke first at the meeting.\n\n"
        "Bob Reyes and Tom Kerr left early.\n\n"
        'He said the vote was "a mistake".\n',
        [None],
    ),
    # a pronoun inside its sentence (not its subject) is not continued this way
    "object_pronoun_stays_unresolved": (
        "Ann Holt spoke first at the meeting.\n\n"
        "Bob Reyes quit the board on Monday.\n\n"
        'Asked about the vote, he said it was "a mistake".\n',
        [None],
    ),
    # --- "It" / "the firm" opening a sentence, two organisations named before: the one
    # opening the sentence just before
    "it_after_organisation_subject": (
        'Some analysts at Baxter Bank warned the cuts could be "severe".\n\n'
        "And the Northern Rail Union has raised concern about the fate of the staff.\n\n"
        'It said talks had been held but "more work is needed".\n',
        [None, "Northern Rail Union"],
    ),
    "the_firm_after_organisation_subject": (
        "Vexa Group makes the chips for the handsets.\n\n"
        "Orbix Group cut 300 jobs on Monday.\n\n"
        "The firm said fewer than one in 1,000 handsets had failed.\n",
        ["Orbix Group"],
    ),
    # the sentence just before opens with no name: left open, not the one before that
    "it_two_sentences_back_stays_unresolved": (
        "Some critics say the plan is flawed.\n\n"
        "But the Fiscal Policy Institute backed the budget on Monday.\n\n"
        "In January a Baxter Bank review cut the forecast again.\n\n"
        'It said the rule "might be missed".\n',
        [None, None],
    ),
    # a person opening the sentence before is no organisation
    "it_after_person_subject_stays_unresolved": (
        "Some critics at Baxter Bank say the plan is flawed.\n\n"
        "Mr Ian Crane of the Harbour Trust backed the budget on Monday.\n\n"
        'It said the rule "might be missed".\n',
        [None, None],
    ),
    # a document is not its author by this rule
    "the_report_stays_unresolved": (
        "Some critics at Baxter Bank say the plan is flawed.\n\n"
        "The Fiscal Policy Institute published its review on Monday.\n\n"
        'The report said the rule "might be missed".\n',
        [None, None],
    ),
    # --- an inverted tag with its comma lost after a place: the name after the verb
    "inverted_after_place_lost_comma": (
        "Floods hit the north on Monday.\n\n"
        '"Twelve homes were lost at Brekke" a hamlet south of Bergen said Ingrid Lund '
        "of the county council.\n",
        ["Ingrid Lund"],
    ),
    "inverted_after_place_then_name_of_org": (
        "Prices rose again in March.\n\n"
        "Sales fell at shops in the north of England said Tom Reyes of the retail "
        "federation.\n",
        ["Tom Reyes"],
    ),
    # ... but a name followed by a quotation is what was said, not who said it
    "name_before_quotation_is_no_tag": (
        "Mines were found in the town.\n\n"
        'Ole Berg deputy director at the Oslo-based group says Vexa "mined everything".\n',
        ["Ole Berg"],
    ),
    # --- an unnamed spokesman opening a sentence speaks for the organisation that opens
    # the sentence just before (no statement of it needed)
    "spokesman_after_organisation_subject": (
        "Mrs Ann Lee has called on the ministers to act.\n\n"
        "But the Harbour Authority defended the plan.\n\n"
        'A spokesman said: "The dredging is safe."\n',
        ["Ann Lee", "Harbour Authority"],
    ),
    "spokeswoman_after_club_subject": (
        "Fans protested outside the ground on Saturday.\n\n"
        "Redhill United Football Club has banned three supporters.\n\n"
        'A spokeswoman said: "We will not tolerate abuse."\n',
        ["Redhill United Football Club"],
    ),
    # a person opening the sentence before: the spokesman stays unnamed
    "spokesman_after_person_stays_unresolved": (
        "Mrs Ann Lee has called on the Harbour Authority to act.\n\n"
        "Mr Tom Reyes defended the plan.\n\n"
        'A spokesman said: "The dredging is safe."\n',
        ["Ann Lee", None],
    ),
    # --- an adjective of nationality fits its country seen with the name
    "the_french_coach": (
        "France coach Bernard Lenoir named his side on Friday.\n\n"
        "The team trained in Lyon on Saturday.\n\n"
        '"We will go with a little fear," said the French coach.\n',
        ["Bernard Lenoir"],
    ),
    "the_dutch_minister": (
        "Netherlands minister Anke de Vries met the union on Monday.\n\n"
        "The meeting lasted three hours.\n\n"
        '"We made progress," said the Dutch minister.\n',
        ["Anke de Vries"],
    ),
    # ... and not another country's
    "the_spanish_coach_stays_unresolved": (
        "France coach Bernard Lenoir named his side on Friday.\n\n"
        "The team trained in Lyon on Saturday.\n\n"
        '"We will go with a little fear," said the Spanish coach.\n',
        [None],
    ),
}


@pytest.fixture(scope="module")
def led(tmp_path_factory):
    folder = tmp_path_factory.mktemp("s15_speakers")
    for name, (text, _) in CASES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return ledger(cu.load_corpus(folder, progress=False))


@pytest.mark.parametrize("doc", sorted(CASES))
def test_speakers_found_by_the_stop15_rules(led, doc):
    rows = led[led["doc_id"] == doc].sort_values("statement_id")
    got = [None if pd.isna(s) else s for s in rows["speaker_name"]]
    assert got == CASES[doc][1]
