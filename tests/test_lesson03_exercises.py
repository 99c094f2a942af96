"""Lesson 03 exercises: every checker passes its solution, rejects plausible wrong answers
with a hint, and an untouched stub counts as "not done yet"."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from partners_in_healing.checks import lesson03 as checks
from partners_in_healing.exercises import check_exercise
from partners_in_healing.model import evidence
from partners_in_healing.model.phases import Design, Phase
from partners_in_healing.solutions import lesson03 as solutions

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03-relapse-reduction.ipynb"

EXERCISES = {
    "exercise_1": (checks.exercise_1, solutions.sequential_design),
    "exercise_2": (checks.exercise_2, solutions.naive_relapse_fraction),
    "exercise_3": (checks.exercise_3, solutions.lag1_autocorrelation),
}


def _stub(*_args, **_kwargs):
    raise NotImplementedError


@pytest.mark.parametrize("name", EXERCISES)
def test_solution_passes(name):
    checker, solution = EXERCISES[name]
    checker(solution)
    assert check_exercise(name, solution, checker) is True


@pytest.mark.parametrize("name", EXERCISES)
def test_untouched_stub_is_not_done_yet(name, capsys):
    checker, _ = EXERCISES[name]
    assert check_exercise(name, _stub, checker) is False
    assert "not done yet" in capsys.readouterr().out


ARMS = ("medication continued", "taper alone", "taper + therapy")


def _design(
    acute=12,
    cont=("continue", "taper 8", "taper 8"),
    ther=("none", "none", "weekly"),
    follow=("continue", "stop", "stop"),
    boost=("none", "none", "boosters 2"),
    arms=ARMS,
    acute_therapy="none",
):
    return lambda: Design(
        "wrong",
        arms=arms,
        phases=(
            Phase("acute", acute, medication="continue", therapy=acute_therapy),
            Phase("continuation", 20, medication=cont, therapy=ther),
            Phase("follow-up", 52, medication=follow, therapy=boost),
        ),
    )


WRONG = [
    (checks.exercise_1, lambda: "a design", "should return a Design"),
    (
        checks.exercise_1,
        _design(arms=("medication continued", "taper + therapy", "taper alone")),
        "order",
    ),
    (checks.exercise_1, _design(acute=16), "12, 20 and 52"),
    (checks.exercise_1, _design(cont=("continue", "stop", "stop")), "taper 8"),
    (
        checks.exercise_1,
        _design(cont=("continue", "taper 8", "taper 8"), follow=("continue", "continue", "stop")),
        "reach 0",
    ),
    (checks.exercise_1, _design(follow=("stop", "stop", "stop")), "medication continued"),
    (checks.exercise_1, _design(ther=("none", "none", "fortnightly")), "weekly"),
    (checks.exercise_1, _design(boost=("none", "none", "boosters 3")), "2 booster"),
    (checks.exercise_1, _design(acute_therapy=("none", "none", "weekly")), "not the acute"),
    (checks.exercise_1, _design(ther=("none", "weekly", "weekly")), "only 'taper + therapy'"),
    (checks.exercise_2, lambda d, w: 100 * solutions.naive_relapse_fraction(d, w), "percentage"),
    (checks.exercise_2, lambda d, w: float(np.mean(d.weeks <= w)), "count only relapses"),
    (
        checks.exercise_2,
        lambda d, w: float((d.relapse & (d.weeks <= w)).sum() / max(d.relapse.sum(), 1)),
        "divide by everyone",
    ),
    (checks.exercise_2, lambda d, w: float(d.relapse.mean()), "within"),
    (checks.exercise_2, lambda d, w: "a lot", "one number"),
    (checks.exercise_3, lambda x: float(np.corrcoef(x, x)[0, 1]), "next"),
    (checks.exercise_3, lambda x: float(np.var(x)), "variance"),
    (checks.exercise_3, lambda x: float(np.sum(x[:-1] * x[1:]) / np.sum(x * x)), "mean off"),
    (checks.exercise_3, lambda x: [0.1], "one number"),
]


@pytest.mark.parametrize("checker, wrong, hint", WRONG)
def test_wrong_answer_fails_with_a_hint(checker, wrong, hint, capsys):
    with pytest.raises(AssertionError) as err:
        checker(wrong)
    assert hint.lower() in str(err.value).lower()
    assert check_exercise("wrong", wrong, checker) is False
    assert "not yet right" in capsys.readouterr().out


def _cells():
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def test_notebook_runs_every_checker_and_cites_every_source():
    cells = _cells()
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for name in EXERCISES:
        assert f"checks.{name}" in code, f"the notebook never runs checks.{name}"
        assert "raise NotImplementedError" in code
    for source in (evidence.HOLLON_2005, evidence.GEDDES_2003):
        assert source.full in text, f"the reference list lacks {source.key}"
    for key in ("Reynolds", "DeRubeis", "von Wolff", "Cuijpers", "van de Leemput", "Demic"):
        assert key in text


def test_notebook_follows_the_lesson_anatomy():
    cells = _cells()
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for heading in (
        "Learning objectives",
        "not medical advice",
        "Predict first",
        "Think!",
        "<details>",
        "Exercise 1",
        "Exercise 2",
        "Quiz",
        "Model vs. evidence",
        "What this toy model leaves out",
        "Summary",
        "Glossary",
        "References",
    ):
        assert heading.lower() in text.lower(), heading
    assert "supervision" in text
    assert text.count("**Think!**") >= 3


def test_notebook_is_committed_clean():
    for cell in _cells():
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
