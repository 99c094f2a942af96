"""The shared demo machinery: controls, presets, reset, one figure updated in place.

Every demo in the series is a ``Demo``: it names its controls, its presets and
how to draw, and inherits the preset menu, the reset button, the projector
toggle and in-place updates (``fig.batch_update()``: one message to the page per
change), so all demos behave alike.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go

from ..view import theme
from . import guard as _guard  # noqa: F401  (installs it: a page may not resize a control)
from .figure import LiveFigure, use_modebar

CHOOSE = "(choose a preset)"
CHANGED = "(changed by hand)"  # the menu's label once the controls no longer match a preset
# Keys of the presenter app (app/voila/templates/pih/pih-keys.js), shown above each demo there.
PLAY_KEY = " · Space play"  # shown only above a demo with a Play button
KEYS_HINT = "Keys: N / P preset · R reset · F full screen" + PLAY_KEY

# Demos alive in this kernel, restyled by the projector toggle. Weak, and the demos' own
# widgets call back weakly (``weakly``): widgets live as long as the kernel, so a
# rerun cell would otherwise keep every demo it ever made, with its figures and caches.
_LIVE: weakref.WeakSet[Demo] = weakref.WeakSet()
_MISSING = object()


def _same(a, b) -> bool:
    """True when two trace property values are equal (arrays compared element-wise)."""
    if a is b:
        return True
    if a is _MISSING:
        return False
    if isinstance(a, dict) and isinstance(b, dict):  # e.g. error_x=dict(array=..., arrayminus=...)
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    except (TypeError, ValueError):
        return a == b


def weakly(method: Callable) -> Callable:
    """A widget callback that calls the bound ``method`` while its object is alive, without
    keeping the object alive."""
    ref = weakref.WeakMethod(method)

    def call(*args, **kwargs):
        bound = ref()
        return None if bound is None else bound(*args, **kwargs)

    return call


_PROJECTOR = {"on": False}
_PRESENTING = {"on": False}  # the code-free app: key hints above each demo

# After Reset stops a running animation, the page may still send a step or two it took
# before it heard the pause; for this long (s) such steps are undone.
RESET_GUARD_S = 1.0


class Demo:
    """Base class of an interactive demo.

    Subclasses define ``title``, ``presets`` (name -> control values),
    ``make_controls()`` (name -> value widget), ``figure(values)`` (a complete
    ``go.Figure``) and ``draw(values)`` (update ``self.fig`` in place).
    """

    title: str = ""
    presets: dict[str, dict[str, Any]] = {}
    # In the app a figure keeps at least 360 px when controls grow; a demo whose figure needs
    # more to stay readable says so (pih.css: .pih-tall keeps 520 px)
    tall: bool = False
    # Controls a preset does not own: moving them (time, on a Play control) keeps the
    # preset's name in the menu (lecturer walkthrough: playing the landscape said
    # "changed by hand" although the story was the preset's)
    free: tuple[str, ...] = ()

    def __init__(self, projector: bool | None = None) -> None:
        self.projector = _PROJECTOR["on"] if projector is None else bool(projector)
        self.controls: dict[str, W.ValueWidget] = self.make_controls()
        self.defaults = {k: w.value for k, w in self.controls.items()}
        self._holding = False
        self._shown: dict[int, dict[str, Any]] = {}
        self._guard: dict[int, tuple[float, Any]] = {}  # id(control) -> (until, value to keep)
        # Built whole (Voila drops layout changes made to a widget before it is shown) and
        # drawn once while still a plain figure, so the widget starts in its final state
        # and sends nothing until a control moves.
        self.fig = self.figure(self.values())
        theme.style(self.fig, self.projector)
        self.draw(self.values())
        self.fig = LiveFigure(self.fig)  # from now on, changes are drawn in the page
        self.preset = W.Dropdown(
            options=self._menu(CHOOSE),
            value=CHOOSE,
            description="Preset",
            layout=W.Layout(width="auto"),  # wide enough for the longest preset name
        )
        self.reset_button = W.Button(
            description="Reset", icon="undo", tooltip="Back to the starting settings"
        )
        self.full_screen = W.ToggleButton(
            description="Full screen",
            icon="expand",
            tooltip="Show this demo alone, filling the window (F in the app, Esc to leave)",
            layout=W.Layout(width="auto"),
        )
        self.full_screen.add_class("pih-no-figure")  # changes the layout, not the figure
        self._preset_handler = weakly(self._on_preset)  # (un)observed by _label_menu too
        self.preset.observe(self._preset_handler, names="value")
        self.reset_button.on_click(weakly(self._on_reset))
        self.full_screen.observe(weakly(self._on_full_screen), names="value")
        for w in self.controls.values():
            w.observe(weakly(self._on_change), names="value")
        _LIVE.add(self)

    # --- to be defined by each demo -------------------------------------------------
    def make_controls(self) -> dict[str, W.ValueWidget]:
        raise NotImplementedError

    def figure(self, values: dict[str, Any]) -> go.Figure:
        raise NotImplementedError

    def draw(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    # --- shared behaviour --------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """Current value of every control."""
        return {k: w.value for k, w in self.controls.items()}

    @contextmanager
    def hold(self):
        """Change several controls and redraw once at the end."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        self.update()

    def set_values(self, values: dict[str, Any]) -> None:
        """Set controls by name (unknown names raise ``ValueError``) and redraw once."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(
                f"unknown control(s) {sorted(unknown)}; choose from {sorted(self.controls)}"
            )
        with self.hold():
            for k, v in values.items():
                self.controls[k].value = v

    def apply_preset(self, name: str) -> None:
        """Set every control named by preset ``name``; the others return to their defaults."""
        if name not in self.presets:
            raise ValueError(f"preset must be one of {sorted(self.presets)}; got {name!r}")
        self.set_values({**self.defaults, **self.presets[name]})

    def reset(self) -> None:
        """Every control back to its starting value (and any animation stopped).

        A Play widget runs its timer in the page: steps it took before the pause
        reached it arrive after the reset, so for ``RESET_GUARD_S`` seconds changes
        to an animated control are undone."""
        self._stop_players(self.defaults)
        self.set_values(self.defaults)
        self._label_menu(CHOOSE)
        self.preset.value = CHOOSE

    def _stop_players(self, keep: dict[str, Any]) -> None:
        """Pause every Play control; for ``RESET_GUARD_S`` seconds, late steps of an animated
        control are undone back to its value in ``keep``."""
        now = time.monotonic()
        names = {id(w): k for k, w in self.controls.items()}
        for player in _players(self.widget):
            target = getattr(player, "pih_target", None)
            moving = target is not None and player.playing  # the page tells the kernel it plays
            player.playing = False
            player.send_state("playing")  # even if the kernel never heard it start
            if moving and id(target) in names:
                self._guard[id(target)] = (now + RESET_GUARD_S, keep[names[id(target)]])

    def update(self) -> None:
        """Redraw the figure in place from the current control values (one message)."""
        if self._holding:
            return
        with self.fig.batch_update():
            self.draw(self.values())

    def set_trace(self, index: int, **props) -> None:
        """Assign ``props`` to trace ``index``, skipping values equal to what it already shows
        (less to validate and less to send to the browser)."""
        shown = self._shown.setdefault(index, {})
        changed = {k: v for k, v in props.items() if not _same(shown.get(k, _MISSING), v)}
        if changed:
            self.fig.data[index].update(**changed)
            shown.update(changed)

    def set_projector(self, on: bool) -> None:
        """Switch this demo's figure between the normal and the projector theme."""
        self.projector = bool(on)
        self.fig.update_layout(template=theme.template(self.projector))

    def _on_change(self, change) -> None:
        owner = change["owner"]
        guard = self._guard.get(id(owner))
        if guard is not None:
            until, keep = guard
            if time.monotonic() >= until:
                del self._guard[id(owner)]
            elif change["new"] != keep:
                owner.value = keep  # a late animation step: undo it (this redraws)
                return
        self.update()
        if not self._holding:
            self._mark_changed()

    def _on_reset(self, _button) -> None:
        self.reset()

    def _on_preset(self, change) -> None:
        if change["new"] != CHOOSE:
            self._label_menu(CHOOSE)
            # a preset stops Play (lecturer walkthrough: N during Play applied the preset and
            # the animation ran on from the preset's time)
            self._stop_players({**self.defaults, **self.presets[change["new"]]})
            self.apply_preset(change["new"])

    def _menu(self, label: str) -> list[tuple[str, str]]:
        return [(label, CHOOSE), *((name, name) for name in self.presets)]

    def _label_menu(self, label: str) -> None:
        """Show ``label`` (CHOOSE or CHANGED) as the menu's first entry."""
        if self.preset.options[0][0] != label:
            value = self.preset.value
            self.preset.unobserve(self._preset_handler, names="value")
            try:
                self.preset.options = self._menu(label)
                self.preset.value = value
            finally:
                self.preset.observe(self._preset_handler, names="value")

    def matches_preset(self, name: str) -> bool:
        """True when every control shows what preset ``name`` sets (the rest at defaults),
        leaving out the ``free`` ones."""
        want = {**self.defaults, **self.presets[name]}
        return all(_equal(v, want[k]) for k, v in self.values().items() if k not in self.free)

    def _mark_changed(self) -> None:
        """After a change by hand: if the picture no longer matches the chosen preset, say so
        in the menu instead of keeping the preset's name."""
        name = self.preset.value
        if name in self.presets and not self.matches_preset(name):
            self._label_menu(CHANGED)
            self.preset.unobserve(self._preset_handler, names="value")
            try:
                self.preset.value = CHOOSE
            finally:
                self.preset.observe(self._preset_handler, names="value")

    def _on_full_screen(self, change) -> None:
        if change["new"]:
            self.widget.add_class("pih-full")
        else:
            self.widget.remove_class("pih-full")

    # --- display -----------------------------------------------------------------------
    def control_box(self) -> W.Widget:
        """The demo's own controls, laid out in rows."""
        return W.HBox(list(self.controls.values()), layout=W.Layout(flex_flow="row wrap"))

    @property
    def widget(self) -> W.Widget:
        """Preset menu and reset on top, then the controls, then the figure."""
        if not hasattr(self, "_widget"):
            box = self.control_box()
            box.add_class("pih-controls")
            parts: list[W.Widget] = [self.preset, self.reset_button]
            if _PRESENTING["on"]:  # full screen is the app's (pih.css); JupyterLab has its own
                parts.append(self.full_screen)
                hint = KEYS_HINT if _players(box) else KEYS_HINT.removesuffix(PLAY_KEY)
                parts.append(W.HTML(f'<span class="pih-keys">{hint}</span>'))
            top = W.HBox(parts, layout=W.Layout(flex_flow="row wrap", align_items="center"))
            top.add_class("pih-top")
            plot = self.fig.widget()
            plot.add_class("pih-plot")
            self._widget = W.VBox([top, box, plot], layout=W.Layout(width="100%"))
            self._widget.add_class("pih-demo")
            if self.tall:
                self._widget.add_class("pih-tall")
        return self._widget

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _equal(a, b) -> bool:
    """Control values equal, numbers to within float rounding (a slider may round)."""
    try:
        return bool(np.allclose(np.asarray(a, float), np.asarray(b, float)))
    except (TypeError, ValueError):
        return a == b


