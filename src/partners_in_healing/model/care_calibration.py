"""Reproducible fitting of the lesson 04 model (``care.py``) to published numbers.

Calibration targets (``evidence.py``):

- Rush et al. 2006 (STAR*D): remission among those entering each of four steps,
  36.8, 30.6, 13.7 and 13.0 %, with a check at week 12 and a switch of drug at each step.
- Keller et al. 2000: 519 of the 662 analysed completed the 12 weeks (dropout 21.6 %,
  similar across arms); here the mean over the three arms.
- Hollon et al. 2014: dropout 26.8 % on medication alone vs 18.9 % with cognitive therapy
  added, over 42 months (182 weeks) in chronic or recurrent depression.
- Cuijpers et al. 2020: all-cause dropout on medication alone is 1.23 times that on the
  combination and 1.17 times that on psychotherapy (12-week acute treatment here).

Fitted: how much the STAR*D-like patients improve without treatment
(``natural_median``; routine-care outpatients with measurement-based dosing), the
correlation of successive drugs' sensitivities, the drop in sensitivity per later step,
the weekly dropout hazard (late and early) and the hazard ratio of dropout while in
therapy. The treatment effects are lesson 01's, fitted to the pooled evidence
(``calibration.FITTED``: median drug and therapy sensitivity, therapy learning rate, how
reliefs combine), so the two lessons share one set of effects and a single trial is
explained by who its patients are, not by a second drug effect; lesson 01's own
populations are used as they are (typical trial patients, the default, and Keller
2000's). Set by hand, for direction only: the moderators, the side-effect and
no-improvement terms of the dropout hazard, therapy's effect on adherence, the
dose-response curve. The fit uses fixed virtual cohorts and seeds
(common random numbers), so it is deterministic; ``check`` re-simulates with 10,000
patients per arm and other seeds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import minimize

from . import calibration, evidence
from .care import CareParams, Steps, simulate_care, simulate_steps
from .cohort import Population, make_cohort
from .plan import Plan

KELLER_DROPOUT_12 = round(1.0 - 519 / 662, 3)  # 0.216: Keller 2000, 519 of 662 completed
HOLLON_WEEKS = 182  # 42 months
ACUTE_WEEKS = 12

# STAR*D: outpatients, HAM-D >= 14 at entry (the toy's entry threshold; mean about 22, approx.).
STARD_BASE = Population(
    name="outpatients in routine care (STAR*D-like)",
    baseline_mean=22.0,
    baseline_sd=5.0,
    baseline_min=14.0,
    chronicity_mean=2.0,
    age_mean=41.0,
)
# lesson 01's pooled treatment effects (see the module docstring)
LESSON01 = calibration.FITTED
LESSON01_PARAMS = calibration.params()
# Hollon 2014: chronic or recurrent depression (the toy: longer illness on average).
HOLLON_BASE = replace(
    STARD_BASE,
    name="chronic or recurrent depression (Hollon 2014-like)",
    baseline_min=16.0,
    chronicity_mean=4.0,
)


@dataclass(frozen=True)
class Fit:
    """Fitted values; ``as_vector`` order is the optimiser's."""

    natural_median: float
    next_drug_correlation: float
    step_resistance: float
    dropout_week: float
    therapy_dropout_hr: float
    early_dropout_week: float

    def as_vector(self) -> np.ndarray:
        return np.array(
            [
                self.natural_median,
                self.next_drug_correlation,
                self.step_resistance,
                self.dropout_week,
                self.therapy_dropout_hr,
                self.early_dropout_week,
            ]
        )


# Result of ``fit()`` (python -m partners_in_healing.calibrate lesson04), stored so the
# model starts calibrated; ``check`` shows the residuals.
FITTED = Fit(
    natural_median=0.6428,
    next_drug_correlation=0.3919,
    step_resistance=0.4451,
    dropout_week=0.0,
    therapy_dropout_hr=0.8304,
    early_dropout_week=0.0407,
)
_LOWER = np.array([0.02, -0.9, 0.0, 0.0, 0.1, 0.0])
_UPPER = np.array([0.98, 0.95, 3.0, 0.05, 1.5, 0.3])


POOLED = calibration.POOLED


def populations(fit: Fit = FITTED) -> dict[str, Population]:
    """The calibrated populations, keyed by name, all with lesson 01's treatment effects:
    lesson 01's typical trial patients (``POOLED``, the lesson's default), STAR*D's
    outpatients (natural improvement fitted to its remission by step), Hollon 2014's
    (pooled natural improvement) and Keller 2000's (lesson 01's value for that trial)."""
    lesson01 = calibration.populations()

    def shared(base: Population, natural: float) -> Population:
        return replace(
            base,
            med_median=LESSON01.med_median,
            therapy_median=LESSON01.therapy_median,
            natural_median=natural,
        )

    return {
        POOLED: lesson01[POOLED],
        "Rush 2006": shared(STARD_BASE, fit.natural_median),
        "Hollon 2014": shared(HOLLON_BASE, LESSON01.natural_pooled),
        "Keller 2000": lesson01[calibration.KELLER],
    }


def params(fit: Fit = FITTED) -> CareParams:
    """Model parameters for a fit (lesson 01's therapy learning rate and noise)."""
    return CareParams(
        next_drug_correlation=fit.next_drug_correlation,
        step_resistance=fit.step_resistance,
        dropout_week=fit.dropout_week,
        therapy_dropout_hr=fit.therapy_dropout_hr,
        early_dropout_week=fit.early_dropout_week,
        additive=LESSON01_PARAMS,
    )


