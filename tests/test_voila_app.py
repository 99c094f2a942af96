"""The app's kernel pool (partners_in_healing.voila_app): a visitor takes only a ready
pre-heated kernel, never a place in a queue behind one that is still starting, and a
handed-out kernel counts as active (not culled before its page connects)."""

from __future__ import annotations

import ast
import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import ipywidgets as W
import nbformat
import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from partners_in_healing import serve, voila_app
from partners_in_healing.lessons import LESSONS


def _done(kernel_id: str) -> asyncio.Future:
    f = asyncio.get_running_loop().create_future()
    f.set_result({"kernel_id": kernel_id})
    return f


def _run(coro):
    """Run ``coro`` on a fresh event loop in its own thread (other tests may leave a
    loop running in this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=30)


class Kernels(SimpleNamespace):
    """A stand-in manager: ``in`` tells which kernels are alive."""

    def __init__(self, alive: set[str], **kw) -> None:
        super().__init__(**kw)
        self.alive = alive

    def __contains__(self, kernel_id: str) -> bool:
        return kernel_id in self.alive


def _manager_class():
    return voila_app.kernel_manager_factory(AsyncMappingKernelManager, True, 1)


def test_without_preheating_voila_is_unchanged():
    plain = voila_app.kernel_manager_factory(AsyncMappingKernelManager, False, 1)
    assert plain is not None and plain.get_pool_size(None, "x.ipynb") == 0


def test_pool_size_counts_only_ready_kernels():
    async def run():
        loop = asyncio.get_running_loop()
        starting, failed, cancelled = (
            loop.create_future(),
            loop.create_future(),
            loop.create_future(),
        )
        failed.set_exception(RuntimeError("kernel died"))
        cancelled.cancel()
        fake = Kernels(
            {"k1"},
            _pools={
                "a.ipynb": [starting],
                "b.ipynb": [starting, _done("k1")],
                "c.ipynb": [failed, cancelled],
                "d.ipynb": [_done("died")],  # started, then died: not ready
            },
        )
        cls = _manager_class()
        return [
            cls.get_pool_size(fake, nb)
            for nb in ("a.ipynb", "b.ipynb", "c.ipynb", "d.ipynb", "none.ipynb")
        ]

    assert _run(run()) == [0, 1, 0, 0, 0]


def test_a_ready_kernel_is_handed_out_and_marked_active(monkeypatch):
    cls = _manager_class()
    voila_cls = cls.__mro__[1]  # Voila's own pool manager
    handed = []

    async def voila_get(self, notebook_name, extra_kernel_env_variables=None, **kwargs):
        entry = self._pools[notebook_name].pop(0)  # what Voila does: take pool[0]
        content = await entry
        handed.append(content["kernel_id"])
        return "task", [], content["kernel_id"]

    monkeypatch.setattr(voila_cls, "get_rendered_notebook", voila_get)
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    kernels = {"ready": SimpleNamespace(last_activity=long_ago)}

    async def run():
        loop = asyncio.get_running_loop()
        starting = loop.create_future()

        class Probe(cls):  # built without its server: nothing to clean up
            def __del__(self):
                pass

            def __contains__(self, kernel_id):
                return kernel_id in kernels

        manager = object.__new__(Probe)
        manager._pools = {"l.ipynb": [starting, _done("ready")]}
        manager.get_kernel = kernels.__getitem__
        result = await manager.get_rendered_notebook("l.ipynb")
        return result, manager._pools["l.ipynb"]

    result, left = _run(run())
    assert result[2] == "ready" and handed == ["ready"]
    assert len(left) == 1 and not left[0].done()  # the starting kernel stays in the pool
    assert datetime.now(UTC) - kernels["ready"].last_activity < timedelta(seconds=5)


def test_present_runs_voila_through_this_module():
    argv = serve._voila_argv(18999, False, None)
    assert argv[1:3] == ["-m", "partners_in_healing.voila_app"]


def test_main_installs_the_factory(monkeypatch):
    from voila import app as voila_app_module

    calls = []
    monkeypatch.setattr(
        voila_app_module,
        "main",
        lambda: calls.append(voila_app_module.voila_kernel_manager_factory),
    )
    monkeypatch.setattr(voila_app_module, "voila_kernel_manager_factory", voila_app._voila_factory)
    monkeypatch.setattr("sys.argv", ["x"])
    voila_app.main(["--help"])
    assert calls == [voila_app.kernel_manager_factory]


# What puts nbclient's server-side Output widget to work while Voila runs a page.
OUTPUT_WIDGET_USERS = {"Output", "interact", "interactive", "interact_manual"}


def _names_used(source: str) -> set[str]:
    tree = ast.parse(source)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
    }


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.number)
def test_no_lesson_uses_an_output_widget(lesson, monkeypatch):
    """voila_app leaves nbclient's Output widget as it is (it can hang a page load,
    voila#1395): that is safe only while no lesson page shows one."""
    path = serve.notebooks_dir() / lesson.notebook
    if path.exists():
        nb = nbformat.read(path, as_version=4)
        for cell in serve.app_notebook(nb).cells:
            if cell.cell_type == "code":
                used = _names_used(cell.source) & OUTPUT_WIDGET_USERS
                assert not used, f"lesson {lesson.number} uses {used} in:\n{cell.source}"
    made = []
    original = W.Output.__init__

    def record(self, *args, **kwargs):
        made.append(type(self).__name__)
        original(self, *args, **kwargs)

    monkeypatch.setattr(W.Output, "__init__", record)
    for cls in lesson.demos():
        cls().widget  # noqa: B018 (builds the widget tree)
    assert not made, f"lesson {lesson.number}'s demos build Output widgets: {made}"


def test_a_pool_kernel_that_died_is_replaced_not_handed_out(monkeypatch):
    """Pre-heating a class starts many kernels at once; one that lost its port died after
    starting, and its page came without a kernel (make loadtest, warm class)."""
    cls = _manager_class()
    voila_cls = cls.__mro__[1]

    async def voila_get(self, notebook_name, extra_kernel_env_variables=None, **kwargs):
        content = await self._pools[notebook_name].pop(0)
        return "task", [], content["kernel_id"]

    monkeypatch.setattr(voila_cls, "get_rendered_notebook", voila_get)
    alive = {"alive": SimpleNamespace(last_activity=datetime.now(UTC))}
    fills = []

    async def run():
        class Probe(cls):
            log = SimpleNamespace(warning=lambda *a: None)

            def __del__(self):
                pass

            def __contains__(self, kernel_id):
                return kernel_id in alive

            def fill_if_needed(self, delay=None, notebook_name=None, **kw):
                fills.append((delay, notebook_name))

        manager = object.__new__(Probe)
        manager._pools = {"l.ipynb": [_done("died"), _done("alive")]}
        manager.get_kernel = alive.__getitem__
        result = await manager.get_rendered_notebook("l.ipynb")
        return result, manager._pools["l.ipynb"]

    result, left = _run(run())
    assert result[2] == "alive"
    assert left == []  # the dead entry is gone, not left for the next visitor
    assert fills == [(0, "l.ipynb")]  # and its replacement started at once
