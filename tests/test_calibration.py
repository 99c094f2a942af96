"""Lesson 01 calibration: residuals within 5 percentage points, refit reproduces stored values."""

import numpy as np
import pytest

from partners_in_healing.model import calibration as cal
from partners_in_healing.model import evidence
from partners_in_healing.model.trial import independent_action


@pytest.fixture(scope="module")
def rows():
    return cal.check(n=10_000)


def test_every_target_within_5_percentage_points(rows):
    assert len(rows) == 8
    for r in rows:
        assert abs(r["residual"]) <= 0.05, r


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
    assert evidence.HOLLON_RELAPSE_12M["prior therapy"] == 0.308


def test_keller_combination_is_close_to_independent_action():
    """A check (not fitted directly): Keller's 73 % is what 1-(1-p1)(1-p2) predicts from 48/48."""
    assert independent_action(0.48, 0.48) == pytest.approx(0.7296)


def test_format_table_lists_every_target(rows):
    table = cal.format_table(rows)
    assert (
        table.count("\n") == len(rows) + 1 and "Keller 2000" in table and "DeRubeis 2005" in table
    )


def test_genuine_checks_report_what_matches_and_what_does_not():
    rows = {r["result"]: r for r in cal.genuine_checks(n_trial=3000, n=3000)}
    assert len(rows) == 8
    drug_vs_therapy = rows["Cuijpers 2013: g, medication vs therapy"]
    assert drug_vs_therapy["verdict"].startswith("matches")
    for r in rows.values():
        inside = r["low"] <= r["model"] <= r["high"]
        assert r["verdict"].startswith("matches") == inside
