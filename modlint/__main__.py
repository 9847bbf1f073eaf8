"""``python -m modlint`` and the ``modlint`` console script.

``modlint --version`` is answered here, before click is imported (importing click is about 40% of
that run), with click's own wording; everything else goes to the click command.

A run allocates facts by the thousand and frees little before it exits, and nearly none of it can
form a reference cycle, so the cyclic garbage collector is told to run rarely (as mypy does): at the
default threshold its passes over every live object cost a warm one-file run ~20% of its reading.
"""

from __future__ import annotations

import gc
import sys

#: Allocations between collections of the youngest generation (CPython's default: 700).
GC_THRESHOLD = 200_000


def run() -> None:
    """The console script's entry point."""
    if sys.argv[1:] == ["--version"]:
        from modlint import __version__

        sys.stdout.write(f"modlint, version {__version__}\n")
        raise SystemExit(0)
    gc.set_threshold(GC_THRESHOLD, 30, 30)
    from modlint.cli import main

    gc.freeze()  # what the imports made lives until exit: never scan it
    main()


if __name__ == "__main__":
    run()
