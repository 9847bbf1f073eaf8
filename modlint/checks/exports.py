"""Kind ``exports``: a file must bind ``names`` at top level (any or all), optionally to a value shape.

``names`` are Python names or globs (``*_router``) with ``{module}``; ``value`` asks for the shape of
the last binding: a call of one of ``call`` (``APIRouter`` matches ``fastapi.APIRouter``), a class
with a base among ``subclass_of``, or a string literal (or tuple/list of them) matching the glob
``literal``, which may use ``{module}`` and ``{stem}`` (the file name without ``.py``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from typing import Any, ClassVar, Literal

from modlint.checks import patterns
from modlint.checks.base import (
    Anchor,
    CheckContext,
    FileRule,
    StrictModel,
    describe,
    module_placeholders,
    validated,
)
from modlint.checks.spec import Field, ValidationInfo, field_validator, model_validator
from modlint.facts.model import Binding, FileFacts, Shape, refers_to
from modlint.findings import Finding
from modlint.layout import Module


class ValueShape(StrictModel):
    """Exactly one of ``call``, ``subclass_of``, ``literal``."""

    call: list[str] | None = Field(default=None, min_length=1)
    subclass_of: list[str] | None = Field(default=None, min_length=1)
    literal: str | None = None

    _names = validated(patterns.dotted_check, "call", "subclass_of")

    @model_validator(mode="after")
    def _exactly_one(self) -> ValueShape:
        given = [k for k in ("call", "subclass_of", "literal") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("value needs exactly one of call, subclass_of, literal")
        return self

    def expected(self, module: str, stem: str) -> str:
        """What the binding should be, in words."""
        if self.call is not None:
            return f"a call to {describe(self.call)}"
        if self.subclass_of is not None:
            return f"a class based on {describe(self.subclass_of)}"
        return f"a string literal matching '{self._literal(module, stem)}'"

    def fits(self, binding: Binding, module: str, stem: str) -> bool:
        """Whether the binding has this shape."""
        if self.call is not None:
            return binding.shape is Shape.CALL and any(refers_to(r, self.call) for r in binding.refs)
        if self.subclass_of is not None:
            return binding.shape is Shape.CLASS and any(refers_to(r, self.subclass_of) for r in binding.refs)
        wanted = self._literal(module, stem)
        shaped = binding.shape is Shape.LITERAL and bool(binding.strings)
        return shaped and all(fnmatch.fnmatchcase(text, wanted) for text in binding.strings)

    def _literal(self, module: str, stem: str) -> str:
        return patterns.expand(self.literal or "", module).replace("{stem}", stem)


def _actual(binding: Binding) -> str:
    """What a binding is, in words."""
    if binding.shape in (Shape.CALL, Shape.CLASS, Shape.IMPORT) and binding.refs:
        what = {Shape.CALL: "a call to", Shape.CLASS: "a class based on", Shape.IMPORT: "an import of"}
        return f"{what[binding.shape]} {describe(binding.refs)}"
    if binding.shape is Shape.LITERAL:
        return f"the literal {describe(binding.strings)}"
    return {Shape.CLASS: "a class", Shape.FUNCTION: "a function", Shape.CALL: "a call"}.get(binding.shape, "a value")


class Exports(FileRule):
    """Binding means assignment with a value, import, ``def`` or ``class`` (see README: "binds")."""

    default_anchor: ClassVar[Anchor] = Anchor("file")
    node_text: ClassVar[str] = "line 1 of the checked file; a binding of the wrong shape at that binding"
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"files": ["services/*.py", "!**/__init__.py"], "names": ["service", "Service"]},
            "wrong": [
                {
                    "files": {"services/service.py": "class Other: ...\n"},
                    "expect": ["services/service.py:1:1: does not bind 'service' or 'Service' at top level"],
                }
            ],
            "right": [
                {"files": {"services/service.py": "from .impl import Service\n", "services/impl.py": "Service = 1\n"}}
            ],
        },
        {
            "rule": {"files": ["routes/__init__.py"], "names": ["*_router", "{module}_bp"], "require": "all"},
            "wrong": [
                {
                    "files": {"routes/__init__.py": "orders_router = 1\n"},
                    "expect": ["routes/__init__.py:1:1: does not bind 'orders_bp' at top level"],
                }
            ],
            "right": [{"files": {"routes/__init__.py": "from .api import api_router\norders_bp = 2\n"}}],
        },
        {
            "rule": {
                "files": ["routes/api/*.py", "!**/__init__.py"],
                "names": ["router"],
                "value": {"call": ["APIRouter", "Blueprint"]},
            },
            "wrong": [
                {
                    "files": {"routes/api/items.py": "import fastapi\n\nrouter = fastapi.Depends()\n"},
                    "expect": [
                        "routes/api/items.py:3:1: 'router' is bound to a call to 'fastapi.Depends', "
                        "not a call to 'APIRouter' or 'Blueprint'"
                    ],
                }
            ],
            "right": [{"files": {"routes/api/items.py": "from fastapi import APIRouter as R\n\nrouter = R()\n"}}],
        },
        {
            "rule": {"files": ["definition.py"], "names": ["Module"], "value": {"subclass_of": ["BaseModule"]}},
            "wrong": [
                {
                    "files": {"definition.py": "class Module:\n    code = 'orders'\n"},
                    "expect": ["definition.py:1:1: 'Module' is bound to a class, not a class based on 'BaseModule'"],
                }
            ],
            "right": [
                {"files": {"definition.py": "from app.core import base\n\nclass Module(base.BaseModule): ...\n"}}
            ],
        },
        {
            "rule": {
                "files": ["routes/api/*.py", "!**/__init__.py"],
                "names": ["prefix"],
                "value": {"literal": "/{module}/{stem}*"},
            },
            "wrong": [
                {
                    "files": {"routes/api/items.py": "prefix = '/orders/things'\n"},
                    "expect": [
                        "routes/api/items.py:1:1: 'prefix' is bound to the literal '/orders/things', "
                        "not a string literal matching '/orders/items*'"
                    ],
                }
            ],
            "right": [{"files": {"routes/api/items.py": "prefix = ('/orders/items', '/orders/items/v2')\n"}}],
        },
    )
    names: list[str] = Field(
        min_length=1, description="top-level names or globs (`*_router`), with `{module}`; the file must bind them"
    )
    require: Literal["any", "all"] = Field(
        default="any", description="`any`: at least one name is bound; `all`: every name (a finding per missing one)"
    )
    value: ValueShape | None = Field(
        default=None,
        description="the binding's shape: `{call: [...]}`, `{subclass_of: [...]}` or `{literal: <glob>}` "
        "(`{module}`, `{stem}`)",
    )

    @field_validator("names")
    @classmethod
    def _names(cls, value: list[str], info: ValidationInfo) -> list[str]:
        patterns.raise_all(value, patterns.name_pattern_check(module_placeholders(info)))
        return value

    @field_validator("value")
    @classmethod
    def _literal_placeholders(cls, value: ValueShape | None, info: ValidationInfo) -> ValueShape | None:
        """A literal glob may use ``{stem}``, and ``{module}`` when a module is being checked."""
        if value is not None and value.literal is not None:
            supported = (*module_placeholders(info), patterns.STEM)
            patterns.raise_all([value.literal], lambda v: patterns.placeholder_problems(v, supported))
        return value

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module, rel in self.selected(ctx):
            facts = self.facts_of(ctx, module, rel)
            if facts is not None:
                yield from self._check_file(ctx, module, rel, facts)

    def _check_file(self, ctx: CheckContext, module: Module | None, rel: str, facts: FileFacts) -> Iterator[Finding]:
        name = module.name if module else ""
        stem = rel.rsplit("/", 1)[-1].removesuffix(".py")
        groups = [(p, [b for b in facts.values if patterns.name_matches(b.name, p, name)]) for p in self.names]
        if self.require == "all":
            for pattern, bound in groups:
                yield from self._judge(ctx, module, rel, [pattern], bound, name, stem)
        else:
            bound = [b for _, group in groups for b in group]
            yield from self._judge(ctx, module, rel, [p for p, _ in groups], bound, name, stem)

    def _judge(
        self,
        ctx: CheckContext,
        module: Module | None,
        rel: str,
        wanted: list[str],
        bound: list[Binding],
        name: str,
        stem: str,
    ) -> Iterator[Finding]:
        """Findings for one requirement: none of ``wanted`` bound (at the file), or bound to the wrong
        shape (at each such binding; for ``any`` only when no binding has the shape, and then at the
        first one bound here rather than imported: ``exports_router = build_router()`` is the router in
        question, not the imported helper ``build_router`` that the glob also matches)."""
        if not bound:
            path, position = self.locate(ctx, module, rel)
            shown = describe(patterns.expand(p, name) for p in wanted)
            yield self.finding(path, position, f"does not bind {shown} at top level", module)
            return
        value = self.value
        if value is None:
            return
        wrong = [b for b in bound if not value.fits(b, name, stem)]
        if self.require == "any" and len(wrong) < len(bound):
            return
        reported = wrong if self.require == "all" else [min(wrong, key=lambda b: b.shape is Shape.IMPORT)]
        for binding in reported:
            path, position = self.locate(ctx, module, rel, binding.position)
            if self.report_at is None:
                position = binding.position
            message = f"'{binding.name}' is bound to {_actual(binding)}, not {value.expected(name, stem)}"
            yield self.finding(path, position, message, module)
