"""The app's index page in a real browser: it lists every lesson, links work, and
nothing is requested from another host (lesson pages: test_voila.py)."""

from __future__ import annotations

import harness as H

from partners_in_healing.lessons import LESSONS


def test_index_page_offline_and_complete(browser, voila_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    log = H.watch(page)
    try:
        page.goto(
            voila_server.url("/voila/render/index.ipynb"), wait_until="commit", timeout=60_000
        )
        page.wait_for_selector("a[href*='.ipynb']", timeout=120_000)
        H.wait_voila_done(page, 60)
        hrefs = page.eval_on_selector_all(
            "a[href*='.ipynb']", "els => els.map(e => e.getAttribute('href'))"
        )
        H.screenshot(page, "voila-index")
    finally:
        context.close()
    for lesson in LESSONS:
        assert any(lesson.notebook in h for h in hrefs), f"index does not link {lesson.notebook}"
    assert log.requests and not log.external, log.external
    assert not log.console_errors and not log.page_errors, log.console_errors + log.page_errors


def test_the_apps_root_opens_the_contents_page(browser, voila_server):
    """Lecturer walkthrough: the README's address, the app's root, showed Voila's bare list of
    notebook files (empty for 8 s on a first load, with console errors)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(voila_server.url("/"), wait_until="commit", timeout=60_000)
        page.wait_for_url("**/voila/render/index.ipynb*", timeout=30_000)
        page.wait_for_selector("a[href*='.ipynb']", timeout=120_000)
        assert "Select items to open" not in page.content()
    finally:
        context.close()
