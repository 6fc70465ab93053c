"""How statements and quotations end up attributed over whole corpora (issue 11).

For BBC (2,225 articles) and FA-KES (804) by default, or the corpora given, the script
prepares each corpus with the ``corpus_utils`` that is imported and counts, from
:func:`corpus_utils.sources.attribution.ledger` and
:func:`corpus_utils.sources.attribution.quote_speakers`:

- statements by ``resolved_by`` (``name``, ``antecedent``, ``role``, ``carried over`` ...);
- unresolved statements by the form of their speaker words: a pronoun (``he``, ``it``),
  an organisation description (``the ministry``, ``the body``), a person description
  (``the minister``), a capitalised name that named nobody, no speaker words at all;
  and by cue (``according to``, ``colon``);
- top-level speech quotations (``quote``/``partial``) by their speaker's
  ``resolved_by``, ``none`` when no statement claims them, and those of a paragraph
  with no cue of its own.

``--sample N`` prints N unresolved or unclaimed cases, at most one per article, drawn
with ``random.Random(15)``, each with the sentence before it, to be read and classified
by construction. No gold is read: the counts say how often each construction ends
unresolved, not whether a resolved speaker is right.

    PYTHONPATH=src python benchmarks/speaker_survey.py [--sample 50] [--cache DIR] [PATH ...]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CORPORA = {"bbc": SHARED / "bbc", "fa-kes": SHARED / "fa-kes" / "FA-KES-Dataset.csv"}
PRONOUNS = frozenset("he she it they we i his her its their".split())


def speaker_form(text) -> str:
    """The form of a statement's speaker words: pronoun, description, name or none."""
    if pd.isna(text) or not str(text).strip():
        return "no speaker words"
    words = str(text).split()
    low = [w.lower().strip(",.") for w in words]
    if low[0] in PRONOUNS:
        return "pronoun"
    if low[0] in ("the", "a", "an", "this", "that", "its", "his", "her", "their"):
        if any(w[:1].isupper() for w in words[1:]):
            return "description with capitals"
        return "description"
    if words[0][:1].isupper():
        return "capitalised words"
    return "other lower-case words"


def survey(name: str, path: Path, cache, sample: int, rng: random.Random) -> list[dict]:
    import corpus_utils as cu
    from corpus_utils.sources import attribution

    t0 = time.process_time()
    c = cu.load_corpus(path, cache=cache, drop_duplicates=True, progress=False)
    led = attribution.ledger(c)
    qs = attribution.quote_speakers(c)
    cpu = time.process_time() - t0
    print(f"\n## {name}: {len(c):,} articles, {len(led):,} statements, {len(qs):,} quotations")
    print(f"(load + ledger + quote_speakers: {cpu:.1f} CPU-s)")
    print("\nstatements by resolved_by:")
    print(led["resolved_by"].value_counts().to_string())
    un = led[led["resolved_by"] == "unresolved"]
    print(f"\nunresolved statements ({len(un):,}) by speaker form:")
    print(un["speaker_text"].map(speaker_form).value_counts().to_string())
    print("\nunresolved statements carrying a quotation by speaker form:")
    carry = un[un["quote_ids"].map(len) > 0]
    print(carry["speaker_text"].map(speaker_form).value_counts().to_string())
    print("\nunresolved by cue (top 12):")
    print(un["cue"].value_counts().head(12).to_string())
    print("\nunresolved speaker words (top 25):")
    print(un["speaker_text"].str.lower().value_counts().head(25).to_string())
    top = qs[qs["level"] == 0] if "level" in qs else qs
    how = top["resolved_by"].fillna("none (no statement)")
    print("\ntop-level speech quotations by their speaker's resolved_by:")
    print(how.value_counts().to_string())
    sents = c.sentences.set_index(["doc_id", "sent_id"])["text"]
    cases = []
    for r in un.itertuples():
        cases.append(("unresolved", r.doc_id, int(r.sent_id), r.speaker_text, r.cue))
    for r in top[top["statement_id"].isna()].itertuples():
        cases.append(("no statement", r.doc_id, int(r.sent_ids[0]), "", ""))
    out = []
    if sample:
        rng.shuffle(cases)
        seen = set()
        for what, doc, sid, spk, cue in cases:
            if doc in seen:
                continue
            seen.add(doc)
            before = sents.get((doc, sid - 1), "")
            out.append(
                {
                    "corpus": name,
                    "what": what,
                    "doc": doc,
                    "sent": sid,
                    "speaker": spk,
                    "cue": cue,
                    "before": before,
                    "text": sents.get((doc, sid), ""),
                }
            )
            if len(out) >= sample:
                break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, help="corpora (default: BBC and FA-KES)")
    ap.add_argument("--sample", type=int, default=0, help="cases to print per corpus")
    ap.add_argument("--cache", default=False, help="cache folder for the prepared corpora")
    a = ap.parse_args(argv)
    corpora = {p.stem: p for p in a.paths} or CORPORA
    rng = random.Random(15)
    for name, path in corpora.items():
        for n, case in enumerate(survey(name, path, a.cache, a.sample, rng)):
            print(f"\n[{n}] {case['corpus']} {case['doc']} s{case['sent']} {case['what']}", end="")
            print(f" speaker={case['speaker']!r} cue={case['cue']!r}")
            print(f"  before: {str(case['before'])[-300:]}")
            print(f"  text:   {str(case['text'])[:500]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
