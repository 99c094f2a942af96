"""Browser-kernel rows of `make bench`: the browser version (build/lite/, `make lite`), where
Python runs in the page (Pyodide) and no server computes.

Called by benchmarks/browser_latency.py, beside the server app's numbers of the same run:

- first plot: seconds from opening a lesson's present page (present.html?nb=..., which runs
  every cell once the kernel is ready) to its first drawn figure, with a cold browser cache
  (a fresh profile) and then warm (the same profile, page opened again);
- key press -> plot change per demo: the same probe as for the server app
  (harness.press_latencies), in the lesson opened in JupyterLite's JupyterLab.

Targets (issue 17): first plot <= 20 s cold and <= 8 s warm; key press median <= 100 ms.
"""

from __future__ import annotations

import time

import harness as H

TARGET_COLD, TARGET_WARM, TARGET_PRESS = 20.0, 8.0, 100.0
SITE = H.ROOT / "build" / "lite"
WHERE = "browser (Pyodide)"


def _first_plot(page, url: str, timeout_s: float = 240) -> float:
    """Seconds from navigation to the first figure drawn in the present page's notebook."""
    t0 = time.monotonic()
    page.goto(url, wait_until="commit", timeout=60_000)
    frame = page.frame_locator("iframe").first
    frame.locator(".js-plotly-plot .main-svg").first.wait_for(
        state="attached", timeout=timeout_s * 1000
    )
    return time.monotonic() - t0


def failed(rows: list, where: str, lesson: str, what: str, e: Exception) -> None:
    """A page that did not load, draw or answer: a row with its cause, and the run goes on
    (one stuck page used to abort the whole benchmark after its timeout, writing nothing)."""
    cause = " ".join(str(e).split())[:300]
    rows.append(dict(where=where, lesson=lesson, demo=what, control="-", problem=cause))
    print(f"  {where:7} {lesson} {what}: FAILED ({cause})", flush=True)


def lite_part(browser, lessons, rows: list, first_plots: list, measure_demos) -> None:
    """Append key-press rows (``measure_demos(page, where, lesson, rows)``) and first-plot
    times (dicts: lesson, cold, warm) for every lesson of the site."""
    server = H.start_static(SITE)
    try:
        for lesson in lessons:
            if not (SITE / "files" / lesson.notebook).exists():
                continue
            url = f"{server.base}/present.html?nb={lesson.notebook}"
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            H.block_external(context)
            try:
                page = context.new_page()
                cold = _first_plot(page, url)
                page.close()
                page = context.new_page()  # same profile: the browser's cache is warm
                warm = _first_plot(page, url)
                page.close()
                first_plots.append(dict(lesson=lesson.number, cold=cold, warm=warm))
                print(
                    f"  {WHERE} {lesson.number} first plot {cold:.1f} s cold, {warm:.1f} s warm",
                    flush=True,
                )
                page = context.new_page()
                H.open_and_run_in_lab(page, f"{server.base}/lab/index.html?path={lesson.notebook}")
                H.wait_plots(page, len(lesson.demos()), 120)
                measure_demos(page, WHERE, lesson, rows)
            except Exception as e:  # noqa: BLE001 - reported as a failed row
                failed(rows, WHERE, lesson.number, "page", e)
            finally:
                context.close()
    finally:
        server.stop()


def report(first_plots: list) -> list[str]:
    if not first_plots:
        return []
    lines = [
        "",
        f"Browser version (`make lite`, Python in the page): seconds from opening a lesson's "
        f"present page to its first figure, cold (fresh browser profile) and warm (opened again "
        f"in the same profile). Targets: cold <= {TARGET_COLD:.0f} s, warm <= {TARGET_WARM:.0f} s;"
        f" key press rows above ('{WHERE}'): median <= {TARGET_PRESS:.0f} ms.",
        "",
        "| lesson | first plot cold s | first plot warm s | target |",
        "|---|---:|---:|---|",
    ]
    for f in first_plots:
        met = f["cold"] <= TARGET_COLD and f["warm"] <= TARGET_WARM
        lines.append(
            f"| {f['lesson']} | {f['cold']:.1f} | {f['warm']:.1f} | {'met' if met else 'MISSED'} |"
        )
    return lines
