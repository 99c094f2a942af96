"""Lesson 04 toy model: who benefits, adherence, dropout and steps of care.

Built on lesson 01's additive model (``additive.py``): each week a patient's score is

    score = baseline * (1 - natural(t)) * (1 - relief(t)) + noise

with ``relief = f_drug + f_second_drug + f_therapy`` (clipped to 0-1). What is new:

- **Moderators** (``moderated``): cohort traits change a patient's sensitivities in the
  directions the evidence reports. Higher baseline severity lowers the natural
  (placebo-like) improvement, so the drug-placebo difference grows with severity, mostly
  through a smaller placebo response (Kirsch et al. 2008, direction only). Longer
  chronicity lowers therapy sensitivity, so the added benefit of therapy shrinks in chronic
  depression (Hollon et al. 2014, von Wolff et al. 2012). Age has no effect by default:
  the evidence is weak and points both ways (Reynolds et al. 2006; Cuijpers et al. 2014,
  Maturitas); ``age_therapy`` lets a student try one. The strengths are set by hand to
  show the directions; no pooled number exists to fit them to.
- **Adherence**: a patient takes a share of the prescribed dose (``Cohort.adherence``);
  while in therapy that share rises (``therapy_adherence`` closes part of the gap).
  Effective dose = prescribed dose x share taken. The drug's effect saturates with dose
  (an Emax curve equal to 1 at the standard dose), as Furukawa et al. 2019 report for SSRIs.
- **Dropout**: each week a patient may leave, with a hazard that rises with side effects
  (``Cohort.side_effects`` x effective dose: side effects rise with dose, Furukawa 2019),
  rises when they feel no better, falls while they are in therapy, and is highest in the
  first weeks. Once gone, they
  get no more treatment. Fitted to Keller et al. 2000 (519 of 662 completed 12 weeks),
  Hollon et al. 2014 (dropout 26.8 % vs 18.9 %) and Cuijpers et al. 2020 (dropout ratios)
  in ``care_calibration.py``.
- **Steps of care** (``simulate_steps``): a first treatment, a check at a fixed week; those
  not in remission take the next step (raise the dose, switch drug, add a second drug,
  add therapy), as in STAR*D (Rush et al. 2006). A new drug's sensitivity is partly
  correlated with the last one's, and each later step starts from a harder group.

Scores are HAM-D points (0-52); time is in weeks; every draw is seeded. The noise depends
only on the seed and the cohort size, never on the plan, so two plans simulated with the
same cohort and seed are each patient's two counterfactual outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .additive import AdditiveParams
from .cohort import HAMD_MAX, Cohort, _logit, _sigmoid
from .outcome import REMISSION_MAX, Outcome
from .plan import Plan
from .validate import check_choice, check_int, check_number, check_seed, check_type

SEVERITY_REF = 22.0  # HAM-D points: severity at which the moderators change nothing
SEVERITY_UNIT = 5.0  # HAM-D points per unit of the severity moderator
CHRONICITY_REF = 2.0  # years: "chronic" depression lasts 2 years or more
AGE_REF = 40.0  # years
# weeks: how fast the extra early dropout fades (most people who leave, leave early)
EARLY_TAU = 6.0


@dataclass(frozen=True)
class CareParams:
    """Parameters of the lesson 04 model (where each comes from: ``care_calibration.py``)."""

    # moderators: logit-scale shifts (set by hand for direction; 0 switches one off)
    severity_placebo: float = 0.5  # less natural improvement per 5 HAM-D points above 22
    chronic_therapy: float = 0.8  # less therapy sensitivity per unit of log(1 + years) above 2 y
    age_therapy: float = 0.0  # more (> 0) or less (< 0) therapy sensitivity per decade above 40
    # adherence and dose
    therapy_adherence: float = 0.5  # share of the missed doses that therapy closes (not fitted)
    dose_half: float = 0.2  # x standard dose giving half the maximum effect (Emax; direction)
    # dropout: weekly hazard = (base + early * exp(-week / EARLY_TAU))
    #                          * exp(side * side_effects * dose + gap * (r - 0.5)) * hr
    dropout_week: float = 0.0  # weekly hazard, medication alone, typical patient (fitted)
    early_dropout_week: float = 0.0407  # extra weekly hazard at the start, fading (fitted)
    side_effect_dropout: float = 0.3  # log-hazard per unit side effects x effective dose
    no_improvement_dropout: float = 0.5  # log-hazard per unit of score / baseline above 0.5
    therapy_dropout_hr: float = 0.8304  # hazard ratio while in therapy (fitted)
    # steps of care
    next_drug_correlation: float = 0.3919  # logit correlation of successive drugs (fitted)
    step_resistance: float = 0.4451  # logit drop per drug from step 3 on (fitted)
    additive: AdditiveParams = AdditiveParams()

    def __post_init__(self) -> None:
        check_number("severity_placebo", self.severity_placebo, -2.0, 2.0)
        check_number("chronic_therapy", self.chronic_therapy, -2.0, 3.0)
        check_number("age_therapy", self.age_therapy, -2.0, 2.0)
        check_number("therapy_adherence", self.therapy_adherence, 0.0, 1.0)
        check_number("dose_half", self.dose_half, 0.01, 1e9)
        check_number("dropout_week", self.dropout_week, 0.0, 0.5)
        check_number("early_dropout_week", self.early_dropout_week, 0.0, 0.5)
        check_number("side_effect_dropout", self.side_effect_dropout, 0.0, 5.0)
        check_number("no_improvement_dropout", self.no_improvement_dropout, 0.0, 10.0)
        check_number("therapy_dropout_hr", self.therapy_dropout_hr, 0.05, 2.0)
        check_number("next_drug_correlation", self.next_drug_correlation, -0.99, 0.99)
        check_number("step_resistance", self.step_resistance, 0.0, 5.0)
        check_type("additive", self.additive, AdditiveParams)

    def with_(self, **changes) -> CareParams:
        """A copy with some parameters changed (validated)."""
        return replace(self, **changes)


def moderated(cohort: Cohort, params: CareParams) -> Cohort:
    """The cohort with each patient's sensitivities shifted by their traits (see module doc)."""
    check_type("cohort", cohort, Cohort)
    sev = (cohort.baseline - SEVERITY_REF) / SEVERITY_UNIT
    chronic = np.log1p(cohort.chronicity) - np.log1p(CHRONICITY_REF)
    decades = (cohort.age - AGE_REF) / 10.0
    natural = _sigmoid(_logit_array(cohort.natural) - params.severity_placebo * sev)
    therapy = _sigmoid(
        _logit_array(cohort.therapy_sensitivity)
        - params.chronic_therapy * chronic
        + params.age_therapy * decades
    )
    return replace(cohort, natural=natural, therapy_sensitivity=therapy)


