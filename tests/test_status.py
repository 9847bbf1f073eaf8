"""``modlint status``: the module status table, its formats, and keeping a committed table current."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main
from modlint.reporters.status import same_table, width

from helpers import FIXTURES, copy_shop, write_tree

SHOP = FIXTURES / "shop"
SNAPSHOTS = Path(__file__).parent / "snapshots"
STALE = "# Modules\r\n\r\nIntro.\r\n<!-- modlint:status -->\r\nold table\r\n<!-- /modlint:status -->\r\nAfter.\r\n"


def status(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["status", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("fmt", "name"), [("text", "status.txt"), ("markdown", "status.md"), ("json", "status.json")])
def test_shop_status(snapshot, fmt: str, name: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = status(str(SHOP), "--format", fmt, "--no-cache")
    assert code == 0
    snapshot.snapshot_dir = SNAPSHOTS
    snapshot.assert_match(out, name)


def test_cells_follow_the_findings_and_the_rules_requirements(tmp_path: Path) -> None:
    """❌ only for a path an active rule requires of the module; a missing-folder finding marks the
    missing folder, not the definition it is shown at; ``per-module-ignores`` waives a requirement."""
    shop = copy_shop(tmp_path)
    pyproject = shop / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + '\n[tool.modlint.status]\ncolumns = ["definition.py", "schemas/", "tasks/", "locales/"]\n'
    )
    rows = {row["module"]: row for row in json.loads(status(str(shop), "--format", "json")[1])["modules"]}
    assert rows["inventory"]["cells"] == {
        "definition.py": "ok",
        "schemas/": "missing",
        "tasks/": "findings",
        "locales/": "not-required",
    }
    assert rows["inventory"]["status"] == "Needs schemas/, tasks/"
    assert rows["orders"]["status"] == "Complete"
    assert rows["payments"]["status"] == "Needs migration-follows-requires, services-real-code"
    pyproject.write_text(
        pyproject.read_text().replace(
            "[tool.modlint]", '[tool.modlint]\nper-module-ignores = {"inventory" = ["MOD-001"]}'
        )
    )
    rows = {row["module"]: row for row in json.loads(status(str(shop), "--format", "json")[1])["modules"]}
    assert rows["inventory"]["cells"]["schemas/"] == "not-required"
    assert rows["inventory"]["status"] == "Needs tasks/"


def test_check_fails_on_a_stale_table_and_passes_after_write(tmp_path: Path) -> None:
    target = tmp_path / "MODULES.md"
    target.write_bytes(STALE.encode())
    assert status(str(SHOP), "--check", str(target))[0] == 1
    code, _, err = status(str(SHOP), "--write", str(target))
    assert (code, err) == (0, f"Updated the status part of {target}\n")
    text = target.read_bytes().decode()
    assert text.startswith("# Modules\r\n\r\nIntro.\r\n<!-- modlint:status -->\r\n| Module | definition.py |")
    assert text.endswith("services-real-code |\r\n<!-- /modlint:status -->\r\nAfter.\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert status(str(SHOP), "--check", str(target))[0] == 0
    mtime = target.stat().st_mtime_ns
    assert status(str(SHOP), "--write", str(target))[2] == f"{target}: the status part is up to date\n"
    assert target.stat().st_mtime_ns == mtime


def test_a_reformatted_table_is_not_stale(tmp_path: Path) -> None:
    """A markdown formatter pads cells and dashes: the cells are what is compared."""
    current = status(str(SHOP), "--format", "markdown")[1]
    padded = "\n".join(line.replace(" | ", "  |  ").replace("---", ":------") for line in current.splitlines())
    assert same_table(current, padded)
    assert not same_table(current, current.replace("Complete", "Needs pages", 1))
    target = write_tree(tmp_path, {"M.md": f"<!-- modlint:status -->\n{padded}\n<!-- /modlint:status -->\n"}) / "M.md"
    assert status(str(SHOP), "--check", str(target))[0] == 0


def test_the_shop_readme_table_is_current() -> None:
    """The bundled example app documents its own status: the committed table cannot go stale."""
    code, _, err = status(str(SHOP), "--check", str(SHOP / "README.md"))
    assert (code, err) == (0, f"{SHOP / 'README.md'}: the status part is up to date\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("no markers\n", "has no lines <!-- modlint:status --> and <!-- /modlint:status -->"),
        ("<!-- /modlint:status -->\n<!-- modlint:status -->\n", "has <!-- /modlint:status --> before"),
        ("<!-- modlint:status -->\n<!-- /modlint:status -->\n" * 2, "has more than one"),
        (b"\xff<!-- modlint:status -->\n", "not UTF-8"),
    ],
)
def test_bad_marker_files_are_usage_errors(tmp_path: Path, content: str | bytes, message: str) -> None:
    target = write_tree(tmp_path, {"M.md": content}) / "M.md"
    before = target.read_bytes()
    for option in ("--check", "--write"):
        code, _, err = status(str(SHOP), option, str(target))
        assert code == 2 and message in err and err.count("\n") == 1, err
    assert target.read_bytes() == before


def test_usage_errors(tmp_path: Path) -> None:
    assert (
        status(str(SHOP), "--check", "a.md", "--write", "b.md")[2]
        == "modlint: error: give --check or --write, not both\n"
    )
    assert status(str(tmp_path / "nowhere"))[2] == f"modlint: error: path not found: {tmp_path / 'nowhere'}\n"
    missing = tmp_path / "absent.md"
    assert status(str(SHOP), "--check", str(missing))[0] == 2
    assert not missing.exists()


def test_bad_columns_are_configuration_errors(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.modlint.status]\ncolumns = ["routes/*", "a/", "a/"]\n',
            "app/modules/x/__init__.py": "",
        },
    )
    code, _, err = status(str(tmp_path))
    assert code == 2
    assert err.splitlines() == [
        f"modlint: error: {tmp_path / 'pyproject.toml'}:2: field 'status.columns': 'routes/*' must be a module-relative path such as 'routes/api/'",
        f"modlint: error: {tmp_path / 'pyproject.toml'}:2: field 'status.columns': 'a/' is listed twice",
    ]


def test_a_folder_named_like_a_subcommand_is_checked_as_a_path(tmp_path: Path) -> None:
    """``modlint status`` is the subcommand; ``modlint ./status`` and ``modlint -- status`` check the folder."""
    shop = copy_shop(tmp_path)
    write_tree(shop, {"status/notes.py": "x = 1\n"})
    for args in (["./status"], ["--", "status"]):
        result = subprocess.run(
            [sys.executable, "-m", "modlint", "--no-cache", *args],
            cwd=shop,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0 and result.stderr.startswith("All checks passed"), (args, result.stderr)
    result = subprocess.run(
        [sys.executable, "-m", "modlint", "status"], cwd=shop, capture_output=True, text=True, check=False
    )
    assert (
        result.returncode == 0 and result.stdout.startswith("Module ") and "4 of 7 modules complete." in result.stdout
    )


def test_text_is_aligned_and_coloured_only_when_asked() -> None:
    from modlint.modmap.status import Row, StatusTable
    from modlint.reporters.status import render_text

    table = StatusTable(
        ("a/", "b.py"),
        (Row("x", ("ok", "findings"), ("b.py",), 1), Row("long_name", ("missing", "not-required"), ("a/",), 0)),
    )
    lines = render_text(table).splitlines()
    assert {width(line.partition("Needs")[0]) for line in lines[1:3]} == {len("long_name  a/  b.py  ")}
    assert lines[-1] == "0 of 2 modules complete."
    assert "\x1b[33mNeeds b.py\x1b[0m" in render_text(table, colour=True)
    assert "\x1b" not in render_text(table)


def test_a_module_name_holding_a_pipe_keeps_the_markdown_tables_whole(tmp_path: Path) -> None:
    """A folder ``p|q`` split its status row and its docs index row into extra cells, and ``a b``
    made the index link no link."""
    import shutil

    root = copy_shop(tmp_path)
    for odd in ("p|q", "a b"):
        shutil.copytree(root / "app/modules/catalog", root / "app/modules" / odd)
    table = CliRunner().invoke(main, ["status", str(root), "--format", "markdown"]).stdout
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert len({len(re.split(r"(?<!\\)\|", row)) for row in rows}) == 1, table
    assert "| p\\|q |" in table and same_table(table, table)
    docs = tmp_path / "docs"
    assert CliRunner().invoke(main, ["docs", str(root), "--write", str(docs)]).exit_code == 0
    index = (docs / "README.md").read_text()
    assert "[p\\|q](p%7Cq.md)" in index and "[a b](a%20b.md)" in index


def test_status_with_standard_output_closed_is_no_internal_error() -> None:
    """``modlint status >&-`` asked a closed standard output whether it is a terminal."""
    code = "import sys\nsys.argv = ['modlint', 'status']\nfrom modlint.__main__ import run\nrun()\n"
    shop = Path(__file__).parent.parent / "fixtures" / "shop"
    command = ["sh", "-c", 'exec "$0" -c "$1" >&-', sys.executable, code]
    done = subprocess.run(command, capture_output=False, stderr=subprocess.PIPE, text=True, check=False, cwd=shop)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
