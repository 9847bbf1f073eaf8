"""Kind ``migration_graph``: every module's Alembic chain is sound (read from literals, never run).

The revision files' literals are read, never the files run, and no database is needed.

One graph over every module's versions folders (``folders``) and the project folders the rule names
(``project_folders``, e.g. a central ``alembic/versions``). Each rule of this kind reports one
``problem``: a file that does not declare itself (``missing``), a revision id declared twice
(``duplicate``), a ``down_revision``/``depends_on`` naming no revision (``unknown``), a module with
more than one head or a cycle (``heads``), branch labels off the convention (``labels``), and a
chain hanging off a module it does not ``require`` (``undeclared``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar, Literal

from modlint.checks import graph, patterns
from modlint.checks.base import Anchor, CheckContext, Rule, describe, identifier, validated
from modlint.checks.spec import Field
from modlint.facts.model import Assigned, Depth, MigrationFacts, RevisionOutline
from modlint.findings import Finding, Position
from modlint.layout import Layout, Module, module_and_rel, module_key
from modlint.values import Value

Problem = Literal["missing", "duplicate", "unknown", "heads", "labels", "undeclared"]
#: At most this many cycles are looked for (each reported at its first edge, one finding per edge).
MAX_CYCLES = 100
#: Where a graph with ``one_head_per: project`` (or a project folder) keeps its files.
PROJECT = "<project>"
#: The names Alembic loads from a versions folder (its ``_only_source_rev_file``): ``.py`` files but
#: ``__init__*`` and editors' ``.#*`` lock files.
REVISION_FILE = re.compile(r"(?!\.#|__init__)(.*\.py)$")
#: What Alembic refuses in a revision id (``RevisionError: Character(s) '-' not allowed``).
ILLEGAL_ID_CHARACTERS = "+-:@"


def _migration(revision: str, down: str = "None", extra: str = "") -> str:
    """The text of a small, complete revision file (for the examples)."""
    return (
        f"revision = {revision!r}\ndown_revision = {down}\n{extra}\n\n"
        "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    )


V = "migrations/versions/"
#: What a problem finder yields: the file, where in it (None: line 1) and the message.
Found = Iterator[tuple["Revision", Position | None, str]]


class Revision(Value):
    """One revision file: where it is (project-relative), whose it is, what it declares.

    ``outline`` is what the graph follows; where each literal is written (:meth:`literals`) is
    asked only of a file a finding is placed in, which was read: a module summary serves another
    module's revisions as their outlines alone, and a narrowed run reports nothing there."""

    path: str
    group: str  # the module's name, or PROJECT
    module: Module | None
    outline: RevisionOutline

    @property
    def rel(self) -> str:
        """The path inside its module (the project path for a project folder's file)."""
        return self.path[len(self.module.path) + 1 :] if self.module else self.path

    @property
    def id(self) -> str | None:
        """The literal revision id, if the file declares one."""
        return self.outline.revision

    @property
    def down(self) -> tuple[str, ...]:
        """The literal ``down_revision`` entries (what this revision revises)."""
        return self.outline.down

    def names(self) -> Iterator[tuple[str, str]]:
        """(variable, revision or label) for each literal ``down_revision`` and ``depends_on`` entry."""
        outline = self.outline
        yield from (("down_revision", entry) for entry in outline.down)
        yield from (("depends_on", entry) for entry in outline.depends)

    def literals(self, ctx: CheckContext) -> MigrationFacts:
        """The literals with their positions (of a file that was read, not served as an outline)."""
        facts = ctx.file_facts(self.path)
        if facts is None or facts.migration is None:
            raise ValueError(f"{self.path}: only the outline of this revision was read")
        return facts.migration

    def id_position(self, ctx: CheckContext) -> Position:
        """Where the id is written (of a revision that declares one)."""
        declared = self.literals(ctx).revision
        assert declared is not None
        return declared.position

    def entries(self, ctx: CheckContext) -> Iterator[tuple[str, str, Position]]:
        """(variable, revision or label, where it is written) for each literal ``down_revision`` and
        ``depends_on`` entry."""
        literals = self.literals(ctx)
        for name in ("down_revision", "depends_on"):
            assigned: Assigned | None = getattr(literals, name)
            if assigned is not None and assigned.literal:
                for value, position in zip(assigned.values, assigned.positions, strict=True):
                    yield name, value, position


