"""Figures of lesson 04, "Who benefits, and finding what works". Each ``*_data`` helper
runs the model and returns what a figure shows; each ``*_figure`` builder returns a
complete ``go.Figure``; demos assign new ``*_data`` values to the existing traces."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..model import care_calibration as cal
from ..model import evidence
from ..model.care import Steps, early_prediction, simulate_care, simulate_steps, subgroup
from ..model.cohort import make_cohort
from ..model.plan import Plan, standard_arms
from .figure_spec import KeyFigure
from .theme import ARM_COLOURS, ARM_DASH, OKABE_ITO, style, subplot_titles

SEED = 404
N = 4000  # virtual patients per demo
STEPS_N = 3000  # in the steps demo (two plans of up to 56 weeks per update: kept within 20 ms)
GREY = "#777777"
PUBLISHED = OKABE_ITO["reddish purple"]


# The theme places the legend (one row at the bottom) and grows the margins for titles
# and tick labels (view/theme.py); here only the height and unslanted category labels.
FRAME = dict(
    height=620,
    xaxis2=dict(tickangle=0),  # category labels are wrapped with <br>, never slanted
)


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


@lru_cache(maxsize=4)
def cohort(n: int = N, seed: int = SEED, population: str = cal.POOLED):
    """The lesson's virtual patients (seeded): lesson 01's typical trial patients, or
    another calibrated population (STAR*D's for the steps of medication management)."""
    return make_cohort(n, seed, cal.populations()[population])


# --- (1) every patient's counterfactual ------------------------------------------------------
COMPARISONS = {
    "adding therapy to medication": ("medication", "combined"),
    "adding medication to therapy": ("therapy", "combined"),
    "medication vs no treatment": ("no treatment", "medication"),
}
BENEFIT_BINS = np.arange(-8.0, 22.0, 1.0)  # HAM-D points, edges of the histogram


def group_colours(d: dict) -> list[str]:
    """Colours of the response groups: both plans sky blue, only one plan that plan's colour,
    neither grey."""
    return [OKABE_ITO["sky blue"], ARM_COLOURS[d["second"]], ARM_COLOURS[d["first"]], GREY]


OUTCOME_GROUPS = ("either<br>way", "only<br>with it", "only<br>without it", "neither<br>way")


@lru_cache(maxsize=8)
def counterfactual_scores(n: int = N, weeks: int = 16, params=None):
    """Every patient's weekly scores under the four plans, all taken as prescribed by each
    patient, nobody leaving: one seed, so the four are the same people's counterfactuals."""
    prm = params or cal.params()
    return {
        arm: simulate_care(cohort(n), plan, weeks, SEED + 1, prm, dropout=False)
        for arm, plan in standard_arms().items()
    }


def counterfactual_data(
    comparison: str, week: int, severity=(0, 52), chronicity=(0, 60), age=(18, 90), n: int = N
) -> dict:
    """Individual benefit (points) of the second plan over the first at ``week`` for the
    patients of a subgroup; the histogram, its mean, and the four response groups (%)."""
    first, second = COMPARISONS[comparison]
    outs = counterfactual_scores(n)
    a, b = outs[first], outs[second]
    mask = subgroup(cohort(n), severity, chronicity, age)
    benefit = (a.at(week) - b.at(week))[mask]
    ra, rb = a.responded(week)[mask], b.responded(week)[mask]
    k = int(mask.sum())
    counts, _ = np.histogram(
        np.clip(benefit, BENEFIT_BINS[0], BENEFIT_BINS[-1] - 1e-9), BENEFIT_BINS
    )
    share = 100.0 * counts / max(k, 1)
    groups = [ra & rb, rb & ~ra, ra & ~rb, ~ra & ~rb]
    return dict(
        n=k,
        first=first,
        second=second,
        week=week,
        x=np.repeat(BENEFIT_BINS, 2)[1:-1],
        y=np.repeat(share, 2),
        mean=float(benefit.mean()) if k else float("nan"),
        gain5=100.0 * float((benefit >= 5).mean()) if k else float("nan"),
        none=100.0 * float((benefit < 1).mean()) if k else float("nan"),
        groups=[100.0 * float(g.mean()) if k else 0.0 for g in groups],
        rates=(100.0 * float(ra.mean()) if k else 0.0, 100.0 * float(rb.mean()) if k else 0.0),
    )


def histogram_top(d: dict) -> float:
    """Top of the histogram's axis (% of patients): 30, or higher in steps of 10 when a bar
    would be cut off (a narrow subgroup or an early week piles patients into one bin)."""
    peak = float(np.max(d["y"])) if len(d["y"]) else 0.0
    return max(30.0, 10.0 * np.ceil((peak + 2.0) / 10.0))


def counterfactual_title(d: dict) -> str:
    if not d["n"]:
        # two lines, as a subgroup's title: the plot keeps its place (one line left the title
        # against the panel titles in JupyterLab: student walkthrough)
        return (
            "No virtual patients in this subgroup:<br>widen a range (severity, chronicity or age)"
        )
    return (
        f"{d['n']:,} patients, week {d['week']}: a trial sees the average, {d['mean']:.1f} points;"
        f"<br>{d['gain5']:.0f} % gain 5 points or more, {d['none']:.0f} % gain less than 1"
    )


def group_labels(d: dict) -> list[str]:
    """The response groups' bar labels (%); none for an empty subgroup (not "0 %")."""
    return [f"{v:.0f} %" if d["n"] else "" for v in d["groups"]]


def benefit_axis_title(d: dict) -> str:
    """The histogram's x-axis title, in two lines ("... with medication than with no
    treatment" on one line overran a half-width panel on a projector)."""
    return f"HAM-D points better with {d['second']}<br>than with {d['first']}"


def counterfactual_figure(d: dict) -> go.Figure:
    """Left: how many points each patient gains (histogram, average marked). Right: who
    responds under which plan."""
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.45, 0.55],  # four two-line categories need ~120 px each on a projector
        horizontal_spacing=0.12,
        subplot_titles=("Each patient's own gain", "Who responds (≥ 50 % better)?"),
    )
    colour = ARM_COLOURS[d["second"]]
    fig.add_trace(
        go.Scatter(
            x=d["x"],
            y=d["y"],
            mode="lines",
            fill="tozeroy",
            line=dict(color=colour, width=3),
            fillcolor=_rgba(colour, 0.25),
            name="patients",
            showlegend=False,
            hovertemplate="gain %{x:.0f} points: %{y:.1f} % of patients<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=[d["mean"], d["mean"]],
            y=[0, histogram_top(d)],
            mode="lines",
            line=dict(color=OKABE_ITO["black"], width=4, dash="dash"),
            name="average gain (what a trial sees)",
            hovertemplate="average %{x:.1f} points<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Bar(
            x=list(OUTCOME_GROUPS),
            y=d["groups"],
            marker_color=group_colours(d),
            text=group_labels(d),
            textposition="outside",
            name="response groups",
            showlegend=False,
            hovertemplate="%{x}: %{y:.1f} %<extra></extra>",
        ),
        1,
        2,
    )
    fig.update_xaxes(
        title_text=benefit_axis_title(d),
        range=[BENEFIT_BINS[0], BENEFIT_BINS[-1]],
        row=1,
        col=1,
    )
    fig.update_yaxes(title_text="Patients (%)", range=[0, histogram_top(d)], row=1, col=1)
    fig.update_yaxes(title_text="Patients (%)", range=[0, 100], row=1, col=2)
    fig.update_layout(
        title=counterfactual_title(d),
        **FRAME,
    )
    return subplot_titles(fig)


