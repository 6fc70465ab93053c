"""The hand-annotated quotation gold set and the benchmark that scores against it.

The gold files are checked for form (offsets, kinds, completeness); the scorer of
``benchmarks/bench_quotes_gold.py`` is checked on a small hand-made example whose
expected numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import importlib.util
import random
import re
from pathlib import Path

import pandas as pd
import pytest

from corpus_utils import paths

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "quote_gold"
FAKES = paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv"
BBC = paths.SHARED_CORPORA / "bbc"
SPAN_COLUMNS = "doc start end kind level speaker speaker_type cue speaker_variants note".split()
MARKS = "\"'\u201c\u201d\u2018\u2019"


def _load_bench():
    spec = importlib.util.spec_from_file_location(
        "bench_quotes_gold", ROOT / "benchmarks" / "bench_quotes_gold.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


@pytest.fixture(scope="module")
def gold():
    return bench.load_gold(GOLD)


# --- the gold files ---------------------------------------------------------------------


def test_every_article_has_a_file_and_every_span_an_article(gold):
    articles, spans, texts = gold
    assert list(articles.columns) == ["doc", "corpus", "origin", "outlet", "title"]
    assert articles["doc"].is_unique
    files = {p.stem for p in (GOLD / "articles").glob("*.txt")}
    assert files == set(articles["doc"])
    assert set(spans["doc"]) == set(articles["doc"])  # every article has annotations
    assert set(articles["corpus"]) == {"fa-kes", "bbc"}
    assert (articles["corpus"] == "fa-kes").sum() >= 10
    assert (articles["corpus"] == "bbc").sum() >= 5
    assert articles.loc[articles["corpus"] == "fa-kes", "outlet"].nunique() >= 6


def test_at_least_150_pairs_with_valid_fields(gold):
    _, spans, _ = gold
    assert list(spans.columns) == SPAN_COLUMNS
    assert len(spans) >= 150
    assert set(spans["kind"]) <= set(bench.KINDS)
    assert set(spans["level"]) <= {0, 1}
    assert not spans.duplicated(["doc", "start", "end"]).any()
    not_speech = spans["kind"].isin(["name", "scare"])
    assert (spans.loc[not_speech, "speaker"] == "").all()
    assert (spans.loc[not_speech, "cue"] == "").all()
    named = spans["speaker"] != ""
    assert set(spans.loc[named, "speaker_type"]) == {"person", "organisation"}
    assert (spans.loc[~named, "speaker_type"] == "").all()
    assert (spans.loc[~named, "speaker_variants"] == "").all()
    assert (spans.loc[named, "speaker"] == spans.loc[named, "speaker"].str.strip()).all()


def test_offsets_slice_to_a_quotation_mark_span(gold):
    _, spans, texts = gold
    for row in spans.itertuples():
        text = texts[row.doc]
        assert 0 <= row.start < row.end <= len(text), row
        span = text[row.start : row.end]
        assert len(span) >= 3 and span[0] in MARKS and span[-1] in MARKS, (row.doc, span)


def test_nested_rows_lie_inside_a_top_level_row(gold):
    _, spans, _ = gold
    top = spans[spans["level"] == 0]
    for row in spans[spans["level"] == 1].itertuples():
        same = top[top["doc"] == row.doc]
        assert ((same["start"] < row.start) & (row.end < same["end"])).any(), row


def test_every_double_mark_is_accounted_for(gold):
    """A span's own mark, a reopening mark inside a span, or a listed lone mark."""
    _, spans, texts = gold
    lone = pd.read_csv(GOLD / "unpaired.csv", dtype={"doc": str, "pos": int})
    for doc, text in texts.items():
        rows = spans[spans["doc"] == doc]
        own = set(rows["start"]) | set(rows["end"] - 1)
        listed = set(lone.loc[lone["doc"] == doc, "pos"])
        for m in re.finditer('["\u201c\u201d]', text):
            i = m.start()
            inside = ((rows["start"] < i) & (i < rows["end"] - 1)).any()
            assert i in own or inside or i in listed, (doc, i, text[i - 30 : i + 30])
        for i in listed:
            assert text[i] == '"' and i not in own


