"""The ``modlint`` command: parse options, load the configuration, run the pipeline, report, pick the exit code.

Exit codes: 0 no finding at or above ``--fail-on`` (default error), 1 some, 2 usage or configuration error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from modlint import __version__
from modlint.cli.arguments import SEVERITIES, SUBCOMMANDS, Arguments
from modlint.cli.guard import guarded
from modlint.cli.options import CONFIG_OPTION, DEBUG_OPTION, NO_CACHE_OPTION
from modlint.exit_codes import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED
from modlint.reporters import FORMATS

EPILOG = "\b\nSubcommands (modlint NAME --help):\n" + "\n".join(
    f"  {name:<8}{text}" for name, text in SUBCOMMANDS.items()
)


class _Modlint(click.Command):
    """The check command, which hands a first argument naming a subcommand to that subcommand."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        name, run = prog_name or "modlint", super().main
        if argv and argv[0] in SUBCOMMANDS:
            from modlint.cli.subcommands import COMMANDS  # lazy: a check run needs none of them

            name, run, argv = f"{name} {argv[0]}", COMMANDS[argv[0]].main, argv[1:]
        if not standalone_mode:
            return run(argv, name, complete_var, False, **extra)
        sys.exit(_standalone(lambda: run(argv, name, complete_var, False, **extra), name))


def _standalone(run: Callable[[], Any], name: str) -> int:
    """The exit code of ``run`` (a click command's ``main`` outside standalone mode), doing what
    standalone mode does, but with a usage error on one ``modlint: error:`` line: click's own is
    three (the usage, a hint, the error), and every other bad input here is one line."""
    try:
        done = run()
    except click.UsageError as exc:
        message = exc.format_message().splitlines()[0] if exc.format_message() else "bad usage"
        click.echo(f"modlint: error: {message} (see `{name} --help`)", err=True)
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:  # Ctrl-C while click itself was reading (a run has its own)
        click.echo("modlint: interrupted", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # click's shell-completion script into a closed pipe
        return EXIT_BROKEN_PIPE
    except SystemExit as exc:  # click ends --help into a closed pipe with 1, its streams made quiet
        # by name: newer click (8.5 here) calls it ``_PacifyFlushWrapper``, and its old name warns on use
        if exc.code == 1 and type(sys.stdout).__name__.lstrip("_") == "PacifyFlushWrapper":
            return EXIT_BROKEN_PIPE
        raise
    return done if isinstance(done, int) else 0  # --help, --version: click returns their code


@click.command("modlint", cls=_Modlint, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to FILE.")
@click.option("--select", multiple=True, help="Only these rules (ids, codes or prefixes; comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (added to the configuration's ignore).")
@CONFIG_OPTION
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: error).",
)
@click.option("--list-rules", is_flag=True, help="List the active rules and exit.")
@click.option("--explain", metavar="RULE", help="Print one rule's description and exit.")
@click.option(
    "--migrations",
    is_flag=True,
    help="Print each module's Alembic chain (roots, heads, merges, edges to other modules) and exit.",
)
@click.option(
    "--test-rules",
    is_flag=True,
    help="Run the examples of the rules in the rule files PATHS (default: of every rule) and exit.",
)
@click.option("--fix", is_flag=True, help="Create missing __init__.py files (fixable findings), then report the rest.")
@click.option(
    "--diff", "--dry-run", "dry_run", is_flag=True, help="With or without --fix: show what --fix would create."
)
@click.option("--exit-non-zero-on-fix", is_flag=True, help="Exit 1 when --fix created files (for pre-commit).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path), help="Report only findings not in FILE.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path), help="Record all findings in FILE.")
@click.option("--update-baseline", is_flag=True, help="Remove the baseline's stale entries (it never adds any).")
@click.option("--no-baseline", is_flag=True, help="Ignore the configured baseline.")
@click.option("--statistics", is_flag=True, help="Print counts per rule and per module instead of findings.")
@click.option(
    "--pre-commit",
    "pre_commit",
    is_flag=True,
    help="PATHS are a commit's changed files: report the modules they (and staged deletions) belong to.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Parser processes (default: CPU count).")
@click.option(
    "--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Cache folder (default: .modlint_cache)."
)
@NO_CACHE_OPTION
@click.option("--show-timings", "-v", "show_timings", is_flag=True, help="Print where the time went (stderr).")
@click.option("--quiet", "-q", is_flag=True, help="Do not print the summary line.")
@DEBUG_OPTION
@click.version_option(__version__, prog_name="modlint")
def main(**options: Any) -> None:
    """Check a modular application's layout and code against the modlint rules."""
    sys.exit(guarded(Arguments(**options)))
