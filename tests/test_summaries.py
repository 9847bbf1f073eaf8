"""Module summaries: a narrowed run takes the modules out of its scope from their summaries when
nothing about them changed, and reports exactly what a run without any cache reports."""

from __future__ import annotations

import json
import marshal
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate import generate
from modlint.cli import main
from modlint.facts.summaries import FILES, KEPT_SELECTIONS, ModuleSummaries, Served
from modlint.files import unseal


def narrowed(root: Path, path: Path, *extra: str) -> tuple[dict[str, object], str]:
    result = CliRunner().invoke(main, ["--pre-commit", str(path), "--format", "json", "--show-timings", *extra])
    assert result.exit_code in (0, 1), result.output
    stats = next(line for line in result.stderr.splitlines() if line.strip().startswith("files:"))
    return json.loads(result.stdout), stats


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Modules that import what they require, with cycles and undeclared imports among them."""
    root = tmp_path_factory.mktemp("summaries") / "tree"
    generate(root, modules=24, seed=5, boundaries=True)
    return root


def service_of(root: Path, index: int) -> Path:
    modules = sorted(p for p in (root / "app" / "modules").iterdir() if p.is_dir())
    return sorted((modules[index] / "services").glob("*_service.py"))[0]


def summaries_files(root: Path) -> list[Path]:
    """The summaries files, the most recently written first."""
    found = (root / ".modlint_cache").glob(f"facts-*/{FILES}")
    return sorted(found, key=lambda path: path.stat().st_mtime_ns, reverse=True)


def stored(file: Path) -> dict[str, object]:
    """The summaries a file holds, by module."""
    raw: dict[str, object] = marshal.loads(unseal(file.read_bytes()))[3]
    return raw


def test_narrowed_runs_from_summaries_equal_runs_without_cache(tree: Path) -> None:
    for index in (0, 5, 11, 23):
        path = service_of(tree, index)
        expected, _ = narrowed(tree, path, "--no-cache")
        first, _ = narrowed(tree, path)  # reads the other modules and summarises them
        assert len(stored(summaries_files(tree)[0])) >= 23  # at least every module but the one in scope
        path.write_text(path.read_text() + "\n# edited\n")  # the file being committed changed
        expected_after, _ = narrowed(tree, path, "--no-cache")
        served, stats = narrowed(tree, path)
        assert first == expected and served == expected_after
        assert "1 screened" in stats or "1 parsed" in stats  # the edited file; the rest from the summaries


def _cycle(path: Path, other: Path) -> None:
    """Make ``path``'s module and ``other``'s import each other."""
    mine, theirs = path.parent.parent.name, other.parent.parent.name
    path.write_text(f"from app.modules.{theirs}.services import {other.stem}\n" + path.read_text())
    other.write_text(f"from app.modules.{mine}.services import {path.stem}\n" + other.read_text())


def cycles(report: dict[str, object]) -> list[object]:
    return [f for f in report["findings"] if f["rule"] == "MOD-018"]  # type: ignore[attr-defined, index]


def test_a_change_out_of_scope_is_seen(tree: Path) -> None:
    """Another module's file edited (not the one committed): its summary no longer fits, so it is read."""
    path, other = service_of(tree, 2), service_of(tree, 3)
    before, _ = narrowed(tree, path)
    _cycle(path, other)
    expected, _ = narrowed(tree, path, "--no-cache")
    got, _ = narrowed(tree, path)
    assert got == expected and len(cycles(got)) == len(cycles(before)) + 1


def test_a_new_file_out_of_scope_is_seen(tree: Path) -> None:
    """A file added to another module is in no request its summary was made for: the module's
    listing is part of the summary's key, so the module is read again."""
    path, other = service_of(tree, 14), service_of(tree, 15)
    before, _ = narrowed(tree, path)
    mine = path.parent.parent.name
    added = other.parent / "added_service.py"
    added.write_text(f"from app.modules.{mine}.services import {path.stem}\n")
    path.write_text(f"from app.modules.{other.parent.parent.name}.services import {other.stem}\n" + path.read_text())
    expected, _ = narrowed(tree, path, "--no-cache")
    got, _ = narrowed(tree, path)
    assert got == expected and len(cycles(got)) > len(cycles(before))


