"""``modlint --fix``: exactly the missing package markers are created, nothing existing is touched."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from modlint.cli import main
from modlint.findings import Finding, Fix, Severity
from modlint.results import fixes

from helpers import FIXTURES, M, Tree, clean_module

Make = Callable[[Tree], Path]


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [str(root), *args])


def snapshot_tree(root: Path) -> dict[str, str]:
    """Every path below root with a digest of its content (or its kind)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(".modlint_cache"):
            continue  # modlint's own cache (it ignores itself in git)
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "shop", tmp_path / "shop"))


def test_fix_on_shop_creates_exactly_the_missing_marker(shop: Path) -> None:
    before = snapshot_tree(shop)
    result = invoke(shop, "--fix")
    after = snapshot_tree(shop)
    assert sorted(set(after) - set(before)) == ["app/modules/inventory/tasks/__init__.py"]
    assert {k: v for k, v in after.items() if k in before} == before
    assert (shop / "app/modules/inventory/tasks/__init__.py").read_bytes() == b""
    assert result.stderr.startswith("Created app/modules/inventory/tasks/__init__.py\n")
    assert "MOD011" not in result.stdout and len(result.stdout.splitlines()) == 7
    assert result.exit_code == 1  # errors remain (MOD-001, MOD-004, MOD-014)
    again = invoke(shop, "--fix")
    assert "Created" not in again.stderr and snapshot_tree(shop) == after


def test_fix_creates_missing_versions_folder_and_markers(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "tasks/job.py": "",
            M + "migrations/env.py": "",
            "app/modules/orders/.keep": "",
        }
    )
    result = invoke(root, "--fix", "--exit-non-zero-on-fix")
    assert result.stderr.splitlines()[:3] == [
        "Created app/modules/orders/migrations/__init__.py",
        "Created app/modules/orders/migrations/versions/__init__.py",
        "Created app/modules/orders/tasks/__init__.py",
    ]
    assert (root / M / "migrations/versions").is_dir()
    assert result.stdout == "" and result.exit_code == 1
    clean = invoke(root, "--fix", "--exit-non-zero-on-fix")
    assert clean.exit_code == 0 and "Created" not in clean.stderr


def test_dry_run_changes_nothing(shop: Path) -> None:
    before = snapshot_tree(shop)
    for flag in ("--diff", "--dry-run"):
        result = invoke(shop, "--fix", flag)
        assert "Would create app/modules/inventory/tasks/__init__.py" in result.stderr
        assert "MOD011" in result.stdout
        assert result.exit_code == 1
    assert snapshot_tree(shop) == before


def test_file_where_a_folder_should_be_is_refused(tree: Make) -> None:
    root = tree({**clean_module(), M + "migrations/__init__.py": "", M + "migrations/versions": "not a folder\n"})
    before = snapshot_tree(root)
    result = invoke(root, "--fix")
    assert "not creating app/modules/orders/migrations/versions/__init__.py" in result.stderr
    assert "'app/modules/orders/migrations/versions' is a file, not a folder" in result.stderr
    assert snapshot_tree(root) == before
    assert result.exit_code == 1


def test_dangling_link_where_a_folder_should_be_is_refused(tree: Make) -> None:
    root = tree({**clean_module(), M + "migrations/__init__.py": ""})
    os.symlink(root / "nowhere", root / M / "migrations/versions")
    result = invoke(root, "--fix")
    assert "is a dangling symbolic link" in result.stderr
    assert not (root / "nowhere").exists()


def finding_for(path: str) -> Finding:
    return Finding("MOD-011", Severity.ERROR, "x.py", 1, 1, "m", None, Fix(path, "create"))


def test_writes_never_leave_the_root(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "app").mkdir(parents=True)
    outside.mkdir()
    os.symlink(outside, root / "app/link")
    outcome = fixes.apply(root, [finding_for("../escape/__init__.py"), finding_for("app/link/__init__.py")])
    assert outcome.created == ()
    assert [reason for _, reason in outcome.refused] == ["it lies outside the project root"] * 2
    assert list(outside.iterdir()) == [] and not (tmp_path / "escape").exists()


def test_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("keep me\n")
    outcome = fixes.apply(tmp_path, [finding_for("pkg/__init__.py")])
    assert outcome.refused == (("pkg/__init__.py", "something already exists there"),)
    assert (tmp_path / "pkg/__init__.py").read_text() == "keep me\n"


def test_rule_pointing_outside_the_root_is_rejected(tree: Make) -> None:
    rule = (
        "rules:\n  - id: ARCH-1\n    name: n\n    severity: error\n    description: d\n"
        "    check: package_markers\n    dirs: ['../../etc']\n"
    )
    root = tree({**clean_module(), ".architecture-rules/x.yaml": rule})
    result = invoke(root, "--fix")
    assert result.exit_code == 2
    assert "field 'dirs': path pattern '../../etc' must not contain '..'" in result.stderr
