"""Load a project's whole configuration: settings, then the rule set (defaults + user files), then
the rule references in the settings. The values (``ProjectConfig``, ``RuleSet``) are plain; the
validating loaders (YAML, pydantic) are imported only when a configuration is validated.

Every configuration problem is raised at once as a ConfigError.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from pathlib import Path

from modlint import codec
from modlint.checks import Rule
from modlint.config import selection
from modlint.config import shipped as compiled
from modlint.config.settings import LoadedSettings, Settings, load_settings, rule_file_paths
from modlint.config.shipped import default_rule_files, shipped_rule_files
from modlint.digests import hexdigest
from modlint.errors import ConfigError, Problem
from modlint.values import Value


class RuleSet(Value):
    """All known rules (enabled or not), sorted by id."""

    rules: tuple[Rule, ...]

    @classmethod
    def stored(cls, rules: tuple[Rule, ...], digest: str) -> RuleSet:
        """The rule set a configuration snapshot stored, with the :attr:`digest` it stored (a copy
        made with ``values.replace`` works its own digest out again)."""
        ruleset = cls(rules)
        ruleset.__dict__["digest"] = digest  # where cached_property keeps its value
        return ruleset

    @functools.cached_property
    def digest(self) -> str:
        """Identity of the enabled rules, for the caches: any change to any of them changes it. A
        warm run takes it from the snapshot (encoding every rule again costs milliseconds)."""
        return digest_of(self.enabled)

    def get(self, rule_id: str) -> Rule | None:
        """The rule with this id, or None."""
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def enabled(self) -> tuple[Rule, ...]:
        """Rules not switched off with ``enabled: false``."""
        return tuple(r for r in self.rules if r.enabled)


def digest_of(rules: Sequence[Rule]) -> str:
    """The identity of a rule set: a digest of every rule's plain-data encoding."""
    text = "\n".join(sorted(json.dumps(codec.encode(rule)) for rule in rules))
    return hexdigest(text.encode())


class ProjectConfig(Value):
    """A checked project's configuration: its root, its settings and its full rule set."""

    root: Path
    loaded: LoadedSettings
    ruleset: RuleSet

    @property
    def settings(self) -> Settings:
        """The validated ``[tool.modlint]`` table."""
        return self.loaded.settings

    def missing_modules_root(self) -> str | None:
        """Why the project cannot be checked when its modules root does not exist, else None. A
        misconfiguration, not a clean project: a CI job must not pass forever on "0 modules"."""
        modules_root = self.settings.modules_root
        if not (self.root / modules_root).is_dir():
            return f"modules root '{modules_root}' does not exist in {self.root} (set modules-root in [tool.modlint])"
        try:
            with os.scandir(self.root / modules_root):
                pass
        except OSError as exc:
            return f"modules root '{modules_root}' cannot be listed: {exc.strerror or exc}"
        return None

    def active_rules(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[Rule, ...]:
        """Enabled rules after ``select`` (CLI replaces config) and ``ignore`` (CLI adds to config)."""
        chosen = select if select else self.settings.select
        ignored = [*self.settings.ignore, *ignore]
        return tuple(r for r in self.ruleset.enabled if selection.is_active(r.id, chosen, ignored))


def load_config(root: Path, config_file: Path | None = None) -> ProjectConfig:
    """Read ``[tool.modlint]`` (from ``config_file`` or the root's pyproject.toml) and the rule files."""
    return configure(root, load_settings(root, config_file))


def shipped_rules(settings: Settings) -> tuple[Rule, ...]:
    """The shipped rules as shipped, whatever the project's rule files change (none with
    ``default-rules = false``): what their examples were written for."""
    if not settings.default_rules:
        return ()
    files = default_rule_files()
    rules = compiled.load(files)
    if rules is None:
        from modlint.config.ruleset import load_ruleset  # lazy: YAML and pydantic, only when validating

        rules = load_ruleset(shipped_rule_files(files))
    return rules


def configure(root: Path, loaded: LoadedSettings, extra_rule_files: Sequence[tuple[Path, str]] = ()) -> ProjectConfig:
    """Build the rule set for these settings and check the settings' rule references against it.

    The shipped rules alone come validated (:mod:`modlint.config.shipped`); with rule files of the
    project's own, everything is validated together (an override merges onto a shipped rule)."""
    settings = loaded.settings
    shipped = default_rule_files() if settings.default_rules else []
    own = [*rule_file_paths(loaded, root), *extra_rule_files]
    rules = compiled.load(shipped) if shipped and not own else None
    if rules is None:
        from modlint.config.ruleset import load_ruleset  # lazy: YAML and pydantic, only when validating

        rules = load_ruleset([*shipped_rule_files(shipped), *own])
    ruleset = RuleSet(rules)
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
    return ProjectConfig(root, loaded, ruleset)


def _unknown(loaded: LoadedSettings, key: str, bad: str, sub: str | None = None) -> Problem:
    line = loaded.line_of(sub or key) if loaded.source else None
    field = f"{key}.{sub}" if sub else key
    return Problem(str(loaded.source), line, f"unknown rule id or prefix {bad!r}", field=field)
