"""Alembic revision facts from CPython's ``ast``: the literals a revision file declares.

Alembic learns ``revision``, ``down_revision``, ``branch_labels`` and ``depends_on`` by importing
each file; modlint reads the last top-level assignment of each (plain or annotated, as Alembic's own
template writes them) and keeps only literals, so a computed id is reported, never guessed.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from modlint.facts.ast_imports import char_position
from modlint.facts.model import Assigned, MigrationFacts
from modlint.facts.suppressions import python_lines

VARIABLES = ("revision", "down_revision", "branch_labels", "depends_on")


def migration_of(tree: ast.Module, text: str, lines: Sequence[str] | None = None) -> MigrationFacts:
    """The revision variables of a file and whether it defines ``upgrade`` and ``downgrade``
    (``lines``: the text's :func:`python_lines`, when the caller has them)."""
    lines = python_lines(text) if lines is None else lines
    found: dict[str, Assigned] = {}
    functions: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.add(stmt.name)
        for name, value in _assigned(stmt):
            if name in VARIABLES:
                found[name] = _literal(lines, stmt, value)
    return MigrationFacts(
        revision=found.get("revision"),
        down_revision=found.get("down_revision"),
        branch_labels=found.get("branch_labels"),
        depends_on=found.get("depends_on"),
        has_upgrade="upgrade" in functions,
        has_downgrade="downgrade" in functions,
    )


def _assigned(stmt: ast.stmt) -> list[tuple[str, ast.expr]]:
    """(name, value) for ``name = value``, ``a = b = value``, ``a, b = x, y`` and ``name: T = value``."""
    if isinstance(stmt, ast.Assign):
        found: list[tuple[str, ast.expr]] = []
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                found.append((target.id, stmt.value))
            elif _unpacks(target, stmt.value):
                pairs = zip(target.elts, stmt.value.elts, strict=True)  # type: ignore[attr-defined]
                found += [(t.id, v) for t, v in pairs if isinstance(t, ast.Name)]
        return found
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
        return [(stmt.target.id, stmt.value)]
    return []


def _unpacks(target: ast.expr, value: ast.expr) -> bool:
    """``a, b = x, y``: names unpacked from a tuple or list display of the same length."""
    same_shape = isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List))
    return same_shape and len(target.elts) == len(value.elts)  # type: ignore[attr-defined]


def _literal(lines: Sequence[str], stmt: ast.stmt, value: ast.expr) -> Assigned:
    where = char_position(lines, stmt)
    if isinstance(value, ast.Constant) and value.value is None:
        return Assigned(where, literal=True, none=True)
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return Assigned(where, True, (value.value,), (char_position(lines, value),), scalar=True)
    if isinstance(value, (ast.Tuple, ast.List)):
        strings = [item.value for item in value.elts if isinstance(item, ast.Constant) and isinstance(item.value, str)]
        if len(strings) == len(value.elts):
            return Assigned(where, True, tuple(strings), tuple(char_position(lines, item) for item in value.elts))
    return Assigned(where, literal=False)
