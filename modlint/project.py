"""Load a project's configuration: settings, then the rule set (defaults + user files), then selection.

Every configuration problem is raised at once as a ConfigError.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from modlint import selection
from modlint.checks import Rule
from modlint.errors import ConfigError, Problem
from modlint.ruleset import RuleSet, default_rule_files, load_ruleset
from modlint.settings import LoadedSettings, rule_file_paths


@dataclass(frozen=True)
class Project:
    """A checked project: its root, its settings and its full rule set."""

    root: Path
    loaded: LoadedSettings
    ruleset: RuleSet

    def active_rules(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[Rule, ...]:
        """Enabled rules after ``select`` (CLI replaces config) and ``ignore`` (CLI adds to config)."""
        chosen = select if select else self.loaded.settings.select
        ignored = [*self.loaded.settings.ignore, *ignore]
        return tuple(r for r in self.ruleset.enabled if selection.is_active(r.id, chosen, ignored))


def load_project(root: Path, loaded: LoadedSettings) -> Project:
    """Build the rule set and check the configuration's rule references against it."""
    settings = loaded.settings
    files = [(p, f"<modlint>/rules/{p.name}") for p in default_rule_files()] if settings.default_rules else []
    ruleset = load_ruleset(files + rule_file_paths(loaded, root))
    ids = [r.id for r in ruleset.rules]
    problems = []
    for key, values in (("select", settings.select), ("ignore", settings.ignore)):
        for bad in selection.unknown(values, ids):
            problems.append(_unknown(loaded, key, bad))
    for pattern, codes in settings.per_module_ignores.items():
        for bad in selection.unknown(codes, ids):
            problems.append(_unknown(loaded, "per-module-ignores", bad, pattern))
    if problems:
        raise ConfigError(problems)
    return Project(root, loaded, ruleset)


def _unknown(loaded: LoadedSettings, key: str, bad: str, sub: str | None = None) -> Problem:
    line = loaded.line_of(sub or key) if loaded.source else None
    field = f"{key}.{sub}" if sub else key
    return Problem(str(loaded.source), line, f"unknown rule id or prefix {bad!r}", field=field)
