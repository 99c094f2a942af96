"""Figures of lesson 03, "Relapse reduction". Each builder takes model results and
returns a complete ``go.Figure``; the ``*_data`` helpers give what a demo assigns
to existing traces when it updates in place."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..model import early_warning as ew
from ..model import evidence, survival
from ..model import landscape as L
from ..model import relapse_calibration as cal
from ..model.cohort import make_cohort
from ..model.outcome import Outcome
from ..model.phases import simulate_design
from ..model.plan import Plan
from .figure_spec import KeyFigure
from .forest import forest_figure
from .theme import ARM_COLOURS, OKABE_ITO, SEQUENCE, sizes, style, subplot_titles

GREY = "#777777"
GRID = np.linspace(-1.8, 1.8, 145)  # mood states drawn in the landscape
MOOD_TICKS = dict(
    tickvals=[-1, 0, 1], ticktext=["healthy<br>valley", "barrier", "depressed<br>valley"]
)
HAMD_AXIS = "HAM-D (points)"
MED_COLOUR = ARM_COLOURS["medication"]
THERAPY_COLOUR = ARM_COLOURS["therapy"]

# Colours of the lesson's named arms (shared treatment colours where they fit).
NAMED_ARM_COLOURS = {
    "continued medication": ARM_COLOURS["medication"],
    "medication withdrawn": ARM_COLOURS["no treatment"],
    "placebo": ARM_COLOURS["no treatment"],
    "prior therapy": ARM_COLOURS["therapy"],
    "combined": ARM_COLOURS["combined"],
}
NAMED_ARM_DASH = {"medication withdrawn": "dot", "placebo": "dot", "prior therapy": "dash"}

HR_TICKS = (0.1, 0.2, 0.5, 1, 2, 5, 10)  # hazard ratio axis (log)


SLOT_COLOURS = SEQUENCE[
    2:6
]  # arms named by letter: not the medication/therapy colours of the timeline


def arm_colour(name: str, slot: int) -> str:
    """The arm's treatment colour when its name has one, else an Okabe-Ito colour for its slot."""
    return NAMED_ARM_COLOURS.get(name, SLOT_COLOURS[slot % len(SLOT_COLOURS)])


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# --- (a) the landscape and the ball ---------------------------------------------------------
def landscape_data(
    outcome: Outcome, patient: int = 0, params: L.LandscapeParams | None = None
) -> dict:
    """Everything the landscape figure shows for one patient of a ``keep_state`` outcome.

    ``V``: landscape height over ``grid`` for every day (days+1 x grid);
    ``x``/``ball``: the ball's mood state and height each day; ``hamd`` daily
    HAM-D points; ``weeks`` time of each day; ``conc`` drug concentration
    (relative to steady state); ``skill`` therapy skill (0-1).
    """
    p = params or L.DEFAULT_PARAMS
    ex = outcome.extra
    if "tilt" not in ex:
        raise ValueError("outcome must come from landscape.simulate(..., keep_state=True)")
    tilt = ex["tilt"][patient].astype(float)
    skill = ex["skill"][patient].astype(float)
    x = ex["mood"][patient].astype(float)
    V = L.potential(GRID[None, :], tilt[:, None], skill[:, None], p)
    ball = L.potential(x, tilt, skill, p)
    lo = float(min(V.min(), ball.min()))
    hi = float(np.percentile(V, 99))
    return dict(
        grid=GRID,
        V=V,
        x=x,
        ball=ball,
        hamd=L.hamd_from_mood(x, outcome.baseline[patient], p),
        weeks=ex["days"] / 7.0,
        conc=ex["concentration"].astype(float),
        skill=skill,
        relapse_day=float(ex["relapse_day_all"][patient]),
        y_range=[lo - 0.03, min(hi, lo + 0.9)],
        threshold=p.relapse_hamd,
    )


