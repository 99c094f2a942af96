"""Where a number cannot be computed, the model says why and the figure says so (issue 15)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from partners_in_healing.model import trial
from partners_in_healing.widgets import lesson03 as W3

# A setting of lesson 03's plan editor (every value within its control's range) whose Cox
# fit runs away (it drew a hazard ratio of 2e-20 with a NaN interval before; found by a
# random search; other such settings raised lifelines' ConvergenceError in the callback).
NO_FIT_SETTING = {
    "arms": 2, "n": 200, "med1": (12, 66), "taper1": 1, "ther1": (5, 58), "boost1": 1,
    "med2": (30, 55), "taper2": 0, "ther2": (0, 0), "boost2": 2,
}  # fmt: skip


@pytest.mark.parametrize(
    "better,worse,name",
    [
        ([1.0, 2.0, math.nan], [1.0, 2.0, 3.0], "better"),
        ([1.0, 2.0], [1.0, math.inf], "worse"),
        ([[1.0, 2.0]], [1.0, 2.0], "better"),
        ([1.0], [1.0, 2.0], "better"),
        ([3.0, 3.0], [5.0, 5.0], "better and worse"),
        ("abc", [1.0, 2.0], "better"),
    ],
)
def test_hedges_g_refuses_what_has_no_standardised_difference(better, worse, name):
    with pytest.raises(ValueError, match=name):
        trial.hedges_g(better, worse)


def test_hedges_g_of_two_equal_constant_arms_is_zero_and_finite():
    e = trial.hedges_g([2.0, 2.0, 2.0], [2.0, 2.0])
    assert e.g == 0.0 and np.isfinite(e.variance)


def test_pool_refuses_what_is_not_a_list_of_effects():
    for bad in ([], None, trial.Effect(0.1, 0.01), [0.3], [trial.Effect(math.nan, 0.1)]):
        with pytest.raises(ValueError, match="effects"):
            trial.pool(bad)


def test_plan_editor_says_when_no_hazard_ratio_can_be_computed():
    demo = W3.PlanEditorDemo()
    demo.set_values(NO_FIT_SETTING)
    assert demo.hr_note == W3.NO_FIT
    assert W3.NO_FIT in demo.fig.layout.annotations[2].text
    assert len(demo.fig.data[16].x) == 0  # no bar drawn where there is no number
    demo.reset()
    assert demo.hr_note == "" and demo.fig.layout.annotations[2].text == W3.HR_TITLE
