"""``modlint docs``: module pages from the code (routes, settings, tables, migrations, findings),
and a committed folder of pages that cannot go stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main
from modlint.facts.outline import Route, SettingsField, outline
from modlint.reporters.module_docs import GENERATED

from helpers import FIXTURES, copy_shop, write_tree

SHOP = FIXTURES / "shop"
SNAPSHOTS = Path(__file__).parent / "snapshots"
COMMITTED = SHOP / "docs" / "modules"


def docs(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["docs", *args])
    return result.exit_code, result.stdout, result.stderr


def test_shop_pages(snapshot) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = docs(str(SHOP), "--no-cache")
    assert code == 0
    snapshot.snapshot_dir = SNAPSHOTS
    snapshot.assert_match(out, "docs.md")


def test_the_shop_pages_are_committed_and_current() -> None:
    code, _, err = docs(str(SHOP), "--check", str(COMMITTED))
    assert (code, err) == (0, f"{COMMITTED}: 8 pages up to date\n")


def test_check_fails_on_stale_missing_and_gone_pages_and_write_fixes_them(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    folder = shop / "docs" / "modules"
    assert docs(str(shop), "--check", str(folder))[0] == 0
    (folder / "orders.md").write_text(GENERATED + "\n\nold\n")
    (folder / "catalog.md").unlink()
    (folder / "legacy.md").write_text(GENERATED + "\n\n# legacy\n")
    (folder / "notes.md").write_text("# Hand-written notes\n")
    code, _, err = docs(str(shop), "--check", str(folder))
    assert code == 1
    assert err.splitlines() == [
        f"{folder / 'catalog.md'}: missing",
        f"{folder / 'orders.md'}: stale",
        f"{folder / 'legacy.md'}: no such module any more",
        f"{folder}: run `modlint docs --write {folder}`",
    ]
    assert docs(str(shop), "--write", str(folder))[2] == f"{folder}: wrote 2, removed 1, 6 up to date\n"
    assert not (folder / "legacy.md").exists()
    assert (folder / "notes.md").read_text() == "# Hand-written notes\n"
    assert docs(str(shop), "--check", str(folder))[0] == 0


def test_a_page_changes_with_the_code(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    route = shop / "app/modules/orders/routes/api/orders.py"
    route.write_text(route.read_text() + '\n\n@router.delete("/{order_id}")\ndef cancel(order_id: int) -> None: ...\n')
    assert docs(str(shop), "--check", str(shop / "docs/modules"))[0] == 1
    page = docs(str(shop), "--module", "orders")[1]
    assert "| DELETE | `/api/orders/{order_id}` | `cancel` | `routes/api/orders.py:28` |" in page


def test_a_hand_written_page_is_never_replaced(tmp_path: Path) -> None:
    folder = write_tree(tmp_path, {"orders.md": "# Orders, by hand\n"})
    code, _, err = docs(str(SHOP), "--write", str(tmp_path))
    assert code == 2 and "orders.md was not written by `modlint docs`; move it away first" in err
    assert (folder / "orders.md").read_text() == "# Orders, by hand\n"
    assert not (tmp_path / "catalog.md").exists()


def test_usage_errors() -> None:
    assert docs(str(SHOP), "--module", "nope")[2] == "modlint: error: no module named 'nope'\n"
    assert docs(str(SHOP), "--check", "a", "--write", "b")[2] == "modlint: error: give --check or --write, not both\n"


def test_flask_routes_and_their_methods() -> None:
    page = docs(str(FIXTURES / "layouts" / "flask-blueprints"), "--module", "catalog")[1]
    assert "| GET | `/api/catalog/<int:item_id>` | `get_one` |" in page


@pytest.mark.parametrize(
    ("source", "routes"),
    [
        ('r = APIRouter(prefix="/a")\n@r.get("/b")\ndef f(): ...\n', [Route(("GET",), "/a/b", "f", 3)]),
        (
            'r = Blueprint("x", __name__, url_prefix="/a")\n@r.route("/b", methods=["post", "PUT"])\nasync def f(): ...\n',
            [Route(("POST", "PUT"), "/a/b", "f", 3)],
        ),
        ('r = Blueprint("x", __name__)\n@r.route("/b")\ndef f(): ...\n', [Route(("GET",), "/b", "f", 3)]),
        (
            'r = APIRouter()\n@r.websocket("/ws")\ndef f(): ...\n@r.api_route("/x")\ndef g(): ...\n',
            [Route(("WS",), "/ws", "f", 3), Route(("ANY",), "/x", "g", 5)],
        ),
        ('@other.get("/b")\ndef f(): ...\nr = APIRouter()\n@r.get(path)\ndef g(): ...\n', []),
        ("def broken(:\n", []),
    ],
)
def test_routes_are_read_from_decorators(source: str, routes: list[Route]) -> None:
    assert list(outline(source).routes) == routes


def test_settings_fields_and_their_environment_variables() -> None:
    source = (
        "class A(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='shop_')\n"
        "    url: str\n    retries: int = 3\n    _private: int = 1\n"
        "class B(BaseSettings):\n    class Config:\n        env_prefix = 'B_'\n    debug: bool = False\n"
        "class C(pydantic_settings.BaseSettings):\n    name: str = 'x'\n"
        "class D:\n    __tablename__ = 'd_table'\n"
    )
    found = outline(source)
    assert [(s.name, s.env_prefix) for s in found.settings] == [("A", "shop_"), ("B", "B_"), ("C", "")]
    assert found.settings[0].fields == (
        SettingsField("url", "str", None, "SHOP_URL"),
        SettingsField("retries", "int", "3", "SHOP_RETRIES"),
    )
    assert found.settings[2].fields[0].variable == "NAME"
    assert [(t.model, t.table) for t in found.tables] == [("D", "d_table")]
