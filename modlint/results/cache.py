"""The results cache: the last run's findings, reused while nothing the run depended on changed."""

from __future__ import annotations

import marshal
from pathlib import Path

from modlint import codec
from modlint.facts.cache import ensure_cache_folder
from modlint.files import atomic_write, read_cache, seal, unseal
from modlint.findings import Finding
from modlint.values import Value

RESULTS_MAGIC = f"modlint-results-{codec.version(Finding)}"


class StoredRun(Value):
    """What a run reported, reusable while nothing it depended on has changed."""

    findings: tuple[Finding, ...]
    files: int
    modules: int
    notes: tuple[str, ...]


class ResultsCache:
    """The last run's findings for one configuration, reused when the run's fingerprint (the name
    and stat of every file and folder in the layout, the scope, the rules and settings) is unchanged:
    a warm run then reads no file and runs no check."""

    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.file = directory / f"results-{key}.bin"

    def lookup(self, fingerprint: str) -> StoredRun | None:
        """The stored run, when it was made with this very fingerprint."""
        try:
            magic, stored_fingerprint, run = marshal.loads(unseal(read_cache(self.file)))
            if magic != RESULTS_MAGIC or stored_fingerprint != fingerprint:
                return None
            return codec.decode(StoredRun, run)
        except Exception:
            return None

    def store(self, fingerprint: str, run: StoredRun) -> None:
        """Remember this run's findings under its fingerprint (atomically; failures only cost time)."""
        try:
            ensure_cache_folder(self.directory)
            atomic_write(
                self.file, seal(marshal.dumps((RESULTS_MAGIC, fingerprint, codec.encode(run)))), through_links=False
            )
        except OSError:
            pass
