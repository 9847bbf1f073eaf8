"""Shared constants and helpers of the runtime tests (conftest.py cannot be imported reliably)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import sqlalchemy as sa
from alembic.config import Config

import modlint.runtime as runtime
from modlint.runtime import Registry

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


def alembic_config(database: Path, registry: Registry | None = None) -> Config:
    """A Config built in code: the shipped env.py, a SQLite file and the modules' version folders."""
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_ENV))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{database}")
    if registry is None:
        runtime.configure_alembic(config)
    else:
        registry.configure_alembic(config)
    return config


def tables(database: Path) -> set[str]:
    engine = sa.create_engine(f"sqlite:///{database}")
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()
