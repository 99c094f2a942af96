"""Kernel-side benchmarks (``make bench``): demo update times and model scaling.

- One widget update = a control changes -> model runs -> figure updated in place,
  timed in this process (no browser) for every demo of every lesson, 20 updates
  each, stepping the demo's first slider through distinct values (no cache hits
  for the values it sets; arms that a control does not affect may come from cache).
  Target: <= 20 ms median at the default cohort size.
- Cohort scaling: lesson 01's model for 1,000 to 100,000 patients x 16 weeks.
  Target: 100,000 patients in <= 1 s.
- Each lesson's widgets module may add ``BENCHMARKS = {name: (callable, target_s)}``.

Results are printed and written to benchmarks/RESULTS.md (section "kernel").
"""

from __future__ import annotations

import importlib
import statistics
import sys
import time

import ipywidgets as W
import numpy as np

from .lessons import LESSONS
from .results import machine, write_section

UPDATE_TARGET_MS = 20.0


def _values(w, count: int) -> list:
    """``count`` values to step control ``w`` through: distinct slider positions going up
    from the start (so model caches do not flatter the timing), or the options in turn."""
    if isinstance(w, (W.FloatSlider, W.IntSlider)):
        steps = int(round((w.max - w.min) / w.step))
        grid = [w.min + i * w.step for i in range(steps + 1)]
        start = min(range(len(grid)), key=lambda i: abs(grid[i] - w.value))
        order = grid[start + 1 :] + grid[: start + 1]
        return [order[i % len(order)] for i in range(count)]
    if isinstance(w, W.Dropdown):
        opts = [o[1] if isinstance(o, tuple) else o for o in w.options]
        return [opts[(i + 1) % len(opts)] for i in range(count)]
    return [(not w.value) if i % 2 == 0 else w.value for i in range(count)]


def time_demo(cls, repeats: int = 20) -> list[float]:
    """Milliseconds per update of demo ``cls`` (control change -> figure updated)."""
    demo = cls()
    sliders = [w for w in demo.controls.values() if isinstance(w, (W.FloatSlider, W.IntSlider))]
    w = sliders[0] if sliders else next(iter(demo.controls.values()))
    out = []
    for value in _values(w, repeats):
        t0 = time.perf_counter()
        w.value = value
        out.append(1000 * (time.perf_counter() - t0))
    return out


def _p95(xs):
    return float(np.percentile(xs, 95))


def demo_table() -> tuple[str, bool]:
    rows = [
        "| lesson | demo | median (ms) | p95 (ms) | target | met |",
        "|---|---|---|---|---|---|",
    ]
    ok = True
    for lesson in LESSONS:
        for cls in lesson.demos():
            ms = time_demo(cls)
            med = statistics.median(ms)
            met = med <= UPDATE_TARGET_MS
            ok &= met
            rows.append(
                f"| {lesson.number} | {cls.__name__} | {med:.1f} | {_p95(ms):.1f} | "
                f"<= {UPDATE_TARGET_MS:.0f} ms median | {'yes' if met else 'NO'} |"
            )
    return "\n".join(rows), ok


def _scaling_cases():
    from .model.additive import simulate
    from .model.cohort import make_cohort
    from .model.plan import standard_arms

    plan = standard_arms()["combined"]
    cases = {}
    for n in (1_000, 10_000, 100_000):
        cohort = make_cohort(n, 0)
        target = 1.0 if n == 100_000 else None
        cases[f"lesson01 additive, {n:,} patients x 16 weeks"] = (
            (lambda c=cohort: simulate(c, plan, 16, 0)),
            target,
        )
    for lesson in LESSONS:
        if lesson.widgets:
            cases.update(getattr(importlib.import_module(lesson.widgets), "BENCHMARKS", {}))
    return cases


def scaling_table(repeats: int = 5) -> tuple[str, bool]:
    rows = ["| case | median (s) | best (s) | target | met |", "|---|---|---|---|---|"]
    ok = True
    for name, (fn, target) in _scaling_cases().items():
        fn()  # warm-up
        ts = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
        med = statistics.median(ts)
        met = target is None or med <= target
        ok &= met
        tgt = "-" if target is None else f"<= {target:g} s"
        rows.append(
            f"| {name} | {med:.3f} | {min(ts):.3f} | {tgt} | "
            f"{'-' if target is None else ('yes' if met else 'NO')} |"
        )
    return "\n".join(rows), ok


def main() -> int:
    demos, ok1 = demo_table()
    scaling, ok2 = scaling_table()
    text = "\n".join(
        [
            "## Kernel: widget updates and model scaling",
            "",
            f"Measured by `make bench` (`python -m partners_in_healing.bench`) on {machine()}.",
            "One update = control value set -> model -> live figure updated in place (change "
            "message built), in the kernel",
            "(no browser); 20 updates per demo.",
            "",
            demos,
            "",
            "Model scaling (median of 5 runs after a warm-up):",
            "",
            scaling,
            "",
        ]
    )
    print(text)
    write_section("kernel", text)
    return 0 if (ok1 and ok2) else 1


if __name__ == "__main__":
    sys.exit(main())
