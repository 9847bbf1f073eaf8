"""``modlint graph``: the declared and actual module graph and their difference, in three formats,
checked by real parsers (pydot always; Graphviz ``dot`` and Mermaid's own parser where installed)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pydot
import pytest
from click.testing import CliRunner

from modlint.cli import main

from helpers import FIXTURES, write_tree

SHOP = FIXTURES / "shop"
SNAPSHOTS = Path(__file__).parent / "snapshots"
MERMAID_PARSER = Path(__file__).parent / "data" / "mermaid_parse.mjs"


def graph(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["graph", *args])
    return result.exit_code, result.stdout, result.stderr


def module(name: str, requires: str = "", body: str = "") -> dict[str, str]:
    base = f"app/modules/{name}"
    return {
        f"{base}/__init__.py": "",
        f"{base}/definition.py": f'{name}_module = ModuleDefinition(code="{name}", requires=[{requires}])\n',
        f"{base}/services/__init__.py": "",
        f"{base}/services/service.py": body,
    }


def tangled(root: Path) -> Path:
    """a requires b and imports it twice; b imports a without requiring it (a cycle); b requires c and
    never imports it; c requires 'ghost'; ``end`` (a Mermaid keyword) imports c only under TYPE_CHECKING."""
    return write_tree(
        root,
        {
            **module("a", '"b"', "from app.modules.b.services.service import x\nimport app.modules.b.services\n"),
            **module("b", '"c"', "from app.modules.a.services import service\n"),
            **module("c", '"ghost"'),
            **module(
                "end",
                "",
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.modules.c.services import service\n",
            ),
        },
    )


def odd(root: Path) -> Path:
    """Module folders no identifier rules govern: a quote, a space, a backslash, a name colliding with
    another's id."""
    return write_tree(
        root,
        {
            **module('a"b', "", "from app.modules.x.services import service\n"),
            **module("x y", '"x"'),
            **module("x", ""),
            **module("back\\slash", ""),
            **module("x_y", ""),
        },
    )


PROJECTS = {"shop": lambda _: SHOP, "tangled": tangled, "odd": odd}


@pytest.mark.parametrize(("fmt", "name"), [("mermaid", "graph.mmd"), ("dot", "graph.dot"), ("json", "graph.json")])
def test_shop_graph(snapshot, fmt: str, name: str) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = graph(str(SHOP), "--format", fmt, "--no-cache")
    assert code == 0
    snapshot.snapshot_dir = SNAPSHOTS
    snapshot.assert_match(out, name)


def test_edges_show_the_difference_between_declared_and_imported(tmp_path: Path) -> None:
    document = json.loads(graph(str(tangled(tmp_path)), "--format", "json")[1])
    assert document["modules"] == ["a", "b", "c", "end"]
    edges = {(e["source"], e["target"]): (e["kind"], e["imports"], e["cycle"]) for e in document["edges"]}
    assert edges == {
        ("a", "b"): ("declared", 2, True),
        ("b", "a"): ("undeclared", 1, True),
        ("b", "c"): ("unused", 0, False),
    }
    assert document["cycles"] == [["a", "b"]]
    assert document["unknown_requires"] == [{"module": "c", "entry": "ghost"}]


def test_type_checking_imports_count_when_the_rule_checks_them(tmp_path: Path) -> None:
    """The graph reads imports as MOD-016 does: with ``type_checking: check`` they are edges."""
    root = tangled(tmp_path)
    write_tree(
        root,
        {
            ".architecture-rules/boundaries.yaml": (
                "rules:\n  - id: MOD-016\n    name: declared-dependencies\n    severity: error\n"
                "    check: declared_dependencies\n    type_checking: check\n    description: x\n"
            ),
            "pyproject.toml": "[tool.modlint]\n",
        },
    )
    code, out, err = graph(str(root), "--format", "json")
    assert code == 0, err
    edges = {(e["source"], e["target"]): e["kind"] for e in json.loads(out)["edges"]}
    assert edges[("end", "c")] == "undeclared"


