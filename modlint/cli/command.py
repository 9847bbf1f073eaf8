"""What one ``modlint`` invocation does, after the arguments are parsed: load, check, fix, baseline, report.

Imported lazily by :mod:`modlint.cli`, so ``modlint --version`` and ``--help`` pay for none of it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.checks import Rule
from modlint.cli.arguments import Arguments
from modlint.cli.echo import echo
from modlint.config import selection, snapshot
from modlint.config.loading import ProjectConfig, configure
from modlint.config.settings import Settings, baseline_path, load_settings, rule_file_paths
from modlint.errors import OutputError, UsageError, one_line
from modlint.exit_codes import EXIT_FINDINGS, EXIT_OK
from modlint.facts.cache import DEFAULT_DIR, foreign_folder
from modlint.files import atomic_write, to_bytes
from modlint.findings import Severity, code_of
from modlint.layout import module_name_of
from modlint.pipeline import RunOptions, check
from modlint.project import checked_by_modlint, find_project_root, hook_targets, project_root, unlinked
from modlint.reporters import reporter
from modlint.reporters.text import summary
from modlint.results.report import Report
from modlint.results.scope import Scope
from modlint.values import replace

if TYPE_CHECKING:  # a check without --fix or a baseline imports neither
    from modlint.results import baseline, fixes


def run(opts: Arguments) -> int:
    """Run one invocation; returns the exit code, raises ConfigError/UsageError for exit 2."""
    if opts.test_rules:
        return _test_rules(opts)
    _require_text_or_json(opts)
    targets = _targets(opts)
    root = project_root(targets, opts.pre_commit)  # as __main__ finds it, to ask git early
    if opts.pre_commit and opts.config_file is None and not checked_by_modlint(root):
        echo(f"modlint: warning: {NO_PROJECT}", err=True)
        return EXIT_OK
    snapshot_dir = _snapshot_dir(opts, root)
    require_own_cache(snapshot_dir, root)
    config = snapshot.load(root, opts.config_file, snapshot_dir)
    if opts.explain is not None:
        write_out(_explain(config, opts.explain), nl=False)
        return EXIT_OK
    rules = _active(config, _selectors("--select", opts.select), _selectors("--ignore", opts.ignore))
    if opts.list_rules:
        for rule in rules:
            write_out(f"{rule.id}  {rule.severity.value:<7}  {rule.name}")
        return EXIT_OK
    _require_modules_root(config)
    if opts.migrations:
        write_out(_migrations(config, opts.output_format), nl=False)
        return EXIT_OK
    return _check(opts, config, rules, _scope(opts, targets, root), snapshot_dir)


def _check(
    opts: Arguments, config: ProjectConfig, rules: Sequence[Rule], scope: Scope, snapshot_dir: Path | None
) -> int:
    """The check run itself: findings (and fixes), then the baseline, the report and the exit code."""
    root = config.root
    run_options = RunOptions(jobs=_jobs(opts.jobs), cache_dir=_cache_dir(opts, config.settings))
    cache_dir = run_options.cache_dir and root / run_options.cache_dir
    if cache_dir != snapshot_dir:  # usually the same folder, checked above
        require_own_cache(cache_dir, root)
    report, created = _check_and_fix(opts, config, rules, scope, run_options)
    if opts.write_baseline is not None:
        return _write_baseline(opts.write_baseline, report)
    baseline_file = None if opts.no_baseline else opts.baseline or baseline_path(config.loaded, root)
    if baseline_file is not None:
        report = _apply_baseline(report, baseline_file, config, rules, scope, opts.update_baseline)
    elif opts.update_baseline:
        raise UsageError("--update-baseline needs a baseline (--baseline FILE or [tool.modlint] baseline)")
    _report(opts, report)
    threshold = Severity(opts.fail_on) if opts.fail_on else config.settings.fail_on
    fixed_fails = opts.exit_non_zero_on_fix and created and not opts.dry_run
    return EXIT_FINDINGS if report.fails(threshold) or fixed_fails else EXIT_OK


def _require_text_or_json(opts: Arguments) -> None:
    """``--statistics`` and ``--migrations`` print text or JSON (statistics printed text, silently,
    for SARIF and GitHub)."""
    for flag, given in (("--statistics", opts.statistics), ("--migrations", opts.migrations)):
        if given and opts.output_format not in ("text", "json"):
            raise UsageError(f"{flag} prints text or json, not {opts.output_format}")


def _test_rules(opts: Arguments) -> int:
    """Run the examples of the rules defined in the rule files given (all rules when none is)."""
    from modlint.config.loading import shipped_rules
    from modlint.rule_examples import plan_examples, run_rule_examples

    config, rules = _rules_to_test(opts)
    for rule in rules:
        if rule.examples.empty:
            echo(f"modlint: warning: {rule.id} has no examples to test", err=True)
    plan = plan_examples(config.ruleset, rules, shipped_rules(config.settings))
    for rule in plan.overridden:
        echo(
            f"modlint: warning: {rule.id}: its shipped examples were written for the shipped parameters, "
            "which a rule file overrides; they are not run (give the rule examples of its own)",
            err=True,
        )
    outcomes = run_rule_examples(plan)
    for outcome in outcomes:
        if not outcome.passed or not opts.quiet:
            write_out(outcome.describe())
    failed = sum(1 for o in outcomes if not o.passed)
    noun = "rule" if len(rules) == 1 else "rules"
    echo(
        f"Tested {len(outcomes)} examples of {len(rules)} {noun}: {len(outcomes) - failed} passed, {failed} failed.",
        err=True,
    )
    return EXIT_FINDINGS if failed else EXIT_OK


def _rules_to_test(opts: Arguments) -> tuple[ProjectConfig, list[Rule]]:
    """The configuration with the rule files given added to it, and the rules they define (every rule
    when none is given), narrowed by --select/--ignore."""
    from modlint.config.rulefiles import load_rule_file  # lazy: YAML, only to test rules

    files = _existing(opts.paths)
    root = find_project_root(files[0] if files else Path(".").resolve())
    loaded = load_settings(root, opts.config_file)
    known = {path for path, _ in rule_file_paths(loaded, root)}
    extra = [(path, str(path)) for path in files if path not in known]
    config = configure(root, loaded, extra)
    wanted = {raw.rule_id for path in files for raw in load_rule_file(path, str(path))} if files else None
    rules = [r for r in config.ruleset.rules if wanted is None or r.id in wanted]
    select, ignore = selection.split_selectors(opts.select), selection.split_selectors(opts.ignore)
    rules = [r for r in rules if selection.is_active(r.id, select, ignore)]
    if not rules:
        raise UsageError("no rule to test (the rule files define none, or --select/--ignore leave none)")
    return config, rules


def _migrations(config: ProjectConfig, output_format: str) -> str:
    """The chains view, read as the enabled ``migration_graph`` rule that counts heads (MOD-023) reads
    the project: its folders and ``one_head_per``."""
    from modlint.checks.migration_graph import MigrationGraph, summaries
    from modlint.pipeline import analyse
    from modlint.reporters import migrations

    graphs = [r for r in config.ruleset.enabled if isinstance(r, MigrationGraph)]
    rule = next((r for r in graphs if r.problem == "heads"), graphs[0] if graphs else None)
    if rule is None:
        raise UsageError("--migrations needs an enabled migration_graph rule (the shipped MOD-020..025 are)")
    chains = rule.chains(analyse(config, [rule]))
    if chains.unreadable:
        count = len(chains.unreadable)
        echo(
            f"modlint: warning: {count} revision file{'' if count == 1 else 's'} could not be read and "
            f"{'is' if count == 1 else 'are'} not shown (MOD-000 says why), the first: {chains.unreadable[0][0]}",
            err=True,
        )
    heads = [str(head.id) for head in chains.heads()]
    render = migrations.render_json if output_format == "json" else migrations.render_text
    return render(summaries(chains), heads)


def _require_modules_root(config: ProjectConfig) -> None:
    problem = config.missing_modules_root()
    if problem is not None:
        raise UsageError(problem)


def _targets(opts: Arguments) -> list[Path]:
    """The resolved path arguments (with --pre-commit: :func:`hook_targets`)."""
    if opts.pre_commit:
        return hook_targets(opts.paths)
    return _existing(opts.paths or (Path("."),))


#: A pre-commit run in a monorepo whose commit touches no file of the project modlint checks.
NO_PROJECT = (
    "no file passed is in a project modlint checks ([tool.modlint] or app/modules): nothing to check "
    "(in a monorepo, name the project in the hook's args, e.g. args: [backend])"
)


def _jobs(asked: int | None) -> int:
    """Parser processes: the CPU count, or fewer when asked; more than the CPUs only costs memory."""
    cpus = _cpu_count()
    if asked is not None and asked > cpus:
        echo(f"modlint: warning: --jobs {asked} is more than the {cpus} CPUs; using {cpus}", err=True)
    return min(asked or cpus, cpus)


def _cpu_count() -> int:
    counter = getattr(os, "process_cpu_count", None) or os.cpu_count
    return counter() or 1


def require_own_cache(directory: Path | None, root: Path) -> None:
    problem = foreign_folder(directory, root) if directory is not None else None
    if problem is not None:
        raise UsageError(problem)


def _snapshot_dir(opts: Arguments, root: Path) -> Path | None:
    if opts.no_cache:
        return None
    return opts.cache_dir.resolve() if opts.cache_dir is not None else snapshot.directory(root, opts.config_file)


def _cache_dir(opts: Arguments, settings: Settings) -> Path | None:
    if opts.no_cache:
        return None
    if opts.cache_dir is not None:
        return opts.cache_dir.resolve()  # on the command line: relative to the current directory
    return Path(settings.cache_dir or DEFAULT_DIR)  # in the configuration: relative to the project root


def _check_and_fix(
    opts: Arguments, config: ProjectConfig, rules: Sequence[Rule], scope: Scope, run_options: RunOptions
) -> tuple[Report, bool]:
    """Run the checks; with --fix, apply the fixes and check again. Also: whether files were created."""
    report = check(config, rules, scope, run_options)
    if not (opts.fix or opts.dry_run):
        return report, False
    from modlint.results import fixes  # only with --fix

    outcome = fixes.apply(config.root, report.findings, dry_run=opts.dry_run)
    _echo_fixes(outcome, opts.dry_run)
    if outcome.created and not opts.dry_run:
        report = check(config, rules, scope, run_options)
    return report, bool(outcome.created)


def _report(opts: Arguments, report: Report) -> None:
    """Render the report (or its statistics), then notes and the summary on stderr."""
    if opts.statistics:
        from modlint.reporters import statistics  # only for --statistics

        rendered = statistics.render(report, as_json=opts.output_format == "json")
    else:
        rendered = reporter(opts.output_format)(report, _current_directory(report.root))
    _emit(rendered, opts.output)
    for note in report.notes:
        echo(f"modlint: warning: {note}", err=True)
    if report.modules == 0 and opts.paths == () and not opts.pre_commit:
        echo(f"modlint: warning: modules root '{report.modules_root}' holds no module", err=True)
    if not opts.quiet:
        echo(summary(report), err=True)
    if opts.show_timings:
        echo(timings(report), err=True)


def _current_directory(root: Path) -> Path:
    """The directory paths are shown relative to; the project root when the current one is gone
    (removed while a shell stayed in it): the check ran on an absolute path, so only this is lost."""
    try:
        return Path.cwd()
    except OSError:
        return root


def timings(report: Report) -> str:
    """Where the time went, and how many files were parsed, taken from the cache, or only scanned."""
    stats = report.read_stats
    lines = [f"  {phase:<13}{seconds * 1000:8.1f} ms" for phase, seconds in report.timings]
    total = sum(seconds for _, seconds in report.timings)
    counts = (
        f"files: {stats.parsed} parsed, {stats.screened} screened, {stats.cached} from cache, "
        f"{stats.scanned} scanned for comments"
    )
    if stats.reused:
        counts = "files: none read (nothing changed since the last run: its findings were reused)"
    return "\n".join(["timings:", *lines, f"  {'total':<13}{total * 1000:8.1f} ms", f"  {counts}"])


def _scope(opts: Arguments, targets: list[Path], root: Path) -> Scope:
    """What the run reports on (a ``--write-baseline`` run is refused here, before the check, unless
    it reports on the whole project)."""
    if opts.write_baseline is not None and not opts.paths and not opts.pre_commit:
        scope = Scope()  # run from a subfolder: a baseline is of the whole project all the same
    else:
        scope = _hook_scope(opts.paths, root) if opts.pre_commit else Scope(paths=tuple(_narrowing(targets, root)))
    if opts.write_baseline is not None:
        _may_write_baseline(opts, scope)
    return scope


def _may_write_baseline(opts: Arguments, scope: Scope) -> None:
    """A baseline holds every finding of the project's active rules: a narrowed run, or one with
    rules left out, would silently drop the debt recorded for the files or rules it did not check."""
    if not scope.whole_project:
        raise UsageError("--write-baseline records the whole project: give no paths and no --pre-commit")
    if opts.select or opts.ignore:
        raise UsageError("--write-baseline records every active rule: give no --select or --ignore")


def _write_baseline(path: Path, report: Report) -> int:
    from modlint.results import baseline

    entries = baseline.entries_for(report.findings)
    try:
        baseline.write(path, entries)
    except OSError as exc:
        raise UsageError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    echo(f"Wrote {len(report.findings)} findings ({len(entries)} entries) to {path}", err=True)
    return EXIT_OK


def _apply_baseline(
    report: Report, path: Path, config: ProjectConfig, rules: Sequence[Rule], scope: Scope, update: bool
) -> Report:
    """Report only findings the baseline does not know; say which entries went stale; ratchet if asked.

    Entries of rules the rule set no longer has are stale too (a deleted or renamed rule would
    otherwise keep them forever); entries of rules merely not selected, or outside the paths given,
    are kept untouched."""
    from modlint.results import baseline  # only with a baseline

    recorded = baseline.load(path)
    merged = baseline.merged(recorded)
    known = {rule.id for rule in config.ruleset.rules}
    entries = [e for e in merged if e.rule in known]
    unknown = [e for e in merged if e.rule not in known]
    active = {rule.id for rule in rules}
    modules_root = report.modules_root
    covered = [
        e
        for e in entries
        if e.rule in active and scope.covers(e.path, module_name_of(e.path, modules_root), modules_root)
    ]
    # a finding also about other modules (a cycle) is in a pre-commit run's scope when any of them
    # is: its entry is judged against it, but cannot go stale in a run that does not cover its path
    reported = {f.identity for f in report.findings}
    borrowed = {e.key for e in entries if e.rule in active and e.key in reported and e not in covered}
    comparison = baseline.compare([*covered, *(e for e in entries if e.key in borrowed)], report.findings)
    comparison = replace(comparison, stale=tuple(e for e in comparison.stale if e.key not in borrowed))
    for entry in unknown:
        where = one_line(f"{entry.rule} {entry.path}")  # a hand-edited entry may hold a newline
        echo(f"modlint: baseline: stale entry {where}: no rule {one_line(entry.rule)} any more", err=True)
    for entry in comparison.stale:
        times = f" (x{entry.count})" if entry.count > 1 else ""
        stale = one_line(f"{entry.rule} {entry.path}: {entry.message}")
        echo(f"modlint: baseline: stale entry {stale}{times}", err=True)
    if update:
        _ratchet(path, recorded, baseline.ratchet(entries, comparison), len(merged) < len(recorded))
    elif comparison.stale or unknown:
        echo("modlint: baseline: run with --update-baseline to remove stale entries", err=True)
    return replace(report, findings=comparison.new, baselined=comparison.known, baseline_applied=True)


def _ratchet(
    path: Path, recorded: Sequence[baseline.BaselineEntry], kept: Sequence[baseline.BaselineEntry], repeated: bool
) -> None:
    """Write the lowered baseline (only when it changed) and say by how many findings (``repeated``:
    the file held duplicate entries, now merged)."""
    from modlint.results import baseline

    if baseline.dump(kept) == baseline.dump(recorded):
        echo(f"Baseline {path} is up to date", err=True)
        return
    baseline.write(path, kept)
    removed = baseline.total(recorded) - baseline.total(kept)
    noun = "finding" if removed == 1 else "findings"
    merged = " (duplicate entries merged)" if repeated else ""
    echo(f"Removed {removed} stale {noun} from {path}{merged}", err=True)


def _echo_fixes(outcome: fixes.FixOutcome, dry_run: bool) -> None:
    """What was (or would be) created, on stderr so JSON/SARIF on stdout stay clean."""
    verb = "Would create" if dry_run else "Created"
    for path in outcome.created:
        echo(f"{verb} {path}", err=True)
    for path, reason in outcome.refused:
        echo(f"modlint: warning: not creating {path}: {reason}", err=True)


def _hook_scope(paths: Sequence[Path], root: Path) -> Scope:
    """The changed files pre-commit passed, plus the deletions staged in git (never passed as files)."""
    from modlint.cli.git import staged_deletions  # the hook's mode alone asks git

    changed = set(staged_deletions(root))
    for path in paths:
        try:
            changed.add(unlinked(path).relative_to(root.resolve()).as_posix())
        except ValueError:
            continue  # another project's file in a monorepo: not ours to report
    return Scope(changed=tuple(sorted(changed)))


def _existing(paths: Sequence[Path]) -> list[Path]:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"path not found: {', '.join(missing)}")
    return [unlinked(p) for p in paths]


def _narrowing(targets: Sequence[Path], root: Path) -> list[str]:
    """Project-relative prefixes findings must lie under; empty when the whole project was asked for."""
    prefixes = []
    for target in targets:
        try:
            rel = target.relative_to(root.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{target} is outside the project at {root}") from None
        if rel in ("", "."):
            return []
        prefixes.append(rel)
    return prefixes


def _selectors(option: str, given: Sequence[str]) -> list[str]:
    """The rule selectors of an option; given but empty (``--select ""``) is an error, not "all"."""
    found = selection.split_selectors(given)
    if given and not found:
        raise UsageError(f"{option} needs a rule id, code or prefix (e.g. MOD-010, MOD01 or ALL), not ''")
    return found


def _active(config: ProjectConfig, select: list[str], ignore: list[str]) -> tuple[Rule, ...]:
    ids = [r.id for r in config.ruleset.rules]
    bad = selection.unknown(select + ignore, ids)
    if bad:
        raise UsageError(f"unknown rule id or prefix: {', '.join(bad)} (see `modlint --list-rules`)")
    enabled = [r.id for r in config.ruleset.enabled]
    for selector in selection.unknown(select, enabled):
        echo(f"modlint: warning: --select {selector}: only rules disabled by `enabled: false`", err=True)
    return config.active_rules(select, ignore)


def _explain(config: ProjectConfig, wanted: str) -> str:
    rule = next((r for r in config.ruleset.rules if r.code == code_of(wanted)), None)
    if rule is None:
        raise UsageError(f"unknown rule id {wanted!r} (see `modlint --list-rules`)")
    from modlint.reporters.explain import explain_text  # only for --explain

    return explain_text(rule)


def write_out(text: str, nl: bool = True) -> None:
    """Write to standard output; a failure to (other than a closed pipe) is an :class:`OutputError`."""
    try:
        echo(text, nl=nl)  # UTF-8 bytes: any locale, any name
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc)) from None


def _emit(rendered: str, output: Path | None) -> None:
    if output is None:
        write_out(rendered, nl=False)
        return
    if not output.name:  # `-o ""` is Path("."): no file to write
        raise UsageError("--output needs a file name")
    try:  # like --write-baseline: a missing folder is created, and the file is replaced atomically
        output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(output, to_bytes(rendered))
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
