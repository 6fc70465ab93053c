"""The loader's two passes with the articles kept where the first pass ran.

On local processes each worker keeps its chunks' cleaned articles and boilerplate scans
between the passes (``prepare.articles``), and the second pass of a chunk is sent to the
process that holds it (``prepare.slots``); on a Dask cluster they make the round trip
through the loading process. Both must decide the same, and a chunk whose kept articles
are missing must be an error, never a silent drop.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_hostile_files import assert_workers_exit_with_their_loader

import corpus_utils as cu
from corpus_utils.prepare import articles, boilerplate, builder, load
from corpus_utils.prepare.slots import Slots

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"
FOOTERS = [
    "Follow us on Twitter and Facebook",  # a pattern
    "Home | News | Sport | Weather | iPlayer",  # a menu: learned from repetition
    "Copyright 2005 Example News. All rights reserved.",
]


def _stories(n: int) -> list[str]:
    """``n`` BBC stories (or made-up ones without the shared corpora), web furniture
    added to some: a repeated headline line, a menu, a pattern, a copyright line."""
    if BBC.is_dir():
        files = sorted(BBC.glob("business/*.txt"))[:n]
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    else:
        texts = [
            f"Story {i} headline\n\nThe ministry said on Monday that {i} convoys had "
            f"reached the town. Officials said the talks would resume."
            for i in range(n)
        ]
    out = []
    for i, text in enumerate(texts):
        if i % 3 == 0:
            text = "Breaking news from the wires\n\n" + text  # a first line many share
        if i % 2 == 0:
            text = text + "\n\n" + FOOTERS[i % len(FOOTERS)]
        if i % 5 == 0:
            text = text + "\n\n" + FOOTERS[1]
        out.append(text)
    return out


def _round_trip(items, infer):
    """The first and second pass as a Dask cluster runs them: everything sent back."""
    first = articles._process_chunk(items, infer)
    small, held = [], []
    for r in first:
        s, big = articles.compact(r)
        small.append(s)
        if big is not None:
            held.append(big)
    groups = [g for (_raw, _t, g), s in zip(items, small, strict=True) if "keys" in s]
    repeated = boilerplate.repeated_keys(zip(groups, [b[1] for b in held], strict=True))
    labels = {g: f"{g} (n)" for g in set(groups)}
    jobs = [
        (c, seg, articles.own_keys(seg, repeated), labels[g], g)
        for (c, seg), g in zip(held, groups, strict=True)
    ]
    out = []
    for (c, _seg), (done, digest, minhash, sentences) in zip(
        held, articles._finalise_chunk(jobs), strict=True
    ):
        done = c if done is None else done
        out.append((done.body, done.removed, digest, minhash, sentences, done.title is None))
    return small, repeated, out


def _kept(items, infer, run="test-run"):
    """The same two passes with the articles kept in this process between them."""
    try:
        small = articles.first_pass(items, infer, f"{run}:0")
        groups = [g for (_raw, _t, g), s in zip(items, small, strict=True) if "keys" in s]
        keys = [s["keys"] for s in small if "keys" in s]
        repeated = boilerplate.repeated_in(zip(groups, keys, strict=True))
        articles.set_counts(run, repeated, {g: f"{g} (n)" for g in set(groups)})
        return small, repeated, articles.second_pass(f"{run}:0", run)
    finally:
        articles.forget(run)


def _same(a, b):
    """Two second-pass results, field by field (arrays compared exactly)."""
    assert len(a) == len(b)
    for (body, removed, digest, mh, sents, untitled), (
        body2,
        removed2,
        digest2,
        mh2,
        sents2,
        untitled2,
    ) in zip(a, b, strict=True):
        assert body == body2 and untitled == untitled2
        assert removed == removed2
        assert digest == digest2
        assert np.array_equal(mh[0], mh2[0]) and np.array_equal(mh[1], mh2[1])
        assert np.array_equal(sents, sents2)


def test_the_second_pass_decides_the_same_with_and_without_the_store():
    texts = _stories(60)
    items = [(t, False, "g" if i % 4 else "") for i, t in enumerate(texts)]
    items.append(("   ", False, "g"))  # skipped: only white space
    items.append(("Follow us on Twitter", True, "g"))  # nothing left after cleaning
    small_a, repeated_a, out_a = _round_trip(items, (True, True))
    small_b, repeated_b, out_b = _kept(items, (True, True))
    assert repeated_a == repeated_b and repeated_a  # something repeats
    assert [sorted(s) for s in small_a] == [sorted(s) for s in small_b]
    for s, t in zip(small_a, small_b, strict=True):
        assert s.get("title") == t.get("title") and s.get("digest") == t.get("digest")
    _same(out_a, out_b)
    rules = {r.rule for _body, removed, *_ in out_b for r in removed}
    assert any(rule.startswith("repeated in") for rule in rules)  # learning ran
    assert "follow_us" in rules
    # what the loading process gets from the first pass: no body, no scan
    assert all("cleaned" not in s and "segments" not in s for s in small_b if "keys" in s)
    assert articles._KEPT == {} and "test-run" not in articles._COUNTS


def test_a_chunk_not_kept_here_is_an_error_not_a_silent_drop():
    items = [("The army advanced on the town.\n\nFollow us on Twitter", True, "")]
    run = "missing-run"
    try:
        articles.first_pass(items, (True, True), f"{run}:0")
        with pytest.raises(RuntimeError, match="no counts for run"):
            articles.second_pass(f"{run}:0", run)
        articles.first_pass(items, (True, True), f"{run}:1")
        with pytest.raises(RuntimeError, match="already kept"):
            articles.first_pass(items, (True, True), f"{run}:1")
        articles.set_counts(run, {}, {"": ""})
        ((body, removed, digest, _mh, _s, _untitled),) = articles.second_pass(f"{run}:1", run)
        assert body == "The army advanced on the town." and digest is not None
        assert [r.rule for r in removed] == ["follow_us"]
        with pytest.raises(RuntimeError, match=r"chunk missing-run:1: no first-pass articles"):
            articles.second_pass(f"{run}:1", run)  # its second pass ran already
        with pytest.raises(RuntimeError, match="no first-pass articles kept"):
            articles.second_pass(f"{run}:7", run)  # never kept here
    finally:
        articles.forget(run)
    assert not any(k.startswith(run) for k in articles._KEPT)


def _pid(*_args: object) -> int:
    return os.getpid()


def test_slots_send_a_job_to_the_process_that_ran_the_first():
    with Slots() as slots:
        firsts = list(slots.run_anywhere(_pid, [()] * 6, 2))
        assert {slot for slot, _ in firsts} <= {0, 1}
        pid_of = {}
        for slot, pid in firsts:
            assert pid_of.setdefault(slot, pid) == pid  # a slot is one process
        assert os.getpid() not in pid_of.values()
        jobs = [(slot, _pid, ()) for slot, _ in firsts] + [(None, _pid, ())]
        assert list(slots.run_on(jobs)) == [pid_of[s] for s, _ in firsts] + [os.getpid()]
        with pytest.raises(ValueError, match="no worker process 5"):
            list(slots.run_on([(5, _pid, ())]))


def test_a_second_pass_sent_to_another_process_fails_loudly():
    items = [("The army advanced on the town. It held the town.", True, "")]
    with Slots() as slots:
        slots.grow(2)
        ((slot, small),) = list(
            slots.run_anywhere(articles.first_pass, [(items, (True, True), "r:0")], 1)
        )
        assert slot == 0 and "keys" in small[0]
        other = 1
        slots.call(other, articles.set_counts, "r", {}, {"": ""})
        with pytest.raises(RuntimeError, match="no first-pass articles kept in process"):
            list(slots.run_on([(other, articles.second_pass, ("r:0", "r"))]))
        slots.call(0, articles.set_counts, "r", {}, {"": ""})
        ((body, *_),) = next(slots.run_on([(0, articles.second_pass, ("r:0", "r"))]))
        assert body == items[0][0]


class _RoundTrip(builder._Builder):
    """The builder as it runs on a Dask cluster (round trip), on local processes."""

    def __init__(self, **kw):
        kw["keep"] = False
        super().__init__(**kw)


def _tables(c):
    return {t: getattr(c, t) for t in ("docs", "report", "removed", "sentences")}


def test_load_corpus_decides_the_same_kept_or_round_trip(tmp_path, monkeypatch):
    """Above 200 articles on two processes (the slots), on one process (kept in the
    loading process) and with the round trip: the same tables."""
    for i, text in enumerate(_stories(230)):
        (tmp_path / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   ", encoding="utf-8")
    seen = []
    real = builder._Builder._record

    def spy(self, row, note, folder, given, extra, doc_id, result, group=""):
        seen.append((self.keep, "cleaned" in result or "segments" in result))
        return real(self, row, note, folder, given, extra, doc_id, result, group)

    monkeypatch.setattr(builder._Builder, "_record", spy)
    two = cu.load_corpus(tmp_path, n_jobs=2, progress=False)
    assert seen and all(keep and not whole for keep, whole in seen)
    one = cu.load_corpus(tmp_path, n_jobs=1, progress=False)
    assert articles._KEPT == {}  # the loading process let its kept chunks go
    monkeypatch.setattr(load, "_Builder", _RoundTrip)
    trip = cu.load_corpus(tmp_path, n_jobs=2, progress=False)
    assert any(not keep for keep, _ in seen)
    assert len(two) == 230 and (two.removed["rule"].str.startswith("repeated in")).any()
    for a, b, c in zip(*(_tables(c).values() for c in (two, one, trip)), strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        pd.testing.assert_frame_equal(a, c, check_exact=True)


def test_a_load_that_fails_lets_the_kept_articles_go(tmp_path, monkeypatch):
    for i, text in enumerate(_stories(5)):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(load, "_finish", broken)
    with pytest.raises(OSError, match="disk gone"):
        cu.load_corpus(tmp_path, n_jobs=1, progress=False)
    assert articles._KEPT == {} and articles._COUNTS == {}


def test_slot_workers_exit_when_the_loader_is_killed(tmp_path):
    """The processes that keep articles watch the loader as run_chunks' workers do."""
    assert_workers_exit_with_their_loader(
        tmp_path,
        "from corpus_utils.prepare.slots import Slots",
        "list(Slots().run_anywhere(work, [(sys.argv[1],)] * 2, 2))",
    )


