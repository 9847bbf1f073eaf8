"""Typed frozen values whose methods are shared, not generated for each class.

``@dataclass(frozen=True)`` compiles five or six functions for every class it makes (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``: about 0.7 ms a class), and
modlint defines some seventy value classes at every start. A subclass of :class:`Value` behaves as
such a dataclass would (type checkers see one: ``dataclass_transform``), but its methods are the
ones below, which read each class's field names from a :class:`_Shape` made once without compiling
anything. ``__init__`` fills an instance's ``__dict__`` with a few dictionary operations (as fast
as the generated code when every field is given by position) and refuses a call that does not fit
the fields with the ``TypeError`` a generated ``__init__`` raises.

The :mod:`dataclasses` module itself is not used: importing it imports :mod:`inspect` (and ``dis``,
``tokenize``, ``linecache``, ``copy``), ~12 ms of a one-file pre-commit run's ~190. Its functions a
value needs are here, with the same names and behaviour: :func:`field`, :func:`fields`,
:func:`replace`, :data:`MISSING`, :class:`Field` (``tests/test_values.py`` holds them to the
decorator's).

Supported: defaults, ``field(default_factory=...)``, ``field(compare=/hash=/repr=/kw_only=/metadata=)``,
class keywords ``order=True``, ``kw_only=True`` and ``compiled_init=True`` (an ``__init__`` compiled
for the class, for the few classes made by the ten thousand: see :func:`_compiled_init`). Not
supported (a ``TypeError`` when the class is made): init-less fields, ``__post_init__`` and
``__slots__``, none of which a frozen value here needs. Standard library only: every layer uses it.
"""

from __future__ import annotations

import operator
import sys
import types
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10 (typing_extensions comes with pydantic)
    from typing_extensions import dataclass_transform

V = TypeVar("V", bound="Value")


class _Missing:
    """The type of :data:`MISSING`."""

    def __repr__(self) -> str:
        return "MISSING"


#: "No default given" (``dataclasses.MISSING``'s role: ``None`` is a default like any other).
MISSING: Any = _Missing()
_MISSING = MISSING
_EMPTY: Mapping[Any, Any] = types.MappingProxyType({})


class FrozenInstanceError(AttributeError):
    """Assigning to, or deleting, a field of a value (``dataclasses.FrozenInstanceError``'s role)."""


