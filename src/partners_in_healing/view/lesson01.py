"""Figures of lesson 01, "The additive effect". Each builder takes model results
and returns a complete ``go.Figure``; the ``*_data`` helpers give what a demo
assigns to existing traces when it updates in place."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..model import calibration as cal
from ..model import evidence
from ..model.additive import simulate
from ..model.cohort import make_cohort
from ..model.outcome import Outcome
from ..model.plan import standard_arms
from ..model.trial import Effect, independent_action, pool, run_trials
from .figure_spec import KeyFigure
from .forest import forest_figure
from .theme import ARM_COLOURS, ARM_DASH, OKABE_ITO, style, subplot_titles

ARMS = ("no treatment", "medication", "therapy", "combined")
HAMD_AXIS = "HAM-D (points, 0-52)"


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# --- trajectories -----------------------------------------------------------------------
def trajectory_data(outcome: Outcome) -> dict:
    """Mean line and the band between the 25th and 75th percentile (HAM-D points)."""
    lo, hi = np.percentile(outcome.scores, (25, 75), axis=0)
    t = outcome.times
    return dict(
        x=t,
        mean=outcome.mean(),
        band_x=np.concatenate([t, t[::-1]]),
        band_y=np.concatenate([hi, lo[::-1]]),
    )


def trajectories_figure(outcomes: dict[str, Outcome], title: str = "") -> go.Figure:
    """Cohort mean score per arm over time, with the middle half of patients shaded."""
    fig = go.Figure()
    for arm in ARMS:
        d = trajectory_data(outcomes[arm])
        colour = ARM_COLOURS[arm]
        fig.add_trace(
            go.Scatter(
                x=d["band_x"],
                y=d["band_y"],
                fill="toself",
                mode="lines",
                line=dict(width=0),
                fillcolor=_rgba(colour, 0.12),
                hoverinfo="skip",
                showlegend=False,
                name=f"{arm} (middle 50 %)",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=d["x"],
                y=d["mean"],
                mode="lines+markers",
                name=arm,
                line=dict(color=colour, dash=ARM_DASH[arm]),
                hovertemplate=f"{arm}<br>week %{{x}}<br>mean %{{y:.1f}} points<extra></extra>",
            )
        )
    fig.update_layout(
        title=title or "Mean HAM-D by week (band: middle half; lower is better)",
        xaxis_title="Week of treatment",
        yaxis_title=HAMD_AXIS,
        xaxis_range=[-0.5, float(d["x"][-1]) + 0.5],  # fixed: only the lines move
        yaxis_range=[0, 32],
    )
    return fig


# --- scales -------------------------------------------------------------------------------
def scales_data(outcomes: dict[str, Outcome], week: int, p0: float = 0.0) -> dict:
    """Improvement in points and response rates per arm at ``week``, with the 'additive'
    predictions for the combination: the sum of points, and independent action without
    and with an assumed no-treatment response ``p0`` (fraction; at most the lower single
    rate)."""
    base = outcomes["no treatment"].at(week).mean()
    drop = {a: base - outcomes[a].at(week).mean() for a in ARMS[1:]}
    rate = {a: outcomes[a].response_rate(week) for a in ARMS}
    return dict(
        drop=drop,
        drop_sum=drop["medication"] + drop["therapy"],
        rate=rate,
        independent=independent_action(rate["medication"], rate["therapy"]),
        independent_p0=independent_action(
            rate["medication"], rate["therapy"], min(p0, rate["medication"], rate["therapy"])
        ),
        p0=p0,
    )


SCALE_LABELS_LEFT = ["medication", "therapy", "combined", "sum of the two"]
SCALE_LABELS_RIGHT = [
    "no treatment",
    "medication",
    "therapy",
    "combined",
    "naive: 1 − (1−p₁)(1−p₂)",
    "with p₀: 1 − (1−p₁)(1−p₂)/(1−p₀)",
]


# One line each: slanted one-line labels clear their neighbours at the projector font
# (two-line blocks, as tall as the spacing between slanted bars, touched)
SCALE_TICKS = {
    "naive: 1 − (1−p₁)(1−p₂)": "naive rule",
    "with p₀: 1 − (1−p₁)(1−p₂)/(1−p₀)": "rule with p₀",
}


def scales_bars(d: dict) -> tuple[list[float], list[float]]:
    """Bar heights: points of improvement (left), response in % (right)."""
    left = [d["drop"]["medication"], d["drop"]["therapy"], d["drop"]["combined"], d["drop_sum"]]
    right = [100 * d["rate"][a] for a in ARMS] + [100 * d["independent"], 100 * d["independent_p0"]]
    return left, right


def scales_figure(d: dict, week: int, published: dict | None = None) -> go.Figure:
    """Left: extra improvement over no treatment (points). Right: response rates (%)."""
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.12,
        column_widths=[0.42, 0.58],
        subplot_titles=("Symptom scale: points gained", "Response scale: % responding"),
    )
    left, right = scales_bars(d)
    c = ARM_COLOURS
    left_colours = [c["medication"], c["therapy"], c["combined"], OKABE_ITO["orange"]]
    right_colours = [
        c["no treatment"],
        c["medication"],
        c["therapy"],
        c["combined"],
        OKABE_ITO["orange"],
        OKABE_ITO["sky blue"],
    ]
    fig.add_trace(
        go.Bar(
            x=SCALE_LABELS_LEFT,
            y=left,
            marker_color=left_colours,
            text=[f"{v:.1f}" for v in left],
            textposition="outside",
            name="points",
            showlegend=False,
            hovertemplate="%{x}: %{y:.1f} points<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Bar(
            x=SCALE_LABELS_RIGHT,
            y=right,
            marker_color=right_colours,
            text=[f"{v:.0f} %" for v in right],
            # inside, at the bar's foot: clear of the published diamonds at the bar tops
            textposition="inside",
            insidetextanchor="start",
            textangle=0,
            textfont=dict(color=["white"] * 5 + ["black"]),  # black on the light sky blue
            name="response",
            showlegend=False,
            hovertemplate="%{x}: %{y:.1f} %<extra></extra>",
        ),
        1,
        2,
    )
    pub = published or {}
    fig.add_trace(
        go.Scatter(
            x=[a for a in ARMS if a in pub],
            y=[100 * pub[a] for a in ARMS if a in pub],
            mode="markers",
            name="published<br>(Keller 2000, week 12)",
            marker=dict(
                symbol="diamond",
                size=16,
                color=OKABE_ITO["reddish purple"],
                line=dict(width=2, color="black"),
            ),
        ),
        1,
        2,
    )
    fig.update_yaxes(title_text="Better than none (points)", range=[0, 11], row=1, col=1)
    fig.update_yaxes(title_text="Responders (%)", range=[0, 105], row=1, col=2)
    # category names stay as they are (the published diamonds sit on them); the ticks
    # show them on one short line, slanted
    for col, labels in ((1, SCALE_LABELS_LEFT), (2, SCALE_LABELS_RIGHT)):
        fig.update_xaxes(
            tickmode="array",
            tickvals=labels,
            ticktext=[SCALE_TICKS.get(v, v) for v in labels],
            tickangle=-40,
            row=1,
            col=col,
        )
    fig.update_layout(
        title=f"Is the combination 'additive'? Depends on the scale (week {week})",
        # the one legend entry sits top left in the response panel, above its lowest bars
        legend=dict(
            orientation="v",
            xref="paper",
            yref="paper",
            x=fig.layout.xaxis2.domain[0] + 0.01,
            xanchor="left",
            y=1,
            yanchor="top",
        ),
        height=560,
        # bar labels keep the theme's size: never shrunk to fit a small bar
        uniformtext=dict(minsize=16, mode="show"),
    )
    return subplot_titles(fig)


# --- virtual trials -------------------------------------------------------------------------
TRIAL_X_RANGE = (-1.5, 2.0)  # effect size g: fixed, so that new trials move only the marks


def trial_rows(n: int) -> dict:
    """Rows of the forest plot for ``n`` trials: trials 1..n, then, one label step below
    trial 1, the pooled and the published estimate. The step grows with ``n`` so that
    labels keep their distance in pixels (at most about 7 trial labels)."""
    step = max(1, int(np.ceil(n / 6)))
    return dict(step=step, pooled=-step, published=-2 * step, bottom=-2 * step - 0.8, top=n + 0.8)


def trial_data(effects: list[Effect]) -> dict:
    """Per-trial g and CI, and the pooled estimate, for a forest plot; ``beyond_*``: a mark
    at the axis edge for each interval that runs past it (x, row, symbol)."""
    pooled = pool(effects)
    g = np.array([e.g for e in effects])
    lo = np.array([e.ci[0] for e in effects])
    hi = np.array([e.ci[1] for e in effects])
    trial = np.arange(1, len(effects) + 1)
    left, right = TRIAL_X_RANGE
    out_lo, out_hi = lo < left, hi > right
    return dict(
        g=g,
        err_minus=g - lo,
        err_plus=hi - g,
        trial=trial,
        pooled=pooled.g,
        pooled_ci=pooled.ci,
        beyond_x=[left] * int(out_lo.sum()) + [right] * int(out_hi.sum()),
        beyond_y=list(trial[out_lo]) + list(trial[out_hi]),
        beyond_symbol=["triangle-left"] * int(out_lo.sum())
        + ["triangle-right"] * int(out_hi.sum()),
    )


def trial_yaxis(n: int) -> dict:
    """Y axis of the forest plot for ``n`` trials (``trial_rows``)."""
    r = trial_rows(n)
    ticks = list(range(1, n + 1, r["step"]))
    return dict(
        range=[r["bottom"], r["top"]],
        autorange=False,
        tickvals=[r["published"], r["pooled"]] + ticks,
        ticktext=["published", "pooled"] + [str(i) for i in ticks],
    )


def trial_zero_line(n: int) -> dict:
    """The dotted line of 'no difference' (g = 0)."""
    r = trial_rows(n)
    return dict(
        type="line",
        x0=0,
        x1=0,
        y0=r["bottom"],
        y1=r["top"],
        line=dict(color="#555555", dash="dot", width=2),
    )


def trial_figure(
    d: dict, published: tuple[float, float, float] | None = None, label: str = ""
) -> go.Figure:
    """Forest plot: each virtual trial's g with its 95 % CI, the pooled estimate, the
    published one; a triangle at the axis edge where an interval runs past it.
    Traces: trials, pooled, published, beyond the axis."""
    n = len(d["g"])
    rows = trial_rows(n)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=d["g"],
            y=d["trial"],
            mode="markers",
            name="one virtual trial",
            marker=dict(color=OKABE_ITO["blue"], size=10, symbol="square"),
            error_x=dict(
                type="data",
                array=d["err_plus"],
                arrayminus=d["err_minus"],
                color=OKABE_ITO["blue"],
                thickness=2,
            ),
            hovertemplate="trial %{y}: g = %{x:.2f}<extra></extra>",
        )
    )
    lo, hi = d["pooled_ci"]
    fig.add_trace(
        go.Scatter(
            x=[lo, d["pooled"], hi],
            y=[rows["pooled"]] * 3,
            mode="lines+markers",
            name="pooled (fixed-effect meta-analysis)",
            marker=dict(
                symbol=["line-ns", "diamond", "line-ns"],
                size=[14, 18, 14],
                color=OKABE_ITO["bluish green"],
                line=dict(width=2, color=OKABE_ITO["bluish green"]),
            ),
            line=dict(color=OKABE_ITO["bluish green"], width=4),
        )
    )
    pub = published or (np.nan, np.nan, np.nan)
    fig.add_trace(
        go.Scatter(
            x=[pub[1], pub[0], pub[2]],
            y=[rows["published"]] * 3,
            mode="lines+markers",
            name="published meta-analysis",
            marker=dict(
                symbol=["line-ns", "diamond", "line-ns"],
                size=[14, 18, 14],
                color=OKABE_ITO["reddish purple"],
                line=dict(width=2, color=OKABE_ITO["reddish purple"]),
            ),
            line=dict(color=OKABE_ITO["reddish purple"], width=4),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=d["beyond_x"],
            y=d["beyond_y"],
            mode="markers",
            name="interval runs past the axis",
            marker=dict(color=OKABE_ITO["blue"], size=14, symbol=d["beyond_symbol"]),
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        title=label or "Many small trials, one pooled answer",
        xaxis_title="Effect size g (> 0 favours the first arm)",
        yaxis_title="Virtual trial",
        xaxis_range=list(TRIAL_X_RANGE),
        yaxis=trial_yaxis(n),
        shapes=[trial_zero_line(n)],
        height=600,
    )
    return fig


# --- model vs evidence --------------------------------------------------------------------------
EVIDENCE_PANELS = {
    "g": ("Effect size g at week 12 (> 0 favours the first arm)", (-0.2, 0.8)),
    "RR": ("Response ratio RR (first arm / second arm; 1 = no difference)", (0.7, 1.7)),
}


def evidence_figure(rows: list[dict]) -> go.Figure:
    """The toy beside pooled estimates and single trials (``calibration.forest_rows``)."""
    return forest_figure(
        rows,
        EVIDENCE_PANELS,
        "Model vs evidence: the default toy was fitted to the pooled estimates (diamonds)",
    )


# --- for slides -------------------------------------------------------------------------------
# The demos' patients and seeds (widgets/lesson01.py uses them too): a slide is the demo's
# starting picture, and its numbers are the ones the lecturer reads in the app.
DEMO_SEED = 2024
TRAJECTORY_N = 2000
SCALES_N = 4000


def default_outcomes(
    trial: str = cal.POOLED, n: int = TRAJECTORY_N, weeks: int = 16, seed: int = DEMO_SEED
):
    """The four arms simulated for one calibrated population (seeded as the demos are)."""
    cohort = make_cohort(n, seed, cal.populations()[trial])
    return {
        name: simulate(cohort, plan, weeks, seed + 1, cal.params())
        for name, plan in standard_arms().items()
    }


def key_figures() -> list[KeyFigure]:
    """Lesson 01's figures for slides, at their default settings."""
    outs = default_outcomes()
    traj = style(
        trajectories_figure(outs, "Typical trial patients (pooled evidence), 2,000 per arm")
    )
    scales = style(scales_figure(scales_data(default_outcomes(n=SCALES_N), 12, 0.25), 12, None))
    table = cal.check()
    forest_rows = cal.forest_rows(table)
    evid = style(evidence_figure(forest_rows))
    arms = standard_arms()
    effects = run_trials(
        cal.populations()[cal.POOLED],
        arms["combined"],
        arms["medication"],
        n_per_arm=60,
        n_trials=20,
        week=12,
        seed=DEMO_SEED + 1,  # the trials demo's first batch
        params=cal.params(),
    )
    forest = style(
        trial_figure(
            trial_data(effects),
            evidence.G_COMBINED_VS_DRUG,
            "20 virtual trials of combined vs medication, 60 patients per arm",
        )
    )
    return [
        KeyFigure(
            "01-trajectories",
            traj,
            "Line chart of average HAM-D score over 16 weeks for 2,000 virtual patients per arm, "
            "like those of a typical trial in the meta-analyses. Scores fall least with no "
            "treatment, similarly with medication or therapy alone, and most with both combined.",
        ),
        KeyFigure(
            "01-scales",
            scales,
            "Two bar charts at week 12 for typical trial patients. Left: points of improvement "
            "over no treatment; the combination's bar is a little below the sum of the two "
            "single bars. Right: response rates of the four arms, the naive independent-action "
            "rule 1-(1-p1)(1-p2) and the rule with a no-treatment response p0 of 25 %, "
            "1-(1-p1)(1-p2)/(1-p0).",
        ),
        KeyFigure(
            "01-model-vs-evidence",
            evid,
            "Forest plot on two axes. Top: effect size g at week 12 for combined vs medication, "
            "combined vs therapy and medication vs therapy; the toy's values (circles) sit "
            "inside the pooled 95 % intervals of Cuijpers 2014, 2009 and 2013 (diamonds), to "
            "which the default was fitted. Bottom: response ratios; the toy sits inside "
            "Cuijpers 2020's intervals (about 1.25), while the single trial of Keller 2000 "
            "(squares, about 1.5) lies far above them and is reproduced only by the toy's "
            "chronic-depression patients.",
        ),
        KeyFigure(
            "01-virtual-trials",
            forest,
            "Forest plot of 20 virtual trials comparing combined treatment with medication, "
            "60 patients per arm, typical trial patients. Single trials scatter widely, some "
            "crossing zero; the pooled estimate is narrow and near the published g of 0.43.",
        ),
    ]
