"""Properties of the lesson 01 additive model (hypothesis)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from partners_in_healing.model import Plan, make_cohort
from partners_in_healing.model.additive import AdditiveParams, simulate
from partners_in_healing.model.calibration import params, populations

fractions = st.floats(0.0, 2.0)
sessions = st.floats(0.0, 3.0)
seeds = st.integers(0, 2**32)
interactions = st.floats(-1.0, 1.0)


def _plan(dose, sess):
    p = Plan("p")
    if dose > 0:
        p = p.with_medication(dose=dose)
    if sess > 0:
        p = p.with_therapy(sessions=sess)
    return p


@given(dose=fractions, sess=sessions, seed=seeds, k=interactions)
def test_scores_stay_on_the_hamd_scale(dose, sess, seed, k):
    cohort = make_cohort(300, seed % 1000)
    out = simulate(cohort, _plan(dose, sess), 16, seed, AdditiveParams(interaction=k, noise_sd=8.0))
    assert out.scores.shape == (300, 17)
    assert out.scores.min() >= 0.0 and out.scores.max() <= 52.0
    np.testing.assert_allclose(out.scores[:, 0], cohort.baseline)


@given(dose=st.floats(0.1, 1.0), sess=st.floats(0.1, 1.5), seed=st.integers(0, 1000))
def test_with_no_interaction_the_combined_effect_is_the_sum(dose, sess, seed):
    """Effect = score without treatment - score with it, per patient and week (noise-free)."""
    cohort = make_cohort(400, seed, populations()["DeRubeis 2005"])
    prm = params().with_(interaction=0.0, noise_sd=0.0)
    run = {
        name: simulate(cohort, plan, 16, seed, prm).scores
        for name, plan in {
            "none": Plan(),
            "med": _plan(dose, 0),
            "ther": _plan(0, sess),
            "both": _plan(dose, sess),
        }.items()
    }
    combined = run["none"] - run["both"]
    summed = (run["none"] - run["med"]) + (run["none"] - run["ther"])
    unclipped = run["both"] > 0.0
    assert unclipped.mean() > 0.9
    np.testing.assert_allclose(combined[unclipped], summed[unclipped], atol=1e-6)


def test_interaction_changes_the_combination_only():
    cohort = make_cohort(2000, 3)
    both, med = _plan(1, 1), _plan(1, 0)
    syn = AdditiveParams(interaction=1.0)
    ovl = AdditiveParams(interaction=-1.0)
    assert (
        simulate(cohort, both, 16, 1, syn).mean()[-1]
        < simulate(cohort, both, 16, 1, ovl).mean()[-1] - 1.0
    )
    np.testing.assert_array_equal(
        simulate(cohort, med, 16, 1, syn).scores, simulate(cohort, med, 16, 1, ovl).scores
    )


@given(
    lo=st.floats(0.0, 1.9),
    extra=st.floats(0.05, 1.0),
    sess=sessions,
    seed=st.integers(0, 1000),
    k=interactions,
)
def test_more_medication_never_worsens_the_cohort_mean(lo, extra, sess, seed, k):
    cohort = make_cohort(300, seed)
    prm = AdditiveParams(interaction=k)
    less = simulate(cohort, _plan(lo, sess), 16, seed, prm).mean()
    more = simulate(cohort, _plan(min(lo + extra, 2.0), sess), 16, seed, prm).mean()
    assert np.all(more <= less + 1e-9)


@given(
    lo=st.floats(0.0, 2.9),
    extra=st.floats(0.05, 1.0),
    dose=fractions,
    seed=st.integers(0, 1000),
    k=interactions,
)
def test_more_therapy_never_worsens_the_cohort_mean(lo, extra, dose, seed, k):
    cohort = make_cohort(300, seed)
    prm = AdditiveParams(interaction=k)
    less = simulate(cohort, _plan(dose, lo), 16, seed, prm).mean()
    more = simulate(cohort, _plan(dose, min(lo + extra, 3.0)), 16, seed, prm).mean()
    assert np.all(more <= less + 1e-9)


@given(seed=seeds)
def test_same_seed_same_result_other_seed_other_result(seed):
    cohort = make_cohort(200, seed % 5000)
    a = simulate(cohort, _plan(1, 1), 12, seed)
    b = simulate(cohort, _plan(1, 1), 12, seed)
    c = simulate(cohort, _plan(1, 1), 12, seed + 1)
    np.testing.assert_array_equal(a.scores, b.scores)
    assert not np.array_equal(a.scores, c.scores)
    np.testing.assert_array_equal(make_cohort(50, 7).baseline, make_cohort(50, 7).baseline)


def test_medication_lags_then_plateaus_and_therapy_keeps_growing():
    """Curriculum: medication effect starts after ~1-2 weeks, plateaus by ~6; therapy keeps
    growing."""
    cohort = make_cohort(5000, 1, populations()["DeRubeis 2005"])
    prm = params().with_(noise_sd=0.0)
    none = simulate(cohort, Plan(), 16, 0, prm).mean()
    med = none - simulate(cohort, _plan(1, 0), 16, 0, prm).mean()
    ther = none - simulate(cohort, _plan(0, 1), 16, 0, prm).mean()
    assert 0 < med[1] < 0.4 * med[6]  # separates from placebo in week 1 (Taylor 2006), still small
    assert med[16] - med[8] < 0.1 * med[16]  # near plateau after week 8
    assert ther[16] - ther[8] > 0.2 * ther[16]  # therapy still growing
    assert ther[2] < med[2]  # therapy starts slower


def test_stopping_medication_loses_its_effect_but_therapy_skills_stay():
    cohort = make_cohort(2000, 2)
    prm = params().with_(noise_sd=0.0)
    none = simulate(cohort, Plan(), 30, 0, prm).mean()
    med_stop = none - simulate(cohort, Plan().with_medication(0, 12), 30, 0, prm).mean()
    ther_stop = none - simulate(cohort, Plan().with_therapy(0, 12), 30, 0, prm).mean()
    assert med_stop[30] < 0.1 * med_stop[12]
    assert (
        ther_stop[30] > 0.9 * ther_stop[12]
    )  # skills kept (points shrink a little as symptoms fade)


def test_taper_is_gradual():
    plan = Plan().with_medication(0, 8).with_taper(8, 4)
    dose = plan.dose(np.arange(14))
    assert list(dose[:8]) == [1.0] * 8
    assert np.all(np.diff(dose[8:13]) < 0) and dose[12] == 0.0 and dose[13] == 0.0


def test_vectorised_and_fast_enough_for_100k_patients():
    import time

    cohort = make_cohort(100_000, 0)
    t0 = time.perf_counter()
    out = simulate(cohort, _plan(1, 1), 16, 0)
    elapsed = time.perf_counter() - t0
    assert out.scores.shape == (100_000, 17)
    assert elapsed < 5.0  # generous bound against a broken vectorisation; `make bench` measures