def test_one_modules_neighbourhood(tmp_path: Path) -> None:
    root = tangled(tmp_path)
    document = json.loads(graph(str(root), "--format", "json", "--module", "c")[1])
    assert document["modules"] == ["b", "c"]
    assert [(e["source"], e["target"]) for e in document["edges"]] == [("b", "c")]
    assert document["unknown_requires"] == [{"module": "c", "entry": "ghost"}]
    code, _, err = graph(str(root), "--module", "nope")
    assert (code, err) == (2, "modlint: error: no module named 'nope' (modules: a, b, c, end)\n")


def test_mermaid_styles_each_kind_and_avoids_keywords(tmp_path: Path) -> None:
    out = graph(str(tangled(tmp_path)))[1]
    assert '    m_a ==>|"2 imports"| m_b' in out
    assert '    m_b ==>|"1 import, not required"| m_a' in out
    assert '    m_b -.->|"not imported"| m_c' in out
    assert '    m_end["end"]' in out
    assert "    linkStyle 1 stroke:#d1242f,stroke-dasharray:6 4" in out


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_dot_parses(tmp_path: Path, project: str) -> None:
    root = PROJECTS[project](tmp_path)
    out = graph(str(root), "--format", "dot")[1]
    (parsed,) = pydot.graph_from_dot_data(out)
    assert parsed.get_name() == "modules"
    document = json.loads(graph(str(root), "--format", "json")[1])
    assert len(parsed.get_edges()) == len(document["edges"])
    assert len(parsed.get_nodes()) >= len(document["modules"])
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz)")
    done = subprocess.run(["dot", "-Tsvg"], input=out, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "<svg" in done.stdout, done.stderr


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_mermaid_parses(tmp_path: Path, project: str) -> None:
    """With MODLINT_MERMAID_DIR naming a folder where `npm install mermaid jsdom` ran, Mermaid's own
    parser reads the output (what GitHub renders with)."""
    folder = os.environ.get("MODLINT_MERMAID_DIR")
    if not folder or shutil.which("node") is None:
        pytest.skip("set MODLINT_MERMAID_DIR to a folder with node_modules/mermaid and jsdom")
    root = PROJECTS[project](tmp_path)
    script = Path(folder) / "mermaid_parse.mjs"
    shutil.copyfile(MERMAID_PARSER, script)
    out = graph(str(root))[1]
    done = subprocess.run(["node", str(script)], input=out, capture_output=True, text=True, check=False, cwd=folder)
    assert done.returncode == 0 and done.stdout.startswith("ok"), done.stdout + done.stderr
    broken = subprocess.run(
        ["node", str(script)],
        input="flowchart LR\n  end --> b\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
    )
    assert broken.returncode == 1  # the parser does reject what GitHub could not render


def test_modules_whose_requires_cannot_be_read_are_not_judged(tmp_path: Path) -> None:
    """a -> b -> c -> a, each requiring the next; a's definition does not parse, b's is not UTF-8:
    MOD-016 and MOD-018 say nothing of them, while the graph drew a -> b and b -> c as not required
    and listed the cycle."""
    files = {
        **module("a", '"b"', "import app.modules.b.services.service\n"),
        **module("b", '"c"', "import app.modules.c.services.service\n"),
        **module("c", '"a"', "import app.modules.a.services.service\n"),
    }
    files["app/modules/a/definition.py"] = "a_module = ModuleDefinition(code='a',\n"
    root = write_tree(tmp_path, files)
    (root / "app/modules/b/definition.py").write_bytes(b"b_module = ModuleDefinition(code='b', x='\xff')\n")
    checked = CliRunner().invoke(main, [str(root), "--select", "MOD-016,MOD-018", "--format", "json", "--no-cache"])
    assert json.loads(checked.stdout)["findings"] == []
    code, out, _ = graph(str(root), "--format", "json")
    document = json.loads(out)
    assert code == 0 and document["cycles"] == []
    kinds = {(e["source"], e["target"]): (e["kind"], e["required"], e["cycle"]) for e in document["edges"]}
    assert kinds == {
        ("a", "b"): ("unjudged", None, False),
        ("b", "c"): ("unjudged", None, False),
        ("c", "a"): ("declared", True, False),
    }
