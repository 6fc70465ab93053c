"""Web boilerplate: named patterns and sentences an outlet repeats, never journalism.

Fixtures are real articles from the shared corpora with boilerplate injected at the top,
in the middle and at the end, for several made-up outlets, written as a CSV table; and
FA-KES as it is, with its outlets' real site furniture.
"""

from __future__ import annotations

import csv
import random

import pandas as pd
import pytest

import corpus_utils as cu
from corpus_utils import paths
from corpus_utils.prepare import boilerplate

BBC = paths.SHARED_CORPORA / "bbc"
FAKES = paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv"
needs_bbc = pytest.mark.skipif(
    not BBC.is_dir(), reason="../shared/corpora/bbc is not beside the project"
)
needs_fakes = pytest.mark.skipif(
    not FAKES.is_file(), reason="../shared/corpora/fa-kes is not beside the project"
)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Sign up for our daily newsletter", "newsletter_signup"),
        ("Get the best of the week straight to your inbox.", "newsletter_signup"),
        ("Copyright © 2019 Daily Planet Media LLC. All rights reserved.", "copyright"),
        ("All rights reserved.", "copyright"),
        ("Click here for reprint permission", "reprint"),
        ("Story continued below", "story_continues"),
        ("Advertisement", "advertisement"),
        ("hide caption", "hide_caption"),
        ("Image copyright Getty Images", "image_credit"),
        ("Follow us on Twitter", "follow_us"),
        ("FOLLOW TRTWORLD Dont miss out on the Latest News", "follow_us"),
        ("Source: TRT World and agencies", "source_agencies"),
        ("This article was originally published in The Conversation.", "originally_published"),
        ("Read more", "read_more"),
        ("Share this article", "share"),
    ],
)
def test_each_named_pattern_fires_on_the_boilerplate_it_names(line, rule):
    assert boilerplate.pattern_match(line)[0] == rule


@pytest.mark.parametrize(
    "sentence",
    [
        "The service will be free and those who sign up can get e-mail or text alerts.",
        "The novel was originally published in 1950 and banned two years later.",
        "Follow-up talks are planned for next week in Geneva.",
        "The court ruled on copyright law and the rights of authors.",
        "Related fighting killed five soldiers near the border.",
        "Subscribers to the service fell by a third.",
        "The minister said the advertisement had misled voters.",
        "Click-through rates rose sharply, the company said.",
    ],
)
def test_journalism_that_shares_words_with_boilerplate_matches_no_pattern(sentence):
    assert boilerplate.pattern_match(sentence) is None


def test_shapes_protect_fragments_the_sentence_splitter_cut_off():
    # a continuation and bare punctuation are never learned; a byline code only at edges
    assert boilerplate.shape("he said.") == "fragment"
    assert boilerplate.shape("!") == "fragment"
    assert boilerplate.shape("SSH 11") == "short"
    assert boilerplate.shape("Hazem Sabbagh") == "short"
    assert boilerplate.shape("TRT World Watch Live TV Schedule") == "line"


def test_min_docs_grows_with_the_group():
    assert boilerplate.min_docs(5) == 3
    assert boilerplate.min_docs(600) == 3
    assert boilerplate.min_docs(2225) == 12  # ceil(0.005 * 2225)


# ---- learned on real articles with injected boilerplate -------------------------------

OUTLETS = {
    "Daily Planet": {
        "top": "Home | World | Politics | Business | Tech | Sport",
        "middle": "Advertisement",
        "end": "Copyright © 2019 Daily Planet Media LLC. All rights reserved.",
        "blurb": "The Daily Planet is the region's leading independent newspaper, founded in 1938.",
    },
    "Metro Wire": {
        "top": "METRO WIRE LIVE TV Schedule Podcasts Newsletters",
        "middle": "Story continued below",
        "end": "Metro Wire / Staff Desk",
        "blurb": "Metro Wire has been the city's most trusted source of news since 1902.",
    },
    "Gazette": {
        "top": "Gazette Home News Opinion Sport Culture Puzzles",
        "middle": "Sign up for our daily newsletter",
        "end": "Follow us on Facebook and Instagram",
        "blurb": "The Gazette is published by Gazette Media Group, an independent company.",
    },
}
# journalism that several articles of one outlet repeat: must survive
BACKGROUND = "The conflict has killed more than 350,000 people since 2011, according to the UN."
QUOTE = '"We will not give up until every family is safe," the minister said.'


