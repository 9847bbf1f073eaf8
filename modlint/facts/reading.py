"""Turn files into facts: read bytes once, decode as Python does, scan suppression comments, and
parse with libcst only the files some rule needs a tree for.

No libcst import here: :mod:`modlint.facts.cst.extract` is loaded only when a file must actually be parsed.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from modlint.facts.ast_extract import ast_facts
from modlint.facts.ast_imports import imports_of
from modlint.facts.ast_migrations import migration_of
from modlint.facts.cache import FactsCache, digest
from modlint.facts.model import Depth, FileFacts, ParseProblem, Suppression
from modlint.facts.suppressions import python_lines, scan
from modlint.files import MAX_SOURCE_BYTES, read_source
from modlint.findings import Position
from modlint.layout import DEFAULT_DEFINITION, DefinitionSpec, Signature, dotted_under, signature_of
from modlint.values import Value, replace

if TYPE_CHECKING:
    from modlint.facts.workers import Workers


class ReadRequest(Value):
    """One file to read, and how deeply (see :class:`~modlint.facts.Depth`)."""

    path: str
    depth: Depth


def package_of(rel_path: str, source_roots: Sequence[str] = (".",)) -> str:
    """The dotted package a project-relative file lives in (its own name for ``__init__.py``)."""
    return dotted_under(rel_path.rpartition("/")[0], source_roots)


_BOM = b"\xef\xbb\xbf"


def decode(data: bytes) -> str | ParseProblem:
    """Decode source bytes as Python does: PEP 263 cookie, else UTF-8; a BOM is fine.

    A file whose first two lines cannot hold a cookie (no ``coding`` in them) and that is valid
    UTF-8 is decoded without :mod:`tokenize` (what ``detect_encoding`` would find, and importing it
    cost a warm run ~2 ms); anything else, an undecodable file too, is left to it, for its words."""
    first = data.find(b"\n")
    second = data.find(b"\n", first + 1) if first >= 0 else -1
    head = data if second < 0 else data[:second]  # lines as detect_encoding reads them: to b"\n"
    if b"coding" not in head:
        try:
            return data.decode("utf-8-sig" if data.startswith(_BOM) else "utf-8")
        except UnicodeDecodeError:
            pass
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return ParseProblem(Position(exc.lineno or 1, 1), f"cannot decode: {exc.msg}")
    if encoding == "utf-8" and data.startswith(_BOM):
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


class Rejected(Value):
    """CPython's syntax error in a file (not one of nesting): MOD-000 unless libcst parses the file."""

    problem: ParseProblem


def facts_from_bytes(
    rel_path: str,
    data: bytes,
    package: str,
    *,
    depth: Depth = Depth.TREE,
    definition: DefinitionSpec = DEFAULT_DEFINITION,
) -> FileFacts:
    """Facts of one file's content: decode, scan comments, screen or parse as deep as asked
    (``definition``: the form module definitions take).

    Every fact comes from CPython's ``ast`` tree, built once; libcst only reads a file CPython
    rejects (see :func:`_newer_syntax`)."""
    text = decode(data)
    if isinstance(text, ParseProblem):
        return FileFacts(rel_path, problem=text, depth=depth)
    suppressions = scan(text, python=is_python(rel_path))
    if depth == Depth.TEXT:
        return FileFacts(rel_path, suppressions=suppressions, depth=depth)
    tree = ast_tree(text)
    if isinstance(tree, ParseProblem):
        return FileFacts(rel_path, problem=tree, suppressions=suppressions, depth=depth)
    if isinstance(tree, Rejected):
        return replace(_newer_syntax(rel_path, text, package, data, definition, tree), suppressions=suppressions)
    lines = python_lines(text)
    if depth != Depth.TREE:
        screened = defines_at_top(tree)
        if screened or not depth & Depth.SCREEN:  # no screen asked, or it decided: no tree facts needed
            imports = imports_of(tree, text, package, lines) if depth & Depth.IMPORTS else ()
            return FileFacts(
                rel_path,
                imports=imports,
                suppressions=suppressions,
                depth=depth,
                defines_at_top=screened,
                migration=migration_of(tree, text, lines) if depth & Depth.MIGRATION else None,
            )
    facts = ast_facts(rel_path, tree, text, package, definition, lines)
    return replace(facts, suppressions=suppressions, migration=migration_of(tree, text, lines))  # every fact


