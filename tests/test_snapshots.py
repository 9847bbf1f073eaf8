"""Reporter output over the bundled example app, snapshot-tested (update with ``pytest --snapshot-update``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main

from helpers import FIXTURES

SHOP = FIXTURES / "shop"
SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.mark.parametrize(("fmt", "name"), [("text", "shop.txt"), ("json", "shop.json")])
def test_shop_report(snapshot, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(SHOP)
    result = CliRunner().invoke(main, ["--format", fmt, "--no-cache"])
    assert result.exit_code == 1
    snapshot.snapshot_dir = SNAPSHOTS
    snapshot.assert_match(result.stdout, name)


def test_shop_has_the_documented_violations() -> None:
    """The fixture README's table lists exactly the rules the report contains."""
    readme = (SHOP / "README.md").read_text()
    expected = sorted(
        {line.split("|")[2].split()[0] for line in readme.splitlines() if line.startswith("| ") and "MOD-" in line}
    )
    result = CliRunner().invoke(main, [str(SHOP), "--format", "json", "--no-cache"])
    assert sorted(f.split('"')[3] for f in result.stdout.splitlines() if '"rule"' in f) == expected
