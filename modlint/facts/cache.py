"""A persistent cache of per-file facts, so a warm run re-parses only what changed.

One file per (modlint version, rule set, source roots) in the cache folder (``.modlint_cache/`` by
default, holding a ``.gitignore`` of ``*`` as ruff's does). An entry is found by the file's content
digest; the file's (mtime, size) only lets a run skip re-reading a file whose stat is unchanged.
Entries are plain data (``marshal`` of tuples: loading it can never run code), written atomically, so
two concurrent runs never corrupt it; a corrupt or foreign file is ignored and rebuilt.
"""

from __future__ import annotations

import marshal
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from modlint import __version__, codec
from modlint.digests import hexdigest
from modlint.facts.model import Depth, FileFacts
from modlint.files import TEMPORARY_SUFFIX, atomic_write, read_cache, real_folder, remove_leftovers, seal, unseal
from modlint.layout import Signature

#: Derived from the facts' fields (a new shape is a miss) and the extractor's generation (facts from
#: ast since 2; its syntax errors are CPython's; 3: no suppression read from a string; 4: a revision
#: variable bound again is no literal).
MAGIC = f"modlint-facts-{codec.version(FileFacts)}-4"
DEFAULT_DIR = ".modlint_cache"


def cache_key(ruleset_hash: str, source_roots: tuple[str, ...], *settings: str) -> str:
    """What a cache file is valid for: this modlint version, this rule set, these source roots, and
    any other ``settings`` the facts depend on (the definition form)."""
    text = "\0".join([MAGIC, __version__, ruleset_hash, *source_roots, "\1", *settings])
    return hexdigest(text.encode(), 10)


def digest(data: bytes) -> str:
    """The content key of one file."""
    return hexdigest(data, 16)


#: The fields of a file read at ``IMPORTS`` depth (and no screen): its imports and what every read
#: has (see :func:`~modlint.facts.reading.facts_from_bytes`).
IMPORTS_VIEW = ("path", "imports", "problem", "suppressions", "defines_at_top")


def _imports_fields(encoded: Any) -> dict[str, Any]:
    return codec.fields_decoder(FileFacts, IMPORTS_VIEW)(encoded)


class _Entry:
    """One file's cached facts; its signature is updated in place when only the stat changed."""

    __slots__ = ("depth", "digest", "encoded", "facts", "signature")

    def __init__(self, signature: Signature, digest: str, depth: Depth, facts: FileFacts, encoded: Any = None) -> None:
        self.signature = signature
        self.digest = digest
        self.depth = depth
        self.facts = facts
        #: The stored form of ``facts`` when they were decoded from the shard (None: made by this run):
        #: rewriting a shard then costs no encoding of the entries that did not change.
        self.encoded = encoded

    def serves(self, depth: Depth) -> bool:
        """Whether this entry answers a request for ``depth`` (see :meth:`Depth.serves`)."""
        return self.depth.serves(depth)


class _Shard:
    """The cached facts of one module (or of the legacy files): loaded on first use, decoded lazily."""

    def __init__(self, file: Path, *, read: bool = True) -> None:
        self.file = file
        self.raw: dict[str, Any] = {}
        self.entries: dict[str, _Entry] = {}
        self.dirty = False
        if not read:
            return
        try:
            magic, raw = marshal.loads(unseal(read_cache(file)))
            if magic != MAGIC or not isinstance(raw, dict):
                raise ValueError("foreign cache file")
            self.raw = raw
        except FileNotFoundError:
            pass
        except Exception:
            self.dirty = True

    def get(self, path: str) -> _Entry | None:
        entry = self.entries.get(path)
        if entry is None and path in self.raw:
            try:
                e = self.raw.pop(path)
                entry = self.entries[path] = _Entry(
                    tuple(e[0]), e[1], Depth(e[2]), codec.decode(FileFacts, e[3], compiled=True), e[3]
                )
            except Exception:
                self.dirty = True
        return entry

    def imports_view(self, path: str, signature: Signature) -> FileFacts | None:
        """The facts a read at ``IMPORTS`` depth would give (see :data:`IMPORTS_VIEW`), from the stored
        entry when the file's stat is unchanged, decoding none of its other facts: a narrowed run reads
        every other module's files for their imports only (MOD-018), thousands of them."""
        entry = self.entries.get(path)
        if entry is not None:
            return entry.facts if entry.signature == signature and entry.serves(Depth.IMPORTS) else None
        e = self.raw.get(path)
        if e is None:
            return None
        try:
            stored = Depth(e[2])
            if tuple(e[0]) != signature or not stored.serves(Depth.IMPORTS):
                return None
            fields = _imports_fields(e[3])
            return FileFacts(depth=stored.viewed_as(Depth.IMPORTS, fields["problem"]), **fields)
        except Exception:
            self.raw.pop(path, None)
            self.dirty = True
            return None

    def paths(self) -> set[str]:
        return set(self.raw) | set(self.entries)

    def drop(self, path: str) -> None:
        self.raw.pop(path, None)
        self.entries.pop(path, None)
        self.dirty = True

    def dump(self) -> bytes:
        entries = dict(self.raw)
        entries.update(
            {
                p: (e.signature, e.digest, int(e.depth), codec.encode(e.facts) if e.encoded is None else e.encoded)
                for p, e in self.entries.items()
            }
        )
        return seal(marshal.dumps((MAGIC, entries)))


#: A shard's file name: the start of its module name's digest.
_SHARD_NAME = re.compile(r"[0-9a-f]{24}\.bin")