# --- (2) moderators --------------------------------------------------------------------------
MODERATORS: dict[str, dict[str, Any]] = {
    "baseline severity": dict(
        param="severity_placebo",
        trait="baseline",
        edges=(14, 18, 22, 26, 30, 53),
        labels=("14-17", "18-21", "22-25", "26-29", "30+"),
        axis="Baseline severity (HAM-D points)",
        arms=("no treatment", "medication"),
        difference="Medication − placebo-like",  # the panel title: fits a projector
        published=(
            "Published: the drug-placebo difference grows with baseline severity, mostly "
            "because the placebo response falls (Kirsch et al. 2008, direction only). "
            "Thase et al. 1997: combined no better than psychotherapy in milder, a clear "
            "advantage in more severe recurrent depression."
        ),
    ),
    "chronicity": dict(
        param="chronic_therapy",
        trait="chronicity",
        edges=(0, 0.5, 1, 2, 5, 61),
        # in years, as the axis says: "6-12<br>months" ran into its neighbours at 968 px and
        # stood on end in the left panel
        labels=("< 0.5", "0.5-1", "1-2", "2-5", "5+"),
        axis="Years depressed before treatment",
        arms=("medication", "combined"),
        difference="Therapy added to medication",
        published=(
            "Published: adding cognitive therapy helped in severe non-chronic depression "
            "(81 % vs 52 % recovered) but not in chronic depression (Hollon et al. 2014, one "
            "trial); combined vs drug was not significant in chronic depression (von Wolff "
            "et al. 2012). But Keller et al. 2000 (chronic) found 73 % vs 48 %: weak evidence."
        ),
    ),
    "age": dict(
        param="age_therapy",
        trait="age",
        edges=(18, 30, 40, 50, 60, 91),
        labels=("18-29", "30-39", "40-49", "50-59", "60+"),
        axis="Age (years)",
        arms=("medication", "combined"),
        difference="Therapy added to medication",
        published=(
            "Published: adding monthly interpersonal therapy to paroxetine did not lower "
            "recurrence at age 70 or more (35 % vs 37 %, Reynolds et al. 2006); psychotherapy "
            "helps older adults against control, g = 0.64 (Cuijpers et al. 2014, Maturitas). "
            "Too few trials to say more: the toy leaves age out unless you set it."
        ),
    ),
}


