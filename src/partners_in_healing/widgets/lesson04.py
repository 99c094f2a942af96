"""The demos of lesson 04, "Who benefits, and finding what works"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as W

from ..model import care_calibration as cal
from ..model.care import STEP_ACTIONS
from ..view import lesson04 as view
from .controls import Demo, int_slider, slider

DEFAULTS = cal.params()


def _menu(description: str, options, value, width: str = "420px") -> W.Dropdown:
    return W.Dropdown(
        options=list(options),
        value=value,
        description=description,
        style={"description_width": "initial"},
        layout=W.Layout(width=width),
    )


def _range(description: str, value, lo, hi, step=1, unit: str = "") -> W.IntRangeSlider:
    return W.IntRangeSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=f"{description} ({unit})" if unit else description,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=W.Layout(width="420px"),
    )


# --- (1) every patient's counterfactual ------------------------------------------------------
class CounterfactualDemo(Demo):
    """Each virtual patient under two plans: the spread of individual benefit."""

    title = "Every patient's own outcome under two plans"
    presets = {
        "everyone, adding therapy to medication": {},
        "mild (HAM-D 14-18)": {"severity": (14, 18)},
        "severe (HAM-D 25 and over)": {"severity": (25, 52)},
        "severe, under 2 years depressed (Hollon 2014)": {
            "severity": (25, 52),
            "chronicity": (0, 2),
        },
        "chronic (2 years or more)": {"chronicity": (2, 40)},
        "aged 60 and over": {"age": (60, 90)},
        "adding medication to therapy": {"comparison": "adding medication to therapy"},
        "medication vs no treatment": {"comparison": "medication vs no treatment"},
    }

    def make_controls(self):
        return {
            "comparison": _menu("Comparison", view.COMPARISONS, "adding therapy to medication"),
            "week": int_slider("Week of treatment", 12, 2, 16, 1),
            "severity": _range("Severity (HAM-D)", (14, 52), 14, 52, 1),
            "chronicity": _range("Depressed for", (0, 40), 0, 40, 1, "years"),
            "age": _range("Age", (18, 90), 18, 90, 1, "years"),
        }

    def _data(self, v):
        return view.counterfactual_data(
            v["comparison"], v["week"], v["severity"], v["chronicity"], v["age"]
        )

    def figure(self, values):
        return view.counterfactual_figure(self._data(values))

    def draw(self, values):
        d = self._data(values)
        colour = view.ARM_COLOURS[d["second"]]
        self.set_trace(
            0,
            x=d["x"],
            y=d["y"],
            line=dict(color=colour, width=3),
            fillcolor=view._rgba(colour, 0.25),
        )
        top = view.histogram_top(d)
        self.set_trace(1, x=[d["mean"], d["mean"]], y=[0, top])
        if tuple(self.fig.layout.yaxis.range) != (0, top):
            self.fig.layout.yaxis.range = [0, top]
        self.set_trace(
            2,
            y=d["groups"],
            text=view.group_labels(d),
            marker=dict(color=view.group_colours(d)),
        )
        self.fig.layout.title.text = view.counterfactual_title(d)
        self.fig.layout.xaxis.title.text = view.benefit_axis_title(d)


# --- (2) moderators --------------------------------------------------------------------------
STRENGTH_DEFAULTS = {m: getattr(DEFAULTS, v["param"]) for m, v in view.MODERATORS.items()}


class ModeratorDemo(Demo):
    """Response by subgroup for the moderators of the evidence, with the published finding."""

    title = "Who benefits more: moderators in the toy and in the evidence"
    presets = {
        "severity (Kirsch 2008, Thase 1997)": {},
        "severity moderator off": {"strength": 0.0},
        "chronicity (Hollon 2014, von Wolff 2012)": {
            "moderator": "chronicity",
            "strength": STRENGTH_DEFAULTS["chronicity"],
        },
        "age: the toy leaves it out": {"moderator": "age", "strength": 0.0},
        "age: if older adults gained less from therapy": {"moderator": "age", "strength": -0.5},
        "chronicity moderator off": {"moderator": "chronicity", "strength": 0.0},
    }

    def make_controls(self):
        # The published finding for the chosen moderator, under the controls (set by draw).
        self.note = W.HTML("", layout=W.Layout(max_width="900px"))
        return {
            "moderator": _menu("Moderator", view.MODERATORS, "baseline severity"),
            "strength": slider(
                "Strength in the toy",
                STRENGTH_DEFAULTS["baseline severity"],
                -1.0,
                1.5,
                0.1,
                "logit",
            ),
        }

    def control_box(self):
        return W.VBox([super().control_box(), self.note])

    def _note(self, v) -> str:
        published = view.MODERATORS[v["moderator"]]["published"]
        return f"<p><b>{v['moderator'].capitalize()}.</b> {published}</p>"

    @staticmethod
    @lru_cache(maxsize=64)
    def _cached(moderator, strength):
        return view.moderator_data(moderator, strength)

    def _data(self, v):
        return self._cached(v["moderator"], round(float(v["strength"]), 6))

    def figure(self, values):
        return view.moderator_figure(values["moderator"], self._data(values))

    def draw(self, values):
        d = self._data(values)
        m = view.MODERATORS[values["moderator"]]
        for i, arm in enumerate(m["arms"]):
            name = arm if arm != "no treatment" else "no treatment (placebo-like)"
            self.set_trace(
                i,
                x=d["labels"],
                y=d["rates"][arm],
                name=name,
                line=dict(color=view.ARM_COLOURS[arm], dash=view.ARM_DASH[arm]),
                hovertemplate=f"{arm}<br>%{{x}}: %{{y:.0f}} % respond<extra></extra>",
            )
        self.set_trace(2, x=d["labels"], y=d["diff"], text=[f"{v:+.0f}" for v in d["diff"]])
        self.fig.layout.title.text = f"Who benefits more? The toy, by {values['moderator']}"
        self.fig.layout.xaxis.title.text = m["axis"]
        self.fig.layout.xaxis2.title.text = m["axis"]
        self.fig.layout.annotations[1].text = m["difference"]
        self.note.value = self._note(values)


# --- (3) adherence and dropout ---------------------------------------------------------------
class AdherenceDemo(Demo):
    """Dose taken, dropout, and what intention-to-treat and completers analyses show."""

    title = "Taking it and staying in: adherence and dropout"
    presets = {
        "standard dose": {},
        "people leave when they feel no better": {"no_improvement_dropout": 3.0},
        "double dose (more side effects)": {"dose": 2.0},
        "half dose": {"dose": 0.5},
        "therapy does not help people take their medication": {"therapy_adherence": 0.0},
        "leaving has nothing to do with how people feel": {"no_improvement_dropout": 0.0},
    }

    def make_controls(self):
        return {
            "dose": slider("Dose", 1.0, 0.25, 2.0, 0.25, "× standard"),
            "therapy_adherence": slider(
                "Missed doses therapy closes",
                DEFAULTS.therapy_adherence,
                0.0,
                1.0,
                0.1,
            ),
            "side_effect_dropout": slider(
                "Side effects → dropout",
                DEFAULTS.side_effect_dropout,
                0.0,
                1.5,
                0.1,
                "",
            ),
            "no_improvement_dropout": slider(
                "No better → dropout",
                DEFAULTS.no_improvement_dropout,
                0.0,
                3.0,
                0.25,
                "",
            ),
        }

    @staticmethod
    @lru_cache(maxsize=64)
    def _cached(dose, therapy_adherence, side, gap):
        return view.adherence_data(dose, therapy_adherence, side, gap)

    def _data(self, v):
        return self._cached(*(round(float(v[k]), 6) for k in self.controls))

    def figure(self, values):
        return view.adherence_figure(self._data(values))

    def draw(self, values):
        d = self._data(values)
        for i, arm in enumerate(view.ADHERENCE_ARMS):
            a = d["arms"][arm]
            self.set_trace(i, x=a["weeks"], y=a["staying"])
            self.set_trace(2 + i, y=a["response"], text=[f"{v:.0f} %" for v in a["response"]])
        self.fig.layout.title.text = view.adherence_title(d)


# --- (4) steps of care -----------------------------------------------------------------------
FIRST = {"one drug": "medication", "drug and therapy together": "both"}


class StepsDemo(Demo):
    """Medication management as a search in steps, STAR*D-like."""

    title = "Steps of care: check, then raise, switch or add"
    presets = {
        "STAR*D-like: switch at each step": {},
        "start with one, add the other": {"step2": "add therapy"},
        "start with both": {
            "first": "drug and therapy together",
            "reference": "start with one, add the other",
        },
        "raise the dose first": {"step2": "raise the dose"},
        "add a second drug": {"step2": "add a second drug"},
        "wait longer on the same drug": {"step2": "keep the same"},
        "check early (week 6)": {"check_week": 6},
    }

    def make_controls(self):
        return {
            "check_week": int_slider("Weeks per step", 12, 4, 14, 1),
            "first": _menu("First treatment", FIRST, "one drug"),
            "step2": _menu("Not in remission: step 2", STEP_ACTIONS, "switch drug"),
            "step3": _menu("step 3", STEP_ACTIONS, "switch drug", "300px"),
            "step4": _menu("step 4", STEP_ACTIONS, "switch drug", "300px"),
            "reference": _menu("Dotted lines", view.STEP_PLANS, "start with both"),
        }

    @staticmethod
    @lru_cache(maxsize=128)
    def _cached(first, actions, check_week):
        return view.steps_data(first, actions, check_week)

    def _data(self, v):
        actions = (v["step2"], v["step3"], v["step4"])
        return self._cached(FIRST[v["first"]], actions, int(v["check_week"]))

    def _ref(self, v):
        s = view.STEP_PLANS[v["reference"]]
        return self._cached(s.first, s.actions, int(v["check_week"]))

    def figure(self, values):
        return view.steps_figure(self._data(values), self._ref(values))

    def draw(self, values):
        d, ref = self._data(values), self._ref(values)
        self.set_trace(0, y=d["by_step"], text=[f"{v:.0f} %" for v in d["by_step"]])
        self.set_trace(2, x=d["weeks"], y=d["remitted"])
        self.set_trace(3, x=d["weeks"], y=d["dropped"])
        self.set_trace(4, x=ref["weeks"], y=ref["remitted"])
        self.set_trace(5, x=ref["weeks"], y=ref["dropped"])
        self.fig.layout.title.text = view.steps_title(d, ref)


# --- (5) early improvement -------------------------------------------------------------------
class EarlyDemo(Demo):
    """Early improvement as a sign of later response."""

    title = "Early improvement: a sign, not a verdict"
    presets = {
        "Wagner 2017: 20 % by week 2, medication": {},
        "a stricter sign: 40 % by week 2": {"threshold": 40},
        "placebo-like care": {"arm": "placebo-like care"},
        "a later look: week 4": {"week": 4},
        "response at week 12": {"later": 12},
    }

    def make_controls(self):
        return {
            "threshold": int_slider("Improved by at least (%)", 20, 5, 50, 5),
            # ends before the first week a response is counted (6): at 6 and 6, the sign was
            # the outcome itself (student walkthrough)
            "week": int_slider("by week", 2, 1, 5, 1),
            "later": int_slider("Response counted at week", 8, 6, 12, 1),
            "arm": _menu("Patients on", view.EARLY_ARMS, "medication"),
        }

    def _data(self, v):
        return view.early_data(v["arm"], int(v["week"]), float(v["threshold"]), int(v["later"]))

    def figure(self, values):
        return view.early_figure(self._data(values))

    def draw(self, values):
        d = self._data(values)
        self.set_trace(0, y=d["hist"]["responders"])
        self.set_trace(1, y=d["hist"]["non-responders"])
        self.set_trace(2, x=[d["threshold"], d["threshold"]])
        bars = view.early_bars(d)
        self.set_trace(3, y=bars, text=[f"{v:.0f} %" for v in bars])
        self.set_trace(4, visible=view.wagner_applies(d))  # published where it applies
        self.fig.layout.title.text = view.early_title(d)
        self.fig.layout.annotations[0].text = f"Improvement by week {d['week']}"


DEMOS = [CounterfactualDemo, ModeratorDemo, AdherenceDemo, StepsDemo, EarlyDemo]


def _lazy(make):
    """A benchmark callable that builds its inputs on first use (not when this module loads)."""
    state = {}

    def run():
        if "fn" not in state:
            state["fn"] = make()
        return state["fn"]()

    return run


def _bench_steps(n: int):
    from ..model.care import Steps, simulate_steps
    from ..model.cohort import make_cohort

    cohort = make_cohort(n, 0, cal.populations()["Rush 2006"])
    return lambda: simulate_steps(cohort, Steps(), 1, DEFAULTS)


def _bench_care(n: int):
    from ..model.care import simulate_care
    from ..model.cohort import make_cohort
    from ..model.plan import standard_arms

    cohort = make_cohort(n, 0, cal.populations()["Rush 2006"])
    plan = standard_arms()["combined"]
    return lambda: simulate_care(cohort, plan, 12, 1, DEFAULTS)


# Model scaling cases for ``make bench`` (callable, target in seconds or None).
BENCHMARKS = {
    "lesson04 care model, 100,000 patients x 12 weeks": (_lazy(lambda: _bench_care(100_000)), 1.0),
    "lesson04 steps of care (STAR*D-like), 10,000 patients x 48 weeks": (
        _lazy(lambda: _bench_steps(10_000)),
        1.0,
    ),
}
