"""Keyness: which terms a target uses more (or less) than a reference, and by how much.

Two numbers per term, as recommended in corpus linguistics:

- **G2**, Dunning's log-likelihood, in the form of Rayson & Garside (2000): with ``a``,
  ``b`` the term's counts and ``c``, ``d`` the total words of target and reference,
  ``E1 = c (a + b) / (c + d)``, ``E2 = d (a + b) / (c + d)`` and
  ``G2 = 2 (a ln(a / E1) + b ln(b / E2))`` (a zero count contributes 0). It says how
  sure we can be that the difference is not chance; it grows with corpus size, so it is
  NOT a measure of how big the difference is. ``p_value`` is from chi-squared with 1
  degree of freedom (3.84 -> p = 0.05, 10.83 -> p = 0.001), uncorrected for testing
  thousands of terms at once.
- **log_ratio**, Hardie's (2014) effect size: ``log2((a / c) / (b / d))``, with a zero
  count replaced by 0.5. +1 means twice as frequent in the target, -1 half as frequent.

``direction`` is ``"overuse"`` when the target's relative frequency is higher,
``"underuse"`` when lower. Relative frequencies are per 1,000 words.

Two helpers shared by every keyness and log-odds table:

- :func:`is_debris` / :func:`debris_mask`: tokenizer debris (``-and``, ``.-the``,
  ``'s``, bare numbers) is kept out of keyness by default (``drop_debris=True``): its
  counts say nothing about wording, yet fill the "less frequent" side of a chart.
- :func:`display_forms` / :func:`display_terms`: the form a term is SHOWN in, its most
  frequent surface form in the corpus (``u.s.`` -> ``U.S.``, ``russia`` -> ``Russia``;
  actor names keep their canonical form, ``Bashar al-Assad``). Tables keep ``term``
  (the lower-cased key) and add ``display``.
"""

from __future__ import annotations

import math
import unicodedata
import warnings
from collections.abc import Hashable, Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
import wordfreq

from ..corpus import Corpus
from ..options import TokenOptions, token_options
from ..resources import abbreviations
from .dtm import GroupBy, doc_groups
from .frequency import COUNTING, RATE_PER, term_frequencies

ZERO_CORRECTION = 0.5
"""Count substituted for a zero in the log ratio (Hardie 2014)."""

REFERENCE_SIZE = 1_000_000_000
"""Notional size, in words, of the general-English reference (see keyness_vs_english)."""

ENGLISH = TokenOptions(merge_actors=False)
"""The default of :func:`keyness_vs_english`: single words, as wordfreq counts them."""

WORDFREQ_FLOOR = 1e-8
"""Frequency given to terms wordfreq does not list: its large English list stops at 1e-8."""


def _is_abbreviation(core: str) -> bool:
    """``u.s``, ``u.n``, ``d.c`` (an initialism) or a listed abbreviation (``jan``, ``gen``)."""
    parts = core.split(".")
    if len(parts) > 1 and all(p.isalpha() and len(p) <= 2 for p in parts):
        return True
    return core.lower() in abbreviations()


def _debris_word(word: str) -> bool:
    if not word:
        return True
    first, last = word[0], word[-1]
    if not (first.isalnum() or unicodedata.category(first) == "Sc"):
        return True  # "-and", ".-the", "'s", a mojibake replacement character
    if not last.isalnum() and not (last == "." and _is_abbreviation(word[:-1])):
        return True  # "rebel-", "zain/", "end."; but "u.s.", "jan."
    # inside a word one hyphen, apostrophe or period at a time ("al-qaeda's", "1.5");
    # two in a row only as "U.S.-led"; "stayed.-the" is two sentences glued together
    i = 1
    while i < len(word) - 1:
        if word[i].isalnum():
            i += 1
            continue
        j = i
        while j < len(word) and not word[j].isalnum():
            j += 1
        if j - i > 1 and not (word[i:j] == ".-" and _is_abbreviation(word[:i])):
            return True
        i = j
    return False