def _newer_syntax(
    rel_path: str, text: str, package: str, data: bytes, definition: DefinitionSpec, rejected: Rejected
) -> FileFacts:
    """Facts of a file the running Python rejects, from libcst, which may know newer syntax (``type X
    = int`` under Python 3.11); MOD-000 with CPython's message when libcst rejects it too.

    Importing libcst costs ~0.4 s, so only a file that holds a construct of a grammar newer than the
    running one (:func:`_newer_syntax_patterns`) is retried; any other file CPython rejects is rejected by every
    later Python too. libcst recurses, and takes minutes, on a very long line (a 20,000-term chain),
    which no newer syntax needs: a file with a line over :data:`LIBCST_LINE_LIMIT` characters is not
    retried either."""
    if not any(pattern.search(text) for pattern in _newer_syntax_patterns(sys.version_info[:2])):
        return FileFacts(rel_path, problem=rejected.problem)
    if any(len(line) > LIBCST_LINE_LIMIT for line in text.splitlines()):
        return FileFacts(rel_path, problem=rejected.problem)
    from modlint.facts.cst.extract import parse_facts  # lazy: libcst costs start-up time

    try:
        facts = parse_facts(rel_path, text, package, data, definition=definition)
    except (RecursionError, MemoryError, ValueError):  # deep nesting, in libcst's position walk
        return FileFacts(rel_path, problem=rejected.problem)
    return facts if facts.problem is None else FileFacts(rel_path, problem=rejected.problem)


#: How a file that could not be read is reported (MOD-000): no cache keeps such facts, since the
#: next run may read it (a transient error, a file replaced without a change of stat).
READ_PROBLEM = "cannot read file"


#: The longest line of a file CPython rejects that is still handed to libcst.
LIBCST_LINE_LIMIT = 1000


@functools.cache  # compiled when a file is first rejected, not at every start-up
def _newer_syntax_patterns(version: tuple[int, int]) -> tuple[re.Pattern[str], ...]:
    """What syntax added after Python ``version`` looks like, loosely (a false match only costs a
    libcst parse): ``except*`` (3.11); ``type`` statements, ``def``/``class`` type parameters and
    f-strings, whose quotes, comments and backslashes PEP 701 freed (3.12); type parameter defaults
    (3.13); template strings and ``except A, B:`` (3.14)."""
    gap = r"(?:\s|\\\n)"  # whitespace (form feeds too) or a line continuation
    added = [
        ((3, 11), rf"\bexcept{gap}*\*"),
        ((3, 12), rf"\btype{gap}+\w"),  # anywhere: after ``;``, inside a block, a class body
        ((3, 12), rf"\b(?:def|class){gap}+\w+{gap}*\["),
        ((3, 12), r"(?i)(?<![^\W_])[rb]?f[rb]?['\"]"),  # after a quote too: ``"a"f"{d["k"]}"``
        ((3, 13), rf"\b(?:def|class|type){gap}+\w+{gap}*\[[^\]]*="),
        ((3, 14), r"(?i)(?<![^\W_])r?tr?['\"]"),
        ((3, 14), r"\bexcept\b[^:(\n]*,"),
    ]
    return tuple(re.compile(pattern, re.MULTILINE) for since, pattern in added if version < since)


#: CPython's messages for nesting its parser refuses; libcst is never given such a file (on the
#: same input it recurses for seconds, runs for minutes or overflows the native stack and crashes).
_TOO_DEEP = ("too many nested", "too complex")


