"""Entities: names found in the corpus, variants merged; beat packs and their coverage.

Expected values are worked out by reading the made-up articles below.
"""

from __future__ import annotations

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.sources import attribution, framing
from corpus_utils.sources import entities as ent
from corpus_utils.stats import frequency

BBC_POLITICS = paths.SHARED_CORPORA / "bbc" / "politics"
FAKES = paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv"
SYRIA_PACK = set(framing.actor_groups())


def _corpus(tmp_path, **texts: str) -> cu.Corpus:
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return cu.load_corpus(tmp_path, cache=False, progress=False)


def _doc(corpus: cu.Corpus, stem: str) -> str:
    return next(d for d in corpus.docs["doc_id"] if d.startswith(stem))


TRUMP = (
    "Trump visits London\n\n"
    "Donald Trump arrived in London on Monday. Mr. Trump met the Queen. "
    "Later President Trump spoke to reporters, and Trump said the visit went well. "
    "President Donald Trump left on Tuesday."
)


def test_trump_variants_are_one_entity_with_every_mention(tmp_path):
    corpus = _corpus(tmp_path, a=TRUMP)
    m = corpus.mentions()
    trump = m[m["entity"] == "Donald Trump"]
    assert trump["mention"].tolist() == [
        "Donald Trump",
        "Mr. Trump",
        "President Trump",
        "Trump",
        "President Donald Trump",
    ]
    assert trump["role"].fillna("").tolist() == ["", "Mr.", "President", "", "President"]
    assert trump["basis"].tolist() == ["name", "article", "article", "article", "name"]
    text = corpus.text_of(_doc(corpus, "a"))
    for a, b, mention, ns, name in trump[["start", "end", "mention", "name_start", "name"]].values:
        assert text[a:b] == mention
        assert text[ns:b] == name
    table = corpus.entities().set_index("entity")
    assert table.loc["Donald Trump", "mentions"] == 5
    assert table.loc["Donald Trump", "kind"] == "person"
    assert table.loc["Donald Trump", "variants"] == "Trump; Donald Trump"
    assert table.loc["Donald Trump", "roles"] == "President; Mr."
    assert table.loc["London", "kind"] == "place"
    # weekdays and "The" are never entities; "the Queen" alone is a role, not a name
    assert not {"Monday", "Tuesday", "The", "Queen", "Later"} & set(table.index)


def test_surname_in_another_article_merges_across_the_corpus(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="Tony Blair won the vote. Mr Blair thanked his party.",
        b="Officials said Mr Blair would travel to Paris. Blair declined to comment.",
    )
    m = corpus.mentions()
    b = m[m["doc_id"] == _doc(corpus, "b")]
    assert b.loc[b["name"] == "Blair", ["entity", "basis"]].values.tolist() == [
        ["Tony Blair", "corpus"],
        ["Tony Blair", "corpus"],
    ]


def test_two_full_names_sharing_a_surname_in_an_article(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="Gordon Brown spoke first. Mr Brown was cheered. Later Nick Brown spoke. Mr Brown "
        "was booed.",
    )
    m = corpus.mentions()
    # each "Mr Brown" is the nearest Brown named before it
    assert m.loc[m["name"] == "Brown", "entity"].tolist() == ["Gordon Brown", "Nick Brown"]


def test_function_words_and_sentence_starters_never_become_entities(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="The plan failed. Yesterday the minister resigned, and the plan was dropped "
        "yesterday. However, Lumbridge council said it would try again. Lumbridge agreed.",
    )
    names = set(corpus.entities()["entity"])
    assert names == {"Lumbridge"}  # sentence-initial, but capitalised mid-sentence too
    assert ent.resolve_name(corpus, _doc(corpus, "a"), "The") is None


def test_acronym_with_its_expansion(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="The Northern Fishing Union (NFU) protested on the quay. Later the NFU agreed.",
        b="The NFU called a strike.",
    )
    m = corpus.mentions()
    nfu = m[m["name"] == "NFU"]
    assert nfu["entity"].tolist() == ["Northern Fishing Union"] * 3
    assert nfu["basis"].tolist() == ["article", "article", "corpus"]
    table = corpus.entities().set_index("entity")
    assert table.loc["Northern Fishing Union", "kind"] == "organisation"  # "Union"


