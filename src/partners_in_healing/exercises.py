"""Feedback for notebook exercises.

A notebook exercise is a stub the student completes; its check cell calls
``check_exercise``, which says "not done yet" for an untouched stub (so the
notebook still runs top to bottom), explains what is wrong for a wrong answer,
and congratulates a right one. Solutions live in ``partners_in_healing.solutions``
and the test suite runs every checker on them (and on a wrong answer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def check_exercise(title: str, answer: Any, checker: Callable[[Any], None]) -> bool:
    """Run ``checker(answer)``, print friendly feedback, return True when it passes."""
    try:
        checker(answer)
    except NotImplementedError:
        print(f"⏳ {title}: not done yet. Fill in the lines marked `...` and run the cells again.")
        return False
    except AssertionError as err:
        print(f"❌ {title}: not yet right. {err}")
        return False
    print(f"✅ {title}: well done!")
    return True
