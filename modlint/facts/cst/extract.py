"""Parse one decoded Python file with libcst and extract its :class:`~modlint.facts.FileFacts`.

The only module that touches libcst (imported lazily by :mod:`modlint.facts.reading`, so a run served
from the cache never loads it). Each file is parsed once, walked once, and the tree is dropped.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

import libcst as cst

from modlint.facts.ast_imports import resolve_relative
from modlint.facts.bindings import NOT_LITERAL, BindingLog, definition_at, value_shape
from modlint.facts.cst.positions import (
    MetadataPositions,
    Positions,
    child_blocks,
    identifier,
    positions_for,
    suite_statements,
)
from modlint.facts.model import Definition, FactValue, FileFacts, ImportFact, ParseProblem, Shape, refers_to
from modlint.findings import Position
from modlint.layout import DEFAULT_DEFINITION, DefinitionSpec


def parse_facts(
    rel_path: str,
    text: str,
    package: str,
    data: bytes | None = None,
    *,
    tree: ast.Module | None = None,
    definition: DefinitionSpec = DEFAULT_DEFINITION,
    reference: bool = False,
) -> FileFacts:
    """Parse the file ``rel_path`` living in ``package``; problems become values.

    ``text`` is its decoded source; ``data``, when given, its raw bytes, which libcst parses about
    ten percent faster than text (it decodes them itself, by the same PEP 263 rules); ``tree``, when
    given, CPython's tree of the same text, which the positions are read from (else it is built here);
    ``definition``, the form module definitions take; ``reference``: positions from libcst's own
    metadata, never from ``ast`` (what the differential test compares the ``ast`` extractor with)."""
    try:
        module = cst.parse_module(data if data is not None else text)
    except cst.ParserSyntaxError as exc:
        position = Position(max(exc.raw_line, 1), exc.raw_column + 1)
        message = "syntax error: " + exc.message.removeprefix("parser error: ")
        return FileFacts(rel_path, problem=ParseProblem(position, message))
    except (RecursionError, ValueError, TypeError) as exc:  # libcst internals on pathological input
        return FileFacts(rel_path, problem=ParseProblem(Position(), f"cannot parse: {exc}"))
    positions = MetadataPositions(module) if reference else positions_for(module, text, tree)
    return _extract(rel_path, module, text, package, positions, definition)


def _extract(
    rel_path: str, module: cst.Module, text: str, package: str, positions: Positions, spec: DefinitionSpec
) -> FileFacts:
    blocker, has_import = _shim_blocker(module.body, positions)
    binder = _Binder(package, positions)
    binder.walk(module.body)
    return FileFacts(
        path=rel_path,
        values=binder.values(),
        imports=tuple(_imports(module.body, package, positions, dynamic="import_module" in text)),
        shim_blocker=blocker,
        has_import=has_import,
        definition=_definition(module.body, positions, spec, binder),
        defines_at_top=any(isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) for stmt in module.body),
    )


def _dotted(node: cst.BaseExpression | None) -> str:
    if isinstance(node, cst.Name):
        return identifier(node)
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{identifier(node.attr)}"
    return ""


def _imports(
    body: Sequence[cst.BaseStatement], package: str, positions: Positions, *, dynamic: bool, typing_only: bool = False
) -> Iterator[ImportFact]:
    """Every import statement anywhere in the file, in source order, marked when it sits in the body of
    ``if TYPE_CHECKING:``; with ``dynamic`` (the text mentions ``import_module``) also the
    ``importlib.import_module("<literal>")`` calls of simple statements, at their statement."""
    for stmt in body:
        if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            for small in stmt.body:
                yield from _import_of(small, package, positions, dynamic=dynamic, typing_only=typing_only)
        elif isinstance(stmt, cst.If) and _is_type_checking(stmt.test):
            yield from _imports(suite_statements(stmt.body), package, positions, dynamic=dynamic, typing_only=True)
            orelse = stmt.orelse
            rest = [orelse] if isinstance(orelse, cst.If) else suite_statements(orelse.body) if orelse else []
            yield from _imports(rest, package, positions, dynamic=dynamic, typing_only=typing_only)
        else:
            for block in child_blocks(stmt):
                yield from _imports(block, package, positions, dynamic=dynamic, typing_only=typing_only)


def _is_type_checking(test: cst.BaseExpression) -> bool:
    """``TYPE_CHECKING`` or ``<anything>.TYPE_CHECKING`` (``typing.TYPE_CHECKING``, ``t.TYPE_CHECKING``)."""
    name = _dotted(test)
    return name == "TYPE_CHECKING" or name.endswith(".TYPE_CHECKING")


def _import_of(
    small: cst.BaseSmallStatement, package: str, positions: Positions, *, dynamic: bool, typing_only: bool
) -> Iterator[ImportFact]:
    if isinstance(small, cst.Import):
        targets = tuple(_dotted(alias.name) for alias in small.names)
        yield ImportFact(positions.statement(small), targets, type_checking=typing_only)
    elif isinstance(small, cst.ImportFrom):
        base = resolve_relative(package, len(small.relative), _dotted(small.module))
        if base is None:
            return
        names = [] if isinstance(small.names, cst.ImportStar) else [_dotted(a.name) for a in small.names]
        targets = (base, *(f"{base}.{n}" for n in names))
        yield ImportFact(positions.statement(small), targets, is_from=True, type_checking=typing_only)
    elif dynamic:
        finder = _StringImports()
        small.visit(finder)
        for target in finder.found:
            yield ImportFact(positions.statement(small), (target,), type_checking=typing_only, dynamic=True)


class _StringImports(cst.CSTVisitor):
    """``importlib.import_module("a.b")`` / ``import_module("a.b")`` with an absolute literal name."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def visit_Call(self, node: cst.Call) -> None:
        if _dotted(node.func) not in ("importlib.import_module", "import_module") or not node.args:
            return
        first = node.args[0]
        if first.keyword is None and isinstance(first.value, cst.SimpleString):
            name = first.value.evaluated_value
            if isinstance(name, str) and name and not name.startswith("."):
                self.found.append(name)


