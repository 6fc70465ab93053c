"""Topic recovery on the BBC News corpus: do the package's topics match the five labels?

The BBC corpus (Greene and Cunningham 2006) has 2,225 articles in five folders
(business, entertainment, politics, sport, tech). Each article's dominant topic of a
k=5 model is compared with its folder by normalised mutual information (NMI) and the
adjusted Rand index (ARI), both from ``sklearn.metrics`` (1 = the labels exactly).

Rows:
- ``corpus_utils NMF (documents)``: ``topics.fit_topics(corpus, k=5, unit="document")``
  with the package defaults (its own tokens, stop words and numbers out, min_df=2,
  max_df=0.5, sublinear tf-idf, nndsvd start, loader-flagged duplicates left out);
- variants: Snowball stems; raw instead of sublinear term frequency (an ablation: most
  of the gain over the baseline comes from ``1 + log(tf)``); paragraphs as units (each
  article's topic is the word-weighted mean of its paragraphs); LDA on counts;
- ``baseline``: plain scikit-learn, ``TfidfVectorizer(stop_words="english")`` over the raw
  files and ``NMF(n_components=5, random_state=0)``.

Scores are given on the 2,092 articles that are not exact duplicates (``unique``) and,
for comparability with the usual figure, on all 2,225 files (``all``; a duplicate takes
the topic of the article it repeats). Times are wall-clock seconds on this machine:
``load_tokens_s`` is load + clean + sentences + tokens, done once and shared by every
corpus_utils row (for the baseline: reading and vectorising the files); ``units_s``
making the units and their terms; ``fit_s`` counting the terms and fitting the model;
``total_s`` their sum, what one row costs from the files on disk. The automatic
search's time is also printed as CPU seconds of this process and of the worker
processes its fits ran on (each fit on one thread), which on a busy shared machine
says more than the wall clock.

- ``corpus_utils automatic``: what notebook 02 does with no parameter changed:
  ``topics.topic_plan`` (unit, k candidates, vocabulary limits, refits, search sample
  sized to the corpus), ``topics.select_k`` over the plan's candidates, ``topics.choose_k``
  and ``topics.fit_topics`` at the chosen k; ``fit_s`` includes the k search.

Also: the stability of the default model, and the automatic choice on the FA-KES table
(15 outlets, no topic labels: what it picks) and on the five seed articles (that it still
runs quickly), when those corpora are present.
And the streaming NMF (``fit_topics(..., estimator="streaming")``) against the batch one
(``--streaming``: only that). Run with ``make bench`` or
``python benchmarks/bench_topics_bbc.py``; results go to
``benchmarks/results/topics_bbc.csv`` and ``topics_bbc_select_k.csv`` (the automatic
search's table).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

import corpus_utils as cu
from corpus_utils import paths, topics

BBC = paths.SHARED_CORPORA / "bbc"
LABELS = ("business", "entertainment", "politics", "sport", "tech")
RESULTS = Path(__file__).resolve().parent / "results"
K = 5


def _scores(pred: pd.Series, label: pd.Series) -> dict[str, float]:
    return {
        "nmi": normalized_mutual_info_score(label, pred),
        "ari": adjusted_rand_score(label, pred),
    }


def _evaluate(method: str, dominant: pd.Series, docs: pd.DataFrame, **extra) -> list[dict]:
    """Scores on unique articles and on all files (duplicates take their original's topic)."""
    labelled = docs[docs["folder"].isin(LABELS)].set_index("doc_id")
    original = labelled["duplicate_of"].fillna(pd.Series(labelled.index, index=labelled.index))
    rows = []
    unique = labelled[labelled["duplicate_of"].isna()]
    pred = dominant.reindex(unique.index)
    assert pred.notna().all(), f"{method}: {pred.isna().sum()} unique articles have no topic"
    rows.append(
        {"method": method, "evaluated_on": "unique", "articles": len(unique), **extra}
        | _scores(pred.astype(int), unique["folder"])
    )
    pred_all = dominant.reindex(original.to_numpy())
    assert pred_all.notna().all()
    rows.append(
        {"method": method, "evaluated_on": "all", "articles": len(labelled), **extra}
        | _scores(pred_all.astype(int).to_numpy(), labelled["folder"])
    )
    return rows


def ours(corpus: cu.Corpus, load_tokens_s: float) -> tuple[list[dict], topics.TopicModel]:
    rows = []
    docs = corpus.docs
    default = None
    variants = [
        ("corpus_utils NMF (documents)", {"unit": "document"}, {}),
        ("corpus_utils NMF (documents, stems)", {"unit": "document", "stem": True}, {}),
        (  # ablation: what sublinear tf contributes
            "corpus_utils NMF (documents, sublinear_tf=False)",
            {"unit": "document"},
            {"sublinear_tf": False},
        ),
        ("corpus_utils NMF (paragraphs -> articles)", {"unit": "paragraph"}, {}),
        ("corpus_utils LDA (documents)", {"unit": "document"}, {"model": "lda"}),
    ]
    for method, unit_opts, fit_opts in variants:
        t0 = time.perf_counter()
        prepared = topics.prepare_units(corpus, **unit_opts)
        t1 = time.perf_counter()
        tm = topics.fit_topics(prepared, k=K, **fit_opts)  # counts the terms, then fits
        t2 = time.perf_counter()
        mix = topics.document_topics(tm)
        dominant = pd.Series(mix.to_numpy().argmax(axis=1), index=mix.index)
        extra = {
            "units": tm.params["units_modelled"],
            "terms": tm.params["terms"],
            "load_tokens_s": load_tokens_s,
            "units_s": t1 - t0,
            "fit_s": t2 - t1,
        }
        rows += _evaluate(method, dominant, docs, **extra)
        if default is None:
            default = tm
    return rows, default


def _cpu_s() -> float:
    """CPU seconds of this process and of its finished workers (the fits' worker processes
    end with each search)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def automatic(corpus: cu.Corpus) -> dict:
    """Notebook 02's own choice with no parameter changed (its cells, in order)."""
    t0 = time.perf_counter()
    plan = topics.topic_plan(corpus)
    prepared = topics.prepare_units(corpus, unit=plan.unit)
    t1 = time.perf_counter()
    c1 = _cpu_s()
    selection = topics.select_k(prepared, **plan.search_options())
    t2 = time.perf_counter()
    search_cpu_s = _cpu_s() - c1
    k, why = topics.choose_k(selection)
    tm = topics.fit_topics(prepared, k=k, **plan.fit_options())
    t3 = time.perf_counter()
    return {
        "plan": plan,
        "selection": selection,
        "k": k,
        "why": why,
        "model": tm,
        "units_s": t1 - t0,
        "search_s": t2 - t1,
        "search_cpu_s": search_cpu_s,
        "fit_s": t3 - t1,
    }


def describe_choice(name: str, auto: dict) -> str:
    plan, tm = auto["plan"], auto["model"]
    lines = [
        f"{name}: {plan.articles:,} articles -> unit={plan.unit}, k={auto['k']} "
        f"(search over {list(plan.k_candidates)}, {plan.seeds} refits, "
        f"{int(auto['selection']['units'].iloc[0]):,} of "
        f"{int(auto['selection']['units_total'].iloc[0]):,} units; "
        f"select_k {auto['search_s']:.1f} s wall, {auto['search_cpu_s']:.1f} s CPU; "
        f"total {auto['units_s'] + auto['fit_s']:.1f} s)",
        f"  plan: {plan.reason}",
        f"  choice: {auto['why']}",
        f"  largest topic: {tm.topic_share.max():.0%} of the text; "
        f"dominant-topic warning: {topics.dominant_topic_warning(tm)}",
    ]
    return "\n".join(lines)


def baseline(corpus: cu.Corpus) -> list[dict]:
    files = sorted(p for label in LABELS for p in (BBC / label).glob("*.txt"))
    t0 = time.perf_counter()
    vec = TfidfVectorizer(stop_words="english", input="filename", decode_error="replace")
    x = vec.fit_transform([str(f) for f in files])
    t1 = time.perf_counter()
    w = NMF(n_components=K, random_state=0).fit_transform(x)
    t2 = time.perf_counter()
    doc_ids = [f.relative_to(BBC).with_suffix("").as_posix() for f in files]
    dominant = pd.Series(w.argmax(axis=1), index=doc_ids)
    extra = {
        "units": x.shape[0],
        "terms": x.shape[1],
        "load_tokens_s": t1 - t0,
        "units_s": 0.0,
        "fit_s": t2 - t1,
    }
    method = 'baseline: TfidfVectorizer(stop_words="english") + NMF(5)'
    return _evaluate(method, dominant, corpus.docs, **extra)


STREAM_BATCHES = (2048, 512, 256)


def streaming_agreement(corpus: cu.Corpus) -> str:
    """The streaming NMF (``estimator="streaming"``, MiniBatchNMF over partitions) against
    the batch NMF of the default row, at k=5 on whole articles: NMI of their dominant
    topics, NMI of each with the folder, and how many of each streaming topic's top 10
    terms the closest batch topic shares."""
    prepared = topics.prepare_units(corpus, unit="document")
    label = corpus.docs.set_index("doc_id")["folder"]

    def fit(**opts) -> tuple[topics.TopicModel, pd.Series, list[set], float]:
        c0 = time.process_time()
        tm = topics.fit_topics(prepared, k=K, **opts)
        cpu_s = time.process_time() - c0
        mix = topics.document_topics(tm)
        dominant = pd.Series(mix.to_numpy().argmax(axis=1), index=mix.index)
        top = [set(g) for _, g in topics.top_terms(tm, n=10).groupby("topic")["term"]]
        return tm, dominant, top, cpu_s

    batch, b_dom, b_top, b_cpu = fit(estimator="batch")
    nmi = normalized_mutual_info_score
    lines = [
        f"Streaming NMF against the batch NMF (k={K}, documents, seed 0); batch: "
        f"{b_cpu:.1f} CPU-s, NMI with the folders {nmi(label.reindex(b_dom.index), b_dom):.3f}"
    ]
    for size in STREAM_BATCHES:
        tm, dom, top, cpu_s = fit(estimator="streaming", batch_size=size)
        shared = [max(len(t & b) for b in b_top) for t in top]
        parts = -(-tm.params["units_modelled"] // size)
        agree = nmi(b_dom, dom.reindex(b_dom.index))
        lines.append(
            f"  batch_size={size} ({parts} partitions, {tm.params['passes']} passes, "
            f"{cpu_s:.1f} CPU-s): NMI with the batch fit {agree:.3f}, "
            f"with the folders {nmi(label.reindex(dom.index), dom):.3f}; top-10 terms shared "
            f"with the closest batch topic {shared}"
        )
        for t, terms in topics.top_terms(tm, n=8).groupby("topic")["term"]:
            lines.append(f"      {t}: {', '.join(terms)}")
    for t, terms in topics.top_terms(batch, n=8).groupby("topic")["term"]:
        lines.append(f"  batch {t}: {', '.join(terms)}")
    return "\n".join(lines)


def main() -> int:
    if not BBC.exists():
        print(f"skipped: {BBC} not found")
        return 0
    if "--streaming" in sys.argv[1:]:  # only the streaming estimator's agreement
        print(streaming_agreement(cu.load_corpus(BBC, progress=False)))
        return 0
    t0 = time.perf_counter()
    corpus = cu.load_corpus(BBC)
    corpus.tokens()  # sentences and tokens, cached on the corpus for every variant
    load_tokens_s = time.perf_counter() - t0
    rows, tm = ours(corpus, load_tokens_s)
    auto = automatic(corpus)
    mix = topics.document_topics(auto["model"])
    dominant = pd.Series(mix.to_numpy().argmax(axis=1), index=mix.index)
    extra = {
        "units": auto["model"].params["units_modelled"],
        "terms": auto["model"].params["terms"],
        "load_tokens_s": load_tokens_s,
        "units_s": auto["units_s"],
        "fit_s": auto["fit_s"],
    }
    method = f"corpus_utils automatic (unit={auto['plan'].unit}, k={auto['k']})"
    rows += _evaluate(method, dominant, corpus.docs, **extra)
    rows += baseline(corpus)
    df = pd.DataFrame(rows)
    df["total_s"] = df["load_tokens_s"] + df["units_s"] + df["fit_s"]
    df = df[
        [
            "method",
            "evaluated_on",
            "articles",
            "nmi",
            "ari",
            "units",
            "terms",
            "load_tokens_s",
            "units_s",
            "fit_s",
            "total_s",
        ]
    ]
    RESULTS.mkdir(exist_ok=True)
    df.round(3).to_csv(RESULTS / "topics_bbc.csv", index=False, lineterminator="\n")

    pd.set_option("display.width", 160)
    pd.set_option("display.max_colwidth", 60)
    print(f"BBC: {len(corpus):,} articles loaded; k={K}; NMI/ARI against the folder label\n")
    print(df.round(3).to_string(index=False))

    print("\nDefault model: top terms, and the label most of each topic's articles carry")
    label = corpus.docs.set_index("doc_id")["folder"]
    mod = tm.modelled
    majority = mod.assign(label=mod["doc_id"].map(label)).groupby("topic")["label"]
    top = topics.top_terms(tm, n=8).groupby("topic")["term"].agg(", ".join)
    for t, terms in top.items():
        counts = majority.get_group(t).value_counts()
        print(f"  {t}: {counts.index[0]:<13} ({counts.iloc[0] / counts.sum():.0%}) {terms}")
    excluded = tm.excluded["excluded"].str.split(" of ").str[0].value_counts()
    print(f"  units left out: {excluded.to_dict()}")

    t1 = time.perf_counter()
    stab = topics.stability(tm)
    print(f"\nStability ({time.perf_counter() - t1:.1f} s): {topics.stability_statement(stab)}")
    print("\n" + streaming_agreement(corpus))
    table = auto["selection"]
    print("\n" + describe_choice("Automatic choice, BBC", auto))
    cols = [
        "k",
        "coherence",
        "coherence_min",
        "stability",
        "stable_share",
        "largest_share",
        "seconds",
    ]
    print(table[cols].round(3).to_string(index=False))
    table.round(4).to_csv(RESULTS / "topics_bbc_select_k.csv", index=False, lineterminator="\n")
    best = df[df["evaluated_on"] == "unique"].set_index("method")["nmi"]
    ours_nmi = best["corpus_utils NMF (documents)"]
    auto_nmi = best[method]
    base_nmi = best[[m for m in best.index if m.startswith("baseline")][0]]
    print(
        f"\nNMI, unique articles: corpus_utils k={K} {ours_nmi:.3f}; automatic "
        f"(unit={auto['plan'].unit}, k={auto['k']}) {auto_nmi:.3f}; baseline {base_nmi:.3f}"
    )
    for name, path in (
        ("FA-KES", paths.SHARED_CORPORA / "fa-kes" / "FA-KES-Dataset.csv"),
        ("seed", paths.SHARED_CORPORA / "seed"),
    ):
        if path.exists():
            t1 = time.perf_counter()
            other = cu.load_corpus(path)
            other.tokens()
            loaded = time.perf_counter() - t1
            print(f"\n{describe_choice(name, automatic(other))} (load {loaded:.1f} s)")
    return 0 if np.isfinite(ours_nmi) and np.isfinite(auto_nmi) else 1


if __name__ == "__main__":
    sys.exit(main())
