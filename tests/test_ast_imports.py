"""The ``ast`` import extractor gives exactly the libcst extractor's import facts."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from modlint.facts.ast_imports import imports_of
from modlint.facts.cst.extract import parse_facts
from modlint.facts.reading import package_of

from helpers import FIXTURES

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from test_positions import TRICKY  # noqa: E402

from benchmarks.generate import build  # noqa: E402

IMPORT_FORMS = [
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\nelif b:\n    import c\nelse:\n    import d\n",
    "import typing\nif typing.TYPE_CHECKING:\n    from . import x\n    if y:\n        import z\n",
    "if f().TYPE_CHECKING:\n    import a\nif not TYPE_CHECKING:\n    import b\n",
    "import importlib\nm = importlib.import_module('app.x'); importlib.import_module(\"app.y\")\n",
    "from importlib import import_module\nimport_module('a' 'b')\nimport_module(f'a{x}')\nimport_module('.rel')\n",
    "import importlib\nx = {importlib.import_module('k'): importlib.import_module('v')}\n",
    "import importlib\nimportlib.import_module(importlib.import_module('inner').name)\nimportlib.import_module(b'x')\n",
    "import importlib\nif importlib.import_module('header'):\n    importlib.import_module('body')\n",
    "import importlib\nimportlib.import_module(name='kw')\nimportlib.import_module('')\n",
    "from .. import a\nfrom ...x import *\nfrom .y import (b as c, d)\nimport e.f as g, h\n",
    "try:\n    import a\nexcept* E:\n    import b\n" if sys.version_info >= (3, 11) else "import a\n",
    "def f():\n    s = 'caf\u00e9'; import a\n    class C:\n        from b import c\n",
]


def same_imports(rel: str, text: str) -> None:
    package = package_of(rel)
    tree = ast.parse(text)
    expected = parse_facts(rel, text, package, text.encode("utf-8"), tree=tree).imports
    assert imports_of(tree, text, package) == expected, rel


@pytest.mark.parametrize("text", TRICKY + IMPORT_FORMS)
def test_tricky_sources(text: str) -> None:
    same_imports("app/modules/orders/services/x.py", text)


def test_every_fixture_file() -> None:
    files = sorted(p for p in FIXTURES.rglob("*.py") if "__pycache__" not in p.parts)
    checked = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            ast.parse(text)
        except SyntaxError:
            continue
        same_imports(path.relative_to(FIXTURES).as_posix(), text)
        checked += 1
    assert checked > 200


def test_a_generated_tree() -> None:
    files, _, _ = build(40, 3, boundaries=True)
    checked = 0
    for rel, content in sorted(files.items()):
        if not rel.endswith(".py") or isinstance(content, bytes):
            continue
        try:
            ast.parse(content)
        except SyntaxError:
            continue
        same_imports(rel, content)
        checked += 1
    assert checked > 1000