def _logit_array(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1.0 - p))


def dose_effect(dose, dose_half: float) -> np.ndarray:
    """Effect of a dose (x standard) relative to a standard dose: an Emax curve, 1 at dose 1."""
    d = np.asarray(dose, dtype=float)
    return d * (1.0 + dose_half) / (d + dose_half)


def taken_share(cohort: Cohort, in_therapy, params: CareParams) -> np.ndarray:
    """Share (0-1) of the prescribed dose each patient takes; therapy closes part of the gap."""
    a = cohort.adherence
    assert a is not None  # Cohort fills it in
    return np.where(in_therapy, 1.0 - (1.0 - a) * (1.0 - params.therapy_adherence), a)


# --- one weekly loop that every simulation of this lesson runs ------------------------------
@dataclass
class _Course:
    """Per-patient state of treatment, advanced one week at a time (arrays of shape (n,))."""

    drug1: np.ndarray  # sensitivity to the current first drug (fraction of symptoms)
    drug2: np.ndarray  # sensitivity to an added second drug (0: none)
    stage1: np.ndarray
    level1: np.ndarray
    stage2: np.ndarray
    level2: np.ndarray
    skill: np.ndarray  # therapy skill 0-1


def _start(cohort: Cohort) -> _Course:
    z = np.zeros(cohort.n)
    return _Course(
        cohort.med_sensitivity.copy(), z.copy(), z.copy(), z.copy(), z.copy(), z.copy(), z.copy()
    )


