"""Refit every calibrated model to its published targets and print the residuals.

    python -m partners_in_healing.calibrate            # every lesson
    python -m partners_in_healing.calibrate lesson01   # one lesson

Prints the refitted parameters beside the stored ones and a table of simulated
versus published rates (10,000 virtual patients per arm).
"""

from __future__ import annotations

import sys
import time


def lesson01() -> str:
    """Refit lesson 01 (Keller 2000, DeRubeis 2005) and report residuals."""
    from .model import calibration as cal

    refit = cal.fit()
    lines = ["## Lesson 01: additive model", "", f"stored: {cal.FITTED}", f"refit:  {refit}", ""]
    lines.append(cal.format_table(cal.check(refit)))
    return "\n".join(lines)


def lesson03() -> str:
    """Refit lesson 03 (Hollon 2005, Geddes 2003) and report residuals."""
    from .model import relapse_calibration as cal

    refit = cal.fit()
    lines = ["## Lesson 03: relapse landscape", "", f"stored: {cal.FITTED}", f"refit:  {refit}", ""]
    lines.append(cal.format_table(cal.check(refit)))
    return "\n".join(lines)


def lesson02() -> str:
    """Lesson 02 is not fitted to trial numbers: its scales were set so its 16-week totals
    agree with lesson 01. Print that comparison (and DeRubeis 2005's response rates)."""
    from .model.circuit import lesson01_comparison

    def pct(x):
        return "-" if x is None else f"{100 * x:.0f}"

    lines = [
        "## Lesson 02: circuit model beside lesson 01 (DeRubeis 2005 patients)",
        "",
        "| arm | response wk 8: L01 / L02 / published % | response wk 16: L01 / L02 / published % |",
        "|---|---|---|",
    ]
    for r in lesson01_comparison():
        lines.append(
            f"| {r['arm']} | {pct(r['lesson01 response wk8'])} / {pct(r['lesson02 response wk8'])} / "
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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
