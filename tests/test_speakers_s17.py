"""Stop-17 name merging for speakers (issue 11), on made-up articles.

A surname after the full name in the same article is that person even when no role or
honorific is ever written with either form (``Kinshchak`` after ``Alexander
Kinshchak``), when the surname is a word rare in general English, no place, and the
full name opens like a person's; a surname with a particle matches without it
(``Zaatari`` after ``Ali al-Zaatari``); a one-word place glued before a name after a
preposition is split off (``the envoy for Syria Staffan de Mistura``). The cases that
must stay as they are guard the limits: two full names sharing the surname, place
names (``in Ghouta`` after ``Eastern Ghouta``), a lost possessive (``Assads Alawite``),
organisations (``Berlin Film Festival``).

Every case is one article and the ``speaker_name`` of each of its ledger rows in text
order (``None``: the article does not name the speaker).
"""

from __future__ import annotations

import pytest

from corpus_utils.sources.attribution import ledger

CASES = {
    "rare_surname_no_role": (
        "Manuel Varquez, a native of San Diego, loves hip-hop in Spanish.\n\n"
        "Varquez and two friends set up a radio website.\n\n"
        '"Every country has its own sound," Varquez says.\n',
        ["Manuel Varquez"],
    ),
    "rare_surname_sport": (
        "Tim Brelsford saved a match point before beating his rival in Dubai.\n\n"
        '"You take it point by point," Brelsford said.\n',
        ["Tim Brelsford"],
    ),
    "surname_without_particle": (
        "The aid coordinator Ali al-Zaatouni visited the camp on Sunday.\n\n"
        '"Hospitals have been put out of service," Zaatouni said.\n',
        ["Ali al-Zaatouni"],
    ),
    "surname_before_any_full_name": (
        '"We are ready," Vostrikov said on Monday.\n\n'
        "Later that day a man named Pavel Vostrikov was seen in the town.\n",
        ["Vostrikov"],
    ),
    "place_led_speaker": (
        "On Sunday the UNs coordinator for aid affairs in Syria Ali al-Zaatouni called on "
        '"all sides to spare civilians".\n',
        ["Ali al-Zaatouni"],
    ),
    "envoy_for_place_then_name": (
        "The UN envoy for Syria Staffan de Mistral said on Monday that talks would resume.\n",
        ["Staffan de Mistral"],
    ),
    "spokesman_for_an_organisation_after_a_place": (
        "A spokesman for Homs Civil Defence said that the shelling went on all night.\n",
        ["Homs Civil Defence"],
    ),
    "two_full_names_share_the_surname": (
        "Dana Quillby and Omar Quillby run the clinic in the town.\n\n"
        '"We are full," said Quillby.\n',
        ["Quillby"],
    ),
}


@pytest.fixture(scope="module")
def corpus(case_corpus):
    texts = {
        **{name: text for name, (text, _) in CASES.items()},
        "ghouta": "Shelling hit Eastern Ghouta on Monday. Families fled in Ghouta and "
        "near Ghouta, and aid reached Ghouta late.\n",
        "possessive": "Assads Alawite heartland was calm. The Alawite villages voted.\n",
        "place_split_from_name": "Talks were led by the envoy for Syria Staffan de Mistral "
        "in Geneva.\n",
        "festival": "The prize was given at the Berlin Film Festival on Sunday.\n",
    }
    return case_corpus("s17_speakers", texts)


@pytest.mark.parametrize("doc", sorted(CASES))
def test_speakers_named_in_full(corpus, speaker_names, doc):
    assert speaker_names(ledger(corpus), doc) == CASES[doc][1]


def _entities(corpus, doc: str) -> dict[str, set[str]]:
    m = corpus.mentions()
    m = m[m["doc_id"] == doc]
    out: dict[str, set[str]] = {}
    for name, entity in zip(m["name"], m["entity"], strict=True):
        out.setdefault(name, set()).add(entity)
    return out


def test_rare_surname_is_one_entity_with_its_full_name(corpus):
    got = _entities(corpus, "rare_surname_no_role")
    assert got["Varquez"] == {"Manuel Varquez"}
    kinds = corpus.mentions().query("entity == 'Manuel Varquez'")["kind"]
    assert set(kinds) == {"person"}


def test_place_glued_before_a_name_is_its_own_mention(corpus):
    got = _entities(corpus, "place_split_from_name")
    assert "Syria" in got and "Staffan de Mistral" in got
    assert "Syria Staffan de Mistral" not in got


def test_a_place_is_no_surname_of_a_longer_place(corpus):
    got = _entities(corpus, "ghouta")
    assert got.get("Ghouta") == {"Ghouta"}


def test_a_lost_possessive_opens_no_full_name(corpus):
    got = _entities(corpus, "possessive")
    assert "Assads Alawite" not in got.get("Alawite", {"Alawite"})


def test_an_organisation_keeps_its_place_word(corpus):
    got = _entities(corpus, "festival")
    assert "Berlin Film Festival" in got
