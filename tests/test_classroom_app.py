"""Presentation mode: the Voila app builds, starts, serves every lesson and the index,
and neither the notebooks nor the generated pages fetch anything from another host."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from partners_in_healing import serve
from partners_in_healing.lessons import LESSONS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PRESENT = [lesson for lesson in LESSONS if (NOTEBOOKS / lesson.notebook).exists()]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}

# a resource the page loads (not a link the reader may follow): script/link/img/iframe/source/...
RESOURCE = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?"
    r"\b(src|href|data)\s*=\s*[\"']?(https?:)?//([^/\"'\s>:]+)",
    re.I,
)
CSS_IMPORT = re.compile(r"@import\s+(url\()?[\"']?(https?:)?//([^/\"')\s:]+)", re.I)
MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*(https?:)?//([^/)\s:]+)", re.I)
CDN = re.compile(
    r"https?://[^\s\"']*(cdn\.|jsdelivr|unpkg|cdnjs|googleapis|gstatic|plot\.ly|"
    r"fontawesome|mathjax)",
    re.I,
)


def external_resources(html: str) -> list[str]:
    """Hosts other than this machine that ``html`` makes the browser fetch."""
    hosts = [m.group(4) for m in RESOURCE.finditer(html)] + [
        m.group(3) for m in CSS_IMPORT.finditer(html)
    ]
    return [h for h in hosts if h.lower() not in LOCAL_HOSTS]


def test_detector_finds_cdn_links_and_ignores_prose_links():
    assert external_resources('<link rel="stylesheet" href="https://cdn.jsdelivr.net/x.css">') == [
        "cdn.jsdelivr.net"
    ]
    assert external_resources("<script src='//unpkg.com/a.js'></script>") == ["unpkg.com"]
    assert external_resources('<img src="http://127.0.0.1:8866/x.png">') == []
    assert external_resources('<a href="https://doi.org/10.1/x">paper</a>') == []
    assert external_resources('<svg xmlns="http://www.w3.org/2000/svg"></svg>') == []


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_requests_nothing_from_other_hosts(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            assert not external_resources(cell.source), (
                f"cell {i}: {external_resources(cell.source)}"
            )
            assert not MD_IMAGE.search(cell.source), f"cell {i}: image from another host"
        elif cell.cell_type == "code":
            assert not CDN.search(cell.source), (
                f"cell {i}: CDN in code: {CDN.search(cell.source).group(0)}"
            )


def test_template_files_request_nothing_from_other_hosts():
    # static/ holds only plotly's own widget code, copied by serve.prepare_static (generated);
    # that no page requests another host at run time is checked in a real browser.
    for f in (serve.template_root() / "voila" / "templates" / "pih").iterdir():
        if f.is_dir():
            continue
        assert not external_resources(f.read_text()), f.name
        assert "cdn.jsdelivr" not in f.read_text() or f.suffix == ".j2" and "{#" in f.read_text()


def test_build_app_filters_student_cells_and_turns_the_projector_on(tmp_path):
    out = serve.build_app(tmp_path)
    names = sorted(p.name for p in out.glob("*.ipynb"))
    assert names == sorted(serve.app_pages())
    assert "index.ipynb" in names and all(lesson.notebook in names for lesson in PRESENT)
    for lesson in PRESENT:
        nb = nbformat.read(out / lesson.notebook, as_version=4)
        assert "use_projector(True)" in nb.cells[0].source
        src = "\n".join(c.source for c in nb.cells)
        assert "check_exercise(" not in src and "lesson_quiz(" not in src
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
        assert sum("Demo(" in c.source for c in nb.cells if c.cell_type == "code") >= len(
            lesson.demos()
        )


def test_each_app_page_knows_how_many_demos_it_must_draw(tmp_path):
    """The page's watch (pih-watch.js) reads the count from the notebook's metadata."""
    out = serve.build_app(tmp_path)
    for lesson in PRESENT:
        nb = nbformat.read(out / lesson.notebook, as_version=4)
        assert nb.metadata["pih"]["demos"] == len(lesson.demos()) > 0, lesson.notebook
    index = nbformat.read(out / "index.ipynb", as_version=4)
    assert index.metadata["pih"]["demos"] == 0
    template = (serve.template_root() / "voila/templates/pih/index.html.j2").read_text()
    assert "window.PIH_DEMOS" in template and "pih-watch.js" in template


def test_the_app_leaves_out_exactly_the_tagged_cells():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    tagged = code("done = check_exercise('x', f, c)")
    tagged.metadata["tags"] = ["student-only"]
    untagged = md("## Exercise 2: a plan")
    cells = [tagged, untagged, code("TrajectoryDemo()")]
    assert [c.source for c in serve.app_cells(cells)] == [untagged.source, "TrajectoryDemo()"]


STUDENT_HEADING = re.compile(r"^#+\s.*\b(exercise|quiz|self-check)", re.I | re.M)
SOLUTION = re.compile(r"<summary>[^<]*(<b>)?\s*solution", re.I)
STUDENT_CODE = ("check_exercise(", "Quiz(", "lesson_quiz(", "raise NotImplementedError")


@pytest.mark.parametrize("lesson", PRESENT, ids=lambda lesson: lesson.number)
def test_exercises_solutions_and_quizzes_are_tagged_student_only(lesson):
    """The app leaves out only tagged cells, so a lesson's author must tag each one."""
    nb = nbformat.read(NOTEBOOKS / lesson.notebook, as_version=4)
    untagged = [
        c.source[:80]
        for c in nb.cells
        if not serve.student_only(c)
        and (
            STUDENT_HEADING.search(c.source) or SOLUTION.search(c.source)
            if c.cell_type == "markdown"
            else any(s in c.source for s in STUDENT_CODE)
        )
    ]
    assert not untagged, f"tag these cells 'student-only': {untagged}"


