"""Pytest fixtures shared by the suite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import Tree, write_tree


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[Tree], Path]:
    """``tree({...})`` writes a project into a fresh temporary folder and returns its root."""

    def make(files: Tree) -> Path:
        return write_tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n", **files})

    return make
