"""A rule explained, rendered from its data: description (why), examples (wrong and right, with the
findings each wrong one gives), fix, and a "Checks:" line of the parameters that actually run.

``--explain`` prints :func:`explain_text`; SARIF's ``help`` carries it and :func:`explain_markdown`.
Nothing here is written by hand per rule, so what is shown never contradicts what runs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

from modlint.checks import Rule
from modlint.checks.base import Anchor
from modlint.checks.examples import Example, project_path
from modlint.checks.spec import parameters, plain

LANGUAGES = {".py": "python", ".html": "html", ".json": "json", ".css": "css", ".toml": "toml", ".yaml": "yaml"}


def explain_text(rule: Rule) -> str:
    """The plain-text explanation (``modlint --explain``)."""
    state = "" if rule.enabled else " (disabled)"
    lines = [
        f"{rule.id} {rule.name} [{rule.severity.value}, check: {rule.check}]{state}",
        "",
        rule.description.rstrip(),
    ]
    for title, examples in (("Wrong", rule.examples.wrong), ("Right", rule.examples.right)):
        for example in examples:
            lines += ["", f"{title}:", *(f"    {line}".rstrip() for line in _example_lines(rule, example))]
    if rule.fix:
        lines += ["", f"Fix: {rule.fix.strip()}"]
    lines += ["", f"Checks: {checks_line(rule)}"]
    return "\n".join(lines) + "\n"


def explain_markdown(rule: Rule) -> str:
    """The same explanation in markdown (SARIF ``help.markdown``): each file in a fenced block of its
    own language, plain listings (a missing path, a finding) as text, never as Python."""
    out = [f"**{rule.id} {rule.name}**", "", rule.description.strip()]
    for title, examples in (("Wrong", rule.examples.wrong), ("Right", rule.examples.right)):
        for example in examples:
            out += ["", f"**{title}**", "", *_example_markdown(rule, example)]
    if rule.fix:
        out += ["", f"**Fix:** {rule.fix.strip()}"]
    out += ["", f"**Checks:** `{checks_line(rule)}`"]
    return "\n".join(out)


def summary_of(rule: Rule) -> str:
    """What the rule checks, in one line: its ``summary``, else the description's first sentence."""
    if rule.summary:
        return " ".join(rule.summary.split())
    first = rule.description.strip().split("\n\n")[0]
    return " ".join(first.split(". ")[0].split()).rstrip(".")


def checks_line(rule: Rule) -> str:
    """The kind and the parameters that run, e.g. ``exports: files=[...], names=["router"]``."""
    common = {parameter.name for parameter in parameters(Rule)}
    fields = sorted(p.name for p in parameters(type(rule)) if p.name not in common)
    dumped = plain(rule, exclude_none=True)
    parts = [f"{name}={json.dumps(dumped[name], sort_keys=True)}" for name in fields if name in dumped]
    if rule.scope != "module":
        parts.append(f"scope={rule.scope}")
    if rule.modules != ["*"]:
        parts.append(f"modules={json.dumps(rule.modules)}")
    when = plain(rule.when, exclude_defaults=True)
    if when:
        parts.append(f"when={json.dumps(when, sort_keys=True)}")
    if rule.unless is not None:
        parts.append(f"unless={json.dumps(plain(rule.unless, exclude_defaults=True), sort_keys=True)}")
    parts.append(f"report_at={rule.anchor}")
    return f"{rule.check}: {', '.join(parts)}"


def where_reported(rule: Rule) -> str:
    """Where the rule's findings are located, in words (README's rules table)."""
    return anchor_text(rule.anchor, type(rule).node_text)


def anchor_text(anchor: Anchor, node_text: str) -> str:
    """One ``report_at`` in words."""
    texts = {
        "node": node_text,
        "file": "the checked file, line 1",
        "path": "the path it is about, line 1 (when no file: the definition file, else the first `.py`)",
        "first-file": "the first `.py` directly in the folder it is about (sorted), line 1, else the definition file",
        "module-first-file": "the module's `__init__.py`, else its first `.py` file (sorted), line 1",
        "definition": "the definition file, at the module definition, else line 1",
    }
    if anchor.kind == "definition" and not anchor.arg and node_text != Rule.node_text:
        return node_text
    if anchor.kind == "first-file" and anchor.arg:
        return f"the first `.py` directly in `{anchor.arg}/` (sorted), line 1"
    if anchor.kind == "definition" and anchor.arg:
        return f"the definition file, at the `{anchor.arg}` fact, else the definition, else line 1"
    return texts[anchor.kind]


def kind_summary(kind: type[Rule]) -> str:
    """What a kind reports: its module docstring's first line, after ``Kind ``name``:``."""
    doc = (sys.modules[kind.__module__].__doc__ or "").strip().split("\n")[0]
    return doc.split(": ", 1)[-1].rstrip(".").replace("``", "`")


def _example_lines(rule: Rule, example: Example) -> Iterator[str]:
    for rel, text in example.files.items():
        path = project_path(rel)
        if text is None:
            yield f"# {path}  (absent)"
        elif text == "":
            yield f"# {path}  (empty)"
        else:
            yield f"# {path}"
            yield from text.rstrip("\n").split("\n")
    if not example.files:
        yield "# the clean example module, unchanged"
    for expected in example.expected():
        message = f" {expected.message}" if expected.message else ""
        yield f"-> {project_path(expected.path)}:{expected.line}:{expected.column}: {rule.code}{message}"


def _example_markdown(rule: Rule, example: Example) -> Iterator[str]:
    for rel, text in example.files.items():
        path = project_path(rel)
        if not text:
            yield f"- `{path}` {'absent' if text is None else '(empty)'}"
            continue
        suffix = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
        yield f"`{path}`"
        yield f"```{LANGUAGES.get(suffix, 'text')}"
        yield from text.rstrip("\n").split("\n")
        yield "```"
    if not example.files:
        yield "The clean example module, unchanged."
    for expected in example.expected():
        message = f" {expected.message}" if expected.message else ""
        yield f"- finding: `{project_path(expected.path)}:{expected.line}:{expected.column}` {rule.code}{message}"