def _advance(c: _Course, dose1, dose2, sessions, p: AdditiveParams) -> None:
    """One week of treatment: drug levels follow the (effective) doses, skill grows."""
    a = np.exp(-1.0 / p.med_tau)
    c.stage1 = a * c.stage1 + (1 - a) * dose1
    c.level1 = a * c.level1 + (1 - a) * c.stage1
    c.stage2 = a * c.stage2 + (1 - a) * dose2
    c.level2 = a * c.level2 + (1 - a) * c.stage2
    c.skill = 1.0 - (1.0 - c.skill) * np.exp(-p.therapy_rate * sessions)


def _relief(c: _Course, therapy_sensitivity, interaction: float) -> np.ndarray:
    """Share of symptoms relieved (0-1): lesson 01's sum, with its interaction term."""
    f_drug = c.drug1 * c.level1 + c.drug2 * c.level2
    f_ther = therapy_sensitivity * c.skill
    return np.clip(f_drug + f_ther + interaction * f_drug * f_ther, 0.0, 1.0)


def _hazard(cohort: Cohort, week, eff_dose, ratio, in_therapy, params: CareParams) -> np.ndarray:
    """Dropout probability (0-1) of every patient in ``week`` of treatment."""
    assert cohort.side_effects is not None  # Cohort fills it in
    log_h = params.side_effect_dropout * cohort.side_effects * eff_dose
    log_h = log_h + params.no_improvement_dropout * (ratio - 0.5)
    base = params.dropout_week + params.early_dropout_week * np.exp(-week / EARLY_TAU)
    h = base * np.exp(log_h) * np.where(in_therapy, params.therapy_dropout_hr, 1.0)
    return 1.0 - np.exp(-h)


def _noise(n: int, weeks: int, seed, params: AdditiveParams):
    """The week-to-week noise (as lesson 01) and one uniform draw per patient and week for
    dropout, both from ``seed`` only (so every plan sees the same noise)."""
    rng = np.random.default_rng(seed)
    noise = params.noise_sd * rng.standard_normal((n, weeks + 1), dtype=np.float32)
    noise[:, 0] = 0.0
    leave = rng.random((n, weeks + 1))
    return noise, leave


def simulate_care(
    cohort: Cohort,
    plan: Plan,
    weeks: int = 12,
    seed: int | None = 0,
    params: CareParams | None = None,
    dropout: bool = True,
) -> Outcome:
    """Weekly HAM-D scores of every patient under ``plan``, with adherence and dropout.

    ``Outcome.scores`` hold every patient's course as the simulation knows it (after
    dropping out, a patient gets no more treatment); ``Outcome.extra`` holds
    ``dropout_week`` (the week a patient left, ``inf`` if they stayed), ``taken`` (mean
    share of the prescribed dose taken while on medication, NaN if never prescribed)
    and ``effective_dose`` (shape (patients, weeks): prescribed x taken, x standard).
    """
    check_type("cohort", cohort, Cohort)
    check_type("plan", plan, Plan)
    weeks = check_int("weeks", weeks, 1, 520)
    seed = check_seed(seed)
    params = params or DEFAULT_PARAMS
    p = params.additive
    mod = moderated(cohort, params)
    n = cohort.n
    t = np.arange(weeks + 1)
    dose = plan.dose(t[:-1])
    sessions = plan.sessions(t[:-1])
    noise, leave = _noise(n, weeks, seed, p)
    nat = mod.natural[:, None] * (1.0 - np.exp(-t / p.natural_tau))[None, :]
    course = _start(mod)
    active = np.ones(n, dtype=bool)
    dropout_week = np.full(n, np.inf)
    scores = np.empty((n, weeks + 1))
    scores[:, 0] = cohort.baseline
    eff = np.zeros((n, weeks))
    for w in range(weeks):
        in_therapy = active & (sessions[w] > 0)
        share = taken_share(mod, in_therapy, params)
        eff[:, w] = dose[w] * share * active
        ses = sessions[w] * active
        _advance(course, dose_effect(eff[:, w], params.dose_half), 0.0, ses, p)
        expected = (
            cohort.baseline
            * (1.0 - nat[:, w + 1])
            * (1.0 - _relief(course, mod.therapy_sensitivity, p.interaction))
        )
        scores[:, w + 1] = expected
        if dropout:
            h = _hazard(mod, w, eff[:, w], expected / cohort.baseline, in_therapy, params)
            gone = active & (leave[:, w + 1] < h)
            dropout_week[gone] = w + 1
            active &= ~gone
    scores = np.clip(scores + noise, 0.0, HAMD_MAX)
    on_drug = dose > 0
    taken = (
        eff[:, on_drug].sum(axis=1) / np.maximum(dose[on_drug].sum(), 1e-12)
        if on_drug.any()
        else np.full(n, np.nan)
    )
    extra = dict(dropout_week=dropout_week, taken=taken, effective_dose=eff)
    return Outcome(plan.name, t.astype(float), scores, cohort.baseline, extra)


