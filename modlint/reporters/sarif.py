"""SARIF 2.1.0 for code review (GitHub code scanning and others): rules, results, fixes, notifications.

Deterministic (sorted, no timestamps; paths relative to the current directory, absolute only for a
project outside it); validated against the official schema in tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from modlint import __version__
from modlint.checks import Rule
from modlint.facts.reading import source_text
from modlint.facts.suppressions import python_lines
from modlint.findings import Finding, Severity
from modlint.reporters.explain import checks_line, explain_markdown, explain_text, summary_of
from modlint.results.fingerprints import fingerprints
from modlint.results.report import Report

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/modlint/modlint"
SRCROOT = "%SRCROOT%"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, cwd: Path) -> str:
    """The whole SARIF log as JSON text."""
    return json.dumps(sarif_log(report, cwd), indent=2) + "\n"  # ASCII: safe for any file name


def sarif_log(report: Report, cwd: Path) -> dict[str, Any]:
    """The SARIF log object for one run."""
    rules = sorted(report.rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(rules)}
    every = sorted((*report.findings, *report.baselined), key=lambda f: f.sort_key)
    known = {id(f) for f in report.baselined}
    files = _Files(report.root, cwd)
    results = []
    for finding, fingerprint in zip(every, fingerprints(every), strict=True):
        result = _result(finding, index, fingerprint, files)
        if report.baseline_applied:
            result["baselineState"] = "unchanged" if id(finding) in known else "new"
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": _driver(rules)},
        "invocations": [_invocation(report, index, files)],
        "columnKind": "utf16CodeUnits",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _driver(rules: list[Rule]) -> dict[str, Any]:
    return {
        "name": "modlint",
        "semanticVersion": __version__,
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_rule_descriptor(rule) for rule in rules],
    }


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    """The rule's metadata, rendered from its data like ``--explain``."""
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": summary_of(rule)},
        # The description says why; the generated line says what runs, so a rule whose parameters a
        # team overrode is never described by the shipped text alone.
        "fullDescription": {"text": " ".join(rule.description.split()) + f" Checks: {checks_line(rule)}"},
        "help": {"text": explain_text(rule), "markdown": explain_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["architecture", "modlint", rule.check], "precision": "very-high"},
    }


class _Files:
    """The reported files as the log names them: their URI, and columns in UTF-16 code units.

    URIs are relative to the current directory (``%SRCROOT%``), as GitHub code scanning resolves
    them against the repository root a workflow runs in, and as ``--format github`` writes paths: a
    project in ``backend/`` checked from the repository root is ``backend/app/...``. A project outside
    the current directory gets absolute ``file:`` URIs, with no base (``../`` names no file to GitHub).

    SARIF counts columns in UTF-16 code units, modlint in characters: they differ after a character
    outside the BMP. Each reported file is read (and decoded as Python does) at most once."""

    def __init__(self, root: Path, cwd: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str]] = {}
        self._prefix = _below(root, cwd)

    def shown(self, path: str) -> str:
        """A project-relative path as the log's URIs name it, in plain text (for messages)."""
        return str((self.root / path).absolute()) if self._prefix is None else self._prefix + path

    def artifact(self, path: str) -> dict[str, str]:
        """The ``artifactLocation`` of a project-relative path; a file name that is not UTF-8 keeps
        its real bytes."""
        if self._prefix is None:
            return {"uri": (self.root / path).absolute().as_uri()}
        return {"uri": quote(self._prefix + path, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}

    def column(self, finding: Finding) -> int:
        lines = self._lines_of(finding.path)
        line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        before = line[: finding.column - 1]
        return len(before.encode("utf-16-le", "surrogatepass")) // 2 + 1 + max(0, finding.column - 1 - len(before))

    def _lines_of(self, path: str) -> list[str]:
        if path not in self._lines:
            self._lines[path] = python_lines(source_text(self.root / path))
        return self._lines[path]


def _below(root: Path, here: Path) -> str | None:
    """``root``'s path from the current directory ``here`` as a URI prefix ("" for the directory
    itself, ``backend/`` below it); None when it is not inside it (also once links are resolved)."""
    for folder, base in ((Path(os.path.abspath(root)), here), (root.resolve(), here.resolve())):
        if folder == base:
            return ""
        if base in folder.parents:
            return folder.relative_to(base).as_posix() + "/"
    return None


def _location(finding: Finding, files: _Files) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": files.artifact(finding.path),
            "region": {"startLine": finding.line, "startColumn": files.column(finding)},
        }
    }


def _result(finding: Finding, index: dict[str, int], fingerprint: str, files: _Files) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index[finding.rule_id],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding, files)],
        "partialFingerprints": {"modlint/v1": fingerprint},
    }
    if finding.module is not None:
        result["properties"] = {"module": finding.module}
    if finding.fix is not None:
        result["fixes"] = [_fix(finding, files)]
    return result


def _fix(finding: Finding, files: _Files) -> dict[str, Any]:
    """Creating an empty file: an insertion of nothing at offset 0 of the new artifact."""
    assert finding.fix is not None
    return {
        "description": {"text": finding.fix.description},
        "artifactChanges": [
            {
                "artifactLocation": files.artifact(finding.fix.create),
                "replacements": [
                    {"deletedRegion": {"charOffset": 0, "charLength": 0}, "insertedContent": {"text": ""}}
                ],
            }
        ],
    }


def _invocation(report: Report, index: dict[str, int], files: _Files) -> dict[str, Any]:
    """Files modlint could not read or parse, and folders it could not list, as notifications."""
    notes: list[dict[str, Any]] = []
    for finding in report.findings:
        rule = report.rule(finding.rule_id)
        if rule is not None and rule.reports_unreadable_files:
            notes.append(
                {
                    "level": "error",
                    "message": {"text": f"{files.shown(finding.path)}: {finding.message}"},
                    "locations": [_location(finding, files)],
                    "associatedRule": {"id": finding.rule_id, "index": index[finding.rule_id]},
                }
            )
    notes += [{"level": "warning", "message": {"text": note}} for note in report.notes]
    return {"executionSuccessful": True, "toolExecutionNotifications": notes}
