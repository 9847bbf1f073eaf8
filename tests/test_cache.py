"""The facts cache and parallel parsing: same findings cold, warm, serial and parallel; never a crash."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from benchmarks.generate import generate
from modlint import values
from modlint.cli import main
from modlint.facts import cache, reading
from modlint.facts.cst.extract import parse_facts
from modlint.facts.model import FileFacts
from modlint.layout import DefinitionSpec

from helpers import FIXTURES, M, Tree, clean_module

Make = Callable[[Tree], Path]


def invoke(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, [str(root), "--format", "json", "--show-timings", *args])


def stats(result: Result) -> str:
    return next(line for line in result.stderr.splitlines() if line.strip().startswith("files:"))


def findings(result: Result) -> list[dict[str, object]]:
    return list(json.loads(result.stdout)["findings"])


def forget_results(root: Path) -> None:
    """Drop the stored findings so that the next run goes through the facts cache."""
    for path in (root / ".modlint_cache").glob("results-*.bin"):
        path.unlink()


REUSED = "none read (nothing changed"


@pytest.fixture
def project(tree: Make) -> Path:
    return tree({**clean_module(), M + "routes/api/items.py": "api = make()  # noqa: MOD013\n"})


def test_cold_then_warm_run(project: Path) -> None:
    cold = invoke(project)
    assert "0 from cache" in stats(cold)
    assert (project / ".modlint_cache/.gitignore").read_text().endswith("*\n")
    warm = invoke(project)
    assert REUSED in stats(warm)
    assert findings(warm) == findings(cold) and len(findings(cold)) == 2
    forget_results(project)
    from_facts = invoke(project)
    assert "0 parsed" in stats(from_facts) and "0 scanned" in stats(from_facts)
    assert findings(from_facts) == findings(cold)


def test_results_are_not_reused_when_anything_changed(project: Path) -> None:
    invoke(project)
    (project / M / "migrations/versions").mkdir(parents=True)
    (project / M / "migrations/versions/Bad_Name.py").write_text("")  # a file no rule reads
    assert "MOD-014" in [f["rule"] for f in findings(invoke(project))]
    route = project / M / "routes/api/items.py"
    route.write_text("api = make()  # noqa: MOD010\n")  # only a comment changed
    assert "MOD-010" not in [f["rule"] for f in findings(invoke(project))]
    assert REUSED in stats(invoke(project))


def test_results_are_not_reused_after_a_change_no_finding_shows(tmp_path: Path) -> None:
    """Each kind of change the results fingerprint must see, shown by the run reading again: a new
    empty folder in a module, a legacy (project) file edited, a module renamed, a file's stat."""
    root = Path(shutil.copytree(FIXTURES / "shop", tmp_path / "shop"))
    changes = [
        lambda: (root / "app/modules/orders/empty").mkdir(),
        lambda: (root / "app/services/order_service.py").write_text("# edited\n"),
        lambda: (root / "app/modules/orders").rename(root / "app/modules/purchases"),
        lambda: os.utime(root / "app/modules/purchases/definition.py", ns=(1, 1)),
    ]
    invoke(root)
    assert REUSED in stats(invoke(root))
    for change in changes:
        change()
        assert REUSED not in stats(invoke(root))
        assert REUSED in stats(invoke(root))


def test_content_change_is_reparsed_and_touch_is_not(project: Path) -> None:
    invoke(project)
    route = project / M / "routes/api/items.py"
    route.write_text("router = make()\n")
    changed = invoke(project)
    assert "1 parsed" in stats(changed) and findings(changed) == []
    route.write_text("router = make()\n")  # same bytes, new mtime: found by content digest
    touched = invoke(project)
    assert "0 parsed" in stats(touched) and REUSED not in stats(touched)


