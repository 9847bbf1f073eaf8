"""The ``modlint`` command-line adapter: click options (``main``), the parsed arguments, one invocation."""

from modlint.cli.main import main

__all__ = ["main"]
