"""The pipeline, and its one entry point :func:`check`: configuration + project tree -> Report.

layout (walk) -> facts (read, cached) -> checks (findings) -> results (suppressions, scope). No
printing and no exits: the CLI, the flake8 plugin, the rule-example runner and the tests all call
:func:`check` and render or judge the :class:`~modlint.results.report.Report` it returns.
"""

from __future__ import annotations

import functools
import json
import marshal
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from modlint import codec
from modlint.checks import CheckContext, Rule, patterns
from modlint.config.loading import ProjectConfig
from modlint.config.settings import Settings
from modlint.digests import hexdigest
from modlint.facts.cache import FactsCache, cache_key
from modlint.facts.deferred import DeferredFacts
from modlint.facts.model import Depth, FileFacts, Suppression
from modlint.facts.reading import ReadRequest, ReadStats, read_all, suppressions_in
from modlint.facts.summaries import ModuleSummaries, Served, imported_modules
from modlint.findings import Finding
from modlint.layout import (
    DEFINITION_FILE,
    Layout,
    LightListing,
    Module,
    completed,
    discover_layout,
    module_name_of,
)
from modlint.results.cache import ResultsCache, StoredRun
from modlint.results.report import Report
from modlint.results.scope import Scope
from modlint.results.suppressions import without_inline, without_module_ignores
from modlint.values import Value, replace


class RunOptions(Value):
    """How to run (not what to check): worker processes and the cache folder (None: no cache)."""

    jobs: int = 1
    cache_dir: Path | None = None


WHOLE_PROJECT = Scope()
DEFAULT_RUN = RunOptions()


def check(
    config: ProjectConfig,
    rules: Sequence[Rule] | None = None,
    scope: Scope = WHOLE_PROJECT,
    options: RunOptions = DEFAULT_RUN,
) -> Report:
    """Check the project with ``rules`` (default: the active rules of its configuration).

    ``scope`` says which findings to keep. A rule such as MOD-000 that ``reads_all_files`` looks at
    every file the whole enabled rule set reads, even when only it was selected.
    """
    active = tuple(config.active_rules() if rules is None else rules)
    return _Run(config, active, scope, options).report()


class Survey(Value):
    """A whole-project check's report together with what its checks looked at: the module map's input."""

    report: Report
    context: CheckContext


def survey(config: ProjectConfig, rules: Sequence[Rule] | None = None, options: RunOptions = DEFAULT_RUN) -> Survey:
    """Check the whole project like :func:`check` (the facts cache used, suppressions applied) and keep
    the layout and facts: ``modlint status``, ``graph`` and ``docs`` show exactly what the checks saw."""
    active = tuple(config.active_rules() if rules is None else rules)
    return _Run(config, active, WHOLE_PROJECT, options).survey()


def analyse(config: ProjectConfig, rules: Sequence[Rule] | None = None) -> CheckContext:
    """What the checks of ``rules`` (default: the active rules) look at, without running them or
    touching any cache: for tools built on the same facts (the module graph, the runtime parity tests)."""
    active = tuple(config.active_rules() if rules is None else rules)
    layout = discover(config.root, config.settings, active)
    requests = read_requests(layout, active, config.settings.definition.file)
    settings = config.settings
    facts, _ = read_all(
        config.root, requests, settings.source_roots, definition=settings.definition, limit=settings.max_file_bytes
    )
    return CheckContext(layout, DeferredFacts(facts), config.settings.definition)


def discover(
    root: Path, settings: Settings, rules: Sequence[Rule], scope: Scope = WHOLE_PROJECT, *, with_stats: bool = False
) -> Layout:
    """List the modules root and every project folder a project-scoped rule looks at (within scope).

    Modules and project files out of scope are skipped unless a rule needs the other modules
    (``other_modules``: the migration graph also reads the project folders' revisions, and only such
    a rule's project folders are listed out of scope); then
    :meth:`Layout.restricted` gives the other rules their narrowed view, and the modules out of
    scope are listed in part when those rules allow it (:func:`light_listing`)."""
    folders: set[str] = set()
    for rule in rules:  # a rule that reads other modules reads its folders whole; the others, in scope
        folders |= {f for f in rule.folders_outside_modules() if rule.other_modules == "read" or scope.wants_folder(f)}
    narrowed = not scope.whole_project and all(rule.other_modules == "none" for rule in rules)
    light = None if scope.whole_project or narrowed else light_listing(rules, settings.definition.file)
    return discover_layout(
        root,
        settings.modules_root,
        exclude=settings.all_excludes,
        extra_folders=folders,
        wants_module=scope.wants_module if narrowed or light is not None else None,
        wants_file=scope.wants_file if narrowed else None,
        with_stats=with_stats,
        source_roots=settings.source_roots,
        light_listing=light,
    )


