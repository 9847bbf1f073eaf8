"""Errors the user must fix before modlint can run: bad rule files, bad configuration, bad usage.

Each problem names the file, the line, the rule id and the field, so one run reports them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from modlint.values import Value

#: Control characters as their escapes (``\n`` as ``\\n``): a message quoting a hand-edited value stays one line.
_CONTROL = {code: repr(chr(code))[1:-1] for code in (*range(32), 127)}


def file_system_problem(exc: BaseException) -> str | None:
    """What the file system refused, on one line, when ``exc`` says so (the user's to fix, not a bug),
    else None: an OSError's reason and path (a name too long, a full disk, an unwritable folder), or a
    link loop ``Path.resolve()`` met (a RuntimeError before Python 3.13: a cache folder or an output
    linked to itself)."""
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    loop = "Symlink loop from "
    if isinstance(exc, RuntimeError) and str(exc).startswith(loop):
        return f"symbolic link loop: {str(exc)[len(loop) :]}"
    return None


def one_line(text: str) -> str:
    """``text`` with its control characters (a newline, a NUL) written as escapes."""
    return text.translate(_CONTROL)


class Problem(Value):
    """One thing wrong in a rule file or configuration."""

    file: str
    line: int | None
    message: str
    rule_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.rule_id:
            parts.append(f"rule {self.rule_id}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return one_line(": ".join([*parts, self.message]))  # a hand-written id or value may hold a newline


class ConfigError(Exception):
    """Raised with every problem found, never just the first; the CLI exits 2."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = in_reading_order(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def in_reading_order(problems: Sequence[Problem]) -> tuple[Problem, ...]:
    """Files in the order they were read, each file's problems by line (whole-file ones first): the
    order a user fixes them in, whatever order the validators happened to find them."""
    first_seen: dict[str, int] = {}
    for problem in problems:
        first_seen.setdefault(problem.file, len(first_seen))
    return tuple(sorted(problems, key=lambda p: (first_seen[p.file], p.line or 0)))


class UsageError(Exception):
    """A bad command-line request (unknown rule id, missing path); the CLI exits 2."""


class OutputError(Exception):
    """Standard output could not be written (a full disk, a closed file); the CLI exits 2."""
