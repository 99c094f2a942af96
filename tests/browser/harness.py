"""Shared machinery of the browser tests and browser benchmarks.

Starts JupyterLab and the Voila app on 127.0.0.1 (free ports, process groups
stopped by PID), launches Debian's Chromium through Playwright, and knows how a
demo looks in the DOM: every demo is a ``.pih-demo`` box (``Demo.widget``) holding
its preset menu, reset button, controls and one ``.js-plotly-plot``.

Imported by ``tests/browser/conftest.py`` and by ``benchmarks/*.py`` (which put
this folder on ``sys.path``). No test lives here.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "build" / "screenshots"
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ROOT_FLAG = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


# --- servers -------------------------------------------------------------------------


def free_port() -> int:
    """A free port of 127.0.0.1: any, or one of ``PIH_PORTS`` ("9400-9499") when set (a
    shared machine where each developer keeps to a range)."""
    lo, _, hi = os.environ.get("PIH_PORTS", "0-0").partition("-")
    for port in range(int(lo), int(hi or lo) + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in PIH_PORTS={os.environ['PIH_PORTS']}")


def _serve_module():
    """``partners_in_healing.serve`` when it provides the commands we need, else None."""
    try:
        from partners_in_healing import serve
    except ImportError:
        return None
    if all(hasattr(serve, n) for n in ("voila_command", "lab_command")):
        return serve
    return None


def notebook_dir() -> Path:
    serve = _serve_module()
    if serve is not None and hasattr(serve, "app_dir"):
        try:
            return Path(serve.app_dir())
        except Exception:  # noqa: BLE001 - fall back to the repository layout
            pass
    return NOTEBOOKS


@dataclass
class Server:
    kind: str  # "lab" or "voila"
    proc: subprocess.Popen
    port: int
    log: Path
    token: str = ""
    command: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """``path`` on this server, with the token (if any) as a query parameter."""
        if not self.token:
            return self.base + path
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def lesson_url(self, notebook: str) -> str:
        if self.kind == "lab":
            return self.url(f"/lab/tree/{notebook}?reset")
        return self.url(f"/voila/render/{notebook}")

    def stop(self) -> None:
        """Stop the server by PID (SIGTERM: it shuts its kernels down), then any kernel
        it left. Kernels run in sessions of their own, so killing the server's process
        group alone would orphan them."""
        kernels = self.kernel_pids() if self.proc.poll() is None else []
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(5)
        for pid in kernels:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def kernel_pids(self) -> list[int]:
        """PIDs of the ipykernel processes this server started."""
        try:
            import psutil
        except ImportError:
            return _kernel_pids_proc(self.proc.pid)
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        out = []
        for c in children:
            try:
                if "ipykernel_launcher" in " ".join(c.cmdline()):
                    out.append(c.pid)
            except psutil.Error:
                pass
        return out


def _kernel_pids_proc(ppid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == ppid and b"ipykernel_launcher" in (d / "cmdline").read_bytes():
                out.append(int(d.name))
        except (OSError, ValueError, IndexError):
            pass
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MB (psutil, else /proc/<pid>/status VmRSS)."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _wait_ready(server: Server, path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(
                f"{server.kind} exited "
                f"({server.proc.returncode}):\n{server.log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(server.url(path), timeout=5) as r:
                if r.status < 500:
                    return
        except urllib.error.HTTPError:  # any HTTP answer means the server is up
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
            last = e
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(
        f"{server.kind} not ready after {timeout:.0f} s ({last}):\n{server.log.read_text()[-3000:]}"
    )


def _spawn(
    kind: str, cmd: list[str], port: int, token: str, log_dir: Path, env: dict | None = None
) -> Server:
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{kind}-{port}.log"
    env = {
        **(env or os.environ),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
    }
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdout=fh,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    return Server(kind, proc, port, log, token, cmd)


LAB_SETTINGS = {
    # render every cell, also those scrolled out of view (JupyterLab 4 virtualises by default)
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # (no notification settings: the tests see the news prompt a student would see)
}


def _lab_settings_dir(log_dir: Path) -> Path:
    """A private JupyterLab settings/workspaces folder, so tests neither read nor change the
    user's."""
    d = log_dir / "lab-user"
    shutil.rmtree(d / "settings", ignore_errors=True)  # only these: a student starts afresh
    for name, value in LAB_SETTINGS.items():
        path = d / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    (d / "workspaces").mkdir(parents=True, exist_ok=True)
    return d


