"""The page side of look-ahead (plot.js ``Follower``), driven with made-up messages.

The figure widget keeps count of the kernel's changes and of the look-ahead trees
(widgets/ahead.py). These tests load plot.js in Chromium with a stand-in widget
model and check, message by message, what the view draws, what it leaves out and
when it asks for the whole figure again.
"""

from __future__ import annotations

import base64

import pytest

from partners_in_healing.widgets.figure import STATIC

pytestmark = pytest.mark.browser

SETUP_JS = """async (src) => {
  const mod = await import('data:text/javascript;base64,' + src);
  const listeners = {};
  const slider = {  // a stand-in slider model: on/off/get, and _state_lock as ipywidgets has it
    value: 5, _state_lock: null,
    on(ev, fn) { listeners[ev] = fn; }, off(ev) { delete listeners[ev]; }, get() { return this.value; },
    move(v, fromKernel) { this.value = v; this._state_lock = fromKernel ? {value: v} : null;
                          listeners['change:value'] && listeners['change:value'](this, v);
                          this._state_lock = null; },
  };
  const sent = [], drawn = [];
  const model = { send: (m) => sent.push(m), widget_manager: { get_model: async () => slider } };
  const gd = document.createElement('div');  // the marks element
  const f = new mod.Follower(model, gd, (msg, ahead) => drawn.push([msg.name, !!ahead]));
  window.T = { f, slider, sent, drawn, gd };
}"""


def update(v: int, name: str, tags: dict | None = None) -> dict:
    msg = {"method": "update", "data": {}, "layout": {}, "traces": [], "v": v, "name": name}
    return {**msg, "tags": tags} if tags else msg


def tree(root: int, values: dict) -> dict:
    """A tree of slider "s1" rooted at kernel version ``root``: value -> entry name."""
    return {
        "method": "ahead",
        "tree": f"{root}:s",
        "root": root,
        "slider": "s1",
        "tol": 1e-6,
        "entries": [
            [v, {"method": "update", "data": {}, "layout": {}, "traces": [], "name": n}]
            for v, n in values.items()
        ],
    }


@pytest.fixture()
def follower(browser):
    page = browser.new_page()
    src = base64.b64encode((STATIC / "plot.js").read_bytes()).decode()
    page.goto("about:blank")
    page.evaluate(SETUP_JS, src)
    yield page
    page.close()


def send(page, *msgs) -> None:
    for m in msgs:
        page.evaluate("(m) => T.f.onMessage(m)", m)


def move(page, value, from_kernel: bool = False) -> None:
    page.evaluate("([v, k]) => T.slider.move(v, k)", [value, from_kernel])


def state(page) -> dict:
    return page.evaluate("() => ({drawn: T.drawn, sent: T.sent, exact: T.f.exact, node: T.f.node})")


def with_tree(page) -> None:
    """Kernel version 1 drawn, then a tree around slider value 5 rooted there."""
    send(page, update(1, "k1"), tree(1, {5: "at5", 6: "at6", 4: "at4", 7: "at7"}))
    page.wait_for_function("() => T.f.sliders.get('s1') && T.f.sliders.get('s1').model")


def test_changes_in_order_are_drawn(follower):
    send(follower, update(1, "k1"), update(2, "k2"))
    s = state(follower)
    assert s["drawn"] == [["k1", False], ["k2", False]] and s["exact"] == 2 and s["sent"] == []


def test_a_key_press_on_a_stored_value_is_drawn_at_once_and_the_kernel_echo_is_not(follower):
    with_tree(follower)
    move(follower, 6)
    assert state(follower)["drawn"][-1] == ["at6", True]
    send(follower, update(2, "k2", {"1:s": 6}))  # the kernel's drawing of the same node
    s = state(follower)
    assert [d[0] for d in s["drawn"]] == ["k1", "at6"] and s["exact"] == 2


