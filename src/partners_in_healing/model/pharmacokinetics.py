"""One-compartment pharmacokinetics: how much drug is in the body, day by day.

Concentration is relative: 1 = steady state on a standard daily dose. With
elimination rate ``k = ln 2 / half_life``,

    dC/dt = k * (dose(t) - C)

(daily dosing smoothed into a constant input). So C reaches about 97 % of
steady state after five half-lives, and after stopping halves every half-life.
Solved exactly per time step, so the step size does not change the answer.
Half-lives from the product labels (approximate; ``evidence.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import lfilter

from .plan import Plan
from .validate import check_int, check_number, check_type


@dataclass(frozen=True)
class Drug:
    """A drug's name and elimination half-life (days)."""

    name: str
    half_life_days: float

    def __post_init__(self) -> None:
        check_number("half_life_days", self.half_life_days, 0.01, 100.0)

    @property
    def rate_per_day(self) -> float:
        """Elimination rate constant k (1/day)."""
        return float(np.log(2.0) / self.half_life_days)


# Sertraline: half-life about 26 h, steady state in about a week (label, approx.).
SERTRALINE_LIKE = Drug("sertraline-like", 26.0 / 24.0)
# Fluoxetine with its active metabolite norfluoxetine: steady state after 4-5 weeks,
# so an effective half-life of about 7 days (label, approx.).
FLUOXETINE_LIKE = Drug("fluoxetine-like", 7.0)
DRUGS = {d.name: d for d in (SERTRALINE_LIKE, FLUOXETINE_LIKE)}


def concentration(
    plan: Plan, days: int, drug: Drug = SERTRALINE_LIKE, steps_per_day: int = 1
) -> np.ndarray:
    """Relative concentration at times 0, dt, ..., ``days`` (days), shape (days*steps_per_day +
    1,)."""
    check_type("plan", plan, Plan)
    days = check_int("days", days, 1, 36_500)
    steps_per_day = check_int("steps_per_day", steps_per_day, 1, 96)
    dt = 1.0 / steps_per_day
    n = days * steps_per_day
    t_weeks = (np.arange(n) * dt) / 7.0
    dose = plan.dose(t_weeks)
    keep = np.exp(-drug.rate_per_day * dt)
    # C[i+1] = keep*C[i] + (1-keep)*dose[i]: a first-order linear filter, run in C by lfilter
    # (stable for any horizon; no Python loop over time steps).
    c = lfilter([1.0 - keep], [1.0, -keep], dose)
    return np.concatenate([[0.0], c])