def start_lab(
    root_dir: Path | None = None, log_dir: Path = ROOT / "build" / "logs", timeout: float = 90
) -> Server:
    """JupyterLab on 127.0.0.1 and a free port (``serve.lab_command`` when it exists),
    with Jupyter's token on: we choose it, so that we can pass it in URLs."""
    port, token = free_port(), secrets.token_hex(16)
    serve = _serve_module()
    if serve is not None:
        cmd = list(serve.lab_command(port))
    else:
        cmd = [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--ServerApp.root_dir={NOTEBOOKS}",
            *ROOT_FLAG,
        ]
    if root_dir is not None:
        cmd = [a for a in cmd if not a.startswith("--ServerApp.root_dir=")]
        cmd.append(f"--ServerApp.root_dir={root_dir}")
    cmd += [
        f"--IdentityProvider.token={token}",
        # window.jupyterapp: the tests see the kernel's state
        "--LabApp.expose_app_in_browser=True",
    ]
    user = _lab_settings_dir(log_dir)
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(user / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(user / "workspaces"),
    }
    server = _spawn("lab", cmd, port, token, log_dir, env)
    _wait_ready(server, "/api/status", timeout)
    return server


def start_voila(
    root_dir: Path | None = None,
    classroom: bool = False,
    extra: list[str] = (),
    log_dir: Path = ROOT / "build" / "logs",
    timeout: float = 90,
) -> Server:
    """The Voila app on 127.0.0.1 and a free port.

    With ``partners_in_healing.serve``: its ``voila_command`` (which builds build/app/);
    ``extra`` Voila flags need its argv builder. With an explicit ``root_dir``
    (development, the benchmark's baseline): ``voila root_dir`` without our pool, through
    ``partners_in_healing.voila_app`` where the package is installed.
    """
    port = free_port()
    serve = _serve_module()
    env = None
    if serve is not None and root_dir is None:
        cmd = list(serve.voila_command(port, classroom=classroom, extra=list(extra)))
    else:  # our Voila entry point where the package is there (it mends a Voila hang), else Voila's
        start = (
            [str(BIN / "python"), "-m", "partners_in_healing.voila_app"]
            if serve is not None
            else [str(BIN / "voila")]
        )
        cmd = [
            *start,
            str(root_dir or NOTEBOOKS),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--show_tracebacks=True",
            *extra,
        ]
    server = _spawn("voila", cmd, port, "", log_dir, env)
    _wait_ready(server, "/", timeout)
    # a token chosen by the app (classroom mode) is printed with the link: keep it
    m = re.search(rf":{port}/\S*[?&]token=([\w-]+)", server.log.read_text())
    server.token = m.group(1) if m else ""
    return server


def start_static(
    root: Path, log_dir: Path = ROOT / "build" / "logs", timeout: float = 30
) -> Server:
    """A plain static file server (Python's http.server) for ``root`` on 127.0.0.1, as a
    lecturer would serve the browser version (``make lite``)."""
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(root)]
    server = _spawn("static", [*cmd, str(port)], port, "", log_dir)
    _wait_ready(server, "/", timeout)
    return server


# --- browser -------------------------------------------------------------------------


def launch(playwright, **kw):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **kw
    )


def is_local(url: str) -> bool:
    from urllib.parse import urlsplit

    u = urlsplit(url)
    if u.scheme in ("data", "blob", "about", "chrome-extension"):
        return True
    return (u.hostname or "") in LOCAL_HOSTS


