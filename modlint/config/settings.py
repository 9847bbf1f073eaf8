"""Project settings from ``[tool.modlint]`` in pyproject.toml (or a ``--config`` TOML file).

Keys are kebab-case, unknown keys are errors, and each error names the file, line and key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from modlint import globs
from modlint.checks.spec import Field, Spec, field_validator
from modlint.errors import ConfigError, Problem
from modlint.files import MAX_SOURCE_BYTES
from modlint.findings import Severity
from modlint.layout import DEFAULT_DEFINITION, DEFAULT_EXCLUDE, DEFAULT_MODULES_ROOT, DefinitionSpec
from modlint.project import read_tool_table
from modlint.values import Value

ARCHITECTURE_RULES_DIR = ".architecture-rules"


def _kebab(name: str) -> str:
    return name.replace("_", "-")


#: The status table's default columns: the paths teams tracked by hand while migrating to modules
#: (``{definition}``: the configured definition file, so a ``manifest.py`` layout shows that).
DEFAULT_STATUS_COLUMNS = (
    "{definition}",
    "config.py",
    "migrations/",
    "routes/api/",
    "routes/pages/",
    "locales/",
    "templates/",
    "static/",
)


class StatusSettings(Spec):
    """``[tool.modlint.status]``: what ``modlint status`` shows."""

    columns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_STATUS_COLUMNS),
        description="module-relative files and folders (trailing `/`), one column each",
    )

    @field_validator("columns")
    @classmethod
    def _plain_paths(cls, value: list[str]) -> list[str]:
        shape = "must be a module-relative path such as 'routes/api/'"
        problems = [f"{entry!r} {shape}" for entry in value if not _plain(entry)]
        seen = [entry.rstrip("/") for entry in value]  # `schemas` and `schemas/` are one column
        problems += [f"{entry!r} is listed twice" for i, entry in enumerate(value) if seen[i] in seen[:i]]
        if not value:
            problems.append("the list is empty: the table would have no column")
        if problems:
            raise ValueError("\n".join(problems))
        return value


def _plain(entry: str) -> bool:
    """A module-relative path as the module's file list spells it: no glob characters or
    backslashes, no ``.``/``..`` or empty segment (``./exceptions.py`` would name no file the
    module lists), not absolute; ``{definition}`` stands for the configured definition file."""
    parts = entry.replace("{definition}", "definition.py").rstrip("/").split("/")
    return (
        bool(entry.strip("/"))
        and not entry.startswith("/")
        and not any(c in "/".join(parts) for c in "*?[]{}\\|")
        and not {"", ".", ".."} & set(parts)
    )


def _no_blank(selectors: list[str]) -> list[str]:
    """Rule selectors as written; an empty one (``ignore = [""]``) would select every rule."""
    if any(not selector.strip() for selector in selectors):
        raise ValueError("an empty rule selector selects every rule; write a rule id, code or prefix (or ALL)")
    return selectors


class Settings(Spec):
    """Everything ``[tool.modlint]`` may hold (keys kebab-case)."""

    schema_config: ClassVar[Mapping[str, Any]] = {"alias_generator": _kebab}

    modules_root: str = DEFAULT_MODULES_ROOT
    source_roots: list[str] = Field(default_factory=lambda: ["."])
    rule_files: list[str] = Field(default_factory=list)
    default_rules: bool = True
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = Field(default_factory=list)
    per_module_ignores: dict[str, list[str]] = Field(default_factory=dict)
    fail_on: Severity = Severity.ERROR
    baseline: str | None = None
    cache_dir: str | None = None
    #: The largest file read, in KiB (like pre-commit's ``--maxkb``): a larger one is MOD-000 "too
    #: large" instead of an unbounded read of, say, a generated or minified file.
    max_file_kb: int = MAX_SOURCE_BYTES // 1024
    #: Where module facts come from (``[tool.modlint.definition]``); the runtime reads the same table.
    definition: DefinitionSpec = DEFAULT_DEFINITION
    status: StatusSettings = Field(default_factory=StatusSettings)

    @field_validator("definition", mode="before")
    @classmethod
    def _definition(cls, value: object) -> object:
        if isinstance(value, dict):
            return DefinitionSpec.from_table(value)
        if isinstance(value, DefinitionSpec):
            return value
        raise ValueError("definition must be a table, e.g. [tool.modlint.definition]")

    @field_validator("modules_root")
    @classmethod
    def _inside_project(cls, value: str) -> str:
        clean = value.strip().strip("/")
        if value.startswith("/") or clean in ("", ".") or ".." in clean.split("/") or "\\" in value:
            raise ValueError(f"{value!r} must be a folder inside the project, such as 'app/modules'")
        return clean

    @field_validator("max_file_kb")
    @classmethod
    def _positive_size(cls, value: int) -> int:
        if not 1 <= value <= 1024 * 1024:
            raise ValueError(f"{value} must be a number of KiB from 1 to 1048576 (1 GiB), such as 10240")
        return value

    @property
    def max_file_bytes(self) -> int:
        """``max-file-kb`` in bytes."""
        return self.max_file_kb * 1024

    @field_validator("source_roots")
    @classmethod
    def _relative_roots(cls, value: list[str]) -> list[str]:
        bad = [root for root in value if root.startswith("/") or ".." in root.split("/")]
        if bad:  # every bad entry, one line each
            raise ValueError("\n".join(f"source root {root!r} must be relative to the project root" for root in bad))
        return value

    @field_validator("select", "ignore")
    @classmethod
    def _selectors(cls, value: list[str]) -> list[str]:
        return _no_blank(value)

    @field_validator("per_module_ignores")
    @classmethod
    def _module_selectors(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for pattern, selectors in value.items():
            if not pattern.strip() or "/" in pattern or pattern.startswith("!"):  # it would match no module
                raise ValueError(f"{pattern!r} is not a module-name pattern such as 'orders' or 'legacy_*'")
            _no_blank(selectors)
        return value

    @field_validator("exclude", "extend_exclude")
    @classmethod
    def _exclude_patterns(cls, value: list[str]) -> list[str]:
        """A name (``.venv``) or a path pattern (``app/legacy/**``), checked as the rule files' ``files``
        are: an unclosed ``[`` or a bad range used to surface as an internal error of the walk."""
        problems = [problem for entry in value if (problem := globs.validate_exclude(entry))]
        if problems:  # every bad entry, one line each
            raise ValueError("\n".join(problems))
        return value

    @property
    def all_excludes(self) -> list[str]:
        """``exclude`` plus ``extend-exclude``."""
        return [*self.exclude, *self.extend_exclude]


class LoadedSettings(Value):
    """Settings plus where they came from (for messages and for resolving rule-file paths)."""

    settings: Settings
    source: Path | None
    text: str = ""

    def line_of(self, key: str) -> int | None:
        """The line where ``key`` (or ``table.key``, inside ``[tool.modlint.table]``) is set, best effort."""
        table, dot, inner = key.partition(".")
        header = self._line_matching(rf"\[tool\.modlint\.{re.escape(table)}\]")
        if dot and header is not None:
            return self._line_matching(rf"[\"']?{re.escape(inner)}[\"']?\s*=", after=header) or header
        return self._line_matching(rf"[\"']?{re.escape(table)}[\"']?\s*=") or header

    def _line_matching(self, regex: str, after: int = 0) -> int | None:
        """The first line (1-based) after line ``after`` that starts with ``regex``; a table header ends the search
        of a table's keys."""
        pattern = re.compile(rf"^\s*{regex}")
        for number, line in enumerate(self.text.splitlines()[after:], start=after + 1):
            if pattern.match(line):
                return number
            if after and line.lstrip().startswith("["):
                return None
        return None


def load_settings(root: Path, config_file: Path | None = None) -> LoadedSettings:
    """Read ``[tool.modlint]`` from ``config_file`` or ``root/pyproject.toml``; defaults when absent."""
    source = config_file or root / "pyproject.toml"
    if not source.is_file():
        if config_file is not None:
            raise ConfigError([Problem(str(config_file), None, "config file not found")])
        return LoadedSettings(Settings(), None)
    text, table = read_tool_table(source, explicit=config_file is not None)
    loaded = LoadedSettings(Settings(), source, text)
    if not table:  # the defaults are valid: no need to import pydantic and build the model
        return loaded
    from pydantic import ValidationError  # lazy: only a configuration being validated needs pydantic

    from modlint.config import schema

    try:
        return LoadedSettings(schema.validate(Settings, table), source, text)
    except ValidationError as exc:
        raise ConfigError([problem for error in exc.errors() for problem in _problems(loaded, error)]) from None


def _problems(loaded: LoadedSettings, error: Any) -> list[Problem]:
    """One problem per line of a validation error (a validator may report several at once)."""
    loc = [str(part) for part in error["loc"]]
    key = ".".join(loc) or None
    message = "unknown key" if error["type"] == "extra_forbidden" else str(error["msg"]).removeprefix("Value error, ")
    problems = []
    for text in message.splitlines():
        field, keyed, rest = text.partition(": ")
        # A table's validator names the key inside it ("definition.file: ..."): point at that key.
        here, text = (field, rest) if keyed and key and field.startswith(key + ".") else (key, text)
        problems.append(Problem(str(loaded.source), loaded.line_of(here) if here else None, text, field=here))
    return problems


def baseline_path(loaded: LoadedSettings, root: Path) -> Path | None:
    """The configured baseline file (relative to the config file), if any."""
    if loaded.settings.baseline is None:
        return None
    return (loaded.source.parent if loaded.source else root) / loaded.settings.baseline


def rule_file_paths(loaded: LoadedSettings, root: Path) -> list[tuple[Path, str]]:
    """The user's rule files: ``rule-files`` (relative to the config file) then ``.architecture-rules/*.yaml``."""
    base = loaded.source.parent if loaded.source else root
    found: list[tuple[Path, str]] = []
    missing: list[Problem] = []
    for name in loaded.settings.rule_files:
        path = (base / name).resolve()
        if path.is_file():
            found.append((path, _display(path, root)))
        else:
            line = loaded.line_of("rule-files")
            missing.append(Problem(str(loaded.source), line, f"rule file {name!r} not found", field="rule-files"))
    if missing:
        raise ConfigError(missing)
    return found + [(p, _display(p, root)) for p in architecture_rule_files(root)]


def architecture_rule_files(root: Path) -> list[Path]:
    """The ``.yaml``/``.yml`` files in ``root/.architecture-rules/``, sorted; a folder that cannot be
    listed is a ConfigError (the team's rules must not be skipped silently)."""
    folder = root / ARCHITECTURE_RULES_DIR
    if not folder.is_dir():
        return []
    try:
        listed = sorted(folder.iterdir())
    except OSError as exc:
        raise ConfigError([Problem(str(folder), None, f"cannot list the rule folder: {exc.strerror}")]) from None
    # anything but a folder: a FIFO or a dangling link named like a rule file is reported, not skipped
    return [p for p in listed if p.suffix in (".yaml", ".yml") and not p.is_dir()]


def _display(path: Path, root: Path) -> str:
    """A rule file as the user named it, relative to the project: a link by its own name, not its
    target's (a broken link's target may be anywhere, or nowhere)."""
    try:
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except (ValueError, RuntimeError):  # outside the project; a link loop (Python < 3.13)
        return str(path)
