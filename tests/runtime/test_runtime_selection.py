"""Enabling and disabling modules: from the environment or arguments, validated as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest

import modlint.runtime as runtime
from modlint.runtime import CoreModuleError, ModuleDependencyError, Registry, UnknownModuleError

from runtime_helpers import SHOP_PACKAGE, MakeApp, definition

ALL = {"catalog", "core_auth", "customers", "inventory", "notifications", "orders", "payments"}


@pytest.mark.usefixtures("shop")
def test_everything_is_enabled_by_default() -> None:
    assert Registry(SHOP_PACKAGE).enabled_names() == ALL


@pytest.mark.usefixtures("shop")
def test_disabled_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.DISABLED_ENV, " payments , notifications,")
    registry = Registry(SHOP_PACKAGE)
    assert registry.enabled_names() == ALL - {"payments", "notifications"}
    assert not registry.is_enabled("payments")


@pytest.mark.usefixtures("shop")
def test_enabled_list_keeps_core_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.ENABLED_ENV, "catalog,inventory")
    assert Registry(SHOP_PACKAGE).enabled_names() == {"catalog", "inventory", "core_auth"}


@pytest.mark.usefixtures("shop")
def test_arguments_replace_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.ENABLED_ENV, "catalog")
    monkeypatch.setenv(runtime.DISABLED_ENV, "catalog")
    registry = Registry(SHOP_PACKAGE, enabled=["catalog", "customers", "orders"], disabled=[])
    assert registry.enabled_names() == {"catalog", "customers", "orders", "core_auth"}
    assert Registry(SHOP_PACKAGE, environ={runtime.DISABLED_ENV: "payments"}).enabled_names() == ALL - {"payments"}


@pytest.mark.usefixtures("shop")
def test_blank_variables_mean_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.ENABLED_ENV, " ")
    monkeypatch.setenv(runtime.DISABLED_ENV, "")
    assert Registry(SHOP_PACKAGE).enabled_names() == ALL


@pytest.mark.usefixtures("shop")
def test_core_module_cannot_be_disabled() -> None:
    with pytest.raises(CoreModuleError, match="core module 'core_auth' cannot be disabled") as caught:
        Registry(SHOP_PACKAGE, disabled=["core_auth"]).enabled_names()
    assert caught.value.modules == ("core_auth",)


@pytest.mark.usefixtures("shop")
def test_disabling_a_required_module_names_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.DISABLED_ENV, "orders")
    with pytest.raises(ModuleDependencyError) as caught:
        Registry(SHOP_PACKAGE).enabled_names()
    assert str(caught.value) == (
        "module 'payments' requires 'orders', which is disabled (enable 'orders' or disable 'payments')"
    )
    assert caught.value.modules == ("payments", "orders")


@pytest.mark.usefixtures("shop")
def test_every_broken_requirement_is_reported() -> None:
    with pytest.raises(ModuleDependencyError) as caught:
        Registry(SHOP_PACKAGE, disabled=["catalog"]).enabled_names()
    message = str(caught.value)
    assert "module 'inventory' requires 'catalog'" in message
    assert "module 'orders' requires 'catalog'" in message


@pytest.mark.usefixtures("shop")
def test_enabling_a_module_without_its_requirements_is_an_error() -> None:
    with pytest.raises(ModuleDependencyError, match="module 'payments' requires 'orders', which is disabled"):
        Registry(SHOP_PACKAGE, enabled=["payments"]).enabled_names()


@pytest.mark.usefixtures("shop")
def test_unknown_name_in_a_variable_lists_known_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.DISABLED_ENV, "paymnets")
    with pytest.raises(UnknownModuleError) as caught:
        Registry(SHOP_PACKAGE).enabled_names()
    message = str(caught.value)
    assert message.startswith(f"unknown module 'paymnets' in {runtime.DISABLED_ENV}; known modules: catalog, ")


def test_codes_with_dashes_and_unknown_requirements(make_app: MakeApp) -> None:
    package = make_app(
        {
            "gift_cards/definition.py": definition("gift-cards"),
            "shop_front/definition.py": definition("shop_front", requires=["gift-cards"]),
            "reports/definition.py": definition("reports", requires=["analytics"]),
        }
    )
    with pytest.raises(ModuleDependencyError, match="module 'reports' requires 'analytics', which is not a known"):
        Registry(package).enabled_names()
    registry = Registry(package, disabled=["reports"])
    assert registry.enabled_names() == {"gift_cards", "shop_front"}
    with pytest.raises(ModuleDependencyError, match="module 'shop_front' requires 'gift_cards'"):
        Registry(package, disabled=["reports", "gift-cards"]).enabled_names()


@pytest.mark.usefixtures("shop")
def test_default_registry_reads_the_environment_until_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(runtime.DISABLED_ENV, "payments")
    assert {m.name for m in runtime.enabled_modules()} == ALL - {"payments"}
    monkeypatch.delenv(runtime.DISABLED_ENV)
    assert {m.name for m in runtime.enabled_modules()} == ALL - {"payments"}  # cached
    runtime.reset()
    assert {m.name for m in runtime.enabled_modules()} == ALL
    assert runtime.configure(SHOP_PACKAGE, enabled=["catalog"]) is runtime.default_registry()
    assert {m.name for m in runtime.enabled_modules()} == {"catalog", "core_auth"}


def test_reset_forgets_discovery(make_app: MakeApp, tmp_path: Path) -> None:
    package = make_app({"alpha/definition.py": definition("alpha")})
    registry = Registry(package)
    assert [m.name for m in registry.modules()] == ["alpha"]
    beta = tmp_path / package.replace(".", "/") / "beta"
    beta.mkdir()
    (beta / "definition.py").write_text(definition("beta"), encoding="utf-8")
    assert [m.name for m in registry.modules()] == ["alpha"]
    registry.reset()
    assert [m.name for m in registry.modules()] == ["alpha", "beta"]


@pytest.mark.usefixtures("shop")
def test_a_string_for_a_list_of_names_is_refused() -> None:
    """``enabled="catalog"`` was read one character at a time: "unknown module 'c'"."""
    with pytest.raises(TypeError, match="enabled= takes a list of module names, not the string 'catalog'"):
        Registry(SHOP_PACKAGE, enabled="catalog")


def test_a_core_modules_missing_requirement_is_not_fixed_by_disabling_it(make_app: MakeApp) -> None:
    """The hint said "or disable 'auth'", which a core module cannot be."""
    package = make_app(
        {
            "auth/definition.py": definition("auth", is_core=True, requires=["users"]),
            "users/definition.py": definition("users"),
        }
    )
    with pytest.raises(ModuleDependencyError, match=r"\(enable 'users': 'auth' is a core module, always on\)"):
        Registry(package, disabled=["users"]).enabled_names()


def test_what_a_core_module_requires_is_enabled_with_it(make_app: MakeApp) -> None:
    """A core module is always on, so what it requires is too: enabling only 'shop' was a
    ModuleDependencyError about 'users', which nobody had disabled."""
    package = make_app(
        {
            "auth/definition.py": definition("auth", is_core=True, requires=["users"]),
            "users/definition.py": definition("users", requires=["audit"]),
            "audit/definition.py": definition("audit"),
            "shop/definition.py": definition("shop"),
            "blog/definition.py": definition("blog"),
        }
    )
    assert Registry(package, enabled=["shop"]).enabled_names() == frozenset({"auth", "users", "audit", "shop"})


def test_a_module_a_core_module_requires_is_not_offered_for_disabling(make_app: MakeApp) -> None:
    package = make_app(
        {
            "auth/definition.py": definition("auth", is_core=True, requires=["users"]),
            "users/definition.py": definition("users", requires=["audit"]),
            "audit/definition.py": definition("audit"),
        }
    )
    with pytest.raises(
        ModuleDependencyError, match=r"\(enable 'audit': 'users' is always on, as a core module requires it\)"
    ):
        Registry(package, disabled=["audit"]).enabled_names()
