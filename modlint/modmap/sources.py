"""Reading the project's own Python files for ``init`` and ``new``, the way a check run reads them.

The checks read through :func:`modlint.files.read_source` (a FIFO or device would block, a huge file
would never end) and decode as Python does (:func:`modlint.facts.reading.decode`: BOM, PEP 263
cookie). Inferring a convention from a file the checks would report as unreadable would copy a
convention from nowhere, so any file that cannot be read, decoded or parsed (nested too deeply for
the parser included) is skipped here like one with a syntax error.
"""

from __future__ import annotations

import ast
from pathlib import Path

from modlint.facts.model import ParseProblem
from modlint.facts.reading import ast_tree, decode
from modlint.files import read_source


def parsed(path: Path) -> tuple[str, ast.Module] | None:
    """A file's text and tree; None when it cannot be read, decoded or parsed."""
    try:
        text = decode(read_source(path))
    except OSError:
        return None
    if isinstance(text, ParseProblem):
        return None
    tree = ast_tree(text)  # as the checks parse: too deep, a NUL or a syntax error is no tree
    return (text, tree) if isinstance(tree, ast.Module) else None
