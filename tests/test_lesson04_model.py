"""Lesson 04 model (care.py): counterfactuals, moderators in the published directions,
adherence and dropout, steps of care, early improvement, validation, calibration."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import numpy as np
import pytest

from partners_in_healing.model import care, evidence
from partners_in_healing.model import care_calibration as cc
from partners_in_healing.model.additive import AdditiveParams, simulate
from partners_in_healing.model.care import (
    CareParams,
    Steps,
    counterfactual_scores,
    early_prediction,
    simulate_care,
    simulate_steps,
    subgroup,
)
from partners_in_healing.model.cohort import Population, make_cohort
from partners_in_healing.model.plan import Plan, standard_arms

N = 20_000
PRM = cc.params()


@pytest.fixture(scope="module")
def stard():
    return make_cohort(N, 5, cc.populations()[cc.POOLED])  # the lesson's default patients


@pytest.fixture(scope="module")
def outcomes(stard):
    """The four arms at week 12, nobody leaving: every patient's four counterfactuals."""
    return {
        a: simulate_care(stard, p, 12, 6, PRM, dropout=False) for a, p in standard_arms().items()
    }


# --- earlier lessons unchanged ---------------------------------------------------------------
def _digest(cohort) -> str:
    h = hashlib.sha256()
    for k in (
        "baseline",
        "med_sensitivity",
        "therapy_sensitivity",
        "natural",
        "chronicity",
        "age",
        "vulnerability",
    ):
        h.update(np.ascontiguousarray(getattr(cohort, k)).tobytes())
    return h.hexdigest()[:16]


def test_new_cohort_traits_leave_earlier_lessons_bit_identical():
    # Digests computed with the code before the lesson 04 traits (adherence, side effects)
    # were added (commit 5c04ab7), for fixed populations and parameters.
    assert _digest(make_cohort(1000, 0)) == "a6f05bf4a7406353"
    pop = Population(
        name="x",
        baseline_mean=26.9,
        baseline_sd=4.8,
        baseline_min=20.0,
        med_median=0.2,
        therapy_median=0.26,
        natural_median=0.33,
        chronicity_mean=8.0,
        age_mean=44.0,
    )
    assert _digest(make_cohort(777, 2024, pop)) == "0eeee835ef3067dd"
    prm = AdditiveParams(therapy_rate=0.1156, interaction=-0.0036)
    out = simulate(make_cohort(500, 3), standard_arms()["combined"], 16, 4, prm)
    assert hashlib.sha256(out.scores.tobytes()).hexdigest()[:16] == "7a708506aaf2e13c"


def test_new_traits_are_per_patient_shares_and_subset_keeps_them():
    c = make_cohort(2000, 1)
    for trait in (c.adherence, c.side_effects):
        assert trait.shape == (2000,) and 0 < trait.min() and trait.max() < 1
        assert trait.std() > 0.1  # people differ
    s = c.subset(slice(0, 10))
    assert np.array_equal(s.adherence, c.adherence[:10])
    assert np.array_equal(s.side_effects, c.side_effects[:10])


def test_without_moderators_adherence_or_dropout_the_model_is_lesson_01():
    """Switched off, the lesson 04 model reproduces lesson 01's scores exactly."""
    c = make_cohort(300, 2)
    c = replace(c, adherence=np.ones(300))
    off = PRM.with_(severity_placebo=0.0, chronic_therapy=0.0, dose_half=1e9)  # linear dose
    for arm in ("medication", "combined", "therapy"):
        plan = standard_arms()[arm]
        a = simulate_care(c, plan, 12, 9, off, dropout=False).scores
        b = simulate(c, plan, 12, 9, cc.LESSON01_PARAMS).scores
        assert np.abs(a - b).max() < 1e-6, arm


