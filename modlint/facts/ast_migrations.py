"""Alembic revision facts from CPython's ``ast``: the literals a revision file declares.

Alembic learns ``revision``, ``down_revision``, ``branch_labels`` and ``depends_on`` by importing
each file; modlint reads the last top-level assignment of each (plain or annotated, as Alembic's own
template writes them) and keeps only literals, so a computed id is reported, never guessed; so is a
value bound again after it any other way (``+=``, in an ``if`` block, by an import or a ``for``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import cast

from modlint.facts.ast_imports import Located, char_position
from modlint.facts.model import Assigned, MigrationFacts
from modlint.facts.suppressions import python_lines

VARIABLES = ("revision", "down_revision", "branch_labels", "depends_on")


def migration_of(tree: ast.Module, text: str, lines: Sequence[str] | None = None) -> MigrationFacts:
    """The revision variables of a file and whether it defines ``upgrade`` and ``downgrade``
    (``lines``: the text's :func:`python_lines`, when the caller has them)."""
    lines = python_lines(text) if lines is None else lines
    found: dict[str, Assigned] = {}
    plain: set[int] = set()  # the Name nodes those plain assignments bind
    functions: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.add(stmt.name)
        for target, value in _assigned(stmt):
            if target.id in VARIABLES:
                found[target.id] = _literal(lines, stmt, value)
                plain.add(id(target))
    if found:  # a revision file: any other binding after the literal makes the value Alembic sees unknown
        for name, node in _other_bindings(tree, plain):
            position = char_position(lines, node)
            if name not in found or position > found[name].position:
                found[name] = Assigned(position, literal=False)
    return MigrationFacts(
        revision=found.get("revision"),
        down_revision=found.get("down_revision"),
        branch_labels=found.get("branch_labels"),
        depends_on=found.get("depends_on"),
        has_upgrade="upgrade" in functions,
        has_downgrade="downgrade" in functions,
    )


def _assigned(stmt: ast.stmt) -> list[tuple[ast.Name, ast.expr]]:
    """(target, value) for ``name = value``, ``a = b = value``, ``a, b = x, y`` and ``name: T = value``."""
    if isinstance(stmt, ast.Assign):
        found: list[tuple[ast.Name, ast.expr]] = []
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                found.append((target, stmt.value))
            elif _unpacks(target, stmt.value):
                pairs = zip(target.elts, stmt.value.elts, strict=True)  # type: ignore[attr-defined]
                found += [(t, v) for t, v in pairs if isinstance(t, ast.Name)]
        return found
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
        return [(stmt.target, stmt.value)]
    return []


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def _other_bindings(tree: ast.Module, plain: set[int]) -> Iterator[tuple[str, Located]]:
    """(name, where) for each module-level binding of a revision variable that is not one of the
    ``plain`` assignments: in an ``if``/``for``/``try`` block, ``+=``, ``del``, an import, a ``def``,
    a ``for`` target, ``:=``, an unpacking of something else than a display. Function, class and
    lambda bodies bind names of their own and are not entered."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        for name in _bound_by(node, plain):
            if name in VARIABLES:
                yield name, cast(Located, node)  # every node that binds a name has a position
        if isinstance(node, ast.comprehension):  # its target is the comprehension's own name
            stack.extend([node.iter, *node.ifs])
        elif isinstance(node, ast.AnnAssign) and node.value is None:  # `revision: str` binds nothing
            continue
        elif not isinstance(node, (*_SCOPES, ast.Import, ast.ImportFrom)):
            stack.extend(ast.iter_child_nodes(node))


def _bound_by(node: ast.AST, plain: set[int]) -> list[str]:
    """The names ``node`` itself binds (not its children), but the ``plain`` assignments' targets."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [alias.asname or alias.name.partition(".")[0] for alias in node.names]
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Name):
        return [node.id] if not isinstance(node.ctx, ast.Load) and id(node) not in plain else []
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
        return [node.name] if node.name else []
    if isinstance(node, ast.MatchMapping):
        return [node.rest] if node.rest else []
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
