"""Demos of lesson 03, "Relapse reduction".

- ``LandscapeDemo``: one virtual patient's mood as a ball in a landscape, played
  through time, while medication and therapy reshape the landscape.
- ``PlanEditorDemo``: two to four treatment plans on a timeline, with the
  Kaplan-Meier relapse curves of their virtual responders and hazard ratios.
- ``EarlyWarningDemo``: variance and autocorrelation of daily mood before a switch.

Models run once per setting and are cached, so moving back to a setting (or
moving through time) only updates the figure. Fixed seeds: the class sees the
lecturer's picture.
"""

from __future__ import annotations

import warnings
from functools import cached_property, lru_cache

import ipywidgets as W
import numpy as np
from lifelines.exceptions import ConvergenceError

from ..model import early_warning as ew
from ..model import landscape as L
from ..model import relapse_calibration as cal
from ..model import survival
from ..model.cohort import make_cohort
from ..model.pharmacokinetics import DRUGS
from ..model.plan import Plan
from ..view import lesson03 as V
from .controls import Demo, int_slider, play_control, slider, weakly

SEED = 3
LETTERS = "ABCD"


# --- (a) the landscape --------------------------------------------------------------------------
LANDSCAPE_WEEKS = 104
LANDSCAPE_STORIES = 8  # life stories (random draws) a lecturer can pick from
STORY_ORDER = (7, 3, 0, 1, 2, 4, 5, 6)  # story 1 first: responds, relapses only if the drug stops
RESPONDER = 1.4  # the demo's patient is 1.4 times as sensitive to treatment as the median patient


def landscape_plan(med_until: int, taper: int, therapy_until: int, boosters: int) -> Plan:
    """The plan of demo (a): medication from week 0 (tapered over its last weeks), weekly therapy,
    boosters."""
    plan = Plan("your plan")
    if med_until > 0:
        taper = min(taper, med_until)
        if med_until - taper > 0:
            plan = plan.with_medication(0, med_until - taper)
        if taper > 0:
            plan = plan.with_taper(med_until - taper, taper)
    if therapy_until > 0:
        plan = plan.with_therapy(0, therapy_until)
    if boosters:
        first = max(therapy_until, 16)
        gap = min(8.0, (LANDSCAPE_WEEKS - first) / boosters)
        plan = plan.with_boosters([first + gap * (k + 0.5) for k in range(boosters)])
    return plan


@lru_cache(maxsize=64)
def _landscape_run(med_until, taper, therapy_until, boosters, drug, vulnerability):
    cohort = L.typical_patients(
        [vulnerability] * LANDSCAPE_STORIES,
        population=cal.populations()["Hollon 2005"],
        med_factor=RESPONDER,
        therapy_factor=RESPONDER,
    )
    plan = landscape_plan(med_until, taper, therapy_until, boosters)
    return L.simulate(
        cohort,
        plan,
        LANDSCAPE_WEEKS,
        SEED,
        cal.params(),
        DRUGS[drug],
        follow_from=16,
        keep_state=True,
    )


@lru_cache(maxsize=256)
def _landscape_data(med_until, taper, therapy_until, boosters, drug, vulnerability, story):
    out = _landscape_run(med_until, taper, therapy_until, boosters, drug, vulnerability)
    return V.landscape_data(out, STORY_ORDER[story - 1], cal.params())


SPEED = 7  # days per Play frame at the start (the guide's "1 week per frame")
PLAY_INTERVAL_MS = 400  # time between Play frames


