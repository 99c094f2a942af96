"""Solution to the exercise of lesson 00, "Welcome: what a toy model is" (checked by the tests)."""

from __future__ import annotations

import numpy as np


def share_helped_by_medication(cohort):
    """Exercise 1: fraction (0-1) of patients whose medication sensitivity is at least 0.5."""
    helped = cohort.med_sensitivity >= 0.5  # True or False for each patient
    return float(np.mean(helped))  # the mean of True/False values is the share of True
