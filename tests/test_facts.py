"""What the libcst reader extracts from one file: bindings, imports, shims, definitions, problems."""

from __future__ import annotations

import pytest

from modlint.facts.ast_imports import resolve_relative
from modlint.facts.model import FileFacts, ParseProblem
from modlint.facts.reading import decode, facts_from_bytes, package_of
from modlint.findings import Position


def facts(source: str, path: str = "app/modules/orders/services/x.py") -> FileFacts:
    return facts_from_bytes(path, source.encode(), package_of(path))


@pytest.mark.parametrize(
    ("source", "bound"),
    [
        ("x = 1", {"x"}),
        ("x: int = 1", {"x"}),
        ("x: int", set()),
        ("a, (b, *c) = f()", {"a", "b", "c"}),
        ("import a.b", {"a"}),
        ("import a.b as c", {"c"}),
        ("from a import b, c as d", {"b", "d"}),
        ("from a import *", set()),
        ("__all__ = ['router']", {"__all__"}),
        ("def f(): pass\nclass C: pass", {"f", "C"}),
        ("if x:\n    a = 1\nelif y:\n    b = 1\nelse:\n    c = 1", {"a", "b", "c"}),
        ("try:\n    a = 1\nexcept E:\n    b = 1\nelse:\n    c = 1\nfinally:\n    d = 1", {"a", "b", "c", "d"}),
        ("with x:\n    a = 1", {"a"}),
        ("for i in x:\n    a = 1", set()),
        ("def f():\n    a = 1", {"f"}),
        ("if x: a = 1", {"a"}),
    ],
)
def test_bindings(source: str, bound: set[str]) -> None:
    assert facts(source + "\n").bindings == bound


def test_imports_resolve_relative_and_nested() -> None:
    src = "from . import a\nfrom ..models import b\nimport x.y, z\n\ndef f():\n    from app import services\n"
    got = [(i.position, i.targets, i.imported) for i in facts(src).imports]
    base = "app.modules.orders"
    assert got == [
        (Position(1, 1), (f"{base}.services", f"{base}.services.a"), (f"{base}.services.a",)),
        (Position(2, 1), (f"{base}.models", f"{base}.models.b"), (f"{base}.models.b",)),
        (Position(3, 1), ("x.y", "z"), ("x.y", "z")),
        (Position(6, 5), ("app", "app.services"), ("app.services",)),
    ]


def test_relative_import_in_package_init() -> None:
    imports = facts("from .impl import X\n", "app/modules/orders/services/__init__.py").imports
    assert imports[0].targets == ("app.modules.orders.services.impl", "app.modules.orders.services.impl.X")


def test_resolve_relative_above_root_is_dropped() -> None:
    assert resolve_relative("app", 3, "x") is None
    assert resolve_relative("a.b", 2, "") == "a"
    assert resolve_relative("", 0, "os") == "os"


def test_source_roots_change_dotted_names() -> None:
    assert package_of("src/app/modules/x/y.py", ["src"]) == "app.modules.x"
    assert package_of("app/modules/x/y.py", ["src", "."]) == "app.modules.x"


@pytest.mark.parametrize(
    ("source", "is_shim", "blocker"),
    [
        ('"""Doc."""\nfrom a import b\n__all__ = ["b"]\n__all__ += ["c"]\nB = b\nC = b.c\npass\n', True, None),
        ("from a import b\nif TYPE_CHECKING:\n    from c import d\nelse:\n    d = b\n", True, None),
        ("try:\n    from a import b\nexcept ImportError:\n    b = c\n", True, None),
        ("try:\n    from a import b\nexcept ImportError:\n    b = None\n", False, Position(4, 5)),
        ("import a\nDEBUG = True\n", False, Position(2, 1)),
        ('"""Only a docstring."""\n__all__ = []\n', False, None),
        ("from a import b\nx = b()\n", False, Position(2, 1)),
        ("from a import b\nif x:\n    pass\nelse:\n    y = 1 + 2\n", False, Position(5, 5)),
        ("from a import b\nx = 1; y = 2\n", False, Position(2, 1)),
        ("from a import b\nclass C: pass\n", False, Position(2, 1)),
        ("from a import b\nb.x = 1\n", False, Position(2, 1)),
        ("import a\n__all__: list[str] = []\n", True, None),
    ],
)
def test_shim_detection(source: str, is_shim: bool, blocker: Position | None) -> None:
    got = facts(source)
    assert (got.is_shim, got.shim_blocker) == (is_shim, blocker)


