"""Shared helpers: build project trees from dicts (a fake checkout on disk) and lint them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from modlint import engine
from modlint.engine import Report
from modlint.project import load_project
from modlint.settings import load_settings

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
    loaded = load_settings(root)
    project = load_project(root, loaded)
    return engine.run(root, loaded.settings, project.active_rules(list(select)), enabled=project.ruleset.enabled)


def brief(report: Report) -> list[tuple[str, str, int, int]]:
    """(rule, path, line, column) of each finding, in report order."""
    return [(f.rule_id, f.path, f.line, f.column) for f in report.findings]


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[Tree], Path]:
    """``tree({...})`` writes a project into a fresh temporary folder and returns its root."""

    def make(files: Tree) -> Path:
        return write_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n", **files})

    return make
