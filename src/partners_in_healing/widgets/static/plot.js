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
// panel from the traces named in the call (others there lost their markers), so
// every trace of a panel with an animated bar takes part (``companions``). Other
// trace properties of the same update (colours, widths, names) then go through
// Plotly.restyle, which redraws only what they need.
const DATA_KEYS = new Set(["x", "y", "text", "error_x.array", "error_x.arrayminus",
  "error_y.array", "error_y.arrayminus"]);
const TRACE_TYPES = new Set(["scatter", "bar"]);

function subplot(t) {
  return (t.xaxis || "x") + (t.yaxis || "y");
}

// Traces not in ``traces`` that share a panel with one of its bar traces.
function companions(gd, traces) {
  const panels = new Set(traces.map((i) => gd._fullData[i]).filter((t) => t.type === "bar").map(subplot));
  if (!panels.size) return [];
  return gd._fullData.filter((t) => panels.has(subplot(t)) && !traces.includes(t.index)).map((t) => t.index);
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

// The value at a plotly attribute path ("yaxis2.range", "annotations.2.text") of ``obj``.
function valueAt(obj, path) {
  return path.split(/[.[\]]+/).filter(Boolean).reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function same(a, b) {
  if (a === b) return true;
  if (a == null || b == null || typeof a !== "object") return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

// A look-ahead node is whole over what its tree changes, so it often repeats what the
// figure already shows: leave out layout values and (non-array) trace properties that
// are as drawn, so that they do not force a full redraw or a restyle.
function unchangedLeftOut(gd, data, layout, traces) {
  for (const k of Object.keys(layout)) if (same(valueAt(gd.layout, k), layout[k])) delete layout[k];
  for (const [k, values] of Object.entries(data)) {
    if (DATA_KEYS.has(k)) continue;
    const left = values.map((v, j) => (v !== undefined && same(valueAt(gd.data[traces[j]], k), v) ? undefined : v));
    if (left.every((v) => v === undefined)) delete data[k];
    else data[k] = left;
  }
}

async function update(Plotly, gd, msg) {
  const traces = msg.traces;
  const data = {};
  for (const [k, values] of Object.entries(msg.data)) data[k] = values.map(restore);
  const layout = {};
  for (const [k, v] of Object.entries(msg.layout)) layout[k] = restore(v);
  unchangedLeftOut(gd, data, layout, traces);
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

// --- Look-ahead (ahead.py) -------------------------------------------------------------
// After a slider moves, the kernel sends "ahead" trees: the figure for the slider's
// neighbouring values, each whole over what the tree changes. A key press that lands
// on a stored value is drawn at once; the kernel's own update for it then arrives
// tagged with that node and is not drawn again. The view keeps count of the kernel's
// changes (each carries its number "v"): one it cannot place (the page is neither
// where the change starts nor on a node of the change's tree) makes it ask for the
// whole figure again, and a drawing always ends where the kernel's figure is.
// globalThis.PIH_LOOK_AHEAD = false switches the page side off (benchmarks, debugging).
const MAX_TREES = 6;

function near(a, b, tol) {
  return a !== null && b !== null && Math.abs(a - b) <= tol;
}

export class Follower {
  // ``marks``: the element that carries the view's state for tests (data-pih-*), outside
  // the plot itself, so that a benchmark watching the plot sees only the drawing.
  constructor(model, marks, draw) {
    this.model = model;
    this.marks = marks;
    this.draw = draw; // (msg) => queued drawing
    this.exact = 0; // the kernel version the view shows exactly (null: not known)
    this.tree = null; // the tree the view is on, and at which slider value
    this.node = null;
    this.resyncing = false;
    this.anchor = null; // {v, tree, node}: the node that is kernel version v
    this.trees = new Map(); // id -> {slider, root, tol, entries}
    this.sliders = new Map(); // model id -> {model, listener}
  }

  onMessage(msg) {
    this.handle(msg);
    this.marks.dataset.pihExact = this.exact ?? ""; // the kernel version shown exactly
  }

  handle(msg) {
    if (msg.method === "ahead") return this.addTree(msg);
    const tags = msg.tags || {};
    if (msg.method === "react") {
      this.draw(msg);
      this.resyncing = false;
      return this.at(msg.v, tags);
    }
    if (this.resyncing) return; // a whole figure is on its way
    if (this.exact !== null && this.exact === msg.v - 1) {
      this.draw(msg); // the next change from what the view shows
      return this.at(msg.v, tags);
    }
    if (this.exact === null && this.tree !== null && this.tree in tags) {
      // The view went ahead on a tree, and the kernel drew a node of it: where the view
      // is (do not draw it again), or a step the view has already passed (the kernel
      // will catch up: every step the view took was sent to it).
      if (near(tags[this.tree], this.node, this.trees.get(this.tree).tol)) this.setExact(msg.v);
      return;
    }
    this.resyncing = true; // out of step: ask for the whole figure
    this.exact = this.tree = this.node = null;
    this.model.send({ method: "resync" });
  }

  // The view shows the kernel's version v exactly, which is also the tagged nodes.
  at(v, tags) {
    this.tree = this.node = null;
    for (const [id, value] of Object.entries(tags)) {
      if (this.trees.has(id)) { this.tree = id; this.node = value; }
    }
    this.setExact(v);
  }

  // The view shows kernel version v, which is the node it is on (the anchor: coming
  // back to it by key presses, the view is exact again, even if the kernel, which
  // ipywidgets may send only the last value, never says so).
  setExact(v) {
    this.exact = v;
    this.anchor = this.tree === null ? null : { v, tree: this.tree, node: this.node };
  }

  addTree(msg) {
    const tree = { slider: msg.slider, root: msg.root, entries: msg.entries, tol: msg.tol };
    this.trees.set(msg.tree, tree);
    while (this.trees.size > MAX_TREES) this.trees.delete(this.trees.keys().next().value);
    this.marks.dataset.pihTrees = String(Number(this.marks.dataset.pihTrees || 0) + 1);
    this.watch(msg.slider);
    if (this.exact === msg.root) {
      this.tree = msg.tree;
      this.node = msg.entries[0][0];
      this.setExact(msg.root);
      // A key press that came before the tree: draw it now if the tree has it.
      const slider = this.sliders.get(msg.slider);
      if (slider?.model) this.slide(msg.slider, slider.model.get("value"));
    }
  }

  watch(id) {
    if (this.sliders.has(id) || !this.model.widget_manager) return;
    const entry = { model: null, listener: null };
    this.sliders.set(id, entry);
    this.model.widget_manager.get_model(id).then((m) => {
      entry.model = m;
      entry.listener = (_m, value) => {
        // Only the student's own moves: a value set by the kernel (a preset, reset)
        // comes with the kernel's drawing.
        if (m._state_lock && "value" in m._state_lock) return;
        this.slide(id, value);
      };
      m.on("change:value", entry.listener);
    }).catch(() => this.sliders.delete(id));
  }

  slide(sliderId, value) {
    if (globalThis.PIH_LOOK_AHEAD === false || this.resyncing) return;
    let id = this.tree;
    if (id === null || this.trees.get(id).slider !== sliderId) {
      id = null; // step onto a tree of this slider rooted where the view is
      for (const [tid, t] of this.trees) if (t.slider === sliderId && t.root === this.exact) id = tid;
      if (id === null) return;
      this.tree = id;
      this.node = this.trees.get(id).entries[0][0];
      this.setExact(this.exact);
    }
    const tree = this.trees.get(id);
    if (near(this.node, value, tree.tol)) return;
    const entry = tree.entries.find(([v]) => near(v, value, tree.tol));
    if (!entry) return;
    this.node = entry[0];
    const a = this.anchor;
    this.exact = a && a.tree === id && near(a.node, entry[0], tree.tol) ? a.v : null;
    this.marks.dataset.pihExact = this.exact ?? "";
    this.draw(entry[1], true);
  }

  dispose() {
    for (const { model, listener } of this.sliders.values()) if (model) model.off("change:value", listener);
    this.sliders.clear();
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
    const draw = (msg, ahead = false) => {
      queue = queue.then(() => apply(Plotly, gd, msg))
        .then(() => { el.dataset.pihSource = ahead ? "ahead" : "kernel"; })
        .catch((err) => console.error("[partners-in-healing]", err));
    };
    const follower = new Follower(model, el, draw);
    const onMessage = (msg) => follower.onMessage(msg);
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
      follower.dispose();
      resize.disconnect();
      Plotly.purge(gd);
    };
  },
};