def test_names_with_particles_stay_whole(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="Officials said Osama bin Laden had fled. They met Ursula von der Leyen and "
        "Charles de Gaulle in a dream, and later Ayman al-Zawahiri.",
    )
    assert set(corpus.mentions()["name"]) == {
        "Osama bin Laden",
        "Ursula von der Leyen",
        "Charles de Gaulle",
        "Ayman al-Zawahiri",
    }


@pytest.mark.parametrize(
    ("text", "mention", "role", "name"),
    [
        ("It was Foreign Minister Sergei Lavrov who spoke.", "Foreign Minister Sergei Lavrov",
         "Foreign Minister", "Sergei Lavrov"),
        ("Kremlin spokesman Dmitry Peskov spoke.", "spokesman Dmitry Peskov", "spokesman",
         "Dmitry Peskov"),
        ("It was the Trade and Industry Secretary Patricia Hewitt who spoke.",
         "Trade and Industry Secretary Patricia Hewitt", "Trade and Industry Secretary",
         "Patricia Hewitt"),
        ("It was Dr. Jane Smith who spoke.", "Dr. Jane Smith", "Dr.", "Jane Smith"),
        ("It was Sen. John McCain who spoke.", "Sen. John McCain", "Sen.", "John McCain"),
        ("It was Col. Ahmed Hassan who spoke.", "Col. Ahmed Hassan", "Col.", "Ahmed Hassan"),
    ],
)  # fmt: skip
def test_roles_and_honorifics_get_their_own_column(tmp_path, text, mention, role, name):
    m = _corpus(tmp_path, a=text).mentions()
    row = m[m["name"] == name]
    assert row[["mention", "role"]].values.tolist() == [[mention, role]]


def test_coordinated_names_with_honorifics(tmp_path):
    m = _corpus(tmp_path, a="It was agreed by Mr Blair and Mr Brown on the day.").mentions()
    assert m[["mention", "role", "name"]].values.tolist() == [
        ["Mr Blair", "Mr", "Blair"],
        ["Mr Brown", "Mr", "Brown"],
    ]


def test_upper_case_is_is_isis_only_in_a_sentence_about_the_group(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="THE ILIAD IS THE OLDEST BOOK. He said IS was a word. IS fighters attacked the "
        "town. The poem was read aloud.",
    )
    m = corpus.mentions()
    isis = m[m["entity"] == "ISIS"]
    assert isis["sent_id"].tolist() == [2]  # "fighters" is a label of the Syria pack
    assert not {"THE ILIAD", "ILIAD", "THE", "IS"} & set(m["entity"])
    toks = corpus.tokens()
    is_tokens = toks["token"] == "IS"
    # the tokenizer already reads the context: only the third IS is the actor ISIS
    assert toks.loc[is_tokens, "actor"].astype(object).fillna("-").tolist() == ["-", "-", "ISIS"]
    assert toks.loc[is_tokens, "norm"].tolist() == ["is", "is", "ISIS"]
    ok = ent.context_ok(corpus, toks)
    assert ok[is_tokens.to_numpy()].tolist() == [True, True, True]  # no actor to veto


# --- beats and packs --------------------------------------------------------------------------

POLITICS = (
    "Vote on the budget\n\n"
    "The opposition in Congress protested against the budget. Senator Mary Jones said the "
    "plan would fail. Zimbabwe's regime was criticised by the opposition leader. Russian "
    "forces were not mentioned, and militants were not either."
)
SYRIA = (
    "Fighting in Idlib\n\n"
    "Syrian government forces shelled Idlib, the SOHR said. The regime denied it. ISIS "
    "fighters attacked Raqqa, and rebels withdrew from Aleppo."
)


