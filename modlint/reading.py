"""Turn files into facts: read bytes once, decode as Python does, scan suppression comments, and
parse with libcst only the files some rule needs a tree for.

No libcst import here: :mod:`modlint.parsing` is loaded only when a file must actually be parsed.
"""

from __future__ import annotations

import io
import multiprocessing
import sys
import tokenize
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from modlint.cache import FactsCache, Signature, digest
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


@dataclass(frozen=True)
class ReadStats:
    """How the facts of a run were obtained: parsed now, taken from the cache, or scanned as text."""

    parsed: int = 0
    cached: int = 0
    scanned: int = 0


@dataclass(frozen=True)
class _Job:
    path: str
    data: bytes
    package: str
    parse: bool
    signature: Signature
    digest: str


def read_all(
    root: Path,
    requests: Iterable[ReadRequest],
    source_roots: Sequence[str],
    *,
    cache: FactsCache | None = None,
    jobs: int = 1,
) -> tuple[dict[str, FileFacts], ReadStats]:
    """Facts of every requested file, each read at most once: from the cache when its content is
    unchanged, otherwise decoded (and parsed, in ``jobs`` processes when there are many)."""
    results: dict[str, FileFacts] = {}
    todo: list[_Job] = []
    cached = 0
    for request in requests:
        found = _cached_or_job(root, request, source_roots, cache)
        if isinstance(found, _Job):
            todo.append(found)
        else:
            results[request.path] = found
            cached += 1
    for job, facts in zip(todo, _extract_all(todo, jobs), strict=True):
        results[job.path] = facts
        if cache is not None:
            cache.store(job.path, job.signature, job.digest, facts)
    parsed = sum(1 for job in todo if job.parse)
    return results, ReadStats(parsed=parsed, cached=cached, scanned=len(todo) - parsed)


def _cached_or_job(
    root: Path, request: ReadRequest, source_roots: Sequence[str], cache: FactsCache | None
) -> FileFacts | _Job:
    """Cached facts when the file is unchanged, a problem when it cannot be read, else work to do."""
    path = root / request.path
    try:
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
        if cache is not None and (hit := cache.by_signature(request.path, signature, request.parse)):
            return hit
        data = path.read_bytes()
    except OSError as exc:
        problem = ParseProblem(Position(), f"cannot read file: {exc.strerror or exc}")
        return FileFacts(request.path, problem=problem, parsed=request.parse)
    content_digest = digest(data)
    if cache is not None and (hit := cache.by_digest(request.path, content_digest, signature, request.parse)):
        return hit
    package = package_of(request.path, source_roots)
    return _Job(request.path, data, package, request.parse, signature, content_digest)


PARALLEL_THRESHOLD = 64


def _extract_all(todo: Sequence[_Job], jobs: int) -> list[FileFacts]:
    """Facts for every job; parsing goes to worker processes when it pays for their start-up."""
    to_parse = [job for job in todo if job.parse]
    if jobs <= 1 or len(to_parse) < PARALLEL_THRESHOLD:
        return [_extract(job) for job in todo]
    try:
        parsed = iter(_parallel(to_parse, jobs))
    except (OSError, RuntimeError, BrokenProcessPool):  # no processes here: parse serially
        return [_extract(job) for job in todo]
    return [next(parsed) if job.parse else _extract(job) for job in todo]


def _parallel(jobs_to_run: Sequence[_Job], workers: int) -> list[FileFacts]:
    chunks = [list(jobs_to_run[i :: workers * 4]) for i in range(workers * 4)]
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        done = list(pool.map(_extract_chunk, chunks))
    by_path = {facts.path: facts for chunk in done for facts in chunk}
    return [by_path[job.path] for job in jobs_to_run]


def _extract_chunk(chunk: list[_Job]) -> list[FileFacts]:
    return [_extract(job) for job in chunk]


def _extract(job: _Job) -> FileFacts:
    return facts_from_bytes(job.path, job.data, job.package, parse=job.parse)
