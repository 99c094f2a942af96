"""Lesson 02 demos in the kernel: every control changes the figure, presets and reset
work, the figure is built once and updated in place, the play control drives the
week slider, and the figures for slides are complete."""

from __future__ import annotations

import json
import re
import statistics
import time

import ipywidgets as W
import numpy as np
import pytest
from ipywidgets.widgets import widget as widget_module
from ipywidgets.widgets.widget_link import Link
from plotly.utils import PlotlyJSONEncoder

from partners_in_healing.lessons import LESSONS
from partners_in_healing.model.outcome import Outcome
from partners_in_healing.view import lesson02 as view
from partners_in_healing.view.theme import ARM_COLOURS, OKABE_ITO
from partners_in_healing.widgets import controls
from partners_in_healing.widgets import lesson02 as L


def snapshot(fig) -> str:
    """Trace data and drawn layout (without the theme), as JSON."""
    d = fig.to_dict()
    layout = {k: v for k, v in d["layout"].items() if k != "template"}
    return json.dumps({"data": d["data"], "layout": layout}, cls=PlotlyJSONEncoder, sort_keys=True)


def data_snapshot(fig) -> str:
    return json.dumps(fig.to_dict()["data"], cls=PlotlyJSONEncoder, sort_keys=True)


def other_value(w):
    if isinstance(w, W.Dropdown):
        return next(o for o in w.options if o != w.value)
    return w.max if w.value != w.max else w.min


@pytest.fixture(scope="module")
def demos():
    return {cls.__name__: cls() for cls in L.DEMOS}


@pytest.fixture(params=[cls.__name__ for cls in L.DEMOS])
def demo(request, demos):
    d = demos[request.param]
    d.reset()
    yield d
    d.reset()


def test_four_demos_registered():
    assert [c.__name__ for c in L.DEMOS] == [
        "PulseDemo",
        "ClusterDemo",
        "BrainDemo",
        "PlasticityDemo",
    ]
    lesson = next(x for x in LESSONS if x.number == "02")
    assert lesson.demos() == L.DEMOS
    assert lesson.notebook == "02-bottom-up-top-down.ipynb"


def test_every_control_changes_the_figure_data(demo):
    for name, w in demo.controls.items():
        demo.reset()
        before, before_data = snapshot(demo.fig), data_snapshot(demo.fig)
        w.value = other_value(w)
        assert snapshot(demo.fig) != before, f"{type(demo).__name__}.{name} changed nothing"
        if name != "show":  # "show" only hides traces, which is still trace data
            assert data_snapshot(demo.fig) != before_data, f"{name} changed no trace data"


def test_controls_are_labelled_with_units(demo):
    for name, w in demo.controls.items():
        assert w.description.strip(), name
        if isinstance(w, W.FloatSlider):
            assert "(" in w.description, f"{name}: a float slider needs its unit"


def test_every_preset_changes_state_and_reset_restores(demo):
    start = snapshot(demo.fig)
    assert len(demo.presets) >= 3
    for name, values in demo.presets.items():
        demo.preset.value = name  # as a lecturer would, through the menu
        assert demo.values() != demo.defaults, f"preset {name!r} changes nothing"
        for key, value in values.items():
            assert demo.controls[key].value == value, (name, key)
        assert snapshot(demo.fig) != start, f"preset {name!r} leaves the figure as it was"
        demo.reset_button.click()
        assert demo.values() == demo.defaults
        assert demo.preset.value == controls.CHOOSE
        assert snapshot(demo.fig) == start, f"reset after {name!r} did not restore the figure"


def test_figure_is_built_once_and_updated_in_place(demo):
    fig, n_traces, n_shapes = demo.fig, len(demo.fig.data), len(demo.fig.layout.shapes)
    n_ann = len(demo.fig.layout.annotations)
    for w in demo.controls.values():
        w.value = other_value(w)
    assert demo.fig is fig
    assert len(fig.data) == n_traces
    assert len(fig.layout.shapes) == n_shapes and len(fig.layout.annotations) == n_ann


