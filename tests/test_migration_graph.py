"""Kind ``migration_graph``: the revision literals as facts, and the cases its examples do not cover
(Alembic's own view of the same files is compared in tests/runtime/test_runtime_migration_graph.py)."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from modlint import codec
from modlint.cli import main
from modlint.facts.ast_migrations import migration_of
from modlint.facts.model import Assigned, FileFacts, MigrationFacts
from modlint.findings import Position

from helpers import M, Tree, brief, clean_module, lint

Make = Callable[[Tree], Path]
V = M + "migrations/versions/"
GRAPH = ("MOD-020", "MOD-021", "MOD-022", "MOD-023", "MOD-024", "MOD-025")


def rev(rid: str, down: str = "None", extra: str = "") -> str:
    return f"revision = {rid!r}\ndown_revision = {down}\n{extra}\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"


def project(tree: Make, files: Tree) -> Path:
    base = {**clean_module(), **clean_module("billing"), V + "__init__.py": "", M + "migrations/__init__.py": ""}
    return tree({**base, **files})


def test_facts_read_every_shape_alembic_accepts() -> None:
    text = (
        'revision: str = "a1"\nrevision = "a2"\ndown_revision: tuple[str, ...] = ("b", \'c\')\n'
        "branch_labels = ['x']\ndepends_on = make()\n\n\nasync def upgrade(): ...\n"
    )
    facts = migration_of(ast.parse(text), text)
    assert facts.revision == Assigned(Position(2, 1), True, ("a2",), (Position(2, 12),), scalar=True)
    assert facts.down_revision == Assigned(Position(3, 1), True, ("b", "c"), (Position(3, 35), Position(3, 40)))
    assert facts.branch_labels == Assigned(Position(4, 1), True, ("x",), (Position(4, 18),))
    assert facts.depends_on == Assigned(Position(5, 1), literal=False)
    assert (facts.has_upgrade, facts.has_downgrade) == (True, False)


def test_migration_facts_survive_the_cache_codec() -> None:
    facts = FileFacts(
        "x.py", migration=MigrationFacts(revision=Assigned(Position(1, 1), True, ("a",), (Position(1, 12),)))
    )
    assert codec.decode(FileFacts, codec.encode(facts)) == facts


def test_a_clean_shop_chain_and_cold_warm_agree(tree: Make) -> None:
    root = project(
        tree,
        {
            V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"),
            V + "orders_002_b.py": rev("o2", "'o1'"),
        },
    )
    runner = CliRunner()
    assert runner.invoke(main, [str(root), "--select", ",".join(GRAPH), "--no-cache"]).exit_code == 0
    (root / V / "orders_003_c.py").write_text(rev("o3", "'o1'"))
    cold = runner.invoke(main, [str(root), "--select", ",".join(GRAPH), "--format", "json"]).stdout
    warm = runner.invoke(main, [str(root), "--select", ",".join(GRAPH), "--format", "json"]).stdout
    assert cold == warm and '"MOD-023"' in cold


def test_non_literal_optional_variables_and_a_tuple_revision(tree: Make) -> None:
    root = project(
        tree,
        {
            V + "orders_001_a.py": rev("o1", extra="depends_on = f'{x}'\nbranch_labels = ('orders',)").replace(
                "revision = 'o1'", "revision = ('o1',)"
            )
        },
    )
    assert [(f.line, f.column, f.message) for f in lint(root, "MOD-020").findings] == [
        (1, 1, "`revision` must be a string literal"),
        (3, 1, "`depends_on` must be a string literal, None, or a tuple or list of string literals"),
    ]


def test_depends_on_may_name_a_branch_label_and_follows_it_to_its_module(tree: Make) -> None:
    billing = "app/modules/billing/migrations/versions/"
    files = {
        billing + "__init__.py": "",
        "app/modules/billing/migrations/__init__.py": "",
        billing + "billing_001_a.py": rev("b1", extra="branch_labels = ('billing',)"),
        V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)\ndepends_on = ['billing']"),
    }
    root = project(tree, files)
    assert brief(lint(root, *GRAPH)) == [("MOD-025", V + "orders_001_a.py", 4, 15)]
    assert lint(root, "MOD-025").findings[0].message == (
        "depends_on names 'billing' of module 'billing', which 'orders' does not require "
        "(add 'billing' to requires in definition.py)"
    )


def test_a_label_used_by_two_modules_is_reported_at_both(tree: Make) -> None:
    billing = "app/modules/billing/migrations/versions/"
    root = project(
        tree,
        {
            billing + "billing_001_a.py": rev("b1", extra="branch_labels = ('orders',)"),
            V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"),
        },
    )
    found = sorted((f.path, f.line, f.message) for f in lint(root, "MOD-024").findings)
    assert found == [
        (billing + "billing_001_a.py", 3, f"branch label 'orders' is also revision 'o1' ({V}orders_001_a.py)"),
        (
            billing + "billing_001_a.py",
            3,
            "the root revision 'b1' of module 'billing' has branch_labels ('orders',); expected ('billing',)",
        ),
        (V + "orders_001_a.py", 3, f"branch label 'orders' is also revision 'b1' ({billing}billing_001_a.py)"),
    ]


def test_a_label_that_is_a_revision_id_is_reported(tree: Make) -> None:
    billing = "app/modules/billing/migrations/versions/"
    root = project(
        tree,
        {
            billing + "billing_001_a.py": rev("orders", extra="branch_labels = ('billing',)"),
            V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"),
        },
    )
    assert [f.message for f in lint(root, "MOD-024").findings] == [
        f"branch label 'orders' is also the id of revision 'orders' ({billing}billing_001_a.py)"
    ]


def test_a_down_revision_into_another_module_joins_the_branches(tree: Make) -> None:
    billing = "app/modules/billing/migrations/versions/"
    files = {
        billing + "billing_001_a.py": rev("b1", extra="branch_labels = ('billing',)"),
        V + "orders_001_a.py": rev("o1", "'b1'", "branch_labels = ('orders',)"),
    }
    root = project(tree, files)
    assert [(f.path, f.line, f.column, f.message) for f in lint(root, "MOD-024").findings] == [
        (
            V + "orders_001_a.py",
            2,
            17,
            "down_revision names 'b1' of module 'billing': Alembic then joins the two modules' branches "
            "('billing@head' would be this module's head); start the chain from None and order it with "
            "depends_on = 'b1'",
        )
    ]


def test_an_unreadable_revision_file_does_not_cascade(tree: Make) -> None:
    files = {
        V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"),
        V + "orders_002_b.py": "revision = 'o2'\ndown_revision = 'o1'\ndef upgrade(:\n",
        V + "orders_003_c.py": rev("o3", "'o2'"),
    }
    root = project(tree, files)
    assert brief(lint(root, "MOD-000", *GRAPH)) == [("MOD-000", V + "orders_002_b.py", 3, 13)]
    shown = CliRunner().invoke(main, [str(root), "--migrations"])
    assert shown.exit_code == 0
    assert shown.stderr.startswith("modlint: warning: 1 revision file could not be read and is not shown")


def test_unpacked_ids_and_lines_python_counts(tree: Make) -> None:
    text = "# page\x0c\u2028\nrevision, down_revision = 'o1', 'zz'\nbranch_labels = ('orders',)\n"
    text += "def upgrade(): pass\ndef downgrade(): pass\n"
    root = project(tree, {V + "orders_001_a.py": text})
    assert brief(lint(root, *GRAPH)) == [("MOD-022", V + "orders_001_a.py", 2, 33)]


def test_a_self_revising_revision_is_a_cycle(tree: Make) -> None:
    root = project(tree, {V + "orders_001_a.py": rev("o1", "'o1'", "branch_labels = ('orders',)")})
    assert [(f.line, f.column, f.message) for f in lint(root, "MOD-023").findings] == [
        (2, 17, "migrations revise each other in a cycle: o1 -> o1 (Alembic cannot order them)")
    ]


def test_a_cycle_across_modules_is_found_from_either_modules_files(tree: Make) -> None:
    """A narrowed run follows its modules' chains, not the whole graph: a cycle through another
    module is still found (and reported where the whole run reports it), one elsewhere is not
    looked for."""
    from modlint.results.scope import Scope

    billing, shipping = "app/modules/billing/migrations/versions/", "app/modules/shipping/migrations/versions/"
    root = project(
        tree,
        {
            **clean_module("shipping"),
            V + "orders_001_a.py": rev("o1", "None", "branch_labels = ('orders',)\ndepends_on = 'b2'"),
            V + "orders_002_b.py": rev("o2", "'o1'"),
            billing + "billing_001_a.py": rev("b1", "None", "branch_labels = ('billing',)"),
            billing + "billing_002_b.py": rev("b2", "'b1'", "depends_on = 'o2'"),  # o1 -> b2 -> o2 -> o1
            shipping + "shipping_001_a.py": rev("s1", "'s2'", "branch_labels = ('shipping',)"),
            shipping + "shipping_002_b.py": rev("s2", "'s1'"),  # a cycle of its own
        },
    )
    whole = [f for f in lint(root, "MOD-023").findings if "cycle" in f.message]
    assert len(whole) == 2
    for module in ("orders", "billing", "shipping"):
        first = sorted((root / f"app/modules/{module}/migrations/versions").iterdir())[0]
        rel = first.relative_to(root).as_posix()
        result = CliRunner().invoke(main, ["--pre-commit", str(first), "--select", "MOD-023", "--format", "json"])
        got = [(f["path"], f["line"], f["message"]) for f in json.loads(result.stdout)["findings"]]
        expected = [(f.path, f.line, f.message) for f in whole if Scope(changed=(rel,)).keeps(f, "app/modules")]
        assert got == expected, module
        crossing = [m for _, _, m in got if "b2 -> o2 -> o1 -> b2" in m]  # reported at its first file's
        assert len(crossing) == (module == "billing"), module


def test_a_central_project_folder_is_one_graph_with_the_modules(tree: Make) -> None:
    rules = (
        "rules:\n  - id: MOD-022\n    project_folders: [alembic/versions]\n"
        "  - id: MOD-023\n    project_folders: [alembic/versions]\n    one_head_per: project\n"
    )
    root = project(
        tree,
        {
            ".architecture-rules/a.yaml": rules,
            "alembic/versions/base.py": rev("base"),
            V + "orders_001_a.py": rev("o1", "'base'", "branch_labels = ('orders',)"),
            V + "orders_002_b.py": rev("o2", "'base'"),
        },
    )
    assert brief(lint(root, "MOD-022", "MOD-023")) == [("MOD-023", V + "orders_002_b.py", 1, 1)]


def test_a_pre_commit_run_of_one_module_sees_the_other_modules_revisions(tree: Make) -> None:
    billing = "app/modules/billing/migrations/versions/"
    root = project(
        tree,
        {
            billing + "billing_001_a.py": rev("x1", extra="branch_labels = ('billing',)"),
            V + "orders_001_a.py": rev("x1", extra="branch_labels = ('orders',)"),
        },
    )
    result = CliRunner().invoke(main, ["--select", "MOD-021", "--no-cache", str(root / V / "orders_001_a.py")])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].endswith(
        f"{V}orders_001_a.py:1:1: MOD021 revision 'x1' is also declared by '{billing}billing_001_a.py'"
    )
    assert billing + "billing_001_a.py:" not in result.stdout  # out of this run's scope


def test_migrations_view_text_and_refused_formats(tree: Make) -> None:
    root = project(
        tree,
        {
            V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"),
            V + "orders_002_b.py": rev("o2", "'o1'"),
            V + "orders_003_c.py": rev("o3", "'o1'"),
            V + "orders_004_m.py": rev("o4", "('o2', 'o3')"),
        },
    )
    shown = CliRunner().invoke(main, [str(root), "--migrations"])
    assert shown.exit_code == 0
    assert shown.stdout == ("orders: 4 revisions\n  root:  o1\n  heads: o4\n  merges: o4\nheads: o4\n")
    refused = CliRunner().invoke(main, [str(root), "--migrations", "--format", "sarif"])
    assert refused.exit_code == 2 and refused.stderr == "modlint: error: --migrations prints text or json, not sarif\n"


def test_a_narrowed_run_reports_what_the_whole_run_reports_in_its_scope(tree: Make) -> None:
    """A narrowed run reads the whole revision graph but reports only on the modules in its scope:
    each problem, in each module and the project folder, as the whole run finds it, scope applied."""
    from modlint.results.scope import Scope

    billing, shipping = "app/modules/billing/migrations/versions/", "app/modules/shipping/migrations/versions/"
    rules = "rules:\n" + "".join(f"  - id: {rule}\n    project_folders: [alembic/versions]\n" for rule in GRAPH)
    root = project(
        tree,
        {
            **clean_module("shipping"),
            ".architecture-rules/a.yaml": rules,
            "alembic/versions/base.py": rev("base", "'nowhere'"),
            "alembic/versions/base2.py": rev("base2", "'base'"),  # out of every module's scope, but read
            V + "orders_001_a.py": rev("o1", "'b1'", "branch_labels = ('orders',)"),  # joins billing's branch
            V + "orders_002_b.py": rev("o2", "'o1'"),
            V + "orders_003_c.py": rev("o3", "'o1'"),  # a second head
            V + "orders_004_d.py": "revision = 'o4'\n",  # no down_revision, no functions
            billing + "billing_001_a.py": rev("b1", "'base2'", "branch_labels = ('shipping',)"),  # another's label
            billing + "billing_002_b.py": rev("o2", "'b1'"),  # an id orders declares
            billing + "billing_003_c.py": rev("b3", "'gone'"),  # unknown
            shipping + "shipping_001_a.py": rev("s1", "'s2'", "branch_labels = ('shipping',)"),
            shipping + "shipping_002_b.py": rev("s2", "'s1'"),  # a cycle
        },
    )
    whole = lint(root, *GRAPH).findings
    assert {f.rule_id for f in whole} == set(GRAPH) and len({f.module for f in whole}) == 4
    for module in ("orders", "billing", "shipping"):
        first = sorted((root / f"app/modules/{module}/migrations/versions").iterdir())[0]
        rel = first.relative_to(root).as_posix()
        for args, scope in (
            (["--pre-commit", str(first)], Scope(changed=(rel,))),
            ([str(root / f"app/modules/{module}")], Scope(paths=(f"app/modules/{module}",))),
        ):
            result = CliRunner().invoke(main, [*args, "--select", ",".join(GRAPH), "--no-cache", "--format", "json"])
            got = [(f["rule"], f["path"], f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]]
            expected = [(f.rule_id, f.path, f.line, f.column) for f in whole if scope.keeps(f, "app/modules")]
            assert got == expected and got, (module, args)


def test_a_computed_id_in_a_chain_is_reported_alone(tree: Make) -> None:
    """o1 <- ('o' + '2') <- o3: the computed id is MOD-020's; o3's parent 'o2' and the two 'heads'
    (o1, o3) it seemed to leave were reported as well, though Alembic sees one head."""
    root = project(
        tree,
        {
            V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"),
            V + "orders_002_b.py": rev("o1", "'o1'").replace("'o1'", "'o' + '2'", 1),
            V + "orders_003_c.py": rev("o3", "'o2'"),
        },
    )
    assert brief(lint(root, *GRAPH)) == [("MOD-020", V + "orders_002_b.py", 1, 1)]


def test_a_down_revision_naming_a_label_is_reported_alone(tree: Make) -> None:
    """A label is no revision id to ``down_revision``: MOD-022, and no second head or unlabelled root."""
    root = project(
        tree,
        {
            V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"),
            V + "orders_002_b.py": rev("o2", "'orders'"),
        },
    )
    assert brief(lint(root, *GRAPH)) == [("MOD-022", V + "orders_002_b.py", 2, 17)]


def test_only_the_files_alembic_loads_are_revisions(tree: Make) -> None:
    """``__init__*.py`` and an editor's ``.#*`` lock file (a link to nowhere) are skipped by Alembic:
    a merge in ``__init__merge.py`` hid a real second head, and the lock file was MOD-000 and switched
    the graph's checks off."""
    root = project(
        tree,
        {
            V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"),
            V + "orders_002_b.py": rev("o2", "'o1'"),
            V + "orders_003_c.py": rev("o3", "'o1'"),
            V + "__init__merge.py": rev("o4", "('o2', 'o3')"),
        },
    )
    (root / V / ".#orders_002_b.py").symlink_to("someone@host.1234:1700000000")
    assert brief(lint(root, "MOD-000", *GRAPH)) == [("MOD-023", V + "orders_003_c.py", 1, 1)]