# --- counterfactuals --------------------------------------------------------------------------
def test_each_patient_has_a_counterfactual_and_benefits_spread(stard, outcomes):
    benefit = outcomes["medication"].at(12) - outcomes["combined"].at(12)  # points gained
    assert benefit.std() > 2.0, "individual benefit of adding therapy varies from person to person"
    assert (benefit < 0.5).mean() > 0.1, "some patients gain (almost) nothing"
    assert (benefit > 5).mean() > 0.1, "others gain a lot (5 HAM-D points or more)"
    # A trial sees only the average: the mean of the individual differences equals the
    # difference of the arms' means.
    trial = outcomes["medication"].at(12).mean() - outcomes["combined"].at(12).mean()
    assert benefit.mean() == pytest.approx(trial)


def test_counterfactual_scores_share_the_noise(stard):
    plans = {"a": Plan("a").with_medication(), "b": Plan("b").with_medication()}
    s = counterfactual_scores(stard.subset(slice(0, 500)), plans, 8, 3, PRM)
    assert np.array_equal(s["a"], s["b"]), "the same plan twice gives the same patients"


def test_subgroup_masks_and_validation(stard):
    m = subgroup(stard, severity=(25, 52), chronicity=(2, 60), age=(18, 90))
    assert m.any() and np.all(stard.baseline[m] >= 25) and np.all(stard.chronicity[m] >= 2)
    with pytest.raises(ValueError, match=r"severity high must be in \[30, 52\]; got 20"):
        subgroup(stard, severity=(30, 20))


# --- moderators, each in the direction the evidence reports ---------------------------------
def _bands(values, edges):
    return [(values >= lo) & (values < hi) for lo, hi in zip(edges[:-1], edges[1:], strict=True)]


def test_drug_placebo_difference_grows_with_severity_mostly_through_placebo(stard, outcomes):
    """Kirsch 2008 (direction): the drug-placebo difference rises with baseline severity,
    mostly because the placebo response falls."""
    placebo, drug = outcomes["no treatment"].responded(12), outcomes["medication"].responded(12)
    mild, severe = _bands(stard.baseline, [14, 19, 27, 53])[0::2]
    diff_mild = drug[mild].mean() - placebo[mild].mean()
    diff_severe = drug[severe].mean() - placebo[severe].mean()
    assert diff_severe > diff_mild + 0.05
    drop_placebo = placebo[mild].mean() - placebo[severe].mean()
    drop_drug = drug[mild].mean() - drug[severe].mean()
    assert drop_placebo > drop_drug > -0.05


def test_severity_direction_comes_from_the_moderator(stard):
    """With the severity moderator off, the difference grows much less."""
    arms = standard_arms()

    def growth(prm):
        p = simulate_care(stard, arms["no treatment"], 12, 6, prm, False).responded(12)
        d = simulate_care(stard, arms["medication"], 12, 6, prm, False).responded(12)
        mild, severe = stard.baseline < 19, stard.baseline >= 27
        return (d[severe].mean() - p[severe].mean()) - (d[mild].mean() - p[mild].mean())

    assert growth(PRM) > growth(PRM.with_(severity_placebo=0.0)) + 0.03


def test_added_benefit_of_therapy_shrinks_with_chronicity(stard, outcomes):
    """Hollon 2014, von Wolff 2012: adding therapy to medication helped less (not at all)
    in chronic depression."""
    added = outcomes["combined"].responded(12).astype(float) - outcomes["medication"].responded(12)
    short, chronic = stard.chronicity < 1, stard.chronicity >= 5
    assert added[short].mean() > added[chronic].mean() + 0.05
    off = {
        a: simulate_care(stard, standard_arms()[a], 12, 6, PRM.with_(chronic_therapy=0.0), False)
        for a in ("medication", "combined")
    }
    added_off = off["combined"].responded(12).astype(float) - off["medication"].responded(12)
    assert abs(added_off[short].mean() - added_off[chronic].mean()) < 0.03


