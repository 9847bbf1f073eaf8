"""Kind ``filename_pattern``: file names must follow a pattern such as ``{module}_{seq}_{desc}.py``.

Placeholders: ``{module}`` (the module's own name), ``{seq}`` (digits), ``{desc}`` (lowercase
snake case), ``{name}`` (a Python identifier), plus any regex a rule adds in ``placeholders``.
``unique`` placeholders may not repeat within one module (digit values compare as integers): each
file of a clash is reported, naming the others. A mismatch message shows each placeholder's regex.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, ClassVar

from modlint.checks import patterns
from modlint.checks.base import Anchor, CheckContext, FileRule, describe, module_placeholders
from modlint.checks.spec import Field, ValidationInfo, field_validator
from modlint.findings import Finding
from modlint.layout import Layout, Module

BUILTIN_PLACEHOLDERS = {
    "seq": r"[0-9]+",
    "desc": r"[a-z0-9]+(?:_[a-z0-9]+)*",
    "name": r"[A-Za-z_][A-Za-z0-9_]*",
}
_TOKEN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class FilenamePattern(FileRule):
    """Reports each selected file whose base name does not match, and repeated unique values."""

    default_anchor: ClassVar[Anchor] = Anchor("file")
    has_nodes: ClassVar[bool] = False
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"files": ["locales/*.json"], "pattern": "{lang}.json", "placeholders": {"lang": "[a-z]{2}"}},
            "wrong": [
                {
                    "files": {"locales/english.json": "{}"},
                    "expect": [
                        "locales/english.json:1:1: file name 'english.json' does not match '{lang}.json' "
                        "where lang is [a-z]{2}"
                    ],
                }
            ],
            "right": [{"files": {"locales/en.json": "{}", "locales/de.json": "{}"}}],
        },
        {
            "rule": {"files": ["jobs/*.py"], "pattern": "{seq}_{name}.py", "unique": ["seq"]},
            "wrong": [
                {
                    "files": {"jobs/0001_a.py": "", "jobs/001_b.py": ""},
                    "expect": [
                        "jobs/0001_a.py:1:1: seq '0001' is also used by '001_b.py'",
                        "jobs/001_b.py:1:1: seq '001' is also used by '0001_a.py'",
                    ],
                }
            ],
            "right": [{"files": {"jobs/0001_a.py": "", "jobs/0002_b.py": ""}}],
        },
    )
    placeholders: dict[str, str] = Field(default_factory=dict, description="extra `{placeholder}`: regex pairs")
    pattern: str = Field(
        description="the file base name, with `{module}`, `{seq}` (digits), `{desc}` (lowercase snake case), `{name}`"
    )
    unique: list[str] = Field(
        default_factory=list,
        description="placeholders whose value may not repeat in a module (digits as integers)",
    )

    @field_validator("placeholders")
    @classmethod
    def _regexes_compile(cls, value: dict[str, str]) -> dict[str, str]:
        for name, regex in value.items():
            if not patterns.IDENTIFIER.match(name):
                raise ValueError(f"placeholder name {name!r} must be a Python identifier")
            try:
                re.compile(regex)
            except re.error as exc:
                raise ValueError(f"placeholder {name!r} has a bad regex {regex!r}: {exc}") from None
        return value

    @field_validator("pattern")
    @classmethod
    def _known_placeholders(cls, value: str, info: ValidationInfo) -> str:
        known = set(BUILTIN_PLACEHOLDERS) | set(info.data.get("placeholders") or {}) | set(module_placeholders(info))
        problems = patterns.placeholder_problems(value, sorted(known))
        if value.startswith("!") or any(c in value for c in patterns.GLOB_CHARS):
            problems.append(f"{value!r}: a file name pattern takes placeholders, not globs or '!'")
        if problems:
            raise ValueError("\n".join(problems))
        try:
            _compile(value, tuple((info.data.get("placeholders") or {}).items()), "module")
        except re.error as exc:
            raise ValueError(f"pattern {value!r} does not compile ({exc}); use each placeholder once") from None
        return value

    @field_validator("unique")
    @classmethod
    def _unique_used(cls, value: list[str], info: ValidationInfo) -> list[str]:
        """Each entry is a placeholder name the pattern uses (one problem line per bad entry)."""
        used = _TOKEN.findall(info.data.get("pattern") or "")
        known = ", ".join(f"'{name}'" for name in used) or "none"
        problems = [
            f"{name!r} is not a placeholder of the pattern (write names without braces; the pattern has {known})"
            for name in value
            if name not in used
        ]
        patterns.raise_problems(problems)
        return value

    def wanted_files(self, layout: Layout) -> set[str]:
        return set()  # names only: no file is read

    def regex_for(self, module_name: str) -> re.Pattern[str]:
        """The full-match regex of the pattern for one module."""
        return _compile(self.pattern, tuple(self.placeholders.items()), module_name)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        slots: dict[tuple[str, str, object], list[tuple[Module | None, str, str]]] = {}
        for module, rel in self.selected(ctx):
            name = rel.rsplit("/", 1)[-1]
            match = self.regex_for(module.name if module else "").fullmatch(name)
            if match is None:
                path, position = self.locate(ctx, module, rel)
                yield self.finding(path, position, self._mismatch(name, module), module)
                continue
            for key in self.unique:
                value = match.group(key)
                slot = (module.name if module else "", key, int(value) if value.isdigit() else value)
                slots.setdefault(slot, []).append((module, rel, value))
        for (_, key, _), files in slots.items():
            yield from self._clash(ctx, key, files)

    def _clash(self, ctx: CheckContext, key: str, files: list[tuple[Module | None, str, str]]) -> Iterator[Finding]:
        """Each file of a clash, naming the others: the newly added one is the one its author looks at."""
        if len(files) < 2:
            return
        for module, rel, value in files:
            others = [other.rsplit("/", 1)[-1] for _, other, _ in files if other != rel]
            path, position = self.locate(ctx, module, rel)
            yield self.finding(path, position, f"{key} {value!r} is also used by {describe(others, 'and')}", module)

    def _mismatch(self, name: str, module: Module | None) -> str:
        expected = self.pattern.replace("{module}", module.name) if module else self.pattern
        regexes = {**BUILTIN_PLACEHOLDERS, **self.placeholders}
        used = [token for token in dict.fromkeys(_TOKEN.findall(expected)) if token in regexes]
        where = " and ".join(f"{token} is {regexes[token]}" for token in used)
        return f"file name '{name}' does not match '{expected}'" + (f" where {where}" if where else "")


@functools.lru_cache(maxsize=4096)
def _compile(pattern: str, placeholders: tuple[tuple[str, str], ...], module_name: str) -> re.Pattern[str]:
    """``{name}`` placeholders become named groups; everything else matches literally. Once per
    module and rule, not once per file (``re``'s own cache holds 512 patterns: a hundred modules and
    a few rules overflow it)."""
    own = dict(placeholders)
    values = {**BUILTIN_PLACEHOLDERS, **own}
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(pattern):
        out.append(re.escape(pattern[pos : match.start()]))
        name = match.group(1)
        body = re.escape(module_name) if name == "module" and name not in own else values[name]
        out.append(f"(?P<{name}>{body})")
        pos = match.end()
    out.append(re.escape(pattern[pos:]))
    return re.compile("".join(out))
