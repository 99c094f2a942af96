"""Widgets: ipywidgets controls wired to one FigureWidget per demo, updated in place."""
