"""The engine: layout + facts + active rules -> sorted, suppressed findings. No printing, no exits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from modlint.checks import CheckContext, Rule
from modlint.facts import FileFacts
from modlint.findings import Finding, Severity
from modlint.layout import DEFINITION_FILE, Layout, discover_layout
from modlint.parsing import read_facts
from modlint.settings import Settings
from modlint.suppressions import LineReader, without_inline, without_module_ignores


@dataclass(frozen=True)
class Report:
    """The outcome of one run: what reporters render and what the exit code is chosen from."""

    root: Path
    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]
    files: int
    modules: int
    notes: tuple[str, ...] = ()

    def count(self, severity: Severity) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self, fail_on: Severity) -> bool:
        """Whether any finding is at least as severe as ``fail_on``."""
        return any(f.severity.rank >= fail_on.rank for f in self.findings)


def discover(root: Path, settings: Settings, rules: Sequence[Rule]) -> Layout:
    """List the modules root and every project folder a project-scoped rule looks at."""
    folders: set[str] = set()
    for rule in rules:
        folders |= rule.project_folders()
    return discover_layout(root, settings.modules_root, exclude=settings.all_excludes, extra_folders=folders)


def files_to_read(layout: Layout, rules: Sequence[Rule]) -> list[str]:
    """Every file some active rule needs facts of, plus each module's definition.py, sorted."""
    wanted = {m.project_path(DEFINITION_FILE) for m in layout.modules if m.has(DEFINITION_FILE)}
    for rule in rules:
        wanted |= rule.wanted_files(layout)
    return sorted(wanted)


def read_all(root: Path, paths: Sequence[str], source_roots: Sequence[str]) -> dict[str, FileFacts]:
    """Facts of each file, each read and parsed exactly once."""
    return {path: read_facts(root, path, source_roots) for path in paths}


def run(
    root: Path,
    settings: Settings,
    rules: Sequence[Rule],
    only: Sequence[str] = (),
    enabled: Sequence[Rule] = (),
) -> Report:
    """Check the project at ``root`` with the active ``rules``; ``only`` narrows the report to paths.

    ``enabled`` is the whole enabled rule set: a rule such as MOD-000 that ``reads_all_files`` looks
    at every file those rules read, even when only it was selected.
    """
    readers = [*rules, *enabled] if any(r.reads_all_files for r in rules) else rules
    layout = discover(root, settings, readers)
    facts = read_all(root, files_to_read(layout, readers), settings.source_roots)
    ctx = CheckContext(layout, facts)
    findings = [finding for rule in rules for finding in rule.run(ctx)]
    findings = without_module_ignores(findings, settings.per_module_ignores)
    findings = without_inline(findings, LineReader(root).line)
    if only:
        findings = [f for f in findings if _under_any(f.path, only)]
    notes = tuple(f"{p.path}: {p.message}" for p in layout.problems)
    ordered = tuple(sorted(set(findings), key=lambda f: f.sort_key))
    return Report(root, tuple(rules), ordered, len(facts), len(layout.modules), notes)


def _under_any(path: str, prefixes: Sequence[str]) -> bool:
    return any(p in ("", ".") or path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