def landscape_frame(d: dict, day: int) -> dict:
    """Trace values of the landscape figure at ``day`` (index into the data)."""
    day = int(np.clip(day, 0, d["V"].shape[0] - 1))
    t = d["weeks"][day]
    return dict(
        now=d["V"][day],
        ball_x=[d["x"][day]],
        ball_y=[d["ball"][day] + 0.012],
        hamd_x=[t],
        hamd_y=[d["hamd"][day]],
        cursor_x=[t, t],
        week=t,
        past_x=d["weeks"][: day + 1],
        past_y=d["hamd"][: day + 1],
    )


# trace order of the landscape figure (demos update them by index)
LANDSCAPE_TRACES = (
    "before",
    "now",
    "ball",
    "hamd",
    "past",
    "hamd_now",
    "threshold",
    "conc",
    "skill",
    "cursor",
)


def landscape_figure(d: dict, day: int = 0, title: str = "") -> go.Figure:
    """Left: the landscape today, with the ball (today's mood) and the week-0 landscape.
    Right: daily HAM-D, black so far and grey still to come (top); drug in the body and
    therapy skills (bottom). Trace order: ``LANDSCAPE_TRACES``."""
    f = landscape_frame(d, day)
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[{"rowspan": 2}, {}], [None, {}]],
        column_widths=[0.52, 0.48],
        horizontal_spacing=0.12,
        vertical_spacing=0.2,
        subplot_titles=(
            "The landscape (ball = today's mood)",
            "Symptoms (HAM-D points)",
            "Treatment (level)",
        ),
    )
    fig.add_trace(
        go.Scatter(
            x=d["grid"],
            y=d["V"][0],
            mode="lines",
            name="landscape at week 0",
            line=dict(color=GREY, dash="dot"),
            hoverinfo="skip",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=d["grid"],
            y=f["now"],
            mode="lines",
            name="landscape now",
            line=dict(color=OKABE_ITO["black"]),
            hoverinfo="skip",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=f["ball_x"],
            y=f["ball_y"],
            mode="markers",
            name="mood today",
            marker=dict(size=24, color=OKABE_ITO["orange"], line=dict(width=2, color="black")),
            hovertemplate="mood state %{x:.2f}<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=d["weeks"],
            y=d["hamd"],
            mode="lines",
            name="HAM-D each day (still to come)",
            line=dict(color="#c8c8c8", width=1.5),
            showlegend=False,
            hovertemplate="week %{x:.1f}: %{y:.0f} points<extra></extra>",
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=f["past_x"],
            y=f["past_y"],
            mode="lines",
            name="HAM-D each day so far",
            line=dict(color=OKABE_ITO["black"], width=1.5),
            showlegend=False,
            hovertemplate="week %{x:.1f}: %{y:.0f} points<extra></extra>",
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=f["hamd_x"],
            y=f["hamd_y"],
            mode="markers",
            name="today",
            marker=dict(size=14, color=OKABE_ITO["orange"], line=dict(width=2, color="black")),
            showlegend=False,
            hovertemplate="today: %{y:.0f} points<extra></extra>",
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=[0, d["weeks"][-1]],
            y=[d["threshold"]] * 2,
            mode="lines",
            name=f"relapse line ({d['threshold']:.0f} points, 2 weeks)",
            # black dotted: in vermillion dashes it looked like "therapy skill" in the legend
            line=dict(color=OKABE_ITO["black"], dash="dot", width=2),
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=d["weeks"],
            y=d["conc"],
            mode="lines",
            name="drug in the body (1 = steady)",
            line=dict(color=MED_COLOUR),
        ),
        2,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=d["weeks"],
            y=d["skill"],
            mode="lines",
            name="therapy skill (0-1)",
            line=dict(color=THERAPY_COLOUR, dash="dash"),
        ),
        2,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=f["cursor_x"],
            y=[0, 1.6],
            mode="lines",
            name="now",
            showlegend=False,
            # black: orange was also the therapy-skill line's colour (student walkthrough)
            line=dict(color=OKABE_ITO["black"], width=3),
            hoverinfo="skip",
        ),
        2,
        2,
    )
    fig.update_xaxes(
        title_text="Mood state (healthy ← → depressed)",
        range=[-1.8, 1.8],
        **MOOD_TICKS,
        row=1,
        col=1,
    )
    fig.update_yaxes(title_text="Height (a.u.)", range=d["y_range"], nticks=4, row=1, col=1)
    fig.update_yaxes(title_text="HAM-D", range=[0, 36], tickvals=[0, 20], row=1, col=2)
    fig.update_xaxes(title_text="Week", range=[0, d["weeks"][-1]], row=2, col=2)
    # the same weeks as the panel below: its labels would run into the "Treatment" title
    fig.update_xaxes(range=[0, d["weeks"][-1]], showticklabels=False, row=1, col=2)
    fig.update_yaxes(title_text="Level", range=[0, 1.6], tickvals=[0, 1], row=2, col=2)
    fig.update_layout(
        title=title or f"Week {f['week']:.1f}: a ball in a landscape",
        height=640,
    )
    return subplot_titles(fig)


