"""The benchmark kit: the generator is deterministic, modlint finds exactly its deliberate violations,
and ``benchmarks.run`` completes on a tiny tree.

modlint needs several seconds for the 60-module tree, so it is started in the background before the
first test of this file and collected by the test that checks its report.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `pytest` (not `python -m pytest`) does not put the checkout on sys.path
    sys.path.insert(0, str(REPO))

from benchmarks import run as bench_run  # noqa: E402
from benchmarks.generate import BOUNDARY_RULES, RULES, GeneratedTree, generate  # noqa: E402

LINTED_MODULES = 60
LEGACY = ("app/services/", "models/database/", "models/schema/")


def digest(root: Path) -> str:
    """A hash of every file's relative path and content (hidden folders such as a cache skipped)."""
    sha = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root)
        if not any(part.startswith(".") for part in rel.parts):
            sha.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


@pytest.fixture(scope="module")
def linted_tree(tmp_path_factory: pytest.TempPathFactory) -> GeneratedTree:
    return generate(tmp_path_factory.mktemp("bench") / "tree", LINTED_MODULES, seed=0, boundaries=True)


@pytest.fixture(scope="module", autouse=True)
def lint_job(linted_tree: GeneratedTree) -> Iterator[subprocess.Popen[str]]:
    """``modlint --format json`` on the 60-module tree, running while the other tests run."""
    command = [sys.executable, "-m", "modlint", "--format", "json", "-q", str(linted_tree.root)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


def test_generator_is_deterministic_across_processes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 20, seed=7)
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "benchmarks.generate", str(tmp_path / "b"), "--modules", "20", "--seed", "7"]
    subprocess.run(command, check=True, capture_output=True, env=env)
    generate(tmp_path / "c", 20, seed=8)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    on_disk = [p for p in (tmp_path / "a").rglob("*") if p.is_file()]
    assert (first.files, first.py_files) == (len(on_disk), sum(p.suffix == ".py" for p in on_disk))


def test_only_the_deliberately_broken_files_do_not_parse(linted_tree: GeneratedTree) -> None:
    broken = []
    for path in sorted(linted_tree.root.rglob("*.py")):
        try:
            ast.parse(path.read_bytes())
        except SyntaxError:
            broken.append(path)
    assert len(broken) == linted_tree.expected_violations["MOD-000"]
    assert 25 <= linted_tree.files / linted_tree.modules <= 35


def test_modlint_reports_exactly_the_expected_violations(
    linted_tree: GeneratedTree, lint_job: subprocess.Popen[str]
) -> None:
    stdout, stderr = lint_job.communicate(timeout=600)
    assert lint_job.returncode == 1, stderr
    report = json.loads(stdout)
    counts = Counter(f["rule"] for f in report["findings"])
    rules = RULES + BOUNDARY_RULES
    assert {rule: counts.get(rule, 0) for rule in rules} == linted_tree.expected_violations
    others = [f for f in report["findings"] if f["rule"] not in rules]
    assert not others, "rules outside MOD-000..MOD-018 flag the generated tree; update the generator"
    assert all(linted_tree.expected_violations[rule] >= 1 for rule in rules)
    assert report["summary"]["modules"] == LINTED_MODULES
    for finding in report["findings"]:
        owners = linted_tree.violating_modules[finding["rule"]]
        if finding["module"] is None:  # MOD-007: a legacy file named after its module
            assert finding["path"].startswith(LEGACY) and any(m in finding["path"] for m in owners), finding
        else:
            assert finding["module"] in owners, finding


def test_run_smoke_on_a_tiny_reused_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = generate(tmp_path / "tree", 3, seed=1).root
    before = digest(tree)
    assert bench_run.main(["--tree", str(tree), "--repeat", "1", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["modules"] == 3 and document["origin"] == "reused"
    statuses = {m["key"]: m["status"] for m in document["measurements"]}
    assert statuses["cold"] == statuses["startup"] == statuses["floor_libcst"] == "ok"
    assert statuses["changed"] == statuses["changed_hook"] == "ok"
    assert set(statuses.values()) <= {"ok", "n/a"}
    assert digest(tree) == before  # the edited service file was restored


def test_boundaries_rows_run_modlint_tach_and_import_linter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reused boundaries tree (it holds tach.toml) gets the side-by-side rows, each one working."""
    tree = generate(tmp_path / "tree", 4, seed=2, boundaries=True).root
    assert (tree / "tach.toml").is_file() and (tree / ".importlinter").is_file()
    assert bench_run.main(["--tree", str(tree), "--repeat", "1", "--json"]) == 0
    rows = {m["key"]: m for m in json.loads(capsys.readouterr().out)["measurements"]}
    assert rows["bnd_cold"]["status"] == rows["bnd_warm"]["status"] == "ok"
    assert rows["tach"]["status"] == rows["importlinter"]["status"] == "ok"
    assert rows["importlinter"]["note"] == "Contracts: 1 kept, 0 broken."
