"""The code's shape, held to what README and pyproject.toml promise about it."""

from __future__ import annotations

import pkgutil
import sys
from pathlib import Path

import modlint
import modlint.checks
from modlint import values
from modlint.checks import KINDS, SUPPORT_MODULES, kind_names
from modlint.config.loading import load_config
from modlint.layout import (
    CONFIG_NAMES,
    MIGRATION_VERSIONS_FOLDER,
    MIGRATIONS_FOLDER,
    ROUTE_FOLDERS,
    ROUTER_NAME,
)
from modlint.reporters.docs import update

from helpers import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _all_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(modlint.__path__, "modlint."))


def _contract(name_start: str) -> dict[str, object]:
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["name"].startswith(name_start))


def _covered(module: str, sources: list[str]) -> bool:
    return any(module == s or module.startswith(s + ".") for s in sources)


def test_only_the_cli_may_import_click_and_the_contract_covers_every_other_module() -> None:
    sources = _contract("Only the CLI adapter")["source_modules"]
    assert isinstance(sources, list)
    uncovered = [m for m in _all_modules() if not _covered(m, sources) and m not in ("modlint", "modlint.__main__")]
    assert all(m.startswith("modlint.cli") for m in uncovered), uncovered


def test_only_facts_cst_may_import_libcst_and_the_contract_covers_every_other_module() -> None:
    sources = _contract("Only the libcst adapter")["source_modules"]
    assert isinstance(sources, list)
    uncovered = [m for m in _all_modules() if not _covered(m, sources) and m not in ("modlint", "modlint.__main__")]
    assert uncovered == [
        "modlint.facts",
        "modlint.facts.cst",
        "modlint.facts.cst.extract",
        "modlint.facts.cst.positions",
    ]


def test_every_module_in_checks_is_a_kind_named_by_its_file() -> None:
    files = sorted(m.name for m in pkgutil.iter_modules([str(REPO / "modlint" / "checks")]))
    assert sorted(KINDS) == [f for f in files if f not in SUPPORT_MODULES]
    for name, kind in KINDS.items():
        assert kind.kind_name() == name
        assert kind.__module__ == f"modlint.checks.{name}"


def test_shipped_rules_ask_for_what_the_runtime_loads() -> None:
    rules = {r.id: r for r in load_config(REPO / "fixtures" / "shop").ruleset.rules}
    assert rules["MOD-010"].names == [ROUTER_NAME]
    assert set(rules["MOD-010"].files) >= {f"{folder}/*.py" for folder in ROUTE_FOLDERS.values()}
    assert rules["MOD-013"].names == list(CONFIG_NAMES)
    assert rules["MOD-009"].paths == ["{definition}"]
    assert rules["MOD-015"].dirs == [MIGRATIONS_FOLDER, MIGRATION_VERSIONS_FOLDER]
    assert str(rules["MOD-012"].anchor) == "definition"  # at the code key the settings name


def test_readme_tables_are_generated_from_the_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rules = load_config(REPO / "fixtures" / "shop").ruleset.rules
    assert update(readme, rules) == readme, "README's tables drifted: run `python3 -m modlint.reporters.docs README.md`"


def test_readme_tables_notice_a_changed_rule() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rules = load_config(REPO / "fixtures" / "shop").ruleset.rules
    changed = [values.replace(r, summary="something else") if r.id == "MOD-010" else r for r in rules]
    assert update(readme, changed) != readme


def test_the_check_kinds_are_the_modules_pkgutil_would_list(tmp_path: Path) -> None:
    """Listed by hand (pkgutil imports inspect): a stray file that is no module name (an editor's lock
    link, a backup) is no kind, a sourceless install's ``.pyc`` is one, the shared machinery never."""
    for name in ("parses.py", "exports.pyc", ".#parses.py", "parses.orig.py", "_private.py", "base.py", "notes.txt"):
        (tmp_path / name).write_text("")
    assert kind_names([str(tmp_path)]) == ["exports", "parses"]
    package = Path(modlint.checks.__file__).parent
    assert kind_names([str(package)]) == sorted(
        m.name for m in pkgutil.iter_modules([str(package)]) if m.name not in SUPPORT_MODULES and m.name[0] != "_"
    )
