"""The cache codec: what it encodes decodes to an equal value, and data of any other shape raises
ValueError (a damaged or foreign cache file is a miss, never wrong facts)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any, Literal

import pytest

from modlint import codec, values
from modlint.facts import prebuilt
from modlint.facts.model import FileFacts
from modlint.facts.reading import facts_from_bytes
from modlint.values import Value, field

from helpers import FIXTURES


class Colour(enum.Enum):
    RED = "red"


class Inner(Value):
    line: int
    label: str | None = None


class Outer(Value):
    name: str
    flag: bool
    count: int
    tags: tuple[str, ...]
    inners: tuple[Inner, ...]
    maybe: Inner | None
    colour: Colour
    kind: Literal["a", "b"]
    table: dict[str, int] = field(default_factory=dict)
    pair: tuple[int, str] = (0, "")
    keyed: tuple[tuple[str, int | tuple[str, ...]], ...] = ()  # a definition's facts: keyed pairs, unions
    fact: str | int | None = None


GOOD = Outer(
    "x",
    True,
    3,
    ("a", "b"),
    (Inner(1), Inner(2, "two")),
    None,
    Colour.RED,
    "a",
    {"k": 1},
    (1, "one"),
    (("n", 1), ("t", ("a",))),
    2,
)


COMPILED = pytest.mark.parametrize("compiled", [False, True], ids=["closures", "compiled"])


@COMPILED
def test_round_trip(compiled: bool) -> None:
    assert codec.decode(Outer, codec.encode(GOOD), compiled=compiled) == GOOD
    assert codec.decode(Outer, list(codec.encode(GOOD)), compiled=compiled) == GOOD


@COMPILED
def test_every_fixture_files_facts_round_trip(compiled: bool) -> None:
    files = sorted(FIXTURES.rglob("*.py"))
    assert len(files) > 100
    for path in files:
        facts = facts_from_bytes(path.as_posix(), path.read_bytes(), "app")
        assert codec.decode(FileFacts, codec.encode(facts), compiled=compiled) == facts, path


@pytest.fixture
def fresh_decoders(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No decoder made yet (and none left behind made under a patched registry)."""
    codec.decoder.cache_clear()
    yield
    monkeypatch.undo()
    codec.decoder.cache_clear()


def test_the_file_facts_decoders_compiled_ahead_are_current() -> None:
    assert prebuilt.TARGET.read_text(encoding="utf-8") == prebuilt.source(), (
        "modlint/facts/decoders.py is stale: run python -m modlint.facts.prebuilt"
    )


@pytest.mark.usefixtures("fresh_decoders")
def test_every_file_facts_decoder_comes_compiled_ahead() -> None:
    """No run compiles one (~5 ms a run): each is a function of modlint/facts/decoders.py."""
    codec.decoder(FileFacts, True)
    below = [kind for kind in codec._SOURCES if codec._below(kind, FileFacts) or kind is FileFacts]
    assert len(below) >= 9
    for kind in below:
        assert codec.decoder(kind, True).__code__.co_filename == str(prebuilt.TARGET), kind


