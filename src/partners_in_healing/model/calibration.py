"""Reproducible fitting of the lesson 01 model to pooled evidence and to two single trials.

The default model sits on **pooled evidence** (meta-analyses), for virtual patients
like those of a typical trial in them (``POOLED``), at week 12:

- Cuijpers et al. 2014: combined vs medication, Hedges' g 0.43 (95 % CI 0.31 to 0.56);
- Cuijpers et al. 2009: combined vs therapy, g 0.35 (0.24 to 0.45);
- Cuijpers et al. 2013: medication vs therapy, g 0.02 (-0.07 to 0.10);
- Cuijpers et al. 2020: response risk ratios (RR), combined vs therapy 1.27 (1.14 to 1.39),
  combined vs medication 1.25 (1.14 to 1.37), therapy vs medication 0.99 (0.92 to 1.08).

Two **single trials** are named populations with the *same* treatment effects; only
who the patients are differs, in the open (``KELLER_BASE``, ``DERUBEIS_BASE``): entry
severity, chronicity and how much they improve without treatment:

- Keller et al. 2000 (chronic depression): week-12 response 48 / 48 / 73 %;
- DeRubeis et al. 2005 (moderate-severe): week 8: medication 50 %, therapy 43 %,
  placebo 25 %; week 16: 58 % / 58 %.

Fitted (7 values, 14 targets): the median sensitivity to medication and to therapy, how
fast therapy skills build (``therapy_rate``), the interaction, and each population's
median natural improvement. The interaction runs to its bound, -1: the pooled effects
are as small as they are only if each treatment relieves its share of what the other
left (combined relief 1 - (1 - f1)(1 - f2)), not the plain sum. Keller's large
combination benefit then comes from its patients: chronic depression, which improves
less without treatment (natural improvement 0.33 vs 0.47 in the pooled patients), so
that fewer cross the response line with one treatment alone. Fixed by design: onset time
constant, noise, spread of sensitivities, baselines (trial entry criteria). The fit uses
expected response probabilities and expected g (smooth in the parameters) on a fixed
virtual cohort, so it is deterministic; ``check`` then simulates >= 10,000 patients per
arm. Keller's completers (55 / 52 / 85 %) are a check the toy was not fitted to.

The protocol (targets, limits, fit, table) is ``fitting``'s, shared with lesson 03.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.special import ndtr

from . import evidence, fitting
from .additive import AdditiveParams, expected_scores, simulate
from .cohort import Population, make_cohort
from .fitting import Target
from .outcome import RESPONSE_DROP
from .plan import standard_arms
from .trial import hedges_g

# Chronic depression, HAM-D >= 20 at entry, mean about 27 (Keller 2000).
KELLER_BASE = Population(
    name="chronic depression (Keller 2000)",
    baseline_mean=26.9,
    baseline_sd=4.8,
    baseline_min=20.0,
    chronicity_mean=8.0,
    age_mean=44.0,
)
# Moderate to severe outpatients, HAM-D >= 20 at entry, mean about 23 (DeRubeis 2005).
DERUBEIS_BASE = Population(
    name="moderate-severe depression (DeRubeis 2005)",
    baseline_mean=23.4,
    baseline_sd=3.0,
    baseline_min=20.0,
    chronicity_mean=1.0,
    age_mean=40.0,
)
# The patients of a typical trial in the meta-analyses (an assumption: the pooled trials
# took adults with a wider range of severity, HAM-D from about 14).
POOLED_BASE = Population(
    name="typical trial patients (pooled evidence)",
    baseline_mean=22.0,
    baseline_sd=5.0,
    baseline_min=14.0,
    chronicity_mean=2.0,
    age_mean=42.0,
)
POOLED = "pooled evidence"
KELLER = "Keller 2000"
DERUBEIS = "DeRubeis 2005"
WEEK = 12  # end of acute treatment in the pooled comparisons and in Keller 2000


@dataclass(frozen=True)
class Fit:
    """Fitted values; ``as_vector`` order is the optimiser's."""

    med_median: float
    therapy_median: float
    natural_pooled: float
    natural_keller: float
    natural_derubeis: float
    therapy_rate: float
    interaction: float

    def as_vector(self) -> np.ndarray:
        return np.array([getattr(self, f) for f in self.__dataclass_fields__])


# Result of ``fit()`` (python -m partners_in_healing.calibrate lesson01), stored so
# that the model starts calibrated without refitting; a test checks they agree.
FITTED = Fit(
    med_median=0.1937,
    therapy_median=0.2704,
    natural_pooled=0.465,
    natural_keller=0.3335,
    natural_derubeis=0.3817,
    therapy_rate=0.116,
    interaction=-1.0,  # the fit runs to the bound: reliefs combine as 1 - (1 - f1)(1 - f2)
)

