"""Solutions to the exercises of lesson 01, "The additive effect" (checked by the tests)."""

from __future__ import annotations

import numpy as np

from ..model import additive, calibration
from ..model.cohort import make_cohort
from ..model.plan import Plan


def independent_action(p_med, p_therapy, p_none=0.0):
    """Exercise 1: share (0-1) who respond to the combination if the two act independently.

    ``p_none``: response with no treatment; those patients are in both single arms.
    """
    neither = (1 - p_med) * (1 - p_therapy) / (1 - p_none)  # reached by neither treatment
    return 1 - neither


def make_sequential_plan():
    """Exercise 2a: standard-dose medication in weeks 0-8; weekly therapy from week 4 on."""
    return Plan("sequential").with_medication(start=0, stop=8).with_therapy(start=4)


def response_at_week(plan, week=12, n=2000, seed=0):
    """Exercise 2b: response rate (0-1) at ``week`` of ``n`` virtual DeRubeis 2005 patients."""
    cohort = make_cohort(n, seed, calibration.populations()["DeRubeis 2005"])
    outcome = additive.simulate(cohort, plan, week, seed, calibration.params())
    return outcome.response_rate(week)


def hedges_g_by_hand(better, worse):
    """Exercise 3: Hedges' g (unitless), > 0 when ``better`` ends with lower scores."""
    better, worse = np.asarray(better, float), np.asarray(worse, float)
    n1, n2 = len(better), len(worse)
    difference = worse.mean() - better.mean()
    pooled_sd = np.sqrt(
        ((n1 - 1) * better.var(ddof=1) + (n2 - 1) * worse.var(ddof=1)) / (n1 + n2 - 2)
    )
    d = difference / pooled_sd
    return d * (1 - 3 / (4 * (n1 + n2) - 9))
