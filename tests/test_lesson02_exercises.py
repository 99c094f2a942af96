"""Lesson 02 exercises: every checker passes its solution, rejects plausible wrong
answers with a hint, and an untouched stub counts as "not done yet"."""

from __future__ import annotations

import numpy as np
import pytest

from partners_in_healing.checks import lesson02 as checks
from partners_in_healing.exercises import check_exercise
from partners_in_healing.model.circuit import DEFAULT_PARAMS
from partners_in_healing.model.plan import Plan
from partners_in_healing.solutions import lesson02 as solutions

EXERCISES = {
    "exercise_1": (checks.exercise_1, solutions.gap_closed),
    "exercise_2": (checks.exercise_2, solutions.taper_plan),
    "exercise_3": (checks.exercise_3, solutions.no_window),
}


def _stub(*_args, **_kwargs):
    raise NotImplementedError


@pytest.mark.parametrize("name", EXERCISES)
def test_solution_passes(name, capsys):
    checker, solution = EXERCISES[name]
    checker(solution)
    assert check_exercise(name, solution, checker) is True
    assert "well done" in capsys.readouterr().out


@pytest.mark.parametrize("name", EXERCISES)
def test_untouched_stub_is_not_done_yet(name, capsys):
    checker, _ = EXERCISES[name]
    assert check_exercise(name, _stub, checker) is False
    assert "not done yet" in capsys.readouterr().out


def _gap_wrong_sign(o, node, day):
    return -solutions.gap_closed(o, node, day)


def _gap_raw_activity(o, node, day):
    return o.extra[node].mean(axis=0)[day]


def _gap_no_mean(o, node, day):
    x = o.extra[node][:, day]
    return (x - o.extra["depressed"][node]) / (
        o.extra["healthy"][node] - o.extra["depressed"][node]
    )


def _gap_one_patient(o, node, day):
    x = o.extra[node][0, day]
    return (x - o.extra["depressed"][node]) / (
        o.extra["healthy"][node] - o.extra["depressed"][node]
    )


def _abrupt():
    return Plan().with_medication(0, 8).with_therapy(0, 16)


def _no_therapy():
    return Plan().with_medication(0, 8).with_taper(8, 4)


def _endless_therapy():
    return Plan().with_medication(0, 8).with_taper(8, 4).with_therapy(0)


def _no_stop():
    return Plan().with_medication(0).with_taper(8, 4).with_therapy(0, 16)


WRONG = [
    (checks.exercise_1, _gap_wrong_sign, "wrong sign"),
    (checks.exercise_1, _gap_raw_activity, "activity itself"),
    (checks.exercise_1, _gap_no_mean, "average over patients"),
    (checks.exercise_1, _gap_one_patient, "expected"),
    (checks.exercise_1, lambda o, n, d: None, "should be one number"),
    (checks.exercise_2, _abrupt, "abruptly"),
    (checks.exercise_2, _no_therapy, "no therapy"),
    (checks.exercise_2, _endless_therapy, "end at week 16"),
    (checks.exercise_2, _no_stop, "week 10"),
    (checks.exercise_2, lambda: "plan", "should return a Plan"),
    (checks.exercise_3, lambda: DEFAULT_PARAMS, "no boost"),
    (
        checks.exercise_3,
        lambda: DEFAULT_PARAMS.with_(plasticity_boost=0.0, learn_per_session=0.2),
        "also changed",
    ),
    (checks.exercise_3, lambda: {"plasticity_boost": 0}, "CircuitParams"),
]


@pytest.mark.parametrize(
    "checker, answer, hint", WRONG, ids=[f"{c.__name__}-{h}" for c, _, h in WRONG]
)
def test_wrong_answers_fail_with_a_hint(checker, answer, hint, capsys):
    with pytest.raises(AssertionError, match=hint):
        checker(answer)
    assert check_exercise("x", answer, checker) is False
    assert "not yet right" in capsys.readouterr().out


def test_solution_plan_shape():
    plan = solutions.taper_plan()
    assert np.allclose(plan.dose([0, 8, 10, 12]), [1, 1, 0.5, 0])
