"""Every allowed setting draws (issue 15): for every demo of every lesson, hypothesis sets
its controls to random values each control allows and the figure updates without an
exception, to the same picture whatever the path that led to those values."""

from __future__ import annotations

import json
import os

import ipywidgets as W
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plotly.utils import PlotlyJSONEncoder

from partners_in_healing.lessons import LESSONS

DEMOS = [(lesson.number, cls) for lesson in LESSONS for cls in lesson.demos()]
IDS = [f"{n}-{cls.__name__}" for n, cls in DEMOS]
# Settings per demo: the full suite tries more (make test-fast sets PIH_FAST=1).
EXAMPLES = 8 if os.environ.get("PIH_FAST") else 20


def snapshot(fig) -> str:
    d = fig.to_dict()
    layout = {k: v for k, v in d["layout"].items() if k != "template"}
    return json.dumps({"data": d["data"], "layout": layout}, cls=PlotlyJSONEncoder, sort_keys=True)


def allowed(w: W.Widget) -> st.SearchStrategy:
    """The values control ``w`` allows (on its step grid, as the page would send)."""
    if isinstance(w, (W.Dropdown, W.RadioButtons, W.ToggleButtons, W.SelectionSlider)):
        return st.sampled_from([o[1] if isinstance(o, tuple) else o for o in w.options])
    if isinstance(w, (W.Checkbox, W.ToggleButton)):
        return st.booleans()
    if isinstance(w, (W.IntRangeSlider, W.FloatRangeSlider)):
        steps = round((w.max - w.min) / w.step)
        grid = st.integers(0, steps).map(lambda k: w.min + k * w.step)
        return st.tuples(grid, grid).map(lambda t: (min(t), max(t)))
    if isinstance(w, (W.IntSlider, W.FloatSlider, W.BoundedIntText, W.BoundedFloatText)):
        steps = round((w.max - w.min) / w.step)
        cast = int if isinstance(w, (W.IntSlider, W.BoundedIntText)) else float
        return st.integers(0, steps).map(lambda k: cast(min(w.max, w.min + k * w.step)))
    raise AssertionError(f"no rule for a {type(w).__name__}")


_LIVE: dict[type, tuple] = {}


def pair(cls):
    """Two instances of a demo (built once): one moved step by step, one set at once."""
    if cls not in _LIVE:
        _LIVE[cls] = (cls(), cls())
    return _LIVE[cls]


@pytest.mark.parametrize("number,cls", DEMOS, ids=IDS)
def test_every_allowed_setting_draws(number, cls):
    walker, fresh = pair(cls)
    settings_of = st.fixed_dictionaries({k: allowed(w) for k, w in walker.controls.items()})

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(settings_of)
    def check(values):
        walker.set_values(values)  # from wherever the last example left it
        assert walker.values() == {
            k: type(walker.controls[k].value)(v) if not isinstance(v, tuple) else v
            for k, v in values.items()
        }
        fresh.set_values(fresh.defaults)
        fresh.set_values(values)  # from the start
        assert snapshot(walker.fig) == snapshot(fresh.fig), "the picture depends on the path"

    check()
