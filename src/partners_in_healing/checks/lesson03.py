"""Checkers for the exercises of lesson 03, "Relapse reduction".

Each checker calls the student's function and raises ``AssertionError`` with a
hint when the answer is wrong. An untouched stub raises ``NotImplementedError``,
which ``partners_in_healing.exercises.check_exercise`` reports as "not done yet".
"""

from __future__ import annotations

import math

import numpy as np

from ..exercises import describe
from ..model.phases import Design
from ..model.survival import RelapseData

ARMS = ("medication continued", "taper alone", "taper + therapy")


# --- Exercise 1: write a phased design ----------------------------------------------------
def exercise_1(make_design) -> None:
    """``make_design()`` returns the three-arm sequential Design described in the notebook."""
    design = make_design()
    name = getattr(make_design, "__name__", "your function")  # the notebook's my_design
    if not isinstance(design, Design):
        raise AssertionError(
            f"{name}() should return a Design; it returned {describe(design)}. "
            'Write: return Design("my trial", arms=(...), phases=(Phase(...), Phase(...), '
            "Phase(...)))."
        )
    if tuple(design.arms) != ARMS:
        raise AssertionError(
            f"the arms should be {ARMS} in that order; yours are {tuple(design.arms)}."
        )
    lengths = tuple(p.weeks for p in design.phases)
    if lengths != (12, 20, 52):
        raise AssertionError(f"the phases should last 12, 20 and 52 weeks; yours last {lengths}.")
    if design.follow_from_week != 12:
        raise AssertionError(
            f"relapse should be counted from the end of the 12-week acute phase, not week "
            f"{design.follow_from_week:g}: make the acute phase the first one."
        )
    plans = design.plans()
    cont, alone, combo = (plans[a] for a in ARMS)
    for name, plan in plans.items():
        if plan.dose([1, 11])[0] < 0.99 or plan.dose([11])[0] < 0.99:
            raise AssertionError(
                f"every arm takes the medication in the acute phase; '{name}' does not "
                "('continue' in the first phase)."
            )
    if not np.allclose(cont.dose([13, 31, 40, 83]), 1.0):
        raise AssertionError(
            "'medication continued' should keep the standard dose until the end "
            "('continue' in the continuation and follow-up phases)."
        )
    for name, plan in (("taper alone", alone), ("taper + therapy", combo)):
        mid, after, late = plan.dose([16, 21, 40])
        if after > 0.01 or late > 0.01:
            raise AssertionError(
                f"in '{name}' the dose should reach 0 by week 20 and stay there "
                f"(week 21: {after:.2f}, week 40: {late:.2f}). Use 'taper 8' in the "
                "continuation phase and 'stop' in the follow-up."
            )
        if not 0.4 < mid < 0.6:
            raise AssertionError(
                f"in '{name}' the dose at week 16 should be about half (a taper over "
                f"weeks 12-20); it is {mid:.2f}. Did you write 'taper 8'?"
            )
    if cont.sessions(np.arange(84)).sum() > 0 or alone.sessions(np.arange(84)).sum() > 0:
        raise AssertionError("only 'taper + therapy' has therapy sessions.")
    weekly = combo.sessions(np.arange(12, 32) + 0.5)
    if not np.allclose(weekly, 1.0):
        raise AssertionError(
            "'taper + therapy' should have weekly therapy ('weekly') all through the "
            "20-week continuation phase (weeks 12-32)."
        )
    if combo.sessions(np.arange(0, 12) + 0.5).sum() > 0:
        raise AssertionError(
            "'taper + therapy' starts therapy in the continuation phase, not the acute one."
        )
    boosters = combo.sessions(np.arange(32, 84) + 0.5).sum()
    if not math.isclose(boosters, 2.0):
        raise AssertionError(
            f"'taper + therapy' should get 2 booster sessions in the follow-up "
            f"('boosters 2'); it gets {boosters:g}."
        )


