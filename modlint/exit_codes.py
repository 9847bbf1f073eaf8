"""The process's exit codes, as README's table gives them: users' CI branches on them.

A module of its own, outside ``modlint.cli``, because the entry point (``modlint.__main__``) needs
the interrupt and broken-pipe codes before it may load the CLI (which loads click)."""

#: A run without findings (or only baselined ones), a run with findings, a usage or configuration error.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
#: Ctrl-C, and a closed output pipe: the shell's codes for SIGINT and SIGPIPE.
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
