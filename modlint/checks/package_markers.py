"""Kind ``package_markers``: folders that must hold an ``__init__.py`` (fixable: create it empty)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from modlint.checks import patterns
from modlint.checks.base import Anchor, CheckContext, Rule, validated
from modlint.checks.spec import Field
from modlint.findings import Finding, Fix
from modlint.layout import PACKAGE_MARKER, Module


class PackageMarkers(Rule):
    """``dirs`` need ``__init__.py``; ``only_if_python`` skips folders holding no ``.py`` at any depth;
    ``require_dirs`` makes a missing folder count as missing its marker."""

    default_anchor: ClassVar[Anchor] = Anchor("first-file")
    has_nodes: ClassVar[bool] = False
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"dirs": ["services", "locales"]},
            "wrong": [
                {
                    "files": {"services/__init__.py": None},
                    "expect": ["services/service.py:1:1: folder 'services/' has no __init__.py"],
                }
            ],
            "right": [{"files": {}}],
        },
        {
            "rule": {"dirs": ["tasks"], "only_if_python": True},
            "wrong": [
                {
                    "files": {"tasks/nightly/job.py": "x = 1\n"},
                    "expect": ["definition.py:1:1: folder 'tasks/' has no __init__.py"],
                }
            ],
            "right": [{"files": {"tasks/README.md": "Jobs run by cron.\n"}}],
        },
        {
            "rule": {"dirs": ["."]},
            "wrong": [
                {
                    "files": {"__init__.py": None},
                    "expect": ["config.py:1:1: module folder has no __init__.py"],
                }
            ],
            "right": [{"files": {}}],
        },
        {
            "rule": {"dirs": ["locales"], "require_dirs": True},
            "wrong": [{"files": {}, "expect": ["config.py:1:1: missing folder 'locales/' and its __init__.py"]}],
            "right": [{"files": {"locales/__init__.py": ""}}],
        },
    )
    dirs: list[str] = Field(
        min_length=1, description="module folders that must hold `__init__.py` (`.` is the module folder itself)"
    )
    only_if_python: bool = Field(default=False, description="only when the folder holds a `.py` at any depth")
    require_dirs: bool = Field(default=False, description="a missing folder counts as missing its marker")

    _dirs = validated(patterns.exact_path_check(module_folder=True), "dirs")

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module in self.applicable_modules(ctx):
            for folder in (_folder(patterns.expand(d, module.name)) for d in self.dirs):
                finding = self._check_folder(ctx, module, folder)
                if finding is not None:
                    yield finding

    def _check_folder(self, ctx: CheckContext, module: Module, folder: str) -> Finding | None:
        marker = f"{folder}/{PACKAGE_MARKER}" if folder else PACKAGE_MARKER
        if marker in module.file_set:
            return None
        fix = Fix(create=module.project_path(marker), description=f"Create {module.project_path(marker)}")
        if not module.has_dir(folder):
            if not self.require_dirs:
                return None
            parent = folder.rpartition("/")[0]
            path, position = self.locate(ctx, module, parent)
            message = f"missing folder '{folder}/' and its {PACKAGE_MARKER}"
            return self.finding(path, position, message, module, fix, subject=fix.create)
        if self.only_if_python and not module.python_files_in(folder, recursive=True):
            return None
        path, position = self.locate(ctx, module, folder)
        message = f"folder '{folder}/' has no {PACKAGE_MARKER}" if folder else f"module folder has no {PACKAGE_MARKER}"
        return self.finding(path, position, message, module, fix, subject=fix.create)


def _folder(value: str) -> str:
    """A ``dirs`` entry as a module-relative folder: ``.`` and ``./x`` name the module folder and ``x``."""
    parts = [part for part in value.strip("/").split("/") if part not in ("", ".")]
    return "/".join(parts)