def light_listing(rules: Sequence[Rule], definition_file: str) -> Callable[[str], LightListing] | None:
    """What a narrowed run lists of a module its scope does not reach through imports, by module
    name: its definition and the files directly in the folders the rules that look at other modules
    need (:meth:`Rule.light_folders`: the revision folders), all of which it reads; None when one
    of them needs such a module whole."""
    wanted: set[str] = set()
    for rule in rules:
        if rule.other_modules != "none":
            folders = rule.light_folders()
            if folders is None:
                return None
            wanted.update(folders)
    definition = definition_file.strip("/")
    home = definition.rpartition("/")[0]

    @functools.cache  # asked by discovery and again by the summaries, per module
    def listing(module: str) -> LightListing:
        folders = frozenset({*(patterns.expand(f, module).strip("/") for f in wanted), home} - {""})
        return LightListing(folders, definition)

    if not any("{" in folder for folder in wanted):  # one listing for every module
        shared = listing("")
        return lambda module: shared
    return listing


def in_reach(rules: Sequence[Rule], scope: Scope, root: Path, modules_root: str) -> tuple[Rule, ...]:
    """The rules a run on ``scope`` need run: in a run on files alone (``modlint <file>...``), those
    that could place a finding in one of them (:meth:`Rule.could_report_at`); the others' findings
    would all be dropped by the scope, and what they read (every module's revision files, for the
    migration graph) would be listed and read for nothing. Every rule in any other run."""
    if scope.changed is not None or not scope.paths or not all((root / path).is_file() for path in scope.paths):
        return tuple(rules)
    return tuple(rule for rule in rules if any(rule.could_report_at(path, modules_root) for path in scope.paths))


def read_requests(
    layout: Layout,
    rules: Sequence[Rule],
    definition_file: str = DEFINITION_FILE,
    scoped: Layout | None = None,
    active: Sequence[Rule] = (),
) -> list[ReadRequest]:
    """Every file some rule needs, as deep as the most demanding rule needs it, sorted by path.

    Each listed module's definition file is always parsed: rule conditions read its facts. In a
    narrowed run ``scoped`` is what is in scope: an ``active`` rule that reads every module reads in
    ``layout``; every other rule (also one only MOD-000 looks through) reads in ``scoped``.
    """
    depth = {m.project_path(definition_file): Depth.TREE for m in layout.modules if m.has(definition_file)}
    wide = {id(rule) for rule in active if rule.other_modules == "read"}
    for rule in rules:
        seen = layout if scoped is None or id(rule) in wide else scoped
        for path in rule.text_files(seen):
            depth.setdefault(path, Depth.TEXT)
        wanted = rule.read_depth
        for path in rule.wanted_files(seen):
            known = depth.get(path)
            if known is not wanted:  # combining flags is slow: only when it changes something
                depth[path] = wanted if known is None else known | wanted
    return [ReadRequest(path, depth[path]) for path in sorted(depth)]


