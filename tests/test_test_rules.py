"""``modlint --test-rules``: a team tests its own rules' examples without writing Python."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from modlint.cli import main

from helpers import Tree

Make = Callable[[Tree], Path]

TEAM_RULE = """\
rules:
  - id: ARCH-100
    name: no-legacy-in-tasks
    severity: warning
    description: Tasks call module services, never the legacy layer.
    check: forbidden_imports
    files: ["tasks/**/*.py"]
    targets: [app.services]
    examples:
      wrong:
        - files:
            tasks/__init__.py: ""
            tasks/nightly.py: |
              from app.services.order_service import OrderService
          expect: ["tasks/nightly.py:1:1: imports 'app.services.order_service', which is forbidden here"]
      right:
        - files:
            tasks/__init__.py: ""
            tasks/nightly.py: |
              from app.modules.orders.services.service import Service
"""


def run(root: Path, *args: str) -> Result:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["--test-rules", *args])
    finally:
        os.chdir(cwd)


@pytest.fixture
def team(tree: Make) -> Path:
    return tree({".architecture-rules/team.yaml": TEAM_RULE})


def test_a_rule_files_examples_pass(team: Path) -> None:
    result = run(team, ".architecture-rules/team.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok    ARCH-100 wrong #1\nok    ARCH-100 right #1\n"
    assert result.stderr == "Tested 2 examples of 1 rule: 2 passed, 0 failed.\n"


def test_without_files_every_rule_of_the_project_is_tested(team: Path) -> None:
    result = run(team, "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Tested 64 examples of 28 rules: 64 passed, 0 failed.")


def test_a_failing_example_fails_the_run(team: Path) -> None:
    broken = team / ".architecture-rules/team.yaml"
    broken.write_text(TEAM_RULE.replace("tasks/nightly.py:1:1", "tasks/nightly.py:2:1"))
    result = run(team, str(broken))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "FAIL  ARCH-100 wrong #1: expected tasks/nightly.py:2:1: imports 'app.services.order_service', which is "
        "forbidden here; got tasks/nightly.py:1:1: imports 'app.services.order_service', which is forbidden here"
    )
    assert "1 passed, 1 failed" in result.stderr


def test_a_file_outside_the_configured_rules_is_loaded_too(tree: Make) -> None:
    root = tree({"rules/team.yaml": TEAM_RULE})
    result = run(root, "rules/team.yaml")
    assert result.exit_code == 0, result.output
    assert "2 passed, 0 failed" in result.stderr


def test_a_rule_without_examples_is_named(tree: Make) -> None:
    bare = TEAM_RULE.split("    examples:")[0]
    root = tree({"rules/team.yaml": bare})
    result = run(root, "rules/team.yaml")
    assert result.exit_code == 0
    assert "modlint: warning: ARCH-100 has no examples to test" in result.stderr


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("          expect: [", "          expected: ["), "field 'examples.wrong.0.expected': unknown field"),
        (('expect: ["tasks/nightly.py:1:1', 'expect: ["tasks/nightly.py'), "must look like 'routes/api/orders.py:1:1"),
        (
            (
                'tasks/__init__.py: ""\n            tasks/nightly.py: |\n              from app.modules',
                '../x.py: ""\n            tasks/nightly.py: |\n              from app.modules',
            ),
            "must be a relative POSIX path",
        ),
    ],
)
def test_bad_examples_are_configuration_errors(tree: Make, change: tuple[str, str], message: str) -> None:
    assert change[0] in TEAM_RULE
    root = tree({"rules/team.yaml": TEAM_RULE.replace(*change, 1)})
    result = run(root, "rules/team.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("modlint: error: ") and message in result.stderr, result.stderr


def test_a_wrong_example_without_expect_is_an_error(tree: Make) -> None:
    text = TEAM_RULE.replace(
        "          expect: [\"tasks/nightly.py:1:1: imports 'app.services.order_service', which is forbidden here\"]\n",
        "",
    )
    result = run(tree({"rules/team.yaml": text}), "rules/team.yaml")
    assert result.exit_code == 2
    assert "every 'wrong' example needs 'expect'" in result.stderr


def test_as_a_subprocess(team: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "modlint", "--test-rules", ".architecture-rules/team.yaml"],
        cwd=team,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert textwrap.dedent(done.stdout) == "ok    ARCH-100 wrong #1\nok    ARCH-100 right #1\n"


FLASK_ROUTES = """\
rules:
  - id: MOD-010
    files: [routes/api.py]
    names: ["{module}_api_bp"]
    value: {call: [Blueprint]}
  - id: MOD-002
    severity: error
"""


def test_an_override_leaves_out_the_shipped_examples_it_makes_wrong(tree: Make) -> None:
    root = tree({".architecture-rules/flask.yaml": FLASK_ROUTES})
    result = run(root, "-q")
    assert result.exit_code == 0, result.output  # MOD-100 example suppressing MOD010 runs beside the shipped MOD-010
    assert result.stderr == (
        "modlint: warning: MOD-010: its shipped examples were written for the shipped parameters, which a rule "
        "file overrides; they are not run (give the rule examples of its own)\n"
        "Tested 60 examples of 27 rules: 60 passed, 0 failed.\n"  # MOD-002 (severity only) keeps its examples
    )


def test_an_overrides_own_examples_run_with_the_projects_rules(tree: Make) -> None:
    own = """\
    examples:
      wrong:
        - files: {routes/api.py: "from flask import Blueprint\\n"}
          expect: ["routes/api.py:1:1"]
      right:
        - files: {routes/api.py: "from flask import Blueprint\\norders_api_bp = Blueprint('orders', __name__)\\n"}
"""
    root = tree({".architecture-rules/flask.yaml": FLASK_ROUTES.replace("  - id: MOD-002", own + "  - id: MOD-002")})
    result = run(root, ".architecture-rules/flask.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("ok    MOD-010 wrong #1\nok    MOD-010 right #1\n")
    assert "MOD-010: its shipped examples" not in result.stderr
