"""Kind ``exports``: a file must bind at least one of ``names`` at top level."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from pydantic import Field

from modlint.checks.base import Anchor, CheckContext, FileRule, describe
from modlint.findings import Finding


class Exports(FileRule):
    """Binding means assignment with a value, import, ``def`` or ``class`` (see README: "binds")."""

    default_anchor: ClassVar[Anchor] = Anchor("file")
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"files": ["services/*.py", "!**/__init__.py"], "names": ["service", "Service"]},
            "wrong": [
                {
                    "files": {"services/service.py": "class Other: ...\n"},
                    "expect": ["services/service.py:1:1: does not bind 'service' or 'Service' at top level"],
                }
            ],
            "right": [
                {"files": {"services/service.py": "from .impl import Service\n", "services/impl.py": "Service = 1\n"}}
            ],
        },
    )
    names: list[str] = Field(min_length=1, description="top-level names; the file must bind at least one")

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module, rel in self.selected(ctx):
            facts = self.facts_of(ctx, module, rel)
            if facts is None or facts.bindings.intersection(self.names):
                continue
            path, position = self.locate(ctx, module, rel)
            yield self.finding(path, position, f"does not bind {describe(self.names)} at top level", module)
