"""The shop boots as a real FastAPI application from discovery alone; disabled modules' routes are gone."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

import modlint.runtime as runtime
from modlint.runtime import ModuleDependencyError, ModuleImportError, ModuleRouterError, Registry

from runtime_helpers import SHOP_PACKAGE, MakeApp, definition

ROUTER = "from fastapi import APIRouter\n\nrouter = APIRouter(prefix='/{name}')\n\n\n@router.get('')\ndef ping() -> str:\n    return '{name}'\n"


def boot(registry: Registry | None = None) -> TestClient:
    app = FastAPI()
    if registry is None:
        runtime.include_routers(app)
    else:
        registry.include_routers(app)
    return TestClient(app)


def check_every_module_answers(client: TestClient) -> None:
    """One call per module, as a shop would make them: customer, product, order, payment, ..."""
    customer = client.post("/api/customers", json={"email": "ada@example.com", "full_name": "Ada"})
    assert customer.status_code == 201, customer.text
    product = client.post("/api/products", json={"sku": "TEA-1", "name": "Tea", "price_cents": 450})
    assert product.status_code == 201, product.text
    assert "Tea" in client.get("/catalog/products").text
    order = client.post(
        "/api/orders",
        json={"customer_id": customer.json()["id"], "lines": [{"product_id": product.json()["id"], "quantity": 2}]},
    )
    assert order.status_code == 201, order.text
    payment = client.post("/api/payments", json={"order_id": order.json()["id"]})
    assert (payment.status_code, payment.json()["amount_cents"]) == (201, 900)
    assert client.get("/api/stock/1").json() == {"product_id": 1, "quantity": 0}
    notification = client.post("/api/notifications", json={"recipient": "ada@example.com", "subject": "Paid"})
    assert notification.status_code == 201, notification.text
    assert (
        client.post("/api/auth/login", json={"email": "bob@example.com", "password": "not-a-user"}).status_code == 401
    )


@pytest.mark.usefixtures("shop")
def test_shop_boots_from_discovery_alone() -> None:
    client = boot()
    check_every_module_answers(client)
    assert {entry.module for entry in runtime.iter_routers()} == {m.name for m in runtime.enabled_modules()}


@pytest.mark.usefixtures("shop")
def test_disabled_module_has_no_routes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.DISABLED_ENV, "payments")
    client = boot()
    response = client.post("/api/payments", json={"order_id": 1})
    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
    assert client.get("/api/products").status_code == 200


@pytest.mark.usefixtures("shop")
def test_disabling_a_required_module_refuses_to_boot() -> None:
    with pytest.raises(ModuleDependencyError, match="module 'payments' requires 'orders'"):
        boot(Registry(SHOP_PACKAGE, disabled=["orders"]))


@pytest.mark.usefixtures("shop")
def test_routers_by_kind_and_on_an_api_router_with_prefix() -> None:
    registry = Registry(SHOP_PACKAGE)
    pages = list(registry.iter_routers("pages"))
    assert [(e.module, e.kind, e.file) for e in pages] == [
        ("catalog", "pages", "app/modules/catalog/routes/pages/products.py")
    ]
    assert pages[0].import_name == "app.modules.catalog.routes.pages.products"
    assert all(e.kind == "api" for e in registry.iter_routers("api"))
    v1 = APIRouter()
    mounted = registry.include_routers(v1, prefix="/v1", kind="api")
    app = FastAPI()
    app.include_router(v1)
    client = TestClient(app)
    assert len(mounted) == 7
    assert client.get("/v1/api/products").json() == []
    assert client.get("/catalog/products").status_code == 404


@pytest.mark.usefixtures("shop")
def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown route kind 'admin'"):
        Registry(SHOP_PACKAGE).iter_routers("admin")  # type: ignore[arg-type]


def beside_alpha(make_app: MakeApp, name: str, text: str) -> str:
    """An app whose module alpha has a working route file and module beta ``routes/api/<name>``."""
    return make_app(
        {
            "alpha/definition.py": definition("alpha"),
            "alpha/routes/api/ping.py": ROUTER.replace("{name}", "alpha"),
            "beta/definition.py": definition("beta"),
            f"beta/routes/api/{name}": text,
        }
    )


def test_route_file_that_fails_to_import_mounts_nothing(make_app: MakeApp) -> None:
    package = beside_alpha(make_app, "broken.py", "from fastapi import APIRouter\n\nrouter = APIRouter()\n1 / 0\n")
    app = FastAPI()
    with pytest.raises(ModuleImportError) as caught:
        Registry(package).include_routers(app)
    assert caught.value.module == "beta"
    assert caught.value.file.endswith("modules/beta/routes/api/broken.py")
    assert "ZeroDivisionError" in str(caught.value)
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
    assert TestClient(app).get("/alpha").status_code == 404
    assert boot(Registry(package, disabled=["beta"])).get("/alpha").json() == "alpha"


def test_route_file_without_router(make_app: MakeApp) -> None:
    package = make_app({"alpha/definition.py": definition("alpha"), "alpha/routes/pages/home.py": "app = None\n"})
    with pytest.raises(ModuleRouterError, match=r"module 'alpha': .*routes/pages/home.py: binds no 'router'"):
        list(Registry(package).iter_routers())


def test_a_router_that_is_no_router_mounts_nothing(make_app: MakeApp) -> None:
    """``router = None`` was a raw AttributeError from FastAPI, after the routers before it were mounted."""
    package = beside_alpha(make_app, "none.py", "router = None\n")
    app = FastAPI()
    with pytest.raises(ModuleRouterError, match=r"module 'beta': .*routes/api/none.py: binds 'router' to a NoneType"):
        Registry(package).include_routers(app)
    assert TestClient(app).get("/alpha").status_code == 404


@pytest.mark.usefixtures("shop")
def test_shop_main_module_mounts_every_module() -> None:
    """``uvicorn app.main:app`` serves the modules' routes with no list of them in main.py."""
    from app.main import app  # type: ignore[import-not-found]

    client = TestClient(app)
    assert client.get("/health").json() == {"status": "ok"}
    check_every_module_answers(client)
