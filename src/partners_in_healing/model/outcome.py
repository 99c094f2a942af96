"""Outcome: weekly symptom scores per patient, and the events derived from them.

Scores are HAM-D points (0-52). ``response`` is a drop of at least 50 % from
baseline; ``remission`` is a score of 7 or less.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .validate import check_number

RESPONSE_DROP = 0.5  # fraction of baseline
REMISSION_MAX = 7.0  # HAM-D points


@dataclass(frozen=True)
class Outcome:
    """Scores of shape (patients, times) at ``times`` (weeks), for one plan."""

    plan_name: str
    times: np.ndarray
    scores: np.ndarray
    baseline: np.ndarray
    extra: dict = field(default_factory=dict)

    def _column(self, week) -> int:
        week = check_number("week", week, float(self.times[0]), float(self.times[-1]))
        return int(np.argmin(np.abs(self.times - week)))

    def at(self, week) -> np.ndarray:
        """Scores of every patient at ``week`` (HAM-D points)."""
        return self.scores[:, self._column(week)]

    def responded(self, week) -> np.ndarray:
        """True for patients whose score fell by at least 50 % from baseline by ``week``."""
        return self.at(week) <= (1.0 - RESPONSE_DROP) * self.baseline

    def remitted(self, week) -> np.ndarray:
        """True for patients with a score of 7 or less at ``week``."""
        return self.at(week) <= REMISSION_MAX

    def response_rate(self, week) -> float:
        """Fraction of patients (0-1) responding at ``week``."""
        return float(self.responded(week).mean())

    def remission_rate(self, week) -> float:
        """Fraction of patients (0-1) in remission at ``week``."""
        return float(self.remitted(week).mean())

    def mean(self) -> np.ndarray:
        """Cohort mean score at each time (HAM-D points)."""
        return self.scores.mean(axis=0)

    def percentiles(self, q=(10, 50, 90)) -> np.ndarray:
        """Percentiles of the score across patients at each time, shape (len(q), times)."""
        return np.percentile(self.scores, q, axis=0)
