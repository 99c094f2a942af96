"""Tables of text for a lesson, as Markdown: every cell shown whole (a DataFrame's display
cuts text at 50 characters with "...", which hid half of each finding: student walkthrough)."""

from __future__ import annotations

from collections.abc import Sequence


def markdown_table(rows: Sequence[dict], columns: dict[str, str]) -> str:
    """A Markdown table of ``rows``: one column per key of ``columns`` (key -> heading)."""
    if not rows:
        raise ValueError("rows must hold at least one row; got none")
    missing = [k for k in columns if k not in rows[0]]
    if missing:
        raise ValueError(f"columns must be keys of the rows {sorted(rows[0])}; got {missing}")
    lines = ["| " + " | ".join(columns.values()) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = (str(row[k]).replace("|", "\\|").replace("\n", " ") for k in columns)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def percent_table(rows: Sequence[dict]) -> str:
    """``markdown_table`` of ``rows`` headed by their keys, numbers shown as whole percents
    (a DataFrame showed "48.0" and an index header on a row of its own: lecturer walkthrough)."""
    shown = [{k: f"{v:.0f} %" if isinstance(v, float) else v for k, v in r.items()} for r in rows]
    # the cells say "%": a heading's own " %" said it twice (student walkthrough)
    return markdown_table(shown, {k: k.removesuffix(" %") for k in rows[0]} if rows else {})
