"""The registry of lessons: one entry per notebook, read by navigation, figure
export, benchmarks and the test suites, so a new lesson is covered by adding it here.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

INDEX = "index.ipynb"  # the contents page


@dataclass(frozen=True)
class Lesson:
    """Everything the series knows about one lesson; navigation, the README's table, the
    app, the tests and the benchmarks read it from here."""

    number: str  # "01"
    title: str
    notebook: str  # file name in notebooks/
    description: str  # one line for the contents page and the README
    time: str  # as the notebook states it ("Estimated time"), e.g. "45–60 min"
    widgets: str | None  # module defining DEMOS (list of Demo classes), or None
    figures: str | None  # module defining key_figures() -> list[KeyFigure], or None
    checks: str | None = None  # module checking the notebook's exercises
    # Demos (class names) whose first slider must redraw only the traces, never the whole
    # figure (tests/browser/test_plot_updates.py; the latency targets depend on it).
    fast: tuple[str, ...] = ()

    def demos(self) -> list:
        """Demo classes of this lesson."""
        if not self.widgets:
            return []
        return list(importlib.import_module(self.widgets).DEMOS)

    def key_figures(self) -> list:
        """Figures of this lesson worth exporting for slides."""
        if not self.figures:
            return []
        return list(importlib.import_module(self.figures).key_figures())


LESSONS: list[Lesson] = [
    Lesson(
        "00",
        "Welcome: what a toy model is",
        "00-welcome.ipynb",
        "How the series works, how to use the demos, what a simulation can and cannot tell "
        "you, and how to read a trial result.",
        "20 min",
        "partners_in_healing.widgets.lesson00",
        "partners_in_healing.view.lesson00",
        "partners_in_healing.checks.lesson00",
        fast=("CohortDemo",),
    ),
    Lesson(
        "01",
        "The additive effect",
        "01-additive-effect.ipynb",
        "Medication and therapy each help; together they help more. Additive on the symptom "
        "scale, not on response rates; virtual randomised trials.",
        "45–60 min",
        "partners_in_healing.widgets.lesson01",
        "partners_in_healing.view.lesson01",
        "partners_in_healing.checks.lesson01",
        fast=("TrajectoryDemo", "ScalesDemo", "TrialDemo"),
    ),
    Lesson(
        "02",
        "Bottom-up versus top-down",
        "02-bottom-up-top-down.ipynb",
        "Medication works bottom-up (limbic, body symptoms), therapy top-down (prefrontal, "
        "thinking); plasticity opened by one, directed by the other.",
        "60 min",
        "partners_in_healing.widgets.lesson02",
        "partners_in_healing.view.lesson02",
        "partners_in_healing.checks.lesson02",
        fast=("PulseDemo", "ClusterDemo", "BrainDemo", "PlasticityDemo"),
    ),
    Lesson(
        "03",
        "Relapse reduction",
        "03-relapse-reduction.ipynb",
        "Mood as a ball in a landscape: what happens after treatment stops, relapse curves "
        "and early warning signs.",
        "50–60 min",
        "partners_in_healing.widgets.lesson03",
        "partners_in_healing.view.lesson03",
        "partners_in_healing.checks.lesson03",
        fast=("LandscapeDemo", "PlanEditorDemo", "EarlyWarningDemo"),
    ),
    Lesson(
        "04",
        "Who benefits, and finding what works",
        "04-who-benefits.ipynb",
        "Who gains how much: every patient's own outcome, moderators (weak evidence), "
        "adherence and dropout, steps of care (STAR*D), early improvement.",
        "55–65 min",
        "partners_in_healing.widgets.lesson04",
        "partners_in_healing.view.lesson04",
        "partners_in_healing.checks.lesson04",
    ),
]


def markdown_table() -> str:
    """The README's table of lessons."""
    rows = ["| # | notebook | what you learn | time |", "|---|---|---|---|"]
    rows += [
        f"| {x.number} | `notebooks/{x.notebook}` | {x.description} | {x.time} |" for x in LESSONS
    ]
    return "\n".join(rows)


def lesson_notebooks(folder: Path) -> list[Path]:
    """The series' own notebooks in ``folder``: the contents page and every registered
    lesson that exists (never a student's own notebooks beside them)."""
    names = [INDEX, *(lesson.notebook for lesson in LESSONS)]
    return [folder / name for name in names if (folder / name).exists()]


if __name__ == "__main__":  # `make clean-notebooks`: the files nbstripout may touch
    print(
        "\n".join(
            map(str, lesson_notebooks(Path(sys.argv[1] if len(sys.argv) > 1 else "notebooks")))
        )
    )
