"""The per-article work of loading, on worker processes: repair, cleaning, metadata
read from the text and the boilerplate scan (first pass), then boilerplate removal,
sentences and the MinHash signature once the corpus-wide counts are known (second
pass). Nothing here holds state shared between articles."""

from __future__ import annotations

import hashlib
import os
import re

from . import boilerplate, segment
from .clean import (
    INVISIBLE,
    REPEATED_TITLE,
    Cleaned,
    Removal,
    clean_text,
    drop_spans,
    fix_encoding,
    normalise_newlines,
)
from .duplicates import fingerprints
from .metadata import infer_outlet, infer_published

_NOT_INFERRED = (None, "not read from the text: the input has its own column")


def _process(
    raw: str, has_title: bool, group: str, infer: tuple[bool, bool] = (True, True)
) -> dict:
    """The per-article work of loading, with no shared state (it runs in worker processes).

    Returns ``{"skip": reason}`` or the repaired text's note, the cleaned article, the
    inferred outlet and date (each ``(value, basis)``), a digest of the body and its
    sentences' boilerplate keys and candidates (counted within ``group``).
    ``infer`` says whether the outlet and the date are to be read from the text: not
    when the input has its own outlet (or URL) or date source, which
    :func:`_settle_metadata` lets win anyway.
    """
    raw = normalise_newlines(raw)
    if not raw.strip():
        return {"skip": "only white space" if raw else "empty text"}
    if not INVISIBLE.sub("", raw).strip():
        return {"skip": "only invisible characters (zero-width spaces, joiners, bidi marks)"}
    note = ""
    if _is_cjk(raw):
        note = (
            "Chinese, Japanese or Korean text: kept whole, but sentences and words are not "
            "split (the tokenizer is for languages written with spaces)"
        )
    repaired = fix_encoding(raw)  # mojibake only: quotes and spacing stay as given
    if repaired != raw:
        changed = sum(a != b for a, b in zip(raw, repaired, strict=False))
        changed += abs(len(raw) - len(repaired))
        repair = f"mojibake repaired by ftfy (~{changed} characters changed)"
        note = "; ".join(x for x in (repair, note) if x)
        raw = repaired
    cleaned = clean_text(raw, headline=not has_title)
    if not cleaned.body:
        return {"cleaned": cleaned}
    implied = [r.implies_outlet for r in cleaned.removed if r.implies_outlet]
    return {
        "note": note,
        "cleaned": cleaned,
        "outlet": infer_outlet(cleaned.body, implied) if infer[0] else _NOT_INFERRED,
        "published": infer_published(raw) if infer[1] else _NOT_INFERRED,
        "digest": _digest(cleaned.body),
        "segments": boilerplate.scan_segments(cleaned.body, group, cleaned.title),
    }


_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _is_cjk(text: str) -> bool:
    """Whether most letters of a text's opening are Chinese, Japanese or Korean."""
    head = text[:2000]
    if _CJK.search(head) is None:  # the usual case, without counting letters one by one
        return False
    letters = sum(ch.isalpha() for ch in head)
    return letters > 0 and len(_CJK.findall(head)) / letters > 0.5


