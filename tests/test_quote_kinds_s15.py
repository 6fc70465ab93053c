"""Names and scare quotes told from partial quotes, stop 15 (issue 11).

Made-up sentences from several beats, one group per construction, each in both
directions: the name stays a name and the real partial quote next to it stays partial.
Each expected kind is worked out by hand from the construction named, not read from the
code's output.
"""

from __future__ import annotations

import pytest

from corpus_utils.prepare.voices import scan_text


def kinds(text: str) -> list[str]:
    return scan_text(text).quotes.sort_values("start")["kind"].tolist()


# --- a name in capitals that opens with a particle name ----------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('Officials said 20 members of "al-Shabab Brigade" were killed.', "name"),
        ('Police said fans of "el-Clasico Club" gathered outside.', "name"),
        # a lower-case clause after the particle is no name
        ('Police said the march was "al-most over" by noon.', "partial"),
    ],
)
def test_a_particle_name_opens_a_name(text, kind):
    assert kinds(text) == [kind]


# --- a naming verb with no object: the capitalised word before it is the thing named -----


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the sentence's first word, then the verb, no object: the thing named
        ('Leeds once dubbed the "shopping capital" of the north has new shops.', "name"),
        ('Originally named "the lab" the studio moved to Soho.', "name"),
        # a comma between the name and the verb: an appositive participle
        ('The club signed Ronaldo, once nicknamed "the phenomenon", in May.', "name"),
        # a speaker: an object after the verb, a pronoun, an extracted object before it
        ('Blair dubbed the plan "a betrayal" on Monday.', "partial"),
        ('It was a move Moscow called "unacceptable".', "partial"),
        ('He called "a dangerous precedent" what others saw as progress.', "partial"),
        # a particle opening the span makes call phrasal; describe takes the span itself
        ('Blair called "for calm" after the riots.', "partial"),
        ('Witnesses described "a wall of water" hitting the town.', "partial"),
    ],
)
def test_a_naming_verb_without_an_object(text, kind):
    assert kinds(text) == [kind]


def test_a_long_title_after_a_naming_verb_is_a_name():
    # seven words or more in capitals: a name when a naming verb gives it ...
    assert kinds('Originally dubbed "The Best Guide to the Whole Wide World" the site grew.') == [
        "name"
    ]
    assert kinds('The album, known as "The Last Song of the Long Dark Road", sold.') == ["name"]
    # ... not a long capitalised span with no naming verb (a headline-style quote)
    assert kinds('He said the band would "Never Ever Give Up On The Old Town".') == ["partial"]


# --- a cue inside a hyphenated compound reports nothing ----------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('The group wants to widen its self-declared "caliphate" to the south.', "name"),
        ('The so-called truce holds while observers are "monitoring" it.', "name"),
        # the same spans with a real cue in the sentence stay speech
        ('The group declared that it would widen its "caliphate" to the south.', "partial"),
        ('The so-called truce holds, the envoy said, with observers "monitoring" it.', "partial"),
    ],
)
def test_a_cue_inside_a_compound(text, kind):
    assert kinds(text) == [kind]


# --- a translation or gloss after a capitalised name and "or" ----------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            'The dam stands on the Huanghe - or "the yellow river of the north" as locals say.',
            "name",
        ),
        ('The scheme is sold as Velo pour Tous, or "bikes for everyone in town".', "name"),
        # a coordination: no comma or dash before "or", or a lower-case word before it
        (
            'He said users must not be forced into AutoPay or "tricked into paying for it".',
            "partial",
        ),
        ('She said the cut was not about jobs or "the closure of the whole plant".', "partial"),
    ],
)
def test_a_gloss_after_a_name_and_or(text, kind):
    assert kinds(text) == [kind]


# --- a span in capitals inside the reporter's sentence ----------------------------------


@pytest.mark.parametrize(
    ("text", "kinds_"),
    [
        # a name even with a speech tag after it
        ('The UN report on the "State of World Fisheries 2005" said stocks fell.', ["name"]),
        ('Local broadcaster "Radio Nord" reported the fire.', ["name"]),
        ('Singer James "Spike" Wood told fans he was leaving.', ["name"]),
        ('Medics also known as the "Blue Vests" told reporters the toll rose.', ["name"]),
        # a capitalised span opening the sentence, then a tag: a direct quotation
        ('"Thank You All," she said.', ["quote"]),
        # lower case inside the sentence, with a tag: speech
        ('The report on "falling fish stocks" said catches fell.', ["partial"]),
    ],
)
def test_a_span_in_capitals_inside_the_sentence(text, kinds_):
    assert kinds(text) == kinds_


# --- a whole sentence a cue introduces without a colon: direct, not partial ---------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a capital, a sentence mark at its end, a cue among the words before it
        ('In a later interview he said "The season is over for us."', "quote"),
        ('The club said adding "All tickets will be refunded in full."', "quote"),
        ('Asked about the loss, Mr Hale said "We will be back next year."', "quote"),
        # no sentence mark: long, and the cue right before it
        ('She added "You have a board that has lost the trust of every fan" on Monday.', "quote"),
        # "that" (or "as", "of") before it embeds it: partial; so does a short span
        ('He said that "The season is over for us."', "partial"),
        ('He said the plan was "Dead."', "partial"),
        # a capital but no sentence mark and the cue not right before it: partial
        ('He said Britain would "Stand firm with its allies in the region" on Monday.', "partial"),
    ],
)
def test_a_whole_sentence_after_a_cue(text, kind):
    assert kinds(text) == [kind]


# --- an act's object after a determiner and a modifier ----------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # "declared" is a speech cue too: only the act reading makes these names
        ('The rebels have declared an independent "republic" in the hills.', "name"),
        ('The militia seized the valley, declaring a new Islamic "emirate" there.', "name"),
        # the act's object is another noun ("an end"): the cue reports the span
        ('The rebels declared an end to the "occupation" in the hills.', "partial"),
        ('The league imposed a strict "salary cap" on clubs, its chief said.', "partial"),
    ],
)
def test_an_acts_object_after_a_modifier(text, kind):
    assert kinds(text) == [kind]


# --- a whole sentence a speech tag after it attributes -----------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the reporter's full stop before it was lost: a capital, six words or more, a
        # comma or a full stop last, then a tag
        ('He backed the plan "We think the plan will work for every club," he said.', "quote"),
        (
            'Fans cheered on Friday "It was the right decision for the club," said the coach.',
            "quote",
        ),
        # its own marks lost too (scraped text): a caption before it, no comma after it
        (
            'Smoke over Homs (Agencies) "The toll has risen to 42 dead today" said the monitor.',
            "quote",
        ),
        # a word that embeds it before it: partial
        ('He said that "The plan will work for every club in the league," he added.', "partial"),
        # short, or no tag after it: partial
        ('He backed the plan "We think so," he said.', "partial"),
        ('He backed "The plan that will work for every club," and left.', "partial"),
    ],
)
def test_a_whole_sentence_before_a_speech_tag(text, kind):
    assert kinds(text) == [kind]