@dataclass
class PageLog:
    """Everything a page did that a test may want to fail on."""

    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def watch(page) -> PageLog:
    """Record every request (and which left 127.0.0.1), console errors and uncaught errors."""
    log = PageLog()

    def on_request(req):
        log.requests.append(req.url)
        if not is_local(req.url):
            log.external.append(req.url)

    page.on("request", on_request)
    page.on(
        "console",
        lambda m: (
            log.console_errors.append(f"{m.text} @ {m.location}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    return log


def block_external(context) -> None:
    """Answer every request that would leave 127.0.0.1 with an abort (recorded by ``watch``)."""
    context.route(lambda url: not is_local(url), lambda route: route.abort())


# --- Voila page ----------------------------------------------------------------------


class Hang(AssertionError):
    """A Voila page that never finished executing ("Executing N of M")."""


def wait_voila_done(page, timeout_s: float = 30.0) -> float:
    """Wait until Voila removed its spinner (all cells executed); seconds it took.

    Raises ``Hang`` with the spinner's text when it is still there after ``timeout_s``.
    """
    t0 = time.monotonic()
    try:
        page.wait_for_function(
            "() => document.readyState === 'complete' && !document.getElementById('loading')",
            timeout=timeout_s * 1000,
            polling=100,
        )
    except Exception as e:  # playwright TimeoutError
        try:
            text = page.evaluate(
                "() => (document.getElementById('loading_text') || {}).textContent || ''"
            )
        except Exception:  # noqa: BLE001
            text = "?"
        raise Hang(f"Voila page still loading after {timeout_s:.0f} s: {text!r}") from e
    return time.monotonic() - t0


# JS (argument n): true once n demos show a figure and every plotly plot has drawn its
# SVG traces (a lesson's static figures alone do not count as its demos).
DEMOS_DRAWN_JS = """(n) => { const p = document.querySelectorAll('.js-plotly-plot');
    const demos = document.querySelectorAll('.pih-demo .js-plotly-plot');
    return demos.length >= n && [...p].every(e => e.querySelector('.main-svg') && e.data); }"""


# JS: what a page that did not draw shows: its demos, their drawn figures, the app's notice
NOT_DRAWN_JS = """() => ({
    demos: document.querySelectorAll('.pih-demo').length,
    drawn: document.querySelectorAll('.pih-demo .js-plotly-plot .main-svg').length,
    notice: (document.querySelector('.pih-notice') || {}).textContent || '' })"""


class NotDrawn(AssertionError):
    """A page whose demos did not draw their figures in time (with what the page shows)."""


def wait_plots(page, n: int, timeout_s: float = 30.0) -> None:
    """Wait until ``n`` demos have drawn their figures (``DEMOS_DRAWN_JS``); else raise
    ``NotDrawn`` with the page's counts and the app's own notice (pih-watch.js), if any."""
    try:
        page.wait_for_function(DEMOS_DRAWN_JS, arg=n, timeout=timeout_s * 1000, polling=100)
    except Exception as e:  # playwright TimeoutError
        try:
            seen = page.evaluate(NOT_DRAWN_JS)
        except Exception as inner:  # noqa: BLE001 - the page itself may be gone
            seen = {"error": str(inner)}
        raise NotDrawn(
            f"{n} demos not drawn within {timeout_s:.0f} s; the page shows {seen}"
        ) from e


# JS: a comparable signature of one demo's figure: trace data and layout, as drawn.
SIGNATURE_JS = """(el) => {
  const strip = (o) => JSON.parse(JSON.stringify(o, (k, v) => {
      if (k.startsWith('_') || k === 'uid') return undefined;
      if (ArrayBuffer.isView(v)) return Array.from(v);
      return v; }));
  return JSON.stringify({data: strip(el.data || []), layout: strip(el.layout || {})});
}"""

# JS: the controls of demo box ``root`` in DOM order, each tagged with an index.
CONTROLS_JS = """(root) => {
  const out = [];
  const label = (w) => { const l = w.querySelector('.widget-label, label');
                         return (l && l.textContent.trim()) || w.getAttribute('title') ||
                         w.textContent.trim(); };
  root.querySelectorAll('.widget-slider, .widget-dropdown, .widget-toggle-button, '
    + '.widget-checkbox, ' +
                        'button.jupyter-button, .widget-radio-box, .widget-toggle-buttons')
    .forEach((w) => {
      let kind = null;
      if (w.classList.contains('widget-slider')) kind = 'slider';
      else if (w.classList.contains('widget-dropdown')) kind = 'dropdown';
      else if (w.classList.contains('widget-checkbox')) kind = 'checkbox';
      else if (w.classList.contains('widget-radio-box')) kind = 'radio';
      else if (w.classList.contains('widget-toggle-buttons')) kind = 'togglebuttons';
      else if (w.classList.contains('widget-toggle-button')) kind = 'toggle';
      else if (w.matches('button') && !w.closest('.widget-toggle-buttons')) kind = 'button';
      if (!kind) return;
      if (w.closest('.pih-no-figure')) return;  // e.g. animation speed: changes no figure by design
      const play = w.closest('.widget-play');    // of a Play widget, drive its play button only
      if (play && w !== play.querySelector('button')) return;
      const idx = out.length;
      w.setAttribute('data-pih-control', String(idx));
      let text = label(w);
      if (kind === 'dropdown') {
        const opts = [...w.querySelectorAll('option')].map(o => o.textContent.trim());
        out.push({idx, kind, label: text, options: opts,
                  value: w.querySelector('select').value, disabled:
                  w.querySelector('select').disabled});
      } else out.push({idx, kind, label: text,
                       disabled: !!(w.disabled || w.querySelector(':disabled'))});
    });
  return out;
}"""


# JS: the tab (header) of the Tab widget panel that holds ``el``, or null.
TAB_OF_JS = """(el) => {
  const tab = el.closest('.widget-tab');
  if (!tab) return null;
  const panels = [...tab.querySelector('.widget-tab-contents').children];
  const i = panels.findIndex((p) => p.contains(el));
  return i < 0 ? null : tab.querySelectorAll('.lm-TabBar-tab')[i] || null;
}"""


# JS: the button that opens the closed editor (lesson 03's "Edit the arms") holding ``el``,
# or the header of the closed Accordion section holding it, or null.
CLOSED_SECTION_OF_JS = """(el) => {
  const e = el.closest('.pih-editor');
  if (e) {
    const body = e.querySelector('.pih-editor-body');
    return body && body.offsetParent === null ? e.querySelector('.pih-editor-toggle') : null;
  }
  const c = el.closest('.jupyter-widget-Collapse');
  if (!c || c.classList.contains('jupyter-widget-Collapse-open')) return null;
  return c.querySelector('.jupyter-widget-Collapse-header');
}"""


def reveal(control) -> None:
    """Bring ``control`` into view: open the Accordion section, then the tab of a Tab
    widget, that holds it."""
    if control.is_visible():
        return
    header = control.evaluate_handle(CLOSED_SECTION_OF_JS).as_element()
    if header is not None:
        header.click()
        if control.is_visible():
            return
    tab = control.evaluate_handle(TAB_OF_JS).as_element()
    if tab is not None:
        tab.click()
        control.wait_for(state="visible", timeout=5000)


def demo_boxes(page):
    """Locator of every demo box on the page (``Demo.widget`` adds class ``pih-demo``)."""
    return page.locator(".pih-demo")


DATA_SIGNATURE_JS = SIGNATURE_JS.replace(", layout: strip(el.layout || {})", "")


def signature(demo_box, data_only: bool = False) -> str:
    """The drawn figure as text: its traces, and (unless ``data_only``) its layout."""
    js = DATA_SIGNATURE_JS if data_only else SIGNATURE_JS
    return demo_box.locator(".js-plotly-plot").first.evaluate(js)


def wait_signature(
    demo_box, predicate, timeout_s: float = 10.0, what: str = "", data_only: bool = False
) -> str:
    """Poll the figure signature until ``predicate(sig)`` holds; return it (AssertionError if
    never)."""
    deadline = time.monotonic() + timeout_s
    sig = signature(demo_box, data_only)
    while not predicate(sig):
        if time.monotonic() > deadline:
            raise AssertionError(
                f"figure did not change as expected after {timeout_s:.0f} s: {what}"
            )
        time.sleep(0.05)
        sig = signature(demo_box, data_only)
    return sig


def slider_handle(control):
    return control.locator(".noUi-handle").first


def press_slider(control) -> str:
    """Focus the slider handle and press ArrowRight (ArrowLeft when at its maximum); the key."""
    h = slider_handle(control)
    now = float(h.get_attribute("aria-valuenow") or 0)
    hi = float(h.get_attribute("aria-valuemax") or 1e9)
    key = "ArrowLeft" if now >= hi else "ArrowRight"
    h.focus()
    h.press(key)
    return key


def preset_menu(demo_box):
    """The "Preset" dropdown of a demo (first dropdown whose label is Preset)."""
    return demo_box.locator(".widget-dropdown").filter(has_text="Preset").first


def reset_button(demo_box):
    return demo_box.locator("button.jupyter-button", has_text="Reset").first


def demo_class_for(options: list[str], classes: list) -> type | None:
    """The Demo class whose preset names are the options of a preset menu."""
    names = [o for o in options[1:]]
    for cls in classes:
        if list(cls.presets) == names:
            return cls
    return None


def is_identity_preset(cls, name: str) -> bool:
    """True when preset ``name`` of demo class ``cls`` sets every control to its default."""
    controls = cls.make_controls(cls.__new__(cls))
    defaults = {k: w.value for k, w in controls.items()}
    return {**defaults, **cls.presets[name]} == defaults


def lessons():
    from partners_in_healing.lessons import LESSONS

    return list(LESSONS)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def dump(obj) -> str:
    return json.dumps(obj, indent=1, default=str)


# --- JupyterLab ----------------------------------------------------------------------

PROMPTS_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                    .map(e => e.textContent.trim())"""


# JS: true once the current notebook's kernel is connected, ready and idle.
KERNEL_READY_JS = """() => {
  const app = window.jupyterapp; const w = app && app.shell.currentWidget;
  const ctx = w && w.sessionContext; const k = ctx && ctx.session && ctx.session.kernel;
  return !!(ctx && ctx.isReady && k && k.connectionStatus === 'connected' && k.status === 'idle');
}"""


def open_and_run_in_lab(page, url: str, timeout_s: float = 180) -> None:
    """Open a notebook in JupyterLab, wait until its kernel is connected and idle, then
    Run > Run All Cells, and wait until every code cell shows an execution count ([3]:)
    and none is queued or running ([*]:).

    A Run All clicked before the kernel is connected is dropped by JupyterLab (every
    prompt stays [ ]); the test therefore waits for the kernel itself (through
    ``window.jupyterapp``, which the test server exposes), not for a status icon, and
    clicks once: a dropped Run All or a cell that never finishes fails the test."""
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(KERNEL_READY_JS, timeout=90_000, polling=100)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(
        f"""() => {{ const p = ({PROMPTS_JS})();
                    return p.length > 0 && p.every(t => /\\[\\d+\\]/.test(t)); }}""",
        timeout=timeout_s * 1000,
        polling=250,
    )


# --- latency -------------------------------------------------------------------------

# Arm a latency probe: resolves with ms from keydown on ``target`` to the first mutation
# of ``watched`` (the plot, or an output area whose <img> must change), browser clock.
ARM_PROBE_JS = """([watched, target, imageMode]) => {
  window.__pihLatency = new Promise((resolve) => {
    let t0 = null;
    const oldImg = imageMode ? [...watched.querySelectorAll('img')].map(i => i.src).join() : null;
    const obs = new MutationObserver((records) => {
      if (t0 === null) return;
      // bookkeeping (data-* attributes) is not a drawing
      const marks = (r) => r.type === 'attributes' && r.attributeName.startsWith('data-');
      if (records.every(marks)) return;
      if (imageMode) {
        const imgs = [...watched.querySelectorAll('img')];
        if (!imgs.length || imgs.map(i => i.src).join() === oldImg) return;
      }
      obs.disconnect(); resolve(performance.now() - t0);
    });
    obs.observe(watched, {subtree: true, childList: true, attributes: true, characterData: true});
    target.addEventListener('keydown', () => { t0 = performance.now(); },
                            {once: true, capture: true});
    setTimeout(() => { obs.disconnect(); resolve(null); }, 15000);
  });
  return true;
}"""

QUIET_JS = """([watched, ms]) => new Promise((resolve) => {
  let timer = setTimeout(done, ms);
  const obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, ms); });
  obs.observe(watched, {subtree: true, childList: true, attributes: true, characterData: true});
  function done() { obs.disconnect(); resolve(true); }
})"""


def press_latencies(
    page,
    watched,
    slider,
    presses: int = 20,
    image_mode: bool = False,
    settle_ms: int = 250,
) -> list[float | None]:
    """Key presses on ``slider`` (alternating ArrowRight / ArrowLeft, so the value stays in
    range); for each, ms from keydown to the first change of ``watched`` (None: no change in
    15 s)."""
    handle = slider_handle(slider)
    now = float(handle.get_attribute("aria-valuenow") or 0)
    hi = float(handle.get_attribute("aria-valuemax") or 1e9)
    keys = ["ArrowLeft", "ArrowRight"] if now >= hi else ["ArrowRight", "ArrowLeft"]
    w, h = watched.element_handle(), handle.element_handle()
    out = []
    for i in range(presses):
        page.evaluate(ARM_PROBE_JS, [w, h, image_mode])
        handle.focus()
        page.keyboard.press(keys[i % 2])
        out.append(page.evaluate("() => window.__pihLatency"))
        page.evaluate(QUIET_JS, [w, settle_ms])  # let the update finish before the next press
    return out


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolation percentile (q in 0..100) of the non-None values (nan if none)."""
    v = sorted(x for x in values if x is not None)
    if not v:
        return float("nan")
    k = (len(v) - 1) * q / 100
    f = int(k)
    c = min(f + 1, len(v) - 1)
    return v[f] + (v[c] - v[f]) * (k - f)


