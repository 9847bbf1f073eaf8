"""A narrowed run lists whole only the modules its scope reaches through imports: the others are
listed in part (their definitions and their revision folders' files), which is all the rules that
look at other modules need of them; it still reports exactly what the whole run reports in scope."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from modlint import values
from modlint.checks.base import parse_anchor
from modlint.cli import main
from modlint.config.loading import load_config
from modlint.layout import LightListing, discover_layout
from modlint.pipeline import in_reach, light_listing
from modlint.results.scope import Scope


def run(root: Path, *args: str) -> tuple[dict[str, object], str]:
    result = CliRunner().invoke(main, [*args, "--format", "json", "--show-timings"])
    assert result.exit_code in (0, 1), result.output
    stats = next(line for line in result.stderr.splitlines() if line.strip().startswith("files:"))
    return json.loads(result.stdout), stats


def in_scope(whole: dict[str, object], scope: Scope, modules_root: str = "app/modules") -> list[object]:
    """The findings of a whole run that ``scope`` keeps (a cycle's modules read from its message)."""
    findings = whole["findings"]
    assert isinstance(findings, list)
    return [f for f in findings if scope.covers(f["path"], f["module"], modules_root, _cycle_of(f["message"]))]


def _cycle_of(message: str) -> tuple[str, ...]:
    if "in a cycle: " not in message:
        return ()
    return tuple(message.split("in a cycle: ", 1)[1].split(" (", 1)[0].split(" -> "))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    generate(root, modules=12, seed=3, boundaries=True)
    return root


VERSIONS = "migrations/versions"


def module_dir(root: Path, index: int) -> Path:
    return sorted(p for p in (root / "app" / "modules").iterdir() if p.is_dir())[index]


def service(root: Path, index: int) -> Path:
    return sorted((module_dir(root, index) / "services").glob("*_service.py"))[0]


def test_what_the_scope_does_not_reach_is_listed_in_part(tree: Path) -> None:
    config = load_config(tree)
    listing = light_listing(config.ruleset.enabled, config.settings.definition.file)
    assert listing is not None and listing("x") == LightListing(frozenset({"migrations/versions"}), "definition.py")
    scope = Scope(changed=(str(service(tree, 1).relative_to(tree)),))
    layout = discover_layout(tree, wants_module=scope.wants_module, light_listing=listing, with_stats=True)
    partial = [m for m in layout.modules if m.partial]
    assert len(partial) == 11 and not layout.modules[1].partial
    whole = discover_layout(tree, with_stats=True)
    for module in partial:  # the definition and the revision files, each stat-ed; nothing else
        assert (module.files, module.dirs) == whole.by_name[module.name].light_view(listing(module.name))
        read = [f for f in whole.by_name[module.name].files if f == "definition.py" or f.rpartition("/")[0] == VERSIONS]
        assert list(module.files) == read
        assert module.dirs <= {"migrations", "migrations/versions"}
        stated = sorted(p for p in layout.signatures if p.startswith(module.path + "/"))
        assert stated == [module.project_path(f) for f in read]
        assert layout.module_digests[module.name] == whole.light_digest(
            whole.by_name[module.name], listing(module.name)
        )
    assert sum(m.has("definition.py") for m in partial) >= 10
    assert sum(m.has_dir("migrations/versions") for m in partial) >= 3
    assert not any("__init__.py" in m.files or "migrations/env.py" in m.files for m in partial)  # never looked at


@pytest.mark.parametrize("exclude", [(), ("versions",), ("app/modules/*/migrations",), ("definition.py",)])
def test_a_partial_listing_is_what_a_whole_one_shows_of_it(tmp_path: Path, exclude: tuple[str, ...]) -> None:
    """Links (to a file, to a folder, dangling, an editor's lock link), folders where files are
    expected and excluded names: the part listed alone equals the whole listing's view of it."""
    modules = tmp_path / "app" / "modules"
    outside = tmp_path / "elsewhere"
    (outside / "versions").mkdir(parents=True)
    (outside / "versions" / "r1.py").write_text("revision = 'r1'\n")
    (outside / "definition.py").write_text("m = ModuleDefinition(code='x')\n")
    layouts = {
        "plain": {"definition.py": "file", "migrations/versions/a1.py": "file", "migrations/env.py": "file"},
        "linked_migrations": {"definition.py": "file", "migrations": outside},
        "linked_versions": {"definition.py": "file", "migrations/versions": outside / "versions"},
        "linked_definition": {"definition.py": outside / "definition.py", "x.py": "file"},
        "dangling_definition": {"definition.py": outside / "nothing.py", "x.py": "file"},
        "folder_definition": {"definition.py/": "dir", "x.py": "file"},
        "folder_link_definition": {"definition.py": outside / "versions", "x.py": "file"},
        "versions_a_file": {"definition.py": "file", "migrations/versions": "file", "migrations/y.py": "file"},
        "deep": {"definition.py": "file", "migrations/versions/old/b.py": "file", "migrations/versions/c.py": "file"},
        "lock": {"definition.py": "file", "migrations/versions/.#a1.py": outside / "nothing", "x.py": "file"},
    }
    for name, entries in layouts.items():
        for rel, what in entries.items():
            path = modules / name / rel.rstrip("/")
            path.parent.mkdir(parents=True, exist_ok=True)
            if what == "dir":
                path.mkdir()
            elif what == "file":
                path.write_text("x = 1\n")
            else:
                path.symlink_to(what)
    listing = LightListing(frozenset({"migrations/versions"}), "definition.py")
    whole = discover_layout(tmp_path, exclude=exclude, with_stats=True)
    part = discover_layout(
        tmp_path, exclude=exclude, with_stats=True, wants_module=lambda path: False, light_listing=lambda m: listing
    )
    assert [m.name for m in part.modules] == [m.name for m in whole.modules]
    for module in part.modules:
        seen = whole.by_name[module.name]
        if module.partial:  # else: too little .py in the part, so it was listed whole
            assert (module.files, module.dirs) == seen.light_view(listing), module.name
            assert part.module_digests[module.name] == whole.light_digest(seen, listing), module.name
        else:
            assert (module.files, module.dirs) == (seen.files, seen.dirs)
    assert sum(m.partial for m in part.modules) >= (2 if "definition.py" in exclude else 6)


def test_a_deep_edit_in_a_module_the_scope_does_not_reach_reads_nothing_of_it(tree: Path) -> None:
    path = service(tree, 1)
    run(tree, "--pre-commit", str(path))
    unreached = service(tree, 10)  # modules import lower ones: nothing leads from 1 to 10
    unreached.write_text(unreached.read_text() + "\n# edited\n")
    path.write_text(path.read_text() + "\n# edited\n")
    got, stats = run(tree, "--pre-commit", str(path))
    assert "1 screened" in stats or "1 parsed" in stats  # the committed file alone
    assert "2 " not in stats.split("from cache")[0]
    whole, _ = run(tree, "--no-cache", str(tree))
    assert got["findings"] == in_scope(whole, Scope(changed=(str(path.relative_to(tree)),)))


def test_of_a_module_listed_in_part_only_the_files_the_rules_need_are_looked_at(tree: Path) -> None:
    """An edit to an unreached module's ``__init__.py`` (not even listed) reads nothing; one to
    its definition is read, and what it changes is reported as the whole run reports it."""
    path = service(tree, 1)
    run(tree, "--pre-commit", str(path))
    unreached = next(module_dir(tree, i) for i in range(11, 5, -1) if (module_dir(tree, i) / "definition.py").is_file())
    marker = unreached / "__init__.py"
    marker.write_text(marker.read_text() + "\nimport app.modules  # edited\n")
    got, stats = run(tree, "--pre-commit", str(path))
    assert "0 parsed, 0 screened" in stats
    definition = unreached / "definition.py"
    found = re.search(r'code="([^"]+)"', (module_dir(tree, 1) / "definition.py").read_text())
    assert found is not None
    code = found.group(1)  # the edited module's code, now also the unreached one's
    text = definition.read_text()
    definition.write_text(re.sub(r'code="[^"]+"', f'code="{code}"', text))
    assert definition.read_text() != text
    got, stats = run(tree, "--pre-commit", str(path))
    assert "1 parsed, 0 screened" in stats, stats  # the definition alone: not the module's other files
    whole, _ = run(tree, "--no-cache", str(tree))
    expected = in_scope(whole, Scope(changed=(str(path.relative_to(tree)),)))
    assert got["findings"] == expected


def test_a_cycle_through_modules_reached_only_through_others_is_found(tree: Path) -> None:
    """0 -> 2 -> 5 -> 0: the run on 0's file lists 2 whole (0 imports it), then 5 (2 imports it);
    an edit deep in 5 that closes the cycle is seen although 5 is two steps away."""
    first, second, third = service(tree, 0), service(tree, 2), service(tree, 5)
    name = [p.parent.parent.name for p in (first, second, third)]
    first.write_text(f"from app.modules.{name[1]}.services import {second.stem}\n" + first.read_text())
    second.write_text(f"from app.modules.{name[2]}.services import {third.stem}\n" + second.read_text())
    before, _ = run(tree, "--pre-commit", str(first))
    third.write_text(f"from app.modules.{name[0]}.services import {first.stem}\n" + third.read_text())
    first.write_text(first.read_text() + "\n# edited\n")
    got, _ = run(tree, "--pre-commit", str(first))
    expected, _ = run(tree, "--pre-commit", str(first), "--no-cache")
    whole, _ = run(tree, "--no-cache", str(tree))
    assert got["findings"] == expected["findings"] == in_scope(whole, Scope(changed=(str(first.relative_to(tree)),)))
    cycle = f"{name[0]} -> {name[1]} -> {name[2]} -> {name[0]}"
    assert [f for f in got["findings"] if cycle in f["message"]] != []  # type: ignore[index, union-attr]
    assert [f for f in before["findings"] if cycle in f["message"]] == []  # type: ignore[index, union-attr]


def test_a_definition_in_a_subfolder_is_listed_with_the_part(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    generate(root, modules=6, seed=3, boundaries=True)
    for module in (m for m in (root / "app" / "modules").iterdir() if m.is_dir()):
        (module / "meta").mkdir()
        (module / "definition.py").rename(module / "meta" / "definition.py")
    config = root / "pyproject.toml"
    config.write_text(config.read_text() + '\n[tool.modlint.definition]\nfile = "meta/definition.py"\n')
    path = service(root, 4)
    for extra in ((), ("--no-cache",)):
        got, _ = run(root, "--pre-commit", str(path), *extra)
        whole, _ = run(root, "--no-cache", str(root))
        assert got["findings"] == in_scope(whole, Scope(changed=(str(path.relative_to(root)),)))


def test_a_cycle_rule_choosing_modules_by_their_files_lists_every_module_whole(tree: Path) -> None:
    rules = tree / ".architecture-rules"
    rules.mkdir()
    (rules / "team.yaml").write_text("rules:\n  - id: MOD-018\n    when: {has_files: ['services/*.py']}\n")
    config = load_config(tree)
    assert light_listing(config.ruleset.enabled, config.settings.definition.file) is None


def test_a_declared_cycle_placed_at_a_modules_files_lists_every_module_whole(tmp_path: Path) -> None:
    """A cycle of ``requires`` may pass through a module no import reaches: placed at that module's
    first file, it was placed at its definition in a narrowed run (a partial listing)."""
    files = {
        "pyproject.toml": "[tool.modlint]\n",
        ".architecture-rules/team.yaml": "rules:\n  - id: MOD-018\n    source: declared\n    report_at: module-first-file\n",
        "app/__init__.py": "",
        "app/modules/__init__.py": "",
        "app/modules/a/definition.py": 'a_module = ModuleDefinition(code="a", requires=["s"])\n',
        "app/modules/a/api/aaa.py": "X = 1\n",
        "app/modules/s/__init__.py": "",
        "app/modules/s/definition.py": 's_module = ModuleDefinition(code="s", requires=["a"])\n',
        "app/modules/s/service.py": "Y = 1\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    path = tmp_path / "app/modules/s/service.py"
    whole, _ = run(tmp_path, "--no-cache", "--select", "MOD-018", str(tmp_path))
    for extra in (("--no-cache",), (), ()):
        got, _ = run(tmp_path, "--pre-commit", str(path), "--select", "MOD-018", *extra)
        assert got["findings"] == whole["findings"] != []


@pytest.mark.parametrize("changed", ["src/modules/billing/router.py", "src/modules/orders/models.py"])
def test_other_names_any_module_in_a_narrowed_run_too(changed: str, tmp_path: Path) -> None:
    """MOD-004's `{other}` matched only the modules in scope (the flat layout's import of another
    module's models was missed by every narrowed run)."""
    import shutil

    from helpers import FIXTURES

    root = tmp_path / "flat"
    shutil.copytree(FIXTURES / "layouts" / "flat", root)
    whole, _ = run(root, "--no-cache", str(root))
    for extra in (("--no-cache",), (), ()):
        got, _ = run(root, "--pre-commit", str(root / changed), *extra)
        assert got["findings"] == in_scope(whole, Scope(changed=(changed,)), "src/modules")


def test_twin_module_folders_are_reported_in_a_narrowed_run_too(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    generate(root, modules=3, seed=3, boundaries=True)
    first = module_dir(root, 0)
    shutil_copy = __import__("shutil").copytree
    shutil_copy(first, first.parent / first.name.replace("_", "-", 1))
    path = service(root, 0)
    whole, _ = run(root, "--no-cache", "--select", "MOD-012", str(root))
    got, _ = run(root, "--no-cache", "--select", "MOD-012", "--pre-commit", str(path))
    assert got["findings"] == in_scope(whole, Scope(changed=(str(path.relative_to(root)),))) != []


def test_a_run_on_files_runs_only_the_rules_that_could_report_in_them(tree: Path) -> None:
    config = load_config(tree)
    rules = config.ruleset.enabled
    graph_rules = {r.id for r in rules if r.kind_name() == "migration_graph"}
    assert len(graph_rules) == 6
    revision = revisions(module_dir(tree, 2))[0]
    init = module_dir(tree, 2) / "migrations" / "versions" / "__init__.py"
    kept = {
        name: {r.id for r in in_reach(rules, scope, tree, "app/modules")}
        for name, scope in {
            "service": Scope(paths=(rel(tree, service(tree, 2)),)),
            "revision": Scope(paths=(rel(tree, revision),)),
            "package marker": Scope(paths=(rel(tree, init),)),
            "folder": Scope(paths=(rel(tree, module_dir(tree, 2)),)),
            "pre-commit": Scope(changed=(rel(tree, service(tree, 2)),)),
            "missing file": Scope(paths=("app/modules/nowhere/x.py",)),
            "legacy": Scope(paths=(rel(tree, sorted((tree / "app" / "services").glob("*_service.py"))[0]),)),
        }.items()
    }
    everything = {r.id for r in rules}
    assert kept["folder"] == kept["pre-commit"] == kept["missing file"] == everything
    # a rule over files reports at the files it selects: MOD-002 at services, MOD-007 at legacy
    # files, MOD-014 and MOD-026 at revisions, MOD-010 at route files
    assert not kept["service"] & (graph_rules | {"MOD-007", "MOD-010", "MOD-014", "MOD-026"})
    assert not kept["package marker"] & (graph_rules | {"MOD-014"}) and "MOD-026" in kept["package marker"]
    assert {"MOD-000", "MOD-002", "MOD-016", "MOD-018", "MOD-100"} <= kept["service"]
    assert graph_rules | {"MOD-014", "MOD-026"} <= kept["revision"] and "MOD-002" not in kept["revision"]
    assert {"MOD-007", "MOD-100"} <= kept["legacy"] and not kept["legacy"] & {"MOD-002", "MOD-014"}
    assert all(kept[name] < everything for name in ("service", "revision", "package marker", "legacy"))


def test_rules_moved_to_other_files_still_run_on_them(tmp_path: Path) -> None:
    """``report_at: module-first-file`` puts a migration-graph finding at the module's first file:
    a run on that file must run the rule; project revision folders count as revision files."""
    (tmp_path / "pyproject.toml").write_text("[tool.modlint]\n")
    rules = load_config(tmp_path).ruleset.enabled
    heads = next(r for r in rules if r.id == "MOD-023")
    moved = values.replace(heads, report_at=parse_anchor("module-first-file"))
    elsewhere = values.replace(heads, project_folders=["alembic/versions"])
    assert not heads.could_report_at("app/modules/shop/__init__.py", "app/modules")
    assert moved.could_report_at("app/modules/shop/__init__.py", "app/modules")
    assert heads.could_report_at("app/modules/shop/migrations/versions/a1.py", "app/modules")
    assert not heads.could_report_at("app/modules/shop/migrations/a1.py", "app/modules")
    assert not heads.could_report_at("alembic/versions/a1.py", "app/modules")
    assert elsewhere.could_report_at("alembic/versions/a1.py", "app/modules")


def test_a_run_on_a_file_reports_what_the_whole_run_reports_there(tree: Path) -> None:
    """Two heads in one module, and a service file of that module suppressing the heads rule (which
    cannot report there: MOD-100 says so in both runs)."""
    versions = module_dir(tree, 4) / "migrations" / "versions"
    first = revisions(module_dir(tree, 4))[0]
    (versions / "zz_second_root.py").write_text('revision = "zz1"\ndown_revision = None\n')
    path = service(tree, 4)
    path.write_text(path.read_text() + "\nX = 1  # noqa: MOD023\n")
    whole, _ = run(tree, "--no-cache", str(tree))
    assert any(f["rule"] == "MOD-023" for f in whole["findings"])  # type: ignore[union-attr,index]
    for target in (path, versions / "zz_second_root.py", first):
        scope = Scope(paths=(rel(tree, target),))
        expected = in_scope(whole, scope)
        assert run(tree, str(target))[0]["findings"] == expected
        assert run(tree, str(target))[0]["findings"] == expected  # warm
    on_service = in_scope(whole, Scope(paths=(rel(tree, path),)))
    assert [f["rule"] for f in on_service] == ["MOD-100"]  # type: ignore[index]


def rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def revisions(module: Path) -> list[Path]:
    return sorted(p for p in (module / "migrations" / "versions").glob("*.py") if p.name != "__init__.py")


def test_project_folders_out_of_scope_are_not_listed(tmp_path: Path) -> None:
    """A run on a module's file lists no legacy folder (MOD-007's app/services/, models/...): only
    a rule that reads other modules (the migration graph's project folders) needs them out of
    scope. A run on a legacy file, or a hook run that passes one, still reports there."""
    from modlint.pipeline import discover

    from helpers import copy_shop

    shop = copy_shop(tmp_path)
    config = load_config(shop)
    rules = config.active_rules()
    module_file = Scope(paths=("app/modules/orders/services/order_service.py",))
    assert discover(shop, config.settings, rules, module_file, with_stats=True).project_files == frozenset()
    legacy = "app/services/customer_service.py"
    for scope in (Scope(paths=(legacy,)), Scope(changed=(legacy,)), Scope(paths=("app",))):
        listed = discover(shop, config.settings, rules, scope, with_stats=True).project_files
        assert legacy in listed and not any(p.startswith("models/") for p in listed), scope
    whole, _ = run(shop, "--no-cache", str(shop))
    for args in ([legacy], ["--pre-commit", legacy], ["app/modules/orders/services/order_service.py"]):
        got, _ = run(shop, *(str(shop / a) if not a.startswith("-") else a for a in args))
        scope = Scope(changed=(legacy,)) if "--pre-commit" in args else Scope(paths=(args[-1],))
        assert got["findings"] == in_scope(whole, scope), args
    assert any(f["rule"] == "MOD-007" for f in in_scope(whole, Scope(paths=(legacy,))))  # type: ignore[index]


def test_a_run_on_any_one_file_reports_what_the_whole_run_reports_there(tree: Path) -> None:
    """Each file of a module (routes, config, schemas, models, markers, the definition, revisions)
    and legacy files, some with suppressions of rules that cannot report there: only the rules that
    could report in the file run, and the findings are the whole run's there."""
    module = module_dir(tree, 4)
    files = sorted(p for p in module.rglob("*.py"))
    legacy = sorted((tree / "app" / "services").glob("*.py"))[:3]
    for path in (files[1], legacy[1]):
        path.write_text(path.read_text() + "\nY = 2  # noqa: MOD007, MOD014, MOD002\n")
    whole, _ = run(tree, "--no-cache", str(tree))
    assert len(files) > 15
    for path in [*files, *legacy]:
        expected = in_scope(whole, Scope(paths=(rel(tree, path),)))
        assert run(tree, str(path))[0]["findings"] == expected, path


def test_a_project_rule_over_the_project_root_reports_in_a_hook_run(tmp_path: Path) -> None:
    """A ``scope: project`` rule whose files start at the root (``**/*.py``) has the folder "": a
    hook run on root-level and scripts/ files lists them, and MOD-000 reports an unparsable one."""
    from helpers import copy_shop

    shop = copy_shop(tmp_path)
    (shop / ".architecture-rules").mkdir(exist_ok=True)
    (shop / ".architecture-rules" / "x.yaml").write_text(
        "rules:\n  - id: ARCH-1\n    name: no-legacy\n    description: d\n    check: forbidden_imports\n"
        "    severity: error\n    scope: project\n    files: ['**/*.py', '!app/modules/**']\n"
        "    targets: [app.services]\n"
    )
    (shop / "scripts").mkdir()
    (shop / "manage.py").write_text("import app.services.email_sender\n")
    (shop / "scripts" / "tool.py").write_text("from app.services import email_sender\n")
    (shop / "scripts" / "bad.py").write_text("def f(:\n")
    changed = ("scripts/tool.py", "scripts/bad.py", "manage.py")
    whole, _ = run(shop, "--no-cache", str(shop))
    expected = in_scope(whole, Scope(changed=changed))
    assert {f["rule"] for f in expected} >= {"ARCH-1", "MOD-000"}  # type: ignore[index]
    for extra in (("--no-cache",), ()):
        got, _ = run(shop, "--pre-commit", *(str(shop / c) for c in changed), *extra)
        assert got["findings"] == expected


def test_a_file_argument_that_is_a_link_is_checked_where_it_is_listed(tree: Path) -> None:
    """A revision of one module that links to another module's revision: the whole run lists (and
    reports) the link in its own module, and so do the runs on that path."""
    mine, theirs = [m for m in (module_dir(tree, i) for i in range(12)) if revisions(m)][:2]
    target = revisions(theirs)[-1]
    link = mine / VERSIONS / "linked_rev.py"
    link.symlink_to(target)
    whole, _ = run(tree, "--no-cache", str(tree))
    at_link = [f for f in whole["findings"] if f["path"] == rel(tree, link)]  # type: ignore[attr-defined, index]
    assert at_link != []
    for args in (("--pre-commit", str(link)), (str(link),)):
        got, _ = run(tree, *args)
        scope = Scope(changed=(rel(tree, link),)) if args[0] == "--pre-commit" else Scope(paths=(rel(tree, link),))
        assert got["findings"] == in_scope(whole, scope), args
