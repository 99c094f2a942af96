"""Contents page and navigation: links resolve to existing notebooks and are in sync
with the lesson registry (tools/navigation.py --check)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from partners_in_healing.lessons import LESSONS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TOOL = ROOT / "tools" / "navigation.py"
PRESENT = [lesson for lesson in LESSONS if (NOTEBOOKS / lesson.notebook).exists()]
LINK = re.compile(r"\]\(([^)\s]+\.ipynb)\)")


def _nav_cells(path):
    nb = nbformat.read(path, as_version=4)
    return nb, [i for i, c in enumerate(nb.cells) if "navigation" in c.metadata.get("tags", [])]


def test_navigation_is_in_sync():
    out = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, "run `python tools/navigation.py`:\n" + out.stdout + out.stderr


@pytest.mark.parametrize("lesson", PRESENT, ids=lambda lesson: lesson.number)
def test_lesson_has_navigation_at_top_and_bottom(lesson):
    nb, idx = _nav_cells(NOTEBOOKS / lesson.notebook)
    assert idx == [0, len(nb.cells) - 1]
    for i in idx:
        src = nb.cells[i].source
        assert "(index.ipynb)" in src
        for target in LINK.findall(src):
            assert (NOTEBOOKS / target).exists(), f"{lesson.notebook} links to missing {target}"


@pytest.mark.parametrize("lesson", PRESENT, ids=lambda lesson: lesson.number)
def test_previous_and_next_follow_the_registry(lesson):
    nb, idx = _nav_cells(NOTEBOOKS / lesson.notebook)
    links = [t for t in LINK.findall(nb.cells[idx[0]].source) if t != "index.ipynb"]
    i = PRESENT.index(lesson)
    expected = ([PRESENT[i - 1].notebook] if i > 0 else []) + (
        [PRESENT[i + 1].notebook] if i + 1 < len(PRESENT) else []
    )
    assert links == expected


def test_contents_page_links_every_lesson_with_a_time():
    nb, idx = _nav_cells(NOTEBOOKS / "index.ipynb")
    assert len(idx) == 1
    src = nb.cells[idx[0]].source
    for lesson in PRESENT:
        row = next(line for line in src.splitlines() if f"({lesson.notebook})" in line)
        assert re.search(r"\d+(–\d+)? min", row), f"no time for lesson {lesson.number}"
    for target in LINK.findall(src):
        assert (NOTEBOOKS / target).exists()


def test_tool_is_idempotent_and_check_detects_drift(tmp_path):
    for p in NOTEBOOKS.glob("*.ipynb"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    nb = nbformat.read(tmp_path / "00-welcome.ipynb", as_version=4)
    nb.cells[0].source = "stale navigation"
    nbformat.write(nb, tmp_path / "00-welcome.ipynb")

    def run(*a):
        return subprocess.run(
            [sys.executable, str(TOOL), *a, str(tmp_path)], capture_output=True, text=True, cwd=ROOT
        )

    assert run("--check").returncode == 1
    assert run().returncode == 0
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}
    assert run().stdout == "" and run("--check").returncode == 0
    assert before == {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}
