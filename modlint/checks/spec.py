"""Typed frozen values declared once, as plain values, and validated by a schema built from them.

A rule (and the settings) is declared like a pydantic model: fields with :func:`Field`, validators
with :func:`field_validator` / :func:`model_validator`. The classes that run are plain frozen
values (:mod:`modlint.values`), so importing and running the checks costs no pydantic import and no model
construction; :mod:`modlint.config.schema` builds the pydantic model of a class from these
declarations, once, only when a rule file or ``[tool.modlint]`` must be validated (a warm run loads a
compiled snapshot instead). Standard library only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal, Protocol

from modlint.values import MISSING, Value, field, fields, is_value
from modlint.values import Field as ValueField

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10 (typing_extensions comes with pydantic)
    from typing_extensions import dataclass_transform

Mode = Literal["before", "after", "model"]


class ValidationInfo(Protocol):
    """What a field validator may ask about the value being validated (pydantic passes its own)."""

    @property
    def data(self) -> dict[str, Any]:
        """The fields validated so far (declared earlier)."""

    @property
    def field_name(self) -> str | None:
        """The field being validated."""


class Validator(Value):
    """A validator declared on a :class:`Spec`: ``target`` (a function or classmethod) checks ``fields``
    (``mode`` ``before``/``after``), or the whole value (``model``, after the fields)."""

    fields: tuple[str, ...]
    mode: Mode
    target: Any

    @property
    def function(self) -> Callable[..., Any]:
        """The function itself (a classmethod's underlying function)."""
        return getattr(self.target, "__func__", self.target)  # type: ignore[no-any-return]

    @property
    def takes_class(self) -> bool:
        """Whether the function is a classmethod (called with the declaring class, not the schema's)."""
        return isinstance(self.target, classmethod)


def field_validator(*fields: str, mode: Literal["before", "after"] = "after") -> Callable[[Any], Any]:
    """Declare a validator of ``fields``: ``(cls, value[, info]) -> value``, raising ValueError."""
    return lambda target: Validator(fields, mode, target)


def model_validator(*, mode: Literal["after"] = "after") -> Callable[[Any], Any]:
    """Declare a validator of the whole value, run after its fields: ``(self) -> self``."""
    return lambda target: Validator((), "model", target)


def Field(
    default: Any = MISSING,
    *,
    default_factory: Callable[[], Any] | Any = MISSING,
    description: str = "",
    **constraints: Any,
) -> Any:
    """A field with a description (README's kinds table) and schema constraints (``min_length``, ``ge``)."""
    metadata = {"description": description, "constraints": constraints}
    return field(default=default, default_factory=default_factory, metadata=metadata)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field,))
class Spec(Value):
    """Base of the declared values: every subclass is a frozen, keyword-only :class:`Value`
    (shared methods, nothing compiled per class: the check kinds and settings are two dozen
    classes made at every start)."""

    #: Extra pydantic ``ConfigDict`` entries of the schema (e.g. an alias generator); unknown keys
    #: are always errors and values immutable.
    schema_config: ClassVar[Mapping[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(kw_only=True, **kwargs)


def validators(spec: type) -> dict[str, Validator]:
    """The validators of a class and its bases by name (a subclass's replaces a base's of that name)."""
    found: dict[str, Validator] = {}
    for klass in reversed(spec.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Validator):
                found[name] = value
    return found


class Parameter(Value):
    """One declared field, as documentation shows it."""

    name: str
    required: bool
    default: Any
    description: str


def parameters(spec: type) -> list[Parameter]:
    """The declared fields of a spec class, in order."""
    found = []
    for item in fields(spec):
        if item.default is not MISSING:
            default: Any = item.default
        elif item.default_factory is not MISSING:
            default = item.default_factory()
        else:
            default = MISSING
        found.append(Parameter(item.name, default is MISSING, default, item.metadata.get("description", "")))
    return found


def plain(value: Any, *, exclude_none: bool = False, exclude_defaults: bool = False) -> Any:
    """``value`` as JSON-ready data (values as dicts, enums as values), for messages and docs:
    ``exclude_none`` drops fields that are None, ``exclude_defaults`` fields equal to their default."""
    if is_value(value) and not isinstance(value, type):
        out = {}
        for item in fields(value):
            inner = getattr(value, item.name)
            if exclude_none and inner is None:
                continue
            if exclude_defaults and _is_default(item, inner):
                continue
            out[item.name] = plain(inner, exclude_none=exclude_none, exclude_defaults=exclude_defaults)
        return out
    if isinstance(value, (list, tuple)):
        return [plain(item, exclude_none=exclude_none, exclude_defaults=exclude_defaults) for item in value]
    if isinstance(value, dict):
        return {k: plain(v, exclude_none=exclude_none, exclude_defaults=exclude_defaults) for k, v in value.items()}
    enum_value = getattr(value, "value", None)
    return enum_value if enum_value is not None and type(value).__module__ != "builtins" else value


def _is_default(item: ValueField, value: Any) -> bool:
    if item.default is not MISSING:
        return bool(value == item.default)
    if item.default_factory is not MISSING:
        return bool(value == item.default_factory())
    return False
