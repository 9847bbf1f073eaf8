"""The shared shape of every rule: identity, severity, scoping, where findings are reported.

A check kind subclasses :class:`Rule` with its own typed parameters and implements ``run``. Kinds
never read files: they query the :class:`CheckContext` (layout and per-file facts).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, ClassVar, Literal, TypeVar

from modlint import globs
from modlint.checks import patterns as patterns_
from modlint.checks.examples import Examples
from modlint.checks.spec import Field, Spec, ValidationInfo, field_validator
from modlint.facts.deferred import DeferredFacts
from modlint.facts.model import Definition, Depth, FactValue, FileFacts
from modlint.findings import Finding, Fix, Position, Severity, code_of
from modlint.layout import DEFAULT_DEFINITION, DefinitionSpec, Layout, Module, module_and_rel
from modlint.values import Value, field

T = TypeVar("T")

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]+\Z")  # \Z: "$" also matches before a final newline
ANCHORS = ("node", "file", "path", "first-file", "module-first-file", "definition")
#: The anchors that take an argument (``first-file:routes/api``, ``definition:code``).
ANCHORS_WITH_ARGUMENT = ("first-file", "definition")


class Anchor(Value):
    """Where a rule reports its findings (``report_at``), parsed once from ``kind[:arg]``.

    ``node``: at the offending statement; ``file``/``path``: line 1 of the subject; ``first-file[:folder]``:
    the first ``.py`` in the folder; ``module-first-file``: the module's ``__init__.py``;
    ``definition[:keyword]``: at a keyword of the module definition.
    """

    kind: str
    arg: str = ""

    def __str__(self) -> str:
        return f"{self.kind}:{self.arg}" if self.arg else self.kind


def parse_anchor(value: str) -> Anchor:
    """The anchor a ``report_at`` text names; ValueError says what is wrong with it."""
    kind, colon, arg = value.partition(":")
    if kind not in ANCHORS:
        raise ValueError(f"report_at {value!r} must be one of {', '.join(ANCHORS)} (some take ':<arg>')")
    if colon and kind not in ANCHORS_WITH_ARGUMENT:
        raise ValueError(f"report_at {kind!r} takes no argument")
    if kind == "definition" and colon and not arg.isidentifier():
        raise ValueError(f"report_at {value!r}: 'definition:' takes a keyword name, e.g. definition:code")
    if kind == "first-file" and colon:
        patterns_.raise_all([arg], patterns_.exact_path_check(()))
    return Anchor(kind, arg)


class StrictModel(Spec):
    """Unknown keys are errors and values are immutable (a frozen dataclass; see :mod:`.spec`)."""


def check_patterns(patterns: list[str]) -> list[str]:
    """Validate a list of path globs (``{module}`` allowed), one problem line per bad entry."""
    patterns_.raise_all(patterns, patterns_.glob_check())
    return patterns


def validated(check: patterns_.Check, *fields: str) -> Any:
    """A field validator running ``check`` on every entry of list fields (all problems at once)."""

    def run(values: list[str]) -> list[str]:
        patterns_.raise_all(values, check)
        return values

    return field_validator(*fields)(run)


def identifier(*fields: str) -> Any:
    """A validator for single-name fields (a definition fact such as ``requires``)."""

    def run(value: str) -> str:
        patterns_.raise_all([value], patterns_.identifier_check)
        return value

    return field_validator(*fields)(run)


def dotted_names(*fields: str) -> Any:
    """A validator for fields that hold plain dotted module names."""
    return validated(patterns_.dotted_check, *fields)


class When(StrictModel):
    """Conditions a module must meet for a module-scoped rule to apply to it."""

    facts: dict[str, FactValue] = Field(default_factory=dict)
    exists: list[str] = Field(default_factory=list)
    has_files: list[str] = Field(default_factory=list)

    @field_validator("facts", mode="before")
    @classmethod
    def _literal_facts(cls, value: Any) -> Any:
        """Facts are literals as definition.py holds them; YAML lists become tuples."""
        if not isinstance(value, dict):
            return value
        for name, fact in value.items():
            is_strings = isinstance(fact, list) and all(isinstance(item, str) for item in fact)
            if not (fact is None or isinstance(fact, (str, int, bool)) or is_strings):
                shown = f" (not {fact!r})" if isinstance(fact, float) else ""
                raise ValueError(
                    f"fact {name!r} must be a string, an integer, a boolean, null or a list of strings{shown}"
                )
        return {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()}

    _exists = validated(patterns_.exact_path_check(), "exists")
    _has_files = validated(patterns_.glob_check(), "has_files")

    @field_validator("has_files")
    @classmethod
    def _has_files_selects(cls, value: list[str]) -> list[str]:
        if value:
            patterns_.raise_problems(patterns_.selection_problems(value))
        return value

    @property
    def empty(self) -> bool:
        """Whether no condition is set."""
        return not (self.facts or self.exists or self.has_files)

    def holds(self, module: Module, definition: Definition | None) -> bool:
        """Whether ``module`` (with its parsed definition, if any) meets every condition."""
        if self.facts and (definition is None or not self._facts_hold(definition)):
            return False
        if not all(module.has(patterns_.expand(path, module.name)) for path in self.exists):
            return False
        if not self.has_files:
            return True
        wanted = [patterns_.expand(p, module.name) for p in self.has_files]
        return any(globs.matches(wanted, f) for f in module.files)

    def _facts_hold(self, definition: Definition) -> bool:
        return all(
            definition.has_literal(name) and _same_fact(definition.fact(name), expected)
            for name, expected in self.facts.items()
        )


def _same_fact(actual: FactValue, expected: FactValue) -> bool:
    """Equal and of the same type: ``1`` is not ``True`` and ``0`` is not ``False``."""
    return type(actual) is type(expected) and actual == expected


class CheckContext(Value):
    """What a check may look at: the tree layout and the facts of the files that were read."""

    layout: Layout
    #: What was read (served facts of other modules decoded when first asked).
    facts: DeferredFacts
    #: Where each module declares itself, and the fact that names it (``[tool.modlint.definition]``).
    spec: DefinitionSpec = DEFAULT_DEFINITION
    #: In a narrowed run that lists every module: the modules in scope (the only ones whose files were
    #: read for rules that do not read every module); None: every module.
    in_scope: frozenset[str] | None = None
    #: What several rules of one run compute alike (a migration graph's chains), by a key naming the
    #: computation and the parameters it depends on: computed once per run, not once per rule.
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def memoized(self, key: object, compute: Callable[[], T]) -> T:
        """``compute()``, once per run for ``key`` (see ``memo``): the key must name everything the
        result depends on besides this context."""
        if key not in self.memo:
            self.memo[key] = compute()
        return typing.cast(T, self.memo[key])

    @property
    def definition_file(self) -> str:
        """The module-relative file each module declares itself in."""
        return self.spec.file

    @property
    def code_key(self) -> str:
        """The definition fact that names the module."""
        return self.spec.code_key

    def file_facts(self, path: str) -> FileFacts | None:
        """Facts of a project-relative file that parsed, else None (unread, unparsed or MOD-000)."""
        found = self.facts.get(path)
        return found if found is not None and found.problem is None and found.parsed else None

    def definition(self, module: Module) -> Definition | None:
        """The module's parsed definition, if there is one."""
        facts = self.file_facts(module.project_path(self.definition_file))
        return facts.definition if facts else None

    def home_file(self, module: Module) -> str:
        """The file a finding about something missing is shown at: the definition file, else
        ``__init__.py``, else the first ``.py`` (sorted); module-relative."""
        if self.definition_file in module.file_set:
            return self.definition_file
        return module.first_file()


