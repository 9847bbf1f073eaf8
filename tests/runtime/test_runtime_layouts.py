"""``modlint.runtime`` discovers the modules of each ``fixtures/layouts/`` project as the linter reads them."""

from __future__ import annotations

import pytest

from modlint.runtime import discover_modules

from helpers import FIXTURES
from runtime_helpers import purge_modules

#: layout -> (source root on sys.path, {module: (code, requires)}), as each README describes it.
LAYOUTS = {
    "flat": (
        "src",
        {
            "billing": ("billing", ("orders",)),
            "orders": ("orders", ("users",)),
            "search": ("search", ()),
            "users": ("user", ()),
        },
    ),
    "routes-package": (
        "backend",
        {"billing": ("billing", ("orders",)), "orders": ("orders", ()), "reports": ("reports", ("orders", "billing"))},
    ),
    "flask-blueprints": (
        ".",
        {"accounts": ("accounts", ()), "catalog": ("catalog", ()), "shipping": ("shipping", ("accounts", "catalog"))},
    ),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_runtime_reads_the_layouts_pyproject(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """modules-root, source-roots and the definition form come from the layout's [tool.modlint]."""
    source_root, expected = LAYOUTS[name]
    layout = FIXTURES / "layouts" / name
    monkeypatch.syspath_prepend(str(layout / source_root))
    monkeypatch.chdir(layout)
    purge_modules("modules", "app")
    try:
        found = {m.name: (m.definition.code, m.definition.requires) for m in discover_modules(None)}
    finally:
        purge_modules("modules", "app")
    assert found == expected
