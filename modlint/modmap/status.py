"""``modlint status``: the module status table teams used to keep by hand, computed from a survey.

A cell is about one module-relative path (a column): ``ok`` it exists and no finding is about it or
anything under it; ``findings`` it exists and some are; ``missing`` it is missing and a finding of the
run is about it (an active rule requires it, and neither ``per-module-ignores`` nor a suppression
comment waived that); ``not-required`` missing, and nothing asks for it. A finding is about its
``subject`` when it has one (a missing folder, shown at the definition), else about the file it is
shown at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from modlint.checks import Rule
from modlint.findings import Finding
from modlint.layout import Module
from modlint.pipeline import Survey
from modlint.values import Value

OK, FINDINGS, MISSING, NOT_REQUIRED = "ok", "findings", "missing", "not-required"
#: What each cell value looks like in the text and markdown tables.
SYMBOLS = {OK: "✅", FINDINGS: "⚠️", MISSING: "❌", NOT_REQUIRED: "-"}
COMPLETE = "Complete"
#: What a column may say for the configured definition file (``definition.py``, ``manifest.py``...).
DEFINITION = "{definition}"


class Row(Value):
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


class StatusTable(Value):
    """The whole table, modules sorted by name."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def complete(self) -> int:
        """How many modules are complete."""
        return sum(1 for row in self.rows if not row.needs)


def status_table(survey: Survey, rules: Sequence[Rule], columns: Sequence[str]) -> StatusTable:
    """The status of every module the survey's layout lists, for these columns (``{definition}`` is
    the configured definition file).

    A missing path is ``missing`` when a finding of the run is about it (or about something under
    it): the rules that require paths report each missing one, so a requirement whose finding was
    suppressed (a comment, ``per-module-ignores``) or that applies to no module is no ``❌``, exactly
    as the check run reports nothing about it."""
    ctx = survey.context
    columns = [column.replace(DEFINITION, ctx.definition_file) for column in columns]
    by_module: dict[str, list[Finding]] = {}
    for finding in survey.report.findings:
        if finding.module is not None:
            by_module.setdefault(finding.module, []).append(finding)
    names = {rule.id: rule.name for rule in rules}
    rows = [
        _row(module, columns, by_module.get(module.name, []), names)
        for module in sorted(ctx.layout.modules, key=lambda m: m.name)
    ]
    return StatusTable(tuple(columns), tuple(rows))


def _row(module: Module, columns: Sequence[str], findings: Sequence[Finding], names: Mapping[str, str]) -> Row:
    cells = []
    for column in columns:
        about = any(_under(module, f.about, column) for f in findings)
        if module.has(column):
            cells.append(FINDINGS if about else OK)
        else:
            cells.append(MISSING if about else NOT_REQUIRED)
    needs = [column for column, cell in zip(columns, cells, strict=True) if cell in (FINDINGS, MISSING)]
    outside = [f for f in findings if not any(_under(module, f.about, column) for column in columns)]
    elsewhere = {names.get(f.rule_id, f.rule_id) for f in outside}
    return Row(module.name, tuple(cells), (*needs, *sorted(elsewhere)), len(findings))


def _under(module: Module, path: str, column: str) -> bool:
    """Whether a project-relative path is the column's path or lies under it (a trailing ``/`` on
    either, as a folder's subject and a folder column carry, does not count: ``schemas`` is
    ``schemas/``)."""
    target = module.project_path(column)
    path = path.rstrip("/")
    return path == target or path.startswith(target + "/")