def test_a_project_folder_that_is_also_a_module_folder_is_read_once(tree: Make) -> None:
    rules = "rules:\n  - id: MOD-021\n    project_folders: [app/modules/orders/migrations/versions]\n"
    files = {".architecture-rules/a.yaml": rules, V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)")}
    root = project(tree, files)
    assert brief(lint(root, *GRAPH)) == []


@pytest.mark.parametrize(
    ("after", "line", "column"),
    [
        ("down_revision += 'x'", 3, 1),
        ("if True:\n    down_revision = 'zz'", 4, 5),
        ("for down_revision in ['zz']:\n    pass", 3, 5),
        ("(down_revision := 'zz')", 3, 2),
        ("from os import sep as down_revision", 3, 1),
        ("def down_revision() -> None: ...", 3, 1),
        ("del down_revision", 3, 5),
        ("revision, down_revision = ('o3', 'o1')[::1]", 3, 11),
    ],
)
def test_a_revision_variable_bound_again_is_no_literal(tree: Make, after: str, line: int, column: int) -> None:
    """Only plain assignments were read: a value bound again later was ignored, and the earlier
    literal used with confidence (Alembic fails on these, or sees another value)."""
    text = rev("o2", "'o1'").replace("\n\ndef upgrade", f"{after}\n\ndef upgrade", 1)
    root = project(
        tree, {V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"), V + "orders_002_b.py": text}
    )
    found = [(f.rule_id, f.line, f.column) for f in lint(root, *GRAPH).findings if f.path.endswith("orders_002_b.py")]
    assert ("MOD-020", line, column) in found
    assert {rule for rule, _, _ in found} == {"MOD-020"}


def test_a_computed_id_in_one_module_does_not_hide_an_unknown_parent_in_another(tree: Make) -> None:
    billing = "app/modules/billing/migrations/versions/"
    root = project(
        tree,
        {
            V + "orders_001_a.py": rev("o1", extra="branch_labels = ('orders',)"),
            V + "orders_002_b.py": rev("o2", "'o_1'"),
            billing + "billing_001_a.py": rev("b1", extra="branch_labels = ('billing',)").replace("'b1'", "'b' + '1'"),
        },
    )
    assert ("MOD-022", V + "orders_002_b.py", 2, 17) in brief(lint(root, *GRAPH))


def test_names_a_comprehension_or_a_bare_annotation_binds_are_not_the_revisions() -> None:
    text = (
        "revision = 'o2'\ndown_revision = 'o1'\nrevision: str\n"
        "TABLES = [revision for revision in ('a', 'b')]\nANY = any(depends_on for depends_on in ())\n"
    )
    facts = migration_of(ast.parse(text), text)
    assert facts.revision is not None and facts.revision.values == ("o2",)
    assert facts.depends_on is None