@pytest.mark.skipif(not FAKES.exists(), reason="../shared/corpora/fa-kes is not beside the project")
def test_fakes_articles_equal_their_source_rows(gold):
    articles, _, texts = gold
    df = pd.read_csv(FAKES, encoding="utf-8", keep_default_na=False)
    for row in articles[articles["corpus"] == "fa-kes"].itertuples():
        i = int(re.fullmatch(r"fakes_r(\d+)_(\w+)", row.doc).group(1))
        assert df.at[i, "source"] == row.outlet
        assert df.at[i, "article_content"] == texts[row.doc]


@pytest.mark.skipif(not BBC.is_dir(), reason="../shared/corpora/bbc is not beside the project")
def test_bbc_articles_equal_their_source_files(gold):
    articles, _, texts = gold
    for row in articles[articles["corpus"] == "bbc"].itertuples():
        section, number = re.fullmatch(r"bbc_(\w+)_(\d+)", row.doc).groups()
        assert (BBC / section / f"{number}.txt").read_bytes().decode("utf-8") == texts[row.doc]


# --- the scorer on a hand-made example --------------------------------------------------


def _example():
    g = pd.DataFrame(
        [
            # doc, start, end, kind, level, speaker, speaker_type, speaker_variants
            ("a", 0, 20, "direct", 0, "Jane Doe", "person", ""),  # g0
            ("a", 30, 40, "partial", 0, "Acme Corp", "organisation", "Acme"),  # g1
            ("a", 50, 60, "name", 0, "", "", ""),  # g2
            ("a", 70, 80, "scare", 0, "", "", ""),  # g3
            ("a", 100, 200, "direct", 0, "John Smith", "person", ""),  # g4
            ("a", 120, 130, "direct", 1, "", "", ""),  # g5, nested in g4
            ("a", 300, 320, "direct", 0, "Mary Major", "person", ""),  # g6, never predicted
            ("a", 400, 410, "partial", 0, "Bob Brown", "person", ""),  # g7
            ("a", 500, 520, "direct", 0, "Ann Lee", "person", ""),  # g8
            ("a", 600, 610, "partial", 0, "White House", "organisation", ""),  # g9
        ],
        columns=[c for c in SPAN_COLUMNS if c not in ("cue", "note")],
    )
    p = pd.DataFrame(
        [
            # doc_id, quote_id, kind, level, start, end
            ("a", 0, "quote", 0, 0, 20),  # = g0
            ("a", 1, "partial", 0, 28, 38),  # 8 of 10 chars of g1: match
            ("a", 2, "partial", 0, 50, 60),  # g2 read as speech
            ("a", 3, "name", 0, 70, 80),  # g3 read as a name
            ("a", 4, "quote", 0, 100, 140),  # first part of g4
            ("a", 5, "quote", 0, 141, 200),  # second part of g4 (more overlap)
            ("a", 6, "quote", 0, 205, 215),  # nothing there
            ("a", 7, "quote", 1, 120, 130),  # = g5 (level 1), not g4 (level 0)
            ("a", 8, "partial", 0, 36, 52),  # 4 chars of g1, 2 of g2: under half
            ("a", 9, "partial", 0, 400, 410),  # = g7
            ("a", 10, "quote", 0, 500, 520),  # = g8
            ("a", 11, "partial", 0, 600, 610),  # = g9
        ],
        columns=["doc_id", "quote_id", "kind", "level", "start", "end"],
    )
    sources = pd.Series(
        {
            ("a", 0): "Ms. Jane Doe",  # honorific and dot dropped: exact
            ("a", 1): "Acme",  # a variant: surname-allowed only
            ("a", 4): "John Smith",
            ("a", 5): "Smith",  # p5 overlaps g4 most (59 > 40): surname only
            ("a", 9): "Brownfield",  # wrong
            ("a", 10): "Foreign Secretary Ann Lee",  # a title: only "titles allowed"
            ("a", 11): "House",  # an organisation has no surname: wrong
        }
    )
    return g, p, sources