class Chains(Value):
    """Every revision file of the project and the lookups the problems share."""

    revisions: tuple[Revision, ...]
    #: Revision files whose literals could not be read (MOD-000 reports them): the groups they belong
    #: to are incomplete, so nothing is said that a missing file could make false.
    unreadable: tuple[tuple[str, str], ...] = ()

    def complete(self, group: str) -> bool:
        """Whether every revision file of ``group`` could be read and placed: an unreadable file, a
        computed id or ``down_revision`` (MOD-000, MOD-020) or a ``down_revision`` naming no
        revision (MOD-022) makes Alembic refuse the graph, and any head counted without it may be
        false."""
        return group not in self.incomplete

    @functools.cached_property
    def incomplete(self) -> frozenset[str]:
        """The groups that are not :meth:`complete`; built once."""
        groups = {owner for _, owner in self.unreadable}
        groups.update(r.group for r in self.revisions if r.id is None or not r.outline.placed)
        groups.update(r.group for r in self.revisions if any(down not in self.ids for down in r.down))
        return frozenset(groups)

    @functools.cached_property
    def computed(self) -> frozenset[str]:
        """The groups with a revision whose id is not a literal: a name their revisions give that no
        file declares may be that id (the chain o1 <- 'o' + '2' <- o3). Another group's unknown
        name is still reported: a chain names its own module's revisions, and a computed id in one
        module must not hide a typo in another."""
        return frozenset(r.group for r in self.revisions if r.id is None)

    @functools.cached_property
    def ids(self) -> dict[str, list[Revision]]:
        """Each declared revision id with the files that declare it (sorted by path); built once."""
        found: dict[str, list[Revision]] = {}
        for revision in self.revisions:
            if revision.id is not None:
                found.setdefault(revision.id, []).append(revision)
        return found

    @functools.cached_property
    def labels(self) -> dict[str, list[Revision]]:
        """Each branch label with the files that carry it; built once."""
        found: dict[str, list[Revision]] = {}
        for revision in self.revisions:
            for label in dict.fromkeys(revision.outline.labels):
                found.setdefault(label, []).append(revision)
        return found

    @functools.cached_property
    def groups(self) -> dict[str, list[Revision]]:
        """Each group's revisions that declare an id, sorted by group, each in path order; built once."""
        found: dict[str, list[Revision]] = {}
        for revision in self.revisions:
            if revision.id is not None:
                found.setdefault(revision.group, []).append(revision)
        return dict(sorted(found.items()))

    @functools.cached_property
    def module_ids(self) -> dict[str, set[str | None]]:
        """Each module's declared revision ids; built once."""
        found: dict[str, set[str | None]] = {}
        for revision in self.revisions:
            if revision.module is not None:
                found.setdefault(revision.module.name, set()).add(revision.id)
        return found

    def resolve(self, name: str) -> Revision | None:
        """The revision a ``down_revision``/``depends_on`` entry names (an id, or a branch label)."""
        declared = self.ids.get(name) or self.labels.get(name)
        return declared[0] if declared else None

    def heads(self, group: str | None = None) -> list[Revision]:
        """Revisions no other revision (of ``group``; None: of the project) names as ``down_revision``,
        as Alembic counts heads (``depends_on`` does not revise), sorted by path."""
        members = [r for r in self.revisions if r.id is not None] if group is None else self.groups.get(group, [])
        revised = {down for r in members for down in r.down}
        unique = {str(r.id): r for r in reversed(members)}  # a duplicated id is one revision (MOD-021)
        return [r for r in members if r.id not in revised and unique[str(r.id)] is r]


class CrossEdge(Value):
    """A ``down_revision``/``depends_on`` entry of one group's revision naming another group's revision."""

    revision: str
    variable: str
    names: str
    group: str


