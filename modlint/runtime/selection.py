"""Which modules are enabled: configuration in, a validated set of module names out.

Disabling a module must never leave the application half-wired, so the set is checked as a whole:
core modules stay on, and every enabled module's ``requires`` must be enabled too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from modlint.layout import ModuleNames
from modlint.runtime.discovery import ModuleInfo
from modlint.runtime.errors import CoreModuleError, ModuleDependencyError, UnknownModuleError

ENABLED_ENV = "MODLINT_ENABLED_MODULES"
DISABLED_ENV = "MODLINT_DISABLED_MODULES"


def parse_names(value: str | None) -> list[str] | None:
    """A comma-separated list; unset, empty or blank means "not configured" (None)."""
    names = [part.strip() for part in (value or "").split(",") if part.strip()]
    return names or None


class ModuleIndex:
    """Resolves names written by people (folder names, or codes with ``-`` read as ``_``) to module names."""

    def __init__(self, modules: Sequence[ModuleInfo]) -> None:
        self._names = ModuleNames((m.name, m.definition.code) for m in modules)
        self.names = self._names.names

    def get(self, name: str) -> str | None:
        """The module name ``name`` refers to, or None."""
        return self._names.get(name)

    def resolve(self, name: str, source: str | None = None) -> str:
        """The module name ``name`` refers to; an unknown name is an error listing the known modules."""
        found = self.get(name)
        if found is None:
            raise UnknownModuleError(name, self.names, source=source)
        return found


def select_enabled(
    modules: Sequence[ModuleInfo],
    *,
    enabled: Iterable[str] | None = None,
    disabled: Iterable[str] | None = None,
    environ: Mapping[str, str],
) -> frozenset[str]:
    """The enabled module names: ``enabled`` (default: all) minus ``disabled``, plus every core module
    and what the core modules require (transitively): a core module is always on, so what it needs
    is too, listed in ``enabled`` or not (``disabled`` naming it is still a ModuleDependencyError).

    An argument given here replaces the environment variable of the same kind.
    """
    index = ModuleIndex(modules)
    wanted = _names(index, enabled, environ, ENABLED_ENV)
    unwanted = _names(index, disabled, environ, DISABLED_ENV) or set()
    core = {m.name for m in modules if m.definition.is_core}
    if core & unwanted:
        listed = ", ".join(repr(n) for n in sorted(core & unwanted))
        raise CoreModuleError(f"core module {listed} cannot be disabled", sorted(core & unwanted))
    always = _required(modules, index, core)
    chosen = (set(index.names) if wanted is None else wanted | always) - unwanted
    _check_requires(modules, index, chosen, always)
    return frozenset(chosen)


def _required(modules: Sequence[ModuleInfo], index: ModuleIndex, names: set[str]) -> set[str]:
    """``names`` and every module they require, directly or not (a name matching no module is left
    for :func:`_check_requires` to report)."""
    by_name = {m.name: m for m in modules}
    found, todo = set(names), list(names)
    while todo:
        for required in by_name[todo.pop()].definition.requires:
            target = index.get(required)
            if target is not None and target not in found:
                found.add(target)
                todo.append(target)
    return found


def names_argument(what: str, given: Iterable[str]) -> tuple[str, ...]:
    """An ``enabled=``/``disabled=`` argument as names; a string is refused (iterating it would name
    one module per character: "unknown module 'c'")."""
    if isinstance(given, str):
        raise TypeError(f"{what}= takes a list of module names, not the string {given!r}")
    return tuple(given)


def _names(index: ModuleIndex, given: Iterable[str] | None, environ: Mapping[str, str], env: str) -> set[str] | None:
    """Resolve the argument if given, else the environment variable; None when neither is set."""
    if given is not None:
        given = names_argument("enabled" if env == ENABLED_ENV else "disabled", given)
        return {index.resolve(name) for name in given}
    names = parse_names(environ.get(env))
    return None if names is None else {index.resolve(name, source=env) for name in names}


def _check_requires(modules: Sequence[ModuleInfo], index: ModuleIndex, chosen: set[str], always: set[str]) -> None:
    """Every enabled module's ``requires`` must name an enabled module; all breaks are reported at
    once. ``always``: the core modules and what they require, which cannot be disabled."""
    unmet = [problem for m in modules if m.name in chosen for problem in _unmet(m, index, chosen, always)]
    if unmet:
        involved = dict.fromkeys(name for module, required, _ in unmet for name in (module, required))
        raise ModuleDependencyError("; ".join(message for *_, message in unmet), involved)


def _unmet(
    module: ModuleInfo, index: ModuleIndex, chosen: set[str], always: set[str]
) -> Iterator[tuple[str, str, str]]:
    """(module, required, message) for each ``requires`` entry that is unknown or disabled."""
    for required in module.definition.requires:
        target = index.get(required)
        if target is None:
            yield module.name, required, f"module {module.name!r} requires {required!r}, which is not a known module"
        elif target not in chosen:
            if module.definition.is_core:
                hint = f"enable {target!r}: {module.name!r} is a core module, always on"
            elif module.name in always:
                hint = f"enable {target!r}: {module.name!r} is always on, as a core module requires it"
            else:
                hint = f"enable {target!r} or disable {module.name!r}"
            yield module.name, target, f"module {module.name!r} requires {target!r}, which is disabled ({hint})"
