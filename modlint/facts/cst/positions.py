"""Where statements start, without libcst's metadata machinery.

libcst's PositionProvider re-generates the whole tree's code to find positions: about three times
the cost of parsing. modlint only needs the start of a few statements (imports, the first statement a
shim may not hold, the module definition and its keywords), so it pairs each libcst statement with
the same statement of the standard library's ``ast`` tree (ten times cheaper to build), walking both
in the same source order. When the two trees disagree (say, syntax newer than the running Python),
it falls back to libcst's own PositionProvider, so positions are always libcst's.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Protocol

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from modlint.findings import Position

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def identifier(name: cst.Name) -> str:
    """A name as Python reads it: NFKC-normalized (PEP 3131: ``ast`` has a mathematical bold two as ``2``), which
    libcst leaves as written."""
    value = name.value
    return value if value.isascii() else unicodedata.normalize("NFKC", value)


class Positions(Protocol):
    """Start positions (1-based line and column, in characters) of statements and call keywords."""

    def statement(self, node: cst.CSTNode) -> Position: ...

    def keywords(self, statement: cst.CSTNode) -> dict[str, Position]: ...

    def entries(self, statement: cst.CSTNode) -> dict[str, Position]: ...

    def elements(self, statement: cst.CSTNode, key: str | None) -> tuple[Position, ...]: ...


def statements(body: Sequence[cst.BaseStatement]) -> Iterator[cst.CSTNode]:
    """Every statement in source order, pre-order: small statements one by one, compound ones before
    their blocks (``elif`` is an ``If`` inside the ``orelse``, as in ``ast``)."""
    for stmt in body:
        if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            yield from stmt.body
            continue
        yield stmt
        for block in child_blocks(stmt):
            yield from statements(block)


def child_blocks(stmt: cst.CSTNode) -> Iterator[Sequence[cst.BaseStatement]]:
    """Blocks of a compound statement in source order: body, handlers, else (or elif), finally."""
    if isinstance(stmt, cst.Match):
        for case in stmt.cases:
            yield suite_statements(case.body)
        return
    body = getattr(stmt, "body", None)
    if isinstance(body, cst.BaseSuite):
        yield suite_statements(body)
    for handler in getattr(stmt, "handlers", ()):
        yield suite_statements(handler.body)
    orelse = getattr(stmt, "orelse", None)
    if isinstance(orelse, cst.If):
        yield [orelse]
    elif orelse is not None:
        yield suite_statements(orelse.body)
    final = getattr(stmt, "finalbody", None)
    if final is not None:
        yield suite_statements(final.body)


def suite_statements(suite: cst.BaseSuite) -> Sequence[cst.BaseStatement]:
    """Statements of a block; a one-line suite (``if x: import y``) becomes one statement line
    holding the same small statements."""
    if isinstance(suite, cst.IndentedBlock):
        return suite.body
    assert isinstance(suite, cst.SimpleStatementSuite)
    return [cst.SimpleStatementLine(body=suite.body)]


def _ast_statements(body: Sequence[ast.stmt]) -> Iterator[ast.stmt]:
    """The same walk over an ``ast`` tree."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.Match):
            for case in stmt.cases:
                yield from _ast_statements(case.body)
            continue
        yield from _ast_statements(getattr(stmt, "body", ()))
        for handler in getattr(stmt, "handlers", ()):
            yield from _ast_statements(handler.body)
        yield from _ast_statements(getattr(stmt, "orelse", ()))
        yield from _ast_statements(getattr(stmt, "finalbody", ()))


