"""The lessons' prose: every abbreviation defined where it first appears and in the
glossary; lessons cite what they state about the evidence."""

import re

import nbformat
import pytest

from partners_in_healing.lessons import LESSONS
from partners_in_healing.serve import notebooks_dir

# abbreviation -> what its definition must say (a regular expression)
ABBREVIATIONS = {
    "HAM-D": r"Hamilton",
    "pp": r"percentage points?",
    "RR": r"(risk|response|relative)[ -]ratio|relative risk",
    "CI": r"confidence interval",
    "HR": r"hazard ratio",
    "NNT": r"number needed to treat",
    "CBT": r"cognitive[ -]behaviou?ral",
    "IPT": r"interpersonal",
    "SSRI": r"serotonin",
    "ITT": r"intention[ -]to[ -]treat",
}
NEAR = 160  # characters around the first use in which the definition must stand


def prose(lesson) -> str:
    nb = nbformat.read(notebooks_dir() / lesson.notebook, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def without_references(text: str) -> str:
    return re.split(r"^#+\s*References", text, flags=re.M)[0]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_every_abbreviation_is_defined_at_first_use_and_in_the_glossary(lesson):
    text = without_references(prose(lesson))
    glossary = re.split(r"^#*\s*\**Glossary", text, flags=re.M | re.I)
    assert len(glossary) > 1, f"lesson {lesson.number} has no glossary"
    problems = []
    for abbr, meaning in ABBREVIATIONS.items():
        first = re.search(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text)
        if not first:
            continue
        around = text[max(0, first.start() - NEAR) : first.end() + NEAR]
        if not re.search(meaning, around, re.I):
            problems.append(
                f"{abbr} first used without its meaning: ...{around[NEAR - 60 : NEAR + 60]!r}"
            )
        if not re.search(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", glossary[-1]):
            problems.append(f"{abbr} is not in the glossary")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_no_name_with_an_asterisk_turns_the_text_italic(lesson):
    """Lecturer walkthrough finding: two "STAR*D" in a paragraph made Markdown italicise the
    text between them (the page read "STARD's ... STARD"). Written STAR\\*D, it renders."""
    outside_code = re.sub(r"`[^`]*`", "", prose(lesson))  # Markdown leaves code as it is
    assert not re.findall(r"[A-Za-z](?<!\\)\*[A-Za-z]", outside_code.replace("\\*", ""))


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_no_backslash_shows_inside_code(lesson):
    """Student walkthrough: `Steps("STAR\\*D-like", ...)` showed its backslash (code spans
    are not unescaped)."""
    spans = re.findall(r"`[^`]*`", prose(lesson))
    assert not [s for s in spans if "\\*" in s], spans


def test_lesson03s_responder_says_how_it_differs_from_response_elsewhere():
    """Student walkthrough: "responder" meant HAM-D <= 12 in lesson 03 and a 50 % drop in
    lesson 01, with nothing saying so."""
    nb = nbformat.read(notebooks_dir() / "03-relapse-reduction.ipynb", as_version=4)
    entry = next(
        line for c in nb.cells for line in c.source.split("- **") if line.startswith("Responder**")
    )
    assert "≤ 12" in entry and "50 %" in entry and "Lessons 01 and 04" in entry, entry


# unit on an axis or a control -> what the lesson's prose must say about it
UNITS = {"a.u.": r"arbitrary units", "logit": r"log-odds|log of the odds"}
# controls without a unit that a lesson must explain (lecturer walkthrough: lesson 04's two
# dropout sliders had no unit and no word of explanation)
EXPLAINED = ("Side effects → dropout", "No better → dropout")


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_every_unit_a_demo_shows_is_explained_in_the_lesson(lesson):
    """Student walkthroughs: "Height (a.u.)" (lesson 03) and the "logit" of lesson 04's
    Strength slider were not explained anywhere a student reads."""
    import json

    from plotly.utils import PlotlyJSONEncoder

    shown = []
    for cls in lesson.demos():
        demo = cls(projector=True)
        shown.append(json.dumps(demo.fig.layout.to_plotly_json(), cls=PlotlyJSONEncoder))
        shown += [str(getattr(w, "description", "")) for w in demo.controls.values()]
        shown += [str(getattr(w, "readout_format", "")) for w in demo.controls.values()]
        shown.append(repr(demo.widget))
    text = prose(lesson)
    for name in EXPLAINED:
        if any(name in s for s in shown):
            assert f"**{name}**" in text, f"lesson {lesson.number} does not explain {name!r}"
    for unit, meaning in UNITS.items():
        if any(unit in s for s in shown):
            assert re.search(meaning, text, re.I), f"lesson {lesson.number} shows {unit!r}"


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_every_lesson_says_what_a_name_error_means(lesson):
    """Student walkthrough: after a restart, running a cell further down gave a raw
    `NameError: name 'make_cohort' is not defined`, and lesson 00 said nothing about it."""
    assert re.search(r"NameError.{0,80}cell above has not run", prose(lesson), re.S)
