"""Session-wide servers and browser for the browser tests (marked ``browser``).

One JupyterLab server, one Voila app server and one headless Chromium for the whole
session, on free ports of 127.0.0.1, stopped by PID in a ``finally``.
Set ``PIH_NOTEBOOK_DIR`` to serve another folder (development only).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import harness as H
import pytest

pytest.importorskip("playwright.sync_api")


SERVER_FIXTURES = ("voila_server", "lab_server", "app")
LOG_TAIL_CHARS = 4000


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test reports the state and log tail of the servers it used: a
    server that stopped answering (a CI run saw every page load time out) says why."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for name in SERVER_FIXTURES:
        server = getattr(item, "funcargs", {}).get(name)
        if not isinstance(server, H.Server):
            continue
        state = "running" if server.proc.poll() is None else f"exited {server.proc.returncode}"
        try:
            tail = server.log.read_text(errors="replace")[-LOG_TAIL_CHARS:]
        except OSError as e:
            tail = f"(no log: {e})"
        kernels = len(server.kernel_pids()) if server.proc.poll() is None else 0
        report.sections.append(
            (f"{server.kind} server :{server.port} ({state}, {kernels} kernels)", tail)
        )


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.browser)


def _root():
    d = os.environ.get("PIH_NOTEBOOK_DIR")
    return Path(d) if d else None


@pytest.fixture(scope="session")
def playwright_session():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_session):
    if not Path(H.CHROMIUM).exists():
        pytest.fail(f"{H.CHROMIUM} is missing: `make chromium` installs Debian's chromium")
    b = H.launch(playwright_session)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """JupyterLab over a copy of notebooks/: running cells in a browser autosaves the
    notebook, and the tests must never write outputs into the repository."""
    root = _root()
    if root is None:
        root = tmp_path_factory.mktemp("lab") / "notebooks"
        shutil.copytree(H.NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    server = H.start_lab(root)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila_server():
    server = H.start_voila(_root())
    try:
        _first_page(server)
        yield server
    finally:
        server.stop()


def _first_page(server, timeout: float = 240) -> None:
    """The app serves a whole lesson page before any test uses it: a server that answers
    "/" but never a lesson fails here once, with its log, not in every test."""
    import urllib.request

    first = H.lessons()[0].notebook
    start = time.monotonic()
    try:
        with urllib.request.urlopen(server.lesson_url(first), timeout=timeout) as r:
            r.read()
    except OSError as e:
        tail = server.log.read_text(errors="replace")[-LOG_TAIL_CHARS:]
        server.stop()
        pytest.fail(
            f"the app did not serve {first} within {time.monotonic() - start:.0f} s ({e}); "
            f"its log ends:\n{tail}"
        )


@pytest.fixture(scope="session")
def lab_page(browser, lab_server):
    """One JupyterLab page for the whole session (lessons are opened one after another)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    H.block_external(context)
    page = context.new_page()
    page.pih_log = H.watch(page)
    try:
        yield page
    finally:
        context.close()


def notebook_or_skip(lesson, root: Path | None = None) -> None:
    root = root or _root() or H.NOTEBOOKS
    if not (root / lesson.notebook).exists():
        pytest.skip(f"lesson {lesson.number}: {lesson.notebook} is registered but not written yet")


def lesson_params():
    return [pytest.param(lesson, id=f"lesson{lesson.number}") for lesson in H.lessons()]