class _Clock:
    """Wall-clock time per phase, for ``--show-timings``."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases.append((phase, now - self._last))
        self._last = now


class _Run:
    """One run of the pipeline; each method is one stage."""

    def __init__(self, config: ProjectConfig, rules: tuple[Rule, ...], scope: Scope, options: RunOptions) -> None:
        self.root = config.root
        self.settings = config.settings
        self.rules = rules
        self.scope = scope
        self.options = options
        #: The rules that run: those whose findings the scope can hold (all but in a run on files).
        self.running = in_reach(rules, scope, config.root, config.settings.modules_root)
        enabled = in_reach(config.ruleset.enabled, scope, config.root, config.settings.modules_root)
        readers = [*self.running, *enabled] if any(r.reads_all_files for r in rules) else list(self.running)
        self.readers = list({id(rule): rule for rule in readers}.values())  # each rule once
        self.cache_dir = None
        if options.cache_dir is not None:
            self.cache_dir = options.cache_dir if options.cache_dir.is_absolute() else self.root / options.cache_dir
        self.rules_hash = config.ruleset.digest if self.cache_dir is not None else ""
        self.clock = _Clock()

    def report(self) -> Report:
        layout = discover(self.root, self.settings, self.readers, self.scope, with_stats=self.cache_dir is not None)
        self.clock.lap("discovery")
        # a partial listing says nothing of the files it leaves out: only the reading below tells
        # which modules the scope reaches, and they are then listed whole
        partial = any(module.partial for module in layout.modules)
        results_cache, fingerprint = (None, "") if partial else self._results_cache(layout)
        stored = results_cache.lookup(fingerprint) if results_cache else None
        if stored is not None:
            self.clock.lap("reused")
            return self._report(layout, stored, ReadStats(reused=True))
        run, stats, _ = self._computed(layout)
        if results_cache is not None:
            results_cache.store(fingerprint, run)
        return self._report(layout, run, stats)

    def survey(self) -> Survey:
        """The whole project's report and what its checks looked at (never from the results cache)."""
        layout = discover(self.root, self.settings, self.readers, self.scope)
        run, stats, ctx = self._computed(layout)
        return Survey(self._report(layout, run, stats), ctx)

    def _computed(self, layout: Layout) -> tuple[StoredRun, ReadStats, CheckContext]:
        """Read, check and filter: the run's findings, its read counts and the checks' context."""
        scoped = self._scoped(layout)
        facts, stats, parsed_empty, layout = self._read(layout, scoped)
        self.clock.lap("reading")
        spec = self.settings.definition
        if scoped is layout:
            ctx = wide = CheckContext(layout, facts, spec)
        else:  # a rule that reads no other module sees only the scope's files: its others' findings are dropped
            ctx = CheckContext(scoped, _facts_in(scoped, facts), spec)
            wide = CheckContext(layout, facts, spec, frozenset(m.name for m in scoped.modules))
        findings = [f for rule in self.running for f in rule.run(ctx if rule.other_modules == "none" else wide)]
        # every active rule's suppressions are judged: one that cannot report in scope has none used there
        findings += [finding for rule in self.running for finding in rule.review(ctx, findings, self.rules)]
        self.clock.lap("checks")
        findings = self._suppressed_and_scoped(findings, facts)
        self.clock.lap("suppressions")
        run = StoredRun(
            findings=tuple(sorted(set(findings), key=lambda f: f.sort_key)),
            files=parsed_empty + facts.parsed(),
            modules=len(layout.modules),
            notes=tuple(f"{p.path}: {p.message}" for p in layout.problems)
            + self._skipped(facts)
            + self._misspelt_facts(wide),
        )
        return run, stats, wide

    def _misspelt_facts(self, ctx: CheckContext) -> tuple[str, ...]:
        """A ``when``/``unless`` fact that no module's definition writes, but one close to it does
        (``is_cor`` beside ``is_core``), makes a rule apply to no module, or to every one, without a
        word: say so. Only in a whole-project run, which has read every definition; a fact no
        definition writes and none resembles (a rule waiting for its first module) is no mistake."""
        if not self.scope.whole_project:
            return ()
        written = {name for m in ctx.layout.modules if (d := ctx.definition(m)) is not None for name, _ in d.keywords}
        notes = []
        for rule in self.rules:
            for field, condition in (("when", rule.when), ("unless", rule.unless)):
                for name in sorted(condition.facts) if condition is not None else ():
                    if name not in written and (close := _close_to(name, written)):
                        notes.append(
                            f"{rule.id}: {field}.facts names '{name}', which no module definition sets "
                            f"(did you mean '{close}'?)"
                        )
        return tuple(notes)

    def _skipped(self, facts: Mapping[str, FileFacts]) -> tuple[str, ...]:
        """When no active rule reports unreadable files (MOD-000 deselected), say that some were skipped."""
        if any(rule.reports_unreadable_files for rule in self.rules):
            return ()
        broken = sorted(path for path, found in facts.items() if found.problem is not None)
        if not broken:
            return ()
        count = "1 file" if len(broken) == 1 else f"{len(broken)} files"
        first = facts[broken[0]].problem
        assert first is not None
        return (
            f"{count} could not be read or parsed and {'was' if len(broken) == 1 else 'were'} not checked "
            "(select MOD-000 to see them), "
            f"the first: {broken[0]}: {first.message}",
        )

    def _report(self, layout: Layout, run: StoredRun, stats: ReadStats) -> Report:
        return Report(
            self.root,
            self.rules,
            run.findings,
            run.files,
            run.modules,
            run.notes,
            layout.modules_root,
            timings=tuple(self.clock.phases),
            read_stats=stats,
        )

    def _scoped(self, layout: Layout) -> Layout:
        """What the rules that need no other module see: the layout, narrowed to the scope when
        discovery listed every module for the ones that do."""
        if self.scope.whole_project or all(rule.other_modules == "none" for rule in self.readers):
            return layout
        return layout.restricted(self.scope.wants_module, self.scope.wants_file)

    def _read(self, layout: Layout, scoped: Layout) -> tuple[DeferredFacts, ReadStats, int, Layout]:
        """Facts of every requested file, through the facts cache when there is one (and, in a
        narrowed run, the summaries of the modules out of its scope, which stand in for their requests),
        how many parsed files the summaries served without facts (:class:`Served`), and the layout.

        With modules listed in part (:func:`light_listing`), the modules in scope are read first;
        every partial module they reach through imports, directly or not, is then listed whole
        before the others are read (the imports of a partial module are taken from its summary
        meanwhile), and any partial module the imports actually read reach is listed whole and read
        in a next round: a cycle through the scope passes only through what it reaches."""
        narrowed = None if scoped is layout else scoped
        cache = self._facts_cache()
        summaries = None
        if cache is not None and narrowed is not None:
            summaries = _Summaries(cache, scoped, self._selection(), self._light)
        if any(module.partial for module in layout.modules):
            facts, stats, layout = self._read_reached(layout, scoped, cache, summaries)
        else:
            facts, stats = self._read_batch(layout, narrowed, cache, summaries)
        if cache is not None:
            if self.scope.whole_project:
                cache.prune(set(facts))
            cache.save()  # first: it makes the cache folder, which the summaries are written into
        parsed_empty = 0
        if summaries is not None:
            summaries.save(layout)
            empty = {path for paths in summaries.empty.values() for path in paths}
            parsed_empty = sum(1 for path in empty if path not in facts)  # one also read counts once
        return facts, stats, parsed_empty, layout

    def _read_reached(
        self, layout: Layout, scoped: Layout, cache: FactsCache | None, summaries: _Summaries | None
    ) -> tuple[DeferredFacts, ReadStats, Layout]:
        """Read a layout with partial modules: the modules in scope first; then, with every partial
        module they reach listed whole (a partial module's imports taken from its summary), all the
        others; then, round after round, the partial modules the imports read reach, listed whole."""
        in_scope = {m.name for m in scoped.modules}
        facts, stats = self._read_batch(_only(layout, in_scope), scoped, cache, summaries)
        hints = summaries.store.targets if summaries is not None else _no_targets
        asked = replace(scoped, modules=(), project_files=frozenset())  # the scope was asked
        rest = {m.name for m in layout.modules} - in_scope
        while True:
            grown = _reached_partial(layout, in_scope, facts, hints)
            if grown:
                layout = completed(layout, grown, self.settings.all_excludes, with_stats=self.cache_dir is not None)
            batch = _only(layout, rest | grown)
            if not batch.modules:
                return facts, stats, layout
            found, read = self._read_batch(replace(batch, project_files=frozenset()), asked, cache, summaries)
            facts.merge(found)
            stats = stats.plus(read)
            rest, hints = set(), _no_targets  # from now on, only the imports read count

    def _read_batch(
        self, batch: Layout, narrowed: Layout | None, cache: FactsCache | None, summaries: _Summaries | None
    ) -> tuple[DeferredFacts, ReadStats]:
        """Read the modules of ``batch`` (and ``narrowed``'s files): their facts and the read counts."""
        served = summaries.serve(batch) if summaries is not None else Served({}, ())
        asked = summaries.unserved(batch) if summaries is not None else batch
        requests = read_requests(asked, self.readers, self.settings.definition.file, narrowed, self.running)
        facts, stats = read_all(
            self.root,
            requests,
            self.settings.source_roots,
            cache=cache,
            jobs=self.options.jobs,
            signatures=batch.signatures,
            definition=self.settings.definition,
            limit=self.settings.max_file_bytes,
        )
        if summaries is not None:
            summaries.record(batch, requests, facts)
        if served.encoded or served.empty:
            stats = replace(stats, cached=stats.cached + len(served.encoded) + len(served.empty))
        return DeferredFacts(facts, served.encoded), stats

    @functools.cached_property
    def _light(self) -> Callable[[str], LightListing]:
        """A module's partial listing, by name, made once a run; asked only of partial modules,
        which a layout holds only when :func:`light_listing` gives one (else: an empty listing)."""
        listing = light_listing(self.readers, self.settings.definition.file)
        if listing is None:
            nothing = LightListing(frozenset(), "")
            return lambda module: nothing
        return listing

    def _selection(self) -> str:
        """The rules that decide what a narrowed run asks of a module out of its scope: those that
        read files (the requests), and which of the run's own rules read every module."""
        readers = sorted(rule.id for rule in self.readers)
        wide = sorted(rule.id for rule in self.running if rule.other_modules == "read")
        return repr((readers, wide))

    def _facts_cache(self) -> FactsCache | None:
        if self.cache_dir is None:
            return None
        key = cache_key(
            self.rules_hash,
            tuple(self.settings.source_roots),
            repr(self.settings.definition),
            str(self.settings.max_file_kb),
        )
        modules_root = self.settings.modules_root
        return FactsCache(self.cache_dir, key, lambda path: module_name_of(path, modules_root) or "")

    def _results_cache(self, layout: Layout) -> tuple[ResultsCache | None, str]:
        """The results cache of this configuration, and the fingerprint of everything this run depends
        on; none when a listed file could not be stat-ed (a dangling link): nothing would show that
        it changed (its target appearing, the link turned into a loop), so its findings are redone."""
        if self.cache_dir is None or None in layout.signatures.values():
            return None, ""
        config = "\n".join(
            [self.rules_hash, *sorted(r.id for r in self.rules), json.dumps(codec.encode(self.settings))]
        )
        key = cache_key(hexdigest(config.encode()), tuple(self.settings.source_roots))
        # each module by its digest (which the module summaries use as well), the project files by
        # name and stat: every name and stat the run looks at
        project = tuple((path, layout.signatures.get(path)) for path in sorted(layout.project_files))
        problems = tuple((p.path, p.message) for p in layout.problems)
        listing = (repr(self.scope), tuple(layout.module_digests.items()), project, problems)
        return ResultsCache(self.cache_dir, key), hexdigest(marshal.dumps(listing))

    def _suppressed_and_scoped(self, findings: list[Finding], facts: Mapping[str, FileFacts]) -> list[Finding]:
        """The scope first (fewer files to look at), then per-module ignores and suppression comments."""
        findings = [f for f in findings if self.scope.keeps(f, self.settings.modules_root)]
        findings = without_module_ignores(findings, self.settings.per_module_ignores)
        unread: dict[str, tuple[Suppression, ...]] = {}

        def suppressions_of(path: str) -> tuple[Suppression, ...]:
            known = facts.get(path)
            if known is not None:
                return known.suppressions
            if path not in unread:
                unread[path] = suppressions_in(self.root / path)
            return unread[path]

        return without_inline(findings, suppressions_of)


