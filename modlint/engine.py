"""The engine: layout + facts + active rules -> sorted, suppressed findings. No printing, no exits."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from modlint.cache import FactsCache, ResultsCache, StoredRun, cache_key
from modlint.checks import CheckContext, Rule
from modlint.facts import Depth, FileFacts
from modlint.findings import Finding, Severity
from modlint.layout import DEFINITION_FILE, Layout, discover_layout, module_name_of
from modlint.reading import ReadRequest, ReadStats, read_all
from modlint.settings import Settings
from modlint.suppressions import LineReader, without_inline, without_module_ignores


@dataclass(frozen=True)
class Scope:
    """Which findings a run reports; the default is the whole project.

    ``paths``: findings located under these project-relative prefixes. ``changed`` (pre-commit):
    every finding of the modules these files belong to, plus findings located in the files.
    """

    paths: tuple[str, ...] = ()
    changed: tuple[str, ...] | None = None

    @property
    def whole_project(self) -> bool:
        """Whether every finding is in scope."""
        return not self.paths and self.changed is None

    def wants_module(self, module_path: str) -> bool:
        """Whether a module must be analysed for this scope (a narrowed run skips the others)."""
        if self.changed is not None:
            return any(c.startswith(module_path + "/") for c in self.changed)
        return not self.paths or any(
            _under_any(module_path, [p]) or p.startswith(module_path + "/") for p in self.paths
        )

    def wants_file(self, path: str) -> bool:
        """Whether a project-level (legacy) file must be analysed for this scope."""
        if self.changed is not None:
            return path in self.changed
        return not self.paths or _under_any(path, self.paths)

    def keeps(self, finding: Finding, modules_root: str) -> bool:
        """Whether ``finding`` is in scope."""
        return self.covers(finding.path, finding.module, modules_root)

    def covers(self, path: str, module: str | None, modules_root: str) -> bool:
        """Whether a finding at ``path`` (of ``module``) would be in scope."""
        if self.paths and not _under_any(path, self.paths):
            return False
        if self.changed is None:
            return True
        modules = {module_name_of(p, modules_root) for p in self.changed}
        return path in self.changed or (module is not None and module in modules)


@dataclass(frozen=True)
class Report:
    """The outcome of one run: what reporters render and what the exit code is chosen from."""

    root: Path
    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]
    files: int
    modules: int
    notes: tuple[str, ...] = ()
    modules_root: str = "app/modules"
    #: Findings matched by the baseline (not reported, except in SARIF as ``unchanged``).
    baselined: tuple[Finding, ...] = ()
    #: Whether a baseline was applied (SARIF then states ``baselineState`` on every result).
    baseline_applied: bool = False
    timings: tuple[tuple[str, float], ...] = ()
    read_stats: ReadStats = field(default_factory=ReadStats)

    def count(self, severity: Severity) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity is severity)

    def fails(self, fail_on: Severity) -> bool:
        """Whether any finding is at least as severe as ``fail_on``."""
        return any(f.severity.rank >= fail_on.rank for f in self.findings)


def discover(
    root: Path, settings: Settings, rules: Sequence[Rule], scope: Scope = Scope(), *, with_stats: bool = False
) -> Layout:
    """List the modules root and every project folder a project-scoped rule looks at (within scope)."""
    folders: set[str] = set()
    for rule in rules:
        folders |= rule.project_folders()
    return discover_layout(
        root,
        settings.modules_root,
        exclude=settings.all_excludes,
        extra_folders=folders,
        wants_module=None if scope.whole_project else scope.wants_module,
        wants_file=None if scope.whole_project else scope.wants_file,
        with_stats=with_stats,
    )


def read_requests(layout: Layout, rules: Sequence[Rule]) -> list[ReadRequest]:
    """Every file some rule needs, as deep as the most demanding rule needs it, sorted by path.

    Each module's definition.py is always parsed: rule conditions read its facts.
    """
    depth = {m.project_path(DEFINITION_FILE): Depth.TREE for m in layout.modules if m.has(DEFINITION_FILE)}
    for rule in rules:
        for path in rule.text_files(layout):
            depth.setdefault(path, Depth.TEXT)
        for path in rule.wanted_files(layout):
            depth[path] = max(depth.get(path, Depth.TEXT), rule.read_depth)
    return [ReadRequest(path, depth[path]) for path in sorted(depth)]


@dataclass(frozen=True)
class RunOptions:
    """How to run: the whole enabled rule set (for MOD-000), worker processes, the cache folder."""

    enabled: tuple[Rule, ...] = ()
    jobs: int = 1
    cache_dir: Path | None = None


def ruleset_hash(rules: Sequence[Rule]) -> str:
    """Identity of a rule set, for the cache: any change to any rule changes it."""
    text = "\n".join(sorted(rule.model_dump_json() for rule in rules))
    return hashlib.sha256(text.encode()).hexdigest()


class _Clock:
    """Wall-clock time per phase, for ``--show-timings``."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases.append((phase, now - self._last))
        self._last = now


