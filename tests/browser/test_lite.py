"""The browser version (`make lite`): every lesson runs in JupyterLite, with Python in the
browser (Pyodide), served by a plain static file server on 127.0.0.1.

Every registered lesson is opened in a fresh browser profile (nothing cached), all at once
(each page's Python runs in its own worker, so two cores run two lessons at a time), and
Run All Cells is clicked in each as soon as its kernel is ready. Then, per lesson: no error
output, every demo drawn, each demo's first control changes its figure, and no request to
any host but the one serving the site (nor any failed request). The same for the
lecturer's present view (present.html: no code, run on open) of two lessons (PRESENT: the
same notebooks in another page, so two prove the view; all five cost 100 s of the suite),
and the contents page links every lesson. The site is built once per session (`make lite`,
which reuses its verified inputs in build/lite-cache/).
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import harness as H
import pytest
from conftest import lesson_params
from test_lab import ERRORS_JS
from test_voila import _norm, drive_control

pytestmark = pytest.mark.browser

SITE = H.ROOT / "build" / "lite"
PRESENT = ("00", "03")  # the lightest lesson and the heaviest (lifelines, a Play button)
RUN_TIMEOUT_S = 900  # all lessons at once on two cores (about 2 min when the machine is idle)


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


@dataclass
class Opened:
    """One page of the site in a fresh browser profile, with everything it requested."""

    context: object
    page: object
    log: H.PageLog
    failed: list[str] = field(default_factory=list)
    started: float = 0.0
    clicked: bool = False
    ran_s: float | None = None
    problem: str = ""


def open_fresh(browser, url: str) -> Opened:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    H.block_external(context)
    page = context.new_page()
    opened = Opened(context, page, H.watch(page), started=time.monotonic())
    page.on(
        "response",
        lambda r: opened.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(url, wait_until="commit", timeout=60_000)
    return opened


# JS: true once every code cell of the page's notebook has an execution count (read from
# the notebook's model: the present view hides the prompts)
ALL_RAN_JS = """() => {
  const app = window.jupyterapp; const w = app && app.shell.currentWidget;
  const cells = w && w.content && w.content.widgets;
  if (!cells) return false;
  const code = cells.filter((c) => c.model.type === "code");
  return code.length > 0 && code.every((c) => c.model.executionCount !== null);
}"""


def run_all_at_once(opened: dict, frame_of, click: bool) -> None:
    """Wait until every page has run all its cells; ``click``: Run All Cells in each page as
    soon as its kernel is connected and idle (H.open_and_run_in_lab, for many pages)."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    waiting = dict(opened)
    while waiting and time.monotonic() < deadline:
        for name, o in list(waiting.items()):
            frame = frame_of(o)
            try:
                if click and not o.clicked and frame.evaluate(H.KERNEL_READY_JS):
                    frame.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                    frame.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
                    o.clicked = True
                elif (o.clicked or not click) and frame.evaluate(ALL_RAN_JS):
                    o.ran_s = time.monotonic() - o.started
                    del waiting[name]
            except Exception:  # noqa: BLE001 - page or frame not there yet
                pass
        time.sleep(0.5)
    for o in waiting.values():
        try:
            prompts = frame_of(o).evaluate(
                "() => window.jupyterapp.shell.currentWidget.content.widgets"
                ".map((c) => c.model.executionCount)"
            )
            errors = frame_of(o).evaluate(ERRORS_JS)
        except Exception as e:  # noqa: BLE001
            prompts, errors = "?", str(e)
        o.problem = f"not every cell ran in {RUN_TIMEOUT_S} s; prompts: {prompts}; errors: {errors}"


def present_frame(o: Opened):
    return o.page.frames[-1] if len(o.page.frames) > 1 else o.page.main_frame


def lab_frame(o: Opened):
    return o.page.main_frame


def _written(lite_site):
    return [le for le in H.lessons() if (lite_site / "files" / le.notebook).exists()]


@pytest.fixture(scope="session")
def lessons_run(browser, lite_server, lite_site):
    """Every lesson opened in JupyterLite's JupyterLab and run, all at once."""
    opened = {
        le.notebook: open_fresh(browser, f"{lite_server.base}/lab/index.html?path={le.notebook}")
        for le in _written(lite_site)
    }
    try:
        run_all_at_once(opened, lab_frame, click=True)
        yield opened
    finally:
        for o in opened.values():
            o.context.close()


@pytest.fixture(scope="session")
def present_run(browser, lite_server, lite_site):
    """Every lesson's present view (present.html runs it on open), all at once."""
    opened = {
        le.notebook: open_fresh(browser, f"{lite_server.base}/present.html?nb={le.notebook}")
        for le in _written(lite_site)
        if le.number in PRESENT
    }
    try:
        run_all_at_once(opened, present_frame, click=False)
        yield opened
    finally:
        for o in opened.values():
            o.context.close()


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


