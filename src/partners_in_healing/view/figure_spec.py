"""A figure worth exporting: a stable file name, the figure, and its alt text."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go


@dataclass(frozen=True)
class KeyFigure:
    name: str  # file stem in figures/, e.g. "01-trajectories"
    figure: go.Figure
    alt: str  # alt text: what the figure shows, in one or two plain sentences
