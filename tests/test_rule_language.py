"""Rule-language constructs: module negation, ``unless``, ``{module}`` placeholders, every bad entry reported."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint.cli import main

from helpers import REPO, M, Tree, brief, clean_module, lint

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


def test_other_and_star_segments_in_forbidden_targets(tree: Make) -> None:
    text = rule("check: forbidden_imports\nfiles: ['**/*.py']\ntargets: ['app.modules.{other}.repositories']\n")
    root = two_modules(tree, text)
    (root / M / "services/a.py").write_text("from app.modules.orders.repositories import r\n")
    (root / M / "services/b.py").write_text("x = 1\nfrom app.modules.billing.repositories.sql import r\n")
    findings = lint(root, "ARCH").findings
    assert brief(lint(root, "ARCH")) == [("ARCH-1", M + "services/b.py", 2, 1)]
    assert findings[0].message == (
        "imports 'app.modules.billing.repositories.sql', which is forbidden here "
        "(matches 'app.modules.{other}.repositories')"
    )


def test_import_placeholders_need_a_module_and_whole_segments(tree: Make) -> None:
    text = rule(
        "check: forbidden_imports\nscope: project\nfiles: ['app/*.py']\n"
        "targets: ['app.modules.{other}.x', 'app.mod*.x', 'app.{modul}']\n"
    )
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2
    assert [line.split("field 'targets': ")[1] for line in result.stderr.splitlines()] == [
        "'app.modules.{other}.x': unknown placeholder '{other}' (this field supports: none)",
        "'app.mod*.x' is not a dotted name such as 'app.modules.*.models': '*' and placeholders must be whole segments",
        "'app.{modul}': unknown placeholder '{modul}' (this field supports: none)",
    ]


def test_exports_value_shape_is_reported_at_the_binding(tree: Make) -> None:
    text = rule(
        "check: exports\nfiles: ['routes/api/*.py', '!**/__init__.py']\nnames: ['{module}_api_bp']\n"
        "value: {call: [Blueprint]}\n"
    )
    root = two_modules(tree, text)
    (root / M / "routes/api/items.py").write_text("import flask\n\n\norders_api_bp = flask.Flask(__name__)\n")
    (root / "app/modules/billing/routes/api/items.py").write_text(
        "from flask import Blueprint as B\nbilling_api_bp = B('billing', __name__)\n"
    )
    report = lint(root, "ARCH")
    assert brief(report) == [("ARCH-1", M + "routes/api/items.py", 4, 1)]
    assert report.findings[0].message == (
        "'orders_api_bp' is bound to a call to 'flask.Flask', not a call to 'Blueprint'"
    )


def test_exports_value_needs_exactly_one_shape(tree: Make) -> None:
    text = rule("check: exports\nfiles: ['x.py']\nnames: [x]\nvalue: {call: [A], literal: 'b'}\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2
    assert "value needs exactly one of call, subclass_of, literal" in result.stderr


def test_exports_require_all_reports_each_missing_name(tree: Make) -> None:
    text = rule("check: exports\nfiles: [definition.py]\nnames: [a, b, 'c*']\nrequire: all\n")
    root = two_modules(tree, text)
    messages = sorted(f.message for f in lint(root, "ARCH").findings if f.module == "orders")
    assert messages == [
        "does not bind 'a' at top level",
        "does not bind 'b' at top level",
        "does not bind 'c*' at top level",
    ]


def _definition_project(tree: Make, table: str, files: Tree) -> Path:
    return tree(
        {
            "pyproject.toml": "[tool.modlint.definition]\n" + table,
            "app/modules/orders/__init__.py": "",
            **{f"app/modules/orders/{rel}": text for rel, text in files.items()},
        }
    )


def test_dict_definition_form(tree: Make) -> None:
    root = _definition_project(
        tree,
        'file = "manifest.py"\nform = "dict"\n',
        {"manifest.py": 'manifest = {\n    "name": "Orders",\n    "code": "order",\n}\n'},
    )
    report = lint(root, "MOD-009", "MOD-012")
    assert brief(report) == [("MOD-012", M + "manifest.py", 3, 5)]
    assert report.findings[0].message == "module code 'order' does not match its folder name 'orders'"


def test_dict_definition_inside_a_class_and_when_facts(tree: Make) -> None:
    root = _definition_project(
        tree,
        'file = "__init__.py"\nform = "dict"\nname = "MANIFEST"\ncode-key = "slug"\n',
        {"__init__.py": 'class Meta:\n    MANIFEST = {"slug": "orders", "api": True}\n'},
    )
    (root / ".architecture-rules").mkdir()
    (root / ".architecture-rules/a.yaml").write_text(
        rule("check: required_paths\npaths: [routes/]\nwhen: {facts: {api: true}}\n")
    )
    assert brief(lint(root, "MOD-012", "ARCH")) == [("ARCH-1", M + "__init__.py", 1, 1)]


def test_class_definition_form_resolves_bases_through_imports(tree: Make) -> None:
    table = 'form = "class"\nbases = ["BaseModule"]\n'
    source = "from app.core import modules as m\n\n\nclass Orders(m.BaseModule):\n    code = 'orderz'\n"
    report = lint(_definition_project(tree, table, {"definition.py": source}), "MOD-012")
    assert brief(report) == [("MOD-012", M + "definition.py", 5, 5)]
    missing = lint(_definition_project(tree, table, {"definition.py": "class Orders:\n    code = 'orders'\n"}))
    assert [f.message for f in missing.findings if f.rule_id == "MOD-012"] == [
        'declares no module: expected e.g. `class OrdersModule(BaseModule): code = "orders"`'
    ]


def test_definition_table_problems_are_all_reported_at_their_keys(tree: Make) -> None:
    table = 'form = "yaml"\nfile = "../x.txt"\ncolour = 1\nbases = ["a b"]\nname = "m"\n'
    root = _definition_project(tree, table, {})
    result = CliRunner().invoke(main, [str(root)])
    assert result.exit_code == 2
    where = f"modlint: error: {root / 'pyproject.toml'}"
    assert result.stderr.splitlines() == [  # in line order, as every configuration error
        f"{where}:2: field 'definition.form': 'yaml' must be one of call, dict, class",
        f"{where}:3: field 'definition.file': '../x.txt' must be a module-relative .py file such as "
        "'manifest.py' (no globs, placeholders, '..' or empty segments)",
        f"{where}:4: field 'definition.colour': unknown key (known: file, form, name, bases, code-key)",
        f"{where}:5: field 'definition.bases': must be a list of class names such as [\"BaseModule\"] or "
        '["app.core.BaseModule"]',
        f"{where}:5: field 'definition.bases': only means something with form = 'class' (form is 'yaml')",
        f"{where}:6: field 'definition.name': only means something with form = 'dict' (form is 'yaml')",
    ]


def test_definition_file_takes_one_plain_path(tree: Make) -> None:
    for bad in ("*.py", "{module}.py", "a//b.py", "./m.py"):
        result = CliRunner().invoke(main, [str(_definition_project(tree, f'file = "{bad}"\n', {}))])
        assert result.exit_code == 2
        assert f"field 'definition.file': {bad!r} must be a module-relative .py file" in result.stderr


def test_required_paths_refuse_dot_and_empty_segments(tree: Make) -> None:
    text = rule("check: required_paths\npaths: ['.', 'x//y', './a.py', 'ok/']\n")
    assert _errors(two_modules(tree, text)) == [
        "'paths': path pattern '.' has an empty or '.' segment (write 'a/b', not 'a//b' or './a')",
        "'paths': path pattern 'x//y' has an empty or '.' segment (write 'a/b', not 'a//b' or './a')",
        "'paths': path pattern './a.py' has an empty or '.' segment (write 'a/b', not 'a//b' or './a')",
    ]


def test_module_folder_marker_is_reported_and_fixed(tree: Make) -> None:
    files = {k: v for k, v in clean_module().items() if k != M + "__init__.py"}
    root = tree({**files, ".architecture-rules/a.yaml": rule("check: package_markers\ndirs: ['.', 'services']\n")})
    assert brief(lint(root, "ARCH")) == [("ARCH-1", M + "config.py", 1, 1)]
    result = CliRunner().invoke(main, [str(root), "--select", "ARCH", "--fix"])
    assert result.exit_code == 0, result.output
    assert (root / M / "__init__.py").read_text() == ""


def test_marker_dirs_refuse_globs_and_negation_all_at_once(tree: Make) -> None:
    text = rule("check: package_markers\ndirs: ['serv*', '!tasks', 'ok']\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 2
    assert "'serv*': this field takes exact paths, not globs" in result.stderr
    assert "'!tasks': '!' has no meaning here" in result.stderr


def test_exports_glob_reports_the_binding_made_here_not_an_import(tree: Make) -> None:
    text = rule("check: exports\nfiles: [routes/api/items.py]\nnames: ['*_router']\nvalue: {call: [APIRouter]}\n")
    root = two_modules(tree, text)
    source = "from app.core.web import build_router\n\nitems_router = build_router()\n"
    (root / M / "routes/api/items.py").write_text(source)
    (root / "app/modules/billing/routes/api/items.py").write_text(
        "from fastapi import APIRouter\n\nx_router = APIRouter()\n"
    )
    assert brief(lint(root, "ARCH")) == [("ARCH-1", M + "routes/api/items.py", 3, 1)]


def test_readme_rule_language_examples_are_valid(tree: Make) -> None:
    """Every construct README shows by example is accepted and runs (a documented rule cannot be a typo)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The rule language by example", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    root = two_modules(tree, block)
    result = CliRunner().invoke(main, [str(root), "--list-rules"])
    assert result.exit_code == 0, result.output
    assert all(f"ARCH-{n}" in result.stdout for n in range(1, 5))
    assert CliRunner().invoke(main, [str(root), "--no-cache"]).exit_code in (0, 1)


