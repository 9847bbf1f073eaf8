"""Writing files safely: the one place modlint replaces a file's content."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import stat
import time
from pathlib import Path

from modlint.digests import blake2b

#: How the temporary files of :func:`atomic_write` end (a process killed while writing leaves one).
TEMPORARY_SUFFIX = ".tmp"


def remove_leftovers(folder: Path, older_than: float = 60.0) -> None:
    """Delete the temporary files that killed writers left in ``folder``; a file younger than
    ``older_than`` seconds may belong to a run writing right now, and is kept."""
    limit = time.time() - older_than
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") and entry.name.endswith(TEMPORARY_SUFFIX):
                    with contextlib.suppress(OSError):
                        if entry.stat(follow_symlinks=False).st_mtime < limit:
                            os.unlink(entry.path)
    except OSError:
        pass


def atomic_write(path: Path, data: bytes, *, through_links: bool = True) -> None:
    """Write via a temporary file and a rename, so a reader (or a crash) never sees half a file.

    Only a regular file is ever replaced: a folder, a FIFO or a device (``-o /dev/stdout`` run as
    root) raises ``OSError`` ("not a regular file") and is left alone. A symbolic link is written
    through when ``through_links`` (a report or baseline the user linked: the target is replaced,
    the link stays); a cache file never is (the link itself is replaced: nothing outside the cache
    folder is written). An existing file keeps its permission bits; a new one gets those the umask
    gives (the temporary file is created ``0600``)."""
    if through_links and path.is_symlink():
        try:
            path = path.resolve()
        except RuntimeError:  # Python < 3.13 on a link loop
            raise OSError(errno.ELOOP, "symbolic link loop", str(path)) from None
        if path.is_symlink():  # Python 3.13 leaves a loop unresolved: replacing it would lose the link
            raise OSError(errno.ELOOP, "symbolic link loop", str(path))
    try:
        status: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        status = None
    if status is not None and not (stat.S_ISREG(status.st_mode) or stat.S_ISLNK(status.st_mode)):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    mode = status.st_mode & 0o7777 if status is not None and stat.S_ISREG(status.st_mode) else _new_file_mode()
    fd, tmp = _temporary_file(path.parent, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: How ``tempfile.mkstemp`` opens its file: a new file (never an existing one, never through a link),
#: closed in child processes.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _temporary_file(folder: Path, name: str) -> tuple[int, str]:
    """A new ``0600`` file beside ``name`` in ``folder`` (its descriptor and path), as
    ``tempfile.mkstemp`` makes one, without importing ``tempfile`` (with ``random`` and ``shutil``,
    ~4 ms of every run that writes a cache file)."""
    for _ in range(100):
        path = os.path.join(folder, f".{name}.{os.urandom(6).hex()}{TEMPORARY_SUFFIX}")
        try:
            return os.open(path, _CREATE | getattr(os, "O_BINARY", 0), 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no temporary file name left", str(folder))


def real_folder(path: Path) -> bool:
    """Whether ``path`` is a folder itself, not a link to one: what the caches write into."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _new_file_mode() -> int:
    """The permission bits ``open()`` gives a new file: 0666 less the umask (read by setting it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


#: The largest cache file modlint reads (far beyond what 10,000 modules make): a cache file replaced
#: by something huge is a miss, never an unbounded read.
MAX_CACHE_BYTES = 1 << 30


def read_cache(path: Path) -> bytes:
    """A cache file's bytes: a regular file only, never through a link (a cache file replaced by a
    link, a FIFO or a device raises :class:`NotReadable`, which the caches treat as a miss)."""
    if not stat.S_ISREG(os.lstat(path).st_mode):
        raise NotReadable(0, "not a regular file")
    return read_source(path, MAX_CACHE_BYTES)


def to_bytes(text: str) -> bytes:
    """The UTF-8 bytes modlint writes for any text, to standard output or a file, whatever the
    locale: a name read from undecodable bytes (a lone surrogate U+DC80..U+DCFF, as ``os`` gives it)
    gets its byte back, and any other lone surrogate (a string literal ``"\\ud800"`` in the checked
    code, quoted by a finding) is written as its escape. Under a UTF-8 locale's strict standard
    output either raised UnicodeEncodeError: an internal error instead of the report."""
    return text.encode("utf-8", "modlint-surrogates")


def _surrogates(error: UnicodeError) -> tuple[bytes, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = bytearray()
    for char in error.object[error.start : error.end]:
        code = ord(char)
        out += bytes([code - 0xDC00]) if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}".encode()
    return bytes(out), error.end


codecs.register_error("modlint-surrogates", _surrogates)


#: The largest source file modlint reads (a generated or minified file beyond it is MOD-000 "too
#: large", never an unbounded read).
MAX_SOURCE_BYTES = 10 * 1024 * 1024


class NotReadable(OSError):
    """A path that is not a regular file, or one larger than the limit; ``strerror`` says which."""


def read_source(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit`` of them: a FIFO, a device (or a link to one) would
    block or never end, so anything else raises :class:`NotReadable` before a byte is read.

    Nothing else is even opened (opening a FIFO releases a writer blocked on it; a device may act
    on being opened), and what was opened is checked again, in case the path was replaced in between
    (``O_NONBLOCK``: then a FIFO's open returns at once). Plain descriptors, not ``open()``: a cold
    run reads thousands of small files, and the buffered file object cost more than the reading."""
    _regular(os.stat(path), limit)
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY | _CLOEXEC)
    try:
        status = _regular(os.fstat(fd), limit)
        chunks, size = [], 0
        want = status.st_size + 1  # all of it and the end at once, for a file that did not grow
        while size <= limit and (chunk := os.read(fd, min(want, 1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
            want = 1 << 16
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise NotReadable(0, f"too large (over the {limit:,} bytes max-file-kb allows)")
    return data


def read_text(path: Path) -> str:
    """A regular file's UTF-8 text with universal newlines, as ``Path.read_text`` gives it, for the
    configuration files: a FIFO or a device in their place would block or never end."""
    return read_source(path).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _regular(status: os.stat_result, limit: int) -> os.stat_result:
    """``status`` when it is a regular file within ``limit`` bytes, else :class:`NotReadable`."""
    if not stat.S_ISREG(status.st_mode):
        raise NotReadable(0, "not a regular file")
    if status.st_size > limit:
        raise NotReadable(0, f"too large ({status.st_size:,} bytes; max-file-kb allows {limit:,})")
    return status


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


#: The checksum in front of every cache file's payload.
_SEAL = 16


def seal(payload: bytes) -> bytes:
    """A cache file's content: a checksum of ``payload``, then ``payload``."""
    return blake2b(payload, digest_size=_SEAL).digest() + payload


def unseal(content: bytes) -> bytes:
    """The payload of a sealed cache file; ValueError when the checksum does not match (one flipped
    byte anywhere makes the file a miss, never a result)."""
    checksum, payload = content[:_SEAL], content[_SEAL:]
    if len(checksum) != _SEAL or blake2b(payload, digest_size=_SEAL).digest() != checksum:
        raise ValueError("cache file checksum mismatch")
    return payload
