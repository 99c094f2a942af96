"""Every cell a student can run works whatever state the demos are in: each lesson runs
top to bottom with every demo's controls set to random allowed values (and its buttons
pressed) right after it appears, as a student who never presses Reset would leave them."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from partners_in_healing.lessons import LESSONS
from partners_in_healing.serve import notebooks_dir

HERE = Path(__file__).resolve().parent


def scrambled(nb, seed: int):
    """A copy of ``nb`` with a scramble cell after every code cell."""
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    out.cells.append(nbformat.v4.new_code_cell(f"import sys; sys.path.insert(0, {str(HERE)!r})"))
    for i, cell in enumerate(nb.cells):
        out.cells.append(cell)
        if cell.cell_type == "code":
            out.cells.append(
                nbformat.v4.new_code_cell(f"__import__('scramble').scramble({seed + i})")
            )
    return out


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_every_cell_runs_after_the_demos_are_scrambled(lesson):
    nb = nbformat.read(notebooks_dir() / lesson.notebook, as_version=4)
    run = scrambled(nb, seed=int(lesson.number) * 1000)
    client = NotebookClient(
        run,
        timeout=240,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebooks_dir())}},
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on any error
    scrambles = [c for c in run.cells if "scramble(" in c.source and c.get("outputs")]
    count = sum(int(o["data"]["text/plain"]) for c in scrambles for o in c.outputs if "data" in o)
    assert count == len(lesson.demos()), (
        f"scrambled {count} demos, the lesson has {len(lesson.demos())}"
    )
    # student walkthrough: a DataFrame's display cut text at 50 characters ("...")
    tables = [
        o["data"].get("text/html", "")
        for c in run.cells
        for o in c.get("outputs", [])
        if "data" in o
    ]
    cut = [m for html in tables for m in re.findall(r"<td>[^<]{0,80}\.\.\.</td>", html)]
    assert not cut, cut