def test_commands():
    v = serve.voila_command(18999)
    assert v[-3:] == ["present", "--port", "18999"] and "--classroom" not in v
    assert serve.voila_command(18999, classroom=True)[-1] == "--classroom"
    argv = serve._voila_argv(18999, False, None)
    assert (
        "--Voila.ip=127.0.0.1" in argv
        and "--template=pih" in argv
        and "--strip_sources=True" in argv
    )
    assert any(a.startswith("--MappingKernelManager.cull_idle_timeout=") for a in argv)
    assert "--preheat_kernel=True" in argv and f"--pool_size={serve.POOL_SIZE}" in argv
    short = serve._override(argv, ["--MappingKernelManager.cull_idle_timeout=30", "--x"])
    assert [a for a in short if "cull_idle_timeout" in a] == [
        "--MappingKernelManager.cull_idle_timeout=30"
    ]
    assert short[-1] == "--x" and len(short) == len(argv) + 1
    room = serve._voila_argv(18999, True, "abc")
    assert "--Voila.ip=0.0.0.0" in room and "--Voila.token=abc" in room
    assert serve.lab_command(18998)[-3:] == ["lab", "--port", "18998"]
    lab = serve._jupyter_lab_argv(18998, ["--ServerApp.root_dir=/x"])
    assert "--ip=127.0.0.1" in lab and not any(
        "token=" in a.lower() and a.endswith("=") for a in lab
    )
    assert lab.count("--ServerApp.root_dir=/x") == 1 and sum("root_dir" in a for a in lab) == 1
    assert any(a.startswith("--ServerApp.extra_static_paths=") for a in lab)
    assert serve.app_dir() == ROOT / "build" / "app"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, whole: bool = False, timeout: float = 120) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            body = (
                r.read().decode("utf-8", "replace")
                if whole
                else r.read(2048).decode("utf-8", "replace")
            )
            return r.status, body
    except urllib.error.HTTPError as err:
        return err.code, ""


