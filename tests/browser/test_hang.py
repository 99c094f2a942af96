"""Voila page loads must never hang at "Executing N of M" (voila#1395, #1446):
load each lesson a few times and fail on any load that does not finish."""

from __future__ import annotations

import os

import pytest

import harness as H
from conftest import lesson_params, notebook_or_skip

pytestmark = pytest.mark.browser

LOADS = int(os.environ.get("PIH_HANG_LOADS", "2"))  # `make loadtest` does 100 per lesson
BOUND_S = 30.0


@pytest.mark.parametrize("lesson", lesson_params())
def test_no_hang(lesson, browser, voila_server):
    notebook_or_skip(lesson)
    hangs = []
    for k in range(LOADS):
        context = browser.new_context()
        H.block_external(context)
        page = context.new_page()
        try:
            page.goto(voila_server.lesson_url(lesson.notebook), wait_until="commit", timeout=60_000)
            H.wait_voila_done(page, BOUND_S)
        except H.Hang as e:
            hangs.append(f"load {k + 1}: {e}")
        finally:
            context.close()
    assert not hangs, f"{len(hangs)} of {LOADS} loads of lesson {lesson.number} hung:\n" + "\n".join(hangs)