def test_age_changes_nothing_by_default_and_only_when_asked(stard, outcomes):
    """The evidence on age is weak and points both ways (Reynolds 2006 against, Cuijpers
    2014 Maturitas for): the toy leaves age out unless ``age_therapy`` is set."""
    added = outcomes["combined"].at(12) - outcomes["medication"].at(12)
    young, old = stard.age < 35, stard.age >= 55
    assert abs(added[young].mean() - added[old].mean()) < 0.4  # HAM-D points
    prm = PRM.with_(age_therapy=-0.5)
    o = {
        a: simulate_care(stard, standard_arms()[a], 12, 6, prm, False).at(12)
        for a in ("medication", "combined")
    }
    added_age = o["combined"] - o["medication"]
    assert (-added_age[young].mean()) > (-added_age[old].mean()) + 1.0


# --- adherence, dose and dropout ----------------------------------------------------------
def test_effective_dose_is_prescribed_times_taken(stard):
    c = stard.subset(slice(0, 2000))
    out = simulate_care(c, Plan("half").with_medication(dose=0.5), 6, 1, PRM)
    eff = out.extra["effective_dose"]
    stayed = ~out.dropped_out(6)
    assert np.allclose(eff[stayed], 0.5 * c.adherence[stayed, None])
    assert np.allclose(out.extra["taken"][stayed], c.adherence[stayed])


def test_therapy_raises_adherence_and_lowers_dropout(stard):
    arms = standard_arms()
    med = simulate_care(stard, arms["medication"], 12, 4, PRM)
    both = simulate_care(stard, arms["combined"], 12, 4, PRM)
    assert np.nanmean(both.extra["taken"]) > np.nanmean(med.extra["taken"]) + 0.05
    assert both.dropout_rate(12) < med.dropout_rate(12) - 0.02


def test_taking_less_helps_less(stard):
    plan = standard_arms()["medication"]
    low = replace(stard, adherence=np.full(stard.n, 0.3))
    high = replace(stard, adherence=np.full(stard.n, 0.95))
    r_low = simulate_care(low, plan, 12, 4, PRM, False).response_rate(12)
    r_high = simulate_care(high, plan, 12, 4, PRM, False).response_rate(12)
    assert r_high > r_low + 0.05


def test_side_effects_raise_dropout_with_dose_while_benefit_levels_off(stard):
    """Furukawa 2019 (direction): response rises to a standard dose, then levels off;
    dropouts for side effects keep rising with dose."""
    resp, drop = [], []
    for dose in (0.5, 1.0, 2.0):
        out = simulate_care(stard, Plan("d").with_medication(dose=dose), 12, 4, PRM)
        resp.append(out.response_rate(12))
        drop.append(out.dropout_rate(12))
    assert drop[0] < drop[1] < drop[2]
    assert resp[1] - resp[0] > resp[2] - resp[1] >= 0
    assert resp[2] - resp[1] < 0.05


def test_completers_look_better_than_intention_to_treat():
    """Keller 2000 reports both: completers 55/52/85 %, analysed sample 48/48/73 %."""
    c = make_cohort(N, 8, cc.populations()["Keller 2000"])
    for plan in cc.acute_plans().values():
        out = simulate_care(c, plan, 12, 9, PRM)
        assert 0.1 < out.dropout_rate(12) < 0.35
        assert out.completer_response_rate(12) > out.itt_response_rate(12) + 0.03, plan.name


def test_observed_carries_the_last_score_forward(stard):
    out = simulate_care(stard.subset(slice(0, 3000)), standard_arms()["medication"], 12, 2, PRM)
    gone = np.flatnonzero(np.isfinite(out.dropout_week))
    assert gone.size > 100
    i = gone[0]
    w = int(out.dropout_week[i])
    assert out.observed(12)[i] == out.scores[i, w]
    stay = np.flatnonzero(~np.isfinite(out.dropout_week))[0]
    assert out.observed(12)[stay] == out.at(12)[stay]


