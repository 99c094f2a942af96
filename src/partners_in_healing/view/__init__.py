"""View layer: plotly figure builders. They draw what the model computes and
never change the model."""
