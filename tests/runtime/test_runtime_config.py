"""get_module_config: pydantic-settings classes read their prefixed environment variables; errors say which."""

from __future__ import annotations

import pytest

import modlint.runtime as runtime
from modlint.runtime import (
    ModuleConfigError,
    ModuleDisabledError,
    ModuleImportError,
    Registry,
    UnknownModuleError,
)

from runtime_helpers import SHOP_PACKAGE, MakeApp, definition

MARKETPLACE_CONFIG = """
from pydantic_settings import BaseSettings, SettingsConfigDict


class MarketplaceConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MARKETPLACE_")

    api_key: str
    fee_percent: float = 2.5


config_class = MarketplaceConfig
"""


@pytest.mark.usefixtures("shop")
def test_config_class_reads_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_PAGE_SIZE", "50")
    monkeypatch.setenv("CATALOG_SHOW_INACTIVE", "true")
    config = runtime.get_module_config("catalog")
    assert type(config).__name__ == "CatalogConfig"
    assert (config.page_size, config.show_inactive, config.currency) == (50, True, "EUR")  # type: ignore[attr-defined]
    assert runtime.get_module_config("catalog") is config  # cached
    runtime.reset()
    assert runtime.get_module_config("catalog") is not config


@pytest.mark.usefixtures("shop")
def test_config_instance_is_returned_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORE_AUTH_TOKEN_TTL_MINUTES", "5")
    config = runtime.get_module_config("core_auth")
    from app.modules.core_auth.config import config as module_config  # type: ignore[import-not-found]

    assert config is module_config
    assert config.token_ttl_minutes == 5  # type: ignore[attr-defined]


@pytest.mark.usefixtures("shop")
def test_unknown_module_lists_known_modules() -> None:
    with pytest.raises(UnknownModuleError) as caught:
        runtime.get_module_config("shipping")
    assert str(caught.value) == (
        "unknown module 'shipping'; known modules: catalog, core_auth, customers, inventory, notifications, orders, payments"
    )


@pytest.mark.usefixtures("shop")
def test_disabled_module_has_no_config() -> None:
    registry = Registry(SHOP_PACKAGE, disabled=["payments"])
    with pytest.raises(ModuleDisabledError, match="module 'payments' is disabled"):
        registry.get_module_config("payments")
    assert "payments" not in registry.load_configs()
    assert set(registry.load_configs()) == {"catalog", "core_auth", "customers", "inventory", "notifications", "orders"}


@pytest.mark.usefixtures("shop")
def test_validation_error_names_module_and_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATALOG_PAGE_SIZE", "twenty")
    with pytest.raises(ModuleConfigError) as caught:
        runtime.get_module_config("catalog")
    assert str(caught.value) == (
        "module 'catalog': app/modules/catalog/config.py: invalid configuration (CatalogConfig): "
        "environment variable CATALOG_PAGE_SIZE: Input should be a valid integer, unable to parse string as an integer"
    )
    assert caught.value.env_vars == ("CATALOG_PAGE_SIZE",)
    assert caught.value.__cause__ is not None


@pytest.mark.usefixtures("shop")
def test_validation_error_at_import_time_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """core_auth's config.py builds ``config = CoreAuthConfig()`` while being imported."""
    monkeypatch.setenv("CORE_AUTH_HASH_ITERATIONS", "many")
    with pytest.raises(ModuleConfigError) as caught:
        runtime.get_module_config("core_auth")
    assert "module 'core_auth': app/modules/core_auth/config.py" in str(caught.value)
    assert caught.value.env_vars == ("CORE_AUTH_HASH_ITERATIONS",)


def test_missing_required_setting(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    package = make_app(
        {"marketplace/definition.py": definition("marketplace"), "marketplace/config.py": MARKETPLACE_CONFIG}
    )
    monkeypatch.delenv("MARKETPLACE_API_KEY", raising=False)
    monkeypatch.setenv("MARKETPLACE_FEE_PERCENT", "lots")
    registry = Registry(package)
    with pytest.raises(ModuleConfigError) as caught:
        registry.get_module_config("marketplace")
    assert caught.value.env_vars == ("MARKETPLACE_API_KEY", "MARKETPLACE_FEE_PERCENT")
    assert "environment variable MARKETPLACE_API_KEY: Field required" in str(caught.value)
    monkeypatch.setenv("MARKETPLACE_API_KEY", "k-123")
    monkeypatch.setenv("MARKETPLACE_FEE_PERCENT", "1.5")
    config = registry.get_module_config("marketplace")
    assert (config.api_key, config.fee_percent) == ("k-123", 1.5)  # type: ignore[attr-defined]


def test_module_without_config_py_has_none(make_app: MakeApp) -> None:
    package = make_app({"plain/definition.py": definition("plain")})
    registry = Registry(package)
    assert registry.get_module_config("plain") is None
    assert registry.load_configs() == {}


def test_config_py_binding_neither_name(make_app: MakeApp) -> None:
    package = make_app({"odd/definition.py": definition("odd"), "odd/config.py": "settings = {}\n"})
    with pytest.raises(ModuleConfigError, match="binds neither 'config' nor 'config_class'"):
        Registry(package).get_module_config("odd")


def test_config_py_import_failure_is_chained(make_app: MakeApp) -> None:
    package = make_app({"odd/definition.py": definition("odd"), "odd/config.py": "import not_installed_anywhere\n"})
    with pytest.raises(ModuleImportError, match=r"module 'odd': .*odd/config.py: cannot import") as caught:
        Registry(package).get_module_config("odd")
    assert isinstance(caught.value.__cause__, ModuleNotFoundError)


def test_plain_pydantic_config_names_fields(make_app: MakeApp) -> None:
    source = "from pydantic import BaseModel\n\n\nclass Limits(BaseModel):\n    size: int = 'x'\n\n\nconfig = Limits(size='big')\n"
    package = make_app({"odd/definition.py": definition("odd"), "odd/config.py": source})
    with pytest.raises(ModuleConfigError, match="field size: Input should be a valid integer") as caught:
        Registry(package).get_module_config("odd")
    assert caught.value.env_vars == ()
