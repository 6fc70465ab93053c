"""The interactive topic explorer and its static fallback."""

from __future__ import annotations

import html
import warnings
from typing import Any

import pandas as pd

from .fit import TopicModel, relevant_terms


def _terms_html(result: TopicModel, topic: int, lam: float, n: int) -> str:
    t = relevant_terms(result, lam=lam, n=n, topics=[topic])
    top = t["p_term_topic"].max() if len(t) else 1.0
    rows = "".join(
        "<tr>"
        f"<td style='text-align:right;padding-right:6px'>{r.rank}</td>"
        f"<td style='padding-right:8px'>{html.escape(str(r.display))}</td>"
        "<td><div style='background:#0072B2;height:10px;"
        f"width:{160 * r.p_term_topic / top:.0f}px'></div></td>"
        f"<td style='text-align:right;padding-left:8px'>{r.p_term_topic:.3f}</td>"
        f"<td style='text-align:right;padding-left:8px'>{r.lift:.1f}</td>"
        "</tr>"
        for r in t.itertuples(index=False)
    )
    share = result.topic_share.loc[topic]
    return (
        f"<b>Topic {topic}</b> ({share:.0%} of the modelled text): top {n} terms by relevance, "
        f"&lambda; = {lam:.2f}<br><small>&lambda; = 1 ranks by p(term | topic); lower &lambda; "
        "favours terms specific to this topic (lift = p(term | topic) / p(term)).</small>"
        "<table><tr><th>#</th><th>term</th><th>p(term | topic)</th><th></th><th>lift</th></tr>"
        f"{rows}</table>"
    )


EXPLORER_NOTE = (
    "The table below is a static view of each topic's most relevant terms, kept in a saved "
    "copy of this notebook. The interactive explorer under it needs a running kernel: a "
    "saved or shared copy cannot draw it (JupyterLab says the widget's model is missing). "
    "Re-run this cell to use it."
)


def terms_table(result: TopicModel, *, n: int = 10, lam: float = 0.6) -> pd.DataFrame:
    """One row per topic: its share of the text and its ``n`` most relevant terms.

    The static counterpart of :func:`topic_explorer` (a saved notebook keeps it), ranked
    by :func:`relevant_terms` with ``lam``.

    Returns:
        ``topic, share, terms`` (the terms' display forms joined by ", ", most relevant
        first).
    """
    shown = relevant_terms(result, lam=lam, n=n)
    rel = shown.assign(term=shown["display"])  # the table lists the display forms
    joined = rel.groupby("topic", sort=True)["term"].agg(", ".join)
    return pd.DataFrame(
        {
            "topic": joined.index.astype("int64"),
            "share": result.topic_share.reindex(joined.index).round(3).to_numpy(),
            "terms": joined.to_numpy(),
        }
    )


def topic_explorer(result: TopicModel, *, n_terms: int = 15, lam: float = 0.6) -> Any:
    """An interactive view for JupyterLab: pick a topic, move lambda, read the terms.

    Needs ``ipywidgets``; without it, returns ``None`` and warns how to install it.
    Nothing is displayed by the call itself: the notebook shows the returned widget as a
    cell's last value, and a headless run (papermill, tests) just builds it.

    Returns:
        An ``ipywidgets.VBox`` (topic dropdown, lambda slider, the ranked terms), or None.
    """
    try:
        import ipywidgets as widgets
    except ImportError:
        warnings.warn(
            "topic_explorer needs ipywidgets, which is not installed: "
            "`pip install ipywidgets` (then reload JupyterLab). "
            "Meanwhile, relevant_terms(result, lam=...) gives the same table.",
            stacklevel=2,
        )
        return None
    labels = result.labels(3)
    topic = widgets.Dropdown(
        options=[(labels[t], t) for t in range(1, result.k + 1)], value=1, description="Topic"
    )
    slider = widgets.FloatSlider(
        value=lam, min=0.0, max=1.0, step=0.05, description="λ", continuous_update=False
    )
    out = widgets.HTML(_terms_html(result, 1, lam, n_terms))

    def _update(_change: Any = None) -> None:
        out.value = _terms_html(result, int(topic.value), float(slider.value), n_terms)

    topic.observe(_update, names="value")
    slider.observe(_update, names="value")
    return widgets.VBox([widgets.HBox([topic, slider]), out])
