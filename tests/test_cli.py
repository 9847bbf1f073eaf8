"""The ``modlint`` command end to end: click's CliRunner in-process, and the installed script as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from modlint import __version__
from modlint.cli import main

from helpers import FIXTURES, M, Tree, clean_module

Make = Callable[[Tree], Path]
JSON_KEYS = ["rule", "code", "severity", "path", "line", "column", "message", "module", "fixable"]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def project(tree: Make) -> Path:
    """A project with one error (MOD-010), one warning (MOD-013) and one fixable error (MOD-011)."""
    return tree(
        {
            **clean_module(),
            M + "routes/api/items.py": "api = make()\n",
            M + "config.py": "settings = 1\n",
            M + "tasks/job.py": "def job():\n    pass\n",
        }
    )


def test_text_output_is_flake8_style_relative_to_cwd(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "app")
    result = invoke(str(project))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "modules/orders/config.py:1:1: MOD013 does not bind 'config' or 'config_class' at top level",
        "modules/orders/routes/api/items.py:1:1: MOD010 does not bind 'router' at top level",
        "modules/orders/tasks/job.py:1:1: MOD011 folder 'tasks/' has no __init__.py",
    ]
    assert result.stderr.strip() == (
        "Found 3 findings (2 errors, 1 warning, 0 info) in 14 files, 1 module. 1 fixable with `modlint --fix`."
    )


def test_json_output_has_exact_keys_and_root_relative_paths(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "app")
    result = invoke(str(project), "--format", "json")
    document = json.loads(result.stdout)
    assert list(document) == ["findings", "summary"]
    assert all(list(f) == JSON_KEYS for f in document["findings"])
    assert document["findings"][2] == {
        "rule": "MOD-011",
        "code": "MOD011",
        "severity": "error",
        "path": "app/modules/orders/tasks/job.py",
        "line": 1,
        "column": 1,
        "message": "folder 'tasks/' has no __init__.py",
        "module": "orders",
        "fixable": True,
    }
    assert document["summary"] == {"errors": 2, "warnings": 1, "info": 0, "files": 14, "modules": 1}


@pytest.mark.parametrize(
    ("args", "codes", "exit_code"),
    [
        (["--select", "MOD010"], ["MOD010"], 1),
        (["--select", "MOD-013"], ["MOD013"], 0),
        (["--select", "MOD-013", "--fail-on", "warning"], ["MOD013"], 1),
        (["--select", "MOD01"], ["MOD013", "MOD010", "MOD011"], 1),
        (["--select", "MOD010,MOD013"], ["MOD013", "MOD010"], 1),
        (["--select", "MOD010", "--select", "MOD011"], ["MOD010", "MOD011"], 1),
        (["--ignore", "MOD010,MOD-011"], ["MOD013"], 0),
        (["--ignore", "MOD01"], [], 0),
    ],
)
def test_select_ignore_and_exit_codes(project: Path, args: list[str], codes: list[str], exit_code: int) -> None:
    result = invoke(str(project), "--format", "json", *args)
    assert result.exit_code == exit_code
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == codes


def test_paths_narrow_the_report(project: Path) -> None:
    result = invoke(str(project / "app/modules/orders/routes"))
    assert result.exit_code == 1
    assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()] == ["MOD010"]
    result = invoke(str(project / M / "config.py"), "--format", "json")
    assert result.exit_code == 0
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["MOD013"]


def test_clean_project_exits_0(tree: Make) -> None:
    result = invoke(str(tree(clean_module())))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith("All checks passed")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "MOD999"], "modlint: error: unknown rule id or prefix: MOD999"),
        (["--ignore", "XYZ"], "modlint: error: unknown rule id or prefix: XYZ"),
        (["--explain", "MOD-999"], "modlint: error: unknown rule id 'MOD-999'"),
        (["does/not/exist"], "modlint: error: path not found: does/not/exist"),
        (["--config", "missing.toml"], "config file not found"),
        (["--format", "xml"], "modlint: error: Invalid value for '--format'"),
        (["--bogus"], "modlint: error: No such option '--bogus'"),
        (["--jobs", "0"], "modlint: error: Invalid value for '--jobs'"),
        (["status", "--bogus"], "modlint: error: No such option '--bogus'. (see `modlint status --help`)"),
    ],
)
def test_usage_errors_exit_2(project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    """One line each, click's own usage errors too (they were three: the usage, a hint, the error)."""
    monkeypatch.chdir(project)
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def _interrupted_while_importing(module: str) -> subprocess.CompletedProcess[str]:
    """``modlint -q`` with Ctrl-C pressed as ``module`` is imported."""
    code = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == {module!r}:\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "sys.argv = ['modlint', '-q']\n"
        "from modlint.__main__ import run\n"
        "run()\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("module", ["modlint.cli", "modlint.errors"])  # the guard's own imports too
