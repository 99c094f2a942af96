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

And one thing in nbclient, which runs the page for Voila:

3. Page loads that hang at "Executing N of M" (voila#1395, #1428). While a cell
   prints into an Output widget (every ``@interact`` does), nbclient plays the
   page's part for that widget and sends the kernel a comm message with what was
   printed. It sends it on the executor's asyncio shell socket from synchronous
   code, so pyzmq's send is never awaited, while the executor is awaiting the
   cell's ``execute_reply`` on that same socket; sometimes that reply then never
   reaches it, and the page waits for ever (seen here with stock Voila: 5 of 12
   loads of an ``@interact`` notebook, 7 of 10 of one whose function sleeps
   0.5 s; none when the function is quick). Here those messages go out through a
   second, ordinary (blocking) socket to the same kernel, and the executor's
   socket is left to the executor.
"""

from __future__ import annotations

import sys
import weakref

import zmq
from jupyter_server._tz import utcnow
from nbclient import output_widget
from nbclient.jsonutil import json_clean
from voila import app as voila_app
from voila import voila_kernel_manager as vkm

_voila_factory = vkm.voila_kernel_manager_factory


def ready(entry) -> bool:
    """True for a pool entry (an asyncio future) whose kernel has started and run the page."""
    return entry.done() and not entry.cancelled() and entry.exception() is None


def kernel_manager_factory(
    base_class, preheat_kernel: bool, default_pool_size: int, page_config_hook=None
):
    """Voila's kernel manager class, with the two changes above when pre-heating."""
    cls = _voila_factory(
        base_class, preheat_kernel, default_pool_size, page_config_hook=page_config_hook
    )
    if not preheat_kernel:
        return cls

    class ReadyPoolKernelManager(cls):
        def get_pool_size(self, notebook_name: str) -> int:
            """Pool kernels ready to hand out (Voila counts those still starting too)."""
            return sum(ready(e) for e in self._pools.get(notebook_name, []))

        async def get_rendered_notebook(
            self, notebook_name: str, extra_kernel_env_variables: dict = {}, **kwargs
        ):
            pool = self._pools.get(notebook_name, [])
            first = next((e for e in pool if ready(e)), None)
            if first is not None:  # Voila hands out pool[0]: put a ready one there
                pool.remove(first)
                pool.insert(0, first)
            result = await super().get_rendered_notebook(
                notebook_name, extra_kernel_env_variables, **kwargs
            )
            kernel_id = result[2]
            self.get_kernel(
                kernel_id
            ).last_activity = utcnow()  # not culled before its page connects
            return result

    ReadyPoolKernelManager.__name__ = (
        cls.__name__
    )  # config sections (VoilaKernelManager.*) still apply
    return ReadyPoolKernelManager


_SHELLS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # kernel client -> blocking socket


def _blocking_shell(kernel_client) -> zmq.Socket:
    """A blocking DEALER socket to ``kernel_client``'s kernel shell port (one per client,
    closed when the client is gone)."""
    sock = _SHELLS.get(kernel_client)
    if sock is None:
        sock = zmq.Context.instance().socket(zmq.DEALER)
        sock.linger = 1000
        sock.connect(kernel_client._make_url("shell"))
        _SHELLS[kernel_client] = sock
        weakref.finalize(kernel_client, sock.close)
    return sock


def publish_output_widget_msg(
    self, msg_type: str, data=None, metadata=None, buffers=None, **keys
) -> None:
    """nbclient's ``OutputWidget._publish_msg``, sent through ``_blocking_shell`` (change 3)."""
    content = json_clean(dict(data={} if data is None else data, comm_id=self.comm_id, **keys))
    session = self.kernel_client.session
    msg = session.msg(msg_type, content=content, parent=self.parent_header, metadata=metadata or {})
    session.send(_blocking_shell(self.kernel_client), msg)


def main(argv: list[str] | None = None) -> None:
    """Run Voila (its command line) with ``kernel_manager_factory`` and change 3."""
    voila_app.voila_kernel_manager_factory = kernel_manager_factory
    output_widget.OutputWidget._publish_msg = publish_output_widget_msg
    sys.argv = ["voila", *(sys.argv[1:] if argv is None else argv)]
    voila_app.main()


if __name__ == "__main__":
    main()