class LandscapeDemo(Demo):
    """A ball (today's mood) in a landscape that medication tilts and therapy digs."""

    title = "A ball in a landscape"
    free = ("day",)  # Play moves through the preset's story; it does not change it
    presets = {
        "stop the medication at week 16": dict(med_until=16, day=182),
        "keep taking the medication": dict(med_until=104, day=182),
        # the same stop as the first preset, with therapy beside it: no relapse (therapy
        # alone is slow for this patient: well only from about week 46, said in the lesson)
        "medication and therapy for 16 weeks, then nothing": dict(
            med_until=16, therapy_until=16, day=182
        ),
        "a fluoxetine-like drug stopped at week 16": dict(
            med_until=16,
            drug="fluoxetine-like",
            day=112,  # at the stop: Play shows the fade
        ),
        "a more vulnerable patient stops at week 16": dict(
            med_until=16, vulnerability=0.8, day=182
        ),
        "therapy then taper (under supervision)": dict(
            med_until=32, taper=8, therapy_until=20, boosters=3, day=280
        ),
    }

    def make_controls(self):
        return {
            "day": int_slider("Time", 112, 0, LANDSCAPE_WEEKS * 7, 1, "day"),
            "med_until": int_slider(
                "Medication until", 16, 0, LANDSCAPE_WEEKS, 1, "week; 0 = none"
            ),
            "taper": int_slider("…of which tapering", 0, 0, 12, 1, "weeks"),
            "therapy_until": int_slider("Weekly therapy until", 0, 0, 52, 1, "week; 0 = none"),
            "boosters": int_slider("Booster sessions afterwards", 0, 0, 6, 1),
            "drug": W.Dropdown(
                options=list(DRUGS),
                value="sertraline-like",
                description="Drug",
                style={"description_width": "initial"},
            ),
            "vulnerability": slider("Vulnerability", 0.6, 0.1, 0.9, 0.1, "0-1", ".1f"),
            "story": int_slider("Life story (random events)", 1, 1, LANDSCAPE_STORIES, 1),
        }

    def _data(self, v):
        return _landscape_data(
            v["med_until"],
            v["taper"],
            v["therapy_until"],
            v["boosters"],
            v["drug"],
            round(v["vulnerability"], 2),
            v["story"],
        )

    def figure(self, values):
        return V.landscape_figure(self._data(values), values["day"])

    def draw(self, values):
        d = self._data(values)
        f = V.landscape_frame(d, values["day"])
        fig = self.fig
        if getattr(self, "_drawn", None) is not d:  # a new plan, patient or story
            fig.data[0].y = d["V"][0]
            fig.data[3].update(x=d["weeks"], y=d["hamd"])
            fig.data[7].update(x=d["weeks"], y=d["conc"])
            fig.data[8].update(x=d["weeks"], y=d["skill"])
            fig.layout.yaxis.range = d["y_range"]
            self._drawn = d
        fig.data[1].y = f["now"]
        fig.data[2].update(x=f["ball_x"], y=f["ball_y"])
        fig.data[4].update(x=f["past_x"], y=f["past_y"])
        fig.data[5].update(x=f["hamd_x"], y=f["hamd_y"])
        fig.data[9].x = f["cursor_x"]
        score = d["hamd"][values["day"]]
        # relapse is HAM-D >= the line: 14 of 14 is "on", not "above" (lecturer walkthrough)
        shown = round(float(score))
        where = "above" if shown > d["threshold"] else "on" if shown == d["threshold"] else "below"
        state = f"{where} the relapse line"
        # a relapse needs a recovery first (walkthroughs: a patient who never got well was
        # "above the relapse line" from day 7)
        if where == "above" and not (d["hamd"][: values["day"] + 1] < d["threshold"]).any():
            state = "not well yet"
        fig.layout.title.text = (
            f"Week {f['week']:.1f} (day {values['day']}): {shown} points, {state}"
        )

    def reset(self) -> None:
        """Also Play's speed back to the start (student walkthrough: Reset left it)."""
        super().reset()
        if hasattr(self, "speed"):  # made with the controls' box, when the demo is shown
            self.speed.value = SPEED

    def step(self, days: int) -> None:
        """Move the time slider by ``days`` (negative: back), staying inside its range."""
        w = self.controls["day"]
        w.value = int(np.clip(w.value + days, w.min, w.max))

    def control_box(self):
        day = self.controls["day"]
        # 0.4 s a frame: a week at a time is slow enough to narrate (at 0.15 s a year took 8 s,
        # too fast to talk over: lecturer walkthrough)
        player = play_control(day, interval_ms=PLAY_INTERVAL_MS)
        self.play = player.children[0]
        self.play.step = SPEED
        self.speed = W.Dropdown(
            options=[
                ("1 day per frame", 1),
                ("3 days per frame", 3),
                ("1 week per frame", 7),
                ("2 weeks per frame", 14),
            ],
            value=SPEED,
            description="Speed",
            style={"description_width": "initial"},
        )
        W.link((self.speed, "value"), (self.play, "step"))
        self.speed.add_class("pih-no-figure")  # changes how fast Play moves, not the figure
        buttons = []
        step = weakly(self.step)
        for label, days, tip in (
            ("◀◀ week", -7, "one week back"),
            ("◀ day", -1, "one day back"),
            ("day ▶", 1, "one day on"),
            ("week ▶▶", 7, "one week on"),
        ):
            b = W.Button(description=label, tooltip=tip, layout=W.Layout(width="auto"))
            b.on_click(lambda _b, n=days: step(n))
            buttons.append(b)
        others = [w for k, w in self.controls.items() if k != "day"]
        return W.VBox(
            [
                W.HBox([player, self.speed]),
                W.HBox(buttons),
                W.HBox(others, layout=W.Layout(flex_flow="row wrap")),
            ]
        )


