"""Reporters: pure functions from a :class:`~modlint.results.report.Report` to text. Peers behind one interface.

Each format's module is imported when a report is rendered in it (:func:`reporter`): a run prints
one format, and importing all four (SARIF's explanations among them) cost every warm run ~2 ms.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # --help reads FORMATS here, and must not load the engine through the report
    from modlint.results.report import Report

Reporter = Callable[["Report", Path], str]

#: The output formats, each the name of its module here, which defines ``render``.
FORMATS = ("text", "json", "sarif", "github")


def reporter(output_format: str) -> Reporter:
    """The render function of one of :data:`FORMATS` (KeyError for any other name)."""
    if output_format not in FORMATS:
        raise KeyError(output_format)
    module = importlib.import_module(f"{__name__}.{output_format}")
    return cast(Reporter, module.render)


__all__ = ["FORMATS", "Reporter", "reporter"]