def _players(widget: W.Widget) -> list[W.Play]:
    """Every Play widget inside ``widget``."""
    if isinstance(widget, W.Play):
        return [widget]
    return [p for child in getattr(widget, "children", ()) for p in _players(child)]


def slider_width(label: str) -> str:
    """CSS width of a slider: its whole label plus a track of at least 200 px, at
    JupyterLab's 13 px font (about 7.5 px a character; a fixed 420 px once left a long
    label no track, or cut it short). The presenter app sets its own widths (pih.css)."""
    return f"{max(420, round(7.5 * len(label)) + 260)}px"


def slider(
    description: str,
    value: float,
    lo: float,
    hi: float,
    step: float,
    unit: str = "",
    fmt: str = ".2f",
) -> W.FloatSlider:
    """A labelled float slider that updates on release of a drag or on each key press."""
    label = f"{description} ({unit})" if unit else description
    return W.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=label,
        readout_format=fmt,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=W.Layout(width=slider_width(label)),
    )


def int_slider(
    description: str, value: int, lo: int, hi: int, step: int = 1, unit: str = ""
) -> W.IntSlider:
    """A labelled integer slider (see ``slider``)."""
    label = f"{description} ({unit})" if unit else description
    return W.IntSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=label,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=W.Layout(width=slider_width(label)),
    )


