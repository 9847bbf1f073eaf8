"""Parse one decoded Python file with libcst and extract its :class:`~modlint.facts.FileFacts`.

The only module that touches libcst (imported lazily by :mod:`modlint.facts.reading`, so a run served
from the cache never loads it). Each file is parsed once, walked once, and the tree is dropped.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

import libcst as cst

from modlint.facts.cst.positions import Positions, child_blocks, positions_for, statements, suite_statements
from modlint.facts.model import Definition, FactValue, FileFacts, ImportFact, ParseProblem
from modlint.findings import Position
from modlint.layout import DEFINITION_CODE_KEY


def parse_facts(
    rel_path: str, text: str, package: str, data: bytes | None = None, *, tree: ast.Module | None = None
) -> FileFacts:
    """Parse the file ``rel_path`` living in ``package``; problems become values.

    ``text`` is its decoded source; ``data``, when given, its raw bytes, which libcst parses about
    ten percent faster than text (it decodes them itself, by the same PEP 263 rules); ``tree``, when
    given, CPython's tree of the same text, which the positions are read from (else it is built here)."""
    try:
        module = cst.parse_module(data if data is not None else text)
    except cst.ParserSyntaxError as exc:
        position = Position(max(exc.raw_line, 1), exc.raw_column + 1)
        message = "syntax error: " + exc.message.removeprefix("parser error: ")
        return FileFacts(rel_path, problem=ParseProblem(position, message))
    except (RecursionError, ValueError, TypeError) as exc:  # libcst internals on pathological input
        return FileFacts(rel_path, problem=ParseProblem(Position(), f"cannot parse: {exc}"))
    return _extract(rel_path, module, text, package, tree)


def _extract(rel_path: str, module: cst.Module, text: str, package: str, tree: ast.Module | None) -> FileFacts:
    positions = positions_for(module, text, tree)
    blocker, has_import = _shim_blocker(module.body, positions)
    return FileFacts(
        path=rel_path,
        bindings=frozenset(_bindings(module.body)),
        imports=tuple(_imports(module, package, positions)),
        shim_blocker=blocker,
        has_import=has_import,
        definition=_definition(module.body, positions),
        defines_at_top=any(isinstance(stmt, (cst.FunctionDef, cst.ClassDef)) for stmt in module.body),
    )


def _dotted(node: cst.BaseExpression | None) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


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


def _imports(module: cst.Module, package: str, positions: Positions) -> Iterator[ImportFact]:
    """Every import statement anywhere in the file (statements only: no expression walk needed)."""
    for node in statements(module.body):
        if isinstance(node, cst.Import):
            targets = tuple(_dotted(alias.name) for alias in node.names)
            yield ImportFact(positions.statement(node), targets)
        elif isinstance(node, cst.ImportFrom):
            base = resolve_relative(package, len(node.relative), _dotted(node.module))
            if base is None:
                continue
            names = [] if isinstance(node.names, cst.ImportStar) else [_dotted(a.name) for a in node.names]
            yield ImportFact(positions.statement(node), (base, *(f"{base}.{n}" for n in names)), is_from=True)


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
    return isinstance(target, cst.Name) and target.value == "__all__"


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


def _bindings(body: Sequence[cst.BaseStatement]) -> Iterator[str]:
    """Names bound at top level (also inside top-level if/try/with blocks)."""
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                yield from _small_bindings(small)
        elif isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            yield stmt.name.value
        elif isinstance(stmt, cst.With):
            yield from _bindings(suite_statements(stmt.body))
        else:
            for block in _blocks(stmt):
                yield from _bindings(block)


def _small_bindings(small: cst.BaseSmallStatement) -> Iterator[str]:
    if isinstance(small, cst.Assign):
        for target in small.targets:
            yield from _target_names(target.target)
    elif isinstance(small, cst.AnnAssign) and small.value is not None:
        yield from _target_names(small.target)
    elif isinstance(small, cst.Import):
        for alias in small.names:
            yield _alias_name(alias) or _dotted(alias.name).split(".")[0]
    elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
        for alias in small.names:
            yield _alias_name(alias) or _dotted(alias.name)


def _alias_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


def _target_names(target: cst.BaseExpression) -> Iterator[str]:
    if isinstance(target, cst.Name):
        yield target.value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _target_names(element.value)
    elif isinstance(target, cst.StarredElement):
        yield from _target_names(target.value)


def _definition(body: Sequence[cst.BaseStatement], positions: Positions) -> Definition | None:
    """The first top-level assignment whose value is a call with a ``code=`` keyword."""
    for stmt in body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            value = small.value if isinstance(small, (cst.Assign, cst.AnnAssign)) else None
            if not isinstance(value, cst.Call):
                continue
            keywords = [(a.keyword.value, a) for a in value.args if a.keyword is not None]
            if not any(name == DEFINITION_CODE_KEY for name, _ in keywords):
                continue
            facts = [(name, _literal(arg.value)) for name, arg in keywords]
            where = positions.keywords(small)
            return Definition(
                position=positions.statement(small),
                facts=tuple((n, v) for n, v in facts if v is not _NOT_LITERAL),  # type: ignore[misc]
                keywords=tuple((name, where[name]) for name, _ in keywords if name in where),
            )
    return None


_NOT_LITERAL = object()


def _literal(node: cst.BaseExpression) -> FactValue | object:
    """The value of a literal str/int/bool/None or list/tuple of str; ``_NOT_LITERAL`` otherwise."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else _NOT_LITERAL
    if isinstance(node, cst.Integer):
        return int(node.value.replace("_", ""), 0)
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, (cst.List, cst.Tuple)):
        items = [_literal(e.value) for e in node.elements]
        if all(isinstance(i, str) for i in items):
            return tuple(items)
    return _NOT_LITERAL
