"""Look-ahead (widgets/ahead.py): the next steps of a slider, drawn before they are asked for.

The page may go from any node of a tree to any other and must then show exactly what
the kernel would have drawn; the kernel's own update for a node must say which node
it is; building a tree must leave the figure as it was and send nothing but the tree.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import Undefined

from partners_in_healing import lessons
from partners_in_healing.widgets import ahead, figure
from partners_in_healing.widgets.lesson01 import TrajectoryDemo

DEMOS = [cls for lesson in lessons.LESSONS for cls in lesson.demos()]


def _decode(v):
    if isinstance(v, dict) and {"dtype", "bdata"} <= v.keys():
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    if isinstance(v, dict):
        return {k: _decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_decode(x) for x in v]
    return Undefined if v == figure.UNDEFINED else v


def _apply(fig: go.Figure, msg: dict) -> None:
    """What plot.js does with an update message, done by plotly.py."""
    fig.plotly_update(
        restyle_data={k: _decode(v) for k, v in msg["data"].items()},
        relayout_data={k: _decode(v) for k, v in msg["layout"].items()},
        trace_indexes=msg["traces"],
    )


def _canon(fig) -> dict:
    """The figure as plain JSON, numbers to 9 digits (typed arrays and lists alike)."""

    def norm(v):
        if isinstance(v, dict) and {"dtype", "bdata"} <= v.keys():
            v = _decode(v)
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        if isinstance(v, list):
            return [norm(x) for x in v]
        return round(v, 9) if isinstance(v, float) else v

    return norm(json.loads(go.Figure(fig).to_json()))


def _shown(demo):
    """The demo with its widget made and every message it sends kept (as JSON)."""
    demo.widget  # noqa: B018 (makes the Plot)
    sent = []
    demo.fig.plot.send = lambda msg, buffers=None: sent.append(json.loads(json.dumps(msg)))
    return sent


def _first_slider(demo) -> str:
    return next(k for k, w in demo.controls.items() if ahead.is_slider(w))


@pytest.mark.parametrize("cls", DEMOS, ids=lambda c: c.__name__)
def test_every_node_drawn_from_any_other_is_what_the_kernel_draws(cls):
    demo = cls()
    sent = _shown(demo)
    name = _first_slider(demo)
    before = _canon(demo.fig)
    msg = demo.look_ahead(name)
    assert msg is not None and sent == [msg], "building a tree sends the tree, nothing else"
    assert _canon(demo.fig) == before, "building a tree leaves the figure as it was"
    assert len(msg["entries"]) >= 2 and msg["slider"] == demo.controls[name].model_id
    start = demo.values()
    kernel = {}
    for value, _ in msg["entries"]:  # what the kernel itself draws for each node
        demo.set_values({**start, name: value})
        kernel[value] = _canon(demo.fig)
    demo.set_values(start)
    page = go.Figure(demo.fig)
    for a, entry_a in msg["entries"]:
        for b, entry_b in msg["entries"]:
            fig = go.Figure(page)
            _apply(fig, entry_a)
            _apply(fig, entry_b)
            assert _canon(fig) == kernel[b], f"{cls.__name__}: node {a} then node {b}"


def test_the_kernels_update_names_the_node_it_draws():
    demo = TrajectoryDemo()
    sent = _shown(demo)
    w = demo.controls["interaction"]
    w.value = round(w.value + w.step, 12)  # a first move: no tree yet, no tag
    assert "tags" not in sent[-1]
    tree = demo.look_ahead("interaction")
    w.value = tree["entries"][1][0]
    assert sent[-1]["tags"] == {tree["tree"]: tree["entries"][1][0]}
    assert sent[-1]["v"] == tree["root"] + 1
    demo.controls["medication"].value = 0.5  # another control: off every node of the tree
    assert "tags" not in sent[-1]


def test_a_node_the_page_already_shows_still_gets_its_tag():
    demo = TrajectoryDemo()
    sent = _shown(demo)
    tree = demo.look_ahead("interaction")
    n = len(sent)
    demo.update()  # nothing changes: the page learns it shows the root
    assert len(sent) == n + 1 and sent[-1]["tags"] == {tree["tree"]: tree["entries"][0][0]}
    assert sent[-1]["traces"] == [] and sent[-1]["layout"] == {}


def test_trees_are_forgotten_when_something_else_changes_the_figure():
    demo = TrajectoryDemo()
    sent = _shown(demo)
    tree = demo.look_ahead("interaction")
    demo.set_projector(True)  # changes the figure outside update()
    demo.controls["interaction"].value = tree["entries"][1][0]
    assert "tags" not in sent[-1]


def test_neighbours_stay_in_range_and_keep_the_slider_type():
    w = W.IntSlider(value=1, min=0, max=10, step=1)
    assert ahead.neighbours(w) == [2, 0, 3] and all(isinstance(x, int) for x in ahead.neighbours(w))
    f = W.FloatSlider(value=0.9, min=0.0, max=1.0, step=0.1)
    assert ahead.neighbours(f) == pytest.approx([1.0, 0.8, 0.7])


def test_the_budget_bounds_the_work(monkeypatch):
    monkeypatch.setattr(ahead, "BUDGET_S", 0.0)
    demo = TrajectoryDemo()
    _shown(demo)
    msg = demo.look_ahead("interaction")
    assert len(msg["entries"]) == 2, (
        "the root and the one neighbour drawn before the budget ran out"
    )


def test_no_tree_when_a_step_adds_traces():
    demo = TrajectoryDemo()
    _shown(demo)
    draw = demo.draw

    def adding(values):
        draw(values)
        if values != demo.values():
            demo.fig.add_scatter(y=[1, 2])

    demo.draw = adding
    assert demo.look_ahead("interaction") is None


def test_no_page_no_tree():
    assert TrajectoryDemo().look_ahead("interaction") is None


def _in_own_loop(scenario):
    """Run ``scenario()`` in a new event loop on its own thread (as a kernel would run it;
    the browser tests leave Playwright's loop set on the main thread)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario()).result(timeout=60)


def _methods_after_a_move() -> list[str]:
    """What a TrajectoryDemo sends for one slider move, its event loop left to run."""

    async def scenario():
        demo = TrajectoryDemo()
        sent = _shown(demo)
        demo.controls["interaction"].value = 0.5
        for _ in range(20):
            await asyncio.sleep(0)
        return [m["method"] for m in sent]

    return _in_own_loop(scenario)


def test_in_a_kernel_the_tree_is_drawn_between_messages_and_dropped_when_stale(monkeypatch):
    monkeypatch.setattr(ahead, "in_kernel", lambda: True)
    monkeypatch.setattr(ahead, "busy", lambda: False)

    async def scenario():
        demo = TrajectoryDemo()
        sent = _shown(demo)
        w = demo.controls["interaction"]
        w.value = round(w.value + w.step, 12)  # observer -> update(moved=...) -> scheduled
        assert [m["method"] for m in sent] == ["update"], "the tree waits for the event loop"
        for _ in range(20):
            await asyncio.sleep(0)
        assert [m["method"] for m in sent] == ["update", "ahead"]
        w.value = round(w.value + w.step, 12)
        w.value = round(w.value + w.step, 12)  # moved again before the first tree started
        for _ in range(20):
            await asyncio.sleep(0)
        assert [m["method"] for m in sent].count("ahead") == 2, "only the tree of the last value"
        assert sent[-1]["method"] == "ahead" and sent[-1]["entries"][0][0] == pytest.approx(w.value)

    _in_own_loop(scenario)


def test_look_ahead_can_be_switched_off(monkeypatch):
    monkeypatch.setenv(ahead.ENV, "0")
    monkeypatch.setattr(ahead, "in_kernel", lambda: True)

    assert _methods_after_a_move() == ["update"]


def test_a_kernel_waiting_for_the_cpu_gets_no_look_ahead(monkeypatch):
    monkeypatch.delenv(ahead.ENV, raising=False)
    monkeypatch.setattr(ahead, "in_kernel", lambda: True)
    monkeypatch.setattr(ahead, "cpu_pressure", lambda: None)
    monkeypatch.setattr(ahead, "_recent", ahead.deque([(0.05, 0.005)] * 8, maxlen=ahead.RECENT))

    assert ahead.busy() and _methods_after_a_move() == ["update"]


def test_busy_means_cpu_pressure_where_linux_reports_it(monkeypatch, tmp_path):
    monkeypatch.delenv(ahead.ENV, raising=False)
    psi = tmp_path / "cpu"
    psi.write_text(
        "some avg10=55.10 avg60=20.00 avg300=5.00 total=1\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
    )
    assert ahead.cpu_pressure(str(psi)) == 55.1
    assert ahead.cpu_pressure(str(tmp_path / "missing")) is None
    monkeypatch.setattr(ahead, "cpu_pressure", lambda: 55.1)
    assert ahead.busy()
    monkeypatch.setattr(ahead, "cpu_pressure", lambda: 3.0)
    assert not ahead.busy()


def test_busy_means_drawings_took_far_longer_than_their_cpu_time(monkeypatch):
    monkeypatch.delenv(ahead.ENV, raising=False)
    monkeypatch.setattr(ahead, "cpu_pressure", lambda: None)  # no PSI: the kernel's own timing
    recent = ahead.deque(maxlen=ahead.RECENT)
    monkeypatch.setattr(ahead, "_recent", recent)
    assert not ahead.busy(), "too few drawings to tell"
    recent.extend([(0.011, 0.010)] * ahead.RECENT)  # a free CPU: wall time about CPU time
    assert not ahead.busy()
    recent.extend([(0.060, 0.010)] * ahead.RECENT)  # waiting for the CPU most of the time
    assert ahead.busy()
    recent.clear()
    with ahead.timed():
        ahead.time.sleep(0.02)  # waiting, not computing
    wall, cpu = recent[-1]
    assert wall >= 0.02 and cpu < wall / 2, "timed() records wall clock and CPU time"


def test_always_ignores_a_busy_cpu(monkeypatch):
    monkeypatch.setenv(ahead.ENV, "always")
    monkeypatch.setattr(ahead, "cpu_pressure", lambda: 99.0)
    assert ahead.enabled() and not ahead.busy()


def test_outside_a_kernel_nothing_is_scheduled():
    assert _methods_after_a_move() == ["update"]
