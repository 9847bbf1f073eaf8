"""Declared values (:class:`~modlint.checks.spec.Spec`): frozen, keyword-only dataclasses whose
methods are shared rather than generated per class; they must behave as the generated ones would."""

from __future__ import annotations

import pytest

from modlint import values
from modlint.checks import KINDS
from modlint.checks.spec import Field, Spec
from modlint.config.settings import Settings


class Sample(Spec):
    name: str
    tags: tuple[str, ...] = ()
    table: dict[str, int] = Field(default_factory=dict)


class Other(Spec):
    name: str


def test_construction_is_keyword_only_with_defaults() -> None:
    value = Sample(name="a")
    assert (value.name, value.tags, value.table) == ("a", (), {})
    assert Sample(name="a").table is not value.table  # a fresh default from the factory
    with pytest.raises(TypeError, match="missing required argument: 'name'"):
        Sample()
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        Sample(name="a", colour="red")
    with pytest.raises(TypeError):
        Sample("a")  # type: ignore[misc]


def test_values_are_frozen() -> None:
    value = Sample(name="a")
    with pytest.raises(values.FrozenInstanceError):
        value.name = "b"  # type: ignore[misc]
    with pytest.raises(values.FrozenInstanceError):
        del value.name  # type: ignore[misc]


def test_equality_hash_and_repr_follow_the_fields() -> None:
    assert Sample(name="a", tags=("x",)) == Sample(name="a", tags=("x",))
    assert Sample(name="a") != Sample(name="b")
    assert Sample(name="a") != Other(name="a")  # another class is never equal
    assert hash(Other(name="a")) == hash(Other(name="a"))
    assert repr(Sample(name="a")) == "Sample(name='a', tags=(), table={})"


def test_fields_and_replace_work_as_on_values() -> None:
    value = Sample(name="a")
    assert values.is_value(value)
    assert [f.name for f in values.fields(Sample)] == ["name", "tags", "table"]
    assert values.replace(value, name="b") == Sample(name="b")


@pytest.mark.parametrize("kind", [*KINDS.values(), Settings], ids=lambda k: k.__name__)
def test_every_kind_and_the_settings_are_declared_this_way(kind: type[Spec]) -> None:
    """No generated methods: the shared ones are what runs (a kind that added its own would say)."""
    for method in ("__init__", "__eq__", "__hash__", "__repr__", "__setattr__"):
        assert getattr(kind, method) is getattr(Spec, method), (kind, method)