def moderator_data(moderator: str, strength: float, week: int = 12, n: int = N) -> dict:
    """Response (%) of the moderator's two arms in each band of the trait, and the
    difference (percentage points), with the moderator set to ``strength``."""
    m = MODERATORS[moderator]
    prm = cal.params().with_(**{m["param"]: strength})
    c = cohort(n)
    trait = getattr(c, m["trait"])
    bands = [
        (trait >= lo) & (trait < hi) for lo, hi in zip(m["edges"][:-1], m["edges"][1:], strict=True)
    ]
    rates = {}
    for arm in m["arms"]:
        resp = simulate_care(c, standard_arms()[arm], week, SEED + 1, prm, dropout=False).responded(
            week
        )
        rates[arm] = [100.0 * float(resp[b].mean()) if b.any() else float("nan") for b in bands]
    a, b = m["arms"]
    diff = [y - x for x, y in zip(rates[a], rates[b], strict=True)]
    return dict(
        labels=list(m["labels"]), rates=rates, diff=diff, counts=[int(b.sum()) for b in bands]
    )


def moderator_figure(moderator: str, d: dict) -> go.Figure:
    m = MODERATORS[moderator]
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.12,
        subplot_titles=("Response in each group", m["difference"]),
    )
    for arm in m["arms"]:
        fig.add_trace(
            go.Scatter(
                x=d["labels"],
                y=d["rates"][arm],
                mode="lines+markers",
                name=arm if arm != "no treatment" else "no treatment (placebo-like)",
                line=dict(color=ARM_COLOURS[arm], dash=ARM_DASH[arm]),
                hovertemplate=f"{arm}<br>%{{x}}: %{{y:.0f}} % respond<extra></extra>",
            ),
            1,
            1,
        )
    fig.add_trace(
        go.Bar(
            x=d["labels"],
            y=d["diff"],
            marker_color=OKABE_ITO["orange"],
            text=[f"{v:+.0f}" for v in d["diff"]],
            textposition="outside",
            name="difference (percentage points)",
            showlegend=False,
            hovertemplate="%{x}: %{y:+.1f} percentage points<extra></extra>",
        ),
        1,
        2,
    )
    fig.update_xaxes(title_text=m["axis"])
    fig.update_yaxes(title_text="Responders (%)", range=[0, 100], row=1, col=1)
    fig.update_yaxes(title_text="Difference (pp)", range=[-5, 60], row=1, col=2)
    fig.update_layout(
        title=f"Who benefits more? The toy, by {moderator}",
        **FRAME,
    )
    return subplot_titles(fig)


# --- (3) adherence and dropout ---------------------------------------------------------------
ADHERENCE_ARMS = ("medication", "combined")
# two lines at most: a third was cut off at the bottom of the panel (student walkthrough)
ANALYSES = ("intention-<br>to-treat", "completers", "everyone<br>(toy only)")


