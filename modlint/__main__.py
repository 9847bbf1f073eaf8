"""``python -m modlint`` and the ``modlint`` console script.

``modlint --version`` is answered here, before click is imported (importing click is about 40% of
that run), with click's own wording. So is a command line of paths and plain flags, the one
pre-commit and CI pass (:func:`~modlint.cli.arguments.plain_arguments`); everything else goes to
the click command.

A run allocates facts by the thousand and frees little before it exits, and nearly none of it can
form a reference cycle, so the cyclic garbage collector is told to run rarely (as mypy does): at the
default threshold its passes over every live object cost a warm one-file run ~20% of its reading.
For the same reason the run ends without the interpreter's finalization (:func:`exit_now`).
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from typing import TYPE_CHECKING, NoReturn

from modlint.exit_codes import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED

if TYPE_CHECKING:  # --version imports nothing more
    from collections.abc import Sequence
    from pathlib import Path

#: Allocations between collections of the youngest generation (CPython's default: 700).
GC_THRESHOLD = 200_000


def run() -> None:
    """The console script's entry point."""
    if sys.argv[1:] == ["--version"]:
        from modlint import __version__

        try:
            sys.stdout.write(f"modlint, version {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:  # `modlint --version | head -0`: quiet, as a check run ends
            os._exit(EXIT_BROKEN_PIPE)
        raise SystemExit(0)
    gc.set_threshold(GC_THRESHOLD, 30, 30)
    try:
        from modlint.cli.arguments import plain_arguments
        from modlint.cli.guard import guarded

        arguments = plain_arguments(sys.argv[1:])
        if arguments is None:  # click's to read: a path option, --help, a subcommand, a mistake
            from modlint.cli import main
        elif arguments.pre_commit and arguments.config_file is None:
            _ask_git_early(arguments.paths)
    except KeyboardInterrupt:  # Ctrl-C before the command's own handling is in place: no traceback
        sys.stderr.write("modlint: interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None

    gc.freeze()  # what the imports made lives until exit: never scan it
    try:
        if arguments is not None:
            exit_now(guarded(arguments))
        main()
    except SystemExit as done:
        exit_now(done.code)
    exit_now(0)


def _ask_git_early(paths: Sequence[Path]) -> None:
    """The hook's mode asks git which deletions are staged (pre-commit never passes them): asked
    before the command is loaded, for the project the command will find, git answers meanwhile.
    Not for a project modlint does not check (the run ends at once), nor when the paths cannot be
    resolved (the command says why): an early question is only ever time saved. One the run does
    not read is stopped at exit (:func:`exit_now`)."""
    from modlint.cli import git
    from modlint.project import checked_by_modlint, hook_targets, project_root

    try:
        root = project_root(hook_targets(paths), pre_commit=True)
        if checked_by_modlint(root):
            git.early(root)
    except (OSError, RuntimeError, ValueError):  # RuntimeError: a link loop (Python < 3.13)
        pass


def exit_now(code: object) -> NoReturn:
    """End the process with ``code`` (a ``SystemExit`` code) without finalizing the interpreter.

    Finalization frees every object and module one by one: ~25 ms here, a tenth of a one-file
    pre-commit run, for memory the operating system takes back anyway (mypy ends the same way).
    What it would do that matters is done first: the standard streams are flushed (a closed pipe
    ends quietly with 141, as the command does), threads are shut down as finalization does first
    (concurrent.futures tells its worker processes to stop there) and the exit handlers run
    (multiprocessing's, and those of a tool that runs modlint, such as coverage)."""
    if code is None or isinstance(code, int):
        status = code or 0
    else:  # as the interpreter does with a non-integer exit code
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: the stream was closed when the process started (>&-)
                stream.flush()
        except BrokenPipeError:
            status = EXIT_BROKEN_PIPE
        except (OSError, ValueError):
            pass
    git = sys.modules.get("modlint.cli.git")
    if git is not None:  # a question asked of git early that the run ended without reading
        git.cancel_early()
    threading = sys.modules.get("threading")
    if threading is not None:  # what finalization does first: concurrent.futures stops its workers here
        threading._shutdown()
    atexit._run_exitfuncs()
    os._exit(status)


if __name__ == "__main__":
    run()
