"""``modlint new``: a scaffolded module passes every active rule of each fixture project, the
project's own rules included; bad names and existing folders are refused without writing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main

from helpers import FIXTURES, write_tree

PROJECTS = {
    "shop": (FIXTURES / "shop", "app/modules"),
    "flat": (FIXTURES / "layouts" / "flat", "src/modules"),
    "routes-package": (FIXTURES / "layouts" / "routes-package", "backend/app/modules"),
    "flask-blueprints": (FIXTURES / "layouts" / "flask-blueprints", "app/modules"),
}


def copy(project: str, folder: Path) -> Path:
    source, _ = PROJECTS[project]
    return Path(shutil.copytree(source, folder / project, ignore=shutil.ignore_patterns(".modlint_cache")))


def findings(root: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, [str(root), "--format", "json", "--no-cache"])
    assert result.exit_code in (0, 1), result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return found


def new(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", *args, "--project", str(root)])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("flags", [(), ("--self-contained", "--ui")], ids=["plain", "self-contained-ui"])
@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_a_new_module_passes_every_active_rule(tmp_path: Path, project: str, flags: tuple[str, ...]) -> None:
    root = copy(project, tmp_path)
    before = findings(root)
    code, err = new(root, "ledger", *flags)
    assert code == 0, err
    modules_root = PROJECTS[project][1]
    created = sorted(p.relative_to(root).as_posix() for p in (root / modules_root / "ledger").rglob("*") if p.is_file())
    assert err.splitlines() == [f"Created {path}" for path in created]
    assert findings(root) == before  # nothing about the new module, nothing new elsewhere
    assert CliRunner().invoke(main, ["status", str(root), "--format", "json"]).exit_code == 0


def test_self_contained_and_ui_create_what_the_rules_then_require(tmp_path: Path) -> None:
    root = copy("shop", tmp_path)
    assert new(root, "ledger", "--self-contained", "--ui")[0] == 0
    base = root / "app/modules/ledger"
    for folder in ("services", "models", "schemas", "routes", "routes/api", "routes/pages"):
        assert (base / folder / "__init__.py").is_file(), folder
    assert (base / "exceptions.py").is_file()
    assert (base / "templates").is_dir() and (base / "static").is_dir()
    assert "is_self_contained=True" in (base / "definition.py").read_text()
    assert "router = APIRouter(" in (base / "routes/pages/ledger.py").read_text()


def test_the_teams_own_rules_scaffold_too(tmp_path: Path) -> None:
    """A rule the team added (README.md and locales/ in every module) shapes the scaffold; an export
    the team requires is bound as the other modules bind it."""
    root = copy("flask-blueprints", tmp_path)
    write_tree(
        root,
        {
            ".architecture-rules/team.yaml": (
                "rules:\n"
                "  - id: TEAM-001\n    name: module-readme\n    severity: error\n    check: required_paths\n"
                "    paths: [README.md, locales/]\n    description: every module documents itself\n"
            )
        },
    )
    assert new(root, "ledger", "--ui")[0] == 0
    base = root / "app/modules/ledger"
    assert (base / "README.md").is_file() and (base / "locales/.gitkeep").is_file()
    assert 'ledger_pages_bp = Blueprint("ledger_pages"' in (base / "routes/pages.py").read_text()
    assert not [f for f in findings(root) if "ledger" in str(f["path"])]


def test_what_the_rules_still_report_is_named(tmp_path: Path) -> None:
    """A convention no peer shows is not guessed: the module is created and the finding named (exit 1)."""
    root = copy("shop", tmp_path)
    write_tree(
        root,
        {
            ".architecture-rules/team.yaml": (
                "rules:\n  - id: TEAM-002\n    name: module-version\n    severity: error\n    check: exports\n"
                "    files: [__init__.py]\n    names: [__version__]\n    description: modules carry a version\n"
            )
        },
    )
    code, err = new(root, "ledger")
    assert code == 1
    assert err.splitlines()[-1] == (
        "modlint: warning: the scaffold still has TEAM002: app/modules/ledger/__init__.py: "
        "does not bind '__version__' at top level"
    )
    assert (root / "app/modules/ledger/definition.py").is_file()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("orders", "modlint: error: app/modules/orders already exists"),
        ("Billing", "modlint: error: module name 'Billing' must be a lowercase Python identifier"),
        ("bill-ing", "modlint: error: module name 'bill-ing' must be a lowercase Python identifier"),
        ("../x", "modlint: error: module name '../x' must be a lowercase Python identifier"),
    ],
)
def test_refused_names_write_nothing(tmp_path: Path, name: str, message: str) -> None:
    root = copy("shop", tmp_path)
    listing = sorted(p.relative_to(root) for p in root.rglob("*"))
    code, err = new(root, name)
    assert code == 2 and err.startswith(message) and err.count("\n") == 1, err
    assert sorted(p.relative_to(root) for p in root.rglob("*") if ".modlint_cache" not in p.parts) == [
        p for p in listing if ".modlint_cache" not in p.parts
    ]


def test_dry_run_creates_nothing(tmp_path: Path) -> None:
    root = copy("shop", tmp_path)
    code, err = new(root, "ledger", "--dry-run", "--ui")
    assert code == 0 and "Would create app/modules/ledger/routes/pages/ledger.py" in err
    assert not (root / "app/modules/ledger").exists()


def test_as_a_subprocess(tmp_path: Path) -> None:
    root = copy("shop", tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "modlint", "new", "ledger"], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "Created app/modules/ledger/__init__.py",
        "Created app/modules/ledger/definition.py",
    ]


def test_class_form_takes_the_imports_of_the_class_on_the_configured_base(tmp_path: Path) -> None:
    """The first class with any base was the example: an Enum above the module class gave the new
    definition ``from enum import Enum`` and no ``BaseModule`` (the app then failed to start)."""
    root = copy("flask-blueprints", tmp_path)
    for definition in (root / "app/modules").glob("*/definition.py"):
        text = definition.read_text().replace(
            "\n\nclass ", "\nfrom enum import Enum\n\n\nclass Color(Enum):\n    RED = 1\n\n\nclass ", 1
        )
        definition.write_text(text)
    assert new(root, "ledger")[0] == 0
    written = (root / "app/modules/ledger/definition.py").read_text()
    assert "from app.core.module import BaseModule" in written and "Enum" not in written


def test_a_copied_binding_brings_the_constants_it_uses(tmp_path: Path) -> None:
    """A peer's ``Blueprint(..., template_folder=TEMPLATES)`` was copied without ``TEMPLATES``."""
    root = copy("flask-blueprints", tmp_path)
    for pages in (root / "app/modules").glob("*/routes/pages.py"):
        text = pages.read_text()
        text = text.replace('template_folder="../templates"', "template_folder=TEMPLATES")
        text = text.replace("\n\n", '\n\nTEMPLATES = "../templates"\n\n', 1)
        pages.write_text(text)
    assert new(root, "ledger", "--ui")[0] == 0
    written = (root / "app/modules/ledger/routes/pages.py").read_text()
    assert 'TEMPLATES = "../templates"' in written
    assert written.index("TEMPLATES =") < written.index("template_folder=TEMPLATES")
    compile(written, "pages.py", "exec")


