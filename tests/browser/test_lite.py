"""The browser version (`make lite`): every lesson runs in JupyterLite, with Python in the
browser (Pyodide), served by a plain static file server on 127.0.0.1.

For every registered lesson, in a fresh browser profile (nothing cached): Run All Cells,
then no error output, every demo drawn, each demo's first control changes its figure, and
no request to any host but the one serving the site (nor any failed request). The contents
page links every lesson. The site is built once per session (`make lite`, which reuses its
verified inputs in build/lite-cache/).
"""

from __future__ import annotations

import subprocess
import time
from urllib.parse import urlsplit

import harness as H
import pytest
from conftest import lesson_params
from test_lab import ERRORS_JS
from test_voila import _norm, drive_control

pytestmark = pytest.mark.browser

SITE = H.ROOT / "build" / "lite"


@pytest.fixture(scope="session")
def lite_site():
    """build/lite/, built (or brought up to date) by `make lite`."""
    started = time.monotonic()
    done = subprocess.run(
        ["make", "--no-print-directory", "lite"], cwd=H.ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, f"make lite failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    print(f"make lite: {time.monotonic() - started:.1f} s")
    return SITE


@pytest.fixture(scope="session")
def lite_server(lite_site):
    server = H.start_static(lite_site)
    try:
        yield server
    finally:
        server.stop()


def lite_url(server, notebook: str) -> str:
    return f"{server.base}/lab/index.html?path={notebook}"


def open_lesson(browser, server, notebook: str):
    """A fresh profile (cold cache) whose every request and failed response is recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    H.block_external(context)
    page = context.new_page()
    log = H.watch(page)
    page.pih_failed = []
    page.on(
        "response",
        lambda r: page.pih_failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    return context, page, log


def foreign(log, server) -> list[str]:
    """Requests to anything but the site's own host and port."""
    own = urlsplit(server.base).netloc
    return [
        u
        for u in log.requests
        if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own
    ]


def first_control(box):
    """The first control a demo declares (after its Preset menu and Reset button)."""
    for info in box.evaluate(H.CONTROLS_JS):
        control = box.locator(f'[data-pih-control="{info["idx"]}"]').first
        if info["disabled"] or _norm(info["label"]) == "Preset":
            continue
        if info["kind"] == "button" and "Reset" in control.inner_text():
            continue
        return control, info
    raise AssertionError("demo has no control")


@pytest.mark.parametrize("lesson", lesson_params())
def test_lesson_runs_in_the_browser_version(lesson, browser, lite_server, lite_site):
    if not (lite_site / "files" / lesson.notebook).exists():
        pytest.skip(f"lesson {lesson.number}: {lesson.notebook} is registered but not written yet")
    context, page, log = open_lesson(browser, lite_server, lesson.notebook)
    started = time.monotonic()
    try:
        try:
            H.open_and_run_in_lab(page, lite_url(lite_server, lesson.notebook), 240)
        except Exception:
            H.screenshot(page, f"lite-{lesson.number}-failed")
            pending = page.evaluate(f"({H.PROMPTS_JS})()")
            errors = page.evaluate(ERRORS_JS)
            raise AssertionError(
                f"not every cell ran; prompts: {pending}; errors: {errors}"
            ) from None
        ran = time.monotonic() - started
        errors = page.evaluate(ERRORS_JS)
        assert not errors, f"error output in {lesson.notebook}:\n" + "\n---\n".join(errors)
        n = len(lesson.demos())
        H.wait_plots(page, n, 60)
        boxes = H.demo_boxes(page)
        assert boxes.count() == n, f"{boxes.count()} demos drawn, {n} registered"
        unchanged = []
        for i in range(n):
            box = boxes.nth(i)
            box.scroll_into_view_if_needed()
            control, info = first_control(box)
            before = H.signature(box)
            what = drive_control(box, control, info)
            try:
                H.wait_signature(box, lambda s, b=before: s != b, 20, what)
            except AssertionError as e:
                unchanged.append(f"demo {i + 1}: {e}")
        H.screenshot(page, f"lite-{lesson.number}")
        assert not unchanged, "\n".join(unchanged)
        assert not foreign(log, lite_server), (
            f"requests to other hosts: {foreign(log, lite_server)}"
        )
        assert not page.pih_failed, f"failed requests: {page.pih_failed}"
        assert not log.page_errors, log.page_errors
        print(
            f"lesson {lesson.number}: all cells ran {ran:.1f} s after opening; "
            f"{len(log.requests)} requests, all to the site"
        )
    finally:
        context.close()


def test_contents_page_links_every_lesson(browser, lite_server, lite_site):
    context, page, log = open_lesson(browser, lite_server, "index.ipynb")
    try:
        page.goto(lite_url(lite_server, "index.ipynb"))
        page.wait_for_selector(".jp-Notebook .jp-MarkdownOutput a", timeout=60_000)
        links = page.evaluate(
            "() => [...document.querySelectorAll('.jp-MarkdownOutput a')]"
            ".map(a => a.getAttribute('href'))"
        )
        for lesson in H.lessons():
            if (lite_site / "files" / lesson.notebook).exists():
                assert any(lesson.notebook in (h or "") for h in links), (
                    f"{lesson.notebook} not linked from the contents page: {links}"
                )
        first = next(lesson for lesson in H.lessons())
        page.locator(f'.jp-MarkdownOutput a[href*="{first.notebook}"]').first.click()
        page.wait_for_selector(f'.lm-TabBar-tab[title*="{first.notebook}"]', timeout=30_000)
        assert not foreign(log, lite_server)
    finally:
        context.close()
