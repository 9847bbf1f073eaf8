"""The status table as aligned text (coloured on a terminal), markdown and JSON.

The markdown table is what ``modlint status --check/--write FILE`` compares and writes between the
markers; :func:`same_table` compares two of them cell by cell, so a markdown formatter that pads the
columns does not make a committed table stale.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

from modlint.modmap.status import COMPLETE, SYMBOLS, StatusTable

MODULE_HEADER, STATUS_HEADER = "Module", "Status"
_GREEN, _YELLOW, _RESET = "\x1b[32m", "\x1b[33m", "\x1b[0m"


def _lines(table: StatusTable) -> list[list[str]]:
    """Header, then one line of cells per module."""
    header = [MODULE_HEADER, *table.columns, STATUS_HEADER]
    return [header, *([row.module, *(SYMBOLS[c] for c in row.cells), row.status] for row in table.rows)]


def render_markdown(table: StatusTable) -> str:
    """A GitHub markdown table (a module name's pipes escaped, its line breaks spaces)."""
    lines = [[" ".join(cells[0].split()).replace("|", "\\|"), *cells[1:]] for cells in _lines(table)]
    separator = ["---"] * len(lines[0])
    return "".join("| " + " | ".join(cells) + " |\n" for cells in [lines[0], separator, *lines[1:]])


def render_text(table: StatusTable, colour: bool = False) -> str:
    """Aligned columns (emoji counted as two cells wide), then a one-line summary."""
    lines = _lines(table)
    widths = [max(width(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = []
    for number, cells in enumerate(lines):
        padded = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(cells)]
        status = padded[-1].rstrip()
        if colour and number:
            status = f"{_GREEN if status == COMPLETE else _YELLOW}{status}{_RESET}"
        out.append("  ".join([*padded[:-1], status]))
    count = len(table.rows)
    out.append(f"{table.complete} of {count} module{'' if count == 1 else 's'} complete.")
    return "".join(line + "\n" for line in out)


def render_json(table: StatusTable) -> str:
    """``{"columns": [...], "modules": [{"module", "cells", "status", "needs", "findings"}], "summary"}``."""
    document = {
        "columns": list(table.columns),
        "modules": [
            {
                "module": row.module,
                "cells": dict(zip(table.columns, row.cells, strict=True)),
                "status": row.status,
                "needs": list(row.needs),
                "findings": row.findings,
            }
            for row in table.rows
        ],
        "summary": {"modules": len(table.rows), "complete": table.complete},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def width(text: str) -> int:
    """Terminal columns: wide and emoji characters take two, combining marks and selectors none."""
    total = 0
    for char in text:
        if unicodedata.combining(char) or char == "\ufe0f":
            continue
        wide = unicodedata.east_asian_width(char) in ("W", "F") or char == "\u26a0"
        total += 2 if wide else 1
    return total


def same_table(left: str, right: str) -> bool:
    """Whether two markdown tables hold the same cells (padding and separator dashes aside)."""
    return _cells(left) == _cells(right)


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _cells(text: str) -> list[Sequence[str]]:
    rows: list[Sequence[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        cells = [cell.strip() for cell in _UNESCAPED_PIPE.split(line.removeprefix("|").removesuffix("|"))]
        rows.append(["---"] * len(cells) if all(set(c) <= set(":-") and c for c in cells) else cells)
    return rows
