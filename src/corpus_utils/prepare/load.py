"""Loading articles into a Corpus, with every input accounted for.

Inputs:

- a folder of ``.txt`` files (searched recursively; the sub-folder becomes a ``folder``
  column), optionally with a ``metadata.csv`` sidecar; or a single ``.txt`` file;
- a folder of ``.json`` files (scraper output): a file holding one object is one
  article, a list of objects many (ids ``<file>:<n>``); fields are found by the same
  names as table columns;
- a table: CSV, TSV, JSON, JSON Lines or Parquet, one article per row. Columns are
  found by their common names (``text``/``content``/``body``/``article_content``,
  ``title``/``headline``, ``outlet``/``source``/``publication``,
  ``date``/``published``, ``url``/``link``, ``id``; see ``resources/columns.csv``), and
  a ``columns`` mapping overrides the guess. A table without a header row is detected
  (see :mod:`corpus_utils.prepare.tables`).

Metadata comes from the data first: an outlet column, else the domain of a URL column
(``resources/domains.csv``), else, only when the input has neither, self-reference
cues in the text (basis ``inferred: ...``). Dates come from a date column or sidecar;
the dates an article mentions are used (as a lower bound) only when the input has no
date source at all, and dates outside ``date_window`` are left out and reported.

Every file, and every row of a table, gets a row in ``Corpus.report``: loaded, skipped
with the reason, a duplicate of another article, or the metadata sidecar itself.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

from .. import paths
from ..corpus import Corpus, n_workers
from .articles import _digest, _finalise_chunk, _is_cjk, _process, _process_chunk
from .builder import _Builder
from .cache import CorpusCache, cache_root
from .clean import normalise_newlines
from .finish import (
    _DOC_COLUMNS,
    _META_COLUMNS,
    _apply_sidecar,
    _finish,
    _settle_metadata,
    empty_message,
    normalise_outlets,
)
from .folders import (
    _ARTICLE_SUFFIXES,
    _NOT_ARTICLES,
    SIDECAR,
    _read_folder,
    _read_json_article,
    _read_sidecar,
    _SidecarGiven,
)
from .metadata import DateWindow, infer_outlet, infer_published
from .parallel import engine_for, using
from .rows import (
    _RESERVED,
    _add_rows,
    _blank,
    _given,
    _read_table,
    column_candidates,
    guess_columns,
)
from .tables import TABLE_SUFFIXES, decode

__all__ = ["EmptyCorpusError", "decode", "guess_columns", "load_corpus", "normalise_outlets"]
# what this module held before it was split (articles, builder, folders, rows, finish):
# still importable from here
_MOVED = (
    _ARTICLE_SUFFIXES, _DOC_COLUMNS, _META_COLUMNS, _NOT_ARTICLES, _RESERVED, SIDECAR,
    _Builder, _SidecarGiven, _add_rows, _apply_sidecar, _blank, _digest, _finalise_chunk,
    _given, _is_cjk, _process, _process_chunk, _read_json_article, _read_sidecar,
    column_candidates, empty_message, infer_outlet, infer_published, normalise_newlines,
)  # fmt: skip


class EmptyCorpusError(ValueError):
    """No input held a readable article; the one-line message says what was found."""


def load_corpus(
    path: str | os.PathLike[str] = paths.DEFAULT_CORPUS,
    *,
    metadata: str | os.PathLike[str] | bool = True,
    columns: Mapping[str, str] | None = None,
    drop_duplicates: bool = False,
    outlet_aliases: str | os.PathLike[str] | Mapping[str, str] | None = None,
    cache: bool | str | os.PathLike[str] = False,
    n_jobs: int | None = None,
    progress: bool | None = None,
    learn_boilerplate: bool = True,
    header: bool | None = None,
    date_window: tuple[object, object] | None = ("1990-01-01", None),
    follow_links: bool = False,
    cluster: object = None,
) -> Corpus:
    """Read articles into a :class:`Corpus`.

    Args:
        path: a folder of ``.txt`` and ``.json`` files (searched recursively), one
            ``.txt`` file, or a table (``.csv``, ``.tsv``, ``.json``,
            ``.jsonl``/``.ndjson``, ``.parquet``) with one article per row. A relative
            path that does not exist from the working directory is looked up under the
            project root.
        metadata: for a folder: ``True`` reads ``metadata.csv`` in it when there is one;
            a path names another sidecar; ``False`` ignores any sidecar, so every value
            is inferred from the text.
        columns: for a table: ``{"text": "body_html", "outlet": "site", ...}`` maps the
            roles ``doc_id, text, title, outlet, published, url`` to column names,
            overriding the guess from common names.
        drop_duplicates: leave exact and near-duplicates (syndicated copies; estimated
            Jaccard >= 0.8 over word 5-grams) out of ``docs`` (their report rows say so).
            By default they stay, flagged in ``docs.duplicate_of`` and
            ``docs.near_duplicate_of``, and count in every analysis.
        outlet_aliases: a mapping or CSV (``alias, outlet``) that merges outlet names;
            names differing only in case and spacing are merged anyway.
        cache: ``True`` keeps the prepared corpus (documents, report, removals,
            paragraphs, sentences, tokens) as Parquet files under ``.cache/corpus/`` in
            the project (or ``$CORPUS_UTILS_CACHE_DIR``; a path names another folder),
            and reopens it in seconds the next time the same inputs are loaded with the
            same options and the same package version. Any changed input byte, option,
            lexicon or library version makes a new cache entry. ``corpus.cache_info``
            says whether it was a hit. A damaged or tampered entry is rebuilt with a
            warning; a cache that cannot be written (read-only folder, full disk) is a
            warning too, and ``cache_info["status"]`` is then ``"not cached"`` with the
            reason. See :mod:`corpus_utils.prepare.cache`.
        n_jobs: processes for cleaning, sentences and tokens (None: up to 2; -1: every
            core). Corpora under 200 articles use one. Results never depend on it.
        progress: progress bars (tqdm; widgets in JupyterLab). None shows them for
            corpora over 500 articles.
        learn_boilerplate: also remove the sentences an outlet repeats across its
            articles when they do not read as journalism (sign-up boxes, "about us"
            blurbs, credits, menus); see :mod:`corpus_utils.prepare.boilerplate`. The patterns in
            ``resources/web_boilerplate.csv`` apply either way. Each removal is a row of
            ``corpus.removed`` naming its rule (``repeated in 19 articles of trt``).
        header: for a CSV/TSV: ``False`` when the first row is an article (columns are
            then ``col1``, ``col2``...; name roles with ``columns={"text": "col3"}``),
            ``True`` when it is a header; None detects it.
        date_window: ``(start, end)`` of plausible publication dates (``None`` for the
            end: today). A given date outside it is left out (``published_start`` and
            ``_end`` NaT, the value kept in ``published_raw``) with a report note; an
            inferred lower bound outside it is dropped.
        cluster: where the per-article work (cleaning, metadata, near-duplicate
            signatures, sentences, and later the tokens) runs: None, local processes
            (``n_jobs``); ``"local"``, a Dask ``LocalCluster`` with one worker process per
            core, started when first needed and closed at exit; a scheduler address
            (``"tcp://host:8786"``); or a ``distributed.Client``. Needs the ``scale``
            extra. The corpus keeps it for its tokens. The tables, the near-duplicate
            decisions and the cache entry are the same whichever is used (the cache key
            does not include it). See :mod:`corpus_utils.prepare.parallel`.

    Raises:
        EmptyCorpusError: no input held a readable article.
        ClusterError: the cluster cannot be reached (within 10 s), has no worker, or
            lost its workers; the message names the address.
        follow_links: also follow symbolic links that lead out of the corpus folder
            (by default such a link gets a report row and is not read, so a link to
            ``~/.ssh/id_rsa`` never becomes an article). Links inside the folder are
            always followed; loops, dangling links and unlistable folders get a row.

    The ``doc_id`` of a text file is its path below the folder without ``.txt``
    (``business/001`` for ``bbc/business/001.txt``); of a table row, its id column, or
    ``line<N>`` (the line the record starts on; ``row<N>`` in Parquet) when there is none.
    Report paths name the same place: ``news.csv:line 12``. A ``.json`` file of a
    folder is ``<path>`` (one object) or ``<path>:<n>`` (the n-th of a list).

    >>> corpus = load_corpus("data/articles")
    >>> len(corpus), corpus.report["status"].value_counts().to_dict()
    (5, {'loaded': 5, 'metadata': 1})

    A table is loaded the same way, one article a row::

        fakes = load_corpus("../shared/corpora/fa-kes/FA-KES-Dataset.csv")
    """
    root = paths.resolve(path)
    if not root.exists():
        raise FileNotFoundError(f"no corpus at {path!s} (looked for {root})")
    if root.is_file() and root.suffix.lower() not in (*TABLE_SUFFIXES, ".txt"):
        raise ValueError(
            f"{root}: load_corpus reads a folder of .txt files, a .txt file, or a table "
            f"({', '.join(TABLE_SUFFIXES)}); {root.suffix or 'this'} files are not supported"
        )
    if n_jobs is not None:
        n_workers(n_jobs, 0)  # a bad value fails here, not after the files are read
    window = DateWindow.of(date_window)  # a bad window fails here too
    engine = engine_for(cluster)  # so does a bad scheduler address (after a timeout)
    options = {
        "metadata": metadata,
        "columns": dict(columns or {}),
        "drop_duplicates": drop_duplicates,
        "outlet_aliases": outlet_aliases,
        "learn_boilerplate": learn_boilerplate,
        "header": header,
        "date_window": [str(window.start.date()), None if date_window is None or
                        date_window[1] is None else str(window.end.date())],
    }  # fmt: skip
    if follow_links:
        options["follow_links"] = True  # only when set: existing cache keys stay valid
    cache_dir = cache_root(cache)
    entry = None
    if cache_dir is not None:
        t0 = time.perf_counter()
        entry = CorpusCache.for_inputs(cache_dir, root, options, progress=bool(progress))
        corpus = entry.open(root)
        if corpus is not None:
            corpus.n_jobs, corpus.progress, corpus.engine = n_jobs, progress, engine
            corpus.cache_info = entry.info("hit", time.perf_counter() - t0)
            return corpus
    t0 = time.perf_counter()
    # each worker (a local process or a Dask worker) keeps its chunks' articles between
    # the two passes, and each chunk's second pass runs there (see prepare.builder)
    build = _Builder(n_jobs=n_jobs, progress=progress, keep=True)
    sidecar = None
    try:
        with using(engine):  # the builder's chunks run on the cluster, when there is one
            if root.is_file() and root.suffix.lower() in TABLE_SUFFIXES:
                sources = _read_table(root, build, columns or {}, header, window)
            else:
                walk = {"skip": (cache_dir,) if cache_dir else (), "follow_links": follow_links}
                sidecar, sources = _read_folder(root, build, metadata, window, walk)
            corpus = _finish(
                build, root, sidecar, drop_duplicates, outlet_aliases, learn_boilerplate
            )
    finally:
        build.release()  # the worker processes that keep articles end, even on an error
    if len(corpus) == 0:
        raise EmptyCorpusError(empty_message(root, corpus.report))
    _settle_metadata(corpus, sources, window)
    corpus.n_jobs, corpus.progress, corpus.engine = n_jobs, progress, engine
    if entry is not None:  # computes sentences and tokens on the way, streamed to disk
        entry.store(corpus, t0)  # a cache that cannot be written is a warning
    return corpus
