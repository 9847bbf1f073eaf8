"""Discovery finds what the linter's layout model lists, and fails loudly on a broken module."""

from __future__ import annotations

from pathlib import Path

import pytest

from modlint.layout import MIGRATION_VERSIONS_FOLDER, discover_layout
from modlint.runtime import (
    ModuleDefinitionError,
    ModuleImportError,
    ModulePackageError,
    Registry,
    UnknownModuleError,
    discover_modules,
)

from runtime_helpers import SHOP_PACKAGE, MakeApp, definition, purge_modules

SHOP_MODULES = ["catalog", "core_auth", "customers", "inventory", "notifications", "orders", "payments"]


def test_shop_runtime_matches_the_linter_layout(shop: Path) -> None:
    layout = discover_layout(shop)
    registry = Registry(SHOP_PACKAGE)
    modules = registry.modules()
    assert [m.name for m in modules] == [m.name for m in layout.modules] == SHOP_MODULES
    assert [m.import_name for m in modules] == [m.import_name for m in layout.modules]
    assert [m.path for m in modules] == [shop / m.path for m in layout.modules]
    routed = [(entry.module, entry.file) for entry in registry.iter_routers()]
    assert routed == [(m.name, m.project_path(f)) for m in layout.modules for f in m.route_files()]
    expected = [str(shop / m.project_path(MIGRATION_VERSIONS_FOLDER)) for m in layout.modules]
    assert registry.migration_locations() == expected
    assert all(m.has(MIGRATION_VERSIONS_FOLDER) for m in layout.modules)


def test_modules_carry_their_definitions(shop: Path) -> None:
    modules = {m.name: m for m in discover_modules(SHOP_PACKAGE)}
    assert modules["orders"].definition.requires == ("catalog", "customers")
    assert modules["core_auth"].definition.is_core
    assert modules["orders"].import_name == "app.modules.orders"
    assert modules["orders"].path == shop / "app/modules/orders"
    assert modules["catalog"].route_files("pages") == ["routes/pages/products.py"]


def test_discovery_is_sorted_and_skips_non_modules(make_app: MakeApp) -> None:
    package = make_app(
        {
            "zeta/definition.py": definition("zeta"),
            "alpha/definition.py": definition("alpha"),
            "_private/definition.py": definition("_private"),
            "assets/readme.txt": "no python here",
        }
    )
    assert [m.name for m in discover_modules(package)] == ["alpha", "zeta"]


def test_unknown_package_is_an_error() -> None:
    with pytest.raises(ModulePackageError, match="no_such_pkg"):
        discover_modules("no_such_pkg.modules")


def test_missing_definition_names_the_module_and_file(make_app: MakeApp) -> None:
    package = make_app({"orders/services/__init__.py": ""})
    with pytest.raises(ModuleDefinitionError) as caught:
        discover_modules(package)
    assert caught.value.module == "orders"
    assert caught.value.file.endswith("/modules/orders/definition.py")


def test_definition_without_a_module_definition(make_app: MakeApp) -> None:
    package = make_app({"orders/definition.py": "CODE = 'orders'\n"})
    with pytest.raises(ModuleDefinitionError, match="holds no ModuleDefinition"):
        discover_modules(package)


def test_definition_import_failure_is_chained(make_app: MakeApp) -> None:
    package = make_app({"orders/definition.py": "raise RuntimeError('database not ready')\n"})
    with pytest.raises(ModuleImportError) as caught:
        discover_modules(package)
    message = str(caught.value)
    assert "module 'orders'" in message
    assert "modules/orders/definition.py" in message
    assert "RuntimeError: database not ready" in message
    assert isinstance(caught.value.__cause__, RuntimeError)


def test_unknown_module_lists_the_known_ones(shop: Path) -> None:
    with pytest.raises(UnknownModuleError) as caught:
        Registry(SHOP_PACKAGE).module("shipping")
    assert str(caught.value) == f"unknown module 'shipping'; known modules: {', '.join(SHOP_MODULES)}"
    assert isinstance(caught.value, LookupError)


