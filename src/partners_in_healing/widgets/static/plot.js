// Partners in Healing: one plotly.js figure, drawn once and then updated in place.
//
// The kernel sends the changes of each update (what plotly.py's batch_update
// collected) as one custom message; this view applies them. Nothing is sent
// back, so an update costs one message each way.
//
// Where plotly.js comes from: PIH_SOURCES (set by plot.py) is either a list of
// paths on the server (the page fetches and compiles plotly.js once), or a
// function holding plotly.js itself (anywhere else: VS Code, Binder, a plain
// jupyter lab).
const PIH_SOURCES = /*PIH_SOURCES*/ null;
const KEY = "__pih_plotly__";
const UNDEFINED = "_undefined_"; // plotly.py's "leave this trace as it is"

async function loadPlotly() {
  if (globalThis.Plotly?.newPlot) return globalThis.Plotly;
  if (typeof PIH_SOURCES === "function") {
    PIH_SOURCES();
    return globalThis.Plotly;
  }
  const el = document.getElementById("jupyter-config-data");
  const cfg = el ? JSON.parse(el.textContent) : {};
  const base = new URL(cfg.baseUrl || "/", window.location.href);
  const errors = [];
  for (const path of PIH_SOURCES || []) {
    try {
      await import(new URL(path, base).href); // plotly.js sets window.Plotly
      if (globalThis.Plotly?.newPlot) return globalThis.Plotly;
    } catch (err) {
      errors.push(String(err));
    }
  }
  throw new Error("plotly.js not found: " + errors.join("; "));
}

function plotly() {
  return (globalThis[KEY] ??= loadPlotly());
}

function restore(value) {
  return value === UNDEFINED ? undefined : value;
}

// Data-only changes of x / y on line traces whose axes have fixed ranges can be
// drawn without re-laying out the whole figure (Plotly.animate, no redraw).
function traceOnly(gd, data, traces) {
  const keys = Object.keys(data);
  if (!keys.length || !keys.every((k) => k === "x" || k === "y")) return false;
  const full = gd._fullLayout;
  return traces.every((i) => {
    const t = gd._fullData[i];
    if (!t || t.type !== "scatter" || t.visible !== true) return false;
    const xa = full["xaxis" + (t.xaxis || "x").slice(1)];
    const ya = full["yaxis" + (t.yaxis || "y").slice(1)];
    return xa && ya && !xa.autorange && !ya.autorange;
  });
}

// Layout changes that redraw little: texts (titles, annotations).
function textOnly(layout) {
  return Object.keys(layout).every((k) => /(^|\.)text$/.test(k));
}

async function update(Plotly, gd, msg) {
  const traces = msg.traces || gd.data.map((_, i) => i);
  const data = {};
  for (const [k, values] of Object.entries(msg.data || {})) data[k] = values.map(restore);
  const layout = {};
  for (const [k, v] of Object.entries(msg.layout || {})) layout[k] = restore(v);
  if (traceOnly(gd, data, traces) && textOnly(layout)) {
    const frame = traces.map((_, j) => {
      const t = {};
      for (const k of Object.keys(data)) if (data[k][j] !== undefined) t[k] = data[k][j];
      return t;
    });
    await Plotly.animate(gd, { data: frame, traces }, {
      transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate",
    });
    if (Object.keys(layout).length) await Plotly.relayout(gd, layout);
  } else {
    await Plotly.update(gd, data, layout, traces);
  }
}

async function apply(Plotly, gd, msg) {
  if (msg.method === "update") return update(Plotly, gd, msg);
  if (msg.method === "react") return Plotly.react(gd, msg.spec.data, msg.spec.layout, msg.spec.config);
}

export default {
  initialize() {
    plotly().catch((err) => console.error("[partners-in-healing]", err)); // start loading early
  },
  async render({ model, el }) {
    const Plotly = await plotly();
    const gd = document.createElement("div");
    el.appendChild(gd);
    const spec = model.get("spec");
    await Plotly.newPlot(gd, spec.data, spec.layout, spec.config);
    let queue = Promise.resolve(); // one change at a time, in the order sent
    const onMessage = (msg) => {
      queue = queue.then(() => apply(Plotly, gd, msg))
        .catch((err) => console.error("[partners-in-healing]", err));
    };
    model.on("msg:custom", onMessage);
    const resize = new ResizeObserver(() => {
      if (gd.offsetWidth && gd._fullLayout && gd.offsetWidth !== gd._fullLayout.width) Plotly.Plots.resize(gd);
    });
    resize.observe(el);
    model.send({ method: "shown" }); // the kernel answers with the figure if it changed meanwhile
    return () => {
      model.off("msg:custom", onMessage);
      resize.disconnect();
      Plotly.purge(gd);
    };
  },
};
