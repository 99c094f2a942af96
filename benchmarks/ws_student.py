"""A simulated student without a browser, for the classroom load test.

It does what a student's browser does to the lecturer's machine, and nothing that
the student's own laptop would do: it requests the lesson page (Voila starts a
kernel and runs the lesson), connects to that kernel's websocket as the page does,
asks for the widgets' state, and moves the first demo's first slider by sending the
same widget message a browser sends. Latency here is the server's part: from
sending the new slider value to receiving the figure's update (no drawing).

Used by ``loadtest.py``; loopback only, every wait bounded.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from datetime import UTC, datetime

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

CONTROL_PROTOCOL = "1.0.0"  # ipywidgets 8's widget control comm
SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]+)"')


def _msg(session: str, msg_type: str, content: dict, metadata: dict | None = None) -> bytes:
    """A shell message in the kernel websocket protocol v1 (the one JupyterLab and Voila
    pages use; Voila 0.5 misreads binary frames in the older protocol)."""
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "student",
        "session": session,
        "date": datetime.now(UTC).isoformat(),
        "version": "5.3",
    }
    msg = {"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content}
    return serialize_msg_to_ws_v1(msg, "shell", pack=lambda part: json.dumps(part).encode())


def _decode(frame) -> dict | None:
    """A v1 websocket frame as {"channel", "header", "content"} (None when closed)."""
    if frame is None:
        return None
    channel, parts = deserialize_msg_from_ws_v1(frame)
    header, _parent, _metadata, content = (json.loads(p) for p in parts[:4])
    return {"channel": channel, "header": header, "content": content}


class Connection:
    """One kernel websocket, with the comm messages the widgets exchange."""

    def __init__(self, ws, session: str):
        self.ws, self.session = ws, session

    async def send_comm(self, comm_id: str, data: dict) -> None:
        await self.ws.write_message(
            _msg(self.session, "comm_msg", {"comm_id": comm_id, "data": data}), binary=True
        )

    async def next_comm(self, deadline: float, want) -> dict:
        """The next iopub comm message for which ``want(content)`` holds (TimeoutError at
        ``deadline``)."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from the kernel")
            msg = _decode(await asyncio.wait_for(self.ws.read_message(), left))
            if msg is None:
                raise ConnectionError("kernel websocket closed")
            if (
                msg.get("channel") == "iopub"
                and msg["header"]["msg_type"] == "comm_msg"
                and want(msg["content"])
            ):
                return msg["content"]

    async def drain(self, quiet_s: float) -> None:
        """Read (and drop) messages until none came for ``quiet_s`` seconds (the rest of an
        update)."""
        while True:
            try:
                if await asyncio.wait_for(self.ws.read_message(), quiet_s) is None:
                    return
            except TimeoutError:
                return

    async def widget_states(self, timeout: float) -> dict:
        """{model_id: {"model_name": ..., "state": {...}}} of every widget (ipywidgets 8 control
        comm)."""
        comm = uuid.uuid4().hex
        await self.ws.write_message(
            _msg(
                self.session,
                "comm_open",
                {"comm_id": comm, "target_name": "jupyter.widget.control", "data": {}},
                {"version": CONTROL_PROTOCOL},
            ),
            binary=True,
        )
        await self.send_comm(comm, {"method": "request_states"})
        reply = await self.next_comm(
            time.monotonic() + timeout,
            lambda c: c["comm_id"] == comm and c["data"].get("method") == "update_states",
        )
        return reply["data"]["states"]


def find_slider(states: dict, description: str) -> tuple[str, dict]:
    """The slider model whose label is ``description``: (model id, state)."""
    for model_id, s in states.items():
        if (
            s.get("model_name") in ("IntSliderModel", "FloatSliderModel")
            and s["state"].get("description") == description
        ):
            return model_id, s["state"]
    raise LookupError(f"no slider labelled {description!r} among {len(states)} widgets")


def arrive(class_ready: dict, total: int) -> None:
    """One more student has the page (or gave up); the lesson starts when all ``total`` have.
    ``class_ready``: {"arrived": count, "event": asyncio.Event}."""
    class_ready["arrived"] += 1
    if class_ready["arrived"] == total:
        class_ready["event"].set()


async def student(
    base: str,
    path: str,
    slider_label: str,
    moves: int,
    rec: dict,
    class_ready: dict,
    total: int,
    bound_s: float,
) -> None:
    """Open ``path`` on ``base``; when all ``total`` students have their page (``arrive``),
    move the slider ``moves`` times."""
    ws = None
    try:
        try:
            t0 = time.monotonic()
            client = AsyncHTTPClient(max_clients=total)  # one connection per student, none queued
            resp = await client.fetch(
                HTTPRequest(base + path, connect_timeout=bound_s, request_timeout=bound_s)
            )
            m = KERNEL_ID.search(resp.body.decode())
            if not m:
                raise LookupError("no kernel id in the page")
            ws_url = (
                base.replace("http", "ws", 1)
                + f"/api/kernels/{m.group(1)}/channels?session_id={uuid.uuid4()}"
            )
            ws = await websocket_connect(
                ws_url,
                connect_timeout=bound_s,
                max_message_size=64 * 2**20,
                subprotocols=[SUBPROTOCOL],
            )
            conn = Connection(ws, uuid.uuid4().hex)
            slider_id, state = find_slider(await conn.widget_states(bound_s), slider_label)
            rec["render_s"] = time.monotonic() - t0
            rec["rendered"] = True
        finally:
            arrive(class_ready, total)
        await asyncio.wait_for(class_ready["event"].wait(), bound_s)
        value, step, hi = state["value"], state.get("step") or 1, state["max"]
        values = [value - step, value] if value + step > hi else [value + step, value]
        await move(conn, slider_id, values, moves, rec)
    except Exception as e:  # noqa: BLE001 - every failure is counted and reported
        rec["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"
    finally:
        if ws is not None:
            ws.close()


async def move(conn: Connection, slider_id: str, values: list, moves: int, rec: dict) -> None:
    """Send ``moves`` slider values, timing each until the figure's update arrives."""
    for i in range(moves):
        t = time.monotonic()
        await conn.send_comm(
            slider_id, {"method": "update", "state": {"value": values[i % 2]}, "buffer_paths": []}
        )
        try:  # the figure's change message (widgets/figure.py) answers it
            await conn.next_comm(
                t + 15,
                lambda c: (
                    c["comm_id"] != slider_id
                    and c["data"].get("method") == "custom"
                    and c["data"].get("content", {}).get("method") in ("update", "react")
                ),
            )
            rec["latencies"].append((time.monotonic() - t) * 1000)
        except TimeoutError:
            rec["latencies"].append(None)
        await conn.drain(0.25)
