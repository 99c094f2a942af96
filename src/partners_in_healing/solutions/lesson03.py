"""Solutions to the exercises of lesson 03, "Relapse reduction" (checked by the tests)."""

from __future__ import annotations

import numpy as np

from ..model.phases import Design, Phase


# Exercise 1: a sequential design written in phases
def sequential_design() -> Design:
    """12 weeks of medication for all; 20 weeks of continuation (continue / taper / taper with
    weekly therapy); 52 weeks of follow-up (two boosters for the therapy arm)."""
    return Design(
        "sequential trial",
        arms=("medication continued", "taper alone", "taper + therapy"),
        phases=(
            Phase("acute", 12, medication="continue"),
            Phase(
                "continuation",
                20,
                medication=("continue", "taper 8", "taper 8"),
                therapy=("none", "none", "weekly"),
            ),
            Phase(
                "follow-up",
                52,
                medication=("continue", "stop", "stop"),
                therapy=("none", "none", "boosters 2"),
            ),
        ),
    )


# Exercise 2: the naive relapse fraction (ignores who dropped out when)
def naive_relapse_fraction(data, weeks: float) -> float:
    """Fraction of all followed patients seen to relapse within ``weeks`` weeks."""
    seen = data.relapse & (data.weeks <= weeks)
    return float(seen.sum() / data.n)


# Exercise 3: lag-1 autocorrelation of a daily series
def lag1_autocorrelation(x) -> float:
    """Correlation between each day's value and the next day's."""
    x = np.asarray(x, dtype=float)
    return float(np.corrcoef(x[:-1], x[1:])[0, 1])
