"""``python -m app.migrate upgrade heads``: Alembic's own command line with the modules' folders set.

Documented in docs/runtime.md as ``app/migrate.py``; the tests load it from here.
"""

from __future__ import annotations

from argparse import Namespace
from collections.abc import Sequence

from alembic.config import CommandLine, Config

from modlint.runtime import configure_alembic


class ModularCommandLine(CommandLine):
    """Alembic's CLI; every command sees the enabled modules' ``migrations/versions`` folders."""

    def run_cmd(self, config: Config, options: Namespace) -> None:
        configure_alembic(config)
        super().run_cmd(config, options)


def main(argv: Sequence[str] | None = None) -> None:
    ModularCommandLine(prog="python -m app.migrate").main(argv)


if __name__ == "__main__":
    main()
