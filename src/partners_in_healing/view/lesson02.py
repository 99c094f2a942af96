"""Figures of lesson 02, "Bottom-up versus top-down".

Each ``*_figure`` builder takes model results and returns a complete ``go.Figure``;
the matching ``*_data`` helper computes what a demo assigns to the existing
traces and shapes when it updates in place, so the figure and its updates can
never disagree. ``key_figures()`` gives the figures for slides.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..model import calibration as cal
from ..model import evidence
from ..model.circuit import (
    DAYS_PER_WEEK,
    DEFAULT_PARAMS,
    DRUGS,
    lesson_arms,
    simulate_arms,
    stress_pulse,
)
from ..model.cohort import make_cohort
from ..model.outcome import Outcome
from .figure_spec import KeyFigure
from .theme import ARM_COLOURS, ARM_DASH, OKABE_ITO, TEXT, style, subplot_titles

ARMS = ("no treatment", "medication", "therapy", "combined")
TREATED = ARMS[1:]
HAMD_AXIS = "HAM-D (points)"
ACTIVITY = "relative units"
HEALTHY = OKABE_ITO["orange"]
LOWER = OKABE_ITO["sky blue"]  # a region less active than before treatment
HIGHER = OKABE_ITO["reddish purple"]  # a region more active than before treatment
UNCHANGED = "#bbbbbb"  # neither: a change that rounds to 0 % has no direction to colour
SHOWN = 0.5  # %, the smallest change (or route strength, in %) the map shows as one


def rgba(hex_colour: str, alpha: float) -> str:
    """An Okabe-Ito colour with transparency ``alpha`` (0-1)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{float(np.clip(alpha, 0, 1)):.3f})"


def _line(arm: str, **kw) -> dict:
    return dict(color=ARM_COLOURS[arm], dash=ARM_DASH[arm], **kw)


# --- (a) a stress pulse ------------------------------------------------------------------------
def pulse_data(outcomes: dict[str, Outcome]) -> dict:
    """Daily cohort means of stress input and of both nodes, per arm (x in weeks)."""
    first = outcomes[ARMS[0]].extra
    return dict(
        x=first["days"] / DAYS_PER_WEEK,
        stress=first["stress"],
        limbic={a: outcomes[a].extra["limbic"].mean(axis=0) for a in ARMS},
        prefrontal={a: outcomes[a].extra["prefrontal"].mean(axis=0) for a in ARMS},
        healthy=first["healthy"],
    )


def pulse_window(at_week: float, days: float) -> tuple[float, float]:
    """Start and end of the stress pulse (weeks), for the shaded band."""
    return at_week, at_week + days / DAYS_PER_WEEK


# Trace indices of the pulse figure (bands first, so they lie under the lines).
PULSE_BANDS = (0, 1, 2)
PULSE_STRESS = 3
PULSE_LIMBIC = {arm: 4 + i for i, arm in enumerate(ARMS)}
PULSE_PREFRONTAL = {arm: 8 + i for i, arm in enumerate(ARMS)}
LIMBIC_TOP, PREFRONTAL_TOP = 1.9, 2.0  # default y ranges (relative units)


def band_xy(x0: float, x1: float) -> tuple[list, list]:
    """A shaded band from x0 to x1 (weeks), taller than any panel (the axes clip it)."""
    return [x0, x0, x1, x1, x0], [0.0, 100.0, 100.0, 0.0, 0.0]


def _band(x0: float, x1: float, alpha: float, name: str) -> go.Scatter:
    bx, by = band_xy(x0, x1)
    return go.Scatter(
        x=bx,
        y=by,
        fill="toself",
        mode="lines",
        line=dict(width=0),
        fillcolor=rgba(OKABE_ITO["yellow"], alpha),
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )


PLAST_SKILL_TOP = 130.0  # % learned: top of the plasticity demo's skill panel
PLAST_SYMPTOMS_TOP = 32.0  # HAM-D points: top of the plasticity demo's symptom panel
PLAST_SYMPTOMS_LINE_TOP = 25.0  # the follow-up line stops below the panel's name


def panel_label(fig: go.Figure, row: int, text: str, col: int = 1, right: bool = False) -> None:
    """Name a stacked panel (with its unit) inside its top left corner: a rotated axis
    title does not fit a panel a quarter of a small figure high."""
    sub = fig.get_subplot(row, col)
    fig.add_annotation(
        text=text,
        xref=f"{sub.xaxis.plotly_name.replace('axis', '')} domain",
        yref=f"{sub.yaxis.plotly_name.replace('axis', '')} domain",
        x=0.995 if right else 0.005,
        y=1,
        xanchor="right" if right else "left",
        yanchor="top",
        showarrow=False,
        bgcolor="rgba(255,255,255,0.8)",
    )


def pulse_ranges(d: dict) -> tuple[float, float]:
    """Y-axis tops of the limbic and prefrontal panels: fixed, unless a big pulse needs more."""
    lim = max(float(np.max(v)) for v in d["limbic"].values())
    pf = max(float(np.max(v)) for v in d["prefrontal"].values())
    return max(LIMBIC_TOP, 1.05 * lim), max(PREFRONTAL_TOP, 1.05 * pf)