def test_axes_have_titles(demo):
    fig = demo.fig
    bar_axes = {"xaxis" + (t.xaxis or "x")[1:] for t in fig.data if t.type == "bar"}
    # a stacked small panel is named (with its unit) by a label in its corner instead
    labelled = {
        "yaxis" + a.yref.split(" ")[0][1:]
        for a in fig.layout.annotations
        if a.yref and a.yref.endswith(" domain") and a.text
    }
    for name, ax in fig.layout.to_plotly_json().items():
        if not name.startswith(("xaxis", "yaxis")) or ax.get("visible", True) is False:
            continue
        if name in bar_axes:
            continue  # the bars' category labels name themselves
        if ax.get("showticklabels") is False:
            continue  # an axis shared with the panel that carries the title
        if name in labelled:
            continue
        assert ax.get("title", {}).get("text"), (name, ax)


def _without_uid(fig) -> str:
    d = fig.to_dict()
    for t in d["data"]:
        t.pop("uid", None)  # random trace ids, where plotly sets them
    return json.dumps(d, cls=PlotlyJSONEncoder, sort_keys=True)


def test_same_seed_same_picture():
    a, b = L.ClusterDemo(), L.ClusterDemo()
    assert _without_uid(a.fig) == _without_uid(b.fig)


def test_update_is_fast_enough(demo):
    """<= 20 ms is the target (``make bench``); here a loose bound catches regressions on a busy
    machine."""
    demo.update()
    ts = []
    for _ in range(10):
        t0 = time.perf_counter()
        demo.update()
        ts.append(time.perf_counter() - t0)
    assert statistics.median(ts) < 0.08


def test_projector_toggle_restyles(demo):
    toggle = controls.projector_toggle()
    small = demo.fig.layout.template.layout.font.size
    toggle.value = True
    try:
        assert demo.fig.layout.template.layout.font.size > small
    finally:
        toggle.value = False


# --- the brain map's play control ------------------------------------------------------------


def _links():
    """Every live jslink in this kernel."""
    return [w for w in list(widget_module._instances.values()) if isinstance(w, Link)]


def test_play_control_is_linked_to_the_week_slider(demos):
    d = demos["BrainDemo"]
    box = d.widget  # builds the control box with the play button
    week = d.controls["week"]
    play = d.player.children[0]
    assert isinstance(play, W.Play) and d.player.children[1] is week
    assert (play.min, play.max, play.step) == (week.min, week.max, week.step)
    links = [ln for ln in _links() if ln.source == (play, "value") and ln.target == (week, "value")]
    assert links, "no jslink between the play button and the week slider"

    def contains(widget, target):
        return widget is target or any(contains(c, target) for c in getattr(widget, "children", ()))

    assert contains(box, play)


def test_brain_map_week_slider_only_indexes(demos):
    d = demos["BrainDemo"]
    d.reset()
    cached = dict(d._cache)
    d.controls["week"].value = 3
    assert d._cache == cached  # nothing re-simulated
    d.controls["week"].value = 0
    assert list(d.fig.data[view.BRAIN_BARS].y[:2]) == [0.0, 0.0]
    assert d.fig.data[view.BRAIN_LABELS].text[1].endswith("<br>0 %")  # no sign on no change
    assert d.fig.layout.title.text.startswith("Week 0")
    d.reset()


def _alpha(rgba: str) -> float:
    return float(rgba.rsplit(",", 1)[1].rstrip(")"))


def test_brain_map_colours_by_direction(demos):
    d = demos["BrainDemo"]
    d.apply_preset("medication, week 2 (the limbic side moves first)")
    limbic = d.fig.data[view.BRAIN_LIMBIC].fillcolor
    assert limbic == view.rgba(view.LOWER, _alpha(limbic)) and _alpha(limbic) > 0.3
    bars = list(d.fig.data[view.BRAIN_BARS].y)
    assert bars[0] < -10 and abs(bars[1]) < 3  # limbic down, prefrontal barely moved
    assert (
        d.fig.data[view.BRAIN_BOTTOMUP].line.width > 3 * d.fig.data[view.BRAIN_TOPDOWN].line.width
    )
    d.apply_preset("therapy, week 4 (the prefrontal side moves first)")
    bars = list(d.fig.data[view.BRAIN_BARS].y)
    assert bars[1] > 5 and bars[1] > abs(bars[0])
    pfc = d.fig.data[view.BRAIN_PREFRONTAL].fillcolor
    assert pfc == view.rgba(view.HIGHER, _alpha(pfc))
    assert d.fig.data[view.BRAIN_BOTTOMUP].line.width == 0.0  # no drug, no bottom-up arrow
    d.reset()