# --- (b) plans, Kaplan-Meier curves and hazard ratios --------------------------------------
def timeline_data(plan: Plan, weeks: float, row: float) -> dict:
    """Medication dose as a band above ``row`` and therapy sessions as marks below it."""
    t = np.linspace(0, weeks, int(weeks * 2) + 1)
    dose = plan.dose(t)
    med_x = np.concatenate([t, t[::-1]])
    med_y = np.concatenate([row + 0.05 + 0.3 * dose, np.full(t.size, row + 0.05)])
    wk = np.arange(int(weeks)) + 0.5
    sessions = plan.sessions(wk)
    on = sessions > 0
    return dict(
        med_x=med_x,
        med_y=med_y,
        ther_x=wk[on],
        ther_y=np.full(on.sum(), row - 0.18),
        ther_size=np.clip(6 + 4 * sessions[on], 6, 16),
    )


def km_data(curve: survival.KMCurve) -> dict:
    """Step curve (% still well) and its 95 % band."""
    x = np.append(curve.weeks, np.nan)
    band_x = np.concatenate([curve.weeks, curve.weeks[::-1]])
    band_y = 100 * np.concatenate([curve.upper, curve.lower[::-1]])
    return dict(
        x=curve.weeks,
        y=100 * curve.well,
        band_x=band_x,
        band_y=band_y,
        n=curve.n,
        relapses=curve.relapses,
        end=x,
    )


# An empty slot: one gap point, so that plotly keeps the trace's drawing ready (an arm
# that comes back is then drawn as fast as one that changes).
EMPTY_TIMELINE = dict(med_x=[None], med_y=[None], ther_x=[None], ther_y=[None], ther_size=[0])
EMPTY_KM = dict(x=[None], y=[None], band_x=[None], band_y=[None], n=0, relapses=0)


def km_label(label: str, curve: survival.KMCurve, follow_up: float) -> str:
    """Legend text of a Kaplan-Meier curve: its arm, the share relapsed over ``follow_up``
    weeks (the number a lecturer reads aloud: lecturer walkthrough) and its n."""
    relapsed = 100 * curve.relapsed_by(follow_up)  # by the curves' end (the axis shows when)
    return f"{label}: {relapsed:.0f} % relapsed (n = {curve.n})"


def forest_data(rows: list[dict], slots: int) -> dict:
    """Hazard ratios with 95 % CIs (one row per non-reference arm) at fixed positions
    (``slots - 2`` down to 0, first comparison on top), so that arms can come and go without
    the axis changing; ``labels`` names each position with its numbers ("" when empty).
    (Text beside the marks crowded four arms and ran into the row names for a small HR:
    lecturer walkthrough.)"""
    hr = np.array([r["hr"] for r in rows])
    text = [f"{r['hr']:.2f} ({r['lower']:.2f}-{r['upper']:.2f})" for r in rows]
    return dict(
        x=hr,
        y=[slots - 2 - i for i in range(len(rows))],
        # a letter and its numbers on one line; a long arm name above them (it ran into the
        # Kaplan-Meier panel)
        labels=[
            f"{r['arm']}{': ' if len(r['arm']) <= 3 else '<br>'}{t}"
            for r, t in zip(rows, text, strict=True)
        ]
        + [""] * (slots - 1 - len(rows)),
        plus=np.array([r["upper"] for r in rows]) - hr,
        minus=hr - np.array([r["lower"] for r in rows]),
        text=text,
    )


