"""JSON Schemas (draft 2020-12) of rule files and of ``[tool.modlint]``, generated from the same
declarations that validate them, for editors (YAML and TOML language servers) and CI.

A rule file's rule may override a shipped rule of the same id with only the keys it changes, so the
schema requires only ``id``: it checks key names and value shapes (what an editor completes and
underlines); modlint itself still says what a whole rule is missing. With ``check`` given, a rule
may hold only that kind's keys; without it (an override), any kind's.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

from pydantic.json_schema import PydanticJsonSchemaWarning

from modlint.checks import KINDS, Rule
from modlint.checks.base import ANCHORS, ANCHORS_WITH_ARGUMENT
from modlint.config.schema import model_for
from modlint.config.settings import Settings
from modlint.layout import DEFINITION_FORMS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: What the fields every rule has mean (the kinds' own fields carry their descriptions).
_COMMON = {
    "id": "unique id such as MOD-001 or TEAM-001 (the same id as a shipped rule overrides it)",
    "name": "short kebab-case name, shown by --list-rules and in SARIF",
    "severity": "error fails the run by default; warning and info do not",
    "description": "what the rule asks for and why (--explain prints it)",
    "check": "the check kind that runs the rule",
    "enabled": "false switches the rule off",
    "scope": "module: each module; project: files outside the modules root (file kinds only)",
    "modules": "module-name patterns the rule applies to (`!` excludes)",
    "when": "conditions a module must meet for the rule to apply",
    "unless": "conditions that exempt a module",
    "report_at": "where findings are shown: " + ", ".join(ANCHORS) + " (first-file and definition take :<arg>)",
    "summary": "one line for README tables (default: the description's first sentence)",
    "fix": "how to fix a finding",
    "examples": "wrong and right example trees, run by `modlint --test-rules`",
}


#: What each anchor that takes an argument takes (``parse_anchor`` checks the same).
_ARGUMENTS = {"first-file": ".+", "definition": "[A-Za-z_][A-Za-z0-9_]*"}


def rules_schema() -> dict[str, Any]:
    """The schema of a rule file: ``{"rules": [<rule>...]}``."""
    shared: dict[str, Any] = {}
    kinds: dict[str, Any] = {}
    for name, kind in sorted(KINDS.items()):
        generated = model_for(kind).model_json_schema()
        shared.update(generated.pop("$defs", {}))
        kinds[f"kind-{name}"] = _kind(name, kind, generated)
    names = sorted({key for schema in kinds.values() for key in schema["properties"]})
    first = next(iter(kinds.values()))["properties"]
    common = {field: first[field] for field in _COMMON if field not in ("check", "id")}
    common["scope"] = {"enum": ["module", "project"], "description": _COMMON["scope"]}  # an override's kind is unknown
    rule = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "string", "pattern": "^[A-Z][A-Z0-9]*-[0-9]+$", "description": _COMMON["id"]},
            "check": {"enum": sorted(KINDS), "description": _COMMON["check"]},
            **common,
        },
        "propertyNames": {"enum": names},
        "allOf": [
            {
                "if": {"required": ["check"], "properties": {"check": {"const": name}}},
                "then": {"$ref": f"#/$defs/kind-{name}"},
            }
            for name in sorted(KINDS)
        ],
    }
    if "ValueShape" in shared:  # exactly one of its keys, as modlint requires
        shared["ValueShape"].update(minProperties=1, maxProperties=1)
    document = {
        "$schema": DIALECT,
        "title": "modlint rule file",
        "type": "object",
        "required": ["rules"],
        "additionalProperties": False,
        "properties": {"rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}}},
        "$defs": {"rule": rule, **dict(sorted(shared.items())), **kinds},
    }
    untitled: dict[str, Any] = _untitled(document)
    return untitled


def _kind(name: str, kind: type[Rule], generated: dict[str, Any]) -> dict[str, Any]:
    """One kind's rule: its fields, none required, ``check`` fixed, ``report_at`` a string."""
    properties = generated["properties"]
    for field, text in _COMMON.items():
        properties[field].setdefault("description", text)
    properties["check"] = {"const": name, "description": _COMMON["check"]}
    escaped = {a: a.replace("-", "\\-") for a in ANCHORS}
    with_argument = "".join(f"|^{escaped[a]}:{_ARGUMENTS[a]}$" for a in ANCHORS_WITH_ARGUMENT)
    pattern = f"^({'|'.join(escaped.values())})${with_argument}"
    properties["report_at"] = {"type": "string", "pattern": pattern, "description": _COMMON["report_at"]}
    if not kind.project_scope:  # modlint refuses `scope: project` for a kind that checks modules only
        properties["scope"] = {"const": "module", "description": _COMMON["scope"]}
    for field in ([] if kind.movable else ["report_at"]) + (
        [] if kind.chooses_modules else ["modules", "when", "unless"]
    ):
        del properties[field]  # the kind refuses them (additionalProperties is false)
    description = (kind.__doc__ or "").strip().splitlines()[0]
    return {"type": "object", "description": description, "additionalProperties": False, "properties": properties}


def settings_schema() -> dict[str, Any]:
    """The schema of the ``[tool.modlint]`` table."""
    with warnings.catch_warnings():  # the definition's default is no JSON: its property is written below
        warnings.simplefilter("ignore", PydanticJsonSchemaWarning)
        generated = model_for(Settings).model_json_schema(by_alias=True)
    defs = generated.pop("$defs", {})
    defs["DefinitionSpec"] = {
        "type": "object",
        "additionalProperties": False,
        "description": "where module facts come from ([tool.modlint.definition])",
        "properties": {
            "file": {"type": "string", "description": "module-relative file each module declares itself in"},
            "form": {"enum": list(DEFINITION_FORMS)},
            "name": {"type": "string", "description": "form dict: the dict's variable"},
            "bases": {"type": "array", "items": {"type": "string"}, "description": "form class: base classes"},
            "code-key": {"type": "string", "description": "the fact that names the module"},
        },
    }
    generated["properties"]["definition"] = {"$ref": "#/$defs/DefinitionSpec"}
    generated["properties"]["max-file-kb"].update(minimum=1, maximum=1024 * 1024)
    document = {"$schema": DIALECT, "title": "[tool.modlint]", **generated, "$defs": dict(sorted(defs.items()))}
    untitled: dict[str, Any] = _untitled(document)
    return untitled


def _untitled(value: Any) -> Any:
    """The schema without pydantic's generated ``title`` keys (noise in an editor's hover)."""
    if isinstance(value, dict):
        return {
            k: _untitled(v) for k, v in value.items() if not (k == "title" and isinstance(v, str) and _generated(value))
        }
    if isinstance(value, list):
        return [_untitled(item) for item in value]
    return value


def _generated(schema: dict[str, Any]) -> bool:
    """Whether a ``title`` is pydantic's (every schema but the two documents' own)."""
    return "$schema" not in schema


def render(schema: dict[str, Any]) -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_shipped() -> None:
    """Regenerate the shipped schema files (``python -m modlint.config.jsonschema``)."""
    from modlint import schemas

    schemas.RULES.write_text(render(rules_schema()), encoding="utf-8")
    schemas.SETTINGS.write_text(render(settings_schema()), encoding="utf-8")


if __name__ == "__main__":
    write_shipped()
