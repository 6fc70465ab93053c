"""Build a benchmark corpus that behaves like a scrape: one CSV, one article per row.

Articles are recombined from the shared corpora's paragraphs (BBC ``*/*.txt``, the
FA-KES CSV, the seed articles), so that no two are copies or near-duplicates:

- each article takes a *template* drawn at random from the source articles, which gives
  its outlet (BBC, the 15 FA-KES outlets, Newsweek, Daily Caller News Foundation), its
  date (BBC: a day in 2004-2005, the dataset's years; FA-KES: the row's date; seed: none,
  left empty as in a scrape that lacks it), its title and its number of paragraphs, so
  lengths and outlets follow the shared corpora's distributions;
- its first paragraph is the lead of a random article of the same outlet (where web
  boilerplate such as FA-KES's date stamps stands), the others random paragraphs of the
  same source family (BBC, FA-KES, seed), and when the template ends in a short
  paragraph (a footer, a licence note), the article ends in the footer of a random
  article of that outlet: the boilerplate is left in;
- every article has at least one random body paragraph, and no draw is used twice, so
  that no article repeats another (a one-paragraph template would otherwise give a bare
  lead, which other articles of a small outlet draw too);
- FA-KES articles are one line each; they are cut into paragraphs of three sentences.

Columns: ``id, outlet, date, url, title, text``. Deterministic for a seed. Written to
``build/bench/scrape_<N>MB_seed<S>.csv`` (never committed); an existing file whose
manifest (``.json`` beside it) matches is reused.

    python benchmarks/scrape_corpus.py --mb 23         # prints the path
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUILD = PROJECT_ROOT / "build" / "bench"
SHARED = PROJECT_ROOT.parent / "shared" / "corpora"
VERSION = 2  # 2: at least one random body paragraph, and no body drawn twice
FOOTER_MAX = 400  # a template's last paragraph shorter than this is kept as a footer
FAKES_OUTLETS = {  # FA-KES `source` -> (outlet as a scrape names it, domain)
    "ahram": ("Ahram Online", "english.ahram.org.eg"),
    "manar": ("Al-Manar", "english.almanar.com.lb"),
    "alalam": ("Al-Alam", "en.alalam.ir"),
    "alaraby": ("The New Arab", "english.alaraby.co.uk"),
    "dailysabah": ("Daily Sabah", "dailysabah.com"),
    "sana": ("SANA", "sana.sy"),
    "sputnik": ("Sputnik", "sputniknews.com"),
    "etilaf": ("Syrian National Coalition", "en.etilaf.org"),
    "trt": ("TRT World", "trtworld.com"),
    "jordantimes": ("The Jordan Times", "jordantimes.com"),
    "reuters": ("Reuters", "reuters.com"),
    "arabiya": ("Al Arabiya", "english.alarabiya.net"),
    "nna": ("National News Agency (Lebanon)", "nna-leb.gov.lb"),
    "asharqalawsat": ("Asharq Al-Awsat", "aawsat.com"),
    "tass": ("TASS", "tass.com"),
}
SENTENCE_END = re.compile(r"(?<=[.!?\"”]) (?=[A-Z\"“])")


@dataclass(frozen=True)
class Source:
    """One article of the shared corpora, cut into paragraphs."""

    family: str  # bbc | fakes | seed
    outlet: str
    domain: str
    section: str
    day: str  # ISO date or ""
    title: str
    paragraphs: tuple[str, ...]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _txt_article(text: str) -> tuple[str, list[str]]:
    """Headline line, then paragraphs (blank-line or line separated)."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    return (lines[0], lines[1:]) if len(lines) > 1 else ("", lines)


def _fakes_paragraphs(body: str, per: int = 3) -> list[str]:
    sents = SENTENCE_END.split(" ".join(body.split()))
    return [" ".join(sents[i : i + per]) for i in range(0, len(sents), per)]