def pulse_figure(d: dict, window: tuple[float, float], title: str = "") -> go.Figure:
    """Three stacked panels over time: stress input, limbic activity, prefrontal activity.

    Traces: ``PULSE_BANDS`` (the pulse, one per panel), ``PULSE_STRESS``,
    ``PULSE_LIMBIC[arm]``, ``PULSE_PREFRONTAL[arm]``, then two healthy references.
    """
    fig = make_subplots(
        rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.1, row_heights=[0.26, 0.37, 0.37]
    )
    for row in (1, 2, 3):
        fig.add_trace(_band(*window, 0.35, "stress pulse"), row, 1)
    fig.add_trace(
        go.Scatter(
            x=d["x"],
            y=d["stress"],
            mode="lines",
            name="stress input",
            line=dict(color=OKABE_ITO["black"], width=2),
            showlegend=False,
            hovertemplate="week %{x:.1f}<br>stress %{y:.1f} × everyday<extra></extra>",
        ),
        1,
        1,
    )
    for row, node in ((2, "limbic"), (3, "prefrontal")):
        for arm in ARMS:
            fig.add_trace(
                go.Scatter(
                    x=d["x"],
                    y=d[node][arm],
                    mode="lines",
                    name=arm,
                    line=_line(arm),
                    legendgroup=arm,
                    showlegend=row == 2,
                    hovertemplate=f"{arm}<br>week %{{x:.1f}}<br>{node} %{{y:.2f}}<extra></extra>",
                ),
                row,
                1,
            )
    for row, node in ((2, "limbic"), (3, "prefrontal")):
        level = d["healthy"][node]
        fig.add_trace(
            go.Scatter(
                x=[d["x"][0], d["x"][-1]],
                y=[level, level],
                mode="lines",
                name="healthy reference",
                legendgroup="healthy",
                showlegend=row == 2,
                line=dict(color=HEALTHY, dash="dot", width=2),
                hoverinfo="skip",
            ),
            row,
            1,
        )
    lim_top, pf_top = pulse_ranges(d)
    # few ticks, none at a panel's top: stacked small panels keep their labels apart
    fig.update_yaxes(range=[0, 4.2], tickvals=[0, 2], row=1, col=1)
    fig.update_yaxes(range=[0, lim_top], tickvals=[0, 1], row=2, col=1)
    fig.update_yaxes(range=[0, pf_top], tickvals=[0, 1], row=3, col=1)
    panel_label(fig, 1, "Stress input (× everyday)")
    panel_label(fig, 2, "Limbic activity (relative units)")
    panel_label(fig, 3, "Prefrontal activity (relative units)")
    fig.update_xaxes(
        title_text="Week of treatment (one point per day; stress pulse shaded)",
        range=[0, float(d["x"][-1])],
        row=3,
        col=1,
    )
    fig.update_layout(
        title=title or "A stressful event: how each node responds under each treatment",
        height=700,
    )
    return fig


# --- (b) symptom clusters -----------------------------------------------------------------------
FIRST_GAIN = 1.0  # HAM-D points better than no treatment, for "which improves first"
CLUSTERS = {
    "body": "Body symptoms (sleep, energy, appetite)",
    "cognitive": "Cognitive symptoms (negative thinking, hopelessness)",
}


def cluster_data(outcomes: dict[str, Outcome]) -> dict:
    """Weekly cohort-mean cluster scores (HAM-D points) per arm, and the first week each
    treated arm is at least ``FIRST_GAIN`` points better than no treatment in each cluster."""
    x = outcomes[ARMS[0]].times
    out: dict[str, Any] = {"x": x}
    for cl in CLUSTERS:
        means = {a: outcomes[a].extra[cl].mean(axis=0) for a in ARMS}
        out[cl] = means
        first = {}
        for a in TREATED:
            better = np.nonzero(means["no treatment"] - means[a] >= FIRST_GAIN)[0]
            first[a] = int(x[better[0]]) if better.size else None
        out[f"{cl}_first"] = first
    return out


def first_text(d: dict) -> str:
    """The week each treatment first gained ``FIRST_GAIN`` points, per cluster: a short
    note of 7 lines beside the panels (body · cognitive, one line per arm)."""

    def wk(v):
        return str(v) if v is not None else "–"

    lines = [
        f"<b>First week {FIRST_GAIN:g} point</b>",
        "<b>better than none</b>",
        "(body · cognitive)",
    ]
    for a in TREATED:
        lines.append(f"{a}: {wk(d['body_first'][a])} · {wk(d['cognitive_first'][a])}")
    lines.append(f"– = not by week {int(d['x'][-1])}")
    return "<br>".join(lines)