def first_plot_init(drawn: str = ".js-plotly-plot .main-svg") -> str:
    """An init script that records in ``window.__pihFirstPlot`` (ms from the first byte of
    the page) when an element matching ``drawn`` appeared: the first figure drawn."""
    return (
        """(() => {
  const check = () => {
    if (window.__pihFirstPlot !== undefined) return true;
    if (document.querySelector(DRAWN)) {
      window.__pihFirstPlot = performance.now();
      return true;
    }
    return false;
  };
  const timer = setInterval(() => { if (check()) clearInterval(timer); }, 5);
})();"""
    ).replace("DRAWN", json.dumps(drawn))


FIRST_PLOT_INIT = first_plot_init()


def _busy_percent(procs) -> float:
    """CPU use of ``procs`` together over the next second (% of one core)."""
    import psutil

    def sample() -> float:
        total = 0.0
        for p in procs:
            try:
                total += p.cpu_percent(None)
            except psutil.Error:
                pass
        return total

    sample()  # the first call only starts psutil's counters
    time.sleep(1.0)
    return sample()


def wait_quiet(
    server: Server, kernels: int = 0, timeout_s: float = 120.0, cpu_pct: float = 15.0
) -> float:
    """Wait until ``server`` runs at least ``kernels`` kernels and it and its kernels are
    idle (together below ``cpu_pct`` % of one core, 3 seconds in a row): a pre-heated pool
    has finished running its pages. Returns the seconds waited (the pool's warm-up)."""
    import psutil

    t0 = time.monotonic()
    quiet = 0
    while time.monotonic() - t0 < timeout_s and quiet < 3:
        try:
            root = psutil.Process(server.proc.pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        idle = _busy_percent(procs) < cpu_pct and len(server.kernel_pids()) >= kernels
        quiet = quiet + 1 if idle else 0
    return time.monotonic() - t0


def pool_size(root=None) -> int:
    """Pre-heated kernels the app keeps (one per page), 0 for a plain Voila of ``root``."""
    serve = _serve_module()
    if root or serve is None or not hasattr(serve, "POOL_SIZE"):
        return 0
    if hasattr(serve, "pool_total"):
        return serve.pool_total()
    return serve.POOL_SIZE * len(serve.app_pages())


# --- does the page draw what the kernel holds? (test_plot_updates.py, test_layout.py) ---
# (A path of no area, "M0,0Z", draws nothing: plotly styles it one way or the other.)
GEOMETRY_JS = """(gd) => [...gd.querySelectorAll(
    '.scatterlayer path, .scatterlayer text, .barlayer path, .barlayer text, .gtitle, '
    + '.annotation-text')]
  .filter(e => e.getAttribute('d') !== 'M0,0Z')
  .map(e => [e.getAttribute('class'), e.getAttribute('d'), e.getAttribute('transform'),
             e.textContent, e.style.opacity, e.style.fill, e.style.stroke,
             e.style.strokeWidth].join('|'))
  .join('\\n')"""

FRESH_JS = """async ([gd, spec]) => {
  const div = document.createElement('div');
  div.style.width = gd.offsetWidth + 'px';
  spec.layout.height = gd._fullLayout.height;  // the presenter app fits the height to the window
  document.body.appendChild(div);
  await Plotly.newPlot(div, spec.data, spec.layout, spec.config);
  return div;
}"""


def _rounded(geometry: str) -> str:
    """Numbers to 0.1 px: the same shape drawn by two code paths may differ in the last digits."""
    return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group()):.1f}", geometry)


