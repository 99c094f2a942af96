"""Every lesson runs top to bottom in JupyterLab in a real browser: no error output,
and every demo's figure is drawn."""

from __future__ import annotations

import time

import harness as H
import layout_checks as LC
import pytest
from conftest import lesson_params, notebook_or_skip

pytestmark = pytest.mark.browser

ERRORS_JS = """() => {
  const out = [];
  document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    .forEach(e => {
      const t = e.textContent;
      if (/Traceback|Error\\b/.test(t)) out.push(t.slice(0, 1500));
    });
  return out;
}"""


@pytest.mark.parametrize("lesson", lesson_params())
def test_lesson_runs_in_jupyterlab(lesson, lab_server, lab_page):
    notebook_or_skip(lesson)
    page = lab_page
    started = time.monotonic()
    try:
        H.open_and_run_in_lab(page, lab_server.lesson_url(lesson.notebook), 180)
    except Exception as e:
        H.screenshot(page, f"lab-{lesson.number}-failed")
        pending = page.evaluate(f"({H.PROMPTS_JS})()")
        raise AssertionError(f"not every cell ran; prompts: {pending}") from e
    errors = page.evaluate(ERRORS_JS)
    assert not errors, f"error output in {lesson.notebook}:\n" + "\n---\n".join(errors)
    n = len(lesson.demos())
    H.wait_plots(page, n, 60)
    count = page.locator(".js-plotly-plot").count()
    if count:
        page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    H.screenshot(page, f"lab-{lesson.number}")
    assert count >= n, (
        f"{count} plotly figures in {lesson.notebook}, expected at least one per demo ({n})"
    )
    # how the notebook view reads, in both themes: no figure text overlaps or is cut off
    page.set_viewport_size({"width": 1400, "height": 900})
    problems = notebook_figure_problems(page, f"lesson {lesson.number} in JupyterLab")
    toggle = page.locator(".widget-toggle-button", has_text="Projector theme").first
    if toggle.count():
        before = [H.signature(b) for b in H.demo_boxes(page).all()]
        toggle.click()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            now = [H.signature(b) for b in H.demo_boxes(page).all()]
            if all(a != b for a, b in zip(before, now, strict=True)):
                break
            time.sleep(0.2)
        time.sleep(1.0)  # the last figures finish drawing
        problems += notebook_figure_problems(
            page, f"lesson {lesson.number} in JupyterLab, projector theme"
        )
        H.screenshot(page, f"lab-{lesson.number}-projector")
        toggle.click()
    # controls: no label cut short or run into the next control (a walkthrough found both)
    controls = [
        p
        for i, box in enumerate(H.demo_boxes(page).all())
        for p in LC.control_problems(box, f"lesson {lesson.number} demo {i + 1} in JupyterLab")
    ]
    assert not controls, f"{len(controls)} control layout problems:\n" + "\n".join(controls)
    assert not problems, f"{len(problems)} figure layout problems:\n" + "\n".join(problems)
    # student walkthrough: JupyterLab's "get notified about Jupyter news?" toast covered figures
    toasts = page.locator(".Toastify__toast, .jp-toast-message").all_inner_texts()
    assert not [t for t in toasts if "news" in t.lower()], toasts
    print(f"lesson {lesson.number}: ran all cells in {time.monotonic() - started:.1f} s")


def notebook_figure_problems(page, where: str) -> list[str]:
    """Text overlaps and cut-offs in every figure of the open notebook (layout_checks)."""
    out = []
    plots = page.locator(".jp-Notebook .js-plotly-plot")
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        title = plot.evaluate("e => (e.querySelector('.g-gtitle') || {}).textContent || ''")
        out += LC.figure_problems(
            plot.evaluate(LC.FIGURE_TEXTS_JS), f"{where}, figure {i + 1} ({title[:40]!r})"
        )
    return out
