"""Kind ``declared_dependencies``: a module imports another module only if its definition ``requires`` it.

The graph the runtime enforces (it refuses to start a module whose requirement is disabled) is the
one declared in the definitions; this kind holds the code to it, so teams need no second, hand-kept
copy of the graph (tach's ``depends_on``, import-linter contracts). An entry naming no module is a
finding at that list element; with ``unused: report`` so is an entry no file imports (tach's
``--exact``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from modlint import globs
from modlint.checks import graph, patterns
from modlint.checks.base import Anchor, CheckContext, Rule, identifier, validated
from modlint.checks.spec import Field, field_validator
from modlint.facts.model import Depth
from modlint.findings import Finding
from modlint.layout import Layout, Module, ModuleNames

BILLING = {
    "/app/modules/billing/__init__.py": "",
    "/app/modules/billing/definition.py": 'billing_module = ModuleDefinition(code="billing")\n',
    "/app/modules/billing/services/__init__.py": "",
    "/app/modules/billing/services/pay.py": "def pay() -> None: ...\n",
}
REQUIRES_BILLING = 'orders_module = ModuleDefinition(code="orders", requires=["billing"])\n'
IMPORTS_BILLING = "from app.modules.billing.services.pay import pay\n"


class DeclaredDependencies(Rule):
    """Imports of other modules need a ``requires`` entry; ``requires`` entries must name modules."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = "the import (a `requires` entry: its list element)"
    other_modules: ClassVar[Literal["none", "listed", "read"]] = "listed"
    read_depth: ClassVar[Depth] = Depth.IMPORTS  # imports only: from ``ast``, no libcst tree
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {},
            "wrong": [
                {
                    "files": {**BILLING, "services/checkout.py": "import os\n" + IMPORTS_BILLING},
                    "expect": [
                        "services/checkout.py:2:1: imports 'app.modules.billing.services.pay' of module "
                        "'billing', which 'orders' does not require (add 'billing' to requires in definition.py)"
                    ],
                },
                {
                    "files": {"definition.py": 'm = ModuleDefinition(code="orders", requires=["core", "biling"])\n'},
                    "expect": [
                        "definition.py:1:47: requires 'core', which is not a module (known: orders)",
                        "definition.py:1:55: requires 'biling', which is not a module (known: orders)",
                    ],
                },
                {
                    "files": {**BILLING, "definition.py": 'm = ModuleDefinition(code="orders", requires="billing")\n'},
                    "expect": [
                        "definition.py:1:37: requires is a string, not a list of module codes (a string is a "
                        "sequence of characters; the runtime rejects it): write requires=['billing']"
                    ],
                },
            ],
            "right": [
                {"files": {**BILLING, "definition.py": REQUIRES_BILLING, "services/checkout.py": IMPORTS_BILLING}},
                {"files": {**BILLING, "services/checkout.py": "from app.modules.orders.models import model\n"}},
            ],
        },
        {
            "rule": {"files": ["services/**/*.py"], "always_allowed": ["bill*"]},
            "wrong": [
                {
                    "files": {
                        **BILLING,
                        "/app/modules/crm/__init__.py": "",
                        "/app/modules/crm/definition.py": 'crm_module = ModuleDefinition(code="crm")\n',
                        "services/checkout.py": IMPORTS_BILLING + "import app.modules.crm\n",
                    },
                    "expect": ["services/checkout.py:2:1"],
                }
            ],
            "right": [
                {"files": {**BILLING, "services/checkout.py": IMPORTS_BILLING}},
                {"files": {**BILLING, "tasks/__init__.py": "", "tasks/job.py": "import app.modules.billing\n"}},
            ],
        },
        {
            "rule": {"files": ["tasks/*.py"]},
            "wrong": [
                {
                    "files": {**BILLING, "tasks/__init__.py": "", "tasks/job.py": "import app.modules.billing\n"},
                    "expect": ["tasks/job.py:1:1"],
                }
            ],
            "right": [{"files": {**BILLING, "services/checkout.py": IMPORTS_BILLING}}],
        },
        {
            "rule": {"type_checking": "check"},
            "wrong": [
                {
                    "files": {
                        **BILLING,
                        "services/checkout.py": "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    "
                        + IMPORTS_BILLING,
                    },
                    "expect": ["services/checkout.py:4:5"],
                }
            ],
            "right": [],
        },
        {
            "rule": {},
            "wrong": [],
            "right": [
                {
                    "files": {
                        **BILLING,
                        "services/checkout.py": "import typing\n\nif typing.TYPE_CHECKING:\n    " + IMPORTS_BILLING,
                    }
                }
            ],
        },
        {
            "rule": {"unused": "report", "fact": "depends_on"},
            "wrong": [
                {
                    "files": {
                        **BILLING,
                        "definition.py": 'm = ModuleDefinition(code="orders", depends_on=["billing"])\n',
                    },
                    "expect": ["definition.py:1:49: requires 'billing', but no file of 'orders' imports it"],
                }
            ],
            "right": [
                {
                    "files": {
                        **BILLING,
                        "definition.py": 'm = ModuleDefinition(code="orders", depends_on=["billing"])\n',
                        "services/checkout.py": "import importlib\n\nimportlib.import_module('app.modules.billing')\n",
                    }
                }
            ],
        },
    )

    files: list[str] = Field(default_factory=lambda: ["**/*.py"], description="path patterns of the files checked")
    fact: str = Field(default="requires", description="the definition fact listing the modules a module requires")
    always_allowed: list[str] = Field(
        default_factory=list, description="module-name patterns any module may import without requiring them"
    )
    type_checking: Literal["ignore", "check"] = Field(
        default="ignore", description="`ignore`: imports under `if TYPE_CHECKING:` are no dependency; `check`"
    )
    unused: Literal["off", "report"] = Field(
        default="off", description="`report`: a `requires` entry no checked file imports is a finding"
    )

    _files = validated(patterns.glob_check(), "files")

    @field_validator("files")
    @classmethod
    def _files_select(cls, value: list[str]) -> list[str]:
        patterns.raise_problems(patterns.selection_problems(value))
        return value

    _allowed = validated(patterns.module_pattern_check, "always_allowed")

    _fact = identifier("fact")

    def light_folders(self) -> tuple[str, ...] | None:
        return ()  # the names and definitions of the modules an in-scope file does not import

    def wanted_files(self, layout: Layout) -> set[str]:
        return {
            module.project_path(rel)
            for module in layout.modules
            if self.names_module(module)
            for rel in module.python_files()
            if self._checks(module, rel)
        }

    def _checks(self, module: Module, rel: str) -> bool:
        return globs.matches([patterns.expand(p, module.name) for p in self.files], rel)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        names = graph.module_names(ctx)
        for module in self.applicable_modules(ctx):
            required = graph.requirements(ctx, module, self.fact, names)
            if required is not None:
                yield from self._check_module(ctx, module, required, names)

    def _check_module(
        self, ctx: CheckContext, module: Module, required: list[graph.Requirement], names: ModuleNames
    ) -> Iterator[Finding]:
        definition = ctx.definition(module)
        written = definition.fact(self.fact) if definition is not None else None
        if isinstance(written, str) and required:  # read as one entry, so the graph is still whole
            message = (
                f"{self.fact} is a string, not a list of module codes (a string is a sequence of "
                f"characters; the runtime rejects it): write {self.fact}=[{written!r}]"
            )
            yield graph.finding_at(self, ctx, module, required[0], message)
        for entry in required:
            if entry.target is None:
                known = ", ".join(sorted(names.names)[:12]) + (", ..." if len(names.names) > 12 else "")
                yield graph.finding_at(
                    self, ctx, module, entry, f"requires '{entry.entry}', which is not a module (known: {known})"
                )
        declared = {entry.target for entry in required if entry.target}
        used: set[str] = set()
        files = [patterns.expand(p, module.name) for p in self.files]
        for imp in graph.cross_imports(ctx, module, files):
            if (imp.type_checking and self.type_checking == "ignore") or self._allowed_module(imp.target):
                continue
            used.add(imp.target)
            if imp.target not in declared:
                message = (
                    f"imports '{imp.dotted}' of module '{imp.target}', which '{module.name}' does not require "
                    f"(add '{imp.target}' to {self.fact} in {ctx.definition_file})"
                )
                yield graph.finding_at(self, ctx, module, imp, message)
        if self.unused == "report":
            for entry in required:
                if entry.target and entry.target not in used and not self._allowed_module(entry.target):
                    message = f"requires '{entry.entry}', but no file of '{module.name}' imports it"
                    yield graph.finding_at(self, ctx, module, entry, message)

    def _allowed_module(self, name: str) -> bool:
        return bool(self.always_allowed) and patterns.module_selected(name, self.always_allowed)