@pytest.fixture(scope="module")
def app():
    port = _free_port()
    log = (
        open(ROOT / "build" / f"test-app-{port}.log", "wb")
        if (ROOT / "build").is_dir()
        else subprocess.DEVNULL
    )
    proc = subprocess.Popen(
        serve.voila_command(port),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, "the app exited"
            try:
                urllib.request.urlopen(base + "/", timeout=3).close()
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                assert time.monotonic() < deadline, "the app did not start in 90 s"
                time.sleep(0.5)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server (its PID leads its own group)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def test_app_binds_loopback_only(app):
    port = urlsplit(app).port
    for addr in {
        a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    } - {"127.0.0.1"}:
        with socket.socket() as s:
            s.settimeout(1)
            assert s.connect_ex((addr, port)) != 0, f"reachable on {addr}"


def test_index_page_is_served_without_external_resources(app):
    status, html = _get(app + "/voila/render/index.ipynb", whole=True)
    assert status == 200 and "Contents" in html
    assert external_resources(html) == []
    for lesson in PRESENT:
        assert f'href="{lesson.notebook}"' in html


@pytest.mark.parametrize("lesson", PRESENT, ids=lambda lesson: lesson.number)
def test_every_lesson_page_returns_200(app, lesson):
    status, head = _get(app + f"/voila/render/{lesson.notebook}")
    assert status == 200 and "<html" in head.lower()


def test_lesson_page_has_no_code_and_no_external_resources(app):
    status, html = _get(app + f"/voila/render/{PRESENT[0].notebook}", whole=True, timeout=240)
    assert status == 200
    assert external_resources(html) == []
    assert (
        "CohortDemo()" not in html
        and "import " not in html.split("<body", 1)[1].split("</body>")[0]
        or "jp-InputArea" not in html
    )


def test_error_and_tree_pages_have_no_cdn(app):
    for path in ("/voila/render/no-such-lesson.ipynb", "/voila/tree", "/"):
        _status, html = _get(app + path, whole=True)
        assert external_resources(html) == [], path


@pytest.mark.parametrize("lesson", PRESENT, ids=lambda lesson: lesson.number)
def test_every_cell_of_a_student_only_section_is_tagged(lesson):
    """Lecturer walkthrough: lesson 01's app page showed a lone "Show an answer", a Think!
    about Exercise 2 and a note on Exercise 3 between Demo 3 and Model vs. evidence: cells
    of the exercise section that were not tagged like their heading."""
    nb = nbformat.read(NOTEBOOKS / lesson.notebook, as_version=4)
    hidden_section, untagged = False, []
    for c in nb.cells:
        if c.cell_type == "markdown" and re.match(r"##\s", c.source):
            hidden_section = serve.student_only(c)
        elif hidden_section and not serve.student_only(c):
            untagged.append(c.source[:60])
    assert not untagged, f"tag these cells 'student-only': {untagged}"


def test_the_app_numbers_its_sections_without_gaps_and_follows_references(tmp_path):
    """Lecturer walkthrough: the app page went from "4." to "7. Model vs. evidence"."""
    out = serve.build_app(tmp_path)
    for lesson in PRESENT:
        source = nbformat.read(NOTEBOOKS / lesson.notebook, as_version=4)
        app = nbformat.read(out / lesson.notebook, as_version=4)
        texts = [c.source for c in app.cells if c.cell_type == "markdown"]
        numbers = [int(m) for t in texts for m in re.findall(r"^##\s+(\d+)\.", t, re.M)]
        assert numbers == list(range(1, len(numbers) + 1)), (lesson.notebook, numbers)
        kept = [c for c in serve.app_cells(source.cells) if c.cell_type == "markdown"]
        shown = [c for c in app.cells if c.cell_type == "markdown"]
        title: dict = {"lesson": {}, "app": {}}  # number -> heading title
        for key, cells in (("lesson", kept), ("app", shown)):
            for c in cells:
                title[key].update(re.findall(r"^##\s+(\d+)\.\s+(.*)$", c.source, re.M))
        referred = 0
        for before, after in zip(kept, shown, strict=True):
            refs = re.findall(r"\bSection (\d+)\b", before.source)
            if refs:
                new = re.findall(r"\bSection (\d+)\b", after.source)
                assert [title["lesson"].get(n) for n in refs] == [
                    title["app"].get(n) for n in new
                ], (lesson.notebook, refs, new)
                referred += len(refs)
        assert referred or lesson.number == "00"
    md = nbformat.v4.new_markdown_cell
    cells = [md("## 1. A"), md("## 4. Quiz"), md("## 6. B\nSee Section 6 and Sections 1–6.")]
    serve.renumber([cells[0], cells[2]])
    assert cells[2].source == "## 2. B\nSee Section 2 and Sections 1–2."


@pytest.mark.parametrize("lesson", PRESENT, ids=lambda lesson: lesson.number)
def test_the_app_shows_no_printed_text(lesson):
    """Lecturer walkthrough: print() output showed in the app as 13 px monospace, unreadable
    on a projector (and lesson 03's gave away the Predict-first answer); the app's cells
    show Markdown, tables and figures instead."""
    nb = nbformat.read(NOTEBOOKS / lesson.notebook, as_version=4)
    printing = [
        c.source[:60]
        for c in serve.app_cells(nb.cells)
        if c.cell_type == "code" and "print(" in c.source
    ]
    assert not printing, printing