def test_summaries_made_for_other_rules_are_not_used(tree: Path) -> None:
    """What a run asks of another module depends on its rules: a summary made by a ``--select``
    run does not serve a run of the whole rule set, nor the other way round."""
    path, other = service_of(tree, 16), service_of(tree, 17)
    # a revision of this module that follows one of the other module's: only the whole rule set
    # asks the other module's revision files for their migration literals
    theirs, mine = other.parent.parent / "migrations" / "versions", path.parent.parent / "migrations" / "versions"
    for folder, name, down in ((theirs, "theirs_1", "None"), (mine, "mine_1", "'theirs_1'")):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.py").write_text(f"revision = '{name}'\ndown_revision = {down}\n")
    for first, then in ((("--select", "MOD-018"), ()), ((), ("--select", "MOD-018"))):
        narrowed(tree, path, *first)
        path.write_text(path.read_text() + "\n# edited\n")
        expected, _ = narrowed(tree, path, "--no-cache", *then)
        got, _ = narrowed(tree, path, *then)
        assert got == expected


def test_a_moved_modules_root_is_read_again(tmp_path: Path) -> None:
    """Moving the modules root keeps every file's stat; with both places source roots the package
    is the same too. The summaries must not serve facts stored under the old paths."""
    root = tmp_path / "tree"
    generate(root, modules=6, seed=5, boundaries=True)
    config = root / "pyproject.toml"
    config.write_text(config.read_text() + 'source-roots = [".", "src"]\n')
    path, other = service_of(root, 0), service_of(root, 1)
    _cycle(path, other)
    narrowed(root, path, "--select", "MOD-018")  # summarises the other modules at app/modules
    (root / "src" / "app").mkdir(parents=True)
    (root / "app" / "modules").rename(root / "src" / "app" / "modules")
    config.write_text(config.read_text() + 'modules-root = "src/app/modules"\n')
    moved = root / "src" / path.relative_to(root)
    moved.write_text(moved.read_text() + "\n# edited\n")
    expected, _ = narrowed(root, moved, "--select", "MOD-018", "--no-cache")
    got, _ = narrowed(root, moved, "--select", "MOD-018")
    assert got == expected and cycles(got) != []


def test_a_cycle_through_a_summarised_module_is_found(tree: Path) -> None:
    """The other module's side of a cycle comes from its summary: its import must have been kept."""
    path, other = service_of(tree, 12), service_of(tree, 13)
    _cycle(path, other)
    first, _ = narrowed(tree, path)  # summarises the other module, its import of this one included
    path.write_text(path.read_text() + "\n# edited\n")
    expected, _ = narrowed(tree, path, "--no-cache")
    served, _ = narrowed(tree, path)
    assert served == expected and cycles(served) == cycles(first) != []


def test_a_suppression_in_another_modules_file_still_counts(tree: Path) -> None:
    """A cycle is reported at an import that may lie in a module out of scope: its noqa must be kept."""
    path, other = service_of(tree, 7), service_of(tree, 8)
    mine, theirs = path.parent.parent.name, other.parent.parent.name
    other.write_text(f"from app.modules.{mine}.services import {path.stem}  # noqa: MOD018\n" + other.read_text())
    path.write_text(f"from app.modules.{theirs}.services import {other.stem}\n" + path.read_text())
    narrowed(tree, path)
    path.write_text(path.read_text() + "\n# edited\n")
    expected, _ = narrowed(tree, path, "--no-cache")
    got, _ = narrowed(tree, path)
    assert got == expected