def _blocks(stmt: cst.BaseStatement) -> Iterator[Sequence[cst.BaseStatement]]:
    """Bodies of the compound statements a shim (and a binding) may be nested in: if and try."""
    if isinstance(stmt, (cst.If, cst.Try, cst.TryStar)):
        yield from child_blocks(stmt)


def _shim_blocker(body: Sequence[cst.BaseStatement], positions: Positions) -> tuple[Position | None, bool]:
    """The innermost first statement a shim may not hold, and whether any import was seen."""
    has_import = False
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    has_import = True
                elif not _shim_allows(small):
                    return positions.statement(small), has_import
        elif isinstance(stmt, (cst.If, cst.Try, cst.TryStar)):
            for block in _blocks(stmt):
                blocker, inner_import = _shim_blocker(block, positions)
                has_import = has_import or inner_import
                if blocker is not None:
                    return blocker, has_import
        else:
            return positions.statement(stmt), has_import
    return None, has_import


def _is_all(target: cst.BaseExpression) -> bool:
    return isinstance(target, cst.Name) and identifier(target) == "__all__"


def _shim_allows(small: cst.BaseSmallStatement) -> bool:
    """Docstrings, ``pass``, ``__all__`` (re)assignments and plain aliases ``x = y`` / ``x = y.z``."""
    if isinstance(small, cst.Pass):
        return True
    if isinstance(small, cst.Expr):
        return isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
    if isinstance(small, cst.AugAssign):
        return _is_all(small.target)
    if isinstance(small, cst.AnnAssign):
        return _is_all(small.target) and small.value is not None
    if isinstance(small, cst.Assign):
        targets = [t.target for t in small.targets]
        if len(targets) == 1 and _is_all(targets[0]):
            return True
        value = small.value
        constant = isinstance(value, cst.Name) and value.value in ("None", "True", "False")
        return all(isinstance(t, cst.Name) for t in targets) and bool(_dotted(value)) and not constant
    return False


class _Binder(BindingLog[cst.CSTNode]):
    """Walks the top-level statements in order, recording each binding with what its value refers to
    through the imports seen so far (the alias map a reader of the file would have in mind)."""

    def __init__(self, package: str, positions: Positions) -> None:
        super().__init__()
        self.package = package
        self.positions = positions

    def resolve(self, node: cst.BaseExpression) -> str:
        """The dotted name an expression refers to, through the imports (``R`` -> ``fastapi.APIRouter``)."""
        return self.resolve_name(_dotted(node))

    def walk(self, body: Sequence[cst.BaseStatement]) -> None:
        for stmt in body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    self._small(small)
            elif isinstance(stmt, cst.FunctionDef):
                self.bind(identifier(stmt.name), stmt, Shape.FUNCTION)
            elif isinstance(stmt, cst.ClassDef):
                bases = tuple(ref for arg in stmt.bases if arg.keyword is None and (ref := self.resolve(arg.value)))
                self.bind(identifier(stmt.name), stmt, Shape.CLASS, bases)
            elif isinstance(stmt, cst.With):
                self.walk(suite_statements(stmt.body))
            else:
                for block in _blocks(stmt):
                    self.walk(block)

    def position(self, node: cst.CSTNode) -> Position:
        return self.positions.statement(node)

    def _small(self, small: cst.BaseSmallStatement) -> None:
        if isinstance(small, cst.Import):
            for alias in small.names:
                full = _dotted(alias.name)
                local = _alias_name(alias)
                self.imported(local or full.split(".")[0], full if local else full.split(".")[0], small)
        elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
            base = resolve_relative(self.package, len(small.relative), _dotted(small.module))
            for alias in small.names:
                name = _dotted(alias.name)
                self.imported(_alias_name(alias) or name, f"{base}.{name}" if base else name, small)
        elif isinstance(small, (cst.Assign, cst.AnnAssign)) and small.value is not None:
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
            shape, refs, strings = self._value(small.value)
            for target in targets:
                for name in _target_names(target):
                    self.bind(name, small, shape, refs, strings)

    def _value(self, value: cst.BaseExpression) -> tuple[Shape, tuple[str, ...], tuple[str, ...]]:
        if isinstance(value, cst.Call):
            return value_shape(self.resolve(value.func), None)
        return value_shape(None, _literal(value))


