"""Turn files into facts: read bytes once, decode as Python does, scan suppression comments, and
parse with libcst only the files some rule needs a tree for.

No libcst import here: :mod:`modlint.parsing` is loaded only when a file must actually be parsed.
"""

from __future__ import annotations

import io
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from modlint.facts import FileFacts, ParseProblem
from modlint.findings import Position
from modlint.suppressions import scan


@dataclass(frozen=True)
class ReadRequest:
    """One file to read; ``parse`` asks for its syntax facts, otherwise only its comments are scanned."""

    path: str
    parse: bool


def package_of(rel_path: str, source_roots: Sequence[str] = (".",)) -> str:
    """The dotted package a project-relative file lives in (its own name for ``__init__.py``)."""
    inner = rel_path
    for root in sorted((r.strip("/") for r in source_roots), key=len, reverse=True):
        if root in ("", "."):
            break
        if rel_path.startswith(root + "/"):
            inner = rel_path[len(root) + 1 :]
            break
    return ".".join(inner.split("/")[:-1])


def decode(data: bytes) -> str | ParseProblem:
    """Decode source bytes as Python does: PEP 263 cookie, else UTF-8; a BOM is fine."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return ParseProblem(Position(exc.lineno or 1, 1), f"cannot decode: {exc.msg}")
    if encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return ParseProblem(Position(line, column), f"cannot decode as {exc.encoding}: {exc.reason}")
    except LookupError:
        return ParseProblem(Position(), f"unknown source encoding {encoding!r}")


def facts_from_bytes(rel_path: str, data: bytes, package: str, *, parse: bool = True) -> FileFacts:
    """Facts of one file's content: decode, scan comments, parse when asked."""
    text = decode(data)
    if isinstance(text, ParseProblem):
        return FileFacts(rel_path, problem=text, parsed=parse)
    suppressions = scan(text)
    if not parse:
        return FileFacts(rel_path, suppressions=suppressions, parsed=False)
    from modlint.parsing import parse_facts  # lazy: libcst costs start-up time

    return replace(parse_facts(rel_path, text, package), suppressions=suppressions)


def read_bytes(root: Path, rel_path: str) -> bytes | ParseProblem:
    """A file's bytes, or why it cannot be read."""
    try:
        return (root / rel_path).read_bytes()
    except OSError as exc:
        return ParseProblem(Position(), f"cannot read file: {exc.strerror or exc}")


def read_facts(root: Path, request: ReadRequest, source_roots: Sequence[str] = (".",)) -> FileFacts:
    """Read one file and extract its facts; every problem is a value, never an exception."""
    data = read_bytes(root, request.path)
    if isinstance(data, ParseProblem):
        return FileFacts(request.path, problem=data, parsed=request.parse)
    return facts_from_bytes(request.path, data, package_of(request.path, source_roots), parse=request.parse)


def read_all(root: Path, requests: Iterable[ReadRequest], source_roots: Sequence[str]) -> dict[str, FileFacts]:
    """Facts of every requested file, each read once."""
    return {req.path: read_facts(root, req, source_roots) for req in requests}