def slot_labels(names: list[str], slots: int) -> list[str]:
    """Timeline row labels, top row first: the arms' names in bold, in the colour of their
    relapse curve (lecturer walkthrough: every row was the same blue, nothing tied row C to
    its curve), then "" for empty slots."""
    shown = [
        f"<b><span style='color:{arm_colour(name, i)}'>{name}</span></b>"
        for i, name in enumerate(names)
    ]
    return shown + [""] * (slots - len(names))


def relapse_figure(
    arms: list[dict],
    follow_from: float,
    weeks: float,
    hr_rows: list[dict],
    slots: int = 4,
    title: str = "",
    fixed_rows: bool = False,
) -> go.Figure:
    """Top: each arm's plan on a timeline. Bottom left: Kaplan-Meier curves (% still well
    since the end of acute treatment). Bottom right: hazard ratios versus the first arm.

    ``arms``: one dict per arm with ``name`` (its legend text), ``plan`` (Plan) and ``curve``
    (KMCurve);
    ``slots`` traces are made for each kind so a demo can show 2 to ``slots`` arms
    (with ``fixed_rows`` each slot keeps its timeline row when arms come and go).
    """
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[{"colspan": 2}, None], [{}, {}]],
        row_heights=[0.46, 0.54],  # four timeline rows need ~22 px each at ~450 px
        column_widths=[0.6, 0.4],
        # room between the rows for the top axis's title and the lower panels' titles (kept
        # short, so that they sit side by side; a long one ran into the axis title)
        vertical_spacing=0.26,
        horizontal_spacing=0.24,
        subplot_titles=(
            "The plans: medication dose (band) and therapy sessions (marks)",
            "Still well (Kaplan-Meier)",  # short: a long one ran into the axis title above
            "Hazard ratio of relapse",
        ),
    )
    n = len(arms)
    top = slots - 1 if fixed_rows else n - 1
    for i in range(slots):
        arm = arms[i] if i < n else None
        tl = timeline_data(arm["plan"], weeks, top - i) if arm else EMPTY_TIMELINE
        fig.add_trace(
            go.Scatter(
                x=tl["med_x"],
                y=tl["med_y"],
                fill="toself",
                mode="lines",
                fillcolor=_rgba(MED_COLOUR, 0.55),
                line=dict(width=1, color=MED_COLOUR),
                name="medication dose",
                legendgroup="med",
                showlegend=False,  # the panel's title names the band and the marks: the
                # legend keeps its rows for the arms (four arms squeezed the curves at 720 px)
                hoverinfo="skip",
            ),
            1,
            1,
        )
        fig.add_trace(
            go.Scatter(
                x=tl["ther_x"],
                y=tl["ther_y"],
                mode="markers",
                name="therapy session(s)",
                marker=dict(symbol="diamond", color=THERAPY_COLOUR, size=tl["ther_size"]),
                legendgroup="ther",
                showlegend=False,
                hovertemplate="week %{x:.0f}<extra>therapy</extra>",
            ),
            1,
            1,
        )
    for i in range(slots):
        arm = arms[i] if i < n else None
        colour = arm_colour(arm["name"], i) if arm else SLOT_COLOURS[i]
        k = km_data(arm["curve"]) if arm else EMPTY_KM
        label = km_label(arm["name"], arm["curve"], weeks - follow_from) if arm else ""
        fig.add_trace(
            go.Scatter(
                x=k["band_x"],
                y=k["band_y"],
                fill="toself",
                mode="lines",
                line=dict(width=0),
                fillcolor=_rgba(colour, 0.13),
                showlegend=False,
                hoverinfo="skip",
                name=f"{label} 95 % band",
            ),
            2,
            1,
        )
        fig.add_trace(
            go.Scatter(
                x=k["x"],
                y=k["y"],
                mode="lines",
                line=dict(
                    color=colour,
                    shape="hv",
                    dash=NAMED_ARM_DASH.get(arm["name"], "solid") if arm else "solid",
                ),
                name=label,
                showlegend=arm is not None,
                hovertemplate="week %{x:.0f}: %{y:.0f} % still well<extra></extra>",
            ),
            2,
            1,
        )
    rows = slots - 1 if fixed_rows else max(len(hr_rows), 1)
    f = forest_data(hr_rows, rows + 1)
    fig.add_trace(
        go.Scatter(
            x=f["x"],
            y=f["y"],
            mode="markers",
            text=f["text"],
            marker=dict(symbol="square", size=12, color=OKABE_ITO["black"]),
            error_x=dict(
                type="data",
                array=f["plus"],
                arrayminus=f["minus"],
                thickness=2,
                color=OKABE_ITO["black"],
            ),
            showlegend=False,
            name="hazard ratio",
            hovertemplate="HR %{text}<extra></extra>",
        ),
        2,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=[1, 1],
            y=[-0.5, rows - 0.5],
            mode="lines",
            showlegend=False,
            line=dict(color=GREY, dash="dot", width=2),
            hoverinfo="skip",
            name="no difference",
        ),
        2,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=[follow_from, follow_from],
            y=[-0.5, slots - 0.5],
            mode="lines",
            line=dict(color=GREY, dash="dash", width=2),
            name="follow-up starts",
            hoverinfo="skip",
        ),
        1,
        1,
    )
    fig.update_xaxes(title_text="Week (from the start)", range=[0, weeks], nticks=6, row=1, col=1)
    # the row letters at the normal theme's size: four rows share a short panel in the app
    fig.update_yaxes(tickfont_size=sizes(projector=False)["font"], row=1, col=1)
    if fixed_rows:  # every slot keeps its row; empty ones unlabelled (arms come and go: data only)
        fig.update_yaxes(
            tickvals=[top - i for i in range(slots)],
            ticktext=slot_labels([a["name"] for a in arms], slots),
            range=[top + 0.6 - slots, top + 0.6],
            row=1,
            col=1,
        )
    else:
        fig.update_yaxes(
            tickvals=[top - i for i in range(n)],
            ticktext=[a["name"] for a in arms],
            range=[top + 0.6 - n, top + 0.6],
            row=1,
            col=1,
        )
    fig.update_xaxes(
        title_text="Weeks since acute treatment ended",
        range=[0, weeks - follow_from],
        nticks=6,
        row=2,
        col=1,
    )
    # short: a long vertical title outgrew the panel on a projector
    fig.update_yaxes(title_text="Still well (%)", range=[0, 102], row=2, col=1)
    ref = hr_rows[0]["reference"] if hr_rows else arms[0]["name"]
    fig.update_xaxes(
        title_text=f"HR vs {ref} (log)",  # the full name: "vs medication" misread the reference
        type="log",
        range=[np.log10(0.1), np.log10(10)],
        # plotly labels a log axis's minor ticks "2 5", which reads as a typo
        tickvals=HR_TICKS,
        ticktext=[f"{t:g}" for t in HR_TICKS],
        row=2,
        col=2,
    )
    fig.update_yaxes(
        range=[-0.5, rows - 0.5],
        tickvals=list(range(rows - 1, -1, -1)),
        ticktext=f["labels"],
        tickfont_size=sizes(projector=False)["font"],
        row=2,
        col=2,
    )
    fig.update_layout(
        title=title or "Which plan keeps people well?",
        height=780,
        # side by side: with legend groups present plotly stacked the entries, one a row
        legend_traceorder="normal",
    )
    subplot_titles(fig)
    return fig


