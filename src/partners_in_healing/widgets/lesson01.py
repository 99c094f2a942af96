"""The demos of lesson 01, "The additive effect"."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as W

from ..model import calibration as cal
from ..model import evidence
from ..model.additive import combined_relief, simulate
from ..model.cohort import make_cohort
from ..model.plan import standard_arms
from ..model.trial import run_trials
from ..view import lesson01 as view
from .controls import Demo, int_slider, slider, weakly

POPULATIONS = {
    "typical trial patients (pooled evidence)": cal.POOLED,
    "chronic depression (single trial: Keller 2000)": cal.KELLER,
    "moderate-severe depression (single trial: DeRubeis 2005)": cal.DERUBEIS,
}
DEFAULT_POPULATION = "typical trial patients (pooled evidence)"
KELLER_POPULATION = "chronic depression (single trial: Keller 2000)"
DERUBEIS_POPULATION = "moderate-severe depression (single trial: DeRubeis 2005)"
FITTED_INTERACTION = cal.FITTED.interaction


@lru_cache(maxsize=8)
def _cohort(population: str, n: int):
    return make_cohort(n, view.DEMO_SEED, cal.populations()[POPULATIONS[population]])


@lru_cache(maxsize=64)
def _arm(
    population: str,
    arm: str,
    interaction: float,
    medication: float,
    sessions: float,
    n: int,
    weeks: int,
):
    plan = standard_arms()[arm]
    p = type(plan)(plan.name)
    if arm in ("medication", "combined") and medication > 0:
        p = p.with_medication(dose=medication)
    if arm in ("therapy", "combined") and sessions > 0:
        p = p.with_therapy(sessions=sessions)
    params = cal.params().with_(interaction=interaction)
    return simulate(_cohort(population, n), p, weeks, view.DEMO_SEED + 1, params)


def _arm_keys(
    population: str, interaction: float, medication: float, sessions: float, n: int, weeks: int
) -> dict[str, tuple]:
    """For each arm, the control values its outcome depends on (the cache key)."""
    keys = {}
    for arm in standard_arms():
        med = medication if arm in ("medication", "combined") else 0.0
        ses = sessions if arm in ("therapy", "combined") else 0.0
        k = interaction if arm == "combined" else 0.0
        keys[arm] = (population, arm, k, med, ses, n, weeks)
    return keys


def simulate_arms(
    population: str, interaction: float, medication: float, sessions: float, n: int, weeks: int = 16
) -> dict:
    """The four arms for one set of control values (dose and sessions scale the plans).

    Each arm is cached on the values it depends on, so moving one control re-simulates
    only the arms it changes (the interaction only matters when both treatments are given).
    """
    keys = _arm_keys(population, interaction, medication, sessions, n, weeks)
    return {arm: _arm(*key) for arm, key in keys.items()}


@lru_cache(maxsize=64)
def _trajectory(*key) -> dict:
    return view.trajectory_data(_arm(*key))


def _population_menu() -> W.Dropdown:
    return W.Dropdown(
        options=list(POPULATIONS),
        value=DEFAULT_POPULATION,
        description="Patients",
        layout=W.Layout(width="560px"),
        style={"description_width": "initial"},
    )


def _interaction_slider() -> W.FloatSlider:
    return slider(
        "Interaction (−1 overlap · 0 sum · +1 synergy)",  # the text explains each
        FITTED_INTERACTION,
        -1.0,
        1.0,
        0.1,
    )


def relief_example(interaction: float, relief: float = 0.4) -> str:
    """What the interaction does to two reliefs of ``relief`` (fraction), in words."""
    both = float(combined_relief(relief, relief, interaction))

    def signed(x: float, fmt: str) -> str:  # a true minus sign, and no sign on zero
        return "0" if round(x, 1) == 0 else format(x, "+" + fmt).replace("-", "−")

    return (
        f"Two reliefs of {100 * relief:.0f} % combine to <b>{100 * both:.0f} %</b> "
        f"at interaction {signed(interaction, '.1f')} ("
        + ", ".join(
            f"{signed(k, 'd')}: {100 * float(combined_relief(relief, relief, k)):.0f} %"
            for k in (-1, 0, 1)
        )
        + ")"
    )


class _ReliefDemo(Demo):
    """A demo that shows, beside its controls, the combined relief for the interaction."""

    relief_label: W.HTML

    def control_box(self):
        return _with_relief_label(self, super().control_box())


def _with_relief_label(demo: _ReliefDemo, box: W.Widget) -> W.Widget:
    """The controls and, beside them, the combined relief for the interaction's value."""
    label = W.HTML(relief_example(demo.controls["interaction"].value))
    demo.relief_label = label
    demo.controls["interaction"].observe(
        lambda change: setattr(label, "value", relief_example(change["new"])), names="value"
    )
    return W.VBox([box, label])


