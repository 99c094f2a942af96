"""Model layer: pure NumPy toy models. No Jupyter, no plotting.

Shared vocabulary: ``Cohort`` (virtual patients), ``Plan`` (what they receive week
by week), ``Outcome`` (weekly scores and the events derived from them).
"""

from .cohort import Cohort, Population, make_cohort
from .outcome import Outcome
from .plan import Plan, Segment, standard_arms

__all__ = ["Cohort", "Population", "make_cohort", "Outcome", "Plan", "Segment", "standard_arms"]
