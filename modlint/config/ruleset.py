"""The rule set: shipped defaults merged with the user's rule files by id, validated up front.

Every problem in every file is collected and raised at once as a :class:`~modlint.errors.ConfigError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from modlint.checks import KINDS, Rule
from modlint.config import schema
from modlint.config.rulefiles import LineDict, RawRule, read_rule_file
from modlint.errors import ConfigError, Problem
from modlint.findings import code_of

KIND_NAMES = tuple(KINDS)


def load_ruleset(files: Sequence[tuple[Path, str]]) -> tuple[Rule, ...]:
    """Load ``(path, display name)`` rule files in order; a later file's rule merges onto an earlier
    id. The rules, sorted by id (:class:`~modlint.config.loading.RuleSet` holds them)."""
    problems: list[Problem] = []
    merged: dict[str, RawRule] = {}
    for path, display in files:
        try:
            raws, found = read_rule_file(path, display)
        except ConfigError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(found)
        for raw in raws:
            rid = raw.rule_id or ""
            merged[rid] = _merge(merged[rid], raw) if rid in merged else raw
    rules = _validate(merged.values(), problems)
    problems += _shared_codes(merged)
    if problems:
        raise ConfigError(sorted(problems, key=lambda p: (p.file, p.line or 0)))
    return tuple(sorted(rules, key=lambda r: r.id))


def _shared_codes(merged: dict[str, RawRule]) -> list[Problem]:
    """Two ids with one code (``MOD0-13`` and ``MOD-013`` are both ``MOD013``): findings, ``--select``
    and ``# noqa`` could not tell the rules apart. The later id in sorted order is the problem."""
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for rid in sorted(merged, key=lambda r: (code_of(r), r)):
        if not rid:
            continue
        other = first.setdefault(code_of(rid), rid)
        if other != rid:
            file, line = merged[rid].line_of("id")
            message = f"rule id {rid!r} has the code {code_of(rid)} of rule {other} (ids must differ in more than '-')"
            problems.append(_located(merged[rid], file, line, message, "id"))
    return problems


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
        kind = _kind_of(raw, problems)
        if kind is None:
            continue
        try:
            rules.append(schema.validate(kind, dict(raw.data)))
        except ValidationError as exc:
            problems.extend(_problems_of(raw, exc))
    return rules


def _kind_of(raw: RawRule, problems: list[Problem]) -> type[Rule] | None:
    """The kind class a rule's ``check`` names, else a problem at that field."""
    name = raw.data.get("check")
    kind = KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        if "check" in raw.data:
            message = f"unknown check kind {name!r} (known: {', '.join(KIND_NAMES)})"
        else:
            message = f"missing 'check' (one of: {', '.join(KIND_NAMES)})"
        file, line = raw.line_of("check")
        problems.append(_located(raw, file, line, message, "check"))
    return kind


def _located(raw: RawRule, file: str, line: int, message: str, field: str | None) -> Problem:
    if raw.merged_onto and not (field and raw.origins.get(field.split(".")[0], ("",))[0] == raw.file):
        message += f" (after merging onto the rule in {raw.merged_onto})"
    return Problem(file, line, message, raw.rule_id, field)


def _problems_of(raw: RawRule, exc: ValidationError) -> list[Problem]:
    out = []
    for error in exc.errors():
        loc = [str(part) for part in error["loc"]]
        field = ".".join(loc) or None
        file, line = raw.line_of(loc[0] if loc else field)
        for message in _message(error).split("\n"):  # a list field reports each bad entry on a line
            out.append(_located(raw, file, line, message, field))
    return out


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")