def test_quick_presses_wait_for_the_kernel_to_catch_up(follower):
    with_tree(follower)
    move(follower, 6)
    move(follower, 7)
    send(follower, update(2, "k2", {"1:s": 6}))  # a step the page has already passed
    assert state(follower)["exact"] is None
    send(follower, update(3, "k3", {"1:s": 7}))
    s = state(follower)
    assert (
        [d[0] for d in s["drawn"]] == ["k1", "at6", "at7"] and s["exact"] == 3 and s["sent"] == []
    )
    send(follower, update(4, "k4"))  # a change from there is drawn as usual
    assert state(follower)["drawn"][-1] == ["k4", False]


def test_back_on_the_node_the_kernel_last_drew_the_view_is_exact_again(follower):
    with_tree(follower)
    move(follower, 6)
    send(follower, update(2, "k2", {"1:s": 6}))
    move(follower, 7)
    assert state(follower)["exact"] is None
    move(follower, 6)  # ipywidgets may send the kernel only this last value: no change there
    s = state(follower)
    assert s["exact"] == 2 and [d[0] for d in s["drawn"]] == ["k1", "at6", "at7", "at6"]
    send(follower, update(3, "k3"))  # the kernel's next change is drawn from there
    assert state(follower)["drawn"][-1] == ["k3", False] and state(follower)["sent"] == []


def test_a_value_the_tree_lacks_waits_for_the_kernel(follower):
    with_tree(follower)
    move(follower, 9)
    assert len(state(follower)["drawn"]) == 1
    send(follower, update(2, "k2"))
    assert state(follower)["drawn"][-1] == ["k2", False]


def test_a_value_set_by_the_kernel_is_not_drawn_ahead(follower):
    with_tree(follower)
    move(follower, 6, from_kernel=True)  # e.g. a preset
    assert len(state(follower)["drawn"]) == 1
    send(follower, update(2, "k2"))
    assert state(follower)["drawn"][-1] == ["k2", False]


def test_a_kernel_change_onto_a_node_is_drawn(follower):
    with_tree(follower)
    move(follower, 6)
    send(follower, update(2, "k2", {"1:s": 6}))
    send(follower, update(3, "reset", {"1:s": 5}))  # e.g. Reset: back to the tree's root
    s = state(follower)
    assert [d[0] for d in s["drawn"]] == ["k1", "at6", "reset"] and s["exact"] == 3
    move(follower, 4)  # and the tree is still used from there
    assert state(follower)["drawn"][-1] == ["at4", True]


def test_out_of_step_asks_for_the_whole_figure_and_waits_for_it(follower):
    with_tree(follower)
    move(follower, 6)
    send(follower, update(2, "k2"))  # untagged: the kernel went somewhere else
    s = state(follower)
    assert s["sent"] == [{"method": "resync"}] and s["exact"] is None
    send(follower, update(3, "k3"))  # dropped: the whole figure is on its way
    send(follower, {"method": "react", "spec": {}, "v": 4, "name": "whole"})
    send(follower, update(5, "k5"))
    s = state(follower)
    assert [d[0] for d in s["drawn"]] == ["k1", "at6", "whole", "k5"] and s["exact"] == 5
    assert s["sent"] == [{"method": "resync"}]


def test_a_press_before_the_tree_arrived_is_drawn_when_it_arrives(follower):
    send(follower, update(1, "k1"))
    follower.evaluate("() => T.f.watch('s1')")
    follower.wait_for_function("() => T.f.sliders.get('s1').model")
    move(follower, 6)  # no tree yet
    send(follower, tree(1, {5: "at5", 6: "at6", 4: "at4"}))
    assert state(follower)["drawn"][-1] == ["at6", True]


def test_a_tree_for_an_older_figure_is_not_used(follower):
    send(follower, update(1, "k1"), update(2, "k2"), tree(1, {5: "at5", 6: "at6"}))
    follower.wait_for_function("() => T.f.sliders.get('s1') && T.f.sliders.get('s1').model")
    move(follower, 6)
    assert state(follower)["drawn"][-1] == ["k2", False]
