"""Baselines: freeze today's findings, report only new ones, ratchet down, never match by line number."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from modlint.cli import main

from helpers import M, Tree, clean_module, copy_shop

Make = Callable[[Tree], Path]
ROUTE = "from fastapi import APIRouter\nfrom app.services import legacy\n\nrouter = APIRouter()\n"
SERVICE_SHIM = "from app.services.orders import OrderService\n"


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [str(root), *args])


def codes(result: Result) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)["findings"]]


@pytest.fixture
def project(tree: Make) -> Path:
    """MOD-004 (error) in a route and MOD-002 (warning) in a service, baselined."""
    root = tree({**clean_module(), M + "routes/api/items.py": ROUTE, M + "services/shim.py": SERVICE_SHIM})
    written = invoke(root, "--write-baseline", str(root / "baseline.json"))
    assert written.exit_code == 0, written.stderr
    assert "Wrote 2 findings (2 entries)" in written.stderr
    return root


def test_baseline_file_is_sorted_readable_and_line_free(project: Path) -> None:
    document = json.loads((project / "baseline.json").read_text())
    assert document["version"] == 1
    assert document["findings"] == [
        {
            "rule": "MOD-004",
            "path": M + "routes/api/items.py",
            "message": "imports 'app.services', which is forbidden here",
            "count": 1,
        },
        {
            "rule": "MOD-002",
            "path": M + "services/shim.py",
            "message": "re-export-only shim of 'app.services.orders.OrderService'; move the real code into this module",
            "count": 1,
        },
    ]


def test_baselined_findings_are_not_reported(project: Path) -> None:
    result = invoke(project, "--baseline", str(project / "baseline.json"), "--format", "json")
    assert (result.exit_code, codes(result)) == (0, [])


def test_still_matched_after_lines_move(project: Path) -> None:
    route = project / M / "routes/api/items.py"
    route.write_text('"""Items API."""\n\nimport os\n\n' + ROUTE)
    result = invoke(project, "--baseline", str(project / "baseline.json"), "--format", "json")
    assert (result.exit_code, codes(result)) == (0, [])


def test_fixed_finding_becomes_stale_and_update_removes_it(project: Path) -> None:
    (project / M / "services/shim.py").write_text("class OrderService:\n    pass\n")
    baseline = project / "baseline.json"
    result = invoke(project, "--baseline", str(baseline))
    assert result.exit_code == 0
    assert f"modlint: baseline: stale entry MOD-002 {M}services/shim.py" in result.stderr
    before = baseline.read_text()
    assert invoke(project, "--baseline", str(baseline)).exit_code == 0
    assert baseline.read_text() == before  # a run never rewrites the baseline unless asked
    updated = invoke(project, "--baseline", str(baseline), "--update-baseline")
    assert f"Removed 1 stale finding from {baseline}" in updated.stderr
    assert [e["rule"] for e in json.loads(baseline.read_text())["findings"]] == ["MOD-004"]
    assert "stale" not in invoke(project, "--baseline", str(baseline)).stderr


def _entries(baseline: Path) -> list[dict[str, object]]:
    return list(json.loads(baseline.read_text())["findings"])


def _write_entries(baseline: Path, entries: list[dict[str, object]]) -> None:
    baseline.write_text(json.dumps({"version": 1, "findings": entries}))


def test_update_reports_findings_removed_when_it_only_lowers_a_count(project: Path) -> None:
    baseline = project / "baseline.json"
    entries = _entries(baseline)
    entries[0]["count"] = 3  # MOD-004 occurs once: two of the three recorded are stale
    _write_entries(baseline, entries)
    assert "stale entry MOD-004" in invoke(project, "--baseline", str(baseline)).stderr
    updated = invoke(project, "--baseline", str(baseline), "--update-baseline")
    assert f"Removed 2 stale findings from {baseline}" in updated.stderr
    assert [e["count"] for e in _entries(baseline)] == [1, 1]
    before = baseline.stat().st_mtime_ns, baseline.read_text()
    again = invoke(project, "--baseline", str(baseline), "--update-baseline")
    assert f"Baseline {baseline} is up to date" in again.stderr
    assert (baseline.stat().st_mtime_ns, baseline.read_text()) == before  # not rewritten


def test_duplicate_entries_add_up_and_update_merges_them(project: Path) -> None:
    baseline = project / "baseline.json"
    route = project / M / "routes/api/items.py"
    route.write_text(ROUTE + "from app.services import other\n")  # MOD-004 twice now
    entries = _entries(baseline)
    _write_entries(baseline, [entries[0], entries[0], entries[1]])  # each copy stands for one
    result = invoke(project, "--baseline", str(baseline), "--format", "json")
    assert (result.exit_code, codes(result), result.stderr.count("stale")) == (0, [], 0)
    route.write_text(ROUTE)
    updated = invoke(project, "--baseline", str(baseline), "--update-baseline")
    assert f"Removed 1 stale finding from {baseline} (duplicate entries merged)" in updated.stderr
    assert _entries(baseline) == entries


def test_entries_of_rules_that_no_longer_exist_are_stale(project: Path) -> None:
    baseline = project / "baseline.json"
    entries = _entries(baseline)
    gone = {"rule": "TEAM-404", "path": M + "services/shim.py", "message": "old rule", "count": 1}
    _write_entries(baseline, [*entries, gone])
    result = invoke(project, "--baseline", str(baseline), "--select", "MOD-004")
    assert f"stale entry TEAM-404 {M}services/shim.py: no rule TEAM-404 any more" in result.stderr
    assert "run with --update-baseline" in result.stderr
    updated = invoke(project, "--baseline", str(baseline), "--update-baseline", "--select", "MOD-004")
    assert "Removed 1 stale finding" in updated.stderr
    assert _entries(baseline) == entries  # the MOD-002 entry, merely not selected, is kept


def test_only_new_findings_are_reported_and_fail(project: Path) -> None:
    route = project / M / "routes/api/items.py"
    route.write_text(ROUTE + "\n\ndef f():\n    from models.database import order\n")
    result = invoke(project, "--baseline", str(project / "baseline.json"), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("MOD-004", 8)]


def test_moved_to_another_file_is_new(project: Path) -> None:
    (project / M / "services/shim.py").unlink()
    (project / M / "services/moved.py").write_text(SERVICE_SHIM)
    result = invoke(project, "--baseline", str(project / "baseline.json"), "--format", "json")
    assert codes(result) == ["MOD-002"]
    assert "stale entry MOD-002" in result.stderr


def test_configured_baseline_and_sarif_baseline_state(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.modlint]\nbaseline = "baseline.json"\n')
    (project / M / "config.py").write_text("settings = 1\n")
    result = invoke(project, "--format", "sarif")
    states = [(r["ruleId"], r["baselineState"]) for r in json.loads(result.stdout)["runs"][0]["results"]]
    assert states == [("MOD-013", "new"), ("MOD-004", "unchanged"), ("MOD-002", "unchanged")]
    assert codes(invoke(project, "--format", "json", "--no-baseline")) == ["MOD-013", "MOD-004", "MOD-002"]


def test_narrowed_runs_do_not_call_other_entries_stale(project: Path) -> None:
    result = invoke(project / M / "routes", "--baseline", str(project / "baseline.json"))
    assert result.exit_code == 0 and "stale" not in result.stderr
    selected = invoke(project, "--baseline", str(project / "baseline.json"), "--select", "MOD-004")
    assert "stale" not in selected.stderr


def test_bad_baseline_usage(project: Path) -> None:
    assert "baseline file not found" in invoke(project, "--baseline", str(project / "nope.json")).stderr
    (project / "broken.json").write_text("{")
    broken = invoke(project, "--baseline", str(project / "broken.json"))
    assert broken.exit_code == 2 and "invalid baseline JSON" in broken.stderr
    narrowed = invoke(project / M, "--write-baseline", str(project / "b2.json"))
    assert narrowed.exit_code == 2 and "records the whole project" in narrowed.stderr
    assert invoke(project, "--update-baseline").exit_code == 2


@pytest.mark.parametrize(
    "content",
    [
        '{"version": 1, "findings": null}',
        '{"version": 1, "findings": [{"rule": ["MOD-002"], "path": "x", "message": "m"}]}',
        '{"version": true, "findings": []}',
        '{"version": 1, "findings": [{"rule": "MOD-002", "path": "x", "message": "m", "count": 0}]}',
        "[]",
    ],
)
def test_malformed_baselines_exit_2(project: Path, content: str) -> None:
    (project / "bad.json").write_text(content)
    result = invoke(project, "--baseline", str(project / "bad.json"))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("modlint: error: ")


def test_file_names_that_are_not_utf8(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)  # SARIF paths are relative to the current directory
    folder = bytes(project / M / "routes/api")
    with open(folder + b"/n\xe9.py", "wb") as handle:
        handle.write(b"x = 1\n")
    sarif = invoke(project, "--format", "sarif")
    assert sarif.exit_code == 1, sarif.stderr
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(sarif.stdout)["runs"][0]["results"]
    ]
    assert M + "routes/api/n%E9.py" in uris
    written = invoke(project, "--write-baseline", str(project / "b.json"))
    assert written.exit_code == 0, written.stderr
    assert invoke(project, "--baseline", str(project / "b.json")).exit_code == 0


def test_statistics(project: Path) -> None:
    (project / "app/services").mkdir(parents=True)
    (project / "app/services/old.py").write_text("import app.modules.orders\nX = compute()\n")
    text = invoke(project, "--statistics").stdout
    assert text.splitlines() == [
        "    1  MOD-002  services-real-code",
        "    1  MOD-004  routes-no-legacy-imports",
        "    1  MOD-007  legacy-reexport-only",
        "",
        "    2  orders",
        "    1  (no module)",
    ]
    document = json.loads(invoke(project, "--statistics", "--format", "json").stdout)
    assert document["modules"] == [{"module": "orders", "count": 2}, {"module": None, "count": 1}]
    for other in ("sarif", "github"):  # printed the text table, silently
        refused = invoke(project, "--statistics", "--format", other)
        assert (refused.exit_code, refused.stderr) == (
            2,
            f"modlint: error: --statistics prints text or json, not {other}\n",
        )


def test_a_stale_entry_holding_a_newline_is_warned_about_on_one_line(project: Path) -> None:
    baseline = project / "baseline.json"
    odd = {"rule": "TEAM-404", "path": M + "services/a\nb.py", "message": "two\nlines\0", "count": 1}
    _write_entries(baseline, [*_entries(baseline), odd])
    warnings = [line for line in invoke(project, "--baseline", str(baseline)).stderr.splitlines() if "TEAM-404" in line]
    assert warnings == [f"modlint: baseline: stale entry TEAM-404 {M}services/a\\nb.py: no rule TEAM-404 any more"]


def test_write_baseline_without_paths_records_the_whole_project_from_a_subfolder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare run checks the current folder, so from a subfolder --write-baseline was refused as
    "narrowed" though no path was given."""
    monkeypatch.chdir(project / M / "routes")
    written = CliRunner().invoke(main, ["--write-baseline", str(project / "again.json")])
    assert written.exit_code == 0, written.stderr
    assert (project / "again.json").read_text() == (project / "baseline.json").read_text()


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    """The shop with catalog and orders importing each other (MOD-018), baselined: the cycle's
    message says where each of its imports is written (``... at <path>:<line>:<column>``)."""
    root = copy_shop(tmp_path)
    definition = root / "app/modules/catalog/definition.py"
    definition.write_text(definition.read_text().replace("requires=[],", 'requires=["orders"],'))
    back = "from app.modules.orders.services.order_service import OrderService\n\n__all__ = ['OrderService']\n"
    (root / "app/modules/catalog/services/back.py").write_text(back)
    written = invoke(root, "--write-baseline", str(root / "baseline.json"))
    assert written.exit_code == 0, written.stderr
    assert "MOD-018" in (root / "baseline.json").read_text()
    return root


