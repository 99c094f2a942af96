"""The app's limits (app_limits.py, serve.py): kernel caps, Host names, a warm class."""

from __future__ import annotations

from partners_in_healing import app_limits, serve


class FakeLimits(app_limits.PageLimits):
    """PageLimits over a plain set of running kernel ids."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.running: set[str] = set()

    def __contains__(self, kid):
        return kid in self.running


def test_the_cap_counts_pages_in_all_and_per_client():
    m = FakeLimits(max_pages=5, pages_per_client=2)
    clients = m._page_clients()
    for i, ip in enumerate(["10.0.0.2", "10.0.0.2", "127.0.0.1", "127.0.0.1"]):
        m.running.add(str(i))
        clients[str(i)] = ip
    assert m.refusal("10.0.0.3") is None
    assert "already has 2" in m.refusal("10.0.0.2")
    assert m.refusal("127.0.0.1") is None  # this machine: only the total cap
    m.running.add("4")
    clients["4"] = "10.0.0.3"
    assert "as many as this server allows (5)" in m.refusal("127.0.0.1")
    m.running.discard("0")  # a page's kernel shut down: its place is free again
    assert m.refusal("10.0.0.2") is None


def test_present_accepts_only_loopback_host_names_unless_classroom():
    local = serve._voila_argv(18999, False, None)
    assert "--Voila.tornado_settings={'allow_remote_access': False}" in local
    room = serve._voila_argv(18999, True, "abc")
    assert not any("allow_remote_access" in a for a in room)
    assert "--Voila.token=abc" in room


def test_a_class_is_preheated_for_the_lesson_taught():
    lesson = serve.lesson_notebook("3")
    assert lesson.startswith("03-")
    config = serve.pool_config(30, lesson)
    assert config[lesson]["pool_size"] == 30
    assert config["default"]["pool_size"] == serve.LESSON_POOL_SIZE
    assert serve.pool_total(30, lesson) == serve.pool_total() + 30 - serve.LESSON_POOL_SIZE
    argv = serve._voila_argv(18999, False, None, 30, lesson)
    assert any(
        a.startswith("--VoilaKernelManager.kernel_pools_config=") and lesson in a for a in argv
    )
    text = serve.warm_class_message(30, lesson)
    assert "30 kernels" in text and "GB" in text and lesson in text


def test_a_warm_class_refills_its_pool_after_the_class_has_arrived():
    """A class opening its pages together would start a replacement kernel per page at
    once, slowing every page (make loadtest, warm class); a lecturer rehearsing alone gets
    a replacement within a second."""
    lesson = serve.lesson_notebook("0")
    warm = serve._voila_argv(18999, False, None, 30, lesson)
    alone = serve._voila_argv(18999, False, None)
    assert f"--VoilaKernelManager.fill_delay={serve.WARM_FILL_DELAY}" in warm
    assert f"--VoilaKernelManager.fill_delay={serve.FILL_DELAY}" in alone
    assert serve.WARM_FILL_DELAY >= 30 > serve.FILL_DELAY