# --- (b) the plan editor ------------------------------------------------------------------------
UNUSED_SLOT = "not in this trial (see Number of arms)"  # legend text of an empty slot
EDITOR_WEEKS = 68  # 16 weeks of acute treatment + 12 months of follow-up
FOLLOW_FROM = 16
EDITOR_PATIENTS = (200, 400, 800)


def editor_plan(med, taper, therapy, boosters, name="") -> Plan:
    """A plan of demo (b): medication weeks (start, stop) with a taper over its last ``taper``
    weeks, weekly therapy weeks (start, stop), booster sessions spread after therapy."""
    plan = Plan(name)
    m0, m1 = med
    if m1 > m0:
        taper = min(taper, m1 - m0)
        if m1 - taper > m0:
            plan = plan.with_medication(m0, m1 - taper)
        if taper > 0:
            plan = plan.with_taper(m1 - taper, taper)
    t0, t1 = therapy
    if t1 > t0:
        plan = plan.with_therapy(t0, t1)
    if boosters:
        first = max(t1, FOLLOW_FROM)
        gap = (EDITOR_WEEKS - first) / boosters
        plan = plan.with_boosters([first + gap * (k + 0.5) for k in range(boosters)])
    return plan


def arm_summary(med, taper, therapy, boosters) -> str:
    """An arm of demo (b) in words (weeks from the start): the range sliders alone showed
    "16 – 16" for no medication (student walkthrough)."""
    m0, m1 = med
    t0, t1 = therapy
    parts = [f"medication weeks {m0}–{m1}" if m1 > m0 else "no medication (start = stop)"]
    if m1 > m0 and taper:
        parts[0] += f", tapered over its last {min(taper, m1 - m0)}"
    parts.append(f"weekly therapy weeks {t0}–{t1}" if t1 > t0 else "no weekly therapy")
    sessions = f"{boosters} booster session{'s' * (boosters != 1)}"
    parts.append(sessions if boosters else "no boosters")
    return "; ".join(parts)


EDITOR_POPULATIONS = {
    "typical continuation-trial patients (pooled evidence)": cal.POOLED,
    "more vulnerable (single trial: Hollon 2005)": cal.HOLLON,
}
EDITOR_DEFAULT_POPULATION = "typical continuation-trial patients (pooled evidence)"
EDITOR_HOLLON_POPULATION = "more vulnerable (single trial: Hollon 2005)"