def run(
    root: Path,
    settings: Settings,
    rules: Sequence[Rule],
    scope: Scope = Scope(),
    options: RunOptions = RunOptions(),
) -> Report:
    """Check the project at ``root`` with the active ``rules``; ``scope`` says which findings to keep.

    A rule such as MOD-000 that ``reads_all_files`` looks at every file the whole enabled rule set
    (``options.enabled``) reads, even when only it was selected.
    """
    clock = _Clock()
    readers = [*rules, *options.enabled] if any(r.reads_all_files for r in rules) else list(rules)
    layout = discover(root, settings, readers, scope, with_stats=options.cache_dir is not None)
    clock.lap("discovery")
    cache = _cache_setup(root, options)
    results_cache, fingerprint = _results_cache(settings, rules, scope, layout, cache)
    stored = results_cache.lookup(fingerprint) if results_cache else None
    if stored is not None:
        clock.lap("reused")
        return _report(root, rules, layout, stored, clock, ReadStats(reused=True))
    requests = read_requests(layout, readers)
    facts, stats = _read(root, settings, scope, options, requests, layout, cache)
    clock.lap("reading")
    ctx = CheckContext(layout, facts)
    findings = [finding for rule in rules for finding in rule.run(ctx)]
    findings += [finding for rule in rules for finding in rule.review(ctx, findings, rules)]
    clock.lap("checks")
    findings = _suppressed_and_scoped(root, settings, scope, findings)
    clock.lap("suppressions")
    run_result = StoredRun(
        findings=tuple(sorted(set(findings), key=lambda f: f.sort_key)),
        files=sum(1 for f in facts.values() if f.parsed),
        modules=len(layout.modules),
        notes=tuple(f"{p.path}: {p.message}" for p in layout.problems),
    )
    if results_cache is not None:
        results_cache.store(fingerprint, run_result)
    return _report(root, rules, layout, run_result, clock, stats)


def _report(
    root: Path, rules: Sequence[Rule], layout: Layout, run: StoredRun, clock: _Clock, stats: ReadStats
) -> Report:
    return Report(
        root,
        tuple(rules),
        run.findings,
        run.files,
        run.modules,
        run.notes,
        layout.modules_root,
        timings=tuple(clock.phases),
        read_stats=stats,
    )


def _read(
    root: Path,
    settings: Settings,
    scope: Scope,
    options: RunOptions,
    requests: Sequence[ReadRequest],
    layout: Layout,
    setup: _CacheSetup | None,
) -> tuple[dict[str, FileFacts], ReadStats]:
    """Facts of every requested file, through the facts cache when there is one."""
    cache = _open_cache(settings, setup)
    facts, stats = read_all(
        root, requests, settings.source_roots, cache=cache, jobs=options.jobs, signatures=layout.signatures
    )
    if cache is not None:
        if scope.whole_project:
            cache.prune({r.path for r in requests})
        cache.save()
    return facts, stats


def _results_cache(
    settings: Settings, rules: Sequence[Rule], scope: Scope, layout: Layout, cache: _CacheSetup | None
) -> tuple[ResultsCache | None, str]:
    """The results cache of this configuration, and the fingerprint of everything this run depends on."""
    if cache is None:
        return None, ""
    config = "\n".join([cache.rules_hash, *sorted(r.id for r in rules), settings.model_dump_json()])
    key = cache_key(hashlib.sha256(config.encode()).hexdigest(), tuple(settings.source_roots))
    listing = repr((scope, _layout_listing(layout), sorted(layout.signatures.items())))
    return ResultsCache(cache.directory, key), hashlib.sha256(listing.encode()).hexdigest()


def _layout_listing(layout: Layout) -> tuple[object, ...]:
    """Every name the layout holds: adding or removing any file or folder changes it."""
    modules = tuple((m.path, m.files, tuple(sorted(m.dirs))) for m in layout.modules)
    return modules, tuple(sorted(layout.project_files)), layout.problems


@dataclass(frozen=True)
class _CacheSetup:
    """Where the caches live and the identity of the enabled rule set, computed once per run."""

    directory: Path
    rules_hash: str


def _cache_setup(root: Path, options: RunOptions) -> _CacheSetup | None:
    if options.cache_dir is None:
        return None
    directory = options.cache_dir if options.cache_dir.is_absolute() else root / options.cache_dir
    return _CacheSetup(directory, ruleset_hash(options.enabled))


def _open_cache(settings: Settings, cache: _CacheSetup | None) -> FactsCache | None:
    if cache is None:
        return None
    key = cache_key(cache.rules_hash, tuple(settings.source_roots))
    modules_root = settings.modules_root
    return FactsCache(cache.directory, key, lambda path: module_name_of(path, modules_root) or "")


def _suppressed_and_scoped(root: Path, settings: Settings, scope: Scope, findings: list[Finding]) -> list[Finding]:
    """Per-module ignores, suppression comments, the scope, and UTF-16 columns for SARIF."""
    findings = [f for f in findings if scope.keeps(f, settings.modules_root)]  # first: fewer files to read
    findings = without_module_ignores(findings, settings.per_module_ignores)
    lines = LineReader(root)
    findings = without_inline(findings, lines)
    return [_with_utf16_column(f, lines.line(f.path, f.line)) for f in findings]


def _with_utf16_column(finding: Finding, line: str) -> Finding:
    """Record the UTF-16 column when characters before the column lie outside the BMP."""
    before = line[: finding.column - 1]
    width = len(before.encode("utf-16-le")) // 2
    if width == len(before):
        return finding
    return replace(finding, utf16_column=width + 1)


def _under_any(path: str, prefixes: Sequence[str]) -> bool:
    return any(p in ("", ".") or path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
