"""Partners in Healing: toy models and demos of how medication and therapy work together.

Layers (as in PhET simulations):

- ``model``: pure NumPy; knows nothing of the screen.
- ``view``: plotly figure builders that draw what the model computes.
- ``widgets``: ipywidgets controls wiring the model to one figure, updated in place.

These are teaching toys, not clinical tools.
"""

__version__ = "0.1.0"
