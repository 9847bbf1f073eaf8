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
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\Z")  # \Z: "$" also matches before a final newline
GLOB_CHARS = "*?["
MODULE = "module"
OTHER = "other"
STEM = "stem"
DEFINITION = "definition"

Check = Callable[[str], list[str]]


def raise_all(values: Iterable[str], check: Check) -> None:
    """Run ``check`` on every entry; raise one ValueError holding a line per problem found."""
    raise_problems([problem for value in values for problem in check(value)])


def raise_problems(problems: Sequence[str]) -> None:
    """Raise one ValueError holding a line per problem, if there is any."""
    if problems:
        raise ValueError("\n".join(problems))


def selection_problems(values: Sequence[str]) -> list[str]:
    """A pattern list read like a ``.gitignore`` selects nothing when it is empty or holds only ``!``
    exclusions: a rule with such a list would check nothing."""
    if not values:
        return ["the list is empty, so the rule would check nothing (turn a rule off with 'enabled: false')"]
    if all(value.startswith("!") for value in values):
        return [
            "every entry is a '!' exclusion, so the list selects nothing (the last matching pattern "
            "decides: start with what to include, e.g. ['**/*.py', '!tests/**'])"
        ]
    return []


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


def expand(value: str, module: str) -> str:
    """``{module}`` replaced by the module's name."""
    return value.replace("{module}", module)


# -- validators: each returns the problems of one entry ----------------------------------------------


def _path_problems(value: str, supported: Sequence[str]) -> list[str]:
    """Unknown placeholders, else what :func:`modlint.globs.validate` says of the expanded path."""
    problems = placeholder_problems(value, supported)
    if problems:
        return problems
    problem = globs.validate(expand(value, "module").replace("{definition}", "definition.py"))
    return [problem] if problem else []


def glob_check(supported: Sequence[str] = (MODULE,)) -> Check:
    """Path globs of files (``**``, ``*``, ``?``, ``[...]``, a leading ``!``): one ending in ``/``
    names a folder, which no file matches."""

    def check(value: str) -> list[str]:
        if value.endswith("/") and not value.endswith("**/"):
            return [f"{value!r} ends in '/': a folder matches no file (write '{value}**' for the files below it)"]
        return _path_problems(value, supported)

    return check


def exact_path_check(supported: Sequence[str] = (MODULE,), module_folder: bool = False) -> Check:
    """Exact module-relative paths (a trailing ``/`` asks for a folder): no globs, no ``!``; ``.`` (the
    module folder itself) only where ``module_folder`` gives it a meaning."""

    def check(value: str) -> list[str]:
        if value == "." and module_folder:
            return []
        if value.startswith("!"):
            return [f"{value!r}: '!' has no meaning here (this field takes exact paths)"]
        if any(c in value for c in GLOB_CHARS):
            return [f"{value!r}: this field takes exact paths, not globs"]
        return _path_problems(value, supported)

    return check


def dotted_check(value: str) -> list[str]:
    """Plain dotted module names (``app.services``): no placeholders, globs or ``!``."""
    problems = placeholder_problems(value, ())
    if problems:
        return problems
    if value.startswith("!"):
        return [f"{value!r}: '!' has no meaning here"]
    if not all(IDENTIFIER.match(segment) for segment in value.split(".")):
        return [f"{value!r} is not a dotted module name such as 'app.services'"]
    return []


def dotted_pattern_check(supported: Sequence[str] = (MODULE, OTHER)) -> Check:
    """Dotted import targets whose whole segments may be ``*`` (any one) or a placeholder."""

    def check(value: str) -> list[str]:
        problems = placeholder_problems(value, supported)
        if problems:
            return problems
        if value.startswith("!"):
            return [f"{value!r}: '!' has no meaning here"]
        bad = [s for s in value.split(".") if not (IDENTIFIER.match(s) or s == "*" or PLACEHOLDER.fullmatch(s))]
        if bad:
            return [
                f"{value!r} is not a dotted name such as 'app.modules.*.models': '*' and placeholders "
                "must be whole segments"
            ]
        return []

    return check


def name_pattern_check(supported: Sequence[str] = (MODULE,)) -> Check:
    """Python names, possibly globbed (``*_router``), with placeholders; no dots, no ``!``."""

    def check(value: str) -> list[str]:
        problems = placeholder_problems(value, supported)
        if problems:
            return problems
        body = PLACEHOLDER.sub("x", value)
        if value.startswith("!"):
            return [f"{value!r}: '!' has no meaning here"]
        if not re.fullmatch(r"[A-Za-z0-9_*?\[\]!]+", body) or body[0].isdigit():
            return [f"{value!r} is not a Python name or a name glob such as '*_router'"]
        return []

    return check


def identifier_check(value: str) -> list[str]:
    """One Python identifier (a definition fact's name): no dots, placeholders or globs."""
    return [] if value.isidentifier() else [f"{value!r} is not a Python identifier such as 'requires'"]


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


def name_matches(name: str, pattern: str, module: str) -> bool:
    """Whether a bound name matches a name pattern (glob, ``{module}`` expanded)."""
    return fnmatch.fnmatchcase(name, expand(pattern, module))


def dotted_hit(target: str, pattern: str, module: str, others: frozenset[str]) -> bool:
    """Whether dotted ``target`` equals or lies below ``pattern``: ``*`` is any one segment,
    ``{module}`` the checked module's name and ``{other}`` any module name but that one."""
    if not target.startswith(_literal_head(pattern)):  # most imports differ in their first letters
        return False
    wanted = pattern.split(".")
    parts = target.split(".")
    if len(parts) < len(wanted):
        return False
    for part, segment in zip(parts[: len(wanted)], wanted, strict=True):
        if segment == "{other}":
            if part == module or part not in others:
                return False
        elif segment != "*" and part != expand(segment, module):
            return False
    return True


@functools.lru_cache(maxsize=1024)
def _literal_head(pattern: str) -> str:
    """The leading segments of a dotted pattern that hold no placeholder or ``*``: any target it
    matches starts with them (``app.modules.{other}.repositories`` -> ``app.modules``)."""
    head = []
    for segment in pattern.split("."):
        if "{" in segment or "*" in segment:
            break
        head.append(segment)
    return ".".join(head)
