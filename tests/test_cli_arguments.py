"""The command lines read without click (``plain_arguments``) are read as click reads them: the
table agrees with click's declarations, and on thousands of generated command lines every one the
plain reader accepts gives the Arguments click gives (and click refuses none of them)."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import click
import pytest

from modlint.cli import main
from modlint.cli.arguments import PLAIN_FLAGS, PLAIN_VALUES, Arguments, plain_arguments

from helpers import copy_shop


def clicks(argv: Sequence[str]) -> Arguments | None:
    """What click makes of ``argv``: None when it refuses it (or answers it itself: --help)."""
    try:
        with main.make_context("modlint", list(argv)) as ctx:
            return Arguments(**ctx.params)
    except (click.exceptions.Exit, click.UsageError, click.BadParameter):
        return None


def _option(name: str) -> click.Option:
    found = [p for p in main.params if isinstance(p, click.Option) and name in (*p.opts, *p.secondary_opts)]
    assert len(found) == 1, name
    return found[0]


def test_the_plain_table_is_clicks() -> None:
    for name, field in PLAIN_FLAGS.items():
        option = _option(name)
        assert (option.is_flag, option.name) == (True, field), name
    for name, (field, allowed) in PLAIN_VALUES.items():
        option = _option(name)
        assert (option.is_flag, option.name) == (False, field), name
        if isinstance(option.type, click.Choice):
            assert tuple(option.type.choices) == allowed, name
        elif isinstance(option.type, click.Path):
            assert allowed == ("folder" if not option.type.file_okay else "file"), name
            assert option.type.dir_okay is (allowed == "folder") and not option.type.exists, name
        elif isinstance(option.type, click.IntRange):
            assert (allowed, option.type.min, option.type.max) == ("count", 1, None), name
        else:
            assert (allowed, option.type) == ("text", click.STRING), name
        assert option.multiple is (field in ("select", "ignore"))
    assert plain_arguments([]) == clicks([]) == Arguments()


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["-h"],
        ["-qv"],
        ["status"],
        ["graph", "--format", "json"],
        ["--output", "tests"],
        ["-o", ""],
        ["--cache-dir", "README.md"],
        ["--jobs", "0"],
        ["-j", "two"],
        ["--format", "xml"],
        ["--format"],
        ["--format", "json", "--format", "text"],
        ["--fix=yes"],
        ["--select", "-q"],
        ["-"],
        [""],
        ["--qiuet"],
        ["--version", "app"],
    ],
)
def test_what_plain_arguments_leaves_to_click(argv: list[str]) -> None:
    assert plain_arguments(argv) is None


TOKENS = (
    "app", "app/modules/orders/services/x.py", "./status", "status", "-q", "--quiet", "-v", "--show-timings",
    "--pre-commit", "--fix", "--diff", "--dry-run", "--exit-non-zero-on-fix", "--no-cache", "--debug",
    "--statistics", "--no-baseline", "--update-baseline", "--list-rules", "--migrations", "--test-rules",
    "--format", "json", "--format=sarif", "--format=", "text", "--fail-on", "warning", "--fail-on=info",
    "--select", "MOD-001", "--select=MOD", "--ignore", "MOD-0", "--ignore=", "--", "-", "-x", "--jobs", "2",
    "--output", "o.json", "--help", "--explain", "MOD-010", "--cache-dir", "c", "", "-o", "tests", "README.md",
    "--config=pyproject.toml", "--baseline", "--write-baseline=b.json", "-j", "0", "3", "--jobs=2", "-j=1", "x y",
    "--cache-dir=tests", "--output=tests/", "--config", "/", "--cache-dir=.modlint_cache",
)  # fmt: skip


def test_every_plain_reading_is_clicks_reading() -> None:
    rng = random.Random(12)
    read = 0
    for _ in range(4000):
        argv = [rng.choice(TOKENS) for _ in range(rng.randint(0, 6))]
        plain = plain_arguments(argv)
        if plain is None:
            continue
        read += 1
        assert plain == clicks(argv), argv
    assert read > 400  # the plain reader takes the common command lines, not only the empty one


def test_a_plain_check_run_of_the_console_script_imports_no_click(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('CLICK', 'click' in sys.modules, file=sys.stderr))\n"
        "sys.argv = ['modlint', '--pre-commit', '-q', 'app/modules/orders/definition.py']\n"
        "from modlint.__main__ import run\nrun()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=shop, capture_output=True, text=True, timeout=120)
    assert done.stderr.splitlines()[-1] == "CLICK False"
    by_click = subprocess.run(
        [sys.executable, "-m", "modlint", "--pre-commit", "-q", "--jobs", "1", "app/modules/orders/definition.py"],
        cwd=shop,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (by_click.returncode, by_click.stdout)
