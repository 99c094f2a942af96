"""Reproducible fitting of the lesson 01 model to published response rates.

Calibration targets (``evidence.py``):

- Keller et al. 2000: week-12 response, medication 48 %, therapy 48 %, combined 73 %.
- DeRubeis et al. 2005: week-8 response, medication 50 %, therapy 43 %, placebo 25 %;
  week-16 response, medication 58 %, therapy 58 %.

Fitted: ``med_median``, ``therapy_median``, the natural-improvement medians of
the two populations, ``therapy_rate`` and ``interaction``. Fixed by design: onset
time constant, noise, spread of sensitivities, baselines (trial entry criteria).
The fit uses expected response probabilities (smooth in the parameters) on a
fixed virtual cohort, so it is deterministic; ``check`` then simulates.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import minimize
from scipy.special import ndtr

from . import evidence
from .additive import AdditiveParams, expected_scores, simulate
from .cohort import Population, make_cohort
from .outcome import RESPONSE_DROP
from .plan import standard_arms

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


@dataclass(frozen=True)
class Fit:
    """Fitted values; ``as_vector`` order is the optimiser's."""

    med_median: float
    therapy_median: float
    natural_keller: float
    natural_derubeis: float
    therapy_rate: float
    interaction: float

    def as_vector(self) -> np.ndarray:
        return np.array(
            [
                self.med_median,
                self.therapy_median,
                self.natural_keller,
                self.natural_derubeis,
                self.therapy_rate,
                self.interaction,
            ]
        )


# Result of ``fit()`` (python -m partners_in_healing.calibrate lesson01), stored so
# that the model starts calibrated without refitting; a test checks they agree.
FITTED = Fit(
    med_median=0.194,
    therapy_median=0.2594,
    natural_keller=0.3302,
    natural_derubeis=0.3847,
    therapy_rate=0.1156,
    interaction=-0.0036,
)

_LOWER = np.array([0.02, 0.02, 0.01, 0.01, 0.01, -1.0])
_UPPER = np.array([0.98, 0.98, 0.90, 0.90, 1.00, 1.0])


def populations(fit: Fit = FITTED) -> dict[str, Population]:
    """The two calibrated populations, keyed by trial."""

    def fitted(base: Population, natural_median: float) -> Population:
        return replace(
            base,
            natural_median=natural_median,
            med_median=fit.med_median,
            therapy_median=fit.therapy_median,
        )

    return {
        "Keller 2000": fitted(KELLER_BASE, fit.natural_keller),
        "DeRubeis 2005": fitted(DERUBEIS_BASE, fit.natural_derubeis),
    }


def params(fit: Fit = FITTED) -> AdditiveParams:
    """Model parameters for a fit."""
    return AdditiveParams(therapy_rate=fit.therapy_rate, interaction=fit.interaction)


def targets() -> list[tuple[str, str, int, float]]:
    """(trial, arm, week, published response rate) for every calibration target."""
    rows = [("Keller 2000", arm, 12, r) for arm, r in evidence.KELLER_RESPONSE_WEEK12.items()]
    for week, arms in evidence.DERUBEIS_RESPONSE.items():
        rows += [("DeRubeis 2005", arm, week, r) for arm, r in arms.items()]
    return rows


def _expected_rates(fit: Fit, n: int, seed: int) -> np.ndarray:
    arms = standard_arms()
    prm = params(fit)
    out = []
    for trial, arm, week, _ in targets():
        cohort = make_cohort(n, seed, populations(fit)[trial])
        mean = expected_scores(cohort, arms[arm], week, prm)[:, week]
        z = ((1.0 - RESPONSE_DROP) * cohort.baseline - mean) / prm.noise_sd
        out.append(ndtr(z).mean())
    return np.array(out)


def fit(n: int = 4000, seed: int = 12345) -> Fit:
    """Least-squares fit of the six free parameters to the eight targets."""
    published = np.array([t[3] for t in targets()])

    def loss(x):
        x = np.clip(x, _LOWER, _UPPER)
        return float(np.sum((_expected_rates(Fit(*x), n, seed) - published) ** 2))

    best = minimize(
        loss,
        FITTED.as_vector(),
        method="Nelder-Mead",
        options={"xatol": 1e-4, "fatol": 1e-7, "maxiter": 3000},
    )
    return Fit(*(float(v) for v in np.round(np.clip(best.x, _LOWER, _UPPER), 4)))


