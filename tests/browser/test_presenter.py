"""The presenter app as a lecturer uses it at 1280x720, from the keyboard: N / P step
through presets, R resets, F and Esc enter and leave full screen, Space plays; the key
hint is on screen; a preset changed by hand says so; every demo fits the window."""

from __future__ import annotations

import time

import harness as H
import layout_checks as LC
import pytest

VIEWPORT = {"width": 1280, "height": 720}


@pytest.fixture
def page(browser, voila_server):
    context = browser.new_context(viewport=VIEWPORT)
    H.block_external(context)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def open_lesson(page, server, number: str):
    lesson = next(lesson for lesson in H.lessons() if lesson.number == number)
    page.goto(server.lesson_url(lesson.notebook))
    H.wait_voila_done(page, 120)
    H.wait_plots(page, len(lesson.demos()), 120)
    return H.demo_boxes(page)


def show(page, box) -> None:
    box.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.mouse.move(5, 5)
    time.sleep(0.3)


def menu_el(box):
    return H.preset_menu(box).locator("select").first.element_handle()


def menu_index(box) -> int:
    return H.preset_menu(box).locator("select").first.evaluate("s => s.selectedIndex")


def menu_text(box) -> str:
    text = (
        H.preset_menu(box)
        .locator("select")
        .first.evaluate("s => s.options[s.selectedIndex].textContent")
    )
    return " ".join(text.replace("\xa0", " ").split())


def test_keys_step_presets_reset_and_full_screen(page, voila_server):
    boxes = open_lesson(page, voila_server, "01")
    box = boxes.nth(0)
    show(page, box)
    page.locator("body").click(position={"x": 5, "y": 5})  # nothing focused: keys go to demos
    assert "N / P" in box.locator(".pih-keys").inner_text()
    start = H.signature(box, data_only=True)
    page.keyboard.press("n")  # the first preset here is the starting picture itself
    page.wait_for_function("s => s.selectedIndex === 1", arg=menu_el(box))
    page.keyboard.press("n")
    H.wait_signature(box, lambda s: s != start, 10, "N applies the next preset", data_only=True)
    assert menu_index(box) == 2
    page.keyboard.press("p")
    page.wait_for_function("s => s.selectedIndex === 1", arg=menu_el(box))
    page.keyboard.press("n")
    page.wait_for_function("s => s.selectedIndex === 2", arg=menu_el(box))
    page.keyboard.press("r")
    H.wait_signature(box, lambda s: s == start, 10, "R resets", data_only=True)
    page.wait_for_function("s => s.selectedIndex === 0", arg=menu_el(box))
    page.keyboard.press("f")
    page.wait_for_function("b => b.classList.contains('pih-full')", arg=box.element_handle())
    time.sleep(0.5)
    rect = box.bounding_box()
    assert rect["y"] <= 1 and rect["height"] >= VIEWPORT["height"] - 2
    plot = box.locator(".js-plotly-plot").first.bounding_box()
    assert plot["height"] > 0.6 * VIEWPORT["height"] and plot["width"] > 0.9 * VIEWPORT["width"]
    page.keyboard.press("Escape")
    page.wait_for_function("b => !b.classList.contains('pih-full')", arg=box.element_handle())


def test_a_preset_changed_by_hand_says_so(page, voila_server):
    box = open_lesson(page, voila_server, "01").nth(0)
    show(page, box)
    select = H.preset_menu(box).locator("select").first
    before = H.signature(box, data_only=True)
    select.select_option(index=2)  # (index 1 is the starting picture)
    H.wait_signature(box, lambda s: s != before, 10, "preset", data_only=True)
    assert menu_index(box) == 2
    slider = box.locator(".widget-hslider").first
    H.press_slider(slider)
    page.wait_for_function(
        "s => s.options[s.selectedIndex].textContent.replace(/\\s+/g, ' ').includes('changed by "
        "hand')",
        arg=select.element_handle(),
        timeout=10_000,
    )
    assert "changed by hand" in menu_text(box)
    # N then steps on from the preset last chosen, from the menu or by key (lecturer
    # walkthrough: after a change by hand it re-applied the same one)
    for want in (3, 4):
        page.locator("body").evaluate("b => document.activeElement?.blur()")
        drawn = H.signature(box, data_only=True)
        page.keyboard.press("n")
        page.wait_for_function(f"s => s.selectedIndex === {want}", arg=select.element_handle())
        # the kernel applies the preset first (a key press before it raced the preset's value)
        H.wait_signature(box, lambda s, d=drawn: s != d, 10, "next preset", data_only=True)
        H.press_slider(slider)
        page.wait_for_function(
            "s => s.selectedIndex === 0", arg=select.element_handle(), timeout=10_000
        )


