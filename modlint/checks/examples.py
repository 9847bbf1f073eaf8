"""Examples are data: every rule (in its YAML) and every check kind (in its class) carries small
projects that show it failing and passing, and the findings expected. One generated test and
``modlint --test-rules`` run them; ``--explain``, SARIF help and README are rendered from them.

An example's ``files`` are laid over :func:`clean_module` (a module ``orders`` that passes every
shipped rule): keys are module-relative paths (``routes/api/orders.py``), or project-relative with a
leading ``/`` (``/app/services/order_service.py``); a ``null`` value deletes that path and what is
below it. ``expect`` lists the findings a wrong example must give, each ``path:line:column``
(paths as in ``files``), optionally followed by ``: message`` to compare the message too.
"""

from __future__ import annotations

import re

from modlint.checks.spec import Field, Spec, field_validator, model_validator
from modlint.values import Value

EXAMPLE_MODULE = "orders"
MODULE_PATH = f"app/modules/{EXAMPLE_MODULE}/"
_EXPECTED = re.compile(r"^(?P<path>[^:]+):(?P<line>[0-9]+):(?P<column>[0-9]+)(?:: (?P<message>.+))?$")


def clean_module(name: str = EXAMPLE_MODULE, *, self_contained: bool = True) -> dict[str, str]:
    """A module that passes every shipped rule: the ground examples are laid over (module-relative)."""
    return {
        "__init__.py": "",
        "definition.py": f'{name}_module = ModuleDefinition(code="{name}", is_self_contained={self_contained})\n',
        "config.py": "from pydantic_settings import BaseSettings\n\n\nclass C(BaseSettings):\n    x: int = 1\n\n\n"
        "config_class = C\n",
        "exceptions.py": "class Error(Exception):\n    pass\n",
        "services/__init__.py": "",
        "services/service.py": "class Service:\n    def run(self) -> int:\n        return 1\n",
        "models/__init__.py": "",
        "models/model.py": "class Model:\n    id: int\n",
        "schemas/__init__.py": "",
        "schemas/schema.py": "from pydantic import BaseModel\n\n\nclass Read(BaseModel):\n    id: int\n",
        "routes/__init__.py": "",
        "routes/api/__init__.py": "",
        "routes/api/items.py": "from fastapi import APIRouter\n\n"
        f"from app.modules.{name}.services.service import Service\n\nrouter = APIRouter()\n",
    }


def project_path(path: str) -> str:
    """An example path as a project-relative path (module-relative ones live in the example module)."""
    return path[1:] if path.startswith("/") else MODULE_PATH + path


def example_path(path: str) -> str:
    """The inverse of :func:`project_path`: how an example names a project file."""
    return path[len(MODULE_PATH) :] if path.startswith(MODULE_PATH) else "/" + path


class Expected(Value):
    """One finding an example expects."""

    path: str
    line: int
    column: int
    message: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.message}" if self.message else where


def parse_expected(text: str) -> Expected:
    """``path:line:column[: message]``; ValueError when it is not that."""
    found = _EXPECTED.match(text)
    if found is None:
        raise ValueError(f"expected finding {text!r} must look like 'routes/api/orders.py:1:1[: message]'")
    return Expected(found["path"], int(found["line"]), int(found["column"]), found["message"])


def _check_path(path: str) -> str | None:
    body = path[1:] if path.startswith("/") else path
    if not body or body.startswith("/") or "\\" in body or "\0" in body or ".." in body.split("/"):
        return f"example path {path!r} must be a relative POSIX path (a leading '/' makes it project-relative)"
    return None


class Example(Spec):
    """One small project: files over the clean module, and the findings it must give."""

    files: dict[str, str | None] = Field(default_factory=dict)
    expect: list[str] = Field(default_factory=list)

    @field_validator("files")
    @classmethod
    def _paths(cls, value: dict[str, str | None]) -> dict[str, str | None]:
        problems = [p for p in (_check_path(path) for path in value) if p]
        if problems:
            raise ValueError("; ".join(problems))
        return value

    @field_validator("expect")
    @classmethod
    def _findings(cls, value: list[str]) -> list[str]:
        for text in value:
            parse_expected(text)
        return value

    def expected(self) -> list[Expected]:
        """The expected findings, parsed."""
        return [parse_expected(text) for text in self.expect]


class Examples(Spec):
    """A rule's wrong examples (each expects findings) and right ones (each expects none)."""

    wrong: list[Example] = Field(default_factory=list)
    right: list[Example] = Field(default_factory=list)

    @model_validator(mode="after")
    def _expectations(self) -> Examples:
        if any(not example.expect for example in self.wrong):
            raise ValueError("every 'wrong' example needs 'expect': the findings it must give")
        if any(example.expect for example in self.right):
            raise ValueError("a 'right' example gives no findings: drop its 'expect'")
        return self

    @property
    def empty(self) -> bool:
        """Whether there is no example at all."""
        return not self.wrong and not self.right