def _alias_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return identifier(alias.asname.name)
    return None


def _target_names(target: cst.BaseExpression) -> Iterator[str]:
    if isinstance(target, cst.Name):
        yield identifier(target)
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)


def _definition(
    body: Sequence[cst.BaseStatement], positions: Positions, spec: DefinitionSpec, binder: _Binder
) -> Definition | None:
    """The module definition in the form ``spec`` names (see :class:`~modlint.layout.DefinitionSpec`)."""
    if spec.form == "dict":
        return _dict_definition(body, positions, spec.name)
    if spec.form == "class":
        return _class_definition(binder, positions, spec.bases)
    return _call_definition(body, positions, spec.code_key)


def _assignments(body: Sequence[cst.BaseStatement]) -> Iterator[cst.Assign | cst.AnnAssign]:
    """Top-level (or class-level) assignments with a value, in order."""
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, (cst.Assign, cst.AnnAssign)) and small.value is not None:
                    yield small


def _assigned_names(small: cst.Assign | cst.AnnAssign) -> list[str]:
    targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
    return [identifier(t) for t in targets if isinstance(t, cst.Name)]


def _call_definition(body: Sequence[cst.BaseStatement], positions: Positions, code_key: str) -> Definition | None:
    """The first top-level assignment whose value is a call with a ``code_key`` keyword."""
    for small in _assignments(body):
        value = small.value
        if not isinstance(value, cst.Call):
            continue
        keywords = [(identifier(a.keyword), a.value) for a in value.args if a.keyword is not None]
        if not any(name == code_key for name, _ in keywords):
            continue
        elements = {name: positions.elements(small, name) for name, value in keywords if _is_sequence(value)}
        return definition_at(positions.statement(small), _read(keywords), positions.keywords(small), elements)
    return None


def _dict_definition(body: Sequence[cst.BaseStatement], positions: Positions, name: str) -> Definition | None:
    """The first top-level or class-level assignment of a dict literal to ``name``."""
    for stmt in body:
        inner = suite_statements(stmt.body) if isinstance(stmt, cst.ClassDef) else [stmt]
        for small in _assignments(inner):
            if name in _assigned_names(small) and isinstance(small.value, cst.Dict):
                entries = [
                    (key, element.value)
                    for element in small.value.elements
                    if isinstance(element, cst.DictElement) and isinstance(key := _literal(element.key), str)
                ]
                elements = {key: positions.elements(small, key) for key, value in entries if _is_sequence(value)}
                return definition_at(positions.statement(small), _read(entries), positions.entries(small), elements)
    return None


def _class_definition(binder: _Binder, positions: Positions, bases: Sequence[str]) -> Definition | None:
    """The first top-level class whose bases resolve to one of ``bases``; its class-level literals."""
    for binding, node in binder.events:
        if not (isinstance(node, cst.ClassDef) and any(refers_to(ref, bases) for ref in binding.refs)):
            continue
        assigns = list(_assignments(suite_statements(node.body)))
        pairs = [(name, small.value) for small in assigns for name in _assigned_names(small)]
        where = {name: positions.statement(small) for small in assigns for name in _assigned_names(small)}
        elements = {
            name: positions.elements(small, None)
            for small in assigns
            if _is_sequence(small.value)
            for name in _assigned_names(small)
        }
        return definition_at(binding.position, _read(pairs), where, elements)  # type: ignore[arg-type]
    return None


def _is_sequence(value: cst.BaseExpression | None) -> bool:
    return isinstance(value, (cst.List, cst.Tuple))


def _read(pairs: Sequence[tuple[str, cst.BaseExpression]]) -> list[tuple[str, object]]:
    return [(name, _literal(value)) for name, value in pairs]


def _literal(node: cst.BaseExpression) -> FactValue | object:
    """The value of a literal str/int/bool/None or list/tuple of str; ``NOT_LITERAL`` otherwise."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else NOT_LITERAL
    if isinstance(node, cst.Integer):
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:  # beyond Python's digit limit (CPython refuses such a file anyway)
            return NOT_LITERAL
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, (cst.List, cst.Tuple)):
        items = [NOT_LITERAL if isinstance(e, cst.StarredElement) else _literal(e.value) for e in node.elements]
        if all(isinstance(i, str) for i in items):
            return tuple(items)
    return NOT_LITERAL
