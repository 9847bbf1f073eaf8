"""flake8 adapter: ``flake8 --select MOD`` reports, per checked file, the findings modlint locates in it.

The whole project is analysed once per process (flake8's ``-j`` workers each keep their own cached
report, and share modlint's on-disk cache with the CLI); each file then only looks up its own
findings. flake8 applies ``# noqa`` itself.

modlint analyses the files on disk. An editor that pipes an unsaved buffer to ``flake8 -`` (with
``--stdin-display-name``) would get findings at the saved file's lines, so a file whose text flake8
holds is not the saved one gets none until it is saved.
"""

from __future__ import annotations

import ast
import functools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from modlint import __version__
from modlint.config import snapshot
from modlint.errors import ConfigError, file_system_problem
from modlint.facts.cache import DEFAULT_DIR, foreign_folder
from modlint.facts.reading import decode
from modlint.files import read_source
from modlint.findings import Finding
from modlint.pipeline import RunOptions, check
from modlint.project import find_project_root

CONFIG_ERROR_CODE = "MOD999"
Flake8Result = tuple[int, int, str, type]


@functools.lru_cache(maxsize=8)
def project_findings(root: str) -> dict[str, tuple[Finding, ...]] | str:
    """All findings of the project at ``root`` by project-relative path, or the text of what stopped
    modlint (a configuration error, or an internal error: the plugin never raises into flake8)."""
    try:
        return _findings(root)
    except Exception as exc:  # what the file system refused is the user's to fix, as in the CLI
        return file_system_problem(exc) or f"internal error: {type(exc).__name__}: {exc} (please report)"


def _findings(root: str) -> dict[str, tuple[Finding, ...]] | str:
    try:
        config = snapshot.load(Path(root), None, snapshot.directory(Path(root), None))
    except ConfigError as exc:
        return str(exc.problems[0])
    missing = config.missing_modules_root()
    if missing is not None:
        return missing
    cache_dir = Path(config.settings.cache_dir or DEFAULT_DIR)  # shared with the CLI: warm runs are cheap
    foreign = foreign_folder(Path(root) / cache_dir, Path(root))
    if foreign is not None:
        return foreign
    report = check(config, options=RunOptions(jobs=1, cache_dir=cache_dir))
    for note in report.notes:  # once per process: what the CLI says on stderr (files skipped, ...)
        print(f"modlint: warning: {note}", file=sys.stderr)
    by_path: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    return {path: tuple(found) for path, found in by_path.items()}


class ModlintChecker:
    """The ``flake8.extension`` entry point (code prefix ``MOD``)."""

    name = "modlint"
    version = __version__

    def __init__(self, tree: ast.AST, filename: str, lines: list[str]) -> None:
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[Flake8Result]:
        """Yield ``(line, column, "MOD010 message", type)``; flake8 columns are 0-based."""
        path = Path(os.path.abspath(self.filename))
        root = find_project_root(path)
        findings = project_findings(str(root))
        if isinstance(findings, str):
            yield 1, 0, f"{CONFIG_ERROR_CODE} modlint cannot check this project: {findings}", type(self)
            return
        rel = path.relative_to(root).as_posix()
        found = findings.get(rel, ())
        if found and not self._as_saved(path):
            return
        for finding in found:
            yield finding.line, finding.column - 1, f"{finding.code} {finding.message}", type(self)

    def _as_saved(self, path: Path) -> bool:
        """Whether the text flake8 checks is the file on disk (not an editor's unsaved buffer)."""
        try:
            data = read_source(path)
        except OSError:
            return False
        saved = decode(data)
        text = saved if isinstance(saved, str) else data.decode("latin-1")  # what flake8 falls back to
        return _plain(text) == _plain("".join(self.lines))


def _plain(text: str) -> str:
    """Text as both readers see it: no BOM, ``\n`` line ends (flake8 reads with universal newlines)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
