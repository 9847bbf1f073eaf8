"""Run the examples that rules and check kinds carry (``modlint --test-rules``, and the test suite).

Each example becomes a small project in a temporary folder: :func:`~modlint.checks.examples.clean_module`
with the example's files laid over it. The whole rule set runs on it, as in real use, and the findings
of the rule under test must be exactly the example's ``expect`` (none for a right example).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from modlint.checks import KINDS, Rule
from modlint.checks.examples import Example, Examples, Expected, clean_module, example_path, project_path
from modlint.config import schema
from modlint.config.loading import ProjectConfig, RuleSet
from modlint.config.settings import LoadedSettings, Settings
from modlint.findings import Finding
from modlint.pipeline import check
from modlint.values import Value, fields

EXAMPLE_PYPROJECT = "[project]\nname = 'example'\n"
KIND_RULE_ID = "KIND-1"


class ExampleOutcome(Value):
    """What one example expected and what the rule under test reported on it."""

    rule_id: str
    label: str
    expected: tuple[Expected, ...]
    got: tuple[Expected, ...]

    @property
    def passed(self) -> bool:
        """Same findings, in the same places; messages compared where the example gives one."""
        if len(self.expected) != len(self.got):
            return False
        return all(_same(e, g) for e, g in zip(self.expected, self.got, strict=True))

    def describe(self) -> str:
        """One line: what failed, or that it passed."""
        if self.passed:
            return f"ok    {self.rule_id} {self.label}"
        expected = ", ".join(map(str, self.expected)) or "no finding"
        got = ", ".join(map(str, self.got)) or "no finding"
        return f"FAIL  {self.rule_id} {self.label}: expected {expected}; got {got}"


def _same(expected: Expected, got: Expected) -> bool:
    where = (expected.path, expected.line, expected.column) == (got.path, got.line, got.column)
    return where and (expected.message is None or expected.message == got.message)


def _order(found: Expected) -> tuple[str, int, int, str]:
    return (found.path, found.line, found.column, found.message or "")


def write_example(root: Path, example: Example) -> None:
    """The clean module, then the example's files (``None`` deletes a path and what is below it)."""
    files: dict[str, str | None] = {"pyproject.toml": EXAMPLE_PYPROJECT}
    files.update({project_path(rel): text for rel, text in clean_module().items()})
    for rel, text in example.files.items():
        path = project_path(rel)
        if text is None:
            files = {
                p: t for p, t in files.items() if p != path.rstrip("/") and not p.startswith(path.rstrip("/") + "/")
            }
        else:
            files[path] = text
    for path, text in files.items():
        target = root / path
        if path.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text or "", encoding="utf-8")


def run_example(
    ruleset: RuleSet, rule: Rule, example: Example, label: str, beside: Sequence[str] | None = None
) -> ExampleOutcome:
    """Check one example project with ``rule`` and every enabled rule of ``ruleset``, or, when
    ``beside`` names rule ids, with ``rule`` and only those (a kind's parameters, in isolation)."""
    root = Path(tempfile.mkdtemp(prefix="modlint-example-"))
    try:
        write_example(root, example)
        enabled = [r for r in ruleset.enabled if r.id != rule.id] + [rule]
        active = enabled if beside is None else [r for r in enabled if r.id in beside] + [rule]
        config = ProjectConfig(root, LoadedSettings(Settings(), None), RuleSet(tuple(enabled)))
        report = check(config, active)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    got = sorted((_found(f) for f in report.findings if f.rule_id == rule.id), key=_order)
    return ExampleOutcome(rule.id, label, tuple(sorted(example.expected(), key=_order)), tuple(got))


def _found(finding: Finding) -> Expected:
    return Expected(example_path(finding.path), finding.line, finding.column, finding.message)


