"""Load a module's configuration object from its ``config.py``.

``config.py`` binds either ``config`` (an instance) or ``config_class`` (a class instantiated here,
e.g. a pydantic-settings class with ``env_prefix="ORDERS_"``), the same names the linter's MOD-013
looks for. A settings error names the environment variables to fix, not pydantic's field paths.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any, cast

from pydantic import BaseModel, ValidationError

from modlint.layout import CONFIG_FILE, CONFIG_NAMES
from modlint.runtime.discovery import ModuleInfo
from modlint.runtime.errors import ModuleConfigError, ModuleRuntimeError


def load_module_config(module: ModuleInfo) -> object | None:
    """The module's config object, or None when it has no ``config.py`` (uncached)."""
    if not module.has_config:
        return None
    namespace = _import_config(module)
    instance_name, class_name = CONFIG_NAMES
    if instance_name in namespace:
        return namespace[instance_name]
    return _instantiate(module, namespace.get(class_name))


def _import_config(module: ModuleInfo) -> dict[str, object]:
    """Import ``config.py``; a settings error raised at import time (``config = Settings()``) is a config error."""
    name = module.import_name_of(CONFIG_FILE)
    try:
        return vars(importlib.import_module(name))
    except ValidationError as exc:
        settings = _model_class(_failing_namespace(exc, name).get(exc.title))
        raise config_error(module, exc, settings) from exc
    except ModuleRuntimeError:
        raise
    except Exception as exc:
        raise module.import_error(CONFIG_FILE, exc) from exc


def _instantiate(module: ModuleInfo, config_class: object) -> object:
    """Build the config from ``config_class``; settings classes read their environment variables here."""
    where = module.project_path(CONFIG_FILE)
    if config_class is None:
        raise ModuleConfigError(module.name, where, "binds neither 'config' nor 'config_class' at top level")
    if not callable(config_class):
        raise ModuleConfigError(module.name, where, f"config_class is not callable: {config_class!r}")
    try:
        return cast(object, config_class())
    except ValidationError as exc:
        raise config_error(module, exc, _model_class(config_class)) from exc
    except Exception as exc:
        problem = f"config_class() failed: {type(exc).__name__}: {exc}"
        raise ModuleConfigError(module.name, where, problem) from exc


def config_error(module: ModuleInfo, exc: ValidationError, settings: type[BaseModel] | None) -> ModuleConfigError:
    """A readable error: one ``environment variable X: reason`` part per pydantic error."""
    parts = list(_describe(exc, settings))
    env_vars = dict.fromkeys(var for var, _ in parts if var is not None)
    problem = f"invalid configuration ({exc.title}): " + "; ".join(text for _, text in parts)
    return ModuleConfigError(module.name, module.project_path(CONFIG_FILE), problem, env_vars)


def _describe(exc: ValidationError, settings: type[BaseModel] | None) -> Iterator[tuple[str | None, str]]:
    """(environment variable or None, text) per error; the field path when it is not a settings class."""
    prefix = _env_prefix(settings)
    fields = settings.model_fields if settings is not None else {}
    for error in exc.errors():
        loc = error["loc"]
        key = str(loc[0]) if loc else ""
        if prefix is None or not key:
            path = ".".join(str(part) for part in loc) or "(model)"
            yield None, f"field {path}: {error['msg']}"
            continue
        var = (prefix + key if key in fields else key).upper()  # an alias is read without the prefix
        yield var, f"environment variable {var}: {error['msg']}"


def _env_prefix(settings: type[BaseModel] | None) -> str | None:
    """The class's ``env_prefix`` when it is a settings class (pydantic-settings always sets the key)."""
    if settings is None:
        return None
    prefix = cast(Mapping[str, Any], settings.model_config).get("env_prefix")
    return prefix if isinstance(prefix, str) else None


def _model_class(value: object) -> type[BaseModel] | None:
    return value if isinstance(value, type) and issubclass(value, BaseModel) else None


def _failing_namespace(exc: BaseException, module_name: str) -> Mapping[str, Any]:
    """The globals of ``module_name`` as they were when its import raised (the failed module is gone).

    This is how a ``config = Settings()`` failing at import time still finds ``Settings``'s prefix.
    """
    tb = exc.__traceback__
    while tb is not None:
        namespace = tb.tb_frame.f_globals
        if namespace.get("__name__") == module_name:
            return namespace
        tb = tb.tb_next
    return {}
