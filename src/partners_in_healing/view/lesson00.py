"""Figures of lesson 00, "Welcome: what a toy model is".

``cohort_figure`` shows a virtual cohort (everyone differs); ``trial_result_figure``
shows how to read one trial result (two arms, their means, the effect size).
The ``*_data`` helpers give what a demo assigns to existing traces.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..model import calibration as cal
from ..model.additive import simulate
from ..model.cohort import Cohort, Population, make_cohort
from ..model.plan import standard_arms
from ..model.trial import hedges_g
from .figure_spec import KeyFigure
from .theme import ARM_COLOURS, ARM_DASH, OKABE_ITO, style, subplot_titles

BINS = dict(start=14, end=52, size=2)  # HAM-D points: fixed so that updates keep the axis
SEVERITY_AXIS = "Baseline severity (HAM-D points, 0-52)"


def severity_histogram(baseline: np.ndarray) -> dict:
    """Share of patients (%) in each 2-point band of ``BINS``, as a step line: x (HAM-D
    points, band edges), y (%, the last band repeated to close the step), hover texts, and
    a y-axis top (%) that is a multiple of 10 (so that it seldom changes)."""
    edges = np.arange(BINS["start"], BINS["end"] + BINS["size"], BINS["size"])
    counts = np.histogram(baseline, bins=edges)[0]
    pct = 100.0 * counts / max(len(baseline), 1)
    text = [
        f"{lo}-{lo + BINS['size']} points: {c} patients ({p:.0f} %)"
        for lo, c, p in zip(edges, counts, pct, strict=False)  # edges: one more
    ]
    return dict(
        x=edges,
        y=np.r_[pct, pct[-1]],
        text=[*text, text[-1]],
        top=10.0 * np.ceil(max(pct.max(), 1.0) * 1.1 / 10.0),
    )


def cohort_data(cohort: Cohort) -> dict:
    """What the cohort figure draws: severities, their histogram and the two sensitivities in %."""
    med = 100.0 * cohort.med_sensitivity
    ther = 100.0 * cohort.therapy_sensitivity
    r = (
        float(np.corrcoef(med, ther)[0, 1])
        if cohort.n > 2 and med.std() > 0 and ther.std() > 0
        else float("nan")  # no spread: a correlation is not defined
    )
    return dict(
        baseline=cohort.baseline,
        med=med,
        therapy=ther,
        n=cohort.n,
        r=r,
        hist=severity_histogram(cohort.baseline),
        text=[f"patient {i + 1}, baseline {b:.0f} points" for i, b in enumerate(cohort.baseline)],
    )


def cohort_caption(d: dict) -> str:
    return (
        f"{d['n']} patients · median: medication {np.median(d['med']):.0f} %, "
        f"therapy {np.median(d['therapy']):.0f} % · "
        # no spread, no correlation (r = 0.00 was shown): said as short as r is
        + ("all alike" if np.isnan(d["r"]) else f"r = {d['r']:.2f}")
    )


def cohort_figure(d: dict) -> go.Figure:
    """Left: how severe each patient is at the start. Right: how much each patient could
    gain from a full course of medication (x) and of therapy (y)."""
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.18,
        subplot_titles=("How ill at the start", "Who could gain from what"),
    )
    h = d["hist"]  # a histogram drawn as a filled step line (redrawn fast when it changes)
    fig.add_trace(
        go.Scatter(
            x=h["x"],
            y=h["y"],
            text=h["text"],
            name="patients",
            mode="lines",
            line=dict(shape="hv", color="#1a1a1a", width=1.5),
            fill="tozeroy",
            fillcolor=OKABE_ITO["sky blue"],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=d["med"],
            y=d["therapy"],
            mode="markers",
            name="one virtual patient",
            text=d["text"],
            showlegend=False,
            marker=dict(color=OKABE_ITO["blue"], opacity=0.75, line=dict(color="white", width=0.5)),
            hovertemplate="%{text}<br>medication %{x:.0f} %<br>therapy %{y:.0f} %<extra></extra>",
        ),
        row=1,
        col=2,
    )
    fig.update_xaxes(title_text=SEVERITY_AXIS, range=[12, 46], row=1, col=1)
    fig.update_yaxes(title_text="Share of patients (%)", range=[0, h["top"]], row=1, col=1)
    fig.update_xaxes(title_text="Medication sensitivity (%)", range=[0, 100], row=1, col=2)
    fig.update_yaxes(title_text="Therapy sensitivity (%)", range=[0, 100], row=1, col=2)
    fig.update_layout(title=dict(text=cohort_caption(d)))
    return subplot_titles(fig)


def make_demo_cohort(
    n: int = 200, spread: float = 1.0, correlation: float = 0.3, seed: int = 0
) -> Cohort:
    """The lesson's virtual cohort: ``n`` patients, logit-scale ``spread``, ``correlation``."""
    return make_cohort(n, seed, Population(spread=spread, correlation=correlation))


