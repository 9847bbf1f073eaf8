"""Find the modules of an application package, using the linter's own layout rules.

What counts as a module, a route file, a config file or a migrations folder comes from
:mod:`modlint.layout` (``discover_layout``), so the runtime loads exactly what the linter checks.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from pathlib import Path
from types import ModuleType

from pydantic import ValidationError

from modlint.errors import ConfigError
from modlint.layout import (
    CONFIG_FILE,
    MIGRATION_VERSIONS_FOLDER,
    PACKAGE_MARKER,
    DefinitionSpec,
    Module,
    discover_layout,
    dotted,
)
from modlint.project import RuntimeView, find_project_root, runtime_view
from modlint.runtime.definition import ModuleDefinition, definition_in, invalid
from modlint.runtime.errors import (
    ModuleDefinitionError,
    ModuleImportError,
    ModulePackageError,
    ModuleRuntimeError,
)
from modlint.values import Value, field

DEFAULT_PACKAGE = "app.modules"


class ModuleInfo(Value):
    """A discovered module: its name, import name, folder, definition and the linter's view of its files."""

    name: str
    import_name: str
    path: Path
    definition: ModuleDefinition = field(hash=False)
    layout: Module = field(repr=False)

    @property
    def has_config(self) -> bool:
        """Whether the module has ``config.py``."""
        return CONFIG_FILE in self.layout.file_set

    @property
    def migrations_path(self) -> Path | None:
        """The absolute ``migrations/versions`` folder, or None when the module has none."""
        if not self.layout.has_dir(MIGRATION_VERSIONS_FOLDER):
            return None
        return self.path / MIGRATION_VERSIONS_FOLDER

    def route_files(self, kind: str | None = None) -> list[str]:
        """Module-relative route files, sorted (``kind``: ``"api"``, ``"pages"`` or None for both)."""
        return self.layout.route_files(kind)

    def project_path(self, rel: str) -> str:
        """The project-relative POSIX path of a module-relative file, as error messages show it."""
        return self.layout.project_path(rel)

    def import_name_of(self, rel: str) -> str:
        """The dotted import name of a module-relative ``.py`` file."""
        return import_name_of(self.layout, rel)

    def import_file(self, rel: str) -> ModuleType:
        """Import a module-relative ``.py`` file; any failure names the module and the file."""
        return import_file(self.layout, rel)

    def import_error(self, rel: str, exc: BaseException) -> ModuleImportError:
        """The error for a file that raised on import (the caller chains ``exc``)."""
        return import_error(self.layout, rel, exc)


def import_name_of(module: Module, rel: str) -> str:
    """The dotted import name of a module-relative ``.py`` file: ``routes/api/x.py`` -> ``<module>.routes.api.x``;
    a package's ``__init__.py`` is the package itself (``<module>.__init__`` would run the file twice)."""
    name = f"{module.import_name}.{dotted(rel.removesuffix('.py'))}"  # the import name: src/ layouts too
    return name.removesuffix(".__init__")


def import_file(module: Module, rel: str) -> ModuleType:
    """Import a module-relative ``.py`` file; a failure becomes a :class:`ModuleImportError` chaining it,
    naming the module's ``__init__.py`` when that is what failed (it runs first, for any file)."""
    if rel != PACKAGE_MARKER and PACKAGE_MARKER in module.file_set:
        _imported(module, PACKAGE_MARKER)
    return _imported(module, rel)


def _imported(module: Module, rel: str) -> ModuleType:
    try:
        return importlib.import_module(import_name_of(module, rel))
    except ModuleRuntimeError:
        raise  # already names the module and file that failed
    except (Exception, SystemExit) as exc:  # a module file calling sys.exit() ended the app without a word
        raise import_error(module, rel, exc) from exc


def import_error(module: Module, rel: str, exc: BaseException) -> ModuleImportError:
    """The error for a file that raised on import (the caller chains ``exc``)."""
    reason = " ".join(f"{type(exc).__name__}: {exc}".split())  # one line, whatever the exception says
    problem = f"cannot import {import_name_of(module, rel)}: {reason}"
    return ModuleImportError(module.name, module.project_path(rel), problem)