def check(fit: Fit = FITTED, n: int = 10_000, seed: int = 2024) -> list[dict]:
    """Simulate every target arm with ``n`` patients and compare with the published rate."""
    arms = standard_arms()
    rows = []
    for i, (trial, arm, week, published) in enumerate(targets()):
        cohort = make_cohort(n, seed + i, populations(fit)[trial])
        out = simulate(cohort, arms[arm], week, seed + 100 + i, params(fit))
        sim = out.response_rate(week)
        rows.append(
            dict(
                trial=trial,
                arm=arm,
                week=week,
                published=published,
                simulated=sim,
                residual=sim - published,
            )
        )
    return rows


def format_table(rows: list[dict]) -> str:
    """Markdown table of a ``check`` result (rates in %)."""
    lines = [
        "| trial | arm | week | published % | simulated % | residual (pp) |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['trial']} | {r['arm']} | {r['week']} | {100 * r['published']:.1f} | "
            f"{100 * r['simulated']:.1f} | {100 * r['residual']:+.1f} |"
        )
    return "\n".join(lines)


def _verdict(value: float, lo: float, hi: float) -> str:
    return (
        "matches (inside the interval)"
        if lo <= value <= hi
        else ("too large" if value > hi else "too small")
    )


def genuine_checks(n_trial: int = 5000, n: int = 4000, seed: int = 11) -> list[dict]:
    """Published results NOT used in the fit, beside the calibrated model's values.

    Effect sizes come from one large virtual trial per comparison (``n_trial`` patients
    per arm, DeRubeis-like patients, week 12); risk ratios and Keller's completers from
    ``n`` patients per arm. Each row: result, published (text), low, high, model, verdict.
    """
    from .trial import run_trials  # local: trial imports this module's neighbours

    arms = standard_arms()
    pop = populations()["DeRubeis 2005"]

    def g(a, b):
        return run_trials(pop, arms[a], arms[b], n_trial, 1, 12, seed, params())[0].g

    def rates(trial):
        cohort = make_cohort(n, seed, populations()[trial])
        return {
            a: simulate(cohort, p, 12, seed + 1, params()).response_rate(12)
            for a, p in arms.items()
        }

    der, kel = rates("DeRubeis 2005"), rates("Keller 2000")
    rows = []
    for label, pub, model in [
        (
            "Cuijpers 2014: g, combined vs medication",
            evidence.G_COMBINED_VS_DRUG,
            g("combined", "medication"),
        ),
        (
            "Cuijpers 2009: g, combined vs therapy",
            evidence.G_COMBINED_VS_THERAPY,
            g("combined", "therapy"),
        ),
        (
            "Cuijpers 2013: g, medication vs therapy",
            evidence.G_DRUG_VS_THERAPY,
            g("medication", "therapy"),
        ),
        (
            "Cuijpers 2020: response RR, combined vs medication",
            evidence.RR_COMBINED_VS_DRUG,
            der["combined"] / der["medication"],
        ),
        (
            "Cuijpers 2020: response RR, combined vs therapy",
            evidence.RR_COMBINED_VS_THERAPY,
            der["combined"] / der["therapy"],
        ),
    ]:
        rows.append(
            dict(
                result=label,
                published=f"{pub[0]:.2f} ({pub[1]:.2f} to {pub[2]:.2f})",
                low=pub[1],
                high=pub[2],
                model=model,
                verdict=_verdict(model, pub[1], pub[2]),
            )
        )
    for arm in ("medication", "therapy", "combined"):
        rate = evidence.KELLER_RESPONSE_COMPLETERS[arm]
        rows.append(
            dict(
                result=f"Keller 2000 completers: response, {arm}",
                published=f"{100 * rate:.0f} %",
                low=rate - 0.05,
                high=rate + 0.05,
                model=kel[arm],
                verdict=_verdict(kel[arm], rate - 0.05, rate + 0.05) + " (±5 pp)",
            )
        )
    return rows
