"""Every exercise checker answers every kind of wrong answer a beginner writes with a
sentence or two: never a traceback, never a dump of an object, never the solution."""

from __future__ import annotations

import inspect
import re
import warnings
from functools import partial
from pathlib import Path

import nbformat
import numpy as np
import pytest

from partners_in_healing import lessons
from partners_in_healing.checks import lesson00 as c00
from partners_in_healing.checks import lesson01 as c01
from partners_in_healing.checks import lesson02 as c02
from partners_in_healing.checks import lesson03 as c03
from partners_in_healing.checks import lesson04 as c04
from partners_in_healing.exercises import (
    MAX_MESSAGE,
    NOT_DONE,
    RIGHT,
    check_exercise,
    describe,
    feedback,
)
from partners_in_healing.exercises import WRONG as WRONG_MARK
from partners_in_healing.solutions import lesson00 as s00
from partners_in_healing.solutions import lesson01 as s01
from partners_in_healing.solutions import lesson02 as s02
from partners_in_healing.solutions import lesson03 as s03
from partners_in_healing.solutions import lesson04 as s04

EXERCISES = {
    "00 exercise 1": (c00.exercise_1, s00.share_helped_by_medication),
    "01 exercise 1": (c01.exercise_1, s01.independent_action),
    "01 exercise 2a": (c01.exercise_2a, s01.make_sequential_plan),
    "01 exercise 2b": (c01.exercise_2b, s01.response_at_week),
    "01 exercise 3": (c01.exercise_3, s01.hedges_g_by_hand),
    "02 exercise 1": (c02.exercise_1, s02.gap_closed),
    "02 exercise 2": (c02.exercise_2, s02.taper_plan),
    "02 exercise 3": (c02.exercise_3, s02.no_window),
    "03 exercise 1": (c03.exercise_1, s03.sequential_design),
    "03 exercise 2": (c03.exercise_2, s03.naive_relapse_fraction),
    "03 exercise 3": (c03.exercise_3, s03.lag1_autocorrelation),
    "04 exercise 1": (c04.exercise_1, s04.individual_benefit),
    "04 exercise 2": (c04.exercise_2, s04.sensitivity_specificity),
    "04 exercise 3": (c04.exercise_3, s04.my_steps),
}


def _raises(*_a, **_k):
    return 1 / 0  # a beginner's bug inside their own function


def _key_error(*_a, **_k):
    return {}["dose"]


class _Big:
    def __repr__(self):
        return "x" * 100_000


WRONG = {
    "returns None (forgot return)": lambda *a, **k: None,
    "returns a string": lambda *a, **k: "0.5",
    "returns a list": lambda *a, **k: [0.1, 0.2, 0.3],
    "returns NaN": lambda *a, **k: float("nan"),
    "returns an array": lambda *a, **k: np.arange(1000.0),
    "returns a function (forgot the brackets)": lambda *a, **k: np.mean,
    "returns a big object": lambda *a, **k: _Big(),
    "returns True": lambda *a, **k: True,
    "returns a wrong number": lambda *a, **k: 0.123,
    "raises ZeroDivisionError": _raises,
    "raises KeyError": _key_error,
}


def _solution_lines(fn) -> list[str]:
    """The solution's code lines worth hiding (no docstring, comments or short lines)."""
    source = inspect.getsource(fn)
    body = re.sub(r'"""(.|\n)*?"""', "", source)
    lines = [line.split("#")[0].strip() for line in body.splitlines()[1:]]
    # the expression that does the work: what follows "return" or "name ="
    lines = [re.sub(r"^(return\s+|[A-Za-z_][\w, ]*=\s*)", "", line) for line in lines]
    return [line for line in lines if len(line) > 15]


def _assert_short_and_clear(message: str, solution) -> None:
    assert message.startswith((WRONG_MARK, NOT_DONE)), message
    assert len(message) <= MAX_MESSAGE + 120, message[:300]
    assert "Traceback" not in message and 'File "' not in message, message
    assert "xxxxxxxxxx" not in message and "0.        ,  1." not in message, message[:300]
    flat = " ".join(message.split())
    for line in _solution_lines(solution):
        assert " ".join(line.split()) not in flat, f"gives the answer away: {line}"


@pytest.mark.parametrize("wrong", WRONG, ids=list(WRONG))
@pytest.mark.parametrize("name", EXERCISES, ids=list(EXERCISES))
def test_every_wrong_answer_gets_a_sentence(name, wrong):
    checker, solution = EXERCISES[name]
    ok, message = feedback(name, WRONG[wrong], checker)
    assert ok is False
    _assert_short_and_clear(message, solution)


