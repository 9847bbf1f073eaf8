"""Reading the project's own Python files for ``init`` and ``new``, the way a check run reads them.

The checks read through :func:`modlint.files.read_source` (a FIFO or device would block, a huge file
would never end) and decode as Python does (:func:`modlint.facts.reading.decode`: BOM, PEP 263
cookie). Inferring a convention from a file the checks would report as unreadable would copy a
convention from nowhere, so any file that cannot be read, decoded or parsed (nested too deeply for
the parser included) is skipped here like one with a syntax error.
"""

from __future__ import annotations

import ast
import warnings
from pathlib import Path

from modlint.facts.model import ParseProblem
from modlint.facts.reading import decode
from modlint.files import read_source


def parsed(path: Path) -> tuple[str, ast.Module] | None:
    """A file's text and tree; None when it cannot be read, decoded or parsed."""
    try:
        text = decode(read_source(path))
    except OSError:
        return None
    if isinstance(text, ParseProblem):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an invalid escape is no reason to skip a file
            return text, ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
