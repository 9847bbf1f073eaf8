"""The outcome of one run, as a plain value: what reporters render and the exit code is chosen from."""

from __future__ import annotations

from pathlib import Path

from modlint.checks import Rule
from modlint.facts.reading import ReadStats
from modlint.findings import Finding, Severity
from modlint.values import Value, field


class Report(Value):
    """The outcome of one run; reporters are pure functions of it."""

    root: Path
    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]
    files: int
    modules: int
    notes: tuple[str, ...] = ()
    modules_root: str = "app/modules"
    #: Findings matched by the baseline (not reported, except in SARIF as ``unchanged``).
    baselined: tuple[Finding, ...] = ()
    #: Whether a baseline was applied (SARIF then states ``baselineState`` on every result).
    baseline_applied: bool = False
    timings: tuple[tuple[str, float], ...] = ()
    read_stats: ReadStats = field(default_factory=ReadStats)

    def count(self, severity: Severity) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self, fail_on: Severity) -> bool:
        """Whether any finding is at least as severe as ``fail_on``."""
        return any(f.severity.rank >= fail_on.rank for f in self.findings)

    def rule(self, rule_id: str) -> Rule | None:
        """The active rule with this id."""
        return next((r for r in self.rules if r.id == rule_id), None)
