"""Strip outputs, execution counts and widget state from notebooks (idempotent).

    python tools/clean_notebooks.py notebooks            # clean in place
    python tools/clean_notebooks.py --check notebooks    # exit 1 if any notebook is dirty

Keeps the kernelspec (JupyterLab would otherwise ask for a kernel) and cell tags.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
DROP_CELL_META = ("execution", "collapsed", "scrolled", "ExecuteTime")


def clean(nb) -> bool:
    """Clean ``nb`` in place; return True when something changed."""
    changed = False
    if "widgets" in nb.metadata:
        del nb.metadata["widgets"]
        changed = True
    if nb.metadata.get("kernelspec") != KERNELSPEC:
        nb.metadata["kernelspec"] = KERNELSPEC
        changed = True
    for cell in nb.cells:
        for key in DROP_CELL_META:
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
        if cell.cell_type == "code":
            if cell.outputs or cell.execution_count is not None:
                changed = True
            cell.outputs = []
            cell.execution_count = None
    return changed


def notebooks(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.ipynb")) if p.is_dir() else [p]
    return [p for p in out if ".ipynb_checkpoints" not in p.parts]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    dirty = []
    for path in notebooks([a for a in argv if a != "--check"] or ["notebooks"]):
        nb = nbformat.read(path, as_version=4)
        if clean(nb):
            dirty.append(path)
            if not check:
                nbformat.write(nb, path)
    for p in dirty:
        print(("dirty: " if check else "cleaned: ") + str(p))
    return 1 if (check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
