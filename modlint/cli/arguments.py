"""The parsed command line (``Arguments``): shared by the click layer and the command runner.

:func:`plain_arguments` reads the command lines pre-commit and CI pass most (paths, flags,
``--format``, ``--select``) without click: importing click is ~35 ms, a seventh of a one-file
pre-commit run. Anything else (a path or number option, ``--help``, a subcommand, an unknown or
misspelled option) is left to click, which reads it, or says what is wrong with it, as always;
``tests/test_cli_arguments.py`` holds this table to click's declarations and both readings to each
other.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from modlint.values import Value

FORMATS = ("text", "json", "sarif", "github")
SEVERITIES = ("error", "warning", "info")

#: The subcommands, with what each shows. A first argument that is exactly one of these names runs
#: it; a folder of that name is checked when written as a path (``modlint ./status``) or after ``--``.
SUBCOMMANDS = {
    "status": "the module status table (--check/--write keep a committed one current)",
    "graph": "the module dependency graph: required and actual imports (mermaid, dot, json)",
    "docs": "a markdown page per module (--check/--write keep a committed folder current)",
    "init": "infer a starter [tool.modlint] and rule file from the modules there (--print)",
    "new": "create a module that passes every active rule (--self-contained, --ui)",
    "schema": "the JSON Schema of rule files (--settings: of [tool.modlint]) for editors",
}


class Arguments(Value):
    """The parsed command line."""

    paths: tuple[Path, ...]
    output_format: str
    output: Path | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    config_file: Path | None
    fail_on: str | None
    list_rules: bool
    explain: str | None
    migrations: bool
    test_rules: bool
    fix: bool
    dry_run: bool
    exit_non_zero_on_fix: bool
    pre_commit: bool
    baseline: Path | None
    write_baseline: Path | None
    update_baseline: bool
    no_baseline: bool
    statistics: bool
    jobs: int | None
    cache_dir: Path | None
    no_cache: bool
    show_timings: bool
    quiet: bool
    debug: bool = False


#: What an empty command line means (click's defaults for every option).
DEFAULTS: dict[str, Any] = {
    "paths": (),
    "output_format": "text",
    "output": None,
    "select": (),
    "ignore": (),
    "config_file": None,
    "fail_on": None,
    "list_rules": False,
    "explain": None,
    "migrations": False,
    "test_rules": False,
    "fix": False,
    "dry_run": False,
    "exit_non_zero_on_fix": False,
    "pre_commit": False,
    "baseline": None,
    "write_baseline": None,
    "update_baseline": False,
    "no_baseline": False,
    "statistics": False,
    "jobs": None,
    "cache_dir": None,
    "no_cache": False,
    "show_timings": False,
    "quiet": False,
    "debug": False,
}

#: The flags read without click: option -> field.
PLAIN_FLAGS = {
    "--list-rules": "list_rules",
    "--migrations": "migrations",
    "--test-rules": "test_rules",
    "--fix": "fix",
    "--diff": "dry_run",
    "--dry-run": "dry_run",
    "--exit-non-zero-on-fix": "exit_non_zero_on_fix",
    "--update-baseline": "update_baseline",
    "--no-baseline": "no_baseline",
    "--statistics": "statistics",
    "--pre-commit": "pre_commit",
    "--no-cache": "no_cache",
    "--show-timings": "show_timings",
    "-v": "show_timings",
    "--quiet": "quiet",
    "-q": "quiet",
    "--debug": "debug",
}
#: The options with a value read without click: option -> (field, the values allowed, or None for
#: any; a multiple option's field is a tuple of every value given).
PLAIN_VALUES: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "--format": ("output_format", FORMATS),
    "--fail-on": ("fail_on", SEVERITIES),
    "--select": ("select", None),
    "--ignore": ("ignore", None),
}
MULTIPLE = frozenset({"select", "ignore"})
#: Set when a shell asks click for completions.
COMPLETION_VARIABLE = "_MODLINT_COMPLETE"


def plain_arguments(argv: Sequence[str]) -> Arguments | None:
    """``argv`` (without the program name) as :class:`Arguments`, or None when click must read it."""
    if COMPLETION_VARIABLE in os.environ or (argv[:1] and argv[0] in SUBCOMMANDS):
        return None
    fields = dict(DEFAULTS)
    paths: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            paths.extend(words)
            break
        if word[:1] != "-":
            paths.append(word)
        elif not _option(word, words, fields):
            return None  # `-`, `--help`, `-qv`, a path option, a typo: click's to read or refuse
    if any(not path or (not os.access(path, os.R_OK) and os.path.exists(path)) for path in paths):
        return None  # click refuses an empty path, and one that exists but cannot be read
    fields["paths"] = tuple(Path(path) for path in paths)
    return Arguments(**fields)


def _option(word: str, words: Iterator[str], fields: dict[str, Any]) -> bool:
    """Read one option (and its value) into ``fields``; False when it is not one read here."""
    option, equals, value = word.partition("=")
    if option in PLAIN_FLAGS and not equals:
        fields[PLAIN_FLAGS[option]] = True
        return True
    if option not in PLAIN_VALUES:
        return False
    if not equals:
        value = next(words, "-")  # none left: click says the option needs one
    field, allowed = PLAIN_VALUES[option]
    if value[:1] == "-" or (allowed is not None and value not in allowed):
        return False
    if field in MULTIPLE:
        fields[field] = (*fields[field], value)
    elif fields[field] != DEFAULTS[field]:
        return False  # given twice: click's rule decides which counts
    else:
        fields[field] = value
    return True
