"""Lesson 01 demos: what each control means in the figure."""

import numpy as np

from partners_in_healing.widgets import lesson01 as L


def test_synergy_lowers_only_the_combined_line():
    d = L.TrajectoryDemo()
    before = [np.array(t.y) for t in d.fig.data]
    d.controls["interaction"].value = 1.0
    after = [np.array(t.y) for t in d.fig.data]
    for i in range(6):  # no treatment, medication, therapy (bands and lines)
        np.testing.assert_array_equal(before[i], after[i])
    assert after[7][-1] < before[7][-1] - 0.5


def test_scales_demo_shows_sum_and_independent_action():
    d = L.ScalesDemo()
    left = np.array(d.fig.data[0].y)
    right = np.array(d.fig.data[1].y)
    assert left[3] == np.float64(left[0] + left[1])
    p1, p2 = right[1] / 100, right[2] / 100
    assert abs(right[4] / 100 - (1 - (1 - p1) * (1 - p2))) < 1e-9
    p0 = d.controls["p0"].value
    assert abs(right[5] / 100 - (1 - (1 - p1) * (1 - p2) / (1 - p0))) < 1e-9
    assert d.fig.data[2].visible is False  # Keller markers: only for Keller-like patients
    d.controls["population"].value = L.KELLER_POPULATION
    assert d.fig.data[2].visible is not False  # ... at week 12
    d.controls["week"].value = 4
    assert d.fig.data[2].visible is False


def test_the_p0_control_moves_only_the_baseline_aware_bar():
    d = L.ScalesDemo()
    before = list(d.fig.data[1].y)
    d.controls["p0"].value = 0.4
    after = list(d.fig.data[1].y)
    assert after[:5] == before[:5] and after[5] < before[5]


def test_the_dose_control_says_what_its_top_means():
    d = L.TrajectoryDemo()
    assert "high licensed dose" in d.controls["medication"].description
    d.controls["medication"].value = 2.0
    double = list(d.fig.data[3].y)  # medication arm mean
    d.controls["medication"].value = 1.0
    standard = list(d.fig.data[3].y)
    # a high licensed dose adds little: under half a point at week 16
    assert 0 < standard[-1] - double[-1] < 0.5


def test_new_trials_button_draws_a_new_batch():
    d = L.TrialDemo()
    before = tuple(d.fig.data[0].x)
    d.new_batch()
    assert d.controls["batch"].value == 2 and tuple(d.fig.data[0].x) != before
    d.controls["batch"].value = d.controls["batch"].max
    d.new_batch()
    assert d.controls["batch"].value == d.controls["batch"].min


def test_more_patients_per_trial_narrow_the_intervals():
    d = L.TrialDemo()
    wide = np.mean(d.fig.data[0].error_x.array)
    d.controls["n_per_arm"].value = 300
    assert np.mean(d.fig.data[0].error_x.array) < wide / 1.8


def test_relief_example_reads_as_the_lesson_text():
    """Beside the interaction control, the worked example of issue 12 item 4, signed as the
    text is (a true minus, no "+0")."""
    from partners_in_healing.widgets.lesson01 import relief_example

    assert relief_example(-1.0) == (
        "Two reliefs of 40 % combine to <b>64 %</b> at interaction −1.0 "
        "(−1: 64 %, 0: 80 %, +1: 96 %)"
    )
    assert "at interaction 0 (" in relief_example(0.0)
    assert "<b>96 %</b> at interaction +1.0" in relief_example(1.0)
