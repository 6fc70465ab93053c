"""Source figures stay readable when pooled or unresolved rows dwarf the named sources."""

from __future__ import annotations

import pandas as pd

from corpus_utils.plots import sourceplots


def _ledger(counts: dict[str | None, int]) -> pd.DataFrame:
    rows = [
        {"doc_id": f"d{i % 7}", "source": src, "source_type": None, "cue": "said"}
        for src, n in counts.items()
        for i in range(n)
    ]
    return pd.DataFrame(rows).astype({"source": "string", "source_type": "string"})


def test_a_huge_pooled_row_does_not_flatten_the_named_sources():
    # named: Alice 10, Bob 5; 100 statements with no resolved speaker; Carol, Dan pooled
    led = _ledger({"Alice": 10, "Bob": 5, None: 100, "Carol": 1, "Dan": 1})
    data = sourceplots.sources_data(led, top=3)
    ax = sourceplots.plot_sources(data)
    assert ax.get_xlim() == (0.0, 10 * 1.35)  # the axis ends past Alice, not at 100
    texts = [t.get_text() for t in ax.texts]
    assert "100 ▸ " in texts and " 10" in texts and " 5" in texts and " 2" in texts
    assert "bar cut" in ax.get_xlabel()
    title = "Who is cited, and how: 117 statements in 7 articles; most cited: Alice"
    assert ax.get_title() == title


def test_no_cut_when_the_named_sources_lead():
    led = _ledger({"Alice": 10, "Bob": 5, None: 3})
    ax = sourceplots.plot_sources(sourceplots.sources_data(led, top=3))
    assert ax.get_xlim()[1] == 10 * 1.12
    assert "bar cut" not in ax.get_xlabel()
    assert not any("▸" in t.get_text() for t in ax.texts)


def test_group_titles_read_for_a_plural_column_name():
    led = _ledger({"Alice": 4, "Bob": 2}).assign(labels=["1", "0"] * 3)
    wide = sourceplots.sources_by_group_data(led, by="labels")
    ax = sourceplots.plot_sources_by_group(wide)
    assert ax.get_title() == "Which sources each value of labels cites (attributed statements)"
    assert ax.get_xlabel() == "labels"
    per_article = sourceplots.sources_by_group_data(led, by="doc_id")
    ax = sourceplots.plot_sources_by_group(per_article)
    assert ax.get_title().startswith("Which sources each article cites")


def test_similarity_note_sits_in_the_title_not_on_the_tick_labels():
    n = 45
    ids = [f"d{i:02d}" for i in range(n)]
    sim = pd.DataFrame(
        [[1.0 if i == j else 0.1 * ((i + j) % 3) for j in range(n)] for i in range(n)],
        index=ids,
        columns=ids,
    )
    ax = sourceplots.plot_similarity(sim)
    assert ax.get_title().splitlines() == [
        "How alike the articles' vocabularies are (median pair 0.10)",
        "only the first 40 of 45 articles are shown; use nearest_docs()",
    ]
    assert not [t for t in ax.texts if "nearest_docs" in t.get_text()]
    assert ax.figure.get_size_inches().tolist() == [14.0, 12.0]


def test_group_sources_are_marked_and_counted_apart():
    ledger = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "source": ["Tories", "Tony Blair", "Tories", None],
            "source_type": [None, None, None, None],
            "cue": ["said", "said", "told", "said"],
        }
    )
    table = pd.DataFrame({"entity": ["Tories", "Tony Blair"], "kind": ["group", "person"]})
    shown = sourceplots.label_group_sources(ledger, table)
    assert shown["source"].tolist() == ["Tories (group)", "Tony Blair", "Tories (group)", None]
    assert ledger["source"].tolist()[0] == "Tories"  # the ledger itself is not changed
    data = sourceplots.sources_data(shown)
    counts = data.groupby("source")["statements"].sum().to_dict()
    assert counts == {"Tories (group)": 2, "Tony Blair": 1, sourceplots.UNRESOLVED: 1}


def test_a_count_with_no_room_after_its_bar_is_written_inside_it():
    # FA-KES at stop 14: the axis ended at 812 * 1.35 = 1,096 (SOHR, the top named source)
    # and the unresolved bar of 1,032 had its count drawn past the axis, under the legend
    led = _ledger({"SOHR": 812, None: 1032, **{f"source {i}": 18 for i in range(100)}})
    data = sourceplots.sources_data(led, top=3)
    ax = sourceplots.plot_sources(data)
    xmax = ax.get_xlim()[1]
    assert xmax == 812 * 1.35
    inside = [t for t in ax.texts if t.get_text() == "1,032 "]
    assert len(inside) == 1 and inside[0].get_ha() == "right"
    assert inside[0].get_position()[0] == 1032 <= xmax
    # every count that is not inside a bar starts within the axis, with room to be read
    after = [t for t in ax.texts if t.get_ha() == "left"]
    assert after and all(t.get_position()[0] <= 0.9 * xmax for t in after)


def test_a_long_source_name_is_wrapped_not_left_to_squeeze_the_bars():
    name = "Syrian National Coalition of Revolutionary and Opposition Forces"
    led = _ledger({name: 5, "Bob": 3})
    ax = sourceplots.plot_sources(sourceplots.sources_data(led, top=3))
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "Syrian National Coalition of\nRevolutionary and Opposition Forces" in ticks
    assert all(len(line) <= 36 for t in ticks for line in t.splitlines())
