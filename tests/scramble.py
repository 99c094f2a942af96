"""Run inside a lesson's kernel by tests/test_any_state.py: set every control of every demo
shown so far to a random allowed value, and press its buttons, as a student would."""

from __future__ import annotations

import random

import ipywidgets as W


def random_value(w: W.ValueWidget, rng: random.Random):
    """A random value that control ``w`` itself allows (None: leave it alone)."""
    if isinstance(w, W.Dropdown | W.RadioButtons | W.ToggleButtons | W.SelectionSlider):
        option = rng.choice(list(w.options))
        return option[1] if isinstance(option, tuple) else option
    if isinstance(w, W.Checkbox | W.ToggleButton):
        return rng.random() < 0.5
    if isinstance(w, W.IntSlider | W.BoundedIntText):
        return rng.randrange(w.min, w.max + 1, max(1, int(w.step or 1)))
    if isinstance(w, W.FloatSlider | W.BoundedFloatText):
        steps = round((w.max - w.min) / w.step)
        return w.min + w.step * rng.randint(0, steps)
    if isinstance(w, W.IntRangeSlider):
        return tuple(sorted(rng.randrange(w.min, w.max + 1) for _ in range(2)))
    if isinstance(w, W.FloatRangeSlider):
        return tuple(sorted(rng.uniform(w.min, w.max) for _ in range(2)))
    return None


def _buttons(widget) -> list[W.Button]:
    if isinstance(widget, W.Button):
        return [widget]
    return [b for child in getattr(widget, "children", ()) for b in _buttons(child)]


def scramble(seed: int) -> int:
    """Scramble every demo in the user's namespace once; the number scrambled."""
    from IPython import get_ipython

    from partners_in_healing.widgets.controls import Demo

    rng = random.Random(seed)
    done = 0
    for demo in list(get_ipython().user_ns.values()):
        if not isinstance(demo, Demo) or getattr(demo, "_scrambled", False):
            continue
        demo._scrambled = True
        if demo.presets:
            demo.apply_preset(rng.choice(list(demo.presets)))
        for w in demo.controls.values():
            value = random_value(w, rng)
            if value is not None:
                w.value = value
        for button in _buttons(demo.widget):
            if button is not demo.reset_button:
                button.click()
        done += 1
    return done