def sources(shared: Path = SHARED) -> list[Source]:
    """Every article of the shared corpora, in a fixed order."""
    out: list[Source] = []
    rng = random.Random(2004)  # BBC files carry no date: a fixed day in the dataset's years
    for f in sorted((shared / "bbc").glob("*/*.txt")):
        title, paras = _txt_article(_decode(f.read_bytes()))
        day = (date(2004, 1, 1) + timedelta(days=rng.randrange(731))).isoformat()
        out.append(Source("bbc", "BBC News", "bbc.co.uk", f.parent.name, day, title, tuple(paras)))
    fakes = shared / "fa-kes" / "FA-KES-Dataset.csv"
    with fakes.open(encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            body = (row.get("article_content") or "").strip()
            if not body:
                continue
            outlet, domain = FAKES_OUTLETS.get(row["source"], (row["source"], row["source"]))
            m, d, y = (row.get("date") or "").split("/") if row.get("date") else ("", "", "")
            day = f"{int(y):04d}-{int(m):02d}-{int(d):02d}" if y else ""
            title = " ".join((row.get("article_title") or "").split())
            paras = tuple(_fakes_paragraphs(body))
            out.append(Source("fakes", outlet, domain, "syria", day, title, paras))
    for f in sorted((shared / "seed").glob("*.txt")):
        text = _decode(f.read_bytes())
        dcnf = "dailycallernewsfoundation" in text.lower()
        outlet, domain = (
            ("Daily Caller News Foundation", "dailycaller.com")
            if dcnf
            else ("Newsweek", "newsweek.com")
        )
        title, paras = _txt_article(text)
        out.append(Source("seed", outlet, domain, "world", "", title, tuple(paras)))
    return [s for s in out if s.paragraphs]


def _fingerprint(srcs: list[Source]) -> str:
    h = hashlib.sha1()
    for s in srcs:
        h.update("\0".join((s.outlet, s.title, *s.paragraphs)).encode() + b"\1")
    return h.hexdigest()


def articles(srcs: list[Source], seed: int):
    """An endless, deterministic stream of ``(row dict)`` recombined articles."""
    rng = random.Random(seed)
    by_outlet: dict[str, list[Source]] = {}
    pool: dict[str, list[str]] = {}
    for s in srcs:
        by_outlet.setdefault(s.outlet, []).append(s)
        pool.setdefault(s.family, []).extend(s.paragraphs[1:] or s.paragraphs)
    seen: set[str] = set()
    i = 0
    while True:
        t = srcs[rng.randrange(len(srcs))]
        mates = by_outlet[t.outlet]
        lead = mates[rng.randrange(len(mates))].paragraphs[0]
        n_body = max(len(t.paragraphs) - 1, 1)  # a lead alone would repeat other articles
        footer = ""
        if n_body >= 2 and len(t.paragraphs[-1]) < FOOTER_MAX:
            n_body -= 1
            with_footer = [m for m in mates if len(m.paragraphs) > 2]
            if with_footer:
                footer = with_footer[rng.randrange(len(with_footer))].paragraphs[-1]
        fam = pool[t.family]
        body = [fam[rng.randrange(len(fam))] for _ in range(n_body)]
        paras = [lead, *body, *([footer] if footer else [])]
        key = hashlib.sha1("\0".join(paras).encode()).hexdigest()
        if key in seen:  # the same draw twice: an exact copy, not a scrape
            continue
        seen.add(key)
        slug = re.sub(r"[^a-z0-9]+", "-", t.title.lower()).strip("-")[:60] or "article"
        yield {
            "id": f"a{i:07d}",
            "outlet": t.outlet,
            "date": t.day,
            "url": f"https://{t.domain}/{t.section}/{slug}-{i}",
            "title": t.title,
            "text": "\n\n".join(paras),
        }
        i += 1


def build(target_mb: float, *, seed: int = 13, shared: Path = SHARED) -> dict:
    """Write (or reuse) the CSV of at least ``target_mb`` MB of article text; its manifest.

    The size counts the bytes of the ``text`` column (UTF-8), as a user would quote the
    size of a scrape; the file is a little larger (the other columns, quoting).
    """
    srcs = sources(shared)
    if not srcs:
        raise SystemExit(f"no source articles under {shared}")
    path = BUILD / f"scrape_{target_mb:g}MB_seed{seed}.csv"
    manifest_path = path.with_suffix(".json")
    fingerprint = _fingerprint(srcs)
    if path.is_file() and manifest_path.is_file():
        m = json.loads(manifest_path.read_text())
        if (
            m.get("version") == VERSION
            and m.get("sources") == fingerprint
            and m.get("file_bytes") == path.stat().st_size
        ):
            return {**m, "path": path, "reused": True}
    t0 = time.perf_counter()
    BUILD.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial")
    target = int(target_mb * 1e6)
    written = rows = 0
    outlets: set[str] = set()
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "outlet", "date", "url", "title", "text"])
        w.writeheader()
        for row in articles(srcs, seed):
            w.writerow(row)
            written += len(row["text"].encode())
            rows += 1
            outlets.add(row["outlet"])
            if written >= target:
                break
    tmp.replace(path)
    m = {
        "version": VERSION,
        "target_mb": target_mb,
        "seed": seed,
        "text_bytes": written,
        "file_bytes": path.stat().st_size,
        "articles": rows,
        "outlets": len(outlets),
        "source_articles": len(srcs),
        "sources": fingerprint,
    }
    manifest_path.write_text(json.dumps(m, indent=1) + "\n")
    return {**m, "path": path, "reused": False, "build_s": time.perf_counter() - t0}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mb", type=float, default=23)
    p.add_argument("--seed", type=int, default=13)
    args = p.parse_args(argv)
    m = build(args.mb, seed=args.seed)
    sys.stdout.write(
        f"{m['path']}: {m['articles']:,} articles, {m['outlets']} outlets, "
        f"{m['text_bytes'] / 1e6:.1f} MB of text"
        + (" (reused)" if m["reused"] else f" (built in {m['build_s']:.1f} s)")
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
