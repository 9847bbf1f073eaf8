"""Alembic runs every enabled module's migrations: one branch per module (the shop) or one chain."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

import modlint.runtime as runtime
from modlint.runtime import Registry, set_version_locations

from runtime_helpers import ALEMBIC_ENV, SHOP_PACKAGE, MakeApp, alembic_config, definition, tables

SHOP_TABLES = {
    "catalog_product",
    "core_auth_user",
    "customers_customer",
    "inventory_stock_item",
    "notifications_notification",
    "orders_order",
    "orders_order_line",
    "payments_payment",
}

MIGRATION = '''"""{table}"""

import sqlalchemy as sa
from alembic import op

revision = {revision!r}
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table({table!r}, sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table({table!r})
'''


def columns(database: Path, table: str) -> set[str]:
    engine = sa.create_engine(f"sqlite:///{database}")
    try:
        return {column["name"] for column in sa.inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


@pytest.mark.usefixtures("shop")
def test_upgrade_heads_runs_every_module(tmp_path: Path) -> None:
    database = tmp_path / "shop.db"
    config = alembic_config(database)
    assert config.get_version_locations_list() == runtime.migration_locations()
    command.upgrade(config, "heads")
    assert tables(database) == SHOP_TABLES
    assert {"status"} <= columns(database, "orders_order")
    assert {"is_read"} <= columns(database, "notifications_notification")


@pytest.mark.usefixtures("shop")
def test_downgrade_one_module_branch(tmp_path: Path) -> None:
    database = tmp_path / "shop.db"
    config = alembic_config(database)
    command.upgrade(config, "heads")
    command.downgrade(config, "orders@base")
    assert tables(database) == SHOP_TABLES - {"orders_order", "orders_order_line"}
    command.upgrade(config, "orders@head")
    assert tables(database) == SHOP_TABLES


@pytest.mark.usefixtures("shop")
def test_disabled_module_migrations_are_skipped(tmp_path: Path) -> None:
    registry = Registry(SHOP_PACKAGE, disabled=["payments"])
    assert not any("/payments/" in location for location in registry.migration_locations())
    database = tmp_path / "shop.db"
    command.upgrade(alembic_config(database, registry), "heads")
    assert tables(database) == SHOP_TABLES - {"payments_payment"}


def load_migrate_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("runtime_test_migrate", ALEMBIC_ENV / "migrate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.usefixtures("shop")
def test_documented_command_line_wrapper(tmp_path: Path) -> None:
    """``python -m app.migrate upgrade heads`` with a plain alembic.ini (no version_locations in it)."""
    database = tmp_path / "shop.db"
    ini = tmp_path / "alembic.ini"
    ini.write_text(
        f"[alembic]\nscript_location = {ALEMBIC_ENV}\nsqlalchemy.url = sqlite:///{database}\n", encoding="utf-8"
    )
    load_migrate_script().main(["-c", str(ini), "upgrade", "heads"])
    assert tables(database) == SHOP_TABLES


def test_one_chain_across_modules(make_app: MakeApp, tmp_path: Path) -> None:
    """Modules may share one linear history instead: each first migration revises the other module's head."""
    versions = {"billing": "billing/migrations/versions", "ledger": "ledger/migrations/versions"}
    files: dict[str, str | None] = {}
    for name, folder in versions.items():
        files[f"{name}/definition.py"] = definition(name)
        files[f"{folder}/__init__.py"] = ""
        files[f"{name}/migrations/__init__.py"] = ""
    files[f"{versions['ledger']}/ledger_001_create_entries.py"] = MIGRATION.format(
        table="ledger_entry", revision="ledger_001", down=None
    )
    files[f"{versions['billing']}/billing_001_create_invoices.py"] = MIGRATION.format(
        table="billing_invoice", revision="billing_001", down="ledger_001"
    )
    registry = Registry(make_app(files), enabled=["billing", "ledger"])
    database = tmp_path / "chain.db"
    config = alembic_config(database, registry)
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == ["billing_001"]
    command.upgrade(config, "head")
    assert tables(database) == {"ledger_entry", "billing_invoice"}
    billing = next(m for m in registry.modules() if m.name == "billing").migrations_path
    assert billing is not None
    command.revision(config, "add notes", rev_id="billing_002", head="head", version_path=str(billing))
    assert (billing / "billing_002_add_notes.py").is_file()  # the linter's {module}_{seq}_{desc}.py
    assert ScriptDirectory.from_config(config).get_heads() == ["billing_002"]
    command.downgrade(config, "base")
    assert tables(database) == set()


def test_version_locations_survive_percent_signs(tmp_path: Path) -> None:
    folders = [str(tmp_path / "100%" / "versions"), str(tmp_path / "b" / "versions")]
    config = Config()
    set_version_locations(config, folders)
    assert config.get_version_locations_list() == folders


def test_no_module_with_migrations_is_no_missing_configuration(make_app: MakeApp, tmp_path: Path) -> None:
    """``version_locations`` is "" then, and the env.py check took that for configure_alembic never called."""
    package = make_app({"alpha/definition.py": definition("alpha")})
    config = alembic_config(tmp_path / "db.sqlite", Registry(package))
    command.upgrade(config, "heads")  # nothing to run, and no "call configure_alembic(config) first"
