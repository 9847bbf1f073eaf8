"""The one generated test of rule behaviour: every example every shipped rule and every check kind
carries is run, and must give exactly the findings it expects (Fixit's VALID/INVALID, as data)."""

from __future__ import annotations

import pytest

from modlint.checks import KINDS, Rule
from modlint.checks.examples import Example
from modlint.checks.spec import parameters, plain
from modlint.config.loading import RuleSet, load_config
from modlint.rule_examples import ExampleOutcome, kind_examples, run_example

from helpers import FIXTURES

SHIPPED = load_config(FIXTURES / "shop").ruleset
BASE_PARAMETERS = {"modules", "scope", "report_at", "when"}
WHEN_KEYS = {"facts", "exists", "has_files"}


def _rule_cases() -> list[object]:
    return [
        pytest.param(rule, example, f"{kind} #{index}", id=f"{rule.id} {kind} #{index}")
        for rule in SHIPPED.rules
        for kind, items in (("wrong", rule.examples.wrong), ("right", rule.examples.right))
        for index, example in enumerate(items, start=1)
    ]


def _kind_cases() -> list[object]:
    return [
        pytest.param(
            kind.rule, example, f"{kind.label}{which} #{index}", kind.beside, id=f"{kind.label}{which} #{index}"
        )
        for kind in kind_examples()
        for which, items in (("wrong", kind.examples.wrong), ("right", kind.examples.right))
        for index, example in enumerate(items, start=1)
    ]


def _check(outcome: ExampleOutcome) -> None:
    assert outcome.passed, outcome.describe()


@pytest.mark.parametrize(("rule", "example", "label"), _rule_cases())
def test_shipped_rule_example(rule: Rule, example: Example, label: str) -> None:
    _check(run_example(SHIPPED, rule, example, label))


@pytest.mark.parametrize(
    ("rule", "example", "label", "beside"), _kind_cases(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_kind_parameter_example(rule: Rule, example: Example, label: str, beside: tuple[str, ...]) -> None:
    _check(run_example(SHIPPED, rule, example, label, beside))


def test_every_shipped_rule_has_a_wrong_and_a_right_example() -> None:
    missing = [r.id for r in SHIPPED.rules if not (r.examples.wrong and r.examples.right)]
    assert missing == []


def test_every_kind_parameter_has_an_example() -> None:
    common = {parameter.name for parameter in parameters(Rule)}
    uncovered = []
    for name, kind in KINDS.items():
        used = {key for data in kind.parameter_examples for key in data["rule"]}
        uncovered += [f"{name}.{field}" for field in {p.name for p in parameters(kind)} - common - used]
    assert uncovered == []


def test_the_common_parameters_have_examples_too() -> None:
    rules = [kind.rule for kind in kind_examples()] + list(SHIPPED.rules)
    used = {field for rule in rules for field in plain(rule, exclude_defaults=True)}
    when_used = {key for rule in rules for key in plain(rule.when, exclude_defaults=True)}
    assert used >= BASE_PARAMETERS
    assert when_used == WHEN_KEYS


def test_a_broken_example_fails() -> None:
    mod010 = SHIPPED.get("MOD-010")
    assert mod010 is not None
    wrong = mod010.examples.wrong[0]
    moved = Example(files=wrong.files, expect=["routes/api/orders.py:2:1"])
    outcome = run_example(SHIPPED, mod010, moved, "wrong #1 (moved)")
    assert not outcome.passed
    assert outcome.describe() == (
        "FAIL  MOD-010 wrong #1 (moved): expected routes/api/orders.py:2:1; "
        "got routes/api/orders.py:1:1: does not bind 'router' at top level"
    )
    assert not run_example(SHIPPED, mod010, Example(files=wrong.files), "right (really wrong)").passed
    message = Example(files=wrong.files, expect=["routes/api/orders.py:1:1: does not bind 'api'"])
    assert not run_example(SHIPPED, mod010, message, "wrong message").passed


def test_an_example_runs_beside_the_whole_rule_set_unless_told_otherwise() -> None:
    parses = SHIPPED.get("MOD-000")
    assert parses is not None
    broken = Example(files={"services/broken.py": "x = = 1\n"}, expect=["services/broken.py:1:5"])
    assert run_example(SHIPPED, parses, broken, "with the rule set").passed
    assert run_example(RuleSet((parses,)), parses, broken, "alone").describe().startswith("FAIL")