@pytest.mark.parametrize("name", EXERCISES, ids=list(EXERCISES))
def test_a_result_instead_of_a_function_is_explained(name):
    checker, solution = EXERCISES[name]
    for answer in (None, 0.5, "independent_action"):
        ok, message = feedback(name, answer, checker)
        assert ok is False and "function itself" in message
        _assert_short_and_clear(message, solution)


@pytest.mark.parametrize("name", EXERCISES, ids=list(EXERCISES))
def test_an_error_in_the_students_code_points_at_their_line(name):
    checker, _ = EXERCISES[name]
    _, message = feedback(name, _raises, checker)
    assert "ZeroDivisionError" in message and "line" in message and "your function" in message


@pytest.mark.parametrize("name", EXERCISES, ids=list(EXERCISES))
def test_the_solution_passes_and_a_stub_is_not_done_yet(name, capsys):
    checker, solution = EXERCISES[name]
    assert check_exercise(name, solution, checker) is True
    assert "well done" in capsys.readouterr().out

    def stub(*_a, **_k):
        raise NotImplementedError

    assert check_exercise(name, stub, checker) is False
    assert "not done yet" in capsys.readouterr().out


def test_describe_is_short_for_anything():
    for value in (None, "a" * 1000, np.zeros((50, 50)), [1] * 10_000, _Big(), np.mean, np.nan, 2):
        assert len(describe(value)) < 120
    assert "brackets" in describe(np.mean) and "return" in describe(None)


def test_describe_counts_items_in_plain_english():
    """Walkthrough finding: "a list of 1 items"."""
    assert describe([0.4]) == "a list of 1 item"
    assert describe((1, 2)) == "a tuple of 2 items"


def test_a_check_run_before_its_exercise_cell_says_so(capsys):
    """Walkthrough finding: Shift+Enter on a check cell before the exercise cell raised
    NameError. Check cells pass the function's name; a missing name is a hint, not an error."""
    namespace = {"check_exercise": check_exercise, "checks": c01}
    exec('done = check_exercise("Exercise 1", "independent_action", checks.exercise_1)', namespace)
    assert namespace["done"] is False
    assert "`independent_action` is not defined yet" in capsys.readouterr().out
    namespace["independent_action"] = lambda p1, p2, p0=0.0: 1 - (1 - p1) * (1 - p2) / (1 - p0)
    exec('done = check_exercise("Exercise 1", "independent_action", checks.exercise_1)', namespace)
    assert namespace["done"] is True and "well done" in capsys.readouterr().out