# --- every patient's counterfactuals, subgroups, early improvement ---------------------------
def counterfactual_scores(
    cohort: Cohort,
    plans: dict[str, Plan],
    week: int = 12,
    seed: int | None = 0,
    params: CareParams | None = None,
) -> dict[str, np.ndarray]:
    """Every patient's score at ``week`` under every plan (HAM-D points), all treatment
    taken as prescribed by each patient and nobody dropping out: the same people with
    the same ups and downs (one seed), so the differences are each patient's own."""
    week = check_int("week", week, 1, 520)
    return {
        name: simulate_care(cohort, plan, week, seed, params, dropout=False).scores[:, -1]
        for name, plan in plans.items()
    }


def subgroup(cohort: Cohort, severity=(0.0, HAMD_MAX), chronicity=(0.0, 60.0), age=(18.0, 90.0)):
    """Mask of the patients whose baseline (HAM-D points), chronicity (years) and age
    (years) lie in the given (low, high) ranges, ends included."""
    check_type("cohort", cohort, Cohort)
    mask = np.ones(cohort.n, dtype=bool)
    for name, (lo, hi), values, top in (
        ("severity", severity, cohort.baseline, HAMD_MAX),
        ("chronicity", chronicity, cohort.chronicity, 60.0),
        ("age", age, cohort.age, 100.0),
    ):
        lo = check_number(f"{name} low", lo, 0.0, top)
        hi = check_number(f"{name} high", hi, lo, top)
        mask &= (values >= lo) & (values <= hi)
    return mask


def early_improvement(outcome: Outcome, week: int = 2, threshold: float = 0.2) -> np.ndarray:
    """True for patients whose score fell by at least ``threshold`` (fraction of baseline)
    by ``week`` (Wagner et al. 2017 used 20-25 % by week 2)."""
    check_type("outcome", outcome, Outcome)
    threshold = check_number("threshold", threshold, 0.0, 1.0)
    return outcome.at(week) <= (1.0 - threshold) * outcome.baseline


def early_prediction(
    outcome: Outcome, week: int = 2, threshold: float = 0.2, later: int = 8
) -> dict[str, float]:
    """How well early improvement predicts response at week ``later``.

    Returns shares (0-1): ``early`` (improved early), ``response`` (responded later),
    ``sensitivity`` (of later responders, the share who had improved early),
    ``specificity`` (of later non-responders, the share who had not), ``ppv`` and ``npv``
    (of those with and without early improvement, the share who did and did not respond).
    """
    early = early_improvement(outcome, week, threshold)
    # a response counted in the week of the early look is the sign itself, not a prediction
    later = check_int("later", later, int(week) + 1, int(outcome.times[-1]))
    resp = outcome.responded(later)

    def share(a, given):
        return float(a[given].mean()) if given.any() else float("nan")

    return dict(
        early=float(early.mean()),
        response=float(resp.mean()),
        sensitivity=share(early, resp),
        specificity=share(~early, ~resp),
        ppv=share(resp, early),
        npv=share(~resp, ~early),
    )


# --- steps of care --------------------------------------------------------------------------
STEP_ACTIONS = (
    "keep the same",
    "raise the dose",
    "switch drug",
    "add a second drug",
    "add therapy",
)
FIRST_TREATMENTS = ("medication", "both")


