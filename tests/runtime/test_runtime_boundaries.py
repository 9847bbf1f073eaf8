"""What the boundaries rules protect, shown on the running shop: every module can be switched off
(with what requires it) and the app still starts and serves; an import MOD-016 reports is exactly
what breaks at run time when the imported module is disabled."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import modlint.runtime as runtime
from modlint.runtime import ModuleDisabledError, Registry

from helpers import brief, lint
from runtime_helpers import SHOP, SHOP_PACKAGE, purge_modules

PREFIXES = {
    "catalog": "/api/products",
    "core_auth": "/api/auth",
    "customers": "/api/customers",
    "inventory": "/api/stock",
    "notifications": "/api/notifications",
    "orders": "/api/orders",
    "payments": "/api/payments",
}


def dependents(graph: dict[str, tuple[str, ...]], name: str) -> set[str]:
    """``name`` and every module that requires it, directly or not."""
    found = {name}
    while True:
        more = {m for m, requires in graph.items() if set(requires) & found} - found
        if not more:
            return found
        found |= more


def boot(disabled: list[str]) -> TestClient:
    """The app as ``app.main`` builds it, with these modules disabled."""
    runtime.configure(SHOP_PACKAGE, disabled=disabled)
    runtime.load_configs()
    app = FastAPI()
    runtime.include_routers(app)
    return TestClient(app)


def served(client: TestClient) -> set[str]:
    """The paths the app serves, as its OpenAPI document lists them."""
    return set(client.get("/openapi.json").json()["paths"])


@pytest.mark.usefixtures("shop")
@pytest.mark.parametrize("name", sorted(set(PREFIXES) - {"core_auth"}))
def test_the_shop_starts_with_any_module_and_its_dependents_disabled(name: str) -> None:
    graph = runtime.dependency_graph()
    off = dependents(graph, name)
    registry = Registry(SHOP_PACKAGE, disabled=sorted(off))
    assert registry.enabled_names() == set(graph) - off
    client = boot(sorted(off))
    paths = served(client)
    for module, prefix in PREFIXES.items():
        assert any(p.startswith(prefix) for p in paths) == (module not in off), (module, prefix)
    if "customers" not in off:
        created = client.post("/api/customers", json={"email": "ada@example.com", "full_name": "Ada"})
        assert created.status_code == 201, created.text


UNDECLARED = """

@router.get("/limits")
def limits() -> dict[str, int]:
    from app.modules.orders.config import config_class  # noqa: F401  (the undeclared import)
    from modlint.runtime import get_module_config

    orders = get_module_config("orders")
    return {"max_lines_per_order": orders.max_lines_per_order}  # type: ignore[union-attr]
"""


@pytest.fixture
def shop_with_undeclared_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shop, with a notifications route reading the orders module's settings without requiring it."""
    root = tmp_path / "shop"
    shutil.copytree(SHOP, root, ignore=shutil.ignore_patterns(".modlint_cache", "__pycache__"))
    route = root / "app/modules/notifications/routes/api/notifications.py"
    route.write_text(route.read_text(encoding="utf-8") + UNDECLARED, encoding="utf-8")
    purge_modules("app", "models")
    monkeypatch.syspath_prepend(str(root))
    yield root
    purge_modules("app", "models")


def test_an_undeclared_dependency_breaks_when_it_is_disabled(shop_with_undeclared_import: Path) -> None:
    root = shop_with_undeclared_import
    assert ("MOD-016", "app/modules/notifications/routes/api/notifications.py", 28, 5) in brief(lint(root, "MOD-016"))
    assert boot([]).get("/api/notifications/limits").json() == {"max_lines_per_order": 50}

    registry = Registry(SHOP_PACKAGE, disabled=["orders", "payments"])
    assert "notifications" in registry.enabled_names()  # nothing it declares is missing, so it starts
    client = boot(["orders", "payments"])
    assert not any(p.startswith("/api/orders") for p in served(client))
    with pytest.raises(ModuleDisabledError, match="module 'orders' is disabled"):
        client.get("/api/notifications/limits")
