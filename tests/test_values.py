"""Frozen values (:class:`~modlint.values.Value`): classes whose methods are shared rather than
compiled per class, made without the dataclasses module; they must behave as ``@dataclass(frozen=True)``
would, and ``modlint.values``' ``field``, ``fields``, ``replace`` as ``dataclasses``' do."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
from pathlib import Path
from typing import ClassVar

import pytest

import modlint
from modlint import values
from modlint.findings import Position
from modlint.values import FrozenInstanceError, Value, field


class Point(Value, order=True):
    x: int
    y: int = 0


class Tagged(Value):
    name: str
    tags: tuple[str, ...] = ()
    table: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


class Labelled(Tagged):
    label: str = ""


class Options(Value, kw_only=True):
    jobs: int = 1


class Plain:
    name: str = ""


def test_construction_by_position_keyword_and_defaults() -> None:
    assert (Point(1, 2).x, Point(1, 2).y) == (1, 2)
    assert Point(1) == Point(x=1) == Point(1, y=0)
    value = Tagged("a")
    assert (value.name, value.tags, value.table) == ("a", (), {})
    assert Tagged("a").table is not value.table  # a fresh default from the factory
    assert Labelled("a", ("t",), {}, "l").label == "l"  # a subclass's fields come after its base's
    assert Options(jobs=2).jobs == 2


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Point(), "missing required argument: 'x'"),
        (lambda: Point(1, 2, 3), "takes 3 positional arguments but 4 were given"),
        (lambda: Point(1, x=2), "multiple values for argument 'x'"),
        (lambda: Point(1, z=2), "unexpected keyword argument 'z'"),
        (lambda: Options(2), "takes 1 positional arguments but 2 were given"),
    ],
)
def test_a_wrong_call_is_a_type_error(make: object, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        make()  # type: ignore[operator]


def test_values_are_frozen() -> None:
    value = Point(1)
    with pytest.raises(FrozenInstanceError):
        value.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del value.x  # type: ignore[misc]


def test_equality_hash_repr_and_order_follow_the_fields_flags() -> None:
    assert Tagged("a", table={"x": 1}) == Tagged("a")  # compare=False
    assert hash(Tagged("a", table={"x": 1})) == hash(Tagged("a"))
    assert Tagged("a") != Labelled("a")  # another class is never equal
    assert repr(Tagged("a", ("t",))) == "Tagged(name='a', tags=('t',))"  # repr=False
    assert sorted([Point(2, 0), Point(1, 5), Point(1, 2)]) == [Point(1, 2), Point(1, 5), Point(2, 0)]
    assert Point(1) <= Point(1) and Point(2) > Point(1) and Point(2) >= Point(2)
    with pytest.raises(TypeError):
        sorted([Tagged("b"), Tagged("a")])  # type: ignore[type-var]  # not ordered
    assert Point(1).__lt__(Position(1, 1)) is NotImplemented  # another class: Python raises TypeError


def test_fields_replace_pickle_and_copy_work_as_on_a_dataclass() -> None:
    value = Labelled("a", label="l")
    assert values.is_value(value) and values.is_value(Labelled) and not values.is_value(Plain)
    assert [f.name for f in values.fields(Labelled)] == ["name", "tags", "table", "label"]
    assert values.fields(value) == values.fields(Labelled)
    assert values.replace(value, name="b") == Labelled("b", label="l")
    assert value.name == "a"  # replace made a new value
    with pytest.raises(TypeError, match="unexpected keyword argument 'nope'"):
        values.replace(value, nope=1)
    with pytest.raises(TypeError, match="Value class or instance"):
        values.fields(Plain)
    with pytest.raises(TypeError, match="on Value instances"):
        values.replace(Labelled, name="b")  # type: ignore[type-var]
    assert Point.__match_args__ == ("x", "y")
    assert pickle.loads(pickle.dumps(value)) == value  # the worker pool sends facts between processes
    assert copy.deepcopy(value) == value


def test_what_a_value_cannot_do_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="cannot define __post_init__"):

        class Late(Value):
            x: int

            def __post_init__(self) -> None: ...

    with pytest.raises(TypeError, match=re.escape("use modlint.values.field, not dataclasses.field")):

        class Derived(Value):
            x: int = dataclasses.field(default=0)

    with pytest.raises(ValueError, match="both default and default_factory"):
        field(default=1, default_factory=int)


def test_no_method_is_generated_per_class() -> None:
    """The point of Value: making a class compiles nothing (a third of a one-file run's imports)."""
    for cls in (Point, Tagged, Labelled, Position):
        assert not {"__init__", "__eq__", "__hash__", "__repr__", "__setattr__"} & set(vars(cls))


def test_every_frozen_value_of_the_package_is_a_value() -> None:
    """One way to make a frozen value: ``@dataclass(frozen=True)`` compiles its methods at import."""
    package = Path(modlint.__file__).parent
    generated = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if re.search(r"^\s*@(dataclasses\.)?dataclass\([^)]*frozen=True", path.read_text(encoding="utf-8"), re.M)
    ]
    assert generated == []


class Compiled(Value, compiled_init=True):
    name: str
    tags: tuple[str, ...] = ()
    table: dict[str, int] = field(default_factory=dict)


