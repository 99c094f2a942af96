"""Plan: what a patient receives, week by week.

A plan is two schedules built from segments:

- medication: relative dose (0 = none, 1 = a standard full dose, up to 2);
- therapy: sessions per week (0-3; 1 = weekly sessions).

Times are in weeks from the start of treatment (week 0). Segments may ramp
linearly (a taper), and the schedules can be read at any time step, so the same
plan drives weekly (lesson 01) and daily (lessons 02-03) models.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .validate import check_number

MAX_DOSE = 2.0  # relative to a standard dose
MAX_SESSIONS = 3.0  # sessions per week


@dataclass(frozen=True)
class Segment:
    """Level from ``start`` (inclusive) to ``stop`` (exclusive), in weeks.

    The level ramps linearly from ``level`` to ``end_level`` (a taper when lower).
    """

    start: float
    stop: float
    level: float
    end_level: float | None = None

    def values(self, t: np.ndarray) -> np.ndarray:
        """Level at times ``t`` (weeks); 0 outside the segment."""
        inside = (t >= self.start) & (t < self.stop)
        if self.end_level is None or not math.isfinite(self.stop):
            return np.where(inside, self.level, 0.0)
        frac = (t - self.start) / (self.stop - self.start)
        return np.where(inside, self.level + (self.end_level - self.level) * frac, 0.0)


def _segment(kind: str, start, stop, level, end_level, top: float) -> Segment:
    start = check_number(f"{kind} start", start, 0.0, 10_000.0)
    stop = math.inf if stop is None else check_number(f"{kind} stop", stop, start, 10_000.0)
    level = check_number(f"{kind} level", level, 0.0, top)
    if end_level is not None:
        end_level = check_number(f"{kind} end_level", end_level, 0.0, top)
    return Segment(start, stop, level, end_level)


@dataclass(frozen=True)
class Plan:
    """A named treatment plan; build it with the ``with_*`` methods (each returns a new plan)."""

    name: str = "no treatment"
    medication: tuple[Segment, ...] = field(default_factory=tuple)
    therapy: tuple[Segment, ...] = field(default_factory=tuple)

    def with_medication(self, start=0.0, stop=None, dose=1.0, name=None) -> Plan:
        """Add medication at ``dose`` (relative to standard) from ``start`` to ``stop`` weeks."""
        seg = _segment("medication", start, stop, dose, None, MAX_DOSE)
        return Plan(name or self.name, self.medication + (seg,), self.therapy)

    def with_taper(self, start, weeks, from_dose=1.0, to_dose=0.0, name=None) -> Plan:
        """Lower the dose linearly from ``from_dose`` to ``to_dose`` over ``weeks`` weeks."""
        weeks = check_number("taper weeks", weeks, 0.01, 520.0)
        seg = _segment("medication", start, start + weeks, from_dose, to_dose, MAX_DOSE)
        return Plan(name or self.name, self.medication + (seg,), self.therapy)

    def with_therapy(self, start=0.0, stop=None, sessions=1.0, name=None) -> Plan:
        """Add therapy with ``sessions`` per week from ``start`` to ``stop`` weeks."""
        seg = _segment("therapy", start, stop, sessions, None, MAX_SESSIONS)
        return Plan(name or self.name, self.medication, self.therapy + (seg,))

    def with_boosters(self, weeks, name=None) -> Plan:
        """Add one booster session in each week listed in ``weeks``."""
        segs = tuple(_segment("booster", w, w + 1.0, 1.0, None, MAX_SESSIONS) for w in weeks)
        return Plan(name or self.name, self.medication, self.therapy + segs)

    def named(self, name: str) -> Plan:
        """The same plan under another name."""
        return Plan(name, self.medication, self.therapy)

    def dose(self, t) -> np.ndarray:
        """Relative medication dose at times ``t`` (weeks)."""
        return _total(self.medication, t, MAX_DOSE)

    def sessions(self, t) -> np.ndarray:
        """Therapy sessions per week at times ``t`` (weeks)."""
        return _total(self.therapy, t, MAX_SESSIONS)


def _total(segments, t, top: float) -> np.ndarray:
    t = np.asarray(t, dtype=float)
    out = np.zeros_like(t)
    for seg in segments:
        out = out + seg.values(t)
    return np.clip(out, 0.0, top)


def standard_arms() -> dict[str, Plan]:
    """The four arms of lesson 01: nothing, medication, therapy, both (weekly, open-ended)."""
    none = Plan("no treatment")
    med = none.with_medication(name="medication")
    therapy = none.with_therapy(name="therapy")
    both = med.with_therapy(name="combined")
    return {p.name: p for p in (none, med, therapy, both)}
