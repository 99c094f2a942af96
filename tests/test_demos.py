"""Every demo of every registered lesson, in the kernel: each control changes the
figure, presets set their values, reset restores the start, updates happen in place."""

import gc
import json
import weakref

import ipywidgets as W
import pytest
from plotly.utils import PlotlyJSONEncoder

from partners_in_healing.lessons import LESSONS
from partners_in_healing.widgets import controls

DEMOS = [(lesson.number, cls) for lesson in LESSONS for cls in lesson.demos()]
IDS = [f"{n}-{cls.__name__}" for n, cls in DEMOS]


def snapshot(fig) -> str:
    """What the student sees: trace data and the drawn layout (not the theme)."""
    d = fig.to_dict()
    layout = {k: v for k, v in d["layout"].items() if k != "template"}
    return json.dumps({"data": d["data"], "layout": layout}, cls=PlotlyJSONEncoder, sort_keys=True)


def other_value(w):
    """A valid value of control ``w`` different from its current one."""
    if isinstance(w, (W.Dropdown, W.RadioButtons, W.ToggleButtons, W.SelectionSlider)):
        return next(
            o[1] if isinstance(o, tuple) else o
            for o in w.options
            if (o[1] if isinstance(o, tuple) else o) != w.value
        )
    if isinstance(w, (W.Checkbox, W.ToggleButton)):
        return not w.value
    if isinstance(
        w, (W.FloatSlider, W.IntSlider, W.FloatLogSlider, W.BoundedFloatText, W.BoundedIntText)
    ):
        return w.max if w.value != w.max else w.min
    if isinstance(w, (W.FloatRangeSlider, W.IntRangeSlider)):
        lo, hi = w.value
        return (w.min, hi) if lo != w.min else (lo + w.step, hi)
    raise AssertionError(f"no rule to change a {type(w).__name__}")


@pytest.fixture(params=DEMOS, ids=IDS)
def demo(request):
    return request.param[1]()


def test_registry_has_demos():
    assert len(DEMOS) >= 3


def test_every_control_changes_the_figure(demo):
    assert demo.controls, "a demo needs at least one control"
    for name, w in demo.controls.items():
        demo.reset()
        before = snapshot(demo.fig)
        w.value = other_value(w)
        assert snapshot(demo.fig) != before, (
            f"{type(demo).__name__}: control {name!r} changed nothing"
        )
    demo.reset()


def test_controls_are_labelled(demo):
    for name, w in demo.controls.items():
        assert (w.description or "").strip() or getattr(w, "tooltip", None), (
            f"control {name!r} has no label"
        )


def test_presets_set_their_values_and_reset_restores(demo):
    start = snapshot(demo.fig)
    assert len(demo.presets) >= 2, "lecturers need named presets to step through"
    for name, values in demo.presets.items():
        demo.preset.value = name  # as a lecturer would, through the menu
        for key, value in values.items():
            assert (
                demo.controls[key].value == pytest.approx(value)
                if isinstance(value, float)
                else demo.controls[key].value == value
            ), (name, key)
        demo.reset_button.click()
        assert demo.values() == demo.defaults
        assert demo.preset.value == controls.CHOOSE
        assert snapshot(demo.fig) == start, (
            f"reset after preset {name!r} did not restore the figure"
        )


def test_at_least_one_preset_changes_the_picture(demo):
    start = snapshot(demo.fig)
    changed = []
    for name in demo.presets:
        demo.apply_preset(name)
        changed.append(snapshot(demo.fig) != start)
        demo.reset()
    assert any(changed)


def test_updates_happen_in_place(demo):
    fig = demo.fig
    n_traces = len(fig.data)
    for w in demo.controls.values():
        w.value = other_value(w)
    assert demo.fig is fig and len(demo.fig.data) == n_traces


def test_unknown_preset_and_control_raise(demo):
    with pytest.raises(ValueError, match="preset must be one of"):
        demo.apply_preset("no such preset")
    with pytest.raises(ValueError, match="unknown control"):
        demo.set_values({"no such control": 1})


def test_projector_toggle_restyles_every_live_demo(demo):
    toggle = controls.projector_toggle()
    small = demo.fig.layout.template.layout.font.size
    toggle.value = True
    try:
        assert demo.fig.layout.template.layout.font.size > small
    finally:
        toggle.value = False
    assert demo.fig.layout.template.layout.font.size == small


PLAY_DEMOS = [(n, cls) for n, cls in DEMOS if controls._players(cls().widget)]


