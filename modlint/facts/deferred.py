"""The facts of one run, by project path: those read, and those module summaries served, decoded
when a check first asks for them.

A hook run at 500 modules is served every other module's definition and revision files, and its
checks look at a few of them: decoding them all was a fifth of its time. The migration graph asks
every revision file for its outline alone (:meth:`DeferredFacts.outline`), which a summary keeps
without the rest of the file's facts. A summary is checksummed and made by this version of modlint,
and an entry's shape is checked when it is decoded (:func:`encodes`): one that is not its file's
facts can only be a fault of modlint's, reported as an internal error.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator, Mapping
from typing import Any

from modlint import codec
from modlint.facts.model import FileFacts, RevisionOutline
from modlint.values import fields

_NAMES = tuple(item.name for item in fields(FileFacts))
#: Where an encoded :class:`FileFacts` keeps these fields.
_PATH, _MIGRATION, _OUTLINE = (_NAMES.index(name) for name in ("path", "migration", "outline"))


def encodes(path: str, data: Any) -> bool:
    """Whether ``data`` has the shape of ``path``'s encoded :class:`FileFacts`."""
    return type(data) is tuple and len(data) == len(_NAMES) and data[_PATH] == path


class DeferredFacts(Mapping[str, FileFacts]):
    """Facts by project path, in path order: read ones, and encoded ones decoded when first asked."""

    def __init__(
        self, read: Mapping[str, FileFacts] | None = None, encoded: Mapping[str, tuple[bytes, bool]] | None = None
    ) -> None:
        self._read: dict[str, FileFacts] = dict(read or {})
        #: Per file: its encoded facts as ``marshal`` bytes, and whether it was parsed.
        self._encoded: dict[str, tuple[bytes, bool]] = {
            path: data for path, data in (encoded or {}).items() if path not in self._read
        }
        self._order: list[str] | None = None

    def __getitem__(self, path: str) -> FileFacts:
        found = self._read.get(path)
        if found is None:
            found = self._read[path] = codec.decode(FileFacts, self._loaded(path), compiled=True)
            del self._encoded[path]
        return found

    def _loaded(self, path: str) -> Any:
        """The encoded facts of a served file (KeyError: none)."""
        data = marshal.loads(self._encoded[path][0])
        if not encodes(path, data):
            raise ValueError(f"the summary entry of {path} is not its facts")
        return data

    def get(self, path: str, default: Any = None) -> Any:  # asked by the thousand: no exception raised
        found = self._read.get(path)
        if found is None and path in self._encoded:
            return self[path]
        return default if found is None else found

    def __contains__(self, path: object) -> bool:
        return path in self._read or path in self._encoded

    def __iter__(self) -> Iterator[str]:
        if self._order is None:
            self._order = sorted({*self._read, *self._encoded})
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._read) + len(self._encoded)

    def outline(self, path: str) -> RevisionOutline | None:
        """What the migration graph follows of a file read for its revision literals (None: not so
        read, or it did not parse); a served file's other facts are not decoded for it."""
        data = self._loaded(path) if path in self._encoded else None
        if data is not None and data[_MIGRATION] is None:
            return None if data[_OUTLINE] is None else codec.decode(RevisionOutline, data[_OUTLINE], compiled=True)
        found: FileFacts | None = self.get(path)
        if found is None or found.problem is not None:
            return None
        return found.migration.outline if found.migration is not None else found.outline

    def merge(self, other: DeferredFacts) -> None:
        """Take ``other``'s facts in (a file read wins over an encoded one)."""
        for path in other._read:
            self._encoded.pop(path, None)
        self._read.update(other._read)
        self._encoded.update((path, data) for path, data in other._encoded.items() if path not in self._read)
        self._order = None

    def parsed(self) -> int:
        """How many of the files had their syntax checked (:attr:`FileFacts.parsed`), none decoded."""
        read = sum(1 for facts in self._read.values() if facts.parsed)
        return read + sum(1 for _, parsed in self._encoded.values() if parsed)
