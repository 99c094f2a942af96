"""Virtual randomised trials and how to summarise them.

Effect size: Hedges' g, the standardised difference in mean score between two
arms (positive = the first arm has lower, i.e. better, scores), with its 95 %
confidence interval. Pooling: fixed-effect inverse-variance meta-analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .additive import AdditiveParams, simulate
from .cohort import Population, make_cohort
from .plan import Plan
from .validate import check_int, check_number, check_seed

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Effect:
    """Hedges' g (unitless) with its variance and 95 % confidence interval."""

    g: float
    variance: float

    @property
    def ci(self) -> tuple[float, float]:
        half = Z95 * np.sqrt(self.variance)
        return (self.g - half, self.g + half)


def hedges_g(better: np.ndarray, worse: np.ndarray) -> Effect:
    """Hedges' g of ``worse - better`` scores (so g > 0 when ``better`` scores lower)."""
    a = np.asarray(better, dtype=float)
    b = np.asarray(worse, dtype=float)
    if a.size < 2 or b.size < 2:
        raise ValueError(
            f"each arm needs at least 2 patients in [2, inf]; got {a.size} and {b.size}"
        )
    n1, n2 = a.size, b.size
    pooled = np.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / (n1 + n2 - 2))
    d = (b.mean() - a.mean()) / pooled if pooled > 0 else 0.0
    j = 1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0)  # small-sample correction
    g = j * d
    var = (n1 + n2) / (n1 * n2) + g**2 / (2.0 * (n1 + n2))
    return Effect(float(g), float(var))


def pool(effects: list[Effect]) -> Effect:
    """Fixed-effect (inverse-variance) pooled estimate of several trials."""
    if not effects:
        raise ValueError("effects must hold at least 1 trial in [1, inf]; got 0")
    w = np.array([1.0 / e.variance for e in effects])
    g = np.array([e.g for e in effects])
    return Effect(float(np.sum(w * g) / np.sum(w)), float(1.0 / np.sum(w)))


def run_trials(
    population: Population,
    first: Plan,
    second: Plan,
    n_per_arm: int,
    n_trials: int,
    week: int = 12,
    seed: int | None = 0,
    params: AdditiveParams | None = None,
) -> list[Effect]:
    """``n_trials`` independent virtual trials of ``first`` vs ``second`` at ``week``.

    Each trial randomises fresh patients from ``population``; returns one Effect per
    trial (g > 0 when ``first`` ends with lower scores).
    """
    n_per_arm = check_int("n_per_arm", n_per_arm, 2, 100_000)
    n_trials = check_int("n_trials", n_trials, 1, 1_000)
    week = check_int("week", week, 1, 520)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    seeds = rng.integers(0, 2**31, size=(4,))
    # All trials in one vectorised run: patients are then split into trials.
    total = n_per_arm * n_trials
    a = simulate(make_cohort(total, int(seeds[0]), population), first, week, int(seeds[1]), params)
    b = simulate(make_cohort(total, int(seeds[2]), population), second, week, int(seeds[3]), params)
    sa = a.at(week).reshape(n_trials, n_per_arm)
    sb = b.at(week).reshape(n_trials, n_per_arm)
    return [hedges_g(sa[i], sb[i]) for i in range(n_trials)]


def independent_action(p1: float, p2: float, p0: float = 0.0) -> float:
    """Response rate (0-1) of a combination if the two treatments act independently.

    ``p1``, ``p2``: response rates to each treatment alone; ``p0``: response rate with no
    treatment (patients who would respond anyway, counted in both single arms). A patient
    fails to respond to the combination only if neither treatment's own effect reaches
    them: 1 - (1 - p1)(1 - p2) / (1 - p0). With ``p0 = 0`` this is the naive rule
    1 - (1 - p1)(1 - p2), which counts the patients who improve anyway twice.
    """
    p1 = check_number("p1", p1, 0.0, 1.0)
    p2 = check_number("p2", p2, 0.0, 1.0)
    p0 = check_number("p0", p0, 0.0, min(p1, p2, 0.99))
    return 1.0 - (1.0 - p1) * (1.0 - p2) / (1.0 - p0)
