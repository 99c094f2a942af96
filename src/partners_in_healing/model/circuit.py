"""Lesson 02 toy model: a limbic node and a prefrontal node, medication bottom-up,
therapy top-down, and a plasticity window that lets the two work together.

Two nodes per patient, stepped once a day (time ``t`` in days):

- **prefrontal** (appraisal, control): ``P -> control * S``
- **limbic** (amygdala-like threat reactivity): ``L -> gain * S / (1 + inhibition * P)``

``S`` is the stress input (1 = everyday stress; a "stress pulse" raises it for a
few days). Each node relaxes to its target with time constant ``node_tau_days``.
Depression is a high limbic ``gain`` and weak prefrontal ``control`` and
``inhibition`` (DeRubeis, Siegle & Hollon 2008, Fig. 4: amygdala up, PFC down).

**Medication (bottom-up).** Relative drug concentration ``C(t)`` comes from
``pharmacokinetics.concentration`` (so starting, stopping and tapering follow the
drug's half-life). A slower *effect* compartment follows ``C`` with time constant
``effect_tau_days`` (weeks of lag) and saturates, ``f = 2E / (1 + E)`` (1 at a
steady standard dose). It lowers the limbic gain, ``gain = depressed_gain -
(depressed_gain - healthy_gain) * m * f``, where ``m`` (0-1) is the patient's
medication responsiveness (from ``cohort.med_sensitivity``). Medication changes
no learned state: when the drug washes out, the gain comes back.

**Therapy (top-down).** Sessions are practice. A learned *skill* ``s`` (0-1)
moves prefrontal ``control`` and ``inhibition`` from their depressed to their
healthy values:

    ds/dt = rate(t) * (1 - s) - s / forget_days        (per day)
    rate  = learn_per_session / 7 * [(1 + boost * W) * sessions * u  +  boost * W * everyday]

``u`` (0-1) is the patient's therapy responsiveness (from
``cohort.therapy_sensitivity``), ``sessions`` are per week (``plan.sessions``).

**Plasticity.** ``W = f`` is the plasticity window opened by the drug: it follows
the concentration, so it closes after the drug stops. It multiplies the learning
rate by ``1 + boost * W``. Therapy supplies the practice the learning rate acts
on; ``everyday`` experience supplies a little practice too, but only counts when
the window is open (without it, daily life keeps the old habits in place). So
medication alone leaves little learned, therapy alone learns at the baseline
rate, and the two together learn the most - and the learned skill is what stays
after everything stops.

**Symptoms.** Two clusters in HAM-D points (0-52 scale, the same as lesson 01):

- body symptoms (sleep, energy, appetite): mostly limbic excess ``l``;
- cognitive symptoms (negative thinking, hopelessness, self-criticism): mostly
  prefrontal shortfall ``p``;

where ``l`` and ``p`` are 1 at the depressed baseline and 0 at a healthy
reference. Each cluster follows its drive with a lag (``body_tau_days``,
``cognitive_tau_days``), is scaled by the natural course (as in lesson 01) and by
the patient's baseline, and the total adds weekly rating noise. Week 0 is
``cohort.baseline``.

Units: node activities and stress are relative (1 = everyday level for stress);
concentrations relative to a steady standard dose; scores HAM-D points.

Numerics: one step per day; each first-order process is solved exactly per step
(``lfilter`` for the lags, a daily loop for the skill), vectorised over arms and
patients. Per-patient daily arrays are float32 (half the memory traffic; plenty of
precision for a toy). These are teaching toys, not clinical tools.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
from scipy.signal import lfilter

from .cohort import HAMD_MAX, Cohort
from .outcome import Outcome
from .pharmacokinetics import DRUGS, FLUOXETINE_LIKE, SERTRALINE_LIKE, Drug, concentration
from .plan import Plan
from .validate import check_array, check_int, check_number, check_seed, check_type

__all__ = [
    "CircuitParams",
    "DEFAULT_PARAMS",
    "CircuitState",
    "simulate",
    "simulate_arms",
    "stress_pulse",
    "equilibrium",
    "lesson_arms",
    "lesson01_comparison",
    "DRUGS",
    "SERTRALINE_LIKE",
    "FLUOXETINE_LIKE",
]

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class CircuitParams:
    """Parameters of the two-node circuit (relative units unless stated).

    Directions come from the evidence rows in ``shared/evidence.md``; magnitudes
    are chosen, not fitted, except where a comment says what they were tuned to.
    """

    # --- the two nodes -----------------------------------------------------------
    # Depressed: amygdala-like reactivity up, PFC control down (DeRubeis, Siegle &
    # Hollon 2008, Fig. 4). Only the directions are from the paper; the sizes are
    # chosen so a healthy circuit damps a stress pulse to about a fifth of the
    # depressed response.
    depressed_gain: float = 1.0  # limbic gain, depressed (reference value)
    healthy_gain: float = 0.6  # limbic gain, healthy reference
    depressed_control: float = 0.5  # prefrontal activity per unit stress, depressed
    healthy_control: float = 1.0  # prefrontal activity per unit stress, healthy
    depressed_inhibition: float = 0.5  # strength of the PFC -> limbic link, depressed
    healthy_inhibition: float = 1.0  # strength of the PFC -> limbic link, healthy
    node_tau_days: float = 1.0  # days; fixed: node activity settles within days of a stressor

    # --- medication (bottom-up) -----------------------------------------------------
    # Lag from concentration to effect: emotional processing shifts within the first
    # one to two weeks (Harmer et al. 2009); SSRIs separate from placebo by week 1
    # (Taylor et al. 2006). 7 days gives ~85 % of the shift by day 14.
    effect_tau_days: float = 7.0  # days
    # m = 1 - exp(-med_scale * med_sensitivity). Tuned so that, on lesson 01's
    # DeRubeis 2005 cohort, the 16-week medication total improves about as much as
    # lesson 01's medication arm (and as much as therapy, DeRubeis 2005 week 16).
    med_scale: float = 3.0

    # --- therapy (top-down) and plasticity --------------------------------------------
    # u = 1 - exp(-therapy_scale * therapy_sensitivity). Tuned with learn_per_session
    # so the 16-week therapy total improves about as much as medication (DeRubeis
    # 2005: 58 % vs 58 % response at week 16) and starts more slowly.
    therapy_scale: float = 6.0
    learn_per_session: float = 0.04  # fraction of the remaining skill gap per session (no drug)
    # Learning-rate multiplier at a steady standard dose is 1 + plasticity_boost.
    # Direction from Castren 2005 / Maya Vetencourt et al. 2008 (antidepressants
    # reopen plasticity); size chosen so the combination keeps clearly more than
    # therapy alone months later. 0 switches the window off.
    plasticity_boost: float = 1.5
    # Everyday experience, in sessions per week, that counts only while the window
    # is open (Castren 2005: the change comes through experience). Chosen small so
    # medication alone leaves a small lasting change.
    everyday_practice: float = 0.1
    # Learned skill fades with this time constant when not practised. Chosen long
    # (a year): therapy's gains largely outlast treatment (Hollon et al. 2005).
    forget_days: float = 730.0

    # --- symptoms ------------------------------------------------------------------------
    body_share: float = 0.5  # share of the HAM-D total in body symptoms (rest: cognitive); chosen
    own_weight: float = 0.8  # weight of a cluster's own node (body: limbic, cognitive: PFC); chosen
    # Symptoms follow the circuit with a lag, so the limbic shift comes first and the
    # score follows (Harmer et al. 2009: emotional processing shifts before mood lifts).
    # Chosen so that by week 2 medication has made ~80 % of its week-8 reactivity
    # shift but under 40 % of its week-8 score improvement. One lag for both
    # clusters, so which cluster improves first depends only on the circuit.
    body_tau_days: float = 18.0  # days; sleep, appetite and energy
    cognitive_tau_days: float = 18.0  # days; negative thinking, hopelessness, self-criticism
    natural_tau_weeks: float = 4.0  # weeks; as lesson 01 (natural course, support, placebo)
    noise_sd: float = 3.0  # HAM-D points; as lesson 01 (week-to-week fluctuation, rating error)

    def __post_init__(self) -> None:
        check_number("depressed_gain", self.depressed_gain, 0.1, 5.0)
        check_number("healthy_gain", self.healthy_gain, 0.05, self.depressed_gain)
        check_number("healthy_control", self.healthy_control, 0.1, 5.0)
        check_number("depressed_control", self.depressed_control, 0.0, self.healthy_control)
        check_number("healthy_inhibition", self.healthy_inhibition, 0.1, 5.0)
        check_number(
            "depressed_inhibition", self.depressed_inhibition, 0.0, self.healthy_inhibition
        )
        check_number("node_tau_days", self.node_tau_days, 0.1, 30.0)
        check_number("effect_tau_days", self.effect_tau_days, 0.5, 90.0)
        check_number("med_scale", self.med_scale, 0.0, 100.0)
        check_number("therapy_scale", self.therapy_scale, 0.0, 100.0)
        check_number("learn_per_session", self.learn_per_session, 0.0, 1.0)
        check_number("plasticity_boost", self.plasticity_boost, 0.0, 20.0)
        check_number("everyday_practice", self.everyday_practice, 0.0, 7.0)
        check_number("forget_days", self.forget_days, 1.0, 36_500.0)
        check_number("body_share", self.body_share, 0.0, 1.0)
        check_number("own_weight", self.own_weight, 0.0, 1.0)
        check_number("body_tau_days", self.body_tau_days, 0.1, 365.0)
        check_number("cognitive_tau_days", self.cognitive_tau_days, 0.1, 365.0)
        check_number("natural_tau_weeks", self.natural_tau_weeks, 0.1, 52.0)
        check_number("noise_sd", self.noise_sd, 0.0, 15.0)

    def with_(self, **changes) -> CircuitParams:
        """A copy with some parameters changed (validated)."""
        names = sorted(f.name for f in fields(self))
        unknown = set(changes) - set(names)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}; choose from {names}")
        return replace(self, **changes)


DEFAULT_PARAMS = CircuitParams()


@dataclass(frozen=True)
class CircuitState:
    """Learned state per patient at the end of a simulation (arrays of shape (n,)).

    ``skill`` (0-1) is what therapy practice built; ``control`` and ``inhibition``
    are the prefrontal values it sets. Pass ``skill`` as ``learned=`` to a later
    simulation (or to another lesson's model) to start from it.
    """

    skill: np.ndarray
    control: np.ndarray
    inhibition: np.ndarray


def equilibrium(gain, control, inhibition, stress=1.0) -> tuple[np.ndarray, np.ndarray]:
    """Steady (limbic, prefrontal) activity for the given circuit values and stress."""
    p = np.asarray(control) * stress
    return np.asarray(gain) * stress / (1.0 + np.asarray(inhibition) * p), p


def stress_pulse(weeks: int, at_week: float, days: float = 3.0, size: float = 1.0) -> np.ndarray:
    """Daily stress input (1 = everyday), raised by ``size`` for ``days`` days from ``at_week``.

    Shape (weeks * 7,): one value per day step.
    """
    weeks = check_int("weeks", weeks, 1, 520)
    at_week = check_number("at_week", at_week, 0.0, float(weeks))
    days = check_number("days", days, 0.0, 364.0)
    size = check_number("size", size, 0.0, 9.0)
    t = np.arange(weeks * DAYS_PER_WEEK, dtype=float)
    start = at_week * DAYS_PER_WEEK
    return 1.0 + size * ((t >= start) & (t < start + days))


DTYPE = np.float32  # per-patient daily arrays: plenty for a toy, half the memory traffic


def _filter(x: np.ndarray, tau_days: float, axis: int = -1) -> np.ndarray:
    """First-order lag along ``axis``, starting at the first value."""
    a = np.exp(-1.0 / tau_days)
    first = np.take(x, [0], axis=axis)
    y, _ = lfilter([1.0 - a], [1.0, -a], x, axis=axis, zi=a * first)
    return y


def _relax(target: np.ndarray, keep: float) -> np.ndarray:
    """x[0] = target[0]; x[t+1] = keep * x[t] + (1 - keep) * target[t] (time on axis 0)."""
    out = np.empty_like(target)
    out[0] = target[0]
    out[1:], _ = lfilter(
        np.array([1.0 - keep], target.dtype),
        np.array([1.0, -keep], target.dtype),
        target[:-1],
        axis=0,
        zi=keep * target[:1],
    )
    return out


def _learn(drive: np.ndarray, forget: float, s0: np.ndarray) -> np.ndarray:
    """Skill over time: ds/dt = drive * (1 - s) - forget * s, solved exactly per day.

    ``drive`` has shape (days + 1, ...) with time first; ``s0`` broadcasts to one
    time slice. Each day s <- a * s + b with a = exp(-rate), b = drive / rate * (1 - a).
    """
    rate = drive[:-1] + forget
    a = np.exp(-rate)
    b = drive[:-1] / rate
    b *= 1.0 - a
    out = np.empty(drive.shape, dtype=drive.dtype)
    s = np.broadcast_to(s0, drive.shape[1:]).astype(drive.dtype)
    out[0] = s
    for t in range(rate.shape[0]):  # one step per day (loop over time only)
        np.multiply(a[t], out[t], out=out[t + 1])
        out[t + 1] += b[t]
    return out


def _check_inputs(cohort, plans, weeks, seed, params, drug, stress, learned):
    check_type("cohort", cohort, Cohort)
    for plan in plans:
        check_type("plan", plan, Plan)
    weeks = check_int("weeks", weeks, 1, 520)
    seed = check_seed(seed)
    params = DEFAULT_PARAMS if params is None else params
    if not isinstance(params, CircuitParams):
        raise ValueError(f"params must be CircuitParams; got {type(params).__name__}")
    if not isinstance(drug, Drug):
        raise ValueError(f"drug must be a Drug (e.g. SERTRALINE_LIKE); got {type(drug).__name__}")
    days = weeks * DAYS_PER_WEEK
    if stress is None:
        stress = np.ones(days)
    else:
        stress = check_array("stress", stress, 0.0, 10.0, shape=(days,))
    n = cohort.n
    if learned is None:
        learned = np.zeros(n)
    else:
        learned = check_array("learned", learned, 0.0, 1.0, shape=(n,))
    return weeks, seed, params, stress, learned


def simulate_arms(
    cohort: Cohort,
    plans: list[Plan],
    weeks: int = 16,
    seed: int | None = 0,
    params: CircuitParams | None = None,
    drug: Drug = SERTRALINE_LIKE,
    stress=None,
    learned=None,
) -> list[Outcome]:
    """Simulate every plan on the same cohort with the same noise, in one vectorised pass.

    ``weeks``: length (weeks); the model steps daily. ``stress``: daily stress input,
    shape (weeks * 7,), 1 = everyday (see ``stress_pulse``); default constant 1.
    ``learned``: skill (0-1) each patient starts with (default 0, as a CircuitState.skill).

    Returns one ``Outcome`` per plan: weekly HAM-D ``scores`` (0-52) and in
    ``extra``: ``days`` (0..weeks*7), daily ``stress``, ``concentration``,
    ``effect`` (drug effect 0-1.33), ``window`` (learning-rate multiplier),
    per patient and day ``limbic``, ``prefrontal``, ``gain``, ``skill``,
    ``reactivity`` (limbic change per unit of extra stress), weekly ``body`` and
    ``cognitive`` cluster scores (HAM-D points, noise-free), ``healthy`` and
    ``depressed`` reference activities, and ``state`` (a ``CircuitState``).
    """
    plans = list(plans)
    if not plans:
        raise ValueError("plans must hold at least one Plan; got an empty list")
    weeks, seed, p, stress, learned = _check_inputs(
        cohort, plans, weeks, seed, params, drug, stress, learned
    )
    days = weeks * DAYS_PER_WEEK
    k, n = len(plans), cohort.n

    # Inputs that depend only on the plan: shape (arms, days + 1).
    conc = np.stack([concentration(pl, days, drug, 1) for pl in plans])
    eff = _filter(np.concatenate([np.zeros((k, 1)), conc[:, :-1]], axis=1), p.effect_tau_days)
    eff[:, 0] = 0.0
    f = 2.0 * eff / (1.0 + eff)  # saturating drug effect: 0 none, 1 steady standard dose
    t_days = np.arange(days + 1, dtype=float)
    sessions = np.stack([pl.sessions(t_days / DAYS_PER_WEEK) for pl in plans])
    window = 1.0 + p.plasticity_boost * f  # learning-rate multiplier
    stress_full = np.concatenate([stress, stress[-1:]])  # (days + 1,)

    # Per-patient arrays below are time-major: (days + 1, arms, patients), float32.
    m = (1.0 - np.exp(-p.med_scale * cohort.med_sensitivity)).astype(DTYPE)
    u = (1.0 - np.exp(-p.therapy_scale * cohort.therapy_sensitivity)).astype(DTYPE)
    dg = p.depressed_gain - p.healthy_gain
    dc = p.healthy_control - p.depressed_control
    dw = p.healthy_inhibition - p.depressed_inhibition
    f_t = f.T.astype(DTYPE)[:, :, None]  # (days+1, arms, 1)
    st = stress_full.astype(DTYPE)[:, None, None]

    gain = DTYPE(p.depressed_gain) - (DTYPE(dg) * f_t) * m
    # Learning drive per day, before the (1 - s) factor.
    per_session = (p.learn_per_session / DAYS_PER_WEEK) * (window * sessions).T.astype(DTYPE)
    everyday = (
        p.learn_per_session / DAYS_PER_WEEK * p.plasticity_boost * p.everyday_practice * f.T
    ).astype(DTYPE)
    drive = per_session[:, :, None] * u + everyday[:, :, None]
    skill = _learn(drive, 1.0 / p.forget_days, learned.astype(DTYPE))
    control = DTYPE(p.depressed_control) + DTYPE(dc) * skill
    inhibition = DTYPE(p.depressed_inhibition) + DTYPE(dw) * skill

    # Nodes relax to their targets with time constant node_tau_days (exact per day):
    # prefrontal first (its target needs no limbic value), then limbic given prefrontal.
    keep = np.exp(-1.0 / p.node_tau_days)
    pfc = _relax(control * st, keep)
    lim_target = inhibition * pfc
    lim_target += 1.0
    np.divide(gain * st, lim_target, out=lim_target)
    limbic = _relax(lim_target, keep)
    # Limbic change per unit of extra stress at the everyday level (steady state).
    reactivity = inhibition * control
    reactivity += 1.0
    np.divide(gain, reactivity * reactivity, out=reactivity)

    # Symptom drives: 1 at the depressed baseline, 0 at the healthy reference.
    lim_dep, pf_dep = equilibrium(p.depressed_gain, p.depressed_control, p.depressed_inhibition)
    lim_h, pf_h = equilibrium(p.healthy_gain, p.healthy_control, p.healthy_inhibition)
    l_ex = (limbic - DTYPE(lim_h)) * DTYPE(1.0 / (lim_dep - lim_h))
    if dc > 0:
        p_short = DTYPE(p.healthy_control / dc) - pfc / (DTYPE(dc) * st)
    else:
        p_short = np.zeros_like(pfc)
    ow = DTYPE(p.own_weight)
    body_drive = np.clip(ow * l_ex + (1 - ow) * p_short, 0.0, None)
    cog_drive = np.clip((1 - ow) * l_ex + ow * p_short, 0.0, None)
    weekly = np.arange(0, days + 1, DAYS_PER_WEEK)
    body = _filter(body_drive, p.body_tau_days, axis=0)[weekly]  # (weeks+1, k, n)
    cog = _filter(cog_drive, p.cognitive_tau_days, axis=0)[weekly]

    t_weeks = np.arange(weeks + 1, dtype=float)
    natural = (
        1.0 - cohort.natural[None, :] * (1.0 - np.exp(-t_weeks / p.natural_tau_weeks))[:, None]
    )
    scale = (cohort.baseline[None, :] * natural)[:, None, :]  # (weeks+1, 1, n)
    body_pts = np.clip(p.body_share * scale * body, 0.0, HAMD_MAX).transpose(
        1, 2, 0
    )  # (k, n, weeks+1)
    cog_pts = np.clip((1.0 - p.body_share) * scale * cog, 0.0, HAMD_MAX).transpose(1, 2, 0)
    limbic, pfc, gain, skill, reactivity = (
        x.transpose(1, 2, 0) for x in (limbic, pfc, gain, skill, reactivity)
    )
    control, inhibition = control[-1], inhibition[-1]  # (k, n): the end state

    rng = np.random.default_rng(seed)
    noise = p.noise_sd * rng.standard_normal((n, weeks + 1))
    noise[:, 0] = 0.0
    reference = {
        "healthy": {"limbic": float(lim_h), "prefrontal": float(pf_h)},
        "depressed": {"limbic": float(lim_dep), "prefrontal": float(pf_dep)},
    }
    out = []
    for j, plan in enumerate(plans):
        scores = np.clip(body_pts[j] + cog_pts[j] + noise, 0.0, HAMD_MAX)
        extra = {
            "days": t_days,
            "stress": stress_full,
            "concentration": conc[j],
            "effect": f[j],
            "window": window[j],
            "sessions": sessions[j],
            "limbic": limbic[j],
            "prefrontal": pfc[j],
            "gain": gain[j],
            "skill": skill[j],
            "reactivity": reactivity[j],
            "body": body_pts[j],
            "cognitive": cog_pts[j],
            "drug": drug.name,
            "state": CircuitState(
                skill[j, :, -1].astype(float), control[j].astype(float), inhibition[j].astype(float)
            ),
            **reference,
        }
        out.append(Outcome(plan.name, t_weeks, scores, cohort.baseline, extra))
    return out


def simulate(
    cohort: Cohort,
    plan: Plan,
    weeks: int = 16,
    seed: int | None = 0,
    params: CircuitParams | None = None,
    drug: Drug = SERTRALINE_LIKE,
    stress=None,
    learned=None,
) -> Outcome:
    """Weekly HAM-D scores (and daily node activities in ``extra``) under ``plan``.

    See ``simulate_arms`` for the arguments and what ``Outcome.extra`` holds. The
    noise depends only on ``seed`` and the cohort size, never on the plan.
    """
    return simulate_arms(cohort, [plan], weeks, seed, params, drug, stress, learned)[0]


def lesson_arms(
    med_stop=None,
    therapy_stop=None,
    dose: float = 1.0,
    sessions: float = 1.0,
    taper_weeks: float = 0.0,
) -> list[Plan]:
    """The four arms of lesson 02: no treatment, medication, therapy, combined.

    Medication at ``dose`` from week 0 until ``med_stop`` (weeks; None = never),
    then a linear taper over ``taper_weeks``; therapy with ``sessions`` per week
    until ``therapy_stop``.
    """
    dose = check_number("dose", dose, 0.0, 2.0)
    sessions = check_number("sessions", sessions, 0.0, 3.0)
    taper_weeks = check_number("taper_weeks", taper_weeks, 0.0, 52.0)
    none = Plan("no treatment")
    if med_stop is None:
        med = none.with_medication(0.0, None, dose, name="medication")
    else:
        med_stop = check_number("med_stop", med_stop, 0.0, 520.0)
        med = none.with_medication(0.0, med_stop, dose, name="medication")
        if taper_weeks > 0:
            med = med.with_taper(med_stop, taper_weeks, dose, 0.0)
    ther_stop = (
        None if therapy_stop is None else check_number("therapy_stop", therapy_stop, 0.0, 520.0)
    )
    therapy = none.with_therapy(0.0, ther_stop, sessions, name="therapy")
    combined = Plan("combined", med.medication, therapy.therapy)
    return [none, med, therapy, combined]


def lesson01_comparison(n: int = 4000, seed: int = 7) -> list[dict]:
    """Lesson 02's totals beside lesson 01's, on the same DeRubeis 2005 virtual patients.

    The medication and therapy scales of ``CircuitParams`` were tuned by hand so the
    16-week totals of the two lessons agree; this table (and a test) keeps that
    reproducible. Rows: arm, and for each model the mean HAM-D at weeks 8 and 16 and the
    response rates there, plus the published DeRubeis et al. 2005 response rates.
    """
    from . import calibration, evidence
    from .additive import simulate as simulate01
    from .cohort import make_cohort
    from .plan import standard_arms

    cohort = make_cohort(n, seed, calibration.populations()["DeRubeis 2005"])
    ours = {o.plan_name: o for o in simulate_arms(cohort, lesson_arms(), 16, seed + 1)}
    rows = []
    for name, plan in standard_arms().items():
        theirs = simulate01(cohort, plan, 16, seed + 1, calibration.params())
        row: dict[str, str | float | None] = {"arm": name}
        for label, o in (("lesson01", theirs), ("lesson02", ours[name])):
            for week in (8, 16):
                row[f"{label} mean wk{week}"] = float(o.mean()[week])
                row[f"{label} response wk{week}"] = o.response_rate(week)
        for week in (8, 16):
            row[f"published response wk{week}"] = evidence.DERUBEIS_RESPONSE[week].get(name)
        rows.append(row)
    return rows
