"""Suppression comments and per-module ignores.

On the reported line: ``# noqa``, ``# noqa: MOD010``, ``# modlint: ignore[MOD-010]``; anywhere in a
file: ``# modlint: ignore-file[MOD-002]``. Per-module ignores come from ``[tool.modlint]``.
Text only: no parsing, so any file can be scanned cheaply.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from modlint.facts import Suppression
from modlint.findings import Finding, Position
from modlint.selection import matches

_CODE = r"[A-Za-z]+-?[0-9]+"
_NOQA = re.compile(rf"#\s*noqa(?::\s*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*))?", re.IGNORECASE)
_IGNORE = re.compile(r"#\s*modlint:\s*ignore\[(?P<codes>[^\]]*)\]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_IGNORE_FILE = re.compile(r"#\s*modlint:\s*ignore-file\[(?P<codes>[^\]]*)\]")
ALL = ("ALL",)


def python_lines(text: str) -> list[str]:
    """Lines as Python counts them: only ``\\n``, ``\\r\\n`` and ``\\r`` end a line (``str.splitlines``
    also splits at form feeds and U+2028, which would shift every line number after them)."""
    return _LINE_BREAK.split(text)


def _split(codes: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in codes.split(",") if c.strip())


def scan(text: str) -> tuple[Suppression, ...]:
    """Every suppression comment in a file's text, with its position (1-based)."""
    found: list[Suppression] = []
    if "noqa" not in text.lower() and "modlint:" not in text:
        return ()
    for number, line in enumerate(python_lines(text), start=1):
        if "#" not in line:
            continue
        for match in _NOQA.finditer(line):
            codes = tuple(re.findall(_CODE, match.group("codes") or ""))
            found.append(Suppression(Position(number, match.start() + 1), codes))
        for match in _IGNORE.finditer(line):
            found.append(Suppression(Position(number, match.start() + 1), _split(match.group("codes"))))
        for match in _IGNORE_FILE.finditer(line):
            found.append(Suppression(Position(number, match.start() + 1), _split(match.group("codes")), True))
    return tuple(found)


def suppressed_codes(line: str) -> tuple[str, ...]:
    """Codes suppressed on one source line (``("ALL",)`` for a bare ``# noqa``)."""
    found: list[str] = []
    for match in _NOQA.finditer(line):
        codes = match.group("codes")
        if codes is None:
            return ALL
        found += re.findall(_CODE, codes)
    for match in _IGNORE.finditer(line):
        found += _split(match.group("codes"))
    return tuple(found)


class LineReader:
    """Reads a reported file lazily, once; folders and unreadable files have no lines."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lines: dict[str, list[str]] = {}
        self._file_codes: dict[str, tuple[str, ...]] = {}

    def lines(self, path: str) -> list[str]:
        """All lines of a file (empty when it is a folder or cannot be read)."""
        if path not in self._lines:
            try:
                self._lines[path] = python_lines((self.root / path).read_text("utf-8", errors="replace"))
            except OSError:
                self._lines[path] = []
        return self._lines[path]

    def line(self, path: str, number: int) -> str:
        """One 1-based line, or an empty string."""
        lines = self.lines(path)
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def file_codes(self, path: str) -> tuple[str, ...]:
        """Codes a ``# modlint: ignore-file[...]`` comment anywhere in the file suppresses."""
        if path not in self._file_codes:
            codes: list[str] = []
            for line in self.lines(path):
                if "ignore-file" in line:
                    for match in _IGNORE_FILE.finditer(line):
                        codes += _split(match.group("codes"))
            self._file_codes[path] = tuple(codes)
        return self._file_codes[path]


def is_suppressed(finding: Finding, reader: LineReader) -> bool:
    """Whether a comment on the reported line, or a file-level one, suppresses ``finding``."""
    codes = suppressed_codes(reader.line(finding.path, finding.line))
    if codes and matches(finding.rule_id, codes):
        return True
    file_codes = reader.file_codes(finding.path)
    return bool(file_codes) and matches(finding.rule_id, file_codes)


def without_inline(findings: Iterable[Finding], reader: LineReader) -> list[Finding]:
    """Drop findings suppressed by a comment on their line or a file-level comment."""
    return [f for f in findings if not is_suppressed(f, reader)]


def without_module_ignores(findings: Iterable[Finding], per_module: Mapping[str, Sequence[str]]) -> list[Finding]:
    """Drop findings of modules whose name matches a ``per-module-ignores`` pattern for the rule."""

    def ignored(finding: Finding) -> bool:
        return finding.module is not None and any(
            fnmatch.fnmatchcase(finding.module, pattern) and matches(finding.rule_id, codes)
            for pattern, codes in per_module.items()
        )

    return [f for f in findings if not ignored(f)]