class Rule(StrictModel):
    """Fields every rule has, whatever its kind.

    A kind is a subclass defined in ``modlint/checks/<kind>.py``: the file's name is the kind's name
    (what a rule's ``check:`` says), and being there registers it (see :mod:`modlint.checks`).
    """

    default_anchor: ClassVar[Anchor] = Anchor("file")
    #: The kind can check files outside the modules root (``scope: project``); kinds that check
    #: modules cannot, and saying so is an error rather than a rule that checks nothing.
    project_scope: ClassVar[bool] = False
    #: The rule looks at every file any enabled rule reads, even when those rules are not selected.
    reads_all_files: ClassVar[bool] = False
    #: Its findings are files modlint could not read or parse (SARIF also lists them as notifications).
    reports_unreadable_files: ClassVar[bool] = False
    #: How deeply the files in ``wanted_files`` must be read.
    read_depth: ClassVar[Depth] = Depth.TREE
    #: What it needs of modules outside a narrowed run's scope (pre-commit, paths): ``none``; ``listed``
    #: (every module's name, files and definition, to resolve what an import reaches; only the
    #: in-scope modules are checked); ``read`` (every module's files too: the whole module graph).
    #: The scope still decides which findings are reported.
    other_modules: ClassVar[Literal["none", "listed", "read"]] = "none"
    #: Whether the kind's findings point at code (``report_at: node``); kinds about paths do not.
    has_nodes: ClassVar[bool] = True
    #: Whether ``report_at`` may move the findings: MOD-000's are where the parser failed, MOD-100's
    #: at the comment, and nowhere else says what they say.
    movable: ClassVar[bool] = True
    #: Whether ``modules``/``when``/``unless`` choose what the kind checks: MOD-000 reports every
    #: file any rule reads, whichever module it is in.
    chooses_modules: ClassVar[bool] = True
    #: What ``node`` means for this kind's findings (README and ``--explain`` say where they are).
    node_text: ClassVar[str] = "the offending code"
    #: Examples of rules of this kind, covering every parameter, as plain data:
    #: ``{"rule": {<parameters>}, "wrong": [<example>...], "right": [<example>...]}`` (the shape of a
    #: rule's ``examples``, see :mod:`modlint.checks.examples`). The rule runs alone, or with the
    #: shipped rules an optional ``"beside": [<rule id>...]`` names.
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = ()

    id: str
    name: str
    severity: Severity
    description: str
    check: str
    enabled: bool = True
    scope: Literal["module", "project"] = "module"
    modules: list[str] = Field(default_factory=lambda: ["*"])
    when: When = Field(default_factory=When)
    unless: When | None = None
    report_at: Anchor | None = None
    #: What the rule checks, in one line (README's table; default: the description's first sentence).
    summary: str | None = None
    #: How to fix a finding.
    fix: str | None = None
    examples: Examples = Field(default_factory=Examples)

    @classmethod
    def kind_name(cls) -> str:
        """The kind's name: the name of the module that defines it."""
        return cls.__module__.rpartition(".")[2]

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"rule id {value!r} must look like 'MOD-001' (letters, '-', digits)")
        return value

    _modules = validated(patterns_.module_pattern_check, "modules")

    @field_validator("scope")
    @classmethod
    def _scope_supported(cls, value: str) -> str:
        if value == "project" and not cls.project_scope:
            raise ValueError(
                f"check '{cls.kind_name()}' checks modules and has no 'scope: project' (kinds that select "
                "files outside the modules root have it)"
            )
        return value

    @field_validator("modules", "when", "unless")
    @classmethod
    def _module_selection(cls, value: Any, info: ValidationInfo) -> Any:
        """``modules``/``when``/``unless`` choose modules: a project-scoped rule checks none."""
        if info.data.get("scope") == "project":
            raise ValueError(f"'{info.field_name}' has no meaning in a 'scope: project' rule, which checks no module")
        if not cls.chooses_modules and value not in (["*"], When(), None):
            raise ValueError(
                f"check '{cls.kind_name()}' reports every file any rule reads: '{info.field_name}' has no meaning "
                "(per-module-ignores in [tool.modlint] leaves modules out)"
            )
        if info.field_name == "modules" and not value:
            raise ValueError(
                "the list is empty, so the rule would check no module (turn a rule off with 'enabled: false')"
            )
        return value

    @field_validator("unless")
    @classmethod
    def _unless_says_something(cls, value: When | None) -> When | None:
        if value is not None and value.empty:
            raise ValueError("'unless' needs at least one of facts, exists, has_files")
        return value

    @field_validator("report_at", mode="before")
    @classmethod
    def _anchor(cls, value: object, info: ValidationInfo) -> object:
        anchor = parse_anchor(value) if isinstance(value, str) else value
        if value is not None and not cls.movable:
            raise ValueError(f"check '{cls.kind_name()}' reports where the problem is: 'report_at' has no meaning")
        if value is not None and not isinstance(anchor, Anchor):
            raise ValueError(f"report_at must be a string: one of {', '.join(ANCHORS)} (some take ':<arg>')")
        module_anchors = ("first-file", "module-first-file", "definition")
        if isinstance(anchor, Anchor) and anchor.kind in module_anchors and info.data.get("scope") == "project":
            raise ValueError(
                f"report_at {str(anchor)!r} needs a module, and a 'scope: project' rule checks none "
                "(use node, file or path)"
            )
        if isinstance(anchor, Anchor) and anchor.kind == "node" and not cls.has_nodes:
            others = ", ".join(a for a in ANCHORS if a != "node")
            raise ValueError(
                f"check '{cls.kind_name()}' reports about paths, not code: 'node' has no meaning (use {others})"
            )
        return anchor

    @property
    def anchor(self) -> Anchor:
        """Where this rule reports: its ``report_at``, else its kind's default."""
        return self.report_at or self.default_anchor

    @property
    def code(self) -> str:
        """The flake8-style code (``MOD001``)."""
        return code_of(self.id)

    # -- what the pipeline asks every rule-----------------------------------------------------

    def folders_outside_modules(self) -> set[str]:
        """Project folders outside the modules root this rule needs listed."""
        return set()

    def wanted_files(self, layout: Layout) -> set[str]:
        """Project-relative files whose facts this rule needs.

        What it wants of a module must follow from that module's own listing (and the rule's
        parameters): a narrowed run leaves a module out of ``layout`` while its summary is current
        (:mod:`modlint.facts.summaries`), and takes that module's files as it last read them."""
        return set()

    def light_folders(self) -> tuple[str, ...] | None:
        """What a rule that looks at other modules (``other_modules``) needs of a module a narrowed
        run's scope does not reach through imports (so no cycle of the scope passes through it):
        the module-relative folders (``{module}`` allowed) whose own files it reads besides those
        directly in the module folder; None when it needs such a module's every file, and then a
        narrowed run lists every module whole."""
        return None

    def could_report_at(self, path: str, modules_root: str) -> bool:
        """Whether a finding of this rule could lie at the project file ``path``, whatever the
        project holds: a run on files alone runs only the rules that could report in them. True
        unless the kind knows where its findings go (a kind that says False never reports there)."""
        return True

    def conditions_on_files(self) -> bool:
        """Whether ``when``/``unless`` look at a module's files (``exists``, ``has_files``)."""
        return any(c is not None and bool(c.exists or c.has_files) for c in (self.when, self.unless))

    def text_files(self, layout: Layout) -> set[str]:
        """Project-relative files this rule needs scanned as text only (comments), not parsed (what
        it wants of a module follows from that module's listing, as for :meth:`wanted_files`)."""
        return set()

    def run(self, ctx: CheckContext) -> Iterator[Finding]:  # pragma: no cover - abstract
        """Yield the findings of this rule."""
        raise NotImplementedError

    def review(self, ctx: CheckContext, findings: Sequence[Finding], active: Sequence[Rule]) -> Iterator[Finding]:
        """Second pass, for kinds that judge other rules' findings (unused suppressions)."""
        return iter(())

    # -- helpers for kinds -----------------------------------------------------------------------

    def applicable_modules(self, ctx: CheckContext) -> Iterator[Module]:
        """Modules this rule applies to: name patterns, ``when`` conditions, and not ``unless``.

        Worked out once per run for all rules that select modules alike (most rules of a rule set do):
        each evaluation reads every module's definition."""
        narrowed = ctx.in_scope is not None and self.other_modules != "read"
        key = ("applicable-modules", repr((self.modules, self.when, self.unless)), narrowed)
        return iter(ctx.memoized(key, lambda: tuple(self._applicable_modules(ctx, narrowed))))

    def _applicable_modules(self, ctx: CheckContext, narrowed: bool) -> Iterator[Module]:
        # a definition is looked at only for conditions on its facts: a narrowed run has every
        # other module's definition served undecoded, and most rules have no such condition
        facts = bool(self.when.facts or (self.unless and self.unless.facts))
        for module in ctx.layout.modules:
            if not self.names_module(module):
                continue
            if narrowed and ctx.in_scope is not None and module.name not in ctx.in_scope:
                continue
            definition = ctx.definition(module) if facts else None
            if self.when.holds(module, definition) and not (self.unless and self.unless.holds(module, definition)):
                yield module

    def names_module(self, module: Module) -> bool:
        """Whether the rule's ``modules`` name patterns include this module (``!`` excludes)."""
        return patterns_.module_selected(module.name, self.modules)

    def finding(
        self,
        path: str,
        position: Position,
        message: str,
        module: Module | None,
        fix: Fix | None = None,
        subject: str | None = None,
    ) -> Finding:
        """Build a finding of this rule (``subject``: the project-relative path it is about, when
        that is not ``path``)."""
        return Finding(
            rule_id=self.id,
            severity=self.severity,
            path=path,
            line=position.line,
            column=position.column,
            message=message,
            module=module.name if module else None,
            fix=fix,
            subject=subject,
        )

    def locate(
        self,
        ctx: CheckContext,
        module: Module | None,
        subject: str,
        node: Position | None = None,
    ) -> tuple[str, Position]:
        """Where to report a finding about ``subject`` (module-relative when ``module`` is given).

        With the kind's default anchor, a place that is no file (a missing path, a folder) becomes the
        module's home file (:meth:`CheckContext.home_file`), line 1, so editors and annotations can
        show it; an explicit ``report_at`` is kept as written."""
        if module is None:
            return subject, node if (self.anchor.kind == "node" and node) else Position()
        rel, position = self._anchored(ctx, module, subject, node)
        if self.report_at is None and rel not in module.file_set:
            return module.project_path(ctx.home_file(module)), Position()
        return module.project_path(rel), position

    def _anchored(self, ctx: CheckContext, module: Module, subject: str, node: Position | None) -> tuple[str, Position]:
        anchor, arg = self.anchor.kind, self.anchor.arg
        if anchor == "node" and node is not None:
            return subject, node
        if anchor == "definition":
            return _at_definition(ctx, module, arg or self.definition_keyword(ctx))
        if anchor == "module-first-file":
            return module.first_file(), Position()
        if anchor == "first-file":
            folder = arg or subject
            first = module.first_python_file_in(folder)
            return (first if first else folder.strip("/")), Position()
        return subject.strip("/"), Position()

    def definition_keyword(self, ctx: CheckContext) -> str:
        """The definition keyword a plain ``definition`` anchor points at (none: the definition itself)."""
        return ""


