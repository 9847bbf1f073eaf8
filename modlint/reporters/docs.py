"""README's generated tables: the default rules and the check kinds, rendered from the code's data.

Between ``<!-- modlint:rules -->`` / ``<!-- /modlint:rules -->`` (and the same for ``kinds``) README
holds exactly what :func:`update` writes; a test fails when the two drift apart. Regenerate with
``python3 -m modlint.reporters.docs README.md``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from modlint.checks import KINDS, Rule
from modlint.checks.spec import Parameter, parameters
from modlint.files import atomic_write
from modlint.reporters.explain import anchor_text, kind_summary, summary_of, where_reported


def rules_table(rules: Sequence[Rule]) -> str:
    """One row per rule: id, severity, kind, what it checks, where it is reported."""
    rows = ["| id | sev | kind | what it checks | where it is reported |", "|---|---|---|---|---|"]
    for rule in sorted(rules, key=lambda r: r.id):
        cells = [rule.id, rule.severity.value, f"`{rule.check}`", summary_of(rule), where_reported(rule)]
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows)


def kinds_table() -> str:
    """One row per kind: its parameters (with defaults), what it reports, its default ``report_at``."""
    rows = ["| kind | parameters | reports | default `report_at` |", "|---|---|---|---|"]
    for name, kind in KINDS.items():
        params = "; ".join(_parameter(parameter) for parameter in _own_fields(kind)) or "(none)"
        anchor = f"`{kind.default_anchor}` ({anchor_text(kind.default_anchor, kind.node_text)})"
        rows.append("| " + " | ".join(_cell(c) for c in (f"`{name}`", params, kind_summary(kind), anchor)) + " |")
    return "\n".join(rows)


def _own_fields(kind: type[Rule]) -> list[Parameter]:
    common = {parameter.name for parameter in parameters(Rule)}
    return [parameter for parameter in parameters(kind) if parameter.name not in common]


def _parameter(parameter: Parameter) -> str:
    default = "required" if parameter.required else f"default `{parameter.default}`"
    return f"`{parameter.name}` ({default}): {parameter.description}".rstrip(": ")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def update(readme: str, rules: Sequence[Rule]) -> str:
    """README's text with both generated tables replaced by the current ones."""
    for name, table in (("rules", rules_table(rules)), ("kinds", kinds_table())):
        pattern = re.compile(rf"(<!-- modlint:{name} -->\n).*?(<!-- /modlint:{name} -->)", re.DOTALL)
        if not pattern.search(readme):
            raise ValueError(f"README has no <!-- modlint:{name} --> ... <!-- /modlint:{name} --> markers")
        readme = pattern.sub(_replacement(table), readme)
    return readme


def _replacement(table: str) -> Callable[[re.Match[str]], str]:
    return lambda found: found.group(1) + table + "\n" + found.group(2)


def main(argv: Sequence[str]) -> int:
    """Rewrite the tables in the README files given (the project's own documentation tool)."""
    from modlint.config.ruleset import load_ruleset
    from modlint.config.shipped import default_rule_files

    rules = load_ruleset([(p, p.name) for p in default_rule_files()])
    for name in argv:
        path = Path(name)
        atomic_write(path, update(path.read_text(encoding="utf-8"), rules).encode("utf-8"))
    return 0


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    sys.exit(main(sys.argv[1:]))
