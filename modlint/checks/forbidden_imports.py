"""Kind ``forbidden_imports``: selected files must not import (at or below) any of ``targets``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import Field

from modlint.checks.base import Anchor, CheckContext, FileRule, dotted_names
from modlint.findings import Finding


class ForbiddenImports(FileRule):
    """One finding per offending import statement, anywhere in the file."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = "each offending import"
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
    )
    targets: list[str] = Field(
        min_length=1, description="dotted names; importing one or anything below it is a finding"
    )

    _names = dotted_names("targets")

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        targets = tuple(self.targets)
        for module, rel in self.selected(ctx):
            facts = self.facts_of(ctx, module, rel)
            for imp in facts.imports if facts else ():
                hit = imp.hits(targets)
                if hit is not None:
                    path, position = self.locate(ctx, module, rel, imp.position)
                    yield self.finding(path, position, f"imports '{hit}', which is forbidden here", module)
