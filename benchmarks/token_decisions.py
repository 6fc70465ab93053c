"""The tokens and voices stages' decisions, written out and compared exactly between two
versions.

A speed-up of the tokenizer or of the quotation scan must not change what they decide:
every token (its text, offsets, sentence, position, ``norm``, stop-word and punctuation
flags, actor), every quoted span (kind, offsets, marks, sentences), every problem
recorded, every token's and sentence's voice. This script loads the seed articles, BBC
and FA-KES (and any extra corpus given, e.g. a scrape CSV from
``benchmarks/scrape_corpus.py``) with the ``corpus_utils`` that is imported (set
``PYTHONPATH`` to choose the version), writes the token table of every option set in
:data:`OPTION_SETS` (those the notebooks and analyses use), the quote, problem and
sentence-voice tables as pickles, and compares two such folders table by table with
``pandas.testing.assert_frame_equal`` (exact: values, order, dtypes).

    git archive <old commit> src | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src python benchmarks/token_decisions.py write /tmp/tok-old
    PYTHONPATH=src python benchmarks/token_decisions.py write /tmp/tok-new
    python benchmarks/token_decisions.py compare /tmp/tok-old /tmp/tok-new

With ``--reopen`` every corpus is cached and reopened first (a cache in a temporary
folder), so the token tables are those read back from the cache: compare them with a
version's tables computed without one.

The load stage is the imported version's too: compare versions whose loaders agree
(``benchmarks/load_decisions.py``), or the token tables differ for that reason.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_decisions import cli  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared" / "corpora"
CORPORA = {
    "seed": PROJECT_ROOT / "data" / "articles",
    "bbc": SHARED / "bbc",
    "fa-kes": SHARED / "fa-kes" / "FA-KES-Dataset.csv",
}
# name -> keyword arguments of Corpus.tokens: the option sets the notebooks and the
# analyses (TokenOptions) ask for, each voice setting, and a replaced stop-word list
OPTION_SETS: dict[str, dict] = {
    "default": {},
    "words": {"merge_actors": False},
    "cased": {"lowercase": False},
    "stem": {"stem": True},
    "lemma": {"lemma": True},
    "counted": {"drop_stop": True, "drop_punct": True},
    "stem_counted": {"stem": True, "drop_stop": True, "drop_punct": True},
    "own_stopwords": {"stopwords": ["the", "a", "said"], "drop_stop": True},
    "voice": {"voice": True},
    "words_voice": {"merge_actors": False, "voice": True},
}


def _tables(c) -> dict[str, pd.DataFrame]:
    from corpus_utils.prepare import tokenization, voices

    out = {}
    for name, opts in OPTION_SETS.items():
        try:
            out[f"tokens_{name}"] = c.tokens(**opts)
        except tokenization.MissingNLTKData as err:  # recorded, not hidden
            print(f"  tokens_{name}: skipped ({err})")
    out["quotes"] = voices.quotes(c)
    out["quote_problems"] = voices.quote_problems(c)
    out["sentence_voices"] = voices.sentence_voices(c)
    return out


def write(out: Path, extra: list[Path], n_jobs: int | None, reopen: bool = False) -> None:
    """Load every corpus with the imported corpus_utils; one pickle per table.

    ``reopen``: each corpus is loaded into a new cache and loaded again from it (a hit),
    and the tables are those of the reopened corpus (its token tables read back).
    """
    import tempfile

    import corpus_utils as cu

    out.mkdir(parents=True, exist_ok=True)
    corpora = {**CORPORA, **{p.stem: p for p in extra}}
    for name, path in corpora.items():
        with tempfile.TemporaryDirectory(prefix="token-decisions-") as store:
            c = _load(cu, path, n_jobs, store if reopen else False)
            t0 = time.process_time()
            tables = _tables(c)
            seconds = time.process_time() - t0
        for table, df in tables.items():
            df.to_pickle(out / f"{name}.{table}.pkl")
        n_tok = len(tables["tokens_default"])
        print(f"{name}: {len(c):,} docs, {n_tok:,} tokens, {len(tables['quotes']):,} quotes; "
              f"tables in {seconds:.1f} CPU-s ({cu.__file__})")  # fmt: skip


def _load(cu, path: Path, n_jobs: int | None, store):
    """The corpus at ``path``; with a cache folder ``store``, written and then reopened."""
    if store is False:
        return cu.load_corpus(path, cache=False, progress=False, n_jobs=n_jobs)
    cu.load_corpus(path, cache=store, progress=False, n_jobs=n_jobs)
    c = cu.load_corpus(path, cache=store, progress=False, n_jobs=n_jobs)
    if c.cache_info["status"] != "hit":
        raise SystemExit(f"{path}: the second load was not a cache hit ({c.cache_info})")
    return c


def reopen_option(w) -> None:
    w.add_argument("--n-jobs", type=int, default=None)
    w.add_argument(
        "--reopen", action="store_true", help="tables of each corpus reopened from a new cache"
    )


def main(argv: list[str] | None = None) -> int:
    return cli(
        argv,
        __doc__,
        "load the corpora, write their token and voice tables",
        reopen_option,
        lambda a: write(a.out, a.extra, a.n_jobs, a.reopen),
    )


if __name__ == "__main__":
    sys.exit(main())
