"""The subcommands' command lines (``modlint status`` ...); what each does is in :mod:`modlint.cli.maps`.

Every subcommand ends like a check run: exit 0, 1 (``--check`` found a stale file), or 2 with a
one-line error (:func:`modlint.cli.guard.guard`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from modlint.cli.guard import guard
from modlint.cli.options import CONFIG_OPTION, DEBUG_OPTION, NO_CACHE_OPTION

_CONTEXT = {"help_option_names": ["-h", "--help"]}


def _project_options(function: Any) -> Any:
    """PROJECT, ``--config``, ``--no-cache`` and ``--debug``: where the project is and how to read it."""
    function = CONFIG_OPTION(NO_CACHE_OPTION(DEBUG_OPTION(function)))
    return click.argument("project", required=False, type=click.Path(path_type=Path))(function)


@click.command(context_settings=_CONTEXT)
@_project_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("text", "markdown", "json")),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--check",
    "check_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Exit 1 when FILE's table (between the modlint:status markers) is not the current one.",
)
@click.option(
    "--write",
    "write_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Replace FILE's table (between the modlint:status markers) with the current one.",
)
def status(**options: Any) -> None:
    """Print one row per module: which of its paths exist, have findings or are missing, and its status."""
    from modlint.cli import maps

    sys.exit(guard(lambda: maps.status(maps.StatusArguments(**options)), options["debug"]))


@click.command(context_settings=_CONTEXT)
@_project_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("mermaid", "dot", "json")),
    default="mermaid",
    show_default=True,
    help="Output format.",
)
@click.option("--module", "module", metavar="NAME", help="Only NAME, what it depends on and what depends on it.")
def graph(**options: Any) -> None:
    """Print the module dependency graph: required and actual imports, and where they differ."""
    from modlint.cli import maps

    sys.exit(guard(lambda: maps.graph(maps.GraphArguments(**options)), options["debug"]))


@click.command(context_settings=_CONTEXT)
@click.option("--settings", is_flag=True, help="The schema of [tool.modlint] instead of rule files.")
@click.option("--path", "show_path", is_flag=True, help="Print where the installed schema file is instead.")
def schema(settings: bool, show_path: bool) -> None:
    """Print the JSON Schema of rule files (for `# yaml-language-server: $schema=...`)."""
    from modlint.cli import maps

    sys.exit(guard(lambda: maps.schema(settings, show_path)))


@click.command(context_settings=_CONTEXT)
@_project_options
@click.option("--module", "module", metavar="NAME", help="Print only NAME's page.")
@click.option(
    "--check",
    "check_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Exit 1 when DIR's generated pages are not the current ones (or some are missing).",
)
@click.option(
    "--write",
    "write_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the pages (and README.md, an index) into DIR; remove generated pages of modules gone.",
)
def docs(**options: Any) -> None:
    """Print a markdown page per module: definition, routes, settings, tables, migrations, findings."""
    from modlint.cli import maps

    sys.exit(guard(lambda: maps.docs(maps.DocsArguments(**options)), options["debug"]))


@click.command(context_settings=_CONTEXT)
@click.argument("name")
@click.option("--project", type=click.Path(path_type=Path), help="The project (default: the current folder's).")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path), help="TOML file with [tool.modlint]."
)
@click.option("--self-contained", is_flag=True, help="Declare is_self_contained=True (and create what that requires).")
@click.option("--ui", is_flag=True, help="Add a page route, templates/ and static/ (and what they require).")
@click.option("--dry-run", is_flag=True, help="Print what would be created, create nothing.")
@DEBUG_OPTION
def new(**options: Any) -> None:
    """Create module NAME so that it passes every active rule (the project's own ones too)."""
    from modlint.cli import maps

    sys.exit(guard(lambda: maps.new(maps.NewArguments(no_cache=False, **options)), options["debug"]))


@click.command(context_settings=_CONTEXT)
@click.argument("project", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--print", "print_only", is_flag=True, help="Print the configuration and rule file; write nothing.")
@DEBUG_OPTION
def init(project: Path | None, print_only: bool, debug: bool) -> None:
    """Infer a starter configuration and rule file from the modules that are there, and list the outliers."""
    from modlint.cli import maps

    sys.exit(guard(lambda: maps.init(project, print_only), debug))


COMMANDS: dict[str, click.Command] = {
    "init": init,
    "status": status,
    "graph": graph,
    "schema": schema,
    "new": new,
    "docs": docs,
}