def test_matching_pairs_on_the_example():
    g, p, _ = _example()
    pairs = bench.matches(g, p)
    got = sorted(zip(pairs["gold_ix"], pairs["pred_ix"], pairs["overlap"], strict=True))
    assert got == [
        (0, 0, 20),
        (1, 1, 8),
        (2, 2, 10),
        (3, 3, 10),
        (4, 4, 40),
        (4, 5, 59),
        (5, 7, 10),
        (7, 9, 10),
        (8, 10, 20),
        (9, 11, 10),
    ]


def test_metrics_on_the_example():
    g, p, sources = _example()
    s = bench.score(g, p, sources)
    # predicted quotes p0 p4 p5 p6 p7 p10: all but p6 match a gold direct span -> 5/6
    assert s["direct precision"][1:] == (5, 6)
    assert s["direct precision"][0] == pytest.approx(5 / 6)
    # gold direct g0 g4 g5 g6 g8: g6 unmatched -> 4/5
    assert s["direct recall"][1:] == (4, 5)
    # predicted partial p1 p2 p8 p9 p11: p1 (g1), p9 (g7), p11 (g9) match -> 3/5
    assert s["partial precision"][1:] == (3, 5)
    assert s["partial recall"][1:] == (3, 3)
    # g2 matched by speech p2, g3 only by the name p3 -> 1/2
    assert s["names/scare read as speech"][1:] == (1, 2)
    # gold speech with a speaker: g0 g1 g4 g6 g7 g8 g9; exact: g0 only
    assert s["speaker accuracy, exact full name"][1:] == (1, 7)
    # surname allowed: g0, g1 (variant Acme), g4 (Smith) -> 3/7
    assert s["speaker accuracy, surname allowed"][1:] == (3, 7)
    assert s["speaker accuracy, surname allowed"][0] == pytest.approx(3 / 7)
    # titles allowed: those 3 and g8 (Lee among "foreign secretary ann lee") -> 4/7
    assert s["speaker names the person, titles allowed"][1:] == (4, 7)


def test_the_source_column_is_scored_in_a_row_of_its_own():
    g, p, sources = _example()
    assert "speaker accuracy, exact, ledger source column" not in bench.score(g, p, sources)
    # the canonical names: g0 "Jane Doe" (exact), g4 "J. Smith" (wrong) -> 1/7
    canonical = pd.Series({("a", 0): "Jane Doe", ("a", 5): "J. Smith"})
    s = bench.score(g, p, sources, canonical)
    assert s["speaker accuracy, exact, ledger source column"][1:] == (1, 7)
    assert s["speaker accuracy, exact full name"][1:] == (1, 7)  # still from ``sources``


def test_dev_only_table_shows_no_held_out_score():
    g, p, sources = _example()
    held = bench.HELD_OUT[0]
    g2 = pd.concat([g, g.iloc[[0]].assign(doc=held)], ignore_index=True)
    p2 = pd.concat([p, p.iloc[[0]].assign(doc_id=held)], ignore_index=True)
    corpora = pd.Series({"a": "bbc", held: "fa-kes"})
    full = bench.table(g2, p2, sources, corpora)
    assert list(full.columns) == [
        "all",
        "dev",
        "dev new",
        "held-out",
        "held-out new",
        "bbc",
        "fa-kes",
    ]  # no later batch given: no column for it (nor in the development table)
    dev = bench.table(g2, p2, sources, corpora, dev_only=True)
    assert list(dev.columns) == ["dev", "dev new"]
    assert dev["dev"].equals(full["dev"])
    assert (dev["dev new"] == "n/a").all()  # no dev-new article in this example
    assert dev.loc["speaker accuracy, exact full name", "dev"] == "0.14 (1/7)"


def test_speaker_of_a_gold_span_comes_from_its_largest_overlap():
    g, p, sources = _example()
    pairs = bench.matches(g, p)
    table, _ = bench.speaker_scores(g, p, pairs, sources)
    got = dict(zip(table["speaker"], table["predicted"], strict=True))
    assert got["John Smith"] == "Smith"
    assert pd.isna(got["Mary Major"])


