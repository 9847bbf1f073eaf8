"""What the pre-commit mode asks git: the deletions staged in its index (pre-commit never passes them).

git runs through ``os.posix_spawnp`` where the system has it: importing :mod:`subprocess` (with
``threading`` and ``selectors``) cost the hook's run ~9 ms, a twentieth of it, for one short command.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

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


def output_of(command: Sequence[str]) -> bytes | None:
    """What ``command`` writes to stdout (stdin and stderr the null device), or None when it cannot
    be run or exits with an error."""
    spawn = getattr(os, "posix_spawnp", None)
    if spawn is None:  # pragma: no cover - Windows
        return _through_subprocess(command)
    read_end, write_end = os.pipe()  # both close-on-exec: the child keeps only its own stdout
    actions = [
        (os.POSIX_SPAWN_DUP2, write_end, 1),  # first: the pipe may have taken fd 0 or 2
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    try:
        try:
            pid = spawn(command[0], list(command), os.environ, file_actions=actions)
        finally:
            os.close(write_end)
        chunks = []
        while chunk := os.read(read_end, 1 << 16):
            chunks.append(chunk)
    except OSError:  # no such program (pid unset), or the pipe failed: the child ends with it
        return None
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    return b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None


def _through_subprocess(command: Sequence[str]) -> bytes | None:  # pragma: no cover - Windows
    import subprocess  # only where there is no posix_spawn

    try:
        done = subprocess.run(list(command), capture_output=True, stdin=subprocess.DEVNULL, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
