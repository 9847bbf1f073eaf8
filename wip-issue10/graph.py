"""The module graph the boundaries kinds share: which module each import reaches, what each module
``requires``, and where each of those is written.

Built from facts only (never by importing anything): an import's target module is the first name
below the modules package (``app.modules.orders.services.x`` -> ``orders``); ``requires`` entries
resolve through :class:`~modlint.layout.ModuleNames`, exactly as ``modlint.runtime`` resolves them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from modlint import globs
from modlint.checks.base import CheckContext
from modlint.facts.model import Definition, ImportFact
from modlint.findings import Position
from modlint.layout import Module, ModuleNames


@dataclass(frozen=True)
class CrossImport:
    """One import, in ``source``'s file ``path``, of something inside module ``target``.

    ``inner`` is the dotted path inside the target module of the deepest file or package the import
    names (``""``: the module package itself) and ``name`` the first name imported from it, if any
    (``from app.modules.orders.services import _helper`` -> ``services``, ``_helper``)."""

    source: str
    target: str
    path: str
    position: Position
    dotted: str
    inner: str
    name: str | None
    type_checking: bool

    @property
    def sort_key(self) -> tuple[str, int, int]:
        """Where it is written, for sorting."""
        return (self.path, self.position.line, self.position.column)


@dataclass(frozen=True)
class Requirement:
    """One ``requires`` entry of a module definition, resolved (``target`` None: names no module)."""

    source: str
    entry: str
    target: str | None
    path: str
    position: Position


def module_names(ctx: CheckContext) -> ModuleNames:
    """Every module's folder name with its code, for resolving ``requires`` entries."""
    pairs: list[tuple[str, str | None]] = []
    for module in ctx.layout.modules:
        definition = ctx.definition(module)
        code = definition.fact(ctx.code_key) if definition else None
        pairs.append((module.name, code if isinstance(code, str) else None))
    return ModuleNames(pairs)


def requirements(ctx: CheckContext, module: Module, fact: str, names: ModuleNames) -> list[Requirement] | None:
    """The module's ``fact`` entries, each where it is written; None when the module has no definition
    or the fact is not a literal list (nothing can be said about its dependencies)."""
    definition = ctx.definition(module)
    if definition is None:
        return None
    if not definition.has_literal(fact):
        return None if definition.keyword_position(fact) is not None else []
    value = definition.fact(fact)
    entries = (value,) if isinstance(value, str) else value if isinstance(value, tuple) else ()
    path = module.project_path(ctx.definition_file)
    return [
        Requirement(module.name, entry, names.get(entry), path, _element_at(definition, fact, index))
        for index, entry in enumerate(entries)
    ]


def _element_at(definition: Definition, fact: str, index: int) -> Position:
    return definition.element_position(fact, index) or definition.keyword_position(fact) or definition.position


def cross_imports(ctx: CheckContext, module: Module, files: Sequence[str] = ("**/*.py",)) -> Iterator[CrossImport]:
    """Imports in ``module``'s files matching ``files`` of anything inside another existing module."""
    package = ctx.layout.modules_package
    for rel in module.python_files():
        if not globs.matches(files, rel):
            continue
        path = module.project_path(rel)
        facts = ctx.file_facts(path)
        if facts is None:
            continue
        for imp in facts.imports:
            yield from _reached(ctx, module.name, path, imp, package)


def _reached(ctx: CheckContext, source: str, path: str, imp: ImportFact, package: str) -> Iterator[CrossImport]:
    """One import's reach into other modules: per target module, the deepest target named."""
    seen: set[str] = set()
    for target in imp.imported if imp.is_from else imp.targets:
        parts = _below(target, package)
        if not parts or parts[0] == source or parts[0] in seen:
            continue
        other = ctx.layout.module(parts[0])
        if other is None:
            continue
        seen.add(parts[0])
        inner, name = split_inner(other, parts[1:])
        yield CrossImport(source, other.name, path, imp.position, target, inner, name, imp.type_checking)


def _below(target: str, package: str) -> list[str]:
    """The dotted segments of ``target`` below the modules package (empty when not below it)."""
    if not package:
        return target.split(".")
    if not target.startswith(package + "."):
        return []
    return target[len(package) + 1 :].split(".")


def split_inner(module: Module, segments: Sequence[str]) -> tuple[str, str | None]:
    """The longest leading run of ``segments`` that is a file or package of ``module``, and the first
    segment after it (a name imported from it), if any."""
    depth = 0
    for index in range(1, len(segments) + 1):
        rel = "/".join(segments[:index])
        if f"{rel}.py" in module.file_set or module.python_files_in(rel, recursive=True):
            depth = index
        else:
            break
    name = segments[depth] if depth < len(segments) else None
    return ".".join(segments[:depth]), name
