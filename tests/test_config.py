"""Rule files and [tool.modlint]: merging, overrides, and every error named by file, line, rule and field."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main

from helpers import M, Tree, brief, clean_module, lint

Make = Callable[[Tree], Path]


def run_cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def rules_yaml(body: str) -> str:
    return "rules:\n" + textwrap.indent(textwrap.dedent(body), "  ")


NEW_RULE = """\
- id: ARCH-100
  name: no-legacy-in-services
  severity: warning
  description: Services must not import the legacy layer.
  check: forbidden_imports
  files: ["services/**/*.py"]
  targets: [app.services]
"""


def test_user_rule_file_adds_a_rule_of_any_kind(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            M + "services/service.py": "from app.services.x import y\n\nclass S: ...\n",
            ".architecture-rules/custom.yaml": rules_yaml(NEW_RULE),
        }
    )
    assert brief(lint(root)) == [("ARCH-100", M + "services/service.py", 1, 1)]
    _, out, _ = run_cli(root, "--list-rules")
    assert "ARCH-100  warning  no-legacy-in-services" in out


def test_override_changes_severity_and_disables(tree: Make) -> None:
    override = """\
    - id: MOD-013
      severity: error
      files: ["settings.py"]
    - id: MOD-008
      enabled: false
    """
    root = tree(
        {
            **clean_module(),
            M + "settings.py": "x = 1\n",
            M + "exceptions.py": None,
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.modlint]\nrule-files = ["lint/rules.yaml"]\n',
            "lint/rules.yaml": rules_yaml(override),
        }
    )
    root.joinpath(M + "exceptions.py").rmdir()
    report = lint(root)
    assert [(f.rule_id, f.severity.value, f.path) for f in report.findings] == [("MOD-013", "error", M + "settings.py")]


def test_selecting_a_disabled_rule_warns(tree: Make) -> None:
    root = tree({**clean_module(), ".architecture-rules/x.yaml": "rules:\n  - id: MOD-008\n    enabled: false\n"})
    code, _, err = run_cli(root, "--select", "MOD008")
    assert code == 0
    assert "modlint: warning: --select MOD008: only rules disabled by `enabled: false`" in err


def test_project_scoped_user_rule(tree: Make) -> None:
    rule = """\
    - id: ARCH-200
      name: scripts-no-modules
      severity: error
      description: Scripts stay out of module internals.
      check: forbidden_imports
      scope: project
      files: ["scripts/*.py"]
      targets: [app.modules]
    """
    root = tree(
        {
            **clean_module(),
            "scripts/seed.py": "\n\nimport app.modules.orders\n",
            ".architecture-rules/a.yaml": rules_yaml(rule),
        }
    )
    assert brief(lint(root, "ARCH")) == [("ARCH-200", "scripts/seed.py", 3, 1)]


BAD_CASES = {
    "yaml-syntax": ("rules:\n  - id: MOD-100\n    name: [unclosed\n", ["custom.yaml:4: invalid YAML"]),
    "unknown-kind": (
        rules_yaml("- id: MOD-100\n  name: n\n  severity: error\n  description: d\n  check: teleport\n"),
        ["custom.yaml:6: rule MOD-100: field 'check': unknown check kind 'teleport'"],
    ),
    "unknown-field": (
        rules_yaml(NEW_RULE + "  colour: red\n"),
        ["custom.yaml:9: rule ARCH-100: field 'colour': unknown field"],
    ),
    "mistyped-field": (
        rules_yaml(NEW_RULE.replace("severity: warning", "severity: fatal").replace('["services/**/*.py"]', "7")),
        [
            "custom.yaml:4: rule ARCH-100: field 'severity': Input should be 'error', 'warning' or 'info'",
            "custom.yaml:7: rule ARCH-100: field 'files': Input should be a valid list",
        ],
    ),
    "bad-regex": (
        rules_yaml(
            "- id: MOD-100\n  name: n\n  severity: error\n  description: d\n  check: filename_pattern\n"
            "  files: ['*.py']\n  placeholders: {seq: '[0-9'}\n  pattern: '{seq}.py'\n"
        ),
        ["custom.yaml:8: rule MOD-100: field 'placeholders': placeholder 'seq' has a bad regex"],
    ),
    "duplicate-id": (
        rules_yaml(NEW_RULE + NEW_RULE),
        ["custom.yaml:9: rule ARCH-100: field 'id': duplicate id (first defined on line 2)"],
    ),
    "parses-chooses-no-module": (  # MOD-000 reports every read file: `modules` was dropped silently
        rules_yaml("- id: MOD-000\n  modules: [orders]\n"),
        ["custom.yaml:3: rule MOD-000: field 'modules': check 'parses' reports every file any rule reads"],
    ),
    "unused-suppression-stays-at-the-comment": (
        rules_yaml("- id: MOD-100\n  report_at: definition\n"),
        ["custom.yaml:3: rule MOD-100: field 'report_at': check 'unused_suppressions' reports where the problem is"],
    ),
    "project-rule-at-a-module-anchor": (  # reported at line 1 of the file, silently
        rules_yaml(
            NEW_RULE.replace('files: ["services/**/*.py"]', 'scope: project\n  files: ["app/services/*.py"]')
            + "  report_at: definition:code\n"
        ),
        ["custom.yaml:10: rule ARCH-100: field 'report_at': report_at 'definition:code' needs a module"],
    ),
    "files-naming-a-folder": (  # matched no file: the rule checked nothing
        rules_yaml(NEW_RULE.replace('files: ["services/**/*.py"]', 'files: ["services/"]')),
        ["custom.yaml:7: rule ARCH-100: field 'files': 'services/' ends in '/': a folder matches no file"],
    ),
    "id-sharing-a-code": (  # MOD0-13 is MOD013 too: findings, --select and noqa could not tell them apart
        rules_yaml(NEW_RULE.replace("- id: ARCH-100", "- id: MOD0-13")),
        ["custom.yaml:2: rule MOD0-13: field 'id': rule id 'MOD0-13' has the code MOD013 of rule MOD-013"],
    ),
    "id-ending-in-a-newline": (  # a "$" pattern took "ARCH-100\n" for an id
        rules_yaml(NEW_RULE.replace("- id: ARCH-100", '- id: "ARCH-100\\n"')),
        ["custom.yaml:2: rule ARCH-100\\n: field 'id': rule id 'ARCH-100\\n' must look like 'MOD-001'"],
    ),
    "not-a-list": ("rules: {}\n", ["custom.yaml:1: expected a mapping with a top-level 'rules:' list"]),
    "missing-field": (
        rules_yaml("- id: MOD-100\n  check: parses\n"),
        ["custom.yaml:2: rule MOD-100: field 'name': required field is missing"],
    ),
    "fact-value": (
        rules_yaml(NEW_RULE + "  when: {facts: {x: [1, 2]}}\n"),
        ["custom.yaml:9: rule ARCH-100: field 'when.facts': fact 'x' must be a string, an integer, a boolean, null"],
    ),
    "placeholder-twice": (
        rules_yaml(
            "- id: MOD-100\n  name: n\n  severity: error\n  description: d\n  check: filename_pattern\n"
            "  files: ['*.py']\n  pattern: '{seq}_{seq}.py'\n"
        ),
        ["custom.yaml:8: rule MOD-100: field 'pattern': pattern '{seq}_{seq}.py' does not compile"],
    ),
    "report-at-argument": (
        rules_yaml(NEW_RULE + "  report_at: 'first-file:../../etc'\n"),
        ["custom.yaml:9: rule ARCH-100: field 'report_at': path pattern '../../etc' must not contain '..'"],
    ),
    "report-at-keyword": (
        rules_yaml(NEW_RULE + "  report_at: 'definition:'\n"),
        ["custom.yaml:9: rule ARCH-100: field 'report_at': report_at 'definition:': 'definition:' takes a keyword"],
    ),
    "nul-in-example-path": (  # a ValueError (embedded null byte) when the example was written out
        rules_yaml(NEW_RULE + '  examples:\n    right:\n      - files:\n          "services/n\\0.py": ""\n'),
        ["custom.yaml:9: rule ARCH-100: field 'examples.right.0.files': example path 'services/n\\x00.py' must be"],
    ),
    "bad-id": (
        rules_yaml(NEW_RULE.replace("ARCH-100", "arch100")),
        ["custom.yaml:2: rule arch100: field 'id': rule id 'arch100' must look like"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_rule_file_exits_2_naming_file_line_rule_field(tree: Make, case: str) -> None:
    content, expected = BAD_CASES[case]
    root = tree({**clean_module(), ".architecture-rules/custom.yaml": content})
    code, out, err = run_cli(root)
    assert code == 2
    assert out == ""
    for text in expected:
        assert f"modlint: error: .architecture-rules/{text}" in err
    assert "Traceback" not in err


def test_override_errors_name_the_users_file(tree: Make) -> None:
    override = "rules:\n  - id: MOD-014\n    pattern: '{module}_{desc}.py'\n"
    root = tree({**clean_module(), ".architecture-rules/x.yaml": override})
    code, _, err = run_cli(root)
    assert code == 2
    assert err.startswith("modlint: error: .architecture-rules/x.yaml:2: rule MOD-014: field 'unique':")
    assert "(after merging onto the rule in <modlint>/rules/40-migrations.yaml)" in err


def test_a_tool_key_that_is_not_a_table_is_harmless(tree: Make) -> None:
    assert run_cli(tree({**clean_module(), "pyproject.toml": "tool = 3\n"}))[0] == 0


def test_empty_rule_file_holds_no_rules(tree: Make) -> None:
    root = tree({**clean_module(), ".architecture-rules/empty.yaml": "# rules to come\n"})
    assert run_cli(root)[0] == 0


def test_every_error_of_every_file_is_reported_at_once(tree: Make) -> None:
    root = tree(
        {
            **clean_module(),
            ".architecture-rules/a.yaml": rules_yaml(NEW_RULE + "  colour: red\n"),
            ".architecture-rules/b.yaml": "rules: [\n",
        }
    )
    code, _, err = run_cli(root)
    assert code == 2
    assert len(err.strip().splitlines()) == 2
    assert "a.yaml:9: rule ARCH-100: field 'colour'" in err and "b.yaml:2: invalid YAML" in err


def test_configuration_errors_come_in_line_order(tree: Make) -> None:
    # pydantic reports field errors in declaration order (modules-root before select): a user reads
    # the file top down, so the lines must be too.
    content = '[tool.modlint]\nselect = "x"\ndefault-rules = "yes"\nmodules-root = "/abs"\nbogus = 1\nfail-on = "no"\n'
    root = tree({**clean_module(), "pyproject.toml": content})
    code, _, err = run_cli(root)
    lines = [int(line.split("pyproject.toml:")[1].split(":")[0]) for line in err.strip().splitlines()]
    assert (code, lines) == (2, [2, 3, 4, 5, 6])


PYPROJECT_CASES = {
    "max-file-kb": ("[tool.modlint]\nmax-file-kb = 0\n", "pyproject.toml:2: field 'max-file-kb': 0 must be a number"),
    "unknown-key": ('[tool.modlint]\nmodules_root = "x"\n', "pyproject.toml:2: field 'modules_root': unknown key"),
    "wrong-type": (
        '[tool.modlint]\n\nselect = "MOD"\n',
        "pyproject.toml:3: field 'select': Input should be a valid list",
    ),
    "unknown-select": ('[tool.modlint]\nignore = ["MOD-999"]\n', "pyproject.toml:2: field 'ignore': unknown rule id"),
    "bad-toml": ("[tool.modlint\n", "pyproject.toml:1: invalid TOML"),
    "empty-modules-root": (
        '[tool.modlint]\nmodules-root = ""\n',
        "pyproject.toml:2: field 'modules-root': '' must be a folder",
    ),
    "parent-modules-root": (
        '[tool.modlint]\nmodules-root = "../shop"\n',
        "pyproject.toml:2: field 'modules-root': '../shop' must be a folder inside the project",
    ),
    "absolute-modules-root": (
        '[tool.modlint]\nmodules-root = "/etc"\n',
        "pyproject.toml:2: field 'modules-root': '/etc' must be a folder",
    ),
    "missing-rule-file": ('[tool.modlint]\nrule-files = ["nope.yaml"]\n', "pyproject.toml:2: field 'rule-files'"),
    # an empty selector selected every rule: `ignore = [""]` switched them all off, exit 0
    "empty-ignore": ('[tool.modlint]\nignore = [""]\n', "pyproject.toml:2: field 'ignore': an empty rule selector"),
    "blank-select": ('[tool.modlint]\nselect = [" "]\n', "pyproject.toml:2: field 'select': an empty rule selector"),
    "empty-per-module": (
        '[tool.modlint.per-module-ignores]\norders = [""]\n',
        "pyproject.toml:1: field 'per-module-ignores': an empty rule selector",
    ),
    # the walk compiled these raw: an internal error, or (an unclosed '[') accepted
    "bad-exclude-range": ('[tool.modlint]\nexclude = ["[z-a]"]\n', "pyproject.toml:2: field 'exclude': invalid path"),
    "unclosed-exclude": (
        '[tool.modlint]\nextend-exclude = ["["]\n',
        "pyproject.toml:2: field 'extend-exclude': path pattern '['",
    ),
    # a path or a '!' made a key that matches no module: its findings stayed
    "per-module-path-key": (
        '[tool.modlint.per-module-ignores]\n"app/modules/orders" = ["MOD-002"]\n',
        "pyproject.toml:1: field 'per-module-ignores': 'app/modules/orders' is not a module-name pattern",
    ),
    "per-module-negated-key": (
        '[tool.modlint.per-module-ignores]\n"!orders" = ["MOD-002"]\n',
        "pyproject.toml:1: field 'per-module-ignores': '!orders' is not a module-name pattern",
    ),
    "per-module": (
        '[tool.modlint]\n[tool.modlint.per-module-ignores]\norders = ["MOD-0099"]\n',
        "pyproject.toml:3: field 'per-module-ignores.orders': unknown rule id or prefix 'MOD-0099'",
    ),
}


@pytest.mark.parametrize("case", sorted(PYPROJECT_CASES))
def test_bad_pyproject_exits_2(tree: Make, case: str) -> None:
    content, expected = PYPROJECT_CASES[case]
    root = tree({**clean_module(), "pyproject.toml": content})
    code, _, err = run_cli(root)
    assert code == 2
    assert f"modlint: error: {root / expected}" in err or f"modlint: error: {root}/{expected}" in err


def test_config_option_reads_standalone_toml(tree: Make) -> None:
    root = tree({**clean_module(), M + "config.py": "x = 1\n", "lint.toml": 'ignore = ["MOD013"]\n'})
    assert run_cli(root)[0] == 0 and "MOD013" in run_cli(root, "--fail-on", "warning")[1]
    code, out, _ = run_cli(root, "--config", str(root / "lint.toml"), "--fail-on", "warning")
    assert (code, out) == (0, "")


def test_modules_root_and_excludes(tree: Make) -> None:
    files = {k.replace("app/modules/", "src/shop/modules/"): v for k, v in clean_module().items()}
    root = tree(
        {
            **files,
            "src/shop/modules/orders/routes/api/bad.py": "x = 1\n",
            "src/shop/modules/orders/generated/bad.py": "def (\n",
            "pyproject.toml": '[tool.modlint]\nmodules-root = "src/shop/modules"\nextend-exclude = ["generated", "**/api/bad.py"]\n',
        }
    )
    assert brief(lint(root)) == []
    report = lint(root)
    assert report.modules == 1


def test_a_rule_that_is_no_mapping_is_reported_at_its_line_and_control_characters_in_one_line(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from modlint.cli import main

    (tmp_path / "app/modules").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.modlint]\nrule-files = ["r.yaml"]\n')
    (tmp_path / "r.yaml").write_text("rules:\n  - id: X-1\n    enabled: false\n  - just text\n  - 42\n")
    result = CliRunner().invoke(main, [str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:] == [  # the rules beside them are validated too (line 2: no check)
        "modlint: error: r.yaml:4: rule #2 is not a mapping",
        "modlint: error: r.yaml:5: rule #3 is not a mapping",
    ]
    assert result.stderr.startswith("modlint: error: r.yaml:2: rule X-1: field 'check': missing 'check'")
    (tmp_path / "r.yaml").write_text('rules:\n  - id: X-1\n    name: "a\x07b"\n')
    result = CliRunner().invoke(main, [str(tmp_path)])
    assert result.stderr == "modlint: error: r.yaml:3: invalid YAML: character '\\x07' is not allowed\n"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (".architecture-rules/deep.yaml", "rules: " + "[" * 300 + "]" * 300 + "\n", "invalid YAML: nested too deeply"),
        ("pyproject.toml", "[tool]\nother = " + "[" * 3000 + "]" * 3000 + "\n", "invalid TOML: nested too deeply"),
    ],
)
def test_nesting_deeper_than_the_parser_goes_is_a_config_error(
    tree: Make, name: str, content: str, expected: str
) -> None:
    """It was an internal error (RecursionError), in the TOML case from another tool's table."""
    root = tree({**clean_module(), name: content})
    code, _, err = run_cli(root)
    assert code == 2 and expected in err and err.count("\n") == 1, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_rule_file_that_is_no_regular_file_is_an_error_not_a_hang_or_skipped(tree: Make) -> None:
    root = tree(clean_module())
    (root / ".architecture-rules").mkdir()
    os.mkfifo(root / ".architecture-rules" / "team.yaml")
    (root / ".architecture-rules" / "gone.yml").symlink_to("nowhere.yml")
    code, _, err = run_cli(root)
    assert code == 2
    assert "team.yaml: cannot read rule file: not a regular file" in err
    assert "gone.yml: cannot read rule file: No such file or directory" in err  # the link by its own name