@lru_cache(maxsize=8)
def _editor_cohort(n, population=EDITOR_DEFAULT_POPULATION):
    return make_cohort(n, SEED, cal.populations()[EDITOR_POPULATIONS[population]])


@lru_cache(maxsize=256)
def _editor_arm(n, population, med, taper, therapy, boosters):
    """Relapse data and Kaplan-Meier curve of one arm (cached per setting)."""
    plan = editor_plan(med, taper, therapy, boosters)
    out = L.simulate(
        _editor_cohort(n, population),
        plan,
        EDITOR_WEEKS,
        SEED,
        cal.params(),
        follow_from=FOLLOW_FROM,
    )
    data = survival.relapse_data(out, "arm")
    if data.n == 0:  # nobody responded: an empty curve
        return data, survival.KMCurve(
            "arm", np.array([0.0]), np.array([1.0]), np.array([1.0]), np.array([1.0]), 0, 0
        )
    return data, survival.kaplan_meier(data)


HR_TITLE = "Hazard ratio of relapse"  # the forest plot's subplot title (annotation 2)
NO_RELAPSES = "no hazard ratio: an arm has no relapses (or no responders)"
NO_FIT = "no hazard ratio: these arms cannot be told apart by a Cox model"


def _editor_hrs(n, population, keys) -> list[dict]:
    return _editor_hr_fit(n, population, keys)[0]


@lru_cache(maxsize=256)
def _editor_hr_fit(n, population, keys) -> tuple[list[dict], str]:
    """Hazard ratios versus arm A, and "" or why there are none (the figure says it)."""
    data = {}
    for letter, key in zip(LETTERS, keys, strict=False):  # as many letters as plans
        d, _ = _editor_arm(n, population, *key)
        data[letter] = survival.RelapseData(letter, d.weeks, d.relapse)
    if any(d.n == 0 or d.relapse.sum() == 0 for d in data.values()):
        return [], NO_RELAPSES  # a Cox model needs people and relapses in every arm
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # lifelines warns before it fails or diverges
            rows = survival.hazard_ratios(data, reference="A")
    except (ConvergenceError, ValueError, np.linalg.LinAlgError):
        return [], NO_FIT
    if not all(np.isfinite([r["hr"], r["lower"], r["upper"]]).all() for r in rows) or any(
        r["upper"] > 1e3 or r["lower"] < 1e-3 for r in rows
    ):
        return [], NO_FIT  # a fit that ran away: no number worth showing
    return rows, ""


def _hr_title(note: str) -> str:
    return HR_TITLE if not note else f"{HR_TITLE}<br><sub>{note}</sub>"