# --- Exercise 2: the naive relapse fraction -----------------------------------------------
_EX2_CASES = [
    # weeks, relapse, cut-off, expected
    ([2.0, 5.0, 8.0, 10.0], [True, False, True, True], 6.0, 0.25),
    ([1.0, 2.0, 3.0, 4.0, 5.0], [True, True, True, False, False], 52.0, 0.6),
    ([10.0, 20.0], [False, False], 52.0, 0.0),
    ([1.0, 30.0, 60.0], [True, True, True], 52.0, 2 / 3),
]


def exercise_2(naive_relapse_fraction) -> None:
    """``naive_relapse_fraction(data, weeks)``: relapses seen within ``weeks`` / all patients."""
    for weeks, relapse, cut, want in _EX2_CASES:
        data = RelapseData("test", np.array(weeks), np.array(relapse))
        got = naive_relapse_fraction(data, cut)
        if isinstance(got, bool) or not isinstance(got, (int, float, np.floating, np.integer)):
            raise AssertionError(
                f"return one number (a fraction 0-1); you returned {describe(got)}."
            )
        got = float(got)
        if math.isclose(got, want, abs_tol=1e-9):
            continue
        call = f"for weeks={weeks}, relapse={relapse} and {cut:g} weeks you gave {got:.3g}"
        n_rel = sum(relapse)
        within_any = sum(w <= cut for w in weeks) / len(weeks)
        if math.isclose(got, 100 * want):
            raise AssertionError(f"{call}: return a fraction between 0 and 1, not a percentage.")
        if math.isclose(got, within_any):
            raise AssertionError(
                f"{call}: you counted everyone whose follow-up ended within {cut:g} "
                "weeks, but some of them left the study without relapsing "
                "(data.relapse is False). Count only relapses."
            )
        if n_rel and math.isclose(
            got, sum(r and w <= cut for w, r in zip(weeks, relapse, strict=True)) / n_rel
        ):
            raise AssertionError(
                f"{call}: divide by everyone followed (data.n), not by the relapses."
            )
        if math.isclose(got, n_rel / len(weeks)):
            raise AssertionError(f"{call}: count only relapses within the first {cut:g} weeks.")
        raise AssertionError(
            f"{call}; expected {want:.3g}. Hint: count the patients who relapsed by that "
            "week, then divide by everyone followed."
        )


# --- Exercise 3: lag-1 autocorrelation ----------------------------------------------------
def exercise_3(lag1_autocorrelation) -> None:
    """``lag1_autocorrelation(x)``: the correlation of x[:-1] with x[1:]."""
    rng = np.random.default_rng(7)
    series = {
        "independent random numbers": rng.standard_normal(200),
        "a slow wander": np.cumsum(rng.standard_normal(200)) * 0.2 + rng.standard_normal(200) * 0.1,
        "a zig-zag": np.tile([1.0, -1.0], 50) + rng.standard_normal(100) * 0.05,
    }
    for name, x in series.items():
        got = lag1_autocorrelation(x)
        if isinstance(got, bool) or not isinstance(got, (int, float, np.floating)):
            raise AssertionError(
                f"return one number (between -1 and 1); you returned {describe(got)}."
            )
        want = float(np.corrcoef(x[:-1], x[1:])[0, 1])
        got = float(got)
        if math.isclose(got, want, abs_tol=1e-6):
            continue
        call = f"for {name} you gave {got:.3g}, expected {want:.3g}"
        if math.isclose(got, 1.0):
            raise AssertionError(
                f"{call}: a series is always perfectly correlated with itself. Compare "
                "each day with the *next* day: x[:-1] with x[1:]."
            )
        if math.isclose(got, float(np.var(x)), rel_tol=1e-6) or math.isclose(
            got, float(np.var(x, ddof=1))
        ):
            raise AssertionError(f"{call}: that is the variance. We want a correlation.")
        if math.isclose(got, float(np.sum(x[:-1] * x[1:]) / np.sum(x * x)), rel_tol=1e-6):
            raise AssertionError(
                f"{call}: close! A correlation also takes the mean off each part first "
                "(NumPy has a function that computes a correlation)."
            )
        raise AssertionError(
            f"{call}. Hint: correlate each day with the next one: the series without its last "
            "day against the series without its first day."
        )
