"""Accessibility: every control is labelled and reachable by keyboard, arm colours stay
apart under colour-vision deficiencies, text contrast meets WCAG AA in both themes,
and every exported figure has alt text."""

from __future__ import annotations

import itertools
import re

import ipywidgets as W
import numpy as np
import pytest

from partners_in_healing.lessons import LESSONS
from partners_in_healing.serve import template_root
from partners_in_healing.view import theme

DEMOS = [(lesson.number, cls) for lesson in LESSONS for cls in lesson.demos()]

# Machado, Oliveira & Fernandes 2009, severity 1.0 (applied to linear RGB).
MACHADO = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
# CIE76 distance between any two arm colours, for every vision type. 15 is "clearly
# different at a glance"; the closest pair today is medication (blue) vs combined (bluish
# green) under tritanopia, ΔE 17.0 (both solid lines). All other pairs are >= 25.
MIN_DELTA_E = 15.0


NAMED = {"white": "#FFFFFF", "black": "#000000"}


def _rgb(hex_colour: str) -> np.ndarray:
    h = NAMED.get(hex_colour.lower(), hex_colour).lstrip("#")
    return np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)]) / 255.0


def _linear(c):
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb):
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def simulate(hex_colour: str, kind: str | None) -> np.ndarray:
    """CIELAB of ``hex_colour`` as seen with colour-vision deficiency ``kind`` (None: typical)."""
    lin = _linear(_rgb(hex_colour))
    if kind:
        lin = np.array(MACHADO[kind]) @ lin
    return _lab(lin)


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    lum = [float(np.array([0.2126, 0.7152, 0.0722]) @ _linear(_rgb(c))) for c in (fg, bg)]
    hi, lo = max(lum), min(lum)
    return (hi + 0.05) / (lo + 0.05)


def _leaves(w):
    if isinstance(w, W.Box):
        for c in w.children:
            yield from _leaves(c)
    else:
        yield w


@pytest.fixture(params=DEMOS, ids=[f"{n}-{c.__name__}" for n, c in DEMOS])
def demo(request):
    return request.param[1]()


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_every_control_has_a_label(demo):
    for w in [*_leaves(demo.control_box()), demo.preset, demo.reset_button]:
        if isinstance(w, (W.HTML, W.HTMLMath, W.Label, W.Output, W.Image)) or not isinstance(
            w, W.DOMWidget
        ):
            continue
        label = (getattr(w, "description", "") or "").strip() or (
            getattr(w, "tooltip", "") or ""
        ).strip()
        assert label, (
            f"{type(demo).__name__}: a {type(w).__name__} has no description or aria label"
        )


def test_every_control_is_keyboard_operable(demo):
    for w in [*_leaves(demo.control_box()), demo.preset, demo.reset_button]:
        if isinstance(w, W.DOMWidget) and hasattr(w, "disabled"):
            assert not w.disabled
        if hasattr(w, "tabbable"):
            assert w.tabbable is not False, f"{type(w).__name__} removed from the tab order"


def test_preset_and_reset_are_labelled(demo):
    assert demo.preset.description and demo.reset_button.description
    assert demo.reset_button.tooltip


@pytest.mark.parametrize("kind", [None, *MACHADO])
def test_arm_colours_stay_apart_under_colour_vision_deficiency(kind):
    labs = {arm: simulate(c, kind) for arm, c in theme.ARM_COLOURS.items()}
    for (a, la), (b, lb) in itertools.combinations(labs.items(), 2):
        d = float(np.linalg.norm(la - lb))
        assert d >= MIN_DELTA_E, f"{kind or 'typical vision'}: {a} vs {b} only ΔE {d:.1f} apart"


def test_arms_also_differ_by_line_style_where_colours_are_closest():
    # colour is never the only cue: the two solid-line arms differ strongly in lightness
    solid = [a for a, d in theme.ARM_DASH.items() if d == "solid"]
    for a, b in itertools.combinations(solid, 2):
        la, lb = simulate(theme.ARM_COLOURS[a], None), simulate(theme.ARM_COLOURS[b], None)
        assert abs(la[0] - lb[0]) >= 10 or float(np.linalg.norm(la - lb)) >= 40


@pytest.mark.parametrize("projector", [False, True])
def test_figure_text_contrast_meets_wcag_aa(projector):
    layout = theme.template(projector).layout
    for bg in (layout.paper_bgcolor, layout.plot_bgcolor):
        assert contrast(layout.font.color, bg) >= 4.5
    # legend text sits on a translucent white box: worst case on the grid colour
    assert contrast(layout.font.color, theme.GRID) >= 4.5


@pytest.mark.parametrize("projector", [False, True])
def test_projector_theme_is_larger(projector):
    s = theme.sizes(projector)
    assert s["font"] >= (22 if projector else 14) and s["line"] >= (5 if projector else 2)


def test_app_css_text_colours_meet_wcag_aa():
    css = (template_root() / "voila" / "templates" / "pih" / "pih.css").read_text()
    colours = re.findall(r"(?:^|[;{\s])(?:--[\w-]*color[\w-]*|color)\s*:\s*(#[0-9a-fA-F]{6})", css)
    assert colours, "no text colours found in pih.css"
    for c in colours:
        assert contrast(c, "#FFFFFF") >= 4.5, c


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_every_key_figure_has_alt_text(lesson):
    figs = lesson.key_figures()
    assert figs, f"lesson {lesson.number} exports no figures"
    for f in figs:
        assert f.alt and len(f.alt.split()) >= 8, f"{f.name}: alt text missing or too short"
        assert f.name.startswith(lesson.number + "-")


def test_machado_simulation_confuses_red_and_green_for_deuteranopes():
    # sanity check of the simulation: pure red and green come much closer under deuteranopia
    typical = np.linalg.norm(simulate("#FF0000", None) - simulate("#00FF00", None))
    deutan = np.linalg.norm(
        simulate("#FF0000", "deuteranopia") - simulate("#00FF00", "deuteranopia")
    )
    assert deutan < typical / 2


def test_a_click_on_the_legend_hides_nothing_on_a_projector():
    """Lecturer walkthrough: a stray click on a legend entry hid an arm, and neither Reset
    nor a preset brought it back (the kernel never hears of it)."""
    legend = theme.template(True).layout.legend
    assert legend.itemclick is False and legend.itemdoubleclick is False
    assert theme.template(False).layout.legend.itemclick is None  # a student may still
