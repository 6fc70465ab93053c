"""Stop-18 speaker names (issue 11), on made-up articles.

A role word that opens the sentence, capitalised only for that (``Singer Sam Endicott
said``), and a nationality written as a noun (``Spaniard Rafael Nadal``, ``Briton Tim
Henman``) are the person's role, not the first words of the name; a person's name after a
nationality adjective is the person without it once a role or honorific shows it is a
person (``Australian Lynton Crosby`` and ``Mr Crosby``); the name between the commas
after ``A spokesman for DLF Builders`` is the spokesman who speaks; a name after
``according to`` is no place (so ``he`` in the next sentence is that person). The cases
that must stay guard the limits: an organisation after a nationality adjective, a
two-word name whose first word is also a nationality noun (``Finn Russell``), a
spokesman for an organisation with no name given.

Every case is one article and the ``speaker_name`` of each of its ledger rows in text
order (``None``: the article does not name the speaker).
"""

from __future__ import annotations

import pandas as pd
import pytest

from corpus_utils.sources.attribution import ledger

CASES = {
    "role_opens_sentence": (
        'Singer Sam Endelby said he felt "great" about coming top of the list.\n\n'
        '"Anyone that says otherwise is wrong," he said.\n',
        ["Sam Endelby", "Sam Endelby"],
    ),
    "lawyer_opens_sentence": (
        'Lawyer Maria Ostrova said the ruling was "a victory for the families".\n',
        ["Maria Ostrova"],
    ),
    "nationality_noun": (
        "Spaniard Rafael Nadorro beat the top seed in straight sets.\n\n"
        '"I played well," said Nadorro, who lost the final last year.\n',
        ["Rafael Nadorro"],
    ),
    "nationality_adjective_person": (
        "The Times said Australian Lynton Crosbane told the party leader to focus on seats."
        '\n\nBut Mr Crosbane said in a statement: "I have never had any such conversation."\n',
        ["Times", "Lynton Crosbane", "Lynton Crosbane"],
    ),
    "spokesman_for_an_organisation_named": (
        "A spokesman for DLF Builders, Dr Vanchesh, told the BBC this will mean "
        '"better offerings" for consumers.\n\n'
        'He said the firm will benefit from "strategic partnerships".\n',
        ["Vanchesh", "Vanchesh"],
    ),
    "according_to_then_he": (
        "Hospitals are overwhelmed according to Mohammad Zein Khandaqi a member of the "
        'Medical Council. "Ive never seen so many people dying in once place" he said from '
        "a hospital in the city.\n",
        ["Mohammad Zein Khandaqi", "Mohammad Zein Khandaqi"],
    ),
    "agent_opens_sentence": (
        'Agent Simon Berford said: "She was just an absolutely favourite client."\n',
        ["Simon Berford"],
    ),
    "role_with_and_before_a_name": (
        "The government has denied the reports. Work and pensions minister Alan Johnsworth "
        "said it was wrong to suggest the chancellor would usurp Mr Milburn, adding they "
        'would "work as a team".\n',
        [None, "Alan Johnsworth"],
    ),
    "two_speakers_joined_by_and": (
        'Syria and Iran said in a joint statement that the strikes were "illegal".\n',
        ["Syria", "Iran"],
    ),
    "peer_written_baron": (
        "Former Labour leader Neil Kinlock has been made a peer. He will be known as Baron "
        'Kinlock of Bedwellty. "I accepted the kind invitation," he said.\n',
        ["Neil Kinlock"],
    ),
    "possessive_lost_before_a_name": (
        "The Observatory reported heavy fighting on Monday. "
        '"There are fierce clashes now" said the Observatorys Rami Abdel Rahmoun.\n',
        ["Observatory", "Rami Abdel Rahmoun"],
    ),
    "role_seen_in_another_article": (
        "Tony Blairford met Gordon Brownlow in Downing Street on Monday. "
        '"You do not do deals over jobs like this," the prime minister told the BBC.\n',
        ["Tony Blairford"],
    ),
    "generic_role_not_settled_by_other_articles": (
        "Jon Kerrison met Ban Kimoon in New York on Monday. The secretary said that "
        '"talks would go on".\n',
        [None],
    ),
    "title_case_run_before_according_to": (
        "Security Forces Find Burial Sites of Over 20 Executed Christians According to "
        "Konashenkin the militants fled.\n",
        ["Konashenkin"],
    ),
    "adverb_before_the_verb": (
        'Ricky Gervale has already said he would not "guest star" in the show.\n\n'
        'Mr Ebbler, 63, has always insisted that he was "unaware" of any shortfalls.\n',
        ["Ricky Gervale", "Ebbler"],
    ),
    "owner_before_its_ministry": (
        "However Russia has categorically denied any involvement. "
        '"Our planes have not carried out any strikes near the town" said a statement by '
        "the Russias defence ministry.\n",
        ["Russia", "Russias defence ministry"],
    ),
    "they_is_no_one_person": (
        "Tony Macklane is a director of the firm. "
        '"We will find again what you found before," said Mr Macklane. '
        "Under the plan users can search the results they noted as useful.\n",
        ["Tony Macklane", None],
    ),
    "person_of_an_organisation_with_the_inside": (
        "Laura Brownleed of Save the Children said there were grave concerns.\n\n"
        '"If children are going to be returned there should be proper assessments," she said.\n',
        ["Laura Brownleed", "Laura Brownleed"],
    ),
    "head_of_an_organisation": (
        'The head of the Red Cross said the camps were "overflowing".\n',
        ["Red Cross"],
    ),
    "inverted_tag_with_an_appositive": (
        "Cambridge-based Ubisense has about 40 customers around the world using the "
        "technology, said David Theriot, standards and regulatory liaison for Ubisense. "
        'He said it was "like having a 3D mouse all the time".\n',
        ["David Theriot", "David Theriot"],
    ),
    "he_after_a_spokesman_for_an_organisation": (
        'A spokesman for the UK Film Council said: "It is disappointing." He added: "It was '
        'extraordinary to have 24 nominees."\n',
        ["UK Film Council", "UK Film Council"],
    ),
    "it_after_a_persons_statement": (
        "Mr Dravenor said he had no such talk. Mr Dravenor's statement said: \"The party "
        'has made an impact." It added: "Labour will want to distract attention."\n',
        ["Dravenor", "Dravenor", "Dravenor"],
    ),
    "cue_only_with_a_quotation": (
        '"Seven field commanders were killed," the spokesman relayed. Igor Konashkin is the '
        "ministry's spokesman.\n\nThe team conceded the match after an hour.\n",
        [None],
    ),
    "organisation_after_a_nationality": (
        'The Iranian Revolutionary Guards said in a statement that "the drills" would go on.\n',
        ["Iranian Revolutionary Guards"],
    ),
    "nationality_noun_as_a_given_name": (
        'Finn Rusworth said the team had been "outstanding" all season.\n',
        ["Finn Rusworth"],
    ),
    "spokesman_for_an_organisation_unnamed": (
        "A spokesman for DLF Builders told the BBC the plan would mean "
        '"better offerings" for consumers.\n',
        ["DLF Builders"],
    ),
}


