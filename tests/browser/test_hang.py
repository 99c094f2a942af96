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
