"""JSON: ``{"findings": [...], "summary": {...}}`` with the documented keys; paths relative to the project root."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modlint.findings import Finding, Severity
from modlint.results.report import Report


def finding_dict(finding: Finding) -> dict[str, Any]:
    """Exactly the documented keys, in a fixed order."""
    return {
        "rule": finding.rule_id,
        "code": finding.code,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "module": finding.module,
        "fixable": finding.fix is not None,
    }


def render(report: Report, cwd: Path) -> str:
    """The whole report as one JSON document."""
    document = {
        "findings": [finding_dict(f) for f in report.findings],
        "summary": {
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
            "files": report.files,
            "modules": report.modules,
        },
    }
    return json.dumps(document, indent=2) + "\n"
