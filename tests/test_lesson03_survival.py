"""Lesson 03 survival analysis (lifelines underneath) against cases worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from partners_in_healing.model import landscape as L
from partners_in_healing.model import relapse_calibration as cal
from partners_in_healing.model import survival as S
from partners_in_healing.model.cohort import make_cohort
from partners_in_healing.model.phases import hollon_2005, simulate_design


def data(weeks, relapse, label="arm"):
    return S.RelapseData(label, np.asarray(weeks, float), np.asarray(relapse, bool))


def test_kaplan_meier_without_censoring_is_the_plain_fraction():
    km = S.kaplan_meier(data([1, 2, 3, 4], [1, 1, 1, 1]))
    assert km.relapsed_by(0.5) == 0.0
    assert [km.relapsed_by(w) for w in (1, 2, 3, 4)] == pytest.approx([0.25, 0.5, 0.75, 1.0])
    assert km.n == 4 and km.relapses == 4


def test_kaplan_meier_with_censoring_by_hand():
    # 5 patients: relapse at 1; leaves at 2; relapse at 2; relapse at 3; leaves at 4.
    # S(1) = 4/5; S(2) = 4/5 * 3/4 = 0.6 (4 at risk at week 2); S(3) = 0.6 * 1/2 = 0.3.
    km = S.kaplan_meier(data([1, 2, 2, 3, 4], [1, 0, 1, 1, 0]))
    assert [1 - km.relapsed_by(w) for w in (1, 2, 3, 4)] == pytest.approx([0.8, 0.6, 0.3, 0.3])
    # the naive fraction (3 of 5) underestimates: the patient who left at week 2 was still at risk
    assert 3 / 5 < km.relapsed_by(4)
    assert np.all(km.lower <= km.well + 1e-12) and np.all(km.well <= km.upper + 1e-12)


def test_hazard_ratio_of_two_exponential_groups():
    rng = np.random.default_rng(0)
    n = 3000
    slow, fast = rng.exponential(10.0, n), rng.exponential(5.0, n)  # hazards 0.1 and 0.2 per week
    follow = 20.0  # administrative censoring at 20 weeks
    arms = {
        "slow": data(np.minimum(slow, follow), slow < follow, "slow"),
        "fast": data(np.minimum(fast, follow), fast < follow, "fast"),
    }
    (row,) = S.hazard_ratios(arms, reference="slow")
    assert row["arm"] == "fast" and row["reference"] == "slow"
    assert row["lower"] < 2.0 < row["upper"] and row["hr"] == pytest.approx(2.0, rel=0.1)
    assert row["p"] < 1e-10
    assert S.logrank(arms)["p"] < 1e-10
    km = S.kaplan_meier(arms["slow"])
    assert km.relapsed_by(10) == pytest.approx(1 - np.exp(-1.0), abs=0.03)


def test_same_distribution_gives_hr_near_one_and_no_significance():
    rng = np.random.default_rng(1)
    t = rng.exponential(8.0, (3, 800))
    arms = {k: data(t[i], np.ones(800, bool), k) for i, k in enumerate("abc")}
    rows = S.hazard_ratios(arms)
    assert [r["arm"] for r in rows] == ["b", "c"]
    assert all(r["lower"] < 1.0 < r["upper"] for r in rows)
    assert S.logrank(arms)["p"] > 0.01


@pytest.fixture(scope="module")
def hollon():
    c = make_cohort(1500, 2, cal.populations()["Hollon 2005"])
    return simulate_design(hollon_2005(), c, 2, cal.params())


def test_relapse_data_from_a_simulation(hollon):
    out = hollon["medication withdrawn"]
    d = S.relapse_data(out)
    ex = out.extra
    at_risk = ex["responder"] & (ex["dropout_day"] > ex["follow_from_day"])
    assert d.n == at_risk.sum() and d.label == "medication withdrawn"
    assert np.all(d.weeks >= 0) and d.weeks.max() <= 52 + 1e-9
    assert d.relapse.sum() == (~np.isnan(ex["relapse_day"]) & at_risk).sum()
    # without dropout, Kaplan-Meier equals the plain fraction
    no_drop = L.simulate(
        make_cohort(800, 3, cal.populations()["Hollon 2005"]),
        hollon_2005().plan("medication withdrawn"),
        68,
        3,
        cal.params().with_(dropout_per_year=0.0),
        follow_from=16,
    )
    assert S.relapse_rate(no_drop, 52) == pytest.approx(L.relapse_fraction(no_drop, 52), abs=1e-9)


def test_model_hazard_ratios_point_the_right_way(hollon):
    rows = {r["arm"]: r for r in S.hazard_ratios(hollon, reference="medication withdrawn")}
    assert rows["continued medication"]["upper"] < 1.0
    assert rows["prior therapy"]["upper"] < 1.0
    table = S.summary_table(hollon, 52, "medication withdrawn")
    assert list(table.index) == list(hollon)
    assert table.loc["medication withdrawn", "95% CI"] == "reference"
    # student walkthrough: "relapses" (whole follow-up) against "% by week 52" looked wrong
    assert list(table.columns[:3]) == [
        "responders followed",
        "relapses (whole follow-up)",
        "relapsed within 52 weeks (Kaplan-Meier, %)",
    ]


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: S.hazard_ratios({"a": data([1], [1])}), ["at least 2 arms"]),
        (
            lambda: S.hazard_ratios(
                {"a": data([1, 2], [1, 1]), "b": data([1, 3], [1, 0])}, reference="z"
            ),
            ["reference", "'z'"],
        ),
        (lambda: S.kaplan_meier(data([], [])), ["no patients at risk"]),
        (lambda: S.relapse_data("not an outcome"), ["outcome"]),
        (lambda: S.kaplan_meier(data([1, 2], [1, 0])).relapsed_by(-1), ["week", "-1"]),
    ],
)
def test_bad_inputs(call, words):
    with pytest.raises(ValueError) as err:
        call()
    for w in words:
        assert w in str(err.value)
