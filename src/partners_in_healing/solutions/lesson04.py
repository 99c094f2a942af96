"""Solutions to the exercises of lesson 04, "Who benefits, and finding what works" (checked by
the tests)."""

from __future__ import annotations

import numpy as np

from ..model.care import Steps


# Exercise 1: each patient's own benefit
def individual_benefit(without, with_):
    """Points each patient gains (HAM-D): score without the addition minus score with it."""
    return np.asarray(without, dtype=float) - np.asarray(with_, dtype=float)


# Exercise 2: sensitivity and specificity
def sensitivity_specificity(early, responded):
    """(share of responders who improved early, share of non-responders who did not)."""
    early, responded = np.asarray(early, bool), np.asarray(responded, bool)
    sensitivity = early[responded].mean()
    specificity = (~early[~responded]).mean()
    return float(sensitivity), float(specificity)


# Exercise 3: a plan in steps
def my_steps():
    """Medication first; therapy added at the week-8 check; then a new drug at each check."""
    return Steps(
        "start with one, add the other",
        "medication",
        ("add therapy", "switch drug", "switch drug"),
        check_week=8,
    )