def _bbc_articles(n: int) -> list[list[str]]:
    """The first n business articles, as lists of body paragraphs (headline dropped)."""
    out = []
    for f in sorted((BBC / "business").glob("*.txt"))[:n]:
        text = f.read_text(encoding="utf-8")
        paras = [p.strip() for p in text.split("\n") if p.strip()][1:]
        out.append(paras)
    return out


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    """60 BBC articles, 20 per made-up outlet, with each outlet's furniture injected at
    the top, in the middle and at the end; half of them with the story flattened to one
    paragraph (as scraped tables often are), a quarter with the middle line glued into
    it; the furniture otherwise on lines of its own, the blurb and the end line on one.

    (A menu glued to the first sentence with no punctuation between them is not found:
    repetition is counted per sentence.)"""
    if not BBC.is_dir():
        pytest.skip("../shared/corpora/bbc is not beside the project")
    rng = random.Random(7)
    rows, originals = [], {}
    for i, paras in enumerate(_bbc_articles(60)):
        outlet = list(OUTLETS)[i % 3]
        bp = OUTLETS[outlet]
        body = list(paras)
        if i < 15:  # five articles per outlet carry the same background and quote
            body.insert(1, BACKGROUND)
            body.insert(2, QUOTE)
        mid = rng.randrange(1, len(body))
        sep = " " if i % 2 else "\n\n"
        story = [sep.join(body[:mid]), bp["middle"], sep.join(body[mid:])]
        if i % 4 == 1 and outlet != "Daily Planet":  # the middle line glued into the story
            # (not a bare "Advertisement": glued to the next sentence it cannot be told
            # from "Advertisement Standards Authority said ...")
            story = [sep.join([*body[:mid], bp["middle"], *body[mid:]])]
        # furniture on lines of its own, the story's paragraphs flattened or not
        text = "\n".join([bp["top"], *story, f"{bp['blurb']} {bp['end']}"])
        doc_id = f"a{i:02d}"
        rows.append({"id": doc_id, "outlet": outlet, "text": text})
        originals[doc_id] = (outlet, paras, sep)
    path = tmp_path_factory.mktemp("injected") / "scrape.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "outlet", "text"])
        w.writeheader()
        w.writerows(rows)
    return path, originals


def test_injected_boilerplate_is_removed_and_every_body_paragraph_survives(injected):
    path, originals = injected
    corpus = cu.load_corpus(path)
    texts = corpus.docs.set_index("doc_id")["text"]
    removed = corpus.removed
    for doc_id, (outlet, paras, _sep) in originals.items():
        text = texts[doc_id]
        for p in paras:
            assert p in text, f"{doc_id} lost a body paragraph: {p[:60]!r}"
        got = " ".join(removed.loc[removed["doc_id"] == doc_id, "text"]).split()
        for where, line in OUTLETS[outlet].items():
            assert line not in text, f"{doc_id}: the {where} line survived"
            assert set(line.split()) <= set(got), f"{doc_id}: the {where} line has no removal"
    # every removal names its rule and slices back out of the input cell
    raw = pd.read_csv(path, dtype=str).set_index("id")["text"]
    for r in removed.itertuples():
        assert r.kind == "boilerplate" and r.rule
        assert raw[r.doc_id][r.start : r.end] == r.text
    learned = removed[removed["rule"].str.startswith("repeated in")]
    assert set(learned["text"]) >= {OUTLETS[o]["blurb"] for o in OUTLETS}
    assert corpus.docs["title"].isna().all()  # no menu line taken for a headline
    assert (
        learned["rule"]
        .str.contains(r"of (?:daily planet|metro wire|gazette) \(20 articles\)")
        .all()
    )


def test_repeated_background_and_quotes_are_kept(injected):
    path, originals = injected
    corpus = cu.load_corpus(path)
    texts = corpus.docs.set_index("doc_id")["text"]
    for doc_id in [f"a{i:02d}" for i in range(15)]:
        assert BACKGROUND in texts[doc_id]
        assert QUOTE in texts[doc_id]
    assert not corpus.removed["text"].isin([BACKGROUND, QUOTE]).any()