def test_a_lone_surrogate_in_a_rule_file_is_an_error_at_its_line(tree: Make) -> None:
    """``"\\ud800"`` is a valid YAML escape but no text: ``--explain`` and the example runner crashed
    writing it (UnicodeEncodeError)."""
    rule = textwrap.dedent(
        """\
        rules:
          - id: ARCH-1
            name: n
            severity: error
            description: "d \\ud800"
            check: forbidden_imports
            files: ["tasks/**/*.py"]
            targets: [app.services]
        """
    )
    root = tree({**clean_module(), ".architecture-rules/team.yaml": rule})
    code, _, err = run_cli(root, "--explain", "ARCH-1")
    assert code == 2 and "team.yaml:5: invalid YAML: 'd \\ud800' holds a lone surrogate" in err, err


def test_an_exclude_name_is_matched_as_written_braces_and_all(tree: Make) -> None:
    """A name without ``/`` or ``*?[`` is a name: a cookiecutter folder ``{{cookiecutter.slug}}`` is
    excluded, not refused as a pattern with braces."""
    pyproject = '[tool.modlint]\nextend-exclude = ["{{cookiecutter.slug}}"]\n'
    broken = {"app/modules/orders/{{cookiecutter.slug}}/x.py": "def (:\n"}
    root = tree({**clean_module(), **broken, "pyproject.toml": pyproject})
    code, out, err = run_cli(root)
    assert (code, out) == (0, ""), err


