"""Regression tests for problems an adversarial review of the module-map subcommands reproduced."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main
from modlint.reporters.module_docs import GENERATED

from helpers import FIXTURES, copy_shop, write_tree

SHOP = FIXTURES / "shop"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_docs_for_one_module_touch_only_its_page(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    folder = shop / "docs" / "modules"
    before = sorted(p.name for p in folder.iterdir())
    assert run("docs", str(shop), "--module", "orders", "--check", str(folder))[0] == 0
    (folder / "orders.md").write_text(GENERATED + "\n\nold\n")
    assert run("docs", str(shop), "--module", "orders", "--write", str(folder))[2].endswith(
        "wrote 1, removed 0, 0 up to date\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == before


def test_docs_pages_in_crlf_or_with_a_bom_are_the_same_pages(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SHOP / "docs" / "modules", tmp_path / "pages"))
    page = folder / "orders.md"
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes().replace(b"\n", b"\r\n"))
    (folder / "latin.md").write_bytes(b"caf\xe9\n")  # not UTF-8, not ours: ignored
    assert run("docs", str(SHOP), "--check", str(folder))[0] == 0


def test_rewritten_files_keep_their_mode_and_symlinks(tmp_path: Path) -> None:
    real = write_tree(tmp_path, {"real.md": "<!-- modlint:status -->\n<!-- /modlint:status -->\n"}) / "real.md"
    os.chmod(real, 0o644)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert run("status", str(SHOP), "--write", str(link))[0] == 0
    assert link.is_symlink() and "| Module |" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o644


@pytest.mark.parametrize(
    ("content", "newline"),
    [
        ("\ufeff<!-- modlint:status -->\n<!-- /modlint:status -->\n", "\n"),
        ("x\r<!-- modlint:status -->\r<!-- /modlint:status -->\r", "\r"),
    ],
)
def test_markers_after_a_bom_and_in_cr_files(tmp_path: Path, content: str, newline: str) -> None:
    target = write_tree(tmp_path, {"M.md": content.encode()}) / "M.md"
    assert run("status", str(SHOP), "--write", str(target))[0] == 0
    text = target.read_bytes().decode()
    assert "| catalog |" in text
    if newline == "\r":
        assert "\n" not in text
    assert run("status", str(SHOP), "--check", str(target))[0] == 0


def test_docs_escape_markdown(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    config = shop / "app/modules/payments/config.py"
    config.write_text(config.read_text().replace('currency: str = "EUR"', 'currency: str = "EUR|USD`x"'))
    page = run("docs", str(shop), "--module", "payments")[1]
    assert "| ``currency`` |".replace("``", "`") in page
    assert '``"EUR\\|USD`x"``' in page


def test_init_reads_subscripted_bases_and_validates_before_writing(tmp_path: Path) -> None:
    root = Path(shutil.copytree(FIXTURES / "layouts" / "flask-blueprints", tmp_path / "f"))
    (root / "architecture.yaml").unlink()
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(text[: text.index("[tool.modlint")])
    for definition in (root / "app/modules").glob("*/definition.py"):
        definition.write_text(definition.read_text().replace("(BaseModule)", "(BaseModule[int])"))
    code, _, err = run("init", str(root))
    assert code == 0, err
    assert 'bases = ["BaseModule"]' in (root / "pyproject.toml").read_text()


@pytest.mark.parametrize(
    ("project", "name"),
    [("routes-package", "routes"), ("flask-blueprints", "pages"), ("flat", "router"), ("flask-blueprints", "e")],
)
def test_new_modules_named_like_their_own_files(tmp_path: Path, project: str, name: str) -> None:
    root = Path(shutil.copytree(FIXTURES / "layouts" / project, tmp_path / project))
    before = json.loads(run(str(root), "--no-cache", "--format", "json")[1])["findings"]
    code, _, err = run("new", name, "--self-contained", "--ui", "--project", str(root))
    assert code == 0, err
    assert json.loads(run(str(root), "--no-cache", "--format", "json")[1])["findings"] == before


def test_new_files_and_folders_come_from_the_rule_not_the_message(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    write_tree(
        shop,
        {
            ".architecture-rules/team.yaml": (
                "rules:\n  - id: TEAM-001\n    name: odd-names\n    severity: error\n    check: required_paths\n"
                '    paths: ["folders.py", "static/img/folder-icon.png", "assets/"]\n    description: x\n'
            )
        },
    )
    assert run("new", "billing", "--project", str(shop))[0] == 0
    base = shop / "app/modules/billing"
    assert (base / "folders.py").is_file() and (base / "static/img/folder-icon.png").is_file()
    assert (base / "assets").is_dir()


def test_new_copies_only_the_imports_the_definition_uses(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    definition = shop / "app/modules/catalog/definition.py"
    definition.write_text(
        "import logging\nfrom app.modules.catalog.config import CatalogConfig\nlog = logging.getLogger(__name__)\n"
        + definition.read_text()
    )
    assert run("new", "billing", "--project", str(shop))[0] == 0
    text = (shop / "app/modules/billing/definition.py").read_text()
    assert "logging" not in text and "CatalogConfig" not in text
    assert "billing_module = ModuleDefinition(" in text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("class", "must be a lowercase Python identifier"),
        ("a" * 300, "at most 64 characters"),
        ("billing", "app/modules/billing.py already exists"),
    ],
)
def test_new_refuses(tmp_path: Path, name: str, message: str) -> None:
    shop = copy_shop(tmp_path)
    (shop / "app/modules/billing.py").write_text("X = 1\n")
    code, _, err = run("new", name, "--project", str(shop))
    assert code == 2 and message in err and err.count("\n") == 1, err


def test_a_path_too_long_is_a_one_line_error() -> None:
    code, _, err = run("status", "a" * 300)
    assert code == 2 and err.startswith("modlint: error: ") and err.count("\n") == 1, err
