"""Read rule files (YAML) into plain dicts that remember the line of every rule and key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from modlint.errors import ConfigError, Problem
from modlint.files import read_text
from modlint.values import Value, field


class LineDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    """Safe YAML that builds :class:`LineDict` and rejects duplicate keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    """A mapping whose own keys are unique; a key it also takes from a ``<<`` merge is overridden by
    its own (``- <<: *base`` then ``id: TEAM-2``: what merge keys are for)."""
    own_count = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)  # the merged pairs first (in the order that makes YAML's precedence), then its own
    first_own = len(node.value) - own_count
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    own: set[str] = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is not a string", key_node.start_mark)
        if key in own:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        if index >= first_own:
            own.add(key)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


class LineList(list[Any]):
    """A sequence from YAML that knows the line of each item (to point at a rule that is no mapping)."""

    item_lines: list[int]


def _construct_string(loader: _Loader, node: yaml.ScalarNode) -> str:
    """A string; a lone surrogate (``"\\ud800"``, which YAML's escapes allow) is no text any file,
    report or terminal can hold: an error at its line, not a crash where the text is first written."""
    value = loader.construct_scalar(node)
    if not value.isascii() and _SURROGATE.search(value):
        message = f"{value!r} holds a lone surrogate, which is not text"
        raise yaml.constructor.ConstructorError(None, None, message, node.start_mark)
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_string)


class RawRule(Value):
    """One rule as written in one file, before merging and validation."""

    file: str
    data: LineDict
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: The file of the rule this one was merged onto (an override of a shipped rule), if any.
    merged_onto: str | None = None

    @property
    def rule_id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None

    def line_of(self, key: str | None) -> tuple[str, int]:
        """The file and line where ``key`` was last set by the user's file (or where the rule starts)."""
        if key is not None and key in self.origins and self.origins[key][0] == self.file:
            return self.origins[key]
        return self.file, self.data.line


def load_rule_file(path: Path, display: str) -> list[RawRule]:
    """Parse one rule file; every structural problem in it is raised together."""
    raws, problems = read_rule_file(path, display)
    if problems:
        raise ConfigError(problems)
    return raws


def read_rule_file(path: Path, display: str) -> tuple[list[RawRule], list[Problem]]:
    """The rules of one rule file that are whole, and its structural problems (a rule that is no
    mapping, has no id or repeats one, an unknown top-level key): the rules beside them are still
    validated, so one run reports every error. A file that cannot be read or is no YAML raises."""
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc  # an OSError without "[Errno 2]"
        raise ConfigError([Problem(display, None, f"cannot read rule file: {reason}")]) from None
    try:
        document = yaml.load(text, Loader=_Loader)
    except RecursionError:  # lists or mappings nested hundreds deep: no rule file looks like that
        raise ConfigError([Problem(display, None, "invalid YAML: nested too deeply")]) from None
    except yaml.reader.ReaderError as exc:  # a control character: one line, at its line
        at = text[: exc.position].count("\n") + 1
        reason = f"character {chr(exc.character)!r} is not allowed" if isinstance(exc.character, int) else exc.reason
        raise ConfigError([Problem(display, at, f"invalid YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError([Problem(display, line, f"invalid YAML: {reason}")]) from None
    return _rules_of(document, display)


def _rules_of(document: object, display: str) -> tuple[list[RawRule], list[Problem]]:
    if document is None:  # an empty file (or only comments) holds no rules
        return [], []
    if not isinstance(document, LineDict) or not isinstance(document.get("rules"), list):
        line = document.line if isinstance(document, LineDict) else 1
        raise ConfigError([Problem(display, line, "expected a mapping with a top-level 'rules:' list")])
    problems = [
        Problem(display, document.key_lines[key], f"unknown top-level key {key!r} (only 'rules' is allowed)")
        for key in document
        if key != "rules"
    ]
    raws: list[RawRule] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(document["rules"]):
        if not isinstance(item, LineDict):
            lines = getattr(document["rules"], "item_lines", None)
            line = lines[index] if lines else document.key_lines["rules"]
            problems.append(Problem(display, line, f"rule #{index + 1} is not a mapping"))
            continue
        raw = RawRule(display, item, {key: (display, line) for key, line in item.key_lines.items()})
        rid = raw.rule_id
        if rid is None:
            problems.append(Problem(display, item.line, f"rule #{index + 1} has no string 'id'", field="id"))
            continue
        if rid in seen:
            problems.append(Problem(display, item.line, f"duplicate id (first defined on line {seen[rid]})", rid, "id"))
            continue
        seen[rid] = item.line
        raws.append(raw)
    return raws, problems
