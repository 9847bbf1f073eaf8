"""``modlint schema``: the shipped JSON Schemas are current, valid, and accept every real rule file
and configuration while rejecting what modlint rejects."""

from __future__ import annotations

import functools
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from modlint import schemas
from modlint.checks import KINDS
from modlint.cli import main
from modlint.config.jsonschema import render, rules_schema, settings_schema

from helpers import FIXTURES, REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

RULE_FILES = sorted([*(REPO / "rules").glob("*.yaml"), *FIXTURES.rglob("*.yaml")])
PYPROJECTS = sorted(FIXTURES.rglob("pyproject.toml"))


@functools.cache
def validator(path: Path) -> jsonschema.Draft202012Validator:
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def messages(path: Path, instance: Any) -> list[str]:
    return sorted(error.message for error in validator(path).iter_errors(instance))


def test_the_shipped_schemas_are_current() -> None:
    """Regenerate with `python -m modlint.config.jsonschema`."""
    assert schemas.RULES.read_text(encoding="utf-8") == render(rules_schema())
    assert schemas.SETTINGS.read_text(encoding="utf-8") == render(settings_schema())


def test_the_schemas_are_made_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rules_schema()
        settings_schema()


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_real_rule_file_is_valid(path: Path) -> None:
    assert messages(schemas.RULES, yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_there_are_rule_files_to_validate() -> None:
    assert len(RULE_FILES) >= 11


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kinds_parameter_examples_are_valid(kind: str) -> None:
    base = {"id": "TEAM-001", "name": "x", "severity": "error", "description": "x", "check": kind}
    examples = KINDS[kind].parameter_examples
    assert examples
    for example in examples:
        assert messages(schemas.RULES, {"rules": [{**base, **example["rule"]}]}) == []


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"id": "T-1", "check": "required_paths", "pathz": ["a/"]}, "'pathz' was unexpected"),
        ({"id": "T-1", "severity": "fatal"}, "'fatal' is not one of ['error', 'warning', 'info']"),
        ({"id": "T-1", "check": "required_paths", "paths": "a/"}, "'a/' is not of type 'array'"),
        ({"id": "T-1", "check": "no_such_kind"}, "'no_such_kind' is not one of"),
        ({"id": "t1"}, "'t1' does not match"),
        ({"id": "T-1", "check": "required_paths", "report_at": "nowhere"}, "'nowhere' does not match"),
        ({"id": "T-1", "enabled": "yes"}, "'yes' is not of type 'boolean'"),
        ({"name": "x"}, "'id' is a required property"),
    ],
)
def test_what_modlint_rejects_the_schema_rejects(rule: dict[str, Any], expected: str) -> None:
    found = messages(schemas.RULES, {"rules": [rule]})
    assert any(expected in message for message in found), found


def test_an_override_of_a_shipped_rule_needs_only_its_id() -> None:
    assert messages(schemas.RULES, {"rules": [{"id": "MOD-005", "severity": "error"}]}) == []
    assert messages(schemas.RULES, {"rules": []}) == []
    assert messages(schemas.RULES, {"rule": []}) != []


@pytest.mark.parametrize("path", PYPROJECTS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_fixture_configuration_is_valid(path: Path) -> None:
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("modlint", {})
    assert messages(schemas.SETTINGS, table) == []


def test_the_settings_schema_rejects_bad_tables() -> None:
    good = {"modules-root": "src/modules", "status": {"columns": ["routes/"]}, "definition": {"form": "dict"}}
    assert messages(schemas.SETTINGS, good) == []
    assert messages(schemas.SETTINGS, {"modules_root": "x"}) == [
        "Additional properties are not allowed ('modules_root' was unexpected)"
    ]
    assert messages(schemas.SETTINGS, {"max-file-kb": 0}) == ["0 is less than the minimum of 1"]
    assert messages(schemas.SETTINGS, {"definition": {"form": "yaml"}}) == [
        "'yaml' is not one of ['call', 'dict', 'class']"
    ]


def test_the_command_prints_the_shipped_files() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["schema"]).stdout == schemas.RULES.read_text(encoding="utf-8")
    assert runner.invoke(main, ["schema", "--settings"]).stdout == schemas.SETTINGS.read_text(encoding="utf-8")
    assert runner.invoke(main, ["schema", "--path"]).stdout == f"{schemas.RULES}\n"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"id": "T-1", "check": "required_paths", "report_at": "file:x"}, "does not match"),
        ({"id": "T-1", "check": "required_paths", "report_at": "definition:not a name"}, "does not match"),
        ({"id": "T-1", "check": "required_paths", "scope": "project"}, "'module' was expected"),
        ({"id": "T-1", "check": "exports", "value": {}}, "is not valid under any of the given schemas"),
        ({"id": "T-1", "check": "exports", "value": {"call": ["a.b"], "literal": "x"}}, "is not valid under any"),
    ],
)
def test_the_schema_is_no_laxer_than_modlint(rule: dict[str, Any], expected: str) -> None:
    """Each of these passed the schema while modlint refused it: an argument on an anchor that takes
    none, ``scope: project`` on a kind that checks modules only, a ``value`` without exactly one key."""
    found = messages(schemas.RULES, {"rules": [rule]})
    assert any(expected in message for message in found), found


def test_an_override_may_still_set_scope_project() -> None:
    assert messages(schemas.RULES, {"rules": [{"id": "MOD-004", "scope": "project"}]}) == []
    assert messages(schemas.RULES, {"rules": [{"id": "T-1", "check": "forbidden_imports", "scope": "project"}]}) == []