def cluster_figure(d: dict, title: str = "") -> go.Figure:
    """Two panels (body, cognitive), four arms each. Traces: body arms 0-3, cognitive arms 4-7."""
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        column_widths=[0.5, 0.5],
        subplot_titles=(
            "Body (sleep, energy, appetite)",
            "Cognitive (negative thinking)",
        ),
    )
    # the two panels leave the right quarter of the figure to the note
    fig.update_layout(xaxis=dict(domain=[0, 0.34]), xaxis2=dict(domain=[0.37, 0.71]))
    for col, cl in ((1, "body"), (2, "cognitive")):
        for arm in ARMS:
            fig.add_trace(
                go.Scatter(
                    x=d["x"],
                    y=d[cl][arm],
                    mode="lines+markers",
                    name=arm,
                    line=_line(arm),
                    legendgroup=arm,
                    showlegend=col == 1,
                    hovertemplate=f"{arm}<br>week %{{x}}<br>{cl} %{{y:.1f}} points<extra></extra>",
                ),
                1,
                col,
            )
    top = max(
        float(np.max(d["body"]["no treatment"])), float(np.max(d["cognitive"]["no treatment"]))
    )
    fig.update_yaxes(title_text=HAMD_AXIS, range=[0, max(14.0, top + 1.0)], row=1, col=1)
    fig.update_xaxes(
        title_text="Week of treatment", range=[-0.5, float(d["x"][-1]) + 0.5]
    )  # fixed: lines move
    fig.update_layout(
        title=title or "Which symptoms improve first, under which treatment?",
        height=560,
        annotations=list(fig.layout.annotations)
        + [
            dict(
                text=first_text(d),
                xref="paper",
                yref="paper",
                x=0.74,
                y=1.0,
                yanchor="top",
                showarrow=False,
                xanchor="left",
                align="left",
            )
        ],
    )
    return subplot_titles(fig)


# --- (c) the brain map ----------------------------------------------------------------------------
# A simple sagittal outline (facing left), in map units: x 0-10, y 0-8.
CEREBRUM = (
    "M 1.0,4.2 C 0.8,6.3 2.6,7.7 4.7,7.75 C 6.9,7.8 8.9,6.9 9.35,5.2 "
    "C 9.65,4.1 9.2,3.1 8.4,2.75 C 7.6,2.45 6.9,2.7 6.3,2.5 C 5.5,2.2 4.6,1.8 3.6,1.95 "
    "C 2.7,2.1 2.05,2.5 1.6,3.0 C 1.25,3.4 1.05,3.8 1.0,4.2 Z"
)
BRAINSTEM = "M 5.9,2.55 C 6.0,1.8 6.15,1.0 6.3,0.1 L 7.05,0.1 C 6.95,1.0 6.9,1.8 6.95,2.6 Z"
CALLOSUM = "M 3.3,4.9 C 4.1,5.9 6.2,6.0 7.1,5.0"
PREFRONTAL = "M 1.05,4.25 C 0.9,6.1 2.3,7.35 3.75,7.6 L 3.55,4.75 C 2.85,4.2 1.85,4.0 1.05,4.25 Z"
LIMBIC = dict(x0=4.05, x1=5.35, y0=2.85, y1=3.65)  # ellipse (amygdala-like)
CEREBELLUM = dict(x0=6.7, x1=8.9, y0=1.45, y1=2.85)

# Trace indices of the brain figure: everything that changes with the week is a trace,
# so a demo updates it with one restyle (a layout change redraws the whole figure).
BRAIN_BARS, BRAIN_PREFRONTAL, BRAIN_LIMBIC, BRAIN_TOPDOWN, BRAIN_BOTTOMUP, BRAIN_LABELS = range(
    1, 7
)
# one short word each ("body<br>symptoms" beside "cognitive<br>symptoms" ran together on
# a small screen); the axis title says which are regions and which symptoms
BAR_LABELS = ["limbic", "prefrontal", "body", "cognitive"]
BAR_AXIS = "regions · symptoms"
MAX_ARROW = 14.0  # px, arrow width at full strength
TOPDOWN_XY = ([3.3, 3.95], [4.75, 3.85])  # tail to head (the arrowhead's centre), map units
BOTTOMUP_XY = ([6.6, 5.6], [0.5, 2.4])
# label centres: prefrontal (above the brain), limbic, top-down, bottom-up; each clear of
# every outline and arrow (test_narrow.py)
LABEL_XY = ([2.4, 7.3, 0.0, 2.3], [8.8, 3.95, 1.7, -0.05])


def _path_points(path: str, per_curve: int = 16) -> tuple[list, list]:
    """Points along an SVG path made of absolute M, L, C and Z commands."""
    tokens = path.replace(",", " ").split()
    xs: list[float] = []
    ys: list[float] = []
    i, cmd = 0, None
    while i < len(tokens):
        if tokens[i] in "MLCZ":
            cmd = tokens[i]
            i += 1
            if cmd == "Z":
                xs.append(xs[0])
                ys.append(ys[0])
            continue
        if cmd in ("M", "L"):
            xs.append(float(tokens[i]))
            ys.append(float(tokens[i + 1]))
            i += 2
        elif cmd == "C":
            p0 = np.array([xs[-1], ys[-1]])
            c1, c2, p3 = (
                np.array([float(tokens[i + k]), float(tokens[i + k + 1])]) for k in (0, 2, 4)
            )
            for t in np.linspace(0, 1, per_curve)[1:]:
                pt = (
                    (1 - t) ** 3 * p0
                    + 3 * (1 - t) ** 2 * t * c1
                    + 3 * (1 - t) * t**2 * c2
                    + t**3 * p3
                )
                xs.append(float(pt[0]))
                ys.append(float(pt[1]))
            i += 6
    return xs, ys


def _ellipse_points(box: dict[str, float], n: int = 48) -> tuple[list, list]:
    """``n`` points around the ellipse inscribed in ``box`` (x0, x1, y0, y1)."""
    x0, x1, y0, y1 = box["x0"], box["x1"], box["y0"], box["y1"]
    t = np.linspace(0, 2 * np.pi, n)
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    return list(cx + rx * np.cos(t)), list(cy + ry * np.sin(t))