def _close_to(name: str, known: set[str]) -> str | None:
    """The name in ``known`` that ``name`` is most likely a misspelling of, if any."""
    if not known:
        return None
    import difflib  # only when a condition names a fact no definition sets

    found = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.8)
    return found[0] if found else None


def _facts_in(layout: Layout, facts: Mapping[str, FileFacts]) -> DeferredFacts:
    """The facts of ``layout``'s files (its modules' and project files)."""
    paths = [m.project_path(rel) for m in layout.modules for rel in m.files]
    paths.extend(layout.project_files)
    return DeferredFacts({path: facts[path] for path in paths if path in facts})


def _only(layout: Layout, names: set[str]) -> Layout:
    """``layout`` with only the modules ``names``."""
    return replace(layout, modules=tuple(m for m in layout.modules if m.name in names))


def _no_targets(module: str) -> tuple[str, ...]:
    return ()


def _reached_partial(
    layout: Layout, in_scope: set[str], facts: Mapping[str, FileFacts], hints: Callable[[str], Iterable[str]]
) -> set[str]:
    """The partially listed modules the modules ``in_scope`` import, directly or not: through the
    imports read of the modules listed whole, and ``hints`` (the modules a partial one imported when
    last read whole; every name an import statement names counts: more than a rule would follow)."""
    reached = set(in_scope)
    todo = list(reached)
    while todo:
        module = layout.module(todo.pop())
        if module is None:
            continue
        if module.partial:
            targets: Iterable[str] = hints(module.name)
        else:
            read = (facts.get(module.project_path(rel)) for rel in module.python_files())
            targets = imported_modules((f for f in read if f is not None), layout.modules_package, module.name)
        for name in targets:
            if name not in reached and layout.module(name) is not None:
                reached.add(name)
                todo.append(name)
    return {name for name in reached if layout.by_name[name].partial}


