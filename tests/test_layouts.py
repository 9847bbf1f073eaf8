"""The layouts of ``fixtures/layouts/`` report exactly the findings their READMEs document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main

from helpers import FIXTURES

LAYOUTS = sorted(p for p in (FIXTURES / "layouts").iterdir() if p.is_dir())
ROW = re.compile(r"^\| [A-Z] \| ([A-Z]+-\d+) \((\w+)\) \| `([^`]+):(\d+):(\d+)` \|")


def documented(layout: Path) -> list[tuple[str, str, str, int, int]]:
    """(rule, severity, path, line, column) of every finding row of the layout's README."""
    rows = (ROW.match(line) for line in (layout / "README.md").read_text(encoding="utf-8").splitlines())
    return [(m[1], m[2], m[3], int(m[4]), int(m[5])) for m in rows if m]


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda p: p.name)
def test_layout_reports_its_documented_findings(layout: Path) -> None:
    result = CliRunner().invoke(main, [str(layout), "--format", "json", "--no-cache"])
    assert result.exit_code == 1, result.output
    found = [
        (f["rule"], f["severity"], f["path"], f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]
    ]
    assert found == documented(layout)
    assert len(found) >= 4


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda p: p.name)
def test_layout_rule_file_is_short(layout: Path) -> None:
    assert len((layout / "architecture.yaml").read_text(encoding="utf-8").splitlines()) < 40
