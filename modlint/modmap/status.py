"""``modlint status``: the module status table teams used to keep by hand, computed from a survey.

A cell is about one module-relative path (a column): ``ok`` it exists and no finding is about it or
anything under it; ``findings`` it exists and some are; ``missing`` it is missing and an active rule
requires it for this module (a rule switched off for the module by ``per-module-ignores`` does not);
``not-required`` missing, and nothing asks for it. A finding is about its ``subject`` when it has one
(a missing folder, shown at the definition), else about the file it is shown at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from modlint.checks import Rule
from modlint.findings import Finding
from modlint.layout import Module
from modlint.pipeline import Survey
from modlint.results.suppressions import ignored_in

OK, FINDINGS, MISSING, NOT_REQUIRED = "ok", "findings", "missing", "not-required"
#: What each cell value looks like in the text and markdown tables.
SYMBOLS = {OK: "✅", FINDINGS: "⚠️", MISSING: "❌", NOT_REQUIRED: "-"}
COMPLETE = "Complete"


@dataclass(frozen=True)
class Row:
    """One module: a cell per column, what needs work, and how many findings it has."""

    module: str
    cells: tuple[str, ...]
    #: The columns with problems (in column order), then the names of the rules whose findings lie
    #: outside every column (sorted).
    needs: tuple[str, ...]
    findings: int

    @property
    def status(self) -> str:
        """``Complete``, or ``Needs `` and what needs work."""
        return "Needs " + ", ".join(self.needs) if self.needs else COMPLETE


@dataclass(frozen=True)
class StatusTable:
    """The whole table, modules sorted by name."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def complete(self) -> int:
        """How many modules are complete."""
        return sum(1 for row in self.rows if not row.needs)


def status_table(
    survey: Survey, rules: Sequence[Rule], columns: Sequence[str], per_module_ignores: Mapping[str, Sequence[str]]
) -> StatusTable:
    """The status of every module the survey's layout lists, for these columns."""
    ctx = survey.context
    by_module: dict[str, list[Finding]] = {}
    for finding in survey.report.findings:
        if finding.module is not None:
            by_module.setdefault(finding.module, []).append(finding)
    names = {rule.id: rule.name for rule in rules}
    rows = []
    for module in sorted(ctx.layout.modules, key=lambda m: m.name):
        required = {
            path
            for rule in rules
            if not ignored_in(module.name, rule.id, per_module_ignores)
            for path in rule.required_paths(ctx, module)
        }
        rows.append(_row(module, columns, required, by_module.get(module.name, []), names))
    return StatusTable(tuple(columns), tuple(rows))


def _row(
    module: Module, columns: Sequence[str], required: set[str], findings: Sequence[Finding], names: Mapping[str, str]
) -> Row:
    cells = []
    for column in columns:
        if not module.has(column):
            cells.append(MISSING if column in required else NOT_REQUIRED)
        elif any(_under(module, f.about, column) for f in findings):
            cells.append(FINDINGS)
        else:
            cells.append(OK)
    needs = [column for column, cell in zip(columns, cells, strict=True) if cell in (FINDINGS, MISSING)]
    outside = [f for f in findings if not any(_under(module, f.about, column) for column in columns)]
    elsewhere = {names.get(f.rule_id, f.rule_id) for f in outside}
    return Row(module.name, tuple(cells), (*needs, *sorted(elsewhere)), len(findings))


def _under(module: Module, path: str, column: str) -> bool:
    """Whether a project-relative path is the column's path or lies under it."""
    target = module.project_path(column)
    return path == target or path.startswith(target + "/")