class AstPositions:
    """Positions read off an ``ast`` tree paired statement by statement with the libcst tree."""

    def __init__(self, pairs: dict[int, ast.stmt], lines: list[str]) -> None:
        self._pairs = pairs
        self._lines = lines

    @classmethod
    def build(cls, module: cst.Module, text: str, tree: ast.Module | None = None) -> AstPositions | None:
        """None when ``ast`` cannot parse the text or its statements do not pair up one to one.

        ``tree`` is CPython's tree of ``text`` when the caller has already built it."""
        if tree is None:
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return None
        ours = list(statements(module.body))
        theirs = list(_ast_statements(tree.body))
        if len(ours) != len(theirs) or not all(_same_kind(a, b) for a, b in zip(ours, theirs, strict=True)):
            return None
        return cls({id(a): b for a, b in zip(ours, theirs, strict=True)}, _LINE_BREAK.split(text))

    def _position(self, line: int, byte_column: int) -> Position:
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        return Position(line, len(text.encode("utf-8")[:byte_column].decode("utf-8", "replace")) + 1)

    def statement(self, node: cst.CSTNode) -> Position:
        stmt = self._pairs[id(node)]
        return self._position(stmt.lineno, stmt.col_offset)

    def keywords(self, statement: cst.CSTNode) -> dict[str, Position]:
        value = getattr(self._pairs[id(statement)], "value", None)
        if not isinstance(value, ast.Call):
            return {}
        return {kw.arg: self._position(kw.lineno, kw.col_offset) for kw in value.keywords if kw.arg}

    def entries(self, statement: cst.CSTNode) -> dict[str, Position]:
        value = getattr(self._pairs[id(statement)], "value", None)
        if not isinstance(value, ast.Dict):
            return {}
        return {
            key.value: self._position(key.lineno, key.col_offset)
            for key in value.keys
            if isinstance(key, ast.Constant) and isinstance(key.value, str)
        }

    def elements(self, statement: cst.CSTNode, key: str | None) -> tuple[Position, ...]:
        """Positions of the items of the list or tuple assigned by ``statement``: its value itself
        (``key`` None), the value of keyword ``key`` of a call, or of entry ``key`` of a dict (the last)."""
        value = getattr(self._pairs[id(statement)], "value", None)
        if key is not None:
            value = _ast_value_of(value, key)
        if not isinstance(value, (ast.List, ast.Tuple)):
            return ()
        return tuple(self._position(item.lineno, item.col_offset) for item in value.elts)


def _ast_value_of(value: ast.expr | None, key: str) -> ast.expr | None:
    if isinstance(value, ast.Call):
        return next((kw.value for kw in value.keywords if kw.arg == key), None)
    if isinstance(value, ast.Dict):
        found = [
            v for k, v in zip(value.keys, value.values, strict=True) if isinstance(k, ast.Constant) and k.value == key
        ]
        return found[-1] if found else None
    return None


_KINDS: dict[type[cst.CSTNode], tuple[type[ast.stmt], ...]] = {
    cst.Import: (ast.Import,),
    cst.ImportFrom: (ast.ImportFrom,),
    cst.FunctionDef: (ast.FunctionDef, ast.AsyncFunctionDef),
    cst.ClassDef: (ast.ClassDef,),
    cst.Assign: (ast.Assign,),
    cst.AnnAssign: (ast.AnnAssign,),
    cst.If: (ast.If,),
}


def _same_kind(ours: cst.CSTNode, theirs: ast.stmt) -> bool:
    expected = _KINDS.get(type(ours))
    return expected is None or isinstance(theirs, expected)


class MetadataPositions:
    """libcst's own PositionProvider: exact for any syntax libcst parses, but slow."""

    def __init__(self, module: cst.Module) -> None:
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self._ranges = wrapper.resolve(PositionProvider)

    def _of(self, node: cst.CSTNode) -> Position:
        start = self._ranges[node].start
        return Position(start.line, start.column + 1)

    def statement(self, node: cst.CSTNode) -> Position:
        return self._of(node)

    def keywords(self, statement: cst.CSTNode) -> dict[str, Position]:
        value = getattr(statement, "value", None)
        if not isinstance(value, cst.Call):
            return {}
        return {identifier(arg.keyword): self._of(arg) for arg in value.args if arg.keyword is not None}

    def entries(self, statement: cst.CSTNode) -> dict[str, Position]:
        value = getattr(statement, "value", None)
        if not isinstance(value, cst.Dict):
            return {}
        return {
            key: self._of(element)
            for element in value.elements
            if isinstance(element, cst.DictElement) and isinstance(key := _string_key(element.key), str)
        }

    def elements(self, statement: cst.CSTNode, key: str | None) -> tuple[Position, ...]:
        value = getattr(statement, "value", None)
        if key is not None:
            value = _cst_value_of(value, key)
        if not isinstance(value, (cst.List, cst.Tuple)):
            return ()
        return tuple(self._of(element.value) for element in value.elements)


def _string_key(key: cst.BaseExpression) -> str | None:
    """A dict key that is a string literal, concatenated or not (``"co" "de"``), else None."""
    if isinstance(key, (cst.SimpleString, cst.ConcatenatedString)):
        value = key.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _cst_value_of(value: cst.BaseExpression | None, key: str) -> cst.BaseExpression | None:
    if isinstance(value, cst.Call):
        return next((a.value for a in value.args if a.keyword is not None and identifier(a.keyword) == key), None)
    if isinstance(value, cst.Dict):
        found = [e.value for e in value.elements if isinstance(e, cst.DictElement) and _string_key(e.key) == key]
        return found[-1] if found else None
    return None


def positions_for(module: cst.Module, text: str, tree: ast.Module | None = None) -> Positions:
    """The cheap pairing when it works, libcst's metadata otherwise (``tree``: CPython's, if built)."""
    return AstPositions.build(module, text, tree) or MetadataPositions(module)
