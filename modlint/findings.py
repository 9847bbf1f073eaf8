"""Plain values that flow out of the checks: severities, positions, fixes and findings.

Nothing here does I/O; reporters, suppressions and fixes consume these values.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence

from modlint.values import Value

#: A position a message quotes (``... at app/modules/orders/services/checkout.py:4:1``).
_QUOTED_POSITION = re.compile(r"(?<=\.py):\d+:\d+\b")


def line_free(message: str) -> str:
    """``message`` without the positions it quotes: what baselines and fingerprints match a finding
    by, so that a cycle's message, which says where each of its imports is written, keeps matching
    when code above one of them moves (the finding's own line is never part of its identity)."""
    return _QUOTED_POSITION.sub("", message)


class Severity(str, enum.Enum):
    """How bad a finding is; ``error`` fails the run by default."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for ``--fail-on``."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Position(Value, order=True):
    """A 1-based line and column in a file."""

    line: int = 1
    column: int = 1


class Fix(Value):
    """A machine-applicable fix: create an empty file at ``create`` (project-relative POSIX path)."""

    create: str
    description: str


class Finding(Value):
    """One violation of one rule at one place."""

    rule_id: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    module: str | None = None
    fix: Fix | None = None
    #: Other modules the finding is about (a cycle's members): a pre-commit run that checks any of
    #: them reports it, wherever it is located. Not part of any output format.
    related: tuple[str, ...] = ()
    #: The project-relative path the finding is about when that is not where it is shown (a missing
    #: folder, reported at the definition): what ``modlint status`` marks. Not part of any output format.
    subject: str | None = None

    @property
    def identity(self) -> tuple[str, str, str]:
        """What baselines and fingerprints match the finding by: rule, file and :func:`line_free`
        message, never a line."""
        return (self.rule_id, self.path, line_free(self.message))

    @property
    def about(self) -> str:
        """The project-relative path the finding is about: its ``subject``, else where it is shown."""
        return self.subject or self.path

    @property
    def code(self) -> str:
        """The flake8-style code: ``MOD-001`` becomes ``MOD001``."""
        return code_of(self.rule_id)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Deterministic order: path, line, column, code, message."""
        return (self.path, self.line, self.column, self.code, self.message)


def code_of(rule_id: str) -> str:
    """Turn a rule id into its code (``MOD-001`` -> ``MOD001``)."""
    return rule_id.replace("-", "").upper()


def normalize(selector: str) -> str:
    """``mod-001`` -> ``MOD001``; ``ALL`` stays ``ALL``."""
    return code_of(selector.strip())


def matches(rule_id: str, selectors: Sequence[str]) -> bool:
    """Whether any selector names the rule: ``ALL``; a rule id, written with its ``-`` (``MOD-001``,
    ``ARCH-1``), names that rule only (``ARCH-1`` is no prefix of ``ARCH-10``); a code or a prefix
    (``MOD001``, ``MOD01``) names every rule whose code starts with it."""
    code = code_of(rule_id)
    for selector in selectors:
        wanted = normalize(selector)
        if wanted == "ALL" or (code == wanted if "-" in selector else code.startswith(wanted)):
            return True
    return False
