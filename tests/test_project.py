"""Project hygiene: pins in one place, clean notebooks, a complete lesson registry."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from partners_in_healing.lessons import INDEX, LESSONS, lesson_notebooks

ROOT = Path(__file__).resolve().parents[1]


def _requirements() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def _environment() -> dict[str, str]:
    pins = {}
    for m in re.finditer(
        r"^\s+- ([A-Za-z0-9_.\-]+)==([^\s]+)\s*$", (ROOT / "environment.yml").read_text(), re.M
    ):
        pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def test_environment_yml_pins_the_same_versions_as_requirements():
    req, env = _requirements(), _environment()
    assert len(req) >= 15
    assert req == env


def test_environment_python_matches_pyproject():
    env = (ROOT / "environment.yml").read_text()
    assert re.search(r"- python=3\.1[1-9]", env)
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()


SERIES = lesson_notebooks(ROOT / "notebooks")


@pytest.mark.parametrize("path", SERIES, ids=lambda p: p.name)
def test_notebooks_are_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    out = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--keep-id", "--verify", str(path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, f"outputs or widget state stored: `make clean-notebooks` ({out})"


def test_cleaning_touches_only_the_series_notebooks(tmp_path):
    """`make clean-notebooks` strips what ``lessons`` lists: a student's own notebook
    beside the lessons keeps its outputs."""
    for name in (INDEX, LESSONS[0].notebook, "my-notes.ipynb"):
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell("1 + 1", execution_count=1))
        nbformat.write(nb, tmp_path / name)
    listed = subprocess.run(
        [sys.executable, "-m", "partners_in_healing.lessons", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(Path(p).name for p in listed) == sorted([INDEX, LESSONS[0].notebook])
    subprocess.run([sys.executable, "-m", "nbstripout", "--keep-id", *listed], check=True)
    counts = {
        p.name: nbformat.read(p, as_version=4).cells[0].execution_count
        for p in tmp_path.glob("*.ipynb")
    }
    assert counts == {INDEX: None, LESSONS[0].notebook: None, "my-notes.ipynb": 1}


def test_make_cleans_and_checks_with_the_same_list():
    make = (ROOT / "Makefile").read_text()
    listing = "$$($(PY) -m partners_in_healing.lessons notebooks)"
    assert f"nbstripout --keep-id {listing}" in make
    assert f"nbstripout --keep-id --verify {listing}" in make


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_every_registered_lesson_has_its_notebook_demos_and_figures(lesson):
    assert (ROOT / "notebooks" / lesson.notebook).exists()
    figs = lesson.key_figures()
    assert figs and all(f.name.startswith(lesson.number + "-") and len(f.alt) > 40 for f in figs)


def test_model_layer_imports_nothing_from_jupyter_or_plotly():
    for path in (ROOT / "src" / "partners_in_healing" / "model").glob("*.py"):
        text = path.read_text()
        for banned in ("ipywidgets", "IPython", "plotly", "matplotlib", "import ipykernel"):
            assert banned not in text, f"{path.name} imports {banned}"


TIME = re.compile(r"Estimated time:?\**\s*(?:about\s+)?(\d+(?:\s*[–-]\s*\d+)?)\s*min", re.I)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_the_notebook_states_the_registered_time(lesson):
    nb = nbformat.read(ROOT / "notebooks" / lesson.notebook, as_version=4)
    stated = next(m for c in nb.cells if c.cell_type == "markdown" if (m := TIME.search(c.source)))
    assert re.sub(r"\s*[–-]\s*", "–", stated.group(1)) + " min" == lesson.time


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_the_fast_demos_are_demos_of_the_lesson(lesson):
    names = {cls.__name__ for cls in lesson.demos()}
    assert set(lesson.fast) <= names, set(lesson.fast) - names