def test_beat_coverage_and_pack_rules_only_inside_the_beat(tmp_path):
    corpus = _corpus(tmp_path, p=POLITICS, s=SYRIA)
    p, s = _doc(corpus, "p"), _doc(corpus, "s")
    cov = corpus_cov = ent.beat_coverage(corpus).set_index("doc_id")
    # p: no anchor; s: syrian, idlib, SOHR, ISIS, raqqa, aleppo (the headline is no text)
    assert cov.loc[p, ["anchor_hits", "anchors", "in_beat"]].tolist() == [0, 0, False]
    assert cov.loc[s, ["anchor_hits", "anchors", "in_beat"]].tolist() == [6, 6, True]
    assert ent.coverage(corpus) == 0.5
    assert corpus_cov["in_beat"].dtype == bool
    ev = framing.label_evidence(corpus)
    out = ev[ev["doc_id"] == p]
    assert not out["in_beat"].any()
    # the target: no label attached to a Syria-pack actor in an article outside the beat
    assert not set(out["actor"]) & SYRIA_PACK
    got = dict(zip(out["token"], zip(out["actor"], out["rule"], strict=True), strict=True))
    assert got == {
        "opposition": (framing.UNATTACHED, "unattached"),  # not rebels/opposition (implied)
        "regime": ("Zimbabwe", "premodifier"),  # the corpus's own entity, not the Syrian one
        "forces": (framing.UNATTACHED, "unattached"),  # "Russian" is the pack's modifier
        "militants": (framing.UNATTACHED, "unattached"),
    }
    assert ev.loc[ev["doc_id"] == p, "actor_text"].dropna().tolist() == ["Zimbabwe"]
    inside = ev[ev["doc_id"] == s]
    assert inside["in_beat"].all()
    got = set(zip(inside["token"], inside["actor"], inside["rule"], strict=True))
    assert got == {
        ("forces", "Syrian government", "premodifier"),
        ("regime", "Syrian government", "implied"),
        ("fighters", "ISIS", "premodifier"),
        ("rebels", "rebels/opposition", "implied"),
    }
    # the old behaviour on request
    everywhere = framing.label_evidence(corpus, outside="pack")
    old = everywhere[everywhere["doc_id"] == p]
    assert ("opposition", "rebels/opposition") in set(zip(old["token"], old["actor"], strict=True))
    with pytest.raises(ValueError, match="outside"):
        framing.label_evidence(corpus, outside="nowhere")


def test_focus_entities_fall_back_to_the_corpus_s_own(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="Mary Jones met Tom Hill. Mrs Jones said the Treasury would pay. Mr Hill agreed "
        "with Mrs Jones.",
        b="Mrs Jones visited Leeds.",
    )
    focus = ent.focus_entities(corpus, k=3)
    assert focus[["entity", "mentions", "basis"]].values.tolist() == [
        ["Mary Jones", 4, "corpus"],
        ["Tom Hill", 2, "corpus"],
        ["Leeds", 1, "corpus"],  # the Treasury (1) comes after Leeds by name
    ]
    assert "0 of 2 articles (0%)" in ent.coverage_sentence(corpus)
    assert "the corpus's own entities" in ent.coverage_sentence(corpus)


def test_focus_entities_use_the_pack_inside_its_beat(tmp_path):
    corpus = _corpus(tmp_path, s=SYRIA, t=SYRIA.replace("Idlib", "Homs"))
    focus = ent.focus_entities(corpus, k=2)
    assert focus[["entity", "mentions", "basis"]].values.tolist() == [
        ["ISIS", 2, "pack"],
        ["SOHR", 2, "pack"],
    ]


def test_a_user_pack_for_another_beat(tmp_path):
    pack = tmp_path / "ukpolitics.csv"
    pack.write_text(
        "kind,term,maps_to,type,case_sensitive,context,note\n"
        "setting,min_anchors,1,,,,\n"
        "setting,min_anchor_hits,1,,,,\n"
        "anchor,budget,,,,,\n"
        "alias,Jonesy,Mary Jones,official,false,,a nickname\n"
        "label,rebels,rebels,,,,\n"
        "implied,rebels,Labour rebels,,,,\n",
        encoding="utf-8",
    )
    folder = tmp_path / "docs"
    folder.mkdir()
    corpus = _corpus(
        folder,
        a="The rebels voted against the budget. Jonesy said the vote was lost.",
        b="The rebels in the film escaped.",
    )
    p = ent.load_pack(pack)
    assert (p.name, p.min_anchors, p.anchors) == ("ukpolitics", 1, frozenset({"budget"}))
    assert ent.beat_coverage(corpus, pack=pack)["in_beat"].tolist() == [True, False]
    m = ent.mentions(corpus, pack=pack)
    assert m.loc[m["name"] == "Jonesy", ["entity", "basis", "kind"]].values.tolist() == [
        ["Mary Jones", "pack", "person"]
    ]
    ev = framing.label_evidence(corpus, pack=pack)
    assert ev[["doc_id", "actor", "rule"]].values.tolist() == [
        [_doc(corpus, "a"), "Labour rebels", "implied"],
        [_doc(corpus, "b"), framing.UNATTACHED, "unattached"],
    ]


