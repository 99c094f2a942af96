"""The self-check quizzes: answers kept out of the notebooks, feedback for every option,
the right answer neither always in one place nor always the longest."""

import json

import pytest

from partners_in_healing.lessons import LESSONS
from partners_in_healing.quizzes import Option, Question, questions
from partners_in_healing.serve import notebooks_dir
from partners_in_healing.widgets.quiz import lesson_quiz

NUMBERS = [lesson.number for lesson in LESSONS]
ALL = [q for n in NUMBERS for q in questions(n)]


@pytest.mark.parametrize("number", NUMBERS)
def test_every_lesson_has_a_short_quiz_with_feedback_for_every_option(number):
    qs = questions(number)
    assert 2 <= len(qs) <= 4
    for q in qs:
        assert len(q.options) >= 3
        assert all(len(o.feedback) > 20 for o in q.options)
        assert len({o.text for o in q.options}) == len(q.options)


def test_the_right_answer_moves_and_is_seldom_the_longest():
    positions = [q.correct for q in ALL]
    assert len(set(positions)) >= 3, positions
    for n in NUMBERS:
        assert len({q.correct for q in questions(n)}) > 1, f"lesson {n}: always option {positions}"
    longest = [
        q for q in ALL if sum(len(o.text) >= len(q.options[q.correct].text) for o in q.options) == 1
    ]
    assert len(longest) <= len(ALL) // 3, [q.prompt for q in longest]


@pytest.mark.parametrize("number", NUMBERS)
def test_the_notebook_source_shows_no_answer(number):
    lesson = next(lesson for lesson in LESSONS if lesson.number == number)
    nb = json.loads((notebooks_dir() / lesson.notebook).read_text())
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert f'lesson_quiz("{number}")' in source
    for q in questions(number):
        for o in q.options:
            assert o.feedback[:40] not in source


@pytest.mark.parametrize("number", NUMBERS)
def test_checking_each_option_shows_its_own_feedback(number):
    quiz = lesson_quiz(number)
    for item in quiz.items:
        assert item.check() is None and "Choose" in item.feedback.value
        for i, option in enumerate(item.question.options):
            item.choice.index = i
            assert item.check() is (i == item.question.correct)
            assert option.feedback[:30].replace("'", "&#x27;") in item.feedback.value


def test_independent_action_feedback_speaks_of_people_whom_both_would_help():
    q = questions("01")[0]
    seventy = next(o for o in q.options if o.text.startswith("70"))
    assert "both" in seventy.feedback and "either" not in seventy.feedback


def test_bad_questions_are_refused():
    ok = (Option("a", "because a"), Option("b", "because b"))
    with pytest.raises(ValueError, match="correct"):
        Question("?", ok, 2)
    with pytest.raises(ValueError, match="feedback"):
        Question("?", (Option("a", ""), Option("b", "x")), 0)
    with pytest.raises(ValueError, match="lesson"):
        questions("99")


def test_a_quiz_asks_only_about_studies_the_lesson_has_explained_above_it():
    """Student walkthrough: lesson 02's quiz asked about Harmer 2009 and Goldapple 2004,
    whom the lesson explained only in Model vs. evidence, after the quiz."""
    import re

    import nbformat

    from partners_in_healing.lessons import LESSONS
    from partners_in_healing.quizzes import questions
    from partners_in_healing.serve import notebooks_dir

    for lesson in LESSONS:
        cells = nbformat.read(notebooks_dir() / lesson.notebook, as_version=4).cells
        quiz_at = next(i for i, c in enumerate(cells) if "lesson_quiz(" in c.source)
        above = "\n".join(
            c.source
            for c in cells[:quiz_at]
            if c.cell_type == "markdown" and "**Learning" not in c.source
        )
        for q in questions(lesson.number):
            for name in re.findall(r"([A-Z][a-z]+) (?:and colleagues|et al\.)", q.prompt):
                assert re.search(rf"{name}\b.{{0,200}}\d{{4}}", above, re.S), (lesson.number, name)
