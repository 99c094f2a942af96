"""Outcome: weekly symptom scores per patient, and the events derived from them.

Scores are HAM-D points (0-52). ``response`` is a drop of at least 50 % from
baseline; ``remission`` is a score of 7 or less.

Models with dropout (lesson 04) put ``dropout_week`` in ``extra`` (the week each patient
left, ``inf`` for those who stayed). ``scores`` always hold every patient's whole course,
which only a simulation knows; ``observed`` is what a trial sees: after someone leaves,
their last score is carried forward (intention-to-treat, "last observation carried
forward"), and ``completer_response_rate`` counts only those who stayed.
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

    # --- dropout (models that have it; otherwise nobody leaves) ----------------------------
    @property
    def dropout_week(self) -> np.ndarray:
        """Week each patient left the study (``inf``: stayed to the end)."""
        out = self.extra.get("dropout_week")
        return np.full(self.scores.shape[0], np.inf) if out is None else out

    def dropped_out(self, week) -> np.ndarray:
        """True for patients who had left by ``week``."""
        return self.dropout_week <= self._column_week(week)

    def dropout_rate(self, week) -> float:
        """Fraction of patients (0-1) who had left by ``week``."""
        return float(self.dropped_out(week).mean())

    def observed(self, week) -> np.ndarray:
        """Scores at ``week`` as a trial records them: a patient who left earlier keeps the
        last score seen (HAM-D points)."""
        col = self._column(week)
        last = np.minimum(self.dropout_week, self.times[col])
        idx = np.searchsorted(self.times, last).astype(np.intp)
        return self.scores[np.arange(self.scores.shape[0], dtype=np.intp), idx]

    def itt_response_rate(self, week) -> float:
        """Response rate (0-1) at ``week``, everyone randomised counted, last score carried
        forward for those who left (intention-to-treat)."""
        return float((self.observed(week) <= (1.0 - RESPONSE_DROP) * self.baseline).mean())

    def completer_response_rate(self, week) -> float:
        """Response rate (0-1) at ``week`` among those still in the study (completers)."""
        stay = ~self.dropped_out(week)
        if not stay.any():
            return float("nan")
        return float(self.responded(week)[stay].mean())

    def _column_week(self, week) -> float:
        return float(self.times[self._column(week)])
