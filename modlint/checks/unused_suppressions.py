"""Kind ``unused_suppressions``: ``# noqa: MOD…`` / ``# modlint: ignore[…]`` comments that suppress nothing.

Like ruff's RUF100. Only codes of rules active in this run are judged (a comment for a rule that was
not selected, or for another tool, is left alone), and a bare ``# noqa`` is never reported.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from modlint.checks.base import Anchor, CheckContext, FileRule, Rule
from modlint.facts.model import FileFacts, Suppression
from modlint.findings import Finding, matches
from modlint.layout import Layout, Module


class UnusedSuppressions(FileRule):
    """Scans ``files`` (text only, no parsing) and every file other rules read."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = "the comment"
    movable: ClassVar[bool] = False
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"files": ["routes/**/*.py"]},
            "beside": ["MOD-004"],
            "wrong": [
                {
                    "files": {"routes/helpers.py": "import json  # noqa: MOD004\n"},
                    "expect": ["routes/helpers.py:1:14: unused suppression of 'MOD004': no such finding here"],
                }
            ],
            "right": [{"files": {"tasks/__init__.py": "", "tasks/job.py": "import json  # noqa: MOD004\n"}}],
        },
    )

    def wanted_files(self, layout: Layout) -> set[str]:
        return set()  # comments need no tree

    def could_report_at(self, path: str, modules_root: str) -> bool:
        return True  # at the comments of every file another rule reads, not only of ``files``

    def text_files(self, layout: Layout) -> set[str]:
        return super().wanted_files(layout)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        return iter(())

    def review(self, ctx: CheckContext, findings: Sequence[Finding], active: Sequence[Rule]) -> Iterator[Finding]:
        ids = [rule.id for rule in active if rule.id != self.id]
        by_path: dict[str, list[Finding]] = {}
        for finding in findings:
            by_path.setdefault(finding.path, []).append(finding)
        with_comments = sorted(
            path for path, facts in ctx.facts.items() if facts.suppressions and facts.problem is None
        )
        chosen = self._chosen(ctx)
        for path in with_comments:  # few files have any: a narrowed run holds thousands of facts
            if chosen is not None and self._module_name(ctx, path) not in chosen:
                continue
            yield from self._unused_in(ctx.facts[path], by_path.get(path, []), ids, ctx.layout.module_of(path))

    def _unused_in(
        self, facts: FileFacts, findings: list[Finding], ids: list[str], module: Module | None
    ) -> Iterator[Finding]:
        for suppression in facts.suppressions:
            for code in suppression.codes:
                if not any(matches(rule_id, [code]) for rule_id in ids):
                    continue
                if not any(self._covers(suppression, code, f) for f in findings):
                    kind = "file-level suppression" if suppression.file_level else "suppression"
                    message = f"unused {kind} of '{code}': no such finding here"
                    yield self.finding(facts.path, suppression.position, message, module)

    def _chosen(self, ctx: CheckContext) -> set[str] | None:
        """The modules ``modules``/``when``/``unless`` choose; None when they choose every module (and
        so the files of no module too)."""
        if self.modules == ["*"] and self.when.empty and self.unless is None:
            return None
        return {module.name for module in self.applicable_modules(ctx)}

    @staticmethod
    def _module_name(ctx: CheckContext, path: str) -> str | None:
        module = ctx.layout.module_of(path)
        return module.name if module is not None else None

    @staticmethod
    def _covers(suppression: Suppression, code: str, finding: Finding) -> bool:
        on_line = suppression.file_level or finding.line == suppression.position.line
        return on_line and matches(finding.rule_id, [code])
