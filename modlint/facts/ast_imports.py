"""Import facts from CPython's ``ast`` tree: the same facts as the libcst extractor, ten times cheaper.

The boundaries rules need the imports of every file of every module; a full libcst tree for each
would make a cold run cost more than the libcst floor. ``ast`` gives the same statements at the same
places (a test compares both extractors on every fixture file and a generated tree), so a file whose
other facts no rule needs is never handed to libcst.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Iterator, Sequence
from typing import Protocol

from modlint.facts.model import ImportFact
from modlint.facts.suppressions import python_lines
from modlint.findings import Position

#: Compound statements: their headers are not "simple statements" (a string import there is not counted).
COMPOUND: tuple[type[ast.stmt], ...] = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Match,
)
if hasattr(ast, "TryStar"):  # Python 3.11+
    COMPOUND = (*COMPOUND, ast.TryStar)


def imports_of(tree: ast.Module, text: str, package: str, lines: Sequence[str] | None = None) -> tuple[ImportFact, ...]:
    """Every import statement of the file in source order (see ``facts.cst.extract._imports``);
    ``lines``: the text's :func:`python_lines`, when the caller has them."""
    walker = _Walker(text, package, dynamic="import_module" in text, lines=lines)
    return tuple(walker.imports(tree.body, typing_only=False))


class Located(Protocol):
    """An ``ast`` node with a start: a statement, an expression, an ``except`` clause, a pattern."""

    lineno: int
    col_offset: int


def char_position(lines: Sequence[str], node: Located) -> Position:
    """1-based line and column in characters (``ast`` counts UTF-8 bytes)."""
    line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
    if line.isascii():  # bytes are characters
        return Position(node.lineno, node.col_offset + 1)
    column = len(line.encode("utf-8")[: node.col_offset].decode("utf-8", "replace"))
    return Position(node.lineno, column + 1)


class _Walker:
    def __init__(self, text: str, package: str, *, dynamic: bool, lines: Sequence[str] | None = None) -> None:
        self.text = text
        self.lines = python_lines(text) if lines is None else lines
        self.package = package
        self.dynamic = dynamic
        #: The lines that may hold the word ``import`` (1-based, ascending): a statement whose lines
        #: hold none holds no import (the keyword, or ``import_module``, is written inside it), so its
        #: body is not walked, which spares most function and class bodies. A line with non-ASCII
        #: characters counts: Python reads a full-width ``import_module`` as the ASCII one (NFKC).
        self.import_lines = [
            number for number, line in enumerate(self.lines, 1) if "import" in line or not line.isascii()
        ]

    def may_import(self, stmt: ast.stmt) -> bool:
        """Whether an import may be written within ``stmt``'s lines."""
        at = bisect.bisect_left(self.import_lines, stmt.lineno)
        return at < len(self.import_lines) and self.import_lines[at] <= (stmt.end_lineno or stmt.lineno)

    def position(self, node: ast.stmt | ast.expr) -> Position:
        return char_position(self.lines, node)

    def imports(self, body: Sequence[ast.stmt], *, typing_only: bool) -> Iterator[ImportFact]:
        for stmt in body:
            if not self.may_import(stmt):
                continue
            if isinstance(stmt, ast.If) and _is_type_checking(stmt.test):
                yield from self.imports(stmt.body, typing_only=True)
                yield from self.imports(stmt.orelse, typing_only=typing_only)
            elif isinstance(stmt, COMPOUND):
                for block in _child_blocks(stmt):
                    yield from self.imports(block, typing_only=typing_only)
            else:
                yield from self._import_of(stmt, typing_only)

    def _import_of(self, stmt: ast.stmt, typing_only: bool) -> Iterator[ImportFact]:
        if isinstance(stmt, ast.Import):
            yield ImportFact(self.position(stmt), tuple(a.name for a in stmt.names), type_checking=typing_only)
        elif isinstance(stmt, ast.ImportFrom):
            base = resolve_relative(self.package, stmt.level, stmt.module or "")
            if base is None:
                return
            names = [a.name for a in stmt.names if a.name != "*"]
            targets = (base, *(f"{base}.{n}" for n in names))
            yield ImportFact(self.position(stmt), targets, is_from=True, type_checking=typing_only)
        elif self.dynamic:
            for target in self._string_imports(stmt):
                yield ImportFact(self.position(stmt), (target,), type_checking=typing_only, dynamic=True)

    def _string_imports(self, stmt: ast.stmt) -> list[str]:
        """``importlib.import_module("a.b")`` / ``import_module("a.b")`` with one absolute string
        literal, in source (pre-)order as libcst's visitor meets them."""
        calls = [n for n in ast.walk(stmt) if isinstance(n, ast.Call) and dotted_name(n.func) in _IMPORT_MODULE]
        calls.sort(key=lambda n: (n.lineno, n.col_offset, -(n.end_lineno or 0), -(n.end_col_offset or 0)))
        found = []
        for call in calls:
            first = call.args[0] if call.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value):
                continue
            if not first.value.startswith(".") and self._one_token(first):
                found.append(first.value)
        return found

    def _one_token(self, node: ast.expr) -> bool:
        """Whether a string constant is one literal (libcst's ``SimpleString``), not ``"a" "b"``."""
        segment = ast.get_source_segment(self.text, node) or ""
        import io  # here only (import_module with a string): importing tokenize cost every run ~2 ms
        import tokenize

        try:
            tokens = [t for t in tokenize.generate_tokens(io.StringIO(segment).readline) if t.type == tokenize.STRING]
        except (tokenize.TokenError, SyntaxError):
            return False
        return len(tokens) == 1


_IMPORT_MODULE = ("importlib.import_module", "import_module")


def _child_blocks(stmt: ast.stmt) -> Iterator[Sequence[ast.stmt]]:
    """Blocks in source order: body (each case of a match), handlers, else, finally."""
    if isinstance(stmt, ast.Match):
        for case in stmt.cases:
            yield case.body
        return
    yield getattr(stmt, "body", [])
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body
    yield getattr(stmt, "orelse", [])
    yield getattr(stmt, "finalbody", [])


def dotted_name(node: ast.expr) -> str:
    """``a.b.c`` of a name or attribute chain, else empty (what the libcst extractor's ``_dotted`` gives)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):  # ``f().x`` is ``.x``, as the libcst extractor has it
        return f"{dotted_name(node.value)}.{node.attr}"
    return ""


def _is_type_checking(test: ast.expr) -> bool:
    name = dotted_name(test)
    return name == "TYPE_CHECKING" or name.endswith(".TYPE_CHECKING")


def resolve_relative(package: str, level: int, name: str) -> str | None:
    """Absolute name of ``from <level dots><name> import``; None when it climbs above the root."""
    if level == 0:
        return name
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    if name:
        base.append(name)
    return ".".join(base) or None
