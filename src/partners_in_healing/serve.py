"""Presentation mode: every lesson as a code-free Voila app, and the commands that start it.

    python -m partners_in_healing.serve present [--port 8866] [--classroom]
    python -m partners_in_healing.serve build          # only (re)build build/app/
    python -m partners_in_healing.serve lab [--port 8888]

``present`` builds the app (``build_app``) and then *replaces itself* with Voila
(``os.execv``), so the PID of the process you started is the PID of the server:
stop it by that PID.

What the app shows: the story and the demos of each lesson, with code hidden and the
projector theme on. What it leaves out: cells tagged ``student-only`` (exercises,
solutions, quizzes, check cells), which stay in the notebooks for students.

Networking and safety
---------------------
* Default: Voila listens on 127.0.0.1 only; nobody else on the network can reach it.
* ``--classroom`` listens on 0.0.0.0 so that students' laptops on the classroom
  network can open the lecturer's demos. Risk: anyone who can reach the port can
  start Python kernels on the lecturer's machine (Voila runs only the app's own
  notebooks, never code typed by a visitor, but each visit costs memory and CPU, and
  a bug in Voila or in a widget could be exploited). What protects it: a random
  token (``secrets.token_urlsafe``) is required on the first request; the link with
  the token is printed when the server starts, and share it only in the room.
  Kernels idle for 10 minutes are culled. Use it on a trusted classroom network
  only, never on a public one, and stop the server after class.
* JupyterLab (``lab_command``) always keeps Jupyter's token on.

Speed: the app pre-heats kernels per page (``pool_config``: two per lesson, one for
the index, ``--students N`` for the lesson taught): the page's cells have already run
when a visitor arrives, so the first figure shows sooner (times in
benchmarks/RESULTS.md). The pool is refilled a second after it is used; visitors who find no ready
pool kernel get a fresh kernel as usual, never a place in a queue (``voila_app``).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

from .lessons import LESSONS

APP_TAG_HIDE = "student-only"  # cells that stay in the notebooks but not in the app
TEMPLATE = "pih"
INDEX = "index.ipynb"
LOCAL = "127.0.0.1"
CLASSROOM = "0.0.0.0"

# Kernel culling: a long class must not pile up kernels (seconds).
CULL_IDLE_TIMEOUT = 600
CULL_INTERVAL = 60

# Pre-heated kernels: Voila keeps POOL_SIZE kernels per page that have already run the
# page's cells, so a visitor gets a finished page at once instead of waiting for a
# kernel to start and import numpy/scipy/plotly. A used kernel is
# replaced FILL_DELAY seconds later. Pool kernels are never culled; they cost about
# memory each (one per page). See benchmarks/RESULTS.md for the first-plot times.
POOL_SIZE = 1
FILL_DELAY = 1.0
# A lesson page keeps one more, so that a reload or a second tab (the page's first pool
# kernel taken, its replacement still starting) also gets a ready kernel: 1-3 s instead
# of 12-13 s to its figures (issue 15).
LESSON_POOL_SIZE = 2
# A class starts warm (``present --students N``): N kernels pre-heated for the lesson
# taught, each about this much memory once it has run a lesson page (measured: 150-250).
KERNEL_MB = 230
# ... and refills its pool only after the class has arrived: with the usual FILL_DELAY a
# class opening its pages together started a replacement kernel for each page at once,
# and their runs slowed every student's page (benchmarks/RESULTS.md, warm class).
WARM_FILL_DELAY = 60.0
# Pages holding a kernel at once (``app_limits``): the class and some spare tabs; one
# address other than this machine may hold PAGES_PER_CLIENT of them.
MAX_PAGES = 60
PAGES_PER_CLIENT = 4

# Lab extensions the app's pages never use, so never load: plotly's own widget bundle
# (4.8 MB of JavaScript; the figures use widgets/figure.py with the 1.5 MB cartesian
# bundle instead).
UNUSED_EXTENSIONS = ["jupyterlab-plotly"]

_PROJECTOR_CELL = (
    "# Presentation mode: projector theme and presenter layout (added by "
    "partners_in_healing.serve)\n"
    "from partners_in_healing.widgets.controls import use_presenter, use_projector\n"
    "use_projector(True)\n"
    "use_presenter(True)"
)

# A lesson's "how to use this notebook" cell (tagged ``how-to``) speaks of cells and
# kernels; in the app it is replaced by this.
APP_TAG_HOW_TO = "how-to"
APP_HOW_TO = """> **How to use this page.** Each demo has a **Preset** menu of ready-made scenarios,
> a **Reset** button and **Full screen**. Keys (when no menu or text box has the focus):
> <kbd>N</kbd> / <kbd>P</kbd> next / previous preset, <kbd>R</kbd> reset,
> <kbd>F</kbd> full screen (<kbd>Esc</kbd> leaves it), <kbd>Space</kbd> play / pause;
> <kbd>Tab</kbd> moves between controls and the arrow keys move a slider. The demo the keys
> act on is the one in full screen, else the one you last used while it is in view, else
> the one most in view.
> The exercises and the quiz are in the lesson's notebook."""