def adherence_data(
    dose: float,
    therapy_adherence: float,
    side_effect_dropout: float,
    no_improvement_dropout: float,
    weeks: int = 12,
    n: int = N,
) -> dict:
    """Share still in treatment by week (%), response by analysis (%), dose taken (%)."""
    prm = cal.params().with_(
        therapy_adherence=therapy_adherence,
        side_effect_dropout=side_effect_dropout,
        no_improvement_dropout=no_improvement_dropout,
    )
    plans = {
        "medication": Plan("medication").with_medication(dose=dose),
        "combined": Plan("combined").with_medication(dose=dose).with_therapy(),
    }
    out = {}
    for arm, plan in plans.items():
        o = simulate_care(cohort(n), plan, weeks, SEED + 2, prm)
        t = o.times
        out[arm] = dict(
            weeks=t,
            staying=100.0 * (o.dropout_week[:, None] > t[None, :]).mean(axis=0),
            dropout=100.0 * o.dropout_rate(weeks),
            response=[
                100.0 * o.itt_response_rate(weeks),
                100.0 * o.completer_response_rate(weeks),
                100.0 * o.response_rate(weeks),
            ],
            taken=100.0 * float(np.nanmean(o.extra["taken"])),
        )
    ratio = out["medication"]["dropout"] / max(out["combined"]["dropout"], 1e-9)
    return dict(arms=out, ratio=ratio, dose=dose, weeks=weeks)


def adherence_title(d: dict) -> str:
    m, c = d["arms"]["medication"], d["arms"]["combined"]
    pub = evidence.CUIJPERS_2020_DROPOUT_RR["combined"][0]
    # two lines of at most ~62 characters: the projector font in a notebook's width
    return (
        f"Dose {d['dose']:g} × standard: doses taken {m['taken']:.0f} % alone, "
        f"{c['taken']:.0f} % with therapy;<br>dropout {m['dropout']:.0f} % vs {c['dropout']:.0f} % "
        f"(ratio {d['ratio']:.2f}; Cuijpers 2020: {pub:.2f})"
    )


def adherence_figure(d: dict) -> go.Figure:
    fig = make_subplots(
        rows=1,
        cols=2,
        horizontal_spacing=0.13,
        subplot_titles=("Still in treatment", f"Response at week {d['weeks']}, three ways"),
    )
    for arm in ADHERENCE_ARMS:
        a = d["arms"][arm]
        fig.add_trace(
            go.Scatter(
                x=a["weeks"],
                y=a["staying"],
                mode="lines",
                line=dict(color=ARM_COLOURS[arm], dash=ARM_DASH[arm], shape="hv"),
                name="medication alone" if arm == "medication" else "medication + therapy",
                hovertemplate=f"{arm}<br>week %{{x}}: %{{y:.0f}} % still in<extra></extra>",
            ),
            1,
            1,
        )
    for arm in ADHERENCE_ARMS:
        a = d["arms"][arm]
        fig.add_trace(
            go.Bar(
                x=list(ANALYSES),
                y=a["response"],
                marker_color=ARM_COLOURS[arm],
                text=[f"{v:.0f} %" for v in a["response"]],
                textposition="outside",
                name=f"{arm} (response)",
                showlegend=False,
                hovertemplate=f"{arm}<br>%{{x}}: %{{y:.1f}} %<extra></extra>",
            ),
            1,
            2,
        )
    fig.update_xaxes(title_text="Week of treatment", range=[0, d["weeks"]], row=1, col=1)
    # from 0: an axis from 50 % doubled the look of the gap (both walkthroughs)
    fig.update_yaxes(title_text="Still in treatment (%)", range=[0, 101], row=1, col=1)
    fig.update_yaxes(title_text="Responders (%)", range=[0, 105], row=1, col=2)
    fig.update_layout(
        title=adherence_title(d),
        barmode="group",
        **FRAME,
    )
    return subplot_titles(fig)


# --- (4) steps of care -----------------------------------------------------------------------
STEP_PLANS = {
    "STAR*D-like: switch at each step": Steps(),
    "start with one, add the other": Steps(
        "start with one, add the other", "medication", ("add therapy", "switch drug", "switch drug")
    ),
    "start with both": Steps(
        "start with both", "both", ("switch drug", "switch drug", "switch drug")
    ),
}


def steps_data(first: str, actions: tuple[str, ...], check_week: int, n: int = STEPS_N) -> dict:
    """Remission by step (%), and share remitted and dropped out by week (%)."""
    plan = Steps("plan", first, tuple(actions), check_week)
    r = simulate_steps(cohort(n, population="Rush 2006"), plan, SEED + 3, cal.params())
    weeks = np.arange(plan.weeks + 1)
    return dict(
        by_step=100.0 * r.remission_by_step(),
        entered=r.entered,
        weeks=weeks,
        remitted=100.0 * (r.remission_week[:, None] <= weeks[None, :]).mean(axis=0),
        dropped=100.0 * (r.dropout_week[:, None] <= weeks[None, :]).mean(axis=0),
        cumulative=100.0 * r.cumulative_remission(),
        dropout=100.0 * r.dropout_rate(),
        median_weeks=r.weeks_to_remission(),
        check_week=check_week,
    )


