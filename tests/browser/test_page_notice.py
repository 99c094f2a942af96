"""A lesson page that cannot draw says so (issue 15): with plotly.js kept from the page, the
app's page shows a notice saying what to do (reload) and why; a page that draws shows none."""

from __future__ import annotations

import time

import harness as H
import pytest

pytestmark = pytest.mark.browser

DRAW_S = 3  # the page's bound, shortened for the test (the app's default is 60 s)
NOTICE = ".pih-notice"


def open_lesson(browser, url: str, *, block_plotly: bool):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    H.block_external(context)
    context.add_init_script(f"window.PIH_DRAW_S = {DRAW_S};")
    if block_plotly:
        context.route("**/plotly-cartesian.min.js*", lambda route: route.abort())
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=60_000)
    H.wait_voila_done(page, 120)
    return context, page


def test_a_page_that_cannot_draw_says_what_to_do(browser, voila_server):
    lesson = H.lessons()[0]
    context, page = open_lesson(
        browser, voila_server.lesson_url(lesson.notebook), block_plotly=True
    )
    try:
        notice = page.locator(NOTICE)
        notice.wait_for(state="visible", timeout=(DRAW_S + 30) * 1000)
        text = notice.inner_text()
        H.screenshot(page, "notice-not-drawn")
        n = len(lesson.demos())
        assert "Reload" in text, text
        assert f"0 of {n} figures drawn" in text, text
        assert notice.get_attribute("role") == "alert"
        box = notice.bounding_box()
        assert box and box["y"] == 0 and box["height"] < 200, f"notice not at the top: {box}"
    finally:
        context.close()


def test_a_page_that_draws_shows_no_notice(browser, voila_server):
    lesson = H.lessons()[0]
    context, page = open_lesson(
        browser, voila_server.lesson_url(lesson.notebook), block_plotly=False
    )
    try:
        H.wait_plots(page, len(lesson.demos()), 60)
        time.sleep(DRAW_S + 2)  # past the page's bound
        assert page.locator(NOTICE).count() == 0, page.locator(NOTICE).inner_text()
    finally:
        context.close()
