"""Kind ``real_code``: a file must not be a re-export-only shim of code outside its own module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from modlint.checks.base import Anchor, CheckContext, FileRule, dotted_names
from modlint.checks.spec import Field
from modlint.facts.model import Depth, ImportFact, is_under
from modlint.findings import Finding
from modlint.layout import Module


class RealCode(FileRule):
    """A shim that only re-exports the module's own files (a facade) is fine; ``allowed`` import
    prefixes (default ``__future__``) never count as outside."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = "the first import from outside the module"
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"files": ["services/**/*.py"], "allowed": ["__future__", "app.core"]},
            "wrong": [
                {"files": {"services/db.py": "from app.services.db import Session\n"}, "expect": ["services/db.py:1:1"]}
            ],
            "right": [{"files": {"services/db.py": "from app.core.database import Session\n"}}],
        },
    )
    read_depth: ClassVar[Depth] = Depth.SCREEN  # a file with a top-level def/class is no shim: no tree needed
    allowed: list[str] = Field(
        default_factory=lambda: ["__future__"], description="import prefixes that never count as outside the module"
    )

    _allowed = dotted_names("allowed")

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module, rel in self.selected(ctx):
            facts = self.facts_of(ctx, module, rel)
            if facts is None or not facts.is_shim:
                continue
            outside = self._first_outside(facts.imports, module)
            if outside is None:
                continue
            imp, target = outside
            path, position = self.locate(ctx, module, rel, imp.position)
            message = f"re-export-only shim of '{target}'; move the real code into this module"
            yield self.finding(path, position, message, module)

    def _first_outside(self, imports: tuple[ImportFact, ...], module: Module | None) -> tuple[ImportFact, str] | None:
        inside = tuple(self.allowed) + ((module.import_name,) if module else ())
        for imp in imports:
            for target in imp.imported:
                if not is_under(target, inside):
                    return imp, target
        return None
