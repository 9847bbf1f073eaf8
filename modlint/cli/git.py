"""What the pre-commit mode asks git: the deletions staged in its index (pre-commit never passes them).

git runs through ``os.posix_spawnp`` where the system has it: importing :mod:`subprocess` (with
``threading`` and ``selectors``) cost the hook's run ~9 ms, a twentieth of it, for one short command.
"""

from __future__ import annotations

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
    passes only the new name); empty outside a git checkout or without git."""
    out = output_of(["git", "-C", str(root), *STAGED_DELETIONS])
    if out is None:
        return []
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def output_of(command: Sequence[str], timeout: float = TIMEOUT) -> bytes | None:
    """What ``command`` writes to stdout (stdin and stderr the null device), or None when it cannot
    be run, exits with an error or takes longer than ``timeout`` seconds (then it is killed)."""
    spawn = getattr(os, "posix_spawnp", None)
    if spawn is None:  # pragma: no cover - Windows
        return _through_subprocess(command, timeout)
    read_end, write_end = os.pipe()  # both close-on-exec: the child keeps only its own stdout
    actions = [
        (os.POSIX_SPAWN_DUP2, write_end, 1),  # first: the pipe may have taken fd 0 or 2
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    try:
        try:  # SIGPIPE as the child expects it (Python ignores it), as subprocess restores it
            pid = spawn(command[0], list(command), os.environ, file_actions=actions, setsigdef=(signal.SIGPIPE,))
        finally:
            os.close(write_end)
        out = _read_all(read_end, pid, timeout)
    except OSError:  # no such program
        return None
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return out if out is not None and os.waitstatus_to_exitcode(status) == 0 else None


def _read_all(fd: int, pid: int, timeout: float) -> bytes | None:
    """Everything the child writes to ``fd`` until it closes it; None (the child killed) when that
    takes longer than ``timeout`` seconds or reading fails."""
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
    os.kill(pid, signal.SIGKILL)
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
