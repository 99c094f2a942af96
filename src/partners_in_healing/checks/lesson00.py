"""Checker for the exercise of lesson 00, "Welcome: what a toy model is".

The checker calls the student's function and raises ``AssertionError`` with a hint
when the answer is wrong; an untouched stub raises ``NotImplementedError``, which
``partners_in_healing.exercises.check_exercise`` reports as "not done yet".
"""

from __future__ import annotations

import math

import numpy as np

from ..exercises import describe
from ..model.cohort import Population, make_cohort

THRESHOLD = 0.5  # "a full course of medication would remove at least half the symptoms"


def _expected(cohort, threshold: float = THRESHOLD) -> float:
    return float(np.mean(cohort.med_sensitivity >= threshold))


def exercise_1(share_helped_by_medication) -> None:
    """``share_helped_by_medication(cohort)``: fraction (0-1) with medication sensitivity >= 0.5."""
    cases = [make_cohort(200, 0), make_cohort(50, 3), make_cohort(400, 7, Population(spread=2.0))]
    for cohort in cases:
        got = share_helped_by_medication(cohort)
        if got is None:
            raise AssertionError("your function returned None: did you forget `return`?")
        if isinstance(got, (str, bytes)):  # float("0.445") would pass it as a number
            raise AssertionError(
                f"return the number itself, not text: your function gave {describe(got)}."
            )
        try:
            got = float(got)
        except (TypeError, ValueError):
            raise AssertionError(
                f"return one number (a fraction between 0 and 1); got {describe(got)}."
            ) from None
        want = _expected(cohort)
        if not math.isfinite(got):
            raise AssertionError(f"return a finite number; got {got}.")
        if math.isclose(got, want * cohort.n, abs_tol=1e-9) and cohort.n > 1 and want > 0:
            raise AssertionError(
                f"you returned a count ({got:.0f} patients); a share between 0 and 1 is wanted."
            )
        if math.isclose(got, 100 * want, abs_tol=1e-6) and want > 0:
            raise AssertionError("you returned a percentage; return a fraction between 0 and 1.")
        if math.isclose(got, 1 - want, abs_tol=1e-9):
            raise AssertionError(
                "you counted the patients *below* 0.5; count those at or above it."
            )
        if not math.isclose(got, want, abs_tol=1e-9):
            raise AssertionError(
                f"for a cohort of {cohort.n} patients the share is {want:.3f}; your "
                f"function gave {got:.3f}. Compare each patient's medication sensitivity with 0.5 "
                "(at or above counts), then take the share of True values."
            )
