"""The numbers a lecturer reads aloud (docs/lecturers/NN-*.md) are the numbers the app's
demo shows and the static figure for slides (figures/) shows: all three are read here
(the guide's prose, the demo's figure, the committed figure's JSON), none is typed in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from partners_in_healing.view import lesson02 as view02
from partners_in_healing.widgets import lesson02 as demos02

ROOT = Path(__file__).resolve().parents[1]
GUIDE02 = next((ROOT / "docs" / "lecturers").glob("02-*.md"))
FIGURES = ROOT / "figures"


def _guide(pattern: str) -> tuple[str, ...]:
    text = " ".join(GUIDE02.read_text().split())  # line breaks inside sentences do not count
    m = re.search(pattern, text)
    assert m, f"{GUIDE02.name} no longer says {pattern!r}: update this test with the guide"
    return m.groups()


def _figure(name: str) -> dict:
    return json.loads((FIGURES / f"{name}.json").read_text())


def _trace_text(fig: dict, trace_name: str) -> list[str]:
    return next(list(t["text"]) for t in fig["data"] if t.get("name") == trace_name)


def _first_weeks(note: str) -> dict[str, tuple[str, str]]:
    """The cluster note's first weeks (body, cognitive) per treatment ("–": not by the end)."""
    return {a: (b, c) for a, b, c in re.findall(r"(\w+): (\d+|–) · (\d+|–)", note)}


def _num(s: str) -> float:
    return float(s.replace("−", "-").replace("%", "").replace("+", "").strip())


def test_symptom_cluster_weeks_agree():
    med_body, ther_cog, ther_body, comb_lo, comb_hi = _guide(
        r"medication — body symptoms ahead of no treatment by week (\d+), cognitive ones not by "
        r"week 16; therapy — cognitive by week (\d+), body by week (\d+); combined — both by "
        r"weeks (\d+)–(\d+)"
    )
    guide = {
        "medication": (med_body, "–"),
        "therapy": (ther_body, ther_cog),
        "combined": tuple(sorted((comb_lo, comb_hi))),
    }
    app = _first_weeks(demos02.ClusterDemo().fig.layout.annotations[-1].text)
    slide = _first_weeks(_figure("02-symptom-clusters")["layout"]["annotations"][-1]["text"])
    app["combined"] = tuple(sorted(app["combined"]))
    slide["combined"] = tuple(sorted(slide["combined"]))
    assert app == guide, f"app {app} vs guide {guide}"
    assert slide == guide, f"figures/02-symptom-clusters {slide} vs guide {guide}"


def test_brain_map_changes_agree():
    limbic, prefrontal = (_num(v) for v in _guide(r"limbic ≈ (−?\d+) %, prefrontal ≈ (\+?\d+) %"))
    demo = demos02.BrainDemo()
    name = next(k for k in demo.presets if k.startswith("both, week 16"))
    demo.apply_preset(name)
    app = [_num(v) for v in demo.fig.data[view02.BRAIN_BARS].text[:2]]
    slide = [_num(v) for v in _trace_text(_figure("02-brain-map"), "change since week 0")[:2]]
    assert app == [limbic, prefrontal], f"app {app} vs guide {[limbic, prefrontal]}"
    assert slide == [limbic, prefrontal], f"figures/02-brain-map {slide} vs guide"


def test_points_kept_agree():
    guide = [
        _num(v)
        for v in _guide(r"medication ≈ (\d+\.?\d*),\s*therapy ≈ (\d+\.?\d*), both ≈ (\d+\.?\d*)")
    ]
    app = [_num(v) for v in demos02.PlasticityDemo().fig.data[view02.PLAST_KEPT].text]
    slide = [_num(v) for v in _trace_text(_figure("02-plasticity-window"), "kept")]
    assert app == guide, f"app {app} vs guide {guide}"
    assert slide == guide, f"figures/02-plasticity-window {slide} vs guide {guide}"


# --- lesson 04: the 15-minute script's numbers, from the demos and the slides ---------------
def _guide04(pattern: str) -> list[float]:
    path = next((ROOT / "docs" / "lecturers").glob("04-*.md"))
    text = " ".join(path.read_text().split())
    m = re.search(pattern, text)
    assert m, f"{path.name} no longer says {pattern!r}: update this test with the guide"
    return [_num(g) for g in m.groups()]


def _close(said: list[float], shown: list[float], what: str, tol: float = 0.6) -> None:
    """What the guide says is what the app shows, to the guide's rounding."""
    assert all(abs(a - b) <= tol for a, b in zip(said, shown, strict=True)), (
        f"{what}: guide {said} vs app {[round(x, 1) for x in shown]}"
    )