def page_differs(page, plot, spec: dict) -> str | None:
    """None when ``plot`` draws what a fresh drawing of ``spec`` draws; else the first
    difference."""
    in_place = _rounded(plot.evaluate(GEOMETRY_JS))
    fresh_div = page.evaluate_handle(FRESH_JS, [plot.element_handle(), spec])
    fresh = _rounded(fresh_div.evaluate(GEOMETRY_JS))
    fresh_div.evaluate("div => { Plotly.purge(div); div.remove(); }")
    if in_place == fresh:
        return None
    pairs = zip_longest(in_place.splitlines(), fresh.splitlines(), fillvalue="")
    diff = next((a, b) for a, b in pairs if a != b)
    return f"first difference\n  in place: {diff[0][:300]}\n  fresh:    {diff[1][:300]}"


def preset_figures(cls, steps: list[str]) -> list[dict]:
    """The figure of a new ``cls`` demo (projector theme, as the app shows it) at the start
    and after each of ``steps`` in turn (a preset's name, or "Reset")."""
    demo = cls(projector=True)
    specs = [demo.fig.spec()]
    for step in steps:
        demo.reset() if step == "Reset" else demo.apply_preset(step)
        specs.append(demo.fig.spec())
    return specs


def page_differs_soon(page, plot, spec: dict, timeout_s: float = 10) -> str | None:
    """None once ``plot`` draws what a fresh drawing of ``spec`` draws (polled: an update
    may still be on its way); else the last difference."""
    deadline = time.monotonic() + timeout_s
    while (m := page_differs(page, plot, spec)) and time.monotonic() < deadline:
        page.evaluate(QUIET_JS, [plot.element_handle(), 300])
    return m
