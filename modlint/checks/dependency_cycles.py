"""Kind ``dependency_cycles``: no cycle in the module graph.

Modules in a cycle cannot be enabled, tested or extracted one without the others: they are one
module in several folders. The graph is built from the imports between modules (``source:
imports``) or from what the definitions ``require`` (``source: declared``: the runtime's start-up
order). Each elementary cycle is reported once, at the first import (or ``requires`` entry) of its
first edge in sorted order, the message listing the whole cycle with one location per edge.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Literal

from modlint.checks import graph
from modlint.checks.base import Anchor, CheckContext, Rule, identifier
from modlint.checks.spec import Field
from modlint.facts.model import Depth
from modlint.findings import Finding
from modlint.layout import Layout, Module
from modlint.values import replace

Where = graph.CrossImport | graph.Requirement


def _module(name: str, requires: str, imports: str) -> dict[str, str]:
    """Files of a module ``name`` with a definition requiring ``requires`` and a service importing
    ``imports`` (example modules for the parameter examples)."""
    base = f"/app/modules/{name}"
    return {
        f"{base}/__init__.py": "",
        f"{base}/definition.py": f'{name}_module = ModuleDefinition(code="{name}", requires=[{requires}])\n',
        f"{base}/services/__init__.py": "",
        f"{base}/services/service.py": f"{imports}\n",
    }


ORDERS_TO_BILLING = "from app.modules.billing.services.service import x\n"
BILLING_TO_ORDERS = "from app.modules.orders.services.service import y"


class DependencyCycles(Rule):
    """One finding per elementary cycle of the module graph."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = "the first import (or `requires` entry) of the cycle's first edge"
    other_modules: ClassVar[Literal["none", "listed", "read"]] = "read"
    read_depth: ClassVar[Depth] = Depth.IMPORTS  # imports only: from ``ast``, no libcst tree
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {},
            "wrong": [
                {
                    "files": {
                        **_module("billing", "", BILLING_TO_ORDERS),
                        "services/checkout.py": "import os\n" + ORDERS_TO_BILLING,
                    },
                    "expect": [
                        "/app/modules/billing/services/service.py:1:1: modules import each other in a cycle: "
                        "billing -> orders -> billing (billing -> orders at "
                        "app/modules/billing/services/service.py:1:1; orders -> billing at "
                        "app/modules/orders/services/checkout.py:2:1)"
                    ],
                },
                {
                    "files": {
                        **_module("billing", "", "import app.modules.crm"),
                        **_module("crm", "", BILLING_TO_ORDERS),
                        "services/checkout.py": ORDERS_TO_BILLING + "import app.modules.crm.services\n",
                    },
                    "expect": [
                        "/app/modules/billing/services/service.py:1:1: modules import each other in a cycle: "
                        "billing -> crm -> orders -> billing (billing -> crm at "
                        "app/modules/billing/services/service.py:1:1; crm -> orders at "
                        "app/modules/crm/services/service.py:1:1; orders -> billing at "
                        "app/modules/orders/services/checkout.py:1:1)",
                        "/app/modules/crm/services/service.py:1:1: modules import each other in a cycle: "
                        "crm -> orders -> crm (crm -> orders at app/modules/crm/services/service.py:1:1; "
                        "orders -> crm at app/modules/orders/services/checkout.py:2:1)",
                    ],
                },
            ],
            "right": [
                {"files": {**_module("billing", "", "import os"), "services/checkout.py": ORDERS_TO_BILLING}},
                {
                    "files": {
                        **_module(
                            "billing",
                            "",
                            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import app.modules.orders",
                        ),
                        "services/checkout.py": ORDERS_TO_BILLING,
                    }
                },
            ],
        },
        {
            "rule": {"type_checking": "check", "max_cycles": 1},
            "wrong": [
                {
                    "files": {
                        **_module(
                            "billing",
                            "",
                            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import app.modules.orders",
                        ),
                        "services/checkout.py": ORDERS_TO_BILLING,
                    },
                    "expect": ["/app/modules/billing/services/service.py:3:5"],
                },
                {
                    "files": {
                        **_module("billing", "", "import app.modules.crm\nimport app.modules.orders"),
                        **_module("crm", "", "import app.modules.billing"),
                        "services/checkout.py": ORDERS_TO_BILLING,
                    },
                    "expect": [
                        "/app/modules/billing/services/service.py:1:1: modules import each other in a cycle: "
                        "billing -> crm -> billing (billing -> crm at app/modules/billing/services/service.py:1:1; "
                        "crm -> billing at app/modules/crm/services/service.py:1:1)",
                        "/app/modules/billing/services/service.py:1:1: more than 1 cycle among the modules; "
                        "only the first is reported (raise max_cycles to see more)",
                    ],
                },
            ],
            "right": [],
        },
        {
            "rule": {"source": "declared", "fact": "depends_on"},
            "wrong": [
                {
                    "files": {
                        **_module("billing", "", "import os"),
                        "/app/modules/billing/definition.py": (
                            'b = ModuleDefinition(code="billing", depends_on=["orders"])\n'
                        ),
                        "definition.py": 'm = ModuleDefinition(code="orders", depends_on=["billing"])\n',
                    },
                    "expect": [
                        "/app/modules/billing/definition.py:1:50: modules require each other in a cycle: "
                        "billing -> orders -> billing (billing -> orders at app/modules/billing/definition.py:1:50; "
                        "orders -> billing at app/modules/orders/definition.py:1:49)"
                    ],
                }
            ],
            "right": [
                {"files": {**_module("billing", "", BILLING_TO_ORDERS), "services/checkout.py": ORDERS_TO_BILLING}}
            ],
        },
    )

    source: Literal["imports", "declared"] = Field(
        default="imports", description="the graph: the imports between modules, or the definitions' `requires`"
    )
    fact: str = Field(
        default="requires", description="with `source: declared`, the definition fact listing requirements"
    )
    type_checking: Literal["ignore", "check"] = Field(
        default="ignore", description="`ignore`: imports under `if TYPE_CHECKING:` are no edge; `check`"
    )
    max_cycles: int = Field(default=100, ge=1, description="report at most this many cycles (and say there are more)")

    _fact = identifier("fact")

    def light_folders(self) -> tuple[str, ...] | None:
        """A cycle of imports through the scope passes only through modules it reaches, listed
        whole; a cycle of ``requires`` may pass through any module, and one anchored at a module's
        files (``first-file``, ``module-first-file``) needs that module listed whole."""
        placed_by_files = self.source == "declared" and self.anchor.kind in ("first-file", "module-first-file")
        return None if self.conditions_on_files() or placed_by_files else ()

    def wanted_files(self, layout: Layout) -> set[str]:
        if self.source == "declared":
            return set()
        return {module.project_path(rel) for module in layout.modules for rel in module.python_files()}

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        modules = graph.WithDefinition(self, ctx)
        edges = self._edges(ctx, modules)
        succ: dict[str, list[str]] = {}
        for source, target in edges:  # sorted by (source, target): each list comes out sorted
            succ.setdefault(source, []).append(target)
        cycles = graph.elementary_cycles(succ, self.max_cycles + 1)
        verb = "import" if self.source == "imports" else "require"
        for cycle in cycles[: self.max_cycles]:
            pairs = list(zip(cycle, (*cycle[1:], cycle[0]), strict=True))
            steps = "; ".join(f"{a} -> {b} at {edges[(a, b)]}" for a, b in pairs)
            message = f"modules {verb} each other in a cycle: {' -> '.join((*cycle, cycle[0]))} ({steps})"
            found = graph.finding_at(self, ctx, modules[cycle[0]], edges[pairs[0]], message)
            yield replace(found, related=cycle[1:])
        if len(cycles) > self.max_cycles:
            first = cycles[0]
            message = (
                f"more than {self.max_cycles} {'cycle' if self.max_cycles == 1 else 'cycles'} among the modules; "
                f"only the first {'is' if self.max_cycles == 1 else f'{self.max_cycles} are'} reported "
                "(raise max_cycles to see more)"
            )
            yield graph.finding_at(self, ctx, modules[first[0]], edges[(first[0], first[1])], message)

    def _edges(self, ctx: CheckContext, modules: Mapping[str, Module]) -> dict[tuple[str, str], Where]:
        """Each edge between two of ``modules`` with its first location (sorted by path and position).
        In a narrowed run, only those of the modules its scope reaches: a cycle through the scope
        passes through no other module (and one that does not pass through it is not reported)."""
        found: list[tuple[str, str, Where]] = []
        todo = sorted(modules if ctx.in_scope is None else (name for name in ctx.in_scope if name in modules))
        seen = set(todo)
        while todo:
            module = modules[todo.pop()]
            for target, where in self._out_of(ctx, module, modules):
                found.append((module.name, target, where))
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        edges: dict[tuple[str, str], Where] = {}
        for source, target, where in sorted(found, key=lambda item: (item[0], item[1], item[2].sort_key)):
            edges.setdefault((source, target), where)
        return edges

    def _out_of(self, ctx: CheckContext, module: Module, modules: Mapping[str, Module]) -> Iterator[tuple[str, Where]]:
        """The edges from ``module`` to another of ``modules``: (target, where)."""
        if self.source == "declared":
            for entry in graph.requirements(ctx, module, self.fact, graph.module_names(ctx)) or ():
                if entry.target is not None and entry.target in modules and entry.target != module.name:
                    yield entry.target, entry
            return
        for imp in graph.cross_imports(ctx, module):
            if imp.target in modules and not (imp.type_checking and self.type_checking == "ignore"):
                yield imp.target, imp
