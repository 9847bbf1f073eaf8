"""The options the check command and its subcommands share, declared once (both import them)."""

from __future__ import annotations

from pathlib import Path

import click

CONFIG_OPTION = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TOML file with [tool.modlint] (default: the project's pyproject.toml).",
)
NO_CACHE_OPTION = click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
DEBUG_OPTION = click.option("--debug", is_flag=True, help="On an internal error, print the traceback.")
