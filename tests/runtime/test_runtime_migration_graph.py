"""The migration graph rules (MOD-020..025) against Alembic itself: real ScriptDirectory, real
``upgrade heads`` on SQLite, no mocks.

Valid generated chains: modlint finds nothing and its heads are Alembic's heads. Broken chains: modlint
reports each with its rule and location, and the test records what Alembic does with the same files
(README's "what Alembic does" table is this test's table).
"""

from __future__ import annotations

import json
import random
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from modlint.checks.migration_graph import MigrationGraph
from modlint.config.loading import load_config
from modlint.pipeline import analyse, check
from modlint.runtime import Registry

from runtime_helpers import MakeApp, alembic_config, definition, tables

GRAPH_RULES = ("MOD-020", "MOD-021", "MOD-022", "MOD-023", "MOD-024", "MOD-025")


@dataclass
class Rev:
    """One revision file to write."""

    module: str
    rid: str
    down: str | tuple[str, ...] | None = None
    labels: tuple[str, ...] | None = None
    depends: str | tuple[str, ...] | None = None
    body: str | None = None  # the file's text, when the test breaks it by hand


@dataclass
class Tree:
    """Modules with their requires and their revisions."""

    requires: dict[str, list[str]] = field(default_factory=dict)
    revisions: list[Rev] = field(default_factory=list)

    def add(self, rev: Rev) -> Rev:
        self.revisions.append(rev)
        return rev


def source(rev: Rev, index: int) -> str:
    if rev.body is not None:
        return rev.body
    table = f"t_{rev.rid}"
    return (
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = {rev.rid!r}\ndown_revision = {rev.down!r}\nbranch_labels = {rev.labels!r}\n"
        f"depends_on = {rev.depends!r}\n\n\n"
        f"def upgrade() -> None:\n    op.create_table({table!r}, sa.Column('id', sa.Integer, primary_key=True))\n\n\n"
        f"def downgrade() -> None:\n    op.drop_table({table!r})\n"
    )


@dataclass(frozen=True)
class Project:
    root: Path
    package: str

    def path(self, rev: Rev, index: int) -> str:
        return f"{self.package.replace('.', '/')}/{rev.module}/migrations/versions/{rev.module}_{index:03d}_step.py"


def write(make_app: MakeApp, tmp_path: Path, tree: Tree) -> Project:
    files: dict[str, str | None] = {}
    for name, requires in tree.requires.items():
        files[f"{name}/__init__.py"] = ""
        files[f"{name}/definition.py"] = definition(name, requires=requires)
        files[f"{name}/migrations/__init__.py"] = ""
        files[f"{name}/migrations/versions/__init__.py"] = ""
    for index, rev in enumerate(tree.revisions):
        files[f"{rev.module}/migrations/versions/{rev.module}_{index:03d}_step.py"] = source(rev, index)
    package = make_app(files)
    (tmp_path / "pyproject.toml").write_text(f'[tool.modlint]\nmodules-root = "{package.replace(".", "/")}"\n')
    return Project(tmp_path, package)


def modlint_findings(project: Project) -> list[tuple[str, str, int, int]]:
    config = load_config(project.root)
    report = check(config, config.active_rules(list(GRAPH_RULES)))
    return [(f.rule_id, f.path, f.line, f.column) for f in report.findings]


def modlint_heads(project: Project) -> set[str]:
    config = load_config(project.root)
    rule = next(r for r in config.ruleset.rules if r.id == "MOD-023")
    assert isinstance(rule, MigrationGraph)
    return {str(head.id) for head in rule.chains(analyse(config, [rule])).heads()}


def valid_tree(seed: int) -> Tree:
    """Each module a branch from its own labelled root (ordered after a required module's revision), with
    linear steps, now and then two steps merged again, and ``depends_on`` edges to required modules."""
    rng = random.Random(seed)
    names = [f"m{i}" for i in range(rng.randint(2, 4))]
    tree = Tree({name: rng.sample(names[:i], rng.randint(0, i)) for i, name in enumerate(names)})
    heads: dict[str, str] = {}
    made: dict[str, list[str]] = {}
    for name in names:
        required = tree.requires[name]
        after = None  # a module's chain starts from None; depends_on orders it after a required module
        if required and rng.random() < 0.4:
            after = rng.choice(made[rng.choice(required)])
        root = tree.add(Rev(name, f"{name}_r0", None, (name,), depends=after))
        made[name] = [root.rid]
        heads[name] = root.rid
        for step in range(1, rng.randint(1, 5)):
            rid = f"{name}_r{step}"
            if rng.random() < 0.3:  # a branch of two steps, merged right away
                a, b = tree.add(Rev(name, rid + "a", heads[name])), tree.add(Rev(name, rid + "b", heads[name]))
                merged = tree.add(Rev(name, rid + "m", (a.rid, b.rid)))
                made[name] += [a.rid, b.rid, merged.rid]
                heads[name] = merged.rid
                continue
            depends = None
            if required and rng.random() < 0.3:
                depends = rng.choice(made[rng.choice(required)])
            rev = tree.add(Rev(name, rid, heads[name], depends=depends))
            made[name].append(rev.rid)
            heads[name] = rev.rid
    return tree


@pytest.mark.parametrize("seed", range(10))
def test_valid_chains_are_clean_and_heads_agree_with_alembic(make_app: MakeApp, tmp_path: Path, seed: int) -> None:
    tree = valid_tree(seed)
    project = write(make_app, tmp_path, tree)
    assert modlint_findings(project) == []
    database = tmp_path / "db.sqlite"
    config = alembic_config(database, Registry(project.package))
    assert modlint_heads(project) == set(ScriptDirectory.from_config(config).get_heads())
    command.upgrade(config, "heads")
    assert tables(database) == {f"t_{rev.rid}" for rev in tree.revisions}