class PlanEditorDemo(Demo):
    """Two to four plans on a timeline; Kaplan-Meier relapse curves and hazard ratios of their
    responders."""

    title = "Plan editor: who stays well?"
    tall = True  # four panels and their legend: at 360 px, with the editor open, they overlapped
    _default_arms = dict(
        med1=(0, 68),
        taper1=0,
        ther1=(16, 16),
        boost1=0,  # A: keep taking the medication
        med2=(0, 16),
        taper2=0,
        ther2=(16, 16),
        boost2=0,  # B: stop at week 16
        med3=(0, 16),
        taper3=0,
        ther3=(0, 16),
        boost3=3,  # C: both for 16 weeks, then boosters
        med4=(0, 28),
        taper4=8,
        ther4=(12, 28),
        boost4=0,  # D: therapy added while tapering
    )  # an empty range (start = stop) means none
    presets = {
        "Hollon 2005: therapy vs medication": dict(
            patients=EDITOR_HOLLON_POPULATION,
            arms=3,
            med1=(0, 16),
            med2=(0, 68),
            med3=(16, 16),
            ther3=(0, 16),
            boost3=3,
        ),
        "boosters or not": dict(
            arms=2, med1=(16, 16), ther1=(0, 16), boost1=0, med2=(16, 16), ther2=(0, 16), boost2=6
        ),
        "therapy then taper": dict(
            arms=3, med1=(0, 16), med2=(0, 68), med3=(0, 28), taper3=8, ther3=(12, 28), boost3=0
        ),
        "a small trial (200 per arm)": dict(n=200),
        "stop the medication at week 16": dict(arms=2, med1=(0, 68), med2=(0, 16)),
    }

    def make_controls(self):
        c = {
            "patients": W.Dropdown(
                options=list(EDITOR_POPULATIONS),
                value=EDITOR_DEFAULT_POPULATION,
                description="Patients",
                style={"description_width": "initial"},
                layout=W.Layout(width="520px"),
            ),
            "arms": int_slider("Number of arms", 4, 2, 4, 1),
            "n": W.Dropdown(
                options=list(EDITOR_PATIENTS),
                value=400,
                description="Patients per arm",
                style={"description_width": "initial"},
            ),
        }
        for i, letter in enumerate(LETTERS, start=1):
            d = self._default_arms
            c[f"med{i}"] = W.IntRangeSlider(
                value=d[f"med{i}"],
                min=0,
                max=EDITOR_WEEKS,
                step=1,
                description=f"{letter}: medication (weeks)",
                continuous_update=False,
                style={"description_width": "initial"},
                layout=W.Layout(width="380px"),
            )
            c[f"taper{i}"] = int_slider(
                f"{letter}: taper at its end", d[f"taper{i}"], 0, 16, 1, "weeks"
            )
            c[f"ther{i}"] = W.IntRangeSlider(
                value=d[f"ther{i}"],
                min=0,
                max=EDITOR_WEEKS,
                step=1,
                description=f"{letter}: weekly therapy (weeks)",
                continuous_update=False,
                style={"description_width": "initial"},
                layout=W.Layout(width="380px"),
            )
            c[f"boost{i}"] = int_slider(
                f"{letter}: boosters after", d[f"boost{i}"], 0, 6, 1, "sessions"
            )
        return c

    def control_box(self):
        # One tab per arm: sixteen sliders in a column would not fit a projector screen.
        tabs = W.Tab(
            children=[
                W.VBox(
                    [self.summaries[i - 1]]
                    + [self.controls[k] for k in (f"med{i}", f"taper{i}", f"ther{i}", f"boost{i}")]
                )
                for i in range(1, 5)
            ],
            titles=[f"Arm {letter}" for letter in LETTERS[:4]],
        )
        # Closed at the start: the presets set the arms, and the open editor left the figure
        # 430 px of a 720 px projector (lecturer walkthrough); one click opens it. A toggle
        # button, not an Accordion: Tab and Enter reach a button, not an Accordion's header
        # (lecturer walkthrough: the editor could not be opened without a mouse).
        tabs.layout.display = "none"
        tabs.add_class("pih-editor-body")
        toggle = W.ToggleButton(
            description="Edit the arms (A–D)",
            icon="pencil",
            tooltip="Show or hide each arm's sliders",
            layout=W.Layout(width="auto"),
        )
        toggle.add_class("pih-no-figure")  # shows controls, changes no figure
        toggle.add_class("pih-editor-toggle")

        def _open(change, tabs=tabs):
            tabs.layout.display = None if change["new"] else "none"

        toggle.observe(_open, names="value")
        arms = W.VBox([toggle, tabs])
        arms.add_class("pih-editor")
        top = W.HBox(
            [self.controls["patients"], self.controls["arms"], self.controls["n"]],
            layout=W.Layout(flex_flow="row wrap"),
        )
        return W.VBox([top, arms])

    @cached_property
    def summaries(self) -> list[W.HTML]:
        """Each arm's plan in words, above its sliders (kept up to date by draw)."""
        return [W.HTML() for _ in LETTERS[:4]]

    @staticmethod
    def _keys(v):
        return tuple(
            (tuple(v[f"med{i}"]), v[f"taper{i}"], tuple(v[f"ther{i}"]), v[f"boost{i}"])
            for i in range(1, v["arms"] + 1)
        )

    def _model(self, v):
        keys = self._keys(v)
        arms = []
        for letter, key in zip(LETTERS, keys, strict=False):  # as many letters as plans
            data, curve = _editor_arm(v["n"], v["patients"], *key)
            # the letter alone: the timeline above shows the plan, and four long descriptions
            # took four legend rows of a 720 px screen (lecturer walkthrough)
            arms.append(dict(name=letter, plan=editor_plan(*key), curve=curve))
        rows, self.hr_note = _editor_hr_fit(v["n"], v["patients"], keys)
        return arms, rows

    def figure(self, values):
        arms, hrs = self._model(values)
        fig = V.relapse_figure(arms, FOLLOW_FROM, EDITOR_WEEKS, hrs, slots=4, fixed_rows=True)
        fig.layout.annotations[2].text = _hr_title(self.hr_note)
        return fig

    def draw(self, values):
        # Arms come and go as data: an empty slot keeps its traces (a gap point each, a
        # legend entry saying so) and its unlabelled rows, so the page redraws traces only.
        arms, hrs = self._model(values)
        n = len(arms)
        for i, html in enumerate(self.summaries):
            key = (values[f"med{i + 1}"], values[f"taper{i + 1}"])
            key += (values[f"ther{i + 1}"], values[f"boost{i + 1}"])
            words = f"<b>{LETTERS[i]}</b>: {arm_summary(*key)}"
            html.value = words if i < n else f"{words} (not shown: Number of arms is {n})"
        for i in range(4):
            arm = arms[i] if i < n else None
            tl = (
                V.timeline_data(arm["plan"], EDITOR_WEEKS, 3 - i) if arm else V.EMPTY_TIMELINE
            )  # A on top
            self.set_trace(2 * i, x=tl["med_x"], y=tl["med_y"])
            self.set_trace(2 * i + 1, x=tl["ther_x"], y=tl["ther_y"], marker_size=tl["ther_size"])
            k = V.km_data(arm["curve"]) if arm else V.EMPTY_KM
            self.set_trace(8 + 2 * i, x=k["band_x"], y=k["band_y"])
            self.set_trace(
                9 + 2 * i,
                x=k["x"],
                y=k["y"],
                # an empty slot leaves the legend: its entry took a legend row of a 720 px screen
                showlegend=arm is not None,
                name=(
                    V.km_label(arm["name"], arm["curve"], EDITOR_WEEKS - FOLLOW_FROM)
                    if arm
                    else f"{LETTERS[i]}: {UNUSED_SLOT}"
                ),
            )
        f = V.forest_data(hrs, slots=4)
        self.set_trace(
            16,
            x=f["x"],
            y=f["y"],
            text=f["text"],
            error_x=dict(array=f["plus"], arrayminus=f["minus"]),
        )
        self.fig.layout.yaxis.ticktext = V.slot_labels([a["name"] for a in arms], 4)
        self.fig.layout.yaxis3.ticktext = f["labels"]
        title = _hr_title(self.hr_note)
        if self.fig.layout.annotations[2].text != title:
            self.fig.layout.annotations[2].text = title


