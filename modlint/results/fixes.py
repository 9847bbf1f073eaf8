"""Apply the fixes findings carry: create missing (empty) files, never touching what exists.

Every write is an exclusive create inside the project root; anything surprising (a file where a
folder should be, a dangling link, a path leaving the root) is refused with a reason, not forced.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from modlint.findings import Finding
from modlint.values import Value


class FixOutcome(Value):
    """What a fix run did (or, in a dry run, would do)."""

    created: tuple[str, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()


def planned(findings: Iterable[Finding]) -> list[str]:
    """The distinct files the fixable findings ask for, sorted."""
    return sorted({f.fix.create for f in findings if f.fix is not None})


def apply(root: Path, findings: Iterable[Finding], *, dry_run: bool = False) -> FixOutcome:
    """Create each planned file (or only check that it could be, with ``dry_run``)."""
    created: list[str] = []
    refused: list[tuple[str, str]] = []
    for rel in planned(findings):
        reason = _refusal(root, rel)
        if reason is None and not dry_run:
            reason = _create(root, rel)
        if reason is None:
            created.append(rel)
        else:
            refused.append((rel, reason))
    return FixOutcome(tuple(created), tuple(refused))


def _refusal(root: Path, rel: str) -> str | None:
    """Why ``rel`` must not be created, or None when it is safe to."""
    real_root = os.path.realpath(root)
    target = root / rel
    if os.path.commonpath([real_root, os.path.realpath(target)]) != real_root:
        return "it lies outside the project root"
    if os.path.lexists(target):
        return "something already exists there"
    for parent in reversed(Path(rel).parents[:-1] if len(Path(rel).parents) > 1 else []):
        path = root / parent
        if os.path.islink(path) and not path.exists():
            return f"'{parent.as_posix()}' is a dangling symbolic link"
        if path.exists() and not path.is_dir():
            return f"'{parent.as_posix()}' is a file, not a folder"
    return None


def _create(root: Path, rel: str) -> str | None:
    target = root / rel
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8"):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
