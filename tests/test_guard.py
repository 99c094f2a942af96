"""The kernel decides what a control may be (widgets/guard.py): a page may move a control
within its range, never resize it or send it a value outside it."""

from __future__ import annotations

import math

import ipywidgets as W
import pytest

from partners_in_healing.lessons import LESSONS
from partners_in_healing.widgets import guard
from partners_in_healing.widgets.lesson00 import CohortDemo

DEMOS = [(lesson.number, cls) for lesson in LESSONS for cls in lesson.demos()]


def from_page(widget: W.Widget, **state) -> None:
    """Deliver ``state`` to ``widget`` as the page's websocket would (an ``update`` comm msg)."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": state}}, "buffers": []})


def bounded(demo) -> list[tuple[str, W.Widget]]:
    return [(k, w) for k, w in demo.controls.items() if hasattr(w, "max") and hasattr(w, "min")]


def test_the_guard_is_installed_by_the_demo_machinery():
    assert W.Widget.set_state is guard.guarded_set_state


@pytest.mark.parametrize("number,cls", DEMOS, ids=[f"{n}-{c.__name__}" for n, c in DEMOS])
def test_a_page_cannot_resize_a_control_or_leave_its_range(number, cls):
    demo = cls()
    assert bounded(demo) or any(hasattr(w, "options") for w in demo.controls.values())
    for name, w in demo.controls.items():
        before = {k: getattr(w, k) for k in ("min", "max", "step", "options") if hasattr(w, k)}
        value = w.value
        for key, old in before.items():
            bad = (old * 10 + 10**7) if key in ("max", "step") else old
            if key == "min":
                bad = old - 10**7
            if key == "options":
                bad = [*old, "x" * 1000]
            from_page(w, **{key: bad})
            assert getattr(w, key) == old, f"{name}.{key} changed from the page"
        if "max" in before:
            lo, hi = before["min"], before["max"]
            for bad in (hi + 10 * (hi - lo) + 1, lo - (hi - lo) - 1, math.nan, math.inf, "12"):
                from_page(w, value=bad if not isinstance(value, tuple) else (lo, bad))
                assert w.value == value, f"{name} took {bad!r} from the page"


def test_the_replayed_memory_attack_leaves_lesson_00_at_its_size():
    """The attack of issue 15: raise "Number of patients"' max, then its value."""
    demo = CohortDemo()
    n = demo.controls["n"]
    from_page(n, max=10_000_000)
    from_page(n, value=10_000_000)
    from_page(n, max=10_000_000, value=10_000_000)
    assert (n.max, n.value) == (1000, 200)
    assert len(demo.fig.data[1].x) == 200


def test_a_page_still_moves_a_control_within_its_range():
    demo = CohortDemo()
    n = demo.controls["n"]
    before = demo.fig.layout.title.text
    from_page(n, value=400)
    assert n.value == 400 and len(demo.fig.data[1].x) == 400
    assert demo.fig.layout.title.text != before
    menu = demo.preset
    labels = [o[0] if isinstance(o, tuple) else o for o in menu.options]
    from_page(menu, index=next(i for i, o in enumerate(labels) if "pilot" in str(o)))
    assert n.value == 20


def test_a_refused_update_is_logged_and_the_page_told_the_kernels_state(caplog, monkeypatch):
    s = W.IntSlider(value=5, min=0, max=10)
    sent = []
    monkeypatch.setattr(s, "send_state", lambda key=None: sent.append(key))
    with caplog.at_level("WARNING", logger="partners_in_healing.guard"):
        from_page(s, max=10**9, value=7)
    assert (s.max, s.value) == (10, 7)
    assert sent == [["max"]]
    assert "refused a page's change of max" in caplog.text


def test_the_figure_widget_takes_nothing_from_the_page():
    plot = CohortDemo().fig.widget()
    spec = plot.spec
    from_page(plot, spec={"data": [{"x": list(range(10**5))}], "layout": {}})
    assert plot.spec == spec


def test_an_output_widget_keeps_what_its_page_captured():
    """A student's own ``@interact`` draws in a kernel that has imported a lesson: the page
    stores the captured output in the Output widget (ipywidgets' own protocol)."""
    out = W.Output()
    image = {"output_type": "display_data", "data": {"image/png": "iVBOR"}, "metadata": {}}
    from_page(out, outputs=[image])
    assert out.outputs == (image,)


def test_interact_output_is_not_sent_back_empty(monkeypatch):
    out = W.interactive(lambda x: print(x), x=W.IntSlider(value=1, min=0, max=3)).children[-1]
    assert isinstance(out, W.Output)
    sent = []
    monkeypatch.setattr(out, "send_state", lambda key=None: sent.append(key))
    from_page(out, outputs=[{"output_type": "stream", "name": "stdout", "text": "1\n"}])
    assert sent == [] and out.outputs[0]["text"] == "1\n"


def test_other_libraries_widgets_keep_their_own_sync():
    """plotly's go.FigureWidget reports a zoom from the page; the guard leaves it alone."""
    import plotly.graph_objects as go

    fig = go.FigureWidget(go.Scatter(x=[0, 1], y=[0, 1]))
    assert not guard.covered(fig)
    from_page(
        fig, _js2py_relayout={"relayout_data": {"xaxis.range": [0, 0.5]}, "source_view_id": "v"}
    )
    assert fig.layout.xaxis.range == (0, 0.5)
