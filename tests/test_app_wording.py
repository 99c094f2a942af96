"""The app's copy of each lesson reads right where there are no cells: no notebook
instructions, its own how-to, the not-medical-advice warning kept."""

import re

import ipywidgets as W
import nbformat
import pytest

from partners_in_healing import serve
from partners_in_healing.lessons import LESSONS

# phrases that only make sense in a notebook
NOTEBOOK_ONLY = re.compile(
    r"Shift\s*\+|>Shift<|Kernel\s*→|Run All|cells? below|next cell|code cell|this notebook|"
    r"Restart|in the cell|Run the cells?|run its cells|lines of Python|"
    # an exercise's own function or result (the app leaves exercises out: lecturer walkthrough)
    r"your function|the naive count|taper \+ therapy\* compare|"
    # a command, a module or the exercises' time (round-2 lecturer walkthrough)
    r"make calibrate|partners_in_healing\.|for the exercises|\bexercises?,",
    re.I,
)


def app_markdown(lesson):
    name = lesson if isinstance(lesson, str) else lesson.notebook
    nb = nbformat.read(serve.notebooks_dir() / name, as_version=4)
    return [c.source for c in serve.app_notebook(nb).cells if c.cell_type == "markdown"]


@pytest.mark.parametrize(
    "lesson", [serve.INDEX, *LESSONS], ids=["contents", *(lesson.number for lesson in LESSONS)]
)
def test_the_app_says_nothing_that_only_makes_sense_in_a_notebook(lesson):
    """Lecturer walkthrough: the contents page said "run its cells", lesson 03 "in a few lines
    of Python"."""
    found = [
        f"{m.group(0)!r} in: {text[max(0, m.start() - 60) : m.end() + 40]!r}"
        for text in app_markdown(lesson)
        for m in NOTEBOOK_ONLY.finditer(text)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_the_app_has_its_own_how_to_and_keeps_the_warning(lesson):
    nb = nbformat.read(serve.notebooks_dir() / lesson.notebook, as_version=4)
    how_to = [c for c in nb.cells if serve.APP_TAG_HOW_TO in c.metadata.get("tags", [])]
    assert len(how_to) == 1 and "notebook" in how_to[0].source.lower()
    texts = app_markdown(lesson)
    assert serve.APP_HOW_TO in texts
    assert any("medical advice" in t.lower() for t in texts)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_cells_that_read_a_students_guess_stay_in_the_notebook(lesson):
    nb = serve.app_notebook(nbformat.read(serve.notebooks_dir() / lesson.notebook, as_version=4))
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not re.search(r"\bmy_(guess|prediction|ranking)\b", cell.source), cell.source


def test_the_keys_the_app_answers_are_the_keys_it_shows_and_documents():
    from partners_in_healing.widgets.controls import KEYS_HINT

    keys_js = (serve.template_root() / "voila" / "templates" / "pih" / "pih-keys.js").read_text()
    answered = set(re.findall(r"^\s+(\w|\" \"): \(\) =>", keys_js, re.M))
    assert answered == {"n", "p", "r", "f", '" "'}, answered
    doc = (serve.repo_root() / "docs" / "lecturers" / "presenting.md").read_text()
    for key in ("N", "P", "R", "F", "Space", "Esc"):
        assert f"<kbd>{key}</kbd>" in doc
    for key in ("N / P", "R", "F", "Space"):
        assert key in KEYS_HINT
    for guide in (serve.repo_root() / "docs" / "lecturers").glob("0*.md"):
        assert "presenting.md" in guide.read_text(), guide.name


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_no_exercise_solution_shows_in_the_app(lesson):
    solution = re.compile(r"<summary>[^<]*(<b>)?\s*(Show the )?solution", re.I)
    shown = [t[:80] for t in app_markdown(lesson) if solution.search(t)]
    assert not shown, shown


@pytest.mark.parametrize("cls", [c for lesson in LESSONS for c in lesson.demos()])
def test_the_key_hint_offers_play_only_where_there_is_a_play_button(cls, monkeypatch):
    """Lecturer walkthrough: every demo's hint said "Space play", lesson 04's has no ▶."""
    from partners_in_healing.widgets import controls

    monkeypatch.setitem(controls._PRESENTING, "on", True)
    demo = cls()
    hint = next(w.value for w in demo.widget.children[0].children if isinstance(w, W.HTML))
    assert ("Space play" in hint) == bool(controls._players(demo.widget)), hint


@pytest.mark.parametrize("presenting", [False, True], ids=["notebook", "app"])
def test_full_screen_is_offered_only_where_it_works(presenting, monkeypatch):
    """Student walkthrough: "Full screen" did nothing in JupyterLab (its style is the app's)."""
    from partners_in_healing.widgets import controls
    from partners_in_healing.widgets.lesson00 import CohortDemo

    monkeypatch.setitem(controls._PRESENTING, "on", presenting)
    demo = CohortDemo()
    assert (demo.full_screen in demo.widget.children[0].children) == presenting
    css = (serve.template_root() / "voila" / "templates" / "pih" / "pih.css").read_text()
    assert ".pih-demo.pih-full" in css


def test_the_app_keeps_the_projector_theme_on(monkeypatch):
    """Lecturer walkthrough: the app showed the projector toggle, which switched its fit-tested
    projector theme off; the notebooks keep it."""
    from partners_in_healing.widgets import controls

    monkeypatch.setitem(controls._PRESENTING, "on", False)
    assert controls.projector_toggle().layout.display != "none"
    monkeypatch.setitem(controls._PRESENTING, "on", True)
    assert controls.projector_toggle().layout.display == "none"
