"""The pre-commit mode's one question to git, asked without :mod:`subprocess` (real git, real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from modlint.cli import git
from modlint.cli.git import output_of, staged_deletions


def test_the_output_of_a_command_that_succeeds() -> None:
    assert output_of([sys.executable, "-c", "import sys; sys.stdout.write('a\\0b')"]) == b"a\0b"
    big = output_of([sys.executable, "-c", "import sys; sys.stdout.write('x' * 300000)"])
    assert big is not None and len(big) == 300000  # more than a pipe holds: read while it runs


def test_no_output_from_a_failing_or_missing_command_and_no_input_taken() -> None:
    assert output_of([sys.executable, "-c", "import sys; print('half'); sys.exit(3)"]) is None
    assert output_of(["modlint-no-such-program-here"]) is None
    assert output_of([sys.executable, "-c", "import sys; print(repr(sys.stdin.read()))"]) == b"''\n"
    noisy = output_of([sys.executable, "-c", "import sys; sys.stderr.write('e' * 300000); print('ok')"])
    assert noisy == b"ok\n"  # stderr goes nowhere, never blocks


def _checkout_with_staged_deletions(root: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    (root / "sub").mkdir()
    for name in ("a.py", "sub/b c.py", "kept.py"):
        (root / name).write_text("x = 1\n")
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "c"], cwd=root, check=True)
    subprocess.run([*git, "rm", "-q", "a.py", "sub/b c.py"], cwd=root, check=True)
    (root / "kept.py").unlink()  # deleted, but not staged


def test_staged_deletions(tmp_path: Path) -> None:
    assert staged_deletions(tmp_path) == []  # no checkout
    _checkout_with_staged_deletions(tmp_path)
    assert staged_deletions(tmp_path) == ["a.py", "sub/b c.py"]


def _ended(pid: int) -> bool:
    """Whether process ``pid`` is gone: ended and reaped (no zombie left)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_asked_early_the_answer_is_the_same_and_the_child_reaped(tmp_path: Path) -> None:
    _checkout_with_staged_deletions(tmp_path)
    git.early(tmp_path)
    started = git._EARLY[tmp_path]
    assert git.staged_deletions(tmp_path) == ["a.py", "sub/b c.py"]
    assert git._EARLY == {}
    assert _ended(started.pid)


def test_an_early_question_for_another_project_is_cancelled(tmp_path: Path) -> None:
    """__main__ guesses the project before the command finds it; a wrong guess costs a new question."""
    (tmp_path / "project").mkdir()
    _checkout_with_staged_deletions(tmp_path / "project")
    git.early(tmp_path)  # the checkout's parent: no checkout, another answer
    guessed = git._EARLY[tmp_path]
    assert git.staged_deletions(tmp_path / "project") == ["a.py", "sub/b c.py"]
    assert git._EARLY == {}
    assert _ended(guessed.pid)


def test_a_command_that_takes_too_long_is_killed() -> None:
    started = time.monotonic()
    assert output_of([sys.executable, "-c", "import time; print('x', flush=True); time.sleep(30)"], timeout=0.5) is None
    assert time.monotonic() - started < 10


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc (Linux)")
def test_the_child_gets_sigpipe_back() -> None:
    """Python ignores SIGPIPE; a child must not inherit that (``subprocess`` restores it too): git
    writing into a closed pipe should end, not get EPIPE errors forever."""
    out = output_of(["grep", "SigIgn", "/proc/self/status"])
    assert out is not None
    ignored = int(out.split()[1], 16)
    assert not ignored & (1 << (signal.SIGPIPE - 1))


def _in_a_process_ignoring_sigchld(code: str) -> str:
    """Run ``code`` where SIGCHLD is ignored (inherited from a parent that set it): children are
    reaped by the system, and waitpid() finds none."""
    ignoring = "import signal; signal.signal(signal.SIGCHLD, signal.SIG_IGN)\n"
    done = subprocess.run([sys.executable, "-c", ignoring + code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_output_when_sigchld_is_ignored() -> None:
    code = "from modlint.cli.git import output_of\nprint(output_of(['echo', 'hi']))\n"
    code += "print(output_of(['sh', '-c', 'echo x; sleep 30'], timeout=0.5))\n"
    assert _in_a_process_ignoring_sigchld(code).splitlines() == ["b'hi\\n'", "None"]


FAKE_GIT = """#!/bin/sh
echo $$ >> "{log}"
sleep 30
"""


def _fake_git(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A ``git`` first on PATH that logs its pid and hangs: a question nobody reads must be stopped."""
    bin_dir, log = tmp_path / "bin", tmp_path / "git.log"
    bin_dir.mkdir()
    (bin_dir / "git").write_text(FAKE_GIT.format(log=log))
    (bin_dir / "git").chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}, log


CONSOLE = "import sys\nfrom modlint.__main__ import run\nsys.argv = ['modlint', *sys.argv[1:]]\nrun()\n"


def test_a_hook_run_that_ends_early_stops_the_question_it_asked(tmp_path: Path) -> None:
    from helpers import copy_shop

    shop = copy_shop(tmp_path)
    env, log = _fake_git(tmp_path)
    changed = str(shop / "app/modules/orders/services/order_service.py")
    for args in (["--list-rules"], ["--statistics", "--format", "sarif"]):  # no git answer read
        done = subprocess.run(
            [sys.executable, "-c", CONSOLE, "--pre-commit", *args, changed], env=env, capture_output=True, timeout=60
        )
        assert done.returncode in (0, 2), done.stderr
    pids = [int(p) for p in log.read_text().split()]
    assert len(pids) == 2  # asked early, both times
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # killed: no git left hanging, no zombie


def test_a_hook_run_outside_a_checked_project_asks_git_nothing(tmp_path: Path) -> None:
    env, log = _fake_git(tmp_path)
    project = tmp_path / "docs"
    project.mkdir()
    (project / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    (project / "README.md").write_text("x\n")
    done = subprocess.run(
        [sys.executable, "-c", CONSOLE, "--pre-commit", "README.md"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "nothing to check" in done.stderr
    assert not log.exists()


def test_a_path_the_hook_cannot_resolve_is_a_one_line_error(tmp_path: Path) -> None:
    from helpers import copy_shop

    shop = copy_shop(tmp_path)
    long_name = "app/modules/orders/" + "a" * 300 + ".py"
    done = subprocess.run(
        [sys.executable, "-c", CONSOLE, "--pre-commit", long_name], cwd=shop, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("modlint: error:") and len(done.stderr.strip().splitlines()) == 1
