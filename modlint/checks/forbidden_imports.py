"""Kind ``forbidden_imports``: selected files must not import (at or below) any of ``targets``.

A target's whole dotted segments may be ``*`` (any one segment), ``{module}`` (the checked module)
or ``{other}`` (any module but the checked one): ``app.modules.{other}.repositories``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from modlint.checks import patterns
from modlint.checks.base import Anchor, CheckContext, FileRule
from modlint.checks.spec import Field, ValidationInfo, field_validator
from modlint.facts.model import ImportFact
from modlint.findings import Finding


class ForbiddenImports(FileRule):
    """One finding per offending import statement, anywhere in the file."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = "each offending import"
    #: Every module's name, also in a narrowed run: `{other}` names any module but the checked one.
    other_modules: ClassVar[Literal["none", "listed", "read"]] = "listed"
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"files": ["services/**/*.py"], "targets": ["fastapi", "app.modules.billing"]},
            "wrong": [
                {
                    "files": {"services/service.py": "def run():\n    import fastapi\n    return fastapi\n"},
                    "expect": ["services/service.py:2:5: imports 'fastapi', which is forbidden here"],
                }
            ],
            "right": [
                {"files": {"services/service.py": "import fastapi_utils\nfrom app.modules.billing_v2 import x\n"}}
            ],
        },
        {
            "rule": {"files": ["**/*.py"], "targets": ["app.modules.{other}.repositories", "app.modules.*.internal"]},
            "wrong": [
                {
                    "files": {
                        "services/service.py": "from app.modules.billing.repositories import Repo\n",
                        "/app/modules/billing/__init__.py": "",
                        "routes/api/items.py": "import app.modules.billing.internal.x\n",
                    },
                    "expect": [
                        "routes/api/items.py:1:1: imports 'app.modules.billing.internal.x', which is forbidden "
                        "here (matches 'app.modules.*.internal')",
                        "services/service.py:1:1: imports 'app.modules.billing.repositories', which is forbidden "
                        "here (matches 'app.modules.{other}.repositories')",
                    ],
                }
            ],
            "right": [
                {
                    "files": {
                        "services/service.py": "from app.modules.orders.repositories import Repo\n",
                        "/app/modules/billing/__init__.py": "",
                        "routes/api/items.py": "import app.modules.billing.public\n",
                    }
                }
            ],
        },
    )
    targets: list[str] = Field(
        min_length=1,
        description="dotted names (whole segments may be `*`, `{module}`, `{other}`); importing one or "
        "anything below it is a finding",
    )

    @field_validator("targets")
    @classmethod
    def _targets(cls, value: list[str], info: ValidationInfo) -> list[str]:
        module_scoped = info.data.get("scope") != "project"
        patterns.raise_all(
            value, patterns.dotted_pattern_check((patterns.MODULE, patterns.OTHER) if module_scoped else ())
        )
        return value

    def light_folders(self) -> tuple[str, ...] | None:
        return ()  # other modules' names only

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        others = frozenset(m.name for m in ctx.layout.modules)
        for module, rel in self.selected(ctx):
            facts = self.facts_of(ctx, module, rel)
            for imp in facts.imports if facts else ():
                message = self._problem(imp, module.name if module else "", others)
                if message is not None:
                    path, position = self.locate(ctx, module, rel, imp.position)
                    yield self.finding(path, position, message, module)

    def _problem(self, imp: ImportFact, module: str, others: frozenset[str]) -> str | None:
        for target in imp.targets:
            for pattern in self.targets:
                if patterns.dotted_hit(target, pattern, module, others):
                    literal = "{" not in pattern and "*" not in pattern
                    suffix = "" if literal else f" (matches '{pattern}')"
                    return f"imports '{target}', which is forbidden here{suffix}"
        return None
