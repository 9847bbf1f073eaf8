"""The flake8 plugin, through the real ``flake8`` command, agrees with ``modlint --format json``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main

from helpers import FIXTURES

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<message>.*)$")


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "shop", tmp_path / "shop"))


def flake8(root: Path, *args: str) -> list[tuple[str, int, int, str, str]]:
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "MOD", *args, "app", "models"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    rows = [LINE.match(line) for line in done.stdout.splitlines()]
    assert all(rows), done.stdout
    return sorted(
        (m["path"].removeprefix("./"), int(m["line"]), int(m["col"]), m["code"], m["message"]) for m in rows if m
    )


def modlint_json(root: Path) -> list[tuple[str, int, int, str, str]]:
    findings = json.loads(CliRunner().invoke(main, [str(root), "--format", "json"]).stdout)["findings"]
    return sorted(
        (f["path"], f["line"], f["column"], f["code"], f["message"]) for f in findings if f["path"].endswith(".py")
    )


def test_flake8_reports_what_modlint_reports(shop: Path) -> None:
    expected = modlint_json(shop)
    assert len(expected) == 8
    assert flake8(shop) == expected


def test_parallel_jobs_give_the_same_findings(shop: Path) -> None:
    assert flake8(shop, "-j", "2") == modlint_json(shop)


def test_noqa_and_project_configuration_are_honoured(shop: Path) -> None:
    route = shop / "app/modules/notifications/routes/api/notifications.py"
    lines = route.read_text().splitlines()
    lines[5] += "  # noqa: MOD004"
    route.write_text("\n".join(lines) + "\n")
    pyproject = shop / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'ignore = ["MOD-014"]\n')
    codes = [row[3] for row in flake8(shop)]
    assert sorted(codes) == ["MOD001", "MOD002", "MOD007", "MOD011", "MOD024", "MOD025"]


def test_configuration_error_is_reported_not_raised(shop: Path) -> None:
    (shop / "pyproject.toml").write_text("[tool.modlint]\nselect = [\n")
    rows = flake8(shop)
    assert rows and all(row[3] == "MOD999" and "invalid TOML" in row[4] for row in rows)


def test_a_cache_folder_linked_to_itself_is_the_users_to_fix_not_an_internal_error(shop: Path) -> None:
    shutil.rmtree(shop / ".modlint_cache", ignore_errors=True)
    (shop / ".modlint_cache").symlink_to(".modlint_cache")
    rows = flake8(shop)
    assert rows and all(row[3] == "MOD999" and "symbolic link loop" in row[4] for row in rows), rows


def test_missing_modules_root_is_reported_not_passed(shop: Path) -> None:
    pyproject = shop / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("[tool.modlint]", '[tool.modlint]\nmodules-root = "src/mods"'))
    rows = flake8(shop)
    assert rows and all(row[3] == "MOD999" for row in rows)
    assert rows[0][4] == (
        f"modlint cannot check this project: modules root 'src/mods' does not exist in {shop} "
        "(set modules-root in [tool.modlint])"
    )


def test_files_skipped_with_mod000_ignored_are_a_warning(shop: Path) -> None:
    pyproject = shop / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'ignore = ["MOD-000"]\n')
    (shop / "app/modules/orders/services/broken.py").write_text("def (:\n")
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "MOD", "app/modules/orders/definition.py"],
        cwd=shop,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr
    assert (
        "modlint: warning: 1 file could not be read or parsed and was not checked (select MOD-000 to see them), "
        "the first: app/modules/orders/services/broken.py:" in done.stderr
    )


def test_an_unsaved_buffer_on_stdin_gets_no_findings_of_the_saved_file(shop: Path) -> None:
    """An editor piping its buffer (``flake8 --stdin-display-name FILE -``) got the saved file's
    findings at the saved file's lines; the saved text itself still gets them."""
    rows = modlint_json(shop)
    route = rows[0][0]
    expected = [row for row in rows if row[0] == route]

    def from_stdin(text: str) -> list[str]:
        command = [sys.executable, "-m", "flake8", "--select", "MOD", "--stdin-display-name", route, "-"]
        done = subprocess.run(command, cwd=shop, input=text, capture_output=True, text=True, check=False)
        assert "Traceback" not in done.stderr
        return done.stdout.splitlines()

    saved = (shop / route).read_text()
    assert len(from_stdin(saved)) == len(expected)
    assert from_stdin("x = 1\n") == []


def test_a_file_modlint_cannot_decode_still_gets_its_finding(shop: Path) -> None:
    """flake8 reads such a file as latin-1; the saved-text comparison took it for an unsaved buffer."""
    (shop / "app/modules/catalog/services/latin.py").write_bytes(b'x = "caf\xe9"\n')
    assert ("app/modules/catalog/services/latin.py", 1, 1, "MOD000") in [row[:4] for row in flake8(shop)]
