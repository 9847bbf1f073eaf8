"""Kind ``required_paths``: folders (trailing ``/``) and files a module must have.

``{module}`` is the module's name and ``{definition}`` its definition file
(``[tool.modlint.definition] file``, default ``definition.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from modlint.checks import patterns
from modlint.checks.base import Anchor, CheckContext, Rule, validated
from modlint.checks.spec import Field
from modlint.findings import Finding
from modlint.layout import Module


class RequiredPaths(Rule):
    """One finding per missing path, for each module the rule applies to."""

    default_anchor: ClassVar[Anchor] = Anchor("path")
    has_nodes: ClassVar[bool] = False
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"paths": ["manifest.py", "locales/"]},
            "wrong": [
                {
                    "files": {"locales/en.json": "{}"},
                    "expect": ["definition.py:1:1: module 'orders' is missing file 'manifest.py'"],
                }
            ],
            "right": [{"files": {"manifest.py": "", "locales/en.json": "{}"}}],
        },
        {
            "rule": {"paths": ["locales/"], "modules": ["billing*"]},
            "wrong": [
                {
                    "files": {"/app/modules/billing/__init__.py": ""},
                    "expect": ["/app/modules/billing/__init__.py:1:1: module 'billing' is missing folder 'locales/'"],
                }
            ],
            "right": [{"files": {}}],
        },
        {
            "rule": {"paths": ["templates/"], "when": {"exists": ["routes/pages/"]}, "report_at": "module-first-file"},
            "wrong": [{"files": {"routes/pages/__init__.py": ""}, "expect": ["__init__.py:1:1"]}],
            "right": [{"files": {}}],
        },
        {
            "rule": {
                "paths": ["exceptions.py"],
                "when": {"facts": {"is_self_contained": True}},
                "report_at": "definition",
            },
            "wrong": [{"files": {"exceptions.py": None}, "expect": ["definition.py:1:1"]}],
            "right": [
                {
                    "files": {
                        "exceptions.py": None,
                        "definition.py": 'orders_module = ModuleDefinition(code="orders", is_self_contained=False)\n',
                    }
                }
            ],
        },
        {
            "rule": {
                "paths": ["static/"],
                "when": {"has_files": ["templates/**/*.html"]},
                "report_at": "first-file:routes/api",
            },
            "wrong": [{"files": {"templates/orders/list.html": "<p></p>"}, "expect": ["routes/api/items.py:1:1"]}],
            "right": [{"files": {"templates/orders/list.txt": ""}}],
        },
    )
    paths: list[str] = Field(min_length=1, description="exact files and folders (trailing `/`) the module must have")

    _paths = validated(patterns.exact_path_check((patterns.MODULE, patterns.DEFINITION)), "paths")

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module in self.applicable_modules(ctx):
            for required in self._expanded(ctx, module):
                if module.has(required):
                    continue
                what = "folder" if required.endswith("/") else "file"
                path, position = self.locate(ctx, module, required.rstrip("/"))
                message = f"module '{module.name}' is missing {what} '{required}'"
                yield self.finding(
                    path,
                    position,
                    message,
                    module,
                    subject=module.project_path(required) + ("/" if required.endswith("/") else ""),
                )

    def _expanded(self, ctx: CheckContext, module: Module) -> list[str]:
        """The ``paths`` with ``{module}`` and ``{definition}`` filled in for ``module``."""
        return [patterns.expand(p, module.name).replace("{definition}", ctx.definition_file) for p in self.paths]
