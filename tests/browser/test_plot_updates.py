"""What an update draws in place is what a fresh drawing of the kernel's figure shows.

The figure widget (widgets/static/plot.js) redraws only the traces when only their
data changed on fixed axes (the fast way, which the latency targets depend on), and
does a full Plotly.update otherwise. In the Voila app, for every demo: move its first
slider once and take the drawn geometry; build the same demo here with that slider
value, draw its figure from scratch in the same page at the same width, and compare.
"""

from __future__ import annotations

from contextlib import contextmanager

import harness as H
import pytest
from conftest import lesson_params, notebook_or_skip

from partners_in_healing.lessons import LESSONS

pytestmark = pytest.mark.browser

# Demos whose first slider must take the fast way (lessons.py, ``fast``; a full redraw here is
# a latency bug: e.g. an axis left on autorange).
FAST = {name for lesson in LESSONS for name in lesson.fast}


def kernel_figure(cls, label: str, keys: list[str] = ("first",)) -> dict:
    """The figure of a new ``cls`` demo after key presses on the slider labelled ``label``
    (``first``: as ``press_latencies`` presses, one step up, or down from the top; else
    ArrowRight / ArrowLeft, stopping at the ends as the slider does), in the projector
    theme, as the app shows it."""
    demo = cls(projector=True)
    control = next(w for w in demo.controls.values() if " ".join(w.description.split()) == label)
    for key in keys:
        if key == "first":
            key = "ArrowLeft" if control.value >= control.max else "ArrowRight"
        step = control.step if key == "ArrowRight" else -control.step
        control.value = min(max(control.value + step, control.min), control.max)
    return demo.fig.spec()


def first_key(slider) -> str:
    """The key ``press_latencies`` presses first on ``slider``."""
    handle = H.slider_handle(slider)
    at_top = float(handle.get_attribute("aria-valuenow")) >= float(
        handle.get_attribute("aria-valuemax")
    )
    return "ArrowLeft" if at_top else "ArrowRight"


@contextmanager
def lesson_page(browser, server, lesson):
    """The lesson open in the Voila app, every demo drawn: (page, demo boxes, page log)."""
    notebook_or_skip(lesson)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    H.block_external(context)
    page = context.new_page()
    log = H.watch(page)
    try:
        page.goto(server.lesson_url(lesson.notebook), wait_until="commit", timeout=60_000)
        H.wait_voila_done(page, 120)
        H.wait_plots(page, len(lesson.demos()), 120)
        yield page, H.demo_boxes(page), log
    finally:
        context.close()


@pytest.mark.parametrize("lesson", lesson_params())
def test_update_in_place_matches_a_fresh_drawing(browser, voila_server, lesson):
    with lesson_page(browser, voila_server, lesson) as (page, boxes, _log):
        classes = lesson.demos()
        ways, mismatches = {}, []
        for i in range(boxes.count()):
            box, name = boxes.nth(i), classes[i].__name__
            sliders = box.locator(".widget-slider")
            if sliders.count() == 0:
                continue
            plot = box.locator(".js-plotly-plot").first
            assert H.press_latencies(page, plot, sliders.first, 1)[0] is not None, (
                f"{name}: no change drawn"
            )
            ways[name] = plot.evaluate("gd => gd.parentElement.dataset.pihUpdate")
            assert plot.evaluate(H.GEOMETRY_JS).count("\n") > 3, f"{name}: nothing drawn?"
            label = " ".join(sliders.first.locator(".widget-label").first.inner_text().split())
            if m := H.page_differs(page, plot, kernel_figure(classes[i], label, ["first"])):
                mismatches.append(f"{name} ({ways[name]} update): {m}")
        assert not mismatches, "\n".join(mismatches)
        slow = sorted(n for n in FAST if n in ways and ways[n] != "data")
        assert not slow, (
            f"these demos redrew the whole figure for a data-only change: {slow} ({ways})"
        )


def _press(page, slider, key: str) -> None:
    H.slider_handle(slider).focus()
    page.keyboard.press(key)


@pytest.mark.parametrize("lesson", lesson_params())
def test_quick_presses_end_where_the_kernel_is(browser, voila_server, lesson):
    """For every demo's first slider: six key presses in a row, without waiting for the
    kernel, end on the kernel's figure for the value reached."""
    with lesson_page(browser, voila_server, lesson) as (page, boxes, log):
        classes = lesson.demos()
        problems = []
        for i in range(boxes.count()):
            box, cls = boxes.nth(i), classes[i]
            sliders = box.locator(".widget-slider")
            if sliders.count() == 0:
                continue
            slider, plot = sliders.first, box.locator(".js-plotly-plot").first
            plot.scroll_into_view_if_needed()
            label = " ".join(slider.locator(".widget-label").first.inner_text().split())
            there = first_key(slider)
            back = "ArrowLeft" if there == "ArrowRight" else "ArrowRight"
            keys = [there, back, there, there, back, there]
            for key in keys:
                _press(page, slider, key)
            if m := H.page_differs_soon(page, plot, kernel_figure(cls, label, keys), 20):
                problems.append(f"{cls.__name__} after quick presses: {m}")
        assert not problems, "\n".join(problems)
        assert not log.page_errors, log.page_errors