def brain_data(outcome: Outcome, week: int) -> dict:
    """Changes from week 0 at ``week`` (cohort means, %) and the strength of each route (0-1)."""
    e = outcome.extra
    day = int(week) * DAYS_PER_WEEK
    lim = e["limbic"].mean(axis=0)
    pf = e["prefrontal"].mean(axis=0)
    body = e["body"].mean(axis=0)
    cog = e["cognitive"].mean(axis=0)
    # top-down route: prefrontal inhibition reaching the limbic node, 0 depressed .. 1 healthy
    dep, healthy = e["depressed"], e["healthy"]
    skill = e["skill"].mean(axis=0)[day]
    return dict(
        week=int(week),
        limbic=100.0 * (lim[day] / lim[0] - 1.0),
        prefrontal=100.0 * (pf[day] / pf[0] - 1.0),
        body=100.0 * (body[week] / body[0] - 1.0),
        cognitive=100.0 * (cog[week] / cog[0] - 1.0),
        bottom_up=float(np.clip(e["effect"][day], 0.0, 1.0))
        if outcome.plan_name in ("medication", "combined")
        else 0.0,
        top_down=float(skill),
        healthy_limbic=100.0 * (healthy["limbic"] / dep["limbic"] - 1.0),
        healthy_prefrontal=100.0 * (healthy["prefrontal"] / dep["prefrontal"] - 1.0),
    )


def region_colour(change: float, full: float) -> str:
    """Fill for a region: sky blue when lower, reddish purple when higher; stronger when
    the change is a larger share of ``full`` (the change all the way to healthy, %)."""
    if abs(change) < SHOWN:
        return rgba(UNCHANGED, 0.25)
    colour = LOWER if change < 0 else HIGHER
    return rgba(colour, 0.12 + 0.88 * min(1.0, abs(change) / abs(full)))


def _signed(v: float) -> str:
    """A change in %, signed; "0 %" when it rounds to zero (never "+0 %" or "−0 %")."""
    return "0 %" if abs(v) < SHOWN else f"{v:+.0f} %".replace("-", "−")


def _arrow_width(strength: float) -> float:
    """Line width (px) of a route of ``strength`` 0-1; 0 (no arrow) when it rounds to 0 %."""
    return 0.0 if 100 * strength < SHOWN else 1.0 + MAX_ARROW * strength


def brain_styles(d: dict) -> dict:
    """Everything the map shows that changes with the week: fills, labels, arrows, bars."""
    bars = [d["limbic"], d["prefrontal"], d["body"], d["cognitive"]]
    return dict(
        prefrontal_fill=region_colour(d["prefrontal"], d["healthy_prefrontal"]),
        limbic_fill=region_colour(d["limbic"], d["healthy_limbic"]),
        labels=[
            f"<b>Prefrontal</b><br>{_signed(d['prefrontal'])}",
            f"<b>Limbic</b><br>{_signed(d['limbic'])}",
            # the labels say what the % are (walkthroughs: "therapy 42 %": 42 % of what?); in
            # the key they took two more lines, and the last ran below a 720 px screen
            f"skill {100 * d['top_down']:.0f} %",
            f"drug effect {100 * d['bottom_up']:.0f} %",
        ],
        top_width=_arrow_width(d["top_down"]),
        bottom_width=_arrow_width(d["bottom_up"]),
        bars=bars,
        bar_colours=[UNCHANGED if abs(v) < SHOWN else LOWER if v < 0 else HIGHER for v in bars],
        bar_text=[_signed(v) for v in bars],
    )


def arrow_marker(width: float) -> dict:
    """Marker of an arrow trace: nothing at the tail, an arrowhead sized to the line."""
    return dict(
        symbol=["circle", "arrow"],
        size=[0, 10 + 2.2 * width if width > 0 else 0],
        angleref="previous",
        opacity=1.0,
        line=dict(width=0),
    )


def brain_restyle(s: dict) -> dict[int, dict]:
    """What to assign to each trace of ``brain_figure`` for ``brain_styles`` ``s``."""
    return {
        BRAIN_BARS: {"y": s["bars"], "text": s["bar_text"], "marker.color": s["bar_colours"]},
        BRAIN_PREFRONTAL: {"fillcolor": s["prefrontal_fill"]},
        BRAIN_LIMBIC: {"fillcolor": s["limbic_fill"]},
        BRAIN_TOPDOWN: {
            "line.width": s["top_width"],
            "marker.size": arrow_marker(s["top_width"])["size"],
        },
        BRAIN_BOTTOMUP: {
            "line.width": s["bottom_width"],
            "marker.size": arrow_marker(s["bottom_width"])["size"],
        },
        BRAIN_LABELS: {"text": s["labels"]},
    }


def brain_title(arm: str, drug: str, week: int) -> str:
    """The brain map's title; the drug is named only where one is given."""
    given = f" ({drug})" if arm in ("medication", "combined") else ""
    return f"Week {week}: {arm}{given}, change since week 0"


