"""The model and the demos under wasm32's index type (Pyodide, the browser version).

On wasm32 ``np.intp`` is 32-bit, so NumPy functions that take counts or indices as
``np.intp`` refuse int64 arrays (what ``Generator.poisson`` and ``integers`` return):
``np.repeat(np.arange(n), counts)`` raised "Cannot cast array data from dtype('int64') to
dtype('int32') according to the rule 'safe'" in the browser. On a 64-bit CPython int64 *is*
np.intp, so nothing fails there. These tests give every module of the package a NumPy whose
``intp`` is 32-bit and whose ``repeat`` casts as wasm32's does, then build every demo of
every lesson and run the models: code that passes int64 counts fails here as in the browser.
"""

from __future__ import annotations

import importlib
import pkgutil
import types

import numpy as np
import pytest

import partners_in_healing
from partners_in_healing.lessons import LESSONS


def _repeat32(a, repeats, axis=None):
    if isinstance(repeats, np.ndarray) and not np.can_cast(repeats.dtype, np.int32, "safe"):
        raise TypeError(
            f"Cannot cast array data from dtype('{repeats.dtype}') to dtype('int32') "
            "according to the rule 'safe'"
        )
    return np.repeat(a, repeats, axis)


class Wasm32Numpy(types.ModuleType):
    """numpy as a wasm32 build behaves for index types (the rest is numpy itself)."""

    intp = np.int32

    def __init__(self) -> None:
        super().__init__("numpy")
        self.repeat = _repeat32

    def __getattr__(self, name):
        return getattr(np, name)


def _modules():
    for info in pkgutil.walk_packages(partners_in_healing.__path__, "partners_in_healing."):
        if info.name.endswith(("serve", "voila_app", "bench", "figures", "__main__")):
            continue  # servers and command-line tools: not in the browser
        yield importlib.import_module(info.name)


@pytest.fixture
def wasm32(monkeypatch):
    fake = Wasm32Numpy()
    for module in _modules():
        if getattr(module, "np", None) is np:
            monkeypatch.setattr(module, "np", fake)
    return fake


def test_the_emulation_catches_int64_counts(wasm32):
    counts = np.random.default_rng(0).poisson(2.0, 5)  # int64, as in the browser
    with pytest.raises(TypeError, match="int32"):
        wasm32.repeat(np.arange(5), counts)
    assert len(wasm32.repeat(np.arange(5), counts.astype(wasm32.intp))) == counts.sum()


@pytest.mark.parametrize(
    "cls",
    [pytest.param(c, id=f"{le.number}-{c.__name__}") for le in LESSONS for c in le.demos()],
)
def test_every_demo_builds_and_updates_under_wasm32(cls, wasm32):
    demo = cls()
    first = next(iter(demo.controls.values()))
    if hasattr(first, "max") and hasattr(first, "min"):  # a slider: move it one step
        first.value = first.max if first.value != first.max else first.min
    demo.reset()


def test_relapse_trials_under_wasm32(wasm32):
    from partners_in_healing.model import relapse_calibration as cal
    from partners_in_healing.model.cohort import make_cohort
    from partners_in_healing.model.phases import simulate_design

    population = cal.populations()["Hollon 2005"]
    outcomes = simulate_design(
        cal.designs()["Hollon 2005"], make_cohort(300, 3, population), 3, cal.params()
    )
    assert outcomes
