"""Alembic environment of a modular application (the env.py documented in docs/runtime.md).

Alembic reads ``version_locations`` before this file runs, so the enabled modules' migration folders
are set on the Config by the caller (``modlint.runtime.configure_alembic``); this file connects and
runs the migrations.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.get_main_option("version_locations") is None:  # "" when no enabled module has migrations
    raise RuntimeError("no version_locations: call modlint.runtime.configure_alembic(config) first")

# For autogenerate: the metadata shared by the models, e.g. ``from app.core.database import Base``.
target_metadata = config.attributes.get("target_metadata")


def run_migrations_offline() -> None:
    """Emit SQL (``--sql``) without a database connection."""
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on a connection to ``sqlalchemy.url``."""
    section = config.get_section(config.config_ini_section, {})
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