def test_ledger_sources_first_statement_wins_and_empty_lists_are_skipped():
    led = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "statement_id": [1, 0, 2, 0],
            "source": ["Later", "Earlier", "None here", pd.NA],
            "speaker_name": ["Later Name", "Earlier Name", "None here", pd.NA],
            "quote_ids": [[0, 1], [1], [], [0]],
            "new_column": [1, 2, 3, 4],  # columns added later are ignored
        }
    )
    s = bench.ledger_sources(led)  # speaker_name, the article's full name, by default
    assert s[("a", 0)] == "Later Name"
    assert s[("a", 1)] == "Earlier Name"
    assert pd.isna(s[("b", 0)])
    assert len(s) == 3
    s = bench.ledger_sources(led, "source")
    assert (s[("a", 0)], s[("a", 1)]) == ("Later", "Earlier")


def test_offset_map_follows_removed_text():
    raw = "Headline\n\nBody text. Published 2016\nMore"
    text = "Body text.\nMore"
    m = bench.offset_map(raw, text)
    assert m[raw.index("Body")] == 0
    assert m[raw.index("More")] == text.index("More")
    assert m[raw.index("Headline")] == -1
    assert m[raw.index("2016")] == -1


def test_normalise_name():
    assert bench.normalise_name("The Mr. O'Brien") == "obrien"
    assert bench.normalise_name("Dr  Joanne\nLiu") == "joanne liu"
    assert bench.normalise_name("Sir") == "sir"  # a lone honorific stays
    assert bench.normalise_name(pd.NA) == ""


def _present_batches():
    """The later batches whose folder holds a gold set (a held-out batch is written
    elsewhere and may be missing from a checkout)."""
    return {n: b for n, b in bench.BATCHES.items() if (b.folder / "quotes.csv").exists()}


def test_benchmark_runs_on_the_gold_set(capsys):
    """The whole run through the package's public functions prints every metric."""
    assert bench.main() == 0
    out = capsys.readouterr().out
    present = _present_batches()
    assert "dev s13" in present and "dev s14" in present  # development text, always here
    n_articles, n_spans = 47, 347  # the first gold set: 17 + 30 articles, 202 + 145 spans
    for batch in present.values():
        articles, spans, _ = bench.load_gold(batch.folder)
        n_articles, n_spans = n_articles + len(articles), n_spans + len(spans)
    # the spans lost in cleaning are in BBC headlines (the title, not the body):
    # bbc_politics_315's 'quit', and three in batch 3 (bbc_business_247 'great year',
    # bbc_politics_337 'cold calls', bbc_entertainment_223 'facing eviction') and one in
    # batch 4 (bbc_tech_265 'go online')
    lost = re.search(rf"{n_articles} articles, {n_spans} annotated spans \((\d+) lost", out)
    assert lost, out[:300]
    if set(present) == {"dev s13", "dev s14"}:
        assert int(lost.group(1)) == 5
    if set(present) == {"dev s13", "dev s14", "dev s15"}:
        assert int(lost.group(1)) == 7  # two more in batch 5
    if set(present) == {"dev s13", "dev s14", "dev s15", "dev s16"}:
        assert int(lost.group(1)) == 8  # one more in batch 6
    for name in bench.BATCHES:
        if name not in present:  # a missing batch is said, not hidden
            assert f"{name}: no gold set in" in out
    for name in present:
        assert name in out
    for metric in (
        "direct precision",
        "direct recall",
        "partial precision",
        "partial recall",
        "names/scare read as speech",
        "speaker accuracy, exact full name",
        "speaker accuracy, surname allowed",
    ):
        assert metric in out
    assert "n/a" not in out


def test_misses_list_every_speaker_that_is_not_the_exact_name():
    g, p, sources = _example()
    g = g.assign(cue="said")
    text = "First sentence here. " + "".join(f"w{k:03d} " for k in range(150))
    table = bench.misses(g, p, sources, {"a": text})
    # not exact: g1 (Acme), g4 (Smith), g6 (none), g7 (Brownfield), g8 (a title), g9
    assert table["speaker"].tolist() == [
        "Acme Corp",
        "John Smith",
        "Mary Major",
        "Bob Brown",
        "Ann Lee",
        "White House",
    ]
    got = dict(zip(table["speaker"], table["predicted"], strict=True))
    assert got["John Smith"] == "Smith" and pd.isna(got["Mary Major"])
    for row in table.itertuples():
        assert text[row.start : row.start + 5].strip() in row.sentence


