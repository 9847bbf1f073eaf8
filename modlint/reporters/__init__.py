"""Reporters: pure functions from a :class:`~modlint.results.report.Report` to text. Peers behind one interface."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from modlint.reporters import github, json, sarif, text
from modlint.results.report import Report

Reporter = Callable[[Report, Path], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "github": github.render,
}


__all__ = ["REPORTERS", "Reporter"]