def brain_figure(d: dict, arm: str, drug: str) -> go.Figure:
    """A sagittal brain map (left) and the same changes as bars (right).

    The prefrontal and limbic regions are coloured by their change in activity since
    week 0 (sky blue lower, reddish purple higher; the full colour is the way to a
    healthy reference). Arrows: the bottom-up route (medication, width = drug effect)
    and the top-down route (therapy, width = learned prefrontal skill). The outline is
    static layout shapes; everything that changes is a trace (see ``brain_restyle``).
    """
    s = brain_styles(d)
    grey = "#7f7f7f"
    shapes = [
        dict(
            type="path",
            path=CEREBRUM,
            fillcolor="#f2f2f2",
            line=dict(color=grey, width=3),
            layer="below",
        ),
        dict(
            type="circle",
            **CEREBELLUM,
            fillcolor="#e6e6e6",
            line=dict(color=grey, width=2),
            layer="below",
        ),
        dict(
            type="path",
            path=BRAINSTEM,
            fillcolor="#e6e6e6",
            line=dict(color=grey, width=2),
            layer="below",
        ),
        dict(type="path", path=CALLOSUM, line=dict(color="#a6a6a6", width=5), layer="below"),
    ]
    key = dict(
        x=-2.4,
        y=-0.5,
        xref="x",
        yref="y",
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        text=(
            "<span style='color:#56B4E9'>■</span> less, "
            "<span style='color:#CC79A7'>■</span> more active<br>"
            "than at week 0 (full colour:<br>a healthy level); arrow width:<br>"
            "strength of each route"
        ),
    )
    fig = make_subplots(rows=1, cols=2, column_widths=[0.5, 0.5], horizontal_spacing=0.1)
    fig.add_trace(
        go.Scatter(
            x=[-2.5, 10.5],
            y=[-2.0, 8.2],
            mode="markers",
            marker=dict(opacity=0),
            hoverinfo="skip",
            showlegend=False,
            name="map frame",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Bar(
            x=BAR_LABELS,
            y=s["bars"],
            marker_color=s["bar_colours"],
            text=s["bar_text"],
            textposition="outside",
            showlegend=False,
            name="change since week 0",
            hovertemplate="%{x}: %{y:+.0f} % since week 0<extra></extra>",
        ),
        1,
        2,
    )
    region = dict(
        fill="toself",
        mode="lines",
        line=dict(color=OKABE_ITO["black"], width=2),
        showlegend=False,
        hoverinfo="name",
    )
    for (x, y), fill, name in (
        (_path_points(PREFRONTAL), s["prefrontal_fill"], "prefrontal region"),
        (_ellipse_points(LIMBIC), s["limbic_fill"], "limbic region"),
    ):
        fig.add_trace(go.Scatter(x=x, y=y, fillcolor=fill, name=name, **region), 1, 1)
    for (x, y), colour, width, name in (
        (TOPDOWN_XY, ARM_COLOURS["therapy"], s["top_width"], "top-down route (therapy)"),
        (BOTTOMUP_XY, ARM_COLOURS["medication"], s["bottom_width"], "bottom-up route (medication)"),
    ):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers",
                name=name,
                showlegend=False,
                line=dict(color=colour, width=width),
                hoverinfo="name",
                marker=dict(color=colour, **arrow_marker(width)),
            ),
            1,
            1,
        )
    fig.add_trace(
        go.Scatter(
            x=LABEL_XY[0],
            y=LABEL_XY[1],
            mode="text",
            text=s["labels"],
            textposition=["middle center", "middle center", "middle center", "middle center"],
            textfont=dict(color=[TEXT, TEXT, ARM_COLOURS["therapy"], ARM_COLOURS["medication"]]),
            hoverinfo="skip",
            showlegend=False,
            name="labels",
        ),
        1,
        1,
    )
    fig.update_xaxes(visible=False, range=[-2.5, 10.5], row=1, col=1)
    fig.update_yaxes(visible=False, range=[-2.0, 9.6], scaleanchor="x", scaleratio=1, row=1, col=1)
    fig.update_yaxes(title_text="Change since week 0 (%)", range=[-100, 130], row=1, col=2)
    fig.update_xaxes(tickangle=0, title_text=BAR_AXIS, row=1, col=2)
    fig.update_layout(
        title=brain_title(arm, drug, d["week"]),
        shapes=shapes,
        annotations=[key],
        height=640,
    )
    return fig


# --- (d) the plasticity window ------------------------------------------------------------------
def plasticity_data(
    outcomes: dict[str, Outcome], stop_week: float, follow_weeks: int | None = None
) -> dict:
    """Learning-rate multiplier and learned skill (daily means), weekly expected scores
    (cohort means without rating noise), and what is kept ``follow_weeks`` after the
    treatment stopped (default: at the end of the outcomes): HAM-D points better than no
    treatment, per treated arm. Outcomes simulated to ``LONGEST_TREATMENT + follow_weeks``
    fill the fixed week axis (``plasticity_x_range``) whatever the treatment's length."""
    first = outcomes[ARMS[0]]
    # expected totals (without week-to-week rating noise), so small cohorts draw smooth lines
    score = {
        a: (outcomes[a].extra["body"] + outcomes[a].extra["cognitive"]).mean(axis=0) for a in ARMS
    }
    weeks = first.times
    follow = int(round(weeks[-1] - stop_week)) if follow_weeks is None else int(follow_weeks)
    at = int(np.searchsorted(weeks, stop_week + follow))  # the week "kept" is read
    return dict(
        x=first.extra["days"] / DAYS_PER_WEEK,
        weeks=weeks,
        window={a: outcomes[a].extra["window"] for a in TREATED},
        skill={a: 100.0 * outcomes[a].extra["skill"].mean(axis=0) for a in TREATED},
        score=score,
        kept=[float(score["no treatment"][at] - score[a][at]) for a in TREATED],
        stop=float(stop_week),
        follow=follow,
        kept_x=[float(weeks[at])] * 2,
    )


