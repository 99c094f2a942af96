"""Voila with a kernel pool that never makes a visitor wait in line.

    python -m partners_in_healing.voila_app [voila arguments]   (started by ``serve present``)

Voila 0.5's pre-heated pool (``--preheat_kernel``) keeps, per page, a kernel that
has already run the page. Two changes to it, each for one upstream behaviour that
hurts a class (Voila is pinned in requirements.txt; tests/test_voila_app.py covers both):

1. Works around: every request takes the *first* pool entry, even one still starting,
   so students who arrive together queue behind one replacement kernel each (seen
   here: 0 of 30 pages rendered in 5 minutes). Here a request takes only a ready pool
   kernel, or else starts its own kernel as if there were no pool.
2. Works around: a pool kernel is exempt from culling only while in the pool, so one
   that waited longer than ``cull_idle_timeout`` could be culled between being handed
   out and its page connecting. Here it is marked active when handed out.
3. Works around: a pool kernel that died after it started stays in the pool and is
   handed out, and its page has no kernel (seen when 39 kernels were pre-heated for a
   class at once and some lost their ports to each other: "Address already in use").
   Here a dead one is dropped from the pool and replaced.

No lesson uses an Output widget or ``@interact`` (tests/test_voila_app.py checks), so
nbclient's server-side Output widget, which can hang a page load (voila#1395), is
never involved and left as it is.
"""

from __future__ import annotations

import sys
from typing import Any

from jupyter_server._tz import utcnow
from voila import app as voila_app
from voila import voila_kernel_manager as vkm

from . import app_limits

_voila_factory = vkm.voila_kernel_manager_factory


def ready(entry) -> bool:
    """True for a pool entry (an asyncio future) whose kernel has started and run the page."""
    return entry.done() and not entry.cancelled() and entry.exception() is None


def alive(entry, manager) -> bool:
    """True for a ready pool entry whose kernel is still running (still in ``manager``)."""
    return ready(entry) and entry.result()["kernel_id"] in manager


def kernel_manager_factory(
    base_class, preheat_kernel: bool, default_pool_size: int, page_config_hook=None
):
    """Voila's kernel manager class, with the two changes above when pre-heating."""
    cls: Any = _voila_factory(  # a class made at run time
        base_class, preheat_kernel, default_pool_size, page_config_hook=page_config_hook
    )
    if not preheat_kernel:
        return cls

    class ReadyPoolKernelManager(app_limits.PageLimits, cls):
        def get_pool_size(self, notebook_name: str) -> int:
            """Pool kernels ready to hand out (Voila counts those still starting too)."""
            pool = self._pools.get(notebook_name, [])
            return sum(alive(e, self) for e in pool)

        async def get_rendered_notebook(  # change 1
            self, notebook_name: str, extra_kernel_env_variables: dict | None = None, **kwargs
        ):
            pool = self._pools.get(notebook_name, [])
            gone = [e for e in pool if ready(e) and not alive(e, self)]  # change 3
            for e in gone:
                pool.remove(e)
            if gone:
                self.log.warning(
                    "%d pool kernel(s) of %s had died: replaced", len(gone), notebook_name
                )
                self.fill_if_needed(delay=0, notebook_name=notebook_name)
            first = next((e for e in pool if ready(e)), None)
            if first is not None:  # Voila hands out pool[0]: put a ready one there
                pool.remove(first)
                pool.insert(0, first)
            result = await super().get_rendered_notebook(
                notebook_name, extra_kernel_env_variables or {}, **kwargs
            )
            # not culled before its page connects (change 2)
            self.get_kernel(result[2]).last_activity = utcnow()
            return result

    # config sections (VoilaKernelManager.*) still apply
    ReadyPoolKernelManager.__name__ = cls.__name__
    return ReadyPoolKernelManager


def main(argv: list[str] | None = None) -> None:
    """Run Voila (its command line) with ``kernel_manager_factory``."""
    voila_app.voila_kernel_manager_factory = kernel_manager_factory
    app_limits.install()  # kernels freed when a page closes; a cap on kernels
    sys.argv = ["voila", *(sys.argv[1:] if argv is None else argv)]
    voila_app.main()


if __name__ == "__main__":
    main()
