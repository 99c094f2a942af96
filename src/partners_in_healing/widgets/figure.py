"""Figures in the page, updated in place: a small anywidget over plotly.js.

``LiveFigure`` is a ``go.Figure`` (the Python side: traces and layout, validated
by plotly.py) that forwards each change to the ``Plot`` widgets showing it. A
``Plot`` draws the figure with plotly.js in the browser and applies each change
as it arrives. Unlike plotly's ``go.FigureWidget`` nothing is sent back after an
update, and the page loads plotly.js's cartesian bundle (1.5 MB: scatter, bar,
histogram, heatmap, box ...) instead of the whole library (5 MB).

Where plotly.js comes from: when the server was started by
``partners_in_healing.serve`` (``make lab``, ``make present``), it serves the
bundle as a static file and sets ``PIH_WIDGET_BUNDLE`` for its kernels; the
page then fetches and compiles it once. Anywhere else (VS Code, Binder, a plain
``jupyter lab``) the bundle travels inside each widget, which works everywhere,
only more slowly.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import plotly.graph_objects as go
import traitlets
from _plotly_utils.utils import to_typed_array_spec
from plotly.basedatatypes import BasePlotlyType, Undefined

from ..view import theme

STATIC = Path(__file__).parent / "static"
PLOTLY_JS = (
    STATIC / "plotly-cartesian.min.js"
)  # plotly.js 4.1.1, cartesian bundle (MIT, plotly-LICENSE.txt)
# Set by serve.py for the kernels of the servers it starts ("1": BUNDLE_PATHS), and by the
# browser version's site (`make lite`) to the one path where it keeps the bundle.
ENV = "PIH_WIDGET_BUNDLE"
SERVED_NAME = "plotly-cartesian.min.js"
# Where serve.py puts the bundle, relative to the page's base URL (Voila, then Jupyter Server).
BUNDLE_PATHS = (f"voila/templates/pih/static/{SERVED_NAME}", f"static/pih/{SERVED_NAME}")
UNDEFINED = "_undefined_"  # plot.js reads it back as "leave this trace as it is"


@lru_cache(maxsize=2)
def esm(served: str) -> str:
    """The widget's front-end module: loading plotly.js from the server (``served``: "1", or
    the bundle's path below the page's base URL), or carrying it (``served`` empty)."""
    if not served:
        source = "function () {\n" + PLOTLY_JS.read_text() + "\n}"
    else:
        source = json.dumps([served] if served.endswith(".js") else list(BUNDLE_PATHS))
    return (STATIC / "plot.js").read_text().replace("/*PIH_SOURCES*/ null", source, 1)


def encode(value: Any) -> Any:
    """A plotly.py value as JSON for plotly.js (numeric arrays as base64 typed arrays)."""
    if isinstance(value, BasePlotlyType):
        return encode(value.to_plotly_json())
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "uif" and value.ndim == 1 and value.size:
            spec = to_typed_array_spec(value)
            if isinstance(spec, dict):
                return spec
        return encode(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if value is Undefined:
        return UNDEFINED
    return value


class Plot(anywidget.AnyWidget):
    """Draws a ``LiveFigure`` in the page; the figure sends it every change."""

    _esm = traitlets.Unicode().tag(sync=True)
    spec = traitlets.Dict().tag(
        sync=True
    )  # the figure as first drawn: {"data", "layout", "config"}

    def __init__(self, figure: LiveFigure, **kwargs) -> None:
        super().__init__(_esm=esm(os.environ.get(ENV, "")), spec=figure.spec(), **kwargs)
        self.figure = figure
        self.changed = False  # the figure changed since ``spec``
        self.on_msg(self._on_msg)

    def send_change(self, msg: dict) -> None:
        """Send one change (already encoded) to the page."""
        self.changed = True
        self.send(msg)

    def _on_msg(self, _widget, content, _buffers) -> None:
        # A view that has just drawn ``spec`` (shown late, or shown again) asks for the
        # figure as it is now, if it changed meanwhile.
        if isinstance(content, dict) and content.get("method") == "shown" and self.changed:
            self.send({"method": "react", "spec": self.figure.spec()})


def merge(changes: list[dict]) -> dict:
    """Several encoded changes as one: what the page would show after all of them.

    Trace values come as plotly.py sends them (a list: one value per trace in
    ``traces``, cycling; anything else: the same value for every trace). The result
    lists one value per trace for every property, ``UNDEFINED`` where a trace keeps its own."""
    per_trace: dict[int, dict[str, Any]] = {}
    layout: dict[str, Any] = {}
    for change in changes:
        for key, value in change["layout"].items():
            layout.pop(key, None)  # a key set again moves to the end: relayout keeps the order
            layout[key] = value
        for key, values in change["data"].items():
            for j, index in enumerate(change["traces"]):
                v = values[j % len(values)] if isinstance(values, list) and values else values
                if v != UNDEFINED:
                    per_trace.setdefault(index, {})[key] = v
    traces = sorted(per_trace)
    keys = sorted({k for props in per_trace.values() for k in props})
    data = {k: [per_trace[i].get(k, UNDEFINED) for i in traces] for k in keys}
    return {"method": "update", "data": data, "layout": layout, "traces": traces}


class LiveFigure(go.Figure):
    """A ``go.Figure`` whose changes are drawn by the ``Plot`` widgets showing it.

    Change it as any figure (``fig.data[0].y = ...``, ``fig.layout.title.text = ...``,
    ``fig.plotly_restyle(...)``); everything changed inside ``fig.batch_update()`` goes
    to the page as one message, drawn once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._plot: Plot | None = None  # the widget showing it, made on first use
        self._pending: list[dict] | None = None  # changes collected inside batch_update

    @property
    def plot(self) -> Plot | None:
        """The widget showing this figure, if there is one yet."""
        return self._plot

    def spec(self) -> dict:
        """The whole figure, encoded for plotly.js."""
        return {
            "data": encode(self._data),
            "layout": encode(self._layout),
            "config": {**theme.PLOT_CONFIG, **_CONFIG},
        }

    def widget(self) -> Plot:
        """A widget that shows this figure (the same one each time)."""
        if self._plot is None:
            self._plot = Plot(self)
        return self._plot

    @contextmanager
    def batch_update(self):
        if self._pending is not None:  # already collecting
            yield
            return
        self._pending = []
        try:
            with super().batch_update():
                yield
        finally:
            changes, self._pending = self._pending, None
            if any(c["method"] == "react" for c in changes):
                self._send({"method": "react"})
            elif changes:
                self._send(merge(changes))

    def _send(self, change: dict) -> None:
        if self._pending is not None:
            self._pending.append(change)
            return
        if change["method"] == "react":
            change = {"method": "react", "spec": self.spec()}
        if self._plot is not None:
            self._plot.send_change(change)

    def _send_update_msg(
        self, restyle_data, relayout_data, trace_indexes=None, source_view_id=None
    ):
        change = {
            "method": "update",
            "data": encode(restyle_data or {}),
            "layout": encode(relayout_data or {}),
            "traces": self._normalize_trace_indexes(trace_indexes),
        }
        self._send(change if self._pending is not None else merge([change]))

    def _send_restyle_msg(self, style, trace_indexes=None, source_view_id=None):
        self._send_update_msg(style, {}, trace_indexes)

    def _send_relayout_msg(self, layout, source_view_id=None):
        self._send_update_msg({}, layout, [])

    def _resend(self, *_args) -> None:
        """Traces added, removed or moved (or animated): the page draws the whole figure again."""
        self._send({"method": "react"})

    _send_addTraces_msg = _send_deleteTraces_msg = _send_moveTraces_msg = _send_animate_msg = (
        _resend
    )


# The app hides plotly's toolbar (lecturer walkthrough: Tab stopped on its seven buttons,
# Enter on the camera covered the controls with two notices, and a zoom after a download
# scrolled the page; slides come from figures/). JupyterLab keeps it.
_CONFIG: dict[str, Any] = {}


def use_modebar(on: bool) -> None:
    """Show (the default) or hide plotly's toolbar in figures drawn from now on."""
    _CONFIG["displayModeBar"] = bool(on)


def figure_widget(fig: go.Figure) -> Plot:
    """A widget showing a complete figure (for a figure no control changes)."""
    return LiveFigure(fig).widget()
