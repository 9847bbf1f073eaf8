"""Shared constants and helpers of the runtime tests (conftest.py cannot be imported reliably)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from helpers import FIXTURES

SHOP = FIXTURES / "shop"
SHOP_PACKAGE = "app.modules"
ALEMBIC_ENV = Path(__file__).resolve().parent / "alembic_env"

MakeApp = Callable[[Mapping[str, "str | None"]], str]


def purge_modules(*top_level: str) -> None:
    """Forget every imported module under these top-level packages, so the next import is fresh."""
    for name in list(sys.modules):
        if name.split(".", 1)[0] in top_level:
            del sys.modules[name]


def definition(code: str, **facts: object) -> str:
    """The source of a definition.py declaring module ``code``."""
    args = "".join(f", {key}={value!r}" for key, value in facts.items())
    return f"from modlint.runtime import ModuleDefinition\n\nmodule = ModuleDefinition(code={code!r}{args})\n"