@pytest.fixture(scope="module")
def corpus(case_corpus):
    return case_corpus(
        "s18_speakers",
        {
            **{name: text for name, (text, _) in CASES.items()},
            # roles written with the names in other articles of the corpus
            "elsewhere_pm": "Prime Minister Tony Blairford opened the new hospital on Monday.\n",
            "elsewhere_secretary": "US Secretary of State Jon Kerrison visited Geneva.\n",
        },
    )


@pytest.mark.parametrize("doc", sorted(CASES))
def test_speakers_named_in_full(corpus, speaker_names, doc):
    assert speaker_names(ledger(corpus), doc) == CASES[doc][1]


def _mentions(corpus, doc: str) -> pd.DataFrame:
    m = corpus.mentions()
    return m[m["doc_id"] == doc]


def test_the_role_is_split_off_the_name(corpus):
    m = _mentions(corpus, "role_opens_sentence")
    row = m[m["name"] == "Sam Endelby"].iloc[0]
    assert (row["role"], row["mention"], row["kind"]) == ("Singer", "Singer Sam Endelby", "person")
    m = _mentions(corpus, "nationality_noun")
    assert "Spaniard" in set(m["role"].dropna())
    assert set(m["entity"]) >= {"Rafael Nadorro"}


def test_a_source_after_according_to_is_no_place(corpus):
    m = _mentions(corpus, "according_to_then_he")
    kinds = set(m.loc[m["entity"] == "Mohammad Zein Khandaqi", "kind"])
    assert kinds and "place" not in kinds


def test_a_nationality_stays_in_an_organisation_name(corpus):
    m = _mentions(corpus, "organisation_after_a_nationality")
    assert "Iranian Revolutionary Guards" in set(m["entity"])
