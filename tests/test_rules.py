"""One passing and one failing project per default rule, asserting rule, path, line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import DEFINITION, M, Tree, brief, clean_module, lint, without

Make = Callable[[Tree], Path]


def test_clean_module_passes_every_rule(tree: Make) -> None:
    assert brief(lint(tree(clean_module()))) == []


# --- MOD-000 ---------------------------------------------------------------------------------------


def test_mod000_fails_on_syntax_error_and_bad_encoding(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "services/broken.py": "a = 1\nb = = 2\n",
            M + "services/latin.py": b"x = 1\n# caf\xe9\n",
        }
    )
    assert brief(lint(root, "MOD-000")) == [
        ("MOD-000", M + "services/broken.py", 2, 5),  # where CPython points
        ("MOD-000", M + "services/latin.py", 2, 6),
    ]


def test_mod000_passes_on_bom_and_coding_cookie(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "services/bom.py": b"\xef\xbb\xbfclass A:\n    pass\n",
            M + "services/latin.py": b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n",
        }
    )
    assert brief(lint(root)) == []


def test_mod000_broken_definition_silences_fact_rules(tree: Make) -> None:
    root = tree({**without(clean_module(), M + "schemas", M + "exceptions.py"), M + "definition.py": "x = (\n"})
    assert brief(lint(root)) == [("MOD-000", M + "definition.py", 1, 5)]  # the ( never closed


# --- MOD-001 / MOD-008: self-contained modules ------------------------------------------------------


def test_mod001_reports_each_missing_dir_at_keyword(tree: Make) -> None:
    root = tree({**without(clean_module(), M + "schemas", M + "routes/api"), M + "definition.py": DEFINITION})
    assert brief(lint(root, "MOD-001")) == [
        ("MOD-001", M + "definition.py", 1, 64),
        ("MOD-001", M + "definition.py", 1, 64),
    ]
    messages = [f.message for f in lint(root, "MOD-001").findings]
    assert messages == [
        "module 'orders' is missing folder 'routes/api/'",
        "module 'orders' is missing folder 'schemas/'",
    ]


def test_mod001_ignores_modules_not_self_contained(tree: Make) -> None:
    root = tree(without(clean_module(self_contained=False), M + "schemas", M + "routes/api"))
    assert brief(lint(root, "MOD-001")) == []


def test_mod008_requires_exceptions_module(tree: Make) -> None:
    root = tree(without(clean_module(), M + "exceptions.py"))
    assert brief(lint(root, "MOD-008")) == [("MOD-008", M + "definition.py", 1, 49)]


def test_mod008_passes_when_present_or_not_self_contained(tree: Make) -> None:
    assert brief(lint(tree(without(clean_module(self_contained=False), M + "exceptions.py")), "MOD-008")) == []


# --- MOD-002 / MOD-003 / MOD-006: real code in the module ---------------------------------------------


@pytest.mark.parametrize(("rule", "folder"), [("MOD-002", "services"), ("MOD-003", "schemas"), ("MOD-006", "models")])
def test_real_code_rules_fail_on_shim_of_outside_code(tree: Make, rule: str, folder: str) -> None:
    shim = (
        '"""Moved? Not yet."""\nfrom __future__ import annotations\n\nfrom app.services.x import X\n__all__ = ["X"]\n'
    )
    root = tree({**clean_module(), f"{M}{folder}/sub/legacy.py": shim})
    report = lint(root, rule)
    assert brief(report) == [(rule, f"{M}{folder}/sub/legacy.py", 4, 1)]
    assert "app.services.x.X" in report.findings[0].message


@pytest.mark.parametrize(("rule", "folder"), [("MOD-002", "services"), ("MOD-003", "schemas"), ("MOD-006", "models")])
def test_real_code_rules_allow_facades_of_own_module(tree: Make, rule: str, folder: str) -> None:
    facade = "from .impl import Thing\nfrom app.modules.orders.services import service as svc\n__all__ = ['Thing']\n"
    root = tree({**clean_module(), f"{M}{folder}/facade.py": facade, f"{M}{folder}/impl.py": "class Thing: ...\n"})
    assert brief(lint(root, rule)) == []


# --- MOD-004: routes never import legacy layers -----------------------------------------------------


def test_mod004_reports_each_legacy_import_anywhere(tree: Make) -> None:
    route = (
        "from fastapi import APIRouter\n"
        "from app import services\n"
        "router = APIRouter()\n\n\n"
        "def handler():\n"
        "    from models.database.order import Order\n"
        "    return Order\n"
    )
    root = tree({**clean_module(), M + "routes/api/items.py": route, M + "routes/helpers.py": "import models.schema\n"})
    assert brief(lint(root, "MOD-004")) == [
        ("MOD-004", M + "routes/api/items.py", 2, 1),
        ("MOD-004", M + "routes/api/items.py", 7, 5),
        ("MOD-004", M + "routes/helpers.py", 1, 1),
    ]


def test_mod004_passes_on_module_and_lookalike_imports(tree: Make) -> None:
    route = "from app.services_v2 import x\nfrom models.databases import y\nfrom ..services.service import Service\n"
    root = tree({**clean_module(), M + "routes/pages/__init__.py": "", M + "routes/extra.py": route})
    assert brief(lint(root, "MOD-004")) == []


# --- MOD-005: UI modules keep their templates and static files ------------------------------------


def test_mod005_reports_missing_asset_dirs_at_first_page_route(tree: Make) -> None:
    pages = {M + "routes/pages/__init__.py": "", M + "routes/pages/zeta.py": "router = 1\n"}
    root = tree({**clean_module(), **pages, M + "routes/pages/about.py": "router = 1\n", M + "templates": None})
    assert brief(lint(root, "MOD-005")) == [("MOD-005", M + "routes/pages/about.py", 1, 1)]
    assert "'static/'" in lint(root, "MOD-005").findings[0].message


def test_mod005_passes_without_page_routes_or_with_assets(tree: Make) -> None:
    only_init = tree({**clean_module(), M + "routes/pages/__init__.py": ""})
    assert brief(lint(only_init, "MOD-005")) == []


def test_mod005_passes_with_assets(tree: Make) -> None:
    root = tree(
        {**clean_module(), M + "routes/pages/home.py": "router = 1\n", M + "templates/a.html": "", M + "static": None}
    )
    assert brief(lint(root, "MOD-005")) == []


# --- MOD-007: legacy files that import the modules are shims ----------------------------------------


def test_mod007_reports_innermost_offending_statement(tree: Make) -> None:
    legacy = (
        "from app.modules.orders.services.service import Service\n"
        "try:\n"
        "    from typing import TYPE_CHECKING\n"
        "except ImportError:\n"
        "    TYPE_CHECKING = compute()\n"
    )
    root = tree(
        {**clean_module(), "app/services/order_service.py": legacy, "models/schema/x.py": "import app.modules\nX = 1\n"}
    )
    assert brief(lint(root, "MOD-007")) == [
        ("MOD-007", "app/services/order_service.py", 5, 5),
        ("MOD-007", "models/schema/x.py", 2, 1),
    ]
    assert lint(root, "MOD-007").findings[0].module is None


def test_mod007_passes_on_pure_shims_and_unmigrated_code(tree: Make) -> None:
    shim = '"""Legacy."""\nfrom app.modules.orders.services.service import Service\nLegacyService = Service\n__all__ = ["Service"]\n'
    root = tree(
        {
            **clean_module(),
            "app/services/order_service.py": shim,
            "app/services/old.py": "def f():\n    return 1\n",
            "models/database/__init__.py": "from app.modules.orders import x\nY = 2\n",
        }
    )
    assert brief(lint(root, "MOD-007")) == []


# --- MOD-009 / MOD-012: module definitions ------------------------------------------------------------


def test_mod009_reports_at_init_else_first_file(tree: Make) -> None:
    root = tree(
        {
            **without(clean_module(), M + "definition.py"),
            "app/modules/billing/services/b.py": "x = 1\n",
            "app/modules/billing/api.py": "x = 1\n",
        }
    )
    assert brief(lint(root, "MOD-009")) == [
        ("MOD-009", "app/modules/billing/api.py", 1, 1),
        ("MOD-009", M + "__init__.py", 1, 1),
    ]


def test_mod009_skips_folders_that_are_not_modules(tree: Make) -> None:
    root = tree(
        {**clean_module(), "app/modules/_shared/x.py": "", "app/modules/.cache/y.py": "", "app/modules/docs/a.md": ""}
    )
    assert brief(lint(root, "MOD-009")) == []


def test_mod012_code_must_match_folder(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "definition.py": 'import x\n\nmodule = ModuleDefinition(name="O", code="order")\n',
            **clean_module("billing"),
            "app/modules/billing/definition.py": '"""No definition here."""\nNAME = "billing"\n',
        }
    )
    assert brief(lint(root, "MOD-012")) == [
        ("MOD-012", "app/modules/billing/definition.py", 1, 1),
        ("MOD-012", M + "definition.py", 3, 37),
    ]


def test_mod012_reads_dash_as_underscore(tree: Make) -> None:
    defn = 'import x\nm: Def = ModuleDefinition(code="order-history")\n'
    root = tree({**clean_module("order_history"), "app/modules/order_history/definition.py": defn})
    assert brief(lint(root, "MOD-012")) == []


# --- MOD-010 / MOD-013: exports ------------------------------------------------------------------


def test_mod010_route_files_must_bind_router(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "routes/api/items.py": "from fastapi import APIRouter\napi = APIRouter()\nrouter: APIRouter\n",
            M + "routes/pages/home.py": "from x import *\n__all__ = ['router']\n",
            M + "templates": None,
            M + "static": None,
        }
    )
    assert brief(lint(root, "MOD-010")) == [
        ("MOD-010", M + "routes/api/items.py", 1, 1),
        ("MOD-010", M + "routes/pages/home.py", 1, 1),
    ]


def test_mod010_accepts_every_binding_form(tree: Make) -> None:
    forms = {
        "a.py": "router = APIRouter()\n",
        "b.py": "from .a import router\n",
        "c.py": "from x import api as router\n",
        "d.py": "if True:\n    router: object = make()\n",
        "e.py": "try:\n    import router\nexcept ImportError:\n    pass\n",
        "f.py": "def router():\n    pass\n",
        "g.py": "router, other = make()\n",
        "h.py": "with ctx():\n    class router:\n        pass\n",
    }
    root = tree({**clean_module(), **{f"{M}routes/api/{name}": src for name, src in forms.items()}})
    assert brief(lint(root, "MOD-010")) == []


def test_mod013_config_must_bind_config_or_class(tree: Make) -> None:
    root = tree({**clean_module(), M + "config.py": "settings = object()\n"})
    assert brief(lint(root, "MOD-013")) == [("MOD-013", M + "config.py", 1, 1)]


def test_mod013_passes_with_config_object_or_without_config(tree: Make) -> None:
    root = tree({**without(clean_module(), M + "config.py"), **clean_module("billing")})
    root.joinpath("app/modules/billing/config.py").write_text("config = object()\n")
    assert brief(lint(root, "MOD-013")) == []


# --- MOD-011 / MOD-015: package markers (fixable) -----------------------------------------------------


def test_mod011_tasks_package(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "tasks/zz.py": "",
            M + "tasks/cleanup.py": "",
            **clean_module("billing"),
            "app/modules/billing/tasks/nested/job.py": "",
        }
    )
    report = lint(root, "MOD-011")
    assert brief(report) == [
        ("MOD-011", "app/modules/billing/definition.py", 1, 1),
        ("MOD-011", M + "tasks/cleanup.py", 1, 1),
    ]
    assert [f.fix.create for f in report.findings if f.fix] == [
        "app/modules/billing/tasks/__init__.py",
        M + "tasks/__init__.py",
    ]


def test_mod011_passes_with_marker_or_without_python(tree: Make) -> None:
    root = tree(
        {**clean_module(), M + "tasks/__init__.py": "", M + "tasks/a.py": "", "app/modules/orders/jobs/x.txt": ""}
    )
    root.joinpath("app/modules/orders/tasks2").mkdir()
    assert brief(lint(root, "MOD-011")) == []


def test_mod015_migrations_packages(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "migrations/env.py": "",
            **clean_module("billing"),
            "app/modules/billing/migrations/__init__.py": "",
            "app/modules/billing/migrations/versions/billing_001_init.py": "",
        }
    )
    report = lint(root, "MOD-015")
    assert brief(report) == [
        ("MOD-015", "app/modules/billing/migrations/versions/billing_001_init.py", 1, 1),
        ("MOD-015", M + "migrations/env.py", 1, 1),
        ("MOD-015", M + "migrations/env.py", 1, 1),
    ]
    assert sorted(f.fix.create for f in report.findings if f.fix) == [
        "app/modules/billing/migrations/versions/__init__.py",
        M + "migrations/__init__.py",
        M + "migrations/versions/__init__.py",
    ]


def test_mod015_missing_versions_of_empty_migrations_is_reported_at_the_definition(tree: Make) -> None:
    root = tree({**clean_module(), M + "migrations/__init__.py": ""})
    assert brief(lint(root, "MOD-015")) == [("MOD-015", M + "definition.py", 1, 1)]


def test_mod015_passes_with_markers_or_without_migrations(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "migrations/__init__.py": "",
            M + "migrations/versions/__init__.py": "",
            **clean_module("billing"),
        }
    )
    assert brief(lint(root, "MOD-015")) == []


# --- MOD-014: migration names --------------------------------------------------------------------------


def test_mod014_migration_names_and_unique_seq(tree: Make) -> None:
    v = M + "migrations/versions/"
    root = tree(
        {
            **clean_module(),
            v + "__init__.py": "",
            v + "orders_001_create.py": "",
            v + "orders_01_again.py": "",
            v + "orders_2_AddIndex.py": "",
            v + "0003_add_digest.py": "",
            v + "billing_004_x.py": "",
        }
    )
    report = lint(root, "MOD-014")
    assert brief(report) == [
        ("MOD-014", v + "0003_add_digest.py", 1, 1),
        ("MOD-014", v + "billing_004_x.py", 1, 1),
        ("MOD-014", v + "orders_001_create.py", 1, 1),
        ("MOD-014", v + "orders_01_again.py", 1, 1),
        ("MOD-014", v + "orders_2_AddIndex.py", 1, 1),
    ]
    assert report.findings[2].message == "seq '001' is also used by 'orders_01_again.py'"
    assert report.findings[3].message == "seq '01' is also used by 'orders_001_create.py'"


def test_mod014_passes_on_good_names(tree: Make) -> None:
    v = "app/modules/order_history/migrations/versions/"
    root = tree(
        {
            **clean_module("order_history"),
            v + "__init__.py": "",
            v + "order_history_001_create_tables.py": "",
            v + "order_history_002_add_index2.py": "",
            v + "README.md": "",
        }
    )
    assert brief(lint(root, "MOD-014")) == []


def test_facts_compare_with_their_type(tree: Make) -> None:
    """``is_self_contained=1`` is not ``True``: MOD-001 does not apply."""
    defn = 'orders_module = ModuleDefinition(code="orders", is_self_contained=1)\n'
    root = tree({**without(clean_module(), M + "schemas"), M + "definition.py": defn})
    assert brief(lint(root, "MOD-001")) == []


@pytest.mark.parametrize("code", ["gift-cards", "gift_cards"])
def test_a_folder_name_with_a_dash_can_match_its_code(tree: Callable[..., Path], code: str) -> None:
    """Only the code's ``-`` was read as ``_``: no code could match a folder ``gift-cards``."""
    files = clean_module("gift-cards")
    files["app/modules/gift-cards/definition.py"] = (
        f'gift_module = ModuleDefinition(code="{code}", is_self_contained=True)\n'
    )
    assert brief(lint(tree(files), "MOD-012")) == []
