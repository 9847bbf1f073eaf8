"""Kind ``forbidden_imports``: selected files must not import (at or below) any of ``targets``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from modlint.checks.base import CheckContext, FileRule, dotted_names
from modlint.findings import Finding


class ForbiddenImports(FileRule):
    """One finding per offending import statement, anywhere in the file."""

    kind_name: ClassVar[str] = "forbidden_imports"
    default_anchor: ClassVar[str] = "node"
    check: Literal["forbidden_imports"]
    targets: list[str] = Field(min_length=1)

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