def _at_definition(ctx: CheckContext, module: Module, keyword: str) -> tuple[str, Position]:
    """At a keyword of the definition; else the definition; else its file's line 1; else the home file."""
    if ctx.definition_file not in module.file_set:
        return ctx.home_file(module), Position()
    definition = ctx.definition(module)
    where = Position()
    if definition is not None:
        where = (definition.keyword_position(keyword) if keyword else None) or definition.position
    return ctx.definition_file, where


def module_placeholders(info: ValidationInfo) -> tuple[str, ...]:
    """``{module}`` for a field of a module-scoped rule; none in a ``scope: project`` rule, which checks
    no module (``scope`` is validated before every kind's own fields, so ``info`` holds it)."""
    return () if info.data.get("scope") == "project" else (patterns_.MODULE,)


class FileRule(Rule):
    """A rule over files selected by ``files`` patterns (module-relative, or project-relative)."""

    project_scope: ClassVar[bool] = True

    files: list[str] = Field(description="path patterns of the files checked")

    @field_validator("files")
    @classmethod
    def _files(cls, value: list[str], info: ValidationInfo) -> list[str]:
        patterns_.raise_all(value, patterns_.glob_check(module_placeholders(info)))
        patterns_.raise_problems(patterns_.selection_problems(value))
        return value

    def folders_outside_modules(self) -> set[str]:
        if self.scope != "project":
            return set()
        return {globs.literal_prefix(p) for p in self.files if not p.startswith("!")}

    def could_report_at(self, path: str, modules_root: str) -> bool:
        """At the files it selects (``files``), unless ``report_at`` moves a module's findings to
        another of its files (a ``scope: project`` rule has no such anchor)."""
        if self.scope == "project":
            return globs.matches(self.files, path)
        if self.anchor.kind not in ("node", "file", "path"):
            return True
        found = module_and_rel(path, modules_root)
        if found is None:
            return False
        module, rel = found
        return globs.matches([patterns_.expand(p, module) for p in self.files], rel)

    def selected(self, ctx: CheckContext) -> Iterator[tuple[Module | None, str]]:
        """(module, path) for each selected file; module-relative path unless project-scoped."""
        yield from self._select(ctx.layout, self.applicable_modules(ctx))

    def wanted_files(self, layout: Layout) -> set[str]:
        # Facts-conditions are decided after parsing, so read every candidate file.
        named = (m for m in layout.modules if self.names_module(m))
        return {module.project_path(rel) if module else rel for module, rel in self._select(layout, named)}

    def _select(self, layout: Layout, modules: Iterable[Module]) -> Iterator[tuple[Module | None, str]]:
        if self.scope == "project":
            for path in globs.select(self.files, layout.project_files):
                if layout.module_of(path) is None:
                    yield None, path
            return
        for module in modules:
            for rel in globs.select([patterns_.expand(p, module.name) for p in self.files], module.files):
                yield module, rel

    def facts_of(self, ctx: CheckContext, module: Module | None, rel: str) -> FileFacts | None:
        """Facts of a selected file (None when it failed to parse: MOD-000 reports it)."""
        return ctx.file_facts(module.project_path(rel) if module else rel)


def describe(values: Iterable[str], conjunction: str = "or") -> str:
    """``a``, ``a or b``, ``a, b or c`` (or ``and``): for messages."""
    items = [f"'{v}'" for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
