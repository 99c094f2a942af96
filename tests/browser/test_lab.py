"""Every lesson runs top to bottom in JupyterLab in a real browser: no error output,
and every demo's figure is drawn."""

from __future__ import annotations

import time

import harness as H
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
    print(f"lesson {lesson.number}: ran all cells in {time.monotonic() - started:.1f} s")
