"""One calibration protocol for every lesson: targets, fit, check, table.

A ``Target`` is one published number with its source, what kind of number it is
(a rate, a ratio or an effect size g) and the limit the toy must meet:

- a rate (fraction 0-1) within 5 percentage points (pp) of the published one;
- a ratio (risk ratio RR, odds ratio OR) or an effect size (Hedges' g) inside its
  published 95 % confidence interval (CI).

``fit`` minimises the residuals of the fitted targets, each divided by its limit
(so 1.0 is "at the edge"), with bounded least squares; ``rows`` compares a model's
values with every target (fitted ones and checks) and gives a plain verdict;
``format_table`` prints them. Lessons 01 and 03 (``calibration``,
``relapse_calibration``) only say which targets they have and how the toy computes
each number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import least_squares

RATE_TOLERANCE = 0.05  # fraction: 5 percentage points
KINDS = ("rate", "ratio", "g")


@dataclass(frozen=True)
class Target:
    """One published number the toy is fitted to (``fitted``) or checked against.

    ``key`` names it in code; ``source`` is the citation key (``evidence.Source.key``
    style); ``what`` says in words what was measured; ``pooled`` is True for a
    meta-analysis, False for a single trial; ``population`` is the toy population
    (and design) that reproduces it. ``low``/``high``: the published 95 % CI (ratios
    and g); rates have none and get +-5 pp.
    """

    key: str
    source: str
    what: str
    kind: str
    published: float
    low: float | None = None
    high: float | None = None
    pooled: bool = True
    population: str = ""
    fitted: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}; got {self.kind!r}")
        if self.kind != "rate" and (self.low is None or self.high is None):
            raise ValueError(f"target {self.key!r}: a {self.kind} needs its 95 % CI (low, high)")

    @property
    def limits(self) -> tuple[float, float]:
        """The interval the toy's value must fall in."""
        if self.kind == "rate":
            return (self.published - RATE_TOLERANCE, self.published + RATE_TOLERANCE)
        assert self.low is not None and self.high is not None  # __post_init__ checked
        return (float(self.low), float(self.high))

    def scaled_residual(self, value: float) -> float:
        """(toy - published) in units of the allowed distance on that side (|x| <= 1: inside)."""
        lo, hi = self.limits
        room = (hi - self.published) if value >= self.published else (self.published - lo)
        return (value - self.published) / max(room, 1e-9)

    def inside(self, value: float) -> bool:
        lo, hi = self.limits
        return bool(lo <= value <= hi)

    def published_text(self) -> str:
        """The published number as text: '48 %' or '0.43 (0.31 to 0.56)'."""
        if self.kind == "rate":
            return f"{100 * self.published:.1f} %"
        return f"{self.published:.2f} ({self.low:.2f} to {self.high:.2f})"

    def value_text(self, value: float) -> str:
        return f"{100 * value:.1f} %" if self.kind == "rate" else f"{value:.2f}"


def verdict(target: Target, value: float) -> str:
    """Plain words: inside / outside the published interval (or the +-5 pp band)."""
    where = "the published interval" if target.kind != "rate" else "5 pp of the published rate"
    return f"inside {where}" if target.inside(value) else f"outside {where}"


def rows(targets: Sequence[Target], values: dict[str, float]) -> list[dict]:
    """One row per target: the target, the toy's value, residual and verdict."""
    out = []
    for t in targets:
        v = float(values[t.key])
        out.append(
            dict(
                key=t.key,
                source=t.source,
                what=t.what,
                kind=t.kind,
                population=t.population,
                role="fitted" if t.fitted else "check",
                pooled=t.pooled,
                published=t.published,
                low=t.limits[0],
                high=t.limits[1],
                simulated=v,
                residual=v - t.published,
                inside=t.inside(v),
                verdict=verdict(t, v),
                target=t,
            )
        )
    return out


def format_table(table: list[dict]) -> str:
    """Markdown table of ``rows`` (rates in %, residuals of rates in pp)."""
    lines = [
        "| source | what | toy population | role | published | toy | residual | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in table:
        t: Target = r["target"]
        res = f"{100 * r['residual']:+.1f} pp" if t.kind == "rate" else f"{r['residual']:+.2f}"
        kind = "pooled" if t.pooled else "single trial"
        numbers = (t.published_text(), t.value_text(r["simulated"]), res)
        published, toy, res = (nowrap(x) for x in numbers)
        lines.append(
            f"| {t.source} ({kind}) | {t.what} | {t.population} | {r['role']} | "
            f"{published} | {toy} | {res} | {r['verdict']} |"
        )
    return "\n".join(lines)


def nowrap(text: str) -> str:
    """``text`` with no-break spaces: a narrow column wrapped "48.5 %" as "48.5" over "%"
    (lecturer walkthrough)."""
    return text.replace(" ", "\u00a0")


def fit(
    targets: Sequence[Target],
    values: Callable[[np.ndarray], dict[str, float]],
    x0: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    **options,
) -> np.ndarray:
    """Bounded least squares of the fitted targets' scaled residuals; returns the best x.

    ``values(x)`` computes the toy's value of every fitted target for parameters ``x``.
    Deterministic when ``values`` is (fixed cohorts and random draws). ``options`` go to
    ``scipy.optimize.least_squares``.
    """
    fitted = [t for t in targets if t.fitted]
    lo, hi = np.asarray(lower, float), np.asarray(upper, float)

    def residuals(x):
        v = values(np.clip(x, lo, hi))
        return np.array([t.scaled_residual(v[t.key]) for t in fitted])

    start = np.clip(np.asarray(x0, float), lo, hi)
    best = least_squares(residuals, start, bounds=(lo, hi), method="trf", **options)
    return best.x


def forest_row(r: dict, panel: str) -> dict:
    """A ``rows`` entry (a ratio or g) as a row of the model-vs-evidence figure."""
    t: Target = r["target"]
    return dict(
        panel=panel,
        source=t.source,
        what=t.what,
        pooled=t.pooled,
        role=r["role"],
        verdict=r["verdict"],
        published=t.published,
        low=t.low,
        high=t.high,
        toy=r["simulated"],
    )


def ratio_of_rates(table: list[dict], panel: str, what: str, top: str, bottom: str) -> dict:
    """A ratio of two rate targets (published and toy) as a figure row; no interval.

    Its verdict is that of the two rates: both within 5 pp, or not.
    """
    by = {r["key"]: r for r in table}
    a, b = by[top], by[bottom]
    t: Target = a["target"]
    both = a["inside"] and b["inside"]
    return dict(
        panel=panel,
        source=t.source,
        what=what,
        pooled=t.pooled,
        role="fitted" if a["role"] == b["role"] == "fitted" else "check",
        verdict="both rates within 5 pp" if both else "a rate outside 5 pp",
        published=a["published"] / b["published"],
        low=None,
        high=None,
        toy=a["simulated"] / b["simulated"],
    )
