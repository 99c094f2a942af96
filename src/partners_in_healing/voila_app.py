"""Voila with a kernel pool that never makes a visitor wait in line.

    python -m partners_in_healing.voila_app [voila arguments]   (started by ``serve present``)

Voila 0.5's pre-heated pool (``--preheat_kernel``) keeps, per page, a kernel that
has already run the page. Two things in it hurt a classroom, and this module
changes both (Voila is pinned in requirements.txt; the tests cover the changes):

1. Every request takes the *first* pool entry, even one still starting: after the
   pool's kernel is used, its replacement is put in at once, so 30 students who
   arrive together are served one after another, each waiting for the previous
   one's replacement kernel (seen here: 0 of 30 pages rendered in 5 minutes). Here
   a request takes only a pool kernel that is ready; otherwise it starts its own
   kernel as if there were no pool.
2. A pool kernel is exempt from culling only while it is in the pool. One that
   waited there longer than ``cull_idle_timeout`` could be culled in the second
   between being handed out and its page connecting. Here it is marked active
   when it is handed out.
"""

from __future__ import annotations

import sys

from jupyter_server._tz import utcnow
from voila import app as voila_app
from voila import voila_kernel_manager as vkm

_voila_factory = vkm.voila_kernel_manager_factory


def ready(entry) -> bool:
    """True for a pool entry (an asyncio future) whose kernel has started and run the page."""
    return entry.done() and not entry.cancelled() and entry.exception() is None


def kernel_manager_factory(base_class, preheat_kernel: bool, default_pool_size: int, page_config_hook=None):
    """Voila's kernel manager class, with the two changes above when pre-heating."""
    cls = _voila_factory(base_class, preheat_kernel, default_pool_size, page_config_hook=page_config_hook)
    if not preheat_kernel:
        return cls

    class ReadyPoolKernelManager(cls):
        def get_pool_size(self, notebook_name: str) -> int:
            """Pool kernels ready to hand out (Voila counts those still starting too)."""
            return sum(ready(e) for e in self._pools.get(notebook_name, []))

        async def get_rendered_notebook(self, notebook_name: str, extra_kernel_env_variables: dict = {}, **kwargs):
            pool = self._pools.get(notebook_name, [])
            first = next((e for e in pool if ready(e)), None)
            if first is not None:  # Voila hands out pool[0]: put a ready one there
                pool.remove(first)
                pool.insert(0, first)
            result = await super().get_rendered_notebook(notebook_name, extra_kernel_env_variables, **kwargs)
            kernel_id = result[2]
            self.get_kernel(kernel_id).last_activity = utcnow()  # not culled before its page connects
            return result

    ReadyPoolKernelManager.__name__ = cls.__name__  # config sections (VoilaKernelManager.*) still apply
    return ReadyPoolKernelManager


def main(argv: list[str] | None = None) -> None:
    """Run Voila (its command line) with ``kernel_manager_factory``."""
    voila_app.voila_kernel_manager_factory = kernel_manager_factory
    sys.argv = ["voila", *(sys.argv[1:] if argv is None else argv)]
    voila_app.main()


if __name__ == "__main__":
    main()
