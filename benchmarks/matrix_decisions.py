"""The document-term matrices and the counting analyses, written out and compared exactly
between two versions (or two engines).

A change to how the matrix, its display forms or its vocabulary are computed (on the
workers of a Dask cluster, or faster in the main process) must not change what the
notebooks count. This script loads the seed articles, BBC and FA-KES (and any extra
corpus given, e.g. a scrape CSV from ``benchmarks/scrape_corpus.py``) with the
``corpus_utils`` that is imported (set ``PYTHONPATH`` to choose the version), on the local
engine or, with ``--cluster N``, on a ``LocalCluster`` of N worker processes, and writes
as pickles: for every matrix of :data:`MATRICES` its vocabulary with display forms
(``terms``), its rows and its non-zero cells (``cells``: row, column, count); the
display forms of every normalisation; and the counting analyses of the notebooks (term
frequencies by outlet, tf-idf, keyness of the largest outlet against the rest, weighted
log-odds by outlet). Two folders are compared table by table with
``pandas.testing.assert_frame_equal`` (exact: values, order, dtypes).

    git archive <old commit> src | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src python benchmarks/matrix_decisions.py write /tmp/dtm-old
    PYTHONPATH=src python benchmarks/matrix_decisions.py write /tmp/dtm-new --cluster 2
    python benchmarks/matrix_decisions.py compare /tmp/dtm-old /tmp/dtm-new

With ``--reopen`` every corpus is cached and reopened, its matrices counted and saved,
and it is reopened again: the tables written are those of the matrices read back.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_decisions import CORPORA, cli  # noqa: E402

# name -> (TokenOptions keywords, n, voice)
MATRICES: dict[str, tuple[dict, int, str | None]] = {
    "words": ({}, 1, None),
    "bigrams": ({}, 2, None),
    "trigrams_stem": ({"stem": True}, 3, None),
    "cased": ({"lowercase": False}, 1, None),
    "no_actors": ({"merge_actors": False, "drop_stop": False}, 2, None),
    "quotes": ({}, 1, "quote"),
}


def _tables(c) -> dict[str, pd.DataFrame]:
    from corpus_utils.options import TokenOptions
    from corpus_utils.stats import compare, frequency, keyness
    from corpus_utils.stats.dtm import dtm

    out = {}
    for name, (opts, n, voice) in MATRICES.items():
        m = dtm(c, n=n, voice=voice, tokens=TokenOptions(**opts))
        out[f"{name}.terms"] = pd.DataFrame({"term": list(m.terms), "display": list(m.display)})
        out[f"{name}.rows"] = m.rows
        coo = m.counts.tocoo()
        out[f"{name}.cells"] = pd.DataFrame(
            {"row": coo.row.astype(np.int64), "col": coo.col.astype(np.int64), "count": coo.data}
        )
        forms = keyness.display_forms(c, tokens=TokenOptions(**opts))
        out[f"{name}.forms"] = forms.reset_index()
    largest = c.docs["outlet"].value_counts().index[0] if c.docs["outlet"].notna().any() else None
    by = "outlet" if largest is not None else None
    out["frequency"] = frequency.term_frequencies(c, by=by)
    out["tfidf"] = frequency.tfidf(c)
    if by is not None and c.docs["outlet"].nunique() > 1:
        out["keyness"] = keyness.keyness_between_groups(c, by=by, target=largest)
        out["log_odds"] = compare.log_odds_by_group(c, by=by)
    return out


def write(out: Path, extra: list[Path], cluster: int, reopen: bool = False) -> None:
    """Load every corpus with the imported corpus_utils; one pickle per table.

    ``reopen``: each corpus is loaded into a new cache, reopened and its matrices
    counted (from the token tables read back) and saved, then reopened again: the
    tables are those of the matrices read back from the cache.
    """
    import tempfile

    import corpus_utils as cu

    client = local = None
    if cluster:
        from distributed import Client

        from corpus_utils.prepare.parallel import local_cluster

        local = local_cluster(cluster)
        client = Client(local)
    out.mkdir(parents=True, exist_ok=True)
    try:
        for name, path in {**CORPORA, **{p.stem: p for p in extra}}.items():
            with tempfile.TemporaryDirectory(prefix="matrix-decisions-") as store:
                cache = store if reopen else False
                c = cu.load_corpus(path, cache=cache, progress=False, cluster=client)
                if reopen:  # counted from the token tables read back, saved; read back
                    _tables(_reopened(cu, path, store, client))
                    c = _reopened(cu, path, store, client)
                t0 = time.process_time()
                tables = _tables(c)
                seconds = time.process_time() - t0
            for table, df in tables.items():
                df.to_pickle(out / f"{name}.{table}.pkl")
            print(f"{name}: {len(c):,} docs, {len(tables)} tables in {seconds:.1f} CPU-s "
                  f"of the main process ({cu.__file__})")  # fmt: skip
    finally:
        if client is not None:
            client.close()
            local.close()


def _reopened(cu, path: Path, store: str, client):
    c = cu.load_corpus(path, cache=store, progress=False, cluster=client)
    if c.cache_info["status"] != "hit":
        raise SystemExit(f"{path}: not a cache hit ({c.cache_info})")
    return c


def _options(w) -> None:
    w.add_argument(
        "--cluster", type=int, default=0, help="on a LocalCluster of N workers (0: local)"
    )
    w.add_argument(
        "--reopen", action="store_true", help="matrices saved in a new cache and read back"
    )


def main(argv: list[str] | None = None) -> int:
    return cli(
        argv,
        __doc__,
        "load the corpora, write their matrices and counting analyses",
        _options,
        lambda a: write(a.out, a.extra, a.cluster, a.reopen),
    )


if __name__ == "__main__":
    sys.exit(main())
