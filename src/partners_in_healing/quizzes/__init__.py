"""Self-check quiz content, one module per lesson (``lessonNN.QUESTIONS``).

Questions and their feedback live here, not in the notebooks, so that a student who
reads a notebook's source does not see the answers. Every option carries its own
feedback: why it is right, or what the reasoning behind it misses. No Jupyter imports:
the widget is ``partners_in_healing.widgets.quiz``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    text: str
    feedback: str  # shown when this option is chosen: why it is right, or what it misses


@dataclass(frozen=True)
class Question:
    prompt: str
    options: tuple[Option, ...]
    correct: int  # index into options

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise ValueError(f"options must hold at least 2 answers; got {len(self.options)}")
        if not 0 <= self.correct < len(self.options):
            raise ValueError(
                f"correct must be in [0, {len(self.options) - 1}]; got {self.correct!r}"
            )
        if not all(o.text and o.feedback for o in self.options):
            raise ValueError("every option needs a text and a feedback")


def questions(lesson: str) -> list[Question]:
    """The quiz of lesson ``lesson`` ("00", "01", ...)."""
    try:
        module = importlib.import_module(f"{__name__}.lesson{lesson}")
    except ModuleNotFoundError:
        raise ValueError(
            f"lesson must name a lesson with a quiz, e.g. '01'; got {lesson!r}"
        ) from None
    return list(module.QUESTIONS)
