"""The typed module definition an application writes in each module's ``definition.py``.

The linter reads the same keywords as literals (``code=``, ``is_self_contained=``, ...) without
importing anything, so the field names here are the vocabulary of its ``when.facts`` conditions.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from modlint.layout import DefinitionSpec


class ModuleDefinition(BaseModel):
    """What a module declares about itself; app-specific extra keywords are kept (``extras``)."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(min_length=1)
    name: str = ""
    description: str = ""
    version: str = "0.0.0"
    is_core: bool = False
    is_internal: bool = False
    is_self_contained: bool = False
    requires: tuple[str, ...] = ()

    @property
    def extras(self) -> dict[str, Any]:
        """The app-specific keywords beyond the declared fields."""
        return dict(self.model_extra or {})


def find_definition(namespace: Mapping[str, object], code_key: str = "code") -> ModuleDefinition | None:
    """The :class:`ModuleDefinition` the linter reads: the one bound by the file's first top-level
    assignment of a call with ``code=``, found in the file's source as the linter finds it (an
    instance imported from another module's definition, listed first in the namespace, was taken
    before, and so was one when the file's own call made no instance); without a source to read,
    the first instance in the namespace, in definition order."""
    bound = _first_call_assignment(namespace.get("__file__"), code_key)
    if bound is _UNREAD:
        return next((value for value in namespace.values() if isinstance(value, ModuleDefinition)), None)
    value = namespace.get(bound) if isinstance(bound, str) else None
    return value if isinstance(value, ModuleDefinition) else None


#: The source of a definition file could not be read (it ran from a zip, or was removed since).
_UNREAD = object()


def _first_call_assignment(file: object, code_key: str) -> str | object | None:
    """The name the first top-level assignment of a call with a ``code_key`` keyword binds (None:
    there is none), or :data:`_UNREAD` when the file cannot be read and parsed (it ran, so it parses)."""
    import ast  # local: only a call-form definition needs it, once per module at start-up

    try:
        tree = ast.parse(Path(str(file)).read_bytes())
    except (OSError, SyntaxError, ValueError, TypeError):
        return _UNREAD
    for stmt in tree.body:
        if not isinstance(stmt, ast.Assign | ast.AnnAssign):
            continue
        value = stmt.value
        if isinstance(value, ast.Call) and any(k.arg == code_key for k in value.keywords):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            return names[0] if names else None
    return None


def definition_in(namespace: Mapping[str, object], spec: DefinitionSpec) -> ModuleDefinition | str:
    """The module definition of an imported definition file, in the form ``spec`` names, or why
    there is none (the linter reads the same form from the source, see ``DefinitionSpec``).

    ``call``: the first :class:`ModuleDefinition` instance; ``dict``: the dict bound to ``name`` at
    top level or in a top-level class; ``class``: the first class with a base named in ``bases``,
    its class attributes. ``code-key`` names the entry that becomes ``code``."""
    if spec.form == "call":
        found = find_definition(namespace, spec.code_key)
        return found if found is not None else "holds no ModuleDefinition instance at top level"
    if spec.form == "dict":
        facts = _manifest(namespace, spec.name)
        if facts is None:
            return f"binds no dict {spec.name!r} at top level or in a top-level class"
    else:
        facts = _class_facts(namespace, spec.bases)
        if facts is None:
            return f"holds no class based on {' or '.join(spec.bases)}"
    return _validated({**facts, "code": facts.get(spec.code_key)})


def _manifest(namespace: Mapping[str, object], name: str) -> dict[str, Any] | None:
    candidates = [namespace.get(name)]
    candidates += [vars(cls).get(name) for cls in _own_classes(namespace)]
    found = next((c for c in candidates if isinstance(c, dict)), None)
    return {str(k): v for k, v in found.items()} if found is not None else None


def _class_facts(namespace: Mapping[str, object], bases: tuple[str, ...]) -> dict[str, Any] | None:
    wanted = {name.rsplit(".", 1)[-1] for name in bases}
    for cls in _own_classes(namespace):
        if any(base.__name__ in wanted for base in cls.__mro__[1:]):
            return {k: v for k, v in vars(cls).items() if not k.startswith("_") and not callable(v)}
    return None


def _own_classes(namespace: Mapping[str, object]) -> list[type]:
    """The classes the definition file itself defines, in definition order: what the linter reads
    (a class imported from another module's definition comes first in the namespace, and is not
    this module's)."""
    own = namespace.get("__name__")
    return [v for v in namespace.values() if inspect.isclass(v) and v.__module__ == own]


def _validated(facts: dict[str, Any]) -> ModuleDefinition | str:
    try:
        return ModuleDefinition.model_validate(facts)
    except ValidationError as exc:
        return invalid(exc)


def invalid(exc: ValidationError) -> str:
    """A definition's first validation error on one line (pydantic's own text is four)."""
    first = exc.errors()[0]
    return f"invalid definition: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