_LOWER = np.array([0.02, 0.02, 0.01, 0.01, 0.01, 0.01, -1.0])
_UPPER = np.array([0.98, 0.98, 0.90, 0.90, 0.90, 1.00, 1.0])


def populations(fit: Fit = FITTED) -> dict[str, Population]:
    """The three calibrated populations (pooled evidence first), keyed by name."""

    def fitted(base: Population, natural_median: float) -> Population:
        return replace(
            base,
            natural_median=natural_median,
            med_median=fit.med_median,
            therapy_median=fit.therapy_median,
        )

    return {
        POOLED: fitted(POOLED_BASE, fit.natural_pooled),
        KELLER: fitted(KELLER_BASE, fit.natural_keller),
        DERUBEIS: fitted(DERUBEIS_BASE, fit.natural_derubeis),
    }


def params(fit: Fit = FITTED) -> AdditiveParams:
    """Model parameters for a fit."""
    return AdditiveParams(therapy_rate=fit.therapy_rate, interaction=fit.interaction)


# (comparison key) -> (first arm, second arm)
G_COMPARISONS = {
    "g combined vs medication": ("combined", "medication"),
    "g combined vs therapy": ("combined", "therapy"),
    "g medication vs therapy": ("medication", "therapy"),
}
RR_COMPARISONS = {
    "RR combined vs therapy": ("combined", "therapy"),
    "RR combined vs medication": ("combined", "medication"),
    "RR therapy vs medication": ("therapy", "medication"),
}


def _pooled(key, source, what, triple, kind):
    return Target(key, source, what, kind, *triple, pooled=True, population=POOLED)


_PLACEBO_ARM = {"no treatment": "placebo pill (the toy: no treatment)"}


def _rate(trial, arm, week, value, fitted=True, what=None, key=None):
    return Target(
        key or f"{trial}: {arm}, week {week}",
        trial,
        what or f"response, {arm}, week {week}",
        "rate",
        value,
        pooled=False,
        population=trial,
        fitted=fitted,
    )


def targets() -> list[Target]:
    """Every published number of lesson 01: pooled targets, single trials, then checks."""
    e = evidence
    rows = [
        _pooled(
            "g combined vs medication",
            "Cuijpers 2014",
            "g combined vs medication",
            e.G_COMBINED_VS_DRUG,
            "g",
        ),
        _pooled(
            "g combined vs therapy",
            "Cuijpers 2009",
            "g combined vs therapy",
            e.G_COMBINED_VS_THERAPY,
            "g",
        ),
        _pooled(
            "g medication vs therapy",
            "Cuijpers 2013",
            "g medication vs therapy",
            e.G_DRUG_VS_THERAPY,
            "g",
        ),
        _pooled(
            "RR combined vs therapy",
            "Cuijpers 2020",
            "RR combined vs therapy",
            e.RR_COMBINED_VS_THERAPY,
            "ratio",
        ),
        _pooled(
            "RR combined vs medication",
            "Cuijpers 2020",
            "RR combined vs medication",
            e.RR_COMBINED_VS_DRUG,
            "ratio",
        ),
        _pooled(
            "RR therapy vs medication",
            "Cuijpers 2020",
            "RR therapy vs medication",
            e.RR_THERAPY_VS_DRUG,
            "ratio",
        ),
    ]
    rows += [_rate(KELLER, arm, WEEK, r) for arm, r in e.KELLER_RESPONSE_WEEK12.items()]
    for week, arms in e.DERUBEIS_RESPONSE.items():
        for arm, r in arms.items():
            # DeRubeis's third arm took placebo pills; the toy has no placebo mechanism
            what = f"response, {_PLACEBO_ARM[arm]}, week {week}" if arm in _PLACEBO_ARM else None
            rows.append(_rate(DERUBEIS, arm, week, r, what=what))
    rows += [
        _rate(
            KELLER,
            arm,
            WEEK,
            r,
            fitted=False,
            what=f"response among completers, {arm}, week 12",
            key=f"Keller 2000 completers: {arm}",
        )
        for arm, r in e.KELLER_RESPONSE_COMPLETERS.items()
    ]
    return rows


def _arm(t: Target) -> tuple[str, int]:
    """(arm, week) of a single-trial rate target."""
    what = t.what.split(", ")
    arm = {shown: arm for arm, shown in _PLACEBO_ARM.items()}.get(what[-2], what[-2])
    return arm, int(what[-1].split()[-1])


