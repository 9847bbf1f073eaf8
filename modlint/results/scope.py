"""Which findings a run reports: the whole project, findings under some paths, or (pre-commit) the
modules a commit's changed files belong to."""

from __future__ import annotations

from collections.abc import Sequence

from modlint.findings import Finding
from modlint.layout import module_name_of
from modlint.values import Value


class Scope(Value):
    """Which findings a run reports; the default is the whole project.

    ``paths``: findings located under these project-relative prefixes. ``changed`` (pre-commit):
    every finding of the modules these files belong to, plus findings located in the files.
    """

    paths: tuple[str, ...] = ()
    changed: tuple[str, ...] | None = None

    @property
    def whole_project(self) -> bool:
        """Whether every finding is in scope."""
        return not self.paths and self.changed is None

    def wants_module(self, module_path: str) -> bool:
        """Whether a module must be analysed for this scope (a narrowed run skips the others)."""
        if self.changed is not None:
            return any(c.startswith(module_path + "/") for c in self.changed)
        return not self.paths or any(
            _under_any(module_path, [p]) or p.startswith(module_path + "/") for p in self.paths
        )

    def wants_file(self, path: str) -> bool:
        """Whether a project-level (legacy) file must be analysed for this scope."""
        if self.changed is not None:
            return path in self.changed
        return not self.paths or _under_any(path, self.paths)

    def wants_folder(self, folder: str) -> bool:
        """Whether :meth:`wants_file` may want a file below the project-level ``folder``."""
        folder = folder.strip("/")
        if self.changed is not None:  # "" (a rule's files from the project root): any file may be
            return not folder or any(c == folder or c.startswith(folder + "/") for c in self.changed)
        return not self.paths or any(_under_any(folder, [p]) or _under_any(p, [folder]) for p in self.paths)

    def keeps(self, finding: Finding, modules_root: str) -> bool:
        """Whether ``finding`` is in scope."""
        return self.covers(finding.path, finding.module, modules_root, finding.related)

    def covers(self, path: str, module: str | None, modules_root: str, related: tuple[str, ...] = ()) -> bool:
        """Whether a finding at ``path`` (of ``module``, also about the ``related`` modules) would be in scope."""
        if self.paths and not _under_any(path, self.paths):
            return False
        if self.changed is None:
            return True
        modules = {module_name_of(p, modules_root) for p in self.changed}
        return path in self.changed or any(m is not None and m in modules for m in (module, *related))


def _under_any(path: str, prefixes: Sequence[str]) -> bool:
    return any(p in ("", ".") or path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)
