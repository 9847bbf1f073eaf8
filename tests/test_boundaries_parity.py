"""MOD-016 and MOD-018 against the anchors, run for real on the same trees: tach's undeclared
dependencies (a ``tach.toml`` generated from the definitions' ``requires``) and import-linter's
``acyclic_siblings`` contract over the modules package."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from modlint.checks.graph import declared_graph
from modlint.config.loading import load_config
from modlint.pipeline import analyse

from helpers import Tree, lint

Make = Callable[[Tree], Path]
TACH = shutil.which("tach")
LINT_IMPORTS = shutil.which("lint-imports")


def _module(name: str, requires: list[str], imports: list[str]) -> dict[str, str | bytes | None]:
    """A module whose ``services/uses.py`` holds ``imports`` (one statement each, some indented)."""
    base = f"app/modules/{name}"
    body = "\n".join(imports)
    return {
        f"{base}/__init__.py": "",
        f"{base}/definition.py": f'{name}_module = ModuleDefinition(code="{name}", requires={json.dumps(requires)})\n',
        f"{base}/services/__init__.py": "",
        f"{base}/services/api.py": "def run() -> int:\n    return 1\n",
        f"{base}/services/uses.py": "from typing import TYPE_CHECKING\n\n" + body + "\n\n\ndef used() -> None: ...\n",
    }


def _import(rng: random.Random, target: str, number: int) -> str:
    """One import of ``target`` in one of the forms both tools read."""
    forms = [
        f"from app.modules.{target}.services.api import run as run{number}",
        f"import app.modules.{target}.services.api",
        f"from app.modules.{target}.services import api as api{number}",
        f"def f{number}() -> None:\n    from app.modules.{target}.services.api import run\n\n    run()",
        f"if TYPE_CHECKING:\n    from app.modules.{target}.services.api import run as typed{number}",
    ]
    return rng.choice(forms)


def dag_tree(seed: int, size: int = 14) -> dict[str, str | bytes | None]:
    """Modules importing only modules of a lower index (no cycle); each module requires a random
    part of what it imports (and sometimes a module it does not import)."""
    rng = random.Random(seed)
    names = [f"m{i:02d}" for i in range(size)]
    files: dict[str, str | bytes | None] = {"pyproject.toml": "[project]\nname = 'parity'\n", "app/__init__.py": ""}
    files["app/modules/__init__.py"] = ""
    for i, name in enumerate(names):
        targets = rng.sample(names[:i], min(i, rng.randint(0, 4)))
        requires = [t for t in targets if rng.random() < 0.6] + rng.sample(names[:i], min(i, rng.randint(0, 1)))
        imports = [_import(rng, t, n) for n, t in enumerate(targets)]
        files.update(_module(name, sorted(set(requires)), imports))
    return files


def cycle_tree(seed: int) -> tuple[dict[str, str | bytes | None], list[list[str]]]:
    """Disjoint simple cycles (lengths 2 to 5) of modules, plus edges from later groups to earlier
    ones (which close no cycle) and TYPE_CHECKING imports that would."""
    rng = random.Random(seed)
    files: dict[str, str | bytes | None] = {"pyproject.toml": "[project]\nname = 'parity'\n", "app/__init__.py": ""}
    files["app/modules/__init__.py"] = ""
    groups: list[list[str]] = []
    for g, length in enumerate(rng.sample([2, 3, 4, 5, 2, 3], 5)):
        groups.append([f"g{g}_{k}" for k in range(length)])
    for g, group in enumerate(groups):
        earlier = [name for other in groups[:g] for name in other]
        for k, name in enumerate(group):
            nxt = group[(k + 1) % len(group)]
            imports = [f"from app.modules.{nxt}.services.api import run"]
            imports += [f"import app.modules.{t}.services.api" for t in rng.sample(earlier, min(len(earlier), 2))]
            if g + 1 < len(groups):
                imports.append(f"if TYPE_CHECKING:\n    import app.modules.{groups[g + 1][0]}.services.api")
            files.update(_module(name, [], imports))
    return files, groups


def _tach_toml(root: Path) -> str:
    """tach's configuration from the same ``requires`` modlint reads (modules with a definition)."""
    graph = declared_graph(analyse(load_config(root)))
    lines = ['source_roots = ["."]', "ignore_type_checking_imports = true", ""]
    for name, requires in sorted(graph.items()):
        depends = ", ".join(f'"app.modules.{r}"' for r in requires)
        lines += ["[[modules]]", f'path = "app.modules.{name}"', f"depends_on = [{depends}]", ""]
    return "\n".join(lines)