# --- how to read a trial result ---------------------------------------------------------------
def trial_result(n_per_arm: int = 100, week: int = 12, seed: int = 2) -> dict:
    """One virtual trial (calibrated DeRubeis 2005 patients): therapy vs no treatment,
    scores at ``week`` (HAM-D points)."""
    arms = standard_arms()
    cohort = make_cohort(2 * n_per_arm, seed, cal.populations()["DeRubeis 2005"])
    params = cal.params()
    a = simulate(cohort.subset(slice(0, n_per_arm)), arms["therapy"], week, seed + 1, params).at(
        week
    )
    b = simulate(
        cohort.subset(slice(n_per_arm, None)), arms["no treatment"], week, seed + 2, params
    ).at(week)
    eff = hedges_g(a, b)
    return dict(therapy=a, none=b, g=eff.g, ci=eff.ci, week=week, n=n_per_arm)


def trial_result_figure(d: dict) -> go.Figure:
    """Every patient's score at the end (dots), each arm's mean (bar), and Hedges' g."""
    rng = np.random.default_rng(0)
    fig = go.Figure()
    for i, (arm, key) in enumerate((("no treatment", "none"), ("therapy", "therapy"))):
        y = d[key]
        fig.add_trace(
            go.Scatter(
                x=i + rng.uniform(-0.25, 0.25, y.size),
                y=y,
                mode="markers",
                name=f"{arm}: one patient",
                opacity=0.55,
                marker=dict(
                    color=ARM_COLOURS[arm],
                    size=7,
                    symbol="circle" if arm == "therapy" else "diamond",
                ),
                hovertemplate=f"{arm}<br>%{{y:.0f}} points<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[i - 0.38, i + 0.38],
                y=[y.mean()] * 2,
                mode="lines",
                name=f"{arm}: mean {y.mean():.1f} points",
                line=dict(color=ARM_COLOURS[arm], width=6, dash=ARM_DASH[arm]),
            )
        )
    lo, hi = d["ci"]
    fig.update_layout(
        title=f"One virtual trial, {d['n']} patients per arm, week {d['week']}<br>"
        f"effect size g = {d['g']:.2f} (95 % CI {lo:.2f} to {hi:.2f})",
        xaxis=dict(
            tickvals=[0, 1],
            ticktext=["no treatment", "therapy"],
            range=[-0.6, 1.6],
            title="Arm (patients assigned at random)",
        ),
        # from -1: a patient at 0 points was drawn half below the axis (student walkthrough)
        yaxis=dict(title=f"HAM-D at week {d['week']} (points)", range=[-1, 40]),
    )
    return fig


def key_figures() -> list[KeyFigure]:
    """Lesson 00's figures for slides, at their default settings."""
    d = cohort_data(make_demo_cohort())
    t = trial_result()
    return [
        KeyFigure(
            "00-virtual-cohort",
            style(cohort_figure(d)),
            "Two panels about 200 virtual patients. Left: a histogram of baseline HAM-D "
            "scores (share of patients in each 2-point band), most between 18 and 30 points. "
            "Right: a scatter plot of each patient's "
            "sensitivity to medication against therapy; the dots spread over almost the whole "
            "square, showing that patients differ a lot and that responding to one treatment "
            "only loosely predicts responding to the other.",
        ),
        KeyFigure(
            "00-reading-a-trial",
            style(trial_result_figure(t)),
            f"Dot plot of one virtual trial with {t['n']} patients per arm at week {t['week']}: "
            "each dot is one patient's HAM-D score, a thick line marks each arm's mean. The "
            "therapy arm's mean is lower, but the two clouds of dots overlap widely; the title "
            f"gives the effect size g = {t['g']:.2f} with its 95 % confidence interval.",
        ),
    ]