def use_projector(on: bool = True) -> None:
    """Switch the projector theme on or off for every demo in this kernel, now and later."""
    _PROJECTOR["on"] = bool(on)
    for demo in _LIVE:
        demo.set_projector(bool(on))


def use_presenter(on: bool = True) -> None:
    """The code-free app's layout: key hints above each demo, and no plotly toolbar, from
    now on."""
    _PRESENTING["on"] = bool(on)
    use_modebar(not on)


def projector_on() -> bool:
    """True when the projector theme is on in this kernel (for figures outside a Demo)."""
    return _PROJECTOR["on"]


def projector_toggle() -> W.ToggleButton:
    """One toggle that switches every demo shown in this kernel to the projector theme."""
    toggle = W.ToggleButton(
        value=_PROJECTOR["on"],
        description="Projector theme",
        icon="desktop",
        tooltip="Larger fonts and thicker lines for a projector",
        layout=W.Layout(width="auto"),
    )  # its label fits the projector font

    def _flip(change):
        use_projector(change["new"])

    toggle.observe(_flip, names="value")
    if _PRESENTING["on"]:  # the app is always in the projector theme, which its layout fits
        toggle.layout.display = "none"
    return toggle


def play_control(slider_widget: W.IntSlider, interval_ms: int = 400) -> W.HBox:
    """A play / pause button linked to an integer slider (the time axis of a demo)."""
    play = W.Play(
        value=slider_widget.value,
        min=slider_widget.min,
        max=slider_widget.max,
        step=slider_widget.step,
        interval=interval_ms,
        description="Play",
        tooltip="Play / pause",
    )
    W.jslink((play, "value"), (slider_widget, "value"))
    play.pih_target = slider_widget  # the control it animates (see Demo.reset)
    return W.HBox([play, slider_widget])
