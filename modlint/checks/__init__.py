"""The check kinds, registered by being here: ``modlint/checks/<kind>.py`` defines the one
:class:`Rule` subclass of kind ``<kind>`` (what a rule's ``check:`` names). ``base``, ``examples``,
``graph`` and ``patterns`` are the shared machinery, not kinds. ``KINDS`` maps each kind's name to its
class, sorted by name.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable

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


def kind_names(folders: Iterable[str]) -> list[str]:
    """The kind modules in ``folders``, sorted: every ``<kind>.py`` (or ``<kind>.pyc``, in an install
    without sources) but the shared machinery, as ``pkgutil.iter_modules`` lists modules: a name
    that is no identifier (an editor's ``.#parses.py``, a ``parses.orig.py``) is no module. Listed by
    hand: pkgutil imports :mod:`inspect`, a twentieth of a one-file run's start."""
    names = set()
    for folder in folders:
        for entry in os.listdir(folder):
            stem, dot, suffix = entry.rpartition(".")
            if dot and suffix in ("py", "pyc") and stem.isidentifier() and not stem.startswith("_"):
                names.add(stem)
    return sorted(names - SUPPORT_MODULES)


def _discover() -> dict[str, type[Rule]]:
    return {name: _kind_of(name) for name in kind_names(__path__)}


KINDS: dict[str, type[Rule]] = _discover()

__all__ = ["KINDS", "CheckContext", "FileRule", "Rule"]
