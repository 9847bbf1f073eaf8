"""Rule-language constructs: module negation, ``unless``, ``{module}`` placeholders, every bad entry reported."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from modlint.cli import main

from helpers import M, Tree, brief, clean_module, lint

Make = Callable[[Tree], Path]


def rule(body: str) -> str:
    head = "- id: ARCH-1\n  name: n\n  severity: error\n  description: d\n"
    return "rules:\n" + textwrap.indent(head + textwrap.indent(textwrap.dedent(body), "  "), "  ")


def two_modules(tree: Make, rules: str) -> Path:
    return tree({**clean_module(), **clean_module("billing"), ".architecture-rules/a.yaml": rules})


def test_modules_negation_starts_from_every_module(tree: Make) -> None:
    root = two_modules(tree, rule("check: required_paths\npaths: [manifest.py]\nmodules: ['!orders']\n"))
    assert brief(lint(root, "ARCH")) == [("ARCH-1", "app/modules/billing/definition.py", 1, 1)]


def test_unless_skips_modules_that_meet_it(tree: Make) -> None:
    text = rule("check: required_paths\npaths: [locales/]\nunless: {exists: [manifest.py]}\n")
    root = two_modules(tree, text)
    (root / "app/modules/billing/manifest.py").write_text("")
    assert brief(lint(root, "ARCH")) == [("ARCH-1", M + "definition.py", 1, 1)]


def test_module_placeholder_in_files_and_has_files(tree: Make) -> None:
    text = rule(
        "check: exports\nfiles: ['routes/{module}_api.py']\nnames: [blueprint]\n"
        "when: {has_files: ['routes/{module}_*.py']}\n"
    )
    root = two_modules(tree, text)
    (root / "app/modules/billing/routes/billing_api.py").write_text("blueprint = 1\n")
    (root / M / "routes/orders_api.py").write_text("bp = 1\n")
    assert brief(lint(root, "ARCH")) == [("ARCH-1", M + "routes/orders_api.py", 1, 1)]


def test_every_bad_entry_is_reported_and_placeholders_are_checked(tree: Make) -> None:
    text = rule("check: exports\nfiles: ['routes/{modul}.py', 'ok.py', '{other}/x.py']\nnames: [x]\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "modlint: error: .architecture-rules/a.yaml:7: rule ARCH-1: field 'files': 'routes/{modul}.py': "
        "unknown placeholder '{modul}' (this field supports: {module})",
        "modlint: error: .architecture-rules/a.yaml:7: rule ARCH-1: field 'files': '{other}/x.py': "
        "unknown placeholder '{other}' (this field supports: {module})",
    ]


def test_module_placeholder_needs_a_module(tree: Make) -> None:
    text = rule("check: reexport_only\nscope: project\nfiles: ['legacy/{module}.py']\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2
    assert "unknown placeholder '{module}' (this field supports: none)" in result.stderr


def test_exact_path_fields_refuse_globs_and_negation(tree: Make) -> None:
    text = rule("check: required_paths\npaths: [x.py]\nwhen: {exists: ['mig*/', '!x']}\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2
    assert "'mig*/': this field takes exact paths, not globs" in result.stderr
    assert "'!x': '!' has no meaning here" in result.stderr


def test_unless_without_conditions_is_an_error(tree: Make) -> None:
    text = rule("check: required_paths\npaths: [x.py]\nunless: {}\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2
    assert "'unless' needs at least one of facts, exists, has_files" in result.stderr


def test_module_placeholder_in_required_paths_and_markers(tree: Make) -> None:
    text = rule("check: required_paths\npaths: ['templates/{module}/']\n")
    root = two_modules(tree, text)
    (root / M / "templates/orders").mkdir(parents=True)
    assert brief(lint(root, "ARCH")) == [("ARCH-1", "app/modules/billing/definition.py", 1, 1)]
    markers = rule("check: package_markers\ndirs: ['{module}_jobs']\n")
    root = tree({**clean_module(), M + "orders_jobs/run.py": "x = 1\n", ".architecture-rules/a.yaml": markers})
    assert brief(lint(root, "ARCH")) == [("ARCH-1", M + "orders_jobs/run.py", 1, 1)]
