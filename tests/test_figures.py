"""Figures: saved where asked, byte-identical on a second save, data written as CSV."""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.figure import Figure

import corpus_utils as cu
from corpus_utils.plots.figures import MAX_HEIGHT, PALETTE

NAME = "00_corpus_overview__article_lengths"


@pytest.fixture
def data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["000", "001", "002", "003", "004"],
            "words": [612, 398, 745, 702, 301],
            "share": [0.5, 0.25, 0.125, 1.0, 0.0],
        }
    )


@pytest.fixture
def fig(data) -> Figure:
    f = Figure(figsize=(4, 3))
    ax = f.add_subplot()
    ax.barh(data["doc_id"], data["words"])
    ax.set_title("Words per article")
    ax.set_xlabel("words")
    return f


def test_writes_png_svg_and_csv(fig, data, tmp_path):
    written = cu.save_figure(fig, NAME, data, figures_dir=tmp_path)
    assert set(written) == {"png", "svg", "csv"}
    assert written["png"] == tmp_path / f"{NAME}.png"
    assert written["svg"] == tmp_path / f"{NAME}.svg"
    assert written["csv"] == tmp_path / f"{NAME}.csv"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{NAME}.{ext}" for ext in ("csv", "png", "svg")
    )
    assert written["png"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in written["svg"].read_bytes()


def test_without_data_no_csv(fig, tmp_path):
    written = cu.save_figure(fig, NAME, figures_dir=tmp_path / "new" / "dir")
    assert set(written) == {"png", "svg"}
    assert not (tmp_path / "new" / "dir" / f"{NAME}.csv").exists()
    assert written["png"].exists()


def test_env_variable_sets_the_folder(fig, data, tmp_path, monkeypatch):
    monkeypatch.setenv("CORPUS_UTILS_FIGURES_DIR", str(tmp_path / "figs"))
    written = cu.save_figure(fig, NAME, data)
    for ext in ("png", "svg", "csv"):
        assert written[ext] == tmp_path / "figs" / f"{NAME}.{ext}"
        assert written[ext].exists()


def test_second_save_is_byte_identical(fig, data, tmp_path):
    first = cu.save_figure(fig, NAME, data, figures_dir=tmp_path / "a")
    second = cu.save_figure(fig, NAME, data, figures_dir=tmp_path / "b")
    for ext in ("png", "svg", "csv"):
        assert first[ext].read_bytes() == second[ext].read_bytes(), ext


def test_rebuilt_figure_is_byte_identical(data, tmp_path):
    """Two separately built figures of the same data give the same files."""

    def build() -> Figure:
        f = Figure(figsize=(4, 3))
        ax = f.add_subplot()
        ax.plot(data["words"], marker="o")
        return f

    first = cu.save_figure(build(), NAME, data, figures_dir=tmp_path / "a")
    second = cu.save_figure(build(), NAME, data, figures_dir=tmp_path / "b")
    for ext in ("png", "svg", "csv"):
        assert first[ext].read_bytes() == second[ext].read_bytes(), ext


def test_no_timestamp_or_version_in_the_files(fig, data, tmp_path):
    written = cu.save_figure(fig, NAME, data, figures_dir=tmp_path)
    svg = written["svg"].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert mpl.__version__ not in svg
    assert mpl.__version__.encode() not in written["png"].read_bytes()


def test_csv_equals_the_data(fig, data, tmp_path):
    written = cu.save_figure(fig, NAME, data, figures_dir=tmp_path)
    back = pd.read_csv(written["csv"], dtype={"doc_id": str})
    pd.testing.assert_frame_equal(back, data)
    text = written["csv"].read_bytes()
    assert b"\r" not in text
    assert text.splitlines()[0] == b"doc_id,words,share"  # no index column


@pytest.mark.parametrize(
    "name",
    [
        "article lengths",
        "0_corpus__lengths",
        "00_corpus_lengths",  # single underscore
        "00_Corpus__lengths",  # upper case
        "00_corpus__lengths.png",
        "../00_corpus__lengths",
        "",
    ],
)
def test_bad_name_raises(fig, tmp_path, name):
    with pytest.raises(ValueError, match="NN_notebook__short_name"):
        cu.save_figure(fig, name, figures_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_set_style():
    with mpl.rc_context():
        cu.set_style()
        assert mpl.rcParams["savefig.dpi"] == 200
        assert mpl.rcParams["axes.spines.top"] is False
        colors = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
        assert [c.lower() for c in colors] == [c.lower() for c in PALETTE]
        assert colors[0].upper() == "#0072B2"  # Okabe-Ito blue first


def test_csv_escapes_formula_cells_and_keeps_numbers(fig, tmp_path):
    """OWASP CSV injection: text starting with = + - @ tab or CR gets a leading quote."""
    data = pd.DataFrame(
        {
            "text": [
                "=cmd|' /C calc'!A0",
                '=HYPERLINK("http://x","y")',
                "@SUM(1+1)",
                "+1",
                "-2+3",
                "\tlead",
                "plain = text",
            ],
            "count": [-1, 2, 3, 4, 5, 6, 7],
            "share": [-0.5, 0.25, 0.0, 1.0, 2.0, 3.0, 4.0],
            "label": pd.Categorical(["=A1", "ok", "ok", "ok", "ok", "ok", "ok"]),
        }
    )
    written = cu.save_figure(fig, NAME, data, figures_dir=tmp_path)
    back = pd.read_csv(written["csv"], keep_default_na=False)
    assert back["text"].tolist() == [
        "'=cmd|' /C calc'!A0",
        '\'=HYPERLINK("http://x","y")',
        "'@SUM(1+1)",
        "'+1",
        "'-2+3",
        "'\tlead",
        "plain = text",
    ]
    assert back["count"].tolist() == [-1, 2, 3, 4, 5, 6, 7]  # numbers stay numbers
    assert back["share"].iloc[0] == -0.5
    assert back["label"].iloc[0] == "'=A1"
    assert "=cmd" in data["text"].iloc[0] and data["text"].iloc[0][0] == "="  # not mutated


def test_csv_escapes_formula_column_names(fig, tmp_path):
    data = pd.DataFrame({"=1+1": [1], "ok": ["x"]})
    written = cu.save_figure(fig, NAME, data, figures_dir=tmp_path)
    assert written["csv"].read_text(encoding="utf-8").splitlines()[0] == "'=1+1,ok"


def test_escape_formulas_carriage_return_and_missing_values():
    from corpus_utils.plots.figures import escape_formulas

    data = pd.DataFrame({"t": pd.array(["\rx", None, "a-b"], dtype="string"), "n": [1.5, -2.0, 3]})
    out = escape_formulas(data)
    assert out["t"].tolist()[0] == "'\rx" and out["t"].isna().tolist() == [False, True, False]
    assert out["t"].iloc[2] == "a-b"  # only a leading character counts
    assert out["n"].tolist() == [1.5, -2.0, 3.0]


def test_csv_floats_do_not_carry_the_noise_of_the_last_bits(fig, tmp_path):
    a = pd.DataFrame({"x": [0.8055356437266125]})
    b = pd.DataFrame({"x": [0.8055356437266123]})  # the same value from another BLAS run
    wa = cu.save_figure(fig, NAME, data=a, figures_dir=tmp_path / "a")
    wb = cu.save_figure(fig, NAME, data=b, figures_dir=tmp_path / "b")
    assert wa["csv"].read_bytes() == wb["csv"].read_bytes() == b"x\n0.805535643727\n"


def test_save_table_writes_the_whole_table_as_csv_only(tmp_path):
    table = pd.DataFrame({"term": ["=cmd", "russia"], "g2": [1.5, -2.25], "n": [3, 4]})
    path = cu.save_table(table, "01_term_frequency__keyness_table", figures_dir=tmp_path)
    assert path == tmp_path / "01_term_frequency__keyness_table.csv"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no figure files
    assert path.read_text(encoding="utf-8") == "term,g2,n\n'=cmd,1.5,3\nrussia,-2.25,4\n"
    with pytest.raises(ValueError, match="NN_notebook__short_name"):
        cu.save_table(table, "keyness", figures_dir=tmp_path)


def _quote_shares(n: int) -> pd.DataFrame:
    quote = [(i * 7) % 40 for i in range(n)]
    return pd.DataFrame(
        {
            "doc_id": [f"{i:04d}" for i in range(n)],
            "label": [f"{i:04d} · headline" for i in range(n)],
            "narration": [100 - q for q in quote],
            "partial": [0] * n,
            "quote": quote,
            "words": [100] * n,
            "quoted_share": [q / 100 for q in quote],
        }
    )


@pytest.mark.parametrize("n", [40, 2225])
def test_quote_share_is_never_taller_than_max_height(n):
    """40 articles: one bar each, 12 in (not 19.8); 2,225: a 4.5 in histogram."""
    from corpus_utils.plots import sourceplots

    ax = sourceplots.plot_quote_share(_quote_shares(n))
    height = ax.figure.get_size_inches()[1]
    assert height == (MAX_HEIGHT if n == 40 else 4.5)
    if n == 40:
        assert len(ax.get_yticklabels()) == 40  # every article keeps its row
    else:
        assert ax.get_ylabel() == "Articles"


def test_figure_height_is_bounded():
    from corpus_utils.plots.figures import MAX_HEIGHT, figure_height

    assert MAX_HEIGHT == 12.0
    assert figure_height(40, 0.45, 1.8) == 12.0  # 0.45 * 40 + 1.8 = 19.8 without the bound
    assert figure_height(10, 0.45, 1.8) == 6.3
    assert figure_height(0, 0.45, 1.8) == 3.0
    assert figure_height(0, 0.45, 1.8, minimum=4.0) == 4.0