def test_pack_errors_are_clear(tmp_path):
    with pytest.raises(ent.PackError, match="no beat pack 'nope'; shipped: syria"):
        ent.load_pack("nope")
    bad = tmp_path / "bad.csv"
    bad.write_text("term,maps_to\nx,y\n", encoding="utf-8")
    with pytest.raises(ent.PackError, match="lacks the column"):
        ent.load_pack(bad)
    bad.write_text("kind,term,maps_to\nsetting,min_anchors,two\n", encoding="utf-8")
    with pytest.raises(ent.PackError, match="not a number"):
        ent.load_pack(bad)


# --- for the ledger and the views ------------------------------------------------------------


def test_resolve_name_and_canonical_names(tmp_path):
    corpus = _corpus(tmp_path, a=TRUMP, b="Gordon Brown spoke. Mr Brown left.")
    a, b = _doc(corpus, "a"), _doc(corpus, "b")
    assert ent.resolve_name(corpus, a, "Mr. Trump") == "Donald Trump"
    assert ent.resolve_name(corpus, a, "President Trump") == "Donald Trump"
    assert ent.resolve_name(corpus, b, "Mr Trump") == "Donald Trump"  # from the corpus
    assert ent.resolve_name(corpus, b, "the Prime Minister Gordon Brown") == "Gordon Brown"
    assert ent.resolve_name(corpus, b, "Mr Smith") is None
    names = ent.canonical_names(corpus)
    assert list(names.columns) == ["doc_id", "start", "end", "mention", "entity", "kind"]
    assert (names["entity"] == "Donald Trump").sum() == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [("The", False), ("This", False), ("the Prime Minister", False), ("Mr", False),
     ("Monday", False), ("Mr Blair", True), ("the SDF", True), ("Tony Blair", True)],
)  # fmt: skip
def test_is_name(text, expected):
    assert ent.is_name(text) is expected


def test_dispersion_places_an_entity_at_every_variant(tmp_path):
    corpus = _corpus(tmp_path, a="Tony Blair spoke . Then Mr Blair left and Blair slept .")
    disp = frequency.dispersion(corpus, ["Tony Blair"], entities=True, order_by=None)
    # words: Tony(0) Blair(1) spoke(2) Then(3) Mr(4) Blair(5) left(6) and(7) Blair(8) slept(9)
    assert disp["position"].tolist() == [0, 5, 8]
    plain = frequency.dispersion(corpus, ["Tony Blair"], order_by=None)
    assert plain["position"].tolist() == [0]


def test_entities_of_an_empty_selection(tmp_path):
    corpus = _corpus(tmp_path, a="nothing capitalised here at all.")
    table = corpus.entities()
    assert table.empty and list(table.columns) == ent.ENTITY_COLUMNS
    with pytest.raises(ValueError, match="unknown kind"):
        corpus.entities(kinds=["people"])


# --- the shared corpora -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bbc_politics():
    if not BBC_POLITICS.is_dir():
        pytest.fail(f"{BBC_POLITICS} is missing: the shared corpora must be beside the project")
    return cu.load_corpus(BBC_POLITICS, cache=False, progress=False)


def test_bbc_politics_finds_its_own_people_and_no_syria_beat(bbc_politics):
    table = bbc_politics.entities().set_index("entity")
    for person in ("Tony Blair", "Gordon Brown", "Michael Howard", "Charles Kennedy"):
        assert table.loc[person, "kind"] == "person"
    variants = table.loc["Tony Blair", "variants"].split("; ")
    assert {"Tony Blair", "Blair"} <= set(variants)
    assert "Prime Minister" in table.loc["Tony Blair", "roles"].split("; ")
    assert table.loc["Gordon Brown", "mentions"] > 100
    assert "The" not in table.index and "Mr" not in table.index
    assert ent.coverage(bbc_politics) < 0.02
    ev = framing.label_evidence(bbc_politics)
    assert not set(ev.loc[~ev["in_beat"], "actor"]) & SYRIA_PACK
    focus = ent.focus_entities(bbc_politics, k=6)
    assert set(focus["basis"]) == {"corpus"}
    assert "Tony Blair" in set(focus["entity"])


