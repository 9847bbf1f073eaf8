"""Kind ``module_definition``: definition.py declares the module, with a code matching its folder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import Field

from modlint.checks.base import Anchor, CheckContext, Rule
from modlint.findings import Finding
from modlint.layout import DEFINITION_CODE_KEY, DEFINITION_FILE, Module


class ModuleDefinition(Rule):
    """The definition is the first top-level assignment of a call with a ``code=`` keyword; with
    ``match_folder`` its code (``-`` read as ``_``) must equal the module's folder name."""

    default_anchor: ClassVar[Anchor] = Anchor("definition", DEFINITION_CODE_KEY)
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"match_folder": False},
            "wrong": [
                {
                    "files": {"definition.py": "CODE = 'orders'\n"},
                    "expect": ["definition.py:1:1"],
                }
            ],
            "right": [{"files": {"definition.py": 'orders_module = ModuleDefinition(code="sales")\n'}}],
        },
    )
    match_folder: bool = Field(default=True, description="the code (`-` read as `_`) must equal the folder name")

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module in self.applicable_modules(ctx):
            message = self._problem(ctx, module)
            if message is not None:
                path, position = self.locate(ctx, module, DEFINITION_FILE)
                yield self.finding(path, position, message, module)

    def _problem(self, ctx: CheckContext, module: Module) -> str | None:
        facts = ctx.file_facts(module.project_path(DEFINITION_FILE))
        if facts is None:  # absent (another rule's business) or unparsable (MOD-000)
            return None
        definition = facts.definition
        if definition is None:
            return 'declares no module: expected e.g. `orders_module = ModuleDefinition(code="orders", ...)`'
        code = definition.fact(DEFINITION_CODE_KEY)
        if not isinstance(code, str):
            return "module code must be a string literal"
        if self.match_folder and code.replace("-", "_") != module.name:
            return f"module code {code!r} does not match its folder name '{module.name}'"
        return None
