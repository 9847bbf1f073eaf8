"""GitHub Actions workflow commands: one ``::error file=…,line=…,col=…,title=MOD010::message`` per finding."""

from __future__ import annotations

import os
from pathlib import Path

from modlint.findings import Severity
from modlint.results.report import Report

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escaping for a command's message, as the Actions runner expects."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escaping for a command's properties (file, title): also ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, cwd: Path) -> str:
    """One workflow command per finding; paths relative to the current directory (the workspace)."""
    lines = []
    for f in report.findings:
        path = Path(os.path.relpath(report.root / f.path, cwd)).as_posix()
        props = f"file={escape_property(path)},line={f.line},col={f.column},title={escape_property(f.code)}"
        lines.append(f"::{COMMANDS[f.severity]} {props}::{escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)
