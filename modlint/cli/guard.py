"""How every invocation ends (a check run and each subcommand alike): an exit code, and at most a
one-line message, whatever happened."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from modlint.cli.arguments import Arguments
from modlint.cli.echo import echo
from modlint.errors import ConfigError, OutputError, UsageError, file_system_problem
from modlint.exit_codes import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_USAGE


def guarded(arguments: Arguments) -> int:
    """Run one check invocation (see :func:`guard`)."""

    def action() -> int:
        from modlint.cli import command  # lazy: --help and --version need none of the pipeline

        return command.run(arguments)

    return guard(action, arguments.debug)


def guard(action: Callable[[], int], debug: bool = False) -> int:
    """Run ``action`` and turn every way it can end into a message and an exit code: a problem
    of the user's (exit 2), unwritable output (2), a closed pipe (quiet, 141 as if killed by SIGPIPE),
    Ctrl-C (130), and anything unexpected (an internal error, 2; ``--debug`` prints the traceback).
    A message that cannot be written (standard error a closed pipe) ends it as quietly."""
    try:
        return _ended(action, debug)
    except BrokenPipeError:
        return EXIT_BROKEN_PIPE


def _ended(action: Callable[[], int], debug: bool) -> int:
    try:
        return action()
    except ConfigError as exc:
        for problem in exc.problems:
            echo(f"modlint: error: {problem}", err=True)
    except UsageError as exc:
        echo(f"modlint: error: {exc}", err=True)
    except OutputError as exc:
        _silence_stdout()
        echo(f"modlint: error: cannot write output: {exc}", err=True)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        echo("modlint: interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:
        _unexpected(exc, debug)
    return EXIT_USAGE


def _unexpected(exc: Exception, debug: bool) -> None:
    """Say what went wrong that no other handler expected: what the file system refused (a full
    disk, a link loop) is the user's; anything else is an internal error."""
    problem = file_system_problem(exc)
    if problem is not None:
        echo(f"modlint: error: {problem}", err=True)
        return
    if debug:
        import traceback  # only for --debug: it imports linecache and tokenize

        traceback.print_exc()
    message = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    echo(f"modlint: internal error: {message} (please report, with --debug for the traceback)", err=True)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
