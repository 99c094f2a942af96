"""Model vs evidence on one axis: a forest-style figure shared by lessons 01 and 03.

Each row is one published number: a pooled estimate (meta-analysis, diamond with its
95 % CI), or a single trial (square; one draw, no pooled interval); the toy's value sits
on the same row (circle). The row's label says what it is, whether the default was
fitted to it or it is a check, and the plain verdict. Intervals that run past the axis
end in a triangle at the edge, so nothing is cut off silently.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .theme import OKABE_ITO, sizes

PUBLISHED_POOLED = OKABE_ITO["reddish purple"]
PUBLISHED_SINGLE = OKABE_ITO["blue"]
TOY = OKABE_ITO["bluish green"]
ROW_PX = 46  # height of one row (two-line label)
GAP_PX = 95  # between panels: room for the upper panel's axis title


def row_label(r: dict) -> str:
    """Two-line label: source and what; kind, fitted or check, verdict."""
    kind = "pooled" if r["pooled"] else "single trial"
    return f"<b>{r['source']}</b> {r['what']}<br><i>{kind} · {r['role']} · {r['verdict']}</i>"


def forest_figure(rows: list[dict], panels: dict[str, tuple[str, tuple[float, float]]], title: str):
    """One panel per ``panels`` entry (name -> (axis title, x range)), stacked.

    ``rows``: dicts with panel, source, what, pooled, role ('fitted'/'check'), verdict,
    published, low, high (None for a single trial), toy.
    """
    names = list(panels)
    counts = [max(1, sum(r["panel"] == p for r in rows)) for p in names]
    height = 190 + ROW_PX * sum(counts) + GAP_PX * (len(names) - 1)
    fig = make_subplots(
        rows=len(names),
        cols=1,
        row_heights=[c / sum(counts) for c in counts],
        vertical_spacing=GAP_PX / height,
    )
    shown = set()
    for i, panel in enumerate(names, start=1):
        axis_title, (x0, x1) = panels[panel]
        mine = [r for r in rows if r["panel"] == panel]
        ys = list(range(len(mine), 0, -1))
        for r, y in zip(mine, ys, strict=True):
            pooled = r["pooled"]
            colour = PUBLISHED_POOLED if pooled else PUBLISHED_SINGLE
            name = "published: pooled (95 % CI)" if pooled else "published: single trial"
            err = {}
            if r.get("low") is not None:
                lo, hi = max(r["low"], x0), min(r["high"], x1)
                err = dict(
                    error_x=dict(
                        type="data",
                        array=[hi - r["published"]],
                        arrayminus=[r["published"] - lo],
                        color=colour,
                        thickness=3,
                        width=8,
                    )
                )
                for edge, beyond, symbol in (
                    (x0, r["low"] < x0, "triangle-left"),
                    (x1, r["high"] > x1, "triangle-right"),
                ):
                    if beyond:
                        fig.add_trace(
                            go.Scatter(
                                x=[edge],
                                y=[y + 0.15],
                                mode="markers",
                                marker=dict(symbol=symbol, size=14, color=colour),
                                name="interval runs past the axis",
                                showlegend="beyond" not in shown,
                                hoverinfo="skip",
                            ),
                            i,
                            1,
                        )
                        shown.add("beyond")
            fig.add_trace(
                go.Scatter(
                    x=[min(max(r["published"], x0), x1)],
                    y=[y + 0.15],
                    mode="markers",
                    marker=dict(
                        symbol="diamond" if pooled else "square",
                        size=16 if pooled else 13,
                        color=colour,
                        line=dict(width=1, color="black"),
                    ),
                    name=name,
                    showlegend=name not in shown,
                    hovertemplate=f"{r['source']}: %{{x:.2f}}<extra></extra>",
                    **err,
                ),
                i,
                1,
            )
            shown.add(name)
            fig.add_trace(
                go.Scatter(
                    x=[min(max(r["toy"], x0), x1)],
                    y=[y - 0.15],
                    mode="markers",
                    marker=dict(
                        symbol="circle", size=13, color=TOY, line=dict(width=1, color="black")
                    ),
                    name="the toy model",
                    showlegend="toy" not in shown,
                    hovertemplate=f"toy: {r['toy']:.2f}<extra></extra>",
                ),
                i,
                1,
            )
            shown.add("toy")
        fig.update_yaxes(
            tickvals=ys,
            ticktext=[row_label(r) for r in mine],
            range=[0.4, len(mine) + 0.6],
            row=i,
            col=1,
        )
        fig.update_xaxes(title_text=axis_title, range=[x0, x1], row=i, col=1)
        if x0 < 1.0 < x1 and "ratio" in axis_title.lower():
            fig.add_vline(x=1.0, line=dict(color="#555555", dash="dot", width=2), row=i, col=1)
        if x0 < 0.0 < x1:
            fig.add_vline(x=0.0, line=dict(color="#555555", dash="dot", width=2), row=i, col=1)
    # text at the normal theme's sizes in both themes: the rows, the margin and the height
    # are measured for them (at the projector's sizes the two-line labels ran into each
    # other and squeezed the axes past the figure's edge)
    normal = sizes(projector=False)
    fig.update_yaxes(tickfont_size=normal["font"])
    fig.update_xaxes(tickfont_size=normal["font"], title_font_size=normal["font"] + 1)
    fig.update_layout(
        title=dict(text=title, font_size=normal["title"]),
        legend_font_size=normal["font"],
        height=height,
        margin=dict(l=470, r=30, t=70, b=150),
    )
    return fig
