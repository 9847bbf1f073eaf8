"""What ``modlint init`` inferred, as a ``[tool.modlint]`` table (TOML) and a rule file (YAML).

Values are written as JSON, which is valid in both TOML (strings, arrays) and YAML (flow style),
so no TOML or YAML library is needed to write them.
"""

from __future__ import annotations

import json

from modlint.modmap.inference import Inferred

RULE_FILE_HEADER = (
    "# Inferred by `modlint init` from the modules under {root}: what most modules do.\n"
    "# Edit freely; `modlint --test-rules` runs the examples of rules that have them.\n"
)


def render_toml(inferred: Inferred) -> str:
    """``[tool.modlint]`` (and ``[tool.modlint.definition]``) with the non-default settings."""
    lines = ["[tool.modlint]", *(f"{key} = {json.dumps(value)}" for key, value in inferred.settings.items())]
    if inferred.definition:
        lines += ["", "[tool.modlint.definition]"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in inferred.definition.items()]
    return "\n".join(lines) + "\n"


def render_yaml(inferred: Inferred) -> str:
    """The rule file: new rules in full, overrides of shipped rules with only what differs."""
    lines = [RULE_FILE_HEADER.format(root=inferred.modules_root).rstrip("\n"), "rules:"]
    for rule in inferred.rules:
        first = True
        for key, value in rule.items():
            lead = "  - " if first else "    "
            first = False
            if key == "description" and isinstance(value, str):
                lines.append(f"{lead}{key}: |")
                lines += [f"      {line}" for line in value.splitlines()]
            else:
                lines.append(f"{lead}{key}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"