def test_held_out_articles_are_five_of_the_gold_set(gold):
    articles, _, _ = gold
    corpus_of = articles.set_index("doc")["corpus"]
    held = list(bench.HELD_OUT)
    assert len(set(held)) == 5 and set(held) <= set(corpus_of.index)
    assert sorted(corpus_of[held]) == ["bbc", "bbc", "fa-kes", "fa-kes", "fa-kes"]


def test_the_stop12_articles_are_the_thirty_added_last(gold):
    """The stop-12 articles are the last 30 rows of articles.csv (the gold README's draw:
    six FA-KES and four BBC in each of three rounds), none in the old held-out part."""
    articles, _, _ = gold
    new = list(bench.STOP12)
    assert new == articles["doc"].tolist()[17:]
    assert not set(new) & set(bench.HELD_OUT)
    counts = articles.set_index("doc").loc[new, "corpus"].value_counts()
    assert counts.to_dict() == {"fa-kes": 18, "bbc": 12}


def test_half_of_the_stop12_articles_became_development_text_by_a_seeded_draw():
    """Stop 13: ``random.Random(13).sample(sorted(STOP12), 15)`` is ``dev new``; the other
    fifteen, in articles.csv order, stay held out."""
    assert bench.DEV_NEW == tuple(random.Random(13).sample(sorted(bench.STOP12), 15))
    assert len(set(bench.DEV_NEW)) == 15
    assert bench.HELD_OUT_NEW == tuple(d for d in bench.STOP12 if d not in bench.DEV_NEW)
    assert len(bench.HELD_OUT_NEW) == 15


def test_parts_split_the_gold_set_without_overlap(gold):
    articles, _, _ = gold
    corpora = articles.set_index("doc")["corpus"]
    split = bench.parts(corpora)
    assert [len(split[p]) for p in ("dev", "dev new", "held-out", "held-out new")] == [
        12,
        15,
        5,
        15,
    ]
    assert set().union(*split.values()) == set(corpora.index)
    assert sum(len(v) for v in split.values()) == len(corpora)


def test_a_later_batch_is_its_own_held_out_part(gold):
    articles, _, _ = gold
    corpora = articles.set_index("doc")["corpus"]
    batch = {"b1", "b2"}
    split = bench.parts(
        pd.concat([corpora, pd.Series({"b1": "bbc", "b2": "fa-kes"})]), {"s": batch}
    )
    assert split["s"] == batch
    assert not batch & split["dev"]  # a batch article is never development text
    assert len(split["dev"]) == 12


def test_batches_have_their_roles():
    assert bench.BATCHES["dev s13"].folder == GOLD / "batch3"
    assert bench.BATCHES["dev s13"].role == "dev"
    assert bench.BATCHES["dev s14"].folder == GOLD / "batch4"
    assert bench.BATCHES["dev s14"].role == "dev"  # held out at stop 14, dev from stop 15
    assert bench.BATCHES["dev s15"].folder == GOLD / "batch5"
    assert bench.BATCHES["dev s15"].role == "dev"  # held out at stop 15, dev from stop 16
    assert bench.BATCHES["dev s16"].folder == GOLD / "batch6"
    assert bench.BATCHES["dev s16"].role == "dev"  # held out at stops 16-17, dev from 18
    assert bench.BATCHES["held-out s18"].folder == GOLD / "batch7"
    assert bench.BATCHES["held-out s18"].role == "held-out"
    assert bench.DEV_PARTS == ("dev", "dev new", "dev s13", "dev s14", "dev s15", "dev s16")