def _outcome(config: Config, action: Callable[[], object]) -> str:
    """What Alembic did: the exception it raised, a warning, or nothing."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            action()
        except Exception as exc:
            first = str(exc).splitlines()[0].split(";")[0] if str(exc) else ""
            return f"raises {type(exc).__name__}: {first}"
    messages = [str(w.message) for w in caught if "alembic" in str(w.filename) or "Revision" in str(w.message)]
    return f"warns: {messages[0]}" if messages else "nothing"


def _base() -> Tree:
    tree = Tree({"billing": [], "orders": ["billing"]})
    tree.add(Rev("billing", "b1", None, ("billing",)))
    tree.add(Rev("orders", "o1", None, ("orders",)))
    tree.add(Rev("orders", "o2", "o1"))
    return tree


BROKEN: dict[str, tuple[Callable[[Tree], None], tuple[str, int, int, int], str]] = {
    # name: (how to break the base tree, (rule, file index, line, column), what Alembic does)
    "no-down-revision": (
        lambda t: setattr(
            t.revisions[2], "body", "revision = 'o2'\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
        ),
        ("MOD-020", 2, 1, 1),
        "upgrade orders@head: raises AttributeError: module 'orders_002_step_py' has no attribute 'down_revision'",
    ),
    "duplicate-id": (
        lambda t: t.add(Rev("orders", "o2", "o1")),
        ("MOD-021", 2, 4, 1),
        "upgrade heads: warns: Revision o2 is present more than once",
    ),
    "unknown-parent": (
        lambda t: setattr(t.revisions[2], "down", "o0"),
        ("MOD-022", 2, 5, 17),
        "upgrade heads: raises KeyError: 'o0'",
    ),
    "two-heads": (
        lambda t: t.add(Rev("orders", "o3", "o1")),
        ("MOD-023", 3, 4, 1),
        "upgrade orders@head: raises CommandError: Multiple head revisions are present for given argument 'orders@head'",
    ),
    "cycle": (
        lambda t: setattr(t.revisions[1], "down", "o2"),
        ("MOD-023", 1, 5, 17),
        "upgrade heads: raises CommandError: Cycle is detected in revisions (o1, o2)",
    ),
    "label-reused": (
        lambda t: setattr(t.revisions[0], "labels", ("orders",)),
        ("MOD-024", 0, 6, 1),
        "upgrade heads: raises CommandError: Branch name 'orders' in revision",
    ),
    "id-with-a-dash": (
        lambda t: setattr(t.revisions[2], "rid", "o-2"),
        ("MOD-020", 2, 4, 12),
        "upgrade heads: raises CommandError: Character(s) '-' not allowed in revision identifier 'o-2'",
    ),
    "label-twice-on-one-revision": (
        lambda t: setattr(t.revisions[2], "labels", ("feat", "feat")),
        ("MOD-024", 2, 6, 1),
        "upgrade heads: raises CommandError: Branch name 'feat' in revision o2 already used by revision o2",
    ),
    "undeclared-module": (
        lambda t: (t.requires.__setitem__("orders", []), setattr(t.revisions[1], "down", "b1")),
        ("MOD-025", 1, 5, 17),
        "upgrade heads: nothing",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_chains_are_reported_and_alembic_outcome_is_recorded(
    make_app: MakeApp, tmp_path: Path, name: str
) -> None:
    breaks, (rule, index, line, column), alembic_does = BROKEN[name]
    tree = _base()
    breaks(tree)
    project = write(make_app, tmp_path, tree)
    expected = (rule, project.path(tree.revisions[index], index), line, column)
    assert expected in modlint_findings(project)
    config = alembic_config(tmp_path / "db.sqlite", Registry(project.package))
    target = alembic_does.split(":", 1)[0].removeprefix("upgrade ")
    outcome = _outcome(config, lambda: command.upgrade(config, target))
    assert f"upgrade {target}: {outcome}".startswith(alembic_does)  # Alembic names the pair in set order


def test_an_undeclared_cross_module_parent_breaks_when_that_module_is_disabled(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """MOD-025's reason: Alembic is fine until the runtime leaves the other module's folder out."""
    tree = _base()
    BROKEN["undeclared-module"][0](tree)
    project = write(make_app, tmp_path, tree)
    config = alembic_config(tmp_path / "db.sqlite", Registry(project.package, disabled=["billing"]))
    assert _outcome(config, lambda: command.upgrade(config, "heads")) == "raises KeyError: 'b1'"


@pytest.mark.usefixtures("shop")
def test_the_migrations_view_of_the_shop_shows_alembics_heads(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from modlint.cli import main

    from runtime_helpers import SHOP, SHOP_PACKAGE

    shown = CliRunner().invoke(main, [str(SHOP), "--migrations", "--format", "json"])
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.stdout)
    config = alembic_config(tmp_path / "db.sqlite", Registry(SHOP_PACKAGE))
    assert sorted(document["heads"]) == sorted(ScriptDirectory.from_config(config).get_heads())
    payments = next(m for m in document["modules"] if m["module"] == "payments")
    assert payments["cross_module"] == [
        {"revision": "payments_001", "variable": "depends_on", "names": "customers_001", "module": "customers"}
    ]
