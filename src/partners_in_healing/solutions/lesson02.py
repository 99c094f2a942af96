"""Solutions to the exercises of lesson 02, "Bottom-up versus top-down" (checked by the tests)."""

from __future__ import annotations

from ..model.circuit import DEFAULT_PARAMS
from ..model.plan import Plan


def gap_closed(outcome, node, day):
    """Exercise 1: share (0-1) of the depressed-to-healthy gap that ``node`` has closed
    by ``day``, for the cohort's average activity."""
    activity = outcome.extra[node].mean(axis=0)[day]  # average over patients, on that day
    depressed = outcome.extra["depressed"][node]
    healthy = outcome.extra["healthy"][node]
    return (activity - depressed) / (healthy - depressed)


def taper_plan():
    """Exercise 2: full dose in weeks 0-8, tapered to nothing over weeks 8-12;
    weekly therapy in weeks 0-16."""
    return (
        Plan("taper, therapy continues")
        .with_medication(start=0, stop=8, dose=1.0)
        .with_taper(start=8, weeks=4, from_dose=1.0, to_dose=0.0)
        .with_therapy(start=0, stop=16, sessions=1.0)
    )


def no_window():
    """Exercise 3: the default parameters, but a drug that opens no plasticity window."""
    return DEFAULT_PARAMS.with_(plasticity_boost=0.0)
