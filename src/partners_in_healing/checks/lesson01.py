"""Checkers for the exercises of lesson 01, "The additive effect".

Each checker calls the student's function and raises ``AssertionError`` with a
helpful hint when the answer is wrong. An untouched stub raises
``NotImplementedError``, which ``partners_in_healing.exercises.check_exercise``
reports as "not done yet", so the notebook still runs from top to bottom.
"""

from __future__ import annotations

import numpy as np

from ..exercises import describe
from ..model import additive, calibration, trial
from ..model.additive import AdditiveParams
from ..model.cohort import make_cohort
from ..model.plan import Plan, standard_arms
from . import number

WEEKS = np.arange(16)  # weeks 0..15, where exercise 2's plan is compared


def _number(value, what: str) -> float:
    return number(value, what)


def _close(a: float, b: float, tol: float = 1e-6) -> bool:
    return abs(a - b) <= tol


# --- Exercise 1: the independent-action rule ---------------------------------------------
def exercise_1(independent_action) -> None:
    """``independent_action(p_med, p_therapy, p_none)`` returns
    1 - (1 - p_med)(1 - p_therapy) / (1 - p_none)."""
    cases = [
        (0.48, 0.48, 0.0),
        (0.3, 0.5, 0.0),
        (0.0, 0.0, 0.0),
        (1.0, 0.3, 0.0),
        (0.7, 0.6, 0.0),
        (0.48, 0.48, 0.23),
        (0.5, 0.4, 0.2),
    ]
    for p1, p2, p0 in cases:
        call = f"independent_action({p1}, {p2}, {p0})"
        got = _number(independent_action(p1, p2, p0), call)
        want = 1.0 - (1.0 - p1) * (1.0 - p2) / (1.0 - p0)
        if _close(got, want):
            continue
        call = f"{call} gave {got:.4g}"
        naive = 1.0 - (1.0 - p1) * (1.0 - p2)
        if p0 > 0 and _close(got, naive):
            raise AssertionError(
                f"{call}: that is the naive rule, which counts twice the patients who would "
                "respond with no treatment (they are in both single arms). Divide the share "
                "whom neither treatment helps by (1 - p_none)."
            )
        if _close(got, p1 + p2):
            raise AssertionError(
                f"{call}: you added the two rates. Adding shares counts twice the people whom "
                "both treatments would help, and can pass 100 % (try 0.7 and 0.6). Think of "
                "the share whom *neither* treatment helps."
            )
        if _close(got, p1 * p2):
            raise AssertionError(
                f"{call}: that is the share helped by *both* treatments. We want the share "
                "helped by *at least one* of them."
            )
        if _close(got, (1.0 - p1) * (1.0 - p2) / (1.0 - p0)):
            raise AssertionError(
                f"{call}: that is the share whom neither treatment helps. Almost there: "
                "everyone else responds, so subtract it from 1."
            )
        if _close(got, 100.0 * want):
            raise AssertionError(f"{call}: return a fraction between 0 and 1, not a percentage.")
        if _close(got, max(p1, p2)):
            raise AssertionError(
                f"{call}: that is the better of the two single rates. Patients whom only the "
                "other treatment helps respond too."
            )
        raise AssertionError(
            f"{call}; expected {want:.4g}. Hint: first find the share whom neither "
            "treatment helps, among those who would not respond anyway; everyone else responds."
        )


# --- Exercise 2a: a plan in the shared vocabulary ----------------------------------------
def _expected_sequential() -> Plan:
    return Plan("sequential").with_medication(0, 8).with_therapy(4)


def exercise_2a(make_sequential_plan) -> None:
    """``make_sequential_plan()`` returns a Plan: standard-dose medication in weeks 0-8,
    weekly therapy from week 4 on."""
    plan = make_sequential_plan()
    if not isinstance(plan, Plan):
        raise AssertionError(
            f"make_sequential_plan() should return a Plan; it returned {describe(plan)}. "
            'Start from Plan("sequential") and chain .with_medication(...) and .with_therapy(...).'
        )
    want = _expected_sequential()
    dose, sessions = plan.dose(WEEKS), plan.sessions(WEEKS)
    want_dose, want_sessions = want.dose(WEEKS), want.sessions(WEEKS)
    if not dose.any() and not sessions.any():
        # a Plan never changes (student walkthrough: calls on separate lines, not chained)
        raise AssertionError(
            "your plan has no medication and no therapy. Each .with_... returns a new Plan: "
            "chain the calls (Plan(...).with_medication(...).with_therapy(...)) or write "
            "plan = plan.with_medication(...)."
        )
    if not np.allclose(dose, want_dose):
        wrong = int(np.flatnonzero(~np.isclose(dose, want_dose))[0])
        raise AssertionError(
            f"the medication dose in week {wrong} is {dose[wrong]:g}, expected "
            f"{want_dose[wrong]:g}. "
            "Medication should run at the standard dose (1) from week 0 up to week 8 and then "
            "stop (the stop week itself is no longer included)."
        )
    if not np.allclose(sessions, want_sessions):
        wrong = int(np.flatnonzero(~np.isclose(sessions, want_sessions))[0])
        raise AssertionError(
            f"therapy in week {wrong}: {_sessions(sessions[wrong])}, expected "
            f"{_sessions(want_sessions[wrong])}. Therapy should start at week 4 with one session "
            "a week and keep going (the docstring of Plan.with_therapy says how)."
        )