def test_brain_outline_is_drawn(demos):
    fig = demos["BrainDemo"].fig
    assert len(fig.layout.shapes) >= 4  # cerebrum, cerebellum, brainstem, corpus callosum
    for i in (view.BRAIN_PREFRONTAL, view.BRAIN_LIMBIC):
        x, y = fig.data[i].x, fig.data[i].y
        assert len(x) > 10 and x[0] == pytest.approx(x[-1]) and y[0] == pytest.approx(y[-1])


# --- demo-specific meaning ---------------------------------------------------------------------


def test_pulse_band_follows_the_pulse(demos):
    d = demos["PulseDemo"]
    d.reset()
    d.set_values({"pulse_week": 4, "pulse_days": 7})
    for i in view.PULSE_BANDS:
        band = d.fig.data[i]
        assert (min(band.x), max(band.x)) == (4, 5)
    stress = np.array(d.fig.data[view.PULSE_STRESS].y)
    assert stress.max() == pytest.approx(2.0) and stress[0] == 1.0
    d.reset()


def test_big_pulse_stays_on_the_chart(demos):
    d = demos["PulseDemo"]
    d.set_values({"pulse_size": 3.0})
    top = max(max(d.fig.data[view.PULSE_PREFRONTAL[a]].y) for a in view.ARMS)
    assert d.fig.layout.yaxis3.range[1] >= top
    d.reset()
    assert d.fig.layout.yaxis3.range[1] == view.PREFRONTAL_TOP


def test_cluster_show_hides_other_arms(demos):
    d = demos["ClusterDemo"]
    d.controls["show"].value = "therapy vs no treatment"
    visible = [t.name for t in d.fig.data if t.visible is not False]
    assert set(visible) == {"no treatment", "therapy"}
    d.reset()
    assert all(t.visible is not False for t in d.fig.data)


def test_stopping_medication_brings_body_symptoms_back(demos):
    d = demos["ClusterDemo"]
    d.reset()
    full = np.array(d.fig.data[1].y)  # medication, body
    d.controls["med_stop"].value = 6
    stopped = np.array(d.fig.data[1].y)
    assert stopped[16] > full[16] + 0.5
    d.reset()


def test_plasticity_demo_without_window(demos):
    d = demos["PlasticityDemo"]
    d.reset()
    kept = list(d.fig.data[view.PLAST_KEPT].y)
    assert kept[2] > kept[1] > kept[0]
    d.apply_preset("a drug without a plasticity window")
    kept0 = list(d.fig.data[view.PLAST_KEPT].y)
    assert kept0[2] < kept[2] - 1.0
    assert np.allclose(d.fig.data[view.PLAST_WINDOW["medication"]].y, 1.0)  # never raised
    d.reset()


def test_plasticity_band_marks_the_treatment(demos):
    d = demos["PlasticityDemo"]
    d.controls["treat_weeks"].value = 10
    for i in view.PLAST_BANDS:
        assert max(d.fig.data[i].x) == 10
    # the lines fill the fixed week axis (longest treatment + follow-up), whatever the length
    assert max(d.fig.data[view.PLAST_SCORE["combined"]].x) == view.LONGEST_TREATMENT + 26
    assert d.fig.data[view.PLAST_KEPT_AT].x[0] == 10 + 26  # "kept" is read 6 months after stopping
    d.reset()


@pytest.mark.parametrize("preset", [None, *L.PlasticityDemo.presets])
def test_plasticity_symptom_panel_name_sits_above_every_line(demos, preset):
    """Lecturer walkthrough: "Symptoms (HAM-D points)" covered the curves and the follow-up line
    (the scores start near 23 of an axis that ended at 26)."""
    d = demos["PlasticityDemo"]
    if preset:
        d.apply_preset(preset)
    top = max(float(np.nanmax(d.fig.data[i].y)) for i in view.PLAST_SCORE.values())
    axis = "yaxis" + d.fig.data[view.PLAST_SCORE["combined"]].yaxis[1:]
    assert d.fig.layout[axis].range[1] == view.PLAST_SYMPTOMS_TOP
    label_bottom = view.PLAST_SYMPTOMS_TOP * (1 - 0.2)  # a one-line name: < 20 % of the panel
    assert top < label_bottom and max(d.fig.data[view.PLAST_KEPT_AT].y) < label_bottom
    skill = max(float(np.nanmax(d.fig.data[i].y)) for i in view.PLAST_SKILL.values())
    axis = "yaxis" + d.fig.data[next(iter(view.PLAST_SKILL.values()))].yaxis[1:]
    assert d.fig.layout[axis].range[1] == view.PLAST_SKILL_TOP
    assert skill < view.PLAST_SKILL_TOP * (1 - 0.2), skill
    d.reset()