def is_debris(term: str) -> bool:
    """Whether a term is tokenizer debris rather than a word: kept out of keyness.

    Debris is a term with no letter at all (``2016``, ``3,000``, ``24/6/2018``) or one of
    whose words starts or ends with anything but a letter or digit (``-and``, ``.-the``,
    ``'s``, ``rebel-``, ``zain/``), or holds two punctuation marks in a row
    (``stayed.-the``, ``a--b``). Allowed: one hyphen, apostrophe or period at a time
    INSIDE a word (``al-qaeda's``, ``1.5``, ``bbc.co.uk``), the final period of an
    abbreviation (``u.s.``, ``jan.``: an initialism or a word of ``abbreviations.txt``),
    ``U.S.-led`` and a leading currency sign (``£35bn``). n-grams and actor names are
    checked word by word.

    >>> [is_debris(t) for t in ["-and", ".-the", "'s", "2016", "stayed.-the"]]
    [True, True, True, True, True]
    >>> [is_debris(t) for t in ["u.s.", "U.S.-led coalition", "al-qaeda's", "£5m", "jan."]]
    [False, False, False, False, False]
    """
    term = str(term)
    if not any(ch.isalpha() for ch in term):
        return True
    return any(_debris_word(w) for w in term.split(" "))


def debris_mask(terms: pd.Series | Iterable[str]) -> np.ndarray:
    """:func:`is_debris` for many terms at once (each distinct term checked once).

    >>> debris_mask(pd.Series(["syria", "-and", "syria"])).tolist()
    [False, True, False]
    """
    values = pd.Series(list(terms) if not isinstance(terms, pd.Series) else terms, dtype=object)
    codes, uniques = pd.factorize(values.astype(str))
    flags = np.array([is_debris(u) for u in uniques], dtype=bool)
    return flags[codes] if len(codes) else np.zeros(0, dtype=bool)