# Trace indices of the plasticity figure (bands first, so they lie under the lines).
PLAST_BANDS = (0, 1, 2)
PLAST_WINDOW = {arm: 3 + i for i, arm in enumerate(TREATED)}
PLAST_SKILL = {arm: 6 + i for i, arm in enumerate(TREATED)}
PLAST_SCORE = {arm: 9 + i for i, arm in enumerate(ARMS)}
PLAST_KEPT = 13
PLAST_KEPT_AT = 14  # a dashed line on the symptom panel: where "kept" is read
KEPT_TITLE = "Kept at follow-up"
PLAST_TIME_AXES = ("xaxis", "xaxis3", "xaxis4")  # the left column's week axes (shared)
LONGEST_TREATMENT = 24  # weeks: the plasticity demo's longest treatment


def plasticity_x_range(d: dict) -> list[float]:
    """The week axis (weeks): the longest treatment plus this follow-up, so that changing
    how long treatment lasts moves the lines, not the axis (the outcomes run that long)."""
    return [0.0, float(LONGEST_TREATMENT + d["follow"])]


def plasticity_figure(d: dict, title: str = "") -> go.Figure:
    """Left, stacked: learning rate, learned skill, symptom score; right: what is kept.

    Traces: ``PLAST_BANDS`` (treatment weeks), ``PLAST_WINDOW[arm]``, ``PLAST_SKILL[arm]``,
    ``PLAST_SCORE[arm]``, ``PLAST_KEPT`` (bars).
    """
    fig = make_subplots(
        rows=3,
        cols=2,
        shared_xaxes=True,
        column_widths=[0.66, 0.34],
        specs=[[{}, {"rowspan": 3}], [{}, None], [{}, None]],
        vertical_spacing=0.12,
        horizontal_spacing=0.12,
        subplot_titles=("", KEPT_TITLE, "", ""),
    )
    for row in (1, 2, 3):
        fig.add_trace(_band(0.0, d["stop"], 0.25, "treatment"), row, 1)
    for arm in TREATED:
        fig.add_trace(
            go.Scatter(
                x=d["x"],
                y=d["window"][arm],
                mode="lines",
                name=arm,
                line=_line(arm),
                legendgroup=arm,
                hovertemplate=f"{arm}<br>week %{{x:.1f}}<br>learning rate × %{{y:.2f}}"
                "<extra></extra>",
            ),
            1,
            1,
        )
    for arm in TREATED:
        fig.add_trace(
            go.Scatter(
                x=d["x"],
                y=d["skill"][arm],
                mode="lines",
                name=arm,
                line=_line(arm),
                legendgroup=arm,
                showlegend=False,
                hovertemplate=f"{arm}<br>week %{{x:.1f}}<br>learned %{{y:.0f}} %<extra></extra>",
            ),
            2,
            1,
        )
    for arm in ARMS:
        fig.add_trace(
            go.Scatter(
                x=d["weeks"],
                y=d["score"][arm],
                mode="lines",
                name=arm,
                line=_line(arm),
                legendgroup=arm,
                showlegend=arm == "no treatment",
                hovertemplate=f"{arm}<br>week %{{x}}<br>mean %{{y:.1f}} points<extra></extra>",
            ),
            3,
            1,
        )
    fig.add_trace(
        go.Bar(
            x=list(TREATED),
            y=d["kept"],
            marker_color=[ARM_COLOURS[a] for a in TREATED],
            text=[f"{v:.1f}" for v in d["kept"]],
            textposition="outside",
            showlegend=False,
            name="kept",
            hovertemplate="%{x}: %{y:.1f} points better than no treatment<extra></extra>",
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=d["kept_x"],
            y=[0, PLAST_SYMPTOMS_LINE_TOP],
            mode="lines",
            name="follow-up ends (kept)",
            line=dict(color=OKABE_ITO["black"], dash="dash", width=2),
            hoverinfo="skip",
        ),
        3,
        1,
    )
    # few ticks, none at a panel's top: stacked small panels keep their labels apart
    # to 1 + the largest boost (the curve ran off the top at 4: student walkthrough); ticks 1
    # and 4 (1 and 3 crowded at 720 px), so that the default peak (about 2.5) can be read
    fig.update_yaxes(range=[0, 5.3], tickvals=[1, 4], row=1, col=1)
    # headroom above 100 % for the panel's name: its box hid the combined line near the top
    # ("therapy twice a week": lecturer walkthrough); one tick: 0 / 50 / 100 crowded at 720 px
    fig.update_yaxes(range=[0, PLAST_SKILL_TOP], tickvals=[50], row=2, col=1)
    # headroom above the scores (they start near 23): the panel's name sits there, over no
    # line (it covered the curves and the follow-up line: lecturer walkthrough)
    fig.update_yaxes(range=[0, PLAST_SYMPTOMS_TOP], tickvals=[0, 20], row=3, col=1)
    panel_label(fig, 1, "Learning rate (× usual)", right=True)
    panel_label(fig, 2, "Skill learned (%)", right=True)
    panel_label(fig, 3, "Symptoms (HAM-D points)", right=True)
    fig.update_xaxes(title_text="Week (treatment shaded, then none)", row=3, col=1)
    fig.update_layout({ax: dict(range=plasticity_x_range(d)) for ax in PLAST_TIME_AXES})
    fig.update_yaxes(title_text="Points better than none", range=[0, 10], row=1, col=2)
    fig.update_xaxes(tickangle=-45, row=1, col=2)
    fig.update_layout(
        title=title or "The plasticity window: the drug opens it, practice uses it",
        height=760,
    )
    return subplot_titles(fig)


