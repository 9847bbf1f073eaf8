"""Plain-data encoding of typed frozen values, derived from their fields: what the caches store.

``encode`` turns a :class:`~modlint.values.Value` (and the enums, tuples, lists, dicts, frozensets
and primitives inside it) into nested tuples that ``marshal`` can write and read back without
running code. ``decoder(T)`` builds, once per type, the inverse from ``T``'s type hints, strict
about every value's type, so a cache file of another shape raises instead of producing wrong facts.
``shape(T)`` names every field and type below ``T``: a cache's version is derived from it, so
changing a fact's fields invalidates old caches by itself.
"""

from __future__ import annotations

import enum
import functools
import sys
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from modlint.digests import hexdigest
from modlint.values import fields, is_value, own_annotations

T = TypeVar("T")
Decoder = Callable[[Any], Any]
_PRIMITIVES = (str, int, bool, type(None))


def encode(value: object) -> Any:
    """``value`` as nested tuples of primitives (values by field order, enums by value)."""
    if is_value(value) and not isinstance(value, type):
        return tuple(encode(getattr(value, f.name)) for f in fields(value))
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


def decode(kind: type[T], data: Any, *, compiled: bool = False) -> T:
    """The inverse of :func:`encode` for a value of type ``kind``; raises ValueError on anything else.

    ``compiled``: through decoders compiled for each value class (see :func:`_compiled_decoder`), for
    types decoded thousands of times a run (file facts); compiling costs about a millisecond per
    class, more than a configuration snapshot takes to decode without it."""
    decode_value: Decoder = decoder(typing.cast(Any, kind), compiled)
    return typing.cast(T, decode_value(data))


@functools.cache
def fields_decoder(kind: type, names: tuple[str, ...]) -> Callable[[Any], dict[str, Any]]:
    """A decoder of only the fields ``names`` of an encoded ``kind`` (its other fields are neither
    decoded nor checked, beyond the field count): for a reader that needs a few fields of a value
    thousands of times (a narrowed run reads other modules' files for their imports only)."""
    hints = type_hints(kind)
    order = [f.name for f in fields(kind)]
    unknown = set(names) - set(order)
    if unknown:
        raise TypeError(f"{kind.__name__} has no field {sorted(unknown)[0]!r}")
    picked = [(name, order.index(name), decoder(hints[name], True)) for name in names]
    count = len(order)

    def decode_fields(data: Any) -> dict[str, Any]:
        if type(data) not in (tuple, list) or len(data) != count:
            _fail(kind.__name__, data, count)
        return {name: decode_value(data[index]) for name, index, decode_value in picked}

    return decode_fields


@functools.cache
def type_hints(kind: type) -> dict[str, Any]:
    """``typing.get_type_hints(kind)``, faster. Under ``from __future__ import annotations`` every
    annotation is a string, which ``get_type_hints`` compiles through a ``ForwardRef`` (~20 us each:
    most of the time a warm run takes to decode its configuration); here each class's strings are
    evaluated as ``get_type_hints`` evaluates them (its module's names first, then the class's;
    ``None`` is ``NoneType``), and anything else falls back to it. A test holds the two equal for
    every type the caches store."""
    hints: dict[str, Any] = {}
    try:
        for klass in reversed(kind.__mro__):
            hints.update(_own_hints(klass))
    except Exception:
        return typing.get_type_hints(kind)
    return hints


@functools.cache
def _own_hints(klass: type) -> dict[str, Any]:
    """The hints of the annotations ``klass`` itself declares: once per class, not once per subclass
    (every check kind's rule class repeats the base rule's fields)."""
    annotations = own_annotations(klass)
    if not annotations:
        return {}
    namespace = {**vars(klass), **vars(sys.modules[klass.__module__])}
    hints = {}
    for name, value in annotations.items():
        # the class's own annotation strings, evaluated as typing.get_type_hints does
        found = eval(_compiled(value), namespace) if isinstance(value, str) else value
        hints[name] = type(None) if found is None else found
    return hints


@functools.cache
def _compiled(annotation: str) -> types.CodeType:
    """An annotation string compiled once: a run evaluates a few hundred, mostly the same few dozen
    (``str``, ``int``, ``tuple[str, ...]``), and compiling is most of an evaluation's cost."""
    return compile(annotation, "<annotation>", "eval")


