"""The compiled configuration: a warm run loads it and imports neither pydantic, YAML nor libcst; any
change of its inputs validates again, with the same errors; a damaged snapshot is rebuilt."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint import values
from modlint.cli import main
from modlint.config.snapshot import SNAPSHOT

from helpers import copy_shop

HEAVY = ("pydantic", "yaml", "libcst")
ROUTE = "app/modules/notifications/routes/api/notifications.py"

#: A run of the CLI in a fresh interpreter that reports which heavy packages it imported.
PROBE = """
import sys
from modlint.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
heavy = {"pydantic", "yaml", "libcst", "multiprocessing", "concurrent", "tomllib", "_hashlib"}  # a warm run does without
heavy = sorted({name.split(".")[0] for name in sys.modules} & heavy)
print("HEAVY=" + ",".join(heavy), "EXIT=" + str(code), file=sys.stderr)
"""


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return copy_shop(tmp_path)


def probe(root: Path, *args: str) -> tuple[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=root, capture_output=True, text=True, check=False, timeout=120
    )
    report = done.stderr.strip().splitlines()[-1]
    return report, done.stdout


def test_a_warm_one_file_run_imports_no_heavy_package(shop: Path) -> None:
    cold, cold_out = probe(shop, ROUTE)
    assert "HEAVY=" in cold and "EXIT=1" in cold
    assert (shop / ".modlint_cache" / SNAPSHOT).is_file()
    warm, warm_out = probe(shop, ROUTE)
    assert warm == "HEAVY= EXIT=1"
    assert warm_out == cold_out


#: The console script's way in (no click for a plain command line); the exit handlers run last.
ENTRY_PROBE = """
import atexit, sys
slow = {"click", "pydantic", "yaml", "libcst", "dataclasses", "inspect", "pkgutil", "tomllib", "concurrent", "subprocess",
        "tokenize", "modlint.results.baseline", "modlint.results.fixes", "modlint.reporters.sarif",
        "modlint.reporters.github", "modlint.reporters.explain"}
loaded = lambda: {n for n in sys.modules if n in slow or n.split(".")[0] in slow}
atexit.register(lambda: print("SLOW=" + ",".join(sorted(loaded())), file=sys.stderr))
from modlint.__main__ import run
sys.argv = ["modlint", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize("mode", [[], ["--pre-commit"]])
def test_a_warm_one_file_run_through_the_console_script_imports_nothing_slow(shop: Path, mode: list[str]) -> None:
    """Not even the standard library's slow imports: ``dataclasses`` (through ``inspect``),
    ``pkgutil`` and ``subprocess`` (the hook asks git) were ~25 ms of a ~200 ms pre-commit run,
    ``tokenize`` (decoding a file) another 2 ms; nor the modules of the other report formats, the
    baseline or the fixes."""
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", ENTRY_PROBE, *mode, ROUTE],
            cwd=shop,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "SLOW=", done.stderr


def test_a_warm_whole_project_run_imports_no_heavy_package(shop: Path) -> None:
    probe(shop)
    warm, _ = probe(shop, "--format", "json")
    assert warm == "HEAVY= EXIT=1"


def _json(root: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, [str(root), "--format", "json", *args])
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_changed_rule_file_is_validated_again(shop: Path) -> None:
    assert CliRunner().invoke(main, [str(shop)]).exit_code == 1
    rules = shop / ".architecture-rules"
    rules.mkdir()
    (rules / "team.yaml").write_text("rules:\n  - id: MOD-010\n    names: ['{modul}']\n")
    fresh = CliRunner().invoke(main, [str(shop), "--no-cache"])
    again = CliRunner().invoke(main, [str(shop)])
    assert again.exit_code == fresh.exit_code == 2
    assert again.stderr == fresh.stderr and "unknown placeholder '{modul}'" in again.stderr
    (rules / "team.yaml").write_text("rules:\n  - id: MOD-010\n    enabled: false\n")
    assert _json(shop) == _json(shop, "--no-cache")
    assert "MOD-010" not in {f["rule"] for f in _json(shop)["findings"]}  # type: ignore[attr-defined]


def test_a_changed_pyproject_is_read_again(shop: Path) -> None:
    before = _json(shop)
    pyproject = shop / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'ignore = ["MOD-004"]\n')
    after = _json(shop)
    assert after == _json(shop, "--no-cache") and after != before


