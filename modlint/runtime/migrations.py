"""Point Alembic at every enabled module's ``migrations/versions`` folder.

Alembic reads ``version_locations`` when it builds its script directory, before ``env.py`` runs, so
the locations are set on the ``Config`` object up front (:func:`configure_alembic`). Alembic itself
is not imported: any object with ``set_main_option`` will do.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Protocol

from modlint.runtime.discovery import ModuleInfo


class AlembicConfig(Protocol):
    """The part of ``alembic.config.Config`` the runtime uses."""

    def set_main_option(self, name: str, value: str) -> None: ...


def module_migration_locations(modules: Iterable[ModuleInfo]) -> list[str]:
    """Absolute ``migrations/versions`` folders of ``modules`` that have one, sorted."""
    return sorted(str(m.migrations_path) for m in modules if m.migrations_path is not None)


def set_version_locations(config: AlembicConfig, locations: Iterable[str]) -> None:
    """Store the folders as ``version_locations``, separated by ``os.pathsep`` (``path_separator = os``).

    ``version_path_separator`` is set too for Alembic < 1.16; ``%`` is doubled because Alembic's
    options go through ConfigParser interpolation.
    """
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(loc.replace("%", "%%") for loc in locations))