def test_explain_checks_line_shows_overridden_parameters(tree: Make) -> None:
    """The description still says `{module}_{seq}_{desc}.py`; the Checks line says what runs."""
    override = 'rules:\n  - id: MOD-014\n    pattern: "{abbr}_{seq}_{desc}.py"\n    placeholders: {abbr: "[a-z]{3}"}\n'
    root = tree({**clean_module(), ".architecture-rules/a.yaml": override})
    result = CliRunner().invoke(main, [str(root), "--explain", "MOD-014"])
    checks = result.stdout.rstrip().splitlines()[-1]
    assert checks.startswith("Checks: filename_pattern: ")
    assert 'pattern="{abbr}_{seq}_{desc}.py"' in checks and '"abbr": "[a-z]{3}"' in checks
    (root / M / "migrations/versions").mkdir(parents=True)
    (root / M / "migrations/__init__.py").write_text("")
    (root / M / "migrations/versions/__init__.py").write_text("")
    (root / M / "migrations/versions/orders_1_x.py").write_text("")
    report = lint(root, "MOD-014")
    assert brief(report) == [("MOD-014", M + "migrations/versions/orders_1_x.py", 1, 1)]
    assert "where abbr is [a-z]{3} and seq is [0-9]+" in report.findings[0].message


def test_module_import_names_follow_source_roots(tree: Make) -> None:
    """With source-roots ["src"], src/modules/orders is imported as modules.orders: a facade of the
    module's own files is not "code from outside the module" (MOD-002)."""
    files = {f"src/modules/{k.removeprefix('app/modules/')}": v for k, v in clean_module().items()}
    facade = "from modules.orders.services.impl import Service\n\n__all__ = ['Service']\n"
    pyproject = '[tool.modlint]\nmodules-root = "src/modules"\nsource-roots = ["src"]\n'
    root = tree({**files, "pyproject.toml": pyproject, "src/modules/orders/services/facade.py": facade})
    (root / "src/modules/orders/services/impl.py").write_text("class Service: ...\n")
    assert brief(lint(root, "MOD-002")) == []
    (root / "src/modules/orders/services/facade.py").write_text(facade.replace("modules.orders", "modules.billing"))
    assert brief(lint(root, "MOD-002")) == [("MOD-002", "src/modules/orders/services/facade.py", 1, 1)]


