"""The parsed command line (``Arguments``): shared by the click layer and the command runner."""

from __future__ import annotations

from pathlib import Path

from modlint.values import Value


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
