"""``modlint --migrations``: each module's Alembic chain (roots, heads, length, merges, edges to other
modules), rendered from the same facts as the migration graph rules."""

from __future__ import annotations

import json
from collections.abc import Sequence

from modlint.checks.migration_graph import ChainSummary


def render_text(chains: Sequence[ChainSummary], heads: Sequence[str]) -> str:
    """One block per module, then the project's heads (what `alembic upgrade heads` upgrades to)."""
    lines = []
    for chain in chains:
        lines.append(f"{chain.group}: {chain.revisions} revision{'' if chain.revisions == 1 else 's'}")
        lines.append(f"  root:  {', '.join(chain.roots) or '-'}")
        lines.append(
            f"  heads: {', '.join(chain.heads) or '-'}{'  (more than one: merge them)' if len(chain.heads) > 1 else ''}"
        )
        if chain.merges:
            lines.append(f"  merges: {', '.join(chain.merges)}")
        for edge in chain.cross:
            lines.append(f"  {edge.revision} {edge.variable} {edge.names} (module {edge.group})")
    lines.append(f"heads: {', '.join(heads) or '-'}")
    return "\n".join(lines) + "\n"


def render_json(chains: Sequence[ChainSummary], heads: Sequence[str]) -> str:
    """The same as JSON: ``{"modules": [...], "heads": [...]}``."""
    modules = [
        {
            "module": chain.group,
            "revisions": chain.revisions,
            "roots": list(chain.roots),
            "heads": list(chain.heads),
            "merges": list(chain.merges),
            "cross_module": [
                {"revision": e.revision, "variable": e.variable, "names": e.names, "module": e.group}
                for e in chain.cross
            ],
        }
        for chain in chains
    ]
    return json.dumps({"modules": modules, "heads": list(heads)}, indent=2) + "\n"
