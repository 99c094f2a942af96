"""Input validation shared by every model.

Every check raises ``ValueError`` naming the parameter, the allowed range and the
value given, so a student who types a bad number learns what to type instead.
"""

from __future__ import annotations

import numbers

import numpy as np


def _describe(lo: float | None, hi: float | None) -> str:
    lo_s = "-inf" if lo is None else f"{lo:g}"
    hi_s = "inf" if hi is None else f"{hi:g}"
    return f"[{lo_s}, {hi_s}]"


def check_number(name: str, value, lo: float | None = None, hi: float | None = None) -> float:
    """Return ``value`` as a float after checking it is a finite real in [lo, hi]."""
    allowed = _describe(lo, hi)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number in {allowed}; got {value!r}")
    v = float(value)
    if not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number in {allowed}; got {value!r}")
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise ValueError(f"{name} must be in {allowed}; got {value!r}")
    return v


def check_int(name: str, value, lo: int | None = None, hi: int | None = None) -> int:
    """Return ``value`` as an int after checking it is a whole number in [lo, hi]."""
    allowed = _describe(lo, hi)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number in {allowed}; got {value!r}")
    v = int(value)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise ValueError(f"{name} must be in {allowed}; got {value!r}")
    return v


def check_seed(value) -> int | None:
    """A seed is ``None`` or a non-negative whole number."""
    if value is None:
        return None
    return check_int("seed", value, 0, 2**63 - 1)


def check_array(
    name: str,
    value,
    lo: float | None = None,
    hi: float | None = None,
    shape: tuple[int, ...] | None = None,
) -> np.ndarray:
    """Return ``value`` as a float array after checking every entry is finite and in [lo, hi]."""
    allowed = _describe(lo, hi)
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be an array of numbers in {allowed}; got {value!r}"
        ) from None
    if shape is not None and arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}; got shape {arr.shape}")
    if arr.size and not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)].ravel()[0]
        raise ValueError(f"{name} must hold finite numbers in {allowed}; got {bad!r}")
    if arr.size and lo is not None and arr.min() < lo:
        raise ValueError(f"{name} must hold numbers in {allowed}; got {arr.min():g}")
    if arr.size and hi is not None and arr.max() > hi:
        raise ValueError(f"{name} must hold numbers in {allowed}; got {arr.max():g}")
    return arr


def check_choice(name: str, value, choices) -> str:
    """Return ``value`` after checking it is one of ``choices``."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}")
    return value


def check_type(name: str, value, cls: type):
    """Return ``value`` after checking it is a ``cls`` (e.g. a Cohort or a Plan)."""
    if not isinstance(value, cls):
        raise ValueError(f"{name} must be a {cls.__name__}; got {type(value).__name__}")
    return value