# --- (c) early warnings -----------------------------------------------------------------------
WARNING_MAX_WINDOW = 56  # days: the early-warning demo's widest window
WARNING_AXES = dict(x="xaxis", var="yaxis2", ac1="yaxis3", lags=("xaxis2", "xaxis3"))


def _ceil_125(x: float) -> float:
    """The smallest of 1, 2, 5 x 10^k at or above ``x`` (> 0)."""
    k = 10.0 ** np.floor(np.log10(x))
    return float(next(m * k for m in (1, 2, 5, 10) if m * k >= x - 1e-12))


def warning_ranges(d: dict, shown_before: int) -> dict:
    """Axis ranges that stay put while the window changes: days (top and bottom), variance
    (points², 0 to a round number above the data) and autocorrelation (-0.4 or lower, to 1)."""
    # the variance axis follows the averages, not the example patient: one patient's spike
    # to 15 flattened the averaged rise (3 to 4), the demo's point (lecturer walkthrough);
    # the patient's line may leave the panel
    var = np.concatenate([np.atleast_1d(d["mean_var"]), np.atleast_1d(d["far_var"])])
    ac1 = np.concatenate([d["patient_ac1"], d["mean_ac1"], d["far_ac1"]])
    top = float(np.nanmax(var)) if np.isfinite(var).any() else 1.0
    low = float(np.nanmin(ac1)) if np.isfinite(ac1).any() else 0.0
    return dict(
        x=[-(shown_before + WARNING_MAX_WINDOW) - 1.0, 31.0],
        lags=[-shown_before - 8.0, 0.0],  # the first label clear of the corner
        var=[0.0, _ceil_125(max(top, 0.1) * 1.15)],
        ac1=[min(-0.4, np.floor(low / 0.2) * 0.2), 1.0],
    )


