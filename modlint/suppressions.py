"""Inline suppression comments on the reported line: ``# noqa``, ``# noqa: MOD010``,
``# modlint: ignore[MOD-010]``. Per-module ignores come from ``[tool.modlint]``."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from modlint.findings import Finding
from modlint.selection import matches

_CODE = r"[A-Za-z]+-?[0-9]+"
_NOQA = re.compile(rf"#\s*noqa(?::\s*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*))?", re.IGNORECASE)
_IGNORE = re.compile(r"#\s*modlint:\s*ignore\[(?P<codes>[^\]]*)\]")
ALL = ("ALL",)


def suppressed_codes(line: str) -> tuple[str, ...]:
    """Codes suppressed on one source line (``("ALL",)`` for a bare ``# noqa``)."""
    found: list[str] = []
    for match in _NOQA.finditer(line):
        codes = match.group("codes")
        if codes is None:
            return ALL
        found += re.findall(_CODE, codes)
    for match in _IGNORE.finditer(line):
        found += [c.strip() for c in match.group("codes").split(",") if c.strip()]
    return tuple(found)


class LineReader:
    """Reads a reported line lazily, once per file; folders and unreadable files have no lines."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str:
        if path not in self._lines:
            try:
                self._lines[path] = (self.root / path).read_text("utf-8", errors="replace").splitlines()
            except OSError:
                self._lines[path] = []
        lines = self._lines[path]
        return lines[number - 1] if 0 < number <= len(lines) else ""


def without_inline(findings: Iterable[Finding], line_of: Callable[[str, int], str]) -> list[Finding]:
    """Drop findings whose reported line carries a matching suppression comment."""
    kept = []
    for finding in findings:
        codes = suppressed_codes(line_of(finding.path, finding.line))
        if not (codes and matches(finding.rule_id, codes)):
            kept.append(finding)
    return kept


def without_module_ignores(findings: Iterable[Finding], per_module: Mapping[str, Sequence[str]]) -> list[Finding]:
    """Drop findings of modules whose name matches a ``per-module-ignores`` pattern for the rule."""

    def ignored(finding: Finding) -> bool:
        return finding.module is not None and any(
            fnmatch.fnmatchcase(finding.module, pattern) and matches(finding.rule_id, codes)
            for pattern, codes in per_module.items()
        )

    return [f for f in findings if not ignored(f)]
