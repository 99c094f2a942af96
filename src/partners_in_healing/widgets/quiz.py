"""Self-check quiz widget: multiple-choice questions with immediate feedback.

The questions live in ``partners_in_healing.quizzes`` (not in the notebooks, so their
answers are not in a cell's source); a lesson shows its quiz with ``lesson_quiz("01")``.
"""

from __future__ import annotations

import html

import ipywidgets as W

from ..exercises import RIGHT, WRONG
from ..quizzes import Question, questions


class QuestionWidget:
    """One question: radio buttons, a Check button and a feedback line."""

    def __init__(self, number: int, question: Question) -> None:
        self.question = question
        self.choice = W.RadioButtons(
            options=[o.text for o in question.options],
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
                W.HTML(f"<b>Q{number}.</b> {html.escape(question.prompt)}"),
                self.choice,
                self.check_button,
                self.feedback,
            ]
        )
        self.box.add_class("pih-quiz-question")

    def check(self) -> bool | None:
        """Show the chosen option's feedback; True when right, False when wrong, None when
        nothing is chosen."""
        if self.choice.index is None:
            self.feedback.value = "<i>Choose an answer first.</i>"
            return None
        right = self.choice.index == self.question.correct
        mark = RIGHT if right else WRONG
        text = html.escape(self.question.options[self.choice.index].feedback)
        self.feedback.value = f"<p>{mark} {text}</p>"
        return right


class Quiz:
    """A short quiz; display it as the last expression of a cell."""

    def __init__(self, items: list[Question]) -> None:
        self.items = [QuestionWidget(i + 1, q) for i, q in enumerate(items)]
        self.widget = W.VBox([it.box for it in self.items])
        self.widget.add_class("pih-quiz")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def lesson_quiz(lesson: str) -> Quiz:
    """The self-check quiz of lesson ``lesson`` ("00", "01", ...)."""
    return Quiz(questions(lesson))
