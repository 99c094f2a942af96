"""The registry of lessons: one entry per notebook, read by navigation, figure
export, benchmarks and the test suites, so a new lesson is covered by adding it here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    number: str  # "01"
    title: str
    notebook: str  # file name in notebooks/
    widgets: str | None  # module defining DEMOS (list of Demo classes), or None
    figures: str | None  # module defining key_figures() -> list[KeyFigure], or None

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
        "partners_in_healing.widgets.lesson00",
        "partners_in_healing.view.lesson00",
    ),
    Lesson(
        "01",
        "The additive effect",
        "01-additive-effect.ipynb",
        "partners_in_healing.widgets.lesson01",
        "partners_in_healing.view.lesson01",
    ),
    Lesson(
        "02",
        "Bottom-up versus top-down",
        "02-bottom-up-top-down.ipynb",
        "partners_in_healing.widgets.lesson02",
        "partners_in_healing.view.lesson02",
    ),
    Lesson(
        "03",
        "Relapse reduction",
        "03-relapse-reduction.ipynb",
        "partners_in_healing.widgets.lesson03",
        "partners_in_healing.view.lesson03",
    ),
    Lesson(
        "04",
        "Who benefits, and finding what works",
        "04-who-benefits.ipynb",
        "partners_in_healing.widgets.lesson04",
        "partners_in_healing.view.lesson04",
    ),
]
