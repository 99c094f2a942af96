"""What a reader of a figure sees, measured in the browser: text that overlaps other text,
text cut off at the figure's edge, demo boxes taller than the screen, dropdowns narrower
than their longest option. Used by test_layout.py (the app and JupyterLab)."""

from __future__ import annotations

# JS (argument: the .js-plotly-plot element): every text element of the figure as
# {group, text, poly (4 screen corners, rotation included)}, and the SVG's box.
# Groups: title, axis titles, tick labels (one group per axis), legend (one box),
# annotations (each its own; subplot titles are annotations), in-plot text (bar and
# point labels). A multi-line text (tspans) is one element.
FIGURE_TEXTS_JS = r"""(el) => {
  const svg = el.querySelector('.main-svg');
  if (!svg) return null;
  const out = [];
  const visible = (e) => {
    for (let n = e; n && n !== el; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
    }
    return true;
  };
  const corners = (e) => {
    const b = e.getBBox(); const m = e.getScreenCTM();
    if (!m || b.width <= 0 || b.height <= 0) return null;
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  };
  const add = (group, e, label) => {
    if (!visible(e)) return;
    const text = (label !== undefined ? label : e.textContent).trim();
    if (!text) return;
    const poly = corners(e);
    if (poly) out.push({group, text, poly});
  };
  el.querySelectorAll('.g-gtitle text').forEach(e => add('title', e));
  el.querySelectorAll('[class^="g-x"][class$="title"] text, [class^="g-y"][class$="title"] text')
    .forEach(e => add('axis title ' + e.getAttribute('class'), e));
  el.querySelectorAll('g[class$="tick"] > text, g[class$="tick2"] > text').forEach(e => {
    const axis = e.parentElement.getAttribute('class');
    add('ticks ' + axis + ' ' + (e.closest('[class*="axislayer"]') || {getAttribute: () => ''})
      .getAttribute('class') + ' ' + [...el.querySelectorAll('[class*="axislayer"]')]
      .indexOf(e.closest('[class*="axislayer"]')), e);
  });
  el.querySelectorAll('.legend').forEach((lg, i) => {
    const bg = lg.querySelector('rect.bg');
    if (bg && lg.querySelector('.traces')) add('legend ' + i, bg, lg.textContent);
  });
  el.querySelectorAll('.annotation').forEach((a, i) => {
    const t = a.querySelector('.annotation-text-g text') || a.querySelector('text');
    if (t) add('annotation ' + i, t);
  });
  el.querySelectorAll('.bartext, .textpoint text').forEach((e, i) => add('label ' + i, e));
  const r = svg.getBoundingClientRect();
  return {texts: out, svg: [r.left, r.top, r.right, r.bottom]};
}"""


def _area(poly: list) -> float:
    a = 0.0
    for i in range(len(poly)):
        x0, y0 = poly[i]
        x1, y1 = poly[(i + 1) % len(poly)]
        a += x0 * y1 - x1 * y0
    return abs(a) / 2


def _clip(subject: list, clipper: list) -> list:
    """Sutherland-Hodgman: the part of convex polygon ``subject`` inside convex ``clipper``."""

    def side(p, a, b):
        return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])

    # inside an edge = on the same side as the clipper's interior (its orientation's sign)
    signed = sum(
        clipper[i][0] * clipper[(i + 1) % len(clipper)][1]
        - clipper[(i + 1) % len(clipper)][0] * clipper[i][1]
        for i in range(len(clipper))
    )
    sign = 1.0 if signed >= 0 else -1.0
    out = subject
    for i in range(len(clipper)):
        a, b = clipper[i], clipper[(i + 1) % len(clipper)]
        inp, out = out, []
        if not inp:
            break
        for j in range(len(inp)):
            p, q = inp[j], inp[(j + 1) % len(inp)]
            sp, sq = sign * side(p, a, b), sign * side(q, a, b)
            if sp >= 0:
                out.append(p)
            if (sp >= 0) != (sq >= 0):
                t = sp / (sp - sq)
                out.append([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])])
    return out


def overlap_area(p: list, q: list) -> float:
    """Area (px²) where two convex quadrilaterals (screen corners) intersect."""
    inter = _clip(p, q)
    return _area(inter) if len(inter) >= 3 else 0.0


def _bounds(poly: list) -> tuple[float, float, float, float]:
    xs, ys = [c[0] for c in poly], [c[1] for c in poly]
    return min(xs), min(ys), max(xs), max(ys)


def _grow(poly: list, px: float) -> list:
    """A text's quadrilateral grown by ``px`` along its own directions (a gap between tick
    labels that touch still reads as one word: "symptomssymptoms")."""
    (ax, ay), (bx, by), _, (dx, dy) = poly
    ux, uy = bx - ax, by - ay
    vx, vy = dx - ax, dy - ay
    lu = max((ux * ux + uy * uy) ** 0.5, 1e-9)
    lv = max((vx * vx + vy * vy) ** 0.5, 1e-9)
    ux, uy, vx, vy = ux / lu * px, uy / lu * px, vx / lv * px, vy / lv * px
    return [
        [ax - ux - vx, ay - uy - vy],
        [bx + ux - vx, by + uy - vy],
        [poly[2][0] + ux + vx, poly[2][1] + uy + vy],
        [dx - ux + vx, dy - uy + vy],
    ]