@dataclass(frozen=True)
class Steps:
    """A plan of care in steps: a first treatment, then an action at each check.

    ``first``: "medication" (one drug at a standard dose) or "both" (drug and weekly
    therapy from week 0). ``actions``: what is done for those not in remission at each
    check, one of ``STEP_ACTIONS`` per later step. ``check_week``: weeks per step.
    """

    name: str = "STAR*D-like: switch at each step"
    first: str = "medication"
    actions: tuple[str, ...] = ("switch drug", "switch drug", "switch drug")
    check_week: int = 12

    def __post_init__(self) -> None:
        check_choice("first", self.first, FIRST_TREATMENTS)
        if isinstance(self.actions, str):  # its length counted letters (student walkthrough)
            raise ValueError(
                "actions must be a tuple of actions such as ('add therapy', 'switch drug'); "
                f"got the text {self.actions!r} (one action needs a comma: ({self.actions!r},))"
            )
        check_int("number of actions", len(self.actions), 0, 6)
        for a in self.actions:
            check_choice("action", a, STEP_ACTIONS)
        check_int("check_week", self.check_week, 2, 26)

    @property
    def n_steps(self) -> int:
        return 1 + len(self.actions)

    @property
    def weeks(self) -> int:
        return self.n_steps * self.check_week


@dataclass(frozen=True)
class StepResult:
    """What happened to every patient under a ``Steps`` plan (arrays of shape (n,)).

    ``remission_week``: first week seen in remission at or before a check that ended the
    search (``inf``: never); ``dropout_week``: week of leaving (``inf``: stayed);
    ``step_reached``: last step started (1-based); ``entered``/``remitted``/``dropped``:
    per step, counts of patients entering it, remitting at its check and leaving during it.
    """

    steps: Steps
    scores: np.ndarray  # (n, weeks + 1), HAM-D points
    remission_week: np.ndarray
    dropout_week: np.ndarray
    step_reached: np.ndarray
    entered: np.ndarray
    remitted: np.ndarray
    dropped: np.ndarray

    @property
    def n(self) -> int:
        return int(self.scores.shape[0])

    def remission_by_step(self) -> np.ndarray:
        """Share (0-1) remitting at each step's check, among those who entered that step."""
        return self.remitted / np.maximum(self.entered, 1)

    def cumulative_remission(self) -> float:
        """Share (0-1) of all patients in remission at some check."""
        return float(self.remitted.sum() / self.n)

    def dropout_rate(self) -> float:
        """Share (0-1) of all patients who left before remission."""
        return float(np.isfinite(self.dropout_week).mean())

    def weeks_to_remission(self) -> float:
        """Median weeks to remission among those who got there (NaN if nobody did)."""
        w = self.remission_week[np.isfinite(self.remission_week)]
        return float(np.median(w)) if w.size else float("nan")

    def remitted_by(self, week) -> float:
        """Share (0-1) of all patients in remission by ``week`` (week of first remission)."""
        week = check_number("week", week, 0.0, float(self.steps.weeks))
        return float((self.remission_week <= week).mean())