def display_forms(
    corpus: Corpus, *, tokens: TokenOptions | None = None, **token_kwargs: object
) -> pd.Series:
    """The display form of every word: its most frequent surface form (``norm -> display``).

    Counted over the corpus's word tokens, leaving out the first word of each sentence
    (capitalised by position, not by usage) unless the word only ever starts sentences.
    Ties go to the lower-case form, then alphabetically. An actor keeps its canonical
    name (``Bashar al-Assad``); with ``stem=True`` a stem is shown as its commonest word.
    Of ``tokens`` (or the old keywords) only the normalisation matters (``lowercase``,
    ``stem``, ``lemma``, ``merge_actors``), not what is dropped.

    >>> display_forms(corpus)[["u.s.", "russia", "syrian"]].tolist()
    ['U.S.', 'Russia', 'Syrian']
    """
    opts = token_options(tokens, **token_kwargs)
    toks = corpus.tokens(**opts.normalisation())
    rows = np.flatnonzero(~toks["is_punct"].to_numpy(dtype=bool))  # words, in text order
    doc = pd.factorize(toks["doc_id"])[0][rows].astype(np.int64)
    sent = toks["sent_id"].to_numpy()[rows].astype(np.int64)
    sentence = doc * (int(sent.max(initial=0)) + 1) + sent
    initial = np.r_[True, sentence[1:] != sentence[:-1]]  # a sentence's first word
    is_actor = toks["actor"].notna().to_numpy()[rows]
    norm_code, norms = _codes(toks["norm"], rows)
    token_code, surface = _codes(toks["token"], rows)
    actors = pd.Series(norms[np.unique(norm_code[is_actor])], dtype=object)
    n, t, initial = norm_code[~is_actor], token_code[~is_actor], initial[~is_actor]
    # a word seen anywhere but at a sentence start is judged on those uses only
    inner = np.bincount(n[~initial], minlength=len(norms)) > 0
    keep = ~initial | ~inner[n]
    pair, size = np.unique(n[keep] * max(len(surface), 1) + t[keep], return_counts=True)
    counts = pd.DataFrame(
        {
            "norm": norms[pair // max(len(surface), 1)],
            "token": surface[pair % max(len(surface), 1)],
            "n": size,
        }
    ).astype({"norm": str, "token": str})
    counts["lower"] = counts["token"] == counts["norm"]
    counts = counts.sort_values(
        ["norm", "n", "lower", "token"], ascending=[True, False, False, True], kind="stable"
    ).drop_duplicates("norm")
    out = pd.Series(counts["token"].to_numpy(), index=counts["norm"].to_numpy(), dtype=object)
    out = pd.concat([out, pd.Series(actors.to_numpy(), index=actors.astype(str), dtype=object)])
    out = out[~out.index.duplicated(keep="last")].sort_index()
    return out.rename("display").rename_axis("term")


def _codes(column: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, values)`` of ``column`` at ``rows``, ``values[codes]`` being the column's
    values there: a categorical's own codes and categories (no string is hashed), else
    :func:`pandas.factorize`. Which integer a value gets differs between the two; what
    :func:`display_forms` makes of them does not (its tables are sorted by value)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()[rows]
        if not (codes < 0).any():  # a missing value: factorize's handling below
            return codes.astype(np.int64), np.asarray(column.cat.categories, dtype=object)
    codes, values = pd.factorize(column.iloc[rows].to_numpy(dtype=object))
    return codes, np.asarray(values, dtype=object)


def display_terms(terms: Iterable[str], forms: pd.Series) -> list[str]:
    """Display forms of terms, words or n-grams, from a :func:`display_forms` table.

    A term the table knows is looked up whole (words, actor names); an n-gram word by
    word; a word the table does not know is shown as it is.

    >>> forms = pd.Series({"russia": "Russia", "u.s.": "U.S."})
    >>> display_terms(["russia", "u.s. troops", "Bashar al-Assad"], forms)
    ['Russia', 'U.S. troops', 'Bashar al-Assad']
    """
    lookup = forms.to_dict()
    out = []
    for term in terms:
        term = str(term)
        shown = lookup.get(term)
        if shown is None:
            shown = " ".join(str(lookup.get(w, w)) for w in term.split(" "))
        out.append(str(shown))
    return out


def g2(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Log-likelihood G2 (Rayson & Garside 2000) for counts ``a``, ``b`` in totals ``c``, ``d``.

    >>> float(g2(np.array([10]), np.array([0]), np.array([100]), np.array([100]))[0].round(3))
    13.863
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def p_value(g2_values: np.ndarray) -> np.ndarray:
    """P(chi-squared with 1 degree of freedom > G2), as ``erfc(sqrt(G2 / 2))`` (exact for 1 df).

    >>> float(p_value(np.array([3.841459]))[0].round(4))
    0.05
    """
    values = np.maximum(np.asarray(g2_values, dtype=float), 0.0)
    return np.array([math.erfc(math.sqrt(v / 2)) for v in values.ravel()]).reshape(values.shape)


def log_ratio(
    a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray, *, zero: float = ZERO_CORRECTION
) -> np.ndarray:
    """Hardie's log ratio: ``log2`` of the ratio of relative frequencies, zeros as ``zero``."""
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    a = np.where(a == 0, zero, a)
    b = np.where(b == 0, zero, b)
    return np.log2((a / c) / (b / d))


def keyness(
    target_counts: pd.Series,
    reference_counts: pd.Series,
    *,
    target_total: float | None = None,
    reference_total: float | None = None,
    min_count: int = 1,
    sort_by: Literal["g2", "log_ratio"] = "g2",
) -> pd.DataFrame:
    """Keyness of every term in two count Series (indexed by term).

    Args:
        target_counts, reference_counts: occurrences per term; a term missing from one
            side counts 0 there.
        target_total, reference_total: total words of each side (the denominators);
            default the sum of the counts. Pass the real word totals when the counts
            leave out stop words or punctuation.
        min_count: keep terms with at least this many occurrences in both sides together.
        sort_by: ``"g2"``: signed G2, overuse with the strongest evidence first and
            underuse with the strongest evidence last; ``"log_ratio"``: by log ratio.

    Returns:
        ``term, target_count, reference_count, target_rel, reference_rel, g2, p_value,
        log_ratio, direction``; ``*_rel`` are per 1,000 words.

    >>> target = pd.Series({"isis": 10, "the": 50})
    >>> keyness(target, pd.Series({"isis": 1, "the": 60}))[["term", "g2", "direction"]].round(2)
       term    g2 direction
    0  isis  8.70   overuse
    1   the  0.75  underuse
    """
    terms = target_counts.index.union(reference_counts.index)
    a = target_counts.reindex(terms, fill_value=0).astype(float).to_numpy()
    b = reference_counts.reindex(terms, fill_value=0).astype(float).to_numpy()
    c = float(a.sum() if target_total is None else target_total)
    d = float(b.sum() if reference_total is None else reference_total)
    if c <= 0 or d <= 0:
        raise ValueError("target and reference need a positive number of words")
    score = g2(a, b, c, d)
    rel_t, rel_r = a / c, b / d
    out = pd.DataFrame(
        {
            "term": pd.array(terms.astype(str), dtype="string"),
            "target_count": a,
            "reference_count": b,
            "target_rel": rel_t * RATE_PER,
            "reference_rel": rel_r * RATE_PER,
            "g2": score,
            "p_value": p_value(score),
            "log_ratio": log_ratio(a, b, c, d),
            "direction": np.select(
                [rel_t > rel_r, rel_t < rel_r], ["overuse", "underuse"], "equal"
            ),
        }
    )
    for col, values in (("target_count", a), ("reference_count", b)):
        if np.all(np.mod(values, 1) == 0):
            out[col] = out[col].astype("int64")
    out = out[(a + b) >= min_count]
    key = np.where(out["direction"] == "underuse", -out["g2"], out["g2"])
    if sort_by == "log_ratio":
        key = out["log_ratio"].to_numpy()
    elif sort_by != "g2":
        raise ValueError("sort_by must be 'g2' or 'log_ratio'")
    out = out.assign(_k=-key).sort_values(["_k", "term"], kind="stable").drop(columns="_k")
    return out.reset_index(drop=True)


def keyness_between_groups(
    corpus: Corpus,
    *,
    by: GroupBy,
    target: Hashable | Sequence[Hashable],
    reference: Hashable | Sequence[Hashable] | None = None,
    n: int = 1,
    min_count: int = 3,
    tokens: TokenOptions | None = None,
    sort_by: Literal["g2", "log_ratio"] = "g2",
    drop_debris: bool = True,
    **token_kwargs: object,
) -> pd.DataFrame:
    """Keyness of one group of articles against another group, or against all the rest.

    Counts come from the document-term matrix (:func:`corpus_utils.stats.dtm.dtm`), summed
    per side.

    Args:
        corpus: the corpus.
        by: a ``docs`` column (``"outlet"``, ``"doc_id"``...) or a Series indexed by
            ``doc_id``, as in :func:`~corpus_utils.stats.frequency.term_frequencies`.
        target: the group value(s) studied (e.g. ``"Newsweek"``).
        reference: the group value(s) compared with; ``None``: every other article
            (articles whose group is missing included).
        n: 1 for words, 2/3 for n-grams (formed as in ``term_frequencies``).
        min_count: keep terms with at least this many occurrences in both sides together.
        tokens: token options, as in ``term_frequencies`` (the old keywords
            ``drop_stop=``, ``stem=``... work too).
        sort_by: as in :func:`keyness`.
        drop_debris: leave out tokenizer debris and numbers (see :func:`is_debris`);
            the totals still count them as words.

    Returns:
        The :func:`keyness` columns plus ``display`` (see :func:`display_forms`),
        ``target_docs``/``reference_docs`` (articles using the term on each side) and
        ``target_n_docs``/``reference_n_docs``. Totals are all word tokens of each
        side (stop words included).

    Caveat: with a handful of articles per side, a high G2 often comes from one article
    repeating a word; read ``target_docs`` before calling a term characteristic.

    >>> table = keyness_between_groups(corpus, by="outlet", target="Newsweek")
    >>> table[["target_n_docs", "reference_n_docs"]].drop_duplicates().values.tolist()
    [[4, 1]]
    """
    opts = token_options(tokens, default=COUNTING, **token_kwargs)
    name, groups = doc_groups(corpus, by)
    targets = list(target) if _is_many(target) else [target]
    in_target = groups.isin(targets)
    if not in_target.any():
        raise ValueError(f"no article has {name} in {targets!r}")
    if reference is None:
        in_ref = ~in_target
    else:
        refs = list(reference) if _is_many(reference) else [reference]
        in_ref = groups.isin(refs) & ~in_target
    if not in_ref.any():
        raise ValueError("the reference side has no articles")
    side = pd.Series(
        np.select([in_target, in_ref], ["target", "reference"], "neither"),
        index=groups.index,
        name="_side",
    )
    tf = term_frequencies(corpus, by=side, n=n, tokens=opts)
    totals = _totals(tf)
    if drop_debris:
        tf = tf[~debris_mask(tf["term"])]
    t = tf[tf["_side"] == "target"].set_index("term")
    r = tf[tf["_side"] == "reference"].set_index("term")
    out = keyness(
        t["count"],
        r["count"],
        target_total=totals.get("target", 0),
        reference_total=totals.get("reference", 0),
        min_count=min_count,
        sort_by=sort_by,
    )
    out.insert(1, "display", term_display(corpus, out["term"], n=n, tokens=opts))
    out["target_docs"] = t["doc_freq"].reindex(out["term"]).fillna(0).astype("int64").to_numpy()
    out["reference_docs"] = r["doc_freq"].reindex(out["term"]).fillna(0).astype("int64").to_numpy()
    out["target_n_docs"] = int(in_target.sum())
    out["reference_n_docs"] = int(in_ref.sum())
    return out


def keyness_between(
    corpus: Corpus,
    by: GroupBy,
    target: Hashable | Sequence[Hashable],
    reference: Hashable | Sequence[Hashable] | None = None,
    **kwargs: object,
) -> pd.DataFrame:
    """Deprecated: :func:`keyness_between_groups`, which takes ``by`` (and the rest) by name."""
    warnings.warn(
        "keyness_between(corpus, by, target) is now "
        "keyness_between_groups(corpus, by=..., target=...)",
        DeprecationWarning,
        stacklevel=2,
    )
    return keyness_between_groups(corpus, by=by, target=target, reference=reference, **kwargs)


def term_display(
    corpus: Corpus, terms: Iterable[str], *, n: int = 1, tokens: TokenOptions | None = None
) -> list[str]:
    """Display forms of ``terms``, from the document-term matrix's vocabulary.

    A term the matrix does not hold is shown as :func:`display_terms` would show it.

    >>> term_display(corpus, ["russia", "u.s."])
    ['Russia', 'U.S.']
    """
    from .dtm import dtm

    m = dtm(corpus, n=n, tokens=token_options(tokens, default=COUNTING))
    known = pd.Series(m.display, index=m.terms)
    terms = [str(t) for t in terms]
    shown = known.reindex(terms)
    if shown.isna().any():
        forms = display_forms(corpus, tokens=m.options)
        missing = [t for t, v in zip(terms, shown, strict=True) if pd.isna(v)]
        shown.loc[shown.isna()] = display_terms(missing, forms)
    return [str(v) for v in shown]


def with_display(
    corpus: Corpus, table: pd.DataFrame, *, column: str = "term", n: int = 1
) -> pd.DataFrame:
    """``table`` with a ``display`` column after ``column``: each term's usual surface form.

    For tables whose terms are lower-cased keys (term frequencies, n-grams, tf-idf,
    collocates), so figures show "Russia", "U.S." and "Syrian" rather than the keys. An
    n-gram (``n > 1``) is shown as it is most often written (a tie goes to the form
    with fewer capitals), "Prime Minister" or "New York" rather than word by word.

    >>> top = pd.DataFrame({"term": ["russia", "u.s."], "count": [16, 17]})
    >>> with_display(corpus, top)["display"].tolist()
    ['Russia', 'U.S.']
    >>> with_display(corpus, pd.DataFrame({"term": ["syrian military"]}), n=2)["display"][0]
    'Syrian military'
    """
    out = table.copy()
    if "display" in out.columns:
        out = out.drop(columns="display")
    terms = out[column].astype(str)
    shown = term_display(corpus, terms, n=n) if len(out) else []
    if n > 1 and len(out):
        written = _ngram_surfaces(corpus, set(terms), n=n)
        shown = [written.get(t, s) for t, s in zip(terms, shown, strict=True)]
    out.insert(out.columns.get_loc(column) + 1, "display", pd.array(shown, dtype="string"))
    return out


def _ngram_surfaces(corpus: Corpus, terms: set[str], *, n: int) -> dict[str, str]:
    """Each n-gram term's most frequent surface form in the text (white space collapsed)."""
    from .frequency import term_occurrences

    occ = term_occurrences(corpus, n=n, terms=sorted(terms))
    if occ.empty:
        return {}
    texts = dict(zip(corpus.docs["doc_id"], corpus.docs["text"], strict=True))
    surface = [
        " ".join(texts[d][a:b].split())
        for d, a, b in zip(occ["doc_id"], occ["start"], occ["end"], strict=True)
    ]
    counts = pd.DataFrame({"term": occ["term"].to_numpy(dtype=object), "surface": surface})
    counts = counts.value_counts().rename("n").reset_index()
    counts["capitals"] = counts["surface"].map(lambda t: sum(c.isupper() for c in t))
    counts = counts.sort_values(
        ["term", "n", "capitals", "surface"], ascending=[True, False, True, True], kind="stable"
    ).drop_duplicates("term")
    return dict(zip(counts["term"], counts["surface"], strict=True))


def _is_many(value: object) -> bool:
    return isinstance(value, list | tuple | set | frozenset | pd.Index | np.ndarray | pd.Series)


def _totals(tf: pd.DataFrame) -> dict[str, int]:
    """Words per side: the ``n_words`` that term_frequencies reports for each group."""
    return {str(k): int(v) for k, v in tf.groupby("_side")["n_words"].first().items()}


def english_frequency(terms: Iterable[str], *, floor: float = WORDFREQ_FLOOR) -> pd.DataFrame:
    """wordfreq's general-English frequency of each term (lower-cased before lookup).

    Returns:
        ``term, frequency, in_wordfreq, lookup_tokens``: ``frequency`` is a proportion of
        all words (``the`` is about 0.054); terms wordfreq does not list get ``floor``
        and ``in_wordfreq`` False. ``lookup_tokens`` is how many words wordfreq split the
        term into (``u.s.-led`` -> 2); for several, wordfreq combines them as
        ``1/f = 1/f1 + 1/f2 + ...``, an estimate at least as high as the true frequency
        of the phrase, so such terms look LESS key than they are.
    """
    rows = []
    for term in terms:
        low = str(term).lower()
        raw = wordfreq.word_frequency(low, "en")
        rows.append((term, max(raw, floor), raw > 0, len(wordfreq.tokenize(low, "en"))))
    return pd.DataFrame(rows, columns=["term", "frequency", "in_wordfreq", "lookup_tokens"])


def keyness_vs_english(
    corpus: Corpus,
    *,
    by: GroupBy = None,
    group: Hashable | None = None,
    min_count: int = 3,
    tokens: TokenOptions | None = None,
    reference_size: float = REFERENCE_SIZE,
    floor: float = WORDFREQ_FLOOR,
    sort_by: Literal["g2", "log_ratio"] = "g2",
    drop_debris: bool = True,
    **token_kwargs: object,
) -> pd.DataFrame:
    """Keyness of the corpus (or one group of it) against general English (wordfreq).

    How the reference is built: wordfreq gives each word's frequency ``f`` as a share of
    all English words (a blend of Wikipedia, subtitles, news, books, web text, Twitter
    and Reddit). The reference is a notional corpus of ``reference_size`` words (default
    one billion) in which the term occurs ``f * reference_size`` times. Only terms the
    corpus uses are looked up, so every term has a target count of at least 1.

    What depends on that choice: the log ratio does not (it compares rates, ``f`` on
    the reference side), except through ``floor``. G2 does: it grows with the reference
    size and levels off once the reference is far larger than the corpus (there G2
    becomes a test of the corpus against a KNOWN English rate). The shortfall from that
    limit is, for each term, of the order of ``target_count / reference_count``: with
    the default billion words it is under 0.1% for any word wordfreq rates at one in a
    million or more, and about 1% for the rarest (3 uses of a name wordfreq does not
    list, against the floor's 10 notional occurrences); a larger corpus or a smaller
    ``reference_size`` widens it. Compare G2 values within one table, not with G2 from
    :func:`keyness_between`.

    Terms wordfreq does not list (rare names and transliterations, typos) get the frequency
    ``floor`` (1e-8, the lowest wordfreq lists), so their log ratio is a LOWER bound and
    ``in_wordfreq`` is False.

    Actors: by default (``TokenOptions(merge_actors=False)``) every term is a single word, looked up
    as such (``isis``, ``islamic``, ``state`` separately), which is how wordfreq counts
    words. With ``merge_actors=True`` an actor is looked up by its lower-cased canonical
    name (``u.s.-led coalition``), which wordfreq splits into words and combines (see
    :func:`english_frequency`); ``lookup_tokens`` > 1 marks such rows, and their
    frequency overestimates the phrase's, so their keyness is understated.

    Args:
        by, group: restrict the target to the articles whose ``by`` column equals
            ``group`` (default: the whole corpus).
        min_count: keep terms used at least this often in the target.
        tokens: token options (default ``TokenOptions(merge_actors=False)``; the old
            keywords work too), as in ``term_frequencies``; with ``stem=True`` stems
            are looked up as words, which rarely makes sense.
        reference_size: words in the notional reference corpus.
        floor: frequency for terms wordfreq does not know.
        sort_by: as in :func:`keyness`.
        drop_debris: leave out tokenizer debris and numbers (see :func:`is_debris`).

    Returns:
        The :func:`keyness` columns plus ``display``, ``target_docs``, ``target_n_docs``,
        ``in_wordfreq`` and ``lookup_tokens``. ``reference_rel`` is wordfreq's frequency
        per 1,000 words; ``reference_count`` is notional (``f * reference_size``).
    """
    opts = token_options(tokens, default=ENGLISH, **token_kwargs)
    if by is not None:
        name, groups = doc_groups(corpus, by)
        side = pd.Series(np.where(groups == group, "target", "other"), index=groups.index)
        if not (side == "target").any():
            raise ValueError(f"no article has {name} == {group!r}")
    else:
        side = pd.Series("target", index=corpus.docs["doc_id"].to_numpy())
    tf = term_frequencies(corpus, by=side.rename("_side"), tokens=opts)
    totals = _totals(tf)
    if drop_debris:
        tf = tf[~debris_mask(tf["term"])]
    t = tf[tf["_side"] == "target"].set_index("term")
    t = t[t["count"] >= min_count]
    eng = english_frequency(t.index, floor=floor).set_index("term")
    ref = eng["frequency"] * reference_size
    out = keyness(
        t["count"],
        ref,
        target_total=totals.get("target", 0),
        reference_total=reference_size,
        min_count=0,
        sort_by=sort_by,
    )
    out.insert(1, "display", term_display(corpus, out["term"], tokens=opts))
    out["target_docs"] = t["doc_freq"].reindex(out["term"]).astype("int64").to_numpy()
    out["target_n_docs"] = int((side == "target").sum())
    e = eng.reindex(out["term"])
    out["in_wordfreq"] = e["in_wordfreq"].astype(bool).to_numpy()
    out["lookup_tokens"] = e["lookup_tokens"].astype("int64").to_numpy()
    return out
