"""Typed frozen values whose methods are shared, not generated for each class.

``@dataclass(frozen=True)`` compiles five or six functions for every class it makes (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``: about 0.7 ms a class), and
modlint defines some seventy value classes at every start: a third of a one-file run's imports. A
subclass of :class:`Value` is still a real dataclass (``dataclasses.fields``, ``replace`` and
``is_dataclass`` work, and type checkers see a frozen dataclass), but its methods are the ones
below, which read each class's field names from a :class:`_Shape` made once without compiling
anything. ``__init__`` fills an instance's ``__dict__`` with a few dictionary operations (as fast
as the generated code when every field is given by position) and refuses a call that does not fit
the fields with the ``TypeError`` a generated ``__init__`` raises.

Supported: defaults, ``field(default_factory=...)``, ``field(compare=/hash=/repr=)``, class keywords
``order=True``, ``kw_only=True`` and ``compiled_init=True`` (an ``__init__`` compiled for the class,
for the few classes made by the ten thousand: see :func:`_compiled_init`). Not supported (a
``TypeError`` when the class is made): ``field(init=False)``, ``__post_init__`` and ``__slots__``,
none of which a frozen value here needs. Standard library only: every layer uses it.
"""

from __future__ import annotations

import dataclasses
import functools
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
        self.name_set = frozenset(self.names)
        self.positional = tuple(item.name for item in fields if not item.kw_only)
        #: How many positional arguments make a complete call (-1: none do, some field is keyword-only).
        self.complete = len(self.names) if self.positional == self.names else -1
        self.defaults = tuple((item.name, item.default) for item in fields if item.default is not _MISSING)
        self.factories = tuple(
            (item.name, item.default_factory) for item in fields if item.default_factory is not _MISSING
        )
        self.compared = _getter(tuple(item.name for item in fields if item.compare))
        self.hashed = _getter(tuple(item.name for item in fields if (item.compare if item.hash is None else item.hash)))
        self.shown = tuple(item.name for item in fields if item.repr)

    def fill(self, values: dict[str, Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Complete the values of a call with the defaults (a fresh one from each factory)."""
        for name, default in self.defaults:
            if name not in values:
                values[name] = default
        for name, factory in self.factories:
            if name not in values:
                values[name] = factory()
        if len(values) != len(self.names):
            self.refuse(args, kwargs)

    def refuse(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """Raise the TypeError a call that does not fit the fields gets, worded as Python's own."""
        if len(args) > len(self.positional):
            raise TypeError(
                f"{self.qualname}.__init__() takes {len(self.positional) + 1} positional arguments "
                f"but {len(args) + 1} were given"
            )
        for name in kwargs:
            if name in self.positional[: len(args)]:
                raise TypeError(f"{self.qualname}.__init__() got multiple values for argument {name!r}")
            if name not in self.name_set:
                raise TypeError(f"{self.qualname}.__init__() got an unexpected keyword argument {name!r}")
        given = {*self.positional[: len(args)], *kwargs, *(name for name, _ in self.defaults)}
        missing = [name for name in self.names if name not in given and name not in dict(self.factories)]
        raise TypeError(f"{self.qualname}.__init__() missing required argument: {missing[0]!r}")


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

    def __init_subclass__(
        cls, *, order: bool = False, kw_only: bool = False, compiled_init: bool = False, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        for name in ("__post_init__", "__slots__"):
            if name in vars(cls):
                raise TypeError(f"{cls.__qualname__}: a Value cannot define {name}")
        if not _set_fields(cls, kw_only):  # annotations this Python keeps lazily: the long way
            dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
        fields = dataclasses.fields(cls)
        if not all(item.init for item in fields):
            raise TypeError(f"{cls.__qualname__}: a Value's fields are all init fields")
        cls._shape = _Shape(cls, fields)
        _refuse_required_after_default(cls, fields)
        if compiled_init:
            cls.__init__ = _compiled_init(cls._shape, kw_only)  # type: ignore[method-assign]
        elif cls.__init__ is not Value.__init__:  # a base's compiled __init__ knows only the base's fields
            cls.__init__ = Value.__init__  # type: ignore[method-assign]
        if order:
            for name, compare in _ORDERINGS.items():
                setattr(cls, name, _order(compare, cls._shape))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Made tens of thousands of times a cold run: the common calls take no loop in Python.
        shape = self._shape
        if len(args) == shape.complete and not kwargs:
            self.__dict__.update(zip(shape.names, args, strict=True))
            return
        if len(args) > len(shape.positional):
            shape.refuse(args, kwargs)
        values = dict(zip(shape.positional, args, strict=False))  # the rest: keywords and defaults
        if kwargs:
            if not (shape.name_set.issuperset(kwargs) and values.keys().isdisjoint(kwargs)):
                shape.refuse(args, kwargs)
            values.update(kwargs)
        if len(values) != len(shape.names):
            shape.fill(values, args, kwargs)
        self.__dict__.update(values)

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

    def __replace__(self, **changes: Any) -> Any:
        """``copy.replace()`` (Python 3.13), as the decorator provides it."""
        return dataclasses.replace(self, **changes)

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _set_fields(cls: type, kw_only: bool) -> bool:
    """Make ``cls`` a dataclass of its annotated fields as ``dataclass(init=False, repr=False,
    eq=False)`` does, without it: that decorator parses each annotation string with regular
    expressions and builds a signature, ~0.2 ms a class, a tenth of every run's imports. What it
    sets and :mod:`dataclasses` reads is set here: ``__dataclass_fields__`` (in base-class order, a
    redefined field in its first place), ``__dataclass_params__``, ``__match_args__``, and the class
    attribute of a ``field()`` (its default, or none). False when the class keeps no annotations
    dictionary (Python 3.14 evaluates them lazily): the caller then takes the long way."""
    own = cls.__dict__.get("__annotations__")  # noqa: RUF063  # only a dict stored at class creation will do
    if not isinstance(own, dict):
        return False
    found: dict[str, dataclasses.Field[Any]] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(base.__dict__.get("__dataclass_fields__", {}))
    for name, annotation in own.items():
        if _is_class_variable(cls, annotation):
            found.pop(name, None)  # a base's field made a class variable here is a field no more
            continue
        found[name] = _field_of(cls, name, annotation, kw_only)
    cls.__dataclass_fields__ = found  # type: ignore[attr-defined]
    cls.__dataclass_params__ = _params(kw_only)  # type: ignore[attr-defined]
    if "__match_args__" not in cls.__dict__:
        cls.__match_args__ = tuple(f.name for f in found.values() if f.init and not f.kw_only)  # type: ignore[attr-defined,misc]
    return True


def _is_class_variable(cls: type, annotation: object) -> bool:
    """Whether an annotation is ``ClassVar[...]`` (written as text under ``from __future__ import
    annotations``, or evaluated); refuses the pseudo-fields a Value does not support."""
    text = annotation if isinstance(annotation, str) else repr(annotation)
    if text.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar")) or annotation is ClassVar:
        return True
    if text.startswith(("InitVar", "dataclasses.InitVar", "KW_ONLY", "dataclasses.KW_ONLY")):
        raise TypeError(f"{cls.__qualname__}: a Value cannot have InitVar or KW_ONLY fields")
    return False


def _field_of(cls: type, name: str, annotation: object, kw_only: bool) -> dataclasses.Field[Any]:
    """The field ``name``, from its ``field()`` or plain default, as ``dataclass`` makes it (which
    reads the default from the class and its bases: a base's default, or method, of that name)."""
    default: Any = getattr(cls, name, _MISSING)
    if isinstance(default, dataclasses.Field):
        item = default
        if item.default is _MISSING:
            delattr(cls, name)
        else:
            setattr(cls, name, item.default)
    else:
        item = dataclasses.field(default=default)
    item.name = name
    item.type = annotation
    item._field_type = dataclasses._FIELD  # type: ignore[attr-defined]  # what fields() selects by
    if item.kw_only is _MISSING:  # not given to field()
        item.kw_only = kw_only
    if item.default is not _MISSING and item.default.__class__.__hash__ is None:
        raise ValueError(f"mutable default {type(item.default)} for field {name} is not allowed: use default_factory")
    return item


@functools.cache
def _params(kw_only: bool) -> Any:
    """The ``__dataclass_params__`` ``dataclass(init=False, repr=False, eq=False)`` gives a class."""

    class Probe:
        """A docstring, or ``dataclass`` would build one from the signature."""

    return dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(Probe).__dataclass_params__  # type: ignore[attr-defined]


def _compiled_init(shape: _Shape, kw_only: bool) -> Callable[..., None]:
    """An ``__init__`` compiled for one class, as ``dataclass`` makes it: for the few classes made in
    bulk (a cold run makes tens of thousands of positions, imports and bindings), where binding
    keyword arguments in Python costs twice as much. The source comes from the field names only."""
    scope: dict[str, Any] = {"MISSING": _MISSING}
    parameters, lines = [], []
    factories, defaults = dict(shape.factories), dict(shape.defaults)
    for index, name in enumerate(shape.names):
        if name in factories:
            scope[f"factory{index}"] = factories[name]
            parameters.append(f"{name}=MISSING")
            lines.append(f"    if {name} is MISSING: {name} = factory{index}()")
        elif name in defaults:
            scope[f"default{index}"] = defaults[name]
            parameters.append(f"{name}=default{index}")
        else:
            parameters.append(name)
    values = ", ".join(f"{name!r}: {name}" for name in shape.names)
    signature = ", ".join(["self", *(["*"] if kw_only and parameters else []), *parameters])
    source = "\n".join([f"def __init__({signature}):", *lines, f"    self.__dict__.update({{{values}}})"])
    exec(source, scope)  # built from the class's field names, never from data
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{shape.qualname}.__init__"
    return init


_ORDERINGS = {"__lt__": operator.lt, "__le__": operator.le, "__gt__": operator.gt, "__ge__": operator.ge}


def _order(compare: Callable[[Any, Any], bool], shape: _Shape) -> Callable[[Value, object], Any]:
    """An ordering method: ``compare`` over the compared fields of the class that asked for it (a
    subclass that does not ask orders as its base, as a dataclass's would), for values of one class."""
    compared = shape.compared

    def method(self: Value, other: object) -> Any:  # bool, or NotImplemented
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(compare(compared(self), compared(other)))

    return method


def _refuse_required_after_default(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> None:
    """A positional field without a default after one with a default is an error, as in a dataclass
    (whose check lives in the ``__init__`` it generates, which a Value does not)."""
    defaulted = False
    for item in fields:
        if item.kw_only:
            continue
        has_default = item.default is not _MISSING or item.default_factory is not _MISSING
        if defaulted and not has_default:
            raise TypeError(f"{cls.__qualname__}: non-default argument {item.name!r} follows default argument")
        defaulted = defaulted or has_default
