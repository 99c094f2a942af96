"""One look for every figure: Okabe-Ito colours, readable fonts, a projector mode.

Okabe & Ito (2008) colours stay distinguishable with the common colour-vision
deficiencies. Each treatment keeps one colour in every lesson.
"""

from __future__ import annotations

import plotly.graph_objects as go

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

# One colour (and dash) per arm, used by every lesson.
ARM_COLOURS = {
    "no treatment": OKABE_ITO["black"],
    "medication": OKABE_ITO["blue"],
    "therapy": OKABE_ITO["vermillion"],
    "combined": OKABE_ITO["bluish green"],
}
ARM_DASH = {"no treatment": "dot", "medication": "solid", "therapy": "dash", "combined": "solid"}
SEQUENCE = [
    OKABE_ITO[k]
    for k in (
        "blue",
        "vermillion",
        "bluish green",
        "orange",
        "reddish purple",
        "sky blue",
        "black",
        "yellow",
    )
]

# plotly.js's toolbar (modebar) in every figure: the camera (download a PNG) and the
# zoom/pan tools stay; nothing that reaches another host (plotly's "Share chart" /
# Chart Studio upload) and no selection tools (no lesson uses a selection).
PLOT_CONFIG = {
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio", "select2d", "lasso2d"],
}

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
TEXT = "#1a1a1a"  # contrast 17:1 on white
GRID = "#d9d9d9"

_SIZES = {
    False: dict(font=16, title=20, line=3, marker=8, height=460),
    True: dict(font=22, title=28, line=5, marker=12, height=560),
}


# Legends are one horizontal row at the bottom of the figure, below the x-axis title: the
# row reserves its own room (it wraps when too long) and never covers the data, whatever
# the figure's height (the presenter app draws figures at the height the screen leaves).
LEGEND = dict(orientation="h", x=0, xanchor="left", yref="container", y=0, yanchor="bottom")


def sizes(projector: bool = False) -> dict:
    """Font size (px), line width (px), marker size (px) and height (px) of a theme."""
    return dict(_SIZES[bool(projector)])


def template(projector: bool = False) -> go.layout.Template:
    """The plotly template of the series; ``projector`` gives larger fonts and thicker lines."""
    s = _SIZES[bool(projector)]
    axis = dict(
        showgrid=True,
        gridcolor=GRID,
        zeroline=False,
        linecolor=TEXT,
        ticks="outside",
        title=dict(font=dict(size=s["font"] + 1), standoff=8),
        tickfont=dict(size=s["font"]),
        automargin=True,  # margins grow to fit tick labels and the axis title
    )
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT, size=s["font"], color=TEXT),
            # the title sits above the plot area and pushes the top margin to make room,
            # so it never runs into axis titles at any figure height (subplot_titles
            # lifts it above the subplot titles)
            title=dict(
                font=dict(size=s["title"]),
                x=0.01,
                xanchor="left",
                yref="paper",
                y=1,
                yanchor="bottom",
                pad=dict(b=12),
                automargin=True,
            ),
            colorway=SEQUENCE,
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis=axis,
            yaxis=axis,
            legend=LEGEND
            | dict(font=dict(size=s["font"]), bgcolor="rgba(255,255,255,0.85)")
            # on a projector a click on the legend must not hide a line: the kernel never
            # hears of it, so Reset and the presets could not bring it back (lecturer
            # walkthrough)
            | (dict(itemclick=False, itemdoubleclick=False) if projector else {}),
            hoverlabel=dict(font=dict(size=s["font"])),
            margin=dict(l=10, r=20, t=10, b=10),  # the rest is automargin's
            height=s["height"],
        ),
        data=dict(scatter=[go.Scatter(line=dict(width=s["line"]), marker=dict(size=s["marker"]))]),
    )


def subplot_titles(fig: go.Figure, lines: int = 1, projector: bool | None = None) -> go.Figure:
    """Let ``make_subplots``' titles (annotations, 16 px by default) take the theme's font
    size, and leave room for ``lines`` lines of them between the title and the top row
    (sized for the projector font, the larger, so that it fits both themes)."""
    for a in fig.layout.annotations:
        if a.font is not None and a.font.size == 16:
            a.font.size = None
    fig.update_layout(title_pad_b=subplot_title_room(lines))
    return fig


def subplot_title_room(lines: int = 1) -> int:
    """Room (px) above the top row for ``lines`` lines of subplot titles, at the projector
    font (the title is lifted that much above the plot area)."""
    return int(_SIZES[True]["font"] * 1.25 * lines) + 14


def style(fig: go.Figure, projector: bool = False) -> go.Figure:
    """Apply the series' theme to ``fig`` in place and return it."""
    fig.update_layout(template=template(projector))
    return fig
