"""Where a number cannot be computed, the model says why and the figure says so (issue 15)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from partners_in_healing.model import trial
from partners_in_healing.widgets import lesson03 as W3


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


@pytest.mark.parametrize("how", ["raises", "runs away"])
def test_plan_editor_says_when_no_hazard_ratio_can_be_computed(monkeypatch, how):
    """lifelines raised ConvergenceError inside the callback for some settings (an arm
    without relapses, collinear arms) and returned HR 2e-20 with a NaN interval for others."""
    from lifelines.exceptions import ConvergenceError

    def fit(data, reference):
        if how == "raises":
            raise ConvergenceError("Convergence halted due to matrix inversion problems")
        return [dict(arm="B", reference="A", hr=2e-20, lower=math.nan, upper=math.nan, p=math.nan)]

    demo = W3.PlanEditorDemo()
    W3._editor_hr_fit.cache_clear()
    monkeypatch.setattr(W3.survival, "hazard_ratios", fit)
    demo.update()  # the cache was cleared: the fit runs again
    assert demo.hr_note == W3.NO_FIT
    assert W3.NO_FIT in demo.fig.layout.annotations[2].text
    assert len(demo.fig.data[16].x) == 0  # no bar drawn where there is no number
    monkeypatch.undo()
    W3._editor_hr_fit.cache_clear()
    demo.reset()
    assert demo.hr_note == "" and demo.fig.layout.annotations[2].text == W3.HR_TITLE
