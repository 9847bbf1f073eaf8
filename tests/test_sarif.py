"""SARIF 2.1.0: schema-valid, what GitHub code scanning reads, stable fingerprints, fixes, notifications."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from modlint.cli import main

from helpers import FIXTURES, M, Tree, clean_module

Make = Callable[[Tree], Path]
SCHEMA_FILE = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
SNAPSHOTS = Path(__file__).parent / "snapshots"


def sarif(root: Path, *args: str, cwd: Path | None = None) -> dict[str, Any]:
    """The log of a run in ``cwd`` (default: the project root, where URIs are project-relative)."""
    before = Path.cwd()
    os.chdir(root if cwd is None else cwd)
    try:
        result = CliRunner().invoke(main, [str(root), "--format", "sarif", *args])
    finally:
        os.chdir(before)
    assert result.exit_code in (0, 1), result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    validate(document)
    return document


def validate(document: dict[str, Any]) -> None:
    """Validate against the official OASIS schema (draft-04), format checking on."""
    schema = json.loads(SCHEMA_FILE.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_bundled_schema_is_the_official_one() -> None:
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256


def test_shop_sarif_snapshot_and_github_fields(snapshot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(FIXTURES / "shop")
    result = CliRunner().invoke(main, ["--format", "sarif", "--no-cache"])
    document = json.loads(result.stdout)
    validate(document)
    snapshot.snapshot_dir = SNAPSHOTS
    snapshot.assert_match(result.stdout, "shop.sarif")
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert document["$schema"].endswith("sarif-schema-2.1.0.json") and document["version"] == "2.1.0"
    assert {"name", "semanticVersion", "informationUri", "rules"} <= set(driver)
    assert [r["id"] for r in driver["rules"]] == [f"MOD-{i:03d}" for i in [*range(19), *range(20, 27), 100]]
    for rule in driver["rules"]:
        assert {
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "defaultConfiguration",
            "properties",
        } <= set(rule)
        assert rule["help"]["text"] and rule["help"]["markdown"] and rule["properties"]["tags"]
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        location = res["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert (FIXTURES / "shop" / location["artifactLocation"]["uri"]).is_file()
        assert set(location["region"]) == {"startLine", "startColumn"}
        assert res["partialFingerprints"]["modlint/v1"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["MOD-002"] == "warning" and levels["MOD-004"] == "error"


def test_fixable_findings_carry_a_fix(tree: Make) -> None:
    root = tree({**clean_module(), M + "tasks/job.py": ""})
    (result,) = sarif(root)["runs"][0]["results"]
    change = result["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == M + "tasks/__init__.py"
    assert change["replacements"][0]["insertedContent"] == {"text": ""}


def test_parse_errors_are_results_and_notifications(tree: Make) -> None:
    root = tree({**clean_module(), M + "services/broken.py": "def f(:\n"})
    run = sarif(root)["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["MOD-000"]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and note["associatedRule"]["id"] == "MOD-000"
    assert note["message"]["text"].startswith(M + "services/broken.py: syntax error")


def test_fingerprints_survive_lines_added_above(tree: Make) -> None:
    route = "from fastapi import APIRouter\nfrom app.services import legacy\nrouter = APIRouter()\n"
    root = tree({**clean_module(), M + "routes/api/items.py": route})
    before = sarif(root)["runs"][0]["results"]
    (root / M / "routes/api/items.py").write_text('"""Docs."""\n\nimport os\n' + route)
    after = sarif(root)["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in (*before, *after)] == [2, 5]
    assert before[0]["partialFingerprints"] == after[0]["partialFingerprints"]


def test_columns_are_utf16_and_paths_percent_encoded(tree: Make) -> None:
    root = tree({**clean_module(), M + "routes/my api.py": 'x = "\U0001f600"; import app.services\n'})
    (res,) = sarif(root)["runs"][0]["results"]
    location = res["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == M + "routes/my%20api.py"
    assert location["region"] == {"startLine": 1, "startColumn": 11}
    text = CliRunner().invoke(main, [str(root), "--format", "json"]).stdout
    assert json.loads(text)["findings"][0]["column"] == 10


def test_uris_are_relative_to_the_current_directory_as_github_resolves_them(tree: Make) -> None:
    root = tree({**clean_module(), M + "tasks/job.py": ""})
    backend = root / "backend"
    backend.mkdir()
    for name in ("app", "pyproject.toml"):
        if (root / name).exists():
            (root / name).rename(backend / name)
    (result,) = sarif(backend, cwd=root)["runs"][0]["results"]  # a monorepo checked from its root
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "backend/" + M + "tasks/job.py", "uriBaseId": "%SRCROOT%"}
    assert result["fixes"][0]["artifactChanges"][0]["artifactLocation"]["uri"] == "backend/" + M + "tasks/__init__.py"
    (outside,) = sarif(backend, cwd=backend / M)["runs"][0]["results"]  # `../../` would name no file
    location = outside["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (backend / M / "tasks/job.py").absolute().as_uri()}


def test_help_markdown_fences_only_python_as_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """Example files are fenced in their own language; listings (absent paths, findings) are not code."""
    monkeypatch.chdir(FIXTURES / "shop")
    document = json.loads(CliRunner().invoke(main, ["--format", "sarif", "--no-cache"]).stdout)
    blocks = 0
    for rule in document["runs"][0]["tool"]["driver"]["rules"]:
        markdown = rule["help"]["markdown"]
        for block in markdown.split("```python\n")[1:]:
            code = block.split("\n```")[0]
            if rule["id"] != "MOD-000":  # its wrong example is a syntax error on purpose
                ast.parse(code)
            blocks += 1
        assert "- finding: `app/" in markdown  # each wrong example's findings, as a listing
        assert rule["help"]["text"].startswith(f"{rule['id']} {rule['name']} [")
        checks = rule["help"]["text"].rsplit("Checks: ", 1)[1].strip()
        assert rule["fullDescription"]["text"].endswith(f" Checks: {checks}")
    assert blocks > 20


def test_a_notification_names_its_file_as_the_location_does(tree: Make) -> None:
    root = tree({**clean_module(), M + "services/broken.py": "def f(:\n"})
    backend = root.parent / (root.name + "-repo") / "backend"
    backend.parent.mkdir()
    root.rename(backend)
    run = sarif(backend, cwd=backend.parent)["runs"][0]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "backend/" + M + "services/broken.py"
    assert note["message"]["text"].startswith("backend/" + M + "services/broken.py: syntax error")


def test_a_run_from_a_removed_directory_reports_paths_from_the_project(tree: Make, tmp_path: Path) -> None:
    root = tree({**clean_module(), M + "tasks/job.py": ""})
    gone = tmp_path / "gone"
    gone.mkdir()
    code = (
        "import os, sys\nos.chdir(sys.argv[1])\nos.rmdir(sys.argv[1])\n"
        "sys.argv = ['modlint', sys.argv[2], '--format', 'sarif', '-q']\n"
        "from modlint.__main__ import run\nrun()\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(gone), str(root)], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (1, "")
    (result,) = json.loads(done.stdout)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == M + "tasks/job.py"