def test_models_without_dropout_report_none():
    out = simulate(make_cohort(100, 1), standard_arms()["medication"], 8, 1)
    assert out.dropout_rate(8) == 0.0
    assert out.itt_response_rate(8) == out.response_rate(8) == out.completer_response_rate(8)


# --- steps of care --------------------------------------------------------------------------
def test_remission_falls_from_step_to_step_and_dropout_lowers_the_total(stard):
    r = simulate_steps(stard, Steps(), 3, PRM)
    by = r.remission_by_step()
    assert by[0] > by[2] and by[1] > by[2] and by[1] > by[3]
    no_dropout = 1 - np.prod(1 - by)
    assert r.cumulative_remission() < no_dropout - 0.02  # people who leave never remit
    assert r.entered[0] == stard.n and np.all(np.diff(r.entered) < 0)
    assert r.dropped.sum() == np.isfinite(r.dropout_week).sum()
    assert np.all(r.remission_week[np.isfinite(r.remission_week)] <= Steps().weeks)


def test_start_with_both_remits_sooner_than_one_then_the_other(stard):
    one = Steps("one", "medication", ("add therapy", "switch drug", "switch drug"), 8)
    both = Steps("both", "both", ("switch drug", "switch drug", "switch drug"), 8)
    a, b = simulate_steps(stard, one, 3, PRM), simulate_steps(stard, both, 3, PRM)
    assert b.remitted_by(8) > a.remitted_by(8) + 0.1
    assert b.weeks_to_remission() < a.weeks_to_remission()
    assert b.dropout_rate() < a.dropout_rate()
    # ... and adding therapy at the check helps those who had not remitted on the drug
    switch = Steps("switch", "medication", ("switch drug", "switch drug", "switch drug"), 8)
    c = simulate_steps(stard, switch, 3, PRM)
    assert a.remission_by_step()[1] > c.remission_by_step()[1]


def test_raising_the_dose_helps_little_and_costs_dropouts(stard):
    """Furukawa 2019: above a standard dose, response is level and side effects rise."""
    raise_ = simulate_steps(stard, Steps("r", actions=("raise the dose",)), 3, PRM)
    keep = simulate_steps(stard, Steps("k", actions=("keep the same",)), 3, PRM)
    add = simulate_steps(stard, Steps("a", actions=("add a second drug",)), 3, PRM)
    gain = raise_.remission_by_step()[1] - keep.remission_by_step()[1]
    gain_add = add.remission_by_step()[1] - keep.remission_by_step()[1]
    assert 0 <= gain < 0.08 and gain < gain_add / 2
    assert raise_.dropped[1] / raise_.entered[1] > keep.dropped[1] / keep.entered[1]
    # waiting longer on the same drug still brings some remissions (late responders)
    assert keep.remission_by_step()[1] > 0.1


def test_steps_are_seeded(stard):
    c = stard.subset(slice(0, 1000))
    a, b = simulate_steps(c, Steps(), 1, PRM), simulate_steps(c, Steps(), 1, PRM)
    assert np.array_equal(a.remission_week, b.remission_week)
    assert not np.array_equal(a.scores, simulate_steps(c, Steps(), 2, PRM).scores)


# --- early improvement ----------------------------------------------------------------------
def test_early_improvement_is_commoner_on_the_drug_and_predicts_response(stard):
    drug = simulate_care(stard, standard_arms()["medication"], 8, 4, PRM)
    placebo = simulate_care(stard, standard_arms()["no treatment"], 8, 4, PRM)
    d, p = early_prediction(drug), early_prediction(placebo)
    assert d["early"] > p["early"] + 0.1  # Wagner 2017: 62 % vs 47 %
    assert d["sensitivity"] > 0.7  # Wagner 2017: 85 %
    assert d["ppv"] > d["response"] > 1 - d["npv"]  # early improvers respond more often