def test_space_plays_and_pauses_an_animation(page, voila_server):
    boxes = open_lesson(page, voila_server, "03")
    box = next(
        boxes.nth(i) for i in range(boxes.count()) if boxes.nth(i).locator(".widget-play").count()
    )
    show(page, box)
    box.locator(".pih-top").click(position={"x": 2, "y": 2})  # the last demo used
    page.locator("body").evaluate("b => document.activeElement.blur()")
    before = H.signature(box, data_only=True)
    page.keyboard.press(" ")
    H.wait_signature(box, lambda s: s != before, 10, "Space plays", data_only=True)
    page.keyboard.press(" ")  # pause
    time.sleep(0.8)
    paused = H.signature(box, data_only=True)
    time.sleep(1.0)
    assert H.signature(box, data_only=True) == paused, "Space pauses"
    page.keyboard.press("r")


@pytest.mark.parametrize("number", [lesson.number for lesson in H.lessons()])
def test_every_demo_fits_the_window(page, voila_server, number):
    boxes = open_lesson(page, voila_server, number)
    for i in range(boxes.count()):
        box = boxes.nth(i)
        show(page, box)
        rect = box.bounding_box()
        assert rect["y"] >= -1 and rect["y"] + rect["height"] <= VIEWPORT["height"] + 1, (
            f"lesson {number} demo {i + 1}: {rect}"
        )
        inner = box.evaluate(
            "b => [...b.querySelectorAll('.pih-top, .pih-controls, .js-plotly-plot, .legend')]"
            ".map(e => e.getBoundingClientRect()).map(r => [r.top, r.bottom])"
        )
        assert all(top >= -1 and bottom <= VIEWPORT["height"] + 1 for top, bottom in inner), (
            f"lesson {number} demo {i + 1}: a part lies outside the window: {inner}"
        )


def test_after_scrolling_on_the_keys_act_on_the_demo_in_view(page, voila_server):
    boxes = open_lesson(page, voila_server, "01")
    first, second = boxes.nth(0), boxes.nth(1)
    show(page, first)
    first.locator(".pih-top").click(position={"x": 2, "y": 2})  # the demo last used
    show(page, second)  # the lecturer scrolls on
    page.locator("body").evaluate("b => document.activeElement.blur()")
    page.keyboard.press("n")
    page.wait_for_function("s => s.selectedIndex === 1", arg=menu_el(second))
    assert menu_index(first) == 0, "the key changed the demo that is off screen"


def test_full_screen_shows_a_demo_far_down_the_page(page, voila_server):
    boxes = open_lesson(page, voila_server, "03")
    box = boxes.nth(boxes.count() - 1)
    show(page, box)
    box.locator("button", has_text="Full screen").first.click()
    page.wait_for_function("b => b.classList.contains('pih-full')", arg=box.element_handle())
    time.sleep(0.8)
    rect = box.bounding_box()
    assert -1 <= rect["y"] <= 1 and rect["height"] >= VIEWPORT["height"] - 2, rect
    page.keyboard.press("Escape")
    page.wait_for_function("b => !b.classList.contains('pih-full')", arg=box.element_handle())
    time.sleep(0.8)
    # leaving keeps the demo on screen (lecturer walkthrough: the page jumped to its top)
    rect = box.bounding_box()
    assert -1 <= rect["y"] <= VIEWPORT["height"] / 2, rect


