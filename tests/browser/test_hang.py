"""Voila page loads must never hang at "Executing N of M" (voila#1395, #1446):
load each lesson a few times and fail on any load that does not finish."""

from __future__ import annotations

import os

import harness as H
import pytest
from conftest import lesson_params, notebook_or_skip

pytestmark = pytest.mark.browser

LOADS = int(os.environ.get("PIH_HANG_LOADS", "2"))  # `make loadtest` does 100 per lesson
BOUND_S = 30.0


def bounded_loads(browser, url: str, loads: int, then=None) -> list[str]:
    """Load ``url`` ``loads`` times, each in a fresh context and bounded by ``BOUND_S``;
    ``then(page)`` runs after each finished load. The loads that hung, described."""
    hangs = []
    for k in range(loads):
        context = browser.new_context()
        H.block_external(context)
        page = context.new_page()
        try:
            page.goto(url, wait_until="commit", timeout=60_000)
            H.wait_voila_done(page, BOUND_S)
            if then is not None:
                then(page)
        except H.Hang as e:
            hangs.append(f"load {k + 1}: {e}")
        finally:
            context.close()
    return hangs


@pytest.mark.parametrize("lesson", lesson_params())
def test_no_hang(lesson, browser, voila_server):
    notebook_or_skip(lesson)
    hangs = bounded_loads(browser, voila_server.lesson_url(lesson.notebook), LOADS)
    assert not hangs, (
        f"{len(hangs)} of {LOADS} loads of lesson {lesson.number} hung:\n" + "\n".join(hangs)
    )


INTERACT = H.ROOT / "tests" / "browser" / "data" / "interact_sleep.ipynb"
INTERACT_LOADS = 10


def test_no_hang_when_a_cell_prints_into_an_output_widget(browser):
    """An ``@interact`` with a slow function, run as each page loads (no pre-heated pool):
    stock Voila 0.5.13 hung on 5-7 of 10 such loads here (voila_app.py, change 3)."""
    shown = []

    def output_shown(page):
        page.get_by_text("printed inside the Output widget: 1.0").wait_for(timeout=15_000)
        shown.append(True)

    server = H.start_voila(INTERACT.parent)
    try:
        hangs = bounded_loads(
            browser, server.lesson_url(INTERACT.name), INTERACT_LOADS, output_shown
        )
    finally:
        server.stop()
    assert not hangs, f"{len(hangs)} of {INTERACT_LOADS} loads hung:\n" + "\n".join(hangs)
    assert len(shown) == INTERACT_LOADS, "the printed output must reach the page"
