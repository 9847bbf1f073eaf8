"""The one parser of suppression comments: ``# noqa``, ``# noqa: MOD010``, ``# modlint: ignore[MOD-010]``
on a line, ``# modlint: ignore-file[MOD-002]`` anywhere in a file.

Text only, no parsing, so any file can be scanned cheaply. The facts of every file read carry what
this finds; applying them to findings (:mod:`modlint.results.suppressions`) and judging unused ones
(MOD-100) both use these values, so they can never disagree about what a comment means.
"""

from __future__ import annotations

import functools
import re

from modlint.facts.model import Suppression
from modlint.findings import Position

_CODE = r"[A-Za-z]+-?[0-9]+"
ALL = ("ALL",)
_QUOTES = ("'", '"', "'''", '"""')


class _Patterns:
    """The patterns, each compiled when first used: most one-file runs scan no text that looks like
    a suppression, and compiling them all cost every start-up ~2 ms."""

    @functools.cached_property
    def noqa(self) -> re.Pattern[str]:
        return re.compile(rf"#\s*noqa(?::\s*(?P<codes>{_CODE}(?:[\s,]+{_CODE})*))?", re.IGNORECASE)

    @functools.cached_property
    def ignore(self) -> re.Pattern[str]:
        return re.compile(r"#\s*modlint:\s*ignore\[(?P<codes>[^\]]*)\]")

    @functools.cached_property
    def ignore_file(self) -> re.Pattern[str]:
        return re.compile(r"#\s*modlint:\s*ignore-file\[(?P<codes>[^\]]*)\]")

    @functools.cached_property
    def line_end(self) -> re.Pattern[str]:
        return re.compile(r"\r\n|\r|\n")

    @functools.cached_property
    def opener(self) -> re.Pattern[str]:
        """Outside strings: what opens a comment or a string, and line ends."""
        return re.compile("|".join(["#", *(re.escape(q) for q in reversed(_QUOTES)), r"\r\n|\r|\n"]))

    @functools.cached_property
    def closers(self) -> dict[str, re.Pattern[str]]:
        """Inside a string: what ends each kind (a backslash escapes the next character in every
        kind, raw strings included; a one-quote string ends at its line end, unclosed)."""
        ends = {q: re.escape(q) + (r"|\r|\n" if len(q) == 1 else "") for q in _QUOTES}
        return {q: re.compile(r"\\(?:\r\n|[\s\S])|" + end) for q, end in ends.items()}


_PATTERNS = _Patterns()


def python_lines(text: str) -> list[str]:
    """Lines as Python counts them: only ``\\n``, ``\\r\\n`` and ``\\r`` end a line (``str.splitlines``
    also splits at form feeds and U+2028, which would shift every line number after them)."""
    return text.split("\n") if "\r" not in text else _PATTERNS.line_end.split(text)  # str.split: several times faster


def _split(codes: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in codes.split(",") if c.strip())


def scan(text: str, *, python: bool = True) -> tuple[Suppression, ...]:
    """Every suppression comment in a file's text, with its position (1-based); in Python source
    (``python``) only those in comments, not in a string or docstring that shows one."""
    if "noqa" not in text.lower() and "modlint:" not in text:
        return ()
    found: list[Suppression] = []
    for number, line in enumerate(python_lines(text), start=1):
        if "#" in line:
            found += _scan_line(number, line)
    if not found or not python:
        return tuple(found)
    comments = comment_columns(text)
    if comments is None:  # a string never closed: the file does not parse (MOD-000), keep what was seen
        return tuple(found)
    return tuple(s for s in found if s.position.line in comments and s.position.column >= comments[s.position.line])


def comment_columns(text: str) -> dict[int, int] | None:
    """``{line: column}`` (1-based) where a comment starts, for each line that has one; None when a
    string is never closed. A small lexer rather than ``tokenize`` (pure Python before 3.12, as slow
    as parsing the file): it runs only on files that hold suppression-like text, and visits only
    quotes, ``#`` and line ends."""
    columns: dict[int, int] = {}
    line, line_start, pos = 1, 0, 0
    while (opened := _PATTERNS.opener.search(text, pos)) is not None:
        token, pos = opened.group(), opened.end()
        if token == "#":
            columns[line] = opened.start() - line_start + 1
            end = _PATTERNS.line_end.search(text, pos)
            pos = end.start() if end is not None else len(text)
        elif token in ("\r\n", "\r", "\n"):
            line, line_start = line + 1, pos
        else:
            closed = _string_end(text, pos, token)
            if closed is None:
                return None
            breaks = list(_PATTERNS.line_end.finditer(text, pos, closed))
            if breaks:
                line, line_start = line + len(breaks), breaks[-1].end()
            pos = closed
    return columns


def _string_end(text: str, pos: int, quote: str) -> int | None:
    """The offset just past the string opened by ``quote`` before ``pos``; None when it never closes."""
    closer = _PATTERNS.closers[quote]
    while (found := closer.search(text, pos)) is not None:
        pos = found.end()
        if found.group() == quote:
            return pos
        if found.group() in ("\r", "\n"):  # a one-quote string left open at its line end
            return None
    return None


def _scan_line(number: int, line: str) -> list[Suppression]:
    found: list[Suppression] = []
    for match in _PATTERNS.noqa.finditer(line):
        codes = match.group("codes")
        everything = codes is None
        found.append(
            Suppression(Position(number, match.start() + 1), tuple(re.findall(_CODE, codes or "")), everything)
        )
    for match in _PATTERNS.ignore.finditer(line):
        found.append(Suppression(Position(number, match.start() + 1), _split(match.group("codes"))))
    for match in _PATTERNS.ignore_file.finditer(line):
        found.append(Suppression(Position(number, match.start() + 1), _split(match.group("codes")), file_level=True))
    return found


def suppressed_codes(line: str) -> tuple[str, ...]:
    """Codes the comments on one source line suppress there (``("ALL",)`` for a bare ``# noqa``)."""
    on_line = [s for s in _scan_line(1, line) if not s.file_level]
    if any(s.everything for s in on_line):
        return ALL
    return tuple(code for s in on_line for code in s.codes)
