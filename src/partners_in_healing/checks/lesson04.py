"""Checkers for the exercises of lesson 04, "Who benefits, and finding what works".

Each checker calls the student's function and raises ``AssertionError`` with a hint
when the answer is wrong (``partners_in_healing.exercises`` turns it into a sentence).
An untouched stub raises ``NotImplementedError``: "not done yet".
"""

from __future__ import annotations

import numpy as np

from ..exercises import describe
from ..model.care import STEP_ACTIONS, Steps
from . import number


def _array(value, what: str, n: int) -> np.ndarray:
    """``value`` as a float array of ``n`` numbers, or an AssertionError in plain words."""
    if isinstance(value, list | tuple) and len(value) == n:
        value = np.asarray(value, dtype=float)
    if not isinstance(value, np.ndarray) or value.shape != (n,):
        raise AssertionError(
            f"{what} should be an array with one number per patient ({n} here); your function "
            f"returned {describe(value)}."
        )
    if value.dtype == bool or not np.issubdtype(value.dtype, np.number):
        raise AssertionError(f"{what} should hold numbers (points), not {value.dtype} values.")
    if not np.all(np.isfinite(value)):
        raise AssertionError(f"{what} holds NaN or infinite values; subtract the two arrays.")
    return value.astype(float)


# --- Exercise 1: each patient's own benefit -------------------------------------------------
def exercise_1(individual_benefit) -> None:
    """``individual_benefit(without, with_)``: points each patient gains, ``without - with_``."""
    without = np.array([20.0, 14.0, 9.0, 25.0, 12.0])
    with_ = np.array([12.0, 13.0, 9.0, 15.0, 13.0])
    want = without - with_
    got = individual_benefit(without, with_)
    if isinstance(got, int | float | np.floating) and not isinstance(got, bool):
        if abs(float(got) - want.mean()) < 1e-9:
            raise AssertionError(
                "You returned the average gain, one number: that is what a trial sees. The "
                "exercise asks for every patient's own gain, one number per patient."
            )
    if isinstance(got, list | tuple):  # the next cell takes .mean() of it, as of an array
        raise AssertionError(
            f"You returned a {type(got).__name__}; return a NumPy array (`without - with_` "
            "on two arrays already is one), so that the cells below can use it."
        )
    got = _array(got, "individual_benefit(without, with_)", len(want))
    if np.allclose(got, -want):
        raise AssertionError(
            "The signs are the wrong way round: a lower score is better, so a patient who "
            "scores 12 with the addition instead of 20 without it has gained +8 points."
        )
    if np.allclose(got, np.abs(want)):
        raise AssertionError(
            "You took the absolute value: a patient who does worse with the addition (higher "
            "score) should get a negative gain, not a positive one."
        )
    if not np.allclose(got, want):
        raise AssertionError(
            "For scores without = [20, 14, 9, 25, 12] and with = [12, 13, 9, 15, 13] the gains "
            f"should be [8, 1, 0, 10, -1]; yours are {np.round(got, 2).tolist()}."
        )


# --- Exercise 2: sensitivity and specificity of early improvement ---------------------------
def exercise_2(sensitivity_specificity) -> None:
    """``sensitivity_specificity(early, responded)`` returns (sensitivity, specificity)."""
    early = np.array([True, True, True, False, False, True, False, False])
    responded = np.array([True, True, False, True, False, False, False, False])
    # of 3 responders, 2 improved early; of 5 non-responders, 3 did not
    want = (2 / 3, 3 / 5)
    got = sensitivity_specificity(early, responded)
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise AssertionError(
            "Return two numbers, sensitivity and specificity, as `return sensitivity, "
            f"specificity`; your function returned {describe(got)}."
        )
    sens = number(got[0], "The sensitivity (first number)")
    spec = number(got[1], "The specificity (second number)")
    if np.allclose((sens, spec), want):
        return
    if np.allclose((sens, spec), want[::-1]):
        raise AssertionError("The two numbers are swapped: sensitivity first, then specificity.")
    if np.allclose((sens, spec), (100 * want[0], 100 * want[1])):
        raise AssertionError("Return shares between 0 and 1, not percentages.")
    if np.isclose(sens, 2 / 4):
        raise AssertionError(
            "Your first number is the share of early improvers who respond (the positive "
            "predictive value). Sensitivity starts from the responders: what share of them "
            "had improved early?"
        )
    if np.isclose(spec, 3 / 4):
        raise AssertionError(
            "Your second number is the share of patients without early improvement who do "
            "not respond. Specificity starts from the non-responders: what share of them had "
            "not improved early?"
        )
    raise AssertionError(
        f"For the test case (3 responders, 2 of them early improvers; 5 non-responders, 3 of "
        f"them not) the answer is about (0.67, 0.60); yours is ({sens:.2f}, {spec:.2f})."
    )


# --- Exercise 3 (bonus): a plan in steps ---------------------------------------------------
def exercise_3(my_steps) -> None:
    """``my_steps()`` returns Steps: medication first, therapy added at week 8, then switches."""
    plan = my_steps()
    if not isinstance(plan, Steps):
        raise AssertionError(
            f"my_steps() should return a Steps plan, written Steps(name, first, actions, "
            f"check_week); it returned {describe(plan)}."
        )
    if plan.first != "medication":
        raise AssertionError(
            f"The plan should start with medication alone (first='medication'), not {plan.first!r}."
        )
    if plan.check_week != 8:
        raise AssertionError(
            f"The check should come at week 8 (check_week=8); yours is at week {plan.check_week}."
        )
    if len(plan.actions) != 3:
        raise AssertionError(
            f"Four steps need three actions, one for each later check; yours has "
            f"{len(plan.actions)}."
        )
    if plan.actions[0] != "add therapy":
        raise AssertionError(
            f"At the first check, those not in remission should have therapy added "
            f"('add therapy'); yours do {plan.actions[0]!r}."
        )
    if tuple(plan.actions[1:]) != ("switch drug", "switch drug"):
        raise AssertionError(
            "At the second and third checks, switch the drug ('switch drug') each time; yours: "
            f"{list(plan.actions[1:])}. The actions to choose from: {list(STEP_ACTIONS)}."
        )
