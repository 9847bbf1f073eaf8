"""The boundaries rules beyond their examples: the cycle search, narrowed runs, legacy files, and the
linter's module graph being the runtime's."""

from __future__ import annotations

import itertools
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.checks.graph import declared_graph, elementary_cycles
from modlint.cli import main
from modlint.config.loading import load_config
from modlint.pipeline import analyse

from helpers import FIXTURES, Tree, brief, clean_module, lint

Make = Callable[[Tree], Path]


def _brute_force_cycles(edges: dict[str, list[str]]) -> set[tuple[str, ...]]:
    """Every elementary cycle, by trying every ordering of every subset (small graphs only)."""
    found = set()
    nodes = sorted(edges)
    for size in range(2, len(nodes) + 1):
        for order in itertools.permutations(nodes, size):
            closes = all(order[(i + 1) % size] in edges[order[i]] for i in range(size))
            if order[0] == min(order) and closes:
                found.add(order)
    return found


@pytest.mark.parametrize("seed", range(40))
def test_each_elementary_cycle_is_found_once(seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"m{i}" for i in range(rng.randint(2, 6))]
    edges = {v: [w for w in nodes if w != v and rng.random() < 0.45] for v in nodes}
    cycles = elementary_cycles(edges, limit=10_000)
    assert len(cycles) == len(set(cycles))
    assert set(cycles) == _brute_force_cycles(edges)


def test_cycle_search_takes_a_long_chain_without_recursion() -> None:
    nodes = [f"m{i:05d}" for i in range(5000)]
    edges = {v: [nodes[(i + 1) % len(nodes)]] for i, v in enumerate(nodes)}
    assert elementary_cycles(edges, limit=5) == [tuple(nodes)]


def test_cycle_search_stops_at_its_limit() -> None:
    nodes = [f"m{i}" for i in range(9)]
    complete = {v: [w for w in nodes if w != v] for v in nodes}
    assert len(elementary_cycles(complete, limit=7)) == 7


def _billing(imports: str = "", requires: str = "") -> dict[str, str | bytes | None]:
    files = {k.replace("orders", "billing"): v for k, v in clean_module("billing").items()}
    files["app/modules/billing/definition.py"] = (
        f'billing_module = ModuleDefinition(code="billing", is_self_contained=True, requires=[{requires}])\n'
    )
    files["app/modules/billing/services/hooks.py"] = imports or "import os\n"
    return files


ORDERS_IMPORTS_BILLING = (
    "from app.modules.billing.services.service import Service\n\n\ndef pay() -> int:\n    return Service().run()\n"
)


def test_pre_commit_on_one_module_reports_its_undeclared_import(tree: Make) -> None:
    """The imported module is outside the changed files, yet the run must know it is a module."""
    root = tree({**clean_module(), **_billing(), "app/modules/orders/services/pay.py": ORDERS_IMPORTS_BILLING})
    result = CliRunner().invoke(
        main, [str(root), "--pre-commit", str(root / "app/modules/orders/services/pay.py"), "--format", "json"]
    )
    found = [(f["rule"], f["path"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("MOD-016", "app/modules/orders/services/pay.py", 1)]


def test_pre_commit_reports_a_cycle_closed_in_another_modules_files(tree: Make) -> None:
    """The cycle is reported at billing's import (its first edge) when only orders changed."""
    root = tree(
        {
            **clean_module(),
            **_billing("from app.modules.orders.services.service import Service\n", '"orders"'),
            "app/modules/orders/services/pay.py": ORDERS_IMPORTS_BILLING,
        }
    )
    changed = str(root / "app/modules/orders/services/pay.py")
    result = CliRunner().invoke(main, [str(root), "--pre-commit", changed, "--select", "MOD-018", "--format", "json"])
    found = [(f["rule"], f["path"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("MOD-018", "app/modules/billing/services/hooks.py")]


def test_legacy_files_and_own_imports_are_no_dependency(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            **_billing(),
            "app/services/bridge.py": "from app.modules.billing.models.model import Model\n",
            "app/modules/orders/services/own.py": "from app.modules.orders.models.model import Model\n",
        }
    )
    assert brief(lint(root, "MOD-016", "MOD-017", "MOD-018")) == []


def test_a_module_without_a_definition_is_left_to_mod_009(tree: Make) -> None:
    files = {k: v for k, v in clean_module().items() if not k.endswith("definition.py")}
    root = tree({**files, **_billing(), "app/modules/orders/services/pay.py": ORDERS_IMPORTS_BILLING})
    assert brief(lint(root, "MOD-016", "MOD-018")) == []


def test_requires_through_the_code_and_dashes(tree: Make) -> None:
    """A ``requires`` entry may name a module by its code, with ``-`` for ``_``, as the runtime reads it."""
    definition = 'orders_module = ModuleDefinition(code="orders", is_self_contained=True, requires=["bill-ing"])\n'
    billing = _billing()
    billing["app/modules/billing/definition.py"] = 'billing_module = ModuleDefinition(code="bill_ing")\n'
    root = tree(
        {
            **clean_module(),
            **billing,
            "app/modules/orders/definition.py": definition,
            "app/modules/orders/services/pay.py": ORDERS_IMPORTS_BILLING,
        }
    )
    assert brief(lint(root, "MOD-016")) == []


def test_the_linters_graph_is_the_runtimes(monkeypatch: pytest.MonkeyPatch) -> None:
    from modlint.runtime import Registry

    shop = FIXTURES / "shop"
    for name in [m for m in sys.modules if m.split(".")[0] in ("app", "models")]:
        monkeypatch.delitem(sys.modules, name)  # the shop's own ``app``, and put back what was there
    monkeypatch.syspath_prepend(str(shop))
    monkeypatch.chdir(shop)
    linted = declared_graph(analyse(load_config(shop)))
    assert linted == Registry("app.modules").dependency_graph()
    assert linted["payments"] == ("orders",)