# --- model vs evidence ---------------------------------------------------------------------------
SOURCES = {src.key: src.full for src in evidence.MECHANISM_SOURCES}  # key -> full citation


def _gap(o: Outcome, node: str, day: int) -> float:
    x = o.extra[node].mean(axis=0)[day]
    dep, healthy = o.extra["depressed"][node], o.extra["healthy"][node]
    return float((x - dep) / (healthy - dep))


def evidence_rows(n: int = 1000, seed: int = 2024) -> list[dict]:
    """The toy's numbers beside the qualitative findings it is meant to echo.

    Each row: claim, source, what was found, what the toy shows (computed now), verdict.
    """
    cohort = default_cohort(n, seed)
    outs = _by_name(simulate_arms(cohort, lesson_arms(), 16, seed + 1))
    med, ther, comb, none = (
        outs["medication"],
        outs["therapy"],
        outs["combined"],
        outs["no treatment"],
    )
    r = med.extra["reactivity"].mean(axis=0)
    react_frac = (r[0] - r[14]) / (r[0] - r[56])

    def expected(o):
        return (o.extra["body"] + o.extra["cognitive"]).mean(axis=0)

    gain = expected(none) - expected(med)
    follow = _by_name(simulate_arms(cohort, lesson_arms(16, 16), 42, seed + 1))
    kept = {a: follow["no treatment"].mean()[-1] - follow[a].mean()[-1] for a in TREATED}
    pct = lambda v: f"{100 * v:.0f} %"  # noqa: E731
    pub = evidence.DERUBEIS_RESPONSE
    resp = {
        a: (outs[a].response_rate(8), outs[a].response_rate(16)) for a in ("medication", "therapy")
    }
    return [
        dict(
            claim="Depressed circuit",
            source="DeRubeis, Siegle & Hollon 2008",
            found="amygdala activity up, prefrontal activity down",
            toy=(
                f"limbic {none.extra['depressed']['limbic']:.2f} vs healthy "
                f"{none.extra['healthy']['limbic']:.2f}; prefrontal "
                f"{none.extra['depressed']['prefrontal']:.2f} vs healthy "
                f"{none.extra['healthy']['prefrontal']:.2f} (relative units)"
            ),
            verdict="matches (built in)",
        ),
        dict(
            claim="Medication acts bottom-up",
            source="DeRubeis, Siegle & Hollon 2008",
            found="antidepressants lower amygdala activity directly",
            toy=(
                f"week 2: limbic gap closed {pct(_gap(med, 'limbic', 14))}, "
                f"prefrontal {pct(_gap(med, 'prefrontal', 14))}"
            ),
            verdict="matches (built in)",
        ),
        dict(
            claim="Therapy acts top-down",
            source="DeRubeis, Siegle & Hollon 2008",
            found="cognitive therapy exercises the prefrontal cortex, which then inhibits "
            "the amygdala",
            toy=(
                f"week 4: prefrontal gap closed {pct(_gap(ther, 'prefrontal', 28))}, "
                f"limbic {pct(_gap(ther, 'limbic', 28))}"
            ),
            verdict="matches (built in)",
        ),
        dict(
            claim="Both end in the same place",
            source="DeRubeis, Siegle & Hollon 2008",
            found="after either treatment: amygdala down, prefrontal up",
            toy=(
                f"week 16, combined: limbic gap closed {pct(_gap(comb, 'limbic', 112))}, "
                f"prefrontal {pct(_gap(comb, 'prefrontal', 112))}"
            ),
            verdict="matches",
        ),
        dict(
            claim="Emotional processing shifts first",
            source="Harmer et al. 2009",
            found="drugs change emotional processing within days to weeks, before mood lifts",
            toy=(
                f"by week 2: {pct(react_frac)} of the week-8 shift in limbic reactivity, "
                f"but {pct(gain[2] / gain[8])} of the week-8 score gain"
            ),
            verdict="matches the order; the timing was chosen to fit",
        ),
        dict(
            claim="Plasticity needs experience",
            source="Castrén 2005; Maya Vetencourt et al. 2008",
            found="antidepressants reopen plasticity; what is learned depends on experience",
            toy=(
                f"6 months after stopping, points kept: medication {kept['medication']:.1f}, "
                f"therapy {kept['therapy']:.1f}, both {kept['combined']:.1f} ({n:,} patients; "
                f"the plasticity demo (Section 4) draws {DEMO_N['plasticity']}, so its bars differ "
                "a little)"
            ),
            verdict="echoes the idea; the sizes are invented",
        ),
        dict(
            claim="Response at weeks 8 and 16 (a check, not a target)",
            source="DeRubeis et al. 2005",
            found=(
                f"medication {pct(pub[8]['medication'])} → {pct(pub[16]['medication'])}, "
                f"cognitive therapy {pct(pub[8]['therapy'])} → {pct(pub[16]['therapy'])}"
            ),
            toy=(
                f"medication {pct(resp['medication'][0])} → {pct(resp['medication'][1])}, "
                f"therapy {pct(resp['therapy'][0])} → {pct(resp['therapy'][1])}"
            ),
            verdict="therapy close; medication a little low at week 16 and too slow at week 8",
        ),
        dict(
            claim="CBT region changes",
            source="Goldapple et al. 2004",
            found="CBT: hippocampus and dorsal cingulate up, frontal cortex DOWN",
            toy="therapy raises prefrontal activity; no hippocampus or cingulate",
            verdict="does NOT match the frontal direction",
        ),
        dict(
            claim="Drug region changes",
            source="Goldapple et al. 2004",
            found="paroxetine: prefrontal up, hippocampus and subgenual cingulate down",
            toy=(
                "medication alone, week 16: prefrontal gap closed "
                f"{pct(_gap(med, 'prefrontal', 112))}"
            ),
            verdict="partly: a small prefrontal rise, other regions absent",
        ),
    ]