def hollon_plans() -> dict[str, Plan]:
    """Hollon 2014's two arms in the toy: medication throughout; cognitive therapy weekly for
    the first year (the toy's simplification of up to 50 sessions) added to it."""
    med = Plan("medication alone").with_medication()
    return {
        "medication alone": med,
        "medication + therapy": med.with_therapy(0, 52, name="medication + therapy"),
    }


def acute_plans() -> dict[str, Plan]:
    """Medication, therapy and both for 12 weeks of acute treatment."""
    none = Plan("acute")
    return {
        "medication": none.with_medication(name="medication"),
        "therapy": none.with_therapy(name="therapy"),
        "combined": none.with_medication().with_therapy(name="combined"),
    }


def targets() -> list[tuple[str, str, float]]:
    """(source, quantity, published value) for every calibration target."""
    rows = [
        ("Rush 2006", f"remission at step {i + 1}", r)
        for i, r in enumerate(evidence.RUSH_REMISSION_BY_STEP)
    ]
    rows.append(("Keller 2000", "dropout by week 12, mean of 3 arms", KELLER_DROPOUT_12))
    rows += [
        ("Hollon 2014", f"dropout, {arm}", r) for arm, r in evidence.HOLLON_2014_DROPOUT.items()
    ]
    rows += [
        ("Cuijpers 2020", f"dropout ratio, medication vs {arm}", rr[0])
        for arm, rr in evidence.CUIJPERS_2020_DROPOUT_RR.items()
    ]
    return rows


def _dropped(out) -> float:
    return float(np.isfinite(out.extra["dropout_week"]).mean())


def simulated(fit: Fit, n: int, seed: int) -> np.ndarray:
    """The model's value of every target, in ``targets()`` order."""
    prm = params(fit)
    pops = populations(fit)
    stard = make_cohort(n, seed, pops["Rush 2006"])
    steps = simulate_steps(stard, Steps(), seed + 1, prm).remission_by_step()
    keller = make_cohort(n, seed + 5, pops["Keller 2000"])
    keller_drop = np.mean(
        [
            _dropped(simulate_care(keller, p, ACUTE_WEEKS, seed + 6, prm))
            for p in acute_plans().values()
        ]
    )
    hollon = make_cohort(n, seed + 2, pops["Hollon 2014"])
    drop = [
        _dropped(simulate_care(hollon, p, HOLLON_WEEKS, seed + 3, prm))
        for p in hollon_plans().values()
    ]
    pooled = make_cohort(n, seed + 7, pops[POOLED])
    acute = {
        arm: _dropped(simulate_care(pooled, p, ACUTE_WEEKS, seed + 4, prm))
        for arm, p in acute_plans().items()
    }
    ratios = [acute["medication"] / max(acute[arm], 1e-9) for arm in ("combined", "therapy")]
    return np.array([*steps, keller_drop, *drop, *ratios])


def residuals(values: np.ndarray) -> np.ndarray:
    """Simulated minus published, for every target."""
    return values - np.array([t[2] for t in targets()])


# A dropout ratio is weighted so that 0.1 in the ratio counts as 2 percentage points.
_WEIGHTS = np.array([1, 1, 1, 1, 1, 1, 1, 0.2, 0.2])


def fit(n: int = 4000, seed: int = 404) -> Fit:
    """Least-squares fit of the six free parameters to the nine targets."""

    def loss(x):
        x = np.clip(x, _LOWER, _UPPER)
        return float(np.sum((_WEIGHTS * residuals(simulated(Fit(*x), n, seed))) ** 2))

    best = minimize(
        loss,
        FITTED.as_vector(),
        method="Nelder-Mead",
        options={"xatol": 1e-4, "fatol": 1e-7, "maxiter": 800},
    )
    x = np.clip(best.x, _LOWER, _UPPER)
    return Fit(*(float(v) for v in np.round(x, 4)))


def check(fit: Fit = FITTED, n: int = 10_000, seed: int = 2024) -> list[dict]:
    """Simulate every target with ``n`` patients per arm; compare with the published value."""
    values = simulated(fit, n, seed)
    rows = []
    for (source, quantity, published), sim in zip(targets(), values, strict=True):
        is_ratio = "ratio" in quantity
        rows.append(
            dict(
                source=source,
                quantity=quantity,
                published=published,
                simulated=float(sim),
                residual=float(sim - published),
                kind="ratio" if is_ratio else "rate",
            )
        )
    return rows


def within_tolerance(row: dict) -> bool:
    """A rate within 5 percentage points; a ratio inside its published 95 % interval."""
    if row["kind"] == "rate":
        return abs(row["residual"]) <= 0.05
    arm = row["quantity"].rsplit(" ", 1)[-1]
    _, lo, hi = evidence.CUIJPERS_2020_DROPOUT_RR[arm]
    return lo <= row["simulated"] <= hi


def format_table(rows: list[dict]) -> str:
    """Markdown table of a ``check`` result (rates in %, ratios as they are)."""
    lines = [
        "| source | quantity | published | simulated | residual |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        if r["kind"] == "rate":  # no-break spaces: a narrow column wrapped "48.5 %"
            lines.append(
                f"| {r['source']} | {r['quantity']} | {100 * r['published']:.1f}\u00a0% | "
                f"{100 * r['simulated']:.1f}\u00a0% | {100 * r['residual']:+.1f}\u00a0pp |"
            )
        else:
            lines.append(
                f"| {r['source']} | {r['quantity']} | {r['published']:.2f} | "
                f"{r['simulated']:.2f} | {r['residual']:+.2f} |"
            )
    return "\n".join(lines)