def warning_data(
    outcome: Outcome,
    aligned: ew.Aligned,
    example: int = 0,
    shown_before: int = 120,
    detrend: bool = True,
) -> dict:
    """The ``example``-th switching patient's daily HAM-D around the switch, and the cohort
    averages."""
    ex = outcome.extra
    start = ex["follow_from_day"]
    switch = ex["relapse_day_all"]
    ok = np.flatnonzero(~np.isnan(switch) & (switch >= start + shown_before + aligned.window))
    pid = int(ok[example % ok.size])
    s = int(switch[pid])
    days = np.arange(s - shown_before - aligned.window, min(s + 30, ex["days"][-1]) + 1)
    hamd = L.hamd_from_mood(ex["mood"][pid, days], outcome.baseline[pid])
    series = L.hamd_from_mood(ex["mood"][pid, :s], outcome.baseline[pid])
    var, ac1 = ew.rolling_indicators(series[None, :], aligned.window, detrend)
    last = var.shape[1]  # window ending at day s-1 is column last-1
    lags = aligned.days_before
    cols = last - lags
    w = aligned.window
    d = dict(
        rel=days - s,
        hamd=hamd,
        window_x=[-w - 0.5, -0.5, -0.5, -w - 0.5, -w - 0.5],
        patient_var=var[0, cols],
        patient_ac1=ac1[0, cols],
        lags=-lags,
        mean_var=aligned.variance,
        mean_ac1=aligned.autocorrelation,
        far_var=[aligned.far_variance] * 2,
        far_ac1=[aligned.far_autocorrelation] * 2,
        far_x=[-lags.max(), 0],
        n=aligned.n_switches,
        patient=pid,
    )
    d["ranges"] = warning_ranges(d, shown_before)
    return d


def set_warning_ranges(fig: go.Figure, ranges: dict) -> None:
    """Give the early-warning figure's axes ``ranges`` (``warning_ranges``)."""
    fig.layout[WARNING_AXES["x"]].range = ranges["x"]
    fig.layout[WARNING_AXES["var"]].range = ranges["var"]
    fig.layout[WARNING_AXES["ac1"]].range = ranges["ac1"]
    for axis in WARNING_AXES["lags"]:
        fig.layout[axis].range = ranges["lags"]