def test_fakes_is_in_the_syria_beat(tmp_path):
    if not FAKES.is_file():
        pytest.fail(f"{FAKES} is missing: the shared corpora must be beside the project")
    sample = tmp_path / "fakes_every_4th.csv"
    pd.read_csv(FAKES).iloc[::4].to_csv(sample, index=False)  # 201 rows, every outlet
    corpus = cu.load_corpus(sample, cache=False, progress=False)
    assert ent.coverage(corpus) > 0.9
    table = corpus.entities().set_index("entity")
    assert table.loc["Bashar al-Assad", "kind"] == "person"
    assert {"Assad", "Bashar al-Assad"} <= set(table.loc["Bashar al-Assad", "variants"].split("; "))
    assert set(ent.focus_entities(corpus)["basis"]) == {"pack"}


def test_is_in_capitals_or_without_a_group_word_is_no_isis_token(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="IS FIGHTERS RETREAT FROM RAQQA AS THE SIEGE ENDS. Officials said IS militants "
        "fled Raqqa. The word IS was printed in capitals. The Islamic State, or IS, lost.",
    )
    toks = corpus.tokens()
    got = toks.loc[toks["token"] == "IS", ["sent_id", "actor"]]
    # by reading: sentence 0 is shouted; 1 has "militants"; 2 has no group word; 3 has
    # "Islamic State" (itself the actor ISIS, a context phrase too)
    got = got.astype(object)
    assert got.where(got.notna(), "-").values.tolist() == [
        [0, "-"],
        [1, "ISIS"],
        [2, "-"],
        [3, "ISIS"],
    ]


def test_a_capitalised_particle_opening_a_name_stays_in_it(tmp_path):
    m = _corpus(
        tmp_path,
        a="Rebel spokesman Nayef Mustafa spoke first. Later rebel commander Abu Mustafa "
        "told reporters the siege would end.",
    ).mentions()
    # "Abu Mustafa" is a name of its own, not the surname of Nayef Mustafa
    assert m[["name", "role", "entity"]].values.tolist() == [
        ["Nayef Mustafa", "spokesman", "Nayef Mustafa"],
        ["Abu Mustafa", "commander", "Abu Mustafa"],
    ]


def test_acronym_of_a_name_with_and_in_it(tmp_path):
    # "and" before "Red Crescent Societies" (an organisation word, with "of" before it)
    # stays inside one name; IFRC's letters come in order among its initials IFRCRCS
    corpus = _corpus(
        tmp_path,
        a=(
            "The International Federation of Red Cross and Red Crescent Societies (IFRC) "
            'sent trucks.\n\n"Much was destroyed," IFRC said.'
        ),
    )
    m = corpus.mentions()
    long = "International Federation of Red Cross and Red Crescent Societies"
    assert m["name"].tolist() == [long, "IFRC", "IFRC"]
    assert m["entity"].tolist() == [long] * 3
    assert corpus.entities().set_index("entity").loc[long, "kind"] == "organisation"
    assert ent.abbreviates("IFRC", "IFRCRCS")
    assert not ent.abbreviates("FRC", "IFRCRCS")  # the first letter must match
    assert not ent.abbreviates("ICRF", "IFRCRCS")  # letters out of order


def test_blair_and_brown_still_split(tmp_path):
    corpus = _corpus(tmp_path, a="On Monday Tony Blair and Gordon Brown met the Bank of England.")
    assert corpus.mentions()["name"].tolist() == ["Tony Blair", "Gordon Brown", "Bank of England"]


def test_an_acronym_glued_to_a_known_surname(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="Homs Governor Talal Barazi spoke.\n\nSpeaking to Syrian state TV Barazi said more.",
    )
    m = corpus.mentions()
    # "TV" is a media word, no name: the mention is the surname alone
    assert m[["mention", "entity", "basis"]].values.tolist()[-1] == [
        "Barazi",
        "Talal Barazi",
        "article",
    ]
    assert "TV" not in set(m["name"])


def test_resolve_name_by_a_surname_the_article_gives_in_full(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="President Vladimir Putin met the envoy in Moscow on Monday.",
        b="Dana Fitch and Omar Fitch run the clinic in the town.",
    )
    a, b = _doc(corpus, "a"), _doc(corpus, "b")
    assert ent.resolve_name(corpus, a, "Mr. Putin") == "Vladimir Putin"
    assert ent.resolve_name(corpus, a, "Putin") == "Vladimir Putin"
    assert ent.resolve_name(corpus, b, "Mr Fitch") is None  # two full names end in Fitch


# --- plural common nouns, party nicknames, media words, short forms -----------------------