def repo_root() -> Path:
    """The repository (the folder holding notebooks/); the working directory as a fallback."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "notebooks").is_dir() else Path.cwd()


def notebooks_dir() -> Path:
    return repo_root() / "notebooks"


def app_dir() -> Path:
    """The folder Voila serves: filtered copies of the lesson notebooks (generated)."""
    return repo_root() / "build" / "app"


def template_root() -> Path:
    """A Jupyter data dir holding ``voila/templates/pih`` (added to JUPYTER_PATH)."""
    return Path(__file__).resolve().parent / "app"


def student_only(cell) -> bool:
    """True for a cell tagged ``student-only``: it stays in the notebooks, not in the app.
    (Tagged explicitly by the lesson's author; tests/test_classroom_app.py checks that the
    exercises, solutions and quizzes of every lesson carry the tag.)"""
    return APP_TAG_HIDE in cell.get("metadata", {}).get("tags", [])


def app_cells(cells) -> list:
    """The cells the app shows, in order."""
    return [c for c in cells if not student_only(c)]


def renumber(cells) -> None:
    """Number the sections the app keeps 1, 2, 3, ... and point "Section N" at the new
    numbers (lecturer walkthrough: without the exercises and quiz, "4." was followed by
    "7. Model vs. evidence")."""
    heading = re.compile(r"^(##\s+)(\d+)\.", re.M)
    new: dict[str, str] = {}
    for c in cells:
        if c.cell_type == "markdown" and (m := heading.match(c.source)):
            new[m.group(2)] = str(len(new) + 1)
            c.source = heading.sub(lambda m: f"{m.group(1)}{new[m.group(2)]}.", c.source, 1)
    refer = re.compile(r"\b(Sections? )(\d+)\b(?:–(\d+)\b)?")

    def point(m) -> str:
        span = "–".join(new.get(x, x) for x in m.groups()[1:] if x)
        return m.group(1) + span

    for c in cells:
        if c.cell_type == "markdown":
            c.source = refer.sub(point, c.source)


def app_notebook(nb, demos: int = 0):
    """A copy of ``nb`` for the app: no student-only cells, projector theme on; ``demos``
    (how many the lesson draws) goes into its metadata for the page's watch (pih-watch.js)."""
    nb = copy.deepcopy(nb)
    nb.cells = app_cells(nb.cells)
    renumber(nb.cells)
    for c in nb.cells:
        if APP_TAG_HOW_TO in c.get("metadata", {}).get("tags", []):
            c.source = APP_HOW_TO
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
    cell = nbformat.v4.new_code_cell(_PROJECTOR_CELL)
    cell.metadata["tags"] = ["app-setup"]
    nb.cells.insert(0, cell)
    nb.metadata.pop("widgets", None)
    nb.metadata["pih"] = {"demos": demos}
    return nb


def app_pages() -> list[str]:
    """File names the app serves: the index, then every registered lesson that exists."""
    names = [INDEX] if (notebooks_dir() / INDEX).exists() else []
    return names + [
        lesson.notebook for lesson in LESSONS if (notebooks_dir() / lesson.notebook).exists()
    ]


def build_app(target: Path | None = None) -> Path:
    """Write the app's notebooks into ``target`` (default ``app_dir()``); return it."""
    target = Path(target or app_dir())
    target.mkdir(parents=True, exist_ok=True)
    wanted = set(app_pages())
    for old in target.glob("*.ipynb"):
        if old.name not in wanted:
            old.unlink()
    demos = {lesson.notebook: len(lesson.demos()) for lesson in LESSONS}
    for name in wanted:
        nb = nbformat.read(notebooks_dir() / name, as_version=4)
        nbformat.write(app_notebook(nb, demos.get(name, 0)), target / name)
    return target


def pool_config(students: int = 0, lesson: str | None = None) -> dict:
    """Voila's ``kernel_pools_config``: POOL_SIZE kernels per page, ``students`` for
    ``lesson`` (a notebook name) when a class is expected."""
    config: dict = {"default": {"pool_size": LESSON_POOL_SIZE}, INDEX: {"pool_size": POOL_SIZE}}
    if students > 0 and lesson:
        config[lesson] = {"pool_size": max(int(students), LESSON_POOL_SIZE)}
    return config