class _Summaries:
    """A narrowed run's use of :class:`~modlint.facts.summaries.ModuleSummaries`: each module out of
    its scope is served from its summary when that is current (and then asked nothing), and
    summarised from what was read of it otherwise. A partially listed module is served and
    summarised by its partial listing's digest."""

    def __init__(self, cache: FactsCache, scoped: Layout, selection: str, light: Callable[[str], LightListing]) -> None:
        self.store = ModuleSummaries(cache.folder, scoped.modules_package, selection)
        self.in_scope = {m.name for m in scoped.modules}
        self.light = light
        self.served: set[str] = set()
        #: Per module, the parsed files its summary served without facts (a module served in part,
        #: then whole, counts once).
        self.empty: dict[str, tuple[str, ...]] = {}

    def _out_of_scope(self, batch: Layout) -> Iterator[Module]:
        return (module for module in batch.modules if module.name not in self.in_scope)

    def serve(self, batch: Layout) -> Served:
        """What the summaries give of every module of ``batch`` out of scope whose summary is current."""
        found: dict[str, tuple[bytes, bool]] = {}
        empty: list[str] = []
        self.served = set()
        for module in self._out_of_scope(batch):
            key = batch.module_digests[module.name]
            served = self.store.served(module.name, key, self.read_of(module))
            self.empty.pop(module.name, None)
            if served is not None:
                found.update(served.encoded)
                empty.extend(served.empty)
                self.empty[module.name] = served.empty
                self.served.add(module.name)
        return Served(found, tuple(empty))

    def read_of(self, module: Module) -> frozenset[str] | None:
        """The project paths of a partial module's files, every one of which its listing reads
        (None: the module is listed whole): only their facts are asked for and served."""
        if not module.partial:
            return None
        return frozenset(module.project_path(rel) for rel in module.files)

    def unserved(self, batch: Layout) -> Layout:
        """``batch`` without the modules served: what is left to work out requests for."""
        if not self.served:
            return batch
        return replace(batch, modules=tuple(m for m in batch.modules if m.name not in self.served))

    def record(self, batch: Layout, requests: Sequence[ReadRequest], facts: Mapping[str, FileFacts]) -> None:
        """Summarise the modules of ``batch`` out of scope that were read."""
        modules = {m.name: m for m in self._out_of_scope(batch) if m.name not in self.served}
        by_module: dict[str, list[ReadRequest]] = {name: [] for name in modules}
        for request in requests:
            name = module_name_of(request.path, batch.modules_root)
            if name in by_module:
                by_module[name].append(request)
        for name, asked in by_module.items():
            module = modules[name]
            whole = "" if module.partial else batch.module_digests[name]
            keys = (whole, batch.light_digest(module, self.light(name)))
            read = (facts[r.path] for r in asked if r.path in facts)
            self.store.record(name, keys, asked, facts, tuple(imported_modules(read, batch.modules_package, name)))

    def save(self, layout: Layout) -> None:
        """Forget the modules that are gone, and write the summaries."""
        self.store.forget_all_but({m.name for m in layout.modules})
        self.store.save()