def locate_package(package: str) -> tuple[Path, str]:
    """(project root, modules root) of a dotted package: ``app.modules`` at /x/app/modules -> (/x, ``app/modules``).

    The root is the folder above the top-level package, which is what ``discover_layout`` expects.
    """
    try:
        spec = importlib.util.find_spec(package)
    except Exception as exc:  # a parent package that fails to import: its own error, on one line
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        raise ModulePackageError(
            f"cannot import package {package!r} (its parent packages run first): {reason}"
        ) from exc
    if spec is None:
        raise ModulePackageError(f"package {package!r} not found on sys.path")
    locations = list(spec.submodule_search_locations or [])
    if len(locations) != 1:
        why = "is not a package" if not locations else "spans several folders (namespace package)"
        raise ModulePackageError(f"package {package!r} {why}")
    parts = package.split(".")
    folder = Path(os.path.abspath(locations[0]))  # as imported: a modules root that is a link stays one
    if folder.parts[-len(parts) :] != tuple(parts):
        folder = folder.resolve()
    if folder.parts[-len(parts) :] != tuple(parts):
        raise ModulePackageError(f"package {package!r} lives in {folder}, whose path does not end in {'/'.join(parts)}")
    return folder.parents[len(parts) - 1], "/".join(parts)


def project_settings(start: Path) -> RuntimeView:
    """``[tool.modlint]`` of the nearest pyproject.toml at or above ``start`` (the linter's defaults
    when there is none); a bad value is a :class:`ModulePackageError` naming the file."""
    try:
        return runtime_view(find_project_root(start))
    except ConfigError as exc:
        raise ModulePackageError(f"cannot read [tool.modlint]: {'; '.join(str(p) for p in exc.problems)}") from None


def discover_modules(package: str | None = DEFAULT_PACKAGE) -> tuple[ModuleInfo, ...]:
    """Every module below ``package``, sorted by name, each with its imported definition (uncached).

    ``exclude``/``extend-exclude`` and ``[tool.modlint.definition]`` come from the project's
    pyproject.toml, as for the linter; ``package=None`` takes the package from its ``modules-root``
    (found from the current folder). A ``modules-root`` naming another folder than ``package`` is an
    error: the linter would be checking something else than what the application loads."""
    if package is None:
        package = project_settings(Path.cwd()).package
    root, modules_root = locate_package(package)
    settings = project_settings(root)
    _same_root(package, root / modules_root, settings)
    if (settings.root / settings.modules_root).resolve() == (root / modules_root).resolve():
        # the project the linter checks (a src layout: the root above src/): exclude patterns and
        # paths are project-relative, as the linter reads them
        root, modules_root = settings.root, settings.modules_root
    layout = discover_layout(root, modules_root, exclude=settings.exclude, source_roots=settings.source_roots)
    if layout.problems:
        listed = "; ".join(f"{p.path}: {p.message}" for p in layout.problems)
        raise ModulePackageError(f"cannot list the modules of {package!r}: {listed}")
    modules = sorted(layout.modules, key=lambda m: m.name)
    return tuple(_load_module(root, module, settings.definition) for module in modules)


def _same_root(package: str, folder: Path, settings: RuntimeView) -> None:
    if not settings.modules_root_set:
        return
    checked = (settings.root / settings.modules_root).resolve()
    if checked != folder.resolve():
        raise ModulePackageError(
            f"package {package!r} is {folder}, but modlint checks modules-root {settings.modules_root!r} "
            f"({checked}): set modules-root in [tool.modlint] of {settings.root / 'pyproject.toml'}"
        )


def _load_module(root: Path, module: Module, spec: DefinitionSpec) -> ModuleInfo:
    """Import the module's definition file and pair the definition with the layout's view of the module."""
    where = module.project_path(spec.file)
    if spec.file not in module.file_set:
        raise ModuleDefinitionError(module.name, where, f"missing: every module declares itself in {spec.file}")
    try:
        namespace = vars(import_file(module, spec.file))
    except ModuleImportError as exc:  # `ModuleDefinition(requires="x")` raising as the file runs
        if isinstance(exc.__cause__, ValidationError):
            raise ModuleDefinitionError(module.name, where, invalid(exc.__cause__)) from exc.__cause__
        raise
    definition = definition_in(namespace, spec)
    if isinstance(definition, str):
        raise ModuleDefinitionError(module.name, where, definition)
    return ModuleInfo(module.name, module.import_name, root / module.path, definition, module)
