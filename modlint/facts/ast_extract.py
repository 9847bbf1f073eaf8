"""Every file fact from CPython's ``ast`` tree: what :mod:`modlint.facts.cst.extract` gives, at C speed.

A cold run used to spend five sixths of its time in libcst's parser, for facts that ``ast`` holds
just as well: bindings, the shim shape, the module definition and their positions. libcst stays the
reference (``tests/test_differential.py`` asserts both give equal facts, positions included, on
every fixture file, a generated tree and thousands of generated sources) and the engine for files
the running Python rejects but libcst parses (syntax newer than the interpreter).

Each function mirrors the libcst one of the same name; where the two trees differ in shape (``True``
is a ``Name`` in libcst and a ``Constant`` here; ``**kw`` among class bases is an ``Arg`` there and a
keyword here) the comment says how the same fact is read.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

from modlint.facts.ast_imports import char_position, dotted_name, imports_of, resolve_relative
from modlint.facts.bindings import NOT_LITERAL, BindingLog, definition_at, value_shape
from modlint.facts.model import Definition, FactValue, FileFacts, Shape, refers_to
from modlint.facts.suppressions import python_lines
from modlint.findings import Position
from modlint.layout import DEFAULT_DEFINITION, DefinitionSpec

#: The compound statements a shim (and a binding) may be nested in: if and try.
_NESTING: tuple[type[ast.stmt], ...] = (ast.If, ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_Assignment = ast.Assign | ast.AnnAssign


def ast_facts(
    rel_path: str,
    tree: ast.Module,
    text: str,
    package: str,
    definition: DefinitionSpec = DEFAULT_DEFINITION,
    lines: Sequence[str] | None = None,
) -> FileFacts:
    """The facts of a file CPython parsed (``tree`` is its tree of ``text``; ``lines`` its
    :func:`python_lines`, when the caller has them)."""
    lines = python_lines(text) if lines is None else lines
    blocker, has_import = _shim_blocker(tree.body, lines, text)
    binder = _Binder(package, lines)
    binder.walk(tree.body)
    return FileFacts(
        path=rel_path,
        values=binder.values(),
        imports=imports_of(tree, text, package, lines),
        shim_blocker=blocker,
        has_import=has_import,
        definition=_definition(tree.body, lines, definition, binder),
        defines_at_top=any(isinstance(stmt, (*_DEFS, ast.ClassDef)) for stmt in tree.body),
    )


def _blocks(stmt: ast.stmt) -> Iterator[Sequence[ast.stmt]]:
    """Bodies of the compound statements a shim (and a binding) may be nested in: if and try."""
    if isinstance(stmt, _NESTING):
        yield stmt.body  # type: ignore[attr-defined]
        for handler in getattr(stmt, "handlers", ()):
            yield handler.body
        if getattr(stmt, "orelse", None):
            yield stmt.orelse  # type: ignore[attr-defined]
        if getattr(stmt, "finalbody", None):
            yield stmt.finalbody  # type: ignore[attr-defined]


def _shim_blocker(body: Sequence[ast.stmt], lines: Sequence[str], text: str) -> tuple[Position | None, bool]:
    """The innermost first statement a shim may not hold, and whether any import was seen."""
    has_import = False
    for stmt in body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            has_import = True
        elif isinstance(stmt, _NESTING):
            for block in _blocks(stmt):
                blocker, inner_import = _shim_blocker(block, lines, text)
                has_import = has_import or inner_import
                if blocker is not None:
                    return blocker, has_import
        elif not _shim_allows(stmt, text):  # any other compound statement is not allowed either
            return char_position(lines, stmt), has_import
    return None, has_import


def _is_all(target: ast.expr) -> bool:
    return isinstance(target, ast.Name) and target.id == "__all__"


def _shim_allows(stmt: ast.stmt, text: str) -> bool:
    """Docstrings, ``pass``, ``__all__`` (re)assignments and plain aliases ``x = y`` / ``x = y.z``."""
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Expr):
        return _is_string_literal(stmt.value, text)
    if isinstance(stmt, ast.AugAssign):
        return _is_all(stmt.target)
    if isinstance(stmt, ast.AnnAssign):
        return _is_all(stmt.target) and stmt.value is not None
    if isinstance(stmt, ast.Assign):
        if len(stmt.targets) == 1 and _is_all(stmt.targets[0]):
            return True
        # ``None``/``True``/``False`` are constants here, so they have no dotted name
        return all(isinstance(t, ast.Name) for t in stmt.targets) and bool(dotted_name(stmt.value))
    return False


def _is_string_literal(node: ast.expr, text: str) -> bool:
    """libcst's ``SimpleString`` or ``ConcatenatedString``: a str or bytes constant, or an f-string
    concatenated with at least one other string (a lone f-string is a ``FormattedString``)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | bytes)
    if not isinstance(node, ast.JoinedStr):
        return False
    segment = ast.get_source_segment(text, node) or ""
    import io  # here only (a concatenated f-string): importing tokenize cost every run ~2 ms
    import tokenize

    try:
        # in brackets, the lines of a multi-line segment carry no indentation to get wrong
        tokens = list(tokenize.generate_tokens(io.StringIO(f"({segment})").readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    starts = {tokenize.STRING, getattr(tokenize, "FSTRING_START", tokenize.STRING)}
    return sum(1 for token in tokens if token.type in starts) > 1


class _Binder(BindingLog[ast.stmt]):
    """Walks the top-level statements in order, recording each binding with what its value refers to
    through the imports seen so far (see the libcst ``_Binder``)."""

    def __init__(self, package: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.package = package
        self.lines = lines

    def resolve(self, node: ast.expr) -> str:
        """The dotted name an expression refers to, through the imports (``R`` -> ``fastapi.APIRouter``)."""
        return self.resolve_name(dotted_name(node))

    def walk(self, body: Sequence[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, _DEFS):
                self.bind(stmt.name, stmt, Shape.FUNCTION)
            elif isinstance(stmt, ast.ClassDef):
                bases = tuple(ref for node in _class_arguments(stmt) if (ref := self.resolve(node)))
                self.bind(stmt.name, stmt, Shape.CLASS, bases)
            elif isinstance(stmt, ast.With | ast.AsyncWith):
                self.walk(stmt.body)
            elif isinstance(stmt, _NESTING):
                for block in _blocks(stmt):
                    self.walk(block)
            else:
                self._small(stmt)

    def position(self, node: ast.stmt) -> Position:
        return char_position(self.lines, node)

    def _small(self, stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                top = alias.name.split(".")[0]
                self.imported(alias.asname or top, alias.name if alias.asname else top, stmt)
        elif isinstance(stmt, ast.ImportFrom) and stmt.names[0].name != "*":
            base = resolve_relative(self.package, stmt.level, stmt.module or "")
            for alias in stmt.names:
                self.imported(alias.asname or alias.name, f"{base}.{alias.name}" if base else alias.name, stmt)
        elif isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            shape, refs, strings = self._value(stmt.value)
            for target in targets:
                for name in _target_names(target):
                    self.bind(name, stmt, shape, refs, strings)

    def _value(self, value: ast.expr) -> tuple[Shape, tuple[str, ...], tuple[str, ...]]:
        if isinstance(value, ast.Call):
            return value_shape(self.resolve(value.func), None)
        return value_shape(None, _literal(value))


def _class_arguments(stmt: ast.ClassDef) -> list[ast.expr]:
    """What libcst counts as a class's bases: the positional arguments, ``*b`` by what it unpacks."""
    return [base.value if isinstance(base, ast.Starred) else base for base in stmt.bases]


def _target_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _target_names(element)
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)


def _definition(
    body: Sequence[ast.stmt], lines: Sequence[str], spec: DefinitionSpec, binder: _Binder
) -> Definition | None:
    """The module definition in the form ``spec`` names (see :class:`~modlint.layout.DefinitionSpec`)."""
    if spec.form == "dict":
        return _dict_definition(body, lines, spec.name)
    if spec.form == "class":
        return _class_definition(binder, lines, spec.bases)
    return _call_definition(body, lines, spec.code_key)


def _assignments(body: Sequence[ast.stmt]) -> Iterator[_Assignment]:
    """Top-level (or class-level) assignments with a value, in order."""
    for stmt in body:
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
            yield stmt


def _assigned_names(stmt: _Assignment) -> list[str]:
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _call_definition(body: Sequence[ast.stmt], lines: Sequence[str], code_key: str) -> Definition | None:
    """The first top-level assignment whose value is a call with a ``code_key`` keyword."""
    for stmt in _assignments(body):
        value = stmt.value
        if not isinstance(value, ast.Call):
            continue
        keywords = [(k.arg, k.value) for k in value.keywords if k.arg is not None]
        if not any(name == code_key for name, _ in keywords):
            continue
        where = {k.arg: char_position(lines, k) for k in value.keywords if k.arg}
        elements = {name: _items(lines, item) for name, item in keywords if _is_sequence(item)}
        return definition_at(char_position(lines, stmt), _read(keywords), where, elements)
    return None


def _dict_definition(body: Sequence[ast.stmt], lines: Sequence[str], name: str) -> Definition | None:
    """The first top-level or class-level assignment of a dict literal to ``name``."""
    for stmt in body:
        inner = stmt.body if isinstance(stmt, ast.ClassDef) else [stmt]
        for assign in _assignments(inner):
            value = assign.value
            if name in _assigned_names(assign) and isinstance(value, ast.Dict):
                entries = [
                    (key.value, item)
                    for key, item in zip(value.keys, value.values, strict=True)
                    if isinstance(key, ast.Constant) and isinstance(key.value, str)
                ]
                where = {key: char_position(lines, node) for key, node in _string_keys(value)}
                elements = {key: _items(lines, _last_value(value, key)) for key, item in entries if _is_sequence(item)}
                return definition_at(char_position(lines, assign), _read(entries), where, elements)
    return None


def _string_keys(value: ast.Dict) -> Iterator[tuple[str, ast.expr]]:
    for key in value.keys:
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            yield key.value, key


def _last_value(value: ast.Dict, key: str) -> ast.expr | None:
    """The value of the last entry ``key`` (what the dict holds when a key repeats)."""
    found = [v for k, v in zip(value.keys, value.values, strict=True) if isinstance(k, ast.Constant) and k.value == key]
    return found[-1] if found else None


def _class_definition(binder: _Binder, lines: Sequence[str], bases: Sequence[str]) -> Definition | None:
    """The first top-level class whose bases resolve to one of ``bases``; its class-level literals."""
    for binding, node in binder.events:
        if not (isinstance(node, ast.ClassDef) and any(refers_to(ref, bases) for ref in binding.refs)):
            continue
        assigns = list(_assignments(node.body))
        pairs = [(name, stmt.value) for stmt in assigns for name in _assigned_names(stmt)]
        where = {name: char_position(lines, stmt) for stmt in assigns for name in _assigned_names(stmt)}
        elements = {
            name: _items(lines, stmt.value)
            for stmt in assigns
            if _is_sequence(stmt.value)
            for name in _assigned_names(stmt)
        }
        return definition_at(binding.position, _read(pairs), where, elements)  # type: ignore[arg-type]
    return None


def _is_sequence(value: ast.expr | None) -> bool:
    return isinstance(value, ast.List | ast.Tuple)


def _items(lines: Sequence[str], value: ast.expr | None) -> tuple[Position, ...]:
    """Where each item of a list or tuple starts."""
    if not isinstance(value, ast.List | ast.Tuple):
        return ()
    return tuple(char_position(lines, item) for item in value.elts)


def _read(pairs: Sequence[tuple[str, ast.expr]]) -> list[tuple[str, object]]:
    return [(name, _literal(value)) for name, value in pairs]


def _literal(node: ast.expr) -> FactValue | object:
    """The value of a literal str/int/bool/None or list/tuple of str; ``NOT_LITERAL`` otherwise
    (a float, bytes or ``...`` constant is not one of those)."""
    if isinstance(node, ast.Constant):
        value = node.value
        return value if value is None or isinstance(value, str | int) else NOT_LITERAL
    if isinstance(node, ast.List | ast.Tuple):
        items = [_literal(e) for e in node.elts]
        if all(isinstance(i, str) for i in items):
            return tuple(items)
    return NOT_LITERAL