class TrajectoryDemo(_ReliefDemo):
    """Average symptom scores of four arms, week by week."""

    title = "Symptoms week by week under each plan"
    presets = {
        "typical trial patients (pooled evidence)": {},
        "single trial: moderate-severe (DeRubeis 2005)": {"population": DERUBEIS_POPULATION},
        "plain sum of reliefs (interaction 0)": {"interaction": 0.0},
        "synergy, a what-if (interaction +1)": {"interaction": 1.0},
        "half dose, therapy every other week": {"medication": 0.5, "sessions": 0.5},
        "single trial: chronic depression (Keller 2000)": {"population": KELLER_POPULATION},
    }
    n = view.TRAJECTORY_N

    def make_controls(self):
        return {
            "population": _population_menu(),
            "interaction": _interaction_slider(),
            "medication": slider(
                "Medication dose", 1.0, 0.0, 2.0, 0.25, "× standard; 2 = high licensed dose"
            ),
            "sessions": slider("Therapy", 1.0, 0.0, 3.0, 0.25, "sessions per week"),
        }

    def _arms(self, v):
        return simulate_arms(
            v["population"], v["interaction"], v["medication"], v["sessions"], self.n
        )

    def figure(self, values):
        return view.trajectories_figure(self._arms(values))

    def draw(self, values):
        v = values
        keys = _arm_keys(
            v["population"], v["interaction"], v["medication"], v["sessions"], self.n, 16
        )
        for i, arm in enumerate(view.ARMS):
            d = _trajectory(*keys[arm])
            self.set_trace(2 * i, x=d["band_x"], y=d["band_y"])
            self.set_trace(2 * i + 1, x=d["x"], y=d["mean"])


class ScalesDemo(_ReliefDemo):
    """Additive on the symptom scale versus on the response-rate scale."""

    title = "What 'additive' means depends on the scale"
    presets = {
        "pooled evidence at week 12": {},
        "single trial: Keller 2000 at week 12": {"population": KELLER_POPULATION},
        "Keller 2000, assuming nobody improves untreated": {
            "population": KELLER_POPULATION,
            "p0": 0.0,
        },
        # p0 at the toy's own week-4 no-treatment rate (15 %): left at 0.25, the rule with p0
        # equalled medication alone, as if therapy added nothing (student walkthrough)
        "early: week 4": {"week": 4, "p0": 0.15},
        "plain sum of reliefs (interaction 0)": {"interaction": 0.0},
        "synergy, a what-if (interaction +1)": {"interaction": 1.0},
    }
    n = view.SCALES_N

    def make_controls(self):
        return {
            "population": _population_menu(),
            "interaction": _interaction_slider(),
            "week": int_slider("Week of treatment", 12, 2, 16, 1),
            "p0": slider(
                "Assumed response with no treatment p₀", 0.25, 0.0, 0.45, 0.05, "fraction"
            ),
        }

    def _data(self, v):
        arms = simulate_arms(v["population"], v["interaction"], 1.0, 1.0, self.n)
        return view.scales_data(arms, v["week"], v["p0"])

    def figure(self, values):
        return view.scales_figure(
            self._data(values), values["week"], evidence.KELLER_RESPONSE_WEEK12
        )

    def draw(self, values):
        left, right = view.scales_bars(self._data(values))
        self.set_trace(0, y=left, text=[f"{x:.1f}" for x in left])
        self.set_trace(1, y=right, text=[f"{x:.0f} %" for x in right])
        keller = POPULATIONS[values["population"]] == cal.KELLER and values["week"] == 12
        self.fig.data[2].visible = keller
        self.fig.layout.title.text = (
            f"Is the combination 'additive'? Depends on the scale (week {values['week']})"
        )


