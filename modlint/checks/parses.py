"""Kind ``parses``: every file some rule reads must decode and parse (MOD-000)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from modlint.checks.base import Anchor, CheckContext, Rule
from modlint.findings import Finding


class Parses(Rule):
    """Reports files that could not be read, decoded or (when a rule needs their syntax) parsed;
    their content rules are skipped."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = "where CPython's parser reports the error (its SyntaxError's line and column)"
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {},
            "wrong": [{"files": {"services/broken.py": "total = = 2\n"}, "expect": ["services/broken.py:1:9"]}],
            "right": [{"files": {"services/fine.py": "total = 2\n"}}],
        },
    )
    reads_all_files: ClassVar[bool] = True
    reports_unreadable_files: ClassVar[bool] = True
    movable: ClassVar[bool] = False
    chooses_modules: ClassVar[bool] = False

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for path in sorted(ctx.facts):
            facts = ctx.facts[path]
            problem = facts.problem
            if problem is not None:  # files only scanned as text can still fail to be read or decoded
                module = ctx.layout.module_of(path)
                yield self.finding(path, problem.position, problem.message, module)
