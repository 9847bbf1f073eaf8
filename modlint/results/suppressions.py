"""Drop the findings that suppression comments or ``per-module-ignores`` silence.

The comments are the ones :mod:`modlint.facts.suppressions` found in each file's facts; a finding
located in a file no rule read (a module's ``__init__.py`` named by MOD-009, say) has that file
scanned the same way, decoded as Python decodes it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Mapping, Sequence

from modlint.facts.model import Suppression
from modlint.findings import Finding, matches

SuppressionsOf = Callable[[str], Sequence[Suppression]]


def is_suppressed(finding: Finding, suppressions: Sequence[Suppression]) -> bool:
    """Whether a comment on the reported line, or a file-level one, suppresses ``finding``."""
    return any(s.suppresses(finding.rule_id, finding.line) for s in suppressions)


def without_inline(findings: Iterable[Finding], suppressions_of: SuppressionsOf) -> list[Finding]:
    """Drop findings suppressed by a comment on their line or a file-level comment in their file."""
    return [f for f in findings if not is_suppressed(f, suppressions_of(f.path))]


def without_module_ignores(findings: Iterable[Finding], per_module: Mapping[str, Sequence[str]]) -> list[Finding]:
    """Drop findings of modules whose name matches a ``per-module-ignores`` pattern for the rule."""

    return [f for f in findings if f.module is None or not ignored_in(f.module, f.rule_id, per_module)]


def ignored_in(module: str, rule_id: str, per_module: Mapping[str, Sequence[str]]) -> bool:
    """Whether ``per-module-ignores`` switches the rule off for this module."""
    return any(
        fnmatch.fnmatchcase(module, pattern) and matches(rule_id, codes) for pattern, codes in per_module.items()
    )