class CompiledOptions(Value, kw_only=True, compiled_init=True):
    jobs: int = 1


def test_a_compiled_init_behaves_as_the_shared_one() -> None:
    """``compiled_init`` (classes made by the ten thousand) changes the speed of ``__init__``, nothing else."""
    value = Compiled("a", table={"x": 1})
    assert (value.name, value.tags, value.table) == ("a", (), {"x": 1})
    assert Compiled("a").table is not Compiled("a").table  # a fresh default from the factory
    assert Compiled("a", ("t",)) == Compiled(name="a", tags=("t",)) != Compiled("b")
    assert CompiledOptions(jobs=3).jobs == 3 and CompiledOptions().jobs == 1
    assert values.replace(value, name="b").name == "b"
    for make in (lambda: Compiled(), lambda: Compiled("a", z=1), lambda: CompiledOptions(2)):
        with pytest.raises(TypeError):
            make()  # type: ignore[call-arg]
    assert set(vars(Compiled)) & {"__init__", "__eq__", "__hash__", "__repr__"} == {"__init__"}


def test_a_subclass_of_a_compiled_init_class_takes_its_own_fields() -> None:
    class Wider(Compiled):
        extra: int = 0

    assert Wider("a", extra=1).extra == 1 and Wider("a").table == {}


def test_a_required_field_after_a_default_is_refused_as_a_dataclass_does() -> None:
    with pytest.raises(TypeError, match="non-default argument 'late' follows default argument"):

        class Wrong(Value):
            early: int = 0
            late: int


def test_a_subclass_that_does_not_ask_for_order_orders_as_its_base() -> None:
    class Located(Point):
        label: str = ""

    assert not Located(1, 0, "b") < Located(1, 0, "a")  # equal by the base's fields: x, y
    assert Located(1, 0, "b") < Located(2, 0, "a")


def _described(cls: type) -> list[tuple[object, ...]]:
    found = values.fields(cls) if values.is_value(cls) else dataclasses.fields(cls)  # type: ignore[arg-type]
    return [
        (
            *(f.name, f.type, _plain(f.default), _plain(f.default_factory)),
            *(f.init, f.repr, f.hash, f.compare, f.kw_only, dict(f.metadata)),
        )
        for f in found
    ]


def _plain(default: object) -> object:
    """``MISSING`` of either module as one value."""
    return "MISSING" if default is values.MISSING or default is dataclasses.MISSING else default


def test_fields_are_those_the_dataclass_decorator_makes() -> None:
    """A Value finds its fields itself (the decorator costs ~0.2 ms a class at every start, and the
    dataclasses module ~12 ms to import): they must be the decorator's, inherited and redefined fields
    included."""

    class Base(Value):
        name: str
        size: int = field(default=0, compare=False, metadata={"unit": "bytes"})
        tags: tuple[str, ...] = ()
        shared: ClassVar[int] = 3

    class Derived(Base, kw_only=True):
        size: int = 5
        extra: dict[str, int] = field(default_factory=dict, repr=False)

    @dataclasses.dataclass(frozen=True)
    class PlainBase:
        name: str
        size: int = dataclasses.field(default=0, compare=False, metadata={"unit": "bytes"})
        tags: tuple[str, ...] = ()
        shared: ClassVar[int] = 3

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class PlainDerived(PlainBase):
        size: int = 5
        extra: dict[str, int] = dataclasses.field(default_factory=dict, repr=False)

    assert _described(Base) == _described(PlainBase)
    assert _described(Derived) == _described(PlainDerived)
    assert (Base.__match_args__, Derived.__match_args__) == (PlainBase.__match_args__, PlainDerived.__match_args__)
    assert (Base.shared, Base.tags, Derived.size) == (3, (), 5)  # class attributes as the decorator leaves them
    assert "extra" not in vars(Derived)  # a field() without a default leaves no class attribute
    assert values.replace(Derived("a", extra={"x": 1}), size=7) == Derived("a", size=7, extra={"x": 1})


def test_inherited_defaults_and_class_variables_are_read_as_the_decorator_reads_them() -> None:
    class Base(Value):
        x: int = 1
        y: int = 2

    class Narrower(Base):
        x: int  # the base's default still applies (the decorator reads it from the class)
        y: ClassVar[int] = 5  # no longer a field

    @dataclasses.dataclass(frozen=True)
    class PlainBase:
        x: int = 1
        y: int = 2

    @dataclasses.dataclass(frozen=True)
    class PlainNarrower(PlainBase):
        x: int
        y: ClassVar[int] = 5

    assert _described(Narrower) == _described(PlainNarrower)
    assert Narrower() == Narrower(1) and Narrower.y == 5


def test_copy_replace_works_as_on_a_dataclass() -> None:
    """``copy.replace`` (Python 3.13) calls ``__replace__``, which the decorator adds."""
    assert Point(1, 2).__replace__(y=3) == Point(1, 3)


def test_a_mutable_default_is_refused_as_a_dataclass_does() -> None:
    with pytest.raises(ValueError, match="mutable default"):

        class Wrong(Value):
            items: list[str] = []  # noqa: RUF012
