"""The ``modlint`` command-line adapter: click options (``main``, in :mod:`modlint.cli.app`), the
parsed arguments, one invocation.

``main`` is imported on first use: a check run whose command line needs no click
(:func:`modlint.cli.arguments.plain_arguments`) imports this package without it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modlint.cli.app import main

__all__ = ["main"]


def __getattr__(name: str) -> Any:
    if name == "main":
        from modlint.cli.app import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
