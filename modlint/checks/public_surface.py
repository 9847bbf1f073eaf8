"""Kind ``public_surface``: other modules may import only a module's public surface.

A module that others reach into (its models, its routes, a ``_helper``) cannot change its insides
without breaking them; what it offers is its package, its services, its schemas. ``public`` lists
that surface as dotted patterns relative to the imported module's package (``""``: the package
itself, ``*``: one segment, ``**``: one or more), so a module's own internals are always fine to
import and another module's only through what it publishes (Packwerk's privacy, tach's interfaces).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, Literal

from modlint.checks import graph
from modlint.checks.base import Anchor, CheckContext, Rule, validated
from modlint.checks.spec import Field
from modlint.facts.model import Depth
from modlint.findings import Finding
from modlint.layout import Layout

BILLING = {
    "/app/modules/billing/__init__.py": "from app.modules.billing.services.pay import pay\n",
    "/app/modules/billing/definition.py": 'billing_module = ModuleDefinition(code="billing")\n',
    "/app/modules/billing/services/__init__.py": "",
    "/app/modules/billing/services/pay.py": "def pay() -> None: ...\n\n\ndef _fee() -> int:\n    return 1\n",
    "/app/modules/billing/models/__init__.py": "",
    "/app/modules/billing/models/invoice.py": "class Invoice: ...\n",
}
SEGMENT = re.compile(r"^(\*\*|[A-Za-z0-9_*?\[\]]+)\Z")


def _public_check(value: str) -> list[str]:
    """A dotted pattern below a module's package: ``""``, or segments that are names, globs or ``**``."""
    if value == "":
        return []
    if not all(SEGMENT.match(segment) for segment in value.split(".")):
        return [
            f"{value!r} is not a dotted pattern below a module's package such as 'services' or 'schemas.**' "
            "('' is the package itself; no placeholders or '!')"
        ]
    return []


def surface_matches(inner: str, pattern: str) -> bool:
    """Whether the dotted path ``inner`` (``""``: the package) matches a ``public`` pattern."""
    return _segments_match(pattern.split(".") if pattern else [], inner.split(".") if inner else [])


def _segments_match(wanted: Sequence[str], parts: Sequence[str]) -> bool:
    if not wanted:
        return not parts
    head, rest = wanted[0], wanted[1:]
    if head == "**":
        return any(_segments_match(rest, parts[index:]) for index in range(1, len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], head) and _segments_match(rest, parts[1:])


def is_private(name: str) -> bool:
    """``_helper`` is private; ``__version__`` (a dunder) is not."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


class PublicSurface(Rule):
    """One finding per import of another module's internals (or of a private name from it)."""

    default_anchor: ClassVar[Anchor] = Anchor("node")
    node_text: ClassVar[str] = "the import"
    other_modules: ClassVar[Literal["none", "listed", "read"]] = "listed"
    read_depth: ClassVar[Depth] = Depth.IMPORTS  # imports only: from ``ast``, no libcst tree
    parameter_examples: ClassVar[tuple[dict[str, Any], ...]] = (
        {
            "rule": {"public": ["", "services", "services.**"]},
            "wrong": [
                {
                    "files": {
                        **BILLING,
                        "services/checkout.py": "from app.modules.billing.models.invoice import Invoice\n",
                    },
                    "expect": [
                        "services/checkout.py:1:1: imports 'app.modules.billing.models.invoice', internal to module "
                        "'billing' (its public surface: the package, services, services.**)"
                    ],
                },
                {
                    "files": {
                        **BILLING,
                        "services/checkout.py": "def f():\n    from app.modules.billing import models\n",
                    },
                    "expect": ["services/checkout.py:2:5"],
                },
            ],
            "right": [
                {
                    "files": {
                        **BILLING,
                        "services/checkout.py": "import app.modules.billing\nfrom app.modules.billing import pay\n"
                        "from app.modules.billing.services.pay import pay as p\n"
                        "from app.modules.orders.models.model import Model\n",
                    }
                }
            ],
        },
        {
            "rule": {"public": ["*", "services.*"]},
            "wrong": [
                {
                    "files": {**BILLING, "services/checkout.py": "from app.modules.billing.services.pay import _fee\n"},
                    "expect": [
                        "services/checkout.py:1:1: imports private name '_fee' from 'app.modules.billing.services.pay' "
                        "of module 'billing'"
                    ],
                },
                {
                    "files": {**BILLING, "services/checkout.py": "import app.modules.billing\n"},
                    "expect": ["services/checkout.py:1:1"],
                },
            ],
            "right": [
                {"files": {**BILLING, "services/checkout.py": "from app.modules.billing.models import Invoice\n"}}
            ],
        },
        {
            "rule": {"public": ["**"], "private_names": False},
            "wrong": [
                {
                    "files": {**BILLING, "services/checkout.py": "import app.modules.billing\n"},
                    "expect": ["services/checkout.py:1:1"],
                }
            ],
            "right": [
                {"files": {**BILLING, "services/checkout.py": "from app.modules.billing.services.pay import _fee\n"}}
            ],
        },
    )

    public: list[str] = Field(
        default_factory=lambda: ["", "definition", "exceptions", "schemas", "schemas.**", "services", "services.**"],
        description='dotted patterns below a module\'s package that other modules may import (`""`: the '
        "package, `*`: one segment, `**`: one or more)",
    )
    private_names: bool = Field(
        default=True, description="a `_name` imported from another module is private even from a public file"
    )

    _public = validated(_public_check, "public")

    def light_folders(self) -> tuple[str, ...] | None:
        return ()  # an in-scope file's imports reach only modules it reaches

    def wanted_files(self, layout: Layout) -> set[str]:
        return {
            module.project_path(rel)
            for module in layout.modules
            if self.names_module(module)
            for rel in module.python_files()
        }

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for module in self.applicable_modules(ctx):
            for imp in graph.cross_imports(ctx, module):
                message = self._problem(imp)
                if message is not None:
                    yield graph.finding_at(self, ctx, module, imp, message)

    def _problem(self, imp: graph.CrossImport) -> str | None:
        if not any(surface_matches(imp.inner, pattern) for pattern in self.public):
            surface = ", ".join(pattern or "the package" for pattern in self.public)
            return f"imports '{imp.dotted}', internal to module '{imp.target}' (its public surface: {surface})"
        if self.private_names:
            private = [part for part in [*imp.inner.split("."), imp.name or ""] if is_private(part)]
            if private:
                return f"imports private name '{private[0]}' from '{imp.dotted}' of module '{imp.target}'"
        return None
