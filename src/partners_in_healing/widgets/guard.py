"""The kernel decides what a control may be: what a page may change, and to which values.

A widget's traits are synced both ways, so whoever holds a page's websocket (a student
with the classroom link, a local process) could send ``{"max": 10_000_000}`` to a
slider and then ``{"value": 10_000_000}``: the demo would simulate ten million patients
and take the lecturer's memory (seen: 138 MB -> 5.2 GB in two minutes). Here, for every
control (ipywidgets' value widgets and tab-like containers) and every widget of this
package, in a kernel that imported this module, a state update from the page

* may change only what a person changes with a control (``PAGE_SETTABLE``: a value, a
  selected index, a Play button's playing/repeat), never ``min``, ``max``, ``step``,
  ``options``, a figure's spec or a layout;
* is refused when a numeric value is not finite or lies outside the control's own
  ``[min, max]`` (ipywidgets would clamp it; NaN it would let through).

A refused update is dropped (logged at warning level) and the page is sent the kernel's
state again, so it shows what the kernel holds. Code in the kernel (a demo, a preset,
a test) sets traits directly and is not affected. Other widgets keep ipywidgets' own
rules: their pages set more than values (an ``Output`` widget's captured ``outputs``, so
``@interact`` draws; plotly's ``go.FigureWidget`` reports zoom and pan), and refusing
those broke a student's ``@interact`` cell in any kernel that had imported a lesson.
"""

from __future__ import annotations

import logging
import math
import numbers
from typing import Any

import ipywidgets as W

log = logging.getLogger("partners_in_healing.guard")

# Traits a person changes through a control in the page (ipywidgets 8's views send only these).
PAGE_SETTABLE = frozenset({"value", "index", "selected_index", "playing", "repeat"})

_original_set_state = W.Widget.set_state

# ipywidgets' controls: what a person moves, clicks or selects in a page
CONTROLS = (W.ValueWidget, W.Tab, W.Accordion, W.Stack)
OWN = __name__.split(".")[0] + "."  # this package's widgets (the figure) are covered too


def _finite_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def allowed_value(widget: W.Widget, value: Any) -> bool:
    """True when ``value`` is one ``widget`` may take: for a widget with ``min`` and ``max``,
    every number finite and within them (a range slider's pair included)."""
    lo, hi = getattr(widget, "min", None), getattr(widget, "max", None)
    if not (_finite_number(lo) and _finite_number(hi)):
        return True  # not a bounded numeric control: its own validation applies
    if isinstance(widget, W.FloatLogSlider):
        lo, hi = widget.base**lo, widget.base**hi
    parts = value if isinstance(value, (list, tuple)) else [value]
    return bool(parts) and all(_finite_number(v) and lo <= v <= hi for v in parts)


def page_update(widget: W.Widget, state: dict) -> tuple[dict, list[str]]:
    """Split a state update from the page into (accepted part, names refused)."""
    accepted, refused = {}, []
    for name, value in state.items():
        if name not in PAGE_SETTABLE:
            refused.append(name)
        elif name == "value" and not allowed_value(widget, value):
            refused.append(name)
        else:
            accepted[name] = value
    return accepted, refused


def covered(widget: W.Widget) -> bool:
    """True for the widgets the rules above apply to: controls and this package's own."""
    return isinstance(widget, CONTROLS) or type(widget).__module__.startswith(OWN)


def guarded_set_state(self: W.Widget, sync_data: dict) -> None:
    """``Widget.set_state`` (called only for state sent by the page), keeping to the rules above."""
    if not covered(self):
        _original_set_state(self, sync_data)
        return
    accepted, refused = page_update(self, dict(sync_data))
    if refused:
        log.warning(
            "refused a page's change of %s on %s: %s",
            ", ".join(refused),
            type(self).__name__,
            {k: sync_data[k] for k in refused},
        )
    if accepted:
        _original_set_state(self, accepted)
    if refused:
        known = [k for k in refused if k in self.keys]
        if known:
            self.send_state(key=known)  # the page goes back to the kernel's values


def install() -> None:
    """Guard every widget of this kernel (idempotent; done on import)."""
    W.Widget.set_state = guarded_set_state


install()
