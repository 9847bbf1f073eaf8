"""The rule set: shipped defaults merged with the user's rule files by id, validated up front.

Every problem in every file is collected and raised at once as a :class:`~modlint.errors.ConfigError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, cast

from pydantic import Field, TypeAdapter, ValidationError

from modlint.checks import KINDS, Rule
from modlint.config.rulefiles import LineDict, RawRule, load_rule_file
from modlint.errors import ConfigError, Problem

AnyRule = Annotated[Union[tuple(KINDS)], Field(discriminator="check")]  # type: ignore[valid-type]  # noqa: UP007
_ADAPTER: TypeAdapter[Rule] = TypeAdapter(cast(Any, AnyRule))  # the union is built at run time
KIND_NAMES = tuple(kind.kind_name for kind in KINDS)


@dataclass(frozen=True)
class RuleSet:
    """All known rules (enabled or not), sorted by id."""

    rules: tuple[Rule, ...]

    def get(self, rule_id: str) -> Rule | None:
        """The rule with this id, or None."""
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def enabled(self) -> tuple[Rule, ...]:
        """Rules not switched off with ``enabled: false``."""
        return tuple(r for r in self.rules if r.enabled)


def default_rules_dir() -> Path:
    """The shipped ``rules/`` folder: inside the installed package, or beside it in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_default_rules", package.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise ConfigError([Problem(str(package), None, "the shipped rules/ folder is missing from this installation")])


def default_rule_files() -> list[Path]:
    """The shipped rule files, in a stable order."""
    return sorted(default_rules_dir().glob("*.yaml"))


def load_ruleset(files: Sequence[tuple[Path, str]]) -> RuleSet:
    """Load ``(path, display name)`` rule files in order; a later file's rule merges onto an earlier id."""
    problems: list[Problem] = []
    merged: dict[str, RawRule] = {}
    for path, display in files:
        try:
            raws = load_rule_file(path, display)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        for raw in raws:
            rid = raw.rule_id or ""
            merged[rid] = _merge(merged[rid], raw) if rid in merged else raw
    rules = _validate(merged.values(), problems)
    if problems:
        raise ConfigError(sorted(problems, key=lambda p: (p.file, p.line or 0)))
    return RuleSet(tuple(sorted(rules, key=lambda r: r.id)))


def _merge(base: RawRule, override: RawRule) -> RawRule:
    """Override keys replace base keys; a different ``check`` replaces the whole rule."""
    new_check = override.data.get("check")
    if new_check is not None and new_check != base.data.get("check"):
        return override
    data = LineDict({**base.data, **override.data})
    data.line = override.data.line
    data.key_lines = {**base.data.key_lines, **override.data.key_lines}
    return RawRule(override.file, data, {**base.origins, **override.origins}, base.merged_onto or base.file)


def _validate(raws: Iterable[RawRule], problems: list[Problem]) -> list[Rule]:
    rules: list[Rule] = []
    for raw in raws:
        try:
            rules.append(_ADAPTER.validate_python(dict(raw.data)))
        except ValidationError as exc:
            problems.extend(_problems_of(raw, exc))
    return rules


def _problems_of(raw: RawRule, exc: ValidationError) -> list[Problem]:
    out = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        if loc and loc[0] in KIND_NAMES:
            loc = loc[1:]
        field = ".".join(loc) or _tag_field(error)
        file, line = raw.line_of(loc[0] if loc else field)
        message = _message(error, raw)
        if raw.merged_onto and not (loc and raw.origins.get(loc[0], ("",))[0] == raw.file):
            message += f" (after merging onto the rule in {raw.merged_onto})"
        out.append(Problem(file, line, message, raw.rule_id, field))
    return out


def _tag_field(error: Any) -> str | None:
    return "check" if error["type"] in ("union_tag_invalid", "union_tag_not_found") else None


def _message(error: Any, raw: RawRule) -> str:
    kind = error["type"]
    if kind == "union_tag_invalid":
        return f"unknown check kind {raw.data.get('check')!r} (known: {', '.join(KIND_NAMES)})"
    if kind == "union_tag_not_found":
        return f"missing 'check' (one of: {', '.join(KIND_NAMES)})"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")
