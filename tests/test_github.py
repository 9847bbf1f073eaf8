"""``--format github``: GitHub Actions workflow commands with the runner's escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.reporters.github import escape_data, escape_property

from helpers import FIXTURES

SNAPSHOTS = Path(__file__).parent / "snapshots"


def test_escaping() -> None:
    assert escape_data("50%\r\nnext: a,b") == "50%25%0D%0Anext: a,b"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"


def test_shop_github_snapshot(snapshot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from modlint.cli import main

    monkeypatch.chdir(FIXTURES / "shop")
    result = CliRunner().invoke(main, ["--format", "github", "--no-cache"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=app/modules/inventory/definition.py,line=8,col=5,title=MOD001::"
        "module 'inventory' is missing folder 'schemas/'"
    )
    assert sum(line.startswith("::warning ") for line in lines) == 3
    snapshot.snapshot_dir = SNAPSHOTS
    snapshot.assert_match(result.stdout, "shop.github")
