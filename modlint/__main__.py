"""``python -m modlint`` and the ``modlint`` console script.

``modlint --version`` is answered here, before click is imported (importing click is about 40% of
that run), with click's own wording; everything else goes to the click command.
"""

from __future__ import annotations

import sys


def run() -> None:
    """The console script's entry point."""
    if sys.argv[1:] == ["--version"]:
        from modlint import __version__

        sys.stdout.write(f"modlint, version {__version__}\n")
        raise SystemExit(0)
    from modlint.cli import main

    main()


if __name__ == "__main__":
    run()
