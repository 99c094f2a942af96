"""The demos of lesson 02, "Bottom-up versus top-down".

(a) ``PulseDemo``: a stress pulse and how each node responds under each treatment;
(b) ``ClusterDemo``: body and cognitive symptoms week by week;
(c) ``BrainDemo``: a brain map coloured by change from week 0, with a week slider and play;
(d) ``PlasticityDemo``: the plasticity window and what is kept months after stopping.

Every demo uses lesson 01's moderate-severe (DeRubeis 2005) virtual patients and a
fixed seed, so the class sees the lecturer's picture.
"""

from __future__ import annotations

import ipywidgets as W

from ..model.circuit import (
    DEFAULT_PARAMS,
    DRUGS,
    lesson_arms,
    simulate,
    stress_pulse,
)
from ..view import lesson02 as view
from .controls import Demo, int_slider, play_control, slider

SEED = view.SEED
WEEKS = 16
WEEKS_PER_MONTH = 4.345
DRUG_NAMES = list(DRUGS)  # "sertraline-like", "fluoxetine-like"


cohort = view.demo_cohort  # the lesson's seeded virtual patients (shared with the slides)
run_arms = view.run_arms  # what every demo simulates (shared with the slides)


class MemoDemo(Demo):
    """A demo that remembers the last model results it drew (small cohort means only),
    so moving a control back and forth, or a control that only restyles, re-runs nothing."""

    memo_size = 64

    def memo(self, key, compute):
        """``compute()`` for ``key``, remembered (oldest forgotten first)."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            if len(cache) >= self.memo_size:
                cache.pop(next(iter(cache)))
            cache[key] = compute()
        return cache[key]


def restyle(fig, updates: dict[int, dict]) -> None:
    """Assign trace properties with as few ``plotly_restyle`` calls as possible.

    ``updates`` maps trace index -> {property path: value}. Traces that change the same
    set of properties share one call (far cheaper than one assignment per property).
    """
    groups: dict[tuple, list[int]] = {}
    for i, props in updates.items():
        groups.setdefault(tuple(sorted(props)), []).append(i)
    for keys, idx in groups.items():
        fig.plotly_restyle({k: [updates[i][k] for i in idx] for k in keys}, trace_indexes=idx)


def _drug_menu() -> W.Dropdown:
    return W.Dropdown(
        options=DRUG_NAMES,
        value=DRUG_NAMES[0],
        description="Drug",
        style={"description_width": "initial"},
        layout=W.Layout(width="300px"),
    )


# --- (a) a stress pulse -----------------------------------------------------------------------
class PulseDemo(MemoDemo):
    """A few days of extra stress, and how the limbic and prefrontal nodes respond."""

    title = "A stressful event, under each treatment"
    presets = {
        "stress in week 1 (treatment has barely begun)": {"pulse_week": 1},
        "a big shock (2 × everyday stress added)": {"pulse_size": 2.0},
        "fluoxetine-like drug, stress in week 3": {"drug": "fluoxetine-like", "pulse_week": 3},
        "stress in week 14 (after three months)": {"pulse_week": 14},
        "a hard fortnight from week 8": {"pulse_week": 8, "pulse_days": 14},
    }
    n = view.DEMO_N["pulse"]

    def make_controls(self):
        return {
            "pulse_week": int_slider("Stress pulse in week", 10, 1, 15, 1),
            "pulse_days": int_slider("Stress pulse lasts", 3, 1, 14, 1, "days"),
            "pulse_size": slider("Added stress", 1.0, 0.25, 3.0, 0.25, "× everyday stress"),
            "drug": _drug_menu(),
        }

    def _data(self, v):
        def compute():
            stress = stress_pulse(WEEKS, v["pulse_week"], v["pulse_days"], v["pulse_size"])
            return view.pulse_data(run_arms(self.n, WEEKS, v["drug"], stress))

        return self.memo(tuple(sorted(v.items())), compute)

    def figure(self, values):
        return view.pulse_figure(
            self._data(values), view.pulse_window(values["pulse_week"], values["pulse_days"])
        )

    def draw(self, values):
        d = self._data(values)
        bx, by = view.band_xy(*view.pulse_window(values["pulse_week"], values["pulse_days"]))
        updates = {i: {"x": bx, "y": by} for i in view.PULSE_BANDS}
        updates[view.PULSE_STRESS] = {"y": d["stress"]}
        for arm in view.ARMS:
            updates[view.PULSE_LIMBIC[arm]] = {"y": d["limbic"][arm]}
            updates[view.PULSE_PREFRONTAL[arm]] = {"y": d["prefrontal"][arm]}
        restyle(self.fig, updates)
        lim_top, pf_top = view.pulse_ranges(d)
        lay = self.fig.layout
        if (lay.yaxis2.range[1], lay.yaxis3.range[1]) != (lim_top, pf_top):  # only for big pulses
            self.fig.plotly_relayout({"yaxis2.range": [0, lim_top], "yaxis3.range": [0, pf_top]})


# --- (b) symptom clusters ---------------------------------------------------------------------
SHOW = {
    "all four": set(view.ARMS),
    "medication vs no treatment": {"no treatment", "medication"},
    "therapy vs no treatment": {"no treatment", "therapy"},
    "combined vs no treatment": {"no treatment", "combined"},
}


class ClusterDemo(MemoDemo):
    """Body and cognitive symptoms, week by week, under each treatment."""

    title = "Which symptoms improve first?"
    presets = {
        "sertraline-like, stop at week 8": {"med_stop": 8, "show": "medication vs no treatment"},
        "fluoxetine-like (slower to build up)": {"drug": "fluoxetine-like"},
        "half dose": {"dose": 0.5},
        "therapy only, 16 weeks": {"show": "therapy vs no treatment"},
        "both together": {"show": "combined vs no treatment"},
        "therapy twice a week": {"sessions": 2.0},
    }
    n = view.DEMO_N["clusters"]

    def make_controls(self):
        return {
            "show": W.Dropdown(
                options=list(SHOW),
                value="all four",
                description="Show",
                style={"description_width": "initial"},
                layout=W.Layout(width="340px"),
            ),
            "drug": _drug_menu(),
            "dose": slider("Medication dose", 1.0, 0.25, 2.0, 0.25, "× standard"),
            "med_stop": int_slider("Medication until week", 16, 1, 16, 1),
            "sessions": slider("Therapy", 1.0, 0.25, 3.0, 0.25, "sessions per week"),
            "therapy_stop": int_slider("Therapy until week", 16, 1, 16, 1),
        }

    def _data(self, v):
        def compute():
            arms = run_arms(
                self.n,
                WEEKS,
                v["drug"],
                med_stop=v["med_stop"],
                dose=v["dose"],
                sessions=v["sessions"],
                therapy_stop=v["therapy_stop"],
            )
            return view.cluster_data(arms)

        key = tuple(sorted((k, x) for k, x in v.items() if k != "show"))  # "show" only restyles
        return self.memo(key, compute)

    def figure(self, values):
        fig = view.cluster_figure(self._data(values))
        self._show(fig, values["show"])
        return fig

    @staticmethod
    def _show(fig, show):
        for col in range(2):
            for i, arm in enumerate(view.ARMS):
                fig.data[4 * col + i].visible = arm in SHOW[show]

    def draw(self, values):
        d = self._data(values)
        updates = {}
        for col, cl in enumerate(("body", "cognitive")):
            for i, arm in enumerate(view.ARMS):
                updates[4 * col + i] = {"y": d[cl][arm], "visible": arm in SHOW[values["show"]]}
        restyle(self.fig, updates)
        text = view.first_text(d)
        if self.fig.layout.annotations[-1].text != text:
            self.fig.layout.annotations[-1].text = text


# --- (c) the brain map ---------------------------------------------------------------------------
class BrainDemo(Demo):
    """A sagittal brain map: which region changes, week by week, under each treatment."""

    title = "Brain map: bottom-up and top-down"
    presets = {
        "medication, week 2 (the limbic side moves first)": {"arm": "medication", "week": 2},
        "therapy, week 4 (the prefrontal side moves first)": {"arm": "therapy", "week": 4},
        "both, week 16": {"arm": "combined", "week": 16},
        "no treatment, week 16": {"arm": "no treatment", "week": 16},
        "fluoxetine-like, week 2": {"arm": "medication", "drug": "fluoxetine-like", "week": 2},
    }
    n = view.DEMO_N["brain"]

    def __init__(self, projector=None):
        self._cache: dict = {}
        for drug in DRUG_NAMES:  # simulate once per drug; the week slider only indexes
            self._outcomes(drug)
        super().__init__(projector)

    def make_controls(self):
        return {
            "arm": W.Dropdown(
                options=list(view.ARMS),
                value="combined",
                description="Treatment",
                style={"description_width": "initial"},
                layout=W.Layout(width="300px"),
            ),
            "drug": _drug_menu(),
            "week": int_slider("Week of treatment", 8, 0, WEEKS, 1),
        }

    def control_box(self):
        """Treatment and drug on one row; the week slider with its play button below."""
        week = self.controls["week"]
        self.player = play_control(week, interval_ms=600)
        return W.VBox([W.HBox([self.controls["arm"], self.controls["drug"]]), self.player])

    def _outcomes(self, drug):
        """All four arms for one drug, simulated once and indexed by week afterwards."""
        if drug not in self._cache:
            self._cache[drug] = run_arms(self.n, WEEKS, drug)
        return self._cache[drug]

    def _data(self, v):
        return view.brain_data(self._outcomes(v["drug"])[v["arm"]], v["week"])

    def figure(self, values):
        return view.brain_figure(self._data(values), values["arm"], values["drug"])

    def draw(self, values):
        restyle(self.fig, view.brain_restyle(view.brain_styles(self._data(values))))
        self.fig.layout.title.text = view.brain_title(values["arm"], values["drug"], values["week"])


# --- (d) the plasticity window ------------------------------------------------------------------
class PlasticityDemo(MemoDemo):
    """Medication opens a window of faster learning; therapy supplies what is learned."""

    title = "The plasticity window"
    presets = {
        "a drug without a plasticity window": {"boost": 0.0},
        "sertraline-like, stop at week 8": {"treat_weeks": 8},
        "therapy twice a week": {"sessions": 2.0},
        "a year after stopping": {"follow_months": 12},
        "fluoxetine-like (the window closes slowly)": {"drug": "fluoxetine-like"},
    }
    n = view.DEMO_N["plasticity"]

    def make_controls(self):
        return {
            "treat_weeks": int_slider("Treatment lasts", 16, 4, 24, 1, "weeks"),
            "follow_months": int_slider("Follow-up after stopping", 6, 1, 12, 1, "months"),
            "sessions": slider("Therapy", 1.0, 0.25, 3.0, 0.25, "sessions per week"),
            "boost": slider(
                "Plasticity boost of the drug",
                DEFAULT_PARAMS.plasticity_boost,
                0.0,
                4.0,
                0.25,
                "× extra learning rate",
            ),
            "drug": _drug_menu(),
        }

    def _data(self, v):
        def compute():
            stop = v["treat_weeks"]
            follow = int(round(v["follow_months"] * WEEKS_PER_MONTH))
            weeks = view.LONGEST_TREATMENT + follow  # the lines fill the fixed week axis
            params = DEFAULT_PARAMS.with_(plasticity_boost=v["boost"])
            arms = run_arms(
                self.n,
                weeks,
                v["drug"],
                params=params,
                med_stop=stop,
                therapy_stop=stop,
                sessions=v["sessions"],
            )
            return view.plasticity_data(arms, stop, follow)

        return self.memo(tuple(sorted(v.items())), compute)

    def figure(self, values):
        return view.plasticity_figure(self._data(values))

    def draw(self, values):
        d = self._data(values)
        bx, by = view.band_xy(0.0, d["stop"])
        updates = {i: {"x": bx, "y": by} for i in view.PLAST_BANDS}
        for arm in view.TREATED:
            updates[view.PLAST_WINDOW[arm]] = {"x": d["x"], "y": d["window"][arm]}
            updates[view.PLAST_SKILL[arm]] = {"x": d["x"], "y": d["skill"][arm]}
        for arm in view.ARMS:
            updates[view.PLAST_SCORE[arm]] = {"x": d["weeks"], "y": d["score"][arm]}
        updates[view.PLAST_KEPT] = {"y": d["kept"], "text": [f"{v:.1f}" for v in d["kept"]]}
        updates[view.PLAST_KEPT_AT] = {"x": d["kept_x"]}
        restyle(self.fig, updates)
        for axis in view.PLAST_TIME_AXES:  # changes with the follow-up only
            self.fig.layout[axis].range = view.plasticity_x_range(d)


DEMOS = [PulseDemo, ClusterDemo, BrainDemo, PlasticityDemo]


# --- model scaling benchmark (``make bench``) -------------------------------------------------
def _bench_10k():
    plan = lesson_arms()[3]  # combined: both routes and the plasticity window at work
    return simulate(cohort(10_000), plan, WEEKS, SEED)


BENCHMARKS = {
    "lesson02 circuit, 10,000 patients x 16 weeks": (_bench_10k, 0.5),
}
