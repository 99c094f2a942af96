"""Every lesson in the Voila app, in a real browser: it renders with no console error,
no request leaves 127.0.0.1, and every control of every demo visibly changes its figure;
presets and reset work."""

from __future__ import annotations

import time
import warnings

import harness as H
import pytest
from conftest import lesson_params, notebook_or_skip

pytestmark = pytest.mark.browser

# anywidget 0.11 rejects a promise ("Failed to initialize model.") when a widget's ESM
# takes more than 2 s to load and bind (on a very busy machine); the widget still
# renders when the load finishes. Reported, not failed on; the latency benchmark
# measures the first plot time.
ANYWIDGET_SLOW_INIT = "[anywidget] Failed to initialize model."


def _norm(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())


def drive_control(box, control, info) -> str:
    """Operate one control once; a description of what was done."""
    kind = info["kind"]
    H.reveal(control)
    if kind == "slider":
        key = H.press_slider(control)
        return f"{key} on slider {info['label']!r}"
    if kind == "dropdown":
        select = control.locator("select").first
        current = select.evaluate("s => s.selectedIndex")
        n = select.evaluate("s => s.options.length")
        target = (current + 1) % n
        select.select_option(index=target)
        return f"option {target} of dropdown {info['label']!r}"
    if kind in ("toggle", "button"):
        control.dispatch_event("click")  # (in JupyterLite a prompt overlay may cover it)
        return f"click on {kind} {info['label']!r}"
    if kind == "checkbox":
        control.locator("input").first.click()
        return f"click on checkbox {info['label']!r}"
    if kind in ("radio", "togglebuttons"):
        opts = control.locator("input, button")
        opts.nth(opts.count() - 1).click()
        return f"last option of {info['label']!r}"
    raise AssertionError(f"unknown control kind {kind}")


def check_demo(box, classes, failures: list[str], where: str) -> None:
    controls = box.evaluate(H.CONTROLS_JS)
    preset_info = next(
        (c for c in controls if c["kind"] == "dropdown" and _norm(c["label"]) == "Preset"), None
    )
    assert preset_info, f"{where}: no Preset menu"
    options = [_norm(o) for o in preset_info["options"]]
    cls = H.demo_class_for(
        options,
        [
            type("X", (), {"presets": {_norm(k): v for k, v in c.presets.items()}, "cls": c})
            for c in classes
        ],
    )
    cls = cls.cls if cls else None
    reset = H.reset_button(box)
    initial = H.signature(box, data_only=True)  # traces; the layout keeps autorange state

    plays = []

    def back_to_start(what: str) -> bool:
        reset.click()
        try:
            H.wait_signature(
                box, lambda s: s == initial, 10, f"{where}: Reset {what}", data_only=True
            )
            return True
        except AssertionError as e:
            failures.append(str(e))
            return False

    # every control (but the preset menu and reset), each from the starting settings,
    # changes the figure
    for info in controls:
        if info is preset_info or _norm(info["label"]) in (
            "Reset",
            "Back to the starting settings",
        ):
            continue
        if info.get("disabled"):
            continue
        control = box.locator(f"[data-pih-control='{info['idx']}']")
        if control.evaluate("b => !!b.closest('.widget-play')"):
            plays.append((control, info))  # last: an animation keeps sending positions
            continue
        if not back_to_start(f"before {info['kind']} {info['label']!r}"):
            return
        before = H.signature(box)
        what = drive_control(box, control, info)
        try:
            H.wait_signature(box, lambda s, before=before: s != before, 10, f"{where}: {what}")
        except AssertionError as e:
            failures.append(str(e))

    # reset returns to the starting figure
    if not back_to_start("after moving every control"):
        return

    # each preset changes the figure (unless it names the defaults); reset brings it back
    select = H.preset_menu(box).locator("select").first
    for i, name in enumerate(options[1:], start=1):
        identity = cls is not None and H.is_identity_preset(cls.__mro__[0], _orig_name(cls, name))
        select.select_option(index=i)
        try:
            if identity:
                time.sleep(0.3)
                assert H.signature(box, data_only=True) == initial, (
                    f"{where}: preset {name!r} (the defaults) changed the figure"
                )
            else:
                H.wait_signature(
                    box, lambda s: s != initial, 10, f"{where}: preset {name!r}", data_only=True
                )
        except AssertionError as e:
            failures.append(str(e))
        if not back_to_start(f"after preset {name!r}"):
            return

    # Play buttons last: the animation must move the figure; Reset pressed while it
    # runs stops it and brings the start back for good (no late step moves it again)
    for control, info in plays:
        if not back_to_start(f"before Play {info['label']!r}"):
            return
        before = H.signature(box)
        control.click()
        try:
            H.wait_signature(box, lambda s, before=before: s != before, 10, f"{where}: Play")
        except AssertionError as e:
            failures.append(str(e))
        if back_to_start(f"while Play {info['label']!r} runs"):
            time.sleep(2.0)
            if H.signature(box, data_only=True) != initial:
                failures.append(
                    f"{where}: Reset during Play: the figure moved again after the reset"
                )