@pytest.mark.parametrize("number,cls", PLAY_DEMOS, ids=[f"{n}-{c.__name__}" for n, c in PLAY_DEMOS])
def test_reset_undoes_late_animation_steps(number, cls, monkeypatch):
    """Reset during Play: steps the page took before it heard the pause are undone
    for RESET_GUARD_S seconds; after that the control moves freely again."""
    d = cls()
    start = snapshot(d.fig)
    (player,) = controls._players(d.widget)
    target = player.pih_target
    name = next(k for k, w in d.controls.items() if w is target)
    default = d.defaults[name]
    step = target.step or 1
    clock = [1000.0]
    monkeypatch.setattr(controls.time, "monotonic", lambda: clock[0])
    player.playing = True  # the page started the animation
    for k in (1, 2):  # ... and sends its steps
        target.value = min(default + k * step, target.max)
        clock[0] += player.interval / 1000
    assert snapshot(d.fig) != start
    d.reset()
    assert not player.playing and target.value == default and snapshot(d.fig) == start
    clock[0] += 0.2
    target.value = min(default + 3 * step, target.max)  # a step that was in flight
    assert target.value == default and snapshot(d.fig) == start
    clock[0] += controls.RESET_GUARD_S
    moved = min(default + step, target.max) if default < target.max else default - step
    target.value = moved  # a student moves it afterwards
    assert target.value == moved and snapshot(d.fig) != start


@pytest.mark.parametrize("number,cls", PLAY_DEMOS, ids=[f"{n}-{c.__name__}" for n, c in PLAY_DEMOS])
def test_reset_without_animation_leaves_control_free(number, cls, monkeypatch):
    """No animation running: Reset sets no guard, the next move is drawn at once."""
    d = cls()
    (player,) = controls._players(d.widget)
    target = player.pih_target
    clock = [1000.0]
    monkeypatch.setattr(controls.time, "monotonic", lambda: clock[0])
    d.reset()
    clock[0] += 0.1
    new = target.max if target.value != target.max else target.min
    target.value = new
    assert target.value == new


@pytest.mark.parametrize("cls", [cls for _, cls in DEMOS], ids=IDS)
def test_a_demo_no_longer_named_is_not_kept_alive(cls):
    """Rerunning ``demo = Cls()`` must not keep the old demo (and its figures) alive: its
    widgets live on in ipywidgets' registry, but neither they nor the projector registry
    hold the demo."""
    demo = cls()
    demo.widget  # noqa: B018 (built, as when shown)
    old = weakref.ref(demo)
    demo = cls()  # the cell run again
    gc.collect()
    assert old() is None, f"{cls.__name__}: something still holds the old demo"
    assert list(controls._LIVE).count(demo) == 1
    name, w = next(iter(demo.controls.items()))
    before = snapshot(demo.fig)
    w.value = other_value(w)
    assert snapshot(demo.fig) != before, f"{name}: the demo still in use must still redraw"


@pytest.mark.parametrize("cls", [c for _, c in DEMOS], ids=IDS)
def test_a_presets_name_says_the_numbers_its_controls_show(cls):
    """Lecturer walkthrough: "a big shock (3 × everyday stress)" set a slider reading
    "Added stress 2.00 × everyday stress"; a name's "N ×" must be what a control shows."""
    import re

    for name, values in cls.presets.items():
        for factor in re.findall(r"(\d+(?:\.\d+)?) ×", name):
            shown = [v for v in values.values() if isinstance(v, int | float)]
            assert float(factor) in shown, (name, values)


@pytest.mark.parametrize("cls", [c for _, c in DEMOS], ids=IDS)
def test_no_control_says_its_unit_twice(cls):
    """Student walkthroughs: "Week (week of treatment)", "Medication until week (week)"."""
    import re

    for name, w in cls().controls.items():
        m = re.fullmatch(r"(.*) \((\w+)\)", w.description or "")  # a one-word unit
        if m:
            assert m.group(2).lower() not in m.group(1).lower().split(), (name, w.description)


@pytest.mark.parametrize("number,cls", PLAY_DEMOS, ids=[f"{n}-{c.__name__}" for n, c in PLAY_DEMOS])
def test_a_preset_chosen_during_play_stops_it(number, cls):
    """Lecturer walkthrough: N during Play applied the preset, and the animation ran on from
    the preset's time, so the picture at once left the preset."""
    d = cls()
    (player,) = controls._players(d.widget)
    player.playing = True
    name = next(iter(d.presets))
    d.preset.value = name
    assert not player.playing
    target = player.pih_target
    key = next(k for k, w in d.controls.items() if w is target)
    want = {**d.defaults, **d.presets[name]}[key]
    target.value = min(want + (target.step or 1), target.max)  # a step that was in flight
    assert target.value == want and d.preset.value == name
