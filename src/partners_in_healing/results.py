"""benchmarks/RESULTS.md is written by several commands; each owns one section.

A section is delimited by ``<!-- begin NAME -->`` and ``<!-- end NAME -->``;
``write_section`` replaces it (or appends it), leaving the others untouched.
"""

from __future__ import annotations

import platform
import re
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "RESULTS.md"
HEADER = (
    "# Benchmark results\n\nWritten by `make bench` and `make loadtest`; "
    "each section says when and how it was measured.\n"
)


def machine() -> str:
    """One line describing where and when a measurement was taken."""
    import os

    return (
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )


def write_section(name: str, markdown: str, path: Path = RESULTS) -> None:
    """Replace section ``name`` of ``path`` with ``markdown`` (creating the file if needed)."""
    text = path.read_text() if path.exists() else HEADER
    block = f"<!-- begin {name} -->\n{markdown.rstrip()}\n<!-- end {name} -->"
    pattern = re.compile(
        rf"<!-- begin {re.escape(name)} -->.*?<!-- end {re.escape(name)} -->", re.S
    )
    text = (
        pattern.sub(lambda _m: block, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + block + "\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