def _labelled(examples: Examples, prefix: str = "") -> Iterator[tuple[Example, str]]:
    for kind, items in (("wrong", examples.wrong), ("right", examples.right)):
        for index, example in enumerate(items, start=1):
            yield example, f"{prefix}{kind} #{index}"


#: The fields that name and present a rule, not what it finds: an override of only these leaves the
#: shipped examples describing the rule.
PRESENTATION = frozenset({"id", "name", "severity", "description", "summary", "fix", "examples", "enabled"})


class ExamplePlan(Value):
    """What ``--test-rules`` runs: each rule with the rule set its examples were written for, and the
    rules whose examples, inherited from a shipped rule, no longer describe them."""

    runs: tuple[tuple[Rule, RuleSet], ...]
    overridden: tuple[Rule, ...]


def plan_examples(ruleset: RuleSet, rules: Sequence[Rule], shipped: Sequence[Rule] = ()) -> ExamplePlan:
    """Examples run beside the rules they were written with. A team's examples (and a shipped rule's,
    with no team rule file) run with ``ruleset``. A shipped rule's examples that a team's override
    inherited run with the shipped rules as shipped: another override (MOD-010 looking for a Flask
    blueprint) must not fail an example that relies on the shipped rule beside it (MOD-100's
    ``# noqa: MOD010``). An override that changes what the rule finds makes its inherited examples
    wrong rather than failing: they are left out (``overridden``), so the team writes its own."""
    originals = {rule.id: rule for rule in shipped}
    as_shipped = RuleSet(tuple(shipped))
    runs: list[tuple[Rule, RuleSet]] = []
    overridden: list[Rule] = []
    for rule in rules:
        original = originals.get(rule.id)
        if original is None or rule.examples.empty or rule.examples != original.examples:
            runs.append((rule, ruleset))
        elif _finds(rule) == _finds(original):
            runs.append((original, as_shipped))
        else:
            overridden.append(rule)
    return ExamplePlan(tuple(runs), tuple(overridden))


def _finds(rule: Rule) -> tuple[object, ...]:
    """What decides the findings of ``rule``: its kind and every field but the presentation."""
    return (
        type(rule),
        *((f.name, getattr(rule, f.name)) for f in fields(rule) if f.name not in PRESENTATION),
    )


def run_rule_examples(plan: ExamplePlan) -> list[ExampleOutcome]:
    """Every example of every rule of ``plan``, each run with the enabled rules of its rule set."""
    return [
        run_example(ruleset, rule, example, label)
        for rule, ruleset in plan.runs
        for example, label in _labelled(rule.examples)
    ]


class KindExample(Value):
    """A rule of one kind built from a parameter example, its examples, and the shipped rules
    that run beside it (``beside``: only those, so the parameters are seen in isolation)."""

    rule: Rule
    examples: Examples
    label: str
    beside: tuple[str, ...]


def kind_examples() -> Iterator[KindExample]:
    """A rule per parameter example of each kind, in kind order."""
    for name, kind in KINDS.items():
        for index, data in enumerate(kind.parameter_examples, start=1):
            examples = schema.validate(Examples, {k: v for k, v in data.items() if k in ("wrong", "right")})
            yield KindExample(
                kind_rule(name, data["rule"]), examples, f"{name} #{index} ", tuple(data.get("beside", ()))
            )


def kind_rule(name: str, parameters: dict[str, Any]) -> Rule:
    """A rule of kind ``name`` with these parameters (identity fields filled in)."""
    data = {"id": KIND_RULE_ID, "name": f"{name}-example", "severity": "error", "description": "An example."}
    return schema.validate(KINDS[name], {**data, "check": name, **parameters})


def run_kind_examples(ruleset: RuleSet) -> list[ExampleOutcome]:
    """Every parameter example of every kind, each run beside the enabled rules of ``ruleset``."""
    return [
        run_example(ruleset, kind.rule, example, kind.label + label, kind.beside)
        for kind in kind_examples()
        for example, label in _labelled(kind.examples)
    ]