def check_lesson(lesson, o: Opened, frame, server, name: str) -> None:
    if o.problem:
        H.screenshot(o.page, f"{name}-failed")
        raise AssertionError(o.problem)
    errors = frame.evaluate(ERRORS_JS)
    assert not errors, f"error output in {lesson.notebook}:\n" + "\n---\n".join(errors)
    n = len(lesson.demos())
    frame.wait_for_function(H.DEMOS_DRAWN_JS, arg=n, timeout=60_000, polling=100)
    boxes = frame.locator(".pih-demo")
    assert boxes.count() == n, f"{boxes.count()} demos drawn, {n} registered"
    unchanged = []
    for i in range(n):
        box = boxes.nth(i)
        box.scroll_into_view_if_needed()
        control, info = first_control(box)
        before = H.signature(box)
        what = drive_control(box, control, info)
        try:
            # 60 s: five lessons run in one browser on two cores, each in its own Pyodide
            H.wait_signature(box, lambda s, b=before: s != b, 60, what)
        except AssertionError as e:
            unchanged.append(f"demo {i + 1}: {e}")
    H.screenshot(o.page, name)
    assert not unchanged, "\n".join(unchanged)
    assert not foreign(o.log, server), f"requests to other hosts: {foreign(o.log, server)}"
    assert not o.failed, f"failed requests: {o.failed}"
    from test_voila import ANYWIDGET_SLOW_INIT  # a figure slow to start under load, still drawn

    errors = [e for e in o.log.page_errors if ANYWIDGET_SLOW_INIT not in e]
    assert not errors, errors
    print(
        f"{name}: all cells ran {o.ran_s:.1f} s after opening (all lessons at once); "
        f"{len(o.log.requests)} requests, all to the site"
    )


@pytest.mark.parametrize("lesson", lesson_params())
def test_lesson_runs_in_the_browser_version(lesson, lessons_run, lite_server):
    if lesson.notebook not in lessons_run:
        pytest.skip(f"lesson {lesson.number}: {lesson.notebook} is registered but not written yet")
    o = lessons_run[lesson.notebook]
    check_lesson(lesson, o, lab_frame(o), lite_server, f"lite-{lesson.number}")


@pytest.mark.parametrize("lesson", [p for p in lesson_params() if p.values[0].number in PRESENT])
def test_present_view_shows_every_demo_without_code(lesson, present_run, lite_server):
    if lesson.notebook not in present_run:
        pytest.skip(f"lesson {lesson.number}: {lesson.notebook} is registered but not written yet")
    o = present_run[lesson.notebook]
    frame = present_frame(o)
    check_lesson(lesson, o, frame, lite_server, f"lite-present-{lesson.number}")
    code = frame.evaluate(
        "() => [...document.querySelectorAll('.jp-CodeCell .jp-Cell-inputWrapper')]"
        ".filter(e => e.offsetParent !== null).length"
    )
    assert code == 0, f"{code} code inputs visible in the present view"
    projector = frame.evaluate(
        "() => getComputedStyle(document.querySelector('.jp-RenderedMarkdown')).fontSize"
    )
    assert projector == "22px", f"markdown at {projector}, not the app's projector size"
    # the app's presenter keys: N steps the demo last used to its next preset
    box = frame.locator(".pih-demo").first
    box.scroll_into_view_if_needed()
    box.locator(".pih-keys").first.dispatch_event("pointerdown")  # this demo is the one used
    frame.evaluate("() => document.activeElement && document.activeElement.blur()")
    before = H.signature(box)
    o.page.keyboard.press("n")
    H.wait_signature(box, lambda s: s != before, 60, "key N (next preset) in the present view")


def test_contents_page_links_every_lesson(browser, lite_server, lite_site):
    o = open_fresh(browser, f"{lite_server.base}/lab/index.html?path=index.ipynb")
    try:
        page = o.page
        page.wait_for_selector(
            '.jp-Notebook .jp-MarkdownOutput a[href*=".ipynb"]', state="attached", timeout=60_000
        )
        links = page.evaluate(
            "() => [...document.querySelectorAll('.jp-MarkdownOutput a')]"
            ".map(a => a.getAttribute('href'))"
        )
        for lesson in _written(lite_site):
            assert any(lesson.notebook in (h or "") for h in links), (
                f"{lesson.notebook} not linked from the contents page: {links}"
            )
        first = _written(lite_site)[0]
        page.locator(f'.jp-MarkdownOutput a[href*="{first.notebook}"]').first.click()
        page.wait_for_selector(f'.lm-TabBar-tab[title*="{first.notebook}"]', timeout=30_000)
        assert not foreign(o.log, lite_server)
    finally:
        o.context.close()