STEP_LABELS = ("step 1", "step 2", "step 3", "step 4")
MAX_STEP_WEEKS = 4 * 14


def steps_title(d: dict, ref: dict) -> str:
    """The plan's numbers, then the dotted plan's on a short second line (a long one was cut
    at the figure's edge at 968 px; the legend names the dotted plan)."""
    return (
        f"Remitted {d['cumulative']:.0f} %, left {d['dropout']:.0f} %, median "
        f"{d['median_weeks']:.0f} weeks to remission<br>dotted plan: {ref['cumulative']:.0f} %, "
        f"left {ref['dropout']:.0f} %, median {ref['median_weeks']:.0f} weeks"
    )


# the dotted plan's legend entry: short, so that the legend keeps two columns (its name is in
# the demo's "Dotted lines" menu, its numbers in the title)
DOTTED_PLAN = "dotted: the plan compared"


def steps_figure(d: dict, ref: dict, ref_name: str | None = None) -> go.Figure:
    """Remission by step and week by week; ``ref`` dotted, named in the legend when
    ``ref_name`` is given (a slide has no menu saying which plan it is)."""
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.4, 0.6],
        horizontal_spacing=0.12,
        subplot_titles=(
            "Remission at each check<br>(% of those entering)",
            "All patients, week by week",
        ),
    )
    fig.add_trace(
        go.Bar(
            x=list(STEP_LABELS),
            y=d["by_step"],
            marker_color=ARM_COLOURS["medication"],
            text=[f"{v:.0f} %" for v in d["by_step"]],
            textposition="inside",
            insidetextanchor="start",
            textangle=0,  # upright, at the bar's foot: turned, it ran into STAR*D's diamonds
            textfont=dict(color="white"),
            name="toy: of those entering the step",
            hovertemplate="%{x}: %{y:.1f} % of those entering remit<extra></extra>",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Scatter(
            x=list(STEP_LABELS),
            y=[100 * r for r in evidence.RUSH_REMISSION_BY_STEP],
            mode="markers",
            marker=dict(
                symbol="diamond", size=16, color=PUBLISHED, line=dict(width=2, color="black")
            ),
            name="STAR*D (Rush et al. 2006)",
            hovertemplate="STAR*D %{x}: %{y:.1f} %<extra></extra>",
        ),
        1,
        1,
    )
    for key, name, colour, dash in (
        ("remitted", "in remission", ARM_COLOURS["combined"], "solid"),
        ("dropped", "left treatment", OKABE_ITO["vermillion"], "dash"),
    ):
        fig.add_trace(
            go.Scatter(
                x=d["weeks"],
                y=d[key],
                mode="lines",
                line=dict(color=colour, dash=dash, shape="hv"),
                name=name,
                hovertemplate=f"{name}<br>week %{{x}}: %{{y:.0f}} %<extra></extra>",
            ),
            1,
            2,
        )
    for key, name, colour in (
        ("remitted", f"dotted: {ref_name}" if ref_name else DOTTED_PLAN, ARM_COLOURS["combined"]),
        ("dropped", "left (dotted plan)", OKABE_ITO["vermillion"]),
    ):
        fig.add_trace(
            go.Scatter(
                x=ref["weeks"],
                y=ref[key],
                mode="lines",
                line=dict(color=colour, dash="dot", width=2, shape="hv"),
                name=name,
                showlegend=key == "remitted",  # one entry says what dotted means
                hovertemplate=f"{name}<br>week %{{x}}: %{{y:.0f}} %<extra></extra>",
            ),
            1,
            2,
        )
    fig.update_yaxes(title_text="Remitted (%)", range=[0, 100], row=1, col=1)
    fig.update_xaxes(
        title_text="Week since the first treatment", range=[0, MAX_STEP_WEEKS], row=1, col=2
    )
    fig.update_yaxes(title_text="Patients (%)", range=[0, 100], row=1, col=2)
    fig.update_layout(
        title=steps_title(d, ref),
        **FRAME,
    )
    return subplot_titles(fig, lines=2)


# --- (5) early improvement -------------------------------------------------------------------
EARLY_ARMS = {"medication": "medication", "placebo-like care": "no treatment"}
# % improvement from baseline, up to 100 % (all symptoms gone): bins that ended at 80 piled
# the best improvers into the last one, which read as a tail cut off (student walkthrough)
IMPROVEMENT_BINS = np.arange(-40.0, 105.0, 5.0)


@lru_cache(maxsize=4)
def early_outcome(arm: str, n: int = N):
    return simulate_care(
        cohort(n), standard_arms()[EARLY_ARMS[arm]], 12, SEED + 4, cal.params(), dropout=False
    )


def early_data(arm: str, week: int, threshold: float, later: int, n: int = N) -> dict:
    """% improvement at ``week`` for later responders and non-responders (histograms, %),
    and how well 'improved by ``threshold`` %' predicts response at ``later``."""
    out = early_outcome(arm, n)
    pred = early_prediction(out, week, threshold / 100.0, later)
    improvement = 100.0 * (1.0 - out.at(week) / out.baseline)
    resp = out.responded(later)
    x = np.repeat(IMPROVEMENT_BINS, 2)[1:-1]
    hist = {}
    for name, m in (("responders", resp), ("non-responders", ~resp)):
        clipped = np.clip(improvement[m], IMPROVEMENT_BINS[0], IMPROVEMENT_BINS[-1] - 1e-9)
        counts, _ = np.histogram(clipped, IMPROVEMENT_BINS)
        hist[name] = np.repeat(100.0 * counts / max(int(m.sum()), 1), 2)
    return dict(x=x, hist=hist, pred=pred, threshold=threshold, week=week, later=later, arm=arm)


def wagner_applies(d: dict) -> bool:
    """Wagner 2017's sensitivity and specificity were measured on drug, for >= 20 %
    improvement by week 2: only there are they shown beside the toy's."""
    return (
        d["arm"] == "medication"
        and d["threshold"] == evidence.WAGNER_THRESHOLD
        and d["week"] == evidence.WAGNER_WEEK
    )


def early_title(d: dict) -> str:
    p = d["pred"]
    # three lines of at most ~62 characters: the projector font in a notebook's width
    return (
        f"{d['arm']}: {100 * p['early']:.0f} % improved ≥ {d['threshold']:.0f} % "
        f"by week {d['week']};<br>as a sign of response at week {d['later']}: "
        f"sensitivity {100 * p['sensitivity']:.0f} %,<br>"
        f"specificity {100 * p['specificity']:.0f} %"
        + (
            f" (Wagner 2017, on drug: {100 * evidence.WAGNER_SENSITIVITY:.0f} % "
            f"and {100 * evidence.WAGNER_SPECIFICITY:.0f} %)"
            if wagner_applies(d)
            else ""  # Wagner's numbers are the drug's at 20 % by week 2: elsewhere they mislead
        )
    )


def early_bars(d: dict) -> list[float]:
    p = d["pred"]
    return [100 * p["sensitivity"], 100 * p["specificity"], 100 * p["ppv"], 100 * p["npv"]]


# sensitivity, specificity, positive and negative predictive value (explained in the lesson)
EARLY_BAR_LABELS = ("sensitivity", "specificity", "PPV", "NPV")


def early_figure(d: dict) -> go.Figure:
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.5, 0.5],
        horizontal_spacing=0.12,
        subplot_titles=(f"Improvement by week {d['week']}", "How good a sign is it?"),
    )
    for name, colour, dash in (
        ("responders", ARM_COLOURS["combined"], "solid"),
        ("non-responders", GREY, "dash"),
    ):
        fig.add_trace(
            go.Scatter(
                x=d["x"],
                y=d["hist"][name],
                mode="lines",
                line=dict(color=colour, dash=dash),
                name=f"later {name}",
                hovertemplate=f"later {name}<br>%{{x:.0f}} % better: %{{y:.1f}} %<extra></extra>",
            ),
            1,
            1,
        )
    fig.add_trace(
        go.Scatter(
            x=[d["threshold"], d["threshold"]],
            y=[0, 25],
            mode="lines",
            line=dict(color=OKABE_ITO["black"], dash="dot", width=3),
            name="threshold",
            hoverinfo="skip",
        ),
        1,
        1,
    )
    fig.add_trace(
        go.Bar(
            x=list(EARLY_BAR_LABELS),
            y=early_bars(d),
            marker_color=ARM_COLOURS["medication"],
            text=[f"{v:.0f} %" for v in early_bars(d)],
            textposition="inside",
            insidetextanchor="start",
            textfont=dict(color="white"),
            name="toy",
            showlegend=False,
            hovertemplate="%{x}: %{y:.0f} %<extra></extra>",
        ),
        1,
        2,
    )
    fig.add_trace(
        go.Scatter(
            x=list(EARLY_BAR_LABELS[:2]),
            y=[100 * evidence.WAGNER_SENSITIVITY, 100 * evidence.WAGNER_SPECIFICITY],
            mode="markers",
            marker=dict(
                symbol="diamond", size=16, color=PUBLISHED, line=dict(width=2, color="black")
            ),
            name="Wagner et al. 2017 (drug)",
            visible=wagner_applies(d),
        ),
        1,
        2,
    )
    fig.update_xaxes(
        title_text="Improvement from baseline (%)",
        range=[float(IMPROVEMENT_BINS[0]), float(IMPROVEMENT_BINS[-1])],
        row=1,
        col=1,
    )
    fig.update_yaxes(title_text="Of the group (%)", range=[0, 25], row=1, col=1)
    fig.update_yaxes(title_text="Share (%)", range=[0, 100], row=1, col=2)
    fig.update_layout(
        title=early_title(d),
        **FRAME,
    )
    # one long word each: slanted, they clear each other at the projector font
    fig.update_xaxes(tickangle=-30, row=1, col=2)
    return subplot_titles(fig)


