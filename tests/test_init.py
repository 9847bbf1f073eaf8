"""``modlint init``: a starter configuration inferred from each fixture with its configuration
removed; the outliers it lists are exactly what the inferred rules then report, and it never
overwrites anything."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from modlint import schemas
from modlint.cli import main

from helpers import FIXTURES, write_tree

PROJECTS = {
    "shop": FIXTURES / "shop",
    "flat": FIXTURES / "layouts" / "flat",
    "routes-package": FIXTURES / "layouts" / "routes-package",
    "flask-blueprints": FIXTURES / "layouts" / "flask-blueprints",
}
RULE_FILE = ".architecture-rules/modlint-init.yaml"


def unconfigured(project: str, folder: Path) -> Path:
    """The fixture as a team has it before adopting modlint: no [tool.modlint], no rule file."""
    root = Path(shutil.copytree(PROJECTS[project], folder / project, ignore=shutil.ignore_patterns(".modlint_cache")))
    (root / "architecture.yaml").unlink(missing_ok=True)
    text = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(text[: text.index("[tool.modlint")] if "[tool.modlint" in text else text)
    return root


def init(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["init", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def outliers(err: str) -> list[str]:
    lines = err.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Inferred from"))
    return [line.strip() for line in lines[start + 1 :] if line.strip() != "none"]


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_the_listed_outliers_are_what_the_inferred_rules_report(
    tmp_path: Path, project: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = unconfigured(project, tmp_path)
    monkeypatch.chdir(root)
    code, _, err = init(root)
    assert code == 0, err
    rules = yaml.safe_load((root / RULE_FILE).read_text())
    jsonschema.validate(rules, json.loads(schemas.RULES.read_text()))
    result = CliRunner().invoke(main, [str(root), "--no-cache"])
    assert result.exit_code in (0, 1), result.stderr
    reported = [line for line in result.stdout.splitlines() if line]
    assert outliers(err) == reported
    assert len(reported) < 12  # the inferred rules fit: only the outliers are left


@pytest.mark.parametrize(
    ("project", "table", "expected"),
    [
        (
            "flat",
            ['modules-root = "src/modules"', 'source-roots = ["src"]', 'file = "manifest.py"', 'form = "dict"'],
            "{abbr}_{seq}_{desc}.py",
        ),
        ("routes-package", ['modules-root = "backend/app/modules"', 'source-roots = ["backend"]'], "{rev}_{desc}.py"),
        ("flask-blueprints", ['form = "class"', 'bases = ["BaseModule"]'], "{module}_pages_bp"),
    ],
)
def test_what_is_inferred(tmp_path: Path, project: str, table: list[str], expected: str) -> None:
    root = unconfigured(project, tmp_path)
    code, out, _ = init(root, "--print")
    assert code == 0
    for line in table:
        assert line in out
    assert expected in out
    assert not (root / RULE_FILE).exists() and "[tool.modlint" not in (root / "pyproject.toml").read_text()


def test_the_shop_needs_no_settings(tmp_path: Path) -> None:
    root = unconfigured("shop", tmp_path)
    before = (root / "pyproject.toml").read_text()
    assert init(root)[0] == 0
    assert (root / "pyproject.toml").read_text() == before + "\n[tool.modlint]\n"


def test_never_overwrites(tmp_path: Path) -> None:
    root = unconfigured("flat", tmp_path)
    write_tree(root, {RULE_FILE: "rules: []\n"})
    code, _, err = init(root)
    assert code == 2 and err == f"modlint: error: {root / RULE_FILE} exists; move it away or use --print\n"
    assert (root / RULE_FILE).read_text() == "rules: []\n"
    configured = unconfigured("routes-package", tmp_path / "other")
    pyproject = configured / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.modlint]\nmodules-root = "backend/app/modules"\n')
    before = pyproject.read_bytes()
    code, out, err = init(configured)
    assert code == 0 and "already has [tool.modlint]; not changed" in err
    assert pyproject.read_bytes() == before
    assert 'source-roots = ["backend"]' in out


def test_a_tree_without_modules_is_a_usage_error(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.py": "print('hi')\n"})
    code, _, err = init(tmp_path)
    assert code == 2 and "looks like a modules root" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["main.py"]
