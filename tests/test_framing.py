"""Framing: labels applied to actors per voice and outlet; hedging rates."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import corpus_utils as cu  # noqa: E402
from corpus_utils.plots import sourceplots  # noqa: E402
from corpus_utils.sources.framing import (  # noqa: E402
    UNATTACHED,
    actor_groups,
    actor_label_table,
    hedge_hits,
    hedging,
    label_evidence,
    labels,
)
from corpus_utils.sources.hedging import _hedges, _hits_by_sentence, _hits_joined  # noqa: E402

D000 = "000_16ead6e19a73726d"
D001 = "001_bfcef8d604e55000"
D002 = "002_2c5ac41f2e091863"
D003 = "003_194850a5e2a51b40"
D004 = "004_cb82cf225181bd3a"
DCNF = "Daily Caller News Foundation"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def ev(corpus):
    return label_evidence(corpus)


def _one(tmp_path, text: str, **kwargs) -> pd.DataFrame:
    """One made-up sentence, the pack applied as if it were in the beat (a one-sentence
    article has too few anchors to be in it): the attachment rules themselves."""
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    return label_evidence(cu.load_corpus(tmp_path), **{"outside": "pack", **kwargs})


def _pairs(ev: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(ev["token"], ev["actor"], ev["rule"], strict=True))


# --- the five articles ----------------------------------------------------------------------


def test_evidence_offsets_slice_back(corpus, ev):
    for doc_id, token, a, b, at, aa, ab in ev[
        ["doc_id", "token", "start", "end", "actor_text", "actor_start", "actor_end"]
    ].itertuples(index=False):
        text = corpus.text_of(doc_id)
        assert text[a:b] == token
        if not pd.isna(at):
            assert text[aa:ab] == at


def test_labels_applied_in_the_rudskoi_article(ev):
    e = ev[ev["doc_id"] == D000]
    got = _pairs(e)
    assert ("militants", "HTS", "of") in got  # militants of Hayat Tahreer al-Sham
    assert ("jihadist", "ISIS", "such as") in got  # jihadist groups such as ISIS and HTS
    assert ("jihadist", "HTS", "such as") in got
    assert ("militant", "ISIS", "premodifier") in got  # Islamic State militant group (ISIS)
    assert ("forces", "Russia", "premodifier") in got  # Three Russian special forces members
    # the reporter's "850 jihadists" and "encircled by the jihadists" name nobody
    assert (e.loc[e["token"] == "jihadists", "actor"] == UNATTACHED).all()


def test_terrorists_is_attached_to_an_actor_only_in_quoted_speech(ev):
    t = ev[ev["label"] == "terrorists"]
    attached = t[t["actor"] != UNATTACHED]
    # by reading: the one named target is "the terrorist group Islamic State", in the
    # Russian Defense Ministry's statement (002); the narration's "designated as a
    # terrorist organization" (001) and "shielding terrorist organizations" (003) are
    # predicates the rules do not read
    assert attached[["doc_id", "actor", "rule", "voice"]].values.tolist() == [
        [D002, "ISIS", "head + name", "quote"]
    ]
    narration = t[t["voice"] == "narration"]
    assert sorted(narration["doc_id"]) == [D001, D003]


def test_capitalised_forces_in_a_name_is_not_a_label(ev):
    assert "Forces" not in set(ev["token"])  # Popular Mobilization Forces, Armed Forces ...
    assert "fighter" not in set(ev.loc[ev["doc_id"] == D004, "token"])  # fighter jets


def test_rebels_keep_their_own_side(ev):
    # "The Syrian rebels" (001): Syrian does not make them the Syrian government
    e = ev[(ev["doc_id"] == D001) & (ev["token"] == "rebels")]
    assert set(e["actor"]) == {"rebels/opposition"}
    assert set(e["rule"]) == {"implied"}


def test_actor_label_table_counts(ev):
    table = actor_label_table(ev, by="voice")
    assert list(table.columns) == labels()
    assert set(table.index.get_level_values("actor")) == set(actor_groups())
    # by reading: "Islamic State militant group (ISIS)" opens 000, 002 and 003 in narration
    assert table.loc[("narration", "ISIS"), "militants"] == 3
    assert table.loc[("quote", "ISIS"), "terrorists"] == 1
    assert table.loc[("narration", "ISIS"), "terrorists"] == 0
    attached = ev[ev["actor"] != UNATTACHED]
    assert table.to_numpy().sum() == len(attached)


def test_actor_label_table_per_outlet_and_voice(ev):
    table = actor_label_table(ev, by=["outlet", "voice"])
    # 004: "145 Iran-backed militants" is the Daily Caller's only attached militants
    assert table.loc[(DCNF, "narration", "Iran-backed militias"), "militants"] == 1
    assert table.xs(DCNF, level="outlet")["militants"].sum() == 1
    pooled = actor_label_table(ev)
    assert pooled.index.name == "actor"
    assert pooled.loc["rebels/opposition", "rebels"] == 10


# --- hand-made sentences -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "token", "actor", "rule"),
    [
        ("ISIS fighters entered the town.", "fighters", "ISIS", "premodifier"),
        ("Kurdish militias of the SDF held the bridge.", "militias", "SDF", "of"),
        ("The terrorist group Islamic State lost the town.", "terrorist", "ISIS", "head + name"),
        ("Russian forces withdrew.", "forces", "Russia", "premodifier"),
        (
            "Iran-backed militants crossed the river.",
            "militants",
            "Iran-backed militias",
            "premodifier",
        ),
        ("Its forces withdrew.", "forces", UNATTACHED, "unattached"),
        ("Militants attacked the convoy.", "Militants", UNATTACHED, "unattached"),
        ("The regime bombed the town.", "regime", "Syrian government", "implied"),
    ],
)
def test_applied_to_rules(tmp_path, text, token, actor, rule):
    e = _one(tmp_path, text)
    row = e[e["token"] == token]
    assert len(row) == 1
    assert (row["actor"].iloc[0], row["rule"].iloc[0]) == (actor, rule)


@pytest.mark.parametrize(
    ("text", "token", "actor", "rule"),
    [
        # a reporting verb between the name and the label: the label is the speaker's
        # word about someone else, not applied to the speaker
        ("Resident Omar Haddad said terrorists shelled the town.", "terrorists", UNATTACHED,
         "unattached"),
        ("SANA reported terrorist groups fired rockets.", "terrorist", UNATTACHED, "unattached"),
        # a participle between: "expelled", "Western-backed" (a modifier of its own)
        ("HTS expelled rebels from the town.", "rebels", "rebels/opposition", "implied"),
        ("As well as HTS Western-backed rebels fought ISIS.", "rebels", "rebels/opposition",
         "implied"),
        ("Observers deemed ISIS fighters dangerous.", "fighters", "ISIS", "premodifier"),
    ],
)  # fmt: skip
def test_a_verb_between_actor_and_label_stops_the_premodifier_rule(
    tmp_path, text, token, actor, rule
):
    e = _one(tmp_path, text)
    row = e[e["token"] == token]
    assert (row["actor"].tolist(), row["rule"].tolist()) == ([actor], [rule])


def test_a_label_word_used_as_a_verb_is_no_label(tmp_path):
    # "forces the ..." and "forces them ..." are the verb; "Russian forces" is the label
    e = _one(
        tmp_path,
        "The new law forces the banks to report. Russian forces withdrew. It forces them out.",
    )
    assert e[["token", "actor"]].values.tolist() == [["forces", "Russia"]]


def test_a_label_verb_with_an_object_is_no_label(tmp_path):
    # BBC: "the Sarbanes-Oxley act forces companies to ..."; FA-KES: "to force an
    # immediate halt"; the noun stays: "Kurdish forces a monitor said" (its comma lost),
    # "forces to leave", "forces started to", "forces that have", "the air force continues to"
    e = _one(
        tmp_path,
        "The Sarbanes-Oxley act forces companies to be open. The UN failed to force an "
        "immediate halt. Held by Kurdish forces a monitor said. They want Russian forces to "
        "leave. Russian forces started to withdraw. Russian forces that have entered stay. "
        "The Syrian air force continues to strike.",
    )
    got = e[["token", "actor"]].values.tolist()
    assert got[:4] == [["forces", "SDF"]] + [["forces", "Russia"]] * 3  # kurdish: the SDF (pack)
    assert [t for t, _ in got] == ["forces"] * 4 + ["force"]


def test_such_as_list_gives_one_row_per_actor(tmp_path):
    e = _one(tmp_path, "Jihadist groups such as ISIS, HTS and Hezbollah grew stronger.")
    assert sorted(e["actor"]) == ["HTS", "ISIS", "Iran-backed militias"]
    assert set(e["label"]) == {"jihadists"}


def test_window_rule_is_off_by_default(tmp_path):
    text = "Near ISIS territory, militants attacked the convoy."
    assert _one(tmp_path, text)["actor"].tolist() == [UNATTACHED]
    assert _one(tmp_path, text, window=4)[["actor", "rule"]].values.tolist() == [["ISIS", "window"]]


# --- hedging ----------------------------------------------------------------------------------


def test_reportedly_per_article(corpus):
    hits = hedge_hits(corpus)
    got = hits[hits["term"] == "reportedly"].groupby("doc_id").size().to_dict()
    # by reading: 000 ambushed/injured, 001 building up/targeted, 002 conducted,
    # 004 involved (inside the SOHR quote)/joined/fled
    assert got == {D000: 2, D001: 2, D002: 1, D004: 3}
    in_quote = hits[(hits["term"] == "reportedly") & (hits["voice"] == "quote")]
    assert in_quote["doc_id"].tolist() == [D004]


def test_verification_and_passive_hedges(corpus):
    hits = hedge_hits(corpus)
    ver = hits[hits["category"] == "verification"]
    assert ver["match"].tolist() == ["is unable to independently verify"]  # Newsweek, 001
    assert hits.loc[hits["term"] == "reported to", "match"].tolist() == ["are reported to"]
    for doc_id, a, b, m in hits[["doc_id", "start", "end", "match"]].itertuples(index=False):
        assert corpus.text_of(doc_id)[a:b] == m


def test_hedging_rates_per_outlet(corpus):
    rates = hedging(corpus).set_index(["outlet", "term"])
    words = corpus.overview().groupby("outlet")["words"].sum()
    row = rates.loc[(DCNF, "reportedly")]
    assert row["count"] == 3
    assert row["words"] == words[DCNF]
    assert row["per_1000"] == pytest.approx(3000 / words[DCNF])
    assert rates.loc[(DCNF, "said"), "count"] == 0  # the Daily Caller piece never says "said"
    narration = hedging(corpus, voice="narration").set_index(["outlet", "term"])
    assert narration.loc[(DCNF, "reportedly"), "count"] == 2
    assert narration.loc[(DCNF, "reportedly"), "words"] < words[DCNF]


def _pats(*patterns: str):
    return tuple((p, "c", re.compile(p, re.I)) for p in patterns)


SENTENCES = [
    "He said it.",  # a match at a sentence end
    "Said Ali, who says he was reportedly said to be there.",  # overlaps: first listed wins
    "said",  # a whole sentence
    "",  # an empty sentence
    "according",  # a phrase cut by the sentence end ...
    "to reports, sources said.",  # ... does not continue into the next sentence
    "Unsaid, resaid, SAID, Saying!",  # word boundaries, case
]


@pytest.mark.parametrize(
    "patterns",
    [
        [rx.pattern for _t, _c, rx in _hedges()],  # the shipped patterns, in their order
        [r"\bsaid\b", r"\bsaid\s+to\b", r"\bsays?\b"],
        [r"\baccording\s+to\b", r"\bsaid\b"],
    ],
)
def test_one_pass_hits_equal_sentence_by_sentence(patterns):
    pats = _pats(*patterns)
    joined = _hits_joined(SENTENCES, pats)
    assert joined is not None
    assert joined == _hits_by_sentence(SENTENCES, pats)
    assert {(s, a, b) for s, _k, a, b in joined} >= {(0, 3, 7), (2, 0, 4)}


def test_one_pass_hits_decline_what_they_cannot_do_exactly():
    # a lookahead or an anchor may read the separator; the caller goes sentence by sentence
    assert _hits_joined(SENTENCES, _pats(r"said(?=\W)")) is None
    assert _hits_joined(SENTENCES, _pats(r"^said")) is None
    assert _hits_joined(["a said", "said b"], _pats(r"said.said")) is None  # across sentences
    assert _hits_joined(["one\x00two", "said"], _pats(r"said")) is None  # separator in a text
    assert _hits_joined(SENTENCES, _pats(r"x*")) is None  # empty matches
    # the fallback gives what a per-sentence scan gives
    # ("He said" ends its sentence: no non-word follows there, though the separator would)
    assert _hits_by_sentence(["He said", "said it"], _pats(r"said(?=\W)")) == [(1, 0, 0, 4)]


# --- figures ----------------------------------------------------------------------------------


def test_actor_label_and_hedging_figures(corpus, ev):
    fig = sourceplots.plot_actor_labels(ev)
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert len(axes) == 2
    assert axes[0].get_title().startswith("Reporter's narration")
    assert axes[1].get_title().startswith("Quoted speech")
    assert fig._suptitle is not None and fig._suptitle.get_text()
    ax = sourceplots.plot_hedging(hedging(corpus), top_groups=1)
    assert isinstance(ax, Axes)
    assert len(ax.get_yticklabels()) == 1
    assert any("only the 1 outlets" in t.get_text() for t in ax.texts)
    assert ax.get_xlabel() and ax.get_title()


def test_actor_label_panels_align_when_the_voices_name_different_actors():
    """Outside a pack's beat the actors are the corpus's own names, and the quoted panel
    may hold none of the narration's (this crashed notebook 03 on BBC)."""
    import matplotlib

    matplotlib.use("Agg")
    from corpus_utils.plots import sourceplots

    ev = pd.DataFrame(
        {
            "actor": ["UK", "US", "Zimbabwe"],
            "label": ["regime", "regime", "regime"],
            "voice": ["narration", "narration", "quote"],
            "doc_id": ["a", "b", "c"],
            "text": ["x", "y", "z"],
        }
    )
    fig = sourceplots.plot_actor_labels(ev)
    narration, quoted = fig.axes[:2]
    assert [t.get_text() for t in narration.get_yticklabels()] == ["UK", "US", "Zimbabwe"]
    assert quoted.get_title() == "Quoted speech (1 label attached)"
