"""Kind ``exports``: a file must bind at least one of ``names`` at top level."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from pydantic import Field

from modlint.checks.base import Anchor, CheckContext, FileRule, describe
from modlint.findings import Finding


class Exports(FileRule):
    """Binding means assignment with a value, import, ``def`` or ``class`` (see README: "binds")."""

    default_anchor: ClassVar[Anchor] = Anchor("file")
    names: list[str] = Field(min_length=1)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module, rel in self.selected(ctx):
            facts = self.facts_of(ctx, module, rel)
            if facts is None or facts.bindings.intersection(self.names):
                continue
            path, position = self.locate(ctx, module, rel)
            yield self.finding(path, position, f"does not bind {describe(self.names)} at top level", module)
