"""Kind ``reexport_only``: a file must be nothing but a shim (imports, ``__all__``, aliases)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from modlint.checks.base import Anchor, CheckContext, FileRule, dotted_names
from modlint.checks.spec import Field
from modlint.findings import Finding, Position


class ReexportOnly(FileRule):
    """With ``if_imports``, only files importing (at or below) one of those names must be shims."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = "the innermost first statement a shim may not hold"
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"files": ["legacy/*.py"], "scope": "project"},
            "wrong": [
                {
                    "files": {"/legacy/helpers.py": "import os\n\nROOT = os.getcwd()\n"},
                    "expect": ["/legacy/helpers.py:3:1"],
                },
                {
                    "files": {"/legacy/notes.py": '"""Nothing here."""\n'},
                    "expect": ["/legacy/notes.py:1:1: should only re-export, but imports nothing"],
                },
            ],
            "right": [{"files": {"/legacy/helpers.py": "from app.modules.orders.services.service import Service\n"}}],
        },
        {
            "rule": {"files": ["legacy/*.py"], "scope": "project", "if_imports": ["app.modules"]},
            "wrong": [
                {
                    "files": {
                        "/legacy/old.py": "from app.modules.orders import services\n\nX = services.service\n\n\n"
                        "def f(): ...\n"
                    },
                    "expect": ["/legacy/old.py:6:1"],
                }
            ],
            "right": [{"files": {"/legacy/old.py": "def f(): ...\n"}}],
        },
    )
    if_imports: list[str] = Field(
        default_factory=list, description="only files importing (at or below) one of these must be shims"
    )

    _names = dotted_names("if_imports")

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        prefixes = tuple(self.if_imports)
        for module, rel in self.selected(ctx):
            facts = self.facts_of(ctx, module, rel)
            if facts is None or facts.is_shim:
                continue
            if prefixes and not any(imp.hits(prefixes) for imp in facts.imports):
                continue
            if facts.shim_blocker is None:
                path, position = self.locate(ctx, module, rel, Position())
                yield self.finding(path, position, "should only re-export, but imports nothing", module)
                continue
            path, position = self.locate(ctx, module, rel, facts.shim_blocker)
            message = "should only re-export (imports, __all__, aliases); move this code into its module"
            yield self.finding(path, position, message, module)
