"""The shipped JSON Schemas (``rules.schema.json``, ``settings.schema.json``): data files, written by
``python -m modlint.config.jsonschema`` and checked current by the tests."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
RULES, SETTINGS = FOLDER / "rules.schema.json", FOLDER / "settings.schema.json"
