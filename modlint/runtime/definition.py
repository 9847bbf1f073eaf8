"""The typed module definition an application writes in each module's ``definition.py``.

The linter reads the same keywords as literals (``code=``, ``is_self_contained=``, ...) without
importing anything, so the field names here are the vocabulary of its ``when.facts`` conditions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ModuleDefinition(BaseModel):
    """What a module declares about itself; app-specific extra keywords are kept (``extras``)."""

    model_config = ConfigDict(extra="allow")

    code: str = Field(min_length=1)
    name: str = ""
    description: str = ""
    version: str = "0.0.0"
    is_core: bool = False
    is_internal: bool = False
    is_self_contained: bool = False
    requires: tuple[str, ...] = ()

    @property
    def extras(self) -> dict[str, Any]:
        """The app-specific keywords beyond the declared fields."""
        return dict(self.model_extra or {})


def find_definition(namespace: Mapping[str, object]) -> ModuleDefinition | None:
    """The first :class:`ModuleDefinition` instance in a module's namespace, in definition order.

    This mirrors the linter, which takes the first top-level assignment of a call with ``code=``.
    """
    return next((value for value in namespace.values() if isinstance(value, ModuleDefinition)), None)
