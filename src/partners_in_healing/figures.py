"""Export every lesson's key figures to figures/ for slides and handouts.

    python -m partners_in_healing.figures        (make figures)

For each KeyFigure of each registered lesson it writes NAME.png and NAME.svg
(kaleido with the system's Chromium), NAME.html (interactive, offline: one shared
figures/plotly.min.js, not inlined), NAME.json (the figure specification, which
the tests compare with the code to catch stale figures) and NAME.alt.txt (alt
text); figures/README.md lists them all with their alt text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from .lessons import LESSONS
from .view import theme
from .view.figure_spec import KeyFigure

FIGURES = Path(__file__).resolve().parents[2] / "figures"
WIDTH, HEIGHT, SCALE = 1280, 720, 1.5  # px; 16:9 for slides, PNG at 1920 x 1080


def _decode(obj: dict) -> list:
    """A typed array as plotly writes it ({"dtype", "bdata"[, "shape"]}) as nested lists."""
    arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
    if "shape" in obj:
        arr = arr.reshape([int(n) for n in str(obj["shape"]).split(",")])
    return arr.tolist()


def _round(obj, digits: int = 6):
    """Floats to ``digits`` significant digits, also inside plotly's binary arrays, so that
    the last-bit differences between machines (BLAS and SIMD paths) do not count."""
    if isinstance(obj, dict) and "bdata" in obj and "dtype" in obj:
        return _round(_decode(obj), digits)
    if isinstance(obj, float):
        return float(f"{obj:.{digits}g}")
    if isinstance(obj, list):
        return [_round(v, digits) for v in obj]
    if isinstance(obj, dict):
        return {k: _round(v, digits) for k, v in obj.items()}
    return obj


def spec(fig: go.Figure) -> dict:
    """The figure as plain JSON data, floats rounded to 6 significant digits."""
    return _round(json.loads(pio.to_json(fig, validate=False)))


def all_key_figures() -> list[KeyFigure]:
    """Every lesson's key figures, in lesson order."""
    return [kf for lesson in LESSONS for kf in lesson.key_figures()]


def _page(kf: KeyFigure) -> str:
    div = pio.to_html(
        kf.figure,
        include_plotlyjs="directory",
        full_html=False,
        div_id=f"fig-{kf.name}",
        config=dict(theme.PLOT_CONFIG),
    )
    alt = html.escape(kf.alt)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(kf.name)}</title></head><body>\n"
        f'<figure role="figure" aria-label="{alt}">\n{div}\n'
        f"<figcaption>{alt}</figcaption></figure>\n</body></html>\n"
    )


_SVG_UID = re.compile(r'id="defs-([0-9a-f]+)"')


def stable_svg_ids(svg: str, name: str) -> str:
    """plotly.js names an SVG's clip paths, defs and legends after a random id on each
    export; use one derived from the figure's name instead, so that ``make figures``
    leaves an unchanged figure byte-identical."""
    m = _SVG_UID.search(svg)
    if m is None:
        return svg
    stable = hashlib.sha256(name.encode()).hexdigest()[: len(m.group(1))]
    return re.sub(rf"(defs-|topdefs-|clip|legend){m.group(1)}", rf"\g<1>{stable}", svg)


def _svg_with_title(svg: str, kf: KeyFigure) -> str:
    """Add <title> and <desc> (alt text) as the first children of the SVG root."""
    svg = stable_svg_ids(svg, kf.name)
    end = svg.index(">", svg.index("<svg")) + 1
    meta = f"<title>{html.escape(kf.name)}</title><desc>{html.escape(kf.alt)}</desc>"
    return svg[:end] + meta + svg[end:]


def export(out: Path = FIGURES, images: bool = True) -> list[KeyFigure]:
    """Write every key figure to ``out``; return the figures written."""
    out.mkdir(parents=True, exist_ok=True)
    figs = all_key_figures()
    for kf in figs:
        (out / f"{kf.name}.json").write_text(
            json.dumps(spec(kf.figure), indent=1, sort_keys=True) + "\n"
        )
        (out / f"{kf.name}.alt.txt").write_text(kf.alt + "\n")
        (out / f"{kf.name}.html").write_text(_page(kf))
    (out / "plotly.min.js").write_text(get_plotlyjs())
    if images:
        sized = [go.Figure(kf.figure) for kf in figs]
        paths = [out / f"{kf.name}.{ext}" for ext in ("png", "svg") for kf in figs]
        # a figure taller than a slide (the model-vs-evidence forests) keeps its own height
        heights = [max(HEIGHT, f.layout.height or 0) for f in sized]
        pio.write_images(
            sized * 2, paths, width=WIDTH, height=heights * 2, scale=SCALE
        )  # one browser for all: ~6x faster
        for kf in figs:
            path = out / f"{kf.name}.svg"
            path.write_text(_svg_with_title(path.read_text(), kf))
    _index(out, figs)
    return figs


def _index(out: Path, figs: list[KeyFigure]) -> None:
    lines = [
        "# Figures",
        "",
        "Generated by `make figures` from the code; do not edit by hand. Each figure comes as",
        "PNG and SVG (for slides), HTML (interactive, works offline next to `plotly.min.js`),",
        "JSON (its specification) and `.alt.txt` (alt text).",
        "",
    ]
    for kf in figs:
        lines += [
            f"## {kf.name}",
            "",
            f"![{kf.alt}]({kf.name}.png)",
            "",
            f"Alt text: {kf.alt}",
            "",
            f"[SVG]({kf.name}.svg) · [interactive HTML]({kf.name}.html)",
            "",
        ]
    (out / "README.md").write_text("\n".join(lines))


def main() -> int:
    t0 = time.perf_counter()
    figs = export()
    print(f"wrote {len(figs)} figures to {FIGURES} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
