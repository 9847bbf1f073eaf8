"""pre-commit end to end: the real ``pre-commit`` and ``git`` on a temporary repository of the example app."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from modlint.cli import main

from helpers import FIXTURES, REPO

MANIFEST = REPO / ".pre-commit-hooks.yaml"


def modlint_command() -> str:
    script = Path(sys.executable).parent / "modlint"
    return str(script) if script.exists() else shutil.which("modlint") or "modlint"


def test_manifest_is_valid() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert [hook["id"] for hook in yaml.safe_load(MANIFEST.read_text())] == ["modlint", "modlint-fix", "modlint-all"]


class Repo:
    """A throw-away git repository holding a copy of the shop app, with modlint's hooks as local hooks."""

    def __init__(self, root: Path, hook_ids: list[str]) -> None:
        self.root = root
        self.env = {
            **os.environ,
            "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home"),
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        }
        shutil.copytree(FIXTURES / "shop", root)
        (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(local_config(hook_ids)))
        self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", "shop as it is, with its known violations")

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.root, env=self.env, check=True, capture_output=True)

    def pre_commit(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
        )


def local_config(hook_ids: list[str]) -> dict[str, Any]:
    """The manifest's hooks as ``repo: local`` hooks with the same entry and options."""
    hooks = []
    for hook in yaml.safe_load(MANIFEST.read_text()):
        if hook["id"] in hook_ids:
            command, _, args = hook["entry"].partition(" ")
            assert command == "modlint"
            hooks.append({**hook, "entry": f"{modlint_command()} {args}".strip(), "language": "system"})
    return {"repos": [{"repo": "local", "hooks": hooks}]}


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo", ["modlint"])


def test_bad_migration_name_is_caught_then_passes_when_fixed(repo: Repo) -> None:
    versions = repo.root / "app/modules/orders/migrations/versions"
    (versions / "orders_3_AddNotes.py").write_text(
        'revision = "orders_003"\ndown_revision = "orders_002"\n\n\ndef upgrade():\n    pass\n\n\n'
        "def downgrade():\n    pass\n"
    )
    repo.git("add", "-A")
    failed = repo.pre_commit()
    assert failed.returncode == 1, failed.stdout
    assert "orders_3_AddNotes.py:1:1: MOD014" in failed.stdout
    assert "inventory" not in failed.stdout  # other modules' known findings do not block this commit
    repo.git("mv", "-f", str(versions / "orders_3_AddNotes.py"), str(versions / "orders_003_add_notes.py"))
    passed = repo.pre_commit()
    assert passed.returncode == 0, passed.stdout


def test_deleting_a_required_init_is_caught(repo: Repo) -> None:
    repo.git("rm", "-q", "app/modules/orders/migrations/versions/__init__.py")
    failed = repo.pre_commit()
    assert failed.returncode == 1, failed.stdout
    assert (
        "MOD015" in failed.stdout
        and "app/modules/orders/migrations/versions/orders_001_create_orders.py" in failed.stdout
    )


def test_moving_a_required_init_out_of_its_module_is_caught(repo: Repo) -> None:
    """git lists a staged move as a rename (R100), not a deletion, and pre-commit passes only its
    new name: the folder that lost its __init__.py was never looked at."""
    repo.git("mv", "app/modules/orders/migrations/versions/__init__.py", "app/services/versions_init.py")
    failed = repo.pre_commit()
    assert failed.returncode == 1, failed.stdout
    assert "MOD015" in failed.stdout


def test_unrelated_commit_passes(repo: Repo) -> None:
    (repo.root / "README.md").write_text("changed\n")
    repo.git("add", "-A")
    done = repo.pre_commit()
    assert done.returncode == 0, done.stdout


def test_fix_hook_fails_when_it_creates_files_then_passes(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", ["modlint-fix"])
    (repo.root / "app/modules/inventory/tasks/reorder.py").write_text("def reorder() -> None:\n    pass\n")
    repo.git("add", "-A")
    first = repo.pre_commit()
    assert first.returncode == 1, first.stdout
    assert "Created app/modules/inventory/tasks/__init__.py" in first.stdout
    assert (repo.root / "app/modules/inventory/tasks/__init__.py").is_file()
    repo.git("add", "-A")
    second = repo.pre_commit()
    assert "Created" not in second.stdout


def test_in_a_monorepo_the_project_is_the_one_that_configures_modlint(tmp_path: Path) -> None:
    """The project came from the first file passed: a commit touching the repository's README.md
    before backend/app/... looked for app/modules at the repository root (exit 2)."""
    monorepo = tmp_path / "repo"
    backend = Path(shutil.copytree(FIXTURES / "shop", monorepo / "backend"))
    (monorepo / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    (monorepo / "README.md").write_text("a monorepo\n")
    changed = "backend/app/modules/orders/services/order_service.py"
    direct = CliRunner().invoke(main, ["--pre-commit", str(backend / "app/modules/orders/services/order_service.py")])
    for order in (["README.md", changed], [changed, "README.md"]):
        result = CliRunner().invoke(main, ["--pre-commit", *(str(monorepo / p) for p in order)])
        assert (result.exit_code, result.stdout) == (direct.exit_code, direct.stdout), order
    alone = CliRunner().invoke(main, ["--pre-commit", str(monorepo / "README.md")])
    assert alone.exit_code == 0 and "no file passed is in a project modlint checks" in alone.stderr