class FactsCache:
    """Facts by path, checked against the file's content digest (or an unchanged stat).

    Split into one shard per module (``shard_of`` names it), so a run narrowed to one module loads and
    rewrites only that module's shard.
    """

    def __init__(self, directory: Path, key: str, shard_of: Callable[[str], str] = lambda path: "all") -> None:
        self.directory = directory
        self.folder = directory / f"facts-{key}"
        self._shard_of = shard_of
        self._shards: dict[str, _Shard] = {}
        #: The folder is a link (nothing modlint made): read nothing through it; saving replaces it.
        self._linked = self.folder.is_symlink()

    def _shard(self, path: str) -> _Shard:
        name = self._shard_of(path)
        shard = self._shards.get(name)
        if shard is None:
            file_name = hexdigest(name.encode("utf-8", "surrogateescape"), 12) + ".bin"
            shard = self._shards[name] = _Shard(self.folder / file_name, read=not self._linked)
        return shard

    def by_signature(self, path: str, signature: Signature, depth: Depth) -> FileFacts | None:
        """Facts of a file whose stat has not changed since they were stored (for a request of
        ``IMPORTS`` depth, only what such a read gives)."""
        if depth == Depth.IMPORTS:
            return self._shard(path).imports_view(path, signature)
        entry = self._shard(path).get(path)
        if entry and entry.signature == signature and entry.serves(depth):
            return entry.facts
        return None

    def by_digest(self, path: str, content_digest: str, signature: Signature, depth: Depth) -> FileFacts | None:
        """Facts of a file whose content has not changed (its stat may have)."""
        shard = self._shard(path)
        entry = shard.get(path)
        if entry and entry.digest == content_digest and entry.serves(depth):
            if entry.signature != signature:
                entry.signature = signature
                shard.dirty = True
            return entry.facts
        return None

    def store(self, path: str, signature: Signature, content_digest: str, facts: FileFacts) -> None:
        """Remember fresh facts."""
        shard = self._shard(path)
        shard.entries[path] = _Entry(signature, content_digest, facts.depth, facts)
        shard.raw.pop(path, None)
        shard.dirty = True

    def prune(self, keep: set[str]) -> None:
        """After a whole-project run: forget files it no longer reads, and shards of vanished modules."""
        for shard in self._shards.values():
            for path in shard.paths() - keep:
                shard.drop(path)
        live = {shard.file.name for shard in self._shards.values()}
        if real_folder(self.folder):  # a link there is never looked through (saving replaces it)
            for file in self.folder.glob("*.bin"):
                if _SHARD_NAME.fullmatch(file.name) and file.name not in live:  # shards only: summaries stay
                    file.unlink(missing_ok=True)
            remove_leftovers(self.folder)  # what runs killed while writing left behind
        remove_leftovers(self.directory)  # the cache folder itself may be a link

    def save(self) -> None:
        """Write the changed shards atomically; a failure to write only costs the next run some time."""
        dirty = [shard for shard in self._shards.values() if shard.dirty]
        if not dirty:
            return
        try:
            ensure_cache_folder(self.directory)  # first: a folder holding facts-*/ is no longer empty
            if self.folder.is_symlink():  # inside modlint's own cache folder: the link, never its target
                self.folder.unlink()
            self.folder.mkdir(parents=True, exist_ok=True)
            for shard in dirty:
                atomic_write(shard.file, shard.dump(), through_links=False)
                shard.dirty = False
        except OSError:
            pass


MARKER = "# Created by modlint automatically.\n"


IGNORE = ".gitignore"


def _marker_leftover(name: str) -> bool:
    """Whether ``name`` is the temporary file of a ``.gitignore`` that modlint was writing."""
    return name.startswith(f".{IGNORE}.") and name.endswith(TEMPORARY_SUFFIX)


def ensure_cache_folder(directory: Path) -> None:
    """Create the cache folder with a ``.gitignore`` of ``*`` (as ruff's), so git never sees it; a
    folder modlint did not create is never written to (see :func:`foreign_folder`)."""
    if foreign_folder(directory, directory.parent) is not None:
        raise OSError(f"{directory} is not a modlint cache folder")
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / IGNORE
    if not ignore.exists():  # whole or not there: a run killed while writing it leaves no half of it
        atomic_write(ignore, (MARKER + "*\n").encode(), through_links=False)


def foreign_folder(directory: Path, root: Path) -> str | None:
    """Why ``directory`` cannot be the cache folder of the project at ``root``, else None: the project
    itself or a folder above it, or an existing folder with files that modlint did not create (its
    ``.gitignore`` of ``*`` would hide every new file of that folder from git)."""
    folder, project = directory.resolve(), root.resolve()
    if folder == project or folder in project.parents:
        return f"cache folder {directory} is the project folder (or above it); use e.g. {DEFAULT_DIR}"
    try:
        if (folder / IGNORE).read_text(encoding="utf-8").startswith(MARKER):
            return None  # modlint's own
    except (OSError, UnicodeDecodeError):
        pass
    try:
        with os.scandir(folder) as entries:  # a run killed while writing the marker left its temporary file
            holds_files = any(not _marker_leftover(entry.name) for entry in entries)
    except (FileNotFoundError, NotADirectoryError):
        return None  # created when first written (a file in the way only costs the caching)
    except OSError as exc:
        return f"cache folder {directory} cannot be listed: {exc.strerror}"
    if holds_files:
        return (
            f"cache folder {directory} holds files modlint did not create; choose another folder (e.g. {DEFAULT_DIR})"
        )
    return None
