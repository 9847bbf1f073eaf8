"""``modlint graph``: the module dependency graph as the boundaries rules see it.

Two graphs over the same modules: what each definition ``requires`` (declared) and which modules
each module's files import (actual, counted per import statement), read exactly as the
``declared_dependencies`` rule (MOD-016) reads them: its ``fact``, ``files`` and ``type_checking``.
Their difference is the point of the picture: an import that is not required, a requirement
nothing imports, and the import edges that lie on a cycle (as ``dependency_cycles`` with
``source: imports``, MOD-018, finds them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from modlint.checks import CheckContext, Rule, graph
from modlint.checks.declared_dependencies import DeclaredDependencies
from modlint.findings import Severity
from modlint.values import Value

#: What an edge is: required and imported, imported without being required, or required only; or
#: imported by a module whose ``requires`` cannot be read (no definition, or not a literal list: the
#: boundaries rules say nothing about it either).
DECLARED, UNDECLARED, UNUSED, UNJUDGED = "declared", "undeclared", "unused", "unjudged"


class Edge(Value):
    """A dependency of ``source`` on ``target``: how many import statements, and whether it is required."""

    source: str
    target: str
    imports: int
    #: None: the source's ``requires`` cannot be read.
    required: bool | None
    #: Whether the import edge lies on a cycle of imports (between modules with a definition, as
    #: MOD-018 looks for them).
    cycle: bool

    @property
    def kind(self) -> str:
        """``declared``, ``undeclared``, ``unused`` or ``unjudged``."""
        if self.required is None:
            return UNJUDGED
        if not self.required:
            return UNDECLARED
        return DECLARED if self.imports else UNUSED


class ModuleGraph(Value):
    """Every module and every edge, sorted; ``unknown`` lists requires entries naming no module."""

    modules: tuple[str, ...]
    edges: tuple[Edge, ...]
    cycles: tuple[tuple[str, ...], ...]
    unknown: tuple[tuple[str, str], ...] = ()

    def around(self, name: str) -> ModuleGraph:
        """``name``, the modules it depends on and those that depend on it, and the edges between them."""
        edges = tuple(e for e in self.edges if name in (e.source, e.target))
        near = {name} | {e.source for e in edges} | {e.target for e in edges}
        cycles = tuple(c for c in self.cycles if name in c)
        unknown = tuple(u for u in self.unknown if u[0] == name)
        return ModuleGraph(tuple(m for m in self.modules if m in near), edges, cycles, unknown)


def reader(rules: Sequence[Rule]) -> DeclaredDependencies:
    """The enabled ``declared_dependencies`` rule whose reading the graph shares (the first by id),
    else one with the kind's defaults."""
    for rule in rules:
        if isinstance(rule, DeclaredDependencies):
            return rule
    return DeclaredDependencies(
        id="MOD-016",
        name="graph",
        severity=Severity.INFO,
        description="the module graph",
        check="declared_dependencies",
    )


def module_graph(ctx: CheckContext, rule: DeclaredDependencies, max_cycles: int = 100) -> ModuleGraph:
    """The declared and the actual graph of every module in ``ctx``, merged into one."""
    names = graph.module_names(ctx)
    known = {module.name for module in ctx.layout.modules}
    required: set[tuple[str, str]] = set()
    unknown: list[tuple[str, str]] = []
    imports: dict[tuple[str, str], int] = {}
    unjudged: set[str] = set()
    for module in ctx.layout.modules:
        entries = graph.requirements(ctx, module, rule.fact, names)
        if entries is None:
            unjudged.add(module.name)
        for entry in entries or ():
            if entry.target in known and entry.target != module.name:
                required.add((module.name, entry.target))
            elif entry.target is None:
                unknown.append((module.name, entry.entry))
        for imp in graph.cross_imports(ctx, module, rule.files):
            if not (imp.type_checking and rule.type_checking == "ignore"):
                imports[(module.name, imp.target)] = imports.get((module.name, imp.target), 0) + 1
    defined = {module.name for module in ctx.layout.modules if ctx.definition(module) is not None}
    on_cycle, cycles = _cycles({edge: n for edge, n in imports.items() if set(edge) <= defined}, max_cycles)
    edges = tuple(
        Edge(
            source,
            target,
            imports.get((source, target), 0),
            None if source in unjudged else (source, target) in required,
            (source, target) in on_cycle,
        )
        for source, target in sorted(required | set(imports))
    )
    return ModuleGraph(tuple(sorted(known)), edges, tuple(cycles), tuple(sorted(unknown)))


def _cycles(imports: Mapping[tuple[str, str], int], limit: int) -> tuple[set[tuple[str, str]], list[tuple[str, ...]]]:
    """The import edges inside a strongly connected component, and up to ``limit`` elementary cycles."""
    succ: dict[str, list[str]] = {}
    for source, target in sorted(imports):
        succ.setdefault(source, []).append(target)
        succ.setdefault(target, [])
    component_of = {node: index for index, group in enumerate(graph.strongly_connected(succ)) for node in group}
    on_cycle = {(s, t) for s, t in imports if s in component_of and component_of.get(t) == component_of[s]}
    return on_cycle, graph.elementary_cycles(succ, limit)