# --- model vs evidence -----------------------------------------------------------------------
def moderator_checks(n: int = 10_000) -> list[dict]:
    """The toy's moderator directions beside the published findings (not fitted)."""
    c = make_cohort(n, SEED + 9, cal.populations()[cal.POOLED])
    prm = cal.params()
    outs = {
        a: simulate_care(c, p, 12, SEED + 10, prm, dropout=False)
        for a, p in standard_arms().items()
    }

    def rate(arm, mask):
        return 100.0 * float(outs[arm].responded(12)[mask].mean())

    mild, severe = c.baseline < 19, c.baseline >= 27
    short = (c.chronicity < 2) & (c.baseline >= 24)
    chronic = c.chronicity >= 2
    young, old = c.age < 60, c.age >= 60
    rows = [
        dict(
            finding="drug minus placebo grows with severity (Kirsch 2008, direction)",
            toy=(
                f"{rate('medication', mild) - rate('no treatment', mild):.0f} pp (HAM-D < 19) vs "
                f"{rate('medication', severe) - rate('no treatment', severe):.0f} pp (HAM-D ≥ 27)"
            ),
            agrees="yes (built in)",
        ),
        dict(
            finding="placebo response falls with severity, the drug's much less (Kirsch 2008)",
            toy=(
                f"placebo {rate('no treatment', mild):.0f} → {rate('no treatment', severe):.0f} %, "
                f"drug {rate('medication', mild):.0f} → {rate('medication', severe):.0f} %"
            ),
            agrees="yes (built in)",
        ),
        dict(
            finding="adding therapy: 81 % vs 52 % recovered if severe and not chronic, no gain if "
            "chronic (Hollon 2014, recovery over 42 months)",
            toy=(
                f"week-12 response: {rate('combined', short):.0f} vs "
                f"{rate('medication', short):.0f} % "
                f"(severe, < 2 years); {rate('combined', chronic):.0f} vs "
                f"{rate('medication', chronic):.0f} % (≥ 2 years)"
            ),
            agrees="direction only: the toy's chronic gain shrinks, not to zero",
        ),
        dict(
            finding="Keller 2000 (chronic): combined 73 % vs medication 48 %, a gain of 25 pp",
            toy=(
                f"gain {rate('combined', chronic) - rate('medication', chronic):.0f} pp "
                "(≥ 2 years depressed)"
            ),
            agrees="no: Keller's gain is larger; Keller and Hollon 2014 disagree",
        ),
        dict(
            finding="adding therapy at age ≥ 70: no fewer recurrences (Reynolds 2006, maintenance)",
            toy=(
                f"added response {rate('combined', old) - rate('medication', old):.0f} pp (60+) vs "
                f"{rate('combined', young) - rate('medication', young):.0f} pp (under 60)"
            ),
            agrees=(
                "not comparable: the toy ignores age; Reynolds measured recurrence, not response"
            ),
        ),
    ]
    return rows


