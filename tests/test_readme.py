"""The README stays true: its commands, links, lesson list and Python examples."""

import re
from pathlib import Path

from partners_in_healing.lessons import LESSONS, markdown_table

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_starts_with_the_two_commands():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    assert first_block.splitlines()[0].startswith("make lab")
    assert first_block.splitlines()[1].startswith("make test")


def test_every_make_command_named_exists():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = set(re.findall(r"`make ([a-z-]+)`", README)) | set(
        re.findall(r"^make ([a-z-]+)", README, re.M)
    )
    assert named and named <= targets, named - targets


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_relative_links_resolve():
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target


def test_the_lesson_table_is_the_registry():
    assert markdown_table() in README, "paste lessons.markdown_table() into the README"
    for lesson in LESSONS:
        assert f"notebooks/{lesson.notebook}" in README, lesson.notebook


def test_python_examples_run(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert len(blocks) >= 2
    namespace = {}  # blocks build on each other, as in a console session
    for code in blocks:
        exec(compile(code, "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "responders at week 12: 7" in out
    assert "prior therapy: relapsed within a year" in out and "hazard ratio" in out
