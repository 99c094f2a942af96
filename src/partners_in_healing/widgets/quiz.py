"""Self-check quiz: multiple-choice questions with immediate feedback and an explanation."""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as W


@dataclass(frozen=True)
class Question:
    prompt: str
    options: tuple[str, ...]
    correct: int  # index into options
    explanation: str  # why the right answer is right (shown after any answer)

    def __post_init__(self) -> None:
        if not 0 <= self.correct < len(self.options):
            raise ValueError(
                f"correct must be in [0, {len(self.options) - 1}]; got {self.correct!r}"
            )


class QuestionWidget:
    """One question: radio buttons, a Check button and a feedback line."""

    def __init__(self, number: int, question: Question) -> None:
        self.question = question
        self.choice = W.RadioButtons(
            options=list(question.options),
            value=None,
            description="",
            layout=W.Layout(width="auto"),
        )
        self.check_button = W.Button(
            description="Check answer",
            icon="check",
            tooltip=f"Check your answer to question {number}",
        )
        self.feedback = W.HTML("")
        self.check_button.on_click(lambda _b: self.check())
        self.box = W.VBox(
            [
                W.HTML(f"<b>Q{number}.</b> {question.prompt}"),
                self.choice,
                self.check_button,
                self.feedback,
            ]
        )
        self.box.add_class("pih-quiz-question")

    def check(self) -> bool | None:
        """Show feedback; True when right, False when wrong, None when nothing is chosen."""
        if self.choice.value is None:
            self.feedback.value = "<i>Choose an answer first.</i>"
            return None
        right = self.choice.index == self.question.correct
        mark = "✅ Right." if right else "❌ Not quite."
        self.feedback.value = f"<p><b>{mark}</b> {self.question.explanation}</p>"
        return right


class Quiz:
    """A short quiz; display it as the last expression of a cell."""

    def __init__(self, questions: list[Question]) -> None:
        self.items = [QuestionWidget(i + 1, q) for i, q in enumerate(questions)]
        self.widget = W.VBox([it.box for it in self.items])
        self.widget.add_class("pih-quiz")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
