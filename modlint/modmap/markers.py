"""The generated part of a committed file: the lines between ``<!-- modlint:NAME -->`` and
``<!-- /modlint:NAME -->``. ``--check`` compares that part and ``--write`` replaces only it, so the
rest of the file (prose, other tables) is never touched."""

from __future__ import annotations

import re

from modlint.values import Value

_NEWLINE = re.compile(r"\r\n|\r|\n")


class Region(Value):
    """Where the generated lines of a file are: ``text[start:end]``, and the file's line ending."""

    start: int
    end: int
    newline: str


def begin_marker(name: str) -> str:
    """The line that opens the generated part."""
    return f"<!-- modlint:{name} -->"


def end_marker(name: str) -> str:
    """The line that closes it."""
    return f"<!-- /modlint:{name} -->"


def find_region(text: str, name: str) -> Region:
    """The generated part of ``text``; ValueError says what is wrong with the markers."""
    begin, end = begin_marker(name), end_marker(name)
    offsets, position = [], 0
    for line in text.splitlines(keepends=True):
        offsets.append((position, line))
        position += len(line)
    opens = [i for i, (_, line) in enumerate(offsets) if line.strip().lstrip("\ufeff") == begin]
    closes = [i for i, (_, line) in enumerate(offsets) if line.strip().lstrip("\ufeff") == end]
    if not opens or not closes:
        raise ValueError(f"has no lines {begin} and {end} (put them where the generated part goes)")
    if len(opens) > 1 or len(closes) > 1:
        raise ValueError(f"has more than one {begin} ... {end} part")
    if closes[0] < opens[0]:
        raise ValueError(f"has {end} before {begin}")
    start = offsets[opens[0]][0] + len(offsets[opens[0]][1])
    opening = offsets[opens[0]][1]
    if not opening.endswith(("\n", "\r")):
        raise ValueError(f"has {begin} and {end} on one line")
    return Region(start, offsets[closes[0]][0], newline_of(opening))


def newline_of(text: str) -> str:
    """The line ending ``text`` uses first (LF when it has none): what lines added to it must use."""
    found = _NEWLINE.search(text)
    return found.group() if found else "\n"


def generated(text: str, name: str) -> str:
    """The generated part as it is now."""
    region = find_region(text, name)
    return text[region.start : region.end]


def replaced(text: str, name: str, content: str) -> str:
    """``text`` with its generated part replaced by ``content`` (in the file's line endings)."""
    region = find_region(text, name)
    body = content if content.endswith("\n") or not content else content + "\n"
    if region.newline != "\n":
        body = body.replace("\n", region.newline)
    return text[: region.start] + body + text[region.end :]
