"""The module graph the boundaries kinds share: which module each import reaches, what each module
``requires``, and where each of those is written.

Built from facts only (never by importing anything): an import's target module is the first name
below the modules package (``app.modules.orders.services.x`` -> ``orders``); ``requires`` entries
resolve through :class:`~modlint.layout.ModuleNames`, exactly as ``modlint.runtime`` resolves them.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence

from modlint import globs
from modlint.checks.base import CheckContext, Rule
from modlint.facts.model import Definition, ImportFact
from modlint.findings import Finding, Position
from modlint.layout import Module, ModuleNames
from modlint.values import Value


class _Written:
    """Where an import or a ``requires`` entry is written (``path`` project-relative)."""

    path: str
    position: Position

    @property
    def sort_key(self) -> tuple[str, int, int]:
        """Where it is written, for sorting."""
        return (self.path, self.position.line, self.position.column)

    def __str__(self) -> str:
        """``path:line:column``, for messages."""
        return f"{self.path}:{self.position.line}:{self.position.column}"


class CrossImport(_Written, Value):
    """One import, in ``source``'s file ``path``, of something inside module ``target``.

    ``dotted`` is what the statement names as written (``from``'s module when it lies inside the
    target module, else the imported name).
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


class Requirement(_Written, Value):
    """One ``requires`` entry of a module definition, resolved (``target`` None: names no module)."""

    source: str
    entry: str
    target: str | None
    path: str
    position: Position


def module_names(ctx: CheckContext) -> ModuleNames:
    """Every module's folder name with its code, for resolving ``requires`` entries (worked out once
    a run: each rule that resolves entries asks, and it reads every module's definition)."""
    return ctx.memoized(("module-names",), lambda: _module_names(ctx))


def _module_names(ctx: CheckContext) -> ModuleNames:
    def codes() -> Iterator[tuple[str, str | None]]:
        for module in ctx.layout.modules:
            definition = ctx.definition(module)
            code = definition.fact(ctx.code_key) if definition else None
            yield module.name, code if isinstance(code, str) else None

    return ModuleNames(((module.name, None) for module in ctx.layout.modules), codes)


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


def declared_graph(ctx: CheckContext, fact: str = "requires") -> dict[str, tuple[str, ...]]:
    """``{module: the modules it requires}`` for every module with a definition, each entry resolved
    as the runtime resolves it (an entry naming no module kept as written): equal to
    ``modlint.runtime.dependency_graph()`` for the same tree."""
    graph: dict[str, tuple[str, ...]] = {}
    for module in ctx.layout.modules:
        required = declared_by(ctx, module, fact)
        if required is not None:
            graph[module.name] = required
    return graph


def declared_by(ctx: CheckContext, module: Module, fact: str = "requires") -> tuple[str, ...] | None:
    """The modules ``module`` requires (its entry of :func:`declared_graph`); None without a
    definition. Asked of one module, it reads that module's definition alone."""
    entries = requirements(ctx, module, fact, module_names(ctx))
    return None if entries is None else tuple(entry.target or entry.entry for entry in entries)


def _element_at(definition: Definition, fact: str, index: int) -> Position:
    return definition.element_position(fact, index) or definition.keyword_position(fact) or definition.position


#: Every Python file of a module: the files a graph rule looks at unless told otherwise.
EVERY_PYTHON_FILE = ("**/*.py",)


def cross_imports(ctx: CheckContext, module: Module, files: Sequence[str] = EVERY_PYTHON_FILE) -> Iterator[CrossImport]:
    """Imports in ``module``'s files matching ``files`` of anything inside another existing module."""
    package = ctx.layout.modules_package
    every = tuple(files) == EVERY_PYTHON_FILE  # a cycle check runs this over every module of the project
    for rel in module.python_files():
        if not every and not globs.matches(files, rel):
            continue
        path = module.project_path(rel)
        read = ctx.facts.get(path)
        if read is None or not read.imports or ctx.file_facts(path) is None:
            continue  # most files import nothing: whether they parsed need not be asked
        for imp in read.imports:
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
        shown = imp.targets[0] if imp.is_from and len(_below(imp.targets[0], package)) > 1 else target
        yield CrossImport(source, other.name, path, imp.position, shown, inner, name, imp.type_checking)


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


def finding_at(
    rule: Rule, ctx: CheckContext, module: Module, where: CrossImport | Requirement, message: str
) -> Finding:
    """A finding of ``rule`` at an import or a ``requires`` entry of ``module`` (or where its
    ``report_at`` says)."""
    rel = where.path[len(module.path) + 1 :]
    located, position = rule.locate(ctx, module, rel, where.position)
    return rule.finding(located, position, message, module)


