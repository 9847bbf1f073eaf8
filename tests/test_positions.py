"""The cheap ``ast`` pairing gives exactly libcst's own positions, or steps aside."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from modlint.facts.cst.positions import AstPositions, MetadataPositions, positions_for, statements
from modlint.findings import Position

from helpers import FIXTURES

TRICKY = [
    "import a\nfrom b import (\n    c,\n    d,\n)\n",
    "try:\n    import a\nexcept E:\n    import b\nexcept F:\n    import c\nelse:\n    import d\nfinally:\n    import e\n",
    "if a:\n    import b\nelif c:\n    import d\nelse:\n    if e:\n        import f\n",
    "for x in y:\n    import a\nelse:\n    import b\nwhile q:\n    import c\nelse:\n    import d\n",
    "@deco\n@other(1)\ndef f():\n    import a\n\n\nclass C(B):\n    import b\n\n    def m(self):\n        import c\n",
    "with a as b, c:\n    import d\nasync def f():\n    async with a:\n        import b\n    async for x in y:\n        import c\n",
    "match x:\n    case 1:\n        import a\n    case _:\n        import b\n",
    "x = 1; import a; y = 2\nif x: import b; import c\n",
    's = "caf\\u00e9 \\U0001f600"; import a\nt = "\\u00e9"  ;  from b import c\n',
    'mod = Def(\n    code="x",\n    requires=["a"],\n    n=1,\n)\n',
    "x = 1\r\ny = 2\rimport a\r\n",
    '"""Doc."""\n# comment\n\n\nimport a  # trailing\n\\\n\nimport b\n',
    'manifest = {\n    "code": "x",\n    "requires": ("a",\n                 "b"),\n    "requires": ["c"],\n}\n',
    "class M(Base):\n    requires = ['a', 'caf\u00e9', 'b']\n    tags: tuple[str, ...] = ()\n",
    "def f(\n    a,\n):\n    '''d'''\n    return [\n        i for i in a\n    ]\n\nimport z\n",
]


def agree(text: str) -> None:
    module = cst.parse_module(text)
    fast = AstPositions.build(module, text)
    assert fast is not None, "the pairing should work on this source"
    slow = MetadataPositions(module)
    for node in statements(module.body):
        assert fast.statement(node) == slow.statement(node), (type(node).__name__, text)
        assert fast.keywords(node) == slow.keywords(node)
        assert fast.entries(node) == slow.entries(node)
        for key in [None, *fast.keywords(node), *fast.entries(node)]:
            assert fast.elements(node, key) == slow.elements(node, key), (key, text)


@pytest.mark.parametrize("text", TRICKY)
def test_ast_positions_equal_libcst_metadata(text: str) -> None:
    agree(text)


@pytest.mark.parametrize("path", sorted((FIXTURES / "shop").rglob("*.py")), ids=lambda p: p.name)
def test_positions_agree_on_the_example_app(path: Path) -> None:
    agree(path.read_text(encoding="utf-8"))


def test_falls_back_when_ast_cannot_parse() -> None:
    assert AstPositions.build(cst.parse_module("import a\n"), "import (\n") is None


def test_falls_back_when_statements_do_not_pair() -> None:
    assert AstPositions.build(cst.parse_module("import a\n"), "x = 1\n") is None


def test_newer_syntax_still_gets_libcst_positions() -> None:
    """``type`` statements parse in libcst on every Python; ``ast`` only knows them from 3.12."""
    text = "type Alias = int\nimport a\n"
    module = cst.parse_module(text)
    imports = [n for n in statements(module.body) if isinstance(n, cst.Import)]
    assert positions_for(module, text).statement(imports[0]) == Position(2, 1)
