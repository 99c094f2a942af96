"""The shared plotly widget code: which widget kind is used, and where its code is served."""

import plotly.graph_objects as go

from partners_in_healing import serve
from partners_in_healing.widgets import figure
from partners_in_healing.widgets.lesson01 import TrajectoryDemo


def test_plain_figurewidget_outside_our_servers(monkeypatch):
    monkeypatch.delenv(figure.ENV, raising=False)
    w = figure.figure_widget(go.Figure(go.Scatter(y=[1, 2])))
    assert isinstance(w, go.FigureWidget) and not isinstance(w, figure.SharedBundleFigureWidget)


def test_shared_bundle_under_our_servers(monkeypatch):
    monkeypatch.setenv(figure.ENV, "1")
    demo = TrajectoryDemo()
    assert isinstance(demo.fig, figure.SharedBundleFigureWidget)
    esm = demo.fig._esm
    assert len(esm) < 5_000, "the loader, not the 5 MB bundle, travels with each widget"
    for path in figure.BUNDLE_PATHS:
        assert path in esm
    assert "initialize(ctx)" in esm and "await real" in esm


def test_servers_set_the_flag_and_serve_the_bundle(tmp_path, monkeypatch):
    assert serve._environ()[figure.ENV] == "1"
    monkeypatch.setattr(serve, "static_dir", lambda: tmp_path / "static")
    monkeypatch.setattr(serve, "template_root", lambda: tmp_path / "app")
    serve.prepare_static()
    a = tmp_path / "static" / "pih" / "plotly-widget.js"
    b = tmp_path / "app" / "voila" / "templates" / "pih" / "static" / "plotly-widget.js"
    assert a.stat().st_size > 1_000_000 and a.read_bytes() == b.read_bytes()
    assert a.read_text()[-3000:].count("as default") == 1
