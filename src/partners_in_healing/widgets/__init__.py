"""Widgets: ipywidgets controls wired to one live plotly figure per demo, updated in place."""
