"""Lesson 03 landscape model, phased designs and early warnings: properties that must hold."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from partners_in_healing.model import early_warning as ew
from partners_in_healing.model import landscape as L
from partners_in_healing.model import relapse_calibration as cal
from partners_in_healing.model.cohort import Population, make_cohort
from partners_in_healing.model.pharmacokinetics import (
    FLUOXETINE_LIKE,
    SERTRALINE_LIKE,
    concentration,
)
from partners_in_healing.model.phases import Design, Phase, hollon_2005, simulate_design
from partners_in_healing.model.plan import Plan

PARAMS = cal.params()
HOLLON = cal.populations()["Hollon 2005"]


def _cohort(n=300, seed=1, population=HOLLON):
    return make_cohort(n, seed, population)


@pytest.fixture(scope="module")
def hollon():
    """The calibrated Hollon 2005 design on 2,000 virtual patients."""
    return simulate_design(hollon_2005(), _cohort(2000, 11), 11, PARAMS)


# --- scores, determinism ---------------------------------------------------------------------
@given(
    med=st.integers(0, 30),
    therapy=st.integers(0, 30),
    vuln=st.floats(0.05, 0.95),
    noise=st.floats(0.0, 0.6),
    seed=st.integers(0, 10_000),
)
def test_scores_stay_on_the_hamd_scale(med, therapy, vuln, noise, seed):
    plan = Plan().with_medication(0, med) if med else Plan()
    plan = plan.with_therapy(0, therapy) if therapy else plan
    pop = Population(vulnerability_mean=vuln)
    out = L.simulate(
        make_cohort(20, seed, pop), plan, 30, seed, PARAMS.with_(noise_sd=noise), follow_from=10
    )
    assert out.scores.shape == (20, 31)
    assert out.scores.min() >= 0.0 and out.scores.max() <= 52.0
    daily = L.daily_hamd(out, PARAMS)
    assert daily.min() >= 0.0 and daily.max() <= 52.0
    assert np.all(np.isfinite(out.extra["mood"]))


def test_week_zero_is_the_baseline_score():
    c = _cohort()
    out = L.simulate(c, Plan(), 4, 0, PARAMS)
    assert np.allclose(out.scores[:, 0], c.baseline)


def test_same_seed_same_result_other_seed_other_result():
    c, plan = _cohort(), Plan().with_medication(0, 16)
    a = L.simulate(c, plan, 40, 5, PARAMS, follow_from=16)
    b = L.simulate(c, plan, 40, 5, PARAMS, follow_from=16)
    d = L.simulate(c, plan, 40, 6, PARAMS, follow_from=16)
    assert np.array_equal(a.extra["mood"], b.extra["mood"])
    assert np.array_equal(a.extra["relapse_day"], b.extra["relapse_day"], equal_nan=True)
    assert not np.array_equal(a.extra["mood"], d.extra["mood"])


def test_random_draws_do_not_depend_on_the_plan():
    """Two plans that agree until week 16 give identical moods until week 16."""
    c = _cohort()
    stop = L.simulate(c, Plan().with_medication(0, 16), 30, 2, PARAMS)
    keep = L.simulate(c, Plan().with_medication(0, None), 30, 2, PARAMS)
    assert np.array_equal(stop.extra["mood"][:, : 16 * 7 + 1], keep.extra["mood"][:, : 16 * 7 + 1])
    assert not np.array_equal(stop.extra["mood"][:, -1], keep.extra["mood"][:, -1])


# --- medication: a tilt only while the drug is in the body --------------------------------------
@pytest.mark.parametrize("drug", [SERTRALINE_LIKE, FLUOXETINE_LIKE])
def test_medication_tilts_only_while_concentration_is_present(drug):
    c = _cohort(50)
    plan = Plan().with_medication(0, 8)
    on = L.simulate(c, plan, 30, 1, PARAMS, drug, keep_state=True)
    off = L.simulate(c, Plan(), 30, 1, PARAMS, drug, keep_state=True)
    conc = concentration(plan, 30 * 7, drug)
    extra_tilt = on.extra["tilt"] - off.extra["tilt"]  # what the drug adds, patients x days
    med = PARAMS.med_tilt * c.med_sensitivity / c.population.med_median
    assert np.allclose(extra_tilt, med[:, None] * conc[None, :], atol=1e-5)
    present = conc > 1e-3
    assert np.all(extra_tilt[:, present] > 0)
    gone = conc < 1e-6
    assert gone.any() and np.allclose(extra_tilt[:, gone], 0.0, atol=1e-6)
    # after stopping the tilt fades with the half-life, not at once
    stop_day = 8 * 7
    later = stop_day + int(round(drug.half_life_days))
    assert extra_tilt[:, later].mean() == pytest.approx(
        0.5 * extra_tilt[:, stop_day].mean(), rel=0.2
    )


def test_fluoxetine_like_drug_lingers_longer_than_sertraline_like():
    c = _cohort(50)
    plan = Plan().with_medication(0, 8)
    t = {
        d.name: L.simulate(c, plan, 20, 1, PARAMS, d, keep_state=True)
        .extra["tilt"][:, 8 * 7 + 14]
        .mean()
        for d in (SERTRALINE_LIKE, FLUOXETINE_LIKE)
    }
    base = L.simulate(c, Plan(), 20, 1, PARAMS, keep_state=True).extra["tilt"][:, 8 * 7 + 14].mean()
    assert t["fluoxetine-like"] - base > 10 * (t["sertraline-like"] - base)


# --- therapy: the reshaped landscape stays --------------------------------------------------------
def test_therapy_change_persists_after_therapy_ends():
    c = _cohort(50)
    out = L.simulate(c, Plan().with_therapy(0, 16), 70, 1, PARAMS, keep_state=True)
    skill = out.extra["skill"]
    end = 16 * 7
    rel = c.therapy_sensitivity / c.population.therapy_median
    ceiling = np.minimum(1.0, PARAMS.skill_ceiling * rel)
    assert skill[:, end].mean() > 0.5 * ceiling.mean()  # 16 sessions: most of each ceiling
    one_year_later = skill[:, end + 365].mean()
    assert one_year_later == pytest.approx(
        skill[:, end].mean() * np.exp(-PARAMS.skill_fade), rel=0.02
    )
    assert one_year_later > 0.85 * skill[:, end].mean()
    # the healthy valley is deeper and the climb out of it higher than without therapy
    x = np.linspace(-1.8, 1.8, 721)
    v_none = L.potential(x, out.extra["tilt"][0, 0], 0.0, PARAMS)
    v_after = L.potential(x, out.extra["tilt"][0, end + 365], skill[0, end + 365], PARAMS)
    healthy = x < 0

    def climb(v):
        bottom = v[healthy].min()
        barrier = v[(x > -0.8) & (x < 0.8)].max()
        return bottom, barrier - bottom

    bottom_none, climb_none = climb(v_none)
    bottom_after, climb_after = climb(v_after)
    assert bottom_after < bottom_none - 0.05 and climb_after > climb_none + 0.05


def test_without_fading_therapy_skills_stay_exactly():
    c = _cohort(20)
    out = L.simulate(
        c, Plan().with_therapy(0, 10), 40, 1, PARAMS.with_(skill_fade=0.0), keep_state=True
    )
    s = out.extra["skill"]
    assert np.allclose(s[:, 10 * 7], s[:, -1])


def test_boosters_raise_skills_again():
    c = _cohort(20)
    p = PARAMS.with_(skill_fade=1.0)
    plain = L.simulate(c, Plan().with_therapy(0, 16), 60, 1, p, keep_state=True).extra["skill"]
    boosted = L.simulate(
        c, Plan().with_therapy(0, 16).with_boosters([30, 40]), 60, 1, p, keep_state=True
    ).extra["skill"]
    assert np.all(boosted[:, 45 * 7] > plain[:, 45 * 7])


# --- relapse ------------------------------------------------------------------------------------
def test_relapse_is_two_weeks_over_the_line_after_responding(hollon):
    out = hollon["medication withdrawn"]
    ex = out.extra
    daily = L.daily_hamd(out, PARAMS)
    start = ex["follow_from_day"]
    assert np.array_equal(ex["responder"], daily[:, start] <= PARAMS.response_max)
    relapsed = np.flatnonzero(~np.isnan(ex["relapse_day_all"]))
    assert relapsed.size > 100
    assert np.all(ex["responder"][relapsed])
    for i in relapsed[:80]:
        d = int(ex["relapse_day_all"][i])
        assert d >= start
        assert np.all(daily[i, d : d + 14] >= PARAMS.relapse_hamd - 1e-4)
        # no earlier complete two-week run after the start of follow-up
        above = daily[i, start : d + 14] >= PARAMS.relapse_hamd - 1e-4
        runs = np.convolve(above.astype(int), np.ones(14, int), "valid")
        assert np.flatnonzero(runs == 14)[0] == d - start
    never = ~ex["responder"]
    assert np.all(np.isnan(ex["relapse_day_all"][never]))


def test_dropout_censors_relapses(hollon):
    ex = hollon["medication withdrawn"].extra
    seen = ~np.isnan(ex["relapse_day"])
    assert np.all(ex["relapse_day"][seen] <= ex["dropout_day"][seen])
    hidden = ~np.isnan(ex["relapse_day_all"]) & np.isnan(ex["relapse_day"])
    assert hidden.any() and np.all(ex["relapse_day_all"][hidden] > ex["dropout_day"][hidden])


def test_continued_medication_lowers_relapse_versus_withdrawal(hollon):
    cont = L.relapse_fraction(hollon["continued medication"], 52)
    stop = L.relapse_fraction(hollon["medication withdrawn"], 52)
    assert cont < stop - 0.15


def test_prior_therapy_lowers_relapse_versus_withdrawn_medication(hollon):
    prior = L.relapse_fraction(hollon["prior therapy"], 52)
    stop = L.relapse_fraction(hollon["medication withdrawn"], 52)
    assert prior < stop - 0.25


def test_more_vulnerable_populations_relapse_more():
    design = hollon_2005()
    plan = design.plan("medication withdrawn")
    rates = [
        L.relapse_fraction(
            L.simulate(
                _cohort(1500, 4, Population(vulnerability_mean=v)),
                plan,
                design.weeks,
                4,
                PARAMS,
                follow_from=16,
            ),
            52,
        )
        for v in (0.2, 0.5, 0.8)
    ]
    assert rates[0] < rates[1] < rates[2]


def test_ten_thousand_patients_two_years_within_two_seconds():
    c = make_cohort(10_000, 1, HOLLON)
    plan = Plan().with_medication(0, 16).with_therapy(0, 16)
    best = np.inf
    for _ in range(2):
        t0 = time.perf_counter()
        out = L.simulate(c, plan, 104, 1, PARAMS, follow_from=16)
        best = min(best, time.perf_counter() - t0)
    assert out.extra["mood"].shape == (10_000, 729)
    assert best <= 2.0, f"10,000 patients x 2 years took {best:.2f} s"


# --- phased designs ---------------------------------------------------------------------------
def test_hollon_design_compiles_to_plans():
    d = hollon_2005()
    assert d.weeks == 68 and d.follow_from_week == 16
    p = d.plans()
    assert list(p) == ["prior therapy", "continued medication", "medication withdrawn"]
    assert np.allclose(p["continued medication"].dose([1, 20, 67]), 1.0)
    assert np.allclose(p["medication withdrawn"].dose([1, 15.9, 16, 40]), [1, 1, 0, 0])
    assert np.allclose(p["prior therapy"].dose([1, 40]), 0.0)
    assert np.allclose(p["prior therapy"].sessions(np.arange(16) + 0.5), 1.0)
    assert p["prior therapy"].sessions(np.arange(16, 68) + 0.5).sum() == pytest.approx(3.0)


def test_four_arms_three_years_taper_and_doses():
    d = Design(
        "big",
        arms=("a", "b", "c", "d"),
        phases=[
            Phase(
                "acute",
                12,
                medication="continue",
                therapy=("none", "weekly", "fortnightly", "twice weekly"),
            ),
            Phase(
                "continuation",
                26,
                medication=("continue", "taper", "taper 4", "dose 0.5"),
                therapy=("none", "boosters 4", "monthly", "none"),
            ),
            Phase("follow-up", 130, medication=("continue", "stop", "placebo", "stop")),
        ],
    )
    assert d.weeks == 168
    p = d.plans()
    assert p["b"].dose([12 + 13])[0] == pytest.approx(
        0.5, abs=0.01
    )  # halfway through a 26-week taper
    assert p["c"].dose([14])[0] == pytest.approx(0.5, abs=0.01)  # halfway through a 4-week taper
    assert p["c"].dose([17])[0] == 0.0
    assert p["d"].dose([20])[0] == pytest.approx(0.5)
    assert p["c"].sessions([5.5])[0] == 0.5 and p["d"].sessions([5.5])[0] == 2.0
    assert p["b"].sessions(np.arange(12, 38) + 0.5).sum() == pytest.approx(4.0)
    outs = simulate_design(d, _cohort(100), 1, PARAMS)
    assert set(outs) == {"a", "b", "c", "d"} and outs["a"].scores.shape == (100, 169)


def test_taper_starts_from_the_dose_taken_before():
    d = Design(
        "x",
        arms=("half", "stopped"),
        phases=[
            Phase("acute", 10, medication=("dose 0.5", "continue")),
            Phase("pause", 4, medication=("dose 0.5", "stop")),
            Phase("taper", 10, medication="taper"),
        ],
    )
    p = d.plans()
    assert p["half"].dose([13.9, 14, 19, 24]) == pytest.approx([0.5, 0.5, 0.25, 0.0])
    assert p["stopped"].dose([19])[0] == 0.0  # nothing left to taper


def test_follow_from_names_a_phase():
    d = Design(
        "x",
        arms=("a", "b"),
        follow_from="continuation",
        phases=[
            Phase("acute", 10, medication="continue"),
            Phase("continuation", 10, medication=("continue", "stop")),
            Phase("follow-up", 20),
        ],
    )
    assert d.follow_from_week == 20


# --- bad inputs name the parameter ----------------------------------------------------------------
@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: L.simulate(_cohort(5), Plan(), 0), ["weeks", "[1, 520]", "0"]),
        (lambda: L.simulate(_cohort(5), Plan(), 10, -1), ["seed"]),
        (
            lambda: L.simulate(_cohort(5), Plan(), 10, 0, follow_from=11),
            ["follow_from", "[0, 10]", "11"],
        ),
        (lambda: L.simulate("patients", Plan(), 10), ["cohort"]),
        (lambda: L.simulate(_cohort(5), "plan", 10), ["plan"]),
        (lambda: L.LandscapeParams(med_tilt=-0.1), ["med_tilt", "[0, 0.5]", "-0.1"]),
        (lambda: L.LandscapeParams(noise_sd=float("nan")), ["noise_sd"]),
        (lambda: L.LandscapeParams(relapse_days=0), ["relapse_days", "[1, 180]"]),
        (lambda: PARAMS.with_(depth=2.0), ["depth", "[0, 1]", "2.0"]),
        (lambda: PARAMS.with_(no_such=1), ["no_such"]),
        (lambda: L.typical_patients([1.5]), ["vulnerability", "1.5"]),
        (lambda: Phase("acute", 0), ["weeks", "0"]),
        (lambda: Design("x", arms=("a",), phases=[Phase("p", 4)]), ["arms", "2 to 4"]),
        (
            lambda: Design("x", arms=("a", "b", "c", "d", "e"), phases=[Phase("p", 4)]),
            ["arms", "2 to 4"],
        ),
        (
            lambda: Design("x", arms=("a", "b"), phases=[Phase("p", 4, medication="sometimes")]),
            ["medication", "'continue'", "sometimes"],
        ),
        (
            lambda: Design("x", arms=("a", "b"), phases=[Phase("p", 4, therapy=("weekly",))]),
            ["therapy", "2 words"],
        ),
        (
            lambda: Design("x", arms=("a", "b"), phases=[Phase("p", 4, therapy="boosters 2.5")]),
            ["boosters"],
        ),
        (
            lambda: Design("x", arms=("a", "b"), phases=[Phase("p", 4, medication="dose 3")]),
            ["dose", "3"],
        ),
        (
            lambda: Design("x", arms=("a", "b"), phases=[Phase("p", 150), Phase("q", 100)]),
            ["total weeks"],
        ),
        (
            lambda: Design("x", arms=("a", "b"), phases=[Phase("p", 4)], follow_from="q"),
            ["follow_from", "'q'"],
        ),
        (lambda: hollon_2005().plan("nobody"), ["arm", "nobody"]),
        (lambda: ew.rolling_indicators(np.zeros((2, 50)), 2), ["window", "[5, 50]", "2"]),
    ],
)
def test_bad_inputs_raise_value_error_naming_the_parameter(call, words):
    with pytest.raises(ValueError) as err:
        call()
    for w in words:
        assert w in str(err.value), (w, str(err.value))


# --- early warnings -------------------------------------------------------------------------------
@given(seed=st.integers(0, 1000), window=st.integers(5, 30), detrend=st.booleans())
def test_rolling_indicators_match_a_plain_loop(seed, window, detrend):
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.standard_normal((2, 60)), axis=1) * 0.3 + rng.standard_normal((2, 60))
    var, ac1 = ew.rolling_indicators(x, window, detrend)
    assert var.shape == ac1.shape == (2, 60 - window + 1)
    for i in range(2):
        for j in (0, 60 - window):
            seg, t = x[i, j : j + window], np.arange(j, j + window)
            if detrend:
                seg = seg - np.polyval(np.polyfit(t, seg, 1), t)
            assert var[i, j] == pytest.approx(seg.var(), rel=1e-6, abs=1e-9)
            assert ac1[i, j] == pytest.approx(np.corrcoef(seg[:-1], seg[1:])[0, 1], abs=1e-6)


def test_white_noise_has_no_autocorrelation_and_a_random_walk_has_much():
    rng = np.random.default_rng(0)
    noise = rng.standard_normal((200, 60))
    walk = np.cumsum(rng.standard_normal((200, 60)), axis=1)
    assert abs(ew.rolling_indicators(noise, 60, False)[1].mean()) < 0.05
    assert ew.rolling_indicators(walk, 60, False)[1].mean() > 0.8


@pytest.mark.parametrize("detrend", [True, False])
def test_variance_and_autocorrelation_rise_before_a_switch(hollon, detrend):
    a = ew.aligned_on_switch(hollon["medication withdrawn"], window=28, before=120, detrend=detrend)
    assert a.n_switches >= 100
    last_week = slice(-7, None)  # windows ending 1-7 days before the switch
    early = slice(0, 30)  # windows ending 91-120 days before it
    assert a.autocorrelation[last_week].mean() > a.autocorrelation[early].mean() + 0.05
    assert a.autocorrelation[last_week].mean() > a.far_autocorrelation + 0.05
    assert a.variance[last_week].mean() > 1.15 * a.variance[early].mean()
    assert a.variance[last_week].mean() > 1.15 * a.far_variance
    # far from the switch the switchers look like everyone else (the warning is short)
    assert a.autocorrelation[early].mean() == pytest.approx(a.far_autocorrelation, abs=0.05)


def test_aligned_needs_switches():
    c = _cohort(20)
    out = L.simulate(c, Plan().with_medication(0, None), 30, 1, PARAMS, follow_from=16)
    with pytest.raises(ValueError, match="no switches"):
        ew.aligned_on_switch(out, 28, 120)