@pytest.mark.parametrize("round_trip", [False, True])
def test_a_first_line_many_articles_share_is_no_headline_in_docs(tmp_path, monkeypatch, round_trip):
    """The second pass drops a headline line that recurs across the outlet's articles
    (recorded in ``removed``); ``docs.title`` must say so too, not keep the line."""
    shared = "Daily Bulletin From The Newsroom Desk"
    bodies = [
        "The council approved a new budget for the harbour on Monday evening.",
        "A late frost damaged most of the apple blossom in the northern valleys.",
        "The museum reopened its west wing after two years of careful repairs.",
        "Local runners raised money for the hospital in a relay across the city.",
        "The ferry timetable changes next month, the operator told passengers.",
        "A new cycle lane opened along the river between the two old bridges.",
    ]
    for i, body in enumerate(bodies):
        (tmp_path / f"{i}.txt").write_text(f"{shared}\n\n{body}\n", encoding="utf-8")
    (tmp_path / "own.txt").write_text("Harbour Wall Repaired\n\nWork ended today.\n")
    if round_trip:
        monkeypatch.setattr(load, "_Builder", _RoundTrip)
    c = cu.load_corpus(tmp_path, n_jobs=1, progress=False)
    docs = c.docs.set_index("doc_id")
    assert docs.loc["own", "title"] == "Harbour Wall Repaired"
    for i in range(len(bodies)):
        assert pd.isna(docs.loc[str(i), "title"]), docs.loc[str(i), "title"]
        assert docs.loc[str(i), "title_basis"] == "first line repeated in many articles"
        assert docs.loc[str(i), "text"].startswith(bodies[i][:20])
    dropped = c.removed[c.removed["text"] == shared]
    assert sorted(dropped["doc_id"]) == [str(i) for i in range(len(bodies))]
