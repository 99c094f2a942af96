"""Lecturer guides: one per registered lesson (docs/lecturers/NN-slug.md), with the
PhET-style headings, naming only presets that exist and figures the lesson exports.

Presets are written in guides as **"preset name"**; figures as `NN-name`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from partners_in_healing.lessons import LESSONS

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ROOT / "docs" / "lecturers"
HEADINGS = (
    "Terminology",
    "Core concepts",
    "Simplified conceptual model",
    "Learning goals",
    "script",
    "Discussion questions",
    "misconceptions",
    "Quiz answers",
    "Static figures",
    "Assumptions and simplifications",
    "Teaching tips",
)
PRESET = re.compile(r'\*\*"([^"]+)"\*\*')
FIGURE = re.compile(r"`(\d\d-[a-z0-9-]+)`")


def guide(lesson) -> Path:
    return GUIDES / lesson.notebook.replace(".ipynb", ".md")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_guide_exists_with_all_sections(lesson):
    path = guide(lesson)
    assert path.exists(), f"write {path.relative_to(ROOT)}"
    headings = [h.lower() for h in re.findall(r"^##+ (.+)$", path.read_text(), re.M)]
    for h in HEADINGS:
        assert any(h.lower() in x for x in headings), f"{path.name}: no section '{h}'"


@pytest.mark.parametrize(
    "lesson",
    [lesson for lesson in LESSONS if guide(lesson).exists()],
    ids=lambda lesson: lesson.number,
)
def test_guide_names_only_existing_presets_and_uses_every_demo(lesson):
    text = guide(lesson).read_text()
    named = set(PRESET.findall(text))
    demos = lesson.demos()
    existing = {p for d in demos for p in d.presets}
    assert named, 'name the presets of the script as **"preset name"**'
    assert named <= existing, f"unknown presets: {sorted(named - existing)}"
    for d in demos:
        assert named & set(d.presets), f"the script uses no preset of {d.__name__}"


@pytest.mark.parametrize(
    "lesson",
    [lesson for lesson in LESSONS if guide(lesson).exists()],
    ids=lambda lesson: lesson.number,
)
def test_guide_names_only_exported_figures(lesson):
    text = guide(lesson).read_text()
    names = {f.name for f in lesson.key_figures()}
    cited = set(FIGURE.findall(text))
    assert cited <= names, f"unknown figures: {sorted(cited - names)}"
    assert names <= cited, f"figures not placed in the guide: {sorted(names - cited)}"


def _script_presets(lesson) -> dict:
    """Each demo's presets in the order its part of the guide's script names them."""
    text = guide(lesson).read_text()
    start = re.search(r"^##+ .*script.*$", text, re.M | re.I)
    rest = text[start.end() :]
    end = re.search(r"^## ", rest, re.M)
    script = rest[: end.start()] if end else rest
    parts = re.split(r"^\*\*Demo \d", script, flags=re.M)[1:]
    demos = lesson.demos()
    parts = parts if len(parts) == len(demos) else [script] * len(demos)
    out = {}
    for demo, part in zip(demos, parts, strict=True):
        named = [p for p in PRESET.findall(part) if p in demo.presets]
        out[demo] = list(dict.fromkeys(named))
    return out


@pytest.mark.parametrize(
    "lesson",
    [lesson for lesson in LESSONS if guide(lesson).exists()],
    ids=lambda lesson: lesson.number,
)
def test_the_menu_lists_presets_in_the_order_the_script_uses_them(lesson):
    """Lecturer walkthrough: N / P step through the menu, and the menus' order differed from
    the scripts' (N skipped or went back a step)."""
    for demo, named in _script_presets(lesson).items():
        menu = list(demo.presets)
        assert menu[: len(named)] == named, (demo.__name__, named, menu)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_quiz_answers_in_the_guide_name_the_right_option(lesson):
    """Lecturer walkthrough: guide 00 said "(option 2)" for all three answers while the quiz
    has them at options 1, 3 and 2 (guides 02 and 03 too): each number, and the answer's
    words, must be the quiz's."""
    import re

    from partners_in_healing.quizzes import questions

    guide = next((ROOT / "docs" / "lecturers").glob(f"{lesson.number}-*.md")).read_text()
    section = re.search(r"^## Quiz answers\n(.*?)(?=^## |\Z)", guide, re.S | re.M)
    assert section, f"guide {lesson.number} has no quiz answers"
    items = re.split(r"^(\d+)\. ", section.group(1), flags=re.M)[1:]
    quiz = questions(lesson.number)
    assert len(items) // 2 == len(quiz)
    for number, text in zip(items[::2], items[1::2], strict=True):
        right = quiz[int(number) - 1]
        option = re.search(r"\(option (\d)\)", text)
        if option:
            assert int(option.group(1)) == right.correct + 1, (lesson.number, number)
            said = set(re.findall(r"[a-z]{4,}", text.lower()))
            words = set(re.findall(r"[a-z]{4,}", right.options[right.correct].text.lower()))
            assert len(words & said) >= len(words) / 2, (lesson.number, number, words - said)
