"""Collect each route file's ``router`` and mount them, without importing any web framework.

Route files are those the linter calls route files (``routes/api/*.py``, ``routes/pages/*.py``);
anything with an ``include_router`` method (FastAPI's app, an ``APIRouter``) can mount them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal, Protocol

from modlint.layout import ROUTE_FOLDERS, is_route_file
from modlint.runtime.discovery import ModuleInfo
from modlint.runtime.errors import ModuleRouterError
from modlint.values import Value, field

RouteKind = Literal["api", "pages"]


class RouterHost(Protocol):
    """What :func:`include_routers` needs: FastAPI's ``FastAPI`` and ``APIRouter`` both qualify."""

    def include_router(self, router: Any, /, *, prefix: str = ...) -> Any: ...


class RouterEntry(Value):
    """A route file's ``router`` and where it came from."""

    module: str
    kind: str
    file: str
    import_name: str
    router: Any = field(compare=False, hash=False, repr=False)


def check_kind(kind: str | None) -> None:
    """Reject a kind the layout does not know, rather than silently yielding nothing."""
    if kind is not None and kind not in ROUTE_FOLDERS:
        raise ValueError(f"unknown route kind {kind!r}; expected one of {', '.join(sorted(ROUTE_FOLDERS))} or None")


def iter_module_routers(modules: Iterable[ModuleInfo], kind: str | None = None) -> Iterator[RouterEntry]:
    """Import each route file of ``modules`` (in order, files sorted) and yield its ``router``."""
    check_kind(kind)  # eagerly, not at the first next()
    return (_entry(module, rel) for module in modules for rel in module.route_files(kind))


def _entry(module: ModuleInfo, rel: str) -> RouterEntry:
    """Import one route file; its ``router`` is required (the linter's MOD-010), never skipped."""
    namespace = vars(module.import_file(rel))
    if "router" not in namespace:
        raise ModuleRouterError(module.name, module.project_path(rel), "binds no 'router' at top level")
    if not hasattr(namespace["router"], "routes"):  # checked before anything is mounted
        what = type(namespace["router"]).__name__
        raise ModuleRouterError(module.name, module.project_path(rel), f"binds 'router' to a {what}, not a router")
    kind = next(k for k in ROUTE_FOLDERS if is_route_file(rel, k))
    return RouterEntry(module.name, kind, module.project_path(rel), module.import_name_of(rel), namespace["router"])


def mount(host: RouterHost, entries: Iterable[RouterEntry], *, prefix: str = "") -> list[RouterEntry]:
    """Include every router on ``host``; all are imported first, so a broken file mounts nothing."""
    collected = list(entries)
    for entry in collected:
        try:
            host.include_router(entry.router, prefix=prefix)
        except Exception as exc:  # the framework's own refusal, named by module and file
            raise ModuleRouterError(
                entry.module, entry.file, f"cannot be mounted: {type(exc).__name__}: {exc}"
            ) from exc
    return collected