def test_real_code_allowed_takes_plain_dotted_names(tree: Make) -> None:
    text = rule("check: real_code\nfiles: ['services/*.py']\nallowed: ['app.{module}', 'app.*', '!app.core', 'ok.x']\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 3
    assert all("field 'allowed'" in line for line in result.stderr.splitlines())


def test_filename_pattern_and_report_at_refuse_what_they_cannot_mean(tree: Make) -> None:
    bad = rule(
        "check: filename_pattern\nfiles: ['migrations/versions/*.py']\n"
        "pattern: '*_{seq}_{a-b}.py'\nplaceholders: {'1x': '[0-9]'}\n"
    )
    result = CliRunner().invoke(main, [str(two_modules(tree, bad))])
    assert result.exit_code == 2
    assert "placeholder name '1x' must be a Python identifier" in result.stderr
    anchored = rule("check: required_paths\npaths: [a]\nreport_at: 'first-file:a*'\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, anchored))])
    assert result.exit_code == 2
    assert "'a*': this field takes exact paths, not globs" in result.stderr


def test_filename_pattern_problems_are_reported(tree: Make) -> None:
    bad = rule("check: filename_pattern\nfiles: ['migrations/versions/*.py']\npattern: '*_{seq}_{a-b}.py'\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, bad))])
    assert result.exit_code == 2
    assert "unknown placeholder '{a-b}'" in result.stderr
    assert "takes placeholders, not globs or '!'" in result.stderr
    project = rule("check: filename_pattern\nscope: project\nfiles: ['legacy/*.py']\npattern: '{module}_x.py'\n")
    result = CliRunner().invoke(main, [str(two_modules(tree, project))])
    assert result.exit_code == 2 and "unknown placeholder '{module}'" in result.stderr


def test_module_placeholder_in_project_scoped_exports_is_an_error(tree: Make) -> None:
    text = rule(
        "check: exports\nscope: project\nfiles: ['legacy/*.py']\nnames: ['{module}_bp']\n"
        "value: {literal: '/{module}x'}\n"
    )
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all("unknown placeholder '{module}'" in line for line in lines)


def test_a_seq_shared_by_three_files_names_both_others(tree: Make) -> None:
    versions = M + "migrations/versions/"
    names = ["orders_001_a.py", "orders_01_b.py", "orders_1_c.py"]
    files = {versions + n: "revision = 'x'\n" for n in names}
    root = tree({**clean_module(), M + "migrations/__init__.py": "", versions + "__init__.py": "", **files})
    messages = [f.message for f in lint(root, "MOD-014").findings]
    assert messages[0] == "seq '001' is also used by 'orders_01_b.py' and 'orders_1_c.py'"
    assert len(messages) == 3


def test_boundaries_parameters_are_validated(tree: Make) -> None:
    text = rule("check: dependency_cycles\nfact: requires.all\n") + textwrap.indent(
        textwrap.dedent(rule("check: public_surface\npublic: ['services.{module}', '!models']\n"))[7:].replace(
            "ARCH-1", "ARCH-2"
        ),
        "",
    )
    result = CliRunner().invoke(main, [str(two_modules(tree, text))])
    assert result.exit_code == 2, result.output
    errors = result.stderr.splitlines()
    assert any("ARCH-1: field 'fact': 'requires.all' is not a Python identifier" in e for e in errors), errors
    assert sum("ARCH-2: field 'public'" in e for e in errors) == 2, errors


def _errors(root: Path) -> list[str]:
    result = CliRunner().invoke(main, [str(root)])
    assert result.exit_code == 2, result.output
    return [line.split(": field ", 1)[1] for line in result.stderr.splitlines()]


def test_lists_that_select_nothing_are_errors(tree: Make) -> None:
    text = rule("check: real_code\nfiles: ['!services/*.py', '!x.py']\nmodules: []\nwhen: {has_files: ['!a.py']}\n")
    assert _errors(two_modules(tree, text)) == [
        "'files': every entry is a '!' exclusion, so the list selects nothing (the last matching pattern "
        "decides: start with what to include, e.g. ['**/*.py', '!tests/**'])",
        "'modules': the list is empty, so the rule would check no module (turn a rule off with 'enabled: false')",
        "'when.has_files': every entry is a '!' exclusion, so the list selects nothing (the last matching "
        "pattern decides: start with what to include, e.g. ['**/*.py', '!tests/**'])",
    ]


def test_empty_files_is_an_error_also_where_it_has_a_default(tree: Make) -> None:
    text = rule("check: declared_dependencies\nfiles: []\n")
    assert _errors(two_modules(tree, text)) == [
        "'files': the list is empty, so the rule would check nothing (turn a rule off with 'enabled: false')"
    ]


def test_project_scope_refuses_module_selection_and_module_kinds(tree: Make) -> None:
    project = rule("check: real_code\nscope: project\nfiles: [legacy/*.py]\nmodules: [orders]\nunless: {exists: [x]}\n")
    assert _errors(two_modules(tree, project)) == [
        "'modules': 'modules' has no meaning in a 'scope: project' rule, which checks no module",
        "'unless': 'unless' has no meaning in a 'scope: project' rule, which checks no module",
    ]
    kinds = "".join(
        rule(f"check: {kind}\nscope: project\n{params}\n").replace("rules:\n", "").replace("ARCH-1", f"ARCH-{n}")
        for n, (kind, params) in enumerate(
            [("required_paths", "paths: [x.py]"), ("package_markers", "dirs: [.]"), ("module_definition", "")]
        )
    )
    assert _errors(two_modules(tree, "rules:\n" + kinds)) == [
        f"'scope': check '{kind}' checks modules and has no 'scope: project' (kinds that select files "
        "outside the modules root have it)"
        for kind in ("required_paths", "package_markers", "module_definition")
    ]


def test_report_at_node_needs_a_kind_that_reports_code(tree: Make) -> None:
    text = rule("check: required_paths\npaths: [x.py]\nreport_at: node\n")
    assert _errors(two_modules(tree, text)) == [
        "'report_at': check 'required_paths' reports about paths, not code: 'node' has no meaning "
        "(use file, path, first-file, module-first-file, definition)"
    ]


@pytest.mark.parametrize("value", ["5", "[node]", "{kind: bogus, arg: x}"])
def test_report_at_is_written_as_text(tree: Make, value: str) -> None:
    text = rule(f"check: required_paths\npaths: [x.py]\nreport_at: {value}\n")
    assert _errors(two_modules(tree, text)) == [
        "'report_at': report_at must be a string: one of node, file, path, first-file, module-first-file, "
        "definition (some take ':<arg>')"
    ]


def test_unique_entries_are_each_checked_against_the_pattern(tree: Make) -> None:
    text = rule(
        "check: filename_pattern\nfiles: ['jobs/*.py']\npattern: '{seq}_{name}.py'\nunique: [seqq, '{seq}', seq]\n"
    )
    has = "(write names without braces; the pattern has 'seq', 'name')"
    assert _errors(two_modules(tree, text)) == [
        f"'unique': 'seqq' is not a placeholder of the pattern {has}",
        f"'unique': '{{seq}}' is not a placeholder of the pattern {has}",
    ]


def test_an_unclosed_bracket_or_a_brace_in_a_glob_is_an_error(tree: Make) -> None:
    text = rule("check: real_code\nfiles: ['services/[a-.py', 'routes/{api,pages}/*.py', 'ok/*.py']\n")
    assert _errors(two_modules(tree, text)) == [
        "'files': path pattern 'services/[a-.py' has a '[' without its ']'",
        "'files': 'routes/{api,pages}/*.py': unknown placeholder '{api,pages}' (this field supports: {module})",
    ]


def test_a_condition_on_a_misspelt_fact_is_a_warning_of_the_whole_run(tmp_path: Path) -> None:
    from helpers import copy_shop

    shop = copy_shop(tmp_path)
    rules = shop / ".architecture-rules"
    rules.mkdir()
    (rules / "team.yaml").write_text(
        "rules:\n  - id: MOD-001\n    when: {facts: {is_self_contaned: true}}\n"
        "  - id: MOD-008\n    unless: {facts: {is_legacy: true}}\n"  # no definition sets it, none alike: quiet
    )
    whole = CliRunner().invoke(main, [str(shop), "--no-cache", "-q"])
    warning = (
        "modlint: warning: MOD-001: when.facts names 'is_self_contaned', which no module definition sets "
        "(did you mean 'is_self_contained'?)\n"
    )
    assert whole.stderr == warning
    narrowed = CliRunner().invoke(main, [str(shop / "app/modules/catalog"), "--no-cache", "-q"])
    assert narrowed.stderr == ""