COMPARISONS = {
    "combined vs medication": ("combined", "medication", evidence.G_COMBINED_VS_DRUG),
    "combined vs therapy": ("combined", "therapy", evidence.G_COMBINED_VS_THERAPY),
    "medication vs therapy": ("medication", "therapy", evidence.G_DRUG_VS_THERAPY),
}


class TrialDemo(Demo):
    """Many small virtual trials, and what pooling them shows."""

    title = "Virtual randomised trials"
    presets = {
        "20 small trials (60 per arm)": {},
        "a few tiny trials (15 per arm)": {"n_per_arm": 15, "n_trials": 8},
        "large trials (300 per arm)": {"n_per_arm": 300},
        "medication vs therapy": {"comparison": "medication vs therapy"},
        "combined vs therapy": {"comparison": "combined vs therapy"},
    }

    def make_controls(self):
        return {
            "comparison": W.Dropdown(
                options=list(COMPARISONS),
                value="combined vs medication",
                description="Comparison",
                style={"description_width": "initial"},
            ),
            "n_per_arm": int_slider("Patients per arm", 60, 10, 300, 5),
            "n_trials": int_slider("Number of trials", 20, 2, 30, 1),
            "batch": int_slider("New batch of trials", 1, 1, 50, 1, "seed"),
        }

    def control_box(self):
        new = W.Button(
            description="Run new trials",
            icon="refresh",
            tooltip="Randomise a fresh batch of virtual patients",
            layout=W.Layout(width="auto"),  # the default width cut it to "Run new..." in the app
        )
        new.on_click(weakly(self._on_new_batch))
        return W.VBox([super().control_box(), new])

    def _on_new_batch(self, _button) -> None:
        self.new_batch()

    def new_batch(self) -> None:
        """Draw a new batch of trials (the next seed; wraps round after the last)."""
        b = self.controls["batch"]
        b.value = b.min if b.value >= b.max else b.value + 1

    def _data(self, v):
        first, second, _ = COMPARISONS[v["comparison"]]
        arms = standard_arms()
        effects = run_trials(
            cal.populations()[cal.POOLED],
            arms[first],
            arms[second],
            v["n_per_arm"],
            v["n_trials"],
            12,
            view.DEMO_SEED + v["batch"],
            cal.params(),
        )
        return view.trial_data(effects)

    def _label(self, v):
        return (
            f"{v['n_trials']} virtual trials of {v['comparison']}, "
            f"{v['n_per_arm']} patients per arm"
        )

    def figure(self, values):
        return view.trial_figure(
            self._data(values), COMPARISONS[values["comparison"]][2], self._label(values)
        )

    def draw(self, values):
        d = self._data(values)
        pub = COMPARISONS[values["comparison"]][2]
        n = len(d["g"])
        resized = self.fig.data[0].y is None or n != len(self.fig.data[0].y)
        self.fig.data[0].update(
            x=d["g"], y=d["trial"], error_x=dict(array=d["err_plus"], arrayminus=d["err_minus"])
        )
        lo, hi = d["pooled_ci"]
        self.fig.data[1].x = [lo, d["pooled"], hi]
        self.fig.data[2].x = [pub[1], pub[0], pub[2]]
        self.fig.data[3].update(
            x=d["beyond_x"], y=d["beyond_y"], marker=dict(symbol=d["beyond_symbol"])
        )
        if resized:
            rows = view.trial_rows(n)
            self.fig.data[1].y = [rows["pooled"]] * 3
            self.fig.data[2].y = [rows["published"]] * 3
            self.fig.layout.yaxis.update(view.trial_yaxis(n))
            self.fig.layout.shapes = [view.trial_zero_line(n)]
        self.fig.layout.title.text = self._label(values)


DEMOS = [TrajectoryDemo, ScalesDemo, TrialDemo]