def test_learning_can_be_turned_off_and_patterns_still_apply(injected):
    path, _ = injected
    corpus = cu.load_corpus(path, learn_boilerplate=False)
    texts = corpus.docs.set_index("doc_id")["text"]
    assert OUTLETS["Daily Planet"]["blurb"] in texts["a00"]  # only repetition finds it
    assert OUTLETS["Daily Planet"]["end"] not in texts["a00"]  # copyright pattern
    assert not corpus.removed["rule"].str.startswith("repeated in").any()


def _table(tmp_path, rows, name="t.csv"):
    path = tmp_path / name
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


STORY = [
    "Troops advanced on the northern town on Monday after a week of shelling.",
    "Residents said the water supply had been cut for three days.",
    "Aid agencies warned that food stocks would run out within a fortnight.",
    "The governor promised that the road to the coast would reopen soon.",
    "Officials gave no figure for the number of people who had fled.",
]


def test_a_blurb_goes_only_at_the_edge_and_a_byline_code_only_at_the_end(tmp_path):
    blurb = "The Courier is the oldest daily newspaper in the province, founded in 1870."
    rows = []
    for i in range(4):
        story = " ".join(STORY[i:] + STORY[:i])
        # article 3 carries the blurb in its middle and the code mid-paragraph
        text = f"{story} {blurb} KH 11" if i < 3 else f"{STORY[0]} {blurb} KH 11 {STORY[1]}"
        rows.append({"id": i, "outlet": "The Courier", "text": text})
    corpus = cu.load_corpus(_table(tmp_path, rows))
    texts = corpus.docs.set_index("doc_id")["text"]
    for i in "012":
        assert blurb not in texts[i] and not texts[i].endswith("KH 11")
    assert blurb in texts["3"] and "KH 11" in texts["3"]


def test_sentences_a_wire_outlet_repeats_in_its_own_reporting_are_kept(tmp_path):
    line = "Local sources told the Courier that rocket shells fell on the old market."
    rows = [{"id": i, "outlet": "Courier", "text": " ".join(STORY[i:] + [line])} for i in range(4)]
    corpus = cu.load_corpus(_table(tmp_path, rows))
    assert corpus.docs["text"].str.contains(line, regex=False).all()


def test_articles_that_differ_only_in_boilerplate_are_exact_duplicates(tmp_path):
    story = " ".join(STORY)
    rows = [
        {"id": "a", "outlet": "X", "text": story + " Follow us on Twitter"},
        {"id": "b", "outlet": "X", "text": story + " Share this article"},
    ]
    corpus = cu.load_corpus(_table(tmp_path, rows))
    docs = corpus.docs.set_index("doc_id")
    assert docs.loc["b", "duplicate_of"] == "a"
    assert corpus.report.set_index("doc_id").loc["b", "status"] == "duplicate"


def test_an_article_made_only_of_repeated_lines_is_not_emptied_by_learning(tmp_path):
    rows = [{"id": i, "outlet": "X", "text": "Market Report Daily Prices Index"} for i in range(3)]
    rows.append({"id": 9, "outlet": "X", "text": " ".join(STORY)})
    corpus = cu.load_corpus(_table(tmp_path, rows))
    assert "Market Report Daily Prices Index" in set(corpus.docs["text"])


def test_the_seed_corpus_loses_nothing_to_boilerplate_learning(corpus):
    assert not (corpus.removed["kind"] == "boilerplate").any()


# ---- the shared corpora as they are ----------------------------------------------------


@pytest.fixture(scope="module")
def fakes():
    if not FAKES.is_file():
        pytest.skip("../shared/corpora/fa-kes is not beside the project")
    return cu.load_corpus(FAKES, progress=False)


