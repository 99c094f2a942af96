"""figures/ is regenerated from the code: a stale or missing figure fails here."""

import json
import re
import shutil

import plotly.graph_objects as go
import pytest

from partners_in_healing import figures
from partners_in_healing.view.figure_spec import KeyFigure

KEY_FIGURES = figures.all_key_figures()


@pytest.mark.parametrize("kf", KEY_FIGURES, ids=lambda k: k.name)
def test_committed_figure_matches_the_code(kf):
    stored = figures.FIGURES / f"{kf.name}.json"
    assert stored.exists(), f"{stored.name} missing: run `make figures`"
    assert json.loads(stored.read_text()) == figures.spec(kf.figure), (
        f"{kf.name} is stale: run `make figures` and commit figures/"
    )


@pytest.mark.parametrize("kf", KEY_FIGURES, ids=lambda k: k.name)
def test_every_format_and_alt_text_is_there(kf):
    out = figures.FIGURES
    for ext in ("png", "svg", "html"):
        assert (out / f"{kf.name}.{ext}").stat().st_size > 1000
    assert (out / f"{kf.name}.alt.txt").read_text().strip() == kf.alt
    assert "<desc>" in (out / f"{kf.name}.svg").read_text()[:5000]
    page = (out / f"{kf.name}.html").read_text()
    assert 'src="plotly.min.js"' in page and len(page) < 500_000, (
        "plotly.js must be shared, not inlined"
    )
    assert not re.search(r'(src|href)="https?://', page), "the page would need the internet"
    assert kf.name in (out / "README.md").read_text()


def test_one_shared_plotly_bundle_and_nothing_extra():
    names = {kf.name for kf in KEY_FIGURES}
    stems = {p.name.split(".")[0] for p in figures.FIGURES.iterdir()} - {"README", "plotly"}
    assert stems == names, f"figures/ holds files no lesson makes: {sorted(stems - names)}"
    assert (figures.FIGURES / "plotly.min.js").stat().st_size > 1_000_000


@pytest.mark.skipif(
    shutil.which("chromium") is None, reason="needs Debian's chromium (make test installs it)"
)
def test_export_pipeline_writes_images(tmp_path, monkeypatch):
    kf = KeyFigure(
        "99-test", go.Figure(go.Scatter(y=[1, 3, 2])), "A test line rising then falling."
    )
    monkeypatch.setattr(figures, "all_key_figures", lambda: [kf])
    figures.export(tmp_path)
    assert (tmp_path / "99-test.png").read_bytes()[:4] == b"\x89PNG"
    assert "<desc>A test line" in (tmp_path / "99-test.svg").read_text()


def test_spec_rounds_binary_arrays_so_last_bits_do_not_count():
    """Two machines can differ in the last bit of a float (BLAS/SIMD paths): the
    staleness check must not see that, but must see a real change."""
    import numpy as np
    import plotly.graph_objects as go

    y = np.linspace(0.1, 40.0, 50)
    nudged = np.nextafter(y, np.inf)
    a = figures.spec(go.Figure(go.Scatter(y=y)))
    assert a == figures.spec(go.Figure(go.Scatter(y=nudged)))
    assert a != figures.spec(go.Figure(go.Scatter(y=y + 1e-3)))
    assert a["data"][0]["y"][:2] == [0.1, float(f"{y[1]:.6g}")]
    grid = figures.spec(go.Figure(go.Heatmap(z=np.arange(6.0).reshape(2, 3))))
    assert grid["data"][0]["z"] == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]


@pytest.mark.parametrize("kf", KEY_FIGURES, ids=lambda k: k.name)
def test_no_toolbar_button_reaches_another_host(kf):
    """plotly's "Share chart" (an upload to Chart Studio) and the selection tools are off."""
    page = (figures.FIGURES / f"{kf.name}.html").read_text()
    config = json.loads(re.search(r'\{"displaylogo": false[^}]*\}', page).group(0))
    assert config["showSendToCloud"] is False and config["showLink"] is False
    assert {"sendDataToCloud", "select2d", "lasso2d"} <= set(config["modeBarButtonsToRemove"])


def test_svg_ids_do_not_change_between_exports():
    a = '<svg><defs id="defs-1a2b3c"/><g clip-path="url(#clip1a2b3cxy)"/><g id="legend1a2b3c"/>'
    b = a.replace("1a2b3c", "9f8e7d")
    assert figures.stable_svg_ids(a, "x") == figures.stable_svg_ids(b, "x")
    assert "1a2b3c" not in figures.stable_svg_ids(a, "x")
    assert figures.stable_svg_ids(a, "x") != figures.stable_svg_ids(a, "y")


@pytest.mark.skipif(
    shutil.which("chromium") is None, reason="needs Debian's chromium (make test installs it)"
)
def test_make_figures_leaves_an_unchanged_figure_byte_identical(tmp_path, monkeypatch):
    kf = KeyFigure("99-test", go.Figure(go.Bar(y=[1, 3, 2])), "Three bars.")
    monkeypatch.setattr(figures, "all_key_figures", lambda: [kf])
    figures.export(tmp_path / "a")
    figures.export(tmp_path / "b")
    for f in (tmp_path / "a").iterdir():
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name
