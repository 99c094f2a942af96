"""Every lesson runs top to bottom in JupyterLab in a real browser: no error output,
and every demo's figure is drawn."""

from __future__ import annotations

import time

import pytest

import harness as H
from conftest import lesson_params, notebook_or_skip

pytestmark = pytest.mark.browser

ERRORS_JS = """() => {
  const out = [];
  document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    .forEach(e => { const t = e.textContent; if (/Traceback|Error\\b/.test(t)) out.push(t.slice(0, 1500)); });
  return out;
}"""

PROMPTS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                    .map(e => e.textContent.trim())"""


def run_all_cells(page) -> None:
    """Run > Run All Cells, from the menu bar."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def wait_all_executed(page, timeout_s: float) -> None:
    """Every code cell shows an execution count ([3]:), none is queued or running ([*]:)."""
    page.wait_for_function(
        f"""() => {{ const p = ({PROMPTS_JS})();
                    return p.length > 0 && p.every(t => /\\[\\d+\\]/.test(t)); }}""",
        timeout=timeout_s * 1000, polling=250)


@pytest.mark.parametrize("lesson", lesson_params())
def test_lesson_runs_in_jupyterlab(lesson, lab_server, lab_page):
    notebook_or_skip(lesson)
    page = lab_page
    page.goto(lab_server.lesson_url(lesson.notebook))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # the kernel must be connected before Run All, or the run is queued behind a dialog
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], "
                           "[data-status='idle']", timeout=60_000)
    run_all_cells(page)
    started = time.monotonic()
    wait_all_executed(page, 180)
    errors = page.evaluate(ERRORS_JS)
    assert not errors, f"error output in {lesson.notebook}:\n" + "\n---\n".join(errors)
    n = len(lesson.demos())
    H.wait_plots(page, n, 60)
    count = page.locator(".js-plotly-plot").count()
    H.screenshot(page, f"lab-{lesson.number}")
    assert count == n, f"{count} plotly figures in {lesson.notebook}, expected one per demo ({n})"
    print(f"lesson {lesson.number}: ran all cells in {time.monotonic() - started:.1f} s")
