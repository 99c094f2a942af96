"""Checkers for the exercises of lesson 02, "Bottom-up versus top-down".

Each checker calls the student's answer and raises ``AssertionError`` with a hint
when it is wrong. An untouched stub raises ``NotImplementedError``, which
``partners_in_healing.exercises.check_exercise`` reports as "not done yet".
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache

import numpy as np

from ..exercises import describe
from ..model import calibration
from ..model.circuit import DEFAULT_PARAMS, CircuitParams, lesson_arms, simulate_arms
from ..model.cohort import make_cohort
from ..model.plan import Plan
from . import number


def _number(value, what: str) -> float:
    return number(value, what, "Did you forget to average over patients (axis=0)?")


@lru_cache(maxsize=1)
def _outcomes():
    cohort = make_cohort(200, 11, calibration.populations()["DeRubeis 2005"])
    return {o.plan_name: o for o in simulate_arms(cohort, lesson_arms(), 16, 12)}


def _reference_gap(outcome, node, day):
    x = outcome.extra[node].mean(axis=0)[day]
    dep, healthy = outcome.extra["depressed"][node], outcome.extra["healthy"][node]
    return (x - dep) / (healthy - dep)


# --- Exercise 1: how far has each node moved? ---------------------------------------------
def exercise_1(gap_closed) -> None:
    """``gap_closed(outcome, node, day)``: share of the depressed-to-healthy gap closed (cohort
    mean)."""
    outs = _outcomes()
    for arm in ("medication", "therapy", "combined", "no treatment"):
        for node in ("limbic", "prefrontal"):
            # day 0 last: there every answer is about 0, and a wrong one read "gave -0.000;
            # expected -0.000" (student walkthrough)
            for day in (14, 56, 112, 0):
                o = outs[arm]
                call = f"gap_closed({arm} outcome, {node!r}, {day})"
                got = _number(gap_closed(o, node, day), call)
                want = _reference_gap(o, node, day)
                if abs(got - want) <= 1e-6:
                    continue
                if abs(got + want) <= 1e-6 and want != 0:
                    raise AssertionError(
                        f"{call} gave {got:.3f}, the right size but the wrong sign. The gap is "
                        "closed when activity has moved from the depressed value *towards* the "
                        "healthy one: measure the distance moved from the depressed value."
                    )
                if abs(got - 100 * want) <= 1e-4 and want != 0:
                    raise AssertionError(
                        f"{call} gave {got:.3f}, a percentage; the share closed is wanted, "
                        f"between 0 and 1 (here {want:.3f})."
                    )
                if abs(got - o.extra[node].mean(axis=0)[day]) <= 1e-6:
                    raise AssertionError(
                        f"{call} gave {got:.3f}, which is the activity itself. Compare it with "
                        "the depressed and healthy values in outcome.extra['depressed'] and "
                        "outcome.extra['healthy']."
                    )
                raise AssertionError(  # + 0.0: a -0.0 read "-0.000" (student walkthrough)
                    f"{call} gave {got + 0.0:.4g}; expected {want + 0.0:.4g}. Average the node "
                    "over patients first, take the value on that day, then ask what share of the "
                    "way from the depressed to the healthy value it has come."
                )


# --- Exercise 2: stop medication gradually, keep therapy -------------------------------------
def exercise_2(taper_plan) -> None:
    """``taper_plan()``: full dose weeks 0-8, taper to 0 over weeks 8-12; weekly therapy weeks
    0-16."""
    plan = taper_plan()
    if not isinstance(plan, Plan):
        raise AssertionError(f"taper_plan() should return a Plan; it returned {describe(plan)}.")
    t = np.array([0.0, 4.0, 7.9, 8.0, 10.0, 11.9, 12.0, 14.0, 15.9, 16.0, 20.0])
    dose, sessions = plan.dose(t), plan.sessions(t)
    want_dose = np.array([1, 1, 1, 1, 0.5, 0.025, 0, 0, 0, 0, 0])
    want_sessions = np.array([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0])
    if np.all(dose == 0):
        # a Plan never changes: with_medication returns a new one (student walkthrough: calls
        # on separate lines, not chained, were told "no medication")
        raise AssertionError(
            "Your plan has no medication. Start with .with_medication(...); each .with_... "
            "returns a new Plan, so chain the calls (Plan(...).with_medication(...)"
            ".with_taper(...)) or write plan = plan.with_medication(...)."
        )
    if not np.allclose(dose[:3], 1.0):
        raise AssertionError(
            f"In weeks 0-8 the dose should be 1 (a standard dose); yours is {dose[:3].round(2)} "
            "at weeks 0, 4 and 7.9."
        )
    if dose[4] == 0 and dose[5] == 0:
        raise AssertionError(
            "At week 10 your dose is already 0: the medication stops abruptly. Add a taper, e.g. "
            ".with_taper(start=8, weeks=4), so the dose falls gradually over weeks 8-12."
        )
    if dose[4] >= 1.0:
        raise AssertionError(
            f"At week 10 the dose is still {dose[4]:.2f}. Either the full-dose segment does not "
            "stop at week 8 (give with_medication a stop=8), or the taper starts too late."
        )
    if not np.allclose(dose, want_dose, atol=0.03):
        raise AssertionError(
            f"The dose at weeks {t.tolist()} is {dose.round(2).tolist()}; it should fall in a "
            "straight line from 1 at week 8 to 0 at week 12 and stay 0 afterwards."
        )
    if np.all(sessions == 0):
        raise AssertionError("Your plan has no therapy. Add .with_therapy(...).")
    if sessions[-2] > 0:
        raise AssertionError("Therapy should end at week 16: give with_therapy a stop=16.")
    if not np.allclose(sessions, want_sessions):
        raise AssertionError(
            f"Sessions per week at weeks {t.tolist()} are {sessions.tolist()}; therapy should be "
            "weekly (sessions=1) from week 0 until week 16."
        )


# --- Exercise 3: a drug without a plasticity window ----------------------------------------
def exercise_3(no_window) -> None:
    """``no_window()``: DEFAULT_PARAMS with the plasticity boost switched off, nothing else
    changed."""
    p = no_window()
    if not isinstance(p, CircuitParams):
        raise AssertionError(
            f"no_window() should return CircuitParams (e.g. DEFAULT_PARAMS.with_(...)); it "
            f"returned {describe(p)}."
        )
    if p.plasticity_boost != 0.0:
        raise AssertionError(
            f"plasticity_boost is {p.plasticity_boost}; a drug that opens no window raises "
            "the learning rate by nothing at all. What value means 'no boost'?"
        )
    changed = [
        f.name
        for f in fields(p)
        if f.name != "plasticity_boost" and getattr(p, f.name) != getattr(DEFAULT_PARAMS, f.name)
    ]
    if changed:
        raise AssertionError(
            f"You also changed {changed}. Change only plasticity_boost, so the comparison is "
            "fair: start from DEFAULT_PARAMS and use .with_(plasticity_boost=...)."
        )
