"""What an update draws in place is what a fresh drawing of the kernel's figure shows.

The figure widget (widgets/static/plot.js) redraws only the traces when only their
data changed on fixed axes (the fast way, which the latency targets depend on), and
does a full Plotly.update otherwise. In the Voila app, for every demo: move its first
slider once and take the drawn geometry; build the same demo here with that slider
value, draw its figure from scratch in the same page at the same width, and compare.
"""

from __future__ import annotations

import re

import pytest

import harness as H
from conftest import lesson_params, notebook_or_skip

pytestmark = pytest.mark.browser

# Demos whose first slider must take the fast way (a full redraw here is a latency bug:
# e.g. an axis left on autorange).
FAST = {"TrajectoryDemo", "TrialDemo", "PulseDemo", "ClusterDemo", "LandscapeDemo"}

GEOMETRY_JS = """(gd) => [...gd.querySelectorAll(
    '.scatterlayer path, .scatterlayer text, .barlayer path, .barlayer text, .gtitle, .annotation-text')]
  .map(e => [e.getAttribute('class'), e.getAttribute('d'), e.getAttribute('transform'),
             e.textContent, e.style.opacity, e.style.fill, e.style.stroke, e.style.strokeWidth].join('|'))
  .join('\\n')"""

FRESH_JS = """async ([gd, spec]) => {
  const div = document.createElement('div');
  div.style.width = gd.offsetWidth + 'px';
  document.body.appendChild(div);
  await Plotly.newPlot(div, spec.data, spec.layout, spec.config);
  return div;
}"""


def kernel_figure(cls, label: str) -> dict:
    """The figure of a new ``cls`` demo after one key press on the slider labelled ``label``
    (as ``press_latencies`` presses: one step up, or down from the top), in the projector
    theme, as the app shows it."""
    demo = cls(projector=True)
    control = next(w for w in demo.controls.values() if " ".join(w.description.split()) == label)
    control.value = control.value - control.step if control.value >= control.max else control.value + control.step
    return demo.fig.spec()


def _rounded(geometry: str) -> str:
    """Numbers to 0.1 px: the same shape drawn by two code paths may differ in the last digits."""
    return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group()):.1f}", geometry)


@pytest.mark.parametrize("lesson", lesson_params())
def test_update_in_place_matches_a_fresh_drawing(browser, voila_server, lesson):
    notebook_or_skip(lesson)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    H.block_external(context)
    page = context.new_page()
    try:
        page.goto(voila_server.lesson_url(lesson.notebook), wait_until="commit", timeout=60_000)
        H.wait_voila_done(page, 120)
        H.wait_plots(page, len(lesson.demos()), 120)
        boxes = H.demo_boxes(page)
        classes = lesson.demos()
        ways, mismatches = {}, []
        for i in range(boxes.count()):
            box, name = boxes.nth(i), classes[i].__name__
            sliders = box.locator(".widget-slider")
            if sliders.count() == 0:
                continue
            plot = box.locator(".js-plotly-plot").first
            assert H.press_latencies(page, plot, sliders.first, 1)[0] is not None, f"{name}: no change drawn"
            ways[name] = plot.evaluate("gd => gd.dataset.pihUpdate")
            in_place = _rounded(plot.evaluate(GEOMETRY_JS))
            label = " ".join(sliders.first.locator(".widget-label").first.inner_text().split())
            fresh_div = page.evaluate_handle(FRESH_JS, [plot.element_handle(), kernel_figure(classes[i], label)])
            fresh = _rounded(fresh_div.evaluate(GEOMETRY_JS))
            fresh_div.evaluate("div => { Plotly.purge(div); div.remove(); }")
            assert in_place.count("\n") > 3, f"{name}: nothing drawn?"
            if in_place != fresh:
                diff = next((a, b) for a, b in zip(in_place.splitlines() + [""], fresh.splitlines() + [""]) if a != b)
                mismatches.append(f"{name} ({ways[name]} update): first difference\n  in place: {diff[0][:300]}"
                                  f"\n  fresh:    {diff[1][:300]}")
        assert not mismatches, "\n".join(mismatches)
        slow = sorted(n for n in FAST if n in ways and ways[n] != "data")
        assert not slow, f"these demos redrew the whole figure for a data-only change: {slow} ({ways})"
    finally:
        context.close()
