"""Cohort: a set of virtual patients who all differ.

Every array has one entry per patient. Units:

- ``baseline``: HAM-D score at week 0 (Hamilton Depression Rating Scale, 0-52 points).
- ``med_sensitivity``: fraction (0-1) of symptoms a full, steady medication dose removes.
- ``therapy_sensitivity``: fraction (0-1) of symptoms fully learned therapy skills remove.
- ``natural``: fraction (0-1) of symptoms that fade without treatment over months
  (natural course, regression to the mean, placebo-like support).
- ``chronicity``: years depressed before the trial.
- ``age``: years.
- ``vulnerability``: 0-1, how easily stress pushes this patient back into depression
  (used by the relapse lesson).
- ``adherence``: 0-1, share of the prescribed medication this patient takes when on
  medication alone (lesson 04).
- ``side_effects``: 0-1, how strongly this patient feels side effects at a standard dose
  (lesson 04; raises the chance of dropping out).

The two lesson-04 traits are drawn after all the others, from the same generator, so
every earlier trait (and every earlier lesson's result) is unchanged by their arrival.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .validate import check_int, check_number, check_seed

HAMD_MAX = 52.0


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass(frozen=True)
class Population:
    """Distribution that virtual patients are drawn from.

    Means are population medians of each per-patient fraction; ``spread`` is the
    standard deviation on the logit scale (0 = everyone identical).
    """

    name: str = "moderate-severe outpatients"
    baseline_mean: float = 23.0  # HAM-D points
    baseline_sd: float = 4.0  # HAM-D points
    baseline_min: float = 14.0  # HAM-D points (trial entry threshold)
    med_median: float = 0.45  # fraction of symptoms
    therapy_median: float = 0.45  # fraction of symptoms
    natural_median: float = 0.25  # fraction of symptoms
    spread: float = 1.0  # logit-scale SD of sensitivities
    correlation: float = 0.3  # between medication and therapy sensitivity
    chronicity_mean: float = 1.0  # years
    age_mean: float = 40.0  # years
    vulnerability_mean: float = 0.5  # 0-1
    adherence_median: float = 0.8  # share of prescribed dose taken (lesson 04; not fitted)
    side_effect_median: float = 0.5  # 0-1 (lesson 04)

    def __post_init__(self) -> None:
        check_number("baseline_mean", self.baseline_mean, 0.0, HAMD_MAX)
        check_number("baseline_sd", self.baseline_sd, 0.0, 20.0)
        check_number("baseline_min", self.baseline_min, 0.0, HAMD_MAX)
        for name in (
            "med_median",
            "therapy_median",
            "natural_median",
            "vulnerability_mean",
            "adherence_median",
            "side_effect_median",
        ):
            check_number(name, getattr(self, name), 0.001, 0.999)
        check_number("spread", self.spread, 0.0, 5.0)
        check_number("correlation", self.correlation, -0.99, 0.99)
        check_number("chronicity_mean", self.chronicity_mean, 0.0, 60.0)
        check_number("age_mean", self.age_mean, 18.0, 100.0)


@dataclass(frozen=True)
class Cohort:
    """Virtual patients; every field is an array of shape (n,)."""

    baseline: np.ndarray
    med_sensitivity: np.ndarray
    therapy_sensitivity: np.ndarray
    natural: np.ndarray
    chronicity: np.ndarray
    age: np.ndarray
    vulnerability: np.ndarray
    population: Population = field(default_factory=Population)
    adherence: np.ndarray | None = None  # None: everyone at the population median
    side_effects: np.ndarray | None = None  # None: everyone at the population median

    def __post_init__(self) -> None:
        n = self.baseline.shape[0]
        if self.adherence is None:
            object.__setattr__(self, "adherence", np.full(n, self.population.adherence_median))
        if self.side_effects is None:
            object.__setattr__(self, "side_effects", np.full(n, self.population.side_effect_median))

    @property
    def n(self) -> int:
        """Number of patients."""
        return int(self.baseline.shape[0])

    def subset(self, index) -> Cohort:
        """The patients selected by ``index`` (a slice, mask or index array)."""
        arrays = {k: getattr(self, k)[index] for k in _ARRAY_FIELDS}
        return replace(self, **arrays)


_ARRAY_FIELDS = (
    "baseline",
    "med_sensitivity",
    "therapy_sensitivity",
    "natural",
    "chronicity",
    "age",
    "vulnerability",
    "adherence",
    "side_effects",
)


def make_cohort(n: int, seed: int | None = 0, population: Population | None = None) -> Cohort:
    """Draw ``n`` virtual patients from ``population`` (deterministic for a given seed)."""
    n = check_int("n", n, 1, 10_000_000)
    seed = check_seed(seed)
    pop = population or Population()
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((5, n))
    rho = pop.correlation
    z_therapy = rho * z[0] + np.sqrt(1.0 - rho**2) * z[1]
    baseline = pop.baseline_mean + pop.baseline_sd * z[2]
    baseline = np.clip(baseline, pop.baseline_min, HAMD_MAX)
    med = _sigmoid(_logit(pop.med_median) + pop.spread * z[0])
    therapy = _sigmoid(_logit(pop.therapy_median) + pop.spread * z_therapy)
    natural = _sigmoid(_logit(pop.natural_median) + pop.spread * z[3])
    chronicity = rng.exponential(pop.chronicity_mean, n) if pop.chronicity_mean > 0 else np.zeros(n)
    age = np.clip(pop.age_mean + 12.0 * rng.standard_normal(n), 18.0, 90.0)
    vulnerability = _sigmoid(_logit(pop.vulnerability_mean) + 0.8 * z[4])
    # Lesson 04's traits last: the draws above stay exactly as they were before them.
    z_late = rng.standard_normal((2, n))
    adherence = _sigmoid(_logit(pop.adherence_median) + 1.2 * z_late[0])
    side_effects = _sigmoid(_logit(pop.side_effect_median) + 1.0 * z_late[1])
    return Cohort(
        baseline,
        med,
        therapy,
        natural,
        chronicity,
        age,
        vulnerability,
        pop,
        adherence,
        side_effects,
    )
