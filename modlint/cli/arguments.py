"""The parsed command line (``Arguments``): shared by the click layer and the command runner.

:func:`plain_arguments` reads the command lines of check runs (paths, flags, ``--format``,
``--select``, ``--output``, ``--baseline``, ``--cache-dir``, ``--jobs``...) without click: importing
click is ~35 ms, a seventh of a one-file pre-commit run. Anything else (``--help``, ``--version``
with more, a subcommand, ``--explain``, an unknown or misspelled option, a value click would
refuse or must judge) is left to click, which reads it, or says what is wrong with it, as always;
``tests/test_cli_arguments.py`` holds this table to click's declarations and both readings to each
other.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from modlint.reporters import FORMATS
from modlint.values import Value

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
    """The parsed command line; each default is what an empty command line means (click's)."""

    paths: tuple[Path, ...] = ()
    output_format: str = "text"
    output: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config_file: Path | None = None
    fail_on: str | None = None
    list_rules: bool = False
    explain: str | None = None
    migrations: bool = False
    test_rules: bool = False
    fix: bool = False
    dry_run: bool = False
    exit_non_zero_on_fix: bool = False
    pre_commit: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    update_baseline: bool = False
    no_baseline: bool = False
    statistics: bool = False
    jobs: int | None = None
    cache_dir: Path | None = None
    no_cache: bool = False
    show_timings: bool = False
    quiet: bool = False
    debug: bool = False


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
#: The options with a value read without click: option -> (field, what the value is: the values
#: allowed, or one of the kinds below; a multiple option's field is a tuple of every value given).
TEXT, FILE, FOLDER, COUNT = "text", "file", "folder", "count"
PLAIN_VALUES: dict[str, tuple[str, tuple[str, ...] | str]] = {
    "--format": ("output_format", FORMATS),
    "--fail-on": ("fail_on", SEVERITIES),
    "--select": ("select", TEXT),
    "--ignore": ("ignore", TEXT),
    "--output": ("output", FILE),
    "-o": ("output", FILE),
    "--config": ("config_file", FILE),
    "--baseline": ("baseline", FILE),
    "--write-baseline": ("write_baseline", FILE),
    "--cache-dir": ("cache_dir", FOLDER),
    "--jobs": ("jobs", COUNT),
    "-j": ("jobs", COUNT),
}
MULTIPLE = frozenset({"select", "ignore"})
#: Set when a shell asks click for completions.
COMPLETION_VARIABLE = "_MODLINT_COMPLETE"


def plain_arguments(argv: Sequence[str]) -> Arguments | None:
    """``argv`` (without the program name) as :class:`Arguments`, or None when click must read it."""
    if COMPLETION_VARIABLE in os.environ or (argv[:1] and argv[0] in SUBCOMMANDS):
        return None
    fields: dict[str, Any] = {}
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
    # `--name=value`; a short option takes what follows `=` as part of its value (`-o=x` is "=x")
    option, equals, value = word.partition("=") if word[:2] == "--" else (word, "", "")
    if option in PLAIN_FLAGS and not equals:
        fields[PLAIN_FLAGS[option]] = True
        return True
    if option not in PLAIN_VALUES:
        return False
    if not equals:
        value = next(words, "-")  # none left: click says the option needs one
    field, kind = PLAIN_VALUES[option]
    read = _value(value, kind)
    if read is None:
        return False
    if field in MULTIPLE:
        fields[field] = (*fields.get(field, ()), read)
    elif field in fields:
        return False  # given twice: click's rule decides which counts
    else:
        fields[field] = read
    return True


def _value(value: str, kind: tuple[str, ...] | str) -> object:
    """An option's value as click converts it; None when click must judge it (a value that looks
    like an option, a choice not offered, an empty path, a path of the wrong type or unreadable,
    a count that is not a plain positive number)."""
    if value[:1] == "-":
        return None
    if isinstance(kind, tuple):
        return value if value in kind else None
    if kind == TEXT:
        return value
    if kind == COUNT:
        return int(value) if value.isascii() and value.isdigit() and int(value) >= 1 else None
    if not value or (os.path.exists(value) and not _suits(value, kind)):
        return None
    return Path(value)


def _suits(path: str, kind: str) -> bool:
    """Whether an existing path is what click's ``Path`` type accepts for ``kind``: readable, and
    not a folder for a file option, not a regular file for a folder option."""
    if not os.access(path, os.R_OK):
        return False
    return not os.path.isdir(path) if kind == FILE else not os.path.isfile(path)