# --- view: colours, figures for slides, benchmark ---------------------------------------------


def test_arm_colours_and_okabe_ito_only(demos):
    palette = {c.lower() for c in OKABE_ITO.values()}
    for d in demos.values():
        for t in d.fig.data:
            if t.name in ARM_COLOURS and getattr(t, "line", None) is not None and t.line.color:
                assert t.line.color == ARM_COLOURS[t.name]
            colours = []
            if getattr(t, "line", None) is not None and t.line.color:
                colours.append(t.line.color)
            if getattr(t, "marker", None) is not None and isinstance(t.marker.color, (list, tuple)):
                colours += list(t.marker.color)
            for c in colours:
                assert c.lower() in palette, (t.name, c)


def test_key_figures():
    figs = view.key_figures()
    assert [f.name for f in figs] == [
        "02-stress-pulse",
        "02-symptom-clusters",
        "02-brain-map",
        "02-plasticity-window",
    ]
    for f in figs:
        assert f.name.startswith("02-") and len(f.alt) > 60
        assert f.figure.layout.title.text


def test_benchmark_entry():
    ((name, (fn, target)),) = L.BENCHMARKS.items()
    assert name == "lesson02 circuit, 10,000 patients x 16 weeks"
    assert 0 < target <= 2.0
    out = fn()
    assert isinstance(out, Outcome) and out.scores.shape == (10_000, 17)


def test_brain_map_shows_no_change_as_no_change():
    """Lecturer walkthrough finding: at week 0 the map said "+0 %" on a pale pink region
    (the colour of "higher") and drew an arrowhead for a route at 0 %."""
    v2 = view
    zero = dict(
        limbic=0.2,
        prefrontal=-0.3,
        body=0.0,
        cognitive=0.0,
        top_down=0.0,
        bottom_up=0.001,
        healthy_limbic=-30.0,
        healthy_prefrontal=25.0,
    )
    s = v2.brain_styles(zero)
    assert s["labels"][:2] == ["<b>Prefrontal</b><br>0 %", "<b>Limbic</b><br>0 %"]
    assert s["bar_text"] == ["0 %"] * 4 and set(s["bar_colours"]) == {v2.UNCHANGED}
    assert s["limbic_fill"] == s["prefrontal_fill"] == v2.rgba(v2.UNCHANGED, 0.25)
    assert s["top_width"] == s["bottom_width"] == 0.0
    assert v2.arrow_marker(0.0)["size"] == [0, 0]
    moved = v2.brain_styles(zero | dict(limbic=-12.0, top_down=0.4))
    assert moved["labels"][1].endswith("−12 %") and moved["top_width"] > 1.0
    rgb = v2.rgba(v2.LOWER, 1.0).rsplit(",", 1)[0]  # "rgba(r,g,b": the colour without alpha
    assert moved["limbic_fill"].rsplit(",", 1)[0] == rgb


def test_the_learning_rate_stays_inside_its_panel_and_can_be_read():
    """Student walkthrough: at a boost of 4 the learning-rate curve ran off the top of its
    panel, and its one tick ("1") left the default peak of about 2.5 unreadable."""
    from partners_in_healing.view import lesson02 as v2
    from partners_in_healing.widgets.lesson02 import PlasticityDemo

    demo = PlasticityDemo()
    top = demo.fig.layout.yaxis.range[1]
    assert len(demo.fig.layout.yaxis.tickvals) >= 2
    demo.set_values({"boost": demo.controls["boost"].max})
    peak = max(max(demo.fig.data[i].y) for i in v2.PLAST_WINDOW.values())
    assert peak < top, (peak, top)


def test_the_brain_maps_arrow_labels_say_what_their_percent_is():
    """Walkthroughs: "therapy 42 %", "medication 100 %": 42 % of what? (Said in the key, the
    words took two more lines and the last ran below a 720 px screen.)"""
    from partners_in_healing.widgets.lesson02 import BrainDemo

    fig = BrainDemo().fig
    drawn = json.dumps([t.text for t in fig.data if t.text is not None])
    assert re.search(r"skill \d+ %", drawn) and re.search(r"drug effect \d+ %", drawn), drawn
    key = next(a.text for a in fig.layout.annotations if "more active" in a.text)
    assert key.count("<br>") <= 3, key
