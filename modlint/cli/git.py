"""What the pre-commit mode asks git: the deletions staged in its index (pre-commit never passes them).

git runs through ``os.posix_spawnp`` where the system has it: importing :mod:`subprocess` (with
``threading`` and ``selectors``) cost the hook's run ~9 ms, a twentieth of it, for one short command.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import time
from collections.abc import Sequence
from pathlib import Path

#: Seconds git may take before the hook goes on without its answer (killed).
TIMEOUT = 30.0
#: The deletions in git's index, the old names of renames among them, NUL-separated, relative to the
#: folder git runs in (``-C`` the project root).
STAGED_DELETIONS = ("diff", "--cached", "--name-only", "--relative", "--no-renames", "--diff-filter=D", "-z")


def staged_deletions(root: Path) -> list[str]:
    """Project-relative paths deleted in git's index, the old names of renames among them (pre-commit
    passes only the new name); empty outside a git checkout or without git. Asked of git
    :func:`early` when the run started that, else now."""
    asked = _EARLY.pop(root, None) or _Asked.start(_staged_deletions_command(root))
    cancel_early()  # an early guess at another project: not wanted
    out = asked.output(TIMEOUT) if asked is not None else None
    if out is None:
        return []
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def early(root: Path) -> None:
    """Start asking git for ``root``'s staged deletions now: git answers while modlint loads (it
    takes ~6 ms in a checkout; the hook's run ~190), and :func:`staged_deletions` reads the answer."""
    if root not in _EARLY and (asked := _Asked.start(_staged_deletions_command(root))) is not None:
        _EARLY[root] = asked


def cancel_early() -> None:
    """Stop every question :func:`early` started that nothing read (killed and reaped)."""
    for asked in _EARLY.values():
        asked.cancel()
    _EARLY.clear()


def _staged_deletions_command(root: Path) -> list[str]:
    return ["git", "-C", str(root), *STAGED_DELETIONS]


def output_of(command: Sequence[str], timeout: float = TIMEOUT) -> bytes | None:
    """What ``command`` writes to stdout (stdin and stderr the null device), or None when it cannot
    be run, exits with an error or takes longer than ``timeout`` seconds (then it is killed)."""
    if getattr(os, "posix_spawnp", None) is None:  # pragma: no cover - Windows
        return _through_subprocess(command, timeout)
    asked = _Asked.start(command)
    return asked.output(timeout) if asked is not None else None


class _Asked:
    """A command started, its standard output a pipe read when its answer is wanted."""

    def __init__(self, pid: int, read_end: int) -> None:
        self.pid = pid
        self.read_end = read_end

    @classmethod
    def start(cls, command: Sequence[str]) -> _Asked | None:
        """Start ``command``; None when it cannot be (no such program, or no posix_spawn here)."""
        spawn = getattr(os, "posix_spawnp", None)
        if spawn is None:  # pragma: no cover - Windows: output_of goes through subprocess
            return None
        read_end, write_end = os.pipe()  # both close-on-exec: the child keeps only its own stdout
        actions = [
            (os.POSIX_SPAWN_DUP2, write_end, 1),  # first: the pipe may have taken fd 0 or 2
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        ]
        try:  # SIGPIPE as the child expects it (Python ignores it), as subprocess restores it
            pid = spawn(command[0], list(command), os.environ, file_actions=actions, setsigdef=(signal.SIGPIPE,))
        except OSError:  # no such program
            os.close(read_end)
            return None
        finally:
            os.close(write_end)
        return cls(pid, read_end)

    def output(self, timeout: float) -> bytes | None:
        """What the command wrote, once it ended; None when it failed or took longer than ``timeout``
        seconds (then it is killed). The child is always reaped."""
        try:
            out = _read_all(self.read_end, timeout)
        finally:
            os.close(self.read_end)
        if out is None:
            self._kill()
        status = self._reap()
        if status is None:  # SIGCHLD ignored by whoever started modlint: reaped, its status lost
            return out  # all it wrote was read (a git that fails writes nothing to stdout)
        return out if status == 0 else None

    def cancel(self) -> None:
        """Stop the command (killed, reaped) without reading it."""
        os.close(self.read_end)
        self._kill()
        self._reap()

    def _kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):  # gone already (SIGCHLD ignored: reaped at exit)
            os.kill(self.pid, signal.SIGKILL)

    def _reap(self) -> int | None:
        """The command's exit code once it ended; None when the system reaped it (SIGCHLD ignored)."""
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return None
        return os.waitstatus_to_exitcode(status)


#: Queries started by :func:`early`, by the project root they were started for.
_EARLY: dict[Path, _Asked] = {}


def _read_all(fd: int, timeout: float) -> bytes | None:
    """Everything the child writes to ``fd`` until it closes it; None when that takes longer than
    ``timeout`` seconds or reading fails."""
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    try:
        while (left := deadline - time.monotonic()) > 0 and select.select([fd], [], [], left)[0]:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    except OSError:
        pass
    return None


def _through_subprocess(command: Sequence[str], timeout: float) -> bytes | None:  # pragma: no cover - Windows
    import subprocess  # only where there is no posix_spawn

    try:
        done = subprocess.run(
            list(command), capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