# --- for slides ---------------------------------------------------------------------------------
def default_cohort(n: int = 2000, seed: int = 2024):
    """Lesson 02's virtual patients: lesson 01's moderate-severe (DeRubeis 2005) cohort."""
    return make_cohort(n, seed, cal.populations()["DeRubeis 2005"])


def _by_name(outs) -> dict[str, Outcome]:
    return {o.plan_name: o for o in outs}


# The demos and the figures for slides draw the same virtual patients with the same seeds,
# so that a slide shows the numbers the app shows and the lecturer guide reads aloud.
SEED = 2024
DEMO_N = dict(pulse=100, clusters=150, brain=300, plasticity=40)  # patients per demo


@lru_cache(maxsize=8)
def demo_cohort(n: int):
    """The lesson's virtual patients (lesson 01's DeRubeis 2005 population), seeded."""
    return default_cohort(n, SEED)


def run_arms(
    n: int, weeks: int = 16, drug: str = "sertraline-like", stress=None, params=None, **plan
) -> dict[str, Outcome]:
    """The four arms (``lesson_arms(**plan)``) on ``n`` of the lesson's patients, keyed by
    arm name: what every demo of the lesson and its figures for slides simulate."""
    outs = simulate_arms(
        demo_cohort(n),
        lesson_arms(**plan),
        weeks,
        SEED + 1,
        params or DEFAULT_PARAMS,
        DRUGS[drug],
        stress,
    )
    return _by_name(outs)


def key_figures() -> list[KeyFigure]:
    """Lesson 02's figures for slides, at their default settings."""
    n = DEMO_N
    pulse = stress_pulse(16, 10.0, 3.0, 1.0)
    p_outs = run_arms(n["pulse"], 16, stress=pulse)
    fig_pulse = style(pulse_figure(pulse_data(p_outs), pulse_window(10.0, 3.0)))
    fig_clusters = style(cluster_figure(cluster_data(run_arms(n["clusters"], 16))))
    brain = run_arms(n["brain"], 16)["combined"]
    fig_brain = style(brain_figure(brain_data(brain, 16), "combined", "sertraline-like"))
    follow = 26  # weeks: six months after stopping (the demo's default)
    f_outs = run_arms(n["plasticity"], LONGEST_TREATMENT + follow, med_stop=16, therapy_stop=16)
    fig_plast = style(plasticity_figure(plasticity_data(f_outs, 16, follow)))
    return [
        KeyFigure(
            "02-stress-pulse",
            fig_pulse,
            "Three stacked line charts over 16 weeks: a three-day stress pulse at week 10, "
            "limbic activity and prefrontal activity for no treatment, medication, therapy and "
            "both. Medication lowers limbic activity within two weeks; therapy raises "
            "prefrontal activity slowly; with both, the stress pulse moves the limbic node least.",
        ),
        KeyFigure(
            "02-symptom-clusters",
            fig_clusters,
            "Two line charts of body symptoms and cognitive symptoms (HAM-D points) over 16 "
            "weeks for four arms. Medication improves body symptoms first; therapy improves "
            "cognitive symptoms more than body symptoms; both together improve both most.",
        ),
        KeyFigure(
            "02-brain-map",
            fig_brain,
            "A side view of the brain after 16 weeks of combined treatment: the limbic region is "
            "shaded blue (less active) and the prefrontal region purple (more active). Arrows "
            "show the bottom-up route of medication and the top-down route of therapy; bars give "
            "the percentage changes.",
        ),
        KeyFigure(
            "02-plasticity-window",
            fig_plast,
            "Three stacked line charts over 42 weeks and a bar chart. Medication raises the "
            "learning rate only while it is taken; learned skill grows fastest with medication "
            "and therapy together; six months after everything stops the combination keeps the "
            "largest benefit, therapy alone less, medication alone almost none.",
        ),
    ]