def ast_tree(text: str) -> ast.Module | ParseProblem | Rejected:
    """CPython's tree of the file; a problem when the file is nested deeper than a parser can take
    (never handed to libcst) or holds a NUL; :class:`Rejected` for any other syntax error, at
    CPython's position with its message."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes etc. are not our findings
            return ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        if "null bytes" in str(exc):  # Python cannot import it either; libcst would, and then fail
            return _null_byte(text)
        if not isinstance(exc, SyntaxError):
            return Rejected(ParseProblem(Position(), f"syntax error: {exc}"))
        problem = ParseProblem(Position(exc.lineno or 1, max(exc.offset or 1, 1)), f"syntax error: {exc.msg}")
        return problem if any(marker in str(exc.msg) for marker in _TOO_DEEP) else Rejected(problem)
    except (RecursionError, MemoryError) as exc:
        reason = str(exc) or type(exc).__name__
        return ParseProblem(Position(), f"too deeply nested to analyse (Python's parser: {reason})")


def _null_byte(text: str) -> ParseProblem:
    """Where the first NUL character is: Python refuses a source that holds one."""
    lines = python_lines(text[: text.index("\0")])
    return ParseProblem(Position(len(lines), len(lines[-1]) + 1), "source code cannot contain null bytes")


def defines_at_top(tree: ast.Module) -> bool:
    """Whether the file has a top-level ``def`` or ``class`` (then it parses, and is no shim)."""
    return any(isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for stmt in tree.body)


def source_text(path: Path) -> str:
    """A file's text decoded as Python decodes it; empty when it cannot be read or decoded (a folder,
    a missing file): for looking at lines of files the facts do not hold."""
    try:
        text = decode(read_source(path))
    except OSError:
        return ""
    return "" if isinstance(text, ParseProblem) else text


def is_python(name: str) -> bool:
    """Whether a file is Python source, whose suppressions are comments (``#`` in a template is text)."""
    return name.endswith((".py", ".pyi"))


def suppressions_in(path: Path) -> tuple[Suppression, ...]:
    """The suppression comments of a file no rule read (none when it cannot be read or decoded)."""
    return scan(source_text(path), python=is_python(path.name))


class ReadStats(Value):
    """How the facts of a run were obtained: parsed now, taken from the cache, or scanned as text."""

    parsed: int = 0
    screened: int = 0
    cached: int = 0
    scanned: int = 0
    #: Nothing changed since the last run: its findings were reused without reading any file.
    reused: bool = False

    def plus(self, other: ReadStats) -> ReadStats:
        """The counts of two reads of one run (a narrowed run reads in rounds)."""
        return ReadStats(
            self.parsed + other.parsed,
            self.screened + other.screened,
            self.cached + other.cached,
            self.scanned + other.scanned,
        )


class _Job(Value):
    path: str
    data: bytes
    package: str
    depth: Depth
    signature: Signature
    digest: str
    definition: DefinitionSpec


def read_all(
    root: Path,
    requests: Sequence[ReadRequest],
    source_roots: Sequence[str],
    *,
    cache: FactsCache | None = None,
    jobs: int = 1,
    signatures: Mapping[str, Signature | None] | None = None,
    definition: DefinitionSpec = DEFAULT_DEFINITION,
    limit: int = MAX_SOURCE_BYTES,
) -> tuple[dict[str, FileFacts], ReadStats]:
    """Facts of every requested file, each read at most once: from the cache when its content is
    unchanged, otherwise decoded, screened or parsed. With ``jobs`` > 1 and enough files to parse,
    parsing runs in worker processes while this process goes on reading. A file over ``limit``
    bytes is MOD-000 "too large"."""
    needs_parsing = sum(1 for r in requests if r.depth > Depth.TEXT)
    workers = _Parsing(jobs) if jobs > 1 and needs_parsing >= PARALLEL_THRESHOLD else None
    results: dict[str, FileFacts] = {}
    fresh: list[str] = []
    try:
        for request in requests:
            known = signatures.get(request.path) if signatures else None
            found = _cached_or_job(root, request, source_roots, cache, known, definition, limit)
            if isinstance(found, FileFacts):
                results[request.path] = found
                continue
            fresh.append(found.path)
            if found.depth == Depth.TEXT or workers is None:
                results[found.path] = _stored(_extract(found), found, cache)
            else:
                workers.add(found)
        for job, facts in workers.finish() if workers is not None else ():
            results[job.path] = _stored(facts, job, cache)
    except BaseException:  # ended early (interrupted): finish() was not reached to shut them down
        if workers is not None:
            workers.close()
        raise
    depths = [results[path].depth for path in fresh]
    return results, ReadStats(
        parsed=depths.count(Depth.TREE),
        screened=sum(1 for d in depths if d not in (Depth.TEXT, Depth.TREE)),
        cached=len(results) - len(fresh),
        scanned=depths.count(Depth.TEXT),
    )


def _stored(facts: FileFacts, job: _Job, cache: FactsCache | None) -> FileFacts:
    if cache is not None:
        cache.store(job.path, job.signature, job.digest, facts)
    return facts


def _cached_or_job(
    root: Path,
    request: ReadRequest,
    source_roots: Sequence[str],
    cache: FactsCache | None,
    known: Signature | None = None,
    definition: DefinitionSpec = DEFAULT_DEFINITION,
    limit: int = MAX_SOURCE_BYTES,
) -> FileFacts | _Job:
    """Cached facts when the file is unchanged, a problem when it cannot be read, else work to do.

    ``known`` is the file's stat from the walk, which saves stat-ing it again."""
    try:
        if known is None:
            known = signature_of((root / request.path).stat())
        signature = known
        if cache is not None and (hit := cache.by_signature(request.path, signature, request.depth)):
            return hit  # the common case of a warm run: no Path built, nothing read
        data = read_source(root / request.path, limit)
    except OSError as exc:
        problem = ParseProblem(Position(), f"{READ_PROBLEM}: {exc.strerror or exc}")
        return FileFacts(request.path, problem=problem, depth=request.depth)
    content_digest = digest(data)
    if cache is not None and (hit := cache.by_digest(request.path, content_digest, signature, request.depth)):
        return hit
    package = package_of(request.path, source_roots)
    return _Job(request.path, data, package, request.depth, signature, content_digest, definition)


PARALLEL_THRESHOLD = 64


CHUNK = 48


class _Parsing:
    """Jobs to parse in worker processes, started once a chunk's worth has come: before that the
    jobs wait here, and a run with fewer (a warm run with a few changed files) parses them here
    without importing multiprocessing (~15 ms of start-up) or forking."""

    def __init__(self, jobs: int) -> None:
        self._jobs = jobs
        self._pending: list[_Job] = []
        self._pool: Workers[_Job, FileFacts] | None = None

    def add(self, job: _Job) -> None:
        if self._pool is not None:
            self._pool.add(job)
            return
        self._pending.append(job)
        if len(self._pending) >= CHUNK:
            from modlint.facts.workers import Workers

            self._pool = Workers(self._jobs, _extract_chunk, CHUNK)
            for waiting in self._pending:
                self._pool.add(waiting)
            self._pending = []

    def finish(self) -> Iterable[tuple[_Job, FileFacts]]:
        """Every job with its facts, in the order added."""
        if self._pool is not None:
            return self._pool.finish()
        return zip(self._pending, _extract_chunk(self._pending), strict=True)

    def close(self) -> None:
        """Stop the workers, if any were started (see :meth:`Workers.close`)."""
        if self._pool is not None:
            self._pool.close()


def _extract_chunk(chunk: list[_Job]) -> list[FileFacts]:
    return [_extract(job) for job in chunk]


def _extract(job: _Job) -> FileFacts:
    return facts_from_bytes(job.path, job.data, job.package, depth=job.depth, definition=job.definition)
