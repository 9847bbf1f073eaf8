"""flake8-style text: ``path:line:col: MOD001 message``, paths relative to the current directory."""

from __future__ import annotations

import os
from pathlib import Path

from modlint.engine import Report
from modlint.findings import Severity


def render(report: Report, cwd: Path) -> str:
    """One line per finding, already sorted by the engine."""
    lines = []
    for finding in report.findings:
        path = Path(os.path.relpath(report.root / finding.path, cwd)).as_posix()
        lines.append(f"{path}:{finding.line}:{finding.column}: {finding.code} {finding.message}")
    return "".join(line + "\n" for line in lines)


def summary(report: Report) -> str:
    """The closing line (written to stderr by the CLI)."""
    counts = {s: report.count(s) for s in Severity}
    scope = f"{report.files} files, {report.modules} modules"
    if not report.findings:
        return f"All checks passed ({scope}, {len(report.rules)} rules)."
    fixable = sum(1 for f in report.findings if f.fix is not None)
    parts = f"{counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} info"
    tail = f" {fixable} fixable with `modlint --fix`." if fixable else ""
    return f"Found {len(report.findings)} findings ({parts}) in {scope}.{tail}"
