"""What rule parameters may hold, and what they mean at run time: path globs, exact paths, names,
dotted import targets, module-name patterns, each with the placeholders its field supports.

Validation collects *every* bad entry of a list (``ValueError`` with one line per entry; the rule-set
loader turns each line into its own problem), so a rule that cannot do what it says is an error up
front, never a silent no-op. README's kinds table lists the placeholders each field supports.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Iterable, Sequence

from modlint import globs

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
GLOB_CHARS = "*?["
MODULE = "module"
OTHER = "other"
DEFINITION = "definition"
STEM = "stem"

Check = Callable[[str], list[str]]


def raise_all(values: Iterable[str], check: Check) -> None:
    """Run ``check`` on every entry; raise one ValueError holding a line per problem found."""
    problems = [problem for value in values for problem in check(value)]
    if problems:
        raise ValueError("\n".join(problems))


def placeholders_in(value: str) -> list[str]:
    """The ``{name}`` placeholders a value uses, in order."""
    return PLACEHOLDER.findall(value)


def placeholder_problems(value: str, supported: Sequence[str]) -> list[str]:
    """Unknown placeholders and unbalanced braces in ``value``."""
    stripped = PLACEHOLDER.sub("", value)
    if "{" in stripped or "}" in stripped:
        return [f"{value!r} has an unbalanced '{{' or '}}'"]
    known = ", ".join(f"{{{name}}}" for name in supported) or "none"
    return [
        f"{value!r}: unknown placeholder '{{{name}}}' (this field supports: {known})"
        for name in placeholders_in(value)
        if name not in supported
    ]


def expand(value: str, module: str, **others: str) -> str:
    """``{module}`` (and any other given placeholder) replaced by its value."""
    value = value.replace("{module}", module)
    for name, text in others.items():
        value = value.replace(f"{{{name}}}", text)
    return value


# -- validators: each returns the problems of one entry ----------------------------------------------


def glob_check(supported: Sequence[str] = (MODULE,)) -> Check:
    """Path globs (``**``, ``*``, ``?``, ``[...]``, a leading ``!``)."""

    def check(value: str) -> list[str]:
        problems = placeholder_problems(value, supported)
        if problems:
            return problems
        problem = globs.validate(expand(value, "module", definition="definition.py"))
        return [problem] if problem else []

    return check


def exact_path_check(supported: Sequence[str] = (MODULE,), *, allow_dot: bool = False) -> Check:
    """Exact module-relative paths (a trailing ``/`` asks for a folder): no globs, no ``!``."""

    def check(value: str) -> list[str]:
        problems = placeholder_problems(value, supported)
        if problems:
            return problems
        if allow_dot and value.strip("/") == ".":
            return []
        if value.startswith("!"):
            return [f"{value!r}: '!' has no meaning here (this field takes exact paths)"]
        if any(c in value for c in GLOB_CHARS):
            return [f"{value!r}: this field takes exact paths, not globs"]
        problem = globs.validate(expand(value, "module", definition="definition.py"))
        return [problem] if problem else []

    return check


def name_check(supported: Sequence[str] = (MODULE,)) -> Check:
    """Python names, or globs over them (``*_router``), with placeholders; no ``!``."""

    def check(value: str) -> list[str]:
        problems = placeholder_problems(value, supported)
        if problems:
            return problems
        body = expand(value, "m", stem="s")
        if value.startswith("!"):
            return [f"{value!r}: '!' has no meaning here"]
        plain = re.sub(r"\[[^\]]*\]|[*?]", "x", body)
        if not IDENTIFIER.match(plain):
            return [f"{value!r} is not a Python name (or a glob of one, such as '*_router')"]
        return []

    return check


def dotted_check(supported: Sequence[str] = (), *, wildcard: bool = False) -> Check:
    """Dotted module names (``app.services``); with ``wildcard``, ``*`` as a whole segment."""

    def check(value: str) -> list[str]:
        problems = placeholder_problems(value, supported)
        if problems:
            return problems
        if value.startswith("!"):
            return [f"{value!r}: '!' has no meaning here"]
        for segment in value.split("."):
            if wildcard and segment == "*":
                continue
            if segment in {f"{{{name}}}" for name in supported}:
                continue
            if not IDENTIFIER.match(segment):
                hint = " ('*' may only be a whole segment)" if wildcard and "*" in segment else ""
                return [f"{value!r} is not a dotted module name such as 'app.services'{hint}"]
        return []

    return check


def module_pattern_check(value: str) -> list[str]:
    """Module-name globs, with a leading ``!`` to exclude; no placeholders."""
    problems = placeholder_problems(value, ())
    body = value[1:] if value.startswith("!") else value
    if not problems and (not body or "/" in body):
        problems.append(f"{value!r} is not a module-name pattern such as 'orders' or 'billing_*'")
    return problems


# -- run time ------------------------------------------------------------------------------------------


def module_selected(name: str, patterns: Sequence[str]) -> bool:
    """Gitignore-like: the last matching pattern decides; a list that starts with a negation starts
    from every module (``["!legacy_*"]`` is every module but the legacy ones)."""
    selected = bool(patterns) and patterns[0].startswith("!")
    for pattern in patterns:
        negated = pattern.startswith("!")
        if fnmatch.fnmatchcase(name, pattern[1:] if negated else pattern):
            selected = not negated
    return selected


def name_matches(name: str, pattern: str) -> bool:
    """Whether a bound name matches one ``names`` entry (exact, or a glob)."""
    if not any(c in pattern for c in GLOB_CHARS):
        return name == pattern
    return fnmatch.fnmatchcase(name, pattern)


@functools.lru_cache(maxsize=512)
def _segments(pattern: str) -> tuple[str, ...]:
    return tuple(pattern.split("."))


def target_hit(target: str, pattern: str, module: str | None) -> bool:
    """Whether the dotted ``target`` is at or below ``pattern``: segments compare one by one, ``*``
    matches any one, ``{module}`` the checked module, ``{other}`` any module but it."""
    wanted = _segments(pattern)
    parts = target.split(".")
    if len(parts) < len(wanted):
        return False
    for part, segment in zip(parts, wanted, strict=False):
        if segment == "*":
            continue
        if segment == "{other}":
            if module is not None and part == module:
                return False
            continue
        if segment == "{module}":
            if module is None or part != module:
                return False
            continue
        if part != segment:
            return False
    return True


def first_hit(targets: Sequence[str], patterns: Sequence[str], module: str | None) -> str | None:
    """The first target at or below one of ``patterns``."""
    return next((t for t in targets if any(target_hit(t, p, module) for p in patterns)), None)
