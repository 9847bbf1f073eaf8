"""Errors raised by :mod:`modlint.runtime`.

Every failure at startup is explicit and names what to fix (the module, the file, the environment
variable); one base class lets an application catch them all in one place.
"""

from __future__ import annotations

from collections.abc import Iterable


class ModuleRuntimeError(Exception):
    """Base of every error the runtime raises."""


class ModulePackageError(ModuleRuntimeError):
    """The modules package cannot be found or listed, so no module could be discovered."""


class UnknownModuleError(ModuleRuntimeError, LookupError):
    """A module name (an argument, an environment variable, a ``requires`` entry) names no module."""

    def __init__(self, name: str, known: Iterable[str], *, source: str | None = None) -> None:
        self.name = name
        self.known = tuple(sorted(known))
        where = f" in {source}" if source else ""
        listed = ", ".join(self.known) or "(none)"
        super().__init__(f"unknown module {name!r}{where}; known modules: {listed}")


class ModuleDisabledError(ModuleRuntimeError):
    """Something of a disabled module was asked for by name (its configuration, for instance)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"module {name!r} is disabled")


class ModuleDependencyError(ModuleRuntimeError):
    """The set of enabled modules breaks a dependency: an enabled module requires a disabled one."""

    def __init__(self, message: str, modules: Iterable[str]) -> None:
        self.modules = tuple(modules)
        super().__init__(message)


class CoreModuleError(ModuleDependencyError):
    """A core module (``is_core=True``) was disabled: the application itself depends on it."""


class ModuleError(ModuleRuntimeError):
    """One module's file is broken; names the module and the file (project-relative)."""

    def __init__(self, module: str, file: str, problem: str) -> None:
        self.module = module
        self.file = file
        super().__init__(f"module {module!r}: {file}: {problem}")


class ModuleImportError(ModuleError):
    """A module's file raised on import; the original exception is chained as ``__cause__``."""


class ModuleDefinitionError(ModuleError):
    """``definition.py`` is missing or holds no :class:`~modlint.runtime.ModuleDefinition`."""


class ModuleRouterError(ModuleError):
    """A route file does not bind ``router`` at top level."""


class ModuleConfigError(ModuleError):
    """``config.py`` is unusable or its settings do not validate; ``env_vars`` are the variables to fix."""

    def __init__(self, module: str, file: str, problem: str, env_vars: Iterable[str] = ()) -> None:
        self.env_vars = tuple(env_vars)
        super().__init__(module, file, problem)
