"""flake8-style text: ``path:line:col: MOD001 message``, paths relative to the current directory."""

from __future__ import annotations

import os
from pathlib import Path

from modlint.findings import Severity
from modlint.results.report import Report


def render(report: Report, cwd: Path) -> str:
    """One line per finding, already sorted by the pipeline."""
    lines = []
    for finding in report.findings:
        path = Path(os.path.relpath(report.root / finding.path, cwd)).as_posix()
        lines.append(f"{path}:{finding.line}:{finding.column}: {finding.code} {finding.message}")
    return "".join(line + "\n" for line in lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def summary(report: Report) -> str:
    """The closing line (written to stderr by the CLI)."""
    scope = f"{_count(report.files, 'file')}, {_count(report.modules, 'module')}"
    if not report.findings:
        return f"All checks passed ({scope}, {_count(len(report.rules), 'rule')})."
    errors = _count(report.count(Severity.ERROR), "error")
    warnings = _count(report.count(Severity.WARNING), "warning")
    info = f"{report.count(Severity.INFO)} info"
    fixable = sum(1 for f in report.findings if f.fix is not None)
    tail = f" {fixable} fixable with `modlint --fix`." if fixable else ""
    return f"Found {_count(len(report.findings), 'finding')} ({errors}, {warnings}, {info}) in {scope}.{tail}"