def test_rule_set_change_invalidates(project: Path) -> None:
    invoke(project)
    (project / ".architecture-rules").mkdir()
    (project / ".architecture-rules/x.yaml").write_text("rules:\n  - id: MOD-013\n    severity: error\n")
    assert "0 from cache" in stats(invoke(project))
    forget_results(project)
    assert "0 parsed" in stats(invoke(project, "--select", "MOD010"))  # selection is not a rule-set change


def test_version_change_invalidates(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    invoke(project)
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    assert "0 from cache" in stats(invoke(project))


@pytest.mark.parametrize("content", [b"garbage", b"", marshal.dumps(("someone-else", {})), marshal.dumps(42)])
def test_corrupt_or_foreign_cache_is_rebuilt(project: Path, content: bytes) -> None:
    expected = findings(invoke(project))
    for path in (project / ".modlint_cache").rglob("*.bin"):
        path.write_bytes(content)
    again = invoke(project)
    assert again.exit_code == 1 and findings(again) == expected
    assert REUSED in stats(invoke(project))
    forget_results(project)
    assert "0 parsed" in stats(invoke(project))


def test_no_cache_and_cache_dir(project: Path, tmp_path: Path) -> None:
    invoke(project, "--no-cache")
    assert not (project / ".modlint_cache").exists()
    invoke(project, "--cache-dir", str(tmp_path / "elsewhere"))
    assert list((tmp_path / "elsewhere").glob("facts-*/*.bin"))
    assert not (project / ".modlint_cache").exists()


def test_unwritable_cache_dir_is_not_fatal(project: Path) -> None:
    (project / "blocker").write_text("a file where the cache folder would go\n")
    (project / "pyproject.toml").write_text('[tool.modlint]\ncache-dir = "blocker"\n')
    result = invoke(project)
    assert result.exit_code == 1 and len(findings(result)) == 2
    assert invoke(project, "--cache-dir", str(project / "blocker")).exit_code == 2  # the option is checked up front


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gen") / "tree"
    generate(root, modules=20, seed=3)
    return root


def test_serial_parallel_cold_warm_agree(generated: Path, tmp_path: Path) -> None:
    serial = invoke(generated, "--no-cache", "--jobs", "1")
    parallel = invoke(generated, "--no-cache", "--jobs", "2")
    cold = invoke(generated, "--cache-dir", str(tmp_path / "c"), "--jobs", "2")
    warm = invoke(generated, "--cache-dir", str(tmp_path / "c"), "--jobs", "2")
    assert REUSED in stats(warm)
    for path in (tmp_path / "c").glob("results-*.bin"):
        path.unlink()
    from_facts = invoke(generated, "--cache-dir", str(tmp_path / "c"), "--jobs", "1")
    assert "0 parsed, 0 screened" in stats(from_facts)  # every entry decodes (combined depths too)
    assert findings(serial) == findings(parallel) == findings(cold) == findings(warm) == findings(from_facts)
    assert len(findings(serial)) > 10


def _libcst_facts(
    rel_path: str, tree: object, text: str, package: str, definition: DefinitionSpec, lines: object = None
) -> FileFacts:
    """The libcst extractor, with libcst's own positions, in place of the ``ast`` one."""
    return parse_facts(rel_path, text, package, definition=definition, reference=True)


@pytest.mark.parametrize("root", ["generated", "shop"])
def test_ast_facts_and_libcst_facts_give_byte_identical_json(
    root: str, generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = generated if root == "generated" else FIXTURES / "shop"
    for output in ("json", "sarif"):
        from_ast = invoke(tree, "--no-cache", "--jobs", "1", "--format", output)
        with monkeypatch.context() as patched:
            patched.setattr(reading, "ast_facts", _libcst_facts)
            from_libcst = invoke(tree, "--no-cache", "--jobs", "1", "--format", output)
        assert from_ast.exit_code == from_libcst.exit_code == 1
        assert from_ast.stdout == from_libcst.stdout


def test_two_concurrent_processes_share_a_cache(generated: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "modlint", str(generated), "--format", "json", "--cache-dir", str(tmp_path / "c")]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    expected = findings(invoke(generated, "--no-cache"))
    assert [json.loads(out)["findings"] for out in outputs] == [expected, expected]
    assert findings(invoke(generated, "--cache-dir", str(tmp_path / "c"))) == expected


def test_a_same_size_edit_with_its_mtime_put_back_is_seen(project: Path) -> None:
    """``touch -r`` / ``cp -p`` / archive extraction restore mtime; the change time and inode they
    cannot, so the stat fast path misses and the content digest decides."""
    import os

    code = project / M / "definition.py"
    assert not findings(invoke(project, "--select", "MOD-012"))
    before = code.stat()
    text = code.read_text()
    flipped = text.replace('code="orders"', 'code="orderz"')
    assert len(flipped) == len(text)
    code.write_text(flipped)
    os.utime(code, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert code.stat().st_mtime_ns == before.st_mtime_ns and code.stat().st_size == before.st_size
    assert [f["rule"] for f in findings(invoke(project, "--select", "MOD-012"))] == ["MOD-012"]


def test_every_flipped_byte_of_a_cache_file_is_a_miss_never_a_result(project: Path) -> None:
    """Each cache file carries a checksum of its payload: flip any one byte and it is ignored."""
    import marshal
    import random

    from modlint.config import snapshot
    from modlint.facts.cache import _Shard
    from modlint.files import unseal
    from modlint.results.cache import ResultsCache

    expected = findings(invoke(project, "--no-cache"))
    invoke(project)
    folder = project / ".modlint_cache"
    files = sorted(p for p in folder.iterdir() if p.suffix == ".bin" or p.is_dir())
    shards = [p for d in files if d.is_dir() for p in d.glob("*.bin")]
    results = [p for p in files if p.name.startswith("results-")]
    config = folder / snapshot.SNAPSHOT
    assert shards and results and config.is_file()
    for file in [*shards, *results, config]:
        good = file.read_bytes()
        stored = marshal.loads(unseal(good))  # the key each loader would be asked for
        for index in range(len(good)):
            file.write_bytes(good[:index] + bytes([good[index] ^ 0xFF]) + good[index + 1 :])
            if file in shards:
                assert _Shard(file).raw == {}, (file.name, index)
            elif file in results:
                cache = ResultsCache(folder, file.stem.removeprefix("results-"))
                assert cache.lookup(stored[1]) is None
            else:
                assert snapshot._read(file, stored[0], project) is None
        file.write_bytes(good)
    assert (
        ResultsCache(folder, results[0].stem.removeprefix("results-")).lookup(
            marshal.loads(unseal(results[0].read_bytes()))[1]
        )
        is not None
    )  # the intact file is a hit: the misses above are the checksum's doing
    rng = random.Random(0)
    for file in [*shards, *results, config]:  # and end to end, a few positions per file
        good = file.read_bytes()
        for index in rng.sample(range(len(good)), 3):
            file.write_bytes(good[:index] + bytes([good[index] ^ 0x01]) + good[index + 1 :])
            assert findings(invoke(project)) == expected
            file.write_bytes(good)


SOURCE = (
    b"from typing import TYPE_CHECKING\nimport app.modules.orders.services as s  # noqa: MOD018\n"
    b"if TYPE_CHECKING:\n    from app.modules.billing import x\nrouter = 1\n\ndef f():\n    import os\n"
)


@pytest.mark.parametrize("source", [SOURCE, b"x = (\n", b"\xef\xbb\xbfimport a\nclass C: pass\n"])
def test_an_imports_request_gets_what_a_fresh_imports_read_gives(tmp_path: Path, source: bytes) -> None:
    """A narrowed run reads every other module's files for their imports only: the cache hands out
    just those fields (decoding nothing else), equal to what reading the file that deep gives."""
    from modlint.facts.model import Depth

    path, signature = "app/modules/orders/routes/api/x.py", (1, 2, 3, 4)
    facts_cache = cache.FactsCache(tmp_path / "cache", "k")
    full = reading.facts_from_bytes(path, source, "app.modules.orders.routes.api")
    facts_cache.store(path, signature, cache.digest(source), full)
    facts_cache.save()
    warm = cache.FactsCache(tmp_path / "cache", "k")
    fresh = reading.facts_from_bytes(path, source, "app.modules.orders.routes.api", depth=Depth.IMPORTS)
    view = warm.by_signature(path, signature, Depth.IMPORTS)
    assert view is not None and view.parsed
    assert values.replace(view, depth=fresh.depth) == fresh  # a file with a problem keeps its depth
    assert warm.by_signature(path, (9, 9, 9, 9), Depth.IMPORTS) is None  # a changed stat: not served
    assert warm.by_signature(path, signature, Depth.TREE) == full  # the whole entry is still there


def test_the_caches_digest_is_blake2b_from_either_module() -> None:
    """modlint.digests takes BLAKE2b from CPython's _blake2 (no OpenSSL); hashlib's is the same."""
    import hashlib

    from modlint.digests import hexdigest

    assert hexdigest(b"modlint", 16) == hashlib.blake2b(b"modlint", digest_size=16).hexdigest()
    assert len(hexdigest(b"")) == 64


def test_a_file_that_cannot_be_stated_is_never_answered_from_the_results(tmp_path: Path) -> None:
    """A dangling link has no stat: re-pointing it (here into a loop) changes nothing the results
    fingerprint sees, so a run with such a file redoes its findings rather than reuse stale ones."""
    root = Path(shutil.copytree(FIXTURES / "shop", tmp_path / "shop"))
    ghost = root / "app/modules/orders/services/ghost.py"
    ghost.symlink_to("nowhere.py")
    first = invoke(root, "--select", "MOD-000")
    ghost.unlink()
    ghost.symlink_to("ghost.py")
    again = invoke(root, "--select", "MOD-000")
    assert REUSED not in stats(again)
    assert findings(again) == findings(invoke(root, "--select", "MOD-000", "--no-cache")) != findings(first)


def test_a_rewritten_shard_keeps_what_it_did_not_change(tmp_path: Path) -> None:
    """A one-file run rewrites its module's shard; the entries it only looked at (decoded, a new stat
    noted) are written back from their stored form, not encoded again, and read back the same."""
    from modlint.facts.model import Depth

    sources = {f"app/modules/orders/services/s{i}.py": f"import os\nVALUE_{i} = {i}\n".encode() for i in range(3)}
    first = cache.FactsCache(tmp_path / "cache", "k")
    made = {p: reading.facts_from_bytes(p, s, "app.modules.orders.services") for p, s in sources.items()}
    for path, source in sources.items():
        first.store(path, (1, 2, 3, 4), cache.digest(source), made[path])
    first.save()
    second = cache.FactsCache(tmp_path / "cache", "k")
    looked, moved, changed = sorted(sources)
    assert second.by_signature(looked, (1, 2, 3, 4), Depth.TREE) == made[looked]  # decoded, unchanged
    assert second.by_digest(moved, cache.digest(sources[moved]), (5, 6, 7, 8), Depth.TREE) == made[moved]  # touched
    edited = reading.facts_from_bytes(changed, b"import sys\n", "app.modules.orders.services")
    second.store(changed, (9, 9, 9, 9), cache.digest(b"import sys\n"), edited)
    second.save()
    third = cache.FactsCache(tmp_path / "cache", "k")
    assert third.by_signature(looked, (1, 2, 3, 4), Depth.TREE) == made[looked]
    assert third.by_signature(moved, (5, 6, 7, 8), Depth.TREE) == made[moved]
    assert third.by_signature(changed, (9, 9, 9, 9), Depth.TREE) == edited
