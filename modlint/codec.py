"""Plain-data encoding of typed frozen values, derived from their fields: what the caches store.

``encode`` turns a dataclass (and the enums, tuples, lists, dicts, frozensets and primitives inside it) into nested
tuples that ``marshal`` can write and read back without running code. ``decoder(T)`` builds, once per
type, the inverse from ``T``'s type hints, strict about every value's type, so a cache file of another
shape raises instead of producing wrong facts. ``shape(T)`` names every field and type below ``T``:
a cache's version is derived from it, so changing a fact's fields invalidates old caches by itself.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
Decoder = Callable[[Any], Any]
_PRIMITIVES = (str, int, bool, type(None))


def encode(value: object) -> Any:
    """``value`` as nested tuples of primitives (dataclasses by field order, enums by value)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset):
        return tuple(sorted(encode(item) for item in value))
    if isinstance(value, (tuple, list)):
        return tuple(encode(item) for item in value)
    if isinstance(value, dict):
        return tuple((encode(key), encode(item)) for key, item in value.items())
    if isinstance(value, _PRIMITIVES):
        return value
    raise TypeError(f"cannot encode {type(value).__name__}")


def decode(kind: type[T], data: Any) -> T:
    """The inverse of :func:`encode` for a value of type ``kind``; raises ValueError on anything else."""
    decode_value: Decoder = decoder(typing.cast(Any, kind))
    return typing.cast(T, decode_value(data))


def shape(kind: object) -> str:
    """A text naming every dataclass, field and type reachable from ``kind``."""
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        inner = ",".join(f"{f.name}:{shape(hints[f.name])}" for f in dataclasses.fields(kind) if f.init)
        return f"{kind.__name__}({inner})"
    args = typing.get_args(kind)
    if args:
        return f"{getattr(typing.get_origin(kind), '__name__', 'union')}[{','.join(shape(a) for a in args)}]"
    return getattr(kind, "__name__", repr(kind))


def version(kind: type) -> str:
    """A short digest of :func:`shape`: equal exactly when the encoded form is."""
    return hashlib.sha256(shape(kind).encode()).hexdigest()[:12]


@functools.cache
def decoder(kind: object) -> Decoder:
    """The decoding function for one type, built once from its type hints."""
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(tuple(decoder(a) for a in args if a is not type(None)), type(None) in args)
    if origin is tuple:
        return _tuple_decoder(args)
    if origin is list:
        member = decoder(args[0])
        return lambda data: [member(x) for x in _sequence(data)]
    if origin is dict:
        keys, values = decoder(args[0]), decoder(args[1])
        return lambda data: {keys(k): values(v) for k, v in _sequence(data)}
    if origin is typing.Literal:
        return _literal_decoder(args)
    if origin is frozenset:
        item = decoder(args[0])
        return lambda data: frozenset(item(x) for x in _sequence(data))
    if kind in _PRIMITIVES or kind is None:
        return _primitive_decoder(type(None) if kind is None else typing.cast(type, kind))
    raise TypeError(f"no decoder for {kind!r}")


def _dataclass_decoder(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    names = [f.name for f in dataclasses.fields(kind) if f.init]
    decoders = [decoder(hints[name]) for name in names]

    count = len(decoders)
    # Plain (frozen) dataclasses of init fields only are filled in directly: their __init__ would do
    # nothing but set the same attributes, one frozen __setattr__ at a time (most of a warm run's cost).
    direct = (
        not hasattr(kind, "__post_init__")
        and not hasattr(kind, "__slots__")
        and all(f.init for f in dataclasses.fields(kind))
    )
    new = object.__new__

    def decode_dataclass(data: Any) -> Any:
        values = _sequence(data)
        if len(values) != count:
            raise ValueError(f"{kind.__name__}: expected {count} fields, got {len(values)}")
        if direct:
            obj: Any = new(kind)
            obj.__dict__.update(zip(names, [dec(v) for dec, v in zip(decoders, values, strict=True)], strict=True))
            return obj
        return kind(**{name: dec(v) for name, dec, v in zip(names, decoders, values, strict=True)})

    return decode_dataclass


def _union_decoder(members: tuple[Decoder, ...], optional: bool) -> Decoder:
    """``X | Y``, tried in order; ``None`` first and without trying the others when it is allowed."""

    def decode_union(data: Any) -> Any:
        if data is None and optional:
            return None
        for member in members:
            try:
                return member(data)
            except (ValueError, TypeError):
                continue
        raise ValueError(f"no member of the union accepts {data!r}")

    return decode_union


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = decoder(args[0])
        if args[0] in _PRIMITIVES:  # tuple[str, ...]: one type check per item, no call
            wanted = args[0]

            def decode_primitives(data: Any) -> tuple[Any, ...]:
                values = _sequence(data)
                if any(type(v) is not wanted for v in values):
                    raise ValueError(f"expected {wanted.__name__} items")
                return tuple(values)

            return decode_primitives

        def decode_items(data: Any) -> tuple[Any, ...]:
            values = _sequence(data)
            return tuple([item(x) for x in values]) if values else ()

        return decode_items
    fixed = [decoder(a) for a in args]

    def decode_fixed(data: Any) -> tuple[Any, ...]:
        values = _sequence(data)
        if len(values) != len(fixed):
            raise ValueError(f"expected {len(fixed)} items")
        return tuple(dec(v) for dec, v in zip(fixed, values, strict=True))

    return decode_fixed


def _literal_decoder(allowed: tuple[Any, ...]) -> Decoder:
    kinds = {type(a) for a in allowed}

    def decode_literal(data: Any) -> Any:
        if data not in allowed or type(data) not in kinds:
            raise ValueError(f"expected one of {allowed!r}, got {data!r}")
        return data

    return decode_literal


def _primitive_decoder(kind: type) -> Decoder:
    def decode_primitive(data: Any) -> Any:
        if type(data) is not kind:  # strict: True is no int here, 1 no bool
            raise ValueError(f"expected {kind.__name__}, got {type(data).__name__}")
        return data

    return decode_primitive


def _sequence(data: Any) -> tuple[Any, ...] | list[Any]:
    if not isinstance(data, (tuple, list)):
        raise ValueError(f"expected a sequence, got {type(data).__name__}")
    return data
