"""Look-ahead: what a slider's next steps would draw, sent before anyone asks.

After a slider moves, the kernel draws the demo's figure for the slider's
neighbouring values (``STEPS`` steps each way), one value per turn of its event
loop and without showing them, then sends them to the page as one "ahead"
message: a *tree* rooted at the figure the page shows now. When the student
presses an arrow key again, the page draws the stored figure at once instead of
waiting for the kernel (plot.js); the kernel's own update, when it comes, carries
a tag saying which node of the tree it leads to, so the page does not draw it
twice.

Every node of a tree is sent *whole* over the properties that any node of it
changes, so the page can go from any node to any other. Anything else (a preset,
another control, the projector theme) takes the usual way through the kernel.
"""

from __future__ import annotations

import os
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as W

from .figure import UNDEFINED

STEPS = 2  # neighbours each way
MAX_TREES = 6  # trees a demo remembers (the page keeps as many)
BUDGET_S = 0.4  # kernel time one tree may take; the nearest neighbours are drawn first
ENV = "PIH_LOOK_AHEAD"  # "0": off (kernel side); "always": on even when the CPU is busy (tests)
# While the machine's CPU is contended (a class sharing one laptop), look-ahead stays
# off: its drawing costs CPU that the other students' kernels need (seen in `make
# loadtest`: p95 under load 487 ms with it, 256 ms without). Where Linux reports CPU
# pressure (PSI), "contended" is more than PRESSURE_BUSY % of the last 10 s with a task
# waiting for a CPU; elsewhere, recent drawings that took over STARVED_RATIO times their
# CPU time (the RECENT last ones).
PRESSURE = "/proc/pressure/cpu"
PRESSURE_BUSY = 30.0
STARVED_RATIO = 2.0
RECENT = 8
_recent: deque[tuple[float, float]] = deque(maxlen=RECENT)  # (wall s, CPU s) per drawing


def enabled() -> bool:
    """False when the environment turns look-ahead off (``PIH_LOOK_AHEAD=0``)."""
    return os.environ.get(ENV, "1") != "0"


