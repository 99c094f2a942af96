"""What the lesson app (``voila_app``) lets visitors do with the lecturer's machine.

* **Kernels follow pages.** Voila's page sends ``POST /voila/api/shutdown/<kernel>`` when
  it is closed or reloaded, with the ``_xsrf`` value it reads from the ``_xsrf`` cookie.
  Voila never sets that cookie, so the request was refused (403 "'_xsrf' argument
  missing", cf. voila#1458) and every visited page kept its kernel (about 230 MB) until
  the idle cull. Here each page response sets the cookie, so the page frees its kernel.
* **A cap on kernels.** At most ``max_pages`` pages hold a kernel at once (pool kernels
  not counted), and at most ``pages_per_client`` from one address other than this
  machine's; beyond that a visitor gets a short page that says why and what to do
  (HTTP 503), and no kernel is started.
* **A page that is gone frees its kernel** even when its unload beacon never arrived (a
  tab closed mid-load, a browser killed): a page kernel without any websocket for
  ``page_grace`` seconds is shut down.

Both settings are traits of the kernel manager (``--VoilaKernelManager.max_pages=40``).
"""

from __future__ import annotations

import asyncio
import contextvars
import ipaddress
import logging
import time

from traitlets import HasTraits, Int

log = logging.getLogger("partners_in_healing.app")

# The address of the visitor whose page request is being served (set in the handler,
# read by the kernel manager in the same asyncio task).
REAP_INTERVAL_S = 5.0
FIRST_CONNECT_S = 90.0  # a page connects within seconds of being served, minutes at worst
CLIENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("pih_client", default=None)

FULL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The lesson app is full</title></head>
<body style="font-family: DejaVu Sans, Verdana, sans-serif; max-width: 40em; margin: 3em auto">
<h1>The lesson app is full</h1>
<p>{why}</p>
<p>What to do: close lesson tabs you no longer use, wait a minute, then reload this page.
If it keeps happening, tell the lecturer (the server allows {limit}).</p>
</body></html>
"""


def is_loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class PageLimits(HasTraits):
    """Mixin for Voila's kernel manager: counts the kernels handed to pages, by client."""

    max_pages = Int(
        60, config=True, help="Pages that may hold a kernel at once (pool kernels not counted)."
    )
    pages_per_client = Int(
        4, config=True, help="Pages one address (other than this machine) may hold at once."
    )
    page_grace = Int(
        30, config=True, help="Seconds a page kernel may go without its page's websocket."
    )

    def _page_clients(self) -> dict[str, str | None]:
        """{kernel id: client address} of the kernels handed to pages and still running."""
        clients = self.__dict__.setdefault("_pih_clients", {})
        for kid in [k for k in clients if k not in self]:  # type: ignore[operator]  # a mixin: Voila's kernel manager provides it
            del clients[kid]
        return clients

    def _record(self, kernel_id: str) -> None:
        self._page_clients()[kernel_id] = CLIENT.get()
        # a page that is still loading has not connected yet: FIRST_CONNECT_S to do so
        seen = self.__dict__.setdefault("_pih_seen", {})
        seen[kernel_id] = time.monotonic() + FIRST_CONNECT_S - self.page_grace
        if self.__dict__.get("_pih_reaper") is None:
            self._pih_reaper = asyncio.get_event_loop().create_task(self._reap())

    async def _reap(self) -> None:
        """Shut down page kernels whose page is gone: no websocket for ``page_grace`` s
        (a closed or reloaded tab whose unload beacon never arrived)."""
        while True:
            await asyncio.sleep(REAP_INTERVAL_S)
            now = time.monotonic()
            seen = self.__dict__.setdefault("_pih_seen", {})
            for kid in list(self._page_clients()):
                if self._kernel_connections.get(kid, 0) > 0:  # type: ignore[attr-defined]  # a mixin: Voila's kernel manager provides it
                    seen[kid] = now
                elif now - seen.get(kid, now) > self.page_grace:
                    log.info(
                        "page of kernel %s gone for %.0f s: shutting it down", kid, now - seen[kid]
                    )
                    try:
                        await self.shutdown_kernel(kid)
                    except Exception:  # noqa: BLE001 - already gone; keep reaping the others
                        self._page_clients().pop(kid, None)
            for kid in [k for k in seen if k not in self._page_clients()]:
                del seen[kid]

    def refusal(self, client: str | None) -> str | None:
        """Why a new page from ``client`` may not have a kernel now (None: it may)."""
        clients = self._page_clients()
        if len(clients) >= self.max_pages:
            return (
                f"{len(clients)} lesson pages are open, as many as this server allows "
                f"({self.max_pages})."
            )
        if not is_loopback(client):
            mine = sum(c == client for c in clients.values())
            if mine >= self.pages_per_client:
                return f"This computer already has {mine} lesson pages open."
        return None

    async def start_kernel(self, *args, **kwargs):
        kernel_id = await super().start_kernel(*args, **kwargs)
        env = kwargs.get("env") or {}
        if env.get("VOILA_PREHEAT") == "False":  # a page's own kernel, not a pool kernel
            self._record(kernel_id)
        return kernel_id

    async def get_rendered_notebook(self, *args, **kwargs):
        result = await super().get_rendered_notebook(*args, **kwargs)
        self._record(result[2])  # a pool kernel handed to a page
        return result

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._page_clients().pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[misc]  # a mixin: Voila's kernel manager provides it


def install() -> None:
    """Patch Voila's page handler: set the ``_xsrf`` cookie, note the client, apply the cap."""
    from voila.handler import VoilaHandler

    if getattr(VoilaHandler, "_pih_limits", False):
        return
    original = VoilaHandler.prepare

    async def prepare(self, *args, **kwargs):
        await original(self, *args, **kwargs)
        if self._finished:
            return
        self.xsrf_token  # noqa: B018 - sets the _xsrf cookie the page's unload beacon sends
        client = self.request.remote_ip
        CLIENT.set(client)
        limits = self.kernel_manager
        why = limits.refusal(client) if isinstance(limits, PageLimits) else None
        if why is not None:
            log.warning("refused a page for %s: %s", client, why)
            self.set_status(503)
            self.set_header("Retry-After", "60")
            self.finish(FULL_PAGE.format(why=why, limit=f"{limits.max_pages} pages in all"))

    VoilaHandler.prepare = prepare
    VoilaHandler._pih_limits = True