def _expected_values(fit: Fit, n: int, seed: int) -> dict[str, float]:
    """Every target's toy value from expected scores (smooth, deterministic): for fitting."""
    arms, prm, pops = standard_arms(), params(fit), populations(fit)
    out: dict[str, float] = {}
    cache: dict = {}

    def arm_stats(pop, arm, week):
        if (pop, arm, week) not in cache:
            cohort = make_cohort(n, seed, pops[pop])
            mean = np.clip(expected_scores(cohort, arms[arm], week, prm)[:, week], 0.0, None)
            z = ((1.0 - RESPONSE_DROP) * cohort.baseline - mean) / prm.noise_sd
            cache[(pop, arm, week)] = (mean.mean(), mean.var() + prm.noise_sd**2, ndtr(z).mean())
        return cache[(pop, arm, week)]

    for key, (a, b) in G_COMPARISONS.items():
        (ma, va, _), (mb, vb, _) = arm_stats(POOLED, a, WEEK), arm_stats(POOLED, b, WEEK)
        out[key] = (mb - ma) / np.sqrt((va + vb) / 2.0)
    for key, (a, b) in RR_COMPARISONS.items():
        out[key] = arm_stats(POOLED, a, WEEK)[2] / arm_stats(POOLED, b, WEEK)[2]
    for t in targets():
        if t.kind == "rate":
            arm, week = _arm(t)
            out[t.key] = arm_stats(t.population, arm, week)[2]
    return out


def simulated_values(fit: Fit = FITTED, n: int = 10_000, seed: int = 2024) -> dict[str, float]:
    """Every target's toy value from simulated patients (``n`` per arm, with noise)."""
    arms, prm, pops = standard_arms(), params(fit), populations(fit)
    outcomes: dict = {}

    def outcome(pop, arm, weeks):
        if (pop, arm) not in outcomes:
            i = list(pops).index(pop)
            cohort = make_cohort(n, seed + i, pops[pop])
            outcomes[(pop, arm)] = simulate(cohort, arms[arm], 16, seed + 100 + i, prm)
        return outcomes[(pop, arm)]

    out: dict[str, float] = {}
    for key, (a, b) in G_COMPARISONS.items():
        out[key] = hedges_g(outcome(POOLED, a, 16).at(WEEK), outcome(POOLED, b, 16).at(WEEK)).g
    for key, (a, b) in RR_COMPARISONS.items():
        out[key] = outcome(POOLED, a, 16).response_rate(WEEK) / outcome(
            POOLED, b, 16
        ).response_rate(WEEK)
    for t in targets():
        if t.kind == "rate":
            arm, week = _arm(t)
            out[t.key] = outcome(t.population, arm, 16).response_rate(week)
    return out


def fit(n: int = 4000, seed: int = 12345, start: Fit = FITTED) -> Fit:
    """Least-squares fit of the seven free values to the fitted targets (deterministic)."""
    x = fitting.fit(
        targets(),
        lambda x: _expected_values(Fit(*x), n, seed),
        start.as_vector(),
        _LOWER,
        _UPPER,
        diff_step=1e-3,
        xtol=1e-6,
        ftol=1e-8,
    )
    return Fit(*(float(v) for v in np.round(x, 4)))


def check(fit: Fit = FITTED, n: int = 10_000, seed: int = 2024) -> list[dict]:
    """Every target (fitted ones and checks) beside the toy's simulated value, with a verdict."""
    return fitting.rows(targets(), simulated_values(fit, n, seed))


format_table = fitting.format_table


def default_numbers(fit: Fit = FITTED, n: int = 10_000, seed: int = 2024) -> dict[str, float]:
    """The default (pooled) model's response rates per arm at week 12 (fractions 0-1)."""
    prm, pops = params(fit), populations(fit)
    cohort = make_cohort(n, seed, pops[POOLED])
    return {
        arm: simulate(cohort, plan, WEEK, seed + 1, prm).response_rate(WEEK)
        for arm, plan in standard_arms().items()
    }


def forest_rows(table: list[dict] | None = None) -> list[dict]:
    """Rows of lesson 01's model-vs-evidence figure: pooled g and RRs (with their CIs), then
    the single trials as response ratios of their published rates (no interval)."""
    table = table if table is not None else check()
    rows = [fitting.forest_row(r, "g" if r["kind"] == "g" else "RR") for r in table if r["pooled"]]
    k, d = "Keller 2000", "DeRubeis 2005"
    rows += [
        fitting.ratio_of_rates(
            table,
            "RR",
            "RR combined vs medication",
            f"{k}: combined, week 12",
            f"{k}: medication, week 12",
        ),
        fitting.ratio_of_rates(
            table,
            "RR",
            "RR combined vs therapy",
            f"{k}: combined, week 12",
            f"{k}: therapy, week 12",
        ),
        fitting.ratio_of_rates(
            table,
            "RR",
            "completers: RR combined vs medication",
            f"{k} completers: combined",
            f"{k} completers: medication",
        ),
        fitting.ratio_of_rates(
            table,
            "RR",
            "RR therapy vs medication, week 8",
            f"{d}: therapy, week 8",
            f"{d}: medication, week 8",
        ),
        fitting.ratio_of_rates(
            table,
            "RR",
            "RR therapy vs medication, week 16",
            f"{d}: therapy, week 16",
            f"{d}: medication, week 16",
        ),
    ]
    return rows