@contextmanager
def timed():
    """Time a drawing: wall clock and this process's CPU time (for ``busy``)."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        _recent.append((time.perf_counter() - wall, time.process_time() - cpu))


def cpu_pressure(path: str = PRESSURE) -> float | None:
    """Share (%) of the last 10 s in which some task waited for a CPU (Linux PSI), or None."""
    try:
        with open(path) as f:
            first = f.readline().split()
        return float(dict(kv.split("=") for kv in first[1:])["avg10"])
    except (OSError, ValueError, KeyError, IndexError):
        return None


def busy() -> bool:
    """True when the CPU is contended: ``cpu_pressure`` above ``PRESSURE_BUSY``, or where
    that is not known, this kernel's last drawings took over ``STARVED_RATIO`` times their
    CPU time (plus 5 ms each for the clocks' grain)."""
    if os.environ.get(ENV) == "always":
        return False
    pressure = cpu_pressure()
    if pressure is not None:
        return pressure > PRESSURE_BUSY
    if len(_recent) < 3:
        return False
    wall = sum(w for w, _ in _recent)
    cpu = sum(c for _, c in _recent)
    return wall > STARVED_RATIO * cpu + 0.005 * len(_recent)


def in_kernel() -> bool:
    """True inside a Jupyter kernel (where a page may be waiting for trees)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    return getattr(get_ipython(), "kernel", None) is not None


def is_slider(w: W.Widget) -> bool:
    """Sliders are the controls stepped with arrow keys (and Play buttons)."""
    return isinstance(w, (W.IntSlider, W.FloatSlider))


def tolerance(w: W.Widget) -> float:
    """How close (slider units) two values must be to count as the same step."""
    return abs(w.step) * 1e-6


def neighbours(w: W.Widget, steps: int = STEPS) -> list[float]:
    """Slider values ``1..steps`` steps either side of ``w.value``, nearest first, in range."""
    out = []
    for k in range(1, steps + 1):
        for sign in (1, -1):
            x = w.value + sign * k * w.step
            if w.min - tolerance(w) <= x <= w.max + tolerance(w):
                out.append(int(round(x)) if isinstance(w, W.IntSlider) else round(x, 12))
    return out


def flatten(msg: dict) -> dict[tuple, Any]:
    """An update message as {("data", trace, key) | ("layout", key): value}."""
    out: dict[tuple, Any] = {}
    for key, values in msg["data"].items():
        for j, index in enumerate(msg["traces"]):
            if values[j] != UNDEFINED:
                out[("data", index, key)] = values[j]
    for key, value in msg["layout"].items():
        out[("layout", key)] = value
    return out


def unflatten(flat: dict[tuple, Any]) -> dict:
    """The update message of ``flatten``'s form (one value per listed trace)."""
    traces = sorted({k[1] for k in flat if k[0] == "data"})
    keys = sorted({k[2] for k in flat if k[0] == "data"})
    data = {key: [flat.get(("data", i, key), UNDEFINED) for i in traces] for key in keys}
    layout = {k[1]: v for k, v in flat.items() if k[0] == "layout"}
    return {"method": "update", "data": data, "layout": layout, "traces": traces}


@dataclass
class Tree:
    """One slider's neighbourhood, drawn from the figure at ``root`` (a plot version)."""

    id: str
    name: str  # the slider's control name
    root: int
    values: dict[str, Any]  # every control's value at the root
    targets: list[float]  # slider values with a stored drawing, the root's own included
    tol: float

    def node(self, values: dict[str, Any]) -> float | None:
        """The slider value of the node that ``values`` draws, or None if none does."""
        if any(v != self.values[k] for k, v in values.items() if k != self.name):
            return None
        x = values[self.name]
        return next((t for t in self.targets if abs(t - x) <= self.tol), None)


@dataclass
class Builder:
    """Draws a tree one neighbour at a time (``step``), leaving the figure as it was."""

    demo: Any  # a controls.Demo
    name: str
    values: dict[str, Any] = field(init=False)
    version: int = field(init=False)
    todo: list[float] = field(init=False)
    root: dict[tuple, Any] = field(default_factory=dict)  # root values of changed properties
    nodes: dict[float, dict[tuple, Any]] = field(default_factory=dict)  # changes from the root
    failed: bool = False
    spent: float = 0.0  # seconds of drawing so far

    def __post_init__(self) -> None:
        self.values = self.demo.values()
        self.version = self.demo.fig.plot.version if self.demo.fig.plot else 0
        self.todo = neighbours(self.demo.controls[self.name])

    def stale(self) -> bool:
        """True once the figure or a control changed since the tree was started."""
        plot = self.demo.fig.plot
        return self.demo.values() != self.values or (
            plot is not None and plot.version != self.version
        )

    def step(self) -> bool:
        """Draw the next neighbour and come back to the root; True when all are done."""
        if self.todo and not self.failed and (not self.nodes or self.spent < BUDGET_S):
            t0 = time.perf_counter()
            target = self.todo.pop(0)
            fig = self.demo.fig
            with timed(), fig.capture() as there:
                self.demo.draw({**self.values, self.name: target})
            with timed(), fig.capture() as back:
                self.demo.draw(self.values)
            if any(m["method"] != "update" for m in there + back):
                self.failed = True  # traces added or removed: the page draws all again
            else:
                go, ret = (flatten(m[0]) if m else {} for m in (there, back))
                self.failed = go.keys() != ret.keys()  # a drawing that does not come back
                self.nodes[target] = go
                self.root.update(ret)
            self.spent += time.perf_counter() - t0
        return self.failed or not self.todo or self.spent >= BUDGET_S

    def tree(self, tree_id: str) -> Tree:
        w = self.demo.controls[self.name]
        return Tree(
            tree_id,
            self.name,
            self.version,
            self.values,
            [self.values[self.name], *self.nodes],
            tolerance(w),
        )

    def message(self, tree: Tree, slider_id: str) -> dict:
        """The "ahead" message: every node whole over the properties the tree changes."""
        keys = set().union(*self.nodes.values())
        base = {k: v for k, v in self.root.items() if k in keys}
        entries = [[tree.targets[0], unflatten(base)]]
        entries += [[t, unflatten({**base, **changes})] for t, changes in self.nodes.items()]
        return {
            "method": "ahead",
            "tree": tree.id,
            "root": tree.root,
            "slider": slider_id,
            "tol": tree.tol,
            "entries": entries,
        }