def _orig_name(cls, name: str) -> str:
    return next(k for k in cls.presets if _norm(k) == name)


@pytest.mark.parametrize("lesson", lesson_params())
def test_lesson_in_voila(lesson, browser, voila_server):
    notebook_or_skip(lesson)
    classes = lesson.demos()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    H.block_external(context)
    page = context.new_page()
    log = H.watch(page)
    try:
        t0 = time.monotonic()
        page.goto(voila_server.lesson_url(lesson.notebook), wait_until="commit", timeout=60_000)
        H.wait_voila_done(page, 60)
        H.wait_plots(page, len(classes), 60)
        loaded = time.monotonic() - t0
        H.screenshot(page, f"voila-{lesson.number}")
        assert page.locator(".js-plotly-plot").count() >= len(classes), "a figure for every demo"
        boxes = H.demo_boxes(page)
        assert boxes.count() == len(classes), f"{boxes.count()} demo boxes, expected {len(classes)}"

        failures: list[str] = []
        for i in range(boxes.count()):
            check_demo(boxes.nth(i), classes, failures, f"lesson {lesson.number} demo {i + 1}")

        # the app keeps its projector theme: the notebooks' toggle is hidden there
        assert not page.locator(".widget-toggle-button:visible", has_text="Projector theme").count()
        # other global toggles restyle the figures
        toggles = page.locator(".widget-toggle-button:not(.pih-demo .widget-toggle-button):visible")
        for j in range(toggles.count()):
            before = [H.signature(boxes.nth(i)) for i in range(boxes.count())]
            toggles.nth(j).click()
            deadline = time.monotonic() + 10
            while [H.signature(boxes.nth(i)) for i in range(boxes.count())] == before:
                if time.monotonic() > deadline:
                    failures.append(f"lesson {lesson.number}: toggle {j} changed no figure")
                    break
                time.sleep(0.1)
            toggles.nth(j).click()

        H.screenshot(page, f"voila-{lesson.number}-after")
        for i in range(boxes.count()):  # each demo as a person sees it (the page scrolls inside)
            boxes.nth(i).scroll_into_view_if_needed()
            boxes.nth(i).screenshot(
                path=str(H.SCREENSHOTS / f"voila-{lesson.number}-demo-{i + 1}.png")
            )
        assert not failures, "\n".join(failures)
        assert not log.external, f"requests leaving 127.0.0.1: {log.external}"
        assert not log.console_errors, f"console errors: {log.console_errors}"
        slow = [e for e in log.page_errors if ANYWIDGET_SLOW_INIT in e]
        other = [e for e in log.page_errors if ANYWIDGET_SLOW_INIT not in e]
        assert not other, f"uncaught errors in the page: {other}"
        if slow:
            warnings.warn(
                f"lesson {lesson.number}: {len(slow)} x {ANYWIDGET_SLOW_INIT!r} "
                f"(a figure took > 2 s to initialise; page ready after {loaded:.1f} s)",
                stacklevel=1,
            )
        print(f"lesson {lesson.number}: rendered in {loaded:.1f} s, {len(log.requests)} requests")
    finally:
        context.close()