def early_checks(n: int = 10_000) -> list[dict]:
    """Wagner 2017's early-improvement numbers beside the toy's (a check, not fitted)."""
    c = make_cohort(n, SEED + 11, cal.populations()[cal.POOLED])
    res = {}
    for arm in ("medication", "no treatment"):
        out = simulate_care(c, standard_arms()[arm], 8, SEED + 12, cal.params(), dropout=False)
        res[arm] = early_prediction(out, 2, 0.2, 8)
    return [
        dict(
            quantity="improved ≥ 20 % by week 2, drug",
            published=62.0,
            toy=100 * res["medication"]["early"],
        ),
        dict(
            quantity="improved ≥ 20 % by week 2, placebo",
            published=47.0,
            toy=100 * res["no treatment"]["early"],
        ),
        dict(
            quantity="sensitivity for response (drug)",
            published=85.0,
            toy=100 * res["medication"]["sensitivity"],
        ),
        dict(
            quantity="specificity for response (drug)",
            published=54.0,
            toy=100 * res["medication"]["specificity"],
        ),
    ]


def itt_checks(n: int = 10_000) -> list[dict]:
    """Keller 2000's two analyses beside the toy's (Keller-like patients; a check)."""
    c = make_cohort(n, SEED + 13, cal.populations()["Keller 2000"])
    rows = []
    for arm, plan in cal.acute_plans().items():
        out = simulate_care(c, plan, 12, SEED + 14, cal.params())
        rows.append(
            {
                "arm": arm,
                "Keller 2000: intention-to-treat %": 100 * evidence.KELLER_RESPONSE_WEEK12[arm],
                "Keller 2000: completers %": 100 * evidence.KELLER_RESPONSE_COMPLETERS[arm],
                "toy: intention-to-treat %": 100 * out.itt_response_rate(12),
                "toy: completers %": 100 * out.completer_response_rate(12),
                "toy: dropout %": 100 * out.dropout_rate(12),
            }
        )
    return rows