def test_runs_of_two_rule_selections_keep_their_summaries_apart(tree: Path) -> None:
    """A pre-commit configuration may run modlint twice, once with a ``--select`` of its own: each
    selection keeps a summaries file of its own, so neither run makes the other read every other
    module again (one file for both was rewritten by each run in turn)."""
    path = service_of(tree, 19)
    selections: tuple[tuple[str, ...], ...] = ((), ("--select", "MOD-018"))
    for extra in selections:
        narrowed(tree, path, *extra)
    written = {file: file.stat().st_mtime_ns for file in summaries_files(tree)}
    for extra in selections * 2:
        path.write_text(path.read_text() + "\n# edited\n")
        expected, _ = narrowed(tree, path, "--no-cache", *extra)
        got, _ = narrowed(tree, path, *extra)
        assert got == expected
    assert {file: file.stat().st_mtime_ns for file in summaries_files(tree)} == written


def test_only_the_most_recent_selections_keep_summaries(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    generate(root, modules=4, seed=1, boundaries=True)
    path = service_of(root, 0)
    selections = ["MOD-016", "MOD-017", "MOD-018", "MOD-016,MOD-017", "MOD-017,MOD-018", "MOD-016,MOD-018"]
    for selection in selections:
        narrowed(root, path, "--select", selection)
    assert len(summaries_files(root)) == KEPT_SELECTIONS < len(selections)


def test_a_damaged_summaries_file_is_ignored(tree: Path) -> None:
    path = service_of(tree, 9)
    narrowed(tree, path)
    for file in summaries_files(tree):
        file.write_bytes(file.read_bytes()[:-7] + b"garbage")
    expected, _ = narrowed(tree, path, "--no-cache")
    got, _ = narrowed(tree, path)
    assert got == expected


def test_a_file_that_could_not_be_read_is_never_summarised(tmp_path: Path) -> None:
    """A read error may be gone by the next run, with the file's stat unchanged (the facts cache
    keeps no such facts either)."""
    from modlint.facts.model import Depth, FileFacts, ParseProblem
    from modlint.facts.reading import READ_PROBLEM, ReadRequest
    from modlint.findings import Position

    store = ModuleSummaries(tmp_path, "app.modules", "")
    path = "app/modules/orders/services/x.py"
    requests = [ReadRequest(path, Depth.IMPORTS)]
    broken = FileFacts(path, problem=ParseProblem(Position(), f"{READ_PROBLEM}: Input/output error"))
    store.record("orders", ("key", "light"), requests, {path: broken})
    assert "orders" not in store.raw
    store.record("orders", ("key", "light"), requests, {path: FileFacts(path, depth=Depth.IMPORTS)})
    assert store.served("orders", "key") == Served({}, (path,))  # a file that imports nothing: counted, not built
    assert store.served("orders", "another key") is None


def test_a_whole_project_run_keeps_the_summaries(tree: Path) -> None:
    """A whole-project run prunes the facts cache of shards it no longer needs: never the summaries,
    which the next pre-commit run wants (it used to delete them, so every narrowed run after a full
    one summarised every module again)."""
    path = service_of(tree, 15)
    narrowed(tree, path)
    before = stored(summaries_files(tree)[0])
    result = CliRunner().invoke(main, [str(tree), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert stored(summaries_files(tree)[0]) == before


def _revision(folder: Path, name: str, revision: str, down: str = "None", extra: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.py").write_text(
        f"revision = {revision!r}\ndown_revision = {down}\n{extra}\n\n"
        "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    )


def test_the_migration_graph_through_summarised_modules_is_the_whole_graph(tree: Path) -> None:
    """Another module's revisions are served as their outlines (ids, edges and labels, no positions):
    what the graph says of the commit's module (an id declared twice, a label carried elsewhere, a
    cycle through the other module, a name only the other module's file declares) is what it says
    without any cache; and the other module's summary holds no revision literal's position."""
    path, other = service_of(tree, 9), service_of(tree, 10)
    mine, theirs = path.parent.parent, other.parent.parent
    versions, elsewhere = mine / "migrations" / "versions", theirs / "migrations" / "versions"
    _revision(versions, "zz_mine_a", "loop_a", "None", "depends_on = 'loop_b'")
    _revision(elsewhere, "zz_theirs_b", "loop_b", "None", "depends_on = ('loop_a',)")
    _revision(elsewhere, "zz_theirs_dup", "loop_a", "None", f"branch_labels = ({mine.name!r},)")
    _revision(versions, "zz_mine_needs", "needs_c", "None", "depends_on = 'theirs_label'")
    _revision(elsewhere, "zz_theirs_label", "label_c", "'loop_b'", "branch_labels = ['theirs_label']")
    narrowed(tree, path)  # summarises the other module
    path.write_text(path.read_text() + "\n# edited\n")
    expected, _ = narrowed(tree, path, "--no-cache")
    served, _ = narrowed(tree, path)
    assert served == expected
    rules = {f["rule"] for f in served["findings"]}  # type: ignore[attr-defined, index]
    assert {"MOD-021", "MOD-023", "MOD-024"} <= rules, rules
    summary = stored(summaries_files(tree)[0])[theirs.name]
    entries = {entry[0]: entry[1:] for entry in summary[2]}  # type: ignore[index]
    blob, parsed = entries[f"{theirs.relative_to(tree).as_posix()}/migrations/versions/zz_theirs_b.py"]
    kept = marshal.loads(blob)
    assert parsed and kept[10] is None and kept[11] == ("loop_b", True, (), ("loop_a",), ())  # an outline only


def test_a_narrowed_run_decodes_only_what_its_checks_look_at(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Served facts stay encoded until a check asks (:class:`DeferredFacts`): a hook run looks at
    its own module, the modules it reaches and the revision outlines, not at every module's
    definition."""
    from modlint import codec
    from modlint.facts.model import FileFacts

    path = service_of(tree, 6)
    module = path.parent.parent.relative_to(tree).as_posix() + "/"
    narrowed(tree, path)
    path.write_text(path.read_text() + "\n# edited\n")
    decoded: list[str] = []
    plain = codec.decode

    def counting(kind: type, data: object, *, compiled: bool = False) -> object:
        if kind is FileFacts and isinstance(data, tuple) and not str(data[0]).startswith(module):
            decoded.append(str(data[0]))
        return plain(kind, data, compiled=compiled)

    monkeypatch.setattr(codec, "decode", counting)
    served, _ = narrowed(tree, path)
    monkeypatch.undo()
    expected, _ = narrowed(tree, path, "--no-cache")
    assert served == expected
    definitions = [p for p in decoded if p.endswith("/definition.py")]
    assert len(definitions) < 8, definitions  # of 24 modules: at most those the module reaches


def test_a_file_a_summary_holds_and_the_run_reads_counts_once(tmp_path: Path) -> None:
    """A project folder of revisions inside a module folder: the module's summary holds its files
    (as empty views of the module's imports) and the run reads them as the project folder's too."""
    root = tmp_path / "tree"
    generate(root, modules=6, seed=21, boundaries=True)
    modules = sorted(p for p in (root / "app" / "modules").iterdir() if p.is_dir())
    holder, user = modules[1], modules[4]
    legacy = holder / "legacy_versions"
    legacy.mkdir()
    (legacy / "__init__.py").write_text("")
    (legacy / "old_1.py").write_text(
        "revision = 'old_1'\ndown_revision = None\n\ndef upgrade():\n    pass\n\ndef downgrade():\n    pass\n"
    )
    path = sorted((user / "services").glob("*_service.py"))[0]
    theirs = sorted((holder / "services").glob("*_service.py"))[0]
    path.write_text(f"from app.modules.{holder.name}.services import {theirs.stem}\n" + path.read_text())
    (root / ".architecture-rules").mkdir()
    (root / ".architecture-rules" / "team.yaml").write_text(
        "rules:\n  - id: TEAM-1\n    name: legacy-heads\n    severity: warning\n    description: One head.\n"
        f"    check: migration_graph\n    problem: heads\n    project_folders: [{legacy.relative_to(root).as_posix()}]\n"
    )
    narrowed(root, path)
    path.write_text(path.read_text() + "\n# edited\n")
    expected, _ = narrowed(root, path, "--no-cache")
    served, _ = narrowed(root, path)
    assert served == expected
