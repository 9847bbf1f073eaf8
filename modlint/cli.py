"""The ``modlint`` command: parse options, load the project, run the engine, report, pick the exit code.

Exit codes: 0 no finding at or above ``--fail-on`` (default error), 1 some, 2 usage or configuration error.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from modlint import __version__, engine, fixes, selection
from modlint.checks import Rule
from modlint.errors import ConfigError, UsageError
from modlint.findings import Severity, code_of
from modlint.project import Project, load_project
from modlint.reporters import REPORTERS
from modlint.reporters.text import summary
from modlint.settings import find_project_root, load_settings

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option("--select", multiple=True, help="Only these rules (ids, codes or prefixes; comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (added to the configuration's ignore).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML file with [tool.modlint] (default: the project's pyproject.toml).",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: error).",
)
@click.option("--list-rules", is_flag=True, help="List the active rules and exit.")
@click.option("--explain", metavar="RULE", help="Print one rule's description and exit.")
@click.option("--fix", is_flag=True, help="Create missing __init__.py files (fixable findings), then report the rest.")
@click.option(
    "--diff", "--dry-run", "dry_run", is_flag=True, help="With or without --fix: show what --fix would create."
)
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when --fix created files (for pre-commit).")
@click.option(
    "--pre-commit",
    "pre_commit",
    is_flag=True,
    help="PATHS are a commit's changed files: report the modules they (and staged deletions) belong to.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not print the summary line.")
@click.version_option(__version__, prog_name="modlint")
def main(**options: Any) -> None:
    """Check a modular application's layout and code against the modlint rules."""
    try:
        code = _run(Options(**options))
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(f"modlint: error: {problem}", err=True)
        code = EXIT_USAGE
    except UsageError as exc:
        click.echo(f"modlint: error: {exc}", err=True)
        code = EXIT_USAGE
    sys.exit(code)


@dataclass(frozen=True)
class Options:
    """The parsed command line."""

    paths: tuple[Path, ...]
    output_format: str
    output: Path | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    config_file: Path | None
    fail_on: str | None
    list_rules: bool
    explain: str | None
    fix: bool
    dry_run: bool
    exit_non_zero_on_fix: bool
    pre_commit: bool
    quiet: bool


def _run(opts: Options) -> int:
    if opts.pre_commit:
        targets = [p.resolve() for p in opts.paths if p.exists()] or [Path(".").resolve()]
    else:
        targets = _existing(opts.paths or (Path("."),))
    root = find_project_root(targets[0])
    loaded = load_settings(root, opts.config_file)
    project = load_project(root, loaded)
    if opts.explain is not None:
        click.echo(_explain(project, opts.explain), nl=False)
        return EXIT_OK
    rules = _active(project, selection.split_selectors(opts.select), selection.split_selectors(opts.ignore))
    if opts.list_rules:
        for rule in rules:
            click.echo(f"{rule.id}  {rule.severity.value:<7}  {rule.name}")
        return EXIT_OK

    scope = _hook_scope(opts.paths, root) if opts.pre_commit else engine.Scope(paths=tuple(_narrowing(targets, root)))

    def check() -> engine.Report:
        return engine.run(root, loaded.settings, rules, scope, project.ruleset.enabled)

    report = check()
    outcome = fixes.FixOutcome()
    if opts.fix or opts.dry_run:
        outcome = fixes.apply(root, report.findings, dry_run=opts.dry_run)
        _echo_fixes(outcome, opts.dry_run)
        if outcome.created and not opts.dry_run:
            report = check()
    _emit(REPORTERS[opts.output_format](report, Path.cwd()), opts.output)
    for note in report.notes:
        click.echo(f"modlint: warning: {note}", err=True)
    if not opts.quiet:
        click.echo(summary(report), err=True)
    threshold = Severity(opts.fail_on) if opts.fail_on else loaded.settings.fail_on
    fixed_fails = opts.exit_non_zero_on_fix and bool(outcome.created) and not opts.dry_run
    return EXIT_FINDINGS if report.fails(threshold) or fixed_fails else EXIT_OK


def _echo_fixes(outcome: fixes.FixOutcome, dry_run: bool) -> None:
    """What was (or would be) created, on stderr so JSON/SARIF on stdout stay clean."""
    verb = "Would create" if dry_run else "Created"
    for path in outcome.created:
        click.echo(f"{verb} {path}", err=True)
    for path, reason in outcome.refused:
        click.echo(f"modlint: warning: not creating {path}: {reason}", err=True)


def _hook_scope(paths: Sequence[Path], root: Path) -> engine.Scope:
    """The changed files pre-commit passed, plus the deletions staged in git (never passed as files)."""
    changed = set(staged_deletions(root))
    for path in paths:
        try:
            changed.add(path.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            continue  # another project's file in a monorepo: not ours to report
    return engine.Scope(changed=tuple(sorted(changed)))


def staged_deletions(root: Path) -> list[str]:
    """Project-relative paths deleted in git's index; empty outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "diff", "--cached", "--name-only", "--relative", "--diff-filter=D", "-z"],
            cwd=root,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def _existing(paths: Sequence[Path]) -> list[Path]:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"path not found: {', '.join(missing)}")
    return [p.resolve() for p in paths]


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


def _active(project: Project, select: list[str], ignore: list[str]) -> tuple[Rule, ...]:
    ids = [r.id for r in project.ruleset.rules]
    bad = selection.unknown(select + ignore, ids)
    if bad:
        raise UsageError(f"unknown rule id or prefix: {', '.join(bad)} (see `modlint --list-rules`)")
    return project.active_rules(select, ignore)


def _explain(project: Project, wanted: str) -> str:
    rule = next((r for r in project.ruleset.rules if r.code == code_of(wanted)), None)
    if rule is None:
        raise UsageError(f"unknown rule id {wanted!r} (see `modlint --list-rules`)")
    state = "" if rule.enabled else " (disabled)"
    head = f"{rule.id} {rule.name} [{rule.severity.value}, check: {rule.check}]{state}"
    return f"{head}\n\n{rule.description.rstrip()}\n"


def _emit(rendered: str, output: Path | None) -> None:
    if output is None:
        click.echo(rendered, nl=False)
        return
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None
