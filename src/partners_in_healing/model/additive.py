"""Lesson 01 toy model: medication and therapy effects that add up.

Each week a patient's score is

    score = baseline * (1 - natural(t)) * (1 - relief(t)) + noise

where ``relief = f_med + f_therapy + interaction * f_med * f_therapy``:

- ``f_med = med_sensitivity * level``: ``level`` follows the dose's effect
  (``dose_effect``: proportional up to a standard dose, then almost flat, as
  Furukawa et al. 2019 found for SSRIs) through two first-order stages with time
  constant ``med_tau`` (weeks), so the effect starts after a lag of about a week and
  plateaus by about week 6;
- ``f_therapy = therapy_sensitivity * skill``: ``skill`` (0-1) grows with every
  session, slowly at first in symptom terms, and keeps growing;
- ``natural(t) = natural * (1 - exp(-t / natural_tau))``: improvement without
  treatment (natural course, support, placebo response);
- ``interaction`` from -1 (overlap) to +1 (synergy) adds ``interaction`` times the
  product of the two reliefs (``combined_relief``). Two reliefs of 40 % give
  40 + 40 - 16 = 64 % at -1 (exactly what two treatments acting on independent
  shares of the symptoms would give: the second one only relieves what the first
  left), 80 % at 0 (the plain sum) and 96 % at +1 (synergy: medication makes
  therapy possible, therapy helps people keep taking medication).

Scores are HAM-D points, clipped to 0-52. Time is in weeks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .cohort import HAMD_MAX, Cohort
from .outcome import Outcome
from .plan import Plan
from .validate import check_int, check_number, check_seed, check_type


@dataclass(frozen=True)
class AdditiveParams:
    """Treatment-response parameters (see ``calibration.py`` for where each comes from)."""

    med_tau: float = 1.5  # weeks; fixed: onset within 1-2 weeks, plateau by ~6 (Taylor 2006)
    therapy_rate: float = 0.12  # skill gained per session (fraction of what is left)
    natural_tau: float = 4.0  # weeks; fixed
    interaction: float = 0.0  # -1 overlap ... +1 synergy
    noise_sd: float = 3.0  # HAM-D points, week-to-week fluctuation and rating error; fixed

    def __post_init__(self) -> None:
        check_number("med_tau", self.med_tau, 0.1, 20.0)
        check_number("therapy_rate", self.therapy_rate, 0.0, 1.0)
        check_number("natural_tau", self.natural_tau, 0.1, 52.0)
        check_number("interaction", self.interaction, -1.0, 1.0)
        check_number("noise_sd", self.noise_sd, 0.0, 15.0)

    def with_(self, **changes) -> AdditiveParams:
        """A copy with some parameters changed (validated)."""
        return replace(self, **changes)


HIGH_DOSE_GAIN = 0.05
"""Extra effect per standard dose above the standard dose: fixed, after Furukawa et al. 2019
(response rises up to about a standard dose, 20-40 mg fluoxetine equivalents, then is level
or falls at higher licensed doses). So dose 2 (a high licensed dose) gives 1.05 times the
standard dose's effect, not twice."""


def dose_effect(dose) -> np.ndarray:
    """Effect of a relative dose (0-2; 1 = standard) relative to a standard dose's effect.

    Proportional up to the standard dose, then nearly flat (``HIGH_DOSE_GAIN``).
    """
    d = np.asarray(dose, dtype=float)
    return np.minimum(d, 1.0) + HIGH_DOSE_GAIN * np.maximum(d - 1.0, 0.0)


def combined_relief(f_med, f_therapy, interaction: float = 0.0) -> np.ndarray:
    """Relief (fraction 0-1) of medication and therapy together: f_med + f_therapy +
    interaction * f_med * f_therapy, clipped to 0-1 (see the module docstring)."""
    f_med, f_therapy = np.asarray(f_med, float), np.asarray(f_therapy, float)
    interaction = check_number("interaction", interaction, -1.0, 1.0)
    return np.clip(f_med + f_therapy + interaction * f_med * f_therapy, 0.0, 1.0)


def medication_level(plan: Plan, weeks: int, tau: float) -> np.ndarray:
    """Effect level (0-1.05, relative to a steady standard dose) at weeks 0..weeks."""
    dose = dose_effect(plan.dose(np.arange(weeks)))
    a = np.exp(-1.0 / tau)
    stage1 = np.zeros(weeks + 1)
    level = np.zeros(weeks + 1)
    for w in range(weeks):
        stage1[w + 1] = a * stage1[w] + (1 - a) * dose[w]
        level[w + 1] = a * level[w] + (1 - a) * stage1[w + 1]
    return level


def therapy_skill(plan: Plan, weeks: int, rate: float) -> np.ndarray:
    """Skill (0-1) learned by weeks 0..weeks; each session closes ``rate`` of the gap."""
    sessions = plan.sessions(np.arange(weeks))
    keep = np.exp(-rate * sessions)
    return np.concatenate([[0.0], 1.0 - np.cumprod(keep)])


def expected_scores(cohort: Cohort, plan: Plan, weeks: int, params: AdditiveParams) -> np.ndarray:
    """Noise-free scores, shape (patients, weeks + 1), HAM-D points before clipping."""
    t = np.arange(weeks + 1)
    level = medication_level(plan, weeks, params.med_tau)
    skill = therapy_skill(plan, weeks, params.therapy_rate)
    f_med = cohort.med_sensitivity[:, None] * level[None, :]
    f_ther = cohort.therapy_sensitivity[:, None] * skill[None, :]
    relief = combined_relief(f_med, f_ther, params.interaction)
    natural = cohort.natural[:, None] * (1.0 - np.exp(-t / params.natural_tau))[None, :]
    return cohort.baseline[:, None] * (1.0 - natural) * (1.0 - relief)


def simulate(
    cohort: Cohort,
    plan: Plan,
    weeks: int = 16,
    seed: int | None = 0,
    params: AdditiveParams | None = None,
) -> Outcome:
    """Weekly HAM-D scores of every patient in ``cohort`` under ``plan``.

    The noise depends only on ``seed`` and the cohort size, never on the plan, so
    two plans simulated with one seed differ only by their treatment.
    """
    check_type("cohort", cohort, Cohort)
    check_type("plan", plan, Plan)
    weeks = check_int("weeks", weeks, 1, 520)
    seed = check_seed(seed)
    params = params or DEFAULT_PARAMS
    mean = expected_scores(cohort, plan, weeks, params)
    rng = np.random.default_rng(seed)
    noise = params.noise_sd * rng.standard_normal(mean.shape, dtype=np.float32)
    noise[:, 0] = 0.0
    scores = np.clip(mean + noise, 0.0, HAMD_MAX)
    return Outcome(plan.name, np.arange(weeks + 1, dtype=float), scores, cohort.baseline)


DEFAULT_PARAMS = AdditiveParams()