def warning_figure(d: dict, title: str = "") -> go.Figure:
    """Top: one patient's daily HAM-D before and after the switch, with the last window.
    Bottom: variance and lag-1 autocorrelation in that window, days before the switch."""
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[{"colspan": 2}, None], [{}, {}]],
        vertical_spacing=0.36,
        horizontal_spacing=0.16,
        subplot_titles=(
            "One patient's daily HAM-D (points), day 0 = the switch to relapse",
            "Variance in the window (points²)",
            "Lag-1 autocorrelation (-1 to 1)",
        ),
    )
    fig.add_trace(
        go.Scatter(
            x=d["window_x"],
            y=[0, 0, 40, 40, 0],
            fill="toself",
            mode="lines",
            line=dict(width=0),
            fillcolor=_rgba(OKABE_ITO["sky blue"], 0.3),
            name="last window before the switch",
            hoverinfo="skip",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=d["rel"],
            y=d["hamd"],
            mode="lines",
            name="HAM-D each day",
            line=dict(color=OKABE_ITO["black"], width=2),
            hovertemplate="day %{x}: %{y:.0f} points<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=[d["rel"][0], d["rel"][-1]],
            y=[14, 14],
            mode="lines",
            name="relapse line",
            line=dict(color=OKABE_ITO["vermillion"], dash="dash", width=2),
        ),
        1,
        1,
    )
    for col, key, far in ((1, "var", "far_var"), (2, "ac1", "far_ac1")):
        fig.add_trace(
            go.Scatter(
                x=d["lags"],
                y=d[f"patient_{key}"],
                mode="lines",
                name="this patient",
                line=dict(color=GREY, width=1.5),
                showlegend=col == 1,
                legendgroup="patient",
            ),
            2,
            col,
        )
        fig.add_trace(
            go.Scatter(
                x=d["far_x"],
                y=d[far],
                mode="lines",
                name="patients who never switched",  # as the lesson's text says
                line=dict(color=OKABE_ITO["bluish green"], dash="dash"),
                showlegend=col == 1,
                legendgroup="far",
            ),
            2,
            col,
        )
        fig.add_trace(
            go.Scatter(
                x=d["lags"],
                y=d[f"mean_{key}"],
                mode="lines",
                name=f"average of {d['n']} switches",
                showlegend=col == 1,
                line=dict(color=OKABE_ITO["blue"]),
                legendgroup="mean",
            ),
            2,
            col,
        )
    fig.update_yaxes(title_text="HAM-D", range=[0, 36], tickvals=[0, 20], row=1, col=1)
    fig.update_xaxes(title_text="Days before the switch", row=2, col=1)
    fig.update_xaxes(title_text="Days before the switch", row=2, col=2)
    fig.update_yaxes(title_text="Variance", nticks=2, row=2, col=1)
    fig.update_yaxes(tickvals=[0, 1], row=2, col=2)
    set_warning_ranges(fig, d["ranges"])
    fig.update_layout(
        title=title or "Early warning signs: does mood wobble more before a switch?",
        height=720,
    )
    return subplot_titles(fig)


# --- model vs evidence --------------------------------------------------------------------------
EVIDENCE_PANELS = {
    "RR": (
        # two lines: one ran past the figure's edge in a notebook
        "Relapse risk ratio within about a year<br>(first arm / second arm; 1 = no difference)",
        (0.2, 1.1),
    ),
    "OR": ("Relapse odds ratio, continued medication vs placebo", (0.2, 0.6)),
}


def evidence_figure(rows: list[dict]) -> go.Figure:
    """The toy beside pooled estimates and single trials (``relapse_calibration.forest_rows``)."""
    return forest_figure(
        rows,
        EVIDENCE_PANELS,
        "Model vs evidence, relapse: fitted to pooled and Hollon 2005",  # fits a notebook
    )


# --- computations shared by key figures and demos ---------------------------------------------
def hollon_arms(n: int = 1500, seed: int = 3) -> tuple[dict, float, float]:
    """Simulated Hollon 2005 design (calibrated): arm name -> Outcome, follow-up start, weeks."""
    design = cal.designs()["Hollon 2005"]
    cohort = make_cohort(n, seed, cal.populations()["Hollon 2005"])
    outs = simulate_design(design, cohort, seed, cal.params())
    return outs, design.follow_from_week, float(design.weeks)


