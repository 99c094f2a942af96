"""Checkers for the notebook exercises, one module per lesson: each raises AssertionError
with a hint (see ``partners_in_healing.exercises`` for how the hint reaches the student)."""

from __future__ import annotations

import math

import numpy as np

from ..exercises import describe


def number(value, what: str, array_hint: str = "") -> float:
    """``value`` as a finite float, or an AssertionError that says, in a sentence, what was
    expected and what came instead (``array_hint`` is added when an array came)."""
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, bool | np.bool_ | str | np.ndarray) or value is None or callable(value):
        hint = f" {array_hint}" if array_hint and isinstance(value, np.ndarray) else ""
        raise AssertionError(
            f"{what} should be one number; your function returned {describe(value)}.{hint}"
        )
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise AssertionError(
            f"{what} should be one number; your function returned {describe(value)}."
        ) from None
    if not math.isfinite(out):
        raise AssertionError(
            f"{what} should be a finite number; your function returned {describe(out)}."
        )
    return out
