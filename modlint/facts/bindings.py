"""What both fact extractors record the same way, whatever tree they walk.

:mod:`modlint.facts.ast_extract` (CPython's ``ast``, what runs) and :mod:`modlint.facts.cst.extract`
(libcst, the reference) differ only in how they read their trees; the bookkeeping of bindings
through imports and the shape of a module definition live here once, so the differential test
compares two readings of a tree, not two copies of the rules.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Generic, TypeVar

from modlint.facts.model import Binding, Definition, FactValue, Shape
from modlint.findings import Position

Node = TypeVar("Node")

#: What a literal reader returns for a value that is no str/int/bool/None or list/tuple of str.
NOT_LITERAL = object()


class BindingLog(ABC, Generic[Node]):
    """Top-level bindings in the order met, each with what its value refers to through the imports
    seen so far (the alias map a reader of the file would have in mind)."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}
        self.events: list[tuple[Binding, Node]] = []

    @abstractmethod
    def position(self, node: Node) -> Position:
        """Where the statement ``node`` starts."""

    def resolve_name(self, name: str) -> str:
        """A dotted name through the imports (``R`` -> ``fastapi.APIRouter``)."""
        head, dot, rest = name.partition(".")
        return self.aliases[head] + dot + rest if head in self.aliases else name

    def bind(
        self, name: str, node: Node, shape: Shape, refs: tuple[str, ...] = (), strings: tuple[str, ...] = ()
    ) -> None:
        if shape is not Shape.IMPORT:
            self.aliases.pop(name, None)
        self.events.append((Binding(name, self.position(node), shape, refs, strings), node))

    def imported(self, local: str, ref: str, node: Node) -> None:
        self.aliases[local] = ref
        self.bind(local, node, Shape.IMPORT, (ref,))

    def values(self) -> tuple[Binding, ...]:
        """The last binding of each name, sorted by name."""
        last = {binding.name: binding for binding, _ in self.events}
        return tuple(last[name] for name in sorted(last))


def value_shape(callee: str | None, literal: object) -> tuple[Shape, tuple[str, ...], tuple[str, ...]]:
    """The shape of an assigned value: a call of ``callee`` (None: not a call), else a string or a
    list of strings (``literal``, as read), else other."""
    if callee is not None:
        return Shape.CALL, (callee,) if callee else (), ()
    if isinstance(literal, str):
        return Shape.LITERAL, (), (literal,)
    if isinstance(literal, tuple):
        return Shape.LITERAL, (), literal
    return Shape.OTHER, (), ()


def definition_at(
    position: Position,
    pairs: Sequence[tuple[str, object]],
    where: dict[str, Position],
    elements: dict[str, tuple[Position, ...]],
) -> Definition:
    """A definition from its ``(name, literal value or NOT_LITERAL)`` pairs in source order, where
    each name is written, and where the strings of each list value are."""
    facts: tuple[tuple[str, FactValue], ...] = tuple(
        (name, value)  # type: ignore[misc]
        for name, value in pairs
        if value is not NOT_LITERAL
    )
    lists = {name for name, value in facts if isinstance(value, tuple)}
    return Definition(
        position=position,
        facts=facts,
        keywords=tuple((name, where[name]) for name, _ in pairs if name in where),
        elements=tuple((name, elements[name]) for name in sorted(lists) if name in elements),
    )
