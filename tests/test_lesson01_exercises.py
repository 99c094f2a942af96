"""Lesson 01 exercises: every checker passes its solution, rejects plausible wrong
answers with a hint, and an untouched stub counts as "not done yet"."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from partners_in_healing.checks import lesson01 as checks
from partners_in_healing.exercises import check_exercise
from partners_in_healing.model import additive, calibration, evidence
from partners_in_healing.model.cohort import make_cohort
from partners_in_healing.model.plan import Plan
from partners_in_healing.solutions import lesson01 as solutions

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01-additive-effect.ipynb"

# (checker, solution) for every exercise of the lesson
EXERCISES = {
    "exercise_1": (checks.exercise_1, solutions.independent_action),
    "exercise_2a": (checks.exercise_2a, solutions.make_sequential_plan),
    "exercise_2b": (checks.exercise_2b, solutions.response_at_week),
    "exercise_3": (checks.exercise_3, solutions.hedges_g_by_hand),
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


def _wrong_2b_keller(plan, week=12, n=2000, seed=0):
    cohort = make_cohort(n, seed, calibration.populations()["Keller 2000"])
    return additive.simulate(cohort, plan, week, seed, calibration.params()).response_rate(week)


def _wrong_2b_uncalibrated(plan, week=12, n=2000, seed=0):
    cohort = make_cohort(n, seed, calibration.populations()["DeRubeis 2005"])
    return additive.simulate(cohort, plan, week, seed).response_rate(week)


WRONG = [
    # (checker, wrong answer, words the hint must contain)
    (checks.exercise_1, lambda p1, p2, p0: p1 + p2, "added"),
    (checks.exercise_1, lambda p1, p2, p0: p1 * p2, "both"),
    (checks.exercise_1, lambda p1, p2, p0: (1 - p1) * (1 - p2) / (1 - p0), "subtract it from 1"),
    (
        checks.exercise_1,
        lambda p1, p2, p0: 100 * (1 - (1 - p1) * (1 - p2) / (1 - p0)),
        "percentage",
    ),
    (checks.exercise_1, lambda p1, p2, p0: max(p1, p2), "better of the two"),
    (checks.exercise_1, lambda p1, p2, p0: None, "number"),
    (checks.exercise_1, lambda p1, p2, p0: 1 - (1 - p1) * (1 - p2), "counts twice"),
    (checks.exercise_2a, lambda: Plan("sequential").with_medication(0).with_therapy(4), "week 8"),
    (
        checks.exercise_2a,
        lambda: Plan("sequential").with_medication(0, 8).with_therapy(0),
        "week 0",
    ),
    (checks.exercise_2a, lambda: Plan("sequential").with_medication(0, 8), "week 4"),
    (checks.exercise_2a, lambda: "sequential", "should return a Plan"),
    (
        checks.exercise_2b,
        lambda plan, week=12, n=2000, seed=0: 100 * solutions.response_at_week(plan, week, n, seed),
        "percentage",
    ),
    (checks.exercise_2b, _wrong_2b_keller, "Keller 2000"),
    (checks.exercise_2b, _wrong_2b_uncalibrated, "calibration.params()"),
    (
        checks.exercise_2b,
        lambda plan, week=12, n=2000, seed=0: solutions.response_at_week(plan, 16, n, seed),
        "expected",
    ),
    (checks.exercise_3, lambda a, b: -solutions.hedges_g_by_hand(a, b), "sign"),
    (
        checks.exercise_3,
        lambda a, b: (
            (np.mean(b) - np.mean(a))
            / np.sqrt(
                (np.var(a, ddof=1) * (len(a) - 1) + np.var(b, ddof=1) * (len(b) - 1))
                / (len(a) + len(b) - 2)
            )
        ),
        "Cohen's d",
    ),
    (checks.exercise_3, lambda a, b: np.mean(b) - np.mean(a), "Steps"),
]


@pytest.mark.parametrize("checker, wrong, hint", WRONG)
def test_wrong_answer_fails_with_a_hint(checker, wrong, hint, capsys):
    with pytest.raises(AssertionError, match=None) as err:
        checker(wrong)
    assert hint.lower() in str(err.value).lower()
    assert check_exercise("wrong", wrong, checker) is False
    assert "not yet right" in capsys.readouterr().out


def test_solution_1_reproduces_keller():
    p = evidence.KELLER_RESPONSE_WEEK12
    assert solutions.independent_action(p["medication"], p["therapy"]) == pytest.approx(
        p["combined"], abs=0.005
    )


def _notebook_sources():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return nb["cells"]


def test_notebook_runs_every_checker_and_cites_every_source():
    cells = _notebook_sources()
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for name in EXERCISES:
        assert f"checks.{name}" in code, f"the notebook never runs checks.{name}"
    for source in (
        evidence.KELLER_2000,
        evidence.DERUBEIS_2005,
        evidence.CUIJPERS_2014,
        evidence.CUIJPERS_2009,
        evidence.CUIJPERS_2020,
    ):
        assert source.full in text, f"the reference list lacks {source.key}"


def test_notebook_is_committed_clean():
    for cell in _notebook_sources():
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_sequential_plan_claim_in_the_notebook():
    """The notebook says the sequential plan ends near medication alone at week 12,
    well below the combination; keep that true if the model changes."""
    rate = {
        name: solutions.response_at_week(plan)
        for name, plan in {
            "sequential": solutions.make_sequential_plan(),
            "medication": Plan("m").with_medication(),
            "combined": Plan("c").with_medication().with_therapy(),
        }.items()
    }
    assert abs(rate["sequential"] - rate["medication"]) < 0.05
    assert rate["combined"] - rate["sequential"] > 0.10