def test_a_code_key_called_name_keeps_the_code(tmp_path: Path) -> None:
    """With ``code-key = "name"`` the label overwrote the code (MOD-012 then failed)."""
    root = copy("shop", tmp_path)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.modlint.definition]\ncode-key = "name"\n')
    new(root, "ledger")
    assert 'name="ledger",' in (root / "app/modules/ledger/definition.py").read_text()
    assert not [f for f in findings(root) if "ledger" in str(f["path"])]


@pytest.mark.parametrize(
    ("name", "prepare", "message"),
    [
        ("build", None, "app/modules/build is excluded (see exclude in [tool.modlint])"),
        ("gift_cards", "app/modules/gift-cards", "app/modules/gift-cards already exists"),
        ("readme", None, "module 'readme' would overwrite the index page README.md"),
    ],
)
def test_names_the_tools_could_never_see_are_refused(
    tmp_path: Path, name: str, prepare: str | None, message: str
) -> None:
    """``new build`` made a module no run checks (``build`` is excluded), ``new gift_cards`` a second
    ``gift-cards`` for the runtime, ``new readme`` a module whose docs page is the index."""
    root = copy("shop", tmp_path)
    if prepare:
        shutil.copytree(root / "app/modules/catalog", root / prepare)
        definition = root / prepare / "definition.py"
        definition.write_text(definition.read_text().replace('code="catalog"', 'code="gift-cards"'))
    code, err = new(root, name)
    assert code == 2 and message in err and err.count("\n") == 1, err
    assert not (root / "app/modules" / name).exists()