def test_definition_literals_and_keyword_positions() -> None:
    src = (
        "from modlint.runtime import ModuleDefinition\n"
        "X = other(code=1)\n"
        "mod = ModuleDefinition(\n"
        '    code="orders", version=2, is_core=False, requires=["a", "b"], extra=compute(), note=None,\n'
        ")\n"
    )
    definition = facts(src).definition
    assert definition is not None
    assert definition.position == Position(2, 1)
    assert definition.fact("code") == 1


def test_definition_skips_calls_without_code() -> None:
    src = 'X = other(name="n")\nmod = Def(code="orders", requires=("a",), extra=compute(), note=None)\n'
    definition = facts(src).definition
    assert definition is not None
    assert dict(definition.facts) == {"code": "orders", "requires": ("a",), "note": None}
    assert definition.keyword_position("extra") == Position(2, 43)
    assert not definition.has_literal("extra")


@pytest.mark.parametrize(
    ("data", "position", "start"),
    [
        (b"def f(:\n", Position(1, 7), "syntax error"),
        (b"x = 1\ny = '\xff'\n", Position(2, 6), "cannot decode as utf-8"),
        (b"# -*- coding: nope -*-\nx = 1\n", Position(1, 1), "cannot decode"),
    ],
)
def test_problems_are_values_not_exceptions(data: bytes, position: Position, start: str) -> None:
    got = facts_from_bytes("x.py", data, "")
    assert got.problem is not None
    assert got.problem.position == position
    assert got.problem.message.startswith(start)


def test_type_checking_imports_are_marked() -> None:
    source = (
        "import typing\nfrom typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from app.modules.a import x\n    if y:\n        import app.modules.b\n"
        "else:\n    import app.modules.c\n"
        "if typing.TYPE_CHECKING:\n    import app.modules.d\nelif z:\n    import app.modules.e\n"
    )
    marked = {i.targets[0]: i.type_checking for i in facts(source).imports if i.targets[0].startswith("app.")}
    assert marked == {
        "app.modules.a": True,
        "app.modules.b": True,
        "app.modules.c": False,
        "app.modules.d": True,
        "app.modules.e": False,
    }


def test_string_imports_with_a_literal_count() -> None:
    source = (
        "import importlib\nfrom importlib import import_module\n\n"
        "def load(name):\n    a = importlib.import_module('app.modules.billing.services')\n"
        "    return import_module('.x', 'p'), import_module(name), other.load('app.y')\n"
        "plugin = import_module(\n    'app.modules.catalog'\n)\n"
    )
    found = [(i.targets, i.position, i.dynamic) for i in facts(source).imports if i.dynamic]
    assert found == [
        (("app.modules.billing.services",), Position(5, 5), True),
        (("app.modules.catalog",), Position(7, 1), True),
    ]


def test_list_fact_elements_have_positions() -> None:
    source = 'from x import D\n\nm = D(\n    code="orders",\n    requires=["catalog",\n              "customers"],\n)\n'
    definition = facts(source, "app/modules/orders/definition.py").definition
    assert definition is not None
    assert definition.element_position("requires", 0) == Position(5, 15)
    assert definition.element_position("requires", 1) == Position(6, 15)
    assert definition.element_position("requires", 2) is None


def _decoded_by_tokenize(data: bytes) -> str | ParseProblem:
    """What ``decode`` gave before its fast path: ``tokenize.detect_encoding`` for every file."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return ParseProblem(Position(exc.lineno or 1, 1), f"cannot decode: {exc.msg}")
    if encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return ParseProblem(Position(before.count(b"\n") + 1, column), f"cannot decode as {exc.encoding}: {exc.reason}")
    except LookupError:
        return ParseProblem(Position(), f"unknown source encoding {encoding!r}")


@pytest.mark.parametrize(
    "data",
    [
        b"x = 1\n",
        b"",
        b"\xef\xbb\xbfx = 1\n",
        b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n",
        b"\xef\xbb\xbf# coding: utf-8\nx = '\xc3\xa9'\n",
        b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
        b"#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = '\x80'\n",
        b"x = 1\n\n# coding: latin-1\ny = '\xe9'\n",  # a cookie in line 3 counts for nothing
        b"x = '\xe9'\n",  # not UTF-8, no cookie: line 1
        b"x = 1\ny = '\xff'\n",
        b"\xff\xfe\n",
        b"# coding: nope\nx = 1\n",
        b"x = 1\r# coding: latin-1\rx = '\xe9'\r",  # old Mac line ends: one line for detect_encoding
        b"\n# coding=latin-1\nx = '\xe9'\n",
        b"x = 'coding'\n",
        b"\xef\xbb\xbfx = '\xff'\n",
    ],
)
def test_decode_without_tokenize_decodes_as_tokenize_does(data: bytes) -> None:
    assert decode(data) == _decoded_by_tokenize(data)
