"""KWIC: offsets slice back to the node; words, phrases, actors, globs; contexts stay home."""

from __future__ import annotations

import re

import pytest

import corpus_utils as cu
from corpus_utils import resources
from corpus_utils.stats.kwic import KWIC_COLUMNS, kwic, query_patterns

ISIS = re.compile(
    r"(?<![\w-])(?:ISIS|ISIL|IS)(?![\w-])|(?<![\w-])(?i:islamic\s+state|daesh)(?![\w-])"
)


def actor_names() -> re.Pattern[str]:
    """Every variant in the actor lexicon (the data file), as a regex over the text."""
    table = resources.actors().sort_values("variant", key=lambda v: -v.str.len())
    parts = []
    for variant, case_sensitive in zip(table["variant"], table["case_sensitive"], strict=True):
        body = re.escape(variant).replace("'", "['’]").replace(r"\ ", r"\s+")
        parts.append(body if case_sensitive else f"(?i:{body})")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


def make_corpus(tmp_path, texts: dict[str, str]) -> cu.Corpus:
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    corpus = cu.load_corpus(tmp_path)
    for name, text in texts.items():
        assert corpus.text_of(name) == text
    return corpus


def assert_slices_back(corpus, lines):
    assert list(lines.columns[: len(KWIC_COLUMNS)]) == KWIC_COLUMNS
    for row in lines.itertuples(index=False):
        assert corpus.text_of(row.doc_id)[row.start : row.end] == row.node


QUERIES = ["russia", "de facto", "ISIS", "Islamic State", "Bashar al-Assad", "terror*", "the"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("unit,window", [("tokens", 8), ("chars", 40)])
def test_every_line_slices_back_to_its_node(corpus, query, unit, window):
    lines = kwic(corpus, query, unit=unit, window=window)
    assert len(lines) > 0
    assert_slices_back(corpus, lines)


def test_actor_query_in_any_form_finds_every_mention(corpus):
    expected = sum(len(ISIS.findall(t)) for t in corpus.docs["text"])
    for query in ("ISIS", "isis", "Islamic State", "Daesh", "ISIL"):
        lines = kwic(corpus, query)
        assert len(lines) == expected, query
        assert all(ISIS.fullmatch(node) for node in lines["node"])
    nodes = set(kwic(corpus, "ISIS")["node"])
    assert {"ISIS", "Islamic State"} <= nodes


def test_surface_query_finds_only_that_wording(corpus):
    lines = kwic(corpus, "Islamic State", by_norm=False)
    expected = sum(len(re.findall(r"(?i)islamic\s+state", t)) for t in corpus.docs["text"])
    assert 0 < len(lines) == expected < len(kwic(corpus, "ISIS"))
    assert set(lines["node"].str.lower()) == {"islamic state"}


def test_word_query_counts_match_a_regex(corpus):
    pattern = re.compile(r"(?<![\w'’-])russia(?![\w-])", re.IGNORECASE)
    actors = actor_names()  # "Russia's defense ministry" is one actor token, not "russia"
    expected = 0
    for text in corpus.docs["text"]:
        inside = [m.span() for m in actors.finditer(text)]
        expected += sum(
            not any(a <= m.start() < b for a, b in inside) for m in pattern.finditer(text)
        )
    assert expected < sum(len(pattern.findall(t)) for t in corpus.docs["text"])
    lines = kwic(corpus, "Russia")
    assert len(lines) == expected
    assert set(lines["node"]) == {"Russia"}


def test_phrase_query(corpus):
    lines = kwic(corpus, "de facto")
    expected = [
        (d, m.start())
        for d, t in zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True)
        for m in re.finditer(r"(?i)\bde facto\b", t)
    ]
    assert list(zip(lines["doc_id"], lines["start"], strict=True)) == expected
    assert (lines["end"] - lines["start"] == len("de facto")).all()


def test_glob_and_regex_queries(corpus):
    expected = sum(
        len(re.findall(r"(?i)(?<![\w-])terror\w*(?![\w-])", t)) for t in corpus.docs["text"]
    )
    glob = kwic(corpus, "terror*")
    assert len(glob) == expected > 0
    regex = kwic(corpus, re.compile(r"terror\w*"))
    assert regex[["doc_id", "start"]].equals(glob[["doc_id", "start"]])


def test_case_sensitive_matching(tmp_path):
    text = "Turkey sent troops. They ate turkey and turkey."
    corpus = make_corpus(tmp_path, {"a": text})
    assert len(kwic(corpus, "turkey", by_norm=False)) == 3
    lower = [m.start() for m in re.finditer("turkey", text)]
    assert len(lower) == 2
    assert kwic(corpus, "turkey", by_norm=False, case_sensitive=True)["start"].tolist() == lower


def test_token_window_contexts_on_a_hand_made_text(tmp_path):
    corpus = make_corpus(
        tmp_path,
        {
            "a": "One two three four five six seven.",
            "b": "Four follows.\n\nLast words here four",
        },
    )
    lines = kwic(corpus, "four", window=2).set_index("doc_id")
    a = lines.loc["a"]
    assert (a["left"], a["node"], a["right"]) == ("two three", "four", "five six")
    b = lines.loc["b"]
    assert b.iloc[0]["left"] == ""  # nothing before the article's first word
    assert b.iloc[0]["right"] == "follows."  # the text as written, not tokens joined
    assert b.iloc[1]["left"] == "words here"  # across the paragraph break, within the article
    assert b.iloc[1]["right"] == ""  # the article ends: no text from another one
    chars = kwic(corpus, "four", window=4, unit="chars").set_index("doc_id").loc["a"]
    assert (chars["left"], chars["right"]) == ("ree", "fiv")


def test_phrase_never_matches_across_a_sentence(tmp_path):
    corpus = make_corpus(tmp_path, {"a": "The war will end. Start again. They end start."})
    text = corpus.text_of("a")
    lines = kwic(corpus, "end start")
    assert lines["start"].tolist() == [text.index("end start")]


def test_stemmed_query(tmp_path):
    corpus = make_corpus(tmp_path, {"a": "Rebels attacked. The attack failed. Attacks went on."})
    assert kwic(corpus, "attacks")["node"].tolist() == ["Attacks"]
    assert kwic(corpus, "attacks", stem=True)["node"].tolist() == ["attacked", "attack", "Attacks"]


def test_no_match_gives_an_empty_table_and_metadata_joins(corpus):
    empty = kwic(corpus, "zanzibar")
    assert empty.empty and list(empty.columns) == KWIC_COLUMNS
    lines = kwic(corpus, "SDF", metadata=["outlet"])
    assert "outlet" in lines.columns and lines["outlet"].notna().all()


def test_query_patterns_normalise_like_the_corpus():
    assert [p.pattern for p in query_patterns("the Islamic State")] == ["the", "ISIS"]
    assert [p.pattern for p in query_patterns("Syrian Democratic Forces")] == ["SDF"]
    with pytest.raises(ValueError):
        query_patterns("  ")