# --- (c) early warnings ------------------------------------------------------------------------
WARNING_ARMS = {
    "medication withdrawn at week 16": "medication withdrawn",
    "medication continued": "continued medication",
    "prior therapy": "prior therapy",
}
WARNING_PATIENTS = 1500


@lru_cache(maxsize=1)
def _warning_outcomes():
    return V.hollon_arms(WARNING_PATIENTS, SEED)[0]


def _warning_outcome(arm):
    return _warning_outcomes()[arm]


@lru_cache(maxsize=64)
def _warning_aligned(arm, window, shown, detrend):
    return ew.aligned_on_switch(_warning_outcome(arm), window, shown, detrend)


@lru_cache(maxsize=256)
def _warning_data(arm, window, shown, detrend, example):
    o = _warning_outcome(arm)
    return V.warning_data(
        o, _warning_aligned(arm, window, shown, detrend), example - 1, shown, detrend
    )


class EarlyWarningDemo(Demo):
    """Rolling variance and lag-1 autocorrelation of daily mood, lined up on the switch into
    depression."""

    title = "Early warning signs"
    presets = {
        "another patient": dict(example=4),
        "short window (2 weeks)": dict(window=14),
        "long window (8 weeks)": dict(window=56),
        "without removing the trend": dict(detrend=False),
        "medication continued": dict(arm="medication continued"),
    }

    def make_controls(self):
        return {
            "window": int_slider("Window", 28, 14, V.WARNING_MAX_WINDOW, 7, "days"),
            "shown": int_slider("Days shown before the switch", 120, 60, 180, 30),
            "example": int_slider("Example patient", 1, 1, 20, 1),
            "detrend": W.Checkbox(
                value=True,
                description="Remove each window's trend first",
                indent=False,
                layout=W.Layout(width="auto"),  # the default 300 px cut the label short
            ),
            "arm": W.Dropdown(
                options=list(WARNING_ARMS),
                value="medication withdrawn at week 16",
                description="Plan",
                style={"description_width": "initial"},
            ),
        }

    def _data(self, v):
        return _warning_data(
            WARNING_ARMS[v["arm"]], v["window"], v["shown"], v["detrend"], v["example"]
        )

    def figure(self, values):
        return V.warning_figure(self._data(values))

    def draw(self, values):
        d = self._data(values)
        fig = self.fig
        fig.data[0].x = d["window_x"]
        fig.data[1].update(x=d["rel"], y=d["hamd"])
        fig.data[2].x = [d["rel"][0], d["rel"][-1]]
        for j, key in ((3, "var"), (6, "ac1")):
            fig.data[j].update(x=d["lags"], y=d[f"patient_{key}"])
            fig.data[j + 1].update(x=d["far_x"], y=d[f"far_{key}"])
            fig.data[j + 2].update(x=d["lags"], y=d[f"mean_{key}"])
        fig.data[5].name = f"average of {d['n']} switches"
        V.set_warning_ranges(fig, d["ranges"])  # round numbers: they change seldom