def test_plural_common_nouns_are_no_names(tmp_path):
    # business and health beats: "analysts" and "officials" are written in lower case
    # more often than capitalised mid-sentence, so the capitalised ones are no names,
    # even mid-sentence after a lost full stop ("the dollar Analysts said")
    corpus = _corpus(
        tmp_path,
        a="Analysts said the dollar would fall. Most analysts agreed. Shares fell the dollar "
        "Analysts said later. Officials at Acme Bank said analysts were wrong.",
        b="Officials said the clinic would close. Health officials in Leeds said officials "
        "had no choice. Experts warned that experts are rarely heard.",
    )
    names = set(corpus.entities()["entity"])
    assert not {"Analysts", "Officials", "Experts"} & names
    assert {"Acme Bank", "Leeds"} <= names
    for word in ("Analysts", "Officials", "Experts"):
        assert ent.is_name(word, corpus=corpus) is False
    assert ent.is_name("Acme Bank", corpus=corpus) is True
    ledger = attribution.ledger(corpus)
    said = ledger[ledger["speaker_text"].isin(["Analysts", "Officials"])]
    assert len(said) == 3 and said["source"].isna().all()  # unresolved, never "Analysts"


def test_party_nicknames_and_demonyms_are_groups_not_persons(tmp_path):
    # UK and US politics: "Tories" beside the adjective "Tory", "Democrats" beside
    # "Democratic", "Americans" beside the nationality "American"
    corpus = _corpus(
        tmp_path,
        a="The Tories said the tax would rise. Tory leader Michael Howard agreed, and Tory "
        "voters cheered. Mr Howard thanked the Tories.",
        b="Democrats voted against the bill. Two Democratic senators said Americans would pay, "
        "and American voters agreed with the Democrats.",
    )
    table = corpus.entities().set_index("entity")
    assert table.loc["Tories", "kind"] == "group"
    assert table.loc["Democrats", "kind"] == "group"
    assert table.loc["Americans", "kind"] == "group"
    assert table.loc["Michael Howard", "kind"] == "person"
    ledger = attribution.ledger(corpus)
    tories = ledger[ledger["source"] == "Tories"]
    assert len(tories) == 1  # a source, of kind group: no person's name
    assert "group" in ent.KINDS


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("Speaking on state TV, Governor Sami Rahal said the road was open.", {"TV"},
         {"Sami Rahal"}),
        ("BBC TV reported that the vote was close in Leeds.", {"TV", "BBC TV"}, {"BBC", "Leeds"}),
        ("Sales of PCs rose, and the PC market grew as Acme Corp sold more DVDs.",
         {"PC", "PCs", "DVDs"}, {"Acme Corp"}),
        ("MPs voted against it, and Labour MPs said the MP for Leeds agreed.",
         {"MPs", "MP", "Labour MPs"}, {"Labour", "Leeds"}),
        ("Plan B was dropped after Acme Corp said so.", {"B", "Plan B"}, {"Acme Corp"}),
    ],
)  # fmt: skip
def test_media_words_plural_acronyms_and_single_letters_are_no_entities(
    tmp_path, text, absent, present
):
    names = set(_corpus(tmp_path, a=text).entities()["entity"])
    assert not absent & names
    assert present <= names


def test_a_plural_acronym_is_no_name_but_a_defined_one_is(tmp_path):
    # "SANAs" is a possessive that lost its apostrophe: "SANA" is defined in brackets
    corpus = _corpus(
        tmp_path,
        a="The Syrian Arab News Agency (SANA) said six people died. SANAs reporter in Homs "
        "said SANA would publish the names. MPs and PCs are common nouns.",
    )
    m = corpus.mentions()
    sana = m[m["name"] == "SANA"]
    assert sana["entity"].tolist() == ["Syrian Arab News Agency"] * 2
    assert ent.is_name("MPs") is False and ent.is_name("the PCs") is False
    assert not {"MPs", "PCs"} & set(m["entity"])


