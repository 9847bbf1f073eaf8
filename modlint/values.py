"""Typed frozen values whose methods are shared, not generated for each class.

``@dataclass(frozen=True)`` compiles five or six functions for every class it makes (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``: about 0.7 ms a class), and
modlint defines some seventy value classes at every start: a third of a one-file run's imports. A
subclass of :class:`Value` is still a real dataclass (``dataclasses.fields``, ``replace`` and
``is_dataclass`` work, and type checkers see a frozen dataclass), but its methods are the ones
below, which read each class's field names from a :class:`_Shape` made once without compiling
anything. ``__init__`` fills an instance's ``__dict__`` in one call when every field is given by
position (the common case, and as fast as the generated code); otherwise it binds arguments as a
generated ``__init__`` would, with the same ``TypeError`` wording.

Supported: defaults, ``field(default_factory=...)``, ``field(compare=/hash=/repr=)``, class keywords
``order=True`` and ``kw_only=True``. Not supported (a ``TypeError`` when the class is made):
``field(init=False)``, ``__post_init__`` and ``__slots__``, none of which a frozen value here needs.
Standard library only: every layer uses it.
"""

from __future__ import annotations

import dataclasses
import operator
import sys
from collections.abc import Callable
from typing import Any, ClassVar

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10 (typing_extensions comes with pydantic)
    from typing_extensions import dataclass_transform

_MISSING = dataclasses.MISSING


class _Shape:
    """What the shared methods need to know about one class's fields, worked out once."""

    def __init__(self, cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> None:
        self.qualname = cls.__qualname__
        self.names = tuple(item.name for item in fields)
        self.positional = tuple(item.name for item in fields if not item.kw_only)
        self.defaults = tuple((item.name, item.default) for item in fields if item.default is not _MISSING)
        self.factories = tuple(
            (item.name, item.default_factory) for item in fields if item.default_factory is not _MISSING
        )
        self.compared = _getter(tuple(item.name for item in fields if item.compare))
        self.hashed = _getter(tuple(item.name for item in fields if (item.compare if item.hash is None else item.hash)))
        self.shown = tuple(item.name for item in fields if item.repr)

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """The fields' values from a call, in field order; a TypeError worded as Python's own."""
        if len(args) > len(self.positional):
            raise TypeError(
                f"{self.qualname}.__init__() takes {len(self.positional) + 1} positional arguments "
                f"but {len(args) + 1} were given"
            )
        values = dict(zip(self.positional, args, strict=False))  # fewer args: defaults
        for name, value in kwargs.items():
            if name in values:
                raise TypeError(f"{self.qualname}.__init__() got multiple values for argument {name!r}")
            if name not in self.names:
                raise TypeError(f"{self.qualname}.__init__() got an unexpected keyword argument {name!r}")
            values[name] = value
        for name, default in self.defaults:
            values.setdefault(name, default)
        for name, factory in self.factories:
            if name not in values:
                values[name] = factory()
        missing = [name for name in self.names if name not in values]
        if missing:
            raise TypeError(f"{self.qualname}.__init__() missing required argument: {missing[0]!r}")
        return {name: values[name] for name in self.names}


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of ``names`` of an instance, as a tuple."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        single = operator.attrgetter(names[0])
        return lambda value: (single(value),)
    return operator.attrgetter(*names)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
class Value:
    """Base of modlint's frozen values: a subclass is a frozen dataclass of its annotated fields.

    ``class Position(Value, order=True)`` also orders instances by their compared fields;
    ``kw_only=True`` makes every field keyword-only.
    """

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    _shape: ClassVar[_Shape]

    def __init_subclass__(cls, *, order: bool = False, kw_only: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in ("__post_init__", "__slots__"):
            if name in vars(cls):
                raise TypeError(f"{cls.__qualname__}: a Value cannot define {name}")
        dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
        fields = dataclasses.fields(cls)
        if not all(item.init for item in fields):
            raise TypeError(f"{cls.__qualname__}: a Value's fields are all init fields")
        cls._shape = _Shape(cls, fields)
        if order:
            for name, compare in _ORDERINGS.items():
                setattr(cls, name, _order(compare))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        shape = self._shape
        if not kwargs and len(args) == len(shape.names) == len(shape.positional):
            self.__dict__.update(zip(shape.names, args, strict=True))
        else:
            self.__dict__.update(shape.bind(args, kwargs))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = self._shape.compared
        return compared(self) == compared(other)

    def __hash__(self) -> int:
        return hash(self._shape.hashed(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shape.shown)
        return f"{self._shape.qualname}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


_ORDERINGS = {"__lt__": operator.lt, "__le__": operator.le, "__gt__": operator.gt, "__ge__": operator.ge}


def _order(compare: Callable[[Any, Any], bool]) -> Callable[[Value, object], Any]:
    """An ordering method: ``compare`` over the compared fields of two values of the same class."""

    def method(self: Value, other: object) -> Any:  # bool, or NotImplemented
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = self._shape.compared
        return bool(compare(compared(self), compared(other)))

    return method