@needs_fakes
def test_fakes_site_furniture_is_removed(fakes):
    docs = fakes.docs
    trt = docs.loc[docs["outlet"] == "trt", "text"]
    for phrase in (
        "FOLLOW TRTWORLD",
        "Subscribe to our Youtube channel",
        "Copyright",
        "Watch Live",
    ):
        assert not trt.str.contains(phrase, regex=False).any(), phrase
    awsat = docs.loc[docs["outlet"] == "asharqalawsat", "text"]
    assert not awsat.str.contains("Launched in London in 1978", regex=False).any()
    etilaf = docs.loc[docs["outlet"] == "etilaf", "text"]
    assert not etilaf.str.contains("(Source: Syrian Coalition)", regex=False).any()


@needs_fakes
def test_fakes_journalism_that_repeats_is_kept(fakes):
    docs = fakes.docs
    sabah = docs.loc[docs["outlet"] == "dailysabah", "text"]
    background = "Since then more than a quarter of a million people have been killed"
    assert sabah.str.contains(background, regex=False).sum() >= 4
    manar = docs.loc[docs["outlet"] == "manar", "text"]
    assert manar.str.contains("Local sources told SANA reporter", regex=False).sum() >= 3
    kept = docs["text"].str.len().sum()
    removed = fakes.removed["text"].str.len().sum()
    assert 0.005 < removed / (kept + removed) < 0.03


@needs_bbc
def test_bbc_loses_at_most_half_a_percent_of_its_characters():
    corpus = cu.load_corpus(BBC, progress=False)
    kept = corpus.docs["text"].str.len().sum()
    removed = corpus.removed["text"].str.len().sum()
    assert removed / (kept + removed) <= 0.005


@pytest.mark.parametrize(
    ("sentence", "rule", "removed"),
    [
        (
            "Reporting by Oliver Holmes; Editing by John Stonestreet Our Standards:The Thomson "
            "Reuters Trust Principles.",
            "reporting_credit",
            None,  # the whole sentence
        ),
        (
            "21.08.2013Get short URL 0 0 0 Syrian forces fired rockets.",
            "short_url",
            "Get short URL 0 0 0",
        ),
        (
            "Tags Damascus Community standardsDiscussion Comment via FacebookComment via Sputnik",
            "comment_widget",
            "Community standardsDiscussion Comment via FacebookComment via Sputnik",
        ),
    ],
)
def test_wire_and_widget_furniture_of_real_scrapes(sentence, rule, removed):
    got = boilerplate.pattern_match(sentence)
    assert got[0] == rule
    assert sentence[got[1] : got[2]] == (sentence if removed is None else removed)


def test_a_sentence_about_reporting_by_an_outlet_is_not_a_credit_line():
    assert boilerplate.pattern_match("Reporting by Reuters showed that the army advanced.") is None


@pytest.mark.parametrize(
    ("sentence", "stamp"),
    [
        (
            "Date of publication 5 July 2016 The bomber attacked a crowd.",
            "Date of publication 5 July 2016",
        ),
        ("Published February 18 2015 The army captured the town.", "Published February 18 2015"),
        ("Last updated at Apr 232017 An attack hit a camp.", "Last updated at Apr 232017"),
        ("Mon Aug 12 2013 Extremism takes hundreds of lives.", "Mon Aug 12 2013"),
        (
            "Fri 07 Apr 2017 at 0914 Homs governor says the attack caused deaths.",
            "Fri 07 Apr 2017 at 0914",
        ),
    ],
)
def test_site_date_stamps_go_and_the_story_stays(sentence, stamp):
    rule, a, b = boilerplate.pattern_match(sentence)
    assert rule.startswith("dateline") and sentence[a:b] == stamp


def test_a_date_in_the_reporting_is_not_a_date_stamp():
    assert boilerplate.pattern_match("The report, published February 18 2015, said so.") is None
    assert boilerplate.pattern_match("On Mon Aug 12 2013 the army advanced.") is None


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("The ministry said the convoy had been hit twice on Tuesday.", True),
        ("TRT World Watch Live TV Schedule Where to Watch Connect with TRT World", False),
        ("Home | News | Sport | Weather | More about the army today.", False),
        ("Russian Jets Struck Idlib Province In The Night.", False),  # 6 of 6 capitalised
    ],
)
def test_is_prose_on_hand_made_sentences(text, prose):
    assert boilerplate.is_prose(text) is prose
