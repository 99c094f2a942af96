"""The demo of lesson 00, "Welcome: what a toy model is": a virtual cohort."""

from __future__ import annotations

from functools import lru_cache

from ..view import lesson00 as view
from .controls import Demo, int_slider, slider


@lru_cache(maxsize=32)
def _data(n: int, spread: float, correlation: float, seed: int) -> dict:
    return view.cohort_data(view.make_demo_cohort(n, spread, correlation, seed))


class CohortDemo(Demo):
    """200 virtual patients: how ill each is at the start, and what each could gain."""

    title = "A virtual cohort: everyone differs"
    presets = {
        "200 patients (start)": {},
        "same sensitivities for everyone (no spread)": {"spread": 0.0},
        "very different sensitivities": {"spread": 2.0},
        "helped by one, helped by the other too (strong link)": {"correlation": 0.9},
        "a small pilot study (20 patients)": {"n": 20},
        "a large trial (1,000 patients)": {"n": 1000},
        "another random cohort": {"seed": 1},
    }

    def make_controls(self):
        return {
            "n": int_slider("Number of patients", 200, 20, 1000, 20),
            "spread": slider("How much sensitivities differ", 1.0, 0.0, 2.0, 0.25, "logit SD"),
            "correlation": slider(
                "Link between the two sensitivities", 0.3, -0.9, 0.9, 0.1, "correlation"
            ),
            "seed": int_slider("Cohort number (random seed)", 0, 0, 20),
        }

    def _d(self, v):
        return _data(
            int(v["n"]),
            round(float(v["spread"]), 4),
            round(float(v["correlation"]), 4),
            int(v["seed"]),
        )

    def figure(self, values):
        return view.cohort_figure(self._d(values))

    def draw(self, values):
        d = self._d(values)
        self.fig.data[0].update(y=d["hist"]["y"], text=d["hist"]["text"])
        self.fig.layout.yaxis.range = [0, d["hist"]["top"]]
        self.fig.data[1].x = d["med"]
        self.fig.data[1].y = d["therapy"]
        self.fig.data[1].text = d["text"]
        self.fig.layout.title.text = view.cohort_caption(d)


DEMOS = [CohortDemo]