# --- for slides ------------------------------------------------------------------------------
def key_figures() -> list[KeyFigure]:
    """Lesson 04's figures for slides, at the demos' default settings."""
    cf = counterfactual_data("adding therapy to medication", 12)
    mod = moderator_data("baseline severity", cal.params().severity_placebo)
    ref = steps_data("both", ("switch drug",) * 3, 12)
    st = steps_data("medication", ("switch drug",) * 3, 12)
    ad = adherence_data(
        1.0,
        cal.params().therapy_adherence,
        cal.params().side_effect_dropout,
        cal.params().no_improvement_dropout,
    )
    return [
        KeyFigure(
            "04-individual-benefit",
            style(counterfactual_figure(cf)),
            f"Histogram of how many HAM-D points each of {cf['n']:,} virtual patients gains at "
            f"week 12 when therapy is added to medication: gains spread from none to about "
            f"{np.asarray(cf['x'])[np.asarray(cf['y']) > 0].max():.0f} points around an "
            f"average of {cf['mean']:.1f}; bars show who responds under both plans, only with the "
            "addition, only without it, or neither.",
        ),
        KeyFigure(
            "04-moderators",
            style(moderator_figure("baseline severity", mod)),
            "Response at week 12 by baseline severity for medication and placebo-like care in the "
            "toy: placebo response falls steeply with severity, medication's less, so the "
            "difference grows "
            "from mild to severe, the direction Kirsch et al. 2008 reported.",
        ),
        KeyFigure(
            "04-dropout",
            style(adherence_figure(ad)),
            f"Left: share of virtual patients still in treatment over 12 weeks, medication alone "
            f"({ad['arms']['medication']['dropout']:.0f} % leave) and with therapy "
            f"({ad['arms']['combined']['dropout']:.0f} % leave). Right: response by "
            "intention-to-treat, among completers, and for everyone; completers look better.",
        ),
        KeyFigure(
            "04-steps",
            style(steps_figure(st, ref, "start with both")),
            "Steps of care, STAR*D-like: remission at each of four checks (toy bars beside "
            "STAR*D's 36.8, 30.6, 13.7 and 13.0 %), and the share remitted and left over 48 "
            "weeks; "
            f"{st['cumulative']:.0f} % remit in the end, against {ref['cumulative']:.0f} % when "
            "both treatments start together (dotted).",
        ),
    ]
