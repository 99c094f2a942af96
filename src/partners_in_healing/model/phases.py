"""Phased trial designs: acute, continuation, maintenance, follow-up.

A ``Design`` is a list of ``Phase`` objects; each phase lasts some weeks and
gives every arm a medication schedule and a therapy schedule, written as short
words:

- medication: ``"continue"`` (standard dose all phase; also ``"on"``),
  ``"stop"`` / ``"none"`` / ``"off"``, ``"placebo"`` (the drug is replaced by a
  dummy pill: no drug in the model), ``"taper"`` (from the dose taken just
  before, down to nothing over the whole phase) or ``"taper 8"`` (over 8 weeks,
  then nothing), ``"dose 0.5"`` (half the standard dose all phase);
- therapy: ``"weekly"``, ``"twice weekly"``, ``"fortnightly"``, ``"monthly"``,
  ``"boosters 3"`` (three single sessions spread over the phase), ``"none"``.

A schedule is one word for every arm, or a sequence with one word per arm.
``Design.plans()`` compiles the design to one shared ``Plan`` per arm;
``simulate_design`` runs the landscape model for every arm on one cohort with
one seed (so arms differ only by their treatment). Relapse is counted from the
end of the phase named by ``follow_from`` (by default the first phase: the
acute treatment that made patients well).

In a real trial, tapering or stopping a medication is done under medical
supervision; here it is a line in a toy model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .cohort import Cohort
from .landscape import DEFAULT_PARAMS, LandscapeParams, simulate
from .outcome import Outcome
from .pharmacokinetics import SERTRALINE_LIKE, Drug
from .plan import MAX_DOSE, Plan
from .validate import check_number

MED_WORDS = ("continue", "on", "stop", "none", "off", "placebo", "taper", "dose")
THERAPY_RATES = {
    "weekly": 1.0,
    "twice weekly": 2.0,
    "fortnightly": 0.5,
    "monthly": 0.25,
    "none": 0.0,
}
MAX_WEEKS = 3 * 52 + 26  # up to 3 years of follow-up after an acute phase of up to 26 weeks


def _split(word: str, name: str) -> tuple[str, float | None]:
    if not isinstance(word, str):
        raise ValueError(
            f"{name} must be a schedule word such as 'continue' or 'boosters 3'; got {word!r}"
        )
    parts = word.strip().lower().split()
    if len(parts) == 2 and parts[0] in ("taper", "dose", "boosters"):
        try:
            return parts[0], float(parts[1])
        except ValueError:
            raise ValueError(
                f"{name}: the number after {parts[0]!r} must be a number; got {word!r}"
            ) from None
    return " ".join(parts), None


def check_medication(word: str, name: str = "medication") -> str:
    """Check a medication schedule word; return it (ValueError naming the allowed words)."""
    kind, num = _split(word, name)
    if kind not in MED_WORDS or (kind == "dose" and num is None):
        raise ValueError(
            f"{name} must be one of 'continue', 'stop', 'placebo', 'taper', 'taper <weeks>', "
            f"'dose <0-{MAX_DOSE:g}>'; got {word!r}"
        )
    if kind == "dose":
        check_number(f"{name} dose", num, 0.0, MAX_DOSE)
    if kind == "taper" and num is not None:
        check_number(f"{name} taper weeks", num, 0.5, 104.0)
    return word


def check_therapy(word: str, name: str = "therapy") -> str:
    """Check a therapy schedule word; return it (ValueError naming the allowed words)."""
    kind, num = _split(word, name)
    if kind == "boosters":
        if num is None or num != int(num):
            raise ValueError(f"{name}: 'boosters N' needs a whole number N; got {word!r}")
        check_number(f"{name} boosters", num, 0, 52)
        return word
    if kind not in THERAPY_RATES:
        raise ValueError(
            f"{name} must be one of {sorted(THERAPY_RATES)} or 'boosters N'; got {word!r}"
        )
    return word


@dataclass(frozen=True)
class Phase:
    """``weeks`` weeks in which each arm gets ``medication`` and ``therapy`` (words, see module
    doc)."""

    name: str
    weeks: float
    medication: str | Sequence[str] = "none"
    therapy: str | Sequence[str] = "none"

    def __post_init__(self) -> None:
        check_number(f"phase {self.name!r} weeks", self.weeks, 1.0, float(MAX_WEEKS))

    def words(self, kind: str, n_arms: int) -> tuple[str, ...]:
        """The ``kind`` ('medication' or 'therapy') word of every arm."""
        value = getattr(self, kind)
        words = (value,) * n_arms if isinstance(value, str) else tuple(value)
        if len(words) != n_arms:
            raise ValueError(
                f"phase {self.name!r} {kind} must give one word or {n_arms} words "
                f"(one per arm); got {len(words)}"
            )
        check = check_medication if kind == "medication" else check_therapy
        for w in words:
            check(w, f"phase {self.name!r} {kind}")
        return words


@dataclass(frozen=True)
class Design:
    """A trial: 2-4 named arms going through the same phases, each with its own schedules."""

    name: str
    arms: Sequence[str]
    phases: Sequence[Phase]
    follow_from: str | None = None  # relapse counted from the end of this phase (default: first)

    def __post_init__(self) -> None:
        arms = tuple(self.arms)
        if not 2 <= len(arms) <= 4 or len(set(arms)) != len(arms):
            raise ValueError(f"arms must be 2 to 4 different names; got {arms!r}")
        object.__setattr__(self, "arms", arms)
        phases = tuple(self.phases)
        if not phases or not all(isinstance(p, Phase) for p in phases):
            raise ValueError("phases must be a non-empty list of Phase objects")
        object.__setattr__(self, "phases", phases)
        for p in phases:
            p.words("medication", len(arms))
            p.words("therapy", len(arms))
        names = [p.name for p in phases]
        if self.follow_from is not None and self.follow_from not in names:
            raise ValueError(f"follow_from must be one of {names}; got {self.follow_from!r}")
        check_number("total weeks", self.weeks, 1.0, float(MAX_WEEKS))

    @property
    def weeks(self) -> int:
        """Whole length of the trial (weeks, rounded up)."""
        total = sum(p.weeks for p in self.phases)
        return int(-(-total // 1))

    @property
    def follow_from_week(self) -> float:
        """Week at which relapse follow-up starts (end of the ``follow_from`` phase)."""
        name = self.follow_from or self.phases[0].name
        end = 0.0
        for p in self.phases:
            end += p.weeks
            if p.name == name:
                return end
        raise AssertionError("unreachable")

    def phase_starts(self) -> list[tuple[str, float, float]]:
        """(phase name, start week, end week) of every phase."""
        out, start = [], 0.0
        for p in self.phases:
            out.append((p.name, start, start + p.weeks))
            start += p.weeks
        return out

    def plans(self) -> dict[str, Plan]:
        """One ``Plan`` per arm, keyed by arm name (in arm order)."""
        return {arm: self.plan(arm) for arm in self.arms}

    def plan(self, arm: str) -> Plan:
        """The ``Plan`` of one arm."""
        if arm not in self.arms:
            raise ValueError(f"arm must be one of {list(self.arms)}; got {arm!r}")
        i = self.arms.index(arm)
        plan = Plan(arm)
        for phase, start, stop in self.phase_starts():
            p = next(q for q in self.phases if q.name == phase)
            plan = _add_medication(plan, p.words("medication", len(self.arms))[i], start, stop)
            plan = _add_therapy(plan, p.words("therapy", len(self.arms))[i], start, stop)
        return plan


def _add_medication(plan: Plan, word: str, start: float, stop: float) -> Plan:
    kind, num = _split(word, "medication")
    if kind in ("continue", "on"):
        return plan.with_medication(start, stop, 1.0)
    if kind == "dose" and num is not None:  # check_medication: "dose" comes with its number
        return plan.with_medication(start, stop, num) if num > 0 else plan
    if kind == "taper":  # from the dose the arm was on just before (standard dose in a first phase)
        weeks = min(num if num is not None else stop - start, stop - start)
        before = float(plan.dose([start - 1e-6])[0]) if start > 0 else 1.0
        return plan.with_taper(start, weeks, before, 0.0) if before > 0 else plan
    return plan  # stop / none / off / placebo: no drug


def _add_therapy(plan: Plan, word: str, start: float, stop: float) -> Plan:
    kind, num = _split(word, "therapy")
    if kind == "boosters" and num is not None:  # check_therapy: "boosters" comes with its number
        n = int(num)
        if n == 0:
            return plan
        length = stop - start
        return plan.with_boosters([start + length * (k + 0.5) / n - 0.5 for k in range(n)])
    rate = THERAPY_RATES[kind]
    return plan.with_therapy(start, stop, rate) if rate > 0 else plan


def simulate_design(
    design: Design,
    cohort: Cohort,
    seed: int | None = 0,
    params: LandscapeParams | None = None,
    drug: Drug = SERTRALINE_LIKE,
    keep_state: bool = False,
) -> dict[str, Outcome]:
    """Run every arm of ``design`` on the same ``cohort`` and ``seed``; arm name -> ``Outcome``."""
    if not isinstance(design, Design):
        raise ValueError(f"design must be a Design; got {type(design).__name__}")
    params = params or DEFAULT_PARAMS
    return {
        arm: simulate(
            cohort,
            plan,
            design.weeks,
            seed,
            params,
            drug,
            follow_from=design.follow_from_week,
            keep_state=keep_state,
        )
        for arm, plan in design.plans().items()
    }


def hollon_2005(prior_therapy_boosters: int = 3) -> Design:
    """Hollon et al. 2005: 16 weeks of acute therapy or medication, then 12 months' continuation."""
    return Design(
        "Hollon 2005",
        arms=("prior therapy", "continued medication", "medication withdrawn"),
        phases=(
            Phase(
                "acute",
                16,
                medication=("none", "continue", "continue"),
                therapy=("weekly", "none", "none"),
            ),
            Phase(
                "continuation",
                52,
                medication=("none", "continue", "placebo"),
                therapy=(f"boosters {prior_therapy_boosters}", "none", "none"),
            ),
        ),
    )


def geddes_2003() -> Design:
    """Geddes et al. 2003 (a typical trial of the review): 12 weeks of medication, then 1 year on it
    or placebo."""
    return Design(
        "Geddes 2003",
        arms=("continued medication", "placebo"),
        phases=(
            Phase("acute", 12, medication="continue"),
            Phase("continuation", 52, medication=("continue", "placebo")),
        ),
    )


def guidi_2016(sessions: int = 4) -> Design:
    """A sequential design as pooled by Guidi et al. 2016 (CBT added while the drug continues).

    12 weeks of medication make patients well; then every responder continues the
    drug for a year, and one arm adds ``sessions`` CBT sessions a fortnight apart (an
    assumption of the toy: the pooled trials gave courses of different lengths).
    """
    weeks = 2 * sessions
    return Design(
        "Guidi 2016",
        arms=("CBT added, drug continued", "drug continued"),
        phases=(
            Phase("acute", 12, medication="continue"),
            Phase("CBT", weeks, medication="continue", therapy=("fortnightly", "none")),
            Phase("continuation", 52 - weeks, medication="continue"),
        ),
    )