def test_later_batch_files_are_well_formed():
    """Every batch whose folder is present (batch3 always is)."""
    present = _present_batches()
    assert "dev s13" in present
    old, _, _ = bench.load_gold(GOLD)
    seen = set(old["doc"])
    for name, batch in present.items():
        articles, spans, texts = bench.load_gold(batch.folder)
        assert list(articles.columns) == ["doc", "corpus", "origin", "outlet", "title"], name
        assert len(articles) >= 10 and articles["doc"].is_unique, name
        assert not set(articles["doc"]) & seen, name  # no article is in two sets
        seen |= set(articles["doc"])
        assert list(spans.columns) == SPAN_COLUMNS, name
        assert set(spans["doc"]) <= set(articles["doc"]), name
        assert set(spans["kind"]) <= set(bench.KINDS), name
        for row in spans.itertuples():
            text = texts[row.doc]
            assert text[row.start] in MARKS and text[row.end - 1] in MARKS, (name, row)
        speech = spans["kind"].isin(["direct", "partial"])
        assert ((spans["speaker"] != "") == (spans["speaker_type"] != "")).all(), name
        assert (spans.loc[~speech, "speaker"] == "").all(), name
    articles, spans, _ = bench.load_gold(bench.BATCHES["dev s13"].folder)
    assert (len(articles), len(spans)) == (30, 112)  # batch3/README.md
    articles, spans, _ = bench.load_gold(bench.BATCHES["dev s16"].folder)
    assert (len(articles), len(spans)) == (30, 137)  # batch6/README.md
    assert spans["kind"].value_counts().to_dict() == {
        "direct": 82, "partial": 43, "name": 9, "scare": 3
    }  # fmt: skip


def test_a_missing_batch_folder_is_skipped_with_a_printed_line(tmp_path, monkeypatch):
    missing = tmp_path / "batch9"
    monkeypatch.setattr(bench, "BATCHES", {"held-out s99": bench.Batch(missing, "held-out")})
    loaded, skipped = bench.load_batches(bench.ROLES)
    assert loaded == {}
    assert skipped == [f"held-out s99: no gold set in {missing}, not scored"]
    # a held-out batch is not even looked at when only development text is wanted
    assert bench.load_batches(("dev",)) == ({}, [])


def test_a_dev_batch_is_a_development_part_and_a_held_out_batch_is_not(gold):
    articles, _, _ = gold
    corpora = pd.concat(
        [articles.set_index("doc")["corpus"], pd.Series({"b1": "bbc", "b2": "fa-kes"})]
    )
    split = bench.parts(corpora, {"dev s13": {"b1"}, "held-out s99": {"b2"}})
    assert list(split) == [
        "dev",
        "dev new",
        "dev s13",
        "held-out",
        "held-out new",
        "held-out s99",
    ]
    assert split["dev s13"] == {"b1"} and split["held-out s99"] == {"b2"}


def test_misses_parts_from_the_flags():
    assert bench.misses_parts(["--misses"]) == [
        "dev",
        "dev new",
        "dev s13",
        "dev s14",
        "dev s15",
        "dev s16",
    ]
    assert bench.misses_parts(["--misses", "--part", "dev s13"]) == ["dev s13"]
    assert bench.misses_parts(["--misses", "--dev-new"]) == ["dev new"]  # the old flags
    assert bench.misses_parts(["--misses", "--dev"]) == ["dev"]
    assert bench.misses_parts(["--misses", "--dev-s13", "--part", "dev"]) == ["dev", "dev s13"]
    assert bench.misses_parts(["--misses", "--dev-s14"]) == ["dev s14"]
    assert bench.misses_parts(["--misses", "--dev-s15"]) == ["dev s15"]
    assert bench.misses_parts(["--misses", "--dev-s16"]) == ["dev s16"]
    assert bench.misses_parts(["--misses", "--part", "held-out s99"]) is None
    assert bench.misses_parts(["--misses", "--part", "held-out new"]) is None


def test_held_out_misses_are_never_listed(capsys):
    assert bench.main(["--misses", "--held-out"]) == 2
    assert "never listed" in capsys.readouterr().err
    assert bench.main(["--misses", "--part", "held-out s99"]) == 2
    assert "never listed" in capsys.readouterr().err
