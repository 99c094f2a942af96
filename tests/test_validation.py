"""Bad input raises ValueError naming the parameter, the allowed range and the value."""

import math

import pytest

from partners_in_healing.model import Plan, Population, make_cohort
from partners_in_healing.model.additive import AdditiveParams, simulate
from partners_in_healing.model.pharmacokinetics import Drug, concentration
from partners_in_healing.model.trial import independent_action, run_trials

BAD_NUMBERS = [math.nan, math.inf, -math.inf, -5.0, 1e9, "3", None, [1.0], True]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize(
    "name", ["interaction", "noise_sd", "med_tau", "therapy_rate", "natural_tau"]
)
def test_params_reject_bad_values(name, value):
    with pytest.raises(ValueError) as err:
        AdditiveParams(**{name: value})
    msg = str(err.value)
    assert msg.startswith(name) and "[" in msg and "]" in msg
    assert msg.endswith(repr(value))


@pytest.mark.parametrize("value", [0, -5, 2.5, math.nan, "ten", None, 10**9])
def test_cohort_size(value):
    with pytest.raises(ValueError, match=r"n must be .*\[1, 1e\+07\]"):
        make_cohort(value)


@pytest.mark.parametrize("value", [-1, 1.5, "x", math.inf])
def test_seed(value):
    with pytest.raises(ValueError, match="seed"):
        make_cohort(10, value)


@pytest.mark.parametrize(
    "field,value",
    [
        ("baseline_mean", 60.0),
        ("med_median", 1.0),
        ("spread", -0.1),
        ("correlation", 1.0),
        ("therapy_median", math.nan),
        ("age_mean", 5),
    ],
)
def test_population(field, value):
    with pytest.raises(ValueError, match=field):
        Population(**{field: value})


@pytest.mark.parametrize(
    "kwargs,name",
    [
        (dict(dose=-0.5), "medication level"),
        (dict(dose=3.0), "medication level"),
        (dict(dose=math.nan), "medication level"),
        (dict(start=-1), "medication start"),
        (dict(start=5, stop=2), "medication stop"),
        (dict(dose="full"), "medication level"),
    ],
)
def test_plan_medication(kwargs, name):
    with pytest.raises(ValueError, match=name):
        Plan().with_medication(**kwargs)


@pytest.mark.parametrize("sessions", [-1, 4, math.inf, "weekly"])
def test_plan_therapy(sessions):
    with pytest.raises(ValueError, match=r"therapy level must be .*\[0, 3\]"):
        Plan().with_therapy(sessions=sessions)


@pytest.mark.parametrize("weeks", [0, -3, 1.5, "16", 100_000])
def test_simulate_weeks(weeks):
    with pytest.raises(ValueError, match=r"weeks must be .*\[1, 520\]"):
        simulate(make_cohort(5), Plan(), weeks)


def test_simulate_types():
    with pytest.raises(ValueError, match="cohort must be a Cohort"):
        simulate("patients", Plan())
    with pytest.raises(ValueError, match="plan must be a Plan"):
        simulate(make_cohort(5), {"medication": 1})


def test_outcome_week_out_of_range():
    out = simulate(make_cohort(5), Plan(), 8)
    with pytest.raises(ValueError, match=r"week must be in \[0, 8\]; got 12"):
        out.response_rate(12)


@pytest.mark.parametrize("p", [-0.1, 1.1, math.nan])
def test_independent_action(p):
    with pytest.raises(ValueError, match=r"p1 must be .*\[0, 1\]"):
        independent_action(p, 0.5)


def test_trials_and_drugs():
    with pytest.raises(ValueError, match=r"n_per_arm must be in \[2, 100000\]; got 1"):
        run_trials(Population(), Plan(), Plan(), 1, 3)
    with pytest.raises(ValueError, match="half_life_days"):
        Drug("x", 0.0)
    with pytest.raises(ValueError, match=r"days must be in \[1, 36500\]"):
        concentration(Plan(), 0)
