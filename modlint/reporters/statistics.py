"""``--statistics``: how many findings each rule and each module has, to plan a clean-up."""

from __future__ import annotations

import json
from collections import Counter

from modlint.results.report import Report

LEGACY = "(no module)"


def counts(report: Report) -> tuple[list[tuple[str, str, int]], list[tuple[str, int]]]:
    """(rule id, rule name, count) and (module, count), most findings first, then by name."""
    names = {rule.id: rule.name for rule in report.rules}
    by_rule = Counter(f.rule_id for f in report.findings)
    by_module = Counter(f.module or LEGACY for f in report.findings)
    rules = sorted(((rid, names.get(rid, ""), n) for rid, n in by_rule.items()), key=lambda r: (-r[2], r[0]))
    modules = sorted(by_module.items(), key=lambda m: (-m[1], m[0]))
    return rules, modules


def render(report: Report, *, as_json: bool = False) -> str:
    """A two-part table (rules, then modules), or the same as JSON."""
    rules, modules = counts(report)
    if as_json:
        document = {
            "rules": [{"rule": rid, "name": name, "count": n} for rid, name, n in rules],
            "modules": [{"module": None if m == LEGACY else m, "count": n} for m, n in modules],
        }
        return json.dumps(document, indent=2) + "\n"
    lines = [f"{n:5}  {rid:<8} {name}" for rid, name, n in rules]
    lines += [""] + [f"{n:5}  {module}" for module, n in modules] if modules else []
    return "".join(line + "\n" for line in lines)