def test_ctrl_c_while_modlint_is_still_importing_is_no_traceback(module: str) -> None:
    done = _interrupted_while_importing(module)
    assert (done.returncode, done.stderr) == (130, "modlint: interrupted\n")


def test_list_rules_and_explain(project: Path) -> None:
    listed = invoke(str(project), "--list-rules").stdout.splitlines()
    assert len(listed) == 27
    assert listed[16] == "MOD-016  error    declared-dependencies"
    assert listed[19] == "MOD-020  error    migration-declares-itself"
    assert listed[-1] == "MOD-100  warning  unused-suppression"
    assert listed[0] == "MOD-000  error    file-parses"
    assert listed[14] == "MOD-014  error    migration-naming"
    assert len(invoke(str(project), "--list-rules", "--ignore", "MOD00").stdout.splitlines()) == 17
    explained = invoke(str(project), "--explain", "mod014")
    assert explained.exit_code == 0
    assert explained.stdout.startswith("MOD-014 migration-naming [error, check: filename_pattern]\n\n")
    assert "{module}_{seq}_{desc}.py" in explained.stdout


def test_output_file(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "report.json"  # a missing folder is created, as --write-baseline does
    result = invoke(str(project), "--format", "json", "--output", str(target))
    assert result.exit_code == 1 and result.stdout == ""
    assert len(json.loads(target.read_text())["findings"]) == 3
    (tmp_path / "blocker").write_text("a file where the folder would go\n")
    blocked = invoke(str(project), "--output", str(tmp_path / "blocker" / "report.txt"))
    assert blocked.exit_code == 2 and blocked.stderr.startswith("modlint: error: cannot write ")
    empty = invoke(str(project), "--output", "")  # was "cannot write .: Device or resource busy"
    assert (empty.exit_code, empty.stderr) == (2, "modlint: error: --output needs a file name\n")


def test_version() -> None:
    assert invoke("--version").stdout.strip() == f"modlint, version {__version__}"


def test_the_console_scripts_version_answers_as_click_does_without_importing_it() -> None:
    code = (
        "import sys\nsys.argv = ['modlint', '--version']\nfrom modlint.__main__ import run\n"
        "try:\n    run()\nexcept SystemExit as exc:\n    print(exc.code, 'click' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert (done.stdout, done.stderr) == (invoke("--version").stdout, "0 False\n")


def test_unreadable_file_is_a_finding_not_a_crash(tree: Make) -> None:
    root = tree(clean_module())
    os.symlink(root / "nowhere.py", root / M / "services/dangling.py")
    result = invoke(str(root), "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["path"]) for f in findings] == [("MOD-000", M + "services/dangling.py")]
    assert findings[0]["message"].startswith("cannot read file")


def _modlint_script() -> str:
    script = Path(sys.executable).parent / "modlint"
    return str(script) if script.exists() else "modlint"


def test_installed_command_as_subprocess(project: Path) -> None:
    done = subprocess.run(
        [_modlint_script(), "--format", "json", "--select", "MOD010"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert [f["path"] for f in json.loads(done.stdout)["findings"]] == [M + "routes/api/items.py"]


def test_python_dash_m_and_bad_config_as_subprocess(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.modlint]\nselect = [\n")
    done = subprocess.run([sys.executable, "-m", "modlint"], cwd=project, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"modlint: error: {project / 'pyproject.toml'}:")
    assert "Traceback" not in done.stderr


def test_missing_modules_root_is_an_error(tree: Make) -> None:
    root = tree({"src/app.py": "x = 1\n"})
    result = invoke(str(root))
    assert result.exit_code == 2
    assert result.stderr == (
        f"modlint: error: modules root 'app/modules' does not exist in {root} (set modules-root in [tool.modlint])\n"
    )


def test_an_empty_modules_root_is_a_warning(tree: Make) -> None:
    root = tree({"app/modules/__init__.py": ""})
    cwd = os.getcwd()
    os.chdir(root)
    try:
        done = invoke()
    finally:
        os.chdir(cwd)
    assert done.exit_code == 0
    assert "modlint: warning: modules root 'app/modules' holds no module" in done.stderr


def test_symlink_loop_is_a_finding_not_a_crash(tree: Make) -> None:
    root = tree(clean_module())
    os.symlink("b", root / M / "a.py")
    os.symlink("a.py", root / M / "b")
    result = invoke(str(root), "--format", "json")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["path"]) == ("MOD-000", M + "a.py")
    assert finding["message"] == "cannot read file: Too many levels of symbolic links"


def test_deselecting_mod000_warns_about_skipped_files(tree: Make) -> None:
    root = tree({**clean_module(), M + "routes/api/broken.py": "x = = 1\n", M + "routes/api/bad2.py": "def (\n"})
    result = invoke(str(root), "--select", "MOD-010")
    assert result.exit_code == 0
    assert (
        "modlint: warning: 2 files could not be read or parsed and were not checked (select MOD-000 to see them), "
        f"the first: {M}routes/api/bad2.py: syntax error"
    ) in result.stderr
    assert "could not be read" not in invoke(str(root)).stderr
    (root / M / "routes/api/bad2.py").unlink()
    one = invoke(str(root), "--select", "MOD-010").stderr
    assert "warning: 1 file could not be read or parsed and was not checked (select MOD-000" in one


def _shop_writing_to(stdout: int) -> subprocess.CompletedProcess[str]:
    """modlint on the shop in a process whose standard output is ``stdout``."""
    command = [sys.executable, "-m", "modlint", str(FIXTURES / "shop"), "--no-cache"]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_unwritable_output_is_a_one_line_error() -> None:
    with open("/dev/full", "w") as full:
        done = _shop_writing_to(full.fileno())
    assert done.returncode == 2
    assert done.stderr == "modlint: error: cannot write output: No space left on device\n"


def test_a_closed_pipe_ends_quietly() -> None:
    reader, writer = os.pipe()
    os.close(reader)
    done = _shop_writing_to(writer)
    os.close(writer)
    assert (done.returncode, done.stderr) == (141, "")


def test_version_into_a_closed_pipe_ends_quietly() -> None:
    """The ``--version`` fast path wrote past the closed pipe into a traceback (exit 1 or 120)."""
    reader, writer = os.pipe()
    os.close(reader)
    code = "import sys\nsys.argv = ['modlint', '--version']\nfrom modlint.__main__ import run\nrun()\n"
    done = subprocess.run([sys.executable, "-c", code], stdout=writer, stderr=subprocess.PIPE, text=True, check=False)
    os.close(writer)
    assert (done.returncode, done.stderr) == (141, "")


def test_shell_completion_into_a_closed_pipe_ends_quietly() -> None:
    """click's completion script written into a closed pipe was a BrokenPipeError traceback."""
    reader, writer = os.pipe()
    os.close(reader)
    code = "import sys\nsys.argv = ['modlint']\nfrom modlint.__main__ import run\nrun()\n"
    env = {**os.environ, "_MODLINT_COMPLETE": "bash_source"}
    done = subprocess.run(
        [sys.executable, "-c", code], stdout=writer, stderr=subprocess.PIPE, text=True, check=False, env=env
    )
    os.close(writer)
    assert (done.returncode, done.stderr) == (141, "")


def test_the_console_script_ends_without_finalizing_but_flushes_and_runs_exit_handlers(project: Path) -> None:
    """``modlint.__main__.run`` skips the interpreter's finalization (~25 ms): its output is complete,
    its exit code kept, and the exit handlers of whoever runs it (coverage, a benchmark) still run."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('handler ran', file=sys.stderr))\n"
        "import os\n"
        "real_exit = os._exit\n"
        "os._exit = lambda status: (os.write(2, b'os._exit(%d)' % status), real_exit(status))\n"
        "sys.argv = ['modlint', '--format', 'json', '--select', 'MOD010']\n"
        "from modlint.__main__ import run\n"
        "run()\n"
        "print('never here', file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False)
    expected = invoke(str(project), "--format", "json", "--select", "MOD010")
    assert done.returncode == expected.exit_code == 1
    assert json.loads(done.stdout) == json.loads(expected.stdout)
    assert done.stderr.endswith("handler ran\nos._exit(1)") and "never here" not in done.stderr


def test_ending_without_finalizing_stops_worker_processes_that_were_never_shut_down() -> None:
    """A run interrupted while reading has a pool its code never shut down: finalization would have
    told the workers to stop (concurrent.futures' thread hook), and so must ``exit_now``."""
    code = (
        "import time\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from modlint.__main__ import exit_now\n"
        "pool = ProcessPoolExecutor(2)\n"
        "futures = [pool.submit(time.sleep, 0.05) for _ in range(8)]\n"
        "exit_now(130)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert (done.returncode, done.stderr) == (130, "")


def test_ending_with_standard_output_closed_keeps_the_exit_code(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "modlint", "--list-rules"], cwd=project, stdout=subprocess.DEVNULL, check=False
    )
    closed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, runpy, sys; os.close(1); sys.stdout = None; "
            "sys.argv = ['modlint', '--list-rules']; runpy.run_module('modlint', run_name='__main__')",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (closed.returncode, closed.stderr) == (done.returncode, "") == (0, "")


def test_an_internal_error_is_one_line_and_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from modlint.cli import command

    def planted(arguments: object) -> int:
        raise RuntimeError("planted\nsecond line")

    monkeypatch.setattr(command, "run", planted)
    result = CliRunner().invoke(main, [str(FIXTURES / "shop")])
    assert result.exit_code == 2
    assert result.stderr == (
        "modlint: internal error: RuntimeError: planted (please report, with --debug for the traceback)\n"
    )
    debug = CliRunner().invoke(main, [str(FIXTURES / "shop"), "--debug"])
    assert debug.exit_code == 2 and "Traceback" in debug.stderr and "planted" in debug.stderr


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    from modlint.cli import command

    def interrupted(arguments: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "run", interrupted)
    result = CliRunner().invoke(main, [str(FIXTURES / "shop")])
    assert (result.exit_code, result.stderr) == (130, "modlint: interrupted\n")


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_empty_selector_is_an_error(option: str) -> None:
    result = CliRunner().invoke(main, [str(FIXTURES / "shop"), option, " , "])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"modlint: error: {option} needs a rule id, code or prefix (e.g. MOD-010, MOD01 or ALL), not ''\n"
    )


def test_booleans_and_numbers_are_not_coerced(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.modlint]\ndefault-rules = "yes"\n')
    (tmp_path / "app/modules").mkdir(parents=True)
    result = CliRunner().invoke(main, [str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.endswith("pyproject.toml:2: field 'default-rules': Input should be a valid boolean\n")


def test_a_baseline_nested_beyond_the_parser_is_not_a_baseline(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text("[" * 100_000 + "]" * 100_000)
    for extra in ([], ["--update-baseline"]):
        result = CliRunner().invoke(main, [str(FIXTURES / "shop"), "--baseline", str(baseline), *extra])
        assert result.exit_code == 2, result.output
        assert result.stderr == f"modlint: error: {baseline}: not a modlint baseline (expected version 1)\n"
    assert baseline.read_text() == "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("argv", [["--help"], ["status", "--help"]])
def test_help_into_a_closed_pipe_ends_quietly_as_a_check_run_does(argv: list[str]) -> None:
    """click ends --help into a closed pipe with exit 1; a check run and --version end with 141."""
    reader, writer = os.pipe()
    os.close(reader)
    code = f"import sys\nsys.argv = ['modlint', *{argv!r}]\nfrom modlint.__main__ import run\nrun()\n"
    done = subprocess.run([sys.executable, "-c", code], stdout=writer, stderr=subprocess.PIPE, text=True, check=False)
    os.close(writer)
    assert (done.returncode, done.stderr) == (141, "")


def test_a_long_report_into_a_non_blocking_pipe_is_written_whole() -> None:
    """A descriptor set O_NONBLOCK takes part of a write and says so: the rest of the report was
    dropped without a word (a 110 KB SARIF log came out as 64 KB, exit 1)."""
    import fcntl
    import time

    reader, writer = os.pipe()
    fcntl.fcntl(writer, fcntl.F_SETFL, fcntl.fcntl(writer, fcntl.F_GETFL) | os.O_NONBLOCK)
    command = [sys.executable, "-m", "modlint", "--format=sarif", "-q", "--no-cache", str(FIXTURES / "shop")]
    child = subprocess.Popen(command, stdout=writer, stderr=subprocess.PIPE)
    os.close(writer)
    chunks: list[bytes] = []
    time.sleep(1)  # the pipe fills up before anything is read
    while chunk := os.read(reader, 1 << 16):
        chunks.append(chunk)
    os.close(reader)
    _, stderr = child.communicate(timeout=120)
    report = json.loads(b"".join(chunks))
    assert (child.returncode, stderr, len(report["runs"][0]["results"])) == (1, b"", 8)


def test_an_error_message_into_a_closed_pipe_ends_quietly() -> None:
    reader, writer = os.pipe()
    os.close(reader)
    code = "import sys\nsys.argv = ['modlint', '--select', 'NOPE']\nfrom modlint.__main__ import run\nrun()\n"
    done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=writer, check=False)
    os.close(writer)
    assert done.returncode == 141


def test_a_project_whose_path_is_not_utf8_is_checked(tmp_path: Path) -> None:
    """The configuration snapshot's key encoded the project path strictly: an internal error."""
    import shutil

    project = Path(os.fsdecode(bytes(tmp_path) + b"/p\xff"))
    shutil.copytree(FIXTURES / "shop", project)
    for output in ("text", "sarif"):
        done = subprocess.run(
            [sys.executable, "-m", "modlint", str(project), "--format", output, "-q"], capture_output=True, check=False
        )
        assert (done.returncode, done.stderr) == (1, b""), done.stderr
