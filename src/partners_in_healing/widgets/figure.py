"""FigureWidgets that share one copy of plotly's widget code per page.

plotly's ``go.FigureWidget`` is an anywidget whose front-end code (~5 MB of
JavaScript) travels inside every widget's state and is compiled once per
widget. A lesson page with four demos then sends ~20 MB over the websocket and
compiles plotly four times; on a slow or busy machine anywidget gives up on a
widget that is not ready within 2 s, and its figure stops updating.

When the server was started by ``partners_in_healing.serve`` (``make lab``,
``make present``), it serves that code once as a static file and sets
``PIH_WIDGET_BUNDLE`` for its kernels; the widgets then carry only a small loader
that imports the shared file (the browser fetches and compiles it once per page).
Anywhere else (VS Code, Binder, a plain ``jupyter lab``) the standard widget is
used, which works everywhere, only more slowly.
"""

from __future__ import annotations

import os

import plotly.graph_objects as go

ENV = "PIH_WIDGET_BUNDLE"  # set by serve.py for the kernels of the servers it starts
# Where serve.py puts the file, relative to the page's base URL (Voila, then Jupyter Server).
BUNDLE_PATHS = ("voila/templates/pih/static/plotly-widget.js", "static/pih/plotly-widget.js")

LOADER = """
// Partners in Healing: plotly's FigureWidget code, imported once per page from the server.
const KEY = "__pih_plotly_widget__";
async function load() {
  const el = document.getElementById("jupyter-config-data");
  const cfg = el ? JSON.parse(el.textContent) : {};
  const base = new URL(cfg.baseUrl || "/", window.location.href);
  const errors = [];
  for (const path of %s) {
    try { return await import(new URL(path, base).href); } catch (err) { errors.push(String(err)); }
  }
  throw new Error("plotly widget code not found: " + errors.join("; "));
}
const shared = (globalThis[KEY] ??= load());

// anywidget drops a widget whose initialize has not finished 2 s after the model
// arrives; compiling plotly takes about that long on a slow machine. So initialize
// only starts the real widget, and render waits for it.
export default () => {
  let real = null;
  return {
    initialize(ctx) {
      real = shared.then(async (mod) => {
        const widget = mod.default();
        await widget.initialize?.(ctx);
        return widget;
      });
      real.catch((err) => console.error("[partners-in-healing]", err));
    },
    async render(ctx) {
      return (await real).render(ctx);
    },
  };
};
""" % (list(BUNDLE_PATHS),)


class SharedBundleFigureWidget(go.FigureWidget):
    """A FigureWidget whose front-end code is imported from the server's shared copy."""

    _esm = LOADER


def figure_widget(fig: go.Figure) -> go.FigureWidget:
    """Wrap a complete figure in a FigureWidget (the shared-bundle kind where available)."""
    cls = SharedBundleFigureWidget if os.environ.get(ENV) else go.FigureWidget
    return cls(fig)
