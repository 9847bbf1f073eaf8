"""The runtime's state: a modules package, its enabled modules and caches of what was loaded.

An application normally uses the module-level functions, which share one default :class:`Registry`
(package ``app.modules``, enabled set from the environment); tests build their own or call
:func:`reset`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping

from modlint.runtime.config import load_module_config
from modlint.runtime.discovery import DEFAULT_PACKAGE, ModuleInfo, discover_modules
from modlint.runtime.errors import ModuleDisabledError
from modlint.runtime.migrations import AlembicConfig, module_migration_locations, set_version_locations
from modlint.runtime.routers import RouteKind, RouterEntry, RouterHost, iter_module_routers, mount
from modlint.runtime.selection import ModuleIndex, names_argument, select_enabled


class Registry:
    """The modules of one package and which of them are enabled; discovery and configs are cached.

    ``enabled`` / ``disabled`` replace the ``MODLINT_ENABLED_MODULES`` / ``MODLINT_DISABLED_MODULES``
    environment variables (read from ``environ``, default ``os.environ``, on first use).
    """

    def __init__(
        self,
        package: str = DEFAULT_PACKAGE,
        *,
        enabled: Iterable[str] | None = None,
        disabled: Iterable[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.package = package
        self._enabled_arg = None if enabled is None else names_argument("enabled", enabled)
        self._disabled_arg = None if disabled is None else names_argument("disabled", disabled)
        self._environ = environ
        self._modules: tuple[ModuleInfo, ...] | None = None
        self._enabled: frozenset[str] | None = None
        self._configs: dict[str, object | None] = {}

    def __repr__(self) -> str:
        return f"Registry(package={self.package!r})"

    def reset(self) -> None:
        """Forget what was discovered, selected and loaded (Python's own import cache is kept)."""
        self._modules = None
        self._enabled = None
        self._configs.clear()

    def modules(self) -> tuple[ModuleInfo, ...]:
        """Every module of the package, enabled or not, sorted by name."""
        if self._modules is None:
            self._modules = discover_modules(self.package)
        return self._modules

    def module(self, name: str) -> ModuleInfo:
        """The module called ``name`` (its folder name, or its code); unknown names list the known ones."""
        resolved = ModuleIndex(self.modules()).resolve(name)
        return next(m for m in self.modules() if m.name == resolved)

    def dependency_graph(self) -> dict[str, tuple[str, ...]]:
        """``{module: the modules it requires}`` for every module, enabled or not: the graph the runtime
        enforces and the linter's boundaries rules check the imports against (an unknown ``requires``
        entry is kept as written)."""
        index = ModuleIndex(self.modules())
        return {m.name: tuple(index.get(r) or r for r in m.definition.requires) for m in self.modules()}

    def enabled_names(self) -> frozenset[str]:
        """The names of the enabled modules, validated (core modules on, ``requires`` satisfied)."""
        if self._enabled is None:
            environ = os.environ if self._environ is None else self._environ
            self._enabled = select_enabled(
                self.modules(), enabled=self._enabled_arg, disabled=self._disabled_arg, environ=environ
            )
        return self._enabled

    def enabled_modules(self) -> tuple[ModuleInfo, ...]:
        """The enabled modules, sorted by name."""
        enabled = self.enabled_names()
        return tuple(m for m in self.modules() if m.name in enabled)

    def is_enabled(self, name: str) -> bool:
        """Whether the module called ``name`` is enabled."""
        return self.module(name).name in self.enabled_names()

    def get_module_config(self, name: str) -> object | None:
        """The module's config object (cached), or None when it has no ``config.py``."""
        module = self.module(name)
        if module.name not in self.enabled_names():
            raise ModuleDisabledError(module.name)
        if module.name not in self._configs:
            self._configs[module.name] = load_module_config(module)
        return self._configs[module.name]

    def load_configs(self) -> dict[str, object]:
        """Every enabled module's config, by module name (modules without ``config.py`` are left out)."""
        configs = {m.name: self.get_module_config(m.name) for m in self.enabled_modules()}
        return {name: config for name, config in configs.items() if config is not None}

    def iter_routers(self, kind: RouteKind | None = None) -> Iterator[RouterEntry]:
        """Each enabled module's route files' routers (``kind``: ``"api"``, ``"pages"`` or None for both)."""
        return iter_module_routers(self.enabled_modules(), kind)

    def include_routers(self, app: RouterHost, *, prefix: str = "", kind: RouteKind | None = None) -> list[RouterEntry]:
        """Mount every enabled router on ``app`` (FastAPI app or ``APIRouter``); returns what was mounted."""
        return mount(app, self.iter_routers(kind), prefix=prefix)

    def migration_locations(self) -> list[str]:
        """The enabled modules' ``migrations/versions`` folders: absolute, sorted."""
        return module_migration_locations(self.enabled_modules())

    def configure_alembic(self, config: AlembicConfig) -> list[str]:
        """Set ``version_locations`` on an Alembic ``Config``; returns the folders set."""
        locations = self.migration_locations()
        set_version_locations(config, locations)
        return locations


_default: Registry | None = None


def default_registry() -> Registry:
    """The registry the module-level functions use (created on first use)."""
    global _default
    if _default is None:
        _default = Registry()
    return _default


def configure(
    package: str = DEFAULT_PACKAGE,
    *,
    enabled: Iterable[str] | None = None,
    disabled: Iterable[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Registry:
    """Replace the default registry (another package, or an explicit enabled/disabled set)."""
    global _default
    _default = Registry(package, enabled=enabled, disabled=disabled, environ=environ)
    return _default


def reset() -> None:
    """Drop the default registry and its caches; the next call starts afresh from the environment."""
    global _default
    _default = None


def enabled_modules() -> tuple[ModuleInfo, ...]:
    """The default registry's enabled modules, sorted by name."""
    return default_registry().enabled_modules()


def dependency_graph() -> dict[str, tuple[str, ...]]:
    """The default registry's module dependency graph, ``{module: required modules}``."""
    return default_registry().dependency_graph()


def get_module_config(name: str) -> object | None:
    """The config object of module ``name`` (cached); None when the module has no ``config.py``."""
    return default_registry().get_module_config(name)


def load_configs() -> dict[str, object]:
    """Every enabled module's config, by name: call it at startup to fail fast on bad settings."""
    return default_registry().load_configs()


def iter_routers(kind: RouteKind | None = None) -> Iterator[RouterEntry]:
    """Each enabled route file's ``router`` with its module and file."""
    return default_registry().iter_routers(kind)


def include_routers(app: RouterHost, *, prefix: str = "", kind: RouteKind | None = None) -> list[RouterEntry]:
    """Mount every enabled module's routers on ``app``."""
    return default_registry().include_routers(app, prefix=prefix, kind=kind)


def migration_locations() -> list[str]:
    """Every enabled module's ``migrations/versions`` folder, for Alembic's ``version_locations``."""
    return default_registry().migration_locations()


def configure_alembic(config: AlembicConfig) -> list[str]:
    """Set ``version_locations`` (and the separator) on an Alembic ``Config``."""
    return default_registry().configure_alembic(config)