def _tach_undeclared(root: Path) -> set[tuple[str, int]]:
    (root / "tach.toml").write_text(_tach_toml(root), encoding="utf-8")
    assert TACH is not None
    run = subprocess.run([TACH, "check", "--output", "json"], cwd=root, capture_output=True, text=True, check=False)
    found = set()
    for item in json.loads(run.stdout or "[]"):
        located = item.get("Located")
        if located and "UndeclaredDependency" in json.dumps(located["details"]):
            found.add((located["file_path"], located["line_number"]))
    return found


def _import_linter_breakers(root: Path, monkeypatch: pytest.MonkeyPatch) -> set[tuple[str, str]]:
    """The module pairs import-linter's ``acyclic_siblings`` contract over ``app.modules`` would remove
    (its real contract code on grimp's graph; the CLI renders only the first five)."""
    import grimp
    from importlinter import configuration
    from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract

    configuration.configure()
    for name in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
        monkeypatch.delitem(sys.modules, name)  # grimp finds ``app`` by import: not another test's
    monkeypatch.syspath_prepend(str(root))
    graph = grimp.build_graph("app", exclude_type_checking_imports=True, cache_dir=None)
    contract = AcyclicSiblingsContract(
        name="cycles",
        session_options={"root_packages": ["app"]},
        contract_options={"ancestors": ["app.modules"], "depth": "0"},
    )
    checked = contract.check(graph, verbose=False)
    breakers = checked.metadata.get("cycle_breakers_by_package", {}).get("app.modules", set())
    return {(a.split(".")[2], b.split(".")[2]) for a, b in breakers}


def _lint_imports_kept(root: Path) -> bool:
    """Whether the ``lint-imports`` command keeps the same contract."""
    (root / ".importlinter").write_text(
        "[importlinter]\nroot_package = app\nexclude_type_checking_imports = True\n\n"
        "[importlinter:contract:cycles]\nname = cycles\ntype = acyclic_siblings\nancestors = app.modules\ndepth = 0\n",
        encoding="utf-8",
    )
    assert LINT_IMPORTS is not None
    run = subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=root, capture_output=True, text=True, check=False)
    assert "Analyzed" in run.stdout, run.stdout + run.stderr
    return run.returncode == 0


def _drop_edges(root: Path, edges: set[tuple[str, str]]) -> None:
    """Delete every runtime import of module b from module a's files, for each (a, b)."""
    for a, b in edges:
        uses = root / "app" / "modules" / a / "services" / "uses.py"
        kept = [
            line for line in uses.read_text().splitlines() if not re.match(rf"(from|import) app\.modules\.{b}\.", line)
        ]
        uses.write_text("\n".join(kept) + "\n")


def _cycles(root: Path) -> list[list[str]]:
    """The module cycles of modlint's MOD-018 findings."""
    found = [re.search(r"cycle: ([\w >-]+) \(", f.message) for f in lint(root, "MOD-018").findings]
    return [m[1].split(" -> ")[:-1] for m in found if m]


@pytest.mark.skipif(TACH is None, reason="tach is a test dependency (pip install -e '.[test]')")
@pytest.mark.parametrize("seed", range(3))
def test_mod016_reports_exactly_the_imports_tach_reports(tree: Make, seed: int) -> None:
    root = tree(dag_tree(seed))
    ours = {(f.path, f.line) for f in lint(root, "MOD-016").findings}
    assert ours == _tach_undeclared(root)
    assert len(ours) >= 3


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is a test dependency")
@pytest.mark.parametrize("seed", range(3))
def test_mod018_and_import_linter_agree_on_the_cycles(tree: Make, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """modlint lists each cycle; import-linter nominates imports whose removal makes the graph
    acyclic. Every cycle modlint lists holds a nominated import, both tools call the tree broken,
    and once the nominated imports are gone both call it clean."""
    files, groups = cycle_tree(seed)
    root = tree(files)
    cycles = _cycles(root)
    assert sorted(map(sorted, cycles)) == sorted(map(sorted, groups))
    breakers = _import_linter_breakers(root, monkeypatch)
    for cycle in cycles:
        edges = {(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))}
        assert edges & breakers, cycle
    assert not _lint_imports_kept(root)
    _drop_edges(root, breakers)
    assert _cycles(root) == []
    assert _lint_imports_kept(root)


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is a test dependency")
def test_no_cycle_for_either_tool_on_a_dag(tree: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree(dag_tree(5))
    assert _cycles(root) == []
    assert _import_linter_breakers(root, monkeypatch) == set()
    assert _lint_imports_kept(root)


def test_tools_are_the_ones_pyproject_installs() -> None:
    """The parity tests must not skip in CI: both tools come with the test extras."""
    assert TACH is not None and LINT_IMPORTS is not None, sys.executable