@pytest.mark.usefixtures("fresh_decoders")
def test_decoders_compiled_at_run_time_decode_as_those_compiled_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback for a stale module (or a class none was written for) gives the same facts."""
    encoded = [codec.encode(facts_from_bytes(p.as_posix(), p.read_bytes(), "app")) for p in FIXTURES.rglob("*.py")]
    ahead = [codec.decode(FileFacts, data, compiled=True) for data in encoded]
    codec.decoder.cache_clear()
    monkeypatch.setattr(codec, "_PREBUILT", {})
    assert codec.decoder(FileFacts, True).__code__.co_filename == "<string>"
    assert [codec.decode(FileFacts, data, compiled=True) for data in encoded] == ahead


def test_a_decoder_compiled_ahead_is_known_by_its_exact_source() -> None:
    source, scope = codec._compiled_source(FileFacts)
    assert codec._source_key(source, scope) in codec._PREBUILT
    assert codec._source_key(source.replace("!= ", "!=  ", 1), scope) not in codec._PREBUILT
    assert codec._source_key(source, {**scope, "extra": None}) not in codec._PREBUILT


def _with(index: int, value: Any) -> tuple[Any, ...]:
    data = list(codec.encode(GOOD))
    data[index] = value
    return tuple(data)


@pytest.mark.parametrize(
    "data",
    [
        _with(0, 1),  # str field holding an int
        _with(1, 1),  # bool field holding an int
        _with(2, True),  # int field holding a bool
        _with(3, ("a", 2)),  # a tuple of str with an int in it
        _with(3, "ab"),  # a string is no tuple
        _with(4, ((1, None), ("2", None))),  # a nested dataclass with a bad field
        _with(4, ((1,),)),  # a nested dataclass with a field missing
        _with(5, (1, 2)),  # an optional dataclass with a bad field
        _with(6, "blue"),  # no such enum value
        _with(7, "c"),  # not one of the literals
        _with(8, (("k", "1"),)),  # a dict value of the wrong type
        _with(9, (1,)),  # a fixed tuple of the wrong length
        _with(10, ((1, 1),)),  # a keyed pair whose key is no str
        _with(10, (("n", 1, 2),)),  # a keyed pair of three
        _with(10, (("n", True),)),  # a union member by value but not by type (a bool is no int)
        _with(11, True),  # the same outside a pair
        _with(11, 1.5),  # no member of the union
        codec.encode(GOOD)[:-1],  # a field missing
        (*codec.encode(GOOD), 1),  # a field too many
        "not a sequence",
        None,
    ],
)
@COMPILED
def test_any_other_shape_raises(data: Any, compiled: bool) -> None:
    with pytest.raises(ValueError):
        codec.decode(Outer, data, compiled=compiled)


def test_the_version_follows_the_shape() -> None:
    class Inner(Value):  # same name, another field
        line: int
        column: int

    assert codec.version(Outer) == codec.version(Outer)
    assert codec.shape(Inner) != codec.shape(globals()["Inner"])


class Access(enum.IntFlag):
    READ = 1
    WRITE = 2


class Flags(Value):
    access: Access


@COMPILED
def test_combined_flags_decode(compiled: bool) -> None:
    """A flag enum's combined values (``READ | WRITE``) are no members, but values all the same."""
    both = Flags(Access.READ | Access.WRITE)
    assert codec.decode(Flags, codec.encode(both), compiled=compiled) == both
    with pytest.raises(ValueError):
        codec.decode(Flags, (8,), compiled=compiled)


def test_a_fields_decoder_decodes_only_the_fields_asked() -> None:
    decode = codec.fields_decoder(Outer, ("name", "inners"))
    assert decode(codec.encode(GOOD)) == {"name": GOOD.name, "inners": GOOD.inners}
    assert decode(_with(6, "blue")) == {"name": GOOD.name, "inners": GOOD.inners}  # the others are not read
    with pytest.raises(ValueError):
        decode(codec.encode(GOOD)[:-1])  # but their count is
    with pytest.raises(ValueError):
        decode(_with(0, 1))
    with pytest.raises(TypeError):
        codec.fields_decoder(Outer, ("nothing",))


def test_type_hints_equal_typings_for_every_stored_type() -> None:
    """The fast hints are the ones ``typing.get_type_hints`` gives, for every class the caches and
    the configuration snapshot store (check kinds, settings, facts, findings) and a local class."""
    import typing

    from modlint.checks import KINDS
    from modlint.config.settings import Settings
    from modlint.facts.model import FileFacts
    from modlint.findings import Finding

    seen: set[type] = set()

    def visit(kind: object) -> None:
        if isinstance(kind, type) and values.is_value(kind) and kind not in seen:
            seen.add(kind)
            assert codec.type_hints(kind) == typing.get_type_hints(kind), kind
            for hint in typing.get_type_hints(kind).values():
                visit(hint)
        for arg in typing.get_args(kind):
            visit(arg)

    for kind in (*KINDS.values(), Settings, FileFacts, Finding, Outer):
        visit(kind)
    assert len(seen) > 30
