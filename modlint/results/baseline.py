"""Baselines: freeze the findings a codebase has today, report only new ones, and only ever ratchet down.

An entry is (rule, path, message, count): no line numbers (not even those a message quotes, see
:func:`~modlint.findings.line_free`), so a finding keeps matching when code above it moves, and
stops matching when it is fixed or moves to another file. The file is sorted JSON, one entry per
finding kind and place, meant to be reviewed in pull requests.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from modlint.errors import ConfigError, Problem
from modlint.files import atomic_write, read_text
from modlint.findings import Finding, line_free
from modlint.values import Value, replace

FORMAT_VERSION = 1
Key = tuple[str, str, str]


class BaselineEntry(Value):
    """``count`` known findings of ``rule`` in ``path`` with this exact ``message``."""

    rule: str
    path: str
    message: str
    count: int = 1

    @property
    def key(self) -> Key:
        return (self.rule, self.path, line_free(self.message))


class Comparison(Value):
    """Findings split against a baseline, plus the entries that no longer occur (stale)."""

    new: tuple[Finding, ...]
    known: tuple[Finding, ...]
    stale: tuple[BaselineEntry, ...]


def entries_for(findings: Sequence[Finding]) -> tuple[BaselineEntry, ...]:
    """Baseline entries describing ``findings``, sorted."""
    counts = Counter(f.identity for f in findings)
    return tuple(BaselineEntry(*key, count=n) for key, n in sorted(counts.items()))


def compare(entries: Sequence[BaselineEntry], findings: Sequence[Finding]) -> Comparison:
    """The first ``count`` findings (in report order) matching an entry are known; the rest are new."""
    budget = Counter({e.key: e.count for e in entries})
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        key = finding.identity
        if budget[key] > 0:
            budget[key] -= 1
            known.append(finding)
        else:
            new.append(finding)
    stale = tuple(BaselineEntry(*key, count=n) for key, n in sorted(budget.items()) if n > 0)
    return Comparison(tuple(new), tuple(known), stale)


def merged(entries: Sequence[BaselineEntry]) -> tuple[BaselineEntry, ...]:
    """One entry per (rule, path, message), counts summed, sorted: a hand-edited file or a bad merge
    may repeat an entry, and each copy stands for its own findings."""
    counts: Counter[Key] = Counter()
    first: dict[Key, BaselineEntry] = {}
    for entry in entries:
        counts[entry.key] += entry.count
        first.setdefault(entry.key, entry)  # its message as stored (a cycle's may quote positions)
    return tuple(replace(first[key], count=n) for key, n in sorted(counts.items()))


def total(entries: Sequence[BaselineEntry]) -> int:
    """How many findings ``entries`` stand for."""
    return sum(e.count for e in entries)


def ratchet(entries: Sequence[BaselineEntry], comparison: Comparison) -> tuple[BaselineEntry, ...]:
    """The baseline minus its stale part; never adds anything."""
    stale = {e.key: e.count for e in comparison.stale}
    kept = [BaselineEntry(e.rule, e.path, e.message, e.count - stale.get(e.key, 0)) for e in entries]
    return tuple(e for e in kept if e.count > 0)


def load(path: Path) -> tuple[BaselineEntry, ...]:
    """Read a baseline file; any problem is a ConfigError naming the file."""
    display = str(path)
    try:
        document = json.loads(read_text(path))  # a FIFO would block: a regular file only
    except FileNotFoundError:
        raise ConfigError(
            [Problem(display, None, "baseline file not found (create it with --write-baseline)")]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc  # an OSError without "[Errno 2]"
        raise ConfigError([Problem(display, None, f"cannot read baseline: {reason}")]) from None
    except json.JSONDecodeError as exc:
        raise ConfigError([Problem(display, exc.lineno, f"invalid baseline JSON: {exc.msg}")]) from None
    except RecursionError:  # nested deeper than the JSON parser goes: no baseline looks like that
        raise ConfigError(
            [Problem(display, None, f"not a modlint baseline (expected version {FORMAT_VERSION})")]
        ) from None
    return _entries(document, display)


def _entries(document: object, display: str) -> tuple[BaselineEntry, ...]:
    version = document.get("version") if isinstance(document, dict) else None
    if type(version) is not int or version != FORMAT_VERSION:
        raise ConfigError([Problem(display, None, f"not a modlint baseline (expected version {FORMAT_VERSION})")])
    items = document.get("findings", []) if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise ConfigError([Problem(display, None, "baseline 'findings' must be a list")])
    entries = [_entry(item) for item in items]
    bad = [index + 1 for index, entry in enumerate(entries) if entry is None]
    if bad:
        raise ConfigError([Problem(display, None, f"malformed baseline entries: #{', #'.join(map(str, bad))}")])
    return tuple(e for e in entries if e is not None)


def _entry(item: object) -> BaselineEntry | None:
    """One entry, or None when it is not ``{rule, path, message: str, count: int >= 1}``."""
    if not isinstance(item, dict):
        return None
    rule, path, message, count = (item.get(k) for k in ("rule", "path", "message", "count"))
    count = 1 if count is None else count
    if not all(isinstance(v, str) for v in (rule, path, message)) or type(count) is not int or count < 1:
        return None
    return BaselineEntry(str(rule), str(path), str(message), count)


def dump(entries: Sequence[BaselineEntry]) -> str:
    """Stable, sorted, diff-friendly JSON text."""
    items = [
        {"rule": e.rule, "path": e.path, "message": e.message, "count": e.count}
        for e in sorted(entries, key=lambda e: (e.path, e.rule, e.message))
    ]
    document = {"version": FORMAT_VERSION, "findings": items}
    text = json.dumps(document, indent=2, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8: escape it (it still round-trips)
        text = json.dumps(document, indent=2)
    return text + "\n"


def write(path: Path, entries: Sequence[BaselineEntry]) -> None:
    """Write atomically: a reader (or a crash) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, dump(entries).encode("utf-8"))
