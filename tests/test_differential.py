"""The ``ast`` extractor gives exactly the libcst extractor's facts, positions included.

Every file fact of a run comes from CPython's ``ast`` (:mod:`modlint.facts.ast_extract`); the libcst
extractor, with libcst's own position metadata, is the reference. Compared on every fixture file,
every file of the generated benchmark tree, a stored corpus of 2,191 hypothesmith sources
(``tests/corpus.py`` regenerates it) and fresh hypothesmith sources each run
(``MODLINT_DIFFERENTIAL_EXAMPLES``, default 20), under each definition form.
"""

from __future__ import annotations

import ast
import gzip
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings

from modlint.facts import reading
from modlint.facts.ast_extract import ast_facts
from modlint.facts.cst.extract import parse_facts
from modlint.facts.reading import decode, facts_from_bytes
from modlint.layout import DEFAULT_DEFINITION, DefinitionSpec

from helpers import FIXTURES

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "data" / "hypothesmith-corpus.json.gz"
FORMS = (
    DEFAULT_DEFINITION,
    DefinitionSpec.from_table({"form": "dict", "name": "MODULE"}),
    DefinitionSpec.from_table({"form": "class", "bases": ["ModuleBase", "app.core.Base"]}),
)


def cpython_tree(text: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def differences(path: str, text: str, forms: tuple[DefinitionSpec, ...] = FORMS) -> list[str] | None:
    """What the two extractors disagree on for one source (empty when they agree); None when one of
    the parsers rejects it, so there is nothing to compare."""
    tree = cpython_tree(text)
    if tree is None:
        return None
    found: list[str] = []
    for form in forms:
        reference = parse_facts(path, text, "app.modules.orders.services", definition=form, reference=True)
        if reference.problem is not None:  # libcst cannot parse it: nothing to compare
            return None
        ours = ast_facts(path, tree, text, "app.modules.orders.services", form)
        found += [
            f"{path} ({form.form}): {name}: libcst {getattr(reference, name)!r} != ast {getattr(ours, name)!r}"
            for name in reference.__value_fields__
            if getattr(reference, name) != getattr(ours, name)
        ]
    return found


def python_files(*roots: Path) -> list[Path]:
    return sorted(path for root in roots for path in root.rglob("*.py") if path.is_file())


def file_differences(path: Path, root: Path) -> list[str]:
    """Each definition form where it matters (definition files), the call form elsewhere."""
    text = decode(path.read_bytes())
    if not isinstance(text, str):
        return []
    forms = FORMS if path.name == "definition.py" or "definition" in text[:2000] else FORMS[:1]
    return differences(str(path.relative_to(root)), text, forms) or []


def test_every_fixture_file_and_modlints_own_sources() -> None:
    files = python_files(FIXTURES, REPO / "benchmarks", REPO / "modlint")
    assert len(files) > 200
    assert [d for path in files for d in file_differences(path, REPO)] == []


def test_every_file_of_the_generated_benchmark_tree(tmp_path: Path) -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from benchmarks.generate import generate

    generate(tmp_path, 100, seed=0)
    files = python_files(tmp_path)
    assert len(files) > 2500
    assert [d for path in files for d in file_differences(path, tmp_path)] == []


def test_the_stored_hypothesmith_corpus() -> None:
    sources = json.loads(gzip.decompress(CORPUS.read_bytes()))
    assert len(sources) >= 2000
    outcomes = [differences(f"corpus#{index}", source) for index, source in enumerate(sources)]
    compared = [found for found in outcomes if found is not None]
    assert len(compared) >= 2000  # both parsers take (almost) every source of the corpus
    assert [d for found in compared for d in found] == []


@settings(
    max_examples=int(os.environ.get("MODLINT_DIFFERENTIAL_EXAMPLES", "20")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(hypothesmith.from_grammar())
def test_fresh_generated_sources(source: str) -> None:
    assert differences("generated.py", source) in ([], None)


TRICKY = {  # each gave different facts from the two extractors once
    "multi-line f-string docstring": "(f'a'\n    'b'\n  'c')\nimport x\n",
    "starred list item": "X = ['a', *'bc']\nMOD = Module(*a, code='orders', deps=['a', *'b'])\n",
    "non-ASCII keyword": "MOD = Module(\uff43ode='orders', \ufb01elds=['a', 'b'])\n",
    "concatenated dict key": "MODULE = {'co' 'de': 'orders', 'deps': ['a']}\n",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_sources_that_once_differed(name: str) -> None:
    assert differences("tricky.py", TRICKY[name]) == []


def test_identifiers_are_read_as_python_reads_them() -> None:
    # NFKC (PEP 3131): libcst keeps a mathematical bold digit as written, Python reads it as "2"
    source = "import x\U0001d7ee\nfrom y import \u0132 as z\U0001d7ee\n"
    assert differences("names.py", source) == []
    assert sorted(ast_facts("names.py", ast.parse(source), source, "p").bindings) == ["x2", "z2"]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="this Python parses type aliases itself")
def test_syntax_newer_than_the_interpreter_gets_its_facts_from_libcst() -> None:
    facts = facts_from_bytes("aliases.py", b"from fastapi import APIRouter\ntype Id = int\nrouter = APIRouter()\n", "p")
    assert facts.problem is None
    router = facts.binding("router")
    assert router is not None and router.refs == ("fastapi.APIRouter",)


def test_a_file_both_parsers_reject_is_cpythons_syntax_error() -> None:
    facts = facts_from_bytes("broken.py", b"x = 1\nif x\n    pass\n", "p")
    assert facts.problem is not None
    assert (facts.problem.position.line, facts.problem.position.column) == (2, 5)
    assert facts.problem.message == "syntax error: expected ':'"


def test_only_a_file_with_newer_syntax_is_handed_to_libcst() -> None:
    """Importing libcst costs ~0.4 s: a file CPython rejects that holds no construct of a newer
    grammar (here a missing colon) is MOD-000 without it."""
    code = (
        "import sys\nfrom modlint.facts.reading import facts_from_bytes\n"
        "facts = facts_from_bytes('b.py', b'def f() -> int\\n    return 1\\n', 'p')\n"
        "assert facts.problem is not None and facts.problem.message == \"syntax error: expected ':'\"\n"
        "print('libcst' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("version", "source", "newer"),
    [
        ((3, 11), "type Id = int\n", True),
        ((3, 11), "def f[T](x: T) -> T: ...\n", True),
        ((3, 11), 'x = f"{"a"}"\n', True),
        ((3, 12), 'x = f"{"a"}"\n', False),
        ((3, 12), "def f[T = int](): ...\n", True),
        ((3, 13), 'x = t"{a}"\n', True),
        ((3, 13), "try:\n    pass\nexcept A, B:\n    pass\n", True),
        ((3, 14), 'x = t"{a}"\n', False),
        ((3, 11), "def f() -> int\n    return 1\n", False),
        ((3, 11), "typed = (1,\n", False),
        # forms a review found the first patterns missed (valid 3.12/3.14 code, MOD-000 by mistake)
        ((3, 11), "x = 1; type X = int\n", True),
        ((3, 11), "class C:\n    type X = int\n", True),
        ((3, 11), "\x0ctype X = int\n", True),
        ((3, 11), "type \\\n X = int\n", True),
        ((3, 11), "def f \\\n[T](x: T) -> T: ...\n", True),
        ((3, 11), 's = "a"f"{d["k"]}"\n', True),
        ((3, 13), "try:\n    pass\nexcept* A, B:\n    pass\n", True),
        ((3, 13), "print(total, first)\n", False),
    ],
)
def test_what_counts_as_newer_syntax(version: tuple[int, int], source: str, newer: bool) -> None:
    assert any(p.search(source) for p in reading._newer_syntax_patterns(version)) is newer


def test_a_non_ascii_spelling_of_import_module_is_still_a_dynamic_import() -> None:
    """The import walk skips statements without the word ``import``; Python reads a full-width
    ``import_module`` as the ASCII one (NFKC), so a line with non-ASCII characters is never skipped."""
    name = "".join(chr(ord(c) + 0xFEE0) for c in "import")  # full-width letters
    source = f"from importlib import import_module\n\ndef load():\n    {name}_module('app.modules.billing')\n"
    assert differences("dyn.py", source) == []
    facts = facts_from_bytes("dyn.py", source.encode(), "p")
    assert [imp.targets for imp in facts.imports if imp.dynamic] == [("app.modules.billing",)]