def test_keys_work_right_after_a_preset_is_chosen_from_the_menu(page, voila_server):
    """Lecturer walkthrough: after a preset picked from the menu, N jumped to the option
    starting with "n" (the menu kept the keyboard)."""
    boxes = open_lesson(page, voila_server, "02")
    box = boxes.nth(2)  # the brain map: a preset "no treatment, week 16" starts with n
    show(page, box)
    select = H.preset_menu(box).locator("select").first
    select.focus()
    page.keyboard.press("ArrowDown")  # a trusted change, as a person makes it
    page.wait_for_function("s => s.selectedIndex === 1", arg=menu_el(box))
    page.wait_for_function("s => document.activeElement !== s", arg=menu_el(box))
    page.keyboard.press("n")
    page.wait_for_function("s => s.selectedIndex === 2", arg=menu_el(box))
    time.sleep(0.5)
    assert menu_index(box) == 2, menu_text(box)


def test_an_opened_editor_leaves_the_figure_readable(page, voila_server):
    """Lecturer walkthrough: opening lesson 03's "Edit the arms" squeezed the figure into a
    strip 30 px tall; now the demo grows past the window and the figure keeps 360 px."""
    boxes = open_lesson(page, voila_server, "03")
    box = boxes.nth(1)
    show(page, box)
    box.locator(".pih-editor-toggle").first.focus()  # by keyboard: a lecturer walkthrough
    page.keyboard.press("Enter")  # could not open the editor without a mouse
    box.locator(".widget-tab").first.wait_for(state="visible", timeout=10_000)
    time.sleep(1.5)  # the figure follows its element's new height
    plot = box.locator(".js-plotly-plot").first
    height = plot.evaluate("p => p.getBoundingClientRect().height")
    assert height >= 355, f"figure {height:.0f} px tall with the editor open"
    problems = LC.demo_figure_problems(box, "lesson 03 plan editor, editor open")
    assert not problems, problems


def test_keys_come_back_after_a_slider_a_step_button_or_a_number_box(page, voila_server):
    """Lecturer walkthroughs: after a slider's arrow keys, a click on the figure left the keys
    with the slider (N / P / R did nothing); a click beside the controls put the cursor in a
    slider's number box (R typed "r" into it); after "week ▶▶" Space stepped again instead
    of playing; with no demo in view, N changed one off screen."""
    boxes = open_lesson(page, voila_server, "01")
    box = boxes.nth(0)
    show(page, box)
    start = H.signature(box, data_only=True)
    H.press_slider(box.locator(".widget-hslider").first)  # arrow key on a focused slider
    H.wait_signature(box, lambda s: s != start, 10, "the slider moved", data_only=True)
    box.locator(".js-plotly-plot").first.click(position={"x": 40, "y": 40})
    page.keyboard.press("r")
    H.wait_signature(box, lambda s: s == start, 10, "R after a click on the figure", data_only=True)
    readout = box.locator(".widget-readout").first
    readout.click()  # on the number: a value may be typed (round-2 lecturer walkthrough)
    assert readout.evaluate("e => e === document.activeElement")
    box.locator(".js-plotly-plot").first.click(position={"x": 40, "y": 40})
    assert not readout.evaluate("e => e === document.activeElement")
    page.keyboard.press("n")
    page.wait_for_function("s => s.selectedIndex === 1", arg=menu_el(box))
    page.keyboard.press("r")
    page.locator(".jp-Cell").last.evaluate("e => e.scrollIntoView({block: 'end'})")
    time.sleep(0.5)
    assert all(b.evaluate("e => e.getBoundingClientRect().bottom < 0") for b in boxes.all())
    index = [menu_index(b) for b in boxes.all()]
    page.keyboard.press("n")
    time.sleep(1.0)
    assert [menu_index(b) for b in boxes.all()] == index, "N with no demo in view"

    boxes = open_lesson(page, voila_server, "03")
    box = next(
        boxes.nth(i) for i in range(boxes.count()) if boxes.nth(i).locator(".widget-play").count()
    )
    show(page, box)
    step = box.locator(".pih-controls button", has_text="week ▶▶").first
    stepped = H.signature(box, data_only=True)
    step.click()
    H.wait_signature(box, lambda s: s != stepped, 10, "one week on", data_only=True)
    page.keyboard.press(" ")  # plays: the picture keeps changing (a step would change it once)
    time.sleep(1.0)
    first = H.signature(box, data_only=True)
    H.wait_signature(
        box, lambda s: s != first, 10, "Space after a step button plays", data_only=True
    )
    page.keyboard.press(" ")
    page.keyboard.press("r")
