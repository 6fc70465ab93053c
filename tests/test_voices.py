"""Voices: quotations, names in quotation marks, sentence and token voices.

Expected values come from reading the five articles (``cat -A data/articles/*.txt``)
and from small hand-made texts, never from the package's output.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import corpus_utils as cu  # noqa: E402
from corpus_utils.plots import sourceplots  # noqa: E402
from corpus_utils.prepare import voices  # noqa: E402
from corpus_utils.prepare.voices import (  # noqa: E402
    KINDS,
    SPEECH,
    VOICES,
    quote_problems,
    quotes,
    scan_text,
    sentence_voices,
    token_voices,
)
from corpus_utils.sources.attribution import ledger  # noqa: E402

D000 = "000_16ead6e19a73726d"
D001 = "001_bfcef8d604e55000"
D002 = "002_2c5ac41f2e091863"
D003 = "003_194850a5e2a51b40"
D004 = "004_cb82cf225181bd3a"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def voiced(corpus):
    return token_voices(corpus, corpus.tokens())


def _sent_id(corpus, doc_id: str, prefix: str) -> int:
    s = corpus.sentences
    hit = s[(s["doc_id"] == doc_id) & s["text"].str.startswith(prefix)]
    assert len(hit) == 1, prefix
    return int(hit["sent_id"].iloc[0])


def _quote(corpus, doc_id: str, inner_prefix: str) -> pd.Series:
    q = quotes(corpus)
    q = q[q["doc_id"] == doc_id]
    hit = q[q["text"].str[1:].str.startswith(inner_prefix)]
    assert len(hit) == 1, inner_prefix
    return hit.iloc[0]


def _load(tmp_path, text: str) -> cu.Corpus:
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    return cu.load_corpus(tmp_path)


# --- the five articles ------------------------------------------------------------------


# Every span between double quotation marks in the article bodies, by reading, with
# its kind: speech that opens its sentence (quote), speech inside the reporter's
# sentence (partial), or a name/gloss (name).
READ_SPANS = {
    D000: [
        ("Aircraft were delivering", "quote"),
        ("The steps that the Russian", "quote"),
        ("We can say that 80 percent", "quote"),
        ("a feature of the final stages", "partial"),
        ("more than 90 percent", "partial"),
    ],
    D001: [("Deterring Aggression", "name"), ("received combat experience", "partial")],
    D002: [
        ("unprecedented", "partial"),
        ("Violent clashes", "quote"),
        ("The clashes and shelling", "quote"),
        ("For the first time", "quote"),
        ("Russian military advisers", "quote"),
        ("say a lot", "partial"),
        ("everyone is bad now", "partial"),
    ],
    D003: [
        ("heavy losses of life", "partial"),
        ("In the face of the persistence", "quote"),
        ("The cleansing of this vast area", "quote"),
        ("succeeded in liberating", "partial"),
        ("island", "name"),
        ("heavy losses", "partial"),
        ("unidentified hostile force", "partial"),
    ],
    D004: [("Russian fighter jets", "quote")],
}


@pytest.mark.parametrize("doc_id", sorted(READ_SPANS))
def test_every_quoted_span_and_its_kind(corpus, doc_id):
    q = quotes(corpus)
    q = q[q["doc_id"] == doc_id].sort_values("start")
    got = list(zip(q["text"].str[1:], q["kind"], strict=True))
    expected = READ_SPANS[doc_id]
    assert len(got) == len(expected)
    for (text, kind), (prefix, want) in zip(got, expected, strict=True):
        assert text.startswith(prefix)
        assert kind == want, text


def test_the_seed_articles_have_no_quotation_mark_problems(corpus):
    # by reading: every opening mark in the five bodies has its closing mark
    assert quote_problems(corpus).empty
    assert not quotes(corpus)["unbalanced"].any()


def test_offsets_slice_back_to_the_quotation(corpus):
    for doc_id, text, a, b in quotes(corpus)[["doc_id", "text", "start", "end"]].itertuples(
        index=False
    ):
        assert corpus.text_of(doc_id)[a:b] == text


def test_rudskoi_quote_spans_two_sentences(corpus):
    q = _quote(corpus, D000, "Aircraft were delivering")
    first = _sent_id(corpus, D000, '"Aircraft were delivering')
    second = _sent_id(corpus, D000, "As a result, the encirclement")
    assert list(q["sent_ids"]) == [first, second]
    assert q["text"].endswith('Syrian government forces,"')
    sv = sentence_voices(corpus).set_index(["doc_id", "sent_id"])
    assert sv.loc[(D000, first), "voice"] == "quote"
    assert sv.loc[(D000, second), "voice"] == "quote"  # quote + its attribution tag


def test_straight_opening_curly_closing_mark_in_000(corpus):
    q = _quote(corpus, D000, "We can say that 80 percent")
    assert (q["open_mark"], q["close_mark"]) == ('"', "\u201d")
    assert not q["unbalanced"]
    assert q["text"].endswith("liberated,\u201d")


def test_daily_caller_quote_uses_curly_marks(corpus):
    q = _quote(corpus, D004, "Russian fighter jets")
    assert (q["open_mark"], q["close_mark"]) == ("\u201c", "\u201d")
    assert q["kind"] == "quote"


def test_apostrophes_are_not_quotation_marks(corpus):
    # terrorists’ offensive (000), militants’ lines (002), the rebels' first (001)
    q = quotes(corpus)
    assert set(q["open_mark"]) <= {'"', "\u201c"}
    assert (q["level"] == 0).all()


def test_deterring_aggression_is_a_name_not_speech(corpus, voiced):
    q = _quote(corpus, D001, "Deterring Aggression")
    assert q["kind"] == "name"
    t = voiced[(voiced["doc_id"] == D001) & voiced["token"].isin(["Deterring", "Aggression"])]
    assert len(t) == 2
    assert (t["voice"] == "narration").all()
    assert t["is_name"].all()
    sid = _sent_id(corpus, D001, "Militants are calling")
    sv = sentence_voices(corpus).set_index(["doc_id", "sent_id"])
    assert sv.loc[(D001, sid), "voice"] == "narration"
    assert sv.loc[(D001, sid), "quote_share"] == 0


def test_island_gloss_in_003_is_not_speech(corpus, voiced):
    q = _quote(corpus, D003, "island")
    assert q["text"] == '"island,"'
    assert q["kind"] == "name"
    sid = _sent_id(corpus, D003, "Citing the Operations Room")
    t = voiced[(voiced["doc_id"] == D003) & (voiced["sent_id"] == sid)]
    assert t.loc[t["token"] == "island", "voice"].tolist() == ["narration"]
    # the same sentence also quotes the SDF report: "heavy losses"
    assert set(t.loc[t["token"].isin(["heavy", "losses"]), "voice"]) == {"partial"}
    sv = sentence_voices(corpus).set_index(["doc_id", "sent_id"])
    assert sv.loc[(D003, sid), "voice"] == "partial"


def test_terrorists_only_inside_quotes_in_the_rudskoi_article(corpus, voiced):
    t = voiced[(voiced["doc_id"] == D000) & (voiced["norm"] == "terrorists")]
    # by reading: "strikes on terrorists" and "terrorists’ offensive", both Rudskoi's
    assert len(t) == 2
    assert (t["voice"] == "quote").all()
    # while the reporter's own words are militants and jihadists
    mine = voiced[(voiced["doc_id"] == D000) & (voiced["voice"] == "narration")]
    assert {"militants", "jihadists"} <= set(mine["norm"])


def test_sentence_voices_of_the_rudskoi_article(corpus):
    sv = sentence_voices(corpus)
    sv = sv[sv["doc_id"] == D000].set_index("sent_id")["voice"]
    expected = {
        '"The steps that the Russian': "quote",
        "Rudskoi went on to explain": "narration",
        "In a span of 24 hours": "narration",
        '"We can say that 80 percent': "quote",
        "The Syrian Observatory for Human Rights, a U.K.-based": "partial",
        "Russia said Wednesday": "narration",
    }
    for prefix, voice in expected.items():
        assert sv[_sent_id(corpus, D000, prefix)] == voice, prefix
    # 4 quotation sentences (two for the first Rudskoi quote), 1 partial, 18 narration
    assert sv.value_counts().to_dict() == {"narration": 18, "quote": 4, "partial": 1}


def test_sentence_voice_table_shape(corpus):
    sv = sentence_voices(corpus)
    assert len(sv) == len(corpus.sentences)
    assert set(sv["voice"]) <= set(VOICES)
    assert ((sv["quote_share"] >= 0) & (sv["quote_share"] <= 1)).all()
    assert (sv.loc[sv["voice"] == "narration", "quote_share"] == 0).all()


def test_token_voices_adds_columns_and_keeps_rows(corpus):
    toks = corpus.tokens(drop_stop=True, drop_punct=True, metadata=["outlet"])
    out = token_voices(corpus, toks)
    assert len(out) == len(toks)
    assert list(out.columns) == [*toks.columns, "voice", "quote_id", "is_name"]
    assert set(out["voice"]) <= set(VOICES)
    assert (
        out.loc[out["voice"] == "narration", "is_name"].sum() == 3
    )  # Deterring, Aggression, island
    assert "voice" not in toks.columns  # the input is not changed


def test_token_voices_shares_the_token_table_instead_of_copying_it(corpus):
    """The voiced table holds the token table's own arrays (offsets, and the codes of
    the categorical columns), plus three new columns."""
    import numpy as np

    toks = corpus.tokens()
    out = token_voices(corpus, toks)
    for col in ("sent_id", "start", "end", "is_stop"):
        assert np.shares_memory(out[col].to_numpy(), toks[col].to_numpy()), col
    for col in ("doc_id", "token", "norm", "actor"):
        assert np.shares_memory(out[col].array.codes, toks[col].array.codes), col
    assert out["voice"].cat.categories.tolist() == ["narration", "partial", "quote"]
    assert str(out["quote_id"].dtype) == "Int32" and out["is_name"].dtype == bool


# --- hand-made texts ---------------------------------------------------------------------


def test_unbalanced_mark_is_recorded_and_the_rest_still_gets_voices(tmp_path):
    text = (
        'The general said "we will win the war. Then he left the room.\n\n'
        'Officials described "a quiet night" in the city.\n\n'
        "The army withdrew on Monday."
    )
    c = _load(tmp_path, text)
    problems = quote_problems(c)
    assert len(problems) == 1
    assert problems["para_id"].tolist() == [0]
    assert "not closed" in problems["problem"].iloc[0]
    q = quotes(c).sort_values("start")
    assert q["unbalanced"].tolist() == [True, False]
    assert q["text"].iloc[1] == '"a quiet night"'
    assert q["kind"].iloc[1] == "partial"
    sv = sentence_voices(c)
    assert sv["voice"].tolist()[-2:] == ["partial", "narration"]
    toks = token_voices(c, c.tokens())
    last = toks[toks["sent_id"] == sv["sent_id"].max()]
    assert (last["voice"] == "narration").all()


def test_stray_closing_mark_is_recorded_and_ignored():
    scan = scan_text("The monitor counted 12\u201d dead and \u201cmany\u201d wounded.")
    assert scan.problems["mark"].tolist() == ["\u201d"]
    assert scan.quotes["text"].tolist() == ["\u201cmany\u201d"]


def test_opening_mark_inside_an_open_quotation():
    scan = scan_text('"We won, he said. "We will win again," he added.')
    assert len(scan.problems) == 1
    assert scan.quotes["text"].tolist() == ['"We won, he said.', '"We will win again,"']
    assert scan.quotes["unbalanced"].tolist() == [True, False]


def test_nested_single_quotes_inside_double(tmp_path):
    c = _load(tmp_path, "\"They called the truce 'a farce,' and left,\" the commander said.")
    q = quotes(c).sort_values("start")
    assert q["level"].tolist() == [0, 1]
    outer, inner = q.iloc[0], q.iloc[1]
    assert outer["kind"] == "quote"
    assert inner["text"] == "'a farce,'"
    assert inner["parent_id"] == outer["quote_id"]
    toks = token_voices(c, c.tokens())
    assert toks.loc[toks["token"] == "farce", "voice"].tolist() == ["quote"]
    assert toks.loc[toks["token"] == "commander", "voice"].tolist() == ["narration"]


def test_quote_running_into_the_next_paragraph(tmp_path):
    text = (
        '"The first paragraph of the statement. It goes on.\n\n'
        '"The second paragraph ends the statement," the ministry said.\n\n'
        "Fighting continued in the north."
    )
    c = _load(tmp_path, text)
    q = quotes(c)
    assert len(q) == 1
    row = q.iloc[0]
    assert row["kind"] == "quote"
    assert not row["unbalanced"]
    assert list(row["para_ids"]) == [0, 1]
    assert row["text"].startswith('"The first paragraph')
    assert row["text"].endswith('ends the statement,"')
    assert quote_problems(c).empty
    sv = sentence_voices(c)
    assert sv["voice"].tolist() == ["quote", "quote", "quote", "narration"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('The operation, known as "Olive Branch," began in January.', "name"),
        ('The so-called "moderate" rebels withdrew.', "name"),
        ('Locals call the square "Freedom Square" now.', "name"),
        ('The word jazeera, or "island," names the region.', "name"),
        ('The minister said: "We will not retreat."', "quote"),
        ('Russia called the raid "unprecedented," the monitor said.', "partial"),
        ('"Victory Day," he said, "is near."', "quote"),
        # scare quotes: a short span, no speech cue in the sentence
        ('The regime\'s "reforms" changed nothing.', "name"),
        ('Rebels held the "de-escalation zone" for a year.', "name"),
        # the same with a cue: someone's words
        ('The SOHR said the army used "barrel bombs" in Idlib.', "partial"),
        ('He shouted "freedom" in the square.', "partial"),
        ('The crowd in the square "went wild!" at noon.', "partial"),  # an exclamation
        # a glossed term, a title
        ('The SOHR said the "shabiha" (pro-government militias) attacked.', "name"),
        ('The SOHR said the documentary "for sama" was shown.', "name"),
        # four words is no scare quote: partial
        ('Rebels held the "last of the towns" for a year.', "partial"),
        # a short span the sentence's cue tags, or that a source follows, is speech
        ('The strikes were "a war crime," Amnesty said.', "partial"),
        ('The strikes were "war crimes" according to Amnesty.', "partial"),
    ],
)
def test_name_gloss_and_speech_rules(text, kind):
    q = scan_text(text).quotes
    assert q["kind"].iloc[0] == kind


def test_no_quotation_marks_at_all(tmp_path):
    scan = scan_text("Fighting continued in the north on Monday.")
    assert scan.quotes.empty and scan.problems.empty
    c = _load(tmp_path, "Fighting continued in the north on Monday.")
    toks = token_voices(c, c.tokens())
    assert (toks["voice"] == "narration").all() and toks["quote_id"].isna().all()
    assert sentence_voices(c)["voice"].tolist() == ["narration"]


_PIECES = st.sampled_from(
    ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "word", "We", "ISIS", " ", ", ", ". "]
    + ["\n\n", " said", ": ", "(", ")", "it\u2019s", "known as ", "\u00a0"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_scanning_never_fails_and_spans_are_sound(text):
    scan = scan_text(text)
    q = scan.quotes
    for a, b, t in q[["start", "end", "text"]].itertuples(index=False):
        assert 0 <= a < b <= len(text)
        assert text[a:b] == t
    assert set(q["kind"]) <= set(KINDS)
    assert (q["unbalanced"] == (q["kind"] == "unpaired")).all()
    top = q[q["level"] == 0].sort_values("start")
    assert (top["start"].to_numpy()[1:] >= top["end"].to_numpy()[:-1]).all()
    parents = q.set_index("quote_id")
    for pid, a, b in q.loc[q["level"] == 1, ["parent_id", "start", "end"]].itertuples(index=False):
        assert parents.loc[pid, "start"] < a and b <= parents.loc[pid, "end"]
    for pos, mark in scan.problems[["pos", "mark"]].itertuples(index=False):
        assert text[pos] == mark


# --- figure -------------------------------------------------------------------------------


def test_quote_share_figure(corpus):
    data = sourceplots.quote_share_data(corpus)
    assert len(data) == 5
    # 001 quotes only "received combat experience" (3 words) as speech
    row = data.set_index("doc_id").loc[D001]
    assert (row["quote"], row["partial"]) == (0, 3)
    ax = sourceplots.plot_quote_share(data)
    assert isinstance(ax, Axes)
    assert "quotation marks" in ax.get_title()
    assert ax.get_xlabel()
    ax2 = sourceplots.plot_quote_share(data, limit=3)  # many articles: a histogram
    assert ax2.get_ylabel() == "Articles"


@pytest.mark.parametrize(
    "text",
    [
        'The government labels the rebel groups as "terrorists" and bombs them.',
        'The army fights militias that Ankara considers "terrorists" in the north.',
        'The court deemed the deal "void" in the end.',
    ],
)
def test_a_verb_of_opinion_reports_no_words(text):
    # labelling, considering or deeming holds a stance, not someone's words: a scare quote
    assert scan_text(text).quotes["kind"].tolist() == ["name"]


def test_a_verb_of_speech_keeps_the_partial_quote():
    text = 'The minister said the rebel groups were "terrorists" and left.'
    assert scan_text(text).quotes["kind"].tolist() == ["partial"]


# --- names and scare quotes told apart from speech (issue 11) -----------------------------
# Made-up sentences from other beats; each kind worked out by hand from the rule named.


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a naming verb with no speaking subject names the span; with one, it is speech
        ('A militia dubbed "the tigers" seized the town.', "name"),
        ('The midfielder, widely described as "the new Zidane", signed on Friday.', "name"),
        ('The striker was nicknamed "the fox" by the fans.', "partial"),  # by + agent
        ('The senator dubbed the bill "a betrayal" on Tuesday.', "partial"),  # an object
        ('It was what he termed "a historic mistake".', "partial"),  # a pronoun subject
        ('The album, which critics have called "a triumph", sold well.', "partial"),
        ('The phone was described as "addictive" by regulators.', "partial"),
        ('The firm, called "Blue Door", makes games.', "name"),
        # so-called, known as: always a name
        ('The so-called "gig economy" keeps growing.', "name"),
        ('The reform, known as "the new deal for jobs", passed.', "name"),
        # a verb of opinion in the reporter's sentence holds a stance: scare quote, even
        # with a cue of its own clause after it; with a speech cue before it, speech
        ('The party labels its rivals "extremists" and accuses them of lying.', "name"),
        ('The coach said the board considers him "surplus".', "partial"),
        # a thing made, not words: the object of declare/impose/set up
        ('The rebels declared a "people\'s republic" in the east.', "name"),
        ('The council imposed a "congestion charge" on drivers, the mayor said.', "partial"),
        # a term cited after a copula and a naming noun; "words" is speech, not a term
        ('The coach said the team motto is "never give up".', "name"),
        ('Her words were "we will fight on".', "partial"),
        # a ballot option
        ('The First Minister said she would back a "yes" vote.', "name"),
        ('He said he voted "no" last time.', "name"),
        ('He said "no" to the offer.', "partial"),
        # a title in capitals after a word naming a campaign, operation, video...
        ('The minister said the campaign "Safer Streets" had failed.', "name"),
        ('Police said Operation "Clean Sweep" ended.', "name"),
        ('The minister said the campaign "had failed badly".', "partial"),
        # a glossed term: the "X", the ...; "X" (meaning ...)
        ('Players fear the "yips", the sudden loss of skill, the coach said.', "name"),
        ('The app uses "edge AI" (processing on the phone), the firm said.', "name"),
        # a short lower-case span opening a sentence the reporter goes on with: a term
        ('"Deep fake" videos are spreading fast.', "name"),
        ('"Never again," he said.', "quote"),
        ('"We won" he said.', "quote"),
    ],
)
def test_names_and_scare_quotes_are_not_speech(text, kind):
    assert scan_text(text).quotes["kind"].tolist() == [kind]


def test_a_cited_term_after_a_phrase_in_the_sentence_before():
    # nested: the manager quotes a phrase; the span is the phrase, not anyone's words
    text = "The manager said: \"We have a phrase for it. It is 'game management'.\""
    q = scan_text(text).quotes
    assert q[["kind", "level"]].values.tolist() == [["quote", 0], ["name", 1]]


TWO_SENTENCES = 'The minister said the plan "would work". Its critics were "a noisy few".'
NO_QUOTE_BEFORE = 'The minister said the plan would work. Its critics were "a noisy few".'


@pytest.mark.parametrize(
    ("previous_cue", "text", "kinds"),
    [
        # by default the sentence before does not count: a short span with no cue in its
        # own sentence is a scare quote
        (False, TWO_SENTENCES, ["partial", "name"]),
        # switched on, a sentence before that reports speech and quotes keeps it speech
        (True, TWO_SENTENCES, ["partial", "partial"]),
        # ... but not one that reports speech without quoting anyone
        (True, NO_QUOTE_BEFORE, ["name"]),
    ],
)
def test_the_sentence_before_a_short_span(monkeypatch, previous_cue, text, kinds):
    monkeypatch.setattr(voices, "PREVIOUS_SENTENCE_CUE", previous_cue)
    assert scan_text(text).quotes["kind"].tolist() == kinds


def test_names_do_not_reach_the_ledger(tmp_path):
    text = (
        'A militia dubbed "the tigers" seized the town, the army said. '
        'The senator called the bill "a betrayal" on Tuesday.'
    )
    c = _load(tmp_path, text)
    q = quotes(c)
    assert q["kind"].tolist() == ["name", "partial"]
    led = ledger(c)
    carried = {int(i) for ids in led["quote_ids"] for i in ids}
    assert carried == {int(q.loc[1, "quote_id"])}
    assert set(quotes(c, kinds=SPEECH)["text"]) == {'"a betrayal"'}
