"""Fixtures of the runtime tests: the shop app and generated apps, importable and cleaned up afterwards.

The runtime imports application code, so every test gets a fresh ``sys.modules`` for the packages
it imports (``app``, ``models``, generated ones), a fresh default registry and no enable/disable
variables from the outer environment.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import modlint.runtime as runtime

from helpers import write_tree
from runtime_helpers import SHOP, MakeApp, purge_modules

_counter = itertools.count()


@pytest.fixture(autouse=True)
def _isolated_runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(runtime.ENABLED_ENV, raising=False)
    monkeypatch.delenv(runtime.DISABLED_ENV, raising=False)
    runtime.reset()
    yield
    runtime.reset()


@pytest.fixture
def shop(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The shop fixture importable as ``app`` / ``models``; returns its root."""
    purge_modules("app", "models")
    monkeypatch.syspath_prepend(str(SHOP))
    yield SHOP.resolve()
    purge_modules("app", "models")


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MakeApp]:
    """``make_app({"orders/definition.py": src, ...})`` writes a modules package and returns its dotted name.

    Keys are relative to the modules folder; each call gets a new, unique top-level package.
    """
    monkeypatch.syspath_prepend(str(tmp_path))
    made: list[str] = []

    def make(files: Mapping[str, str | None]) -> str:
        top = f"genapp{next(_counter)}"
        made.append(top)
        tree = {f"{top}/__init__.py": "", f"{top}/modules/__init__.py": ""}
        write_tree(tmp_path, {**tree, **{f"{top}/modules/{rel}": src for rel, src in files.items()}})
        return f"{top}.modules"

    yield make
    purge_modules(*made)