def _sarif_fingerprints(root: Path) -> list[str]:
    done = invoke(root, "--select", "MOD-018", "--format", "sarif")
    return [r["partialFingerprints"]["modlint/v1"] for r in json.loads(done.stdout)["runs"][0]["results"]]


def test_a_cycle_stays_known_when_code_above_one_of_its_imports_moves(cycle: Path) -> None:
    """The positions the message quotes were part of the finding's identity: a comment added above
    the other module's import made the baselined cycle new (and its SARIF fingerprint changed)."""
    before = _sarif_fingerprints(cycle)
    route = cycle / "app/modules/orders/routes/api/orders.py"
    route.write_text("# moved down a line\n" + route.read_text())
    result = invoke(cycle, "--baseline", str(cycle / "baseline.json"), "--format", "json")
    assert (result.exit_code, codes(result)) == (0, [])
    assert _sarif_fingerprints(cycle) == before and len(before) == 1


def test_a_baselined_cycle_stays_known_in_a_pre_commit_run_of_its_other_module(cycle: Path) -> None:
    """The cycle is shown at catalog's import; a pre-commit run of an orders file reports it (orders
    is one of its modules) but did not judge its baseline entry (not in scope by path), so it was new."""
    for rel in ("app/modules/orders/services/order_service.py", "app/modules/catalog/services/back.py"):
        args = ("--pre-commit", "--baseline", str(cycle / "baseline.json"), "--format", "json")
        result = CliRunner().invoke(main, [*args, str(cycle / rel)])
        assert (result.exit_code, codes(result)) == (0, []), (rel, result.stdout)
        assert "stale" not in result.stderr


def test_a_baseline_recording_a_cycles_positions_is_up_to_date_not_rewritten(cycle: Path) -> None:
    """A baseline written before positions were left out holds the cycle's message as printed:
    --update-baseline rewrote it ('Removed 0 stale findings')."""
    path = cycle / "baseline.json"
    document = json.loads(path.read_text())
    printed = json.loads(invoke(cycle, "--select", "MOD-018", "--format", "json").stdout)["findings"][0]["message"]
    for entry in document["findings"]:
        if entry["rule"] == "MOD-018":
            entry["message"] = printed
    path.write_text(json.dumps(document, indent=2) + "\n")
    before = path.read_text()
    assert ".py:" in printed
    result = invoke(cycle, "--baseline", str(path), "--update-baseline")
    assert "is up to date" in result.stderr and path.read_text() == before
