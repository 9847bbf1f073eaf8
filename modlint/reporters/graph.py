"""The module graph as Mermaid (renders in GitHub markdown), Graphviz DOT, and JSON.

Both pictures draw the same five styles: a solid arrow for a dependency that is required and
imported (labelled with the number of import statements), a dashed red one for imports that are
not required, a dashed grey one for imports by a module whose ``requires`` cannot be read, a dotted
grey one for a requirement nothing imports, and a thick arrow for an import edge on a cycle.
"""

from __future__ import annotations

import json
import re

from modlint.modmap.graph import DECLARED, UNDECLARED, UNJUDGED, UNUSED, Edge, ModuleGraph

_COLOURS = {DECLARED: "#555555", UNDECLARED: "#d1242f", UNJUDGED: "#999999", UNUSED: "#999999"}
_DASHES = {DECLARED: "", UNDECLARED: "6 4", UNJUDGED: "6 4", UNUSED: "2 4"}
_LEGEND = (
    "solid: required and imported (import statements); dashed red: imported, not required; "
    "dashed grey: imported, requires unreadable; dotted grey: required, not imported; thick: on an import cycle"
)


def _label(edge: Edge) -> str:
    count = f"{edge.imports} import{'' if edge.imports == 1 else 's'}"
    if edge.kind == UNDECLARED:
        return f"{count}, not required"
    if edge.kind == UNJUDGED:
        return f"{count}, requires unreadable"
    return "not imported" if edge.kind == UNUSED else count


def _node_ids(names: tuple[str, ...]) -> dict[str, str]:
    """Mermaid node ids no module folder name can break: ``m_`` and the name's letters, digits and
    ``_`` (so no keyword such as ``end``), numbered when two names would meet."""
    ids: dict[str, str] = {}
    for index, name in enumerate(names):
        plain = "m_" + re.sub(r"[^A-Za-z0-9_]", "_", name)
        ids[name] = plain if plain not in ids.values() and plain[2:] == name else f"{plain}_{index}"
    return ids


def _mermaid_text(text: str) -> str:
    """A quoted Mermaid label: double quotes as the entity Mermaid knows."""
    return " ".join(text.split()).replace('"', "#quot;")  # one line: a name may hold a line break


def _dot_text(text: str) -> str:
    """A DOT string's content: backslashes and double quotes escaped, one line."""
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def render_mermaid(model: ModuleGraph) -> str:
    """A ``flowchart LR`` with one node per module and ``linkStyle`` lines for the edge styles."""
    ids = _node_ids(model.modules)
    lines = ["flowchart LR", f"    %% {_LEGEND}"]
    lines += [f'    {ids[name]}["{_mermaid_text(name)}"]' for name in model.modules]
    styles: dict[str, list[int]] = {}
    for index, edge in enumerate(model.edges):
        arrow = "==>" if edge.cycle else "-.->" if edge.kind != DECLARED else "-->"
        lines.append(f'    {ids[edge.source]} {arrow}|"{_label(edge)}"| {ids[edge.target]}')
        styles.setdefault(edge.kind, []).append(index)
    for kind, indexes in styles.items():
        dash = f",stroke-dasharray:{_DASHES[kind]}" if _DASHES[kind] else ""
        lines.append(f"    linkStyle {','.join(map(str, indexes))} stroke:{_COLOURS[kind]}{dash}")
    return "\n".join(lines) + "\n"


def render_dot(model: ModuleGraph) -> str:
    """A ``digraph`` with one box per module."""
    lines = ["digraph modules {", f"    // {_LEGEND}", "    rankdir=LR;", '    node [shape=box, fontname="Helvetica"];']
    lines += [f'    "{_dot_text(name)}";' for name in model.modules]
    for edge in model.edges:
        style = {DECLARED: "solid", UNDECLARED: "dashed", UNJUDGED: "dashed", UNUSED: "dotted"}[edge.kind]
        width = ", penwidth=3" if edge.cycle else ""
        attributes = f'label="{_label(edge)}", style={style}, color="{_COLOURS[edge.kind]}"{width}'
        lines.append(f'    "{_dot_text(edge.source)}" -> "{_dot_text(edge.target)}" [{attributes}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_json(model: ModuleGraph) -> str:
    """``{"modules", "edges": [{"source", "target", "imports", "required", "kind", "cycle"}], "cycles",
    "unknown_requires"}``."""
    document = {
        "modules": list(model.modules),
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "imports": e.imports,
                "required": e.required,
                "kind": e.kind,
                "cycle": e.cycle,
            }
            for e in model.edges
        ],
        "cycles": [list(cycle) for cycle in model.cycles],
        "unknown_requires": [{"module": module, "entry": entry} for module, entry in model.unknown],
    }
    return json.dumps(document, indent=2) + "\n"


RENDERERS = {"mermaid": render_mermaid, "dot": render_dot, "json": render_json}
