"""``modlint docs``: one page per module (Spring Modulith's module canvas, for Python), computed from
the same survey as the checks, so a committed page cannot say what the code does not.

A page holds the definition's literal facts, the module's routes, settings classes (fields and
their environment variables) and tables (:mod:`modlint.facts.outline`), what it requires and
imports and who depends on it (:mod:`.graph`), its migration heads (the ``migration_graph`` rule
that counts heads, as ``modlint --migrations`` reads them) and its current findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from modlint.checks import Rule
from modlint.checks.migration_graph import MigrationGraph, summaries
from modlint.facts.model import FactValue
from modlint.facts.outline import Outline, outline
from modlint.facts.reading import source_text
from modlint.findings import Finding
from modlint.modmap.graph import ModuleGraph
from modlint.pipeline import Survey
from modlint.values import Value


class ModulePage(Value):
    """What one module's page says."""

    module: str
    path: str
    definition_file: str | None
    facts: tuple[tuple[str, FactValue], ...]
    #: Module-relative files with something to document, sorted.
    outlines: tuple[tuple[str, Outline], ...]
    requires: tuple[str, ...]
    imports: tuple[tuple[str, int], ...]
    used_by: tuple[str, ...]
    #: The module's migration heads and revision count; None when no rule reads migrations.
    heads: tuple[str, ...] | None
    revisions: int
    findings: tuple[Finding, ...]


def module_pages(survey: Survey, graph: ModuleGraph, rules: Sequence[Rule], root: Path) -> tuple[ModulePage, ...]:
    """A page for every module, sorted by name."""
    ctx = survey.context
    chains = next((r for r in rules if isinstance(r, MigrationGraph) and r.problem == "heads"), None)
    migrations = {s.group: s for s in summaries(chains.chains(ctx))} if chains is not None else None
    pages = []
    for module in sorted(ctx.layout.modules, key=lambda m: m.name):
        definition = ctx.definition(module)
        outlines = []
        for rel in module.python_files():
            found = outline(source_text(root / module.project_path(rel)))
            if found.routes or found.settings or found.tables:
                outlines.append((rel, found))
        chain = migrations.get(module.name) if migrations is not None else None
        pages.append(
            ModulePage(
                module=module.name,
                path=module.path,
                definition_file=ctx.definition_file if definition is not None else None,
                facts=definition.facts if definition is not None else (),
                outlines=tuple(outlines),
                requires=tuple(e.target for e in graph.edges if e.source == module.name and e.required),
                imports=tuple((e.target, e.imports) for e in graph.edges if e.source == module.name and e.imports),
                used_by=tuple(sorted({e.source for e in graph.edges if e.target == module.name})),
                heads=None if migrations is None else (chain.heads if chain else ()),
                revisions=chain.revisions if chain else 0,
                findings=tuple(f for f in survey.report.findings if f.module == module.name),
            )
        )
    return tuple(pages)
