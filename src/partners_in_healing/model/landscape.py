"""Lesson 03 toy model: mood as a ball rolling in a landscape with two valleys.

After Demic & Cheng (2014): a one-dimensional double-well mood equation with
noise, where treatments change the landscape. Each virtual patient has a mood
state ``x`` (dimensionless): the healthy valley sits at ``x = -1``, the
depressed valley at ``x = +1``, the barrier between them near ``x = 0``. Each
day (Euler-Maruyama, ``dt = 1`` day)

    dx = [-dV/dx + stress(t)] dt + noise_sd dW

with the landscape (potential, in mood units squared per day)

    V(x, t) = barrier (x^2 - 1)^2 + tilt_i(t) x - depth skill_i(t) exp(-(x + 1)^2 / (2 width^2))

- ``tilt_i(t) = healthy_tilt - vulnerability_tilt * vulnerability_i + med_tilt * m_i * C(t)
  + therapy_tilt * skill_i(t)``:
  a positive tilt lifts the depressed side. Vulnerable patients tilt toward
  depression; medication tilts toward health in proportion to its concentration
  ``C(t)`` (``pharmacokinetics.concentration``: relative to steady state), so
  only while it is in the body, fading with the drug's half-life after stopping.
  ``m_i`` is the patient's medication sensitivity relative to the population median.
- ``skill_i(t)`` (0-1) is what therapy taught: every session closes
  ``therapy_rate * t_i`` of the gap to the patient's ceiling
  ``min(1, skill_ceiling * t_i)`` (``t_i``: therapy sensitivity relative to the
  median; like medication's push, what therapy can change grows with the patient's
  sensitivity to it), and skills fade only slowly (``skill_fade`` per year) after
  therapy ends. Skill digs the healthy valley deeper (``depth``), which also
  raises the barrier seen from the healthy valley, and tilts the landscape a
  little toward health (``therapy_tilt``); both stay after therapy ends.
- ``stress(t)``: life events arrive at random (``stress_rate`` per day), each
  pushing toward depression by a random amount (exponential, mean
  ``stress_size * 2 * vulnerability_i``: vulnerable patients feel events more);
  the push fades with time constant ``stress_tau`` days.

Symptoms on the HAM-D scale (0-52 points) are read off the mood state linearly:
the bottom of the healthy valley is ``healthy_hamd`` points, the bottom of the
depressed valley is the patient's baseline score. Every patient starts at the
bottom of the depressed valley (week 0 = start of acute treatment).

Relapse: among patients who responded (weekly HAM-D <= ``response_max`` at the
start of follow-up), a daily HAM-D >= ``relapse_hamd`` (14, i.e. back over the
barrier into the depressed valley) for ``relapse_days`` (14) days in a row; the
relapse day is the first of those days. Patients drop out at random
(``dropout_per_year``), which censors their follow-up.

Time: days inside the model, weeks in ``Outcome.times`` (weekly scores).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from .cohort import HAMD_MAX, Cohort
from .outcome import Outcome
from .pharmacokinetics import SERTRALINE_LIKE, Drug, concentration
from .plan import Plan
from .validate import check_array, check_int, check_number, check_seed, check_type

X_MIN, X_MAX = -2.0, 2.0  # mood state is kept inside this range (numerical safety)


@dataclass(frozen=True)
class LandscapeParams:
    """Parameters of the landscape model (units: mood state per day unless named).

    The two marked "fitted" are set by ``relapse_calibration.fit`` to Hollon 2005
    and Geddes 2003 (with the median vulnerability of each trial's population,
    ``relapse_calibration.populations``); the rest are fixed by design (reason
    in the comment).
    """

    barrier: float = 0.06  # height of the symmetric double well; fixed: valleys relax in ~2 days
    healthy_tilt: float = 0.03  # fixed: an invulnerable patient's landscape leans toward health
    vulnerability_tilt: float = (
        0.06  # fixed: vulnerability 1 leans it toward depression by this much
    )
    med_tilt: float = 0.0335  # fitted (Geddes 2003, Kato 2021: continued vs placebo; Hollon 2005)
    depth: float = 0.4439  # fitted (Guidi 2016 sequential CBT; Hollon 2005 prior cognitive therapy)
    therapy_tilt: float = 0.12  # fixed: therapy also leans the landscape toward health
    width: float = 0.6  # fixed: the healthy valley dug by therapy is about as wide as the valley
    therapy_rate: float = 0.08  # fixed: skill gained per session (16 weekly sessions -> ~70 %)
    skill_ceiling: float = 0.1685  # fitted: most skill a median patient can reach (x sensitivity)
    skill_fade: float = 0.1  # per year; fixed: skills fade slowly without boosters
    noise_sd: float = 0.16  # per sqrt(day); fixed: day-to-day mood fluctuation (~2 HAM-D points)
    stress_rate: float = 1.0 / 60.0  # per day; fixed: about one notable life event every two months
    stress_size: float = 0.12  # fixed: mean push of an event (exponential sizes)
    stress_tau: float = 10.0  # days; fixed: a stressful event weighs for about two weeks
    healthy_hamd: float = 5.0  # HAM-D points at the bottom of the healthy valley; fixed
    response_max: float = 12.0  # HAM-D points; responder at start of follow-up (Hollon 2005: <= 12)
    relapse_hamd: float = 14.0  # HAM-D points; relapse threshold (Hollon 2005: >= 14 ...)
    relapse_days: int = 14  # ... for two weeks in a row
    dropout_per_year: float = 0.1  # fraction per year leaving the study (censoring); fixed

    def __post_init__(self) -> None:
        check_number("barrier", self.barrier, 0.001, 1.0)
        check_number("healthy_tilt", self.healthy_tilt, -0.5, 0.5)
        check_number("vulnerability_tilt", self.vulnerability_tilt, 0.0, 0.5)
        check_number("med_tilt", self.med_tilt, 0.0, 0.5)
        check_number("depth", self.depth, 0.0, 1.0)
        check_number("therapy_tilt", self.therapy_tilt, 0.0, 0.5)
        check_number("width", self.width, 0.1, 2.0)
        check_number("therapy_rate", self.therapy_rate, 0.0, 1.0)
        check_number("skill_ceiling", self.skill_ceiling, 0.01, 1.0)
        check_number("skill_fade", self.skill_fade, 0.0, 10.0)
        check_number("noise_sd", self.noise_sd, 0.0, 1.0)
        check_number("stress_rate", self.stress_rate, 0.0, 1.0)
        check_number("stress_size", self.stress_size, 0.0, 1.0)
        check_number("stress_tau", self.stress_tau, 0.5, 365.0)
        check_number("healthy_hamd", self.healthy_hamd, 0.0, 20.0)
        check_number("response_max", self.response_max, 0.0, HAMD_MAX)
        check_number("relapse_hamd", self.relapse_hamd, 1.0, HAMD_MAX)
        check_int("relapse_days", self.relapse_days, 1, 180)
        check_number("dropout_per_year", self.dropout_per_year, 0.0, 5.0)

    def with_(self, **changes) -> LandscapeParams:
        """A copy with some parameters changed (validated)."""
        names = {f.name for f in fields(self)}
        unknown = set(changes) - names
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}; choose from {sorted(names)}")
        return replace(self, **changes)


DEFAULT_PARAMS = LandscapeParams()


def potential(x, tilt, skill, params: LandscapeParams = DEFAULT_PARAMS) -> np.ndarray:
    """Landscape height V(x) (mood units^2 per day) for a tilt and a therapy skill (broadcast)."""
    x = np.asarray(x, dtype=float)
    well = params.barrier * (x**2 - 1.0) ** 2
    dig = params.depth * np.asarray(skill) * np.exp(-((x + 1.0) ** 2) / (2 * params.width**2))
    return well + np.asarray(tilt) * x - dig


def hamd_from_mood(x, baseline, params: LandscapeParams = DEFAULT_PARAMS) -> np.ndarray:
    """HAM-D points (0-52) for mood state ``x`` of patients with ``baseline`` scores."""
    h = params.healthy_hamd
    return np.clip(h + (np.asarray(x) + 1.0) * 0.5 * (np.asarray(baseline) - h), 0.0, HAMD_MAX)


def mood_from_hamd(score, baseline, params: LandscapeParams = DEFAULT_PARAMS) -> np.ndarray:
    """Mood state at which a patient with ``baseline`` has HAM-D ``score`` (inverse of the
    above)."""
    h = params.healthy_hamd
    return -1.0 + 2.0 * (np.asarray(score) - h) / np.maximum(np.asarray(baseline) - h, 1e-6)


def _relative(values: np.ndarray, median: float) -> np.ndarray:
    return (values / median).astype(np.float32)


def simulate(
    cohort: Cohort,
    plan: Plan,
    weeks: int = 68,
    seed: int | None = 0,
    params: LandscapeParams | None = None,
    drug: Drug = SERTRALINE_LIKE,
    follow_from: float = 0.0,
    keep_state: bool = False,
) -> Outcome:
    """Daily mood of every patient under ``plan`` for ``weeks`` weeks; weekly HAM-D scores.

    ``follow_from`` (weeks) is the start of follow-up for relapse (the end of the
    acute phase): patients with HAM-D <= ``response_max`` then are responders,
    and relapse is looked for from that day on. The random draws (noise, life
    events, dropout) depend only on ``seed`` and the cohort size, never on the
    plan, so two plans with one seed differ only by their treatment.

    ``Outcome.extra`` holds: ``mood`` (patients x days+1, float32), ``days``
    (0..weeks*7), ``responder`` (bool per patient), ``relapse_day`` (day of
    relapse, NaN when none), ``censor_day`` (last day followed: dropout or end),
    ``follow_from_day``, ``concentration`` (per day), and with ``keep_state``
    also ``tilt``, ``skill`` and ``stress`` (patients x days+1).
    """
    check_type("cohort", cohort, Cohort)
    check_type("plan", plan, Plan)
    if not isinstance(drug, Drug):
        raise ValueError(f"drug must be a Drug; got {type(drug).__name__}")
    weeks = check_int("weeks", weeks, 1, 520)
    seed = check_seed(seed)
    follow_from = check_number("follow_from", follow_from, 0.0, float(weeks))
    params = params or DEFAULT_PARAMS
    if not isinstance(params, LandscapeParams):
        raise ValueError(f"params must be LandscapeParams; got {type(params).__name__}")
    p = params
    n, days = cohort.n, weeks * 7
    f32 = np.float32

    conc = concentration(plan, days, drug, 1).astype(f32)  # (days+1,)
    sessions_per_day = (plan.sessions(np.arange(days) / 7.0) / 7.0).astype(f32)  # (days,)
    pop = cohort.population
    med_push = f32(p.med_tilt) * _relative(cohort.med_sensitivity, pop.med_median)
    rel_therapy = _relative(cohort.therapy_sensitivity, pop.therapy_median)
    learn = f32(p.therapy_rate) * rel_therapy
    ceiling = np.minimum(f32(1.0), f32(p.skill_ceiling) * rel_therapy).astype(f32)
    base_tilt = (p.healthy_tilt - p.vulnerability_tilt * cohort.vulnerability).astype(f32)
    fade = f32(1.0 - np.exp(-p.skill_fade / 365.0))
    two_w2 = f32(2.0 * p.width**2)
    depth_w2 = f32(p.depth / p.width**2)
    four_b = f32(4.0 * p.barrier)
    therapy_tilt = f32(p.therapy_tilt)
    x_relapse = mood_from_hamd(p.relapse_hamd, cohort.baseline, p).astype(f32)
    follow_day = int(round(follow_from * 7))

    rng = np.random.default_rng(seed)
    dropout_day = (
        rng.exponential(365.0 / p.dropout_per_year, n)
        if p.dropout_per_year > 0
        else np.full(n, np.inf)
    )
    # Everything random is drawn up front (the same for every plan): daily noise, and
    # life events (a Poisson number per patient, on random days, exponential sizes).
    noise = rng.standard_normal((days, n), dtype=f32)
    noise *= f32(p.noise_sd)
    kick = _life_events(rng, n, days, p, cohort.vulnerability)
    stress = np.zeros(n, dtype=f32)
    stress_keep = f32(np.exp(-1.0 / p.stress_tau))

    x = np.ones(n, dtype=f32)
    skill = np.zeros(n, dtype=f32)
    mood_t = np.empty((days + 1, n), dtype=f32)  # time-major while stepping (contiguous rows)
    mood_t[0] = x
    state = (
        {k: np.empty((days + 1, n), dtype=f32) for k in ("tilt", "skill", "stress")}
        if keep_state
        else None
    )
    tilt = np.empty(n, dtype=f32)
    force = np.empty(n, dtype=f32)
    tmp = np.empty(n, dtype=f32)
    any_skill = False
    # relapse watch: responders at the start of follow-up, days in a row above the threshold
    responder = np.zeros(n, dtype=bool)
    watching = np.zeros(n, dtype=bool)
    run = np.zeros(n, dtype=np.int32)
    above = np.empty(n, dtype=bool)
    done = np.empty(n, dtype=bool)
    relapse_day_all = np.full(n, np.nan)

    for d in range(days):
        # the landscape today: tilt from vulnerability, drug in the body and therapy skill
        np.multiply(med_push, conc[d], out=tilt)
        tilt += base_tilt
        if any_skill:
            np.multiply(skill, therapy_tilt, out=tmp)
            tilt += tmp
        if state is not None:
            state["tilt"][d] = tilt
            state["skill"][d] = skill
            state["stress"][d] = stress
        # force = -dV/dx = -4 b x (x^2 - 1) - tilt - (therapy's dug valley)'
        np.multiply(x, x, out=force)
        force -= 1.0
        force *= x
        force *= -four_b
        force -= tilt
        if any_skill:  # -depth*skill*(x+1)/w^2 * exp(-(x+1)^2 / 2w^2)
            np.add(x, 1.0, out=tmp)
            g = np.square(tmp)
            g /= -two_w2
            np.exp(g, out=g)
            g *= tmp
            g *= skill
            g *= depth_w2
            force -= g
        force += stress
        x += force
        x += noise[d]
        np.minimum(x, X_MAX, out=x)
        np.maximum(x, X_MIN, out=x)
        mood_t[d + 1] = x
        # stress: today's load fades, today's events push from tomorrow on
        stress *= stress_keep
        stress += kick[d]
        # therapy skill: learned in sessions, fades slowly
        s = sessions_per_day[d]
        if s > 0:
            np.subtract(ceiling, skill, out=tmp)
            tmp *= learn
            tmp *= s
            skill += tmp
            any_skill = True
        if any_skill:
            skill -= fade * skill
        # relapse watch
        if d + 1 == follow_day:
            responder = hamd_from_mood(x, cohort.baseline, p) <= p.response_max
            watching = responder.copy()
        if d + 1 >= follow_day and follow_day > 0:
            np.greater_equal(x, x_relapse, out=above)
            run += 1
            run *= above
            np.equal(run, p.relapse_days, out=done)
            done &= watching
            if done.any():
                relapse_day_all[done] = d + 2 - p.relapse_days
                watching &= ~done
    if state is not None:
        state["tilt"][days] = tilt
        state["skill"][days] = skill
        state["stress"][days] = stress

    mood = mood_t.T  # (patients, days + 1) view
    observed = relapse_day_all <= dropout_day
    relapse_day = np.where(observed, relapse_day_all, np.nan)
    censor_day = np.minimum(dropout_day, days)
    censor_day = np.where(np.isnan(relapse_day), censor_day, relapse_day)
    weekly = hamd_from_mood(mood_t[::7].T, cohort.baseline[:, None], p)
    extra = dict(
        mood=mood,
        days=np.arange(days + 1),
        responder=responder,
        relapse_day=relapse_day,
        relapse_day_all=relapse_day_all,
        censor_day=censor_day,
        dropout_day=dropout_day,
        follow_from_day=follow_day,
        concentration=conc,
        drug=drug.name,
    )
    if state is not None:
        extra["tilt"] = state["tilt"].T
        extra["skill"] = state["skill"].T
        extra["stress"] = state["stress"].T
    return Outcome(
        plan.name, np.arange(weeks + 1, dtype=float), weekly, cohort.baseline.copy(), extra
    )


def _life_events(
    rng, n: int, days: int, p: LandscapeParams, vulnerability: np.ndarray
) -> np.ndarray:
    """Push of the life events of each day (days x patients; mostly zeros)."""
    # np.repeat takes its counts as np.intp, 32-bit on wasm32 (Pyodide): the int64 that
    # poisson draws cannot be cast there safely
    counts = rng.poisson(p.stress_rate * days, n).astype(np.intp)
    total = int(counts.sum())
    day = rng.integers(0, days, total)
    size = rng.exponential(1.0, total)
    who = np.repeat(np.arange(n), counts)
    kick = np.zeros((days, n), dtype=np.float32)
    np.add.at(
        kick, (day, who), (size * p.stress_size * 2.0 * vulnerability[who]).astype(np.float32)
    )
    return kick


def daily_hamd(outcome: Outcome, params: LandscapeParams = DEFAULT_PARAMS) -> np.ndarray:
    """Daily HAM-D points (patients x days+1) of a landscape ``Outcome``."""
    return hamd_from_mood(outcome.extra["mood"], outcome.baseline[:, None], params)


def relapse_fraction(outcome: Outcome, weeks_after: float | None = None) -> float:
    """Fraction (0-1) of responders who relapsed within ``weeks_after`` weeks of follow-up start.

    Ignores dropout (every responder counts, relapses after dropout are not
    seen): use ``survival`` for censoring-aware estimates.
    """
    ex = outcome.extra
    resp = ex["responder"]
    if not resp.any():
        return float("nan")
    end = ex["days"][-1] if weeks_after is None else ex["follow_from_day"] + 7 * weeks_after
    r = ex["relapse_day_all"][resp]
    return float(np.mean(np.nan_to_num(r, nan=np.inf) <= end))


def typical_patients(
    vulnerability,
    baseline: float = 23.0,
    population=None,
    med_factor: float = 1.0,
    therapy_factor: float = 1.0,
) -> Cohort:
    """Patients with the given ``vulnerability`` (0-1 each) and otherwise the population's medians.

    ``med_factor`` and ``therapy_factor`` scale the median sensitivities (1 = a
    median patient; 1.5 = someone who responds better than most). Handy to follow
    one ball through its landscape: ``typical_patients([0.6])``.
    """
    from .cohort import Population

    pop = population or Population()
    v = check_array("vulnerability", np.atleast_1d(vulnerability), 0.001, 0.999)
    baseline = check_number("baseline", baseline, 8.0, HAMD_MAX)
    med_factor = check_number("med_factor", med_factor, 0.0, 1.0 / pop.med_median)
    therapy_factor = check_number("therapy_factor", therapy_factor, 0.0, 1.0 / pop.therapy_median)
    n = v.shape[0]
    full = lambda value: np.full(n, float(value))  # noqa: E731
    return Cohort(
        full(baseline),
        full(pop.med_median * med_factor),
        full(pop.therapy_median * therapy_factor),
        full(pop.natural_median),
        full(pop.chronicity_mean),
        full(pop.age_mean),
        v.astype(float),
        pop,
    )
