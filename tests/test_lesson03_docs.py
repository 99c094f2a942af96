"""Every ```python block of docs/use-from-python.md (and of the README's section "Use the
models from Python", when it exists) runs, in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECTION = "Use the models from Python"


def _blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)


def _readme_section() -> str:
    readme = ROOT / "README.md"
    if not readme.exists():
        return ""
    text = readme.read_text(encoding="utf-8")
    m = re.search(rf"^(#+) {re.escape(SECTION)}\s*$", text, re.M)
    if not m:
        return ""
    level = len(m.group(1))
    rest = text[m.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def _run(blocks: list[str], where: str) -> None:
    ns: dict = {"__name__": "__docs__"}
    for i, block in enumerate(blocks, 1):
        code = compile(block, f"{where} block {i}", "exec")
        exec(code, ns)  # noqa: S102 - running the documentation is the point


def test_use_from_python_doc_runs(capsys):
    text = (ROOT / "docs" / "use-from-python.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {SECTION}")
    blocks = _blocks(text)
    assert len(blocks) >= 5
    _run(blocks, "docs/use-from-python.md")
    out = capsys.readouterr().out
    assert "HR" in out and "relapsed by 1 year" in out


def test_readme_section_runs_when_present():
    section = _readme_section()
    if not section:
        pytest.skip(f"README.md has no section {SECTION!r} yet")
    blocks = _blocks(section)
    assert blocks, f"README section {SECTION!r} has no python blocks"
    _run(blocks, "README.md")


def test_block_finder_finds_blocks():
    text = "# x\n```python\nprint(1)\n```\ntext\n```python\na = 2\n```\n```bash\nls\n```\n"
    assert _blocks(text) == ["print(1)\n", "a = 2\n"]
