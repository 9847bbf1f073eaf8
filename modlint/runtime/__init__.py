"""modlint.runtime: load a modular application the way the linter sees it.

Discovery (modules, route files, config files, migration folders) reuses :mod:`modlint.layout`, so
what ``modlint`` checks is what the application mounts. Standard library and pydantic only: importing
this package never pulls in libcst, click or a web framework.
"""

from modlint.runtime.config import load_module_config
from modlint.runtime.definition import ModuleDefinition, find_definition
from modlint.runtime.discovery import DEFAULT_PACKAGE, ModuleInfo, discover_modules
from modlint.runtime.errors import (
    CoreModuleError,
    ModuleConfigError,
    ModuleDefinitionError,
    ModuleDependencyError,
    ModuleDisabledError,
    ModuleError,
    ModuleImportError,
    ModulePackageError,
    ModuleRouterError,
    ModuleRuntimeError,
    UnknownModuleError,
)
from modlint.runtime.migrations import AlembicConfig, set_version_locations
from modlint.runtime.registry import (
    Registry,
    configure,
    configure_alembic,
    default_registry,
    dependency_graph,
    enabled_modules,
    get_module_config,
    include_routers,
    iter_routers,
    load_configs,
    migration_locations,
    reset,
)
from modlint.runtime.routers import RouteKind, RouterEntry, RouterHost
from modlint.runtime.selection import DISABLED_ENV, ENABLED_ENV

__all__ = [
    "DEFAULT_PACKAGE",
    "DISABLED_ENV",
    "ENABLED_ENV",
    "AlembicConfig",
    "CoreModuleError",
    "ModuleConfigError",
    "ModuleDefinition",
    "ModuleDefinitionError",
    "ModuleDependencyError",
    "ModuleDisabledError",
    "ModuleError",
    "ModuleImportError",
    "ModuleInfo",
    "ModulePackageError",
    "ModuleRouterError",
    "ModuleRuntimeError",
    "Registry",
    "RouteKind",
    "RouterEntry",
    "RouterHost",
    "UnknownModuleError",
    "configure",
    "configure_alembic",
    "default_registry",
    "dependency_graph",
    "discover_modules",
    "enabled_modules",
    "find_definition",
    "get_module_config",
    "include_routers",
    "iter_routers",
    "load_configs",
    "load_module_config",
    "migration_locations",
    "reset",
    "set_version_locations",
]
