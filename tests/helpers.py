"""Test helpers: build project trees from dicts (a fake checkout on disk) and lint them."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from modlint.checks import examples
from modlint.config.loading import load_config
from modlint.pipeline import check
from modlint.results.report import Report

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"

Tree = Mapping[str, "str | bytes | None"]


def write_tree(root: Path, tree: Tree) -> Path:
    """Create files (str/bytes content) and folders (None) below ``root``."""
    for rel, content in tree.items():
        path = root / rel
        if content is None:
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def lint(root: Path, *select: str) -> Report:
    """Run the engine on ``root`` as the CLI would, optionally selecting rules."""
    config = load_config(root)
    return check(config, config.active_rules(list(select)))


def brief(report: Report) -> list[tuple[str, str, int, int]]:
    """(rule, path, line, column) of each finding, in report order."""
    return [(f.rule_id, f.path, f.line, f.column) for f in report.findings]


M = "app/modules/orders/"
DEFINITION = 'orders_module = ModuleDefinition(code="orders", name="Orders", is_self_contained=True)\n'


def clean_module(name: str = "orders", *, self_contained: bool = True) -> dict[str, str | bytes | None]:
    """A module that passes every default rule (the one rule examples are laid over), project paths."""
    files = examples.clean_module(name, self_contained=self_contained)
    return {f"app/modules/{name}/{rel}": text for rel, text in files.items()}


def without(files: dict[str, str | bytes | None], *paths: str) -> dict[str, str | bytes | None]:
    """``files`` minus the given paths (and anything below them)."""
    return {k: v for k, v in files.items() if not any(k == p or k.startswith(p.rstrip("/") + "/") for p in paths)}


def copy_shop(folder: Path) -> Path:
    """A fresh copy of the shop fixture (without a cache it may hold) at ``folder/shop``."""
    root = folder / "shop"
    shutil.rmtree(root, ignore_errors=True)
    return Path(shutil.copytree(FIXTURES / "shop", root, ignore=shutil.ignore_patterns(".modlint_cache")))
