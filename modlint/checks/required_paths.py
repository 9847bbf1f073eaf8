"""Kind ``required_paths``: folders (trailing ``/``) and files a module must have."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from pydantic import Field, field_validator

from modlint.checks.base import Anchor, CheckContext, Rule, check_patterns
from modlint.findings import Finding


class RequiredPaths(Rule):
    """One finding per missing path, for each module the rule applies to."""

    default_anchor: ClassVar[Anchor] = Anchor("path")
    paths: list[str] = Field(min_length=1)

    _patterns = field_validator("paths")(check_patterns)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module in self.applicable_modules(ctx):
            for required in self.paths:
                if module.has(required):
                    continue
                what = "folder" if required.endswith("/") else "file"
                path, position = self.locate(ctx, module, required.rstrip("/"))
                message = f"module '{module.name}' is missing {what} '{required}'"
                yield self.finding(path, position, message, module)