DEMOS = [LandscapeDemo, PlanEditorDemo, EarlyWarningDemo]


# --- benchmarks (make bench) -----------------------------------------------------------------
def _bench_cohort():
    cohort = make_cohort(10_000, 1, cal.populations()["Hollon 2005"])
    plan = Plan("combined, then stop").with_medication(0, 16).with_therapy(0, 16)
    return lambda: L.simulate(cohort, plan, 104, 1, cal.params(), follow_from=16)


def _bench_survival():
    cohort = make_cohort(2000, 1, cal.populations()["Hollon 2005"])
    design = cal.designs()["Hollon 2005"]
    outs = {
        k: L.simulate(cohort, p, design.weeks, 1, cal.params(), follow_from=16)
        for k, p in design.plans().items()
    }
    return lambda: (survival.hazard_ratios(outs), [survival.kaplan_meier(o) for o in outs.values()])


class _Lazy:
    """Build the benchmark's inputs on first call, then time only the call itself."""

    def __init__(self, make):
        self.make, self.fn = make, None

    def __call__(self):
        if self.fn is None:
            self.fn = self.make()
        return self.fn()


BENCHMARKS = {
    "lesson03 landscape, 10,000 patients x 2 years daily": (_Lazy(_bench_cohort), 2.0),
    "lesson03 survival (KM + Cox), 3 arms x 2,000 patients": (_Lazy(_bench_survival), 1.0),
}