class WithDefinition(Mapping[str, Module]):
    """The rule's modules that have a parsed definition, by name (a module without one is MOD-009's
    business). Each definition is looked at when its module is first asked for: a narrowed run's
    cycle search asks only of the modules its scope reaches, and the other modules' definitions,
    served undecoded (:class:`~modlint.facts.deferred.DeferredFacts`), stay so."""

    def __init__(self, rule: Rule, ctx: CheckContext) -> None:
        self._applicable = {module.name: module for module in rule.applicable_modules(ctx)}
        self._ctx = ctx
        self._defined: dict[str, bool] = {}

    def __getitem__(self, name: str) -> Module:
        module = self._applicable[name]
        defined = self._defined.get(name)
        if defined is None:
            defined = self._defined[name] = self._ctx.definition(module) is not None
        if not defined:
            raise KeyError(name)
        return module

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._applicable if name in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


# -- cycles ------------------------------------------------------------------------------------------


def elementary_cycles(edges: Mapping[str, Iterable[str]], limit: int) -> list[tuple[str, ...]]:
    """Up to ``limit`` elementary cycles of a directed graph, each once, starting at its smallest node
    (Johnson's algorithm, iterative, so neither a long chain of modules nor a dense graph overflows
    the stack), in order of their smallest node, then as the sorted neighbour walk finds them.

    Each strongly connected component is searched from its smallest node; that node is then removed
    and what remains splits into smaller components, so a ring of n modules costs O(n), not O(n²)."""
    succ = {node: sorted(set(targets)) for node, targets in edges.items()}
    pending = [(component[0], component) for component in strongly_connected(succ)]
    heapq.heapify(pending)
    found: list[tuple[str, ...]] = []
    while pending and len(found) < limit:
        start, component = heapq.heappop(pending)
        inside = set(component)
        local = {v: [w for w in succ.get(v, ()) if w in inside] for v in component}
        for cycle in _cycles_through(start, local):
            found.append(cycle)
            if len(found) >= limit:
                break
        inside.discard(start)
        rest = {v: [w for w in local[v] if w in inside] for v in inside}
        for smaller in strongly_connected(rest):
            heapq.heappush(pending, (smaller[0], smaller))
    return found


def _cycles_through(start: str, succ: Mapping[str, Sequence[str]]) -> Iterator[tuple[str, ...]]:
    """Johnson's circuit search from ``start`` in one strongly connected component."""
    path, closed = [start], [False]
    blocked, blockers = {start}, {v: set[str]() for v in succ}
    stack = [iter(succ[start])]
    while stack:
        for w in stack[-1]:
            if w == start:
                yield tuple(path)
                closed[-1] = True
            elif w not in blocked:
                path.append(w)
                closed.append(False)
                stack.append(iter(succ[w]))
                blocked.add(w)
                break
        else:
            stack.pop()
            v = path.pop()
            if closed.pop():
                if closed:
                    closed[-1] = True
                _unblock(v, blocked, blockers)
            else:
                for w in succ[v]:
                    blockers[w].add(v)


def _unblock(node: str, blocked: set[str], blockers: dict[str, set[str]]) -> None:
    todo = [node]
    while todo:
        v = todo.pop()
        if v in blocked:
            blocked.discard(v)
            todo.extend(blockers[v])
            blockers[v].clear()


def strongly_connected(succ: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan's, iterative), in order of
    their smallest node."""
    tarjan = _Tarjan(succ)
    for root in sorted(succ):
        if root not in tarjan.index:
            tarjan.visit(root)
    return sorted(tarjan.components)


class _Tarjan:
    """Tarjan's algorithm with an explicit stack, so a long chain of modules cannot overflow Python's."""

    def __init__(self, succ: Mapping[str, Sequence[str]]) -> None:
        self.succ = succ
        self.index: dict[str, int] = {}
        self.low: dict[str, int] = {}
        self.stack: list[str] = []
        self.on_stack: set[str] = set()
        self.components: list[list[str]] = []

    def _enter(self, node: str, work: list[tuple[str, Iterator[str]]]) -> None:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        work.append((node, iter(self.succ.get(node, ()))))

    def visit(self, root: str) -> None:
        work: list[tuple[str, Iterator[str]]] = []
        self._enter(root, work)
        while work:
            node, neighbours = work[-1]
            for other in neighbours:
                if other not in self.index:
                    self._enter(other, work)
                    break
                if other in self.on_stack:
                    self.low[node] = min(self.low[node], self.index[other])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    self.low[parent] = min(self.low[parent], self.low[node])
                if self.low[node] == self.index[node]:
                    self._close(node)

    def _close(self, node: str) -> None:
        component: list[str] = []
        while True:
            other = self.stack.pop()
            self.on_stack.discard(other)
            component.append(other)
            if other == node:
                break
        if len(component) > 1:
            self.components.append(sorted(component))