def test_head_noun_short_form_merges_with_the_long_name(tmp_path):
    # economics beat: "the Institute" after "the Lumbridge Institute for Fiscal Studies"
    # (and in another article that never gives the long name); Syria beat: "the
    # Observatory", "the Syrian Observatory", "the Britain-based Observatory" are SOHR
    corpus = _corpus(
        tmp_path,
        a="The Lumbridge Institute for Fiscal Studies (LIFS) published a report. The "
        "Institute said taxes would rise. LIFS added that the Lumbridge Institute was sure.",
        b="The Institute said on Monday that wages fell.",
        c="The Syrian Observatory for Human Rights said 12 people died in Idlib. The "
        "Observatory said jets struck Aleppo, and the Syrian Observatory said rebels "
        "fled Homs. The Britain-based Observatory counted the dead in Syria.",
    )
    m = corpus.mentions()
    a = m[m["doc_id"] == _doc(corpus, "a")]
    lifs = "Lumbridge Institute for Fiscal Studies"
    assert a[["name", "entity", "basis"]].values.tolist() == [
        [lifs, lifs, "name"],
        ["LIFS", lifs, "article"],  # the bracketed definition is a mention too
        ["Institute", lifs, "article"],
        ["LIFS", lifs, "article"],
        ["Lumbridge Institute", lifs, "article"],
    ]
    assert corpus.entities().set_index("entity").loc[lifs, "kind"] == "organisation"
    b = m[m["doc_id"] == _doc(corpus, "b")]
    assert b.loc[b["name"] == "Institute", ["entity", "basis"]].values.tolist() == [
        ["Lumbridge Institute for Fiscal Studies", "corpus"]
    ]
    c = m[(m["doc_id"] == _doc(corpus, "c")) & m["name"].str.contains("Observatory")]
    assert c["entity"].tolist() == ["SOHR"] * 4
    assert c["name"].tolist() == [
        "Syrian Observatory for Human Rights",
        "Observatory",
        "Syrian Observatory",
        "Observatory",  # "Britain-based" is no capitalised name word
    ]
    doc_c = _doc(corpus, "c")
    assert ent.resolve_name(corpus, doc_c, "The Britain-based Observatory") == "SOHR"


def test_a_common_word_surname_needs_its_roles_to_merge_across_the_corpus(tmp_path):
    # arts and world news: the critic Philip French is named in one article; "French"
    # of "French troops" elsewhere is no surname of his, while "Brown", written with
    # "Mr" in most mentions, is Gordon Brown's across the corpus
    corpus = _corpus(
        tmp_path,
        a="Film critic Philip French liked the film. Mr French praised its director.",
        b="French troops arrived in Mali. French officials said the French base was safe.",
        c="Gordon Brown spoke. Mr Brown said the budget was fair.",
        d="Mr Brown left early. Brown said nothing.",
    )
    m = corpus.mentions()
    b = m[m["doc_id"] == _doc(corpus, "b")]
    assert b.loc[b["name"] == "French", "entity"].tolist() == ["French"] * 3
    a = m[m["doc_id"] == _doc(corpus, "a")]
    assert a["entity"].tolist() == ["Philip French", "Philip French"]
    d = m[m["doc_id"] == _doc(corpus, "d")]
    assert d["entity"].tolist() == ["Gordon Brown", "Gordon Brown"]


def test_possessives_that_lost_their_apostrophe(tmp_path):
    # scraped text: "Syrias President", "Assads forces"; "Hamas" and "Williams" are
    # words of their own
    corpus = _corpus(
        tmp_path,
        a="President Bashar al-Assad spoke in Syrias capital Damascus. It said Assads forces "
        "left Homs. Officials said Hamas would talk to Hama officials in Syria.",
        b="Serena Williams won in Paris. Williams said William was there.",
    )
    m = corpus.mentions().set_index("name")
    assert m.loc["Syrias", "entity"] == "Syria"
    assert m.loc["Assads", "entity"] == "Bashar al-Assad"
    assert m.loc["Hamas", "entity"] == "Hamas"
    assert m.loc["Williams", "entity"] == "Williams"  # not William, a name of its own


def test_a_name_beside_its_organisation_name_is_an_organisation(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="The Labour Party met in Leeds. Officials said Labour would win, and Acme Corp "
        "agreed. Shares of Acme rose.",
    )
    table = corpus.entities().set_index("entity")
    assert table.loc[["Labour", "Acme", "Labour Party", "Leeds"], "kind"].tolist() == [
        "organisation",
        "organisation",
        "organisation",
        "place",
    ]


# --- which terms the notebooks read ------------------------------------------------------------