class ChainSummary(Value):
    """One module's (or the project folders') chain, as ``modlint --migrations`` shows it."""

    group: str
    revisions: int
    roots: tuple[str, ...]
    heads: tuple[str, ...]
    merges: tuple[str, ...]
    cross: tuple[CrossEdge, ...]


def summaries(chains: Chains) -> list[ChainSummary]:
    """Each group's chain: its roots (revising nothing of its own), heads, merges and the edges that
    leave it, sorted by group."""
    found = []
    for group, members in chains.groups.items():
        own = {r.id for r in members}
        cross = []
        for revision in members:
            for variable, entry in revision.names():
                target = chains.resolve(entry)
                if target is not None and target.group != group:
                    cross.append(CrossEdge(str(revision.id), variable, entry, target.group))
        found.append(
            ChainSummary(
                group=group,
                revisions=len(members),
                roots=tuple(str(r.id) for r in members if not any(d in own for d in r.down)),
                heads=tuple(str(r.id) for r in chains.heads(group)),
                merges=tuple(str(r.id) for r in members if len(r.down) > 1),
                cross=tuple(cross),
            )
        )
    return found


class MigrationGraph(Rule):
    """One finding per problem of the chosen ``problem`` in the project's revision graph."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = (
        "line 1 of the file for something missing, else the assignment or string at fault (a head at its `revision =`)"
    )
    other_modules: ClassVar[Literal["none", "listed", "read"]] = "read"
    read_depth: ClassVar[Depth] = Depth.MIGRATION  # literals from ``ast``, no libcst tree
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"problem": "heads", "folders": ["db/versions"]},
            "wrong": [
                {
                    "files": {
                        "db/versions/a.py": _migration("a1"),
                        "db/versions/b.py": _migration("b1", "'a1'"),
                        "db/versions/c.py": _migration("c1", "'a1'"),
                    },
                    "expect": [
                        "db/versions/c.py:1:1: module 'orders' has 2 migration heads: 'b1' (db/versions/b.py), "
                        "'c1' (db/versions/c.py); join them with `alembic merge -m \"merge heads\" b1 c1`"
                    ],
                }
            ],
            "right": [{"files": {"db/versions/a.py": _migration("a1"), "db/versions/b.py": _migration("b1", "'a1'")}}],
        },
        {
            "rule": {"problem": "heads", "one_head_per": "project", "project_folders": ["alembic/versions"]},
            "wrong": [
                {
                    "files": {"/alembic/versions/a.py": _migration("a1"), "/alembic/versions/b.py": _migration("b1")},
                    "expect": [
                        "/alembic/versions/b.py:1:1: the project has 2 migration heads: 'a1' (alembic/versions/a.py), "
                        "'b1' (alembic/versions/b.py); join them with `alembic merge -m \"merge heads\" a1 b1`"
                    ],
                }
            ],
            "right": [
                {
                    "files": {
                        "/alembic/versions/a.py": _migration("a1"),
                        "/alembic/versions/b.py": _migration("b1", "'a1'"),
                    }
                }
            ],
        },
        {
            "rule": {"problem": "labels", "branch_label": "{module}_db"},
            "wrong": [
                {
                    "files": {V + "o1.py": _migration("o1", extra="branch_labels = ('orders',)")},
                    "expect": [
                        V + "o1.py:3:1: the root revision 'o1' of module 'orders' has branch_labels ('orders',); "
                        "expected ('orders_db',)"
                    ],
                }
            ],
            "right": [{"files": {V + "o1.py": _migration("o1", extra="branch_labels = ('orders_db',)")}}],
        },
        {
            "rule": {"problem": "undeclared", "fact": "needs"},
            "wrong": [
                {
                    "files": {
                        "/app/modules/billing/__init__.py": "",
                        "/app/modules/billing/definition.py": "m = ModuleDefinition(code='billing')\n",
                        "/app/modules/billing/migrations/versions/b1.py": _migration("b1"),
                        "definition.py": "m = ModuleDefinition(code='orders', requires=['billing'])\n",
                        V + "o1.py": _migration("o1", "'b1'"),
                    },
                    "expect": [
                        V + "o1.py:2:17: down_revision names 'b1' of module 'billing', which 'orders' does not "
                        "require (add 'billing' to needs in definition.py)"
                    ],
                }
            ],
            "right": [
                {
                    "files": {
                        "/app/modules/billing/__init__.py": "",
                        "/app/modules/billing/definition.py": "m = ModuleDefinition(code='billing')\n",
                        "/app/modules/billing/migrations/versions/b1.py": _migration("b1"),
                        "definition.py": "m = ModuleDefinition(code='orders', needs=['billing'])\n",
                        V + "o1.py": _migration("o1", "'b1'"),
                    }
                }
            ],
        },
    )

    problem: Problem = Field(
        description="what this rule reports: `missing`, `duplicate`, `unknown`, `heads`, `labels` or `undeclared`"
    )
    folders: list[str] = Field(
        default_factory=lambda: ["migrations/versions"],
        description="module-relative folders holding revision files (each `.py` directly in them but `__init__.py`)",
    )
    project_folders: list[str] = Field(
        default_factory=list, description="project-relative folders of revision files that belong to no module"
    )
    branch_label: str = Field(
        default="{module}", description="the label a module's root revision carries (`{module}`: `-` read as `_`)"
    )
    one_head_per: Literal["module", "project"] = Field(
        default="module", description="`module`: each module's own files have one head; `project`: all files"
    )
    fact: str = Field(default="requires", description="the definition fact listing the modules a module requires")

    _folders = validated(patterns.exact_path_check(), "folders")
    _project = validated(patterns.exact_path_check(()), "project_folders")
    _fact = identifier("fact")

    def folders_outside_modules(self) -> set[str]:
        return {folder.strip("/") for folder in self.project_folders}

    def light_folders(self) -> tuple[str, ...] | None:
        return None if self.conditions_on_files() else tuple(self.folders)  # every module's revisions

    def wanted_files(self, layout: Layout) -> set[str]:
        return {revision_path for revision_path, _ in self._files(layout)}

    def could_report_at(self, path: str, modules_root: str) -> bool:
        """At revision files only (as :meth:`_files` picks them), unless ``report_at`` moves the
        findings to other files of their module."""
        if self.anchor.kind not in ("node", "file", "path"):
            return True
        folder, _, name = path.rpartition("/")
        if not REVISION_FILE.match(name):
            return False
        if folder in self.folders_outside_modules():
            return True
        found = module_and_rel(path, modules_root)
        if found is None:
            return False
        module, rel = found
        inside = rel.rpartition("/")[0]  # the folder, module-relative
        return any(inside == patterns.expand(item, module).strip("/") for item in self.folders)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        chains = self.chains(ctx)
        subjects = self._subjects(ctx, chains)
        paths = {revision.path for revision in subjects}
        for revision, position, message in getattr(self, f"_{self.problem}")(ctx, chains, subjects):
            if revision.path in paths:
                yield self._at(ctx, revision, position, message)

    def _subjects(self, ctx: CheckContext, chains: Chains) -> tuple[Revision, ...]:
        """The revisions this rule reports on: the project folders' and those of the modules it
        applies to; in a narrowed run, of those only the modules in scope. The graph is still read
        whole, but a finding about another module's file would only be dropped by the scope: a
        one-file run need not look for them in every module."""
        applicable = {m.name for m in self.applicable_modules(ctx) if ctx.in_scope is None or m.name in ctx.in_scope}
        return tuple(r for r in chains.revisions if r.module is None or r.module.name in applicable)

    # -- the graph ------------------------------------------------------------------------------

    def chains(self, ctx: CheckContext) -> Chains:
        """Every revision file whose literals could be read, sorted by path (built once per run for
        the rules that read the same folders the same way)."""
        key = ("migration-chains", tuple(self.folders), tuple(self.project_folders), self.one_head_per)
        return ctx.memoized(key, lambda: self._chains(ctx))

    def _chains(self, ctx: CheckContext) -> Chains:
        found, unreadable = [], []
        for path, module in self._files(ctx.layout):
            outline = ctx.facts.outline(path)
            group = PROJECT if module is None or self.one_head_per == "project" else module.name
            if outline is not None:
                found.append(Revision(path, group, module, outline))
            else:
                unreadable.append((path, group))
        return Chains(tuple(sorted(found, key=lambda r: r.path)), tuple(sorted(unreadable)))

    def _files(self, layout: Layout) -> Iterator[tuple[str, Module | None]]:
        """Each revision file once (a project folder may also be a module's), as Alembic picks them."""
        seen: set[str] = set()
        fixed = None if any("{" in folder for folder in self.folders) else self._folders_of("")
        for module in layout.modules:  # every module's listing is looked at: each file once
            folders = fixed if fixed is not None else self._folders_of(module.name)
            for rel in module.files:
                folder, _, name = rel.rpartition("/")
                if folder in folders and name.endswith(".py") and REVISION_FILE.match(name):
                    path = f"{module.path}/{rel}"
                    if path not in seen:
                        seen.add(path)
                        yield path, module
        for folder in sorted(self.folders_outside_modules()):
            for path in sorted(layout.project_files):
                inside = path.startswith(folder + "/") and "/" not in path[len(folder) + 1 :]
                if inside and REVISION_FILE.match(path.rpartition("/")[2]) and path not in seen:
                    seen.add(path)
                    yield path, None

    def _folders_of(self, module: str) -> frozenset[str]:
        """The module-relative revision folders of ``module``."""
        return frozenset(patterns.expand(folder, module).strip("/") for folder in self.folders)

    def _at(self, ctx: CheckContext, revision: Revision, position: Position | None, message: str) -> Finding:
        path, where = self.locate(ctx, revision.module, revision.rel, position)
        return self.finding(path, where, message, revision.module)

    # -- the problems: each yields (revision, position or None for line 1, message) --------------

    def _missing(self, ctx: CheckContext, chains: Chains, subjects: Sequence[Revision]) -> Found:
        for revision in subjects:
            yield from _missing_items(revision, revision.literals(ctx))

    def _duplicate(self, ctx: CheckContext, chains: Chains, subjects: Sequence[Revision]) -> Found:
        wanted = {revision.path for revision in subjects}
        for rid, declared in chains.ids.items():
            for revision in declared if len(declared) > 1 else ():
                if revision.path not in wanted:
                    continue
                others = [r.path for r in declared if r is not revision]
                message = f"revision '{rid}' is also declared by {describe(others, 'and')}"
                yield revision, revision.id_position(ctx), message

    def _unknown(self, ctx: CheckContext, chains: Chains, subjects: Sequence[Revision]) -> Found:
        declared, labels = chains.ids, chains.labels
        if chains.unreadable:
            return  # the missing revision may be declared in a file that could not be read
        for revision in subjects:
            if revision.group in chains.computed:
                continue  # the missing revision may be the computed one
            for name, entry, position in revision.entries(ctx):
                if entry in declared or (name == "depends_on" and entry in labels):
                    continue
                what = "revision or branch label" if name == "depends_on" else "revision"
                yield revision, position, f"{name} names '{entry}', a {what} no migration file declares"

    def _heads(self, ctx: CheckContext, chains: Chains, subjects: Sequence[Revision]) -> Found:
        wanted = {revision.group for revision in subjects}
        paths = {revision.path for revision in subjects}
        for group in chains.groups:
            if group not in wanted:
                continue
            heads = chains.heads(group)
            if len(heads) > 1 and chains.complete(group):
                owner = "the project" if group == PROJECT else f"module '{group}'"
                listed = ", ".join(f"'{h.id}' ({h.path if group == PROJECT else h.rel})" for h in heads)
                ids = " ".join(str(h.id) for h in heads)
                message = (
                    f"{owner} has {len(heads)} migration heads: {listed}; "
                    f'join them with `alembic merge -m "merge heads" {ids}`'
                )
                for head in heads[1:]:
                    if head.path in paths:
                        yield head, head.id_position(ctx), message
        yield from _cycles(ctx, chains, subjects)

    def _labels(self, ctx: CheckContext, chains: Chains, subjects: Sequence[Revision]) -> Found:
        for revision in subjects:
            if revision.module is not None and chains.complete(revision.group) and self._is_root(chains, revision):
                yield from self._root_label(ctx, revision)
        yield from self._joined_branches(ctx, chains, subjects)
        for revision in subjects:
            labels = revision.literals(ctx).branch_labels
            if labels is not None and labels.literal and len(set(labels.values)) < len(labels.values):
                twice = sorted({label for label in labels.values if labels.values.count(label) > 1})
                yield (
                    revision,
                    labels.position,
                    f"branch_labels names {describe(twice, 'and')} twice (Alembic refuses it)",
                )
        paths = {revision.path for revision in subjects}
        for label, carriers in chains.labels.items():
            for revision in carriers:
                if revision.path not in paths:
                    continue
                labels = revision.literals(ctx).branch_labels
                assert labels is not None
                others = [f"revision '{r.id}' ({r.path})" for r in carriers if r is not revision]
                others += [f"the id of revision '{label}' ({r.path})" for r in chains.ids.get(label, ())]
                if others:
                    yield revision, labels.position, f"branch label '{label}' is also {', '.join(others)}"

    def _joined_branches(self, ctx: CheckContext, chains: Chains, subjects: Sequence[Revision]) -> Found:
        """With one branch per module, a ``down_revision`` into another module makes Alembic join the
        two branches: both labels then name the same chain (``billing@head`` is the other module's head)."""
        if self.one_head_per != "module":
            return
        for revision in subjects:
            declared = revision.literals(ctx).down_revision
            for entry, position in zip(revision.down, declared.positions if declared else (), strict=True):
                target = chains.resolve(entry)
                if revision.module and target and target.module and target.module.name != revision.module.name:
                    message = (
                        f"down_revision names '{entry}' of module '{target.module.name}': Alembic then joins the "
                        f"two modules' branches ('{target.module.name}@head' would be this module's head); "
                        f"start the chain from None and order it with depends_on = {entry!r}"
                    )
                    yield revision, position, message

    def _is_root(self, chains: Chains, revision: Revision) -> bool:
        """A module's first revision: each ``down_revision`` entry is None or another module's revision."""
        assert revision.module is not None
        if revision.id is None or not revision.outline.placed:
            return False  # MOD-020's business
        own = chains.module_ids.get(revision.module.name, set())
        return all(down not in own and down in chains.ids for down in revision.down)  # ids: never a label

    def _root_label(self, ctx: CheckContext, revision: Revision) -> Found:
        assert revision.module is not None
        expected = patterns.expand(self.branch_label, module_key(revision.module.name))
        labels = revision.literals(ctx).branch_labels
        if labels is not None and not labels.literal:
            return  # MOD-020's business
        if labels is None or labels.none or not labels.values:
            message = (
                f"root revision '{revision.id}' of module '{revision.module.name}' has no branch label: "
                f"set branch_labels = ({expected!r},) so `alembic upgrade {expected}@head` reaches it"
            )
            yield revision, labels.position if labels else None, message
        elif tuple(labels.values) != (expected,):
            message = (
                f"the root revision '{revision.id}' of module '{revision.module.name}' has branch_labels "
                f"{tuple(labels.values)!r}; expected ({expected!r},)"
            )
            yield revision, labels.position, message

    def _undeclared(self, ctx: CheckContext, chains: Chains, subjects: Sequence[Revision]) -> Found:
        required: dict[str, tuple[str, ...] | None] = {}  # of the subjects' modules only (see DeferredFacts)
        for revision in subjects:
            module = revision.module
            if module is None:
                continue
            if module.name not in required:
                required[module.name] = graph.declared_by(ctx, module, self.fact)
            needs = required[module.name]
            if needs is None:
                continue  # a module without a definition is MOD-009's business
            for name, entry, position in revision.entries(ctx):
                target = chains.resolve(entry)
                other = target.module.name if target and target.module else None
                if other is None or other == module.name or other in needs:
                    continue
                message = (
                    f"{name} names '{entry}' of module '{other}', which '{module.name}' does not require "
                    f"(add '{other}' to {self.fact} in {ctx.definition_file})"
                )
                yield revision, position, message


def _missing_items(revision: Revision, facts: MigrationFacts) -> Found:
    """What a revision file must declare for Alembic to place it: a literal id, a literal
    ``down_revision``, ``upgrade`` and ``downgrade``; optional variables, when given, literal."""
    for name, required in (
        ("revision", True),
        ("down_revision", True),
        ("branch_labels", False),
        ("depends_on", False),
    ):
        assigned: Assigned | None = getattr(facts, name)
        if assigned is None:
            if required:
                yield revision, None, f"migration lacks a literal `{name}` (Alembic places the file in the graph by it)"
        elif name == "revision" and not (assigned.literal and assigned.scalar):
            yield revision, assigned.position, "`revision` must be a string literal"
        elif name == "revision" and (refused := sorted(set(assigned.values[0]) & set(ILLEGAL_ID_CHARACTERS))):
            shown = ", ".join(repr(c) for c in refused)
            message = f"revision '{assigned.values[0]}' holds {shown}, which Alembic refuses in a revision id"
            yield revision, assigned.positions[0], message
        elif not assigned.literal:
            shape = "a string literal, None, or a tuple or list of string literals"
            yield revision, assigned.position, f"`{name}` must be {shape}"
    for function, present in (("upgrade", facts.has_upgrade), ("downgrade", facts.has_downgrade)):
        if not present:
            yield revision, None, f"migration defines no `{function}()` at top level"


def _cycles(ctx: CheckContext, chains: Chains, subjects: Sequence[Revision]) -> Found:
    """Each cycle of ``down_revision``/``depends_on`` edges through the revisions reached from
    ``subjects``, at its first edge (sorted by file). A cycle through a subject lies among what the
    subject reaches, and one that reaches no subject is reported at none (a narrowed run's
    subjects are its modules' revisions: it follows their chains, not the whole graph)."""
    by_id = {rid: declared[0] for rid, declared in chains.ids.items()}
    edges: dict[str, list[str]] = {}
    todo = [r.id for r in subjects if r.id is not None]
    while todo:
        rid = todo.pop()
        if rid in edges:
            continue
        edges[rid] = []
        for _, entry in by_id[rid].names():
            target = chains.resolve(entry)
            if target is not None and target.id is not None:
                edges[rid].append(target.id)
                todo.append(target.id)
    ordered = sorted(edges, key=lambda rid: by_id[rid].path)
    ranked = _ranked(edges, {rid: index for index, rid in enumerate(ordered)})
    loops = [(key,) for key, targets in ranked.items() if key in targets]
    paths = {revision.path for revision in subjects}
    reported: set[tuple[str, str]] = set()
    for cycle in sorted(set(loops + graph.elementary_cycles(ranked, MAX_CYCLES))):
        ids = [ordered[int(node)] for node in cycle]
        step = (ids[0], ids[1] if len(ids) > 1 else ids[0])
        if step in reported:
            continue  # one finding per edge: the first cycle through it names the problem
        reported.add(step)
        first = by_id[ids[0]]
        if first.path in paths:  # a finding in another file: the run reports nothing there
            walk = " -> ".join((*ids, ids[0]))
            yield (
                first,
                _edge_at(ctx, chains, first, step[1]),
                f"migrations revise each other in a cycle: {walk} (Alembic cannot order them)",
            )


def _edge_at(ctx: CheckContext, chains: Chains, revision: Revision, target: str) -> Position:
    """Where ``revision`` first names ``target`` (by id, or by a label of it)."""
    return next(
        position
        for _, entry, position in revision.entries(ctx)
        if (found := chains.resolve(entry)) is not None and found.id == target
    )


def _ranked(edges: Mapping[str, Sequence[str]], rank: Mapping[str, int]) -> dict[str, list[str]]:
    """The edges over zero-padded ranks, so the cycle search (which starts each cycle at its smallest
    node) starts at the revision of the first file."""
    width = len(str(len(rank)))
    key = {rid: str(index).zfill(width) for rid, index in rank.items()}
    return {key[source]: [key[t] for t in targets] for source, targets in edges.items()}
