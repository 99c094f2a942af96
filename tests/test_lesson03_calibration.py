"""Lesson 03 calibration: stored values agree with a refit, and 10,000 virtual patients per arm
land within 5 percentage points of every published relapse rate."""

from __future__ import annotations

import time
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
    published = {(r["trial"], r["arm"]): r["published"] for r in rows}
    assert len(rows) == 5
    for arm, rate in evidence.HOLLON_RELAPSE_12M.items():
        assert published[("Hollon 2005", arm)] == rate
    for arm, rate in evidence.GEDDES_RELAPSE_1Y.items():
        assert published[("Geddes 2003", arm)] == rate


def test_residuals_within_five_points(rows):
    bad = [r for r in rows if abs(100 * r["residual"]) > TOLERANCE_PP]
    assert not bad, "\n" + cal.format_table(rows)


def test_the_ordering_of_the_published_arms_is_reproduced(rows):
    sim = {(r["trial"], r["arm"]): r["simulated"] for r in rows}
    assert (
        sim[("Hollon 2005", "prior therapy")]
        < sim[("Hollon 2005", "continued medication")]
        < sim[("Hollon 2005", "medication withdrawn")]
    )
    assert sim[("Geddes 2003", "continued medication")] < sim[("Geddes 2003", "placebo")]


def test_stored_values_agree_with_a_refit_from_elsewhere():
    """Start the fit away from the stored values: it must come back to them (and fast)."""
    start = cal.Fit(med_tilt=0.04, depth=0.08, vulnerability_hollon=0.52, vulnerability_geddes=0.34)
    t0 = time.perf_counter()
    refit = cal.fit(start=start)
    took = time.perf_counter() - t0
    tol = dict(med_tilt=0.006, depth=0.04, vulnerability_hollon=0.04, vulnerability_geddes=0.04)
    for f in fields(cal.Fit):
        assert getattr(refit, f.name) == pytest.approx(
            getattr(cal.FITTED, f.name), abs=tol[f.name]
        ), f.name
    assert took < 45, f"refit took {took:.0f} s"


def test_refit_from_the_stored_values_is_a_fixed_point():
    assert cal.fit() == cal.FITTED


def test_fitted_values_are_the_model_defaults():
    assert L.DEFAULT_PARAMS.med_tilt == cal.FITTED.med_tilt
    assert L.DEFAULT_PARAMS.depth == cal.FITTED.depth


def test_format_table(rows):
    table = cal.format_table(rows)
    assert table.count("\n") == 6 and "Hollon 2005" in table and "Geddes 2003" in table


def test_calibrate_command_lists_lesson03():
    from partners_in_healing import calibrate

    assert "lesson03" in calibrate.LESSONS
