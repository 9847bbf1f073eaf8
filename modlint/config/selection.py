"""Which rules are active: ``select`` / ``ignore`` by full id, code or prefix (``MOD-001``, ``MOD001``, ``MOD01``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from modlint.findings import matches


def split_selectors(values: Iterable[str]) -> list[str]:
    """Flatten comma-separated, repeatable option values."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def unknown(selectors: Sequence[str], rule_ids: Iterable[str]) -> list[str]:
    """Selectors that match no known rule: a typo that would silently select nothing."""
    ids = list(rule_ids)
    return [s for s in selectors if not any(matches(rid, [s]) for rid in ids)]


def is_active(rule_id: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Selected (everything when ``select`` is empty) and not ignored."""
    return (not select or matches(rule_id, select)) and not matches(rule_id, ignore)
