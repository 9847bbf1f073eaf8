"""Messages to the standard streams, without click: a check run never imports click (~35 ms of a
one-file pre-commit run), so everything the CLI prints goes through :func:`echo`."""

from __future__ import annotations

import sys
from typing import BinaryIO

from modlint.files import to_bytes


def echo(message: str | bytes, *, err: bool = False, nl: bool = True) -> None:
    """Write ``message`` (and a newline) to standard output, or standard error with ``err``, as
    UTF-8 bytes whatever the locale (:func:`~modlint.files.to_bytes`), then flush.

    Nothing is written when the stream is closed (``>&-``: it is None). A stream with no byte
    buffer (a test's ``StringIO``) gets the text."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    data = message if isinstance(message, bytes) else to_bytes(message)
    if nl:
        data += b"\n"
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(data.decode("utf-8", "replace"))
    else:
        stream.flush()  # text written before through the text layer comes first
        _write_all(buffer, data)
    stream.flush()


def _write_all(buffer: BinaryIO, data: bytes) -> None:
    """Write all of ``data`` and flush it, also to a non-blocking descriptor (a parent's pipe set
    ``O_NONBLOCK``), which takes part of it, or none, and says so rather than failing: without
    waiting for it, the rest of a long report was dropped without a word."""
    view = memoryview(data)
    while True:
        try:
            written = buffer.write(view) if view else 0
            view = view[written or 0 :]
            if not view:
                buffer.flush()
                return
        except BlockingIOError as exc:
            view = view[exc.characters_written :]
        _writable(buffer)


def _writable(buffer: BinaryIO) -> None:
    """Wait until ``buffer``'s descriptor takes more."""
    import select  # only for a descriptor that took part of a write

    select.select([], [buffer.fileno()], [])