def figure_problems(info: dict | None, where: str, tol_px2: float = 4.0) -> list[str]:
    """Overlaps between text elements of different groups (any two annotations, any two
    labels, two neighbouring tick labels), and texts cut off at the SVG's edges."""
    if info is None:
        return [f"{where}: no figure drawn"]
    texts = info["texts"]
    left, top, right, bottom = info["svg"]
    out = []
    for t in texts:
        x0, y0, x1, y1 = _bounds(t["poly"])
        if x0 < left - 1 or y0 < top - 1 or x1 > right + 1 or y1 > bottom + 1:
            out.append(
                f"{where}: {t['group'].split(' ')[0]} {t['text'][:40]!r} cut off at the figure's "
                f"edge (text {x0 - left:.0f}..{x1 - left:.0f} x {y0 - top:.0f}..{y1 - top:.0f}, "
                f"figure {right - left:.0f} x {bottom - top:.0f} px)"
            )
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            same = a["group"] == b["group"]
            kind = a["group"].split(" ")[0]
            if same and kind not in ("annotation", "label", "ticks"):
                continue
            pa, pb = a["poly"], b["poly"]
            if same and kind == "ticks":  # neighbours on one axis need a gap
                pa, pb = _grow(pa, 1.5), _grow(pb, 1.5)
            ax0, ay0, ax1, ay1 = _bounds(pa)
            bx0, by0, bx1, by1 = _bounds(pb)
            if ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0:
                continue
            area = overlap_area(pa, pb)
            if area > tol_px2:
                out.append(
                    f"{where}: {a['group'].split(' ')[0]} {a['text'][:40]!r} overlaps "
                    f"{b['group'].split(' ')[0]} {b['text'][:40]!r} ({area:.0f} px²)"
                )
    return out


# JS (argument: a demo box): every <select> whose longest option is wider than the
# room for text (its width less padding, border and the arrow), measured with canvas
# measureText in the select's own font.
NARROW_SELECTS_JS = r"""(root) => {
  const ctx = document.createElement('canvas').getContext('2d');
  const out = [];
  root.querySelectorAll('select').forEach((s) => {
    if (!s.offsetParent) return;
    const cs = getComputedStyle(s);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
                 - (cs.appearance === 'none' || cs.webkitAppearance === 'none' ? 0 : 20);
    let widest = 0, text = '';
    [...s.options].forEach(o => { const w = ctx.measureText(o.textContent).width;
                                  if (w > widest) { widest = w; text = o.textContent; } });
    if (widest > room + 0.5) out.push({text, widest: Math.round(widest), room: Math.round(room)});
  });
  return out;
}"""


def select_problems(box, where: str) -> list[str]:
    return [
        f"{where}: dropdown option {s['text']!r} needs {s['widest']} px, the menu has {s['room']} px"
        for s in box.evaluate(NARROW_SELECTS_JS)
    ]


def demo_figure_problems(box, where: str) -> list[str]:
    plot = box.locator(".js-plotly-plot").first
    return figure_problems(plot.evaluate(FIGURE_TEXTS_JS), where)


# JS (argument: a demo box): its box after scrolling it to the top of the window.
BOX_AFTER_SCROLL_JS = """(e) => { e.scrollIntoView({block: 'start'});
  const r = e.getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]; }"""


# JS (argument: a demo box): parts of different controls that overlap (a label over the
# next slider's value reads "Drug1"), and labels or values cut short (text wider than
# its box, e.g. an ellipsis).
CONTROL_PROBLEMS_JS = r"""(root) => {
  const parts = [];
  const out = [];
  root.querySelectorAll('.widget-inline-hbox, .widget-hbox.widget-play, .widget-button, .widget-toggle-button, .widget-checkbox')
    .forEach((w, i) => {
      if (!w.offsetParent) return;
      w.querySelectorAll('.widget-label, .widget-readout, select, .slider-container, .noUi-target, button, input[type=checkbox], .widget-label-basic')
        .forEach((p) => {
          const r = p.getBoundingClientRect();
          if (r.width > 0 && r.height > 0) parts.push({w: i, r, text: (p.textContent || p.value || '').trim() || p.className});
          // (a checkbox's label is widget-label-basic: "Remove each window's tr…" was cut)
          const text = ['widget-label', 'widget-readout', 'widget-label-basic'].some((c) => p.classList.contains(c));
          const cut = text && p.scrollWidth > p.clientWidth + 1;
          if (cut) out.push(`'${p.textContent.trim()}' cut short (${p.scrollWidth} px of text in ${p.clientWidth} px)`);
          // a wrapped label in a one-line box hides its second line (lecturer walkthrough)
          const hidden = text && getComputedStyle(p).overflowY !== 'visible' && p.scrollHeight > p.clientHeight + 2;
          if (hidden) out.push(`'${p.textContent.trim()}' cut short (${p.scrollHeight} px of lines in ${p.clientHeight} px)`);
        });
    });
  for (let a = 0; a < parts.length; a++) for (let b = a + 1; b < parts.length; b++) {
    const p = parts[a], q = parts[b];
    if (p.w === q.w) continue;
    const w = Math.min(p.r.right, q.r.right) - Math.max(p.r.left, q.r.left);
    const h = Math.min(p.r.bottom, q.r.bottom) - Math.max(p.r.top, q.r.top);
    if (w > 0 && h > 0 && w * h > 4) out.push(`'${p.text.slice(0, 30)}' overlaps '${q.text.slice(0, 30)}' (${Math.round(w * h)} px²)`);
  }
  return out;
}"""


def control_problems(box, where: str) -> list[str]:
    return [f"{where}: control {p}" for p in box.evaluate(CONTROL_PROBLEMS_JS)]
