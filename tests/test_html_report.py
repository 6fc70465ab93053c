"""The HTML report: one self-contained page per executed notebook, code hidden, an index."""

from __future__ import annotations

import base64
import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402
from nbformat.v4 import (  # noqa: E402
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
)

from corpus_utils import html_report  # noqa: E402

CODE = "secret_code_marker = plot_everything()"


def _png() -> bytes:
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [0, 1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _notebook(folder, name: str, title: str) -> None:
    png = base64.b64encode(_png()).decode("ascii")
    (folder / "local_figure.png").write_bytes(_png())
    cells = [
        new_markdown_cell(f"# {title}\n\nSome prose.\n\n![a saved figure](local_figure.png)"),
        new_code_cell(
            CODE,
            execution_count=1,
            outputs=[
                new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
                new_output("stream", name="stdout", text="printed words\n"),
            ],
        ),
        new_code_cell(
            "another_hidden_line()",
            execution_count=2,
            outputs=[
                new_output(
                    "execute_result",
                    data={"image/png": png, "text/plain": "<Figure>"},
                    execution_count=2,
                ),
                new_output(
                    "display_data",
                    data={
                        html_report.WIDGET_MIME: {"model_id": "abc", "version_major": 2},
                        "text/plain": "VBox(children=(IntSlider(value=0),))",
                    },
                ),
            ],
        ),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["papermill"] = {"parameters": {"corpus": "data/articles", "group_by": "outlet"}}
    # papermill saves the widgets' state; the page loads no widget script, so it is dropped
    state = {"abc": {"model_name": "VBoxModel", "state": {"marker": "saved_widget_state"}}}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": state}}
    nbformat.write(nb, folder / name)


@pytest.fixture
def site(tmp_path):
    executed = tmp_path / "executed"
    executed.mkdir()
    _notebook(executed, "00_demo.ipynb", "00 · Demo overview")
    _notebook(executed, "01_more.ipynb", "01 · More demo")
    out = tmp_path / "report"
    names = ["00_demo.ipynb", "01_more.ipynb", "02_never_run.ipynb"]
    pages = html_report.build_report(executed, out, title="Demo report", names=names)
    return out, pages


def test_every_image_is_embedded_and_nothing_is_fetched(site):
    out, pages = site
    assert [p.page.name for p in pages] == ["00_demo.html", "01_more.html"]
    for page in pages:
        text = page.page.read_text(encoding="utf-8")
        srcs = re.findall(r'<img[^>]*\ssrc="([^"]*)"', text)
        # two PNG outputs and one Markdown image, each as a data URI
        assert len(srcs) == 3, srcs
        assert all(s.startswith("data:image/png;base64,") for s in srcs)
        assert not re.search(r"<script[^>]*\ssrc=", text), "a script is fetched"
        assert not re.search(r'<link[^>]*\shref="http', text), "a stylesheet is fetched"


def test_no_code_input_is_shown_but_outputs_and_prose_are(site):
    _, pages = site
    text = pages[0].page.read_text(encoding="utf-8")
    assert "secret_code_marker" not in text
    assert "another_hidden_line" not in text
    assert "printed words" in text
    assert "Some prose." in text
    assert "In&nbsp;[1]" not in text and "In [1]" not in text


def test_a_widget_becomes_a_note_and_its_saved_state_is_dropped(site):
    _, pages = site
    text = pages[0].page.read_text(encoding="utf-8")
    assert "VBox(children" not in text
    assert "saved_widget_state" not in text
    assert text.count("An interactive widget") == 1


def test_the_index_links_every_page_and_names_what_was_not_run(site):
    out, pages = site
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', index)
    assert links == [("00_demo.html", "00 · Demo overview"), ("01_more.html", "01 · More demo")]
    assert all((out / href).is_file() for href, _ in links)
    assert "02_never_run.ipynb: not run for this corpus" in index
    assert "group_by = &#x27;outlet&#x27;" in index
    # each page links back to the contents page
    assert all('href="index.html"' in p.page.read_text(encoding="utf-8") for p in pages)


def test_no_executed_notebook_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="run `make figures`"):
        html_report.build_report(tmp_path, tmp_path / "out", title="x", names=["00_a.ipynb"])


def test_a_broken_notebook_is_a_clear_error(tmp_path):
    (tmp_path / "00_a.ipynb").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="00_a.ipynb is not a readable notebook"):
        html_report.build_report(tmp_path, tmp_path / "out", title="x", names=["00_a.ipynb"])


def test_the_report_folder_is_named_after_the_corpus():
    assert html_report.corpus_name("data/articles") == "articles"
    assert html_report.executed_dir_for("data/articles") == html_report.notebook_runner.EXECUTED_DIR
