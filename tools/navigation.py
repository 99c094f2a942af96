"""Keep the navigation of the lesson notebooks in sync with the lesson registry (idempotent).

    python tools/navigation.py              # update notebooks/ in place
    python tools/navigation.py --check      # exit 1 if any notebook is out of date

For every registered lesson whose notebook exists, a markdown cell tagged
``navigation`` at the top and one at the bottom link to the previous lesson, the
contents page (index.ipynb) and the next lesson. In ``index.ipynb`` the cell tagged
``navigation`` lists every registered lesson with a one-line description and its
estimated time (read from the notebook: "Estimated time: about N minutes").
Nothing else in a notebook is touched; a notebook is written only when it changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from partners_in_healing.lessons import LESSONS  # noqa: E402

TAG = "navigation"
INDEX = "index.ipynb"
NOTEBOOKS = ROOT / "notebooks"


def lessons_present(notebooks: Path = NOTEBOOKS) -> list:
    """Registered lessons whose notebook exists, in registry order."""
    return [lesson for lesson in LESSONS if (notebooks / lesson.notebook).exists()]


def _link(lesson, arrow_left: bool) -> str:
    label = f"Lesson {lesson.number}: {lesson.title}"
    return f"[◀ {label}]({lesson.notebook})" if arrow_left else f"[{label} ▶]({lesson.notebook})"


def nav_markdown(lesson, present: list, where: str) -> str:
    """The navigation line of ``lesson`` (``where`` is "top" or "bottom")."""
    i = present.index(lesson)
    prev = _link(present[i - 1], True) if i > 0 else "◀ (first lesson)"
    nxt = _link(present[i + 1], False) if i + 1 < len(present) else "(last lesson) ▶"
    line = f"{prev} &nbsp;|&nbsp; [Contents]({INDEX}) &nbsp;|&nbsp; {nxt}"
    return line if where == "top" else f"---\n\n{line}"


def contents_markdown(notebooks: Path = NOTEBOOKS) -> str:
    """The contents table of index.ipynb, from the registry."""
    rows = ["| lesson | what it is about | time |", "|---|---|---|"]
    for lesson in LESSONS:
        exists = (notebooks / lesson.notebook).exists()
        name = (
            f"[{lesson.number} — {lesson.title}]({lesson.notebook})"
            if exists
            else f"{lesson.number} — {lesson.title} (coming soon)"
        )
        rows.append(f"| {name} | {lesson.description} | {lesson.time if exists else '—'} |")
    return "## Contents\n\n" + "\n".join(rows)


def _is_nav(cell) -> bool:
    return TAG in cell.get("metadata", {}).get("tags", [])


def _nav_cell(source: str, cell_id: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata["tags"] = [TAG]
    cell["id"] = cell_id
    return cell


def update_lesson(nb, lesson, present: list) -> bool:
    """Put fresh navigation cells at the top and bottom of ``nb``; True when it changed."""
    body = [c for c in nb.cells if not _is_nav(c)]
    new = [
        _nav_cell(nav_markdown(lesson, present, "top"), "navigation-top"),
        *body,
        _nav_cell(nav_markdown(lesson, present, "bottom"), "navigation-bottom"),
    ]
    return _replace(nb, new)


def update_index(nb, notebooks: Path = NOTEBOOKS) -> bool:
    """Refresh the contents cell of index.ipynb (kept where it is, else after the first cell)."""
    cells = list(nb.cells)
    fresh = _nav_cell(contents_markdown(notebooks), "navigation-contents")
    pos = next((i for i, c in enumerate(cells) if _is_nav(c)), None)
    cells = [c for c in cells if not _is_nav(c)]
    cells.insert(min(1, len(cells)) if pos is None else pos, fresh)
    return _replace(nb, cells)


def _same(a, b) -> bool:
    return (
        a.cell_type == b.cell_type
        and a.source == b.source
        and a.get("metadata", {}).get("tags") == b.get("metadata", {}).get("tags")
    )


def _replace(nb, cells) -> bool:
    if len(cells) == len(nb.cells) and all(
        _same(a, b) for a, b in zip(cells, nb.cells, strict=True)
    ):
        return False
    nb.cells = cells
    return True


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    notebooks = Path(args[0]) if args else NOTEBOOKS
    present = lessons_present(notebooks)
    stale = []
    targets = [(notebooks / lesson.notebook, lesson) for lesson in present]
    if (notebooks / INDEX).exists():
        targets.append((notebooks / INDEX, None))
    for path, lesson in targets:
        nb = nbformat.read(path, as_version=4)
        changed = (
            update_index(nb, notebooks) if lesson is None else update_lesson(nb, lesson, present)
        )
        if changed:
            stale.append(path)
            if not check:
                nbformat.write(nb, path)
    for p in stale:
        print(("out of date: " if check else "updated: ") + str(p))
    return 1 if (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