def test_a_rule_id_names_that_rule_only_a_code_is_a_prefix(tree: Make) -> None:
    """``--ignore ARCH-1`` dropped ARCH-10 as well: an id was taken for a prefix."""
    rules = NEW_RULE + NEW_RULE.replace("ARCH-100", "ARCH-10")
    root = tree({**clean_module(), ".architecture-rules/custom.yaml": rules_yaml(rules.replace("ARCH-100", "ARCH-1"))})
    listed = CliRunner().invoke(main, [str(root), "--list-rules", "--select", "ARCH-1"]).stdout.split()
    assert "ARCH-1" in listed and "ARCH-10" not in listed
    prefixed = CliRunner().invoke(main, [str(root), "--list-rules", "--select", "ARCH1"]).stdout.split()
    assert "ARCH-1" in prefixed and "ARCH-10" in prefixed


def test_a_yaml_merge_key_can_be_overridden(tree: Make) -> None:
    """``- <<: *base`` then ``id: ARCH-2`` was 'duplicate key id': merge keys could not be used."""
    rules = (
        "rules:\n  - &base\n    id: ARCH-1\n    name: no-legacy\n    severity: warning\n    description: d\n"
        "    check: forbidden_imports\n    files: ['services/**/*.py']\n    targets: [app.services]\n"
        "  - <<: *base\n    id: ARCH-2\n    name: no-legacy-tasks\n    files: ['tasks/**/*.py']\n"
        "  - id: ARCH-3\n    id: ARCH-4\n"
    )
    root = tree({**clean_module(), ".architecture-rules/custom.yaml": rules})
    code, _, err = run_cli(root)
    assert code == 2 and "duplicate key 'id'" in err and err.count("\n") == 1, err
    root = tree({**clean_module(), ".architecture-rules/custom.yaml": rules.rsplit("  - id: ARCH-3", 1)[0]})
    listed = CliRunner().invoke(main, [str(root), "--list-rules", "--select", "ARCH"]).stdout.split()
    assert "ARCH-1" in listed and "ARCH-2" in listed and "no-legacy-tasks" in listed


def test_a_duplicate_id_hides_no_other_error_of_its_file(tree: Make) -> None:
    """A duplicate id stopped the file there: the bad severity beside it went unreported."""
    bad = NEW_RULE.replace("ARCH-100", "ARCH-200").replace("severity: warning", "severity: fatal")
    root = tree({**clean_module(), ".architecture-rules/custom.yaml": rules_yaml(NEW_RULE + NEW_RULE + bad)})
    code, _, err = run_cli(root)
    assert code == 2 and "duplicate id" in err and "ARCH-200: field 'severity'" in err, err