def test_kwic_terms_outside_the_beat_are_the_corpus_s_own_names(tmp_path):
    corpus = _corpus(
        tmp_path,
        a="Tony Blair met Acme Corp in Leeds. Mr Blair said the Tories were wrong. The "
        "opposition of Acme Corp to the plan grew. Blair left Leeds.",
        b="The Tories said Mr Blair was wrong. Tory leader Michael Howard agreed, and Tory "
        "voters cheered.",
    )
    terms, why = framing.kwic_terms(corpus, k=3)
    # Tony Blair: 4 mentions, 3 of them written "Blair"; Tories: 2 (a group, tied with
    # Acme Corp: 2, which comes first by name); Michael Howard 1; Leeds is a place
    assert terms == ["Blair", "Acme Corp", "Tories"]
    assert why.startswith("0 of 2 articles (0%) are in the beat of the 'syria' pack")
    assert "below its threshold of 30%" in why and "*Blair*, *Acme Corp*, *Tories*" in why
    assert framing.kwic_terms(corpus, terms=["plan"]) == (
        ["plan"],
        "KWIC lines for the terms given as a parameter: *plan*.",
    )
    ev = framing.label_evidence(corpus)
    assert framing.labels_sentence(corpus, ev) == (
        "The 'syria' pack's labels occur 1 times, 0 of them inside quotes; 1 of them outside "
        "its beat (The war in Syria and the fight against ISIS), where they are ordinary "
        "words (an *opposition* to a plan, the *forces* of a law) attached only to the "
        "corpus's own names."
    )


def test_kwic_terms_inside_the_beat_are_the_pack_s_labels(tmp_path):
    corpus = _corpus(tmp_path, s=SYRIA, t=SYRIA.replace("Idlib", "Homs"))
    terms, why = framing.kwic_terms(corpus, k=3)
    # each article: forces, regime, fighters, rebels once: ties by name
    assert terms == ["fighters", "forces", "rebels"]
    assert why.startswith("2 of 2 articles (100%) are in the beat")
    ev = framing.label_evidence(corpus)
    assert framing.labels_sentence(corpus, ev) == (
        "The 'syria' pack's labels occur 8 times, 0 of them inside quotes; all in articles "
        "of its beat."
    )


def test_an_anchor_that_lost_its_apostrophe_still_counts(tmp_path):
    # "Syrias", "Aleppos": scraped possessives; "Syria" and "Aleppo" are anchors
    corpus = _corpus(
        tmp_path, a="Shells hit Syrias second city. Aleppos mayor said Aleppo was calm."
    )
    cov = ent.beat_coverage(corpus)
    assert cov[["anchor_hits", "anchors", "in_beat"]].values.tolist() == [[3, 2, True]]


def test_a_month_or_modal_ends_a_name_only_after_a_name_word(tmp_path):
    """``name_tails.txt``: ``May`` after ``Theresa`` or ``Mrs`` is part of the name; after a
    place in a dateline (``Syria June 5``), after ``In`` or opening a sentence it is not."""
    corpus = _corpus(
        tmp_path,
        a="Fighting went on in Syria June 5 as the army advanced. Theresa May said Britain "
        "would help. In May the talks failed. Mrs May spoke again.",
    )
    m = corpus.entities()
    names = set(m["entity"])
    assert "Theresa May" in names and "Syria" in names
    assert not {"Syria June", "Theresa", "May"} & names
    row = m[m["entity"] == "Theresa May"].iloc[0]
    assert row["mentions"] == 2  # "Theresa May" and "Mrs May"


def test_a_pack_and_its_name_share_the_mentions_cache(tmp_path, monkeypatch):
    """The notebooks ask for the mentions with the pack's name and, through the focus
    entities, with the loaded pack: the mentions are built once for both (at 23 MB they
    cost 44 CPU-s, and were built twice per notebook). Another pack is built apart."""
    from corpus_utils.sources import name_merging
    from corpus_utils.sources.packs import Pack, load_pack

    corpus = _corpus(tmp_path, a=TRUMP)
    built = []
    real = name_merging._build
    monkeypatch.setattr(name_merging, "_build", lambda c, p: built.append(p.name) or real(c, p))
    first = ent.mentions(corpus, pack="syria")
    again = ent.mentions(corpus, pack=load_pack("syria"))
    pd.testing.assert_frame_equal(first, again)
    assert built == ["syria"]
    other = Pack(**{**load_pack("syria").__dict__, "name": "other"})
    ent.mentions(corpus, pack=other)
    assert built == ["syria", "other"]
