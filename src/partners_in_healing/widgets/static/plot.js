// Partners in Healing: one plotly.js figure, drawn once and then updated in place.
//
// The kernel sends the changes of each update (what plotly.py's batch_update
// collected) as one custom message; this view applies them. Nothing is sent
// back, so an update costs one message each way.
//
// Where plotly.js comes from: PIH_SOURCES (set by figure.py) is either a list of
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

// The presenter app (pih.css) gives a figure's element a height that fits the window and
// sets --pih-fit-height: there the figure is drawn at that height, not its own.
function fitHeight(el) {
  if (getComputedStyle(el).getPropertyValue("--pih-fit-height").trim() !== "1") return 0;
  return Math.round(el.clientHeight) || 0;
}

function fitted(el, layout) {
  const height = fitHeight(el);
  return height ? { ...layout, height } : layout;
}

function restore(value) {
  return value === UNDEFINED ? undefined : value;
}

// Data arrays of line, marker and bar traces whose axes stay as they are can be
// redrawn without laying out the whole figure again (Plotly.animate without a
// redraw). An axis stays if its range is fixed, or if it lists categories and the
// update leaves that axis's data alone. Animating a bar trace redraws its whole
// panel from the traces named in the call (others there lost their markers), and a
// panel with no trace named loses its traces, so those take part too (``companions``).
// Other trace properties of the same update (colours, widths, names) then go through
// Plotly.restyle, which redraws only what they need.
const DATA_KEYS = new Set(["x", "y", "text", "error_x.array", "error_x.arrayminus",
  "error_y.array", "error_y.arrayminus"]);
const TRACE_TYPES = new Set(["scatter", "bar"]);

function subplot(t) {
  return (t.xaxis || "x") + (t.yaxis || "y");
}

// Traces not in ``traces`` that must take part: those of a panel with one of its bar
// traces, and those of a panel with none of ``traces`` (plotly.js drops the trace
// layers of a panel that an animation names no trace of: a lesson 03 preset that
// changed only the survival panels blanked the plans above them).
function companions(gd, traces) {
  const named = traces.map((i) => gd._fullData[i]);
  const withBars = new Set(named.filter((t) => t.type === "bar").map(subplot));
  const withNamed = new Set(named.map(subplot));
  return gd._fullData
    .filter((t) => !traces.includes(t.index))
    .filter((t) => withBars.has(subplot(t)) || !withNamed.has(subplot(t)))
    .map((t) => t.index);
}

// ``changes``: does this trace's update set the axis's data (x or y)?
function axisStays(axis, changes) {
  if (!axis) return false;
  return !axis.autorange || (axis.type === "category" && !changes);
}

function onSteadyAxes(gd, traces, data) {
  const full = gd._fullLayout;
  const sets = (letter, j) => letter in data && data[letter][j] !== undefined;
  return traces.every((i, j) => {
    const t = gd._fullData[i];
    if (!t || !TRACE_TYPES.has(t.type) || t.visible !== true) return false;
    return axisStays(full["xaxis" + (t.xaxis || "x").slice(1)], sets("x", j))
      && axisStays(full["yaxis" + (t.yaxis || "y").slice(1)], sets("y", j));
  });
}

// Layout changes that redraw little: texts (titles, annotations, tick labels).
function textOnly(layout) {
  return Object.keys(layout).every((k) => /(^|\.)(text|ticktext)$/.test(k));
}

// One trace's changes as a nested object ({"error_x.array": v} -> {error_x: {array: v}}).
function nested(data, j) {
  const trace = {};
  for (const [path, values] of Object.entries(data)) {
    if (values[j] === undefined) continue;
    const parts = path.split(".");
    let obj = trace;
    for (const p of parts.slice(0, -1)) obj = obj[p] ??= {};
    obj[parts[parts.length - 1]] = values[j];
  }
  return trace;
}

function split(data) {
  const arrays = {}, other = {};
  for (const [k, v] of Object.entries(data)) (DATA_KEYS.has(k) ? arrays : other)[k] = v;
  return [arrays, other];
}

async function update(Plotly, gd, msg) {
  const traces = msg.traces;
  const data = {};
  for (const [k, values] of Object.entries(msg.data)) data[k] = values.map(restore);
  const layout = {};
  for (const [k, v] of Object.entries(msg.layout)) layout[k] = restore(v);
  const [arrays, other] = split(data);
  if (Object.keys(arrays).length && onSteadyAxes(gd, traces, arrays) && textOnly(layout)) {
    const extra = companions(gd, traces);
    const frame = { data: [...traces.map((_, j) => nested(arrays, j)), ...extra.map(() => ({}))],
      traces: [...traces, ...extra] };
    await Plotly.animate(gd, frame, {
      transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate",
    });
    if (Object.keys(other).length) await Plotly.restyle(gd, other, traces);
    if (Object.keys(layout).length) await Plotly.relayout(gd, layout);
    gd.parentElement.dataset.pihUpdate = "data"; // for tests and benchmarks: which way it went
  } else {
    await Plotly.update(gd, data, layout, traces);
    gd.parentElement.dataset.pihUpdate = "full";
  }
}

// The view's element gets its width only once the page lays it out. Drawing before
// that draws at plotly's default width and then again at the real one (and a figure
// with a locked aspect ratio keeps the ranges of the first drawing).
function laidOut(el, timeoutMs = 5000) {
  if (el.getBoundingClientRect().width > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { watcher.disconnect(); clearTimeout(timer); resolve(); };
    const watcher = new ResizeObserver(() => { if (el.getBoundingClientRect().width > 0) done(); });
    const timer = setTimeout(done, timeoutMs); // hidden (e.g. a background tab): draw anyway
    watcher.observe(el);
  });
}

async function apply(Plotly, gd, msg) {
  if (msg.method === "update") {
    if (msg.traces.length || Object.keys(msg.layout).length) await update(Plotly, gd, msg);
    return;
  }
  if (msg.method === "react") {
    const layout = gd.pihEl ? fitted(gd.pihEl, msg.spec.layout) : msg.spec.layout;
    return Plotly.react(gd, msg.spec.data, layout, msg.spec.config);
  }
}

export default {
  initialize() {
    plotly().catch((err) => console.error("[partners-in-healing]", err)); // start loading early
  },
  async render({ model, el }) {
    const gd = document.createElement("div");
    gd.pihEl = el; // where the presenter app's fitted height is read (fitHeight)
    el.appendChild(gd);
    const [Plotly] = await Promise.all([plotly(), laidOut(el)]);
    const spec = model.get("spec");
    await Plotly.newPlot(gd, spec.data, fitted(el, spec.layout), spec.config);
    let queue = Promise.resolve(); // one change at a time, in the order sent
    const onMessage = (msg) => {
      queue = queue.then(() => apply(Plotly, gd, msg))
        .catch((err) => console.error("[partners-in-healing]", err));
    };
    model.on("msg:custom", onMessage);
    const resize = new ResizeObserver(() => {
      if (!gd._fullLayout) return;
      const height = fitHeight(el);
      if (height && Math.abs(height - gd._fullLayout.height) > 1) Plotly.relayout(gd, { height });
      else if (gd.offsetWidth && gd.offsetWidth !== gd._fullLayout.width) Plotly.Plots.resize(gd);
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