def test_lesson04_guide_numbers_are_the_apps_and_the_slides():
    from partners_in_healing.widgets import lesson04 as demos04

    cf = demos04.CounterfactualDemo()
    d = cf._data(cf.values())
    _close(
        _guide04(
            r"the average gain is about ([\d.]+) points.*?Right panel: (\d+) % respond "
            r"either way; only about (\d+) % respond"
        ),
        [d["mean"], d["groups"][0], d["groups"][1]],
        "demo 1",
        tol=0.55,
    )
    slide = _figure("04-individual-benefit")["layout"]["title"]["text"]
    assert f"the average, {d['mean']:.1f} points" in slide, slide
    mod = demos04.ModeratorDemo()
    m = mod._data(mod.values())
    placebo, drug = m["rates"]["no treatment"], m["rates"]["medication"]
    _close(
        _guide04(
            r"placebo-like response falls from ≈ (\d+) % to ≈ (\d+) %, medication from "
            r"≈ (\d+) % to ≈ (\d+) %; the difference grows from ≈ (\d+) to ≈ (\d+) percentage "
            r"points"
        ),
        [placebo[0], placebo[-1], drug[0], drug[-1], m["diff"][0], m["diff"][-1]],
        "demo 2",
    )
    adh = demos04.AdherenceDemo()
    a = adh._data(adh.values())["arms"]
    _close(
        _guide04(
            r"(\d+) % leave on medication alone, (\d+) % with therapy.*?completers "
            r"\((\d+) %\) look better than ITT \((\d+) %\)"
        ),
        [a["medication"]["dropout"], a["combined"]["dropout"], *a["combined"]["response"][1::-1]],
        "demo 3",
    )
    st = demos04.StepsDemo()
    s = st._data(st.values())
    _close(
        _guide04(r"STAR\*D's diamonds; (\d+) % remit in the end, (\d+) % leave"),
        [s["cumulative"], s["dropout"]],
        "demo 4",
    )
    assert (
        f"Remitted {s['cumulative']:.0f} %, left {s['dropout']:.0f} %"
        in (_figure("04-steps")["layout"]["title"]["text"])
    )
    early = demos04.EarlyDemo()
    p = early._data(early.values())["pred"]
    _close(
        _guide04(
            r"sensitivity (\d+) % \(Wagner 85 %\), specificity (\d+) % \(Wagner 54 %\); "
            r"NPV ≈ (\d+) %"
        ),
        [100 * p["sensitivity"], 100 * p["specificity"], 100 * p["npv"]],
        "demo 5",
    )


@pytest.mark.parametrize(
    "name,demo",
    [
        ("01-trajectories", "TrajectoryDemo"),
        ("01-scales", "ScalesDemo"),
        ("01-virtual-trials", "TrialDemo"),
    ],
)
def test_lesson01_slides_are_the_demos_starting_pictures(name, demo):
    """Lecturer walkthrough: figures/01-scales showed 64 / 87 / 83 % where the app shows
    63 / 86 / 81 %, and 01-virtual-trials another set of trials under the same title."""
    from partners_in_healing.figures import _round
    from partners_in_healing.widgets import lesson01 as demos01

    def drawn(fig: dict) -> list[dict]:
        return [t for t in fig["data"] if t.get("visible") is not False and len(t.get("x") or [])]

    app = drawn(_round(json.loads(getattr(demos01, demo)().fig.to_json())))
    slide = drawn(_figure(name))
    assert len(app) == len(slide), f"figures/{name}: {len(slide)} traces drawn, the app {len(app)}"
    for a, b in zip(app, slide, strict=True):
        assert a.get("text") == b.get("text"), f"figures/{name}: labels differ from the app's"
        for key in ("x", "y"):
            x, y = a[key], b[key]
            if x and isinstance(x[0], str):
                assert x == y, f"figures/{name}: {key} differs from the app's"
            else:
                assert np.allclose(x, y, rtol=1e-4), f"figures/{name}: {key} differs from the app's"


def test_03_guide_reads_the_slide_figures_relapse_shares_and_hazard_ratios():
    """Lecturer walkthrough: the slide showed 76 / 53 / 39 % where the guide named only its
    hazard ratios (and the app's run gave 74 / 50 / 37 %)."""
    fig = _figure("03-relapse-curves")
    shares = [
        int(m.group(1))
        for t in fig["data"]
        if (m := re.search(r": (\d+) % relapsed \(n = \d+\)$", t.get("name", "")))
    ]
    guide = (ROOT / "docs" / "lecturers" / "03-relapse-reduction.md").read_text()
    said = re.search(r"1,500 per arm, (\d+) / (\d+) / (\d+) %", " ".join(guide.split()))
    assert said and sorted(map(int, said.groups())) == sorted(shares), (said, shares)


def test_guide_04_quotes_the_residuals_the_page_shows():
    """Lecturer walkthrough: the guide's STAR*D residuals (+3.2, −0.0, +3.2, −1.8 pp, from
    10,000 patients) matched neither the page's table (4,000) nor the demo."""
    from partners_in_healing.model import care_calibration as cal

    guide = next((ROOT / "docs" / "lecturers").glob("04-*.md")).read_text()
    said = re.search(r"STAR\*D steps ([^)]*?) pp", guide).group(1)
    numbers = [float(x.replace("−", "-")) for x in re.findall(r"[+−-]?\d+\.\d", said)]
    rows = cal.check(n=4000)  # as the lesson's cell
    steps = [round(100 * r["residual"], 1) for r in rows if "remission at step" in r["quantity"]]
    assert numbers == steps, (numbers, steps)