@pytest.mark.parametrize("key", ["rule-files", '"rule\\u002dfiles"'], ids=["plain", "escaped"])
def test_a_changed_rule_file_named_in_pyproject_is_validated_again(shop: Path, key: str) -> None:
    """A warm run parses no TOML unless it may name rule files: a key spelled with an escape does."""
    (shop / "team.yaml").write_text("rules:\n  - id: MOD-010\n    enabled: false\n")
    pyproject = shop / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + f'{key} = ["team.yaml"]\n')
    assert "MOD-010" not in {f["rule"] for f in _json(shop)["findings"]}  # type: ignore[attr-defined]
    (shop / "team.yaml").write_text("rules:\n  - id: MOD-010\n    names: ['{modul}']\n")
    again = CliRunner().invoke(main, [str(shop)])
    assert again.exit_code == 2 and "unknown placeholder '{modul}'" in again.stderr


def test_a_cache_dir_named_in_pyproject_holds_the_snapshot(shop: Path) -> None:
    pyproject = shop / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '"cache\\u002ddir" = ".elsewhere"\n')
    shutil.rmtree(shop / ".modlint_cache", ignore_errors=True)
    CliRunner().invoke(main, [str(shop)])
    assert (shop / ".elsewhere" / SNAPSHOT).is_file() and not (shop / ".modlint_cache").exists()


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", None])
def test_a_damaged_snapshot_is_ignored_and_rebuilt(shop: Path, damage: bytes | None) -> None:
    expected = _json(shop, "--no-cache")
    _json(shop)
    snapshot = shop / ".modlint_cache" / SNAPSHOT
    good = snapshot.read_bytes()
    snapshot.write_bytes(good[: len(good) // 2] if damage is None else damage)
    assert _json(shop) == expected
    assert snapshot.read_bytes() == good


def test_no_cache_writes_no_snapshot(shop: Path) -> None:
    shutil.rmtree(shop / ".modlint_cache", ignore_errors=True)
    CliRunner().invoke(main, [str(shop), "--no-cache"])
    assert not (shop / ".modlint_cache").exists()


def test_the_stored_digest_belongs_to_the_stored_rule_set_only(shop: Path) -> None:
    """The snapshot hands the rule set its stored digest (the caches' key); a copy with other rules
    must work its own out, never carry the stored one."""

    from modlint.config.loading import RuleSet, digest_of, load_config

    rules = load_config(shop, None).ruleset.rules
    stored = RuleSet.stored(rules, "stored")
    assert stored.digest == "stored"
    fewer = values.replace(stored, rules=rules[1:])
    assert fewer.digest == digest_of(fewer.enabled) != "stored"
    assert RuleSet(rules).digest == digest_of(RuleSet(rules).enabled)


def test_the_snapshot_is_keyed_by_the_declarations_stat_signatures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A declaration edited in a development checkout (new mtime or size) misses the snapshot."""
    from modlint.config import shipped

    sources = [tmp_path / "kind.py", tmp_path / "settings.py"]
    for source in sources:
        source.write_text("x = 1\n")
    monkeypatch.setattr(shipped, "_declaration_sources", lambda: sources)
    first = shipped.declaration_stamp()
    assert shipped.declaration_stamp() == first
    os.utime(sources[0], ns=(1, 2))
    touched = shipped.declaration_stamp()
    assert touched != first
    sources[1].write_text("x = 22\n")
    resized = shipped.declaration_stamp()
    assert resized not in (first, touched)
    before = sources[1].stat()
    sources[1].write_text("x = 33\n")  # same size, and the old mtime put back (cp -p, touch -r)
    os.utime(sources[1], ns=(before.st_atime_ns, before.st_mtime_ns))
    assert shipped.declaration_stamp() not in (first, touched, resized)  # the inode's change time moved


def test_help_loads_no_part_of_the_engine() -> None:
    """``--help`` (and shell completion) read the formats and options, and load click alone: the
    formats' list once came with the report module and a third of the engine (twice the time)."""
    probe = """
import atexit, sys
engine = ("modlint.checks", "modlint.facts", "modlint.results", "modlint.pipeline", "modlint.config")
loaded = lambda: sorted(n for n in sys.modules if n.startswith(engine))
atexit.register(lambda: print("ENGINE=" + ",".join(loaded()), file=sys.stderr))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe + "from modlint.__main__ import run\nsys.argv = ['modlint', '--help']\nrun()\n"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0 and "Usage:" in done.stdout, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "ENGINE=", done.stderr
