"""The live figure widget: what travels to the page, and where plotly.js comes from."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from partners_in_healing import serve
from partners_in_healing.widgets import figure
from partners_in_healing.widgets.lesson01 import TrajectoryDemo


def _capture(plot):
    """Messages the plot sends (as JSON)."""
    sent = []

    def send(msg, buffers=None):
        sent.append(json.loads(json.dumps(msg)))  # must be JSON

    plot.send = send
    return sent


def test_plotly_travels_inside_the_widget_outside_our_servers(monkeypatch):
    monkeypatch.delenv(figure.ENV, raising=False)
    w = figure.figure_widget(go.Figure(go.Scatter(y=[1, 2])))
    assert isinstance(w, figure.Plot)
    assert len(w._esm) > 1_000_000 and "plotly.js (cartesian" in w._esm


def test_only_a_loader_travels_under_our_servers(monkeypatch):
    monkeypatch.setenv(figure.ENV, "1")
    demo = TrajectoryDemo()
    assert isinstance(demo.fig, figure.LiveFigure)
    esm = demo.fig.widget()._esm
    assert len(esm) < 20_000, "the loader, not the 1.5 MB bundle, travels with each widget"
    for path in figure.BUNDLE_PATHS:
        assert path in esm
    assert demo.fig.widget() is demo.fig.widget()


def test_a_site_can_name_the_one_path_of_the_bundle(monkeypatch):
    monkeypatch.setenv(figure.ENV, "static/pih/plotly-cartesian.min.js")  # the browser version
    esm = figure.figure_widget(go.Figure(go.Scatter(y=[1, 2])))._esm
    assert len(esm) < 20_000
    assert '["static/pih/plotly-cartesian.min.js"]' in esm
    assert figure.BUNDLE_PATHS[0] not in esm, "no request for a path the site does not have"


def test_a_slider_move_sends_one_small_update_of_what_changed(monkeypatch):
    monkeypatch.setenv(figure.ENV, "1")
    demo = TrajectoryDemo()
    sent = _capture(demo.fig.widget())
    demo.controls["interaction"].value = 0.5
    assert len(sent) == 1
    msg = sent[0]
    assert msg["method"] == "update" and msg["layout"] == {}
    assert msg["traces"] == [6, 7], "the interaction only moves the combined arm (band and mean)"
    y = msg["data"]["y"][1]
    assert y["dtype"] == "f8"
    decoded = np.frombuffer(__import__("base64").b64decode(y["bdata"]), dtype="<f8")
    assert np.allclose(decoded, demo.fig.data[7].y)
    assert len(json.dumps(msg)) < 2_000


def test_layout_changes_and_plain_assignments_are_sent_too():
    fig = figure.LiveFigure(go.Figure(go.Scatter(y=[1, 2]), layout=dict(title_text="a")))
    sent = _capture(fig.widget())
    fig.layout.title.text = "b"
    fig.data[0].y = [3, 4]
    assert sent[0] == {"method": "update", "data": {}, "layout": {"title.text": "b"}, "traces": []}
    assert sent[1]["data"] == {"y": [[3, 4]]} and sent[1]["traces"] == [0]


def test_adding_a_trace_redraws_the_whole_figure():
    fig = figure.LiveFigure(go.Figure(go.Scatter(y=[1, 2])))
    sent = _capture(fig.widget())
    fig.add_scatter(y=[5, 6])
    assert sent[-1]["method"] == "react" and len(sent[-1]["spec"]["data"]) == 2


def test_a_view_that_missed_changes_gets_the_current_figure():
    fig = figure.LiveFigure(go.Figure(go.Scatter(y=[1, 2])))
    plot = fig.widget()
    sent = _capture(plot)
    plot._on_msg(plot, {"method": "shown"}, [])
    assert sent == [], "nothing changed since the spec it drew"
    fig.data[0].y = [7, 8]
    plot._on_msg(plot, {"method": "shown"}, [])
    assert sent[-1]["method"] == "react"
    assert sent[-1]["spec"]["data"][0]["y"] == [7, 8]


@pytest.mark.parametrize(
    "value, expected",
    [
        (np.array([1.5, 2.5]), {"dtype": "f8"}),
        (np.array([1, 2], dtype=np.int64), {"dtype": "i1"}),
        (np.array(["a", "b"]), ["a", "b"]),
        (np.float64(2.5), 2.5),
        ((1, 2), [1, 2]),
    ],
)
def test_encode(value, expected):
    out = figure.encode(value)
    if isinstance(expected, dict):
        assert out["dtype"] == expected["dtype"] and "bdata" in out
    else:
        assert out == expected


def test_servers_set_the_flag_and_serve_plotly(tmp_path, monkeypatch):
    assert serve._environ()[figure.ENV] == "1"
    monkeypatch.setattr(serve, "static_dir", lambda: tmp_path / "static")
    monkeypatch.setattr(serve, "template_root", lambda: tmp_path / "app")
    serve.prepare_static()
    a = tmp_path / "static" / "pih" / figure.SERVED_NAME
    b = tmp_path / "app" / "voila" / "templates" / "pih" / "static" / figure.SERVED_NAME
    assert a.read_bytes() == b.read_bytes() == figure.PLOTLY_JS.read_bytes()
    assert a.read_text()[:200].count("plotly.js (cartesian - minified) v4.1.1") == 1


def test_the_app_draws_figures_without_plotlys_toolbar():
    """Lecturer walkthrough: Tab stopped on the toolbar's seven buttons, Enter on the camera
    covered the controls with two notices, and a zoom after a download scrolled the page."""
    from partners_in_healing.widgets import controls
    from partners_in_healing.widgets.figure import LiveFigure

    assert LiveFigure().spec()["config"].get("displayModeBar", True) is True  # JupyterLab
    controls.use_presenter(True)
    try:
        assert LiveFigure().spec()["config"]["displayModeBar"] is False
        assert LiveFigure().spec()["config"]["displaylogo"] is False
    finally:
        controls.use_presenter(False)
    assert LiveFigure().spec()["config"]["displayModeBar"] is True
