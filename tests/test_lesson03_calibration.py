"""Lesson 03 calibration: stored values agree with a refit, and 10,000 virtual patients per arm
land within 5 percentage points of every published relapse rate."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from partners_in_healing.model import evidence
from partners_in_healing.model import landscape as L
from partners_in_healing.model import relapse_calibration as cal

TOLERANCE_PP = 5.0


@pytest.fixture(scope="module")
def rows():
    return cal.check(cal.FITTED, n=10_000)


def test_every_target_is_checked(rows):
    published = {r["key"]: r["published"] for r in rows}
    assert len(rows) == 10
    for arm, rate in evidence.HOLLON_RELAPSE_12M.items():
        assert published[f"Hollon 2005: {arm}"] == rate
    for arm, rate in evidence.GEDDES_RELAPSE_1Y.items():
        assert published[f"Geddes 2003: {arm}"] == rate
    assert published["Guidi 2016: RR CBT while drug continues"] == 0.81


def test_every_target_within_its_limit(rows):
    """Rates within 5 pp; Kato's OR and Guidi's RRs inside their published 95 % CIs."""
    bad = [r for r in rows if not r["inside"]]
    assert not bad, "\n" + cal.format_table(rows)
    for r in rows:
        if r["kind"] == "rate":
            assert abs(100 * r["residual"]) <= TOLERANCE_PP


def test_adding_therapy_while_the_drug_continues_is_a_modest_benefit(rows):
    """Issue 13: the old toy gave about 0.35-0.4 here; the pooled estimate is 0.81."""
    by = {r["key"]: r["simulated"] for r in rows}
    assert 0.69 <= by["Guidi 2016: RR CBT while drug continues"] <= 0.96


def test_the_ordering_of_the_published_arms_is_reproduced(rows):
    sim = {r["key"]: r["simulated"] for r in rows}
    assert (
        sim["Hollon 2005: prior therapy"]
        < sim["Hollon 2005: continued medication"]
        < sim["Hollon 2005: medication withdrawn"]
    )
    assert sim["Geddes 2003: continued medication"] < sim["Geddes 2003: placebo"]


def test_refit_from_the_stored_values_is_a_fixed_point():
    refit = cal.fit(max_nfev=6)
    for f in fields(cal.Fit):
        assert getattr(refit, f.name) == pytest.approx(getattr(cal.FITTED, f.name), abs=0.01)


def test_fitted_values_are_the_model_defaults():
    assert L.DEFAULT_PARAMS.med_tilt == cal.FITTED.med_tilt
    assert L.DEFAULT_PARAMS.depth == cal.FITTED.depth
    assert L.DEFAULT_PARAMS.skill_ceiling == cal.FITTED.skill_ceiling


def test_format_table(rows):
    table = cal.format_table(rows)
    assert table.count("\n") == 11 and "Hollon 2005" in table and "Guidi 2016" in table


def test_evidence_figure_verdicts_agree_with_the_numbers(rows):
    from partners_in_healing.view import lesson03 as view

    forest = cal.forest_rows(rows, cal.counter_checks(n=1000))
    for r in forest:
        if r["low"] is not None:
            assert r["verdict"].startswith("inside") == (r["low"] <= r["toy"] <= r["high"])
    fig = view.evidence_figure(forest)
    assert len(fig.layout.yaxis.ticktext) == 8 and len(fig.layout.yaxis2.ticktext) == 1
    assert any("check" in t for t in fig.layout.yaxis.ticktext)  # Reynolds 2006, not fitted


def test_calibrate_command_lists_lesson03():
    from partners_in_healing import calibrate

    assert "lesson03" in calibrate.LESSONS


def test_evidence_figure_labels_fit_the_left_margin(rows):
    """Row labels longer than about 54 characters are cut off at the figure's left edge."""
    from partners_in_healing.model import calibration as cal01
    from partners_in_healing.view.forest import row_label

    forests = (cal.forest_rows(rows, cal.counter_checks(n=500)), cal01.forest_rows())
    lines = [line for f in forests for r in f for line in row_label(r).split("<br>")]
    longest = max(len(re.sub("<[^>]+>", "", line)) for line in lines)
    assert longest <= 54, longest