def _sessions(n: float) -> str:
    return f"{n:g} session" + ("" if n == 1 else "s")


# --- Exercise 2b: simulate a plan and read off the response rate --------------------------
def _response(
    plan: Plan,
    week: int,
    n: int,
    seed: int,
    population: str = "DeRubeis 2005",
    params: AdditiveParams | None = None,
) -> float:
    cohort = make_cohort(n, seed, calibration.populations()[population])
    out = additive.simulate(cohort, plan, week, seed, params or calibration.params())
    return out.response_rate(week)


def exercise_2b(response_at_week) -> None:
    """``response_at_week(plan, week, n, seed)`` simulates the calibrated DeRubeis 2005
    population and returns the response rate (0-1) at ``week``."""
    arms = standard_arms()
    for arm, week, n, seed in [("combined", 12, 600, 0), ("medication", 8, 500, 3)]:
        plan = arms[arm]
        got = _number(
            response_at_week(plan, week, n, seed),
            f"response_at_week(<{arm}>, week={week}, n={n}, seed={seed})",
        )
        want = _response(plan, week, n, seed)
        if _close(got, want, 1e-9):
            continue
        call = f"for the {arm} plan at week {week} (n={n}, seed={seed}) you got {got:.4g}"
        if got > 1.0 and _close(got, 100.0 * want, 1e-6):
            raise AssertionError(f"{call}: return a fraction between 0 and 1, not a percentage.")
        if _close(got, _response(plan, week, n, seed, population="Keller 2000"), 1e-9):
            raise AssertionError(
                f"{call}: that is the Keller 2000 population. Use "
                'calibration.populations()["DeRubeis 2005"].'
            )
        if _close(got, _response(plan, week, n, seed, params=AdditiveParams()), 1e-9):
            raise AssertionError(
                f"{call}: pass the calibrated parameters, calibration.params(), to simulate()."
            )
        raise AssertionError(
            f"{call}; expected {want:.4g}. Check that you pass n, seed and week through: "
            "the cohort needs n and seed, the simulation the plan, week, seed and the "
            "calibrated parameters, and the rate is read at that week."
        )


# --- Exercise 3: Hedges' g by hand -------------------------------------------------------
def _d_and_g(better, worse, ddof: int = 1) -> tuple[float, float]:
    a, b = np.asarray(better, float), np.asarray(worse, float)
    n1, n2 = a.size, b.size
    sd = np.sqrt(((n1 - 1) * a.var(ddof=ddof) + (n2 - 1) * b.var(ddof=ddof)) / (n1 + n2 - 2))
    d = (b.mean() - a.mean()) / sd
    return float(d), float(d * (1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0)))


CASES_3 = [
    ([10, 12, 9, 14, 11, 8], [15, 13, 17, 12, 16, 14]),
    ([20.5, 18.0, 22.5, 17.0], [19.0, 24.5, 21.0, 26.0, 23.5]),
    ([5, 9, 7, 11, 6, 10, 8, 12], [9, 8, 12, 10, 13, 7, 11]),
]


def exercise_3(hedges_g_by_hand) -> None:
    """``hedges_g_by_hand(better, worse)`` returns Hedges' g (a float), > 0 when ``better``
    has the lower (better) scores."""
    for better_list, worse_list in CASES_3:
        better, worse = np.array(better_list, float), np.array(worse_list, float)
        result = hedges_g_by_hand(better, worse)
        if isinstance(result, trial.Effect):
            raise AssertionError("return just the number g (a float), not the package's Effect.")
        got = _number(result, "hedges_g_by_hand(better, worse)")
        want = trial.hedges_g(better, worse).g
        if _close(got, want, 1e-6):
            continue
        d, _ = _d_and_g(better, worse)
        _, g_pop = _d_and_g(better, worse, ddof=0)
        call = f"with better={better} and worse={worse} you got {got:.4f}, expected {want:.4f}"
        if _close(got, -want, 1e-6):
            raise AssertionError(
                f"{call}: the sign is flipped. Use mean(worse) - mean(better), so that g is "
                "positive when the first arm ends with lower (better) scores."
            )
        if _close(got, d, 1e-6):
            raise AssertionError(
                f"{call}: that is Cohen's d. Multiply by the small-sample correction "
                "1 - 3 / (4 * (n1 + n2) - 9)."
            )
        if _close(got, g_pop, 1e-6):
            raise AssertionError(
                f"{call}: use the sample variance with ddof=1 (np.var(x, ddof=1)) in the pooled SD."
            )
        raise AssertionError(
            f"{call}. Steps: difference of means, pooled SD "
            "sqrt(((n1-1)*var1 + (n2-1)*var2) / (n1+n2-2)), d = difference / SD, "
            "g = d * (1 - 3 / (4*(n1+n2) - 9))."
        )
