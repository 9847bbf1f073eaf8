"""The check kinds, registered by being here: ``modlint/checks/<kind>.py`` defines the one
:class:`Rule` subclass of kind ``<kind>`` (what a rule's ``check:`` names). ``base``, ``examples``,
``graph`` and ``patterns`` are the shared machinery, not kinds. ``KINDS`` maps each kind's name to its
class, sorted by name.
"""

from __future__ import annotations

import importlib
import os

from modlint.checks.base import CheckContext, FileRule, Rule

SUPPORT_MODULES = frozenset({"base", "examples", "graph", "patterns", "spec"})


def _kind_of(module_name: str) -> type[Rule]:
    """The one rule class a kind module defines."""
    module = importlib.import_module(f"{__name__}.{module_name}")
    defined = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__
    ]
    if len(defined) != 1:
        raise ImportError(f"{module.__name__} must define exactly one Rule subclass (found {len(defined)})")
    return defined[0]


def _discover() -> dict[str, type[Rule]]:
    """Every ``<kind>.py`` of this folder (``pkgutil.iter_modules`` would import :mod:`inspect`, a
    twentieth of a one-file run's start)."""
    names = {entry[:-3] for folder in __path__ for entry in os.listdir(folder) if entry.endswith(".py")}
    return {name: _kind_of(name) for name in sorted(names - SUPPORT_MODULES) if not name.startswith("_")}


KINDS: dict[str, type[Rule]] = _discover()

__all__ = ["KINDS", "CheckContext", "FileRule", "Rule"]