class Field:
    """One field of a :class:`Value` class, as :func:`fields` lists it (``dataclasses.Field``'s
    attributes; every field is an ``__init__`` parameter)."""

    __slots__ = ("compare", "default", "default_factory", "hash", "kw_only", "metadata", "name", "repr", "type")

    init = True

    def __init__(
        self,
        default: Any,
        default_factory: Any,
        repr: bool,
        hash: bool | None,
        compare: bool,
        kw_only: Any,
        metadata: Mapping[Any, Any] | None,
    ) -> None:
        self.name: str = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.kw_only = kw_only
        self.metadata = _EMPTY if not metadata else types.MappingProxyType(dict(metadata))

    def __repr__(self) -> str:
        return (
            f"Field(name={self.name!r}, type={self.type!r}, default={self.default!r}, "
            f"default_factory={self.default_factory!r}, repr={self.repr!r}, hash={self.hash!r}, "
            f"compare={self.compare!r}, kw_only={self.kw_only!r}, metadata={self.metadata!r})"
        )


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    repr: bool = True,
    hash: bool | None = None,
    compare: bool = True,
    kw_only: bool | Any = MISSING,
    metadata: Mapping[Any, Any] | None = None,
) -> Any:
    """Declare a field with a default, a default factory or options (``dataclasses.field``)."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, repr, hash, compare, kw_only, metadata)


def fields(value: Any) -> tuple[Field, ...]:
    """The fields of a value class or value, in ``__init__`` order (``dataclasses.fields``)."""
    try:
        found: dict[str, Field] = value.__value_fields__
    except AttributeError:
        raise TypeError("must be called with a Value class or instance") from None
    return tuple(found.values())


def is_value(value: object) -> bool:
    """Whether ``value`` is a :class:`Value` class or instance (``dataclasses.is_dataclass``)."""
    return hasattr(value, "__value_fields__")


def replace(value: V, /, **changes: Any) -> V:
    """A copy of ``value`` with ``changes`` (``dataclasses.replace``)."""
    if isinstance(value, type) or not is_value(value):
        raise TypeError("replace() should be called on Value instances")
    for item in value._shape.names:
        if item not in changes:
            changes[item] = value.__dict__[item]
    return value.__class__(**changes)


def own_annotations(cls: type) -> dict[str, Any]:
    """The annotations ``cls`` itself declares (not its bases'), as ``inspect.get_annotations`` gives them."""
    own = cls.__dict__.get("__annotations__")  # noqa: RUF063  # a dict stored at class creation
    if isinstance(own, dict):
        return own
    if sys.version_info < (3, 14):
        return {}  # a class that annotates nothing has no dictionary of its own
    import inspect  # Python 3.14 keeps annotations lazily (inspect is slow to import: only then)

    return dict(inspect.get_annotations(cls))


class _Shape:
    """What the shared methods need to know about one class's fields, worked out once."""

    def __init__(self, cls: type, fields: tuple[Field, ...]) -> None:
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


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Value:
    """Base of modlint's frozen values: a subclass is a frozen dataclass of its annotated fields.

    ``class Position(Value, order=True)`` also orders instances by their compared fields;
    ``kw_only=True`` makes every field keyword-only.
    """

    __value_fields__: ClassVar[dict[str, Field]]
    _shape: ClassVar[_Shape]

    def __init_subclass__(
        cls, *, order: bool = False, kw_only: bool = False, compiled_init: bool = False, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        for name in ("__post_init__", "__slots__"):
            if name in vars(cls):
                raise TypeError(f"{cls.__qualname__}: a Value cannot define {name}")
        fields = _set_fields(cls, kw_only)
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
        return replace(self, **changes)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


def _set_fields(cls: type, kw_only: bool) -> tuple[Field, ...]:
    """The fields of ``cls``, found as ``@dataclass`` finds them and stored in ``__value_fields__``:
    its bases' in base-class order (a redefined field in its first place), then its own annotated
    names but class variables, each with its ``field()`` or plain default (the class attribute of a
    ``field()`` is then its default, or none); also ``__match_args__``."""
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(base.__dict__.get("__value_fields__", {}))
    for name, annotation in own_annotations(cls).items():
        if _is_class_variable(cls, annotation):
            found.pop(name, None)  # a base's field made a class variable here is a field no more
            continue
        found[name] = _field_of(cls, name, annotation, kw_only)
    cls.__value_fields__ = found  # type: ignore[attr-defined]
    if "__match_args__" not in cls.__dict__:
        cls.__match_args__ = tuple(f.name for f in found.values() if not f.kw_only)  # type: ignore[attr-defined,misc]
    return tuple(found.values())


def _is_class_variable(cls: type, annotation: object) -> bool:
    """Whether an annotation is ``ClassVar[...]`` (written as text under ``from __future__ import
    annotations``, or evaluated); refuses the pseudo-fields a Value does not support."""
    text = annotation if isinstance(annotation, str) else repr(annotation)
    if text.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar")) or annotation is ClassVar:
        return True
    if text.startswith(("InitVar", "dataclasses.InitVar", "KW_ONLY", "dataclasses.KW_ONLY")):
        raise TypeError(f"{cls.__qualname__}: a Value cannot have InitVar or KW_ONLY fields")
    return False


def _field_of(cls: type, name: str, annotation: object, kw_only: bool) -> Field:
    """The field ``name``, from its ``field()`` or plain default, as ``dataclass`` makes it (which
    reads the default from the class and its bases: a base's default, or method, of that name)."""
    default: Any = getattr(cls, name, _MISSING)
    if isinstance(default, Field):
        item = default
        if item.default is _MISSING:
            delattr(cls, name)
        else:
            setattr(cls, name, item.default)
    elif _is_foreign_field(default):
        raise TypeError(f"{cls.__qualname__}.{name}: a Value's fields use modlint.values.field, not dataclasses.field")
    else:
        item = field(default=default)
    item.name = name
    item.type = annotation
    if item.kw_only is _MISSING:  # not given to field()
        item.kw_only = kw_only
    if item.default is not _MISSING and item.default.__class__.__hash__ is None:
        raise ValueError(f"mutable default {type(item.default)} for field {name} is not allowed: use default_factory")
    return item


def _is_foreign_field(default: object) -> bool:
    """Whether a default is a ``dataclasses.field()`` (already imported if one was made)."""
    module = sys.modules.get("dataclasses")
    return module is not None and isinstance(default, module.Field)


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


def _refuse_required_after_default(cls: type, fields: tuple[Field, ...]) -> None:
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
