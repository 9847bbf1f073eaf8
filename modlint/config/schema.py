"""The pydantic schema of a :class:`~modlint.checks.spec.Spec` class, built from its declarations.

Only configuration loading imports this (and so pydantic): ``validate(Kind, data)`` checks plain data
(a rule from YAML, ``[tool.modlint]``) with exactly the errors a hand-written pydantic model would give
(same field names, locations and messages) and returns the plain frozen value that runs.
"""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, WithJsonSchema, create_model, field_validator, model_validator
from pydantic import Field as PydanticField

from modlint.checks.spec import Spec, Validator, validators
from modlint.values import MISSING, is_value
from modlint.values import fields as value_fields

T = TypeVar("T", bound=Spec)


def validate(spec: type[T], data: Any) -> T:
    """``data`` validated against ``spec``'s schema, as a ``spec`` value (pydantic's ValidationError
    when it does not fit)."""
    return typing.cast(T, _to_spec(model_for(spec).model_validate(data)))


def model_for(spec: type[Spec]) -> type[BaseModel]:
    """The pydantic model of ``spec``: its fields (types, defaults, descriptions, constraints) and
    validators; nested spec types become their own models. Built once per class."""
    model = _MODELS.get(spec)
    if model is None:
        model = _MODELS[spec] = _build(spec)
        _SPECS[model] = spec
    return model


def _build(spec: type[Spec]) -> type[BaseModel]:
    hints = typing.get_type_hints(spec)
    fields: dict[str, Any] = {}
    for item in value_fields(spec):
        options = dict(item.metadata.get("constraints", {}))
        options["description"] = item.metadata.get("description") or None
        if item.default is not MISSING:
            options["default"] = item.default
        elif item.default_factory is not MISSING:
            options["default_factory"] = item.default_factory
        if hints[item.name] in (bool, int):  # "yes" is no boolean and "5" no number (pydantic would coerce)
            options["strict"] = True
        fields[item.name] = (_mapped(hints[item.name]), PydanticField(**options))
    checks = {f"check_{name}": _pydantic(spec, found) for name, found in validators(spec).items()}
    config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True, **spec.schema_config)  # type: ignore[typeddict-item]
    return create_model(spec.__name__, __config__=config, __validators__=checks, **fields)


_MODELS: dict[type[Spec], type[BaseModel]] = {}
_SPECS: dict[type[BaseModel], type[Spec]] = {}


def _mapped(kind: Any) -> Any:
    """A type with every spec class inside it replaced by that class's model; any other value class
    (``Anchor``, ``DefinitionSpec``: made by a validator from what the file says) is checked as an
    instance, and a JSON schema shows an object (:mod:`.jsonschema` writes what each is)."""
    if isinstance(kind, type) and issubclass(kind, Spec):
        return model_for(kind)
    if isinstance(kind, type) and is_value(kind):
        return typing.Annotated[kind, WithJsonSchema({"type": "object"})]
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if not args or origin is typing.Literal:
        return kind
    mapped = tuple(_mapped(arg) for arg in args)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[mapped]  # noqa: UP007 - built from a tuple
    return origin[mapped if len(mapped) > 1 else mapped[0]]


def _pydantic(spec: type[Spec], declared: Validator) -> Any:
    """A pydantic validator calling the declared one, with ``spec`` (not the schema) as its class and
    values as spec values (a nested model becomes the value the declared validator knows)."""
    function = declared.function
    if declared.mode == "model":

        def run_model(self: BaseModel) -> BaseModel:
            function(_to_spec(self))
            return self

        return model_validator(mode="after")(run_model)
    first = (spec,) if declared.takes_class else ()
    wants_info = len(inspect.signature(function).parameters) - len(first) >= 2
    if wants_info:

        def run_with_info(value: Any, info: Any) -> Any:
            return function(*first, _to_spec(value), info)

        return field_validator(*declared.fields, mode=declared.mode)(run_with_info)

    def run(value: Any) -> Any:
        return function(*first, _to_spec(value))

    return field_validator(*declared.fields, mode=declared.mode)(run)


def _to_spec(value: Any) -> Any:
    """A validated model (and every model inside it) as the spec values it stands for."""
    if isinstance(value, BaseModel):
        spec = _SPECS[type(value)]
        return spec(**{item.name: _to_spec(getattr(value, item.name)) for item in value_fields(spec)})
    if isinstance(value, list):
        return [_to_spec(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_to_spec(item) for item in value)
    if isinstance(value, dict):
        return {key: _to_spec(item) for key, item in value.items()}
    return value
