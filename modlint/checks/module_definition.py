"""Kind ``module_definition``: the definition file declares the module, with a code matching its folder.

The file, the form of the definition and the fact compared with the folder name come from
``[tool.modlint.definition]`` (defaults: ``definition.py``, a call, ``code``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from modlint.checks.base import Anchor, CheckContext, Rule
from modlint.checks.spec import Field
from modlint.findings import Finding
from modlint.layout import DEFINITION_FIELDS, Module, module_key


class ModuleDefinition(Rule):
    """By default the definition is the first top-level assignment of a call with a ``code=`` keyword;
    with ``match_folder`` its code (``-`` read as ``_``) must equal the module's folder name."""

    default_anchor: ClassVar[Anchor] = Anchor("definition")  # at the code fact (definition_keyword)
    has_nodes: ClassVar[bool] = False
    #: Every module's name, also in a narrowed run: two folder names may be one module name
    #: (`gift_cards`, `gift-cards`).
    other_modules: ClassVar[Literal["none", "listed", "read"]] = "listed"
    node_text: ClassVar[str] = "the definition file, at the `code` fact (`code-key`), else the definition, else line 1"
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"match_folder": False},
            "wrong": [
                {
                    "files": {"definition.py": "CODE = 'orders'\n"},
                    "expect": ["definition.py:1:1"],
                }
            ],
            "right": [{"files": {"definition.py": 'orders_module = ModuleDefinition(code="sales")\n'}}],
        },
        {
            "rule": {},
            "wrong": [
                {
                    "files": {"definition.py": 'm = ModuleDefinition(code="orders", version=2, is_core="yes")\n'},
                    "expect": [
                        "definition.py:1:37: module version must be a string, not 2",
                        "definition.py:1:48: module is_core must be True or False, not 'yes'",
                    ],
                }
            ],
            "right": [
                {
                    "files": {
                        "definition.py": 'm = ModuleDefinition(code="orders", version="1.0", is_core=False, team=7)\n'
                    }
                }
            ],
        },
        {
            "rule": {},
            "wrong": [
                {
                    "files": {
                        "/app/modules/gift-cards/__init__.py": "",
                        "/app/modules/gift-cards/definition.py": 'm = ModuleDefinition(code="gift-cards")\n',
                        "/app/modules/gift_cards/__init__.py": "",
                        "/app/modules/gift_cards/definition.py": 'm = ModuleDefinition(code="gift_cards")\n',
                    },
                    "expect": [
                        "/app/modules/gift-cards/definition.py:1:22: folders 'gift-cards' and 'gift_cards' are one "
                        "module name to the runtime ('-' read as '_')",
                        "/app/modules/gift_cards/definition.py:1:22: folders 'gift_cards' and 'gift-cards' are one "
                        "module name to the runtime ('-' read as '_')",
                    ],
                }
            ],
            "right": [],
        },
    )
    match_folder: bool = Field(default=True, description="the code (`-` read as `_`) must equal the folder name")

    def light_folders(self) -> tuple[str, ...] | None:
        return ()  # other modules' names only

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module in self.applicable_modules(ctx):
            message = self._problem(ctx, module)
            if message is not None:
                path, position = self.locate(ctx, module, ctx.definition_file)
                yield self.finding(path, position, message, module)
            yield from self._typed(ctx, module)
            yield from self._named(ctx, module)

    def _named(self, ctx: CheckContext, module: Module) -> Iterator[Finding]:
        """A folder name the runtime cannot tell from another's (``gift_cards`` beside ``gift-cards``:
        one name, ``-`` read as ``_``) or cannot import (``gift.cards``)."""
        twins = [name for name in _by_key(ctx)[module_key(module.name)] if name != module.name]
        problem = None
        if "." in module.name:
            problem = f"folder name '{module.name}' holds '.', which Python cannot import as one module"
        elif twins:
            problem = f"folders '{module.name}' and '{twins[0]}' are one module name to the runtime ('-' read as '_')"
        if problem is not None:
            path, position = self.locate(ctx, module, ctx.definition_file)
            yield self.finding(path, position, problem, module)

    def _typed(self, ctx: CheckContext, module: Module) -> Iterator[Finding]:
        """A literal of another type than the runtime's field (``version=2``, ``name=None``,
        ``is_core="maybe"``): the runtime refuses most such values at start-up (pydantic takes
        ``"yes"`` for True, and a definition should not lean on that)."""
        definition = ctx.definition(module)
        if definition is None:
            return
        for name, value in definition.facts:
            field = "code" if name == ctx.code_key else name
            if field == "code" or _fits(DEFINITION_FIELDS.get(field), value):
                continue  # the code is _problem's; a string `requires` is MOD-016's
            message = f"module {name} must be {_KINDS_IN_WORDS[DEFINITION_FIELDS[field]]}, not {value!r}"
            where = definition.keyword_position(name) or definition.position
            path, position = (
                (module.project_path(ctx.definition_file), where)
                if self.report_at is None
                else self.locate(ctx, module, ctx.definition_file)
            )
            yield self.finding(path, position, message, module)

    def definition_keyword(self, ctx: CheckContext) -> str:
        return ctx.code_key

    def _problem(self, ctx: CheckContext, module: Module) -> str | None:
        facts = ctx.file_facts(module.project_path(ctx.definition_file))
        if facts is None:  # absent (another rule's business) or unparsable (MOD-000)
            return None
        definition = facts.definition
        key = ctx.code_key
        if definition is None:
            return f"declares no module: expected {_example(ctx, module.name)}"
        code = definition.fact(key)
        if not isinstance(code, str):
            return f"module {key} must be a string literal"
        if self.match_folder and code.replace("-", "_") != module.name.replace("-", "_"):  # both sides alike
            return f"module {key} {code!r} does not match its folder name '{module.name}'"
        return None


_KINDS_IN_WORDS = {"str": "a string", "bool": "True or False", "strings": "a list of module codes"}


def _by_key(ctx: CheckContext) -> dict[str, list[str]]:
    """Every module's folder name under its key (``-`` read as ``_``), built once per run."""

    def build() -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for module in ctx.layout.modules:
            found.setdefault(module_key(module.name), []).append(module.name)
        return found

    return ctx.memoized("modules-by-key", build)


def _fits(kind: str | None, value: object) -> bool:
    """Whether a literal fact is of the kind the runtime validates it as (None: not a runtime field)."""
    if kind is None or (kind == "strings" and isinstance(value, (tuple, str))):
        return True
    return isinstance(value, bool) if kind == "bool" else isinstance(value, str)


def _example(ctx: CheckContext, name: str) -> str:
    """What a definition of the configured form looks like, for the message."""
    spec = ctx.spec
    if spec.form == "dict":
        return f'e.g. `{spec.name} = {{"{spec.code_key}": "{name}", ...}}`'
    if spec.form == "class":
        return f'e.g. `class {name.title().replace("_", "")}Module({spec.bases[0]}): {spec.code_key} = "{name}"`'
    return f'e.g. `{name}_module = ModuleDefinition({spec.code_key}="{name}", ...)`'
