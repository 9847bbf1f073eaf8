"""Regression tests for the second adversarial review of the module-map subcommands: unreadable and
oddly encoded sources, FIFOs, suppressed requirements, settings and route shapes, status columns,
a module named like the docs index, and CRLF files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main
from modlint.facts.outline import outline

from helpers import FIXTURES, copy_shop, write_tree

SHOP = FIXTURES / "shop"
FLASK = FIXTURES / "layouts" / "flask-blueprints"
FLAT = FIXTURES / "layouts" / "flat"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """In a child with a timeout: a read that blocks on a FIFO fails the test instead of hanging it."""
    command = [sys.executable, "-m", "modlint", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=60)


def copy(source: Path, folder: Path) -> Path:
    return Path(shutil.copytree(source, folder / source.name, ignore=shutil.ignore_patterns(".modlint_cache")))


def test_a_too_deeply_nested_source_is_skipped_by_new_and_init(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    with (shop / "app/modules/catalog/definition.py").open("a") as handle:
        handle.write("x = " + "1+" * 200_000 + "1\n")
    code, _, err = run("new", "zeta", "--dry-run", "--project", str(shop))
    assert code == 0 and "internal error" not in err, err
    code, out, err = run("init", str(shop), "--print")
    assert code == 0 and "internal error" not in err, err
    assert "[tool.modlint]" in out


@needs_fifo
def test_a_fifo_among_the_sources_does_not_block_init(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    os.mkfifo(shop / "app/modules/orders/routes/api/pipe.py")
    result = run_process("init", "--print", cwd=shop)
    assert result.returncode == 0, result.stderr


@needs_fifo
@pytest.mark.parametrize("option", ["--check", "--write"])
def test_a_fifo_status_file_is_a_usage_error(tmp_path: Path, option: str) -> None:
    os.mkfifo(tmp_path / "f.md")
    result = run_process("status", str(SHOP), option, "f.md", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "modlint: error: cannot read f.md: not a regular file\n")


@needs_fifo
def test_a_fifo_in_the_docs_folder_is_not_read(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(SHOP / "docs" / "modules", tmp_path / "d"))
    os.mkfifo(folder / "x.md")
    result = run_process("docs", str(SHOP), "--check", "d", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (folder / "orders.md").unlink()
    os.mkfifo(folder / "orders.md")
    result = run_process("docs", str(SHOP), "--write", "d", cwd=tmp_path)
    assert result.returncode == 2 and "orders.md was not written by `modlint docs`" in result.stderr


@pytest.mark.parametrize(
    "prefix", [b"\xef\xbb\xbf", b"# -*- coding: latin-1 -*-\n# caf\xe9\n"], ids=["bom", "coding-cookie"]
)
def test_definitions_are_decoded_as_python_decodes_them(tmp_path: Path, prefix: bytes) -> None:
    root = copy(FLASK, tmp_path)
    for definition in (root / "app/modules").glob("*/definition.py"):
        definition.write_bytes(prefix + definition.read_bytes())
    code, _, err = run("new", "zeta", "--project", str(root))
    assert code == 0, err
    assert "from app.core.module import BaseModule\n" in (root / "app/modules/zeta/definition.py").read_text()
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text().partition("[tool.modlint]")[0])
    code, out, _ = run("init", str(root), "--print")
    assert code == 0 and 'form = "class"' in out and 'bases = ["BaseModule"]' in out


def catalog_status(shop: Path) -> dict[str, object]:
    rows = json.loads(run("status", str(shop), "--format", "json", "--no-cache")[1])["modules"]
    row: dict[str, object] = next(r for r in rows if r["module"] == "catalog")
    return row


def test_a_suppressed_requirement_is_not_missing(tmp_path: Path) -> None:
    """The table agrees with the check run: a requirement whose finding a comment suppressed is no ❌."""
    shop = copy_shop(tmp_path)
    shutil.rmtree(shop / "app/modules/catalog/templates")
    row = catalog_status(shop)
    assert row["cells"]["templates/"] == "missing"  # type: ignore[index]
    with (shop / "app/modules/catalog/routes/pages/products.py").open("a") as handle:
        handle.write("# modlint: ignore-file[MOD-005]\n")
    assert "catalog" not in run(str(shop), "--no-cache")[1]
    row = catalog_status(shop)
    assert row["cells"]["templates/"] == "not-required"  # type: ignore[index]
    assert row["status"] == "Complete"


SETTINGS = """
class Base(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERS_")


class OrdersConfig(Base):
    max_items: int = 10
    url: str = Field(..., validation_alias="DATABASE_URL")
    token: str = Field(default="", alias="API_TOKEN")


class Plain(BaseModel):
    ignored: int = 1


class FromDict(BaseSettings):
    model_config = {"env_prefix": "DICT_"}
    size: int = 1


class Annotated(BaseSettings):
    model_config: SettingsConfigDict = SettingsConfigDict(env_prefix="ANN_")
    size: int = 1
"""


def test_settings_shapes_and_aliases() -> None:
    found = {s.name: s for s in outline(SETTINGS).settings}
    assert sorted(found) == ["Annotated", "Base", "FromDict", "OrdersConfig"]
    assert found["OrdersConfig"].env_prefix == "ORDERS_"
    variables = [f.variable for f in found["OrdersConfig"].fields]
    assert variables == ["ORDERS_MAX_ITEMS", "DATABASE_URL", "API_TOKEN"]
    assert [f.variable for f in found["FromDict"].fields] == ["DICT_SIZE"]
    assert [f.variable for f in found["Annotated"].fields] == ["ANN_SIZE"]


ROUTES = """
typed_router: APIRouter = APIRouter(prefix="/typed")
bp = Blueprint("x", __name__, url_prefix="/b")


@typed_router.get("/a")
def typed(): ...


@bp.route("/c", methods={"PUT", "post"})
def put(): ...
"""


def test_annotated_routers_and_method_sets() -> None:
    routes = {r.handler: (r.methods, r.path) for r in outline(ROUTES).routes}
    assert routes == {"typed": (("GET",), "/typed/a"), "put": (("POST", "PUT"), "/b/c")}


def with_columns(shop: Path, columns: str) -> None:
    pyproject = shop / "pyproject.toml"
    before = (SHOP / "pyproject.toml").read_text()
    pyproject.write_text(before + f"\n[tool.modlint.status]\ncolumns = {columns}\n")


@pytest.mark.parametrize("column", ["./exceptions.py", "a//b/", "/abs/", "../up/", "schemas/./"])
def test_columns_that_name_no_module_path_are_configuration_errors(tmp_path: Path, column: str) -> None:
    shop = copy_shop(tmp_path)
    with_columns(shop, json.dumps(["config.py", column]))
    code, _, err = run("status", str(shop))
    line = (shop / "pyproject.toml").read_text().splitlines().index(f"columns = {json.dumps(['config.py', column])}")
    assert code == 2
    assert err == (
        f"modlint: error: {shop / 'pyproject.toml'}:{line + 1}: field 'status.columns': "
        f"{column!r} must be a module-relative path such as 'routes/api/'\n"
    )


def test_a_folder_column_with_or_without_its_slash_is_the_same_column(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path)
    with_columns(shop, '["schemas"]')
    rows = {r["module"]: r for r in json.loads(run("status", str(shop), "--format", "json")[1])["modules"]}
    assert rows["inventory"]["cells"] == {"schemas": "missing"}
    assert rows["inventory"]["status"] == "Needs schemas, tasks-package"
    with_columns(shop, '["schemas", "schemas/"]')
    assert "'schemas/' is listed twice" in run("status", str(shop))[2]


def test_the_first_default_column_is_the_configured_definition_file() -> None:
    out = run("status", str(FLAT), "--format", "json", "--no-cache")[1]
    document = json.loads(out)
    assert document["columns"][0] == "manifest.py"
    assert {m["module"]: m["cells"]["manifest.py"] for m in document["modules"]}["billing"] == "ok"


def test_write_leaves_a_table_check_calls_current_untouched(tmp_path: Path) -> None:
    current = run("status", str(SHOP), "--format", "markdown")[1]
    padded = "\n".join(line.replace(" | ", "  |  ") for line in current.splitlines())
    target = write_tree(tmp_path, {"M.md": f"<!-- modlint:status -->\n{padded}\n<!-- /modlint:status -->\n"}) / "M.md"
    before = target.read_bytes()
    assert run("status", str(SHOP), "--check", str(target))[0] == 0
    assert run("status", str(SHOP), "--write", str(target))[2] == f"{target}: the status part is up to date\n"
    assert target.read_bytes() == before


@pytest.mark.parametrize("name", ["README", "readme"])
@pytest.mark.parametrize("only", [False, True], ids=["all", "module"])
def test_a_module_named_like_the_index_is_refused(tmp_path: Path, name: str, only: bool) -> None:
    shop = copy_shop(tmp_path)
    module = shop / "app/modules" / name
    shutil.copytree(shop / "app/modules/customers", module)
    folder = Path(shutil.copytree(SHOP / "docs" / "modules", tmp_path / "d"))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    selected = ["--module", name] if only else []
    for option in ("--write", "--check"):
        code, _, err = run("docs", str(shop), *selected, option, str(folder))
        assert (code, err) == (2, f"modlint: error: module {name!r} would overwrite the index page README.md\n")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert run("docs", str(shop), "--module", name)[0] == 0  # printing overwrites nothing


def test_init_appends_in_the_files_own_line_endings(tmp_path: Path) -> None:
    root = copy(FLAT, tmp_path)
    (root / "architecture.yaml").unlink()
    text = (root / "pyproject.toml").read_text().partition("[tool.modlint]")[0]
    (root / "pyproject.toml").write_bytes(text.replace("\n", "\r\n").encode())
    assert run("init", str(root))[0] == 0
    written = (root / "pyproject.toml").read_bytes()
    assert b'file = "manifest.py"\r\n' in written
    assert b"\n" not in written.replace(b"\r\n", b"")