def simulate_steps(
    cohort: Cohort, steps: Steps, seed: int | None = 0, params: CareParams | None = None
) -> StepResult:
    """Follow every patient through ``steps``; at each check, those in remission stop.

    Remission is HAM-D <= 7 at the check. A "switch" starts a new drug whose sensitivity
    correlates with the last one's (``next_drug_correlation``) and is lower the later the
    step (``step_resistance``); "add a second drug" keeps the first and adds such a drug;
    "raise the dose" doubles the dose (little extra effect, more side effects); "add
    therapy" starts weekly sessions; "keep the same" changes nothing (a longer wait).
    Patients may drop out in any week.
    """
    check_type("cohort", cohort, Cohort)
    check_type("steps", steps, Steps)
    seed = check_seed(seed)
    params = params or DEFAULT_PARAMS
    p = params.additive
    mod = moderated(cohort, params)
    n, weeks, k = cohort.n, steps.weeks, steps.check_week
    noise, leave = _noise(n, weeks, seed, p)
    rng = np.random.default_rng(None if seed is None else seed + 7919)
    new_drug_z = rng.standard_normal((max(1, len(steps.actions)), n))
    pop = cohort.population
    t = np.arange(weeks + 1)
    nat = mod.natural[:, None] * (1.0 - np.exp(-t / p.natural_tau))[None, :]
    course = _start(mod)
    z_drug = (_logit_array(mod.med_sensitivity) - _logit(pop.med_median)) / max(pop.spread, 1e-9)
    dose1 = np.ones(n)
    on_therapy = np.full(n, steps.first == "both")
    on_drug2 = np.zeros(n, dtype=bool)
    searching = np.ones(n, dtype=bool)  # still in the search: not remitted, not gone
    step = np.ones(n, dtype=np.intp)
    remission_week = np.full(n, np.inf)
    dropout_week = np.full(n, np.inf)
    first_remit = np.full(n, np.inf)  # first week seen at <= 7 in the current step
    scores = np.empty((n, weeks + 1))
    scores[:, 0] = cohort.baseline
    ns = steps.n_steps
    entered = np.zeros(ns, dtype=np.intp)
    remitted = np.zeros(ns, dtype=np.intp)
    dropped = np.zeros(ns, dtype=np.intp)
    entered[0] = n
    for w in range(weeks):
        treated = searching | np.isfinite(remission_week)  # remitted patients stay on treatment
        share = taken_share(mod, on_therapy & treated, params)
        eff1 = dose1 * share * treated
        eff2 = on_drug2 * share * treated
        _advance(
            course,
            dose_effect(eff1, params.dose_half),
            dose_effect(eff2, params.dose_half),
            on_therapy * treated,
            p,
        )
        expected = (
            cohort.baseline
            * (1.0 - nat[:, w + 1])
            * (1.0 - _relief(course, mod.therapy_sensitivity, p.interaction))
        )
        scores[:, w + 1] = expected
        observed = np.clip(expected + noise[:, w + 1], 0.0, HAMD_MAX)
        first_remit = np.where(
            searching & (observed <= REMISSION_MAX) & ~np.isfinite(first_remit), w + 1, first_remit
        )
        h = _hazard(mod, w, eff1 + eff2, expected / cohort.baseline, on_therapy & treated, params)
        gone = searching & (leave[:, w + 1] < h)
        dropout_week[gone] = w + 1
        np.add.at(dropped, step[gone] - 1, 1)
        searching &= ~gone
        if (w + 1) % k == 0:  # the check at the end of a step
            s = (w + 1) // k  # the step that ends now (1-based)
            in_step = searching & (step == s)
            ok = in_step & (observed <= REMISSION_MAX)
            remitted[s - 1] = int(ok.sum())
            remission_week[ok] = first_remit[ok]
            searching &= ~ok
            nxt = in_step & ~ok
            first_remit[nxt] = np.inf
            if s < ns:
                entered[s] = int(nxt.sum())
                step[nxt] = s + 1
                _take_step(
                    steps.actions[s - 1],
                    s,
                    nxt,
                    course,
                    dose1,
                    on_therapy,
                    on_drug2,
                    new_drug_z[s - 1],
                    z_drug,
                    pop,
                    params,
                )
    scores = np.clip(scores + noise, 0.0, HAMD_MAX)
    return StepResult(steps, scores, remission_week, dropout_week, step, entered, remitted, dropped)


def _take_step(
    action, s, who, course, dose1, on_therapy, on_drug2, z_new, z_drug, pop, params
) -> None:
    """Change the treatment of patients ``who`` (a mask) at the check ending step ``s``."""
    rho = params.next_drug_correlation
    # A new drug: sensitivity correlated with the current drug's; at steps 3 and later (after
    # two failed treatments) lower by ``step_resistance`` (in STAR*D, the later steps used
    # older drugs and add-ons; the toy only knows that they helped fewer people).
    z = rho * z_drug + np.sqrt(1.0 - rho**2) * z_new
    resistance = params.step_resistance if s >= 2 else 0.0
    new = _sigmoid(_logit(pop.med_median) - resistance + pop.spread * z)
    if action == "keep the same":
        return
    if action == "raise the dose":
        dose1[who] = 2.0
    elif action == "switch drug":
        course.drug1[who] = new[who]
        z_drug[who] = z[who]
        for arr in (course.stage1, course.level1):  # the new drug starts from nothing
            arr[who] = 0.0
    elif action == "add a second drug":
        first = ~on_drug2 & who
        course.drug2[first] = new[first]
        on_drug2[who] = True
    elif action == "add therapy":
        on_therapy[who] = True


DEFAULT_PARAMS = CareParams()
