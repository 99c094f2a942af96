"""Lesson 01 calibration: the default sits on pooled evidence; every target within its limit
(pooled g and RRs inside their 95 % CIs, single-trial rates within 5 pp) with 10,000 virtual
patients per arm; a refit reproduces the stored values; the figure's verdicts are the numbers'."""

import numpy as np
import pytest

from partners_in_healing.model import calibration as cal
from partners_in_healing.model import evidence
from partners_in_healing.model.additive import HIGH_DOSE_GAIN, combined_relief, dose_effect
from partners_in_healing.model.trial import independent_action
from partners_in_healing.view import lesson01 as view


@pytest.fixture(scope="module")
def rows():
    return cal.check(n=10_000)


def test_every_fitted_target_within_its_limit(rows):
    fitted = [r for r in rows if r["role"] == "fitted"]
    assert len(fitted) == 14
    bad = [r for r in fitted if not r["inside"]]
    assert not bad, "\n" + cal.format_table(rows)


def test_the_default_is_pooled_and_its_effects_are_the_pooled_ones(rows):
    by = {r["key"]: r for r in rows}
    for key, (_, lo, hi) in {
        "g combined vs medication": evidence.G_COMBINED_VS_DRUG,
        "g combined vs therapy": evidence.G_COMBINED_VS_THERAPY,
        "RR combined vs medication": evidence.RR_COMBINED_VS_DRUG,
        "RR combined vs therapy": evidence.RR_COMBINED_VS_THERAPY,
    }.items():
        assert by[key]["population"] == cal.POOLED
        assert lo <= by[key]["simulated"] <= hi, by[key]


def test_single_trials_share_the_effects_and_differ_only_by_their_patients():
    pops = cal.populations()
    meds = {p.med_median for p in pops.values()}
    ther = {p.therapy_median for p in pops.values()}
    assert len(meds) == 1 and len(ther) == 1
    # Keller's chronic patients improve less without treatment than the pooled ones
    assert pops[cal.KELLER].natural_median < pops[cal.POOLED].natural_median


def test_refit_reproduces_the_stored_parameters():
    refit = cal.fit()
    np.testing.assert_allclose(refit.as_vector(), cal.FITTED.as_vector(), atol=0.02)


def test_targets_match_evidence_md():
    assert evidence.KELLER_RESPONSE_WEEK12 == {
        "medication": 0.48,
        "therapy": 0.48,
        "combined": 0.73,
    }
    assert evidence.DERUBEIS_RESPONSE[8]["no treatment"] == 0.25
    assert evidence.RR_THERAPY_VS_DRUG == (0.99, 0.92, 1.08)
    keys = {t.key for t in cal.targets()}
    assert len(keys) == len(cal.targets()) == 17


def test_independent_action_with_a_no_treatment_baseline():
    assert independent_action(0.48, 0.48) == pytest.approx(0.7296)
    # Keller: with p0 = 25 % (the lesson's value) the rule gives about 64 %, below the 73 % observed
    assert independent_action(0.48, 0.48, 0.25) == pytest.approx(1 - 0.52 * 0.52 / 0.75)
    assert independent_action(0.48, 0.48, 0.25) < 0.65 < 0.73
    with pytest.raises(ValueError, match="p0"):
        independent_action(0.3, 0.4, 0.5)


def test_interaction_worked_example_64_80_96():
    assert [round(100 * float(combined_relief(0.4, 0.4, k))) for k in (-1, 0, 1)] == [64, 80, 96]


def test_the_medication_effect_saturates_at_the_standard_dose():
    assert dose_effect(0.5) == pytest.approx(0.5)
    assert dose_effect(1.0) == pytest.approx(1.0)
    assert dose_effect(2.0) == pytest.approx(1.0 + HIGH_DOSE_GAIN) and dose_effect(2.0) < 1.1


def test_format_table_lists_every_target(rows):
    table = cal.format_table(rows)
    assert table.count("\n") == len(rows) + 1
    assert "Cuijpers 2014" in table and "Keller 2000" in table and "check" in table
    # lecturer walkthrough: "48.5 %" wrapped as "48.5" over "%" in a narrow column
    for line in table.splitlines()[2:]:
        published, toy, residual = line.split(" | ")[4:7]
        assert " " not in published + toy + residual, line
    assert "\u00a0%" in table


def test_evidence_figure_verdicts_agree_with_the_numbers(rows):
    forest = cal.forest_rows(rows)
    for r in forest:
        if r["low"] is not None:
            inside = r["low"] <= r["toy"] <= r["high"]
            assert r["verdict"].startswith("inside") == inside, r
    fig = view.evidence_figure(forest)
    labels = [t for ax in ("yaxis", "yaxis2") for t in fig.layout[ax].ticktext]
    assert any("pooled · fitted · inside" in t for t in labels)
    assert any("single trial" in t for t in labels)
    assert any("check" in t for t in labels)


def test_intervals_beyond_the_axis_get_a_mark():
    row = dict(
        panel="g",
        source="X",
        what="w",
        pooled=True,
        role="check",
        verdict="v",
        published=0.5,
        low=-0.5,
        high=1.2,
        toy=0.4,
    )
    fig = view.evidence_figure([row])
    marks = [t for t in fig.data if t.name == "interval runs past the axis"]
    assert {t.marker.symbol for t in marks} == {"triangle-left", "triangle-right"}


def test_what_the_text_says_about_the_interaction_holds():
    """Lesson 01, Section 6: at 0 the toy's g for combined vs therapy leaves Cuijpers 2009's
    interval, while Keller-like patients come closer to 73 %."""
    from dataclasses import replace

    at = {k: cal.simulated_values(replace(cal.FITTED, interaction=k)) for k in (-1.0, 0.0)}
    hi = evidence.G_COMBINED_VS_THERAPY[2]
    assert at[-1.0]["g combined vs therapy"] <= hi < at[0.0]["g combined vs therapy"]
    keller = "Keller 2000: combined, week 12"
    assert abs(at[0.0][keller] - 0.73) < abs(at[-1.0][keller] - 0.73)
