"""Reporters: pure functions from a :class:`~modlint.engine.Report` to text. Peers behind one interface."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from modlint.engine import Report
from modlint.reporters import github, json, sarif, text

Reporter = Callable[[Report, Path], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "github": github.render,
}


__all__ = ["REPORTERS", "Reporter"]
