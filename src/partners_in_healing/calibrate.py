"""Refit every calibrated model to its published targets and print the residuals.

    python -m partners_in_healing.calibrate            # every lesson
    python -m partners_in_healing.calibrate lesson01   # one lesson

Prints the refitted parameters beside the stored ones and every published target
(pooled estimates, single trials, checks) beside the toy's value, with its residual
and verdict (10,000 virtual patients per arm); exits 1 if a fitted target is outside
its limit.
"""

from __future__ import annotations

import sys
import time

FAILED: list[str] = []  # fitted targets outside their limits in this run


def _report(title: str, cal) -> str:
    """Refit with the lesson's protocol, then every target with its residual (same table)."""
    refit = cal.fit()
    rows = cal.check(refit)
    bad = [r["key"] for r in rows if r["role"] == "fitted" and not r["inside"]]
    FAILED.extend(bad)
    fitted = sum(r["role"] == "fitted" for r in rows)
    lines = [title, "", f"stored: {cal.FITTED}", f"refit:  {refit}", ""]
    lines.append(cal.format_table(rows))
    lines.append("")
    lines.append(
        f"{fitted - len(bad)} of {fitted} fitted targets within their limits "
        "(pooled ratio or g: inside its 95 % CI; rate: within 5 pp)"
        + (f"; OUTSIDE: {bad}" if bad else "")
    )
    return "\n".join(lines)


def lesson01() -> str:
    """Refit lesson 01 (pooled: Cuijpers 2014, 2009, 2013, 2020; Keller 2000, DeRubeis 2005)."""
    from .model import calibration as cal

    return _report("## Lesson 01: additive model (10,000 virtual patients per arm)", cal)


def lesson03() -> str:
    """Refit lesson 03 (pooled: Geddes 2003, Kato 2021, Guidi 2016; Hollon 2005)."""
    from .model import relapse_calibration as cal

    return _report("## Lesson 03: relapse landscape (10,000 virtual patients per arm)", cal)


def lesson02() -> str:
    """Lesson 02 is not fitted to trial numbers: its scales were set so its 16-week totals
    agree with lesson 01. Print that comparison (and DeRubeis 2005's response rates)."""
    from .model.circuit import lesson01_comparison

    def pct(x):
        return "-" if x is None else f"{100 * x:.0f}"

    lines = [
        "## Lesson 02: circuit model beside lesson 01 (DeRubeis 2005 patients)",
        "",
        "| arm | response wk 8: L01 / L02 / published % | response wk 16: L01 / L02 / published % "
        "|",
        "|---|---|---|",
    ]
    for r in lesson01_comparison():
        lines.append(
            f"| {r['arm']} | {pct(r['lesson01 response wk8'])} / {pct(r['lesson02 response wk8'])} "
            "/ "
            f"{pct(r['published response wk8'])} | {pct(r['lesson01 response wk16'])} / "
            f"{pct(r['lesson02 response wk16'])} / {pct(r['published response wk16'])} |"
        )
    return "\n".join(lines)


def lesson04() -> str:
    """Refit lesson 04 (Rush 2006, Keller 2000, Hollon 2014, Cuijpers 2020) and report residuals."""
    from .model import care_calibration as cal

    refit = cal.fit()
    lines = ["## Lesson 04: who benefits, dropout, steps", "", f"stored: {cal.FITTED}"]
    lines += [f"refit:  {refit}", ""]
    rows = cal.check(refit)
    lines.append(cal.format_table(rows))
    ok = all(cal.within_tolerance(r) for r in rows)
    lines.append(
        f"\nEvery target within tolerance (rates 5 pp, ratios inside the published 95 % CI): {ok}"
    )
    return "\n".join(lines)


LESSONS = {"lesson01": lesson01, "lesson02": lesson02, "lesson03": lesson03, "lesson04": lesson04}


def main(argv: list[str]) -> int:
    names = argv or list(LESSONS)
    unknown = [n for n in names if n not in LESSONS]
    if unknown:
        print(f"unknown lesson {unknown}; choose from {sorted(LESSONS)}", file=sys.stderr)
        return 2
    for name in names:
        t0 = time.perf_counter()
        print(LESSONS[name]())
        print(f"\n({name}: {time.perf_counter() - t0:.1f} s)\n")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
