"""Project hygiene: pins in one place, clean notebooks, a complete lesson registry."""

import re
from pathlib import Path

import nbformat
import pytest

from partners_in_healing.lessons import LESSONS

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


def _notebooks():
    return sorted(
        p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.name)
def test_notebooks_are_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, "widget state stored: run `make clean-notebooks`"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, (
                "outputs stored: `make clean-notebooks`"
            )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda l: l.number)
def test_every_registered_lesson_has_its_notebook_demos_and_figures(lesson):
    assert (ROOT / "notebooks" / lesson.notebook).exists()
    figs = lesson.key_figures()
    assert figs and all(f.name.startswith(lesson.number + "-") and len(f.alt) > 40 for f in figs)


def test_model_layer_imports_nothing_from_jupyter_or_plotly():
    for path in (ROOT / "src" / "partners_in_healing" / "model").glob("*.py"):
        text = path.read_text()
        for banned in ("ipywidgets", "IPython", "plotly", "matplotlib", "import ipykernel"):
            assert banned not in text, f"{path.name} imports {banned}"
