"""Messages to the standard streams, without click: a check run never imports click (~35 ms of a
one-file pre-commit run), so everything the CLI prints goes through :func:`echo`."""

from __future__ import annotations

import sys

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
        buffer.write(data)
        buffer.flush()
    stream.flush()