def shape(kind: object) -> str:
    """A text naming every value class, field and type reachable from ``kind``."""
    if isinstance(kind, type) and is_value(kind):
        hints = type_hints(kind)
        inner = ",".join(f"{f.name}:{shape(hints[f.name])}" for f in fields(kind))
        return f"{kind.__name__}({inner})"
    args = typing.get_args(kind)
    if args:
        return f"{getattr(typing.get_origin(kind), '__name__', 'union')}[{','.join(shape(a) for a in args)}]"
    return getattr(kind, "__name__", repr(kind))


@functools.cache  # three caches name the same types: their shapes are walked once a run
def version(kind: type) -> str:
    """A short digest of :func:`shape`: equal exactly when the encoded form is."""
    return hexdigest(shape(kind).encode(), 6)


@functools.cache
def decoder(kind: object, compiled: bool = False) -> Decoder:
    """The decoding function for one type, built once from its type hints."""
    if isinstance(kind, type) and is_value(kind):
        return _compiled_decoder(kind) if compiled else _dataclass_decoder(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return _flag_decoder(kind) if issubclass(kind, enum.Flag) else _enum_decoder(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        members = tuple(decoder(a, compiled) for a in args if a is not type(None))
        return _union_decoder(members, type(None) in args, frozenset(a for a in args if a in _PRIMITIVES))
    if origin is tuple:
        return _tuple_decoder(args, compiled)
    if origin is list:
        member = decoder(args[0], compiled)
        return lambda data: [member(x) for x in _sequence(data)]
    if origin is dict:
        keys, values = decoder(args[0], compiled), decoder(args[1], compiled)
        return lambda data: {keys(k): values(v) for k, v in _sequence(data)}
    if origin is typing.Literal:
        return _literal_decoder(args)
    if origin is frozenset:
        item = decoder(args[0], compiled)
        return lambda data: frozenset(item(x) for x in _sequence(data))
    if kind in _PRIMITIVES or kind is None:
        return _primitive_decoder(type(None) if kind is None else typing.cast(type, kind))
    raise TypeError(f"no decoder for {kind!r}")


def _dataclass_decoder(kind: type) -> Decoder:
    hints = type_hints(kind)
    names = [f.name for f in fields(kind)]
    decoders = [decoder(hints[name]) for name in names]
    count, new = len(decoders), object.__new__

    def decode_dataclass(data: Any) -> Any:
        values = _sequence(data)
        if len(values) != count:
            raise ValueError(f"{kind.__name__}: expected {count} fields, got {len(values)}")
        obj: Any = new(kind)  # a value's __init__ would only set the same attributes
        obj.__dict__.update(zip(names, [dec(v) for dec, v in zip(decoders, values, strict=True)], strict=True))
        return obj

    return decode_dataclass


def _compiled_decoder(kind: type) -> Decoder:
    """A decoder compiled for ``kind``: one function whose body checks and converts every field in
    line (primitives, optional primitives and tuples of primitives without a call each), then fills
    the instance. Generated from the type hints alone, never from data (a warm run decodes thousands
    of files' facts, and a call per field was most of that time). Compiling the file facts' nine
    cost every run ~5 ms: a function compiled ahead for the same source (:func:`prebuilt_module`)
    is used when there is one."""
    source, scope = _compiled_source(kind)
    factory = _PREBUILT.get(_source_key(source, scope))
    if factory is not None:
        return factory(**scope)
    exec(source, scope)  # the source is built from type hints only, never from data
    return typing.cast(Decoder, scope["decode_dataclass"])


#: Factories of decoders compiled ahead, by :func:`_source_key` of the source each was compiled
#: from (registered by :mod:`modlint.facts.decoders` when the facts model is imported).
_PREBUILT: dict[str, Callable[..., Decoder]] = {}
#: The source and scope names of every compiled decoder made in this process, by class.
_SOURCES: dict[type, tuple[str, tuple[str, ...]]] = {}


def register_prebuilt(factories: Mapping[str, Callable[..., Decoder]]) -> None:
    """Make decoders compiled ahead available: each takes the scope of its source by keyword."""
    _PREBUILT.update(factories)


def _source_key(source: str, scope: Mapping[str, Any]) -> str:
    """What a decoder compiled ahead is known by: its exact source and the names it is given."""
    return hexdigest("\0".join([source, *sorted(scope)]).encode(), 12)


def _compiled_source(kind: type) -> tuple[str, dict[str, Any]]:
    """The source of ``kind``'s compiled decoder (a ``decode_dataclass`` function) and the names it uses."""
    hints = type_hints(kind)
    names = [f.name for f in fields(kind)]
    scope: dict[str, Any] = {"kind": kind, "new": object.__new__, "fail": _fail, "seq": (tuple, list)}
    lines = [
        "def decode_dataclass(data):",
        f"    if type(data) not in seq or len(data) != {len(names)}:",
        f"        fail({kind.__name__!r}, data, {len(names)})",
    ]
    values = []
    for index, name in enumerate(names):
        lines += _field_lines(index, hints[name], scope)
        values.append(f"{name!r}: v{index}")
    mapping = "{" + ", ".join(values) + "}"
    # a value's __init__ would only set the same attributes (a Value has no __post_init__)
    lines += ["    obj = new(kind)", f"    obj.__dict__.update({mapping})", "    return obj"]
    source = "\n".join(lines)
    _SOURCES[kind] = (source, tuple(sorted(scope)))
    return source, scope


def prebuilt_module(kinds: Sequence[type], docstring: str) -> str:
    """The text of a module that registers the compiled decoders of ``kinds`` and of every value
    class below them, as functions compiled with the module (Python caches their bytecode)."""
    for kind in kinds:
        decoder(kind, True)
    wanted = {kind for kind in _SOURCES if any(kind is root or _below(kind, root) for root in kinds)}
    parts = [f'"""{docstring}"""', "", "from typing import Any", "", "from modlint import codec", ""]
    entries = []
    for kind in sorted(wanted, key=lambda k: (k.__module__, k.__qualname__)):
        source, names = _SOURCES[kind]
        function = "_" + kind.__qualname__.replace(".", "_")
        body = source.splitlines()[1:]
        parts += [
            "",
            f"def {function}({', '.join(f'{n}: Any' for n in names)}) -> Any:",
            "    def decode_dataclass(data: Any) -> Any:",
            *(f"    {line}" for line in body),
            "",
            "    return decode_dataclass",
            "",
        ]
        entries.append(f"        {_source_key(source, dict.fromkeys(names))!r}: {function},")
    parts += ["", "codec.register_prebuilt(", "    {", *entries, "    }", ")", ""]
    return "\n".join(parts)


def _below(kind: type, root: type) -> bool:
    """Whether value class ``kind`` is the type of a field somewhere below value class ``root``."""
    return f"{kind.__name__}(" in shape(root)


def _field_lines(index: int, hint: Any, scope: dict[str, Any]) -> list[str]:
    """Statements that set ``v<index>`` from ``data[index]``, inlined for the common shapes."""
    item = f"data[{index}]"
    args = typing.get_args(hint)
    optional = typing.get_origin(hint) in (typing.Union, types.UnionType) and type(None) in args
    inner = [a for a in args if a is not type(None)] if optional else [hint]
    target = inner[0] if len(inner) == 1 else None
    if target in _PRIMITIVES:
        primitive = f"p{index}"
        scope[primitive] = target
        check = f"type(v{index}) is not {primitive}" + (f" and v{index} is not None" if optional else "")
        return [f"    v{index} = {item}", f"    if {check}:", f"        fail('field', v{index}, {primitive})"]
    if typing.get_origin(target) is tuple and len(typing.get_args(target)) == 2:
        member, rest = typing.get_args(target)
        if rest is Ellipsis and member in _PRIMITIVES and not optional:
            primitive = f"p{index}"
            scope[primitive] = member
            return [
                f"    v{index} = {item}",
                f"    if type(v{index}) not in seq or "
                f"(v{index} and any(type(x) is not {primitive} for x in v{index})):",
                f"        fail('items', v{index}, {primitive})",
                f"    v{index} = tuple(v{index})",
            ]
        if rest is Ellipsis and not optional:
            each = _pair_expression(index, member, scope)
            if each is None:
                scope[f"d{index}"] = decoder(member, True)
                each = f"d{index}(x)"
            return [
                f"    v{index} = {item}",
                f"    if type(v{index}) not in seq:",
                f"        fail('items', v{index}, 'a sequence')",
                f"    v{index} = tuple([{each} for x in v{index}]) if v{index} else ()",
            ]
    if optional and target is not None:
        scope[f"d{index}"] = decoder(target, True)
        return [f"    v{index} = {item}", f"    if v{index} is not None:", f"        v{index} = d{index}(v{index})"]
    scope[f"d{index}"] = decoder(hint, True)
    return [f"    v{index} = d{index}({item})"]


def _pair_expression(index: int, member: Any, scope: dict[str, Any]) -> str | None:
    """For items ``x`` of type ``tuple[K, V]`` with a primitive key (a definition's facts and
    positions, a thousand a narrowed run at 500 modules), an expression that checks and decodes one
    in line, without a call for the pair nor for a value of a primitive type (None: another shape)."""
    args = typing.get_args(member) if typing.get_origin(member) is tuple else ()
    if len(args) != 2 or args[0] not in _PRIMITIVES or args[1] is Ellipsis:
        return None
    key, value = args
    scope[f"k{index}"] = key
    scope[f"d{index}"] = decoder(value, True)
    members = typing.get_args(value) if typing.get_origin(value) in (typing.Union, types.UnionType) else (value,)
    plain = frozenset(m for m in members if m in _PRIMITIVES or m is type(None))
    if plain:  # the union decoder takes these as they are, and would be called for nothing
        scope[f"u{index}"] = plain
        decoded = f"(x[1] if type(x[1]) in u{index} else d{index}(x[1]))"
    else:
        decoded = f"d{index}(x[1])"
    pair = f"type(x) in seq and len(x) == 2 and type(x[0]) is k{index}"
    return f"((x[0], {decoded}) if {pair} else fail('pair', x, k{index}))"


def _fail(what: str, data: Any, expected: object) -> None:
    """Raise the ValueError a compiled decoder reports a mismatch with."""
    raise ValueError(f"{what}: expected {expected!r}, got {type(data).__name__} {data!r:.80}")


def _enum_decoder(kind: type[enum.Enum]) -> Decoder:
    """A member by its value, looked up (calling the enum class costs a few microseconds each), with
    the value's type checked too (``True`` is no ``1``)."""
    members = {member.value: member for member in kind}

    def decode_enum(data: Any) -> Any:
        member = members.get(data) if isinstance(data, _PRIMITIVES) else None
        if member is None or type(member.value) is not type(data):
            raise ValueError(f"{data!r} is no {kind.__name__}")
        return member

    return decode_enum


def _flag_decoder(kind: type[enum.Enum]) -> Decoder:
    """Combined flags (``READ | WRITE``) are values but no members: any int of the members' bits."""
    known = 0
    for member in kind.__members__.values():  # aliases too: a multi-bit member may hold its own bit
        known |= member.value

    def decode_flag(data: Any) -> Any:
        if type(data) is not int or data & ~known:
            raise ValueError(f"{data!r} is no {kind.__name__}")
        return kind(data)

    return decode_flag


def _union_decoder(members: tuple[Decoder, ...], optional: bool, primitives: frozenset[type]) -> Decoder:
    """``X | Y``, tried in order; a value of one of its ``primitives`` types (exactly: ``True`` is no
    ``int``) and ``None`` when it is allowed, first and without trying the others (each failed
    member raises: a definition's facts decoded three times slower without this)."""

    def decode_union(data: Any) -> Any:
        if type(data) in primitives or (data is None and optional):
            return data
        for member in members:
            try:
                return member(data)
            except (ValueError, TypeError):
                continue
        raise ValueError(f"no member of the union accepts {data!r}")

    return decode_union


def _tuple_decoder(args: tuple[Any, ...], compiled: bool) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = decoder(args[0], compiled)
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
    fixed = [decoder(a, compiled) for a in args]
    if len(args) == 2 and args[0] in _PRIMITIVES:
        return _keyed_pair_decoder(args[0], fixed[1])

    def decode_fixed(data: Any) -> tuple[Any, ...]:
        values = _sequence(data)
        if len(values) != len(fixed):
            raise ValueError(f"expected {len(fixed)} items")
        return tuple([dec(v) for dec, v in zip(fixed, values, strict=True)])

    return decode_fixed


def _keyed_pair_decoder(key_type: type, value: Decoder) -> Decoder:
    """``tuple[str, X]``, the shape of every keyed fact (a definition's facts and their positions):
    the key's type checked in line rather than by a call."""

    def decode_pair(data: Any) -> tuple[Any, Any]:
        if type(data) not in (tuple, list) or len(data) != 2 or type(data[0]) is not key_type:
            raise ValueError(f"expected a ({key_type.__name__}, value) pair, got {data!r:.80}")
        return (data[0], value(data[1]))

    return decode_pair


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
