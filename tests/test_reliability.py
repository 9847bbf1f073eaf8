"""Inputs that used to end in a traceback, a crash or a hang: each is a finding or a clear error now."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from helpers import FIXTURES, copy_shop

ROUTES = "app/modules/orders/routes/api/"
DEEP = {
    # libcst overflowed the native stack on this one (SIGSEGV, no output at all)
    "parens.py": "router = " + "(" * 1300 + "1" + ")" * 1300 + "\n",
    # RecursionError in CPython's parser, seconds in libcst
    "unary.py": "router = " + "-" * 5000 + "1\n",
    # minutes in libcst
    "terms.py": "router = " + "+".join(["1"] * 20000) + "\n",
}


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    root = copy_shop(tmp_path)
    for name, text in DEEP.items():
        (root / ROUTES / name).write_text(text)
    return root


def modlint(*args: str, prefix: Sequence[str] = (), cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """modlint in a fresh process (``prefix``: a command to run it under)."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "modlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return modlint(str(root), "--format", "json", *args)


def test_files_nested_deeper_than_a_parser_takes_are_mod000_cold_warm_and_sarif(shop: Path) -> None:
    started = time.perf_counter()
    cold = run(shop)
    assert cold.returncode == 1 and "Traceback" not in cold.stderr, cold.stderr
    found = [(f["path"], f["line"], f["column"], f["message"]) for f in json.loads(cold.stdout)["findings"]]
    deep = sorted(f for f in found if f[0].rpartition("/")[2] in DEEP)
    assert deep == [
        (ROUTES + "parens.py", 1, 210, "syntax error: too many nested parentheses"),
        (
            ROUTES + "terms.py",
            1,
            1,
            "too deeply nested to analyse (Python's parser: maximum recursion depth exceeded during ast construction)",
        ),
        (
            ROUTES + "unary.py",
            1,
            1,
            "too deeply nested to analyse (Python's parser: maximum recursion depth exceeded during ast construction)",
        ),
    ]
    assert len(found) == 8 + 3  # every other file checked as usual
    assert time.perf_counter() - started < 60
    warm = run(shop)
    assert warm.stdout == cold.stdout
    sarif = run(shop, "--format", "sarif")
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    assert sum(r["ruleId"] == "MOD-000" for r in results) == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_and_devices_are_mod000_not_a_hang(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    services = root / "app/modules/orders/services"
    os.mkfifo(services / "fifo.py")
    (services / "zero.py").symlink_to("/dev/zero")
    for args in ((), ("--format", "sarif")):
        done = run(root, "--no-cache", *args)
        assert done.returncode == 1, done.stderr
    found = {(f["path"], f["message"]) for f in json.loads(run(root).stdout)["findings"] if f["rule"] == "MOD-000"}
    assert found == {
        ("app/modules/orders/services/fifo.py", "cannot read file: not a regular file"),
        ("app/modules/orders/services/zero.py", "cannot read file: not a regular file"),
    }


def test_a_file_over_the_size_limit_is_mod000(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    (root / "app/modules/orders/services/generated.py").write_bytes(b"x = 1\n" * 2_000_000)  # 12 MB
    found = [f for f in json.loads(run(root, "--no-cache").stdout)["findings"] if f["rule"] == "MOD-000"]
    assert [(f["path"], f["message"]) for f in found] == [
        (
            "app/modules/orders/services/generated.py",
            "cannot read file: too large (12,000,000 bytes; max-file-kb allows 10,485,760)",
        )
    ]


def test_the_size_limit_is_configurable_and_a_change_is_seen_by_the_cache(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    route = "app/modules/catalog/routes/api/products.py"
    size = (root / route).stat().st_size
    assert run(root).returncode == 1  # warm the cache with the default limit
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("[tool.modlint]\n", "[tool.modlint]\nmax-file-kb = 1\n", 1))
    found = {f["path"]: f["message"] for f in json.loads(run(root).stdout)["findings"] if f["rule"] == "MOD-000"}
    assert found[route] == f"cannot read file: too large ({size:,} bytes; max-file-kb allows 1,024)"
    assert all(os.path.getsize(root / path) > 1024 for path in found)


def test_jobs_beyond_the_cpus_are_capped(tmp_path: Path) -> None:
    done = run(FIXTURES / "shop", "--no-cache", "--jobs", "100000")
    assert done.returncode == 1
    assert "modlint: warning: --jobs 100000 is more than the" in done.stderr


def test_a_module_folder_whose_name_is_not_utf8_is_analysed_cold_and_warm(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    folder = os.fsencode(root / "app/modules") + b"/caf\xe9"
    os.makedirs(folder)
    open(folder + b"/__init__.py", "w").close()
    with open(folder + b"/definition.py", "w") as handle:
        handle.write('cafe_module = ModuleDefinition(code="cafe")\n')
    cold, warm = run(root), run(root)
    assert cold.returncode == warm.returncode == 1 and "modlint: " not in cold.stderr, cold.stderr
    assert warm.stdout == cold.stdout
    found = [f for f in json.loads(cold.stdout)["findings"] if f["rule"] == "MOD-012"]
    assert [f["path"] for f in found] == ["app/modules/caf\udce9/definition.py"]  # the byte, escaped as JSON does


@pytest.mark.skipif(os.sep == "\\", reason="a backslash is a separator there, never part of a name")
def test_a_project_folder_whose_name_ends_in_a_backslash_is_analysed(tmp_path: Path) -> None:
    """The walker joins folder paths onto the root's: a backslash that is part of the root's own
    name must stay (stripping it made every folder unlistable and the run a silent pass)."""
    expected = run(copy_shop(tmp_path), "--no-cache")
    root = copy_shop(tmp_path).rename(tmp_path / "shop\\")
    got = run(root, "--no-cache")
    assert got.returncode == expected.returncode == 1 and got.stdout == expected.stdout, got.stderr


def unlisted_run(root: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """modlint on ``root`` while ``folder`` cannot be listed (permissions apply, also to root)."""
    folder.chmod(0)
    try:
        return modlint(str(root), "--no-cache", prefix=_unprivileged())
    finally:
        folder.chmod(0o755)


def _unprivileged() -> list[str]:
    """A command prefix under which permissions apply (root bypasses them unless its capabilities go)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"]


@pytest.mark.parametrize("where", ["app/modules", "app/modules/orders/services"])
def test_folders_that_cannot_be_listed(tmp_path: Path, where: str) -> None:
    root = copy_shop(tmp_path)
    done = unlisted_run(root, root / where)
    assert "Traceback" not in done.stderr
    if where == "app/modules":
        assert (done.returncode, done.stderr) == (
            2,
            "modlint: error: modules root 'app/modules' cannot be listed: Permission denied\n",
        )
    else:
        assert done.returncode == 1
        assert f"modlint: warning: {where}: cannot list folder: Permission denied" in done.stderr


@pytest.mark.parametrize("cache", [".", "", "app"])
def test_a_cache_folder_modlint_does_not_own_is_refused(tmp_path: Path, cache: str) -> None:
    root = copy_shop(tmp_path)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("[tool.modlint]", f'[tool.modlint]\ncache-dir = "{cache}"'))
    done = modlint(".", cwd=root)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("modlint: error: cache folder ")
    assert not (root / ".gitignore").exists() and not (root / "app/.gitignore").exists()
    flag = modlint(".", "--cache-dir", ".", cwd=root)
    assert flag.returncode == 2 and not (root / ".gitignore").exists()


def test_an_unlistable_rule_folder_is_an_error_not_skipped(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    rules = root / ".architecture-rules"
    rules.mkdir()
    (rules / "team.yaml").write_text("rules: []\n")
    done = unlisted_run(root, rules)
    assert (done.returncode, done.stderr) == (
        2,
        f"modlint: error: {rules}: cannot list the rule folder: Permission denied\n",
    )


def test_every_bad_source_root_is_reported(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace("[tool.modlint]", '[tool.modlint]\nsource-roots = ["/abs", "..", "."]')
    )
    done = run(root)
    assert done.returncode == 2
    assert [line.split("field 'source-roots': ")[1] for line in done.stderr.splitlines()] == [
        "source root '/abs' must be relative to the project root",
        "source root '..' must be relative to the project root",
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="parent-death signals are Linux's")
def test_parser_workers_die_with_a_killed_run(tmp_path: Path) -> None:
    import signal

    from benchmarks.generate import generate

    tree = tmp_path / "tree"
    generate(tree, modules=30, seed=1)
    process = subprocess.Popen(
        [sys.executable, "-m", "modlint", str(tree), "--no-cache", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    children: set[int] = set()
    deadline = time.monotonic() + 60
    while not children and process.poll() is None and time.monotonic() < deadline:
        children = _children(process.pid)
        time.sleep(0.02)
    if not children:
        process.wait()
        pytest.skip("the run finished before its workers could be seen")
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in children)
    assert process.stdout is not None and process.stdout.read() == b""  # end of output, no hang


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_nul_byte_in_a_string_literal_is_mod000(tmp_path: Path) -> None:
    """Found by tests/test_fuzz.py: libcst parsed the file, then failed to evaluate the literal."""
    root = copy_shop(tmp_path)
    definition = root / "app/modules/core_auth/definition.py"
    definition.write_bytes(definition.read_bytes().replace(b'code="core_auth"', b'code="core\x00auth"'))
    done = run(root, "--no-cache")
    assert done.returncode == 1, done.stderr
    found = [f for f in json.loads(done.stdout)["findings"] if f["rule"] == "MOD-000"]
    assert [(f["path"], f["message"]) for f in found] == [
        ("app/modules/core_auth/definition.py", "source code cannot contain null bytes")
    ]


@pytest.mark.parametrize(
    "source",
    [
        "X = 1" + "0" * 5000 + "\n",  # beyond Python's digit limit: libcst parsed it, int() raised
        "type X = int\nx = " + "+".join(["x"] * 1000) + "\n",  # libcst's position walk recursed
        "type X = int\nx = x" + ".a" * 20000 + "\n",  # libcst ran for minutes
    ],
)
def test_files_cpython_rejects_and_libcst_chokes_on_are_mod000(tmp_path: Path, source: str) -> None:
    root = copy_shop(tmp_path)
    (root / "app/modules/orders/services/odd.py").write_text(source)
    started = time.perf_counter()
    done = run(root, "--no-cache")
    assert done.returncode == 1 and "internal error" not in done.stderr, done.stderr
    found = [f for f in json.loads(done.stdout)["findings"] if f["path"].endswith("odd.py")]
    assert [f["rule"] for f in found] == ["MOD-000"] and found[0]["message"].startswith("syntax error: ")
    assert time.perf_counter() - started < 60


def test_a_huge_size_limit_is_a_configuration_error(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace("[tool.modlint]\n", "[tool.modlint]\nmax-file-kb = 100000000\n", 1)
    )
    done = run(root)
    assert done.returncode == 2 and "field 'max-file-kb': 100000000 must be a number of KiB from 1" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_are_never_opened(tmp_path: Path) -> None:
    """Opening a FIFO releases a writer blocked on it (its data lost, or SIGPIPE): modlint must stat
    a path and leave anything that is no regular file alone; a socket is "not a regular file" too."""
    import socket
    import subprocess
    import sys

    from modlint.files import NotReadable, read_source

    fifo = tmp_path / "fifo.py"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", f"open({str(fifo)!r}, 'w').write('x')"])
    try:
        with pytest.raises(NotReadable, match="not a regular file"):
            read_source(fifo)
        with pytest.raises(subprocess.TimeoutExpired):
            writer.wait(timeout=1)  # still blocked: nobody opened the FIFO
    finally:
        writer.kill()
        writer.wait()
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock.py"))
        with pytest.raises(NotReadable, match="not a regular file"):
            read_source(tmp_path / "sock.py")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("option", [["-o"], ["--format", "sarif", "-o"], ["--write-baseline"]])
def test_a_report_or_baseline_never_replaces_what_is_not_a_regular_file(tmp_path: Path, option: list[str]) -> None:
    """``-o /dev/stdout`` run as root replaced /dev/null by a regular file: a FIFO, a device or a
    link loop in the way is a one-line error and stays as it was."""
    root = copy_shop(tmp_path)
    os.mkfifo(root / "fifo.out")
    (root / "loop1").symlink_to("loop2")
    (root / "loop2").symlink_to("loop1")
    for target, why in (("fifo.out", "not a regular file"), ("loop1", "symbolic link loop")):
        done = modlint(str(root), "-q", *option, str(root / target))
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert why in done.stderr and "Traceback" not in done.stderr
    assert (root / "fifo.out").is_fifo() and (root / "loop1").is_symlink()


def test_a_new_report_gets_the_umask_permissions_and_a_linked_one_is_written_through(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    old = os.umask(0o022)
    try:
        modlint(str(root), "-q", "-o", str(root / "new.txt"))
    finally:
        os.umask(old)
    assert (root / "new.txt").stat().st_mode & 0o777 == 0o644  # not the temporary file's 0600
    (root / "kept.txt").write_text("old")
    (root / "kept.txt").chmod(0o640)
    (root / "link.txt").symlink_to("kept.txt")
    modlint(str(root), "-q", "-o", str(root / "link.txt"))
    assert (root / "link.txt").is_symlink() and "MOD001" in (root / "kept.txt").read_text()
    assert (root / "kept.txt").stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_cache_file_replaced_by_a_link_or_a_fifo_is_a_miss_and_nothing_outside_is_written(tmp_path: Path) -> None:
    """A cache file linked to a device was read without end (/dev/zero) and written through (the
    device replaced); a FIFO blocked the run. Each is now a miss: the link itself is replaced."""
    root = copy_shop(tmp_path)
    one = str(root / "app/modules/orders/services/order_service.py")
    expected, expected_one = run(root, "--no-cache").stdout, modlint("--format", "json", "--no-cache", one).stdout
    assert (run(root).stdout, modlint("--format", "json", one).stdout) == (expected, expected_one)  # summaries made
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"precious")
    cache_files = sorted((root / ".modlint_cache").rglob("*.bin"))
    assert any(f.name.startswith("summaries-") for f in cache_files) and len(cache_files) >= 4
    for index, file in enumerate(cache_files):
        file.unlink()
        if index % 2:
            os.mkfifo(file)
        else:
            file.symlink_to(outside)
    done = run(root)
    assert done.returncode == 1 and done.stdout == expected, done.stderr
    assert outside.read_bytes() == b"precious"
    assert modlint("--format", "json", one).stdout == expected_one


@pytest.mark.parametrize("where", ["cache-dir", "default-cache", "path"])
def test_a_link_loop_in_the_way_is_a_one_line_error(tmp_path: Path, where: str) -> None:
    """``Path.resolve()`` raised RuntimeError on a loop (before Python 3.13): an internal error."""
    root = copy_shop(tmp_path)
    args = [str(root)]
    if where == "cache-dir":
        (root / "l1").symlink_to("l2")
        (root / "l2").symlink_to("l1")
        args += ["--cache-dir", str(root / "l1")]
    elif where == "default-cache":
        (root / ".modlint_cache").symlink_to(".modlint_cache")
    else:
        loop = root / "app/modules/orders/loop"
        loop.symlink_to("loop")
        args = ["--pre-commit", str(loop / "x.py")]  # a file argument that is a loop itself is a file
    done = modlint("-q", *args)
    assert done.returncode == 2 and done.stderr.startswith("modlint: error:"), done.stderr
    assert "internal error" not in done.stderr and done.stderr.count("\n") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["folder", "fifo", "loop"])
def test_init_writes_nothing_when_pyproject_cannot_be_written(tmp_path: Path, kind: str) -> None:
    """It created the rule file, then failed on pyproject.toml: the next ``init`` refused to run."""
    root = tmp_path / "flat"
    shutil.copytree(FIXTURES / "layouts" / "flat", root)
    pyproject = root / "pyproject.toml"
    pyproject.unlink()
    if kind == "folder":
        pyproject.mkdir()
    elif kind == "fifo":
        os.mkfifo(pyproject)
    else:
        pyproject.symlink_to("pyproject.toml")
    done = modlint("init", str(root))
    assert done.returncode == 2 and "not a regular file" in done.stderr, done.stderr
    assert not (root / ".architecture-rules").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_lone_surrogates_in_names_and_literals_reach_every_report(tmp_path: Path) -> None:
    """A non-UTF-8 folder name (a lone U+DCFF, as ``os`` decodes it) and a ``"\\ud800"`` literal in a
    migration crashed the text, GitHub and SARIF reports and ``docs --write`` under a strict UTF-8
    standard output (any UTF-8 locale but C): each is written, the name as its byte, the literal as
    its escape."""
    root = copy_shop(tmp_path)
    migration = root / "app/modules/orders/migrations/versions/orders_002_add_order_status.py"
    text = migration.read_text()
    migration.write_text(text.replace(text.split("down_revision = ")[1].split("\n")[0], '"\\ud800"'))
    odd = os.fsencode(root / "app/modules") + b"/bad\xff"
    os.mkdir(odd)
    Path(os.fsdecode(odd + b"/__init__.py")).write_text("x = 1\n")
    strict = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    for form in ("text", "github", "sarif"):
        done = subprocess.run(
            [sys.executable, "-m", "modlint", str(root), "--format", form], capture_output=True, env=strict, check=False
        )
        assert done.returncode == 1, done.stderr
        assert b"bad\xff" in done.stdout if form == "text" else b"bad" in done.stdout
        assert b"\\ud800" in done.stdout or form == "sarif"
    pages = tmp_path / "pages"
    done = subprocess.run(
        [sys.executable, "-m", "modlint", "docs", str(root), "--write", str(pages)],
        capture_output=True,
        env=strict,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"bad\xff.md" in os.listdir(os.fsencode(pages))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_baseline_that_is_a_fifo_is_an_error_not_a_hang(tmp_path: Path) -> None:
    root = copy_shop(tmp_path)
    os.mkfifo(root / "baseline.json")
    done = modlint(str(root), "-q", "--baseline", str(root / "baseline.json"))
    assert done.returncode == 2 and "cannot read baseline: not a regular file" in done.stderr, done.stderr


@pytest.mark.parametrize("option", [["--select", "MOD-001"], ["--ignore", "MOD-001"]])
def test_write_baseline_with_rules_left_out_is_refused_and_the_baseline_kept(tmp_path: Path, option: list[str]) -> None:
    """It wrote the selected rules' findings only: the other rules' recorded debt was dropped."""
    root = copy_shop(tmp_path)
    baseline = root / "baseline.json"
    assert modlint(str(root), "-q", "--write-baseline", str(baseline)).returncode == 0
    before = baseline.read_bytes()
    done = modlint(str(root), "-q", "--write-baseline", str(baseline), *option)
    assert done.returncode == 2 and "--write-baseline records every active rule" in done.stderr, done.stderr
    assert baseline.read_bytes() == before


def test_a_link_loop_is_refused_also_where_resolve_leaves_it_unresolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From Python 3.13 ``Path.resolve()`` returns a loop as it is instead of raising: the link must
    still be refused, not replaced by a regular file."""
    from modlint.files import atomic_write

    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    monkeypatch.setattr(Path, "resolve", lambda self, strict=False: self)
    with pytest.raises(OSError, match="symbolic link loop"):
        atomic_write(tmp_path / "a", b"x")
    assert (tmp_path / "a").is_symlink()


def test_a_facts_folder_that_is_a_link_is_neither_read_nor_written_through(tmp_path: Path) -> None:
    """Only the last part of a cache file's path was checked: a ``facts-<key>`` link made whole runs
    write shards into (and prune files of) the folder it pointed at."""
    root = copy_shop(tmp_path)
    one = str(root / "app/modules/orders/services/order_service.py")
    expected = run(root, "--no-cache").stdout
    assert run(root).stdout == expected
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / ("a" * 24 + ".bin")).write_bytes(b"precious")
    for folder in (root / ".modlint_cache").glob("facts-*"):
        shutil.rmtree(folder)
        folder.symlink_to(outside)
    for results in (root / ".modlint_cache").glob("results-*.bin"):
        results.unlink()
    assert modlint("--format", "json", one).returncode in (0, 1)  # narrowed: the summaries' folder too
    assert run(root).stdout == expected
    assert sorted(p.name for p in outside.iterdir()) == ["a" * 24 + ".bin"]
    assert all(not f.is_symlink() for f in (root / ".modlint_cache").glob("facts-*"))