def _digest(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def _process_chunk(
    items: list[tuple[str, bool, str]], infer: tuple[bool, bool] = (True, True)
) -> list[dict]:
    return [_process(raw, has_title, group, infer) for raw, has_title, group in items]


def _finalise_chunk(
    items: list[tuple[Cleaned, boilerplate.Segments, dict[int, int], str, str]],
) -> list[tuple[Cleaned | None, str | None, object, object]]:
    """Boilerplate removal given the corpus-wide counts, then the body's digest, MinHash
    signature and sentences (on worker processes), for articles sent with their cleaned
    form and scan (the round trip, ``keep=False``: see :func:`second_pass` for what
    ``load_corpus`` runs). An article the removal does not change comes back as ``(None,
    None, ...)``: the caller keeps its own cleaned article and digest (no second copy of
    the body is sent back)."""
    done = [_finalise(*item) for item in items]
    prints = fingerprints([cleaned.body for cleaned, _changed, _s in done])
    out = []
    for (cleaned, changed, sentences), minhash in zip(done, prints, strict=True):
        if changed:
            out.append((cleaned, _digest(cleaned.body), minhash, sentences))
        else:
            out.append((None, None, minhash, sentences))
    return out


def _finalise(
    cleaned: Cleaned,
    segs: boilerplate.Segments,
    repeated: dict[int, int],
    label: str,
    group: str,
) -> tuple[Cleaned, bool, object]:
    """One article's second pass: ``(cleaned, changed, sentences)`` (its MinHash is
    worked out for the whole chunk at once: :func:`fingerprints`). The
    sentences reuse the boilerplate scan's split of every line the removal left
    unchanged. ``repeated`` needs only the article's own repeated keys."""
    scanned = cleaned.body
    changed = False
    if cleaned.title and segs.title_key in repeated:  # a first line many articles share
        cleaned.removed.insert(
            0,
            Removal(
                boilerplate.KIND,
                boilerplate.learned_rule(repeated[segs.title_key], label),
                cleaned.title,
                cleaned.title_start,
                cleaned.title_start + len(cleaned.title),
                0,
            ),
        )
        cleaned.title, cleaned.title_basis = None, REPEATED_TITLE
        changed = True
    cands = boilerplate.candidates(segs, scanned, group, repeated)
    spans = boilerplate.removals(cands, segs.n, repeated, label)
    if spans:
        trial = drop_spans(cleaned, [(a, b, boilerplate.KIND, r) for a, b, r in spans])
        if not trial.body.strip():  # never empty an article by learning: patterns only
            spans = [x for x in spans if not x[2].startswith("repeated in")]
            trial = drop_spans(cleaned, [(a, b, boilerplate.KIND, r) for a, b, r in spans])
        cleaned, changed = trial, True
    known = segment.known_lines(scanned, segs.sentences) if segs.sentences is not None else {}
    sentences = segment.paragraph_sentences(cleaned.body, known)
    return cleaned, changed, sentences


def own_keys(segs: boilerplate.Segments, repeated: dict[int, int]) -> dict[int, int]:
    """The corpus-wide counts of the keys one article has (what its second pass reads)."""
    return {k: repeated[k] for k in segs.keys.tolist() if k in repeated}


# --- the two passes with the articles kept where the first pass ran ---------------------
#
# On local processes (and on Dask workers) the first pass keeps each chunk's cleaned
# articles and scans in the process that made them (``_KEPT``, by chunk key) and sends
# the loading process only what it needs to count and record them (:func:`compact`); the
# second pass is then sent only the chunk's key, to that same process (``prepare.slots``,
# ``prepare.kept``), with the corpus-wide counts given once per process
# (:func:`set_counts`). The bodies cross between processes once.

_KEPT: dict[str, list[tuple[Cleaned, boilerplate.Segments, str]]] = {}
_COUNTS: dict[str, tuple[dict[int, int], dict[str, str]]] = {}  # by run: counts, labels


def compact(result: dict) -> tuple[dict, tuple[Cleaned, boilerplate.Segments] | None]:
    """An article's first-pass result split into what the loading process records (the
    report note, metadata, digest, title and sentence keys; the whole result of an
    article left without a body) and what only its second pass needs (its cleaned form
    and scan; None for an article without a body)."""
    if "segments" not in result:
        return result, None
    cleaned, segs = result.pop("cleaned"), result.pop("segments")
    result["title"] = (cleaned.title, cleaned.title_basis)
    result["keys"] = segs.keys
    return result, (cleaned, segs)


def first_pass(
    items: list[tuple[str, bool, str]], infer: tuple[bool, bool], key: str
) -> list[dict]:
    """:func:`_process_chunk`, keeping the cleaned articles and scans in this process
    under ``key`` for :func:`second_pass`; returns the :func:`compact` results."""
    if key in _KEPT:
        raise RuntimeError(f"chunk {key} was already kept in process {os.getpid()}")
    out, kept = [], []
    for raw, has_title, group in items:
        small, big = compact(_process(raw, has_title, group, infer))
        out.append(small)
        if big is not None:
            kept.append((*big, group))
    _KEPT[key] = kept
    return out


def set_counts(run: str, repeated: dict[int, int], labels: dict[str, str]) -> int:
    """Give this process the corpus-wide counts of a run's second pass; its pid."""
    _COUNTS[run] = (repeated, labels)
    return os.getpid()


def second_pass(
    key: str, run: str
) -> list[tuple[str, list[Removal], str | None, tuple, object, bool]]:
    """The second pass of the articles :func:`first_pass` kept under ``key``: ``(body,
    removals, digest or None when the removal left the body as it was, MinHash,
    sentences, whether the article has no headline now)`` each, in order. A chunk this
    process does not hold is an error."""
    kept = _KEPT.pop(key, None)
    if kept is None:
        raise RuntimeError(
            f"chunk {key}: no first-pass articles kept in process {os.getpid()} (its first "
            "pass ran in another process, or its second pass ran already)"
        )
    if run not in _COUNTS:
        raise RuntimeError(f"chunk {key}: process {os.getpid()} has no counts for run {run}")
    repeated, labels = _COUNTS[run]
    out = []
    for i, (cleaned, segs, group) in enumerate(kept):
        kept[i] = None  # type: ignore[call-overload]  # let each go once finished
        done, changed, sentences = _finalise(
            cleaned, segs, own_keys(segs, repeated), labels[group], group
        )
        digest = _digest(done.body) if changed else None
        out.append((done.body, done.removed, digest, sentences, done.title is None))
    # the MinHash signatures and shingles of the whole chunk, hashed together
    prints = fingerprints([body for body, *_rest in out])
    return [
        (body, removed, digest, minhash, sentences, untitled)
        for (body, removed, digest, sentences, untitled), minhash in zip(out, prints, strict=True)
    ]


def forget(run: str) -> None:
    """Drop what this process keeps for a run (its chunks and counts)."""
    _COUNTS.pop(run, None)
    for key in [k for k in _KEPT if k.startswith(f"{run}:")]:
        del _KEPT[key]