def key_figures() -> list[KeyFigure]:
    """The lesson's figures worth exporting for slides."""
    figs = []
    # 1: one patient's landscape before treatment, on medication, and after therapy
    plan = Plan("therapy then medication stops").with_therapy(0, 16).with_medication(0, 24)
    one = L.simulate(
        L.typical_patients([0.6]), plan, 52, 5, cal.params(), keep_state=True, follow_from=16
    )
    d = landscape_data(one, 0, cal.params())
    fig = landscape_figure(
        d, 20 * 7, "A ball in a landscape: week 20, therapy done, medication still on"
    )
    figs.append(
        KeyFigure(
            "03-landscape",
            style(fig),
            (
                "Left: a curve with two valleys, healthy on the left and depressed on the right; "
                "an orange ball "
                "(today's mood) sits in the healthy valley, which is deeper than it was at week 0 "
                "(dotted). "
                "Right: daily symptoms fall below the relapse line during treatment; drug level "
                "and therapy "
                "skills are drawn below."
            ),
        )
    )
    # 2: Hollon 2005 design, Kaplan-Meier and hazard ratios
    outs, start, weeks = hollon_arms()
    arms = [
        dict(name=k, plan=cal.designs()["Hollon 2005"].plan(k), curve=survival.kaplan_meier(o, k))
        for k, o in outs.items()
    ]
    hr = survival.hazard_ratios(outs, reference="medication withdrawn")
    fig = relapse_figure(
        arms, start, weeks, hr, slots=3, title="Virtual Hollon 2005: relapse after acute treatment"
    )
    figs.append(
        KeyFigure(
            "03-relapse-curves",
            style(fig),
            (
                "Kaplan-Meier curves of virtual patients who responded to acute treatment: after "
                "medication is "
                "withdrawn most relapse within a year; continued medication and prior cognitive "
                "therapy keep more "
                "people well. Hazard ratios versus withdrawal are below 1 for both, with 95 % "
                "intervals."
            ),
        )
    )
    # 3: model vs evidence
    figs.append(
        KeyFigure(
            "03-model-vs-evidence",
            style(evidence_figure(cal.forest_rows())),
            (
                "Forest plot of relapse risk ratios. The toy (circles) sits inside Guidi 2016's "
                "pooled "
                "intervals for adding cognitive behavioural therapy after a drug response (about "
                "0.8) and "
                "inside Kato 2021's odds ratio for continuing the drug; the single trial of Hollon "
                "2005 "
                "(squares) shows a much lower ratio for prior cognitive therapy (about 0.4), which "
                "the toy "
                "reproduces only for Hollon's more vulnerable patients. Reynolds 2006 (older "
                "adults), a "
                "check the toy was not fitted to, finds almost no benefit of added therapy; the "
                "toy's "
                "ratio is similar, but its relapse rates are far from Reynolds'."
            ),
        )
    )
    # 4: early warnings
    o = outs["medication withdrawn"]
    a = ew.aligned_on_switch(o, 28, 120)
    fig = warning_figure(warning_data(o, a, 0, 120))
    figs.append(
        KeyFigure(
            "03-early-warnings",
            style(fig),
            (
                "Top: one virtual patient's daily symptom score crosses the relapse line. Bottom: "
                "averaged over "
                "many switching patients, the variance and the lag-1 autocorrelation of daily "
                "scores in a "
                "four-week window rise in the two weeks before the switch, above their level far "
                "from any switch."
            ),
        )
    )
    return figs


def hollon_trial_found() -> str:
    """Hollon et al. 2005's 12-month relapse, letters as the plan editor's Hollon preset, as a
    click-to-reveal block (Markdown). Written here, not in the notebook's cell: there its
    source showed the ranking above the closed reveal (student walkthrough)."""
    h = evidence.HOLLON_RELAPSE_12M
    arms = (("A", "medication withdrawn"), ("B", "continued medication"), ("C", "prior therapy"))
    order = " ".join(letter for letter, arm in sorted(arms, key=lambda a: h[a[1]]))
    said = ", ".join(f"{letter} {arm} **{100 * h[arm]:.1f} %**" for letter, arm in arms)
    return (
        "<details><summary><b>Show what the trial found</b></summary>\n\n"
        f"Hollon et al. 2005, relapsed within 12 months: {said}: ranking {order}.\n\n</details>"
    )
