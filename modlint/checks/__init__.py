"""The check kinds: one module per kind, each a typed rule class. ``KINDS`` is the registry."""

from __future__ import annotations

from modlint.checks.base import CheckContext, FileRule, Rule
from modlint.checks.exports import Exports
from modlint.checks.filename_pattern import FilenamePattern
from modlint.checks.forbidden_imports import ForbiddenImports
from modlint.checks.module_definition import ModuleDefinition
from modlint.checks.package_markers import PackageMarkers
from modlint.checks.parses import Parses
from modlint.checks.real_code import RealCode
from modlint.checks.reexport_only import ReexportOnly
from modlint.checks.required_paths import RequiredPaths
from modlint.checks.unused_suppressions import UnusedSuppressions

KINDS: tuple[type[Rule], ...] = (
    Parses,
    RequiredPaths,
    PackageMarkers,
    Exports,
    RealCode,
    ReexportOnly,
    ForbiddenImports,
    FilenamePattern,
    ModuleDefinition,
    UnusedSuppressions,
)

__all__ = ["KINDS", "CheckContext", "FileRule", "Rule"]
