"""ModuleDefinition: typed, open to extras, and read the same way by the linter and the runtime."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from modlint.config.loading import load_config
from modlint.facts.cst.extract import parse_facts
from modlint.layout import DEFINITION_FILE, discover_layout
from modlint.runtime import (
    ModuleDefinition,
    ModuleDefinitionError,
    ModulePackageError,
    discover_modules,
    find_definition,
)

from helpers import REPO, write_tree
from runtime_helpers import SHOP, MakeApp, definition, purge_modules


def test_defaults_and_extras() -> None:
    definition = ModuleDefinition(code="orders", requires=["catalog"], menu_position=3)
    assert definition.requires == ("catalog",)
    assert (definition.is_core, definition.is_internal, definition.is_self_contained) == (False, False, False)
    assert definition.extras == {"menu_position": 3}


def test_code_is_required_and_typed() -> None:
    with pytest.raises(ValidationError):
        ModuleDefinition(name="no code")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        ModuleDefinition(code="x", is_core="sometimes")


def test_first_instance_in_definition_order_wins() -> None:
    first, second = ModuleDefinition(code="a"), ModuleDefinition(code="b")
    assert find_definition({"ModuleDefinition": ModuleDefinition, "x": 1, "a": first, "b": second}) is first
    assert find_definition({"x": 1}) is None


@pytest.mark.usefixtures("shop")
def test_linter_facts_agree_with_runtime_definitions() -> None:
    """Every literal keyword the linter reads is a field (or extra) with the same value at runtime."""
    layout = discover_layout(SHOP)
    runtime_defs = {m.name: m.definition for m in discover_modules("app.modules")}
    for module in layout.modules:
        rel = module.project_path(DEFINITION_FILE)
        facts = parse_facts(rel, (SHOP / rel).read_text(encoding="utf-8"), module.import_name).definition
        assert facts is not None
        definition = runtime_defs[module.name]
        for keyword, value in facts.facts:
            assert keyword in ModuleDefinition.model_fields, keyword
            expected = tuple(value) if isinstance(value, list) else value
            assert getattr(definition, keyword) == expected, (module.name, keyword)


def test_rule_conditions_use_definition_fields() -> None:
    """The shipped rules' ``when.facts`` keys are ModuleDefinition fields, so they can be true at runtime."""
    keys: set[str] = set()
    for path in sorted(Path(REPO / "rules").glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            keys.update((rule.get("when") or {}).get("facts") or {})
    assert keys
    assert keys <= set(ModuleDefinition.model_fields)


FORMS = {
    "dict": (
        'file = "manifest.py"\nform = "dict"\ncode-key = "slug"\n',
        "manifest.py",
        'manifest = {"slug": "orders", "name": "Orders", "requires": ["billing"]}\n',
    ),
    "class": (
        'form = "class"\nbases = ["BaseModule"]\n',
        "definition.py",
        "class BaseModule:\n    pass\n\n\nclass Orders(BaseModule):\n    code = 'orders'\n    name = 'Orders'\n"
        "    requires = ('billing',)\n",
    ),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_runtime_reads_the_definition_form_of_the_pyproject(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table, rel, source = FORMS[form]
    top = f"formapp_{form}"
    root = write_tree(
        tmp_path,
        {
            "pyproject.toml": f'[tool.modlint]\nmodules-root = "{top}/modules"\n\n[tool.modlint.definition]\n{table}',
            f"{top}/__init__.py": "",
            f"{top}/modules/__init__.py": "",
            f"{top}/modules/orders/__init__.py": "",
            f"{top}/modules/orders/{rel}": source,
        },
    )
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.chdir(root)
    try:
        (info,) = discover_modules(None)  # the package comes from modules-root
    finally:
        purge_modules(top)
    assert (info.definition.code, info.definition.name, info.definition.requires) == ("orders", "Orders", ("billing",))
    spec = load_config(root).settings.definition
    linted = parse_facts(rel, source, f"{top}.modules.orders", definition=spec).definition
    assert linted is not None
    assert linted.fact(spec.code_key) == "orders" and linted.fact("requires") == ("billing",)


IMPORTED_FIRST = {
    "dict": (
        'file = "manifest.py"\nform = "dict"\ncode-key = "slug"\n',
        "manifest.py",
        "class Module:\n    manifest = {{'slug': {code!r}, 'requires': {requires!r}}}\n",
    ),
    "class": (
        'form = "class"\nbases = ["BaseModule"]\n',
        "definition.py",
        "from {top}.base import BaseModule\n\n\nclass {code}_Module(BaseModule):\n"
        "    code = {code!r}\n    requires = {requires!r}\n",
    ),
}


@pytest.mark.parametrize("form", sorted(IMPORTED_FIRST))
def test_runtime_takes_the_dict_or_class_the_file_defines_not_one_it_imports(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another module's class imported above the file's own came first in the namespace, and the
    runtime took it (orders 'required' nothing); the linter reads only what the file defines."""
    table, rel, template = IMPORTED_FIRST[form]
    top = f"importapp_{form}"
    package = f"{top}.modules"
    orders = template.format(top=top, code="orders", requires=("billing",))
    imported = (
        f"from {package}.billing.{rel[:-3]} import {'Module as _Billing' if form == 'dict' else 'billing_Module'}\n"
    )
    root = write_tree(
        tmp_path,
        {
            "pyproject.toml": f'[tool.modlint]\nmodules-root = "{top}/modules"\n\n[tool.modlint.definition]\n{table}',
            f"{top}/__init__.py": "",
            f"{top}/base.py": "class BaseModule:\n    pass\n",
            f"{top}/modules/__init__.py": "",
            f"{top}/modules/billing/__init__.py": "",
            f"{top}/modules/billing/{rel}": template.format(top=top, code="billing", requires=()),
            f"{top}/modules/orders/__init__.py": "",
            f"{top}/modules/orders/{rel}": imported + orders,
        },
    )
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.chdir(root)
    try:
        found = {info.name: info.definition for info in discover_modules(None)}
    finally:
        purge_modules(top)
    assert (found["orders"].code, found["orders"].requires) == ("orders", ("billing",))
    spec = load_config(root).settings.definition
    linted = parse_facts(rel, imported + orders, f"{package}.orders", definition=spec).definition
    assert linted is not None and linted.fact(spec.code_key) == "orders"


def test_runtime_refuses_a_package_the_linter_does_not_check(make_app: MakeApp, tmp_path: Path) -> None:
    package = make_app(
        {"orders/definition.py": "from modlint.runtime import ModuleDefinition\nm = ModuleDefinition(code='orders')\n"}
    )
    (tmp_path / "pyproject.toml").write_text('[tool.modlint]\nmodules-root = "src/modules"\n')
    with pytest.raises(ModulePackageError, match="but modlint checks modules-root 'src/modules'"):
        discover_modules(package)
    (tmp_path / "pyproject.toml").write_text(f'[tool.modlint]\nmodules-root = "{package.replace(".", "/")}"\n')
    assert [m.name for m in discover_modules(package)] == ["orders"]
    (tmp_path / "pyproject.toml").write_text('[tool.modlint.definition]\nform = "xml"\n')
    with pytest.raises(ModulePackageError, match=r"definition\.form: 'xml' must be one of call, dict, class"):
        discover_modules(package)


@pytest.mark.usefixtures("shop")
def test_dependency_graph_resolves_requires_like_the_selection() -> None:
    from modlint.runtime import Registry

    graph = Registry("app.modules").dependency_graph()
    assert graph["orders"] == ("catalog", "customers")
    assert graph["payments"] == ("orders",)
    assert set(graph) == {m.name for m in discover_modules("app.modules")}


def test_the_definition_is_the_one_the_file_assigns_not_one_it_imports(shop: Path, tmp_path: Path) -> None:
    """An import of another module's definition above the file's own came first in the namespace,
    and the runtime took it (so the module 'requires' nothing); the linter reads the assignment."""
    import shutil

    from runtime_helpers import purge_modules

    root = tmp_path / "shop"
    shutil.copytree(shop, root)
    definition = root / "app/modules/orders/definition.py"
    lines = definition.read_text().splitlines()
    lines.insert(1, "from app.modules.customers.definition import customers_module as _customers")
    definition.write_text("\n".join(lines) + "\n")
    purge_modules("app", "models")
    sys.path.insert(0, str(root))
    try:
        orders = {m.name: m for m in discover_modules("app.modules")}["orders"]
    finally:
        sys.path.remove(str(root))
        purge_modules("app", "models")
    assert (orders.definition.code, orders.definition.requires) == ("orders", ("catalog", "customers"))


def test_a_call_that_makes_no_instance_takes_no_other_modules_definition(make_app: MakeApp) -> None:
    """The file's own call returned a dict, so the runtime took the imported billing definition:
    orders became 'billing', core, impossible to disable; the linter reads the file's own call."""
    package = make_app(
        {
            "billing/definition.py": definition("billing", is_core=True),
            "orders/definition.py": (
                "from {package}.billing.definition import module as _billing\n\n\n"
                "def make(**facts: object) -> dict[str, object]:\n    return facts\n\n\n"
                "orders_module = make(code='orders')\n"
            ),
        }
    )
    orders = Path(importlib.import_module(package).__file__ or "").parent / "orders/definition.py"
    orders.write_text(orders.read_text().replace("{package}", package))
    with pytest.raises(ModuleDefinitionError, match="orders"):
        discover_modules(package)


def test_a_definition_in_the_package_init_runs_once(make_app: MakeApp, tmp_path: Path) -> None:
    """``file = "__init__.py"`` imported the package's __init__ a second time as ``<module>.__init__``."""
    package = make_app(
        {
            "billing/__init__.py": "import builtins\nbuiltins.RUNS = getattr(builtins, 'RUNS', 0) + 1\n"
            "from modlint.runtime import ModuleDefinition\nbilling_module = ModuleDefinition(code='billing')\n"
        }
    )
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.modlint]\nmodules-root = "{package.replace(".", "/")}"\n\n[tool.modlint.definition]\nfile = "__init__.py"\n'
    )
    import builtins

    (info,) = discover_modules(package)
    assert info.definition.code == "billing" and getattr(builtins, "RUNS", 0) == 1
    del builtins.RUNS  # type: ignore[attr-defined]


def test_the_linter_types_the_fields_the_runtime_validates() -> None:
    """MOD-012 holds a literal to the type the runtime's model validates it as (DEFINITION_FIELDS)."""
    from modlint.layout import DEFINITION_FIELDS

    kinds = {str: "str", bool: "bool", tuple[str, ...]: "strings"}
    assert {name: kinds[f.annotation] for name, f in ModuleDefinition.model_fields.items()} == DEFINITION_FIELDS
    for field, kind in DEFINITION_FIELDS.items():
        wrong = {"str": 2, "bool": "maybe", "strings": [3]}[kind]
        with pytest.raises(ValidationError):
            ModuleDefinition.model_validate({"code": "x", field: wrong})
