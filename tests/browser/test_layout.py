"""Every demo reads well on a 1280x720 presenter screen (the Voila app): the demo fits the
window without scrolling, no two texts of its figure overlap and none is cut off at the
figure's edge, every dropdown shows its longest option in full and no control's label
or value is covered or cut short; the same after each preset (figures change with them),
and after each preset and Reset the page draws what the kernel's figure holds. JupyterLab's
notebook view is checked in test_lab.py."""

from __future__ import annotations

import time

import harness as H
import layout_checks as LC
import pytest
from conftest import lesson_params, notebook_or_skip

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 720


def _settle(box, before: str, changes: bool, timeout_s: float = 30.0) -> None:
    """Wait until the figure changed from ``before`` (when the kernel's figure ``changes``)
    and stopped changing."""
    if changes:
        H.wait_signature(box, lambda s: s != before, timeout_s, "preset")
    plot = box.locator(".js-plotly-plot").first
    plot.evaluate(
        """(el) => new Promise((resolve) => {
      let timer = setTimeout(done, 400);
      const obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 400); });
      obs.observe(el, {subtree: true, childList: true, attributes: true, characterData: true});
      function done() { obs.disconnect(); resolve(true); } })"""
    )


def demo_problems(page, box, where: str) -> list[str]:
    top, bottom, window = box.evaluate(LC.BOX_AFTER_SCROLL_JS)
    time.sleep(0.2)  # the fitted figure height follows the window (a resize observer)
    out = []
    if top < -1 or bottom > window + 1:
        out.append(
            f"{where}: the demo needs {bottom - top:.0f} px, the window has {window} px "
            f"(box {top:.0f}..{bottom:.0f} after scrolling to its top)"
        )
    return (
        out
        + LC.demo_figure_problems(box, where)
        + LC.select_problems(box, where)
        + LC.control_problems(box, where)
    )


@pytest.mark.parametrize("lesson", lesson_params())
def test_demos_fit_the_presenter_screen(lesson, browser, voila_server):
    notebook_or_skip(lesson)
    classes = lesson.demos()
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    H.block_external(context)
    page = context.new_page()
    try:
        page.goto(voila_server.lesson_url(lesson.notebook), wait_until="commit", timeout=60_000)
        H.wait_voila_done(page, 90)
        H.wait_plots(page, len(classes), 90)
        boxes = H.demo_boxes(page)
        failures: list[str] = []
        for i in range(boxes.count()):
            box, cls = boxes.nth(i), classes[i]
            plot = box.locator(".js-plotly-plot").first
            where = f"lesson {lesson.number} demo {i + 1}"
            failures += demo_problems(page, box, where)
            select = H.preset_menu(box).locator("select").first
            # the lecturer's path: every preset in the menu's order, then Reset; after each
            # step the page must draw what a fresh drawing of the kernel's figure draws
            steps = [*cls.presets, "Reset"]
            specs = H.preset_figures(cls, steps)
            for k, step in enumerate(steps):
                before = H.signature(box)
                if step == "Reset":
                    H.reset_button(box).click()
                else:
                    select.select_option(index=k + 1)
                _settle(box, before, changes=specs[k + 1] != specs[k])
                if m := H.page_differs_soon(page, plot, specs[k + 1]):
                    failures.append(f"{where} after {' → '.join(steps[: k + 1])}: {m}")
                    break
                if step != "Reset":
                    failures += demo_problems(page, box, f"{where}, preset {step!r}")
            box.screenshot(path=str(H.SCREENSHOTS / f"layout-{lesson.number}-demo-{i + 1}.png"))
        assert not failures, f"{len(failures)} layout problems:\n" + "\n".join(
            dict.fromkeys(failures)
        )
    finally:
        context.close()