def test_a_definition_that_fails_validation_as_it_runs_is_a_one_line_definition_error(make_app: MakeApp) -> None:
    """``ModuleDefinition(requires="x")`` raised pydantic's four-line ValidationError from the import,
    wrapped as an import error; the dict and class forms already said it on one line."""
    package = make_app({"orders/definition.py": definition("orders", requires="x")})
    with pytest.raises(ModuleDefinitionError) as caught:
        discover_modules(package)
    assert str(caught.value).endswith("invalid definition: requires: Input should be a valid tuple")
    assert "\n" not in str(caught.value)


def test_a_parent_package_that_fails_to_import_is_a_package_error(make_app: MakeApp, tmp_path: Path) -> None:
    package = make_app({"orders/definition.py": definition("orders")})
    (tmp_path / package.split(".")[0] / "__init__.py").write_text("raise RuntimeError('boom')\n")
    with pytest.raises(ModulePackageError, match="RuntimeError: boom"):
        discover_modules(package)


def test_a_src_layout_loads_what_the_linter_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``source-roots = ["src"]`` the runtime measured exclude patterns (and module paths) from
    ``src/``: an excluded module was imported, and ``layout.path`` was not project-relative."""
    src = tmp_path / "src" / "srcapp"
    for rel, text in {
        "__init__.py": "",
        "modules/__init__.py": "",
        "modules/orders/definition.py": definition("orders"),
        "modules/legacy/definition.py": "raise RuntimeError('excluded module imported')\n",
    }.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.modlint]\nmodules-root = "src/srcapp/modules"\nsource-roots = ["src"]\n'
        'extend-exclude = ["src/srcapp/modules/legacy"]\n'
    )
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    try:
        modules = discover_modules("srcapp.modules")
    finally:
        purge_modules("srcapp")
    assert [(m.name, m.layout.path, m.path) for m in modules] == [
        ("orders", "src/srcapp/modules/orders", tmp_path.resolve() / "src/srcapp/modules/orders")
    ]


def test_a_modules_root_that_is_a_link_is_loaded_as_the_linter_checks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runtime resolved the package's folder and refused it ("does not end in linkapp/modules"),
    though Python imports it and the linter checks it."""
    elsewhere = tmp_path / "elsewhere" / "mods"
    (elsewhere / "orders").mkdir(parents=True)
    (elsewhere / "__init__.py").write_text("")
    (elsewhere / "orders" / "definition.py").write_text(definition("orders"))
    (tmp_path / "proj" / "linkapp").mkdir(parents=True)
    (tmp_path / "proj" / "linkapp" / "__init__.py").write_text("")
    (tmp_path / "proj" / "linkapp" / "modules").symlink_to(elsewhere)
    monkeypatch.syspath_prepend(str(tmp_path / "proj"))
    try:
        modules = discover_modules("linkapp.modules")
    finally:
        purge_modules("linkapp")
    assert [(m.name, m.path) for m in modules] == [("orders", tmp_path / "proj/linkapp/modules/orders")]


def test_a_failing_package_init_is_named_not_the_definition(make_app: MakeApp) -> None:
    """Importing definition.py runs the package's __init__.py first; its failure was reported as definition.py's."""
    package = make_app({"alpha/__init__.py": "1 / 0\n", "alpha/definition.py": definition("alpha")})
    with pytest.raises(ModuleImportError) as caught:
        discover_modules(package)
    assert caught.value.file.endswith("modules/alpha/__init__.py")


def test_a_module_file_that_exits_is_an_import_error(make_app: MakeApp) -> None:
    """``sys.exit()`` in a definition file ended the application silently (SystemExit escaped)."""
    package = make_app({"alpha/definition.py": "import sys\n\nsys.exit(3)\n"})
    with pytest.raises(ModuleImportError, match=r"SystemExit: 3"):
        discover_modules(package)