# --- validation -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: CareParams(severity_placebo=9), r"severity_placebo must be in \[-2, 2\]; got 9"),
        (lambda: CareParams(dropout_week=-1), r"dropout_week must be in \[0, 0.5\]; got -1"),
        (lambda: Steps(actions=("pray",)), r"action must be one of .*; got 'pray'"),
        (lambda: Steps(first="therapy"), r"first must be one of .*; got 'therapy'"),
        (lambda: Steps(check_week=1), r"check_week must be in \[2, 26\]; got 1"),
        (
            lambda: simulate_care(make_cohort(5), Plan(), weeks=0),
            r"weeks must be in \[1, 520\]; got 0",
        ),
        (lambda: simulate_care("patients", Plan()), r"cohort must be a Cohort; got str"),
        (lambda: simulate_steps(make_cohort(5), "steps"), r"steps must be a Steps; got str"),
        (lambda: care.dose_effect([1.0], 0.3) and care.early_improvement("x"), r"outcome must"),
    ],
)
def test_bad_input_names_parameter_range_and_value(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_counts_are_platform_integers(stard):
    r = simulate_steps(stard.subset(slice(0, 500)), Steps(), 1, PRM)
    assert r.step_reached.dtype == np.intp and r.entered.dtype == np.intp


# --- calibration ------------------------------------------------------------------------------
def test_every_calibration_target_within_tolerance_with_10000_per_arm():
    rows = cc.check(n=10_000)
    bad = [r for r in rows if not cc.within_tolerance(r)]
    assert not bad, cc.format_table(rows)
    assert len(rows) == 9
    rates = [r for r in rows if r["kind"] == "rate"]
    assert all(abs(r["residual"]) <= 0.05 for r in rates)


def test_calibration_targets_match_the_evidence_table():
    assert evidence.RUSH_REMISSION_BY_STEP == (0.368, 0.306, 0.137, 0.130)
    assert evidence.HOLLON_2014_DROPOUT == {
        "medication alone": 0.268,
        "medication + therapy": 0.189,
    }
    assert evidence.CUIJPERS_2020_DROPOUT_RR["combined"] == (1.23, 1.05, 1.45)
    assert evidence.CUIJPERS_2020_DROPOUT_RR["therapy"] == (1.17, 1.02, 1.32)
    assert cc.KELLER_DROPOUT_12 == pytest.approx(1 - 519 / 662, abs=1e-3)


def test_stored_defaults_are_the_fitted_values():
    fitted = cc.params()
    default = CareParams()
    for name in (
        "next_drug_correlation",
        "step_resistance",
        "dropout_week",
        "therapy_dropout_hr",
        "early_dropout_week",
    ):
        assert getattr(default, name) == getattr(fitted, name), name


def test_ratio_tolerance_is_the_published_interval():
    row = dict(kind="ratio", quantity="dropout ratio, medication vs combined", simulated=1.5)
    assert not cc.within_tolerance(row)
    assert cc.within_tolerance({**row, "simulated": 1.3})


def test_early_prediction_needs_the_response_after_the_early_look(outcomes):
    """Student walkthrough: "by week" 6 and "Response counted at week" 6 made the early sign
    the outcome itself (sensitivity and NPV 100 %); the model refuses it, the demo cannot."""
    from partners_in_healing.model.care import early_prediction
    from partners_in_healing.widgets.lesson04 import EarlyDemo

    out = outcomes["medication"]
    with pytest.raises(ValueError, match=r"later must be in \[7, .*got 6"):
        early_prediction(out, week=6, threshold=0.2, later=6)
    demo = EarlyDemo()
    assert demo.controls["week"].max < demo.controls["later"].min


def test_steps_says_so_when_its_actions_are_one_text():
    """Student walkthrough: Steps("mine", "medication", "add therapy", 8) said "number of
    actions must be in [0, 6]; got 11": the letters of the text."""
    from partners_in_healing.model.care import Steps

    with pytest.raises(ValueError, match=r"actions must be a tuple.*got the text 'add therapy'"):
        Steps("mine", "medication", "add therapy", 8)