def pool_total(students: int = 0, lesson: str | None = None) -> int:
    """Pre-heated kernels the app keeps in all (``pool_config`` over the app's pages)."""
    config = pool_config(students, lesson)
    return sum(config.get(p, config["default"])["pool_size"] for p in app_pages())


def lesson_notebook(number: str | None) -> str:
    """The notebook of lesson ``number`` ("03", "3" or a file name); the first lesson when None."""
    pages = [p for p in app_pages() if p != INDEX]
    if number is None:
        return pages[0]
    for p in pages:
        prefix = p.split("-")[0]
        if number in (p, prefix) or (number.isdigit() and f"{int(number):02d}" == prefix):
            return p
    raise SystemExit(f"no lesson {number!r}; choose from {', '.join(pages)}")


def _voila_argv(
    port: int,
    classroom: bool,
    token: str | None,
    students: int = 0,
    lesson: str | None = None,
) -> list[str]:
    pools = json.dumps(pool_config(students, lesson))
    argv = [
        sys.executable,
        "-m",
        "partners_in_healing.voila_app",
        str(app_dir()),
        "--no-browser",
        f"--port={int(port)}",
        "--Voila.port_retries=0",
        f"--Voila.ip={CLASSROOM if classroom else LOCAL}",
        f"--template={TEMPLATE}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--theme=light",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
        "--MappingKernelManager.cull_connected=False",
        "--preheat_kernel=True",
        f"--pool_size={POOL_SIZE}",
        f"--VoilaKernelManager.fill_delay={WARM_FILL_DELAY if students > 0 else FILL_DELAY}",
        f"--VoilaKernelManager.kernel_pools_config={pools}",
        f"--VoilaKernelManager.max_pages={max(MAX_PAGES, int(students) + 20)}",
        f"--VoilaKernelManager.pages_per_client={PAGES_PER_CLIENT}",
        f"--VoilaConfiguration.extension_denylist={UNUSED_EXTENSIONS!r}",
    ]
    if not classroom:  # only names of this machine: no DNS rebinding from a web page
        argv.append("--Voila.tornado_settings={'allow_remote_access': False}")
    if classroom:
        argv.append(f"--Voila.token={token or secrets.token_urlsafe(16)}")
    return argv


def _override(argv: list[str], extra: list[str]) -> list[str]:
    """``argv`` + ``extra``, where a ``--Name=value`` in ``extra`` replaces the same
    ``--Name`` in ``argv`` (traitlets refuses a setting given twice)."""
    keys = {a.split("=", 1)[0] for a in extra if a.startswith("--") and "=" in a}
    return [a for a in argv if a.split("=", 1)[0] not in keys] + extra


def voila_command(port: int, *, classroom: bool = False, extra: Sequence[str] = ()) -> list[str]:
    """The command that builds the app and serves it with Voila on ``port``.

    Its process becomes the Voila server (``os.execv``): stop it by its PID.
    Binds 127.0.0.1, or 0.0.0.0 with a random token when ``classroom``.
    """
    cmd = [sys.executable, "-m", "partners_in_healing.serve", "present", "--port", str(int(port))]
    return cmd + (["--classroom"] if classroom else []) + list(extra)


def lab_command(port: int) -> list[str]:
    """JupyterLab on 127.0.0.1:``port`` over notebooks/, Jupyter's token kept on.

    The command runs ``serve lab``, which prepares the shared widget code and then
    becomes the JupyterLab server (stop it by its PID). Extra ``--Trait=value``
    arguments appended to it are passed on to JupyterLab.
    """
    return [sys.executable, "-m", "partners_in_healing.serve", "lab", "--port", str(int(port))]


def _jupyter_lab_argv(port: int, extra: list[str]) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--ip={LOCAL}",
        f"--port={int(port)}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.extra_static_paths={[str(static_dir())]!r}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
        # no news: its "get notified about Jupyter news?" popup covered figures (student
        # walkthrough), and fetching it would reach another host. The URL alone still let
        # the popup ask: the app settings (app/lab/overrides.json) answer it "no".
        "--LabApp.news_url=",
        f"--LabApp.app_settings_dir={template_root() / 'lab'}",
        # nor does the server ask PyPI for a newer JupyterLab
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if not any(a.startswith("--ServerApp.root_dir=") for a in extra):
        argv.append(f"--ServerApp.root_dir={notebooks_dir()}")
    if hasattr(os, "getuid") and os.getuid() == 0:
        argv.append("--allow-root")
    return _override(argv, list(extra))  # a setting given twice breaks JupyterLab's others


def static_dir() -> Path:
    """Static files Jupyter Server serves under ``/static/`` (generated)."""
    return repo_root() / "build" / "static"