def test_every_check_cell_names_its_function():
    folder = Path(__file__).resolve().parents[1] / "notebooks"
    for lesson in lessons.LESSONS:
        nb = nbformat.read(folder / lesson.notebook, as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        for src in (s for s in code if "check_exercise(" in s and "import" not in s):
            assert re.search(r'check_exercise\(\s*"[^"]+",\s*"[A-Za-z_]\w*",', src), src


def test_lesson04_gain_must_be_an_array():
    """Student walkthrough finding: `return list(without - with_)` passed, and the next cell
    (which takes its .mean()) then failed with AttributeError."""
    ok, message = feedback("Exercise 1", lambda w, x: list(w - x), c04.exercise_1)
    assert ok is False and "NumPy array" in message
    assert feedback("Exercise 1", s04.individual_benefit, c04.exercise_1)[0] is True


def test_a_number_written_as_text_is_not_accepted():
    """Student walkthrough: `return str(share)` passed lesson 00's check ("well done")."""
    right_as_text = lambda cohort: str(s00.share_helped_by_medication(cohort))  # noqa: E731
    with pytest.raises(AssertionError, match="not text"):
        c00.exercise_1(right_as_text)


def test_the_design_message_names_the_students_function():
    """Student walkthrough: lesson 03's message said make_design(); the notebook's is my_design."""

    def my_design():
        return None

    with pytest.raises(AssertionError, match=r"^my_design\(\) should return a Design"):
        c03.exercise_1(my_design)


def test_a_definition_with_a_syntax_error_is_not_graded_as_the_older_one(capsys):
    """Student walkthrough: after an edit with a SyntaxError, the check praised the definition
    from before the edit (a cell that fails to compile defines nothing)."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    run = partial(shell.run_cell, store_history=True)  # as the kernel runs a cell
    try:
        run("from partners_in_healing.exercises import check_exercise")
        run("from partners_in_healing.checks import lesson01 as checks")
        run(inspect.getsource(s01.independent_action))
        check = 'done = check_exercise("Exercise 1", "independent_action", checks.exercise_1)'
        run(check)
        assert shell.user_ns["done"] is True
        capsys.readouterr()
        run("def independent_action(p_med, p_therapy, p_none=0.0):\n    return (p_med +\n")
        run(check)
        out = capsys.readouterr().out
        assert shell.user_ns["done"] is False
        assert "syntax error" in out and "line 2" in out and "older version" in out, out
        run(inspect.getsource(s01.independent_action))  # fixed and run again
        run(check)
        assert shell.user_ns["done"] is True
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.parametrize("name", EXERCISES, ids=list(EXERCISES))
def test_a_nan_answer_gets_feedback_without_numpy_warnings(name):
    """Student walkthrough: a NaN answer printed NumPy RuntimeWarnings above the feedback."""
    checker, _ = EXERCISES[name]
    for wrong in (
        lambda *a, **k: np.nan,
        lambda *a, **k: np.full(3, np.nan),
        lambda *a, **k: np.array([]),
    ):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ok, _message = feedback(name, wrong, checker)
        assert ok is False


def test_feedback_marks_are_in_the_font_every_set_up_has():
    """Student walkthrough: ✅ / ❌ / ⏳ showed as empty boxes without an emoji font."""
    import matplotlib
    from fontTools.ttLib import TTFont

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    cmap = TTFont(font).getBestCmap()
    messages = [feedback("Exercise 1", s01.independent_action, c01.exercise_1)[1]]
    messages += [feedback("Exercise 1", wrong, c01.exercise_1)[1] for wrong in WRONG.values()]
    messages.append(feedback("Exercise 1", 0.5, c01.exercise_1)[1])
    folder = Path(__file__).resolve().parents[1] / "notebooks"
    texts = [nbformat.read(folder / lesson.notebook, as_version=4) for lesson in lessons.LESSONS]
    cells = [c.source for nb in texts for c in nb.cells]
    for text in [*messages, RIGHT, WRONG_MARK, NOT_DONE, *cells]:
        missing = {ch for ch in text if ord(ch) > 0x2000 and ord(ch) not in cmap}
        assert not missing, (missing, text[:80])


def test_every_cell_waiting_for_an_exercise_says_so_until_then():
    """Student walkthrough: `if done_1:` cells printed nothing before the exercise passed."""
    import ast

    folder = Path(__file__).resolve().parents[1] / "notebooks"
    seen = 0
    for lesson in lessons.LESSONS:
        nb = nbformat.read(folder / lesson.notebook, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and cell.source.lstrip().startswith("if done"):
                seen += 1
                test = ast.parse(cell.source).body[0]
                assert isinstance(test, ast.If) and test.orelse, cell.source
                said: list = []
                namespace: dict = {"print": lambda *a, _said=said: _said.extend(a)}
                names = {n.id for n in ast.walk(test.test) if isinstance(n, ast.Name)}
                namespace.update(dict.fromkeys(names, False))
                exec(compile(ast.Module(body=[test], type_ignores=[]), "<cell>", "exec"), namespace)
                assert said and "Exercise" in said[0], cell.source
    assert seen >= 10


def test_feedback_names_the_students_function_through_the_guard():
    """Student walkthrough: "your function() should return a Design" (the check saw the
    guard around the function, not its name)."""

    def my_design():
        return None

    ok, message = feedback("Exercise 1", my_design, c03.exercise_1)
    assert ok is False and "my_design() should return a Design" in message, message


def test_feedback_never_writes_the_code_of_the_answer():
    """Student walkthrough: lesson 01's 2a message ended ".with_therapy(start=4)" and lesson
    03's 3 hint was "np.corrcoef(x[:-1], x[1:])[0, 1]": the whole solution. Also "1 sessions"."""
    from partners_in_healing.model.plan import Plan

    wrongs = [
        (c01.exercise_2a, lambda: Plan("s").with_medication(0, 8).with_therapy(0)),
        (c01.exercise_2a, lambda: Plan("s").with_medication(0).with_therapy(4)),
        (c03.exercise_3, lambda x: float(np.sum(x[:-1] * x[1:]) / np.sum(x * x))),
        (c03.exercise_3, lambda x: 0.5),
    ]
    for checker, wrong in wrongs:
        _, message = feedback("Exercise", wrong, checker)
        assert not re.search(r"\.with_\w+\(|corrcoef\(|\[:-1\]", message), message
        assert "1 sessions" not in message, message


def test_a_cell_waiting_for_an_exercise_can_run_before_its_check():
    """Student walkthrough: running `if done_1:` before its check cell raised a raw
    NameError; the lesson's set-up cell now starts every `done_` flag at False."""
    import ast

    folder = Path(__file__).resolve().parents[1] / "notebooks"
    for lesson in lessons.LESSONS:
        nb = nbformat.read(folder / lesson.notebook, as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        waiting = [s for s in code if s.lstrip().startswith("if done")]
        if not waiting:
            continue
        setup = next(s for s in code if "import check_exercise" in s)
        namespace: dict = {}
        flags = [line for line in setup.splitlines() if line.startswith("done")]
        exec("\n".join(flags), namespace)
        for cell in waiting:
            test = ast.parse(cell).body[0]
            assert isinstance(test, ast.If)
            used = {n.id for n in ast.walk(test.test) if isinstance(n, ast.Name)}
            assert used <= {k for k, v in namespace.items() if v is False}, (lesson.notebook, used)


def test_hints_read_as_sentences_and_say_to_rerun_the_function():
    """Student walkthroughs: "not yet right. return one number" (lower case after a full
    stop); "a Outcome object"; feedback on an older definition when only the check cell ran;
    `1 - neither` with `neither` a function got a bare TypeError."""
    from partners_in_healing.exercises import describe, sentence
    from partners_in_healing.model.outcome import Outcome

    assert sentence("return one number") == "Return one number"
    assert sentence("my_design() should") == "my_design() should"
    assert sentence("np.mean of") == "np.mean of"
    assert describe(object.__new__(Outcome)) == "an Outcome object"
    count = lambda cohort: int((cohort.med_sensitivity >= 0.5).sum())  # noqa: E731
    _, message = feedback("Exercise", count, c00.exercise_1)
    assert "not yet right. You returned a count" in message, message
    assert "Run its cell again" in message

    def broken(p_med, p_therapy, p_none=0.0):
        def neither():
            return 0.5

        return 1 - neither

    _, message = feedback("Exercise 1", broken, c01.exercise_1)
    assert "TypeError" in message and "brackets `()`" in message, message

    def uncalled(p_med, p_therapy, p_none=0.0):
        return 1 - np.array([p_med]).sum  # .sum without () (student walkthrough, lesson 03)

    _, message = feedback("Exercise 1", uncalled, c01.exercise_1)
    assert "brackets `()`" in message, message


def test_no_cell_after_a_demo_reads_what_the_demo_shows():
    """Student walkthrough: lesson 03's cell after Exercise 3 read the early-warning demo's
    current settings, so with the demo left on another patient it printed an
    autocorrelation *falling* before the switch, the opposite of the lesson's point."""
    import ast

    folder = Path(__file__).resolve().parents[1] / "notebooks"
    for lesson in lessons.LESSONS:
        nb = nbformat.read(folder / lesson.notebook, as_version=4)
        demos: set[str] = set()
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            tree = ast.parse(cell.source)
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                    func = node.value.func
                    if isinstance(func, ast.Name) and func.id.endswith("Demo"):
                        demos |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
            shown_here = cell.source.strip().splitlines()[-1].strip() in demos
            assert shown_here or not used & demos, (lesson.notebook, used & demos, cell.source[:80])


def test_lesson_02_hints_for_a_percentage_an_unchained_plan_and_a_wrong_name():
    """Student walkthrough: a ×100 answer got "gave -0.000; expected -0.000" (day 0 came
    first); a plan built on separate lines was told "no medication"; with_(plasticity=0)
    did not list the parameters' names."""
    from partners_in_healing.model.circuit import DEFAULT_PARAMS
    from partners_in_healing.model.plan import Plan

    def percent(outcome, node, day):
        return 100 * s02.gap_closed(outcome, node, day)

    _, message = feedback("Exercise 1", percent, c02.exercise_1)
    assert "percentage" in message and "-0.000" not in message, message

    def unchained():
        plan = Plan("taper")
        plan.with_medication(0, 8)
        plan.with_taper(8, 4)
        return plan

    _, message = feedback("Exercise 2", unchained, c02.exercise_2)
    assert "returns a new Plan" in message, message
    with pytest.raises(ValueError, match="choose from .*plasticity_boost"):
        DEFAULT_PARAMS.with_(plasticity=0)


def test_lesson_01_says_a_plan_returns_a_new_plan_when_calls_are_not_chained():
    """Student walkthrough (round 2): lesson 01's 2a told an unchained plan "the medication
    dose in week 0 is 0", where lesson 02 explained that each call returns a new Plan."""
    from partners_in_healing.model.plan import Plan

    def unchained():
        plan = Plan("sequential")
        plan.with_medication(start=0, stop=8)
        plan.with_therapy(start=4)
        return plan

    _, message = feedback("Exercise 2a", unchained, c01.exercise_2a)
    assert "returns a new Plan" in message, message


def test_not_on_a_true_false_array_gets_a_hint():
    """Student walkthrough (round 2): `not early[...]` gave NumPy's "truth value of an array
    ... is ambiguous" with no hint to use ~."""

    def wrong(early, responded):
        return float(np.mean(early[responded])), float(np.mean(not early[~responded]))

    _, message = feedback("Exercise 2", wrong, c04.exercise_2)
    assert "use ~" in message, message