def prepare_static() -> None:
    """Put plotly.js where the servers serve it, once per page (widgets/figure.py)."""
    from .widgets.figure import PLOTLY_JS, SERVED_NAME

    data = PLOTLY_JS.read_bytes()
    for target in (
        static_dir() / "pih" / SERVED_NAME,
        template_root() / "voila" / "templates" / TEMPLATE / "static" / SERVED_NAME,
    ):
        if not target.exists() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _environ() -> dict[str, str]:
    """The servers' environment, inherited by their kernels."""
    from .widgets.figure import ENV

    env = dict(os.environ)
    extra = str(template_root())
    env["JUPYTER_PATH"] = os.pathsep.join([extra, *filter(None, [env.get("JUPYTER_PATH")])])
    env[ENV] = "1"
    return env


def lab(port: int, extra: list[str]) -> None:
    """Prepare the shared widget code and replace this process with JupyterLab."""
    prepare_static()
    argv = _jupyter_lab_argv(port, extra)
    os.execve(argv[0], argv, _environ())


def memory_available_mb() -> float | None:
    """Memory the system can still give (MemAvailable, MB); None where unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def warm_class_message(students: int, lesson: str) -> str:
    """What pre-heating a class costs, said before it starts."""
    need = students * KERNEL_MB
    text = (
        f"Pre-heating {students} kernels for {lesson} (one per student, refilled as pages "
        f"take them): about {need / 1024:.1f} GB of memory ({KERNEL_MB} MB each); "
        f"the other lessons keep {LESSON_POOL_SIZE} each. Ready in about {max(1, students // 10)} "
        "minute(s): start it before class."
    )
    free = memory_available_mb()
    if free is not None and need > 0.8 * free:
        text += (
            f"\nWARNING: only {free / 1024:.1f} GB is free; pre-heat fewer "
            f"(STUDENTS={int(0.8 * free // KERNEL_MB)}) or close other programs."
        )
    return text


def qr_text(link: str) -> str | None:
    """``link`` as a QR code in text (segno), for students to scan off the projector;
    None when segno is not installed."""
    try:
        import segno
    except ImportError:
        return None
    import io

    out = io.StringIO()
    segno.make(link, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def present(
    port: int,
    classroom: bool = False,
    extra: Sequence[str] = (),
    students: int = 0,
    lesson: str | None = None,
) -> None:
    """Build the app and replace this process with the Voila server."""
    build_app()
    prepare_static()
    token = secrets.token_urlsafe(16) if classroom else None
    notebook = lesson_notebook(lesson) if students > 0 else None
    argv = _override(_voila_argv(port, classroom, token, students, notebook), list(extra))
    host = LOCAL
    if notebook:
        print(warm_class_message(students, notebook), flush=True)
    if classroom:
        link = f"http://<this machine's address>:{port}/voila/render/{INDEX}?token={token}"
        print(
            "CLASSROOM MODE: listening on every network interface (0.0.0.0).\n"
            "Anyone on this network who has the link with the token can start kernels here.\n"
            "Use a trusted classroom network only and stop the server after class.\n"
            f"Students open: {link}",
            flush=True,
        )
        address = os.environ.get("PIH_ADDRESS")  # this machine's address in the room, if given
        if address:
            code = qr_text(link.replace("<this machine's address>", address))
            print(code or "(pip install segno to print a QR code of the link)", flush=True)
    print(
        f"Lessons: http://{host}:{port}/voila/render/{INDEX}"
        + (f"?token={token}" if token else ""),
        flush=True,
    )
    os.execve(argv[0], argv, _environ())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m partners_in_healing.serve", description=__doc__.split("\n")[0]
    )
    sub = p.add_subparsers(dest="cmd", required=True)
    pr = sub.add_parser("present", help="serve every lesson as a code-free Voila app")
    pr.add_argument("--port", type=int, default=8866)
    pr.add_argument(
        "--classroom",
        action="store_true",
        help="listen on 0.0.0.0 (classroom network) with a random token",
    )
    pr.add_argument(
        "--students",
        type=int,
        default=0,
        help="pre-heat this many kernels for the lesson taught (one per student)",
    )
    pr.add_argument("--lesson", default=None, help="the lesson taught (e.g. 03); default the first")
    sub.add_parser("build", help="only build the app's notebooks into build/app/")
    lb = sub.add_parser("lab", help="JupyterLab over notebooks/ (token on)")
    lb.add_argument("--port", type=int, default=8888)
    args, extra = p.parse_known_args(argv)
    if extra and args.cmd == "build":
        p.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.cmd == "build":
        print(build_app())
        return 0
    if args.cmd == "lab":
        lab(args.port, extra)
    present(args.port, args.classroom, extra, args.students, args.lesson)
    return 0


if __name__ == "__main__":
    sys.exit(main())
